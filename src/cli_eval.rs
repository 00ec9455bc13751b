//! Command-line glue for the evaluation commands: `batch`, `compare`, `sweep`, `merge`.
//!
//! Every command checks its numbers and its output paths before any replicate runs, writes its
//! files under temporary names renamed into place only when complete (see [`crate::files`]),
//! and stops cleanly on Ctrl-C, SIGTERM or SIGHUP: no further replicate starts, no output is
//! written, and it exits with 128 + the signal's number (130 for Ctrl-C).

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::{
    BatchArgs, BatchOutput, CompareArgs, Failure, MergeArgs, SweepArgs, check_outputs,
    load_scenario, load_scenario_with, parse_overrides, scenario_inputs,
};
use crate::eval::batch::{MAX_RUNS, run_replicates_until};
use crate::eval::compare::{Comparison, write_compare_json};
use crate::eval::report::{self, ReportInput};
use crate::eval::shard::{self, Bounds, ShardId, ShardWriter};
use crate::eval::summary::{BatchHeader, BatchSummary, csv_header, csv_row, write_batch_json};
use crate::eval::{self, stats::Running};
use crate::files::AtomicFile;
use crate::scenario::overrides::{Override, parse_value};
use crate::scenario::{Scenario, Targets as TargetsSpec};
use crate::sim::kpi::Kpis;
use crate::sim::{KPI_NAMES, Kpi};

/// Worker threads per core, at most: more only share the same cores and hold more replicates
/// in memory at once.
const THREADS_PER_CORE: usize = 4;

/// The most points one sweep runs (every point's scenario is loaded and checked first).
pub const MAX_SWEEP_POINTS: usize = 10_000;

/// The most plans one comparison runs (every plan's scenario stays loaded while it runs).
pub const MAX_COMPARE_PLANS: usize = 100;

/// How many worker threads to start for `replicates` replicates: `--jobs`, else
/// `SLURM_CPUS_PER_TASK`, else every core; at most [`THREADS_PER_CORE`] per core (saying so)
/// and never more than there are replicates.
fn jobs(requested: Option<usize>, replicates: u64) -> Result<usize, Failure> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let wanted = match requested {
        Some(0) => return Err(Failure::Input("error: --jobs must be at least 1".into())),
        Some(n) => n,
        // Inside a Slurm job, use the cores it was given.
        None => std::env::var("SLURM_CPUS_PER_TASK")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .filter(|n: &usize| *n > 0)
            .unwrap_or(cores),
    };
    let ceiling = cores
        .saturating_mul(THREADS_PER_CORE)
        .min(eval::batch::MAX_WORKERS);
    if wanted > ceiling {
        eprintln!(
            "note: {wanted} worker threads asked for; at most {ceiling} run ({THREADS_PER_CORE} \
             per core on the {cores} core(s) here, never more than {})",
            eval::batch::MAX_WORKERS
        );
    }
    let useful = usize::try_from(replicates).unwrap_or(usize::MAX);
    Ok(wanted.min(ceiling).min(useful).max(1))
}

/// Refuses a `--runs` above [`MAX_RUNS`].
fn check_runs(runs: u64) -> Result<(), Failure> {
    if runs > MAX_RUNS {
        return Err(Failure::Input(format!(
            "error: --runs {runs} is more than {MAX_RUNS}, the most one command runs; split the \
             work into batches with different --seed values"
        )));
    }
    Ok(())
}

/// Ctrl-C (SIGINT), SIGTERM and SIGHUP while a command works: the first asks it to stop (no
/// replicate starts after it; nothing is written); a second ends the process at once.
struct Interrupt {
    stop: Arc<AtomicBool>,
    signal: Arc<AtomicUsize>,
}

