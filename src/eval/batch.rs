//! Replicates in parallel, folded in replicate order.
//!
//! Each worker of a rayon pool takes the next replicate number from a shared counter, so no
//! worker waits for another; results come back over a bounded channel and are handed on in
//! replicate order (the few that finish early wait in a small reorder buffer). Memory stays flat
//! in the number of runs and the result is the same for any number of workers. A replicate that
//! panics is caught and reported with its seed; the others finish.

use std::collections::BTreeMap;
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;

/// Runs `run_one(replicate)` for every replicate in `range` on `jobs` workers and hands each
/// result to `sink` in replicate order. A panic becomes `Err(message)`.
pub fn run_replicates<T, F, S>(
    jobs: usize,
    range: Range<u64>,
    run_one: F,
    mut sink: S,
) -> Result<(), String>
where
    T: Send,
    F: Fn(u64) -> T + Sync,
    S: FnMut(u64, Result<T, String>),
{
    let jobs = jobs.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| format!("cannot start {jobs} worker threads: {e}"))?;
    let next = AtomicU64::new(range.start);
    let (results, received) = mpsc::sync_channel::<(u64, Result<T, String>)>(jobs * 4);
    // The workers run on the pool; this thread folds their results as they come.
    pool.in_place_scope(|scope| {
        for _ in 0..jobs {
            let results = results.clone();
            let (next, run_one, end) = (&next, &run_one, range.end);
            scope.spawn(move |_| {
                loop {
                    let replicate = next.fetch_add(1, Ordering::Relaxed);
                    if replicate >= end {
                        break;
                    }
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
                due += 1;
            }
        }
    });
    Ok(())
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

/// The replicates of shard `index` (0-based) of `count` over `runs` replicates.
pub fn shard_range(runs: u64, index: u64, count: u64) -> Range<u64> {
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
    }
}
