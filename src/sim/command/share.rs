//! The information verbs a seat uses: `share SEAT WHAT` sends what it knows of one kind to
//! another seat, `sizeup PLACE` / `sitrep PLACE` send the scene's report from the place's field
//! post up the chain. Each travels with the chain's hop latency and lands in the recipient's
//! belief and inbox; each is logged (`information_shared`, `report_filed`) so the after-action
//! report can list what every seat shared and received.

use std::collections::BTreeMap;

use bevy_ecs::prelude::*;

use super::belief::{Belief, IncidentBelief, RoadBelief};
use super::chain::{Chain, Comms};
use super::duties::ReportKind;
use super::facts::{Fact, facts_of, held_by};
use super::knowledge::{Body, Tidings};
use super::messaging::{About, Estimate, Messages, Outbox, Report, Route, field_post_id, hop};
use super::reports::on_scene;
use super::view::FactView;
use crate::scenario::CommandKind;
use crate::sim::Sim;
use crate::sim::components::RescueSite;
use crate::sim::events::{EventKind, EventLog};
use crate::sim::order::{Info, Order};

/// Why an information verb was not sent, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InfoRefused {
    #[error("no seat `{0}` in this organisation")]
    UnknownSeat(String),
    #[error("a seat does not share with itself")]
    SameSeat,
    #[error("nothing to share: this seat holds no {}", .0.labels().1)]
    NothingToShare(Info),
    #[error("no open incident known at {0}")]
    NoIncident(String),
    #[error("{place} is not under this seat's command (it reports to {reporter})")]
    NotYourPlace { place: String, reporter: String },
    #[error("`{0}` is an order to forces, not information")]
    NotInformation(String),
}

impl InfoRefused {
    /// The reason in Chinese (`zh`) or English.
    pub fn text(&self, zh: bool) -> String {
        if !zh {
            return self.to_string();
        }
        match self {
            InfoRefused::UnknownSeat(seat) => format!("本组织中没有席位 `{seat}`"),
            InfoRefused::SameSeat => "不能向本席位自己共享".to_string(),
            InfoRefused::NothingToShare(what) => {
                format!("无可共享：本席位没有{}", what.labels().0)
            }
            InfoRefused::NoIncident(place) => format!("{place} 没有已知的未结束灾情"),
            InfoRefused::NotYourPlace { place, reporter } => {
                format!("{place} 不归本席位指挥（由 {reporter} 上报）")
            }
            InfoRefused::NotInformation(order) => format!("`{order}` 是调度命令，不是信息"),
        }
    }
}

/// What a node knows of roads and incidents: its own belief, and for a specialised HQ (which
/// sits with the county HQ) the county HQ's as well.
pub(crate) struct Picture {
    pub roads: BTreeMap<usize, RoadBelief>,
    pub incidents: BTreeMap<String, IncidentBelief>,
    /// The belief whose reports it sees: the county HQ's for a specialised HQ, else its own.
    pub base: Belief,
    /// A specialised HQ's own belief (what was shared with it).
    specialised_own: Option<Belief>,
}

impl Picture {
    /// The node's own belief (what was shared with it, and for most nodes everything).
    pub fn own(&self) -> &Belief {
        self.specialised_own.as_ref().unwrap_or(&self.base)
    }
}

impl Sim {
    /// The belief of `node` (empty if it has none).
    fn belief_of(&self, node: usize) -> Belief {
        let chain = self.world.resource::<Chain>();
        chain
            .entities
            .get(node)
            .and_then(|e| self.world.get::<Belief>(*e))
            .cloned()
            .unwrap_or_default()
    }

