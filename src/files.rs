//! Reading and writing files safely: the one place drillsim touches a path a person gave it.
//!
//! Every input drillsim reads — scenario parts, plans, orders, exercises, journals, shards — goes
//! through [`read_capped`] or [`open_regular`]: only regular files are read (a FIFO would block
//! for ever, `/dev/zero` never ends), and no more than a cap is read whatever the file's size
//! claims to be. Every output goes through [`AtomicFile`]: it is written beside its final name
//! and renamed into place only when complete, so an interrupted command never leaves a file that
//! looks finished. [`refuse_overlap`] keeps an output from overwriting an input.
//!
//! ```no_run
//! use std::io::Write;
//! let text = drillsim::files::read_capped(std::path::Path::new("scenarios/small-town.ron"), 1 << 20)?;
//! let mut out = drillsim::files::AtomicFile::create(std::path::Path::new("out.csv"))?;
//! out.write_all(&text)?;
//! out.commit()?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be looked at or opened.
    #[error("cannot read: {0}")]
    Io(#[from] io::Error),
    /// Not a regular file: a directory, a device, a FIFO or a socket.
    #[error("is {0}, not a regular file; drillsim reads only regular files")]
    NotRegular(&'static str),
    /// Larger than the cap.
    #[error("is larger than {max} bytes, the most drillsim reads from one file")]
    TooLarge { max: u64 },
}

/// What kind of thing a non-regular path is, in words.
fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

/// Opens `path` for reading if, and only if, it is a regular file (links are followed).
///
/// The type is checked before opening, so a FIFO is refused rather than waited on, and again on
/// the open handle, so a path swapped between the two checks is refused too.
pub fn open_regular(path: &Path) -> Result<File, ReadError> {
    let before = std::fs::metadata(path)?;
    if !before.is_file() {
        return Err(ReadError::NotRegular(kind_of(before.file_type())));
    }
    let file = File::open(path)?;
    let after = file.metadata()?;
    if !after.is_file() {
        return Err(ReadError::NotRegular(kind_of(after.file_type())));
    }
    Ok(file)
}

/// Reads a whole regular file, refusing it once more than `max` bytes have been read (the size
/// the file system reports is not trusted: `/proc` files report 0).
pub fn read_capped(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_regular(path)?;
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge { max });
    }
    Ok(bytes)
}

/// Why an output path was refused before any work started.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The output is one of the command's inputs.
    #[error("{output} is also an input of this command ({input}); write the output elsewhere")]
    IsInput { output: String, input: String },
    /// Two outputs of one command name the same file.
    #[error("{0} is named for two outputs; give each output its own file")]
    Twice(String),
    /// The output's folder does not exist or is not a folder.
    #[error("{output}: cannot write there: {reason}")]
    Unwritable { output: String, reason: String },
}

/// The identity of an existing file (device and inode on Unix), so two spellings of one path —
/// `a.ron`, `./a.ron`, a symbolic link — are recognised as the same file.
fn identity(path: &Path) -> Option<(u64, u64)> {
    let metadata = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((metadata.dev(), metadata.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        None
    }
}

/// `path` made absolute and cleaned of `.` parts, for comparing paths that do not exist yet.
fn normalised(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|dir| dir.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut clean = PathBuf::new();
    for part in absolute.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    clean
}

/// True when `a` and `b` name the same file (existing or not).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (identity(a), identity(b)) {
        (Some(x), Some(y)) => x == y,
        _ => normalised(a) == normalised(b),
    }
}

/// Checks a command's outputs before it does any work: no output is one of its `inputs`, no two
/// outputs are the same file, and each output's folder exists. Call it first, so a bad path is
/// reported before a long batch rather than after.
pub fn refuse_overlap(outputs: &[&Path], inputs: &[&Path]) -> Result<(), OutputError> {
    for (index, output) in outputs.iter().enumerate() {
        if let Some(input) = inputs.iter().find(|input| same_file(output, input)) {
            return Err(OutputError::IsInput {
                output: output.display().to_string(),
                input: input.display().to_string(),
            });
        }
        if outputs[..index]
            .iter()
            .any(|other| same_file(output, other))
        {
            return Err(OutputError::Twice(output.display().to_string()));
        }
        let folder = match output.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        if !folder.is_dir() {
            return Err(OutputError::Unwritable {
                output: output.display().to_string(),
                reason: format!("the folder {} does not exist", folder.display()),
            });
        }
        if output.is_dir() {
            return Err(OutputError::Unwritable {
                output: output.display().to_string(),
                reason: "it is a directory".into(),
            });
        }
    }
    Ok(())
}

/// An output file written under a temporary name beside its destination and renamed into place
/// by [`AtomicFile::commit`]. Dropped without a commit (an error, Ctrl-C), it removes the
/// temporary file and leaves whatever was at the destination untouched.
///
/// A destination that is a symbolic link is written through: the temporary file goes beside the
/// file the link names, and replaces that file, leaving the link as it was. A destination that
/// is not a regular file — a named pipe, a terminal, `/dev/null` — or any existing path under
/// `/dev` or `/proc` (`/dev/stdout`, `/dev/fd/3`: something already open) is written directly,
/// since it cannot be replaced (and must not be: renaming over `/dev/stdout` would replace the
/// name itself).
#[derive(Debug)]
pub struct AtomicFile {
    destination: PathBuf,
    /// Where the file is renamed to: `destination`, or the file its link names.
    target: PathBuf,
    /// The temporary file; `None` when writing straight into a stream.
    temporary: Option<PathBuf>,
    file: Option<File>,
}

