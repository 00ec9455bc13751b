//! The timeline: what the simulation and the exercise did, minute by minute, each row labelled
//! as a decision, information, an inject or something else, so a reader can see decisions
//! alone (the HTML has a filter button per kind; the Markdown a column).

use super::*;

/// The kinds of timeline row, their ids (HTML `data-kind`) and labels.
pub const KINDS: [(&str, &str); 4] = [
    ("decision", "决策 decision"),
    ("information", "信息 information"),
    ("inject", "导调 inject"),
    ("other", "其他 other"),
];

/// The kind of a row by what it says: orders, refusals, levels and field posts are decisions;
/// reports information; injects and what the exercise scored, injects; the rest other.
fn kind_of(what: &str) -> &'static str {
    match what {
        "order" | "refused" | "level" | "field post" | "handover" => "decision",
        "report" | "late" => "information",
        "inject" | "inject (ad hoc)" | "met" | "missed" | "cancelled" | "re-timed" => "inject",
        _ => "other",
    }
}

fn label(kind: &str) -> &'static str {
    KINDS
        .iter()
        .find(|(id, _)| *id == kind)
        .map_or("其他 other", |(_, l)| l)
}

/// The timeline section.
pub(super) fn section(engine: &mut Engine) -> Section {
    let hq = engine.sim().county_hq();
    let mut timeline: Vec<(u32, u8, String, String)> = Vec::new();
    for e in engine.sim().events() {
        let row = match &e.kind {
            EventKind::EarthquakeStruck {
                hazard, magnitude, ..
            } => Some(("hazard", format!("{hazard} M{magnitude:.1} struck"))),
            EventKind::LevelDeclared { level, source, .. } => {
                Some(("level", format!("level {level} declared ({source})")))
            }
            EventKind::OrderIssued { source, order, .. } => {
                Some(("order", format!("{source}: {order}")))
            }
            EventKind::OrderRefused { order, reason } => {
                Some(("refused", format!("{order}: {reason}")))
            }
            EventKind::FieldPostSetUp {
                incident,
                commander,
                on_time,
            } => Some((
                "field post",
                format!(
                    "{incident} commander {commander}{}",
                    if *on_time { "" } else { " (late)" }
                ),
            )),
            EventKind::FieldPostHandedOver { incident, from, to } => {
                Some(("handover", format!("{incident} commander {from} → {to}")))
            }
            EventKind::ReportReceived {
                report,
                incident,
                by,
                from,
                ..
            } if *by == hq && *report == "initial" => {
                Some(("report", format!("{report} {incident} from {from}")))
            }
            EventKind::ReportLate {
                report,
                incident,
                late_min,
            } => Some(("late", format!("{report} {incident} late {late_min} min"))),
            EventKind::TeamActivated { team, cause } => {
                Some(("activated", format!("{team} ({cause})")))
            }
            _ => None,
        };
        if let Some((what, text)) = row {
            timeline.push((e.t, 1, what.into(), text));
        }
    }
    for entry in &engine.entries {
        let row = match &entry.kind {
            EntryKind::Delivered { id, to } => {
                let text = engine
                    .msel()
                    .and_then(|m| m.find(id).map(|i| m.exercise.injects[i].zh.clone()))
                    .unwrap_or_default();
                Some(("inject", format!("{id} → {to}: {text}")))
            }
            EntryKind::Inject { id, to, text } => {
                Some(("inject (ad hoc)", format!("{id} → {to}: {text}")))
            }
            EntryKind::Met {
                id,
                action,
                by_order,
            } => {
                // Early: the effect held before the inject arrived.
                let early = engine.msel().is_some_and(|m| {
                    m.find(id).is_some_and(|i| {
                        m.exercise.injects[i]
                            .expects
                            .iter()
                            .zip(&m.injects[i].expectations)
                            .any(|(e, s)| e.action() == *action && s.early)
                    })
                });
                let early = if early { " (early 提前)" } else { "" };
                Some(("met", format!("{id}: {action} ← {by_order}{early}")))
            }
            EntryKind::Missed { id, action } => Some(("missed", format!("{id}: {action}"))),
            EntryKind::Cancel { id } => Some(("cancelled", id.clone())),
            EntryKind::Retime { id, at } => Some(("re-timed", format!("{id} → T+{}", clock(*at)))),
            EntryKind::Rating {
                objective,
                rating,
                note,
            } => Some(("rating", format!("{objective} {rating} {note}"))),
            EntryKind::Note { text } => Some(("note", text.clone())),
            // Refusals by the simulation are in the event log (above); these are orders
            // refused as they were given (an exercise inject's order).
            EntryKind::Refused { order, by, reason } if !by.is_empty() => {
                Some(("refused", format!("{by}: {order}: {reason}")))
            }
            _ => None,
        };
        if let Some((what, text)) = row {
            timeline.push((entry.t, 0, what.into(), text));
        }
    }
    timeline.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let total = timeline.len();
    const MAX_ROWS: usize = 600;
    let mut paragraphs = Vec::new();
    if total > MAX_ROWS {
        paragraphs.push(format!("The first {MAX_ROWS} of {total} entries; the journal and `drillsim run --events` have them all."));
    }
    let kinds: Vec<&'static str> = timeline
        .iter()
        .take(MAX_ROWS)
        .map(|(_, _, what, _)| kind_of(what))
        .collect();
    let mut counts = String::new();
    for (id, name) in KINDS {
        let n = kinds.iter().filter(|k| **k == id).count();
        if n > 0 {
            let _ = write!(
                counts,
                "{}{name} {n}",
                if counts.is_empty() { "" } else { ", " }
            );
        }
    }
    paragraphs.push(format!("Rows by kind 各类条目: {counts}."));
    Section {
        heading: "时间线 / Timeline".into(),
        paragraphs,
        table: Some((
            vec![
                "time 时间".into(),
                "kind 类别".into(),
                "what".into(),
                "detail 内容".into(),
            ],
            timeline
                .into_iter()
                .take(MAX_ROWS)
                .map(|(t, _, what, text)| {
                    let kind = label(kind_of(&what)).to_string();
                    vec![format!("T+{}", clock(t)), kind, what, text]
                })
                .collect(),
        )),
        kinds,
        charts: Vec::new(),
    }
}
