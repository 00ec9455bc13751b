//! The KPI pane.

use super::*;

pub(super) fn draw_kpis(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, focused: bool) {
    let lang = app.statics.lang;
    let empty = Vec::new();
    let kpis = app.snapshot.as_ref().map_or(&empty, |s| &s.kpis);
    let title = if app.statics.controller {
        format!(" {} ", lang.t(Text::Kpis))
    } else {
        format!(" {} ({}) ", lang.t(Text::Kpis), lang.t(Text::BeliefOnly))
    };
    // Columns as wide as their widest cell, so no label is cut ("rescued by teams").
    let mut label_width = lang.t(Text::Kpi).width();
    let mut value_width = lang.t(Text::Value).width();
    let mut target_width = lang.t(Text::Target).width();
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
            let value = k.shown.text(k.value);
            label_width = label_width.max(k.shown.label(lang).width());
            value_width = value_width.max(value.width());
            target_width = target_width.max(target.width());
            Row::new(vec![
                Cell::from(k.shown.label(lang)),
                Cell::from(value),
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
            Constraint::Length(label_width as u16),
            Constraint::Length(value_width as u16),
            Constraint::Length(target_width as u16),
            Constraint::Length(1),
        ],
        rows,
    };
    // Unlike the other tables, an empty KPI table gets no "nothing yet" note.
    draw_table(frame, app, theme, area, focused, table);
}
