//! Why a pack file could not be used or a call to it failed.

use crate::core::pack::{FaultKind, PackFault};
use ftzroute_plugin_api::abi::status;
use std::path::{Path, PathBuf};

/// Largest document a pack may write for one call; more is a fault, not a crash.
pub const MAX_OUTPUT_BYTES: usize = 16 * 1024 * 1024;

/// Why a pack file could not be used. Each variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("{file}: cannot copy the pack to its shadow path {shadow}: {source}")]
    Shadow {
        file: PathBuf,
        shadow: PathBuf,
        source: std::io::Error,
    },
    #[error("{file}: not a loadable library: {reason}")]
    Open { file: PathBuf, reason: String },
    #[error("{file}: missing symbol `{symbol}`: not an ftzroute pack, or built against another plugin API")]
    MissingSymbol { file: PathBuf, symbol: String },
    #[error("{file}: pack speaks ABI version {found}, this ftzroute speaks version {expected}; rebuild the pack against the matching plugin-api")]
    AbiVersion {
        file: PathBuf,
        found: u32,
        expected: u32,
    },
    #[error("{file}: function table is {found} bytes, at least {expected} are needed for ABI version {version}")]
    TableTooSmall {
        file: PathBuf,
        found: u32,
        expected: u32,
        version: u32,
    },
    #[error("{file}: `{entry}` returned status {code} ({}): {message}", status::name(*code))]
    Status {
        file: PathBuf,
        entry: &'static str,
        code: u32,
        message: String,
    },
    #[error("{file}: `{entry}` wrote more than {limit} bytes", limit = MAX_OUTPUT_BYTES)]
    OutputTooLarge { file: PathBuf, entry: &'static str },
    #[error("{file}: `{entry}` wrote an invalid document: {reason}")]
    BadDocument {
        file: PathBuf,
        entry: &'static str,
        reason: String,
    },
    #[error("{file}: pack id `{id}` is also claimed by {first}; neither decides until one of the two is removed")]
    DuplicateId {
        file: PathBuf,
        id: String,
        first: PathBuf,
    },
    #[error("{file}: {message}")]
    Untrusted { file: PathBuf, message: String },
    #[error("{file}: pack crashed: {how}")]
    Crashed { file: PathBuf, how: String },
    #[error("{file}: pack hung: no answer within {} s, its runner was ended", deadline.as_secs_f64())]
    Hung {
        file: PathBuf,
        deadline: std::time::Duration,
    },
    #[error("{file}: {message}")]
    Runner {
        file: PathBuf,
        kind: FaultKind,
        message: String,
    },
    #[error("cannot read pack directory {dir}: {source}")]
    Directory {
        dir: PathBuf,
        source: std::io::Error,
    },
}

impl PackError {
    /// The library file the error is about (none for an unreadable directory).
    pub fn file(&self) -> Option<&Path> {
        match self {
            PackError::Shadow { file, .. }
            | PackError::Open { file, .. }
            | PackError::MissingSymbol { file, .. }
            | PackError::AbiVersion { file, .. }
            | PackError::TableTooSmall { file, .. }
            | PackError::Status { file, .. }
            | PackError::OutputTooLarge { file, .. }
            | PackError::BadDocument { file, .. }
            | PackError::DuplicateId { file, .. }
            | PackError::Untrusted { file, .. }
            | PackError::Crashed { file, .. }
            | PackError::Hung { file, .. }
            | PackError::Runner { file, .. } => Some(file),
            PackError::Directory { .. } => None,
        }
    }

    /// What kind of fault this is, for reports and scripts.
    pub fn kind(&self) -> FaultKind {
        let at_load = |entry: &str| entry != "evaluate";
        match self {
            PackError::Shadow { .. }
            | PackError::Open { .. }
            | PackError::MissingSymbol { .. }
            | PackError::AbiVersion { .. }
            | PackError::TableTooSmall { .. }
            | PackError::Directory { .. } => FaultKind::NotLoaded,
            PackError::Status { entry, .. }
            | PackError::OutputTooLarge { entry, .. }
            | PackError::BadDocument { entry, .. }
                if at_load(entry) =>
            {
                FaultKind::NotLoaded
            }
            PackError::Status { code, .. } if *code == status::PANICKED => FaultKind::Crashed,
            PackError::Status { .. }
            | PackError::OutputTooLarge { .. }
            | PackError::BadDocument { .. } => FaultKind::InvalidOutput,
            PackError::DuplicateId { .. } | PackError::Untrusted { .. } => FaultKind::Refused,
            PackError::Crashed { .. } => FaultKind::Crashed,
            PackError::Hung { .. } => FaultKind::Hung,
            PackError::Runner { kind, .. } => *kind,
        }
    }

    /// The message without the file in front (the fault names the file once, separately).
    pub fn detail(&self) -> String {
        let text = self.to_string();
        match self.file() {
            Some(file) => text
                .strip_prefix(&format!("{}: ", file.display()))
                .map(str::to_owned)
                .unwrap_or(text),
            None => text,
        }
    }

    /// This error as the core sees a failed pack.
    pub fn fault(&self) -> PackFault {
        let files = match self {
            PackError::DuplicateId { file, first, .. } => vec![first.clone(), file.clone()],
            other => other.file().map(Path::to_path_buf).into_iter().collect(),
        };
        let pack = match self {
            PackError::DuplicateId { id, .. } => Some(id.clone()),
            _ => None,
        };
        PackFault {
            pack,
            files,
            kind: self.kind(),
            message: self.detail(),
        }
    }
}

impl From<PackError> for PackFault {
    fn from(error: PackError) -> Self {
        error.fault()
    }
}
