//! What each kind of seat sees of the forces: the teams it owns, as last reported, and no others.
mod common;

use drillsim::sim::{RunSeed, Sim};

fn teams_seen(sim: &mut Sim, who: &str) -> Vec<String> {
    let role = sim.role(who).unwrap();
    sim.observe(role)
        .teams
        .into_iter()
        .map(|t| t.team)
        .collect()
}

#[test]
fn a_department_and_the_military_liaison_see_their_own_teams_and_no_others() {
    let scenario = common::load("scenarios/county-quake.ron");
    let mut sim = Sim::new(scenario, RunSeed::new(1));
    sim.run_until(90);
    // The transport bureau owns the road teams pr09–pr11 (drillsim seats).
    assert_eq!(
        teams_seen(&mut sim, "dept-transport"),
        ["pr09", "pr10", "pr11"]
    );
    assert_eq!(
        teams_seen(&mut sim, "dept-health"),
        ["pr01", "pr02", "pr03", "pr04"]
    );
    // The liaison sees the army's units, not the county's teams based beside it.
    let army = teams_seen(&mut sim, "mil-liaison");
    assert_eq!(army.len(), 10, "{army:?}");
    assert!(army.iter().all(|t| t.starts_with("mi")), "{army:?}");
    // A town still sees the teams based in it.
    assert_eq!(
        teams_seen(&mut sim, "tc-t02"),
        ["fr05", "pr05", "so03", "so04"]
    );
}
