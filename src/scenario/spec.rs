//! Raw serde types for scenario files, exactly as written in RON.
//!
//! Every type here is a `*Spec`: it mirrors the file, rejects unknown fields and carries a doc
//! comment per field (they are the source of `docs/scenario-format.md`). Nothing here is checked
//! beyond its syntax; [`super::validate`] turns a set of specs into a [`super::Scenario`] with ids
//! resolved, or into a list of diagnostics.

use serde::{Deserialize, Serialize};

use super::units::{Duration, TimeOfDay};

/// The top level of any drillsim file: a whole scenario or one of its parts.
///
/// The variant name says what the file holds, so `drillsim check` can validate a part on its own
/// and a scenario can include parts from other files.
#[derive(Debug, Clone, Deserialize, Serialize)]
// Parsed once per file and moved into place right away: variant sizes do not matter.
#[allow(clippy::large_enum_variant)]
pub enum DocumentSpec {
    Scenario(Box<ScenarioSpec>),
    Region(RegionSpec),
    Facilities(FacilitiesSpec),
    Forces(ForcesSpec),
    Organisation(OrganisationSpec),
    Hazards(HazardsSpec),
    Plan(PlanSpec),
    Targets(TargetsSpec),
    Models(ModelsSpec),
    Grading(GradingSpec),
}

impl DocumentSpec {
    /// The part name as written in files (`Region`, `Plan`, …).
    pub fn kind_name(&self) -> &'static str {
        match self {
            DocumentSpec::Scenario(_) => "Scenario",
            DocumentSpec::Region(_) => "Region",
            DocumentSpec::Facilities(_) => "Facilities",
            DocumentSpec::Forces(_) => "Forces",
            DocumentSpec::Organisation(_) => "Organisation",
            DocumentSpec::Hazards(_) => "Hazards",
            DocumentSpec::Plan(_) => "Plan",
            DocumentSpec::Targets(_) => "Targets",
            DocumentSpec::Models(_) => "Models",
            DocumentSpec::Grading(_) => "Grading",
        }
    }
}

/// A whole scenario: metadata, the clock, and its parts inline or included from other files.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSpec {
    /// Short name shown in reports and the drill UI.
    pub name: String,
    /// What the scenario represents and where its figures come from.
    #[serde(default)]
    pub description: String,
    /// Local time of day at simulated minute 0, `"HH:MM"` (night-time quakes trap more people).
    pub start_time: TimeOfDay,
    /// How long a run lasts unless `--until` says otherwise, e.g. `"72h"`.
    pub duration: Duration,
    /// Length of one simulation tick; default `"1m"`.
    #[serde(default)]
    pub tick: Option<Duration>,
    /// Part files to load, relative to this file. Each holds one part (`Region(...)`, `Plan(...)`…);
    /// a part may be given inline or included, not both.
    #[serde(default)]
    pub include: Vec<String>,
    /// The county: places and roads (required).
    #[serde(default)]
    pub region: Option<RegionSpec>,
    /// Shelters, depots, hospitals, hazardous sites, helipads, comms towers.
    #[serde(default)]
    pub facilities: Option<FacilitiesSpec>,
    /// Response teams (required).
    #[serde(default)]
    pub forces: Option<ForcesSpec>,
    /// Headquarters and the command chain.
    #[serde(default)]
    pub organisation: Option<OrganisationSpec>,
    /// The disaster (required).
    #[serde(default)]
    pub hazards: Option<HazardsSpec>,
    /// The plan (预案) under test (required; replaceable with `--plan`).
    #[serde(default)]
    pub plan: Option<PlanSpec>,
    /// KPI targets; default: the county plan's.
    #[serde(default)]
    pub targets: Option<TargetsSpec>,
    /// Model parameters; default: DOMAIN.md values (see docs/models.md).
    #[serde(default)]
    pub models: Option<ModelsSpec>,
    /// Grading tables for response levels; default: the national pack
    /// (assets/doctrine/cn-national.ron).
    #[serde(default)]
    pub grading: Option<GradingSpec>,
}

// ---------------------------------------------------------------------------------------------
// Grading (doctrine pack)
// ---------------------------------------------------------------------------------------------

/// A doctrine pack of grading tables.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GradingSpec {
    /// Name of the pack.
    pub name: String,
    /// What it is and where it comes from.
    #[serde(default)]
    pub description: String,
    /// One table per kind of event.
    pub tables: Vec<GradingTableSpec>,
}

