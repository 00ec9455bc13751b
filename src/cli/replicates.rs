//! What the evaluation commands (`batch`, `compare`, `sweep`, `merge`) share: the number of worker
//! threads, the bound on `--runs`, stopping on a signal, the progress bar, output files written
//! whole or not at all, reports, and the command that reproduces a failed replicate.
//!
//! Every command checks its numbers and its output paths before any replicate runs, writes its
//! files under temporary names renamed into place only when complete (see [`crate::files`]),
//! and stops cleanly on Ctrl-C, SIGTERM or SIGHUP: no further replicate starts, no output is
//! written, and it exits with 128 + the signal's number (130 for Ctrl-C).

use std::io::{self, BufWriter, IsTerminal};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::error::{Failure, Refusal};
use crate::eval;
use crate::eval::batch::MAX_RUNS;
use crate::eval::report::{self, ReportInput};
use crate::eval::summary::BatchSummary;
use crate::files::AtomicFile;

/// How many replicates, from which seed, on how many threads (`batch`, `compare`, `sweep`).
#[derive(Debug, Clone, clap::Args)]
pub struct ReplicateArgs {
    /// Number of replicates.
    #[arg(long, default_value_t = 100)]
    pub runs: u64,
    /// Base seed; replicate r runs with (seed, r), and replicate 0 equals `run --seed N`.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads; default: all cores.
    #[arg(long)]
    pub jobs: Option<usize>,
}

/// Worker threads per core, at most: more only share the same cores and hold more replicates
/// in memory at once.
const THREADS_PER_CORE: usize = 4;

/// How many worker threads to start for `replicates` replicates: `--jobs`, else
/// `SLURM_CPUS_PER_TASK`, else every core; at most [`THREADS_PER_CORE`] per core (saying so)
/// and never more than there are replicates.
pub(super) fn jobs(requested: Option<usize>, replicates: u64) -> Result<usize, Failure> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let wanted = match requested {
        Some(0) => return Err(Refusal::NoJobs.into()),
        Some(n) => n,
        // Inside a Slurm job, use the cores it was given.
        None => std::env::var("SLURM_CPUS_PER_TASK")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .filter(|n: &usize| *n > 0)
            .unwrap_or(cores),
    };
    let ceiling = cores
        .saturating_mul(THREADS_PER_CORE)
        .min(eval::batch::MAX_WORKERS);
    if wanted > ceiling {
        eprintln!(
            "note: {wanted} worker threads asked for; at most {ceiling} run ({THREADS_PER_CORE} \
             per core on the {cores} core(s) here, never more than {})",
            eval::batch::MAX_WORKERS
        );
    }
    let useful = usize::try_from(replicates).unwrap_or(usize::MAX);
    Ok(wanted.min(ceiling).min(useful).max(1))
}

/// Refuses a `--runs` above [`MAX_RUNS`].
pub(super) fn check_runs(runs: u64) -> Result<(), Failure> {
    if runs > MAX_RUNS {
        return Err(Refusal::TooManyRuns(runs).into());
    }
    Ok(())
}

/// Ctrl-C (SIGINT), SIGTERM and SIGHUP while a command works: the first asks it to stop (no
/// replicate starts after it; nothing is written); a second ends the process at once.
pub(super) struct Interrupt {
    stop: Arc<AtomicBool>,
    signal: Arc<AtomicUsize>,
}