impl Interrupt {
    fn install() -> Result<Interrupt, Failure> {
        let stop = Arc::new(AtomicBool::new(false));
        let signal = Arc::new(AtomicUsize::new(0));
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            use signal_hook::flag;
            for sig in [SIGINT, SIGTERM, SIGHUP] {
                // The shutdown goes first: it ends the process only when an earlier signal has
                // already set the flag.
                flag::register_conditional_shutdown(sig, 128 + sig, stop.clone())
                    .and_then(|_| flag::register_usize(sig, signal.clone(), sig as usize))
                    .and_then(|_| flag::register(sig, stop.clone()))
                    .map_err(|e| other(e, "installing the signal handlers"))?;
            }
        }
        Ok(Interrupt { stop, signal })
    }

    fn flag(&self) -> &AtomicBool {
        &self.stop
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// Says what was done, on standard error, and gives the exit status 128 + the signal.
    fn exit(&self, done: &str) -> ExitCode {
        let signal = self.signal.load(Ordering::Relaxed);
        let name = match signal {
            1 => "SIGHUP",
            2 => "SIGINT (Ctrl-C)",
            15 => "SIGTERM",
            _ => "a signal",
        };
        eprintln!("interrupted by {name} after {done}; no output written");
        ExitCode::from(u8::try_from(128 + signal).unwrap_or(130))
    }
}

/// A progress bar on a terminal; nothing on a pipe or file.
fn progress(total: u64, what: &str) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{msg} {wide_bar} {pos}/{len} replicates · {elapsed} · ETA {eta}",
    ) {
        bar.set_style(style);
    }
    bar.set_message(what.to_string());
    bar
}

/// An output file written under a temporary name (see [`AtomicFile`]).
fn create(path: &Path, what: &str) -> Result<BufWriter<AtomicFile>, Failure> {
    AtomicFile::create(path).map(BufWriter::new).map_err(|e| {
        Failure::Input(format!(
            "error: cannot write {what} to {}: {e}",
            path.display()
        ))
    })
}

/// Puts a complete output file in place.
fn commit(file: BufWriter<AtomicFile>, what: &str) -> Result<(), Failure> {
    file.into_inner()
        .map_err(|e| e.into_error())
        .and_then(AtomicFile::commit)
        .map_err(|e| other(e, &format!("writing {what}")))
}

fn other(error: io::Error, context: &str) -> Failure {
    Failure::Other(anyhow::Error::new(error).context(context.to_string()))
}

/// The kind of report a `--report` path asks for, checked before any work.
#[derive(Clone, Copy)]
enum ReportKind {
    Html,
    Markdown,
}

fn report_kind(path: &Path) -> Result<ReportKind, Failure> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") | Some("htm") => Ok(ReportKind::Html),
        Some("md") | Some("markdown") => Ok(ReportKind::Markdown),
        _ => Err(Failure::Input(format!(
            "error: --report {}: name the file .html or .md",
            path.display()
        ))),
    }
}

/// The command that re-runs one replicate alone.
fn reproduce(
    scenario: &Path,
    plan: Option<&Path>,
    seed: u64,
    replicate: u64,
    set: &[String],
) -> String {
    let mut command = format!(
        "drillsim run {} --seed {seed} --replicate {replicate}",
        scenario.display()
    );
    if let Some(plan) = plan {
        command.push_str(&format!(" --plan {}", plan.display()));
    }
    for s in set {
        command.push_str(&format!(" --set {s}"));
    }
    command
}

