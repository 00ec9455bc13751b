//! Grading tables: which measured values declare which response level.

use serde::{Deserialize, Serialize};

use super::{Government, Ladder, Level};
use crate::scenario::Duration;

/// Measures used by grading tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub enum Measure {
    /// Deaths (including missing, where the table says so).
    Deaths,
    /// Seriously injured people.
    SeriousInjuries,
    /// Direct economic loss, million yuan.
    DirectLossMillionYuan,
    /// Earthquake magnitude.
    Magnitude,
    /// People threatened who must be relocated.
    PeopleToRelocate,
    /// Forest burned, hectares.
    BurnedHectares,
    /// People relocated (紧急转移安置) or needing emergency life assistance.
    Relocated,
    /// Deaths and missing together (死亡和失踪).
    DeathsAndMissing,
    /// Missing people (失踪/失联).
    Missing,
    /// People believed trapped (被困).
    Trapped,
    /// Epicentral intensity from the rapid intensity assessment (烈度速判), degrees.
    Intensity,
    /// The quake's grade by the initial judgement on magnitude (`earthquake_initial_*`
    /// tables): 4 特别重大 … 1 一般, 0 below the tables.
    InitialGrade,
    /// The quake's grade by its toll (`earthquake_deaths` table on deaths and missing): 4 … 1.
    TollGrade,
    /// The quake's grade, the more severe of the two above.
    EventGrade,
}

impl Measure {
    /// Whether the measure forecasts the disaster (the magnitude, the shaking and what they
    /// imply) rather than counts it: forecasts lapse once the search-and-rescue phase is over
    /// (and `EventGrade` is then the toll's grade alone).
    pub fn is_forecast(self) -> bool {
        matches!(
            self,
            Measure::Magnitude
                | Measure::Intensity
                | Measure::InitialGrade
                | Measure::Trapped
                | Measure::PeopleToRelocate
        )
    }
}

/// A doctrine pack of grading tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Grading {
    /// Name of the pack.
    pub name: String,
    /// What it is and where it comes from.
    pub description: String,
    /// One table per kind of event.
    pub tables: Vec<GradingTable>,
    /// The response ladders of each level of government.
    pub ladders: Vec<LadderTable>,
    /// When a level in force is lowered and ended.
    pub stand_down: StandDown,
    /// The statistics reports sent up the governments.
    pub statistics: Statistics,
}

/// The rows one level of government grades one ladder by.
#[derive(Debug, Clone, PartialEq)]
pub struct LadderTable {
    pub government: Government,
    pub ladder: Ladder,
    pub description: String,
    /// Rows, most severe first.
    pub rows: Vec<GradingRow>,
}

/// Downgrade and termination rules (see `spec::StandDownSpec`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StandDown {
    pub rescue_phase: Duration,
    pub search_ends: Duration,
    pub quiet: Duration,
    pub lower_every: Duration,
    pub end_after: Duration,
}

/// Statistics reporting (see `spec::StatisticsSpec`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Statistics {
    pub first: Duration,
    pub every: Duration,
    pub often: Duration,
    pub often_from: Level,
    pub relay: Duration,
    pub direct_at: u32,
    pub intensity_assessment: Duration,
}

/// One grading table: rows from the most severe level down.
#[derive(Debug, Clone, PartialEq)]
pub struct GradingTable {
    /// Table id: `earthquake_deaths`, `earthquake_initial_dense`, `earthquake_initial_other`,
    /// `production_safety`, `geological_realised`, `geological_threat`, `forest_fire`,
    /// `natural_disaster_relief`.
    pub id: String,
    /// What the table grades.
    pub description: String,
    /// Rows, most severe first; the first row with any threshold reached gives the level.
    pub rows: Vec<GradingRow>,
}

/// One row of a grading table.
#[derive(Debug, Clone, PartialEq)]
pub struct GradingRow {
    /// The level this row gives.
    pub level: Level,
    /// The row applies when any of these is reached.
    pub any_of: Vec<Threshold>,
}

/// A threshold: a measure at or above a value.
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    /// What is measured.
    pub measure: Measure,
    /// The least value that reaches the row.
    pub at_least: f64,
}

impl Grading {
    /// The table with `id`.
    pub fn table(&self, id: &str) -> Option<&GradingTable> {
        self.tables.iter().find(|t| t.id == id)
    }

    /// The rows `government` grades `ladder` by, if the pack has them.
    pub fn ladder(&self, government: Government, ladder: Ladder) -> Option<&LadderTable> {
        self.ladders
            .iter()
            .find(|t| t.government == government && t.ladder == ladder)
    }
}

impl GradingTable {
    /// The level for the measured values, or `None` when no row applies.
    pub fn grade(&self, values: &[(Measure, f64)]) -> Option<Level> {
        grade_rows(&self.rows, values).map(|(level, _)| level)
    }
}

/// The first row any of whose thresholds the values reach: its level and the threshold reached
/// (the reason).
pub fn grade_rows(rows: &[GradingRow], values: &[(Measure, f64)]) -> Option<(Level, Threshold)> {
    rows.iter().find_map(|row| {
        row.any_of
            .iter()
            .find(|t| {
                values
                    .iter()
                    .any(|(measure, value)| *measure == t.measure && *value >= t.at_least)
            })
            .map(|t| (row.level, t.clone()))
    })
}
