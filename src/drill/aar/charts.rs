//! The AAR's charts: trapped alive, the response level and teams committed over the drill, and
//! the information lag of each incident — series read from the simulation's event log, drawn
//! as inline SVG with axes and labels in Chinese and English.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::sim::{Event, EventKind};

use super::clock;

/// One chart: its id (the HTML anchor and class), title, the SVG, and a line of text saying
/// what it shows (the Markdown report has no pictures).
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub id: &'static str,
    pub title: String,
    pub svg: String,
    pub summary: String,
    /// How many samples it plots (one point or bar each).
    pub samples: usize,
}

/// Minutes between samples for a drill that ran `end` minutes: about 30 to 150 samples.
pub fn sample_step(end: u32) -> u32 {
    match end {
        0..=240 => 5,
        241..=720 => 10,
        721..=2880 => 30,
        _ => 60,
    }
}

/// The sample minutes: 0, step, 2·step, … and `end` itself.
pub fn sample_times(end: u32) -> Vec<u32> {
    let step = sample_step(end);
    let mut times: Vec<u32> = (0..=end).step_by(step as usize).collect();
    if times.last() != Some(&end) {
        times.push(end);
    }
    times
}

/// A value that changes at events, read at each sample minute (after that minute's events).
fn sampled(times: &[u32], changes: &[(u32, i64)], absolute: bool) -> Vec<f64> {
    let mut out = Vec::with_capacity(times.len());
    let mut value = 0i64;
    let mut next = 0;
    for &t in times {
        while let Some(&(at, v)) = changes.get(next).filter(|(at, _)| *at <= t) {
            let _ = at;
            value = if absolute { v } else { value + v };
            next += 1;
        }
        out.push(value as f64);
    }
    out
}

/// People trapped alive at each sample minute: trapped by hazards, less those who died or were
/// freed.
pub fn trapped_alive(events: &[Event], times: &[u32]) -> Vec<f64> {
    let changes: Vec<(u32, i64)> = events
        .iter()
        .filter_map(|e| {
            let delta = match &e.kind {
                EventKind::PlaceDamaged {
                    trapped_light,
                    trapped_heavy,
                    ..
                } => (*trapped_light + *trapped_heavy) as i64,
                EventKind::HazardStruck { trapped, .. } => *trapped as i64,
                EventKind::TrappedDied { n, .. } | EventKind::TrappedFreed { n, .. } => {
                    -(*n as i64)
                }
                _ => return None,
            };
            Some((e.t, delta))
        })
        .collect();
    sampled(times, &changes, false)
}

/// The response level in force at each sample minute, as a height: 0 none, 1 Ⅳ … 4 Ⅰ.
pub fn level_height(events: &[Event], times: &[u32]) -> Vec<f64> {
    let changes: Vec<(u32, i64)> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::LevelDeclared { level, .. } => {
                let h = match *level {
                    "Ⅰ" => 4,
                    "Ⅱ" => 3,
                    "Ⅲ" => 2,
                    "Ⅳ" => 1,
                    _ => 0,
                };
                Some((e.t, h))
            }
            _ => None,
        })
        .collect();
    sampled(times, &changes, true)
}

/// Teams committed (tasked to a rescue or a road, travelling or working) at each sample minute.
pub fn teams_committed(events: &[Event], times: &[u32]) -> Vec<f64> {
    let mut committed: BTreeMap<&str, bool> = BTreeMap::new();
    let mut changes: Vec<(u32, i64)> = Vec::new();
    for e in events {
        let (team, now) = match &e.kind {
            EventKind::TeamDispatched { team, task, .. } => {
                (team.as_str(), task.as_str() != "return to base")
            }
            EventKind::TeamResting { team, .. } | EventKind::TeamAvailable { team, .. } => {
                (team.as_str(), false)
            }
            _ => continue,
        };
        let was = committed.insert(team, now).unwrap_or(false);
        if was != now {
            changes.push((e.t, if now { 1 } else { -1 }));
        }
    }
    sampled(times, &changes, false)
}

/// Each incident's onset and when the county HQ first heard of it (`None`: not by the end),
/// in order of onset.
pub fn information_lag(events: &[Event], hq: &str) -> Vec<(String, u32, Option<u32>)> {
    let mut known: BTreeMap<&str, u32> = BTreeMap::new();
    for e in events {
        if let EventKind::ReportReceived { incident, by, .. } = &e.kind
            && by == hq
        {
            known.entry(incident.as_str()).or_insert(e.t);
        }
    }
    let mut out: Vec<(String, u32, Option<u32>)> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::IncidentOpened { incident, .. } => {
                Some((incident.clone(), e.t, known.get(incident.as_str()).copied()))
            }
            _ => None,
        })
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    out
}

