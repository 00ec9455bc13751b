//! Orders carried out when they reach their recipient, whoever gave them.

use bevy_ecs::prelude::*;

use super::assign::{Field, Ground, assign, nearest_end, open_site_at};
use crate::sim::command::{Priorities, Response};
use crate::sim::components::*;
use crate::sim::events::EventKind;
use crate::sim::order::{Order, OrderRefusal};
use crate::sim::resources::*;
use crate::sim::roads::LinkState;

/// Run condition of [`carry_out_orders`]: an order reaches its recipient this tick.
pub fn orders_due(clock: Res<Clock>, orders: Res<PendingOrders>) -> bool {
    orders.any_due(clock.tick_end())
}

/// Carries out the orders that reach their recipients this tick, whoever gave them.
pub fn carry_out_orders(
    ground: Ground,
    mut agenda: ResMut<SiteAgenda>,
    team_entities: Res<TeamEntities>,
    mut orders: ResMut<PendingOrders>,
    mut priorities: ResMut<Priorities>,
    mut response: Response,
) {
    let Ground {
        clock,
        data,
        hazards,
        mut roads,
        mut sites,
    } = ground;
    let end = clock.tick_end();
    if !orders.any_due(end) {
        return;
    }
    let scenario = &*data.0;
    let now = clock.now;
    let mut due = Vec::new();
    orders.queue.retain(|o| {
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
            response.review.request();
        }
        let team_of = |id: &str| scenario.teams.iter().position(|t| t.id == id);
        let result: Result<(), OrderRefusal> = match order {
            Order::DeclareLevel { level } => {
                response.declare(scenario, now, *level, queued.source);
                Ok(())
            }
            Order::RequestAid { kind } => {
                response.activate(scenario, now, *kind, "request");
                Ok(())
            }
            // Sent at once by `Sim::give` or the doctrine (command/support.rs); never queued.
            Order::RequestSupport { .. } => Ok(()),
            Order::Priority { place, priority } => {
                match scenario.region.places.iter().position(|p| &p.id == place) {
                    Some(p) => {
                        priorities.0.insert(p, *priority);
                        Ok(())
                    }
                    None => Err(OrderRefusal::UnknownPlace(place.clone())),
                }
            }
            Order::FieldPost { .. } | Order::Handover { .. } => super::posts::post_order(
                scenario,
                now,
                order,
                &mut sites,
                &mut agenda,
                &mut response,
            ),
            // Information is sent at once (`Sim::send_information`), never queued.
            Order::Share { .. } | Order::SizeUp { .. } | Order::Sitrep { .. } => Ok(()),
            Order::DispatchRescue { team, .. }
            | Order::DispatchClearRoad { team, .. }
            | Order::Recall { team } => {
                // Ids were checked by `Sim::apply`; a stale id is refused, not a panic.
                match team_of(team) {
                    None => Err(OrderRefusal::UnknownTeam(team.clone())),
                    Some(team_index) => {
                        let Ok((_, mut state)) =
                            response.teams.get_mut(team_entities.0[team_index])
                        else {
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
                                    None => Err(OrderRefusal::NoOpenRescueIncident(place.clone())),
                                }
                            }
                            Order::DispatchClearRoad { road, .. } => {
                                match scenario.region.roads.iter().position(|r| &r.id == road) {
                                    Some(link) if roads.links[link].state == LinkState::Blocked => {
                                        nearest_end(scenario, &mut roads, team_index, &state, link)
                                            .map(|(end, _)| (Task::ClearRoad(link), end))
                                            .ok_or_else(|| {
                                                OrderRefusal::NoRoadToEitherEnd(road.clone())
                                            })
                                    }
                                    _ => Err(OrderRefusal::NotBlocked(road.clone())),
                                }
                            }
                            _ => Ok((Task::ReturnToBase, scenario.teams[team_index].base)),
                        };
                        target.and_then(|(task, destination)| {
                            if !state.active {
                                return Err(OrderRefusal::NotReleased);
                            }
                            let field = Field {
                                scenario,
                                roads: &mut roads,
                                sites: &mut sites,
                                rain_rate: &hazards.rain_rate,
                            };
                            assign(
                                field,
                                &mut response.log,
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
            response.review.request();
            response.log.record(now, || EventKind::OrderRefused {
                order: order.to_string(),
                reason,
            });
        }
    }
}
