//! Teams through their states for one tick: arrival, work on site (extrication, road
//! clearing), shifts and rest.

use bevy_ecs::prelude::*;
use rand::RngExt;

use super::assign::{Ground, release_task};
use crate::scenario::{Capability, Scenario, Team, TeamKind};
use crate::sim::components::*;
use crate::sim::events::{EventKind, EventLog};
use crate::sim::resources::*;
use crate::sim::roads::LinkState;

/// `team` is free for tasks again from minute `at`: the doctrine looks again, and the log says so.
fn become_available(
    scenario: &Scenario,
    team: &Team,
    state: &mut TeamState,
    at: u32,
    review: &mut DoctrineReview,
    log: &mut EventLog,
) {
    state.status = TeamStatus::Available;
    state.available_since = at;
    review.request();
    let place = scenario.region.places[state.location].id.clone();
    log.record(at, || EventKind::TeamAvailable {
        team: team.id.clone(),
        place,
    });
}

/// Moves teams through their states and does their work for this tick.
pub fn advance_teams(
    ground: Ground,
    people: People,
    mut agenda: ResMut<SiteAgenda>,
    mut rng: ResMut<OperationsRng>,
    mut log: ResMut<EventLog>,
    mut review: ResMut<DoctrineReview>,
    mut teams: Query<(&TeamRef, &mut TeamState)>,
) {
    let Ground {
        clock,
        data,
        mut roads,
        mut sites,
        ..
    } = ground;
    let People {
        place_entities,
        mut cohorts,
        mut tally,
    } = people;
    let scenario = &*data.0;
    let now = clock.now;
    let end = clock.tick_end();
    let light_speedup = scenario.models.local_rescue.light_speedup;
    let tick = clock.tick as f64;
    // Teams in scenario order (work draws from the operations stream): they were spawned in
    // that order into one table and never move, so the query visits them in it.
    let mut last = None;
    for (team_ref, mut state) in &mut teams {
        debug_assert!(
            last.is_none_or(|l| l < team_ref.index),
            "teams out of order"
        );
        last = Some(team_ref.index);
        if state.status == TeamStatus::Available {
            continue;
        }
        let team = &scenario.teams[team_ref.index];
        if let TeamStatus::Mobilising { until } = state.status
            && until < end
        {
            state.status = TeamStatus::EnRoute {
                arrive_at: state.arrive_at,
            };
        }
        if let TeamStatus::Resting { until } = state.status {
            if until < end {
                state.shift_start = until;
                become_available(scenario, team, &mut state, until, &mut review, &mut log);
            }
            continue;
        }
        if let TeamStatus::EnRoute { arrive_at } = state.status {
            if arrive_at >= end {
                continue;
            }
            let place = scenario.region.places[state.location].id.clone();
            log.record(arrive_at, || EventKind::TeamArrived {
                team: team.id.clone(),
                place,
            });
            match state.task {
                Some(Task::Rescue(site)) => {
                    if let Ok((_, mut site)) = sites.get_mut(site)
                        && !site.closed
                    {
                        site.first_team_at.get_or_insert(arrive_at);
                        agenda.lower(SiteWork::FieldCommand, scenario, &site);
                    }
                    if team.kind == TeamKind::Aviation {
                        let first = tally
                            .aviation_first_arrival
                            .map_or(arrive_at, |t| t.min(arrive_at));
                        tally.aviation_first_arrival = Some(first);
                    }
                    state.status = TeamStatus::Working;
                }
                Some(Task::ClearRoad(_)) => state.status = TeamStatus::Working,
                Some(Task::ReturnToBase) | None => {
                    state.task = None;
                    become_available(scenario, team, &mut state, arrive_at, &mut review, &mut log);
                    continue;
                }
            }
        }
        if state.status != TeamStatus::Working {
            continue;
        }
        // Most working minutes only bring the current victim closer: the same step as
        // `extricate` takes, without touching the site.
        if let Some(Task::Rescue(site)) = state.task
            && now < state.shift_start + team.shift_min
            && state.current_cost_min > 0.0
            && state.progress_min + tick < state.current_cost_min
            && team
                .rate(Capability::Extrication)
                .is_some_and(|rate| rate > 0.0)
            && sites.get(site).is_ok_and(|(_, s)| !s.closed)
        {
            // Progress within a task is not news to anyone watching teams change
            // (`Changed<TeamState>` is about status and place), so it does not mark the team.
            state.bypass_change_detection().progress_min += tick;
            continue;
        }
        // Shift over: rest where it stands.
        if now >= state.shift_start + team.shift_min {
            release_task(&mut state, &mut sites, &mut roads);
            let until = now + team.rest_min;
            state.status = TeamStatus::Resting { until };
            log.record(now, || EventKind::TeamResting {
                team: team.id.clone(),
                until,
            });
            review.request();
            continue;
        }
        let finished = match state.task {
            Some(Task::Rescue(site_entity)) => {
                let Ok((_, mut site)) = sites.get_mut(site_entity) else {
                    continue;
                };
                let rate = extrication_rate(scenario, team, &state, now);
                let freed = extricate(
                    &mut state,
                    &mut site,
                    rate,
                    light_speedup,
                    clock.tick,
                    &mut rng.0,
                );
                if freed.0 + freed.1 > 0 {
                    if let Ok(mut cohort) = cohorts.get_mut(place_entities.0[site.place]) {
                        cohort.trapped -= freed.0 + freed.1;
                        cohort.injured_waiting += freed.1;
                        cohort.displace(freed.0);
                    }
                    tally.rescued_by_teams += (freed.0 + freed.1) as u64;
                    tally.injured_total += freed.1 as u64;
                    tally.displaced_total += freed.0 as u64;
                    let n = freed.0 + freed.1;
                    log.record(now, || EventKind::TrappedFreed {
                        incident: site.id.clone(),
                        by: "teams",
                        n,
                    });
                }
                if site.remaining() == 0 && !site.closed {
                    site.closed = true;
                    site.closed_at = Some(now);
                    agenda.lower(SiteWork::Reports, scenario, &site);
                    log.record(now, || EventKind::IncidentClosed {
                        incident: site.id.clone(),
                    });
                }
                site.closed
            }
            Some(Task::ClearRoad(link)) => {
                let rate = team.rate(Capability::RoadClearing).unwrap_or(0.0);
                roads.links[link].clear_work_h -= rate * clock.tick as f64 / 60.0;
                if roads.links[link].clear_work_h <= 0.0 {
                    roads.set_state(link, LinkState::Degraded);
                    if roads.blocked_count == 0 {
                        tally.roads_restored_at = Some(end);
                    }
                    let road = &scenario.region.roads[link];
                    log.record(now, || EventKind::RoadChanged {
                        road: road.id.clone(),
                        from: scenario.region.places[road.from].id.clone(),
                        to: scenario.region.places[road.to].id.clone(),
                        state: LinkState::Degraded.name(),
                        cause: "cleared",
                    });
                    true
                } else {
                    false
                }
            }
            Some(Task::ReturnToBase) | None => true,
        };
        if finished {
            release_task(&mut state, &mut sites, &mut roads);
            become_available(scenario, team, &mut state, now, &mut review, &mut log);
        }
    }
}

