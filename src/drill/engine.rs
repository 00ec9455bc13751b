//! The drill engine: owns the [`Sim`], the exercise script and the journal; applies commands at
//! tick boundaries and builds [`Snapshot`]s of what one role may see.
//!
//! [`Engine`] is synchronous — tests and `replay` drive it tick by tick — and [`spawn`] runs it
//! on its own thread for the terminal UI: the clock advances by wall time × speed, commands
//! arrive on a channel, and a snapshot goes back at most every 33 ms (and after each command),
//! so input never waits for the simulation.
//!
//! Determinism: an input is applied at the simulated minute the engine is at, before that
//! minute's tick, and journaled with that minute; the exercise script is advanced just before
//! each tick. Replaying the journal's inputs at their minutes therefore reproduces the run.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration as WallDuration, Instant};

use crate::scenario::{CommandKind, DispatchRule, Scenario};
use crate::sim::command::{Role, View};
use crate::sim::components::{RescueSite, Task, TeamRef, TeamState, TeamStatus, TeamStatusKind};
use crate::sim::roads::{LinkState, RoadNetwork};
use crate::sim::{Better, EventKind, Kpi, RunSeed, Sim};

use super::i18n::{Lang, Text};
use super::journal::{Entry, EntryKind, Journal};
use super::line::{Command, SPEEDS};
use super::msel::{Facts, InjectStatus, MselAction, MselState};

/// What stays fixed for a drill: the map's geometry and the ids the order line completes.
#[derive(Debug, Clone)]
pub struct StaticInfo {
    pub scenario_name: String,
    pub exercise_name: Option<String>,
    pub role: String,
    pub controller: bool,
    pub lang: Lang,
    /// Minute of day at simulated minute 0.
    pub start_minute_of_day: u32,
    pub places: Vec<PlaceInfo>,
    /// Road endpoints (place indices) and ids.
    pub roads: Vec<(usize, usize, String)>,
    pub teams: Vec<(String, String)>,
    /// Bounds of the map, km: (x_min, x_max, y_min, y_max).
    pub bounds: (f64, f64, f64, f64),
    pub vocabulary: super::line::Vocabulary,
    pub journal: Option<String>,
    /// What a person in this role takes over from the doctrine (shown in help and the AAR).
    pub manual_dispatch: bool,
}

/// A place on the map.
#[derive(Debug, Clone)]
pub struct PlaceInfo {
    pub id: String,
    pub name: String,
    pub x_km: f64,
    pub y_km: f64,
    /// 0 county seat, 1 town, 2 village.
    pub rank: u8,
}

/// An incident row.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentRow {
    pub incident: String,
    pub place: String,
    pub place_name: String,
    pub trapped: u32,
    pub dead: u32,
    pub known_since: u32,
    pub updated_at: u32,
    pub closed: bool,
    /// Teams assigned (ground truth; controller only).
    pub teams: Option<u32>,
    pub x_km: f64,
    pub y_km: f64,
}

/// A team row.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamRow {
    pub team: String,
    pub name: String,
    pub status: TeamStatusKind,
    pub place: String,
    /// Task as the controller sees it, or the last order this role gave it.
    pub task: Option<String>,
    /// Minutes to arrival (controller only).
    pub eta_min: Option<u32>,
    pub as_of: u32,
    pub x_km: f64,
    pub y_km: f64,
}

/// A message in a role's inbox.
#[derive(Debug, Clone, PartialEq)]
pub enum InboxItem {
    /// A report from the command chain.
    Report {
        at: u32,
        from: String,
        to: String,
        report: &'static str,
        incident: String,
        trapped: u32,
        dead: u32,
    },
    /// An exercise inject.
    Inject {
        at: u32,
        id: String,
        from: String,
        to: String,
        channel: super::msel::Channel,
        zh: String,
        en: String,
    },
}

impl InboxItem {
    pub fn at(&self) -> u32 {
        match self {
            InboxItem::Report { at, .. } | InboxItem::Inject { at, .. } => *at,
        }
    }
}

/// What a row of the KPI pane counts: a KPI of the run (the controller sees the truth), or a
/// count a player makes from its own picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Kpi(Kpi),
    IncidentsKnown,
    IncidentsOpen,
    TrappedReported,
    DeadReported,
    ReportsReceived,
}

impl Shown {
    /// Its name as the after-action report writes it (a KPI's JSON key).
    pub fn name(self) -> &'static str {
        match self {
            Shown::Kpi(kpi) => kpi.name(),
            Shown::IncidentsKnown => "incidents_known",
            Shown::IncidentsOpen => "incidents_open",
            Shown::TrappedReported => "trapped_reported",
            Shown::DeadReported => "dead_reported",
            Shown::ReportsReceived => "reports_received",
        }
    }

    /// Its label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Shown::Kpi(kpi) => kpi.labels(),
            Shown::IncidentsKnown => ("已知灾情点", "incidents known"),
            Shown::IncidentsOpen => ("未结束灾情点", "incidents open"),
            Shown::TrappedReported => ("报告被困", "trapped (reported)"),
            Shown::DeadReported => ("报告死亡", "dead (reported)"),
            Shown::ReportsReceived => ("收到报告", "reports received"),
        };
        if lang.is_zh() { zh } else { en }
    }

    /// A value of it for display (`—` for none).
    pub fn text(self, value: Option<f64>) -> String {
        match self {
            Shown::Kpi(kpi) => kpi.drill_text(value),
            Shown::IncidentsKnown
            | Shown::IncidentsOpen
            | Shown::TrappedReported
            | Shown::DeadReported
            | Shown::ReportsReceived => value.map_or("—".into(), |v| format!("{v:.0}")),
        }
    }
}

/// A KPI against its target.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiRow {
    pub shown: Shown,
    pub value: Option<f64>,
    /// Target and the direction in which the KPI is better.
    pub target: Option<(f64, Better)>,
}

