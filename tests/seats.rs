//! Seats and authority: every seat of the organisation with what it may order and see
//! (`drillsim seats`), the authority table seat by seat, orders beyond a seat refused at once
//! (in the simulation and in the drill, with the reason in Chinese or English), and played
//! seats whose teams the doctrine leaves alone.

mod drill_support;

use std::process::Command;

use drill_support::*;
use drillsim::drill::i18n::Lang;
use drillsim::drill::journal::EntryKind;
use drillsim::drill::line::Command as Input;
use drillsim::scenario::{CommandKind, Scenario};
use drillsim::sim::command::authority::{AUTHORITY, Class, Reach, Verb, reach};
use drillsim::sim::command::{Chain, Role, authorise, seats};
use drillsim::sim::order::parse_order;
use drillsim::sim::{EventKind, GiveError, RunSeed, Sim};

const FLOOD: &str = "scenarios/flood-season-compound.ron";

fn drillsim(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_drillsim"))
        .args(args)
        .output()
        .expect("drillsim runs")
}

fn ids_of_kind(scenario: &Scenario, kind: &str) -> Vec<String> {
    seats(scenario)
        .into_iter()
        .filter(|s| s.kind == kind)
        .map(|s| s.id)
        .collect()
}

#[test]
fn the_county_organisation_is_listed_seat_by_seat() {
    let scenario = load(FLOOD);
    let list = seats(&scenario);
    assert_eq!(list[0].id, "controller");
    assert_eq!(list[1].id, "evaluator");
    assert_eq!(
        list.len(),
        2 + scenario.organisation.len(),
        "every command node is a seat"
    );
    assert_eq!(ids_of_kind(&scenario, "CountyHq"), ["hq"]);
    assert_eq!(ids_of_kind(&scenario, "DeputyHq"), ["hq-deputy"]);
    for (kind, id) in [
        ("EarthquakeHq", "hq-quake"),
        ("FloodDroughtHq", "hq-flood"),
        ("ForestFireHq", "hq-fire"),
        ("GeologicalHq", "hq-geo"),
        ("MilitaryLiaison", "mil-liaison"),
        ("NeighbourCounty", "neighbour-east"),
        ("Enterprise", "ent-hz01"),
    ] {
        assert_eq!(ids_of_kind(&scenario, kind), [id], "{kind}");
    }
    let departments: Vec<String> = list
        .iter()
        .filter(|s| s.kind.starts_with("Department("))
        .map(|s| s.id.clone())
        .collect();
    assert_eq!(departments.len(), 8, "{departments:?}");
    assert_eq!(ids_of_kind(&scenario, "TownCommand").len(), 20);
    let hq = list.iter().find(|s| s.id == "hq").unwrap();
    assert_eq!(hq.aliases, ["county-commander", "county-hq"]);
    assert_eq!(
        hq.forces.len(),
        scenario.teams.len(),
        "the HQ commands every team"
    );
    assert_eq!(hq.verbs.len(), 6);
    let quake = list.iter().find(|s| s.id == "hq-quake").unwrap();
    assert!(
        quake.verbs.iter().any(|v| v.verb == "declare"),
        "a specialised HQ launches the response for its hazard"
    );
    assert_eq!(quake.aliases, ["earthquake-hq"]);
    let transport = list.iter().find(|s| s.id == "dept-transport").unwrap();
    assert_eq!(transport.forces, ["pr09", "pr10", "pr11"]);
    assert_eq!(transport.kind_en, "transport bureau");
    assert!(transport.sees_en.contains("road states its patrols find"));
    let town = list.iter().find(|s| s.id == "tc-t01").unwrap();
    assert_eq!(town.forces, ["pr12", "so01", "so02"]);
    assert_eq!(town.parent.as_deref(), Some("hq"));
    let liaison = list.iter().find(|s| s.id == "mil-liaison").unwrap();
    assert!(liaison.forces.iter().all(|t| t.starts_with("mi")));
    assert!(
        liaison
            .verbs
            .iter()
            .any(|v| v.verb == "request-aid" && v.reach == "military")
    );
    let enterprise = list.iter().find(|s| s.id == "ent-hz01").unwrap();
    assert!(enterprise.verbs.is_empty() && enterprise.forces.is_empty());
    // Every seat says what it sees, in both languages.
    for seat in &list {
        assert!(
            !seat.sees_zh.is_empty() && !seat.sees_en.is_empty(),
            "{}",
            seat.id
        );
    }
}

