//! Scenario files → a validated [`Scenario`].
//!
//! A scenario is a RON file that starts with `Scenario(...)` and gives its parts (region,
//! facilities, forces, organisation, hazards, plan, targets, models) inline or through
//! `include: [...]`. [`load`] reads it, resolves includes, checks every value and returns either
//! a [`Scenario`] whose references are indices (plus warnings) or every diagnostic at once.
//!
//! ```no_run
//! let loaded = drillsim::scenario::load(std::path::Path::new("scenarios/small-town.ron"), None)
//!     .expect("valid scenario");
//! assert!(loaded.scenario.region.places.len() > 1);
//! ```

pub mod diagnostic;
pub mod load;
pub mod model;
pub mod overrides;
pub mod spec;
pub mod units;
mod validate;

use std::path::Path;

pub use diagnostic::{Diagnostic, Diagnostics, Location, Severity};
pub use model::*;
pub use spec::{ModelsSpec, StocksSpec, TargetsSpec};
pub use units::{Duration, TimeOfDay};

use load::{FileSource, FileSystem};

/// A scenario and the warnings found while loading it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub scenario: Scenario,
    pub warnings: Diagnostics,
}

/// Loads and validates the scenario at `path`; `plan` replaces its plan (`--plan`).
pub fn load(path: &Path, plan: Option<&Path>) -> Result<Loaded, Diagnostics> {
    let shown = path.display().to_string();
    let text = load::read_text(path).map_err(|d| Diagnostics { items: vec![d] })?;
    load_with(&text, &shown, &FileSystem, plan)
}

/// Loads a scenario from its root text; includes are read through `source`.
pub fn load_with(
    text: &str,
    file: &str,
    source: &dyn FileSource,
    plan: Option<&Path>,
) -> Result<Loaded, Diagnostics> {
    load_with_overrides(text, file, source, plan, &[])
}

/// Loads the scenario at `path` with `--plan` and `--set` overrides applied before validation.
pub fn load_overridden(
    path: &Path,
    plan: Option<&Path>,
    overrides: &[overrides::Override],
) -> Result<Loaded, Diagnostics> {
    let shown = path.display().to_string();
    let text = load::read_text(path).map_err(|d| Diagnostics { items: vec![d] })?;
    load_with_overrides(&text, &shown, &FileSystem, plan, overrides)
}

/// [`load_with`] plus overrides.
pub fn load_with_overrides(
    text: &str,
    file: &str,
    source: &dyn FileSource,
    plan: Option<&Path>,
    overrides: &[overrides::Override],
) -> Result<Loaded, Diagnostics> {
    let mut assembled = load::assemble(text, file, source, plan)?;
    let problems = overrides::apply(&mut assembled, overrides);
    if !problems.is_empty() {
        return Err(Diagnostics { items: problems });
    }
    validate::validate(&assembled)
}

/// Loads a self-contained scenario from text (no includes), as tests and fuzzers do.
pub fn load_str(text: &str, file: &str) -> Result<Loaded, Diagnostics> {
    struct NoFiles;
    impl FileSource for NoFiles {
        fn read(&self, path: &Path) -> Result<String, Diagnostic> {
            Err(Diagnostic::file_error(
                &path.display().to_string(),
                "cannot be included here: this scenario was given as text",
            ))
        }
    }
    load_with(text, file, &NoFiles, None)
}

/// Checks any drillsim file: a whole scenario (with its includes) or a single part.
/// Returns every diagnostic; the file is valid when none is an error.
pub fn check_file(path: &Path) -> Diagnostics {
    let shown = path.display().to_string();
    match load::read_text(path) {
        Ok(text) => check_text(&text, &shown),
        Err(d) => Diagnostics { items: vec![d] },
    }
}

/// [`check_file`] on text already read; `shown` names the file (its includes are read relative
/// to it).
pub fn check_text(text: &str, shown: &str) -> Diagnostics {
    match load::parse_document(text, shown) {
        Err(d) => Diagnostics { items: vec![d] },
        Ok(spec::DocumentSpec::Scenario(_)) => match load_with(text, shown, &FileSystem, None) {
            Ok(loaded) => loaded.warnings,
            Err(diagnostics) => diagnostics,
        },
        Ok(part) => validate::validate_part(&part, shown),
    }
}
