//! Knowledge where it arises: road states reach a command node only by report (the local
//! commands and the transport bureau's patrols find them), departments hold their own facts,
//! and `share`, `sizeup` and `sitrep` carry information between seats with the chain's latency.

mod common;
mod drill_support;

use drillsim::sim::command::{InfoRefused, LinkState, Role, patrol_delay_min};
use drillsim::sim::order::{Info, Order};
use drillsim::sim::{EventKind, RunSeed, Sim};

fn node(sim: &Sim, id: &str) -> usize {
    match sim.role(id) {
        Ok(Role::Node(n)) => n,
        other => panic!("{id}: {other:?}"),
    }
}

/// What `who` knows of `road`: (state, as of, found by).
fn known(sim: &mut Sim, who: &str, road: &str) -> Option<(LinkState, u32, String)> {
    let role = sim.role(who).unwrap();
    let view = sim.observe(role);
    let found = view.roads.iter().find(|r| r.road == road);
    found.map(|r| (r.state, r.as_of, r.from.clone()))
}

/// Steps until the first road is cut; returns the minute and the road's id.
fn first_cut(sim: &mut Sim) -> (u32, String) {
    loop {
        sim.step();
        let cut = sim.events().iter().find_map(|e| match &e.kind {
            EventKind::RoadChanged { road, state, .. } if *state == "blocked" => {
                Some((e.t, road.clone()))
            }
            _ => None,
        });
        if let Some(cut) = cut {
            return cut;
        }
        assert!(sim.now() < 24 * 60, "no road was cut");
    }
}

#[test]
fn a_road_cut_is_known_to_each_node_only_once_reported_to_it() {
    let mut sim = Sim::new(common::county(), RunSeed::new(1));
    let (t0, road) = first_cut(&mut sim);
    let index = sim
        .scenario()
        .region
        .roads
        .iter()
        .position(|r| r.id == road)
        .unwrap();
    let transport = node(&sim, "dept-transport");
    let base = sim.scenario().organisation[transport].place;
    let delay = patrol_delay_min(sim.scenario(), base, index);
    // Nobody knows at once; the controller sees it.
    for who in [
        "county-commander",
        "dept-transport",
        "hq-quake",
        "dept-health",
    ] {
        assert_eq!(known(&mut sim, who, &road), None, "{who} knew at once");
    }
    let truth = sim.observe(Role::Controller);
    let seen = truth.roads.iter().find(|r| r.road == road).unwrap();
    assert_eq!(seen.state, LinkState::Blocked);
    // The transport bureau's patrol finds it after the patrol delay, not before.
    sim.run_until(t0 + delay);
    if let Some((state, ..)) = known(&mut sim, "dept-transport", &road) {
        assert_ne!(
            state,
            LinkState::Blocked,
            "transport knew before its patrol got there"
        );
    }
    sim.step();
    assert_eq!(
        known(&mut sim, "dept-transport", &road),
        Some((LinkState::Blocked, t0 + delay, "dept-transport".to_string()))
    );
    // The report climbs to the county HQ (the local commands report too); the specialised HQ
    // sitting with it sees what it sees; no department is told.
    sim.run_until(t0 + delay + 30);
    let (state, as_of, from) = known(&mut sim, "county-commander", &road).expect("reported");
    assert_eq!(state, LinkState::Blocked);
    assert!(as_of > t0 && as_of <= t0 + delay, "as of {as_of}");
    assert_ne!(from, "hq", "found by whoever reported it");
    assert_eq!(
        known(&mut sim, "hq-quake", &road),
        known(&mut sim, "county-commander", &road)
    );
    assert_eq!(known(&mut sim, "dept-health", &road), None);
}

