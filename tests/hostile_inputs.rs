//! Hostile scenarios in the normal test suite: the shipped scenarios, cut, duplicated, spliced
//! and given extreme numbers and strings, are refused with diagnostics or — if they validate —
//! run for a few simulated hours with every KPI finite and consistent, population conserved and
//! the JSON, event log and summary free of NaN and infinity (`hostile_support::check_sim`).
//!
//! `tests/loader_never_panics.rs` feeds arbitrary text and small random edits to the loader;
//! this file aims at values that parse but lie at the edges (0, -1, 1e308, NaN, 2^32, huge
//! strings), runs what passes, and reaches included parts through a copy of the scenario folder.
//! The fuzz targets under `fuzz/` (docs/fuzzing.md) check the same things without a time limit.

mod drill_support;
mod hostile_support;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use drillsim::scenario::{self, Loaded};
use drillsim::sim::{RunSeed, Sim};
use hostile_support::{check_kpis, check_sim, non_finite_word, run_and_check};
use proptest::prelude::*;

/// The shipped scenarios written in one file (no includes).
const INLINE: [(&str, &str); 3] = [
    (
        "small-town.ron",
        include_str!("../scenarios/small-town.ron"),
    ),
    (
        "forest-fire.ron",
        include_str!("../scenarios/forest-fire.ron"),
    ),
    (
        "riverside-flood.ron",
        include_str!("../scenarios/riverside-flood.ron"),
    ),
];

/// Numbers that parse somewhere and break things elsewhere.
const NUMBERS: [&str; 20] = [
    "0",
    "-1",
    "-0.0",
    "0.0000001",
    "1e308",
    "-1e308",
    "1e-308",
    "NaN",
    "inf",
    "-inf",
    "2147483648",
    "4294967295",
    "4294967296",
    "9007199254740993",
    "18446744073709551616",
    "99999999999999999999",
    "1e9",
    "0x7fffffff",
    "1_000_000",
    "3.",
];

/// Numbers at the edge of what makes sense, more often accepted: they reach the simulation.
const EDGES: [&str; 10] = [
    "0", "1", "0.0", "1.0", "0.001", "0.999", "2", "65535", "100000", "1000000",
];

/// Strings that stand in for ids, names, durations and times of day.
fn strings() -> Vec<String> {
    vec![
        String::new(),
        " ".into(),
        "x".repeat(100_000),
        "青山镇\u{202e}\u{200b}".into(),
        "\\u{0}".into(),
        "../../../etc/passwd".into(),
        "0m".into(),
        "-5m".into(),
        "99999d".into(),
        "4294967296m".into(),
        "1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d".into(),
        "24:00".into(),
        "23:59".into(),
        "99:99".into(),
        "county".into(),
        "t1".into(),
        "v1".into(),
    ]
}

/// Byte offsets of the number literals in RON text: outside strings and comments, not part of a
/// word (so `t1` and `#![enable]` are left alone). Each is (start, end).
fn numbers_in(text: &str) -> Vec<(usize, usize)> {
    tokens_in(text).0
}

/// Byte ranges of the contents of the string literals in RON text.
fn strings_in(text: &str) -> Vec<(usize, usize)> {
    tokens_in(text).1
}

/// Byte ranges in a text.
type Ranges = Vec<(usize, usize)>;

fn tokens_in(text: &str) -> (Ranges, Ranges) {
    let bytes = text.as_bytes();
    let (mut numbers, mut strings) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                strings.push((start, i.min(bytes.len())));
                i += 1;
            }
            b'0'..=b'9' | b'-' => {
                let word_before =
                    i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
                let digit_next =
                    bytes[i].is_ascii_digit() || bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
                let start = i;
                i += 1;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric()
                        || matches!(bytes[i], b'.' | b'_' | b'+' | b'-'))
                {
                    i += 1;
                }
                if !word_before && digit_next {
                    numbers.push((start, i));
                }
            }
            b if b.is_ascii_alphabetic() || b == b'_' => {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    (numbers, strings)
}

