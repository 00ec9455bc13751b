//! The exercise file (MSEL, master scenario events list): injects as data, validated against the
//! scenario, and their state during a drill.
//!
//! An [`Exercise`] is read from a RON file that starts with `Exercise(`:
//!
//! ```text
//! Exercise(
//!     name: "county-hq-quake-drill",
//!     duration: "3h",
//!     players: ["county-commander"],
//!     objectives: [(id: "O1", zh: "分级响应", en: "Graded response")],
//!     injects: [
//!         (id: "I01", trigger: At("20m"), from: "县地震局", channel: Phone, to: "county-commander",
//!          zh: "…", en: "…", objective: "O1",
//!          expects: [(action: "declare level", within: "30m")], on_missed: "I01b"),
//!         (id: "I01b", trigger: Contingency, …),
//!     ],
//! )
//! ```
//!
//! Triggers: `At("90m")` (simulated time), `After(inject: "I01", delay: "10m")`, `When(...)` a
//! condition on the simulation (`DeathsAtLeast(20)`, `TrappedAtLeast(100)`,
//! `IncidentsKnown(role: "county-commander", at_least: 3)`, `LevelDeclared`,
//! `RoadsBlockedAtLeast(2)`), or `Contingency` (fired only by another inject's `on_missed`).
//! An expected action is an order pattern in the command-chain grammar (`sim::order`), matched
//! word by word against the orders given after the inject arrives; `*` matches any one word and
//! a shorter pattern matches any order it begins (`declare level` matches `declare level II`).
//!
//! [`MselState`] advances at tick boundaries only, from simulation facts, so a drill and its
//! replay fire the same injects at the same minutes.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::scenario::{
    CommandKind, Diagnostic, Diagnostics, Duration, Location, Scenario, Severity,
};
use crate::sim::order;

/// The exercise file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseSpec {
    /// Short name shown on screen and in the after-action report.
    pub name: String,
    /// Title in Chinese.
    #[serde(default)]
    pub title_zh: String,
    /// Title in English.
    #[serde(default)]
    pub title_en: String,
    /// What the exercise practises and for whom.
    #[serde(default)]
    pub description: String,
    /// The scenario the exercise is written for (informative; the drill runs the scenario it is
    /// given on the command line).
    #[serde(default)]
    pub scenario: Option<String>,
    /// Planned length of play, e.g. `"3h"`; the clock pauses when it is reached.
    pub duration: Duration,
    /// Roles the exercise expects people to play (others are played by the plan's doctrine).
    #[serde(default)]
    pub players: Vec<String>,
    /// Objectives (capabilities) evaluators rate P/S/M/U.
    #[serde(default)]
    pub objectives: Vec<ObjectiveSpec>,
    /// The injects.
    #[serde(default)]
    pub injects: Vec<InjectSpec>,
}

/// An exercise objective.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveSpec {
    pub id: String,
    pub zh: String,
    pub en: String,
}

/// One inject as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InjectSpec {
    pub id: String,
    pub trigger: TriggerSpec,
    /// Who the message claims to come from (an actor the controller plays).
    pub from: String,
    pub channel: Channel,
    /// The recipient role: `county-commander`, a specialised HQ, a command node id.
    pub to: String,
    /// Text in Chinese.
    pub zh: String,
    /// Text in English.
    pub en: String,
    /// The objective this inject tests.
    #[serde(default)]
    pub objective: Option<String>,
    /// Actions the recipient is expected to take, each within a time of delivery.
    #[serde(default)]
    pub expects: Vec<ExpectSpec>,
    /// Contingency inject fired when an expected action is missed.
    #[serde(default)]
    pub on_missed: Option<String>,
    /// An order the simulated actor carries out when the inject is delivered (same grammar as
    /// the order line), e.g. `request-aid military` for "the military region has sent a unit".
    #[serde(default)]
    pub order: Option<String>,
}

/// When an inject is delivered.
#[derive(Debug, Clone, Deserialize)]
pub enum TriggerSpec {
    /// At a simulated time from the start.
    At(Duration),
    /// A delay after another inject was delivered.
    After { inject: String, delay: Duration },
    /// When a condition on the simulation first holds.
    When(ConditionSpec),
    /// Only when another inject's expected action is missed.
    Contingency,
}

