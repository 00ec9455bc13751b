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
    let journal::Read {
        header, entries, ..
    } = journal::read(&path).unwrap();
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
    drill::replay(&path, Some(&first), false).unwrap();
    drill::replay(&path, Some(&second), false).unwrap();
    drill::replay(&path, Some(&third), false).unwrap();
    assert_eq!(aar(&live), aar(&first), "replay reproduces the drill");
    assert_eq!(aar(&second), aar(&third), "replay is repeatable");
    let md = aar(&first);
    assert!(md.starts_with("# 【演练】EXERCISE"));
    assert!(md.contains("T+00:00 – T+02:00"));
    assert!(
        md.contains("county-commander: dispatch fire-county to v1"),
        "{md}"
    );
    assert!(
        md.contains("doctrine for county-commander 预案代替"),
        "{md}"
    );
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
    // Replay reports the torn line, in both languages, and leaves it out.
    let torn_report = dir.join("torn.md");
    let out = drill::replay(&cut, Some(&torn_report), false).unwrap();
    assert!(
        out.contains("note:") && out.contains("cut short") && out.contains("未写完"),
        "{out}"
    );
    let (mut resumed, _) = drill::prepare(&options(&cut, true)).unwrap();
    assert_eq!(
        resumed.engine.now(),
        40,
        "resumed at the last journaled minute"
    );
    // The person is told (the drill's language, zh by default), and the torn line is gone.
    let feedback = resumed.engine.snapshot().feedback.unwrap();
    assert!(
        !feedback.ok && feedback.text.contains("未写完"),
        "{feedback:?}"
    );
    assert!(std::fs::read_to_string(&cut).unwrap().ends_with("}\n"));
    let done = script().iter().filter(|(at, _)| *at <= 40).count();
    play(&mut resumed.engine, done, 120, true);
    let a = dir.join("a.md");
    let b = dir.join("b.md");
    drill::replay(&whole, Some(&a), false).unwrap();
    drill::replay(&cut, Some(&b), false).unwrap();
    let strip =
        |p: &Path, journal: &Path| aar(p).replace(&journal.display().to_string(), "JOURNAL");
    assert_eq!(strip(&a, &whole), strip(&b, &cut));
}

// ---------------------------------------------------------------------------------------------
// Hardening: what a damaged, edited or hostile journal gets.

const BIN: &str = env!("CARGO_BIN_EXE_drillsim");

