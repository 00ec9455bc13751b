//! Both response ladders at every level of government: each HQ grades the doctrine pack's rows
//! on what it believes, declares, raises, lowers and ends its levels, and the changes are logged
//! in order.

use drillsim::scenario::{self, Government, Ladder, Level, Measure};
use drillsim::sim::command::ladders::{self, Step};
use drillsim::sim::command::{Change, Figures, LevelChange};
use drillsim::sim::{EventKind, RunSeed, Sim};

const SMALL_TOWN: &str = include_str!("../scenarios/small-town.ron");
const NATIONAL: &str = include_str!("../assets/doctrine/cn-national.ron");
const NODES: &str =
    r#"(id: "hq", name: "县应急指挥部", kind: CountyHq, place: "county", duty_staff: 6),"#;
const ABOVE: &str = r#"(id: "nation", name: "国务院抗震救灾指挥部", kind: NationalHq),
           (id: "province", name: "省抗震救灾指挥部", kind: ProvincialHq, parent: "nation"),
           (id: "prefecture", name: "市抗震救灾指挥部", kind: PrefectureHq, parent: "province"),
           (id: "hq", name: "县应急指挥部", kind: CountyHq, parent: "prefecture", place: "county", duty_staff: 6),"#;
const DURATION: &str = r#"duration: "24h","#;
const ONSET: u32 = 5;

/// small-town.ron (M6.2 at minute 5) with the prefecture, province and nation above its county
/// HQ, run for `duration`, with `edit` applied to the text.
fn above_county(duration: &str, edit: impl Fn(String) -> String) -> scenario::Scenario {
    assert!(
        SMALL_TOWN.contains(NODES) && SMALL_TOWN.contains(DURATION),
        "small-town.ron's county HQ or duration line moved"
    );
    let text = SMALL_TOWN
        .replace(NODES, ABOVE)
        .replace(DURATION, &format!(r#"duration: "{duration}","#));
    scenario::load_str(&edit(text), "small-town.ron")
        .unwrap_or_else(|d| panic!("{d}"))
        .scenario
}

/// The level written `roman` (Ⅰ…Ⅳ).
fn level(roman: &str) -> Level {
    [Level::I, Level::II, Level::III, Level::IV]
        .into_iter()
        .find(|l| l.roman() == roman)
        .unwrap_or_else(|| panic!("no level {roman}"))
}

fn run(scenario: scenario::Scenario, seed: u64) -> Sim {
    let mut sim = Sim::new(scenario, RunSeed::new(seed));
    sim.run_to_end();
    sim
}

/// The changes of `hq` on `ladder`, in order.
fn changes<'a>(timeline: &'a [LevelChange], hq: &str, ladder: &str) -> Vec<&'a LevelChange> {
    timeline
        .iter()
        .filter(|c| c.hq == hq && c.ladder == ladder)
        .collect()
}

/// When `hq` first received disaster statistics.
fn first_statistics(sim: &Sim, hq: &str) -> Option<u32> {
    sim.events().iter().find_map(|e| match &e.kind {
        EventKind::StatisticsReceived { by, .. } if by == hq => Some(e.t),
        _ => None,
    })
}

#[test]
fn each_government_declares_its_own_levels_by_the_tables_on_what_it_believes() {
    let mut sim = run(above_county("24h", |t| t), 1);
    let timeline = sim.outcome().levels;
    let first = |hq: &str, ladder: &str| {
        let c = changes(&timeline, hq, ladder);
        let c = c
            .first()
            .unwrap_or_else(|| panic!("{hq} never declared on {ladder}"));
        assert_eq!(c.change, Change::Declared, "{c:?}");
        (c.t, c.level)
    };
    // The rapid report (速报) of an M6.2 quake reaches every level: by the initial judgement it
    // is 重大 (M6.0–7.0 away from dense towns). The county and the province answer a 重大 event
    // with Ⅱ (2012 national plan, Sichuan plan), the prefecture with its Ⅰ, the nation one level
    // below the initial judgement (Ⅲ) and with its relief Ⅳ.
    let (county_t, county) = first("hq", "earthquake");
    assert_eq!(county, "Ⅱ");
    assert_eq!(first("prefecture", "earthquake").1, "Ⅰ");
    assert_eq!(first("province", "earthquake").1, "Ⅱ");
    assert_eq!(first("nation", "earthquake").1, "Ⅲ");
    assert_eq!(first("nation", "relief").1, "Ⅳ");
    let quick = sim.scenario().plan.response.quake_quick_report.as_minutes();
    assert!(
        county_t >= ONSET + quick,
        "declared at {county_t}, before the rapid report"
    );
    // The toll reaches the HQs above only through the statistics sent up: their relief levels
    // (by deaths and missing) come after the first report reached them, never before.
    for hq in ["prefecture", "province"] {
        let (t, _) = first(hq, "relief");
        let heard = first_statistics(&sim, hq).expect("statistics reached it");
        assert!(
            t >= heard,
            "{hq} declared relief at {t}, before statistics at {heard}"
        );
    }
    // The county's report travels up one government at a time.
    let at = |hq| first_statistics(&sim, hq).unwrap();
    let first_report = sim.scenario().grading.statistics.first.as_minutes();
    assert!(at("prefecture") >= ONSET + first_report);
    assert!(at("prefecture") < at("province") && at("province") < at("nation"));
    // In force now, as the regions' echelons read it.
    assert_eq!(
        sim.level_in_force("province", Ladder::Earthquake),
        Some(Level::II)
    );
    assert_eq!(
        sim.level_in_force("nation", Ladder::Relief),
        Some(Level::IV)
    );
    assert_eq!(sim.level_in_force("nobody", Ladder::Relief), None);
    // The KPIs: the county's relief peak, the province's and nation's earthquake peaks.
    let k = sim.outcome().kpis;
    assert_eq!(k.province_level_peak, Some(2.0));
    assert_eq!(k.nation_level_peak, Some(3.0));
    let relief = changes(&timeline, "hq", "relief");
    let peak = relief.iter().map(|c| c.level).min().unwrap();
    assert_eq!(
        k.relief_level_peak
            .map(|v| Level::from_number(v as u8).unwrap().roman()),
        Some(peak)
    );
}

