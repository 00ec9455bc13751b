//! Barrier lakes (堰塞湖): a slide dams a river. The lake backs up and floods the place upstream
//! (`models.secondary.barrier_fill_h`); it fills from the river's inflow until it overtops the
//! dam, which then may breach: an outburst ([`super::flood::FloodKind::Outburst`]) at the dam.
//! The lake itself, its breach and its wave: [`super::outburst`]. Model and sources:
//! docs/models.md §16.

use rand::RngExt;

use super::HazardPayload;
use super::context::Strike;
use super::flood::{Flood, FloodKind};
use super::outburst::Lake;
use crate::scenario::model::HazardKind;

/// A lake that would take longer than a year to fill never breaches here: it drains through
/// and around its dam, or is engineered first [assumption].
const MAX_BREACH_MIN: f64 = 365.0 * 1440.0;

/// A barrier lake's own data (the cascade rule that forms one carries none: it is drawn when
/// the slide dams the river).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BarrierLake;

impl BarrierLake {
    /// The lake backs up over the place upstream; it fills, overtops and may breach. Draws from
    /// the hazard stream: each backwater's fill time, then the lake (two), whether the
    /// overtopped dam breaches, and how long after overtopping — always all of them.
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
        let o = &scenario.models.outburst;
        let lake = Lake::draw(scenario, place, ctx.rain_at(place), ctx.hazard_rng);
        let (u_breach, u_delay): (f64, f64) = (ctx.hazard_rng.random(), ctx.hazard_rng.random());
        let Some(lake) = lake else {
            return;
        };
        if u_breach >= o.breach_on_overtopping {
            return;
        }
        let (lo, hi) = o.overtop_to_breach_h;
        let minutes = (lake.fill_hours() + lo + (hi - lo) * u_delay) * 60.0;
        if minutes > MAX_BREACH_MIN {
            return;
        }
        // Monitoring that sees the lake filling sees the whole valley below at risk.
        let below = lake
            .waves(scenario, place)
            .iter()
            .map(|(p, _)| *p)
            .collect();
        let id = ctx.next_id("lake-breach");
        ctx.schedule_threatening(
            id,
            HazardKind::Flood,
            place,
            ctx.now + (libm::ceil(minutes) as u32).max(1),
            HazardPayload::Flood(Flood {
                kind: FloodKind::Outburst(Some(lake)),
            }),
            below,
        );
    }
}
