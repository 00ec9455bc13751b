//! What `merge` checks in a shard's lines: every KPI value in its range, the sums that must
//! agree, each replicate line's keys, and the curve sums.

use serde_json::{Map, Value};

use super::format::{Bounds, Row};
use crate::eval::summary::CurveSums;
use crate::sim::{Kpi, Kpis, Unit};

/// How each KPI's values are checked.
#[derive(Clone, Copy)]
pub(super) enum Kind {
    /// People who died: a whole number from 0 to the population.
    Deaths,
    /// A whole number ≥ 0 (people can be trapped, injured or displaced more than once).
    Count,
    /// A share from 0 to 1.
    Share,
    /// Minutes from 0 to the run's length.
    Minutes,
    /// Hours from 0 to the run's length.
    Hours,
    /// A response level: 1, 2, 3 or 4.
    Level,
    /// Road links: a whole number from 0 to the number of roads.
    Roads,
}

/// The range of `kpi`.
pub(super) fn kind_of(kpi: Kpi) -> Kind {
    match kpi.unit() {
        // Nobody dies twice: deaths are bounded by the population.
        Unit::People if matches!(kpi, Kpi::Deaths | Kpi::DeathsWhileTrapped) => Kind::Deaths,
        Unit::People => Kind::Count,
        Unit::Share => Kind::Share,
        Unit::Minutes => Kind::Minutes,
        Unit::Hours => Kind::Hours,
        Unit::Level => Kind::Level,
        Unit::Roads => Kind::Roads,
        Unit::Accidents => Kind::Count,
    }
}

/// Checks one KPI value against its range.
pub(super) fn check_value(kpi: Kpi, value: &Value, bounds: &Bounds) -> Result<Option<f64>, String> {
    let (name, kind, nullable) = (kpi.name(), kind_of(kpi), kpi.may_be_null());
    let v = match value {
        Value::Null if nullable => return Ok(None),
        Value::Null => return Err(format!("{name} is null; it always has a value")),
        Value::Number(n) => n
            .as_f64()
            .ok_or_else(|| format!("{name} is {n}, not a number drillsim writes"))?,
        other => return Err(format!("{name} is {other}, not a number")),
    };
    let whole = |max: Option<u64>, what: &str| -> Result<(), String> {
        if v < 0.0 || v.fract() != 0.0 || v > 9.0e15 {
            return Err(format!("{name} is {v}; it is a whole number of {what} ≥ 0"));
        }
        match max {
            Some(max) if v > max as f64 => Err(format!(
                "{name} is {v}, more than the scenario's {max} {what}"
            )),
            _ => Ok(()),
        }
    };
    let within = |low: f64, high: f64, what: &str| -> Result<(), String> {
        if (low..=high).contains(&v) {
            Ok(())
        } else {
            Err(format!("{name} is {v}; {what} from {low} to {high}"))
        }
    };
    match kind {
        Kind::Deaths => whole(Some(bounds.population), "people")?,
        Kind::Count => whole(None, "people or events")?,
        Kind::Roads => whole(Some(bounds.roads), "road links")?,
        Kind::Share => within(0.0, 1.0, "it is a share")?,
        Kind::Minutes => within(0.0, bounds.minutes as f64, "it is minutes within the run")?,
        Kind::Hours => within(
            0.0,
            bounds.minutes as f64 / 60.0,
            "it is hours within the run",
        )?,
        Kind::Level => {
            if ![1.0, 2.0, 3.0, 4.0].contains(&v) {
                return Err(format!("{name} is {v}; a level is 1, 2, 3 or 4"));
            }
        }
    }
    Ok(Some(v))
}