#[test]
fn the_relief_ladder_is_graded_on_deaths_and_missing_and_on_the_relocated() {
    let scenario = above_county("1h", |t| t);
    let g = &scenario.grading;
    let rows = |gov| &g.ladder(gov, Ladder::Relief).unwrap().rows;
    let grade = |gov, values: &[(Measure, f64)]| {
        scenario::grade_rows(rows(gov), values).map(|(level, _)| level)
    };
    use Measure::*;
    // 国家自然灾害救助应急预案 (2024): deaths and missing 200/100/50/20, relocated 2M/1M/0.5M/0.1M.
    for (values, level) in [
        (vec![(DeathsAndMissing, 200.0)], Some(Level::I)),
        (vec![(DeathsAndMissing, 199.0)], Some(Level::II)),
        (vec![(DeathsAndMissing, 50.0)], Some(Level::III)),
        (vec![(DeathsAndMissing, 20.0)], Some(Level::IV)),
        (vec![(DeathsAndMissing, 19.0)], None),
        (vec![(Relocated, 1_000_000.0)], Some(Level::II)),
        (vec![(Relocated, 100_000.0)], Some(Level::IV)),
        (
            vec![(DeathsAndMissing, 25.0), (Relocated, 600_000.0)],
            Some(Level::III),
        ),
    ] {
        assert_eq!(grade(Government::Nation, &values), level, "{values:?}");
    }
    // The county grades on its own, lower thresholds: relocated alone declares it.
    assert_eq!(
        grade(
            Government::County,
            &[(DeathsAndMissing, 0.0), (Relocated, 1195.0)]
        ),
        Some(Level::III)
    );
    // In a run the county declares relief on what it believes.
    let mut sim = run(above_county("6h", |t| t), 1);
    let timeline = sim.outcome().levels;
    let county = changes(&timeline, "hq", "relief");
    assert_eq!(county.first().map(|c| c.change), Some(Change::Declared));
    let reason = sim.events().iter().find_map(|e| match &e.kind {
        EventKind::LevelChanged {
            by, ladder, reason, ..
        } if by == "hq" && *ladder == "relief" => Some(reason.clone()),
        _ => None,
    });
    let reason = reason.expect("a relief declaration was logged");
    assert!(
        reason.starts_with("DeathsAndMissing") || reason.starts_with("Relocated"),
        "{reason}"
    );
}

