//! Field posts by order: `field-post PLACE commander TEAM` sets one up at the place's open
//! incident (refused when it has one: hand it over instead), `handover PLACE commander TEAM`
//! gives the post to a new commander, a team tasked to that incident. Documented in
//! docs/command-model.md §8 and §11.

use super::assign::{Sites, open_site_at};
use crate::scenario::Scenario;
use crate::sim::command::Response;
use crate::sim::components::*;
use crate::sim::events::EventKind;
use crate::sim::order::{Order, OrderRefusal};

/// Carries out a `field-post` or `handover` order that reached the place.
pub(super) fn post_order(
    scenario: &Scenario,
    now: u32,
    order: &Order,
    sites: &mut Sites,
    agenda: &mut SiteAgenda,
    response: &mut Response,
) -> Result<(), OrderRefusal> {
    let (Order::FieldPost { place, commander } | Order::Handover { place, commander }) = order
    else {
        return Ok(());
    };
    let place_index = scenario.region.places.iter().position(|p| &p.id == place);
    let Some(entity) = place_index.and_then(|p| open_site_at(sites, p)) else {
        return Err(OrderRefusal::NoOpenIncident(place.clone()));
    };
    let Ok((_, mut site)) = sites.get_mut(entity) else {
        return Err(OrderRefusal::NoOpenIncident(place.clone()));
    };
    let handover = matches!(order, Order::Handover { .. });
    match (&mut site.reporting.post, handover) {
        (None, false) => {
            site.reporting.post = Some(FieldPost {
                set_up_at: now,
                commander: commander.clone(),
                sizeup_sent: false,
                sitreps_sent: 0,
            });
            agenda.lower(SiteWork::FieldCommand, scenario, &site);
            let within = scenario.plan.field_command.setup_within.as_minutes();
            let on_time = site.first_team_at.is_none_or(|t| now <= t + within);
            response.log.record(now, || EventKind::FieldPostSetUp {
                incident: site.id.clone(),
                commander: commander.clone(),
                on_time,
            });
            Ok(())
        }
        (Some(post), false) => Err(OrderRefusal::PostAlreadySetUp {
            place: place.clone(),
            commander: post.commander.clone(),
            at: post.set_up_at,
        }),
        (None, true) => Err(OrderRefusal::NoPost(place.clone())),
        (Some(post), true) if post.commander == *commander => Err(OrderRefusal::AlreadyInCommand {
            team: commander.clone(),
            place: place.clone(),
        }),
        (Some(post), true) => {
            let there = scenario
                .teams
                .iter()
                .position(|t| &t.id == commander)
                .is_some_and(|index| {
                    response.teams.iter().any(|(team, state)| {
                        team.index == index && state.task == Some(Task::Rescue(entity))
                    })
                });
            if !there {
                return Err(OrderRefusal::NotAtSite {
                    team: commander.clone(),
                    place: place.clone(),
                });
            }
            let from = std::mem::replace(&mut post.commander, commander.clone());
            let incident = site.id.clone();
            response.log.record(now, || EventKind::FieldPostHandedOver {
                incident,
                from,
                to: commander.clone(),
            });
            Ok(())
        }
    }
}