/// Conditions on the simulation an inject can wait for.
#[derive(Debug, Clone, Deserialize)]
pub enum ConditionSpec {
    /// Deaths (ground truth) at least N.
    DeathsAtLeast(u32),
    /// People trapped so far (ground truth) at least N.
    TrappedAtLeast(u32),
    /// Road links blocked at once at least N.
    RoadsBlockedAtLeast(u32),
    /// A response level has been declared.
    LevelDeclared,
    /// A role knows of at least N incidents.
    IncidentsKnown { role: String, at_least: u32 },
}

/// How a message reaches its recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
pub enum Channel {
    Phone,
    SatellitePhone,
    Radio,
    Fax,
    Written,
    Runner,
    FaceToFace,
    Media,
    Sms,
}

impl Channel {
    /// The channel's label in Chinese and English.
    pub fn label(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Channel::Phone, true) => "电话",
            (Channel::Phone, false) => "phone",
            (Channel::SatellitePhone, true) => "卫星电话",
            (Channel::SatellitePhone, false) => "sat phone",
            (Channel::Radio, true) => "电台",
            (Channel::Radio, false) => "radio",
            (Channel::Fax, true) => "传真",
            (Channel::Fax, false) => "fax",
            (Channel::Written, true) => "书面",
            (Channel::Written, false) => "written",
            (Channel::Runner, true) => "专人",
            (Channel::Runner, false) => "runner",
            (Channel::FaceToFace, true) => "当面",
            (Channel::FaceToFace, false) => "in person",
            (Channel::Media, true) => "媒体",
            (Channel::Media, false) => "media",
            (Channel::Sms, true) => "短信",
            (Channel::Sms, false) => "SMS",
        }
    }
}

/// An expected action as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectSpec {
    /// An order pattern, e.g. `"declare level"` or `"dispatch * to t06"`.
    pub action: String,
    /// Deadline after delivery.
    pub within: Duration,
}

/// A validated exercise: references resolved to indices.
#[derive(Debug, Clone, PartialEq)]
pub struct Exercise {
    pub name: String,
    pub title_zh: String,
    pub title_en: String,
    pub description: String,
    pub duration_min: u32,
    pub players: Vec<String>,
    pub objectives: Vec<Objective>,
    pub injects: Vec<Inject>,
}

/// A validated objective.
#[derive(Debug, Clone, PartialEq)]
pub struct Objective {
    pub id: String,
    pub zh: String,
    pub en: String,
}

/// A validated inject (scripted, or added by the controller during play).
#[derive(Debug, Clone, PartialEq)]
pub struct Inject {
    pub id: String,
    pub trigger: Trigger,
    pub from: String,
    pub channel: Channel,
    pub to: String,
    pub zh: String,
    pub en: String,
    pub objective: Option<usize>,
    pub expects: Vec<Expectation>,
    pub on_missed: Option<usize>,
    pub order: Option<order::Order>,
    /// Written by the controller during play rather than in the exercise file.
    pub ad_hoc: bool,
}

/// A validated trigger.
#[derive(Debug, Clone, PartialEq)]
pub enum Trigger {
    At(u32),
    After { inject: usize, delay_min: u32 },
    When(Condition),
    Contingency,
}

/// A validated condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    DeathsAtLeast(u32),
    TrappedAtLeast(u32),
    RoadsBlockedAtLeast(u32),
    LevelDeclared,
    IncidentsKnown { role: String, at_least: u32 },
}

/// A validated expected action.
#[derive(Debug, Clone, PartialEq)]
pub struct Expectation {
    /// The pattern's words.
    pub pattern: Vec<String>,
    pub within_min: u32,
}

impl Expectation {
    /// The pattern as written.
    pub fn action(&self) -> String {
        self.pattern.join(" ")
    }

    /// Whether `order_text` (an order in the grammar) fulfils this expectation.
    pub fn matches(&self, order_text: &str) -> bool {
        let words: Vec<&str> = order_text.split_whitespace().collect();
        if words.len() < self.pattern.len() {
            return false;
        }
        self.pattern
            .iter()
            .zip(&words)
            .all(|(p, w)| p == "*" || same_word(p, w))
    }
}

fn same_word(pattern: &str, word: &str) -> bool {
    if pattern.eq_ignore_ascii_case(word) {
        return true;
    }
    // Levels may be written I/1/Ⅰ.
    let level = |w: &str| order::parse_order(&format!("declare level {w}")).ok();
    matches!((level(pattern), level(word)), (Some(a), Some(b)) if a == b)
}

