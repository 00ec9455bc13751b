//! Compound hazards: aftershocks, rain, landslides and debris flows, barrier lakes, floods,
//! chemical releases, forest fire, further collapse — and the cascade rules that link them.
//!
//! Every hazard that strikes a place is a [`PendingHazard`] until its time comes. Cascade rules
//! are data (`hazards.cascades`, default `assets/cascades/default.ron`): when a hazard acts at a
//! place where a rule's condition holds, the rule's hazard is scheduled there with its
//! probability and delay. All of this draws from the hazard stream in an order no plan decision
//! changes; how many people an impact harms can depend on the plan (who was evacuated), so each
//! impact samples from its own generator, seeded from the hazard stream when it was scheduled.

use bevy_ecs::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64;

use crate::scenario::model::{Cascade, HazardKind, HazardousKind};
use crate::scenario::{Hazard, Scenario, Tag};
use crate::sim::command::Levels;
use crate::sim::components::*;
use crate::sim::events::{EventKind, EventLog};
use crate::sim::math;
use crate::sim::resources::*;
use crate::sim::roads::{LinkState, RoadNetwork};
use crate::sim::sample::binomial;

/// A hazard scheduled to strike a place.
#[derive(Component, Debug, Clone)]
pub struct PendingHazard {
    pub id: String,
    pub kind: HazardKind,
    pub place: usize,
    pub at: u32,
    /// What caused it (a hazard id, or `scenario`).
    pub cause: String,
    /// The kind of hazard that caused it.
    pub cause_kind: Option<HazardKind>,
    /// The hazardous site, for chemical releases.
    pub site: Option<usize>,
    /// Seed of the generator its impact samples from.
    pub seed: u64,
    /// For floods: what kind.
    pub flood: FloodKind,
    pub done: bool,
}

/// Kinds of flood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FloodKind {
    /// A river in spate after rain.
    #[default]
    River,
    /// Water backing up behind a barrier lake.
    Backwater,
    /// A barrier lake bursting: it sends a wave downstream.
    Outburst,
    /// The outburst wave reaching a place downstream.
    Wave,
}

/// Rain and the hazards scheduled so far.
#[derive(Resource, Debug, Default)]
pub struct HazardState {
    /// Rain accumulated at each place since its storm began, mm.
    pub rain_mm: Vec<f64>,
    /// Current rain rate at each place, mm/h.
    pub rain_rate: Vec<f64>,
    /// Minute rain began at each place.
    pub wet_since: Vec<Option<u32>>,
    /// (rule, place) pairs already drawn for rain rules: each fires at most once per place.
    pub rain_rules_drawn: std::collections::BTreeSet<(usize, usize)>,
    /// Rivers already in flood.
    pub rivers_flooded: Vec<bool>,
    /// Sequence number for hazard ids.
    pub next_id: u64,
    /// Rain rate of each storm at each place while it rains, mm/h (the pattern is fixed).
    pub storm_rates: Vec<Vec<f64>>,
    /// Production-safety accidents graded 较大 (Ⅲ) or above.
    pub major_accidents: u32,
    /// Whether any hazard that production-safety grading applies to happened.
    pub accident_possible: bool,
}

/// Values a cascade condition is checked against at a place.
#[derive(Debug, Clone, Copy, Default)]
pub struct Conditions {
    pub intensity: Option<f64>,
    pub rain_mm: Option<f64>,
    pub rain_above_threshold: bool,
}

fn condition_holds(scenario: &Scenario, rule: &Cascade, place: usize, c: Conditions) -> bool {
    let p = &scenario.region.places[place];
    let when = &rule.when;
    if !when.tags.iter().all(|t| p.has_tag(*t)) {
        return false;
    }
    if let Some(min) = when.min_intensity
        && c.intensity.is_none_or(|i| i < min)
    {
        return false;
    }
    if let Some(min) = when.min_rain_mm
        && c.rain_mm.is_none_or(|r| r < min)
    {
        return false;
    }
    if when.rain_above_threshold && !c.rain_above_threshold {
        return false;
    }
    if let Some(kind) = when.site
        && !scenario
            .facilities
            .hazardous_sites
            .iter()
            .any(|s| s.place == place && s.kind == kind)
    {
        return false;
    }
    true
}

