//! Fingerprints of the files a drill was built from, for sealed journals (format 3).
//!
//! A fingerprint is taken of what the files *say*, not of how drillsim holds them in memory (so
//! a newer drillsim that reads the same files verifies an old journal) and not of their layout
//! (so a comment or re-indented line does not make a faithful replay unverifiable): each file is
//! reduced to its RON tokens — comments and layout dropped, strings kept exactly — and the
//! SHA-256 is taken of those reductions one after another, each with its length.

use sha2::{Digest, Sha256};

/// SHA-256 (lower-case hex) of the RON texts, in the order they were read. Names are left out:
/// a drill replayed from another folder reads the same files under other names.
pub fn files_fingerprint<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let mut hash = Sha256::new();
    hash.update(b"drillsim-files\n");
    for text in texts {
        let tokens = ron_tokens(text);
        hash.update(format!("{}\n", tokens.len()).as_bytes());
        hash.update(tokens.as_bytes());
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The text without a byte-order mark, comments (`//` to the end of the line, `/* … */`
/// nested) and layout: a run of white space becomes one space between two word characters and
/// nothing elsewhere. Strings (`"…"`, raw `r#"…"#`) and characters (`'…'`) are kept exactly.
/// Text that does not lex (an unterminated string or comment) is kept as it is from there on:
/// such a file never loads, so its fingerprint only has to be stable.
pub fn ron_tokens(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let chars: Vec<char> = text.chars().collect();
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '.' || c == '+' || c == '-';
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut pending_space = false;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c.is_whitespace() {
            pending_space = true;
            i += 1;
            continue;
        }
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            pending_space = true;
            continue;
        }
        if c == '/' && next == Some('*') {
            let mut depth = 0usize;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            pending_space = true;
            continue;
        }
        if pending_space && out.chars().last().is_some_and(word) && word(c) {
            out.push(' ');
        }
        pending_space = false;
        // A raw string: r, any number of #, a quote; it ends at a quote and as many #.
        if c == 'r' && !out.chars().last().is_some_and(word) {
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            if chars.get(i + 1 + hashes) == Some(&'"') {
                let close: Vec<char> = std::iter::once('"')
                    .chain(std::iter::repeat_n('#', hashes))
                    .collect();
                let start = i;
                i += 2 + hashes;
                while i < chars.len() && !chars[i..].starts_with(&close) {
                    i += 1;
                }
                i = (i + close.len()).min(chars.len());
                out.extend(&chars[start..i]);
                continue;
            }
        }
        if c == '"' || c == '\'' {
            let start = i;
            i += 1;
            while i < chars.len() && chars[i] != c {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i = (i + 1).min(chars.len());
            out.extend(&chars[start..i]);
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_layout_are_not_what_a_file_says() {
        let a = "Scenario(\n  name: \"Town\", // the town\n  /* a /* nested */ note */ seed: 1,\n)";
        let b = "\u{feff}Scenario(name:\"Town\",seed:1,)";
        assert_eq!(ron_tokens(a), ron_tokens(b));
        assert_eq!(files_fingerprint([a]), files_fingerprint([b]));
    }

    #[test]
    fn every_value_and_every_character_inside_a_string_counts() {
        let base = files_fingerprint(["(magnitude: 6.2, name: \"a  b // c\")"]);
        for changed in [
            "(magnitude: 7.4, name: \"a  b // c\")",
            "(magnitude: 6.2, name: \"a b // c\")",
            "(magnitude: 6.2, name: \"a  b  // c\")",
            "(magnitude: 6.2, name: r\"a  b // c\")",
        ] {
            assert_ne!(files_fingerprint([changed]), base, "{changed}");
        }
        // Two words stay two words: `kind: Flood rain` is not `kind: Floodrain`.
        assert_ne!(ron_tokens("a b"), ron_tokens("ab"));
        assert_eq!(ron_tokens("r#\"x \"y\" z\"# , 1"), "r#\"x \"y\" z\"#,1");
    }

    #[test]
    fn files_count_in_order_and_never_run_together() {
        assert_ne!(files_fingerprint(["a", "b"]), files_fingerprint(["b", "a"]));
        assert_ne!(files_fingerprint(["ab", ""]), files_fingerprint(["a", "b"]));
    }

    #[test]
    fn unterminated_text_is_fingerprinted_without_a_panic() {
        for text in ["\"open", "/* open", "r##\"open\"#", "'", "\\", "r#"] {
            files_fingerprint([text]);
        }
    }
}
