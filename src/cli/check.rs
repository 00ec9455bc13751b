//! `drillsim check`: validates scenarios, parts, exercises and orders scripts, every error at once.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::error::Failure;
use super::run::read_orders;
use crate::scenario;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files to check: whole scenarios, single parts, exercise files (`Exercise(...)`) and
    /// orders scripts (`.txt`).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The scenario that exercise and orders files are checked against (every id, time and
    /// trigger); by default an exercise is checked against the scenario it names.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
}

/// What `check` makes of a file: an orders script (`.txt`), an exercise or a scenario file.
enum Checked {
    Diagnostics(scenario::Diagnostics),
    /// An orders script: its errors as printed lines (empty when valid).
    Orders(String),
}

/// Why an exercise or orders file could not be checked: it has no scenario to be checked
/// against, or its scenario is invalid.
#[derive(Debug, thiserror::Error)]
enum Unchecked {
    #[error(
        "is checked against a scenario: give `--scenario FILE` (an exercise may also name its \
         scenario with `scenario: \"…\"`)"
    )]
    NoScenario,
    #[error(
        "cannot be checked: its scenario {} is invalid ({errors} error(s); run `drillsim check {}`)",
        path.display(),
        path.display()
    )]
    InvalidScenario { path: PathBuf, errors: usize },
    #[error("cannot be checked: its scenario {}: {reason}", path.display())]
    Unreadable { path: PathBuf, reason: String },
}

/// The scenario an exercise or orders file is checked against: `--scenario`, or the one an
/// exercise names (relative to the exercise's folder).
fn scenario_for_check(
    given: Option<&Path>,
    named: Option<(&str, &Path)>,
) -> Result<scenario::Scenario, Unchecked> {
    let path = match (given, named) {
        (Some(path), _) => path.to_path_buf(),
        (None, Some((name, beside))) => beside
            .parent()
            .map_or_else(|| PathBuf::from(name), |dir| dir.join(name)),
        (None, None) => return Err(Unchecked::NoScenario),
    };
    scenario::load(&path, None)
        .map(|loaded| loaded.scenario)
        .map_err(|diagnostics| {
            // A scenario that is missing, a folder, not a regular file or not a scenario at all
            // is said to be so.
            let unreadable = diagnostics.items.iter().find(|d| {
                d.severity == scenario::Severity::Error
                    && d.location == scenario::Location::File
                    && d.file == path.display().to_string()
            });
            match unreadable {
                Some(d) => Unchecked::Unreadable {
                    reason: d.message.clone(),
                    path,
                },
                None => Unchecked::InvalidScenario {
                    errors: diagnostics.error_count(),
                    path,
                },
            }
        })
}

fn check_one(file: &Path, against: Option<&Path>) -> Checked {
    let shown = file.display().to_string();
    let refused = |message: String| {
        Checked::Diagnostics(scenario::Diagnostics {
            items: vec![scenario::Diagnostic::file_error(&shown, message)],
        })
    };
    if file.extension().is_some_and(|e| e == "txt") {
        let scenario = match scenario_for_check(against, None) {
            Ok(scenario) => scenario,
            Err(unchecked) => return refused(unchecked.to_string()),
        };
        return Checked::Orders(match read_orders(file, &scenario) {
            Ok(_) => String::new(),
            Err(Failure::Input(message)) => message,
            Err(Failure::Refused(refusal)) => format!("error: {shown}: {refusal}\n"),
            Err(Failure::Other(error)) => format!("error: {shown}: {error:#}\n"),
        });
    }
    let text = match scenario::load::read_text(file) {
        Ok(text) => text,
        Err(d) => return Checked::Diagnostics(scenario::Diagnostics { items: vec![d] }),
    };
    match kind_of(&text) {
        Kind::Scenario => {
            let mut diagnostics = scenario::check_text(&text, &shown);
            // A misspelt part name: the loader's hint lists the parts; `check` also reads
            // exercises.
            for hint in diagnostics.items.iter_mut().filter_map(|d| d.hint.as_mut()) {
                if hint.starts_with("a file starts with what it holds") {
                    hint.push_str("; an exercise starts with Exercise(...)");
                }
            }
            return Checked::Diagnostics(diagnostics);
        }
        Kind::Neither => {
            return Checked::Diagnostics(scenario::Diagnostics {
                items: vec![
                    scenario::Diagnostic::file_error(
                        &shown,
                        "is neither a scenario, a scenario part nor an exercise (its content is not shown)",
                    )
                    .with_hint(format!(
                        "a scenario begins with Scenario(...), a part with one of {}(...); an \
                         exercise with Exercise(...); an orders script is a `.txt` file",
                        scenario::load::DOCUMENT_KINDS[1..].join("(...), ")
                    )),
                ],
            });
        }
        Kind::Exercise => {}
    }
    let spec = match crate::drill::msel::parse(&text, &shown) {
        Ok(spec) => spec,
        Err(diagnostics) => return Checked::Diagnostics(diagnostics),
    };
    let named = spec.scenario.as_deref().map(|name| (name, file));
    match scenario_for_check(against, named) {
        Ok(scenario) => {
            Checked::Diagnostics(crate::drill::msel::check_str(&text, &shown, &scenario))
        }
        Err(unchecked) => refused(unchecked.to_string()),
    }
}

/// What a `.ron` file holds, by its first word.
enum Kind {
    Scenario,
    Exercise,
    Neither,
}

/// A file is an exercise when its first word is `Exercise` (or a misspelling closer to it than
/// to any scenario part: the parser then names what is wrong), a scenario when it is a part's
/// name (or a misspelling of one), and neither otherwise.
fn kind_of(text: &str) -> Kind {
    let distance =
        |word: &str, kind: &str| strsim::levenshtein(&word.to_lowercase(), &kind.to_lowercase());
    let Some(word) = scenario::load::opening_word(text) else {
        return Kind::Neither;
    };
    let to_exercise = distance(word, "Exercise");
    let to_part = scenario::load::DOCUMENT_KINDS
        .iter()
        .map(|kind| distance(word, kind))
        .min()
        .unwrap_or(usize::MAX);
    if to_exercise <= 3 && to_exercise < to_part {
        Kind::Exercise
    } else if to_part <= 3 {
        Kind::Scenario
    } else {
        Kind::Neither
    }
}

pub(super) fn check(args: CheckArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let mut errors = 0;
    let mut report = String::new();
    for file in &args.files {
        let diagnostics = match check_one(file, args.scenario.as_deref()) {
            Checked::Diagnostics(diagnostics) => diagnostics,
            Checked::Orders(problems) if problems.is_empty() => scenario::Diagnostics::default(),
            Checked::Orders(problems) => {
                errors += problems.lines().filter(|l| l.starts_with("error")).count();
                report.push_str(&problems);
                continue;
            }
        };
        errors += diagnostics.error_count();
        if diagnostics.has_errors() {
            report.push_str(&diagnostics.to_string());
        } else {
            if !diagnostics.is_empty() {
                eprint!("{diagnostics}");
            }
            writeln!(
                out,
                "ok: {} ({} warning(s))",
                file.display(),
                diagnostics.warning_count()
            )?;
        }
    }
    if errors > 0 {
        report.push_str(&format!("{errors} error(s)\n"));
        return Err(Failure::Input(report));
    }
    Ok(ExitCode::SUCCESS)
}
