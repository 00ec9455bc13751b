//! The plan: dispatch, warning, reporting, graded response, command and field command.

use serde::{Deserialize, Serialize};

use super::{HazardKind, Tag, TeamKind};
use crate::scenario::units::Duration;

/// A validated plan.
#[derive(Debug, Clone)]
pub struct Plan {
    pub name: String,
    pub description: String,
    pub dispatch: Dispatch,
    pub reporting: Reporting,
    pub response: Response,
    pub command: Command,
    pub field_command: FieldCommand,
    pub warning: WarningPlan,
}

#[derive(Debug, Clone)]
pub struct Dispatch {
    pub rule: DispatchRule,
    pub priorities: Vec<TaskKind>,
    pub max_teams_per_site: u32,
    pub reserve_share: f64,
}

/// Warning colours (预警级别).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub enum WarningLevel {
    Blue,
    Yellow,
    Orange,
    Red,
}

/// What sets a warning rule off.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub enum WarningTrigger {
    /// Monitoring forecasts a hazard of this kind at a place.
    Forecast(HazardKind),
    /// Rain accumulated at a place reaches this many mm.
    RainAbove(f64),
}

/// Which places a warning covers.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub enum WarningArea {
    /// The place where the rule was set off.
    Place,
    /// The place and every place in the same town.
    Town,
}

/// A response level: Ⅰ (特别重大, most severe) to Ⅳ (一般).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Level {
    I,
    II,
    III,
    IV,
}

impl Level {
    /// 1 for Ⅰ … 4 for Ⅳ (1 is the most severe).
    pub fn number(self) -> u8 {
        match self {
            Level::I => 1,
            Level::II => 2,
            Level::III => 3,
            Level::IV => 4,
        }
    }

    /// The level for 1–4.
    pub fn from_number(n: u8) -> Option<Level> {
        match n {
            1 => Some(Level::I),
            2 => Some(Level::II),
            3 => Some(Level::III),
            4 => Some(Level::IV),
            _ => None,
        }
    }

    /// Ⅰ, Ⅱ, Ⅲ, Ⅳ.
    pub fn roman(self) -> &'static str {
        match self {
            Level::I => "Ⅰ",
            Level::II => "Ⅱ",
            Level::III => "Ⅲ",
            Level::IV => "Ⅳ",
        }
    }

    /// Whether this level is at least as severe as `other`.
    pub fn at_least(self, other: Level) -> bool {
        self <= other
    }
}

/// A response ladder (响应序列). For an earthquake China runs two at once at every level of
/// government: the earthquake response (地震应急响应, 一级…四级, led by the earthquake relief HQs)
/// and the disaster-relief response (救灾应急响应, Ⅰ…Ⅳ, led by the disaster reduction committees).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Ladder {
    /// 地震应急响应: 一级 (most severe) … 四级.
    Earthquake,
    /// 救灾应急响应: Ⅰ级 (most severe) … Ⅳ级.
    Relief,
}

impl Ladder {
    /// Both ladders, the earthquake response first.
    pub const ALL: [Ladder; 2] = [Ladder::Earthquake, Ladder::Relief];

    /// The ladder's name in Chinese and English.
    pub fn labels(self) -> (&'static str, &'static str) {
        match self {
            Ladder::Earthquake => ("地震应急响应", "earthquake response"),
            Ladder::Relief => ("救灾应急响应", "disaster-relief response"),
        }
    }

    /// A level as this ladder writes it: 一级…四级 for the earthquake response, Ⅰ级…Ⅳ级 for
    /// disaster relief.
    pub fn level_name(self, level: Level) -> &'static str {
        match (self, level) {
            (Ladder::Earthquake, Level::I) => "一级",
            (Ladder::Earthquake, Level::II) => "二级",
            (Ladder::Earthquake, Level::III) => "三级",
            (Ladder::Earthquake, Level::IV) => "四级",
            (Ladder::Relief, Level::I) => "Ⅰ级",
            (Ladder::Relief, Level::II) => "Ⅱ级",
            (Ladder::Relief, Level::III) => "Ⅲ级",
            (Ladder::Relief, Level::IV) => "Ⅳ级",
        }
    }
}

/// Rule by which the doctrine picks teams.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum DispatchRule {
    /// For each task in priority order (most trapped first), the nearest capable available team.
    NearestCapable,
    /// Dispatch nothing automatically (a do-nothing baseline, or everything by scripted orders).
    Manual,
}

