//! The command chain: belief built only from reports, comms that slow reports, deadlines,
//! grading tables, and orders that mean the same whoever gives them.

mod common;

use drillsim::scenario::{DispatchRule, Level, Measure};
use drillsim::sim::command::Role;
use drillsim::sim::order::parse_script;
use drillsim::sim::{EventKind, RunSeed, Sim};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]

    /// A role's view never contains an incident nobody has reported to it.
    #[test]
    fn a_view_holds_only_reported_incidents(seed in any::<u64>(), minutes in 10u32..600) {
        let town = common::small_town();
        let mut sim = Sim::new(town, RunSeed::new(seed));
        sim.run_until(minutes);
        let roles = ["county-commander", "tc-t1"];
        for name in roles {
            let role = sim.role(name).unwrap();
            let view = sim.observe(role);
            let Role::Node(_) = role else { unreachable!() };
            for incident in &view.incidents {
                // Someone reported it to this role, or this role noticed it itself.
                let told = sim.events().iter().any(|e| match &e.kind {
                    EventKind::ReportReceived { incident: i, by, .. } => i == &incident.incident && by == &view.role && e.t <= incident.known_since,
                    EventKind::IncidentNoticed { incident: i, by, .. } => i == &incident.incident && by == &view.role,
                    _ => false,
                });
                prop_assert!(told, "{} sees {} unreported", view.role, incident.incident);
                prop_assert!(incident.known_since <= sim.now());
            }
        }
        // The controller sees the truth: every incident.
        let truth = sim.observe(Role::Controller);
        let hq = sim.observe(sim.role("county-commander").unwrap());
        prop_assert!(hq.incidents.len() <= truth.incidents.len());
    }
}

fn mean_report_latency(tower_median_g: f64) -> f64 {
    let text = std::fs::read_to_string("scenarios/county-quake.ron").unwrap();
    let _ = text;
    let overrides = vec![drillsim::scenario::overrides::Override {
        path: "models.comms.tower_median_g".into(),
        value: serde_json::json!(tower_median_g),
    }];
    let scenario = drillsim::scenario::load_overridden(
        std::path::Path::new("scenarios/county-quake.ron"),
        None,
        &overrides,
    )
    .unwrap()
    .scenario;
    let mut sim = Sim::new(scenario, RunSeed::new(3));
    sim.run_until(6 * 60);
    let latencies: Vec<u32> = sim
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::ReportReceived { latency_min, .. } => Some(*latency_min),
            _ => None,
        })
        .collect();
    assert!(latencies.len() > 100);
    latencies.iter().sum::<u32>() as f64 / latencies.len() as f64
}

#[test]
fn cutting_comms_towers_delays_reports() {
    let with_towers = mean_report_latency(20.0);
    let towers_down = mean_report_latency(0.001);
    assert!(
        towers_down > with_towers * 1.5,
        "towers down: {towers_down:.1} min per hop; towers up: {with_towers:.1}"
    );
}

#[test]
fn a_report_at_41_minutes_is_late_under_20_40_and_on_time_under_30_60() {
    use drillsim::sim::command::on_time;
    // A written report made 41 minutes after an incident at minute 10.
    let (onset, made) = (10, Some(51));
    assert!(
        !on_time(onset, 40, made),
        "late under a 40-minute written deadline"
    );
    assert!(
        on_time(onset, 60, made),
        "on time under a 60-minute written deadline"
    );
    assert!(
        !on_time(onset, 20, made) && !on_time(onset, 30, made),
        "late as a phone report"
    );
    assert!(
        !on_time(onset, 60, None),
        "a missing report is never on time"
    );
    // And in a run: tight deadlines lower the share made on time.
    let share = |phone: &str, written: &str| {
        let text = common::small_town_with(
            "dispatch: (rule: NearestCapable),",
            &format!(
                "dispatch: (rule: NearestCapable),\n        reporting: (phone_deadline: \"{phone}\", written_deadline: \"{written}\", followup_every: \"2h\", verified_within: \"6h\", notice_mean: \"10m\", missed_share: 0.05, sweep_after: \"6h\", written_prep: \"20m\", phone_hop: \"5m\", satellite_hop: \"15m\", runner_speed_kmh: 5.0, direct_report_at: 10),"
            ),
        );
        let mut sim = Sim::new(common::from_text(&text), RunSeed::new(2));
        sim.run_to_end();
        sim.outcome().kpis.reports_on_time.unwrap()
    };
    let strict = share("10m", "25m");
    let lenient = share("30m", "60m");
    assert!(
        strict < lenient,
        "10/25 gave {strict}, 30/60 gave {lenient}"
    );
}

