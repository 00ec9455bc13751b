//! Batches, shards, merges and comparisons through the binary: the bytes must not depend on
//! `--jobs` or `--shard`, and failures must be reported, never hidden.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn drillsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_drillsim"))
        .args(args)
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("JOB_COMPLETION_INDEX")
        .output()
        .expect("drillsim runs")
}

fn ok(output: Output) -> Vec<u8> {
    assert!(
        output.status.success(),
        "drillsim failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("drillsim-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    fn path(&self, file: &str) -> String {
        self.0.join(file).to_str().unwrap().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

const TOWN: &str = "scenarios/small-town.ron";

#[test]
fn batch_output_is_the_same_for_one_and_two_workers() {
    let dir = TempDir::new("jobs");
    let one = ok(drillsim(&[
        "batch",
        TOWN,
        "--runs",
        "40",
        "--jobs",
        "1",
        "--json",
        "--csv",
        &dir.path("1.csv"),
    ]));
    let two = ok(drillsim(&[
        "batch",
        TOWN,
        "--runs",
        "40",
        "--jobs",
        "2",
        "--json",
        "--csv",
        &dir.path("2.csv"),
    ]));
    assert_eq!(one, two);
    assert_eq!(
        std::fs::read(dir.path("1.csv")).unwrap(),
        std::fs::read(dir.path("2.csv")).unwrap()
    );
    let value: serde_json::Value = serde_json::from_slice(&one).unwrap();
    assert_eq!(value["runs"], 40);
    let deaths = &value["kpis"]["deaths"];
    for key in ["mean", "sd", "ci95", "p5", "p50", "p95", "min", "max"] {
        assert!(deaths.get(key).is_some(), "missing {key}");
    }
    assert!(
        value["kpis"]["warning_coverage"].is_null(),
        "no flood, fire or plume in the town"
    );
    let csv = std::fs::read_to_string(dir.path("1.csv")).unwrap();
    assert_eq!(
        csv.lines().count(),
        41,
        "a header and one row per replicate"
    );
}

#[test]
fn replicate_zero_of_a_batch_is_the_single_run() {
    let dir = TempDir::new("rep0");
    ok(drillsim(&[
        "batch",
        TOWN,
        "--runs",
        "3",
        "--seed",
        "9",
        "--json",
        "--csv",
        &dir.path("b.csv"),
    ]));
    let run: serde_json::Value =
        serde_json::from_slice(&ok(drillsim(&["run", TOWN, "--seed", "9", "--json"]))).unwrap();
    let csv = std::fs::read_to_string(dir.path("b.csv")).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let row0: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    let deaths = header.iter().position(|h| *h == "deaths").unwrap();
    assert_eq!(row0[deaths], run["kpis"]["deaths"].to_string());
    let again: serde_json::Value = serde_json::from_slice(&ok(drillsim(&[
        "run",
        TOWN,
        "--seed",
        "9",
        "--replicate",
        "2",
        "--json",
    ])))
    .unwrap();
    let row2: Vec<&str> = csv.lines().nth(3).unwrap().split(',').collect();
    assert_eq!(row2[deaths], again["kpis"]["deaths"].to_string());
}

#[test]
fn merged_shards_equal_the_unsharded_batch_byte_for_byte() {
    let dir = TempDir::new("shards");
    let unsharded = ok(drillsim(&[
        "batch",
        TOWN,
        "--runs",
        "25",
        "--seed",
        "4",
        "--json",
        "--csv",
        &dir.path("all.csv"),
        "--report",
        &dir.path("all.md"),
    ]));
    for i in 1..=3 {
        let shard = format!("{i}/3");
        ok(drillsim(&[
            "batch",
            TOWN,
            "--runs",
            "25",
            "--seed",
            "4",
            "--shard",
            &shard,
            "--out",
            &dir.path("out"),
        ]));
    }
    let shards: Vec<String> = (1..=3)
        .rev()
        .map(|i| dir.path(&format!("out/shard-{i}-of-3.jsonl")))
        .collect();
    let mut args = vec!["merge"];
    args.extend(shards.iter().map(String::as_str));
    let csv = dir.path("merged.csv");
    let md = dir.path("merged.md");
    args.extend(["--json", "--csv", &csv, "--report", &md]);
    let merged = ok(drillsim(&args));
    assert_eq!(merged, unsharded);
    assert_eq!(
        std::fs::read(dir.path("all.csv")).unwrap(),
        std::fs::read(&csv).unwrap()
    );
    assert_eq!(
        std::fs::read(dir.path("all.md")).unwrap(),
        std::fs::read(&md).unwrap()
    );
}

#[test]
fn a_missing_or_doubled_shard_is_an_error_naming_it() {
    let dir = TempDir::new("missing");
    for i in [1, 3] {
        let shard = format!("{i}/3");
        ok(drillsim(&[
            "batch",
            TOWN,
            "--runs",
            "9",
            "--shard",
            &shard,
            "--out",
            &dir.path("out"),
        ]));
    }
    let one = dir.path("out/shard-1-of-3.jsonl");
    let three = dir.path("out/shard-3-of-3.jsonl");
    let output = drillsim(&["merge", &one, &three, "--json"]);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("missing shard 2/3"), "{err}");
    let output = drillsim(&["merge", &one, &one, &three, "--json"]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("shard 1/3 is given twice"));
    // A truncated shard is incomplete.
    let text = std::fs::read_to_string(&three).unwrap();
    let cut: Vec<&str> = text.lines().take(2).collect();
    std::fs::write(&three, cut.join("\n")).unwrap();
    let output = drillsim(&["merge", &one, &three]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("incomplete"));
}

#[test]
fn shards_come_from_the_slurm_environment() {
    let dir = TempDir::new("slurm-env");
    let output = Command::new(env!("CARGO_BIN_EXE_drillsim"))
        .args(["batch", TOWN, "--runs", "6", "--out", &dir.path("o")])
        .env("SLURM_ARRAY_TASK_ID", "2")
        .env("SLURM_ARRAY_TASK_MIN", "1")
        .env("SLURM_ARRAY_TASK_COUNT", "2")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(Path::new(&dir.path("o/shard-2-of-2.jsonl")).exists());
}

#[test]
fn a_plan_compared_with_itself_differs_by_exactly_zero() {
    let plan = "scenarios/plans/county-default.ron";
    let out = ok(drillsim(&[
        "compare", TOWN, "--plan", plan, "--plan", plan, "--runs", "12", "--json",
    ]));
    let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let diffs = value["diff"].as_object().unwrap();
    assert_eq!(diffs.len(), 1);
    let per_kpi = diffs.values().next().unwrap().as_object().unwrap();
    let mut checked = 0;
    for (name, diff) in per_kpi {
        if diff.is_null() {
            continue;
        }
        assert_eq!(diff["mean"], 0, "{name}");
        assert_eq!(diff["ci95"][0], 0, "{name}");
        assert_eq!(diff["ci95"][1], 0, "{name}");
        checked += 1;
    }
    assert!(checked >= 10);
}

#[test]
fn doing_nothing_compares_worse_than_the_county_plan() {
    let out = ok(drillsim(&[
        "compare",
        "scenarios/county-quake.ron",
        "--plan",
        "scenarios/plans/county-default.ron",
        "--plan",
        "scenarios/plans/do-nothing.ron",
        "--runs",
        "6",
    ]));
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("deaths while trapped"), "{text}");
    assert!(text.contains("do-nothing is worse"), "{text}");
}

#[test]
fn sweep_runs_every_value_on_the_same_disasters() {
    let out = ok(drillsim(&[
        "sweep",
        TOWN,
        "--set",
        "plan.dispatch.max_teams_per_site=1,3",
        "--runs",
        "8",
        "--json",
    ]));
    let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let points = value["points"].as_array().unwrap();
    assert_eq!(points.len(), 2);
    assert_eq!(points[0]["set"]["plan.dispatch.max_teams_per_site"], 1);
    assert_eq!(points[1]["set"]["plan.dispatch.max_teams_per_site"], 3);
    // Same disasters: the number trapped does not depend on dispatch.
    assert_eq!(
        points[0]["kpis"]["trapped_total"],
        points[1]["kpis"]["trapped_total"]
    );
}

#[test]
fn bad_overrides_are_input_errors() {
    let output = drillsim(&[
        "batch",
        TOWN,
        "--runs",
        "2",
        "--set",
        "plan.dispatch.max_teams=2",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("has no field `max_teams`"), "{err}");
    let output = drillsim(&[
        "batch",
        TOWN,
        "--runs",
        "2",
        "--set",
        "plan.dispatch.max_teams_per_site=0",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("max_teams_per_site"));
    let output = drillsim(&["batch", TOWN, "--runs", "2", "--jobs", "0"]);
    assert_eq!(output.status.code(), Some(2));
    let output = drillsim(&["batch", TOWN, "--runs", "2", "--shard", "4/3"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_failing_replicate_is_reported_with_its_seed_and_the_rest_finish() {
    let output = Command::new(env!("CARGO_BIN_EXE_drillsim"))
        .args(["batch", TOWN, "--runs", "6", "--seed", "3", "--json"])
        .env("DRILLSIM_FAULT_REPLICATE", "4")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("replicate 4 failed"), "{err}");
    assert!(
        err.contains("drillsim run scenarios/small-town.ron --seed 3 --replicate 4"),
        "{err}"
    );
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        value["kpis"]["deaths"]["n"], 5,
        "the other replicates finish"
    );
    assert_eq!(value["failed"][0]["replicate"], 4);
}
