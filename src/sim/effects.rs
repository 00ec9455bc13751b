//! Whether the effect an order asks for holds now, whoever brought it about: the state test behind
//! an exercise's expected actions (an expectation is met when its effect holds, not when an
//! order's text matches — a refused order never takes effect, and an early one still counts).
//!
//! [`Wanted::from_pattern`] reads an order pattern (the exercise grammar: `*` is any one word, a
//! pattern may stop early) into the state it asks for; [`Sim::effect_holds`] tests that state on
//! the simulation's own views and, from the event log, says when it came about and who did it:
//!
//! | pattern | holds when |
//! |---|---|
//! | `field-post P commander [T]` | an open incident at P has a post (with T as commander) |
//! | `request-aid K` | every team of kind K the plan holds back has been released (the request made and carried out, when the plan holds none back) |
//! | `recall T` | T is returning to base, or at base with no task |
//! | `priority P [N]` | a priority (N) is set for P |
//! | `declare level [L]` | a level (at least as severe as L) is in force |
//! | `dispatch T to P` | T (any team for `*`) is tasked to an incident at P: en route or working |
//! | `dispatch T clear R` | T is clearing R, or R was cleared |
//! | any other verb | an order matching the pattern reached its recipient and was not refused |

use super::Sim;
use super::components::{RescueSite, Task, TeamRef, TeamState};
use super::events::EventKind;
use super::order::ArgKind;
use crate::scenario::{Level, TeamKind};

/// The state an expected action asks for; `None` in a field is the pattern's `*` (or a word it
/// left out): anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wanted {
    /// `dispatch T to P`: a team tasked to (en route to or working at) an incident at a place.
    Tasked {
        team: Option<String>,
        place: Option<String>,
    },
    /// `dispatch T clear R`: a road being cleared, or cleared.
    Cleared {
        team: Option<String>,
        road: Option<String>,
    },
    /// `dispatch T` (or `dispatch T * X`): either of the two above, `target` a place or a road.
    Dispatched {
        team: Option<String>,
        target: Option<String>,
    },
    /// `recall T`: the team returning, or at base with no task.
    Recalled { team: Option<String> },
    /// `declare level L`: a level at least as severe as L in force.
    Level { at_least: Option<Level> },
    /// `request-aid K`: the held teams of kind K released.
    Released { kind: Option<TeamKind> },
    /// `field-post P commander T`: an open incident at P with a post.
    Post {
        place: Option<String>,
        commander: Option<String>,
    },
    /// `priority P N`: a priority set for P.
    Priority {
        place: Option<String>,
        priority: Option<u32>,
    },
    /// A verb without a state of its own: an order matching these words carried out.
    Given(Vec<String>),
}

/// Who brought an effect about and when, as far as the event log tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effect {
    /// The minute it came about; `None` when it held from the start (nobody had to act).
    pub since: Option<u32>,
    /// Who: the order's source (a seat, `controller`, `exercise`, `doctrine`, `script`), or
    /// `doctrine` for what the plan did by itself, or `plan` for what held from the start.
    pub by: String,
    /// The order that brought it about, or what happened.
    pub how: String,
}

impl Wanted {
    /// The state the order pattern `words` asks for.
    pub fn from_pattern<S: AsRef<str>>(words: &[S]) -> Wanted {
        let words: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
        let at = |i: usize| words.get(i).filter(|w| **w != "*").map(|w| w.to_string());
        match words.first().copied() {
            Some("dispatch") => match words.get(2).copied() {
                Some("to") => Wanted::Tasked {
                    team: at(1),
                    place: at(3),
                },
                Some("clear") => Wanted::Cleared {
                    team: at(1),
                    road: at(3),
                },
                _ => Wanted::Dispatched {
                    team: at(1),
                    target: at(3),
                },
            },
            Some("recall") => Wanted::Recalled { team: at(1) },
            Some("declare") => Wanted::Level {
                at_least: at(2).and_then(|w| match ArgKind::Level.parse(&w) {
                    Some(super::order::Value::Level(level)) => Some(level),
                    _ => None,
                }),
            },
            Some("request-aid") => Wanted::Released {
                kind: at(1).and_then(|w| match ArgKind::Aid.parse(&w) {
                    Some(super::order::Value::Aid(kind)) => Some(kind),
                    _ => None,
                }),
            },
            Some("field-post") => Wanted::Post {
                place: at(1),
                commander: at(3),
            },
            Some("priority") => Wanted::Priority {
                place: at(1),
                priority: at(2).and_then(|w| w.parse().ok()),
            },
            _ => Wanted::Given(words.iter().map(|w| w.to_string()).collect()),
        }
    }
}

