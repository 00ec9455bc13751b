//! Dam break (水库溃坝): a reservoir's embankment dam breaches and the wave runs down its river.
//!
//! The breach itself harms nobody at the dam; it schedules one wave per later place on the
//! reservoir's river, each a `DamBreak` hazard at that place, so monitoring can forecast it
//! and the plan's `Forecast(DamBreak)` warning rules can evacuate the place before it arrives.
//! The wave's peak falls with distance and arrives later; at each place it kills people still
//! at home at Graham's rate for its severity and destroys houses by depth × velocity.
//! Model and sources: docs/models.md, "Dam break".

use super::HazardPayload;
use super::context::{Among, Impact, Strike};
use crate::scenario::Scenario;
use crate::scenario::model::{HazardKind, Reservoir};
use crate::sim::sample::binomial;

/// Gravity, m/s².
const G: f64 = 9.81;
/// River length per straight-line km between places [assumption].
const SINUOSITY: f64 = 1.3;
/// Peak attenuation per km of river: Q(x) = Qp · 10^(−0.0124 x) (USBR simplified curve,
/// 10^(−0.02 per mile)).
const ATTENUATION_PER_KM: f64 = 0.0124;
/// The wave stops doing harm below this depth, m [assumption].
const MIN_DEPTH_M: f64 = 0.5;
/// Severity thresholds (Graham 1999): medium (homes destroyed) from 3 m deep or DV 4.6 m²/s.
const MEDIUM_DEPTH_M: f64 = 3.0;
const MEDIUM_DV: f64 = 4.6;
/// High (area swept clean): DV ≥ 7 m²/s at ≥ 2 m/s within 15 min of the breach [assumption].
const HIGH_MINUTES: f64 = 15.0;
/// Fatality rates of people still at home when the water comes (Graham 1999, Table 7,
/// "no warning" column; evacuation is modelled explicitly, so warned people have left).
const RATE_HIGH: f64 = 0.75;
const RATE_MEDIUM: f64 = 0.15;
const RATE_LOW: f64 = 0.01;
/// House collapse (RESCDAM, as in USACE LifeSim): timber at DV ≥ 3 m²/s; masonry and
/// concrete at DV ≥ 7 m²/s with v ≥ 2 m/s.
const TIMBER_DV: f64 = 3.0;
const MASONRY_DV: f64 = 7.0;
const MASONRY_V: f64 = 2.0;

/// A dam break's own data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DamBreak {
    /// The breach at the dam: index into `facilities.reservoirs`, `None` where a rule set it
    /// off at a place without a reservoir (validation refuses such rules; it does nothing).
    Breach { reservoir: Option<usize> },
    /// The wave reaching a place downstream.
    Wave(Wave),
}

/// The breach wave at one place downstream.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wave {
    /// River distance from the dam, km.
    pub distance_km: f64,
    /// Peak discharge there, m³/s.
    pub peak_m3s: f64,
    /// Flow depth (m) and velocity (m/s) at the peak (Manning, wide rectangular valley).
    pub depth_m: f64,
    pub velocity_m_s: f64,
    /// Depth × velocity, m²/s.
    pub dv: f64,
    /// Minutes from the start of the breach to the wave's arrival.
    pub minutes: f64,
    /// How long the water runs high there, min: a triangular hydrograph carrying the released
    /// volume, 2·V / Q (longer downstream as the peak falls).
    pub duration_min: f64,
    /// Share of houses built of masonry or concrete.
    pub masonry_share: f64,
    /// Share of the place's people at home in the wave's path: 1 for a dam break (the whole
    /// valley place), the flooded part of the valley floor for a barrier-lake outburst.
    pub exposed_share: f64,
}

/// What a breach releases: its peak outflow (m³/s), the minutes the outflow takes to peak, and
/// the volume released (m³).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Release {
    pub peak_m3s: f64,
    pub formation_min: f64,
    pub volume_m3: f64,
}

