//! Facilities: shelters, depots, hospitals, hazardous sites, helipads and comms towers.

use serde::{Deserialize, Serialize};

pub use crate::scenario::model::HazardousKind;

/// Fixed facilities. Every list may be empty.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FacilitiesSpec {
    /// Emergency shelters (避难场所).
    #[serde(default)]
    pub shelters: Vec<ShelterSpec>,
    /// Supply depots (物资储备库).
    #[serde(default)]
    pub depots: Vec<DepotSpec>,
    /// Hospitals.
    #[serde(default)]
    pub hospitals: Vec<HospitalSpec>,
    /// Hazardous sites: chemical plants, fireworks stores, mines.
    #[serde(default)]
    pub hazardous_sites: Vec<HazardousSiteSpec>,
    /// Helipads.
    #[serde(default)]
    pub helipads: Vec<HelipadSpec>,
    /// Comms towers.
    #[serde(default)]
    pub comms_towers: Vec<CommsTowerSpec>,
}

/// An emergency shelter.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ShelterSpec {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Place id where it stands.
    pub place: String,
    /// People it can hold.
    pub capacity: u32,
}

/// A supply depot.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DepotSpec {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Place id where it stands.
    pub place: String,
    /// Stocks held at the start.
    pub stocks: StocksSpec,
    /// Trucks that carry relief from here.
    #[serde(default = "default_vehicles")]
    pub vehicles: u32,
}

fn default_vehicles() -> u32 {
    4
}

/// Relief stocks, counted in person-days of need they cover.
#[derive(Debug, Clone, Copy, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StocksSpec {
    /// Tent places (people sheltered).
    #[serde(default)]
    pub tents: u32,
    /// Food rations (person-days).
    #[serde(default)]
    pub food: u32,
    /// Drinking water (person-days).
    #[serde(default)]
    pub water: u32,
}

/// A hospital.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HospitalSpec {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Place id where it stands.
    pub place: String,
    /// Beds free for casualties at the start.
    pub beds: u32,
    /// Ambulances that carry the injured from places to this hospital.
    pub ambulances: u32,
}

/// A hazardous site (危险化学品企业, 烟花爆竹仓库, 矿山…).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HazardousSiteSpec {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Place id where it stands.
    pub place: String,
    /// What it is.
    pub kind: HazardousKind,
    /// People working on site.
    #[serde(default)]
    pub workers: u32,
}

/// A helipad.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HelipadSpec {
    /// Unique id.
    pub id: String,
    /// Place id where it stands.
    pub place: String,
}

/// A comms tower and the places it serves.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CommsTowerSpec {
    /// Unique id.
    pub id: String,
    /// Place id where it stands.
    pub place: String,
    /// Place ids it serves.
    #[serde(default)]
    pub serves: Vec<String>,
}
