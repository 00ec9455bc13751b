//! The `drillsim` command line: argument parsing and glue over the library.
//!
//! Exit status: 0 success, 2 bad input or usage, 1 anything else. A closed pipe (`| head`) is
//! not an error.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::scenario::{self, Duration};
use crate::sim::{RunSeed, Sim};
use crate::{output, template};

pub mod drill;
mod eval;

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
}

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
    /// The scenario file.
    pub scenario: PathBuf,
    /// Replace the scenario's plan with this plan file.
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// Number of replicates.
    #[arg(long, default_value_t = 100)]
    pub runs: u64,
    /// Base seed; replicate r runs with (seed, r), and replicate 0 equals `run --seed N`.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads; default: all cores.
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Run only slice I of N (1-based) and write a shard file into --out; also read from
    /// SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT or JOB_COMPLETION_INDEX/JOB_COMPLETIONS.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// Folder for shard files.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub out: PathBuf,
    /// Change a value before running, e.g. plan.dispatch.max_teams_per_site=2 (repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    #[command(flatten)]
    pub output: BatchOutput,
}

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The scenario file.
    pub scenario: PathBuf,
    /// A plan file; give two or more. The first is the baseline.
    #[arg(long = "plan", value_name = "FILE", required = true, num_args = 1)]
    pub plans: Vec<PathBuf>,
    /// Number of replicates (each runs every plan on the same disaster).
    #[arg(long, default_value_t = 100)]
    pub runs: u64,
    /// Base seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads; default: all cores.
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Print one JSON object instead of the verdicts.
    #[arg(long)]
    pub json: bool,
    /// Write a report: FILE.html or FILE.md.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct SweepArgs {
    /// The scenario file.
    pub scenario: PathBuf,
    /// PATH=V1,V2,… — repeat for a grid of every combination.
    #[arg(long = "set", value_name = "PATH=V1,V2,…", required = true)]
    pub set: Vec<String>,
    /// Replace the scenario's plan with this plan file.
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// Replicates per point.
    #[arg(long, default_value_t = 100)]
    pub runs: u64,
    /// Base seed (every point faces the same disasters).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads; default: all cores.
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Print one JSON object instead of the table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Shard files written by `batch --shard`.
    #[arg(required = true)]
    pub shards: Vec<PathBuf>,
    #[command(flatten)]
    pub output: BatchOutput,
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
    /// Replicate number within the seed, to re-run one replicate of a batch.
    #[arg(long, default_value_t = 0)]
    pub replicate: u64,
    /// Change a value before running, e.g. plan.dispatch.max_teams_per_site=2 (repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
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

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files to check: whole scenarios, single parts, exercise files (`Exercise(...)`) and
    /// orders scripts (`.txt`).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The scenario that exercise and orders files are checked against (every id, time and
    /// trigger); by default an exercise is checked against the scenario it names.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
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
        Command::Batch(args) => eval::batch(args, out),
        Command::Compare(args) => eval::compare(args, out),
        Command::Sweep(args) => eval::sweep(args, out),
        Command::Merge(args) => eval::merge(args, out),
        Command::Drill(args) => drill::drill(args, out),
        Command::Replay(args) => drill::replay(args, out),
    }
}

/// Reads `--set PATH=VALUE` options.
pub fn parse_overrides(set: &[String]) -> Result<Vec<scenario::overrides::Override>, Failure> {
    set.iter()
        .map(|text| {
            scenario::overrides::Override::parse(text)
                .map_err(|e| Failure::Input(format!("error: --set {e}")))
        })
        .collect()
}

/// The files a scenario is read from: the scenario itself, the part files it includes and the
/// `--plan` file, so that no output of a command overwrites one of them. A scenario that cannot
/// be read or parsed gives just its own path (loading it reports the problem).
pub fn scenario_inputs(path: &Path, plan: Option<&Path>) -> Vec<PathBuf> {
    let mut inputs = vec![path.to_path_buf()];
    if let Ok(text) = scenario::load::read_text(path)
        && let Ok(scenario::spec::DocumentSpec::Scenario(spec)) =
            scenario::load::parse_document(&text, &path.display().to_string())
    {
        // Includes are relative to the scenario's folder, as the loader reads them.
        let folder = path.parent().unwrap_or(Path::new(""));
        inputs.extend(spec.include.iter().map(|relative| folder.join(relative)));
    }
    inputs.extend(plan.map(Path::to_path_buf));
    inputs
}

/// Refuses, before any work, an output that is one of the inputs, two outputs naming one file,
/// or an output in a folder that does not exist (exit status 2).
pub fn check_outputs(outputs: &[&Path], inputs: &[PathBuf]) -> Result<(), Failure> {
    let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    crate::files::refuse_overlap(outputs, &inputs)
        .map_err(|e| Failure::Input(format!("error: {e}")))
}

