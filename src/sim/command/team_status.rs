//! Team status reports: teams report their status changes, and the HQ learns each after the
//! report latency.

use bevy_ecs::prelude::*;

use crate::sim::components::*;
use crate::sim::resources::*;

/// What each command node has been told about each team: status and place as of the team's
/// last status report, which reaches the HQ `plan.command.team_report` after the change.
#[derive(Resource, Debug, Default)]
pub struct TeamReports {
    /// Per team: the latest (status, place) and the minute it started.
    pub seen: Vec<(&'static str, usize, u32)>,
    /// Per team: what the HQ knows, and as of when.
    pub reported: Vec<(&'static str, usize, u32)>,
    /// Teams whose latest change the HQ has not heard yet.
    pub pending: Vec<usize>,
}

/// Teams report their status changes; the HQ learns each after the report latency.
pub fn report_team_status(
    clock: Res<Clock>,
    data: Res<ScenarioData>,
    team_entities: Res<TeamEntities>,
    mut reports: ResMut<TeamReports>,
    teams: Query<&TeamState>,
    changed: Query<(&TeamRef, &TeamState), Changed<TeamState>>,
) {
    let now = clock.now;
    let latency = data.0.plan.command.team_report.as_minutes();
    if reports.seen.len() != team_entities.0.len() {
        let initial: Vec<(&'static str, usize, u32)> = team_entities
            .0
            .iter()
            .map(|e| {
                teams
                    .get(*e)
                    .map_or(("available", 0, 0), |s| (s.status.name(), s.location, 0))
            })
            .collect();
        reports.seen = initial.clone();
        reports.reported = initial;
    }
    // Only teams whose state was touched since the last tick can have news.
    for (team, state) in &changed {
        let index = team.index;
        let current = (state.status.name(), state.location);
        if (reports.seen[index].0, reports.seen[index].1) != current {
            reports.seen[index] = (current.0, current.1, now);
            if !reports.pending.contains(&index) {
                reports.pending.push(index);
            }
        }
    }
    // News reaches the HQ a report latency after the change.
    let reports = &mut *reports;
    reports.pending.retain(|&index| {
        let seen = reports.seen[index];
        if now < seen.2 + latency {
            return true;
        }
        reports.reported[index] = seen;
        false
    });
}
