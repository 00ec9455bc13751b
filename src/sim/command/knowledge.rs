//! Information that is not an incident report: road states found by the local commands and the
//! transport bureau's patrols and reported up the chain, and what one seat shares with another
//! (`share SEAT WHAT`). Both travel as [`Tiding`]s with the chain's hop latency.
//!
//! Road reports reuse the incident reports' hops (phone, satellite phone, runner) but not their
//! queue or their random stream: the delays are fixed figures (docs/command-model.md), no event
//! is logged for them, and nothing a run computes reads a road belief, so runs do not move.

use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;

use super::belief::{Belief, IncidentBelief, Note, RoadBelief};
use super::chain::{Chain, Comms};
use super::facts::Fact;
use super::messaging::hop;
use crate::scenario::{CommandKind, Desk, RoadClass, Scenario};
use crate::sim::events::{EventKind, EventLog};
use crate::sim::math;
use crate::sim::order::Info;
use crate::sim::resources::{Clock, DoctrineReview, ScenarioData};
use crate::sim::roads::RoadNetwork;

/// Speed of a transport-bureau patrol vehicle on damaged roads, km/h.
pub const PATROL_SPEED_KMH: f64 = 40.0;
/// Roads wind: road distance over straight-line distance.
pub const PATROL_WINDING: f64 = 1.3;

/// Minutes before the transport bureau's patrols look at a road of this class: trunk roads
/// are checked first (docs/command-model.md gives the basis).
pub fn patrol_start_min(class: RoadClass) -> u32 {
    match class {
        RoadClass::Expressway => 20,
        RoadClass::National => 30,
        RoadClass::Provincial => 45,
        RoadClass::County => 60,
        RoadClass::Village => 90,
    }
}

/// Minutes from a road's change of state until the transport bureau at `base` knows it: the
/// class's start plus the drive from the bureau to the road's midpoint.
pub fn patrol_delay_min(scenario: &Scenario, base: usize, road: usize) -> u32 {
    let r = &scenario.region.roads[road];
    let places = &scenario.region.places;
    let (a, b, home) = (&places[r.from], &places[r.to], &places[base]);
    let (mx, my) = ((a.x_km + b.x_km) / 2.0, (a.y_km + b.y_km) / 2.0);
    let km = math::distance_km(home.x_km, home.y_km, mx, my) * PATROL_WINDING;
    patrol_start_min(r.class) + math::trip_minutes(km, PATROL_SPEED_KMH)
}

/// What a tiding carries.
#[derive(Debug, Clone)]
pub enum Body {
    /// One road's state as found.
    Road { road: usize, found: RoadBelief },
    /// What a seat shared: road states, incidents or department facts.
    Share {
        what: Info,
        roads: Vec<(usize, RoadBelief)>,
        incidents: Vec<IncidentBelief>,
        facts: Vec<Fact>,
    },
}

/// Information on its way to a command node.
#[derive(Debug, Clone)]
pub struct Tiding {
    pub from: usize,
    pub to: usize,
    pub sent_at: u32,
    pub arrives_at: u32,
    pub body: Body,
    /// Whether the recipient passes it on up the chain (road reports do, shares do not).
    pub climbs: bool,
    /// Order of sending, for same-minute arrivals.
    pub seq: u64,
}

/// Information in flight (road reports and shares).
#[derive(Resource, Debug, Default)]
pub struct Tidings {
    pub in_flight: Vec<Tiding>,
    next_seq: u64,
}

impl Tidings {
    /// Puts `body` on its way from `from` to `to`, arriving at `arrives_at`.
    pub fn send(&mut self, route: (usize, usize), sent_at: u32, arrives_at: u32, body: Body) {
        let climbs = matches!(body, Body::Road { .. });
        self.in_flight.push(Tiding {
            from: route.0,
            to: route.1,
            sent_at,
            arrives_at: arrives_at.max(sent_at + 1),
            body,
            climbs,
            seq: self.next_seq,
        });
        self.next_seq += 1;
    }
}

/// Run condition of [`notice_road_changes`]: a road changed state this tick.
pub fn roads_changed(roads: Res<RoadNetwork>) -> bool {
    !roads.changed.is_empty()
}

/// Run condition of [`deliver_tidings`]: information reaches someone this tick.
pub fn tidings_due(clock: Res<Clock>, tidings: Res<Tidings>) -> bool {
    let end = clock.tick_end();
    tidings.in_flight.iter().any(|t| t.arrives_at < end)
}

