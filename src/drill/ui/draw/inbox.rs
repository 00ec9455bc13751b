//! The inbox pane: reports from the command chain, the facts a seat holds or was given
//! (a department's forecasts, beds, teams; shares received), and exercise injects.

use super::*;

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
        InboxItem::Fact { at, from, zh, en } => Line::from(vec![
            Span::styled(format!("T+{} ", clock(*at)), theme.fg(Color::DarkGray)),
            Span::styled(format!("[{from}] "), theme.bold(Color::Cyan)),
            Span::raw(if lang.is_zh() {
                zh.as_str()
            } else {
                en.as_str()
            }),
        ]),
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

pub(super) fn draw_inbox(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, focused: bool) {
    let lang = app.statics.lang;
    let empty = Vec::new();
    let items = app.snapshot.as_ref().map_or(&empty, |s| &s.inbox);
    let title = format!(" {} ({}) ", lang.t(Text::Inbox), items.len());
    // Injects first (they are what a player must act on), newest first, then reports.
    let skip = app.selected[Pane::Inbox.index()].min(items.len().saturating_sub(1));
    let injects = items
        .iter()
        .filter(|i| matches!(i, InboxItem::Inject { .. }));
    let reports = items
        .iter()
        .filter(|i| matches!(i, InboxItem::Report { .. } | InboxItem::Fact { .. }));
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
