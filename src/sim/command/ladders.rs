//! Both response ladders at every level of government: each HQ grades the rows its government
//! has in the doctrine pack (`Grading::ladders`) on what it believes, declares, raises, lowers
//! and ends its levels, and the changes form a timeline.
//!
//! Raising follows the rows (after the HQ's decision time); lowering and ending follow the
//! pack's `stand_down` rules: once the search-and-rescue phase is over at an HQ (at least
//! `rescue_phase` after the quake, nobody believed trapped, deaths and missing not grown for
//! `quiet`), forecasts no longer hold a level up and it is lowered a step every `lower_every`
//! while the counts alone call for less, then ended `end_after` the quake.

use serde::Serialize;

use super::belief::Belief;
use crate::sim::math;

use super::chain::Chain;
use super::statistics::Figures;
use crate::scenario::{Government, Ladder, Level, Measure, Scenario, Threshold, grade_rows};

/// How a level changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Declared,
    Raised,
    Lowered,
    Ended,
}

impl Change {
    pub fn word(self) -> &'static str {
        match self {
            Change::Declared => "declared",
            Change::Raised => "raised",
            Change::Lowered => "lowered",
            Change::Ended => "ended",
        }
    }
}

/// One change of a level, for the timeline (`run --json` `levels`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelChange {
    pub t: u32,
    /// The HQ's id.
    pub hq: String,
    /// `county`, `prefecture`, `province`, `nation`.
    pub government: &'static str,
    /// `earthquake` or `relief`.
    pub ladder: &'static str,
    /// Ⅰ…Ⅳ: the level now in force (for `ended`, the level that ended).
    pub level: &'static str,
    pub change: Change,
}

/// One HQ's level on one ladder.
#[derive(Debug, Clone, PartialEq)]
pub struct HqLadder {
    pub node: usize,
    pub government: Government,
    pub ladder: Ladder,
    pub in_force: Option<Level>,
    /// A level it is deciding to declare, the minute it will, and why.
    pub pending: Option<(Level, u32, String)>,
    /// When its level last changed.
    pub changed_at: u32,
    /// Ended: it stays ended until another quake strikes.
    pub ended: bool,
    /// The most severe level it declared.
    pub peak: Option<Level>,
}

/// The word a government is written with.
pub fn government_word(g: Government) -> &'static str {
    match g {
        Government::County => "county",
        Government::Prefecture => "prefecture",
        Government::Province => "province",
        Government::Nation => "nation",
    }
}

/// The word a ladder is written with.
pub fn ladder_word(l: Ladder) -> &'static str {
    match l {
        Ladder::Earthquake => "earthquake",
        Ladder::Relief => "relief",
    }
}

/// The grading HQs and ladders of a chain: every node of a government, each ladder the pack
/// has rows for.
pub fn hq_ladders(scenario: &Scenario, chain: &Chain) -> Vec<HqLadder> {
    let mut all = Vec::new();
    for (node, kind) in chain.kinds.iter().enumerate() {
        let Some(government) = kind.government() else {
            continue;
        };
        for ladder in Ladder::ALL {
            if scenario.grading.ladder(government, ladder).is_some() {
                all.push(HqLadder {
                    node,
                    government,
                    ladder,
                    in_force: None,
                    pending: None,
                    changed_at: 0,
                    ended: false,
                    peak: None,
                });
            }
        }
    }
    all
}

/// What an HQ knows of the quake: its magnitude, onset and the population density around its
/// epicentre, and the epicentral intensity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuakeKnown {
    pub magnitude: f64,
    pub onset: u32,
    pub density: f64,
    pub intensity: Option<f64>,
}

