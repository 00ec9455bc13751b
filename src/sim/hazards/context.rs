//! The one narrow context through which a hazard kind turns a due hazard into impacts.
//!
//! A kind reads the scenario, the hazard, people at home and the road network, draws from two
//! generators, and *emits* impacts: people harmed at a place, roads cut, a production-safety
//! accident, hazards it schedules in turn. It changes nothing itself; [`super::apply`] applies
//! what it emitted (tallies, exposure, incidents, events), the same way for every kind.

use bevy_ecs::prelude::*;
use rand::RngExt;
use rand_pcg::Pcg64;

use super::{HazardPayload, NewHazard};
use crate::scenario::Scenario;
use crate::scenario::model::HazardKind;
use crate::sim::components::{Cohort, PendingHazard};
use crate::sim::resources::PlaceEntities;
use crate::sim::roads::{LinkState, RoadNetwork};
use crate::sim::sample::binomial;

/// Whom an impact harms at its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Among {
    /// People at home (`Cohort::unaffected`); its `displaced` leave home.
    AtHome,
    /// People already homeless (`Cohort::displaced`), caught again; its `displaced` is zero.
    Displaced,
}

/// What a hazard did to the people of one place.
#[derive(Debug, Clone, Copy)]
pub struct Impact {
    pub place: usize,
    pub killed: u32,
    pub trapped: u32,
    pub injured: u32,
    pub displaced: u32,
    pub among: Among,
    /// A hazard warnings are for (flood, fire, plume): who had been warned and who had left
    /// counts toward `warning_coverage` and `evacuated_before_impact`.
    pub warned_against: bool,
}

/// A road link the hazard blocks, and the work (hours) to clear it.
#[derive(Debug, Clone, Copy)]
pub struct RoadCut {
    pub link: usize,
    pub clear_work_h: f64,
}

/// A production-safety accident to be graded (State Council Decree 493).
#[derive(Debug, Clone, Copy)]
pub struct Accident {
    /// The hazardous site, if the hazard has one.
    pub site: Option<usize>,
    pub deaths: u32,
    pub serious_injuries: u32,
}

/// Everything a kind emitted for one due hazard, in the order it emitted it.
#[derive(Debug, Default)]
pub struct Effects {
    pub impacts: Vec<Impact>,
    pub roads_cut: Vec<RoadCut>,
    /// The kind looked at roads (the peak of blocked roads is brought up to date).
    pub roads_looked_at: bool,
    pub accident: Option<Accident>,
    pub scheduled: Vec<NewHazard>,
}

/// What a hazard kind may read and which impacts it may emit while one due hazard strikes.
pub struct Strike<'a, 'w, 's> {
    /// The scenario: places, rivers, facilities, models.
    pub scenario: &'a Scenario,
    /// The minute it strikes.
    pub now: u32,
    /// The hazard: id, kind, place, cause.
    pub hazard: &'a PendingHazard,
    /// The generator its impacts on people sample from. It was seeded when the hazard was
    /// scheduled, so how many it harms may depend on the plan without moving any other draw.
    pub impact_rng: Pcg64,
    /// The hazard stream: draws no plan decision changes (roads cut, hazards scheduled).
    pub hazard_rng: &'a mut Pcg64,
    pub(super) roads: &'a RoadNetwork,
    pub(super) cohorts: &'a Query<'w, 's, &'static mut Cohort>,
    pub(super) place_entities: &'a PlaceEntities,
    pub(super) next_id: &'a mut u64,
    /// Rain accumulated at each place since its storm began, mm (empty before any rain).
    pub(super) rain_mm: &'a [f64],
    pub(super) effects: Effects,
}

impl Strike<'_, '_, '_> {
    /// The people of `place`, before this hazard harms them.
    pub fn people(&self, place: usize) -> Option<&Cohort> {
        self.cohorts.get(self.place_entities.0[place]).ok()
    }

    /// Rain accumulated at `place` since its storm began, mm.
    pub fn rain_at(&self, place: usize) -> f64 {
        self.rain_mm.get(place).copied().unwrap_or(0.0)
    }

    /// Emits an impact on the people of a place.
    pub fn harm(&mut self, impact: Impact) {
        self.effects.impacts.push(impact);
    }

    /// Sweeps everyone still at home at `place` (a flood, a fire front): each dies with
    /// `mortality`, each survivor is injured with `injured`, the rest leave home. People there
    /// were exposed to a hazard warnings are for.
    pub fn sweep(&mut self, place: usize, mortality: f64, injured: f64) {
        let Some(exposed) = self.people(place).map(|c| c.unaffected) else {
            return;
        };
        let killed = binomial(&mut self.impact_rng, exposed, mortality);
        let injured = binomial(&mut self.impact_rng, exposed - killed, injured);
        self.harm(Impact {
            place,
            killed,
            trapped: 0,
            injured,
            displaced: exposed - killed - injured,
            among: Among::AtHome,
            warned_against: true,
        });
    }

    /// Emits a production-safety accident to grade.
    pub fn accident(&mut self, accident: Accident) {
        self.effects.accident = Some(accident);
    }

    /// Cuts the mountain roads at `place`, each with probability `share`. Both draws (cut, work)
    /// are made for every such road, cut or already blocked, so the hazard stream does not
    /// depend on which roads teams have cleared.
    pub fn cut_mountain_roads(&mut self, place: usize, share: f64) {
        let (lo, hi) = self.scenario.models.roads.clear_work_hours;
        for (link, l) in self.roads.links.iter().enumerate() {
            if !((l.from == place || l.to == place) && l.mountain) {
                continue;
            }
            let cut: f64 = self.hazard_rng.random();
            let work: f64 = self.hazard_rng.random();
            if cut < share && l.state != LinkState::Blocked {
                self.effects.roads_cut.push(RoadCut {
                    link,
                    clear_work_h: lo + (hi - lo) * work,
                });
            }
        }
        self.effects.roads_looked_at = true;
    }

    /// A fresh id for a hazard this one schedules: `{prefix}-{sequence number}`.
    pub fn next_id(&mut self, prefix: &str) -> String {
        *self.next_id += 1;
        format!("{prefix}-{}", self.next_id)
    }

    /// Schedules a hazard this one sets off (no cascade rule: the kind's own physics), with the
    /// seed of its impacts drawn from the hazard stream.
    pub fn schedule(
        &mut self,
        id: String,
        kind: HazardKind,
        place: usize,
        at: u32,
        payload: HazardPayload,
    ) {
        self.schedule_threatening(id, kind, place, at, payload, Vec::new());
    }

    /// [`Strike::schedule`] for a hazard that threatens places downstream too
    /// (`PendingHazard::downstream`).
    pub fn schedule_threatening(
        &mut self,
        id: String,
        kind: HazardKind,
        place: usize,
        at: u32,
        payload: HazardPayload,
        downstream: Vec<usize>,
    ) {
        let seed: u64 = self.hazard_rng.random();
        self.effects.scheduled.push(NewHazard::new(
            PendingHazard {
                id,
                kind,
                place,
                at,
                cause: self.hazard.id.clone(),
                seed,
                downstream,
                done: false,
                seq: 0,
            },
            payload,
        ));
    }
}
