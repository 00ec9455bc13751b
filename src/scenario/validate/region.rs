//! The region: places, housing, roads and rivers.

use std::collections::{BTreeMap, VecDeque};

use super::validator::Validator;
use crate::scenario::diagnostic::closest;
use crate::scenario::load::Sourced;
use crate::scenario::model::{Place, PlaceIndex, Region, Road};
use crate::scenario::spec::*;

/// Most residents one place may have; keeps every count far inside `u32`.
const MAX_PLACE_POPULATION: u64 = 30_000_000;
/// Most residents a whole scenario may have.
const MAX_TOTAL_POPULATION: u64 = 1_000_000_000;

pub(super) fn check_region(
    v: &mut Validator,
    region: &Sourced<RegionSpec>,
    models: &ModelsSpec,
) -> Region {
    let file = region.file.as_str();
    let r = &region.value;
    v.unique_ids(
        file,
        "region.places",
        r.places.iter().map(|p| p.id.as_str()),
    );
    let mut ids: BTreeMap<String, PlaceIndex> = BTreeMap::new();
    for (index, place) in r.places.iter().enumerate() {
        ids.entry(place.id.clone()).or_insert(index);
    }
    v.places = Some(ids);

    if r.places.is_empty() {
        v.error(
            file,
            "region.places".into(),
            "is empty; a region needs a County place",
        );
    }
    let counties: Vec<usize> = r
        .places
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == PlaceKind::County)
        .map(|(i, _)| i)
        .collect();
    v.county_seat = counties.first().copied();
    // A region holds one county or several side by side (each a seat with its towns under it).
    if counties.is_empty() && !r.places.is_empty() {
        v.error_hint(
            file,
            "region.places".into(),
            "has no place of kind County",
            "each county has a seat (kind: County); towns hang under it",
        );
    }

    let mut total: u64 = 0;
    let mut places = Vec::with_capacity(r.places.len());
    for (index, p) in r.places.iter().enumerate() {
        let path = format!("region.places[{index}]");
        if p.name.trim().is_empty() {
            v.warning(file, format!("{path}.name"), "is empty");
        }
        v.coordinates(file, &path, p.x_km, p.y_km);
        if p.population > MAX_PLACE_POPULATION {
            v.error_hint(
                file,
                format!("{path}.population"),
                format!("{} residents in one place is absurd", p.population),
                format!("a place holds at most {MAX_PLACE_POPULATION} residents; split it into several places"),
            );
        }
        total = total.saturating_add(p.population);

        let parent = match (&p.parent, p.kind) {
            (None, PlaceKind::County) => None,
            (Some(_), PlaceKind::County) => {
                v.error_hint(
                    file,
                    format!("{path}.parent"),
                    "the county seat has no parent",
                    "remove `parent` from the County place",
                );
                None
            }
            (None, kind) => {
                v.error_hint(
                    file,
                    format!("{path}.parent"),
                    format!("a {kind:?} needs a parent"),
                    if kind == PlaceKind::Town {
                        "set `parent` to the county seat's id"
                    } else {
                        "set `parent` to the id of the village's town"
                    },
                );
                None
            }
            (Some(parent_id), kind) => {
                let parent = v.place_ref(file, format!("{path}.parent"), parent_id);
                if parent != usize::MAX {
                    let want = if kind == PlaceKind::Town {
                        PlaceKind::County
                    } else {
                        PlaceKind::Town
                    };
                    let got = r.places[parent].kind;
                    if got != want {
                        v.error_hint(
                            file,
                            format!("{path}.parent"),
                            format!("a {kind:?}'s parent must be a {want:?}, but `{parent_id}` is a {got:?}"),
                            "places form a county → town → village hierarchy",
                        );
                    }
                }
                Some(parent)
            }
        };

        let mut housing = Vec::new();
        if p.housing.is_empty() && p.population > 0 {
            v.error_hint(
                file,
                format!("{path}.housing"),
                "is empty but the place has residents",
                format!(
                    "give shares by building class, e.g. [(class: \"{}\", share: 1.0)]",
                    models
                        .fragility
                        .first()
                        .map(|f| f.class.as_str())
                        .unwrap_or("urm_precode")
                ),
            );
        }
        let mut share_sum = 0.0;
        for (h_index, h) in p.housing.iter().enumerate() {
            let h_path = format!("{path}.housing[{h_index}]");
            v.fraction(file, format!("{h_path}.share"), h.share);
            share_sum += h.share;
            match v.classes.get(&h.class) {
                Some(class) => housing.push((*class, h.share)),
                None => {
                    let known: Vec<&str> =
                        models.fragility.iter().map(|f| f.class.as_str()).collect();
                    let hint = match closest(&h.class, known.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!(
                            "classes are defined in models.fragility: {}",
                            known.join(", ")
                        ),
                    };
                    v.error_hint(
                        file,
                        format!("{h_path}.class"),
                        format!("unknown building class `{}`", h.class),
                        hint,
                    );
                }
            }
        }
        if !p.housing.is_empty() && share_sum.is_finite() && (share_sum - 1.0).abs() > 0.01 {
            v.error_hint(
                file,
                format!("{path}.housing"),
                format!("shares add up to {share_sum:.3}"),
                "housing shares must add up to 1",
            );
        }
        let mut tags = p.tags.clone();
        tags.sort();
        tags.dedup();
        if tags.len() != p.tags.len() {
            v.warning(file, format!("{path}.tags"), "lists a tag more than once");
        }
        places.push(Place {
            id: p.id.clone(),
            name: p.name.clone(),
            kind: p.kind,
            parent,
            x_km: p.x_km,
            y_km: p.y_km,
            population: p.population.min(MAX_PLACE_POPULATION) as u32,
            housing,
            tags,
            preparedness: p.preparedness,
        });
    }
    if total > MAX_TOTAL_POPULATION {
        v.error(
            file,
            "region.places".into(),
            format!("total population {total} exceeds {MAX_TOTAL_POPULATION}"),
        );
    }

    v.unique_ids(file, "region.roads", r.roads.iter().map(|x| x.id.as_str()));
    let mut roads = Vec::with_capacity(r.roads.len());
    for (index, road) in r.roads.iter().enumerate() {
        let path = format!("region.roads[{index}]");
        let from = v.place_ref(file, format!("{path}.from"), &road.from);
        let to = v.place_ref(file, format!("{path}.to"), &road.to);
        if road.from == road.to {
            v.error_hint(
                file,
                format!("{path}.to"),
                format!("the road starts and ends at `{}`", road.from),
                "a road links two different places",
            );
        }
        v.positive_from(
            file,
            format!("{path}.length_km"),
            road.length_km,
            (0.001, 2_000.0),
            " km",
            "shorter than a metre",
        );
        if from != usize::MAX
            && to != usize::MAX
            && road.length_km.is_finite()
            && road.length_km > 0.0
        {
            let (a, b) = (&r.places[from], &r.places[to]);
            let straight = ((a.x_km - b.x_km).powi(2) + (a.y_km - b.y_km).powi(2)).sqrt();
            if road.length_km + 0.5 < straight * 0.95 {
                v.warning(
                    file,
                    format!("{path}.length_km"),
                    format!(
                        "{} km is shorter than the straight line between its ends ({straight:.1} km)",
                        road.length_km
                    ),
                );
            }
        }
        roads.push(Road {
            id: road.id.clone(),
            from,
            to,
            length_km: road.length_km,
            class: road.class,
            tags: road.tags.clone(),
        });
    }

    // Every place must be reachable by road from the county seat.
    if counties.len() == 1 {
        let n = places.len();
        let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); n];
        for road in roads.iter().filter(|r| r.from < n && r.to < n) {
            adjacency[road.from].push(road.to);
            adjacency[road.to].push(road.from);
        }
        let mut seen = vec![false; n];
        let mut queue = VecDeque::from([counties[0]]);
        seen[counties[0]] = true;
        while let Some(at) = queue.pop_front() {
            for &next in &adjacency[at] {
                if !seen[next] {
                    seen[next] = true;
                    queue.push_back(next);
                }
            }
        }
        let first_with_id = v.places.clone().unwrap_or_default();
        for (index, reached) in seen.iter().enumerate() {
            // A duplicate id was already reported; its roads resolved to the first place.
            let duplicate = first_with_id.get(&places[index].id) != Some(&index);
            if !reached && !duplicate {
                let place = &places[index];
                let parent_hint = place
                    .parent
                    .and_then(|p| places.get(p))
                    .map(|parent| format!(", e.g. (id: \"r-{}\", from: \"{}\", to: \"{}\", length_km: …, class: Village)", place.id, parent.id, place.id))
                    .unwrap_or_default();
                v.error_hint(
                    file,
                    format!("region.places[{index}]"),
                    format!(
                        "place `{}` cannot be reached by road from the county seat",
                        place.id
                    ),
                    format!("add a road to it in region.roads{parent_hint}"),
                );
            }
        }
    }

    let mut rivers = Vec::new();
    v.unique_ids(
        file,
        "region.rivers",
        r.rivers.iter().map(|x| x.id.as_str()),
    );
    for (i, river) in r.rivers.iter().enumerate() {
        let path = format!("region.rivers[{i}]");
        if river.places.len() < 2 {
            v.error(
                file,
                format!("{path}.places"),
                "a river runs past at least two places",
            );
        }
        let along: Vec<usize> = river
            .places
            .iter()
            .enumerate()
            .map(|(j, id)| v.place_ref(file, format!("{path}.places[{j}]"), id))
            .collect();
        v.fields(file, &path)
            .positive("flood_rain_mm", river.flood_rain_mm, 5_000.0, " mm");
        rivers.push(crate::scenario::River {
            id: river.id.clone(),
            name: river.name.clone(),
            places: along,
            flood_rain_mm: river.flood_rain_mm,
        });
    }
    Region {
        name: r.name.clone(),
        places,
        roads,
        rivers,
    }
}
