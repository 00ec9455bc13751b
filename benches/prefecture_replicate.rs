//! One prefecture replicate: the large reference workload of DESIGN.md §7 (10 counties, 7 days).
//!
//! Run with `cargo bench --bench prefecture_replicate`; figures are recorded in benches/README.md.
//! One iteration runs a whole replicate (seconds at worst), so criterion takes the minimum of 10
//! samples of one iteration each (flat sampling).

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use drillsim::sim::{RunSeed, Sim, SimOptions};

fn prefecture_replicate(c: &mut Criterion) {
    let scenario = Arc::new(
        drillsim::scenario::load(Path::new("scenarios/prefecture-quake.ron"), None)
            .expect("prefecture scenario loads")
            .scenario,
    );
    let mut group = c.benchmark_group("prefecture-quake 7d");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(30));
    let mut seed = 0;
    group.bench_function("replicate (batch: no event log)", |b| {
        b.iter(|| {
            seed += 1;
            let mut sim = Sim::with_options(
                scenario.clone(),
                RunSeed::new(seed),
                SimOptions {
                    record_events: false,
                    ..SimOptions::default()
                },
            );
            sim.run_to_end();
            black_box(sim.outcome())
        })
    });
    group.finish();
}

criterion_group!(benches, prefecture_replicate);
criterion_main!(benches);
