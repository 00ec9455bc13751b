//! The after-action report (AAR): the drill's timeline, the plan's deadlines met or missed, the
//! exercise's expected actions, KPIs against targets, evaluator ratings and notes, and — for
//! comparison — what the plan's doctrine achieves alone from the same start and seed.
//!
//! One [`Report`] is built from the engine's final state and written as Markdown or as a
//! self-contained HTML page (no external resources). Every report is marked 【演练】EXERCISE and
//! contains nothing from the wall clock, so a replay writes the same bytes every time.

use std::fmt::Write as _;

use crate::eval::report::md_text;
use crate::scenario::Scenario;
use crate::sim::{Better, EventKind, Kpis, RunSeed, Sim};

use super::MARKER;
use super::engine::{Engine, clock, kpi_rows};
use super::i18n::{Lang, Text};
use super::journal::{EntryKind, Header};
use super::msel::InjectStatus;

mod render;

pub use render::{html, markdown};

/// A report section: a heading, paragraphs and an optional table.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub table: Option<(Vec<String>, Vec<Vec<String>>)>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub title: String,
    /// Why this is not a faithful replay (a replay run with `--unverified`); empty otherwise.
    pub unfaithful: Vec<String>,
    pub meta: Vec<(String, String)>,
    pub sections: Vec<Section>,
}

/// Runs the plan's doctrine alone (every role played by the plan) on `scenario` with `seed`
/// to `until`.
pub fn doctrine_kpis(scenario: &Scenario, seed: u64, until: u32) -> Kpis {
    let mut sim = Sim::new(scenario.clone(), RunSeed::new(seed));
    sim.run_until(until);
    sim.outcome().kpis
}