/// One grading table: rows from the most severe level down.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GradingTableSpec {
    /// Table id: `earthquake_deaths`, `earthquake_initial_dense`, `earthquake_initial_other`,
    /// `production_safety`, `geological_realised`, `geological_threat`, `forest_fire`,
    /// `natural_disaster_relief`.
    pub id: String,
    /// What the table grades.
    #[serde(default)]
    pub description: String,
    /// Rows, most severe first; the first row with any threshold reached gives the level.
    pub rows: Vec<GradingRowSpec>,
}

/// One row of a grading table.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GradingRowSpec {
    /// The level this row gives.
    pub level: Level,
    /// The row applies when any of these is reached.
    pub any_of: Vec<ThresholdSpec>,
}

/// A threshold: a measure at or above a value.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ThresholdSpec {
    /// What is measured.
    pub measure: Measure,
    /// The least value that reaches the row.
    pub at_least: f64,
}

/// Measures used by grading tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub enum Measure {
    /// Deaths (including missing, where the table says so).
    Deaths,
    /// Seriously injured people.
    SeriousInjuries,
    /// Direct economic loss, million yuan.
    DirectLossMillionYuan,
    /// Earthquake magnitude.
    Magnitude,
    /// People threatened who must be relocated.
    PeopleToRelocate,
    /// Forest burned, hectares.
    BurnedHectares,
    /// People relocated.
    Relocated,
}

impl GradingSpec {
    /// The table with `id`.
    pub fn table(&self, id: &str) -> Option<&GradingTableSpec> {
        self.tables.iter().find(|t| t.id == id)
    }
}

impl GradingTableSpec {
    /// The level for the measured values, or `None` when no row applies.
    pub fn grade(&self, values: &[(Measure, f64)]) -> Option<Level> {
        self.rows
            .iter()
            .find(|row| {
                row.any_of.iter().any(|t| {
                    values
                        .iter()
                        .any(|(measure, value)| *measure == t.measure && *value >= t.at_least)
                })
            })
            .map(|row| row.level)
    }
}

/// The national pack shipped with drillsim.
pub const NATIONAL_GRADING: &str = include_str!("../../assets/doctrine/cn-national.ron");

// ---------------------------------------------------------------------------------------------
// Region
// ---------------------------------------------------------------------------------------------

/// The county: a hierarchy of places and the road links between them.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RegionSpec {
    /// Name of the region (e.g. the county), shown in reports.
    pub name: String,
    /// Places: exactly one `County`, then towns under it and villages under towns.
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

/// Level of a place in the county → town → village hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum PlaceKind {
    /// The county seat (县城); exactly one per region.
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

/// Road class: sets free-flow speed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum RoadClass {
    Expressway,
    National,
    Provincial,
    County,
    Village,
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

// ---------------------------------------------------------------------------------------------
// Facilities
// ---------------------------------------------------------------------------------------------

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

/// Kind of hazardous site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum HazardousKind {
    Chemical,
    Fireworks,
    Mine,
    Tailings,
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

// ---------------------------------------------------------------------------------------------
// Forces
// ---------------------------------------------------------------------------------------------

/// Response teams.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ForcesSpec {
    /// Every team the county can call on.
    pub teams: Vec<TeamSpec>,
}

/// Kind of force (综合、专业、社会、航空、军队、跨区增援).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub enum TeamKind {
    /// Comprehensive fire-rescue (综合救援).
    Comprehensive,
    /// Professional teams: medical, hazmat, engineering… (专业救援).
    Professional,
    /// Social forces and volunteers (社会救援).
    Social,
    /// Aviation: helicopters (航空救援); fly straight, ignore road state.
    Aviation,
    /// Military units (军队).
    Military,
    /// Mutual aid from neighbouring counties (跨区增援).
    MutualAid,
}

/// What a team can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Capability {
    /// Freeing trapped people; rate: heavily trapped victims freed per hour.
    Extrication,
    /// Field medical care; rate: injured stabilised per hour.
    Medical,
    /// Clearing blocked roads; rate: clearance work-hours done per hour (1.0 = a standard
    /// engineering team).
    RoadClearing,
}

/// One capability and its work rate (units depend on the capability).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CapabilitySpec {
    /// What the team can do.
    pub kind: Capability,
    /// Work rate; see [`Capability`] for the unit.
    pub rate: f64,
}

