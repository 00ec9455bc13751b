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
use crate::sim::components::TeamStatusKind;
use crate::sim::roads::LinkState;

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
    let [map, inbox] =
        Layout::vertical([Constraint::Percentage(64), Constraint::Percentage(36)]).areas(left);
    let mut panes = vec![(Pane::Map, map), (Pane::Inbox, inbox)];
    if controller {
        let [incidents, forces, bottom] = Layout::vertical([
            Constraint::Percentage(30),
            Constraint::Percentage(32),
            Constraint::Percentage(38),
        ])
        .areas(right);
        let [kpis, msel] =
            Layout::horizontal([Constraint::Percentage(36), Constraint::Percentage(64)])
                .areas(bottom);
        panes.extend([
            (Pane::Incidents, incidents),
            (Pane::Forces, forces),
            (Pane::Kpis, kpis),
            (Pane::Msel, msel),
        ]);
    } else {
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
    let role = if s.controller && lang.is_zh() {
        format!("{} {}", lang.t(Text::Controller), s.role)
    } else {
        s.role.clone()
    };
    spans.push(Span::styled(
        format!("{}:{} ", lang.t(Text::Role), role),
        theme.bold(Color::Cyan),
    ));
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

fn draw_map(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, focused: bool) {
    let s = &app.statics;
    let lang = s.lang;
    let (x0, x1, y0, y1) = s.bounds;
    let mut title = format!(" {} ", lang.t(Text::Map));
    if !s.controller {
        title.push_str(&format!(
            "({}; {}) ",
            lang.t(Text::BeliefOnly),
            lang.t(Text::RoadsUnknown)
        ));
    } else {
        title.push_str(&format!("({}) ", lang.t(Text::GroundTruth)));
    }
    let legend = Line::from(format!(" {} ", lang.t(Text::Legend))).alignment(Alignment::Right);
    let snap = app.snapshot.as_deref();
    let inner_width = area.width.saturating_sub(2).max(1) as f64;
    let km_per_cell = (x1 - x0) / inner_width;
    let show_town_names = area.width >= 60;
    let show_village_dots = s.places.len() <= 400;
    let canvas = Canvas::default()
        .block(block(title, theme, focused).title_bottom(legend))
        .marker(Marker::Braille)
        .x_bounds([x0, x1])
        .y_bounds([y0, y1])
        .paint(|ctx| {
            let states = snap.and_then(|s| s.road_states.as_ref());
            for (i, (a, b, _)) in s.roads.iter().enumerate() {
                let (pa, pb) = (&s.places[*a], &s.places[*b]);
                let state = states
                    .and_then(|st| st.get(i))
                    .copied()
                    .unwrap_or(LinkState::Open);
                let color = match (theme.no_color, state) {
                    (true, _) => Color::Reset,
                    (false, LinkState::Open) => Color::DarkGray,
                    (false, LinkState::Degraded) => Color::Yellow,
                    (false, LinkState::Blocked) => Color::Red,
                };
                ctx.draw(&CanvasLine::new(pa.x_km, pa.y_km, pb.x_km, pb.y_km, color));
            }
            ctx.layer();
            if let Some(states) = states {
                for (i, (a, b, _)) in s.roads.iter().enumerate() {
                    let mark = match states.get(i) {
                        Some(LinkState::Blocked) => Span::styled("#", theme.bold(Color::Red)),
                        Some(LinkState::Degraded) => Span::styled("~", theme.fg(Color::Yellow)),
                        _ => continue,
                    };
                    let (pa, pb) = (&s.places[*a], &s.places[*b]);
                    ctx.print((pa.x_km + pb.x_km) / 2.0, (pa.y_km + pb.y_km) / 2.0, mark);
                }
            }
            for p in &s.places {
                let symbol = match p.rank {
                    0 => Span::styled("◆", theme.bold(Color::White)),
                    1 => Span::styled("■", theme.fg(Color::White)),
                    _ if show_village_dots => Span::styled("·", theme.fg(Color::Gray)),
                    _ => continue,
                };
                ctx.print(p.x_km, p.y_km, symbol);
            }
            if let Some(snap) = snap {
                for i in snap.incidents.iter().filter(|i| !i.closed) {
                    ctx.print(i.x_km, i.y_km, Span::styled("X", theme.bold(Color::Red)));
                }
                for t in &snap.teams {
                    let style = match t.status {
                        TeamStatusKind::Available => continue,
                        TeamStatusKind::EnRoute | TeamStatusKind::Mobilising => {
                            theme.bold(Color::Cyan)
                        }
                        TeamStatusKind::Working => theme.bold(Color::Green),
                        TeamStatusKind::Resting => theme.fg(Color::Blue),
                    };
                    ctx.print(t.x_km, t.y_km, Span::styled("▲", style));
                }
            }
            if show_town_names {
                for p in s.places.iter().filter(|p| p.rank <= 1) {
                    ctx.print(
                        p.x_km + 1.5 * km_per_cell,
                        p.y_km,
                        Span::styled(p.name.clone(), theme.fg(Color::Gray)),
                    );
                }
            }
        });
    frame.render_widget(canvas, area);
}

/// The scroll offset and selection of `pane`'s table of `rows` rows drawn into `area`.
fn table_state(app: &App, pane: Pane, area: Rect, rows: usize) -> TableState {
    let selected = app.selected[pane as usize].min(rows.saturating_sub(1));
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

fn draw_incidents(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, focused: bool) {
    let lang = app.statics.lang;
    let empty = Vec::new();
    let incidents = app.snapshot.as_ref().map_or(&empty, |s| &s.incidents);
    let open = incidents.iter().filter(|i| !i.closed).count();
    let title = format!(" {} ({open}/{}) ", lang.t(Text::Incidents), incidents.len());
    let controller = app.statics.controller;
    let wide = area.width >= 90;
    let rows: Vec<Row> = incidents
        .iter()
        .map(|i| {
            let mut cells = vec![
                Cell::from(i.incident.clone()),
                Cell::from(i.place_name.clone()),
                Cell::from(i.trapped.to_string()),
                Cell::from(i.dead.to_string()),
                Cell::from(clock(i.known_since)),
            ];
            if wide {
                cells.push(Cell::from(clock(i.updated_at)));
            }
            if controller {
                cells.push(Cell::from(i.teams.map_or(String::new(), |n| n.to_string())));
            }
            cells.push(Cell::from(if i.closed {
                lang.t(Text::Closed)
            } else {
                lang.t(Text::Open)
            }));
            let style = if i.closed {
                theme.fg(Color::DarkGray)
            } else if i.trapped > 0 {
                theme.fg(Color::LightRed)
            } else {
                Style::default()
            };
            Row::new(cells).style(style)
        })
        .collect();
    let mut head = vec![
        lang.t(Text::Incident),
        lang.t(Text::Place),
        lang.t(Text::Trapped),
        lang.t(Text::Dead),
        lang.t(Text::KnownSince),
    ];
    let mut widths = vec![
        Constraint::Min(12),
        Constraint::Length(12),
        Constraint::Length(7),
        Constraint::Length(5),
        Constraint::Length(6),
    ];
    if wide {
        head.push(lang.t(Text::Updated));
        widths.push(Constraint::Length(7));
    }
    if controller {
        head.push(lang.t(Text::Team));
        widths.push(Constraint::Length(5));
    }
    head.push(lang.t(Text::Status));
    widths.push(Constraint::Length(7));
    let table = PaneTable {
        pane: Pane::Incidents,
        title,
        head,
        widths,
        rows,
    };
    if draw_table(frame, app, theme, area, focused, table) == 0 {
        draw_empty(frame, lang, area);
    }
}

/// Writes "nothing yet" inside the frame at `area`, when there is room.
fn draw_empty(frame: &mut Frame, lang: Lang, area: Rect) {
    if area.height > 3 {
        let inner = Rect::new(area.x + 2, area.y + 2, area.width.saturating_sub(4), 1);
        frame.render_widget(Paragraph::new(lang.t(Text::NothingYet)), inner);
    }
}

fn task_text(lang: Lang, task: &str) -> String {
    let mut words = task.splitn(2, ' ');
    let verb = words.next().unwrap_or("");
    let rest = words.next().unwrap_or("");
    match verb {
        "rescue" => format!("{} {rest}", lang.t(Text::Rescue)),
        "clear" => format!("{} {rest}", lang.t(Text::Clear)),
        "return" => lang.t(Text::Return).to_string(),
        _ => format!("{}: {task}", lang.t(Text::AsOrdered)),
    }
}

fn draw_forces(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, focused: bool) {
    let lang = app.statics.lang;
    let empty = Vec::new();
    let teams = app.snapshot.as_ref().map_or(&empty, |s| &s.teams);
    let busy = teams
        .iter()
        .filter(|t| t.status != TeamStatusKind::Available)
        .count();
    let title = format!(" {} ({busy}/{}) ", lang.t(Text::Forces), teams.len());
    let show_name = area.width >= 100;
    let controller = app.statics.controller;
    let rows: Vec<Row> = teams
        .iter()
        .map(|t| {
            let mut cells = vec![Cell::from(t.team.clone())];
            if show_name {
                cells.push(Cell::from(t.name.clone()));
            }
            cells.push(Cell::from(lang.status(t.status)));
            cells.push(Cell::from(t.place.clone()));
            cells.push(Cell::from(
                t.task
                    .as_deref()
                    .map(|x| task_text(lang, x))
                    .unwrap_or_default(),
            ));
            if controller {
                cells.push(Cell::from(
                    t.eta_min.map_or(String::new(), |m| format!("{m}m")),
                ));
            } else {
                cells.push(Cell::from(clock(t.as_of)));
            }
            let style = match t.status {
                TeamStatusKind::EnRoute | TeamStatusKind::Mobilising => theme.fg(Color::Cyan),
                TeamStatusKind::Working => theme.fg(Color::Green),
                TeamStatusKind::Resting => theme.fg(Color::DarkGray),
                TeamStatusKind::Available => Style::default(),
            };
            Row::new(cells).style(style)
        })
        .collect();
    let mut head = vec![lang.t(Text::Team)];
    let mut widths = vec![Constraint::Length(12)];
    if show_name {
        head.push("");
        widths.push(Constraint::Length(22));
    }
    head.extend([
        lang.t(Text::Status),
        lang.t(Text::Place),
        lang.t(Text::Task),
    ]);
    widths.extend([
        Constraint::Length(10),
        Constraint::Length(8),
        Constraint::Min(12),
    ]);
    head.push(if controller {
        lang.t(Text::Eta)
    } else {
        lang.t(Text::AsOf)
    });
    widths.push(Constraint::Length(6));
    let table = PaneTable {
        pane: Pane::Forces,
        title,
        head,
        widths,
        rows,
    };
    if draw_table(frame, app, theme, area, focused, table) == 0 {
        draw_empty(frame, lang, area);
    }
}

fn inbox_line<'a>(lang: Lang, theme: &Theme, item: &'a InboxItem, controller: bool) -> Line<'a> {
    match item {
        InboxItem::Report {
            at,
            from,
            to,
            report,
            incident,
            trapped,
            dead,
        } => {
            let route = if controller {
                format!("{from}→{to}")
            } else {
                from.clone()
            };
            Line::from(vec![
                Span::styled(format!("T+{} ", clock(*at)), theme.fg(Color::DarkGray)),
                Span::styled(
                    format!("{} ", lang.report(report)),
                    theme.bold(Color::Yellow),
                ),
                Span::raw(format!("{route} {incident} ")),
                Span::raw(format!(
                    "{}{} {}{}",
                    lang.t(Text::Trapped),
                    trapped,
                    lang.t(Text::Dead),
                    dead
                )),
            ])
        }
        InboxItem::Inject {
            at,
            id,
            from,
            to,
            channel,
            zh,
            en,
        } => {
            let text = if lang.is_zh() { zh } else { en };
            let mut spans = vec![
                Span::styled(format!("T+{} ", clock(*at)), theme.fg(Color::DarkGray)),
                Span::styled(
                    format!("【{}】", channel.label(lang.is_zh())),
                    theme.bold(Color::Magenta),
                ),
            ];
            if controller {
                spans.push(Span::styled(format!("{id} "), theme.bold(Color::Magenta)));
                spans.push(Span::raw(format!("{from}→{to}: ")));
            } else {
                spans.push(Span::raw(format!("{from}: ")));
            }
            spans.push(Span::raw(text.as_str()));
            Line::from(spans)
        }
    }
}

