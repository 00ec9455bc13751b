//! The inbox pane: the seat's messages — reports from the command chain, the facts a seat holds
//! or was given (a department's forecasts, beds, teams; shares received), exercise injects and
//! what became of its orders — newest first, each starting with its time; a long message wraps
//! under its text, never under the time.

use unicode_width::UnicodeWidthChar;

use super::*;
use crate::drill::engine::Fate;

/// A place's name (its id when the scenario has no such place).
pub(super) fn place_name<'a>(statics: &'a StaticInfo, id: &'a str) -> &'a str {
    statics
        .places
        .iter()
        .find(|p| p.id == id)
        .map_or(id, |p| p.name.as_str())
}

/// A team's state as last reported: "en route to 三江镇, ETA T+01:32", "working 三江镇".
pub(super) fn team_state_text(
    lang: Lang,
    statics: &StaticInfo,
    status: TeamStatusKind,
    place: &str,
    eta: Option<u32>,
) -> String {
    let name = place_name(statics, place);
    let eta_text = |eta: u32| format!("{} T+{}", lang.t(Text::EtaAt), clock(eta));
    match (status, eta) {
        (TeamStatusKind::EnRoute, Some(eta)) if lang.is_zh() => {
            format!("{}{name} {}", lang.t(Text::EnRouteTo), eta_text(eta))
        }
        (TeamStatusKind::EnRoute, Some(eta)) => {
            format!("{}{name}, {}", lang.t(Text::EnRouteTo), eta_text(eta))
        }
        (TeamStatusKind::Mobilising, Some(eta)) if lang.is_zh() => {
            format!("{}{name} {}", lang.t(Text::MobilisingFor), eta_text(eta))
        }
        (TeamStatusKind::Mobilising, Some(eta)) => {
            format!("{}{name}, {}", lang.t(Text::MobilisingFor), eta_text(eta))
        }
        _ => format!("{} {name}", lang.status(status)),
    }
}

/// What became of an order, in `lang`.
pub(super) fn fate_text(lang: Lang, statics: &StaticInfo, fate: &Fate) -> String {
    let (colon, open, close) = if lang.is_zh() {
        ("：", "（", "）")
    } else {
        (": ", " (", ")")
    };
    match fate {
        Fate::Given { .. } => lang.t(Text::FateGiven).to_string(),
        Fate::Delivered => lang.t(Text::FateDelivered).to_string(),
        Fate::CarriedOut {
            status: Some(status),
            place: Some(place),
            eta,
        } => format!(
            "{}{colon}{}",
            lang.t(Text::FateCarriedOut),
            team_state_text(lang, statics, *status, place, *eta)
        ),
        Fate::CarriedOut { .. } => lang.t(Text::FateCarriedOut).to_string(),
        Fate::Refused { zh, en } => format!(
            "{}{open}{}{close}",
            lang.t(Text::FateRefused),
            if lang.is_zh() { zh } else { en }
        ),
        Fate::Overtaken { by } => format!("{}{open}{by}{close}", lang.t(Text::FateOvertaken)),
        Fate::Requested { to, answer_at } => format!(
            "{} {to}{open}{} T+{}{close}",
            lang.t(Text::FateRequested),
            lang.t(Text::AnswerDue),
            clock(*answer_at)
        ),
        // The Chinese heads end in a colon; the English ones take a space.
        Fate::Granted { by } if lang.is_zh() => format!("{}{by}", lang.t(Text::FateGranted)),
        Fate::Granted { by } => format!("{} {by}", lang.t(Text::FateGranted)),
        Fate::Declined { by, zh, .. } if lang.is_zh() => {
            format!("{}{by}{open}{zh}{close}", lang.t(Text::FateDeclined))
        }
        Fate::Declined { by, en, .. } => {
            format!("{} {by}{open}{en}{close}", lang.t(Text::FateDeclined))
        }
    }
}

/// One message as styled pieces, its time first.
fn message(
    lang: Lang,
    theme: &Theme,
    statics: &StaticInfo,
    item: &InboxItem,
    controller: bool,
) -> Vec<(String, Style)> {
    let time = |at: &u32| (format!("T+{} ", clock(*at)), theme.fg(Color::DarkGray));
    match item {
        InboxItem::Report {
            at,
            from,
            to,
            report,
            incident,
            trapped,
            dead,
            missing,
        } => {
            let route = if controller {
                format!("{from}→{to}")
            } else {
                from.clone()
            };
            vec![
                time(at),
                (
                    format!("{} ", lang.report(report)),
                    theme.bold(Color::Yellow),
                ),
                (
                    format!(
                        "{route} {incident} {}{} {}{} {}{}",
                        lang.t(Text::Trapped),
                        trapped,
                        lang.t(Text::Dead),
                        dead,
                        lang.t(Text::Missing),
                        missing
                    ),
                    Style::default(),
                ),
            ]
        }
        InboxItem::Order { at, order, fate } => {
            let style = match fate {
                Fate::Refused { .. } | Fate::Declined { .. } => theme.bold(Color::Red),
                Fate::CarriedOut { .. } | Fate::Granted { .. } => theme.fg(Color::Green),
                _ => theme.fg(Color::Cyan),
            };
            vec![
                time(at),
                (
                    format!("{} ", lang.t(Text::OrderWord)),
                    theme.bold(Color::Cyan),
                ),
                (format!("{order} — "), Style::default()),
                (fate_text(lang, statics, fate), style),
            ]
        }
        InboxItem::Fact { at, from, zh, en } => vec![
            time(at),
            (format!("[{from}] "), theme.bold(Color::Cyan)),
            (
                if lang.is_zh() { zh.clone() } else { en.clone() },
                Style::default(),
            ),
        ],
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
            let mut pieces = vec![
                time(at),
                (
                    format!("【{}】", channel.label(lang.is_zh())),
                    theme.bold(Color::Magenta),
                ),
            ];
            if controller {
                pieces.push((format!("{id} "), theme.bold(Color::Magenta)));
                pieces.push((format!("{from}→{to}: "), Style::default()));
            } else {
                pieces.push((format!("{from}: "), Style::default()));
            }
            pieces.push((text.clone(), Style::default()));
            pieces
        }
    }
}