/// A response team.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TeamSpec {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Kind of force.
    pub kind: TeamKind,
    /// People in the team.
    pub size: u32,
    /// Place id of its base.
    pub base: String,
    /// Speed on an open county road, km/h (road class and state scale it).
    pub speed_kmh: f64,
    /// Capabilities with work rates.
    pub capabilities: Vec<CapabilitySpec>,
    /// Time from the first dispatch order to leaving base.
    pub mobilisation: Duration,
    /// Working time before the team must rest.
    pub shift: Duration,
    /// Rest time after a shift; default equal to `shift`.
    #[serde(default)]
    pub rest: Option<Duration>,
}

// ---------------------------------------------------------------------------------------------
// Organisation
// ---------------------------------------------------------------------------------------------

/// Headquarters and the command chain.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationSpec {
    /// Command nodes; exactly one `CountyHq`.
    pub nodes: Vec<CommandNodeSpec>,
}

/// Kind of command node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum CommandKind {
    /// County emergency headquarters (县应急指挥部).
    CountyHq,
    /// Flood and drought HQ (防汛抗旱指挥部).
    FloodDroughtHq,
    /// Forest fire HQ (森林防灭火指挥部).
    ForestFireHq,
    /// Earthquake relief HQ (抗震救灾指挥部).
    EarthquakeHq,
    /// Geological disaster HQ (地质灾害指挥部).
    GeologicalHq,
    /// Town command (乡镇).
    TownCommand,
    /// Village command (村/社区).
    VillageCommand,
    /// Field command post (现场指挥部).
    FieldPost,
}

/// One command node.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CommandNodeSpec {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Kind of node.
    pub kind: CommandKind,
    /// The node it reports to; None only for the county HQ.
    #[serde(default)]
    pub parent: Option<String>,
    /// Place id where it sits.
    pub place: String,
    /// Subordinates it can direct without slowing down (NIMS: 3–7, best 5).
    #[serde(default = "default_span_of_control")]
    pub span_of_control: u32,
    /// Staff on duty.
    #[serde(default = "default_duty_staff")]
    pub duty_staff: u32,
}

fn default_span_of_control() -> u32 {
    5
}
fn default_duty_staff() -> u32 {
    2
}

// ---------------------------------------------------------------------------------------------
// Hazards
// ---------------------------------------------------------------------------------------------

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
pub const DEFAULT_CASCADES: &str = include_str!("../../assets/cascades/default.ron");

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
}

impl HazardKind {
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
        }
    }
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
    /// A hazardous site of this kind stands at the place.
    #[serde(default)]
    pub site: Option<HazardousKind>,
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

// ---------------------------------------------------------------------------------------------
// Plan
// ---------------------------------------------------------------------------------------------

/// The plan (预案) under test: the doctrine that plays every role no person plays.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanSpec {
    /// Name of the plan, shown in results.
    pub name: String,
    /// What distinguishes this plan.
    #[serde(default)]
    pub description: String,
    /// How teams are dispatched.
    pub dispatch: DispatchSpec,
    /// Reporting duty: who notices incidents, how fast reports climb, their deadlines.
    #[serde(default)]
    pub reporting: ReportingSpec,
    /// Graded response: which forces each response level unlocks.
    #[serde(default)]
    pub response: ResponseSpec,
    /// Command timing: decisions, orders down the chain, team status reports.
    #[serde(default)]
    pub command: CommandSpec,
    /// The field-commander protocol (现场指挥官制度) and its deadlines.
    #[serde(default)]
    pub field_command: FieldCommandSpec,
    /// Warning rules, channels and evacuation.
    #[serde(default)]
    pub warning: WarningPlanSpec,
    /// Teams and stock the plan places in advance (预置).
    #[serde(default)]
    pub preposition: PrepositionSpec,
}

/// Pre-positioning: teams based elsewhere and relief stock placed before the disaster.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PrepositionSpec {
    /// Teams moved to another base.
    #[serde(default)]
    pub teams: Vec<MoveTeamSpec>,
    /// Forward stock points the plan sets up.
    #[serde(default)]
    pub depots: Vec<DepotSpec>,
}

/// A team moved to another base.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MoveTeamSpec {
    /// The team (id in forces.teams).
    pub team: String,
    /// Its base under this plan (a place id).
    pub base: String,
}

/// Warning colours (预警级别).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub enum WarningLevel {
    Blue,
    Yellow,
    Orange,
    Red,
}

/// What sets a warning rule off.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub enum WarningTrigger {
    /// Monitoring forecasts a hazard of this kind at a place.
    Forecast(HazardKind),
    /// Rain accumulated at a place reaches this many mm.
    RainAbove(f64),
}

/// Which places a warning covers.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub enum WarningArea {
    /// The place where the rule was set off.
    Place,
    /// The place and every place in the same town.
    Town,
}

