//! Forces: response teams and their capabilities.

use serde::{Deserialize, Serialize};

use crate::scenario::units::Duration;

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
