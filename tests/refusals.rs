//! What drillsim refuses, and how: hostile or careless input gets one clear `error:` line per
//! problem and exit status 2 — never a hang, a runaway allocation, a wrapped number or a file's
//! secrets echoed back. Each test is named after what it protects.

use std::path::{Path, PathBuf};
use std::process::Command;

use drillsim::scenario::overrides::Override;
use drillsim::sim::{RunSeed, Sim};

fn drillsim(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_drillsim"))
        .args(args)
        .output()
        .expect("drillsim runs")
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh copy of `scenarios/` in a scratch folder, so tests can add files beside it.
fn scratch_scenarios(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("drillsim-refusals-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(Path::new("scenarios"), &dir.join("scenarios"));
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// `county-quake.ron` with `extra` put first in its include list, written as `name`.
fn county_including(dir: &Path, name: &str, extra: &str) -> PathBuf {
    let text = std::fs::read_to_string(dir.join("scenarios/county-quake.ron")).unwrap();
    let changed = text.replacen("    include: [", &format!("    include: [{extra}, "), 1);
    assert_ne!(text, changed, "the include list moved");
    let path = dir.join("scenarios").join(name);
    std::fs::write(&path, changed).unwrap();
    path
}

fn outcome_json(path: &str, overrides: &[Override], until_min: u32) -> String {
    let scenario = drillsim::scenario::load_overridden(Path::new(path), None, overrides)
        .unwrap_or_else(|d| panic!("{d}"))
        .scenario;
    let mut sim = Sim::new(scenario, RunSeed::new(5));
    sim.run_until(until_min);
    let outcome = sim.outcome();
    let mut out = Vec::new();
    drillsim::output::write_run_json(&mut out, sim.scenario(), 5, &outcome).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn a_huge_teams_per_site_limit_means_no_limit_and_costs_no_more() {
    // No site can get more teams than there are; a limit above that is no limit. Before the
    // dispatch rounds skipped empty rounds, 10⁸ ran for minutes; u32::MAX would never end.
    let limit = |value: u64| {
        vec![Override {
            path: "plan.dispatch.max_teams_per_site".into(),
            value: serde_json::json!(value),
        }]
    };
    let teams = drillsim::scenario::load(Path::new("scenarios/county-quake.ron"), None)
        .unwrap()
        .scenario
        .teams
        .len() as u64;
    let as_many_as_teams = outcome_json("scenarios/county-quake.ron", &limit(teams), 6 * 60);
    let unlimited = outcome_json(
        "scenarios/county-quake.ron",
        &limit(u32::MAX as u64),
        6 * 60,
    );
    assert_eq!(as_many_as_teams, unlimited);
}

#[test]
fn a_team_slower_than_walking_is_refused_with_the_range() {
    let output = drillsim(&[
        "run",
        "scenarios/small-town.ron",
        "--set",
        "forces.teams[*].speed_kmh=1e-7",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("forces.teams[0].speed_kmh")
            && message.contains("between 2 and 1000 km/h"),
        "{message}"
    );
}

#[test]
fn trip_minutes_never_wrap_whatever_the_speed() {
    use drillsim::sim::math::{MAX_TRIP_MINUTES, trip_minutes};
    assert_eq!(trip_minutes(10.0, 60.0), 10);
    for speed in [1e-300, 0.0, -5.0, f64::NAN, f64::MIN_POSITIVE] {
        let minutes = trip_minutes(10.0, speed);
        assert!(minutes <= MAX_TRIP_MINUTES, "{speed}: {minutes}");
        // Mobilisation plus a trip plus a year of run still fits in a minute count.
        assert!(
            (minutes as u64 + 366 * 24 * 60 * 3) < u32::MAX as u64,
            "{speed}: {minutes}"
        );
    }
}

#[test]
fn absurd_counts_and_vanishing_rates_are_refused_before_anything_runs() {
    // Each value is accepted by the file format (u32, f64) but makes no sense in a county:
    // trucks are each simulated (a vector per depot), the others would run as nonsense.
    for (set, expected) in [
        (
            "facilities.depots[*].vehicles=4000000000",
            "trucks is absurd",
        ),
        (
            "facilities.depots[*].stocks.food=4294967295",
            "person-days of food",
        ),
        (
            "facilities.shelters[*].capacity=4294967295",
            "people in one shelter",
        ),
        ("organisation.nodes[*].duty_staff=4294967295", "duty staff"),
        ("region.roads[*].length_km=1e-308", "shorter than a metre"),
        (
            "forces.teams[*].capabilities[*].rate=1e-308",
            "thousand hours",
        ),
    ] {
        let output = drillsim(&["run", "scenarios/county-quake.ron", "--set", set]);
        assert_eq!(output.status.code(), Some(2), "{set}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(expected),
            "{set}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn special_files_are_refused_not_read() {
    let dir = scratch_scenarios("special");
    let scenario = county_including(&dir, "missing.ron", "\"/dev/zero.ron\"");
    // A `.ron` name does not make a device readable: the link below points at /dev/zero.
    #[cfg(unix)]
    std::os::unix::fs::symlink("/dev/zero", dir.join("scenarios/zero.ron")).unwrap();
    let via_link = county_including(&dir, "link.ron", "\"zero.ron\"");
    for (args, expect) in [
        (
            vec!["check", scenario.to_str().unwrap()],
            "cannot read", // /dev/zero.ron does not exist
        ),
        (vec!["check", via_link.to_str().unwrap()], "is a device"),
        (
            vec!["run", "scenarios/small-town.ron", "--plan", "/dev/zero"],
            "is a device",
        ),
        (
            vec!["run", "scenarios/small-town.ron", "--orders", "/dev/zero"],
            "is a device",
        ),
        (vec!["check", "/"], "is a directory"),
    ] {
        let output = drillsim(&args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(expect),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_rather_than_waited_on() {
    let dir = scratch_scenarios("fifo");
    let fifo = dir.join("scenarios/plans/pipe.ron");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.map(|s| s.success()).unwrap_or(false) {
        return; // no mkfifo on this system: nothing to test
    }
    let output = drillsim(&[
        "run",
        "scenarios/small-town.ron",
        "--plan",
        fifo.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("named pipe"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_file_that_is_not_a_scenario_part_is_named_but_never_quoted() {
    let dir = scratch_scenarios("secret");
    std::fs::write(
        dir.join("scenarios/credentials.ron"),
        "DB_PASSWORD=hunter2\nTOKEN=abc\n",
    )
    .unwrap();
    std::fs::write(dir.join("scenarios/notes.txt"), "Plan(\n").unwrap();
    let scenario = county_including(
        &dir,
        "secret.ron",
        "\"credentials.ron\", \"notes.txt\", \"/proc/self/environ\"",
    );
    let output = drillsim(&["check", scenario.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("credentials.ron: is not a drillsim scenario file"),
        "{message}"
    );
    assert!(!message.contains("hunter2"), "{message}");
    assert!(
        message.contains("only `.ron` part files can be included"),
        "{message}"
    );
    assert!(
        !message.contains("PATH="),
        "the environment leaked: {message}"
    );
    // The same for a file named on the command line.
    let output = drillsim(&[
        "run",
        dir.join("scenarios/credentials.ron").to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!stderr(&output).contains("hunter2"), "{}", stderr(&output));
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let dir = scratch_scenarios("bom");
    let text = std::fs::read_to_string("scenarios/small-town.ron").unwrap();
    let path = dir.join("scenarios/bom.ron");
    std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
    let output = drillsim(&["check", path.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let orders = dir.join("scenarios/orders/bom.txt");
    std::fs::write(&orders, "\u{feff}30m declare level IV\n").unwrap();
    let output = drillsim(&[
        "run",
        path.to_str().unwrap(),
        "--orders",
        orders.to_str().unwrap(),
        "--until",
        "1h",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn every_refusal_begins_with_error() {
    for args in [
        vec!["run", "no-such-file.ron"],
        vec!["new", "no-such-template"],
        vec!["run", "scenarios/small-town.ron", "--set", "nonsense"],
    ] {
        let output = drillsim(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).starts_with("error"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn an_exercise_naming_unknown_ids_or_times_past_its_end_is_refused_by_check() {
    let dir = scratch_scenarios("exercise");
    let exercise = dir.join("scenarios/exercises/small-town-field-commander-drill.ron");
    let output = drillsim(&["check", exercise.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(&exercise).unwrap();
    // An inject whose order names nobody, an expected action naming an unknown place, and an
    // inject timed after the exercise ends.
    let hostile = text.replacen(
        "    injects: [",
        "    injects: [\n        (id: \"BAD\", trigger: At(\"99h\"), from: \"x\", channel: Phone, \
         to: \"county-commander\", zh: \"假\", en: \"fake\", order: \"dispatch nobody to nowhere\", \
         expects: [(action: \"field-post atlantis commander\", within: \"10m\")]),",
        1,
    );
    assert_ne!(text, hostile, "the injects list moved");
    std::fs::write(&exercise, hostile).unwrap();
    let output = drillsim(&["check", exercise.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    for expected in [
        "unknown team `nobody`",
        "unknown place `nowhere`",
        "unknown place `atlantis`",
        "after the exercise ends",
    ] {
        assert!(message.contains(expected), "{expected}: {message}");
    }
}

#[test]
fn an_orders_script_is_checked_against_its_scenario() {
    let dir = scratch_scenarios("orders");
    let orders = dir.join("scenarios/orders/typo.txt");
    std::fs::write(&orders, "30m dispatch fr01 to nowhere\n").unwrap();
    let without = drillsim(&["check", orders.to_str().unwrap()]);
    assert_eq!(without.status.code(), Some(2));
    assert!(
        stderr(&without).contains("--scenario"),
        "{}",
        stderr(&without)
    );
    let with = drillsim(&[
        "check",
        "--scenario",
        "scenarios/county-quake.ron",
        orders.to_str().unwrap(),
        "scenarios/orders/county-hq-first-hour.txt",
    ]);
    assert_eq!(with.status.code(), Some(2));
    let message = stderr(&with);
    assert!(
        message.contains("typo.txt:1: unknown place `nowhere`"),
        "{message}"
    );
    assert!(!message.contains("county-hq-first-hour.txt:"), "{message}");
}

#[test]
fn markdown_reports_carry_names_as_text_never_as_markup() {
    let dir = scratch_scenarios("markdown");
    let path = dir.join("scenarios/small-town.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("name: \"").expect("the scenario has a name") + 7;
    let end = start + text[start..].find('"').unwrap();
    let hostile = format!(
        "{}<script>alert(1)</script>{}",
        &text[..start],
        &text[end..]
    );
    std::fs::write(&path, hostile).unwrap();
    let report = dir.join("report.md");
    let output = drillsim(&[
        "batch",
        path.to_str().unwrap(),
        "--runs",
        "2",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let markdown = std::fs::read_to_string(&report).unwrap();
    assert!(!markdown.contains("<script>"), "{markdown}");
    assert!(markdown.contains("&lt;script&gt;"), "{markdown}");
}