/// The values an HQ grades on: the quake once the rapid report (速报) is in, the intensity once
/// the rapid assessment is, and its figures.
pub fn values(
    scenario: &Scenario,
    quake: Option<QuakeKnown>,
    now: u32,
    figures: &Figures,
) -> Vec<(Measure, f64)> {
    let dm = figures.deaths_and_missing() as f64;
    let mut v = vec![
        (Measure::Deaths, figures.deaths as f64),
        (Measure::Missing, figures.missing as f64),
        (Measure::DeathsAndMissing, dm),
        (Measure::Trapped, figures.trapped as f64),
        (Measure::Relocated, figures.relocated as f64),
    ];
    let quick = scenario.plan.response.quake_quick_report.as_minutes();
    if let Some(q) = quake.filter(|q| now >= q.onset + quick) {
        let grading = &scenario.grading;
        let severity = |l: Option<Level>| l.map_or(0.0, |l| 5.0 - l.number() as f64);
        let table = if q.density > 200.0 {
            "earthquake_initial_dense"
        } else {
            "earthquake_initial_other"
        };
        let initial = severity(
            grading
                .table(table)
                .and_then(|t| t.grade(&[(Measure::Magnitude, q.magnitude)])),
        );
        let toll = severity(
            grading
                .table("earthquake_deaths")
                .and_then(|t| t.grade(&[(Measure::Deaths, dm)])),
        );
        v.push((Measure::Magnitude, q.magnitude));
        v.push((Measure::InitialGrade, initial));
        v.push((Measure::TollGrade, toll));
        v.push((Measure::EventGrade, initial.max(toll)));
        let assessed = q.onset
            + scenario
                .grading
                .statistics
                .intensity_assessment
                .as_minutes();
        if let Some(intensity) = q.intensity.filter(|_| now >= assessed) {
            v.push((Measure::Intensity, intensity));
        }
    }
    v
}

/// The reason a row was reached, as the log writes it: `DeathsAndMissing ≥ 50`.
pub fn reason(t: &Threshold) -> String {
    format!("{:?} ≥ {}", t.measure, t.at_least)
}

/// What an HQ's ladder should do now.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Nothing.
    Hold,
    /// Decide to declare or raise to this level, for this reason.
    Want(Level, String),
    /// Lower to this level.
    Lower(Level, String),
    /// End the level in force.
    End(String),
}

/// The step the rows and the stand-down rules call for. `grew_at` is when the HQ's believed
/// deaths and missing last grew.
#[allow(clippy::too_many_arguments)]
pub fn step(
    scenario: &Scenario,
    rows: &[crate::scenario::GradingRow],
    in_force: Option<Level>,
    changed_at: u32,
    quake_onset: u32,
    now: u32,
    values: &[(Measure, f64)],
    figures: &Figures,
    grew_at: u32,
) -> Step {
    let rules = scenario.grading.stand_down;
    let since = now.saturating_sub(quake_onset);
    let rescue_over = since >= rules.rescue_phase.as_minutes()
        && (figures.trapped == 0 || since >= rules.search_ends.as_minutes())
        && now >= grew_at + rules.quiet.as_minutes();
    let counted: Vec<(Measure, f64)>;
    let graded = if rescue_over {
        // Forecasts lapse; the quake's grade is its toll's.
        let toll = values
            .iter()
            .find(|(m, _)| *m == Measure::TollGrade)
            .map(|(_, v)| *v);
        counted = values
            .iter()
            .filter(|(m, _)| !m.is_forecast())
            .map(|&(m, v)| match (m, toll) {
                (Measure::EventGrade, Some(toll)) => (m, toll),
                _ => (m, v),
            })
            .collect();
        grade_rows(rows, &counted)
    } else {
        grade_rows(rows, values)
    };
    if let Some((wanted, why)) = &graded
        && in_force.is_none_or(|d| *wanted < d)
    {
        return Step::Want(*wanted, reason(why));
    }
    let Some(held) = in_force.filter(|_| rescue_over) else {
        return Step::Hold;
    };
    if now >= quake_onset + rules.end_after.as_minutes() {
        return Step::End(format!(
            "rescue phase over, {} after the quake",
            rules.end_after
        ));
    }
    let calls_for_less = graded.as_ref().is_none_or(|(l, _)| *l > held);
    if calls_for_less && held != Level::IV && now >= changed_at + rules.lower_every.as_minutes() {
        let lower = Level::from_number(held.number() + 1).unwrap_or(Level::IV);
        let why = match &graded {
            Some((l, t)) => format!(
                "rescue phase over; the counts call for {} ({})",
                l.roman(),
                reason(t)
            ),
            None => "rescue phase over; the counts call for no level".to_string(),
        };
        return Step::Lower(lower, why);
    }
    Step::Hold
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
