//! Drill mode: the same simulation with people in some roles, a controller at the clock, an
//! exercise script (MSEL), a journal that survives a crash, replay, and an after-action report.
//!
//! The main type is [`engine::Engine`]: it owns the [`crate::sim::Sim`], the exercise state and
//! the journal, applies commands at tick boundaries and builds a [`engine::Snapshot`] of what one
//! role may see. The terminal UI ([`ui`]) runs it on its own thread and only draws snapshots;
//! tests and `replay` drive it directly.
//!
//! ```
//! use drillsim::drill::{engine::{Engine, Setup}, i18n::Lang, line::Command};
//! let loaded = drillsim::scenario::load_str(drillsim::template::TEMPLATE, "template.ron").unwrap();
//! let mut engine = Engine::new(
//!     Setup { scenario: loaded.scenario.into(), seed: 1, role: "controller".into(), lang: Lang::En, exercise: None },
//!     None,
//! ).unwrap();
//! engine.handle(Command::Order("declare level II".into()));
//! for _ in 0..30 { engine.advance(); }
//! let snapshot = engine.snapshot();
//! assert_eq!(snapshot.now, 30);
//! ```
//!
//! Modules: [`msel`] (exercise files and inject state), [`journal`] (JSON Lines, synced per
//! line), [`engine`] (the sim thread and snapshots), [`line`] (the order line's grammar and
//! completion), [`ui`] (app state, drawing, the terminal), [`aar`] (the after-action report),
//! [`i18n`] (zh/en labels).

pub mod aar;
pub mod engine;
pub mod fingerprint;
pub mod i18n;
pub mod journal;
pub mod line;
pub mod msel;
pub mod ui;

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::scenario::{self, Scenario};
use engine::{Engine, Setup, drill_scenario};
use i18n::Lang;
use journal::{Header, Journal};

/// The mark on every drill screen and artefact, so none can be taken for a real event.
pub const MARKER: &str = "【演练】EXERCISE";