#[test]
fn a_share_reaches_its_recipient_after_the_hop_latency() {
    let mut sim = Sim::new(common::county(), RunSeed::new(1));
    let (_, road) = first_cut(&mut sim);
    sim.run_until(sim.now() + 6 * 60);
    let transport = node(&sim, "dept-transport");
    let share = Order::Share {
        seat: "dept-health".into(),
        what: Info::Roads,
    };
    let sent_at = sim.now();
    sim.send_information(transport, &share).unwrap();
    let eta = sim
        .events()
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::InformationShared {
                what: "roads",
                from,
                to,
                eta_min,
                items,
            } if from == "dept-transport" && to == "dept-health" => {
                assert!(*items > 0);
                Some(*eta_min)
            }
            _ => None,
        })
        .expect("the share is logged");
    assert!(eta >= 1);
    sim.run_until(sent_at + eta);
    assert_eq!(known(&mut sim, "dept-health", &road), None, "arrived early");
    sim.step();
    let (state, ..) = known(&mut sim, "dept-health", &road).expect("arrived");
    assert_eq!(
        Some(state),
        known(&mut sim, "dept-transport", &road).map(|k| k.0)
    );
    assert!(sim.events().iter().any(|e| matches!(
        &e.kind,
        EventKind::InformationReceived { by, latency_min, .. }
            if by == "dept-health" && *latency_min == eta
    )));
    let health = sim.role("dept-health").unwrap();
    let view = sim.observe(health);
    assert!(
        view.facts
            .iter()
            .any(|f| f.kind == "shared" && f.from == "dept-transport")
    );
    // Sharing what one does not hold, or with oneself, is refused with a reason.
    let weather = node(&sim, "dept-weather");
    let beds = Order::Share {
        seat: "hq".into(),
        what: Info::Beds,
    };
    assert_eq!(
        sim.send_information(weather, &beds),
        Err(InfoRefused::NothingToShare(Info::Beds))
    );
    let to_self = Order::Share {
        seat: "dept-weather".into(),
        what: Info::Forecasts,
    };
    assert_eq!(
        sim.send_information(weather, &to_self),
        Err(InfoRefused::SameSeat)
    );
}

#[test]
fn department_facts_are_seen_by_the_department_and_those_it_shared_with() {
    let mut sim = Sim::new(common::county(), RunSeed::new(1));
    sim.run_until(3 * 60);
    let beds = |sim: &mut Sim, who: &str| {
        let role = sim.role(who).unwrap();
        let view = sim.observe(role);
        view.facts.iter().filter(|f| f.kind == "beds").count()
    };
    let hospitals = sim.scenario().facilities.hospitals.len();
    assert!(hospitals > 0);
    assert_eq!(beds(&mut sim, "dept-health"), hospitals);
    for who in [
        "county-commander",
        "hq-quake",
        "dept-weather",
        "dept-transport",
    ] {
        assert_eq!(
            beds(&mut sim, who),
            0,
            "{who} sees the health commission's beds"
        );
    }
    // The fire and rescue brigade sees its own teams; the health commission its own (the
    // ambulance teams it may order), and not the brigade's.
    let fire = sim.role("dept-fire").unwrap();
    let teams = sim.observe(fire).teams;
    assert!(!teams.is_empty());
    let health = sim.role("dept-health").unwrap();
    let health: Vec<String> = sim
        .observe(health)
        .teams
        .into_iter()
        .map(|t| t.team)
        .collect();
    assert_eq!(health, ["pr01", "pr02", "pr03", "pr04"]);
    // Shared with the county HQ, the beds reach it (and no one else).
    let from = node(&sim, "dept-health");
    let share = Order::Share {
        seat: "hq".into(),
        what: Info::Beds,
    };
    sim.send_information(from, &share).unwrap();
    sim.run_until(sim.now() + 60);
    assert_eq!(beds(&mut sim, "county-commander"), hospitals);
    assert_eq!(beds(&mut sim, "dept-weather"), 0);
    assert_eq!(
        beds(&mut sim, "hq-quake"),
        0,
        "shared with the HQ, not with it"
    );
}