/// A warning rule.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WarningRuleSpec {
    pub trigger: WarningTrigger,
    /// Only at places with all these tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
    pub level: WarningLevel,
    #[serde(default = "default_area")]
    pub area: WarningArea,
    /// An evacuation order (转移避险) rather than an advisory.
    #[serde(default)]
    pub evacuate: bool,
}

fn default_area() -> WarningArea {
    WarningArea::Place
}

/// A warning channel.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelSpec {
    /// Name: SMS, siren, village broadcast, door-to-door…
    pub name: String,
    /// Share of people it reaches.
    pub reach: f64,
    /// Delay from the warning to reaching them.
    pub delay: Duration,
}

/// Warning rules, channels, compliance and evacuation.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WarningPlanSpec {
    #[serde(default)]
    pub rules: Vec<WarningRuleSpec>,
    pub channels: Vec<ChannelSpec>,
    /// Share of warned people who leave on an advisory.
    pub comply_advisory: f64,
    /// Share who leave on an evacuation order.
    pub comply_order: f64,
    /// Added to compliance in demonstration communities.
    pub demonstration_bonus: f64,
    /// Median delay from being warned to leaving (S-shaped departures).
    pub departure_median: Duration,
    /// Walking speed of evacuees, km/h.
    pub evacuation_speed_kmh: f64,
}

impl Default for WarningPlanSpec {
    fn default() -> Self {
        WarningPlanSpec {
            rules: Vec::new(),
            channels: vec![
                ChannelSpec {
                    name: "SMS".into(),
                    reach: 0.7,
                    delay: Duration::minutes(5),
                },
                ChannelSpec {
                    name: "siren".into(),
                    reach: 0.5,
                    delay: Duration::minutes(2),
                },
                ChannelSpec {
                    name: "village broadcast".into(),
                    reach: 0.6,
                    delay: Duration::minutes(15),
                },
                ChannelSpec {
                    name: "door-to-door".into(),
                    reach: 0.9,
                    delay: Duration::minutes(90),
                },
            ],
            comply_advisory: 0.5,
            comply_order: 0.85,
            demonstration_bonus: 0.08,
            departure_median: Duration::minutes(45),
            evacuation_speed_kmh: 4.0,
        }
    }
}

/// Reporting duty (信息报送): initial, follow-up and verified reports (初报/续报/核报).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReportingSpec {
    /// The initial report by phone must reach the county HQ within this time of the incident.
    pub phone_deadline: Duration,
    /// The written initial report must reach the county HQ within this time of the incident.
    pub written_deadline: Duration,
    /// Follow-up reports are due this often while an incident is open.
    pub followup_every: Duration,
    /// The verified report is due this long after an incident closes.
    pub verified_within: Duration,
    /// Mean time for a village information officer to notice an incident (exponential).
    pub notice_mean: Duration,
    /// Share of incidents nobody notices until a survey sweep.
    pub missed_share: f64,
    /// When missed incidents are found by the survey sweep, after onset.
    pub sweep_after: Duration,
    /// Time to prepare a written report after the phone report.
    pub written_prep: Duration,
    /// Latency of one hop up the chain by phone.
    pub phone_hop: Duration,
    /// Latency of one hop by satellite phone when comms are down (towns and HQs have them).
    pub satellite_hop: Duration,
    /// Speed of a runner carrying a report when there is no phone at all, km/h.
    pub runner_speed_kmh: f64,
    /// Report straight to the county HQ (直报), skipping the town, when a village estimates at
    /// least this many dead or trapped.
    pub direct_report_at: u32,
}

impl Default for ReportingSpec {
    fn default() -> Self {
        ReportingSpec {
            phone_deadline: Duration::minutes(30),
            written_deadline: Duration::minutes(60),
            followup_every: Duration::minutes(120),
            verified_within: Duration::minutes(360),
            notice_mean: Duration::minutes(10),
            missed_share: 0.05,
            sweep_after: Duration::minutes(360),
            written_prep: Duration::minutes(20),
            phone_hop: Duration::minutes(5),
            satellite_hop: Duration::minutes(15),
            runner_speed_kmh: 5.0,
            direct_report_at: 10,
        }
    }
}

/// A response level: Ⅰ (特别重大, most severe) to Ⅳ (一般).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Level {
    I,
    II,
    III,
    IV,
}

