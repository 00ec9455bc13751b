//! Applies what a hazard kind emitted, the same way for every kind: roads cut, the accident
//! graded, people harmed (cohorts, exposure to warned-against hazards, incidents for the
//! trapped), the running tallies, and the `HazardStruck` event.

use bevy_ecs::prelude::*;
use rand::RngExt;
use rand_pcg::Pcg64;

use super::context::{Among, Effects, Impact};
use crate::scenario::{Level, Measure, Preparedness, Scenario};
use crate::sim::components::*;
use crate::sim::events::{EventKind, EventLog};
use crate::sim::math;
use crate::sim::resources::*;
use crate::sim::roads::{LinkState, RoadNetwork};
use crate::sim::sample::{binomial, exponential};
use crate::sim::warning::{Exposures, Warnings};

/// What applying a hazard's effects writes to.
pub(super) struct Targets<'a, 'w, 's> {
    pub commands: &'a mut Commands<'w, 's>,
    pub state: &'a mut HazardState,
    pub roads: &'a mut RoadNetwork,
    pub log: &'a mut EventLog,
    pub tally: &'a mut Tally,
    pub review: &'a mut DoctrineReview,
    pub exposures: &'a mut Exposures,
    pub warnings: &'a Warnings,
    pub cohorts: &'a mut Query<'w, 's, &'static mut Cohort>,
    pub place_entities: &'a PlaceEntities,
}

/// Applies `effects` of `hazard`, which struck at `now`; the incidents it opens draw from
/// `impact_rng` after the kind's own draws.
pub(super) fn apply(
    scenario: &Scenario,
    hazard: &PendingHazard,
    now: u32,
    impact_rng: &mut Pcg64,
    effects: &Effects,
    to: &mut Targets,
) {
    for cut in &effects.roads_cut {
        to.roads.links[cut.link].clear_work_h = cut.clear_work_h;
        to.roads.set_state(cut.link, LinkState::Blocked);
        to.tally.roads_blocked_ever += 1;
        let road = &scenario.region.roads[cut.link];
        to.log.record(now, || EventKind::RoadChanged {
            road: road.id.clone(),
            from: scenario.region.places[road.from].id.clone(),
            to: scenario.region.places[road.to].id.clone(),
            state: "blocked",
            cause: hazard.kind.name(),
        });
    }
    if effects.roads_looked_at {
        to.tally.roads_blocked_peak = to
            .tally
            .roads_blocked_peak
            .max(to.roads.blocked_count as u64);
    }
    if let Some(accident) = effects.accident {
        grade_accident(scenario, hazard, now, accident, to);
    }
    let mut total = Impact {
        place: hazard.place,
        killed: 0,
        trapped: 0,
        injured: 0,
        displaced: 0,
        among: Among::AtHome,
        warned_against: false,
    };
    for impact in &effects.impacts {
        harm_people(scenario, now, impact, to);
        total.killed += impact.killed;
        total.trapped += impact.trapped;
        total.injured += impact.injured;
        total.displaced += impact.displaced;
        if impact.trapped > 0 {
            let heavy = binomial(
                impact_rng,
                impact.trapped,
                scenario.models.casualties.heavily_trapped_share,
            );
            let mut site = trap_victims(
                scenario,
                impact_rng,
                (&hazard.id, hazard.seq),
                impact.place,
                now,
                impact.trapped,
                heavy,
            );
            site.killed_outright = impact.killed;
            to.log.record(now, || EventKind::IncidentOpened {
                incident: site.id.clone(),
                place: scenario.region.places[impact.place].id.clone(),
                trapped: site.trapped_initial,
            });
            to.commands.spawn(site);
            to.review.request();
        }
    }
    to.tally.killed_outright += total.killed as u64;
    to.tally.trapped_total += total.trapped as u64;
    to.tally.injured_total += total.injured as u64;
    to.tally.displaced_total += total.displaced as u64;
    to.log.record(now, || EventKind::HazardStruck {
        hazard: hazard.id.clone(),
        hazard_kind: hazard.kind.name(),
        place: scenario.region.places[hazard.place].id.clone(),
        cause: hazard.cause.clone(),
        killed: total.killed,
        trapped: total.trapped,
        injured: total.injured,
        displaced: total.displaced,
    });
}