/// Heavily trapped victims per hour `team` frees at minute `now`: its capability's rate, written
/// for a team of `models.teams.reference_size` people, scaled by its size, and lowered while it
/// works with the light kit it walked in with.
pub(super) fn extrication_rate(
    scenario: &Scenario,
    team: &Team,
    state: &TeamState,
    now: u32,
) -> f64 {
    let model = &scenario.models.teams;
    let rate = team.rate(Capability::Extrication).unwrap_or(0.0) * model.size_factor(team.size);
    if now < state.kit_until {
        rate * model.light_kit_factor
    } else {
        rate
    }
}

/// One tick of extrication by one team. Returns (freed unhurt, freed injured).
fn extricate(
    state: &mut TeamState,
    site: &mut RescueSite,
    rate_heavy_per_h: f64,
    light_speedup: f64,
    tick: u32,
    rng: &mut impl rand::Rng,
) -> (u32, u32) {
    let mut freed = (0, 0);
    if rate_heavy_per_h <= 0.0 {
        return freed;
    }
    state.progress_min += tick as f64;
    loop {
        let remaining = site.remaining();
        if remaining == 0 {
            state.progress_min = 0.0;
            state.current_cost_min = 0.0;
            break;
        }
        if state.current_cost_min == 0.0 {
            // The next victim the team reaches is heavily trapped in proportion to those left.
            state.current_heavy = rng.random_range(0..remaining) < site.heavy_remaining;
            let per_hour = if state.current_heavy {
                rate_heavy_per_h
            } else {
                rate_heavy_per_h * light_speedup
            };
            state.current_cost_min = 60.0 / per_hour;
        }
        if state.progress_min < state.current_cost_min {
            break;
        }
        state.progress_min -= state.current_cost_min;
        state.current_cost_min = 0.0;
        // Free one victim of the chosen kind, picked at random among those left.
        let start = site.cursor;
        let len = site.victims.len();
        let first = rng.random_range(start..len);
        let pick = (0..len - start)
            .map(|offset| start + (first - start + offset) % (len - start))
            .find(|&i| site.victims[i].heavy == state.current_heavy)
            .unwrap_or(first);
        let victim = site.victims.remove(pick);
        if victim.heavy {
            site.heavy_remaining -= 1;
        }
        if victim.injured {
            freed.1 += 1;
        } else {
            freed.0 += 1;
        }
    }
    freed
}
