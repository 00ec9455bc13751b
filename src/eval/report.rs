//! Reports for planners: one self-contained HTML file with SVG charts (no scripts, no network),
//! or Markdown.
//!
//! A batch report shows each KPI's distribution with its target, the mean curves of trapped
//! people alive, injured waiting, hospitalised and dead over time, and the statistics table. A
//! comparison report adds the paired differences between plans with their 95 % intervals and
//! the verdicts.

use std::fmt::Write as _;

use super::compare::{Comparison, HEADLINE};
use super::stats::Running;
use super::summary::{BatchHeader, BatchSummary, CurveSums};
use crate::scenario::Targets as TargetsSpec;
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
        targets: &'a TargetsSpec,
        comparison: &'a Comparison,
    },
}

const PALETTE: [&str; 6] = [
    "#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#57606a",
];

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e12 {
        format!("{v:.0}")
    } else if v.abs() >= 100.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.3}")
    }
}

/// A "nice" tick step for a range.
fn nice_step(span: f64, ticks: f64) -> f64 {
    if span <= 0.0 || !span.is_finite() {
        return 1.0;
    }
    let raw = span / ticks;
    let magnitude = 10f64.powf(raw.log10().floor());
    let residual = raw / magnitude;
    let nice = if residual < 1.5 {
        1.0
    } else if residual < 3.0 {
        2.0
    } else if residual < 7.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

const W: f64 = 560.0;
const H: f64 = 220.0;
const LEFT: f64 = 56.0;
const BOTTOM: f64 = 32.0;
const TOP: f64 = 28.0;
const RIGHT: f64 = 16.0;

/// Where `v`, in the range `lo..=hi`, lies across the plot area of a standard chart.
fn plot_x(v: f64, lo: f64, hi: f64) -> f64 {
    LEFT + (v - lo) / (hi - lo) * (W - LEFT - RIGHT)
}

/// Where `v`, in the range `0..=y_max`, lies up the plot area of a standard chart.
fn plot_y(v: f64, y_max: f64) -> f64 {
    H - BOTTOM - v / y_max * (H - BOTTOM - TOP)
}

/// Opens an SVG chart of class `chart {class}`, `width` × `height`, named `title` for screen
/// readers and tooltips and showing it as a heading that starts at `title_x`.
fn chart_start(class: &str, width: f64, height: f64, title_x: f64, title: &str) -> String {
    let title = escape(title);
    format!(
        r#"<svg class="chart {class}" viewBox="0 0 {width} {height}" role="img" aria-label="{title}"><title>{title}</title><text x="{title_x}" y="18" class="title">{title}</text>"#
    )
}

/// A vertical line across the plot area at `x`, marking the KPI's `class` ("mean", "target")
/// with its `value` as tooltip; `extra` adds attributes (a dash pattern).
fn marker_line(s: &mut String, class: &str, x: f64, color: &str, extra: &str, value: f64) {
    let _ = write!(
        s,
        r#"<line class="{class}" x1="{x:.1}" x2="{x:.1}" y1="{TOP}" y2="{:.1}" stroke="{color}" stroke-width="2"{extra}><title>{class} {}</title></line>"#,
        H - BOTTOM,
        num(value)
    );
}

/// A histogram of one KPI, with its target as a dashed line.
fn svg_histogram(title: &str, running: &Running, target: Option<f64>) -> String {
    let bins = running.histogram(20);
    let mut lo = bins.first().map_or(0.0, |b| b.0);
    let mut hi = bins.last().map_or(1.0, |b| b.1);
    if let Some(t) = target {
        lo = lo.min(t);
        hi = hi.max(t);
    }
    if hi <= lo {
        hi = lo + 1.0;
        lo -= 1.0;
    }
    let max_count = bins.iter().map(|b| b.2).max().unwrap_or(1).max(1) as f64;
    let x = |v: f64| plot_x(v, lo, hi);
    let y = |c: f64| plot_y(c, max_count);
    let mut s = chart_start("histogram", W, H, LEFT, title);
    axes(&mut s, lo, hi, max_count, "replicates");
    for (a, b, count) in &bins {
        // A single value (every replicate equal) still gets a visible bar.
        let (x0, x1) = if b > a {
            (x(*a), x(*b))
        } else {
            (x(*a) - 8.0, x(*a) + 8.0)
        };
        let _ = write!(
            s,
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}"><title>{} – {}: {count}</title></rect>"#,
            x0 + 0.5,
            y(*count as f64),
            (x1 - x0 - 1.0).max(1.0),
            H - BOTTOM - y(*count as f64),
            PALETTE[0],
            num(*a),
            num(*b)
        );
    }
    let mean = running.mean();
    marker_line(&mut s, "mean", x(mean), PALETTE[5], "", mean);
    if let Some(t) = target {
        marker_line(
            &mut s,
            "target",
            x(t),
            PALETTE[1],
            r#" stroke-dasharray="6 4""#,
            t,
        );
        // Near the right edge the label ends at the line instead of starting there.
        let (text_x, anchor) = if x(t) > W - 120.0 {
            (x(t) - 4.0, "end")
        } else {
            (x(t) + 4.0, "start")
        };
        let _ = write!(
            s,
            r#"<text x="{text_x:.1}" y="{}" class="note" fill="{}" text-anchor="{anchor}">target {}</text>"#,
            TOP + 10.0,
            PALETTE[1],
            num(t)
        );
    }
    s.push_str("</svg>");
    s
}

