//! What the UI is sent: the fixed [`StaticInfo`] of a drill and each frame's [`Snapshot`].

use crate::sim::command::LinkState;
use crate::sim::command::TeamStatusKind;
use crate::sim::{Better, Kpi};

use crate::drill::msel::InjectStatus;

use crate::drill::i18n::Lang;

/// What stays fixed for a drill: the map's geometry and the ids the order line completes.
#[derive(Debug, Clone)]
pub struct StaticInfo {
    pub scenario_name: String,
    pub exercise_name: Option<String>,
    pub role: String,
    /// The seat's name in the scenario's organisation (`青山镇应急指挥部`), if it has one.
    pub role_name: Option<String>,
    /// The place the seat sits at (its command node's), as an index into `places`.
    pub role_place: Option<usize>,
    pub controller: bool,
    pub lang: Lang,
    /// Minute of day at simulated minute 0.
    pub start_minute_of_day: u32,
    pub places: Vec<PlaceInfo>,
    /// Road endpoints (place indices) and ids.
    pub roads: Vec<(usize, usize, String)>,
    pub teams: Vec<(String, String)>,
    /// Bounds of the map, km: (x_min, x_max, y_min, y_max).
    pub bounds: (f64, f64, f64, f64),
    pub vocabulary: crate::drill::line::Vocabulary,
    pub journal: Option<String>,
    /// What a person in this role takes over from the doctrine (shown in help and the AAR).
    pub manual_dispatch: bool,
}

/// A place on the map.
#[derive(Debug, Clone)]
pub struct PlaceInfo {
    pub id: String,
    pub name: String,
    pub x_km: f64,
    pub y_km: f64,
    /// 0 county seat, 1 town, 2 village.
    pub rank: u8,
    /// The place it belongs to (a village's town), as an index into `places`.
    pub parent: Option<usize>,
}

/// An incident row.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentRow {
    pub incident: String,
    pub place: String,
    pub place_name: String,
    pub trapped: u32,
    /// Deaths verified, as reported (the controller: every death).
    pub dead: u32,
    /// People unaccounted for (失联), as reported.
    pub missing: u32,
    pub known_since: u32,
    pub updated_at: u32,
    pub closed: bool,
    /// Teams assigned (ground truth; controller only).
    pub teams: Option<u32>,
    pub x_km: f64,
    pub y_km: f64,
}

/// A team row.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamRow {
    pub team: String,
    pub name: String,
    pub status: TeamStatusKind,
    pub place: String,
    /// Task as the controller sees it, or the last order this role gave it.
    pub task: Option<String>,
    /// Minutes to arrival (controller only).
    pub eta_min: Option<u32>,
    /// When it expects to arrive, as it last reported (a player's view).
    pub eta_at: Option<u32>,
    /// The last order this seat gave it and what became of it.
    pub order: Option<OrderFate>,
    pub as_of: u32,
    pub x_km: f64,
    pub y_km: f64,
}

/// What became of an order this seat gave, as far as the seat has been told.
#[derive(Debug, Clone, PartialEq)]
pub enum Fate {
    /// Given; it reaches its recipient at `deliver_at`.
    Given { deliver_at: u32 },
    /// It reached its team (a team order whose team has not reported since).
    Delivered,
    /// Carried out: for a team order, the team's report after it (status, place, ETA).
    CarriedOut {
        status: Option<TeamStatusKind>,
        place: Option<String>,
        eta: Option<u32>,
    },
    /// Refused, and why (the reason in Chinese and English).
    Refused { zh: String, en: String },
    /// A later order to the same team replaced it.
    Overtaken { by: String },
    /// A request (`request ORDER`) on its way to `to`, the seat that holds the order; its
    /// answer is due back at `answer_at`.
    Requested { to: String, answer_at: u32 },
    /// The request was granted: `by` gave the order in its own name.
    Granted { by: String },
    /// The request was refused by `by`, and why (Chinese, English).
    Declined { by: String, zh: String, en: String },
}

/// One order this seat gave and its latest fate.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderFate {
    pub order: String,
    /// The team it tasks, if any.
    pub team: Option<String>,
    pub given_at: u32,
    /// When its latest fate became known.
    pub at: u32,
    pub fate: Fate,
}

