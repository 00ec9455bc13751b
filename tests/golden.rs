//! Golden outputs: every shipped scenario's `run --json` and event log for two seeds, and the
//! small-town field-commander drill replayed from a committed journal, regenerated in-process
//! through the command line's own code (`cli::execute`) and compared byte for byte with the
//! files under `tests/golden/`. A refactoring that means to change no result must leave every
//! one of them identical; a change that is meant to move results regenerates them with
//!
//! ```sh
//! DRILLSIM_BLESS=1 cargo test --test golden
//! ```
//!
//! and the diff of `tests/golden/` shows what moved. `tests/golden/README.md` says what each
//! file is, why the large event logs are kept as digests, and when to re-record the journal
//! (`DRILLSIM_BLESS=journal`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use clap::Parser;
use drillsim::cli::{Cli, execute};
use drillsim::drill::{self, journal, line::Command};

/// Where the committed goldens live, relative to the package root (the working folder of
/// integration tests, so the paths inside the outputs read the same as from the command line).
const GOLDEN: &str = "tests/golden";

/// The committed drill journal; its header names the scenario and exercise relative to itself.
const JOURNAL: &str = "tests/golden/drill/small-town-field-commander.jsonl";

/// The shape of a [`digest`]: a SHA-256 per this many lines, and this many lines in full at
/// each end.
const LINES_PER_CHUNK: usize = 1000;
const HEAD_TAIL_LINES: usize = 50;

/// What `DRILLSIM_BLESS` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bless {
    /// Compare only (the default).
    No,
    /// Rewrite every golden output from this build.
    Outputs,
    /// Re-record the drill journal from [`drill_script`]; outputs are still compared.
    Journal,
}

fn bless() -> Bless {
    match std::env::var("DRILLSIM_BLESS").as_deref() {
        Err(_) | Ok("") | Ok("0") => Bless::No,
        Ok("1") => Bless::Outputs,
        Ok("journal") => Bless::Journal,
        Ok(other) => panic!(
            "DRILLSIM_BLESS={other:?} is not understood: use 1 (rewrite the golden outputs) or \
             journal (re-record tests/golden/drill's journal); see tests/golden/README.md"
        ),
    }
}

/// Where the regenerated outputs are kept, for a diff when a comparison fails.
fn actual_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("golden-actual")
}

fn actual_path(relative: &str) -> PathBuf {
    let path = actual_dir().join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    path
}

fn shorten(line: &str) -> String {
    const MAX: usize = 300;
    match line.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_string(),
    }
}

/// The first line where `expected` and `actual` differ, described for a person.
fn first_difference(expected: &[u8], actual: &[u8]) -> String {
    let expected = String::from_utf8_lossy(expected);
    let actual = String::from_utf8_lossy(actual);
    let mut e = expected.split_inclusive('\n');
    let mut a = actual.split_inclusive('\n');
    let mut number = 0;
    loop {
        number += 1;
        match (e.next(), a.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (Some(x), Some(y)) => {
                return format!(
                    "first difference at line {number}:\n  expected: {}\n  actual:   {}",
                    shorten(x.trim_end_matches('\n')),
                    shorten(y.trim_end_matches('\n'))
                );
            }
            (Some(x), None) => {
                return format!(
                    "the output ends before line {number}; expected: {}",
                    shorten(x.trim_end_matches('\n'))
                );
            }
            (None, Some(y)) => {
                return format!(
                    "the output goes on after the golden's last line; line {number}: {}",
                    shorten(y.trim_end_matches('\n'))
                );
            }
            (None, None) => return "the bytes differ but no line does".into(),
        }
    }
}

/// Compares `actual` with the golden file `relative` (under [`GOLDEN`]) byte for byte, or
/// rewrites the golden when blessing outputs. `how` says how the output is made from the
/// command line, for whoever reads a failure.
fn check_golden(relative: &str, actual: &[u8], how: &str) {
    let golden = Path::new(GOLDEN).join(relative);
    if bless() == Bless::Outputs {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(&golden, actual).unwrap();
        return;
    }
    let kept = actual_path(relative);
    std::fs::write(&kept, actual).unwrap();
    let expected = std::fs::read(&golden).unwrap_or_else(|e| {
        panic!(
            "{}: cannot read the golden file ({e}); if it is new, write it with \
             `DRILLSIM_BLESS=1 cargo test --test golden`",
            golden.display()
        )
    });
    if expected != actual {
        panic!(
            "{} differs from what this build produces ({how}).\n{}\nThe output is kept at {}.\n\
             If the change is meant to move results, run `DRILLSIM_BLESS=1 cargo test --test \
             golden` and commit the new goldens with it; otherwise the change altered results.",
            golden.display(),
            first_difference(&expected, actual),
            kept.display()
        );
    }
}