/// A cascade rule's draws, always three in this order (whether it fires, its delay, the seed of
/// its impact) so that the stream stays aligned: `Some((delay, seed))` if it fires.
fn draw_cascade(rule: &Cascade, rng: &mut impl rand::Rng) -> Option<(u32, u64)> {
    let u: f64 = rng.random();
    let (lo, hi) = (rule.delay.0.as_minutes(), rule.delay.1.as_minutes());
    let delay = if hi > lo {
        rng.random_range(lo..=hi)
    } else {
        lo
    };
    let seed: u64 = rng.random();
    (u < rule.probability).then_some((delay, seed))
}

/// Applies every cascade rule from `from` at `place`: each rule whose condition holds fires with
/// its probability, scheduling its hazard after its delay. Returns the hazards scheduled.
#[allow(clippy::too_many_arguments)]
pub fn cascade(
    scenario: &Scenario,
    rng: &mut impl rand::Rng,
    state: &mut HazardState,
    log: &mut EventLog,
    from: HazardKind,
    source_id: &str,
    place: usize,
    now: u32,
    c: Conditions,
) -> Vec<PendingHazard> {
    let mut out = Vec::new();
    for rule in scenario.cascades.iter().filter(|r| r.from == from) {
        if !condition_holds(scenario, rule, place, c) {
            continue;
        }
        let Some((delay, seed)) = draw_cascade(rule, rng) else {
            continue;
        };
        state.next_id += 1;
        let id = format!("{}-{}", rule.to.name(), state.next_id);
        let site = if rule.to == HazardKind::ChemicalRelease {
            scenario
                .facilities
                .hazardous_sites
                .iter()
                .position(|s| s.place == place && s.kind == HazardousKind::Chemical)
        } else {
            None
        };
        log.record(now, || EventKind::CascadeTriggered {
            rule: rule.id.clone(),
            from: source_id.to_string(),
            hazard: id.clone(),
            hazard_kind: rule.to.name(),
            place: scenario.region.places[place].id.clone(),
            at: now + delay,
        });
        out.push(PendingHazard {
            id,
            kind: rule.to,
            place,
            at: now + delay,
            cause: source_id.to_string(),
            cause_kind: Some(from),
            site,
            seed,
            flood: if from == HazardKind::BarrierLake {
                FloodKind::Outburst
            } else {
                FloodKind::River
            },
            done: false,
        });
    }
    out
}

