//! The SVG charts of the HTML report: a KPI's histogram, mean curves over time, and the forest
//! plot of paired differences. Inline SVG, no scripts.

use std::fmt::Write as _;

use super::data::num;
use crate::eval::stats::Running;

pub(super) const PALETTE: [&str; 6] = [
    "#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#57606a",
];

pub(super) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub(super) fn nice_step(span: f64, ticks: f64) -> f64 {
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

pub(super) const W: f64 = 560.0;
pub(super) const H: f64 = 220.0;
pub(super) const LEFT: f64 = 56.0;
pub(super) const BOTTOM: f64 = 32.0;
pub(super) const TOP: f64 = 28.0;
pub(super) const RIGHT: f64 = 16.0;

/// Where `v`, in the range `lo..=hi`, lies across the plot area of a standard chart.
pub(super) fn plot_x(v: f64, lo: f64, hi: f64) -> f64 {
    LEFT + (v - lo) / (hi - lo) * (W - LEFT - RIGHT)
}

/// Where `v`, in the range `0..=y_max`, lies up the plot area of a standard chart.
pub(super) fn plot_y(v: f64, y_max: f64) -> f64 {
    H - BOTTOM - v / y_max * (H - BOTTOM - TOP)
}

/// Opens an SVG chart of class `chart {class}`, `width` × `height`, named `title` for screen
/// readers and tooltips and showing it as a heading that starts at `title_x`.
pub(super) fn chart_start(
    class: &str,
    width: f64,
    height: f64,
    title_x: f64,
    title: &str,
) -> String {
    let title = escape(title);
    format!(
        r#"<svg class="chart {class}" viewBox="0 0 {width} {height}" role="img" aria-label="{title}"><title>{title}</title><text x="{title_x}" y="18" class="title">{title}</text>"#
    )
}

/// A vertical line across the plot area at `x`, marking the KPI's `class` ("mean", "target")
/// with its `value` as tooltip; `extra` adds attributes (a dash pattern).
pub(super) fn marker_line(
    s: &mut String,
    class: &str,
    x: f64,
    color: &str,
    extra: &str,
    value: f64,
) {
    let _ = write!(
        s,
        r#"<line class="{class}" x1="{x:.1}" x2="{x:.1}" y1="{TOP}" y2="{:.1}" stroke="{color}" stroke-width="2"{extra}><title>{class} {}</title></line>"#,
        H - BOTTOM,
        num(value)
    );
}

/// A histogram of one KPI, with its target as a dashed line.
pub(super) fn svg_histogram(title: &str, running: &Running, target: Option<f64>) -> String {
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

pub(super) fn axes(s: &mut String, lo: f64, hi: f64, y_max: f64, y_label: &str) {
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
pub(super) fn svg_curves(title: &str, series: &[(String, Vec<f64>)]) -> String {
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
pub(super) fn svg_forest(title: &str, rows: &[(String, f64, f64, f64)]) -> String {
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
