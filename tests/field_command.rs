//! Field command for real: `request ORDER` on the drill's order line (a seat asks the seat that
//! holds an order beyond it), handing a field post over to a new commander, and the technical
//! lead's advice to the seat commanding a threatened post.

mod drill_support;

use drill_support::*;
use drillsim::drill::engine::{Fate, InboxItem};
use drillsim::drill::i18n::Lang;
use drillsim::drill::journal::EntryKind;
use drillsim::drill::line::Command as Input;
use drillsim::sim::EventKind;

const FLOOD: &str = "scenarios/flood-season-compound.ron";

/// The fates of the seat's orders in its inbox: (minute, order, fate).
fn order_items(engine: &mut drillsim::drill::engine::Engine) -> Vec<(u32, String, Fate)> {
    engine
        .snapshot()
        .inbox
        .into_iter()
        .filter_map(|item| match item {
            InboxItem::Order { at, order, fate } => Some((at, order, fate)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_town_requests_a_level_and_the_county_hq_grants_it() {
    let mut town = engine(SMALL, "tc-t1", Lang::Zh, None, None);
    run(&mut town, 10);
    town.handle(Input::Order("request declare level III".into()));
    let feedback = town.snapshot().feedback.unwrap();
    assert!(feedback.ok, "{feedback:?}");
    assert!(
        feedback
            .text
            .starts_with("请求已发出: declare level III → hq"),
        "{feedback:?}"
    );
    let items = order_items(&mut town);
    let Fate::Requested { to, answer_at } = &items[0].2 else {
        panic!("{items:?}")
    };
    assert_eq!(
        (items[0].1.as_str(), to.as_str()),
        ("request declare level III", "hq")
    );
    assert!(*answer_at > 10);
    assert_eq!(
        town.snapshot().level,
        None,
        "not yet: the request is on its way"
    );
    run(&mut town, *answer_at - 10 + 1);
    assert!(town.snapshot().level.is_some(), "a level in force");
    let items = order_items(&mut town);
    assert!(
        items
            .iter()
            .any(|(_, order, fate)| order == "request declare level III"
                && *fate == Fate::Granted { by: "hq".into() }),
        "{items:?}"
    );
    let feedback = town.snapshot().feedback.unwrap();
    assert!(
        feedback.ok && feedback.text.contains("已获批准，由其下达：hq"),
        "{feedback:?}"
    );
    // The HQ gave it in its own name.
    assert!(town.sim().events().iter().any(|e| matches!(&e.kind,
        EventKind::OrderIssued { source, by, order, .. }
            if *source == "request" && by == "hq" && order == "declare level III")));
}

#[test]
fn a_town_requests_the_county_fire_brigade_by_name_and_replay_is_exact() {
    let mut live = engine(SMALL, "tc-t1", Lang::En, None, None);
    run(&mut live, 12);
    // Names as well as ids, as on any order line.
    live.handle(Input::Order(
        "request dispatch 县消防救援大队 to 石坪村".into(),
    ));
    run(&mut live, 40);
    let items = order_items(&mut live);
    assert!(
        items.iter().any(
            |(_, order, fate)| order == "request dispatch fire-county to v1"
                && *fate == Fate::Granted { by: "hq".into() }
        ),
        "{items:?}"
    );
    assert!(live.sim().events().iter().any(|e| matches!(&e.kind,
        EventKind::OrderIssued { by, order, .. }
            if by == "hq" && order == "dispatch fire-county to v1")));
    let journaled = live.entries.iter().any(|e| {
        matches!(&e.kind, EntryKind::Order { text, by }
            if text == "request dispatch fire-county to v1" && by == "tc-t1")
    });
    assert!(journaled, "{:#?}", live.entries);
    let entries = live.entries.clone();
    let mut again = engine(SMALL, "tc-t1", Lang::En, None, None);
    again.replay(&entries, live.now()).unwrap();
    assert_eq!(again.entries, entries);
    assert_eq!(again.sim().events(), live.sim().events());
}

#[test]
fn a_request_the_holder_refuses_shows_the_reason_in_the_seats_language() {
    let mut town = engine(FLOOD, "tc-t01", Lang::Zh, None, None);
    // Army units are held until a level is declared or aid requested.
    town.handle(Input::Order("request dispatch mi01 to t01".into()));
    run(&mut town, 30);
    let items = order_items(&mut town);
    let declined = items.iter().find_map(|(_, order, fate)| match fate {
        Fate::Declined { by, zh, en } if order == "request dispatch mi01 to t01" => {
            Some((by.clone(), zh.clone(), en.clone()))
        }
        _ => None,
    });
    let (by, zh, en) = declined.unwrap_or_else(|| panic!("{items:?}"));
    assert_eq!(by, "hq");
    assert_eq!(zh, "mi01尚未解除待命：须先宣布响应级别或请求增援");
    assert!(en.contains("has not been released"), "{en}");
    let feedback = town.snapshot().feedback.unwrap();
    assert!(
        !feedback.ok && feedback.text.contains("未获批准：hq（mi01尚未解除待命"),
        "{feedback:?}"
    );
}

#[test]
fn a_refusal_beyond_authority_suggests_a_request() {
    for (lang, hint) in [
        (Lang::Zh, "；可改用 `request declare level III`"),
        (Lang::En, "; ask instead with `request declare level III`"),
    ] {
        let mut town = engine(SMALL, "tc-t1", lang, None, None);
        town.handle(Input::Order("declare level III".into()));
        let feedback = town.snapshot().feedback.unwrap();
        assert!(
            !feedback.ok && feedback.text.ends_with(hint),
            "{feedback:?}"
        );
    }
}

#[test]
fn a_request_within_authority_is_given_and_information_needs_none() {
    let mut town = engine(SMALL, "tc-t1", Lang::En, None, None);
    town.handle(Input::Order("request recall volunteers".into()));
    let feedback = town.snapshot().feedback.unwrap();
    assert_eq!(feedback.text, "given: recall volunteers");
    town.handle(Input::Order("request share hq roads".into()));
    let feedback = town.snapshot().feedback.unwrap();
    assert!(
        !feedback.ok && feedback.text.contains("no request needed"),
        "{feedback:?}"
    );
    town.handle(Input::Order("request".into()));
    let feedback = town.snapshot().feedback.unwrap();
    assert!(
        !feedback.ok && feedback.text.contains("expected the order to request"),
        "{feedback:?}"
    );
}
