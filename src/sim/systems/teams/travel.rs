//! How soon a team can be somewhere: road routes at the team's speed, aviation in a straight
//! line within its flight window, mobilisation first if it has not mobilised.

use bevy_ecs::prelude::*;

use crate::scenario::{Capability, Scenario, Team, TeamKind};
use crate::sim::components::*;
use crate::sim::math;
use crate::sim::resources::*;
use crate::sim::roads::{RoadNetwork, UNREACHABLE, minutes_at};

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
pub(super) fn arrival_delay(
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

/// A team the doctrine could send, with what its arrival time depends on (taken once per
/// review: a team's place and readiness do not change while the HQ decides).
pub(super) struct Candidate {
    pub(super) team: usize,
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
    pub(super) fn all_with(
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
pub(super) enum RouteFrom {
    Place,
    Teams,
}

/// The soonest any of `candidates` can be at `place`, and the position of the (first) team
/// that can, as [`arrival_delay`] reckons it.
pub(super) fn soonest(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helicopters_fly_by_day_and_not_in_heavy_rain() {
        // small-town starts at 02:00: a helicopter ordered at minute 10 waits for 06:00 (minute 240).
        let town = crate::scenario::load(
            std::path::Path::new(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/scenarios/small-town.ron"
            )),
            None,
        )
        .unwrap()
        .scenario;
        let dry = vec![0.0; town.region.places.len()];
        assert_eq!(flight_window(&town, &dry, 0, 1, 10), 240);
        // In daylight it leaves at once; at 21:00 it waits for the next morning.
        assert_eq!(flight_window(&town, &dry, 0, 1, 300), 300);
        assert_eq!(flight_window(&town, &dry, 0, 1, 19 * 60), 28 * 60);
        // Heavy rain at the destination holds it an hour.
        let mut wet = dry.clone();
        wet[1] = 30.0;
        assert_eq!(flight_window(&town, &wet, 0, 1, 300), 360);
    }
}
