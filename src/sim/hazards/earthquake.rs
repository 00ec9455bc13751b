//! Earthquakes: intensity per place, building damage, casualties, trapped people, road damage.
//!
//! Models (docs/models.md): elliptical intensity attenuation (Wang Suyun et al. 2000, western
//! China); intensity → PGA (GB/T 17742-2008); HAZUS-style lognormal fragility per building class;
//! casualties by damage state; Weibull survival times and neighbours' rescue drawn per trapped
//! person at the moment of collapse. All draws come from the hazard stream.

use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;
use rand::RngExt;

use rand::SeedableRng;
use rand_pcg::Pcg64;

use super::aftershocks::aftershocks;
use super::apply::trap_victims;
use super::cascade::{Conditions, Source, cascade};
use super::casualties::{Harm, harm_class, moved_out};
use crate::scenario::model::HazardKind;
use crate::scenario::{Earthquake, Scenario};
use crate::sim::command::{Comms, Levels, density_around};
use crate::sim::components::*;
use crate::sim::events::{EventKind, EventLog};
use crate::sim::math;
use crate::sim::resources::*;
use crate::sim::roads::{LinkState, RoadNetwork};
use crate::sim::sample::binomial;

/// Salt of the generator light injuries and relocation draw from (see [`strike_earthquakes`]).
const PEOPLE_SALT: u64 = 0xD1B5_4A32_D192_ED03;

/// Intensity (MMI-like, Chinese scale) of `quake` at (x, y), elliptical attenuation.
pub fn intensity_at(scenario: &Scenario, quake: &Earthquake, x_km: f64, y_km: f64) -> f64 {
    let a = &scenario.models.attenuation;
    let (dx, dy) = (x_km - quake.x_km, y_km - quake.y_km);
    let r = math::sqrt(dx * dx + dy * dy);
    let along = |axis: crate::scenario::model::AttenuationAxis| {
        axis.a + axis.b * quake.magnitude - axis.c * math::log10(r + axis.r0)
    };
    let long = along(a.long_axis);
    let short = along(a.short_axis);
    // Angle between the direction to the point and the strike (long axis); strike is measured
    // clockwise from north, so its direction vector is (sin s, cos s).
    let strike = a.strike_deg.to_radians();
    let cos_theta = if r > 0.0 {
        (dx * libm::sin(strike) + dy * libm::cos(strike)) / r
    } else {
        1.0
    };
    let cos2 = cos_theta * cos_theta;
    (long * cos2 + short * (1.0 - cos2)).clamp(0.0, 12.0)
}

/// Peak ground acceleration (g) for an intensity.
pub fn pga_for_intensity(scenario: &Scenario, intensity: f64) -> f64 {
    let a = &scenario.models.attenuation;
    a.pga_at_vii_g * math::pow(a.pga_factor_per_degree, intensity - 7.0)
}

/// Night-time: 22:00–06:00 local, when nearly everyone is indoors.
fn is_night(scenario: &Scenario, minute: u32) -> bool {
    let minute_of_day = (scenario.start_time.minute_of_day + minute) % 1440;
    !(6 * 60..22 * 60).contains(&minute_of_day)
}

/// Run condition of [`strike_earthquakes`]: an earthquake's time has come.
pub fn quakes_due(clock: Res<Clock>, quakes: Query<&PendingQuake>) -> bool {
    let end = clock.tick_end();
    quakes.iter().any(|q| !q.struck && q.quake.time_min < end)
}

