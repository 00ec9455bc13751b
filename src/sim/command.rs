//! The command chain: who knows what, reports climbing the chain, graded response, orders
//! descending, and the field-commander protocol.
//!
//! An incident becomes known only when someone reports it. The local (village or town) command
//! notices it after a delay, or misses it until a survey sweep; its reports climb the chain hop
//! by hop — by phone, by satellite phone when the comms tower serving its place is down, or by a
//! runner — and go straight to the county HQ (直报) when the estimate is large. Each command
//! node holds a [`Belief`]: the incidents it knows and the estimates it was given, which can be
//! stale or wrong. Required reports (初报, written 初报, 续报, 核报) have deadlines from the plan;
//! whether each was made in time is recorded.
//!
//! The county HQ grades the response on its belief (the grading tables are data, see
//! `assets/doctrine/cn-national.ron`) and declares levels after a decision time that grows when it
//! is over its span of control; a declared level releases held forces. Orders from any source —
//! a person, a script, the doctrine — go through one queue and reach teams after the chain's
//! latency.

use std::collections::BTreeMap;
use std::sync::Arc;

use bevy_ecs::prelude::*;
use rand::RngExt;

use crate::scenario::{CommandKind, Level, Measure, Scenario, TeamKind};
use crate::sim::components::*;
use crate::sim::events::{EventKind, EventLog};
use crate::sim::math;
use crate::sim::resources::*;
use crate::sim::sample;

/// Dispersion of a first estimate of the trapped and dead (lognormal); later reports are better.
const FIRST_ESTIMATE_SIGMA: f64 = 0.4;
const FOLLOWUP_ESTIMATE_SIGMA: f64 = 0.15;

/// The structure of the chain, fixed for a run.
#[derive(Resource, Debug, Clone)]
pub struct Chain {
    /// For each command node: its parent node.
    pub parent: Vec<Option<usize>>,
    /// For each command node: where it sits.
    pub node_place: Vec<usize>,
    /// For each command node: whether it has a satellite phone (everyone but village commands).
    pub satellite: Vec<bool>,
    /// For each place: the node that reports incidents there.
    pub reporter_of_place: Vec<usize>,
    /// The county HQ.
    pub hq: usize,
    /// Node entities by index.
    pub entities: Vec<Entity>,
    /// Display ids and names of nodes (a lone HQ is made up when the scenario has none).
    pub ids: Vec<String>,
    pub kinds: Vec<CommandKind>,
}

impl Chain {
    /// Builds the chain from the scenario's organisation (or a lone county HQ).
    pub fn build(scenario: &Scenario) -> Chain {
        let org = &scenario.organisation;
        let county_seat = scenario
            .region
            .places
            .iter()
            .position(|p| p.kind == crate::scenario::PlaceKind::County)
            .unwrap_or(0);
        let (parent, node_place, kinds, ids): (Vec<_>, Vec<_>, Vec<_>, Vec<_>) = if org.is_empty() {
            (
                vec![None],
                vec![county_seat],
                vec![CommandKind::CountyHq],
                vec!["county-hq".to_string()],
            )
        } else {
            let mut parent = Vec::new();
            let mut places = Vec::new();
            let mut kinds = Vec::new();
            let mut ids = Vec::new();
            for node in org {
                parent.push(node.parent);
                places.push(node.place);
                kinds.push(node.kind);
                ids.push(node.id.clone());
            }
            (parent, places, kinds, ids)
        };
        let hq = kinds
            .iter()
            .position(|k| *k == CommandKind::CountyHq)
            .unwrap_or(0);
        let satellite = kinds
            .iter()
            .map(|k| *k != CommandKind::VillageCommand)
            .collect();
        // A place's reporter: a village or town command sitting there, else its parent place's,
        // else the county HQ.
        let local = |place: usize| {
            (0..kinds.len()).find(|&n| {
                node_place[n] == place
                    && matches!(
                        kinds[n],
                        CommandKind::VillageCommand | CommandKind::TownCommand
                    )
            })
        };
        let reporter_of_place = (0..scenario.region.places.len())
            .map(|p| {
                let mut at = Some(p);
                while let Some(place) = at {
                    if let Some(node) = local(place) {
                        return node;
                    }
                    at = scenario.region.places[place].parent;
                }
                hq
            })
            .collect();
        Chain {
            parent,
            node_place,
            satellite,
            reporter_of_place,
            hq,
            entities: Vec::new(),
            ids,
            kinds,
        }
    }

    /// The next node up from `node` for a report (the HQ's parent is none).
    pub fn up(&self, node: usize) -> Option<usize> {
        if node == self.hq {
            return None;
        }
        Some(self.parent[node].unwrap_or(self.hq))
    }
}

/// Which places have phone service.
#[derive(Resource, Debug, Clone)]
pub struct Comms {
    pub tower_up: Vec<bool>,
    /// For each place, the towers that serve it (empty: a landline, always up).
    pub towers_of_place: Vec<Vec<usize>>,
}

impl Comms {
    pub fn build(scenario: &Scenario) -> Comms {
        let mut towers_of_place = vec![Vec::new(); scenario.region.places.len()];
        for (t, tower) in scenario.facilities.comms_towers.iter().enumerate() {
            towers_of_place[tower.place].push(t);
            for &p in &tower.serves {
                if !towers_of_place[p].contains(&t) {
                    towers_of_place[p].push(t);
                }
            }
        }
        Comms {
            tower_up: vec![true; scenario.facilities.comms_towers.len()],
            towers_of_place,
        }
    }

