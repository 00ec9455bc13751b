//! Overrides: `--set PATH=VALUE` changes one value of a scenario before validation.
//!
//! A path names a part and walks into it: `plan.dispatch.max_teams_per_site`,
//! `facilities.depots[0].stocks.food`, `forces.teams[*].speed_kmh` (every team),
//! `models.survival.scale_days`, `scenario.duration`. The part is turned into a JSON tree, the
//! value set, and the tree read back through the same serde types — so an override is checked
//! exactly like the file it replaces, and then validated with everything else.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::diagnostic::Diagnostic;
use super::load::{AssembledSpec, Sourced};
use super::spec::{ModelsSpec, TargetsSpec};

/// One `PATH=VALUE`.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    pub path: String,
    pub value: Value,
}

impl Override {
    /// Reads `PATH=VALUE`. The value is JSON when it parses as JSON (numbers, `true`, lists),
    /// otherwise a string (`Manual`, `30m`).
    pub fn parse(text: &str) -> Result<Override, OverrideError> {
        let (path, raw) = text
            .split_once('=')
            .ok_or_else(|| OverrideError::NotPathValue(text.to_string()))?;
        let path = path.trim();
        if path.is_empty() {
            return Err(OverrideError::NoPath(text.to_string()));
        }
        Ok(Override {
            path: path.to_string(),
            value: parse_value(raw.trim()),
        })
    }

    /// `PATH=VALUE` as the user would write it.
    pub fn label(&self) -> String {
        match &self.value {
            Value::String(s) => format!("{}={s}", self.path),
            other => format!("{}={other}", self.path),
        }
    }
}

/// A value as JSON if it parses, else a string.
pub fn parse_value(raw: &str) -> Value {
    serde_json::from_str(raw).unwrap_or_else(|_| Value::String(raw.to_string()))
}

/// Why an override could not be read or applied. Each message is what `--set` reports.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OverrideError {
    #[error("`{0}` is not PATH=VALUE, e.g. plan.dispatch.max_teams_per_site=2")]
    NotPathValue(String),
    #[error("`{0}` has no path before `=`")]
    NoPath(String),
    #[error("`{0}` has an empty name")]
    EmptyName(String),
    #[error("`{path}`: {problem}")]
    BadPath { path: String, problem: PathProblem },
    #[error("a path starts with a part name")]
    NoPartName,
    #[error(
        "`{0}` is not a part; paths start with scenario, region, facilities, forces, \
         organisation, hazards, plan, targets or models"
    )]
    NotAPart(String),
    #[error("the scenario has no {0} part to change")]
    NoSuchPart(String),
    #[error("`{0}` has no fields")]
    NoFields(String),
    #[error("`{walked}` has no field `{name}`; its fields are: {known}")]
    NoSuchField {
        walked: String,
        name: String,
        known: String,
    },
    #[error("`{0}` is not a list")]
    NotAList(String),
    #[error("`{walked}` has {len} items; [{index}] is out of range")]
    OutOfRange {
        walked: String,
        len: usize,
        index: usize,
    },
    /// The part could not be turned into a tree (cannot happen for the spec types).
    #[error("{0}")]
    Unreadable(String),
    /// The changed part does not read back through the spec types.
    #[error("{label}: {reason}")]
    Rejected { label: String, reason: String },
}

/// What is wrong inside a path's brackets.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathProblem {
    #[error("`[` without `]`")]
    Unclosed,
    #[error("`[{0}]` is not an index or `*`")]
    NotAnIndex(String),
    #[error("unexpected `{0}`")]
    Unexpected(String),
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Field(String),
    Index(usize),
    Every,
}

