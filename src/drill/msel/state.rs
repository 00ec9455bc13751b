//! An exercise during a drill: deliveries, expected actions and contingencies, advanced from
//! simulation facts at tick boundaries.

use super::*;
use crate::sim::Effect;

/// Why a cancel or re-time was refused: the inject is no longer waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NotWaiting {
    #[error("already delivered at minute {0}")]
    Delivered(u32),
    #[error("already cancelled")]
    Cancelled,
    #[error("only a waiting inject can be re-timed")]
    Retime,
}

impl NotWaiting {
    /// The message in `lang`.
    pub fn text(self, lang: crate::drill::i18n::Lang) -> String {
        use crate::drill::i18n::Text;
        match self {
            NotWaiting::Delivered(at) => {
                format!("{} {at}", lang.t(Text::AlreadyDeliveredAtMinute))
            }
            NotWaiting::Cancelled => lang.t(Text::AlreadyCancelled).to_string(),
            NotWaiting::Retime => lang.t(Text::OnlyWaitingRetimed).to_string(),
        }
    }
}

/// Where an inject stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InjectStatus {
    Waiting,
    Delivered(u32),
    Cancelled,
}

/// One expected action during play.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpectationState {
    /// When its inject was delivered.
    pub delivered: u32,
    pub deadline: u32,
    /// When its effect came about (before `delivered` for an early action; the delivery when
    /// it held from the start).
    pub met_at: Option<u32>,
    /// Who brought the effect about and how: `tc-t1: field-post v1 commander fire-town`,
    /// `doctrine: declare level II`.
    pub met_by: Option<String>,
    /// The effect held before the inject arrived.
    pub early: bool,
    pub missed: bool,
}

/// The run-time state of one inject.
#[derive(Debug, Clone, PartialEq)]
pub struct InjectState {
    pub status: InjectStatus,
    /// Re-timed by the controller: deliver at this minute instead.
    pub retimed: Option<u32>,
    /// Fired as a contingency.
    pub fired: bool,
    pub expectations: Vec<ExpectationState>,
}

/// What the MSEL needs to know of the simulation at a tick boundary.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub deaths: u32,
    pub trapped: u32,
    pub roads_blocked: usize,
    pub level_declared: bool,
    /// Incidents known per role named in a condition.
    pub incidents_known: BTreeMap<String, usize>,
}

/// Something the MSEL did at a tick boundary.
#[derive(Debug, Clone, PartialEq)]
pub enum MselAction {
    Delivered { inject: usize },
    Missed { inject: usize, expectation: usize },
    Met { inject: usize, expectation: usize },
}

/// The exercise during play.
#[derive(Debug, Clone)]
pub struct MselState {
    pub exercise: Exercise,
    pub injects: Vec<InjectState>,
}

impl MselState {
    pub fn new(exercise: Exercise) -> MselState {
        let injects = exercise
            .injects
            .iter()
            .map(|_| InjectState {
                status: InjectStatus::Waiting,
                retimed: None,
                fired: false,
                expectations: Vec::new(),
            })
            .collect();
        MselState { exercise, injects }
    }

    /// Roles whose known incidents a condition waits for.
    pub fn watched_roles(&self) -> Vec<String> {
        let mut roles: Vec<String> = self
            .exercise
            .injects
            .iter()
            .zip(&self.injects)
            .filter(|(_, s)| s.status == InjectStatus::Waiting)
            .filter_map(|(i, _)| match &i.trigger {
                Trigger::When(Condition::IncidentsKnown { role, .. }) => Some(role.clone()),
                _ => None,
            })
            .collect();
        roles.sort();
        roles.dedup();
        roles
    }

    /// Adds an inject written by the controller, delivered at the next tick boundary.
    pub fn add_ad_hoc(&mut self, to: &str, text: &str, now: u32) -> usize {
        let n = self.exercise.injects.iter().filter(|i| i.ad_hoc).count() + 1;
        self.exercise.injects.push(Inject {
            id: format!("X{n:02}"),
            trigger: Trigger::At(now),
            from: "导调组 controller".into(),
            channel: Channel::Phone,
            to: to.to_string(),
            zh: text.to_string(),
            en: text.to_string(),
            objective: None,
            expects: Vec::new(),
            on_missed: None,
            order: None,
            ad_hoc: true,
        });
        self.injects.push(InjectState {
            status: InjectStatus::Waiting,
            retimed: None,
            fired: false,
            expectations: Vec::new(),
        });
        self.injects.len() - 1
    }

