//! Barrier lakes (堰塞湖): a slide dams a river. The lake backs up and floods the place upstream
//! (`models.secondary.barrier_fill_h`); it fills from the river's inflow until it overtops the
//! dam, which then may breach: an outburst ([`super::flood::FloodKind::Outburst`]) at the dam,
//! whose wave runs down the river by the dam break's routing ([`super::dam_break::route`]).
//! Model and sources: docs/models.md §16.

use rand::RngExt;

use super::HazardPayload;
use super::context::Strike;
use super::dam_break::{Release, Valley, Wave, route};
use super::flood::{Flood, FloodKind};
use crate::scenario::Scenario;
use crate::scenario::model::HazardKind;

/// Unit weight of water, N/m³ (Costa & Schuster's potential energy P·E = H · V · γ, J).
const WATER_N_M3: f64 = 9_800.0;
/// A lake that would take longer than a year to fill never breaches here: it drains through
/// and around its dam, or is engineered first [assumption].
const MAX_BREACH_MIN: f64 = 365.0 * 1440.0;

/// A barrier lake's own data (the cascade rule that forms one carries none: it is drawn when
/// the slide dams the river).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BarrierLake;

/// A landslide dam and the lake behind it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lake {
    /// The river dammed: index into `region.rivers` (the first river through the place with a
    /// place below it).
    pub river: usize,
    /// Dam height, m: the lake's depth at the dam when it overtops.
    pub dam_height_m: f64,
    /// Storage when full, m³: a wedge up the valley, width · H² / (2 · slope).
    pub volume_m3: f64,
    /// Inflow, m³/s.
    pub inflow_m3s: f64,
}

/// A draw `u` in [0, 1) mapped log-uniformly onto `(lo, hi)`.
fn log_uniform((lo, hi): (f64, f64), u: f64) -> f64 {
    lo * libm::pow(hi / lo, u)
}

impl Lake {
    /// A lake dammed at `place` with `rain_mm` of event rain there. Draws twice from `rng`
    /// (height, inflow) whether or not a river runs on below `place`; `None` where none does.
    pub fn draw(
        scenario: &Scenario,
        place: usize,
        rain_mm: f64,
        rng: &mut impl rand::Rng,
    ) -> Option<Lake> {
        let o = &scenario.models.outburst;
        let (u_height, u_inflow): (f64, f64) = (rng.random(), rng.random());
        let river = scenario.region.rivers.iter().position(|r| {
            r.places
                .iter()
                .position(|&p| p == place)
                .is_some_and(|k| k + 1 < r.places.len())
        })?;
        let height = log_uniform(o.dam_height_m, u_height);
        let inflow =
            log_uniform(o.inflow_m3s, u_inflow) * (1.0 + rain_mm / o.inflow_doubling_rain_mm);
        Some(Lake {
            river,
            dam_height_m: height,
            volume_m3: o.valley_width_m * height * height / (2.0 * o.slope),
            inflow_m3s: inflow,
        })
    }

    /// Hours for the inflow to fill the lake to the dam's crest.
    pub fn fill_hours(&self) -> f64 {
        self.volume_m3 / self.inflow_m3s / 3600.0
    }

    /// What the breach releases. Peak: Costa & Schuster (1988), landslide dams,
    /// Qp = 0.0158 · (P·E)^0.41 m³/s with P·E = H · V · γ in joules. The whole lake drains as a
    /// triangular hydrograph (duration 2V/Qp), rising over its first half [assumption].
    pub fn release(&self) -> Release {
        let energy = self.dam_height_m * self.volume_m3 * WATER_N_M3;
        let peak_m3s = 0.0158 * libm::pow(energy, 0.41);
        Release {
            peak_m3s,
            formation_min: self.volume_m3 / peak_m3s / 60.0,
            volume_m3: self.volume_m3,
        }
    }

    /// The outburst wave at each later place on the lake's river, upstream first, until it is
    /// shallower than 0.5 m; at each, only the flooded part of the valley floor is in its path.
    pub fn waves(&self, scenario: &Scenario, place: usize) -> Vec<(usize, Wave)> {
        let o = &scenario.models.outburst;
        let valley = Valley {
            width_m: o.valley_width_m,
            slope: o.slope,
            manning_n: o.manning_n,
            masonry_share: o.masonry_share,
            flood_zone: Some((o.flood_zone_share, o.flood_zone_depth_m)),
        };
        route(scenario, self.river, place, &self.release(), &valley)
    }
}

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