impl KpiRow {
    /// Whether the value meets the target (None when either is missing).
    pub fn met(&self) -> Option<bool> {
        let (target, better) = self.target?;
        let value = self.value?;
        Some(match better {
            Better::Lower => value <= target,
            Better::Higher => value >= target,
        })
    }
}

/// One inject as the controller's MSEL panel shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct MselRow {
    pub id: String,
    pub to: String,
    pub from: String,
    pub status: InjectStatus,
    /// Delivery minute, or when it is due if known.
    pub due: Option<u32>,
    pub trigger: String,
    pub zh: String,
    pub en: String,
    pub ad_hoc: bool,
    /// (action, deadline, met at, missed)
    pub expectations: Vec<(String, u32, Option<u32>, bool)>,
}

/// An evaluator's rating.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    pub t: u32,
    pub objective: String,
    pub rating: String,
    pub note: String,
}

/// Feedback on the last command.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    pub seq: u64,
    pub ok: bool,
    pub text: String,
}

/// Everything one frame needs, for one role.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub now: u32,
    pub speed: u32,
    pub paused: bool,
    pub level: Option<&'static str>,
    pub incidents: Vec<IncidentRow>,
    pub teams: Vec<TeamRow>,
    pub inbox: Vec<InboxItem>,
    pub kpis: Vec<KpiRow>,
    /// Road states (controller only; players are not told road states).
    pub road_states: Option<Vec<LinkState>>,
    pub msel: Vec<MselRow>,
    pub objectives: Vec<(String, String, String)>,
    pub ratings: Vec<Rating>,
    pub notes: Vec<(u32, String)>,
    pub feedback: Option<Feedback>,
    pub exercise_end: Option<u32>,
    pub scenario_end: u32,
}

/// Everything needed to start an engine.
pub struct Setup {
    /// The scenario as the drill runs it (dispatch taken over when a person plays the HQ).
    pub scenario: Arc<Scenario>,
    pub seed: u64,
    pub role: String,
    pub lang: Lang,
    pub exercise: Option<super::msel::Exercise>,
}

/// Whether a person in `role` takes the county HQ's dispatching over from the doctrine.
pub fn role_takes_over_dispatch(scenario: &Scenario, role: &str) -> bool {
    let hq_kind = |k: CommandKind| {
        matches!(
            k,
            CommandKind::CountyHq
                | CommandKind::EarthquakeHq
                | CommandKind::FloodDroughtHq
                | CommandKind::ForestFireHq
                | CommandKind::GeologicalHq
        )
    };
    match role {
        "controller" => false,
        "county-commander" | "county-hq" | "earthquake-hq" | "flood-hq" | "forest-fire-hq"
        | "geological-hq" => true,
        id => scenario
            .organisation
            .iter()
            .any(|n| n.id == id && hq_kind(n.kind)),
    }
}

/// The scenario a drill runs for `role`: with manual dispatch when a person plays the HQ.
pub fn drill_scenario(mut scenario: Scenario, role: &str) -> Scenario {
    if role_takes_over_dispatch(&scenario, role) {
        scenario.plan.dispatch.rule = DispatchRule::Manual;
    }
    scenario
}

/// The drill engine.
pub struct Engine {
    sim: Sim,
    role: Role,
    role_name: &'static str,
    lang: Lang,
    msel: Option<MselState>,
    journal: Option<Journal>,
    /// Every entry written (or replayed), for the after-action report.
    pub entries: Vec<Entry>,
    event_cursor: usize,
    pub speed: u32,
    pub paused: bool,
    ratings: Vec<Rating>,
    notes: Vec<(u32, String)>,
    feedback: Option<Feedback>,
    feedback_seq: u64,
    /// Orders this role gave, by team id: (minute, order).
    own_orders: std::collections::BTreeMap<String, String>,
    /// Every order this role gave, as text (to tell a player when the simulation refuses one).
    own_given: std::collections::BTreeSet<String>,
    /// How far the event log has been searched for refused orders.
    refusal_cursor: usize,
    last_clock_entry: u32,
    exercise_end: Option<u32>,
    exercise_end_announced: bool,
    statics: Arc<StaticInfo>,
    hq_role: Role,
}

impl Engine {
    /// Builds the engine; `journal` receives every input from now on.
    pub fn new(setup: Setup, journal: Option<Journal>) -> Result<Engine, String> {
        let sim = Sim::new(setup.scenario.clone(), RunSeed::new(setup.seed));
        let role = sim.role(&setup.role)?;
        let hq_role = sim.role("county-commander")?;
        let scenario = setup.scenario.clone();
        let statics = Arc::new(static_info(&scenario, &setup, journal.as_ref()));
        let exercise_end = setup.exercise.as_ref().map(|e| e.duration_min);
        Ok(Engine {
            sim,
            role,
            role_name: Box::leak(setup.role.clone().into_boxed_str()),
            lang: setup.lang,
            msel: setup.exercise.map(MselState::new),
            journal,
            entries: Vec::new(),
            event_cursor: 0,
            speed: 60,
            paused: true,
            ratings: Vec::new(),
            notes: Vec::new(),
            feedback: None,
            feedback_seq: 0,
            own_orders: Default::default(),
            own_given: Default::default(),
            refusal_cursor: 0,
            last_clock_entry: 0,
            exercise_end,
            exercise_end_announced: false,
            statics,
            hq_role,
        })
    }

    /// The fixed part of every frame.
    pub fn statics(&self) -> Arc<StaticInfo> {
        self.statics.clone()
    }

    /// The simulation (for reports).
    pub fn sim(&mut self) -> &mut Sim {
        &mut self.sim
    }

    /// The exercise state, if there is an exercise.
    pub fn msel(&self) -> Option<&MselState> {
        self.msel.as_ref()
    }

