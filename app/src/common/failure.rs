//! How a command failed, which decides its exit code, and the output formats the commands share.

use super::input::InputError;
use clap::ValueEnum;
use std::process::ExitCode;

/// How a command failed, which decides the exit code.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("{0}")]
    Input(#[from] InputError),
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Pack(String),
    #[error("{0}")]
    CasesFailed(String),
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
    #[error("{0}")]
    Runtime(String),
    /// The ledger is held by another process longer than a reader waits.
    #[error("{0}")]
    LedgerBusy(String),
    /// The ledger file is damaged.
    #[error("{0}")]
    LedgerDamaged(String),
    /// The disk is full: nothing was kept of what was being written.
    #[error("{0}")]
    DiskFull(String),
}

impl Failure {
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.code())
    }

    /// The process exit status: 1 cases failed or another runtime fault, 2 unusable input, 3 a
    /// pack failed, 4 the ledger is busy, 5 the ledger is damaged, 6 the disk is full. (The
    /// README's "Exit codes" lists the same.)
    pub fn code(&self) -> u8 {
        match self {
            Failure::CasesFailed(_) => 1,
            Failure::Input(_) | Failure::Usage(_) => 2,
            Failure::Pack(_) => 3,
            Failure::Output(_) | Failure::Runtime(_) => 1,
            Failure::LedgerBusy(_) => 4,
            Failure::LedgerDamaged(_) => 5,
            Failure::DiskFull(_) => 6,
        }
    }
}

/// Output of the listing commands (`packs`, `pack diff`, `pack check`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}
