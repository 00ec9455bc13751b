//! Floods: a river in spate after rain, water backing up behind a barrier lake, a barrier
//! lake's outburst and the wave it sends downstream. A river or backwater flood sweeps everyone
//! still at home at its place; an outburst itself harms nobody where the lake was, its wave
//! harms the flooded part of each place downstream (the dam break's impact, docs/models.md §16).

use rand::RngExt;

use super::context::Strike;
use super::dam_break::Wave;
use super::outburst::Lake;
use super::{HazardPayload, NewHazard, SetOffBy};
use crate::scenario::Scenario;
use crate::scenario::Tag;
use crate::scenario::model::HazardKind;
use crate::sim::components::{HazardState, PendingHazard};

/// Kinds of flood.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum FloodKind {
    /// A river in spate after rain.
    #[default]
    River,
    /// Water backing up behind a barrier lake.
    Backwater,
    /// A barrier lake's dam breaching: it sends a wave downstream. The lake as it formed, or
    /// `None` where a scenario's own cascade rule set it off (the lake is drawn, full, then).
    Outburst(Option<Lake>),
    /// The outburst wave reaching a place downstream.
    Wave(Wave),
}

/// A flood's own data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Flood {
    pub kind: FloodKind,
}

impl Flood {
    /// The flood a cascade rule sets off: a barrier lake's is its outburst.
    pub fn set_off(by: SetOffBy) -> Self {
        let kind = if by == SetOffBy::Hazard(HazardKind::BarrierLake) {
            FloodKind::Outburst(None)
        } else {
            FloodKind::River
        };
        Flood { kind }
    }

    pub(super) fn strike(&self, ctx: &mut Strike) {
        let s = &ctx.scenario.models.secondary;
        let place = ctx.hazard.place;
        match self.kind {
            FloodKind::Outburst(lake) => outburst(ctx, lake),
            FloodKind::River | FloodKind::Backwater => {
                ctx.sweep(place, s.flood_mortality, s.flood_injured)
            }
            FloodKind::Wave(wave) => wave.strike(ctx),
        }
    }
}

/// An outburst: the lake's wave runs down its river, one `Flood` wave hazard at each place it
/// reaches (id `outburst-<n>`), so monitoring forecasts each and the plan's `Forecast(Flood)`
/// rules warn and evacuate each place before it comes.
fn outburst(ctx: &mut Strike, lake: Option<Lake>) {
    let scenario = ctx.scenario;
    let place = ctx.hazard.place;
    let lake = match lake {
        Some(lake) => Some(lake),
        None => Lake::draw(scenario, place, ctx.rain_at(place), ctx.hazard_rng),
    };
    let Some(lake) = lake else {
        return;
    };
    for (down, wave) in lake.waves(scenario, place) {
        let id = ctx.next_id("outburst");
        let at = ctx.now + (libm::ceil(wave.minutes) as u32).max(1);
        ctx.schedule(
            id,
            HazardKind::Flood,
            down,
            at,
            HazardPayload::Flood(Flood {
                kind: FloodKind::Wave(wave),
            }),
        );
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
                downstream: Vec::new(),
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
