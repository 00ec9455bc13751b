//! Requests: a seat asks for an order beyond its authority ([`crate::sim::Sim::request_as`]).
//! The request climbs the chain to the nearest seat that holds the order, one phone hop per
//! link; the doctrine answers for a seat nobody plays — it gives the order as that seat when it
//! could, else refuses with the reason — and the answer comes back down the same way.
//! Documented in docs/command-model.md §8a.

use bevy_ecs::prelude::*;

use crate::sim::components::TeamState;
use crate::sim::events::{EventKind, EventLog};
use crate::sim::order::Order;
use crate::sim::resources::TeamEntities;
use crate::sim::{GiveError, Sim};

/// A request on its way to the seat that holds its order, or waiting there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The seat that asked, and the one asked (command nodes).
    pub asker: usize,
    pub holder: usize,
    pub order: Order,
    /// Minutes one way between them (the answer takes as long).
    pub latency_min: u32,
    /// When it reaches the holder.
    pub arrives_at: u32,
}

/// An answer on its way back to the seat that asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub asker: usize,
    pub holder: usize,
    /// The order asked for, as written.
    pub order: String,
    /// Why it was refused, in Chinese and English; `None`: granted (the order was given).
    pub refused: Option<(String, String)>,
    pub arrives_at: u32,
}

/// Requests and answers in flight, in the order they were made, and the answers delivered.
#[derive(Resource, Debug, Default)]
pub struct Requests {
    pub pending: Vec<Request>,
    pub answers: Vec<Answer>,
    /// Answers that reached their askers, in the order they arrived (the drill shows each
    /// in the asking seat's inbox, in its language).
    pub delivered: Vec<Answer>,
}

impl Requests {
    /// Whether anything is due by `now` (nothing in a headless run).
    pub fn any_due(&self, now: u32) -> bool {
        self.pending.iter().any(|r| r.arrives_at <= now)
            || self.answers.iter().any(|a| a.arrives_at <= now)
    }

    /// Takes the requests that have reached their holder by `now`, except those held by a
    /// seat in `played` (a person answers those), in the order they were made.
    pub fn take_arrived(&mut self, now: u32, played: &[usize]) -> Vec<Request> {
        let mut arrived = Vec::new();
        self.pending.retain(|r| {
            if r.arrives_at <= now && !played.contains(&r.holder) {
                arrived.push(r.clone());
                false
            } else {
                true
            }
        });
        arrived
    }

    /// Takes the answers that have reached their asker by `now`, in the order they were given.
    pub fn take_answered(&mut self, now: u32) -> Vec<Answer> {
        let mut due = Vec::new();
        self.answers.retain(|a| {
            if a.arrives_at <= now {
                due.push(a.clone());
                false
            } else {
                true
            }
        });
        due
    }
}

impl Sim {
    /// Asks, as `role`, for an order beyond its authority: the request climbs the chain to the
    /// nearest seat that holds the order (one phone hop per link), the doctrine answers for a seat
    /// nobody plays — it gives the order as that seat unless the order tasks a team not yet
    /// released — and the answer comes back as long ([`EventKind::RequestAnswered`]). Returns
    /// the minute the request reaches that seat. An order within the seat's authority is simply
    /// given, now.
    pub fn request_as(
        &mut self,
        order: Order,
        role: super::Role,
        source: &'static str,
    ) -> Result<u32, GiveError> {
        let now = self.now();
        let beyond = match self.apply_as(order.clone(), role, source) {
            Ok(()) => return Ok(now),
            Err(GiveError::Beyond(beyond)) => beyond,
            Err(other) => return Err(other),
        };
        let chain = self.world.resource::<super::Chain>();
        let holder = beyond
            .holder
            .as_ref()
            .and_then(|(id, _)| chain.ids.iter().position(|n| n == id));
        let (super::Role::Node(asker), Some(holder)) = (role, holder) else {
            return Err(beyond.into());
        };
        // Links between the two, up the chain (at most one per node).
        let mut hops = 0;
        let mut at = asker;
        while at != holder && hops < chain.ids.len() as u32 {
            match chain.up(at) {
                Some(up) => at = up,
                None => break,
            }
            hops += 1;
        }
        let hop = self.scenario.plan.reporting.phone_hop.as_minutes().max(1);
        let latency = hops.max(1) * hop;
        let (by, to) = (chain.ids[asker].clone(), chain.ids[holder].clone());
        self.world
            .resource_mut::<EventLog>()
            .record(now, || EventKind::RequestSent {
                by,
                to,
                order: order.to_string(),
                latency_min: latency,
            });
        let mut requests = self.world.resource_mut::<super::Requests>();
        requests.pending.push(super::Request {
            asker,
            holder,
            order,
            latency_min: latency,
            arrives_at: now + latency,
        });
        Ok(now + latency)
    }

