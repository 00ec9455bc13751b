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

// Dam break (水库溃坝): scenarios/reservoir-county.ron, 石门水库 at v1 on the 清水河.

fn reservoir_county_text() -> String {
    std::fs::read_to_string("scenarios/reservoir-county.ron").unwrap()
}

/// Deaths from dam-break waves in a run, and the waves' (minute, place) in order.
fn dam_waves(events: &[Event]) -> (u32, Vec<(u32, String)>) {
    let mut killed_total = 0;
    let mut waves = Vec::new();
    for e in events {
        if let EventKind::HazardStruck {
            hazard,
            hazard_kind: "dam_break",
            place,
            killed,
            ..
        } = &e.kind
            && hazard.starts_with("dam-wave-")
        {
            killed_total += killed;
            waves.push((e.t, place.clone()));
        }
    }
    (killed_total, waves)
}

#[test]
fn a_dam_break_wave_strikes_every_place_downstream_in_order_each_later() {
    let scenario = common::load("scenarios/reservoir-county.ron");
    let river = &scenario.region.rivers[0].places;
    let expected: Vec<usize> = river[river
        .iter()
        .position(|&p| p == p_index(&scenario, "v1"))
        .unwrap()
        + 1..]
        .to_vec();
    // (Each wave's distance, peak, depth and DV falling downstream: the unit tests in
    // src/sim/hazards/dam_break.rs.)
    // In a run the waves strike every later place, upstream first, each later than the one above.
    let (_, events) = run_events(scenario.clone(), 1);
    let (_, struck) = dam_waves(&events);
    let struck_places: Vec<usize> = struck.iter().map(|(_, p)| p_index(&scenario, p)).collect();
    assert_eq!(struck_places, expected);
    assert!(struck.windows(2).all(|w| w[1].0 > w[0].0), "{struck:?}");
}

/// The reservoir valley with `rules` as its only warning rules (no flood warning moves people
/// out before the dam breaks).
fn reservoir_county_warned_by(rules: &str) -> drillsim::scenario::Scenario {
    let text = reservoir_county_text();
    let start = text.find("            rules: [\n").unwrap();
    let end = start + text[start..].find("            ],\n").unwrap() + "            ],\n".len();
    let mut text = text.clone();
    text.replace_range(start..end, &format!("            rules: [{rules}],\n"));
    common::from_text(&text)
}

#[test]
fn a_warned_evacuated_valley_loses_fewer_to_a_dam_break_than_the_same_valley_unwarned() {
    let warned = reservoir_county_warned_by(
        "(trigger: Forecast(DamBreak), level: Red, area: Town, evacuate: true)",
    );
    let unwarned = reservoir_county_warned_by("");
    let deaths = |scenario: &drillsim::scenario::Scenario| {
        (1..=3)
            .map(|seed| {
                let (_, events) = run_events(scenario.clone(), seed);
                let (killed, waves) = dam_waves(&events);
                assert!(!waves.is_empty(), "seed {seed}: the dam did not break");
                killed
            })
            .sum::<u32>()
    };
    let (warned, unwarned) = (deaths(&warned), deaths(&unwarned));
    assert!(
        warned * 2 < unwarned,
        "dam-break deaths over 3 runs: warned {warned}, unwarned {unwarned}"
    );
}

/// The reservoir valley with an earthquake under the dam and one dam rule that always fires
/// from `min_intensity`; `reservoirs` false removes the reservoir.
fn quake_under_the_dam(min_intensity: f64, reservoirs: bool) -> drillsim::scenario::Scenario {
    let mut text = reservoir_county_text();
    let storm = text.find("            Rainstorm(id: \"storm\"").unwrap();
    let storm_end = storm + text[storm..].find("),\n").unwrap() + 3;
    text.replace_range(
        storm..storm_end,
        "            Earthquake(id: \"quake\", x_km: 5.0, y_km: 12.0, magnitude: 6.5, depth_km: 12.0, time: \"1h\"),\n",
    );
    let text = text.replacen(
        "    hazards: (\n",
        &format!(
            "    hazards: (\n        cascades: [(id: \"quake-dam\", from: Earthquake, to: DamBreak, \
             when: (site: Reservoir, min_intensity: {min_intensity:?}), probability: 1.0, delay: (\"0m\", \"0m\"))],\n"
        ),
        1,
    );
    let text = if reservoirs {
        text
    } else {
        let start = text.find("        reservoirs: [").unwrap();
        let end = start + text[start..].find("        ],\n").unwrap() + "        ],\n".len();
        let mut t = text.clone();
        t.replace_range(start..end, "");
        t
    };
    common::from_text(&text)
}

fn intensity_at(events: &[Event], at: &str) -> f64 {
    events
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::PlaceDamaged {
                place, intensity, ..
            } if place == at => Some(*intensity),
            _ => None,
        })
        .expect("the quake shook the dam's place")
}

fn dam_breaks(events: &[Event]) -> usize {
    events
        .iter()
        .filter(|e| {
            matches!(
                &e.kind,
                EventKind::CascadeTriggered {
                    hazard_kind: "dam_break",
                    ..
                }
            )
        })
        .count()
}

#[test]
fn shaking_below_the_rules_intensity_never_breaches_a_dam() {
    let (_, events) = run_events(quake_under_the_dam(5.0, true), 1);
    let shaking = intensity_at(&events, "v1");
    assert_eq!(
        dam_breaks(&events),
        1,
        "at I {shaking} ≥ 5.0 the rule fires"
    );
    for seed in 1..=3 {
        let (_, events) = run_events(quake_under_the_dam(shaking + 0.1, true), seed);
        assert_eq!(
            dam_breaks(&events),
            0,
            "seed {seed}: I {shaking} is below the rule"
        );
        assert_eq!(dam_wave_count(&events), 0);
    }
}

fn dam_wave_count(events: &[Event]) -> usize {
    dam_waves(events).1.len()
}

#[test]
fn the_dam_rules_never_fire_where_there_is_no_reservoir() {
    // An always-firing dam rule, shaking far above it, no reservoir.
    for seed in 1..=3 {
        let (_, events) = run_events(quake_under_the_dam(5.0, false), seed);
        assert_eq!(dam_breaks(&events), 0, "seed {seed}");
    }
    // The default rules, in the shipped scenarios without reservoirs: no dam break.
    for path in [
        "scenarios/riverside-flood.ron",
        "scenarios/flood-season-compound.ron",
    ] {
        let scenario = common::load(path);
        assert!(scenario.facilities.reservoirs.is_empty());
        assert!(
            scenario
                .cascades
                .iter()
                .any(|r| r.to == drillsim::scenario::model::HazardKind::DamBreak)
        );
        let (_, events) = run_events(scenario, 3);
        assert_eq!(dam_breaks(&events), 0, "{path}");
    }
}
