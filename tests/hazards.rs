//! Compound hazards: cascades fire only where their conditions hold, barrier lakes flood
//! upstream, warnings and relief move their KPIs the right way, plans share their disasters,
//! and nobody appears or vanishes.

mod common;

use std::collections::BTreeMap;

use drillsim::sim::{Event, EventKind, Lake, RunSeed, Sim};

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

/// The 清水河 valley of reservoir-county.ron with a barrier lake instead of a reservoir's dam
/// break: rain on 上游村 (the reservoir's place, the only place the rule's condition holds)
/// dams the river there at once, with a 40 m dam on a 300 m³/s river that always breaches an
/// hour after it overtops (about a day and a half later). No river flood, no dam break; the
/// only warning rules are `rules`, and monitoring sees every flood three hours ahead.
fn valley_with_lake(rules: &str) -> drillsim::scenario::Scenario {
    let text = reservoir_county_text();
    let start = text.find("            rules: [\n").unwrap();
    let end = start + text[start..].find("            ],\n").unwrap() + "            ],\n".len();
    let mut text = text.clone();
    text.replace_range(start..end, &format!("            rules: [{rules}],\n"));
    let river_flood = "flood_rain_mm: 140.0";
    assert!(text.contains(river_flood));
    let text = text.replacen(river_flood, "flood_rain_mm: 5000.0", 1);
    let text = text.replacen(
        "    hazards: (\n",
        "    models: (outburst: (dam_height_m: (40.0, 40.0), inflow_m3s: (300.0, 300.0), \
         breach_on_overtopping: 1.0, overtop_to_breach_h: (1.0, 1.0))),\n    hazards: (\n        \
         cascades: [(id: \"rain-lake\", from: Rainstorm, to: BarrierLake, \
         when: (site: Reservoir, min_rain_mm: 5.0), probability: 1.0, delay: (\"0m\", \"0m\"))],\n        \
         monitoring: [(hazard: Flood, detect: 1.0, lead: \"3h\")],\n",
        1,
    );
    common::from_text(&text)
}

/// Outburst waves in a run: (minute, place, killed), in order.
fn outburst_waves(events: &[Event]) -> Vec<(u32, String, u32)> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::HazardStruck {
                hazard,
                hazard_kind: "flood",
                place,
                killed,
                ..
            } if hazard.starts_with("outburst-") => Some((e.t, place.clone(), *killed)),
            _ => None,
        })
        .collect()
}

/// A lake with a dam `height_m` high at 上游村 of the valley, with the default models.
fn lake_of(scenario: &drillsim::scenario::Scenario, height_m: f64) -> Lake {
    let o = &scenario.models.outburst;
    Lake {
        river: 0,
        dam_height_m: height_m,
        volume_m3: o.valley_width_m * height_m * height_m / (2.0 * o.slope),
        inflow_m3s: 50.0,
    }
}

#[test]
fn a_bigger_lake_sends_a_bigger_longer_wave_further() {
    let scenario = common::load("scenarios/reservoir-county.ron");
    let v1 = p_index(&scenario, "v1");
    let (small, big) = (lake_of(&scenario, 15.0), lake_of(&scenario, 60.0));
    let (s, b) = (small.release(), big.release());
    assert!(b.peak_m3s > s.peak_m3s, "{s:?} vs {b:?}");
    let (small_waves, big_waves) = (small.waves(&scenario, v1), big.waves(&scenario, v1));
    assert!(!small_waves.is_empty());
    assert!(big_waves.len() >= small_waves.len());
    // At the first place below the dam: higher, deeper, and high water for longer.
    let ((_, s), (_, b)) = (small_waves[0], big_waves[0]);
    assert!(
        b.peak_m3s > s.peak_m3s && b.depth_m > s.depth_m && b.duration_min > s.duration_min,
        "15 m dam: {s:?}\n60 m dam: {b:?}"
    );
}

