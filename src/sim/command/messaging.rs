//! Reports on their way up the chain: hop by hop by phone, satellite phone or runner, straight
//! to the county HQ (直报) when large; delivery updates the recipient's belief and the report
//! climbs on.

use std::sync::Arc;

use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;

use super::belief::{Belief, IncidentBelief, Received};
use super::chain::{Chain, Comms};
use super::duties::{Duties, ReportKind};
use crate::scenario::Scenario;
use crate::sim::components::RescueSite;
use crate::sim::events::{EventKind, EventLog};
use crate::sim::math;
use crate::sim::resources::*;

/// A report on its way up the chain.
#[derive(Debug, Clone)]
pub struct Message {
    pub from: usize,
    pub to: usize,
    pub sent_at: u32,
    pub arrives_at: u32,
    pub kind: ReportKind,
    /// The incident's id, shared by every copy of the report on its way up.
    pub incident: Arc<str>,
    /// The rescue site the report is about.
    pub site: Entity,
    pub place: usize,
    pub est_trapped: u32,
    /// Deaths verified (核报 counts only those).
    pub est_dead: u32,
    /// People unaccounted for (失联).
    pub est_missing: u32,
    pub closed: bool,
    /// Sent straight to the county HQ (直报).
    pub direct: bool,
    /// How it travels: phone, satellite or runner.
    pub channel: &'static str,
    /// Order of sending, to keep same-minute arrivals in a fixed order.
    pub seq: u64,
}

/// Reports in flight.
#[derive(Resource, Debug, Default)]
pub struct Messages {
    pub in_flight: Vec<Message>,
    pub next_seq: u64,
}

/// What the systems that send and receive reports share: the chain, its phones, the reports
/// in flight, the duties they discharge and the event log.
#[derive(SystemParam)]
pub struct ChainTraffic<'w> {
    pub data: Res<'w, ScenarioData>,
    pub chain: Res<'w, Chain>,
    pub comms: Res<'w, Comms>,
    pub messages: ResMut<'w, Messages>,
    pub duties: ResMut<'w, Duties>,
    pub log: ResMut<'w, EventLog>,
}

impl ChainTraffic<'_> {
    /// The scenario, an outbox to send reports through and the duties they discharge.
    pub(super) fn outbox(&mut self) -> (&Scenario, Outbox<'_>, &mut Duties) {
        let scenario = &*self.data.0;
        let outbox = Outbox {
            scenario,
            chain: &self.chain,
            comms: &self.comms,
            messages: &mut self.messages,
            log: &mut self.log,
        };
        (scenario, outbox, &mut self.duties)
    }
}

/// Sends reports: puts them in flight and records them in the event log.
pub(super) struct Outbox<'a> {
    pub(super) scenario: &'a Scenario,
    pub(super) chain: &'a Chain,
    pub(super) comms: &'a Comms,
    pub(super) messages: &'a mut Messages,
    pub(super) log: &'a mut EventLog,
}

/// One report to send: its kind, the incident it is about and its estimates.
pub(super) struct Report {
    pub(super) kind: ReportKind,
    pub(super) about: About,
    pub(super) est: Estimate,
}

/// A report's figures: the trapped (estimated), the dead (verified) and the missing
/// (estimated).
#[derive(Debug, Clone, Copy)]
pub(super) struct Estimate {
    pub(super) trapped: u32,
    pub(super) dead: u32,
    pub(super) missing: u32,
}

impl From<Estimate> for super::belief::Figures {
    fn from(e: Estimate) -> Self {
        super::belief::Figures {
            trapped: e.trapped,
            dead: e.dead,
            missing: e.missing,
        }
    }
}

