//! Grading tables: which measured values declare which response level.

use serde::{Deserialize, Serialize};

use super::Level;

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
    /// People relocated.
    Relocated,
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
}

impl GradingTable {
    /// The level for the measured values, or `None` when no row applies.
    pub fn grade(&self, values: &[(Measure, f64)]) -> Option<Level> {
        self.rows
            .iter()
            .find(|row| {
                row.any_of.iter().any(|t| {
                    values
                        .iter()
                        .any(|(measure, value)| *measure == t.measure && *value >= t.at_least)
                })
            })
            .map(|row| row.level)
    }
}
