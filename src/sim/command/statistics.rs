//! Disaster statistics (灾情统计) sent up the governments: what the HQs above the county know to
//! grade their ladders on.
//!
//! Each county HQ reports its believed figures (deaths, missing, trapped — from its [`Belief`] —
//! and the people relocated, counted at each round [assumption: the civil-affairs count, which
//! drillsim takes from the truth at the round]) to the government above it: a first report
//! (初报) `statistics.first` after the quake, then follow-ups (续报) every `statistics.every`, or
//! `statistics.often` while its level in force on either ladder is at least
//! `statistics.often_from`. At `statistics.direct_at` deaths and missing it reports straight to
//! every government above (直报) as well. Each HQ above relays what it receives to its own
//! parent after `statistics.relay`; it believes the sum of the newest figures from each county.

use std::collections::BTreeMap;

use bevy_ecs::prelude::*;

use super::belief::Belief;
use super::chain::Chain;
use crate::scenario::Scenario;
use crate::sim::events::{EventKind, EventLog};

/// Figures an HQ believes, as of a minute.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    /// When the county counted them.
    pub as_of: u32,
    pub deaths: u64,
    pub missing: u64,
    pub trapped: u64,
    pub relocated: u64,
}

impl Figures {
    /// Deaths and missing together (死亡和失踪).
    pub fn deaths_and_missing(&self) -> u64 {
        self.deaths + self.missing
    }

    fn add(self, other: Figures) -> Figures {
        Figures {
            as_of: self.as_of.max(other.as_of),
            deaths: self.deaths + other.deaths,
            missing: self.missing + other.missing,
            trapped: self.trapped + other.trapped,
            relocated: self.relocated + other.relocated,
        }
    }
}

/// A statistics report on its way: from the county `origin`, relayed by `from`, to `to`.
#[derive(Debug, Clone, Copy)]
struct InFlight {
    arrive: u32,
    origin: usize,
    from: usize,
    to: usize,
    figures: Figures,
}

/// The statistics each government HQ holds, and the reports on their way.
#[derive(Resource, Debug, Default)]
pub struct HqFigures {
    /// Newest figures received, by (receiving HQ, county they come from).
    received: BTreeMap<(usize, usize), Figures>,
    /// Each county's relocated count at its last round.
    relocated: BTreeMap<usize, u64>,
    /// Each county's next round.
    next_round: BTreeMap<usize, u32>,
    /// Counties that have reported straight to the top.
    direct_sent: Vec<usize>,
    in_flight: Vec<InFlight>,
}

impl HqFigures {
    /// What government HQ `node` believes now: a county HQ its own belief (and the relocated
    /// counted at its last round), an HQ above the sum of the newest reports from each county.
    pub fn believed(
        &self,
        chain: &Chain,
        node: usize,
        belief: Option<&Belief>,
        now: u32,
    ) -> Figures {
        if chain.kinds[node].is_above_county() {
            return self
                .received
                .range((node, 0)..=(node, usize::MAX))
                .fold(Figures::default(), |sum, (_, f)| sum.add(*f));
        }
        let Some(belief) = belief else {
            return Figures::default();
        };
        Figures {
            as_of: now,
            deaths: belief.believed_dead,
            missing: belief.believed_missing,
            trapped: belief.believed_trapped(),
            relocated: self.relocated.get(&node).copied().unwrap_or(0),
        }
    }

    /// Sends the rounds that are due and delivers the reports that arrived. `county_level`
    /// gives a county HQ's most severe level in force on either ladder.
    #[allow(clippy::too_many_arguments)]
    pub fn step(
        &mut self,
        scenario: &Scenario,
        chain: &Chain,
        now: u32,
        quake_at: u32,
        relocated_now: u64,
        beliefs: &dyn Fn(usize) -> Option<Figures>,
        county_level: &dyn Fn(usize) -> Option<crate::scenario::Level>,
        log: &mut EventLog,
    ) {
        let rules = scenario.grading.statistics;
        let relay = rules.relay.as_minutes();
        for county in 0..chain.kinds.len() {
            if chain.kinds[county].government() != Some(crate::scenario::Government::County) {
                continue;
            }
            let next = *self
                .next_round
                .entry(county)
                .or_insert(quake_at + rules.first.as_minutes());
            let round = now >= next;
            if round {
                self.relocated.insert(county, relocated_now);
                let often = county_level(county).is_some_and(|l| l.at_least(rules.often_from));
                let every = if often { rules.often } else { rules.every };
                self.next_round
                    .insert(county, now + every.as_minutes().max(1));
            }
            // Only a county with a government above it reports (its belief is read only then).
            let Some(parent) = chain.parent[county].filter(|&p| chain.kinds[p].is_above_county())
            else {
                continue;
            };
            let direct_due = !self.direct_sent.contains(&county);
            if !round && !direct_due {
                continue;
            }
            let Some(mut figures) = beliefs(county) else {
                continue;
            };
            figures.relocated = self.relocated.get(&county).copied().unwrap_or(0);
            if round {
                self.send(now + relay, county, county, parent, figures);
            }
            if direct_due && figures.deaths_and_missing() >= rules.direct_at as u64 {
                self.direct_sent.push(county);
                let mut above = chain.parent[parent];
                while let Some(hq) = above.filter(|&p| chain.kinds[p].is_above_county()) {
                    self.send(now + relay, county, county, hq, figures);
                    above = chain.parent[hq];
                }
            }
        }
        // Deliveries, in the order sent; an HQ relays what is new to it.
        let mut i = 0;
        while i < self.in_flight.len() {
            if self.in_flight[i].arrive > now {
                i += 1;
                continue;
            }
            let r = self.in_flight.remove(i);
            let held = self.received.get(&(r.to, r.origin));
            if held.is_some_and(|h| h.as_of >= r.figures.as_of) {
                continue;
            }
            self.received.insert((r.to, r.origin), r.figures);
            log.record(now, || EventKind::StatisticsReceived {
                by: chain.ids[r.to].clone(),
                from: chain.ids[r.from].clone(),
                county: chain.ids[r.origin].clone(),
                as_of: r.figures.as_of,
                dead: r.figures.deaths,
                missing: r.figures.missing,
                trapped: r.figures.trapped,
                relocated: r.figures.relocated,
            });
            if let Some(parent) = chain.parent[r.to].filter(|&p| chain.kinds[p].is_above_county()) {
                self.send(now + relay, r.origin, r.to, parent, r.figures);
            }
        }
    }

    fn send(&mut self, arrive: u32, origin: usize, from: usize, to: usize, figures: Figures) {
        self.in_flight.push(InFlight {
            arrive,
            origin,
            from,
            to,
            figures,
        });
    }
}