/// A compact stand-in for an event log too large to commit: its first and last lines, the
/// SHA-256 of each run of [`LINES_PER_CHUNK`] lines, and the line count, byte count and SHA-256
/// of the whole. Totals come last so that a comparison's first differing line says where the
/// log changed.
fn digest(bytes: &[u8], how: &str) -> String {
    let text = std::str::from_utf8(bytes).expect("event logs are UTF-8");
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# drillsim golden digest of an event log too large to commit (tests/golden/README.md)."
    );
    let _ = writeln!(out, "# The whole log: {how}");
    let _ = writeln!(out, "first {HEAD_TAIL_LINES} lines:");
    for line in lines.iter().take(HEAD_TAIL_LINES) {
        out.push_str(line);
    }
    let _ = writeln!(out, "sha256 of every {LINES_PER_CHUNK} lines:");
    for (i, chunk) in lines.chunks(LINES_PER_CHUNK).enumerate() {
        let first = i * LINES_PER_CHUNK + 1;
        let _ = writeln!(
            out,
            "lines {first}-{} {}",
            first + chunk.len() - 1,
            journal::sha256_hex(chunk.concat().as_bytes())
        );
    }
    let _ = writeln!(out, "last {HEAD_TAIL_LINES} lines:");
    for line in lines
        .iter()
        .skip(lines.len().saturating_sub(HEAD_TAIL_LINES))
    {
        out.push_str(line);
    }
    let _ = writeln!(
        out,
        "total: {} lines, {} bytes, sha256 {}",
        lines.len(),
        bytes.len(),
        journal::sha256_hex(bytes)
    );
    out
}

/// Whether a scenario's event log is committed in full or as a [`digest`].
#[derive(Debug, Clone, Copy)]
enum EventLog {
    /// Small enough to commit (tens of kilobytes).
    Full,
    /// Megabytes per seed: committed as a digest.
    Digest,
}

/// Runs `drillsim run SCENARIO --seed SEED --json --events FILE` in-process and checks both
/// outputs against their goldens.
fn check_run(scenario: &str, seed: u64, log: EventLog) {
    let name = format!("{scenario}.seed-{seed}");
    let events = actual_path(&format!("runs/{name}.events.full.jsonl"));
    let _ = std::fs::remove_file(&events);
    let path = format!("scenarios/{scenario}.ron");
    let seed_text = seed.to_string();
    let cli = Cli::try_parse_from([
        "drillsim",
        "run",
        path.as_str(),
        "--seed",
        seed_text.as_str(),
        "--json",
        "--events",
        events.to_str().unwrap(),
    ])
    .unwrap();
    let mut json = Vec::new();
    if let Err(e) = execute(cli.command, &mut json) {
        panic!("drillsim run {path} --seed {seed} failed: {e:?}");
    }
    let how = format!("drillsim run {path} --seed {seed} --json --events FILE");
    check_golden(&format!("runs/{name}.json"), &json, &how);
    let events_path = events;
    let events = std::fs::read(&events_path).unwrap();
    match log {
        EventLog::Full => check_golden(&format!("runs/{name}.events.jsonl"), &events, &how),
        EventLog::Digest => check_golden(
            &format!("runs/{name}.events.digest"),
            digest(&events, &how).as_bytes(),
            &format!(
                "{how}; the digest's first differing line says where the log changed, and the \
                 whole log this build wrote is at {}",
                events_path.display()
            ),
        ),
    }
}

macro_rules! golden_runs {
    ($($test:ident: $scenario:literal, seed $seed:literal, $log:ident;)*) => {
        $(
            #[test]
            fn $test() {
                check_run($scenario, $seed, EventLog::$log);
            }
        )*
        /// Every (scenario, seed) with golden runs.
        const RUNS: &[(&str, u64)] = &[$(($scenario, $seed)),*];
    };
}

golden_runs! {
    small_town_seed_1_runs_as_committed: "small-town", seed 1, Full;
    small_town_seed_7_runs_as_committed: "small-town", seed 7, Full;
    forest_fire_seed_1_runs_as_committed: "forest-fire", seed 1, Full;
    forest_fire_seed_7_runs_as_committed: "forest-fire", seed 7, Full;
    riverside_flood_seed_1_runs_as_committed: "riverside-flood", seed 1, Full;
    riverside_flood_seed_7_runs_as_committed: "riverside-flood", seed 7, Full;
    reservoir_county_seed_1_runs_as_committed: "reservoir-county", seed 1, Full;
    reservoir_county_seed_7_runs_as_committed: "reservoir-county", seed 7, Full;
    county_quake_seed_1_runs_as_committed: "county-quake", seed 1, Digest;
    county_quake_seed_7_runs_as_committed: "county-quake", seed 7, Digest;
    flood_season_compound_seed_1_runs_as_committed: "flood-season-compound", seed 1, Digest;
    flood_season_compound_seed_7_runs_as_committed: "flood-season-compound", seed 7, Digest;
    prefecture_quake_seed_1_runs_as_committed: "prefecture-quake", seed 1, Digest;
    prefecture_quake_seed_7_runs_as_committed: "prefecture-quake", seed 7, Digest;
    two_county_quake_seed_1_runs_as_committed: "two-county-quake", seed 1, Digest;
    two_county_quake_seed_7_runs_as_committed: "two-county-quake", seed 7, Digest;
}