impl Interrupt {
    pub(super) fn install() -> Result<Interrupt, Failure> {
        let stop = Arc::new(AtomicBool::new(false));
        let signal = Arc::new(AtomicUsize::new(0));
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            use signal_hook::flag;
            for sig in [SIGINT, SIGTERM, SIGHUP] {
                // The shutdown goes first: it ends the process only when an earlier signal has
                // already set the flag.
                flag::register_conditional_shutdown(sig, 128 + sig, stop.clone())
                    .and_then(|_| flag::register_usize(sig, signal.clone(), sig as usize))
                    .and_then(|_| flag::register(sig, stop.clone()))
                    .map_err(|e| other(e, "installing the signal handlers"))?;
            }
        }
        Ok(Interrupt { stop, signal })
    }

    pub(super) fn flag(&self) -> &AtomicBool {
        &self.stop
    }

    pub(super) fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// Says what was done, on standard error, and gives the exit status 128 + the signal.
    pub(super) fn exit(&self, done: &str) -> ExitCode {
        let signal = self.signal.load(Ordering::Relaxed);
        let name = match signal {
            1 => "SIGHUP",
            2 => "SIGINT (Ctrl-C)",
            15 => "SIGTERM",
            _ => "a signal",
        };
        eprintln!("interrupted by {name} after {done}; no output written");
        ExitCode::from(u8::try_from(128 + signal).unwrap_or(130))
    }
}

/// A progress bar on a terminal; nothing on a pipe or file.
pub(super) fn progress(total: u64, what: &str) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{msg} {wide_bar} {pos}/{len} replicates · {elapsed} · ETA {eta}",
    ) {
        bar.set_style(style);
    }
    bar.set_message(what.to_string());
    bar
}

/// An output file written under a temporary name (see [`AtomicFile`]).
pub(super) fn create(path: &Path, what: &'static str) -> Result<BufWriter<AtomicFile>, Failure> {
    AtomicFile::create(path)
        .map(BufWriter::new)
        .map_err(|error| {
            Refusal::CannotWrite {
                what,
                path: path.to_path_buf(),
                error,
            }
            .into()
        })
}

/// Puts a complete output file in place.
pub(super) fn commit(file: BufWriter<AtomicFile>, what: &str) -> Result<(), Failure> {
    file.into_inner()
        .map_err(|e| e.into_error())
        .and_then(AtomicFile::commit)
        .map_err(|e| other(e, &format!("writing {what}")))
}

pub(super) fn other(error: io::Error, context: &str) -> Failure {
    Failure::Other(anyhow::Error::new(error).context(context.to_string()))
}

/// The kind of report a `--report` path asks for, checked before any work.
#[derive(Clone, Copy)]
pub(super) enum ReportKind {
    Html,
    Markdown,
}

pub(super) fn report_kind(path: &Path) -> Result<ReportKind, Failure> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") | Some("htm") => Ok(ReportKind::Html),
        Some("md") | Some("markdown") => Ok(ReportKind::Markdown),
        _ => Err(Refusal::ReportName(path.to_path_buf()).into()),
    }
}

/// The command that re-runs one replicate alone.
pub(super) fn reproduce(
    scenario: &Path,
    plan: Option<&Path>,
    seed: u64,
    replicate: u64,
    set: &[String],
) -> String {
    let mut command = format!(
        "drillsim run {} --seed {seed} --replicate {replicate}",
        scenario.display()
    );
    if let Some(plan) = plan {
        command.push_str(&format!(" --plan {}", plan.display()));
    }
    for s in set {
        command.push_str(&format!(" --set {s}"));
    }
    command
}

pub(super) fn report_failures(summary: &BatchSummary, reproduce: impl Fn(u64) -> String) {
    for failure in &summary.failures {
        eprintln!(
            "error: replicate {} failed: {}\n  reproduce with: {}",
            failure.replicate,
            failure.message,
            reproduce(failure.replicate)
        );
    }
}

pub(super) fn write_report(path: &Path, input: &ReportInput) -> Result<(), Failure> {
    let text = match report_kind(path)? {
        ReportKind::Html => report::html(input),
        ReportKind::Markdown => report::markdown(input),
    };
    crate::files::write_atomic(path, text.as_bytes()).map_err(|error| Refusal::CannotWrite {
        what: "the report",
        path: path.to_path_buf(),
        error,
    })?;
    eprintln!("wrote {}", path.display());
    Ok(())
}
