//! Further collapse: an aftershock brings down damaged buildings on people sheltering near
//! them — it traps a share of the displaced (`models.secondary.collapse_trapped`).

use super::context::{Among, Impact, Strike};
use crate::sim::sample::binomial;

/// A further collapse (no data of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Collapse;

impl Collapse {
    pub(super) fn strike(&self, ctx: &mut Strike) {
        let share = ctx.scenario.models.secondary.collapse_trapped;
        let place = ctx.hazard.place;
        if let Some(displaced) = ctx.people(place).map(|c| c.displaced) {
            let trapped = binomial(&mut ctx.impact_rng, displaced, share);
            ctx.harm(Impact {
                place,
                killed: 0,
                trapped,
                injured: 0,
                displaced: 0,
                among: Among::Displaced,
                warned_against: false,
            });
        }
    }
}
