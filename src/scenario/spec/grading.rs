//! The grading tables of a doctrine pack: response levels and the thresholds that declare them.

use serde::{Deserialize, Serialize};

pub use crate::scenario::model::Measure;

use super::Level;
use crate::scenario::{Duration, Government, Ladder};

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
    /// The response ladders: for each level of government and ladder, the rows that declare
    /// its levels on what its HQ believes. Empty (or left out): the national pack's.
    #[serde(default)]
    pub ladders: Vec<LadderTableSpec>,
    /// When a level in force is lowered and ended. Left out: the national pack's.
    #[serde(default)]
    pub stand_down: Option<StandDownSpec>,
    /// The disaster statistics sent up the governments (灾情统计报告). Left out: the national
    /// pack's.
    #[serde(default)]
    pub statistics: Option<StatisticsSpec>,
}

/// The rows one level of government grades one ladder by.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LadderTableSpec {
    /// Whose HQ: `County`, `Prefecture`, `Province`, `Nation`.
    pub government: Government,
    /// `Earthquake` (地震应急响应) or `Relief` (救灾应急响应).
    pub ladder: Ladder,
    /// Where the rows come from.
    #[serde(default)]
    pub description: String,
    /// Rows, most severe first; the first row with any threshold reached gives the level.
    pub rows: Vec<GradingRowSpec>,
}

/// Downgrade and termination (降级, 应急响应终止).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StandDownSpec {
    /// The search-and-rescue phase lasts at least this long after the quake.
    pub rescue_phase: Duration,
    /// …and is over at an HQ once it believes nobody trapped (or once this long after the quake
    /// has passed, when searches end whatever is believed)…
    pub search_ends: Duration,
    /// …and its believed deaths and missing have not grown for this long.
    pub quiet: Duration,
    /// After the rescue phase, a level is lowered one step at a time, this long apart, while
    /// the counts alone call for less.
    pub lower_every: Duration,
    /// A level is ended this long after the quake, once the rescue phase is over.
    pub end_after: Duration,
}

/// The disaster statistics reports (灾情统计) and rapid reports that reach the HQs above the
/// county.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StatisticsSpec {
    /// The county's first report (初报), after the quake.
    pub first: Duration,
    /// Follow-up reports (续报) at this cadence…
    pub every: Duration,
    /// …or this one while the sender's level in force is at least `often_from`.
    pub often: Duration,
    /// The level from which `often` applies.
    pub often_from: Level,
    /// Time for a report to pass from one government to the next (each relays at once).
    pub relay: Duration,
    /// Deaths and missing at which the county reports straight to every government above it
    /// (直报) as well.
    pub direct_at: u32,
    /// The rapid intensity assessment (烈度速判) reaches every HQ this long after the quake.
    pub intensity_assessment: Duration,
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