/// Moves the harmed between a place's states and, for a warned-against hazard, records who
/// was at risk and who had left.
fn harm_people(scenario: &Scenario, now: u32, impact: &Impact, to: &mut Targets) {
    let Ok(mut cohort) = to.cohorts.get_mut(to.place_entities.0[impact.place]) else {
        return;
    };
    let evacuated = cohort.evacuating as f64 + cohort.evacuated as f64;
    let at_risk = cohort.unaffected as f64 + evacuated;
    let harmed = impact.killed + impact.trapped + impact.injured;
    match impact.among {
        Among::AtHome => cohort.unaffected -= harmed + impact.displaced,
        Among::Displaced => cohort.displaced -= harmed,
    }
    cohort.dead += impact.killed;
    cohort.trapped += impact.trapped;
    cohort.injured_waiting += impact.injured;
    cohort.displace(impact.displaced);
    if impact.warned_against && at_risk > 0.0 {
        to.exposures
            .record(to.warnings, scenario, impact.place, now, at_risk, evacuated);
    }
}

/// Grades a production-safety accident (State Council Decree 493) and counts the major ones.
fn grade_accident(
    scenario: &Scenario,
    hazard: &PendingHazard,
    now: u32,
    accident: super::context::Accident,
    to: &mut Targets,
) {
    to.state.accident_possible = true;
    let level = scenario.grading.table("production_safety").and_then(|t| {
        t.grade(&[
            (Measure::Deaths, accident.deaths as f64),
            (Measure::SeriousInjuries, accident.serious_injuries as f64),
        ])
    });
    if level.is_some_and(|l| l.at_least(Level::III)) {
        to.state.major_accidents += 1;
    }
    let site = accident
        .site
        .and_then(|i| scenario.facilities.hazardous_sites.get(i));
    to.log.record(now, || EventKind::AccidentGraded {
        hazard: hazard.id.clone(),
        site: site.map_or(String::new(), |s| s.id.clone()),
        deaths: accident.deaths,
        serious_injuries: accident.serious_injuries,
        level: level.map_or("—", |l| l.roman()),
    });
}

/// Draws each trapped person's death time and neighbours' rescue time, for the site of hazard
/// (id, creation order) at `place`.
pub fn trap_victims(
    scenario: &Scenario,
    rng: &mut impl rand::Rng,
    (hazard_id, hazard_seq): (&str, u64),
    place: usize,
    onset: u32,
    trapped: u32,
    heavy: u32,
) -> RescueSite {
    let survival = &scenario.models.survival;
    let local = &scenario.models.local_rescue;
    let scale_min = survival.scale_days * 1440.0;
    let freed_share = match scenario.region.places[place].preparedness {
        Preparedness::Basic => local.freed_share_basic,
        Preparedness::Demonstration => local.freed_share_demonstration,
    };
    let mean_delay = local.mean_time.as_minutes().max(1) as f64;
    let mut victims = Vec::with_capacity(trapped as usize);
    for i in 0..trapped {
        let is_heavy = i < heavy;
        // Inverse-transform sampling of the Weibull survival curve.
        let u: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
        let lifetime = math::weibull_time_for_survival(u, scale_min, survival.shape);
        let death_at = onset.saturating_add(lifetime.min(u32::MAX as f64 / 2.0) as u32 + 1);
        let local_free_at = if !is_heavy && rng.random::<f64>() < freed_share {
            let delay = exponential(rng, mean_delay);
            onset.saturating_add(delay.min(1e9) as u32 + 1)
        } else {
            u32::MAX
        };
        let injured = rng.random::<f64>() < scenario.models.casualties.rescued_injured_share;
        victims.push(Victim {
            death_at,
            local_free_at,
            heavy: is_heavy,
            injured,
        });
    }
    victims.sort_by_key(|v| (v.resolves_at(), v.death_at));
    let id = format!("{}/{hazard_id}", scenario.region.places[place].id);
    RescueSite {
        id,
        order: (onset, hazard_seq, place),
        place,
        onset,
        victims,
        cursor: 0,
        heavy_remaining: heavy,
        trapped_initial: trapped,
        killed_outright: 0,
        teams_assigned: 0,
        reserved: 0,
        first_team_at: None,
        closed: false,
        closed_at: None,
        reporting: Default::default(),
    }
}
