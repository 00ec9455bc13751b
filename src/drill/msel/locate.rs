//! Where a value is written in an exercise file: path-style diagnostics
//! (`injects[3].expects[0].action`) get the line and column of the value they name.
//!
//! The text has already parsed as RON when this runs, so a small scanner is enough: it follows
//! parentheses (structs, variants), brackets (lists, whose elements are numbered) and `key:`
//! fields, and records where the value of each path begins. A variant's parentheses add nothing
//! to the path (`trigger: When(IncidentsKnown(role: …))` gives `trigger.role`), as in the
//! validator's paths.

use std::collections::BTreeMap;

use crate::scenario::diagnostic::ValueAt;
use crate::scenario::{Diagnostics, Location};

/// A position in the text: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub col: usize,
}

/// The start of every value in `text`, by its path.
pub fn value_positions(text: &str) -> BTreeMap<String, Position> {
    Scanner::new(text).run()
}

/// Gives each path-located diagnostic the line and column where its value (or, failing that,
/// the nearest enclosing value) is written in `text`.
pub fn locate(mut diagnostics: Diagnostics, text: &str) -> Diagnostics {
    let positions = value_positions(text);
    let lines: Vec<&str> = text.lines().collect();
    for diagnostic in &mut diagnostics.items {
        let Location::Value(path) = &diagnostic.location else {
            continue;
        };
        if let Some(at) = nearest(&positions, path) {
            diagnostic.location = Location::ValueAt(Box::new(ValueAt {
                path: path.clone(),
                line: at.line,
                col: at.col,
                line_text: lines
                    .get(at.line - 1)
                    .map_or_else(String::new, |l| l.trim_end().to_string()),
            }));
        }
    }
    diagnostics
}

/// The position of `path`, or of the closest enclosing path that is written.
fn nearest(positions: &BTreeMap<String, Position>, path: &str) -> Option<Position> {
    let mut path = path;
    loop {
        if let Some(at) = positions.get(path) {
            return Some(*at);
        }
        let cut = path.rfind(['.', '['])?;
        path = &path[..cut];
    }
}

enum Frame {
    /// `( … )` or `{ … }`: the field being read, if any.
    Group { key: Option<String> },
    /// `[ … ]`: the element being read.
    List { index: usize },
}

struct Scanner {
    chars: Vec<char>,
    at: usize,
    line: usize,
    col: usize,
    stack: Vec<Frame>,
    /// A value is due (after `key:`, `[` or a list's `,`): its first token is recorded.
    due: bool,
    found: BTreeMap<String, Position>,
}

