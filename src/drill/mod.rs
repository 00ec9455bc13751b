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
pub mod cli;
pub mod engine;
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
}

fn resolve(path: &str, journal: Option<&Path>) -> PathBuf {
    let given = PathBuf::from(path);
    if given.exists() || given.is_absolute() {
        return given;
    }
    match journal.and_then(|j| j.parent()) {
        Some(dir) if dir.join(&given).exists() => dir.join(given),
        _ => given,
    }
}

/// Loads everything a header names and builds the engine (not yet replayed).
pub fn engine_for(
    header: &Header,
    journal_path: Option<&Path>,
    journal: Option<Journal>,
) -> Result<Prepared, DrillError> {
    let scenario_path = resolve(&header.scenario, journal_path);
    let plan_path = header.plan.as_deref().map(|p| resolve(p, journal_path));
    let original = match scenario::load(&scenario_path, plan_path.as_deref()) {
        Ok(loaded) => loaded.scenario,
        Err(diagnostics) => {
            return Err(DrillError::Input(format!(
                "{diagnostics}{} error(s): {} cannot be drilled",
                diagnostics.error_count(),
                scenario_path.display()
            )));
        }
    };
    let exercise = match &header.exercise {
        Some(path) => {
            let path = resolve(path, journal_path);
            Some(msel::load(&path, &original).map_err(|d| {
                DrillError::Input(format!(
                    "{d}{} error(s) in {}",
                    d.error_count(),
                    path.display()
                ))
            })?)
        }
        None => None,
    };
    let lang = Lang::parse(&header.lang).unwrap_or(Lang::Zh);
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
    .map_err(DrillError::Input)?;
    Ok(Prepared {
        engine,
        header: header.clone(),
        original,
    })
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

/// Prepares a new or resumed drill without starting the terminal (the CLI and tests).
pub fn prepare(options: &DrillOptions) -> Result<(Prepared, PathBuf), DrillError> {
    if let Some(path) = &options.resume {
        let (mut header, entries) =
            journal::read(path).map_err(|e| DrillError::Input(e.to_string()))?;
        if let Some(lang) = options.lang {
            header.lang = lang.code().into();
        }
        let mut prepared = engine_for(&header, Some(path), None)?;
        let until = entries.iter().map(|e| e.t).max().unwrap_or(0);
        prepared
            .engine
            .replay(&entries, until)
            .map_err(|e| DrillError::Input(format!("{}: {e}", path.display())))?;
        prepared.engine.attach_journal(Journal::append(path)?);
        return Ok((prepared, path.clone()));
    }
    let scenario = options
        .scenario
        .as_ref()
        .ok_or_else(|| DrillError::Input("error: give a SCENARIO, or --resume JOURNAL".into()))?;
    let lang = options.lang.unwrap_or(Lang::Zh);
    let header = journal::header(
        scenario,
        options.plan.as_deref(),
        options.seed,
        &options.role,
        lang.code(),
        options.exercise.as_deref(),
    );
    // Check everything before creating the journal.
    let mut prepared = engine_for(&header, None, None)?;
    let path = options
        .journal
        .clone()
        .unwrap_or_else(|| default_journal(scenario, &options.role));
    let journal = Journal::create(&path, &header).map_err(|e| {
        if e.kind() == io::ErrorKind::AlreadyExists {
            DrillError::Input(format!(
                "error: journal {} already exists; continue it with `drillsim drill --resume {}` or choose another --journal",
                path.display(),
                path.display()
            ))
        } else {
            DrillError::Io(e)
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

/// Writes the AAR: to `report` (by its extension, `.md` or `.html`), or both beside the journal.
pub fn write_reports(
    prepared: &mut Prepared,
    journal: &Path,
    report: Option<&Path>,
) -> Result<Vec<PathBuf>, DrillError> {
    let built = aar::build(
        &mut prepared.engine,
        &prepared.header,
        &prepared.original,
        &journal.display().to_string(),
    );
    let mut written = Vec::new();
    let mut write = |path: &Path, html: bool| -> Result<(), DrillError> {
        let text = if html {
            aar::html(&built)
        } else {
            aar::markdown(&built)
        };
        std::fs::write(path, text).map_err(|e| {
            DrillError::Input(format!("error: cannot write {}: {e}", path.display()))
        })?;
        written.push(path.to_path_buf());
        Ok(())
    };
    match report {
        Some(path) => {
            let html = path.extension().is_some_and(|e| e == "html" || e == "htm");
            write(path, html)?;
        }
        None => {
            let (md, html) = default_reports(journal);
            write(&md, false)?;
            write(&html, true)?;
        }
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
    let Prepared {
        engine,
        header,
        original,
    } = prepared;
    let engine = ui::term::run(engine, ui::no_color_from_env())?;
    prepared = Prepared {
        engine,
        header,
        original,
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
pub fn replay(journal_path: &Path, report: Option<&Path>) -> Result<String, DrillError> {
    let (header, entries) =
        journal::read(journal_path).map_err(|e| DrillError::Input(format!("error: {e}")))?;
    let mut prepared = engine_for(&header, Some(journal_path), None)?;
    let until = entries.iter().map(|e| e.t).max().unwrap_or(0);
    prepared
        .engine
        .replay(&entries, until)
        .map_err(|e| DrillError::Input(format!("error: {}: {e}", journal_path.display())))?;
    let written = write_reports(&mut prepared, journal_path, report)?;
    let mut out = format!(
        "{MARKER} replayed {} to T+{} ({} journal entries)\n",
        journal_path.display(),
        engine::clock(prepared.engine.now()),
        entries.len()
    );
    for path in written {
        out.push_str(&format!("after-action report: {}\n", path.display()));
    }
    Ok(out)
}