/// Why a drill or replay could not go on.
#[derive(Debug, thiserror::Error)]
pub enum DrillError {
    /// Bad input: a scenario, exercise or journal that does not load (exit status 2).
    #[error("{0}")]
    Input(String),
    /// Anything else (exit status 1).
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// What `drillsim drill` was asked for.
#[derive(Debug, Clone)]
pub struct DrillOptions {
    pub scenario: Option<PathBuf>,
    pub plan: Option<PathBuf>,
    pub seed: u64,
    pub role: String,
    pub lang: Option<Lang>,
    pub journal: Option<PathBuf>,
    pub exercise: Option<PathBuf>,
    pub resume: Option<PathBuf>,
}

/// A drill ready to run: its engine (replayed up to where a resumed journal ended), the header
/// and the scenario as written (for the doctrine comparison).
pub struct Prepared {
    pub engine: Engine,
    pub header: Header,
    pub original: Scenario,
    /// Every file the drill read: the scenario and each file it includes, the plan, the
    /// exercise. No report may be written over one of them.
    pub inputs: Vec<PathBuf>,
    /// Fingerprint of the scenario's files as read (see [`journal::files_fingerprint`]).
    pub scenario_sha256: String,
    /// Fingerprint of the exercise file, if there is one.
    pub exercise_sha256: Option<String>,
    /// What does not match the journal, for a replay run with `--unverified`: the after-action
    /// report says it is not a faithful replay and lists these.
    pub unverified: Vec<String>,
    /// The scenario the exercise names (`scenario:`), when it is not the one drilled: the drill
    /// warns of it (`msel::other_scenario_warning`) before it starts and on its first screen.
    pub exercise_scenario: Option<PathBuf>,
}

fn resolve(path: &str, journal: Option<&Path>) -> PathBuf {
    let given = PathBuf::from(path);
    if given.is_absolute() {
        return given;
    }
    // A relative name is the journal's own: beside the journal first, so that a file of the
    // same name where replay happens to be run cannot stand in for it.
    match journal.and_then(|j| j.parent()) {
        Some(dir) if dir.join(&given).exists() => dir.join(given),
        _ => given,
    }
}

/// A file a drill header names (`what`: scenario, plan, exercise): only a regular `.ron` file,
/// refused with its path and never its content.
fn reference(what: &str, given: &str, journal: Option<&Path>) -> Result<PathBuf, DrillError> {
    let path = resolve(given, journal);
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
    {
        return Err(DrillError::Input(format!(
            "error: the {what} {} is not a `.ron` file; a drill reads only `.ron` scenario, plan and exercise files",
            path.display()
        )));
    }
    crate::files::open_regular(&path)
        .map(drop)
        .map_err(|e| DrillError::Input(format!("error: the {what} {}: {e}", path.display())))?;
    Ok(path)
}

/// Reads scenario files through the file system and remembers which, and what they held.
struct Recording(std::cell::RefCell<Vec<(PathBuf, String)>>);

impl scenario::load::FileSource for Recording {
    fn read(&self, path: &Path) -> Result<String, scenario::Diagnostic> {
        let text = scenario::load::read_text(path)?;
        self.0.borrow_mut().push((path.to_path_buf(), text.clone()));
        Ok(text)
    }
}

/// Loads everything a header names and builds the engine (not yet replayed). A header with
/// fingerprints is compared with what was loaded: differences go to [`Prepared::unverified`]
/// (the caller decides whether they are an error).
pub fn engine_for(
    header: &Header,
    journal_path: Option<&Path>,
    journal: Option<Journal>,
) -> Result<Prepared, DrillError> {
    let scenario_path = reference("scenario", &header.scenario, journal_path)?;
    let plan_path = match &header.plan {
        Some(plan) => Some(reference("plan", plan, journal_path)?),
        None => None,
    };
    let exercise_path = match &header.exercise {
        Some(exercise) => Some(reference("exercise", exercise, journal_path)?),
        None => None,
    };
    let cannot = |diagnostics: scenario::Diagnostics| {
        DrillError::Input(format!(
            "{diagnostics}{} error(s): {} cannot be drilled",
            diagnostics.error_count(),
            scenario_path.display()
        ))
    };
    let text = scenario::load::read_text(&scenario_path)
        .map_err(|d| cannot(scenario::Diagnostics { items: vec![d] }))?;
    let recording = Recording(Default::default());
    let original = scenario::load_with(
        &text,
        &scenario_path.display().to_string(),
        &recording,
        plan_path.as_deref(),
    )
    .map_err(cannot)?
    .scenario;
    let read = recording.0.into_inner();
    let scenario_sha256 = journal::files_fingerprint(
        std::iter::once(text.as_str()).chain(read.iter().map(|(_, text)| text.as_str())),
    );
    let mut inputs = vec![scenario_path.clone()];
    inputs.extend(read.into_iter().map(|(path, _)| path));
    let mut exercise_sha256 = None;
    let mut exercise_scenario = None;
    let exercise = match &exercise_path {
        Some(path) => {
            inputs.push(path.clone());
            let unloadable = |d: scenario::Diagnostics| {
                DrillError::Input(format!(
                    "{d}{} error(s) in {}",
                    d.error_count(),
                    path.display()
                ))
            };
            let text = scenario::load::read_text(path)
                .map_err(|d| unloadable(scenario::Diagnostics { items: vec![d] }))?;
            exercise_sha256 = Some(journal::files_fingerprint([text.as_str()]));
            exercise_scenario = msel::other_scenario(&text, path, &scenario_path);
            Some(
                msel::load_str(&text, &path.display().to_string(), &original)
                    .map_err(unloadable)?,
            )
        }
        None => None,
    };
    let mut unverified = Vec::new();
    if header.format == 2 {
        unverified.push(
            "the journal is sealed in format 2, whose fingerprints (of the scenario and exercise as an older drillsim held them in memory) this drillsim cannot check: its scenario and exercise are not verified".into(),
        );
    } else if header.format >= 3 {
        if header.scenario_sha256.as_deref() != Some(scenario_sha256.as_str()) {
            unverified.push(format!(
                "the scenario differs from the one drilled: {}{} (or a file it includes) has changed since",
                scenario_path.display(),
                plan_path
                    .as_ref()
                    .map(|p| format!(" with the plan {}", p.display()))
                    .unwrap_or_default()
            ));
        }
        if header.exercise_sha256 != exercise_sha256 {
            unverified.push(match &exercise_path {
                Some(path) => format!(
                    "the exercise differs from the one drilled: {} has changed since",
                    path.display()
                ),
                None => "the journal's exercise fingerprint has no exercise file".into(),
            });
        }
    }
    let lang = Lang::parse(&header.lang).ok_or_else(|| {
        DrillError::Input(format!(
            "error: unknown language `{}`: drillsim drills in zh or en",
            header.lang
        ))
    })?;
    let drilled: Arc<Scenario> = Arc::new(drill_scenario(original.clone(), &header.role));
    let engine = Engine::new(
        Setup {
            scenario: drilled,
            seed: header.seed,
            role: header.role.clone(),
            lang,
            exercise,
        },
        journal,
    )
    .map_err(|e| DrillError::Input(format!("error: {e}")))?;
    Ok(Prepared {
        engine,
        header: header.clone(),
        original,
        inputs,
        scenario_sha256,
        exercise_sha256,
        unverified,
        exercise_scenario,
    })
}

/// What in a journal cannot be verified before anything it names is read: an unsealed format,
/// another drillsim version, lines that do not chain.
fn header_differences(read: &journal::Read) -> Vec<String> {
    let mut out = Vec::new();
    let header = &read.header;
    if header.format < 2 {
        out.push(
            "the journal is unsealed (format 1, written before journals carried fingerprints and a chain): nothing in it can be verified".into(),
        );
    }
    let ours = env!("CARGO_PKG_VERSION");
    if header.version != ours {
        out.push(format!(
            "the journal was written by drillsim {}; this is drillsim {ours}",
            header.version
        ));
    }
    const SHOWN: usize = 5;
    for line in read.broken_chain.iter().take(SHOWN) {
        out.push(if *line == 1 {
            "line 1 (the header: files, seed, role, language) was changed after it was written"
                .into()
        } else {
            format!(
                "line {line} was changed, reordered or removed since it was written (its chain does not follow from line {})",
                line - 1
            )
        });
    }
    if read.broken_chain.len() > SHOWN {
        out.push(format!(
            "… and {} more line(s) that do not chain",
            read.broken_chain.len() - SHOWN
        ));
    }
    out
}

/// The refusal for a journal that does not verify.
fn refuse_unverified(path: &Path, differences: &[String], resume: bool) -> DrillError {
    let mut message = format!(
        "error: {} does not match what it recorded:\n",
        path.display()
    );
    for d in differences {
        message.push_str(&format!("  - {d}\n"));
    }
    message.push_str(if resume {
        "a journal that does not verify cannot be continued; `drillsim replay --unverified JOURNAL` replays it anyway, marked as not a faithful replay\n"
    } else {
        "`drillsim replay --unverified JOURNAL` replays it anyway; its report is then marked as not a faithful replay\n"
    });
    DrillError::Input(message)
}

/// The line number of the entry at `index` (an error from [`Engine::replay`]).
fn replay_error(
    path: &Path,
    read: &journal::Read,
    (index, message): (usize, String),
) -> DrillError {
    let line = read.lines.get(index).copied().unwrap_or(0);
    DrillError::Input(format!("error: {}:{line}: {message}", path.display()))
}

/// The default journal path for a new drill: `drills/<scenario>-<role>-<unix seconds>.jsonl`.
fn default_journal(scenario: &Path, role: &str) -> PathBuf {
    let stem = scenario
        .file_stem()
        .map_or("drill".into(), |s| s.to_string_lossy().to_string());
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    PathBuf::from("drills").join(format!("{stem}-{role}-{secs}.jsonl"))
}

/// The message for a torn last line, in both languages (it is printed outside the drill).
pub fn torn_line_note(path: &Path, line: usize) -> String {
    format!(
        "note: {}:{line}: {} / {}",
        path.display(),
        Lang::En.t(i18n::Text::TornLineDropped),
        Lang::Zh.t(i18n::Text::TornLineDropped)
    )
}

/// Prepares a new or resumed drill without starting the terminal (the CLI and tests).
pub fn prepare(options: &DrillOptions) -> Result<(Prepared, PathBuf), DrillError> {
    if let Some(path) = &options.resume {
        let read = journal::read(path).map_err(|e| DrillError::Input(format!("error: {e}")))?;
        let differences = header_differences(&read);
        if !differences.is_empty() {
            return Err(refuse_unverified(path, &differences, true));
        }
        let mut header = read.header.clone();
        if let Some(lang) = options.lang {
            header.lang = lang.code().into();
        }
        let mut prepared = engine_for(&header, Some(path), None)?;
        if !prepared.unverified.is_empty() {
            return Err(refuse_unverified(path, &prepared.unverified, true));
        }
        let until = read.entries.iter().map(|e| e.t).max().unwrap_or(0);
        prepared
            .engine
            .replay(&read.entries, until)
            .map_err(|e| replay_error(path, &read, e))?;
        prepared
            .engine
            .attach_journal(Journal::append(path, &read)?);
        if read.torn.is_some() {
            let lang = Lang::parse(&header.lang).unwrap_or(Lang::Zh);
            prepared
                .engine
                .announce(false, lang.t(i18n::Text::TornLineDropped).to_string());
        }
        return Ok((prepared, path.clone()));
    }
    let scenario = options
        .scenario
        .as_ref()
        .ok_or_else(|| DrillError::Input("error: give a SCENARIO, or --resume JOURNAL".into()))?;
    let lang = options.lang.unwrap_or(Lang::Zh);
    let mut header = journal::header(
        scenario,
        options.plan.as_deref(),
        options.seed,
        &options.role,
        lang.code(),
        options.exercise.as_deref(),
    );
    // Check everything before creating the journal.
    let mut prepared = engine_for(&header, None, None)?;
    header.scenario_sha256 = Some(prepared.scenario_sha256.clone());
    header.exercise_sha256 = prepared.exercise_sha256.clone();
    prepared.header = header.clone();
    prepared.unverified.clear();
    let path = options
        .journal
        .clone()
        .unwrap_or_else(|| default_journal(scenario, &options.role));
    let inputs: Vec<&Path> = prepared.inputs.iter().map(PathBuf::as_path).collect();
    if let Some(input) = inputs.iter().find(|i| crate::files::same_file(i, &path)) {
        return Err(DrillError::Input(format!(
            "error: the journal {} is also an input of this drill ({}); write the journal elsewhere",
            path.display(),
            input.display()
        )));
    }
    let journal = Journal::create(&path, &header).map_err(|e| {
        if e.kind() == io::ErrorKind::AlreadyExists {
            DrillError::Input(format!(
                "error: journal {} already exists; continue it with `drillsim drill --resume {}` or choose another --journal",
                path.display(),
                path.display()
            ))
        } else {
            DrillError::Input(format!(
                "error: cannot create the journal {}: {e}",
                path.display()
            ))
        }
    })?;
    prepared.engine.attach_journal(journal);
    Ok((prepared, path))
}

/// Where the AAR of a journal goes by default: beside it, `.aar.md` and `.aar.html`.
pub fn default_reports(journal: &Path) -> (PathBuf, PathBuf) {
    let base = journal.with_extension("");
    let name = base
        .file_name()
        .map_or("drill".into(), |n| n.to_string_lossy().to_string());
    (
        base.with_file_name(format!("{name}.aar.md")),
        base.with_file_name(format!("{name}.aar.html")),
    )
}

/// The report files for `report` (by its extension, `.md` or `.html`), or both beside the
/// journal: (path, whether HTML).
fn report_outputs(journal: &Path, report: Option<&Path>) -> Vec<(PathBuf, bool)> {
    match report {
        Some(path) => {
            let html = path.extension().is_some_and(|e| e == "html" || e == "htm");
            vec![(path.to_path_buf(), html)]
        }
        None => {
            let (md, html) = default_reports(journal);
            vec![(md, false), (html, true)]
        }
    }
}

/// Refuses report files that are the journal or any file the drill read, or whose folder is
/// missing, before any work.
fn check_outputs(
    outputs: &[(PathBuf, bool)],
    journal: &Path,
    inputs: &[PathBuf],
) -> Result<(), DrillError> {
    let outputs: Vec<&Path> = outputs.iter().map(|(p, _)| p.as_path()).collect();
    let mut all_inputs = vec![journal];
    all_inputs.extend(inputs.iter().map(PathBuf::as_path));
    crate::files::refuse_overlap(&outputs, &all_inputs)
        .map_err(|e| DrillError::Input(format!("error: {e}")))
}

/// Writes the AAR: to `report` (by its extension, `.md` or `.html`), or both beside the journal.
/// Each file is written whole or not at all; none may be the journal or an input.
pub fn write_reports(
    prepared: &mut Prepared,
    journal: &Path,
    report: Option<&Path>,
) -> Result<Vec<PathBuf>, DrillError> {
    let outputs = report_outputs(journal, report);
    check_outputs(&outputs, journal, &prepared.inputs)?;
    let built = aar::build(
        &mut prepared.engine,
        &prepared.header,
        &prepared.original,
        &journal.display().to_string(),
        &prepared.unverified,
    );
    let mut written = Vec::new();
    for (path, html) in outputs {
        let text = if html {
            aar::html(&built)
        } else {
            aar::markdown(&built)
        };
        crate::files::write_atomic(&path, text.as_bytes()).map_err(|e| {
            DrillError::Input(format!("error: cannot write {}: {e}", path.display()))
        })?;
        written.push(path);
    }
    Ok(written)
}

/// `drillsim drill`: runs the terminal UI, then writes the AAR beside the journal. Returns the
/// lines to print after the terminal is restored.
pub fn run(options: &DrillOptions) -> Result<String, DrillError> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return Err(DrillError::Input(
            "error: `drillsim drill` needs a terminal; to re-run a recorded drill without one, use `drillsim replay JOURNAL`".into(),
        ));
    }
    let (mut prepared, journal_path) = prepare(options)?;
    let lang = Lang::parse(&prepared.header.lang).unwrap_or(Lang::Zh);
    if let Some(named) = &prepared.exercise_scenario {
        let warning = msel::other_scenario_warning(lang, named, &prepared.header.scenario);
        eprintln!("{warning}");
        prepared.engine.announce(false, warning);
    }
    let Prepared {
        engine,
        header,
        original,
        inputs,
        scenario_sha256,
        exercise_sha256,
        unverified,
        exercise_scenario,
    } = prepared;
    let engine = ui::term::run(engine, ui::no_color_from_env())?;
    let mut prepared = Prepared {
        engine,
        header,
        original,
        inputs,
        scenario_sha256,
        exercise_sha256,
        unverified,
        exercise_scenario,
    };
    let written = write_reports(&mut prepared, &journal_path, None)?;
    let mut out = format!(
        "{MARKER} drill ended at T+{}\njournal: {}\n",
        engine::clock(prepared.engine.now()),
        journal_path.display()
    );
    for path in written {
        out.push_str(&format!("after-action report: {}\n", path.display()));
    }
    out.push_str(&format!(
        "continue: drillsim drill --resume {}\nreplay:   drillsim replay {}\n",
        journal_path.display(),
        journal_path.display()
    ));
    Ok(out)
}

