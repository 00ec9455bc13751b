//! Reading an exercise file and checking it against a scenario: every problem as a path-style
//! diagnostic.

use super::*;
use crate::drill::i18n::Lang;

/// Whether `name` is a seat of `scenario` (the names `Sim::role` accepts).
pub fn role_exists(scenario: &Scenario, name: &str) -> bool {
    seat_node(scenario, name).is_some()
}

/// The seat `name` stands for: `controller`, or the id of the command node it names (an alias
/// such as `county-commander` or `flood-hq`, or a node id). `None` when there is no such seat.
pub fn seat_node(scenario: &Scenario, name: &str) -> Option<String> {
    let of_kind = |kind: CommandKind| {
        scenario
            .organisation
            .iter()
            .find(|n| n.kind == kind)
            .map(|n| n.id.clone())
    };
    match name {
        "controller" => Some("controller".into()),
        "county-commander" | "county-hq" => {
            Some(of_kind(CommandKind::CountyHq).unwrap_or_else(|| "county-hq".into()))
        }
        "earthquake-hq" => of_kind(CommandKind::EarthquakeHq),
        "flood-hq" => of_kind(CommandKind::FloodDroughtHq),
        "forest-fire-hq" => of_kind(CommandKind::ForestFireHq),
        "geological-hq" => of_kind(CommandKind::GeologicalHq),
        id => scenario
            .organisation
            .iter()
            .any(|n| n.id == id)
            .then(|| id.to_string()),
    }
}

/// Whether the seat `seat` could ever issue an order with the verb `verb` in `scenario`, so that
/// an inject sent to it may expect that order.
///
/// The authority table (`sim::command::authority`, listed per seat by
/// `sim::command::seats`) says which verbs each seat holds; information (`share`, `sizeup`,
/// `sitrep`) is every seat's. A seat the organisation lacks is reported elsewhere, so it passes.
pub fn seat_may_issue(scenario: &Scenario, seat: &str, verb: &str) -> bool {
    if matches!(verb, "share" | "sizeup" | "sitrep") {
        return true;
    }
    crate::sim::command::seats(scenario)
        .iter()
        .find(|s| s.id == seat || s.aliases.contains(&seat))
        .is_none_or(|s| s.verbs.iter().any(|v| v.verb == verb))
}

/// Reads and validates an exercise file against `scenario`; every problem at once.
pub fn load(path: &Path, scenario: &Scenario) -> Result<Exercise, Diagnostics> {
    let shown = path.display().to_string();
    let text =
        crate::scenario::load::read_text(path).map_err(|d| Diagnostics { items: vec![d] })?;
    load_str(&text, &shown, scenario)
}

/// Parses and validates exercise text; `file` names it in diagnostics, each located at
/// `file:line:col` where the text allows.
pub fn load_str(text: &str, file: &str, scenario: &Scenario) -> Result<Exercise, Diagnostics> {
    validate(&parse(text, file)?, file, scenario).map_err(|d| super::locate::locate(d, text))
}

/// Checks exercise text against `scenario` (`drillsim check`): every error and warning,
/// located at `file:line:col` where the text allows.
pub fn check_str(text: &str, file: &str, scenario: &Scenario) -> Diagnostics {
    match parse(text, file) {
        Ok(spec) => super::locate::locate(review(&spec, file, scenario).1, text),
        Err(diagnostics) => diagnostics,
    }
}

/// The scenario the exercise in `text` (read from `exercise`) names, when it is not `drilled`.
pub fn other_scenario(text: &str, exercise: &Path, drilled: &Path) -> Option<std::path::PathBuf> {
    let spec = parse(text, &exercise.display().to_string()).ok()?;
    named_scenario(&spec, exercise).filter(|named| !crate::files::same_file(named, drilled))
}

/// The drill's warning, in `lang`, that its exercise names another scenario (`named`) than the
/// one it runs (`drilled`).
pub fn other_scenario_warning(lang: Lang, named: &Path, drilled: &str) -> String {
    lang.t(crate::drill::i18n::Text::ExerciseForAnotherScenario)
        .replace("{named}", &named.display().to_string())
        .replace("{given}", drilled)
}

