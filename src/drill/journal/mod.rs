//! The drill journal: JSON Lines, one header then one entry per input, each written, flushed and
//! synced *before* the engine acts on it (write-ahead), so killing the process loses nothing and
//! a write that fails means the input never happened.
//!
//! ```text
//! {"journal":"drillsim-drill","format":3,"marker":"【演练】EXERCISE","version":"0.1.0","scenario":"/…/small-town.ron","plan":null,"seed":1,"role":"controller","lang":"zh","exercise":null,"scenario_sha256":"9c1e…","exercise_sha256":null,"chain":"5d0a…"}
//! {"t":12,"kind":"order","text":"dispatch fire-county to v1","by":"controller","chain":"e3b7…"}
//! {"t":30,"kind":"speed","speed":60,"chain":"41f2…"}
//! {"t":45,"kind":"inject","id":"X01","to":"county-commander","text":"…","chain":"07aa…"}
//! ```
//!
//! Entries carry the simulated minute at which the engine applied them, always at a tick
//! boundary. Inputs (`order`, `inject`, `cancel`, `retime`) are replayed; `delivered`, `missed`,
//! `met` and `refused` record what the exercise script and the simulation did and are only read
//! by reports; `rating` and `note` are the evaluators'; `speed`, `pause` and `clock` record the
//! controller's hand on the clock (a `clock` entry marks how far the drill got, for `--resume`).
//!
//! **Sealing** (format 2 and later): the header carries SHA-256 fingerprints of the scenario
//! and exercise, and every line ends with `"chain"`: the SHA-256 of the previous line's
//! chain and this line's text before the chain (the header's chain is the SHA-256 of its own
//! text). An edited, reordered or removed line no longer chains. There is no secret key: the
//! chain shows that a journal was changed by accident or by someone who did not recompute it; it
//! cannot stop someone who does.
//!
//! **Fingerprints** (format 3): of what the files say — the scenario, each file it includes in
//! the order they were read, and the plan; the exercise file — without comments or layout (see
//! [`files_fingerprint`]). They do not depend on how drillsim holds a scenario in memory, so a
//! new drillsim that reads the same files verifies an old journal. Format 2 fingerprinted the
//! validated scenario's in-memory form, which this drillsim cannot reproduce: such a journal's
//! chain is still checked, its fingerprints are reported as unverifiable.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The journal format this drillsim writes: 3 is sealed with fingerprints of the files read;
/// 2 was sealed with fingerprints of the scenario as held in memory; 1 (no `format` field) was
/// written before journals were sealed.
pub const FORMAT: u32 = 3;

/// Largest journal drillsim reads: far above any drill (a 72-hour drill writes a few hundred
/// kilobytes).
pub const MAX_JOURNAL_BYTES: u64 = 64 * 1024 * 1024;

/// `,"chain":"` + 64 hex digits + `"}`: how every sealed line ends.
const CHAIN_KEY: &str = ",\"chain\":\"";
const CHAIN_SUFFIX_LEN: usize = CHAIN_KEY.len() + 64 + 2;

fn format_1() -> u32 {
    1
}

/// The first line of a journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Always `drillsim-drill`.
    pub journal: String,
    /// [`FORMAT`] when written by this drillsim; 1 when absent (an unsealed journal).
    #[serde(default = "format_1")]
    pub format: u32,
    /// Always `【演练】EXERCISE`.
    pub marker: String,
    pub version: String,
    pub scenario: String,
    pub plan: Option<String>,
    pub seed: u64,
    pub role: String,
    pub lang: String,
    pub exercise: Option<String>,
    /// SHA-256 of the scenario's files as read: the scenario, every file it includes and the
    /// plan ([`files_fingerprint`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario_sha256: Option<String>,
    /// SHA-256 of the exercise file as read ([`files_fingerprint`]); absent without an exercise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exercise_sha256: Option<String>,
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
    /// An order was refused at run time: `by` is who gave it (`exercise I03` for an inject's
    /// order; empty when the simulation refused it as it reached the team).
    Refused {
        order: String,
        by: String,
        reason: String,
    },
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

