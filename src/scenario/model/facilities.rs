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
    pub reservoirs: Vec<Reservoir>,
}

impl Facilities {
    /// Whether a site of `kind` stands at `place` (a cascade rule's `site` condition).
    pub fn stands_at(&self, place: PlaceIndex, kind: SiteKind) -> bool {
        match kind {
            SiteKind::Reservoir => self.reservoir_at(place).is_some(),
            _ => self
                .hazardous_sites
                .iter()
                .any(|s| s.place == place && SiteKind::from(s.kind) == kind),
        }
    }

    /// The index of the reservoir at `place` (validation allows at most one a place).
    pub fn reservoir_at(&self, place: PlaceIndex) -> Option<usize> {
        self.reservoirs.iter().position(|r| r.place == place)
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

/// Kind of site a cascade rule's `site` condition names: a hazardous site's kind, or a
/// reservoir (`facilities.reservoirs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum SiteKind {
    Chemical,
    Fireworks,
    Mine,
    Tailings,
    Reservoir,
}

impl From<HazardousKind> for SiteKind {
    fn from(kind: HazardousKind) -> Self {
        match kind {
            HazardousKind::Chemical => SiteKind::Chemical,
            HazardousKind::Fireworks => SiteKind::Fireworks,
            HazardousKind::Mine => SiteKind::Mine,
            HazardousKind::Tailings => SiteKind::Tailings,
        }
    }
}

/// A reservoir's dam safety class (大坝安全鉴定, 水建管〔2003〕271号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum SafetyClass {
    /// 一类: meets its flood standard, works normally.
    One,
    /// 二类: below standard, safe only under controlled operation.
    Two,
    /// 三类: below standard or with serious defects (病险库).
    Three,
}

impl SafetyClass {
    /// Event rain total (mm) at which a dam of this class is taken to overtop when the
    /// scenario gives none: 300 / 200 / 120 mm [assumption, docs/models.md].
    pub fn default_overtop_rain_mm(self) -> f64 {
        match self {
            SafetyClass::One => 300.0,
            SafetyClass::Two => 200.0,
            SafetyClass::Three => 120.0,
        }
    }
}

/// A reservoir (水库) behind an embankment dam, on a river: its breach sends a wave down the
/// river's later places (`sim::hazards::dam_break`).
#[derive(Debug, Clone)]
pub struct Reservoir {
    pub id: String,
    pub name: String,
    /// The place at the dam.
    pub place: PlaceIndex,
    /// Index into `region.rivers`; `place` is on it and not its last place.
    pub river: usize,
    /// Water stored at failure, m³ (1e5–1e8: 小(2)型 to 中型).
    pub storage_m3: f64,
    pub dam_height_m: f64,
    /// Depth of water above the breach bottom, m (≤ dam height).
    pub head_m: f64,
    pub safety_class: SafetyClass,
    /// Event rain total at its place at which it overtops, mm.
    pub overtop_rain_mm: f64,
    /// The valley downstream: width (m), bed slope, Manning's n.
    pub valley_width_m: f64,
    pub slope: f64,
    pub manning_n: f64,
    /// Share of houses downstream built of masonry or concrete (the rest timber).
    pub masonry_share: f64,
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