/// One change to a scenario's text.
#[derive(Debug, Clone)]
enum Mutation {
    /// Delete a byte range (widened to whole characters).
    Delete { at: prop::sample::Index, len: usize },
    /// Copy a range and insert it elsewhere: duplicated entries, ids, parts.
    Duplicate {
        from: prop::sample::Index,
        len: usize,
        to: prop::sample::Index,
    },
    /// Replace a range with a range from elsewhere in the file.
    Splice {
        at: prop::sample::Index,
        len: usize,
        from: prop::sample::Index,
    },
    /// Replace a number with an extreme one (`value` < `NUMBERS.len()`) or an edge one.
    Number {
        which: prop::sample::Index,
        value: usize,
    },
    /// Replace a string's contents.
    Text {
        which: prop::sample::Index,
        value: usize,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let index = any::<prop::sample::Index>;
    prop_oneof![
        1 => (index(), 1usize..200).prop_map(|(at, len)| Mutation::Delete { at, len }),
        1 => (index(), 1usize..400, index()).prop_map(|(from, len, to)| Mutation::Duplicate {
            from,
            len,
            to
        }),
        1 => (index(), 1usize..200, index()).prop_map(|(at, len, from)| Mutation::Splice {
            at,
            len,
            from
        }),
        3 => (index(), 0usize..NUMBERS.len() + EDGES.len())
            .prop_map(|(which, value)| Mutation::Number { which, value }),
        2 => (index(), 0usize..64).prop_map(|(which, value)| Mutation::Text { which, value }),
    ]
}

/// The character boundary at or before `at`.
fn floor(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The range `at..at+len` of `text`, on character boundaries.
fn range(text: &str, at: &prop::sample::Index, len: usize) -> (usize, usize) {
    let start = floor(text, at.index(text.len().max(1)));
    (start, floor(text, start + len))
}

fn apply(text: &mut String, mutation: &Mutation) {
    match mutation {
        Mutation::Delete { at, len } => {
            let (start, end) = range(text, at, *len);
            text.replace_range(start..end, "");
        }
        Mutation::Duplicate { from, len, to } => {
            let (start, end) = range(text, from, *len);
            let copy = text[start..end].to_string();
            let to = floor(text, to.index(text.len().max(1)));
            text.insert_str(to, &copy);
        }
        Mutation::Splice { at, len, from } => {
            let (start, end) = range(text, at, *len);
            let (from_start, from_end) = range(text, from, *len);
            let copy = text[from_start..from_end].to_string();
            text.replace_range(start..end, &copy);
        }
        Mutation::Number { which, value } => {
            let numbers = numbers_in(text);
            if !numbers.is_empty() {
                let (start, end) = numbers[which.index(numbers.len())];
                let number = NUMBERS
                    .get(*value)
                    .unwrap_or_else(|| &EDGES[value - NUMBERS.len()]);
                text.replace_range(start..end, number);
            }
        }
        Mutation::Text { which, value } => {
            let found = strings_in(text);
            if !found.is_empty() {
                let (start, end) = found[which.index(found.len())];
                let choices = strings();
                let replacement = match choices.get(*value) {
                    Some(s) => s.clone(),
                    // Otherwise another string of the same file: duplicate ids, a name where
                    // an id belongs, a duration where a time of day belongs.
                    None => {
                        let (a, b) = found[*value % found.len()];
                        text[a..b].to_string()
                    }
                };
                text.replace_range(start..end, &replacement);
            }
        }
    }
}

/// How long a run that validates is simulated, in minutes.
const RUN_MINUTES: u32 = 4 * 60;

/// Loads `text`; refused text must say why, accepted text must run and pass every check.
fn load_and_run(loaded: Result<Loaded, scenario::Diagnostics>, seed: u64, minutes: u32) -> bool {
    match loaded {
        Ok(loaded) => {
            assert!(!loaded.scenario.region.places.is_empty());
            let mut sim = Sim::new(loaded.scenario, RunSeed::new(seed));
            run_and_check(&mut sim, minutes);
            true
        }
        Err(diagnostics) => {
            assert!(diagnostics.has_errors(), "an invalid scenario must say why");
            let shown = diagnostics.to_string();
            assert!(!shown.is_empty());
            false
        }
    }
}

/// A private copy of `scenarios/county`, `scenarios/plans` and the county roots, so a mutated
/// part is read through the real include path. Removed when dropped.
struct ScenarioCopy {
    root: PathBuf,
}

impl ScenarioCopy {
    fn new() -> ScenarioCopy {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let root = std::env::temp_dir().join(format!(
            "drillsim-hostile-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        for folder in ["county", "plans"] {
            std::fs::create_dir_all(root.join(folder)).unwrap();
            for entry in std::fs::read_dir(Path::new("scenarios").join(folder)).unwrap() {
                let path = entry.unwrap().path();
                std::fs::copy(&path, root.join(folder).join(path.file_name().unwrap())).unwrap();
            }
        }
        for file in ["county-quake.ron", "flood-season-compound.ron"] {
            std::fs::copy(Path::new("scenarios").join(file), root.join(file)).unwrap();
        }
        ScenarioCopy { root }
    }
}

impl Drop for ScenarioCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The county files small enough to mutate and whose scenario runs each: (part, root).
const COUNTY_PARTS: [(&str, &str); 6] = [
    ("county-quake.ron", "county-quake.ron"),
    ("county/hazards-quake.ron", "county-quake.ron"),
    ("plans/county-default.ron", "county-quake.ron"),
    ("flood-season-compound.ron", "flood-season-compound.ron"),
    (
        "county/hazards-flood-season.ron",
        "flood-season-compound.ron",
    ),
    ("plans/county-flood-season.ron", "flood-season-compound.ron"),
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    #[test]
    fn mutated_inline_scenarios_are_refused_or_run_cleanly(
        which in 0usize..INLINE.len(),
        mutations in proptest::collection::vec(mutation(), 1..3),
        seed in 0u64..1000,
    ) {
        let (name, original) = INLINE[which];
        let mut text = original.to_string();
        for m in &mutations {
            apply(&mut text, m);
        }
        load_and_run(scenario::load_str(&text, name), seed, RUN_MINUTES);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, .. ProptestConfig::default() })]

    #[test]
    fn mutated_included_parts_are_refused_or_run_cleanly(
        which in 0usize..COUNTY_PARTS.len(),
        mutations in proptest::collection::vec(mutation(), 1..3),
    ) {
        let (part, root) = COUNTY_PARTS[which];
        let copy = ScenarioCopy::new();
        let path = copy.root.join(part);
        let mut text = std::fs::read_to_string(&path).unwrap();
        for m in &mutations {
            apply(&mut text, m);
        }
        std::fs::write(&path, &text).unwrap();
        // The part alone, as `drillsim check part.ron` reads it: says why or nothing.
        let _ = scenario::check_file(&path).to_string();
        // The county is large: three hours are enough to reach every system.
        load_and_run(scenario::load(&copy.root.join(root), None), 1, 3 * 60);
    }
}

/// Every number of the small town, one at a time, replaced by each extreme value: each
/// replacement is refused, or the scenario runs two hours cleanly.
#[test]
fn every_number_of_the_small_town_at_every_extreme_is_refused_or_runs_cleanly() {
    let original = INLINE[0].1;
    let numbers = numbers_in(original);
    assert!(numbers.len() > 50, "found {} numbers", numbers.len());
    let mut accepted = Vec::new();
    for &(start, end) in &numbers {
        for value in NUMBERS {
            let mut text = original.to_string();
            text.replace_range(start..end, value);
            if let Ok(loaded) = scenario::load_str(&text, "small-town.ron") {
                accepted.push((start, value, loaded));
            }
        }
    }
    // Running is the slow part: every accepted extreme of a number, but only the first of
    // the many harmless ones (0 where 0 is fine), for two hours.
    let mut run = 0;
    let mut seen = std::collections::BTreeSet::new();
    for (start, value, loaded) in accepted {
        if !seen.insert(start) && matches!(value, "0" | "-0.0" | "0.0000001" | "3.") {
            continue;
        }
        let line = original[..start].lines().count();
        let mut sim = Sim::new(loaded.scenario, RunSeed::new(1));
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run_and_check(&mut sim, 2 * 60)
        }));
        assert!(
            result.is_ok(),
            "small-town.ron line {line}: the number replaced by {value} validates but breaks the run"
        );
        run += 1;
    }
    assert!(run > 0, "some extreme value must validate");
}

