//! KPI targets, as the scenario sets them.

use serde::{Deserialize, Serialize};

/// KPI targets: the scenario's, or the county plan's where it gives none. Written out as read
/// (`run --json`, batch and shard headers), so its field names are part of the output contract.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    /// Share of displaced people relieved within 4 h (county plan: 1.0).
    pub relief_within_4h: f64,
    /// Share of people in warned zones warned before impact (county plan: 0.90).
    pub warning_coverage: f64,
    /// Aviation on scene within this many minutes (national: 120).
    pub aviation_first_arrival_min: f64,
    /// Production-safety accidents of grade 较大 or above (county plan: 0).
    pub major_accidents: u32,
}
