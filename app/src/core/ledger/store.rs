//! Where a ledger is kept, behind one small interface: the import writes through an
//! [`ImportBatch`] (one transaction), and counting reads [`YearSummary`]s. The SQLite store
//! ([`super::sqlite`]) is the one there is; a shared store (PostgreSQL, say) would implement the
//! same two traits and the counting, the engine and the commands would not change.

use super::key::PersonHash;
use super::summary::YearSummary;
use ftzroute_plugin_api::CbdfBasis;
use serde::Serialize;
use time::Date;

/// One (export, sensitive) pair the ledger holds transfers for; its index is its stream number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stream {
    pub export: String,
    pub sensitive: bool,
}

/// One imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportRecord {
    pub id: u64,
    /// SHA-256 of the file's bytes, hexadecimal.
    pub sha256: String,
    /// The file name as given to the import.
    pub file: String,
    pub rows: u64,
    /// When it was imported, UTC, RFC 3339.
    pub imported_at: String,
}

/// A transfer as stored: the person is a number standing for their keyed hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredTransfer<'a> {
    pub import: u64,
    pub line: u64,
    pub date: Date,
    pub person: u32,
    pub stream: u8,
    pub basis: Option<CbdfBasis>,
    pub recipient: Option<&'a str>,
    pub route_used: Option<&'a str>,
}

/// Why a store could not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The file is not a ledger (or not one this version reads), or there is none yet.
    #[error("{0}")]
    NotALedger(String),
    /// Another process holds the ledger longer than a reader waits.
    #[error("{0}")]
    Busy(String),
    /// The ledger file is damaged (SQLite found corruption, or a summary does not decode).
    #[error("{0}")]
    Damaged(String),
    /// The disk (or quota) is full; what was being written was not kept.
    #[error("{0}")]
    DiskFull(String),
    /// Reading or writing failed otherwise (permissions, an I/O error).
    #[error("{0}")]
    Failed(String),
}

/// A ledger's storage.
pub trait LedgerStore {
    /// The check value of the key the ledger's persons were hashed with (`None`: no import yet).
    fn key_check(&self) -> Result<Option<String>, StoreError>;
    /// Every stream, indexed by stream number.
    fn streams(&self) -> Result<Vec<Stream>, StoreError>;
    fn imports(&self) -> Result<Vec<ImportRecord>, StoreError>;
    /// The summary of one calendar year (`None`: no transfer that year).
    fn year(&self, year: i32) -> Result<Option<YearSummary>, StoreError>;
    /// The summary of the years `first_year` to `last_year` as one span, days counted from
    /// 1 January of `first_year`, each person once (`None`: no transfer in them).
    fn span(&self, first_year: i32, last_year: i32) -> Result<Option<YearSummary>, StoreError>;
    /// Starts one import: nothing is visible to readers until [`ImportBatch::commit`], and a
    /// batch dropped without it (an error, a killed process) leaves the ledger as it was. While
    /// another import writes, this waits for it, calling `waiting` now and then with the time
    /// waited.
    fn begin_import(
        &mut self,
        waiting: &mut dyn FnMut(std::time::Duration),
    ) -> Result<Box<dyn ImportBatch + '_>, StoreError>;
}

/// One import in progress.
pub trait ImportBatch {
    /// The check value of the key the ledger's persons were hashed with, as committed by the
    /// imports before this one (`None`: none yet).
    fn key_check(&mut self) -> Result<Option<String>, StoreError>;
    fn set_key_check(&mut self, value: &str) -> Result<(), StoreError>;
    /// The earlier import of a file with this SHA-256, if any.
    fn find_import(&mut self, sha256: &str) -> Result<Option<ImportRecord>, StoreError>;
    /// Starts a file; the number identifies its transfers.
    fn begin_file(&mut self, file: &str) -> Result<u64, StoreError>;
    /// The stream of (export, sensitive), made when new; `None` when the ledger has no room for
    /// another ([`super::summary::MAX_STREAMS`]).
    fn stream(&mut self, export: &str, sensitive: bool) -> Result<Option<u8>, StoreError>;
    /// The number standing for a person's keyed hash, made when new. Asked once per person of
    /// an import (the reader numbers the import's persons first).
    fn person(&mut self, hash: &PersonHash) -> Result<u32, StoreError>;
    fn add(&mut self, transfer: &StoredTransfer) -> Result<(), StoreError>;
    fn end_file(&mut self, import: u64, sha256: &str, rows: u64) -> Result<(), StoreError>;
    /// Whether this import upgrades a ledger of an earlier format (which older versions of
    /// ftzroute then no longer import into).
    fn upgrades_format(&self) -> bool {
        false
    }
    /// Brings the summaries up to date and makes the whole import visible at once.
    fn commit(self: Box<Self>) -> Result<(), StoreError>;
}
