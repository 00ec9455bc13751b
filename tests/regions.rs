//! Regions of several counties: one county HQ per county, each place's reports ending at its own
//! county's HQ; reinforcement echelons held off the map and entering through their entry points;
//! requests for support climbing the chain and answered with latency, or refused with the reason.

mod common;

use drillsim::scenario;
use drillsim::sim::{EventKind, Order, RunSeed, Sim};

const TWO_COUNTY: &str = "scenarios/two-county-quake.ron";

/// small-town.ron with a second county (seat `county2`, town `t2`) and `nodes` as its
/// organisation.
fn two_small_counties(nodes: &str) -> Result<scenario::Loaded, scenario::Diagnostics> {
    let second = r#"(id: "county2", name: "邻县城", kind: County, x_km: 40.0, y_km: 10.0, population: 1000,
                housing: [(class: "rc_frame_lowcode", share: 1.0)]),
            (id: "t2", name: "邻县镇", kind: Town, parent: "county2", x_km: 35.0, y_km: 12.0, population: 500,
                housing: [(class: "urm_lowcode", share: 1.0)]),
            // A town (乡镇) under the county seat, in a mountain valley."#;
    let text = common::small_town_with(
        "// A town (乡镇) under the county seat, in a mountain valley.",
        second,
    );
    let old =
        r#"(id: "hq", name: "县应急指挥部", kind: CountyHq, place: "county", duty_staff: 6),"#;
    assert!(text.contains(old), "small-town.ron's county HQ line moved");
    scenario::load_str(&text.replace(old, nodes), "small-town.ron")
}

fn errors(nodes: &str) -> String {
    match two_small_counties(nodes) {
        Ok(_) => panic!("validated:\n{nodes}"),
        Err(d) => d.to_string(),
    }
}

#[test]
fn two_counties_with_an_hq_each_validate() {
    let loaded = two_small_counties(
        r#"(id: "prefecture", name: "市指挥部", kind: PrefectureHq),
           (id: "hq", name: "县应急指挥部", kind: CountyHq, parent: "prefecture", place: "county", duty_staff: 6),
           (id: "hq2", name: "邻县应急指挥部", kind: CountyHq, parent: "prefecture", place: "county2"),"#,
    )
    .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(loaded.scenario.region.counties().count(), 2);
    let shipped = common::load(TWO_COUNTY);
    assert_eq!(shipped.region.counties().count(), 2);
}