/// The checks themselves catch what they exist for.
#[test]
fn the_checks_catch_non_finite_numbers_and_broken_sums() {
    assert_eq!(non_finite_word("(a: NaN, b: \"NaN\")"), Some("NaN"));
    assert_eq!(non_finite_word("(a: -inf)"), Some("inf"));
    assert_eq!(
        non_finite_word("(a: 1.0, name: \"inf NaN\", info: 2)"),
        None
    );
    assert_eq!(
        non_finite_word(&ron::to_string(&f64::NAN).unwrap()),
        Some("NaN")
    );
    let broken = drillsim::sim::Kpis {
        rescued_alive: Some(3.0),
        rescued_by_teams: Some(1.0),
        rescued_by_locals: Some(1.0),
        ..Default::default()
    };
    let caught = std::panic::catch_unwind(|| check_kpis(&broken, 100));
    assert!(caught.is_err(), "rescued alive ≠ by teams + by neighbours");
    let nan = drillsim::sim::Kpis {
        relief_within_4h: Some(f64::NAN),
        ..Default::default()
    };
    assert!(std::panic::catch_unwind(|| check_kpis(&nan, 100)).is_err());
}

/// Every shipped inline scenario passes the checks unchanged (so a failure above is the
/// mutation's doing).
#[test]
fn the_shipped_inline_scenarios_pass_the_checks() {
    for (name, text) in INLINE {
        let loaded = scenario::load_str(text, name).unwrap_or_else(|d| panic!("{name}:\n{d}"));
        let mut sim = Sim::new(loaded.scenario, RunSeed::new(1));
        run_and_check(&mut sim, RUN_MINUTES);
        check_sim(&mut sim);
    }
}

