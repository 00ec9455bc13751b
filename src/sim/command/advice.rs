//! The technical lead (技术指挥) of each field post: at a post whose site is threatened — an
//! aftershock sequence running around it, a barrier lake forecast at or upstream of its place,
//! a landslide or debris flow forecast at its place — the post's technical lead advises the seat
//! commanding the post, once per threat per post, [`ADVICE_AFTER_MIN`] minutes after both the
//! post and the threat are known.
//!
//! It reads only what the simulation already holds (the scenario's aftershock sequences, the
//! forecasts in `Warnings.made`, the posts at the rescue sites), draws nothing, logs nothing and
//! changes nothing: it is worked out when a view asks ([`Sim::technical_advice`]), so runs are
//! byte-identical with or without it. Whether the commander heeds it is the evaluator's to
//! judge. Documented in docs/command-model.md §11.

use super::{Chain, Role, authorise};
use crate::scenario::{Hazard, HazardKind, Scenario};
use crate::sim::Sim;
use crate::sim::components::RescueSite;
use crate::sim::order::Order;
use crate::sim::warning::Warnings;

/// Minutes the technical lead takes to assess a threat once the post is up and the threat known.
pub const ADVICE_AFTER_MIN: u32 = 5;

/// What threatens a post's site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Threat {
    /// The aftershock sequence of an earthquake whose aftershock zone holds the site.
    Aftershocks { quake: String },
    /// A barrier lake forecast at a place (the post's, or one upstream of it on a river).
    BarrierLake { hazard: String, place: String },
    /// A landslide or debris flow forecast at the post's place.
    Slope { hazard: String, kind: HazardKind },
}

/// One piece of advice from a post's technical lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    /// When it reaches the seat.
    pub at: u32,
    /// The seat commanding the post (a command node id).
    pub seat: String,
    /// The incident the post runs, and its place id.
    pub incident: String,
    pub place: String,
    pub threat: Threat,
}

impl Advice {
    /// The advice in Chinese (`zh`) or English.
    pub fn text(&self, zh: bool) -> String {
        let incident = &self.incident;
        match (&self.threat, zh) {
            (Threat::Aftershocks { .. }, true) => format!(
                "技术组（{incident}）：余震概率高，倒塌建筑二次垮塌风险大，建议限制进入人数"
            ),
            (Threat::Aftershocks { .. }, false) => format!(
                "technical lead ({incident}): strong aftershocks likely; risk of further collapse — limit the number of rescuers inside"
            ),
            (Threat::BarrierLake { place, .. }, true) => format!(
                "技术组（{incident}）：{place} 预报形成堰塞湖，溃决洪水可能危及现场，建议设观察哨、明确撤离路线"
            ),
            (Threat::BarrierLake { place, .. }, false) => format!(
                "technical lead ({incident}): a barrier lake is forecast at {place}; an outburst could reach the scene — post a lookout and keep an escape route clear"
            ),
            (Threat::Slope { kind, .. }, true) => format!(
                "技术组（{incident}）：预报本地发生{}，建议监测坡体、设观察哨，出现征兆立即撤出",
                kind.labels().0
            ),
            (Threat::Slope { kind, .. }, false) => format!(
                "technical lead ({incident}): a {} is forecast here — watch the slope, post a lookout and pull out at the first sign",
                kind.labels().1
            ),
        }
    }
}

/// A post as advice needs it: its incident, place, when it was set up and when its incident
/// closed.
struct Post {
    id: String,
    place: usize,
    set_up_at: u32,
    closed_at: Option<u32>,
}

/// The seat commanding a post at `place`: the nearest seat up the chain from the place's own
/// command that may set a post up there (a village command may not; its town may).
fn commanding_seat(scenario: &Scenario, chain: &Chain, place: usize) -> usize {
    let order = Order::FieldPost {
        place: scenario.region.places[place].id.clone(),
        commander: String::new(),
    };
    let mut node = chain.reporter_of_place[place];
    for _ in 0..chain.ids.len() {
        if authorise(scenario, chain, Role::Node(node), &order).is_ok() {
            return node;
        }
        match chain.up(node) {
            Some(up) => node = up,
            None => break,
        }
    }
    chain.hq_of_place[place]
}

