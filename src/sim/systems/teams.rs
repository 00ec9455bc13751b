//! Teams: orders, the plan's dispatch doctrine, travel, extrication, road clearing and rest.
//!
//! A team moves through ICS-like states: available → (mobilising, once) → en route → working →
//! resting after its shift → available. Travel time is the road network's shortest route at the
//! team's speed, scaled by road class and state; aviation flies straight. Orders and doctrine
//! both go through [`assign`], so a dispatch means the same whoever gives it.

use bevy_ecs::prelude::*;
use rand::RngExt;

use crate::scenario::{Capability, DispatchRule, Scenario, TaskKind, Team, TeamKind};
use crate::sim::command::{self, Belief, Chain, Levels, Priorities};
use crate::sim::components::*;
use crate::sim::events::{EventKind, EventLog};
use crate::sim::math;
use crate::sim::order::Order;
use crate::sim::resources::*;
use crate::sim::roads::{LinkState, RoadNetwork, UNREACHABLE, minutes_at};

/// An incident that wants teams, as the doctrine ranks it: (entity, ordered priority, trapped
/// as believed, (onset, place) for a fixed order, place, teams assigned or on their way).
type RescueNeed = (Entity, u32, u32, (u32, usize), usize, u32);

/// Rescue sites with their entities.
pub type Sites<'w, 's> = Query<'w, 's, (Entity, &'static mut RescueSite)>;

/// Minutes for `team` to travel from place `from` to place `to`; `None` if no route is open.
/// Road routes are read from the destination's tree: the doctrine weighs many teams against one
/// place, and every team sent there then travels the same tree.
pub fn travel_minutes(
    scenario: &Scenario,
    roads: &mut RoadNetwork,
    team: &Team,
    from: usize,
    to: usize,
) -> Option<u32> {
    travel_with(scenario, team, from, to, || roads.distance_m(to, from))
}

/// Minutes for `team` from place `from` to place `to`: aviation flies the straight line, other
/// teams drive `road_metres()` (asked only for them; `None` when no road is open).
fn travel_with(
    scenario: &Scenario,
    team: &Team,
    from: usize,
    to: usize,
    road_metres: impl FnOnce() -> Option<u64>,
) -> Option<u32> {
    if team.kind == TeamKind::Aviation {
        let (a, b) = (&scenario.region.places[from], &scenario.region.places[to]);
        let km = math::distance_km(a.x_km, a.y_km, b.x_km, b.y_km);
        return Some(math::trip_minutes(km, team.speed_kmh));
    }
    Some(minutes_at(road_metres()?, team.speed_kmh))
}

/// Minutes until team `team_index` could be at `to`, counting mobilisation if it has not
/// mobilised yet.
fn arrival_delay(
    scenario: &Scenario,
    roads: &mut RoadNetwork,
    team_index: usize,
    state: &TeamState,
    to: usize,
) -> Option<u32> {
    Candidate::new(scenario, team_index, state)
        .delay_to(scenario, to, || roads.distance_m(to, state.location))
}

/// Rain rate (mm/h) above which helicopters do not fly.
pub const FLIGHT_RAIN_LIMIT_MM_H: f64 = 15.0;

/// The first minute from `depart` a helicopter may fly from `from` to `to`: in daylight
/// (06:00–20:00 local; no night-qualified crews are modelled) and not in heavy rain at either
/// end (with heavy rain now, it waits an hour).
pub fn flight_window(
    scenario: &Scenario,
    rain_rate: &[f64],
    from: usize,
    to: usize,
    depart: u32,
) -> u32 {
    let mut t = depart;
    let heavy = |p: usize| {
        rain_rate
            .get(p)
            .is_some_and(|r| *r > FLIGHT_RAIN_LIMIT_MM_H)
    };
    if heavy(from) || heavy(to) {
        t += 60;
    }
    let minute_of_day = (scenario.start_time.minute_of_day + t) % 1440;
    if minute_of_day < 6 * 60 {
        t += 6 * 60 - minute_of_day;
    } else if minute_of_day >= 20 * 60 {
        t += 24 * 60 - minute_of_day + 6 * 60;
    }
    t
}

/// Stops a team's current task, keeping site and road bookkeeping right.
fn release_task(state: &mut TeamState, sites: &mut Sites, roads: &mut RoadNetwork) {
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
#[allow(clippy::too_many_arguments)]
fn assign(
    scenario: &Scenario,
    roads: &mut RoadNetwork,
    sites: &mut Sites,
    log: &mut EventLog,
    rain_rate: &[f64],
    now: u32,
    team_index: usize,
    state: &mut TeamState,
    task: Task,
    destination: usize,
) -> Result<u32, String> {
    let team = &scenario.teams[team_index];
    // Where it leaves from and when: a team still mobilising leaves base when ready; a team
    // not yet mobilised mobilises first (once); any other team leaves now.
    let (from, depart) = match state.status {
        TeamStatus::Resting { until } => {
            return Err(format!("the team is resting until minute {until}"));
        }
        TeamStatus::EnRoute { arrive_at } => {
            return Err(format!(
                "the team is on the road until minute {arrive_at}; re-task it when it arrives"
            ));
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
    let travel = travel_minutes(scenario, roads, team, from, destination).ok_or_else(|| {
        format!(
            "no open road from {} to {}",
            scenario.region.places[from].id, scenario.region.places[destination].id
        )
    })?;
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
    Ok(arrive_at - now)
}

/// The end of blocked `link` nearest to the team that it can reach, if any.
fn nearest_end(
    scenario: &Scenario,
    roads: &mut RoadNetwork,
    team_index: usize,
    state: &TeamState,
    link: usize,
) -> Option<(usize, u32)> {
    let (a, b) = (roads.links[link].from, roads.links[link].to);
    [a, b]
        .into_iter()
        .filter_map(|end| arrival_delay(scenario, roads, team_index, state, end).map(|d| (end, d)))
        .min_by_key(|&(end, delay)| (delay, end))
}

/// The open rescue site at `place` that opened first.
fn open_site_at(sites: &Sites, place: usize) -> Option<Entity> {
    sites
        .iter()
        .filter(|(_, s)| s.place == place && !s.closed)
        .min_by(|(_, a), (_, b)| (a.onset, &a.id).cmp(&(b.onset, &b.id)))
        .map(|(entity, _)| entity)
}

/// Run condition of [`carry_out_orders`]: an order reaches its recipient this tick.
pub fn orders_due(clock: Res<Clock>, orders: Res<PendingOrders>) -> bool {
    orders.any_due(clock.tick_end())
}

/// Carries out the orders that reach their recipients this tick, whoever gave them.
#[allow(clippy::too_many_arguments)]
pub fn carry_out_orders(
    clock: Res<Clock>,
    data: Res<ScenarioData>,
    mut agenda: ResMut<SiteAgenda>,
    team_entities: Res<TeamEntities>,
    chain: Res<Chain>,
    mut orders: ResMut<PendingOrders>,
    mut roads: ResMut<RoadNetwork>,
    mut log: ResMut<EventLog>,
    mut review: ResMut<DoctrineReview>,
    mut levels: ResMut<Levels>,
    mut priorities: ResMut<Priorities>,
    hazard_state: Res<crate::sim::hazards::HazardState>,
    mut teams: Query<(&TeamRef, &mut TeamState)>,
    mut sites: Sites,
) {
    let end = clock.tick_end();
    if !orders.any_due(end) {
        return;
    }
    let scenario = &*data.0;
    let now = clock.now;
    let mut due = Vec::new();
    orders.0.retain(|o| {
        if o.deliver_at < end {
            due.push(o.clone());
            false
        } else {
            true
        }
    });
    due.sort_by_key(|o| (o.deliver_at, o.seq));
    for queued in due {
        let order = &queued.order;
        // Orders that change what the doctrine weighs make it look again; a dispatch it (or
        // someone) already decided does not.
        if matches!(order, Order::Priority { .. } | Order::Recall { .. }) {
            review.0 = true;
        }
        let team_of = |id: &str| scenario.teams.iter().position(|t| t.id == id);
        let result: Result<(), String> = match order {
            Order::DeclareLevel { level } => {
                command::declare(
                    scenario,
                    &chain,
                    &mut levels,
                    &mut log,
                    &mut review,
                    &mut teams,
                    now,
                    *level,
                    queued.source,
                );
                Ok(())
            }
            Order::RequestAid { kind } => {
                command::activate(
                    scenario,
                    &mut log,
                    &mut review,
                    &mut teams,
                    now,
                    *kind,
                    "request",
                );
                Ok(())
            }
            Order::Priority { place, priority } => {
                match scenario.region.places.iter().position(|p| &p.id == place) {
                    Some(p) => {
                        priorities.0.insert(p, *priority);
                        Ok(())
                    }
                    None => Err(format!("unknown place {place}")),
                }
            }
            Order::FieldPost { place, commander } => {
                let place_index = scenario.region.places.iter().position(|p| &p.id == place);
                match place_index.and_then(|p| open_site_at(&sites, p)) {
                    Some(site) => {
                        if let Ok((_, mut site)) = sites.get_mut(site)
                            && site.reporting.post.is_none()
                        {
                            site.reporting.post = Some(FieldPost {
                                set_up_at: now,
                                commander: commander.clone(),
                                sizeup_sent: false,
                                sitreps_sent: 0,
                            });
                            agenda.lower(SiteWork::FieldCommand, scenario, &site);
                            log.record(now, || EventKind::FieldPostSetUp {
                                incident: site.id.clone(),
                                commander: commander.clone(),
                                on_time: site.first_team_at.is_none_or(|t| {
                                    now <= t + scenario.plan.field_command.setup_within.as_minutes()
                                }),
                            });
                        }
                        Ok(())
                    }
                    None => Err(format!("no open incident at {place}")),
                }
            }
            Order::DispatchRescue { team, .. }
            | Order::DispatchClearRoad { team, .. }
            | Order::Recall { team } => {
                // Ids were checked by `Sim::apply`; a stale id is refused, not a panic.
                match team_of(team) {
                    None => Err(format!("unknown team {team}")),
                    Some(team_index) => {
                        let Ok((_, mut state)) = teams.get_mut(team_entities.0[team_index]) else {
                            continue;
                        };
                        state.order_in_flight = false;
                        if let Some(site) = queued.reserved_site
                            && let Ok((_, mut site)) = sites.get_mut(site)
                        {
                            site.reserved = site.reserved.saturating_sub(1);
                        }
                        let target = match order {
                            Order::DispatchRescue { place, .. } => {
                                let place_index =
                                    scenario.region.places.iter().position(|p| &p.id == place);
                                match place_index
                                    .and_then(|p| open_site_at(&sites, p).map(|site| (site, p)))
                                {
                                    Some((site, p)) => Ok((Task::Rescue(site), p)),
                                    None => Err(format!("no open rescue incident at {place}")),
                                }
                            }
                            Order::DispatchClearRoad { road, .. } => {
                                match scenario.region.roads.iter().position(|r| &r.id == road) {
                                    Some(link) if roads.links[link].state == LinkState::Blocked => {
                                        nearest_end(scenario, &mut roads, team_index, &state, link)
                                            .map(|(end, _)| (Task::ClearRoad(link), end))
                                            .ok_or_else(|| {
                                                format!("no open road to either end of {road}")
                                            })
                                    }
                                    _ => Err(format!("{road} is not blocked")),
                                }
                            }
                            _ => Ok((Task::ReturnToBase, scenario.teams[team_index].base)),
                        };
                        target.and_then(|(task, destination)| {
                            if !state.active {
                                return Err("the team has not been released: declare a level or request aid".to_string());
                            }
                            assign(
                                scenario,
                                &mut roads,
                                &mut sites,
                                &mut log,
                                &hazard_state.rain_rate,
                                now,
                                team_index,
                                &mut state,
                                task,
                                destination,
                            )
                            .map(|_| ())
                        })
                    }
                }
            }
        };
        if let Err(reason) = result {
            review.0 = true;
            log.record(now, || EventKind::OrderRefused {
                order: order.to_string(),
                reason,
            });
        }
    }
}

/// Run condition of [`dispatch_by_doctrine`]: something changed, or a team the HQ has not yet
/// heard is available is heard of now (a review is due when the earliest such report arrives).
pub fn review_due(clock: Res<Clock>, review: Res<DoctrineReview>) -> bool {
    review.is_due(clock.now)
}

/// The plan's dispatch doctrine, reasoning on the county HQ's belief: for each task kind in
/// priority order, the nearest capable team the HQ knows to be available. It issues orders
/// through the same queue as people and scripts, after the HQ's decision time.
#[allow(clippy::too_many_arguments)]
pub fn dispatch_by_doctrine(
    clock: Res<Clock>,
    data: Res<ScenarioData>,
    team_entities: Res<TeamEntities>,
    chain: Res<Chain>,
    priorities: Res<Priorities>,
    mut review: ResMut<DoctrineReview>,
    mut roads: ResMut<RoadNetwork>,
    mut orders: ResMut<PendingOrders>,
    mut log: ResMut<EventLog>,
    beliefs: Query<&Belief>,
    mut teams: Query<(&TeamRef, &mut TeamState)>,
    mut sites: Sites,
) {
    let scenario = &*data.0;
    let dispatch = &scenario.plan.dispatch;
    let now = clock.now;
    let report_delay = scenario.plan.command.team_report.as_minutes();
    if !review.is_due(now) {
        return;
    }
    review.0 = false;
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
    review.1 = None;
    for (team, s) in &teams {
        if s.status != TeamStatus::Available || !s.active {
            continue;
        }
        let heard_at = s.available_since + report_delay;
        if now < heard_at {
            review.1 = Some(review.1.map_or(heard_at, |t: u32| t.min(heard_at)));
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
    let Ok(belief) = beliefs.get(chain.entities[chain.hq]) else {
        return;
    };
    if available.is_empty() {
        return;
    }
    let span = scenario
        .organisation
        .get(chain.hq)
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
                by: chain.ids[chain.hq].clone(),
                order: order.to_string(),
                latency_min: latency,
            });
            let seq = orders.1;
            orders.1 += 1;
            orders.0.push(QueuedOrder {
                order,
                source: "doctrine",
                issue_at,
                deliver_at: issue_at + latency,
                reserved_site: site,
                seq,
            });
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
                            (
                                e,
                                priorities.0.get(&s.place).copied().unwrap_or(0),
                                known.est_trapped,
                                // Onset and place order incidents the same way every run.
                                (s.onset, s.place),
                                s.place,
                                assigned,
                            )
                        })
                    })
                    .collect();
                // Ordered priority first, then most trapped (as believed), then id.
                needs.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.3.cmp(&b.3)));
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
                let mut round = needs.iter().map(|need| need.5).min().unwrap_or(u32::MAX);
                while round < dispatch.max_teams_per_site && !rescuers.is_empty() {
                    for need in needs.iter_mut() {
                        let (site, _, _, _, place, assigned) = need;
                        if *assigned != round || rescuers.is_empty() {
                            continue;
                        }
                        let Some((_, pick)) =
                            soonest(scenario, &mut roads, &rescuers, *place, RouteFrom::Place)
                        else {
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
                        .map(|need| need.5)
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
                let blocked: Vec<usize> = (0..roads.links.len())
                    .filter(|&l| {
                        roads.links[l].state == LinkState::Blocked && !roads.links[l].clearing_team
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
                            soonest(scenario, &mut roads, &clearers, end, RouteFrom::Teams)
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

/// A team the doctrine could send, with what its arrival time depends on (taken once per
/// review: a team's place and readiness do not change while the HQ decides).
struct Candidate {
    team: usize,
    location: usize,
    /// Minutes before it can leave: its mobilisation if it has not mobilised yet.
    mobilisation: u32,
}

impl Candidate {
    /// Minutes until it could be at `place`, with `road_metres` the road distance (asked only
    /// for teams that drive); `None` when no road leads there.
    fn delay_to(
        &self,
        scenario: &Scenario,
        place: usize,
        road_metres: impl FnOnce() -> Option<u64>,
    ) -> Option<u32> {
        let team = &scenario.teams[self.team];
        let travel = travel_with(scenario, team, self.location, place, road_metres)?;
        Some(self.mobilisation.saturating_add(travel))
    }

    /// The teams of `available` (scenario indices, in order) that have `capability`.
    fn all_with(
        scenario: &Scenario,
        available: &[usize],
        team_entities: &TeamEntities,
        teams: &Query<(&TeamRef, &mut TeamState)>,
        capability: Capability,
    ) -> Vec<Candidate> {
        available
            .iter()
            .filter(|&&i| scenario.teams[i].rate(capability).is_some())
            .filter_map(|&i| {
                let (_, state) = teams.get(team_entities.0[i]).ok()?;
                Some(Candidate::new(scenario, i, state))
            })
            .collect()
    }

    fn new(scenario: &Scenario, team: usize, state: &TeamState) -> Candidate {
        Candidate {
            team,
            location: state.location,
            mobilisation: if state.mobilised {
                0
            } else {
                scenario.teams[team].mobilisation_min
            },
        }
    }
}

/// Which route trees [`soonest`] reads: distances are the same both ways, so the choice only
/// decides how many trees are built — one per incident place when many teams are weighed
/// against few places (rescue), one per team when few teams are weighed against many places
/// (the ends of every blocked road).
#[derive(Clone, Copy, PartialEq)]
enum RouteFrom {
    Place,
    Teams,
}

/// The soonest any of `candidates` can be at `place`, and the position of the (first) team
/// that can, as [`arrival_delay`] reckons it.
fn soonest(
    scenario: &Scenario,
    roads: &mut RoadNetwork,
    candidates: &[Candidate],
    place: usize,
    from: RouteFrom,
) -> Option<(u32, usize)> {
    let mut best: Option<(u32, usize)> = None;
    let mut consider = |slot: usize, delay: Option<u32>| {
        if let Some(delay) = delay
            && best.is_none_or(|(d, _)| delay < d)
        {
            best = Some((delay, slot));
        }
    };
    match from {
        RouteFrom::Place => {
            let tree = roads.distances_from(place);
            for (slot, c) in candidates.iter().enumerate() {
                let metres = || Some(tree[c.location]).filter(|&m| m != UNREACHABLE);
                consider(slot, c.delay_to(scenario, place, metres));
            }
        }
        RouteFrom::Teams => {
            for (slot, c) in candidates.iter().enumerate() {
                // Reads the team's tree (built if neither end has one).
                let metres = || roads.distance_m(c.location, place);
                consider(slot, c.delay_to(scenario, place, metres));
            }
        }
    }
    best
}

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
    review.0 = true;
    let place = scenario.region.places[state.location].id.clone();
    log.record(at, || EventKind::TeamAvailable {
        team: team.id.clone(),
        place,
    });
}

/// Moves teams through their states and does their work for this tick.
#[allow(clippy::too_many_arguments)]
pub fn advance_teams(
    clock: Res<Clock>,
    data: Res<ScenarioData>,
    mut agenda: ResMut<SiteAgenda>,
    place_entities: Res<PlaceEntities>,
    mut rng: ResMut<OperationsRng>,
    mut roads: ResMut<RoadNetwork>,
    mut log: ResMut<EventLog>,
    mut tally: ResMut<Tally>,
    mut review: ResMut<DoctrineReview>,
    mut teams: Query<(&TeamRef, &mut TeamState)>,
    mut sites: Sites,
    mut cohorts: Query<&mut Cohort>,
) {
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
            review.0 = true;
            continue;
        }
        let finished = match state.task {
            Some(Task::Rescue(site_entity)) => {
                let Ok((_, mut site)) = sites.get_mut(site_entity) else {
                    continue;
                };
                let rate = team.rate(Capability::Extrication).unwrap_or(0.0);
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
