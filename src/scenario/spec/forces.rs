//! Forces: response teams and their capabilities.

use serde::{Deserialize, Serialize};

pub use crate::scenario::model::{Capability, TeamKind};

use crate::scenario::units::Duration;

/// Response teams.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ForcesSpec {
    /// Every team the county can call on.
    pub teams: Vec<TeamSpec>,
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
