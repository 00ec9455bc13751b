//! Forest fire: the front of a scenario's fire reaches forest-edge places within reach, faster
//! downwind, and sweeps everyone still at home there (`models.secondary.fire_mortality`).

use rand::RngExt;

use super::context::Strike;
use super::{HazardPayload, NewHazard};
use crate::scenario::model::HazardKind;
use crate::scenario::{Scenario, Tag};
use crate::sim::components::PendingHazard;
use crate::sim::math;

/// The fire front reaching a place (no data of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FireFront;

impl FireFront {
    pub(super) fn strike(&self, ctx: &mut Strike) {
        let s = &ctx.scenario.models.secondary;
        // Injuries as in a flood: the model has no burn share of its own.
        ctx.sweep(ctx.hazard.place, s.fire_mortality, s.flood_injured);
    }
}

/// When the front of `fire` reaches each forest-edge place within reach (and its own place);
/// one seed per place drawn from `rng`.
pub(super) fn fronts(
    scenario: &Scenario,
    fire: &crate::scenario::ForestFire,
    rng: &mut impl rand::Rng,
) -> Vec<NewHazard> {
    let mut out = Vec::new();
    let origin = &scenario.region.places[fire.place];
    let wind_to = (fire.wind_from_deg + 180.0).to_radians();
    for (p, target) in scenario.region.places.iter().enumerate() {
        if p != fire.place && !target.has_tag(Tag::ForestEdge) {
            continue;
        }
        let (dx, dy) = (target.x_km - origin.x_km, target.y_km - origin.y_km);
        let d = math::sqrt(dx * dx + dy * dy);
        if d > fire.reach_km {
            continue;
        }
        let cos = if d > 0.01 {
            (dx * libm::sin(wind_to) + dy * libm::cos(wind_to)) / d
        } else {
            1.0
        };
        // Upwind the front creeps at a fifth of its downwind rate.
        let speed = fire.spread_km_h * (0.2 + 0.8 * (cos.max(0.0)));
        let hours = d / speed.max(0.01);
        out.push(NewHazard::new(
            PendingHazard {
                id: format!("{}@{}", fire.id, target.id),
                kind: HazardKind::ForestFire,
                place: p,
                at: fire.time_min + (hours * 60.0) as u32,
                cause: fire.id.clone(),
                seed: rng.random(),
                downstream: Vec::new(),
                done: false,
                seq: 0,
            },
            HazardPayload::ForestFire(FireFront),
        ));
    }
    out
}
