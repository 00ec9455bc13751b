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