fn draw_inbox(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, focused: bool) {
    let lang = app.statics.lang;
    let empty = Vec::new();
    let items = app.snapshot.as_ref().map_or(&empty, |s| &s.inbox);
    let title = format!(" {} ({}) ", lang.t(Text::Inbox), items.len());
    // Injects first (they are what a player must act on), newest first, then reports.
    let skip = app.selected[Pane::Inbox as usize].min(items.len().saturating_sub(1));
    let injects = items
        .iter()
        .filter(|i| matches!(i, InboxItem::Inject { .. }));
    let reports = items
        .iter()
        .filter(|i| matches!(i, InboxItem::Report { .. }));
    let mut lines: Vec<Line> = injects
        .take(6)
        .map(|i| inbox_line(lang, theme, i, app.statics.controller))
        .collect();
    if !lines.is_empty() {
        lines.push(Line::from(Span::styled(
            "─".repeat(area.width.saturating_sub(2) as usize),
            theme.fg(Color::DarkGray),
        )));
    }
    lines.extend(
        reports
            .skip(skip)
            .take(area.height as usize)
            .map(|i| inbox_line(lang, theme, i, app.statics.controller)),
    );
    let paragraph = if lines.is_empty() {
        Paragraph::new(lang.t(Text::NothingYet))
    } else {
        Paragraph::new(RText::from(lines))
    };
    frame.render_widget(
        paragraph
            .block(block(title, theme, focused))
            .wrap(Wrap { trim: false }),
        area,
    );
}