/// A kind of task the doctrine dispatches teams to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum TaskKind {
    /// Extricating trapped people at a collapse site.
    Rescue,
    /// Clearing a blocked road link.
    RoadClearing,
}

/// A warning rule.
#[derive(Debug, Clone, PartialEq)]
pub struct WarningRule {
    pub trigger: WarningTrigger,
    /// Only at places with all these tags.
    pub tags: Vec<Tag>,
    pub level: WarningLevel,
    pub area: WarningArea,
    /// An evacuation order (转移避险) rather than an advisory.
    pub evacuate: bool,
}

/// A warning channel.
#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    /// Name: SMS, siren, village broadcast, door-to-door…
    pub name: String,
    /// Share of people it reaches.
    pub reach: f64,
    /// Delay from the warning to reaching them.
    pub delay: Duration,
}

/// Warning rules, channels, compliance and evacuation.
#[derive(Debug, Clone, PartialEq)]
pub struct WarningPlan {
    pub rules: Vec<WarningRule>,
    pub channels: Vec<Channel>,
    /// Share of warned people who leave on an advisory.
    pub comply_advisory: f64,
    /// Share who leave on an evacuation order.
    pub comply_order: f64,
    /// Added to compliance in demonstration communities.
    pub demonstration_bonus: f64,
    /// Median delay from being warned to leaving (S-shaped departures).
    pub departure_median: Duration,
    /// Walking speed of evacuees, km/h.
    pub evacuation_speed_kmh: f64,
}

/// Reporting duty (信息报送): initial, follow-up and verified reports (初报/续报/核报).
#[derive(Debug, Clone, PartialEq)]
pub struct Reporting {
    /// The initial report by phone must reach the county HQ within this time of the incident.
    pub phone_deadline: Duration,
    /// The written initial report must reach the county HQ within this time of the incident.
    pub written_deadline: Duration,
    /// Follow-up reports are due this often while an incident is open.
    pub followup_every: Duration,
    /// The verified report is due this long after an incident closes.
    pub verified_within: Duration,
    /// Mean time for a village information officer to notice an incident (exponential).
    pub notice_mean: Duration,
    /// Share of incidents nobody notices until a survey sweep.
    pub missed_share: f64,
    /// When missed incidents are found by the survey sweep, after onset.
    pub sweep_after: Duration,
    /// Time to prepare a written report after the phone report.
    pub written_prep: Duration,
    /// Latency of one hop up the chain by phone.
    pub phone_hop: Duration,
    /// Latency of one hop by satellite phone when comms are down (towns and HQs have them).
    pub satellite_hop: Duration,
    /// Speed of a runner carrying a report when there is no phone at all, km/h.
    pub runner_speed_kmh: f64,
    /// Report straight to the county HQ (直报), skipping the town, when a village estimates at
    /// least this many dead or trapped.
    pub direct_report_at: u32,
}

/// Graded response: forces held until a level is declared.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// Teams of a kind stay unavailable until a level at least this severe is declared
    /// (e.g. mutual aid at Ⅲ, military at Ⅱ). Kinds not listed are always available.
    pub activation: Vec<Activation>,
    /// Time for the county HQ to learn an earthquake's magnitude (the seismic quick report).
    pub quake_quick_report: Duration,
}

/// One activation rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Activation {
    /// Kind of team held back.
    pub kind: TeamKind,
    /// The least severe level that releases it.
    pub level: Level,
}

/// Command timing.
#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    /// Time a commander within span of control takes to decide.
    pub decision: Duration,
    /// Latency of an order from a headquarters to a team.
    pub order_latency: Duration,
    /// Latency of a team's status report (arrived, available) to its headquarters.
    pub team_report: Duration,
}

/// The field-commander protocol, played by the doctrine when no person plays it.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldCommand {
    /// Incidents with at least this many trapped get a field command post (现场指挥部).
    pub post_at_trapped: u32,
    /// The post must be set up within this time of the first team's arrival.
    pub setup_within: Duration,
    /// The size-up report is due this long after the post is set up.
    pub sizeup_within: Duration,
    /// Situation reports are due this often while the post is open.
    pub sitrep_every: Duration,
    /// The doctrine's field commander sets the post up after a delay drawn uniformly from this
    /// range (min, max) of minutes after arrival.
    pub setup_delay_min: (u32, u32),
}
