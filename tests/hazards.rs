//! Compound hazards: cascades fire only where their conditions hold, barrier lakes flood
//! upstream, warnings and relief move their KPIs the right way, plans share their disasters,
//! and nobody appears or vanishes.

mod common;

use std::collections::BTreeMap;

use drillsim::sim::{Event, EventKind, RunSeed, Sim};

fn flood_season() -> drillsim::scenario::Scenario {
    common::load("scenarios/flood-season-compound.ron")
}

fn run_events(scenario: drillsim::scenario::Scenario, seed: u64) -> (Sim, Vec<Event>) {
    let sim = common::run(scenario, seed);
    let events = sim.events().to_vec();
    (sim, events)
}

#[test]
fn every_cascade_fired_where_its_condition_holds() {
    let scenario = flood_season();
    let (_, events) = run_events(scenario.clone(), 3);
    let place = |id: &str| scenario.region.places.iter().find(|p| p.id == id).unwrap();
    // Intensity each quake reached at each place.
    let mut intensity: BTreeMap<(String, String), f64> = BTreeMap::new();
    for e in &events {
        if let EventKind::PlaceDamaged {
            hazard,
            place,
            intensity: i,
            ..
        } = &e.kind
        {
            intensity.insert((hazard.clone(), place.clone()), *i);
        }
    }
    let mut checked = 0;
    for e in &events {
        let EventKind::CascadeTriggered {
            rule,
            from,
            place: at,
            ..
        } = &e.kind
        else {
            continue;
        };
        let Some(spec) = scenario.cascades.iter().find(|r| &r.id == rule) else {
            assert_eq!(rule, "aftershock-sequence");
            continue;
        };
        let p = place(at);
        for tag in &spec.when.tags {
            assert!(
                p.has_tag(*tag),
                "{rule} fired at {at}, which is not {tag:?}"
            );
        }
        if let Some(min) = spec.when.min_intensity
            && let Some(i) = intensity.get(&(from.clone(), at.clone()))
        {
            // Intensities in the log are rounded to 0.01.
            assert!(
                *i + 0.006 >= min,
                "{rule} fired at {at} with intensity {i} < {min}"
            );
        }
        if spec.when.site.is_some() {
            assert!(
                scenario
                    .facilities
                    .hazardous_sites
                    .iter()
                    .any(|s| s.place == p_index(&scenario, at))
            );
        }
        checked += 1;
    }
    assert!(checked > 20, "only {checked} cascades to check");
}

fn p_index(scenario: &drillsim::scenario::Scenario, id: &str) -> usize {
    scenario
        .region
        .places
        .iter()
        .position(|p| p.id == id)
        .unwrap()
}

#[test]
fn a_cascade_whose_condition_never_holds_never_fires() {
    let mut scenario = flood_season();
    for rule in &mut scenario.cascades {
        rule.when.min_intensity = Some(12.5);
        rule.when.min_rain_mm = Some(1e9);
    }
    let (_, events) = run_events(scenario, 3);
    let fired: Vec<&Event> = events
        .iter()
        .filter(|e| matches!(&e.kind, EventKind::CascadeTriggered { rule, .. } if rule != "aftershock-sequence"))
        .collect();
    assert!(fired.is_empty(), "{fired:?}");
}

#[test]
fn a_barrier_lake_floods_the_place_upstream() {
    let scenario = flood_season();
    let mut lakes_checked = 0;
    for seed in [3, 4, 5] {
        let (_, events) = run_events(scenario.clone(), seed);
        for e in &events {
            let EventKind::HazardStruck {
                hazard,
                hazard_kind: "barrier_lake",
                place,
                ..
            } = &e.kind
            else {
                continue;
            };
            let at = p_index(&scenario, place);
            for river in scenario
                .region
                .rivers
                .iter()
                .filter(|r| r.places.contains(&at))
            {
                let k = river.places.iter().position(|&p| p == at).unwrap();
                if k == 0 {
                    continue;
                }
                let upstream = &scenario.region.places[river.places[k - 1]].id;
                let flooded = events.iter().any(|f| {
                    matches!(&f.kind,
                    EventKind::HazardStruck { hazard_kind: "flood", place, cause, .. }
                        if place == upstream && cause == hazard)
                        && f.t > e.t
                });
                // The backwater flood comes 6–24 h later; lakes formed near the end may not have.
                if e.t + 24 * 60 < scenario.duration_min {
                    assert!(flooded, "{hazard} at {place} did not flood {upstream}");
                    lakes_checked += 1;
                }
            }
        }
    }
    assert!(
        lakes_checked > 0,
        "no barrier lake formed early enough to check"
    );
}

#[test]
fn an_outburst_wave_reaches_the_next_three_places_downstream_twenty_minutes_apart() {
    let scenario = flood_season();
    let mut waves_checked = 0;
    for seed in [3, 4, 5] {
        let (_, events) = run_events(scenario.clone(), seed);
        let struck = |id: &str| {
            events.iter().find_map(|e| match &e.kind {
                EventKind::HazardStruck { hazard, place, .. } if hazard == id => {
                    Some((e.t, p_index(&scenario, place)))
                }
                _ => None,
            })
        };
        for e in &events {
            let EventKind::HazardStruck {
                hazard,
                hazard_kind: "flood",
                place,
                cause,
                ..
            } = &e.kind
            else {
                continue;
            };
            if !hazard.starts_with("outburst-") {
                continue;
            }
            let (burst_at, lake) = struck(cause).expect("a wave's outburst struck first");
            let at = p_index(&scenario, place);
            let downstream = scenario.region.rivers.iter().any(|river| {
                let (Some(k), Some(w)) = (
                    river.places.iter().position(|&p| p == lake),
                    river.places.iter().position(|&p| p == at),
                ) else {
                    return false;
                };
                w > k && w - k <= 3 && e.t == burst_at + 20 * (w - k) as u32
            });
            assert!(
                downstream,
                "{hazard} at {place} (minute {}) is not one to three places below {cause} (minute {burst_at})",
                e.t
            );
            waves_checked += 1;
        }
    }
    assert!(waves_checked > 0, "no outburst wave to check");
}

