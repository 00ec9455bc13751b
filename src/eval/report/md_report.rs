//! The Markdown report, and text made inert in Markdown.

use std::fmt::Write as _;

use super::data::{ReportInput, batch_meta, batch_title, kpi_rows};
use crate::eval::summary::{BatchSummary, CurveSums};
use crate::scenario::Targets;

fn stats_table_md(summary: &BatchSummary, targets: &Targets) -> String {
    let mut s = String::from(
        "| KPI | n | mean | 95 % CI | p5 | median | p95 | target |\n|---|---:|---:|---|---:|---:|---:|---:|\n",
    );
    for (label, cells) in kpi_rows(summary, targets) {
        let Some(c) = cells else {
            let _ = writeln!(s, "| {label} | 0 | null | | | | | |");
            continue;
        };
        let _ = writeln!(
            s,
            "| {label} | {} | {} | {} – {} | {} | {} | {} | {} |",
            c.n, c.mean, c.ci_lo, c.ci_hi, c.p5, c.median, c.p95, c.target
        );
    }
    s
}

fn curves_md(curves: &CurveSums) -> String {
    let mut s = String::from(
        "| hour | trapped alive | injured waiting | hospitalised | dead |\n|---:|---:|---:|---:|---:|\n",
    );
    let series = [
        curves.mean(1),
        curves.mean(2),
        curves.mean(3),
        curves.mean(4),
    ];
    for h in (0..curves.hours.len()).step_by(6) {
        let _ = writeln!(
            s,
            "| {h} | {:.1} | {:.1} | {:.1} | {:.1} |",
            series[0][h], series[1][h], series[2][h], series[3][h]
        );
    }
    s
}

/// Text from scenario files, orders or people made inert in Markdown: renderers pass raw HTML
/// through, so `<`, `>` and `&` become entities (they read the same once rendered).
pub fn md_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The Markdown report.
pub fn markdown(input: &ReportInput) -> String {
    match input {
        ReportInput::Batch { header, summary } => format!(
            "# {}\n\n{}\n\n## Statistics\n\n{}\n## Over time (mean over replicates, every 6 h)\n\n{}",
            md_text(&batch_title(header)),
            md_text(&batch_meta(header, summary)),
            stats_table_md(summary, &header.targets),
            curves_md(&summary.curves)
        ),
        ReportInput::Compare {
            scenario,
            seed,
            runs,
            targets,
            comparison,
        } => {
            let mut s = format!(
                "# drillsim compare — {}\n\n{runs} replicates · seed {seed} · every plan faces the same disasters\n\n## Verdicts\n\n",
                md_text(scenario)
            );
            for line in comparison.verdicts() {
                let _ = writeln!(s, "- {}", md_text(&line));
            }
            for (name, summary) in comparison.plans.iter().zip(&comparison.per_plan) {
                let _ = write!(
                    s,
                    "\n## Plan {}\n\n{}",
                    md_text(name),
                    stats_table_md(summary, targets)
                );
            }
            s
        }
    }
}
