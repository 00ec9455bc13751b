//! Inputs: an order, inject, re-time, cancel, rating or note checked, journaled, then applied.

use crate::sim::command::Role;
use crate::sim::order::ParseError;

use super::*;
use crate::drill::journal::{Entry, EntryKind};
use crate::drill::line::Command;
use crate::drill::msel::NotWaiting;

/// Why the engine did not take an input. `Display` is English (replay's errors); the feedback
/// line shows [`Refused::text`] in the drill's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// Not in the order grammar.
    #[error("{0}")]
    Grammar(ParseError),
    #[error("{0}")]
    UnknownId(crate::sim::OrderError),
    #[error("controller only")]
    ControllerOnly,
    #[error("no role `{0}`")]
    NoRole(String),
    #[error("no exercise loaded")]
    NoExercise,
    #[error("no inject `{0}`")]
    NoInject(String),
    #[error("no objective `{0}`")]
    NoObjective(String),
    #[error("{0}")]
    NotWaiting(NotWaiting),
    /// The journal could not be written (the text is already in the drill's language).
    #[error("{0}")]
    Journal(String),
    /// `request` of information, which every seat sends itself.
    #[error("information (share, sizeup, sitrep) is every seat's to send: no request needed")]
    InfoNeedsNoRequest,
}

impl Refused {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use crate::sim::OrderError;
        let named = |key: Text, id: &str| format!("{} `{id}`", lang.t(key));
        match self {
            Refused::Grammar(e) if lang.is_zh() => format!("第 {} 列：{}", e.column, e.message_zh),
            Refused::Grammar(e) => e.to_string(),
            Refused::UnknownId(OrderError::UnknownTeam(id)) => named(Text::UnknownTeam, id),
            Refused::UnknownId(OrderError::UnknownPlace(id)) => named(Text::UnknownPlace, id),
            Refused::UnknownId(OrderError::UnknownRoad(id)) => named(Text::UnknownRoad, id),
            Refused::UnknownId(OrderError::UnknownSeat(id)) => named(Text::UnknownSeat, id),
            Refused::ControllerOnly => lang.t(Text::ControllerOnly).to_string(),
            Refused::NoRole(role) => named(Text::NoRole, role),
            Refused::NoExercise => lang.t(Text::NoExercise).to_string(),
            Refused::NoInject(id) => named(Text::NoInject, id),
            Refused::NoObjective(id) => named(Text::NoObjective, id),
            Refused::NotWaiting(why) => why.text(lang),
            Refused::Journal(text) => text.clone(),
            Refused::InfoNeedsNoRequest => lang.t(Text::InfoNeedsNoRequest).to_string(),
        }
    }
}

