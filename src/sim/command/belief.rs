//! What each command node believes: the incidents it knows, the estimates it was given (which
//! can be stale or wrong), the road states reported to it and the reports and shared
//! information it received.

use std::collections::BTreeMap;
use std::sync::Arc;

use bevy_ecs::prelude::*;

use super::chain::Chain;
use super::duties::ReportKind;
use super::facts::Fact;
use crate::sim::resources::{Clock, KNOWN_DEATHS_AT_H, Tally};
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
    /// Deaths verified, as last reported.
    pub est_dead: u32,
    /// People unaccounted for (失联), as last reported.
    pub est_missing: u32,
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
    pub est_missing: u32,
}

/// What one command node knows.
#[derive(Component, Debug, Clone, Default)]
pub struct Belief {
    pub node: usize,
    /// Incidents by id.
    pub incidents: BTreeMap<String, IncidentBelief>,
    /// Reports received, in order.
    pub inbox: Vec<Received>,
    /// The dead it believes in (verified deaths reported), over all incidents (kept with their
    /// estimates).
    pub believed_dead: u64,
    /// The missing it believes in (失联), over all incidents (kept with their estimates).
    pub believed_missing: u64,
    /// Road states it knows, by road index: found by itself or reported or shared to it.
    pub roads: BTreeMap<usize, RoadBelief>,
    /// Department facts others shared with it, newest share of each kind per sender.
    pub shared_facts: Vec<(usize, Fact)>,
    /// Shares received, in order.
    pub notes: Vec<Note>,
}

impl Belief {
    /// Records a newly known incident, keeping `believed_dead` and `believed_missing` right.
    pub(super) fn learn(&mut self, incident: IncidentBelief) {
        self.believed_dead += incident.est_dead as u64;
        self.believed_missing += incident.est_missing as u64;
        if let Some(old) = self.incidents.insert(incident.incident.clone(), incident) {
            self.believed_dead -= old.est_dead as u64;
            self.believed_missing -= old.est_missing as u64;
        }
    }
}

/// The figures a report gives for one incident: trapped, dead (verified), missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figures {
    pub trapped: u32,
    pub dead: u32,
    pub missing: u32,
}

impl Belief {
    /// Replaces the figures of a known incident with those of a report made at `t` (the HQ's
    /// own follow-ups for the incidents it reports itself), keeping the sums right.
    pub(super) fn revise(&mut self, incident: &str, figures: Figures, closed: bool, t: u32) {
        let Some(entry) = self.incidents.get_mut(incident) else {
            return;
        };
        self.believed_dead = self.believed_dead + figures.dead as u64 - entry.est_dead as u64;
        self.believed_missing =
            self.believed_missing + figures.missing as u64 - entry.est_missing as u64;
        entry.est_trapped = figures.trapped;
        entry.est_dead = figures.dead;
        entry.est_missing = figures.missing;
        entry.closed = closed;
        entry.updated_at = t;
        entry.reported_at = t;
    }

    /// People it believes trapped, over the incidents still open.
    pub fn believed_trapped(&self) -> u64 {
        self.incidents
            .values()
            .filter(|i| !i.closed)
            .map(|i| i.est_trapped as u64)
            .sum()
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

/// Run condition of [`sample_known_deaths`]: this minute is 2, 8 or 24 h after the first hazard.
pub fn known_deaths_due(clock: Res<Clock>, tally: Res<Tally>) -> bool {
    tally.first_onset.is_some_and(|onset| {
        KNOWN_DEATHS_AT_H
            .iter()
            .any(|h| clock.now == onset.saturating_add(h * 60))
    })
}

/// Records the deaths the county HQ believes at 2, 8 and 24 h after the first hazard (the
/// KPIs `deaths_known_2h`, `_8h`, `_24h`).
pub fn sample_known_deaths(
    clock: Res<Clock>,
    chain: Res<Chain>,
    mut tally: ResMut<Tally>,
    beliefs: Query<&Belief>,
) {
    let Some(onset) = tally.first_onset else {
        return;
    };
    let Ok(hq) = beliefs.get(chain.entities[chain.hq]) else {
        return;
    };
    for (slot, h) in KNOWN_DEATHS_AT_H.iter().enumerate() {
        if clock.now == onset.saturating_add(h * 60) {
            tally.deaths_known[slot] = Some(hq.believed_dead);
        }
    }
}