#[test]
fn a_level_is_raised_when_the_believed_toll_crosses_a_row() {
    let scenario = above_county("1h", |t| t);
    let rows = &scenario
        .grading
        .ladder(Government::Province, Ladder::Relief)
        .unwrap()
        .rows;
    let figures = |dm: u64| Figures {
        as_of: 100,
        deaths: dm,
        trapped: 5,
        ..Figures::default()
    };
    let step = |dm: u64, in_force: Option<Level>| {
        let f = figures(dm);
        let values = ladders::values(&scenario, None, 100, &f);
        ladders::step(&scenario, rows, in_force, 0, ONSET, 100, &values, &f, 100)
    };
    // Province relief: Ⅳ at 3 deaths and missing, Ⅲ at 10.
    assert_eq!(step(2, None), Step::Hold);
    assert_eq!(
        step(3, None),
        Step::Want(Level::IV, "DeathsAndMissing ≥ 3".into())
    );
    assert_eq!(step(9, Some(Level::IV)), Step::Hold);
    assert_eq!(
        step(10, Some(Level::IV)),
        Step::Want(Level::III, "DeathsAndMissing ≥ 10".into())
    );
    // During the rescue phase nothing is lowered, whatever the counts.
    assert_eq!(step(0, Some(Level::I)), Step::Hold);
    // In a run: a stronger quake, whose toll the county learns over hours, makes the county raise
    // its relief level as the believed deaths cross the rows.
    let mut sim = run(
        above_county("24h", |t| t.replace("magnitude: 6.2,", "magnitude: 7.0,")),
        1,
    );
    let timeline = sim.outcome().levels;
    let raised: Vec<_> = timeline
        .iter()
        .filter(|c| c.change == Change::Raised)
        .collect();
    assert!(!raised.is_empty(), "nothing raised: {timeline:?}");
    // With 10 or more dead and missing together, the county reports straight to the province and the
    // nation as well (直报), not only through the prefecture.
    let direct: Vec<&str> = sim
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::StatisticsReceived {
                by,
                from,
                dead,
                missing,
                ..
            } if from == "hq" => {
                assert!(
                    by == "prefecture" || dead + missing >= 10,
                    "{by} got {dead} dead and {missing} missing directly"
                );
                Some(by.as_str())
            }
            _ => None,
        })
        .collect();
    assert!(
        direct.contains(&"province") && direct.contains(&"nation"),
        "{direct:?}"
    );
    for c in &raised {
        let before = changes(&timeline, &c.hq, c.ladder);
        let i = before.iter().position(|x| std::ptr::eq(*x, *c)).unwrap();
        assert!(i > 0, "{c:?} raised before any declaration");
        assert!(
            level(c.level) < level(before[i - 1].level),
            "{c:?} is not more severe than {:?}",
            before[i - 1]
        );
    }
}

#[test]
fn levels_are_lowered_after_the_rescue_phase_and_ended_by_the_rules() {
    let mut sim = run(above_county("12d", |t| t), 1);
    let rules = sim.scenario().grading.stand_down;
    let timeline = sim.outcome().levels;
    let end = ONSET + rules.end_after.as_minutes();
    for hq in ["hq", "prefecture", "province", "nation"] {
        for ladder in ["earthquake", "relief"] {
            let c = changes(&timeline, hq, ladder);
            assert_eq!(
                c.first().map(|c| c.change),
                Some(Change::Declared),
                "{hq} {ladder}"
            );
            let last = c.last().unwrap();
            assert_eq!(last.change, Change::Ended, "{hq} {ladder}: {c:?}");
            assert_eq!(last.t, end, "{hq} {ladder} ended at {}", last.t);
            for x in &c {
                if x.change == Change::Lowered {
                    assert!(
                        x.t >= ONSET + rules.rescue_phase.as_minutes(),
                        "lowered during the rescue phase: {x:?}"
                    );
                }
            }
            // Lowered one step at a time, a day apart.
            for w in c.windows(2) {
                if w[1].change == Change::Lowered {
                    let (a, b) = (level(w[0].level), level(w[1].level));
                    assert_eq!(b.number(), a.number() + 1, "{w:?}");
                    assert!(w[1].t >= w[0].t + rules.lower_every.as_minutes(), "{w:?}");
                }
            }
        }
    }
    // The prefecture's Ⅰ (a 重大 initial judgement) fell as the forecasts lapsed.
    assert!(
        changes(&timeline, "prefecture", "earthquake")
            .iter()
            .any(|c| c.change == Change::Lowered)
    );
    for ladder in Ladder::ALL {
        for hq in ["hq", "prefecture", "province", "nation"] {
            assert_eq!(sim.level_in_force(hq, ladder), None, "{hq} {ladder:?}");
        }
    }
    // The county's ended earthquake level is no longer the one in force for the doctrine, but
    // its peak stays the KPI's.
    assert!(!sim.level_declared());
    assert_eq!(sim.outcome().kpis.response_level_peak, Some(2.0));
}

