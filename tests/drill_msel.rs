//! Exercise files: the shipped ones validate against their scenarios, bad ones get path-style
//! diagnostics, and injects fire on time, on state, after each other and as contingencies.

mod drill_support;

use drill_support::*;
use drillsim::drill::i18n::Lang;
use drillsim::drill::line::Command;
use drillsim::drill::msel::{self, InjectStatus};

#[test]
fn every_shipped_exercise_validates_against_its_scenario() {
    let county = load(COUNTY);
    let small = load(SMALL);
    let e = exercise(COUNTY_EXERCISE, &county);
    assert_eq!(e.duration_min, 180);
    assert!(e.injects.len() >= 10);
    let f = exercise(FIELD_EXERCISE, &small);
    assert_eq!(f.players, vec!["tc-t1"]);
    let mut found = 0;
    for entry in std::fs::read_dir("scenarios/exercises").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        // Each against the scenario it names.
        let spec = msel::parse(&text, &path.display().to_string()).unwrap();
        let named =
            msel::named_scenario(&spec, &path).expect("a shipped exercise names its scenario");
        let scenario = load(named.to_str().unwrap());
        if let Err(d) = msel::load(&path, &scenario) {
            panic!("{}:\n{d}", path.display());
        }
        found += 1;
    }
    assert!(found >= 3);
}

#[track_caller]
fn check_invalid(body: &str, expect: &[&str]) {
    let text = format!(
        "Exercise(name: \"t\", duration: \"1h\", objectives: [(id: \"O1\", zh: \"目标\", en: \"goal\")], injects: [{body}])"
    );
    let diagnostics = msel::load_str(&text, "bad.ron", &load(SMALL))
        .unwrap_err()
        .to_string();
    for e in expect {
        assert!(diagnostics.contains(e), "missing `{e}` in:\n{diagnostics}");
    }
}

#[test]
fn bad_exercises_get_every_error_with_its_path() {
    check_invalid(
        r#"(id: "A", trigger: After(inject: "B1", delay: "5m"), from: "x", channel: Phone, to: "nobody", zh: "z", en: "e",
            objective: "O9", expects: [(action: "launch rockets", within: "5m")], on_missed: "A"),
           (id: "B", trigger: At("5m"), from: "x", channel: Phone, to: "county-commander", zh: "z", en: "e")"#,
        &[
            // Each located where its value is written, with the path into the file.
            "bad.ron:1:128: injects[0].trigger.inject: unknown inject `B1`",
            "did you mean `B`?",
            "bad.ron:1:179: injects[0].to: no role `nobody` in this scenario",
            "bad.ron:2:24: injects[0].objective: unknown objective `O9`",
            "bad.ron:2:49: injects[0].expects[0].action: `launch rockets` does not start with an order verb",
            "bad.ron:2:94: injects[0].on_missed: `A` is not a contingency inject",
        ],
    );
    check_invalid(
        r#"(id: "A", trigger: At("5m"), from: "x", channel: Pigeon, to: "tc-t1", zh: "z", en: "e")"#,
        &["bad.ron:1:", "Pigeon"],
    );
    check_invalid(
        r#"(id: "A", trigger: At("5m"), from: "x", channel: Phone, to: "tc-t1", zh: "z", en: "e", order: "dispatch x from y"),
           (id: "A", trigger: At("5m"), from: "x", channel: Phone, to: "tc-t1", zh: "z", en: "e")"#,
        &[
            "injects[0].order: column",
            "injects[1].id: duplicate inject id `A`",
        ],
    );
}