fn draw_kpis(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, focused: bool) {
    let lang = app.statics.lang;
    let empty = Vec::new();
    let kpis = app.snapshot.as_ref().map_or(&empty, |s| &s.kpis);
    let title = if app.statics.controller {
        format!(" {} ", lang.t(Text::Kpis))
    } else {
        format!(" {} ({}) ", lang.t(Text::Kpis), lang.t(Text::BeliefOnly))
    };
    let rows: Vec<Row> = kpis
        .iter()
        .map(|k| {
            let target = k
                .target
                .map(|(t, better)| {
                    format!(
                        "{}{}",
                        match better {
                            Better::Lower => "≤",
                            Better::Higher => "≥",
                        },
                        k.shown.text(Some(t))
                    )
                })
                .unwrap_or_default();
            let (mark, style) = match k.met() {
                Some(true) => ("✓", theme.fg(Color::Green)),
                Some(false) => ("✗", theme.bold(Color::Red)),
                None => ("", Style::default()),
            };
            Row::new(vec![
                Cell::from(k.shown.label(lang)),
                Cell::from(k.shown.text(k.value)),
                Cell::from(target),
                Cell::from(mark),
            ])
            .style(style)
        })
        .collect();
    let table = PaneTable {
        pane: Pane::Kpis,
        title,
        head: vec![
            lang.t(Text::Kpi),
            lang.t(Text::Value),
            lang.t(Text::Target),
            "",
        ],
        widths: vec![
            Constraint::Min(14),
            Constraint::Length(8),
            Constraint::Length(10),
            Constraint::Length(1),
        ],
        rows,
    };
    // Unlike the other tables, an empty KPI table gets no "nothing yet" note.
    draw_table(frame, app, theme, area, focused, table);
}