const W: f64 = 640.0;
const H: f64 = 240.0;
const LEFT: f64 = 60.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 30.0;
const BOTTOM: f64 = 40.0;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A round step of about `span / ticks`.
fn nice_step(span: f64, ticks: f64) -> f64 {
    if span <= 0.0 || !span.is_finite() {
        return 1.0;
    }
    let raw = span / ticks;
    let magnitude = 10f64.powf(raw.log10().floor());
    let nice = match raw / magnitude {
        r if r < 1.5 => 1.0,
        r if r < 3.0 => 2.0,
        r if r < 7.0 => 5.0,
        _ => 10.0,
    };
    nice * magnitude
}

fn x_of(v: f64, hi: f64) -> f64 {
    LEFT + v / hi.max(1.0) * (W - LEFT - RIGHT)
}

fn y_of(v: f64, hi: f64) -> f64 {
    H - BOTTOM - v / hi.max(1e-9) * (H - BOTTOM - TOP)
}

/// The frame: title, both axes, y ticks (`labels` names them instead of numbers), x ticks in
/// T+HH:MM when `minutes`, and the axis names.
struct Frame<'a> {
    id: &'a str,
    title: &'a str,
    x_hi: f64,
    y_hi: f64,
    y_labels: Option<&'a [&'a str]>,
    x_label: &'a str,
    y_label: &'a str,
    minutes: bool,
}

fn frame(f: &Frame) -> String {
    let title = escape(f.title);
    let mut s = format!(
        r#"<svg class="chart {}" id="chart-{}" viewBox="0 0 {W} {H}" role="img" aria-label="{title}"><title>{title}</title><text x="{LEFT}" y="18" class="title">{title}</text>"#,
        f.id, f.id
    );
    let _ = write!(
        s,
        r##"<line x1="{LEFT}" x2="{0}" y1="{1}" y2="{1}" stroke="#888"/><line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{1}" stroke="#888"/>"##,
        W - RIGHT,
        H - BOTTOM
    );
    match f.y_labels {
        Some(labels) => {
            for (i, label) in labels.iter().enumerate() {
                let y = y_of(i as f64, f.y_hi);
                let _ = write!(
                    s,
                    r##"<text x="{:.1}" y="{:.1}" class="tick" text-anchor="end">{label}</text><line x1="{LEFT}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="#eee"/>"##,
                    LEFT - 6.0,
                    y + 4.0,
                    W - RIGHT
                );
            }
        }
        None => {
            let step = nice_step(f.y_hi, 4.0).max(1.0);
            let mut v = 0.0;
            while v <= f.y_hi + 1e-9 {
                let y = y_of(v, f.y_hi);
                let _ = write!(
                    s,
                    r##"<text x="{:.1}" y="{:.1}" class="tick" text-anchor="end">{v}</text><line x1="{LEFT}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="#eee"/>"##,
                    LEFT - 6.0,
                    y + 4.0,
                    W - RIGHT
                );
                v += step;
            }
        }
    }
    if f.minutes {
        let step = [15.0, 30.0, 60.0, 120.0, 360.0, 720.0, 1440.0]
            .into_iter()
            .find(|s| f.x_hi / s <= 8.0)
            .unwrap_or(2880.0);
        let mut v = 0.0;
        while v <= f.x_hi + 1e-9 {
            let _ = write!(
                s,
                r#"<text x="{:.1}" y="{:.1}" class="tick" text-anchor="middle">{}</text>"#,
                x_of(v, f.x_hi),
                H - BOTTOM + 15.0,
                clock(v as u32)
            );
            v += step;
        }
    }
    let _ = write!(
        s,
        r#"<text x="{:.1}" y="{:.1}" class="tick" text-anchor="end">{}</text>"#,
        W - RIGHT,
        H - 4.0,
        escape(f.x_label)
    );
    let _ = write!(
        s,
        r#"<text x="14" y="{0:.1}" class="tick" transform="rotate(-90 14 {0:.1})" text-anchor="middle">{1}</text>"#,
        (H - BOTTOM + TOP) / 2.0,
        escape(f.y_label)
    );
    s
}

