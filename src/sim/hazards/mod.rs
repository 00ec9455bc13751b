//! Hazards, one module per kind, and the cascade rules that link them.
//!
//! Earthquakes and their aftershocks strike as [`PendingQuake`]s ([`earthquake`],
//! [`aftershocks`]); rain falls hour by hour ([`rain`]). Every other hazard that strikes a place
//! is a scheduled entity until its time comes: a [`PendingHazard`] (what every kind has, and all
//! monitoring sees) with a [`HazardPayload`] (the kind's own data, one variant per kind module).
//! When it is due, [`realise_hazards`] lets its kind turn it into impacts through one narrow
//! context ([`Strike`]), applies them the same way for every kind (`apply`: roads, accidents,
//! people, exposure, incidents, tallies, events), then fires the cascade rules ([`cascade`]).
//!
//! Draws: what no plan decision changes (roads cut, hazards scheduled, cascades) comes from the
//! hazard stream, in the order hazards strike; how many people an impact harms can depend on
//! the plan (who was evacuated), so each impact samples from its own generator, seeded from the
//! hazard stream when it was scheduled.

use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;
use rand::SeedableRng;
use rand_pcg::Pcg64;

use crate::scenario::model::HazardKind;
use crate::scenario::{Hazard, Scenario};
use crate::sim::components::Cohort;
use crate::sim::events::EventLog;
use crate::sim::resources::*;
use crate::sim::roads::RoadNetwork;
use crate::sim::warning::{Exposures, Warnings};

pub mod aftershocks;
mod apply;
pub mod barrier_lake;
pub mod cascade;
mod casualties;
pub mod chemical;
pub mod collapse;
mod context;
pub mod dam_break;
pub mod earthquake;
pub mod fire;
pub mod flood;
pub mod outburst;
pub mod rain;
pub mod slope;

pub use crate::sim::components::{HazardState, PendingHazard};
pub use cascade::{Conditions, Source, cascade};
pub use context::{Effects, Strike};
pub use rain::{has_rain, rain_falls};

/// What sets a hazard off by a cascade rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetOffBy {
    /// A rule from a hazard of this kind.
    Hazard(HazardKind),
    /// A rain rule.
    Rain,
}

/// What a scheduled hazard's kind carries: one variant per kind module (the one place a new
/// kind is registered, with [`HazardPayload::set_off`] and [`HazardPayload::strike`]).
#[derive(Component, Debug, Clone)]
pub enum HazardPayload {
    SlopeFailure(slope::SlopeFailure),
    BarrierLake(barrier_lake::BarrierLake),
    Flood(flood::Flood),
    ChemicalRelease(chemical::Release),
    ForestFire(fire::FireFront),
    Collapse(collapse::Collapse),
    DamBreak(dam_break::DamBreak),
    /// A kind a cascade rule may name that has no impact of its own here (an earthquake, an
    /// aftershock or a rainstorm): it strikes, is recorded, and sets off its own cascades.
    NoImpact,
}

impl HazardPayload {
    /// The payload of a hazard of kind `to` that a cascade rule sets off at `place`.
    pub fn set_off(to: HazardKind, by: SetOffBy, scenario: &Scenario, place: usize) -> Self {
        match to {
            HazardKind::Landslide => Self::SlopeFailure(slope::SlopeFailure::Landslide),
            HazardKind::DebrisFlow => Self::SlopeFailure(slope::SlopeFailure::DebrisFlow),
            HazardKind::BarrierLake => Self::BarrierLake(barrier_lake::BarrierLake),
            HazardKind::Flood => Self::Flood(flood::Flood::set_off(by)),
            HazardKind::ChemicalRelease => {
                Self::ChemicalRelease(chemical::Release::set_off(by, scenario, place))
            }
            HazardKind::ForestFire => Self::ForestFire(fire::FireFront),
            HazardKind::Collapse => Self::Collapse(collapse::Collapse),
            HazardKind::DamBreak => Self::DamBreak(dam_break::DamBreak::set_off(scenario, place)),
            HazardKind::Earthquake | HazardKind::Aftershock | HazardKind::Rainstorm => {
                Self::NoImpact
            }
        }
    }

    /// Lets the kind turn its due hazard into impacts.
    fn strike(&self, ctx: &mut Strike) {
        match self {
            Self::SlopeFailure(s) => s.strike(ctx),
            Self::BarrierLake(b) => b.strike(ctx),
            Self::Flood(f) => f.strike(ctx),
            Self::ChemicalRelease(c) => c.strike(ctx),
            Self::ForestFire(f) => f.strike(ctx),
            Self::Collapse(c) => c.strike(ctx),
            Self::DamBreak(d) => d.strike(ctx),
            Self::NoImpact => {}
        }
    }
}

