//! The plan: preposition, warning, reporting, response levels, command, field command and dispatch.

use serde::{Deserialize, Serialize};

pub use crate::scenario::model::{
    DispatchRule, Level, TaskKind, WarningArea, WarningLevel, WarningTrigger,
};

use super::{DepotSpec, Tag, TeamKind};
use crate::scenario::units::Duration;

/// The plan (预案) under test: the doctrine that plays every role no person plays.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanSpec {
    /// Name of the plan, shown in results.
    pub name: String,
    /// What distinguishes this plan.
    #[serde(default)]
    pub description: String,
    /// How teams are dispatched.
    pub dispatch: DispatchSpec,
    /// Reporting duty: who notices incidents, how fast reports climb, their deadlines.
    #[serde(default)]
    pub reporting: ReportingSpec,
    /// Graded response: which forces each response level unlocks.
    #[serde(default)]
    pub response: ResponseSpec,
    /// Command timing: decisions, orders down the chain, team status reports.
    #[serde(default)]
    pub command: CommandSpec,
    /// The field-commander protocol (现场指挥官制度) and its deadlines.
    #[serde(default)]
    pub field_command: FieldCommandSpec,
    /// Warning rules, channels and evacuation.
    #[serde(default)]
    pub warning: WarningPlanSpec,
    /// Teams and stock the plan places in advance (预置).
    #[serde(default)]
    pub preposition: PrepositionSpec,
}

/// Pre-positioning: teams based elsewhere and relief stock placed before the disaster.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PrepositionSpec {
    /// Teams moved to another base.
    #[serde(default)]
    pub teams: Vec<MoveTeamSpec>,
    /// Forward stock points the plan sets up.
    #[serde(default)]
    pub depots: Vec<DepotSpec>,
}

/// A team moved to another base.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MoveTeamSpec {
    /// The team (id in forces.teams).
    pub team: String,
    /// Its base under this plan (a place id).
    pub base: String,
}

/// A warning rule.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WarningRuleSpec {
    pub trigger: WarningTrigger,
    /// Only at places with all these tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
    pub level: WarningLevel,
    #[serde(default = "default_area")]
    pub area: WarningArea,
    /// An evacuation order (转移避险) rather than an advisory.
    #[serde(default)]
    pub evacuate: bool,
}

fn default_area() -> WarningArea {
    WarningArea::Place
}

/// A warning channel.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelSpec {
    /// Name: SMS, siren, village broadcast, door-to-door…
    pub name: String,
    /// Share of people it reaches.
    pub reach: f64,
    /// Delay from the warning to reaching them.
    pub delay: Duration,
}

/// Warning rules, channels, compliance and evacuation.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WarningPlanSpec {
    #[serde(default)]
    pub rules: Vec<WarningRuleSpec>,
    pub channels: Vec<ChannelSpec>,
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

impl Default for WarningPlanSpec {
    fn default() -> Self {
        WarningPlanSpec {
            rules: Vec::new(),
            channels: vec![
                ChannelSpec {
                    name: "SMS".into(),
                    reach: 0.7,
                    delay: Duration::minutes(5),
                },
                ChannelSpec {
                    name: "siren".into(),
                    reach: 0.5,
                    delay: Duration::minutes(2),
                },
                ChannelSpec {
                    name: "village broadcast".into(),
                    reach: 0.6,
                    delay: Duration::minutes(15),
                },
                ChannelSpec {
                    name: "door-to-door".into(),
                    reach: 0.9,
                    delay: Duration::minutes(90),
                },
            ],
            comply_advisory: 0.5,
            comply_order: 0.85,
            demonstration_bonus: 0.08,
            departure_median: Duration::minutes(45),
            evacuation_speed_kmh: 4.0,
        }
    }
}

/// Reporting duty (信息报送): initial, follow-up and verified reports (初报/续报/核报).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReportingSpec {
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

impl Default for ReportingSpec {
    fn default() -> Self {
        ReportingSpec {
            phone_deadline: Duration::minutes(30),
            written_deadline: Duration::minutes(60),
            followup_every: Duration::minutes(120),
            verified_within: Duration::minutes(360),
            notice_mean: Duration::minutes(10),
            missed_share: 0.05,
            sweep_after: Duration::minutes(360),
            written_prep: Duration::minutes(20),
            phone_hop: Duration::minutes(5),
            satellite_hop: Duration::minutes(15),
            runner_speed_kmh: 5.0,
            direct_report_at: 10,
        }
    }
}

/// Graded response: forces held until a level is declared.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    /// Teams of a kind stay unavailable until a level at least this severe is declared
    /// (e.g. mutual aid at Ⅲ, military at Ⅱ). Kinds not listed are always available.
    #[serde(default)]
    pub activation: Vec<ActivationSpec>,
    /// Time for the county HQ to learn an earthquake's magnitude (the seismic quick report).
    #[serde(default = "default_quick_report")]
    pub quake_quick_report: Duration,
}

impl Default for ResponseSpec {
    fn default() -> Self {
        ResponseSpec {
            activation: Vec::new(),
            quake_quick_report: default_quick_report(),
        }
    }
}

fn default_quick_report() -> Duration {
    Duration::minutes(10)
}

/// One activation rule.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActivationSpec {
    /// Kind of team held back.
    pub kind: TeamKind,
    /// The least severe level that releases it.
    pub level: Level,
}

/// Command timing.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CommandSpec {
    /// Time a commander within span of control takes to decide.
    pub decision: Duration,
    /// Latency of an order from a headquarters to a team.
    pub order_latency: Duration,
    /// Latency of a team's status report (arrived, available) to its headquarters.
    pub team_report: Duration,
}

impl Default for CommandSpec {
    fn default() -> Self {
        CommandSpec {
            decision: Duration::minutes(5),
            order_latency: Duration::minutes(5),
            team_report: Duration::minutes(5),
        }
    }
}

/// The field-commander protocol, played by the doctrine when no person plays it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FieldCommandSpec {
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

impl Default for FieldCommandSpec {
    fn default() -> Self {
        FieldCommandSpec {
            post_at_trapped: 10,
            setup_within: Duration::minutes(30),
            sizeup_within: Duration::minutes(15),
            sitrep_every: Duration::minutes(30),
            setup_delay_min: (10, 40),
        }
    }
}

/// Dispatch doctrine.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DispatchSpec {
    /// How teams are chosen.
    pub rule: DispatchRule,
    /// Tasks in the order they get teams.
    #[serde(default = "default_priorities")]
    pub priorities: Vec<TaskKind>,
    /// Most teams sent to one rescue site at once.
    #[serde(default = "default_max_teams_per_site")]
    pub max_teams_per_site: u32,
    /// Teams held back in reserve at their bases (kept out of automatic dispatch), 0..1.
    #[serde(default)]
    pub reserve_share: f64,
}

fn default_priorities() -> Vec<TaskKind> {
    vec![TaskKind::Rescue, TaskKind::RoadClearing]
}
fn default_max_teams_per_site() -> u32 {
    3
}
