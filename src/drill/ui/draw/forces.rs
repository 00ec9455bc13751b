//! The forces pane: teams, their status and task.

use super::*;
use crate::drill::engine::{Fate, TeamRow};

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

/// A player's task cell: its last order's fate (refused: why; not yet carried out: given or
/// delivered), and where the team is heading and when, as it last reported. Whether the order
/// was refused.
fn player_task(lang: Lang, statics: &StaticInfo, t: &TeamRow) -> (String, bool) {
    let moving = matches!(
        t.status,
        TeamStatusKind::EnRoute | TeamStatusKind::Mobilising
    ) && t.eta_at.is_some();
    let state =
        moving.then(|| super::inbox::team_state_text(lang, statics, t.status, &t.place, t.eta_at));
    let Some(order) = &t.order else {
        return (state.unwrap_or_default(), false);
    };
    let fate = || super::inbox::fate_text(lang, statics, &order.fate);
    match &order.fate {
        Fate::Given { .. } | Fate::Delivered | Fate::Requested { .. } | Fate::Granted { .. } => {
            (format!("{} · {}", order.order, fate()), false)
        }
        Fate::Refused { .. } | Fate::Declined { .. } => {
            (format!("✗{} · {}", fate(), order.order), true)
        }
        Fate::CarriedOut { .. } | Fate::Overtaken { .. } => match state {
            Some(state) => (format!("{state} · {}", order.order), false),
            None => (order.order.clone(), false),
        },
    }
}

pub(super) fn draw_forces(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, focused: bool) {
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
            let (task, refused) = if controller {
                let task = t.task.as_deref().map(|x| task_text(lang, x));
                (task.unwrap_or_default(), false)
            } else {
                player_task(lang, &app.statics, t)
            };
            cells.push(Cell::from(task));
            if controller {
                cells.push(Cell::from(
                    t.eta_min.map_or(String::new(), |m| format!("{m}m")),
                ));
            } else {
                cells.push(Cell::from(clock(t.as_of)));
            }
            let style = match t.status {
                _ if refused => theme.fg(Color::Red),
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
    // Place ids whole (a prefecture's run to "c10t20v10").
    let place_width = app
        .statics
        .places
        .iter()
        .map(|p| p.id.width())
        .max()
        .unwrap_or(8)
        .clamp(8, 12);
    widths.extend([
        Constraint::Length(10),
        Constraint::Length(place_width as u16),
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
        draw_empty(frame, app, Text::NoForcesForSeat, area);
    }
}
