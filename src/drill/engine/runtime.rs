//! The engine on its own thread: wall clock × speed → ticks, commands drained first, a snapshot
//! at most every 33 ms.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration as WallDuration, Instant};

use super::{Engine, Snapshot};
use crate::drill::line::{Command, SPEEDS};

/// `HH:MM` of simulated minutes.
pub fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// What the engine thread sends to the UI.
pub enum ToUi {
    Snapshot(Box<Snapshot>),
    /// The engine has stopped (after `Quit`, or on a journal error).
    Stopped(Option<String>),
}

/// Runs `engine` on its own thread: commands in, snapshots out. Returns the engine when the
/// command channel closes or `Quit` arrives, so its final state can be reported.
pub fn spawn<E: From<ToUi> + Send + 'static>(
    mut engine: Engine,
    commands: Receiver<Command>,
    to_ui: Sender<E>,
) -> std::thread::JoinHandle<Engine> {
    std::thread::Builder::new()
        .name("drill-engine".into())
        .spawn(move || {
            let frame = WallDuration::from_millis(33);
            let mut last_wall = Instant::now();
            let mut budget_min = 0.0f64;
            let mut last_sent = Instant::now() - frame;
            let mut dirty = true;
            loop {
                let wait = if engine.paused {
                    frame * 3
                } else {
                    WallDuration::from_millis(5)
                };
                match commands.recv_timeout(wait) {
                    Ok(command) => {
                        let quit = !engine.handle(command);
                        dirty = true;
                        // Show the result of a command at once.
                        last_sent = Instant::now() - frame;
                        if quit {
                            let _ = to_ui.send(ToUi::Stopped(None).into());
                            return engine;
                        }
                        // Apply everything already queued before advancing the clock.
                        continue;
                    }
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => return engine,
                }
                let wall = Instant::now();
                let elapsed = wall.duration_since(last_wall).as_secs_f64();
                last_wall = wall;
                if engine.paused {
                    budget_min = 0.0;
                } else {
                    budget_min += elapsed * engine.speed as f64 / 60.0;
                    let tick = engine.sim.scenario().tick_min.max(1) as f64;
                    let started = Instant::now();
                    while budget_min >= tick && !engine.paused {
                        engine.advance();
                        budget_min -= tick;
                        dirty = true;
                        if started.elapsed() > frame {
                            // Falling behind: drop the debt rather than lag the UI.
                            budget_min = budget_min.min(tick);
                            break;
                        }
                    }
                }
                if dirty && last_sent.elapsed() >= frame {
                    dirty = false;
                    last_sent = Instant::now();
                    if to_ui
                        .send(ToUi::Snapshot(Box::new(engine.snapshot())).into())
                        .is_err()
                    {
                        return engine;
                    }
                }
            }
        })
        .expect("spawning the drill engine thread")
}

/// The speed after `speed` in direction `faster`.
pub fn next_speed(speed: u32, faster: bool) -> u32 {
    let i = SPEEDS.iter().position(|s| *s == speed).unwrap_or(2);
    if faster {
        SPEEDS[(i + 1).min(SPEEDS.len() - 1)]
    } else {
        SPEEDS[i.saturating_sub(1)]
    }
}
