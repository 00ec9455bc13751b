//! `drillsim batch` (many seeded replicates, or one shard of them) and `drillsim merge` (shards
//! back into the outputs of one batch): the same table, JSON, CSV and reports, byte for byte.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use super::error::{Failure, Refusal};
use super::inputs::{
    ScenarioArgs, SetArgs, check_outputs, load_scenario_with, parse_overrides, scenario_inputs,
};
use super::replicates::{
    Interrupt, ReplicateArgs, check_runs, commit, create, jobs, other, progress, report_failures,
    report_kind, reproduce, write_report,
};
use crate::eval::batch::run_replicates_until;
use crate::eval::report::ReportInput;
use crate::eval::shard::{self, Bounds, ShardId, ShardProblems, ShardWriter};
use crate::eval::summary::{BatchHeader, BatchSummary, csv_header, csv_row, write_batch_json};
use crate::eval::{self, stats::Running};
use crate::files::AtomicFile;
use crate::scenario::Targets;
use crate::sim::kpi::Kpis;
use crate::sim::{KPI_NAMES, Kpi};

/// Where a batch's results go.
#[derive(Debug, Clone, clap::Args)]
pub struct BatchOutput {
    /// Print one JSON object instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Write one CSV row per replicate to FILE.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Write a report: FILE.html (self-contained, with charts) or FILE.md.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    #[command(flatten)]
    pub input: ScenarioArgs,
    #[command(flatten)]
    pub replicates: ReplicateArgs,
    /// Run only slice I of N (1-based) and write a shard file into --out; also read from
    /// SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT or JOB_COMPLETION_INDEX/JOB_COMPLETIONS.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// Folder for shard files.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub out: PathBuf,
    #[command(flatten)]
    pub set: SetArgs,
    #[command(flatten)]
    pub output: BatchOutput,
}

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Shard files written by `batch --shard`.
    #[arg(required = true)]
    pub shards: Vec<PathBuf>,
    #[command(flatten)]
    pub output: BatchOutput,
}

pub(super) fn batch(args: BatchArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    check_runs(args.replicates.runs)?;
    let overrides = parse_overrides(&args.set.values)?;
    let scenario = Arc::new(load_scenario_with(
        &args.input.scenario,
        args.input.plan.as_deref(),
        &overrides,
    )?);
    let shard = match &args.shard {
        Some(text) => Some(ShardId::parse(text).map_err(Refusal::Shard)?),
        None => {
            let from_env = ShardId::from_env(|name| std::env::var(name).ok())
                .map_err(Refusal::ShardFromEnv)?;
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
        return Err(Refusal::ShardWithBatchOutputs.into());
    }
    if let Some(path) = &args.output.report {
        report_kind(path)?;
    }
    let range = shard.map_or(0..args.replicates.runs, |s| {
        s.replicates(args.replicates.runs)
    });
    let jobs = jobs(args.replicates.jobs, range.end - range.start)?;
    // Every output is checked before the first replicate runs.
    let inputs = scenario_inputs(&args.input.scenario, args.input.plan.as_deref());
    let shard_path = match shard {
        Some(s) => {
            if args.out.exists() && !args.out.is_dir() {
                return Err(Refusal::OutIsAFile(args.out.clone()).into());
            }
            std::fs::create_dir_all(&args.out).map_err(|error| {
                Refusal::CannotCreateShardFolder {
                    path: args.out.clone(),
                    error,
                }
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
        seed: args.replicates.seed,
        runs: args.replicates.runs,
        targets: scenario.targets.clone(),
        scenario_file: args.input.scenario.display().to_string(),
        fingerprint: crate::eval::summary::fingerprint(&scenario),
    };
    let mut shard_writer = match shard {
        Some(s) => Some(
            ShardWriter::create(&args.out, &header, Bounds::of(&scenario), s).map_err(|error| {
                Refusal::CannotWriteShard {
                    path: args.out.clone(),
                    error,
                }
            })?,
        ),
        None => None,
    };
    let mut csv = csv_file(args.output.csv.as_deref())?;
    let total = range.end - range.start;
    let bar = progress(total, &scenario.name);
    let mut summary = BatchSummary::default();
    let mut io_error: Option<io::Error> = None;
    let seed = args.replicates.seed;
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
    .map_err(|e| Failure::Other(e.into()))?;
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
        reproduce(
            &args.input.scenario,
            args.input.plan.as_deref(),
            seed,
            r,
            &args.set.values,
        )
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
            args.replicates.runs
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

fn target_text(kpi: Kpi, targets: &Targets, running: &Running) -> String {
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

pub(super) fn merge(args: MergeArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
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
    // Every shard is read and checked whole (seal, values, replicates) before any is used.
    let shards = shard::read_all(&args.shards).map_err(Refusal::Shards)?;
    let header = shards[0].batch.clone();
    let mut summary = BatchSummary::default();
    let mut csv = csv_file(args.output.csv.as_deref())?;
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
            .map_err(|e| {
                Refusal::Shards(ShardProblems {
                    problems: vec![e.to_string()],
                })
            })?;
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

/// The `--csv` file, if asked for, opened and headed (batch and merge write the same CSV).
fn csv_file(path: Option<&Path>) -> Result<Option<BufWriter<AtomicFile>>, Failure> {
    let Some(path) = path else {
        return Ok(None);
    };
    let mut file = create(path, "the CSV")?;
    writeln!(file, "{}", csv_header()).map_err(|e| other(e, "writing the CSV"))?;
    Ok(Some(file))
}
