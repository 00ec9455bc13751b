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

/// Three sealed shards of one small batch in `dir/out`, and their paths.
fn three_shards(dir: &TempDir) -> Vec<String> {
    for i in 1..=3 {
        let shard = format!("{i}/3");
        ok(drillsim(&[
            "batch",
            TOWN,
            "--runs",
            "12",
            "--seed",
            "5",
            "--shard",
            &shard,
            "--out",
            &dir.path("out"),
        ]));
    }
    (1..=3)
        .map(|i| dir.path(&format!("out/shard-{i}-of-3.jsonl")))
        .collect()
}

/// The lines of a shard without its seal, changed by `edit`, sealed again as drillsim seals
/// them (SHA-256 of every byte before the seal line), or left with the old seal.
fn tamper(path: &str, reseal: bool, edit: impl FnOnce(&mut Vec<String>)) {
    use sha2::Digest;
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let seal = lines.pop().unwrap();
    edit(&mut lines);
    let mut body = lines.join("\n");
    body.push('\n');
    let seal = if reseal {
        let digest = sha2::Sha256::digest(body.as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("{{\"sha256\":\"{hex}\"}}")
    } else {
        seal
    };
    std::fs::write(path, format!("{body}{seal}\n")).unwrap();
}

/// Merges `shards` after `edit` changed a copy of shard 1, and returns its error output
/// (asserting status 2).
fn merge_refuses(shards: &[String], reseal: bool, edit: impl FnOnce(&mut Vec<String>)) -> String {
    let original = std::fs::read(&shards[0]).unwrap();
    tamper(&shards[0], reseal, edit);
    let mut args = vec!["merge"];
    args.extend(shards.iter().map(String::as_str));
    args.push("--json");
    let output = drillsim(&args);
    std::fs::write(&shards[0], original).unwrap();
    let err = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        output.stdout.is_empty(),
        "nothing printed from a refused merge"
    );
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("error: "), "{err}");
    err
}

#[test]
fn merge_refuses_shards_edited_after_they_were_written() {
    let dir = TempDir::new("sealed");
    let shards = three_shards(&dir);
    let replace = |line: usize, from: &'static str, to: &'static str| {
        move |lines: &mut Vec<String>| {
            let re_line = &mut lines[line];
            let at = re_line.find(from).expect(from);
            let end = re_line[at + from.len()..]
                .find([',', '}'])
                .map(|e| at + from.len() + e)
                .unwrap();
            re_line.replace_range(at..end, to);
        }
    };
    // A plausible value changed without resealing: only the seal can tell.
    let err = merge_refuses(&shards, false, replace(1, "\"deaths\":", "\"deaths\":5"));
    assert!(
        err.contains("shard-1-of-3.jsonl:7: the seal does not match"),
        "{err}"
    );
    // Resealed by hand, impossible values are still refused, naming the file and line.
    let err = merge_refuses(
        &shards,
        true,
        replace(1, "\"deaths\":", "\"deaths\":500000"),
    );
    assert!(
        err.contains(
            "shard-1-of-3.jsonl:2: replicate 0: deaths is 500000, more than the scenario's"
        ),
        "{err}"
    );
    let err = merge_refuses(&shards, true, replace(1, "\"deaths\":", "\"deaths\":-5"));
    assert!(err.contains(":2: replicate 0: deaths is -5"), "{err}");
    let err = merge_refuses(&shards, true, replace(2, "\"deaths\":", "\"deaths\":\"5\""));
    assert!(
        err.contains(":3: replicate 1: deaths is \"5\", not a number"),
        "{err}"
    );
    let err = merge_refuses(&shards, true, replace(2, "\"deaths\":", "\"deaths\":null"));
    assert!(err.contains(":3: replicate 1: deaths is null"), "{err}");
    let err = merge_refuses(
        &shards,
        true,
        replace(1, "\"relief_within_4h\":", "\"relief_within_4h\":1.5"),
    );
    assert!(
        err.contains("relief_within_4h is 1.5; it is a share"),
        "{err}"
    );
    // Swapped, repeated and renumbered replicates.
    let err = merge_refuses(&shards, true, |lines| lines.swap(1, 2));
    assert!(
        err.contains(
            ":2: replicate 1 where replicate 0 was due: replicate 0 is missing or out of order"
        ),
        "{err}"
    );
    let err = merge_refuses(&shards, true, |lines| lines[2] = lines[1].clone());
    assert!(
        err.contains(":3: replicate 0 again or out of order"),
        "{err}"
    );
    let err = merge_refuses(
        &shards,
        true,
        replace(2, "\"replicate\":", "\"replicate\":77"),
    );
    assert!(
        err.contains(":3: replicate 77 is not in shard 1/3"),
        "{err}"
    );
    // Curve sums a thousand times too big.
    let err = merge_refuses(&shards, true, |lines| {
        let last = lines.len() - 1;
        let mut closing: serde_json::Value = serde_json::from_str(&lines[last]).unwrap();
        for hour in closing["curves"]["hours"].as_array_mut().unwrap() {
            for value in hour.as_array_mut().unwrap().iter_mut().skip(1) {
                *value = (value.as_u64().unwrap() * 1000 + 100_000).into();
            }
        }
        lines[last] = closing.to_string();
    });
    assert!(err.contains(":6: the curves' hour 0 sums"), "{err}");
    // The untouched shards still merge.
    let mut args = vec!["merge"];
    args.extend(shards.iter().map(String::as_str));
    ok(drillsim(&args));
}

