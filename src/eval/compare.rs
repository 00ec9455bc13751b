//! Plan comparison on common random numbers: every plan faces the same disasters, and each KPI's
//! difference to the first plan is taken replicate by replicate (paired), with a 95 % interval.

use std::io::{self, Write};

use serde_json::{Map, Value};

use super::stats::Running;
use super::summary::BatchSummary;
use crate::sim::kpi::JsonNumber;
use crate::sim::{Better, HourlySample, Kpi, Kpis, Unit};

/// A measure a commander reads first: a KPI, or a KPI as a share of another where a plan could
/// look better on the count only because its disaster grew (a plan that warns earlier has fewer
/// people trapped, so it rescues fewer; the share rescued is what tells the plans apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Headline {
    /// The KPI (the numerator of a share).
    pub kpi: Kpi,
    /// The KPI it is a share of, if any.
    pub per: Option<Kpi>,
    /// Direction in which it is better: its KPI's (a share of a KPI is better the same way).
    pub better: Better,
    /// Words for it in a verdict.
    pub words: &'static str,
}

impl Headline {
    /// A headline for `kpi` itself, or as a share of `per`. A KPI without a direction cannot be
    /// a headline: [`HEADLINE`] would not compile.
    const fn new(kpi: Kpi, per: Option<Kpi>, words: &'static str) -> Headline {
        let better = match kpi.better() {
            Some(better) => better,
            None => panic!("a headline KPI has a direction in which it is better"),
        };
        Headline {
            kpi,
            per,
            better,
            words,
        }
    }

    /// Its value in one replicate's KPIs (`None`: not defined, e.g. a share of nobody).
    pub fn value(&self, kpis: &Kpis) -> Option<f64> {
        let value = kpis.value(self.kpi)?;
        match self.per {
            None => Some(value),
            Some(per) => kpis.value(per).filter(|&d| d > 0.0).map(|d| value / d),
        }
    }

    /// Whether it is a share or a fraction (shown in percentage points).
    pub fn is_share(&self) -> bool {
        self.per.is_some() || self.kpi.unit() == Unit::Share
    }
}

/// What a commander reads first, with the words for each; which way each is better is its KPI's.
pub const HEADLINE: [Headline; 7] = [
    Headline::new(Kpi::Deaths, None, "deaths"),
    Headline::new(Kpi::DeathsWhileTrapped, None, "deaths while trapped"),
    Headline::new(
        Kpi::RescuedAlive,
        Some(Kpi::TrappedTotal),
        "share of trapped people rescued alive",
    ),
    Headline::new(
        Kpi::FirstResponseP50Min,
        None,
        "minutes to first team on scene (median)",
    ),
    Headline::new(
        Kpi::InjuredTreated,
        Some(Kpi::InjuredSevere),
        "share of severely injured admitted to hospital",
    ),
    Headline::new(Kpi::ReliefWithin4h, None, "share relieved within 4 h"),
    Headline::new(Kpi::WarningCoverage, None, "warning coverage"),
];

/// Plans compared replicate by replicate.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub plans: Vec<String>,
    pub per_plan: Vec<BatchSummary>,
    /// For each plan after the first, per KPI: running statistics of (plan − first plan).
    pub diffs: Vec<[Running; Kpi::COUNT]>,
    /// For each plan after the first, per [`HEADLINE`] measure: the same, for the verdicts.
    pub headline_diffs: Vec<[Running; HEADLINE.len()]>,
}

impl Comparison {
    pub fn new(plans: Vec<String>) -> Comparison {
        let n = plans.len();
        Comparison {
            plans,
            per_plan: vec![BatchSummary::default(); n],
            diffs: vec![Default::default(); n.saturating_sub(1)],
            headline_diffs: vec![Default::default(); n.saturating_sub(1)],
        }
    }

    /// Folds one replicate: the outcome of every plan, in plan order.
    pub fn push(&mut self, outcomes: &[(Kpis, Vec<HourlySample>)]) {
        for (summary, (kpis, hourly)) in self.per_plan.iter_mut().zip(outcomes) {
            summary.push_ok(kpis, hourly);
        }
        let base = outcomes[0].0.entries();
        for (diff, (kpis, _)) in self.diffs.iter_mut().zip(&outcomes[1..]) {
            for (i, (_, value)) in kpis.entries().into_iter().enumerate() {
                if let (Some(b), Some(a)) = (value, base[i].1) {
                    diff[i].push(b - a);
                }
            }
        }
        for (diff, (kpis, _)) in self.headline_diffs.iter_mut().zip(&outcomes[1..]) {
            for (i, headline) in HEADLINE.iter().enumerate() {
                if let (Some(b), Some(a)) = (headline.value(kpis), headline.value(&outcomes[0].0)) {
                    diff[i].push(b - a);
                }
            }
        }
    }

    pub fn push_failure(&mut self, replicate: u64, message: String) {
        for summary in &mut self.per_plan {
            summary.push_failure(replicate, message.clone());
        }
    }

