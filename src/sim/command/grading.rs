//! Graded response: the level the grading tables call for (on the truth and on the HQ's belief),
//! the HQ's decision time under its span of control, declarations, and the forces they release.

use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;

use super::belief::Belief;
use super::chain::Chain;
use crate::scenario::{Ladder, Level, Measure, Scenario, TeamKind};
use crate::sim::components::*;
use crate::sim::events::{EventKind, EventLog};
use crate::sim::math;
use crate::sim::resources::*;

/// Response levels: what the tables call for (on ground truth) and what the HQ declared.
#[derive(Resource, Debug, Default)]
pub struct Levels {
    /// When the tables, applied to the truth, first called for each level (Ⅰ..Ⅳ).
    pub required_since: [Option<u32>; 4],
    /// When the HQ declared each level.
    pub declared_at: [Option<u32>; 4],
    /// The level in force.
    pub declared: Option<Level>,
    /// A declaration the HQ is deciding on.
    pub pending: Option<PendingDeclaration>,
    /// Magnitude of the strongest quake so far and when it struck.
    pub quake: Option<(f64, u32, f64)>,
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
        (node == chain.hq && ladder == Ladder::Earthquake)
            .then_some(self.declared)
            .flatten()
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

/// Population density (people/km²) within 20 km of a point.
pub fn density_around(scenario: &Scenario, x_km: f64, y_km: f64) -> f64 {
    let radius = 20.0;
    let people: u64 = scenario
        .region
        .places
        .iter()
        .filter(|p| math::distance_km(p.x_km, p.y_km, x_km, y_km) <= radius)
        .map(|p| p.population as u64)
        .sum();
    people as f64 / (std::f64::consts::PI * radius * radius)
}

/// How many subordinates the county HQ is directing: the towns (乡镇) with open incidents it
/// knows of that no field command post runs. The HQ directs towns, not incidents; a field post
/// takes its incident off the HQ's hands.
pub fn hq_directing(belief: &Belief, scenario: &Scenario) -> u32 {
    let places = &scenario.region.places;
    let mut towns: Vec<usize> = belief
        .incidents
        .values()
        .filter(|i| !i.closed && !i.has_post)
        .map(|i| match places[i.place].kind {
            crate::scenario::PlaceKind::Village => places[i.place].parent.unwrap_or(i.place),
            _ => i.place,
        })
        .collect();
    towns.sort_unstable();
    towns.dedup();
    towns.len() as u32
}

/// Decision time of a node given how many subordinates it is directing.
pub fn decision_minutes(base: u32, span: u32, directing: u32) -> u32 {
    if span == 0 || directing <= span {
        return base;
    }
    let overload = (directing - span) as f64 / span as f64;
    (base as f64 * (1.0 + overload)).ceil() as u32
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

/// What [`grade_response`] keeps between ticks: the grades on the truth and on the HQ's belief.
#[derive(Default)]
pub struct GradingMemo {
    truth: LastGrade,
    belief: LastGrade,
}

/// Grades the response: what the truth calls for (for `level_lag_min`), and the HQ's
/// declarations on its belief, which release held forces.
pub fn grade_response(
    clock: Res<Clock>,
    data: Res<ScenarioData>,
    tally: Res<Tally>,
    beliefs: Query<&Belief>,
    mut response: Response,
    mut memo: Local<GradingMemo>,
) {
    let scenario = &*data.0;
    let (chain, levels) = (&*response.chain, &mut *response.levels);
    let now = clock.now;
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
    // The HQ's belief: the magnitude once the quick report is in, the deaths reported.
    let quick = scenario.plan.response.quake_quick_report.as_minutes();
    let known_quake = quake.filter(|(_, at, _)| now >= at + quick);
    let Ok(belief) = beliefs.get(chain.entities[chain.hq]) else {
        return;
    };
    debug_assert_eq!(
        belief.believed_dead,
        belief
            .incidents
            .values()
            .map(|i| i.est_dead as u64)
            .sum::<u64>()
    );
    let believed_deaths = belief.believed_dead.min(u32::MAX as u64) as u32;
    let wanted = memo.belief.grade(scenario, known_quake, believed_deaths);
    if let Some(wanted) = wanted {
        let more_severe = levels.declared.is_none_or(|d| wanted < d);
        let pending_ok = levels.pending.is_some_and(|p| p.level <= wanted);
        if more_severe && !pending_ok {
            let directing = hq_directing(belief, scenario);
            let span = scenario
                .organisation
                .get(chain.hq)
                .map_or(5, |n| n.span_of_control);
            let delay =
                decision_minutes(scenario.plan.command.decision.as_minutes(), span, directing);
            levels.pending = Some(PendingDeclaration {
                level: wanted,
                at: now + delay,
            });
        }
    }
    if let Some(PendingDeclaration { level, at }) = levels.pending
        && at <= now
    {
        levels.pending = None;
        response.declare(scenario, now, level, "doctrine");
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
    /// Declares a level and releases the forces it unlocks.
    pub fn declare(&mut self, scenario: &Scenario, now: u32, level: Level, source: &'static str) {
        let (chain, levels) = (&*self.chain, &mut *self.levels);
        if levels.declared.is_some_and(|d| d <= level) {
            return;
        }
        levels.declared = Some(level);
        let slot = &mut levels.declared_at[level.number() as usize - 1];
        slot.get_or_insert(now);
        self.log.record(now, || EventKind::LevelDeclared {
            by: chain.ids[chain.hq].clone(),
            level: level.roman(),
            source,
        });
        for rule in &scenario.plan.response.activation {
            if level.at_least(rule.level) {
                self.activate(scenario, now, rule.kind, "level");
            }
        }
    }

    /// Releases held teams of a kind.
    pub fn activate(&mut self, scenario: &Scenario, now: u32, kind: TeamKind, cause: &'static str) {
        let mut released: Vec<(usize, String)> = Vec::new();
        for (team, mut state) in self.teams.iter_mut() {
            let spec = &scenario.teams[team.index];
            if spec.kind == kind && !state.active && spec.echelon.is_none() {
                state.active = true;
                state.available_since = now;
                released.push((team.index, spec.id.clone()));
            }
        }
        released.sort();
        for (_, id) in released {
            self.log
                .record(now, || EventKind::TeamActivated { team: id, cause });
        }
        self.review.request();
    }
}