/// Whether `name` is a role of `scenario` (the names `Sim::role` accepts).
pub fn role_exists(scenario: &Scenario, name: &str) -> bool {
    let has_kind = |kind: CommandKind| scenario.organisation.iter().any(|n| n.kind == kind);
    match name {
        "controller" | "county-commander" | "county-hq" => true,
        "earthquake-hq" => has_kind(CommandKind::EarthquakeHq),
        "flood-hq" => has_kind(CommandKind::FloodDroughtHq),
        "forest-fire-hq" => has_kind(CommandKind::ForestFireHq),
        "geological-hq" => has_kind(CommandKind::GeologicalHq),
        id => scenario.organisation.iter().any(|n| n.id == id),
    }
}

/// Reads and validates an exercise file against `scenario`; every problem at once.
pub fn load(path: &Path, scenario: &Scenario) -> Result<Exercise, Diagnostics> {
    let shown = path.display().to_string();
    let text =
        crate::scenario::load::read_text(path).map_err(|d| Diagnostics { items: vec![d] })?;
    load_str(&text, &shown, scenario)
}

/// Parses and validates exercise text; `file` names it in diagnostics.
pub fn load_str(text: &str, file: &str, scenario: &Scenario) -> Result<Exercise, Diagnostics> {
    validate(&parse(text, file)?, file, scenario)
}

/// Parses exercise text without checking it against a scenario (`check` reads the scenario the
/// exercise names from it). Text that does not begin `Exercise(` is refused without being quoted.
pub fn parse(text: &str, file: &str) -> Result<ExerciseSpec, Diagnostics> {
    #[derive(Deserialize)]
    enum Document {
        Exercise(Box<ExerciseSpec>),
    }
    crate::scenario::load::refuse_foreign(text, file, &["Exercise"])
        .map_err(|d| Diagnostics { items: vec![d] })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let spec = match crate::scenario::load::ron_options().from_str::<Document>(text) {
        Ok(Document::Exercise(spec)) => *spec,
        Err(error) => {
            let line = error.span.start.line.max(1);
            let col = error.span.start.col.max(1);
            let line_text = text
                .lines()
                .nth(line - 1)
                .unwrap_or_default()
                .trim_end()
                .to_string();
            let message = error.code.to_string();
            let hint = if message.contains("variant") {
                Some("an exercise file starts with Exercise(...); see docs/drill.md".to_string())
            } else if message.contains("field") {
                Some("docs/drill.md lists the fields of an exercise and its injects".to_string())
            } else {
                None
            };
            return Err(Diagnostics {
                items: vec![Diagnostic {
                    severity: Severity::Error,
                    file: file.to_string(),
                    location: Location::Text {
                        line,
                        col,
                        line_text,
                    },
                    message,
                    hint,
                }],
            });
        }
    };
    Ok(spec)
}

/// The ids an expected-action pattern names that the scenario lacks (`*` matches anything).
/// Positions follow the order grammar: `dispatch TEAM to PLACE`, `dispatch TEAM clear ROAD`,
/// `recall TEAM`, `field-post PLACE commander TEAM`, `priority PLACE N`.
fn pattern_unknown_ids(pattern: &[String], scenario: &Scenario) -> Vec<order::OrderError> {
    use order::OrderError;
    let word = |i: usize| pattern.get(i).map(String::as_str).filter(|w| *w != "*");
    let team = |i: usize| {
        word(i)
            .filter(|id| !scenario.teams.iter().any(|t| t.id == *id))
            .map(|id| OrderError::UnknownTeam(id.to_string()))
    };
    let place = |i: usize| {
        word(i)
            .filter(|id| !scenario.region.places.iter().any(|p| p.id == *id))
            .map(|id| OrderError::UnknownPlace(id.to_string()))
    };
    let road = |i: usize| {
        word(i)
            .filter(|id| !scenario.region.roads.iter().any(|r| r.id == *id))
            .map(|id| OrderError::UnknownRoad(id.to_string()))
    };
    match (word(0), word(2)) {
        (Some("dispatch"), Some("to")) => vec![team(1), place(3)],
        (Some("dispatch"), Some("clear")) => vec![team(1), road(3)],
        (Some("dispatch"), _) | (Some("recall"), _) => vec![team(1)],
        (Some("field-post"), _) => vec![place(1), team(3)],
        (Some("priority"), _) => vec![place(1)],
        _ => vec![],
    }
    .into_iter()
    .flatten()
    .collect()
}