/// Aftershocks of a mainshock (Reasenberg–Jones), drawn over the rest of the run.
pub fn aftershocks(
    scenario: &Scenario,
    rng: &mut impl rand::Rng,
    main: &crate::scenario::Earthquake,
    onset: u32,
) -> Vec<(crate::scenario::Earthquake, u64)> {
    let Some(spec) = &main.aftershocks else {
        return Vec::new();
    };
    let horizon_days = scenario.duration_min.saturating_sub(onset) as f64 / 1440.0;
    if horizon_days <= 0.0 || spec.min_magnitude >= main.magnitude {
        return Vec::new();
    }
    // Expected count above the minimum magnitude: 10^(a + b(Mm − Mmin)) ∫ (t + c)^−p dt.
    let k = math::pow(
        10.0,
        spec.a + spec.b * (main.magnitude - spec.min_magnitude),
    );
    let integral = |t: f64| {
        if (spec.p - 1.0).abs() < 1e-9 {
            math::ln(t + spec.c_days)
        } else {
            math::pow(t + spec.c_days, 1.0 - spec.p) / (1.0 - spec.p)
        }
    };
    let expected = k * (integral(horizon_days) - integral(0.0));
    // Draw the count (Poisson by summing exponential gaps), then each shock's time by inverting
    // the normalised Omori integral, its magnitude from Gutenberg–Richter truncated at the
    // mainshock, and its epicentre near the mainshock's.
    let mut count = 0u32;
    let mut acc = crate::sim::sample::exponential(rng, 1.0);
    while acc < expected && count < 500 {
        count += 1;
        acc += crate::sim::sample::exponential(rng, 1.0);
    }
    let mut shocks = Vec::new();
    for i in 0..count {
        let u: f64 = rng.random();
        let target = integral(0.0) + u * (integral(horizon_days) - integral(0.0));
        let t_days = if (spec.p - 1.0).abs() < 1e-9 {
            libm::exp(target) - spec.c_days
        } else {
            math::pow(target * (1.0 - spec.p), 1.0 / (1.0 - spec.p)) - spec.c_days
        };
        let span = main.magnitude - spec.min_magnitude;
        let v: f64 = rng.random();
        let magnitude = spec.min_magnitude
            - math::log10(1.0 - v * (1.0 - math::pow(10.0, -spec.b * span))) / spec.b;
        let r = spec.radius_km * libm::sqrt(rng.random::<f64>());
        let angle = 2.0 * std::f64::consts::PI * rng.random::<f64>();
        let seed: u64 = rng.random();
        let minute = onset + 1 + (t_days.max(0.0) * 1440.0) as u32;
        shocks.push((
            crate::scenario::Earthquake {
                id: format!("{}-aftershock-{}", main.id, i + 1),
                name: format!("M{:.1} aftershock", magnitude),
                x_km: main.x_km + r * libm::cos(angle),
                y_km: main.y_km + r * libm::sin(angle),
                magnitude: (magnitude * 10.0).round() / 10.0,
                depth_km: main.depth_km,
                time_min: minute,
                aftershocks: None,
            },
            seed,
        ));
    }
    shocks.sort_by_key(|(q, _)| q.time_min);
    shocks
}

/// The intensity–duration threshold (mm/h) for rain lasting `hours`.
pub fn rain_threshold(scenario: &Scenario, hours: f64) -> f64 {
    let s = &scenario.models.secondary;
    s.rain_threshold_a * math::pow(hours.max(0.1), -s.rain_threshold_b)
}

/// Run condition of [`rain_falls`]: the scenario has rainstorms.
pub fn has_rain(data: Res<ScenarioData>) -> bool {
    data.0
        .hazards
        .iter()
        .any(|h| matches!(h, Hazard::Rainstorm(_)))
}

