//! Primary hazards, the kinds of hazard, cascade rules and monitoring.

use serde::{Deserialize, Serialize};

use super::{PlaceIndex, SafetyClass, Scenario, SiteKind, Tag};
use crate::scenario::units::Duration;

/// A validated primary hazard.
#[derive(Debug, Clone)]
pub enum Hazard {
    Earthquake(Earthquake),
    Rainstorm(Rainstorm),
    ForestFire(ForestFire),
    ChemicalRelease(ChemicalRelease),
}

#[derive(Debug, Clone)]
pub struct Rainstorm {
    pub id: String,
    pub name: String,
    pub start_min: u32,
    pub end_min: u32,
    pub peak_mm_h: f64,
    pub x_km: f64,
    pub y_km: f64,
    pub radius_km: f64,
}

impl Rainstorm {
    /// Rain rate (mm/h) at a point while it rains: peak at the centre, falling linearly to
    /// zero at the radius.
    pub fn rate_at(&self, x_km: f64, y_km: f64) -> f64 {
        let d = ((x_km - self.x_km).powi(2) + (y_km - self.y_km).powi(2)).sqrt();
        (self.peak_mm_h * (1.0 - d / self.radius_km)).max(0.0)
    }
}

#[derive(Debug, Clone)]
pub struct ForestFire {
    pub id: String,
    pub name: String,
    pub place: PlaceIndex,
    pub time_min: u32,
    pub spread_km_h: f64,
    pub wind_from_deg: f64,
    pub reach_km: f64,
}

#[derive(Debug, Clone)]
pub struct ChemicalRelease {
    pub id: String,
    /// Index into `facilities.hazardous_sites`.
    pub site: usize,
    pub time_min: u32,
}

#[derive(Debug, Clone)]
pub struct Earthquake {
    pub id: String,
    pub name: String,
    pub x_km: f64,
    pub y_km: f64,
    pub magnitude: f64,
    pub depth_km: f64,
    /// Onset, minutes from the start.
    pub time_min: u32,
    pub aftershocks: Option<Aftershocks>,
}

/// Kinds of hazard, for cascade rules, monitoring and warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum HazardKind {
    Earthquake,
    Aftershock,
    Rainstorm,
    Landslide,
    DebrisFlow,
    BarrierLake,
    Flood,
    ChemicalRelease,
    Collapse,
    ForestFire,
    DamBreak,
}

impl HazardKind {
    /// Every kind, in declaration order.
    pub const ALL: [HazardKind; 11] = [
        HazardKind::Earthquake,
        HazardKind::Aftershock,
        HazardKind::Rainstorm,
        HazardKind::Landslide,
        HazardKind::DebrisFlow,
        HazardKind::BarrierLake,
        HazardKind::Flood,
        HazardKind::ChemicalRelease,
        HazardKind::Collapse,
        HazardKind::ForestFire,
        HazardKind::DamBreak,
    ];

