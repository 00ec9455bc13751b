//! Reinforcement echelons (增援梯队) held off the map by an HQ, and requests for support
//! (请求支援) up the chain and across.
//!
//! An echelon is a team of the scenario held by a command node (`echelon.held_by`), inactive
//! until released: by a level in force at a named HQ on a ladder (read from
//! [`Levels::in_force`] after grading), or by a request for support that the holding seat grants.
//! Released, it mobilises and approaches, then enters the map at its entry point (its `base`),
//! under the county HQ it is sent to; from there it is a team like any other.
//!
//! A request for support (`request-support SEAT KIND [N]`) travels as every request does
//! ([`super::Requests`], one phone hop per link): the seat asked grants from the echelons it
//! holds, or — an HQ — passes the request to the HQ above it, or refuses and says why. A county
//! HQ's doctrine asks its superior when it believes more people trapped per rescue team of its
//! own than `models.support` allows. Documented in docs/command-model.md §8b.

use bevy_ecs::prelude::*;

use super::belief::Belief;
use super::chain::Chain;
use super::grading::Levels;
use super::requests::{Request, Requests};
use super::seats::PlayedSeats;
use crate::scenario::{Capability, Scenario, TeamKind};
use crate::sim::components::*;
use crate::sim::events::{EventKind, EventLog};
use crate::sim::order::Order;
use crate::sim::resources::*;

/// For each team (scenario order): the county HQ whose doctrine tasks it — the HQ of the county
/// its base lies in, or for an echelon the HQ it was sent to (none while it is held).
#[derive(Resource, Debug, Clone)]
pub struct TeamCommand(pub Vec<Option<usize>>);

impl TeamCommand {
    pub fn build(scenario: &Scenario, chain: &Chain) -> TeamCommand {
        TeamCommand(
            scenario
                .teams
                .iter()
                .map(|t| {
                    let hq = chain.hq_of_place.get(t.base).copied().unwrap_or(chain.hq);
                    t.echelon.is_none().then_some(hq)
                })
                .collect(),
        )
    }
}

/// Where an echelon is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Held off the map by its HQ.
    Held,
    /// Released: mobilising and approaching; it enters at `enters_at`, under county HQ `to`.
    Coming { enters_at: u32, to: usize },
    /// On the map.
    Entered,
}

/// The echelons of the scenario and when each county HQ's doctrine last asked for support.
#[derive(Resource, Debug, Default)]
pub struct Echelons {
    /// (team index, stage), in scenario order.
    pub stages: Vec<(usize, Stage)>,
    /// (county HQ, minute) of each HQ's last request by doctrine.
    pub asked_at: Vec<(usize, u32)>,
}

impl Echelons {
    pub fn build(scenario: &Scenario) -> Echelons {
        Echelons {
            stages: (scenario.teams.iter().enumerate())
                .filter(|(_, t)| t.echelon.is_some())
                .map(|(i, _)| (i, Stage::Held))
                .collect(),
            asked_at: Vec::new(),
        }
    }

    /// Whether any echelon is still off the map (run condition of [`release_echelons`]).
    pub fn waiting(&self) -> bool {
        self.stages.iter().any(|(_, s)| *s != Stage::Entered)
    }

    /// The held echelons that a request to `holder` for `kind` may release, in scenario order.
    fn grantable(&self, scenario: &Scenario, holder: usize, kind: TeamKind) -> Vec<usize> {
        self.stages
            .iter()
            .filter(|(_, s)| *s == Stage::Held)
            .map(|(t, _)| *t)
            .filter(|&t| {
                let team = &scenario.teams[t];
                team.kind == kind
                    && team
                        .echelon
                        .as_ref()
                        .is_some_and(|e| e.held_by == holder && e.on_request)
            })
            .collect()
    }

    /// Releases held echelon `team` at `now`, by seat `by` for `cause`, to county HQ `to`.
    #[allow(clippy::too_many_arguments)]
    pub fn release(
        &mut self,
        scenario: &Scenario,
        chain: &Chain,
        log: &mut EventLog,
        now: u32,
        team: usize,
        by: usize,
        cause: &'static str,
        to: usize,
    ) {
        let Some(slot) = self.stages.iter_mut().find(|(t, _)| *t == team) else {
            return;
        };
        if slot.1 != Stage::Held {
            return;
        }
        let spec = &scenario.teams[team];
        let approach = spec.echelon.as_ref().map_or(0, |e| e.approach_min);
        let enters_at = now + spec.mobilisation_min + approach;
        slot.1 = Stage::Coming { enters_at, to };
        log.record(now, || EventKind::EchelonReleased {
            team: spec.id.clone(),
            by: chain.ids[by].clone(),
            cause,
            to: chain.ids[to].clone(),
            entry: scenario.region.places[spec.base].id.clone(),
            enters_at,
        });
    }
}

