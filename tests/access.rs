//! Access to a struck place: roads cut by shaking on steep ground, teams walking in past a
//! blocked road, helicopters reaching a cut-off place, and work that grows with a team's size
//! (docs/models.md §8–§10).

mod common;

use drillsim::sim::events::EventKind;
use drillsim::sim::order::Order;
use drillsim::sim::{RunSeed, Sim};

/// A quake of magnitude `magnitude` right under the mountain village `v1` (about intensity IX
/// at M7.0), 5 km up a village road from the town `t1`, which a provincial road joins to the
/// county seat 25 km west. Far to the east, two plain villages `p1`–`p2`, 60–70 km from the
/// epicentre (about VI), are joined by a flat county road. `teams` and `models` are inserted as
/// written.
fn valley(magnitude: f64, teams: &str, models: &str) -> String {
    format!(
        r#"#![enable(unwrap_variant_newtypes, implicit_some)]
Scenario(
    name: "valley", description: "access tests", start_time: "10:00", duration: "36h",
    region: (
        name: "valley",
        places: [
            (id: "county", name: "县城", kind: County, x_km: 0.0, y_km: 0.0, population: 3000,
             housing: [(class: "shear_wall_modcode", share: 1.0)], tags: []),
            (id: "t1", name: "镇", kind: Town, parent: "county", x_km: 25.0, y_km: 0.0,
             population: 500, housing: [(class: "shear_wall_modcode", share: 1.0)], tags: []),
            (id: "v1", name: "震中村", kind: Village, parent: "t1", x_km: 30.0, y_km: 0.0,
             population: 1500, housing: [(class: "urm_precode", share: 1.0)], tags: [Mountain]),
            (id: "p1", name: "平原一村", kind: Village, parent: "t1", x_km: 90.0, y_km: 0.0,
             population: 100, housing: [(class: "shear_wall_modcode", share: 1.0)], tags: []),
            (id: "p2", name: "平原二村", kind: Village, parent: "t1", x_km: 100.0, y_km: 0.0,
             population: 100, housing: [(class: "shear_wall_modcode", share: 1.0)], tags: []),
        ],
        roads: [
            (id: "main", from: "county", to: "t1", length_km: 26.0, class: Provincial, tags: []),
            (id: "up", from: "t1", to: "v1", length_km: 5.0, class: Village, tags: [Mountain]),
            (id: "plain", from: "p1", to: "p2", length_km: 10.0, class: County, tags: []),
            (id: "east", from: "t1", to: "p1", length_km: 66.0, class: Provincial, tags: []),
        ],
    ),
    forces: (teams: [{teams}]),
    organisation: (nodes: [(id: "hq", name: "县应急指挥部", kind: CountyHq, place: "county")]),
    hazards: (events: [Earthquake(id: "quake", name: "quake", x_km: 30.0, y_km: 0.0,
        magnitude: {magnitude}, depth_km: 10.0, time: "5m")]),
    plan: (name: "manual", description: "orders only", dispatch: (rule: Manual)),
    models: ({models}),
)
"#
    )
}

/// A rescue team of `size` people at the county seat.
fn rescuers(size: u32) -> String {
    format!(
        r#"(id: "fire", name: "消防", kind: Comprehensive, size: {size}, base: "county",
           speed_kmh: 50.0, capabilities: [(kind: Extrication, rate: 0.4)],
           mobilisation: "10m", shift: "24h", rest: "8h")"#
    )
}

/// Neighbours free nobody, so every trapped person waits for teams.
const NO_NEIGHBOURS: &str = r#"local_rescue: (freed_share_basic: 0.0, freed_share_demonstration: 0.0,
    mean_time: "90m", light_speedup: 4.0),"#;

/// Road damage at its defaults, except that the village road up to `v1` is blocked by the quake
/// (`blocked`) or left open, and nothing else is damaged.
fn roads(blocked: bool) -> String {
    let village = if blocked { 100.0 } else { 0.001 };
    format!(
        r#"roads: (class_speed_factor: [1.6, 1.2, 1.0, 0.9, 0.6], degraded_speed_factor: 0.4,
    degrade_median_g: 20.0, block_median_g: 20.0, mountain_susceptibility: 1.0,
    hilly_susceptibility: 1.0, class_susceptibility: [0.001, 0.001, 0.001, 0.001, {village}],
    beta: 0.1, clear_work_hours: (2.0, 10.0)),"#
    )
}

fn sim(text: &str, seed: u64) -> Sim {
    Sim::new(common::from_text(text), RunSeed::new(seed))
}

fn dispatch(sim: &mut Sim, team: &str, place: &str) {
    sim.apply(Order::DispatchRescue {
        team: team.into(),
        place: place.into(),
    })
    .unwrap();
}

/// The minute `team` first arrived at `place`, if it did.
fn arrival(sim: &Sim, team: &str, place: &str) -> Option<u32> {
    sim.events().iter().find_map(|e| match &e.kind {
        EventKind::TeamArrived { team: t, place: p } if t == team && p == place => Some(e.t),
        _ => None,
    })
}

/// Whether the quake blocked road `road`.
fn cut(sim: &Sim, road: &str) -> bool {
    sim.events().iter().any(|e| {
        matches!(&e.kind, EventKind::RoadChanged { road: r, state, cause, .. }
            if r == road && *state == "blocked" && *cause == "earthquake")
    })
}

