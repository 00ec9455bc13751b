//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::Path;

use drillsim::scenario::{self, Scenario};
use drillsim::sim::{RunSeed, Sim};

/// The small scenario, validated.
pub fn small_town() -> Scenario {
    load("scenarios/small-town.ron")
}

/// The county scenario, validated.
pub fn county() -> Scenario {
    load("scenarios/county-quake.ron")
}

/// Loads a shipped scenario, failing the test with its diagnostics if invalid.
pub fn load(path: &str) -> Scenario {
    match scenario::load(Path::new(path), None) {
        Ok(loaded) => loaded.scenario,
        Err(diagnostics) => panic!("{path} does not load:\n{diagnostics}"),
    }
}

/// Loads scenario text, failing the test with its diagnostics if invalid.
pub fn from_text(text: &str) -> Scenario {
    match scenario::load_str(text, "test.ron") {
        Ok(loaded) => loaded.scenario,
        Err(diagnostics) => panic!("scenario does not load:\n{diagnostics}\n{text}"),
    }
}

/// Runs a scenario to its end and returns the sim.
pub fn run(scenario: Scenario, seed: u64) -> Sim {
    let mut sim = Sim::new(scenario, RunSeed::new(seed));
    sim.run_to_end();
    sim
}

/// The small-town text with `from` replaced by `to` (exactly once).
pub fn small_town_with(from: &str, to: &str) -> String {
    let text = std::fs::read_to_string("scenarios/small-town.ron").unwrap();
    assert_eq!(
        text.matches(from).count(),
        1,
        "`{from}` must occur once in small-town.ron"
    );
    text.replacen(from, to, 1)
}
