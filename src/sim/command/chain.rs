//! The chain's topology: which node reports to which, where each sits, who reports incidents
//! at each place, and which places have phone service.

use bevy_ecs::prelude::*;

use crate::scenario::{CommandKind, Scenario};

/// The structure of the chain, fixed for a run.
#[derive(Resource, Debug, Clone)]
pub struct Chain {
    /// For each command node: its parent node.
    pub parent: Vec<Option<usize>>,
    /// For each command node: where it sits.
    pub node_place: Vec<usize>,
    /// For each command node: whether it has a satellite phone (everyone but village commands).
    pub satellite: Vec<bool>,
    /// For each command node: whether it sits off the region's map (an HQ above the county),
    /// where phones always work.
    pub off_map: Vec<bool>,
    /// For each place: the node that reports incidents there.
    pub reporter_of_place: Vec<usize>,
    /// The first county HQ (the only one in a region of one county).
    pub hq: usize,
    /// Every county HQ, in the organisation's order (one per county of the region).
    pub county_hqs: Vec<usize>,
    /// For each place: the HQ of the county it lies in (reports of the place end there).
    pub hq_of_place: Vec<usize>,
    /// For each command node: the HQ of the county it sits in (itself for a county HQ; the
    /// first county HQ for an HQ above the county).
    pub hq_of_node: Vec<usize>,
    /// Node entities by index.
    pub entities: Vec<Entity>,
    /// Display ids and names of nodes (a lone HQ is made up when the scenario has none).
    pub ids: Vec<String>,
    pub kinds: Vec<CommandKind>,
}

impl Chain {
    /// Builds the chain from the scenario's organisation (or a lone county HQ).
    pub fn build(scenario: &Scenario) -> Chain {
        let org = &scenario.organisation;
        let county_seat = scenario
            .region
            .places
            .iter()
            .position(|p| p.kind == crate::scenario::PlaceKind::County)
            .unwrap_or(0);
        let (parent, node_place, kinds, ids): (Vec<_>, Vec<_>, Vec<_>, Vec<_>) = if org.is_empty() {
            (
                vec![None],
                vec![county_seat],
                vec![CommandKind::CountyHq],
                vec!["county-hq".to_string()],
            )
        } else {
            let mut parent = Vec::new();
            let mut places = Vec::new();
            let mut kinds = Vec::new();
            let mut ids = Vec::new();
            for node in org {
                parent.push(node.parent);
                places.push(node.place);
                kinds.push(node.kind);
                ids.push(node.id.clone());
            }
            (parent, places, kinds, ids)
        };
        let hq = kinds
            .iter()
            .position(|k| *k == CommandKind::CountyHq)
            .unwrap_or(0);
        let county_hqs: Vec<usize> = (0..kinds.len())
            .filter(|&n| kinds[n] == CommandKind::CountyHq)
            .collect();
        let region = &scenario.region;
        // The HQ of the county of a place: the county HQ that sits in the same county.
        let hq_of = |place: usize| {
            let county = region.county_of(place);
            county_hqs
                .iter()
                .copied()
                .find(|&n| county.is_some() && region.county_of(node_place[n]) == county)
                .unwrap_or(hq)
        };
        let hq_of_place: Vec<usize> = (0..region.places.len()).map(hq_of).collect();
        let hq_of_node: Vec<usize> = (0..kinds.len())
            .map(|n| match kinds[n] {
                CommandKind::CountyHq => n,
                k if k.is_above_county() => hq,
                _ => node_place.get(n).map_or(hq, |&p| {
                    if p < region.places.len() {
                        hq_of_place[p]
                    } else {
                        hq
                    }
                }),
            })
            .collect();
        let satellite = kinds
            .iter()
            .map(|k| *k != CommandKind::VillageCommand)
            .collect();
        let off_map = if org.is_empty() {
            vec![false]
        } else {
            org.iter().map(|n| n.off_map).collect()
        };
        // A place's reporter: a village or town command sitting there, else its parent place's,
        // else the HQ of its county.
        let local = |place: usize| {
            (0..kinds.len()).find(|&n| {
                node_place[n] == place
                    && matches!(
                        kinds[n],
                        CommandKind::VillageCommand | CommandKind::TownCommand
                    )
            })
        };
        let reporter_of_place = (0..scenario.region.places.len())
            .map(|p| {
                let mut at = Some(p);
                while let Some(place) = at {
                    if let Some(node) = local(place) {
                        return node;
                    }
                    at = scenario.region.places[place].parent;
                }
                hq_of_place[p]
            })
            .collect();
        Chain {
            parent,
            node_place,
            satellite,
            off_map,
            reporter_of_place,
            hq,
            county_hqs,
            hq_of_place,
            hq_of_node,
            entities: Vec::new(),
            ids,
            kinds,
        }
    }

    /// The next node up from `node` for a report: reports end at the HQ of the node's county
    /// (a county HQ's parent is none here; an HQ above the county has none either).
    pub fn up(&self, node: usize) -> Option<usize> {
        if self.is_county_hq(node) || self.kinds.get(node)?.is_above_county() {
            return None;
        }
        Some(self.parent[node].unwrap_or(self.hq_of_node[node]))
    }

    /// Whether `node` is a county HQ (of any county of the region).
    pub fn is_county_hq(&self, node: usize) -> bool {
        node == self.hq || self.county_hqs.contains(&node)
    }

    /// The next seat up from `node` for a request for support: as [`Chain::up`] inside the
    /// county, then from a county HQ to the HQ above it (prefecture, province, nation).
    pub fn superior(&self, node: usize) -> Option<usize> {
        if self.is_county_hq(node) || self.kinds.get(node)?.is_above_county() {
            return self.parent.get(node).copied().flatten();
        }
        self.up(node)
    }
}

/// Which places have phone service.
#[derive(Resource, Debug, Clone)]
pub struct Comms {
    pub tower_up: Vec<bool>,
    /// For each place, the towers that serve it (empty: a landline, always up).
    pub towers_of_place: Vec<Vec<usize>>,
}

impl Comms {
    pub fn build(scenario: &Scenario) -> Comms {
        let mut towers_of_place = vec![Vec::new(); scenario.region.places.len()];
        for (t, tower) in scenario.facilities.comms_towers.iter().enumerate() {
            towers_of_place[tower.place].push(t);
            for &p in &tower.serves {
                if !towers_of_place[p].contains(&t) {
                    towers_of_place[p].push(t);
                }
            }
        }
        Comms {
            tower_up: vec![true; scenario.facilities.comms_towers.len()],
            towers_of_place,
        }
    }

    /// Whether a phone works at `place`.
    pub fn phone_at(&self, place: usize) -> bool {
        let towers = &self.towers_of_place[place];
        towers.is_empty() || towers.iter().any(|&t| self.tower_up[t])
    }
}
