//! The organisation: command nodes and who reports to whom.

use serde::{Deserialize, Serialize};

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