/// The county HQ that echelons released by a level at `hq` are sent to: `hq` itself if it is a
/// county HQ, else the county below it whose HQ believes most people dead or trapped (the
/// first in the organisation's order on a tie).
fn worst_hit(chain: &Chain, beliefs: &Query<&Belief>, hq: usize) -> usize {
    if chain.is_county_hq(hq) {
        return hq;
    }
    let below = |c: usize| {
        let mut at = Some(c);
        for _ in 0..chain.ids.len() {
            match at {
                Some(n) if n == hq => return true,
                Some(n) => at = chain.superior(n),
                None => return false,
            }
        }
        false
    };
    let toll = |c: usize| {
        beliefs.get(chain.entities[c]).map_or(0, |b| {
            let trapped: u64 = (b.incidents.values())
                .filter(|i| !i.closed)
                .map(|i| i.est_trapped as u64)
                .sum();
            b.believed_dead + trapped
        })
    };
    let mut best: Option<(u64, usize)> = None;
    for &c in chain.county_hqs.iter().filter(|&&c| below(c)) {
        let t = toll(c);
        if best.is_none_or(|(b, _)| t > b) {
            best = Some((t, c));
        }
    }
    best.map_or(chain.hq, |(_, c)| c)
}

/// Sends a request for support from `asker` (a command node) to the seat `order` names: one
/// phone hop per link up the chain between them, one hop to a seat across. Returns the minute
/// it arrives; `None` when the order is not a request for support or its seat is unknown.
pub fn send_support_request(
    scenario: &Scenario,
    chain: &Chain,
    requests: &mut Requests,
    log: &mut EventLog,
    now: u32,
    asker: usize,
    order: Order,
) -> Option<u32> {
    let Order::RequestSupport { seat, .. } = &order else {
        return None;
    };
    let holder = chain.ids.iter().position(|n| n == seat)?;
    let mut hops = 0;
    let mut at = Some(asker);
    while let Some(n) = at
        && n != holder
        && hops <= chain.ids.len() as u32
    {
        at = chain.superior(n);
        hops += 1;
    }
    // Not above the asker: a seat across (the army's liaison, a neighbouring county).
    let hops = if at == Some(holder) { hops.max(1) } else { 1 };
    let latency = hops * scenario.plan.reporting.phone_hop.as_minutes().max(1);
    log.record(now, || EventKind::RequestSent {
        by: chain.ids[asker].clone(),
        to: seat.clone(),
        order: order.to_string(),
        latency_min: latency,
    });
    requests.pending.push(Request {
        asker,
        holder,
        order,
        latency_min: latency,
        arrives_at: now + latency,
    });
    Some(now + latency)
}

/// How the seat asked answers a request for support.
pub enum SupportAnswer {
    /// Granted: echelons released. Refused: why, in Chinese and English.
    Answer(Option<(String, String)>),
    /// Passed on to the HQ above; the answer will come from there.
    Passed,
}

/// The seat a request reached answers it by doctrine: it releases up to `count` echelons of
/// `kind` it holds to the asker's county; an HQ with none left passes the request to the HQ
/// above it; any other seat refuses, and says why.
#[allow(clippy::too_many_arguments)]
pub fn answer_support(
    scenario: &Scenario,
    chain: &Chain,
    echelons: &mut Echelons,
    requests: &mut Requests,
    log: &mut EventLog,
    now: u32,
    request: &Request,
    kind: TeamKind,
    count: u32,
) -> SupportAnswer {
    let holder = request.holder;
    let grant = echelons.grantable(scenario, holder, kind);
    if !grant.is_empty() {
        let to = chain.hq_of_node[request.asker];
        for &team in grant.iter().take(count.max(1) as usize) {
            echelons.release(scenario, chain, log, now, team, holder, "request", to);
        }
        return SupportAnswer::Answer(None);
    }
    let is_hq = chain.kinds[holder].government().is_some();
    if is_hq && let Some(up) = chain.superior(holder) {
        let hop = scenario.plan.reporting.phone_hop.as_minutes().max(1);
        log.record(now, || EventKind::RequestSent {
            by: chain.ids[holder].clone(),
            to: chain.ids[up].clone(),
            order: request.order.to_string(),
            latency_min: hop,
        });
        requests.pending.push(Request {
            asker: request.asker,
            holder: up,
            order: request.order.clone(),
            latency_min: request.latency_min + hop,
            arrives_at: now + hop,
        });
        return SupportAnswer::Passed;
    }
    let id = &chain.ids[holder];
    let word = crate::sim::order::kind_word(kind);
    let held_any = scenario
        .teams
        .iter()
        .any(|t| t.kind == kind && t.echelon.as_ref().is_some_and(|e| e.held_by == holder));
    SupportAnswer::Answer(Some(if held_any {
        (
            format!("{id}的{word}增援梯队已全部派出，且无上级可再请求"),
            format!("{id} has no {word} echelon left to release, and no HQ above it to ask"),
        )
    } else {
        (
            format!("{id}没有可派出的{word}增援梯队，且无上级可再请求"),
            format!("{id} holds no {word} echelon, and has no HQ above it to ask"),
        )
    }))
}

