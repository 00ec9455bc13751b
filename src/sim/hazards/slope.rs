//! Slope failures — landslides and debris flows: they bury and displace people at home, and
//! cut the mountain roads at their place.

use super::context::{Among, Impact, Strike};
use crate::sim::sample::binomial;

/// Which slope failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlopeFailure {
    Landslide,
    /// A debris flow: a landslide's shares times `models.secondary.debris_flow_factor`.
    DebrisFlow,
}

/// Share of buried people killed outright; the rest are trapped.
const BURIED_KILLED: f64 = 0.3;
/// Chance a slope failure cuts each mountain road at its place.
const ROAD_CUT: f64 = 0.7;

impl SlopeFailure {
    pub(super) fn strike(&self, ctx: &mut Strike) {
        let scenario = ctx.scenario;
        let s = &scenario.models.secondary;
        let factor = match self {
            SlopeFailure::Landslide => 1.0,
            SlopeFailure::DebrisFlow => s.debris_flow_factor,
        };
        let place = ctx.hazard.place;
        if let Some(at_home) = ctx.people(place).map(|c| c.unaffected) {
            let rng = &mut ctx.impact_rng;
            let buried = binomial(rng, at_home, (s.landslide_buried * factor).min(1.0));
            let killed = binomial(rng, buried, BURIED_KILLED);
            let trapped = buried - killed;
            let displaced = binomial(
                rng,
                at_home - buried,
                (s.landslide_displaced * factor).min(1.0),
            );
            ctx.harm(Impact {
                place,
                killed,
                trapped,
                injured: 0,
                displaced,
                among: Among::AtHome,
                warned_against: false,
            });
        }
        ctx.cut_mountain_roads(place, ROAD_CUT);
    }
}
