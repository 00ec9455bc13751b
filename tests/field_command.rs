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
            .starts_with("请求已发出：declare level III → hq（预计答复 T+00:"),
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
        feedback.ok
            && feedback.text == "请求答复：request declare level III — 已获批准，由其下达：hq",
        "{feedback:?}"
    );
    // The inbox pane says so in the seat's language.
    let mut app = app(&mut town);
    app.pane = drillsim::drill::ui::Pane::Inbox;
    let text = screen(&mut app, 200, 60);
    assert!(
        text.contains("request declare level III — 已获批准，由其下达：hq"),
        "{text}"
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

/// The small town at minute `at`, with the county HQ's orders given along the way.
fn small_town_with(orders: &[(u32, &str)], until: u32) -> drillsim::sim::Sim {
    use drillsim::sim::{RunSeed, Sim};
    let mut sim = Sim::new(load(SMALL), RunSeed::new(1));
    for (at, order) in orders {
        sim.run_until(*at);
        sim.apply(drillsim::sim::order::parse_order(order).unwrap())
            .unwrap();
    }
    sim.run_until(until);
    sim
}

fn refusals(sim: &drillsim::sim::Sim) -> Vec<(u32, String, String)> {
    sim.events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::OrderRefused { order, reason } => {
                Some((e.t, order.clone(), reason.to_string()))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn a_second_field_post_is_refused_with_who_commands_it() {
    let sim = small_town_with(
        &[
            (10, "dispatch fire-town to v1"),
            (10, "dispatch fire-county to v1"),
            (12, "field-post v1 commander fire-town"),
            (20, "field-post v1 commander fire-county"),
        ],
        30,
    );
    let posts = sim
        .events()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::FieldPostSetUp { .. }))
        .count();
    assert_eq!(posts, 1);
    assert_eq!(
        refusals(&sim),
        [(
            25,
            "field-post v1 commander fire-county".to_string(),
            "v1 already has a field post (commander fire-town, set up at minute 17): \
             to change its commander, use `handover v1 commander TEAM`"
                .to_string()
        )]
    );
    let zh = drillsim::sim::order::OrderRefusal::PostAlreadySetUp {
        place: "v1".into(),
        commander: "fire-town".into(),
        at: 17,
    }
    .text(true);
    assert_eq!(
        zh,
        "v1 已设立现场指挥部（指挥员 fire-town，T+00:17 设立）：更换指挥员请用 `handover v1 commander 队伍`"
    );
}

#[test]
fn a_handover_gives_the_post_to_a_team_at_the_scene() {
    let sim = small_town_with(
        &[
            (10, "dispatch fire-town to v1"),
            (10, "dispatch fire-county to v1"),
            (12, "field-post v1 commander fire-town"),
            (20, "handover v1 commander roads"),
            (20, "handover v1 commander fire-town"),
            (20, "handover v4 commander fire-town"),
            (30, "handover v1 commander fire-county"),
        ],
        40,
    );
    let handed: Vec<_> = sim
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::FieldPostHandedOver { incident, from, to } => {
                Some((e.t, incident.as_str(), from.as_str(), to.as_str()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(handed, [(35, "v1/mainshock", "fire-town", "fire-county")]);
    let reasons: Vec<String> = refusals(&sim).into_iter().map(|r| r.2).collect();
    assert_eq!(
        reasons,
        [
            "roads is not at the scene at v1: a post is handed over to a team there",
            "fire-town already commands the field post at v1",
            "no field post at v4 to hand over: set one up with `field-post`",
        ]
    );
}

/// The after-action report (Markdown) of a small-town drill played as tc-t1, in English.
fn report_md(
    engine: &mut drillsim::drill::engine::Engine,
    original: &drillsim::scenario::Scenario,
) -> String {
    use drillsim::drill::journal::Header;
    let header = Header {
        journal: "drillsim-drill".into(),
        format: 3,
        marker: "【演练】EXERCISE".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        scenario: SMALL.into(),
        plan: None,
        seed: 1,
        role: "tc-t1".into(),
        lang: "en".into(),
        exercise: None,
        scenario_sha256: None,
        exercise_sha256: None,
    };
    let report = drillsim::drill::aar::build(engine, &header, original, "j.jsonl", &[]);
    drillsim::drill::aar::markdown(&report)
}

#[test]
fn a_town_hands_its_post_over_and_the_report_shows_it_as_a_decision() {
    let mut town = engine(SMALL, "tc-t1", Lang::En, None, None);
    run(&mut town, 10);
    for order in [
        "dispatch fire-town to v1",
        "dispatch volunteers to v1",
        "field-post v1 commander fire-town",
        "request dispatch fire-county to v1",
    ] {
        town.handle(Input::Order(order.into()));
    }
    run(&mut town, 30);
    town.handle(Input::Order(
        "handover 石坪村 commander 青山镇应急志愿服务队".into(),
    ));
    let feedback = town.snapshot().feedback.unwrap();
    assert_eq!(feedback.text, "given: handover v1 commander volunteers");
    run(&mut town, 10);
    assert!(
        town.sim().events().iter().any(|e| matches!(&e.kind,
            EventKind::FieldPostHandedOver { to, .. } if to == "volunteers")),
        "{:#?}",
        town.sim()
            .events()
            .iter()
            .filter(|e| e.t > 9
                && !matches!(
                    e.kind,
                    EventKind::ReportSent { .. } | EventKind::ReportReceived { .. }
                ))
            .collect::<Vec<_>>()
    );
    // Beyond a town: a post elsewhere is the county HQ's.
    let mut other = engine(SMALL, "tc-t1", Lang::En, None, None);
    other.handle(Input::Order("handover county commander fire-county".into()));
    let feedback = other.snapshot().feedback.unwrap();
    assert!(
        !feedback.ok && feedback.text.contains("county HQ"),
        "{feedback:?}"
    );

    let md = report_md(&mut town, &load(SMALL));
    assert!(
        md.contains("| 决策 decision | handover | v1/mainshock commander fire-town → volunteers |"),
        "{md}"
    );
    assert!(
        md.contains("| request dispatch fire-county to v1 | granted by hq 已获批准 T+"),
        "{md}"
    );
}

/// The small town with an aftershock sequence after its mainshock (around the whole town).
fn small_town_with_aftershocks() -> drillsim::scenario::Scenario {
    use drillsim::scenario::{Aftershocks, Hazard};
    let mut scenario = load(SMALL);
    for hazard in &mut scenario.hazards {
        if let Hazard::Earthquake(quake) = hazard {
            quake.aftershocks = Some(Aftershocks {
                a: -1.67,
                b: 0.91,
                p: 1.08,
                c_days: 0.05,
                min_magnitude: 4.0,
                radius_km: 40.0,
            });
        }
    }
    scenario
}

fn advice_in_inbox(engine: &mut drillsim::drill::engine::Engine) -> Vec<(u32, String, String)> {
    engine
        .snapshot()
        .inbox
        .into_iter()
        .filter_map(|item| match item {
            InboxItem::Fact { at, from, zh, .. } if zh.starts_with("技术组") => {
                Some((at, from, zh))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn the_technical_lead_advises_the_seat_commanding_a_post_once_per_threat() {
    use drillsim::drill::engine::{Engine, Setup};
    let setup = |role: &str| Setup {
        scenario: std::sync::Arc::new(small_town_with_aftershocks()),
        seed: 1,
        role: role.into(),
        lang: Lang::Zh,
        exercise: None,
    };
    let mut town = Engine::new(setup("tc-t1"), None).unwrap();
    run(&mut town, 10);
    town.handle(Input::Order("dispatch fire-town to v1".into()));
    town.handle(Input::Order("field-post v1 commander fire-town".into()));
    run(&mut town, 9);
    assert!(
        advice_in_inbox(&mut town).is_empty(),
        "the post is up at 15"
    );
    run(&mut town, 1);
    let advice = advice_in_inbox(&mut town);
    assert_eq!(
        advice,
        [(
            20,
            "field-post:v1/mainshock".to_string(),
            "技术组（v1/mainshock）：余震概率高，倒塌建筑二次垮塌风险大，建议限制进入人数"
                .to_string()
        )],
        "five minutes after the post is up, once"
    );
    run(&mut town, 120);
    let later = advice_in_inbox(&mut town);
    assert_eq!(
        later
            .iter()
            .filter(|a| a.1 == "field-post:v1/mainshock")
            .count(),
        1,
        "at most once per threat per post: {later:?}"
    );
    // In English, and in the seat's after-action section.
    let en = town.sim().technical_advice();
    assert_eq!(
        en[0].text(false),
        "technical lead (v1/mainshock): strong aftershocks likely; risk of further collapse — limit the number of rescuers inside"
    );
    assert!(en.iter().all(|a| a.seat == "tc-t1"), "{en:?}");
    let md = report_md(&mut town, &small_town_with_aftershocks());
    assert!(
        md.contains("| T+00:20 | advice 建议 | 技术组（v1/mainshock）：余震概率高"),
        "{md}"
    );
    assert!(
        md.contains("- Technical advice received 技术组建议: "),
        "{md}"
    );
    // The county HQ commands no post at v1: it is not told.
    let mut hq = Engine::new(setup("hq"), None).unwrap();
    run(&mut hq, 10);
    hq.handle(Input::Order("field-post v1 commander fire-town".into()));
    run(&mut hq, 30);
    assert!(advice_in_inbox(&mut hq).is_empty());
    // Advice is worked out for the view: the simulation is the same without anyone looking.
    let mut quiet = drillsim::sim::Sim::new(
        std::sync::Arc::new(small_town_with_aftershocks()),
        drillsim::sim::RunSeed::new(1),
    );
    quiet.play(quiet.role("tc-t1").unwrap());
    quiet.run_until(10);
    for order in [
        "dispatch fire-town to v1",
        "field-post v1 commander fire-town",
    ] {
        let order = drillsim::sim::order::parse_order(order).unwrap();
        let role = quiet.role("tc-t1").unwrap();
        quiet.apply_as(order, role, "tc-t1").unwrap();
    }
    quiet.run_until(town.now());
    assert_eq!(quiet.events(), town.sim().events());
}