/// The valley a wave runs down.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Valley {
    pub width_m: f64,
    pub slope: f64,
    pub manning_n: f64,
    pub masonry_share: f64,
    /// Who is in the wave's path at a place of depth `y`: `None`, everyone at home (a dam
    /// break); `Some((share, full_depth))`, `share · min(1, y / full_depth)` of them.
    pub flood_zone: Option<(f64, f64)>,
}

/// The breach's peak outflow (m³/s) and formation time (min).
pub fn breach(r: &Reservoir) -> (f64, f64) {
    // Froehlich (1995): Qp = 0.607 Vw^0.295 Hw^1.24.
    let peak = 0.607 * libm::pow(r.storage_m3, 0.295) * libm::pow(r.head_m, 1.24);
    // Froehlich (2008): tf = 63.2 √(Vw / (g hb²)) s, with hb ≈ Hw.
    let formation_s = 63.2 * libm::sqrt(r.storage_m3 / (G * r.head_m * r.head_m));
    (peak, formation_s / 60.0)
}

/// The wave at each later place on the reservoir's river, upstream first: (place, wave),
/// until it is shallower than 0.5 m.
pub fn waves(scenario: &Scenario, reservoir: usize) -> Vec<(usize, Wave)> {
    let r = &scenario.facilities.reservoirs[reservoir];
    let (peak_m3s, formation_min) = breach(r);
    let release = Release {
        peak_m3s,
        formation_min,
        volume_m3: r.storage_m3,
    };
    let valley = Valley {
        width_m: r.valley_width_m,
        slope: r.slope,
        manning_n: r.manning_n,
        masonry_share: r.masonry_share,
        flood_zone: None,
    };
    route(scenario, r.river, r.place, &release, &valley)
}

/// Routes a breach at `from` down river `river`: the wave at each later place, upstream first,
/// until it is shallower than 0.5 m. Nothing if `from` is not on the river.
pub fn route(
    scenario: &Scenario,
    river: usize,
    from: usize,
    release: &Release,
    valley: &Valley,
) -> Vec<(usize, Wave)> {
    let places = &scenario.region.places;
    let river = &scenario.region.rivers[river];
    let Some(k) = river.places.iter().position(|&p| p == from) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let (mut distance_km, mut travel_min) = (0.0, 0.0);
    let mut previous = from;
    for &place in &river.places[k + 1..] {
        let (a, b) = (&places[previous], &places[place]);
        let step_km = libm::hypot(a.x_km - b.x_km, a.y_km - b.y_km) * SINUOSITY;
        distance_km += step_km;
        let q = release.peak_m3s * libm::pow(10.0, -ATTENUATION_PER_KM * distance_km);
        let depth = libm::pow(
            q * valley.manning_n / (valley.width_m * libm::sqrt(valley.slope)),
            0.6,
        );
        let velocity = q / (valley.width_m * depth);
        // The peak travels at the kinematic celerity, 5/3 v in a wide channel (SMPDBK).
        travel_min += step_km * 1000.0 / (5.0 / 3.0 * velocity) / 60.0;
        if depth < MIN_DEPTH_M {
            break;
        }
        let exposed_share = match valley.flood_zone {
            None => 1.0,
            Some((share, full_depth)) => share * (depth / full_depth).min(1.0),
        };
        out.push((
            place,
            Wave {
                distance_km,
                peak_m3s: q,
                depth_m: depth,
                velocity_m_s: velocity,
                dv: q / valley.width_m,
                // Water rises through the breach's formation: people are caught half-way
                // to the peak [assumption].
                minutes: release.formation_min / 2.0 + travel_min,
                duration_min: 2.0 * release.volume_m3 / q / 60.0,
                masonry_share: valley.masonry_share,
                exposed_share,
            },
        ));
        previous = place;
    }
    out
}

