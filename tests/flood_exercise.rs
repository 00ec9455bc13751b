//! The flood information-sharing exercise (scenarios/exercises/flood-info-sharing-drill.ron) can
//! be played as written: each seat holds the facts its injects ask it to share when they arrive
//! (seed 1), sharing them meets the expectations, and a flow nobody sends is missed.
mod drill_support;

use drill_support::*;
use drillsim::drill::engine::{Engine, InboxItem};
use drillsim::drill::i18n::Lang;
use drillsim::drill::line::Command;
use drillsim::drill::msel::ExpectationState;

const FLOOD: &str = "scenarios/flood-season-compound.ron";
const FLOOD_EXERCISE: &str = "scenarios/exercises/flood-info-sharing-drill.ron";

fn flood(role: &str) -> Engine {
    engine(FLOOD, role, Lang::En, Some(FLOOD_EXERCISE), None)
}

fn run_to(engine: &mut Engine, minute: u32) {
    run(engine, minute - engine.now());
}

/// Gives `order` and returns the feedback line (ok, text).
fn give(engine: &mut Engine, order: &str) -> (bool, String) {
    engine.handle(Command::Order(order.to_string()));
    let feedback = engine.snapshot().feedback.expect("feedback");
    (feedback.ok, feedback.text)
}

fn expectations(engine: &Engine, inject: &str) -> Vec<ExpectationState> {
    let msel = engine.msel().unwrap();
    msel.injects[msel.find(inject).unwrap()]
        .expectations
        .clone()
}

#[test]
fn the_weather_bureau_has_no_forecast_at_w01_and_meets_w03_by_sharing_its_forecasts() {
    let mut engine = flood("dept-weather");
    // W01 (T+16:00): the county's monitoring has forecast nothing yet, as the exercise says.
    run_to(&mut engine, 16 * 60 + 1);
    let (ok, text) = give(&mut engine, "share hq-flood forecasts");
    assert!(!ok, "{text}");
    assert!(text.contains("nothing to share"), "{text}");
    // W03 (T+34:00): the first debris-flow forecast (T+34:10) is the bureau's to share.
    run_to(&mut engine, 34 * 60 + 15);
    let (ok, text) = give(&mut engine, "share hq-flood forecasts");
    assert!(ok, "{text}");
    run_to(&mut engine, 34 * 60 + 20);
    let (ok, text) = give(&mut engine, "share tc-t12 forecasts");
    assert!(ok, "{text}");
    run_to(&mut engine, 35 * 60 + 5);
    let w03 = expectations(&engine, "W03");
    assert_eq!(w03.len(), 2);
    for (e, at) in w03.iter().zip([34 * 60 + 15, 34 * 60 + 20]) {
        assert!(!e.missed && !e.early, "{e:?}");
        assert_eq!(e.met_at, Some(at), "{e:?}");
        assert!(
            e.met_by
                .as_deref()
                .unwrap()
                .starts_with("dept-weather: share"),
            "{e:?}"
        );
    }
}

#[test]
fn the_water_bureau_meets_w04_by_sharing_the_river_in_flood() {
    let mut engine = flood("dept-water");
    run_to(&mut engine, 46 * 60 + 2);
    let view = engine.snapshot();
    assert!(
        view.inbox.iter().any(|item| matches!(item,
            InboxItem::Fact { en, .. } if en.contains("river in flood: 新桥镇河段"))),
        "the water bureau holds the river state W04 speaks of"
    );
    for order in ["share hq-flood reservoirs", "share tc-t12 reservoirs"] {
        let (ok, text) = give(&mut engine, order);
        assert!(ok, "{order}: {text}");
    }
    run_to(&mut engine, 46 * 60 + 40);
    for e in expectations(&engine, "W04") {
        assert!(!e.missed, "{e:?}");
        assert_eq!(e.met_at, Some(46 * 60 + 2), "{e:?}");
    }
}

#[test]
fn a_flow_nobody_shares_is_missed() {
    // The weather bureau played, nothing shared: W03's expectations are missed at their
    // deadlines, and so are the water bureau's (W04), which nobody else sends.
    let mut engine = flood("dept-weather");
    run_to(&mut engine, 46 * 60 + 40);
    for inject in ["W03", "W04"] {
        for e in expectations(&engine, inject) {
            assert!(e.missed && e.met_at.is_none(), "{inject}: {e:?}");
        }
    }
}

#[test]
fn the_flood_hq_shares_road_states_with_the_town_and_the_town_reports_back() {
    let mut engine = flood("hq-flood");
    run_to(&mut engine, 48 * 60 + 10);
    let (ok, text) = give(&mut engine, "share tc-t12 roads");
    assert!(ok, "{text}");
    // Forecasts the flood HQ holds only when a bureau shared them: none here.
    let (ok, text) = give(&mut engine, "share tc-t12 forecasts");
    assert!(!ok && text.contains("nothing to share"), "{text}");
    run_to(&mut engine, 48 * 60 + 40);
    let w05 = expectations(&engine, "W05");
    assert_eq!(w05[0].met_at, Some(48 * 60 + 10), "{:?}", w05[0]);

    let mut town = flood("tc-t12");
    run_to(&mut town, 51 * 60 + 5);
    // The town reports on itself (whether 金山村 has a rescue still open there depends on the
    // hazards of seed 1, so this no longer checks that `sitrep t12v10` is refused).
    let (ok, text) = give(&mut town, "sitrep t12");
    assert!(ok, "{text}");
    run_to(&mut town, 51 * 60 + 30);
    let w07 = expectations(&town, "W07");
    assert!(!w07[0].missed, "{:?}", w07[0]);
    assert_eq!(w07[0].met_at, Some(51 * 60 + 5));
}
