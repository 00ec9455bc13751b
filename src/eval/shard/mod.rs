//! Shard files: one slice of a batch, written by `batch --shard I/N`, read back by `merge`.
//!
//! A shard file is JSON Lines: a header naming the batch, the bounds of its values and the
//! slice; one line per replicate (its KPIs, or its error); a closing line with the slice's curve
//! sums; and a seal, the SHA-256 of every byte before it. `merge` trusts nothing in a shard: it
//! checks the seal, every value's type and range, and that the replicates are exactly the
//! slice's, in order; that every shard of the batch is there exactly once; and only then folds
//! the replicates in order — exactly what an unsharded batch does, so the outputs are byte for
//! byte the same. Files are read line by line (a line at most [`MAX_LINE_BYTES`]), so memory
//! does not grow with the number of replicates.//!
//! Files: [`format`] (the parts of a shard file), [`write`], [`read`] and [`check`] (what `merge`
//! checks in every line).

mod check;
mod format;
mod read;
mod write;

pub use format::{Bounds, FORMAT, MAX_LINE_BYTES, MAX_SHARDS, Row, ShardId, ShardIdError};
pub use read::{ShardError, ShardFile, ShardProblems, read_all};
pub use write::ShardWriter;

#[cfg(test)]
mod tests {
    use super::check::parse_kpis;
    use super::*;
    use crate::sim::Kpis;
    use serde_json::{Map, Value};

    /// An environment holding only `pairs`.
    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn shard_ids_parse_and_come_from_schedulers() {
        assert_eq!(
            ShardId::parse("2/3").unwrap(),
            ShardId { index: 2, count: 3 }
        );
        assert!(ShardId::parse("0/3").is_err());
        assert!(ShardId::parse("4/3").is_err());
        assert!(ShardId::parse("x").is_err());
        assert_eq!(ShardId::from_env(env(&[])).unwrap(), None);
        assert_eq!(
            ShardId::from_env(env(&[
                ("SLURM_ARRAY_TASK_ID", "1"),
                ("SLURM_ARRAY_TASK_MIN", "1"),
                ("SLURM_ARRAY_TASK_COUNT", "4")
            ]))
            .unwrap(),
            Some(ShardId { index: 1, count: 4 })
        );
        assert_eq!(
            ShardId::from_env(env(&[
                ("SLURM_ARRAY_TASK_ID", "0"),
                ("SLURM_ARRAY_TASK_COUNT", "4")
            ]))
            .unwrap(),
            Some(ShardId { index: 1, count: 4 })
        );
        assert_eq!(
            ShardId::from_env(env(&[
                ("JOB_COMPLETION_INDEX", "3"),
                ("JOB_COMPLETIONS", "4")
            ]))
            .unwrap(),
            Some(ShardId { index: 4, count: 4 })
        );
        assert!(ShardId::from_env(env(&[("JOB_COMPLETION_INDEX", "3")])).is_err());
    }

    #[test]
    fn huge_shard_numbers_are_refused_without_overflowing() {
        assert!(ShardId::parse("1/100000").is_ok());
        assert!(ShardId::parse("1/100001").is_err());
        assert!(ShardId::parse("18446744073709551615/18446744073709551615").is_err());
        // u64::MAX + 1 once overflowed (a panic in debug builds, shard 0 in release builds).
        assert!(
            ShardId::from_env(env(&[
                ("JOB_COMPLETION_INDEX", "18446744073709551615"),
                ("JOB_COMPLETIONS", "4")
            ]))
            .is_err()
        );
        assert!(
            ShardId::from_env(env(&[
                ("SLURM_ARRAY_TASK_ID", "18446744073709551615"),
                ("SLURM_ARRAY_TASK_COUNT", "4")
            ]))
            .is_err()
        );
    }

    fn bounds() -> Bounds {
        Bounds {
            population: 1000,
            roads: 10,
            minutes: 1441,
        }
    }

    fn honest() -> Map<String, Value> {
        let kpis = Kpis {
            deaths: Some(7.0),
            deaths_while_trapped: Some(2.0),
            trapped_total: Some(20.0),
            rescued_alive: Some(18.0),
            rescued_by_teams: Some(9.0),
            rescued_by_locals: Some(9.0),
            injured_total: Some(40.0),
            injured_treated: Some(30.0),
            displaced_total: Some(900.0),
            injured_severe: Some(32.0),
            relocated_total: Some(950.0),
            relief_within_4h: Some(0.9),
            first_response_p50_min: Some(120.0),
            first_response_p90_min: Some(300.0),
            response_level_peak: Some(2.0),
            roads_blocked_peak: Some(3.0),
            road_restore_h: Some(8.5),
            missing: Some(1.0),
            ..Kpis::default()
        };
        match serde_json::to_value(&kpis).unwrap() {
            Value::Object(map) => map,
            _ => unreachable!(),
        }
    }

    #[test]
    fn every_kpi_value_is_checked_against_its_range() {
        assert!(parse_kpis(&honest(), &bounds()).is_ok());
        let refused = |name: &str, value: Value| {
            let mut kpis = honest();
            kpis.insert(name.to_string(), value);
            parse_kpis(&kpis, &bounds()).unwrap_err()
        };
        assert!(refused("deaths", 1001.into()).contains("more than the scenario's 1000 people"));
        assert!(refused("deaths", (-1).into()).contains("whole number"));
        assert!(refused("deaths", 2.5.into()).contains("whole number"));
        assert!(refused("deaths", "7".into()).contains("not a number"));
        assert!(refused("deaths", Value::Null).contains("always has a value"));
        assert!(refused("displaced_total", true.into()).contains("not a number"));
        assert!(refused("relief_within_4h", 1.01.into()).contains("share from 0 to 1"));
        assert!(refused("first_response_p90_min", 1442.into()).contains("minutes within"));
        assert!(refused("road_restore_h", (-0.5).into()).contains("hours within"));
        assert!(refused("response_level_peak", 5.into()).contains("1, 2, 3 or 4"));
        assert!(
            refused("roads_blocked_peak", 11.into())
                .contains("more than the scenario's 10 road links")
        );
        assert!(
            refused("rescued_alive", 19.into()).contains("rescued_by_teams + rescued_by_locals")
        );
        assert!(refused("deaths_while_trapped", 8.into()).contains("more than deaths"));
        assert!(refused("injured_severe", 41.into()).contains("≤ injured_total does not hold"));
        assert!(refused("injured_treated", 33.into()).contains("≤ injured_total does not hold"));
        assert!(refused("relocated_total", 899.into()).contains("more than relocated_total"));
        assert!(refused("trapped_total", 19.into()).contains("more than trapped_total"));
        assert!(
            refused("first_response_p50_min", 301.into()).contains("more than first_response_p90")
        );
        assert!(refused("first_response_p90_min", Value::Null).contains("null together"));
        assert!(refused("bogus", 1.into()).contains("unknown KPI `bogus`"));
        let mut missing = honest();
        missing.remove("injured_total");
        assert!(
            parse_kpis(&missing, &bounds())
                .unwrap_err()
                .contains("injured_total is missing")
        );
        // Null where a KPI may be null.
        let mut nulls = honest();
        for name in ["warning_coverage", "major_accidents", "level_lag_min"] {
            nulls.insert(name.to_string(), Value::Null);
        }
        assert!(parse_kpis(&nulls, &bounds()).is_ok());
    }
}