/// Whether `pattern` fits the order `text` word by word (`*` any word; levels as I/1/Ⅰ).
fn fits(pattern: &[String], text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let level = |w: &str| ArgKind::Level.parse(w);
    words.len() >= pattern.len()
        && pattern.iter().zip(&words).all(|(p, w)| {
            p == "*"
                || p.eq_ignore_ascii_case(w)
                || matches!((level(p), level(w)), (Some(a), Some(b)) if a == b)
        })
}

fn same(want: &Option<String>, id: &str) -> bool {
    want.as_deref().is_none_or(|w| w == id)
}

impl Sim {
    /// Whether the state `wanted` asks for holds now; when it does, when it came about and who
    /// brought it about (the order, or the doctrine's own act), as far as the event log tells.
    pub fn effect_holds(&self, wanted: &Wanted) -> Option<Effect> {
        let scenario = &*self.scenario;
        let world = &self.world;
        let teams = || -> Vec<(usize, TeamState)> {
            let mut out = Vec::new();
            if let Some(mut q) = world.try_query::<(&TeamRef, &TeamState)>() {
                out.extend(q.iter(world).map(|(t, s)| (t.index, s.clone())));
            }
            out.sort_by_key(|(i, _)| *i);
            out
        };
        let site_place = |task: Option<Task>| match task {
            Some(Task::Rescue(site)) => world
                .get::<RescueSite>(site)
                .map(|s| scenario.region.places[s.place].id.as_str()),
            _ => None,
        };
        let team_id = |i: usize| scenario.teams[i].id.as_str();
        match wanted {
            Wanted::Tasked { team, place } => teams().into_iter().find_map(|(i, s)| {
                let at = site_place(s.task)?;
                (same(team, team_id(i)) && same(place, at))
                    .then(|| self.dispatched(team_id(i), "rescue", Some(at)))
            }),
            Wanted::Cleared { team, road } => self.clearing(team, road, &teams()),
            Wanted::Dispatched { team, target } => {
                let tasked = Wanted::Tasked {
                    team: team.clone(),
                    place: target.clone(),
                };
                self.effect_holds(&tasked)
                    .or_else(|| self.clearing(team, target, &teams()))
            }
            Wanted::Recalled { team } => teams().into_iter().find_map(|(i, s)| {
                let base = scenario.teams[i].base;
                let returning = s.task == Some(Task::ReturnToBase);
                let home = s.task.is_none() && s.location == base;
                // Any team: one that went out and came back (every team is home at the start).
                let counts = returning || (home && (team.is_some() || s.mobilised));
                (same(team, team_id(i)) && counts).then(|| {
                    let id = team_id(i);
                    let sent = self.last_event(|k| {
                        matches!(k, EventKind::TeamDispatched { team, task, .. }
                            if team == id && task == "return to base")
                    });
                    match sent {
                        Some(t) => self.by_order(t, &format!("recall {id}"), "doctrine"),
                        None => Effect {
                            since: None,
                            by: "plan".into(),
                            how: format!("{id} at base"),
                        },
                    }
                })
            }),
            Wanted::Level { at_least } => {
                let levels = world.resource::<super::command::Levels>();
                let declared = levels.declared?;
                if at_least.is_some_and(|l| !declared.at_least(l)) {
                    return None;
                }
                let roman = declared.roman();
                let found = self.events().iter().rev().find_map(|e| match &e.kind {
                    EventKind::LevelDeclared { level, source, .. } if *level == roman => {
                        Some((e.t, *source))
                    }
                    _ => None,
                });
                let (t, source) = found.unwrap_or((0, "doctrine"));
                Some(Effect {
                    since: Some(t),
                    by: source.to_string(),
                    how: format!("declare level {declared:?}"),
                })
            }
            Wanted::Released { kind } => {
                let all = teams();
                let of_kind = |k: TeamKind| {
                    all.iter()
                        .filter(move |(i, _)| scenario.teams[*i].kind == k)
                };
                // Kinds the plan holds back until a level or a request releases them.
                let mut held: Vec<TeamKind> = scenario
                    .plan
                    .response
                    .activation
                    .iter()
                    .map(|a| a.kind)
                    .filter(|k| kind.is_none_or(|want| want == *k) && of_kind(*k).next().is_some())
                    .collect();
                held.dedup();
                if held.is_empty() {
                    // Nothing held: what can be seen is the request itself.
                    let mut words = vec!["request-aid".to_string()];
                    words.extend(kind.map(|k| super::order::Value::Aid(k).word()));
                    return self.given(&words);
                }
                let k = held
                    .into_iter()
                    .find(|k| of_kind(*k).all(|(_, s)| s.active))?;
                let ids: Vec<&str> = of_kind(k).map(|(i, _)| team_id(*i)).collect();
                let activated = self.events().iter().rev().find_map(|e| match &e.kind {
                    EventKind::TeamActivated { team, cause } if ids.contains(&team.as_str()) => {
                        Some((e.t, *cause))
                    }
                    _ => None,
                });
                let word = super::order::Value::Aid(k).word();
                Some(match activated {
                    Some((t, "level")) => {
                        let level = self.events().iter().find_map(|e| match &e.kind {
                            EventKind::LevelDeclared { level, source, .. } if e.t == t => {
                                Some((*level, *source))
                            }
                            _ => None,
                        });
                        let (level, source) = level.unwrap_or(("?", "doctrine"));
                        Effect {
                            since: Some(t),
                            by: source.to_string(),
                            how: format!("{word} released by level {level}"),
                        }
                    }
                    Some((t, _)) => self.by_order(t, &format!("request-aid {word}"), "doctrine"),
                    None => Effect {
                        since: None,
                        by: "plan".into(),
                        how: format!("{word} released from the start"),
                    },
                })
            }
            Wanted::Post { place, commander } => {
                let mut q = world.try_query::<&RescueSite>()?;
                let mut posts: Vec<(String, String, u32, String)> = q
                    .iter(world)
                    .filter(|s| !s.closed)
                    .filter_map(|s| {
                        let post = s.reporting.post.as_ref()?;
                        let at = &scenario.region.places[s.place].id;
                        (same(place, at) && same(commander, &post.commander)).then(|| {
                            (
                                s.id.clone(),
                                at.clone(),
                                post.set_up_at,
                                post.commander.clone(),
                            )
                        })
                    })
                    .collect();
                posts.sort();
                let (incident, at, t, commander) = posts.into_iter().next()?;
                let mut effect =
                    self.by_order(t, &format!("field-post {at} commander {commander}"), "");
                if effect.by.is_empty() {
                    effect.by = "doctrine".into();
                    effect.how = format!("field post at {incident}, commander {commander}");
                }
                Some(effect)
            }
            Wanted::Priority { place, priority } => {
                let priorities = world.resource::<super::command::Priorities>();
                let (p, n) = priorities.0.iter().find(|(p, n)| {
                    same(place, &scenario.region.places[**p].id)
                        && priority.is_none_or(|want| want == **n)
                })?;
                let text = format!("priority {} {n}", scenario.region.places[*p].id);
                let issued = self.events().iter().rev().find_map(|e| match &e.kind {
                    EventKind::OrderIssued {
                        source,
                        order,
                        latency_min,
                        ..
                    } if *order == text && e.t + latency_min < self.now() => {
                        Some((e.t + latency_min, *source))
                    }
                    _ => None,
                });
                let (t, source) = issued.unwrap_or((0, "doctrine"));
                Some(Effect {
                    since: Some(t),
                    by: source.to_string(),
                    how: text,
                })
            }
            Wanted::Given(words) => self.given(words),
        }
    }