/// Rain falls: rates and totals per place, rain-triggered cascades, river floods.
#[allow(clippy::too_many_arguments)]
pub fn rain_falls(
    mut commands: Commands,
    clock: Res<Clock>,
    data: Res<ScenarioData>,
    mut rng: ResMut<HazardRng>,
    mut state: ResMut<HazardState>,
    mut log: ResMut<EventLog>,
    mut tally: ResMut<Tally>,
) {
    let scenario = &*data.0;
    let storms: Vec<&crate::scenario::Rainstorm> = scenario
        .hazards
        .iter()
        .filter_map(|h| match h {
            Hazard::Rainstorm(r) => Some(r),
            _ => None,
        })
        .collect();
    if storms.is_empty() {
        return;
    }
    let now = clock.now;
    let n = scenario.region.places.len();
    if state.rain_mm.len() != n {
        state.rain_mm = vec![0.0; n];
        state.rain_rate = vec![0.0; n];
        state.wet_since = vec![None; n];
        state.rivers_flooded = vec![false; scenario.region.rivers.len()];
        state.storm_rates = storms
            .iter()
            .map(|s| {
                scenario
                    .region
                    .places
                    .iter()
                    .map(|p| s.rate_at(p.x_km, p.y_km))
                    .collect()
            })
            .collect();
    }
    if !storms
        .iter()
        .any(|s| (s.start_min..s.end_min).contains(&now))
    {
        return;
    }
    for storm in &storms {
        if now == storm.start_min {
            tally.first_onset = Some(tally.first_onset.map_or(now, |t| t.min(now)));
            log.record(now, || EventKind::HazardStruck {
                hazard: storm.id.clone(),
                hazard_kind: "rainstorm",
                place: String::new(),
                cause: "scenario".into(),
                killed: 0,
                trapped: 0,
                injured: 0,
                displaced: 0,
            });
        }
    }
    let hours_per_tick = clock.tick as f64 / 60.0;
    let mut raining = false;
    for place in 0..n {
        let rate: f64 = storms
            .iter()
            .enumerate()
            .filter(|(_, s)| (s.start_min..s.end_min).contains(&now))
            .map(|(k, _)| state.storm_rates[k][place])
            .sum();
        state.rain_rate[place] = rate;
        if rate > 0.0 {
            raining = true;
            state.rain_mm[place] += rate * hours_per_tick;
            state.wet_since[place].get_or_insert(now);
        }
    }
    // Rain rules and river floods are looked at once an hour.
    if !raining || !now.is_multiple_of(60) {
        return;
    }
    let rng = &mut rng.0;
    let mut scheduled = Vec::new();
    for place in 0..n {
        let Some(since) = state.wet_since[place] else {
            continue;
        };
        let mm = state.rain_mm[place];
        let hours = (now - since) as f64 / 60.0;
        let mean_rate = if hours > 0.0 { mm / hours } else { 0.0 };
        let c = Conditions {
            intensity: None,
            rain_mm: Some(mm),
            rain_above_threshold: hours >= 1.0 && mean_rate >= rain_threshold(scenario, hours),
        };
        for (r, rule) in scenario.cascades.iter().enumerate() {
            if rule.from != HazardKind::Rainstorm
                || state.rain_rules_drawn.contains(&(r, place))
                || !condition_holds(scenario, rule, place, c)
            {
                continue;
            }
            state.rain_rules_drawn.insert((r, place));
            let single = Cascade { ..rule.clone() };
            let scenario_one = OneRule { rule: &single };
            scheduled.extend(scenario_one.fire(scenario, rng, &mut state, &mut log, place, now, c));
        }
    }
    // A river floods its riverside places when the rain over them averages its threshold.
    for (r, river) in scenario.region.rivers.iter().enumerate() {
        if state.rivers_flooded[r] || river.places.is_empty() {
            continue;
        }
        let mean =
            river.places.iter().map(|&p| state.rain_mm[p]).sum::<f64>() / river.places.len() as f64;
        if mean < river.flood_rain_mm {
            continue;
        }
        state.rivers_flooded[r] = true;
        for (k, &place) in river.places.iter().enumerate() {
            if !scenario.region.places[place].has_tag(Tag::Riverside) {
                continue;
            }
            state.next_id += 1;
            let seed: u64 = rng.random();
            // The flood wave travels downstream: an hour between places, after a six-hour rise.
            scheduled.push(PendingHazard {
                id: format!("flood-{}", state.next_id),
                kind: HazardKind::Flood,
                place,
                at: now + 360 + 60 * k as u32,
                cause: river.id.clone(),
                cause_kind: Some(HazardKind::Rainstorm),
                site: None,
                seed,
                flood: FloodKind::River,
                done: false,
            });
        }
    }
    for hazard in scheduled {
        commands.spawn(hazard);
    }
}

/// One rule applied on its own (rain rules fire once per place).
struct OneRule<'a> {
    rule: &'a Cascade,
}

impl OneRule<'_> {
    #[allow(clippy::too_many_arguments)]
    fn fire(
        &self,
        scenario: &Scenario,
        rng: &mut impl rand::Rng,
        state: &mut HazardState,
        log: &mut EventLog,
        place: usize,
        now: u32,
        _c: Conditions,
    ) -> Vec<PendingHazard> {
        let rule = self.rule;
        let Some((delay, seed)) = draw_cascade(rule, rng) else {
            return Vec::new();
        };
        state.next_id += 1;
        let id = format!("{}-{}", rule.to.name(), state.next_id);
        log.record(now, || EventKind::CascadeTriggered {
            rule: rule.id.clone(),
            from: "rain".to_string(),
            hazard: id.clone(),
            hazard_kind: rule.to.name(),
            place: scenario.region.places[place].id.clone(),
            at: now + delay,
        });
        vec![PendingHazard {
            id,
            kind: rule.to,
            place,
            at: now + delay,
            cause: "rain".to_string(),
            cause_kind: Some(rule.from),
            site: None,
            seed,
            flood: FloodKind::River,
            done: false,
        }]
    }
}

