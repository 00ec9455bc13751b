//! Reading scenario files: RON text → [`DocumentSpec`], includes resolved, parts assembled.
//!
//! Syntax errors become diagnostics with file:line:column and the offending line. Each file is
//! parsed on its own, so one broken part does not hide the errors of the others.

use std::path::{Path, PathBuf};

use ron::extensions::Extensions;

use super::diagnostic::{Diagnostic, Diagnostics, Location, Severity};
use super::spec::{
    DocumentSpec, FacilitiesSpec, ForcesSpec, GradingSpec, HazardsSpec, ModelsSpec,
    OrganisationSpec, PlanSpec, RegionSpec, ScenarioSpec, TargetsSpec,
};

/// Largest file drillsim will read: far above any county or prefecture scenario.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The RON options every drillsim file is read with: `Some(...)` may be left out around optional
/// values, and a variant wrapping a struct is written `Region(name: ...)` rather than
/// `Region((name: ...))`.
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_default_extension(Extensions::UNWRAP_VARIANT_NEWTYPES)
}

/// The words a drillsim document may begin with.
pub const DOCUMENT_KINDS: [&str; 10] = [
    "Scenario",
    "Region",
    "Facilities",
    "Forces",
    "Organisation",
    "Hazards",
    "Plan",
    "Targets",
    "Models",
    "Grading",
];

/// The first word of a document after blank space, comments and `#![...]` attributes, if it is
/// an identifier followed by `(`.
pub fn opening_word(text: &str) -> Option<&str> {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("//") {
            rest = after.split_once('\n').map_or("", |(_, tail)| tail);
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, tail)| tail);
        } else if let Some(after) = rest.strip_prefix("#!") {
            rest = after.split_once(']').map_or("", |(_, tail)| tail);
        } else {
            break;
        }
    }
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let (word, after) = rest.split_at(end);
    (!word.is_empty() && after.trim_start().starts_with('(')).then_some(word)
}

/// Refuses text that is not a drillsim document before the parser can quote any of it: a file
/// named by mistake (or by a hostile include) may hold secrets, and diagnostics are shown on
/// projectors and pasted into chats. A misspelt part name still reaches the parser, whose
/// message names the parts.
pub fn refuse_foreign(text: &str, file: &str, kinds: &[&str]) -> Result<(), Diagnostic> {
    let near_a_kind = |word: &str| {
        kinds
            .iter()
            .any(|kind| strsim::levenshtein(&word.to_lowercase(), &kind.to_lowercase()) <= 3)
    };
    match opening_word(text) {
        Some(word) if near_a_kind(word) => Ok(()),
        _ => Err(Diagnostic::file_error(
            file,
            "is not a drillsim scenario file (its content is not shown)",
        )
        .with_hint(format!(
            "this file should begin with {}, followed by `(`",
            kinds.join(", ")
        ))),
    }
}

/// Parses one document from text. `file` is only used in diagnostics. Text that does not open
/// like a drillsim document is refused without being quoted.
pub fn parse_document(text: &str, file: &str) -> Result<DocumentSpec, Diagnostic> {
    refuse_foreign(text, file, &DOCUMENT_KINDS)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    ron_options()
        .from_str::<DocumentSpec>(text)
        .map_err(|error| syntax_diagnostic(text, file, &error))
}

/// The diagnostic for a RON syntax error in `text`: line, column, the offending line and the
/// parser's message, with a hint for scenario files (callers reading other documents replace it).
pub fn syntax_diagnostic(text: &str, file: &str, error: &ron::error::SpannedError) -> Diagnostic {
    let line = error.span.start.line.max(1);
    let col = error.span.start.col.max(1);
    let line_text = text
        .lines()
        .nth(line - 1)
        .unwrap_or_default()
        .trim_end()
        .to_string();
    let message = error.code.to_string();
    let hint = syntax_hint(&message);
    Diagnostic {
        severity: Severity::Error,
        file: file.to_string(),
        location: Location::Text {
            line,
            col,
            line_text,
        },
        message,
        hint,
    }
}

fn syntax_hint(message: &str) -> Option<String> {
    let unknown_variant =
        message.contains("Unexpected variant") || message.contains("unknown variant");
    if unknown_variant && message.contains("`Scenario`") {
        return Some(
            "a file starts with what it holds: Scenario(...), Region(...), Facilities(...), \
             Forces(...), Organisation(...), Hazards(...), Plan(...), Targets(...), Models(...) or Grading(...)"
                .into(),
        );
    }
    if message == "Expected comma" {
        return Some(
            "a `,` is missing before this point, or the value before it has the wrong form \
             (e.g. a decimal where a whole number is expected)"
                .into(),
        );
    }
    if message.contains("Unexpected field") || message.contains("unknown field") {
        return Some("see docs/scenario-format.md for the fields of each part".into());
    }
    if message.contains("missing field") {
        return Some(
            "the structure ending here lacks a required field; docs/scenario-format.md lists them"
                .into(),
        );
    }
    None
}