#[test]
fn a_size_up_from_tc_t1_reaches_its_inbox_and_climbs_to_the_county_hq() {
    let mut sim = Sim::new(common::small_town(), RunSeed::new(1));
    sim.run_until(20);
    let post = drillsim::sim::order::parse_order("field-post v1 commander fire-town").unwrap();
    sim.apply(post).unwrap();
    while !sim
        .events()
        .iter()
        .any(|e| matches!(e.kind, EventKind::FieldPostSetUp { .. }))
    {
        sim.step();
        assert!(sim.now() < 120, "no post was set up");
    }
    let town = node(&sim, "tc-t1");
    let size_ups = |sim: &mut Sim, who: &str| {
        let role = sim.role(who).unwrap();
        let view = sim.observe(role);
        view.inbox.iter().filter(|r| r.report == "size_up").count()
    };
    assert_eq!(size_ups(&mut sim, "tc-t1"), 0);
    let sent_at = sim.now();
    let order = Order::SizeUp { place: "v1".into() };
    sim.send_information(town, &order).unwrap();
    assert!(sim.events().iter().any(|e| matches!(
        &e.kind,
        EventKind::ReportFiled { report: "size_up", by, to, .. } if by == "tc-t1" && to == "tc-t1"
    )));
    sim.step();
    let hop = sim.scenario().plan.reporting.phone_hop.as_minutes().max(1);
    sim.run_until(sent_at + hop + 1);
    assert_eq!(size_ups(&mut sim, "tc-t1"), 1, "the town HQ has it");
    sim.run_until(sent_at + 4 * hop + 4);
    let climbed = sim.events().iter().any(|e| {
        matches!(&e.kind, EventKind::ReportReceived { report: "size_up", by, .. } if by == "hq")
            && sim.events().iter().any(|s| matches!(
                &s.kind,
                EventKind::ReportSent { report: "size_up", from, to, .. } if from == "tc-t1" && to == "hq"
            ))
    });
    assert!(climbed, "the size-up climbs to the county HQ");
}

#[test]
fn a_size_up_is_refused_to_a_seat_that_does_not_command_the_place() {
    let mut sim = Sim::new(common::county(), RunSeed::new(1));
    sim.run_until(60);
    let health = node(&sim, "dept-health");
    let place = sim.scenario().region.places[1].id.clone();
    let refused = sim.send_information(
        health,
        &Order::Sitrep {
            place: place.clone(),
        },
    );
    assert!(
        matches!(&refused, Err(InfoRefused::NotYourPlace { place: p, .. }) if *p == place),
        "{refused:?}"
    );
    let reason = refused.unwrap_err();
    assert!(reason.text(true).contains("不归本席位指挥"));
    assert!(reason.text(false).contains("not under this seat's command"));
}

/// The done-when of issue 13: a road cut appears on the county commander's map only once it
/// is reported.
#[test]
fn a_reported_road_cut_appears_on_the_commanders_map_only_after_the_report() {
    use drillsim::drill::i18n::Lang;
    let mut engine = drill_support::engine(
        drill_support::COUNTY,
        "county-commander",
        Lang::Zh,
        None,
        None,
    );
    let (_, road) = loop {
        drill_support::run(&mut engine, 1);
        let cut = engine.sim().events().iter().find_map(|e| match &e.kind {
            EventKind::RoadChanged { road, state, .. } if *state == "blocked" => {
                Some((e.t, road.clone()))
            }
            _ => None,
        });
        if let Some(cut) = cut {
            break cut;
        }
        assert!(engine.sim().now() < 24 * 60, "no road was cut");
    };
    let index = engine
        .sim()
        .scenario()
        .region
        .roads
        .iter()
        .position(|r| r.id == road)
        .unwrap();
    let snapshot = engine.snapshot();
    assert!(
        snapshot.road_states.is_none(),
        "a player is not shown the truth"
    );
    assert!(
        snapshot.reported_roads.iter().all(|r| r.0 != index),
        "unknown before the report"
    );
    let mut app = drill_support::app(&mut engine);
    assert!(drill_support::screen(&mut app, 200, 60).contains("道路状态未报告"));
    while known(engine.sim(), "county-commander", &road).is_none() {
        drill_support::run(&mut engine, 1);
        assert!(engine.sim().now() < 24 * 60, "never reported");
    }
    let snapshot = engine.snapshot();
    let shown = snapshot.reported_roads.iter().find(|r| r.0 == index);
    assert!(
        matches!(shown, Some((_, LinkState::Blocked, as_of)) if *as_of <= engine.sim().now()),
        "{shown:?}"
    );
    drill_support::refresh(&mut app, &mut engine);
    assert!(drill_support::screen(&mut app, 200, 60).contains("已报告道路"));
}

