//! What each command node believes: the incidents it knows, the estimates it was given (which
//! can be stale or wrong), the road states reported to it and the reports and shared
//! information it received.

use std::collections::BTreeMap;
use std::sync::Arc;

use bevy_ecs::prelude::*;

use super::duties::ReportKind;
use super::facts::Fact;
use crate::sim::roads::LinkState;

/// What a command node believes about one road: its state as of when, and who found it out
/// (a local command, the transport bureau's patrol, or whoever shared it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoadBelief {
    pub state: LinkState,
    /// The minute the state was found.
    pub as_of: u32,
    /// The command node that found it.
    pub source: usize,
}

/// Information another node shared with this one, or a report a seat sent, as received.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub at: u32,
    pub from: usize,
    /// What was shared (`roads`, `incidents`, …; see `order::Info`).
    pub what: &'static str,
    /// How many items it carried.
    pub items: usize,
}

/// What a command node believes about one incident.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentBelief {
    pub incident: String,
    /// The rescue site behind it (what orders and the doctrine act on).
    pub site: Entity,
    pub place: usize,
    pub est_trapped: u32,
    pub est_dead: u32,
    pub known_since: u32,
    pub updated_at: u32,
    /// When the report behind the current figures was sent: an older one arriving late does
    /// not overwrite them.
    pub reported_at: u32,
    pub closed: bool,
    /// A field command post runs it (the HQ learns from the post's size-up).
    pub has_post: bool,
}

/// A report as received.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    pub at: u32,
    pub from: usize,
    pub kind: ReportKind,
    pub incident: Arc<str>,
    pub est_trapped: u32,
    pub est_dead: u32,
}

/// What one command node knows.
#[derive(Component, Debug, Clone, Default)]
pub struct Belief {
    pub node: usize,
    /// Incidents by id.
    pub incidents: BTreeMap<String, IncidentBelief>,
    /// Reports received, in order.
    pub inbox: Vec<Received>,
    /// The dead it believes in, over all incidents (kept with their estimates).
    pub believed_dead: u64,
    /// Road states it knows, by road index: found by itself or reported or shared to it.
    pub roads: BTreeMap<usize, RoadBelief>,
    /// Department facts others shared with it, newest share of each kind per sender.
    pub shared_facts: Vec<(usize, Fact)>,
    /// Shares received, in order.
    pub notes: Vec<Note>,
}

impl Belief {
    /// Records a newly known incident, keeping `believed_dead` right.
    pub(super) fn learn(&mut self, incident: IncidentBelief) {
        self.believed_dead += incident.est_dead as u64;
        if let Some(old) = self.incidents.insert(incident.incident.clone(), incident) {
            self.believed_dead -= old.est_dead as u64;
        }
    }
}

impl Belief {
    /// People it believes trapped, over the incidents still open.
    pub fn believed_trapped(&self) -> u64 {
        self.incidents
            .values()
            .filter(|i| !i.closed)
            .map(|i| i.est_trapped as u64)
            .sum()
    }

    /// People it believes missing (失联): none yet, missing people are not counted apart from
    /// the dead and trapped (the information part of issue 14 adds them).
    pub fn believed_missing(&self) -> u64 {
        0
    }

    /// Takes `road`'s state as found at `found.as_of` unless what it holds is newer; returns
    /// whether anything changed.
    pub(super) fn hear_road(&mut self, road: usize, found: RoadBelief) -> bool {
        match self.roads.get(&road) {
            Some(held) if held.as_of > found.as_of => false,
            Some(held) if *held == found => false,
            _ => {
                self.roads.insert(road, found);
                true
            }
        }
    }
}
