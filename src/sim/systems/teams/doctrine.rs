//! The plan's dispatch doctrine: on the county HQ's belief, the nearest capable team it knows
//! to be available, for each task kind in priority order.

use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;

use super::assign::Ground;
use super::travel::{Candidate, Foot, RouteFrom, soonest};
use crate::scenario::{Capability, DispatchRule, TaskKind};
use crate::sim::command::{self, Belief, Chain, PlayedSeats, Priorities, TeamCommand};
use crate::sim::components::*;
use crate::sim::events::{EventKind, EventLog};
use crate::sim::order::Order;
use crate::sim::resources::*;
use crate::sim::roads::LinkState;

/// An incident that wants teams, as the doctrine ranks it.
struct RescueNeed {
    site: Entity,
    /// Priority set by order (higher first).
    priority: u32,
    /// Trapped, as the HQ believes.
    trapped: u32,
    /// Onset and place: orders incidents the same way every run.
    order_key: (u32, usize),
    place: usize,
    /// Teams assigned or on their way.
    assigned: u32,
}

/// What the county HQ knows when the doctrine decides: the chain, the HQ's belief, the
/// priorities set by order and the seats people play (their teams are theirs).
#[derive(SystemParam)]
pub struct HqKnowledge<'w, 's> {
    pub chain: Res<'w, Chain>,
    pub beliefs: Query<'w, 's, &'static Belief>,
    pub priorities: Res<'w, Priorities>,
    pub played: Res<'w, PlayedSeats>,
    pub command: Res<'w, TeamCommand>,
}

/// The teams by index, and their state.
#[derive(SystemParam)]
pub struct Forces<'w, 's> {
    pub entities: Res<'w, TeamEntities>,
    pub teams: Query<'w, 's, (&'static TeamRef, &'static mut TeamState)>,
}

/// Run condition of [`dispatch_by_doctrine`]: something changed, or a team the HQ has not yet
/// heard is available is heard of now (a review is due when the earliest such report arrives).
pub fn review_due(clock: Res<Clock>, review: Res<DoctrineReview>) -> bool {
    review.is_due(clock.now)
}