impl Outbox<'_> {
    /// Hop latency (minutes) for a report sent by `from` at its place to `to`.
    fn hop(&self, from: usize, to: usize) -> (u32, &'static str) {
        hop(self.scenario, self.chain, self.comms, from, to)
    }

    /// Sends a report from `from` up the chain (and straight to the HQ when `direct`).
    pub(super) fn send_up(&mut self, now: u32, from: usize, report: Report, direct: bool) {
        let chain = self.chain;
        let mut targets = [None, None];
        if let Some(up) = chain.up(from) {
            targets[0] = Some((up, false));
            let hq = chain.hq_of_node[from];
            if direct && up != hq {
                targets[1] = Some((hq, true));
            }
        }
        for (to, is_direct) in targets.into_iter().flatten() {
            let (latency, channel) = self.hop(from, to);
            let route = Route {
                from,
                to,
                latency,
                channel,
                direct: is_direct,
            };
            self.send(now, &report, route, None);
        }
    }

    /// Puts one report on its way and records it; `sender` names the sender in the event log
    /// when it is not the node itself (a field post).
    pub(super) fn send(&mut self, now: u32, report: &Report, route: Route, sender: Option<String>) {
        let (chain, messages) = (self.chain, &mut *self.messages);
        let (kind, about, est) = (report.kind, &report.about, report.est);
        let arrives_at = now + route.latency.max(1);
        self.log.record(now, || EventKind::ReportSent {
            report: kind.name(),
            incident: about.id.to_string(),
            from: sender.unwrap_or_else(|| chain.ids[route.from].clone()),
            to: chain.ids[route.to].clone(),
            channel: route.channel,
            direct: route.direct,
            eta_min: arrives_at - now,
            est_trapped: est.trapped,
            est_dead: est.dead,
            est_missing: est.missing,
        });
        messages.in_flight.push(Message {
            from: route.from,
            to: route.to,
            sent_at: now,
            arrives_at,
            kind,
            incident: about.id.clone(),
            site: about.site,
            place: about.place,
            est_trapped: est.trapped,
            est_dead: est.dead,
            est_missing: est.missing,
            closed: about.closed,
            direct: route.direct,
            channel: route.channel,
            seq: messages.next_seq,
        });
        messages.next_seq += 1;
    }
}

/// Hop latency (minutes) and channel of a message sent by node `from` at its place to `to`:
/// by phone where the phone works (always, off the region's map), else by satellite phone where the node has one, else by a
/// runner (never faster than a phone call).
pub(super) fn hop(
    scenario: &Scenario,
    chain: &Chain,
    comms: &Comms,
    from: usize,
    to: usize,
) -> (u32, &'static str) {
    let r = &scenario.plan.reporting;
    let place = chain.node_place[from];
    if chain.off_map[from] || comms.phone_at(place) {
        (r.phone_hop.as_minutes(), "phone")
    } else if chain.satellite[from] {
        (r.satellite_hop.as_minutes(), "satellite")
    } else {
        let (a, b) = (
            &scenario.region.places[place],
            &scenario.region.places[chain.node_place[to]],
        );
        let km = math::distance_km(a.x_km, a.y_km, b.x_km, b.y_km);
        let minutes = math::trip_minutes(km, r.runner_speed_kmh);
        (minutes.max(r.phone_hop.as_minutes()), "runner")
    }
}

/// The incident a report is about.
pub(super) struct About {
    pub(super) id: Arc<str>,
    pub(super) site: Entity,
    pub(super) place: usize,
    pub(super) closed: bool,
}

impl About {
    pub(super) fn site(entity: Entity, site: &RescueSite) -> About {
        About {
            id: Arc::from(site.id.as_str()),
            site: entity,
            place: site.place,
            closed: site.closed,
        }
    }
}

/// How one report travels: from and to which node, how long it takes, by what channel.
pub(super) struct Route {
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) latency: u32,
    pub(super) channel: &'static str,
    pub(super) direct: bool,
}

/// How the event log names an incident's field post, as the sender of its reports.
pub(super) fn field_post_id(incident: &str) -> String {
    format!("field-post:{incident}")
}

/// Run condition of [`deliver_reports`]: a report reaches its recipient this tick.
pub fn reports_due(clock: Res<Clock>, messages: Res<Messages>) -> bool {
    let end = clock.tick_end();
    messages.in_flight.iter().any(|m| m.arrives_at < end)
}