    pub fn ratings(&self) -> &[Rating] {
        &self.ratings
    }

    pub fn notes(&self) -> &[(u32, String)] {
        &self.notes
    }

    /// Simulated minute.
    pub fn now(&self) -> u32 {
        self.sim.now()
    }

    /// Whether the clock may run further.
    pub fn at_end(&self) -> bool {
        self.sim.now() >= self.sim.scenario().duration_min
    }

    /// Attaches a journal (after replaying one for `--resume`).
    pub fn attach_journal(&mut self, journal: Journal) {
        self.journal = Some(journal);
    }

    fn record(&mut self, kind: EntryKind) -> std::io::Result<()> {
        let entry = Entry {
            t: self.sim.now(),
            kind,
        };
        if let Some(journal) = self.journal.as_mut() {
            journal.write(&entry)?;
        }
        self.entries.push(entry);
        Ok(())
    }

    /// Records an entry that is not an input (the clock, what the script or the simulation did).
    /// Should the journal fail, the clock is paused and the person told: a drill does not run on
    /// without its record.
    fn note(&mut self, kind: EntryKind) {
        if let Err(e) = self.record(kind) {
            self.paused = true;
            let text = format!("{} ({e})", self.lang.t(Text::JournalFailedClockPaused));
            self.say(false, text);
        }
    }

    /// The message for an input refused because the journal could not be written.
    fn journal_failed(&self, error: std::io::Error) -> String {
        format!("{} ({error})", self.lang.t(Text::JournalFailed))
    }

    /// Shows a message on the feedback line (`ok` false: as a refusal).
    pub fn announce(&mut self, ok: bool, text: String) {
        self.say(ok, text);
    }

    fn say(&mut self, ok: bool, text: String) {
        self.feedback_seq += 1;
        self.feedback = Some(Feedback {
            seq: self.feedback_seq,
            ok,
            text,
        });
    }

    /// Applies one command from the UI. Returns `false` once the drill should end.
    pub fn handle(&mut self, command: Command) -> bool {
        let zh = self.lang.is_zh();
        let result: Result<Option<String>, String> = match command {
            Command::Quit => {
                // Every input is already on disk; a missing `end` line only means the journal
                // does not say the drill was closed on purpose.
                let _ = self.record(EntryKind::End);
                return false;
            }
            Command::Speed(speed) => match self.record(EntryKind::Speed { speed }) {
                Ok(()) => {
                    self.speed = speed;
                    Ok(Some(format!("{speed}×")))
                }
                Err(e) => Err(self.journal_failed(e)),
            },
            Command::TogglePause => {
                if self.paused && self.at_end() {
                    Err(self.lang.t(Text::ScenarioEnded).to_string())
                } else {
                    let paused = !self.paused;
                    match self.record(EntryKind::Pause { paused }) {
                        Ok(()) => {
                            self.paused = paused;
                            Ok(None)
                        }
                        Err(e) => Err(self.journal_failed(e)),
                    }
                }
            }
            Command::Step => {
                if !self.at_end() {
                    self.advance();
                }
                Ok(None)
            }
            other => self.apply_input(other, true),
        };
        match result {
            Ok(Some(text)) => self.say(true, text),
            Ok(None) => {}
            Err(text) => self.say(
                false,
                if zh {
                    format!("未执行：{text}")
                } else {
                    format!("not done: {text}")
                },
            ),
        }
        true
    }

