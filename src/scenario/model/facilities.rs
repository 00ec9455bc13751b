//! Facilities, with references resolved to place indices.

use serde::{Deserialize, Serialize};

use super::PlaceIndex;

/// Validated facilities.
#[derive(Debug, Clone, Default)]
pub struct Facilities {
    pub shelters: Vec<Shelter>,
    pub depots: Vec<Depot>,
    pub hospitals: Vec<Hospital>,
    pub hazardous_sites: Vec<HazardousSite>,
    pub helipads: Vec<Helipad>,
    pub comms_towers: Vec<CommsTower>,
}

impl Facilities {
    /// Whether a site of `kind` stands at `place` (a cascade rule's `site` condition).
    pub fn stands_at(&self, place: PlaceIndex, kind: HazardousKind) -> bool {
        self.hazardous_sites
            .iter()
            .any(|s| s.place == place && s.kind == kind)
    }
}

#[derive(Debug, Clone)]
pub struct Shelter {
    pub id: String,
    pub name: String,
    pub place: PlaceIndex,
    pub capacity: u32,
}

#[derive(Debug, Clone)]
pub struct Depot {
    pub id: String,
    pub name: String,
    pub place: PlaceIndex,
    pub stocks: Stocks,
    pub vehicles: u32,
}

#[derive(Debug, Clone)]
pub struct Hospital {
    pub id: String,
    pub name: String,
    pub place: PlaceIndex,
    pub beds: u32,
    pub ambulances: u32,
}

#[derive(Debug, Clone)]
pub struct HazardousSite {
    pub id: String,
    pub name: String,
    pub place: PlaceIndex,
    pub kind: HazardousKind,
    pub workers: u32,
}

#[derive(Debug, Clone)]
pub struct Helipad {
    pub id: String,
    pub place: PlaceIndex,
}

#[derive(Debug, Clone)]
pub struct CommsTower {
    pub id: String,
    pub place: PlaceIndex,
    pub serves: Vec<PlaceIndex>,
}

/// Kind of hazardous site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum HazardousKind {
    Chemical,
    Fireworks,
    Mine,
    Tailings,
}

/// Relief stocks, counted in person-days of need they cover.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Stocks {
    /// Tent places (people sheltered).
    pub tents: u32,
    /// Food rations (person-days).
    pub food: u32,
    /// Drinking water (person-days).
    pub water: u32,
}
