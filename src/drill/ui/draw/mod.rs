//! Drawing: one function from the [`App`] (and the snapshot it holds) to a frame.
//!
//! Two layouts: on a terminal of at least 160×40 every pane is on screen at once (map and inbox
//! on the left; incidents, forces, KPIs and the MSEL on the right); below that, one pane at a
//! time under a tab bar. Both keep the status bar (marked 【演练】EXERCISE), the order line,
//! a feedback line and a key hint line. With `NO_COLOR`, no colour is used: blocked roads,
//! incidents and the selection stay readable through symbols and reverse video.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span, Text as RText};
use ratatui::widgets::canvas::{Canvas, Line as CanvasLine};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, TableState, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{App, Pane};
use crate::drill::engine::{InboxItem, Snapshot, StaticInfo, clock};
use crate::drill::i18n::{Lang, Text};
use crate::drill::msel::InjectStatus;
use crate::sim::Better;
use crate::sim::command::LinkState;
use crate::sim::command::TeamStatusKind;

mod forces;
mod inbox;
mod incidents;
mod kpis;
mod map;
mod msel;
mod order_line;

use forces::draw_forces;
use inbox::draw_inbox;
use incidents::draw_incidents;
use kpis::draw_kpis;
use map::draw_map;
use msel::draw_msel;
use order_line::{draw_help, draw_order_line};

/// Where everything goes on a terminal of a given size.
#[derive(Debug, Clone)]
pub struct Regions {
    pub status: Rect,
    pub tabs: Option<Rect>,
    pub panes: Vec<(Pane, Rect)>,
    pub order: Rect,
    pub feedback: Rect,
    pub hints: Rect,
    pub wide: bool,
}

/// Whether a terminal is large enough to show every pane at once.
pub fn is_wide(area: Rect) -> bool {
    area.width >= 160 && area.height >= 40
}

/// The layout for `area`.
pub fn regions(area: Rect, controller: bool, pane: Pane) -> Regions {
    let wide = is_wide(area);
    let [status, body, order, feedback, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    if !wide {
        let [tabs, main] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
        return Regions {
            status,
            tabs: Some(tabs),
            panes: vec![(pane, main)],
            order,
            feedback,
            hints,
            wide,
        };
    }
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(52), Constraint::Percentage(48)]).areas(body);
    let [map, bottom_left] =
        Layout::vertical([Constraint::Percentage(64), Constraint::Percentage(36)]).areas(left);
    let mut panes = vec![(Pane::Map, map)];
    if controller {
        // The MSEL gets the right column's whole width (its actions and recipients whole);
        // the KPIs sit beside the inbox.
        let [inbox, kpis] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
                .areas(bottom_left);
        let [incidents, forces, msel] = Layout::vertical([
            Constraint::Percentage(28),
            Constraint::Percentage(30),
            Constraint::Percentage(42),
        ])
        .areas(right);
        panes.extend([
            (Pane::Inbox, inbox),
            (Pane::Incidents, incidents),
            (Pane::Forces, forces),
            (Pane::Kpis, kpis),
            (Pane::Msel, msel),
        ]);
    } else {
        panes.push((Pane::Inbox, bottom_left));
        let [incidents, forces, kpis] = Layout::vertical([
            Constraint::Percentage(38),
            Constraint::Percentage(40),
            Constraint::Percentage(22),
        ])
        .areas(right);
        panes.extend([
            (Pane::Incidents, incidents),
            (Pane::Forces, forces),
            (Pane::Kpis, kpis),
        ]);
    }
    Regions {
        status,
        tabs: None,
        panes,
        order,
        feedback,
        hints,
        wide,
    }
}

/// Styles, or none of them under `NO_COLOR`.
struct Theme {
    no_color: bool,
}

impl Theme {
    fn fg(&self, color: Color) -> Style {
        if self.no_color {
            Style::default()
        } else {
            Style::default().fg(color)
        }
    }
    fn bold(&self, color: Color) -> Style {
        self.fg(color).add_modifier(Modifier::BOLD)
    }
    fn selected(&self) -> Style {
        if self.no_color {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
                .bg(Color::DarkGray)
                .add_modifier(Modifier::BOLD)
        }
    }
    fn border(&self, focused: bool) -> Style {
        match (self.no_color, focused) {
            (true, true) => Style::default().add_modifier(Modifier::BOLD),
            (true, false) => Style::default(),
            (false, true) => Style::default().fg(Color::Cyan),
            (false, false) => Style::default().fg(Color::DarkGray),
        }
    }
}

