//! The MSEL pane (controller): injects, their state and expected actions.

use super::*;

fn status_text(lang: Lang, status: InjectStatus) -> &'static str {
    match status {
        InjectStatus::Waiting => lang.t(Text::Waiting),
        InjectStatus::Delivered(_) => lang.t(Text::Delivered),
        InjectStatus::Cancelled => lang.t(Text::Cancelled),
    }
}

pub(super) fn draw_msel(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, focused: bool) {
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
    let show_to = area.width >= 92;
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
            let mut cells = vec![
                Cell::from(m.id.clone()),
                Cell::from(due),
                Cell::from(status_text(lang, m.status)),
            ];
            if show_to {
                cells.push(Cell::from(m.to.clone()));
            }
            cells.extend([Cell::from(expected), Cell::from(text.clone())]);
            Row::new(cells).style(style)
        })
        .collect();
    let mut head = vec![lang.t(Text::Id), lang.t(Text::Due), lang.t(Text::Status)];
    // Times ("T+00:12") and actions ("✓declare level II≤00:30") whole; the recipient only
    // where there is room for it and the message.
    let mut widths = vec![
        Constraint::Length(5),
        Constraint::Length(8),
        Constraint::Length(4),
    ];
    if show_to {
        head.push(lang.t(Text::To));
        widths.push(Constraint::Length(16));
    }
    head.extend([lang.t(Text::Expected), lang.t(Text::Message)]);
    widths.extend([Constraint::Length(23), Constraint::Min(8)]);
    let table = PaneTable {
        pane: Pane::Msel,
        title,
        head,
        widths,
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