/// Checks an exercise against a scenario: ids unique, references known, roles real, order
/// patterns in the grammar and naming the scenario's ids, times within the exercise.
pub fn validate(
    spec: &ExerciseSpec,
    file: &str,
    scenario: &Scenario,
) -> Result<Exercise, Diagnostics> {
    let mut problems = Diagnostics::default();
    let mut error = |path: String, message: String, hint: Option<String>| {
        let mut d = Diagnostic::error_at(file, path, message);
        d.hint = hint;
        problems.push(d);
    };
    let role_hint = || {
        let mut roles = vec!["controller".to_string(), "county-commander".to_string()];
        roles.extend(scenario.organisation.iter().take(4).map(|n| n.id.clone()));
        Some(format!("roles are {}, …", roles.join(", ")))
    };
    for (i, player) in spec.players.iter().enumerate() {
        if !role_exists(scenario, player) || player == "controller" {
            error(
                format!("players[{i}]"),
                format!("no player role `{player}` in this scenario"),
                role_hint(),
            );
        }
    }
    let mut objective_index = BTreeMap::new();
    for (i, o) in spec.objectives.iter().enumerate() {
        if objective_index.insert(o.id.as_str(), i).is_some() {
            error(
                format!("objectives[{i}].id"),
                format!("duplicate objective id `{}`", o.id),
                None,
            );
        }
    }
    let mut inject_index = BTreeMap::new();
    for (i, inject) in spec.injects.iter().enumerate() {
        if inject.id.trim().is_empty() || inject.id.contains(char::is_whitespace) {
            error(
                format!("injects[{i}].id"),
                format!("inject id `{}` must be one word", inject.id),
                None,
            );
        }
        if inject_index.insert(inject.id.as_str(), i).is_some() {
            error(
                format!("injects[{i}].id"),
                format!("duplicate inject id `{}`", inject.id),
                None,
            );
        }
    }
    let resolve_inject = |id: &str| inject_index.get(id).copied();
    let suggest = |id: &str| {
        crate::scenario::diagnostic::closest(id, inject_index.keys().copied())
            .map(|s| format!("did you mean `{s}`?"))
    };
    let mut injects = Vec::new();
    for (i, s) in spec.injects.iter().enumerate() {
        let at = |field: &str| format!("injects[{i}].{field}");
        let trigger = match &s.trigger {
            TriggerSpec::At(d) => {
                if d.as_minutes() > spec.duration.as_minutes() {
                    error(
                        at("trigger"),
                        format!(
                            "At(\"{d}\") is after the exercise ends ({}): the inject would never be delivered",
                            spec.duration
                        ),
                        Some("move the inject earlier or lengthen `duration`".into()),
                    );
                }
                Trigger::At(d.as_minutes())
            }
            TriggerSpec::After { inject, delay } => match resolve_inject(inject) {
                Some(j) if j != i => Trigger::After {
                    inject: j,
                    delay_min: delay.as_minutes(),
                },
                Some(_) => {
                    error(at("trigger"), "an inject cannot follow itself".into(), None);
                    Trigger::Contingency
                }
                None => {
                    error(
                        at("trigger.inject"),
                        format!("unknown inject `{inject}`"),
                        suggest(inject),
                    );
                    Trigger::Contingency
                }
            },
            TriggerSpec::When(c) => Trigger::When(match c {
                ConditionSpec::DeathsAtLeast(n) => Condition::DeathsAtLeast(*n),
                ConditionSpec::TrappedAtLeast(n) => Condition::TrappedAtLeast(*n),
                ConditionSpec::RoadsBlockedAtLeast(n) => Condition::RoadsBlockedAtLeast(*n),
                ConditionSpec::LevelDeclared => Condition::LevelDeclared,
                ConditionSpec::IncidentsKnown { role, at_least } => {
                    if !role_exists(scenario, role) {
                        error(
                            at("trigger.role"),
                            format!("no role `{role}` in this scenario"),
                            role_hint(),
                        );
                    }
                    Condition::IncidentsKnown {
                        role: role.clone(),
                        at_least: *at_least,
                    }
                }
            }),
            TriggerSpec::Contingency => Trigger::Contingency,
        };
        if !role_exists(scenario, &s.to) {
            error(
                at("to"),
                format!("no role `{}` in this scenario", s.to),
                role_hint(),
            );
        }
        if s.zh.trim().is_empty() || s.en.trim().is_empty() {
            error(
                at("zh"),
                "an inject needs its text in both zh and en".into(),
                None,
            );
        }
        let objective = match &s.objective {
            None => None,
            Some(o) => match objective_index.get(o.as_str()) {
                Some(&index) => Some(index),
                None => {
                    error(at("objective"), format!("unknown objective `{o}`"), None);
                    None
                }
            },
        };
        let mut expects = Vec::new();
        for (k, e) in s.expects.iter().enumerate() {
            let pattern: Vec<String> = e.action.split_whitespace().map(str::to_string).collect();
            match pattern.first() {
                Some(verb) if order::VERBS.contains(&verb.as_str()) => {}
                _ => error(
                    format!("injects[{i}].expects[{k}].action"),
                    format!("`{}` does not start with an order verb", e.action),
                    Some(format!(
                        "an action is an order pattern: {}",
                        order::VERBS.join(", ")
                    )),
                ),
            }
            for unknown in pattern_unknown_ids(&pattern, scenario) {
                error(
                    format!("injects[{i}].expects[{k}].action"),
                    format!("`{}` names an {unknown}", e.action),
                    Some("ids in an action are the scenario's team, place and road ids".into()),
                );
            }
            expects.push(Expectation {
                pattern,
                within_min: e.within.as_minutes(),
            });
        }
        let on_missed = match &s.on_missed {
            None => None,
            Some(id) => match resolve_inject(id) {
                Some(j) => {
                    if !matches!(spec.injects[j].trigger, TriggerSpec::Contingency) {
                        error(
                            at("on_missed"),
                            format!("`{id}` is not a contingency inject"),
                            Some("give the contingency inject `trigger: Contingency`".into()),
                        );
                    }
                    Some(j)
                }
                None => {
                    error(
                        at("on_missed"),
                        format!("unknown inject `{id}`"),
                        suggest(id),
                    );
                    None
                }
            },
        };
        if s.on_missed.is_some() && s.expects.is_empty() {
            error(
                at("on_missed"),
                "there is no expected action to miss".into(),
                None,
            );
        }
        let order = match &s.order {
            None => None,
            Some(text) => match order::parse_order(text) {
                Ok(o) => {
                    for unknown in o.unknown_ids(scenario) {
                        error(
                            at("order"),
                            format!("`{text}` names an {unknown}"),
                            Some("the order is carried out when the inject is delivered: name the scenario's own ids".into()),
                        );
                    }
                    Some(o)
                }
                Err(e) => {
                    error(at("order"), e.to_string(), None);
                    None
                }
            },
        };
        injects.push(Inject {
            id: s.id.clone(),
            trigger,
            from: s.from.clone(),
            channel: s.channel,
            to: s.to.clone(),
            zh: s.zh.clone(),
            en: s.en.clone(),
            objective,
            expects,
            on_missed,
            order,
            ad_hoc: false,
        });
    }
    // `After` chains must not loop.
    for start in 0..injects.len() {
        let mut at = start;
        for _ in 0..=injects.len() {
            match injects[at].trigger {
                Trigger::After { inject, .. } => at = inject,
                _ => break,
            }
            if at == start {
                error(
                    format!("injects[{start}].trigger"),
                    "`After` triggers form a loop".into(),
                    None,
                );
                break;
            }
        }
    }
    if spec.duration.as_minutes() == 0 {
        error(
            "duration".into(),
            "an exercise lasts more than 0 minutes".into(),
            None,
        );
    } else if spec.duration.as_minutes() > scenario.duration_min {
        error(
            "duration".into(),
            format!(
                "is {}, longer than the scenario's run ({} minutes): play would outlast the simulation",
                spec.duration, scenario.duration_min
            ),
            Some("shorten the exercise or lengthen the scenario's `duration`".into()),
        );
    }
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(Exercise {
        name: spec.name.clone(),
        title_zh: spec.title_zh.clone(),
        title_en: spec.title_en.clone(),
        description: spec.description.clone(),
        duration_min: spec.duration.as_minutes(),
        players: spec.players.clone(),
        objectives: spec
            .objectives
            .iter()
            .map(|o| Objective {
                id: o.id.clone(),
                zh: o.zh.clone(),
                en: o.en.clone(),
            })
            .collect(),
        injects,
    })
}