    /// Applies an input (order, inject, rating, …): checked first, then journaled (written and
    /// synced; when `journal` is set), and only then applied — a failed write means the input
    /// did not happen. Replay passes `journal: false`.
    fn apply_input(&mut self, command: Command, journal: bool) -> Result<Option<String>, String> {
        let zh = self.lang.is_zh();
        let controller = self.role == Role::Controller;
        let write = |engine: &mut Engine, kind: EntryKind| -> Result<(), String> {
            if journal {
                engine.record(kind).map_err(|e| engine.journal_failed(e))
            } else {
                engine.entries.push(Entry {
                    t: engine.sim.now(),
                    kind,
                });
                Ok(())
            }
        };
        match command {
            Command::Order(text) => {
                let order = crate::sim::order::parse_order(&text).map_err(|e| e.to_string())?;
                if let Some(unknown) = order.unknown_ids(self.sim.scenario()).into_iter().next() {
                    return Err(unknown.to_string());
                }
                let shown = order.to_string();
                let team = match &order {
                    crate::sim::Order::DispatchRescue { team, .. }
                    | crate::sim::Order::DispatchClearRoad { team, .. }
                    | crate::sim::Order::Recall { team } => Some(team.clone()),
                    _ => None,
                };
                write(
                    self,
                    EntryKind::Order {
                        text: shown.clone(),
                        by: self.role_name.to_string(),
                    },
                )?;
                if let Err(e) = self.sim.apply_from(order, self.role_name) {
                    // Checked above; should the simulation still refuse it, the refusal is
                    // recorded beside the order, and replay refuses it the same way.
                    let reason = e.to_string();
                    self.note(EntryKind::Refused {
                        order: shown.clone(),
                        by: self.role_name.to_string(),
                        reason: reason.clone(),
                    });
                    let text = format!("{}: {shown} ({reason})", self.lang.t(Text::OrderRefused));
                    self.say(false, text);
                    return Ok(None);
                }
                if let Some(team) = team {
                    self.own_orders.insert(team, shown.clone());
                }
                self.own_given.insert(shown.clone());
                Ok(Some(if zh {
                    format!("已下达：{shown}")
                } else {
                    format!("given: {shown}")
                }))
            }
            Command::Inject { to, text } => {
                if !controller {
                    return Err("controller only".into());
                }
                if self.sim.role(&to).is_err() {
                    return Err(format!("no role `{to}`"));
                }
                let now = self.sim.now();
                // Worked out on a copy: the inject exists only once its line is on disk.
                let mut msel = self.msel.clone().unwrap_or_else(|| {
                    MselState::new(super::msel::Exercise {
                        name: "ad-hoc".into(),
                        title_zh: String::new(),
                        title_en: String::new(),
                        description: String::new(),
                        duration_min: u32::MAX,
                        players: Vec::new(),
                        objectives: Vec::new(),
                        injects: Vec::new(),
                    })
                });
                let index = msel.add_ad_hoc(&to, &text, now);
                let id = msel.exercise.injects[index].id.clone();
                write(
                    self,
                    EntryKind::Inject {
                        id: id.clone(),
                        to,
                        text,
                    },
                )?;
                self.msel = Some(msel);
                Ok(Some(if zh {
                    format!("临时注入 {id} 将在下一分钟送达")
                } else {
                    format!("inject {id} goes out at the next tick")
                }))
            }
            Command::Cancel(id) => {
                let mut msel = self.msel.clone().ok_or("no exercise loaded")?;
                let index = msel.find(&id).ok_or_else(|| format!("no inject `{id}`"))?;
                msel.cancel(index)?;
                let id = msel.exercise.injects[index].id.clone();
                write(self, EntryKind::Cancel { id: id.clone() })?;
                self.msel = Some(msel);
                Ok(Some(if zh {
                    format!("已取消 {id}")
                } else {
                    format!("cancelled {id}")
                }))
            }
            Command::Retime { id, at } => {
                let mut msel = self.msel.clone().ok_or("no exercise loaded")?;
                let index = msel.find(&id).ok_or_else(|| format!("no inject `{id}`"))?;
                msel.retime(index, at)?;
                let id = msel.exercise.injects[index].id.clone();
                write(self, EntryKind::Retime { id: id.clone(), at })?;
                self.msel = Some(msel);
                Ok(Some(format!("{id} → T+{}", clock(at))))
            }
            Command::Rate {
                objective,
                rating,
                note,
            } => {
                if !controller {
                    return Err("controller only".into());
                }
                if let Some(msel) = &self.msel
                    && !msel.exercise.objectives.is_empty()
                    && !msel.exercise.objectives.iter().any(|o| o.id == objective)
                {
                    return Err(format!("no objective `{objective}`"));
                }
                write(
                    self,
                    EntryKind::Rating {
                        objective: objective.clone(),
                        rating: rating.clone(),
                        note: note.clone(),
                    },
                )?;
                self.ratings.push(Rating {
                    t: self.sim.now(),
                    objective: objective.clone(),
                    rating: rating.clone(),
                    note,
                });
                Ok(Some(format!("{objective}: {rating}")))
            }
            Command::Note(text) => {
                if !controller {
                    return Err("controller only".into());
                }
                write(self, EntryKind::Note { text: text.clone() })?;
                self.notes.push((self.sim.now(), text));
                Ok(Some(if zh {
                    "已记录".into()
                } else {
                    "noted".into()
                }))
            }
            Command::Speed(_) | Command::TogglePause | Command::Step | Command::Quit => Ok(None),
        }
    }

    /// Runs one tick: the exercise script first (at this minute), then the simulation.
    pub fn advance(&mut self) {
        let now = self.sim.now();
        self.update_msel(now);
        self.sim.step();
        self.report_refusals();
        let now = self.sim.now();
        if now >= self.last_clock_entry + 10 {
            self.last_clock_entry = now;
            self.note(EntryKind::Clock);
        }
        if let Some(end) = self.exercise_end
            && now >= end
            && !self.exercise_end_announced
        {
            self.exercise_end_announced = true;
            self.paused = true;
            let text = self.lang.t(super::i18n::Text::ExerciseEnded).to_string();
            self.say(true, text);
        }
        if self.at_end() {
            self.paused = true;
        }
    }

    /// Orders the simulation refused as they reached their teams (a team resting, a road gone):
    /// journaled and shown — to the controller all of them, to a player its own.
    fn report_refusals(&mut self) {
        let events = self.sim.events();
        let mut refused = Vec::new();
        for event in &events[self.refusal_cursor..] {
            if let EventKind::OrderRefused { order, reason } = &event.kind {
                refused.push((order.clone(), reason.clone()));
            }
        }
        self.refusal_cursor = events.len();
        for (order, reason) in refused {
            let mine = self.role == Role::Controller || self.own_given.contains(&order);
            if mine {
                let text = format!("{}: {order} ({reason})", self.lang.t(Text::OrderRefused));
                self.say(false, text);
            }
            self.note(EntryKind::Refused {
                order,
                by: String::new(),
                reason,
            });
        }
    }

