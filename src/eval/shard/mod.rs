//! Shard files: one slice of a batch, written by `batch --shard I/N`, read back by `merge`.
//!
//! A shard file is JSON Lines: a header naming the batch, the bounds of its values and the
//! slice; one line per replicate (its KPIs, or its error); a closing line with the slice's curve
//! sums; and a seal, the SHA-256 of every byte before it. `merge` trusts nothing in a shard: it
//! checks the seal, every value's type and range, and that the replicates are exactly the
//! slice's, in order; that every shard of the batch is there exactly once; and only then folds
//! the replicates in order — exactly what an unsharded batch does, so the outputs are byte for
//! byte the same. Files are read line by line (a line at most [`MAX_LINE_BYTES`]), so memory
//! does not grow with the number of replicates.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::batch::{MAX_RUNS, shard_range};
use super::summary::{BatchHeader, CurveSums};
use crate::files::AtomicFile;
use crate::scenario::Scenario;
use crate::sim::{Kpi, Kpis, Unit};

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
    pub fn parse(text: &str) -> Result<ShardId, String> {
        let bad = || {
            format!("`{text}` is not a shard; write I/N with 1 ≤ I ≤ N ≤ {MAX_SHARDS}, e.g. 2/8")
        };
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let index: u64 = i.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        ShardId { index, count }.check().map_err(|_| bad())
    }

    /// The shard if 1 ≤ index ≤ count ≤ [`MAX_SHARDS`].
    fn check(self) -> Result<ShardId, String> {
        if self.count == 0 || self.index == 0 || self.index > self.count {
            return Err(format!(
                "shard {}/{} does not exist (1 ≤ I ≤ N)",
                self.index, self.count
            ));
        }
        if self.count > MAX_SHARDS {
            return Err(format!(
                "{} shards are more than {MAX_SHARDS}, the most a batch is split into",
                self.count
            ));
        }
        Ok(self)
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
            let index = (offset / step).saturating_add(1);
            return ShardId::parse(&format!("{index}/{count}")).map(Some);
        }
        if let Some(index) = number("JOB_COMPLETION_INDEX")? {
            let count = number("JOB_COMPLETIONS")?.ok_or(
                "JOB_COMPLETION_INDEX is set but JOB_COMPLETIONS is not (set it in the Job's env)",
            )?;
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Header {
    format: String,
    #[serde(flatten)]
    batch: BatchHeader,
    bounds: Bounds,
    shard: ShardId,
}

/// One replicate's line.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub replicate: u64,
    pub result: Result<Kpis, String>,
}

/// Writes a shard file as the replicates come, under a temporary name: the file appears under
/// its own name only when [`ShardWriter::finish`] has written the closing line and the seal.
pub struct ShardWriter {
    out: BufWriter<AtomicFile>,
    digest: Sha256,
    path: PathBuf,
}

