//! `drillsim run`: one scenario headless, its KPIs, its event log; and the orders script it reads.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::error::{Failure, Refusal};
use super::inputs::{
    ScenarioArgs, SetArgs, check_outputs, load_scenario_with, parse_overrides, scenario_inputs,
};
use crate::output;
use crate::scenario::{self, Duration};
use crate::sim::{RunSeed, Sim};

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub input: ScenarioArgs,
    /// Random seed: the same seed gives the same run, byte for byte.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Replicate number within the seed, to re-run one replicate of a batch.
    #[arg(long, default_value_t = 0)]
    pub replicate: u64,
    #[command(flatten)]
    pub set: SetArgs,
    /// Stop after this much simulated time (e.g. 90m, 6h, 3d); default: the scenario's duration.
    #[arg(long, value_name = "DURATION")]
    pub until: Option<Duration>,
    /// Print one JSON object instead of the summary.
    #[arg(long)]
    pub json: bool,
    /// Write every event as JSON Lines to FILE.
    #[arg(long, value_name = "FILE")]
    pub events: Option<PathBuf>,
    /// Give the timed orders in FILE (one per line: `30m dispatch TEAM to PLACE`; see
    /// docs/command-model.md for the grammar).
    #[arg(long, value_name = "FILE")]
    pub orders: Option<PathBuf>,
}

pub(super) fn run(args: RunArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let overrides = parse_overrides(&args.set.values)?;
    let scenario =
        load_scenario_with(&args.input.scenario, args.input.plan.as_deref(), &overrides)?;
    let until = args
        .until
        .map(Duration::as_minutes)
        .unwrap_or(scenario.duration_min);
    if let Some(events) = &args.events {
        let mut inputs = scenario_inputs(&args.input.scenario, args.input.plan.as_deref());
        inputs.extend(args.orders.clone());
        check_outputs(&[events], &inputs)?;
    }
    let script = match &args.orders {
        Some(path) => read_orders(path, &scenario)?,
        None => Vec::new(),
    };
    let mut sim = Sim::new(
        scenario,
        RunSeed {
            seed: args.seed,
            replicate: args.replicate,
        },
    );
    sim.run_script(&script, until)
        .map_err(|(line, error)| Refusal::Order {
            path: args
                .orders
                .clone()
                .unwrap_or_else(|| PathBuf::from("orders")),
            line,
            message: error.to_string(),
        })?;
    let outcome = sim.outcome();
    if let Some(path) = &args.events {
        // Written under a temporary name and renamed when complete: an interrupted or failed
        // write leaves no event log that looks whole.
        let file =
            crate::files::AtomicFile::create(path).map_err(|error| Refusal::CannotWrite {
                what: "events",
                path: path.clone(),
                error,
            })?;
        let mut file = BufWriter::new(file);
        output::write_events_jsonl(&mut file, sim.events())
            .and_then(|_| file.into_inner().map_err(|e| e.into_error()))
            .and_then(crate::files::AtomicFile::commit)
            .map_err(|e| Failure::Other(anyhow::Error::new(e).context("writing the event log")))?;
    }
    if args.json {
        output::write_run_json(out, sim.scenario(), args.seed, &outcome)?;
    } else {
        out.write_all(
            output::summary(sim.scenario(), args.seed, &outcome, sim.events()).as_bytes(),
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads a script of timed orders, checking every line's grammar and ids; all errors at once.
pub fn read_orders(
    path: &Path,
    scenario: &scenario::Scenario,
) -> Result<Vec<crate::sim::order::ScriptedOrder>, Failure> {
    let text = scenario::load::read_text(path).map_err(|d| Failure::Input(d.to_string()))?;
    let shown = path.display();
    let script = crate::sim::order::parse_script(&text).map_err(|errors| {
        // Not one line reads as an order: this is some other file, named by mistake, and may
        // hold secrets. Name it without quoting it.
        let content_lines = text
            .lines()
            .filter(|line| !line.split('#').next().unwrap_or("").trim().is_empty())
            .count();
        if errors.len() == content_lines {
            return Failure::Input(format!(
                "error: {shown}: is not an orders script (its content is not shown)\n  \
                 hint: each line of an orders script reads like `30m dispatch fr01 to t06`\n"
            ));
        }
        let mut message = String::new();
        for e in &errors {
            message.push_str(&format!(
                "error: {shown}:{}:{}: {}\n  | {}\n",
                e.line, e.column, e.message, e.text
            ));
        }
        message.push_str(&format!("{} error(s) in {shown}\n", errors.len()));
        Failure::Input(message)
    })?;
    // Check ids now, so a typo is reported before the run, with its line.
    let mut problems = String::new();
    for s in &script {
        let unknown = s.order.unknown_ids(scenario);
        for u in unknown {
            problems.push_str(&format!(
                "error: {shown}:{}: {u} in `{}`\n",
                s.line, s.order
            ));
        }
    }
    if problems.is_empty() {
        Ok(script)
    } else {
        Err(Failure::Input(problems))
    }
}