pub fn batch(args: BatchArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    check_runs(args.runs)?;
    let overrides = parse_overrides(&args.set)?;
    let scenario = Arc::new(load_scenario_with(
        &args.scenario,
        args.plan.as_deref(),
        &overrides,
    )?);
    let shard = match &args.shard {
        Some(text) => {
            Some(ShardId::parse(text).map_err(|e| Failure::Input(format!("error: --shard {e}")))?)
        }
        None => {
            let from_env = ShardId::from_env(|name| std::env::var(name).ok())
                .map_err(|e| Failure::Input(format!("error: {e}")))?;
            if let Some(s) = from_env {
                eprintln!(
                    "note: running shard {}/{} of the batch, as the scheduler's environment says \
                     (SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX); give --shard to choose",
                    s.index, s.count
                );
            }
            from_env
        }
    };
    if shard.is_some()
        && (args.output.json || args.output.csv.is_some() || args.output.report.is_some())
    {
        return Err(Failure::Input(
            "error: --json, --csv and --report describe a whole batch; a shard writes a shard \
             file into --out, and `drillsim merge` gives the outputs of the whole batch"
                .into(),
        ));
    }
    if let Some(path) = &args.output.report {
        report_kind(path)?;
    }
    let range = shard.map_or(0..args.runs, |s| s.replicates(args.runs));
    let jobs = jobs(args.jobs, range.end - range.start)?;
    // Every output is checked before the first replicate runs.
    let inputs = scenario_inputs(&args.scenario, args.plan.as_deref());
    let shard_path = match shard {
        Some(s) => {
            if args.out.exists() && !args.out.is_dir() {
                return Err(Failure::Input(format!(
                    "error: --out {} is a file; name a folder for the shard file",
                    args.out.display()
                )));
            }
            std::fs::create_dir_all(&args.out).map_err(|e| {
                Failure::Input(format!(
                    "error: cannot create the folder {} for the shard: {e}",
                    args.out.display()
                ))
            })?;
            Some(s.path_in(&args.out))
        }
        None => None,
    };
    let outputs: Vec<&Path> = [&args.output.csv, &args.output.report, &shard_path]
        .into_iter()
        .flatten()
        .map(PathBuf::as_path)
        .collect();
    check_outputs(&outputs, &inputs)?;
    let interrupt = Interrupt::install()?;
    let header = BatchHeader {
        scenario: scenario.name.clone(),
        plan: scenario.plan.name.clone(),
        seed: args.seed,
        runs: args.runs,
        targets: scenario.targets.clone(),
        scenario_file: args.scenario.display().to_string(),
        fingerprint: crate::eval::summary::fingerprint(&scenario),
    };
    let mut shard_writer = match shard {
        Some(s) => Some(
            ShardWriter::create(&args.out, &header, Bounds::of(&scenario), s).map_err(|e| {
                Failure::Input(format!(
                    "error: cannot write the shard into {}: {e}",
                    args.out.display()
                ))
            })?,
        ),
        None => None,
    };
    let mut csv = match &args.output.csv {
        Some(path) => {
            let mut file = create(path, "the CSV")?;
            writeln!(file, "{}", csv_header()).map_err(|e| other(e, "writing the CSV"))?;
            Some(file)
        }
        None => None,
    };
    let total = range.end - range.start;
    let bar = progress(total, &scenario.name);
    let mut summary = BatchSummary::default();
    let mut io_error: Option<io::Error> = None;
    let seed = args.seed;
    let fault = injected_fault();
    let done = run_replicates_until(
        jobs,
        range.clone(),
        interrupt.flag(),
        |replicate| {
            if fault == Some(replicate) {
                panic!("injected fault (DRILLSIM_FAULT_REPLICATE={replicate})");
            }
            eval::run_replicate(&scenario, seed, replicate)
        },
        |replicate, result| {
            bar.inc(1);
            let row: Result<Kpis, String> = match &result {
                Ok(outcome) => {
                    summary.push_ok(&outcome.kpis, &outcome.hourly);
                    Ok(outcome.kpis.clone())
                }
                Err(message) => {
                    summary.push_failure(replicate, message.clone());
                    Err(message.clone())
                }
            };
            let written = csv
                .as_mut()
                .map_or(Ok(()), |f| {
                    writeln!(f, "{}", csv_row(replicate, seed, &row))
                })
                .and_then(|_| {
                    shard_writer
                        .as_mut()
                        .map_or(Ok(()), |w| w.write_row(replicate, &row))
                });
            if let Err(e) = written {
                io_error.get_or_insert(e);
            }
        },
    )
    .map_err(|e| Failure::Other(anyhow::anyhow!(e)))?;
    bar.finish_and_clear();
    if done < total {
        // The CSV and shard files were never committed: dropping them removes them.
        return Ok(interrupt.exit(&format!("{done} of {total} replicates")));
    }
    if let Some(e) = io_error {
        return Err(other(e, "writing batch results"));
    }
    if let Some(file) = csv {
        commit(file, "the CSV")?;
    }
    report_failures(&summary, |r| {
        reproduce(&args.scenario, args.plan.as_deref(), seed, r, &args.set)
    });
    if let Some(writer) = shard_writer {
        let path = writer
            .finish(&summary.curves)
            .map_err(|e| other(e, "writing the shard"))?;
        eprintln!(
            "wrote {} (replicates {}..{} of {}); combine the shards with `drillsim merge`",
            path.display(),
            range.start,
            range.end,
            args.runs
        );
    } else {
        emit_batch(&header, &summary, &args.output, out)?;
    }
    Ok(if summary.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `DRILLSIM_FAULT_REPLICATE=N` makes replicate N of a batch panic, so the failure path —
/// isolation, the report and the exit status — can be exercised end to end.
fn injected_fault() -> Option<u64> {
    std::env::var("DRILLSIM_FAULT_REPLICATE")
        .ok()?
        .trim()
        .parse()
        .ok()
}

fn report_failures(summary: &BatchSummary, reproduce: impl Fn(u64) -> String) {
    for failure in &summary.failures {
        eprintln!(
            "error: replicate {} failed: {}\n  reproduce with: {}",
            failure.replicate,
            failure.message,
            reproduce(failure.replicate)
        );
    }
}

/// Prints and writes a batch's outputs; `merge` calls the same so the bytes are the same.
fn emit_batch(
    header: &BatchHeader,
    summary: &BatchSummary,
    output: &BatchOutput,
    out: &mut impl Write,
) -> Result<(), Failure> {
    if output.json {
        write_batch_json(out, header, summary)?;
    } else {
        out.write_all(batch_table(header, summary).as_bytes())?;
    }
    if let Some(path) = &output.report {
        let input = ReportInput::Batch { header, summary };
        write_report(path, &input)?;
    }
    Ok(())
}

fn write_report(path: &Path, input: &ReportInput) -> Result<(), Failure> {
    let text = match report_kind(path)? {
        ReportKind::Html => report::html(input),
        ReportKind::Markdown => report::markdown(input),
    };
    crate::files::write_atomic(path, text.as_bytes()).map_err(|e| {
        Failure::Input(format!(
            "error: cannot write the report to {}: {e}",
            path.display()
        ))
    })?;
    eprintln!("wrote {}", path.display());
    Ok(())
}

/// The human table of a batch.
pub fn batch_table(header: &BatchHeader, summary: &BatchSummary) -> String {
    let mut s = format!(
        "drillsim batch · {} · plan {} · seed {} · {} replicates ({} ok, {} failed)\n\n",
        header.scenario,
        header.plan,
        header.seed,
        header.runs,
        summary.completed,
        summary.failures.len()
    );
    s.push_str(&format!(
        "{:<28} {:>10} {:>23} {:>9} {:>9} {:>9}  {}\n",
        "KPI", "mean", "95 % CI of the mean", "p5", "median", "p95", "target"
    ));
    for kpi in Kpi::ALL {
        let running = summary.stats.of(kpi);
        if running.n() == 0 {
            continue;
        }
        let half = running.ci95_half_width();
        let q = |p| {
            running
                .quantile(p)
                .map_or("—".into(), |v| kpi.table_text(v))
        };
        let target = target_text(kpi, &header.targets, running);
        s.push_str(&format!(
            "{:<28} {:>10} {:>23} {:>9} {:>9} {:>9}  {}\n",
            kpi.name(),
            kpi.table_text(running.mean()),
            format!(
                "{} – {}",
                kpi.table_text(running.mean() - half),
                kpi.table_text(running.mean() + half)
            ),
            q(0.05),
            q(0.5),
            q(0.95),
            target
        ));
    }
    let not_modelled: Vec<&str> = KPI_NAMES
        .iter()
        .enumerate()
        .filter(|(i, _)| summary.stats.running(*i).n() == 0)
        .map(|(_, n)| *n)
        .collect();
    if !not_modelled.is_empty() {
        s.push_str(&format!(
            "\nnull in every replicate (not modelled or not applicable): {}\n",
            not_modelled.join(", ")
        ));
    }
    s
}

fn target_text(kpi: Kpi, targets: &TargetsSpec, running: &Running) -> String {
    let Some(target) = kpi.target(targets) else {
        return String::new();
    };
    match kpi.meets(running.mean(), target) {
        Some(met) => format!(
            "{} ({})",
            kpi.table_text(target),
            if met {
                "met on average"
            } else {
                "missed on average"
            }
        ),
        None => kpi.table_text(target),
    }
}

pub fn merge(args: MergeArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    if let Some(path) = &args.output.report {
        report_kind(path)?;
    }
    let outputs: Vec<&Path> = [&args.output.csv, &args.output.report]
        .into_iter()
        .flatten()
        .map(PathBuf::as_path)
        .collect();
    check_outputs(&outputs, &args.shards)?;
    let interrupt = Interrupt::install()?;
    let input = |e: String| {
        Failure::Input(
            e.lines()
                .map(|line| format!("error: {line}\n"))
                .collect::<String>(),
        )
    };
    // Every shard is read and checked whole (seal, values, replicates) before any is used.
    let shards = shard::read_all(&args.shards).map_err(input)?;
    let header = shards[0].batch.clone();
    let mut summary = BatchSummary::default();
    let mut csv = match &args.output.csv {
        Some(path) => {
            let mut file = create(path, "the CSV")?;
            writeln!(file, "{}", csv_header()).map_err(|e| other(e, "writing the CSV"))?;
            Some(file)
        }
        None => None,
    };
    let mut io_error: Option<io::Error> = None;
    for (done, s) in shards.iter().enumerate() {
        if interrupt.stopped() {
            return Ok(interrupt.exit(&format!("{done} of {} shards", shards.len())));
        }
        let curves = s
            .read(|row| {
                summary.push_row(row.replicate, &row.result);
                if let Some(file) = csv.as_mut()
                    && let Err(e) =
                        writeln!(file, "{}", csv_row(row.replicate, header.seed, &row.result))
                {
                    io_error.get_or_insert(e);
                }
            })
            .map_err(input)?;
        summary.curves.add(&curves);
    }
    if let Some(e) = io_error {
        return Err(other(e, "writing the CSV"));
    }
    if let Some(file) = csv {
        commit(file, "the CSV")?;
    }
    let file = if header.scenario_file.is_empty() {
        "SCENARIO".to_string()
    } else {
        header.scenario_file.clone()
    };
    report_failures(&summary, |r| {
        format!("drillsim run {file} --seed {} --replicate {r}", header.seed)
    });
    emit_batch(&header, &summary, &args.output, out)?;
    Ok(if summary.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub fn compare(args: CompareArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    if args.plans.len() < 2 {
        return Err(Failure::Input(
            "error: compare needs at least two --plan files".into(),
        ));
    }
    if args.plans.len() > MAX_COMPARE_PLANS {
        return Err(Failure::Input(format!(
            "error: {} plans are more than {MAX_COMPARE_PLANS}, the most one comparison runs",
            args.plans.len()
        )));
    }
    check_runs(args.runs)?;
    if let Some(path) = &args.report {
        report_kind(path)?;
        let mut inputs = scenario_inputs(&args.scenario, None);
        inputs.extend(args.plans.iter().cloned());
        check_outputs(&[path], &inputs)?;
    }
    let jobs = jobs(args.jobs, args.runs)?;
    let scenarios: Vec<Arc<Scenario>> = args
        .plans
        .iter()
        .map(|plan| load_scenario(&args.scenario, Some(plan)).map(Arc::new))
        .collect::<Result<_, _>>()?;
    let interrupt = Interrupt::install()?;
    let mut names: Vec<String> = scenarios.iter().map(|s| s.plan.name.clone()).collect();
    // Two plan files may carry the same name; tell them apart by file.
    for i in 0..names.len() {
        if names.iter().filter(|n| **n == names[i]).count() > 1 {
            names[i] = format!("{} ({})", names[i], args.plans[i].display());
        }
    }
    let mut comparison = Comparison::new(names);
    let bar = progress(args.runs, "compare");
    let seed = args.seed;
    let done = run_replicates_until(
        jobs,
        0..args.runs,
        interrupt.flag(),
        |replicate| {
            scenarios
                .iter()
                .map(|s| {
                    let outcome = eval::run_replicate(s, seed, replicate);
                    (outcome.kpis, outcome.hourly)
                })
                .collect::<Vec<_>>()
        },
        |replicate, result| {
            bar.inc(1);
            match result {
                Ok(outcomes) => comparison.push(&outcomes),
                Err(message) => comparison.push_failure(replicate, message),
            }
        },
    )
    .map_err(|e| Failure::Other(anyhow::anyhow!(e)))?;
    bar.finish_and_clear();
    if done < args.runs {
        return Ok(interrupt.exit(&format!("{done} of {} replicates", args.runs)));
    }
    report_failures(&comparison.per_plan[0], |r| {
        reproduce(&args.scenario, Some(&args.plans[0]), seed, r, &[])
    });
    if args.json {
        write_compare_json(out, &scenarios[0].name, seed, args.runs, &comparison)?;
    } else {
        writeln!(
            out,
            "drillsim compare · {} · {} replicates · seed {} · the same disasters for every plan\n",
            scenarios[0].name, args.runs, seed
        )?;
        for line in comparison.verdicts() {
            writeln!(out, "{line}")?;
        }
    }
    if let Some(path) = &args.report {
        write_report(
            path,
            &ReportInput::Compare {
                scenario: &scenarios[0].name,
                seed,
                runs: args.runs,
                targets: &scenarios[0].targets,
                comparison: &comparison,
            },
        )?;
    }
    Ok(if comparison.per_plan[0].failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The points of a sweep (each the overrides that define it), every axis in `--set` order, the
/// first varying slowest. Refused before anything is built when there would be more than
/// [`MAX_SWEEP_POINTS`] points, or more than [`MAX_RUNS`] replicates in all.
fn sweep_points(set: &[String], runs: u64) -> Result<Vec<Vec<Override>>, Failure> {
    let mut axes: Vec<Vec<Override>> = Vec::new();
    for text in set {
        let (path, values) = text
            .split_once('=')
            .ok_or_else(|| Failure::Input(format!("error: --set `{text}` is not PATH=V1,V2,…")))?;
        let values: Vec<Override> = values
            .split(',')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| Override {
                path: path.trim().to_string(),
                value: parse_value(v),
            })
            .collect();
        if values.is_empty() {
            return Err(Failure::Input(format!(
                "error: --set `{text}` lists no values"
            )));
        }
        axes.push(values);
    }
    let count = axes
        .iter()
        .try_fold(1usize, |n, axis| n.checked_mul(axis.len()))
        .filter(|&n| n <= MAX_SWEEP_POINTS);
    let Some(count) = count else {
        let sizes: Vec<String> = axes.iter().map(|a| a.len().to_string()).collect();
        return Err(Failure::Input(format!(
            "error: the sweep has {} points, more than {MAX_SWEEP_POINTS}, the most one sweep \
             runs; sweep fewer values or split the sweep",
            sizes.join(" × ")
        )));
    };
    if (count as u64).saturating_mul(runs) > MAX_RUNS {
        return Err(Failure::Input(format!(
            "error: the sweep runs {count} points × {runs} runs, more than {MAX_RUNS} replicates \
             in all; lower --runs or sweep fewer values"
        )));
    }
    let mut points: Vec<Vec<Override>> = vec![Vec::new()];
    for axis in axes {
        points = points
            .into_iter()
            .flat_map(|p| {
                axis.iter().map(move |v| {
                    let mut q = p.clone();
                    q.push(v.clone());
                    q
                })
            })
            .collect();
    }
    Ok(points)
}

pub fn sweep(args: SweepArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    check_runs(args.runs)?;
    let points = sweep_points(&args.set, args.runs)?;
    let jobs = jobs(args.jobs, args.runs)?;
    // Check every point first, so a bad value is reported before anything runs; only one
    // point's scenario is held at a time (each is loaded again when it runs).
    let mut names = None;
    for p in &points {
        let scenario = load_scenario_with(&args.scenario, args.plan.as_deref(), p)?;
        names.get_or_insert((scenario.name, scenario.plan.name));
    }
    let (scenario_name, plan_name) = names.unwrap_or_default();
    let interrupt = Interrupt::install()?;
    let seed = args.seed;
    let mut results: Vec<BatchSummary> = Vec::new();
    let total = args.runs * points.len() as u64;
    let bar = progress(total, "sweep");
    for (index, p) in points.iter().enumerate() {
        // Checked above; its warnings were printed then.
        let scenario = crate::scenario::load_overridden(&args.scenario, args.plan.as_deref(), p)
            .map(|loaded| Arc::new(loaded.scenario))
            .map_err(|d| Failure::Input(d.to_string()))?;
        let mut summary = BatchSummary::default();
        let done = run_replicates_until(
            jobs,
            0..args.runs,
            interrupt.flag(),
            |r| eval::run_replicate(&scenario, seed, r),
            |r, result| {
                bar.inc(1);
                match result {
                    Ok(o) => summary.push_ok(&o.kpis, &o.hourly),
                    Err(m) => summary.push_failure(r, m),
                }
            },
        )
        .map_err(|e| Failure::Other(anyhow::anyhow!(e)))?;
        if done < args.runs {
            bar.finish_and_clear();
            let finished = index as u64 * args.runs + done;
            return Ok(interrupt.exit(&format!("{finished} of {total} replicates")));
        }
        results.push(summary);
    }
    bar.finish_and_clear();
    let labels: Vec<String> = points
        .iter()
        .map(|p| p.iter().map(Override::label).collect::<Vec<_>>().join(" "))
        .collect();
    let failed = results.iter().any(|r| !r.failures.is_empty());
    if args.json {
        let points_json: Vec<serde_json::Value> = points
            .iter()
            .zip(&results)
            .map(|(p, r)| {
                let set: serde_json::Map<String, serde_json::Value> = p
                    .iter()
                    .map(|o| (o.path.clone(), o.value.clone()))
                    .collect();
                serde_json::json!({"set": set, "kpis": r.stats.to_json()})
            })
            .collect();
        let value = serde_json::json!({
            "scenario": scenario_name,
            "plan": plan_name,
            "seed": seed,
            "runs": args.runs,
            "points": points_json,
        });
        serde_json::to_writer(&mut *out, &value).map_err(|e| Failure::Other(e.into()))?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "drillsim sweep · {} · {} replicates per point · seed {}\n",
            scenario_name, args.runs, seed
        )?;
        let shown = [
            Kpi::Deaths,
            Kpi::DeathsWhileTrapped,
            Kpi::RescuedAlive,
            Kpi::FirstResponseP50Min,
            Kpi::InjuredTreated,
            Kpi::ReliefWithin4h,
        ];
        let width = labels
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(5)
            .max(5);
        write!(out, "{:<width$}", "point")?;
        for kpi in shown {
            write!(out, "  {:>22}", kpi.name())?;
        }
        writeln!(out)?;
        for (label, r) in labels.iter().zip(&results) {
            write!(out, "{label:<width$}")?;
            for kpi in shown {
                let run = r.stats.of(kpi);
                let cell = if run.n() > 0 {
                    format!(
                        "{} ± {}",
                        kpi.table_text(run.mean()),
                        kpi.table_text(run.ci95_half_width())
                    )
                } else {
                    "—".to_string()
                };
                write!(out, "  {cell:>22}")?;
            }
            writeln!(out)?;
        }
        writeln!(out, "\n(mean ± half-width of the 95 % CI)")?;
    }
    for (label, r) in labels.iter().zip(&results) {
        for f in &r.failures {
            eprintln!(
                "error: {label}: replicate {} failed: {}",
                f.replicate, f.message
            );
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