/// Reads a file as UTF-8 text: a regular file only, at most [`MAX_FILE_BYTES`] read (whatever
/// size the file claims), a leading byte-order mark (written by some Windows editors) dropped.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let shown = path.display().to_string();
    let bytes = crate::files::read_capped(path, MAX_FILE_BYTES)
        .map_err(|e| Diagnostic::file_error(&shown, e.to_string()))?;
    let mut text = String::from_utf8(bytes).map_err(|e| {
        Diagnostic::file_error(
            &shown,
            format!(
                "is not UTF-8 text (bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// One part of a scenario and the file it came from.
#[derive(Debug, Clone)]
pub struct Sourced<T> {
    pub value: T,
    pub file: String,
}

/// A scenario's parts after includes are resolved, before semantic validation.
#[derive(Debug, Clone)]
pub struct AssembledSpec {
    /// The scenario file itself.
    pub file: String,
    pub scenario: ScenarioSpec,
    pub region: Option<Sourced<RegionSpec>>,
    pub facilities: Option<Sourced<FacilitiesSpec>>,
    pub forces: Option<Sourced<ForcesSpec>>,
    pub organisation: Option<Sourced<OrganisationSpec>>,
    pub hazards: Option<Sourced<HazardsSpec>>,
    pub plan: Option<Sourced<PlanSpec>>,
    pub targets: Option<Sourced<TargetsSpec>>,
    pub models: Option<Sourced<ModelsSpec>>,
    pub grading: Option<Sourced<GradingSpec>>,
}

/// Where included files are read from. The file system in the CLI; a map in tests.
pub trait FileSource {
    /// Reads `path` (already joined with the including file's directory).
    fn read(&self, path: &Path) -> Result<String, Diagnostic>;
}

/// Reads from the file system.
pub struct FileSystem;

impl FileSource for FileSystem {
    fn read(&self, path: &Path) -> Result<String, Diagnostic> {
        read_text(path)
    }
}

/// Puts `part` into `slot` unless it is already filled, in which case it reports a duplicate.
fn place_part<T>(
    slot: &mut Option<Sourced<T>>,
    part: T,
    file: &str,
    kind: &str,
    diagnostics: &mut Diagnostics,
) {
    match slot {
        Some(existing) => diagnostics.push(
            Diagnostic::file_error(
                file,
                format!(
                    "gives the {kind} part, which {} already gave",
                    existing.file
                ),
            )
            .with_hint(
                "give each part once: inline in the scenario or in one included file; \
                 to swap the plan use `--plan FILE`",
            ),
        ),
        None => {
            *slot = Some(Sourced {
                value: part,
                file: file.to_string(),
            })
        }
    }
}

/// Assembles a scenario from its root text: inline parts, then included files in order.
/// `plan_override` replaces the scenario's plan (the `--plan` option).
pub fn assemble(
    root_text: &str,
    root_file: &str,
    source: &dyn FileSource,
    plan_override: Option<&Path>,
) -> Result<AssembledSpec, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let scenario = match parse_document(root_text, root_file) {
        Ok(DocumentSpec::Scenario(scenario)) => *scenario,
        Ok(other) => {
            diagnostics.push(
                Diagnostic::file_error(
                    root_file,
                    format!("holds a {} part, not a whole scenario", other.kind_name()),
                )
                .with_hint(
                    "`drillsim check` validates a part on its own; `run` needs a file that starts \
                     with Scenario(...) and includes the parts",
                ),
            );
            return Err(diagnostics);
        }
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return Err(diagnostics);
        }
    };

    let mut assembled = AssembledSpec {
        file: root_file.to_string(),
        region: None,
        facilities: None,
        forces: None,
        organisation: None,
        hazards: None,
        plan: None,
        targets: None,
        models: None,
        grading: None,
        scenario: scenario.clone(),
    };
    let inline = scenario;
    let parts: Vec<(DocumentSpec, String)> = [
        inline.region.map(DocumentSpec::Region),
        inline.facilities.map(DocumentSpec::Facilities),
        inline.forces.map(DocumentSpec::Forces),
        inline.organisation.map(DocumentSpec::Organisation),
        inline.hazards.map(DocumentSpec::Hazards),
        inline.plan.map(DocumentSpec::Plan),
        inline.targets.map(DocumentSpec::Targets),
        inline.models.map(DocumentSpec::Models),
        inline.grading.map(DocumentSpec::Grading),
    ]
    .into_iter()
    .flatten()
    .map(|part| (part, root_file.to_string()))
    .collect();

    let base_dir = Path::new(root_file)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut included: Vec<(DocumentSpec, String)> = Vec::new();
    for (index, relative) in inline.include.iter().enumerate() {
        if relative.trim().is_empty() {
            diagnostics.push(Diagnostic::error_at(
                root_file,
                format!("scenario.include[{index}]"),
                "is empty; write the path of a part file relative to this file",
            ));
            continue;
        }
        let path: PathBuf = base_dir.join(relative);
        let shown = path.display().to_string();
        if path.extension().is_none_or(|extension| extension != "ron") {
            diagnostics.push(
                Diagnostic::error_at(
                    root_file,
                    format!("scenario.include[{index}]"),
                    format!("cannot include `{relative}`: only `.ron` part files can be included"),
                )
                .with_hint(
                    "name a scenario part file ending in `.ron` (see docs/scenario-format.md)",
                ),
            );
            continue;
        }
        let text = match source.read(&path) {
            Ok(text) => text,
            Err(diagnostic) => {
                let folder = if base_dir.as_os_str().is_empty() {
                    ".".to_string()
                } else {
                    base_dir.display().to_string()
                };
                // Where to look helps only when the file was not found where it was looked for;
                // a device or a pipe is refused for what it is.
                let hint = if diagnostic.message.starts_with("cannot read") {
                    format!("include paths are relative to the scenario's folder ({folder})")
                } else {
                    "include a regular `.ron` part file".to_string()
                };
                diagnostics.push(
                    Diagnostic::error_at(
                        root_file,
                        format!("scenario.include[{index}]"),
                        format!("cannot include `{relative}`: {}", diagnostic.message),
                    )
                    .with_hint(hint),
                );
                continue;
            }
        };
        match parse_document(&text, &shown) {
            Ok(DocumentSpec::Scenario(_)) => diagnostics.push(
                Diagnostic::error_at(
                    root_file,
                    format!("scenario.include[{index}]"),
                    format!("`{relative}` is a whole scenario; only parts can be included"),
                )
                .with_hint("include the part files that scenario includes instead"),
            ),
            Ok(part) => included.push((part, shown)),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }

    if let Some(plan_path) = plan_override {
        let shown = plan_path.display().to_string();
        match source
            .read(plan_path)
            .and_then(|text| parse_document(&text, &shown))
        {
            Ok(DocumentSpec::Plan(plan)) => {
                assembled.plan = Some(Sourced {
                    value: plan,
                    file: shown,
                })
            }
            Ok(other) => diagnostics.push(Diagnostic::file_error(
                &shown,
                format!(
                    "was given as --plan but holds a {} part; a plan file starts with Plan(...)",
                    other.kind_name()
                ),
            )),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    let plan_overridden = plan_override.is_some();

    for (part, file) in parts.into_iter().chain(included) {
        let kind = part.kind_name();
        match part {
            DocumentSpec::Scenario(_) => {}
            DocumentSpec::Region(v) => {
                place_part(&mut assembled.region, v, &file, kind, &mut diagnostics)
            }
            DocumentSpec::Facilities(v) => {
                place_part(&mut assembled.facilities, v, &file, kind, &mut diagnostics)
            }
            DocumentSpec::Forces(v) => {
                place_part(&mut assembled.forces, v, &file, kind, &mut diagnostics)
            }
            DocumentSpec::Organisation(v) => place_part(
                &mut assembled.organisation,
                v,
                &file,
                kind,
                &mut diagnostics,
            ),
            DocumentSpec::Hazards(v) => {
                place_part(&mut assembled.hazards, v, &file, kind, &mut diagnostics)
            }
            DocumentSpec::Plan(v) => {
                if !plan_overridden {
                    place_part(&mut assembled.plan, v, &file, kind, &mut diagnostics)
                }
            }
            DocumentSpec::Targets(v) => {
                place_part(&mut assembled.targets, v, &file, kind, &mut diagnostics)
            }
            DocumentSpec::Grading(v) => {
                place_part(&mut assembled.grading, v, &file, kind, &mut diagnostics)
            }
            DocumentSpec::Models(v) => {
                place_part(&mut assembled.models, v, &file, kind, &mut diagnostics)
            }
        }
    }

    if diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        Ok(assembled)
    }
}
