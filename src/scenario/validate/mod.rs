//! Semantic validation: assembled specs → [`Scenario`], or every problem at once.
//!
//! Each check names the path to the offending value (`forces.teams[3].base`) and, where it can,
//! says what to write instead. Checks never stop at the first problem: the validator records a
//! diagnostic and carries on with a placeholder so later checks still run.

mod facilities;
mod forces;
mod grading;
mod hazards;
mod models;
mod organisation;
mod plan;
mod region;
mod targets;
mod validator;

use std::collections::BTreeMap;

use crate::scenario::Loaded;
use crate::scenario::diagnostic::{Diagnostic, Diagnostics};
use crate::scenario::load::{AssembledSpec, Sourced};
use crate::scenario::model::{Depot, Models, Scenario, Stocks, Targets};
use crate::scenario::spec::*;
use facilities::check_facilities;
use forces::{check_echelons, check_forces};
use grading::{check_grading, grading_model, national_grading};
use hazards::{HazardSetup, check_hazards};
use models::check_models;
use organisation::check_organisation;
use plan::check_plan;
use region::check_region;
use targets::check_targets;
use validator::Validator;

/// Validates an assembled scenario.
pub(super) fn validate(spec: &AssembledSpec) -> Result<Loaded, Diagnostics> {
    let mut v = Validator {
        diagnostics: Diagnostics::default(),
        places: None,
        county_seat: None,
        classes: BTreeMap::new(),
    };
    let root = spec.file.as_str();
    let s = &spec.scenario;

    if s.name.trim().is_empty() {
        v.error(root, "scenario.name".into(), "is empty; name the scenario");
    }
    let duration_min = v.duration(root, "scenario.duration".into(), s.duration, false);
    let tick_min = match s.tick {
        Some(tick) => v.duration(root, "scenario.tick".into(), tick, false),
        None => 1,
    };
    if tick_min > 0 && duration_min > 0 && tick_min > duration_min {
        v.error(
            root,
            "scenario.tick".into(),
            format!("{tick_min} min is longer than the whole run ({duration_min} min)"),
        );
    }
    if tick_min > 60 {
        v.warning(
            root,
            "scenario.tick".into(),
            "ticks longer than an hour blur rescue and travel times",
        );
    }

    let models = match &spec.models {
        Some(models) => {
            check_models(&mut v, &models.file, &models.value);
            models.value.clone()
        }
        None => ModelsSpec::default(),
    };
    for (index, class) in models.fragility.iter().enumerate() {
        v.classes.insert(class.class.clone(), index);
    }

    let missing = |part: &str, variant: &str| {
        Diagnostic::error_at(
            root,
            format!("scenario.{part}"),
            format!("the {part} part is missing"),
        )
        .with_hint(format!(
            "add `{part}: (...)` to the scenario or include a file that starts with {variant}(...)"
        ))
    };

    let region = match &spec.region {
        Some(region) => Some(check_region(&mut v, region, &models)),
        None => {
            v.diagnostics.push(missing("region", "Region"));
            None
        }
    };
    let facilities = spec
        .facilities
        .as_ref()
        .map(|f| check_facilities(&mut v, f, region.as_ref()))
        .unwrap_or_default();
    let teams = match &spec.forces {
        Some(forces) => check_forces(&mut v, forces),
        None => {
            v.diagnostics.push(missing("forces", "Forces"));
            Vec::new()
        }
    };
    let organisation = match &spec.organisation {
        Some(org) => check_organisation(&mut v, org, region.as_ref()),
        None if region.as_ref().is_some_and(|r| r.counties().count() > 1) => {
            v.error_hint(
                root,
                "scenario.organisation".into(),
                "is missing, but the region has several counties",
                "add an organisation with one CountyHq at each county seat",
            );
            Vec::new()
        }
        None => {
            v.warning(
                root,
                "scenario.organisation".into(),
                "no organisation part: the command chain is a lone county HQ",
            );
            Vec::new()
        }
    };
    let mut teams = teams;
    if let Some(forces) = &spec.forces {
        check_echelons(&mut v, forces, &mut teams, &organisation);
    }
    let site_ids: Vec<String> = facilities
        .hazardous_sites
        .iter()
        .map(|s| s.id.clone())
        .collect();
    let hazards = match &spec.hazards {
        Some(h) => check_hazards(&mut v, h, duration_min, region.as_ref(), &site_ids),
        None => {
            v.diagnostics.push(missing("hazards", "Hazards"));
            HazardSetup {
                events: Vec::new(),
                cascades: Vec::new(),
                monitoring: Vec::new(),
                wind_from_deg: 0.0,
            }
        }
    };
    let plan = match &spec.plan {
        Some(plan) => Some(check_plan(&mut v, plan)),
        None => {
            v.diagnostics.push(missing("plan", "Plan"));
            None
        }
    };
    let targets = match &spec.targets {
        Some(t) => {
            check_targets(&mut v, &t.file, &t.value);
            Targets::from(&t.value)
        }
        None => Targets::from(&TargetsSpec::default()),
    };
    if region.is_some() && spec.facilities.is_none() {
        v.warning(
            root,
            "scenario.facilities".into(),
            "no facilities part: no hospitals, shelters or depots",
        );
    }

    let grading = match &spec.grading {
        Some(g) => {
            check_grading(&mut v, &g.file, &g.value);
            grading_model(&g.value)
        }
        None => grading_model(&national_grading()),
    };

    // The plan's pre-positioning changes team bases and adds forward depots.
    let mut facilities = facilities;
    if let Some(plan_spec) = &spec.plan {
        let file = plan_spec.file.as_str();
        let pre = &plan_spec.value.preposition;
        for (i, m) in pre.teams.iter().enumerate() {
            let base = v.place_ref(file, format!("plan.preposition.teams[{i}].base"), &m.base);
            match teams.iter_mut().find(|t| t.id == m.team) {
                Some(team) if base != usize::MAX => team.base = base,
                Some(_) => {}
                None => v.error_hint(
                    file,
                    format!("plan.preposition.teams[{i}].team"),
                    format!("unknown team `{}`", m.team),
                    "use an id from forces.teams",
                ),
            }
        }
        for (i, d) in pre.depots.iter().enumerate() {
            let place = v.place_ref(
                file,
                format!("plan.preposition.depots[{i}].place"),
                &d.place,
            );
            if facilities.depots.iter().any(|x| x.id == d.id) {
                v.error(
                    file,
                    format!("plan.preposition.depots[{i}].id"),
                    format!("`{}` is already a depot", d.id),
                );
            }
            let path = format!("plan.preposition.depots[{i}]");
            v.depot(file, &path, d.vehicles, &d.stocks);
            facilities.depots.push(Depot {
                id: d.id.clone(),
                name: d.name.clone(),
                place,
                stocks: Stocks::from(&d.stocks),
                vehicles: d.vehicles,
            });
        }
    }

    if v.diagnostics.has_errors() {
        return Err(v.diagnostics);
    }
    let (Some(region), Some(plan)) = (region, plan) else {
        return Err(v.diagnostics);
    };
    Ok(Loaded {
        scenario: Scenario {
            name: s.name.clone(),
            description: s.description.clone(),
            start_time: s.start_time,
            duration_min,
            tick_min,
            region,
            facilities,
            teams,
            organisation,
            hazards: hazards.events,
            cascades: hazards.cascades,
            monitoring: hazards.monitoring,
            wind_from_deg: hazards.wind_from_deg,
            plan,
            targets,
            models: Models::from(&models),
            grading,
        },
        warnings: v.diagnostics,
    })
}