/// A message in a role's inbox.
#[derive(Debug, Clone, PartialEq)]
pub enum InboxItem {
    /// A report from the command chain.
    Report {
        at: u32,
        from: String,
        to: String,
        report: &'static str,
        incident: String,
        trapped: u32,
        dead: u32,
        missing: u32,
    },
    /// A fact the role holds or was given (a department's forecasts, beds, …; a share
    /// received), in both languages.
    Fact {
        at: u32,
        from: String,
        zh: String,
        en: String,
    },
    /// What became of an order this seat gave.
    Order { at: u32, order: String, fate: Fate },
    /// An exercise inject.
    Inject {
        at: u32,
        id: String,
        from: String,
        to: String,
        channel: crate::drill::msel::Channel,
        zh: String,
        en: String,
    },
}

impl InboxItem {
    pub fn at(&self) -> u32 {
        match self {
            InboxItem::Report { at, .. }
            | InboxItem::Fact { at, .. }
            | InboxItem::Order { at, .. }
            | InboxItem::Inject { at, .. } => *at,
        }
    }
}

/// What a row of the KPI pane counts: a KPI of the run (the controller sees the truth), or a
/// count a player makes from its own picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Kpi(Kpi),
    IncidentsKnown,
    IncidentsOpen,
    TrappedReported,
    DeadReported,
    ReportsReceived,
}

impl Shown {
    /// Its name as the after-action report writes it (a KPI's JSON key).
    pub fn name(self) -> &'static str {
        match self {
            Shown::Kpi(kpi) => kpi.name(),
            Shown::IncidentsKnown => "incidents_known",
            Shown::IncidentsOpen => "incidents_open",
            Shown::TrappedReported => "trapped_reported",
            Shown::DeadReported => "dead_reported",
            Shown::ReportsReceived => "reports_received",
        }
    }

    /// Its label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Shown::Kpi(kpi) => kpi.labels(),
            Shown::IncidentsKnown => ("已知灾情点", "incidents known"),
            Shown::IncidentsOpen => ("未结束灾情点", "incidents open"),
            Shown::TrappedReported => ("报告被困", "trapped (reported)"),
            Shown::DeadReported => ("报告死亡", "dead (reported)"),
            Shown::ReportsReceived => ("收到报告", "reports received"),
        };
        if lang.is_zh() { zh } else { en }
    }

    /// A value of it for display (`—` for none).
    pub fn text(self, value: Option<f64>) -> String {
        match self {
            Shown::Kpi(kpi) => kpi.drill_text(value),
            Shown::IncidentsKnown
            | Shown::IncidentsOpen
            | Shown::TrappedReported
            | Shown::DeadReported
            | Shown::ReportsReceived => value.map_or("—".into(), |v| format!("{v:.0}")),
        }
    }
}

/// A KPI against its target.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiRow {
    pub shown: Shown,
    pub value: Option<f64>,
    /// Target and the direction in which the KPI is better.
    pub target: Option<(f64, Better)>,
}

impl KpiRow {
    /// Whether the value meets the target (None when either is missing).
    pub fn met(&self) -> Option<bool> {
        let (target, better) = self.target?;
        let value = self.value?;
        Some(match better {
            Better::Lower => value <= target,
            Better::Higher => value >= target,
        })
    }
}

/// One inject as the controller's MSEL panel shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct MselRow {
    pub id: String,
    pub to: String,
    pub from: String,
    pub status: InjectStatus,
    /// Delivery minute, or when it is due if known.
    pub due: Option<u32>,
    pub trigger: String,
    pub zh: String,
    pub en: String,
    pub ad_hoc: bool,
    /// (action, deadline, met at, missed)
    pub expectations: Vec<(String, u32, Option<u32>, bool)>,
}

/// An evaluator's rating.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    pub t: u32,
    pub objective: String,
    pub rating: String,
    pub note: String,
}

/// Feedback on the last command.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    pub seq: u64,
    pub ok: bool,
    pub text: String,
}

/// Everything one frame needs, for one role.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub now: u32,
    pub speed: u32,
    pub paused: bool,
    pub level: Option<&'static str>,
    pub incidents: Vec<IncidentRow>,
    pub teams: Vec<TeamRow>,
    pub inbox: Vec<InboxItem>,
    pub kpis: Vec<KpiRow>,
    /// Road states (controller only: the truth).
    pub road_states: Option<Vec<LinkState>>,
    /// Road states reported or shared to a player, as (road index, state, as of); roads not
    /// in it are unknown to the player.
    pub reported_roads: Vec<(usize, LinkState, u32)>,
    pub msel: Vec<MselRow>,
    pub objectives: Vec<(String, String, String)>,
    pub ratings: Vec<Rating>,
    pub notes: Vec<(u32, String)>,
    pub feedback: Option<Feedback>,
    pub exercise_end: Option<u32>,
    pub scenario_end: u32,
}
