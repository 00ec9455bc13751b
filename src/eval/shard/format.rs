//! A shard file's parts: the format tag and bounds, which slice it is ([`ShardId`]), the bounds
//! of its values ([`Bounds`]), its header and its replicate lines.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::eval::batch::shard_range;
use crate::eval::summary::BatchHeader;
use crate::scenario::Scenario;
use crate::sim::Kpis;

/// The format tag in every shard file's first line.
pub const FORMAT: &str = "drillsim-shard/2";

/// The most shards a batch is split into.
pub const MAX_SHARDS: u64 = 100_000;

/// The longest line `merge` reads from a shard file (a year's hourly curve sums take ~1 MB).
pub const MAX_LINE_BYTES: u64 = 16 << 20;

/// Which slice of a batch: `index` counts from 1 as users write it (`--shard 2/3`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardId {
    pub index: u64,
    pub count: u64,
}

impl ShardId {
    /// Reads `I/N` with 1 ≤ I ≤ N ≤ [`MAX_SHARDS`].
    pub fn parse(text: &str) -> Result<ShardId, ShardIdError> {
        let bad = || ShardIdError::NotAShard(text.to_string());
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let index: u64 = i.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        ShardId { index, count }.check().map_err(|_| bad())
    }

    /// The shard if 1 ≤ index ≤ count ≤ [`MAX_SHARDS`].
    pub(super) fn check(self) -> Result<ShardId, ShardIdError> {
        if self.count == 0 || self.index == 0 || self.index > self.count {
            return Err(ShardIdError::NoSuchShard(self));
        }
        if self.count > MAX_SHARDS {
            return Err(ShardIdError::TooManyShards(self.count));
        }
        Ok(self)
    }

    /// The shard from a cluster scheduler's environment, if one is set: Slurm job arrays
    /// (`SLURM_ARRAY_TASK_ID` counted from `SLURM_ARRAY_TASK_MIN`, `SLURM_ARRAY_TASK_COUNT`) or a
    /// Kubernetes Indexed Job (`JOB_COMPLETION_INDEX` from 0, with the count in
    /// `JOB_COMPLETIONS`, which the manifest sets).
    pub fn from_env(get: impl Fn(&str) -> Option<String>) -> Result<Option<ShardId>, ShardIdError> {
        let number = |name: &'static str| -> Result<Option<u64>, ShardIdError> {
            match get(name) {
                None => Ok(None),
                Some(value) => value
                    .trim()
                    .parse()
                    .map(Some)
                    .map_err(|_| ShardIdError::NotANumber { name, value }),
            }
        };
        if let Some(id) = number("SLURM_ARRAY_TASK_ID")? {
            let count = number("SLURM_ARRAY_TASK_COUNT")?.ok_or(ShardIdError::SlurmCountMissing)?;
            let min = number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
            let step = number("SLURM_ARRAY_TASK_STEP")?.unwrap_or(1).max(1);
            let offset = id.checked_sub(min).ok_or(ShardIdError::SlurmBelowMin)?;
            if offset % step != 0 {
                return Err(ShardIdError::SlurmOffStep { id, step, min });
            }
            let index = (offset / step).saturating_add(1);
            return ShardId::parse(&format!("{index}/{count}")).map(Some);
        }
        if let Some(index) = number("JOB_COMPLETION_INDEX")? {
            let count = number("JOB_COMPLETIONS")?.ok_or(ShardIdError::JobCompletionsMissing)?;
            return ShardId::parse(&format!("{}/{count}", index.saturating_add(1))).map(Some);
        }
        Ok(None)
    }

    /// The replicates this shard runs.
    pub fn replicates(&self, runs: u64) -> std::ops::Range<u64> {
        shard_range(runs, self.index - 1, self.count)
    }

    /// The file name a shard is written to.
    pub fn file_name(&self) -> String {
        format!("shard-{}-of-{}.jsonl", self.index, self.count)
    }

    /// The path a shard is written to in folder `dir`.
    pub fn path_in(&self, dir: &Path) -> PathBuf {
        dir.join(self.file_name())
    }
}

/// Why a shard could not be named: a bad `--shard I/N`, a scheduler environment that does not
/// name one, or a header naming a shard that cannot exist.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShardIdError {
    #[error("`{0}` is not a shard; write I/N with 1 ≤ I ≤ N ≤ {MAX_SHARDS}, e.g. 2/8")]
    NotAShard(String),
    #[error("shard {}/{} does not exist (1 ≤ I ≤ N)", .0.index, .0.count)]
    NoSuchShard(ShardId),
    #[error("{0} shards are more than {MAX_SHARDS}, the most a batch is split into")]
    TooManyShards(u64),
    #[error("{name}={value} is not a number")]
    NotANumber { name: &'static str, value: String },
    #[error("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not")]
    SlurmCountMissing,
    #[error("SLURM_ARRAY_TASK_ID is below SLURM_ARRAY_TASK_MIN")]
    SlurmBelowMin,
    #[error("SLURM_ARRAY_TASK_ID={id} is not on the array's step {step} from {min}")]
    SlurmOffStep { id: u64, step: u64, min: u64 },
    #[error("JOB_COMPLETION_INDEX is set but JOB_COMPLETIONS is not (set it in the Job's env)")]
    JobCompletionsMissing,
}

/// What the values of a batch's replicates can be, taken from its scenario and written in each
/// shard's header, so that `merge` can check every value without the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bounds {
    /// People in the region: nobody dies twice.
    pub population: u64,
    /// Road links: the most that can be blocked at once.
    pub roads: u64,
    /// The longest a replicate runs, in minutes (its duration plus one tick).
    pub minutes: u64,
}

impl Bounds {
    /// The bounds of a validated scenario's replicates.
    pub fn of(scenario: &Scenario) -> Bounds {
        Bounds {
            population: scenario
                .region
                .places
                .iter()
                .map(|p| u64::from(p.population))
                .sum(),
            roads: scenario.region.roads.len() as u64,
            minutes: u64::from(scenario.duration_min) + u64::from(scenario.tick_min),
        }
    }
}

/// A shard file's first line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Header {
    pub(super) format: String,
    #[serde(flatten)]
    pub(super) batch: BatchHeader,
    pub(super) bounds: Bounds,
    pub(super) shard: ShardId,
}

/// One replicate's line.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub replicate: u64,
    pub result: Result<Kpis, String>,
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
