//! Diagnostics: what is wrong with a scenario, where, and what to write instead.
//!
//! A [`Diagnostic`] names its file and either a line/column (syntax errors, with the offending
//! line quoted) or the path to the value (`forces.teams[3].base`). Loading collects every
//! diagnostic it can find in one pass; [`Diagnostics`] holds them in the order found.

use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Legal but suspicious: the scenario still loads.
    Warning,
    /// The scenario cannot be used.
    Error,
}

/// Where in a file a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The whole file.
    File,
    /// A 1-based line and column, with the text of that line.
    Text {
        line: usize,
        col: usize,
        line_text: String,
    },
    /// The path to a value, e.g. `forces.teams[3].base`.
    Value(String),
    /// The path to a value and where that value is written: `file:line:col: path: message`.
    ValueAt(Box<ValueAt>),
}

/// A value's path and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueAt {
    /// The path to the value, e.g. `injects[3].to`.
    pub path: String,
    /// 1-based line and column (in characters) where the value begins.
    pub line: usize,
    pub col: usize,
    /// The text of that line.
    pub line_text: String,
}

/// One finding about a scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the user named it (or as an include resolved it).
    pub file: String,
    pub location: Location,
    pub message: String,
    /// What to write instead, when there is something useful to say.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at the path `value_path` in `file`.
    pub fn error_at(file: &str, value_path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            location: Location::Value(value_path.into()),
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at the path `value_path` in `file`.
    pub fn warning_at(
        file: &str,
        value_path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error_at(file, value_path, message)
        }
    }

    /// An error about a whole file.
    pub fn file_error(file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            location: Location::File,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match &self.location {
            Location::File => write!(f, "{label}: {}: {}", self.file, self.message)?,
            Location::Value(path) => {
                write!(f, "{label}: {}: {}: {}", self.file, path, self.message)?
            }
            Location::Text {
                line,
                col,
                line_text,
            } => {
                write!(f, "{label}: {}:{line}:{col}: {}", self.file, self.message)?;
                quote_line(f, *line, *col, line_text)?;
            }
            Location::ValueAt(at) => {
                let ValueAt {
                    path,
                    line,
                    col,
                    line_text,
                } = at.as_ref();
                write!(
                    f,
                    "{label}: {}:{line}:{col}: {path}: {}",
                    self.file, self.message
                )?;
                quote_line(f, *line, *col, line_text)?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// The offending line under a located diagnostic, with a caret under the column.
fn quote_line(f: &mut fmt::Formatter<'_>, line: usize, col: usize, text: &str) -> fmt::Result {
    let gutter = line.to_string().len();
    let shown: String = text.chars().take(200).collect();
    write!(f, "\n {:gutter$} |\n {line} | {shown}", "")?;
    // Point under the column, counting characters (not bytes) so CJK text aligns at least by
    // character position.
    let pad = col.saturating_sub(1).min(shown.chars().count());
    write!(f, "\n {:gutter$} | {:pad$}^", "", "")
}

/// All diagnostics found while loading, in the order found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.items {
            writeln!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// The id in `known` closest to `wanted`, for "did you mean" hints.
pub fn closest<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|candidate| (strsim::levenshtein(wanted, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 2).max(2))
        .min()
        .map(|(_, candidate)| candidate)
}
