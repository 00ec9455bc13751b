//! A player's screen never shows an incident that was not reported to that role, whatever the
//! seed, the moment, the pane or the terminal size.

mod drill_support;

use std::sync::Arc;

use drill_support::*;
use drillsim::drill::engine::{Engine, Setup, drill_scenario};
use drillsim::drill::i18n::Lang;
use drillsim::drill::ui::{App, Pane};
use drillsim::sim::command::Role;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_players_screen_shows_only_reported_incidents(
        seed in 1u64..10_000,
        minutes in 5u32..240,
        role in prop::sample::select(vec!["county-commander", "tc-t1"]),
        zh in any::<bool>(),
    ) {
        let lang = if zh { Lang::Zh } else { Lang::En };
        let scenario = load(SMALL);
        let exercise = exercise(FIELD_EXERCISE, &scenario);
        let mut engine = Engine::new(
            Setup {
                scenario: Arc::new(drill_scenario(scenario.clone(), role)),
                seed,
                role: role.into(),
                lang,
                exercise: Some(exercise),
            },
            None,
        )
        .unwrap();
        run(&mut engine, minutes);
        // What the role has been told, straight from the simulation.
        let sim = engine.sim();
        let node = sim.role(role).unwrap();
        prop_assert!(matches!(node, Role::Node(_)));
        let reported: Vec<String> = sim.observe(node).incidents.iter().map(|i| i.incident.clone()).collect();
        let truth: Vec<String> = sim.observe(Role::Controller).incidents.iter().map(|i| i.incident.clone()).collect();
        let mut app: App = app(&mut engine);
        for pane in Pane::all(false) {
            app.pane = *pane;
            for (w, h) in [(80, 24), (200, 60)] {
                let text = screen(&mut app, w, h);
                for incident in truth.iter().filter(|i| !reported.contains(i)) {
                    prop_assert!(
                        !text.contains(incident.as_str()),
                        "{role} at T+{minutes} shows unreported {incident} on {pane:?} {w}x{h}:\n{text}"
                    );
                }
            }
        }
    }
}
