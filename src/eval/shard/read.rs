//! Reading shard files back: line by line with a cap, every line checked, the seal verified,
//! and a set of files checked to make up one whole batch.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::check::{check_curves, parse_row};
use super::format::{Bounds, FORMAT, Header, MAX_LINE_BYTES, Row, ShardId, hex};
use crate::eval::batch::MAX_RUNS;
use crate::eval::summary::{BatchHeader, CurveSums};

/// A shard file whose header has been read and checked; [`ShardFile::read`] checks the rest.
#[derive(Debug, Clone)]
pub struct ShardFile {
    pub path: PathBuf,
    pub batch: BatchHeader,
    pub bounds: Bounds,
    pub shard: ShardId,
}

/// A shard file read line by line, each line at most [`MAX_LINE_BYTES`].
pub(super) struct Lines {
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
pub(super) fn read_header(lines: &mut Lines) -> Result<(Header, Vec<u8>), String> {
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

/// A problem in one shard file, as `FILE: what` or `FILE:LINE: what`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ShardError(String);

/// Everything wrong with the shard files given to `merge`: every problem found, in any file, or
/// between them (a shard missing or given twice, another batch's shard).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .problems.join("\n"))]
pub struct ShardProblems {
    pub problems: Vec<String>,
}

impl ShardFile {
    /// Opens a shard file and checks its header.
    pub fn open(path: &Path) -> Result<ShardFile, ShardError> {
        ShardFile::open_header(path).map_err(ShardError)
    }

    fn open_header(path: &Path) -> Result<ShardFile, String> {
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
    pub fn read(&self, visit: impl FnMut(&Row)) -> Result<CurveSums, ShardError> {
        self.read_lines(visit).map_err(ShardError)
    }

    fn read_lines(&self, mut visit: impl FnMut(&Row)) -> Result<CurveSums, String> {
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
pub fn read_all(paths: &[PathBuf]) -> Result<Vec<ShardFile>, ShardProblems> {
    if paths.is_empty() {
        return Err(ShardProblems {
            problems: vec!["give the shard files to merge".into()],
        });
    }
    let mut shards = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        match ShardFile::open(path) {
            Ok(shard) => shards.push(shard),
            Err(e) => problems.push(e.to_string()),
        }
    }
    let Some(first) = shards.first().cloned() else {
        return Err(ShardProblems { problems });
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
            problems.push(e.to_string());
        }
    }
    if problems.is_empty() {
        Ok(shards)
    } else {
        Err(ShardProblems { problems })
    }
}
