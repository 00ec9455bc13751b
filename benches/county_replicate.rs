//! One county replicate: the reference workload of DESIGN.md §7 (72 h at 1-minute ticks).
//!
//! Run with `cargo bench --bench county_replicate`; figures are recorded in benches/README.md.

mod common;

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};

fn county_replicate(c: &mut Criterion) {
    let scenario = Arc::new(common::load("scenarios/county-quake.ron"));
    let mut group = c.benchmark_group("county-quake 72h");
    group.sample_size(20);
    let mut seed = 0;
    common::bench_replicate(
        &mut group,
        "replicate (batch: no event log)",
        &scenario,
        &mut seed,
        false,
    );
    common::bench_replicate(
        &mut group,
        "replicate with event log",
        &scenario,
        &mut seed,
        true,
    );
    group.finish();
}

/// The county compound replicate: flood-season-compound, 96 h of quake, aftershocks, rain and
/// their cascades, as a batch runs it.
fn compound_replicate(c: &mut Criterion) {
    let scenario = Arc::new(common::load("scenarios/flood-season-compound.ron"));
    let mut group = c.benchmark_group("flood-season-compound 96h");
    group.sample_size(10);
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

criterion_group!(benches, county_replicate, compound_replicate);
criterion_main!(benches);
