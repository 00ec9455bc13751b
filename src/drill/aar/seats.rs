//! The seats people played: each one's decisions (orders and their fate), the information it
//! received and shared, its ratings — and what the plan's doctrine would have achieved in its
//! place from the same start.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::*;
use crate::drill::engine::Setup;
use crate::drill::journal::Entry;
use crate::sim::Event;

/// One order a seat gave and what became of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub t: u32,
    pub order: String,
    /// `carried out T+…`, `refused: reason`, `on its way at the end`.
    pub fate: String,
}

/// Who played the drill: the seat of the drill's role (when it is not the controller) and every
/// seat that gave an order, in order of first appearance.
pub fn played_seats(role: &str, entries: &[Entry]) -> Vec<String> {
    let mut seats: Vec<String> = Vec::new();
    if role != "controller" && role != crate::drill::engine::EVALUATOR {
        seats.push(role.to_string());
    }
    for entry in entries {
        if let EntryKind::Order { by, .. } = &entry.kind
            && !seats.contains(by)
        {
            seats.push(by.clone());
        }
    }
    seats
}

/// The orders `seat` gave, each with its fate as of minute `end`.
pub fn decisions(entries: &[Entry], events: &[Event], seat: &str, end: u32) -> Vec<Decision> {
    let mut out = Vec::new();
    for entry in entries {
        let EntryKind::Order { text, by } = &entry.kind else {
            continue;
        };
        if by != seat {
            continue;
        }
        if let Some(fate) = request_fate(events, entry.t, seat, text) {
            out.push(Decision {
                t: entry.t,
                order: text.clone(),
                fate,
            });
            continue;
        }
        let refused_at_once = entries.iter().find_map(|e| match &e.kind {
            EntryKind::Refused { order, by, reason }
                if e.t == entry.t && by == seat && order == text =>
            {
                Some(reason.clone())
            }
            _ => None,
        });
        let issued = events.iter().find_map(|e| match &e.kind {
            EventKind::OrderIssued {
                source,
                order,
                latency_min,
                ..
            } if e.t == entry.t && *source == seat && order == text => Some(e.t + latency_min),
            _ => None,
        });
        // Information (share, sizeup, sitrep) is sent at once, never issued as an order; a
        // refusal of one the controller sent is logged as it was given.
        let information = crate::sim::order::parse_order(text).is_ok_and(|o| o.is_information());
        let refused_when_sent = || {
            events.iter().find_map(|e| match &e.kind {
                EventKind::OrderRefused { order, reason } if e.t == entry.t && order == text => {
                    Some(reason.to_string())
                }
                _ => None,
            })
        };
        let fate = match (refused_at_once, issued) {
            (Some(reason), _) => format!("refused 未执行: {reason}"),
            (None, None) if information => match refused_when_sent() {
                Some(reason) => format!("refused 未执行: {reason}"),
                None => format!("sent 已发送 T+{}", clock(entry.t)),
            },
            (None, None) => "not given 未下达".into(),
            (None, Some(arrives)) if arrives >= end => {
                "on its way at the end 结束时仍在传达".into()
            }
            (None, Some(arrives)) => {
                let refused = events.iter().find_map(|e| match &e.kind {
                    EventKind::OrderRefused { order, reason }
                        if order == text && e.t >= arrives && e.t <= arrives + 1 =>
                    {
                        Some(reason.clone())
                    }
                    _ => None,
                });
                match refused {
                    Some(reason) => format!("refused 未执行 T+{}: {reason}", clock(arrives)),
                    None => format!("carried out 已执行 T+{}", clock(arrives)),
                }
            }
        };
        out.push(Decision {
            t: entry.t,
            order: text.clone(),
            fate,
        });
    }
    out
}

/// What became of a `request ORDER` the seat sent at minute `t`: answered (granted or refused
/// by the seat asked, and when) or still unanswered. `None`: not a request that was sent (an
/// order within the seat's authority is simply given, and read as an order).
fn request_fate(events: &[Event], t: u32, seat: &str, text: &str) -> Option<String> {
    let (body, _) = crate::drill::line::request_body(text)?;
    let to = events.iter().find_map(|e| match &e.kind {
        EventKind::RequestSent { by, to, order, .. } if e.t == t && by == seat && order == body => {
            Some(to.clone())
        }
        _ => None,
    })?;
    let answer = events.iter().find_map(|e| match &e.kind {
        EventKind::RequestAnswered {
            to: asker,
            by,
            order,
            granted,
            reason,
        } if e.t > t && asker == seat && order == body && *by == to => {
            Some((e.t, *granted, reason.clone()))
        }
        _ => None,
    });
    Some(match answer {
        Some((at, true, _)) => format!("granted by {to} 已获批准 T+{}", clock(at)),
        Some((at, false, reason)) => {
            format!("refused by {to} 未获批准 T+{}: {reason}", clock(at))
        }
        None => format!("asked of {to}, unanswered at the end 结束时未获答复"),
    })
}

