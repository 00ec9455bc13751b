//! The order line, its feedback and key hints, and the help overlay.

use super::*;

pub(super) fn draw_order_line(
    frame: &mut Frame,
    app: &App,
    theme: &Theme,
    area: Rect,
    feedback: Rect,
) {
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

pub(super) fn draw_help(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
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
    // Clear one more column on each side: a wide character under the popup's edge would
    // otherwise spill over its border.
    let left = rect.x.saturating_sub(1).max(area.x);
    let right = (rect.right() + 1).min(area.right());
    frame.render_widget(Clear, Rect::new(left, rect.y, right - left, rect.height));
    // Scrolled when the terminal is too short for it; the title says how.
    let inner = rect.height.saturating_sub(2) as usize;
    let overflow = text.len().saturating_sub(inner) as u16;
    let scroll = app.help_scroll.min(overflow);
    let mut title = format!(" {} · {} ", lang.t(Text::Help), lang.t(Text::Exercise));
    if overflow > 0 {
        title.push_str(&format!(
            "{} {}/{} ",
            lang.t(Text::HelpScroll),
            scroll + inner as u16,
            text.len()
        ));
    }
    frame.render_widget(
        Paragraph::new(text).scroll((scroll, 0)).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border(true))
                .title(title),
        ),
        rect,
    );
}