/// SHA-256 of `bytes`, in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub use super::fingerprint::files_fingerprint;

mod read;
pub use read::read;

/// The chain value of a line whose text (without its chain) is `text`, after the line whose
/// chain value is `previous` (`None` for the header).
pub fn chain_of(previous: Option<&str>, text: &str) -> String {
    match previous {
        None => sha256_hex(text.as_bytes()),
        Some(previous) => sha256_hex(format!("{previous}\n{text}").as_bytes()),
    }
}

/// Seals one line's text (a JSON object, without a chain) after the line whose chain value is
/// `previous` (`None` for the header): the line as written, without its newline, and its chain.
pub fn seal(previous: Option<&str>, text: &str) -> (String, String) {
    let chain = chain_of(previous, text);
    (sealed(text, &chain), chain)
}

/// `text` (a JSON object) sealed with `chain`: `{…,"chain":"HEX"}`.
fn sealed(text: &str, chain: &str) -> String {
    let body = text.strip_suffix('}').unwrap_or(text);
    format!("{body}{CHAIN_KEY}{chain}\"}}")
}

/// Splits a sealed line into its text without the chain and the chain value.
fn unseal(line: &str) -> Option<(String, &str)> {
    let start = line.len().checked_sub(CHAIN_SUFFIX_LEN)?;
    let suffix = line.get(start..)?;
    let chain = suffix.strip_prefix(CHAIN_KEY)?.strip_suffix("\"}")?;
    if !chain
        .bytes()
        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    {
        return None;
    }
    Some((format!("{}}}", &line[..start]), chain))
}

/// An open journal, appending.
pub struct Journal {
    file: File,
    path: PathBuf,
    /// The chain value of the last line on disk.
    chain: String,
    /// Bytes on disk that are whole lines (a failed write is cut back to this).
    len: u64,
    /// Set when a failed write could not be cut back: the journal takes nothing more.
    broken: Option<String>,
}

/// Why a journal could not be read.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: crate::files::ReadError,
    },
    #[error("{path}:{line}: {message}")]
    Bad {
        path: String,
        line: usize,
        message: String,
    },
}

/// A journal as read: its header, entries (with their line numbers), and what did not verify.
#[derive(Debug, Clone)]
pub struct Read {
    pub header: Header,
    pub entries: Vec<Entry>,
    /// The line number of each entry.
    pub lines: Vec<usize>,
    /// The line number of a last line cut short by a crash (no newline at the end); it is left
    /// out of `entries` (it was never acted on) and cut off by `--resume`.
    pub torn: Option<usize>,
    /// Lines whose chain does not follow from the line before: changed, reordered or removed.
    pub broken_chain: Vec<usize>,
    /// The chain value of the last whole line.
    chain: String,
    /// Bytes of whole lines.
    whole_len: u64,
    /// Bytes read.
    total_len: u64,
}

/// Syncs a directory, so a file created in it survives a crash.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

impl Journal {
    /// Creates a new journal at `path` and writes its header; refuses to overwrite one. The
    /// header is on disk, and the journal's directory entry too, when this returns.
    pub fn create(path: &Path, header: &Header) -> io::Result<Journal> {
        let parent = path.parent().unwrap_or(Path::new(""));
        // The folders this creates, outermost first: each is synced into its own parent.
        let mut created = Vec::new();
        let mut missing = parent;
        while !missing.as_os_str().is_empty() && !missing.exists() {
            created.push(missing.to_path_buf());
            missing = missing.parent().unwrap_or(Path::new(""));
        }
        if !created.is_empty() {
            std::fs::create_dir_all(parent)?;
        }
        // Append mode: after a failed write is cut back, the next line goes at the new end.
        let file = OpenOptions::new()
            .append(true)
            .create_new(true)
            .open(path)?;
        let mut journal = Journal {
            file,
            path: path.to_path_buf(),
            chain: String::new(),
            len: 0,
            broken: None,
        };
        let text = serde_json::to_string(header).map_err(io::Error::other)?;
        let written = journal.write_text(&text).and_then(|_| {
            for dir in created.iter().rev() {
                sync_dir(dir.parent().unwrap_or(Path::new("")))?;
            }
            sync_dir(parent)
        });
        if let Err(e) = written {
            drop(journal);
            let _ = std::fs::remove_file(path);
            return Err(e);
        }
        Ok(journal)
    }