/// Loads a scenario for a command, printing warnings to stderr.
pub fn load_scenario(path: &Path, plan: Option<&Path>) -> Result<scenario::Scenario, Failure> {
    load_scenario_with(path, plan, &[])
}

/// Loads a scenario with `--set` overrides, printing warnings to stderr.
pub fn load_scenario_with(
    path: &Path,
    plan: Option<&Path>,
    overrides: &[scenario::overrides::Override],
) -> Result<scenario::Scenario, Failure> {
    match scenario::load_overridden(path, plan, overrides) {
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
    let overrides = parse_overrides(&args.set)?;
    let scenario = load_scenario_with(&args.scenario, args.plan.as_deref(), &overrides)?;
    let until = args
        .until
        .map(Duration::as_minutes)
        .unwrap_or(scenario.duration_min);
    if let Some(events) = &args.events {
        let mut inputs = scenario_inputs(&args.scenario, args.plan.as_deref());
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
    sim.run_script(&script, until).map_err(|(line, e)| {
        Failure::Input(format!(
            "error: {}:{line}: {e}",
            args.orders
                .as_deref()
                .unwrap_or(Path::new("orders"))
                .display()
        ))
    })?;
    let outcome = sim.outcome();
    if let Some(path) = &args.events {
        // Written under a temporary name and renamed when complete: an interrupted or failed
        // write leaves no event log that looks whole.
        let file = crate::files::AtomicFile::create(path).map_err(|e| {
            Failure::Input(format!(
                "error: cannot write events to {}: {e}",
                path.display()
            ))
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
        out.write_all(output::summary(sim.scenario(), args.seed, &outcome).as_bytes())?;
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

/// What `check` makes of a file: an orders script (`.txt`), an exercise or a scenario file.
enum Checked {
    Diagnostics(scenario::Diagnostics),
    /// An orders script: its errors as printed lines (empty when valid).
    Orders(String),
}

/// The scenario an exercise or orders file is checked against: `--scenario`, or the one an
/// exercise names (relative to the exercise's folder).
fn scenario_for_check(
    given: Option<&Path>,
    named: Option<(&str, &Path)>,
) -> Result<scenario::Scenario, String> {
    let path = match (given, named) {
        (Some(path), _) => path.to_path_buf(),
        (None, Some((name, beside))) => beside
            .parent()
            .map_or_else(|| PathBuf::from(name), |dir| dir.join(name)),
        (None, None) => {
            return Err(
                "is checked against a scenario: give `--scenario FILE` (an exercise may also \
                 name its scenario with `scenario: \"…\"`)"
                    .into(),
            );
        }
    };
    scenario::load(&path, None)
        .map(|loaded| loaded.scenario)
        .map_err(|diagnostics| {
            format!(
                "cannot be checked: its scenario {} is invalid ({} error(s); run `drillsim check {}`)",
                path.display(),
                diagnostics.error_count(),
                path.display()
            )
        })
}

fn check_one(file: &Path, against: Option<&Path>) -> Checked {
    let shown = file.display().to_string();
    let refused = |message: String| {
        Checked::Diagnostics(scenario::Diagnostics {
            items: vec![scenario::Diagnostic::file_error(&shown, message)],
        })
    };
    if file.extension().is_some_and(|e| e == "txt") {
        let scenario = match scenario_for_check(against, None) {
            Ok(scenario) => scenario,
            Err(message) => return refused(message),
        };
        return Checked::Orders(match read_orders(file, &scenario) {
            Ok(_) => String::new(),
            Err(Failure::Input(message)) => message,
            Err(Failure::Other(error)) => format!("error: {shown}: {error:#}\n"),
        });
    }
    let text = match scenario::load::read_text(file) {
        Ok(text) => text,
        Err(d) => return Checked::Diagnostics(scenario::Diagnostics { items: vec![d] }),
    };
    if scenario::load::opening_word(&text) != Some("Exercise") {
        return Checked::Diagnostics(scenario::check_text(&text, &shown));
    }
    let spec = match crate::drill::msel::parse(&text, &shown) {
        Ok(spec) => spec,
        Err(diagnostics) => return Checked::Diagnostics(diagnostics),
    };
    let named = spec.scenario.as_deref().map(|name| (name, file));
    match scenario_for_check(against, named) {
        Ok(scenario) => Checked::Diagnostics(
            crate::drill::msel::validate(&spec, &shown, &scenario)
                .err()
                .unwrap_or_default(),
        ),
        Err(message) => refused(message),
    }
}

fn check(args: CheckArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let mut errors = 0;
    let mut report = String::new();
    for file in &args.files {
        let diagnostics = match check_one(file, args.scenario.as_deref()) {
            Checked::Diagnostics(diagnostics) => diagnostics,
            Checked::Orders(problems) if problems.is_empty() => scenario::Diagnostics::default(),
            Checked::Orders(problems) => {
                errors += problems.lines().filter(|l| l.starts_with("error")).count();
                report.push_str(&problems);
                continue;
            }
        };
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
