//! What a batch keeps of its replicates: KPI statistics, mean curves and failures — all folded in
//! replicate order, all independent of how many workers or shards produced them.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Map, Value};

use super::stats::{Running, Summary};
use crate::sim::kpi::JsonNumber;
use crate::sim::{HourlySample, KPI_NAMES, Kpi, Kpis};

/// Running statistics for every KPI.
#[derive(Debug, Clone, Default)]
pub struct KpiStats {
    per_kpi: [Running; Kpi::COUNT],
}

impl KpiStats {
    pub fn push(&mut self, kpis: &Kpis) {
        for (slot, (_, value)) in self.per_kpi.iter_mut().zip(kpis.entries()) {
            if let Some(value) = value {
                slot.push(value);
            }
        }
    }

    /// Statistics of the KPI at position `index` in contract order ([`Kpi::index`]).
    pub fn running(&self, index: usize) -> &Running {
        &self.per_kpi[index]
    }

    /// Statistics of `kpi`.
    pub fn of(&self, kpi: Kpi) -> &Running {
        &self.per_kpi[kpi.index()]
    }

    /// `{NAME: {"n","mean","sd","ci95","p5","p50","p95","min","max"} | null}` in contract order.
    pub fn to_json(&self) -> Value {
        let mut map = Map::new();
        for (name, running) in KPI_NAMES.iter().zip(&self.per_kpi) {
            let value = running
                .summary()
                .map(|s: Summary| serde_json::to_value(s).unwrap_or(Value::Null))
                .unwrap_or(Value::Null);
            map.insert(name.to_string(), value);
        }
        Value::Object(map)
    }
}

/// Sums of the hourly samples over replicates, for mean curves. Integer sums: exact and the same
/// in any order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct CurveSums {
    /// Per hour: [replicates, trapped alive, injured waiting, hospitalised, dead, roads blocked].
    pub hours: Vec<[u64; 6]>,
}

impl CurveSums {
    pub fn push(&mut self, hourly: &[HourlySample]) {
        for (hour, sample) in hourly.iter().enumerate() {
            if self.hours.len() <= hour {
                self.hours.resize(hour + 1, [0; 6]);
            }
            let slot = &mut self.hours[hour];
            slot[0] += 1;
            slot[1] += sample.trapped_alive as u64;
            slot[2] += sample.injured_waiting as u64;
            slot[3] += sample.hospitalised as u64;
            slot[4] += sample.dead as u64;
            slot[5] += sample.roads_blocked as u64;
        }
    }

    pub fn add(&mut self, other: &CurveSums) {
        if self.hours.len() < other.hours.len() {
            self.hours.resize(other.hours.len(), [0; 6]);
        }
        for (mine, theirs) in self.hours.iter_mut().zip(&other.hours) {
            for (a, b) in mine.iter_mut().zip(theirs) {
                *a += b;
            }
        }
    }

    /// Mean of series `column` (1..=5) per hour.
    pub fn mean(&self, column: usize) -> Vec<f64> {
        self.hours
            .iter()
            .map(|h| {
                if h[0] == 0 {
                    0.0
                } else {
                    h[column] as f64 / h[0] as f64
                }
            })
            .collect()
    }
}

/// A replicate that failed, and how to reproduce it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplicateFailure {
    pub replicate: u64,
    pub message: String,
}

/// Everything a batch of one plan keeps.
#[derive(Debug, Clone, Default)]
pub struct BatchSummary {
    pub stats: KpiStats,
    pub curves: CurveSums,
    pub failures: Vec<ReplicateFailure>,
    pub completed: u64,
}

impl BatchSummary {
    pub fn push_ok(&mut self, kpis: &Kpis, hourly: &[HourlySample]) {
        self.stats.push(kpis);
        self.curves.push(hourly);
        self.completed += 1;
    }

    pub fn push_failure(&mut self, replicate: u64, message: String) {
        self.failures.push(ReplicateFailure { replicate, message });
    }

    /// Folds a replicate read back from a shard (its curves come with the shard's sums).
    pub fn push_row(&mut self, replicate: u64, result: &Result<Kpis, String>) {
        match result {
            Ok(kpis) => {
                self.stats.push(kpis);
                self.completed += 1;
            }
            Err(message) => self.push_failure(replicate, message.clone()),
        }
    }
}

/// Identity of a batch: what was run.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct BatchHeader {
    pub scenario: String,
    pub plan: String,
    pub seed: u64,
    pub runs: u64,
    /// The scenario's KPI targets, drawn as lines in reports.
    pub targets: crate::scenario::Targets,
    /// The scenario file as given on the command line, for "reproduce with" hints.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub scenario_file: String,
    /// Fingerprint of the validated scenario (overrides included) and of drillsim's version:
    /// shards of different batches never merge.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub fingerprint: String,
}

/// A fingerprint of what a batch runs: the validated scenario and the drillsim version.
pub fn fingerprint(scenario: &crate::scenario::Scenario) -> String {
    // FNV-1a over the scenario's full debug form: every value that can change a result.
    let text = format!("{}\n{scenario:?}", env!("CARGO_PKG_VERSION"));
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= byte as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// `batch --json`: `{"scenario","plan","seed","runs","kpis"}`, plus `"failed"` when any
/// replicate failed.
pub fn write_batch_json(
    out: &mut impl Write,
    header: &BatchHeader,
    summary: &BatchSummary,
) -> io::Result<()> {
    let mut map = Map::new();
    map.insert("scenario".into(), Value::from(header.scenario.clone()));
    map.insert("plan".into(), Value::from(header.plan.clone()));
    map.insert("seed".into(), Value::from(header.seed));
    map.insert("runs".into(), Value::from(header.runs));
    map.insert("kpis".into(), summary.stats.to_json());
    if !summary.failures.is_empty() {
        map.insert(
            "failed".into(),
            serde_json::to_value(&summary.failures).unwrap_or(Value::Null),
        );
    }
    serde_json::to_writer(&mut *out, &Value::Object(map))?;
    writeln!(out)
}

/// The CSV header: replicate, seed, status, then every KPI.
pub fn csv_header() -> String {
    let mut line = String::from("replicate,seed,status");
    for name in KPI_NAMES {
        line.push(',');
        line.push_str(name);
    }
    line
}

/// One CSV row; KPIs that are null are empty cells.
pub fn csv_row(replicate: u64, seed: u64, result: &Result<Kpis, String>) -> String {
    let mut line = format!("{replicate},{seed}");
    match result {
        Ok(kpis) => {
            line.push_str(",ok");
            for (_, value) in kpis.entries() {
                line.push(',');
                if let Some(v) = value {
                    line.push_str(&serde_json::to_string(&JsonNumber(v)).unwrap_or_default());
                }
            }
        }
        Err(_) => {
            line.push_str(",failed");
            for _ in KPI_NAMES {
                line.push(',');
            }
        }
    }
    line
}