#[test]
fn the_grading_pack_reproduces_the_national_tables() {
    let scenario = common::small_town();
    let g = &scenario.grading;
    let grade = |table: &str, values: &[(Measure, f64)]| g.table(table).unwrap().grade(values);
    use Level::*;
    use Measure::*;
    // Earthquake (2012 national plan): deaths including missing ≥300 / 50–299 / 10–49 / <10.
    for (deaths, level) in [
        (300.0, I),
        (299.0, II),
        (50.0, II),
        (49.0, III),
        (10.0, III),
        (9.0, IV),
        (0.0, IV),
    ] {
        assert_eq!(
            grade("earthquake_deaths", &[(Deaths, deaths)]),
            Some(level),
            "{deaths} deaths"
        );
    }
    // Initial judgement, dense areas: M≥6.0 / 5.0–6.0 / 4.0–5.0 / —.
    for (m, level) in [
        (6.0, Some(I)),
        (5.9, Some(II)),
        (5.0, Some(II)),
        (4.9, Some(III)),
        (4.0, Some(III)),
        (3.9, None),
    ] {
        assert_eq!(
            grade("earthquake_initial_dense", &[(Magnitude, m)]),
            level,
            "dense M{m}"
        );
    }
    // Other areas: M≥7.0 / 6.0–7.0 / 5.0–6.0 / 4.0–5.0.
    for (m, level) in [
        (7.0, Some(I)),
        (6.9, Some(II)),
        (6.0, Some(II)),
        (5.9, Some(III)),
        (5.0, Some(III)),
        (4.9, Some(IV)),
        (4.0, Some(IV)),
        (3.9, None),
    ] {
        assert_eq!(
            grade("earthquake_initial_other", &[(Magnitude, m)]),
            level,
            "other M{m}"
        );
    }
    // Production safety (Decree 493): deaths / serious injuries / direct loss (million yuan).
    for (values, level) in [
        (vec![(Deaths, 30.0)], I),
        (vec![(SeriousInjuries, 100.0)], I),
        (vec![(DirectLossMillionYuan, 100.0)], I),
        (vec![(Deaths, 10.0)], II),
        (vec![(SeriousInjuries, 50.0)], II),
        (vec![(DirectLossMillionYuan, 50.0)], II),
        (vec![(Deaths, 3.0)], III),
        (vec![(SeriousInjuries, 10.0)], III),
        (vec![(DirectLossMillionYuan, 10.0)], III),
        (
            vec![
                (Deaths, 2.0),
                (SeriousInjuries, 9.0),
                (DirectLossMillionYuan, 9.0),
            ],
            IV,
        ),
        (vec![(Deaths, 29.0), (SeriousInjuries, 99.0)], II),
    ] {
        assert_eq!(
            grade("production_safety", &values),
            Some(level),
            "{values:?}"
        );
    }
    // Geological disaster, realised: deaths+missing / direct loss.
    for (values, level) in [
        (vec![(Deaths, 30.0)], I),
        (vec![(DirectLossMillionYuan, 10.0)], I),
        (vec![(Deaths, 10.0)], II),
        (vec![(DirectLossMillionYuan, 5.0)], II),
        (vec![(Deaths, 3.0)], III),
        (vec![(DirectLossMillionYuan, 1.0)], III),
        (vec![(Deaths, 2.0), (DirectLossMillionYuan, 0.9)], IV),
    ] {
        assert_eq!(
            grade("geological_realised", &values),
            Some(level),
            "{values:?}"
        );
    }
    // Geological threat: people to relocate ≥1000 / 500–999 / 100–499 / <100.
    for (n, level) in [
        (1000.0, I),
        (999.0, II),
        (500.0, II),
        (499.0, III),
        (100.0, III),
        (99.0, IV),
    ] {
        assert_eq!(
            grade("geological_threat", &[(PeopleToRelocate, n)]),
            Some(level),
            "{n} to relocate"
        );
    }
    // Forest fire: burned area / deaths.
    for (values, level) in [
        (vec![(BurnedHectares, 1000.0)], I),
        (vec![(Deaths, 30.0)], I),
        (vec![(BurnedHectares, 100.0)], II),
        (vec![(Deaths, 10.0)], II),
        (vec![(BurnedHectares, 1.0)], III),
        (vec![(Deaths, 3.0)], III),
        (vec![(BurnedHectares, 0.5), (Deaths, 1.0)], IV),
    ] {
        assert_eq!(grade("forest_fire", &values), Some(level), "{values:?}");
    }
    // Natural-disaster relief (per province): deaths+missing / relocated.
    for (values, level) in [
        (vec![(Deaths, 200.0)], I),
        (vec![(Relocated, 2_000_000.0)], I),
        (vec![(Deaths, 100.0)], II),
        (vec![(Relocated, 1_000_000.0)], II),
        (vec![(Deaths, 50.0)], III),
        (vec![(Relocated, 500_000.0)], III),
    ] {
        assert_eq!(
            grade("natural_disaster_relief", &values),
            Some(level),
            "{values:?}"
        );
    }
}