    fn update_msel(&mut self, now: u32) {
        // New orders and declarations since the last boundary, as order text.
        let events = self.sim.events();
        let mut new_orders = Vec::new();
        for event in &events[self.event_cursor..] {
            match &event.kind {
                EventKind::OrderIssued { order, .. } => new_orders.push((event.t, order.clone())),
                EventKind::LevelDeclared { level, .. } => {
                    new_orders.push((event.t, format!("declare level {level}")))
                }
                _ => {}
            }
        }
        self.event_cursor = events.len();
        let Some(msel) = self.msel.as_ref() else {
            return;
        };
        let watched = msel.watched_roles();
        let mut facts = Facts {
            roads_blocked: self.sim.world().resource::<RoadNetwork>().blocked_count,
            level_declared: false,
            ..Facts::default()
        };
        let population = self.sim.population();
        facts.deaths = population.dead;
        let outcome_needed = msel.exercise.injects.iter().any(|i| {
            matches!(
                i.trigger,
                super::msel::Trigger::When(super::msel::Condition::TrappedAtLeast(_))
            )
        });
        if outcome_needed {
            facts.trapped = self.sim.outcome().kpis.trapped_total.unwrap_or(0.0) as u32;
        }
        for role_name in watched {
            if let Ok(role) = self.sim.role(&role_name) {
                let known = self.sim.observe(role).incidents.len();
                facts.incidents_known.insert(role_name, known);
            }
        }
        facts.level_declared = self
            .sim
            .world()
            .resource::<crate::sim::command::Levels>()
            .declared
            .is_some();
        let Some(msel) = self.msel.as_mut() else {
            return;
        };
        let actions = msel.update(now, &facts, &new_orders);
        let mut entries = Vec::new();
        let mut orders = Vec::new();
        for action in actions {
            match action {
                MselAction::Delivered { inject } => {
                    let i = &msel.exercise.injects[inject];
                    if let Some(order) = &i.order {
                        orders.push((i.id.clone(), order.clone()));
                    }
                    entries.push(EntryKind::Delivered {
                        id: i.id.clone(),
                        to: i.to.clone(),
                    });
                }
                MselAction::Met {
                    inject,
                    expectation,
                } => {
                    let i = &msel.exercise.injects[inject];
                    entries.push(EntryKind::Met {
                        id: i.id.clone(),
                        action: i.expects[expectation].action(),
                        by_order: msel.injects[inject].expectations[expectation]
                            .met_by
                            .clone()
                            .unwrap_or_default(),
                    });
                }
                MselAction::Missed {
                    inject,
                    expectation,
                } => {
                    let i = &msel.exercise.injects[inject];
                    entries.push(EntryKind::Missed {
                        id: i.id.clone(),
                        action: i.expects[expectation].action(),
                    });
                }
            }
        }
        for kind in entries {
            self.note(kind);
        }
        for (id, order) in orders {
            // Injects' orders were checked when the exercise was validated; one the simulation
            // still refuses is recorded and shown, never dropped.
            let shown = order.to_string();
            if let Err(e) = self.sim.apply_from(order, "exercise") {
                let reason = e.to_string();
                let label = self.lang.t(Text::ExerciseOrderRefused);
                let text = if self.role == Role::Controller {
                    format!("{label} {id}: {shown} ({reason})")
                } else {
                    format!("{label}: {shown} ({reason})")
                };
                self.say(false, text);
                self.note(EntryKind::Refused {
                    order: shown,
                    by: format!("exercise {id}"),
                    reason,
                });
            }
        }
    }

    /// Replays journal entries (for `replay` and `--resume`), then runs to `until`. An error
    /// names the index of the entry it concerns.
    pub fn replay(&mut self, entries: &[Entry], until: u32) -> Result<(), (usize, String)> {
        for (index, entry) in entries.iter().enumerate() {
            while self.sim.now() < entry.t {
                if self.at_end() {
                    return Err((
                        index,
                        format!(
                            "minute {} is past the scenario's end (minute {})",
                            entry.t,
                            self.sim.scenario().duration_min
                        ),
                    ));
                }
                self.advance();
            }
            let command = match &entry.kind {
                EntryKind::Order { text, .. } => Some(Command::Order(text.clone())),
                EntryKind::Inject { to, text, .. } => Some(Command::Inject {
                    to: to.clone(),
                    text: text.clone(),
                }),
                EntryKind::Cancel { id } => Some(Command::Cancel(id.clone())),
                EntryKind::Retime { id, at } => Some(Command::Retime {
                    id: id.clone(),
                    at: *at,
                }),
                EntryKind::Rating {
                    objective,
                    rating,
                    note,
                } => Some(Command::Rate {
                    objective: objective.clone(),
                    rating: rating.clone(),
                    note: note.clone(),
                }),
                EntryKind::Note { text } => Some(Command::Note(text.clone())),
                EntryKind::Speed { speed } => {
                    self.speed = *speed;
                    None
                }
                _ => None,
            };
            if let Some(command) = command {
                self.apply_input(command, false)
                    .map_err(|e| (index, format!("minute {}: {e}", entry.t)))?;
            }
        }
        while self.sim.now() < until && !self.at_end() {
            self.advance();
        }
        self.last_clock_entry = self.sim.now();
        if let Some(end) = self.exercise_end {
            self.exercise_end_announced = self.sim.now() >= end;
        }
        self.feedback = None;
        Ok(())
    }

