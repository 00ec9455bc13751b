//! Run results as people and programs read them: the JSON object of DESIGN.md §4, JSON Lines
//! event logs and a human summary.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use crate::scenario::{HazardKind, Scenario, Targets};
use crate::sim::{Event, EventKind, Kpi, Outcome};

/// `drillsim run --json`: `{"scenario","seed","plan","sim_minutes","kpis","targets","levels"}`;
/// `levels` is the level timeline of every government HQ on both ladders.
#[derive(Debug, Serialize)]
pub struct RunReport<'a> {
    pub scenario: &'a str,
    pub seed: u64,
    pub plan: &'a str,
    pub sim_minutes: u32,
    pub kpis: &'a crate::sim::Kpis,
    pub targets: &'a Targets,
    pub levels: &'a [crate::sim::command::LevelChange],
}

/// Writes the run report as one line of JSON.
pub fn write_run_json(
    out: &mut impl Write,
    scenario: &Scenario,
    seed: u64,
    outcome: &Outcome,
) -> io::Result<()> {
    let report = RunReport {
        scenario: &scenario.name,
        seed,
        plan: &scenario.plan.name,
        sim_minutes: outcome.sim_minutes,
        kpis: &outcome.kpis,
        targets: &scenario.targets,
        levels: &outcome.levels,
    };
    serde_json::to_writer(&mut *out, &report)?;
    writeln!(out)
}