/// `drillsim replay`: re-runs a journal exactly and writes its AAR. Returns what to print.
///
/// The journal must verify — same drillsim version, same scenario and exercise, every line
/// chained — unless `unverified` is set; then the report says it is not a faithful replay.
pub fn replay(
    journal_path: &Path,
    report: Option<&Path>,
    unverified: bool,
) -> Result<String, DrillError> {
    let outputs = report_outputs(journal_path, report);
    check_outputs(&outputs, journal_path, &[])?;
    let read = journal::read(journal_path).map_err(|e| DrillError::Input(format!("error: {e}")))?;
    let mut differences = header_differences(&read);
    if !differences.is_empty() && !unverified {
        return Err(refuse_unverified(journal_path, &differences, false));
    }
    let mut prepared = engine_for(&read.header, Some(journal_path), None)?;
    differences.append(&mut prepared.unverified);
    if !differences.is_empty() && !unverified {
        return Err(refuse_unverified(journal_path, &differences, false));
    }
    prepared.unverified = differences;
    check_outputs(&outputs, journal_path, &prepared.inputs)?;
    let until = read.entries.iter().map(|e| e.t).max().unwrap_or(0);
    prepared
        .engine
        .replay(&read.entries, until)
        .map_err(|e| replay_error(journal_path, &read, e))?;
    let written = write_reports(&mut prepared, journal_path, report)?;
    let mut out = String::new();
    if let Some(line) = read.torn {
        out.push_str(&torn_line_note(journal_path, line));
        out.push('\n');
    }
    for d in &prepared.unverified {
        out.push_str(&format!("warning: not a faithful replay 非忠实重演: {d}\n"));
    }
    out.push_str(&format!(
        "{MARKER} replayed {} to T+{} ({} journal entries)\n",
        journal_path.display(),
        engine::clock(prepared.engine.now()),
        read.entries.len()
    ));
    for path in written {
        out.push_str(&format!("after-action report: {}\n", path.display()));
    }
    Ok(out)
}
