//! Field command (现场指挥部): the doctrine's field commanders set up a post at large incidents,
//! send the size-up and situation reports straight to the county HQ; compliance with the plan's
//! deadlines is recorded.

use bevy_ecs::prelude::*;
use rand::RngExt;

use super::duties::{ProtocolItem, ReportKind};
use super::messaging::{About, ChainTraffic, Report, Route, field_post_id};
use super::reports::{SiteRounds, fully_reported, in_site_order, on_scene};
use crate::sim::components::*;
use crate::sim::events::EventKind;
use crate::sim::resources::*;

/// The doctrine's field commanders: set up a post at large incidents after the first team
/// arrives, send the size-up and situation reports; compliance with the plan's deadlines is
/// recorded.
pub fn run_field_command(
    rounds: SiteRounds,
    mut traffic: ChainTraffic,
    team_entities: Res<TeamEntities>,
    mut rng: ResMut<OperationsRng>,
    mut commands: Commands,
    teams: Query<(&TeamRef, &TeamState)>,
) {
    let SiteRounds {
        clock,
        mut agenda,
        mut sites,
    } = rounds;
    let (scenario, mut outbox, duties) = traffic.outbox();
    let (chain, comms) = (outbox.chain, outbox.comms);
    let f = &scenario.plan.field_command;
    let now = clock.now;
    // Only incidents where the field commander has something to do this tick; in a fixed
    // order (the draws).
    let has_work = |s: &RescueSite| s.next_field_work(f) <= now;
    for entity in in_site_order(&sites, has_work) {
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
            duties.protocol.push(ProtocolItem {
                incident: site.id.clone(),
                item: "post_set_up",
                due: deadline,
                done_at: Some(now),
            });
            duties.protocol.push(ProtocolItem {
                incident: site.id.clone(),
                item: "safety_officer_named",
                due: deadline,
                done_at: Some(now),
            });
            outbox.log.record(now, || EventKind::FieldPostSetUp {
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
            if now >= post.sizeup_send_at(f) {
                updated.sizeup_sent = true;
                let due = post.sizeup_due(f);
                duties.protocol.push(ProtocolItem {
                    incident: site.id.clone(),
                    item: "size_up",
                    due,
                    done_at: Some(now),
                });
                send = Some(ReportKind::SizeUp);
            }
        } else if !site.closed {
            let due = post.next_sitrep_due(f);
            if now >= post.next_sitrep_send_at(f) {
                updated.sitreps_sent += 1;
                duties.protocol.push(ProtocolItem {
                    incident: site.id.clone(),
                    item: "sitrep",
                    due,
                    done_at: Some(now),
                });
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
            let est = on_scene(&site, now);
            let route = Route {
                from,
                to: chain.hq_of_place[site.place],
                latency,
                channel,
                direct: true,
            };
            let sender = field_post_id(&site.id);
            let report = Report {
                kind,
                about: About::site(entity, &site),
                est,
            };
            outbox.send(now, &report, route, Some(sender));
        }
        if fully_reported(scenario, &site) {
            commands.entity(entity).insert(Settled);
        }
    }
    agenda.reckon(SiteWork::FieldCommand, scenario, sites.iter());
}