fn axes(s: &mut String, lo: f64, hi: f64, y_max: f64, y_label: &str) {
    let x = |v: f64| plot_x(v, lo, hi);
    let y = |c: f64| plot_y(c, y_max);
    let _ = write!(
        s,
        r##"<line x1="{LEFT}" x2="{:.1}" y1="{1:.1}" y2="{1:.1}" stroke="#888"/>"##,
        W - RIGHT,
        H - BOTTOM
    );
    let _ = write!(
        s,
        r##"<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{:.1}" stroke="#888"/>"##,
        H - BOTTOM
    );
    let step = nice_step(hi - lo, 6.0);
    let mut v = (lo / step).ceil() * step;
    while v <= hi + step * 1e-9 {
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" class="tick" text-anchor="middle">{}</text>"#,
            x(v),
            H - BOTTOM + 16.0,
            num(v)
        );
        v += step;
    }
    let step = nice_step(y_max, 4.0);
    let mut c = 0.0;
    while c <= y_max + step * 1e-9 {
        let _ = write!(
            s,
            r##"<text x="{0:.1}" y="{1:.1}" class="tick" text-anchor="end">{3}</text><line x1="{LEFT}" x2="{4:.1}" y1="{2:.1}" y2="{2:.1}" stroke="#eee"/>"##,
            LEFT - 6.0,
            y(c) + 4.0,
            y(c),
            num(c),
            W - RIGHT
        );
        c += step;
    }
    let _ = write!(
        s,
        r#"<text x="12" y="{:.1}" class="tick" transform="rotate(-90 12 {0:.1})" text-anchor="middle">{y_label}</text>"#,
        (H - BOTTOM + TOP) / 2.0
    );
}

/// Mean curves over hours.
fn svg_curves(title: &str, series: &[(String, Vec<f64>)]) -> String {
    let hours = series.iter().map(|(_, v)| v.len()).max().unwrap_or(0);
    let y_max = series
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .fold(1.0, f64::max)
        * 1.05;
    let hi = (hours.max(2) - 1) as f64;
    let x = |h: f64| plot_x(h, 0.0, hi);
    let y = |v: f64| plot_y(v, y_max);
    let mut s = chart_start("curves", W, H, LEFT, title);
    axes(&mut s, 0.0, hi, y_max, "people (mean)");
    let _ = write!(
        s,
        r#"<text x="{:.1}" y="{:.1}" class="tick" text-anchor="end">hours after the start</text>"#,
        W - RIGHT,
        H - 2.0
    );
    for (i, (name, values)) in series.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let points: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(h, v)| format!("{:.1},{:.1}", x(h as f64), y(*v)))
            .collect();
        let _ = write!(
            s,
            r#"<polyline class="series" fill="none" stroke="{color}" stroke-width="2" points="{}"><title>{}</title></polyline>"#,
            points.join(" "),
            escape(name)
        );
        // Key at the top right, the name ending at its swatch, so a long plan name grows
        // into the plot rather than past the edge.
        let _ = write!(
            s,
            r#"<rect x="{:.1}" y="{:.1}" width="10" height="10" fill="{color}"/><text x="{:.1}" y="{:.1}" class="note" text-anchor="end">{}</text>"#,
            W - RIGHT - 10.0,
            TOP + 4.0 + 14.0 * i as f64,
            W - RIGHT - 14.0,
            TOP + 13.0 + 14.0 * i as f64,
            escape(name)
        );
    }
    s.push_str("</svg>");
    s
}

