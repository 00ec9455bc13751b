//! How a command fails, and the exit status each failure gives.
//!
//! A [`Refusal`] is one bad option or value, printed as one `error: …` line (or one line per
//! problem, for shard files); [`Failure::Input`] carries bad input already worded in full
//! (diagnostics of a scenario, every error of an orders script).

use std::io;
use std::path::PathBuf;

use crate::eval::batch::MAX_RUNS;
use crate::eval::shard::{ShardIdError, ShardProblems};
use crate::files::OutputError;

/// How a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// Bad input, worded in full (diagnostics, every error of a file): exit 2.
    #[error("{0}")]
    Input(String),
    /// A bad option or value, refused before any work: exit 2.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// Anything else: exit 1.
    #[error("{0:#}")]
    Other(anyhow::Error),
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        Failure::Other(error.into())
    }
}

/// A bad option, value or output path, each printed as `error: ` and its message.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("--set {0}")]
    Set(#[source] crate::scenario::overrides::OverrideError),
    #[error("{0}")]
    Output(#[from] OutputError),
    #[error("{}:{line}: {message}", path.display())]
    Order {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("cannot write {what} to {}: {error}", path.display())]
    CannotWrite {
        what: &'static str,
        path: PathBuf,
        error: io::Error,
    },
    #[error("no template `{name}`; templates:\n{known}")]
    NoTemplate { name: String, known: String },
    #[error("--jobs must be at least 1")]
    NoJobs,
    #[error(
        "--runs {0} is more than {MAX_RUNS}, the most one command runs; split the work into \
         batches with different --seed values"
    )]
    TooManyRuns(u64),
    #[error("--report {}: name the file .html or .md", .0.display())]
    ReportName(PathBuf),
    #[error("--shard {0}")]
    Shard(ShardIdError),
    #[error("{0}")]
    ShardFromEnv(ShardIdError),
    #[error(
        "--json, --csv and --report describe a whole batch; a shard writes a shard file into \
         --out, and `drillsim merge` gives the outputs of the whole batch"
    )]
    ShardWithBatchOutputs,
    #[error("--out {} is a file; name a folder for the shard file", .0.display())]
    OutIsAFile(PathBuf),
    #[error("cannot create the folder {} for the shard: {error}", path.display())]
    CannotCreateShardFolder { path: PathBuf, error: io::Error },
    #[error("cannot write the shard into {}: {error}", path.display())]
    CannotWriteShard { path: PathBuf, error: io::Error },
    /// Every problem of a set of shard files, one `error: ` line each.
    #[error("{}", each_line(&.0.to_string()))]
    Shards(ShardProblems),
    #[error("compare needs at least two --plan files")]
    TooFewPlans,
    #[error("{count} plans are more than {most}, the most one comparison runs")]
    TooManyPlans { count: usize, most: usize },
    #[error("--set `{0}` is not PATH=V1,V2,…")]
    NotAnAxis(String),
    #[error("--set `{0}` lists no values")]
    NoValues(String),
    #[error(
        "the sweep has {sizes} points, more than {most}, the most one sweep runs; sweep fewer \
         values or split the sweep"
    )]
    TooManyPoints { sizes: String, most: usize },
    #[error(
        "the sweep runs {points} points × {runs} runs, more than {MAX_RUNS} replicates in all; \
         lower --runs or sweep fewer values"
    )]
    TooManyReplicates { points: usize, runs: u64 },
}

/// Text of several lines, each after the first marked `error: ` as the first is by `main`.
fn each_line(text: &str) -> String {
    text.lines().collect::<Vec<_>>().join("\nerror: ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shard_problem_is_its_own_error_line() {
        let refusal = Refusal::Shards(ShardProblems {
            problems: vec![
                "a.jsonl:3: not a JSON line".into(),
                "missing shard 2/2 (expected files named like shard-1-of-2.jsonl)".into(),
            ],
        });
        assert_eq!(
            format!("error: {refusal}"),
            "error: a.jsonl:3: not a JSON line\n\
             error: missing shard 2/2 (expected files named like shard-1-of-2.jsonl)"
        );
    }

    #[test]
    fn a_refusal_reads_as_the_one_line_it_always_read() {
        let refusal = Refusal::CannotWrite {
            what: "the CSV",
            path: PathBuf::from("out/x.csv"),
            error: io::Error::new(io::ErrorKind::NotFound, "No such file or directory"),
        };
        assert_eq!(
            refusal.to_string(),
            "cannot write the CSV to out/x.csv: No such file or directory"
        );
        assert_eq!(
            Refusal::ShardFromEnv(ShardIdError::SlurmCountMissing).to_string(),
            "SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not"
        );
    }
}
