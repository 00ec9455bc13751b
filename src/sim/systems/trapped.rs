//! Trapped people: deaths on the survival curve and rescue by neighbours.
//!
//! Each victim's death time and neighbours' rescue time were drawn when the building collapsed
//! (see `earthquake.rs`); this system settles, tick by tick, every victim whose moment has come
//! and who has not been freed by a team before it.

use bevy_ecs::prelude::*;

use crate::sim::command::{SiteRounds, in_site_order};
use crate::sim::components::*;
use crate::sim::events::{EventKind, EventLog};
use crate::sim::resources::*;

/// Settles victims who die or are freed by neighbours during this tick.
pub fn settle_trapped(
    rounds: SiteRounds,
    data: Res<ScenarioData>,
    people: People,
    mut log: ResMut<EventLog>,
    mut review: ResMut<DoctrineReview>,
) {
    let SiteRounds {
        clock,
        mut agenda,
        mut sites,
    } = rounds;
    let People {
        place_entities,
        mut cohorts,
        mut tally,
    } = people;
    let end = clock.tick_end();
    // No random draws here: every fate was drawn when the building collapsed. Sites with a fate
    // due are settled in id order, which keeps the event log's order fixed.
    let due = in_site_order(&sites, |site| {
        !site.closed
            && site
                .victims
                .get(site.cursor)
                .is_some_and(|v| v.resolves_at() < end)
    });
    for entity in due {
        let Ok((_, mut site)) = sites.get_mut(entity) else {
            continue;
        };
        let mut died = 0u32;
        let mut freed = 0u32;
        let mut injured = 0u32;
        while let Some(victim) = site.victims.get(site.cursor) {
            if victim.resolves_at() >= end {
                break;
            }
            if victim.local_free_at < victim.death_at {
                freed += 1;
                injured += victim.injured as u32;
            } else {
                died += 1;
            }
            if victim.heavy {
                site.heavy_remaining -= 1;
            }
            site.cursor += 1;
        }
        if died + freed == 0 {
            continue;
        }
        let Ok(mut cohort) = cohorts.get_mut(place_entities.0[site.place]) else {
            continue;
        };
        cohort.trapped -= died + freed;
        cohort.dead += died;
        cohort.injured_waiting += injured;
        cohort.displace(freed - injured);
        tally.deaths_while_trapped += died as u64;
        tally.rescued_by_locals += freed as u64;
        tally.injured_total += injured as u64;
        tally.displaced_total += (freed - injured) as u64;
        let now = clock.now;
        if died > 0 {
            log.record(now, || EventKind::TrappedDied {
                incident: site.id.clone(),
                n: died,
            });
        }
        if freed > 0 {
            log.record(now, || EventKind::TrappedFreed {
                incident: site.id.clone(),
                by: "neighbours",
                n: freed,
            });
        }
        if site.remaining() == 0 {
            site.closed = true;
            site.closed_at = Some(now);
            agenda.lower(SiteWork::Reports, &data.0, &site);
            review.request();
            log.record(now, || EventKind::IncidentClosed {
                incident: site.id.clone(),
            });
        }
    }
    agenda.reckon(SiteWork::Fates, &data.0, sites.iter());
}