/// Writes events as JSON Lines, one object per line.
///
/// Events are written in time order; events of the same minute keep the order they happened in.
/// (With ticks longer than a minute, an event inside a tick carries its exact minute.)
pub fn write_events_jsonl(out: &mut impl Write, events: &[Event]) -> io::Result<()> {
    let mut ordered: Vec<&Event> = events.iter().collect();
    ordered.sort_by_key(|event| event.t);
    for event in ordered {
        serde_json::to_writer(&mut *out, event)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn fmt_count(value: Option<f64>) -> String {
    match value {
        None => "—".to_string(),
        Some(v) => format!("{v:.0}"),
    }
}

fn fmt_minutes(value: Option<f64>) -> String {
    match value {
        None => "—".to_string(),
        Some(v) if v >= 120.0 => format!("{:.1} h", v / 60.0),
        Some(v) => format!("{v:.0} min"),
    }
}

/// A readable summary of one run.
/// What struck in a run, by kind in declaration order: (kind, how many times, at how many places).
fn hazards_struck(events: &[Event]) -> Vec<(HazardKind, usize, usize)> {
    let mut by_kind: BTreeMap<HazardKind, (usize, BTreeSet<&str>)> = Default::default();
    for event in events {
        let (kind, place) = match &event.kind {
            EventKind::EarthquakeStruck { .. } => (Some(HazardKind::Earthquake), None),
            EventKind::HazardStruck {
                hazard_kind, place, ..
            } => (HazardKind::from_name(hazard_kind), Some(place.as_str())),
            _ => (None, None),
        };
        if let Some(kind) = kind {
            let slot = by_kind.entry(kind).or_default();
            slot.0 += 1;
            slot.1.extend(place);
        }
    }
    by_kind
        .into_iter()
        .map(|(kind, (count, places))| (kind, count, places.len()))
        .collect()
}

pub fn summary(scenario: &Scenario, seed: u64, outcome: &Outcome, events: &[Event]) -> String {
    let k = &outcome.kpis;
    let mut s = String::new();
    let hours = outcome.sim_minutes as f64 / 60.0;
    let _ = writeln!(
        s,
        "drillsim · {} · plan {} · seed {seed} · {hours:.0} h simulated",
        scenario.name, scenario.plan.name
    );
    let _ = writeln!(s);
    let struck = hazards_struck(events);
    if !struck.is_empty() {
        let _ = writeln!(s, "Hazards");
        for (kind, count, places) in struck {
            let at = match places {
                0 => String::new(),
                1 => "   (at 1 place)".to_string(),
                n => format!("   (at {n} places)"),
            };
            let _ = writeln!(s, "  {:<22}{count:>8}{at}", kind.labels().1);
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(s, "People");
    let _ = writeln!(
        s,
        "  deaths                 {:>8}   ({} while trapped)",
        fmt_count(k.deaths),
        fmt_count(k.deaths_while_trapped)
    );
    let _ = writeln!(
        s,
        "  trapped                {:>8}",
        fmt_count(k.trapped_total)
    );
    let _ = writeln!(
        s,
        "  rescued alive          {:>8}   ({} by teams, {} by neighbours)",
        fmt_count(k.rescued_alive),
        fmt_count(k.rescued_by_teams),
        fmt_count(k.rescued_by_locals)
    );
    let _ = writeln!(
        s,
        "  injured                {:>8}   ({} severely, {} of them admitted to hospital)",
        fmt_count(k.injured_total),
        fmt_count(k.injured_severe),
        fmt_count(k.injured_treated)
    );
    let _ = writeln!(
        s,
        "  relocated              {:>8}   ({} of them homeless)",
        fmt_count(k.relocated_total),
        fmt_count(k.displaced_total)
    );
    let _ = writeln!(s);
    let _ = writeln!(s, "Response");
    let _ = writeln!(
        s,
        "  first team on scene    {:>8} median, {} for 90 % of incidents",
        fmt_minutes(k.first_response_p50_min),
        fmt_minutes(k.first_response_p90_min)
    );
    if outcome.incidents_unreached > 0 {
        let _ = writeln!(
            s,
            "                         ({} incident(s) still waiting for a team count as waiting until now)",
            outcome.incidents_unreached
        );
    }
    let target = scenario.targets.aviation_first_arrival_min;
    let met = |v: f64| Kpi::AviationFirstArrivalMin.meets(v, target) == Some(true);
    let aviation = match k.aviation_first_arrival_min {
        Some(v) if met(v) => format!("{} (target {target:.0} min: met)", fmt_minutes(Some(v))),
        Some(v) => format!("{} (target {target:.0} min: missed)", fmt_minutes(Some(v))),
        None if scenario
            .teams
            .iter()
            .any(|t| t.kind == crate::scenario::TeamKind::Aviation) =>
        {
            "none reached a scene".to_string()
        }
        None => "— (no aviation in this scenario)".to_string(),
    };
    let _ = writeln!(s, "  aviation on scene      {aviation:>8}");
    let _ = writeln!(
        s,
        "  roads blocked (peak)   {:>8}",
        fmt_count(k.roads_blocked_peak)
    );
    let restore = match k.road_restore_h {
        Some(h) if outcome.roads_still_blocked > 0 => format!(
            "not yet: {} still blocked after {h:.1} h",
            outcome.roads_still_blocked
        ),
        Some(h) => format!("{h:.1} h"),
        None => "— (no road was blocked)".to_string(),
    };
    let _ = writeln!(s, "  all roads reopened     {restore:>8}");
    let share = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{:.0} %", v * 100.0));
    let _ = writeln!(s);
    let _ = writeln!(s, "Command, warning and relief");
    let _ = writeln!(
        s,
        "  reports on time        {:>8}",
        share(k.reports_on_time)
    );
    let level = k
        .response_level_peak
        .and_then(|l| crate::scenario::Level::from_number(l as u8));
    let lag = match (k.level_lag_min, level) {
        (Some(lag), Some(_)) => format!(
            "   (declared {} after the tables called for it)",
            fmt_minutes(Some(lag))
        ),
        // The lag so far: the tables call for a level that has not been declared yet.
        (Some(lag), None) => format!(
            "   (none declared yet, {} after the tables called for one)",
            fmt_minutes(Some(lag))
        ),
        (None, _) => String::new(),
    };
    let _ = writeln!(
        s,
        "  response level (peak)  {:>8}{lag}",
        level.map_or("—", |l| l.roman()),
    );
    let _ = writeln!(
        s,
        "  warning coverage       {:>8}   (target {:.0} %; {} evacuated before impact)",
        share(k.warning_coverage),
        scenario.targets.warning_coverage * 100.0,
        share(k.evacuated_before_impact)
    );
    let _ = writeln!(
        s,
        "  relieved within 4 h    {:>8}   (target {:.0} %)",
        share(k.relief_within_4h),
        scenario.targets.relief_within_4h * 100.0
    );
    let _ = writeln!(
        s,
        "  major accidents        {:>8}   (target {})",
        fmt_count(k.major_accidents),
        scenario.targets.major_accidents
    );
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "— means the KPI does not apply to this run (null in --json)."
    );
    s
}