/// A line over the drill's minutes with a marker per sample (`step`: the value holds until the
/// next sample, for levels and counts that change at once).
fn line_chart(
    id: &'static str,
    title: &str,
    y_label: &str,
    times: &[u32],
    values: &[f64],
    y_labels: Option<&[&str]>,
    step: bool,
) -> String {
    let x_hi = times.last().copied().unwrap_or(1).max(1) as f64;
    let y_hi = match y_labels {
        Some(labels) => (labels.len().max(2) - 1) as f64,
        None => nice_ceiling(values.iter().copied().fold(1.0, f64::max)),
    };
    let mut s = frame(&Frame {
        id,
        title,
        x_hi,
        y_hi,
        y_labels,
        x_label: "演练时间 drill time (T+)",
        y_label,
        minutes: true,
    });
    let mut points: Vec<String> = Vec::new();
    let mut markers = String::new();
    for (i, (t, v)) in times.iter().zip(values).enumerate() {
        let (x, y) = (x_of(*t as f64, x_hi), y_of(*v, y_hi));
        if step && i > 0 {
            points.push(format!("{x:.1},{:.1}", y_of(values[i - 1], y_hi)));
        }
        points.push(format!("{x:.1},{y:.1}"));
        let shown = match y_labels {
            Some(labels) => labels.get(*v as usize).copied().unwrap_or("?").to_string(),
            None => v.to_string(),
        };
        let _ = write!(
            markers,
            r##"<circle class="sample" cx="{x:.1}" cy="{y:.1}" r="2" fill="#1f6feb"><title>T+{} {shown}</title></circle>"##,
            clock(*t)
        );
    }
    let _ = write!(
        s,
        r##"<polyline class="series" fill="none" stroke="#1f6feb" stroke-width="2" points="{}"/>{markers}"##,
        points.join(" ")
    );
    s.push_str("</svg>");
    s
}

fn nice_ceiling(v: f64) -> f64 {
    let step = nice_step(v, 4.0).max(1.0);
    (v / step).ceil().max(1.0) * step
}

/// The four charts of a drill that ran to `end`; `hq` is the county HQ's node id.
pub fn charts(events: &[Event], end: u32, hq: &str) -> Vec<Chart> {
    let times = sample_times(end);
    let step = sample_step(end);
    let mut out = Vec::new();

    let trapped = trapped_alive(events, &times);
    let peak = trapped.iter().zip(&times).fold(
        (0.0, 0),
        |acc, (v, t)| if *v > acc.0 { (*v, *t) } else { acc },
    );
    out.push(Chart {
        id: "trapped",
        title: "被困存活人数 / Trapped alive".into(),
        svg: line_chart(
            "trapped",
            "被困存活人数 / Trapped alive",
            "人 people",
            &times,
            &trapped,
            None,
            false,
        ),
        summary: format!(
            "peak {} at T+{}; {} at the end (every {step} min). 峰值与结束时被困存活人数。",
            peak.0,
            clock(peak.1),
            trapped.last().copied().unwrap_or(0.0)
        ),
        samples: times.len(),
    });

    let levels = level_height(events, &times);
    const LEVELS: [&str; 5] = ["—", "Ⅳ", "Ⅲ", "Ⅱ", "Ⅰ"];
    let changes: Vec<String> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::LevelDeclared { level, source, .. } => {
                Some(format!("{level} T+{} ({source})", clock(e.t)))
            }
            _ => None,
        })
        .collect();
    out.push(Chart {
        id: "level",
        title: "响应级别 / Response level".into(),
        svg: line_chart(
            "level",
            "响应级别 / Response level",
            "级别 level",
            &times,
            &levels,
            Some(&LEVELS),
            true,
        ),
        summary: if changes.is_empty() {
            "no level declared. 未启动响应。".into()
        } else {
            format!("declared: {}. 启动响应。", changes.join(", "))
        },
        samples: times.len(),
    });

    let teams = teams_committed(events, &times);
    out.push(Chart {
        id: "teams",
        title: "投入队伍数 / Teams committed".into(),
        svg: line_chart(
            "teams",
            "投入队伍数 / Teams committed",
            "队 teams",
            &times,
            &teams,
            None,
            true,
        ),
        summary: format!(
            "at most {} teams tasked (travelling or working); {} at the end. 投入救援或抢通的队伍。",
            teams.iter().copied().fold(0.0, f64::max),
            teams.last().copied().unwrap_or(0.0)
        ),
        samples: times.len(),
    });

    let lags = information_lag(events, hq);
    out.push(lag_chart(&lags, end, hq));
    out
}