impl Level {
    /// 1 for Ⅰ … 4 for Ⅳ (1 is the most severe).
    pub fn number(self) -> u8 {
        match self {
            Level::I => 1,
            Level::II => 2,
            Level::III => 3,
            Level::IV => 4,
        }
    }

    /// The level for 1–4.
    pub fn from_number(n: u8) -> Option<Level> {
        match n {
            1 => Some(Level::I),
            2 => Some(Level::II),
            3 => Some(Level::III),
            4 => Some(Level::IV),
            _ => None,
        }
    }

    /// Ⅰ, Ⅱ, Ⅲ, Ⅳ.
    pub fn roman(self) -> &'static str {
        match self {
            Level::I => "Ⅰ",
            Level::II => "Ⅱ",
            Level::III => "Ⅲ",
            Level::IV => "Ⅳ",
        }
    }

    /// Whether this level is at least as severe as `other`.
    pub fn at_least(self, other: Level) -> bool {
        self <= other
    }
}

/// Graded response: forces held until a level is declared.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    /// Teams of a kind stay unavailable until a level at least this severe is declared
    /// (e.g. mutual aid at Ⅲ, military at Ⅱ). Kinds not listed are always available.
    #[serde(default)]
    pub activation: Vec<ActivationSpec>,
    /// Time for the county HQ to learn an earthquake's magnitude (the seismic quick report).
    #[serde(default = "default_quick_report")]
    pub quake_quick_report: Duration,
}

impl Default for ResponseSpec {
    fn default() -> Self {
        ResponseSpec {
            activation: Vec::new(),
            quake_quick_report: default_quick_report(),
        }
    }
}

fn default_quick_report() -> Duration {
    Duration::minutes(10)
}

/// One activation rule.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActivationSpec {
    /// Kind of team held back.
    pub kind: TeamKind,
    /// The least severe level that releases it.
    pub level: Level,
}

/// Command timing.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CommandSpec {
    /// Time a commander within span of control takes to decide.
    pub decision: Duration,
    /// Latency of an order from a headquarters to a team.
    pub order_latency: Duration,
    /// Latency of a team's status report (arrived, available) to its headquarters.
    pub team_report: Duration,
}

impl Default for CommandSpec {
    fn default() -> Self {
        CommandSpec {
            decision: Duration::minutes(5),
            order_latency: Duration::minutes(5),
            team_report: Duration::minutes(5),
        }
    }
}

/// The field-commander protocol, played by the doctrine when no person plays it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FieldCommandSpec {
    /// Incidents with at least this many trapped get a field command post (现场指挥部).
    pub post_at_trapped: u32,
    /// The post must be set up within this time of the first team's arrival.
    pub setup_within: Duration,
    /// The size-up report is due this long after the post is set up.
    pub sizeup_within: Duration,
    /// Situation reports are due this often while the post is open.
    pub sitrep_every: Duration,
    /// The doctrine's field commander sets the post up after a delay drawn uniformly from this
    /// range (min, max) of minutes after arrival.
    pub setup_delay_min: (u32, u32),
}

impl Default for FieldCommandSpec {
    fn default() -> Self {
        FieldCommandSpec {
            post_at_trapped: 10,
            setup_within: Duration::minutes(30),
            sizeup_within: Duration::minutes(15),
            sitrep_every: Duration::minutes(30),
            setup_delay_min: (10, 40),
        }
    }
}

/// Dispatch doctrine.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DispatchSpec {
    /// How teams are chosen.
    pub rule: DispatchRule,
    /// Tasks in the order they get teams.
    #[serde(default = "default_priorities")]
    pub priorities: Vec<TaskKind>,
    /// Most teams sent to one rescue site at once.
    #[serde(default = "default_max_teams_per_site")]
    pub max_teams_per_site: u32,
    /// Teams held back in reserve at their bases (kept out of automatic dispatch), 0..1.
    #[serde(default)]
    pub reserve_share: f64,
}

fn default_priorities() -> Vec<TaskKind> {
    vec![TaskKind::Rescue, TaskKind::RoadClearing]
}
fn default_max_teams_per_site() -> u32 {
    3
}

/// Rule by which the doctrine picks teams.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum DispatchRule {
    /// For each task in priority order (most trapped first), the nearest capable available team.
    NearestCapable,
    /// Dispatch nothing automatically (a do-nothing baseline, or everything by scripted orders).
    Manual,
}

/// A kind of task the doctrine dispatches teams to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum TaskKind {
    /// Extricating trapped people at a collapse site.
    Rescue,
    /// Clearing a blocked road link.
    RoadClearing,
}

