//! Teams, their kinds and capabilities.

use serde::{Deserialize, Serialize};

use super::PlaceIndex;

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
    /// A reinforcement echelon held off the map (its `base` is its entry point).
    pub echelon: Option<Echelon>,
}

/// A validated reinforcement echelon.
#[derive(Debug, Clone, PartialEq)]
pub struct Echelon {
    /// The command node that holds it.
    pub held_by: usize,
    /// Minutes from leaving its own base to the entry point.
    pub approach_min: u32,
    /// Levels that release it: (HQ node, ladder, the least severe level that does).
    pub on_level: Vec<(usize, super::Ladder, super::Level)>,
    /// Whether a granted request for support releases it.
    pub on_request: bool,
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
