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

use crate::scenario::{CommandKind, DispatchRule, Scenario};
use crate::sim::command::{Role, View};
use crate::sim::{EventKind, Kpi, RunSeed, Sim};

use super::i18n::{Lang, Text};
use super::journal::{Entry, EntryKind, Journal};
use super::line::Command;
use super::msel::{Facts, InjectStatus, MselAction, MselState};

mod exercise;
mod fates;
mod input;
mod requests;
mod runtime;
mod snapshot;
mod view;

pub use input::Refused;
pub use runtime::{ToUi, clock, next_speed, spawn};
use snapshot::static_info;
pub use snapshot::{DRILL_KPIS, kpi_rows};
pub use view::*;

/// Everything needed to start an engine.
pub struct Setup {
    /// The scenario as the drill runs it (dispatch taken over when a person plays the HQ).
    pub scenario: Arc<Scenario>,
    pub seed: u64,
    pub role: String,
    pub lang: Lang,
    pub exercise: Option<super::msel::Exercise>,
}

/// The role name of the evaluator's seat (`drillsim seats` lists it beside the controller).
pub const EVALUATOR: &str = "evaluator";

/// Whether a person in `role` takes the county HQ's dispatching over from the doctrine.
pub fn role_takes_over_dispatch(scenario: &Scenario, role: &str) -> bool {
    let hq_kind = |k: CommandKind| {
        matches!(k, CommandKind::CountyHq | CommandKind::DeputyHq) || k.is_specialised_hq()
    };
    match role {
        "controller" | EVALUATOR => false,
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
    pub speed: u32,
    pub paused: bool,
    ratings: Vec<Rating>,
    notes: Vec<(u32, String)>,
    feedback: Option<Feedback>,
    feedback_seq: u64,
    /// Every order this seat gave and its latest fate, in the order given.
    fates: Vec<OrderFate>,
    /// Every change of those fates, for the seat's inbox: (minute, order, fate).
    fate_log: Vec<(u32, String, Fate)>,
    /// How far the event log has been searched for refused orders.
    refusal_cursor: usize,
    /// How many answers to requests have been looked at.
    answer_cursor: usize,
    last_clock_entry: u32,
    exercise_end: Option<u32>,
    exercise_end_announced: bool,
    statics: Arc<StaticInfo>,
    hq_role: Role,
    /// The evaluator's seat: the controller's view, ratings and notes, no orders or injects.
    evaluator: bool,
}

impl Engine {
    /// Builds the engine; `journal` receives every input from now on.
    pub fn new(setup: Setup, journal: Option<Journal>) -> Result<Engine, String> {
        let mut sim = Sim::new(setup.scenario.clone(), RunSeed::new(setup.seed));
        // The evaluator sees what the controller sees, rates and notes, and gives no orders.
        let evaluator = setup.role == EVALUATOR;
        let role = if evaluator {
            Role::Controller
        } else {
            sim.role(&setup.role).map_err(|e| e.to_string())?
        };
        // The doctrine leaves the seat a person plays alone (its teams are the player's).
        sim.play(role);
        let hq_role = sim.role("county-commander").map_err(|e| e.to_string())?;
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
            speed: 60,
            paused: true,
            ratings: Vec::new(),
            notes: Vec::new(),
            feedback: None,
            feedback_seq: 0,
            fates: Vec::new(),
            fate_log: Vec::new(),
            refusal_cursor: 0,
            answer_cursor: 0,
            last_clock_entry: 0,
            exercise_end,
            exercise_end_announced: false,
            statics,
            hq_role,
            evaluator,
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
            Command::Order(_)
            | Command::Inject { .. }
            | Command::Cancel(_)
            | Command::Retime { .. }
                if self.evaluator =>
            {
                Err(self.lang.t(Text::EvaluatorGivesNoOrders).to_string())
            }
            other => self
                .apply_input(other, true)
                .map_err(|refused| refused.text(self.lang)),
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

    /// Runs one tick: the exercise script first (at this minute), then the simulation.
    pub fn advance(&mut self) {
        let now = self.sim.now();
        self.update_msel(now);
        self.sim.step();
        self.report_refusals();
        self.report_answers();
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
        // What the exercise script noted as a tick began (deliveries, met and missed actions,
        // its orders' refusals) says that tick ran: a drill stopped just after it resumes after
        // it, so nothing is shown late or delivered (and journaled) twice.
        let ran_to = entries
            .iter()
            .filter(|e| match &e.kind {
                EntryKind::Delivered { .. } | EntryKind::Met { .. } | EntryKind::Missed { .. } => {
                    true
                }
                EntryKind::Refused { by, .. } => by.starts_with("exercise"),
                _ => false,
            })
            .map(|e| e.t + 1)
            .max()
            .unwrap_or(0);
        let until = until.max(ran_to);
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

    fn engine_on_the_template(role: &str, lang: Lang) -> Engine {
        let loaded = crate::scenario::load_str(crate::template::TEMPLATE, "template.ron").unwrap();
        Engine::new(
            Setup {
                scenario: loaded.scenario.into(),
                seed: 1,
                role: role.into(),
                lang,
                exercise: None,
            },
            None,
        )
        .unwrap()
    }

    #[test]
    fn refused_inputs_are_explained_in_the_drills_language() {
        let refusal = |role: &str, lang: Lang, command: Command| {
            let mut engine = engine_on_the_template(role, lang);
            engine.handle(command);
            let feedback = engine.snapshot().feedback.unwrap();
            assert!(!feedback.ok, "{feedback:?}");
            feedback.text
        };
        let order = || Command::Order("recall nobody".into());
        let note = || Command::Note("seen".into());
        let cancel = || Command::Cancel("I01".into());
        let inject = || Command::Inject {
            to: "nobody".into(),
            text: "x".into(),
        };
        assert_eq!(
            refusal("controller", Lang::Zh, order()),
            "未执行：未知队伍 `nobody`"
        );
        assert_eq!(
            refusal("controller", Lang::En, order()),
            "not done: unknown team `nobody`"
        );
        assert_eq!(
            refusal("county-commander", Lang::Zh, note()),
            "未执行：仅限导调人员"
        );
        assert_eq!(
            refusal("county-commander", Lang::En, note()),
            "not done: controller only"
        );
        assert_eq!(
            refusal("controller", Lang::Zh, cancel()),
            "未执行：未加载演练脚本"
        );
        assert_eq!(
            refusal("controller", Lang::En, cancel()),
            "not done: no exercise loaded"
        );
        assert_eq!(
            refusal("controller", Lang::Zh, inject()),
            "未执行：没有角色 `nobody`"
        );
        assert_eq!(
            refusal("controller", Lang::En, inject()),
            "not done: no role `nobody`"
        );
    }
}
