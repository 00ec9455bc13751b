//! What the benches share: loading a shipped scenario, and timing whole replicates of it.
//!
//! Included by each bench with `mod common;` (a folder with `mod.rs`, so cargo does not take it
//! for a bench of its own).

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use criterion::BenchmarkGroup;
use criterion::measurement::WallTime;
use drillsim::scenario::Scenario;
use drillsim::sim::{RunSeed, Sim, SimOptions};

/// Loads the scenario at `path` (relative to the crate root, where `cargo bench` runs), without a
/// plan. Panics with the loader's diagnostics if it does not load.
pub fn load(path: &str) -> Scenario {
    drillsim::scenario::load(Path::new(path), None)
        .unwrap_or_else(|diagnostics| panic!("{path} does not load:\n{diagnostics}"))
        .scenario
}

/// Adds the benchmark `id` to `group`: each iteration runs one whole replicate of `scenario` to
/// its end, with the next seed after `*seed` (so benches sharing a counter never repeat a seed).
///
/// With `record_events` off the run is a batch replicate (no event log) and the iteration ends by
/// computing its outcome; on, the event log is kept, as `drillsim run --events` does, and the
/// iteration ends by counting the events.
pub fn bench_replicate(
    group: &mut BenchmarkGroup<'_, WallTime>,
    id: &str,
    scenario: &Arc<Scenario>,
    seed: &mut u64,
    record_events: bool,
) {
    group.bench_function(id, |b| {
        b.iter(|| {
            *seed += 1;
            let options = SimOptions {
                record_events,
                ..SimOptions::default()
            };
            let mut sim = Sim::with_options(scenario.clone(), RunSeed::new(*seed), options);
            sim.run_to_end();
            if record_events {
                black_box(sim.events().len());
            } else {
                black_box(sim.outcome());
            }
        })
    });
}
