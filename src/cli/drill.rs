//! The `drill` and `replay` subcommands: their arguments and the glue to [`crate::drill`].

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::error::Failure;
use crate::drill::{DrillError, DrillOptions};

/// `drillsim drill`.
#[derive(Debug, clap::Args)]
pub struct DrillArgs {
    /// The scenario file (not needed with --resume).
    #[arg(required_unless_present = "resume")]
    pub scenario: Option<PathBuf>,
    /// Your role: controller (导调, ground truth, injects), county-commander, earthquake-hq,
    /// flood-hq, forest-fire-hq, geological-hq, or a command node id such as tc-t01.
    #[arg(long, default_value = "controller")]
    pub role: String,
    /// Screen language: zh or en.
    #[arg(long, value_parser = ["zh", "en"])]
    pub lang: Option<String>,
    /// Write the journal here (default: drills/SCENARIO-ROLE-TIME.jsonl); it must not exist.
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,
    /// The exercise file (MSEL): injects, expected actions, objectives.
    #[arg(long, value_name = "FILE")]
    pub exercise: Option<PathBuf>,
    /// Replace the scenario's plan with this plan file.
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Continue the drill recorded in JOURNAL (after a crash or a break), appending to it.
    #[arg(long, value_name = "JOURNAL", conflicts_with_all = ["scenario", "journal", "exercise", "plan"])]
    pub resume: Option<PathBuf>,
}

/// `drillsim replay`.
#[derive(Debug, clap::Args)]
pub struct ReplayArgs {
    /// The journal a drill wrote.
    pub journal: PathBuf,
    /// Write the after-action report to FILE (.md or .html); default: both, beside the journal.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Replay even if the journal does not verify (another drillsim version, a changed scenario
    /// or exercise, edited lines); the report is then marked as not a faithful replay.
    #[arg(long)]
    pub unverified: bool,
}

fn failure(error: DrillError) -> Failure {
    match error {
        DrillError::Input(message) => Failure::Input(message),
        DrillError::Io(e) => Failure::Other(e.into()),
    }
}

/// Runs `drillsim drill`.
pub fn drill(args: DrillArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let options = DrillOptions {
        scenario: args.scenario,
        plan: args.plan,
        seed: args.seed,
        role: args.role,
        lang: args
            .lang
            .as_deref()
            .and_then(crate::drill::i18n::Lang::parse),
        journal: args.journal,
        exercise: args.exercise,
        resume: args.resume,
    };
    let text = crate::drill::run(&options).map_err(failure)?;
    out.write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `drillsim replay`.
pub fn replay(args: ReplayArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let text = crate::drill::replay(&args.journal, args.report.as_deref(), args.unverified)
        .map_err(failure)?;
    out.write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