#[test]
fn the_small_town_has_its_hq_and_its_town_command() {
    let scenario = load(SMALL);
    let ids: Vec<String> = seats(&scenario).into_iter().map(|s| s.id).collect();
    assert_eq!(ids, ["controller", "evaluator", "hq", "tc-t1"]);
    let town = seats(&scenario)
        .into_iter()
        .find(|s| s.id == "tc-t1")
        .unwrap();
    assert_eq!(town.forces, ["fire-town", "volunteers"]);
    assert_eq!(town.kind_zh, "乡镇指挥部");
    let verbs: Vec<(&str, &str)> = town.verbs.iter().map(|v| (v.verb, v.reach)).collect();
    assert_eq!(
        verbs,
        [
            ("dispatch", "own-teams"),
            ("recall", "own-teams"),
            ("field-post", "town-places"),
            ("priority", "town-places"),
        ]
    );
}

#[test]
fn drillsim_seats_prints_a_table_by_kind_and_json() {
    let output = drillsim(&["seats", FLOOD]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    for needle in [
        "county HQ (CountyHq, 1)",
        "earthquake relief HQ (EarthquakeHq, 1)",
        "flood and drought HQ (FloodDroughtHq, 1)",
        "forest fire HQ (ForestFireHq, 1)",
        "geological disaster HQ (GeologicalHq, 1)",
        "transport bureau (Department(Transport), 1)",
        "health commission (Department(Health), 1)",
        "town command (TownCommand, 20)",
        "military liaison (MilitaryLiaison, 1)",
        "  may order: dispatch, recall — its own teams; request-aid (military only)",
        "    tc-t17 ",
        "(--role county-commander, county-hq)",
        "share SEAT WHAT, sizeup/sitrep PLACE",
        "with request ORDER",
    ] {
        assert!(text.contains(needle), "no `{needle}` in:\n{text}");
    }
    assert!(
        text.find("county HQ (").unwrap() < text.find("town command (").unwrap(),
        "grouped HQs first"
    );
    let zh = drillsim(&["seats", SMALL, "--lang", "zh"]);
    let zh = String::from_utf8(zh.stdout).unwrap();
    assert!(zh.contains("乡镇指挥部 (TownCommand, 1)"), "{zh}");
    assert!(
        zh.contains("可下令: dispatch, recall — 本席位所属队伍"),
        "{zh}"
    );

    let json = drillsim(&["seats", SMALL, "--json"]);
    assert!(json.status.success());
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let seats = value.as_array().unwrap();
    assert_eq!(seats.len(), 4);
    assert_eq!(seats[3]["id"], "tc-t1");
    assert_eq!(
        seats[3]["forces"],
        serde_json::json!(["fire-town", "volunteers"])
    );

    for args in [
        &["seats", "scenarios/no-such.ron"][..],
        &["seats", SMALL, "--lang", "fr"],
    ] {
        let refused = drillsim(args);
        assert_eq!(refused.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(refused.stderr).unwrap();
        assert!(stderr.starts_with("error"), "{stderr}");
    }
}

/// Whether `seat` may give `order` in `scenario`: `Ok` or the reason in English.
fn verdict(scenario: &Scenario, chain: &Chain, seat: &str, order: &str) -> Result<(), String> {
    let role = if seat == "controller" {
        Role::Controller
    } else {
        Role::Node(chain.ids.iter().position(|id| id == seat).expect(seat))
    };
    let order = parse_order(order).unwrap();
    assert!(order.unknown_ids(scenario).is_empty(), "{order}");
    authorise(scenario, chain, role, &order).map_err(|b| b.text(false))
}

#[test]
fn every_authority_rule_seat_by_order() {
    let scenario = load(FLOOD);
    let chain = Chain::build(&scenario);
    let ok = "";
    // Seat, order, and "" when allowed or the reason.
    let table: &[(&str, &str, &str)] = &[
        ("controller", "declare level I", ok),
        ("controller", "dispatch mi01 to t01", ok),
        ("hq", "declare level III", ok),
        ("hq", "dispatch ma01 to t02v01", ok),
        ("hq", "request-aid aviation", ok),
        ("hq-deputy", "declare level II", ok),
        ("hq-deputy", "recall so01", ok),
        ("hq-quake", "declare level III", ok),
        ("hq-quake", "dispatch fr01 to t01", ok),
        ("hq-quake", "request-aid military", ok),
        ("hq-flood", "field-post t02v01 commander fr05", ok),
        ("hq-geo", "priority t02v01 5", ok),
        ("dept-fire", "dispatch fr01 to t01", ok),
        ("dept-fire", "recall fr02", ok),
        (
            "dept-fire",
            "dispatch pr01 to t01",
            "pr01 is not among the fire and rescue brigade's (dept-fire) forces: tasking it is the county HQ's (hq)",
        ),
        (
            "dept-fire",
            "declare level IV",
            "declaring a response level is the county HQ's (hq)",
        ),
        (
            "dept-fire",
            "priority t01 3",
            "setting a priority is the county HQ's (hq)",
        ),
        ("dept-health", "dispatch pr01 to t01", ok),
        ("dept-transport", "dispatch pr09 clear r001", ok),
        (
            "dept-transport",
            "field-post t01 commander pr09",
            "setting up a field post is the county HQ's (hq)",
        ),
        (
            "dept-police",
            "dispatch fr01 to t01",
            "fr01 is not among the public security bureau's (dept-police) forces: tasking it is the county HQ's (hq)",
        ),
        (
            "dept-weather",
            "recall pr09",
            "pr09 is not among the meteorological bureau's (dept-weather) forces: tasking it is the county HQ's (hq)",
        ),
        ("tc-t01", "dispatch so01 to t01v03", ok),
        ("tc-t01", "recall pr12", ok),
        (
            "tc-t01",
            "dispatch fr01 to t01",
            "fr01 is not among the town command's (tc-t01) forces: tasking it is the county HQ's (hq)",
        ),
        (
            "tc-t01",
            "dispatch fr05 to t01",
            "fr05 is not among the town command's (tc-t01) forces: tasking it is the county HQ's (hq)",
        ),
        (
            "tc-t01",
            "declare level III",
            "declaring a response level is the county HQ's (hq)",
        ),
        (
            "tc-t01",
            "request-aid aviation",
            "requesting aid is the county HQ's (hq)",
        ),
        ("tc-t01", "field-post t01v02 commander so01", ok),
        ("tc-t01", "priority t01v05 4", ok),
        ("tc-t01", "priority t01 4", ok),
        (
            "tc-t01",
            "priority t02v01 4",
            "t02v01 is outside the town command's (tc-t01) area: this order there is the county HQ's (hq)",
        ),
        ("vc-t01v01", "priority t01v01 5", ok),
        (
            "vc-t01v01",
            "priority t01v02 5",
            "t01v02 is outside the village command's (vc-t01v01) area: this order there is the town command's (tc-t01)",
        ),
        (
            "vc-t01v01",
            "dispatch so01 to t01v01",
            "dispatching teams is the town command's (tc-t01)",
        ),
        (
            "vc-t01v01",
            "dispatch fr01 to t01v01",
            "dispatching teams is the county HQ's (hq)",
        ),
        ("mil-liaison", "request-aid military", ok),
        (
            "mil-liaison",
            "request-aid aviation",
            "requesting aviation aid is the county HQ's (hq)",
        ),
        ("mil-liaison", "dispatch mi01 to t01", ok),
        (
            "mil-liaison",
            "dispatch fr01 to t01",
            "fr01 is not among the military liaison's (mil-liaison) forces: tasking it is the county HQ's (hq)",
        ),
        ("neighbour-east", "dispatch ma01 to t20", ok),
        (
            "neighbour-east",
            "recall mi01",
            "mi01 is not among the neighbouring county's (neighbour-east) forces: tasking it is the county HQ's (hq)",
        ),
        (
            "neighbour-east",
            "declare level I",
            "declaring a response level is the county HQ's (hq)",
        ),
        (
            "ent-hz01",
            "dispatch fr01 to t09",
            "dispatching teams is the county HQ's (hq)",
        ),
        (
            "ent-hz01",
            "priority t09 1",
            "setting a priority is the county HQ's (hq)",
        ),
        (
            "ent-hz01",
            "request-aid mutual-aid",
            "requesting aid is the county HQ's (hq)",
        ),
    ];
    let mut wrong = Vec::new();
    for (seat, order, want) in table {
        let got = verdict(&scenario, &chain, seat, order);
        let want = if want.is_empty() {
            Ok(())
        } else {
            Err(want.to_string())
        };
        if got != want {
            wrong.push(format!("{seat} `{order}`: got {got:?}, want {want:?}"));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));

    // Every class of seat has one row, and every kind a class.
    for (class, _) in AUTHORITY {
        assert_eq!(AUTHORITY.iter().filter(|(c, _)| *c == class).count(), 1);
    }
    assert_eq!(Class::of(CommandKind::FieldPost), Class::FieldPost);
    assert_eq!(
        reach(CommandKind::FieldPost, Verb::Priority),
        Reach::OwnPlace
    );
    assert_eq!(reach(CommandKind::FieldPost, Verb::Dispatch), Reach::No);
}

#[test]
fn a_refusal_names_the_holder_in_chinese() {
    let scenario = load(SMALL);
    let chain = Chain::build(&scenario);
    let order = parse_order("declare level III").unwrap();
    let town = Role::Node(chain.ids.iter().position(|id| id == "tc-t1").unwrap());
    let beyond = authorise(&scenario, &chain, town, &order).unwrap_err();
    assert_eq!(beyond.text(true), "宣布响应级别属县应急指挥部（hq）权限");
    assert_eq!(
        beyond.text(false),
        "declaring a response level is the county HQ's (hq)"
    );
    let county_team = parse_order("dispatch fire-county to v1").unwrap();
    let beyond = authorise(&scenario, &chain, town, &county_team).unwrap_err();
    assert_eq!(
        beyond.text(true),
        "fire-county不归乡镇指挥部（tc-t1）指挥，调动它属县应急指挥部（hq）权限"
    );
}

#[test]
fn an_order_beyond_the_seat_is_refused_at_once_and_never_queued() {
    let mut sim = Sim::new(load(SMALL), RunSeed::new(1));
    let town = sim.role("tc-t1").unwrap();
    let refused = sim.apply_as(parse_order("declare level III").unwrap(), town, "tc-t1");
    assert!(matches!(refused, Err(GiveError::Beyond(_))), "{refused:?}");
    let unknown = sim.apply_as(parse_order("recall nobody").unwrap(), town, "tc-t1");
    assert!(matches!(unknown, Err(GiveError::Unknown(_))), "{unknown:?}");
    sim.apply_as(parse_order("recall volunteers").unwrap(), town, "tc-t1")
        .unwrap();
    let issued: Vec<(&str, String)> = sim
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::OrderIssued { by, order, .. } => Some((*by == "tc-t1", order.clone())),
            _ => None,
        })
        .map(|(mine, order)| (if mine { "tc-t1" } else { "other" }, order))
        .collect();
    assert_eq!(issued, [("tc-t1", "recall volunteers".to_string())]);
    // Scripts act as the county HQ, as before.
    sim.apply(parse_order("declare level III").unwrap())
        .unwrap();
}

