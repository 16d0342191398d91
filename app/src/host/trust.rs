//! Why a pack may not be used, or could not be approved.

use super::hash::{hex, FileHash};
use crate::common::atomic::WriteError;
use crate::common::input::InputError;
use crate::common::shell::shell_word;
use std::io;
use std::path::{Path, PathBuf};

/// Name of the lock file in a pack directory.
pub const LOCK_FILE: &str = "packs.lock";

/// `<dir>/packs.lock`.
pub fn lock_path(dir: &Path) -> PathBuf {
    dir.join(LOCK_FILE)
}

/// Why a pack may not be used, or could not be approved. Every message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum TrustError {
    #[error("{}", not_trusted_message(.file, .id.as_deref(), .hash, .lock))]
    NotTrusted {
        file: PathBuf,
        /// The pack the lock approved under this file name, when it names one: the library
        /// changed since it was approved.
        id: Option<String>,
        hash: FileHash,
        /// The lock that does not list the hash.
        lock: PathBuf,
    },
    #[error("{path}: {problem}, so whoever can change it chooses the code ftzroute runs; fix: `{fix}` (or load packs from here anyway, with a warning, in pack-author mode: `--dev`)", path = .path.display())]
    Permissions {
        path: PathBuf,
        problem: String,
        fix: String,
    },
    #[error("{0}; correct the lock (or remove the entry and approve the pack again with `ftzroute pack trust LIBRARY`); to load the packs anyway, with a warning, use pack-author mode: `--dev`")]
    Lock(#[from] InputError),
    #[error("{0}; only a library that loads as a pack can be trusted: fix it, build it again, then run `ftzroute pack trust` again")]
    Load(String),
    #[error("cannot read {path}: {source}", path = .path.display())]
    Io { path: PathBuf, source: io::Error },
    /// The lock could not be written; the message names the file and the step.
    #[error(transparent)]
    Write(#[from] WriteError),
}

fn not_trusted_message(file: &Path, id: Option<&str>, hash: &FileHash, lock: &Path) -> String {
    let why = match id {
        Some(id) => format!(
            "this build of pack `{id}` is not trusted: its SHA-256 {} is not the one approved in {} (the library changed since it was approved)",
            hex(hash),
            lock.display()
        ),
        None => format!(
            "pack library not trusted: its SHA-256 {} is not approved in {}",
            hex(hash),
            lock.display()
        ),
    };
    format!(
        "{}: {why}; if you trust it, run `ftzroute pack trust {}`, or load it anyway, with a warning, in pack-author mode: `--dev`",
        file.display(),
        shell_word(file)
    )
}
