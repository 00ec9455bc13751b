//! A batch of county replicates through the library, as `drillsim batch` runs them
//! (DESIGN.md §7: 1 000 replicates with `--jobs 2` in ≤ 15 s, ≥ 1.8 × the `--jobs 1` speed).
//!
//! Run with `cargo bench --bench batch`; figures are recorded in benches/README.md.
//! To keep each bench under a minute, one iteration is 200 replicates (not 1 000): multiply the
//! time by 5 for the 1 000-replicate figure, or read the throughput (replicates per second). The
//! end-to-end 1 000-replicate CLI timing is in benches/README.md.

#[allow(dead_code, reason = "only `common::load` is used here")]
mod common;

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};

const REPLICATES: u64 = 200;

fn batch(c: &mut Criterion) {
    let scenario = Arc::new(common::load("scenarios/county-quake.ron"));
    let mut group = c.benchmark_group(format!("county-quake batch of {REPLICATES}"));
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(REPLICATES));
    for jobs in [1, 2] {
        group.bench_function(format!("jobs {jobs}"), |b| {
            b.iter(|| {
                let mut finished = 0u64;
                drillsim::eval::batch::run_replicates(
                    jobs,
                    0..REPLICATES,
                    |r| drillsim::eval::run_replicate(&scenario, 1, r),
                    |_, outcome| finished += u64::from(outcome.is_ok()),
                )
                .expect("workers start");
                assert_eq!(finished, REPLICATES, "a replicate panicked");
                black_box(finished)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, batch);
criterion_main!(benches);