    /// The kind named `name` (as in event logs: `dam_break`).
    pub fn from_name(name: &str) -> Option<HazardKind> {
        HazardKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// What people call it: (Chinese, English).
    pub fn labels(self) -> (&'static str, &'static str) {
        match self {
            HazardKind::Earthquake => ("地震", "earthquake"),
            HazardKind::Aftershock => ("余震", "aftershock"),
            HazardKind::Rainstorm => ("暴雨", "rainstorm"),
            HazardKind::Landslide => ("滑坡", "landslide"),
            HazardKind::DebrisFlow => ("泥石流", "debris flow"),
            HazardKind::BarrierLake => ("堰塞湖", "barrier lake"),
            HazardKind::Flood => ("洪水", "flood"),
            HazardKind::ChemicalRelease => ("危化品泄漏", "chemical release"),
            HazardKind::Collapse => ("次生垮塌", "further collapse"),
            HazardKind::ForestFire => ("森林火灾", "forest fire"),
            HazardKind::DamBreak => ("水库溃坝", "dam break"),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            HazardKind::Earthquake => "earthquake",
            HazardKind::Aftershock => "aftershock",
            HazardKind::Rainstorm => "rainstorm",
            HazardKind::Landslide => "landslide",
            HazardKind::DebrisFlow => "debris_flow",
            HazardKind::BarrierLake => "barrier_lake",
            HazardKind::Flood => "flood",
            HazardKind::ChemicalRelease => "chemical_release",
            HazardKind::Collapse => "collapse",
            HazardKind::ForestFire => "forest_fire",
            HazardKind::DamBreak => "dam_break",
        }
    }
}

/// Aftershocks after a mainshock (Reasenberg–Jones): rate of shocks of magnitude ≥ M at time
/// t days after the mainshock λ(t, M) = 10^(a + b(Mmain − M)) (t + c)^(−p).
#[derive(Debug, Clone, PartialEq)]
pub struct Aftershocks {
    /// Productivity a (generic California −1.67).
    pub a: f64,
    /// Gutenberg–Richter b (0.91).
    pub b: f64,
    /// Omori p (1.08).
    pub p: f64,
    /// Omori c, days (0.05).
    pub c_days: f64,
    /// Smallest aftershock simulated (smaller ones do no harm here).
    pub min_magnitude: f64,
    /// Aftershocks strike within this radius of the epicentre, km.
    pub radius_km: f64,
}

/// A cascade rule: a hazard of one kind, under a condition at a place, triggers another.
#[derive(Debug, Clone, PartialEq)]
pub struct Cascade {
    /// Unique id.
    pub id: String,
    /// The hazard that acts.
    pub from: HazardKind,
    /// The hazard it may trigger.
    pub to: HazardKind,
    /// Where and when the rule applies.
    pub when: Condition,
    /// Chance of triggering at each place where the condition holds (once per source event).
    pub probability: f64,
    /// Delay from the source to the triggered hazard: (min, max), drawn uniformly.
    pub delay: (Duration, Duration),
}

/// The condition of a cascade rule at a place. Every given part must hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The place has all these tags.
    pub tags: Vec<Tag>,
    /// Shaking intensity at the place at least this (earthquakes, aftershocks).
    pub min_intensity: Option<f64>,
    /// Rain accumulated at the place at least this, mm (rainstorms).
    pub min_rain_mm: Option<f64>,
    /// Mean rain rate over the storm so far above the intensity–duration threshold
    /// `models.rain.threshold` (rainstorms).
    pub rain_above_threshold: bool,
    /// A site of this kind stands at the place (a hazardous site or a reservoir).
    pub site: Option<SiteKind>,
    /// The rain accumulated at the place has reached its reservoir's overtopping total
    /// (rainstorms; no reservoir there, no overtopping).
    pub reservoir_overtop: bool,
    /// The reservoir at the place has this safety class.
    pub reservoir_class: Option<SafetyClass>,
}

/// Values a cascade condition is checked against at a place: what the acting hazard brings
/// there (shaking, rain so far).
#[derive(Debug, Clone, Copy, Default)]
pub struct Conditions {
    pub intensity: Option<f64>,
    pub rain_mm: Option<f64>,
    pub rain_above_threshold: bool,
}

impl Condition {
    /// Whether the condition holds at `place` of `scenario`, given what the acting hazard
    /// brings there. A new condition field is checked here (and a new facility kind in
    /// [`super::Facilities::stands_at`]), not in the simulation.
    pub fn holds(&self, scenario: &Scenario, place: PlaceIndex, c: Conditions) -> bool {
        let p = &scenario.region.places[place];
        if !self.tags.iter().all(|t| p.has_tag(*t)) {
            return false;
        }
        if let Some(min) = self.min_intensity
            && c.intensity.is_none_or(|i| i < min)
        {
            return false;
        }
        if let Some(min) = self.min_rain_mm
            && c.rain_mm.is_none_or(|r| r < min)
        {
            return false;
        }
        if self.rain_above_threshold && !c.rain_above_threshold {
            return false;
        }
        if let Some(kind) = self.site
            && !scenario.facilities.stands_at(place, kind)
        {
            return false;
        }
        let reservoir = || {
            let f = &scenario.facilities;
            f.reservoir_at(place).map(|r| &f.reservoirs[r])
        };
        if self.reservoir_overtop
            && !reservoir().is_some_and(|r| c.rain_mm.is_some_and(|mm| mm >= r.overtop_rain_mm))
        {
            return false;
        }
        if let Some(class) = self.reservoir_class
            && reservoir().is_none_or(|r| r.safety_class != class)
        {
            return false;
        }
        true
    }
}

/// Detection of a kind of hazard before it strikes a place.
#[derive(Debug, Clone, PartialEq)]
pub struct Monitoring {
    /// The hazard watched for.
    pub hazard: HazardKind,
    /// Chance it is detected before it strikes.
    pub detect: f64,
    /// Lead time of a detection before impact.
    pub lead: Duration,
    /// False alarms per day over the region.
    pub false_alarms_per_day: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hazard_kind_has_one_name_and_labels_in_both_languages() {
        let mut names = std::collections::BTreeSet::new();
        for kind in HazardKind::ALL {
            assert!(names.insert(kind.name()), "{kind:?}: name used twice");
            assert_eq!(HazardKind::from_name(kind.name()), Some(kind));
            let (zh, en) = kind.labels();
            assert!(
                !zh.is_ascii() && en.is_ascii() && !en.is_empty(),
                "{kind:?}"
            );
        }
        assert_eq!(HazardKind::from_name("tsunami"), None);
        assert_eq!(HazardKind::DamBreak.labels(), ("水库溃坝", "dam break"));
    }
}
