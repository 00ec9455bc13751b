//! Journal, resume and replay: every input is on disk before it acts; a torn last line is
//! ignored; a resumed drill ends where an uninterrupted one would; replay writes the same
//! after-action report as the drill, every time.

mod drill_support;

use std::path::{Path, PathBuf};

use drillsim::drill::{self, DrillOptions, journal, line::Command};

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("drillsim-journal-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn options(journal: &Path, resume: bool) -> DrillOptions {
    DrillOptions {
        scenario: (!resume).then(|| drill_support::SMALL.into()),
        plan: None,
        seed: 3,
        role: "county-commander".into(),
        lang: None,
        journal: (!resume).then(|| journal.to_path_buf()),
        exercise: None,
        resume: resume.then(|| journal.to_path_buf()),
    }
}

/// The scripted drill: (minute, command).
fn script() -> Vec<(u32, Command)> {
    vec![
        (0, Command::Speed(600)),
        (12, Command::Order("declare level II".into())),
        (20, Command::Order("dispatch fire-county to v1".into())),
        (20, Command::Order("dispatch fire-town to v4".into())),
        (35, Command::Order("dispatch roads clear r2".into())),
        (50, Command::Order("dispatch volunteers to t1".into())),
        (
            70,
            Command::Order("field-post v1 commander fire-county".into()),
        ),
        (90, Command::Order("recall volunteers".into())),
    ]
}

/// Plays the script from wherever the engine is, up to minute `stop` (then quits if asked).
fn play(engine: &mut drill::engine::Engine, from_step: usize, stop: u32, quit: bool) {
    for (at, command) in script().into_iter().skip(from_step) {
        if at > stop {
            break;
        }
        while engine.now() < at {
            engine.advance();
        }
        engine.handle(command);
    }
    while engine.now() < stop {
        engine.advance();
    }
    if quit {
        engine.handle(Command::Quit);
    }
}

fn aar(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn every_input_is_on_disk_before_it_acts() {
    let dir = temp("disk");
    let path = dir.join("d.jsonl");
    let (mut prepared, _) = drill::prepare(&options(&path, false)).unwrap();
    play(&mut prepared.engine, 0, 21, false);
    // The engine still runs; the journal already holds everything given so far.
    let (header, entries) = journal::read(&path).unwrap();
    assert_eq!(header.marker, "【演练】EXERCISE");
    assert_eq!((header.seed, header.role.as_str()), (3, "county-commander"));
    let orders: Vec<_> = entries
        .iter()
        .filter_map(|e| match &e.kind {
            journal::EntryKind::Order { text, .. } => Some((e.t, text.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        orders,
        vec![
            (12, "declare level II"),
            (20, "dispatch fire-county to v1"),
            (20, "dispatch fire-town to v4")
        ]
    );
    // A second drill may not overwrite the journal.
    let error = drill::prepare(&options(&path, false))
        .err()
        .unwrap()
        .to_string();
    assert!(
        error.contains("already exists") && error.contains("--resume"),
        "{error}"
    );
}

#[test]
fn replay_writes_the_drills_report_and_the_same_report_twice() {
    let dir = temp("replay");
    let path = dir.join("d.jsonl");
    let (mut prepared, _) = drill::prepare(&options(&path, false)).unwrap();
    play(&mut prepared.engine, 0, 120, true);
    let live = dir.join("live.md");
    drill::write_reports(&mut prepared, &path, Some(&live)).unwrap();
    let first = dir.join("first.md");
    let second = dir.join("second.html");
    let third = dir.join("third.html");
    drill::replay(&path, Some(&first)).unwrap();
    drill::replay(&path, Some(&second)).unwrap();
    drill::replay(&path, Some(&third)).unwrap();
    assert_eq!(aar(&live), aar(&first), "replay reproduces the drill");
    assert_eq!(aar(&second), aar(&third), "replay is repeatable");
    let md = aar(&first);
    assert!(md.starts_with("# 【演练】EXERCISE"));
    assert!(md.contains("T+00:00 – T+02:00"));
    assert!(
        md.contains("county-commander: dispatch fire-county to v1"),
        "{md}"
    );
    assert!(md.contains("doctrine 预案推演"));
    let html = aar(&second);
    assert!(html.contains("<p class=\"marker\">【演练】EXERCISE</p>"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "self-contained"
    );
}

#[test]
fn a_resumed_drill_ends_where_an_uninterrupted_one_does() {
    let dir = temp("resume");
    // Uninterrupted.
    let whole = dir.join("whole.jsonl");
    let (mut prepared, _) = drill::prepare(&options(&whole, false)).unwrap();
    play(&mut prepared.engine, 0, 120, true);
    // Interrupted at minute 40 (the process dies: the engine is dropped without quitting), with
    // a torn half line at the end of the journal, then resumed.
    let cut = dir.join("cut.jsonl");
    let (mut prepared, _) = drill::prepare(&options(&cut, false)).unwrap();
    play(&mut prepared.engine, 0, 40, false);
    drop(prepared);
    let mut text = std::fs::read_to_string(&cut).unwrap();
    text.push_str("{\"t\":41,\"kind\":\"ord");
    std::fs::write(&cut, text).unwrap();
    let (mut resumed, _) = drill::prepare(&options(&cut, true)).unwrap();
    assert_eq!(
        resumed.engine.now(),
        40,
        "resumed at the last journaled minute"
    );
    let done = script().iter().filter(|(at, _)| *at <= 40).count();
    play(&mut resumed.engine, done, 120, true);
    let a = dir.join("a.md");
    let b = dir.join("b.md");
    drill::replay(&whole, Some(&a)).unwrap();
    drill::replay(&cut, Some(&b)).unwrap();
    let strip =
        |p: &Path, journal: &Path| aar(p).replace(&journal.display().to_string(), "JOURNAL");
    assert_eq!(strip(&a, &whole), strip(&b, &cut));
}