    /// What this role sees now.
    pub fn snapshot(&mut self) -> Snapshot {
        let statics = self.statics.clone();
        let now = self.sim.now();
        let view = self.sim.observe(self.role);
        let controller = self.role == Role::Controller;
        let scenario = self.sim.scenario();
        let place_index = |id: &str| scenario.region.places.iter().position(|p| p.id == id);
        let place_xy = |id: &str| {
            place_index(id)
                .map(|i| (statics.places[i].x_km, statics.places[i].y_km))
                .unwrap_or((0.0, 0.0))
        };
        let place_name = |id: &str| {
            place_index(id)
                .map(|i| statics.places[i].name.clone())
                .unwrap_or_default()
        };
        let world = self.sim.world();
        let mut incidents: Vec<IncidentRow> = view
            .incidents
            .iter()
            .map(|i| {
                let (x, y) = place_xy(&i.place);
                IncidentRow {
                    incident: i.incident.clone(),
                    place: i.place.clone(),
                    place_name: place_name(&i.place),
                    trapped: i.trapped,
                    dead: i.dead,
                    known_since: i.known_since,
                    updated_at: i.updated_at,
                    closed: i.closed,
                    teams: None,
                    x_km: x,
                    y_km: y,
                }
            })
            .collect();
        let mut teams: Vec<TeamRow>;
        if controller {
            if let Some(mut query) = world.try_query::<&RescueSite>() {
                let assigned: std::collections::BTreeMap<&str, u32> = query
                    .iter(world)
                    .map(|s| (s.id.as_str(), s.teams_assigned))
                    .collect();
                for row in &mut incidents {
                    row.teams = assigned.get(row.incident.as_str()).copied();
                }
            }
            let mut rows: Vec<(usize, TeamRow)> = Vec::new();
            if let Some(mut query) = world.try_query::<(&TeamRef, &TeamState)>() {
                for (team, state) in query.iter(world) {
                    let spec = &scenario.teams[team.index];
                    let to = &statics.places[state.location];
                    let (x, y, eta) = match state.status {
                        TeamStatus::EnRoute { arrive_at } => {
                            let from = &statics.places[state.origin];
                            let span = arrive_at.saturating_sub(state.depart_at).max(1) as f64;
                            let f =
                                (now.saturating_sub(state.depart_at) as f64 / span).clamp(0.0, 1.0);
                            (
                                from.x_km + (to.x_km - from.x_km) * f,
                                from.y_km + (to.y_km - from.y_km) * f,
                                Some(arrive_at.saturating_sub(now)),
                            )
                        }
                        TeamStatus::Mobilising { .. } => {
                            (to.x_km, to.y_km, Some(state.arrive_at.saturating_sub(now)))
                        }
                        _ => (to.x_km, to.y_km, None),
                    };
                    let task = state.task.map(|task| match task {
                        Task::Rescue(site) => world
                            .get::<RescueSite>(site)
                            .map(|s| format!("rescue {}", s.id))
                            .unwrap_or_else(|| "rescue".into()),
                        Task::ClearRoad(link) => {
                            format!("clear {}", scenario.region.roads[link].id)
                        }
                        Task::ReturnToBase => "return".into(),
                    });
                    rows.push((
                        team.index,
                        TeamRow {
                            team: spec.id.clone(),
                            name: spec.name.clone(),
                            status: state.status.kind(),
                            place: to.id.clone(),
                            task,
                            eta_min: eta,
                            as_of: now,
                            x_km: x,
                            y_km: y,
                        },
                    ));
                }
            }
            rows.sort_by_key(|(i, _)| *i);
            teams = rows.into_iter().map(|(_, r)| r).collect();
        } else {
            teams = view
                .teams
                .iter()
                .map(|t| {
                    let (x, y) = place_xy(&t.place);
                    let name = scenario
                        .teams
                        .iter()
                        .find(|s| s.id == t.team)
                        .map(|s| s.name.clone())
                        .unwrap_or_default();
                    TeamRow {
                        team: t.team.clone(),
                        name,
                        status: t.status,
                        place: t.place.clone(),
                        task: self.own_orders.get(&t.team).cloned(),
                        eta_min: None,
                        as_of: t.as_of,
                        x_km: x,
                        y_km: y,
                    }
                })
                .collect();
        }
        // Incidents: open first, most trapped first.
        incidents.sort_by(|a, b| {
            a.closed
                .cmp(&b.closed)
                .then(b.trapped.cmp(&a.trapped))
                .then(a.incident.cmp(&b.incident))
        });
        let road_states = controller.then(|| {
            world
                .resource::<RoadNetwork>()
                .links
                .iter()
                .map(|l| l.state)
                .collect()
        });
        let level = view.level;
        let mut inbox = self.inbox(&view);
        inbox.sort_by_key(|item| std::cmp::Reverse(item.at()));
        inbox.truncate(500);
        teams.shrink_to_fit();
        let kpis = if controller {
            let kpis = self.sim.outcome().kpis;
            kpi_rows(self.sim.scenario(), &kpis)
        } else {
            belief_rows(&view)
        };
        let (msel, objectives) = match (&self.msel, controller) {
            (Some(m), true) => (
                msel_rows(m),
                m.exercise
                    .objectives
                    .iter()
                    .map(|o| (o.id.clone(), o.zh.clone(), o.en.clone()))
                    .collect(),
            ),
            _ => (Vec::new(), Vec::new()),
        };
        Snapshot {
            now,
            speed: self.speed,
            paused: self.paused,
            level,
            incidents,
            teams,
            inbox,
            kpis,
            road_states,
            msel,
            objectives,
            ratings: if controller {
                self.ratings.clone()
            } else {
                Vec::new()
            },
            notes: if controller {
                self.notes.clone()
            } else {
                Vec::new()
            },
            feedback: self.feedback.clone(),
            exercise_end: self.exercise_end,
            scenario_end: self.sim.scenario().duration_min,
        }
    }

    fn inbox(&mut self, view: &View) -> Vec<InboxItem> {
        let controller = self.role == Role::Controller;
        let mut items = Vec::new();
        // Reports: a player's own; the controller watches the county HQ's.
        let reports_view = if controller {
            Some(self.sim.observe(self.hq_role))
        } else {
            None
        };
        let source = reports_view.as_ref().unwrap_or(view);
        let to = source.role.clone();
        for r in &source.inbox {
            items.push(InboxItem::Report {
                at: r.at,
                from: r.from.clone(),
                to: to.clone(),
                report: r.report,
                incident: r.incident.clone(),
                trapped: r.trapped,
                dead: r.dead,
            });
        }
        if let Some(msel) = &self.msel {
            for (inject, state) in msel.exercise.injects.iter().zip(&msel.injects) {
                let InjectStatus::Delivered(at) = state.status else {
                    continue;
                };
                if controller || self.addressed_to_me(&inject.to) {
                    items.push(InboxItem::Inject {
                        at,
                        id: if controller {
                            inject.id.clone()
                        } else {
                            String::new()
                        },
                        from: inject.from.clone(),
                        to: inject.to.clone(),
                        channel: inject.channel,
                        zh: inject.zh.clone(),
                        en: inject.en.clone(),
                    });
                }
            }
        }
        items
    }

    fn addressed_to_me(&self, to: &str) -> bool {
        to == self.role_name || self.sim.role(to).ok() == Some(self.role)
    }
}