/// The done-when of issue 13 on the small town: a size-up the town seat types in the drill
/// reaches the town HQ's inbox.
#[test]
fn a_size_up_typed_by_the_town_seat_reaches_its_inbox_in_the_drill() {
    use drillsim::drill::engine::InboxItem;
    use drillsim::drill::i18n::Lang;
    use ratatui::crossterm::event::KeyCode;
    let mut engine = drill_support::engine(drill_support::SMALL, "tc-t1", Lang::Zh, None, None);
    drill_support::run(&mut engine, 30);
    let mut app = drill_support::app(&mut engine);
    let size_ups = |engine: &mut drillsim::drill::engine::Engine| {
        let snapshot = engine.snapshot();
        let mut found = snapshot.inbox.into_iter().filter(|i| {
            matches!(
                i,
                InboxItem::Report {
                    report: "size_up",
                    ..
                }
            )
        });
        found.next().is_some()
    };
    assert!(!size_ups(&mut engine));
    drill_support::type_text(&mut app, &mut engine, ":sizeup v1");
    drill_support::keys(&mut app, &mut engine, &[KeyCode::Enter]);
    let text = drill_support::screen(&mut app, 80, 24);
    assert!(text.contains("已发送：sizeup v1"), "{text}");
    assert!(!size_ups(&mut engine), "not before its hop");
    drill_support::run(&mut engine, 10);
    assert!(size_ups(&mut engine), "the town HQ has the size-up");
}

#[test]
fn each_bureau_holds_its_own_forecasts_and_nobody_else_sees_them() {
    let scenario = common::load("scenarios/flood-season-compound.ron");
    let mut sim = Sim::new(scenario, RunSeed::new(1));
    sim.run_until(36 * 60);
    let made = |sim: &Sim, kinds: &[&str]| {
        let forecasts = sim.events().iter().filter(|e| {
            matches!(&e.kind, EventKind::HazardForecast { hazard_kind, .. }
                if kinds.contains(hazard_kind))
        });
        forecasts.count()
    };
    let forecasts = |sim: &mut Sim, who: &str| {
        let role = sim.role(who).unwrap();
        let view = sim.observe(role);
        view.facts.iter().filter(|f| f.kind == "forecasts").count()
    };
    let bureaus: [(&str, &[&str]); 3] = [
        ("dept-weather", &["rainstorm", "debris_flow"]),
        ("dept-natres", &["landslide", "barrier_lake"]),
        ("dept-water", &["flood", "dam_break"]),
    ];
    for (bureau, kinds) in bureaus {
        let made = made(&sim, kinds);
        assert!(made > 0, "the scenario forecasts {kinds:?}");
        assert_eq!(forecasts(&mut sim, bureau), made, "{bureau}");
    }
    for who in ["county-commander", "hq-flood", "dept-health"] {
        assert_eq!(
            forecasts(&mut sim, who),
            0,
            "{who} sees a bureau's forecasts"
        );
    }
}