/// Who finds out when a road changes: the local command at each end after the plan's mean
/// noticing time, and the transport bureau (if the organisation has one) after its patrol
/// delay. Each learns it when it finds it and reports it up the chain.
pub fn notice_road_changes(
    clock: Res<Clock>,
    data: Res<ScenarioData>,
    chain: Res<Chain>,
    mut roads: ResMut<RoadNetwork>,
    mut tidings: ResMut<Tidings>,
) {
    let scenario = &*data.0;
    let now = clock.now;
    let mut changed = std::mem::take(&mut roads.changed);
    changed.sort_unstable();
    changed.dedup();
    let notice = scenario.plan.reporting.notice_mean.as_minutes().max(1);
    let transport = chain
        .kinds
        .iter()
        .position(|k| *k == CommandKind::Department(Desk::Transport));
    for &road in &changed {
        let state = roads.links[road].state;
        let r = &scenario.region.roads[road];
        let mut finders = vec![
            (chain.reporter_of_place[r.from], now + notice),
            (chain.reporter_of_place[r.to], now + notice),
        ];
        if let Some(bureau) = transport {
            let base = chain.node_place[bureau];
            finders.push((bureau, now + patrol_delay_min(scenario, base, road)));
        }
        finders.sort_unstable();
        finders.dedup_by_key(|f| f.0);
        for (node, at) in finders {
            let found = RoadBelief {
                state,
                as_of: at,
                source: node,
            };
            tidings.send(
                (node, node),
                at.saturating_sub(1),
                at,
                Body::Road { road, found },
            );
        }
    }
    // Keep the buffer's room for the next change.
    changed.clear();
    roads.changed = changed;
}

/// What delivering information reads: the clock, the scenario, the chain and its phones.
#[derive(SystemParam)]
pub struct Hops<'w> {
    clock: Res<'w, Clock>,
    data: Res<'w, ScenarioData>,
    chain: Res<'w, Chain>,
    comms: Res<'w, Comms>,
}

/// Delivers information: the recipient's belief takes it, a road report climbs on, a share is
/// logged as received.
pub fn deliver_tidings(
    hops: Hops,
    mut tidings: ResMut<Tidings>,
    mut review: ResMut<DoctrineReview>,
    mut log: ResMut<EventLog>,
    mut beliefs: Query<&mut Belief>,
) {
    let Hops {
        clock,
        data,
        chain,
        comms,
    } = hops;
    let scenario = &*data.0;
    let end = clock.tick_end();
    let mut due: Vec<Tiding> = tidings
        .in_flight
        .extract_if(.., |t| t.arrives_at < end)
        .collect();
    due.sort_by_key(|t| (t.arrives_at, t.seq));
    for tiding in due {
        let t = tiding.arrives_at;
        let Ok(mut belief) = beliefs.get_mut(chain.entities[tiding.to]) else {
            continue;
        };
        match &tiding.body {
            Body::Road { road, found } => {
                let news = belief.hear_road(*road, *found);
                if news
                    && tiding.climbs
                    && let Some(up) = chain.up(tiding.to)
                {
                    let (latency, _) = hop(scenario, &chain, &comms, tiding.to, up);
                    let body = tiding.body.clone();
                    tidings.send((tiding.to, up), t, t + latency.max(1), body);
                }
            }
            Body::Share {
                what,
                roads,
                incidents,
                facts,
            } => {
                for (road, found) in roads {
                    belief.hear_road(*road, *found);
                }
                for incident in incidents {
                    if hear_incident(&mut belief, incident, t) && chain.is_county_hq(tiding.to) {
                        review.request();
                    }
                }
                let from = tiding.from;
                belief
                    .shared_facts
                    .retain(|(sender, fact)| !(*sender == from && fact.kind == *what));
                belief
                    .shared_facts
                    .extend(facts.iter().map(|f| (from, f.clone())));
                let items = roads.len() + incidents.len() + facts.len();
                belief.notes.push(Note {
                    at: t,
                    from,
                    what: what.word(),
                    items,
                });
                log.record(t, || EventKind::InformationReceived {
                    what: what.word(),
                    by: chain.ids[tiding.to].clone(),
                    from: chain.ids[from].clone(),
                    items: items as u32,
                    latency_min: t - tiding.sent_at,
                });
            }
        }
    }
}

/// Takes a shared incident into `belief`: a new one is learned as of `t`, a known one takes
/// the shared figures when they come from a newer report. Returns whether it was new.
fn hear_incident(belief: &mut Belief, shared: &IncidentBelief, t: u32) -> bool {
    match belief.incidents.get_mut(&shared.incident) {
        Some(entry) => {
            if shared.reported_at > entry.reported_at {
                belief.believed_dead =
                    belief.believed_dead + shared.est_dead as u64 - entry.est_dead as u64;
                belief.believed_missing =
                    belief.believed_missing + shared.est_missing as u64 - entry.est_missing as u64;
                entry.est_trapped = shared.est_trapped;
                entry.est_dead = shared.est_dead;
                entry.est_missing = shared.est_missing;
                entry.closed = shared.closed;
                entry.updated_at = t;
                entry.reported_at = shared.reported_at;
            }
            entry.has_post |= shared.has_post;
            false
        }
        None => {
            belief.learn(IncidentBelief {
                known_since: t,
                updated_at: t,
                ..shared.clone()
            });
            true
        }
    }
}
