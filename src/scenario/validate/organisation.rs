//! The organisation: command nodes, their parents and the places they answer for.

use std::collections::BTreeMap;

use super::validator::Validator;
use crate::scenario::diagnostic::closest;
use crate::scenario::load::Sourced;
use crate::scenario::model::CommandNode;
use crate::scenario::spec::*;

/// Most duty staff one command node may have.
const MAX_DUTY_STAFF: u64 = 10_000;

pub(super) fn check_organisation(
    v: &mut Validator,
    org: &Sourced<OrganisationSpec>,
) -> Vec<CommandNode> {
    let file = org.file.as_str();
    let o = &org.value;
    v.unique_ids(
        file,
        "organisation.nodes",
        o.nodes.iter().map(|n| n.id.as_str()),
    );
    let index: BTreeMap<&str, usize> = o
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let hqs = o
        .nodes
        .iter()
        .filter(|n| n.kind == CommandKind::CountyHq)
        .count();
    if hqs != 1 {
        v.error_hint(
            file,
            "organisation.nodes".into(),
            format!("has {hqs} nodes of kind CountyHq"),
            "exactly one county HQ heads the chain",
        );
    }
    let mut nodes = Vec::with_capacity(o.nodes.len());
    for (i, n) in o.nodes.iter().enumerate() {
        let path = format!("organisation.nodes[{i}]");
        let place = v.place_ref(file, format!("{path}.place"), &n.place);
        let parent = match (&n.parent, n.kind) {
            (None, CommandKind::CountyHq) => None,
            (Some(_), CommandKind::CountyHq) => {
                v.error(
                    file,
                    format!("{path}.parent"),
                    "the county HQ reports to nobody; remove `parent`",
                );
                None
            }
            (None, _) => {
                v.error_hint(
                    file,
                    format!("{path}.parent"),
                    "is missing",
                    "name the node this one reports to",
                );
                None
            }
            (Some(p), _) => match index.get(p.as_str()) {
                Some(&parent) => Some(parent),
                None => {
                    let hint = match closest(p, index.keys().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "use the id of another organisation node".into(),
                    };
                    v.error_hint(
                        file,
                        format!("{path}.parent"),
                        format!("unknown node `{p}`"),
                        hint,
                    );
                    None
                }
            },
        };
        if n.span_of_control == 0 {
            v.error(
                file,
                format!("{path}.span_of_control"),
                "is 0; NIMS suggests 3–7, best 5",
            );
        } else if n.span_of_control > 50 {
            v.warning(
                file,
                format!("{path}.span_of_control"),
                "is far above the 3–7 of NIMS",
            );
        }
        v.count(
            file,
            format!("{path}.duty_staff"),
            n.duty_staff as u64,
            MAX_DUTY_STAFF,
            "duty staff at one command node",
        );
        nodes.push(CommandNode {
            id: n.id.clone(),
            name: n.name.clone(),
            kind: n.kind,
            parent,
            place,
            span_of_control: n.span_of_control,
            duty_staff: n.duty_staff,
        });
    }
    // The chain must be a tree: following parents always reaches the county HQ.
    for (i, node) in nodes.iter().enumerate() {
        let mut at = node.parent;
        let mut steps = 0;
        while let Some(p) = at {
            steps += 1;
            if steps > nodes.len() {
                v.error_hint(
                    file,
                    format!("organisation.nodes[{i}].parent"),
                    format!("`{}` is part of a reporting loop", node.id),
                    "each node reports up a chain that ends at the county HQ",
                );
                break;
            }
            at = nodes[p].parent;
        }
    }
    nodes
}