    /// One line per headline KPI and plan a commander can read.
    pub fn verdicts(&self) -> Vec<String> {
        let mut lines = Vec::new();
        let base = &self.plans[0];
        for (p, diff) in self.headline_diffs.iter().enumerate() {
            let plan = &self.plans[p + 1];
            for (headline, d) in HEADLINE.iter().zip(diff) {
                if d.n() == 0 {
                    continue;
                }
                let (better, words) = (headline.better, headline.words);
                let (mean, half) = (d.mean(), d.ci95_half_width());
                let (lo, hi) = (mean - half, mean + half);
                let percent = headline.is_share();
                let fmt = |v: f64| {
                    if percent {
                        format!("{:.1} points", v * 100.0)
                    } else {
                        format!("{v:.1}")
                    }
                };
                let (less, more) = if percent {
                    ("lower", "higher")
                } else {
                    ("fewer", "more")
                };
                let word = |v: f64| if v < 0.0 { less } else { more };
                let text = if lo > 0.0 || hi < 0.0 {
                    let improves = (mean < 0.0) == (better == Better::Lower);
                    let (a, b) = if mean < 0.0 { (-hi, -lo) } else { (lo, hi) };
                    format!(
                        "{} {} (95 % CI {} to {} {}): {plan} is {}",
                        fmt(mean.abs()),
                        word(mean),
                        fmt(a),
                        fmt(b),
                        word(mean),
                        if improves { "better" } else { "worse" }
                    )
                } else {
                    format!(
                        "no clear difference (95 % CI from {} {} to {} {})",
                        fmt(lo.abs()),
                        word(lo),
                        fmt(hi.abs()),
                        word(hi)
                    )
                };
                lines.push(format!("{plan} vs {base} — {words}: {text}"));
            }
        }
        lines
    }
}

/// `compare --json`: per plan the batch statistics, per other plan and KPI the paired difference
/// to the first plan.
pub fn write_compare_json(
    out: &mut impl Write,
    scenario: &str,
    seed: u64,
    runs: u64,
    comparison: &Comparison,
) -> io::Result<()> {
    let mut plans = Vec::new();
    for (name, summary) in comparison.plans.iter().zip(&comparison.per_plan) {
        let mut p = Map::new();
        p.insert("plan".into(), Value::from(name.clone()));
        p.insert("kpis".into(), summary.stats.to_json());
        plans.push(Value::Object(p));
    }
    let mut diffs = Map::new();
    for (name, diff) in comparison.plans[1..].iter().zip(&comparison.diffs) {
        let mut per_kpi = Map::new();
        for (kpi, running) in Kpi::ALL.iter().zip(diff) {
            let value = if running.n() == 0 {
                Value::Null
            } else {
                let half = running.ci95_half_width();
                serde_json::json!({
                    "mean": JsonNumber(running.mean()),
                    "ci95": [JsonNumber(running.mean() - half), JsonNumber(running.mean() + half)],
                })
            };
            per_kpi.insert(kpi.name().to_string(), value);
        }
        diffs.insert(name.clone(), Value::Object(per_kpi));
    }
    let mut root = Map::new();
    root.insert("scenario".into(), Value::from(scenario));
    root.insert("seed".into(), Value::from(seed));
    root.insert("runs".into(), Value::from(runs));
    root.insert("baseline".into(), Value::from(comparison.plans[0].clone()));
    root.insert("plans".into(), Value::Array(plans));
    root.insert("diff".into(), Value::Object(diffs));
    let failures = &comparison.per_plan[0].failures;
    if !failures.is_empty() {
        root.insert(
            "failed".into(),
            serde_json::to_value(failures).unwrap_or(Value::Null),
        );
    }
    serde_json::to_writer(&mut *out, &Value::Object(root))?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kpis(trapped: f64, rescued: f64, deaths: f64) -> Kpis {
        Kpis::from_entries([
            ("trapped_total", Some(trapped)),
            ("rescued_alive", Some(rescued)),
            ("deaths", Some(deaths)),
        ])
        .unwrap()
    }

    #[test]
    fn a_share_is_a_kpi_over_another_and_undefined_over_nobody() {
        let rescued = HEADLINE
            .iter()
            .find(|h| h.kpi == Kpi::RescuedAlive)
            .unwrap();
        assert_eq!(rescued.value(&kpis(40.0, 30.0, 5.0)), Some(0.75));
        assert_eq!(rescued.value(&kpis(0.0, 0.0, 5.0)), None);
        let deaths = HEADLINE.iter().find(|h| h.kpi == Kpi::Deaths).unwrap();
        assert_eq!(deaths.value(&kpis(40.0, 30.0, 5.0)), Some(5.0));
    }

    #[test]
    fn fewer_trapped_and_fewer_rescued_can_still_be_better() {
        // Plan B warns earlier: fewer people are trapped, so fewer are rescued, but a larger
        // share of the trapped comes out alive — and fewer die.
        let mut comparison = Comparison::new(vec!["a".into(), "b".into()]);
        for r in 0..8 {
            let jitter = r as f64;
            comparison.push(&[
                (kpis(100.0 + jitter, 60.0 + jitter, 40.0), Vec::new()),
                (kpis(50.0 + jitter, 40.0 + jitter, 10.0), Vec::new()),
            ]);
        }
        let verdicts = comparison.verdicts();
        let rescued = verdicts
            .iter()
            .find(|v| v.contains("rescued alive"))
            .expect("a verdict on rescues");
        assert!(
            rescued.contains("share of trapped people rescued alive")
                && rescued.contains("higher")
                && rescued.ends_with("b is better"),
            "{rescued}"
        );
        assert!(verdicts.iter().any(|v| v.contains("deaths: 30.0 fewer")));
    }
}
