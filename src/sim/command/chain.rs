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
    /// The county HQ.
    pub hq: usize,
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
        // else the county HQ.
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
                hq
            })
            .collect();
        Chain {
            parent,
            node_place,
            satellite,
            off_map,
            reporter_of_place,
            hq,
            entities: Vec::new(),
            ids,
            kinds,
        }
    }

    /// The next node up from `node` for a report (the HQ's parent is none).
    pub fn up(&self, node: usize) -> Option<usize> {
        if node == self.hq {
            return None;
        }
        Some(self.parent[node].unwrap_or(self.hq))
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