impl Scanner {
    fn new(text: &str) -> Scanner {
        Scanner {
            chars: text.trim_start_matches('\u{feff}').chars().collect(),
            at: 0,
            line: 1,
            col: 1,
            stack: Vec::new(),
            due: false,
            found: BTreeMap::new(),
        }
    }

    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.at += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    /// Skips blank space, comments and `#![…]` attributes.
    fn skip_blank(&mut self) {
        loop {
            match (self.peek(0), self.peek(1)) {
                (Some(c), _) if c.is_whitespace() => {
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    while self.peek(0).is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                (Some('/'), Some('*')) => {
                    let mut depth = 0usize;
                    while let Some(c) = self.bump() {
                        if c == '/' && self.peek(0) == Some('*') {
                            self.bump();
                            depth += 1;
                        } else if c == '*' && self.peek(0) == Some('/') {
                            self.bump();
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                    }
                }
                (Some('#'), Some('!')) => {
                    while self.peek(0).is_some_and(|c| c != ']') {
                        self.bump();
                    }
                    self.bump();
                }
                _ => return,
            }
        }
    }

    fn path(&self) -> String {
        let mut path = String::new();
        for frame in &self.stack {
            match frame {
                Frame::Group { key: Some(key) } => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                }
                Frame::Group { key: None } => {}
                Frame::List { index } => path.push_str(&format!("[{index}]")),
            }
        }
        path
    }

    /// Records the start of a value here if one is due.
    fn value_starts(&mut self) {
        if std::mem::take(&mut self.due) {
            let at = Position {
                line: self.line,
                col: self.col,
            };
            self.found.entry(self.path()).or_insert(at);
        }
    }

    fn run(mut self) -> BTreeMap<String, Position> {
        loop {
            self.skip_blank();
            let Some(c) = self.peek(0) else {
                return self.found;
            };
            match c {
                '(' | '{' | '[' => {
                    self.value_starts();
                    self.bump();
                    if c == '[' {
                        self.stack.push(Frame::List { index: 0 });
                        self.due = true;
                    } else {
                        self.stack.push(Frame::Group { key: None });
                    }
                }
                ')' | '}' | ']' => {
                    self.bump();
                    self.stack.pop();
                    self.due = false;
                }
                ',' => {
                    self.bump();
                    match self.stack.last_mut() {
                        Some(Frame::List { index }) => {
                            *index += 1;
                            self.due = true;
                        }
                        Some(Frame::Group { key }) => *key = None,
                        None => {}
                    }
                }
                '"' => {
                    self.value_starts();
                    self.string();
                }
                'r' if matches!(self.peek(1), Some('"' | '#')) => {
                    self.value_starts();
                    self.raw_string();
                }
                c if c.is_alphanumeric() || c == '_' || c == '-' || c == '+' || c == '.' => {
                    let start = (self.line, self.col);
                    let mut word = String::new();
                    while let Some(c) = self
                        .peek(0)
                        .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '+' | '.'))
                    {
                        word.push(c);
                        self.bump();
                    }
                    self.skip_blank();
                    let in_group = matches!(self.stack.last(), Some(Frame::Group { .. }));
                    if in_group && self.peek(0) == Some(':') {
                        self.bump();
                        if let Some(Frame::Group { key }) = self.stack.last_mut() {
                            *key = Some(word);
                        }
                        self.due = true;
                    } else if std::mem::take(&mut self.due) {
                        let at = Position {
                            line: start.0,
                            col: start.1,
                        };
                        self.found.entry(self.path()).or_insert(at);
                    }
                }
                _ => {
                    self.value_starts();
                    self.bump();
                }
            }
        }
    }

    fn string(&mut self) {
        self.bump();
        while let Some(c) = self.bump() {
            match c {
                '\\' => {
                    self.bump();
                }
                '"' => return,
                _ => {}
            }
        }
    }

    fn raw_string(&mut self) {
        self.bump();
        let mut hashes = 0;
        while self.peek(0) == Some('#') {
            hashes += 1;
            self.bump();
        }
        self.bump();
        while let Some(c) = self.bump() {
            if c == '"' && (0..hashes).all(|k| self.peek(k) == Some('#')) {
                for _ in 0..hashes {
                    self.bump();
                }
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_find_the_line_and_column_of_their_values() {
        let text = "// a comment (with parens)\n#![enable(implicit_some)]\nExercise(\n    name: \"x, y\",\n    players: [\"a\", \"b\"],\n    injects: [\n        (id: \"I1\", trigger: When(IncidentsKnown(role: \"r\", at_least: 2)),\n         expects: [(action: \"declare level\", within: \"1h\")]),\n        (id: \"I2\", trigger: At(\"5m\")),\n    ],\n)\n";
        let at = value_positions(text);
        let pos = |line, col| Some(Position { line, col });
        assert_eq!(at.get("name").copied(), pos(4, 11));
        assert_eq!(at.get("players[1]").copied(), pos(5, 20));
        assert_eq!(at.get("injects[0]").copied(), pos(7, 9));
        assert_eq!(at.get("injects[0].trigger").copied(), pos(7, 29));
        assert_eq!(at.get("injects[0].trigger.role").copied(), pos(7, 55));
        assert_eq!(at.get("injects[0].expects[0].action").copied(), pos(8, 29));
        assert_eq!(at.get("injects[1].trigger").copied(), pos(9, 29));
        assert_eq!(
            at.get("injects[2]"),
            None,
            "a trailing comma opens no element"
        );
    }

    #[test]
    fn an_unwritten_path_is_located_at_what_encloses_it() {
        let text = "Exercise(\n  injects: [\n    (id: \"I1\"),\n  ],\n)\n";
        let diagnostics = Diagnostics {
            items: vec![crate::scenario::Diagnostic::error_at(
                "x.ron",
                "injects[0].on_missed",
                "bad",
            )],
        };
        let located = locate(diagnostics, text);
        assert_eq!(
            located.items[0].to_string().lines().next(),
            Some("error: x.ron:3:5: injects[0].on_missed: bad")
        );
    }

    #[test]
    fn any_prefix_of_an_exercise_is_scanned_without_a_panic() {
        let text = include_str!("../../../scenarios/exercises/county-hq-quake-drill.ron");
        for cut in text.char_indices().map(|(i, _)| i).step_by(7) {
            value_positions(&text[..cut]);
        }
        for odd in [
            "r#\"x", "/* /* */", "#![", "(a: [,,]", "\"\\", "(a:", ":::", "r#type",
        ] {
            value_positions(odd);
        }
        assert!(value_positions(text).contains_key("injects[11].en"));
    }
}
