//! Floods: a river in spate after rain, water backing up behind a barrier lake, a barrier
//! lake's outburst and the wave it sends downstream. A flood sweeps everyone still at home at
//! its place; an outburst itself harms nobody where the lake was, its wave does downstream.

use rand::RngExt;

use super::context::Strike;
use super::{HazardPayload, NewHazard, SetOffBy};
use crate::scenario::Scenario;
use crate::scenario::Tag;
use crate::scenario::model::HazardKind;
use crate::sim::components::{HazardState, PendingHazard};

/// Kinds of flood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FloodKind {
    /// A river in spate after rain.
    #[default]
    River,
    /// Water backing up behind a barrier lake.
    Backwater,
    /// A barrier lake bursting: it sends a wave downstream.
    Outburst,
    /// The outburst wave reaching a place downstream.
    Wave,
}

/// A flood's own data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flood {
    pub kind: FloodKind,
}

/// How many places downstream an outburst wave reaches, and its minutes per place.
const WAVE_PLACES: usize = 3;
const WAVE_MINUTES_PER_PLACE: u32 = 20;

impl Flood {
    /// The flood a cascade rule sets off: a barrier lake's is its outburst.
    pub fn set_off(by: SetOffBy) -> Self {
        let kind = if by == SetOffBy::Hazard(HazardKind::BarrierLake) {
            FloodKind::Outburst
        } else {
            FloodKind::River
        };
        Flood { kind }
    }

    pub(super) fn strike(&self, ctx: &mut Strike) {
        let s = &ctx.scenario.models.secondary;
        let place = ctx.hazard.place;
        match self.kind {
            FloodKind::Outburst => outburst(ctx),
            FloodKind::River | FloodKind::Backwater => {
                ctx.sweep(place, s.flood_mortality, s.flood_injured)
            }
            FloodKind::Wave => ctx.sweep(place, s.outburst_mortality, s.flood_injured),
        }
    }
}

/// An outburst: the flood wave runs down the river, 20 minutes a place.
fn outburst(ctx: &mut Strike) {
    let scenario = ctx.scenario;
    let place = ctx.hazard.place;
    for (river, k) in scenario.region.rivers_through(place) {
        for (step, &down) in river
            .places
            .iter()
            .skip(k + 1)
            .take(WAVE_PLACES)
            .enumerate()
        {
            let id = ctx.next_id("outburst");
            ctx.schedule(
                id,
                HazardKind::Flood,
                down,
                ctx.now + WAVE_MINUTES_PER_PLACE * (step as u32 + 1),
                HazardPayload::Flood(Flood {
                    kind: FloodKind::Wave,
                }),
            );
        }
    }
}

/// River `river` floods its riverside places: the wave travels downstream, an hour between
/// places, after a six-hour rise. Draws one seed per place from `rng`.
pub fn river_in_spate(
    scenario: &Scenario,
    rng: &mut impl rand::Rng,
    state: &mut HazardState,
    river: usize,
    now: u32,
) -> Vec<NewHazard> {
    let river = &scenario.region.rivers[river];
    let mut out = Vec::new();
    for (k, &place) in river.places.iter().enumerate() {
        if !scenario.region.places[place].has_tag(Tag::Riverside) {
            continue;
        }
        state.next_id += 1;
        let seed: u64 = rng.random();
        out.push(NewHazard::new(
            PendingHazard {
                id: format!("flood-{}", state.next_id),
                kind: HazardKind::Flood,
                place,
                at: now + 360 + 60 * k as u32,
                cause: river.id.clone(),
                seed,
                done: false,
                seq: 0,
            },
            HazardPayload::Flood(Flood {
                kind: FloodKind::River,
            }),
        ));
    }
    out
}
