//! People harmed and moved by a quake: light and severe injuries (HAZUS severity 1 vs 2–3), and
//! emergency relocation (紧急转移安置) beyond the homeless, which relief follows.

mod common;

use drillsim::scenario;
use drillsim::sim::{EventKind, Kpis, RunSeed, Sim};

/// The small town, the quake at `magnitude` and the clock at `start` (the quake strikes 5 min
/// later), with `models` (RON fields of the `models` part) added.
fn town(magnitude: &str, start: &str, models: &str) -> String {
    let text = common::small_town_with("magnitude: 6.2", &format!("magnitude: {magnitude}"));
    let text = text.replacen(
        "start_time: \"02:00\"",
        &format!("start_time: \"{start}\""),
        1,
    );
    if models.is_empty() {
        return text;
    }
    text.replacen(
        "dispatch: (rule: NearestCapable),\n    ),",
        &format!("dispatch: (rule: NearestCapable),\n    ),\n    models: ({models}),"),
        1,
    )
}

const NO_RELOCATION: &str = "relocation: (moderate_share: 0.0, fear_from_intensity: 6.0, fear_full_intensity: 9.0, fear_max_share: 0.0, slope_from_intensity: 7.0, slope_share: 0.0)";

fn kpis(text: &str, seed: u64) -> Kpis {
    common::run(common::from_text(text), seed).outcome().kpis
}

fn count(k: &Kpis, name: &str) -> u64 {
    k.get(name).unwrap_or_else(|| panic!("{name} is null")) as u64
}

#[test]
fn light_injuries_outnumber_severe_ones_in_a_strong_daytime_quake() {
    let text = town("7.0", "10:00", "");
    let (mut all, mut severe) = (0, 0);
    for seed in 1..=3 {
        let k = kpis(&text, seed);
        all += count(&k, "injured_total");
        severe += count(&k, "injured_severe");
    }
    let light = all - severe;
    assert!(severe > 0, "the quake injured nobody severely");
    assert!(
        light > severe,
        "light injuries ({light}) do not outnumber severe ones ({severe})"
    );
}

#[test]
fn injured_total_is_severe_plus_light_and_treated_counts_only_the_severe() {
    let sim = common::run(common::from_text(&town("7.0", "10:00", "")), 2);
    let light: u64 = sim
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::PlaceDamaged { injured_light, .. } => Some(*injured_light as u64),
            _ => None,
        })
        .sum();
    let mut sim = sim;
    let k = sim.outcome().kpis;
    assert!(light > 0);
    assert_eq!(
        count(&k, "injured_total"),
        count(&k, "injured_severe") + light
    );
    assert!(count(&k, "injured_treated") <= count(&k, "injured_severe"));
}

#[test]
fn relocation_is_at_least_homelessness_and_rises_with_the_shaking() {
    let mut last = 0;
    for magnitude in ["5.6", "6.2", "6.8", "7.4"] {
        let k = kpis(&town(magnitude, "02:00", ""), 4);
        let (relocated, homeless) = (count(&k, "relocated_total"), count(&k, "displaced_total"));
        assert!(
            relocated >= homeless,
            "M{magnitude}: {relocated} relocated, fewer than {homeless} homeless"
        );
        assert!(
            relocated > last,
            "M{magnitude}: {relocated} relocated, no more than {last} after a weaker quake"
        );
        last = relocated;
    }
    // The relocation beyond the homeless comes from the model: switched off, only the homeless
    // are relocated. (At M6.2 most of the town shakes at VII–VIII, where more houses stand
    // damaged than fall; nearer M7 most of its 8 000 people are homeless anyway.)
    let strong = kpis(&town("6.2", "02:00", ""), 4);
    let off = kpis(&town("6.2", "02:00", NO_RELOCATION), 4);
    assert_eq!(
        count(&off, "relocated_total"),
        count(&off, "displaced_total")
    );
    assert!(count(&strong, "relocated_total") > 2 * count(&strong, "displaced_total"));
}

/// Kits handed out over a run (people relieved).
fn relieved(sim: &Sim) -> u64 {
    sim.events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::ReliefDelivered { people, .. } => Some(*people as u64),
            _ => None,
        })
        .sum()
}

