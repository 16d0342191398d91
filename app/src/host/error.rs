//! Why a pack file could not be used or a call to it failed.

use crate::core::pack::{FaultKind, PackFault};
use ftzroute_plugin_api::abi::status;
use std::fmt;
use std::path::{Path, PathBuf};

/// Largest document a pack may write for one call; more is a fault, not a crash.
pub const MAX_OUTPUT_BYTES: usize = 16 * 1024 * 1024;

/// Why a pack file could not be used. Each variant names the file once: [`fmt::Display`] puts it
/// in front of [`PackError::detail`], which never repeats it.
#[derive(Debug)]
pub enum PackError {
    Shadow {
        file: PathBuf,
        shadow: PathBuf,
        source: std::io::Error,
    },
    Open {
        file: PathBuf,
        reason: String,
    },
    MissingSymbol {
        file: PathBuf,
        symbol: String,
    },
    AbiVersion {
        file: PathBuf,
        found: u32,
        expected: u32,
    },
    TableTooSmall {
        file: PathBuf,
        found: u32,
        expected: u32,
        version: u32,
    },
    Status {
        file: PathBuf,
        entry: &'static str,
        code: u32,
        message: String,
    },
    OutputTooLarge {
        file: PathBuf,
        entry: &'static str,
    },
    BadDocument {
        file: PathBuf,
        entry: &'static str,
        reason: String,
    },
    /// Two or more files claim one pack id: none of them decides.
    DuplicateId {
        file: PathBuf,
        id: String,
        /// The other files claiming the id.
        others: Vec<PathBuf>,
    },
    /// Refused by the trust rules; `message` does not start with the file.
    Untrusted {
        file: PathBuf,
        message: String,
    },
    /// The runner process ended in the middle of `call` (`describe` at load, or `evaluate`).
    Crashed {
        file: PathBuf,
        call: &'static str,
        how: String,
    },
    /// No answer to `call` within the deadline.
    Hung {
        file: PathBuf,
        call: &'static str,
        deadline: std::time::Duration,
    },
    /// A failure the runner reported, or of the runner itself; `message` does not name the file.
    Runner {
        file: PathBuf,
        kind: FaultKind,
        message: String,
    },
    Directory {
        dir: PathBuf,
        source: std::io::Error,
    },
}

/// Paths joined for a message: `a.so` or `a.so and b.so`.
fn paths_text(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(" and ")
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.file() {
            Some(file) => write!(f, "{}: {}", file.display(), self.detail()),
            None => f.write_str(&self.detail()),
        }
    }
}