    /// What `node` knows of roads and incidents (see [`Picture`]).
    pub(crate) fn picture(&self, node: usize) -> Picture {
        let (hq, specialised) = {
            let chain = self.world.resource::<Chain>();
            (chain.hq_of_node[node], chain.kinds[node].sits_with_hq())
        };
        let own = specialised.then(|| self.belief_of(node));
        let base = self.belief_of(if specialised { hq } else { node });
        let mut roads = base.roads.clone();
        let mut incidents = base.incidents.clone();
        if let Some(own) = &own {
            for (road, found) in &own.roads {
                if roads.get(road).is_none_or(|held| held.as_of < found.as_of) {
                    roads.insert(*road, *found);
                }
            }
            for (id, incident) in &own.incidents {
                if incidents
                    .get(id)
                    .is_none_or(|held| held.reported_at < incident.reported_at)
                {
                    incidents.insert(id.clone(), incident.clone());
                }
            }
        }
        Picture {
            roads,
            incidents,
            base,
            specialised_own: own,
        }
    }

    /// The department facts of `kind` that `node` holds: its own (a department's) and those
    /// shared with it, each with the node it came from.
    pub(crate) fn facts_known(&mut self, node: usize, kind: Info) -> Vec<(usize, Fact)> {
        let now = self.now();
        let scenario = self.scenario.clone();
        let desk = match self.world.resource::<Chain>().kinds[node] {
            CommandKind::Department(desk) => Some(desk),
            _ => None,
        };
        let mut facts: Vec<(usize, Fact)> = desk
            .map(|desk| facts_of(&mut self.world, &scenario, desk, kind, now))
            .unwrap_or_default()
            .into_iter()
            .map(|f| (node, f))
            .collect();
        let own = self.belief_of(node);
        facts.extend(own.shared_facts.into_iter().filter(|(_, f)| f.kind == kind));
        facts
    }

    /// The facts `node` holds, as its view shows them: a department's own (every kind it
    /// holds but roads, which are on the map), those shared with it, and a note of each share
    /// it received.
    pub(crate) fn fact_views(&mut self, node: usize, own: &Belief) -> Vec<FactView> {
        let ids = self.world.resource::<Chain>().ids.clone();
        let desk = match self.world.resource::<Chain>().kinds[node] {
            CommandKind::Department(desk) => Some(desk),
            _ => None,
        };
        let mut views = Vec::new();
        let mut push = |from: usize, fact: Fact| {
            views.push(FactView {
                kind: fact.kind.word(),
                as_of: fact.as_of,
                from: ids[from].clone(),
                zh: fact.zh,
                en: fact.en,
            })
        };
        if let Some(desk) = desk {
            let (now, scenario) = (self.now(), self.scenario.clone());
            for &kind in held_by(desk).iter().filter(|k| **k != Info::Roads) {
                for fact in facts_of(&mut self.world, &scenario, desk, kind, now) {
                    push(node, fact);
                }
            }
        }
        for (from, fact) in &own.shared_facts {
            push(*from, fact.clone());
        }
        for note in &own.notes {
            let what = Info::parse(note.what).map_or((note.what, note.what), Info::labels);
            let from = &ids[note.from];
            views.push(FactView {
                kind: "shared",
                as_of: note.at,
                from: from.clone(),
                zh: format!("收到 {from} 共享的{}（{} 条）", what.0, note.items),
                en: format!("{from} shared {} ({} items)", what.1, note.items),
            });
        }
        views.sort_by_key(|v| v.as_of);
        views
    }

    /// Sends an information verb (`share`, `sizeup`, `sitrep`) as command node `from`. It
    /// reaches its recipient after the chain's hop latency; a refusal says why.
    pub fn send_information(&mut self, from: usize, order: &Order) -> Result<(), InfoRefused> {
        match order {
            Order::Share { seat, what } => self.share(from, seat, *what),
            Order::SizeUp { place } => self.file_report(from, place, ReportKind::SizeUp),
            Order::Sitrep { place } => self.file_report(from, place, ReportKind::Sitrep),
            other => Err(InfoRefused::NotInformation(other.to_string())),
        }
    }