fn pane_title(lang: Lang, pane: Pane) -> &'static str {
    lang.t(match pane {
        Pane::Map => Text::Map,
        Pane::Incidents => Text::Incidents,
        Pane::Forces => Text::Forces,
        Pane::Inbox => Text::Inbox,
        Pane::Kpis => Text::Kpis,
        Pane::Msel => Text::Msel,
    })
}

fn tab_labels(statics: &StaticInfo) -> Vec<(Pane, String)> {
    Pane::all(statics.controller)
        .iter()
        .enumerate()
        .map(|(i, p)| (*p, format!(" {} {} ", i + 1, pane_title(statics.lang, *p))))
        .collect()
}

/// The pane whose tab is at column `x` of the tab bar.
pub fn tab_at(statics: &StaticInfo, x: u16) -> Option<Pane> {
    let mut at = 0u16;
    for (pane, label) in tab_labels(statics) {
        let w = label.width() as u16;
        if x >= at && x < at + w {
            return Some(pane);
        }
        at += w + 1;
    }
    None
}

/// First visible row of a table showing `visible` rows with row `selected` selected.
pub fn row_offset(selected: usize, visible: usize) -> usize {
    selected.saturating_sub(visible.saturating_sub(1))
}

/// Local time of day for simulated minute `now`.
fn local_time(statics: &StaticInfo, now: u32) -> String {
    let m = (statics.start_minute_of_day + now) % 1440;
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let theme = Theme {
        no_color: app.no_color,
    };
    let lang = app.statics.lang;
    if area.width < 80 || area.height < 24 {
        let text = vec![
            Line::from(lang.t(Text::Exercise)),
            Line::from(lang.t(Text::TooSmall)),
            Line::from(format!("{}×{}", area.width, area.height)),
        ];
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    let r = regions(area, app.statics.controller, app.pane);
    draw_status(frame, app, &theme, r.status);
    if let Some(tabs) = r.tabs {
        draw_tabs(frame, app, &theme, tabs);
    }
    for (pane, rect) in &r.panes {
        let focused = *pane == app.pane;
        match pane {
            Pane::Map => draw_map(frame, app, &theme, *rect, focused),
            Pane::Incidents => draw_incidents(frame, app, &theme, *rect, focused),
            Pane::Forces => draw_forces(frame, app, &theme, *rect, focused),
            Pane::Inbox => draw_inbox(frame, app, &theme, *rect, focused),
            Pane::Kpis => draw_kpis(frame, app, &theme, *rect, focused),
            Pane::Msel => draw_msel(frame, app, &theme, *rect, focused),
        }
    }
    draw_order_line(frame, app, &theme, r.order, r.feedback);
    let hints = if app.editing {
        lang.t(Text::KeysHintOrder)
    } else {
        lang.t(Text::KeysHint)
    };
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(hints, theme.fg(Color::DarkGray)))),
        r.hints,
    );
    if app.help {
        draw_help(frame, app, &theme, area);
    }
}

