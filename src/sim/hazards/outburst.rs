//! A barrier lake's physics (堰塞湖): the lake a landslide dam holds back (volume, inflow,
//! time to overtop), what its breach releases (Costa & Schuster 1988), and the wave it sends down
//! the river by the dam break's routing ([`super::dam_break::route`]). docs/models.md §16.

use rand::RngExt;

use super::dam_break::{Release, Valley, Wave, route};
use crate::scenario::Scenario;

/// Unit weight of water, N/m³ (Costa & Schuster's potential energy P·E = H · V · γ, J).
const WATER_N_M3: f64 = 9_800.0;

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
