//! The drill's order line end to end: each input line is typed by a player (or the controller)
//! into a drill on scenarios/small-town.ron with its field-commander exercise, handled by the
//! engine and the clock advanced; for half the inputs the screen is then drawn and the
//! after-action report written. Never a panic; the HTML report never carries a script, whatever
//! was typed.
#![no_main]

use std::path::Path;
use std::sync::{Arc, OnceLock};

use drillsim::drill::engine::{Engine, Setup, ToUi, drill_scenario};
use drillsim::drill::i18n::Lang;
use drillsim::drill::journal;
use drillsim::drill::line;
use drillsim::drill::msel::{self, Exercise};
use drillsim::drill::ui::draw::render_to_text;
use drillsim::drill::ui::{App, UiEvent};
use drillsim::scenario::{self, Scenario};
use libfuzzer_sys::fuzz_target;

const SCENARIO: &str = include_str!("../../scenarios/small-town.ron");
const EXERCISE: &str =
    include_str!("../../scenarios/exercises/small-town-field-commander-drill.ron");

fn setting() -> &'static (Scenario, Exercise) {
    static SETTING: OnceLock<(Scenario, Exercise)> = OnceLock::new();
    SETTING.get_or_init(|| {
        let scenario = scenario::load_str(SCENARIO, "small-town.ron")
            .expect("the shipped small town loads")
            .scenario;
        let exercise = msel::load_str(EXERCISE, "drill.ron", &scenario)
            .expect("the shipped exercise validates");
        (scenario, exercise)
    })
}

const ROLES: [&str; 3] = ["controller", "tc-t1", "county-commander"];

fuzz_target!(|data: &[u8]| {
    let Some((&head, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (original, exercise) = setting();
    let role = ROLES[usize::from(head) % ROLES.len()];
    let lang = if head & 0x80 == 0 { Lang::En } else { Lang::Zh };
    let Ok(mut engine) = Engine::new(
        Setup {
            scenario: Arc::new(drill_scenario(original.clone(), role)),
            seed: u64::from(head & 0x0f),
            role: role.into(),
            lang,
            exercise: Some(exercise.clone()),
        },
        None,
    ) else {
        panic!("the shipped drill starts for {role}");
    };
    let controller = role == "controller";
    for typed in text.lines().take(32) {
        if let Ok(command) = line::parse_line(typed, controller) {
            if !engine.handle(command) {
                break;
            }
        }
        // A few minutes pass between lines: 0 to 15, from the line's length.
        for _ in 0..typed.len() % 16 {
            if engine.at_end() {
                break;
            }
            engine.advance();
        }
    }
    // Drawing and the report cost more than the lines: half the inputs (bit 0x40) do them, at
    // 80×24 or 200×60 (bit 0x20).
    if head & 0x40 == 0 {
        return;
    }
    let mut app = App::new(engine.statics(), false);
    app.handle(UiEvent::Engine(ToUi::Snapshot(Box::new(engine.snapshot()))));
    let (width, height) = if head & 0x20 == 0 {
        (80, 24)
    } else {
        (200, 60)
    };
    let _ = render_to_text(&mut app, width, height);
    let header = journal::header(
        Path::new("small-town.ron"),
        None,
        u64::from(head & 0x0f),
        role,
        if lang == Lang::Zh { "zh" } else { "en" },
        Some(Path::new("drill.ron")),
    );
    let report = drillsim::drill::aar::build(&mut engine, &header, original, "fuzz.jsonl", &[]);
    let _ = drillsim::drill::aar::markdown(&report);
    let html = drillsim::drill::aar::html(&report);
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "a script in the HTML report"
    );
});
