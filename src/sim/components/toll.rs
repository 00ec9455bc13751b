//! What the local command of an incident learns of its dead and missing, and when: a death
//! enters its reports only once verified (核报) — the body found, at once, by neighbours or by a
//! team on scene, then confirmed — and until then the person is unaccounted for and reported
//! missing (失联), together with people away from home not yet located (later found alive).
//!
//! Everything random is drawn once, when the incident is first seen by the noticing system, from
//! the information stream ([`Toll::draw`]); the counts at a minute follow from those draws and
//! from the site's deaths and first team, with no further draws.

use super::RescueSite;
use crate::scenario::model::Information;
use crate::sim::sample;
use rand::RngExt;

/// The draws behind what becomes known of one incident's people.
#[derive(Debug, Clone, Default)]
pub struct Toll {
    /// Whether the draws were made.
    pub drawn: bool,
    /// One per person who may die here, in death order: those killed outright first, then those
    /// who die while trapped, in the order they die.
    pub bodies: Vec<Body>,
    /// Minute each person wrongly reported missing is located alive.
    pub located_at: Vec<u32>,
}

/// How the death of one person becomes known (minutes are delays).
#[derive(Debug, Clone, Copy)]
pub struct Body {
    /// Known at once (killed in the open or within reach): only to be verified.
    pub seen: bool,
    /// Never found (buried too deep, under a landslide, carried off by a river): missing for
    /// good.
    pub lost: bool,
    /// Time for neighbours to recover the body, from onset.
    pub local_min: u32,
    /// Time for a team on scene to recover it, from the team's arrival.
    pub team_min: u32,
    /// Time from found to verified.
    pub verify_min: u32,
}

fn minutes(rng: &mut impl rand::Rng, mean: crate::scenario::Duration) -> u32 {
    let drawn = sample::exponential(rng, mean.as_minutes().max(1) as f64);
    drawn.min(u32::MAX as f64 / 4.0) as u32
}

impl Toll {
    /// Draws what will become known of `killed` people killed outright and `trapped` trapped at
    /// an incident opening at `onset`.
    pub fn draw(
        rng: &mut impl rand::Rng,
        m: &Information,
        onset: u32,
        killed: u32,
        trapped: u32,
    ) -> Toll {
        let bodies = (0..killed + trapped)
            .map(|_| Body {
                seen: rng.random::<f64>() < m.seen_dead_share,
                lost: rng.random::<f64>() < m.never_found_share,
                local_min: minutes(rng, m.local_recovery_mean),
                team_min: minutes(rng, m.team_recovery_mean),
                verify_min: minutes(rng, m.verify_mean),
            })
            .collect();
        let wrongly_missing = sample::binomial(rng, killed + trapped, m.false_missing_share);
        let located_at = (0..wrongly_missing)
            .map(|_| onset.saturating_add(minutes(rng, m.located_mean)))
            .collect();
        Toll {
            drawn: true,
            bodies,
            located_at,
        }
    }
}

impl RescueSite {
    /// The minute of each death here so far, in death order: those killed outright at onset,
    /// then those who died while trapped.
    pub fn death_times(&self) -> impl Iterator<Item = u32> + '_ {
        let outright = std::iter::repeat_n(self.onset, self.killed_outright as usize);
        let while_trapped = self.victims[..self.cursor]
            .iter()
            .filter(|v| v.death_at < v.local_free_at)
            .map(|v| v.death_at);
        outright.chain(while_trapped)
    }

    /// The minute the `k`-th death here (at `died_at`) is verified; `u32::MAX` before the draws.
    fn verified_at(&self, k: usize, died_at: u32) -> u32 {
        let Some(body) = self.reporting.toll.bodies.get(k) else {
            return u32::MAX;
        };
        let found = if body.seen && k < self.killed_outright as usize {
            died_at
        } else if body.lost {
            return u32::MAX;
        } else {
            // A team counts only if it came while the incident was open (none comes after).
            let team = self
                .first_team_at
                .filter(|&f| self.closed_at.is_none_or(|c| f <= c))
                .map_or(u32::MAX, |f| f.saturating_add(body.team_min));
            let local = self.onset.saturating_add(body.local_min);
            died_at.max(local.min(team))
        };
        found.saturating_add(body.verify_min)
    }

    /// Deaths here verified by minute `t`.
    pub fn dead_verified_by(&self, t: u32) -> u32 {
        self.death_times()
            .enumerate()
            .filter(|&(k, died_at)| self.verified_at(k, died_at) <= t)
            .count() as u32
    }

    /// People here unaccounted for at minute `t` (their fate not established): the dead not
    /// yet verified and those wrongly reported missing not yet located. The trapped still
    /// alive are counted as trapped, not here.
    pub fn unaccounted_at(&self, t: u32) -> u32 {
        let dead = self
            .death_times()
            .enumerate()
            .filter(|&(k, died_at)| died_at <= t && self.verified_at(k, died_at) > t)
            .count();
        let away = self
            .reporting
            .toll
            .located_at
            .iter()
            .filter(|&&at| at > t)
            .count();
        (dead + away) as u32
    }

    /// Once the incident is closed: the minute everyone here is accounted for (every death
    /// verified but those never found, everyone wrongly reported missing located). Follow-up
    /// reports go on until then; the verified report (核报) follows it, with those never found
    /// as missing.
    pub fn accounted_at(&self) -> Option<u32> {
        let closed_at = self.closed_at?;
        let last_death = self
            .death_times()
            .enumerate()
            .map(|(k, died_at)| self.verified_at(k, died_at))
            .filter(|&at| at != u32::MAX)
            .max()
            .unwrap_or(0);
        let last_located = self
            .reporting
            .toll
            .located_at
            .iter()
            .copied()
            .max()
            .unwrap_or(0);
        Some(closed_at.max(last_death).max(last_located))
    }
}
