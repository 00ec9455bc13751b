//! The exercise file as written (serde types, `deny_unknown_fields`).

use serde::Deserialize;

use crate::scenario::Duration;

/// The exercise file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseSpec {
    /// Short name shown on screen and in the after-action report.
    pub name: String,
    /// Title in Chinese.
    #[serde(default)]
    pub title_zh: String,
    /// Title in English.
    #[serde(default)]
    pub title_en: String,
    /// What the exercise practises and for whom.
    #[serde(default)]
    pub description: String,
    /// The scenario the exercise is written for (informative; the drill runs the scenario it is
    /// given on the command line).
    #[serde(default)]
    pub scenario: Option<String>,
    /// Planned length of play, e.g. `"3h"`; the clock pauses when it is reached.
    pub duration: Duration,
    /// Roles the exercise expects people to play (others are played by the plan's doctrine).
    #[serde(default)]
    pub players: Vec<String>,
    /// Objectives (capabilities) evaluators rate P/S/M/U.
    #[serde(default)]
    pub objectives: Vec<ObjectiveSpec>,
    /// The injects.
    #[serde(default)]
    pub injects: Vec<InjectSpec>,
}

/// An exercise objective.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveSpec {
    pub id: String,
    pub zh: String,
    pub en: String,
}

/// One inject as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InjectSpec {
    pub id: String,
    pub trigger: TriggerSpec,
    /// Who the message claims to come from (an actor the controller plays).
    pub from: String,
    pub channel: Channel,
    /// The recipient role: `county-commander`, a specialised HQ, a command node id.
    pub to: String,
    /// Text in Chinese.
    pub zh: String,
    /// Text in English.
    pub en: String,
    /// The objective this inject tests.
    #[serde(default)]
    pub objective: Option<String>,
    /// Actions the recipient is expected to take, each within a time of delivery.
    #[serde(default)]
    pub expects: Vec<ExpectSpec>,
    /// Contingency inject fired when an expected action is missed.
    #[serde(default)]
    pub on_missed: Option<String>,
    /// An order the simulated actor carries out when the inject is delivered (same grammar as
    /// the order line), e.g. `request-aid military` for "the military region has sent a unit".
    #[serde(default)]
    pub order: Option<String>,
}

/// When an inject is delivered.
#[derive(Debug, Clone, Deserialize)]
pub enum TriggerSpec {
    /// At a simulated time from the start.
    At(Duration),
    /// A delay after another inject was delivered.
    After { inject: String, delay: Duration },
    /// When a condition on the simulation first holds.
    When(ConditionSpec),
    /// Only when another inject's expected action is missed.
    Contingency,
}

/// Conditions on the simulation an inject can wait for.
#[derive(Debug, Clone, Deserialize)]
pub enum ConditionSpec {
    /// Deaths (ground truth) at least N.
    DeathsAtLeast(u32),
    /// People trapped so far (ground truth) at least N.
    TrappedAtLeast(u32),
    /// Road links blocked at once at least N.
    RoadsBlockedAtLeast(u32),
    /// A response level has been declared.
    LevelDeclared,
    /// A role knows of at least N incidents.
    IncidentsKnown { role: String, at_least: u32 },
}

/// How a message reaches its recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
pub enum Channel {
    Phone,
    SatellitePhone,
    Radio,
    Fax,
    Written,
    Runner,
    FaceToFace,
    Media,
    Sms,
}

impl Channel {
    /// The channel's label in Chinese and English.
    pub fn label(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Channel::Phone, true) => "电话",
            (Channel::Phone, false) => "phone",
            (Channel::SatellitePhone, true) => "卫星电话",
            (Channel::SatellitePhone, false) => "sat phone",
            (Channel::Radio, true) => "电台",
            (Channel::Radio, false) => "radio",
            (Channel::Fax, true) => "传真",
            (Channel::Fax, false) => "fax",
            (Channel::Written, true) => "书面",
            (Channel::Written, false) => "written",
            (Channel::Runner, true) => "专人",
            (Channel::Runner, false) => "runner",
            (Channel::FaceToFace, true) => "当面",
            (Channel::FaceToFace, false) => "in person",
            (Channel::Media, true) => "媒体",
            (Channel::Media, false) => "media",
            (Channel::Sms, true) => "短信",
            (Channel::Sms, false) => "SMS",
        }
    }
}

/// An expected action as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectSpec {
    /// An order pattern, e.g. `"declare level"` or `"dispatch * to t06"`.
    pub action: String,
    /// Deadline after delivery.
    pub within: Duration,
}