/// Where an inject stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InjectStatus {
    Waiting,
    Delivered(u32),
    Cancelled,
}

/// One expected action during play.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpectationState {
    pub deadline: u32,
    pub met_at: Option<u32>,
    /// The order that met it.
    pub met_by: Option<String>,
    pub missed: bool,
}

/// The run-time state of one inject.
#[derive(Debug, Clone, PartialEq)]
pub struct InjectState {
    pub status: InjectStatus,
    /// Re-timed by the controller: deliver at this minute instead.
    pub retimed: Option<u32>,
    /// Fired as a contingency.
    pub fired: bool,
    pub expectations: Vec<ExpectationState>,
}

/// What the MSEL needs to know of the simulation at a tick boundary.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub deaths: u32,
    pub trapped: u32,
    pub roads_blocked: usize,
    pub level_declared: bool,
    /// Incidents known per role named in a condition.
    pub incidents_known: BTreeMap<String, usize>,
}

/// Something the MSEL did at a tick boundary.
#[derive(Debug, Clone, PartialEq)]
pub enum MselAction {
    Delivered { inject: usize },
    Missed { inject: usize, expectation: usize },
    Met { inject: usize, expectation: usize },
}

/// The exercise during play.
#[derive(Debug, Clone)]
pub struct MselState {
    pub exercise: Exercise,
    pub injects: Vec<InjectState>,
}