fn draw_status(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let lang = app.statics.lang;
    let s = &app.statics;
    let mut spans = vec![Span::styled(
        format!(" {} ", lang.t(Text::Exercise)),
        if theme.no_color {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::default()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        },
    )];
    let role = match (&s.role_name, s.controller) {
        (Some(name), _) => format!("{name} ({})", s.role),
        (None, true) if lang.is_zh() => format!("{} {}", lang.t(Text::Controller), s.role),
        _ => s.role.clone(),
    };
    let role = Span::styled(
        format!("{}:{} ", lang.t(Text::Role), role),
        theme.bold(Color::Cyan),
    );
    // The clock and level come first: on a narrow terminal the role's name may be cut, never
    // the time.
    if let Some(snap) = &app.snapshot {
        let run = if snap.paused {
            format!("⏸ {}", lang.t(Text::Paused))
        } else {
            format!("▶ {}×", snap.speed)
        };
        spans.push(Span::styled(
            format!("T+{} ({}) ", clock(snap.now), local_time(s, snap.now)),
            theme.bold(Color::White),
        ));
        spans.push(Span::styled(
            format!("{run} "),
            if snap.paused {
                theme.bold(Color::Yellow)
            } else {
                theme.bold(Color::Green)
            },
        ));
        if snap.paused {
            spans.push(Span::raw(format!("{}× ", snap.speed)));
        }
        spans.push(Span::styled(
            format!(
                "{} {} ",
                lang.t(Text::Level),
                snap.level.unwrap_or(lang.t(Text::NoLevel))
            ),
            if snap.level.is_some() {
                theme.bold(Color::Red)
            } else {
                Style::default()
            },
        ));
    }
    spans.push(role);
    let name = match &s.exercise_name {
        Some(e) => format!("{} · {}", s.scenario_name, e),
        None => s.scenario_name.clone(),
    };
    spans.push(Span::styled(name, theme.fg(Color::DarkGray)));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_tabs(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let mut spans = Vec::new();
    for (pane, label) in tab_labels(&app.statics) {
        let style = if pane == app.pane {
            theme.selected()
        } else {
            Style::default()
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw("│"));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A pane's frame: all borders, brighter and with a bold title when the pane has focus.
fn block<'a>(title: String, theme: &Theme, focused: bool) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(focused))
        .title(Span::styled(
            title,
            if focused {
                Style::default().add_modifier(Modifier::BOLD)
            } else {
                Style::default()
            },
        ))
}

/// The scroll offset and selection of `pane`'s table of `rows` rows drawn into `area`.
fn table_state(app: &App, pane: Pane, area: Rect, rows: usize) -> TableState {
    let selected = app.selected[pane.index()].min(rows.saturating_sub(1));
    let visible = area.height.saturating_sub(3) as usize;
    TableState::default()
        .with_offset(row_offset(selected, visible))
        .with_selected((rows > 0).then_some(selected))
}

/// A table's header row: bold yellow, underlined.
fn header<'a>(cells: Vec<&'a str>, theme: &Theme) -> Row<'a> {
    Row::new(cells).style(theme.bold(Color::Yellow).add_modifier(Modifier::UNDERLINED))
}

/// A pane's table, ready to draw: the pane it shows, its title, column heads, column widths
/// and rows.
struct PaneTable<'a> {
    pane: Pane,
    title: String,
    head: Vec<&'a str>,
    widths: Vec<Constraint>,
    rows: Vec<Row<'a>>,
}

/// Draws `table` into `area` the way every pane's table is drawn: framed and titled by
/// [`block`], an underlined [`header`], one space between columns, and the pane's selected row
/// highlighted and scrolled into view (see [`table_state`]). Returns how many rows it has, so
/// that a caller can note an empty table.
fn draw_table(
    frame: &mut Frame,
    app: &App,
    theme: &Theme,
    area: Rect,
    focused: bool,
    table: PaneTable,
) -> usize {
    let PaneTable {
        pane,
        title,
        head,
        widths,
        rows,
    } = table;
    let n = rows.len();
    let mut state = table_state(app, pane, area, n);
    let table = Table::new(rows, widths)
        .header(header(head, theme))
        .block(block(title, theme, focused))
        .row_highlight_style(theme.selected())
        .column_spacing(1);
    frame.render_stateful_widget(table, area, &mut state);
    n
}

/// Writes why a table is empty inside the frame at `area`, when there is room: "nothing yet" for
/// the controller, `player` (what reaches this seat, and how) for a player; wrapped.
fn draw_empty(frame: &mut Frame, app: &App, player: Text, area: Rect) {
    let lang = app.statics.lang;
    if area.height > 3 {
        let text = if app.statics.controller {
            lang.t(Text::NothingYet)
        } else {
            lang.t(player)
        };
        let height = area.height.saturating_sub(3);
        let inner = Rect::new(area.x + 2, area.y + 2, area.width.saturating_sub(4), height);
        frame.render_widget(
            Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
    }
}

/// Draws `app` into a fresh buffer of `width`×`height` and returns its text (for tests).
pub fn render_to_text(app: &mut App, width: u16, height: u16) -> String {
    let backend = ratatui::backend::TestBackend::new(width, height);
    let mut terminal = ratatui::Terminal::new(backend).expect("test terminal");
    app.size = Rect::new(0, 0, width, height);
    terminal.draw(|f| draw(f, app)).expect("draw");
    super::screen_text(terminal.backend().buffer())
}

/// Whether the snapshot's incident ids appear in `text` (for tests).
pub fn shown_incidents<'a>(snapshot: &'a Snapshot, text: &str) -> Vec<&'a str> {
    snapshot
        .incidents
        .iter()
        .map(|i| i.incident.as_str())
        .filter(|id| text.contains(id))
        .collect()
}
