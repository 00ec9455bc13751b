//! Hazards waiting to strike, and what the hazards have set in motion so far (rain totals,
//! rivers in flood, creation order): read by monitoring and by teams on the road, so they sit
//! below `hazards/` and `warning.rs`.

use bevy_ecs::prelude::*;

use crate::scenario::model::HazardKind;

/// An earthquake waiting to strike: a mainshock from the scenario or a drawn aftershock.
#[derive(Component, Debug, Clone)]
pub struct PendingQuake {
    pub quake: crate::scenario::Earthquake,
    pub aftershock: bool,
    /// Seed of the generator its damage samples from (drawn for aftershocks, whose damage
    /// depends on who has left; mainshocks use the hazard stream directly).
    pub seed: Option<u64>,
    pub struck: bool,
    /// Creation order among the run's hazards ([`HazardState::next_seq`]): ties at one minute
    /// are struck in this order, which no renaming of ids changes.
    pub seq: u64,
}

/// A hazard scheduled to strike a place: what every kind has, and all that monitoring sees of it.
/// What the kind itself carries is the same entity's `hazards::HazardPayload`.
#[derive(Component, Debug, Clone)]
pub struct PendingHazard {
    pub id: String,
    pub kind: HazardKind,
    pub place: usize,
    pub at: u32,
    /// What caused it (a hazard id, a river, `rain`, or `scenario`).
    pub cause: String,
    /// Seed of the generator its impact samples from.
    pub seed: u64,
    /// Places downstream it threatens too (a barrier lake's breach: every place its wave would
    /// reach): a forecast of it warns them with its own place.
    pub downstream: Vec<usize>,
    pub done: bool,
    /// Creation order among the run's hazards, given when it is spawned
    /// ([`crate::sim::hazards::NewHazard::numbered`]): ties at one minute strike in this order, which no renaming of
    /// ids changes.
    pub seq: u64,
}

/// Rain and the hazards scheduled so far (read by monitoring and by teams on the road).
#[derive(Resource, Debug, Default)]
pub struct HazardState {
    /// Rain accumulated at each place since its storm began, mm.
    pub rain_mm: Vec<f64>,
    /// Current rain rate at each place, mm/h.
    pub rain_rate: Vec<f64>,
    /// Minute rain began at each place.
    pub wet_since: Vec<Option<u32>>,
    /// (rule, place) pairs already drawn for rain rules: each fires at most once per place.
    pub rain_rules_drawn: std::collections::BTreeSet<(usize, usize)>,
    /// Rivers already in flood.
    pub rivers_flooded: Vec<bool>,
    /// Sequence number for hazard ids.
    pub next_id: u64,
    /// The next hazard's creation order (`seq`).
    pub next_seq: u64,
    /// Rain rate of each storm at each place while it rains, mm/h (the pattern is fixed).
    pub storm_rates: Vec<Vec<f64>>,
    /// Production-safety accidents graded 较大 (Ⅲ) or above.
    pub major_accidents: u32,
    /// Whether any hazard that production-safety grading applies to happened.
    pub accident_possible: bool,
}

impl HazardState {
    /// The next creation order number.
    pub fn next_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }
}
