//! The injured: ambulances carry them from places to hospitals with free beds.
//!
//! Each hospital sends each free ambulance to the nearest place (by road) where injured people
//! wait, while it has beds. A trip takes the drive there and back plus a turnaround; patients are
//! admitted when the ambulance returns.

use std::collections::BTreeSet;

use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;

use crate::sim::components::*;
use crate::sim::events::{EventKind, EventLog};
use crate::sim::resources::*;
use crate::sim::roads::{RoadNetwork, UNREACHABLE, minutes_at};

/// The hospitals' ambulances: the hospitals, the loads on their way, the roads they drive.
#[derive(SystemParam)]
pub struct Ambulances<'w, 's> {
    pub transfers: ResMut<'w, Transfers>,
    pub roads: ResMut<'w, RoadNetwork>,
    pub hospitals: Query<'w, 's, (Entity, &'static mut HospitalState)>,
}

/// What [`carry_injured`] keeps between ticks: the places where injured people wait, and the
/// count of injuries when it last looked.
#[derive(Default)]
pub struct WaitingMemo {
    places: BTreeSet<usize>,
    injured_seen: u64,
}

/// Admits arriving patients, then sends free ambulances out.
pub fn carry_injured(
    run: Run,
    place_entities: Res<PlaceEntities>,
    ambulances: Ambulances,
    mut log: ResMut<EventLog>,
    mut tally: ResMut<Tally>,
    mut people: ParamSet<(Query<&mut Cohort>, ChangedCohorts)>,
    mut memo: Local<WaitingMemo>,
) {
    let Run { clock, data } = run;
    let Ambulances {
        mut transfers,
        mut roads,
        mut hospitals,
    } = ambulances;
    let WaitingMemo {
        places: waiting_places,
        injured_seen,
    } = &mut *memo;
    let scenario = &*data.0;
    let now = clock.now;
    let end = clock.tick_end();
    // Places where injured people wait, kept up to date from the places whose people changed.
    // Only this system takes the injured away, and every injury is counted in the tally: while
    // that count stands still, no place has started waiting.
    if tally.injured_total != *injured_seen {
        *injured_seen = tally.injured_total;
        for (place, cohort) in &people.p1() {
            if cohort.injured_waiting > 0 {
                waiting_places.insert(place.index);
            } else {
                waiting_places.remove(&place.index);
            }
        }
    }
    debug_assert!(
        people
            .p1()
            .iter()
            .all(|(place, c)| c.injured_waiting == 0 || waiting_places.contains(&place.index)),
        "an injury was not counted in Tally::injured_total"
    );
    let mut cohorts = people.p0();

    // Arrivals, in the order they were scheduled.
    let mut arrived = Vec::new();
    transfers.in_flight.retain(|&transfer| {
        let due = transfer.arrives_at < end;
        if due {
            arrived.push(transfer);
        }
        !due
    });
    for Transfer {
        arrives_at: t,
        hospital,
        place,
        patients: n,
    } in arrived
    {
        if let Ok(mut cohort) = cohorts.get_mut(place_entities.0[place]) {
            cohort.in_transport -= n;
            cohort.hospitalised += n;
        }
        tally.injured_treated += n as u64;
        if let Ok((_, h)) = hospitals.get(hospital) {
            let id = scenario.facilities.hospitals[h.index].id.clone();
            log.record(t, || EventKind::PatientsAdmitted { hospital: id, n });
        }
    }

    if waiting_places.is_empty() {
        return;
    }
    let ambulance = &scenario.models.ambulance;
    let mut ready: Vec<(usize, Entity)> = hospitals
        .iter()
        .filter(|(_, h)| h.beds_free > 0 && h.ambulance_free_at.iter().any(|&t| t <= now))
        .map(|(entity, h)| (h.index, entity))
        .collect();
    if ready.is_empty() {
        return;
    }
    ready.sort();
    // Places where injured people wait, in place order.
    let mut waiting: Vec<(usize, u32)> = waiting_places
        .iter()
        .filter_map(|&place| {
            cohorts
                .get(place_entities.0[place])
                .ok()
                .map(|c| (place, c.injured_waiting))
        })
        .collect();
    for (_, entity) in ready {
        let Ok((_, mut hospital)) = hospitals.get_mut(entity) else {
            continue;
        };
        let id = &scenario.facilities.hospitals[hospital.index].id;
        for slot in 0..hospital.ambulance_free_at.len() {
            if hospital.ambulance_free_at[slot] > now || hospital.beds_free == 0 {
                continue;
            }
            // Nearest place with injured waiting, by road from the hospital.
            let distances = roads.distances_from(hospital.place);
            let Some((w, drive_min)) = waiting
                .iter()
                .enumerate()
                .filter(|(_, (_, n))| *n > 0)
                .filter_map(|(w, &(place, _))| {
                    let metres = distances[place];
                    (metres != UNREACHABLE).then(|| (w, minutes_at(metres, ambulance.speed_kmh)))
                })
                .min_by_key(|&(w, minutes)| (minutes, w))
            else {
                break;
            };
            let (place, ref mut left) = waiting[w];
            let n = ambulance.capacity.min(*left).min(hospital.beds_free);
            *left -= n;
            hospital.beds_free -= n;
            let arrive = now + 2 * drive_min + ambulance.turnaround.as_minutes();
            hospital.ambulance_free_at[slot] = arrive;
            if let Ok(mut cohort) = cohorts.get_mut(place_entities.0[place]) {
                cohort.injured_waiting -= n;
                cohort.in_transport += n;
            }
            transfers.in_flight.push(Transfer {
                arrives_at: arrive,
                hospital: entity,
                place,
                patients: n,
            });
            let place_id = scenario.region.places[place].id.clone();
            log.record(now, || EventKind::AmbulanceDispatched {
                hospital: id.clone(),
                place: place_id,
                patients: n,
                arrive_min: arrive,
            });
        }
    }
    // This system's own pick-ups are not reported back to it as changes.
    for (place, left) in waiting {
        if left == 0 {
            waiting_places.remove(&place);
        }
    }
}
