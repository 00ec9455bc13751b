//! Raw serde types for scenario files, exactly as written in RON.
//!
//! Every type here is a `*Spec`: it mirrors the file, rejects unknown fields and carries a doc
//! comment per field (they are the source of `docs/scenario-format.md`). Nothing here is checked
//! beyond its syntax; [`super::validate`] turns a set of specs into a [`super::Scenario`] with ids
//! resolved, or into a list of diagnostics.

//!
//! One file per part of a scenario, as `DocumentSpec` names them; every type is re-exported here,
//! so `scenario::spec::X` names each of them.

mod facilities;
mod forces;
mod grading;
mod hazards;
mod models;
mod organisation;
mod plan;
mod region;
mod targets;

use serde::{Deserialize, Serialize};

use super::units::{Duration, TimeOfDay};

pub use facilities::*;
pub use forces::*;
pub use grading::*;
pub use hazards::*;
pub use models::*;
pub use organisation::*;
pub use plan::*;
pub use region::*;
pub use targets::*;

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