#[test]
fn orders_by_script_and_by_doctrine_give_identical_runs() {
    let county = common::county();
    let mut by_doctrine = Sim::new(county.clone(), RunSeed::new(5));
    by_doctrine.run_until(12 * 60);
    // The doctrine's orders, written as a script.
    let script: String = by_doctrine
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::OrderIssued {
                source: "doctrine",
                order,
                ..
            } => Some(format!("{}m {order}\n", e.t)),
            _ => None,
        })
        .collect();
    assert!(
        script.lines().count() > 20,
        "the doctrine gave few orders:\n{script}"
    );
    let script = parse_script(&script).unwrap();
    let mut manual = county;
    manual.plan.dispatch.rule = DispatchRule::Manual;
    let mut by_script = Sim::new(manual, RunSeed::new(5));
    by_script.run_script(&script, 12 * 60).unwrap();
    assert_eq!(by_doctrine.outcome().kpis, by_script.outcome().kpis);
    let without_orders = |sim: &Sim| {
        sim.events()
            .iter()
            .filter(|e| !matches!(e.kind, EventKind::OrderIssued { .. }))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(without_orders(&by_doctrine), without_orders(&by_script));
}

#[test]
fn a_level_releases_held_forces() {
    let text = common::small_town_with(
        "dispatch: (rule: NearestCapable),",
        "dispatch: (rule: NearestCapable),\n        response: (activation: [(kind: Social, level: I)]),",
    );
    let mut sim = Sim::new(common::from_text(&text), RunSeed::new(1));
    sim.run_until(600);
    let volunteers_moved = sim
        .events()
        .iter()
        .any(|e| matches!(&e.kind, EventKind::TeamDispatched { team, .. } if team == "volunteers"));
    let level = sim.observe(drillsim::sim::command::Role::Controller).level;
    // An M6.2 in a sparse area calls for Ⅲ, never Ⅰ: the volunteers stay held.
    assert_ne!(level, Some("Ⅰ"));
    assert!(!volunteers_moved);
    // Requesting aid releases them.
    sim.apply(drillsim::sim::Order::RequestAid {
        kind: drillsim::scenario::TeamKind::Social,
    })
    .unwrap();
    sim.run_until(700);
    assert!(
        sim.events().iter().any(
            |e| matches!(&e.kind, EventKind::TeamActivated { team, .. } if team == "volunteers")
        )
    );
}