/// Orders the doctrine issued to `team` in `sim`'s event log.
fn doctrine_orders_to(sim: &Sim, team: &str) -> Vec<(u32, String)> {
    sim.events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::OrderIssued { source, order, .. }
                if *source == "doctrine" && order.split(' ').nth(1) == Some(team) =>
            {
                Some((e.t, order.clone()))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn the_doctrine_never_tasks_the_teams_of_a_played_seat() {
    let scenario = load(SMALL);
    // Unplayed, the doctrine sends the town's volunteers (so the check below means something).
    let mut free = Sim::new(scenario.clone(), RunSeed::new(1));
    free.run_until(4 * 60);
    assert!(!doctrine_orders_to(&free, "volunteers").is_empty());

    let mut played = Sim::new(scenario, RunSeed::new(1));
    let town = played.role("tc-t1").unwrap();
    played.play(town);
    played.run_until(4 * 60);
    assert_eq!(doctrine_orders_to(&played, "volunteers"), []);
    assert_eq!(doctrine_orders_to(&played, "fire-town"), []);
    assert!(
        !doctrine_orders_to(&played, "fire-county").is_empty(),
        "the county's own teams are still the doctrine's"
    );
}

#[test]
fn a_recall_by_the_town_is_never_undone_by_the_doctrine() {
    // Issue 13, item 4: as tc-t1 on the small town, `recall volunteers` at T+01:00 was followed
    // by the doctrine re-sending them at T+01:16.
    let mut engine = engine(SMALL, "tc-t1", Lang::Zh, Some(FIELD_EXERCISE), None);
    run(&mut engine, 30);
    engine.handle(Input::Order("dispatch volunteers to v1".into()));
    run(&mut engine, 30);
    engine.handle(Input::Order("recall volunteers".into()));
    run(&mut engine, 180);
    let sim = engine.sim();
    assert_eq!(doctrine_orders_to(sim, "volunteers"), []);
    let last = sim.events().iter().rev().find_map(|e| match &e.kind {
        EventKind::OrderIssued { order, .. } if order.contains("volunteers") => Some(order.clone()),
        _ => None,
    });
    assert_eq!(last.as_deref(), Some("recall volunteers"));
}

#[test]
fn a_town_seat_declaring_a_level_is_refused_in_the_drill_with_the_reason() {
    for (lang, shown) in [
        (
            Lang::Zh,
            "超出本席位权限：declare level III（宣布响应级别属县应急指挥部（hq）权限）；可改用 `request declare level III`",
        ),
        (
            Lang::En,
            "beyond this seat's authority: declare level III (declaring a response level is the county HQ's (hq)); ask instead with `request declare level III`",
        ),
    ] {
        let mut engine = engine(SMALL, "tc-t1", lang, Some(FIELD_EXERCISE), None);
        run(&mut engine, 10);
        engine.handle(Input::Order("declare level III".into()));
        let feedback = engine.snapshot().feedback.unwrap();
        assert!(!feedback.ok);
        assert_eq!(feedback.text, shown);
        let refused: Vec<_> = engine
            .entries
            .iter()
            .filter_map(|e| match &e.kind {
                EntryKind::Refused { order, by, reason } => Some((order, by, reason)),
                _ => None,
            })
            .collect();
        assert_eq!(refused.len(), 1, "{refused:?}");
        assert_eq!(refused[0].0, "declare level III");
        assert_eq!(refused[0].1, "tc-t1");
        assert_eq!(
            refused[0].2,
            "declaring a response level is the county HQ's (hq)"
        );
        let given_by_town = engine.sim().events().iter().any(
            |e| matches!(&e.kind, EventKind::OrderIssued { source, .. } if *source == "tc-t1"),
        );
        assert!(!given_by_town, "never queued");
        // Within its authority, the same seat's order is given.
        engine.handle(Input::Order("priority v1 5".into()));
        assert!(engine.snapshot().feedback.unwrap().ok);
    }
}

/// The requests and answers in `sim`'s event log: (minute, kind, by, to, order, granted, reason).
fn request_events(sim: &Sim) -> Vec<(u32, &'static str, String, String, String, bool, String)> {
    sim.events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::RequestSent { by, to, order, .. } => Some((
                e.t,
                "sent",
                by.clone(),
                to.clone(),
                order.clone(),
                false,
                String::new(),
            )),
            EventKind::RequestAnswered {
                to,
                by,
                order,
                granted,
                reason,
            } => Some((
                e.t,
                "answered",
                by.clone(),
                to.clone(),
                order.clone(),
                *granted,
                reason.clone(),
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn a_request_climbs_to_the_holder_who_gives_the_order_and_answers() {
    let scenario = load(SMALL);
    let hop = scenario.plan.reporting.phone_hop.as_minutes().max(1);
    let mut sim = Sim::new(scenario, RunSeed::new(1));
    sim.run_until(10);
    let town = sim.role("tc-t1").unwrap();
    let declare = parse_order("declare level III").unwrap();
    let reaches = sim.request_as(declare, town, "tc-t1").unwrap();
    assert_eq!(reaches, 10 + hop);
    sim.run_until(10 + 3 * hop);
    let events = request_events(&sim);
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[0].0, 10);
    assert_eq!(
        (events[0].2.as_str(), events[0].3.as_str()),
        ("tc-t1", "hq")
    );
    assert_eq!(events[1].0, 10 + 2 * hop, "the answer takes as long back");
    assert_eq!(
        (events[1].2.as_str(), events[1].3.as_str()),
        ("hq", "tc-t1")
    );
    assert!(events[1].5, "granted: {events:?}");
    let given = sim.events().iter().any(|e| {
        e.t == 10 + hop
            && matches!(&e.kind, EventKind::OrderIssued { source, by, order, .. }
                if *source == "request" && by == "hq" && order == "declare level III")
    });
    assert!(given, "the HQ gave the order when the request reached it");
    // Within the seat's authority, a request is just the order, given now.
    let own = parse_order("recall volunteers").unwrap();
    assert_eq!(sim.request_as(own, town, "tc-t1").unwrap(), sim.now());
}

#[test]
fn a_request_the_holder_cannot_grant_is_refused_with_the_reason() {
    let mut sim = Sim::new(load(FLOOD), RunSeed::new(1));
    let town = sim.role("tc-t01").unwrap();
    // Army units are held until a level is declared or aid requested.
    let army = parse_order("dispatch mi01 to t01").unwrap();
    sim.request_as(army, town, "tc-t01").unwrap();
    sim.run_until(30);
    let events = request_events(&sim);
    let answer = events.iter().find(|e| e.1 == "answered").expect("answered");
    assert_eq!((answer.2.as_str(), answer.3.as_str()), ("hq", "tc-t01"));
    assert!(!answer.5);
    assert_eq!(
        answer.6,
        "mi01 has not been released: a level must be declared or aid requested first"
    );
}

#[test]
fn a_request_to_a_played_seat_waits_for_the_person() {
    let mut sim = Sim::new(load(SMALL), RunSeed::new(1));
    let (town, hq) = (sim.role("tc-t1").unwrap(), sim.role("hq").unwrap());
    sim.play(hq);
    sim.request_as(parse_order("declare level III").unwrap(), town, "tc-t1")
        .unwrap();
    sim.run_until(60);
    let events = request_events(&sim);
    assert_eq!(
        events.len(),
        1,
        "sent, never answered by the doctrine: {events:?}"
    );
    // The controller never needs to ask.
    let at = sim.now();
    let order = parse_order("declare level IV").unwrap();
    assert_eq!(
        sim.request_as(order, Role::Controller, "controller"),
        Ok(at)
    );
}

#[test]
fn a_refusal_beyond_authority_replays_the_same() {
    let mut live = engine(SMALL, "tc-t1", Lang::En, Some(FIELD_EXERCISE), None);
    run(&mut live, 10);
    live.handle(Input::Order("declare level III".into()));
    live.handle(Input::Order("dispatch fire-county to v1".into()));
    run(&mut live, 20);
    let refused = live
        .entries
        .iter()
        .filter(|e| matches!(&e.kind, EntryKind::Refused { by, .. } if by == "tc-t1"))
        .count();
    assert_eq!(refused, 2);
    let entries = live.entries.clone();
    let mut again = engine(SMALL, "tc-t1", Lang::En, Some(FIELD_EXERCISE), None);
    again.replay(&entries, live.now()).unwrap();
    assert_eq!(again.entries, entries);
}

#[test]
fn each_seat_hears_of_its_own_teams_and_the_deputy_sits_with_the_hq() {
    let scenario = load("scenarios/county-quake.ron");
    let mut sim = Sim::new(scenario.clone(), RunSeed::new(1));
    sim.run_until(240);
    let teams_of = |sim: &mut Sim, seat: &str| -> Vec<String> {
        let role = sim.role(seat).unwrap();
        sim.observe(role)
            .teams
            .into_iter()
            .map(|t| t.team)
            .collect()
    };
    let kind_of = |id: &str| scenario.teams.iter().find(|t| t.id == id).unwrap().kind;
    let army = teams_of(&mut sim, "mil-liaison");
    assert!(!army.is_empty(), "the liaison hears of the army units");
    assert!(
        army.iter()
            .all(|t| kind_of(t) == drillsim::scenario::TeamKind::Military),
        "the liaison sees only army units, not the county's teams based beside it: {army:?}"
    );
    let neighbour = teams_of(&mut sim, "neighbour-east");
    assert!(
        neighbour
            .iter()
            .all(|t| kind_of(t) == drillsim::scenario::TeamKind::MutualAid),
        "{neighbour:?}"
    );
    let hq = sim.role("hq").unwrap();
    let deputy = sim.role("hq-deputy").unwrap();
    let (hq_view, deputy_view) = (sim.observe(hq), sim.observe(deputy));
    assert!(!hq_view.incidents.is_empty());
    assert_eq!(
        hq_view.incidents, deputy_view.incidents,
        "the deputy sits with the HQ and sees what is reported to it"
    );
    assert_eq!(hq_view.teams, deputy_view.teams);
}

#[test]
fn an_unknown_role_lists_only_the_aliases_the_scenario_has() {
    let small = Sim::new(load("scenarios/small-town.ron"), RunSeed::new(1));
    let message = small.role("nobody").unwrap_err().to_string();
    assert!(
        message.starts_with(
            "no role `nobody`; roles are controller, evaluator, county-commander, county-hq, or a \
             command node id such as hq, tc-t1"
        ),
        "{message}"
    );
    assert!(!message.contains("flood-hq"), "{message}");
    let flood = Sim::new(load(FLOOD), RunSeed::new(1));
    let message = flood.role("nobody").unwrap_err().to_string();
    assert!(
        message.contains("earthquake-hq") && message.contains("flood-hq"),
        "{message}"
    );
}
