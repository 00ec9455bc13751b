//! Writing a shard file, sealed, under a temporary name until it is whole.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::format::{Bounds, FORMAT, Header, ShardId, hex};
use crate::eval::summary::{BatchHeader, CurveSums};
use crate::files::AtomicFile;
use crate::sim::Kpis;

/// Writes a shard file as the replicates come, under a temporary name: the file appears under
/// its own name only when [`ShardWriter::finish`] has written the closing line and the seal.
pub struct ShardWriter {
    out: BufWriter<AtomicFile>,
    digest: Sha256,
    path: PathBuf,
}

impl ShardWriter {
    pub fn create(
        dir: &Path,
        batch: &BatchHeader,
        bounds: Bounds,
        shard: ShardId,
    ) -> io::Result<ShardWriter> {
        std::fs::create_dir_all(dir)?;
        let path = shard.path_in(dir);
        let mut writer = ShardWriter {
            out: BufWriter::new(AtomicFile::create(&path)?),
            digest: Sha256::new(),
            path,
        };
        writer.line(&Header {
            format: FORMAT.to_string(),
            batch: batch.clone(),
            bounds,
            shard,
        })?;
        Ok(writer)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes one sealed line.
    fn line(&mut self, value: &impl Serialize) -> io::Result<()> {
        let mut bytes = serde_json::to_vec(value)?;
        bytes.push(b'\n');
        self.digest.update(&bytes);
        self.out.write_all(&bytes)
    }

    pub fn write_row(&mut self, replicate: u64, result: &Result<Kpis, String>) -> io::Result<()> {
        let line = match result {
            Ok(kpis) => serde_json::json!({"replicate": replicate, "kpis": kpis}),
            Err(message) => serde_json::json!({"replicate": replicate, "error": message}),
        };
        self.line(&line)
    }

    /// Writes the closing line and the seal, and puts the file in place.
    pub fn finish(mut self, curves: &CurveSums) -> io::Result<PathBuf> {
        self.line(&serde_json::json!({ "curves": curves }))?;
        let seal = hex(&self.digest.clone().finalize());
        let mut bytes = serde_json::to_vec(&serde_json::json!({ "sha256": seal }))?;
        bytes.push(b'\n');
        self.out.write_all(&bytes)?;
        let file = self.out.into_inner().map_err(|e| e.into_error())?;
        file.commit()?;
        Ok(self.path)
    }
}