/// Every shipped scenario has golden runs for two seeds: a new scenario needs lines in
/// `golden_runs!`. Only the top level of `scenarios/` counts: the hindcasts in
/// `scenarios/hindcast/` are meant to move with the models, and their record is the comparison
/// table of docs/calibration.md (`scenarios/tools/hindcast.py`), not a golden run.
#[test]
fn every_shipped_scenario_has_golden_runs() {
    let shipped: Vec<String> = std::fs::read_dir("scenarios")
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "ron"))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(shipped.len() >= 6, "scenarios/ lists {shipped:?}");
    for scenario in &shipped {
        let seeds = RUNS.iter().filter(|(s, _)| s == scenario).count();
        assert!(
            seeds >= 2,
            "scenarios/{scenario}.ron has golden runs for {seeds} seed(s): give it two lines in \
             golden_runs! (tests/golden.rs), then write them with `DRILLSIM_BLESS=1 cargo test \
             --test golden`"
        );
    }
}

/// The drill the journal records: the controller on the small town with the field-commander
/// exercise, giving orders (one the exercise expects), an ad-hoc inject, a re-timed inject, a
/// rating, a note and two speed changes. (minute, command)
fn drill_script() -> Vec<(u32, Command)> {
    vec![
        (0, Command::Speed(60)),
        (10, Command::Order("declare level III".into())),
        (18, Command::Order("priority v1 10".into())),
        (25, Command::Order("dispatch fire-county to v4".into())),
        (
            30,
            Command::Inject {
                to: "tc-t1".into(),
                text: "县气象局：今晚有中到大雨，注意次生灾害。Weather office: moderate to heavy rain tonight; watch for secondary hazards.".into(),
            },
        ),
        (
            35,
            Command::Retime {
                id: "FC4".into(),
                at: 75,
            },
        ),
        (
            55,
            Command::Order("field-post v1 commander fire-town".into()),
        ),
        (
            60,
            Command::Rate {
                objective: "F1".into(),
                rating: "S".into(),
                note: "post set up after the prompt".into(),
            },
        ),
        (
            60,
            Command::Note("volunteers still digging at v1".into()),
        ),
        (70, Command::Speed(600)),
        (90, Command::Order("recall volunteers".into())),
    ]
}

/// The journal's header: files named relative to the journal's folder (`drill::resolve` looks
/// beside the journal), so it replays from a fresh clone in any folder.
fn journal_header() -> journal::Header {
    journal::Header {
        journal: "drillsim-drill".into(),
        format: journal::FORMAT,
        marker: drill::MARKER.into(),
        version: env!("CARGO_PKG_VERSION").into(),
        scenario: "../../../scenarios/small-town.ron".into(),
        plan: None,
        seed: 1,
        role: "controller".into(),
        lang: "zh".into(),
        exercise: Some("../../../scenarios/exercises/small-town-field-commander-drill.ron".into()),
        scenario_sha256: None,
        exercise_sha256: None,
    }
}

/// Plays [`drill_script`] to minute 120 (the exercise's end), as a drill does, journaling to
/// `dest`; the header's files are found beside the committed journal.
fn record_journal(dest: &Path) {
    let _ = std::fs::remove_file(dest);
    let mut header = journal_header();
    let mut prepared = drill::engine_for(&header, Some(Path::new(JOURNAL)), None)
        .unwrap_or_else(|e| panic!("the golden drill does not load: {e}"));
    header.scenario_sha256 = Some(prepared.scenario_sha256.clone());
    header.exercise_sha256 = prepared.exercise_sha256.clone();
    let journal = journal::Journal::create(dest, &header).unwrap();
    prepared.engine.attach_journal(journal);
    let engine = &mut prepared.engine;
    for (at, command) in drill_script() {
        while engine.now() < at {
            engine.advance();
        }
        engine.handle(command);
    }
    while engine.now() < 120 {
        engine.advance();
    }
    engine.handle(Command::Quit);
    // Every scripted input was taken (an input the engine refuses is not journaled).
    let taken = engine
        .entries
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                journal::EntryKind::Order { .. }
                    | journal::EntryKind::Inject { .. }
                    | journal::EntryKind::Retime { .. }
                    | journal::EntryKind::Rating { .. }
                    | journal::EntryKind::Note { .. }
                    | journal::EntryKind::Speed { .. }
            )
        })
        .count();
    assert_eq!(
        taken,
        drill_script().len(),
        "the engine refused a scripted input: {:#?}",
        engine.entries
    );
}