/// What an impact did at one place.
#[derive(Debug, Clone, Copy, Default)]
pub struct Impact {
    pub killed: u32,
    pub trapped: u32,
    pub injured: u32,
    pub displaced: u32,
}

/// Run condition of [`realise_hazards`]: a scheduled hazard's time has come.
pub fn hazards_due(clock: Res<Clock>, pending: Query<&PendingHazard>) -> bool {
    let end = clock.tick_end();
    pending.iter().any(|h| !h.done && h.at < end)
}

/// Hazards whose time has come strike: their impacts, the incidents they open, the roads they
/// cut, and the cascades they set off.
#[allow(clippy::too_many_arguments)]
pub fn realise_hazards(
    mut commands: Commands,
    clock: Res<Clock>,
    data: Res<ScenarioData>,
    place_entities: Res<PlaceEntities>,
    mut rng: ResMut<HazardRng>,
    mut state: ResMut<HazardState>,
    mut roads: ResMut<RoadNetwork>,
    mut log: ResMut<EventLog>,
    mut tally: ResMut<Tally>,
    mut review: ResMut<DoctrineReview>,
    mut exposures: ResMut<crate::sim::warning::Exposures>,
    warnings: Res<crate::sim::warning::Warnings>,
    levels: Res<Levels>,
    mut pending: Query<&mut PendingHazard>,
    mut cohorts: Query<&mut Cohort>,
) {
    let scenario = &*data.0;
    let end = clock.tick_end();
    let mut due: Vec<Mut<PendingHazard>> = pending
        .iter_mut()
        .filter(|h| !h.done && h.at < end)
        .collect();
    if due.is_empty() {
        return;
    }
    let _ = &levels;
    due.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
    let mut scheduled: Vec<PendingHazard> = Vec::new();
    for mut hazard in due {
        hazard.done = true;
        let now = hazard.at.max(clock.now);
        tally.first_onset = Some(tally.first_onset.map_or(now, |t| t.min(now)));
        let mut impact_rng = Pcg64::seed_from_u64(hazard.seed);
        let s = &scenario.models.secondary;
        let place = hazard.place;
        let mut impacts: Vec<(usize, Impact, f64, f64)> = Vec::new();
        match hazard.kind {
            HazardKind::Landslide | HazardKind::DebrisFlow => {
                let factor = if hazard.kind == HazardKind::DebrisFlow {
                    s.debris_flow_factor
                } else {
                    1.0
                };
                if let Ok(mut cohort) = cohorts.get_mut(place_entities.0[place]) {
                    let buried = binomial(
                        &mut impact_rng,
                        cohort.unaffected,
                        (s.landslide_buried * factor).min(1.0),
                    );
                    let killed = binomial(&mut impact_rng, buried, 0.3);
                    let trapped = buried - killed;
                    let displaced = binomial(
                        &mut impact_rng,
                        cohort.unaffected - buried,
                        (s.landslide_displaced * factor).min(1.0),
                    );
                    cohort.unaffected -= buried + displaced;
                    cohort.dead += killed;
                    cohort.trapped += trapped;
                    cohort.displace(displaced);
                    impacts.push((
                        place,
                        Impact {
                            killed,
                            trapped,
                            injured: 0,
                            displaced,
                        },
                        0.0,
                        0.0,
                    ));
                }
                // The slide cuts the mountain roads at the place. Both draws are made for every
                // such road, cut or already blocked, so the hazard stream does not depend on
                // which roads teams have cleared.
                for link in 0..roads.links.len() {
                    let l = &roads.links[link];
                    if !((l.from == place || l.to == place) && l.mountain) {
                        continue;
                    }
                    let cut: f64 = rng.0.random();
                    let work: f64 = rng.0.random();
                    if cut < 0.7 && roads.links[link].state != LinkState::Blocked {
                        let (lo, hi) = scenario.models.roads.clear_work_hours;
                        roads.links[link].clear_work_h = lo + (hi - lo) * work;
                        roads.set_state(link, LinkState::Blocked);
                        tally.roads_blocked_ever += 1;
                        let road = &scenario.region.roads[link];
                        log.record(now, || EventKind::RoadChanged {
                            road: road.id.clone(),
                            from: scenario.region.places[road.from].id.clone(),
                            to: scenario.region.places[road.to].id.clone(),
                            state: "blocked",
                            cause: hazard.kind.name(),
                        });
                    }
                }
                tally.roads_blocked_peak = tally.roads_blocked_peak.max(roads.blocked_count as u64);
            }
            HazardKind::BarrierLake => {
                // The lake backs up and floods the place upstream on the river after it fills.
                for river in scenario
                    .region
                    .rivers
                    .iter()
                    .filter(|r| r.places.contains(&place))
                {
                    let k = river.places.iter().position(|&p| p == place).unwrap_or(0);
                    if k == 0 {
                        continue;
                    }
                    let upstream = river.places[k - 1];
                    let (lo, hi) = s.barrier_fill_h;
                    let fill = ((lo + (hi - lo) * rng.0.random::<f64>()) * 60.0) as u32;
                    state.next_id += 1;
                    let seed: u64 = rng.0.random();
                    scheduled.push(PendingHazard {
                        id: format!("flood-{}", state.next_id),
                        kind: HazardKind::Flood,
                        place: upstream,
                        at: now + fill,
                        cause: hazard.id.clone(),
                        cause_kind: Some(HazardKind::BarrierLake),
                        site: None,
                        seed,
                        flood: FloodKind::Backwater,
                        done: false,
                    });
                }
            }
            HazardKind::Flood if hazard.flood == FloodKind::Outburst => {
                // An outburst: the flood wave runs down the river, 20 minutes a place.
                for river in scenario
                    .region
                    .rivers
                    .iter()
                    .filter(|r| r.places.contains(&place))
                {
                    let k = river.places.iter().position(|&p| p == place).unwrap_or(0);
                    for (step, &down) in river.places.iter().skip(k + 1).take(3).enumerate() {
                        state.next_id += 1;
                        let seed: u64 = rng.0.random();
                        scheduled.push(PendingHazard {
                            id: format!("outburst-{}", state.next_id),
                            kind: HazardKind::Flood,
                            place: down,
                            at: now + 20 * (step as u32 + 1),
                            cause: hazard.id.clone(),
                            cause_kind: Some(HazardKind::Flood),
                            site: None,
                            seed,
                            flood: FloodKind::Wave,
                            done: false,
                        });
                    }
                }
            }
            HazardKind::Flood | HazardKind::ForestFire => {
                let mortality = match (hazard.kind, hazard.flood) {
                    (HazardKind::ForestFire, _) => s.fire_mortality,
                    (_, FloodKind::Wave) => s.outburst_mortality,
                    _ => s.flood_mortality,
                };
                if let Ok(mut cohort) = cohorts.get_mut(place_entities.0[place]) {
                    let evacuated = cohort.evacuating as f64 + cohort.evacuated as f64;
                    let at_risk = cohort.unaffected as f64 + evacuated;
                    let exposed = cohort.unaffected;
                    let killed = binomial(&mut impact_rng, exposed, mortality);
                    let injured = binomial(&mut impact_rng, exposed - killed, s.flood_injured);
                    let displaced = exposed - killed - injured;
                    cohort.unaffected = 0;
                    cohort.dead += killed;
                    cohort.injured_waiting += injured;
                    cohort.displace(displaced);
                    impacts.push((
                        place,
                        Impact {
                            killed,
                            trapped: 0,
                            injured,
                            displaced,
                        },
                        at_risk,
                        evacuated,
                    ));
                }
            }
            HazardKind::ChemicalRelease => {
                let site = hazard
                    .site
                    .and_then(|i| scenario.facilities.hazardous_sites.get(i));
                let wind_to = (scenario.wind_from_deg + 180.0).to_radians();
                let origin = &scenario.region.places[place];
                let mut deaths_total = 0;
                let mut injured_total = 0;
                for (p, target) in scenario.region.places.iter().enumerate() {
                    let (dx, dy) = (target.x_km - origin.x_km, target.y_km - origin.y_km);
                    let d = math::sqrt(dx * dx + dy * dy);
                    let downwind = d < 0.01 || {
                        let cos = (dx * libm::sin(wind_to) + dy * libm::cos(wind_to)) / d;
                        cos > 0.7
                    };
                    if d > s.chemical_zone_km || !downwind {
                        continue;
                    }
                    if let Ok(mut cohort) = cohorts.get_mut(place_entities.0[p]) {
                        let evacuated = cohort.evacuating as f64 + cohort.evacuated as f64;
                        let at_risk = cohort.unaffected as f64 + evacuated;
                        let exposed = cohort.unaffected;
                        let mut killed = binomial(&mut impact_rng, exposed, s.chemical_deaths);
                        if p == place {
                            let workers = site.map_or(0, |s| s.workers).min(exposed - killed);
                            killed += binomial(&mut impact_rng, workers, s.chemical_worker_deaths);
                        }
                        let injured =
                            binomial(&mut impact_rng, exposed - killed, s.chemical_injured);
                        // Everyone else in the plume's path leaves home until it is safe.
                        let displaced = exposed - killed - injured;
                        cohort.unaffected = 0;
                        cohort.dead += killed;
                        cohort.injured_waiting += injured;
                        cohort.displace(displaced);
                        deaths_total += killed;
                        injured_total += injured;
                        impacts.push((
                            p,
                            Impact {
                                killed,
                                trapped: 0,
                                injured,
                                displaced,
                            },
                            at_risk,
                            evacuated,
                        ));
                    }
                }
                // Graded as a production-safety accident (State Council Decree 493).
                state.accident_possible = true;
                let level = scenario.grading.table("production_safety").and_then(|t| {
                    t.grade(&[
                        (crate::scenario::Measure::Deaths, deaths_total as f64),
                        (
                            crate::scenario::Measure::SeriousInjuries,
                            injured_total as f64,
                        ),
                    ])
                });
                if level.is_some_and(|l| l.at_least(crate::scenario::Level::III)) {
                    state.major_accidents += 1;
                }
                log.record(now, || EventKind::AccidentGraded {
                    hazard: hazard.id.clone(),
                    site: site.map_or(String::new(), |s| s.id.clone()),
                    deaths: deaths_total,
                    serious_injuries: injured_total,
                    level: level.map_or("—", |l| l.roman()),
                });
            }
            HazardKind::Collapse => {
                if let Ok(mut cohort) = cohorts.get_mut(place_entities.0[place]) {
                    let trapped = binomial(&mut impact_rng, cohort.displaced, s.collapse_trapped);
                    cohort.displaced -= trapped;
                    cohort.trapped += trapped;
                    impacts.push((
                        place,
                        Impact {
                            killed: 0,
                            trapped,
                            injured: 0,
                            displaced: 0,
                        },
                        0.0,
                        0.0,
                    ));
                }
            }
            HazardKind::Earthquake | HazardKind::Aftershock | HazardKind::Rainstorm => {}
        }
        // Record, count, open incidents for the trapped, and note exposure for warnings.
        let mut total = Impact::default();
        for (p, impact, at_risk, evacuated) in &impacts {
            total.killed += impact.killed;
            total.trapped += impact.trapped;
            total.injured += impact.injured;
            total.displaced += impact.displaced;
            if *at_risk > 0.0 {
                exposures.record(&warnings, scenario, *p, now, *at_risk, *evacuated);
            }
            if impact.trapped > 0 {
                let heavy = binomial(
                    &mut impact_rng,
                    impact.trapped,
                    scenario.models.casualties.heavily_trapped_share,
                );
                let mut site = crate::sim::systems::earthquake::trap_victims(
                    scenario,
                    &mut impact_rng,
                    &hazard.id,
                    *p,
                    now,
                    impact.trapped,
                    heavy,
                );
                site.killed_outright = impact.killed;
                log.record(now, || EventKind::IncidentOpened {
                    incident: site.id.clone(),
                    place: scenario.region.places[*p].id.clone(),
                    trapped: site.trapped_initial,
                });
                commands.spawn(site);
                review.0 = true;
            }
        }
        tally.killed_outright += total.killed as u64;
        tally.trapped_total += total.trapped as u64;
        tally.injured_total += total.injured as u64;
        tally.displaced_total += total.displaced as u64;
        log.record(now, || EventKind::HazardStruck {
            hazard: hazard.id.clone(),
            hazard_kind: hazard.kind.name(),
            place: scenario.region.places[place].id.clone(),
            cause: hazard.cause.clone(),
            killed: total.killed,
            trapped: total.trapped,
            injured: total.injured,
            displaced: total.displaced,
        });
        // And what this hazard sets off in turn.
        let more = cascade(
            scenario,
            &mut rng.0,
            &mut state,
            &mut log,
            hazard.kind,
            &hazard.id,
            place,
            now,
            Conditions::default(),
        );
        scheduled.extend(more);
    }
    for hazard in scheduled {
        commands.spawn(hazard);
    }
}

