//! The exercise script at tick boundaries: facts from the simulation in, deliveries and
//! expected actions out.

use super::*;

impl Engine {
    pub(super) fn update_msel(&mut self, now: u32) {
        let Some(msel) = self.msel.as_ref() else {
            return;
        };
        let watched = msel.watched_roles();
        let mut facts = Facts {
            roads_blocked: self.sim.roads_blocked(),
            level_declared: false,
            ..Facts::default()
        };
        let population = self.sim.population();
        facts.deaths = population.dead;
        let outcome_needed = msel.exercise.injects.iter().any(|i| {
            matches!(
                i.trigger,
                crate::drill::msel::Trigger::When(crate::drill::msel::Condition::TrappedAtLeast(_))
            )
        });
        if outcome_needed {
            facts.trapped = self.sim.outcome().kpis.trapped_total.unwrap_or(0.0) as u32;
        }
        for role_name in watched {
            if let Ok(role) = self.sim.role(&role_name) {
                let known = self.sim.observe(role).incidents.len();
                facts.incidents_known.insert(role_name, known);
            }
        }
        facts.level_declared = self.sim.level_declared();
        let Some(msel) = self.msel.as_mut() else {
            return;
        };
        // An expected action is met when its effect holds, whoever brought it about.
        let sim = &self.sim;
        let actions = msel.update(now, &facts, &mut |expectation| {
            sim.effect_holds(&crate::sim::Wanted::from_pattern(&expectation.pattern))
        });
        let mut entries = Vec::new();
        let mut orders = Vec::new();
        for action in actions {
            match action {
                MselAction::Delivered { inject } => {
                    let i = &msel.exercise.injects[inject];
                    if let Some(order) = &i.order {
                        orders.push((i.id.clone(), order.clone()));
                    }
                    entries.push(EntryKind::Delivered {
                        id: i.id.clone(),
                        to: i.to.clone(),
                    });
                }
                MselAction::Met {
                    inject,
                    expectation,
                } => {
                    let i = &msel.exercise.injects[inject];
                    entries.push(EntryKind::Met {
                        id: i.id.clone(),
                        action: i.expects[expectation].action(),
                        by_order: msel.injects[inject].expectations[expectation]
                            .met_by
                            .clone()
                            .unwrap_or_default(),
                    });
                }
                MselAction::Missed {
                    inject,
                    expectation,
                } => {
                    let i = &msel.exercise.injects[inject];
                    entries.push(EntryKind::Missed {
                        id: i.id.clone(),
                        action: i.expects[expectation].action(),
                    });
                }
            }
        }
        for kind in entries {
            self.note(kind);
        }
        for (id, order) in orders {
            // Injects' orders were checked when the exercise was validated; one the simulation
            // still refuses is recorded and shown, never dropped.
            let shown = order.to_string();
            if let Err(e) = self.sim.apply_from(order, "exercise") {
                let reason = e.to_string();
                let shown_reason = super::Refused::UnknownId(e).text(self.lang);
                let label = self.lang.t(Text::ExerciseOrderRefused);
                let text = if self.role == Role::Controller {
                    format!("{label} {id}: {shown} ({shown_reason})")
                } else {
                    format!("{label}: {shown} ({shown_reason})")
                };
                self.say(false, text);
                self.note(EntryKind::Refused {
                    order: shown,
                    by: format!("exercise {id}"),
                    reason,
                });
            }
        }
    }
}