/// Re-records the committed journal once, when `DRILLSIM_BLESS=journal` asks for it (or when
/// blessing outputs and there is none yet).
fn journal_ready() {
    static READY: OnceLock<()> = OnceLock::new();
    READY.get_or_init(|| {
        let path = Path::new(JOURNAL);
        let missing = !path.exists();
        if bless() == Bless::Journal || (bless() == Bless::Outputs && missing) {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            record_journal(path);
        }
    });
}

/// A drill played from the script today journals exactly the committed journal: the same
/// entries (what the exercise delivered, met and missed, what was refused), and the same
/// fingerprints of what the scenario's and exercise's files say.
#[test]
fn small_town_drill_journals_as_committed() {
    journal_ready();
    if bless() == Bless::Journal {
        return;
    }
    let fresh = actual_path("drill/small-town-field-commander.jsonl");
    record_journal(&fresh);
    let expected = std::fs::read(JOURNAL).unwrap();
    let actual = std::fs::read(&fresh).unwrap();
    if expected != actual {
        panic!(
            "{JOURNAL}: a drill played from drill_script() no longer journals the same lines.\n{}\n\
             The fresh journal is kept at {}.\nLine 1 (the header) differs when the scenario or \
             exercise files changed (their RON tokens: comments and layout do not count) or \
             drillsim's version: every \
             journal drilled before such a change is refused by `replay` and `--resume`. If that \
             is meant, re-record with `DRILLSIM_BLESS=journal cargo test --test golden` (the \
             replay's outputs are still compared).",
            first_difference(&expected, &actual),
            fresh.display()
        );
    }
}

/// `drillsim replay JOURNAL --report FILE` in-process; returns the report.
fn replay_report(extension: &str) -> Vec<u8> {
    let report = actual_path(&format!("drill/replayed.aar.{extension}"));
    let _ = std::fs::remove_file(&report);
    let cli = Cli::try_parse_from([
        "drillsim",
        "replay",
        JOURNAL,
        "--report",
        report.to_str().unwrap(),
    ])
    .unwrap();
    let mut out = Vec::new();
    if let Err(e) = execute(cli.command, &mut out) {
        panic!("drillsim replay {JOURNAL} failed: {e:?}");
    }
    std::fs::read(&report).unwrap()
}

/// The committed journal replays (it verifies: version, fingerprints, chain) to the committed
/// after-action report, in Markdown and in HTML.
#[test]
fn small_town_drill_replays_to_the_committed_report() {
    journal_ready();
    let how = format!("drillsim replay {JOURNAL} --report FILE");
    check_golden(
        "drill/small-town-field-commander.aar.md",
        &replay_report("md"),
        &how,
    );
    check_golden(
        "drill/small-town-field-commander.aar.html",
        &replay_report("html"),
        &how,
    );
}

/// The committed journal replays to the committed event log (the engine's simulation, as
/// `run --events` writes one).
#[test]
fn small_town_drill_replays_to_the_committed_events() {
    journal_ready();
    let read = journal::read(Path::new(JOURNAL)).unwrap();
    assert!(
        read.broken_chain.is_empty() && read.torn.is_none(),
        "{JOURNAL} does not verify: lines {:?} do not chain, torn line {:?}",
        read.broken_chain,
        read.torn
    );
    let mut prepared = drill::engine_for(&read.header, Some(Path::new(JOURNAL)), None)
        .unwrap_or_else(|e| panic!("{JOURNAL} does not load: {e}"));
    assert!(
        prepared.unverified.is_empty(),
        "{JOURNAL} does not verify: {:?}",
        prepared.unverified
    );
    let until = read.entries.iter().map(|e| e.t).max().unwrap_or(0);
    prepared
        .engine
        .replay(&read.entries, until)
        .unwrap_or_else(|(index, e)| panic!("{JOURNAL}: entry {index}: {e}"));
    let mut events = Vec::new();
    drillsim::output::write_events_jsonl(&mut events, prepared.engine.sim().events()).unwrap();
    check_golden(
        "drill/small-town-field-commander.events.jsonl",
        &events,
        &format!("the simulation's events after replaying {JOURNAL}"),
    );
}
