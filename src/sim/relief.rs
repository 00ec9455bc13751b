//! Relief: relocated people (紧急转移安置: the homeless, and those who moved out of homes that
//! still stand) need shelter, food and water; depots send them by truck.
//!
//! A relief kit covers one person: a tent place, food and water for a day. Each depot holds
//! kits (the least of its tents, food and water stocks) and trucks; the oldest unmet need is
//! served first, from the nearest depot a truck can reach by road. A person counts as relieved
//! when their kit arrives; `relief_within_4h` is the share of relocated people relieved within
//! four hours of leaving their home, over those whose four hours are up.

use std::collections::VecDeque;

use bevy_ecs::prelude::*;

use crate::sim::components::*;
use crate::sim::events::{EventKind, EventLog};
use crate::sim::resources::*;
use crate::sim::roads::RoadNetwork;

/// The relief deadline: four hours (county plan: 4小时以内受灾人员基本生活得到有效救助).
pub const RELIEF_DEADLINE_MIN: u32 = 4 * 60;

/// Relief bookkeeping.
#[derive(Resource, Debug, Default)]
pub struct Relief {
    /// Per place: people relocated (displaced or moved out) and not yet relieved, as (minute
    /// they left home, count), oldest first.
    pub waiting: Vec<VecDeque<(u32, u32)>>,
    /// Per place: the sum of `waiting`.
    pub unmet: Vec<u32>,
    /// The sum of `unmet`.
    pub unmet_total: u64,
    /// `Tally::displaced_total + Tally::moved_out_total` when the newly relocated were last
    /// registered: every displacement and move is counted there, so while it stands still
    /// nobody new needs registering.
    pub displaced_seen: u64,
    /// Per place: relocated people registered so far.
    pub registered: Vec<u32>,
    /// Per place: kits on their way.
    pub incoming: Vec<u32>,
    /// Per depot: kits left, and when each truck is next free.
    pub depot_kits: Vec<u32>,
    pub trucks_free_at: Vec<Vec<u32>>,
    /// Shipments on the road: (arrival, depot, place, kits).
    pub shipments: Vec<(u32, usize, usize, u32)>,
    /// People relieved: (minute displaced, count, whether within four hours).
    pub due: Vec<(u32, u32, bool)>,
    pub relieved_in_time: u64,
    pub relieved_total: u64,
}

impl Relief {
    /// Share relieved within four hours, over the relocated whose four hours are up by `now`.
    pub fn within_4h(&self, now: u32, waiting_due: u64) -> Option<f64> {
        // Only people whose four hours are up count, relieved or not.
        let past = self
            .due
            .iter()
            .filter(|(t, _, _)| t + RELIEF_DEADLINE_MIN <= now);
        let (mut relieved, mut in_time) = (0u64, 0u64);
        for (_, n, ok) in past {
            relieved += *n as u64;
            if *ok {
                in_time += *n as u64;
            }
        }
        let due = relieved + waiting_due;
        (due > 0).then(|| in_time as f64 / due as f64)
    }
}

