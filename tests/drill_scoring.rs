//! Expected actions are met by state: the effect holds at or after the inject's delivery,
//! whoever brought it about and whenever; refused orders never count.
mod drill_support;

use drill_support::*;
use drillsim::drill::engine::Engine;
use drillsim::drill::i18n::Lang;
use drillsim::drill::line::Command;
use drillsim::drill::msel::{ExpectationState, InjectStatus};

/// Plays `orders` (minute, order) and runs to `until`.
fn play(engine: &mut Engine, orders: &[(u32, &str)], until: u32) {
    for (at, order) in orders {
        run(engine, at - engine.now());
        engine.handle(Command::Order(order.to_string()));
    }
    run(engine, until - engine.now());
}

fn expectation(engine: &Engine, inject: &str) -> (InjectStatus, Option<ExpectationState>) {
    let msel = engine.msel().unwrap();
    let i = msel.find(inject).unwrap();
    (
        msel.injects[i].status,
        msel.injects[i].expectations.first().cloned(),
    )
}

#[test]
fn a_field_post_set_up_before_the_inject_meets_it_early_and_its_contingency_never_fires() {
    let mut engine = engine(SMALL, "tc-t1", Lang::Zh, Some(FIELD_EXERCISE), None);
    play(
        &mut engine,
        &[(20, "field-post v1 commander fire-town")],
        120,
    );
    let (status, fc2) = expectation(&engine, "FC2");
    assert_eq!(status, InjectStatus::Delivered(50));
    let fc2 = fc2.unwrap();
    assert!(!fc2.missed, "{fc2:?}");
    // The order reached the village at T+00:25: the post stood when FC2 arrived at T+00:50.
    assert_eq!(fc2.met_at, Some(25), "{fc2:?}");
    assert!(fc2.early, "{fc2:?}");
    assert_eq!(
        fc2.met_by.as_deref(),
        Some("tc-t1: field-post v1 commander fire-town")
    );
    let (status, _) = expectation(&engine, "FC2C");
    assert_eq!(status, InjectStatus::Waiting, "FC2C must never fire");
    // The report says so, and who acted.
    let header =
        drillsim::drill::journal::header(std::path::Path::new(SMALL), None, 1, "tc-t1", "zh", None);
    let report = drillsim::drill::aar::build(&mut engine, &header, &load(SMALL), "j", &[]);
    let md = drillsim::drill::aar::markdown(&report);
    assert!(
        md.contains("| FC2 | tc-t1 | T+00:50 | field-post v1 commander | T+01:10 | met T+00:25 early, before the inject 提前 (tc-t1: field-post v1 commander fire-town) |"),
        "{md}"
    );
    assert!(
        md.contains("| 导调 inject | met | FC2: field-post v1 commander ← tc-t1: field-post v1 commander fire-town (early 提前) |"),
        "{md}"
    );
    assert!(!md.contains("FC2C → tc-t1"), "{md}");
}

#[test]
fn volunteers_recalled_before_the_inject_meet_it_early() {
    let mut engine = engine(SMALL, "tc-t1", Lang::En, Some(FIELD_EXERCISE), None);
    play(&mut engine, &[(60, "recall volunteers")], 120);
    let (status, fc4) = expectation(&engine, "FC4");
    assert_eq!(status, InjectStatus::Delivered(80));
    let fc4 = fc4.unwrap();
    assert!(fc4.early && !fc4.missed, "{fc4:?}");
    assert_eq!(fc4.met_at, Some(65), "{fc4:?}");
    assert_eq!(fc4.met_by.as_deref(), Some("tc-t1: recall volunteers"));
}

#[test]
fn military_requested_before_the_inject_meets_it_early() {
    let mut engine = engine(
        COUNTY,
        "county-commander",
        Lang::En,
        Some(COUNTY_EXERCISE),
        None,
    );
    play(&mut engine, &[(30, "request-aid military")], 125);
    let (status, i09) = expectation(&engine, "I09");
    assert_eq!(status, InjectStatus::Delivered(120));
    let i09 = i09.unwrap();
    assert!(i09.early && !i09.missed, "{i09:?}");
    assert_eq!(i09.met_at, Some(30), "{i09:?}");
    assert_eq!(
        i09.met_by.as_deref(),
        Some("county-commander: request-aid military")
    );
}

#[test]
fn a_refused_road_clearing_order_never_meets_the_road_cut_inject() {
    let mut engine = engine(
        COUNTY,
        "county-commander",
        Lang::En,
        Some(COUNTY_EXERCISE),
        None,
    );
    // I04 (a road cut) arrives at T+00:27 with its 45 minutes; r010 is open, so clearing it is
    // refused.
    play(&mut engine, &[(30, "dispatch fr06 clear r010")], 80);
    assert!(
        engine.sim().events().iter().any(|e| matches!(
            &e.kind,
            drillsim::sim::EventKind::OrderRefused { order, reason }
                if order == "dispatch fr06 clear r010" && reason.to_string() == "r010 is not blocked"
        )),
        "the order was refused"
    );
    let (status, i04) = expectation(&engine, "I04");
    assert_eq!(status, InjectStatus::Delivered(27));
    let i04 = i04.unwrap();
    assert!(i04.met_at.is_none() && i04.missed, "{i04:?}");
}

#[test]
fn a_level_declared_by_the_doctrine_meets_declare_level_and_says_who() {
    let mut engine = engine(
        COUNTY,
        "county-commander",
        Lang::En,
        Some(COUNTY_EXERCISE),
        None,
    );
    run(&mut engine, 60);
    let (_, i01) = expectation(&engine, "I01");
    let i01 = i01.unwrap();
    assert!(!i01.early && !i01.missed, "{i01:?}");
    // Within the hour the doctrine declares Ⅱ on the magnitude (初判): the deaths the HQ
    // believes reach Ⅰ only as they are verified, hours later.
    assert_eq!(i01.met_by.as_deref(), Some("doctrine: declare level II"));
}
