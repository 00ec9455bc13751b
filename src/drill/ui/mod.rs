//! The drill UI: a state machine ([`App`]) fed by one event enum ([`UiEvent`]) at one select
//! point, and a pure drawing function ([`draw::draw`]) from the app and the latest snapshot.
//!
//! The app never touches the simulation: it turns key presses and mouse clicks into
//! [`Command`]s for the engine thread and draws whatever snapshot arrived last. Tests feed it
//! crossterm events directly and draw into ratatui's `TestBackend`.

pub mod draw;
pub mod term;

use std::sync::Arc;

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};

use super::engine::{Snapshot, StaticInfo, ToUi, next_speed};
use super::line::{Command, parse_line_named};

/// Everything the UI reacts to, arriving at one select point.
#[derive(Debug)]
pub enum UiEvent {
    /// A key, mouse or resize event from the terminal.
    Input(Event),
    /// A snapshot or a stop notice from the engine.
    Engine(ToUi),
    /// SIGTERM, SIGHUP or SIGINT: quit cleanly.
    Terminate,
}

impl std::fmt::Debug for ToUi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ToUi::Snapshot(s) => write!(f, "Snapshot(t={})", s.now),
            ToUi::Stopped(e) => write!(f, "Stopped({e:?})"),
        }
    }
}

impl From<ToUi> for UiEvent {
    fn from(value: ToUi) -> Self {
        UiEvent::Engine(value)
    }
}

/// The panes (tabs on a small terminal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Map,
    Incidents,
    Forces,
    Inbox,
    Kpis,
    Msel,
}

impl Pane {
    /// The panes a role has, in tab order.
    pub fn all(controller: bool) -> &'static [Pane] {
        if controller {
            &[
                Pane::Map,
                Pane::Incidents,
                Pane::Forces,
                Pane::Inbox,
                Pane::Kpis,
                Pane::Msel,
            ]
        } else {
            &[
                Pane::Map,
                Pane::Incidents,
                Pane::Forces,
                Pane::Inbox,
                Pane::Kpis,
            ]
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// The order line being edited.
#[derive(Debug, Clone, Default)]
pub struct LineEditor {
    pub text: String,
    /// Cursor position in characters.
    pub cursor: usize,
}

impl LineEditor {
    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(b, _)| b)
    }

    fn insert(&mut self, ch: char) {
        let at = self.byte_at(self.cursor);
        self.text.insert(at, ch);
        self.cursor += 1;
    }

    fn backspace(&mut self) {
        if self.cursor > 0 {
            let at = self.byte_at(self.cursor - 1);
            self.text.remove(at);
            self.cursor -= 1;
        }
    }

