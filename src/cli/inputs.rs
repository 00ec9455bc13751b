//! What the commands share about their inputs: `--set` values, loading a scenario (printing its
//! warnings), the files a scenario is read from, and the refusal of an output that would
//! overwrite one of them.

use std::path::{Path, PathBuf};

use super::error::{Failure, Refusal};
use crate::scenario;

/// The scenario a command runs and the plan it runs with (`run`, `batch`, `sweep`).
#[derive(Debug, Clone, clap::Args)]
pub struct ScenarioArgs {
    /// The scenario file (starts with `Scenario(`).
    pub scenario: PathBuf,
    /// Replace the scenario's plan with this plan file.
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
}

/// `--set PATH=VALUE`, repeatable (`run`, `batch`; `sweep` takes lists of values instead).
#[derive(Debug, Clone, clap::Args)]
pub struct SetArgs {
    /// Change a value before running, e.g. plan.dispatch.max_teams_per_site=2 (repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub values: Vec<String>,
}

/// Reads `--set PATH=VALUE` options.
pub fn parse_overrides(set: &[String]) -> Result<Vec<scenario::overrides::Override>, Failure> {
    set.iter()
        .map(|text| scenario::overrides::Override::parse(text).map_err(|e| Refusal::Set(e).into()))
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
    crate::files::refuse_overlap(outputs, &inputs).map_err(|e| Refusal::Output(e).into())
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
