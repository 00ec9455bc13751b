//! Reading an exercise file and checking it against a scenario: every problem as a path-style
//! diagnostic.

use super::*;

/// Whether `name` is a role of `scenario` (the names `Sim::role` accepts).
pub fn role_exists(scenario: &Scenario, name: &str) -> bool {
    let has_kind = |kind: CommandKind| scenario.organisation.iter().any(|n| n.kind == kind);
    match name {
        "controller" | "county-commander" | "county-hq" => true,
        "earthquake-hq" => has_kind(CommandKind::EarthquakeHq),
        "flood-hq" => has_kind(CommandKind::FloodDroughtHq),
        "forest-fire-hq" => has_kind(CommandKind::ForestFireHq),
        "geological-hq" => has_kind(CommandKind::GeologicalHq),
        id => scenario.organisation.iter().any(|n| n.id == id),
    }
}

/// Reads and validates an exercise file against `scenario`; every problem at once.
pub fn load(path: &Path, scenario: &Scenario) -> Result<Exercise, Diagnostics> {
    let shown = path.display().to_string();
    let text =
        crate::scenario::load::read_text(path).map_err(|d| Diagnostics { items: vec![d] })?;
    load_str(&text, &shown, scenario)
}

/// Parses and validates exercise text; `file` names it in diagnostics.
pub fn load_str(text: &str, file: &str, scenario: &Scenario) -> Result<Exercise, Diagnostics> {
    validate(&parse(text, file)?, file, scenario)
}

/// Parses exercise text without checking it against a scenario (`check` reads the scenario the
/// exercise names from it). Text that does not begin `Exercise(` is refused without being quoted.
pub fn parse(text: &str, file: &str) -> Result<ExerciseSpec, Diagnostics> {
    #[derive(Deserialize)]
    enum Document {
        Exercise(Box<ExerciseSpec>),
    }
    crate::scenario::load::refuse_foreign(text, file, &["Exercise"])
        .map_err(|d| Diagnostics { items: vec![d] })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match crate::scenario::load::ron_options().from_str::<Document>(text) {
        Ok(Document::Exercise(spec)) => Ok(*spec),
        Err(error) => {
            let mut diagnostic = crate::scenario::load::syntax_diagnostic(text, file, &error);
            diagnostic.hint = syntax_hint(&diagnostic.message);
            Err(Diagnostics {
                items: vec![diagnostic],
            })
        }
    }
}

/// The hint for an exercise's syntax error (in place of the scenario loader's).
fn syntax_hint(message: &str) -> Option<String> {
    if message.contains("variant") && message.contains("`Document`") {
        Some("an exercise file starts with Exercise(...); see docs/drill.md".to_string())
    } else if message.contains("variant") {
        Some(
            "docs/drill.md lists the triggers, conditions and channels an inject may use"
                .to_string(),
        )
    } else if message.contains("field") {
        Some("docs/drill.md lists the fields of an exercise and its injects".to_string())
    } else {
        None
    }
}

