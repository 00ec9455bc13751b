//! Evaluation at scale: batches of seeded replicates, plan comparison, parameter sweeps, shards.
//!
//! Every replicate `r` of a batch with seed `s` runs with [`RunSeed`] `{ seed: s, replicate: r }`,
//! so replicate 0 is exactly `drillsim run --seed s`, and a replicate of any batch can be re-run
//! alone. Results are folded in replicate order (see [`batch`]), so `--jobs` and `--shard` never
//! change a byte of the output.

pub mod batch;
pub mod compare;
pub mod report;
pub mod shard;
pub mod stats;
pub mod summary;

use std::sync::Arc;

use crate::scenario::Scenario;
use crate::sim::{Outcome, RunSeed, Sim, SimOptions};

/// Runs replicate `replicate` of `seed` to the end without an event log, as batches do.
pub fn run_replicate(scenario: &Arc<Scenario>, seed: u64, replicate: u64) -> Outcome {
    let mut sim = Sim::with_options(
        scenario.clone(),
        RunSeed { seed, replicate },
        SimOptions {
            record_events: false,
            ..SimOptions::default()
        },
    );
    sim.run_to_end();
    sim.outcome()
}