/// One bar per incident: minutes from its onset to the county HQ knowing of it (grey to the
/// end of the drill when it never did).
fn lag_chart(lags: &[(String, u32, Option<u32>)], end: u32, hq: &str) -> Chart {
    let title = "信息时滞 / Information lag".to_string();
    let minutes: Vec<(f64, bool)> = lags
        .iter()
        .map(|(_, onset, known)| match known {
            Some(k) => (k.saturating_sub(*onset) as f64, true),
            None => (end.saturating_sub(*onset) as f64, false),
        })
        .collect();
    let y_hi = nice_ceiling(minutes.iter().map(|m| m.0).fold(1.0, f64::max));
    let n = lags.len().max(1) as f64;
    let mut s = frame(&Frame {
        id: "lag",
        title: &title,
        x_hi: n,
        y_hi,
        y_labels: None,
        x_label: "事件（按发生时间）incidents by onset",
        y_label: "分钟 minutes",
        minutes: false,
    });
    let slot = (W - LEFT - RIGHT) / n;
    for (i, ((incident, onset, known), (m, ok))) in lags.iter().zip(&minutes).enumerate() {
        let y = y_of(*m, y_hi);
        let tip = match known {
            Some(k) => format!(
                "{incident}: onset T+{}, known T+{}, {m} min",
                clock(*onset),
                clock(*k)
            ),
            None => format!(
                "{incident}: onset T+{}, not known by the end 结束时仍未获知",
                clock(*onset)
            ),
        };
        let _ = write!(
            s,
            r##"<rect class="bar{}" x="{:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="{}"><title>{}</title></rect>"##,
            if *ok { "" } else { " unknown" },
            LEFT + slot * i as f64 + slot * 0.1,
            (slot * 0.8).max(1.0),
            (H - BOTTOM - y).max(if *ok { 0.0 } else { 1.0 }),
            if *ok { "#1f6feb" } else { "#bbb" },
            escape(&tip)
        );
    }
    if lags.len() <= 40 {
        for (i, (incident, _, _)) in lags.iter().enumerate() {
            let x = LEFT + slot * (i as f64 + 0.5);
            let y = H - BOTTOM + 6.0;
            let _ = write!(
                s,
                r#"<text x="{x:.1}" y="{y:.1}" class="note" text-anchor="end" transform="rotate(-35 {x:.1} {y:.1})">{}</text>"#,
                escape(incident.split('/').next().unwrap_or(incident))
            );
        }
    }
    if minutes.iter().any(|m| !m.1) {
        let _ = write!(
            s,
            r##"<rect x="{:.1}" y="{:.1}" width="10" height="10" fill="#bbb"/><text x="{:.1}" y="{:.1}" class="note" text-anchor="end">结束时仍未获知 not known by the end</text>"##,
            W - RIGHT - 10.0,
            TOP - 8.0,
            W - RIGHT - 14.0,
            TOP + 1.0
        );
    }
    if lags.is_empty() {
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" class="note" text-anchor="middle">无事件 no incidents</text>"#,
            (LEFT + W - RIGHT) / 2.0,
            (TOP + H - BOTTOM) / 2.0
        );
    }
    s.push_str("</svg>");
    let known: Vec<f64> = minutes.iter().filter(|m| m.1).map(|m| m.0).collect();
    let summary = if lags.is_empty() {
        "no incidents. 无事件。".into()
    } else {
        let mut sorted = known.clone();
        sorted.sort_by(f64::total_cmp);
        let median = sorted.get(sorted.len() / 2).copied();
        format!(
            "minutes from each incident's onset to the county HQ ({hq}) knowing of it: {} incidents, {} known by the end{}. 事件发生至县指挥部获知的时间。",
            lags.len(),
            known.len(),
            median.map_or(String::new(), |m| format!(", median lag {m} min"))
        )
    };
    Chart {
        id: "lag",
        title,
        svg: s,
        summary,
        samples: lags.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_cover_the_drill_and_end_at_its_end() {
        assert_eq!(sample_times(12), vec![0, 5, 10, 12]);
        assert_eq!(sample_times(120).len(), 25);
        assert_eq!(*sample_times(4320).last().unwrap(), 4320);
    }

    #[test]
    fn a_value_changes_after_the_events_of_its_minute() {
        let times = [0, 5, 10];
        assert_eq!(
            sampled(&times, &[(5, 3), (7, -1)], false),
            vec![0.0, 3.0, 2.0]
        );
        assert_eq!(
            sampled(&times, &[(1, 2), (6, 4)], true),
            vec![0.0, 2.0, 4.0]
        );
    }
}