/// Delivers reports: the recipient's belief is updated, and the report climbs on.
pub fn deliver_reports(
    clock: Res<Clock>,
    traffic: ChainTraffic,
    mut review: ResMut<DoctrineReview>,
    mut beliefs: Query<&mut Belief>,
) {
    let ChainTraffic {
        data,
        chain,
        comms,
        mut messages,
        mut duties,
        mut log,
    } = traffic;
    let scenario = &*data.0;
    let end = clock.tick_end();
    let mut due: Vec<Message> = messages
        .in_flight
        .extract_if(.., |m| m.arrives_at < end)
        .collect();
    due.sort_by_key(|m| (m.arrives_at, m.seq));
    for m in due {
        let t = m.arrives_at;
        // Size-ups and situation reports come from the incident's field post.
        let from_post = matches!(m.kind, ReportKind::SizeUp | ReportKind::Sitrep);
        if let Ok(mut belief) = beliefs.get_mut(chain.entities[m.to]) {
            let belief = &mut *belief;
            match belief.incidents.get_mut(&*m.incident) {
                Some(entry) => {
                    // A newer report replaces what an older one said; an older one arriving
                    // late does not.
                    if m.sent_at >= entry.reported_at {
                        belief.believed_dead =
                            belief.believed_dead + m.est_dead as u64 - entry.est_dead as u64;
                        belief.believed_missing = belief.believed_missing + m.est_missing as u64
                            - entry.est_missing as u64;
                        entry.est_trapped = m.est_trapped;
                        entry.est_dead = m.est_dead;
                        entry.est_missing = m.est_missing;
                        entry.closed = m.closed;
                        entry.updated_at = t;
                        entry.reported_at = m.sent_at;
                    }
                    entry.has_post |= from_post;
                }
                None => {
                    if chain.is_county_hq(m.to) {
                        // A new incident for the HQ: the doctrine looks again.
                        review.request();
                    }
                    belief.learn(IncidentBelief {
                        incident: m.incident.to_string(),
                        site: m.site,
                        place: m.place,
                        est_trapped: m.est_trapped,
                        est_dead: m.est_dead,
                        est_missing: m.est_missing,
                        known_since: t,
                        updated_at: t,
                        reported_at: m.sent_at,
                        closed: m.closed,
                        has_post: from_post,
                    });
                }
            }
            belief.inbox.push(Received {
                at: t,
                from: m.from,
                kind: m.kind,
                incident: m.incident.clone(),
                est_trapped: m.est_trapped,
                est_dead: m.est_dead,
                est_missing: m.est_missing,
            });
        }
        log.record(t, || EventKind::ReportReceived {
            report: m.kind.name(),
            incident: m.incident.to_string(),
            by: chain.ids[m.to].clone(),
            from: if from_post {
                field_post_id(&m.incident)
            } else {
                chain.ids[m.from].clone()
            },
            latency_min: t - m.sent_at,
        });
        if chain.is_county_hq(m.to) {
            if let Some(deadline) = duties.made(&m.incident, m.kind, t)
                && t > deadline
            {
                log.record(t, || EventKind::ReportLate {
                    report: m.kind.name(),
                    incident: m.incident.to_string(),
                    late_min: t - deadline,
                });
            }
            continue;
        }
        if m.direct {
            continue;
        }
        // Climb on: the recipient forwards it.
        let mut outbox = Outbox {
            scenario,
            chain: &chain,
            comms: &comms,
            messages: &mut messages,
            log: &mut log,
        };
        let report = Report {
            kind: m.kind,
            about: About {
                id: m.incident.clone(),
                site: m.site,
                place: m.place,
                closed: m.closed,
            },
            est: Estimate {
                trapped: m.est_trapped,
                dead: m.est_dead,
                missing: m.est_missing,
            },
        };
        outbox.send_up(t, m.to, report, false);
    }
}
