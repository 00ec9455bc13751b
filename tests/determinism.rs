//! Same scenario, seed and orders ⇒ byte-identical results; another seed ⇒ another disaster.

mod common;

use drillsim::output;
use drillsim::sim::{Order, RunSeed, Sim, SimOptions};

fn run_bytes(scenario: &drillsim::scenario::Scenario, seed: u64) -> (Vec<u8>, Vec<u8>) {
    let mut sim = Sim::new(scenario.clone(), RunSeed::new(seed));
    sim.run_to_end();
    bytes(&mut sim, seed)
}

/// The run's JSON and its event log as JSON Lines.
fn bytes(sim: &mut Sim, seed: u64) -> (Vec<u8>, Vec<u8>) {
    let outcome = sim.outcome();
    let mut json = Vec::new();
    output::write_run_json(&mut json, sim.scenario(), seed, &outcome).unwrap();
    let mut events = Vec::new();
    output::write_events_jsonl(&mut events, sim.events()).unwrap();
    (json, events)
}

#[test]
fn the_same_seed_gives_identical_json_and_event_log() {
    let county = common::county();
    let first = run_bytes(&county, 7);
    let second = run_bytes(&county, 7);
    assert_eq!(first.0, second.0);
    assert_eq!(first.1, second.1);
    assert!(first.1.len() > 1000, "the event log should not be empty");
}

#[test]
fn another_seed_gives_different_kpis() {
    let county = common::county();
    let a = common::run(county.clone(), 7).outcome();
    let b = common::run(county, 8).outcome();
    assert_ne!(a.kpis, b.kpis);
}

#[test]
fn replicates_of_one_seed_differ() {
    let town = common::small_town();
    let a = Sim::new(
        town.clone(),
        RunSeed {
            seed: 3,
            replicate: 0,
        },
    );
    let b = Sim::new(
        town,
        RunSeed {
            seed: 3,
            replicate: 1,
        },
    );
    let (mut a, mut b) = (a, b);
    a.run_to_end();
    b.run_to_end();
    assert_ne!(a.events(), b.events());
}

#[test]
fn plans_face_the_same_disaster() {
    // Common random numbers: the damage each place suffers does not depend on the plan.
    let county = common::county();
    let mut idle = county.clone();
    idle.plan.dispatch.rule = drillsim::scenario::DispatchRule::Manual;
    let damage = |sim: &Sim| {
        sim.events()
            .iter()
            .filter(|e| {
                matches!(
                    e.kind,
                    drillsim::sim::EventKind::PlaceDamaged { .. }
                        | drillsim::sim::EventKind::RoadChanged {
                            cause: "earthquake",
                            ..
                        }
                        | drillsim::sim::EventKind::IncidentOpened { .. }
                )
            })
            .cloned()
            .collect::<Vec<_>>()
    };
    let a = common::run(county, 11);
    let b = common::run(idle, 11);
    assert!(!damage(&a).is_empty());
    assert_eq!(damage(&a), damage(&b));
}

#[test]
fn scripted_orders_are_reproducible() {
    let mut town = common::small_town();
    town.plan.dispatch.rule = drillsim::scenario::DispatchRule::Manual;
    let script = |sim: &mut Sim| {
        sim.run_until(30);
        sim.apply(Order::DispatchRescue {
            team: "fire-county".into(),
            place: "t1".into(),
        })
        .unwrap();
        sim.apply(Order::DispatchRescue {
            team: "fire-town".into(),
            place: "v1".into(),
        })
        .unwrap();
        sim.run_to_end();
        sim.outcome()
    };
    let mut a = Sim::new(town.clone(), RunSeed::new(5));
    let mut b = Sim::new(town, RunSeed::new(5));
    assert_eq!(script(&mut a), script(&mut b));
    assert_eq!(a.events(), b.events());
    assert!(a.outcome().kpis.rescued_by_teams.unwrap() > 0.0);
}

#[test]
fn skipping_idle_systems_changes_no_byte() {
    // Run conditions let the schedule skip a system on ticks where nothing is due for it; with
    // them left out every system runs every tick. Both must give the same bytes, for every kind
    // of hazard, with and without orders from outside.
    let run = |scenario: &drillsim::scenario::Scenario, seed: u64, skip: bool, orders: bool| {
        let mut sim = Sim::with_options(
            scenario.clone(),
            RunSeed::new(seed),
            SimOptions {
                skip_idle_systems: skip,
                ..SimOptions::default()
            },
        );
        if orders {
            sim.run_until(45);
            for order in [
                Order::DeclareLevel {
                    level: drillsim::scenario::Level::III,
                },
                Order::DispatchRescue {
                    team: "fire-county".into(),
                    place: "t1".into(),
                },
                Order::Recall {
                    team: "fire-town".into(),
                },
                Order::Priority {
                    place: "v1".into(),
                    priority: 2,
                },
                Order::FieldPost {
                    place: "t1".into(),
                    commander: "fire-county".into(),
                },
            ] {
                sim.apply(order).unwrap();
            }
        }
        sim.run_to_end();
        bytes(&mut sim, seed)
    };
    let cases = [
        ("scenarios/county-quake.ron", 7, false),
        ("scenarios/flood-season-compound.ron", 3, false),
        ("scenarios/riverside-flood.ron", 2, false),
        ("scenarios/forest-fire.ron", 4, false),
        ("scenarios/small-town.ron", 1, true),
    ];
    for (path, seed, orders) in cases {
        let scenario = common::load(path);
        let skipping = run(&scenario, seed, true, orders);
        let every_tick = run(&scenario, seed, false, orders);
        assert!(
            skipping.1.len() > 1000,
            "{path}: the event log is too short"
        );
        if orders {
            let log = String::from_utf8_lossy(&skipping.1);
            assert!(
                log.contains(r#""commander":"fire-county""#),
                "{path}: the ordered field post was not set up"
            );
        }
        assert!(
            skipping.0 == every_tick.0 && skipping.1 == every_tick.1,
            "{path} seed {seed}: skipping idle systems changed the results"
        );
    }
}