impl std::error::Error for PackError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PackError::Shadow { source, .. } | PackError::Directory { source, .. } => Some(source),
            _ => None,
        }
    }
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

    /// The message without the file in front (the file is named once, separately).
    pub fn detail(&self) -> String {
        match self {
            PackError::Shadow { shadow, source, .. } => format!(
                "cannot copy the pack to its shadow path {}: {source}",
                shadow.display()
            ),
            PackError::Open { reason, .. } => format!("not a loadable library: {reason}"),
            PackError::MissingSymbol { symbol, .. } => format!(
                "missing symbol `{symbol}`: not an ftzroute pack, or built against another plugin API"
            ),
            PackError::AbiVersion {
                found, expected, ..
            } => format!(
                "pack speaks ABI version {found}, this ftzroute speaks version {expected}; rebuild the pack against the matching plugin-api"
            ),
            PackError::TableTooSmall {
                found,
                expected,
                version,
                ..
            } => format!(
                "function table is {found} bytes, at least {expected} are needed for ABI version {version}"
            ),
            PackError::Status {
                entry,
                code,
                message,
                ..
            } => format!(
                "`{entry}` returned status {code} ({}): {message}",
                status::name(*code)
            ),
            PackError::OutputTooLarge { entry, .. } => {
                format!("`{entry}` wrote more than {MAX_OUTPUT_BYTES} bytes")
            }
            PackError::BadDocument { entry, reason, .. } => {
                format!("`{entry}` wrote an invalid document: {reason}")
            }
            PackError::DuplicateId { id, others, .. } => format!(
                "pack id `{id}` is also claimed by {}; neither decides until one of them is removed",
                paths_text(others)
            ),
            PackError::Untrusted { message, .. } => message.clone(),
            PackError::Crashed { call, how, .. } => {
                format!("its process ended during `{call}`: {how}")
            }
            PackError::Hung { call, deadline, .. } => format!(
                "no answer from `{call}` within {} s; its runner was ended",
                deadline.as_secs_f64()
            ),
            PackError::Runner { message, .. } => message.clone(),
            PackError::Directory { dir, source } => {
                format!("cannot read pack directory {}: {source}", dir.display())
            }
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

    /// This error as the core sees a failed pack: the pack id when known, every file concerned
    /// (both claimants of a duplicate id), and a message naming neither.
    pub fn fault(&self) -> PackFault {
        match self {
            PackError::DuplicateId {
                file, id, others, ..
            } => {
                let mut files = others.clone();
                files.push(file.clone());
                files.sort();
                PackFault {
                    pack: Some(id.clone()),
                    files,
                    kind: FaultKind::Refused,
                    message: "more than one library claims this pack id; neither decides until one of them is removed".into(),
                }
            }
            other => PackFault {
                pack: None,
                files: other.file().map(Path::to_path_buf).into_iter().collect(),
                kind: other.kind(),
                message: other.detail(),
            },
        }
    }
}

impl From<PackError> for PackFault {
    fn from(error: PackError) -> Self {
        error.fault()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// One error of every variant, all about the same file.
    fn every_error(file: &Path) -> Vec<PackError> {
        let file = file.to_path_buf();
        let io = || std::io::Error::other("disk on fire");
        vec![
            PackError::Shadow {
                file: file.clone(),
                shadow: PathBuf::from("/run/shadow/x.so"),
                source: io(),
            },
            PackError::Open {
                file: file.clone(),
                reason: "invalid ELF header".into(),
            },
            PackError::MissingSymbol {
                file: file.clone(),
                symbol: "ftzroute_pack_api_v1".into(),
            },
            PackError::AbiVersion {
                file: file.clone(),
                found: 99,
                expected: 1,
            },
            PackError::TableTooSmall {
                file: file.clone(),
                found: 8,
                expected: 24,
                version: 1,
            },
            PackError::Status {
                file: file.clone(),
                entry: "evaluate",
                code: status::PANICKED,
                message: "boom".into(),
            },
            PackError::OutputTooLarge {
                file: file.clone(),
                entry: "evaluate",
            },
            PackError::BadDocument {
                file: file.clone(),
                entry: "describe",
                reason: "expected value at line 1".into(),
            },
            PackError::DuplicateId {
                file: file.clone(),
                id: "tiny-c".into(),
                others: vec![PathBuf::from("/packs/libother.so")],
            },
            PackError::Untrusted {
                file: file.clone(),
                message: "not approved in packs.lock".into(),
            },
            PackError::Crashed {
                file: file.clone(),
                call: "evaluate",
                how: "signal 11 (SIGSEGV)".into(),
            },
            PackError::Hung {
                file: file.clone(),
                call: "describe",
                deadline: Duration::from_secs(1),
            },
            PackError::Runner {
                file,
                kind: FaultKind::InvalidOutput,
                message: "unreadable answer".into(),
            },
        ]
    }

    #[test]
    fn every_message_names_the_file_and_the_pack_once() {
        let file = Path::new("/packs/libtiny_c.so");
        for error in every_error(file) {
            let text = error.to_string();
            assert_eq!(
                text.matches("/packs/libtiny_c.so").count(),
                1,
                "the file once: {text}"
            );
            assert!(!error.detail().contains("libtiny_c.so"), "{error:?}");
            let fault = error.fault().for_pack("tiny-c");
            let shown = fault.to_string();
            assert_eq!(
                shown.matches("libtiny_c.so").count(),
                1,
                "the fault names the file once: {shown}"
            );
            assert_eq!(
                shown.matches("tiny-c").count(),
                1,
                "the fault names the pack once: {shown}"
            );
            assert_eq!(
                shown.matches(&format!("({})", fault.kind)).count(),
                1,
                "{shown}"
            );
        }
    }

    #[test]
    fn a_duplicate_id_names_every_claimant_in_the_fault() {
        let error = PackError::DuplicateId {
            file: PathBuf::from("/p/libb.so"),
            id: "x".into(),
            others: vec![PathBuf::from("/p/liba.so")],
        };
        let fault = error.fault();
        assert_eq!(fault.kind, FaultKind::Refused);
        assert_eq!(
            fault.files,
            vec![PathBuf::from("/p/liba.so"), PathBuf::from("/p/libb.so")]
        );
        assert_eq!(
            fault.to_string(),
            "pack `x` failed (refused): more than one library claims this pack id; neither decides until one of them is removed [/p/liba.so and /p/libb.so]"
        );
    }
}