fn parse_path(path: &str) -> Result<Vec<Step>, OverrideError> {
    let bad = |problem| OverrideError::BadPath {
        path: path.to_string(),
        problem,
    };
    let mut steps = Vec::new();
    for segment in path.split('.') {
        let (name, rest) = match segment.find('[') {
            Some(i) => (&segment[..i], &segment[i..]),
            None => (segment, ""),
        };
        if name.is_empty() {
            return Err(OverrideError::EmptyName(path.to_string()));
        }
        steps.push(Step::Field(name.to_string()));
        let mut rest = rest;
        while !rest.is_empty() {
            let close = rest.find(']').ok_or_else(|| bad(PathProblem::Unclosed))?;
            let inside = &rest[1..close];
            steps.push(if inside == "*" {
                Step::Every
            } else {
                Step::Index(
                    inside
                        .parse()
                        .map_err(|_| bad(PathProblem::NotAnIndex(inside.to_string())))?,
                )
            });
            rest = &rest[close + 1..];
            if !rest.is_empty() && !rest.starts_with('[') {
                return Err(bad(PathProblem::Unexpected(rest.to_string())));
            }
        }
    }
    Ok(steps)
}

fn set_at(
    node: &mut Value,
    steps: &[Step],
    value: &Value,
    walked: &str,
) -> Result<usize, OverrideError> {
    let Some((step, rest)) = steps.split_first() else {
        *node = value.clone();
        return Ok(1);
    };
    match step {
        Step::Field(name) => {
            let Value::Object(map) = node else {
                return Err(OverrideError::NoFields(walked.to_string()));
            };
            let known = map.keys().cloned().collect::<Vec<_>>().join(", ");
            let Some(child) = map.get_mut(name) else {
                return Err(OverrideError::NoSuchField {
                    walked: walked.to_string(),
                    name: name.clone(),
                    known,
                });
            };
            set_at(child, rest, value, &format!("{walked}.{name}"))
        }
        Step::Index(index) => {
            let Value::Array(items) = node else {
                return Err(OverrideError::NotAList(walked.to_string()));
            };
            let len = items.len();
            let child = items
                .get_mut(*index)
                .ok_or_else(|| OverrideError::OutOfRange {
                    walked: walked.to_string(),
                    len,
                    index: *index,
                })?;
            set_at(child, rest, value, &format!("{walked}[{index}]"))
        }
        Step::Every => {
            let Value::Array(items) = node else {
                return Err(OverrideError::NotAList(walked.to_string()));
            };
            let mut changed = 0;
            for (index, item) in items.iter_mut().enumerate() {
                changed += set_at(item, rest, value, &format!("{walked}[{index}]"))?;
            }
            Ok(changed)
        }
    }
}

fn override_part<T: Serialize + DeserializeOwned>(
    part: &mut T,
    steps: &[Step],
    over: &Override,
) -> Result<(), OverrideError> {
    let mut tree =
        serde_json::to_value(&*part).map_err(|e| OverrideError::Unreadable(e.to_string()))?;
    let Some((Step::Field(head), rest)) = steps.split_first() else {
        return Err(OverrideError::NoPartName);
    };
    set_at(&mut tree, rest, &over.value, head)?;
    *part = serde_json::from_value(tree).map_err(|e| OverrideError::Rejected {
        label: over.label(),
        reason: e.to_string(),
    })?;
    Ok(())
}