/// The shipped top-level scenarios (each with its parts).
const SHIPPED: [&str; 7] = [
    "scenarios/small-town.ron",
    "scenarios/county-quake.ron",
    "scenarios/flood-season-compound.ron",
    "scenarios/forest-fire.ron",
    "scenarios/prefecture-quake.ron",
    "scenarios/reservoir-county.ron",
    "scenarios/riverside-flood.ron",
];

/// Every kind of seat `drillsim seats` lists, by its id, and every other name `--role` takes,
/// can be played on every shipped scenario: the drill starts, runs, draws every pane at 80×24 in both
/// languages and takes an order without a panic.
#[test]
fn every_seat_of_every_shipped_scenario_can_be_played() {
    use drillsim::drill::engine::{Engine, Setup, drill_scenario};
    use drillsim::drill::i18n::Lang;
    use drillsim::drill::line::Command;
    use ratatui::crossterm::event::KeyCode;
    for path in SHIPPED {
        let original = drill_support::load(path);
        // One seat of each kind by id (a county has dozens of villages), and every alias.
        let mut names: Vec<String> = Vec::new();
        let mut kinds: Vec<String> = Vec::new();
        for seat in drillsim::sim::command::seats(&original) {
            if !kinds.contains(&seat.kind) {
                kinds.push(seat.kind.clone());
                names.push(seat.id.clone());
            }
            names.extend(seat.aliases.iter().map(|a| a.to_string()));
        }
        for (n, name) in names.iter().enumerate() {
            let lang = if n % 2 == 0 { Lang::Zh } else { Lang::En };
            let setup = Setup {
                scenario: std::sync::Arc::new(drill_scenario(original.clone(), name)),
                seed: 1,
                role: name.clone(),
                lang,
                exercise: None,
            };
            let mut engine = Engine::new(setup, None)
                .unwrap_or_else(|e| panic!("{path}: --role {name} refused: {e}"));
            drill_support::run(&mut engine, 2);
            engine.handle(Command::Order("declare level IV".into()));
            engine.handle(Command::Order("share county-hq incidents".into()));
            drill_support::run(&mut engine, 1);
            let mut app = drill_support::app(&mut engine);
            for pane in ['1', '2', '3', '4', '5', '6'] {
                drill_support::keys(&mut app, &mut engine, &[KeyCode::Char(pane)]);
                let text = drill_support::screen(&mut app, 80, 24);
                assert!(
                    !text.trim().is_empty(),
                    "{path} {name}: pane {pane} is blank"
                );
            }
        }
    }
}