    /// The doctrine answers the requests that reached a seat nobody plays, and the answers that
    /// reached their askers are logged. Nothing is due in a headless run.
    pub(in crate::sim) fn answer_requests(&mut self) {
        let now = self.now();
        if !self.world.resource::<super::Requests>().any_due(now) {
            return;
        }
        let played = self.world.resource::<super::PlayedSeats>().nodes.clone();
        let arrived = self
            .world
            .resource_mut::<super::Requests>()
            .take_arrived(now, &played);
        for request in arrived {
            // A request for support is answered from the echelons the seat holds, or passed up.
            let refused = if let Order::RequestSupport { kind, count, .. } = request.order {
                match self.answer_support(&request, kind, count) {
                    super::SupportAnswer::Passed => continue,
                    super::SupportAnswer::Answer(refused) => refused,
                }
            } else {
                let refused = self.could_not_give(&request.order);
                if refused.is_none() {
                    self.give(request.order.clone(), "request", Some(request.holder));
                }
                refused
            };
            let answer = super::Answer {
                asker: request.asker,
                holder: request.holder,
                order: request.order.to_string(),
                refused,
                arrives_at: now + request.latency_min,
            };
            self.world
                .resource_mut::<super::Requests>()
                .answers
                .push(answer);
        }
        let answered = self
            .world
            .resource_mut::<super::Requests>()
            .take_answered(now);
        self.world
            .resource_mut::<super::Requests>()
            .delivered
            .extend(answered.iter().cloned());
        let ids = self.world.resource::<super::Chain>().ids.clone();
        let mut log = self.world.resource_mut::<EventLog>();
        for answer in answered {
            log.record(now, || EventKind::RequestAnswered {
                to: ids[answer.asker].clone(),
                by: ids[answer.holder].clone(),
                order: answer.order.clone(),
                granted: answer.refused.is_none(),
                reason: answer.refused.map(|(_, en)| en).unwrap_or_default(),
            });
        }
    }

    /// The answers that have reached the seats that asked, in the order they arrived.
    pub fn request_answers(&self) -> &[super::Answer] {
        &self.world.resource::<super::Requests>().delivered
    }

    /// The id of command node `node` (a seat), as the event log writes it.
    pub fn node_id(&self, node: usize) -> Option<&str> {
        let chain = self.world.resource::<super::Chain>();
        chain.ids.get(node).map(String::as_str)
    }

    /// Why the seat asked could not give `order` now (zh, en): it tasks a team still held back.
    fn could_not_give(&mut self, order: &Order) -> Option<(String, String)> {
        let team = order.tasked_team()?;
        let index = self.scenario.teams.iter().position(|t| t.id == team)?;
        let entity = self.world.resource::<TeamEntities>().0[index];
        let active = self
            .world
            .get::<TeamState>(entity)
            .is_some_and(|s| s.active);
        (!active).then(|| {
            (
                format!("{team}尚未解除待命：须先宣布响应级别或请求增援"),
                format!(
                    "{team} has not been released: a level must be declared or aid requested first"
                ),
            )
        })
    }
}

impl Sim {
    /// The seat a request for support reached answers it (command/support.rs).
    fn answer_support(
        &mut self,
        request: &super::Request,
        kind: crate::scenario::TeamKind,
        count: u32,
    ) -> super::SupportAnswer {
        let now = self.now();
        let chain = self.world.resource::<super::Chain>().clone();
        let scenario = self.scenario.clone();
        self.world
            .resource_scope(|world, mut echelons: Mut<super::Echelons>| {
                world.resource_scope(|world, mut requests: Mut<super::Requests>| {
                    let mut log = world.resource_mut::<EventLog>();
                    super::answer_support(
                        &scenario,
                        &chain,
                        &mut echelons,
                        &mut requests,
                        &mut log,
                        now,
                        request,
                        kind,
                        count,
                    )
                })
            })
    }
}
