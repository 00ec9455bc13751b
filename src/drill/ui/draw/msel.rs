//! The MSEL pane (controller): injects, their state and expected actions.

use super::*;
use crate::drill::engine::MselRow;
use unicode_width::UnicodeWidthChar;

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
    // The selected inject in full below the list, where there is room: its recipient, every
    // expected action whole with its deadline and state, and its message, wrapped.
    let [table_area, detail_area] = if list_area.height >= 14 && !snap.msel.is_empty() {
        Layout::vertical([Constraint::Min(6), Constraint::Length(6)]).areas(list_area)
    } else {
        [list_area, Rect::default()]
    };
    let actions: Vec<String> = snap.msel.iter().map(expected_text).collect();
    // The action column gets what its longest entry needs, leaving the message at least 12
    // columns; an entry longer than that ends in `…` (the detail below has it whole).
    let fixed = 5 + 8 + 4 + if show_to { 16 } else { 0 };
    let spacing = if show_to { 5 } else { 4 };
    let room = (list_area.width as usize).saturating_sub(2 + fixed + spacing);
    let longest = actions.iter().map(|a| a.width()).max().unwrap_or(0);
    let action_width = longest.min(room.saturating_sub(12)).max(12.min(room));
    let rows: Vec<Row> = snap
        .msel
        .iter()
        .zip(&actions)
        .map(|(m, expected)| {
            let text = if lang.is_zh() { &m.zh } else { &m.en };
            let mut cells = vec![
                Cell::from(m.id.clone()),
                Cell::from(due_text(m)),
                Cell::from(status_text(lang, m.status)),
            ];
            if show_to {
                cells.push(Cell::from(m.to.clone()));
            }
            let message = if show_to {
                text.clone()
            } else {
                format!("→{} {text}", m.to)
            };
            cells.extend([Cell::from(cut(expected, action_width)), Cell::from(message)]);
            Row::new(cells).style(row_style(theme, m))
        })
        .collect();
    let mut head = vec![lang.t(Text::Id), lang.t(Text::Due), lang.t(Text::Status)];
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
    widths.extend([Constraint::Length(action_width as u16), Constraint::Min(8)]);
    let table = PaneTable {
        pane: Pane::Msel,
        title,
        head,
        widths,
        rows,
    };
    if detail_area.height > 0 {
        let selected = app.selected[Pane::Msel.index()].min(snap.msel.len() - 1);
        draw_detail(frame, lang, theme, &snap.msel[selected], detail_area);
    }
    let list_area = table_area;
    if draw_table(frame, app, theme, list_area, focused, table) == 0 {
        draw_empty(frame, app, Text::NothingYet, list_area);
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

/// When an inject is due or went out: `T+00:50`, or its trigger.
fn due_text(m: &MselRow) -> String {
    match m.due {
        Some(at) => format!("T+{}", clock(at)),
        None => m.trigger.clone(),
    }
}

/// Its expected actions in one cell: `✓priority v1≤00:38; …recall volunteers≤01:50` once
/// delivered (met, missed, open; the deadline as a time), `recall volunteers≤30m` before.
fn expected_text(m: &MselRow) -> String {
    m.expectations
        .iter()
        .map(|(action, deadline, met, missed)| {
            if matches!(m.status, InjectStatus::Delivered(_)) {
                format!("{}{action}≤{}", mark(*met, *missed), clock(*deadline))
            } else {
                format!("{action}≤{deadline}m")
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn mark(met: Option<u32>, missed: bool) -> &'static str {
    match (met, missed) {
        (Some(_), _) => "✓",
        (None, true) => "✗",
        _ => "…",
    }
}

fn row_style(theme: &Theme, m: &MselRow) -> Style {
    match m.status {
        InjectStatus::Delivered(_) if m.expectations.iter().any(|e| e.3) => theme.fg(Color::Red),
        InjectStatus::Delivered(_) => theme.fg(Color::Green),
        InjectStatus::Cancelled => theme
            .fg(Color::DarkGray)
            .add_modifier(Modifier::CROSSED_OUT),
        InjectStatus::Waiting => Style::default(),
    }
}

/// `text` in at most `width` columns, ending in `…` when it had to be cut.
fn cut(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// The selected inject in full: id, recipient, when and its state; each expected action with
/// its deadline and what became of it; then its message.
fn draw_detail(frame: &mut Frame, lang: Lang, theme: &Theme, m: &MselRow, area: Rect) {
    let delivered = matches!(m.status, InjectStatus::Delivered(_));
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} ", m.id), theme.bold(Color::Yellow)),
        Span::raw(format!(
            "→ {} · {} · {}",
            m.to,
            due_text(m),
            status_text(lang, m.status)
        )),
    ])];
    for (action, deadline, met, missed) in &m.expectations {
        let state = match (met, missed) {
            (Some(at), _) => format!("{} T+{}", lang.t(Text::Met), clock(*at)),
            (None, true) => lang.t(Text::Missed).to_string(),
            _ => lang.t(Text::Pending).to_string(),
        };
        let line = if delivered {
            format!(
                "{}{action} ≤T+{} {state}",
                mark(*met, *missed),
                clock(*deadline)
            )
        } else {
            format!("{action} ≤{deadline}m")
        };
        lines.push(Line::from(line));
    }
    let text = if lang.is_zh() { &m.zh } else { &m.en };
    lines.push(Line::from(Span::styled(
        text.clone(),
        theme.fg(Color::Gray),
    )));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: true })
            .block(block(String::new(), theme, false)),
        area,
    );
}
