//! Command nodes, their kinds and parents.

use serde::{Deserialize, Serialize};

use super::PlaceIndex;

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