    /// The latest order fitting `words` that has reached its recipient and was not refused, or
    /// the latest information sent that fits them (`sizeup P`, `sitrep P`, `share SEAT WHAT`:
    /// sent is done; the recipient hears it after the chain's latency).
    fn given(&self, words: &[String]) -> Option<Effect> {
        let now = self.now();
        let events = self.events();
        events.iter().rev().find_map(|e| match &e.kind {
            EventKind::ReportFiled {
                report, by, place, ..
            } => {
                let verb = if *report == "size_up" {
                    "sizeup"
                } else {
                    "sitrep"
                };
                let text = format!("{verb} {place}");
                fits(words, &text).then(|| Effect {
                    since: Some(e.t),
                    by: by.clone(),
                    how: text,
                })
            }
            EventKind::InformationShared { what, from, to, .. } => {
                let text = format!("share {to} {what}");
                fits(words, &text).then(|| Effect {
                    since: Some(e.t),
                    by: from.clone(),
                    how: text,
                })
            }
            EventKind::OrderIssued {
                source,
                order,
                latency_min,
                ..
            } if fits(words, order) && e.t + latency_min < now => {
                let arrived = e.t + latency_min;
                let refused = events.iter().any(|r| {
                    r.t >= arrived
                        && matches!(&r.kind, EventKind::OrderRefused { order: o, .. } if o == order)
                        && r.t <= arrived + 1
                });
                (!refused).then(|| Effect {
                    since: Some(arrived),
                    by: source.to_string(),
                    how: order.clone(),
                })
            }
            _ => None,
        })
    }

