//! Shard files: one slice of a batch, written by `batch --shard I/N`, read back by `merge`.
//!
//! A shard file is JSON Lines: a header naming the batch and the slice, one line per replicate
//! (its KPIs, or its error), and a closing line with the slice's curve sums. `merge` checks that
//! every shard of the batch is there exactly once and whole, then folds the replicates in order —
//! exactly what an unsharded batch does, so the outputs are byte for byte the same.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::batch::shard_range;
use super::summary::{BatchHeader, CurveSums};
use crate::sim::Kpis;

/// The format tag in every shard file's first line.
pub const FORMAT: &str = "drillsim-shard/1";

/// Which slice of a batch: `index` counts from 1 as users write it (`--shard 2/3`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardId {
    pub index: u64,
    pub count: u64,
}

impl ShardId {
    /// Reads `I/N` with 1 ≤ I ≤ N.
    pub fn parse(text: &str) -> Result<ShardId, String> {
        let bad = || format!("`{text}` is not a shard; write I/N with 1 ≤ I ≤ N, e.g. 2/8");
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let index: u64 = i.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index == 0 || index > count {
            return Err(bad());
        }
        Ok(ShardId { index, count })
    }

    /// The shard from a cluster scheduler's environment, if one is set: Slurm job arrays
    /// (`SLURM_ARRAY_TASK_ID` counted from `SLURM_ARRAY_TASK_MIN`, `SLURM_ARRAY_TASK_COUNT`) or a
    /// Kubernetes Indexed Job (`JOB_COMPLETION_INDEX` from 0, with the count in
    /// `JOB_COMPLETIONS`, which the manifest sets).
    pub fn from_env(get: impl Fn(&str) -> Option<String>) -> Result<Option<ShardId>, String> {
        let number = |name: &str| -> Result<Option<u64>, String> {
            match get(name) {
                None => Ok(None),
                Some(v) => v
                    .trim()
                    .parse()
                    .map(Some)
                    .map_err(|_| format!("{name}={v} is not a number")),
            }
        };
        if let Some(id) = number("SLURM_ARRAY_TASK_ID")? {
            let count = number("SLURM_ARRAY_TASK_COUNT")?
                .ok_or("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not")?;
            let min = number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
            let step = number("SLURM_ARRAY_TASK_STEP")?.unwrap_or(1).max(1);
            let offset = id
                .checked_sub(min)
                .ok_or("SLURM_ARRAY_TASK_ID is below SLURM_ARRAY_TASK_MIN")?;
            if offset % step != 0 {
                return Err(format!(
                    "SLURM_ARRAY_TASK_ID={id} is not on the array's step {step} from {min}"
                ));
            }
            let index = offset / step + 1;
            return ShardId::parse(&format!("{index}/{count}")).map(Some);
        }
        if let Some(index) = number("JOB_COMPLETION_INDEX")? {
            let count = number("JOB_COMPLETIONS")?.ok_or(
                "JOB_COMPLETION_INDEX is set but JOB_COMPLETIONS is not (set it in the Job's env)",
            )?;
            return ShardId::parse(&format!("{}/{count}", index + 1)).map(Some);
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Header {
    format: String,
    #[serde(flatten)]
    batch: BatchHeader,
    shard: ShardId,
}

/// One replicate's line.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub replicate: u64,
    pub result: Result<Kpis, String>,
}

/// Writes a shard file as the replicates come.
pub struct ShardWriter {
    out: BufWriter<File>,
    path: PathBuf,
}

impl ShardWriter {
    pub fn create(dir: &Path, batch: &BatchHeader, shard: ShardId) -> io::Result<ShardWriter> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join(shard.file_name());
        let mut out = BufWriter::new(File::create(&path)?);
        let header = Header {
            format: FORMAT.to_string(),
            batch: batch.clone(),
            shard,
        };
        serde_json::to_writer(&mut out, &header)?;
        out.write_all(b"\n")?;
        Ok(ShardWriter { out, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn write_row(&mut self, replicate: u64, result: &Result<Kpis, String>) -> io::Result<()> {
        let line = match result {
            Ok(kpis) => serde_json::json!({"replicate": replicate, "kpis": kpis}),
            Err(message) => serde_json::json!({"replicate": replicate, "error": message}),
        };
        serde_json::to_writer(&mut self.out, &line)?;
        self.out.write_all(b"\n")
    }

    /// Writes the closing line; a file without it is incomplete.
    pub fn finish(mut self, curves: &CurveSums) -> io::Result<PathBuf> {
        serde_json::to_writer(&mut self.out, &serde_json::json!({ "curves": curves }))?;
        self.out.write_all(b"\n")?;
        self.out.flush()?;
        Ok(self.path)
    }
}

/// A shard file read back.
#[derive(Debug, Clone)]
pub struct ShardFile {
    pub path: PathBuf,
    pub batch: BatchHeader,
    pub shard: ShardId,
    pub rows: Vec<Row>,
    pub curves: CurveSums,
}

fn parse_row(value: &Value) -> Result<Row, String> {
    let replicate = value["replicate"]
        .as_u64()
        .ok_or("a row has no replicate number")?;
    if let Some(error) = value.get("error") {
        return Ok(Row {
            replicate,
            result: Err(error.as_str().unwrap_or("failed").to_string()),
        });
    }
    let kpis = value["kpis"]
        .as_object()
        .ok_or_else(|| format!("replicate {replicate} has neither kpis nor error"))?;
    let entries = kpis.iter().map(|(name, v)| (name.as_str(), v.as_f64()));
    Ok(Row {
        replicate,
        result: Ok(Kpis::from_entries(entries)?),
    })
}

/// Reads and checks one shard file.
pub fn read(path: &Path) -> Result<ShardFile, String> {
    let shown = path.display();
    let file = File::open(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    let mut lines = BufReader::new(file).lines();
    let first = lines
        .next()
        .ok_or_else(|| format!("{shown}: empty file, not a drillsim shard"))?
        .map_err(|e| format!("{shown}: {e}"))?;
    let header: Header = serde_json::from_str(&first)
        .map_err(|e| format!("{shown}: not a drillsim shard file ({e})"))?;
    if header.format != FORMAT {
        return Err(format!(
            "{shown}: format `{}`, expected `{FORMAT}`",
            header.format
        ));
    }
    let mut rows = Vec::new();
    let mut curves = None;
    for (number, line) in lines.enumerate() {
        let line = line.map_err(|e| format!("{shown}: {e}"))?;
        let value: Value =
            serde_json::from_str(&line).map_err(|e| format!("{shown}:{}: {e}", number + 2))?;
        if let Some(c) = value.get("curves") {
            curves = Some(
                serde_json::from_value(c.clone())
                    .map_err(|e| format!("{shown}:{}: {e}", number + 2))?,
            );
            continue;
        }
        rows.push(parse_row(&value).map_err(|e| format!("{shown}:{}: {e}", number + 2))?);
    }
    let shard = header.shard;
    let expected = shard.replicates(header.batch.runs);
    let got: Vec<u64> = rows.iter().map(|r| r.replicate).collect();
    if got != expected.clone().collect::<Vec<_>>() || curves.is_none() {
        return Err(format!(
            "{shown}: shard {}/{} is incomplete: it holds {} of its {} replicates{}",
            shard.index,
            shard.count,
            rows.len(),
            expected.end - expected.start,
            if curves.is_none() {
                " and no closing line"
            } else {
                ""
            }
        ));
    }
    Ok(ShardFile {
        path: path.to_path_buf(),
        batch: header.batch,
        shard,
        rows,
        curves: curves.unwrap_or_default(),
    })
}

/// Reads shard files and checks they make up one whole batch, each shard exactly once.
/// Returns the shards in order.
pub fn read_all(paths: &[PathBuf]) -> Result<Vec<ShardFile>, String> {
    if paths.is_empty() {
        return Err("give the shard files to merge".into());
    }
    let mut shards = Vec::new();
    for path in paths {
        shards.push(read(path)?);
    }
    let first = shards[0].clone();
    for s in &shards[1..] {
        // The same batch: everything but where the scenario file was named from.
        let same = |a: &BatchHeader, b: &BatchHeader| {
            BatchHeader {
                scenario_file: String::new(),
                ..a.clone()
            } == BatchHeader {
                scenario_file: String::new(),
                ..b.clone()
            }
        };
        if !same(&s.batch, &first.batch) || s.shard.count != first.shard.count {
            return Err(format!(
                "{} belongs to another batch ({} / {} / seed {} / {} runs in {} shards) than {} ({} / {} / seed {} / {} runs in {} shards)",
                s.path.display(),
                s.batch.scenario,
                s.batch.plan,
                s.batch.seed,
                s.batch.runs,
                s.shard.count,
                first.path.display(),
                first.batch.scenario,
                first.batch.plan,
                first.batch.seed,
                first.batch.runs,
                first.shard.count,
            ));
        }
    }
    shards.sort_by_key(|s| s.shard.index);
    let count = first.shard.count;
    let mut problems = Vec::new();
    for window in shards.windows(2) {
        if window[0].shard.index == window[1].shard.index {
            problems.push(format!(
                "shard {}/{count} is given twice ({} and {})",
                window[0].shard.index,
                window[0].path.display(),
                window[1].path.display()
            ));
        }
    }
    let missing: Vec<String> = (1..=count)
        .filter(|i| !shards.iter().any(|s| s.shard.index == *i))
        .map(|i| format!("{i}/{count}"))
        .collect();
    if !missing.is_empty() {
        problems.push(format!(
            "missing shard{} {} (expected files named like {})",
            if missing.len() > 1 { "s" } else { "" },
            missing.join(", "),
            ShardId { index: 1, count }.file_name()
        ));
    }
    if problems.is_empty() {
        Ok(shards)
    } else {
        Err(problems.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_ids_parse_and_come_from_schedulers() {
        assert_eq!(
            ShardId::parse("2/3").unwrap(),
            ShardId { index: 2, count: 3 }
        );
        assert!(ShardId::parse("0/3").is_err());
        assert!(ShardId::parse("4/3").is_err());
        assert!(ShardId::parse("x").is_err());
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
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
}
