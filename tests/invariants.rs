//! Invariants that hold at every tick, over generated scenarios: population is conserved, stocks
//! (hospital beds) never go negative or above capacity, trapped people are where the sites say.

mod common;

use drillsim::sim::{RunSeed, Sim};
use proptest::prelude::*;

/// A generated county: `towns` towns with `villages` villages each, random sizes and positions,
/// `teams` teams, one quake.
fn generated(
    towns: usize,
    villages: usize,
    teams: usize,
    magnitude: f64,
    populations: &[u32],
    beds: u32,
) -> String {
    let mut places = String::from(
        "(id: \"c\", name: \"county\", kind: County, x_km: 0.0, y_km: 0.0, population: 5000, housing: [(class: \"urm_lowcode\", share: 1.0)]),\n",
    );
    let mut roads = String::new();
    let mut k = 0;
    for t in 0..towns {
        let (tx, ty) = (10.0 * (t as f64 + 1.0), 5.0 * t as f64);
        let pop = populations[k % populations.len()];
        k += 1;
        places.push_str(&format!(
            "(id: \"t{t}\", name: \"t\", kind: Town, parent: \"c\", x_km: {tx:.1}, y_km: {ty:.1}, population: {pop}, housing: [(class: \"urm_precode\", share: 0.5), (class: \"rc_frame_lowcode\", share: 0.5)], tags: [Mountain]),\n"
        ));
        roads.push_str(&format!(
            "(id: \"rt{t}\", from: \"c\", to: \"t{t}\", length_km: {:.1}, class: Provincial, tags: [Mountain]),\n",
            (tx * tx + ty * ty).sqrt() * 1.3 + 1.0
        ));
        for v in 0..villages {
            let pop = populations[k % populations.len()];
            k += 1;
            places.push_str(&format!(
                "(id: \"t{t}v{v}\", name: \"v\", kind: Village, parent: \"t{t}\", x_km: {:.1}, y_km: {:.1}, population: {pop}, housing: [(class: \"urm_precode\", share: 1.0)]),\n",
                tx + v as f64,
                ty + 2.0
            ));
            roads.push_str(&format!(
                "(id: \"r{t}_{v}\", from: \"t{t}\", to: \"t{t}v{v}\", length_km: {:.1}, class: Village, tags: [Mountain]),\n",
                3.0 + v as f64 * 1.5
            ));
        }
    }
    let mut team_list = String::new();
    for i in 0..teams {
        let (capability, base) = if i % 4 == 3 {
            ("RoadClearing, rate: 1.0", "c".to_string())
        } else {
            ("Extrication, rate: 0.4", format!("t{}", i % towns))
        };
        team_list.push_str(&format!(
            "(id: \"team{i}\", name: \"team\", kind: Comprehensive, size: 20, base: \"{base}\", speed_kmh: 45.0, capabilities: [(kind: {capability})], mobilisation: \"15m\", shift: \"6h\", rest: \"3h\"),\n"
        ));
    }
    format!(
        "Scenario(name: \"generated\", start_time: \"01:00\", duration: \"30h\",
  region: (name: \"g\", places: [{places}], roads: [{roads}]),
  facilities: (hospitals: [(id: \"h\", name: \"h\", place: \"c\", beds: {beds}, ambulances: 3)]),
  forces: (teams: [{team_list}]),
  hazards: (events: [Earthquake(id: \"q\", x_km: 12.0, y_km: 3.0, magnitude: {magnitude:.1}, depth_km: 12.0, time: \"20m\")]),
  plan: (name: \"p\", dispatch: (rule: NearestCapable, max_teams_per_site: 2)),
)"
    )
}

fn check_every_tick(text: &str, seed: u64, beds: u32) {
    let scenario = common::from_text(text);
    let total: u64 = scenario
        .region
        .places
        .iter()
        .map(|p| p.population as u64)
        .sum();
    let mut sim = Sim::new(scenario, RunSeed::new(seed));
    let end = sim.scenario().duration_min;
    while sim.now() < end {
        sim.step();
        let population = sim.population();
        assert_eq!(
            population.total(),
            total,
            "population changed at minute {}",
            sim.now()
        );
        let beds_free = sim.beds_free();
        assert!(beds_free <= beds as u64, "more beds than the hospital has");
        assert_eq!(
            beds_free + population.in_transport as u64 + population.hospitalised as u64,
            beds as u64,
            "every patient in an ambulance or in hospital holds exactly one bed"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn population_is_conserved_and_beds_add_up_at_every_tick(
        towns in 1usize..4,
        villages in 0usize..4,
        teams in 0usize..7,
        magnitude in 5.0f64..7.8,
        populations in proptest::collection::vec(0u32..4000, 1..6),
        beds in 0u32..200,
        seed in any::<u64>(),
    ) {
        let text = generated(towns, villages, teams, magnitude, &populations, beds);
        check_every_tick(&text, seed, beds);
    }
}

#[test]
fn the_small_town_conserves_population_at_every_tick() {
    let town = common::small_town();
    let total: u64 = town.region.places.iter().map(|p| p.population as u64).sum();
    let mut sim = Sim::new(town, RunSeed::new(1));
    while sim.now() < sim.scenario().duration_min {
        sim.step();
        assert_eq!(sim.population().total(), total);
    }
}
