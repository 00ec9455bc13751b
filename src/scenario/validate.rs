//! Semantic validation: assembled specs → [`Scenario`], or every problem at once.
//!
//! Each check names the path to the offending value (`forces.teams[3].base`) and, where it can,
//! says what to write instead. Checks never stop at the first problem: the validator records a
//! diagnostic and carries on with a placeholder so later checks still run.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::diagnostic::{Diagnostic, Diagnostics, closest};
use super::load::{AssembledSpec, Sourced};
use super::spec::*;
use super::{
    CommandNode, CommsTower, Depot, Dispatch, Earthquake, Facilities, Hazard, HazardousSite,
    Helipad, Hospital, Loaded, Place, PlaceIndex, Plan, Region, Road, Scenario, Shelter, Team,
};

/// Most residents one place may have; keeps every count far inside `u32`.
const MAX_PLACE_POPULATION: u64 = 30_000_000;
/// A number as a person would write it in a message: plain when ordinary, in scientific
/// notation when huge or tiny (`1e308`, not three hundred digits).
fn shown(value: f64) -> String {
    let magnitude = value.abs();
    if value != 0.0 && value.is_finite() && !(1e-4..1e9).contains(&magnitude) {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

/// Most trucks one depot may have (each one is tracked through the run).
const MAX_DEPOT_VEHICLES: u64 = 10_000;
/// Most person-days of one kind of stock one depot may hold (a national reserve is far smaller).
const MAX_DEPOT_STOCK: u64 = 100_000_000;
/// Most people one shelter may hold.
const MAX_SHELTER_CAPACITY: u64 = 2_000_000;
/// Most duty staff one command node may have.
const MAX_DUTY_STAFF: u64 = 10_000;
/// Most residents a whole scenario may have.
const MAX_TOTAL_POPULATION: u64 = 1_000_000_000;
/// Coordinates beyond this many km from the origin are a mistake (a province is ~1 000 km).
const MAX_COORDINATE_KM: f64 = 5_000.0;

struct Validator {
    diagnostics: Diagnostics,
    /// Place id → index, once the region is read. `None` when checking a part on its own.
    places: Option<BTreeMap<String, PlaceIndex>>,
    /// Fragility class id → index.
    classes: BTreeMap<String, usize>,
}

impl Validator {
    fn error(&mut self, file: &str, path: String, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error_at(file, path, message));
    }

    fn error_hint(
        &mut self,
        file: &str,
        path: String,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.diagnostics
            .push(Diagnostic::error_at(file, path, message).with_hint(hint));
    }

    fn warning(&mut self, file: &str, path: String, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::warning_at(file, path, message));
    }

    /// A finite number in `[min, max]`; `unit` (e.g. `" km"`) follows the numbers in messages.
    fn number(&mut self, file: &str, path: String, value: f64, min: f64, max: f64, unit: &str) {
        if !value.is_finite() {
            self.error(
                file,
                path,
                format!("must be a finite number, not {}", shown(value)),
            );
        } else if value < min || value > max {
            self.error_hint(
                file,
                path,
                format!("is {}{unit}, outside the sensible range", shown(value)),
                format!("write a value between {min}{unit} and {max}{unit}"),
            );
        }
    }

    /// A strictly positive finite number no larger than `max`.
    fn positive(&mut self, file: &str, path: String, value: f64, max: f64, unit: &str) {
        if !value.is_finite() || value <= 0.0 {
            self.error_hint(
                file,
                path,
                format!("is {}{unit}; it must be greater than 0", shown(value)),
                format!("write a positive value up to {max}{unit}"),
            );
        } else if value > max {
            self.error_hint(
                file,
                path,
                format!("is {}{unit}, which is absurd here", shown(value)),
                format!("write a value no larger than {max}{unit}"),
            );
        }
    }

    /// A speed in km/h between `min` (below it the thing would hardly move: a trip of a few
    /// kilometres would outlast the run) and `max`.
    fn speed(&mut self, file: &str, path: String, value: f64, min: f64, max: f64, what: &str) {
        let below = format!("slower than {what}");
        self.positive_from(file, path, value, (min, max), " km/h", &below);
    }

    /// A positive number in `[min, max]`; below `min` it is `below` (e.g. "slower than a team
    /// on foot"), which is absurd: a tiny positive number is as good as zero, and divides work
    /// into near-infinite time.
    fn positive_from(
        &mut self,
        file: &str,
        path: String,
        value: f64,
        (min, max): (f64, f64),
        unit: &str,
        below: &str,
    ) {
        if value.is_finite() && value > 0.0 && value < min {
            self.error_hint(
                file,
                path,
                format!(
                    "is {}{unit}, {below} ({min}{unit}), which is absurd",
                    shown(value)
                ),
                format!("write a value between {min} and {max}{unit}"),
            );
        } else {
            self.positive(file, path, value, max, unit);
        }
    }

    /// A count no larger than `max`; `what` names the things counted in the message.
    fn count(&mut self, file: &str, path: String, value: u64, max: u64, what: &str) {
        if value > max {
            self.error_hint(
                file,
                path,
                format!("{value} {what} is absurd here"),
                format!("write a number no larger than {max}"),
            );
        }
    }

    /// A depot's stocks, each in person-days (bounded: a county's reserve is far smaller).
    fn stocks(&mut self, file: &str, path: &str, stocks: &super::spec::StocksSpec) {
        for (name, value) in [
            ("tents", stocks.tents),
            ("food", stocks.food),
            ("water", stocks.water),
        ] {
            let what = format!("person-days of {name}");
            self.count(
                file,
                format!("{path}.{name}"),
                value as u64,
                MAX_DEPOT_STOCK,
                &what,
            );
        }
    }

    /// A depot's trucks (each is simulated, so bounded like a hospital's ambulances) and stocks.
    fn depot(&mut self, file: &str, path: &str, vehicles: u32, stocks: &super::spec::StocksSpec) {
        let trucks = format!("{path}.vehicles");
        self.count(file, trucks, vehicles as u64, MAX_DEPOT_VEHICLES, "trucks");
        self.stocks(file, &format!("{path}.stocks"), stocks);
    }

    /// A share: a finite number in `[0, 1]`.
    fn fraction(&mut self, file: &str, path: String, value: f64) {
        self.number(file, path, value, 0.0, 1.0, "");
    }

    /// A point's `x_km` and `y_km` under `path`, each within [`MAX_COORDINATE_KM`] of the origin.
    fn coordinates(&mut self, file: &str, path: &str, x_km: f64, y_km: f64) {
        let (min, max) = (-MAX_COORDINATE_KM, MAX_COORDINATE_KM);
        self.number(file, format!("{path}.x_km"), x_km, min, max, " km");
        self.number(file, format!("{path}.y_km"), y_km, min, max, " km");
    }

    /// The checks for the values under `path` in `file`, named relative to it:
    /// `v.fields(file, "models.roads").positive("beta", r.beta, 3.0, "")` checks
    /// `models.roads.beta`.
    fn fields<'a>(&'a mut self, file: &'a str, path: impl Into<String>) -> Fields<'a> {
        Fields {
            v: self,
            file,
            path: path.into(),
        }
    }

    fn nonempty_id(&mut self, file: &str, path: String, id: &str) {
        if id.trim().is_empty() {
            self.error(file, path, "is empty; every item needs a unique id");
        } else if id.chars().any(char::is_whitespace) {
            self.error_hint(
                file,
                path,
                format!("`{id}` contains whitespace"),
                "use letters, digits, `-` and `_` in ids",
            );
        }
    }

    /// Checks ids are unique within one list.
    fn unique_ids<'a>(
        &mut self,
        file: &str,
        list_path: &str,
        ids: impl IntoIterator<Item = &'a str>,
    ) {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (index, id) in ids.into_iter().enumerate() {
            self.nonempty_id(file, format!("{list_path}[{index}].id"), id);
            if let Some(first) = seen.get(id) {
                self.error_hint(
                    file,
                    format!("{list_path}[{index}].id"),
                    format!("duplicate id `{id}`, first used at {list_path}[{first}]"),
                    "give every item its own id",
                );
            } else {
                seen.insert(id, index);
            }
        }
    }

    /// Resolves a place reference; `usize::MAX` when it does not resolve (an error is recorded).
    fn place_ref(&mut self, file: &str, path: String, id: &str) -> PlaceIndex {
        let Some(places) = &self.places else {
            return usize::MAX;
        };
        if let Some(index) = places.get(id) {
            return *index;
        }
        let suggestion = closest(id, places.keys().map(String::as_str));
        let hint = match suggestion {
            Some(s) => format!("did you mean `{s}`? place ids are defined in region.places"),
            None => "use the id of a place defined in region.places".to_string(),
        };
        self.error_hint(file, path, format!("unknown place `{id}`"), hint);
        usize::MAX
    }

    fn duration(&mut self, file: &str, path: String, value: Duration, allow_zero: bool) -> u32 {
        let minutes = value.as_minutes();
        if minutes == 0 && !allow_zero {
            self.error_hint(
                file,
                path,
                "is zero",
                "write a positive duration such as \"30m\"",
            );
        }
        minutes
    }
}

