//! What a report shows, whatever its format: its input, each KPI's statistics as table cells,
//! a batch's title and the line under it, and how numbers are written.

use crate::eval::compare::Comparison;
use crate::eval::summary::{BatchHeader, BatchSummary};
use crate::scenario::Targets;
use crate::sim::Kpi;

/// What a report is about.
pub enum ReportInput<'a> {
    Batch {
        header: &'a BatchHeader,
        summary: &'a BatchSummary,
    },
    Compare {
        scenario: &'a str,
        seed: u64,
        runs: u64,
        targets: &'a Targets,
        comparison: &'a Comparison,
    },
}

pub(super) fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e12 {
        format!("{v:.0}")
    } else if v.abs() >= 100.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.3}")
    }
}

/// One KPI's statistics over the replicates, formatted for a row of a statistics table.
pub(super) struct KpiCells {
    pub(super) n: u64,
    pub(super) mean: String,
    pub(super) ci_lo: String,
    pub(super) ci_hi: String,
    pub(super) p5: String,
    pub(super) median: String,
    pub(super) p95: String,
    pub(super) min: String,
    pub(super) max: String,
    /// The KPI's target, or empty where it has none.
    pub(super) target: String,
}

/// Each KPI's label with its formatted statistics, in contract order; `None` where no
/// replicate had a value (not modelled or not applicable).
pub(super) fn kpi_rows<'a>(
    summary: &'a BatchSummary,
    targets: &'a Targets,
) -> impl Iterator<Item = (&'static str, Option<KpiCells>)> + 'a {
    Kpi::ALL.into_iter().map(move |kpi| {
        let r = summary.stats.of(kpi);
        if r.n() == 0 {
            return (kpi.report_label(), None);
        }
        let half = r.ci95_half_width();
        let q = |p| r.quantile(p).map_or("—".into(), num);
        let cells = KpiCells {
            n: r.n(),
            mean: num(r.mean()),
            ci_lo: num(r.mean() - half),
            ci_hi: num(r.mean() + half),
            p5: q(0.05),
            median: q(0.5),
            p95: q(0.95),
            min: num(r.quantile(0.0).unwrap_or(0.0)),
            max: num(r.quantile(1.0).unwrap_or(0.0)),
            target: kpi.target(targets).map_or(String::new(), num),
        };
        (kpi.report_label(), Some(cells))
    })
}

pub(super) fn batch_title(header: &BatchHeader) -> String {
    format!("drillsim batch — {} · {}", header.scenario, header.plan)
}

/// The line under a batch report's title: replicates, seed and how many completed.
pub(super) fn batch_meta(header: &BatchHeader, summary: &BatchSummary) -> String {
    format!(
        "{} replicates · seed {} · {} completed",
        header.runs, header.seed, summary.completed
    )
}
