//! What one role sees at one moment, as the front ends (drill, reports) read it.

use crate::sim::components::TeamStatusKind;

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
    pub dead: u32,
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
}
