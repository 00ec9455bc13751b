//! Reading a journal back: every line checked (a header, then entries whose minutes never go
//! back), the chain verified line by line, a line torn by a crash set aside.

use std::path::Path;

use super::*;

/// A JSON error about one line: its column, not serde's "line 1".
fn json_error(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let message = message
        .rfind(" at line ")
        .map_or(message.as_str(), |at| &message[..at]);
    format!("{message} (column {})", error.column())
}

/// Reads a journal: at most [`MAX_JOURNAL_BYTES`] of a regular file. Every whole line must be a
/// valid header or entry, with minutes that never go back; only a last line without its newline
/// (torn by a crash) is left out, and reported in [`Read::torn`]. The chain is checked and every
/// line that does not follow is listed in [`Read::broken_chain`]; whether that is an error is the
/// caller's choice.
pub fn read(path: &Path) -> Result<Read, JournalError> {
    let shown = path.display().to_string();
    let bytes =
        crate::files::read_capped(path, MAX_JOURNAL_BYTES).map_err(|source| JournalError::Io {
            path: shown.clone(),
            source,
        })?;
    let bad = |line: usize, message: String| JournalError::Bad {
        path: shown.clone(),
        line,
        message,
    };
    let whole_len = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let mut pieces: Vec<&[u8]> = bytes[..whole_len].split(|b| *b == b'\n').collect();
    pieces.pop(); // after the last newline
    let torn = (whole_len < bytes.len()).then_some(pieces.len() + 1);
    if pieces.is_empty() {
        return Err(bad(
            1,
            if torn.is_some() {
                "the header line is incomplete (the drill stopped as it began); nothing to replay"
                    .into()
            } else {
                "empty journal".into()
            },
        ));
    }
    let text = |index: usize| -> Result<&str, JournalError> {
        std::str::from_utf8(pieces[index]).map_err(|_| bad(index + 1, "is not UTF-8 text".into()))
    };

    // The header.
    let first = text(0)?;
    let opening: serde_json::Value = serde_json::from_str(first)
        .map_err(|_| bad(1, "is not a drillsim journal header (not JSON)".into()))?;
    if opening.get("journal").and_then(|v| v.as_str()) != Some("drillsim-drill") {
        return Err(bad(
            1,
            "is not a drillsim drill journal (its first line lacks \"journal\":\"drillsim-drill\")"
                .into(),
        ));
    }
    let format = match opening.get("format") {
        None => 1,
        Some(v) => v
            .as_u64()
            .and_then(|f| u32::try_from(f).ok())
            .ok_or_else(|| bad(1, "`format` must be a whole number".into()))?,
    };
    if format > FORMAT {
        return Err(bad(
            1,
            format!(
                "journal format {format} is newer than this drillsim understands (format {FORMAT}); replay it with the drillsim that wrote it"
            ),
        ));
    }
    let sealed_format = format >= 2;
    let mut broken_chain = Vec::new();
    let (header_text, mut chain) = if sealed_format {
        match unseal(first) {
            Some((text, stored)) => {
                if chain_of(None, &text) != stored {
                    broken_chain.push(1);
                }
                (text, stored.to_string())
            }
            None => return Err(bad(1, "the header has no chain value at its end".into())),
        }
    } else {
        (first.to_string(), String::new())
    };
    let header: Header = serde_json::from_str(&header_text).map_err(|e| {
        bad(
            1,
            format!("not a drillsim journal header: {}", json_error(&e)),
        )
    })?;
    if header.marker != crate::drill::MARKER {
        return Err(bad(
            1,
            format!("the header's marker must be {}", crate::drill::MARKER),
        ));
    }
    if crate::drill::i18n::Lang::parse(&header.lang).is_none() {
        return Err(bad(
            1,
            format!(
                "unknown language `{}` in the header: drillsim drills in zh or en",
                header.lang
            ),
        ));
    }

    // The entries.
    let mut entries = Vec::new();
    let mut lines = Vec::new();
    let mut last: Option<(u32, usize)> = None;
    for index in 1..pieces.len() {
        let number = index + 1;
        let line = text(index)?;
        if line.trim().is_empty() {
            return Err(bad(
                number,
                "blank line (a journal has one entry on every line)".into(),
            ));
        }
        let body = if sealed_format {
            match unseal(line) {
                Some((body, stored)) => {
                    if chain_of(Some(&chain), &body) != stored {
                        broken_chain.push(number);
                    }
                    chain = stored.to_string();
                    body
                }
                None => return Err(bad(number, "the line has no chain value at its end".into())),
            }
        } else {
            line.to_string()
        };
        let entry: Entry = serde_json::from_str(&body).map_err(|e| bad(number, json_error(&e)))?;
        if let Some((t, at)) = last
            && entry.t < t
        {
            return Err(bad(
                number,
                format!(
                    "minute {} comes after minute {t} (line {at}); a journal's minutes never go back",
                    entry.t
                ),
            ));
        }
        last = Some((entry.t, number));
        entries.push(entry);
        lines.push(number);
    }
    Ok(Read {
        header,
        entries,
        lines,
        torn,
        broken_chain,
        chain,
        whole_len: whole_len as u64,
        total_len: bytes.len() as u64,
    })
}