/// The scenario file an exercise names (`scenario:`), relative to the exercise file's folder.
pub fn named_scenario(spec: &ExerciseSpec, exercise: &Path) -> Option<std::path::PathBuf> {
    let name = spec.scenario.as_deref()?;
    Some(
        exercise
            .parent()
            .map_or_else(|| name.into(), |dir| dir.join(name)),
    )
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
/// patterns in the grammar and naming the scenario's ids, times within the exercise. Warnings
/// are dropped; [`review`] returns them too.
pub fn validate(
    spec: &ExerciseSpec,
    file: &str,
    scenario: &Scenario,
) -> Result<Exercise, Diagnostics> {
    match review(spec, file, scenario) {
        (Some(exercise), _) => Ok(exercise),
        (None, problems) => Err(problems),
    }
}

/// [`validate`], with every warning as well: the exercise when there is no error, and every
/// diagnostic in the order found.
pub fn review(
    spec: &ExerciseSpec,
    file: &str,
    scenario: &Scenario,
) -> (Option<Exercise>, Diagnostics) {
    let problems = std::cell::RefCell::new(Diagnostics::default());
    let error = |path: String, message: String, hint: Option<String>| {
        let mut d = Diagnostic::error_at(file, path, message);
        d.hint = hint;
        problems.borrow_mut().push(d);
    };
    let warning = |path: String, message: String| {
        problems
            .borrow_mut()
            .push(Diagnostic::warning_at(file, path, message));
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
                } else if d.as_minutes() > scenario.duration_min {
                    error(
                        at("trigger"),
                        format!(
                            "At(\"{d}\") is after the scenario's run ends ({} minutes): the inject would never be delivered",
                            scenario.duration_min
                        ),
                        Some(
                            "move the inject earlier or lengthen the scenario's `duration`".into(),
                        ),
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
                Some(verb) if order::verbs().contains(&verb.as_str()) => {
                    if role_exists(scenario, &s.to) && !seat_may_issue(scenario, &s.to, verb) {
                        error(
                            format!("injects[{i}].expects[{k}].action"),
                            format!(
                                "`{}` can never issue `{verb}`: nobody could meet this expectation",
                                s.to
                            ),
                            Some(
                                "send the inject to a seat that holds the verb, or expect the request it can make"
                                    .into(),
                            ),
                        );
                    }
                }
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
    // `After` chains must not loop, and must deliver before the end.
    for (i, inject) in injects.iter().enumerate() {
        match delivery_minute(&injects, i) {
            Err(()) => error(
                format!("injects[{i}].trigger"),
                "`After` triggers form a loop".into(),
                None,
            ),
            Ok(Some(minute))
                if matches!(inject.trigger, Trigger::After { .. })
                    && minute > spec.duration.as_minutes() =>
            {
                error(
                    format!("injects[{i}].trigger"),
                    format!(
                        "is delivered at T+{} by its `After` chain, after the exercise ends ({}): it would never be delivered",
                        clock(minute),
                        spec.duration
                    ),
                    Some("shorten a delay in the chain or lengthen `duration`".into()),
                );
            }
            _ => {}
        }
    }
    for (i, s) in spec.injects.iter().enumerate() {
        let deadline = s.expects.iter().map(|e| e.within.as_minutes()).max();
        if let (Ok(Some(minute)), Some(within)) = (delivery_minute(&injects, i), deadline)
            && minute <= spec.duration.as_minutes()
            && minute + within > spec.duration.as_minutes()
        {
            warning(
                format!("injects[{i}].expects"),
                format!(
                    "delivered at T+{}, its expected actions are due until T+{}, after the exercise ends ({}): a player who acts late in that window cannot be scored",
                    clock(minute),
                    clock(minute + within),
                    spec.duration
                ),
            );
        }
        // (A trigger that failed to resolve stands as `Contingency` too: only the written ones.)
        if matches!(s.trigger, TriggerSpec::Contingency)
            && !injects.iter().any(|other| other.on_missed == Some(i))
        {
            warning(
                format!("injects[{i}].trigger"),
                format!(
                    "contingency inject `{}` is never delivered: no inject names it in `on_missed`",
                    s.id
                ),
            );
        }
        let played = |seat: &str| {
            spec.players.iter().any(|p| {
                seat_node(scenario, p).is_some_and(|node| Some(node) == seat_node(scenario, seat))
            })
        };
        if !s.expects.is_empty()
            && !spec.players.is_empty()
            && role_exists(scenario, &s.to)
            && !played(&s.to)
        {
            warning(
                format!("injects[{i}].to"),
                format!(
                    "expects actions of `{}`, a seat no player takes: the doctrine plays it and the expectation scores the doctrine",
                    s.to
                ),
            );
        }
    }
    for (k, o) in spec.objectives.iter().enumerate() {
        if !spec
            .injects
            .iter()
            .any(|s| s.objective.as_deref() == Some(o.id.as_str()))
        {
            warning(
                format!("objectives[{k}]"),
                format!("objective `{}` is tested by no inject", o.id),
            );
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
    let problems = problems.into_inner();
    if problems.has_errors() {
        return (None, problems);
    }
    let exercise = Exercise {
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
    };
    (Some(exercise), problems)
}

/// The minute inject `i` is delivered, when its trigger fixes it (`At`, or an `After` chain from
/// an `At`); `Err` when its `After` chain loops.
fn delivery_minute(injects: &[Inject], i: usize) -> Result<Option<u32>, ()> {
    let mut at = i;
    let mut delay = 0u32;
    for _ in 0..=injects.len() {
        match injects[at].trigger {
            Trigger::At(minute) => return Ok(Some(minute.saturating_add(delay))),
            Trigger::After { inject, delay_min } => {
                delay = delay.saturating_add(delay_min);
                at = inject;
                if at == i {
                    return Err(());
                }
            }
            Trigger::When(_) | Trigger::Contingency => return Ok(None),
        }
    }
    // A chain longer than the list runs into a loop that does not include `i`; that loop's own
    // injects report it.
    Ok(None)
}

/// `H:MM` for a minute of the exercise.
fn clock(minute: u32) -> String {
    format!("{}:{:02}", minute / 60, minute % 60)
}
