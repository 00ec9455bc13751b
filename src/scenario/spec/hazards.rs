//! Hazards: primary hazards, aftershocks, cascade rules and monitoring.

use serde::{Deserialize, Serialize};

pub use crate::scenario::model::HazardKind;

use super::{SafetyClass, SiteKind, Tag};
use crate::scenario::units::Duration;

/// The disaster: primary hazard events, how hazards trigger one another, and monitoring.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HazardsSpec {
    /// Primary events, each a variant such as `Earthquake(...)`.
    pub events: Vec<HazardSpec>,
    /// Cascade rules; default: the rules in assets/cascades/default.ron.
    #[serde(default)]
    pub cascades: Option<Vec<CascadeSpec>>,
    /// Monitoring and forecasting per hazard kind; default: assets/cascades/default.ron's.
    #[serde(default)]
    pub monitoring: Option<Vec<MonitoringSpec>>,
    /// Direction the wind blows from, degrees clockwise from north (chemical plumes).
    #[serde(default = "default_wind")]
    pub wind_from_deg: f64,
}

fn default_wind() -> f64 {
    315.0
}

/// The shipped cascade rules and monitoring, as a `Hazards(...)` part with no events.
pub const DEFAULT_CASCADES: &str = include_str!("../../../assets/cascades/default.ron");

/// One primary hazard event.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub enum HazardSpec {
    /// An earthquake.
    Earthquake(EarthquakeSpec),
    /// A rainstorm over part of the region.
    Rainstorm(RainstormSpec),
    /// A forest fire starting at a place.
    ForestFire(ForestFireSpec),
    /// A chemical release at a hazardous site (a leak not caused by another hazard).
    ChemicalRelease(ChemicalReleaseSpec),
}

impl HazardSpec {
    pub fn id(&self) -> &str {
        match self {
            HazardSpec::Earthquake(h) => &h.id,
            HazardSpec::Rainstorm(h) => &h.id,
            HazardSpec::ForestFire(h) => &h.id,
            HazardSpec::ChemicalRelease(h) => &h.id,
        }
    }
}

/// Aftershocks after a mainshock (Reasenberg–Jones): rate of shocks of magnitude ≥ M at time
/// t days after the mainshock λ(t, M) = 10^(a + b(Mmain − M)) (t + c)^(−p).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AftershockSpec {
    /// Productivity a (generic California −1.67).
    #[serde(default = "rj_a")]
    pub a: f64,
    /// Gutenberg–Richter b (0.91).
    #[serde(default = "rj_b")]
    pub b: f64,
    /// Omori p (1.08).
    #[serde(default = "rj_p")]
    pub p: f64,
    /// Omori c, days (0.05).
    #[serde(default = "rj_c")]
    pub c_days: f64,
    /// Smallest aftershock simulated (smaller ones do no harm here).
    #[serde(default = "rj_min")]
    pub min_magnitude: f64,
    /// Aftershocks strike within this radius of the epicentre, km.
    #[serde(default = "rj_radius")]
    pub radius_km: f64,
}

fn rj_a() -> f64 {
    -1.67
}
fn rj_b() -> f64 {
    0.91
}
fn rj_p() -> f64 {
    1.08
}
fn rj_c() -> f64 {
    0.05
}
fn rj_min() -> f64 {
    4.5
}
fn rj_radius() -> f64 {
    15.0
}

/// A rainstorm: rain at a peak rate at its centre, falling off to nothing at its radius.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RainstormSpec {
    /// Unique id.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// When the rain starts.
    pub start: Duration,
    /// How long it rains.
    pub duration: Duration,
    /// Rain rate at the centre, mm/h.
    pub peak_mm_h: f64,
    /// Centre, km.
    pub x_km: f64,
    pub y_km: f64,
    /// Radius, km.
    pub radius_km: f64,
}

/// A forest fire.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ForestFireSpec {
    /// Unique id.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Place where it starts (a ForestEdge place).
    pub place: String,
    /// When it starts.
    pub time: Duration,
    /// Rate of spread of the fire front with the wind, km/h (surface fire 0.04–0.8 km/h; crown
    /// fire up to 8 km/h).
    pub spread_km_h: f64,
    /// Direction the wind blows from, degrees clockwise from north.
    #[serde(default)]
    pub wind_from_deg: f64,
    /// Forest-edge places within this distance can be reached, km.
    #[serde(default = "fire_reach")]
    pub reach_km: f64,
}

fn fire_reach() -> f64 {
    15.0
}

/// A chemical release at a hazardous site.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChemicalReleaseSpec {
    /// Unique id.
    pub id: String,
    /// The hazardous site (id in facilities.hazardous_sites).
    pub site: String,
    /// When it happens.
    pub time: Duration,
}

/// A cascade rule: a hazard of one kind, under a condition at a place, triggers another.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CascadeSpec {
    /// Unique id.
    pub id: String,
    /// The hazard that acts.
    pub from: HazardKind,
    /// The hazard it may trigger.
    pub to: HazardKind,
    /// Where and when the rule applies.
    #[serde(default)]
    pub when: ConditionSpec,
    /// Chance of triggering at each place where the condition holds (once per source event).
    pub probability: f64,
    /// Delay from the source to the triggered hazard: (min, max), drawn uniformly.
    pub delay: (Duration, Duration),
}

/// The condition of a cascade rule at a place. Every given part must hold.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionSpec {
    /// The place has all these tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// Shaking intensity at the place at least this (earthquakes, aftershocks).
    #[serde(default)]
    pub min_intensity: Option<f64>,
    /// Rain accumulated at the place at least this, mm (rainstorms).
    #[serde(default)]
    pub min_rain_mm: Option<f64>,
    /// Mean rain rate over the storm so far above the intensity–duration threshold
    /// `models.rain.threshold` (rainstorms).
    #[serde(default)]
    pub rain_above_threshold: bool,
    /// A site of this kind stands at the place: a hazardous site's kind, or `Reservoir`.
    #[serde(default)]
    pub site: Option<SiteKind>,
    /// The rain accumulated at the place has reached its reservoir's `overtop_rain_mm`
    /// (rainstorms).
    #[serde(default)]
    pub reservoir_overtop: bool,
    /// The reservoir at the place has this safety class (`One`, `Two`, `Three`).
    #[serde(default)]
    pub reservoir_class: Option<SafetyClass>,
}

/// Detection of a kind of hazard before it strikes a place.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MonitoringSpec {
    /// The hazard watched for.
    pub hazard: HazardKind,
    /// Chance it is detected before it strikes.
    pub detect: f64,
    /// Lead time of a detection before impact.
    pub lead: Duration,
    /// False alarms per day over the region.
    #[serde(default)]
    pub false_alarms_per_day: f64,
}

/// An earthquake.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EarthquakeSpec {
    /// Unique id.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Epicentre easting, km.
    pub x_km: f64,
    /// Epicentre northing, km.
    pub y_km: f64,
    /// Surface-wave magnitude Ms (Chinese catalogue convention).
    pub magnitude: f64,
    /// Focal depth, km.
    pub depth_km: f64,
    /// When it strikes, from the start of the run.
    pub time: Duration,
    /// Aftershocks to simulate after it; none when left out.
    #[serde(default)]
    pub aftershocks: Option<AftershockSpec>,
}
