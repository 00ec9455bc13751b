//! Replicates in parallel, folded in replicate order.
//!
//! Each worker of a rayon pool takes the next replicate number from a shared counter, so no
//! worker waits for another; results come back over a bounded channel and are handed on in
//! replicate order (the few that finish early wait in a small reorder buffer). Memory stays flat
//! in the number of runs and the result is the same for any number of workers. A replicate that
//! panics is caught and reported with its seed; the others finish. A stop flag (set by Ctrl-C in
//! the command line) keeps workers from starting further replicates.

use std::collections::BTreeMap;
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;

/// The most replicates one batch, comparison or sweep runs (`--runs`, and a sweep's points ×
/// runs): a billion county replicates is weeks of one machine's time; more is a mistake.
pub const MAX_RUNS: u64 = 1_000_000_000;

/// The most worker threads [`run_replicates`] starts, whatever it is asked for.
pub const MAX_WORKERS: usize = 256;

/// The worker threads could not be started.
#[derive(Debug, thiserror::Error)]
#[error("cannot start {jobs} worker threads: {error}")]
pub struct WorkersError {
    pub jobs: usize,
    pub error: rayon::ThreadPoolBuildError,
}

/// Runs `run_one(replicate)` for every replicate in `range` on `jobs` workers and hands each
/// result to `sink` in replicate order. A panic becomes `Err(message)`.
pub fn run_replicates<T, F, S>(
    jobs: usize,
    range: Range<u64>,
    run_one: F,
    sink: S,
) -> Result<(), WorkersError>
where
    T: Send,
    F: Fn(u64) -> T + Sync,
    S: FnMut(u64, Result<T, String>),
{
    run_replicates_until(jobs, range, &AtomicBool::new(false), run_one, sink).map(|_| ())
}

