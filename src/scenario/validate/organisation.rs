//! The organisation: command nodes, their parents and the places they answer for.

use std::collections::BTreeMap;

use super::validator::Validator;
use crate::scenario::diagnostic::closest;
use crate::scenario::load::Sourced;
use crate::scenario::model::{CommandNode, PlaceKind, Region};
use crate::scenario::spec::*;

/// Most duty staff one command node may have.
const MAX_DUTY_STAFF: u64 = 10_000;

pub(super) fn check_organisation(
    v: &mut Validator,
    org: &Sourced<OrganisationSpec>,
    region: Option<&Region>,
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
    if hqs == 0 {
        v.error_hint(
            file,
            "organisation.nodes".into(),
            "has no node of kind CountyHq",
            "each county of the region has one county HQ, at its seat",
        );
    }
    // An HQ above the county with no place sits, for messages carried by hand, at the first
    // county seat of the region (it always has phones: see `Chain`).
    let county_seat = v.county_seat();
    let mut nodes = Vec::with_capacity(o.nodes.len());
    for (i, n) in o.nodes.iter().enumerate() {
        let path = format!("organisation.nodes[{i}]");
        let (place, off_map) = match &n.place {
            Some(place) => (v.place_ref(file, format!("{path}.place"), place), false),
            None if n.kind.is_above_county() => (county_seat, true),
            None => {
                v.error_hint(
                    file,
                    format!("{path}.place"),
                    "is missing",
                    "name the place where the node sits; only HQs above the county (PrefectureHq, ProvincialHq, NationalHq) may be off the map",
                );
                (usize::MAX, false)
            }
        };
        let parent = match &n.parent {
            None if n.kind == CommandKind::CountyHq || n.kind.is_above_county() => None,
            None => {
                v.error_hint(
                    file,
                    format!("{path}.parent"),
                    "is missing",
                    "name the node this one reports to",
                );
                None
            }
            Some(p) => match index.get(p.as_str()) {
                Some(&parent) => {
                    let above = o.nodes[parent].kind;
                    if let Some(problem) = parent_problem(n.kind, above) {
                        v.error_hint(
                            file,
                            format!("{path}.parent"),
                            format!("`{p}` is a {above:?}: {problem}"),
                            "a county HQ reports to a prefecture, provincial or national HQ (or to nobody); each HQ above the county reports to a higher one",
                        );
                    }
                    Some(parent)
                }
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
            off_map,
            span_of_control: n.span_of_control,
            duty_staff: n.duty_staff,
        });
    }
    if let Some(region) = region {
        check_counties(v, file, &nodes, region);
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
                    "each node reports up a chain that ends at the county HQ or an HQ above it",
                );
                break;
            }
            at = nodes[p].parent;
        }
    }
    nodes
}

/// Why `kind` may not report to a node of kind `above`, if it may not: a county HQ reports only
/// to an HQ above the county, an HQ above the county only to a higher one, and every other node
/// to a node inside the county (never straight to the prefecture, province or nation).
fn parent_problem(kind: CommandKind, above: CommandKind) -> Option<&'static str> {
    match (kind.government(), above.government()) {
        (Some(own), Some(theirs)) if theirs <= own => {
            Some("an HQ reports only to an HQ of a higher level of government")
        }
        (Some(_), None) => Some("an HQ reports only to an HQ of a higher level of government"),
        (None, Some(_)) if above.is_above_county() => {
            Some("only a county HQ reports to an HQ above the county")
        }
        _ => None,
    }
}

/// One county HQ per county of the region: an HQ serves the county its place lies in, and where
/// the region holds several counties it sits at its county's seat.
fn check_counties(v: &mut Validator, file: &str, nodes: &[CommandNode], region: &Region) {
    let places = &region.places;
    let several = region.counties().count() > 1;
    let mut hq_of_county: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, node) in nodes.iter().enumerate() {
        if node.kind != CommandKind::CountyHq || node.place >= places.len() {
            continue;
        }
        let path = format!("organisation.nodes[{i}].place");
        let at = &places[node.place];
        if several && at.kind != PlaceKind::County {
            let seat = region.county_of(node.place).map(|c| places[c].id.as_str());
            v.error_hint(
                file,
                path.clone(),
                format!("`{}` is a {:?}, not a county seat", at.id, at.kind),
                match seat {
                    Some(seat) => format!(
                        "in a region of several counties each county HQ sits at its county's seat: `{seat}`"
                    ),
                    None => "in a region of several counties each county HQ sits at its county's seat (a place of kind County)".into(),
                },
            );
        }
        let Some(county) = region.county_of(node.place) else {
            continue;
        };
        if let Some(&first) = hq_of_county.get(&county) {
            v.error_hint(
                file,
                path,
                format!(
                    "`{}` is a second county HQ for county `{}` (the first is `{}`)",
                    node.id, places[county].id, nodes[first].id
                ),
                "each county has one county HQ; make this node another kind or move it to another county's seat",
            );
        } else {
            hq_of_county.insert(county, i);
        }
    }
    if nodes.iter().any(|n| n.kind == CommandKind::CountyHq) {
        for county in region.counties() {
            if !hq_of_county.contains_key(&county) {
                v.error_hint(
                    file,
                    "organisation.nodes".into(),
                    format!(
                        "county `{}` (region.places[{county}]) has no county HQ",
                        places[county].id
                    ),
                    format!(
                        "add a node of kind CountyHq with place: \"{}\"",
                        places[county].id
                    ),
                );
            }
        }
    }
}
