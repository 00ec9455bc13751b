//! Resources: run-wide state that is not one thing's state.

use std::sync::Arc;

use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;
use rand_pcg::Pcg64;

use super::order::Order;
use crate::scenario::Scenario;

/// The simulation clock, in whole minutes since the start of the run.
#[derive(Resource, Debug, Clone, Copy)]
pub struct Clock {
    /// Start of the current tick.
    pub now: u32,
    /// Tick length.
    pub tick: u32,
}

impl Clock {
    /// End of the current tick (exclusive): what happens before it happens in this tick.
    pub fn tick_end(&self) -> u32 {
        self.now + self.tick
    }
}

/// The validated scenario this run plays, shared read-only.
#[derive(Resource, Debug, Clone)]
pub struct ScenarioData(pub Arc<Scenario>);

/// What nearly every system reads: the clock and the scenario.
#[derive(SystemParam)]
pub struct Run<'w> {
    pub clock: Res<'w, Clock>,
    pub data: Res<'w, ScenarioData>,
}

/// Random stream for hazards and their consequences (independent of the plan).
#[derive(Resource, Debug)]
pub struct HazardRng(pub Pcg64);

/// Random stream for the response.
#[derive(Resource, Debug)]
pub struct OperationsRng(pub Pcg64);

/// Place entities by place index.
#[derive(Resource, Debug, Default)]
pub struct PlaceEntities(pub Vec<Entity>);

/// Team entities by team index.
#[derive(Resource, Debug, Default)]
pub struct TeamEntities(pub Vec<Entity>);

/// Orders on their way: given by a person, a script or the doctrine, carried out when they
/// reach their recipient.
#[derive(Resource, Debug, Default)]
pub struct PendingOrders {
    /// In the order they were given.
    pub queue: Vec<QueuedOrder>,
    /// How many orders have been given: the next one's `seq`.
    given: u64,
}

impl PendingOrders {
    /// Whether an order reaches its recipient before minute `end`.
    pub fn any_due(&self, end: u32) -> bool {
        self.queue.iter().any(|o| o.deliver_at < end)
    }

    /// Queues an order given by `source`, numbered after every order given before it.
    pub fn give(
        &mut self,
        order: Order,
        source: &'static str,
        deliver_at: u32,
        reserved_site: Option<Entity>,
    ) {
        let seq = self.given;
        self.given += 1;
        self.queue.push(QueuedOrder {
            order,
            source,
            deliver_at,
            reserved_site,
            seq,
        });
    }
}

/// One order on its way.
#[derive(Debug, Clone)]
pub struct QueuedOrder {
    pub order: Order,
    /// Who gave it: `doctrine`, `script`, or a role.
    pub source: &'static str,
    /// Minute it reaches its recipient.
    pub deliver_at: u32,
    /// The incident whose team count the doctrine reserved for it.
    pub reserved_site: Option<Entity>,
    pub seq: u64,
}

/// Whether the doctrine should look at the situation again (something changed), and the
/// minute a look is due anyway (a team's availability report arriving).
///
/// Whoever changes something the doctrine weighs calls [`DoctrineReview::request`].
#[derive(Resource, Debug, Default)]
pub struct DoctrineReview {
    /// Something changed since the doctrine last looked.
    asked: bool,
    /// The earliest minute a look is due anyway.
    next_look: Option<u32>,
}

impl DoctrineReview {
    /// Something the doctrine weighs changed (an incident, a team, a level, an order refused):
    /// it looks again at its next run.
    pub fn request(&mut self) {
        self.asked = true;
    }

    /// A review that is asked for from the start: the doctrine's first run looks.
    pub fn asked() -> Self {
        Self {
            asked: true,
            next_look: None,
        }
    }

    /// The doctrine starts a look: nothing is asked of it any more, and no later look is
    /// scheduled until [`DoctrineReview::look_again_at`] says so.
    pub fn begin(&mut self) {
        self.asked = false;
        self.next_look = None;
    }

    /// A look is due at minute `at` anyway (a team's availability report arriving); the
    /// earliest such minute is kept.
    pub fn look_again_at(&mut self, at: u32) {
        self.next_look = Some(self.next_look.map_or(at, |t| t.min(at)));
    }

    /// Whether the doctrine looks again at minute `now`.
    pub fn is_due(&self, now: u32) -> bool {
        self.asked || self.next_look.is_some_and(|t| now >= t)
    }
}

/// Injured people in ambulances, in the order they were sent.
#[derive(Resource, Debug, Default)]
pub struct Transfers {
    pub in_flight: Vec<Transfer>,
}

/// One ambulance load on its way to hospital.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transfer {
    /// Minute the ambulance is back at its hospital and the patients are admitted.
    pub arrives_at: u32,
    pub hospital: Entity,
    /// The place the patients were picked up at.
    pub place: usize,
    pub patients: u32,
}

/// Running totals behind the KPIs.
#[derive(Resource, Debug, Default, Clone)]
pub struct Tally {
    pub first_onset: Option<u32>,
    pub killed_outright: u64,
    pub deaths_while_trapped: u64,
    pub trapped_total: u64,
    pub rescued_by_teams: u64,
    pub rescued_by_locals: u64,
    /// Injured who need hospital care (HAZUS severity 2–3): `injured_severe`.
    pub injured_total: u64,
    /// Lightly injured (HAZUS severity 1: first aid, no hospital bed): a count only.
    pub injured_light: u64,
    pub injured_treated: u64,
    /// Homeless (unhurt): `displaced_total`.
    pub displaced_total: u64,
    /// Moved out of homes that still stand: with the displaced, `relocated_total`.
    pub moved_out_total: u64,
    pub roads_blocked_ever: u64,
    pub roads_blocked_peak: u64,
    /// Minute the last blocked road reopened.
    pub roads_restored_at: Option<u32>,
    pub aviation_first_arrival: Option<u32>,
    /// Hourly samples: (minute, trapped alive, injured waiting, hospitalised, dead).
    pub hourly: Vec<HourlySample>,
    /// Deaths the county HQ believes (verified dead reported to it) at 2, 8 and 24 h after the
    /// first hazard ([`KNOWN_DEATHS_AT_H`]), once reached.
    pub deaths_known: [Option<u64>; 3],
}

/// The hours after the first hazard at which the deaths the county HQ believes are sampled
/// (`deaths_known_2h`, `_8h`, `_24h`).
pub const KNOWN_DEATHS_AT_H: [u32; 3] = [2, 8, 24];

/// One hourly sample of the situation, for curves in reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct HourlySample {
    pub t: u32,
    pub trapped_alive: u32,
    pub injured_waiting: u32,
    pub hospitalised: u32,
    pub dead: u32,
    pub roads_blocked: u32,
}
