//! KPI targets.

use super::validator::*;
use crate::scenario::spec::*;

pub(super) fn check_targets(v: &mut Validator, file: &str, t: &TargetsSpec) {
    let mut targets = v.fields(file, "targets");
    targets.fraction("relief_within_4h", t.relief_within_4h);
    targets.fraction("warning_coverage", t.warning_coverage);
    let aviation_min = t.aviation_first_arrival_min;
    targets.positive("aviation_first_arrival_min", aviation_min, 10_000.0, " min");
}
