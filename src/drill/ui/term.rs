//! The real terminal: raw mode, alternate screen and mouse capture on the way in, restored on
//! every way out — normal quit, error, panic (a panic hook) and SIGTERM/SIGHUP/SIGINT.
//!
//! Three threads feed one channel of [`UiEvent`]s — terminal input, signals and the engine's
//! snapshots — and the UI loop is the one select point: draw, wait for an event, handle every
//! event already queued, repeat.

use std::io::{self, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;

use super::{App, UiEvent};
use crate::drill::engine::{self, Engine};

/// Leaves the terminal as it was found, whatever happens.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = execute!(stdout(), DisableMouseCapture);
        ratatui::restore();
    }
}

/// Runs the drill UI on the terminal until the user quits; returns the engine for the report.
pub fn run(engine: Engine, no_color: bool) -> io::Result<Engine> {
    let mut engine = engine;
    let statics = engine.statics();
    let first = engine.snapshot();
    let mut app = App::new(statics, no_color);
    app.snapshot = Some(Box::new(first));

    let mut terminal = ratatui::try_init()?;
    let _restore = Restore;
    // Runs before ratatui's own hook (which restores raw mode and the screen).
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture);
        previous(info);
    }));
    execute!(stdout(), EnableMouseCapture)?;
    let size = terminal.size()?;
    app.size = ratatui::layout::Rect::new(0, 0, size.width, size.height);

    let (to_ui, events) = mpsc::channel::<UiEvent>();
    let (to_engine, commands) = mpsc::channel();
    let stop = Arc::new(AtomicBool::new(false));

    // Terminal input.
    {
        let to_ui = to_ui.clone();
        let stop = stop.clone();
        std::thread::Builder::new()
            .name("drill-input".into())
            .spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    match event::poll(Duration::from_millis(50)) {
                        Ok(true) => match event::read() {
                            Ok(ev) => {
                                if to_ui.send(UiEvent::Input(ev)).is_err() {
                                    break;
                                }
                            }
                            Err(_) => break,
                        },
                        Ok(false) => {}
                        Err(_) => break,
                    }
                }
            })?;
    }
    // Signals.
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGXFSZ};
        // A file-size limit (`ulimit -f`) reached by the journal: the write fails with an error
        // the engine reports (the input does not happen) instead of the signal killing drillsim
        // with the terminal still in raw mode.
        signal_hook::flag::register(SIGXFSZ, Arc::new(AtomicBool::new(false)))?;
        let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
        let to_ui = to_ui.clone();
        std::thread::Builder::new()
            .name("drill-signals".into())
            .spawn(move || {
                if signals.forever().next().is_some() {
                    let _ = to_ui.send(UiEvent::Terminate);
                }
            })?;
    }
    let engine_thread = engine::spawn(engine, commands, to_ui);

    let result = (|| -> io::Result<()> {
        loop {
            terminal.draw(|frame| super::draw::draw(frame, &app))?;
            let Ok(first) = events.recv() else {
                return Ok(());
            };
            let mut pending = vec![first];
            pending.extend(events.try_iter());
            for event in pending {
                for command in app.handle(event) {
                    let _ = to_engine.send(command);
                }
            }
            if app.quit {
                return Ok(());
            }
        }
    })();
    stop.store(true, Ordering::Relaxed);
    let _ = to_engine.send(crate::drill::line::Command::Quit);
    drop(to_engine);
    let engine = engine_thread
        .join()
        .map_err(|_| io::Error::other("the drill engine stopped with a panic"))?;
    drop(terminal);
    result.map(|_| engine)
}
