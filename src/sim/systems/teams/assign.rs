//! Tasking a team: where it leaves from and when, its route, and the bookkeeping of sites and
//! roads when a task starts or stops. Orders and the doctrine both go through [`assign`].

use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;

use super::travel::{Foot, Way, arrival_delay, flight_window, trip};
use crate::scenario::{Scenario, TeamKind};
use crate::sim::components::*;
use crate::sim::events::{EventKind, EventLog};
use crate::sim::hazards::HazardState;
use crate::sim::resources::{Clock, ScenarioData};
use crate::sim::roads::RoadNetwork;

/// Rescue sites with their entities.
pub type Sites<'w, 's> = Query<'w, 's, (Entity, &'static mut RescueSite)>;

/// What the team systems work on: the time, the scenario, the weather (helicopters do not fly
/// in heavy rain), the roads and the rescue sites.
#[derive(SystemParam)]
pub struct Ground<'w, 's> {
    pub clock: Res<'w, Clock>,
    pub data: Res<'w, ScenarioData>,
    pub hazards: Res<'w, HazardState>,
    pub roads: ResMut<'w, RoadNetwork>,
    pub sites: Sites<'w, 's>,
}

/// What tasking a team reads and changes: the roads, the rescue sites and the rain.
pub(super) struct Field<'a, 'w, 's> {
    pub(super) scenario: &'a Scenario,
    pub(super) roads: &'a mut RoadNetwork,
    pub(super) sites: &'a mut Sites<'w, 's>,
    pub(super) rain_rate: &'a [f64],
}

/// Stops a team's current task, keeping site and road bookkeeping right.
pub(super) fn release_task(state: &mut TeamState, sites: &mut Sites, roads: &mut RoadNetwork) {
    match state.task.take() {
        Some(Task::Rescue(site)) => {
            if let Ok((_, mut site)) = sites.get_mut(site) {
                site.teams_assigned = site.teams_assigned.saturating_sub(1);
            }
        }
        Some(Task::ClearRoad(link)) => roads.links[link].clearing_team = false,
        Some(Task::ReturnToBase) | None => {}
    }
    state.progress_min = 0.0;
    state.current_cost_min = 0.0;
}

/// Sends a team to `destination` for `task`. Returns the ETA in minutes from now, or why the
/// team cannot go: it is resting or on the road (it can be re-tasked when it arrives), or no
/// open route leads there.
pub(super) fn assign(
    field: Field,
    log: &mut EventLog,
    now: u32,
    team_index: usize,
    state: &mut TeamState,
    task: Task,
    destination: usize,
) -> Result<u32, crate::sim::order::OrderRefusal> {
    use crate::sim::order::OrderRefusal;
    let Field {
        scenario,
        roads,
        sites,
        rain_rate,
    } = field;
    let team = &scenario.teams[team_index];
    // Where it leaves from and when: a team still mobilising leaves base when ready; a team
    // not yet mobilised mobilises first (once); any other team leaves now.
    let (from, depart) = match state.status {
        TeamStatus::Resting { until } => {
            return Err(OrderRefusal::Resting { until });
        }
        TeamStatus::EnRoute { arrive_at } => {
            return Err(OrderRefusal::OnTheRoad { arrive_at });
        }
        TeamStatus::Mobilising { until } => (state.origin, until),
        TeamStatus::Available | TeamStatus::Working if !state.mobilised => {
            (state.location, now + team.mobilisation_min)
        }
        TeamStatus::Available | TeamStatus::Working => (state.location, now),
    };
    let depart = if team.kind == TeamKind::Aviation {
        flight_window(scenario, rain_rate, from, destination, depart)
    } else {
        depart
    };
    let foot = match task {
        Task::Rescue(_) => Foot::Allowed,
        Task::ClearRoad(_) | Task::ReturnToBase => Foot::RoadOnly,
    };
    let direct = roads.distance_m(destination, from);
    let journey =
        trip(scenario, roads, team, from, destination, direct, foot).ok_or_else(|| {
            OrderRefusal::NoOpenRoad {
                from: scenario.region.places[from].id.clone(),
                to: scenario.region.places[destination].id.clone(),
            }
        })?;
    let travel = journey.minutes;
    release_task(state, sites, roads);
    if !state.mobilised {
        // The shift starts when the team first leaves base; later shifts start after rest.
        state.mobilised = true;
        state.shift_start = depart;
    }
    let arrive_at = depart.saturating_add(travel);
    state.origin = from;
    state.location = destination;
    state.depart_at = depart;
    state.arrive_at = arrive_at;
    state.status = if depart > now {
        TeamStatus::Mobilising { until: depart }
    } else {
        TeamStatus::EnRoute { arrive_at }
    };
    state.task = Some(task);
    let task_label = match task {
        Task::Rescue(site) => {
            let mut label = String::from("rescue");
            if let Ok((_, mut site)) = sites.get_mut(site) {
                site.teams_assigned += 1;
                label = format!("rescue {}", site.id);
            }
            label
        }
        Task::ClearRoad(link) => {
            roads.links[link].clearing_team = true;
            format!("clear {}", scenario.region.roads[link].id)
        }
        Task::ReturnToBase => "return to base".to_string(),
    };
    log.record(now, || EventKind::TeamDispatched {
        team: team.id.clone(),
        task: task_label,
        destination: scenario.region.places[destination].id.clone(),
        eta_min: arrive_at - now,
    });
    if let Way::Foot { walk_from, walk_m } = journey.way {
        // It walks in with what it can carry; its equipment follows later.
        state.kit_until = state
            .kit_until
            .max(arrive_at.saturating_add(scenario.models.teams.kit_follows_min));
        log.record(now, || EventKind::TeamWalksIn {
            team: team.id.clone(),
            from: scenario.region.places[walk_from].id.clone(),
            to: scenario.region.places[destination].id.clone(),
            walk_km: (walk_m as f64 / 100.0).round() / 10.0,
        });
    }
    Ok(arrive_at - now)
}

/// The end of blocked `link` nearest to the team that it can reach, if any.
pub(super) fn nearest_end(
    scenario: &Scenario,
    roads: &mut RoadNetwork,
    team_index: usize,
    state: &TeamState,
    link: usize,
) -> Option<(usize, u32)> {
    let (a, b) = (roads.links[link].from, roads.links[link].to);
    [a, b]
        .into_iter()
        .filter_map(|end| {
            arrival_delay(scenario, roads, team_index, state, end, Foot::RoadOnly).map(|d| (end, d))
        })
        .min_by_key(|&(end, delay)| (delay, end))
}

/// The open rescue site at `place` that opened first.
pub(super) fn open_site_at(sites: &Sites, place: usize) -> Option<Entity> {
    sites
        .iter()
        .filter(|(_, s)| s.place == place && !s.closed)
        .min_by_key(|(_, s)| s.order)
        .map(|(entity, _)| entity)
}