#[test]
fn an_outburst_wave_reaches_each_place_further_down_later_and_shallower() {
    let scenario = valley_with_lake("");
    let river = &scenario.region.rivers[0].places;
    let v1 = p_index(&scenario, "v1");
    let lake = lake_of(&scenario, 40.0);
    let waves = lake.waves(&scenario, v1);
    assert!(waves.len() >= 3, "{waves:?}");
    let places: Vec<usize> = waves.iter().map(|(p, _)| *p).collect();
    assert_eq!(
        places,
        river[1..=waves.len()],
        "later places, upstream first"
    );
    for pair in waves.windows(2) {
        let ((_, a), (_, b)) = (&pair[0], &pair[1]);
        assert!(
            b.minutes > a.minutes && b.depth_m < a.depth_m,
            "{a:?} then {b:?}"
        );
        assert!(b.exposed_share <= a.exposed_share, "{a:?} then {b:?}");
    }
    // In a run, the lake breaches once and its waves strike those places in that order, each
    // later than the one above.
    let (_, events) = run_events(scenario.clone(), 1);
    let struck = outburst_waves(&events);
    let struck_places: Vec<usize> = struck
        .iter()
        .map(|(_, p, _)| p_index(&scenario, p))
        .collect();
    assert_eq!(struck_places, places, "{struck:?}");
    assert!(struck.windows(2).all(|w| w[1].0 > w[0].0), "{struck:?}");
}

#[test]
fn an_outburst_harms_only_the_flooded_valley_floor_not_the_whole_place() {
    let scenario = valley_with_lake("");
    let zone = scenario.models.outburst.flood_zone_share;
    let (_, events) = run_events(scenario.clone(), 1);
    let mut harmed_total = 0;
    for e in &events {
        let EventKind::HazardStruck {
            hazard,
            place,
            killed,
            injured,
            displaced,
            ..
        } = &e.kind
        else {
            continue;
        };
        if !hazard.starts_with("outburst-") {
            continue;
        }
        let people = scenario.region.places[p_index(&scenario, place)].population;
        let harmed = killed + injured + displaced;
        // At most the valley floor's share of the place (binomial slack of a few percent).
        assert!(
            harmed as f64 <= (zone + 0.05) * people as f64,
            "{hazard} at {place}: {harmed} of {people} harmed"
        );
        harmed_total += harmed;
    }
    assert!(harmed_total > 0, "the outburst harmed nobody");
}

#[test]
fn a_lake_breach_forecast_warns_every_place_downstream_before_the_wave() {
    let scenario =
        valley_with_lake("(trigger: Forecast(Flood), level: Red, area: Place, evacuate: true)");
    let (_, events) = run_events(scenario.clone(), 1);
    let struck = outburst_waves(&events);
    assert!(!struck.is_empty(), "the lake did not break");
    for (t, place, _) in &struck {
        let warned_at = events.iter().find_map(|e| match &e.kind {
            EventKind::WarningIssued {
                place: p,
                evacuate: true,
                cause,
                ..
            } if p == place && cause.starts_with("lake-breach-") => Some(e.t),
            _ => None,
        });
        let warned_at = warned_at.unwrap_or_else(|| panic!("{place} was not warned of the breach"));
        // Monitoring sees the breach three hours ahead; the wave comes later still.
        assert!(
            warned_at + 180 <= *t,
            "{place}: warned at {warned_at}, struck at {t}"
        );
    }
}

#[test]
fn a_warned_valley_loses_fewer_to_an_outburst_than_the_same_valley_unwarned() {
    let deaths = |rules: &str| {
        let scenario = valley_with_lake(rules);
        (1..=3)
            .map(|seed| {
                let (_, events) = run_events(scenario.clone(), seed);
                let waves = outburst_waves(&events);
                assert!(!waves.is_empty(), "seed {seed}: the lake did not break");
                waves.iter().map(|(_, _, k)| k).sum::<u32>()
            })
            .sum::<u32>()
    };
    let warned = deaths("(trigger: Forecast(Flood), level: Red, area: Place, evacuate: true)");
    let unwarned = deaths("");
    assert!(
        unwarned > 0 && warned * 3 < unwarned,
        "outburst deaths over 3 runs: warned {warned}, unwarned {unwarned}"
    );
}