/// The plan's dispatch doctrine, reasoning on the county HQ's belief: for each task kind in
/// priority order, the nearest capable team the HQ knows to be available. It issues orders
/// through the same queue as people and scripts, after the HQ's decision time.
pub fn dispatch_by_doctrine(
    ground: Ground,
    hq: HqKnowledge,
    forces: Forces,
    mut review: ResMut<DoctrineReview>,
    mut orders: ResMut<PendingOrders>,
    mut log: ResMut<EventLog>,
) {
    let Ground {
        clock,
        data,
        mut roads,
        mut sites,
        ..
    } = ground;
    let HqKnowledge {
        chain,
        beliefs,
        priorities,
        played,
        command: team_command,
    } = hq;
    let Forces {
        entities: team_entities,
        mut teams,
    } = forces;
    let scenario = &*data.0;
    let dispatch = &scenario.plan.dispatch;
    let now = clock.now;
    let report_delay = scenario.plan.command.team_report.as_minutes();
    if !review.is_due(now) {
        return;
    }
    review.begin();
    // The capabilities the doctrine tasks, in its priority order.
    let tasked: Vec<Capability> = dispatch
        .priorities
        .iter()
        .map(|t| match t {
            TaskKind::Rescue => Capability::Extrication,
            TaskKind::RoadClearing => Capability::RoadClearing,
        })
        .collect();
    // Teams the HQ knows to be available and could task, in scenario order (the query visits
    // them in it: see `advance_teams`), and when it next hears of one.
    let mut available: Vec<usize> = Vec::new();
    for (team, s) in &teams {
        // A team a person's seat owns is theirs: never tasked, recalled or re-sent here.
        if s.status != TeamStatus::Available || !s.active || played.owns_team(team.index) {
            continue;
        }
        let heard_at = s.available_since + report_delay;
        if now < heard_at {
            review.look_again_at(heard_at);
            continue;
        }
        if s.task.is_none()
            && !s.reserve
            && !s.order_in_flight
            && tasked
                .iter()
                .any(|c| scenario.teams[team.index].rate(*c).is_some())
        {
            debug_assert!(available.last().is_none_or(|&l| l < team.index));
            available.push(team.index);
        }
    }
    if dispatch.rule == DispatchRule::Manual {
        return;
    }
    // Each county HQ tasks its own county's forces (and the echelons sent to it) on its own
    // belief (属地为主), in the organisation's order.
    let all_available = available;
    for &hq_node in &chain.county_hqs {
        let mut available: Vec<usize> = all_available
            .iter()
            .copied()
            .filter(|&i| team_command.0.get(i).copied().flatten() == Some(hq_node))
            .collect();
        let Ok(belief) = beliefs.get(chain.entities[hq_node]) else {
            continue;
        };
        if available.is_empty() {
            continue;
        }
        let span = scenario
            .organisation
            .get(hq_node)
            .map_or(5, |n| n.span_of_control);
        // The HQ's decision time depends on how much it is directing; it is worked out when the
        // review issues its first order (most reviews issue none).
        let decided_at = std::cell::OnceCell::new();
        let latency = scenario.plan.command.order_latency.as_minutes().max(1);
        let issue =
            |orders: &mut PendingOrders, log: &mut EventLog, order: Order, site: Option<Entity>| {
                let issue_at = *decided_at.get_or_init(|| {
                    let directing = command::hq_directing(belief, scenario);
                    let base = scenario.plan.command.decision.as_minutes();
                    now + command::decision_minutes(base, span, directing)
                });
                log.record(issue_at, || EventKind::OrderIssued {
                    source: "doctrine",
                    by: chain.ids[hq_node].clone(),
                    order: order.to_string(),
                    latency_min: latency,
                });
                orders.give(order, "doctrine", issue_at + latency, site);
            };
        for task_kind in &dispatch.priorities {
            match task_kind {
                TaskKind::Rescue => {
                    if !available
                        .iter()
                        .any(|&i| scenario.teams[i].rate(Capability::Extrication).is_some())
                    {
                        continue;
                    }
                    // Incidents the HQ knows of and believes open, with their entity.
                    let mut needs: Vec<RescueNeed> = belief
                        .incidents
                        .values()
                        .filter(|known| !known.closed && known.est_trapped > 0)
                        .filter_map(|known| {
                            let (e, s) = sites.get(known.site).ok()?;
                            let assigned = s.teams_assigned + s.reserved;
                            (!s.closed && assigned < dispatch.max_teams_per_site).then(|| {
                                RescueNeed {
                                    site: e,
                                    priority: priorities.0.get(&s.place).copied().unwrap_or(0),
                                    trapped: known.est_trapped,
                                    order_key: (s.onset, s.place),
                                    place: s.place,
                                    assigned,
                                }
                            })
                        })
                        .collect();
                    // Ordered priority first, then most trapped (as believed), then id.
                    needs.sort_by(|a, b| {
                        (b.priority.cmp(&a.priority))
                            .then(b.trapped.cmp(&a.trapped))
                            .then(a.order_key.cmp(&b.order_key))
                    });
                    // The rescuers among them, with what their arrival time depends on.
                    let mut rescuers = Candidate::all_with(
                        scenario,
                        &available,
                        &team_entities,
                        &teams,
                        Capability::Extrication,
                    );
                    // Spread before concentrating: round r gives one more team to every site that
                    // has r teams, so every site gets its first team before any gets a second. Rounds
                    // no site is at do nothing and are skipped, so a review costs at most one round
                    // per team and site whatever `max_teams_per_site` says (a planner who writes a
                    // huge number means "no limit").
                    let mut round = needs
                        .iter()
                        .map(|need| need.assigned)
                        .min()
                        .unwrap_or(u32::MAX);
                    while round < dispatch.max_teams_per_site && !rescuers.is_empty() {
                        for need in needs.iter_mut() {
                            let RescueNeed {
                                site,
                                place,
                                assigned,
                                ..
                            } = need;
                            if *assigned != round || rescuers.is_empty() {
                                continue;
                            }
                            let Some((_, pick)) = soonest(
                                scenario,
                                &mut roads,
                                &rescuers,
                                *place,
                                RouteFrom::Place,
                                Foot::Allowed,
                            ) else {
                                // No team left can reach it, and fewer teams will not change
                                // that: it is passed over in the later rounds of this review.
                                *assigned = u32::MAX;
                                continue;
                            };
                            let team_index = rescuers.remove(pick).team;
                            available.retain(|&i| i != team_index);
                            if let Ok((_, mut state)) = teams.get_mut(team_entities.0[team_index]) {
                                state.order_in_flight = true;
                            }
                            if let Ok((_, mut s)) = sites.get_mut(*site) {
                                s.reserved += 1;
                            }
                            *assigned += 1;
                            let order = Order::DispatchRescue {
                                team: scenario.teams[team_index].id.clone(),
                                place: scenario.region.places[*place].id.clone(),
                            };
                            issue(&mut orders, &mut log, order, Some(*site));
                        }
                        round = needs
                            .iter()
                            .map(|need| need.assigned)
                            .filter(|&assigned| assigned > round)
                            .min()
                            .unwrap_or(u32::MAX);
                    }
                }
                TaskKind::RoadClearing => {
                    let mut clearers = Candidate::all_with(
                        scenario,
                        &available,
                        &team_entities,
                        &teams,
                        Capability::RoadClearing,
                    );
                    // Roads with an end in the HQ's county.
                    let blocked: Vec<usize> = (0..roads.links.len())
                        .filter(|&l| {
                            let link = &roads.links[l];
                            link.state == LinkState::Blocked
                                && !link.clearing_team
                                && (chain.hq_of_place[link.from] == hq_node
                                    || chain.hq_of_place[link.to] == hq_node)
                        })
                        .collect();
                    for link in blocked {
                        if clearers.is_empty() {
                            break;
                        }
                        // The first team (in order) that can reach either end soonest.
                        let (a, b) = (roads.links[link].from, roads.links[link].to);
                        let best = [a, b]
                            .into_iter()
                            .filter_map(|end| {
                                soonest(
                                    scenario,
                                    &mut roads,
                                    &clearers,
                                    end,
                                    RouteFrom::Teams,
                                    Foot::RoadOnly,
                                )
                            })
                            .min();
                        let Some((_, slot)) = best else { continue };
                        let team_index = clearers.remove(slot).team;
                        available.retain(|&i| i != team_index);
                        if let Ok((_, mut state)) = teams.get_mut(team_entities.0[team_index]) {
                            state.order_in_flight = true;
                        }
                        // Mark the road as taken so no second team is sent.
                        roads.links[link].clearing_team = true;
                        let order = Order::DispatchClearRoad {
                            team: scenario.teams[team_index].id.clone(),
                            road: scenario.region.roads[link].id.clone(),
                        };
                        issue(&mut orders, &mut log, order, None);
                    }
                }
            }
            if available.is_empty() {
                break;
            }
        }
    }
}