impl AtomicFile {
    /// Creates the temporary file `.NAME.partial-PID` beside `destination` (or beside the file
    /// it links to), or opens `destination` itself when it is a stream.
    pub fn create(destination: &Path) -> io::Result<AtomicFile> {
        let is_link = std::fs::symlink_metadata(destination)
            .is_ok_and(|metadata| metadata.file_type().is_symlink());
        // A dangling link is replaced like a missing file.
        let target = if is_link {
            std::fs::canonicalize(destination).unwrap_or_else(|_| destination.to_path_buf())
        } else {
            destination.to_path_buf()
        };
        let already_open = destination.starts_with("/dev") || destination.starts_with("/proc");
        if let Ok(metadata) = std::fs::metadata(&target)
            && ((!metadata.is_file() && !metadata.is_dir()) || already_open)
        {
            let file = OpenOptions::new().write(true).open(&target)?;
            return Ok(AtomicFile {
                destination: destination.to_path_buf(),
                target,
                temporary: None,
                file: Some(file),
            });
        }
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        let temporary = target.with_file_name(format!(".{name}.partial-{}", std::process::id()));
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&temporary)?;
        Ok(AtomicFile {
            destination: destination.to_path_buf(),
            target,
            temporary: Some(temporary),
            file: Some(file),
        })
    }

    /// The final path.
    pub fn destination(&self) -> &Path {
        &self.destination
    }

    /// Flushes, syncs and renames the file into place (a stream is only flushed).
    pub fn commit(mut self) -> io::Result<()> {
        let mut file = self.file.take().expect("an AtomicFile is committed once");
        let Some(temporary) = self.temporary.take() else {
            return file.flush();
        };
        let renamed = file
            .sync_all()
            .and_then(|_| std::fs::rename(&temporary, &self.target));
        if renamed.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        renamed
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.as_mut().expect("not committed").write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.as_mut().expect("not committed").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some()
            && let Some(temporary) = &self.temporary
        {
            let _ = std::fs::remove_file(temporary);
        }
    }
}

/// Writes `bytes` to `destination` atomically (see [`AtomicFile`]).
pub fn write_atomic(destination: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = AtomicFile::create(destination)?;
    file.write_all(bytes)?;
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("drillsim-files-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// Temporary `.NAME.partial-PID` files left in `dir`.
    fn partial_files(dir: &Path) -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains("partial"))
            .map(|e| e.path())
            .collect()
    }

    #[test]
    fn special_files_are_refused_without_reading_them() {
        assert!(matches!(
            read_capped(Path::new("/dev/zero"), 1024),
            Err(ReadError::NotRegular("a device"))
        ));
        assert!(matches!(
            read_capped(Path::new("/"), 1024),
            Err(ReadError::NotRegular("a directory"))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_rather_than_waited_on() {
        let dir = scratch("fifo");
        let fifo = dir.join("pipe.ron");
        let _ = std::fs::remove_file(&fifo);
        let status = std::process::Command::new("mkfifo").arg(&fifo).status();
        if status.map(|s| s.success()).unwrap_or(false) {
            assert!(matches!(
                read_capped(&fifo, 1024),
                Err(ReadError::NotRegular("a named pipe (FIFO)"))
            ));
        }
    }

    #[test]
    fn the_cap_counts_bytes_read_not_the_size_reported() {
        let dir = scratch("cap");
        let path = dir.join("big.ron");
        std::fs::write(&path, vec![b'x'; 100]).unwrap();
        assert_eq!(read_capped(&path, 100).unwrap().len(), 100);
        assert!(matches!(
            read_capped(&path, 99),
            Err(ReadError::TooLarge { max: 99 })
        ));
    }

    #[test]
    fn an_output_that_is_an_input_is_refused_under_any_spelling() {
        let dir = scratch("overlap");
        let input = dir.join("s.ron");
        std::fs::write(&input, "x").unwrap();
        let other_spelling = dir.join(".").join("s.ron");
        assert!(matches!(
            refuse_overlap(&[&other_spelling], &[&input]),
            Err(OutputError::IsInput { .. })
        ));
        let fresh = dir.join("out.csv");
        assert!(refuse_overlap(&[&fresh], &[&input]).is_ok());
        assert!(matches!(
            refuse_overlap(&[&fresh, &fresh], &[&input]),
            Err(OutputError::Twice(_))
        ));
        assert!(matches!(
            refuse_overlap(&[&dir.join("missing/out.csv")], &[]),
            Err(OutputError::Unwritable { .. })
        ));
    }

    #[test]
    fn an_uncommitted_output_leaves_the_destination_untouched() {
        let dir = scratch("atomic");
        let destination = dir.join("out.csv");
        std::fs::write(&destination, "old").unwrap();
        {
            let mut file = AtomicFile::create(&destination).unwrap();
            file.write_all(b"half a").unwrap();
        }
        assert_eq!(std::fs::read_to_string(&destination).unwrap(), "old");
        assert!(partial_files(&dir).is_empty());
        write_atomic(&destination, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&destination).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn links_are_written_through_and_streams_written_directly() {
        let dir = scratch("links");
        let real = dir.join("run-7.csv");
        let link = dir.join("latest.csv");
        let _ = std::fs::remove_file(&link);
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink(),
            "the link is kept"
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        // A named pipe is written directly, never renamed over (which would replace it).
        let fifo = dir.join("pipe.csv");
        let _ = std::fs::remove_file(&fifo);
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.map(|s| s.success()).unwrap_or(false) {
            let reader = {
                let fifo = fifo.clone();
                std::thread::spawn(move || std::fs::read(fifo).unwrap())
            };
            write_atomic(&fifo, b"streamed").unwrap();
            assert_eq!(reader.join().unwrap(), b"streamed");
            use std::os::unix::fs::FileTypeExt;
            assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
            assert!(partial_files(&dir).is_empty());
        }
    }
}