/// Wraps styled pieces to `width` columns, later lines indented by `indent` (wide characters
/// count two; words of Latin text are not split unless longer than a line).
pub(super) fn wrap_pieces(
    pieces: Vec<(String, Style)>,
    width: usize,
    indent: usize,
) -> Vec<Line<'static>> {
    let width = width.max(indent + 4);
    // Tokens: a run of non-blank narrow characters, one blank, or one wide character.
    let mut tokens: Vec<(String, Style, usize)> = Vec::new();
    for (text, style) in pieces {
        let mut word = String::new();
        let mut word_width = 0;
        for c in text.chars() {
            let w = c.width().unwrap_or(0);
            if c == ' ' || w > 1 {
                if !word.is_empty() {
                    tokens.push((std::mem::take(&mut word), style, word_width));
                    word_width = 0;
                }
                tokens.push((c.to_string(), style, w));
            } else {
                word.push(c);
                word_width += w;
            }
        }
        if !word.is_empty() {
            tokens.push((word, style, word_width));
        }
    }
    let mut lines = Vec::new();
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    let break_line = |spans: &mut Vec<Span<'static>>, used: &mut usize, lines: &mut Vec<_>| {
        while spans.last().is_some_and(|s| s.content == " ") {
            spans.pop();
        }
        lines.push(Line::from(std::mem::take(spans)));
        spans.push(Span::raw(" ".repeat(indent)));
        *used = indent;
    };
    for (token, style, w) in tokens {
        if used + w > width && used > indent {
            break_line(&mut spans, &mut used, &mut lines);
            if token == " " {
                continue;
            }
        }
        if used + w > width {
            // A word longer than a line: split it by characters.
            for c in token.chars() {
                let cw = c.width().unwrap_or(0);
                if used + cw > width && used > indent {
                    break_line(&mut spans, &mut used, &mut lines);
                }
                spans.push(Span::styled(c.to_string(), style));
                used += cw;
            }
            continue;
        }
        spans.push(Span::styled(token, style));
        used += w;
    }
    if spans.iter().any(|s| !s.content.trim().is_empty()) {
        lines.push(Line::from(spans));
    }
    lines
}

pub(super) fn draw_inbox(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, focused: bool) {
    let lang = app.statics.lang;
    let empty = Vec::new();
    let items = app.snapshot.as_ref().map_or(&empty, |s| &s.inbox);
    let title = format!(" {} ({}) ", lang.t(Text::Inbox), items.len());
    let skip = app.selected[Pane::Inbox.index()].min(items.len().saturating_sub(1));
    let inner_width = area.width.saturating_sub(2) as usize;
    let inner_height = area.height.saturating_sub(2) as usize;
    // Injects and what became of the seat's orders first (what a player acts on), then the
    // chain's reports; each newest first, as the engine sorted them. The selected row scrolls.
    let is_report = |i: &&InboxItem| matches!(i, InboxItem::Report { .. } | InboxItem::Fact { .. });
    let messages = items.iter().filter(|i| !is_report(i));
    let reports = items.iter().filter(is_report);
    let mut lines: Vec<Line> = Vec::new();
    let mut after_message = false;
    for item in messages.chain(reports).skip(skip) {
        if lines.len() >= inner_height {
            break;
        }
        if after_message && is_report(&item) {
            lines.push(Line::from(Span::styled(
                "─".repeat(inner_width),
                theme.fg(Color::DarkGray),
            )));
        }
        after_message = !is_report(&item);
        let pieces = message(lang, theme, &app.statics, item, app.statics.controller);
        lines.extend(wrap_pieces(pieces, inner_width, 8));
    }
    let paragraph = if lines.is_empty() {
        let empty = if app.statics.controller {
            Text::NothingYet
        } else {
            Text::NoMessagesForSeat
        };
        Paragraph::new(lang.t(empty)).wrap(ratatui::widgets::Wrap { trim: true })
    } else {
        Paragraph::new(RText::from(lines))
    };
    frame.render_widget(paragraph.block(block(title, theme, focused)), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn a_long_message_wraps_under_its_text_not_under_its_time() {
        let pieces = vec![
            ("T+00:12 ".to_string(), Style::default()),
            (
                "我县西部山区发生6.8级地震，震源深度14公里".to_string(),
                Style::default(),
            ),
        ];
        let lines = text(&wrap_pieces(pieces, 30, 8));
        assert_eq!(lines[0], "T+00:12 我县西部山区发生6.8级");
        assert_eq!(lines[1], "        地震，震源深度14公里");
        for line in &lines {
            assert!(line.as_str().width() <= 30, "{line}");
        }
        let pieces = vec![(
            "T+00:12 an M6.8 earthquake under the western mountains".to_string(),
            Style::default(),
        )];
        let lines = text(&wrap_pieces(pieces, 30, 8));
        assert_eq!(lines[0], "T+00:12 an M6.8 earthquake");
        assert_eq!(lines[1], "        under the western");
    }
}