    /// Index of an inject by id.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.exercise
            .injects
            .iter()
            .position(|i| i.id.eq_ignore_ascii_case(id))
    }

    /// Cancels a waiting inject.
    pub fn cancel(&mut self, index: usize) -> Result<(), NotWaiting> {
        match self.injects[index].status {
            InjectStatus::Waiting => {
                self.injects[index].status = InjectStatus::Cancelled;
                Ok(())
            }
            InjectStatus::Delivered(at) => Err(NotWaiting::Delivered(at)),
            InjectStatus::Cancelled => Err(NotWaiting::Cancelled),
        }
    }

    /// Re-times a waiting inject to `at`.
    pub fn retime(&mut self, index: usize, at: u32) -> Result<(), NotWaiting> {
        match self.injects[index].status {
            InjectStatus::Waiting => {
                self.injects[index].retimed = Some(at);
                Ok(())
            }
            InjectStatus::Delivered(_) | InjectStatus::Cancelled => Err(NotWaiting::Retime),
        }
    }

    /// When a waiting inject is due, if its trigger is a time.
    pub fn due_at(&self, index: usize) -> Option<u32> {
        if let Some(at) = self.injects[index].retimed {
            return Some(at);
        }
        match &self.exercise.injects[index].trigger {
            Trigger::At(at) => Some(*at),
            Trigger::After { inject, delay_min } => match self.injects[*inject].status {
                InjectStatus::Delivered(at) => Some(at + delay_min),
                _ => None,
            },
            _ => None,
        }
    }

    /// Advances the MSEL at a tick boundary: checks whether each open expectation's effect
    /// holds (`effect` asks the simulation: see `Sim::effect_holds`), marks missed ones (firing
    /// contingencies) and delivers due injects. An expectation whose effect already holds when
    /// its inject arrives is met at once, as early.
    pub fn update(
        &mut self,
        now: u32,
        facts: &Facts,
        effect: &mut dyn FnMut(&Expectation) -> Option<Effect>,
    ) -> Vec<MselAction> {
        let mut actions = Vec::new();
        self.check_met(effect, &mut actions);
        let mut contingencies = Vec::new();
        for (i, state) in self.injects.iter_mut().enumerate() {
            for (k, e) in state.expectations.iter_mut().enumerate() {
                if e.met_at.is_none() && !e.missed && now > e.deadline {
                    e.missed = true;
                    actions.push(MselAction::Missed {
                        inject: i,
                        expectation: k,
                    });
                    if let Some(c) = self.exercise.injects[i].on_missed {
                        contingencies.push(c);
                    }
                }
            }
        }
        for c in contingencies {
            if self.injects[c].status == InjectStatus::Waiting && !self.injects[c].fired {
                self.injects[c].fired = true;
            }
        }
        // Deliver in file order; an `After` chain with zero delay delivers in the same tick.
        loop {
            let mut delivered_any = false;
            for i in 0..self.injects.len() {
                if self.injects[i].status != InjectStatus::Waiting {
                    continue;
                }
                let due = match self.due_at(i) {
                    Some(at) => at <= now,
                    None => match &self.exercise.injects[i].trigger {
                        Trigger::When(c) => self.injects[i].retimed.is_none() && holds(c, facts),
                        Trigger::Contingency => self.injects[i].fired,
                        _ => false,
                    },
                };
                if due {
                    self.deliver(i, now);
                    actions.push(MselAction::Delivered { inject: i });
                    delivered_any = true;
                }
            }
            if !delivered_any {
                break;
            }
        }
        // What already holds as an inject arrives.
        self.check_met(effect, &mut actions);
        actions
    }

    /// Marks met every open expectation whose effect holds now.
    fn check_met(
        &mut self,
        effect: &mut dyn FnMut(&Expectation) -> Option<Effect>,
        actions: &mut Vec<MselAction>,
    ) {
        for (i, state) in self.injects.iter_mut().enumerate() {
            for (k, e) in state.expectations.iter_mut().enumerate() {
                if e.met_at.is_some() || e.missed {
                    continue;
                }
                let Some(held) = effect(&self.exercise.injects[i].expects[k]) else {
                    continue;
                };
                e.early = held.since.is_none_or(|t| t < e.delivered);
                e.met_at = Some(held.since.unwrap_or(e.delivered));
                e.met_by = Some(format!("{}: {}", held.by, held.how));
                actions.push(MselAction::Met {
                    inject: i,
                    expectation: k,
                });
            }
        }
    }

    fn deliver(&mut self, index: usize, now: u32) {
        let expectations = self.exercise.injects[index]
            .expects
            .iter()
            .map(|e| ExpectationState {
                delivered: now,
                deadline: now + e.within_min,
                met_at: None,
                met_by: None,
                early: false,
                missed: false,
            })
            .collect();
        let state = &mut self.injects[index];
        state.status = InjectStatus::Delivered(now);
        state.expectations = expectations;
    }
}

fn holds(condition: &Condition, facts: &Facts) -> bool {
    match condition {
        Condition::DeathsAtLeast(n) => facts.deaths >= *n,
        Condition::TrappedAtLeast(n) => facts.trapped >= *n,
        Condition::RoadsBlockedAtLeast(n) => facts.roads_blocked >= *n as usize,
        Condition::LevelDeclared => facts.level_declared,
        Condition::IncidentsKnown { role, at_least } => {
            facts.incidents_known.get(role).copied().unwrap_or(0) >= *at_least as usize
        }
    }
}