// ---------------------------------------------------------------------------------------------
// Targets
// ---------------------------------------------------------------------------------------------

/// KPI targets. Defaults are the county plan's.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TargetsSpec {
    /// Share of displaced people relieved within 4 h (county plan: 1.0).
    #[serde(default = "one")]
    pub relief_within_4h: f64,
    /// Share of people in warned zones warned before impact (county plan: 0.90).
    #[serde(default = "ninety_percent")]
    pub warning_coverage: f64,
    /// Aviation on scene within this many minutes (national: 120).
    #[serde(default = "two_hours")]
    pub aviation_first_arrival_min: f64,
    /// Production-safety accidents of grade 较大 or above (county plan: 0).
    #[serde(default)]
    pub major_accidents: u32,
}

impl Default for TargetsSpec {
    fn default() -> Self {
        TargetsSpec {
            relief_within_4h: one(),
            warning_coverage: ninety_percent(),
            aviation_first_arrival_min: two_hours(),
            major_accidents: 0,
        }
    }
}

fn one() -> f64 {
    1.0
}
fn ninety_percent() -> f64 {
    0.9
}
fn two_hours() -> f64 {
    120.0
}

// ---------------------------------------------------------------------------------------------
// Models
// ---------------------------------------------------------------------------------------------

/// Model parameters. Every field defaults to the value in docs/models.md.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModelsSpec {
    /// Survival of trapped people.
    #[serde(default)]
    pub survival: SurvivalSpec,
    /// Earthquake intensity attenuation.
    #[serde(default)]
    pub attenuation: AttenuationSpec,
    /// Building vulnerability classes and their fragility curves.
    #[serde(default = "default_fragility")]
    pub fragility: Vec<FragilitySpec>,
    /// Casualties from damaged buildings.
    #[serde(default)]
    pub casualties: CasualtySpec,
    /// Self- and mutual rescue by residents.
    #[serde(default)]
    pub local_rescue: LocalRescueSpec,
    /// Roads: speeds and damage.
    #[serde(default)]
    pub roads: RoadModelSpec,
    /// Ambulance transport of the injured.
    #[serde(default)]
    pub ambulance: AmbulanceSpec,
    /// Damage to comms towers.
    #[serde(default)]
    pub comms: CommsSpec,
    /// Landslides, debris flows, barrier lakes, floods, chemical releases, fires.
    #[serde(default)]
    pub secondary: SecondarySpec,
    /// Relief logistics.
    #[serde(default)]
    pub relief: ReliefSpec,
}

/// Parameters of the secondary hazards.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SecondarySpec {
    /// Intensity–duration threshold I = a·D^(−b) (mm/h, h): Caine 1980 a = 14.82, b = 0.39.
    pub rain_threshold_a: f64,
    pub rain_threshold_b: f64,
    /// Share of a place's residents buried by a landslide (trapped).
    pub landslide_buried: f64,
    /// Share displaced by a landslide.
    pub landslide_displaced: f64,
    /// Debris flows bury this many times more.
    pub debris_flow_factor: f64,
    /// Hours for a barrier lake to flood the place upstream: (min, max).
    pub barrier_fill_h: (f64, f64),
    /// Drowning mortality of people caught by a river flood.
    pub flood_mortality: f64,
    /// Drowning mortality in an outburst (flash) flood.
    pub outburst_mortality: f64,
    /// Injured share of people caught by a flood.
    pub flood_injured: f64,
    /// Radius of a chemical plume's danger zone downwind, km.
    pub chemical_zone_km: f64,
    /// Share of a site's workers killed by a release.
    pub chemical_worker_deaths: f64,
    /// Share of exposed residents seriously injured.
    pub chemical_injured: f64,
    /// Share of exposed residents killed.
    pub chemical_deaths: f64,
    /// Mortality of people caught by a forest fire front.
    pub fire_mortality: f64,
    /// Share of an aftershock's displaced people back in damaged homes, trapped by further
    /// collapse.
    pub collapse_trapped: f64,
}

impl Default for SecondarySpec {
    fn default() -> Self {
        SecondarySpec {
            rain_threshold_a: 14.82,
            rain_threshold_b: 0.39,
            landslide_buried: 0.004,
            landslide_displaced: 0.05,
            debris_flow_factor: 2.5,
            barrier_fill_h: (6.0, 24.0),
            flood_mortality: 0.002,
            outburst_mortality: 0.02,
            flood_injured: 0.01,
            chemical_zone_km: 3.0,
            chemical_worker_deaths: 0.02,
            chemical_injured: 0.01,
            chemical_deaths: 0.0005,
            fire_mortality: 0.01,
            collapse_trapped: 0.002,
        }
    }
}

