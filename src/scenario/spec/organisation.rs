//! The organisation: command nodes and who reports to whom.

use serde::{Deserialize, Serialize};

pub use crate::scenario::model::CommandKind;

/// Headquarters and the command chain.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationSpec {
    /// Command nodes; exactly one `CountyHq`, and any HQs above it.
    pub nodes: Vec<CommandNodeSpec>,
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
    /// The node it reports to; none for the top of the chain (the county HQ, or the highest HQ
    /// above it: prefecture, province or nation).
    #[serde(default)]
    pub parent: Option<String>,
    /// Place id where it sits. An HQ above the county (`PrefectureHq`, `ProvincialHq`,
    /// `NationalHq`) may leave it out: it is off the region's map.
    #[serde(default)]
    pub place: Option<String>,
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
