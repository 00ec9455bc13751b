//! The exercise (MSEL) loader on arbitrary text: parsed and validated against
//! scenarios/small-town.ron, or refused with diagnostics. An exercise that validates is played
//! by the controller for up to three simulated hours and its after-action report written.
#![no_main]

use std::sync::{Arc, OnceLock};

use drillsim::drill::engine::{Engine, Setup};
use drillsim::drill::i18n::Lang;
use drillsim::drill::msel;
use drillsim::scenario::{self, Scenario};
use libfuzzer_sys::fuzz_target;

const SCENARIO: &str = include_str!("../../scenarios/small-town.ron");

fn small_town() -> &'static Scenario {
    static TOWN: OnceLock<Scenario> = OnceLock::new();
    TOWN.get_or_init(|| {
        scenario::load_str(SCENARIO, "small-town.ron")
            .expect("the shipped small town loads")
            .scenario
    })
}

fuzz_target!(|text: &str| {
    if let Err(diagnostics) = msel::parse(text, "fuzz.ron") {
        assert!(diagnostics.has_errors(), "a refused exercise says why");
        let _ = diagnostics.to_string();
    }
    let town = small_town();
    let exercise = match msel::load_str(text, "fuzz.ron", town) {
        Ok(exercise) => exercise,
        Err(diagnostics) => {
            assert!(diagnostics.has_errors(), "a refused exercise says why");
            let _ = diagnostics.to_string();
            return;
        }
    };
    let minutes = exercise.duration_min.min(3 * 60);
    let mut engine = Engine::new(
        Setup {
            scenario: Arc::new(town.clone()),
            seed: 1,
            role: "controller".into(),
            lang: Lang::En,
            exercise: Some(exercise),
        },
        None,
    )
    .expect("the controller's drill starts");
    for _ in 0..minutes {
        if engine.at_end() {
            break;
        }
        engine.advance();
    }
    let _ = engine.snapshot();
});
