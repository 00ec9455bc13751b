//! The consequence models behave as their sources say.

mod common;

use drillsim::scenario::DispatchRule;
use drillsim::sim::math::weibull_survival;
use drillsim::sim::{RunSeed, Sim};

#[test]
fn a_do_nothing_plan_loses_more_trapped_people_than_the_default_plan() {
    let county = common::county();
    let mut idle = county.clone();
    idle.plan.dispatch.rule = DispatchRule::Manual;
    let mut lost_default = 0.0;
    let mut lost_idle = 0.0;
    for seed in 1..=3 {
        lost_default += common::run(county.clone(), seed)
            .outcome()
            .kpis
            .deaths_while_trapped
            .unwrap();
        lost_idle += common::run(idle.clone(), seed)
            .outcome()
            .kpis
            .deaths_while_trapped
            .unwrap();
    }
    assert!(
        lost_idle > lost_default * 1.3,
        "doing nothing lost {lost_idle}, the default plan {lost_default}"
    );
}

#[test]
fn deaths_while_trapped_follow_the_configured_survival_curve() {
    // No teams dispatched and no neighbours' rescue: every trapped person dies on the curve.
    let text = common::small_town_with(
        "dispatch: (rule: NearestCapable),",
        "dispatch: (rule: Manual),\n    ),\n    models: (\n        survival: (shape: 1.1, scale_days: 1.4),\n        local_rescue: (freed_share_basic: 0.0, freed_share_demonstration: 0.0, mean_time: \"90m\", light_speedup: 4.0),\n        casualties: (occupancy_night: 1.0, occupancy_day: 1.0, household_size: 3.1, killed_in_collapse: 0.0, trapped_in_collapse: 0.9, injured_in_collapse: 0.1, heavily_trapped_share: 0.3, injured_in_complete: 0.05, injured_in_extensive: 0.005, rescued_injured_share: 0.6),\n",
    )
    .replace("magnitude: 6.2", "magnitude: 7.2");
    let scenario = common::from_text(&text);
    let onset = 5;
    let (scale, shape) = (1.4 * 1440.0, 1.1);
    let mut sim = Sim::new(scenario, RunSeed::new(21));
    let mut checked = 0;
    for hours in [6u32, 12, 24] {
        sim.run_until(onset + hours * 60 + 1);
        let k = sim.outcome().kpis;
        let trapped = k.trapped_total.unwrap();
        let died = k.deaths_while_trapped.unwrap();
        assert!(
            trapped > 300.0,
            "too few trapped for a statistical check: {trapped}"
        );
        let expected = trapped * (1.0 - weibull_survival(hours as f64 * 60.0, scale, shape));
        let sd = (trapped * (expected / trapped) * (1.0 - expected / trapped)).sqrt();
        assert!(
            (died - expected).abs() <= 4.0 * sd + 1.0,
            "after {hours} h: {died} died, the curve expects {expected:.1} ± {sd:.1}"
        );
        checked += 1;
    }
    assert_eq!(checked, 3);
}

#[test]
fn neighbours_free_more_people_in_prepared_communities() {
    let text = |basic: &str, demo: &str| {
        common::small_town_with(
            "dispatch: (rule: NearestCapable),",
            &format!(
                "dispatch: (rule: Manual),\n    ),\n    models: (\n        local_rescue: (freed_share_basic: {basic}, freed_share_demonstration: {demo}, mean_time: \"90m\", light_speedup: 4.0),\n"
            ),
        )
    };
    let freed = |t: String| {
        let mut total = 0.0;
        for seed in 1..=5 {
            let mut sim = Sim::new(common::from_text(&t), RunSeed::new(seed));
            sim.run_to_end();
            total += sim.outcome().kpis.rescued_by_locals.unwrap();
        }
        total
    };
    assert!(freed(text("0.9", "0.9")) > freed(text("0.2", "0.2")));
}

#[test]
fn a_stronger_quake_does_more_harm() {
    let weak = common::from_text(&common::small_town_with("magnitude: 6.2", "magnitude: 5.2"));
    let strong = common::from_text(&common::small_town_with("magnitude: 6.2", "magnitude: 7.2"));
    let harm = |s| {
        let k = common::run(s, 4).outcome().kpis;
        k.displaced_total.unwrap() + k.trapped_total.unwrap()
    };
    assert!(harm(strong) > harm(weak) * 2.0);
}

#[test]
fn teams_arrive_no_sooner_than_mobilisation_and_travel_allow() {
    let town = common::small_town();
    let mut sim = Sim::new(town, RunSeed::new(2));
    sim.run_to_end();
    let scenario = sim.scenario();
    let place = |id: &str| scenario.region.places.iter().find(|p| p.id == id).unwrap();
    let fastest_class = scenario
        .models
        .roads
        .class_speed_factor
        .iter()
        .cloned()
        .fold(0.0, f64::max);
    let mut location: std::collections::BTreeMap<&str, &str> = scenario
        .teams
        .iter()
        .map(|t| (t.id.as_str(), scenario.region.places[t.base].id.as_str()))
        .collect();
    let mut mobilised = std::collections::BTreeSet::new();
    let mut dispatches = 0;
    for event in sim.events() {
        match &event.kind {
            drillsim::sim::EventKind::TeamDispatched {
                eta_min,
                team,
                destination,
                ..
            } => {
                let spec = scenario.teams.iter().find(|t| &t.id == team).unwrap();
                let (from, to) = (place(location[team.as_str()]), place(destination));
                let straight =
                    ((from.x_km - to.x_km).powi(2) + (from.y_km - to.y_km).powi(2)).sqrt();
                let mut least = (straight / (spec.speed_kmh * fastest_class) * 60.0).floor() as u32;
                if mobilised.insert(team.clone()) {
                    least += spec.mobilisation_min;
                }
                assert!(
                    *eta_min >= least,
                    "{team}: ETA {eta_min} min, but at least {least} min needed"
                );
                dispatches += 1;
            }
            drillsim::sim::EventKind::TeamArrived { team, place } => {
                let key = scenario
                    .teams
                    .iter()
                    .find(|t| &t.id == team)
                    .unwrap()
                    .id
                    .as_str();
                let place_id = scenario
                    .region
                    .places
                    .iter()
                    .find(|p| &p.id == place)
                    .unwrap()
                    .id
                    .as_str();
                location.insert(key, place_id);
            }
            _ => {}
        }
    }
    assert!(dispatches > 0);
}
