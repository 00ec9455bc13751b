//! Monitoring, warnings and evacuation.
//!
//! Monitoring detects a scheduled hazard with a lead time — or misses it — and sometimes raises
//! a false alarm (`hazards.monitoring`). The plan's warning rules (`plan.warning.rules`) turn a
//! forecast, or rain over a threshold, into a warning for a place or a whole town. Channels
//! (SMS, siren, village broadcast, door-to-door) each reach a share of people after their delay;
//! warned people who comply leave along an S-shaped curve and walk to the nearest shelter.
//! When a flood, fire or plume strikes, who had been warned and who had left is recorded: the
//! KPIs `warning_coverage` and `evacuated_before_impact`.

use std::collections::{BTreeMap, BTreeSet};

use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;
use rand::RngExt;

use crate::scenario::model::{HazardKind, WarningArea, WarningLevel, WarningTrigger};
use crate::scenario::{PlaceKind, Preparedness, Scenario};
use crate::sim::components::*;
use crate::sim::events::{EventKind, EventLog};
use crate::sim::math;
use crate::sim::resources::*;

/// Random stream for monitoring: detections and false alarms.
#[derive(Resource, Debug)]
pub struct MonitoringRng(pub rand_pcg::Pcg64);

/// A warning in force at a place.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceWarning {
    pub at: u32,
    pub level: WarningLevel,
    pub evacuate: bool,
    /// When an evacuation order (rather than an advisory) was given.
    pub ordered_at: Option<u32>,
    /// Residents at home when the warning was issued: the base of departures.
    pub base: u32,
    /// How many have left so far.
    pub departed: u32,
    /// Departures are over: every curve has run its course and every channel has spoken.
    pub settled: bool,
}

/// A forecast waiting for its moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// Minute it is made (the hazard's minute less monitoring's lead).
    pub at: u32,
    pub place: usize,
    pub kind: HazardKind,
    /// The hazard's id, or `false-alarm`.
    pub hazard: String,
    pub false_alarm: bool,
}

/// Evacuees from one place on their way to shelter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Walking {
    pub arrives_at: u32,
    pub place: usize,
    pub people: u32,
}

/// Warnings in force and forecasts made.
#[derive(Resource, Debug, Default)]
pub struct Warnings {
    pub per_place: Vec<Option<PlaceWarning>>,
    /// Hazards monitoring has already looked at (by creation order, `PendingHazard::seq`).
    pub seen: BTreeSet<u64>,
    /// Forecasts waiting for their moment.
    pub forecasts: Vec<Forecast>,
    /// Places downstream a forecast hazard also threatens, by hazard id: a barrier lake's
    /// breach threatens every place its wave would reach. Its warning rules warn them too.
    pub downstream: BTreeMap<String, Vec<usize>>,
    /// Forecasts made so far, in order (the weather, water and natural-resources bureaus
    /// hold them: `sim::command::facts`).
    pub made: Vec<Forecast>,
    /// Rain rules already fired: (rule, place).
    pub rain_fired: BTreeSet<(usize, usize)>,
    /// Evacuees on their way.
    pub walking: Vec<Walking>,
    /// Places whose warning is not yet settled (people may still leave), in place order:
    /// the only ones `evacuate` looks at.
    pub unsettled: BTreeSet<usize>,
    /// Shelter places left.
    pub shelter_left: Vec<u32>,
}

impl Warnings {
    /// Share of people at `place` a warning has reached by minute `t`.
    pub fn reach(&self, scenario: &Scenario, place: usize, t: u32) -> f64 {
        let Some(Some(w)) = self.per_place.get(place) else {
            return 0.0;
        };
        let missed: f64 = scenario
            .plan
            .warning
            .channels
            .iter()
            .filter(|c| t >= w.at + c.delay.as_minutes())
            .map(|c| 1.0 - c.reach)
            .product();
        1.0 - missed
    }
}

/// Exposure of people to warned-against hazards, for the KPIs.
#[derive(Resource, Debug, Default)]
pub struct Exposures {
    pub at_risk: f64,
    pub warned: f64,
    pub evacuated: f64,
}

impl Exposures {
    /// Records `at_risk` people at `place` struck at `now`, `evacuated` of whom had left.
    pub fn record(
        &mut self,
        warnings: &Warnings,
        scenario: &Scenario,
        place: usize,
        now: u32,
        at_risk: f64,
        evacuated: f64,
    ) {
        self.at_risk += at_risk;
        self.warned += at_risk * warnings.reach(scenario, place, now);
        self.evacuated += evacuated;
    }