/// A finished drill of the script to minute 60, its journal at `dir/NAME.jsonl`.
fn drilled(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(format!("{name}.jsonl"));
    let (mut prepared, _) = drill::prepare(&options(&path, false)).unwrap();
    play(&mut prepared.engine, 0, 60, true);
    path
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// A line's text without its chain.
fn text_of(line: &str) -> serde_json::Value {
    let mut value: serde_json::Value = serde_json::from_str(line).unwrap();
    value.as_object_mut().unwrap().remove("chain");
    value
}

/// Writes `texts` (JSON objects without chains) as a journal sealed from scratch, as someone who
/// recomputes the chain would.
fn write_sealed(path: &Path, texts: &[String]) {
    let mut out = String::new();
    let mut previous: Option<String> = None;
    for text in texts {
        let (line, chain) = journal::seal(previous.as_deref(), text);
        out.push_str(&line);
        out.push('\n');
        previous = Some(chain);
    }
    std::fs::write(path, out).unwrap();
}

/// Appends `text` sealed after the journal's last line.
fn append_sealed(path: &Path, text: &str) {
    let all = lines(path);
    let last = serde_json::from_str::<serde_json::Value>(all.last().unwrap()).unwrap();
    let (line, _) = journal::seal(last["chain"].as_str(), text);
    let mut content = std::fs::read_to_string(path).unwrap();
    content.push_str(&line);
    content.push('\n');
    std::fs::write(path, content).unwrap();
}

fn replay_error(path: &Path) -> String {
    let report = path.with_extension("md");
    drill::replay(path, Some(&report), false)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_else(|| panic!("{} replayed", path.display()))
}

fn cli(args: &[&std::ffi::OsStr]) -> std::process::Output {
    std::process::Command::new(BIN).args(args).output().unwrap()
}

#[test]
fn a_complete_but_invalid_last_line_is_an_error_naming_its_line_and_resume_changes_nothing() {
    let dir = temp("invalid-last");
    let original = drilled(&dir, "base");
    let count = lines(&original).len();
    let cases = [
        (
            "misspelt",
            r#"{"t":60,"kind":"order","txt":"declare level I","by":"county-commander"}"#,
            "missing field `text`",
        ),
        ("negative", r#"{"t":-1,"kind":"clock"}"#, "expected u32"),
        (
            "too-big",
            r#"{"t":4294967296,"kind":"clock"}"#,
            "expected u32",
        ),
        (
            "back-in-time",
            r#"{"t":5,"kind":"order","text":"declare level I","by":"county-commander"}"#,
            "never go back",
        ),
    ];
    for (name, text, why) in cases {
        let path = dir.join(format!("{name}.jsonl"));
        std::fs::copy(&original, &path).unwrap();
        append_sealed(&path, text);
        let before = std::fs::read(&path).unwrap();
        let line = format!("{}:{}:", path.display(), count + 1);
        let error = replay_error(&path);
        assert!(
            error.contains(&line) && error.contains(why),
            "{name}: {error}"
        );
        let error = drill::prepare(&options(&path, true))
            .err()
            .unwrap()
            .to_string();
        assert!(error.contains(&line), "{name}: {error}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "{name}: resume left it"
        );
    }
    // The same line without its chain (written by hand) is refused too, by line number.
    let path = dir.join("unchained.jsonl");
    std::fs::copy(&original, &path).unwrap();
    let mut content = std::fs::read_to_string(&path).unwrap();
    content.push_str("{\"t\":61,\"kind\":\"clock\"}\n");
    std::fs::write(&path, content).unwrap();
    let error = replay_error(&path);
    assert!(
        error.contains(&format!(":{}: the line has no chain", count + 1)),
        "{error}"
    );
}

#[test]
fn a_changed_journal_is_refused_saying_what_differs_and_replays_only_marked_unverified() {
    let dir = temp("sealed");
    let original = drilled(&dir, "base");
    let texts: Vec<String> = lines(&original)
        .iter()
        .map(|l| text_of(l).to_string())
        .collect();

    // The seed changed in place: the header no longer chains.
    let seed = dir.join("seed.jsonl");
    let mut all = lines(&original);
    all[0] = all[0].replace("\"seed\":3", "\"seed\":4");
    std::fs::write(&seed, all.join("\n") + "\n").unwrap();
    let error = replay_error(&seed);
    assert!(error.contains("line 1 (the header"), "{error}");
    assert!(error.contains("--unverified"), "{error}");

    // Two entries of the same minute swapped (the two dispatches at T+20).
    let swapped = dir.join("swapped.jsonl");
    let mut all = lines(&original);
    let first = all
        .iter()
        .position(|l| l.contains("dispatch fire-county to v1"))
        .unwrap();
    assert!(all[first + 1].contains("dispatch fire-town to v4"));
    all.swap(first, first + 1);
    std::fs::write(&swapped, all.join("\n") + "\n").unwrap();
    let error = replay_error(&swapped);
    assert!(
        error.contains(&format!(
            "line {} was changed, reordered or removed",
            first + 1
        )),
        "{error}"
    );

    // An entry removed from the middle.
    let removed = dir.join("removed.jsonl");
    let mut all = lines(&original);
    all.remove(3);
    std::fs::write(&removed, all.join("\n") + "\n").unwrap();
    let error = replay_error(&removed);
    assert!(error.contains("line 4 was changed"), "{error}");

    // Another version, the chain recomputed: only the version is named.
    let version = dir.join("version.jsonl");
    let mut changed = texts.clone();
    let mut header = text_of(&lines(&original)[0]);
    header["version"] = "9.9.9".into();
    changed[0] = header.to_string();
    write_sealed(&version, &changed);
    let error = replay_error(&version);
    assert!(
        error.contains("written by drillsim 9.9.9") && !error.contains("line 1"),
        "{error}"
    );

    // An unsealed (format 1) journal: the same lines with no format, fingerprints or chain.
    let old = dir.join("format1.jsonl");
    let mut header = text_of(&lines(&original)[0]);
    for key in ["format", "scenario_sha256", "exercise_sha256"] {
        header.as_object_mut().unwrap().remove(key);
    }
    let mut unsealed = vec![header.to_string()];
    unsealed.extend(texts[1..].iter().cloned());
    std::fs::write(&old, unsealed.join("\n") + "\n").unwrap();
    let error = replay_error(&old);
    assert!(error.contains("unsealed (format 1"), "{error}");

    // A format 2 journal, sealed with fingerprints of an older drillsim's in-memory scenario:
    // its chain verifies, its fingerprints cannot be checked, and it says so.
    let format2 = dir.join("format2.jsonl");
    let mut header = text_of(&lines(&original)[0]);
    header["format"] = 2.into();
    let mut changed = texts.clone();
    changed[0] = header.to_string();
    write_sealed(&format2, &changed);
    let error = replay_error(&format2);
    assert!(
        error.contains("sealed in format 2") && !error.contains("line 1"),
        "{error}"
    );

    // Replayed anyway, each report says so in both languages; a faithful one does not.
    for path in [&seed, &swapped, &version, &old, &format2] {
        let report = path.with_extension("unverified.md");
        let out = drill::replay(path, Some(&report), true).unwrap();
        assert!(out.contains("warning: not a faithful replay"), "{out}");
        let md = aar(&report);
        assert!(
            md.contains("非忠实重演") && md.contains("not a faithful replay"),
            "{md}"
        );
        let html_report = path.with_extension("unverified.html");
        drill::replay(path, Some(&html_report), true).unwrap();
        assert!(aar(&html_report).contains("class=\"banner\"><p>非忠实重演"));
    }
    let faithful = dir.join("faithful.md");
    drill::replay(&original, Some(&faithful), false).unwrap();
    assert!(!aar(&faithful).contains("非忠实重演"));

    // Through the command line: exit status 2, one `error:` line first.
    let out = cli(&["replay".as_ref(), seed.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("error: "), "{stderr}");
    let out = cli(&["replay".as_ref(), seed.as_os_str(), "--unverified".as_ref()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A changed journal cannot be continued, not even after a crash.
    let error = drill::prepare(&options(&swapped, true))
        .err()
        .unwrap()
        .to_string();
    assert!(error.contains("cannot be continued"), "{error}");
}

#[test]
fn a_scenario_edited_after_the_drill_is_named_and_refused() {
    let dir = temp("edited-scenario");
    let scenario = dir.join("town.ron");
    std::fs::copy(drill_support::SMALL, &scenario).unwrap();
    let path = dir.join("d.jsonl");
    let mut opts = options(&path, false);
    opts.scenario = Some(scenario.clone());
    let (mut prepared, _) = drill::prepare(&opts).unwrap();
    play(&mut prepared.engine, 0, 30, true);
    let before = dir.join("before.md");
    drill::replay(&path, Some(&before), false).unwrap();

    let text = std::fs::read_to_string(&scenario).unwrap();
    assert!(text.contains("magnitude: 6.2"));
    std::fs::write(&scenario, text.replace("magnitude: 6.2", "magnitude: 7.4")).unwrap();
    let error = replay_error(&path);
    assert!(
        error.contains("the scenario differs from the one drilled")
            && error.contains(&scenario.display().to_string()),
        "{error}"
    );
    let error = drill::prepare(&options(&path, true))
        .err()
        .unwrap()
        .to_string();
    assert!(error.contains("the scenario differs"), "{error}");
    let after = dir.join("after.md");
    drill::replay(&path, Some(&after), true).unwrap();
    assert!(aar(&after).contains("非忠实重演"));
    assert_ne!(aar(&before), aar(&after));
    // Comments and layout are not the scenario: the original values replay faithfully.
    std::fs::write(&scenario, format!("// a note\n{text}")).unwrap();
    drill::replay(&path, Some(&after), false).unwrap();
}

#[test]
fn a_report_is_never_written_over_the_journal_or_a_scenario_file() {
    let dir = temp("overlap");
    let scenario = dir.join("town.ron");
    std::fs::copy(drill_support::SMALL, &scenario).unwrap();
    let path = dir.join("d.jsonl");
    let mut opts = options(&path, false);
    opts.scenario = Some(scenario.clone());
    let (mut prepared, _) = drill::prepare(&opts).unwrap();
    play(&mut prepared.engine, 0, 20, true);
    let journal_before = std::fs::read(&path).unwrap();
    let scenario_before = std::fs::read(&scenario).unwrap();
    let other_spelling = dir.join(".").join("d.jsonl");
    for target in [&path, &other_spelling, &scenario] {
        let out = cli(&[
            "replay".as_ref(),
            path.as_os_str(),
            "--report".as_ref(),
            target.as_os_str(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{}", target.display());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with("error: ") && stderr.contains("is also an input"),
            "{stderr}"
        );
    }
    assert_eq!(std::fs::read(&path).unwrap(), journal_before);
    assert_eq!(std::fs::read(&scenario).unwrap(), scenario_before);
    // A report in a missing folder is refused before the replay, and nothing is left behind.
    let out = cli(&[
        "replay".as_ref(),
        path.as_os_str(),
        "--report".as_ref(),
        dir.join("missing/r.md").as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("partial"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_journal_names_only_regular_ron_files_and_their_content_is_never_shown() {
    let dir = temp("hostile");
    let original = drilled(&dir, "base");
    let header_text = text_of(&lines(&original)[0]);
    let secret = dir.join("secret.txt");
    std::fs::write(&secret, "root:TOPSECRET:19000:0:99999:7:::\n").unwrap();
    let secret_ron = dir.join("secret.ron");
    std::fs::write(&secret_ron, "root:TOPSECRET:19000:0:99999:7:::\n").unwrap();
    // A header naming other files, with the chain recomputed (anyone can): the files are
    // refused by kind, never quoted.
    let mut named: Vec<(PathBuf, &str, &str)> = vec![
        (secret.clone(), "scenario", "not a `.ron` file"),
        (
            secret_ron.clone(),
            "scenario",
            "not a drillsim scenario file",
        ),
        (PathBuf::from("/dev/zero"), "scenario", "not a `.ron` file"),
        (dir.clone(), "scenario", "not a `.ron` file"),
        (secret.clone(), "exercise", "not a `.ron` file"),
        (secret.clone(), "plan", "not a `.ron` file"),
    ];
    #[cfg(unix)]
    {
        let fifo = dir.join("pipe.ron");
        if std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success())
        {
            named.push((fifo, "scenario", "named pipe"));
        }
    }
    for (index, (target, field, why)) in named.into_iter().enumerate() {
        let path = dir.join(format!("hostile-{index}.jsonl"));
        let mut header = header_text.clone();
        header[field] = target.display().to_string().into();
        write_sealed(&path, &[header.to_string()]);
        let error = drill::replay(&path, Some(&dir.join("r.md")), true)
            .err()
            .unwrap()
            .to_string();
        assert!(
            error.contains(why) && error.contains(&target.display().to_string()),
            "{field} {}: {error}",
            target.display()
        );
        assert!(!error.contains("TOPSECRET"), "{error}");
    }
    // The journal itself: only a regular file, read with a cap.
    for (journal, why) in [
        (PathBuf::from("/dev/zero"), "a device"),
        (dir.clone(), "a directory"),
    ] {
        let error = drill::replay(&journal, Some(&dir.join("r.md")), true)
            .err()
            .unwrap()
            .to_string();
        assert!(error.contains(why), "{error}");
    }
    // An unknown language is refused, whatever else the journal says.
    let path = dir.join("lang.jsonl");
    let mut header = header_text.clone();
    header["lang"] = "fr".into();
    write_sealed(&path, &[header.to_string()]);
    let error = drill::replay(&path, Some(&dir.join("r.md")), true)
        .err()
        .unwrap()
        .to_string();
    assert!(
        error.contains(":1:") && error.contains("unknown language `fr`"),
        "{error}"
    );
}

#[test]
fn an_exercise_order_refused_at_run_time_is_journaled_shown_and_reported() {
    use drillsim::drill::engine::{Engine, Setup, drill_scenario};
    use drillsim::drill::i18n::Lang;
    let dir = temp("refused");
    let path = dir.join("d.jsonl");
    let original = drill_support::load(drill_support::SMALL);
    let mut exercise = drill_support::exercise(drill_support::FIELD_EXERCISE, &original);
    // The file was checked; an exercise built in code is not: FC1 (T+8) names no real team.
    exercise.injects[0].order =
        Some(drillsim::sim::order::parse_order("dispatch no-such-team to v1").unwrap());
    let header = journal::header(
        Path::new(drill_support::SMALL),
        None,
        1,
        "controller",
        "en",
        None,
    );
    let journal = journal::Journal::create(&path, &header).unwrap();
    let mut engine = Engine::new(
        Setup {
            scenario: std::sync::Arc::new(drill_scenario(original, "controller")),
            seed: 1,
            role: "controller".into(),
            lang: Lang::En,
            exercise: Some(exercise),
        },
        Some(journal),
    )
    .unwrap();
    drill_support::run(&mut engine, 20);
    let feedback = engine.snapshot().feedback.unwrap();
    assert!(
        !feedback.ok
            && feedback.text.contains("exercise order refused FC1")
            && feedback.text.contains("no-such-team"),
        "{feedback:?}"
    );
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(
        written.contains(
            r#""kind":"refused","order":"dispatch no-such-team to v1","by":"exercise FC1""#
        ),
        "{written}"
    );
    let refused = engine
        .entries
        .iter()
        .any(|e| matches!(&e.kind, journal::EntryKind::Refused { by, .. } if by == "exercise FC1"));
    assert!(refused);
    let scenario = drill_support::load(drill_support::SMALL);
    let report = drillsim::drill::aar::build(&mut engine, &header, &scenario, "j", &[]);
    let md = drillsim::drill::aar::markdown(&report);
    assert!(
        md.contains(
            "| T+00:08 | 决策 decision | refused | exercise FC1: dispatch no-such-team to v1: "
        ),
        "{md}"
    );
}