fn status_text(lang: Lang, status: InjectStatus) -> &'static str {
    match status {
        InjectStatus::Waiting => lang.t(Text::Waiting),
        InjectStatus::Delivered(_) => lang.t(Text::Delivered),
        InjectStatus::Cancelled => lang.t(Text::Cancelled),
    }
}

fn draw_msel(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, focused: bool) {
    let lang = app.statics.lang;
    let Some(snap) = app.snapshot.as_deref() else {
        frame.render_widget(
            block(format!(" {} ", lang.t(Text::Msel)), theme, focused),
            area,
        );
        return;
    };
    // Objectives and ratings below the inject list when there is room.
    let evaluation_lines = if snap.objectives.is_empty() {
        0
    } else {
        snap.objectives.len() as u16 + 2 + snap.notes.len().min(3) as u16
    };
    let [list_area, eval_area] = if area.height >= evaluation_lines + 8 && evaluation_lines > 0 {
        Layout::vertical([Constraint::Min(5), Constraint::Length(evaluation_lines)]).areas(area)
    } else {
        [area, Rect::default()]
    };
    let delivered = snap
        .msel
        .iter()
        .filter(|m| matches!(m.status, InjectStatus::Delivered(_)))
        .count();
    let title = format!(" {} ({delivered}/{}) ", lang.t(Text::Msel), snap.msel.len());
    let rows: Vec<Row> = snap
        .msel
        .iter()
        .map(|m| {
            let due = match (m.status, m.due) {
                (_, Some(at)) => format!("T+{}", clock(at)),
                (_, None) => m.trigger.clone(),
            };
            let expected = m
                .expectations
                .iter()
                .map(|(action, deadline, met, missed)| {
                    let mark = match (met, missed) {
                        (Some(_), _) => "✓",
                        (None, true) => "✗",
                        _ => "…",
                    };
                    if matches!(m.status, InjectStatus::Delivered(_)) {
                        format!("{mark}{action}≤{}", clock(*deadline))
                    } else {
                        format!("{action}≤{deadline}m")
                    }
                })
                .collect::<Vec<_>>()
                .join("; ");
            let text = if lang.is_zh() { &m.zh } else { &m.en };
            let style = match m.status {
                InjectStatus::Delivered(_) if m.expectations.iter().any(|e| e.3) => {
                    theme.fg(Color::Red)
                }
                InjectStatus::Delivered(_) => theme.fg(Color::Green),
                InjectStatus::Cancelled => theme
                    .fg(Color::DarkGray)
                    .add_modifier(Modifier::CROSSED_OUT),
                InjectStatus::Waiting => Style::default(),
            };
            Row::new(vec![
                Cell::from(m.id.clone()),
                Cell::from(due),
                Cell::from(status_text(lang, m.status)),
                Cell::from(m.to.clone()),
                Cell::from(expected),
                Cell::from(text.clone()),
            ])
            .style(style)
        })
        .collect();
    let table = PaneTable {
        pane: Pane::Msel,
        title,
        head: vec![
            lang.t(Text::Id),
            lang.t(Text::Due),
            lang.t(Text::Status),
            lang.t(Text::To),
            lang.t(Text::Expected),
            lang.t(Text::Message),
        ],
        widths: vec![
            Constraint::Length(5),
            Constraint::Length(9),
            Constraint::Length(6),
            Constraint::Length(16),
            Constraint::Length(24),
            Constraint::Min(10),
        ],
        rows,
    };
    if draw_table(frame, app, theme, list_area, focused, table) == 0 {
        draw_empty(frame, lang, list_area);
    }
    if eval_area.height > 0 {
        let mut lines = Vec::new();
        for (id, zh, en) in &snap.objectives {
            let latest = snap.ratings.iter().rev().find(|r| &r.objective == id);
            let rating = latest.map_or("—".to_string(), |r| {
                if r.note.is_empty() {
                    r.rating.clone()
                } else {
                    format!("{} — {}", r.rating, r.note)
                }
            });
            lines.push(Line::from(vec![
                Span::styled(format!("{id} "), theme.bold(Color::Yellow)),
                Span::raw(format!("{}: ", if lang.is_zh() { zh } else { en })),
                Span::styled(rating, theme.bold(Color::Cyan)),
            ]));
        }
        for (t, note) in snap.notes.iter().rev().take(3) {
            lines.push(Line::from(format!("T+{} {note}", clock(*t))));
        }
        let title = format!(" {} / {} ", lang.t(Text::Objectives), lang.t(Text::Notes));
        frame.render_widget(
            Paragraph::new(lines).block(block(title, theme, false)),
            eval_area,
        );
    }
}

