//! `drillsim sweep`: a batch for each point of a grid of `--set` values.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use super::error::{Failure, Refusal};
use super::inputs::{ScenarioArgs, load_scenario_with};
use super::replicates::{Interrupt, ReplicateArgs, check_runs, jobs, progress};
use crate::eval;
use crate::eval::batch::{MAX_RUNS, run_replicates_until};
use crate::eval::summary::BatchSummary;
use crate::scenario::overrides::{Override, parse_value};
use crate::sim::Kpi;

/// The most points one sweep runs (every point's scenario is loaded and checked first).
pub const MAX_SWEEP_POINTS: usize = 10_000;

#[derive(Debug, clap::Args)]
pub struct SweepArgs {
    #[command(flatten)]
    pub input: ScenarioArgs,
    /// PATH=V1,V2,… — repeat for a grid of every combination; every point runs --runs
    /// replicates, all points on the same disasters.
    #[arg(long = "set", value_name = "PATH=V1,V2,…", required = true)]
    pub set: Vec<String>,
    #[command(flatten)]
    pub replicates: ReplicateArgs,
    /// Print one JSON object instead of the table.
    #[arg(long)]
    pub json: bool,
}

/// The points of a sweep (each the overrides that define it), every axis in `--set` order, the
/// first varying slowest. Refused before anything is built when there would be more than
/// [`MAX_SWEEP_POINTS`] points, or more than [`MAX_RUNS`] replicates in all.
fn sweep_points(set: &[String], runs: u64) -> Result<Vec<Vec<Override>>, Refusal> {
    let mut axes: Vec<Vec<Override>> = Vec::new();
    for text in set {
        let (path, values) = text
            .split_once('=')
            .ok_or_else(|| Refusal::NotAnAxis(text.clone()))?;
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
            return Err(Refusal::NoValues(text.clone()));
        }
        axes.push(values);
    }
    let count = axes
        .iter()
        .try_fold(1usize, |n, axis| n.checked_mul(axis.len()))
        .filter(|&n| n <= MAX_SWEEP_POINTS);
    let Some(count) = count else {
        let sizes: Vec<String> = axes.iter().map(|a| a.len().to_string()).collect();
        return Err(Refusal::TooManyPoints {
            sizes: sizes.join(" × "),
            most: MAX_SWEEP_POINTS,
        });
    };
    if (count as u64).saturating_mul(runs) > MAX_RUNS {
        return Err(Refusal::TooManyReplicates {
            points: count,
            runs,
        });
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

pub(super) fn sweep(args: SweepArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    check_runs(args.replicates.runs)?;
    let points = sweep_points(&args.set, args.replicates.runs)?;
    let jobs = jobs(args.replicates.jobs, args.replicates.runs)?;
    // Check every point first, so a bad value is reported before anything runs; only one
    // point's scenario is held at a time (each is loaded again when it runs).
    let mut names = None;
    for p in &points {
        let scenario = load_scenario_with(&args.input.scenario, args.input.plan.as_deref(), p)?;
        names.get_or_insert((scenario.name, scenario.plan.name));
    }
    let (scenario_name, plan_name) = names.unwrap_or_default();
    let interrupt = Interrupt::install()?;
    let seed = args.replicates.seed;
    let mut results: Vec<BatchSummary> = Vec::new();
    let total = args.replicates.runs * points.len() as u64;
    let bar = progress(total, "sweep");
    for (index, p) in points.iter().enumerate() {
        // Checked above; its warnings were printed then.
        let scenario =
            crate::scenario::load_overridden(&args.input.scenario, args.input.plan.as_deref(), p)
                .map(|loaded| Arc::new(loaded.scenario))
                .map_err(|d| Failure::Input(d.to_string()))?;
        let mut summary = BatchSummary::default();
        let done = run_replicates_until(
            jobs,
            0..args.replicates.runs,
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
        .map_err(|e| Failure::Other(e.into()))?;
        if done < args.replicates.runs {
            bar.finish_and_clear();
            let finished = index as u64 * args.replicates.runs + done;
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
            "runs": args.replicates.runs,
            "points": points_json,
        });
        serde_json::to_writer(&mut *out, &value).map_err(|e| Failure::Other(e.into()))?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "drillsim sweep · {} · {} replicates per point · seed {}\n",
            scenario_name, args.replicates.runs, seed
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