/// The KPIs of this drill re-run from the same start and seed with `seat`'s orders left out and
/// the plan's doctrine in its place; everything else (the exercise's injects and their orders,
/// other seats' orders) as played. `Err` says why it could not be run.
pub fn doctrine_in_seat(
    engine: &Engine,
    header: &Header,
    original: &Scenario,
    seat: &str,
    end: u32,
) -> Result<Kpis, String> {
    let lang = Lang::parse(&header.lang).unwrap_or(Lang::Zh);
    // The seat goes back to the doctrine; the drill's own role keeps what it took over. The
    // re-run plays no seat when the seat is the drill's own (`Engine::new` would mark it played
    // and the doctrine would leave its teams alone): the controller replays the other inputs.
    let (scenario, role) = if seat == header.role {
        (original.clone(), "controller".to_string())
    } else {
        (
            crate::drill::engine::drill_scenario(original.clone(), &header.role),
            header.role.clone(),
        )
    };
    let exercise = engine.msel().map(|m| {
        let mut exercise = m.exercise.clone();
        // Ad-hoc injects come back from the journal as it is replayed.
        exercise.injects.retain(|i| !i.ad_hoc);
        exercise
    });
    let mut rerun = Engine::new(
        Setup {
            scenario: Arc::new(scenario),
            seed: header.seed,
            role,
            lang,
            exercise,
        },
        None,
    )?;
    let inputs: Vec<Entry> = engine
        .entries
        .iter()
        .filter(|e| e.kind.is_input())
        .filter(|e| !matches!(&e.kind, EntryKind::Order { by, .. } if by == seat))
        .cloned()
        .collect();
    rerun
        .replay(&inputs, end)
        .map_err(|(_, e)| format!("the re-run stopped: {e}"))?;
    Ok(rerun.sim().outcome().kpis)
}