/// Relief logistics.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReliefSpec {
    /// Relief kits (a tent place, a day's food and water) per truck.
    pub kits_per_vehicle: u32,
    /// Truck speed on an open county road, km/h.
    pub vehicle_speed_kmh: f64,
    /// Loading and unloading per trip.
    pub turnaround: Duration,
}

impl Default for ReliefSpec {
    fn default() -> Self {
        ReliefSpec {
            kits_per_vehicle: 400,
            vehicle_speed_kmh: 40.0,
            turnaround: Duration::minutes(40),
        }
    }
}

/// Comms towers fail on a lognormal fragility curve of the shaking at the tower.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CommsSpec {
    /// Median PGA (g) at which a tower fails (power loss, damage).
    pub tower_median_g: f64,
    /// Lognormal dispersion.
    pub beta: f64,
}

impl Default for CommsSpec {
    fn default() -> Self {
        CommsSpec {
            tower_median_g: 0.45,
            beta: 0.6,
        }
    }
}

impl Default for ModelsSpec {
    fn default() -> Self {
        ModelsSpec {
            survival: SurvivalSpec::default(),
            attenuation: AttenuationSpec::default(),
            fragility: default_fragility(),
            casualties: CasualtySpec::default(),
            local_rescue: LocalRescueSpec::default(),
            roads: RoadModelSpec::default(),
            ambulance: AmbulanceSpec::default(),
            comms: CommsSpec::default(),
            secondary: SecondarySpec::default(),
            relief: ReliefSpec::default(),
        }
    }
}

/// Weibull survival of trapped people, S(t) = exp(−(t/λ)^k).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SurvivalSpec {
    /// Shape k (Tangshan fit: 1.1).
    pub shape: f64,
    /// Scale λ in days (summer 2.2, winter or heavy collapse 1.4).
    pub scale_days: f64,
}

impl Default for SurvivalSpec {
    fn default() -> Self {
        SurvivalSpec {
            shape: 1.1,
            scale_days: 2.2,
        }
    }
}

/// Intensity attenuation, elliptical: I = a + b·M − c·lg(R + r0) on the long and short axes
/// (Wang Suyun et al. 2000, western China); the place's intensity is read on the ellipse.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AttenuationSpec {
    /// Long-axis coefficients.
    pub long_axis: AttenuationAxis,
    /// Short-axis coefficients.
    pub short_axis: AttenuationAxis,
    /// Azimuth of the long axis (fault strike), degrees clockwise from north.
    #[serde(default)]
    pub strike_deg: f64,
    /// Peak ground acceleration at intensity VII, g (GB/T 17742-2008: 0.125).
    pub pga_at_vii_g: f64,
    /// PGA multiplies by this for each intensity degree (GB/T 17742-2008: 2).
    pub pga_factor_per_degree: f64,
}

/// Coefficients of one axis of the attenuation relation.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AttenuationAxis {
    pub a: f64,
    pub b: f64,
    pub c: f64,
    pub r0: f64,
}

impl Default for AttenuationSpec {
    fn default() -> Self {
        AttenuationSpec {
            long_axis: AttenuationAxis {
                a: 5.253,
                b: 1.398,
                c: 4.164,
                r0: 26.0,
            },
            short_axis: AttenuationAxis {
                a: 2.019,
                b: 1.398,
                c: 2.943,
                r0: 8.0,
            },
            strike_deg: 0.0,
            pga_at_vii_g: 0.125,
            pga_factor_per_degree: 2.0,
        }
    }
}

/// HAZUS-style lognormal fragility of one building class.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FragilitySpec {
    /// Class id referenced by `housing`.
    pub class: String,
    /// Median PGA (g) for slight, moderate, extensive, complete damage.
    pub medians_g: Vec<f64>,
    /// Lognormal dispersion β.
    pub beta: f64,
    /// Share of completely damaged buildings that collapse.
    pub collapse_share: f64,
}

fn fragility(class: &str, medians_g: [f64; 4], collapse_share: f64) -> FragilitySpec {
    FragilitySpec {
        class: class.to_string(),
        medians_g: medians_g.to_vec(),
        beta: 0.64,
        collapse_share,
    }
}

