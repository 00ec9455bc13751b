//! The validated scenario: what the simulation reads.
//!
//! Every type here comes out of [`super::validate`]: references are indices (places, sites,
//! parents, fragility classes), numbers are in range. The vocabulary enums (`HazardKind`,
//! `WarningLevel`, `TeamKind`, …) are defined here once; the file format in [`super::spec`]
//! reuses them. The simulation imports this module, never `scenario::spec`.

mod facilities;
mod forces;
mod grading;
mod hazards;
mod models;
mod organisation;
mod plan;
mod region;
mod targets;

pub use facilities::*;
pub use forces::*;
pub use grading::*;
pub use hazards::*;
pub use models::*;
pub use organisation::*;
pub use plan::*;
pub use region::*;
pub use targets::*;

use super::units::TimeOfDay;

/// Index of a place in [`Region::places`].
pub type PlaceIndex = usize;

/// A validated scenario: every reference resolved, every number in range.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub start_time: TimeOfDay,
    /// Default run length, minutes.
    pub duration_min: u32,
    /// Tick length, minutes.
    pub tick_min: u32,
    pub region: Region,
    pub facilities: Facilities,
    pub teams: Vec<Team>,
    pub organisation: Vec<CommandNode>,
    pub hazards: Vec<Hazard>,
    /// Cascade rules: which hazard triggers which.
    pub cascades: Vec<Cascade>,
    /// Monitoring and forecasting per hazard kind.
    pub monitoring: Vec<Monitoring>,
    /// Direction the wind blows from, degrees clockwise from north.
    pub wind_from_deg: f64,
    pub plan: Plan,
    pub targets: Targets,
    pub models: Models,
    /// Grading tables for response levels.
    pub grading: Grading,
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    /// Every `.rs` file under `dir`, recursively, in name order.
    fn rust_files(dir: &Path) -> Vec<PathBuf> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("source folder")
            .map(|entry| entry.expect("folder entry").path())
            .collect();
        entries.sort();
        let mut files = Vec::new();
        for path in entries {
            if path.is_dir() {
                files.extend(rust_files(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
        files
    }

    /// Whether `source` names the file format: `scenario::spec` in a path, or `spec` inside a
    /// `scenario::{…}` import list.
    fn names_the_file_format(source: &str) -> bool {
        if source.contains("scenario::spec") {
            return true;
        }
        source.match_indices("scenario::{").any(|(at, opening)| {
            let list = &source[at + opening.len()..];
            let list = &list[..list.find('}').unwrap_or(list.len())];
            list.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|word| word == "spec")
        })
    }

    #[test]
    fn the_simulation_reads_the_model_never_the_file_format() {
        let sim = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sim");
        let files = rust_files(&sim);
        assert!(!files.is_empty(), "no sources under {}", sim.display());
        let offenders: Vec<String> = files
            .iter()
            .filter(|path| {
                names_the_file_format(&std::fs::read_to_string(path).expect("readable source"))
            })
            .map(|path| path.display().to_string())
            .collect();
        assert!(
            offenders.is_empty(),
            "these simulation files import scenario::spec (use scenario::model): {offenders:?}"
        );
    }

    #[test]
    fn an_import_of_the_file_format_is_recognised_in_every_spelling() {
        assert!(names_the_file_format(
            "use crate::scenario::spec::HazardKind;"
        ));
        assert!(names_the_file_format(
            "let a: crate::scenario::spec::X = b;"
        ));
        assert!(names_the_file_format(
            "use crate::scenario::{spec, Scenario};"
        ));
        assert!(names_the_file_format(
            "use crate::scenario::{Scenario, spec::Tag};"
        ));
        assert!(!names_the_file_format(
            "use crate::scenario::{Scenario, Tag};"
        ));
        assert!(!names_the_file_format("let spec = &scenario.teams[0];"));
    }
}
