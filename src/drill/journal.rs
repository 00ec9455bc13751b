//! The drill journal: JSON Lines, one header then one entry per input, each written, flushed and
//! synced before the engine acts on it, so killing the process loses nothing.
//!
//! ```text
//! {"journal":"drillsim-drill","marker":"【演练】EXERCISE","version":"0.1.0","scenario":"scenarios/small-town.ron","plan":null,"seed":1,"role":"controller","lang":"zh","exercise":null}
//! {"t":12,"kind":"order","text":"dispatch fire-county to v1","by":"controller"}
//! {"t":30,"kind":"speed","speed":60}
//! {"t":45,"kind":"inject","id":"X01","to":"county-commander","text":"…"}
//! ```
//!
//! Entries carry the simulated minute at which the engine applied them, always at a tick
//! boundary. Inputs (`order`, `inject`, `cancel`, `retime`) are replayed; `delivered`, `missed`
//! and `met` record what the exercise script did and are only read by reports; `rating` and
//! `note` are the evaluators'; `speed`, `pause` and `clock` record the controller's hand on the
//! clock (a `clock` entry marks how far the drill got, for `--resume`).

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The first line of a journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Always `drillsim-drill`.
    pub journal: String,
    /// Always `【演练】EXERCISE`.
    pub marker: String,
    pub version: String,
    pub scenario: String,
    pub plan: Option<String>,
    pub seed: u64,
    pub role: String,
    pub lang: String,
    pub exercise: Option<String>,
}

/// One journal entry after the header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Simulated minute.
    pub t: u32,
    #[serde(flatten)]
    pub kind: EntryKind,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EntryKind {
    /// An order in the command-chain grammar, given by `by` (a role).
    Order { text: String, by: String },
    /// An ad-hoc inject written by the controller.
    Inject {
        id: String,
        to: String,
        text: String,
    },
    /// A scripted inject was delivered.
    Delivered { id: String, to: String },
    /// An expected action was met.
    Met {
        id: String,
        action: String,
        by_order: String,
    },
    /// An expected action was missed.
    Missed { id: String, action: String },
    /// An inject was cancelled.
    Cancel { id: String },
    /// An inject was re-timed to minute `at`.
    Retime { id: String, at: u32 },
    /// Clock speed (simulated minutes per wall minute).
    Speed { speed: u32 },
    /// The clock was paused or resumed.
    Pause { paused: bool },
    /// An evaluator's rating of an objective: P, S, M or U.
    Rating {
        objective: String,
        rating: String,
        note: String,
    },
    /// An evaluator's observation.
    Note { text: String },
    /// How far the drill has run.
    Clock,
    /// The drill was closed.
    End,
}

impl EntryKind {
    /// Whether replay must apply this entry to reproduce the run.
    pub fn is_input(&self) -> bool {
        matches!(
            self,
            EntryKind::Order { .. }
                | EntryKind::Inject { .. }
                | EntryKind::Cancel { .. }
                | EntryKind::Retime { .. }
        )
    }
}

/// An open journal, appending.
pub struct Journal {
    file: File,
    path: PathBuf,
}

/// Why a journal could not be read.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: io::Error },
    #[error("{path}:{line}: {message}")]
    Bad {
        path: String,
        line: usize,
        message: String,
    },
}

impl Journal {
    /// Creates a new journal at `path` and writes its header; refuses to overwrite one.
    pub fn create(path: &Path, header: &Header) -> io::Result<Journal> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let file = OpenOptions::new().write(true).create_new(true).open(path)?;
        let mut journal = Journal {
            file,
            path: path.to_path_buf(),
        };
        journal.write_line(&serde_json::to_string(header).map_err(io::Error::other)?)?;
        Ok(journal)
    }

    /// Opens an existing journal to append to it (`--resume`), first cutting off a last line
    /// torn by a crash (it was never acted on).
    pub fn append(path: &Path) -> io::Result<Journal> {
        let bytes = std::fs::read(path)?;
        if !bytes.is_empty() && !bytes.ends_with(b"\n") {
            let keep = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            OpenOptions::new()
                .write(true)
                .open(path)?
                .set_len(keep as u64)?;
        }
        let file = OpenOptions::new().append(true).open(path)?;
        Ok(Journal {
            file,
            path: path.to_path_buf(),
        })
    }

    /// The journal's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one entry, flushed and synced to disk before returning.
    pub fn write(&mut self, entry: &Entry) -> io::Result<()> {
        let line = serde_json::to_string(entry).map_err(io::Error::other)?;
        self.write_line(&line)
    }

    fn write_line(&mut self, line: &str) -> io::Result<()> {
        let mut bytes = Vec::with_capacity(line.len() + 1);
        bytes.extend_from_slice(line.as_bytes());
        bytes.push(b'\n');
        self.file.write_all(&bytes)?;
        self.file.flush()?;
        self.file.sync_data()
    }
}

/// Reads a journal: its header and every complete entry. A last line cut short by a crash is
/// ignored (it was never acted on: the engine acts only after the write returns).
pub fn read(path: &Path) -> Result<(Header, Vec<Entry>), JournalError> {
    let shown = path.display().to_string();
    let file = File::open(path).map_err(|source| JournalError::Io {
        path: shown.clone(),
        source,
    })?;
    let mut lines = Vec::new();
    for line in BufReader::new(file).lines() {
        lines.push(line.map_err(|source| JournalError::Io {
            path: shown.clone(),
            source,
        })?);
    }
    let bad = |line: usize, message: String| JournalError::Bad {
        path: shown.clone(),
        line,
        message,
    };
    let first = lines
        .first()
        .ok_or_else(|| bad(1, "empty journal".into()))?;
    let header: Header = serde_json::from_str(first)
        .map_err(|e| bad(1, format!("not a drillsim journal header: {e}")))?;
    if header.journal != "drillsim-drill" {
        return Err(bad(1, "not a drillsim drill journal".into()));
    }
    let mut entries = Vec::new();
    let last = lines.len();
    for (i, line) in lines.iter().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Entry>(line) {
            Ok(entry) => entries.push(entry),
            Err(_) if i + 1 == last => {} // torn last line
            Err(e) => return Err(bad(i + 1, e.to_string())),
        }
    }
    Ok((header, entries))
}

/// The header a new drill writes.
pub fn header(
    scenario: &Path,
    plan: Option<&Path>,
    seed: u64,
    role: &str,
    lang: &str,
    exercise: Option<&Path>,
) -> Header {
    // Absolute paths, so the journal replays from any folder on this machine; `resolve` still
    // tries the journal's own folder when a journal has moved.
    let absolute = |p: &Path| {
        std::fs::canonicalize(p)
            .unwrap_or_else(|_| p.to_path_buf())
            .display()
            .to_string()
    };
    Header {
        journal: "drillsim-drill".into(),
        marker: super::MARKER.into(),
        version: env!("CARGO_PKG_VERSION").into(),
        scenario: absolute(scenario),
        plan: plan.map(absolute),
        seed,
        role: role.into(),
        lang: lang.into(),
        exercise: exercise.map(absolute),
    }
}