#[test]
fn the_county_run_reports_the_command_kpis() {
    let k = common::run(common::county(), 7).outcome().kpis;
    let on_time = k.reports_on_time.unwrap();
    assert!((0.0..=1.0).contains(&on_time));
    let peak = k.response_level_peak.unwrap();
    assert!((1.0..=4.0).contains(&peak));
    assert!(k.level_lag_min.unwrap() >= 0.0);
}

/// Every report received was sent: the same report about the same incident, from the same
/// sender (a command node or an incident's field post) to the receiver, one latency earlier —
/// so a reader can pair the two lines of the event log.
#[test]
fn every_report_received_pairs_with_one_sent() {
    use std::collections::BTreeMap;
    let county = common::county();
    let mut sim = Sim::new(county, RunSeed::new(7));
    sim.run_until(12 * 60);
    let mut sent: BTreeMap<(u32, &str, &str, &str, &str), u32> = BTreeMap::new();
    for e in sim.events() {
        if let EventKind::ReportSent {
            report,
            incident,
            from,
            to,
            eta_min,
            ..
        } = &e.kind
        {
            let key = (
                e.t + eta_min,
                *report,
                incident.as_str(),
                from.as_str(),
                to.as_str(),
            );
            *sent.entry(key).or_default() += 1;
        }
    }
    let (mut received, mut from_posts) = (0, 0);
    for e in sim.events() {
        if let EventKind::ReportReceived {
            report,
            incident,
            by,
            from,
            ..
        } = &e.kind
        {
            let key = (e.t, *report, incident.as_str(), from.as_str(), by.as_str());
            let left = sent.get_mut(&key);
            assert!(
                left.as_ref().is_some_and(|n| **n > 0),
                "received without a matching send: {e:?}"
            );
            *left.unwrap() -= 1;
            received += 1;
            from_posts += from.starts_with("field-post:") as usize;
        }
    }
    assert!(received > 1000, "only {received} reports received");
    assert!(from_posts > 0, "no field post's report was received");
}

/// Every team status the HQ is told and the drill shows has its own label in both languages —
/// no status falls back to "unknown" — and keeps its name in JSON views and logs.
#[test]
fn every_team_status_has_its_own_label_in_both_languages() {
    use drillsim::drill::i18n::Lang;
    use drillsim::sim::command::TeamStatusKind;
    for status in TeamStatusKind::ALL {
        let (zh, en) = (Lang::Zh.status(status), Lang::En.status(status));
        assert!(
            !zh.is_empty() && zh != "未知",
            "{status:?}: zh label {zh:?}"
        );
        assert_eq!(en, status.name().replace('_', " "), "{status:?}: en label");
        assert_eq!(
            serde_json::to_value(status).unwrap(),
            serde_json::Value::from(status.name()),
            "{status:?}: JSON name"
        );
    }
    let mut zh: Vec<&str> = TeamStatusKind::ALL
        .iter()
        .map(|s| Lang::Zh.status(*s))
        .collect();
    zh.sort_unstable();
    zh.dedup();
    assert_eq!(
        zh.len(),
        TeamStatusKind::ALL.len(),
        "two statuses share a zh label"
    );
}

/// A team's view reaches the front ends with the status the HQ was told, as an enum.
#[test]
fn the_hq_sees_each_team_with_a_status_it_can_name() {
    let mut sim = Sim::new(common::small_town(), RunSeed::new(3));
    sim.run_until(240);
    let role = sim.role("county-commander").unwrap();
    let view = sim.observe(role);
    assert!(!view.teams.is_empty(), "the HQ hears from every team");
    let json = serde_json::to_value(&view).unwrap();
    for (team, row) in view.teams.iter().zip(json["teams"].as_array().unwrap()) {
        assert_eq!(row["status"], team.status.name(), "{}", team.team);
    }
}
