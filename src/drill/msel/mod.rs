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
//! An expected action is an order pattern in the command-chain grammar (`sim::order`): `*` is any
//! one word and a shorter pattern leaves the rest open (`declare level`). It is met when the
//! pattern's effect holds at or after the inject arrives, whoever brought it about
//! (`sim::Sim::effect_holds`), so an early action counts and a refused order never does.
//!
//! [`MselState`] advances at tick boundaries only, from simulation facts, so a drill and its
//! replay fire the same injects at the same minutes.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::scenario::{CommandKind, Diagnostic, Diagnostics, Scenario};
use crate::sim::order;

pub mod locate;
mod spec;
mod state;
mod validate;

pub use spec::*;
pub use state::*;
pub use validate::{
    check_str, load, load_str, named_scenario, other_scenario, other_scenario_warning, parse,
    review, role_exists, seat_may_issue, seat_node, validate,
};

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
}