fn riverside_with_lead(lead: &str) -> drillsim::scenario::Scenario {
    let text = std::fs::read_to_string("scenarios/riverside-flood.ron").unwrap();
    // Only the forecast warns: no rain advisory first.
    let advisory = "                (trigger: RainAbove(80.0), tags: [Riverside], level: Yellow, area: Place),\n";
    assert!(text.contains(advisory));
    let text = text.replacen(advisory, "", 1);
    // Each place warned by its own forecast, so its lead time is what it gets.
    let by_town = "(trigger: Forecast(Flood), level: Orange, area: Town, evacuate: true)";
    assert!(text.contains(by_town));
    let text = text.replacen(
        by_town,
        "(trigger: Forecast(Flood), level: Orange, area: Place, evacuate: true)",
        1,
    );
    let text = text.replacen(
        "    hazards: (\n",
        &format!("    hazards: (\n        monitoring: [(hazard: Flood, detect: 1.0, lead: \"{lead}\")],\n"),
        1,
    );
    common::from_text(&text)
}

#[test]
fn warning_earlier_evacuates_more_people_before_impact() {
    let share = |lead: &str| {
        (1..=4)
            .map(|seed| {
                common::run(riverside_with_lead(lead), seed)
                    .outcome()
                    .kpis
                    .evacuated_before_impact
                    .unwrap()
            })
            .sum::<f64>()
    };
    let late = share("20m");
    let early = share("4h");
    assert!(
        early > late + 1.0,
        "4 h lead: {early}, 20 min lead: {late} (sums over 4 runs)"
    );
}

#[test]
fn empty_depots_lower_relief_within_4h() {
    let full = common::small_town();
    let mut empty = full.clone();
    for depot in &mut empty.facilities.depots {
        depot.stocks.tents = 0;
    }
    let relief = |s| common::run(s, 2).outcome().kpis.relief_within_4h.unwrap();
    let (with_stock, without) = (relief(full), relief(empty));
    assert!(with_stock > 0.2, "{with_stock}");
    assert_eq!(without, 0.0);
}

#[test]
fn two_plans_face_the_same_hazards() {
    let a = flood_season();
    let b = common::load("scenarios/flood-season-compound.ron");
    let b = {
        let plan = drillsim::scenario::load(
            std::path::Path::new("scenarios/flood-season-compound.ron"),
            Some(std::path::Path::new(
                "scenarios/plans/county-prepositioned.ron",
            )),
        )
        .unwrap()
        .scenario
        .plan;
        drillsim::scenario::Scenario { plan, ..b }
    };
    assert_ne!(a.plan.name, b.plan.name);
    let hazards = |events: &[Event]| -> Vec<String> {
        events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::HazardStruck {
                    hazard,
                    hazard_kind,
                    place,
                    cause,
                    ..
                } => Some(format!("{} {hazard} {hazard_kind} {place} {cause}", e.t)),
                EventKind::CascadeTriggered {
                    rule,
                    hazard,
                    place,
                    at,
                    ..
                } => Some(format!("{} cascade {rule} {hazard} {place} {at}", e.t)),
                EventKind::EarthquakeStruck {
                    hazard, magnitude, ..
                } => Some(format!("{} quake {hazard} {magnitude}", e.t)),
                _ => None,
            })
            .collect()
    };
    let (_, ea) = run_events(a, 3);
    let (_, eb) = run_events(b, 3);
    let (ha, hb) = (hazards(&ea), hazards(&eb));
    assert!(ha.len() > 50);
    assert_eq!(ha, hb);
}

#[test]
fn population_is_conserved_at_every_tick_with_every_hazard_on() {
    for scenario in [
        flood_season(),
        common::load("scenarios/forest-fire.ron"),
        common::load("scenarios/riverside-flood.ron"),
    ] {
        let total: u64 = scenario
            .region
            .places
            .iter()
            .map(|p| p.population as u64)
            .sum();
        let mut sim = Sim::new(scenario, RunSeed::new(9));
        while sim.now() < sim.scenario().duration_min {
            sim.step();
            assert_eq!(sim.population().total(), total, "at minute {}", sim.now());
        }
    }
}

#[test]
fn the_compound_run_reports_its_kpis_and_hazards() {
    let (sim, events) = run_events(flood_season(), 3);
    let mut sim = sim;
    let k = sim.outcome().kpis;
    for (name, value) in [
        ("warning_coverage", k.warning_coverage),
        ("relief_within_4h", k.relief_within_4h),
        ("roads_blocked_peak", k.roads_blocked_peak),
        ("major_accidents", k.major_accidents),
    ] {
        assert!(value.is_some(), "{name} is null");
    }
    for kind in ["landslide", "barrier_lake", "chemical_release"] {
        assert!(
            events.iter().any(|e| matches!(&e.kind, EventKind::HazardStruck { hazard_kind, .. } if *hazard_kind == kind)),
            "no {kind} in the event log"
        );
    }
}