/// An exercise can expect the information verbs: a size-up typed by the town seat meets
/// `sizeup v1`.
#[test]
fn an_expected_size_up_is_met_when_the_seat_sends_it() {
    use drillsim::drill::engine::{Engine, Setup, drill_scenario};
    use drillsim::drill::i18n::Lang;
    use drillsim::drill::line::Command;
    let scenario = drill_support::load(drill_support::SMALL);
    let text = r#"Exercise(name: "t", duration: "2h", objectives: [(id: "F3", zh: "上报", en: "report")],
        injects: [(id: "S1", trigger: At("20m"), from: "hq", channel: Phone, to: "tc-t1",
            zh: "报告石坪村情况", en: "report on v1", objective: "F3",
            expects: [(action: "sizeup v1", within: "30m")])])"#;
    let exercise = drillsim::drill::msel::load_str(text, "t.ron", &scenario).unwrap();
    let setup = Setup {
        scenario: std::sync::Arc::new(drill_scenario(scenario, "tc-t1")),
        seed: 1,
        role: "tc-t1".into(),
        lang: Lang::En,
        exercise: Some(exercise),
    };
    let mut engine = Engine::new(setup, None).unwrap();
    drill_support::run(&mut engine, 25);
    engine.handle(Command::Order("sizeup v1".into()));
    drill_support::run(&mut engine, 2);
    let m = engine.msel().unwrap();
    let s1 = &m.injects[m.find("S1").unwrap()];
    assert_eq!(s1.expectations[0].met_at, Some(25));
}

/// An information verb's fate reaches the seat's inbox like an order's: a share refused (the
/// town holds no forecasts) with its reason in the seat's language, a size-up sent.
#[test]
fn a_refused_share_and_a_sent_size_up_reach_the_seats_inbox() {
    use drillsim::drill::engine::{Fate, InboxItem};
    use drillsim::drill::i18n::Lang;
    use drillsim::drill::line::Command;
    let mut engine = drill_support::engine(drill_support::SMALL, "tc-t1", Lang::Zh, None, None);
    drill_support::run(&mut engine, 30);
    engine.handle(Command::Order("share hq forecasts".into()));
    engine.handle(Command::Order("sizeup v1".into()));
    drill_support::run(&mut engine, 2);
    let fates: Vec<(String, Fate)> = engine
        .snapshot()
        .inbox
        .into_iter()
        .filter_map(|item| match item {
            InboxItem::Order { order, fate, .. } => Some((order, fate)),
            _ => None,
        })
        .collect();
    let refused = fates.iter().find(|(o, _)| o == "share hq forecasts");
    assert!(
        matches!(refused, Some((_, Fate::Refused { zh, .. })) if zh.contains("无可共享")),
        "{fates:?}"
    );
    assert!(
        fates
            .iter()
            .any(|(o, f)| o == "sizeup v1" && !matches!(f, Fate::Refused { .. })),
        "{fates:?}"
    );
}

/// A drill with information verbs — sent and refused — replays to the same journal entries and
/// the same event log.
#[test]
fn shares_and_size_ups_replay_exactly() {
    use drillsim::drill::i18n::Lang;
    use drillsim::drill::line::Command;
    let mut live = drill_support::engine(drill_support::SMALL, "tc-t1", Lang::En, None, None);
    drill_support::run(&mut live, 30);
    for order in [
        "share hq forecasts",
        "sizeup v1",
        "share hq incidents",
        "sitrep v1",
        "declare level III",
    ] {
        live.handle(Command::Order(order.into()));
        drill_support::run(&mut live, 3);
    }
    drill_support::run(&mut live, 20);
    let entries = live.entries.clone();
    let mut again = drill_support::engine(drill_support::SMALL, "tc-t1", Lang::En, None, None);
    again.replay(&entries, live.now()).unwrap();
    assert_eq!(again.entries, entries);
    assert_eq!(again.sim().events(), live.sim().events());
}
