//! The road network: link states and cached routing.
//!
//! Places are nodes, road links are two-way edges. A link is open, degraded (slower) or blocked
//! (impassable until an engineering team clears it). Routing works on *effective length*: a
//! link's length divided by its class and state speed factors, so one shortest-path tree serves
//! every team whatever its own speed. Trees are cached per source and thrown away whenever any
//! link changes state.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use bevy_ecs::prelude::*;

use crate::scenario::{RoadClass, Scenario, Tag};

/// State of a road link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    Open,
    Degraded,
    Blocked,
}

impl LinkState {
    pub fn name(self) -> &'static str {
        match self {
            LinkState::Open => "open",
            LinkState::Degraded => "degraded",
            LinkState::Blocked => "blocked",
        }
    }
}

/// One road link and its current state.
#[derive(Debug, Clone)]
pub struct Link {
    pub from: usize,
    pub to: usize,
    pub length_km: f64,
    pub class_factor: f64,
    pub mountain: bool,
    pub state: LinkState,
    /// Team-hours of clearance work left while blocked.
    pub clear_work_h: f64,
    /// Whether a team is assigned to clear it.
    pub clearing_team: bool,
}

impl Link {
    /// Length divided by speed factors; `None` when impassable.
    fn effective_km(&self, degraded_factor: f64) -> Option<f64> {
        match self.state {
            LinkState::Open => Some(self.length_km / self.class_factor),
            LinkState::Degraded => Some(self.length_km / (self.class_factor * degraded_factor)),
            LinkState::Blocked => None,
        }
    }

    pub fn other_end(&self, at: usize) -> usize {
        if self.from == at { self.to } else { self.from }
    }
}

/// The network, its adjacency and the routing cache.
#[derive(Resource, Debug)]
pub struct RoadNetwork {
    pub links: Vec<Link>,
    /// For each place, the links touching it.
    adjacency: Vec<Vec<usize>>,
    degraded_factor: f64,
    /// Shortest effective distances from a source place, computed on demand.
    cache: Vec<Option<Vec<f64>>>,
    /// Links currently blocked.
    pub blocked_count: usize,
}

#[derive(Copy, Clone, PartialEq)]
struct Frontier {
    distance: f64,
    node: usize,
}

impl Eq for Frontier {}

impl Ord for Frontier {
    fn cmp(&self, other: &Self) -> Ordering {
        // Min-heap on distance; node index breaks ties so the order is total and deterministic.
        other
            .distance
            .total_cmp(&self.distance)
            .then_with(|| other.node.cmp(&self.node))
    }
}

impl PartialOrd for Frontier {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn class_index(class: RoadClass) -> usize {
    match class {
        RoadClass::Expressway => 0,
        RoadClass::National => 1,
        RoadClass::Provincial => 2,
        RoadClass::County => 3,
        RoadClass::Village => 4,
    }
}

impl RoadNetwork {
    pub fn from_scenario(scenario: &Scenario) -> RoadNetwork {
        let model = &scenario.models.roads;
        let n = scenario.region.places.len();
        let mut adjacency = vec![Vec::new(); n];
        let links: Vec<Link> = scenario
            .region
            .roads
            .iter()
            .enumerate()
            .map(|(index, road)| {
                adjacency[road.from].push(index);
                adjacency[road.to].push(index);
                Link {
                    from: road.from,
                    to: road.to,
                    length_km: road.length_km,
                    class_factor: model.class_speed_factor[class_index(road.class)],
                    mountain: road.tags.contains(&Tag::Mountain),
                    state: LinkState::Open,
                    clear_work_h: 0.0,
                    clearing_team: false,
                }
            })
            .collect();
        RoadNetwork {
            links,
            adjacency,
            degraded_factor: model.degraded_speed_factor,
            cache: vec![None; n],
            blocked_count: 0,
        }
    }

    /// Changes a link's state, keeping the blocked count and the cache right.
    pub fn set_state(&mut self, link: usize, state: LinkState) {
        let old = self.links[link].state;
        if old == state {
            return;
        }
        if old == LinkState::Blocked {
            self.blocked_count -= 1;
        }
        if state == LinkState::Blocked {
            self.blocked_count += 1;
        }
        self.links[link].state = state;
        for entry in &mut self.cache {
            *entry = None;
        }
    }

    /// Effective distances (km at free-flow county-road speed) from `source` to every place;
    /// `f64::INFINITY` where no open route exists.
    pub fn distances_from(&mut self, source: usize) -> &[f64] {
        if self.cache[source].is_none() {
            let tree = self.dijkstra(source);
            self.cache[source] = Some(tree);
        }
        self.cache[source].as_deref().unwrap_or(&[])
    }

    /// Travel minutes from `from` to `to` at `speed_kmh`; `None` when unreachable.
    pub fn travel_minutes(&mut self, from: usize, to: usize, speed_kmh: f64) -> Option<u32> {
        let km = self.distances_from(from)[to];
        km.is_finite()
            .then(|| (km / speed_kmh * 60.0).ceil() as u32)
    }

    fn dijkstra(&self, source: usize) -> Vec<f64> {
        let mut distance = vec![f64::INFINITY; self.adjacency.len()];
        let mut heap = BinaryHeap::new();
        distance[source] = 0.0;
        heap.push(Frontier {
            distance: 0.0,
            node: source,
        });
        while let Some(Frontier { distance: d, node }) = heap.pop() {
            if d > distance[node] {
                continue;
            }
            for &link_index in &self.adjacency[node] {
                let link = &self.links[link_index];
                let Some(cost) = link.effective_km(self.degraded_factor) else {
                    continue;
                };
                let next = link.other_end(node);
                let candidate = d + cost;
                if candidate < distance[next] {
                    distance[next] = candidate;
                    heap.push(Frontier {
                        distance: candidate,
                        node: next,
                    });
                }
            }
        }
        distance
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_network() -> RoadNetwork {
        // 0 —10 km— 1 —10 km— 2, and a 50 km detour 0 — 2.
        let link = |from, to, length_km| Link {
            from,
            to,
            length_km,
            class_factor: 1.0,
            mountain: false,
            state: LinkState::Open,
            clear_work_h: 0.0,
            clearing_team: false,
        };
        let links = vec![link(0, 1, 10.0), link(1, 2, 10.0), link(0, 2, 50.0)];
        RoadNetwork {
            adjacency: vec![vec![0, 2], vec![0, 1], vec![1, 2]],
            links,
            degraded_factor: 0.5,
            cache: vec![None; 3],
            blocked_count: 0,
        }
    }

    #[test]
    fn routes_take_the_shortest_open_path() {
        let mut net = line_network();
        assert_eq!(net.travel_minutes(0, 2, 60.0), Some(20));
        net.set_state(1, LinkState::Degraded);
        assert_eq!(net.travel_minutes(0, 2, 60.0), Some(30));
        net.set_state(1, LinkState::Blocked);
        assert_eq!(net.blocked_count, 1);
        assert_eq!(net.travel_minutes(0, 2, 60.0), Some(50));
        net.set_state(2, LinkState::Blocked);
        assert_eq!(net.travel_minutes(0, 2, 60.0), None);
        net.set_state(1, LinkState::Open);
        assert_eq!(net.blocked_count, 1);
        assert_eq!(net.travel_minutes(0, 2, 60.0), Some(20));
    }
}
