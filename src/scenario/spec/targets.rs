//! KPI targets.

use serde::{Deserialize, Serialize};

/// KPI targets. Defaults are the county plan's.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TargetsSpec {
    /// Share of displaced people relieved within 4 h (county plan: 1.0).
    #[serde(default = "one")]
    pub relief_within_4h: f64,
    /// Share of people in warned zones warned before impact (county plan: 0.90).
    #[serde(default = "ninety_percent")]
    pub warning_coverage: f64,
    /// Aviation on scene within this many minutes (national: 120).
    #[serde(default = "two_hours")]
    pub aviation_first_arrival_min: f64,
    /// Production-safety accidents of grade 较大 or above (county plan: 0).
    #[serde(default)]
    pub major_accidents: u32,
}

impl Default for TargetsSpec {
    fn default() -> Self {
        TargetsSpec {
            relief_within_4h: one(),
            warning_coverage: ninety_percent(),
            aviation_first_arrival_min: two_hours(),
            major_accidents: 0,
        }
    }
}

fn one() -> f64 {
    1.0
}
fn ninety_percent() -> f64 {
    0.9
}
fn two_hours() -> f64 {
    120.0
}
