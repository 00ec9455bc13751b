//! The `Validator`: diagnostics with paths and hints, and the checks every part shares (numbers,
//! durations, ids, place references).

use std::collections::BTreeMap;

use crate::scenario::diagnostic::{Diagnostic, Diagnostics, closest};
use crate::scenario::model::PlaceIndex;
use crate::scenario::spec::StocksSpec;
use crate::scenario::units::Duration;

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
/// Coordinates beyond this many km from the origin are a mistake (a province is ~1 000 km).
const MAX_COORDINATE_KM: f64 = 5_000.0;

pub(super) struct Validator {
    pub(super) diagnostics: Diagnostics,
    /// Place id → index, once the region is read. `None` when checking a part on its own.
    pub(super) places: Option<BTreeMap<String, PlaceIndex>>,
    /// The first place of kind County, once the region is read.
    pub(super) county_seat: Option<PlaceIndex>,
    /// Fragility class id → index.
    pub(super) classes: BTreeMap<String, usize>,
}

impl Validator {
    pub(super) fn error(&mut self, file: &str, path: String, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error_at(file, path, message));
    }

    pub(super) fn error_hint(
        &mut self,
        file: &str,
        path: String,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.diagnostics
            .push(Diagnostic::error_at(file, path, message).with_hint(hint));
    }

    pub(super) fn warning(&mut self, file: &str, path: String, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::warning_at(file, path, message));
    }

    /// A finite number in `[min, max]`; `unit` (e.g. `" km"`) follows the numbers in messages.
    pub(super) fn number(
        &mut self,
        file: &str,
        path: String,
        value: f64,
        min: f64,
        max: f64,
        unit: &str,
    ) {
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
    pub(super) fn positive(&mut self, file: &str, path: String, value: f64, max: f64, unit: &str) {
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
    pub(super) fn speed(
        &mut self,
        file: &str,
        path: String,
        value: f64,
        min: f64,
        max: f64,
        what: &str,
    ) {
        let below = format!("slower than {what}");
        self.positive_from(file, path, value, (min, max), " km/h", &below);
    }

    /// A positive number in `[min, max]`; below `min` it is `below` (e.g. "slower than a team
    /// on foot"), which is absurd: a tiny positive number is as good as zero, and divides work
    /// into near-infinite time.
    pub(super) fn positive_from(
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
    pub(super) fn count(&mut self, file: &str, path: String, value: u64, max: u64, what: &str) {
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
    pub(super) fn stocks(&mut self, file: &str, path: &str, stocks: &StocksSpec) {
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
    pub(super) fn depot(&mut self, file: &str, path: &str, vehicles: u32, stocks: &StocksSpec) {
        let trucks = format!("{path}.vehicles");
        self.count(file, trucks, vehicles as u64, MAX_DEPOT_VEHICLES, "trucks");
        self.stocks(file, &format!("{path}.stocks"), stocks);
    }

    /// A share: a finite number in `[0, 1]`.
    pub(super) fn fraction(&mut self, file: &str, path: String, value: f64) {
        self.number(file, path, value, 0.0, 1.0, "");
    }

    /// A point's `x_km` and `y_km` under `path`, each within [`MAX_COORDINATE_KM`] of the origin.
    pub(super) fn coordinates(&mut self, file: &str, path: &str, x_km: f64, y_km: f64) {
        let (min, max) = (-MAX_COORDINATE_KM, MAX_COORDINATE_KM);
        self.number(file, format!("{path}.x_km"), x_km, min, max, " km");
        self.number(file, format!("{path}.y_km"), y_km, min, max, " km");
    }

    /// The checks for the values under `path` in `file`, named relative to it:
    /// `v.fields(file, "models.roads").positive("beta", r.beta, 3.0, "")` checks
    /// `models.roads.beta`.
    pub(super) fn fields<'a>(&'a mut self, file: &'a str, path: impl Into<String>) -> Fields<'a> {
        Fields {
            v: self,
            file,
            path: path.into(),
        }
    }

    pub(super) fn nonempty_id(&mut self, file: &str, path: String, id: &str) {
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
    pub(super) fn unique_ids<'a>(
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

    /// The first county seat of the region; `usize::MAX` when the region is not read or has
    /// none (an error is recorded there).
    pub(super) fn county_seat(&self) -> PlaceIndex {
        self.county_seat.unwrap_or(usize::MAX)
    }

    /// Resolves a place reference; `usize::MAX` when it does not resolve (an error is recorded).
    pub(super) fn place_ref(&mut self, file: &str, path: String, id: &str) -> PlaceIndex {
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

    pub(super) fn duration(
        &mut self,
        file: &str,
        path: String,
        value: Duration,
        allow_zero: bool,
    ) -> u32 {
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

/// The values under one path (`models.roads`) of one file, checked by their names relative to
/// it; see [`Validator::fields`]. Each check reports exactly as the [`Validator`] method of the
/// same name would at the full path.
pub(super) struct Fields<'a> {
    pub(super) v: &'a mut Validator,
    pub(super) file: &'a str,
    pub(super) path: String,
}

impl Fields<'_> {
    /// The full path of the value `name` (`beta`, `medians_g[2]`).
    pub(super) fn path(&self, name: &str) -> String {
        format!("{}.{name}", self.path)
    }

    /// [`Validator::number`] for the value `name`.
    pub(super) fn number(&mut self, name: &str, value: f64, min: f64, max: f64, unit: &str) {
        let path = self.path(name);
        self.v.number(self.file, path, value, min, max, unit);
    }

    /// [`Validator::positive`] for the value `name`.
    pub(super) fn positive(&mut self, name: &str, value: f64, max: f64, unit: &str) {
        let path = self.path(name);
        self.v.positive(self.file, path, value, max, unit);
    }

    /// [`Validator::speed`] for the value `name`.
    pub(super) fn speed(&mut self, name: &str, value: f64, min: f64, max: f64, what: &str) {
        let path = self.path(name);
        self.v.speed(self.file, path, value, min, max, what);
    }

    /// [`Validator::fraction`] for the value `name`.
    pub(super) fn fraction(&mut self, name: &str, value: f64) {
        let path = self.path(name);
        self.v.fraction(self.file, path, value);
    }

    /// [`Validator::duration`] for the value `name`.
    pub(super) fn duration(&mut self, name: &str, value: Duration, allow_zero: bool) -> u32 {
        let path = self.path(name);
        self.v.duration(self.file, path, value, allow_zero)
    }
}
