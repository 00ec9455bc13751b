//! Graded response: the level the grading tables call for (on the truth, for `level_lag_min`),
//! every government HQ's levels on both ladders (`ladders.rs`) on what it believes
//! (`statistics.rs`), the decision time under the span of control, declarations, and the forces
//! the county's earthquake level releases.

use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;

use super::belief::Belief;
use super::chain::Chain;
use super::ladders::{self, Change, HqLadder, LevelChange, QuakeKnown, Step};
pub use super::ladders::{decision_minutes, density_around, hq_directing};
use super::statistics::{Figures, HqFigures};
use crate::scenario::{Ladder, Level, Measure, Scenario, TeamKind};
use crate::sim::components::*;
use crate::sim::events::{EventKind, EventLog};
use crate::sim::resources::*;

/// Response levels: what the tables call for (on ground truth) and what the HQ declared.
#[derive(Resource, Debug, Default)]
pub struct Levels {
    /// When the tables, applied to the truth, first called for each level (Ⅰ..Ⅳ).
    pub required_since: [Option<u32>; 4],
    /// When the HQ declared each level.
    pub declared_at: [Option<u32>; 4],
    /// The level in force (the county HQ's, on the earthquake ladder).
    pub declared: Option<Level>,
    /// A declaration the HQ is deciding on.
    pub pending: Option<PendingDeclaration>,
    /// Magnitude of the strongest quake so far and when it struck.
    pub quake: Option<(f64, u32, f64)>,
    /// The strongest quake's epicentral intensity (the highest at any place), which the rapid
    /// intensity assessment reports.
    pub intensity: Option<f64>,
    /// Every government HQ's level on each ladder its government grades.
    pub hqs: Vec<HqLadder>,
    /// Every change of level, in order.
    pub timeline: Vec<LevelChange>,
    /// For each government HQ: the deaths and missing it believed and when they last grew.
    grew: std::collections::BTreeMap<usize, (u64, u32)>,
    /// Declarations ordered by the seats of HQs above the county (node, ladder, level, who
    /// gave it), made at the next tick.
    pub ordered: Vec<(usize, Ladder, Level, &'static str)>,
}

/// A level the HQ is deciding to declare, and the minute it will.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingDeclaration {
    pub level: Level,
    pub at: u32,
}

impl Levels {
    /// The level in force at command node `node` on `ladder`, if any. Today only the county HQ
    /// declares, on one ladder (the earthquake response); other HQs and the relief ladder have
    /// none.
    pub fn in_force(&self, chain: &Chain, node: usize, ladder: Ladder) -> Option<Level> {
        if node == chain.hq && ladder == Ladder::Earthquake {
            return self.declared;
        }
        self.hq(node, ladder).and_then(|h| h.in_force)
    }

    /// `node`'s state on `ladder`, when its government grades that ladder.
    pub fn hq(&self, node: usize, ladder: Ladder) -> Option<&HqLadder> {
        self.hqs
            .iter()
            .find(|h| h.node == node && h.ladder == ladder)
    }

    /// The most severe level `node` declared on `ladder`.
    pub fn peak(&self, node: usize, ladder: Ladder) -> Option<Level> {
        self.hq(node, ladder).and_then(|h| h.peak)
    }

    /// The most severe level any HQ of `government` declared on `ladder`.
    pub fn peak_of(
        &self,
        government: crate::scenario::Government,
        ladder: Ladder,
    ) -> Option<Level> {
        self.hqs
            .iter()
            .filter(|h| h.government == government && h.ladder == ladder)
            .filter_map(|h| h.peak)
            .min()
    }

    /// Records a change of `node`'s level on `ladder`: its state, the timeline and the log.
    #[allow(clippy::too_many_arguments)]
    fn changed(
        &mut self,
        chain: &Chain,
        log: &mut EventLog,
        now: u32,
        node: usize,
        ladder: Ladder,
        level: Level,
        change: Change,
        reason: &str,
    ) {
        let Some(h) = self
            .hqs
            .iter_mut()
            .find(|h| h.node == node && h.ladder == ladder)
        else {
            return;
        };
        if change == Change::Ended {
            h.in_force = None;
            h.ended = true;
        } else {
            h.in_force = Some(level);
            h.ended = false;
            h.peak = Some(h.peak.map_or(level, |p| p.min(level)));
        }
        h.pending = None;
        h.changed_at = now;
        let government = ladders::government_word(h.government);
        self.timeline.push(LevelChange {
            t: now,
            hq: chain.ids[node].clone(),
            government,
            ladder: ladders::ladder_word(ladder),
            level: level.roman(),
            change,
        });
        log.record(now, || EventKind::LevelChanged {
            by: chain.ids[node].clone(),
            government,
            ladder: ladders::ladder_word(ladder),
            level: level.roman(),
            change: change.word(),
            reason: reason.to_string(),
        });
    }