/// Costa & Schuster (1988): of landslide dams that failed, 27 % failed within a day of forming
/// and about half within ten days. A lake here breaches when it has filled and overtopped (plus
/// `overtop_to_breach_h`); over the default draws its times must fall near theirs.
#[test]
fn lake_breach_times_follow_costa_and_schuster() {
    use rand::{RngExt, SeedableRng};
    let scenario = common::load("scenarios/flood-season-compound.ron");
    let o = &scenario.models.outburst;
    let at = scenario.region.rivers[0].places[0];
    let mut rng = rand_pcg::Pcg64::seed_from_u64(14);
    let n = 20_000;
    let (mut day, mut ten_days) = (0, 0);
    for _ in 0..n {
        let lake = Lake::draw(&scenario, at, 0.0, &mut rng).unwrap();
        let (lo, hi) = o.overtop_to_breach_h;
        let hours = lake.fill_hours() + lo + (hi - lo) * rng.random::<f64>();
        day += (hours <= 24.0) as u32;
        ten_days += (hours <= 240.0) as u32;
    }
    let (day, ten_days) = (day as f64 / n as f64, ten_days as f64 / n as f64);
    assert!((0.17..=0.37).contains(&day), "within a day: {day}");
    assert!(
        (0.40..=0.65).contains(&ten_days),
        "within ten days: {ten_days}"
    );
}

/// The bound: an outburst never kills more than 5 % of a town's whole population (the town and
/// its villages). Only the flooded part of the valley floor is in the wave's path (at most
/// `flood_zone_share`, 30 %), and people there die at Graham's medium rate (0.15) at most — a
/// lake's breach takes hours to peak, never the minutes of Graham's high severity: 0.3 × 0.15 =
/// 4.5 %. Checked with nobody warned, on 128 draws of a lake at every place on a river of each
/// scenario that forms lakes (every draw a real run could make, without running the response;
/// prefecture-quake has no rivers, so its lakes never burst).
#[test]
fn an_outburst_never_kills_a_large_share_of_a_downstream_town() {
    use drillsim::scenario::PlaceKind;
    use rand::SeedableRng;
    for path in [
        "scenarios/county-quake.ron",
        "scenarios/prefecture-quake.ron",
        "scenarios/flood-season-compound.ron",
    ] {
        let scenario = common::load(path);
        let places = &scenario.region.places;
        let town_of = |p: usize| match places[p].kind {
            PlaceKind::Village => places[p].parent.unwrap_or(p),
            _ => p,
        };
        let mut town_people = vec![0u64; places.len()];
        for p in 0..places.len() {
            town_people[town_of(p)] += places[p].population as u64;
        }
        if scenario.region.rivers.is_empty() {
            // prefecture-quake has no rivers: its lakes dam nothing and never burst.
            let mut rng = rand_pcg::Pcg64::seed_from_u64(0);
            assert!((0..places.len()).all(|p| Lake::draw(&scenario, p, 0.0, &mut rng).is_none()));
            continue;
        }
        let mut worst: (f64, String) = (0.0, String::new());
        let mut lakes = 0;
        for river in &scenario.region.rivers {
            for &at in &river.places {
                for seed in 0..128u64 {
                    let mut rng = rand_pcg::Pcg64::seed_from_u64(seed);
                    let rain = (seed % 4) as f64 * 100.0;
                    let Some(lake) = Lake::draw(&scenario, at, rain, &mut rng) else {
                        continue;
                    };
                    lakes += 1;
                    let mut killed = vec![0.0; places.len()];
                    for (p, wave) in lake.waves(&scenario, at) {
                        let expected =
                            places[p].population as f64 * wave.exposed_share * wave.fatality_rate();
                        killed[town_of(p)] += expected;
                    }
                    for (town, k) in killed.iter().enumerate() {
                        if *k > 0.0 {
                            let share = k / town_people[town] as f64;
                            if share > worst.0 {
                                worst = (
                                    share,
                                    format!(
                                        "{} by a lake at {} (seed {seed}): {lake:?}",
                                        places[town].id, places[at].id
                                    ),
                                );
                            }
                        }
                    }
                }
            }
        }
        assert!(lakes >= 100, "{path}: only {lakes} lakes drawn");
        assert!(worst.0 <= 0.05, "{path}: {:.3} of {}", worst.0, worst.1);
        eprintln!(
            "{path}: {lakes} lakes, worst town share {:.4}: {}",
            worst.0, worst.1
        );
    }
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