impl MselState {
    pub fn new(exercise: Exercise) -> MselState {
        let injects = exercise
            .injects
            .iter()
            .map(|_| InjectState {
                status: InjectStatus::Waiting,
                retimed: None,
                fired: false,
                expectations: Vec::new(),
            })
            .collect();
        MselState { exercise, injects }
    }

    /// Roles whose known incidents a condition waits for.
    pub fn watched_roles(&self) -> Vec<String> {
        let mut roles: Vec<String> = self
            .exercise
            .injects
            .iter()
            .zip(&self.injects)
            .filter(|(_, s)| s.status == InjectStatus::Waiting)
            .filter_map(|(i, _)| match &i.trigger {
                Trigger::When(Condition::IncidentsKnown { role, .. }) => Some(role.clone()),
                _ => None,
            })
            .collect();
        roles.sort();
        roles.dedup();
        roles
    }

    /// Adds an inject written by the controller, delivered at the next tick boundary.
    pub fn add_ad_hoc(&mut self, to: &str, text: &str, now: u32) -> usize {
        let n = self.exercise.injects.iter().filter(|i| i.ad_hoc).count() + 1;
        self.exercise.injects.push(Inject {
            id: format!("X{n:02}"),
            trigger: Trigger::At(now),
            from: "导调组 controller".into(),
            channel: Channel::Phone,
            to: to.to_string(),
            zh: text.to_string(),
            en: text.to_string(),
            objective: None,
            expects: Vec::new(),
            on_missed: None,
            order: None,
            ad_hoc: true,
        });
        self.injects.push(InjectState {
            status: InjectStatus::Waiting,
            retimed: None,
            fired: false,
            expectations: Vec::new(),
        });
        self.injects.len() - 1
    }