/// Paired differences with their 95 % intervals, one row per KPI, on a common axis of percent
/// change from the baseline's mean.
fn svg_forest(title: &str, rows: &[(String, f64, f64, f64)]) -> String {
    let row_h = 26.0;
    let height = TOP + 40.0 + row_h * rows.len() as f64 + BOTTOM;
    let left = 250.0;
    let right = 150.0;
    let span = rows
        .iter()
        .flat_map(|r| [r.1.abs(), r.2.abs(), r.3.abs()])
        .fold(10.0_f64, f64::max)
        .min(500.0)
        * 1.1;
    let x = |v: f64| left + (v.clamp(-span, span) + span) / (2.0 * span) * (W * 1.4 - left - right);
    let width = W * 1.4;
    let mut s = chart_start("forest", width, height, 8.0, title);
    let step = nice_step(2.0 * span, 8.0);
    let mut v = (-span / step).ceil() * step;
    let axis_y = height - BOTTOM + 6.0;
    while v <= span {
        let _ = write!(
            s,
            r##"<line x1="{0:.1}" x2="{0:.1}" y1="{1:.1}" y2="{2:.1}" stroke="{3}"/><text x="{0:.1}" y="{4:.1}" class="tick" text-anchor="middle">{5}%</text>"##,
            x(v),
            TOP + 10.0,
            axis_y - 6.0,
            if v == 0.0 { "#888" } else { "#eee" },
            axis_y + 8.0,
            num(v)
        );
        v += step;
    }
    for (i, (name, mean, lo, hi)) in rows.iter().enumerate() {
        let cy = TOP + 30.0 + row_h * i as f64;
        let significant = *lo > 0.0 || *hi < 0.0;
        let color = if significant { PALETTE[0] } else { PALETTE[5] };
        let _ = write!(
            s,
            r#"<text x="8" y="{:.1}" class="tick">{}</text>"#,
            cy + 4.0,
            escape(name)
        );
        let _ = write!(
            s,
            r#"<line class="interval" x1="{:.1}" x2="{:.1}" y1="{cy:.1}" y2="{cy:.1}" stroke="{color}" stroke-width="3"><title>95 % CI {}% to {}%</title></line>"#,
            x(*lo),
            x(*hi).max(x(*lo) + 1.0),
            num(*lo),
            num(*hi)
        );
        let _ = write!(
            s,
            r#"<circle cx="{:.1}" cy="{cy:.1}" r="5" fill="{color}"><title>mean change {}%</title></circle>"#,
            x(*mean),
            num(*mean)
        );
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" class="tick" text-anchor="end">{:+.1}% [{:+.1}, {:+.1}]</text>"#,
            width - 8.0,
            cy + 4.0,
            mean,
            lo,
            hi
        );
    }
    s.push_str("</svg>");
    s
}