/// The KPIs of a replicate line, every value checked, and the sums that must agree.
pub(super) fn parse_kpis(object: &Map<String, Value>, bounds: &Bounds) -> Result<Kpis, String> {
    if let Some(unknown) = object.keys().find(|k| Kpi::from_name(k).is_none()) {
        return Err(format!("unknown KPI `{unknown}`"));
    }
    let mut entries = Vec::with_capacity(Kpi::ALL.len());
    for kpi in Kpi::ALL {
        let name = kpi.name();
        let value = object
            .get(name)
            .ok_or_else(|| format!("the KPI {name} is missing"))?;
        entries.push((name, check_value(kpi, value, bounds)?));
    }
    let kpis = Kpis::from_entries(entries)?;
    let n = |v: Option<f64>| v.unwrap_or(0.0);
    if n(kpis.rescued_alive) != n(kpis.rescued_by_teams) + n(kpis.rescued_by_locals) {
        return Err(format!(
            "rescued_alive is {}, not rescued_by_teams + rescued_by_locals ({} + {})",
            n(kpis.rescued_alive),
            n(kpis.rescued_by_teams),
            n(kpis.rescued_by_locals)
        ));
    }
    if n(kpis.deaths_while_trapped) > n(kpis.deaths) {
        return Err(format!(
            "deaths_while_trapped ({}) is more than deaths ({})",
            n(kpis.deaths_while_trapped),
            n(kpis.deaths)
        ));
    }
    if n(kpis.rescued_alive) + n(kpis.deaths_while_trapped) > n(kpis.trapped_total) {
        return Err(format!(
            "rescued_alive + deaths_while_trapped ({} + {}) is more than trapped_total ({})",
            n(kpis.rescued_alive),
            n(kpis.deaths_while_trapped),
            n(kpis.trapped_total)
        ));
    }
    if n(kpis.injured_treated) > n(kpis.injured_severe)
        || n(kpis.injured_severe) > n(kpis.injured_total)
    {
        return Err(format!(
            "injured_treated ≤ injured_severe ≤ injured_total does not hold ({}, {}, {})",
            n(kpis.injured_treated),
            n(kpis.injured_severe),
            n(kpis.injured_total)
        ));
    }
    if n(kpis.displaced_total) > n(kpis.relocated_total) {
        return Err(format!(
            "displaced_total ({}) is more than relocated_total ({})",
            n(kpis.displaced_total),
            n(kpis.relocated_total)
        ));
    }
    match (kpis.first_response_p50_min, kpis.first_response_p90_min) {
        (Some(p50), Some(p90)) if p50 > p90 => {
            return Err(format!(
                "first_response_p50_min ({p50}) is more than first_response_p90_min ({p90})"
            ));
        }
        (Some(_), None) | (None, Some(_)) => {
            return Err(
                "first_response_p50_min and first_response_p90_min are null together or not at all"
                    .into(),
            );
        }
        _ => {}
    }
    Ok(kpis)
}

/// One replicate's line, every value checked.
pub(super) fn parse_row(object: &Map<String, Value>, bounds: &Bounds) -> Result<Row, String> {
    let replicate = match object.get("replicate") {
        Some(Value::Number(n)) => n
            .as_u64()
            .ok_or_else(|| format!("the replicate number {n} is not a whole number ≥ 0"))?,
        Some(other) => return Err(format!("the replicate number {other} is not a number")),
        None => return Err("a line with no replicate number".into()),
    };
    if let Some(key) = object
        .keys()
        .find(|k| !["replicate", "kpis", "error"].contains(&k.as_str()))
    {
        return Err(format!("replicate {replicate}: unknown key `{key}`"));
    }
    match (object.get("kpis"), object.get("error")) {
        (Some(Value::Object(kpis)), None) => Ok(Row {
            replicate,
            result: Ok(parse_kpis(kpis, bounds).map_err(|e| format!("replicate {replicate}: {e}"))?),
        }),
        (None, Some(Value::String(message))) => Ok(Row {
            replicate,
            result: Err(message.clone()),
        }),
        (Some(_), Some(_)) => Err(format!("replicate {replicate} has both kpis and an error")),
        (Some(_), None) => Err(format!("replicate {replicate}: kpis is not an object")),
        (None, Some(_)) => Err(format!("replicate {replicate}: error is not a text")),
        (None, None) => Err(format!("replicate {replicate} has neither kpis nor error")),
    }
}

/// Checks the curve sums of a shard whose `completed` replicates ran.
pub(super) fn check_curves(
    curves: &CurveSums,
    completed: u64,
    bounds: &Bounds,
) -> Result<(), String> {
    let hours = bounds.minutes / 60 + 1;
    if curves.hours.len() as u64 > hours {
        return Err(format!(
            "the curves have {} hours; a replicate runs at most {hours}",
            curves.hours.len()
        ));
    }
    for (hour, sums) in curves.hours.iter().enumerate() {
        let replicates = sums[0];
        if replicates > completed {
            return Err(format!(
                "the curves' hour {hour} sums {replicates} replicates; the shard completed {completed}"
            ));
        }
        let most = |per: u64| u128::from(replicates) * u128::from(per);
        let limits = [
            ("trapped alive", bounds.population),
            ("injured waiting", bounds.population),
            ("hospitalised", bounds.population),
            ("dead", bounds.population),
            ("roads blocked", bounds.roads),
        ];
        for ((what, per), &sum) in limits.iter().zip(&sums[1..]) {
            if u128::from(sum) > most(*per) {
                return Err(format!(
                    "the curves' hour {hour} sums {sum} {what} over {replicates} replicates, \
                     more than {per} each"
                ));
            }
        }
    }
    Ok(())
}
