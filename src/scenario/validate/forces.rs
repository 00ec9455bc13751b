//! Forces: teams, their bases and capabilities.

use std::collections::BTreeSet;

use super::validator::Validator;
use crate::scenario::diagnostic::closest;
use crate::scenario::load::Sourced;
use crate::scenario::model::{CommandNode, Echelon, Team};
use crate::scenario::spec::*;

pub(super) fn check_forces(v: &mut Validator, forces: &Sourced<ForcesSpec>) -> Vec<Team> {
    let file = forces.file.as_str();
    let f = &forces.value;
    if f.teams.is_empty() {
        v.warning(file, "forces.teams".into(), "is empty: nobody responds");
    }
    v.unique_ids(file, "forces.teams", f.teams.iter().map(|t| t.id.as_str()));
    let mut teams = Vec::with_capacity(f.teams.len());
    for (i, t) in f.teams.iter().enumerate() {
        let path = format!("forces.teams[{i}]");
        let base = v.place_ref(file, format!("{path}.base"), &t.base);
        if t.size == 0 || t.size > 20_000 {
            v.error_hint(
                file,
                format!("{path}.size"),
                format!("{} people is not a team", t.size),
                "write the number of people, between 1 and 20000",
            );
        }
        v.fields(file, &path)
            .speed("speed_kmh", t.speed_kmh, 2.0, 1_000.0, "a team on foot");
        if t.capabilities.is_empty() {
            v.error_hint(
                file,
                format!("{path}.capabilities"),
                "is empty: the team can do nothing",
                "add e.g. [(kind: Extrication, rate: 0.3)]",
            );
        }
        let mut capabilities: Vec<(Capability, f64)> = Vec::new();
        let mut seen = BTreeSet::new();
        for (j, c) in t.capabilities.iter().enumerate() {
            v.positive_from(
                file,
                format!("{path}.capabilities[{j}].rate"),
                c.rate,
                (0.001, 1_000.0),
                "/h",
                "less than one piece of work in a thousand hours",
            );
            if !seen.insert(c.kind) {
                v.error(
                    file,
                    format!("{path}.capabilities[{j}].kind"),
                    format!("{:?} is listed twice", c.kind),
                );
            }
            capabilities.push((c.kind, c.rate));
        }
        capabilities.sort_by_key(|(k, _)| *k);
        let mobilisation_min =
            v.duration(file, format!("{path}.mobilisation"), t.mobilisation, true);
        let shift_min = v.duration(file, format!("{path}.shift"), t.shift, false);
        let rest_min = match t.rest {
            Some(rest) => v.duration(file, format!("{path}.rest"), rest, true),
            None => shift_min,
        };
        teams.push(Team {
            id: t.id.clone(),
            name: t.name.clone(),
            kind: t.kind,
            size: t.size,
            base,
            speed_kmh: t.speed_kmh,
            capabilities,
            mobilisation_min,
            shift_min,
            rest_min,
            echelon: None,
        });
    }
    teams
}

/// Resolves the reinforcement echelons' HQs (`held_by`, the HQs whose levels release them)
/// against the organisation, once both parts are read.
pub(super) fn check_echelons(
    v: &mut Validator,
    forces: &Sourced<ForcesSpec>,
    teams: &mut [Team],
    organisation: &[CommandNode],
) {
    let file = forces.file.as_str();
    let node = |v: &mut Validator, path: String, id: &str| -> Option<usize> {
        if let Some(n) = organisation.iter().position(|n| n.id == id) {
            return Some(n);
        }
        let hint = match closest(id, organisation.iter().map(|n| n.id.as_str())) {
            Some(s) => format!("did you mean `{s}`? node ids are defined in organisation.nodes"),
            None => "use the id of a node in organisation.nodes (e.g. a ProvincialHq)".into(),
        };
        v.error_hint(file, path, format!("unknown node `{id}`"), hint);
        None
    };
    for (i, t) in forces.value.teams.iter().enumerate() {
        let Some(e) = &t.echelon else { continue };
        let path = format!("forces.teams[{i}].echelon");
        let held_by = node(v, format!("{path}.held_by"), &e.held_by);
        let approach_min = v.duration(file, format!("{path}.approach"), e.approach, true);
        let mut on_level = Vec::new();
        let mut on_request = false;
        for (j, r) in e.released_by.iter().enumerate() {
            match r {
                ReleaseSpec::Request => on_request = true,
                ReleaseSpec::Level { hq, ladder, level } => {
                    let path = format!("{path}.released_by[{j}].hq");
                    let Some(n) = node(v, path.clone(), hq) else {
                        continue;
                    };
                    if organisation[n].kind.government().is_none() {
                        v.error_hint(
                            file,
                            path,
                            format!(
                                "`{hq}` is a {:?}, which declares no levels",
                                organisation[n].kind
                            ),
                            "name a CountyHq, PrefectureHq, ProvincialHq or NationalHq",
                        );
                        continue;
                    }
                    on_level.push((n, *ladder, *level));
                }
            }
        }
        if e.released_by.is_empty() {
            v.warning(
                file,
                format!("{path}.released_by"),
                "is empty: nothing releases this echelon",
            );
        }
        if let (Some(held_by), Some(team)) = (held_by, teams.get_mut(i)) {
            team.echelon = Some(Echelon {
                held_by,
                approach_min,
                on_level,
                on_request,
            });
        }
    }
}