    pub fn coverage(&self) -> Option<f64> {
        (self.at_risk > 0.0).then(|| self.warned / self.at_risk)
    }

    pub fn evacuated_share(&self) -> Option<f64> {
        (self.at_risk > 0.0).then(|| self.evacuated / self.at_risk)
    }
}

/// The places a warning for `place` covers.
fn area(scenario: &Scenario, place: usize, area: &WarningArea) -> Vec<usize> {
    match area {
        WarningArea::Place => vec![place],
        WarningArea::Town => {
            let places = &scenario.region.places;
            let town = match places[place].kind {
                PlaceKind::Village => places[place].parent.unwrap_or(place),
                PlaceKind::County | PlaceKind::Town => place,
            };
            (0..places.len())
                .filter(|&p| {
                    p == town
                        || places[p].parent == Some(town) && places[p].kind == PlaceKind::Village
                })
                .collect()
        }
    }
}

/// A warning to issue at a place.
struct Issue<'a> {
    place: usize,
    now: u32,
    level: WarningLevel,
    evacuate: bool,
    /// What it warns of: a hazard id, `false-alarm` or `rain`.
    cause: &'a str,
}

/// People at home at `place`.
fn at_home(cohorts: &Query<&Cohort>, place_entities: &PlaceEntities, place: usize) -> u32 {
    cohorts
        .get(place_entities.0[place])
        .map_or(0, |c| c.unaffected)
}

/// Issues (or upgrades) a warning; `base` is who is at home at its place now.
fn warn(scenario: &Scenario, warnings: &mut Warnings, log: &mut EventLog, base: u32, issue: Issue) {
    let Issue {
        place,
        now,
        level,
        evacuate,
        cause,
    } = issue;
    let current = &warnings.per_place[place];
    if current
        .as_ref()
        .is_some_and(|w| w.level >= level && (w.evacuate || !evacuate))
    {
        return;
    }
    let (at, departed, ordered_at) = match current {
        // An upgrade keeps the first warning's clock for reach, and who has left.
        Some(w) => (w.at, w.departed, w.ordered_at),
        None => (now, 0, None),
    };
    let ordered_at = ordered_at.or(evacuate.then_some(now));
    warnings.per_place[place] = Some(PlaceWarning {
        at,
        level: level.max(current.as_ref().map_or(level, |w| w.level)),
        evacuate: evacuate || current.as_ref().is_some_and(|w| w.evacuate),
        ordered_at,
        base: base + departed,
        departed,
        settled: false,
    });
    warnings.unsettled.insert(place);
    log.record(now, || EventKind::WarningIssued {
        place: scenario.region.places[place].id.clone(),
        level: match level {
            WarningLevel::Blue => "blue",
            WarningLevel::Yellow => "yellow",
            WarningLevel::Orange => "orange",
            WarningLevel::Red => "red",
        },
        evacuate,
        cause: cause.to_string(),
    });
}

/// Run condition of [`monitor_and_warn`]: its first tick, a whole hour (false alarms, rain
/// rules), a forecast whose moment has come, or a hazard scheduled since the last tick.
pub fn monitoring_due(
    clock: Res<Clock>,
    warnings: Res<Warnings>,
    scheduled: Query<&PendingHazard, Added<PendingHazard>>,
) -> bool {
    let now = clock.now;
    warnings.per_place.is_empty()
        || now.is_multiple_of(60)
        || warnings.forecasts.iter().any(|f| f.at <= now)
        || scheduled.iter().any(|h| !h.done)
}

/// What [`monitor_and_warn`] reads and changes.
#[derive(SystemParam)]
pub struct Monitoring<'w, 's> {
    clock: Res<'w, Clock>,
    data: Res<'w, ScenarioData>,
    place_entities: Res<'w, PlaceEntities>,
    hazard_state: Res<'w, HazardState>,
    tally: Res<'w, Tally>,
    rng: ResMut<'w, MonitoringRng>,
    warnings: ResMut<'w, Warnings>,
    log: ResMut<'w, EventLog>,
    /// Hazards scheduled since monitoring last ran.
    pending: Query<'w, 's, &'static PendingHazard, Added<PendingHazard>>,
    cohorts: Query<'w, 's, &'static Cohort>,
}

