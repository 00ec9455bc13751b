//! The `drillsim` command line: argument parsing and glue over the library.
//!
//! Exit status: 0 success, 2 bad input or usage, 1 anything else. A closed pipe (`| head`) is
//! not an error.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod batch;
mod check;
mod compare;
pub mod drill;
mod error;
mod inputs;
mod new;
mod replicates;
mod run;
mod seats;
mod sweep;

pub use batch::{BatchArgs, BatchOutput, MergeArgs};
pub use check::CheckArgs;
pub use compare::CompareArgs;
pub use error::Failure;
pub use inputs::{
    ScenarioArgs, SetArgs, check_outputs, load_scenario, load_scenario_with, parse_overrides,
    scenario_inputs,
};
pub use new::NewArgs;
pub use replicates::ReplicateArgs;
pub use run::{RunArgs, read_orders};
pub use seats::SeatsArgs;
pub use sweep::SweepArgs;

/// drillsim (应急演练推演引擎): simulation and drill-exercise engine for compound disasters.
///
/// Evaluators run plans against seeded disasters headless; trainers and commanders drill in the
/// terminal. Scenario files are RON; see docs/scenario-format.md.
#[derive(Debug, Parser)]
#[command(name = "drillsim", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run one scenario headless and print its KPIs.
    Run(RunArgs),
    /// Validate scenario files or parts; exit 0 when valid, 2 when not (all errors printed).
    Check(CheckArgs),
    /// Run many seeded replicates in parallel and print KPI statistics.
    Batch(BatchArgs),
    /// Run two or more plans on the same disasters and compare them, replicate by replicate.
    Compare(CompareArgs),
    /// Run a batch for each value of one or more parameters (`--set PATH=V1,V2,…`).
    Sweep(SweepArgs),
    /// Combine shard files from `batch --shard` into the output of one unsharded batch.
    Merge(MergeArgs),
    /// Print a commented scenario template that validates as it is.
    New(NewArgs),
    /// Run a drill in the terminal: people play roles, a controller holds the clock (see docs/drill.md).
    Drill(drill::DrillArgs),
    /// Re-run a recorded drill from its journal, exactly, and write its after-action report.
    Replay(drill::ReplayArgs),
    /// List the seats of a scenario: who may order what, over which teams, and what each sees.
    Seats(seats::SeatsArgs),
}

/// Entry point for the binary.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let result = execute(cli.command, &mut out).and_then(|code| {
        out.flush().map_err(Failure::from)?;
        Ok(code)
    });
    match result {
        Ok(code) => code,
        Err(Failure::Other(error)) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(Failure::Input(message)) => {
            // Every refusal reads `error: …` (diagnostics already begin with their severity).
            if !(message.starts_with("error") || message.starts_with("warning")) {
                eprint!("error: ");
            }
            eprint!("{message}");
            if !message.ends_with('\n') {
                eprintln!();
            }
            ExitCode::from(2)
        }
        Err(Failure::Refused(refusal)) => {
            eprintln!("error: {refusal}");
            ExitCode::from(2)
        }
        Err(Failure::Other(error)) => {
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|e| e.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

/// Runs a parsed command, writing its main output to `out`.
pub fn execute(command: Command, out: &mut impl Write) -> Result<ExitCode, Failure> {
    match command {
        Command::Run(args) => run::run(args, out),
        Command::Check(args) => check::check(args, out),
        Command::New(args) => new::new(args, out),
        Command::Batch(args) => batch::batch(args, out),
        Command::Compare(args) => compare::compare(args, out),
        Command::Sweep(args) => sweep::sweep(args, out),
        Command::Merge(args) => batch::merge(args, out),
        Command::Drill(args) => drill::drill(args, out),
        Command::Replay(args) => drill::replay(args, out),
        Command::Seats(args) => seats::seats_command(args, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