    /// The most severe level the truth called for.
    pub fn required_peak(&self) -> Option<Level> {
        (0..4)
            .find(|&i| self.required_since[i].is_some())
            .and_then(|i| Level::from_number(i as u8 + 1))
    }

    /// The most severe level declared.
    pub fn declared_peak(&self) -> Option<Level> {
        (0..4)
            .find(|&i| self.declared_at[i].is_some())
            .and_then(|i| Level::from_number(i as u8 + 1))
    }

    /// Minutes from the tables calling for the peak level to a declaration at least that
    /// severe; counted to `now` when none was made.
    pub fn lag(&self, now: u32) -> Option<f64> {
        let peak = self.required_peak()?;
        let since = self.required_since[peak.number() as usize - 1]?;
        let declared = (0..peak.number() as usize)
            .filter_map(|i| self.declared_at[i])
            .filter(|&t| t >= since)
            .min()
            .or_else(|| {
                // Declared before the truth called for it (the HQ was ahead): no lag.
                (0..peak.number() as usize)
                    .filter_map(|i| self.declared_at[i])
                    .min()
                    .map(|_| since)
            });
        Some(declared.unwrap_or(now).saturating_sub(since) as f64)
    }
}

/// The level the tables call for, given a quake's magnitude and the deaths counted.
pub fn level_called_for(
    scenario: &Scenario,
    quake: Option<(f64, u32, f64)>,
    deaths: u32,
) -> Option<Level> {
    let grading = &scenario.grading;
    let initial = quake.and_then(|(magnitude, _, density)| {
        let table = if density > 200.0 {
            "earthquake_initial_dense"
        } else {
            "earthquake_initial_other"
        };
        grading
            .table(table)?
            .grade(&[(Measure::Magnitude, magnitude)])
    });
    let by_deaths = quake.and_then(|_| {
        grading
            .table("earthquake_deaths")?
            .grade(&[(Measure::Deaths, deaths as f64)])
    });
    [initial, by_deaths].into_iter().flatten().min()
}

/// The last answer of [`level_called_for`], kept while its inputs stay the same.
#[derive(Default)]
pub struct LastGrade(Option<(QuakeSeen, u32, Option<Level>)>);

/// A quake as grading sees it: magnitude, minute, population density around the epicentre.
type QuakeSeen = Option<(f64, u32, f64)>;

impl LastGrade {
    fn grade(&mut self, scenario: &Scenario, quake: QuakeSeen, deaths: u32) -> Option<Level> {
        match self.0 {
            Some((q, d, level)) if q == quake && d == deaths => level,
            _ => {
                let level = level_called_for(scenario, quake, deaths);
                self.0 = Some((quake, deaths, level));
                level
            }
        }
    }
}

/// What [`grade_response`] keeps between ticks: the grade on the truth, and whether the HQs'
/// ladders are set up.
#[derive(Default)]
pub struct GradingMemo {
    truth: LastGrade,
    built: bool,
}