use super::units::Duration;

/// The values under one path (`models.roads`) of one file, checked by their names relative to
/// it; see [`Validator::fields`]. Each check reports exactly as the [`Validator`] method of the
/// same name would at the full path.
struct Fields<'a> {
    v: &'a mut Validator,
    file: &'a str,
    path: String,
}

impl Fields<'_> {
    /// The full path of the value `name` (`beta`, `medians_g[2]`).
    fn path(&self, name: &str) -> String {
        format!("{}.{name}", self.path)
    }

    /// [`Validator::number`] for the value `name`.
    fn number(&mut self, name: &str, value: f64, min: f64, max: f64, unit: &str) {
        let path = self.path(name);
        self.v.number(self.file, path, value, min, max, unit);
    }

    /// [`Validator::positive`] for the value `name`.
    fn positive(&mut self, name: &str, value: f64, max: f64, unit: &str) {
        let path = self.path(name);
        self.v.positive(self.file, path, value, max, unit);
    }

    /// [`Validator::speed`] for the value `name`.
    fn speed(&mut self, name: &str, value: f64, min: f64, max: f64, what: &str) {
        let path = self.path(name);
        self.v.speed(self.file, path, value, min, max, what);
    }

    /// [`Validator::fraction`] for the value `name`.
    fn fraction(&mut self, name: &str, value: f64) {
        let path = self.path(name);
        self.v.fraction(self.file, path, value);
    }

    /// [`Validator::duration`] for the value `name`.
    fn duration(&mut self, name: &str, value: Duration, allow_zero: bool) -> u32 {
        let path = self.path(name);
        self.v.duration(self.file, path, value, allow_zero)
    }
}