    fn delete(&mut self) {
        if self.cursor < self.text.chars().count() {
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    fn set(&mut self, text: String, cursor: Option<usize>) {
        self.cursor = cursor.unwrap_or_else(|| text.chars().count());
        self.text = text;
    }
}

/// The UI's state.
pub struct App {
    pub statics: Arc<StaticInfo>,
    pub snapshot: Option<Box<Snapshot>>,
    pub pane: Pane,
    pub editing: bool,
    pub line: LineEditor,
    /// A parse error for the line: (column, message).
    pub line_error: Option<(usize, String)>,
    /// Completion candidates after Tab.
    pub candidates: Vec<String>,
    pub history: Vec<String>,
    history_pos: Option<usize>,
    pub help: bool,
    /// How many lines the help overlay is scrolled down.
    pub help_scroll: u16,
    /// Selected row per pane (indexed by `Pane::index`; one slot per pane the controller has).
    pub selected: Vec<usize>,
    pub no_color: bool,
    pub quit: bool,
    /// Last known terminal size (for mouse hit tests).
    pub size: Rect,
    /// The engine stopped with an error.
    pub stopped: Option<String>,
}

impl App {
    pub fn new(statics: Arc<StaticInfo>, no_color: bool) -> App {
        App {
            statics,
            snapshot: None,
            pane: Pane::Map,
            editing: false,
            line: LineEditor::default(),
            line_error: None,
            candidates: Vec::new(),
            history: Vec::new(),
            history_pos: None,
            help: false,
            help_scroll: 0,
            selected: vec![0; Pane::all(true).len()],
            no_color,
            quit: false,
            size: Rect::new(0, 0, 80, 24),
            stopped: None,
        }
    }

    /// Reacts to one event; returns the commands for the engine.
    pub fn handle(&mut self, event: UiEvent) -> Vec<Command> {
        match event {
            UiEvent::Engine(ToUi::Snapshot(snapshot)) => {
                self.snapshot = Some(snapshot);
                Vec::new()
            }
            UiEvent::Engine(ToUi::Stopped(error)) => {
                self.stopped = error;
                self.quit = true;
                Vec::new()
            }
            UiEvent::Terminate => {
                self.quit = true;
                vec![Command::Quit]
            }
            UiEvent::Input(Event::Key(key)) if key.kind != KeyEventKind::Release => self.key(key),
            UiEvent::Input(Event::Mouse(mouse)) => {
                self.mouse(mouse);
                Vec::new()
            }
            UiEvent::Input(Event::Resize(w, h)) => {
                self.size = Rect::new(0, 0, w, h);
                Vec::new()
            }
            UiEvent::Input(_) => Vec::new(),
        }
    }

    fn rows_in(&self, pane: Pane) -> usize {
        let Some(s) = &self.snapshot else { return 0 };
        match pane {
            Pane::Incidents => s.incidents.len(),
            Pane::Forces => s.teams.len(),
            Pane::Inbox => s.inbox.len(),
            Pane::Kpis => s.kpis.len(),
            Pane::Msel => s.msel.len(),
            Pane::Map => 0,
        }
    }

    fn move_selection(&mut self, delta: isize) {
        let rows = self.rows_in(self.pane);
        let slot = &mut self.selected[self.pane.index()];
        let next = (*slot as isize + delta).clamp(0, rows.saturating_sub(1) as isize);
        *slot = next as usize;
    }

    fn cycle_pane(&mut self, forward: bool) {
        let panes = Pane::all(self.statics.controller);
        let at = panes.iter().position(|p| *p == self.pane).unwrap_or(0);
        let next = if forward {
            (at + 1) % panes.len()
        } else {
            (at + panes.len() - 1) % panes.len()
        };
        self.pane = panes[next];
    }

    /// Lines in the help overlay (the most it can scroll).
    fn help_len(&self) -> u16 {
        crate::drill::i18n::help_lines(self.statics.lang, self.statics.controller).len() as u16
    }

    fn key(&mut self, key: KeyEvent) -> Vec<Command> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && key.code == KeyCode::Char('c') {
            self.quit = true;
            return vec![Command::Quit];
        }
        if self.help {
            // The help scrolls when the terminal is too short for it (the overlay clamps).
            match key.code {
                KeyCode::Char('?') | KeyCode::Esc | KeyCode::Char('q') => self.help = false,
                KeyCode::Down | KeyCode::Char('j') => {
                    self.help_scroll = (self.help_scroll + 1).min(self.help_len())
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    self.help_scroll = self.help_scroll.saturating_sub(1)
                }
                KeyCode::PageDown | KeyCode::Char(' ') => {
                    self.help_scroll = (self.help_scroll + 10).min(self.help_len())
                }
                KeyCode::PageUp => self.help_scroll = self.help_scroll.saturating_sub(10),
                KeyCode::Home => self.help_scroll = 0,
                _ => {}
            }
            return Vec::new();
        }
        if self.editing {
            return self.edit_key(key);
        }
        let speed = self.snapshot.as_ref().map_or(60, |s| s.speed);
        match key.code {
            KeyCode::Char('q') => {
                self.quit = true;
                vec![Command::Quit]
            }
            KeyCode::Char('?') => {
                self.help = true;
                self.help_scroll = 0;
                Vec::new()
            }
            KeyCode::Char(':') | KeyCode::Char('/') => {
                self.editing = true;
                self.line_error = None;
                Vec::new()
            }
            KeyCode::Enter => {
                self.draft_from_selection();
                self.editing = true;
                Vec::new()
            }
            KeyCode::Char(' ') | KeyCode::Char('p') => vec![Command::TogglePause],
            KeyCode::Char('.') | KeyCode::Char('s') => vec![Command::Step],
            KeyCode::Char(']') | KeyCode::Char('+') => {
                vec![Command::Speed(next_speed(speed, true))]
            }
            KeyCode::Char('[') | KeyCode::Char('-') => {
                vec![Command::Speed(next_speed(speed, false))]
            }
            KeyCode::Tab | KeyCode::Right => {
                self.cycle_pane(true);
                Vec::new()
            }
            KeyCode::BackTab | KeyCode::Left => {
                self.cycle_pane(false);
                Vec::new()
            }
            KeyCode::Char(c @ '1'..='9') => {
                let panes = Pane::all(self.statics.controller);
                if let Some(p) = panes.get(c as usize - '1' as usize) {
                    self.pane = *p;
                }
                Vec::new()
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.move_selection(-1);
                Vec::new()
            }
            KeyCode::Down | KeyCode::Char('j') => {
                self.move_selection(1);
                Vec::new()
            }
            KeyCode::PageUp => {
                self.move_selection(-10);
                Vec::new()
            }
            KeyCode::PageDown => {
                self.move_selection(10);
                Vec::new()
            }
            KeyCode::Home => {
                self.selected[self.pane.index()] = 0;
                Vec::new()
            }
            KeyCode::End => {
                self.move_selection(isize::MAX / 2);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Enter on a row drafts an order about it.
    fn draft_from_selection(&mut self) {
        let Some(s) = &self.snapshot else { return };
        let row = self.selected[self.pane.index()];
        match self.pane {
            Pane::Forces => {
                if let Some(team) = s.teams.get(row) {
                    self.line.set(format!("dispatch {} to ", team.team), None);
                }
            }
            Pane::Incidents => {
                if let Some(incident) = s.incidents.get(row) {
                    let text = format!("dispatch  to {}", incident.place);
                    self.line.set(text, Some("dispatch ".chars().count()));
                }
            }
            Pane::Msel => {
                if let Some(inject) = s.msel.get(row) {
                    self.line.set(format!("retime {} ", inject.id), None);
                }
            }
            _ => {}
        }
    }

    fn edit_key(&mut self, key: KeyEvent) -> Vec<Command> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => {
                // Cancel means cancel: the draft and its error go, so the next `:` starts clean.
                self.editing = false;
                self.candidates.clear();
                self.line = LineEditor::default();
                self.line_error = None;
                self.history_pos = None;
            }
            KeyCode::Enter => {
                let text = self.line.text.trim().to_string();
                if text.is_empty() {
                    self.editing = false;
                    return Vec::new();
                }
                let names = &self.statics.vocabulary.names;
                match parse_line_named(&text, self.statics.controller, names) {
                    Ok(command) => {
                        self.history.push(text);
                        self.history_pos = None;
                        self.line = LineEditor::default();
                        self.line_error = None;
                        self.candidates.clear();
                        self.editing = false;
                        return vec![command];
                    }
                    Err(e) => {
                        let message = e.message_in(self.statics.lang.is_zh()).to_string();
                        self.line_error = Some((e.column, message));
                    }
                }
            }
            KeyCode::Tab => {
                let head: String = self.line.text.chars().take(self.line.cursor).collect();
                let tail: String = self.line.text.chars().skip(self.line.cursor).collect();
                let (completed, candidates) = self.statics.vocabulary.complete(&head);
                let cursor = completed.chars().count();
                self.line.set(format!("{completed}{tail}"), Some(cursor));
                self.candidates = if candidates.len() > 1 {
                    candidates
                } else {
                    Vec::new()
                };
            }
            KeyCode::Backspace => self.line.backspace(),
            KeyCode::Delete => self.line.delete(),
            KeyCode::Left => self.line.cursor = self.line.cursor.saturating_sub(1),
            KeyCode::Right => {
                self.line.cursor = (self.line.cursor + 1).min(self.line.text.chars().count())
            }
            KeyCode::Home => self.line.cursor = 0,
            KeyCode::End => self.line.cursor = self.line.text.chars().count(),
            KeyCode::Up if !self.history.is_empty() => {
                let pos = self
                    .history_pos
                    .map_or(self.history.len() - 1, |p| p.saturating_sub(1));
                self.history_pos = Some(pos);
                self.line.set(self.history[pos].clone(), None);
            }
            KeyCode::Down => {
                if let Some(p) = self.history_pos {
                    if p + 1 < self.history.len() {
                        self.history_pos = Some(p + 1);
                        self.line.set(self.history[p + 1].clone(), None);
                    } else {
                        self.history_pos = None;
                        self.line = LineEditor::default();
                    }
                }
            }
            KeyCode::Char('u') if ctrl => self.line = LineEditor::default(),
            KeyCode::Char(c) if !ctrl => {
                self.line.insert(c);
                self.line_error = None;
            }
            _ => {}
        }
        Vec::new()
    }

    fn mouse(&mut self, mouse: MouseEvent) {
        let regions = draw::regions(self.size, self.statics.controller, self.pane);
        let at = Position::new(mouse.column, mouse.row);
        match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some(tabs) = regions.tabs.filter(|r| r.contains(at)) {
                    let x = at.x - tabs.x;
                    if let Some(pane) = draw::tab_at(&self.statics, x) {
                        self.pane = pane;
                    }
                    return;
                }
                if regions.order.contains(at) {
                    self.editing = true;
                    return;
                }
                for (pane, rect) in &regions.panes {
                    if rect.contains(at) {
                        self.pane = *pane;
                        // Rows start below the border and the header.
                        let first_row = rect.y + 2;
                        if at.y >= first_row && *pane != Pane::Map && *pane != Pane::Inbox {
                            let offset = draw::row_offset(
                                self.selected[pane.index()],
                                (rect.height.saturating_sub(3)) as usize,
                            );
                            let row = offset + (at.y - first_row) as usize;
                            if row < self.rows_in(*pane) {
                                self.selected[pane.index()] = row;
                            }
                        }
                    }
                }
            }
            MouseEventKind::ScrollDown => {
                if let Some((pane, _)) = regions.panes.iter().find(|(_, r)| r.contains(at)) {
                    self.pane = *pane;
                }
                self.move_selection(3);
            }
            MouseEventKind::ScrollUp => {
                if let Some((pane, _)) = regions.panes.iter().find(|(_, r)| r.contains(at)) {
                    self.pane = *pane;
                }
                self.move_selection(-3);
            }
            _ => {}
        }
    }
}

