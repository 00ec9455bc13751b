//! What one role sees at one moment, as the front ends (drill, reports) read it.

use std::collections::BTreeMap;

use super::duties::{ProtocolItem, RequiredReport};
pub use crate::sim::components::TeamStatusKind;
pub use crate::sim::roads::LinkState;

/// Who is looking: the exercise controller (ground truth) or a command node (its belief).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Controller,
    Node(usize),
}

/// An incident as a role sees it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct IncidentView {
    pub incident: String,
    pub place: String,
    pub trapped: u32,
    /// Deaths verified (the controller: every death so far).
    pub dead: u32,
    /// People unaccounted for (失联), as reported (the controller: as they are now).
    pub missing: u32,
    /// When this role learned of it.
    pub known_since: u32,
    /// When its figures were last updated for this role.
    pub updated_at: u32,
    pub closed: bool,
}

/// A team as a role sees it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TeamView {
    pub team: String,
    pub status: TeamStatusKind,
    pub place: String,
    /// As of when.
    pub as_of: u32,
    /// When it expects to arrive at `place`, as last reported (mobilising or en route).
    pub eta: Option<u32>,
}

/// A report in a role's inbox.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct InboxView {
    pub at: u32,
    pub from: String,
    pub report: &'static str,
    pub incident: String,
    pub trapped: u32,
    pub dead: u32,
    pub missing: u32,
}

/// A road's state as a role knows it (the controller: every road, as it is now).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RoadView {
    pub road: String,
    /// Its index in the scenario's roads.
    pub index: usize,
    pub state: LinkState,
    /// When it was found in this state.
    pub as_of: u32,
    /// The command node that found it (`controller` for ground truth).
    pub from: String,
}

/// A fact a role holds: a department's own, or one shared with it, or a note that something
/// was shared with it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FactView {
    /// `forecasts`, `reservoirs`, `beds`, `teams`, or `shared` for a note of a share received.
    pub kind: &'static str,
    pub as_of: u32,
    /// The node whose fact it is (its own id for a department's own facts).
    pub from: String,
    pub zh: String,
    pub en: String,
}

/// Exactly what one role knows at one moment.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct View {
    pub role: String,
    pub now: u32,
    /// The level in force (everyone in the chain is told of a declaration).
    pub level: Option<&'static str>,
    pub incidents: Vec<IncidentView>,
    pub teams: Vec<TeamView>,
    pub inbox: Vec<InboxView>,
    /// The roads whose state it knows, in scenario order (unknown roads are left out).
    pub roads: Vec<RoadView>,
    /// Department facts it holds or was given, oldest first.
    pub facts: Vec<FactView>,
}

/// What only the exercise controller sees: the ground truth behind every role's picture
/// ([`crate::sim::Sim::truth`]). A player's screen never reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Truth {
    /// Every team, in scenario order.
    pub teams: Vec<TeamTruth>,
    /// Teams assigned to each rescue site, by incident id.
    pub teams_at: BTreeMap<String, u32>,
    /// Each road's state, in scenario order.
    pub roads: Vec<LinkState>,
}

/// A team as it really is.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamTruth {
    /// Its index in the scenario's teams.
    pub index: usize,
    pub status: TeamStatusKind,
    /// The place it is at, or travelling to.
    pub location: usize,
    pub movement: Movement,
    pub task: Option<TaskTruth>,
}

/// How a team is moving.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Movement {
    /// On the road from place `from` (left at `depart_at`) to its location, arriving at
    /// `arrive_at`.
    EnRoute {
        from: usize,
        depart_at: u32,
        arrive_at: u32,
    },
    /// Gathering at its location, ready at `ready_at`.
    Mobilising { ready_at: u32 },
    /// Not moving.
    Still,
}

/// What a team is doing.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskTruth {
    /// Rescue at an incident (its id, if the site still exists).
    Rescue {
        incident: Option<String>,
    },
    /// Clearing the road with this index.
    ClearRoad {
        road: usize,
    },
    ReturnToBase,
}

/// The reporting record an after-action report judges: every required report so far and every
/// field-commander protocol item ([`crate::sim::Sim::reporting_record`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportingRecord {
    pub reports: Vec<RequiredReport>,
    pub protocol: Vec<ProtocolItem>,
}
