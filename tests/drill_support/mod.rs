//! Helpers shared by the drill tests: engines on the shipped scenarios and exercises, and the
//! real input path (crossterm events → `App` → engine → snapshot → `TestBackend`).
#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;

use drillsim::drill::engine::{Engine, Setup, drill_scenario};
use drillsim::drill::i18n::Lang;
use drillsim::drill::journal::Journal;
use drillsim::drill::msel;
use drillsim::drill::ui::draw::render_to_text;
use drillsim::drill::ui::{App, UiEvent};
use drillsim::scenario::{self, Scenario};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

pub const SMALL: &str = "scenarios/small-town.ron";
pub const COUNTY: &str = "scenarios/county-quake.ron";
pub const FIELD_EXERCISE: &str = "scenarios/exercises/small-town-field-commander-drill.ron";
pub const COUNTY_EXERCISE: &str = "scenarios/exercises/county-hq-quake-drill.ron";

pub fn load(path: &str) -> Scenario {
    match scenario::load(Path::new(path), None) {
        Ok(loaded) => loaded.scenario,
        Err(d) => panic!("{path}:\n{d}"),
    }
}

pub fn exercise(path: &str, scenario: &Scenario) -> msel::Exercise {
    match msel::load(Path::new(path), scenario) {
        Ok(e) => e,
        Err(d) => panic!("{path}:\n{d}"),
    }
}

/// An engine on `scenario_path` for `role`, with an optional exercise and journal.
pub fn engine(
    scenario_path: &str,
    role: &str,
    lang: Lang,
    exercise_path: Option<&str>,
    journal: Option<Journal>,
) -> Engine {
    let original = load(scenario_path);
    let exercise = exercise_path.map(|p| exercise(p, &original));
    Engine::new(
        Setup {
            scenario: Arc::new(drill_scenario(original, role)),
            seed: 1,
            role: role.into(),
            lang,
            exercise,
        },
        journal,
    )
    .unwrap()
}

/// Runs the engine `minutes` ticks.
pub fn run(engine: &mut Engine, minutes: u32) {
    for _ in 0..minutes {
        engine.advance();
    }
}

/// The app, fed the engine's latest snapshot.
pub fn app(engine: &mut Engine) -> App {
    let mut app = App::new(engine.statics(), false);
    refresh(&mut app, engine);
    app
}

pub fn refresh(app: &mut App, engine: &mut Engine) {
    app.handle(UiEvent::Engine(drillsim::drill::engine::ToUi::Snapshot(
        Box::new(engine.snapshot()),
    )));
}

/// Feeds keys through the app into the engine, refreshing the snapshot after each.
pub fn keys(app: &mut App, engine: &mut Engine, keys: &[KeyCode]) {
    for key in keys {
        let event = UiEvent::Input(Event::Key(KeyEvent::new(*key, KeyModifiers::NONE)));
        for command in app.handle(event) {
            engine.handle(command);
        }
        refresh(app, engine);
    }
}

/// Types `text` as key presses.
pub fn type_text(app: &mut App, engine: &mut Engine, text: &str) {
    let codes: Vec<KeyCode> = text.chars().map(KeyCode::Char).collect();
    keys(app, engine, &codes);
}

pub fn screen(app: &mut App, width: u16, height: u16) -> String {
    render_to_text(app, width, height)
}
