//! One county replicate: the reference workload of DESIGN.md §7 (72 h at 1-minute ticks).
//!
//! Run with `cargo bench --bench county_replicate`; figures are recorded in benches/README.md.

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use drillsim::sim::{RunSeed, Sim, SimOptions};

fn county_replicate(c: &mut Criterion) {
    let scenario = Arc::new(
        drillsim::scenario::load(Path::new("scenarios/county-quake.ron"), None)
            .expect("county scenario loads")
            .scenario,
    );
    let mut group = c.benchmark_group("county-quake 72h");
    group.sample_size(20);
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
    group.bench_function("replicate with event log", |b| {
        b.iter(|| {
            seed += 1;
            let mut sim = Sim::new(scenario.clone(), RunSeed::new(seed));
            sim.run_to_end();
            black_box(sim.events().len())
        })
    });
    group.finish();
}

/// The county compound replicate: flood-season-compound, 96 h of quake, aftershocks, rain and
/// their cascades, as a batch runs it.
fn compound_replicate(c: &mut Criterion) {
    let scenario = Arc::new(
        drillsim::scenario::load(Path::new("scenarios/flood-season-compound.ron"), None)
            .expect("compound scenario loads")
            .scenario,
    );
    let mut group = c.benchmark_group("flood-season-compound 96h");
    group.sample_size(10);
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

criterion_group!(benches, county_replicate, compound_replicate);
criterion_main!(benches);
