//! The `drillsim` binary as users run it: exit codes, output formats, broken pipes.

use std::process::{Command, Stdio};

fn drillsim(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_drillsim"))
        .args(args)
        .output()
        .expect("drillsim runs")
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn run_json_has_the_contract_keys_and_is_reproducible() {
    let args = ["run", "scenarios/small-town.ron", "--seed", "7", "--json"];
    let first = drillsim(&args);
    assert!(first.status.success(), "{}", stderr(&first));
    let second = drillsim(&args);
    assert_eq!(first.stdout, second.stdout);
    let value: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    for key in ["scenario", "seed", "plan", "sim_minutes", "kpis", "targets"] {
        assert!(value.get(key).is_some(), "missing {key}");
    }
    let kpis = value["kpis"].as_object().unwrap();
    for name in drillsim::sim::KPI_NAMES {
        assert!(kpis.contains_key(name), "missing KPI {name}");
    }
    let relief = kpis["relief_within_4h"]
        .as_f64()
        .expect("relief is measured");
    assert!((0.0..=1.0).contains(&relief));
    assert!(
        kpis["warning_coverage"].is_null(),
        "no warned-against hazard struck the town"
    );
    assert_eq!(value["seed"], 7);
    assert_eq!(value["sim_minutes"], 24 * 60);
    let other = drillsim(&["run", "scenarios/small-town.ron", "--seed", "8", "--json"]);
    let other: serde_json::Value = serde_json::from_slice(&other.stdout).unwrap();
    assert_ne!(value["kpis"], other["kpis"]);
}

#[test]
fn run_until_stops_early_and_events_are_json_lines() {
    let dir = std::env::temp_dir().join(format!("drillsim-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let events = dir.join("events.jsonl");
    let output = drillsim(&[
        "run",
        "scenarios/small-town.ron",
        "--until",
        "6h",
        "--json",
        "--events",
        events.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["sim_minutes"], 360);
    let text = std::fs::read_to_string(&events).unwrap();
    let mut last_t = 0;
    for line in text.lines() {
        let event: serde_json::Value = serde_json::from_str(line).unwrap();
        let t = event["t"].as_u64().unwrap();
        assert!(
            t >= last_t || event["kind"] == "team_available",
            "events out of order: {line}"
        );
        last_t = last_t.max(t);
        assert!(event["kind"].is_string());
    }
    assert!(text.contains("\"kind\":\"earthquake_struck\""));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn the_summary_reads_as_text() {
    let output = drillsim(&["run", "scenarios/small-town.ron"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.contains("deaths"));
    assert!(text.contains("first team on scene"));
}

#[test]
fn the_summary_names_what_struck_by_kind_and_places() {
    let out = drillsim(&["run", "scenarios/reservoir-county.ron", "--seed", "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let hazards = text
        .split("\n\n")
        .find(|block| block.starts_with("Hazards\n"))
        .unwrap_or_else(|| panic!("no Hazards section:\n{text}"));
    let dam = hazards
        .lines()
        .find(|l| l.trim_start().starts_with("dam break"))
        .unwrap_or_else(|| panic!("no dam break line:\n{hazards}"));
    assert!(dam.ends_with("places)"), "{dam}");
    // A kind is listed once, in the order the kinds are declared (rain before floods before the
    // dam break), and a kind that did not strike is not listed.
    let kinds: Vec<&str> = hazards.lines().skip(1).map(|l| l[2..24].trim()).collect();
    assert_eq!(kinds, ["rainstorm", "flood", "dam break"], "{hazards}");
}

#[test]
fn check_reports_every_error_and_exits_2() {
    let output = drillsim(&[
        "check",
        "tests/fixtures/invalid/many-errors.ron",
        "tests/fixtures/invalid/syntax-error.ron",
        "scenarios/small-town.ron",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("forces.teams[0].base: unknown place `countyy`"),
        "{err}"
    );
    assert!(err.contains("syntax-error.ron:6:5"), "{err}");
    assert!(err.contains("hazards.events[0].magnitude"), "{err}");
    assert!(stdout(&output).contains("ok: scenarios/small-town.ron"));
}

#[test]
fn check_accepts_valid_files_with_exit_0() {
    let output = drillsim(&[
        "check",
        "scenarios/county-quake.ron",
        "scenarios/county/forces.ron",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn run_on_an_invalid_scenario_exits_2() {
    let output = drillsim(&["run", "tests/fixtures/invalid/many-errors.ron"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cannot be run"));
    let output = drillsim(&["run", "scenarios/county/region.ron"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("holds a Region part"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(drillsim(&["run"]).status.code(), Some(2));
    assert_eq!(drillsim(&["frobnicate"]).status.code(), Some(2));
    let bad_until = drillsim(&["run", "scenarios/small-town.ron", "--until", "6 hours"]);
    assert_eq!(bad_until.status.code(), Some(2));
    assert!(stderr(&bad_until).contains("not a duration"));
    assert_eq!(drillsim(&["new", "nonsense"]).status.code(), Some(2));
    assert_eq!(drillsim(&["--help"]).status.code(), Some(0));
}

#[test]
fn new_prints_a_template_that_validates() {
    let output = drillsim(&["new"]);
    assert!(output.status.success());
    let dir = std::env::temp_dir().join(format!("drillsim-new-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("new.ron");
    std::fs::write(&file, &output.stdout).unwrap();
    let check = drillsim(&["check", file.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let run = drillsim(&["run", file.to_str().unwrap(), "--json"]);
    assert!(run.status.success());
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_drillsim"))
        .args(["new"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn run_never_writes_its_events_over_an_input() {
    let dir = std::env::temp_dir().join(format!("drillsim-cli-overlap-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let scenario = dir.join("town.ron");
    std::fs::copy("scenarios/small-town.ron", &scenario).unwrap();
    let before = std::fs::read(&scenario).unwrap();
    let output = drillsim(&[
        "run",
        scenario.to_str().unwrap(),
        "--events",
        scenario.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("error: ") && stderr(&output).contains("is also an input"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read(&scenario).unwrap(), before);
    let orders = "scenarios/orders/county-hq-first-hour.txt";
    let orders_before = std::fs::read(orders).unwrap();
    let output = drillsim(&[
        "run",
        "scenarios/county-quake.ron",
        "--orders",
        orders,
        "--events",
        orders,
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(std::fs::read(orders).unwrap(), orders_before);
    // A good --events file appears whole, with no temporary file beside it.
    let events = dir.join("e.jsonl");
    let output = drillsim(&[
        "run",
        scenario.to_str().unwrap(),
        "--until",
        "2h",
        "--events",
        events.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains("partial")), "{names:?}");
    assert!(
        std::fs::read_to_string(&events)
            .unwrap()
            .contains("earthquake_struck")
    );
    std::fs::remove_dir_all(dir).ok();
}