    /// Index of an inject by id.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.exercise
            .injects
            .iter()
            .position(|i| i.id.eq_ignore_ascii_case(id))
    }

    /// Cancels a waiting inject.
    pub fn cancel(&mut self, index: usize) -> Result<(), String> {
        match self.injects[index].status {
            InjectStatus::Waiting => {
                self.injects[index].status = InjectStatus::Cancelled;
                Ok(())
            }
            InjectStatus::Delivered(at) => Err(format!("already delivered at minute {at}")),
            InjectStatus::Cancelled => Err("already cancelled".into()),
        }
    }

    /// Re-times a waiting inject to `at`.
    pub fn retime(&mut self, index: usize, at: u32) -> Result<(), String> {
        match self.injects[index].status {
            InjectStatus::Waiting => {
                self.injects[index].retimed = Some(at);
                Ok(())
            }
            _ => Err("only a waiting inject can be re-timed".into()),
        }
    }

    /// When a waiting inject is due, if its trigger is a time.
    pub fn due_at(&self, index: usize) -> Option<u32> {
        if let Some(at) = self.injects[index].retimed {
            return Some(at);
        }
        match &self.exercise.injects[index].trigger {
            Trigger::At(at) => Some(*at),
            Trigger::After { inject, delay_min } => match self.injects[*inject].status {
                InjectStatus::Delivered(at) => Some(at + delay_min),
                _ => None,
            },
            _ => None,
        }
    }

    /// Advances the MSEL at a tick boundary: checks new orders against open expectations,
    /// marks missed ones (firing contingencies) and delivers due injects.
    pub fn update(
        &mut self,
        now: u32,
        facts: &Facts,
        new_orders: &[(u32, String)],
    ) -> Vec<MselAction> {
        let mut actions = Vec::new();
        for (i, state) in self.injects.iter_mut().enumerate() {
            for (k, e) in state.expectations.iter_mut().enumerate() {
                if e.met_at.is_some() || e.missed {
                    continue;
                }
                let expectation = &self.exercise.injects[i].expects[k];
                if let Some((t, text)) = new_orders
                    .iter()
                    .find(|(_, text)| expectation.matches(text))
                {
                    e.met_at = Some(*t);
                    e.met_by = Some(text.clone());
                    actions.push(MselAction::Met {
                        inject: i,
                        expectation: k,
                    });
                }
            }
        }
        let mut contingencies = Vec::new();
        for (i, state) in self.injects.iter_mut().enumerate() {
            for (k, e) in state.expectations.iter_mut().enumerate() {
                if e.met_at.is_none() && !e.missed && now > e.deadline {
                    e.missed = true;
                    actions.push(MselAction::Missed {
                        inject: i,
                        expectation: k,
                    });
                    if let Some(c) = self.exercise.injects[i].on_missed {
                        contingencies.push(c);
                    }
                }
            }
        }
        for c in contingencies {
            if self.injects[c].status == InjectStatus::Waiting && !self.injects[c].fired {
                self.injects[c].fired = true;
            }
        }
        // Deliver in file order; an `After` chain with zero delay delivers in the same tick.
        loop {
            let mut delivered_any = false;
            for i in 0..self.injects.len() {
                if self.injects[i].status != InjectStatus::Waiting {
                    continue;
                }
                let due = match self.due_at(i) {
                    Some(at) => at <= now,
                    None => match &self.exercise.injects[i].trigger {
                        Trigger::When(c) => self.injects[i].retimed.is_none() && holds(c, facts),
                        Trigger::Contingency => self.injects[i].fired,
                        _ => false,
                    },
                };
                if due {
                    self.deliver(i, now);
                    actions.push(MselAction::Delivered { inject: i });
                    delivered_any = true;
                }
            }
            if !delivered_any {
                break;
            }
        }
        actions
    }

    fn deliver(&mut self, index: usize, now: u32) {
        let expectations = self.exercise.injects[index]
            .expects
            .iter()
            .map(|e| ExpectationState {
                deadline: now + e.within_min,
                met_at: None,
                met_by: None,
                missed: false,
            })
            .collect();
        let state = &mut self.injects[index];
        state.status = InjectStatus::Delivered(now);
        state.expectations = expectations;
    }
}

fn holds(condition: &Condition, facts: &Facts) -> bool {
    match condition {
        Condition::DeathsAtLeast(n) => facts.deaths >= *n,
        Condition::TrappedAtLeast(n) => facts.trapped >= *n,
        Condition::RoadsBlockedAtLeast(n) => facts.roads_blocked >= *n as usize,
        Condition::LevelDeclared => facts.level_declared,
        Condition::IncidentsKnown { role, at_least } => {
            facts.incidents_known.get(role).copied().unwrap_or(0) >= *at_least as usize
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_orders_word_by_word() {
        let e = |p: &str| Expectation {
            pattern: p.split_whitespace().map(str::to_string).collect(),
            within_min: 10,
        };
        assert!(e("declare level").matches("declare level II"));
        assert!(e("declare level 2").matches("declare level II"));
        assert!(e("dispatch * to t06").matches("dispatch fr01 to t06"));
        assert!(!e("dispatch * to t06").matches("dispatch fr01 to t07"));
        assert!(!e("dispatch * to t06").matches("dispatch fr01"));
        assert!(!e("recall").matches("request-aid military"));
    }
}
