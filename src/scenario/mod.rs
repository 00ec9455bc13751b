//! Scenario files → a validated [`Scenario`].
//!
//! A scenario is a RON file that starts with `Scenario(...)` and gives its parts (region,
//! facilities, forces, organisation, hazards, plan, targets, models) inline or through
//! `include: [...]`. [`load`] reads it, resolves includes, checks every value and returns either
//! a [`Scenario`] whose references are indices (plus warnings) or every diagnostic at once.
//!
//! ```no_run
//! let loaded = drillsim::scenario::load(std::path::Path::new("scenarios/small-town.ron"), None)
//!     .expect("valid scenario");
//! assert!(loaded.scenario.region.places.len() > 1);
//! ```

pub mod diagnostic;
pub mod load;
pub mod overrides;
pub mod spec;
pub mod units;
mod validate;

use std::path::Path;

pub use diagnostic::{Diagnostic, Diagnostics, Location, Severity};
pub use spec::{
    Capability, CommandKind, DispatchRule, HazardousKind, Level, Measure, ModelsSpec, PlaceKind,
    Preparedness, RoadClass, StocksSpec, Tag, TargetsSpec, TaskKind, TeamKind,
};
pub use units::{Duration, TimeOfDay};

use load::{FileSource, FileSystem};

/// Index of a place in [`Region::places`].
pub type PlaceIndex = usize;

/// A validated scenario: every reference resolved, every number in range.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub start_time: TimeOfDay,
    /// Default run length, minutes.
    pub duration_min: u32,
    /// Tick length, minutes.
    pub tick_min: u32,
    pub region: Region,
    pub facilities: Facilities,
    pub teams: Vec<Team>,
    pub organisation: Vec<CommandNode>,
    pub hazards: Vec<Hazard>,
    /// Cascade rules: which hazard triggers which.
    pub cascades: Vec<spec::CascadeSpec>,
    /// Monitoring and forecasting per hazard kind.
    pub monitoring: Vec<spec::MonitoringSpec>,
    /// Direction the wind blows from, degrees clockwise from north.
    pub wind_from_deg: f64,
    pub plan: Plan,
    pub targets: TargetsSpec,
    pub models: ModelsSpec,
    /// Grading tables for response levels.
    pub grading: spec::GradingSpec,
}

/// Places and roads.
#[derive(Debug, Clone)]
pub struct Region {
    pub name: String,
    pub places: Vec<Place>,
    pub roads: Vec<Road>,
    pub rivers: Vec<River>,
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
    pub stocks: StocksSpec,
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

/// A validated team.
#[derive(Debug, Clone)]
pub struct Team {
    pub id: String,
    pub name: String,
    pub kind: TeamKind,
    pub size: u32,
    pub base: PlaceIndex,
    pub speed_kmh: f64,
    /// Capabilities with work rates, sorted by capability.
    pub capabilities: Vec<(Capability, f64)>,
    pub mobilisation_min: u32,
    pub shift_min: u32,
    pub rest_min: u32,
}

impl Team {
    /// The team's work rate for `capability`, if it has it.
    pub fn rate(&self, capability: Capability) -> Option<f64> {
        self.capabilities
            .iter()
            .find(|(c, _)| *c == capability)
            .map(|(_, r)| *r)
    }
}

/// A validated command node.
#[derive(Debug, Clone)]
pub struct CommandNode {
    pub id: String,
    pub name: String,
    pub kind: CommandKind,
    /// Index into [`Scenario::organisation`].
    pub parent: Option<usize>,
    pub place: PlaceIndex,
    pub span_of_control: u32,
    pub duty_staff: u32,
}

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
    pub aftershocks: Option<spec::AftershockSpec>,
}

/// A validated plan.
#[derive(Debug, Clone)]
pub struct Plan {
    pub name: String,
    pub description: String,
    pub dispatch: Dispatch,
    pub reporting: spec::ReportingSpec,
    pub response: spec::ResponseSpec,
    pub command: spec::CommandSpec,
    pub field_command: spec::FieldCommandSpec,
    pub warning: spec::WarningPlanSpec,
}

#[derive(Debug, Clone)]
pub struct Dispatch {
    pub rule: DispatchRule,
    pub priorities: Vec<TaskKind>,
    pub max_teams_per_site: u32,
    pub reserve_share: f64,
}

/// A scenario and the warnings found while loading it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub scenario: Scenario,
    pub warnings: Diagnostics,
}

/// Loads and validates the scenario at `path`; `plan` replaces its plan (`--plan`).
pub fn load(path: &Path, plan: Option<&Path>) -> Result<Loaded, Diagnostics> {
    let shown = path.display().to_string();
    let text = load::read_text(path).map_err(|d| Diagnostics { items: vec![d] })?;
    load_with(&text, &shown, &FileSystem, plan)
}

/// Loads a scenario from its root text; includes are read through `source`.
pub fn load_with(
    text: &str,
    file: &str,
    source: &dyn FileSource,
    plan: Option<&Path>,
) -> Result<Loaded, Diagnostics> {
    load_with_overrides(text, file, source, plan, &[])
}

/// Loads the scenario at `path` with `--plan` and `--set` overrides applied before validation.
pub fn load_overridden(
    path: &Path,
    plan: Option<&Path>,
    overrides: &[overrides::Override],
) -> Result<Loaded, Diagnostics> {
    let shown = path.display().to_string();
    let text = load::read_text(path).map_err(|d| Diagnostics { items: vec![d] })?;
    load_with_overrides(&text, &shown, &FileSystem, plan, overrides)
}

/// [`load_with`] plus overrides.
pub fn load_with_overrides(
    text: &str,
    file: &str,
    source: &dyn FileSource,
    plan: Option<&Path>,
    overrides: &[overrides::Override],
) -> Result<Loaded, Diagnostics> {
    let mut assembled = load::assemble(text, file, source, plan)?;
    let problems = overrides::apply(&mut assembled, overrides);
    if !problems.is_empty() {
        return Err(Diagnostics { items: problems });
    }
    validate::validate(&assembled)
}

/// Loads a self-contained scenario from text (no includes), as tests and fuzzers do.
pub fn load_str(text: &str, file: &str) -> Result<Loaded, Diagnostics> {
    struct NoFiles;
    impl FileSource for NoFiles {
        fn read(&self, path: &Path) -> Result<String, Diagnostic> {
            Err(Diagnostic::file_error(
                &path.display().to_string(),
                "cannot be included here: this scenario was given as text",
            ))
        }
    }
    load_with(text, file, &NoFiles, None)
}

/// Checks any drillsim file: a whole scenario (with its includes) or a single part.
/// Returns every diagnostic; the file is valid when none is an error.
pub fn check_file(path: &Path) -> Diagnostics {
    let shown = path.display().to_string();
    match load::read_text(path) {
        Ok(text) => check_text(&text, &shown),
        Err(d) => Diagnostics { items: vec![d] },
    }
}

/// [`check_file`] on text already read; `shown` names the file (its includes are read relative
/// to it).
pub fn check_text(text: &str, shown: &str) -> Diagnostics {
    match load::parse_document(text, shown) {
        Err(d) => Diagnostics { items: vec![d] },
        Ok(spec::DocumentSpec::Scenario(_)) => match load_with(text, shown, &FileSystem, None) {
            Ok(loaded) => loaded.warnings,
            Err(diagnostics) => diagnostics,
        },
        Ok(part) => validate::validate_part(&part, shown),
    }
}
