//! Rain: rates and totals per place while storms last, the rain rules of the cascades (each
//! once per place), and rivers in spate ([`super::flood::river_in_spate`]).

use bevy_ecs::prelude::*;

use super::cascade::{Conditions, condition_holds, fire_rain_rule};
use super::flood::river_in_spate;
use crate::scenario::model::HazardKind;
use crate::scenario::{Hazard, Scenario};
use crate::sim::components::HazardState;
use crate::sim::events::{EventKind, EventLog};
use crate::sim::math;
use crate::sim::resources::*;

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
            scheduled.extend(fire_rain_rule(
                scenario, rng, &mut state, &mut log, rule, place, now,
            ));
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
        scheduled.extend(river_in_spate(scenario, rng, &mut state, r, now));
    }
    for hazard in scheduled {
        commands.spawn(hazard.numbered(&mut state));
    }
}