fn static_info(scenario: &Scenario, setup: &Setup, journal: Option<&Journal>) -> StaticInfo {
    use crate::scenario::PlaceKind;
    let places: Vec<PlaceInfo> = scenario
        .region
        .places
        .iter()
        .map(|p| PlaceInfo {
            id: p.id.clone(),
            name: p.name.clone(),
            x_km: p.x_km,
            y_km: p.y_km,
            rank: match p.kind {
                PlaceKind::County => 0,
                PlaceKind::Town => 1,
                _ => 2,
            },
        })
        .collect();
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for p in &places {
        x0 = x0.min(p.x_km);
        x1 = x1.max(p.x_km);
        y0 = y0.min(p.y_km);
        y1 = y1.max(p.y_km);
    }
    let pad_x = ((x1 - x0) * 0.05).max(0.5);
    let pad_y = ((y1 - y0) * 0.05).max(0.5);
    let controller = setup.role == "controller";
    let mut roles = vec!["county-commander".to_string()];
    roles.extend(scenario.organisation.iter().map(|n| n.id.clone()));
    let vocabulary = super::line::Vocabulary {
        teams: scenario.teams.iter().map(|t| t.id.clone()).collect(),
        places: scenario
            .region
            .places
            .iter()
            .map(|p| p.id.clone())
            .collect(),
        roads: scenario.region.roads.iter().map(|r| r.id.clone()).collect(),
        roles,
        injects: setup
            .exercise
            .as_ref()
            .map(|e| e.injects.iter().map(|i| i.id.clone()).collect())
            .unwrap_or_default(),
        objectives: setup
            .exercise
            .as_ref()
            .map(|e| e.objectives.iter().map(|o| o.id.clone()).collect())
            .unwrap_or_default(),
        controller,
    };
    StaticInfo {
        scenario_name: scenario.name.clone(),
        exercise_name: setup.exercise.as_ref().map(|e| e.name.clone()),
        role: setup.role.clone(),
        controller,
        lang: setup.lang,
        start_minute_of_day: scenario.start_time.minute_of_day,
        places,
        roads: scenario
            .region
            .roads
            .iter()
            .map(|r| (r.from, r.to, r.id.clone()))
            .collect(),
        teams: scenario
            .teams
            .iter()
            .map(|t| (t.id.clone(), t.name.clone()))
            .collect(),
        bounds: (x0 - pad_x, x1 + pad_x, y0 - pad_y, y1 + pad_y),
        vocabulary,
        journal: journal.map(|j| j.path().display().to_string()),
        manual_dispatch: role_takes_over_dispatch(scenario, &setup.role),
    }
}

/// The KPIs the drill shows and reports, in this order.
pub const DRILL_KPIS: [Kpi; 12] = [
    Kpi::Deaths,
    Kpi::TrappedTotal,
    Kpi::RescuedAlive,
    Kpi::RescuedByTeams,
    Kpi::FirstResponseP50Min,
    Kpi::FirstResponseP90Min,
    Kpi::ReportsOnTime,
    Kpi::ResponseLevelPeak,
    Kpi::LevelLagMin,
    Kpi::AviationFirstArrivalMin,
    Kpi::ReliefWithin4h,
    Kpi::RoadsBlockedPeak,
];

/// The KPIs the drill shows and reports, with their targets: the scenario's, else the ideal
/// (every report on time, no lag in declaring the level).
pub fn kpi_rows(scenario: &Scenario, kpis: &crate::sim::Kpis) -> Vec<KpiRow> {
    DRILL_KPIS
        .into_iter()
        .map(|kpi| KpiRow {
            shown: Shown::Kpi(kpi),
            value: kpis.value(kpi),
            target: kpi
                .target(&scenario.targets)
                .or(kpi.ideal())
                .zip(kpi.better()),
        })
        .collect()
}

/// What a player can count from its own picture.
fn belief_rows(view: &View) -> Vec<KpiRow> {
    let open = view.incidents.iter().filter(|i| !i.closed).count();
    vec![
        KpiRow {
            shown: Shown::IncidentsKnown,
            value: Some(view.incidents.len() as f64),
            target: None,
        },
        KpiRow {
            shown: Shown::IncidentsOpen,
            value: Some(open as f64),
            target: None,
        },
        KpiRow {
            shown: Shown::TrappedReported,
            value: Some(view.incidents.iter().map(|i| i.trapped as f64).sum()),
            target: None,
        },
        KpiRow {
            shown: Shown::DeadReported,
            value: Some(view.incidents.iter().map(|i| i.dead as f64).sum()),
            target: None,
        },
        KpiRow {
            shown: Shown::ReportsReceived,
            value: Some(view.inbox.len() as f64),
            target: None,
        },
    ]
}

fn msel_rows(msel: &MselState) -> Vec<MselRow> {
    use super::msel::{Condition, Trigger};
    msel.exercise
        .injects
        .iter()
        .zip(&msel.injects)
        .enumerate()
        .map(|(index, (inject, state))| {
            let trigger = match &inject.trigger {
                Trigger::At(at) => format!("T+{}", clock(*at)),
                Trigger::After { inject, delay_min } => {
                    format!("{}+{}m", msel.exercise.injects[*inject].id, delay_min)
                }
                Trigger::When(c) => match c {
                    Condition::DeathsAtLeast(n) => format!("deaths≥{n}"),
                    Condition::TrappedAtLeast(n) => format!("trapped≥{n}"),
                    Condition::RoadsBlockedAtLeast(n) => format!("roads#≥{n}"),
                    Condition::LevelDeclared => "level".into(),
                    Condition::IncidentsKnown { role, at_least } => {
                        format!("{role} knows≥{at_least}")
                    }
                },
                Trigger::Contingency => "on miss".into(),
            };
            MselRow {
                id: inject.id.clone(),
                to: inject.to.clone(),
                from: inject.from.clone(),
                status: state.status,
                due: match state.status {
                    InjectStatus::Delivered(at) => Some(at),
                    _ => msel.due_at(index),
                },
                trigger,
                zh: inject.zh.clone(),
                en: inject.en.clone(),
                ad_hoc: inject.ad_hoc,
                expectations: inject
                    .expects
                    .iter()
                    .enumerate()
                    .map(|(k, e)| {
                        let s = state.expectations.get(k);
                        (
                            e.action(),
                            s.map_or(e.within_min, |s| s.deadline),
                            s.and_then(|s| s.met_at),
                            s.is_some_and(|s| s.missed),
                        )
                    })
                    .collect(),
            }
        })
        .collect()
}