/// A hazard to schedule: spawned as one entity.
#[derive(Bundle, Debug, Clone)]
pub struct NewHazard {
    pub notice: PendingHazard,
    pub payload: HazardPayload,
}

impl NewHazard {
    pub fn new(notice: PendingHazard, payload: HazardPayload) -> Self {
        NewHazard { notice, payload }
    }

    /// The hazard, numbered in creation order: every scheduled hazard passes here as it is
    /// spawned.
    pub fn numbered(mut self, state: &mut HazardState) -> Self {
        self.notice.seq = state.next_seq();
        self
    }
}

/// Schedules the scenario's own forest fires and chemical releases at the start of the run.
pub fn primary_hazards(scenario: &Scenario, rng: &mut impl rand::Rng) -> Vec<NewHazard> {
    let mut out = Vec::new();
    for hazard in &scenario.hazards {
        match hazard {
            Hazard::ChemicalRelease(c) => out.extend(chemical::from_scenario(scenario, c, rng)),
            Hazard::ForestFire(f) => out.extend(fire::fronts(scenario, f, rng)),
            Hazard::Earthquake(_) | Hazard::Rainstorm(_) => {}
        }
    }
    out
}

/// Run condition of [`realise_hazards`]: a scheduled hazard's time has come.
pub fn hazards_due(clock: Res<Clock>, pending: Query<&PendingHazard>) -> bool {
    let end = clock.tick_end();
    pending.iter().any(|h| !h.done && h.at < end)
}

/// What [`realise_hazards`] reads and changes.
#[derive(SystemParam)]
pub struct Realise<'w, 's> {
    commands: Commands<'w, 's>,
    clock: Res<'w, Clock>,
    data: Res<'w, ScenarioData>,
    place_entities: Res<'w, PlaceEntities>,
    rng: ResMut<'w, HazardRng>,
    state: ResMut<'w, HazardState>,
    roads: ResMut<'w, RoadNetwork>,
    log: ResMut<'w, EventLog>,
    tally: ResMut<'w, Tally>,
    review: ResMut<'w, DoctrineReview>,
    exposures: ResMut<'w, Exposures>,
    warnings: Res<'w, Warnings>,
    pending: Query<'w, 's, (&'static mut PendingHazard, &'static HazardPayload)>,
    cohorts: Query<'w, 's, &'static mut Cohort>,
}

/// Hazards whose time has come strike, in time then id order: each kind's impacts, applied,
/// then the cascades each sets off.
pub fn realise_hazards(r: Realise) {
    let Realise {
        mut commands,
        clock,
        data,
        place_entities,
        mut rng,
        mut state,
        mut roads,
        mut log,
        mut tally,
        mut review,
        mut exposures,
        warnings,
        mut pending,
        mut cohorts,
    } = r;
    let scenario = &*data.0;
    let end = clock.tick_end();
    let mut due: Vec<_> = pending
        .iter_mut()
        .filter(|(h, _)| !h.done && h.at < end)
        .collect();
    if due.is_empty() {
        return;
    }
    due.sort_by_key(|(h, _)| (h.at, h.seq));
    let mut scheduled: Vec<NewHazard> = Vec::new();
    for (mut hazard, payload) in due {
        hazard.done = true;
        let hazard: &PendingHazard = &hazard;
        let now = hazard.at.max(clock.now);
        let hazard_state: &mut HazardState = &mut state;
        tally.first_onset = Some(tally.first_onset.map_or(now, |t| t.min(now)));
        let mut strike = Strike {
            scenario,
            now,
            hazard,
            impact_rng: Pcg64::seed_from_u64(hazard.seed),
            hazard_rng: &mut rng.0,
            roads: &roads,
            cohorts: &cohorts,
            place_entities: &place_entities,
            next_id: &mut hazard_state.next_id,
            rain_mm: &hazard_state.rain_mm,
            effects: Effects::default(),
        };
        payload.strike(&mut strike);
        let Strike {
            mut impact_rng,
            effects,
            ..
        } = strike;
        apply::apply(
            scenario,
            hazard,
            now,
            &mut impact_rng,
            &effects,
            &mut apply::Targets {
                commands: &mut commands,
                state: &mut state,
                roads: &mut roads,
                log: &mut log,
                tally: &mut tally,
                review: &mut review,
                exposures: &mut exposures,
                warnings: &warnings,
                cohorts: &mut cohorts,
                place_entities: &place_entities,
            },
        );
        scheduled.extend(effects.scheduled);
        // And what this hazard sets off in turn.
        scheduled.extend(cascade(
            scenario,
            &mut rng.0,
            &mut state,
            &mut log,
            Source {
                kind: hazard.kind,
                id: &hazard.id,
                place: hazard.place,
                now,
                conditions: Conditions::default(),
            },
        ));
    }
    for hazard in scheduled {
        commands.spawn(hazard.numbered(&mut state));
    }
}