fn draw_order_line(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, feedback: Rect) {
    let lang = app.statics.lang;
    let prompt = format!("{}> ", lang.t(Text::OrderPrompt));
    let prompt_width = prompt.width() as u16;
    let mut spans = vec![Span::styled(prompt, theme.bold(Color::Cyan))];
    if app.editing || !app.line.text.is_empty() {
        spans.push(Span::raw(app.line.text.as_str()));
    } else {
        spans.push(Span::styled(
            if lang.is_zh() {
                "按 : 输入命令，Tab 补全"
            } else {
                "press : to give an order, Tab completes"
            },
            theme.fg(Color::DarkGray),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    if app.editing {
        let before: String = app.line.text.chars().take(app.line.cursor).collect();
        let x = area.x + prompt_width + before.width() as u16;
        frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
    }
    let line = if let Some((column, message)) = &app.line_error {
        Line::from(Span::styled(
            if lang.is_zh() {
                format!("第 {column} 列：{message}")
            } else {
                format!("column {column}: {message}")
            },
            theme.bold(Color::Red),
        ))
    } else if !app.candidates.is_empty() {
        Line::from(Span::styled(
            app.candidates.join("  "),
            theme.fg(Color::Cyan),
        ))
    } else if let Some(stopped) = &app.stopped {
        Line::from(Span::styled(stopped.clone(), theme.bold(Color::Red)))
    } else if let Some(f) = app.snapshot.as_ref().and_then(|s| s.feedback.as_ref()) {
        Line::from(Span::styled(
            f.text.clone(),
            if f.ok {
                theme.fg(Color::Green)
            } else {
                theme.bold(Color::Red)
            },
        ))
    } else {
        Line::from("")
    };
    frame.render_widget(Paragraph::new(line), feedback);
}

fn draw_help(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let lang = app.statics.lang;
    let lines = crate::drill::i18n::help_lines(lang, app.statics.controller);
    let height = (lines.len() as u16 + 4).min(area.height);
    let width = 76.min(area.width);
    let rect = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    let mut text: Vec<Line> = lines
        .iter()
        .map(|(keys, what)| {
            let pad = 26usize.saturating_sub(keys.width());
            Line::from(vec![
                Span::styled(
                    format!(" {keys}{}", " ".repeat(pad)),
                    theme.bold(Color::Yellow),
                ),
                Span::raw(*what),
            ])
        })
        .collect();
    if app.statics.manual_dispatch {
        text.push(Line::from(Span::styled(
            if lang.is_zh() {
                " 你负责调派队伍；预案仍自动启动响应级别和设立现场指挥部"
            } else {
                " You dispatch the teams; the plan still declares levels and runs field posts"
            },
            theme.fg(Color::Cyan),
        )));
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(text).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border(true))
                .title(format!(
                    " {} · {} ",
                    lang.t(Text::Help),
                    lang.t(Text::Exercise)
                )),
        ),
        rect,
    );
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