#[test]
fn outputs_that_are_inputs_are_refused_before_any_work() {
    let dir = TempDir::new("overlap");
    let scenario_before = std::fs::read(TOWN).unwrap();
    // A batch of a million replicates would run for hours: each refusal must come first.
    let huge = ["batch", TOWN, "--runs", "1000000"];
    let refused = |extra: &[&str], expected: &str| {
        let mut args = huge.to_vec();
        args.extend(extra);
        let output = drillsim(&args);
        let err = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.starts_with("error: ") && err.contains(expected),
            "{args:?}: {err}"
        );
    };
    refused(&["--csv", TOWN], "is also an input of this command");
    refused(&["--csv", "./scenarios/small-town.ron"], "is also an input");
    refused(
        &[
            "--plan",
            "scenarios/plans/do-nothing.ron",
            "--csv",
            "scenarios/plans/do-nothing.ron",
        ],
        "is also an input",
    );
    refused(
        &["--report", &dir.path("r.txt")],
        "name the file .html or .md",
    );
    refused(&["--report", &dir.path("missing/r.html")], "does not exist");
    refused(
        &[
            "--csv",
            &dir.path("same.html"),
            "--report",
            &dir.path("same.html"),
        ],
        "is named for two outputs",
    );
    refused(&["--shard", "1/2", "--out", TOWN], "is a file");
    assert_eq!(std::fs::read(TOWN).unwrap(), scenario_before);
    // A part file the scenario includes is an input too.
    let part = "scenarios/county/forces.ron";
    let part_before = std::fs::read(part).unwrap();
    let output = drillsim(&[
        "batch",
        "scenarios/county-quake.ron",
        "--runs",
        "1000000",
        "--csv",
        part,
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(std::fs::read(part).unwrap(), part_before);
    // merge: a shard is an input.
    let shards = three_shards(&dir);
    let before = std::fs::read(&shards[0]).unwrap();
    let output = drillsim(&[
        "merge", &shards[0], &shards[1], &shards[2], "--csv", &shards[0],
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is also an input"));
    assert_eq!(std::fs::read(&shards[0]).unwrap(), before);
    // compare: the plans are inputs.
    let output = drillsim(&[
        "compare",
        TOWN,
        "--plan",
        "scenarios/plans/county-default.ron",
        "--plan",
        "scenarios/plans/do-nothing.ron",
        "--runs",
        "1000000",
        "--report",
        &dir.path("nowhere/c.md"),
    ]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn numbers_from_the_command_line_are_bounded_before_anything_is_allocated() {
    let start = std::time::Instant::now();
    let refused = |args: &[&str], expected: &str| {
        let output = drillsim(args);
        let err = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.starts_with("error: ") && err.contains(expected),
            "{args:?}: {err}"
        );
    };
    // u64::MAX runs once wrapped the shared replicate counter and never ended.
    refused(
        &[
            "batch",
            TOWN,
            "--runs",
            "18446744073709551615",
            "--shard",
            "2/2",
            "--jobs",
            "2",
        ],
        "is more than 1000000000",
    );
    refused(
        &[
            "compare",
            TOWN,
            "--plan",
            "scenarios/plans/do-nothing.ron",
            "--plan",
            "scenarios/plans/do-nothing.ron",
            "--runs",
            "1000000001",
        ],
        "is more than 1000000000",
    );
    refused(
        &["batch", TOWN, "--runs", "2", "--shard", "1/100001"],
        "is not a shard",
    );
    // 10⁶ sweep points were once built (and every scenario loaded) before anything ran.
    let values: Vec<String> = (1..=1000).map(|v| v.to_string()).collect();
    let axis = format!("plan.dispatch.max_teams_per_site={}", values.join(","));
    refused(
        &["sweep", TOWN, "--set", &axis, "--set", &axis, "--runs", "1"],
        "the sweep has 1000 × 1000 points, more than 10000",
    );
    refused(
        &["sweep", TOWN, "--set", &axis, "--runs", "10000000"],
        "more than 1000000000 replicates",
    );
    assert!(start.elapsed().as_secs() < 60, "refused at once");
    // An absurd --jobs runs, on as many threads as are useful, and says so.
    let output = drillsim(&["batch", TOWN, "--runs", "2", "--jobs", "100000", "--json"]);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("100000 worker threads asked for"));
}

/// Starts a batch, waits until it is writing `temporary_in` (its temporary output exists),
/// sends `signal`, and returns its exit status and standard error.
#[cfg(unix)]
fn interrupt_batch(args: &[&str], temporary_in: &str, signal: &str) -> (Option<i32>, String) {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_drillsim"))
        .args(args)
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("JOB_COMPLETION_INDEX")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    loop {
        let writing = std::fs::read_dir(temporary_in).is_ok_and(|entries| {
            entries
                .filter_map(Result::ok)
                .any(|e| e.file_name().to_string_lossy().contains(".partial-"))
        });
        if writing {
            break;
        }
        assert!(
            started.elapsed().as_secs() < 60,
            "the batch never started writing"
        );
        assert!(child.try_wait().unwrap().is_none(), "the batch ended early");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let sent = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Names in `dir` (none expected).
fn leftovers(dir: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(unix)]
#[test]
fn an_interrupted_batch_leaves_no_output_that_looks_complete() {
    let dir = TempDir::new("interrupt");
    let csv = dir.path("csv/out.csv");
    std::fs::create_dir_all(dir.path("csv")).unwrap();
    let (status, err) = interrupt_batch(
        &[
            "batch", TOWN, "--runs", "1000000", "--jobs", "2", "--csv", &csv,
        ],
        &dir.path("csv"),
        "-INT",
    );
    assert_eq!(status, Some(130), "{err}");
    assert!(
        err.contains("interrupted by SIGINT (Ctrl-C) after ")
            && err.contains(" of 1000000 replicates; no output written"),
        "{err}"
    );
    assert_eq!(leftovers(&dir.path("csv")), Vec::<String>::new());
    // SIGTERM (a scheduler cancelling the job) in the middle of a shard.
    let (status, err) = interrupt_batch(
        &[
            "batch",
            TOWN,
            "--runs",
            "1000000",
            "--jobs",
            "2",
            "--shard",
            "1/2",
            "--out",
            &dir.path("shards"),
        ],
        &dir.path("shards"),
        "-TERM",
    );
    assert_eq!(status, Some(143), "{err}");
    assert!(err.contains("interrupted by SIGTERM after "), "{err}");
    assert_eq!(leftovers(&dir.path("shards")), Vec::<String>::new());
}