/// Run condition of [`release_echelons`]: an echelon is still off the map.
pub fn echelons_waiting(echelons: Res<Echelons>) -> bool {
    echelons.waiting()
}

/// Echelons released by a level in force, echelons entering the map, and county HQs' doctrine
/// asking for support. Runs after grading.
#[allow(clippy::too_many_arguments)]
pub fn release_echelons(
    clock: Res<Clock>,
    data: Res<ScenarioData>,
    chain: Res<Chain>,
    levels: Res<Levels>,
    beliefs: Query<&Belief>,
    played: Res<PlayedSeats>,
    mut echelons: ResMut<Echelons>,
    mut command: ResMut<TeamCommand>,
    mut requests: ResMut<Requests>,
    mut teams: Query<(&TeamRef, &mut TeamState)>,
    entities: Res<TeamEntities>,
    mut log: ResMut<EventLog>,
    mut review: ResMut<DoctrineReview>,
) {
    if echelons.stages.is_empty() {
        return;
    }
    let scenario = &*data.0;
    let now = clock.now;
    // Levels in force release the echelons they name.
    let held: Vec<usize> = (echelons.stages.iter())
        .filter(|(_, s)| *s == Stage::Held)
        .map(|(t, _)| *t)
        .collect();
    for team in held {
        let Some(e) = &scenario.teams[team].echelon else {
            continue;
        };
        let by = e.on_level.iter().find(|(hq, ladder, level)| {
            levels
                .in_force(&chain, *hq, *ladder)
                .is_some_and(|l| l.at_least(*level))
        });
        if let Some(&(hq, _, _)) = by {
            let to = worst_hit(&chain, &beliefs, hq);
            echelons.release(scenario, &chain, &mut log, now, team, hq, "level", to);
        }
    }
    // Echelons whose approach is over enter the map.
    for i in 0..echelons.stages.len() {
        let (team, Stage::Coming { enters_at, to }) = echelons.stages[i] else {
            continue;
        };
        if enters_at > now {
            continue;
        }
        echelons.stages[i].1 = Stage::Entered;
        if let Ok((_, mut state)) = teams.get_mut(entities.0[team]) {
            let base = scenario.teams[team].base;
            state.status = TeamStatus::Available;
            state.location = base;
            state.origin = base;
            state.active = true;
            state.mobilised = true;
            state.shift_start = enters_at;
            state.available_since = enters_at;
        }
        command.0[team] = Some(to);
        let spec = &scenario.teams[team];
        log.record(enters_at, || EventKind::EchelonEntered {
            team: spec.id.clone(),
            place: scenario.region.places[spec.base].id.clone(),
            to: chain.ids[to].clone(),
        });
        review.request();
    }
    // Each county HQ nobody plays asks for support when it believes more trapped per rescue
    // team of its own than the model allows, and an echelon a request can release is held
    // above it.
    let support = &scenario.models.support;
    for &hq in &chain.county_hqs {
        if played.nodes.contains(&hq) {
            continue;
        }
        let Some(up) = chain.superior(hq) else {
            continue;
        };
        let last = echelons
            .asked_at
            .iter()
            .find(|(c, _)| *c == hq)
            .map(|x| x.1);
        if last.is_some_and(|t| now < t + support.interval_min) {
            continue;
        }
        // The first echelon a request can release at the nearest seat above that holds one.
        let mut kind = None;
        let mut at = Some(up);
        while let Some(n) = at
            && kind.is_none()
        {
            kind = (echelons.stages.iter())
                .filter(|(_, s)| *s == Stage::Held)
                .map(|(t, _)| &scenario.teams[*t])
                .find(|t| {
                    t.echelon
                        .as_ref()
                        .is_some_and(|e| e.held_by == n && e.on_request)
                })
                .map(|t| t.kind);
            at = chain.superior(n);
        }
        let Some(kind) = kind else { continue };
        let Ok(belief) = beliefs.get(chain.entities[hq]) else {
            continue;
        };
        let trapped: u64 = (belief.incidents.values())
            .filter(|i| !i.closed)
            .map(|i| i.est_trapped as u64)
            .sum();
        if trapped == 0 {
            continue;
        }
        let own = teams
            .iter()
            .filter(|(t, s)| {
                s.active
                    && command.0.get(t.index).copied().flatten() == Some(hq)
                    && scenario.teams[t.index]
                        .rate(Capability::Extrication)
                        .is_some()
            })
            .count();
        if (trapped as f64) <= support.trapped_per_team * own.max(1) as f64 {
            continue;
        }
        let order = Order::RequestSupport {
            seat: chain.ids[up].clone(),
            kind,
            count: support.count,
        };
        send_support_request(scenario, &chain, &mut requests, &mut log, now, hq, order);
        match echelons.asked_at.iter_mut().find(|(c, _)| *c == hq) {
            Some(slot) => slot.1 = now,
            None => echelons.asked_at.push((hq, now)),
        }
    }
}
