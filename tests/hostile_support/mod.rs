//! What must hold after any run of any scenario that validated, however odd its numbers: shared
//! by `tests/hostile_inputs.rs` and the fuzz targets under `fuzz/` (they include this file by
//! path, so the property test and the fuzzer check the same things).
//!
//! Every check panics with the broken rule, so proptest shrinks to it and libFuzzer saves it.
#![allow(dead_code)]

use drillsim::output;
use drillsim::scenario::Scenario;
use drillsim::sim::{KPI_NAMES, Kpis, Sim};

/// KPIs that count people or things: whole numbers, never negative.
pub const COUNTS: [&str; 11] = [
    "deaths",
    "deaths_while_trapped",
    "trapped_total",
    "rescued_alive",
    "rescued_by_teams",
    "rescued_by_locals",
    "injured_total",
    "injured_treated",
    "displaced_total",
    "major_accidents",
    "roads_blocked_peak",
];

/// KPIs that are shares: fractions in 0..=1.
pub const FRACTIONS: [&str; 4] = [
    "relief_within_4h",
    "warning_coverage",
    "evacuated_before_impact",
    "reports_on_time",
];

/// The people a scenario starts with.
pub fn population_of(scenario: &Scenario) -> u64 {
    scenario
        .region
        .places
        .iter()
        .map(|p| u64::from(p.population))
        .sum()
}

/// Runs `sim` to `until` (or its scenario's end, if sooner) and checks everything below.
pub fn run_and_check(sim: &mut Sim, until: u32) {
    let end = until.min(sim.scenario().duration_min);
    sim.run_until(end);
    check_sim(sim);
}

/// Checks a simulation as it stands: population, KPIs, the run JSON, the event log and the
/// human summary.
pub fn check_sim(sim: &mut Sim) {
    let scenario = sim.scenario().clone();
    let people = population_of(&scenario);
    let population = sim.population();
    assert_eq!(population.total(), people, "population not conserved");
    let outcome = sim.outcome();
    assert_eq!(outcome.sim_minutes, sim.now(), "outcome's minutes");
    check_kpis(&outcome.kpis, people);
    for pair in outcome.hourly.windows(2) {
        assert!(pair[0].t < pair[1].t, "hourly samples out of order");
        assert!(pair[0].dead <= pair[1].dead, "the dead came back to life");
    }
    for sample in &outcome.hourly {
        let held = u64::from(sample.trapped_alive)
            + u64::from(sample.injured_waiting)
            + u64::from(sample.hospitalised)
            + u64::from(sample.dead);
        assert!(
            held <= people,
            "an hourly sample holds more people than live here"
        );
    }

    let mut json = Vec::new();
    output::write_run_json(&mut json, &scenario, 1, &outcome).expect("write to a Vec");
    check_run_json(&json, &outcome.kpis);
    check_finite_ron(&scenario.targets, "targets");

    let events = sim.events().to_vec();
    let mut lines = Vec::new();
    output::write_events_jsonl(&mut lines, &events).expect("write to a Vec");
    let text = String::from_utf8(lines).expect("the event log is UTF-8");
    assert_eq!(text.lines().count(), events.len(), "one line per event");
    let mut last = 0;
    for line in text.lines() {
        let value: serde_json::Value = serde_json::from_str(line).expect("an event line parses");
        let t = value["t"].as_u64().expect("an event has a minute");
        assert!(t >= last, "events out of time order");
        last = t;
    }
    for event in &events {
        // JSON writes a NaN as null without a word; RON writes it as NaN.
        check_finite_ron(event, "an event");
    }

    let summary = output::summary(&scenario, 1, &outcome, sim.events());
    let numbers = summary
        .replace(&scenario.name, "")
        .replace(&scenario.plan.name, "");
    assert_eq!(
        non_finite_word(&numbers),
        None,
        "the summary shows a number that is not one:\n{summary}"
    );
}

/// The KPI rules of DESIGN.md §4 and how the counts relate.
pub fn check_kpis(k: &Kpis, people: u64) {
    for (name, value) in k.entries() {
        let Some(v) = value else { continue };
        assert!(v.is_finite(), "KPI {name} is {v}");
        assert!(v >= 0.0, "KPI {name} is negative: {v}");
        if COUNTS.contains(&name) {
            assert_eq!(v.fract(), 0.0, "count {name} is not whole: {v}");
        }
        if FRACTIONS.contains(&name) {
            assert!(v <= 1.0, "share {name} is above 1: {v}");
        }
    }
    let get = |name: &str| k.get(name).unwrap_or(0.0);
    assert_eq!(
        get("rescued_alive"),
        get("rescued_by_teams") + get("rescued_by_locals"),
        "rescued alive = by teams + by neighbours"
    );
    assert!(
        get("deaths_while_trapped") <= get("deaths"),
        "more deaths while trapped than deaths"
    );
    assert!(
        get("rescued_alive") + get("deaths_while_trapped") <= get("trapped_total"),
        "more trapped people rescued or dead than were trapped"
    );
    assert!(
        get("injured_treated") <= get("injured_total"),
        "more injured admitted than injured"
    );
    assert!(get("deaths") <= people as f64, "more deaths than people");
    if let (Some(p50), Some(p90)) = (k.first_response_p50_min, k.first_response_p90_min) {
        assert!(
            p50 <= p90,
            "median first response {p50} above the 90th percentile {p90}"
        );
    }
    if let Some(level) = k.response_level_peak {
        assert!((1.0..=4.0).contains(&level), "response level {level}");
    }
}

/// The run JSON parses, has every KPI in contract order, and a KPI is null only when it is
/// `None` (a NaN would also come out as null).
pub fn check_run_json(json: &[u8], kpis: &Kpis) {
    let text = std::str::from_utf8(json).expect("run JSON is UTF-8");
    assert!(
        text.ends_with('\n') && text.lines().count() == 1,
        "one line"
    );
    let value: serde_json::Value = serde_json::from_str(text).expect("run JSON parses");
    let object = value["kpis"].as_object().expect("kpis is an object");
    let names: Vec<&str> = object.keys().map(String::as_str).collect();
    assert_eq!(names, KPI_NAMES, "KPI names and order");
    for (name, expected) in kpis.entries() {
        let written = &object[name];
        match expected {
            None => assert!(written.is_null(), "{name} is None but written {written}"),
            Some(v) => {
                let n = written
                    .as_f64()
                    .unwrap_or_else(|| panic!("{name} = {v} written as {written}"));
                assert_eq!(n, v, "{name} written as {n}, is {v}");
            }
        }
    }
}

/// Panics if `value`, written as RON, holds a NaN or an infinity outside its strings.
pub fn check_finite_ron<T: serde::Serialize>(value: &T, what: &str) {
    let text = ron::to_string(value).expect("serialises as RON");
    if let Some(word) = non_finite_word(&text) {
        panic!("{what} holds {word}: {text}");
    }
}

/// The first `NaN` or `inf` in RON text outside string literals.
pub fn non_finite_word(ron_text: &str) -> Option<&'static str> {
    let mut bare = String::with_capacity(ron_text.len());
    let mut in_string = false;
    let mut escaped = false;
    for ch in ron_text.chars() {
        if in_string {
            match (escaped, ch) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if ch == '"' {
            in_string = true;
            bare.push(' ');
        } else {
            bare.push(ch);
        }
    }
    let words = bare
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .collect::<Vec<_>>();
    if words.contains(&"NaN") {
        Some("NaN")
    } else if words.contains(&"inf") {
        Some("inf")
    } else {
        None
    }
}
