//! `drillsim compare`: two or more plans on the same disasters, replicate by replicate.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use super::error::{Failure, Refusal};
use super::inputs::{check_outputs, load_scenario, scenario_inputs};
use super::replicates::{
    Interrupt, ReplicateArgs, check_runs, jobs, progress, report_failures, report_kind, reproduce,
    write_report,
};
use crate::eval;
use crate::eval::batch::run_replicates_until;
use crate::eval::compare::{Comparison, write_compare_json};
use crate::eval::report::ReportInput;
use crate::scenario::Scenario;

/// The most plans one comparison runs (every plan's scenario stays loaded while it runs).
pub const MAX_COMPARE_PLANS: usize = 100;

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The scenario file.
    pub scenario: PathBuf,
    /// A plan file; give two or more. The first is the baseline. Each replicate runs every plan
    /// on the same disaster.
    #[arg(long = "plan", value_name = "FILE", required = true, num_args = 1)]
    pub plans: Vec<PathBuf>,
    #[command(flatten)]
    pub replicates: ReplicateArgs,
    /// Print one JSON object instead of the verdicts.
    #[arg(long)]
    pub json: bool,
    /// Write a report: FILE.html or FILE.md.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

pub(super) fn compare(args: CompareArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    if args.plans.len() < 2 {
        return Err(Refusal::TooFewPlans.into());
    }
    if args.plans.len() > MAX_COMPARE_PLANS {
        return Err(Refusal::TooManyPlans {
            count: args.plans.len(),
            most: MAX_COMPARE_PLANS,
        }
        .into());
    }
    check_runs(args.replicates.runs)?;
    if let Some(path) = &args.report {
        report_kind(path)?;
        let mut inputs = scenario_inputs(&args.scenario, None);
        inputs.extend(args.plans.iter().cloned());
        check_outputs(&[path], &inputs)?;
    }
    let jobs = jobs(args.replicates.jobs, args.replicates.runs)?;
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
    let bar = progress(args.replicates.runs, "compare");
    let seed = args.replicates.seed;
    let done = run_replicates_until(
        jobs,
        0..args.replicates.runs,
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
    .map_err(|e| Failure::Other(e.into()))?;
    bar.finish_and_clear();
    if done < args.replicates.runs {
        return Ok(interrupt.exit(&format!("{done} of {} replicates", args.replicates.runs)));
    }
    report_failures(&comparison.per_plan[0], |r| {
        reproduce(&args.scenario, Some(&args.plans[0]), seed, r, &[])
    });
    if args.json {
        write_compare_json(
            out,
            &scenarios[0].name,
            seed,
            args.replicates.runs,
            &comparison,
        )?;
    } else {
        writeln!(
            out,
            "drillsim compare · {} · {} replicates · seed {} · the same disasters for every plan\n",
            scenarios[0].name, args.replicates.runs, seed
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
                runs: args.replicates.runs,
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
