//! How soon a team can be somewhere: road routes at the team's speed, aviation in a straight
//! line within its flight window, mobilisation first if it has not mobilised.

use bevy_ecs::prelude::*;

use crate::scenario::{Capability, Scenario, Team, TeamKind};
use crate::sim::components::*;
use crate::sim::math;
use crate::sim::resources::*;
use crate::sim::roads::{RoadNetwork, UNREACHABLE, minutes_at};

/// How a team reaches a place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Way {
    /// By road all the way.
    Road,
    /// Flies straight (aviation).
    Air,
    /// Drives to `walk_from`, then walks `walk_m` metres along the roads, slides and all.
    Foot { walk_from: usize, walk_m: u64 },
}

/// A journey: minutes under way and how.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trip {
    pub minutes: u32,
    pub way: Way,
}

/// Whether a trip may end on foot: a rescue team walks in with a light kit; a team sent to clear
/// a road needs its machines where the road ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Foot {
    Allowed,
    RoadOnly,
}

/// The fastest way for `team` from place `from` to place `to`, with `direct` the road distance
/// in effective metres (`None` when no open road joins them): aviation flies the straight line;
/// other teams drive, or — when `foot` allows and a blocked road lies within walking range of
/// `to` — drive to a place within walking range and walk the rest, whichever is sooner (the
/// road wins ties). `None` when there is no way.
pub fn trip(
    scenario: &Scenario,
    roads: &mut RoadNetwork,
    team: &Team,
    from: usize,
    to: usize,
    direct: Option<u64>,
    foot: Foot,
) -> Option<Trip> {
    if team.kind == TeamKind::Aviation {
        let (a, b) = (&scenario.region.places[from], &scenario.region.places[to]);
        let km = math::distance_km(a.x_km, a.y_km, b.x_km, b.y_km);
        return Some(Trip {
            minutes: math::trip_minutes(km, team.speed_kmh),
            way: Way::Air,
        });
    }
    let mut best = direct.map(|m| Trip {
        minutes: minutes_at(m, team.speed_kmh),
        way: Way::Road,
    });
    if foot == Foot::RoadOnly || from == to || !roads.blocked_within_walk(to) {
        return best;
    }
    let foot_speed = scenario.models.teams.foot_speed_kmh;
    let starts: Vec<(usize, u64)> = roads.walks_to(to).to_vec();
    for (walk_from, walk_m) in starts {
        let walk = minutes_at(walk_m, foot_speed);
        if best.is_some_and(|b| walk >= b.minutes) {
            // Nearest first: every later start walks at least as far.
            break;
        }
        // Reads the walk start's tree: every team weighed against `to` shares it.
        let Some(drive_m) = roads.distance_m(walk_from, from) else {
            continue;
        };
        let minutes = minutes_at(drive_m, team.speed_kmh).saturating_add(walk);
        if best.is_none_or(|b| minutes < b.minutes) {
            best = Some(Trip {
                minutes,
                way: Way::Foot { walk_from, walk_m },
            });
        }
    }
    best
}

/// Minutes until team `team_index` could be at `to`, counting mobilisation if it has not
/// mobilised yet.
pub(super) fn arrival_delay(
    scenario: &Scenario,
    roads: &mut RoadNetwork,
    team_index: usize,
    state: &TeamState,
    to: usize,
    foot: Foot,
) -> Option<u32> {
    let direct = roads.distance_m(to, state.location);
    Candidate::new(scenario, team_index, state).delay_to(scenario, roads, to, direct, foot)
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
    /// Minutes until it could be at `place`, with `direct` the road distance to it.
    fn delay_to(
        &self,
        scenario: &Scenario,
        roads: &mut RoadNetwork,
        place: usize,
        direct: Option<u64>,
        foot: Foot,
    ) -> Option<u32> {
        let team = &scenario.teams[self.team];
        let travel = trip(scenario, roads, team, self.location, place, direct, foot)?;
        Some(self.mobilisation.saturating_add(travel.minutes))
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
    foot: Foot,
) -> Option<(u32, usize)> {
    let mut best: Option<(u32, usize)> = None;
    let mut consider = |slot: usize, delay: Option<u32>| {
        if let Some(delay) = delay
            && best.is_none_or(|(d, _)| delay < d)
        {
            best = Some((delay, slot));
        }
    };
    for (slot, c) in candidates.iter().enumerate() {
        let direct = match from {
            RouteFrom::Place => {
                let d = roads.distances_from(place)[c.location];
                (d != UNREACHABLE).then_some(d)
            }
            // Reads the team's tree (built if neither end has one).
            RouteFrom::Teams => roads.distance_m(c.location, place),
        };
        consider(slot, c.delay_to(scenario, roads, place, direct, foot));
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
