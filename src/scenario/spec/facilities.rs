//! Facilities: shelters, depots, hospitals, hazardous sites, helipads, comms towers and
//! reservoirs.

use serde::{Deserialize, Serialize};

pub use crate::scenario::model::{HazardousKind, SafetyClass, SiteKind};

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
    /// Reservoirs (水库) whose dams can breach (dam break, 水库溃坝).
    #[serde(default)]
    pub reservoirs: Vec<ReservoirSpec>,
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

/// A reservoir behind an embankment dam, on a river (小(2)型 to 中型: 1e5–1e8 m³).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReservoirSpec {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Place id at the dam: a place on `river`, not its last.
    pub place: String,
    /// River id (region.rivers) the breach wave runs down.
    pub river: String,
    /// Water stored at failure, m³ (1e5–1e8).
    pub storage_m3: f64,
    /// Dam height, m (up to 100).
    pub dam_height_m: f64,
    /// Depth of water above the breach bottom at failure, m (up to the dam height).
    pub head_m: f64,
    /// Dam safety class: `One` (一类), `Two` (二类) or `Three` (三类, 病险).
    pub safety_class: SafetyClass,
    /// Event rain total at the place at which the dam overtops, mm; by safety class when left
    /// out (300 / 200 / 120).
    #[serde(default)]
    pub overtop_rain_mm: Option<f64>,
    /// Valley width downstream, m (10–5 000).
    #[serde(default = "default_valley_width_m")]
    pub valley_width_m: f64,
    /// Valley bed slope (1e-4–0.1).
    #[serde(default = "default_slope")]
    pub slope: f64,
    /// Manning's roughness of the valley (0.02–0.15).
    #[serde(default = "default_manning_n")]
    pub manning_n: f64,
    /// Share of houses downstream built of masonry or concrete; the rest are timber (0–1).
    #[serde(default = "default_masonry_share")]
    pub masonry_share: f64,
}

fn default_valley_width_m() -> f64 {
    150.0
}

fn default_slope() -> f64 {
    0.005
}

fn default_manning_n() -> f64 {
    0.05
}

fn default_masonry_share() -> f64 {
    0.7
}