/// Monitoring forecasts hazards; the plan's warning rules issue warnings.
pub fn monitor_and_warn(m: Monitoring) {
    let Monitoring {
        clock,
        data,
        place_entities,
        hazard_state,
        tally,
        mut rng,
        mut warnings,
        mut log,
        pending,
        cohorts,
    } = m;
    let scenario = &*data.0;
    let now = clock.now;
    let n = scenario.region.places.len();
    if warnings.per_place.len() != n {
        warnings.per_place = vec![None; n];
        let mut left = vec![0u32; n];
        for shelter in &scenario.facilities.shelters {
            left[shelter.place] += shelter.capacity;
        }
        warnings.shelter_left = left;
    }
    // Monitoring looks at each newly scheduled hazard once.
    // (Only hazards scheduled since it last ran can be new to it.)
    let mut fresh: Vec<&PendingHazard> = pending
        .iter()
        .filter(|h| !h.done && !warnings.seen.contains(&h.seq))
        .collect();
    fresh.sort_by_key(|h| h.seq);
    for h in fresh {
        warnings.seen.insert(h.seq);
        let Some(m) = scenario.monitoring.iter().find(|m| m.hazard == h.kind) else {
            continue;
        };
        if rng.0.random::<f64>() < m.detect {
            let at = h.at.saturating_sub(m.lead.as_minutes()).max(now);
            if !h.downstream.is_empty() {
                warnings
                    .downstream
                    .insert(h.id.clone(), h.downstream.clone());
            }
            warnings.forecasts.push(Forecast {
                at,
                place: h.place,
                kind: h.kind,
                hazard: h.id.clone(),
                false_alarm: false,
            });
        }
    }
    // False alarms, once an hour once something has happened.
    if tally.first_onset.is_some() && now.is_multiple_of(60) {
        for m in scenario
            .monitoring
            .iter()
            .filter(|m| m.false_alarms_per_day > 0.0)
        {
            if rng.0.random::<f64>() < m.false_alarms_per_day / 24.0 {
                let place = rng.0.random_range(0..n);
                warnings.forecasts.push(Forecast {
                    at: now,
                    place,
                    kind: m.hazard,
                    hazard: "false-alarm".into(),
                    false_alarm: true,
                });
            }
        }
    }
    // Forecasts whose moment has come set off the warning rules.
    let mut due = Vec::new();
    warnings.forecasts.retain(|f| {
        if f.at <= now {
            due.push(f.clone());
            false
        } else {
            true
        }
    });
    warnings.made.extend(due.iter().cloned());
    for Forecast {
        place,
        kind,
        hazard,
        false_alarm,
        ..
    } in due
    {
        log.record(now, || EventKind::HazardForecast {
            hazard: hazard.clone(),
            hazard_kind: kind.name(),
            place: scenario.region.places[place].id.clone(),
            false_alarm,
        });
        for rule in &scenario.plan.warning.rules {
            let WarningTrigger::Forecast(k) = rule.trigger else {
                continue;
            };
            let p = &scenario.region.places[place];
            if k != kind || !rule.tags.iter().all(|t| p.has_tag(*t)) {
                continue;
            }
            // The rule's area around the place, and around each place downstream it threatens.
            let below = warnings
                .downstream
                .get(&hazard)
                .cloned()
                .unwrap_or_default();
            let mut targets = Vec::new();
            for at in std::iter::once(place).chain(below) {
                for target in area(scenario, at, &rule.area) {
                    if !targets.contains(&target) {
                        targets.push(target);
                    }
                }
            }
            for target in targets {
                warn(
                    scenario,
                    &mut warnings,
                    &mut log,
                    at_home(&cohorts, &place_entities, target),
                    Issue {
                        place: target,
                        now,
                        level: rule.level,
                        evacuate: rule.evacuate,
                        cause: &hazard,
                    },
                );
            }
        }
    }
    // Rain rules, once an hour.
    if now.is_multiple_of(60) && !hazard_state.rain_mm.is_empty() {
        for (r, rule) in scenario.plan.warning.rules.iter().enumerate() {
            let WarningTrigger::RainAbove(mm) = rule.trigger else {
                continue;
            };
            for place in 0..n {
                let p = &scenario.region.places[place];
                if hazard_state.rain_mm[place] < mm
                    || warnings.rain_fired.contains(&(r, place))
                    || !rule.tags.iter().all(|t| p.has_tag(*t))
                {
                    continue;
                }
                warnings.rain_fired.insert((r, place));
                for target in area(scenario, place, &rule.area) {
                    warn(
                        scenario,
                        &mut warnings,
                        &mut log,
                        at_home(&cohorts, &place_entities, target),
                        Issue {
                            place: target,
                            now,
                            level: rule.level,
                            evacuate: rule.evacuate,
                            cause: "rain",
                        },
                    );
                }
            }
        }
    }
}