/// Applies overrides to an assembled scenario. Each failure is a diagnostic naming the override.
pub fn apply(spec: &mut AssembledSpec, overrides: &[Override]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let file = spec.file.clone();
    for over in overrides {
        let result = parse_path(&over.path).and_then(|steps| {
            let Some(Step::Field(part)) = steps.first() else {
                return Err(OverrideError::NoPartName);
            };
            fn present<T: Serialize + DeserializeOwned>(
                slot: &mut Option<Sourced<T>>,
                name: &str,
                steps: &[Step],
                over: &Override,
            ) -> Result<(), OverrideError> {
                match slot {
                    Some(sourced) => override_part(&mut sourced.value, steps, over),
                    None => Err(OverrideError::NoSuchPart(name.to_string())),
                }
            }
            fn defaulted<T: Serialize + DeserializeOwned + Default>(
                slot: &mut Option<Sourced<T>>,
                file: &str,
                steps: &[Step],
                over: &Override,
            ) -> Result<(), OverrideError> {
                let sourced = slot.get_or_insert_with(|| Sourced {
                    value: T::default(),
                    file: file.to_string(),
                });
                override_part(&mut sourced.value, steps, over)
            }
            match part.as_str() {
                "scenario" => override_part(&mut spec.scenario, &steps, over),
                "region" => present(&mut spec.region, "region", &steps, over),
                "facilities" => present(&mut spec.facilities, "facilities", &steps, over),
                "forces" => present(&mut spec.forces, "forces", &steps, over),
                "organisation" => present(&mut spec.organisation, "organisation", &steps, over),
                "hazards" => present(&mut spec.hazards, "hazards", &steps, over),
                "plan" => present(&mut spec.plan, "plan", &steps, over),
                "targets" => defaulted::<TargetsSpec>(&mut spec.targets, &file, &steps, over),
                "models" => defaulted::<ModelsSpec>(&mut spec.models, &file, &steps, over),
                other => Err(OverrideError::NotAPart(other.to_string())),
            }
        });
        if let Err(error) = result {
            diagnostics.push(
                Diagnostic::error_at(&file, format!("--set {}", over.label()), error.to_string())
                    .with_hint(
                    "paths look like plan.dispatch.max_teams_per_site or forces.teams[*].speed_kmh",
                ),
            );
        }
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_parse_into_steps() {
        assert_eq!(
            parse_path("forces.teams[*].capabilities[0].rate").unwrap(),
            vec![
                Step::Field("forces".into()),
                Step::Field("teams".into()),
                Step::Every,
                Step::Field("capabilities".into()),
                Step::Index(0),
                Step::Field("rate".into()),
            ]
        );
        assert!(parse_path("plan..x").is_err());
        assert!(parse_path("forces.teams[x]").is_err());
        assert!(parse_path("forces.teams[1").is_err());
    }

    #[test]
    fn values_are_json_or_strings() {
        assert_eq!(parse_value("3"), Value::from(3));
        assert_eq!(parse_value("0.5"), Value::from(0.5));
        assert_eq!(parse_value("Manual"), Value::from("Manual"));
        assert_eq!(parse_value("30m"), Value::from("30m"));
        assert!(Override::parse("no-equals").is_err());
        assert_eq!(Override::parse("a.b=1").unwrap().label(), "a.b=1");
    }

    #[test]
    fn each_problem_reads_as_set_reports_it() {
        let message = |result: Result<Vec<Step>, OverrideError>| result.unwrap_err().to_string();
        assert_eq!(
            Override::parse("no-equals").unwrap_err().to_string(),
            "`no-equals` is not PATH=VALUE, e.g. plan.dispatch.max_teams_per_site=2"
        );
        assert_eq!(
            Override::parse(" =3").unwrap_err().to_string(),
            "` =3` has no path before `=`"
        );
        assert_eq!(
            message(parse_path("plan..x")),
            "`plan..x` has an empty name"
        );
        assert_eq!(
            message(parse_path("forces.teams[x]")),
            "`forces.teams[x]`: `[x]` is not an index or `*`"
        );
        assert_eq!(
            message(parse_path("forces.teams[1")),
            "`forces.teams[1`: `[` without `]`"
        );
        assert_eq!(
            message(parse_path("forces.teams[1]x")),
            "`forces.teams[1]x`: unexpected `x`"
        );
        let mut tree = serde_json::json!({"a": {"b": [1, 2]}, "c": 3});
        let steps = parse_path("p.a.b[5]").unwrap();
        assert_eq!(
            set_at(&mut tree, &steps[1..], &Value::from(0), "p")
                .unwrap_err()
                .to_string(),
            "`p.a.b` has 2 items; [5] is out of range"
        );
        let steps = parse_path("p.d").unwrap();
        assert_eq!(
            set_at(&mut tree, &steps[1..], &Value::from(0), "p")
                .unwrap_err()
                .to_string(),
            "`p` has no field `d`; its fields are: a, c"
        );
        assert_eq!(
            OverrideError::NotAPart("x".into()).to_string(),
            "`x` is not a part; paths start with scenario, region, facilities, forces, \
             organisation, hazards, plan, targets or models"
        );
    }
}