impl DamBreak {
    /// The breach a cascade rule sets off at `place`: that place's reservoir.
    pub fn set_off(scenario: &Scenario, place: usize) -> Self {
        DamBreak::Breach {
            reservoir: scenario.facilities.reservoir_at(place),
        }
    }

    pub(super) fn strike(&self, ctx: &mut Strike) {
        match self {
            DamBreak::Breach { reservoir } => {
                let Some(reservoir) = *reservoir else {
                    return;
                };
                for (place, wave) in waves(ctx.scenario, reservoir) {
                    let id = ctx.next_id("dam-wave");
                    let at = ctx.now + (libm::ceil(wave.minutes) as u32).max(1);
                    ctx.schedule(
                        id,
                        HazardKind::DamBreak,
                        place,
                        at,
                        HazardPayload::DamBreak(DamBreak::Wave(wave)),
                    );
                }
            }
            DamBreak::Wave(wave) => wave.strike(ctx),
        }
    }
}

impl Wave {
    /// Graham's fatality rate for people still at home.
    pub fn fatality_rate(&self) -> f64 {
        if self.dv >= MASONRY_DV && self.velocity_m_s >= MASONRY_V && self.minutes < HIGH_MINUTES {
            RATE_HIGH
        } else if self.depth_m >= MEDIUM_DEPTH_M || self.dv >= MEDIUM_DV {
            RATE_MEDIUM
        } else {
            RATE_LOW
        }
    }

    /// Share of houses the wave destroys.
    pub fn destroyed_share(&self) -> f64 {
        let masonry = if self.dv >= MASONRY_DV && self.velocity_m_s >= MASONRY_V {
            self.masonry_share
        } else {
            0.0
        };
        let timber = if self.dv >= TIMBER_DV {
            1.0 - self.masonry_share
        } else {
            0.0
        };
        masonry + timber
    }

    /// People still at home in the wave's path die at Graham's rate; survivors are injured at
    /// the flood rate; those whose house is destroyed leave home (the rest stay in flooded
    /// houses).
    pub(super) fn strike(&self, ctx: &mut Strike) {
        let place = ctx.hazard.place;
        let Some(at_home) = ctx.people(place).map(|c| c.unaffected) else {
            return;
        };
        let injured_rate = ctx.scenario.models.secondary.flood_injured;
        let rng = &mut ctx.impact_rng;
        // (No draw when everyone is in the path: a dam break's draws stay as they were.)
        let exposed = binomial(rng, at_home, self.exposed_share);
        let killed = binomial(rng, exposed, self.fatality_rate());
        let injured = binomial(rng, exposed - killed, injured_rate);
        let displaced = binomial(rng, exposed - killed - injured, self.destroyed_share());
        ctx.harm(Impact {
            place,
            killed,
            trapped: 0,
            injured,
            displaced,
            among: Among::AtHome,
            warned_against: true,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wave_reaches_each_later_place_further_later_and_lower() {
        let scenario = crate::scenario::load(
            std::path::Path::new(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/scenarios/reservoir-county.ron"
            )),
            None,
        )
        .unwrap()
        .scenario;
        let r = &scenario.facilities.reservoirs[0];
        let river = &scenario.region.rivers[r.river].places;
        let below = &river[river.iter().position(|&p| p == r.place).unwrap() + 1..];
        let waves = waves(&scenario, 0);
        assert!(!waves.is_empty());
        let places: Vec<usize> = waves.iter().map(|(p, _)| *p).collect();
        assert_eq!(places, below[..waves.len()], "later places, upstream first");
        for pair in waves.windows(2) {
            let ((_, a), (_, b)) = (&pair[0], &pair[1]);
            assert!(
                b.distance_km > a.distance_km && b.minutes > a.minutes,
                "{a:?} then {b:?}"
            );
            assert!(
                b.peak_m3s < a.peak_m3s && b.depth_m < a.depth_m && b.dv < a.dv,
                "{a:?} then {b:?}"
            );
        }
    }
}