/// Builds the report from a finished (or replayed) drill. `original` is the scenario as
/// written (before a person took over dispatching), for the doctrine comparison; `unfaithful`
/// lists what did not verify when the journal was replayed anyway (`--unverified`).
pub fn build(
    engine: &mut Engine,
    header: &Header,
    original: &Scenario,
    journal: &str,
    unfaithful: &[String],
) -> Report {
    let end = engine.now();
    let seed = header.seed;
    let doctrine = doctrine_kpis(original, seed, end);
    let drill_kpis = engine.sim().outcome().kpis;
    let scenario = engine.sim().scenario().clone();
    let mut sections = Vec::new();

    // KPIs against targets, beside the doctrine.
    let rows: Vec<Vec<String>> = kpi_rows(&scenario, &drill_kpis)
        .into_iter()
        .zip(kpi_rows(&scenario, &doctrine))
        .map(|(drill, plan)| {
            let target = drill
                .target
                .map(|(t, better)| {
                    format!(
                        "{}{}",
                        match better {
                            Better::Lower => "≤ ",
                            Better::Higher => "≥ ",
                        },
                        drill.shown.text(Some(t))
                    )
                })
                .unwrap_or_else(|| "—".into());
            let verdict = |met: Option<bool>| match met {
                Some(true) => " ✓",
                Some(false) => " ✗",
                None => "",
            };
            vec![
                drill.shown.name().to_string(),
                target,
                format!("{}{}", drill.shown.text(drill.value), verdict(drill.met())),
                format!("{}{}", plan.shown.text(plan.value), verdict(plan.met())),
            ]
        })
        .collect();
    sections.push(Section {
        heading: "指标与目标 / KPIs against targets".into(),
        paragraphs: vec![format!(
            "At T+{}: this drill, and the plan's doctrine playing every role from the same start and seed ({seed}). \
             演练结果与预案自动推演（同一初始条件、同一随机种子）对照。",
            clock(end)
        )],
        table: Some((
            vec!["KPI".into(), "target 目标".into(), "drill 本次演练".into(), "doctrine 预案推演".into()],
            rows,
        )),
    });

    // The plan's reporting deadlines.
    let record = engine.sim().reporting_record();
    let mut by_kind: std::collections::BTreeMap<&'static str, (u32, u32, u32, u32)> =
        Default::default();
    let mut misses = Vec::new();
    for r in record.reports.iter().filter(|r| r.due <= end) {
        let slot = by_kind.entry(r.kind.name()).or_default();
        slot.0 += 1;
        match r.made_at {
            Some(m) if m <= r.due => slot.1 += 1,
            Some(m) => {
                slot.2 += 1;
                misses.push(format!(
                    "{} {} due T+{} made T+{} (late {} min)",
                    r.incident,
                    r.kind.name(),
                    clock(r.due),
                    clock(m),
                    m - r.due
                ));
            }
            None => {
                slot.3 += 1;
                misses.push(format!(
                    "{} {} due T+{} not made",
                    r.incident,
                    r.kind.name(),
                    clock(r.due)
                ));
            }
        }
    }
    let mut protocol_rows = Vec::new();
    for p in record.protocol.iter().filter(|p| p.due <= end) {
        protocol_rows.push(vec![
            p.incident.clone(),
            p.item.to_string(),
            format!("T+{}", clock(p.due)),
            match p.done_at {
                Some(d) if d <= p.due => format!("T+{} ✓", clock(d)),
                Some(d) => format!("T+{} ✗ late", clock(d)),
                None => "✗ not done".into(),
            },
        ]);
    }
    let mut paragraphs = Vec::new();
    if misses.is_empty() {
        paragraphs.push("Every required report due by the end of the drill was made on time. 所有到期报告均按时报送。".into());
    } else {
        paragraphs.push(format!(
            "{} report(s) late or not made (first 20):",
            misses.len()
        ));
        paragraphs.extend(misses.iter().take(20).map(|m| format!("- {m}")));
    }
    sections.push(Section {
        heading: "预案时限 / Plan deadlines (初报·续报·核报)".into(),
        paragraphs,
        table: Some((
            vec![
                "report".into(),
                "due 到期".into(),
                "on time 按时".into(),
                "late 迟报".into(),
                "not made 未报".into(),
            ],
            by_kind
                .into_iter()
                .map(|(k, (due, ok, late, none))| {
                    vec![
                        k.into(),
                        due.to_string(),
                        ok.to_string(),
                        late.to_string(),
                        none.to_string(),
                    ]
                })
                .collect(),
        )),
    });
    if !protocol_rows.is_empty() {
        sections.push(Section {
            heading: "现场指挥规程 / Field-commander protocol".into(),
            paragraphs: Vec::new(),
            table: Some((
                vec![
                    "incident".into(),
                    "item".into(),
                    "due".into(),
                    "done".into(),
                ],
                protocol_rows,
            )),
        });
    }

    // Exercise expectations.
    if let Some(msel) = engine.msel() {
        let mut rows = Vec::new();
        for (inject, state) in msel.exercise.injects.iter().zip(&msel.injects) {
            let delivered = match state.status {
                InjectStatus::Delivered(at) => format!("T+{}", clock(at)),
                InjectStatus::Waiting => "not delivered".into(),
                InjectStatus::Cancelled => "cancelled".into(),
            };
            if inject.expects.is_empty() {
                rows.push(vec![
                    inject.id.clone(),
                    inject.to.clone(),
                    delivered,
                    "—".into(),
                    "—".into(),
                    "—".into(),
                ]);
                continue;
            }
            for (k, e) in inject.expects.iter().enumerate() {
                let s = state.expectations.get(k);
                let outcome = match s {
                    Some(s) if s.met_at.is_some() => format!(
                        "met T+{} ({})",
                        clock(s.met_at.unwrap_or(0)),
                        s.met_by.clone().unwrap_or_default()
                    ),
                    Some(s) if s.missed => "MISSED 未完成".into(),
                    Some(_) => "open at end".into(),
                    None => "—".into(),
                };
                rows.push(vec![
                    inject.id.clone(),
                    inject.to.clone(),
                    delivered.clone(),
                    e.action(),
                    s.map_or(format!("{} min", e.within_min), |s| {
                        format!("T+{}", clock(s.deadline))
                    }),
                    outcome,
                ]);
            }
        }
        sections.push(Section {
            heading: "导调脚本与预期行动 / Injects and expected actions".into(),
            paragraphs: vec![format!(
                "Exercise: {} — {}",
                msel.exercise.name, msel.exercise.title_en
            )],
            table: Some((
                vec![
                    "inject".into(),
                    "to".into(),
                    "delivered".into(),
                    "expected action".into(),
                    "deadline".into(),
                    "outcome".into(),
                ],
                rows,
            )),
        });
    }

    // Evaluation.
    let objectives: Vec<(String, String)> = engine
        .msel()
        .map(|m| {
            m.exercise
                .objectives
                .iter()
                .map(|o| (o.id.clone(), format!("{} / {}", o.zh, o.en)))
                .collect()
        })
        .unwrap_or_default();
    let mut rating_rows: Vec<Vec<String>> = engine
        .ratings()
        .iter()
        .map(|r| {
            let name = objectives
                .iter()
                .find(|(id, _)| *id == r.objective)
                .map_or(String::new(), |(_, n)| n.clone());
            vec![
                format!("T+{}", clock(r.t)),
                r.objective.clone(),
                name,
                r.rating.clone(),
                r.note.clone(),
            ]
        })
        .collect();
    for (id, name) in &objectives {
        if !engine.ratings().iter().any(|r| &r.objective == id) {
            rating_rows.push(vec![
                "—".into(),
                id.clone(),
                name.clone(),
                "not rated 未评定".into(),
                String::new(),
            ]);
        }
    }
    let mut notes: Vec<String> = engine
        .notes()
        .iter()
        .map(|(t, n)| format!("- T+{} {n}", clock(*t)))
        .collect();
    if notes.is_empty() {
        notes.push("No observations recorded. 无观察记录。".into());
    }
    sections.push(Section {
        heading: "评估 / Evaluation (P/S/M/U)".into(),
        paragraphs: notes,
        table: (!rating_rows.is_empty()).then(|| {
            (
                vec![
                    "time".into(),
                    "objective".into(),
                    "name".into(),
                    "rating".into(),
                    "note".into(),
                ],
                rating_rows,
            )
        }),
    });

    // Timeline.
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
            } => Some(("met", format!("{id}: {action} ← {by_order}"))),
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
    sections.push(Section {
        heading: "时间线 / Timeline".into(),
        paragraphs,
        table: Some((
            vec!["time 时间".into(), "what".into(), "detail 内容".into()],
            timeline
                .into_iter()
                .take(MAX_ROWS)
                .map(|(t, _, what, text)| vec![format!("T+{}", clock(t)), what, text])
                .collect(),
        )),
    });

    let takes_over = super::engine::role_takes_over_dispatch(&scenario, &header.role);
    let mut meta = Vec::new();
    if !unfaithful.is_empty() {
        meta.push((
            "replay 重演".into(),
            format!(
                "{} / {}",
                Lang::Zh.t(Text::NotFaithful),
                Lang::En.t(Text::NotFaithful)
            ),
        ));
    }
    Report {
        title: format!(
            "{MARKER} 演练总结报告 / After-action report — {}",
            scenario.name
        ),
        unfaithful: unfaithful.to_vec(),
        meta: meta
            .into_iter()
            .chain([
            ("scenario 想定".into(), header.scenario.clone()),
            (
                "plan 预案".into(),
                header
                    .plan
                    .clone()
                    .unwrap_or_else(|| scenario.plan.name.clone()),
            ),
            (
                "exercise 演练脚本".into(),
                header.exercise.clone().unwrap_or_else(|| "—".into()),
            ),
            ("seed 随机种子".into(), seed.to_string()),
            ("role 角色".into(), header.role.clone()),
            (
                "doctrine 预案自动".into(),
                if takes_over {
                    "a person dispatched the teams; the doctrine declared levels and ran field posts. 人工调派队伍，预案自动启动响应与现场指挥。".into()
                } else {
                    "the doctrine played every command role. 预案扮演全部指挥角色。".into()
                },
            ),
            (
                "played 推演时长".into(),
                format!("T+00:00 – T+{}", clock(end)),
            ),
            ("journal 记录".into(), journal.to_string()),
            ("drillsim".into(), header.version.clone()),
        ])
            .collect(),
        sections,
    }
}