/// S-shaped share of compliant people who have left `minutes` after being warned.
fn departed_share(minutes: f64, median: f64) -> f64 {
    let scale = (median / 4.0).max(1.0);
    1.0 / (1.0 + libm::exp(-(minutes - median) / scale))
}

/// Run condition of [`evacuate`]: evacuees are on their way, or people may still leave somewhere.
pub fn evacuation_under_way(warnings: Res<Warnings>) -> bool {
    !warnings.walking.is_empty() || !warnings.unsettled.is_empty()
}

/// Warned people leave and walk to the nearest shelter with room.
pub fn evacuate(
    clock: Res<Clock>,
    data: Res<ScenarioData>,
    place_entities: Res<PlaceEntities>,
    mut warnings: ResMut<Warnings>,
    mut log: ResMut<EventLog>,
    mut cohorts: Query<&mut Cohort>,
) {
    let scenario = &*data.0;
    let plan = &scenario.plan.warning;
    let now = clock.now;
    let end = clock.tick_end();
    // Arrivals.
    let mut arrived = Vec::new();
    warnings.walking.retain(|w| {
        if w.arrives_at < end {
            arrived.push(*w);
            false
        } else {
            true
        }
    });
    for Walking { place, people, .. } in arrived {
        if let Ok(mut cohort) = cohorts.get_mut(place_entities.0[place]) {
            cohort.evacuating -= people;
            cohort.evacuated += people;
        }
    }
    // Departures, place by place.
    let unsettled: Vec<usize> = warnings.unsettled.iter().copied().collect();
    for place in unsettled {
        let Some(w) = warnings.per_place[place].clone() else {
            continue;
        };
        if w.settled {
            continue;
        }
        let p = &scenario.region.places[place];
        let bonus = if p.preparedness == Preparedness::Demonstration {
            plan.demonstration_bonus
        } else {
            0.0
        };
        let advisory = (plan.comply_advisory + bonus).min(1.0);
        let order = (plan.comply_order + bonus).min(1.0).max(advisory);
        let median = plan.departure_median.as_minutes() as f64;
        // Those who heed an advisory leave on its curve; those who wait for an order leave on
        // the order's curve, from when it was given.
        let first = if w.ordered_at == Some(w.at) {
            order
        } else {
            advisory
        };
        let mut share = first * departed_share(now.saturating_sub(w.at) as f64, median);
        if let Some(ordered) = w.ordered_at.filter(|&o| o != w.at) {
            share +=
                (order - advisory) * departed_share(now.saturating_sub(ordered) as f64, median);
        }
        let reach = warnings.reach(scenario, place, now);
        let target = (w.base as f64 * share * reach) as u32;
        // Six medians after the last warning and the slowest channel, nobody else will leave.
        let last = w.ordered_at.unwrap_or(w.at).max(w.at);
        let slowest = plan
            .channels
            .iter()
            .map(|c| c.delay.as_minutes())
            .max()
            .unwrap_or(0);
        if now > last + slowest + 6 * plan.departure_median.as_minutes().max(1)
            && let Some(Some(w)) = warnings.per_place.get_mut(place)
        {
            w.settled = true;
            warnings.unsettled.remove(&place);
        }
        if target <= w.departed {
            continue;
        }
        let Ok(mut cohort) = cohorts.get_mut(place_entities.0[place]) else {
            continue;
        };
        let leaving = (target - w.departed).min(cohort.unaffected);
        if leaving == 0 {
            continue;
        }
        cohort.unaffected -= leaving;
        cohort.evacuating += leaving;
        if let Some(Some(w)) = warnings.per_place.get_mut(place) {
            w.departed += leaving;
        }
        // The nearest shelter with room (by straight line, walking); none: safe elsewhere nearby.
        let shelter = scenario
            .facilities
            .shelters
            .iter()
            .filter(|s| warnings.shelter_left[s.place] > 0)
            .map(|s| {
                let q = &scenario.region.places[s.place];
                (math::distance_km(p.x_km, p.y_km, q.x_km, q.y_km), s.place)
            })
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let km = match shelter {
            Some((km, at)) => {
                let room = &mut warnings.shelter_left[at];
                *room = room.saturating_sub(leaving);
                km
            }
            None => 2.0,
        };
        let minutes = math::trip_minutes(km, plan.evacuation_speed_kmh).max(10);
        warnings.walking.push(Walking {
            arrives_at: now + minutes,
            place,
            people: leaving,
        });
        if w.departed == 0 {
            log.record(now, || EventKind::EvacuationStarted {
                place: p.id.clone(),
                first_departures: leaving,
            });
        }
    }
}
