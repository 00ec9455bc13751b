//! The road network: link states and cached routing.
//!
//! Places are nodes, road links are two-way edges. A link is open, degraded (slower) or blocked
//! (impassable until an engineering team clears it). Routing works on *effective length*: a
//! link's length divided by its class and state speed factors, in whole metres, so one
//! shortest-path tree serves every team whatever its own speed.
//!
//! Because lengths are integers and links are two-way, the distance from `a` to `b` is exactly
//! the distance from `b` to `a`, whichever tree it is read from. Trees are cached per source and
//! kept right when links change: a link that gets faster can only shorten routes, so every cached
//! tree is repaired by relaxing from its ends; a link that gets slower or closes only matters to
//! the trees whose shortest routes run along it, and only those are thrown away. Either way a
//! cached tree holds exactly what a fresh search would give, so answers never depend on what
//! happened to be cached.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use bevy_ecs::prelude::*;

use crate::scenario::{RoadClass, Scenario, Tag};

/// State of a road link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
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
    /// Effective length in metres in its current state; `None` while blocked.
    cost: Option<u64>,
}

/// A distance that no open route achieves.
pub const UNREACHABLE: u64 = u64::MAX;

impl Link {
    /// Effective length in metres in `state` (at least 1); `None` when impassable.
    fn cost_m(&self, state: LinkState, degraded_factor: f64) -> Option<u64> {
        let km = match state {
            LinkState::Open => self.length_km / self.class_factor,
            LinkState::Degraded => self.length_km / (self.class_factor * degraded_factor),
            LinkState::Blocked => return None,
        };
        Some(((km * 1000.0).round() as u64).max(1))
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
    /// Shortest effective distances (metres) from a source place, computed on demand.
    cache: Vec<Option<Vec<u64>>>,
    /// Sources with a cached tree, in the order they were computed.
    cached: Vec<usize>,
    /// Route trees computed from scratch so far (for benchmarks and tests).
    pub searches: u64,
    /// Buffers of dropped trees, reused for new ones.
    spare: Vec<Vec<u64>>,
    /// Links currently blocked.
    pub blocked_count: usize,
    /// Links whose state changed since the command chain last looked (it drains this to
    /// learn what its patrols and local commands will find; nothing else reads it).
    pub changed: Vec<usize>,
    /// The longest walk in metres (`models.teams.max_foot_km`).
    walk_limit_m: u64,
    /// Per place, the places a walk of at most `walk_limit_m` along roads in any state leads
    /// from, with its metres, nearest first (walking does not depend on link states, so these
    /// are computed once).
    walks: Vec<Option<Vec<(usize, u64)>>>,
}

#[derive(Copy, Clone, PartialEq, Eq)]
struct Frontier {
    distance: u64,
    node: usize,
}

impl Ord for Frontier {
    fn cmp(&self, other: &Self) -> Ordering {
        // Min-heap on distance; node index breaks ties so the order is total and deterministic.
        other
            .distance
            .cmp(&self.distance)
            .then_with(|| other.node.cmp(&self.node))
    }
}

impl PartialOrd for Frontier {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A road class's position in the per-class lists of `models.roads`.
pub fn class_index(class: RoadClass) -> usize {
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
                let mut link = Link {
                    from: road.from,
                    to: road.to,
                    length_km: road.length_km,
                    class_factor: model.class_speed_factor[class_index(road.class)],
                    mountain: road.tags.contains(&Tag::Mountain),
                    state: LinkState::Open,
                    clear_work_h: 0.0,
                    clearing_team: false,
                    cost: None,
                };
                link.cost = link.cost_m(LinkState::Open, model.degraded_speed_factor);
                link
            })
            .collect();
        RoadNetwork {
            links,
            adjacency,
            degraded_factor: model.degraded_speed_factor,
            cache: vec![None; n],
            cached: Vec::new(),
            searches: 0,
            spare: Vec::new(),
            blocked_count: 0,
            changed: Vec::new(),
            walk_limit_m: (scenario.models.teams.max_foot_km * 1000.0).round() as u64,
            walks: vec![None; n],
        }
    }

    /// The places (other than `place`) from which a walk along roads, whatever their state (a
    /// slide is crossed on foot), reaches `place` within the walking limit, with the metres
    /// walked, nearest first.
    pub fn walks_to(&mut self, place: usize) -> &[(usize, u64)] {
        if self.walks[place].is_none() {
            let mut distance: Vec<(usize, u64)> = Vec::new();
            let mut best = vec![UNREACHABLE; self.adjacency.len()];
            let mut heap = BinaryHeap::new();
            best[place] = 0;
            heap.push(Frontier {
                distance: 0,
                node: place,
            });
            while let Some(Frontier { distance: d, node }) = heap.pop() {
                if d > best[node] {
                    continue;
                }
                if node != place {
                    distance.push((node, d));
                }
                for &link_index in &self.adjacency[node] {
                    let link = &self.links[link_index];
                    let next = link.other_end(node);
                    let m = ((link.length_km * 1000.0).round() as u64).max(1);
                    let candidate = d.saturating_add(m);
                    if candidate <= self.walk_limit_m && candidate < best[next] {
                        best[next] = candidate;
                        heap.push(Frontier {
                            distance: candidate,
                            node: next,
                        });
                    }
                }
            }
            self.walks[place] = Some(distance);
        }
        self.walks[place].as_deref().unwrap_or(&[])
    }

    /// Whether a blocked link touches `place` or a place within walking range of it: only then
    /// can walking the last stretch beat driving all the way (driving is faster than walking
    /// on any link that is open, even degraded).
    pub fn blocked_within_walk(&mut self, place: usize) -> bool {
        if self.blocked_count == 0 {
            return false;
        }
        let touches = |net: &RoadNetwork, p: usize| {
            net.adjacency[p]
                .iter()
                .any(|&l| net.links[l].state == LinkState::Blocked)
        };
        if touches(self, place) {
            return true;
        }
        self.walks_to(place);
        let walks = self.walks[place].as_deref().unwrap_or(&[]);
        walks.iter().any(|&(p, _)| touches(self, p))
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
        let l = &self.links[link];
        let (a, b) = (l.from, l.to);
        let old_cost = l.cost_m(old, self.degraded_factor);
        let new_cost = l.cost_m(state, self.degraded_factor);
        self.links[link].state = state;
        self.links[link].cost = new_cost;
        self.changed.push(link);
        let faster = match (old_cost, new_cost) {
            (None, Some(_)) => true,
            (Some(o), Some(n)) => n < o,
            _ => false,
        };
        if faster {
            let cost = new_cost.unwrap_or(UNREACHABLE);
            for index in 0..self.cached.len() {
                let source = self.cached[index];
                if let Some(mut tree) = self.cache[source].take() {
                    self.relax_from_link(&mut tree, a, b, cost);
                    self.cache[source] = Some(tree);
                }
            }
        } else if let Some(cost) = old_cost {
            // Slower or closed: a tree is unchanged unless one end's shortest route ran along
            // this link.
            let (cache, spare) = (&mut self.cache, &mut self.spare);
            self.cached.retain(|&source| {
                let tree = cache[source].as_deref().unwrap_or(&[]);
                let uses = |from: usize, to: usize| {
                    tree[from] != UNREACHABLE && tree[from].saturating_add(cost) == tree[to]
                };
                let keep = !(uses(a, b) || uses(b, a));
                if !keep && let Some(tree) = cache[source].take() {
                    spare.push(tree);
                }
                keep
            });
        }
    }

    /// Lowers `tree`'s distances through link `a`–`b`, now of effective length `cost`, and
    /// everything downstream of them.
    fn relax_from_link(&self, tree: &mut [u64], a: usize, b: usize, cost: u64) {
        let mut heap = BinaryHeap::new();
        for (from, to) in [(a, b), (b, a)] {
            if tree[from] == UNREACHABLE {
                continue;
            }
            let candidate = tree[from].saturating_add(cost);
            if candidate < tree[to] {
                tree[to] = candidate;
                heap.push(Frontier {
                    distance: candidate,
                    node: to,
                });
            }
        }
        self.settle(tree, &mut heap);
    }

    /// Effective distances in metres from `source` to every place; [`UNREACHABLE`] where no
    /// open route exists.
    pub fn distances_from(&mut self, source: usize) -> &[u64] {
        if self.cache[source].is_none() {
            let buffer = self.spare.pop().unwrap_or_default();
            let tree = self.dijkstra_into(source, buffer);
            self.searches += 1;
            self.cache[source] = Some(tree);
            self.cached.push(source);
        }
        self.cache[source].as_deref().unwrap_or(&[])
    }

    /// Effective distance in metres between `a` and `b`, `None` when no open route joins them.
    /// Roads are two-way, so it is the same both ways; it is read from whichever end has a
    /// cached tree, and a tree from `a` is built when neither has — so callers put first the
    /// end that many queries share.
    pub fn distance_m(&mut self, a: usize, b: usize) -> Option<u64> {
        let d = match (&self.cache[a], &self.cache[b]) {
            (Some(tree), _) => tree[b],
            (None, Some(tree)) => tree[a],
            (None, None) => self.distances_from(a)[b],
        };
        (d != UNREACHABLE).then_some(d)
    }

    /// Travel minutes between `a` and `b` at `speed_kmh`; `None` when unreachable. See
    /// [`RoadNetwork::distance_m`] for which end to put first.
    pub fn travel_minutes(&mut self, a: usize, b: usize, speed_kmh: f64) -> Option<u32> {
        self.distance_m(a, b).map(|m| minutes_at(m, speed_kmh))
    }

    #[cfg(test)]
    fn dijkstra(&self, source: usize) -> Vec<u64> {
        self.dijkstra_into(source, Vec::new())
    }

    /// Distances from `source`, written into `distance` (its old contents are discarded).
    fn dijkstra_into(&self, source: usize, mut distance: Vec<u64>) -> Vec<u64> {
        distance.clear();
        distance.resize(self.adjacency.len(), UNREACHABLE);
        let mut heap = BinaryHeap::new();
        distance[source] = 0;
        heap.push(Frontier {
            distance: 0,
            node: source,
        });
        self.settle(&mut distance, &mut heap);
        distance
    }

    /// Dijkstra's main loop: settles the frontier in `heap` into `distance`.
    fn settle(&self, distance: &mut [u64], heap: &mut BinaryHeap<Frontier>) {
        while let Some(Frontier { distance: d, node }) = heap.pop() {
            if d > distance[node] {
                continue;
            }
            for &link_index in &self.adjacency[node] {
                let link = &self.links[link_index];
                let Some(cost) = link.cost else {
                    continue;
                };
                let next = link.other_end(node);
                let candidate = d.saturating_add(cost);
                if candidate < distance[next] {
                    distance[next] = candidate;
                    heap.push(Frontier {
                        distance: candidate,
                        node: next,
                    });
                }
            }
        }
    }
}