#[test]
fn relief_goes_to_the_relocated_not_only_to_the_homeless() {
    // Depots with kits for everyone, so that need, not stock, decides who is served.
    let text = town("6.8", "02:00", "").replacen(
        "stocks: (tents: 2000, food: 6000, water: 6000)",
        "stocks: (tents: 20000, food: 20000, water: 20000)",
        1,
    );
    let mut sim = common::run(common::from_text(&text), 4);
    let k = sim.outcome().kpis;
    let given = relieved(&sim);
    assert!(
        given > count(&k, "displaced_total"),
        "{given} relieved: no more than the {} homeless",
        count(&k, "displaced_total")
    );
    assert!(given <= count(&k, "relocated_total"));
    let population = sim.population();
    assert_eq!(
        population.relieved as u64 + population.displaced as u64 + population.moved_out as u64,
        count(&k, "relocated_total"),
        "every relocated person is relieved or still waiting (nobody was trapped again here)"
    );
    // With relocation switched off, the same depots relieve only the homeless.
    let off = text.replacen(
        "dispatch: (rule: NearestCapable),\n    ),",
        &format!("dispatch: (rule: NearestCapable),\n    ),\n    models: ({NO_RELOCATION}),"),
        1,
    );
    let sim = common::run(common::from_text(&off), 4);
    assert!(relieved(&sim) < given);
}

#[test]
fn population_is_conserved_at_every_tick_while_people_move_out() {
    let scenario = common::from_text(&town("7.2", "14:00", ""));
    let total: u64 = scenario
        .region
        .places
        .iter()
        .map(|p| p.population as u64)
        .sum();
    let mut sim = Sim::new(scenario, RunSeed::new(5));
    let mut moved = false;
    while sim.now() < sim.scenario().duration_min {
        sim.step();
        let population = sim.population();
        assert_eq!(population.total(), total, "at minute {}", sim.now());
        moved |= population.moved_out_ever > 0;
    }
    assert!(moved, "nobody moved out");
}

#[test]
fn fear_rises_from_nothing_to_its_most_across_the_intensities() {
    let s = common::small_town();
    let r = &s.models.relocation;
    assert_eq!(r.fear_share(r.fear_from_intensity), 0.0);
    assert!(r.fear_share(7.0) > r.fear_share(6.5));
    assert_eq!(r.fear_share(r.fear_full_intensity), r.fear_max_share);
    assert_eq!(r.fear_share(12.0), r.fear_max_share);
}

#[test]
fn relocation_and_light_injury_parameters_out_of_range_are_refused() {
    let text = town(
        "6.2",
        "02:00",
        "casualties: (occupancy_night: 0.95, occupancy_day: 0.45, household_size: 3.1, killed_in_collapse: 0.1, trapped_in_collapse: 0.35, injured_in_collapse: 0.25, heavily_trapped_share: 0.3, injured_in_complete: 0.5, injured_in_extensive: 0.005, rescued_injured_share: 0.6, light_in_complete: 0.6, light_in_slight: 1.5), relocation: (moderate_share: 0.9, fear_from_intensity: 8.0, fear_full_intensity: 7.0, fear_max_share: 0.6, slope_from_intensity: 7.0, slope_share: 0.2)",
    );
    let errors = match scenario::load_str(&text, "test.ron") {
        Ok(_) => panic!("the scenario loaded"),
        Err(diagnostics) => diagnostics.to_string(),
    };
    for expected in [
        "injured_in_complete + light_in_complete add up to 1.10",
        "models.casualties.light_in_slight",
        "models.relocation.fear_full_intensity",
    ] {
        assert!(errors.contains(expected), "no `{expected}` in:\n{errors}");
    }
}

#[test]
fn light_injury_rates_move_no_death_rescue_or_road() {
    // Light injuries draw from a generator of their own: changing their rates changes
    // `injured_total` and nothing else (relocation off, so nobody's whereabouts change either).
    let casualties = |light: &str| {
        format!(
            "casualties: (occupancy_night: 0.95, occupancy_day: 0.45, household_size: 3.1, killed_in_collapse: 0.1, trapped_in_collapse: 0.35, injured_in_collapse: 0.25, heavily_trapped_share: 0.3, injured_in_complete: 0.05, injured_in_extensive: 0.005, rescued_injured_share: 0.6, light_in_collapse: {light}, light_in_complete: {light}, light_in_extensive: {light}, light_in_moderate: {light}, light_in_slight: {light}), {NO_RELOCATION}"
        )
    };
    let none = kpis(&town("7.0", "10:00", &casualties("0.0")), 3);
    let some = kpis(&town("7.0", "10:00", &casualties("0.3")), 3);
    assert_eq!(
        count(&none, "injured_total"),
        count(&none, "injured_severe")
    );
    assert!(count(&some, "injured_total") > count(&some, "injured_severe"));
    for (name, value) in none.entries() {
        if name != "injured_total" {
            assert_eq!(
                value,
                some.get(name),
                "{name} moved with the light-injury rates"
            );
        }
    }
}