/// [`run_replicates`] that stops early once `stop` is set: no worker starts another replicate,
/// the replicates already running finish, and every result before the first one not run is
/// handed to `sink`. Returns how many replicates were handed to `sink` (all of `range` unless
/// stopped). At most `min(jobs, MAX_WORKERS, replicates)` workers are started.
pub fn run_replicates_until<T, F, S>(
    jobs: usize,
    range: Range<u64>,
    stop: &AtomicBool,
    run_one: F,
    mut sink: S,
) -> Result<u64, WorkersError>
where
    T: Send,
    F: Fn(u64) -> T + Sync,
    S: FnMut(u64, Result<T, String>),
{
    let count = range.end.saturating_sub(range.start);
    let jobs = jobs
        .clamp(1, MAX_WORKERS)
        .min(usize::try_from(count).unwrap_or(usize::MAX).max(1));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|error| WorkersError { jobs, error })?;
    let next = AtomicU64::new(range.start);
    let (results, received) = mpsc::sync_channel::<(u64, Result<T, String>)>(jobs * 4);
    let mut handed = 0u64;
    // The workers run on the pool; this thread folds their results as they come.
    pool.in_place_scope(|scope| {
        for _ in 0..jobs {
            let results = results.clone();
            let (next, run_one, end) = (&next, &run_one, range.end);
            scope.spawn(move |_| {
                loop {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    // Take the next number only while it is below the end: the counter never
                    // passes `end`, so it cannot wrap round to 0 even when `end` is u64::MAX.
                    let Ok(replicate) =
                        next.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |r| {
                            (r < end).then(|| r + 1)
                        })
                    else {
                        break;
                    };
                    let result = catch_unwind(AssertUnwindSafe(|| run_one(replicate)))
                        .map_err(panic_message);
                    if results.send((replicate, result)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(results);
        let mut waiting: BTreeMap<u64, Result<T, String>> = BTreeMap::new();
        let mut due = range.start;
        for (replicate, result) in received {
            waiting.insert(replicate, result);
            while let Some(result) = waiting.remove(&due) {
                sink(due, result);
                handed += 1;
                due += 1;
            }
        }
    });
    Ok(handed)
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        format!("panicked: {s}")
    } else if let Some(s) = payload.downcast_ref::<String>() {
        format!("panicked: {s}")
    } else {
        "panicked".to_string()
    }
}

/// The replicates of shard `index` (0-based) of `count` over `runs` replicates. An `index` at
/// or past `count` (or a `count` of 0) has no replicates.
pub fn shard_range(runs: u64, index: u64, count: u64) -> Range<u64> {
    if count == 0 || index >= count {
        return runs..runs;
    }
    // In 128 bits `runs × i` cannot overflow, and the quotient is at most `runs`.
    let at = |i: u64| ((runs as u128 * i as u128) / count as u128) as u64;
    at(index)..at(index + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_arrive_in_replicate_order_whatever_the_workers() {
        for jobs in [1, 2, 3] {
            let mut seen = Vec::new();
            run_replicates(jobs, 5..40, |r| r * r, |r, v| seen.push((r, v.unwrap()))).unwrap();
            let expected: Vec<(u64, u64)> = (5..40).map(|r| (r, r * r)).collect();
            assert_eq!(seen, expected);
        }
    }

    #[test]
    fn a_panicking_replicate_is_isolated() {
        let mut ok = 0;
        let mut failed = Vec::new();
        run_replicates(
            2,
            0..20,
            |r| {
                if r == 13 {
                    panic!("boom at {r}");
                }
                r
            },
            |r, v| match v {
                Ok(_) => ok += 1,
                Err(message) => failed.push((r, message)),
            },
        )
        .unwrap();
        assert_eq!(ok, 19);
        assert_eq!(failed, vec![(13, "panicked: boom at 13".to_string())]);
    }

    #[test]
    fn the_replicate_counter_stops_at_the_end_instead_of_wrapping() {
        // Ending at u64::MAX: a counter that wrapped would hand out 0, 1, … for ever.
        let wrong = AtomicBool::new(false);
        let stop = AtomicBool::new(false);
        let mut seen = Vec::new();
        let start = u64::MAX - 5;
        run_replicates_until(
            3,
            start..u64::MAX,
            &stop,
            |r| {
                if r < start {
                    wrong.store(true, Ordering::Relaxed);
                    stop.store(true, Ordering::Relaxed);
                }
                r
            },
            |r, _| seen.push(r),
        )
        .unwrap();
        assert!(
            !wrong.load(Ordering::Relaxed),
            "a replicate below the range ran"
        );
        assert_eq!(seen, (start..u64::MAX).collect::<Vec<_>>());
    }

    #[test]
    fn a_stop_flag_ends_the_batch_after_a_prefix_of_replicates() {
        let stop = AtomicBool::new(false);
        let mut seen = Vec::new();
        let handed = run_replicates_until(
            2,
            0..1_000_000,
            &stop,
            |r| {
                if r == 10 {
                    stop.store(true, Ordering::Relaxed);
                }
                r
            },
            |r, _| seen.push(r),
        )
        .unwrap();
        assert!((11..100).contains(&handed), "{handed}");
        assert_eq!(seen, (0..handed).collect::<Vec<_>>());
    }

    #[test]
    fn absurd_worker_counts_start_no_more_threads_than_replicates() {
        // 100 000 threads asked for 3 replicates: it starts (at most) 3 and finishes at once.
        let mut seen = Vec::new();
        run_replicates(100_000, 0..3, |r| r, |r, _| seen.push(r)).unwrap();
        assert_eq!(seen, vec![0, 1, 2]);
    }

    #[test]
    fn shards_cover_every_replicate_exactly_once() {
        for runs in [0u64, 1, 2, 7, 1000] {
            for count in 1..6 {
                let mut all = Vec::new();
                for index in 0..count {
                    all.extend(shard_range(runs, index, count));
                }
                assert_eq!(
                    all,
                    (0..runs).collect::<Vec<_>>(),
                    "{runs} runs, {count} shards"
                );
            }
        }
        let last = shard_range(u64::MAX, u64::MAX - 1, u64::MAX);
        assert_eq!(last, u64::MAX - 1..u64::MAX);
        assert!(shard_range(10, 3, 3).is_empty());
        assert!(shard_range(10, 0, 0).is_empty());
    }
}