/// Grades the response: what the truth calls for (for `level_lag_min`), the statistics sent up
/// the governments, and each government HQ's levels on both ladders on its belief; the county
/// HQ's earthquake level releases held forces.
pub fn grade_response(
    clock: Res<Clock>,
    data: Res<ScenarioData>,
    tally: Res<Tally>,
    beliefs: Query<&Belief>,
    mut response: Response,
    mut figures: ResMut<HqFigures>,
    mut memo: Local<GradingMemo>,
) {
    let scenario = &*data.0;
    let now = clock.now;
    let Response {
        chain,
        levels,
        log,
        review,
        teams,
    } = &mut response;
    let (chain, levels, log, review): (&Chain, &mut Levels, &mut EventLog, &mut DoctrineReview) =
        (&**chain, &mut **levels, &mut **log, &mut **review);
    if !memo.built {
        memo.built = true;
        levels.hqs = ladders::hq_ladders(scenario, chain);
    }
    // Declarations ordered by seats above the county, on their own ladders.
    for (node, ladder, level, source) in std::mem::take(&mut levels.ordered) {
        let in_force = levels.in_force(chain, node, ladder);
        if in_force.is_none_or(|d| level < d) {
            let change = if in_force.is_none() {
                Change::Declared
            } else {
                Change::Raised
            };
            let why = format!("order by {source}");
            levels.changed(chain, log, now, node, ladder, level, change, &why);
        }
    }
    let quake = levels.quake;
    // The truth.
    let true_deaths = (tally.killed_outright + tally.deaths_while_trapped) as u32;
    if let Some(level) = memo.truth.grade(scenario, quake, true_deaths) {
        for l in level.number()..=4 {
            let slot = &mut levels.required_since[l as usize - 1];
            if slot.is_none() && l == level.number() {
                *slot = Some(now);
            }
        }
    }
    let Some((magnitude, onset, density)) = quake else {
        return;
    };
    if let Ok(belief) = beliefs.get(chain.entities[chain.hq]) {
        debug_assert_eq!(
            (belief.believed_dead, belief.believed_missing),
            belief.incidents.values().fold((0, 0), |(d, m), i| (
                d + i.est_dead as u64,
                m + i.est_missing as u64
            ))
        );
    }
    // Statistics up the governments.
    let own = |n: usize| {
        beliefs.get(chain.entities[n]).ok().map(|b| Figures {
            as_of: now,
            deaths: b.believed_dead,
            missing: b.believed_missing,
            trapped: b.believed_trapped(),
            relocated: 0,
        })
    };
    let most_severe = |n: usize| {
        Ladder::ALL
            .into_iter()
            .filter_map(|l| levels.in_force(chain, n, l))
            .min()
    };
    figures.step(
        scenario,
        chain,
        now,
        onset,
        // Emergency relocation (紧急转移安置): the homeless and those who moved out.
        tally.displaced_total + tally.moved_out_total,
        &own,
        &most_severe,
        log,
    );
    // Each HQ's ladders.
    let known = QuakeKnown {
        magnitude,
        onset,
        density,
        intensity: levels.intensity,
    };
    let mut last: Option<(usize, Figures)> = None;
    for i in 0..levels.hqs.len() {
        let (node, government, ladder) = {
            let h = &levels.hqs[i];
            (h.node, h.government, h.ladder)
        };
        if levels.hqs[i].ended {
            continue;
        }
        let belief = beliefs.get(chain.entities[node]).ok();
        // An HQ's ladders are adjacent: its figures are read once a tick.
        let held = match last {
            Some((n, f)) if n == node => f,
            _ => figures.believed(chain, node, belief, now),
        };
        last = Some((node, held));
        let dm = held.deaths_and_missing();
        let grew = levels.grew.entry(node).or_insert((0, onset));
        if dm > grew.0 {
            *grew = (dm, now);
        }
        let grew_at = grew.1;
        let Some(table) = scenario.grading.ladder(government, ladder) else {
            continue;
        };
        let county_eq = node == chain.hq && ladder == Ladder::Earthquake;
        let in_force = if county_eq {
            levels.declared
        } else {
            levels.hqs[i].in_force
        };
        let values = ladders::values(scenario, Some(known), now, &held);
        let step = ladders::step(
            scenario,
            &table.rows,
            in_force,
            levels.hqs[i].changed_at,
            onset,
            now,
            &values,
            &held,
            grew_at,
        );
        match step {
            Step::Hold => {}
            Step::Want(level, why) => {
                let pending_ok = levels.hqs[i]
                    .pending
                    .as_ref()
                    .is_some_and(|(p, _, _)| *p <= level);
                if !pending_ok {
                    let directing = belief.map_or(0, |b| {
                        if node == chain.hq {
                            hq_directing(b, scenario)
                        } else {
                            0
                        }
                    });
                    let span = scenario
                        .organisation
                        .get(node)
                        .map_or(5, |n| n.span_of_control);
                    let delay = decision_minutes(
                        scenario.plan.command.decision.as_minutes(),
                        span,
                        directing,
                    );
                    levels.hqs[i].pending = Some((level, now + delay, why));
                    if county_eq {
                        levels.pending = Some(PendingDeclaration {
                            level,
                            at: now + delay,
                        });
                    }
                }
            }
            Step::Lower(level, why) => {
                if county_eq {
                    levels.declared = Some(level);
                }
                levels.changed(chain, log, now, node, ladder, level, Change::Lowered, &why);
            }
            Step::End(why) => {
                let ended = in_force.unwrap_or(Level::IV);
                if county_eq {
                    levels.declared = None;
                    levels.pending = None;
                }
                levels.changed(chain, log, now, node, ladder, ended, Change::Ended, &why);
            }
        }
        let due = levels.hqs[i]
            .pending
            .as_ref()
            .is_some_and(|(_, at, _)| *at <= now);
        if due && let Some((level, _, why)) = levels.hqs[i].pending.take() {
            if county_eq {
                // Through the one door orders use too: it releases the held forces.
                let declaring = Declaring {
                    chain,
                    levels: &mut *levels,
                    log: &mut *log,
                    review: &mut *review,
                    teams: &mut *teams,
                };
                declaring.declare(scenario, now, level, "doctrine", &why);
            } else if in_force.is_none_or(|d| level < d) {
                let change = if in_force.is_none() {
                    Change::Declared
                } else {
                    Change::Raised
                };
                levels.changed(chain, log, now, node, ladder, level, change, &why);
            }
        }
    }
}

