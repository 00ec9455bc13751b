//! The after-action report (AAR): KPIs against targets beside what the plan's doctrine achieves
//! in each played seat's place from the same start and seed, charts of the drill (trapped alive,
//! response level, teams committed, information lag), the plan's deadlines met or missed, the
//! exercise's expected actions (met by state: who met them, and whether early), a section per
//! seat people played (its decisions and their fate, information received and shared, its
//! ratings), evaluator ratings and notes, and the timeline with each row's kind.
//!
//! One [`Report`] is built from the engine's final state and written as Markdown or as a
//! self-contained HTML page (inline CSS, SVG and a few lines of script for the timeline's
//! filters; nothing from the network). Every report is marked 【演练】EXERCISE and contains
//! nothing from the wall clock, so a replay writes the same bytes every time.

use std::fmt::Write as _;

use crate::eval::report::md_text;
use crate::scenario::Scenario;
use crate::sim::{Better, EventKind, Kpis, RunSeed, Sim};

use super::MARKER;
use super::engine::{Engine, clock, kpi_rows};
use super::i18n::{Lang, Text};
use super::journal::{EntryKind, Header};
use super::msel::InjectStatus;

pub mod charts;
mod render;
mod seats;
mod timeline;

pub use charts::{Chart, sample_times};
pub use render::{html, markdown};
pub use seats::{Decision, decisions, doctrine_in_seat, played_seats};
pub use timeline::KINDS;

/// A report section: a heading, paragraphs, an optional table, each table row's kind (for the
/// HTML's filter buttons; empty when the table has none) and charts (drawn in HTML; the
/// Markdown shows their summaries, which are among the paragraphs).
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub table: Option<(Vec<String>, Vec<Vec<String>>)>,
    pub kinds: Vec<&'static str>,
    pub charts: Vec<Chart>,
}

impl Section {
    fn new(
        heading: impl Into<String>,
        paragraphs: Vec<String>,
        table: Option<(Vec<String>, Vec<Vec<String>>)>,
    ) -> Section {
        Section {
            heading: heading.into(),
            paragraphs,
            table,
            kinds: Vec::new(),
            charts: Vec::new(),
        }
    }
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
    let played = played_seats(&header.role, &engine.entries);
    let ordering: Vec<String> = played
        .iter()
        .filter(|seat| {
            engine
                .entries
                .iter()
                .any(|e| matches!(&e.kind, EntryKind::Order { by, .. } if by == *seat))
        })
        .cloned()
        .collect();
    // The doctrine in each seat that gave orders; with none, the doctrine alone.
    let comparisons: Vec<(String, Result<Kpis, String>)> = if ordering.is_empty() {
        vec![(
            "doctrine alone 预案自动".into(),
            Ok(doctrine_kpis(original, seed, end)),
        )]
    } else {
        ordering
            .iter()
            .map(|seat| {
                (
                    format!("doctrine for {seat} 预案代替"),
                    doctrine_in_seat(engine, header, original, seat, end),
                )
            })
            .collect()
    };
    let drill_kpis = engine.sim().outcome().kpis;
    let scenario = engine.sim().scenario().clone();
    let mut sections = Vec::new();

    // KPIs against targets, beside the doctrine.
    let other_rows: Vec<Option<Vec<crate::drill::engine::KpiRow>>> = comparisons
        .iter()
        .map(|(_, k)| k.as_ref().ok().map(|k| kpi_rows(&scenario, k)))
        .collect();
    let verdict = |met: Option<bool>| match met {
        Some(true) => " ✓",
        Some(false) => " ✗",
        None => "",
    };
    let rows: Vec<Vec<String>> = kpi_rows(&scenario, &drill_kpis)
        .into_iter()
        .enumerate()
        .map(|(i, drill)| {
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
            let mut row = vec![
                drill.shown.name().to_string(),
                target,
                format!("{}{}", drill.shown.text(drill.value), verdict(drill.met())),
            ];
            for other in &other_rows {
                row.push(match other.as_ref().and_then(|r| r.get(i)) {
                    Some(plan) => format!("{}{}", plan.shown.text(plan.value), verdict(plan.met())),
                    None => "—".into(),
                });
            }
            row
        })
        .collect();
    let mut paragraphs = vec![if ordering.is_empty() {
        format!(
            "At T+{}: this drill, and the plan's doctrine playing every role from the same start and seed ({seed}); nobody gave an order, so the two differ only by the exercise's own orders. \
             演练结果与预案自动推演（同一初始条件、同一随机种子）对照。",
            clock(end)
        )
    } else {
        format!(
            "At T+{}: this drill, and for each seat that gave orders the same drill re-run from the same start and seed ({seed}) with that seat's orders left out and the plan's doctrine in its place; the exercise's injects and every other seat's orders as played. \
             每列“预案代替”为：去掉该席位的命令、由预案代行该席位后，同一初始条件、同一随机种子重新推演的结果。",
            clock(end)
        )
    }];
    for (name, result) in &comparisons {
        if let Err(e) = result {
            paragraphs.push(format!("- {name}: could not be computed ({e})"));
        }
    }
    let mut head = vec![
        "KPI".to_string(),
        "target 目标".into(),
        "drill 本次演练".into(),
    ];
    head.extend(comparisons.iter().map(|(name, _)| name.clone()));
    sections.push(Section::new(
        "指标与目标 / KPIs against targets",
        paragraphs,
        Some((head, rows)),
    ));

    // Charts of the drill.
    let hq = engine.sim().county_hq();
    let drawn = charts::charts(engine.sim().events(), end, &hq);
    sections.push(Section {
        heading: "态势图 / Charts".into(),
        paragraphs: drawn
            .iter()
            .map(|c| format!("- {}: {}", c.title, c.summary))
            .collect(),
        table: None,
        kinds: Vec::new(),
        charts: drawn,
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
        kinds: Vec::new(),
        charts: Vec::new(),
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
            kinds: Vec::new(),
            charts: Vec::new(),
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
                        "met T+{}{} ({})",
                        clock(s.met_at.unwrap_or(0)),
                        if s.early {
                            " early, before the inject 提前"
                        } else {
                            ""
                        },
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
            kinds: Vec::new(),
            charts: Vec::new(),
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
        kinds: Vec::new(),
        charts: Vec::new(),
    });

    // A section per seat people played.
    for seat in &played {
        if let Some(section) = seats::section(engine, seat, &played, end) {
            sections.push(section);
        }
    }

    sections.push(timeline::section(engine));

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
                if played.is_empty() {
                    "the doctrine played every command role. 预案扮演全部指挥角色。".into()
                } else {
                    let list = played.join(", ");
                    format!(
                        "people played {list}{}; the doctrine played every other command role. 人工席位：{list}；其余指挥角色由预案扮演。",
                        if takes_over {
                            " (and dispatched the county's teams)"
                        } else {
                            ""
                        }
                    )
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