    /// Opens a journal that was [`read`] to append to it (`--resume`), first cutting off a last
    /// line torn by a crash (it was never acted on). Refuses if the file changed since it was read.
    pub fn append(path: &Path, read: &Read) -> io::Result<Journal> {
        let file = OpenOptions::new().append(true).open(path)?;
        let on_disk = file.metadata()?.len();
        if on_disk != read.total_len {
            return Err(io::Error::other(format!(
                "{} changed while it was being read ({on_disk} bytes now, {} read)",
                path.display(),
                read.total_len
            )));
        }
        if on_disk > read.whole_len {
            file.set_len(read.whole_len)?;
            file.sync_data()?;
        }
        Ok(Journal {
            file,
            path: path.to_path_buf(),
            chain: read.chain.clone(),
            len: read.whole_len,
            broken: None,
        })
    }

    /// A journal writing to an already open file (tests: `/dev/full`, where every write fails).
    #[cfg(test)]
    pub(crate) fn on_file(file: File, path: &Path) -> Journal {
        Journal {
            file,
            path: path.to_path_buf(),
            chain: String::new(),
            len: 0,
            broken: None,
        }
    }

    /// The journal's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one entry, flushed and synced to disk before returning. On an error nothing of
    /// the entry is left in the file.
    pub fn write(&mut self, entry: &Entry) -> io::Result<()> {
        let text = serde_json::to_string(entry).map_err(io::Error::other)?;
        self.write_text(&text)
    }

    fn write_text(&mut self, text: &str) -> io::Result<()> {
        if let Some(why) = &self.broken {
            return Err(io::Error::other(why.clone()));
        }
        let previous = (!self.chain.is_empty()).then_some(self.chain.as_str());
        let (line, chain) = seal(previous, text);
        let mut line = line.into_bytes();
        line.push(b'\n');
        let result = self
            .file
            .write_all(&line)
            .and_then(|_| self.file.flush())
            .and_then(|_| self.file.sync_data());
        match result {
            Ok(()) => {
                self.len += line.len() as u64;
                self.chain = chain;
                Ok(())
            }
            Err(e) => {
                // Cut back whatever part of the line reached the file, so the journal still
                // ends with a whole line and the next entry chains from the last one written.
                let cut = self
                    .file
                    .set_len(self.len)
                    .and_then(|_| self.file.sync_data());
                if let Err(cut) = cut {
                    self.broken = Some(format!(
                        "the journal could not be cut back after a failed write ({cut}); it takes nothing more"
                    ));
                }
                Err(e)
            }
        }
    }
}

/// The header a new drill writes (fingerprints are filled in once the scenario is loaded).
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
        format: FORMAT,
        marker: super::MARKER.into(),
        version: env!("CARGO_PKG_VERSION").into(),
        scenario: absolute(scenario),
        plan: plan.map(absolute),
        seed,
        role: role.into(),
        lang: lang.into(),
        exercise: exercise.map(absolute),
        scenario_sha256: None,
        exercise_sha256: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_line_unseals_to_its_text_and_chain() {
        let text = r#"{"t":1,"kind":"clock"}"#;
        let chain = chain_of(Some("ab"), text);
        let line = sealed(text, &chain);
        assert_eq!(unseal(&line), Some((text.to_string(), chain.as_str())));
        assert_eq!(unseal(text), None);
    }
}
