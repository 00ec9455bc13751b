//! Whatever validates also runs: a scenario the loader accepts is simulated for up to six hours,
//! then population, KPIs, the run JSON, the event log and the summary are checked
//! (`tests/hostile_support`, shared with `tests/hostile_inputs.rs`).
#![no_main]

#[path = "../../tests/hostile_support/mod.rs"]
mod hostile_support;

use drillsim::scenario;
use drillsim::sim::{RunSeed, Sim};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(loaded) = scenario::load_str(text, "fuzz.ron") else {
        return;
    };
    // The seed follows the input, so one input is one run, replayable from its file.
    let seed = text.len() as u64 % 16;
    let mut sim = Sim::new(loaded.scenario, RunSeed::new(seed));
    hostile_support::run_and_check(&mut sim, 6 * 60);
});