    /// Whether a phone works at `place`.
    pub fn phone_at(&self, place: usize) -> bool {
        let towers = &self.towers_of_place[place];
        towers.is_empty() || towers.iter().any(|&t| self.tower_up[t])
    }
}

/// Kinds of report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// 初报 by phone.
    Initial,
    /// Written 初报.
    Written,
    /// 续报.
    FollowUp,
    /// 核报.
    Verified,
    /// The field commander's size-up.
    SizeUp,
    /// The field commander's situation report.
    Sitrep,
}

impl ReportKind {
    pub fn name(self) -> &'static str {
        match self {
            ReportKind::Initial => "initial",
            ReportKind::Written => "written",
            ReportKind::FollowUp => "follow_up",
            ReportKind::Verified => "verified",
            ReportKind::SizeUp => "size_up",
            ReportKind::Sitrep => "sitrep",
        }
    }
}

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
    pub est_dead: u32,
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

/// What a command node believes about one incident.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentBelief {
    pub incident: String,
    /// The rescue site behind it (what orders and the doctrine act on).
    pub site: Entity,
    pub place: usize,
    pub est_trapped: u32,
    pub est_dead: u32,
    pub known_since: u32,
    pub updated_at: u32,
    /// When the report behind the current figures was sent: an older one arriving late does
    /// not overwrite them.
    pub reported_at: u32,
    pub closed: bool,
    /// A field command post runs it (the HQ learns from the post's size-up).
    pub has_post: bool,
}

/// A report as received.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    pub at: u32,
    pub from: usize,
    pub kind: ReportKind,
    pub incident: Arc<str>,
    pub est_trapped: u32,
    pub est_dead: u32,
}

/// What one command node knows.
#[derive(Component, Debug, Clone, Default)]
pub struct Belief {
    pub node: usize,
    /// Incidents by id.
    pub incidents: BTreeMap<String, IncidentBelief>,
    /// Reports received, in order.
    pub inbox: Vec<Received>,
    /// The dead it believes in, over all incidents (kept with their estimates).
    pub believed_dead: u64,
}

impl Belief {
    /// Records a newly known incident, keeping `believed_dead` right.
    fn learn(&mut self, incident: IncidentBelief) {
        self.believed_dead += incident.est_dead as u64;
        if let Some(old) = self.incidents.insert(incident.incident.clone(), incident) {
            self.believed_dead -= old.est_dead as u64;
        }
    }
}

/// A report the plan requires, and when it was made.
#[derive(Debug, Clone, PartialEq)]
pub struct RequiredReport {
    pub incident: String,
    pub kind: ReportKind,
    pub due: u32,
    pub made_at: Option<u32>,
}

/// Every required report so far, by incident.
#[derive(Resource, Debug, Default)]
pub struct Duties {
    pub reports: BTreeMap<String, Vec<RequiredReport>>,
    /// Field-commander protocol items: (incident, item, due, done at).
    pub protocol: Vec<(String, &'static str, u32, Option<u32>)>,
}

impl Duties {
    fn require(&mut self, incident: &str, kind: ReportKind, due: u32) {
        self.reports
            .entry(incident.to_string())
            .or_default()
            .push(RequiredReport {
                incident: incident.to_string(),
                kind,
                due,
                made_at: None,
            });
    }

    /// Marks the earliest unmade required report of this kind for the incident as made; returns
    /// its deadline.
    fn made(&mut self, incident: &str, kind: ReportKind, at: u32) -> Option<u32> {
        let report = self
            .reports
            .get_mut(incident)?
            .iter_mut()
            .filter(|r| r.kind == kind && r.made_at.is_none())
            .min_by_key(|r| r.due)?;
        report.made_at = Some(at);
        Some(report.due)
    }

    /// Every required report, incident by incident.
    pub fn all(&self) -> impl Iterator<Item = &RequiredReport> {
        self.reports.values().flatten()
    }

    /// Share of reports due by `now` that were made by their deadline; `None` if none was due.
    pub fn on_time_share(&self, now: u32) -> Option<f64> {
        let (mut due, mut on_time) = (0usize, 0usize);
        for r in self.all().filter(|r| r.due <= now) {
            due += 1;
            on_time += r.made_at.is_some_and(|m| m <= r.due) as usize;
        }
        (due > 0).then(|| on_time as f64 / due as f64)
    }
}

/// Whether a report made at `made_at` (if at all) for an incident at `onset` met a deadline of
/// `deadline` minutes.
pub fn on_time(onset: u32, deadline: u32, made_at: Option<u32>) -> bool {
    made_at.is_some_and(|m| m <= onset + deadline)
}

/// Response levels: what the tables call for (on ground truth) and what the HQ declared.
#[derive(Resource, Debug, Default)]
pub struct Levels {
    /// When the tables, applied to the truth, first called for each level (Ⅰ..Ⅳ).
    pub required_since: [Option<u32>; 4],
    /// When the HQ declared each level.
    pub declared_at: [Option<u32>; 4],
    /// The level in force.
    pub declared: Option<Level>,
    /// A declaration the HQ is deciding on: (level, minute it will be made).
    pub pending: Option<(Level, u32)>,
    /// Magnitude of the strongest quake so far and when it struck.
    pub quake: Option<(f64, u32, f64)>,
}

impl Levels {
    /// The most severe level the truth called for.
    pub fn required_peak(&self) -> Option<Level> {
        (0..4)
            .find(|&i| self.required_since[i].is_some())
            .and_then(|i| Level::from_number(i as u8 + 1))
    }

