//! The grading tables of a doctrine pack: response levels and the thresholds that declare them.

use serde::{Deserialize, Serialize};

pub use crate::scenario::model::Measure;

use super::Level;

/// A doctrine pack of grading tables.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GradingSpec {
    /// Name of the pack.
    pub name: String,
    /// What it is and where it comes from.
    #[serde(default)]
    pub description: String,
    /// One table per kind of event.
    pub tables: Vec<GradingTableSpec>,
}

/// One grading table: rows from the most severe level down.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GradingTableSpec {
    /// Table id: `earthquake_deaths`, `earthquake_initial_dense`, `earthquake_initial_other`,
    /// `production_safety`, `geological_realised`, `geological_threat`, `forest_fire`,
    /// `natural_disaster_relief`.
    pub id: String,
    /// What the table grades.
    #[serde(default)]
    pub description: String,
    /// Rows, most severe first; the first row with any threshold reached gives the level.
    pub rows: Vec<GradingRowSpec>,
}

/// One row of a grading table.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GradingRowSpec {
    /// The level this row gives.
    pub level: Level,
    /// The row applies when any of these is reached.
    pub any_of: Vec<ThresholdSpec>,
}

/// A threshold: a measure at or above a value.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ThresholdSpec {
    /// What is measured.
    pub measure: Measure,
    /// The least value that reaches the row.
    pub at_least: f64,
}

impl GradingSpec {
    /// The table with `id`.
    pub fn table(&self, id: &str) -> Option<&GradingTableSpec> {
        self.tables.iter().find(|t| t.id == id)
    }
}

/// The national pack shipped with drillsim.
pub const NATIONAL_GRADING: &str = include_str!("../../../assets/doctrine/cn-national.ron");
