//! The command chain: who knows what, reports climbing the chain, graded response, orders
//! descending, and the field-commander protocol.
//!
//! An incident becomes known only when someone reports it; so does a road's state (the local
//! commands and the transport bureau's patrols find it, `knowledge.rs`), and each department
//! holds the facts of its own work (`facts.rs`) until it shares them (`share.rs`). The local (village or town) command
//! notices it after a delay, or misses it until a survey sweep; its reports climb the chain hop
//! by hop — by phone, by satellite phone when the comms tower serving its place is down, or by a
//! runner — and go straight to the county HQ (直报) when the estimate is large. Each command
//! node holds a [`Belief`]: the incidents it knows and the estimates it was given, which can be
//! stale or wrong. Required reports (初报, written 初报, 续报, 核报) have deadlines from the plan;
//! whether each was made in time is recorded.
//!
//! Every government HQ grades both response ladders on its belief — the county HQ on the reports
//! that reached it, the HQs above on the statistics sent up to them (`statistics.rs`) — with the
//! doctrine pack's tables (`assets/doctrine/cn-national.ron`), and declares, raises, lowers and
//! ends its levels (`ladders.rs`) after a decision time that grows when it is over its span of
//! control; the county HQ's earthquake level releases held forces. Orders from any source —
//! a person, a script, the doctrine — go through one queue and reach teams after the chain's
//! latency.

use std::collections::BTreeMap;

use bevy_ecs::prelude::*;

pub mod advice;
pub mod authority;
mod belief;
mod chain;
mod duties;
mod facts;
mod field;
mod grading;
mod knowledge;
pub mod ladders;
mod messaging;
mod reports;
mod requests;
mod seats;
mod share;
mod statistics;
mod support;
mod team_status;
mod view;

pub use advice::{ADVICE_AFTER_MIN, Advice, Threat};
pub use authority::{Beyond, authorise, owner_of_team};
pub use belief::{
    Belief, IncidentBelief, Note, Received, RoadBelief, known_deaths_due, sample_known_deaths,
};
pub use chain::{Chain, Comms};
pub use duties::{Duties, ProtocolItem, ReportKind, RequiredReport, on_time};
pub use facts::{Fact, held_by};
pub use field::run_field_command;
pub use grading::{
    GradingMemo, LastGrade, Levels, PendingDeclaration, Response, decision_minutes, density_around,
    grade_response, hq_directing, level_called_for,
};
pub use knowledge::{
    Body, Hops, PATROL_SPEED_KMH, PATROL_WINDING, Tiding, Tidings, deliver_tidings,
    notice_road_changes, patrol_delay_min, patrol_start_min, roads_changed, tidings_due,
};
pub use ladders::{
    Change, HqLadder, LevelChange, QuakeKnown, Step, government_word, hq_ladders, ladder_word,
};
pub use messaging::{ChainTraffic, Message, Messages, deliver_reports, reports_due};
pub use reports::{
    InformationRng, SiteRounds, in_site_order, notice_incidents, send_scheduled_reports,
};
pub use requests::{Answer, Request, Requests};
pub use seats::{PlayedSeats, Seat, SeatVerb, role_aliases, seats};
pub use share::InfoRefused;
pub use statistics::{Figures, HqFigures};
pub use support::{
    Echelons, Stage, SupportAnswer, TeamCommand, answer_support, echelons_waiting,
    release_echelons, send_support_request,
};
pub use team_status::{TeamReports, TeamSighting, report_team_status};
pub use view::{
    FactView, InboxView, IncidentView, LinkState, Movement, ReportingRecord, RoadView, Role,
    TaskTruth, TeamStatusKind, TeamTruth, TeamView, Truth, View,
};

/// Incident priorities set by orders.
#[derive(Resource, Debug, Default)]
pub struct Priorities(pub BTreeMap<usize, u32>);