/// The evaluator `drillsim seats` lists is a seat: it sees the controller's screens, rates and
/// notes, and its orders and injects are refused (nothing journaled, nothing given).
#[test]
fn the_evaluator_rates_and_notes_and_gives_no_orders() {
    use drillsim::drill::i18n::Lang;
    use drillsim::drill::journal::EntryKind;
    use drillsim::drill::line::Command;
    let mut engine = drill_support::engine(
        drill_support::SMALL,
        "evaluator",
        Lang::En,
        Some(drill_support::FIELD_EXERCISE),
        None,
    );
    drill_support::run(&mut engine, 10);
    engine.handle(Command::Order("declare level I".into()));
    engine.handle(Command::Inject {
        to: "tc-t1".into(),
        text: "hello".into(),
    });
    engine.handle(Command::Rate {
        objective: "F1".into(),
        rating: "P".into(),
        note: "on time".into(),
    });
    let inputs: Vec<&EntryKind> = engine
        .entries
        .iter()
        .map(|e| &e.kind)
        .filter(|k| k.is_input() || matches!(k, EntryKind::Rating { .. }))
        .collect();
    assert!(
        matches!(inputs.as_slice(), [EntryKind::Rating { .. }]),
        "{inputs:?}"
    );
    let given = engine.sim().events().iter().any(|e| {
        matches!(&e.kind, drillsim::sim::EventKind::LevelDeclared { source, .. }
            if *source == "evaluator")
    });
    assert!(!given, "the evaluator's order reached the simulation");
    let snapshot = engine.snapshot();
    assert!(!snapshot.feedback.unwrap().text.is_empty());
    let mut app = drill_support::app(&mut engine);
    let text = drill_support::screen(&mut app, 200, 60);
    assert!(text.contains("评估 (evaluator)"), "{text}");
}

fn drillsim(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_drillsim"))
        .args(args)
        .output()
        .expect("drillsim runs")
}

/// A scratch folder for one test, emptied first.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("drillsim-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `out` failed as bad input should: exit status 2, an `error:` line on stderr, no panic.
fn refused_as_input(out: &std::process::Output, what: &str) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{what}: {stderr}");
    assert!(stderr.starts_with("error:"), "{what}: {stderr}");
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    stderr
}

const FIELD_EXERCISE: &str =
    include_str!("../scenarios/exercises/small-town-field-commander-drill.ron");

