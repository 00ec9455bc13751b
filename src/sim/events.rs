//! The event log: every state change, with its simulated time.
//!
//! Events are past-tense facts (`TeamArrived`, `RoadBlocked`). They are written as JSON Lines by
//! `drillsim run --events`, and later feed reports and the drill UI's timeline. The log can be
//! switched off for batch runs, where nobody reads it.

use bevy_ecs::prelude::*;
use serde::Serialize;

/// One event and the simulated minute it happened at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// Simulated minutes since the start of the run.
    pub t: u32,
    #[serde(flatten)]
    pub kind: EventKind,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventKind {
    /// An earthquake struck.
    EarthquakeStruck {
        hazard: String,
        magnitude: f64,
        x_km: f64,
        y_km: f64,
        /// Highest intensity at any place.
        max_intensity: f64,
    },
    /// Shaking damaged a place: people killed, trapped, injured (hospital-grade) and displaced
    /// (homeless); lightly injured (a count: they stay where they are) and moved out of homes
    /// that still stand.
    PlaceDamaged {
        hazard: String,
        place: String,
        intensity: f64,
        pga_g: f64,
        killed: u32,
        trapped_light: u32,
        trapped_heavy: u32,
        injured: u32,
        displaced: u32,
        injured_light: u32,
        moved_out: u32,
    },
    /// A hazard struck a place (or, for a rainstorm, began).
    HazardStruck {
        hazard: String,
        hazard_kind: &'static str,
        place: String,
        cause: String,
        killed: u32,
        trapped: u32,
        injured: u32,
        displaced: u32,
    },
    /// A cascade rule fired: `hazard` of `kind` will strike `place` at minute `at`.
    CascadeTriggered {
        rule: String,
        from: String,
        hazard: String,
        hazard_kind: &'static str,
        place: String,
        at: u32,
    },
    /// Monitoring forecast a hazard at a place (or raised a false alarm).
    HazardForecast {
        hazard: String,
        hazard_kind: &'static str,
        place: String,
        false_alarm: bool,
    },
    /// A warning was issued for a place.
    WarningIssued {
        place: String,
        level: &'static str,
        evacuate: bool,
        cause: String,
    },
    /// People began to leave a warned place.
    EvacuationStarted {
        place: String,
        first_departures: u32,
    },
    /// A production-safety accident was graded.
    AccidentGraded {
        hazard: String,
        site: String,
        deaths: u32,
        serious_injuries: u32,
        level: &'static str,
    },
    /// A truck left a depot with relief kits.
    ReliefShipped {
        depot: String,
        place: String,
        kits: u32,
        arrive_min: u32,
    },
    /// Displaced people received shelter, food and water.
    ReliefDelivered {
        depot: String,
        place: String,
        people: u32,
    },
    /// A rescue site (collapse incident) opened.
    IncidentOpened {
        incident: String,
        place: String,
        trapped: u32,
    },
    /// A road link changed state.
    RoadChanged {
        road: String,
        from: String,
        to: String,
        state: &'static str,
        cause: &'static str,
    },
    /// Trapped people died at a site during the tick.
    TrappedDied { incident: String, n: u32 },
    /// Trapped people were freed alive.
    TrappedFreed {
        incident: String,
        by: &'static str,
        n: u32,
    },
    /// All trapped people at a site are accounted for.
    IncidentClosed { incident: String },
    /// An order was given (by a script, a person or the doctrine); it reaches its recipient
    /// `latency_min` later.
    OrderIssued {
        source: &'static str,
        by: String,
        order: String,
        latency_min: u32,
    },
    /// A local command noticed an incident.
    IncidentNoticed {
        incident: String,
        by: String,
        delay_min: u32,
    },
    /// A report left a command node.
    ReportSent {
        report: &'static str,
        incident: String,
        from: String,
        to: String,
        channel: &'static str,
        direct: bool,
        eta_min: u32,
        est_trapped: u32,
        est_dead: u32,
        est_missing: u32,
    },
    /// A report reached a command node.
    ReportReceived {
        report: &'static str,
        incident: String,
        by: String,
        from: String,
        latency_min: u32,
    },
    /// A required report reached the county HQ after its deadline.
    ReportLate {
        report: &'static str,
        incident: String,
        late_min: u32,
    },
    /// The county HQ declared a response level.
    LevelDeclared {
        by: String,
        level: &'static str,
        source: &'static str,
    },
    /// A government HQ declared, raised, lowered or ended its level on a ladder.
    LevelChanged {
        by: String,
        /// `county`, `prefecture`, `province`, `nation`.
        government: &'static str,
        /// `earthquake` (地震应急响应) or `relief` (救灾应急响应).
        ladder: &'static str,
        /// The level now in force; for `ended`, the level that ended.
        level: &'static str,
        /// `declared`, `raised`, `lowered`, `ended`.
        change: &'static str,
        /// The criterion: the row's threshold reached, an order, or the stand-down rule.
        reason: String,
    },
    /// Disaster statistics (灾情统计) from a county reached a government HQ above it.
    StatisticsReceived {
        by: String,
        /// Who sent it (the county, or the government that relayed it).
        from: String,
        /// The county the figures are for.
        county: String,
        /// When the county counted them.
        as_of: u32,
        dead: u64,
        missing: u64,
        trapped: u64,
        relocated: u64,
    },
    /// A held team was released (by a level or a request for aid).
    TeamActivated { team: String, cause: &'static str },
    /// A comms tower failed.
    CommsTowerDown { tower: String, place: String },
    /// A field command post was set up.
    FieldPostSetUp {
        incident: String,
        commander: String,
        on_time: bool,
    },
    /// The field post at an incident was handed over to a new commander (a team there).
    FieldPostHandedOver {
        incident: String,
        from: String,
        to: String,
    },
    /// An order could not be carried out, and why.
    OrderRefused {
        order: String,
        /// Written as its English sentence.
        reason: crate::sim::order::OrderRefusal,
    },
    /// A seat asked the seat that holds an order for it (`Sim::request_as`).
    RequestSent {
        by: String,
        to: String,
        order: String,
        /// Minutes until it reaches `to` (the answer takes as long back).
        latency_min: u32,
    },
    /// The answer to a request reached the seat that asked: granted (the order was given by
    /// the seat asked) or refused, with the reason in English.
    RequestAnswered {
        to: String,
        by: String,
        order: String,
        granted: bool,
        reason: String,
    },
    /// A reinforcement echelon held off the map was released (`cause`: `level` — a level in
    /// force at HQ `by` — or `request` — a request for support granted by `by`); it is sent to
    /// county HQ `to` and enters the map at `entry` at minute `enters_at`.
    EchelonReleased {
        team: String,
        by: String,
        cause: &'static str,
        to: String,
        entry: String,
        enters_at: u32,
    },
    /// A released echelon came onto the region's map at its entry point, under county HQ `to`;
    /// from there it travels the roads as any team (`team_arrived` when it reaches a task).
    EchelonEntered {
        team: String,
        place: String,
        to: String,
    },
    /// A team was tasked.
    TeamDispatched {
        team: String,
        task: String,
        destination: String,
        eta_min: u32,
    },
    /// A team sent to a place no open road reaches as soon drives to `from`, where the open
    /// road ends, and walks the last `walk_km` (logged right after its `TeamDispatched`).
    TeamWalksIn {
        team: String,
        from: String,
        to: String,
        walk_km: f64,
    },
    /// A team reached its destination.
    TeamArrived { team: String, place: String },
    /// A team stopped to rest after its shift.
    TeamResting { team: String, until: u32 },
    /// A team is available for tasking again.
    TeamAvailable { team: String, place: String },
    /// An ambulance left a hospital to collect casualties.
    AmbulanceDispatched {
        hospital: String,
        place: String,
        patients: u32,
        arrive_min: u32,
    },
    /// Casualties were admitted to hospital.
    PatientsAdmitted { hospital: String, n: u32 },
    /// A seat shared what it knows (`share SEAT WHAT`); it arrives `eta_min` later. Only that
    /// verb logs it (no run's script uses it).
    InformationShared {
        what: &'static str,
        from: String,
        to: String,
        items: u32,
        eta_min: u32,
    },
    /// Shared information reached its recipient.
    InformationReceived {
        what: &'static str,
        by: String,
        from: String,
        items: u32,
        latency_min: u32,
    },
    /// A seat filed a size-up or situation report (`sizeup PLACE`, `sitrep PLACE`); the report
    /// itself travels as `report_sent` / `report_received` from the place's field post.
    ReportFiled {
        report: &'static str,
        by: String,
        place: String,
        incident: String,
        to: String,
    },
}

/// The log itself.
#[derive(Resource, Debug, Default)]
pub struct EventLog {
    pub enabled: bool,
    pub events: Vec<Event>,
}

impl EventLog {
    /// Records `kind` at `t` when logging is on. The closure keeps string formatting off the
    /// hot path of batch runs.
    #[inline]
    pub fn record(&mut self, t: u32, kind: impl FnOnce() -> EventKind) {
        if self.enabled {
            self.events.push(Event { t, kind: kind() });
        }
    }
}