/// Schedules the scenario's own forest fires and chemical releases at the start of the run.
pub fn primary_hazards(scenario: &Scenario, rng: &mut impl rand::Rng) -> Vec<PendingHazard> {
    let mut out = Vec::new();
    for hazard in &scenario.hazards {
        match hazard {
            Hazard::ChemicalRelease(c) => {
                let Some(site) = scenario.facilities.hazardous_sites.get(c.site) else {
                    continue;
                };
                out.push(PendingHazard {
                    id: c.id.clone(),
                    kind: HazardKind::ChemicalRelease,
                    place: site.place,
                    at: c.time_min,
                    cause: "scenario".into(),
                    cause_kind: None,
                    site: Some(c.site),
                    seed: rng.random(),
                    flood: FloodKind::River,
                    done: false,
                });
            }
            Hazard::ForestFire(f) => {
                // The front reaches forest-edge places within reach, faster downwind.
                let origin = &scenario.region.places[f.place];
                let wind_to = (f.wind_from_deg + 180.0).to_radians();
                for (p, target) in scenario.region.places.iter().enumerate() {
                    if p != f.place && !target.has_tag(Tag::ForestEdge) {
                        continue;
                    }
                    let (dx, dy) = (target.x_km - origin.x_km, target.y_km - origin.y_km);
                    let d = math::sqrt(dx * dx + dy * dy);
                    if d > f.reach_km {
                        continue;
                    }
                    let cos = if d > 0.01 {
                        (dx * libm::sin(wind_to) + dy * libm::cos(wind_to)) / d
                    } else {
                        1.0
                    };
                    // Upwind the front creeps at a fifth of its downwind rate.
                    let speed = f.spread_km_h * (0.2 + 0.8 * (cos.max(0.0)));
                    let hours = d / speed.max(0.01);
                    out.push(PendingHazard {
                        id: format!("{}@{}", f.id, target.id),
                        kind: HazardKind::ForestFire,
                        place: p,
                        at: f.time_min + (hours * 60.0) as u32,
                        cause: f.id.clone(),
                        cause_kind: None,
                        site: None,
                        seed: rng.random(),
                        flood: FloodKind::River,
                        done: false,
                    });
                }
            }
            Hazard::Earthquake(_) | Hazard::Rainstorm(_) => {}
        }
    }
    out
}
