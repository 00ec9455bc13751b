//! Accounting: hourly samples of the situation for curves in reports.

use bevy_ecs::prelude::*;

use crate::sim::components::*;
use crate::sim::resources::*;
use crate::sim::roads::RoadNetwork;

/// Run condition of [`sample_hourly`]: a whole hour, or more roads blocked than ever before.
pub fn sampling_due(clock: Res<Clock>, roads: Res<RoadNetwork>, tally: Res<Tally>) -> bool {
    clock.now.is_multiple_of(60) || roads.blocked_count as u64 > tally.roads_blocked_peak
}

/// Records a sample at every whole hour.
pub fn sample_hourly(
    clock: Res<Clock>,
    roads: Res<RoadNetwork>,
    mut tally: ResMut<Tally>,
    cohorts: Query<&Cohort>,
) {
    let blocked = roads.blocked_count as u64;
    tally.roads_blocked_peak = tally.roads_blocked_peak.max(blocked);
    if !clock.now.is_multiple_of(60) {
        return;
    }
    let mut sample = HourlySample {
        t: clock.now,
        trapped_alive: 0,
        injured_waiting: 0,
        hospitalised: 0,
        dead: 0,
        roads_blocked: blocked as u32,
    };
    for cohort in &cohorts {
        sample.trapped_alive += cohort.trapped;
        sample.injured_waiting += cohort.injured_waiting + cohort.in_transport;
        sample.hospitalised += cohort.hospitalised;
        sample.dead += cohort.dead;
    }
    tally.hourly.push(sample);
}
