//! Barrier lakes: a slide dams a river; the lake backs up and floods the place upstream once it
//! has filled (`models.secondary.barrier_fill_h`). Its outburst is a cascade rule
//! (`barrier-lake-outburst`) scheduling a [`super::flood::FloodKind::Outburst`].

use rand::RngExt;

use super::HazardPayload;
use super::context::Strike;
use super::flood::{Flood, FloodKind};
use crate::scenario::model::HazardKind;

/// A barrier lake (no data of its own: the river and the fill time are the scenario's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BarrierLake;

impl BarrierLake {
    pub(super) fn strike(&self, ctx: &mut Strike) {
        let scenario = ctx.scenario;
        let place = ctx.hazard.place;
        for (river, k) in scenario.region.rivers_through(place) {
            if k == 0 {
                continue;
            }
            let upstream = river.places[k - 1];
            let (lo, hi) = scenario.models.secondary.barrier_fill_h;
            let fill = ((lo + (hi - lo) * ctx.hazard_rng.random::<f64>()) * 60.0) as u32;
            let id = ctx.next_id("flood");
            ctx.schedule(
                id,
                HazardKind::Flood,
                upstream,
                ctx.now + fill,
                HazardPayload::Flood(Flood {
                    kind: FloodKind::Backwater,
                }),
            );
        }
    }
}