const STYLE: &str = "body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#1f2328}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:1em}
svg.chart{width:100%;height:auto;background:#fff;border:1px solid #e5e5e5;border-radius:6px}
svg .title{font-size:13px;font-weight:600}svg .tick{font-size:10px;fill:#555}svg .note{font-size:10px}
table{border-collapse:collapse;font-size:.9em}td,th{padding:.25em .6em;border-bottom:1px solid #eee;text-align:right}
td:first-child,th:first-child{text-align:left}.verdicts li{margin:.3em 0}.meta{color:#555}";

/// One KPI's statistics over the replicates, formatted for a row of a statistics table.
struct KpiCells {
    n: u64,
    mean: String,
    ci_lo: String,
    ci_hi: String,
    p5: String,
    median: String,
    p95: String,
    min: String,
    max: String,
    /// The KPI's target, or empty where it has none.
    target: String,
}

/// Each KPI's label with its formatted statistics, in contract order; `None` where no
/// replicate had a value (not modelled or not applicable).
fn kpi_rows<'a>(
    summary: &'a BatchSummary,
    targets: &'a TargetsSpec,
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

fn stats_table_html(summary: &BatchSummary, targets: &TargetsSpec) -> String {
    let mut s = String::from(
        "<table class=\"stats\"><tr><th>KPI</th><th>n</th><th>mean</th><th>95 % CI</th><th>p5</th><th>median</th><th>p95</th><th>min</th><th>max</th><th>target</th></tr>",
    );
    for (label, cells) in kpi_rows(summary, targets) {
        let Some(c) = cells else {
            let _ = write!(
                s,
                "<tr><td>{}</td><td>0</td><td colspan=\"8\">null: not modelled or not applicable</td></tr>",
                escape(label)
            );
            continue;
        };
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} – {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(label),
            c.n,
            c.mean,
            c.ci_lo,
            c.ci_hi,
            c.p5,
            c.median,
            c.p95,
            c.min,
            c.max,
            c.target
        );
    }
    s.push_str("</table>");
    s
}

fn curve_series(curves: &CurveSums) -> Vec<(String, Vec<f64>)> {
    vec![
        ("trapped alive 被困存活".to_string(), curves.mean(1)),
        ("injured waiting 待转运伤员".to_string(), curves.mean(2)),
        ("hospitalised 住院".to_string(), curves.mean(3)),
        ("dead 死亡".to_string(), curves.mean(4)),
    ]
}

fn distributions_html(summary: &BatchSummary, targets: &TargetsSpec) -> String {
    let mut s = String::from("<div class=\"grid\">");
    for kpi in Kpi::ALL {
        let r = summary.stats.of(kpi);
        if r.n() == 0 {
            continue;
        }
        s.push_str(&svg_histogram(kpi.report_label(), r, kpi.target(targets)));
    }
    s.push_str("</div>");
    s
}

/// A batch report's title: the scenario and the plan.
fn batch_title(header: &BatchHeader) -> String {
    format!("drillsim batch — {} · {}", header.scenario, header.plan)
}

/// The line under a batch report's title: replicates, seed and how many completed.
fn batch_meta(header: &BatchHeader, summary: &BatchSummary) -> String {
    format!(
        "{} replicates · seed {} · {} completed",
        header.runs, header.seed, summary.completed
    )
}

fn page(title: &str, meta: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{}</title><style>{STYLE}</style></head><body><h1>{}</h1><p class=\"meta\">{}</p>{body}<p class=\"meta\">Generated by drillsim {}. Same scenario, seed and plan give the same report.</p></body></html>\n",
        escape(title),
        escape(title),
        escape(meta),
        env!("CARGO_PKG_VERSION")
    )
}

/// The HTML report.
pub fn html(input: &ReportInput) -> String {
    match input {
        ReportInput::Batch { header, summary } => {
            let mut body = String::new();
            let _ = write!(
                body,
                "<h2>Over time 随时间变化</h2><div class=\"grid\">{}</div>",
                svg_curves("Mean over replicates", &curve_series(&summary.curves))
            );
            let _ = write!(
                body,
                "<h2>Distributions 分布</h2>{}",
                distributions_html(summary, &header.targets)
            );
            let _ = write!(
                body,
                "<h2>Statistics 统计</h2>{}",
                stats_table_html(summary, &header.targets)
            );
            if !summary.failures.is_empty() {
                let _ = write!(body, "<h2>Failed replicates</h2><ul>");
                for f in &summary.failures {
                    let _ = write!(
                        body,
                        "<li>replicate {}: {}</li>",
                        f.replicate,
                        escape(&f.message)
                    );
                }
                body.push_str("</ul>");
            }
            page(&batch_title(header), &batch_meta(header, summary), &body)
        }
        ReportInput::Compare {
            scenario,
            seed,
            runs,
            targets,
            comparison,
        } => {
            let mut body = String::from("<h2>Verdicts 结论</h2><ul class=\"verdicts\">");
            for line in comparison.verdicts() {
                let _ = write!(body, "<li>{}</li>", escape(&line));
            }
            body.push_str("</ul>");
            for (p, diff) in comparison.diffs.iter().enumerate() {
                // Headline KPIs first, then the rest in contract order.
                let order = HEADLINE.iter().map(|h| h.kpi).chain(
                    Kpi::ALL
                        .into_iter()
                        .filter(|k| !HEADLINE.iter().any(|h| h.kpi == *k)),
                );
                let rows: Vec<(String, f64, f64, f64)> = order
                    .filter_map(|kpi| {
                        let i = kpi.index();
                        let d = &diff[i];
                        let base = comparison.per_plan[0].stats.running(i).mean();
                        (d.n() > 0 && base.abs() > 1e-12).then(|| {
                            let half = d.ci95_half_width();
                            let pct = |v: f64| v / base.abs() * 100.0;
                            (
                                kpi.report_label().to_string(),
                                pct(d.mean()),
                                pct(d.mean() - half),
                                pct(d.mean() + half),
                            )
                        })
                    })
                    .collect();
                let _ = write!(
                    body,
                    "<h2>{} − {} (paired, same disasters) 方案差异</h2>{}",
                    escape(&comparison.plans[p + 1]),
                    escape(&comparison.plans[0]),
                    svg_forest(
                        "Change from the baseline's mean, with 95 % interval (paired)",
                        &rows
                    )
                );
            }
            let series: Vec<(String, Vec<f64>)> = comparison
                .plans
                .iter()
                .zip(&comparison.per_plan)
                .map(|(name, s)| (format!("{name}: trapped alive"), s.curves.mean(1)))
                .collect();
            let _ = write!(
                body,
                "<h2>Trapped people alive over time 被困存活人数</h2><div class=\"grid\">{}</div>",
                svg_curves("Mean over replicates", &series)
            );
            for (name, summary) in comparison.plans.iter().zip(&comparison.per_plan) {
                let _ = write!(
                    body,
                    "<h2>Plan {} 方案</h2>{}{}",
                    escape(name),
                    distributions_html(summary, targets),
                    stats_table_html(summary, targets)
                );
            }
            page(
                &format!("drillsim compare — {scenario}"),
                &format!(
                    "{runs} replicates · seed {seed} · every plan faces the same disasters (common random numbers)"
                ),
                &body,
            )
        }
    }
}

fn stats_table_md(summary: &BatchSummary, targets: &TargetsSpec) -> String {
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