#[test]
fn injects_fire_on_time_on_state_after_each_other_and_as_contingencies() {
    let mut engine = engine(SMALL, "controller", Lang::En, Some(FIELD_EXERCISE), None);
    run(&mut engine, 7);
    let status = |engine: &drillsim::drill::engine::Engine, id: &str| {
        let m = engine.msel().unwrap();
        m.injects[m.find(id).unwrap()].status
    };
    assert_eq!(status(&engine, "FC1"), InjectStatus::Waiting);
    run(&mut engine, 2);
    assert_eq!(status(&engine, "FC1"), InjectStatus::Delivered(8));
    // FC1 expects `priority v1` within 30 minutes: give it.
    engine.handle(Command::Order("priority v1 5".into()));
    // Met once the priority is in force (the tick it is given), seen at the next boundary.
    run(&mut engine, 2);
    let m = engine.msel().unwrap();
    let fc1 = &m.injects[m.find("FC1").unwrap()];
    assert_eq!(fc1.expectations[0].met_at, Some(9));
    // FC2 at 50m expects a field post within 20m; nobody sets one up, so the contingency fires.
    run(&mut engine, 41);
    assert_eq!(status(&engine, "FC2"), InjectStatus::Delivered(50));
    assert_eq!(status(&engine, "FC2C"), InjectStatus::Waiting);
    run(&mut engine, 22);
    let m = engine.msel().unwrap();
    assert!(m.injects[m.find("FC2").unwrap()].expectations[0].missed);
    assert_eq!(status(&engine, "FC2C"), InjectStatus::Delivered(71));
    // FC3 waits for the town command to know of four incidents.
    assert!(matches!(status(&engine, "FC3"), InjectStatus::Delivered(_)));
}

#[test]
fn the_controller_can_cancel_retime_and_inject_ad_hoc() {
    let mut engine = engine(SMALL, "controller", Lang::En, Some(FIELD_EXERCISE), None);
    engine.handle(Command::Cancel("FC1".into()));
    engine.handle(Command::Retime {
        id: "FC2".into(),
        at: 5,
    });
    engine.handle(Command::Inject {
        to: "tc-t1".into(),
        text: "the bridge is out".into(),
    });
    run(&mut engine, 6);
    let m = engine.msel().unwrap();
    assert_eq!(
        m.injects[m.find("FC1").unwrap()].status,
        InjectStatus::Cancelled
    );
    assert_eq!(
        m.injects[m.find("FC2").unwrap()].status,
        InjectStatus::Delivered(5)
    );
    assert_eq!(
        m.injects[m.find("X01").unwrap()].status,
        InjectStatus::Delivered(0)
    );
    // Re-timing or cancelling what was delivered is refused, with a message.
    engine.handle(Command::Cancel("FC2".into()));
    let snapshot = engine.snapshot();
    let feedback = snapshot.feedback.unwrap();
    assert!(
        !feedback.ok && feedback.text.contains("already delivered"),
        "{feedback:?}"
    );
}

/// An exercise's RON syntax errors read as the scenario loader's do (line, column, the line
/// itself), with the exercise's own hints; these exact messages are what trainers see. A
/// misspelt trigger or channel is pointed to the list of them, not told how a file starts.
#[test]
fn exercise_syntax_errors_name_the_line_and_column_with_an_exercise_hint() {
    let small = load(SMALL);
    let shown = |text: &str| {
        msel::load_str(text, "bad.ron", &small)
            .unwrap_err()
            .to_string()
    };
    let cases = [
        "Exercise(name: \"t\", duration: \"1h\",\n  colour: 3)",
        "Exercise(name: \"t\", duration: \"1h\", injects: [(id: \"A\", trigger: Soon)])",
        "Exercise(name: \"t\"\n duration: \"1h\")",
        "Exercize(name: \"t\", duration: \"1h\")",
    ];
    let expected = [
        "error: bad.ron:2:3: Unexpected field named `colour` in `Exercise`, expected one of `name`, `title_zh`, `title_en`, `description`, `scenario`, `duration`, `players`, `objectives`, or `injects` instead\n   |\n 2 |   colour: 3)\n   |   ^\n  hint: docs/drill.md lists the fields of an exercise and its injects\n",
        "error: bad.ron:1:66: Unexpected variant named `Soon` in enum `TriggerSpec`, expected one of `At`, `After`, `When`, or `Contingency` instead\n   |\n 1 | Exercise(name: \"t\", duration: \"1h\", injects: [(id: \"A\", trigger: Soon)])\n   |                                                                  ^\n  hint: docs/drill.md lists the triggers, conditions and channels an inject may use\n",
        "error: bad.ron:2:2: Expected comma\n   |\n 2 |  duration: \"1h\")\n   |  ^\n",
        "error: bad.ron:1:1: Unexpected variant named `Exercize` in enum `Document`, expected `Exercise` instead\n   |\n 1 | Exercize(name: \"t\", duration: \"1h\")\n   | ^\n  hint: an exercise file starts with Exercise(...); see docs/drill.md\n",
    ];
    for (case, expected) in cases.into_iter().zip(expected) {
        assert_eq!(shown(case), expected);
    }
}