/// `drillsim check` on hostile exercise files: no `scenario:` field, a scenario that is missing,
/// a folder, `/dev/zero`, the exercise itself or garbage, and garbage or truncated exercises —
/// each one clear error (a scenario that cannot be read, or is no scenario, said to be so), exit status 2.
#[test]
fn drillsim_check_refuses_hostile_exercise_files_with_one_clear_error() {
    let dir = scratch("check");
    std::fs::create_dir_all(dir.join("a-folder")).unwrap();
    std::fs::write(dir.join("garbage.ron"), [0xff, 0xfe, 0x00, 0x41, 0x80]).unwrap();
    let named = |scenario: &str| {
        let named = regex_lite_replace(FIELD_EXERCISE, scenario);
        assert_ne!(named, FIELD_EXERCISE);
        named
    };
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "no-scenario.ron",
            FIELD_EXERCISE
                .lines()
                .filter(|l| !l.trim_start().starts_with("scenario:"))
                .collect::<Vec<_>>()
                .join("\n"),
            "give `--scenario FILE`",
        ),
        (
            "missing.ron",
            named("\"nowhere.ron\""),
            "nowhere.ron: cannot read",
        ),
        (
            "folder.ron",
            named("\"a-folder\""),
            "a-folder: is a directory",
        ),
        ("zero.ron", named("\"/dev/zero\""), "/dev/zero: is a device"),
        (
            "itself.ron",
            named("\"itself.ron\""),
            "itself.ron: is not a drillsim scenario",
        ),
        (
            "garbage-scenario.ron",
            named("\"garbage.ron\""),
            "garbage.ron: is not UTF-8",
        ),
        (
            "truncated.ron",
            FIELD_EXERCISE[..FIELD_EXERCISE.len() / 2].to_string(),
            ":",
        ),
        ("empty.ron", String::new(), "neither a scenario"),
        ("scenario-number.ron", named("5"), "Expected string"),
    ];
    for (name, text, needle) in &cases {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let out = drillsim(&["check", path.to_str().unwrap()]);
        let stderr = refused_as_input(&out, name);
        assert!(stderr.contains(needle), "{name}: {stderr}");
    }
    let out = drillsim(&["check", dir.join("garbage.ron").to_str().unwrap()]);
    refused_as_input(&out, "garbage");
    // `--scenario` that is no scenario.
    let exercise = dir.join("no-scenario.ron");
    for scenario in [
        "/dev/null",
        "/dev/zero",
        dir.join("a-folder").to_str().unwrap(),
    ] {
        let out = drillsim(&["check", exercise.to_str().unwrap(), "--scenario", scenario]);
        refused_as_input(&out, scenario);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The exercise with its `scenario:` value replaced.
fn regex_lite_replace(text: &str, value: &str) -> String {
    let start = text
        .find("scenario:")
        .expect("the exercise names its scenario")
        + "scenario:".len();
    let end = start + text[start..].find(',').unwrap();
    format!("{} {value}{}", &text[..start], &text[end..])
}

/// `drillsim seats` on every shipped scenario lists the controller, the evaluator and a county HQ;
/// on a scenario without an organisation, the lone county HQ; on garbage, missing files and
/// folders, one error with exit status 2.
#[test]
fn drillsim_seats_on_every_shipped_scenario_and_on_hostile_files() {
    for path in SHIPPED {
        for lang in ["zh", "en"] {
            let out = drillsim(&["seats", path, "--lang", lang]);
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "{path}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            for seat in ["controller", "evaluator"] {
                assert!(stdout.contains(seat), "{path}: {stdout}");
            }
        }
        let out = drillsim(&["seats", path, "--json"]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(json.as_array().is_some_and(|a| a.len() >= 3), "{path}");
    }
    let dir = scratch("seats");
    let start = SMALL_TOWN_TEXT.find("    organisation: (").unwrap();
    let end = start + SMALL_TOWN_TEXT[start..].find("\n    ),\n").unwrap() + "\n    ),\n".len();
    let lone = format!("{}{}", &SMALL_TOWN_TEXT[..start], &SMALL_TOWN_TEXT[end..]);
    assert_ne!(lone, SMALL_TOWN_TEXT);
    std::fs::write(dir.join("lone.ron"), lone).unwrap();
    let out = drillsim(&["seats", dir.join("lone.ron").to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("county-hq"), "{stdout}");
    std::fs::write(dir.join("garbage.ron"), [0xff, 0x00, 0x80]).unwrap();
    std::fs::create_dir_all(dir.join("folder.ron")).unwrap();
    for bad in ["garbage.ron", "folder.ron", "missing.ron"] {
        let out = drillsim(&["seats", dir.join(bad).to_str().unwrap()]);
        refused_as_input(&out, bad);
    }
    let out = drillsim(&["seats", "/dev/zero"]);
    refused_as_input(&out, "/dev/zero");
    let _ = std::fs::remove_dir_all(&dir);
}

const SMALL_TOWN_TEXT: &str = include_str!("../scenarios/small-town.ron");
