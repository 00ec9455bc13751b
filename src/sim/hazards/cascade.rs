//! Cascade rules: when a hazard acts at a place where a rule's condition holds, the rule's
//! hazard is scheduled there with its probability and delay. The rules are data
//! (`hazards.cascades`, default `assets/cascades/default.ron`).

use rand::RngExt;

use super::{HazardPayload, NewHazard, SetOffBy};
use crate::scenario::Scenario;
use crate::scenario::model::{Cascade, HazardKind};
use crate::sim::components::{HazardState, PendingHazard};
use crate::sim::events::{EventKind, EventLog};

pub use crate::scenario::model::Conditions;

/// A hazard acting at a place, as the cascade rules see it.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub kind: HazardKind,
    /// Its id (the cause of what it sets off).
    pub id: &'a str,
    pub place: usize,
    pub now: u32,
    pub conditions: Conditions,
}

/// Whether `rule`'s condition holds at `place` (checked by the model: [`Condition::holds`]).
///
/// [`Condition::holds`]: crate::scenario::model::Condition::holds
pub fn condition_holds(scenario: &Scenario, rule: &Cascade, place: usize, c: Conditions) -> bool {
    rule.when.holds(scenario, place, c)
}

/// A cascade rule's draws, always three in this order (whether it fires, its delay, the seed of
/// its impact) so that the stream stays aligned: `Some((delay, seed))` if it fires.
fn draw_cascade(rule: &Cascade, rng: &mut impl rand::Rng) -> Option<(u32, u64)> {
    let u: f64 = rng.random();
    let (lo, hi) = (rule.delay.0.as_minutes(), rule.delay.1.as_minutes());
    let delay = if hi > lo {
        rng.random_range(lo..=hi)
    } else {
        lo
    };
    let seed: u64 = rng.random();
    (u < rule.probability).then_some((delay, seed))
}

/// Applies every cascade rule from `from`: each rule whose condition holds at its place fires
/// with its probability, scheduling its hazard after its delay. Returns the hazards scheduled.
pub fn cascade(
    scenario: &Scenario,
    rng: &mut impl rand::Rng,
    state: &mut HazardState,
    log: &mut EventLog,
    from: Source,
) -> Vec<NewHazard> {
    let mut out = Vec::new();
    let place = from.place;
    for rule in scenario.cascades.iter().filter(|r| r.from == from.kind) {
        if !condition_holds(scenario, rule, place, from.conditions) {
            continue;
        }
        let Some((delay, seed)) = draw_cascade(rule, rng) else {
            continue;
        };
        state.next_id += 1;
        let id = format!("{}-{}", rule.to.name(), state.next_id);
        log.record(from.now, || EventKind::CascadeTriggered {
            rule: rule.id.clone(),
            from: from.id.to_string(),
            hazard: id.clone(),
            hazard_kind: rule.to.name(),
            place: scenario.region.places[place].id.clone(),
            at: from.now + delay,
        });
        out.push(NewHazard::new(
            PendingHazard {
                id,
                kind: rule.to,
                place,
                at: from.now + delay,
                cause: from.id.to_string(),
                seed,
                downstream: Vec::new(),
                done: false,
                seq: 0,
            },
            HazardPayload::set_off(rule.to, SetOffBy::Hazard(from.kind), scenario, place),
        ));
    }
    out
}

/// Fires one rain rule at `place` (rain rules fire at most once per place; the caller keeps
/// count). The hazard's cause is `rain`, and a chemical release it schedules names no site.
pub fn fire_rain_rule(
    scenario: &Scenario,
    rng: &mut impl rand::Rng,
    state: &mut HazardState,
    log: &mut EventLog,
    rule: &Cascade,
    place: usize,
    now: u32,
) -> Option<NewHazard> {
    let (delay, seed) = draw_cascade(rule, rng)?;
    state.next_id += 1;
    let id = format!("{}-{}", rule.to.name(), state.next_id);
    log.record(now, || EventKind::CascadeTriggered {
        rule: rule.id.clone(),
        from: "rain".to_string(),
        hazard: id.clone(),
        hazard_kind: rule.to.name(),
        place: scenario.region.places[place].id.clone(),
        at: now + delay,
    });
    Some(NewHazard::new(
        PendingHazard {
            id,
            kind: rule.to,
            place,
            at: now + delay,
            cause: "rain".to_string(),
            seed,
            downstream: Vec::new(),
            done: false,
            seq: 0,
        },
        HazardPayload::set_off(rule.to, SetOffBy::Rain, scenario, place),
    ))
}
