//! HQs above the county: the prefecture, the province and the nation may head the chain above a
//! county HQ, off the region's map; anything else reporting to them, or an HQ reporting down, is
//! refused with the path to the value.

use drillsim::scenario::{self, CommandKind, Government};

const SMALL_TOWN: &str = include_str!("../scenarios/small-town.ron");
const NODES: &str =
    r#"(id: "hq", name: "县应急指挥部", kind: CountyHq, place: "county", duty_staff: 6),"#;

/// small-town.ron with its county HQ line replaced by `nodes`.
fn with_nodes(nodes: &str) -> Result<scenario::Loaded, scenario::Diagnostics> {
    assert!(
        SMALL_TOWN.contains(NODES),
        "small-town.ron's county HQ line moved"
    );
    scenario::load_str(&SMALL_TOWN.replace(NODES, nodes), "small-town.ron")
}

fn errors(nodes: &str) -> String {
    match with_nodes(nodes) {
        Ok(_) => panic!("validated:\n{nodes}"),
        Err(d) => d.to_string(),
    }
}

#[test]
fn a_county_hq_reports_to_off_map_hqs_of_higher_governments() {
    let loaded = with_nodes(
        r#"(id: "nation", name: "国务院抗震救灾指挥部", kind: NationalHq),
           (id: "province", name: "省抗震救灾指挥部", kind: ProvincialHq, parent: "nation"),
           (id: "prefecture", name: "市抗震救灾指挥部", kind: PrefectureHq, parent: "province"),
           (id: "hq", name: "县应急指挥部", kind: CountyHq, parent: "prefecture", place: "county", duty_staff: 6),"#,
    )
    .unwrap_or_else(|d| panic!("{d}"));
    let org = &loaded.scenario.organisation;
    let node = |id: &str| org.iter().find(|n| n.id == id).unwrap();
    assert!(node("nation").off_map && node("province").off_map);
    assert!(!node("hq").off_map);
    let seat = loaded
        .scenario
        .region
        .places
        .iter()
        .position(|p| p.id == "county")
        .unwrap();
    assert_eq!(
        node("prefecture").place,
        seat,
        "off the map, placed at the county seat"
    );
    assert_eq!(
        CommandKind::ProvincialHq.government(),
        Some(Government::Province)
    );
    assert!(CommandKind::PrefectureHq.is_above_county());
    assert!(!CommandKind::CountyHq.is_above_county());
    // The whole scenario runs, reports climbing past the county HQ.
    let mut sim = drillsim::sim::Sim::new(loaded.scenario, drillsim::sim::RunSeed::new(1));
    sim.run_to_end();
    assert!(sim.outcome().kpis.deaths.is_some());
}

#[test]
fn only_a_county_hq_reports_to_an_hq_above_the_county() {
    let got = errors(
        r#"(id: "prefecture", name: "市指挥部", kind: PrefectureHq),
           (id: "hq", name: "县应急指挥部", kind: CountyHq, place: "county", duty_staff: 6),
           (id: "tc-x", name: "某镇", kind: TownCommand, parent: "prefecture", place: "t1"),"#,
    );
    assert!(
        got.contains("organisation.nodes[2].parent")
            && got.contains("only a county HQ reports to an HQ above the county"),
        "{got}"
    );
}

#[test]
fn an_hq_reports_only_upwards() {
    let got = errors(
        r#"(id: "province", name: "省指挥部", kind: ProvincialHq, parent: "prefecture"),
           (id: "prefecture", name: "市指挥部", kind: PrefectureHq),
           (id: "hq", name: "县应急指挥部", kind: CountyHq, parent: "tc-t1", place: "county", duty_staff: 6),"#,
    );
    assert!(
        got.contains("organisation.nodes[0].parent")
            && got.contains("organisation.nodes[2].parent"),
        "{got}"
    );
    assert!(
        got.contains("an HQ reports only to an HQ of a higher level of government"),
        "{got}"
    );
}

#[test]
fn only_hqs_above_the_county_may_be_off_the_map() {
    let got = errors(r#"(id: "hq", name: "县应急指挥部", kind: CountyHq, duty_staff: 6),"#);
    assert!(
        got.contains("organisation.nodes[0].place") && got.contains("is missing"),
        "{got}"
    );
}
