//! What became of each order this seat gave: given, delivered, carried out (as the team last
//! reported), refused and why, or overtaken by a later order to the same team. Every change
//! reaches the seat's inbox and the forces pane, in the seat's language.

use super::*;

impl Engine {
    /// Records an order this seat has just given (after `Sim::apply_from` took it): a later
    /// order to the same team overtakes the earlier one.
    pub(super) fn order_given(&mut self, order: &str, team: Option<String>) {
        let now = self.sim.now();
        // The order reaches its recipient after the latency the simulation logged for it.
        let latency = self
            .sim
            .events()
            .iter()
            .rev()
            .find_map(|e| match &e.kind {
                EventKind::OrderIssued {
                    order: o,
                    latency_min,
                    ..
                } if o == order => Some(*latency_min),
                _ => None,
            })
            .unwrap_or(0);
        if let Some(team) = &team {
            let mut overtaken = Vec::new();
            for fate in self.fates.iter_mut() {
                if fate.team.as_ref() == Some(team)
                    && !matches!(fate.fate, Fate::Refused { .. } | Fate::Overtaken { .. })
                {
                    fate.fate = Fate::Overtaken {
                        by: order.to_string(),
                    };
                    fate.at = now;
                    overtaken.push(fate.order.clone());
                }
            }
            for old in overtaken {
                self.fate_log.push((
                    now,
                    old,
                    Fate::Overtaken {
                        by: order.to_string(),
                    },
                ));
            }
        }
        let fate = Fate::Given {
            deliver_at: now + latency,
        };
        self.fate_log.push((now, order.to_string(), fate.clone()));
        self.fates.push(OrderFate {
            order: order.to_string(),
            team,
            given_at: now,
            at: now,
            fate,
        });
    }

    /// Records an order of this seat's that the simulation refused as it was given.
    pub(super) fn order_refused_at_once(&mut self, order: &str, zh: String, en: String) {
        let now = self.sim.now();
        let fate = Fate::Refused { zh, en };
        self.fate_log.push((now, order.to_string(), fate.clone()));
        self.fates.push(OrderFate {
            order: order.to_string(),
            team: None,
            given_at: now,
            at: now,
            fate,
        });
    }

    /// Sets an order's fate and tells the inbox; a fate that follows another in the same
    /// minute (an HQ's own act: given and carried out at once) replaces it there.
    pub(super) fn set_fate(&mut self, index: usize, at: u32, fate: Fate) {
        let entry = &mut self.fates[index];
        entry.fate = fate.clone();
        entry.at = at;
        let same_minute = self
            .fate_log
            .iter()
            .rposition(|(_, order, _)| *order == entry.order)
            .filter(|&i| self.fate_log[i].0 == at);
        match same_minute {
            Some(i) => self.fate_log[i].2 = fate,
            None => self.fate_log.push((at, entry.order.clone(), fate)),
        }
    }

    /// After a tick: orders the simulation refused as they reached their teams (a team resting,
    /// a road not blocked) are journaled and shown — to the controller all of them, to a player
    /// its own — and this seat's orders that arrived are delivered (a team order) or carried out.
    pub(super) fn report_refusals(&mut self) {
        let events = self.sim.events();
        let mut refused = Vec::new();
        for event in &events[self.refusal_cursor..] {
            if let EventKind::OrderRefused { order, reason } = &event.kind {
                refused.push((event.t, order.clone(), reason.clone()));
            }
        }
        self.refusal_cursor = events.len();
        for (t, order, reason) in refused {
            let own = self.fates.iter().position(|f| {
                f.order == order && matches!(f.fate, Fate::Given { deliver_at } if deliver_at <= t)
            });
            if let Some(index) = own {
                self.set_fate(
                    index,
                    t,
                    Fate::Refused {
                        zh: reason.text(true),
                        en: reason.text(false),
                    },
                );
            }
            if self.role == Role::Controller || own.is_some() {
                let text = format!(
                    "{}: {order} ({})",
                    self.lang.t(Text::OrderRefused),
                    reason.text(self.lang.is_zh())
                );
                self.say(false, text);
            }
            self.note(EntryKind::Refused {
                order,
                by: String::new(),
                reason: reason.to_string(),
            });
        }
        let now = self.sim.now();
        for index in 0..self.fates.len() {
            if let Fate::Given { deliver_at } = self.fates[index].fate
                && deliver_at < now
            {
                let fate = if self.fates[index].team.is_some() {
                    Fate::Delivered
                } else {
                    Fate::CarriedOut {
                        status: None,
                        place: None,
                        eta: None,
                    }
                };
                self.set_fate(index, deliver_at, fate);
            }
        }
    }

    /// A delivered team order is carried out once the seat hears from the team after it
    /// arrived (its status report: en route, working, …), as of that report.
    pub(super) fn fates_from_reports(&mut self, teams: &[TeamRow]) {
        for index in 0..self.fates.len() {
            let fate = &self.fates[index];
            if fate.fate != Fate::Delivered {
                continue;
            }
            let deliver_at = fate.at;
            let Some(row) = fate
                .team
                .as_ref()
                .and_then(|team| teams.iter().find(|t| &t.team == team))
            else {
                continue;
            };
            if row.as_of < deliver_at {
                continue;
            }
            let done = Fate::CarriedOut {
                status: Some(row.status),
                place: Some(row.place.clone()),
                eta: row.eta_at,
            };
            let at = row.as_of;
            self.set_fate(index, at, done);
        }
    }

    /// The seat's orders' fates for its inbox, and the latest order to each team.
    pub(super) fn fate_items(&self) -> Vec<InboxItem> {
        self.fate_log
            .iter()
            .map(|(at, order, fate)| InboxItem::Order {
                at: *at,
                order: order.clone(),
                fate: fate.clone(),
            })
            .collect()
    }

    /// The latest order this seat gave `team`, with its fate.
    pub(super) fn last_order_to(&self, team: &str) -> Option<OrderFate> {
        self.fates
            .iter()
            .rev()
            .find(|f| f.team.as_deref() == Some(team))
            .cloned()
    }
}
