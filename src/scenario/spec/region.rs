//! The region: places, roads and rivers.

use serde::{Deserialize, Serialize};

pub use crate::scenario::model::{PlaceKind, Preparedness, RoadClass, Tag};

/// The region: one county or several, each a hierarchy of places and the road links between them.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RegionSpec {
    /// Name of the region (e.g. the county), shown in reports.
    pub name: String,
    /// Places: one `County` per county of the region (its seat), towns under a county and
    /// villages under towns.
    pub places: Vec<PlaceSpec>,
    /// Road links between places.
    pub roads: Vec<RoadSpec>,
    /// Rivers through the region, each an ordered list of riverside places.
    #[serde(default)]
    pub rivers: Vec<RiverSpec>,
}

/// A river, as the places along it from upstream to downstream.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RiverSpec {
    /// Unique id.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Places along the river, upstream first.
    pub places: Vec<String>,
    /// Rain over 24 h at which the river floods its riverside places, mm.
    #[serde(default = "default_flood_rain")]
    pub flood_rain_mm: f64,
}

fn default_flood_rain() -> f64 {
    150.0
}

/// One place: the county seat, a town or a village.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceSpec {
    /// Unique id, used by every reference (`forces.teams[*].base`, roads…).
    pub id: String,
    /// Display name (Chinese is fine).
    pub name: String,
    /// Level in the hierarchy.
    pub kind: PlaceKind,
    /// The place one level up: a town's county, a village's town. None only for the county.
    #[serde(default)]
    pub parent: Option<String>,
    /// Easting of the place centre, km.
    pub x_km: f64,
    /// Northing of the place centre, km.
    pub y_km: f64,
    /// Residents living here (not counting the places below it).
    pub population: u64,
    /// How residents are housed: shares by vulnerability class (ids from `models.fragility`),
    /// summing to 1.
    pub housing: Vec<HousingSpec>,
    /// Terrain and exposure tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// Community preparedness.
    #[serde(default)]
    pub preparedness: Preparedness,
}

/// A share of a place's residents living in one building vulnerability class.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HousingSpec {
    /// Vulnerability class id, defined in `models.fragility` (e.g. `"urm_precode"`).
    pub class: String,
    /// Share of residents, 0..1.
    pub share: f64,
}

/// A two-way road link between two places.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoadSpec {
    /// Unique id.
    pub id: String,
    /// One end (place id).
    pub from: String,
    /// Other end (place id).
    pub to: String,
    /// Length, km.
    pub length_km: f64,
    /// Road class.
    pub class: RoadClass,
    /// Terrain the road crosses; `Mountain` roads are blocked by shaking more easily.
    #[serde(default)]
    pub tags: Vec<Tag>,
}