/// Checks an exercise against a scenario: ids unique, references known, roles real, order
/// patterns in the grammar and naming the scenario's ids, times within the exercise.
pub fn validate(
    spec: &ExerciseSpec,
    file: &str,
    scenario: &Scenario,
) -> Result<Exercise, Diagnostics> {
    let mut problems = Diagnostics::default();
    let mut error = |path: String, message: String, hint: Option<String>| {
        let mut d = Diagnostic::error_at(file, path, message);
        d.hint = hint;
        problems.push(d);
    };
    let role_hint = || {
        let mut roles = vec!["controller".to_string(), "county-commander".to_string()];
        roles.extend(scenario.organisation.iter().take(4).map(|n| n.id.clone()));
        Some(format!("roles are {}, …", roles.join(", ")))
    };
    for (i, player) in spec.players.iter().enumerate() {
        if !role_exists(scenario, player) || player == "controller" {
            error(
                format!("players[{i}]"),
                format!("no player role `{player}` in this scenario"),
                role_hint(),
            );
        }
    }
    let mut objective_index = BTreeMap::new();
    for (i, o) in spec.objectives.iter().enumerate() {
        if objective_index.insert(o.id.as_str(), i).is_some() {
            error(
                format!("objectives[{i}].id"),
                format!("duplicate objective id `{}`", o.id),
                None,
            );
        }
    }
    let mut inject_index = BTreeMap::new();
    for (i, inject) in spec.injects.iter().enumerate() {
        if inject.id.trim().is_empty() || inject.id.contains(char::is_whitespace) {
            error(
                format!("injects[{i}].id"),
                format!("inject id `{}` must be one word", inject.id),
                None,
            );
        }
        if inject_index.insert(inject.id.as_str(), i).is_some() {
            error(
                format!("injects[{i}].id"),
                format!("duplicate inject id `{}`", inject.id),
                None,
            );
        }
    }
    let resolve_inject = |id: &str| inject_index.get(id).copied();
    let suggest = |id: &str| {
        crate::scenario::diagnostic::closest(id, inject_index.keys().copied())
            .map(|s| format!("did you mean `{s}`?"))
    };
    let mut injects = Vec::new();
    for (i, s) in spec.injects.iter().enumerate() {
        let at = |field: &str| format!("injects[{i}].{field}");
        let trigger = match &s.trigger {
            TriggerSpec::At(d) => {
                if d.as_minutes() > spec.duration.as_minutes() {
                    error(
                        at("trigger"),
                        format!(
                            "At(\"{d}\") is after the exercise ends ({}): the inject would never be delivered",
                            spec.duration
                        ),
                        Some("move the inject earlier or lengthen `duration`".into()),
                    );
                }
                Trigger::At(d.as_minutes())
            }
            TriggerSpec::After { inject, delay } => match resolve_inject(inject) {
                Some(j) if j != i => Trigger::After {
                    inject: j,
                    delay_min: delay.as_minutes(),
                },
                Some(_) => {
                    error(at("trigger"), "an inject cannot follow itself".into(), None);
                    Trigger::Contingency
                }
                None => {
                    error(
                        at("trigger.inject"),
                        format!("unknown inject `{inject}`"),
                        suggest(inject),
                    );
                    Trigger::Contingency
                }
            },
            TriggerSpec::When(c) => Trigger::When(match c {
                ConditionSpec::DeathsAtLeast(n) => Condition::DeathsAtLeast(*n),
                ConditionSpec::TrappedAtLeast(n) => Condition::TrappedAtLeast(*n),
                ConditionSpec::RoadsBlockedAtLeast(n) => Condition::RoadsBlockedAtLeast(*n),
                ConditionSpec::LevelDeclared => Condition::LevelDeclared,
                ConditionSpec::IncidentsKnown { role, at_least } => {
                    if !role_exists(scenario, role) {
                        error(
                            at("trigger.role"),
                            format!("no role `{role}` in this scenario"),
                            role_hint(),
                        );
                    }
                    Condition::IncidentsKnown {
                        role: role.clone(),
                        at_least: *at_least,
                    }
                }
            }),
            TriggerSpec::Contingency => Trigger::Contingency,
        };
        if !role_exists(scenario, &s.to) {
            error(
                at("to"),
                format!("no role `{}` in this scenario", s.to),
                role_hint(),
            );
        }
        if s.zh.trim().is_empty() || s.en.trim().is_empty() {
            error(
                at("zh"),
                "an inject needs its text in both zh and en".into(),
                None,
            );
        }
        let objective = match &s.objective {
            None => None,
            Some(o) => match objective_index.get(o.as_str()) {
                Some(&index) => Some(index),
                None => {
                    error(at("objective"), format!("unknown objective `{o}`"), None);
                    None
                }
            },
        };
        let mut expects = Vec::new();
        for (k, e) in s.expects.iter().enumerate() {
            let pattern: Vec<String> = e.action.split_whitespace().map(str::to_string).collect();
            match pattern.first() {
                Some(verb) if order::verbs().contains(&verb.as_str()) => {}
                _ => error(
                    format!("injects[{i}].expects[{k}].action"),
                    format!("`{}` does not start with an order verb", e.action),
                    Some(format!(
                        "an action is an order pattern: {}",
                        order::verbs().join(", ")
                    )),
                ),
            }
            let words: Vec<&str> = pattern.iter().map(String::as_str).collect();
            for unknown in order::pattern_unknown_ids(&words, scenario) {
                error(
                    format!("injects[{i}].expects[{k}].action"),
                    format!("`{}` names an {unknown}", e.action),
                    Some("ids in an action are the scenario's team, place and road ids".into()),
                );
            }
            expects.push(Expectation {
                pattern,
                within_min: e.within.as_minutes(),
            });
        }
        let on_missed = match &s.on_missed {
            None => None,
            Some(id) => match resolve_inject(id) {
                Some(j) => {
                    if !matches!(spec.injects[j].trigger, TriggerSpec::Contingency) {
                        error(
                            at("on_missed"),
                            format!("`{id}` is not a contingency inject"),
                            Some("give the contingency inject `trigger: Contingency`".into()),
                        );
                    }
                    Some(j)
                }
                None => {
                    error(
                        at("on_missed"),
                        format!("unknown inject `{id}`"),
                        suggest(id),
                    );
                    None
                }
            },
        };
        if s.on_missed.is_some() && s.expects.is_empty() {
            error(
                at("on_missed"),
                "there is no expected action to miss".into(),
                None,
            );
        }
        let order = match &s.order {
            None => None,
            Some(text) => match order::parse_order(text) {
                Ok(o) => {
                    for unknown in o.unknown_ids(scenario) {
                        error(
                            at("order"),
                            format!("`{text}` names an {unknown}"),
                            Some("the order is carried out when the inject is delivered: name the scenario's own ids".into()),
                        );
                    }
                    Some(o)
                }
                Err(e) => {
                    error(at("order"), e.to_string(), None);
                    None
                }
            },
        };
        injects.push(Inject {
            id: s.id.clone(),
            trigger,
            from: s.from.clone(),
            channel: s.channel,
            to: s.to.clone(),
            zh: s.zh.clone(),
            en: s.en.clone(),
            objective,
            expects,
            on_missed,
            order,
            ad_hoc: false,
        });
    }
    // `After` chains must not loop.
    for start in 0..injects.len() {
        let mut at = start;
        for _ in 0..=injects.len() {
            match injects[at].trigger {
                Trigger::After { inject, .. } => at = inject,
                _ => break,
            }
            if at == start {
                error(
                    format!("injects[{start}].trigger"),
                    "`After` triggers form a loop".into(),
                    None,
                );
                break;
            }
        }
    }
    if spec.duration.as_minutes() == 0 {
        error(
            "duration".into(),
            "an exercise lasts more than 0 minutes".into(),
            None,
        );
    } else if spec.duration.as_minutes() > scenario.duration_min {
        error(
            "duration".into(),
            format!(
                "is {}, longer than the scenario's run ({} minutes): play would outlast the simulation",
                spec.duration, scenario.duration_min
            ),
            Some("shorten the exercise or lengthen the scenario's `duration`".into()),
        );
    }
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(Exercise {
        name: spec.name.clone(),
        title_zh: spec.title_zh.clone(),
        title_en: spec.title_en.clone(),
        description: spec.description.clone(),
        duration_min: spec.duration.as_minutes(),
        players: spec.players.clone(),
        objectives: spec
            .objectives
            .iter()
            .map(|o| Objective {
                id: o.id.clone(),
                zh: o.zh.clone(),
                en: o.en.clone(),
            })
            .collect(),
        injects,
    })
}