impl Engine {
    /// Applies an input (order, inject, rating, …): checked first, then journaled (written and
    /// synced; when `journal` is set), and only then applied — a failed write means the input
    /// did not happen. Replay passes `journal: false`.
    pub(super) fn apply_input(
        &mut self,
        command: Command,
        journal: bool,
    ) -> Result<Option<String>, Refused> {
        let zh = self.lang.is_zh();
        let controller = self.role == Role::Controller;
        let write = |engine: &mut Engine, kind: EntryKind| -> Result<(), Refused> {
            if journal {
                engine
                    .record(kind)
                    .map_err(|e| Refused::Journal(engine.journal_failed(e)))
            } else {
                engine.entries.push(Entry {
                    t: engine.sim.now(),
                    kind,
                });
                Ok(())
            }
        };
        match command {
            Command::Order(text) => {
                if let Some((body, column)) = crate::drill::line::request_body(&text) {
                    return self.apply_request(body, column, journal);
                }
                let names = &self.statics.vocabulary.names;
                let order =
                    crate::sim::order::parse_order_named(&text, names).map_err(Refused::Grammar)?;
                if let Some(unknown) = order.unknown_ids(self.sim.scenario()).into_iter().next() {
                    return Err(Refused::UnknownId(unknown));
                }
                let shown = order.to_string();
                let team = order.tasked_team().map(str::to_string);
                write(
                    self,
                    EntryKind::Order {
                        text: shown.clone(),
                        by: self.role_name.to_string(),
                    },
                )?;
                if let (true, Role::Node(node)) = (order.is_information(), self.role) {
                    // Information goes as this seat (`sim::command::share`).
                    if let Err(refused) = self.sim.send_information(node, &order) {
                        self.note(EntryKind::Refused {
                            order: shown.clone(),
                            by: self.role_name.to_string(),
                            reason: refused.to_string(),
                        });
                        let (head, why) = (self.lang.t(Text::OrderRefused), refused.text(zh));
                        self.order_refused_at_once(&shown, refused.text(true), refused.to_string());
                        self.say(false, format!("{head}: {shown} ({why})"));
                        return Ok(None);
                    }
                    self.order_given(&shown, None);
                    return Ok(Some(if zh {
                        format!("已发送：{shown}")
                    } else {
                        format!("sent: {shown}")
                    }));
                }
                let given = self.sim.apply_as(order, self.role, self.role_name);
                if let Err(refused) = given {
                    self.refuse_at_once(&shown, refused);
                    return Ok(None);
                }
                self.order_given(&shown, team);
                Ok(Some(if zh {
                    format!("已下达：{shown}")
                } else {
                    format!("given: {shown}")
                }))
            }
            Command::Inject { to, text } => {
                if !controller {
                    return Err(Refused::ControllerOnly);
                }
                if self.sim.role(&to).is_err() {
                    return Err(Refused::NoRole(to));
                }
                let now = self.sim.now();
                // Worked out on a copy: the inject exists only once its line is on disk.
                let mut msel = self.msel.clone().unwrap_or_else(|| {
                    MselState::new(crate::drill::msel::Exercise {
                        name: "ad-hoc".into(),
                        title_zh: String::new(),
                        title_en: String::new(),
                        description: String::new(),
                        duration_min: u32::MAX,
                        players: Vec::new(),
                        objectives: Vec::new(),
                        injects: Vec::new(),
                    })
                });
                let index = msel.add_ad_hoc(&to, &text, now);
                let id = msel.exercise.injects[index].id.clone();
                write(
                    self,
                    EntryKind::Inject {
                        id: id.clone(),
                        to,
                        text,
                    },
                )?;
                self.msel = Some(msel);
                Ok(Some(if zh {
                    format!("临时注入 {id} 将在下一分钟送达")
                } else {
                    format!("inject {id} goes out at the next tick")
                }))
            }
            Command::Cancel(id) => {
                let mut msel = self.msel.clone().ok_or(Refused::NoExercise)?;
                let index = msel
                    .find(&id)
                    .ok_or_else(|| Refused::NoInject(id.clone()))?;
                msel.cancel(index).map_err(Refused::NotWaiting)?;
                let id = msel.exercise.injects[index].id.clone();
                write(self, EntryKind::Cancel { id: id.clone() })?;
                self.msel = Some(msel);
                Ok(Some(if zh {
                    format!("已取消 {id}")
                } else {
                    format!("cancelled {id}")
                }))
            }
            Command::Retime { id, at } => {
                let mut msel = self.msel.clone().ok_or(Refused::NoExercise)?;
                let index = msel
                    .find(&id)
                    .ok_or_else(|| Refused::NoInject(id.clone()))?;
                msel.retime(index, at).map_err(Refused::NotWaiting)?;
                let id = msel.exercise.injects[index].id.clone();
                write(self, EntryKind::Retime { id: id.clone(), at })?;
                self.msel = Some(msel);
                Ok(Some(format!("{id} → T+{}", clock(at))))
            }
            Command::Rate {
                objective,
                rating,
                note,
            } => {
                if !controller {
                    return Err(Refused::ControllerOnly);
                }
                if let Some(msel) = &self.msel
                    && !msel.exercise.objectives.is_empty()
                    && !msel.exercise.objectives.iter().any(|o| o.id == objective)
                {
                    return Err(Refused::NoObjective(objective));
                }
                write(
                    self,
                    EntryKind::Rating {
                        objective: objective.clone(),
                        rating: rating.clone(),
                        note: note.clone(),
                    },
                )?;
                self.ratings.push(Rating {
                    t: self.sim.now(),
                    objective: objective.clone(),
                    rating: rating.clone(),
                    note,
                });
                Ok(Some(format!("{objective}: {rating}")))
            }
            Command::Note(text) => {
                if !controller {
                    return Err(Refused::ControllerOnly);
                }
                write(self, EntryKind::Note { text: text.clone() })?;
                self.notes.push((self.sim.now(), text));
                Ok(Some(if zh {
                    "已记录".into()
                } else {
                    "noted".into()
                }))
            }
            Command::Speed(_) | Command::TogglePause | Command::Step | Command::Quit => Ok(None),
        }
    }
}