/// Validates one part on its own (`drillsim check part.ron`): numbers, ids and internal
/// references; references into other parts cannot be checked and are skipped.
pub(super) fn validate_part(part: &DocumentSpec, file: &str) -> Diagnostics {
    let mut v = Validator {
        diagnostics: Diagnostics::default(),
        places: None,
        county_seat: None,
        classes: BTreeMap::new(),
    };
    let models = ModelsSpec::default();
    for (index, class) in models.fragility.iter().enumerate() {
        v.classes.insert(class.class.clone(), index);
    }
    fn sourced<T>(value: T, file: &str) -> Sourced<T> {
        Sourced {
            value,
            file: file.to_string(),
        }
    }
    match part.clone() {
        DocumentSpec::Scenario(_) => {}
        DocumentSpec::Region(r) => {
            check_region(&mut v, &sourced(r, file), &models);
        }
        DocumentSpec::Facilities(f) => {
            check_facilities(&mut v, &sourced(f, file), None);
        }
        DocumentSpec::Forces(f) => {
            check_forces(&mut v, &sourced(f, file));
        }
        DocumentSpec::Organisation(o) => {
            check_organisation(&mut v, &sourced(o, file), None);
        }
        DocumentSpec::Hazards(h) => {
            check_hazards(&mut v, &sourced(h, file), u32::MAX, None, &[]);
        }
        DocumentSpec::Plan(p) => {
            check_plan(&mut v, &sourced(p, file));
        }
        DocumentSpec::Targets(t) => check_targets(&mut v, file, &t),
        DocumentSpec::Models(m) => check_models(&mut v, file, &m),
        DocumentSpec::Grading(g) => check_grading(&mut v, file, &g),
    }
    v.diagnostics
}