#[test]
fn a_county_without_an_hq_is_refused() {
    let got = errors(
        r#"(id: "hq", name: "县应急指挥部", kind: CountyHq, place: "county", duty_staff: 6),"#,
    );
    assert!(
        got.contains("organisation.nodes")
            && got.contains("county `county2`")
            && got.contains("has no county HQ")
            && got.contains(r#"place: "county2""#),
        "{got}"
    );
}

#[test]
fn a_county_hq_away_from_its_seat_is_refused_in_a_region_of_several_counties() {
    let got = errors(
        r#"(id: "hq", name: "县应急指挥部", kind: CountyHq, place: "county", duty_staff: 6),
           (id: "hq2", name: "邻县应急指挥部", kind: CountyHq, place: "t2"),"#,
    );
    assert!(
        got.contains("organisation.nodes[1].place")
            && got.contains("`t2` is a Town, not a county seat")
            && got.contains("`county2`"),
        "{got}"
    );
}

#[test]
fn two_hqs_for_one_county_are_refused() {
    let got = errors(
        r#"(id: "hq", name: "县应急指挥部", kind: CountyHq, place: "county", duty_staff: 6),
           (id: "hq2", name: "邻县应急指挥部", kind: CountyHq, place: "county2"),
           (id: "hq3", name: "又一个指挥部", kind: CountyHq, place: "county2"),"#,
    );
    assert!(
        got.contains("organisation.nodes[2].place")
            && got
                .contains("`hq3` is a second county HQ for county `county2` (the first is `hq2`)"),
        "{got}"
    );
}

/// The two-county scenario with its forces part replaced by `forces`, loaded from a copy in a
/// folder of its own.
fn two_county_with_forces(
    forces: &str,
    tag: &str,
) -> Result<scenario::Loaded, scenario::Diagnostics> {
    let dir = std::env::temp_dir().join(format!("drillsim-regions-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("two-county")).unwrap();
    std::fs::create_dir_all(dir.join("plans")).unwrap();
    for name in [
        "region.ron",
        "facilities.ron",
        "organisation.ron",
        "hazards-quake.ron",
    ] {
        let from = format!("scenarios/two-county/{name}");
        std::fs::copy(&from, dir.join("two-county").join(name)).unwrap();
    }
    std::fs::write(dir.join("two-county/forces.ron"), forces).unwrap();
    std::fs::copy(
        "scenarios/plans/county-default.ron",
        dir.join("plans/county-default.ron"),
    )
    .unwrap();
    std::fs::copy(TWO_COUNTY, dir.join("two-county-quake.ron")).unwrap();
    let loaded = scenario::load(&dir.join("two-county-quake.ron"), None);
    let _ = std::fs::remove_dir_all(&dir);
    loaded
}

fn forces_part() -> String {
    std::fs::read_to_string("scenarios/two-county/forces.ron").unwrap()
}

#[test]
fn an_echelon_naming_an_unknown_hq_is_refused_with_its_path() {
    let part = forces_part().replace(r#"held_by: "province""#, r#"held_by: "provinse""#);
    let diagnostics = scenario::check_text(&part, "forces.ron");
    // A part on its own cannot see the organisation; the whole scenario can.
    assert!(!diagnostics.has_errors(), "{diagnostics}");
    let got = match two_county_with_forces(&part, "unknown") {
        Ok(_) => panic!("validated with an unknown HQ"),
        Err(d) => d.to_string(),
    };
    assert!(
        got.contains(".echelon.held_by")
            && got.contains("unknown node `provinse`")
            && got.contains("did you mean `province`?"),
        "{got}"
    );
    // A level release must name an HQ that declares levels.
    let part = forces_part().replace(r#"Level(hq: "xl-hq""#, r#"Level(hq: "xl-pla""#);
    let got = match two_county_with_forces(&part, "liaison") {
        Ok(_) => panic!("validated a level declared by the army liaison"),
        Err(d) => d.to_string(),
    };
    assert!(
        got.contains(".echelon.released_by[0].hq")
            && got.contains("`xl-pla` is a MilitaryLiaison, which declares no levels"),
        "{got}"
    );
}

#[test]
fn an_echelon_nothing_releases_is_warned_of() {
    let part = forces_part().replace("released_by: [Request]", "released_by: []");
    assert_ne!(part, forces_part());
    let loaded = two_county_with_forces(&part, "empty").unwrap_or_else(|d| panic!("{d}"));
    let warnings = loaded.warnings.to_string();
    assert!(
        warnings.contains(".echelon.released_by")
            && warnings.contains("nothing releases this echelon"),
        "{warnings}"
    );
}

/// The place an incident id (`PLACE/HAZARD`) names.
fn place_of(incident: &str) -> &str {
    incident.split('/').next().unwrap_or(incident)
}

#[test]
fn each_county_reports_go_to_its_own_hq() {
    let scenario = common::load(TWO_COUNTY);
    let mut sim = Sim::new(scenario.clone(), RunSeed::new(1));
    sim.run_until(6 * 60);
    let places = &scenario.region.places;
    let county_of = |id: &str| {
        let p = places.iter().position(|p| p.id == id).unwrap();
        scenario.region.county_of(p).map(|c| places[c].id.clone())
    };
    let hq_county = |hq: &str| {
        let node = scenario.organisation.iter().find(|n| n.id == hq).unwrap();
        scenario
            .region
            .county_of(node.place)
            .map(|c| places[c].id.clone())
    };
    let mut reached = std::collections::BTreeSet::new();
    for event in sim.events() {
        if let EventKind::ReportReceived { incident, by, .. } = &event.kind
            && by.ends_with("-hq")
        {
            assert_eq!(
                county_of(place_of(incident)),
                hq_county(by),
                "{incident} reported to {by}"
            );
            reached.insert(by.clone());
        }
    }
    assert_eq!(
        reached.into_iter().collect::<Vec<_>>(),
        ["dc-hq", "xl-hq"],
        "the quake under the county line is reported to both HQs"
    );
    // Each county HQ's doctrine tasks its own county's teams.
    for event in sim.events() {
        if let EventKind::OrderIssued { by, order, .. } = &event.kind
            && let Some(team) = order.strip_prefix("dispatch ")
            && let Some(team) = team.split(' ').next()
            && let Some(t) = scenario.teams.iter().find(|t| t.id == team)
            && t.echelon.is_none()
        {
            assert_eq!(
                county_of(&places[t.base].id),
                hq_county(by),
                "{by} ordered {order}"
            );
        }
    }
}

#[test]
fn echelons_enter_at_their_entry_point_no_sooner_than_mobilisation_plus_approach() {
    let scenario = common::load(TWO_COUNTY);
    let mut sim = Sim::new(scenario.clone(), RunSeed::new(1));
    sim.run_until(30 * 60);
    let mut causes = std::collections::BTreeSet::new();
    let mut entered = 0;
    for event in sim.events() {
        let EventKind::EchelonReleased {
            team, cause, entry, ..
        } = &event.kind
        else {
            continue;
        };
        causes.insert(*cause);
        let spec = scenario.teams.iter().find(|t| &t.id == team).unwrap();
        let echelon = spec.echelon.as_ref().unwrap();
        assert_eq!(entry, &scenario.region.places[spec.base].id);
        let at = sim
            .events()
            .iter()
            .find_map(|e| match &e.kind {
                EventKind::EchelonEntered { team: t, place, .. } if t == team => {
                    Some((e.t, place.clone()))
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("{team} released at {} never entered", event.t));
        assert!(
            at.0 >= event.t + spec.mobilisation_min + echelon.approach_min,
            "{team} released at {} entered at {}",
            event.t,
            at.0
        );
        assert_eq!(at.1, *entry, "{team} entered away from its entry point");
        entered += 1;
    }
    assert!(entered >= 3, "{entered} echelons entered");
    assert_eq!(
        causes.into_iter().collect::<Vec<_>>(),
        ["level", "request"],
        "released by a declared level and by a request"
    );
    // A team held off the map does nothing before it enters: no dispatch precedes its entry.
    for team in scenario.teams.iter().filter(|t| t.echelon.is_some()) {
        let entered = sim.events().iter().find_map(|e| match &e.kind {
            EventKind::EchelonEntered { team: t, .. } if *t == team.id => Some(e.t),
            _ => None,
        });
        for e in sim.events() {
            if let EventKind::TeamDispatched { team: t, .. } = &e.kind
                && *t == team.id
            {
                assert!(
                    entered.is_some_and(|at| at <= e.t),
                    "{t} tasked off the map"
                );
            }
        }
    }
}

/// A sim of the two-county scenario whose county HQs people play (their doctrine asks for
/// nothing), with the request `order` given as `seat` at minute 0.
fn requested(order: &str, seat: &str) -> Sim {
    let scenario = common::load(TWO_COUNTY);
    let mut sim = Sim::new(scenario, RunSeed::new(1));
    for hq in ["xl-hq", "dc-hq"] {
        let role = sim.role(hq).unwrap();
        sim.play(role);
    }
    let order = drillsim::sim::order::parse_order(order).unwrap();
    assert!(matches!(order, Order::RequestSupport { .. }));
    let role = sim.role(seat).unwrap();
    sim.request_as(order, role, "test").unwrap();
    sim.run_until(90);
    sim
}

#[test]
fn a_request_climbs_to_the_hq_holding_echelons_and_is_answered_with_latency() {
    let hop = common::load(TWO_COUNTY)
        .plan
        .reporting
        .phone_hop
        .as_minutes();
    // The prefecture and the province hold no professional echelon: the nation does.
    let sim = requested("request-support prefecture professional 1", "xl-hq");
    let sent: Vec<(u32, &str, &str)> = sim
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::RequestSent { by, to, .. } => Some((e.t, by.as_str(), to.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        sent,
        [
            (0, "xl-hq", "prefecture"),
            (hop, "prefecture", "province"),
            (2 * hop, "province", "nation")
        ]
    );
    let released = sim.events().iter().find_map(|e| match &e.kind {
        EventKind::EchelonReleased {
            team,
            by,
            cause,
            to,
            ..
        } => Some((e.t, team.as_str(), by.as_str(), *cause, to.as_str())),
        _ => None,
    });
    assert_eq!(
        released,
        Some((3 * hop, "natl-usar", "nation", "request", "xl-hq"))
    );
    let answered = sim.events().iter().find_map(|e| match &e.kind {
        EventKind::RequestAnswered {
            to, by, granted, ..
        } => Some((e.t, to.as_str(), by.as_str(), *granted)),
        _ => None,
    });
    // The answer comes back down the three links.
    assert_eq!(answered, Some((6 * hop, "xl-hq", "nation", true)));
    assert_eq!(sim.request_answers().len(), 1);
}

#[test]
fn a_refused_request_says_why() {
    // Nobody above holds aviation: the request climbs to the nation, which refuses.
    let sim = requested("request-support prefecture aviation 1", "dc-hq");
    let answer = &sim.request_answers()[0];
    let (zh, en) = answer.refused.clone().expect("refused");
    assert_eq!(
        en,
        "nation holds no aviation echelon, and has no HQ above it to ask"
    );
    assert!(zh.contains("nation") && zh.contains("没有"), "{zh}");
    // Across: the army liaison holds only its engineers; asked for fire-rescue, it refuses at
    // once (one hop each way) and passes nothing up.
    let sim = requested("request-support xl-pla comprehensive 1", "xl-hq");
    let refusal = sim.events().iter().find_map(|e| match &e.kind {
        EventKind::RequestAnswered {
            granted: false,
            reason,
            by,
            ..
        } => Some((e.t, by.clone(), reason.clone())),
        _ => None,
    });
    let hop = sim_hop();
    assert_eq!(
        refusal,
        Some((
            2 * hop,
            "xl-pla".to_string(),
            "xl-pla holds no comprehensive echelon, and has no HQ above it to ask".to_string()
        ))
    );
    // Asked for what it holds, it grants: the army engineers go to the asking county.
    let sim = requested("request-support xl-pla military 1", "xl-hq");
    assert!(sim.events().iter().any(|e| matches!(
        &e.kind,
        EventKind::EchelonReleased { team, to, .. } if team == "pla-eng" && to == "xl-hq"
    )));
}

fn sim_hop() -> u32 {
    common::load(TWO_COUNTY)
        .plan
        .reporting
        .phone_hop
        .as_minutes()
}

#[test]
fn the_shipped_two_county_scenario_runs_with_levels_requests_and_echelons() {
    let mut sim = common::run(common::load(TWO_COUNTY), 1);
    let events = sim.events();
    let any = |f: &dyn Fn(&EventKind) -> bool| events.iter().any(|e| f(&e.kind));
    assert!(any(&|k| matches!(k, EventKind::LevelDeclared { .. })));
    assert!(any(&|k| matches!(
        k,
        EventKind::EchelonReleased { cause: "level", .. }
    )));
    assert!(any(&|k| matches!(
        k,
        EventKind::RequestSent { by, .. } if by.ends_with("-hq")
    )));
    assert!(any(&|k| matches!(
        k,
        EventKind::RequestAnswered { granted: true, .. }
    )));
    assert!(any(&|k| matches!(k, EventKind::EchelonEntered { .. })));
    // An echelon that entered reached a task.
    let entered: Vec<&str> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::EchelonEntered { team, .. } => Some(team.as_str()),
            _ => None,
        })
        .collect();
    assert!(any(&|k| matches!(
        k,
        EventKind::TeamArrived { team, .. } if entered.contains(&team.as_str())
    )));
    assert!(sim.outcome().kpis.deaths.is_some());
}

/// The issue's Done-when, on the shipped scenario: every government declares on both ladders,
/// and each ladder is raised somewhere and ended everywhere within the scenario's twelve days;
/// an echelon released by a declared level enters at its entry point no sooner than its release
/// allows; a request for support is answered.
#[test]
fn the_two_county_log_shows_both_ladders_declared_raised_and_ended_echelons_and_an_answer() {
    let scenario = common::load(TWO_COUNTY);
    let entries: Vec<(String, String)> = scenario
        .teams
        .iter()
        .filter(|t| t.echelon.is_some())
        .map(|t| (t.id.clone(), scenario.region.places[t.base].id.clone()))
        .collect();
    let sim = common::run(scenario, 1);
    let events = sim.events();
    let changes: Vec<(&str, &str, &str)> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::LevelChanged {
                government,
                ladder,
                change,
                ..
            } => Some((*government, *ladder, *change)),
            _ => None,
        })
        .collect();
    for government in ["county", "prefecture", "province", "nation"] {
        for ladder in ["earthquake", "relief"] {
            for change in ["declared", "ended"] {
                assert!(
                    changes.contains(&(government, ladder, change)),
                    "no {government} {ladder} {change}: {changes:?}"
                );
            }
        }
    }
    for ladder in ["earthquake", "relief"] {
        assert!(
            changes.iter().any(|c| c.1 == ladder && c.2 == "raised"),
            "no {ladder} level raised: {changes:?}"
        );
    }
    // Released by a declaration, entered where its file says, when its release said.
    let released: Vec<(&str, &str, u32, u32)> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::EchelonReleased {
                team,
                cause: "level",
                entry,
                enters_at,
                ..
            } => Some((team.as_str(), entry.as_str(), e.t, *enters_at)),
            _ => None,
        })
        .collect();
    assert!(!released.is_empty(), "no echelon released by a level");
    for (team, entry, at, enters_at) in released {
        assert!(
            entries.contains(&(team.to_string(), entry.to_string())),
            "{team} at {entry}"
        );
        assert!(
            enters_at > at,
            "{team} enters at {enters_at}, released at {at}"
        );
        assert!(
            events.iter().any(|e| e.t == enters_at
                && matches!(&e.kind, EventKind::EchelonEntered { team: t, place, .. }
                    if t == team && place == entry)),
            "{team} did not enter at {entry} at {enters_at}"
        );
    }
    assert!(
        events
            .iter()
            .any(|e| matches!(&e.kind, EventKind::RequestAnswered { granted: true, .. }))
    );
}

#[test]
fn echelons_are_commanded_by_the_county_hq_and_town_teams_by_their_own_county() {
    use drillsim::sim::command::{Chain, owner_of_team};
    let scenario = common::load(TWO_COUNTY);
    let chain = Chain::build(&scenario);
    let index = |id: &str| scenario.teams.iter().position(|t| t.id == id).unwrap();
    // The army's engineers are held by the army liaison, but once sent they are the county
    // HQ's, not the liaison's (whose seat would otherwise keep the doctrine off them).
    assert_eq!(owner_of_team(&scenario, &chain, index("pla-eng")), None);
    assert_eq!(owner_of_team(&scenario, &chain, index("pref-ap")), None);
    // A town's fire station is its own town command's, in its own county.
    let owner = owner_of_team(&scenario, &chain, index("dc-fr2")).map(|n| chain.ids[n].as_str());
    assert_eq!(owner, Some("dc-tc-t1"));
    // Reports of a place end at its county's HQ.
    let place = |id: &str| {
        scenario
            .region
            .places
            .iter()
            .position(|p| p.id == id)
            .unwrap()
    };
    let hq = |id: &str| chain.ids[chain.hq_of_place[place(id)]].as_str();
    assert_eq!(
        (hq("xl-t3-v1"), hq("dc-t1-v1"), hq("dc")),
        ("xl-hq", "dc-hq", "dc-hq")
    );
}