/// What a declaration touches: the chain (who declares), the levels, the log, the doctrine
/// (it looks again) and the teams it releases.
#[derive(SystemParam)]
pub struct Response<'w, 's> {
    pub chain: Res<'w, Chain>,
    pub levels: ResMut<'w, Levels>,
    pub log: ResMut<'w, EventLog>,
    pub review: ResMut<'w, DoctrineReview>,
    pub teams: Query<'w, 's, (&'static TeamRef, &'static mut TeamState)>,
}

impl Response<'_, '_> {
    /// Declares a level at the county HQ on the earthquake ladder and releases the forces it
    /// unlocks.
    pub fn declare(&mut self, scenario: &Scenario, now: u32, level: Level, source: &'static str) {
        let declaring = Declaring {
            chain: &self.chain,
            levels: &mut self.levels,
            log: &mut self.log,
            review: &mut self.review,
            teams: &mut self.teams,
        };
        declaring.declare(scenario, now, level, source, &format!("order by {source}"));
    }

    /// Releases held teams of a kind.
    pub fn activate(&mut self, scenario: &Scenario, now: u32, kind: TeamKind, cause: &'static str) {
        activate(
            scenario,
            now,
            kind,
            cause,
            &mut self.teams,
            &mut self.log,
            &mut self.review,
        );
    }
}

/// The parts of the world a county declaration touches.
struct Declaring<'a, 'w, 's> {
    chain: &'a Chain,
    levels: &'a mut Levels,
    log: &'a mut EventLog,
    review: &'a mut DoctrineReview,
    teams: &'a mut Query<'w, 's, (&'static TeamRef, &'static mut TeamState)>,
}

impl Declaring<'_, '_, '_> {
    /// Declares (or raises to) `level` at the county HQ on the earthquake ladder, releasing the
    /// forces the plan holds for it; nothing when a level at least as severe is in force.
    fn declare(self, scenario: &Scenario, now: u32, level: Level, source: &'static str, why: &str) {
        let (chain, levels) = (self.chain, self.levels);
        let Some(before) = levels
            .declared
            .map_or(Some(None), |d| (level < d).then_some(Some(d)))
        else {
            return;
        };
        levels.declared = Some(level);
        let slot = &mut levels.declared_at[level.number() as usize - 1];
        slot.get_or_insert(now);
        self.log.record(now, || EventKind::LevelDeclared {
            by: chain.ids[chain.hq].clone(),
            level: level.roman(),
            source,
        });
        let change = if before.is_none() {
            Change::Declared
        } else {
            Change::Raised
        };
        levels.changed(
            chain,
            self.log,
            now,
            chain.hq,
            Ladder::Earthquake,
            level,
            change,
            why,
        );
        for rule in &scenario.plan.response.activation {
            if level.at_least(rule.level) {
                activate(
                    scenario,
                    now,
                    rule.kind,
                    "level",
                    self.teams,
                    self.log,
                    self.review,
                );
            }
        }
    }
}

/// Releases held teams of a kind.
fn activate(
    scenario: &Scenario,
    now: u32,
    kind: TeamKind,
    cause: &'static str,
    teams: &mut Query<(&'static TeamRef, &'static mut TeamState)>,
    log: &mut EventLog,
    review: &mut DoctrineReview,
) {
    let mut released: Vec<(usize, String)> = Vec::new();
    for (team, mut state) in teams.iter_mut() {
        let spec = &scenario.teams[team.index];
        if spec.kind == kind && !state.active && spec.echelon.is_none() {
            state.active = true;
            state.available_since = now;
            released.push((team.index, spec.id.clone()));
        }
    }
    released.sort();
    for (_, id) in released {
        log.record(now, || EventKind::TeamActivated { team: id, cause });
    }
    review.request();
}
