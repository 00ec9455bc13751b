//! Forces: response teams and their capabilities.

use serde::{Deserialize, Serialize};

pub use crate::scenario::model::{Capability, Ladder, Level, TeamKind};

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
    /// Place id of its base. For a reinforcement echelon (`echelon`), the entry point where it
    /// comes onto the region's map (e.g. where the expressway enters).
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
    /// A reinforcement echelon held off the map by an HQ: released by a declared level or a
    /// granted request for support, it mobilises (`mobilisation`), approaches (`approach`) and
    /// enters at `base`; then it travels the roads as any team.
    #[serde(default)]
    pub echelon: Option<EchelonSpec>,
}

/// A reinforcement echelon (增援梯队) held by an HQ, off the region's map.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EchelonSpec {
    /// The organisation node that holds it (e.g. `"province"`): it grants it to a request for
    /// support; the county HQ it is sent to commands it on arrival.
    pub held_by: String,
    /// Time from leaving its own base, once mobilised, to the entry point.
    pub approach: Duration,
    /// What releases it: a level declared at an HQ on a ladder, a granted request for support, or
    /// both (whichever comes first). Empty: only a person's order releases it.
    #[serde(default)]
    pub released_by: Vec<ReleaseSpec>,
}

/// What releases an echelon.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum ReleaseSpec {
    /// A level at least as severe as `level` in force at HQ `hq` on `ladder`.
    Level {
        hq: String,
        ladder: Ladder,
        level: Level,
    },
    /// A request for support granted by the holding HQ (`request-support`).
    Request,
}