impl ShardWriter {
    pub fn create(
        dir: &Path,
        batch: &BatchHeader,
        bounds: Bounds,
        shard: ShardId,
    ) -> io::Result<ShardWriter> {
        std::fs::create_dir_all(dir)?;
        let path = shard.path_in(dir);
        let mut writer = ShardWriter {
            out: BufWriter::new(AtomicFile::create(&path)?),
            digest: Sha256::new(),
            path,
        };
        writer.line(&Header {
            format: FORMAT.to_string(),
            batch: batch.clone(),
            bounds,
            shard,
        })?;
        Ok(writer)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes one sealed line.
    fn line(&mut self, value: &impl Serialize) -> io::Result<()> {
        let mut bytes = serde_json::to_vec(value)?;
        bytes.push(b'\n');
        self.digest.update(&bytes);
        self.out.write_all(&bytes)
    }

    pub fn write_row(&mut self, replicate: u64, result: &Result<Kpis, String>) -> io::Result<()> {
        let line = match result {
            Ok(kpis) => serde_json::json!({"replicate": replicate, "kpis": kpis}),
            Err(message) => serde_json::json!({"replicate": replicate, "error": message}),
        };
        self.line(&line)
    }

    /// Writes the closing line and the seal, and puts the file in place.
    pub fn finish(mut self, curves: &CurveSums) -> io::Result<PathBuf> {
        self.line(&serde_json::json!({ "curves": curves }))?;
        let seal = hex(&self.digest.clone().finalize());
        let mut bytes = serde_json::to_vec(&serde_json::json!({ "sha256": seal }))?;
        bytes.push(b'\n');
        self.out.write_all(&bytes)?;
        let file = self.out.into_inner().map_err(|e| e.into_error())?;
        file.commit()?;
        Ok(self.path)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A shard file whose header has been read and checked; [`ShardFile::read`] checks the rest.
#[derive(Debug, Clone)]
pub struct ShardFile {
    pub path: PathBuf,
    pub batch: BatchHeader,
    pub bounds: Bounds,
    pub shard: ShardId,
}

/// A shard file read line by line, each line at most [`MAX_LINE_BYTES`].
struct Lines {
    reader: BufReader<File>,
    number: usize,
    shown: String,
}

impl Lines {
    fn open(path: &Path) -> Result<Lines, String> {
        let shown = path.display().to_string();
        let file = crate::files::open_regular(path).map_err(|e| format!("{shown}: {e}"))?;
        Ok(Lines {
            reader: BufReader::new(file),
            number: 0,
            shown,
        })
    }

    /// The next line with its newline, if any.
    fn next(&mut self) -> Result<Option<Vec<u8>>, String> {
        let mut line = Vec::new();
        let read = (&mut self.reader)
            .take(MAX_LINE_BYTES + 1)
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("{}: cannot read: {e}", self.shown))?;
        if read == 0 {
            return Ok(None);
        }
        self.number += 1;
        if line.len() as u64 > MAX_LINE_BYTES {
            return Err(self.at(format!(
                "the line is longer than {MAX_LINE_BYTES} bytes; not a drillsim shard"
            )));
        }
        Ok(Some(line))
    }

    /// `FILE:LINE: message`.
    fn at(&self, message: impl std::fmt::Display) -> String {
        format!("{}:{}: {message}", self.shown, self.number)
    }
}

/// Reads and checks a shard's header line.
fn read_header(lines: &mut Lines) -> Result<(Header, Vec<u8>), String> {
    let shown = lines.shown.clone();
    let first = lines
        .next()?
        .ok_or_else(|| format!("{shown}: empty file, not a drillsim shard"))?;
    let value: Value = serde_json::from_slice(&first)
        .map_err(|e| format!("{shown}: not a drillsim shard file ({e})"))?;
    match value.get("format").and_then(Value::as_str) {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(format!(
                "{shown}: format `{other}`, expected `{FORMAT}`{}",
                if other.starts_with("drillsim-shard/") {
                    " (written by another drillsim version: run the shard again with this one)"
                } else {
                    ""
                }
            ));
        }
        None => return Err(format!("{shown}: not a drillsim shard file (no format)")),
    }
    let header: Header = serde_json::from_value(value)
        .map_err(|e| lines.at(format!("not a drillsim shard header ({e})")))?;
    header.shard.check().map_err(|e| lines.at(e))?;
    if header.batch.runs > MAX_RUNS {
        return Err(lines.at(format!(
            "the batch has {} runs, more than {MAX_RUNS}, the most a batch runs",
            header.batch.runs
        )));
    }
    Ok((header, first))
}

/// How each KPI's values are checked.
#[derive(Clone, Copy)]
enum Kind {
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
fn kind_of(kpi: Kpi) -> Kind {
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
fn check_value(kpi: Kpi, value: &Value, bounds: &Bounds) -> Result<Option<f64>, String> {
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
fn parse_kpis(object: &Map<String, Value>, bounds: &Bounds) -> Result<Kpis, String> {
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
fn parse_row(object: &Map<String, Value>, bounds: &Bounds) -> Result<Row, String> {
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
fn check_curves(curves: &CurveSums, completed: u64, bounds: &Bounds) -> Result<(), String> {
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

impl ShardFile {
    /// Opens a shard file and checks its header.
    pub fn open(path: &Path) -> Result<ShardFile, String> {
        let mut lines = Lines::open(path)?;
        let (header, _) = read_header(&mut lines)?;
        Ok(ShardFile {
            path: path.to_path_buf(),
            batch: header.batch,
            bounds: header.bounds,
            shard: header.shard,
        })
    }

    /// Reads the whole shard, checking every line, and hands each replicate to `visit` in
    /// order; returns the shard's curve sums. Any problem is `FILE:LINE: what`. A shard whose
    /// seal does not match its contents is refused, but only at its end: `visit` may have seen
    /// its rows, so fold them only after a first `read` of every shard succeeded.
    pub fn read(&self, mut visit: impl FnMut(&Row)) -> Result<CurveSums, String> {
        let mut lines = Lines::open(&self.path)?;
        let shown = lines.shown.clone();
        let (header, first) = read_header(&mut lines)?;
        if header.batch != self.batch || header.bounds != self.bounds || header.shard != self.shard
        {
            return Err(lines.at("the header changed while the file was being read"));
        }
        let mut digest = Sha256::new();
        digest.update(&first);
        let expected = self.shard.replicates(self.batch.runs);
        let mut next = expected.start;
        let mut completed = 0u64;
        let mut curves: Option<CurveSums> = None;
        let incomplete = |next: u64, curves: bool, seal: &str| {
            format!(
                "{shown}: shard {}/{} is incomplete: it holds {} of its {} replicates{}{seal}",
                self.shard.index,
                self.shard.count,
                next - expected.start,
                expected.end - expected.start,
                if curves { "" } else { ", no closing line" },
            )
        };
        loop {
            let Some(line) = lines.next()? else {
                return Err(incomplete(next, curves.is_some(), " and no seal"));
            };
            let value: Value = serde_json::from_slice(&line)
                .map_err(|e| lines.at(format!("not a JSON line ({e})")))?;
            let Value::Object(object) = value else {
                return Err(lines.at("not a JSON object"));
            };
            if let Some(seal) = object.get("sha256") {
                if curves.is_none() {
                    return Err(lines.at("the seal comes before the closing line"));
                }
                let sealed = hex(&digest.clone().finalize());
                if object.len() != 1 || seal.as_str() != Some(sealed.as_str()) {
                    return Err(lines.at(
                        "the seal does not match the contents: the file was changed after \
                         drillsim wrote it (run the shard again)",
                    ));
                }
                if lines.next()?.is_some() {
                    return Err(lines.at("text after the seal"));
                }
                break;
            }
            digest.update(&line);
            if curves.is_some() {
                return Err(lines.at("a line after the closing line"));
            }
            if let Some(value) = object.get("curves") {
                if object.len() != 1 {
                    return Err(lines.at("the closing line holds more than the curves"));
                }
                if next != expected.end {
                    return Err(lines.at(format!(
                        "the closing line comes after {} of the shard's {} replicates: \
                         replicates {next}..{} are missing",
                        next - expected.start,
                        expected.end - expected.start,
                        expected.end
                    )));
                }
                let sums: CurveSums = serde_json::from_value(value.clone())
                    .map_err(|e| lines.at(format!("the curves are not sums ({e})")))?;
                check_curves(&sums, completed, &self.bounds).map_err(|e| lines.at(e))?;
                curves = Some(sums);
                continue;
            }
            let row = parse_row(&object, &self.bounds).map_err(|e| lines.at(e))?;
            let r = row.replicate;
            if !expected.contains(&r) {
                return Err(lines.at(format!(
                    "replicate {r} is not in shard {}/{} (its replicates are {}..{})",
                    self.shard.index, self.shard.count, expected.start, expected.end
                )));
            }
            if r < next {
                return Err(lines.at(format!(
                    "replicate {r} again or out of order (replicate {next} was due)"
                )));
            }
            if r > next {
                let missing = if r == next + 1 {
                    format!("replicate {next} is")
                } else {
                    format!("replicates {next}..{r} are")
                };
                return Err(lines.at(format!(
                    "replicate {r} where replicate {next} was due: {missing} missing or out of order"
                )));
            }
            next += 1;
            completed += u64::from(row.result.is_ok());
            visit(&row);
        }
        Ok(curves.unwrap_or_default())
    }
}

/// Opens shard files and checks they make up one whole batch, each shard exactly once and every
/// file whole, sealed and valid (see [`ShardFile::read`]). Returns the shards in order; every
/// problem found, in any file, is a line of the error.
pub fn read_all(paths: &[PathBuf]) -> Result<Vec<ShardFile>, String> {
    if paths.is_empty() {
        return Err("give the shard files to merge".into());
    }
    let mut shards = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        match ShardFile::open(path) {
            Ok(shard) => shards.push(shard),
            Err(e) => problems.push(e),
        }
    }
    let Some(first) = shards.first().cloned() else {
        return Err(problems.join("\n"));
    };
    // The same batch: everything but where the scenario file was named from.
    let identity = |s: &ShardFile| {
        (
            BatchHeader {
                scenario_file: String::new(),
                ..s.batch.clone()
            },
            s.bounds,
            s.shard.count,
        )
    };
    for s in &shards[1..] {
        if identity(s) != identity(&first) {
            problems.push(format!(
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
    // The indices given are sorted; walk them once (count is at most MAX_SHARDS).
    let mut given = shards.iter().map(|s| s.shard.index).peekable();
    let mut missing = Vec::new();
    let mut missing_count = 0u64;
    for i in 1..=count {
        while given.next_if(|&g| g < i).is_some() {}
        if given.peek() != Some(&i) {
            missing_count += 1;
            if missing.len() < 10 {
                missing.push(format!("{i}/{count}"));
            }
        }
    }
    if missing_count > 0 {
        let more = missing_count - missing.len() as u64;
        problems.push(format!(
            "missing shard{} {}{} (expected files named like {})",
            if missing_count > 1 { "s" } else { "" },
            missing.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            },
            ShardId { index: 1, count }.file_name()
        ));
    }
    for shard in &shards {
        if let Err(e) = shard.read(|_| {}) {
            problems.push(e);
        }
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
            relief_within_4h: Some(0.9),
            first_response_p50_min: Some(120.0),
            first_response_p90_min: Some(300.0),
            response_level_peak: Some(2.0),
            roads_blocked_peak: Some(3.0),
            road_restore_h: Some(8.5),
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
