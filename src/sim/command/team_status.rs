//! Team status reports: teams report their status changes, and the HQ learns each after the
//! report latency.

use bevy_ecs::prelude::*;

use crate::sim::components::*;
use crate::sim::resources::*;

/// What each command node has been told about each team: status and place as of the team's
/// last status report, which reaches the HQ `plan.command.team_report` after the change.
#[derive(Resource, Debug, Default)]
pub struct TeamReports {
    /// Per team: its latest status and place, and the minute they started.
    pub seen: Vec<TeamSighting>,
    /// Per team: what the HQ knows, and as of when.
    pub reported: Vec<TeamSighting>,
    /// Teams whose latest change the HQ has not heard yet.
    pub pending: Vec<usize>,
}

/// A team's status and place from a minute on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TeamSighting {
    pub status: TeamStatusKind,
    pub place: usize,
    /// The minute they started.
    pub since: u32,
    /// When it expects to reach `place`, as it reported (while mobilising or en route).
    pub eta: Option<u32>,
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
        let initial: Vec<TeamSighting> = team_entities
            .0
            .iter()
            .map(|e| TeamSighting {
                status: teams
                    .get(*e)
                    .map_or(TeamStatusKind::Available, |s| s.status.kind()),
                place: teams.get(*e).map_or(0, |s| s.location),
                since: 0,
                eta: None,
            })
            .collect();
        reports.seen = initial.clone();
        reports.reported = initial;
    }
    // Only teams whose state was touched since the last tick can have news.
    for (team, state) in &changed {
        let index = team.index;
        let seen = reports.seen[index];
        let (status, place) = (state.status.kind(), state.location);
        if (seen.status, seen.place) != (status, place) {
            let eta = matches!(status, TeamStatusKind::EnRoute | TeamStatusKind::Mobilising)
                .then_some(state.arrive_at);
            reports.seen[index] = TeamSighting {
                status,
                place,
                since: now,
                eta,
            };
            if !reports.pending.contains(&index) {
                reports.pending.push(index);
            }
        }
    }
    // News reaches the HQ a report latency after the change.
    let reports = &mut *reports;
    reports.pending.retain(|&index| {
        let seen = reports.seen[index];
        if now < seen.since + latency {
            return true;
        }
        reports.reported[index] = seen;
        false
    });
}
