//! `drillsim check` of exercise files: each is checked against the scenario it names, every
//! problem located at `file:line:col` with the path into the file; and the drill's warning when
//! an exercise runs on another scenario than the one it names.

use std::path::{Path, PathBuf};
use std::process::Command;

mod drill_support;

use drillsim::drill::msel::{InjectStatus, other_scenario_warning};
use drillsim::drill::{self, DrillOptions, i18n::Lang};

fn drillsim(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_drillsim"))
        .args(args)
        .output()
        .expect("drillsim runs")
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("drillsim-exercise-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const COUNTY: &str = "scenarios/exercises/county-hq-quake-drill.ron";
const SMALL: &str = "scenarios/exercises/small-town-field-commander-drill.ron";
const FLOOD: &str = "scenarios/exercises/flood-info-sharing-drill.ron";

/// Writes `text` as an exercise in a scratch folder; it is checked with `--scenario`.
fn scratch_exercise(name: &str, text: &str) -> PathBuf {
    let path = temp(name).join("exercise.ron");
    std::fs::write(&path, text).unwrap();
    path
}

/// `file:line:col` of the first occurrence of `needle` in `text` (column in characters).
fn located(file: &Path, text: &str, needle: &str) -> String {
    let (line, found) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` is not in the exercise"));
    let col = found[..found.find(needle).unwrap()].chars().count() + 1;
    format!("{}:{}:{col}", file.display(), line + 1)
}

#[test]
fn the_shipped_exercises_check_against_the_scenarios_they_name() {
    for exercise in [COUNTY, SMALL, FLOOD] {
        let output = drillsim(&["check", exercise]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(
            stdout(&output).contains(&format!("ok: {exercise} (0 warning(s))")),
            "{exercise}: {}{}",
            stdout(&output),
            stderr(&output)
        );
    }
}

#[test]
fn an_exercise_is_checked_against_the_scenario_it_names_not_another() {
    // The small-town exercise names small-town.ron; checked against the county instead, its
    // seat is unknown. Without `--scenario` it checks clean.
    let output = drillsim(&["check", "--scenario", "scenarios/county-quake.ron", SMALL]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("no player role `tc-t1`"),
        "{}",
        stderr(&output)
    );
    let output = drillsim(&["check", SMALL]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // The flood exercise's seats are the county's departments: on the small town they are not.
    let output = drillsim(&["check", "--scenario", "scenarios/small-town.ron", FLOOD]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("no player role `dept-weather`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_broken_exercise_fails_with_every_error_located() {
    let text = std::fs::read_to_string(COUNTY).unwrap();
    let broken = text
        .replacen("dispatch * to county\"", "dispatch * to countyy\"", 1)
        .replacen("At(\"150m\")", "At(\"5h\")", 1)
        .replacen(
            "to: \"county-commander\",\n            zh: \"驻地",
            "to: \"army-hq\",\n            zh: \"驻地",
            1,
        );
    assert_eq!(
        broken.matches("countyy").count(),
        1,
        "the I02 pattern moved"
    );
    assert!(broken.contains("At(\"5h\")"), "I10 moved");
    assert!(broken.contains("army-hq"), "I09 moved");
    let path = scratch_exercise("broken", &broken);
    let output = drillsim(&[
        "check",
        "--scenario",
        "scenarios/county-quake.ron",
        path.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    let place = located(&path, &broken, "\"dispatch * to countyy\"");
    let time = located(&path, &broken, "At(\"5h\")");
    let seat = located(&path, &broken, "\"army-hq\"");
    for expected in [
        format!("error: {place}: injects["),
        "unknown place `countyy`".to_string(),
        format!("error: {time}: injects["),
        "after the exercise ends".to_string(),
        format!("error: {seat}: injects["),
        "no role `army-hq`".to_string(),
        "3 error(s)".to_string(),
    ] {
        assert!(message.contains(&expected), "{expected}:\n{message}");
    }
    assert!(message.starts_with("error: "), "{message}");
}

#[test]
fn after_chains_that_loop_or_end_past_the_exercise_are_errors() {
    let text = std::fs::read_to_string(SMALL).unwrap();
    // FC4 follows FC5 by 90 minutes: delivered at T+3:10 on a two-hour exercise; FC5 follows
    // FC4: a loop.
    let late = text.replacen(
        "trigger: At(\"80m\")",
        "trigger: After(inject: \"FC5\", delay: \"90m\")",
        1,
    );
    assert_ne!(late, text, "FC4 moved");
    let path = scratch_exercise("late", &late);
    let output = drillsim(&[
        "check",
        "--scenario",
        "scenarios/small-town.ron",
        path.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("by its `After` chain, after the exercise ends"),
        "{}",
        stderr(&output)
    );
    let looped = late.replacen(
        "trigger: At(\"100m\")",
        "trigger: After(inject: \"FC4\", delay: \"5m\")",
        1,
    );
    assert_ne!(looped, late, "FC5 moved");
    let path = scratch_exercise("loop", &looped);
    let output = drillsim(&[
        "check",
        "--scenario",
        "scenarios/small-town.ron",
        path.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(
        stderr(&output)
            .matches("`After` triggers form a loop")
            .count(),
        2,
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_contingency_nobody_sends_is_a_located_warning_and_a_non_contingency_target_an_error() {
    let text = std::fs::read_to_string(SMALL).unwrap();
    let orphan = text.replacen("on_missed: \"FC2C\",", "", 1);
    assert_ne!(orphan, text, "FC2's on_missed moved");
    let path = scratch_exercise("orphan", &orphan);
    let output = drillsim(&[
        "check",
        "--scenario",
        "scenarios/small-town.ron",
        path.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let at = located(&path, &orphan, "Contingency");
    assert!(
        stderr(&output).contains(&format!("warning: {at}: injects[")),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("`FC2C` is never delivered"),
        "{}",
        stderr(&output)
    );
    assert!(
        stdout(&output).contains("(1 warning(s))"),
        "{}",
        stdout(&output)
    );
    let wrong = text.replacen("on_missed: \"FC2C\",", "on_missed: \"FC3\",", 1);
    let path = scratch_exercise("wrong", &wrong);
    let output = drillsim(&[
        "check",
        "--scenario",
        "scenarios/small-town.ron",
        path.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("`FC3` is not a contingency inject"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_file_that_is_neither_a_scenario_nor_an_exercise_says_what_was_expected() {
    let path = scratch_exercise("neither", "Shopping(\n  at: \"30m\",\n)\n");
    let output = drillsim(&["check", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("is neither a scenario, a scenario part nor an exercise"),
        "{message}"
    );
    assert!(
        message.contains("Exercise(...)") && message.contains("Scenario(...)"),
        "{message}"
    );
    // A misspelt `Exercise` is read as an exercise: the parser names the word it expected.
    let text = std::fs::read_to_string(SMALL).unwrap();
    let path = scratch_exercise("misspelt", &text.replacen("Exercise(", "Excercise(", 1));
    let output = drillsim(&[
        "check",
        "--scenario",
        "scenarios/small-town.ron",
        path.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("Exercise(...)"),
        "{}",
        stderr(&output)
    );
    assert!(
        !stderr(&output).contains("is neither"),
        "{}",
        stderr(&output)
    );
}

fn drill_options(dir: &Path, scenario: &str, exercise: &str, lang: Lang) -> DrillOptions {
    DrillOptions {
        scenario: Some(scenario.into()),
        plan: None,
        seed: 1,
        role: "county-commander".into(),
        lang: Some(lang),
        journal: Some(dir.join(format!("{}.jsonl", lang.code()))),
        exercise: Some(exercise.into()),
        resume: None,
    }
}

#[test]
fn a_drill_warns_when_its_exercise_names_another_scenario() {
    let dir = temp("warn");
    let (prepared, _) = drill::prepare(&drill_options(
        &dir,
        "scenarios/small-town.ron",
        COUNTY,
        Lang::En,
    ))
    .unwrap();
    let named = prepared
        .exercise_scenario
        .as_deref()
        .expect("another scenario");
    assert!(named.ends_with("county-quake.ron"), "{}", named.display());
    let warning = other_scenario_warning(Lang::En, named, &prepared.header.scenario);
    assert!(
        warning.contains("county-quake.ron") && warning.contains("small-town.ron"),
        "{warning}"
    );
    assert!(
        warning.starts_with("note: this exercise is written for"),
        "{warning}"
    );
    let zh = other_scenario_warning(Lang::Zh, named, &prepared.header.scenario);
    assert!(
        zh.contains("本演练脚本是为") && zh.contains("county-quake.ron"),
        "{zh}"
    );
    // On the scenario it names, nothing to say.
    let (prepared, _) = drill::prepare(&drill_options(
        &dir,
        "scenarios/small-town.ron",
        SMALL,
        Lang::Zh,
    ))
    .unwrap();
    assert_eq!(prepared.exercise_scenario, None);
}

/// The minute each inject of `exercise` is delivered when `role` plays it on seed 1 and gives no
/// order, in file order (`None`: never delivered).
fn delivered(
    scenario: &str,
    exercise: &str,
    role: &str,
    minutes: u32,
) -> Vec<(String, Option<u32>)> {
    let mut engine = drill_support::engine(scenario, role, Lang::En, Some(exercise), None);
    drill_support::run(&mut engine, minutes);
    let m = engine.msel().unwrap();
    m.exercise
        .injects
        .iter()
        .zip(&m.injects)
        .map(|(inject, state)| {
            let at = match state.status {
                InjectStatus::Delivered(at) => Some(at),
                _ => None,
            };
            (inject.id.clone(), at)
        })
        .collect()
}

#[test]
fn the_county_exercise_tells_its_story_in_order() {
    let times = delivered(drill_support::COUNTY, COUNTY, "county-commander", 180);
    let at = |id: &str| times.iter().find(|(i, _)| i == id).unwrap().1;
    // The quake notice comes first; everything else (the contingency aside) after it, in the
    // order of the ids; the road report waits for the landslides (the 80th blocked link cut in the
    // tick of T+00:33, the report delivered at the next tick boundary).
    assert_eq!(at("I01"), Some(11), "{times:?}");
    let story: Vec<u32> = times
        .iter()
        .filter(|(id, _)| id != "I01C")
        .map(|(id, at)| at.unwrap_or_else(|| panic!("{id} was never delivered: {times:?}")))
        .collect();
    assert!(story.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    assert!(story[1] > 11, "{times:?}");
    assert_eq!(at("I04"), Some(34), "{times:?}");
    assert_eq!(at("I06"), Some(40), "{times:?}");
}

#[test]
fn the_field_commander_exercise_starts_with_the_village_call() {
    let times = delivered(drill_support::SMALL, SMALL, "tc-t1", 120);
    let at = |id: &str| times.iter().find(|(i, _)| i == id).unwrap().1;
    let first = at("FC1").unwrap();
    for (id, when) in &times {
        if let Some(when) = when
            && id != "FC1"
        {
            assert!(
                *when > first,
                "{id} at {when}, before the village's call: {times:?}"
            );
        }
    }
    assert_eq!(at("FC2"), Some(50), "{times:?}");
}

#[test]
fn the_flood_exercise_drills_the_four_seats_it_names() {
    let scenario = drill_support::load("scenarios/flood-season-compound.ron");
    let exercise = drill_support::exercise(FLOOD, &scenario);
    assert_eq!(
        exercise.players,
        ["hq-flood", "dept-weather", "dept-water", "tc-t12"]
    );
    for player in &exercise.players {
        assert!(
            exercise.injects.iter().any(|i| &i.to == player),
            "no inject reaches {player}"
        );
    }
    for objective in &exercise.objectives {
        assert!(!objective.zh.is_empty() && !objective.en.is_empty());
    }
}

#[test]
fn an_after_naming_an_unknown_inject_is_one_error_and_no_contingency_warning() {
    let text = std::fs::read_to_string(SMALL).unwrap();
    let broken = text.replacen(
        "trigger: At(\"100m\")",
        "trigger: After(inject: \"FC9\", delay: \"5m\")",
        1,
    );
    assert_ne!(broken, text, "FC5 moved");
    let scenario = drill_support::load(drill_support::SMALL);
    let found = drill::msel::check_str(&broken, "x.ron", &scenario);
    let text = found.to_string();
    assert_eq!(found.error_count(), 1, "{text}");
    assert!(text.contains("unknown inject `FC9`"), "{text}");
    assert!(!text.contains("never delivered"), "{text}");
}
