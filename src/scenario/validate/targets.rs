//! KPI targets.

use super::validator::Validator;
use crate::scenario::model::Targets;
use crate::scenario::spec::*;

pub(super) fn check_targets(v: &mut Validator, file: &str, t: &TargetsSpec) {
    let mut targets = v.fields(file, "targets");
    targets.fraction("relief_within_4h", t.relief_within_4h);
    targets.fraction("warning_coverage", t.warning_coverage);
    let aviation_min = t.aviation_first_arrival_min;
    targets.positive("aviation_first_arrival_min", aviation_min, 10_000.0, " min");
}

impl From<&TargetsSpec> for Targets {
    fn from(s: &TargetsSpec) -> Self {
        Targets {
            relief_within_4h: s.relief_within_4h,
            warning_coverage: s.warning_coverage,
            aviation_first_arrival_min: s.aviation_first_arrival_min,
            major_accidents: s.major_accidents,
        }
    }
}