/// Validates an assembled scenario.
pub(super) fn validate(spec: &AssembledSpec) -> Result<Loaded, Diagnostics> {
    let mut v = Validator {
        diagnostics: Diagnostics::default(),
        places: None,
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
        .map(|f| check_facilities(&mut v, f))
        .unwrap_or_default();
    let teams = match &spec.forces {
        Some(forces) => check_forces(&mut v, forces),
        None => {
            v.diagnostics.push(missing("forces", "Forces"));
            Vec::new()
        }
    };
    let organisation = match &spec.organisation {
        Some(org) => check_organisation(&mut v, org),
        None => {
            v.warning(
                root,
                "scenario.organisation".into(),
                "no organisation part: the command chain is a lone county HQ",
            );
            Vec::new()
        }
    };
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
            t.value.clone()
        }
        None => TargetsSpec::default(),
    };
    if let (Some(region), true) = (&region, spec.facilities.is_none()) {
        let _ = region;
        v.warning(
            root,
            "scenario.facilities".into(),
            "no facilities part: no hospitals, shelters or depots",
        );
    }

    let grading = match &spec.grading {
        Some(g) => {
            check_grading(&mut v, &g.file, &g.value);
            g.value.clone()
        }
        None => national_grading(),
    };

    // The plan's pre-positioning changes team bases and adds forward depots.
    let mut teams = teams;
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
                stocks: d.stocks,
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
            models,
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
            check_facilities(&mut v, &sourced(f, file));
        }
        DocumentSpec::Forces(f) => {
            check_forces(&mut v, &sourced(f, file));
        }
        DocumentSpec::Organisation(o) => {
            check_organisation(&mut v, &sourced(o, file));
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

fn check_region(v: &mut Validator, region: &Sourced<RegionSpec>, models: &ModelsSpec) -> Region {
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
    if counties.len() != 1 && !r.places.is_empty() {
        v.error_hint(
            file,
            "region.places".into(),
            format!("has {} places of kind County", counties.len()),
            "exactly one place is the county seat (kind: County); towns hang under it",
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
        rivers.push(super::River {
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

fn check_facilities(v: &mut Validator, facilities: &Sourced<FacilitiesSpec>) -> Facilities {
    let file = facilities.file.as_str();
    let f = &facilities.value;
    let mut out = Facilities::default();

    v.unique_ids(
        file,
        "facilities.shelters",
        f.shelters.iter().map(|x| x.id.as_str()),
    );
    for (i, s) in f.shelters.iter().enumerate() {
        let place = v.place_ref(file, format!("facilities.shelters[{i}].place"), &s.place);
        if s.capacity == 0 {
            v.warning(
                file,
                format!("facilities.shelters[{i}].capacity"),
                "is 0: the shelter holds nobody",
            );
        }
        v.count(
            file,
            format!("facilities.shelters[{i}].capacity"),
            s.capacity as u64,
            MAX_SHELTER_CAPACITY,
            "people in one shelter",
        );
        out.shelters.push(Shelter {
            id: s.id.clone(),
            name: s.name.clone(),
            place,
            capacity: s.capacity,
        });
    }
    v.unique_ids(
        file,
        "facilities.depots",
        f.depots.iter().map(|x| x.id.as_str()),
    );
    for (i, d) in f.depots.iter().enumerate() {
        let place = v.place_ref(file, format!("facilities.depots[{i}].place"), &d.place);
        v.depot(
            file,
            &format!("facilities.depots[{i}]"),
            d.vehicles,
            &d.stocks,
        );
        out.depots.push(Depot {
            id: d.id.clone(),
            name: d.name.clone(),
            place,
            stocks: d.stocks,
            vehicles: d.vehicles,
        });
    }
    v.unique_ids(
        file,
        "facilities.hospitals",
        f.hospitals.iter().map(|x| x.id.as_str()),
    );
    for (i, h) in f.hospitals.iter().enumerate() {
        let place = v.place_ref(file, format!("facilities.hospitals[{i}].place"), &h.place);
        if h.beds == 0 {
            v.warning(
                file,
                format!("facilities.hospitals[{i}].beds"),
                "is 0: the hospital admits nobody",
            );
        }
        if h.ambulances == 0 {
            v.warning(
                file,
                format!("facilities.hospitals[{i}].ambulances"),
                "is 0: no casualties can be carried to this hospital",
            );
        }
        if h.ambulances > 10_000 {
            v.error(
                file,
                format!("facilities.hospitals[{i}].ambulances"),
                format!("{} ambulances is absurd for one hospital", h.ambulances),
            );
        }
        if h.beds > 100_000 {
            v.error(
                file,
                format!("facilities.hospitals[{i}].beds"),
                format!("{} beds is absurd for one hospital", h.beds),
            );
        }
        out.hospitals.push(Hospital {
            id: h.id.clone(),
            name: h.name.clone(),
            place,
            beds: h.beds,
            ambulances: h.ambulances,
        });
    }
    v.unique_ids(
        file,
        "facilities.hazardous_sites",
        f.hazardous_sites.iter().map(|x| x.id.as_str()),
    );
    for (i, h) in f.hazardous_sites.iter().enumerate() {
        let place = v.place_ref(
            file,
            format!("facilities.hazardous_sites[{i}].place"),
            &h.place,
        );
        out.hazardous_sites.push(HazardousSite {
            id: h.id.clone(),
            name: h.name.clone(),
            place,
            kind: h.kind,
            workers: h.workers,
        });
    }
    v.unique_ids(
        file,
        "facilities.helipads",
        f.helipads.iter().map(|x| x.id.as_str()),
    );
    for (i, h) in f.helipads.iter().enumerate() {
        let place = v.place_ref(file, format!("facilities.helipads[{i}].place"), &h.place);
        out.helipads.push(Helipad {
            id: h.id.clone(),
            place,
        });
    }
    v.unique_ids(
        file,
        "facilities.comms_towers",
        f.comms_towers.iter().map(|x| x.id.as_str()),
    );
    for (i, t) in f.comms_towers.iter().enumerate() {
        let place = v.place_ref(
            file,
            format!("facilities.comms_towers[{i}].place"),
            &t.place,
        );
        let serves = t
            .serves
            .iter()
            .enumerate()
            .map(|(j, id)| {
                v.place_ref(
                    file,
                    format!("facilities.comms_towers[{i}].serves[{j}]"),
                    id,
                )
            })
            .collect();
        out.comms_towers.push(CommsTower {
            id: t.id.clone(),
            place,
            serves,
        });
    }
    out
}

fn check_forces(v: &mut Validator, forces: &Sourced<ForcesSpec>) -> Vec<Team> {
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
        });
    }
    teams
}

fn check_organisation(v: &mut Validator, org: &Sourced<OrganisationSpec>) -> Vec<CommandNode> {
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

fn check_hazards(
    v: &mut Validator,
    hazards: &Sourced<HazardsSpec>,
    duration_min: u32,
    region: Option<&Region>,
    sites: &[String],
) -> HazardSetup {
    let file = hazards.file.as_str();
    let h = &hazards.value;
    if h.events.is_empty() && !file.ends_with("cascades/default.ron") {
        v.error_hint(
            file,
            "hazards.events".into(),
            "is empty: the scenario has no disaster",
            "add e.g. Earthquake(id: \"mainshock\", x_km: 10.0, y_km: 20.0, magnitude: 6.8, depth_km: 14.0, time: \"10m\")",
        );
    }
    let ids: Vec<&str> = h.events.iter().map(HazardSpec::id).collect();
    v.unique_ids(file, "hazards.events", ids);
    let mut out = Vec::new();
    for (i, event) in h.events.iter().enumerate() {
        let path = format!("hazards.events[{i}]");
        match event {
            HazardSpec::Earthquake(q) => {
                if q.magnitude.is_finite() && q.magnitude > 9.5 {
                    v.error_hint(
                        file,
                        format!("{path}.magnitude"),
                        format!(
                            "M{} is beyond any earthquake ever recorded (the largest was M9.5)",
                            q.magnitude
                        ),
                        "write a magnitude between 3.0 and 9.5",
                    );
                } else {
                    v.number(file, format!("{path}.magnitude"), q.magnitude, 3.0, 9.5, "");
                }
                v.positive(file, format!("{path}.depth_km"), q.depth_km, 700.0, " km");
                v.coordinates(file, &path, q.x_km, q.y_km);
                let time_min = q.time.as_minutes();
                if time_min >= duration_min {
                    v.warning(
                        file,
                        format!("{path}.time"),
                        format!("strikes at {} but the run lasts {duration_min} min", q.time),
                    );
                }
                if let Some(region) = region {
                    let nearest = region
                        .places
                        .iter()
                        .map(|p| ((p.x_km - q.x_km).powi(2) + (p.y_km - q.y_km).powi(2)).sqrt())
                        .fold(f64::INFINITY, f64::min);
                    if nearest.is_finite() && nearest > 300.0 {
                        v.warning(
                            file,
                            format!("{path}.x_km"),
                            format!("the epicentre is {nearest:.0} km from the nearest place"),
                        );
                    }
                }
                if let Some(a) = &q.aftershocks {
                    let mainshock = q.magnitude.max(2.0);
                    let mut aftershocks = v.fields(file, format!("{path}.aftershocks"));
                    aftershocks.number("min_magnitude", a.min_magnitude, 2.0, mainshock, "");
                    aftershocks.positive("p", a.p, 3.0, "");
                    aftershocks.positive("c_days", a.c_days, 10.0, " d");
                    aftershocks.positive("b", a.b, 3.0, "");
                    aftershocks.number("a", a.a, -5.0, 2.0, "");
                    aftershocks.positive("radius_km", a.radius_km, 500.0, " km");
                }
                out.push(Hazard::Earthquake(Earthquake {
                    id: q.id.clone(),
                    name: q.name.clone(),
                    x_km: q.x_km,
                    y_km: q.y_km,
                    magnitude: q.magnitude,
                    depth_km: q.depth_km,
                    time_min,
                    aftershocks: q.aftershocks.clone(),
                }));
            }
            HazardSpec::Rainstorm(r) => {
                let mut storm = v.fields(file, &path);
                storm.positive("peak_mm_h", r.peak_mm_h, 300.0, " mm/h");
                storm.positive("radius_km", r.radius_km, 2_000.0, " km");
                let duration = storm.duration("duration", r.duration, false);
                v.coordinates(file, &path, r.x_km, r.y_km);
                out.push(Hazard::Rainstorm(super::Rainstorm {
                    id: r.id.clone(),
                    name: r.name.clone(),
                    start_min: r.start.as_minutes(),
                    end_min: r.start.as_minutes().saturating_add(duration),
                    peak_mm_h: r.peak_mm_h,
                    x_km: r.x_km,
                    y_km: r.y_km,
                    radius_km: r.radius_km,
                }));
            }
            HazardSpec::ForestFire(f) => {
                let place = v.place_ref(file, format!("{path}.place"), &f.place);
                let mut fire = v.fields(file, &path);
                fire.positive("spread_km_h", f.spread_km_h, 20.0, " km/h");
                fire.positive("reach_km", f.reach_km, 200.0, " km");
                if let Some(region) = region
                    && let Some(p) = region.places.get(place)
                    && !p.has_tag(Tag::ForestEdge)
                {
                    v.warning(
                        file,
                        format!("{path}.place"),
                        format!("`{}` is not tagged ForestEdge", p.id),
                    );
                }
                out.push(Hazard::ForestFire(super::ForestFire {
                    id: f.id.clone(),
                    name: f.name.clone(),
                    place,
                    time_min: f.time.as_minutes(),
                    spread_km_h: f.spread_km_h,
                    wind_from_deg: f.wind_from_deg,
                    reach_km: f.reach_km,
                }));
            }
            HazardSpec::ChemicalRelease(c) => {
                let site = match sites.iter().position(|s| s == &c.site) {
                    Some(s) => s,
                    None => {
                        v.error_hint(
                            file,
                            format!("{path}.site"),
                            format!("unknown hazardous site `{}`", c.site),
                            "use an id from facilities.hazardous_sites",
                        );
                        usize::MAX
                    }
                };
                out.push(Hazard::ChemicalRelease(super::ChemicalRelease {
                    id: c.id.clone(),
                    site,
                    time_min: c.time.as_minutes(),
                }));
            }
        }
    }
    let rules = h.cascades.clone().unwrap_or_else(|| default_cascades().0);
    for (i, rule) in rules.iter().enumerate() {
        let path = format!("hazards.cascades[{i}]");
        v.fraction(file, format!("{path}.probability"), rule.probability);
        if rule.delay.0 > rule.delay.1 {
            v.error(
                file,
                format!("{path}.delay"),
                "the minimum is longer than the maximum",
            );
        }
    }
    v.unique_ids(
        file,
        "hazards.cascades",
        rules.iter().map(|r| r.id.as_str()),
    );
    let monitoring = h.monitoring.clone().unwrap_or_else(|| default_cascades().1);
    for (i, m) in monitoring.iter().enumerate() {
        let mut monitor = v.fields(file, format!("hazards.monitoring[{i}]"));
        monitor.fraction("detect", m.detect);
        let false_alarms = m.false_alarms_per_day;
        monitor.number("false_alarms_per_day", false_alarms, 0.0, 100.0, "");
    }
    v.fields(file, "hazards")
        .number("wind_from_deg", h.wind_from_deg, -360.0, 360.0, "°");
    HazardSetup {
        events: out,
        cascades: rules,
        monitoring,
        wind_from_deg: h.wind_from_deg,
    }
}

/// Validated hazards: the events and the rules that link them.
pub(super) struct HazardSetup {
    pub events: Vec<Hazard>,
    pub cascades: Vec<CascadeSpec>,
    pub monitoring: Vec<MonitoringSpec>,
    pub wind_from_deg: f64,
}

/// The shipped cascade rules and monitoring.
pub fn default_cascades() -> (Vec<CascadeSpec>, Vec<MonitoringSpec>) {
    match super::load::parse_document(DEFAULT_CASCADES, "assets/cascades/default.ron") {
        Ok(DocumentSpec::Hazards(h)) => (
            h.cascades.unwrap_or_default(),
            h.monitoring.unwrap_or_default(),
        ),
        // Shipped with the binary and loaded by a test: cannot fail in a tested build.
        _ => (Vec::new(), Vec::new()),
    }
}

fn check_plan(v: &mut Validator, plan: &Sourced<PlanSpec>) -> Plan {
    let file = plan.file.as_str();
    let p = &plan.value;
    if p.name.trim().is_empty() {
        v.error(file, "plan.name".into(), "is empty; name the plan");
    }
    let d = &p.dispatch;
    if d.max_teams_per_site == 0 {
        v.error_hint(
            file,
            "plan.dispatch.max_teams_per_site".into(),
            "is 0: no site could get a team",
            "write 1 or more (3 is usual)",
        );
    }
    v.fraction(file, "plan.dispatch.reserve_share".into(), d.reserve_share);
    if d.priorities.is_empty() && d.rule == DispatchRule::NearestCapable {
        v.warning(
            file,
            "plan.dispatch.priorities".into(),
            "is empty: the doctrine will dispatch nothing",
        );
    }
    let mut priorities = Vec::new();
    for (i, task) in d.priorities.iter().enumerate() {
        if priorities.contains(task) {
            v.warning(
                file,
                format!("plan.dispatch.priorities[{i}]"),
                format!("{task:?} is listed twice"),
            );
        } else {
            priorities.push(*task);
        }
    }
    let r = &p.reporting;
    for (name, value) in [
        ("phone_deadline", r.phone_deadline),
        ("written_deadline", r.written_deadline),
        ("followup_every", r.followup_every),
        ("verified_within", r.verified_within),
        ("sweep_after", r.sweep_after),
        ("phone_hop", r.phone_hop),
        ("satellite_hop", r.satellite_hop),
    ] {
        v.duration(file, format!("plan.reporting.{name}"), value, false);
    }
    let mut reporting = v.fields(file, "plan.reporting");
    reporting.fraction("missed_share", r.missed_share);
    reporting.speed(
        "runner_speed_kmh",
        r.runner_speed_kmh,
        1.0,
        50.0,
        "a walking runner",
    );
    if r.written_deadline < r.phone_deadline {
        v.warning(
            file,
            "plan.reporting.written_deadline".into(),
            "is earlier than the phone deadline",
        );
    }
    let f = &p.field_command;
    v.duration(
        file,
        "plan.field_command.sitrep_every".into(),
        f.sitrep_every,
        false,
    );
    if f.setup_delay_min.0 > f.setup_delay_min.1 {
        v.error(
            file,
            "plan.field_command.setup_delay_min".into(),
            "the minimum is larger than the maximum",
        );
    }
    let w = &p.warning;
    for (i, c) in w.channels.iter().enumerate() {
        v.fraction(file, format!("plan.warning.channels[{i}].reach"), c.reach);
    }
    let mut warning = v.fields(file, "plan.warning");
    warning.fraction("comply_advisory", w.comply_advisory);
    warning.fraction("comply_order", w.comply_order);
    warning.fraction("demonstration_bonus", w.demonstration_bonus);
    warning.duration("departure_median", w.departure_median, false);
    let evacuation_kmh = w.evacuation_speed_kmh;
    warning.speed(
        "evacuation_speed_kmh",
        evacuation_kmh,
        0.5,
        100.0,
        "the slowest walkers",
    );
    for (i, rule) in w.rules.iter().enumerate() {
        if let WarningTrigger::RainAbove(mm) = rule.trigger {
            warning.positive(&format!("rules[{i}].trigger"), mm, 5_000.0, " mm");
        }
    }
    let mut kinds = BTreeSet::new();
    for (i, a) in p.response.activation.iter().enumerate() {
        if !kinds.insert(a.kind) {
            v.error(
                file,
                format!("plan.response.activation[{i}].kind"),
                format!("{:?} is listed twice", a.kind),
            );
        }
    }
    Plan {
        name: p.name.clone(),
        description: p.description.clone(),
        dispatch: Dispatch {
            rule: d.rule,
            priorities,
            max_teams_per_site: d.max_teams_per_site,
            reserve_share: d.reserve_share,
        },
        reporting: p.reporting.clone(),
        response: p.response.clone(),
        command: p.command.clone(),
        field_command: p.field_command.clone(),
        warning: p.warning.clone(),
    }
}

fn check_targets(v: &mut Validator, file: &str, t: &TargetsSpec) {
    let mut targets = v.fields(file, "targets");
    targets.fraction("relief_within_4h", t.relief_within_4h);
    targets.fraction("warning_coverage", t.warning_coverage);
    let aviation_min = t.aviation_first_arrival_min;
    targets.positive("aviation_first_arrival_min", aviation_min, 10_000.0, " min");
}

fn check_models(v: &mut Validator, file: &str, m: &ModelsSpec) {
    let mut survival = v.fields(file, "models.survival");
    survival.positive("shape", m.survival.shape, 10.0, "");
    survival.positive("scale_days", m.survival.scale_days, 60.0, " d");
    let att = &m.attenuation;
    for (name, axis) in [
        ("long_axis", &att.long_axis),
        ("short_axis", &att.short_axis),
    ] {
        let mut coefficients = v.fields(file, format!("models.attenuation.{name}"));
        for (field, value) in [("a", axis.a), ("b", axis.b), ("c", axis.c), ("r0", axis.r0)] {
            coefficients.number(field, value, -100.0, 100.0, "");
        }
        if axis.r0 < 0.0 {
            v.error(
                file,
                format!("models.attenuation.{name}.r0"),
                "must not be negative",
            );
        }
    }
    let mut attenuation = v.fields(file, "models.attenuation");
    attenuation.positive("pga_at_vii_g", att.pga_at_vii_g, 5.0, " g");
    attenuation.positive("pga_factor_per_degree", att.pga_factor_per_degree, 10.0, "");
    attenuation.number("strike_deg", att.strike_deg, -360.0, 360.0, "°");
    if m.fragility.is_empty() {
        v.error(
            file,
            "models.fragility".into(),
            "is empty: no building class is defined",
        );
    }
    v.unique_ids(
        file,
        "models.fragility",
        m.fragility.iter().map(|f| f.class.as_str()),
    );
    for (i, f) in m.fragility.iter().enumerate() {
        let path = format!("models.fragility[{i}]");
        if f.medians_g.len() != 4 {
            v.error_hint(
                file,
                format!("{path}.medians_g"),
                format!("has {} values", f.medians_g.len()),
                "give four medians (g): slight, moderate, extensive, complete",
            );
        }
        for (j, median) in f.medians_g.iter().enumerate() {
            v.positive(file, format!("{path}.medians_g[{j}]"), *median, 20.0, " g");
        }
        if f.medians_g.windows(2).any(|w| w[0] > w[1]) {
            v.error_hint(
                file,
                format!("{path}.medians_g"),
                "medians must not decrease from slight to complete damage",
                "list medians for slight, moderate, extensive, complete in increasing order",
            );
        }
        v.positive(file, format!("{path}.beta"), f.beta, 3.0, "");
        v.fraction(file, format!("{path}.collapse_share"), f.collapse_share);
    }
    let c = &m.casualties;
    let mut casualties = v.fields(file, "models.casualties");
    for (name, value) in [
        ("occupancy_night", c.occupancy_night),
        ("occupancy_day", c.occupancy_day),
        ("killed_in_collapse", c.killed_in_collapse),
        ("trapped_in_collapse", c.trapped_in_collapse),
        ("injured_in_collapse", c.injured_in_collapse),
        ("heavily_trapped_share", c.heavily_trapped_share),
        ("injured_in_complete", c.injured_in_complete),
        ("injured_in_extensive", c.injured_in_extensive),
        ("rescued_injured_share", c.rescued_injured_share),
    ] {
        casualties.fraction(name, value);
    }
    let collapse_sum = c.killed_in_collapse + c.trapped_in_collapse + c.injured_in_collapse;
    if collapse_sum > 1.0 + 1e-9 {
        v.error_hint(
            file,
            "models.casualties".into(),
            format!("killed + trapped + injured in collapse add up to {collapse_sum:.2}"),
            "these are shares of the same occupants and must add up to at most 1",
        );
    }
    v.fields(file, "models.casualties")
        .positive("household_size", c.household_size, 50.0, "");
    let l = &m.local_rescue;
    let mut local_rescue = v.fields(file, "models.local_rescue");
    local_rescue.fraction("freed_share_basic", l.freed_share_basic);
    local_rescue.fraction("freed_share_demonstration", l.freed_share_demonstration);
    local_rescue.duration("mean_time", l.mean_time, false);
    local_rescue.positive("light_speedup", l.light_speedup, 100.0, "");
    let r = &m.roads;
    if r.class_speed_factor.len() != 5 {
        v.error_hint(
            file,
            "models.roads.class_speed_factor".into(),
            format!("has {} values", r.class_speed_factor.len()),
            "give five factors: expressway, national, provincial, county, village",
        );
    }
    let mut roads = v.fields(file, "models.roads");
    for (j, factor) in r.class_speed_factor.iter().enumerate() {
        roads.positive(&format!("class_speed_factor[{j}]"), *factor, 10.0, "");
    }
    roads.positive("degraded_speed_factor", r.degraded_speed_factor, 1.0, "");
    roads.positive("degrade_median_g", r.degrade_median_g, 20.0, " g");
    roads.positive("block_median_g", r.block_median_g, 20.0, " g");
    let susceptibility = r.mountain_susceptibility;
    roads.positive("mountain_susceptibility", susceptibility, 100.0, "");
    roads.positive("beta", r.beta, 3.0, "");
    let (lo, hi) = r.clear_work_hours;
    roads.positive("clear_work_hours.0", lo, 1_000.0, " h");
    roads.positive("clear_work_hours.1", hi, 1_000.0, " h");
    if lo > hi {
        v.error(
            file,
            "models.roads.clear_work_hours".into(),
            "the minimum is larger than the maximum",
        );
    }
    let mut comms = v.fields(file, "models.comms");
    comms.positive("tower_median_g", m.comms.tower_median_g, 20.0, " g");
    comms.positive("beta", m.comms.beta, 3.0, "");
    let sec = &m.secondary;
    let mut secondary = v.fields(file, "models.secondary");
    secondary.positive("rain_threshold_a", sec.rain_threshold_a, 1_000.0, " mm/h");
    secondary.number("rain_threshold_b", sec.rain_threshold_b, 0.0, 3.0, "");
    for (name, value) in [
        ("landslide_buried", sec.landslide_buried),
        ("landslide_displaced", sec.landslide_displaced),
        ("flood_mortality", sec.flood_mortality),
        ("outburst_mortality", sec.outburst_mortality),
        ("flood_injured", sec.flood_injured),
        ("chemical_worker_deaths", sec.chemical_worker_deaths),
        ("chemical_injured", sec.chemical_injured),
        ("chemical_deaths", sec.chemical_deaths),
        ("fire_mortality", sec.fire_mortality),
        ("collapse_trapped", sec.collapse_trapped),
    ] {
        secondary.fraction(name, value);
    }
    secondary.positive("debris_flow_factor", sec.debris_flow_factor, 100.0, "");
    secondary.positive("chemical_zone_km", sec.chemical_zone_km, 100.0, " km");
    let (lo, hi) = sec.barrier_fill_h;
    secondary.positive("barrier_fill_h.0", lo, 1_000.0, " h");
    secondary.positive("barrier_fill_h.1", hi, 1_000.0, " h");
    if lo > hi {
        v.error(
            file,
            "models.secondary.barrier_fill_h".into(),
            "the minimum is larger than the maximum",
        );
    }
    if m.relief.kits_per_vehicle == 0 {
        v.error(
            file,
            "models.relief.kits_per_vehicle".into(),
            "is 0: trucks would carry nothing",
        );
    }
    let vehicle_kmh = m.relief.vehicle_speed_kmh;
    v.fields(file, "models.relief").speed(
        "vehicle_speed_kmh",
        vehicle_kmh,
        5.0,
        300.0,
        "a truck on a wrecked road",
    );
    let a = &m.ambulance;
    if a.capacity == 0 {
        v.error(
            file,
            "models.ambulance.capacity".into(),
            "is 0: ambulances could carry nobody",
        );
    }
    v.fields(file, "models.ambulance").speed(
        "speed_kmh",
        a.speed_kmh,
        5.0,
        300.0,
        "an ambulance on a wrecked road",
    );
}

/// The national grading pack shipped with drillsim.
pub fn national_grading() -> GradingSpec {
    match super::load::parse_document(NATIONAL_GRADING, "assets/doctrine/cn-national.ron") {
        Ok(DocumentSpec::Grading(g)) => g,
        // The pack is part of the binary and a test loads it; this cannot happen in a build
        // that passed its tests.
        _ => GradingSpec {
            name: "empty".into(),
            description: String::new(),
            tables: Vec::new(),
        },
    }
}

/// Tables the simulation reads; a custom pack must provide them.
pub const REQUIRED_TABLES: [&str; 4] = [
    "earthquake_deaths",
    "earthquake_initial_dense",
    "earthquake_initial_other",
    "production_safety",
];

fn check_grading(v: &mut Validator, file: &str, g: &GradingSpec) {
    v.unique_ids(
        file,
        "grading.tables",
        g.tables.iter().map(|t| t.id.as_str()),
    );
    for id in REQUIRED_TABLES {
        if g.table(id).is_none() {
            v.error_hint(
                file,
                "grading.tables".into(),
                format!("has no table `{id}`"),
                "copy the table from assets/doctrine/cn-national.ron and adjust it",
            );
        }
    }
    for (i, table) in g.tables.iter().enumerate() {
        if table.rows.is_empty() {
            v.error(file, format!("grading.tables[{i}].rows"), "is empty");
        }
        if table.rows.windows(2).any(|w| w[0].level >= w[1].level) {
            v.error_hint(
                file,
                format!("grading.tables[{i}].rows"),
                "rows are not in order from the most severe level down",
                "list rows Ⅰ, Ⅱ, Ⅲ, Ⅳ in that order",
            );
        }
        for (j, row) in table.rows.iter().enumerate() {
            if row.any_of.is_empty() {
                v.error(
                    file,
                    format!("grading.tables[{i}].rows[{j}].any_of"),
                    "is empty",
                );
            }
            for (k, t) in row.any_of.iter().enumerate() {
                let path = format!("grading.tables[{i}].rows[{j}].any_of[{k}].at_least");
                v.number(file, path, t.at_least, 0.0, 1e12, "");
            }
        }
    }
}