#[test]
fn a_mountain_road_in_strong_shaking_is_cut_far_more_often_than_a_plains_road_in_weak_shaking() {
    // Default road-damage model; intensity IX at the village end of the mountain road, about
    // VI–VII along the flat road. Real epicentre roads (Wenchuan, Lushan, Ludian, Luding,
    // Jiuzhaigou) were all cut: the mountain road must be cut in at least 80 % of runs, the
    // plains road in at most 5 %.
    let text = valley(7.0, &rescuers(30), "");
    let runs = 200;
    let (mut mountain, mut plain) = (0, 0);
    for seed in 1..=runs {
        let mut sim = sim(&text, seed);
        sim.run_until(7);
        mountain += cut(&sim, "up") as u32;
        plain += cut(&sim, "plain") as u32;
    }
    assert!(
        mountain * 100 >= runs as u32 * 80,
        "the mountain road into the epicentre was cut in {mountain} of {runs} runs"
    );
    assert!(
        plain * 100 <= runs as u32 * 5,
        "the plains road in weak shaking was cut in {plain} of {runs} runs"
    );
}

#[test]
fn a_team_walks_in_past_a_blocked_road_later_than_it_would_drive() {
    let go = |blocked: bool| {
        let text = valley(7.0, &rescuers(30), &roads(blocked));
        let mut sim = sim(&text, 3);
        sim.run_until(10);
        assert_eq!(cut(&sim, "up"), blocked);
        dispatch(&mut sim, "fire", "v1");
        sim.run_until(12 * 60);
        let walked = sim.events().iter().find_map(|e| match &e.kind {
            EventKind::TeamWalksIn {
                team,
                from,
                walk_km,
                ..
            } if team == "fire" => Some((from.clone(), *walk_km)),
            _ => None,
        });
        (arrival(&sim, "fire", "v1"), walked)
    };
    let (by_road, walked) = go(false);
    let by_road = by_road.expect("the team drives up the open road");
    assert_eq!(walked, None, "nobody walks where the road is open");
    let (on_foot, walked) = go(true);
    let on_foot = on_foot.expect("the team reaches the cut-off village on foot");
    assert_eq!(walked, Some(("t1".to_string(), 5.0)));
    // 5 km at 2 km/h: two and a half hours more than the 10 minutes' drive.
    assert!(
        on_foot >= by_road + 120,
        "on foot at minute {on_foot}, by road at minute {by_road}"
    );
}

#[test]
fn a_bigger_team_frees_people_faster() {
    let freed = |size: u32| {
        let models = format!("{NO_NEIGHBOURS}\n{}", roads(false));
        let text = valley(7.0, &rescuers(size), &models);
        let mut total = 0.0;
        for seed in 1..=3 {
            let mut sim = sim(&text, seed);
            sim.run_until(10);
            dispatch(&mut sim, "fire", "v1");
            sim.run_until(10 * 60);
            total += sim.outcome().kpis.rescued_by_teams.unwrap();
        }
        total
    };
    let (small, big) = (freed(15), freed(60));
    assert!(small > 0.0, "the small team freed nobody");
    // Four times the people: well over twice the work in the same hours.
    assert!(
        big > 2.0 * small,
        "60 people freed {big}, 15 people freed {small}"
    );
}

#[test]
fn a_team_that_walked_in_works_slower_until_its_equipment_follows() {
    // The same team, sent on foot; once with a light kit that halves its work until the
    // equipment follows a day later, once with a kit as good as its equipment.
    let freed = |factor: f64| {
        let models = format!(
            "{NO_NEIGHBOURS}\n{}\nteams: (reference_size: 30, foot_speed_kmh: 2.0, max_foot_km: 15.0, light_kit_factor: {factor}, kit_follows: \"24h\"),",
            roads(true)
        );
        let text = valley(7.0, &rescuers(30), &models);
        let mut sim = sim(&text, 5);
        sim.run_until(10);
        dispatch(&mut sim, "fire", "v1");
        sim.run_until(14 * 60);
        sim.outcome().kpis.rescued_by_teams.unwrap()
    };
    let (light, full) = (freed(0.5), freed(1.0));
    assert!(
        light > 0.0 && light < full,
        "light kit {light}, full kit {full}"
    );
}

#[test]
fn aviation_reaches_a_cut_off_place_no_team_can_walk_to() {
    // The road up is blocked and nobody walks more than 1 km: the ground team's order is
    // refused, a helicopter crew flies in (in daylight: the run starts at 10:00).
    let teams = format!(
        r#"{}, (id: "heli", name: "直升机", kind: Aviation, size: 8, base: "county",
           speed_kmh: 200.0, capabilities: [(kind: Extrication, rate: 0.1)],
           mobilisation: "45m", shift: "12h", rest: "12h")"#,
        rescuers(30)
    );
    let models = format!(
        "{}\nteams: (reference_size: 30, foot_speed_kmh: 2.0, max_foot_km: 1.0, light_kit_factor: 0.5, kit_follows: \"24h\"),",
        roads(true)
    );
    let text = valley(7.0, &teams, &models);
    let mut sim = sim(&text, 3);
    sim.run_until(10);
    dispatch(&mut sim, "fire", "v1");
    dispatch(&mut sim, "heli", "v1");
    sim.run_until(6 * 60);
    let refused = sim.events().iter().any(
        |e| matches!(&e.kind, EventKind::OrderRefused { order, .. } if order.contains("fire")),
    );
    assert!(refused, "the ground team cannot reach the cut-off village");
    let at = arrival(&sim, "heli", "v1").expect("the helicopter reaches the cut-off village");
    // Order latency, 45 minutes' mobilisation and a 9-minute flight.
    assert!(at < 2 * 60, "the helicopter arrived at minute {at}");
    assert_eq!(arrival(&sim, "fire", "v1"), None);
}