/// Whether colours are off: `NO_COLOR` set to anything non-empty (no-color.org).
pub fn no_color_from_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// The text of a buffer, one line per row, wide characters counted once (for tests and
/// snapshots).
pub fn screen_text(buffer: &ratatui::buffer::Buffer) -> String {
    let width = buffer.area.width as usize;
    let mut out = String::new();
    for cells in buffer.content.chunks(width) {
        let mut skip = 0usize;
        let mut line = String::new();
        for cell in cells {
            if skip == 0 {
                line.push_str(cell.symbol());
            }
            let w = unicode_width::UnicodeWidthStr::width(cell.symbol()).max(1);
            skip = skip.max(w).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drill::i18n::Lang;

    #[test]
    fn every_pane_a_role_has_has_a_selection_slot_and_a_number_key() {
        let slots = Pane::all(true).len();
        for (n, pane) in Pane::all(true).iter().chain(Pane::all(false)).enumerate() {
            assert!(pane.index() < slots, "{pane:?} has no selection slot");
            assert!(n < 9 || n >= slots, "{pane:?} has no number key (1–9)");
        }
    }

    #[test]
    fn the_help_names_as_many_number_keys_as_the_role_has_panes() {
        for controller in [false, true] {
            let panes = Pane::all(controller).len();
            for lang in [Lang::Zh, Lang::En] {
                let keys = crate::drill::i18n::help_lines(lang, controller);
                assert!(
                    keys.iter()
                        .any(|(k, _)| k.starts_with(&format!("1–{panes} "))),
                    "{keys:?}"
                );
                // No Chinese on an English screen, keys included.
                let han = |t: &str| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
                if lang == Lang::En {
                    assert!(!keys.iter().any(|(k, v)| han(k) || han(v)), "{keys:?}");
                }
            }
        }
    }
}