    fn share(&mut self, from: usize, seat: &str, what: Info) -> Result<(), InfoRefused> {
        let now = self.now();
        let chain = self.world.resource::<Chain>().clone();
        let to = chain
            .ids
            .iter()
            .position(|id| id == seat)
            .ok_or_else(|| InfoRefused::UnknownSeat(seat.to_string()))?;
        if to == from {
            return Err(InfoRefused::SameSeat);
        }
        let picture = self.picture(from);
        let (mut roads, mut incidents, mut facts) = (Vec::new(), Vec::new(), Vec::new());
        match what {
            Info::Roads => roads = picture.roads.into_iter().collect(),
            Info::Incidents => incidents = picture.incidents.into_values().collect(),
            kind => {
                facts = self
                    .facts_known(from, kind)
                    .into_iter()
                    .map(|(_, f)| f)
                    .collect()
            }
        }
        let items = roads.len() + incidents.len() + facts.len();
        if items == 0 {
            return Err(InfoRefused::NothingToShare(what));
        }
        let (latency, _) = {
            let comms = self.world.resource::<Comms>();
            hop(&self.scenario, &chain, comms, from, to)
        };
        let arrives_at = now + latency.max(1);
        self.world
            .resource_mut::<EventLog>()
            .record(now, || EventKind::InformationShared {
                what: what.word(),
                from: chain.ids[from].clone(),
                to: chain.ids[to].clone(),
                items: items as u32,
                eta_min: arrives_at - now,
            });
        let body = Body::Share {
            what,
            roads,
            incidents,
            facts,
        };
        self.world
            .resource_mut::<Tidings>()
            .send((from, to), now, arrives_at, body);
        Ok(())
    }

    fn file_report(
        &mut self,
        from: usize,
        place: &str,
        kind: ReportKind,
    ) -> Result<(), InfoRefused> {
        let now = self.now();
        let scenario = self.scenario.clone();
        let chain = self.world.resource::<Chain>().clone();
        let no_incident = || InfoRefused::NoIncident(place.to_string());
        let p = scenario
            .region
            .places
            .iter()
            .position(|q| q.id == place)
            .ok_or_else(no_incident)?;
        let reporter = chain.reporter_of_place[p];
        // The place's command and every node above it command the place.
        let mut commander = Some(reporter);
        while let Some(node) = commander
            && node != from
        {
            commander = chain.up(node);
        }
        if commander.is_none() {
            return Err(InfoRefused::NotYourPlace {
                place: place.to_string(),
                reporter: chain.ids[reporter].clone(),
            });
        }
        // The open incident at the place, first by id.
        let mut query = self.world.query::<(Entity, &RescueSite)>();
        let site = query
            .iter(&self.world)
            .filter(|(_, s)| s.place == p && !s.closed)
            .min_by(|a, b| a.1.id.cmp(&b.1.id))
            .map(|(entity, s)| {
                let truth = on_scene(s, now);
                (About::site(entity, s), s.reporting.post.is_some(), truth)
            });
        let (about, has_post, truth) = site.ok_or_else(no_incident)?;
        let incident = about.id.to_string();
        // A post on the scene sees it; without one the seat reports what it believes.
        let est = if has_post {
            truth
        } else {
            let picture = self.picture(from);
            let known = picture.incidents.get(&incident).ok_or_else(no_incident)?;
            Estimate {
                trapped: known.est_trapped,
                dead: known.est_dead,
                missing: known.est_missing,
            }
        };
        let report = Report { kind, about, est };
        let world = &mut self.world;
        world.resource_scope(|world, mut messages: Mut<Messages>| {
            world.resource_scope(|world, mut log: Mut<EventLog>| {
                log.record(now, || EventKind::ReportFiled {
                    report: kind.name(),
                    by: chain.ids[from].clone(),
                    place: place.to_string(),
                    incident: incident.clone(),
                    to: chain.ids[reporter].clone(),
                });
                let comms = world.resource::<Comms>();
                let (latency, channel) = hop(&scenario, &chain, comms, reporter, reporter);
                let mut outbox = Outbox {
                    scenario: &scenario,
                    chain: &chain,
                    comms,
                    messages: &mut messages,
                    log: &mut log,
                };
                let route = Route {
                    from: reporter,
                    to: reporter,
                    latency,
                    channel,
                    direct: false,
                };
                outbox.send(now, &report, route, Some(field_post_id(&incident)));
            });
        });
        Ok(())
    }
}
