//! The `drillsim` command line: argument parsing and glue over the library.
//!
//! Exit status: 0 success, 2 bad input or usage, 1 anything else. A closed pipe (`| head`) is
//! not an error.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::scenario::{self, Duration};
use crate::sim::{RunSeed, Sim};
use crate::{output, template};

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
    /// Print a commented scenario template that validates as it is.
    New(NewArgs),
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The scenario file (starts with `Scenario(`).
    pub scenario: PathBuf,
    /// Replace the scenario's plan with this plan file.
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// Random seed: the same seed gives the same run, byte for byte.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Stop after this much simulated time (e.g. 90m, 6h, 3d); default: the scenario's duration.
    #[arg(long, value_name = "DURATION")]
    pub until: Option<Duration>,
    /// Print one JSON object instead of the summary.
    #[arg(long)]
    pub json: bool,
    /// Write every event as JSON Lines to FILE.
    #[arg(long, value_name = "FILE")]
    pub events: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files to check: whole scenarios or single parts.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// Which template: `scenario` (default) or `plan`.
    #[arg(default_value = "scenario")]
    pub template: String,
}

/// How a command failed.
#[derive(Debug)]
pub enum Failure {
    /// Bad input or usage: exit 2.
    Input(String),
    /// Anything else: exit 1.
    Other(anyhow::Error),
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        Failure::Other(error.into())
    }
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
            eprint!("{message}");
            if !message.ends_with('\n') {
                eprintln!();
            }
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
        Command::Run(args) => run(args, out),
        Command::Check(args) => check(args, out),
        Command::New(args) => new(args, out),
    }
}

/// Loads a scenario for a command, printing warnings to stderr.
pub fn load_scenario(path: &Path, plan: Option<&Path>) -> Result<scenario::Scenario, Failure> {
    match scenario::load(path, plan) {
        Ok(loaded) => {
            if !loaded.warnings.is_empty() {
                eprint!("{}", loaded.warnings);
            }
            Ok(loaded.scenario)
        }
        Err(diagnostics) => Err(Failure::Input(format!(
            "{diagnostics}{} error(s): {} cannot be run\n",
            diagnostics.error_count(),
            path.display()
        ))),
    }
}

fn run(args: RunArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let scenario = load_scenario(&args.scenario, args.plan.as_deref())?;
    let until = args
        .until
        .map(Duration::as_minutes)
        .unwrap_or(scenario.duration_min);
    let mut events_file = match &args.events {
        Some(path) => Some(BufWriter::new(File::create(path).map_err(|e| {
            Failure::Input(format!(
                "error: cannot write events to {}: {e}",
                path.display()
            ))
        })?)),
        None => None,
    };
    let mut sim = Sim::new(scenario, RunSeed::new(args.seed));
    sim.run_until(until);
    let outcome = sim.outcome();
    if let Some(file) = events_file.as_mut() {
        output::write_events_jsonl(file, sim.events())
            .and_then(|_| file.flush())
            .map_err(|e| Failure::Other(anyhow::Error::new(e).context("writing the event log")))?;
    }
    if args.json {
        output::write_run_json(out, sim.scenario(), args.seed, &outcome)?;
    } else {
        out.write_all(output::summary(sim.scenario(), args.seed, &outcome).as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn check(args: CheckArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let mut errors = 0;
    let mut report = String::new();
    for file in &args.files {
        let diagnostics = scenario::check_file(file);
        errors += diagnostics.error_count();
        if diagnostics.has_errors() {
            report.push_str(&diagnostics.to_string());
        } else {
            if !diagnostics.is_empty() {
                eprint!("{diagnostics}");
            }
            writeln!(
                out,
                "ok: {} ({} warning(s))",
                file.display(),
                diagnostics.warning_count()
            )?;
        }
    }
    if errors > 0 {
        report.push_str(&format!("{errors} error(s)\n"));
        return Err(Failure::Input(report));
    }
    Ok(ExitCode::SUCCESS)
}

fn new(args: NewArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    match template::TEMPLATES
        .iter()
        .find(|(name, _, _)| *name == args.template)
    {
        Some((_, _, text)) => {
            out.write_all(text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let known: Vec<String> = template::TEMPLATES
                .iter()
                .map(|(name, about, _)| format!("  {name:10} {about}"))
                .collect();
            Err(Failure::Input(format!(
                "error: no template `{}`; templates:\n{}\n",
                args.template,
                known.join("\n")
            )))
        }
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
