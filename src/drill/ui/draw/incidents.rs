//! The incidents pane.

use super::*;

pub(super) fn draw_incidents(
    frame: &mut Frame,
    app: &App,
    theme: &Theme,
    area: Rect,
    focused: bool,
) {
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
                Cell::from(i.missing.to_string()),
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
        lang.t(Text::Missing),
        lang.t(Text::KnownSince),
    ];
    let mut widths = vec![
        Constraint::Min(12),
        Constraint::Length(12),
        Constraint::Length(7),
        Constraint::Length(5),
        Constraint::Length(7),
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
        draw_empty(frame, app, Text::NoIncidentsForSeat, area);
    }
}
