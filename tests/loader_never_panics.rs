//! Whatever the bytes, the loader answers with a scenario or diagnostics — never a panic.

mod hostile_support;

use drillsim::scenario;
use proptest::prelude::*;

const SMALL_TOWN: &str = include_str!("../scenarios/small-town.ron");

fn load_any(text: &str) {
    match scenario::load_str(text, "fuzz.ron") {
        Ok(loaded) => {
            assert!(!loaded.scenario.region.places.is_empty());
            // Whatever validates must also run, and pass the checks of tests/hostile_inputs.rs.
            let mut sim = drillsim::sim::Sim::new(loaded.scenario, drillsim::sim::RunSeed::new(1));
            hostile_support::run_and_check(&mut sim, 120);
        }
        Err(diagnostics) => assert!(diagnostics.has_errors(), "an invalid file must say why"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,400}") {
        load_any(&text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        load_any(&String::from_utf8_lossy(&bytes));
    }

}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, .. ProptestConfig::default() })]

    #[test]
    fn mutated_scenarios_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..4, ".{0,3}"), 1..6)
    ) {
        let mut text = SMALL_TOWN.to_string();
        for (at, kind, insert) in edits {
            let mut pos = at.index(text.len().max(1));
            while pos > 0 && !text.is_char_boundary(pos) {
                pos -= 1;
            }
            let end = text[pos..].char_indices().nth(3).map_or(text.len(), |(i, _)| pos + i);
            match kind {
                0 => text.replace_range(pos..end, ""),
                1 => text.insert_str(pos, &insert),
                2 => text.replace_range(pos..end, &insert),
                _ => {
                    // Swap a digit for a huge or negative number.
                    if let Some(offset) = text[pos..].find(|c: char| c.is_ascii_digit()) {
                        let at = pos + offset;
                        text.replace_range(at..at + 1, if insert.is_empty() { "-9" } else { "99999999999999999999" });
                    }
                }
            }
        }
        load_any(&text);
    }
}

#[test]
fn deeply_nested_input_is_an_error_not_a_stack_overflow() {
    let text = format!("Scenario({}{})", "[".repeat(100_000), "]".repeat(100_000));
    load_any(&text);
}

#[test]
fn numbers_out_of_range_are_errors() {
    for (from, to) in [
        ("population: 3000,", "population: 99999999999999999999,"),
        ("population: 3000,", "population: -3000,"),
        ("length_km: 10.5", "length_km: NaN"),
        ("length_km: 10.5", "length_km: inf"),
        ("magnitude: 6.2", "magnitude: 1e308"),
        ("speed_kmh: 55.0", "speed_kmh: -55.0"),
    ] {
        assert_eq!(SMALL_TOWN.matches(from).count(), 1, "{from}");
        let text = SMALL_TOWN.replacen(from, to, 1);
        let result = scenario::load_str(&text, "fuzz.ron");
        assert!(result.is_err(), "{to} was accepted");
    }
}

const FIELD_EXERCISE: &str =
    include_str!("../scenarios/exercises/small-town-field-commander-drill.ron");

fn small_town() -> &'static scenario::Scenario {
    static SCENARIO: std::sync::OnceLock<scenario::Scenario> = std::sync::OnceLock::new();
    SCENARIO.get_or_init(|| {
        scenario::load_str(SMALL_TOWN, "small-town.ron")
            .unwrap()
            .scenario
    })
}

/// Whatever the exercise text, `drillsim check`'s exercise check answers with diagnostics and
/// the drill's loader with an exercise or errors — never a panic; an exercise that loads runs
/// in a drill as the town seat.
fn check_exercise(text: &str) {
    use drillsim::drill::msel;
    let scenario = small_town();
    let _ = msel::parse(text, "fuzz.ron");
    let checked = msel::check_str(text, "fuzz.ron", scenario);
    match msel::load_str(text, "fuzz.ron", scenario) {
        Ok(exercise) => {
            assert!(!checked.has_errors(), "loads, yet check says:\n{checked}");
            let setup = drillsim::drill::engine::Setup {
                scenario: std::sync::Arc::new(drillsim::drill::engine::drill_scenario(
                    scenario.clone(),
                    "tc-t1",
                )),
                seed: 1,
                role: "tc-t1".into(),
                lang: drillsim::drill::i18n::Lang::Zh,
                exercise: Some(exercise),
            };
            let mut engine = drillsim::drill::engine::Engine::new(setup, None).unwrap();
            for _ in 0..15 {
                engine.advance();
            }
            let _ = engine.snapshot();
        }
        Err(diagnostics) => assert!(diagnostics.has_errors(), "a refused exercise must say why"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_exercise_text_never_panics(text in ".{0,300}") {
        check_exercise(&format!("Exercise({text}"));
    }

    #[test]
    fn mutated_exercises_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..3, ".{0,3}"), 1..5)
    ) {
        let mut text = FIELD_EXERCISE.to_string();
        for (at, kind, insert) in edits {
            let mut pos = at.index(text.len().max(1));
            while pos > 0 && !text.is_char_boundary(pos) {
                pos -= 1;
            }
            let end = text[pos..].char_indices().nth(3).map_or(text.len(), |(i, _)| pos + i);
            match kind {
                0 => text.replace_range(pos..end, ""),
                1 => text.insert_str(pos, &insert),
                _ => text.replace_range(pos..end, &insert),
            }
        }
        check_exercise(&text);
    }
}