/// Registers newly relocated people, sends trucks, and hands out kits on arrival.
pub fn deliver_relief(
    run: Run,
    place_entities: Res<PlaceEntities>,
    mut relief: ResMut<Relief>,
    mut roads: ResMut<RoadNetwork>,
    mut log: ResMut<EventLog>,
    tally: Res<Tally>,
    mut people: ParamSet<(Query<&mut Cohort>, ChangedCohorts)>,
) {
    let Run { clock, data } = run;
    let scenario = &*data.0;
    let now = clock.now;
    let end = clock.tick_end();
    let n = scenario.region.places.len();
    if relief.waiting.len() != n {
        relief.waiting = vec![VecDeque::new(); n];
        relief.unmet = vec![0; n];
        relief.registered = vec![0; n];
        relief.incoming = vec![0; n];
        relief.depot_kits = scenario
            .facilities
            .depots
            .iter()
            .map(|d| d.stocks.tents.min(d.stocks.food).min(d.stocks.water))
            .collect();
        relief.trucks_free_at = scenario
            .facilities
            .depots
            .iter()
            .map(|d| vec![0; d.vehicles as usize])
            .collect();
    }
    // Newly relocated people join the queue of their place (only places whose people changed
    // since the last tick can have any, and only if anybody was displaced or moved out since).
    let relocated = tally.displaced_total + tally.moved_out_total;
    if relocated != relief.displaced_seen {
        relief.displaced_seen = relocated;
        for (place, cohort) in &people.p1() {
            let place = place.index;
            let new = cohort.relocated_ever() - relief.registered[place];
            if new > 0 {
                relief.registered[place] += new;
                relief.unmet[place] += new;
                relief.unmet_total += new as u64;
                relief.waiting[place].push_back((now, new));
            }
        }
    }
    debug_assert!(
        people
            .p1()
            .iter()
            .all(|(place, c)| c.relocated_ever() == relief.registered[place.index]),
        "a displacement or move was not counted in Tally::displaced_total or moved_out_total"
    );
    // Kits that arrive are handed out, oldest need first.
    let mut arrived = Vec::new();
    relief.shipments.retain(|s| {
        if s.0 < end {
            arrived.push(*s);
            false
        } else {
            true
        }
    });
    let mut cohorts = people.p0();
    for (t, depot, place, kits) in arrived {
        relief.incoming[place] -= kits;
        let Ok(mut cohort) = cohorts.get_mut(place_entities.0[place]) else {
            continue;
        };
        let mut left = kits.min(cohort.displaced + cohort.moved_out);
        let mut handed = 0;
        while left > 0 {
            let Some(front) = relief.waiting[place].front_mut() else {
                break;
            };
            let take = left.min(front.1);
            let displaced_at = front.0;
            front.1 -= take;
            if front.1 == 0 {
                relief.waiting[place].pop_front();
            }
            left -= take;
            handed += take;
            relief.unmet[place] -= take;
            relief.unmet_total -= take as u64;
            let in_time = t <= displaced_at + RELIEF_DEADLINE_MIN;
            if in_time {
                relief.relieved_in_time += take as u64;
            }
            relief.due.push((displaced_at, take, in_time));
        }
        // The homeless first, then those who moved out of standing homes.
        let from_displaced = handed.min(cohort.displaced);
        cohort.displaced -= from_displaced;
        cohort.moved_out -= handed - from_displaced;
        cohort.relieved += handed;
        relief.relieved_total += handed as u64;
        // Kits nobody needed any more go back into stock.
        relief.depot_kits[depot] += kits - handed;
        if handed > 0 {
            let depot_id = scenario.facilities.depots[depot].id.clone();
            log.record(t, || EventKind::ReliefDelivered {
                depot: depot_id,
                place: scenario.region.places[place].id.clone(),
                people: handed,
            });
        }
    }
    // Send trucks: the place with the oldest unmet need first.
    let kits_per_truck = scenario.models.relief.kits_per_vehicle.max(1);
    let speed = scenario.models.relief.vehicle_speed_kmh;
    let turnaround = scenario.models.relief.turnaround.as_minutes();
    let truck_ready = |relief: &Relief| {
        (0..relief.depot_kits.len())
            .any(|d| relief.depot_kits[d] > 0 && relief.trucks_free_at[d].iter().any(|&t| t <= now))
    };
    debug_assert_eq!(
        relief.unmet_total,
        relief.unmet.iter().map(|&u| u as u64).sum::<u64>()
    );
    if relief.unmet_total == 0 || !truck_ready(&relief) {
        return;
    }
    // Places by their oldest unmet need; a place no truck can reach now is passed over, not
    // allowed to hold up the rest.
    let mut order: Vec<(u32, usize)> = (0..n)
        .filter(|&p| relief.unmet[p] > relief.incoming[p])
        .map(|p| (relief.waiting[p].front().map_or(u32::MAX, |f| f.0), p))
        .collect();
    order.sort_unstable();
    for (_, place) in order {
        if !truck_ready(&relief) {
            break;
        }
        loop {
            let wanted = relief.unmet[place].saturating_sub(relief.incoming[place]);
            if wanted == 0 {
                break;
            }
            // The nearest depot with kits and a free truck that can reach the place.
            let mut best: Option<(u32, usize, usize)> = None;
            for (d, depot) in scenario.facilities.depots.iter().enumerate() {
                if relief.depot_kits[d] == 0 {
                    continue;
                }
                let Some(truck) = relief.trucks_free_at[d].iter().position(|&t| t <= now) else {
                    continue;
                };
                let Some(minutes) = roads.travel_minutes(depot.place, place, speed) else {
                    continue;
                };
                if best.is_none_or(|(m, _, _)| minutes < m) {
                    best = Some((minutes, d, truck));
                }
            }
            let Some((minutes, depot, truck)) = best else {
                break;
            };
            let kits = kits_per_truck.min(wanted).min(relief.depot_kits[depot]);
            relief.depot_kits[depot] -= kits;
            relief.incoming[place] += kits;
            let arrive = now + minutes + turnaround / 2;
            relief.trucks_free_at[depot][truck] = now + 2 * minutes + turnaround;
            relief.shipments.push((arrive, depot, place, kits));
            let depot_id = scenario.facilities.depots[depot].id.clone();
            log.record(now, || EventKind::ReliefShipped {
                depot: depot_id,
                place: scenario.region.places[place].id.clone(),
                kits,
                arrive_min: arrive,
            });
        }
    }
}

/// Relocated people still waiting whose four hours are up by `now`.
pub fn waiting_past_deadline(relief: &Relief, now: u32) -> u64 {
    relief
        .waiting
        .iter()
        .flatten()
        .filter(|(t, _)| t + RELIEF_DEADLINE_MIN <= now)
        .map(|(_, n)| *n as u64)
        .sum()
}