/// The section of one played seat, or `None` when it did nothing a report could show.
pub fn section(engine: &mut Engine, seat: &str, played: &[String], end: u32) -> Option<Section> {
    let entries = engine.entries.clone();
    let decisions = decisions(&entries, engine.sim().events(), seat, end);
    let role = engine.sim().role(seat).ok();
    let node = match role {
        Some(crate::sim::command::Role::Node(_)) => role,
        _ => None,
    };
    let view = node.map(|r| engine.sim().observe(r));
    let node_id = view.as_ref().map(|v| v.role.clone());
    // Information received: reports in the node's inbox, injects addressed to the seat.
    let inbox = view.map(|v| v.inbox).unwrap_or_default();
    let (msel_injects, objectives_of_seat) = match engine.msel() {
        Some(m) => {
            let mut injects = Vec::new();
            let mut objectives = Vec::new();
            for (inject, state) in m.exercise.injects.iter().zip(&m.injects) {
                let to_seat =
                    inject.to == seat || (seat == "controller" && !played.contains(&inject.to));
                if inject.to == seat
                    && let InjectStatus::Delivered(at) = state.status
                {
                    injects.push((
                        at,
                        format!("T+{} {} ({})", clock(at), inject.id, inject.from),
                    ));
                }
                if to_seat && let Some(o) = inject.objective {
                    let id = m.exercise.objectives[o].id.clone();
                    if !objectives.contains(&id) {
                        objectives.push(id);
                    }
                }
            }
            injects.sort_by_key(|(at, _)| *at);
            (
                injects.into_iter().map(|(_, text)| text).collect(),
                objectives,
            )
        }
        None => (Vec::<String>::new(), Vec::new()),
    };
    // Information shared: reports the seat's node sent, ad-hoc injects the controller wrote.
    let mut shared: BTreeMap<String, u32> = BTreeMap::new();
    if let Some(id) = &node_id {
        for e in engine.sim().events() {
            if let EventKind::ReportSent {
                report, from, to, ..
            } = &e.kind
                && from == id
            {
                *shared.entry(format!("{report} → {to}")).or_default() += 1;
            }
        }
    }
    if seat == "controller" {
        for entry in &engine.entries {
            if let EntryKind::Inject { to, .. } = &entry.kind {
                *shared.entry(format!("ad-hoc inject → {to}")).or_default() += 1;
            }
        }
    }
    let ratings: Vec<Vec<String>> = engine
        .ratings()
        .iter()
        .filter(|r| objectives_of_seat.contains(&r.objective))
        .map(|r| {
            vec![
                format!("T+{}", clock(r.t)),
                "rating 评定".into(),
                format!("{} {}", r.objective, r.rating),
                r.note.clone(),
            ]
        })
        .collect();
    // The technical leads' advice to the seat (whether it was heeded is the evaluator's call).
    let advice: Vec<_> = match &node_id {
        Some(id) => engine
            .sim()
            .technical_advice()
            .into_iter()
            .filter(|a| &a.seat == id)
            .collect(),
        None => Vec::new(),
    };
    let person_sat = seat != "controller";
    let did_something = !decisions.is_empty()
        || (person_sat && (!inbox.is_empty() || !msel_injects.is_empty() || !advice.is_empty()));
    if !did_something {
        return None;
    }

    let mut paragraphs = Vec::new();
    let refused = decisions
        .iter()
        .filter(|d| d.fate.starts_with("refused"))
        .count();
    paragraphs.push(format!(
        "- Decisions 决策: {} order(s), {} carried out, {refused} refused.",
        decisions.len(),
        decisions
            .iter()
            .filter(|d| d.fate.starts_with("carried out"))
            .count()
    ));
    let mut by_kind: BTreeMap<&str, u32> = BTreeMap::new();
    for r in &inbox {
        *by_kind.entry(r.report).or_default() += 1;
    }
    let received = if by_kind.is_empty() {
        "no reports".to_string()
    } else {
        by_kind
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    paragraphs.push(format!(
        "- Information received 收到信息: {received}; {} inject(s){}.",
        msel_injects.len(),
        if msel_injects.is_empty() {
            String::new()
        } else {
            format!(": {}", msel_injects.join("; "))
        }
    ));
    paragraphs.push(format!(
        "- Information shared 报送/共享: {}.",
        if shared.is_empty() {
            "nothing".to_string()
        } else {
            shared
                .iter()
                .map(|(k, n)| format!("{n} × {k}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    ));
    if !advice.is_empty() {
        paragraphs.push(format!(
            "- Technical advice received 技术组建议: {} (heeded or not is for the evaluator 是否采纳由评估人员判断).",
            advice.len()
        ));
    }
    if seat == "controller" {
        paragraphs.push(
            "- The controller's orders were given with the county HQ's authority, for the seats nobody played; its ratings are of the objectives of those seats' injects. 导调人员代行未设席位的指挥职责。"
                .into(),
        );
    }
    let mut rows: Vec<Vec<String>> = decisions
        .iter()
        .map(|d| {
            vec![
                format!("T+{}", clock(d.t)),
                "order 命令".into(),
                d.order.clone(),
                d.fate.clone(),
            ]
        })
        .collect();
    // A seat that hears little gets each report listed; a busy one its counts (above).
    const MAX_INBOX: usize = 20;
    if inbox.len() <= MAX_INBOX {
        for r in &inbox {
            rows.push(vec![
                format!("T+{}", clock(r.at)),
                "received 收到".into(),
                format!("{} {} from {}", r.report, r.incident, r.from),
                format!(
                    "trapped {} dead {} missing {}",
                    r.trapped, r.dead, r.missing
                ),
            ]);
        }
    } else {
        paragraphs.push(format!(
            "- {} reports received, more than the table lists; the timeline has the county HQ's initial reports.",
            inbox.len()
        ));
    }
    for a in &advice {
        rows.push(vec![
            format!("T+{}", clock(a.at)),
            "advice 建议".into(),
            format!("{} / {}", a.text(true), a.text(false)),
            format!("field-post:{}", a.incident),
        ]);
    }
    rows.extend(ratings);
    rows.sort_by(|a, b| a[0].cmp(&b[0]));
    Some(Section {
        heading: format!("席位 / Seat: {seat}"),
        paragraphs,
        table: Some((
            vec![
                "time 时间".into(),
                "what".into(),
                "detail 内容".into(),
                "fate / note 结果".into(),
            ],
            rows,
        )),
        kinds: Vec::new(),
        charts: Vec::new(),
    })
}