/// What [`strike_earthquakes`] reads and changes.
#[derive(SystemParam)]
pub struct Quakes<'w, 's> {
    commands: Commands<'w, 's>,
    clock: Res<'w, Clock>,
    data: Res<'w, ScenarioData>,
    rng: ResMut<'w, HazardRng>,
    roads: ResMut<'w, RoadNetwork>,
    log: ResMut<'w, EventLog>,
    tally: ResMut<'w, Tally>,
    review: ResMut<'w, DoctrineReview>,
    comms: ResMut<'w, Comms>,
    levels: ResMut<'w, Levels>,
    hazard_state: ResMut<'w, HazardState>,
    quakes: Query<'w, 's, &'static mut PendingQuake>,
    places: Query<'w, 's, (&'static PlaceRef, &'static mut Cohort, &'static mut Shaking)>,
}

/// Strikes every earthquake whose time has come.
pub fn strike_earthquakes(q: Quakes) {
    let Quakes {
        mut commands,
        clock,
        data,
        rng: mut rng_res,
        mut roads,
        mut log,
        mut tally,
        mut review,
        mut comms,
        mut levels,
        mut hazard_state,
        mut quakes,
        mut places,
    } = q;
    let scenario = &*data.0;
    let end = clock.tick_end();
    let mut due: Vec<PendingQuake> = Vec::new();
    for mut pending in &mut quakes {
        if !pending.struck && pending.quake.time_min < end {
            pending.struck = true;
            due.push(pending.clone());
        }
    }
    due.sort_by_key(|q| (q.quake.time_min, q.seq));
    for pending in due {
        // Aftershock damage depends on who is still at home, so it samples from its own
        // generator; the mainshock's does not and uses the hazard stream.
        // Light injuries and relocation draw from a generator of their own, seeded from the
        // aftershock's seed or the hazard stream's next value (which is not consumed).
        let people_seed = pending
            .seed
            .unwrap_or_else(|| rng_res.0.clone().random::<u64>())
            ^ PEOPLE_SALT;
        let mut people_rng = Pcg64::seed_from_u64(people_seed);
        let mut own = pending.seed.map(Pcg64::seed_from_u64);
        let rng: &mut Pcg64 = match own.as_mut() {
            Some(r) => r,
            None => &mut rng_res.0,
        };
        let quake = &pending.quake;
        let onset = quake.time_min.max(clock.now);
        tally.first_onset = Some(tally.first_onset.map_or(onset, |t| t.min(onset)));
        let occupancy = if is_night(scenario, onset) {
            scenario.models.casualties.occupancy_night
        } else {
            scenario.models.casualties.occupancy_day
        };

        let max_intensity = scenario
            .region
            .places
            .iter()
            .map(|p| intensity_at(scenario, quake, p.x_km, p.y_km))
            .fold(0.0, f64::max);
        log.record(onset, || EventKind::EarthquakeStruck {
            hazard: quake.id.clone(),
            magnitude: quake.magnitude,
            x_km: quake.x_km,
            y_km: quake.y_km,
            max_intensity: round2(max_intensity),
        });
        let mut new_sites: Vec<RescueSite> = Vec::new();
        // Places are visited in index order so draws never depend on entity layout.
        let mut by_index: Vec<_> = places.iter_mut().collect();
        by_index.sort_by_key(|(place, _, _)| place.index);
        for (place_ref, mut cohort, mut shaking) in by_index {
            let place = &scenario.region.places[place_ref.index];
            let intensity = intensity_at(scenario, quake, place.x_km, place.y_km);
            let pga_g = pga_for_intensity(scenario, intensity);
            if intensity > shaking.intensity {
                *shaking = Shaking { intensity };
            }
            let exposed = cohort.unaffected;
            let mut harm = Harm::default();
            let mut allotted = 0u32;
            for (slot, &(class, share)) in place.housing.iter().enumerate() {
                let residents = if slot + 1 == place.housing.len() {
                    exposed - allotted
                } else {
                    ((exposed as f64 * share).round() as u32).min(exposed - allotted)
                };
                allotted += residents;
                let h = harm_class(
                    scenario,
                    rng,
                    &mut people_rng,
                    class,
                    residents,
                    pga_g,
                    occupancy,
                );
                harm.killed += h.killed;
                harm.trapped += h.trapped;
                harm.injured += h.injured;
                harm.displaced += h.displaced;
                harm.injured_light += h.injured_light;
                harm.in_moderate += h.in_moderate;
            }
            let affected = harm.killed + harm.trapped + harm.injured + harm.displaced;
            let moved = moved_out(
                scenario,
                &mut people_rng,
                place,
                intensity,
                harm.in_moderate,
                exposed - affected,
            );
            if affected + moved + harm.injured_light == 0 {
                continue;
            }
            cohort.unaffected -= affected + moved;
            cohort.dead += harm.killed;
            cohort.trapped += harm.trapped;
            cohort.injured_waiting += harm.injured;
            cohort.displace(harm.displaced);
            cohort.move_out(moved);
            tally.killed_outright += harm.killed as u64;
            tally.trapped_total += harm.trapped as u64;
            tally.injured_total += harm.injured as u64;
            tally.injured_light += harm.injured_light as u64;
            tally.displaced_total += harm.displaced as u64;
            tally.moved_out_total += moved as u64;

            let heavy = binomial(
                rng,
                harm.trapped,
                scenario.models.casualties.heavily_trapped_share,
            );
            log.record(onset, || EventKind::PlaceDamaged {
                hazard: quake.id.clone(),
                place: place.id.clone(),
                intensity: round2(intensity),
                pga_g: round3(pga_g),
                killed: harm.killed,
                trapped_light: harm.trapped - heavy,
                trapped_heavy: heavy,
                injured: harm.injured,
                displaced: harm.displaced,
                injured_light: harm.injured_light,
                moved_out: moved,
            });
            if harm.trapped > 0 {
                let killed = harm.killed;
                new_sites.push(trap_victims(
                    scenario,
                    rng,
                    (&quake.id, pending.seq),
                    place_ref.index,
                    onset,
                    harm.trapped,
                    heavy,
                ));
                if let Some(site) = new_sites.last_mut() {
                    site.killed_outright = killed;
                }
            }
        }
        for site in new_sites {
            log.record(onset, || EventKind::IncidentOpened {
                incident: site.id.clone(),
                place: scenario.region.places[site.place].id.clone(),
                trapped: site.trapped_initial,
            });
            commands.spawn(site);
        }
        damage_roads(
            scenario, quake, rng, &mut roads, &mut log, &mut tally, onset,
        );
        damage_towers(scenario, quake, rng, &mut comms, &mut log, onset);
        // What the shaking sets off, on the hazard stream in place order.
        let kind = if pending.aftershock {
            HazardKind::Aftershock
        } else {
            HazardKind::Earthquake
        };
        // An aftershock's cascades draw from a generator of their own, so they stay the same
        // whatever its damage drew (which depends on who had left).
        let mut own_cascades = pending
            .seed
            .map(|s| Pcg64::seed_from_u64(s ^ 0x9E37_79B9_7F4A_7C15));
        let hazard_rng = match own_cascades.as_mut() {
            Some(r) => r,
            None => &mut rng_res.0,
        };
        for (index, place) in scenario.region.places.iter().enumerate() {
            let intensity = intensity_at(scenario, quake, place.x_km, place.y_km);
            let c = Conditions {
                intensity: Some(intensity),
                ..Conditions::default()
            };
            for hazard in cascade(
                scenario,
                hazard_rng,
                &mut hazard_state,
                &mut log,
                Source {
                    kind,
                    id: &quake.id,
                    place: index,
                    now: onset,
                    conditions: c,
                },
            ) {
                commands.spawn(hazard.numbered(&mut hazard_state));
            }
        }
        if !pending.aftershock {
            for (shock, seed) in aftershocks(scenario, hazard_rng, quake, onset) {
                log.record(onset, || EventKind::CascadeTriggered {
                    rule: "aftershock-sequence".into(),
                    from: quake.id.clone(),
                    hazard: shock.id.clone(),
                    hazard_kind: "aftershock",
                    place: String::new(),
                    at: shock.time_min,
                });
                commands.spawn(PendingQuake {
                    quake: shock,
                    aftershock: true,
                    seed: Some(seed),
                    struck: false,
                    seq: hazard_state.next_seq(),
                });
            }
        }
        let density = density_around(scenario, quake.x_km, quake.y_km);
        if levels.quake.is_none_or(|(m, _, _)| quake.magnitude > m) {
            levels.quake = Some((quake.magnitude, onset, density));
            levels.intensity = Some(intensity_at(scenario, quake, quake.x_km, quake.y_km));
        }
        review.request();
    }
}

/// Degrades or blocks road links by the strongest shaking along them (at either end or the
/// midpoint), more readily on steep terrain and lower road classes.
fn damage_roads(
    scenario: &Scenario,
    quake: &Earthquake,
    rng: &mut impl rand::Rng,
    roads: &mut RoadNetwork,
    log: &mut EventLog,
    tally: &mut Tally,
    onset: u32,
) {
    let model = &scenario.models.roads;
    for index in 0..roads.links.len() {
        let link = &roads.links[index];
        let (a, b) = (
            &scenario.region.places[link.from],
            &scenario.region.places[link.to],
        );
        let intensity = [
            (a.x_km, a.y_km),
            ((a.x_km + b.x_km) / 2.0, (a.y_km + b.y_km) / 2.0),
            (b.x_km, b.y_km),
        ]
        .into_iter()
        .map(|(x, y)| intensity_at(scenario, quake, x, y))
        .fold(0.0, f64::max);
        let pga = pga_for_intensity(scenario, intensity);
        let road = &scenario.region.roads[index];
        let susceptibility = road_susceptibility(model, road);
        let p_block =
            math::lognormal_fragility(pga, model.block_median_g / susceptibility, model.beta);
        let p_degrade =
            math::lognormal_fragility(pga, model.degrade_median_g / susceptibility, model.beta);
        // Both draws are made for every link, whatever it was and becomes, so the stream (and
        // every later draw from it) depends neither on the damage drawn nor on what teams
        // cleared before an aftershock.
        let u: f64 = rng.random();
        let work: f64 = rng.random();
        let new_state = if u < p_block {
            LinkState::Blocked
        } else if u < p_degrade {
            LinkState::Degraded
        } else {
            continue;
        };
        let old = link.state;
        let worse = matches!(
            (old, new_state),
            (LinkState::Open, _) | (LinkState::Degraded, LinkState::Blocked)
        );
        if !worse {
            continue;
        }
        if new_state == LinkState::Blocked {
            let (lo, hi) = model.clear_work_hours;
            roads.links[index].clear_work_h = lo + (hi - lo) * work;
            tally.roads_blocked_ever += 1;
        }
        roads.set_state(index, new_state);
        log.record(onset, || EventKind::RoadChanged {
            road: road.id.clone(),
            from: a.id.clone(),
            to: b.id.clone(),
            state: new_state.name(),
            cause: "earthquake",
        });
    }
    tally.roads_blocked_peak = tally.roads_blocked_peak.max(roads.blocked_count as u64);
}

/// How much more readily than a flat provincial road `road` is damaged: its terrain (`Mountain`,
/// else `Hilly`) times its class.
pub fn road_susceptibility(
    model: &crate::scenario::RoadModel,
    road: &crate::scenario::Road,
) -> f64 {
    let terrain = if road.tags.contains(&crate::scenario::Tag::Mountain) {
        model.mountain_susceptibility
    } else if road.tags.contains(&crate::scenario::Tag::Hilly) {
        model.hilly_susceptibility
    } else {
        1.0
    };
    let class = crate::sim::roads::class_index(road.class);
    terrain
        * model
            .class_susceptibility
            .get(class)
            .copied()
            .unwrap_or(1.0)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Comms towers fail by the shaking where they stand.
fn damage_towers(
    scenario: &Scenario,
    quake: &Earthquake,
    rng: &mut impl rand::Rng,
    comms: &mut Comms,
    log: &mut EventLog,
    onset: u32,
) {
    let model = &scenario.models.comms;
    for (index, tower) in scenario.facilities.comms_towers.iter().enumerate() {
        let place = &scenario.region.places[tower.place];
        let pga = pga_for_intensity(
            scenario,
            intensity_at(scenario, quake, place.x_km, place.y_km),
        );
        let p_fail = math::lognormal_fragility(pga, model.tower_median_g, model.beta);
        let u: f64 = rng.random();
        if u < p_fail && comms.tower_up[index] {
            comms.tower_up[index] = false;
            log.record(onset, || EventKind::CommsTowerDown {
                tower: tower.id.clone(),
                place: place.id.clone(),
            });
        }
    }
}
