//! `request ORDER` on the order line: the seat asks for an order beyond its authority
//! ([`crate::sim::Sim::request_as`]). The request climbs to the seat that holds the order; its
//! fate — sent to whom and when the answer is due, granted (the order given in the holder's
//! name) or refused and why — reaches this seat's inbox in its language. Journaled as an
//! `order` entry whose text starts with `request ` (docs/drill.md), so replay asks again.

use super::input::Refused;
use super::*;
use crate::drill::journal::EntryKind;
use crate::sim::GiveError;

impl Engine {
    /// Journals an input (written and synced when `journal` is set; replay only keeps it).
    fn write_input(&mut self, journal: bool, kind: EntryKind) -> Result<(), Refused> {
        if journal {
            self.record(kind)
                .map_err(|e| Refused::Journal(self.journal_failed(e)))
        } else {
            self.entries.push(Entry {
                t: self.sim.now(),
                kind,
            });
            Ok(())
        }
    }

    /// `request ORDER`: `body` is the order, starting at `column` of the line.
    pub(super) fn apply_request(
        &mut self,
        body: &str,
        column: usize,
        journal: bool,
    ) -> Result<Option<String>, Refused> {
        let names = &self.statics.vocabulary.names;
        let order =
            crate::drill::line::parse_request(body, column, names).map_err(Refused::Grammar)?;
        if let Some(unknown) = order.unknown_ids(self.sim.scenario()).into_iter().next() {
            return Err(Refused::UnknownId(unknown));
        }
        if order.is_information() {
            return Err(Refused::InfoNeedsNoRequest);
        }
        let shown = order.to_string();
        let asked = format!("{} {shown}", crate::drill::line::REQUEST);
        let team = order.tasked_team().map(str::to_string);
        self.write_input(
            journal,
            EntryKind::Order {
                text: asked.clone(),
                by: self.role_name.to_string(),
            },
        )?;
        let now = self.sim.now();
        let zh = self.lang.is_zh();
        match self.sim.request_as(order, self.role, self.role_name) {
            // Within the seat's authority: simply given.
            Ok(at) if at == now => {
                self.order_given(&shown, team);
                Ok(Some(if zh {
                    format!("已下达：{shown}")
                } else {
                    format!("given: {shown}")
                }))
            }
            Ok(reaches) => {
                let to = self
                    .sim
                    .events()
                    .iter()
                    .rev()
                    .find_map(|e| match &e.kind {
                        EventKind::RequestSent { by, to, order, .. }
                            if e.t == now && by == self.role_name && *order == shown =>
                        {
                            Some(to.clone())
                        }
                        _ => None,
                    })
                    .unwrap_or_default();
                let answer_at = reaches + (reaches - now);
                let fate = Fate::Requested {
                    to: to.clone(),
                    answer_at,
                };
                self.fate_log.push((now, asked.clone(), fate.clone()));
                self.fates.push(OrderFate {
                    order: asked.clone(),
                    team: None,
                    given_at: now,
                    at: now,
                    fate,
                });
                let (sent, due) = (
                    self.lang.t(Text::RequestSentTo),
                    self.lang.t(Text::AnswerDue),
                );
                let due_at = clock(answer_at);
                Ok(Some(if zh {
                    format!("{sent}：{shown} → {to}（{due} T+{due_at}）")
                } else {
                    format!("{sent}: {shown} → {to} ({due} T+{due_at})")
                }))
            }
            Err(refused) => {
                self.refuse_at_once(&asked, refused);
                Ok(None)
            }
        }
    }

