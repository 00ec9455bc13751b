//! One frame of the drill UI: the controller screen of the prefecture scenario (the largest
//! shipped map) drawn into a 200×60 `TestBackend`, six hours into the quake; and building the
//! snapshot the frame is drawn from (done on the engine thread).
//!
//! DESIGN.md §7 target: ≤ 4 ms to draw a frame at 200×60.

#[allow(dead_code, reason = "only `common::load` is used here")]
mod common;

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use drillsim::drill::engine::{Engine, Setup, ToUi, drill_scenario};
use drillsim::drill::i18n::Lang;
use drillsim::drill::ui::{App, UiEvent};

fn engine(path: &str, role: &str) -> Engine {
    let scenario = common::load(path);
    let mut engine = Engine::new(
        Setup {
            scenario: Arc::new(drill_scenario(scenario, role)),
            seed: 1,
            role: role.into(),
            lang: Lang::Zh,
            exercise: None,
        },
        None,
    )
    .expect("engine");
    for _ in 0..360 {
        engine.advance();
    }
    engine
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("draw_frame");
    for (name, path) in [
        ("prefecture", "scenarios/prefecture-quake.ron"),
        ("county", "scenarios/county-quake.ron"),
    ] {
        let mut engine = engine(path, "controller");
        let mut app = App::new(engine.statics(), false);
        app.handle(UiEvent::Engine(ToUi::Snapshot(Box::new(engine.snapshot()))));
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(200, 60)).expect("terminal");
        group.bench_function(format!("{name} controller 200x60"), |b| {
            b.iter(|| {
                terminal
                    .draw(|frame| drillsim::drill::ui::draw::draw(frame, &app))
                    .expect("draw");
            })
        });
        group.bench_function(format!("{name} controller snapshot"), |b| {
            b.iter(|| std::hint::black_box(engine.snapshot()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