    /// A road being cleared or cleared, by `team` when named.
    fn clearing(
        &self,
        team: &Option<String>,
        road: &Option<String>,
        teams: &[(usize, TeamState)],
    ) -> Option<Effect> {
        let scenario = &*self.scenario;
        let now_clearing = teams.iter().find_map(|(i, s)| match s.task {
            Some(Task::ClearRoad(link)) => {
                let id = &scenario.teams[*i].id;
                let r = &scenario.region.roads[link].id;
                (same(team, id) && same(road, r)).then(|| self.dispatched(id, "clear", Some(r)))
            }
            _ => None,
        });
        if now_clearing.is_some() {
            return now_clearing;
        }
        // Cleared already: the road's clearing, and the team last sent to clear it.
        let events = self.events();
        events.iter().find_map(|e| match &e.kind {
            EventKind::RoadChanged {
                road: r,
                cause: "cleared",
                ..
            } if same(road, r) => {
                let label = format!("clear {r}");
                let by_team =
                    events[..]
                        .iter()
                        .rev()
                        .filter(|d| d.t <= e.t)
                        .find_map(|d| match &d.kind {
                            EventKind::TeamDispatched { team: t, task, .. } if *task == label => {
                                Some(t.clone())
                            }
                            _ => None,
                        })?;
                same(team, &by_team).then(|| {
                    let mut effect = self.dispatched(&by_team, "clear", Some(r));
                    effect.how = format!("{} ({r} cleared at minute {})", effect.how, e.t);
                    effect
                })
            }
            _ => None,
        })
    }

    /// Who sent `team` on its current task (`rescue` at `place`, `clear` `road`): the order
    /// that reached it when it was tasked, or the doctrine.
    fn dispatched(&self, team: &str, task: &str, target: Option<&str>) -> Effect {
        let t = self.last_event(|k| match k {
            EventKind::TeamDispatched {
                team: t,
                task: label,
                destination,
                ..
            } if t == team && label.starts_with(task) => match (task, target) {
                ("rescue", Some(place)) => destination == place,
                ("clear", Some(road)) => label == &format!("clear {road}"),
                _ => true,
            },
            _ => false,
        });
        let Some(t) = t else {
            return Effect {
                since: None,
                by: "doctrine".into(),
                how: format!("{team} {task}"),
            };
        };
        let text = match (task, target) {
            ("rescue", Some(place)) => format!("dispatch {team} to {place}"),
            ("clear", Some(road)) => format!("dispatch {team} clear {road}"),
            _ => format!("dispatch {team}"),
        };
        self.by_order(t, &text, "doctrine")
    }

    /// The minute of the latest event of a kind.
    fn last_event(&self, kind: impl Fn(&EventKind) -> bool) -> Option<u32> {
        self.events()
            .iter()
            .rev()
            .find(|e| kind(&e.kind))
            .map(|e| e.t)
    }

    /// The order `text` that took effect at minute `t` (the latest given that had arrived by
    /// then), and who gave it; `fallback` names who acted when no order did.
    fn by_order(&self, t: u32, text: &str, fallback: &str) -> Effect {
        let found = self.events().iter().rev().find_map(|e| match &e.kind {
            EventKind::OrderIssued {
                source,
                order,
                latency_min,
                ..
            } if order == text && e.t + latency_min <= t => Some(*source),
            _ => None,
        });
        Effect {
            since: Some(t),
            by: found.unwrap_or(fallback).to_string(),
            how: text.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_read_as_the_state_they_ask_for() {
        let w = |p: &str| Wanted::from_pattern(&p.split_whitespace().collect::<Vec<_>>());
        assert_eq!(
            w("field-post v1 commander"),
            Wanted::Post {
                place: Some("v1".into()),
                commander: None
            }
        );
        assert_eq!(
            w("dispatch * to t06"),
            Wanted::Tasked {
                team: None,
                place: Some("t06".into())
            }
        );
        assert_eq!(
            w("dispatch fr06 clear r010"),
            Wanted::Cleared {
                team: Some("fr06".into()),
                road: Some("r010".into())
            }
        );
        assert_eq!(
            w("dispatch *"),
            Wanted::Dispatched {
                team: None,
                target: None
            }
        );
        assert_eq!(
            w("declare level 2"),
            Wanted::Level {
                at_least: Some(Level::II)
            }
        );
        assert_eq!(w("declare level"), Wanted::Level { at_least: None });
        assert_eq!(
            w("request-aid military"),
            Wanted::Released {
                kind: Some(TeamKind::Military)
            }
        );
        assert_eq!(
            w("recall volunteers"),
            Wanted::Recalled {
                team: Some("volunteers".into())
            }
        );
        assert_eq!(
            w("priority v1"),
            Wanted::Priority {
                place: Some("v1".into()),
                priority: None
            }
        );
        assert_eq!(
            w("sitrep v1"),
            Wanted::Given(vec!["sitrep".into(), "v1".into()])
        );
    }

    #[test]
    fn patterns_fit_orders_word_by_word() {
        let p = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert!(fits(&p("declare level 2"), "declare level II"));
        assert!(fits(&p("sitrep *"), "sitrep v1"));
        assert!(!fits(&p("sitrep v2"), "sitrep v1"));
        assert!(!fits(&p("sitrep v1 now"), "sitrep v1"));
    }
}