    /// An order refused as it was given (beyond the seat's authority, or an id the simulation
    /// would not take): recorded beside the order (replay refuses it the same way), shown on
    /// the feedback line in the drill's language and in the inbox. A refusal that names the
    /// seat holding the order suggests asking it with `request`.
    pub(super) fn refuse_at_once(&mut self, shown: &str, refused: GiveError) {
        let (zh_reason, en_reason) = match &refused {
            GiveError::Beyond(beyond) => (beyond.text(true), beyond.text(false)),
            GiveError::Unknown(e) => {
                let why = Refused::UnknownId(e.clone());
                (why.text(Lang::Zh), why.text(Lang::En))
            }
        };
        self.note(EntryKind::Refused {
            order: shown.to_string(),
            by: self.role_name.to_string(),
            reason: match &refused {
                GiveError::Beyond(beyond) => beyond.text(false),
                GiveError::Unknown(e) => e.to_string(),
            },
        });
        let zh = self.lang.is_zh();
        let reason = if zh { &zh_reason } else { &en_reason };
        let mut text = match &refused {
            GiveError::Beyond(_) if zh => {
                format!(
                    "{}：{shown}（{reason}）",
                    self.lang.t(Text::BeyondAuthority)
                )
            }
            GiveError::Beyond(_) => {
                format!("{}: {shown} ({reason})", self.lang.t(Text::BeyondAuthority))
            }
            GiveError::Unknown(_) => {
                format!("{}: {shown} ({reason})", self.lang.t(Text::OrderRefused))
            }
        };
        let holder = matches!(&refused, GiveError::Beyond(b) if b.holder.is_some());
        if holder && crate::drill::line::request_body(shown).is_none() {
            let request = crate::drill::line::REQUEST;
            text.push_str(&if zh {
                format!("；{} `{request} {shown}`", self.lang.t(Text::TryRequest))
            } else {
                format!("; {} `{request} {shown}`", self.lang.t(Text::TryRequest))
            });
        }
        self.order_refused_at_once(shown, zh_reason, en_reason);
        self.say(false, text);
    }

    /// After a tick: the answers to this seat's requests that reached it, into its inbox and
    /// on the feedback line.
    pub(super) fn report_answers(&mut self) {
        let Role::Node(me) = self.role else {
            return;
        };
        let answers = self.sim.request_answers();
        if answers.len() <= self.answer_cursor {
            return;
        }
        let new: Vec<_> = answers[self.answer_cursor..]
            .iter()
            .filter(|a| a.asker == me)
            .cloned()
            .collect();
        self.answer_cursor = answers.len();
        for answer in new {
            let asked = format!("{} {}", crate::drill::line::REQUEST, answer.order);
            let by = self
                .sim
                .node_id(answer.holder)
                .unwrap_or_default()
                .to_string();
            let fate = match &answer.refused {
                None => Fate::Granted { by },
                Some((zh, en)) => Fate::Declined {
                    by,
                    zh: zh.clone(),
                    en: en.clone(),
                },
            };
            let index = self
                .fates
                .iter()
                .position(|f| f.order == asked && matches!(f.fate, Fate::Requested { .. }));
            if let Some(index) = index {
                self.set_fate(index, answer.arrives_at, fate.clone());
            }
            let zh = self.lang.is_zh();
            let outcome = match &fate {
                Fate::Declined { by, zh: why, .. } if zh => {
                    format!("{}{by}（{why}）", self.lang.t(Text::FateDeclined))
                }
                Fate::Declined { by, en: why, .. } => {
                    format!("{} {by} ({why})", self.lang.t(Text::FateDeclined))
                }
                _ if zh => format!("{}{}", self.lang.t(Text::FateGranted), answer_holder(&fate)),
                _ => format!(
                    "{} {}",
                    self.lang.t(Text::FateGranted),
                    answer_holder(&fate)
                ),
            };
            let head = self.lang.t(Text::RequestAnswered);
            let text = if zh {
                format!("{head}：{asked} — {outcome}")
            } else {
                format!("{head}: {asked} — {outcome}")
            };
            self.say(answer.refused.is_none(), text);
        }
    }
}

/// The seat that answered a request.
fn answer_holder(fate: &Fate) -> &str {
    match fate {
        Fate::Granted { by } | Fate::Declined { by, .. } => by,
        _ => "",
    }
}
