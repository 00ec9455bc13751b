//! One prefecture replicate: the large reference workload of DESIGN.md §7 (10 counties, 7 days).
//!
//! Run with `cargo bench --bench prefecture_replicate`; figures are recorded in benches/README.md.
//! One iteration runs a whole replicate (seconds at worst), so criterion takes the minimum of 10
//! samples of one iteration each (flat sampling).

mod common;

use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};

fn prefecture_replicate(c: &mut Criterion) {
    let scenario = Arc::new(common::load("scenarios/prefecture-quake.ron"));
    let mut group = c.benchmark_group("prefecture-quake 7d");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(30));
    let mut seed = 0;
    common::bench_replicate(
        &mut group,
        "replicate (batch: no event log)",
        &scenario,
        &mut seed,
        false,
    );
    group.finish();
}

criterion_group!(benches, prefecture_replicate);
criterion_main!(benches);