    /// The most severe level declared.
    pub fn declared_peak(&self) -> Option<Level> {
        (0..4)
            .find(|&i| self.declared_at[i].is_some())
            .and_then(|i| Level::from_number(i as u8 + 1))
    }

    /// Minutes from the tables calling for the peak level to a declaration at least that
    /// severe; counted to `now` when none was made.
    pub fn lag(&self, now: u32) -> Option<f64> {
        let peak = self.required_peak()?;
        let since = self.required_since[peak.number() as usize - 1]?;
        let declared = (0..peak.number() as usize)
            .filter_map(|i| self.declared_at[i])
            .filter(|&t| t >= since)
            .min()
            .or_else(|| {
                // Declared before the truth called for it (the HQ was ahead): no lag.
                (0..peak.number() as usize)
                    .filter_map(|i| self.declared_at[i])
                    .min()
                    .map(|_| since)
            });
        Some(declared.unwrap_or(now).saturating_sub(since) as f64)
    }
}

/// Incident priorities set by orders.
#[derive(Resource, Debug, Default)]
pub struct Priorities(pub BTreeMap<usize, u32>);

/// Random stream for information: noticing, estimates.
#[derive(Resource, Debug)]
pub struct InformationRng(pub rand_pcg::Pcg64);

/// Hop latency (minutes) for a report sent by `from` at its place to `to`.
fn hop(
    scenario: &Scenario,
    chain: &Chain,
    comms: &Comms,
    from: usize,
    to: usize,
) -> (u32, &'static str) {
    let r = &scenario.plan.reporting;
    let place = chain.node_place[from];
    if comms.phone_at(place) {
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

/// Sends a report from `from` up the chain (and straight to the HQ when `direct`).
#[allow(clippy::too_many_arguments)]
fn send_up(
    scenario: &Scenario,
    chain: &Chain,
    comms: &Comms,
    messages: &mut Messages,
    log: &mut EventLog,
    now: u32,
    from: usize,
    kind: ReportKind,
    about: About,
    est: (u32, u32),
    direct: bool,
) {
    let mut targets = [None, None];
    if let Some(up) = chain.up(from) {
        targets[0] = Some((up, false));
        if direct && up != chain.hq {
            targets[1] = Some((chain.hq, true));
        }
    }
    for (to, is_direct) in targets.into_iter().flatten() {
        let (latency, channel) = hop(scenario, chain, comms, from, to);
        let route = Route {
            from,
            to,
            latency,
            channel,
            direct: is_direct,
        };
        send_message(messages, log, chain, now, kind, &about, est, route, None);
    }
}

/// The local command of a site reports `kind` with estimates `est`: up the chain, and straight
/// to the HQ as well (直报) when the estimates reach the plan's threshold; when the reporter is the
/// HQ itself, the report is simply made.
#[allow(clippy::too_many_arguments)]
fn report_site(
    scenario: &Scenario,
    chain: &Chain,
    comms: &Comms,
    (messages, log, duties): (&mut Messages, &mut EventLog, &mut Duties),
    now: u32,
    reporter: usize,
    kind: ReportKind,
    about: About,
    est: (u32, u32),
) {
    if reporter == chain.hq {
        duties.made(&about.id, kind, now);
        return;
    }
    let direct = est.0 + est.1 >= scenario.plan.reporting.direct_report_at;
    send_up(
        scenario, chain, comms, messages, log, now, reporter, kind, about, est, direct,
    );
}

/// The incident a report is about.
struct About {
    id: Arc<str>,
    site: Entity,
    place: usize,
    closed: bool,
}

impl About {
    fn site(entity: Entity, site: &RescueSite) -> About {
        About {
            id: Arc::from(site.id.as_str()),
            site: entity,
            place: site.place,
            closed: site.closed,
        }
    }
}

/// How one report travels: from and to which node, how long it takes, by what channel.
struct Route {
    from: usize,
    to: usize,
    latency: u32,
    channel: &'static str,
    direct: bool,
}

/// Puts one report on its way and records it; `sender` names the sender in the event log when
/// it is not the node itself (a field post).
#[allow(clippy::too_many_arguments)]
fn send_message(
    messages: &mut Messages,
    log: &mut EventLog,
    chain: &Chain,
    now: u32,
    kind: ReportKind,
    about: &About,
    est: (u32, u32),
    route: Route,
    sender: Option<String>,
) {
    let arrives_at = now + route.latency.max(1);
    log.record(now, || EventKind::ReportSent {
        report: kind.name(),
        incident: about.id.to_string(),
        from: sender.unwrap_or_else(|| chain.ids[route.from].clone()),
        to: chain.ids[route.to].clone(),
        channel: route.channel,
        direct: route.direct,
        eta_min: arrives_at - now,
        est_trapped: est.0,
        est_dead: est.1,
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
        est_trapped: est.0,
        est_dead: est.1,
        closed: about.closed,
        direct: route.direct,
        channel: route.channel,
        seq: messages.next_seq,
    });
    messages.next_seq += 1;
}

/// How the event log names an incident's field post, as the sender of its reports.
fn field_post_id(incident: &str) -> String {
    format!("field-post:{incident}")
}

/// Dead at a site so far (truth): those killed outright and those who died while trapped.
fn dead_at(site: &RescueSite) -> u32 {
    site.killed_outright
        + site.victims[..site.cursor]
            .iter()
            .filter(|v| v.death_at < v.local_free_at)
            .count() as u32
}

/// The unsettled sites for which `wanted` holds, in incident id order (the order their random
/// draws are made in). Looking through read-only is cheaper than through `Mut`.
pub fn in_id_order(
    sites: &Query<(Entity, &mut RescueSite), Without<Settled>>,
    wanted: impl Fn(&RescueSite) -> bool,
) -> Vec<Entity> {
    let mut found: Vec<(&str, Entity)> = sites
        .iter()
        .filter(|(_, s)| wanted(s))
        .map(|(e, s)| (s.id.as_str(), e))
        .collect();
    found.sort_unstable();
    found.into_iter().map(|(_, e)| e).collect()
}

/// Whether nothing is left to do or report about `site`: it is closed, its verified report is
/// made, no follow-up falls due before it closed, and any field post has sent its size-up.
fn fully_reported(scenario: &Scenario, site: &RescueSite) -> bool {
    let Some(closed_at) = site.closed_at else {
        return false;
    };
    let r = &site.reporting;
    let every = scenario.plan.reporting.followup_every.as_minutes().max(1);
    let next_followup = site.onset + every * (r.followups_sent + 1);
    r.noticed
        && r.written_sent
        && r.verified_sent
        && next_followup > closed_at
        && r.post.as_ref().is_none_or(|p| p.sizeup_sent)
}

/// Local commands notice incidents and send the initial report; the required reports of each
/// incident are registered.
#[allow(clippy::too_many_arguments)]
pub fn notice_incidents(
    clock: Res<Clock>,
    mut agenda: ResMut<SiteAgenda>,
    data: Res<ScenarioData>,
    chain: Res<Chain>,
    comms: Res<Comms>,
    mut rng: ResMut<InformationRng>,
    mut messages: ResMut<Messages>,
    mut duties: ResMut<Duties>,
    mut log: ResMut<EventLog>,
    mut sites: Query<(Entity, &mut RescueSite), Without<Settled>>,
    mut beliefs: Query<&mut Belief>,
) {
    let scenario = &*data.0;
    let r = &scenario.plan.reporting;
    let end = clock.tick_end();
    // A fixed order: draws must not depend on entity layout.
    let fresh = in_id_order(&sites, |s| {
        s.reporting.notice_at.is_none()
            || (!s.reporting.noticed && s.reporting.notice_at.is_some_and(|t| t < end))
    });
    for entity in fresh {
        let Ok((_, mut site)) = sites.get_mut(entity) else {
            continue;
        };
        if site.reporting.notice_at.is_none() {
            let missed = rng.0.random::<f64>() < r.missed_share;
            let delay = if missed {
                r.sweep_after.as_minutes()
            } else {
                sample::exponential(&mut rng.0, r.notice_mean.as_minutes().max(1) as f64) as u32 + 1
            };
            site.reporting.notice_at = Some(site.onset + delay);
            site.reporting.reporter = chain.reporter_of_place[site.place];
            duties.require(
                &site.id,
                ReportKind::Initial,
                site.onset + r.phone_deadline.as_minutes(),
            );
            duties.require(
                &site.id,
                ReportKind::Written,
                site.onset + r.written_deadline.as_minutes(),
            );
        }
        let notice_at = site.reporting.notice_at.unwrap_or(u32::MAX);
        if site.reporting.noticed || notice_at >= end {
            continue;
        }
        site.reporting.noticed = true;
        agenda.lower(SiteWork::Reports, scenario, &site);
        let now = notice_at.max(clock.now);
        let reporter = site.reporting.reporter;
        let est = (
            sample::estimate(&mut rng.0, site.remaining(), FIRST_ESTIMATE_SIGMA),
            sample::estimate(&mut rng.0, dead_at(&site), FIRST_ESTIMATE_SIGMA),
        );
        if let Ok(mut belief) = beliefs.get_mut(chain.entities[reporter]) {
            belief.learn(IncidentBelief {
                incident: site.id.clone(),
                site: entity,
                place: site.place,
                est_trapped: est.0,
                est_dead: est.1,
                known_since: now,
                updated_at: now,
                reported_at: now,
                closed: site.closed,
                has_post: false,
            });
        }
        log.record(now, || EventKind::IncidentNoticed {
            incident: site.id.clone(),
            by: chain.ids[reporter].clone(),
            delay_min: now - site.onset,
        });
        report_site(
            scenario,
            &chain,
            &comms,
            (&mut messages, &mut log, &mut duties),
            now,
            reporter,
            ReportKind::Initial,
            About::site(entity, &site),
            est,
        );
    }
    agenda.reckon(SiteWork::Notices, scenario, sites.iter());
}

/// Run condition of [`deliver_reports`]: a report reaches its recipient this tick.
pub fn reports_due(clock: Res<Clock>, messages: Res<Messages>) -> bool {
    let end = clock.tick_end();
    messages.in_flight.iter().any(|m| m.arrives_at < end)
}

/// Delivers reports: the recipient's belief is updated, and the report climbs on.
#[allow(clippy::too_many_arguments)]
pub fn deliver_reports(
    clock: Res<Clock>,
    data: Res<ScenarioData>,
    chain: Res<Chain>,
    comms: Res<Comms>,
    mut messages: ResMut<Messages>,
    mut duties: ResMut<Duties>,
    mut log: ResMut<EventLog>,
    mut review: ResMut<DoctrineReview>,
    mut beliefs: Query<&mut Belief>,
) {
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
                        entry.est_trapped = m.est_trapped;
                        entry.est_dead = m.est_dead;
                        entry.closed = m.closed;
                        entry.updated_at = t;
                        entry.reported_at = m.sent_at;
                    }
                    entry.has_post |= from_post;
                }
                None => {
                    if m.to == chain.hq {
                        // A new incident for the HQ: the doctrine looks again.
                        review.0 = true;
                    }
                    belief.learn(IncidentBelief {
                        incident: m.incident.to_string(),
                        site: m.site,
                        place: m.place,
                        est_trapped: m.est_trapped,
                        est_dead: m.est_dead,
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
        if m.to == chain.hq {
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
        send_up(
            scenario,
            &chain,
            &comms,
            &mut messages,
            &mut log,
            t,
            m.to,
            m.kind,
            About {
                id: m.incident.clone(),
                site: m.site,
                place: m.place,
                closed: m.closed,
            },
            (m.est_trapped, m.est_dead),
            false,
        );
    }
}

/// Written, follow-up and verified reports, sent by the local command when they are due.
#[allow(clippy::too_many_arguments)]
pub fn send_scheduled_reports(
    clock: Res<Clock>,
    mut agenda: ResMut<SiteAgenda>,
    data: Res<ScenarioData>,
    chain: Res<Chain>,
    comms: Res<Comms>,
    mut rng: ResMut<InformationRng>,
    mut messages: ResMut<Messages>,
    mut duties: ResMut<Duties>,
    mut log: ResMut<EventLog>,
    mut commands: Commands,
    mut sites: Query<(Entity, &mut RescueSite), Without<Settled>>,
) {
    let scenario = &*data.0;
    let r = &scenario.plan.reporting;
    let now = clock.now;
    let every = r.followup_every.as_minutes().max(1);
    let lead = 2 * r.phone_hop.as_minutes();
    // Only sites with a report due this tick are visited in a fixed order (the draws).
    let due_now = |site: &RescueSite| {
        if !site.reporting.noticed {
            return false;
        }
        let notice_at = site.reporting.notice_at.unwrap_or(site.onset);
        let written =
            !site.reporting.written_sent && now >= notice_at + r.written_prep.as_minutes();
        let next_due = site.onset + every * (site.reporting.followups_sent + 1);
        let followup = next_due <= site.closed_at.unwrap_or(u32::MAX) && now + lead >= next_due;
        let verified = site.closed_at.is_some_and(|c| {
            !site.reporting.verified_sent && now >= c + r.written_prep.as_minutes()
        });
        written || followup || verified
    };
    for entity in in_id_order(&sites, due_now) {
        let Ok((_, mut site)) = sites.get_mut(entity) else {
            continue;
        };
        let reporter = site.reporting.reporter;
        let notice_at = site.reporting.notice_at.unwrap_or(site.onset);
        let mut to_send: Vec<ReportKind> = Vec::new();
        if !site.reporting.written_sent && now >= notice_at + r.written_prep.as_minutes() {
            site.reporting.written_sent = true;
            to_send.push(ReportKind::Written);
        }
        // Follow-ups are due every `every` minutes from onset while the incident is open; the
        // local command sends each two phone hops before it is due.
        let next_due = site.onset + every * (site.reporting.followups_sent + 1);
        if next_due <= site.closed_at.unwrap_or(u32::MAX) && now + lead >= next_due {
            site.reporting.followups_sent += 1;
            duties.require(&site.id, ReportKind::FollowUp, next_due);
            to_send.push(ReportKind::FollowUp);
        }
        if let Some(closed_at) = site.closed_at
            && !site.reporting.verified_sent
            && now >= closed_at + r.written_prep.as_minutes()
        {
            site.reporting.verified_sent = true;
            duties.require(
                &site.id,
                ReportKind::Verified,
                closed_at + r.verified_within.as_minutes(),
            );
            to_send.push(ReportKind::Verified);
        }
        for kind in to_send {
            let sigma = if kind == ReportKind::Verified {
                0.0
            } else {
                FOLLOWUP_ESTIMATE_SIGMA
            };
            let est = (
                sample::estimate(&mut rng.0, site.remaining(), sigma),
                sample::estimate(&mut rng.0, dead_at(&site), sigma),
            );
            report_site(
                scenario,
                &chain,
                &comms,
                (&mut messages, &mut log, &mut duties),
                now,
                reporter,
                kind,
                About::site(entity, &site),
                est,
            );
        }
        if fully_reported(scenario, &site) {
            commands.entity(entity).insert(Settled);
        }
    }
    agenda.reckon(SiteWork::Reports, scenario, sites.iter());
}

/// The level the tables call for, given a quake's magnitude and the deaths counted.
pub fn level_called_for(
    scenario: &Scenario,
    quake: Option<(f64, u32, f64)>,
    deaths: u32,
) -> Option<Level> {
    let grading = &scenario.grading;
    let initial = quake.and_then(|(magnitude, _, density)| {
        let table = if density > 200.0 {
            "earthquake_initial_dense"
        } else {
            "earthquake_initial_other"
        };
        grading
            .table(table)?
            .grade(&[(Measure::Magnitude, magnitude)])
    });
    let by_deaths = quake.and_then(|_| {
        grading
            .table("earthquake_deaths")?
            .grade(&[(Measure::Deaths, deaths as f64)])
    });
    [initial, by_deaths].into_iter().flatten().min()
}

/// Population density (people/km²) within 20 km of a point.
pub fn density_around(scenario: &Scenario, x_km: f64, y_km: f64) -> f64 {
    let radius = 20.0;
    let people: u64 = scenario
        .region
        .places
        .iter()
        .filter(|p| math::distance_km(p.x_km, p.y_km, x_km, y_km) <= radius)
        .map(|p| p.population as u64)
        .sum();
    people as f64 / (std::f64::consts::PI * radius * radius)
}

/// How many subordinates the county HQ is directing: the towns (乡镇) with open incidents it
/// knows of that no field command post runs. The HQ directs towns, not incidents; a field post
/// takes its incident off the HQ's hands.
pub fn hq_directing(belief: &Belief, scenario: &Scenario) -> u32 {
    let places = &scenario.region.places;
    let mut towns: Vec<usize> = belief
        .incidents
        .values()
        .filter(|i| !i.closed && !i.has_post)
        .map(|i| match places[i.place].kind {
            crate::scenario::PlaceKind::Village => places[i.place].parent.unwrap_or(i.place),
            _ => i.place,
        })
        .collect();
    towns.sort_unstable();
    towns.dedup();
    towns.len() as u32
}

/// Decision time of a node given how many subordinates it is directing.
pub fn decision_minutes(base: u32, span: u32, directing: u32) -> u32 {
    if span == 0 || directing <= span {
        return base;
    }
    let overload = (directing - span) as f64 / span as f64;
    (base as f64 * (1.0 + overload)).ceil() as u32
}

/// The last answer of [`level_called_for`], kept while its inputs stay the same.
#[derive(Default)]
pub struct LastGrade(Option<(QuakeSeen, u32, Option<Level>)>);

/// A quake as grading sees it: magnitude, minute, population density around the epicentre.
type QuakeSeen = Option<(f64, u32, f64)>;

impl LastGrade {
    fn grade(&mut self, scenario: &Scenario, quake: QuakeSeen, deaths: u32) -> Option<Level> {
        match self.0 {
            Some((q, d, level)) if q == quake && d == deaths => level,
            _ => {
                let level = level_called_for(scenario, quake, deaths);
                self.0 = Some((quake, deaths, level));
                level
            }
        }
    }
}

/// What [`grade_response`] keeps between ticks: the grades on the truth and on the HQ's belief.
#[derive(Default)]
pub struct GradingMemo {
    truth: LastGrade,
    belief: LastGrade,
}

/// Grades the response: what the truth calls for (for `level_lag_min`), and the HQ's
/// declarations on its belief, which release held forces.
#[allow(clippy::too_many_arguments)]
pub fn grade_response(
    clock: Res<Clock>,
    data: Res<ScenarioData>,
    chain: Res<Chain>,
    tally: Res<Tally>,
    mut levels: ResMut<Levels>,
    mut log: ResMut<EventLog>,
    mut review: ResMut<DoctrineReview>,
    beliefs: Query<&Belief>,
    mut teams: Query<(&TeamRef, &mut TeamState)>,
    mut memo: Local<GradingMemo>,
) {
    let scenario = &*data.0;
    let now = clock.now;
    let quake = levels.quake;
    // The truth.
    let true_deaths = (tally.killed_outright + tally.deaths_while_trapped) as u32;
    if let Some(level) = memo.truth.grade(scenario, quake, true_deaths) {
        for l in level.number()..=4 {
            let slot = &mut levels.required_since[l as usize - 1];
            if slot.is_none() && l == level.number() {
                *slot = Some(now);
            }
        }
    }
    // The HQ's belief: the magnitude once the quick report is in, the deaths reported.
    let quick = scenario.plan.response.quake_quick_report.as_minutes();
    let known_quake = quake.filter(|(_, at, _)| now >= at + quick);
    let Ok(belief) = beliefs.get(chain.entities[chain.hq]) else {
        return;
    };
    debug_assert_eq!(
        belief.believed_dead,
        belief
            .incidents
            .values()
            .map(|i| i.est_dead as u64)
            .sum::<u64>()
    );
    let believed_deaths = belief.believed_dead.min(u32::MAX as u64) as u32;
    let wanted = memo.belief.grade(scenario, known_quake, believed_deaths);
    if let Some(wanted) = wanted {
        let more_severe = levels.declared.is_none_or(|d| wanted < d);
        let pending_ok = levels.pending.is_some_and(|(l, _)| l <= wanted);
        if more_severe && !pending_ok {
            let directing = hq_directing(belief, scenario);
            let span = scenario
                .organisation
                .get(chain.hq)
                .map_or(5, |n| n.span_of_control);
            let delay =
                decision_minutes(scenario.plan.command.decision.as_minutes(), span, directing);
            levels.pending = Some((wanted, now + delay));
        }
    }
    if let Some((level, at)) = levels.pending
        && at <= now
    {
        levels.pending = None;
        declare(
            scenario,
            &chain,
            &mut levels,
            &mut log,
            &mut review,
            &mut teams,
            now,
            level,
            "doctrine",
        );
    }
}

/// Declares a level and releases the forces it unlocks.
#[allow(clippy::too_many_arguments)]
pub fn declare(
    scenario: &Scenario,
    chain: &Chain,
    levels: &mut Levels,
    log: &mut EventLog,
    review: &mut DoctrineReview,
    teams: &mut Query<(&TeamRef, &mut TeamState)>,
    now: u32,
    level: Level,
    source: &'static str,
) {
    if levels.declared.is_some_and(|d| d <= level) {
        return;
    }
    levels.declared = Some(level);
    let slot = &mut levels.declared_at[level.number() as usize - 1];
    slot.get_or_insert(now);
    log.record(now, || EventKind::LevelDeclared {
        by: chain.ids[chain.hq].clone(),
        level: level.roman(),
        source,
    });
    for rule in &scenario.plan.response.activation {
        if level.at_least(rule.level) {
            activate(scenario, log, review, teams, now, rule.kind, "level");
        }
    }
}

/// Releases held teams of a kind.
pub fn activate(
    scenario: &Scenario,
    log: &mut EventLog,
    review: &mut DoctrineReview,
    teams: &mut Query<(&TeamRef, &mut TeamState)>,
    now: u32,
    kind: TeamKind,
    cause: &'static str,
) {
    let mut released: Vec<(usize, String)> = Vec::new();
    for (team, mut state) in teams.iter_mut() {
        let spec = &scenario.teams[team.index];
        if spec.kind == kind && !state.active {
            state.active = true;
            state.available_since = now;
            released.push((team.index, spec.id.clone()));
        }
    }
    released.sort();
    for (_, id) in released {
        log.record(now, || EventKind::TeamActivated { team: id, cause });
    }
    review.0 = true;
}

/// The doctrine's field commanders: set up a post at large incidents after the first team
/// arrives, send the size-up and situation reports; compliance with the plan's deadlines is
/// recorded.
#[allow(clippy::too_many_arguments)]
pub fn run_field_command(
    clock: Res<Clock>,
    mut agenda: ResMut<SiteAgenda>,
    data: Res<ScenarioData>,
    chain: Res<Chain>,
    comms: Res<Comms>,
    team_entities: Res<TeamEntities>,
    mut rng: ResMut<OperationsRng>,
    mut messages: ResMut<Messages>,
    mut duties: ResMut<Duties>,
    mut log: ResMut<EventLog>,
    mut commands: Commands,
    mut sites: Query<(Entity, &mut RescueSite), Without<Settled>>,
    teams: Query<(&TeamRef, &TeamState)>,
) {
    let scenario = &*data.0;
    let f = &scenario.plan.field_command;
    let now = clock.now;
    // Only incidents where the field commander has something to do this tick; in a fixed
    // order (the draws).
    let sizeup = f.sizeup_within.as_minutes().saturating_sub(5).max(1);
    let every = f.sitrep_every.as_minutes().max(1);
    let has_work = |s: &RescueSite| {
        if s.trapped_initial < f.post_at_trapped || s.first_team_at.is_none() {
            return false;
        }
        match &s.reporting.post {
            None => !s.closed && s.reporting.post_due.is_none_or(|due| due <= now),
            Some(post) if !post.sizeup_sent => now >= post.set_up_at + sizeup,
            Some(post) => !s.closed && now + 2 >= post.set_up_at + every * (post.sitreps_sent + 1),
        }
    };
    for entity in in_id_order(&sites, has_work) {
        let Ok((_, mut site)) = sites.get_mut(entity) else {
            continue;
        };
        let arrived = site.first_team_at.unwrap_or(now);
        if site.reporting.post.is_none() {
            if site.closed {
                continue;
            }
            let due = *site.reporting.post_due.get_or_insert_with(|| {
                let (lo, hi) = f.setup_delay_min;
                arrived + rng.0.random_range(lo..=hi.max(lo))
            });
            if due > now {
                continue;
            }
            // The commander: the first team on scene still there, else any team on the task.
            let commander = team_entities
                .0
                .iter()
                .filter_map(|e| teams.get(*e).ok())
                .filter(|(_, s)| s.location == site.place && s.status == TeamStatus::Working)
                .map(|(t, _)| scenario.teams[t.index].id.clone())
                .next()
                .unwrap_or_else(|| "unnamed".to_string());
            let deadline = arrived + f.setup_within.as_minutes();
            duties
                .protocol
                .push((site.id.clone(), "post_set_up", deadline, Some(now)));
            duties
                .protocol
                .push((site.id.clone(), "safety_officer_named", deadline, Some(now)));
            log.record(now, || EventKind::FieldPostSetUp {
                incident: site.id.clone(),
                commander: commander.clone(),
                on_time: now <= deadline,
            });
            site.reporting.post = Some(FieldPost {
                set_up_at: now,
                commander,
                sizeup_sent: false,
                sitreps_sent: 0,
            });
            continue;
        }
        let Some(post) = site.reporting.post.clone() else {
            continue;
        };
        let mut send: Option<ReportKind> = None;
        let mut updated = post.clone();
        if !post.sizeup_sent {
            if now >= post.set_up_at + f.sizeup_within.as_minutes().saturating_sub(5).max(1) {
                updated.sizeup_sent = true;
                let due = post.set_up_at + f.sizeup_within.as_minutes();
                duties
                    .protocol
                    .push((site.id.clone(), "size_up", due, Some(now)));
                send = Some(ReportKind::SizeUp);
            }
        } else if !site.closed {
            let every = f.sitrep_every.as_minutes().max(1);
            let due = post.set_up_at + every * (post.sitreps_sent + 1);
            if now >= due.saturating_sub(2) {
                updated.sitreps_sent += 1;
                duties
                    .protocol
                    .push((site.id.clone(), "sitrep", due, Some(now)));
                send = Some(ReportKind::Sitrep);
            }
        }
        site.reporting.post = Some(updated);
        if let Some(kind) = send {
            // The field commander reports to the county HQ directly, from the scene.
            let from = site.reporting.reporter;
            let (latency, channel) = if comms.phone_at(site.place) {
                (scenario.plan.reporting.phone_hop.as_minutes(), "phone")
            } else {
                (
                    scenario.plan.reporting.satellite_hop.as_minutes(),
                    "satellite",
                )
            };
            let est = (site.remaining(), dead_at(&site));
            let route = Route {
                from,
                to: chain.hq,
                latency,
                channel,
                direct: true,
            };
            let sender = field_post_id(&site.id);
            send_message(
                &mut messages,
                &mut log,
                &chain,
                now,
                kind,
                &About::site(entity, &site),
                est,
                route,
                Some(sender),
            );
        }
        if fully_reported(scenario, &site) {
            commands.entity(entity).insert(Settled);
        }
    }
    agenda.reckon(SiteWork::FieldCommand, scenario, sites.iter());
}

/// What each command node has been told about each team: status and place as of the team's
/// last status report, which reaches the HQ `plan.command.team_report` after the change.
#[derive(Resource, Debug, Default)]
pub struct TeamReports {
    /// Per team: the latest (status, place) and the minute it started.
    pub seen: Vec<(&'static str, usize, u32)>,
    /// Per team: what the HQ knows, and as of when.
    pub reported: Vec<(&'static str, usize, u32)>,
    /// Teams whose latest change the HQ has not heard yet.
    pub pending: Vec<usize>,
}

/// Teams report their status changes; the HQ learns each after the report latency.
pub fn report_team_status(
    clock: Res<Clock>,
    data: Res<ScenarioData>,
    team_entities: Res<TeamEntities>,
    mut reports: ResMut<TeamReports>,
    teams: Query<&TeamState>,
    changed: Query<(&TeamRef, &TeamState), Changed<TeamState>>,
) {
    let now = clock.now;
    let latency = data.0.plan.command.team_report.as_minutes();
    if reports.seen.len() != team_entities.0.len() {
        let initial: Vec<(&'static str, usize, u32)> = team_entities
            .0
            .iter()
            .map(|e| {
                teams
                    .get(*e)
                    .map_or(("available", 0, 0), |s| (s.status.name(), s.location, 0))
            })
            .collect();
        reports.seen = initial.clone();
        reports.reported = initial;
    }
    // Only teams whose state was touched since the last tick can have news.
    for (team, state) in &changed {
        let index = team.index;
        let current = (state.status.name(), state.location);
        if (reports.seen[index].0, reports.seen[index].1) != current {
            reports.seen[index] = (current.0, current.1, now);
            if !reports.pending.contains(&index) {
                reports.pending.push(index);
            }
        }
    }
    // News reaches the HQ a report latency after the change.
    let reports = &mut *reports;
    reports.pending.retain(|&index| {
        let seen = reports.seen[index];
        if now < seen.2 + latency {
            return true;
        }
        reports.reported[index] = seen;
        false
    });
}

/// Who is looking: the exercise controller (ground truth) or a command node (its belief).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Controller,
    Node(usize),
}

/// An incident as a role sees it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct IncidentView {
    pub incident: String,
    pub place: String,
    pub trapped: u32,
    pub dead: u32,
    /// When this role learned of it.
    pub known_since: u32,
    /// When its figures were last updated for this role.
    pub updated_at: u32,
    pub closed: bool,
}

/// A team as a role sees it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TeamView {
    pub team: String,
    pub status: &'static str,
    pub place: String,
    /// As of when.
    pub as_of: u32,
}

/// A report in a role's inbox.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct InboxView {
    pub at: u32,
    pub from: String,
    pub report: &'static str,
    pub incident: String,
    pub trapped: u32,
    pub dead: u32,
}

/// Exactly what one role knows at one moment.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct View {
    pub role: String,
    pub now: u32,
    /// The level in force (everyone in the chain is told of a declaration).
    pub level: Option<&'static str>,
    pub incidents: Vec<IncidentView>,
    pub teams: Vec<TeamView>,
    pub inbox: Vec<InboxView>,
}