/// The threats to a site, each with the minute it became known.
fn threats(scenario: &Scenario, warnings: &Warnings, site: &Post) -> Vec<(u32, Threat)> {
    let here = &scenario.region.places[site.place];
    let mut out: Vec<(u32, Threat)> = Vec::new();
    for hazard in &scenario.hazards {
        if let Hazard::Earthquake(quake) = hazard
            && let Some(sequence) = &quake.aftershocks
            && (here.x_km - quake.x_km).hypot(here.y_km - quake.y_km) <= sequence.radius_km
        {
            let threat = Threat::Aftershocks {
                quake: quake.id.clone(),
            };
            out.push((quake.time_min, threat));
        }
    }
    let upstream_of_site = |lake: usize| {
        lake == site.place
            || scenario
                .region
                .rivers_through(site.place)
                .any(|(river, k)| river.places[..k].contains(&lake))
    };
    for forecast in &warnings.made {
        let threat = match forecast.kind {
            HazardKind::Landslide | HazardKind::DebrisFlow if forecast.place == site.place => {
                Threat::Slope {
                    hazard: forecast.hazard.clone(),
                    kind: forecast.kind,
                }
            }
            HazardKind::BarrierLake if upstream_of_site(forecast.place) => Threat::BarrierLake {
                hazard: forecast.hazard.clone(),
                place: scenario.region.places[forecast.place].id.clone(),
            },
            _ => continue,
        };
        // Once per threat: a second forecast of the same hazard adds nothing.
        if !out.iter().any(|(_, t)| *t == threat) {
            out.push((forecast.at, threat));
        }
    }
    out
}

impl Sim {
    /// Every piece of advice the posts' technical leads have given by now, in time order (then
    /// incident): worked out from what the simulation holds, never logged (module docs).
    pub fn technical_advice(&mut self) -> Vec<Advice> {
        let now = self.now();
        let scenario = self.scenario.clone();
        let mut sites = self.world.query::<&RescueSite>();
        let posts: Vec<Post> = sites
            .iter(&self.world)
            .filter_map(|s| {
                s.reporting.post.as_ref().map(|p| Post {
                    id: s.id.clone(),
                    place: s.place,
                    set_up_at: p.set_up_at,
                    closed_at: s.closed_at,
                })
            })
            .collect();
        let chain = self.world.resource::<Chain>();
        let warnings = self.world.resource::<Warnings>();
        let mut advice = Vec::new();
        for site in &posts {
            for (known, threat) in threats(&scenario, warnings, site) {
                let at = known.max(site.set_up_at) + ADVICE_AFTER_MIN;
                let post_gone = site.closed_at.is_some_and(|closed| closed <= at);
                if at > now || post_gone {
                    continue;
                }
                let seat = commanding_seat(&scenario, chain, site.place);
                advice.push(Advice {
                    at,
                    seat: chain.ids[seat].clone(),
                    incident: site.id.clone(),
                    place: scenario.region.places[site.place].id.clone(),
                    threat,
                });
            }
        }
        advice.sort_by(|a, b| (a.at, &a.incident).cmp(&(b.at, &b.incident)));
        advice
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::warning::Forecast;

    fn place_of(scenario: &Scenario, id: &str) -> usize {
        scenario
            .region
            .places
            .iter()
            .position(|p| p.id == id)
            .unwrap()
    }

    fn forecast(scenario: &Scenario, kind: HazardKind, place: &str, at: u32) -> Forecast {
        Forecast {
            at,
            place: place_of(scenario, place),
            kind,
            hazard: format!("{}-{place}", kind.labels().1),
            false_alarm: false,
        }
    }

    #[test]
    fn a_post_is_threatened_by_slopes_at_its_place_and_lakes_at_or_above_it() {
        let path = std::path::Path::new("scenarios/riverside-flood.ron");
        let scenario = crate::scenario::load(path, None).unwrap().scenario;
        // 清水河 runs v1 → v2 → v3 → v4 → qs → v5; the post is at v3.
        let post = Post {
            id: "v3/x".into(),
            place: place_of(&scenario, "v3"),
            set_up_at: 30,
            closed_at: None,
        };
        let warnings = Warnings {
            made: vec![
                forecast(&scenario, HazardKind::Landslide, "v3", 40),
                forecast(&scenario, HazardKind::Landslide, "v2", 41),
                forecast(&scenario, HazardKind::BarrierLake, "v1", 50),
                forecast(&scenario, HazardKind::BarrierLake, "v1", 55),
                forecast(&scenario, HazardKind::BarrierLake, "v4", 60),
            ],
            ..Warnings::default()
        };
        let found = threats(&scenario, &warnings, &post);
        assert_eq!(
            found,
            [
                (
                    40,
                    Threat::Slope {
                        hazard: "landslide-v3".into(),
                        kind: HazardKind::Landslide
                    }
                ),
                (
                    50,
                    Threat::BarrierLake {
                        hazard: "barrier lake-v1".into(),
                        place: "v1".into()
                    }
                ),
            ],
            "a slope elsewhere, a repeated forecast and a lake downstream are no threat"
        );
        let advice = Advice {
            at: 55,
            seat: "tc".into(),
            incident: "v3/x".into(),
            place: "v3".into(),
            threat: found[1].1.clone(),
        };
        assert_eq!(
            advice.text(true),
            "技术组（v3/x）：v1 预报形成堰塞湖，溃决洪水可能危及现场，建议设观察哨、明确撤离路线"
        );
    }
}