#[test]
fn level_changes_are_logged_in_order_with_their_reasons_and_match_the_timeline() {
    let mut sim = run(above_county("12d", |t| t), 3);
    let timeline = sim.outcome().levels;
    let logged: Vec<(u32, String, &str, &str, &str, &str)> = sim
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::LevelChanged {
                by,
                government,
                ladder,
                level,
                change,
                reason,
            } => {
                assert!(!reason.is_empty());
                Some((e.t, by.clone(), *government, *ladder, *level, *change))
            }
            _ => None,
        })
        .collect();
    let expected: Vec<_> = timeline
        .iter()
        .map(|c| {
            (
                c.t,
                c.hq.clone(),
                c.government,
                c.ladder,
                c.level,
                c.change.word(),
            )
        })
        .collect();
    assert_eq!(logged, expected);
    assert!(timeline.windows(2).all(|w| w[0].t <= w[1].t));
    // Per HQ and ladder: declared first, ended last, nothing after the end.
    for hq in ["hq", "prefecture", "province", "nation"] {
        for ladder in ["earthquake", "relief"] {
            let c = changes(&timeline, hq, ladder);
            let ends = c.iter().filter(|c| c.change == Change::Ended).count();
            assert!(ends <= 1 && (ends == 0 || c.last().unwrap().change == Change::Ended));
            let declared = c.iter().filter(|c| c.change == Change::Declared).count();
            assert_eq!(declared, 1, "{hq} {ladder}: {c:?}");
        }
    }
    // The run's JSON carries the timeline.
    let mut json = Vec::new();
    let outcome = sim.outcome();
    drillsim::output::write_run_json(&mut json, sim.scenario(), 3, &outcome).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let levels = v["levels"].as_array().expect("levels array");
    assert_eq!(levels.len(), timeline.len());
    assert_eq!(levels[0]["change"], "declared");
    for key in ["t", "hq", "government", "ladder", "level", "change"] {
        assert!(levels[0].get(key).is_some(), "no {key} in {}", levels[0]);
    }
}

#[test]
fn the_same_seed_gives_the_same_level_log() {
    let a = run(above_county("4d", |t| t), 7);
    let b = run(above_county("4d", |t| t), 7);
    let levels = |s: &Sim| {
        s.events()
            .iter()
            .filter(|e| {
                matches!(
                    e.kind,
                    EventKind::LevelChanged { .. } | EventKind::StatisticsReceived { .. }
                )
            })
            .cloned()
            .collect::<Vec<_>>()
    };
    assert!(!levels(&a).is_empty());
    assert_eq!(levels(&a), levels(&b));
}

/// The national pack's `tables: [...]` part, as an older scenario's own `grading` holds it.
fn tables_only() -> String {
    let start = NATIONAL.find("    tables: [").unwrap();
    let end = NATIONAL.find("    ladders: [").unwrap();
    format!(
        "grading: (name: \"county-own\", {}),\n    hazards: (",
        &NATIONAL[start..end]
    )
}

#[test]
fn a_grading_part_without_ladders_takes_the_national_ladders_and_rules() {
    let own = above_county("1h", |t| t.replacen("hazards: (", &tables_only(), 1));
    assert_eq!(own.grading.name, "county-own");
    let national = above_county("1h", |t| t);
    assert_eq!(own.grading.ladders, national.grading.ladders);
    assert_eq!(own.grading.stand_down, national.grading.stand_down);
    assert_eq!(own.grading.statistics, national.grading.statistics);
    assert_eq!(
        own.grading.ladders.len(),
        8,
        "two ladders at four governments"
    );
}

#[test]
fn a_second_table_for_one_government_and_ladder_is_refused_with_its_path() {
    let twice = r#"ladders: [
        (government: County, ladder: Relief, rows: [(level: I, any_of: [(measure: Deaths, at_least: 1)])]),
        (government: County, ladder: Relief, rows: [(level: I, any_of: [(measure: Deaths, at_least: 2)])]),
    ]),
    hazards: ("#;
    let text = SMALL_TOWN.replacen(
        "hazards: (",
        &tables_only().replace("),\n    hazards: (", twice),
        1,
    );
    let err = scenario::load_str(&text, "small-town.ron")
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("grading.ladders[1]") && err.contains("a second table for County"),
        "{err}"
    );
}

#[test]
fn an_hq_above_the_county_declares_its_own_level_by_order() {
    use drillsim::sim::command::Role;
    let scenario = above_county("1h", |t| t);
    let province = scenario
        .organisation
        .iter()
        .position(|n| n.id == "province")
        .unwrap();
    let mut sim = Sim::new(scenario, RunSeed::new(1));
    sim.apply_as(
        drillsim::sim::Order::DeclareLevel { level: Level::I },
        Role::Node(province),
        "province",
    )
    .expect("an HQ above the county holds `declare`");
    sim.run_until(3);
    // Before the quake: the province's own earthquake level, not the county's.
    assert_eq!(
        sim.level_in_force("province", Ladder::Earthquake),
        Some(Level::I)
    );
    assert_eq!(sim.level_in_force("hq", Ladder::Earthquake), None);
    let reason = sim.events().iter().find_map(|e| match &e.kind {
        EventKind::LevelChanged { by, reason, .. } if by == "province" => Some(reason.clone()),
        _ => None,
    });
    assert_eq!(reason.as_deref(), Some("order by province"));
    // The tables' Ⅱ later does not lower what was ordered.
    sim.run_to_end();
    assert_eq!(
        sim.level_in_force("province", Ladder::Earthquake),
        Some(Level::I)
    );
}