/// Minutes to cover `metres` at `speed_kmh`, rounded up.
pub fn minutes_at(metres: u64, speed_kmh: f64) -> u32 {
    crate::sim::math::trip_minutes(metres as f64 / 1000.0, speed_kmh)
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    /// A network of `places` places and the given (from, to, km) links.
    fn network(places: usize, edges: &[(usize, usize, f64)]) -> RoadNetwork {
        let mut adjacency = vec![Vec::new(); places];
        let links = edges
            .iter()
            .enumerate()
            .map(|(index, &(from, to, length_km))| {
                adjacency[from].push(index);
                adjacency[to].push(index);
                Link {
                    from,
                    to,
                    length_km,
                    class_factor: 1.0,
                    mountain: false,
                    state: LinkState::Open,
                    clear_work_h: 0.0,
                    clearing_team: false,
                    cost: Some(((length_km * 1000.0).round() as u64).max(1)),
                }
            })
            .collect();
        RoadNetwork {
            adjacency,
            links,
            degraded_factor: 0.5,
            cache: vec![None; places],
            cached: Vec::new(),
            searches: 0,
            spare: Vec::new(),
            blocked_count: 0,
            changed: Vec::new(),
            walk_limit_m: 15_000,
            walks: vec![None; places],
        }
    }

    fn line_network() -> RoadNetwork {
        // 0 —10 km— 1 —10 km— 2, and a 50 km detour 0 — 2.
        network(3, &[(0, 1, 10.0), (1, 2, 10.0), (0, 2, 50.0)])
    }

    fn state_of(code: u8) -> LinkState {
        match code % 3 {
            0 => LinkState::Open,
            1 => LinkState::Degraded,
            _ => LinkState::Blocked,
        }
    }

    proptest! {
        /// Whatever links change and whatever was cached before, every answer equals a fresh
        /// search's, and the distance is the same both ways.
        #[test]
        fn cached_trees_stay_exact(
            edges in prop::collection::vec((0usize..12, 0usize..12, 1u32..40), 1..40),
            changes in prop::collection::vec((0usize..40, 0u8..3, 0usize..12), 0..60),
        ) {
            let edges: Vec<(usize, usize, f64)> = edges
                .into_iter()
                .filter(|(a, b, _)| a != b)
                .map(|(a, b, km)| (a, b, km as f64 / 2.0))
                .collect();
            prop_assume!(!edges.is_empty());
            let mut net = network(12, &edges);
            for (link, code, source) in changes {
                net.distances_from(source);
                net.set_state(link % edges.len(), state_of(code));
                for a in 0..12 {
                    let fresh = net.dijkstra(a);
                    for (b, &d) in fresh.iter().enumerate() {
                        prop_assert_eq!(net.distance_m(a, b), net.distance_m(b, a));
                        let expected = (d != UNREACHABLE).then_some(d);
                        prop_assert_eq!(net.distance_m(a, b), expected, "{} to {}", a, b);
                    }
                }
            }
        }
    }

    #[test]
    fn a_worse_link_off_every_route_keeps_the_cache() {
        let mut net = line_network();
        net.distances_from(0);
        assert_eq!(net.searches, 1);
        // The 50 km detour carries no shortest route from place 0.
        net.set_state(2, LinkState::Blocked);
        assert_eq!(net.travel_minutes(0, 2, 60.0), Some(20));
        assert_eq!(net.searches, 1);
        // Clearing it repairs the tree in place.
        net.set_state(2, LinkState::Open);
        assert_eq!(net.searches, 1);
        // Blocking a link on the route drops the tree.
        net.set_state(0, LinkState::Blocked);
        assert_eq!(net.travel_minutes(0, 2, 60.0), Some(50));
        assert_eq!(net.searches, 2);
    }

    #[test]
    fn walks_follow_roads_in_any_state_within_the_limit() {
        // 0 —10 km— 1 —10 km— 2 and a 50 km detour; nobody walks more than 15 km.
        let mut net = line_network();
        net.set_state(1, LinkState::Blocked);
        assert_eq!(net.walks_to(2), &[(1, 10_000)]);
        assert!(net.blocked_within_walk(2));
        // Place 0 is 20 km from place 2 on foot: out of range, and the blocked link touches
        // place 1, which is within range of place 0.
        assert_eq!(net.walks_to(0), &[(1, 10_000)]);
        assert!(net.blocked_within_walk(0));
        net.set_state(1, LinkState::Open);
        assert!(!net.blocked_within_walk(2));
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
