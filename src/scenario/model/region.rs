//! Places, roads and rivers, with the vocabulary of places (kinds, tags, preparedness, road classes).

use serde::{Deserialize, Serialize};

use super::PlaceIndex;

/// Places and roads.
#[derive(Debug, Clone)]
pub struct Region {
    pub name: String,
    pub places: Vec<Place>,
    pub roads: Vec<Road>,
    pub rivers: Vec<River>,
}

impl Region {
    /// The county seat (place of kind `County`) of the county `place` lies in.
    pub fn county_of(&self, place: PlaceIndex) -> Option<PlaceIndex> {
        let mut at = Some(place);
        // Parents form a tree (validated); the bound only guards against a cycle.
        for _ in 0..=self.places.len() {
            let p = at?;
            if self.places.get(p)?.kind == PlaceKind::County {
                return Some(p);
            }
            at = self.places[p].parent;
        }
        None
    }

    /// The county seats, in the scenario's order.
    pub fn counties(&self) -> impl Iterator<Item = PlaceIndex> + '_ {
        (0..self.places.len()).filter(|&p| self.places[p].kind == PlaceKind::County)
    }

    /// Each river that runs through `place`, with the place's position along it (0 is its most
    /// upstream place), in the scenario's order.
    pub fn rivers_through(&self, place: PlaceIndex) -> impl Iterator<Item = (&River, usize)> {
        self.rivers.iter().filter_map(move |river| {
            let k = river.places.iter().position(|&p| p == place)?;
            Some((river, k))
        })
    }
}

/// A validated river: places along it, upstream first.
#[derive(Debug, Clone)]
pub struct River {
    pub id: String,
    pub name: String,
    pub places: Vec<PlaceIndex>,
    pub flood_rain_mm: f64,
}

/// A validated place.
#[derive(Debug, Clone)]
pub struct Place {
    pub id: String,
    pub name: String,
    pub kind: PlaceKind,
    pub parent: Option<PlaceIndex>,
    pub x_km: f64,
    pub y_km: f64,
    pub population: u32,
    /// (index into `models.fragility`, share of residents).
    pub housing: Vec<(usize, f64)>,
    pub tags: Vec<Tag>,
    pub preparedness: Preparedness,
}

impl Place {
    pub fn has_tag(&self, tag: Tag) -> bool {
        self.tags.contains(&tag)
    }
}

/// A validated two-way road link.
#[derive(Debug, Clone)]
pub struct Road {
    pub id: String,
    pub from: PlaceIndex,
    pub to: PlaceIndex,
    pub length_km: f64,
    pub class: RoadClass,
    pub tags: Vec<Tag>,
}

/// Level of a place in the county → town → village hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum PlaceKind {
    /// A county seat (县城): one per county; a region may hold several counties.
    County,
    /// A town or sub-district (乡镇/街道).
    Town,
    /// A village or community (村/社区).
    Village,
}

/// Terrain and exposure tags of a place or road.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub enum Tag {
    /// Steep terrain: landslide-prone, roads easily blocked.
    Mountain,
    /// Rolling terrain.
    Hilly,
    /// On a river bank: flood exposure.
    Riverside,
    /// At the forest edge: forest-fire exposure.
    ForestEdge,
    /// Dense built-up area (> 200 people/km²).
    Urban,
}

/// Community preparedness (全民安全素养、综合减灾示范社区).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
pub enum Preparedness {
    /// An ordinary community.
    #[default]
    Basic,
    /// A demonstration disaster-reduction community (综合减灾示范社区): more neighbours join the
    /// early rescue and warnings are heeded more.
    Demonstration,
}

/// Road class: sets free-flow speed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum RoadClass {
    Expressway,
    National,
    Provincial,
    County,
    Village,
}