/// DOMAIN.md §2 classes.
pub fn default_fragility() -> Vec<FragilitySpec> {
    vec![
        fragility("urm_precode", [0.13, 0.17, 0.26, 0.37], 0.15),
        fragility("urm_lowcode", [0.14, 0.20, 0.32, 0.46], 0.15),
        fragility("rc_frame_lowcode", [0.12, 0.15, 0.27, 0.45], 0.13),
        fragility("shear_wall_modcode", [0.18, 0.30, 0.49, 0.87], 0.10),
        fragility("wood_highcode", [0.26, 0.55, 1.28, 2.01], 0.03),
    ]
}

/// Casualties among occupants of damaged buildings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CasualtySpec {
    /// Residents indoors at night (22:00–06:00).
    pub occupancy_night: f64,
    /// Residents indoors by day.
    pub occupancy_day: f64,
    /// People per building.
    pub household_size: f64,
    /// Occupants of collapsed buildings killed outright.
    pub killed_in_collapse: f64,
    /// Occupants of collapsed buildings trapped alive.
    pub trapped_in_collapse: f64,
    /// Occupants of collapsed buildings injured but not trapped.
    pub injured_in_collapse: f64,
    /// Share of trapped people who are heavily trapped (need a team).
    pub heavily_trapped_share: f64,
    /// Occupants of completely damaged, not collapsed buildings injured.
    pub injured_in_complete: f64,
    /// Occupants of extensively damaged buildings injured.
    pub injured_in_extensive: f64,
    /// Share of people freed alive who are injured and need hospital care.
    pub rescued_injured_share: f64,
}

impl Default for CasualtySpec {
    fn default() -> Self {
        CasualtySpec {
            occupancy_night: 0.95,
            occupancy_day: 0.45,
            household_size: 3.1,
            killed_in_collapse: 0.10,
            trapped_in_collapse: 0.35,
            injured_in_collapse: 0.25,
            heavily_trapped_share: 0.3,
            injured_in_complete: 0.05,
            injured_in_extensive: 0.005,
            rescued_injured_share: 0.6,
        }
    }
}

/// Self- and mutual rescue by residents of lightly trapped people.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LocalRescueSpec {
    /// Chance a lightly trapped person is freed by neighbours in an ordinary community.
    pub freed_share_basic: f64,
    /// The same in a demonstration community.
    pub freed_share_demonstration: f64,
    /// Mean time until neighbours free someone they will free (exponential).
    pub mean_time: super::units::Duration,
    /// How many times faster a team frees a lightly trapped person than a heavily trapped one.
    pub light_speedup: f64,
}

impl Default for LocalRescueSpec {
    fn default() -> Self {
        LocalRescueSpec {
            freed_share_basic: 0.8,
            freed_share_demonstration: 0.92,
            mean_time: super::units::Duration::minutes(90),
            light_speedup: 4.0,
        }
    }
}

/// Road speeds and earthquake damage to links.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoadModelSpec {
    /// Free-flow speed multiplier by class relative to a team's county-road speed:
    /// expressway, national, provincial, county, village.
    pub class_speed_factor: Vec<f64>,
    /// Speed factor on a degraded link (damaged mountain road ≈ 20 km/h of 50).
    pub degraded_speed_factor: f64,
    /// Median PGA (g) at which a flat/hilly link is degraded.
    pub degrade_median_g: f64,
    /// Median PGA (g) at which a flat/hilly link is blocked.
    pub block_median_g: f64,
    /// Medians are divided by this on `Mountain` links.
    pub mountain_susceptibility: f64,
    /// Lognormal dispersion of road damage.
    pub beta: f64,
    /// Clearance work (team-hours) to reopen a blocked link: (min, max), uniform.
    pub clear_work_hours: (f64, f64),
}

impl Default for RoadModelSpec {
    fn default() -> Self {
        RoadModelSpec {
            class_speed_factor: vec![1.6, 1.2, 1.0, 0.9, 0.6],
            degraded_speed_factor: 0.4,
            degrade_median_g: 0.35,
            block_median_g: 0.7,
            mountain_susceptibility: 2.0,
            beta: 0.6,
            clear_work_hours: (2.0, 10.0),
        }
    }
}

/// Ambulance transport of the injured to hospital.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AmbulanceSpec {
    /// Patients per trip.
    pub capacity: u32,
    /// Ambulance speed on an open county road, km/h.
    pub speed_kmh: f64,
    /// Loading and hand-over time per trip.
    pub turnaround: super::units::Duration,
}

impl Default for AmbulanceSpec {
    fn default() -> Self {
        AmbulanceSpec {
            capacity: 4,
            speed_kmh: 50.0,
            turnaround: super::units::Duration::minutes(20),
        }
    }
}