/// `HH:MM` of simulated minutes.
pub fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// What the engine thread sends to the UI.
pub enum ToUi {
    Snapshot(Box<Snapshot>),
    /// The engine has stopped (after `Quit`, or on a journal error).
    Stopped(Option<String>),
}

/// Runs `engine` on its own thread: commands in, snapshots out. Returns the engine when the
/// command channel closes or `Quit` arrives, so its final state can be reported.
pub fn spawn<E: From<ToUi> + Send + 'static>(
    mut engine: Engine,
    commands: Receiver<Command>,
    to_ui: Sender<E>,
) -> std::thread::JoinHandle<Engine> {
    std::thread::Builder::new()
        .name("drill-engine".into())
        .spawn(move || {
            let frame = WallDuration::from_millis(33);
            let mut last_wall = Instant::now();
            let mut budget_min = 0.0f64;
            let mut last_sent = Instant::now() - frame;
            let mut dirty = true;
            loop {
                let wait = if engine.paused {
                    frame * 3
                } else {
                    WallDuration::from_millis(5)
                };
                match commands.recv_timeout(wait) {
                    Ok(command) => {
                        let quit = !engine.handle(command);
                        dirty = true;
                        // Show the result of a command at once.
                        last_sent = Instant::now() - frame;
                        if quit {
                            let _ = to_ui.send(ToUi::Stopped(None).into());
                            return engine;
                        }
                        // Apply everything already queued before advancing the clock.
                        continue;
                    }
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => return engine,
                }
                let wall = Instant::now();
                let elapsed = wall.duration_since(last_wall).as_secs_f64();
                last_wall = wall;
                if engine.paused {
                    budget_min = 0.0;
                } else {
                    budget_min += elapsed * engine.speed as f64 / 60.0;
                    let tick = engine.sim.scenario().tick_min.max(1) as f64;
                    let started = Instant::now();
                    while budget_min >= tick && !engine.paused {
                        engine.advance();
                        budget_min -= tick;
                        dirty = true;
                        if started.elapsed() > frame {
                            // Falling behind: drop the debt rather than lag the UI.
                            budget_min = budget_min.min(tick);
                            break;
                        }
                    }
                }
                if dirty && last_sent.elapsed() >= frame {
                    dirty = false;
                    last_sent = Instant::now();
                    if to_ui
                        .send(ToUi::Snapshot(Box::new(engine.snapshot())).into())
                        .is_err()
                    {
                        return engine;
                    }
                }
            }
        })
        .expect("spawning the drill engine thread")
}

/// The speed after `speed` in direction `faster`.
pub fn next_speed(speed: u32, faster: bool) -> u32 {
    let i = SPEEDS.iter().position(|s| *s == speed).unwrap_or(2);
    if faster {
        SPEEDS[(i + 1).min(SPEEDS.len() - 1)]
    } else {
        SPEEDS[i.saturating_sub(1)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An engine on the template scenario whose journal cannot take a single byte.
    #[cfg(target_os = "linux")]
    fn engine_on_a_full_disk(lang: Lang) -> Engine {
        let loaded = crate::scenario::load_str(crate::template::TEMPLATE, "template.ron").unwrap();
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let journal = Journal::on_file(full, std::path::Path::new("/dev/full"));
        Engine::new(
            Setup {
                scenario: loaded.scenario.into(),
                seed: 1,
                role: "controller".into(),
                lang,
                exercise: None,
            },
            Some(journal),
        )
        .unwrap()
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn an_input_whose_journal_line_cannot_be_written_does_not_happen() {
        let mut engine = engine_on_a_full_disk(Lang::En);
        engine.handle(Command::Order("declare level I".into()));
        let snapshot = engine.snapshot();
        assert_eq!(snapshot.level, None, "the status bar shows no level");
        let feedback = snapshot.feedback.unwrap();
        assert!(
            !feedback.ok
                && feedback
                    .text
                    .starts_with("not done: the journal could not be written"),
            "{feedback:?}"
        );
        assert!(
            engine.sim.events().iter().all(|e| !matches!(
                e.kind,
                EventKind::OrderIssued { .. } | EventKind::LevelDeclared { .. }
            )),
            "the simulation never saw the order"
        );
        engine.handle(Command::Speed(600));
        assert_eq!(engine.speed, 60);
        engine.handle(Command::TogglePause);
        assert!(engine.paused);
        engine.handle(Command::Inject {
            to: "county-commander".into(),
            text: "x".into(),
        });
        assert!(engine.msel.is_none());
        engine.handle(Command::Note("seen".into()));
        assert!(engine.notes.is_empty());
        assert!(engine.entries.is_empty());
        // The clock does not run on without its record.
        engine.paused = false;
        for _ in 0..10 {
            engine.advance();
        }
        assert!(engine.paused);

        let mut engine = engine_on_a_full_disk(Lang::Zh);
        engine.handle(Command::Order("declare level I".into()));
        let feedback = engine.snapshot().feedback.unwrap();
        assert!(
            feedback.text.starts_with("未执行：记录写入失败"),
            "{feedback:?}"
        );
    }
}
