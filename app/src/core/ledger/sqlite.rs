//! The ledger in one SQLite file (compiled in: nothing to install).
//!
//! Tables: `transfer_blocks` (the transfers of one import in blocks of up to 65,536, see
//! [`encode_transfer`]), `person_blocks` (the keyed hashes of persons numbered from `first_id`
//! on, 32 bytes each; no identifier), `streams` (number → export id and sensitivity), `imports` (file, SHA-256, rows, time),
//! `first_seen` (each person's first day per year, layer and stream, in blobs of 65,536 persons:
//! an import rewrites only the blobs of the persons it brings, and millions of rows need no
//! B-tree inserts) and `summaries` (per year
//! and layer, the state changes of [`super::summary`]) with `transfer_days` (transfers per
//! stream, basis and day). The last three are kept up to date by every import, inside its
//! transaction, so counting never scans the transfers.
//!
//! The ledger is in SQLite's write-ahead-log mode (`<ledger>-wal` and `<ledger>-shm` beside it
//! while it is in use). An import is one write transaction: killed at any point, or stopped by a
//! full disk, its uncommitted pages are never seen and the ledger is as it was. Readers are never
//! held up by an import: they see the last committed state, and the whole import at once when it
//! commits. Imports take turns: one waits for the one writing (see
//! [`SqliteStore::begin_import`]).
//!
//! A ledger of the first format (`ftzroute-ledger-1`: a table row per transfer and per person,
//! ten times the bytes to write) is read as it is; the first import into it upgrades it in its
//! transaction: its rows stay where they are, later transfers and persons go into blocks, and
//! the import says so (an older ftzroute then refuses the ledger by its format).

use super::key::PersonHash;
use super::store::{ImportBatch, ImportRecord, LedgerStore, StoreError, StoredTransfer, Stream};
use super::summary::{
    build_layers, layer_of, FastMap, LayerSummary, TransferDay, YearSummary, LAYERS, MAX_STREAMS,
};
use crate::common::private_file::not_a_file;
use ftzroute_plugin_api::CbdfBasis;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What `meta.format` says in a ledger this version writes.
const FORMAT: &str = "ftzroute-ledger-2";

/// The first format: a table row per transfer (`transfers`) and per person (`persons`). Read as
/// it is; upgraded by the first import into it.
const FORMAT_ROWS: &str = "ftzroute-ledger-1";

/// Transfers per block.
const BLOCK_ROWS: u32 = 64 * 1024;

/// What an import adds to a ledger of [`FORMAT_ROWS`], in its transaction.
const UPGRADE: &str = "
CREATE TABLE person_blocks(first_id INTEGER PRIMARY KEY, hashes BLOB NOT NULL);
CREATE TABLE transfer_blocks(id INTEGER PRIMARY KEY, import INTEGER NOT NULL,
    first_line INTEGER NOT NULL, rows INTEGER NOT NULL, data BLOB NOT NULL);
UPDATE meta SET value = 'ftzroute-ledger-2' WHERE key = 'format';
";

const SCHEMA: &str = "
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE imports(id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, file TEXT NOT NULL,
    rows INTEGER NOT NULL, imported_at TEXT NOT NULL);
CREATE TABLE streams(id INTEGER PRIMARY KEY, export TEXT NOT NULL, sensitive INTEGER NOT NULL,
    UNIQUE(export, sensitive));
CREATE TABLE person_blocks(first_id INTEGER PRIMARY KEY, hashes BLOB NOT NULL);
CREATE TABLE bases(id INTEGER PRIMARY KEY, token TEXT NOT NULL UNIQUE);
CREATE TABLE labels(id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
CREATE TABLE transfer_blocks(id INTEGER PRIMARY KEY, import INTEGER NOT NULL,
    first_line INTEGER NOT NULL, rows INTEGER NOT NULL, data BLOB NOT NULL);
CREATE TABLE first_seen(year INTEGER NOT NULL, chunk INTEGER NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY(year, chunk)) WITHOUT ROWID;
CREATE TABLE transfer_days(year INTEGER NOT NULL, stream INTEGER NOT NULL,
    basis INTEGER NOT NULL, day INTEGER NOT NULL, transfers INTEGER NOT NULL,
    PRIMARY KEY(year, stream, basis, day)) WITHOUT ROWID;
CREATE TABLE summaries(year INTEGER NOT NULL, layer INTEGER NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY(year, layer)) WITHOUT ROWID;
";

pub struct SqliteStore {
    path: PathBuf,
    connection: Connection,
}

fn failed(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |error| {
        if let rusqlite::Error::SqliteFailure(code, _) = &error {
            match code.code {
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked => {
                    return StoreError::Busy(format!(
                        "{}: the ledger is held by another process (an import by an older \
                         version, or the recovery after a killed import); try again when it \
                         ends",
                        path.display()
                    ))
                }
                rusqlite::ErrorCode::NotADatabase => {
                    return StoreError::NotALedger(format!(
                        "{}: not a ledger (not an SQLite database)",
                        path.display()
                    ))
                }
                rusqlite::ErrorCode::DatabaseCorrupt => return damaged(path, &error.to_string()),
                rusqlite::ErrorCode::DiskFull => {
                    return StoreError::DiskFull(format!(
                        "{}: the disk is full ({error}); nothing was changed: free some space \
                         and try again",
                        path.display()
                    ))
                }
                _ => {}
            }
        }
        StoreError::Failed(format!("{}: {error}", path.display()))
    }
}

/// The ledger file is damaged: what was found, and what to do.
fn damaged(path: &Path, found: &str) -> StoreError {
    StoreError::Damaged(format!(
        "{}: the ledger is damaged ({found}); its counts cannot be trusted: restore it from a \
         backup (with its key), or import its transfer files again into a new ledger",
        path.display()
    ))
}

/// The tables counting reads: checked whenever a ledger is opened, which costs little since
/// they hold summaries, not transfers.
const COUNTED_TABLES: [&str; 5] = ["meta", "imports", "streams", "summaries", "transfer_days"];

/// What an import rebuilds the summaries from, checked before it writes so that damage is never
/// built upon (milliseconds: one small blob per 65,536 persons and year). The persons and
/// transfers are not (a second per million): an import reads every person, and SQLite reports a
/// damaged page it meets.
const REBUILT_FROM: [&str; 1] = ["first_seen"];

/// How long one attempt to start an import waits for the import writing before it says it is
/// waiting (and between its progress reports).
const WRITER_POLL: Duration = Duration::from_millis(500);

/// SQLite's quick integrity check of these tables of `connection` and their indexes; a damaged
/// one is a [`StoreError::Damaged`].
fn check_tables(connection: &Connection, path: &Path, tables: &[&str]) -> Result<(), StoreError> {
    for table in tables {
        let verdict: String = connection
            .query_row(&format!("PRAGMA quick_check(\"{table}\")"), [], |row| {
                row.get(0)
            })
            .map_err(failed(path))?;
        if verdict != "ok" {
            return Err(damaged(
                path,
                &format!("the integrity check of table `{table}` found: {verdict}"),
            ));
        }
    }
    Ok(())
}

/// Whether this user may write `file` and make files beside it (Unix: `access`, which also
/// answers for root; elsewhere assumed).
fn can_write(file: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let dir = match file.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        [file, dir].iter().all(|path| {
            std::ffi::CString::new(path.as_os_str().as_bytes()).is_ok_and(|name| {
                // SAFETY: a valid NUL-terminated path.
                unsafe { libc::access(name.as_ptr(), libc::W_OK) == 0 }
            })
        })
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        true
    }
}

/// An SQLite URI opening `file` as immutable (read as is, no locks, no log): every byte but
/// unreserved ones and `/` percent-encoded.
fn immutable_uri(file: &Path) -> String {
    let mut uri = String::from("file:");
    for byte in file.as_os_str().as_encoded_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(char::from(*byte))
            }
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// The basis as its number in the `bases` table (0: none).
fn basis_code(basis: Option<CbdfBasis>) -> u8 {
    basis.map_or(0, |b| {
        CbdfBasis::ALL.iter().position(|x| *x == b).expect("listed") as u8 + 1
    })
}

fn basis_of_code(code: i64) -> Option<CbdfBasis> {
    usize::try_from(code - 1)
        .ok()
        .and_then(|index| CbdfBasis::ALL.get(index).copied())
}

impl SqliteStore {
    /// Opens the ledger at `path`; with `create`, makes an empty one when there is none.
    pub fn open(path: &Path, create: bool) -> Result<SqliteStore, StoreError> {
        // Only a regular file is a ledger: SQLite would hang on a FIFO, report a directory as
        // an I/O error and read /dev/null as an empty ledger.
        let exists = match std::fs::metadata(path) {
            Ok(meta) => match not_a_file(&meta) {
                None => true,
                Some(kind) => {
                    return Err(StoreError::NotALedger(format!(
                        "{}: this is {kind}, not a ledger; [ledger] path must name a regular \
                         file (the first import creates it)",
                        path.display()
                    )))
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => {
                return Err(StoreError::Failed(format!(
                    "{}: cannot read the ledger: {e}",
                    path.display()
                )))
            }
        };
        if !exists && !create {
            return Err(StoreError::NotALedger(format!(
                "{}: no ledger there yet; `ftzroute ledger import PROFILE FILE` creates it",
                path.display()
            )));
        }
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let under_way = ["-wal", "-journal"]
            .iter()
            .any(|suffix| Path::new(&format!("{}{suffix}", path.display())).exists());
        // Read-write even to count: a log left by a killed import is recovered on open. A copy
        // this user may not write (an auditor's) is read as it is, when no log or journal says
        // an import is under way: without write access SQLite cannot make the log's
        // shared-memory file.
        let connection = if !create && !can_write(path) && !under_way {
            Connection::open_with_flags(
                immutable_uri(path),
                OpenFlags::SQLITE_OPEN_READ_ONLY
                    | OpenFlags::SQLITE_OPEN_URI
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(failed(path))?
        } else {
            match Connection::open_with_flags(path, flags) {
                Ok(connection) => connection,
                Err(_) if !create => Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .map_err(failed(path))?,
                Err(error) => return Err(failed(path)(error)),
            }
        };
        // Readers wait this long only for a commit of an older version's rollback journal, or
        // for the recovery after a killed import; an import running never holds them up.
        connection
            .busy_timeout(Duration::from_secs(10))
            .map_err(failed(path))?;
        // 128 MiB of page cache: an import of millions of rows stays in memory until commit.
        // The log is cut back to 64 MiB after the checkpoint that follows a large import.
        connection
            .execute_batch(
                "PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY; \
                 PRAGMA journal_size_limit = 67108864;",
            )
            .map_err(failed(path))?;
        let store = SqliteStore {
            path: path.to_path_buf(),
            connection,
        };
        if exists {
            store.check_format()?;
        }
        if create {
            // Persistent: set by the first import into a new ledger or into one an older
            // version made (then it is a no-op). Readers leave the file as they find it: a
            // ledger in the older rollback-journal mode is read in that mode.
            // Switching the mode takes the file's exclusive lock, and SQLite answers busy at
            // once, without its busy handler, while another first import switches it too: ask
            // again for as long as a reader would wait.
            let started = std::time::Instant::now();
            let mode: String = loop {
                match store
                    .connection
                    .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
                {
                    Err(rusqlite::Error::SqliteFailure(code, _))
                        if matches!(
                            code.code,
                            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                        ) && started.elapsed() < Duration::from_secs(10) =>
                    {
                        std::thread::sleep(Duration::from_millis(20));
                    }
                    result => break result.map_err(failed(path))?,
                }
            };
            tracing::debug!(%mode, ledger = %path.display(), "journal mode");
        }
        if exists {
            store.check_tables(&COUNTED_TABLES)?;
        }
        Ok(store)
    }

    /// SQLite's quick integrity check of these tables and their indexes; a damaged one is a
    /// [`StoreError::Damaged`].
    fn check_tables(&self, tables: &[&str]) -> Result<(), StoreError> {
        if !self.has_schema()? {
            return Ok(());
        }
        check_tables(&self.connection, &self.path, tables)
    }

    /// SQLite's quick integrity check of the whole ledger (every table and page; about a
    /// second per two million transfers).
    pub fn check_all(&self) -> Result<(), StoreError> {
        let verdict: String = self
            .connection
            .query_row("PRAGMA quick_check", [], |row| row.get(0))
            .map_err(failed(&self.path))?;
        if verdict != "ok" {
            return Err(damaged(
                &self.path,
                &format!("the integrity check found: {verdict}"),
            ));
        }
        Ok(())
    }

    fn check_format(&self) -> Result<(), StoreError> {
        let has_meta: bool = self
            .connection
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
                [],
                |row| row.get::<_, i64>(0),
            )
            .map_err(failed(&self.path))?
            > 0;
        let empty: bool = self
            .connection
            .query_row("SELECT count(*) FROM sqlite_master", [], |row| {
                row.get::<_, i64>(0)
            })
            .map_err(failed(&self.path))?
            == 0;
        if empty {
            return Ok(());
        }
        let format: Option<String> = if has_meta {
            self.connection
                .query_row("SELECT value FROM meta WHERE key = 'format'", [], |row| {
                    row.get(0)
                })
                .optional()
                .map_err(failed(&self.path))?
        } else {
            None
        };
        match format.as_deref() {
            Some(FORMAT | FORMAT_ROWS) => Ok(()),
            Some(other) => Err(StoreError::NotALedger(format!(
                "{}: a ledger of format `{other}`, which this version does not read",
                self.path.display()
            ))),
            None => Err(StoreError::NotALedger(format!(
                "{}: an SQLite database, but not an ftzroute ledger",
                self.path.display()
            ))),
        }
    }

    fn has_schema(&self) -> Result<bool, StoreError> {
        Ok(self
            .connection
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
                [],
                |row| row.get::<_, i64>(0),
            )
            .map_err(failed(&self.path))?
            > 0)
    }
}

impl LedgerStore for SqliteStore {
    fn key_check(&self) -> Result<Option<String>, StoreError> {
        if !self.has_schema()? {
            return Ok(None);
        }
        self.connection
            .query_row(
                "SELECT value FROM meta WHERE key = 'key_check'",
                [],
                |row| row.get(0),
            )
            .optional()
            .map_err(failed(&self.path))
    }

    fn streams(&self) -> Result<Vec<Stream>, StoreError> {
        if !self.has_schema()? {
            return Ok(Vec::new());
        }
        let mut statement = self
            .connection
            .prepare("SELECT export, sensitive FROM streams ORDER BY id")
            .map_err(failed(&self.path))?;
        let streams = statement
            .query_map([], |row| {
                Ok(Stream {
                    export: row.get(0)?,
                    sensitive: row.get(1)?,
                })
            })
            .and_then(|rows| rows.collect())
            .map_err(failed(&self.path))?;
        Ok(streams)
    }

    fn imports(&self) -> Result<Vec<ImportRecord>, StoreError> {
        if !self.has_schema()? {
            return Ok(Vec::new());
        }
        let mut statement = self
            .connection
            .prepare("SELECT id, sha256, file, rows, imported_at FROM imports ORDER BY id")
            .map_err(failed(&self.path))?;
        let imports = statement
            .query_map([], import_record)
            .and_then(|rows| rows.collect())
            .map_err(failed(&self.path))?;
        Ok(imports)
    }

    fn year(&self, year: i32) -> Result<Option<YearSummary>, StoreError> {
        if !self.has_schema()? {
            return Ok(None);
        }
        let mut layers = vec![LayerSummary::default(); LAYERS];
        let mut any = false;
        let mut statement = self
            .connection
            .prepare_cached("SELECT layer, data FROM summaries WHERE year = ?1")
            .map_err(failed(&self.path))?;
        let mut rows = statement.query([year]).map_err(failed(&self.path))?;
        while let Some(row) = rows.next().map_err(failed(&self.path))? {
            let layer: usize = row.get(0).map_err(failed(&self.path))?;
            let data = row.get_ref(1).map_err(failed(&self.path))?;
            let decoded = data
                .as_blob()
                .ok()
                .and_then(LayerSummary::decode)
                .filter(|_| layer < LAYERS)
                .ok_or_else(|| {
                    damaged(
                        &self.path,
                        &format!("the summary of {year} does not decode"),
                    )
                })?;
            layers[layer] = decoded;
            any = true;
        }
        if !any {
            return Ok(None);
        }
        let transfers = self.transfer_days(year, 0)?;
        Ok(Some(YearSummary {
            year,
            layers,
            transfers,
        }))
    }

    fn span(&self, first_year: i32, last_year: i32) -> Result<Option<YearSummary>, StoreError> {
        if first_year >= last_year {
            return self.year(last_year);
        }
        if !self.has_schema()? {
            return Ok(None);
        }
        // Each person's first day per layer and stream over the years, days counted from
        // 1 January of the first: the stored years' first days, later years shifted.
        let mut firsts: Vec<(u64, u16)> = Vec::new();
        let mut transfers = Vec::new();
        let mut offset: u16 = 0;
        for year in first_year..=last_year {
            let person_layer_stream = (1u64 << 48) - 1;
            firsts.extend(
                load_first_seen(&self.connection, &self.path, year)?
                    .into_iter()
                    .map(|(key, day)| (key & person_layer_stream, day + offset)),
            );
            transfers.extend(self.transfer_days(year, offset)?);
            offset += time::util::days_in_year(year);
        }
        if firsts.is_empty() {
            return Ok(None);
        }
        firsts.sort_unstable();
        firsts.dedup_by_key(|(key, _)| *key);
        let layers = build_layers(firsts.iter().map(|&(key, day)| {
            (
                (key >> 16) as u32,
                (key >> 8 & 0xff) as usize,
                key as u8,
                day,
            )
        }));
        Ok(Some(YearSummary {
            year: first_year,
            layers,
            transfers,
        }))
    }

    /// Waits for the import writing the ledger, if one is, calling `waiting` with the time
    /// waited so far about twice a second, then starts this one. A new ledger gets its tables
    /// here, inside the write transaction: of two first imports, the one that waited finds them
    /// made.
    fn begin_import(
        &mut self,
        waiting: &mut dyn FnMut(Duration),
    ) -> Result<Box<dyn ImportBatch + '_>, StoreError> {
        let path = self.path.clone();
        let started = std::time::Instant::now();
        self.connection
            .busy_timeout(WRITER_POLL)
            .map_err(failed(&path))?;
        loop {
            match self.connection.execute_batch("BEGIN IMMEDIATE") {
                Ok(()) => break,
                Err(rusqlite::Error::SqliteFailure(code, _))
                    if code.code == rusqlite::ErrorCode::DatabaseBusy =>
                {
                    waiting(started.elapsed())
                }
                Err(error) => return Err(failed(&path)(error)),
            }
        }
        let tx = WriteTransaction {
            connection: &self.connection,
            open: true,
        };
        // Holding the write lock, nothing else waits; a commit in an older version's rollback
        // journal (if the log could not be set up) may wait for readers to finish.
        tx.busy_timeout(Duration::from_secs(10))
            .map_err(failed(&path))?;
        let fresh = tx
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
                [],
                |row| row.get::<_, i64>(0),
            )
            .map_err(failed(&path))?
            == 0;
        if !fresh {
            check_tables(&tx, &path, &REBUILT_FROM)?;
        }
        let upgraded = !fresh && {
            let format: String = tx
                .query_row("SELECT value FROM meta WHERE key = 'format'", [], |row| {
                    row.get(0)
                })
                .map_err(failed(&path))?;
            format == FORMAT_ROWS
        };
        if upgraded {
            tx.execute_batch(UPGRADE).map_err(failed(&path))?;
        }
        if fresh {
            tx.execute_batch(SCHEMA).map_err(failed(&path))?;
            tx.execute(
                "INSERT INTO meta(key, value) VALUES ('format', ?1)",
                [FORMAT],
            )
            .map_err(failed(&path))?;
            for (index, basis) in CbdfBasis::ALL.iter().enumerate() {
                tx.execute(
                    "INSERT INTO bases(id, token) VALUES (?1, ?2)",
                    params![index + 1, basis.token()],
                )
                .map_err(failed(&path))?;
            }
        }
        let streams = {
            let mut statement = tx
                .prepare("SELECT export, sensitive FROM streams ORDER BY id")
                .map_err(failed(&path))?;
            let rows = statement
                .query_map([], |row| {
                    Ok((row.get::<_, String>(0)?, row.get::<_, bool>(1)?))
                })
                .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
                .map_err(failed(&path))?;
            rows
        };
        let in_blocks: u32 = tx
            .query_row(
                "SELECT coalesce(max(first_id + length(hashes) / 32 - 1), 0) FROM person_blocks",
                [],
                |row| row.get(0),
            )
            .map_err(failed(&path))?;
        let in_rows: u32 = if has_table(&tx, &path, "persons")? {
            tx.query_row("SELECT coalesce(max(id), 0) FROM persons", [], |row| {
                row.get(0)
            })
            .map_err(failed(&path))?
        } else {
            0
        };
        let next_person = in_blocks.max(in_rows);
        Ok(Box::new(SqliteImport {
            path,
            tx,
            streams,
            persons: None,
            next_person,
            new_persons: Vec::new(),
            labels: FastMap::default(),
            last_labels: Default::default(),
            block: Block::default(),
            firsts: Vec::new(),
            days: Vec::new(),
            upgraded,
        }))
    }
}

impl SqliteStore {
    /// The transfers of `year` per stream, basis and day, days shifted by `offset`.
    fn transfer_days(&self, year: i32, offset: u16) -> Result<Vec<TransferDay>, StoreError> {
        let mut statement = self
            .connection
            .prepare_cached(
                "SELECT stream, basis, day, transfers FROM transfer_days WHERE year = ?1",
            )
            .map_err(failed(&self.path))?;
        let transfers = statement
            .query_map([year], |row| {
                Ok(TransferDay {
                    stream: row.get(0)?,
                    basis: basis_of_code(row.get(1)?),
                    day: row.get::<_, u16>(2)? + offset,
                    transfers: row.get(3)?,
                })
            })
            .and_then(|rows| rows.collect())
            .map_err(failed(&self.path))?;
        Ok(transfers)
    }
}

fn import_record(row: &rusqlite::Row) -> rusqlite::Result<ImportRecord> {
    Ok(ImportRecord {
        id: row.get(0)?,
        sha256: row.get(1)?,
        file: row.get(2)?,
        rows: row.get(3)?,
        imported_at: row.get(4)?,
    })
}

/// Whether `connection` has a table of this name.
fn has_table(connection: &Connection, path: &Path, name: &str) -> Result<bool, StoreError> {
    Ok(connection
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [name],
            |row| row.get::<_, i64>(0),
        )
        .map_err(failed(path))?
        > 0)
}

/// Transfers of one import waiting to be written as one `transfer_blocks` row.
#[derive(Default)]
struct Block {
    import: u64,
    first_line: u64,
    last_line: u64,
    rows: u32,
    data: Vec<u8>,
}

/// Appends `value` as an LEB128 variable-length number (7 bits a byte, low bits first).
fn push_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// One transfer in a block: the line's distance from the previous transfer's line (from the
/// block's `first_line` for the first), the date as its Julian day number, the person's number,
/// then the stream and basis (one byte each: 0 no basis, else the `bases` id), then recipient and
/// route labels (0 none, else the `labels` id plus one), each number as a [`push_varint`].
#[allow(clippy::too_many_arguments)]
fn encode_transfer(
    out: &mut Vec<u8>,
    line_step: u64,
    julian_day: i32,
    person: u32,
    stream: u8,
    basis: u8,
    recipient: Option<i64>,
    route: Option<i64>,
) {
    push_varint(out, line_step);
    push_varint(out, julian_day.max(0) as u64);
    push_varint(out, u64::from(person));
    out.push(stream);
    out.push(basis);
    push_varint(out, recipient.map_or(0, |id| id as u64 + 1));
    push_varint(out, route.map_or(0, |id| id as u64 + 1));
}

/// A write transaction begun with `BEGIN IMMEDIATE`: rolled back when dropped uncommitted.
struct WriteTransaction<'c> {
    connection: &'c Connection,
    open: bool,
}

impl WriteTransaction<'_> {
    fn commit(mut self) -> rusqlite::Result<()> {
        self.connection.execute_batch("COMMIT")?;
        self.open = false;
        Ok(())
    }
}

impl std::ops::Deref for WriteTransaction<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.connection
    }
}

impl Drop for WriteTransaction<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self.connection.execute_batch("ROLLBACK");
        }
    }
}

struct SqliteImport<'c> {
    path: PathBuf,
    tx: WriteTransaction<'c>,
    streams: Vec<(String, bool)>,
    /// Keyed hash → person number, loaded on first use.
    persons: Option<FastMap<PersonHash, u32>>,
    next_person: u32,
    new_persons: Vec<(u32, PersonHash)>,
    labels: FastMap<String, i64>,
    /// The last label of each column: files repeat the same recipient and route line after line.
    last_labels: [Option<(String, i64)>; 2],
    block: Block,
    /// Per year, every row's person, layer, stream and day of the year, in one number each
    /// ([`pack_first`]): half the memory of a key and a day apart, and sorted as they would be.
    firsts: Vec<(i32, Vec<u64>)>,
    /// Per year, transfers by stream, basis and day ([`day_slot`]).
    days: Vec<(i32, Vec<u64>)>,
    /// The ledger was of the first format and this import upgrades it.
    upgraded: bool,
}

/// Basis codes: none, then each basis ([`basis_code`]).
const BASIS_CODES: usize = CbdfBasis::ALL.len() + 1;

/// Days of a year, counted from 1 (a leap year's 366th included).
const DAY_SLOTS: usize = 367;

/// Where a (stream, basis, day) of one year is counted in [`SqliteImport::days`].
fn day_slot(stream: u8, basis: u8, day: u16) -> usize {
    (usize::from(stream) * BASIS_CODES + usize::from(basis)) * DAY_SLOTS + usize::from(day)
}

/// A row's person, layer, stream and day in one number, ordered as (key, day).
fn pack_first(person: u32, layer: usize, stream: u8, day: u16) -> u64 {
    u64::from(person) << 32 | (layer as u64) << 24 | u64::from(stream) << 16 | u64::from(day)
}

/// The entry of `year`, made empty when missing (a ledger import spans a year or two).
fn of_year(
    years: &mut Vec<(i32, Vec<u64>)>,
    year: i32,
    empty: impl FnOnce() -> Vec<u64>,
) -> &mut Vec<u64> {
    let at = match years.iter().position(|(y, _)| *y == year) {
        Some(at) => at,
        None => {
            years.push((year, empty()));
            years.len() - 1
        }
    };
    &mut years[at].1
}

/// Sorts on two cores: split around the middle value, then each side sorted on its own thread.
fn sort_on_two_cores(values: &mut [u64]) {
    if values.len() < 1 << 16 {
        values.sort_unstable();
        return;
    }
    let middle = values.len() / 2;
    values.select_nth_unstable(middle);
    let (low, high) = values.split_at_mut(middle);
    std::thread::scope(|scope| {
        scope.spawn(|| low.sort_unstable());
        high.sort_unstable();
    });
}

/// `first_seen`'s key, packed so that sorting the numbers sorts the keys.
fn first_key(year: i32, person: u32, layer: usize, stream: u8) -> u64 {
    (year as u64 & 0xffff) << 48 | u64::from(person) << 16 | (layer as u64) << 8 | u64::from(stream)
}

impl SqliteImport<'_> {
    fn flush(&mut self) -> Result<(), StoreError> {
        if let Some(&(first_id, _)) = self.new_persons.first() {
            // Numbered one after another: one blob of their hashes, in number order.
            let mut hashes = Vec::with_capacity(self.new_persons.len() * 32);
            for (at, (id, hash)) in self.new_persons.drain(..).enumerate() {
                debug_assert_eq!(id, first_id + at as u32);
                hashes.extend_from_slice(&hash);
            }
            self.tx
                .prepare_cached("INSERT INTO person_blocks(first_id, hashes) VALUES (?1, ?2)")
                .and_then(|mut statement| statement.execute(params![first_id, hashes]))
                .map_err(failed(&self.path))?;
        }
        self.write_block()
    }

    fn write_block(&mut self) -> Result<(), StoreError> {
        if self.block.rows == 0 {
            return Ok(());
        }
        let block = std::mem::take(&mut self.block);
        self.tx
            .prepare_cached(
                "INSERT INTO transfer_blocks(import, first_line, rows, data) \
                 VALUES (?1, ?2, ?3, ?4)",
            )
            .and_then(|mut statement| {
                statement.execute(params![
                    block.import,
                    block.first_line,
                    block.rows,
                    block.data
                ])
            })
            .map_err(failed(&self.path))?;
        self.block.data = Vec::with_capacity(block.data.capacity());
        Ok(())
    }

    fn label(&mut self, column: usize, text: Option<&str>) -> Result<Option<i64>, StoreError> {
        let Some(text) = text else { return Ok(None) };
        if let Some((last, id)) = &self.last_labels[column] {
            if last == text {
                return Ok(Some(*id));
            }
        }
        if let Some(id) = self.labels.get(text) {
            self.last_labels[column] = Some((text.to_string(), *id));
            return Ok(Some(*id));
        }
        let fail = failed(&self.path);
        self.tx
            .execute("INSERT OR IGNORE INTO labels(text) VALUES (?1)", [text])
            .map_err(&fail)?;
        let id: i64 = self
            .tx
            .query_row("SELECT id FROM labels WHERE text = ?1", [text], |row| {
                row.get(0)
            })
            .map_err(&fail)?;
        self.labels.insert(text.to_string(), id);
        self.last_labels[column] = Some((text.to_string(), id));
        Ok(Some(id))
    }

    /// Merges this import's first days into `first_seen` and rebuilds the summaries of every
    /// year it touched.
    fn update_summaries(&mut self) -> Result<(), StoreError> {
        let fail = failed(&self.path);
        for (year, mut packed) in std::mem::take(&mut self.firsts) {
            // Sorted by key then day: the first entry of each key is its earliest day.
            sort_on_two_cores(&mut packed);
            let mut imported: Vec<(u64, u16)> = Vec::new();
            let mut last_key = u64::MAX;
            for entry in packed {
                if entry >> 16 != last_key {
                    last_key = entry >> 16;
                    let key = first_key(
                        year,
                        (entry >> 32) as u32,
                        (entry >> 24 & 0xff) as usize,
                        (entry >> 16) as u8,
                    );
                    imported.push((key, entry as u16));
                }
            }
            let imported = &imported[..];
            let known = load_first_seen(&self.tx, &self.path, year)?;
            // The year as it now stands: both sorted, the earlier day kept on equal keys.
            let merged = if known.is_empty() {
                std::borrow::Cow::Borrowed(imported)
            } else {
                std::borrow::Cow::Owned(merge_firsts(&known, imported))
            };
            let touched: BTreeSet<u64> = imported.iter().map(|(key, _)| chunk_of(*key)).collect();
            {
                let mut statement = self
                    .tx
                    .prepare_cached(
                        "INSERT OR REPLACE INTO first_seen(year, chunk, data) VALUES (?1, ?2, ?3)",
                    )
                    .map_err(&fail)?;
                let mut at = 0;
                while at < merged.len() {
                    let chunk = chunk_of(merged[at].0);
                    let len = merged[at..].partition_point(|(key, _)| chunk_of(*key) == chunk);
                    if touched.contains(&chunk) {
                        statement
                            .execute(params![
                                year,
                                chunk as i64,
                                encode_chunk(&merged[at..at + len])
                            ])
                            .map_err(&fail)?;
                    }
                    at += len;
                }
            }
            let layers = build_layers(merged.iter().map(|&(key, day)| {
                (
                    (key >> 16) as u32,
                    (key >> 8 & 0xff) as usize,
                    key as u8,
                    day,
                )
            }));
            let mut statement = self
                .tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO summaries(year, layer, data) VALUES (?1, ?2, ?3)",
                )
                .map_err(&fail)?;
            for (layer, summary) in layers.iter().enumerate() {
                statement
                    .execute(params![year, layer, summary.encode()])
                    .map_err(&fail)?;
            }
        }
        let mut statement = self
            .tx
            .prepare_cached(
                "INSERT INTO transfer_days(year, stream, basis, day, transfers) \
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(year, stream, basis, day) \
                 DO UPDATE SET transfers = transfers + excluded.transfers",
            )
            .map_err(&fail)?;
        for (year, slots) in &self.days {
            for (slot, &n) in slots.iter().enumerate().filter(|(_, n)| **n > 0) {
                let day = slot % DAY_SLOTS;
                let stream = slot / DAY_SLOTS / BASIS_CODES;
                let basis = slot / DAY_SLOTS % BASIS_CODES;
                statement
                    .execute(params![year, stream, basis, day, n])
                    .map_err(&fail)?;
            }
        }
        Ok(())
    }
}

/// Every first day the ledger holds for `year`, in key order.
fn load_first_seen(
    connection: &Connection,
    path: &Path,
    year: i32,
) -> Result<Vec<(u64, u16)>, StoreError> {
    let fail = failed(path);
    let mut statement = connection
        .prepare_cached("SELECT chunk, data FROM first_seen WHERE year = ?1 ORDER BY chunk")
        .map_err(&fail)?;
    let mut rows = statement.query([year]).map_err(&fail)?;
    let mut all = Vec::new();
    while let Some(row) = rows.next().map_err(&fail)? {
        let chunk: i64 = row.get(0).map_err(&fail)?;
        let data = row
            .get_ref(1)
            .map_err(&fail)?
            .as_blob()
            .map_err(|e| damaged(path, &format!("first_seen: {e}")))?;
        decode_chunk(year, chunk as u64, data, &mut all)
            .ok_or_else(|| damaged(path, &format!("the first days of {year} do not decode")))?;
    }
    Ok(all)
}

/// Persons per `first_seen` blob.
const CHUNK_BITS: u32 = 16;

fn chunk_of(key: u64) -> u64 {
    ((key >> 16) & 0xffff_ffff) >> CHUNK_BITS
}

/// (person's low bits u16, layer u8, stream u8, day u16) per entry, little-endian.
fn encode_chunk(entries: &[(u64, u16)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(entries.len() * 6);
    for &(key, day) in entries {
        let person = (key >> 16) as u32;
        out.extend_from_slice(&((person & 0xffff) as u16).to_le_bytes());
        out.push((key >> 8) as u8);
        out.push(key as u8);
        out.extend_from_slice(&day.to_le_bytes());
    }
    out
}

fn decode_chunk(year: i32, chunk: u64, data: &[u8], out: &mut Vec<(u64, u16)>) -> Option<()> {
    if data.len() % 6 != 0 {
        return None;
    }
    for entry in data.chunks_exact(6) {
        let person =
            (chunk << CHUNK_BITS) as u32 | u32::from(u16::from_le_bytes([entry[0], entry[1]]));
        let key = first_key(year, person, usize::from(entry[2]), entry[3]);
        out.push((key, u16::from_le_bytes([entry[4], entry[5]])));
    }
    Some(())
}

/// Two sorted lists of first days as one, keeping the earlier day of a key found in both.
fn merge_firsts(known: &[(u64, u16)], imported: &[(u64, u16)]) -> Vec<(u64, u16)> {
    let mut merged = Vec::with_capacity(known.len() + imported.len());
    let (mut a, mut b) = (0, 0);
    while a < known.len() && b < imported.len() {
        let (ka, da) = known[a];
        let (kb, db) = imported[b];
        match ka.cmp(&kb) {
            std::cmp::Ordering::Less => {
                merged.push((ka, da));
                a += 1;
            }
            std::cmp::Ordering::Greater => {
                merged.push((kb, db));
                b += 1;
            }
            std::cmp::Ordering::Equal => {
                merged.push((ka, da.min(db)));
                a += 1;
                b += 1;
            }
        }
    }
    merged.extend_from_slice(&known[a..]);
    merged.extend_from_slice(&imported[b..]);
    merged
}

impl ImportBatch for SqliteImport<'_> {
    fn key_check(&mut self) -> Result<Option<String>, StoreError> {
        self.tx
            .query_row(
                "SELECT value FROM meta WHERE key = 'key_check'",
                [],
                |row| row.get(0),
            )
            .optional()
            .map_err(failed(&self.path))
    }

    fn set_key_check(&mut self, value: &str) -> Result<(), StoreError> {
        self.tx
            .execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('key_check', ?1)",
                [value],
            )
            .map_err(failed(&self.path))?;
        Ok(())
    }

    fn find_import(&mut self, sha256: &str) -> Result<Option<ImportRecord>, StoreError> {
        self.tx
            .query_row(
                "SELECT id, sha256, file, rows, imported_at FROM imports WHERE sha256 = ?1",
                [sha256],
                import_record,
            )
            .optional()
            .map_err(failed(&self.path))
    }

    fn begin_file(&mut self, file: &str) -> Result<u64, StoreError> {
        let now = time::OffsetDateTime::now_utc()
            .replace_nanosecond(0)
            .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        // The hash is filled in when the file has been read (it is computed while reading).
        self.tx
            .execute(
                "INSERT INTO imports(sha256, file, rows, imported_at) \
                 VALUES ('pending-' || (SELECT coalesce(max(id), 0) + 1 FROM imports), ?1, 0, ?2)",
                params![file, now],
            )
            .map_err(failed(&self.path))?;
        Ok(self.tx.last_insert_rowid() as u64)
    }

    fn stream(&mut self, export: &str, sensitive: bool) -> Result<Option<u8>, StoreError> {
        if let Some(index) = self
            .streams
            .iter()
            .position(|(e, s)| e == export && *s == sensitive)
        {
            return Ok(Some(index as u8));
        }
        if self.streams.len() >= MAX_STREAMS {
            return Ok(None);
        }
        let id = self.streams.len();
        self.tx
            .execute(
                "INSERT INTO streams(id, export, sensitive) VALUES (?1, ?2, ?3)",
                params![id, export, sensitive],
            )
            .map_err(failed(&self.path))?;
        self.streams.push((export.to_string(), sensitive));
        Ok(Some(id as u8))
    }

    fn person(&mut self, hash: &PersonHash) -> Result<u32, StoreError> {
        if self.persons.is_none() {
            let fail = failed(&self.path);
            let mut known = FastMap::default();
            if has_table(&self.tx, &self.path, "persons")? {
                let mut statement = self
                    .tx
                    .prepare("SELECT id, hash FROM persons")
                    .map_err(&fail)?;
                let mut rows = statement.query([]).map_err(&fail)?;
                while let Some(row) = rows.next().map_err(&fail)? {
                    let id: u32 = row.get(0).map_err(&fail)?;
                    let bytes: Vec<u8> = row.get(1).map_err(&fail)?;
                    if let Ok(hash) = <PersonHash>::try_from(bytes.as_slice()) {
                        known.insert(hash, id);
                    }
                }
            }
            let mut statement = self
                .tx
                .prepare("SELECT first_id, hashes FROM person_blocks")
                .map_err(&fail)?;
            let mut rows = statement.query([]).map_err(&fail)?;
            while let Some(row) = rows.next().map_err(&fail)? {
                let first_id: u32 = row.get(0).map_err(&fail)?;
                let hashes = row
                    .get_ref(1)
                    .map_err(&fail)?
                    .as_blob()
                    .map_err(|e| damaged(&self.path, &format!("person_blocks: {e}")))?;
                for (at, hash) in hashes.chunks_exact(32).enumerate() {
                    let hash: PersonHash = hash.try_into().expect("32 bytes");
                    known.insert(hash, first_id + at as u32);
                }
            }
            drop(rows);
            drop(statement);
            self.persons = Some(known);
        }
        let persons = self.persons.as_mut().expect("loaded above");
        if let Some(id) = persons.get(hash) {
            return Ok(*id);
        }
        self.next_person += 1;
        let id = self.next_person;
        // Not added to the map, which only has to find the persons of earlier imports: each
        // person of this import is asked for once (see [`ImportBatch::person`]).
        self.new_persons.push((id, *hash));
        Ok(id)
    }

    fn add(&mut self, transfer: &StoredTransfer) -> Result<(), StoreError> {
        let year = transfer.date.year();
        let day = transfer.date.ordinal();
        let recipient = self.label(0, transfer.recipient)?;
        let route = self.label(1, transfer.route_used)?;
        let basis = basis_code(transfer.basis);
        if self.block.rows > 0 && self.block.import != transfer.import {
            self.write_block()?;
        }
        if self.block.rows == 0 {
            self.block.import = transfer.import;
            self.block.first_line = transfer.line;
            self.block.last_line = transfer.line;
        }
        encode_transfer(
            &mut self.block.data,
            transfer.line.saturating_sub(self.block.last_line),
            transfer.date.to_julian_day(),
            transfer.person,
            transfer.stream,
            basis,
            recipient,
            route,
        );
        self.block.last_line = transfer.line;
        self.block.rows += 1;
        of_year(&mut self.firsts, year, Vec::new).push(pack_first(
            transfer.person,
            layer_of(transfer.basis),
            transfer.stream,
            day,
        ));
        of_year(&mut self.days, year, || {
            vec![0; MAX_STREAMS * BASIS_CODES * DAY_SLOTS]
        })[day_slot(transfer.stream, basis, day)] += 1;
        if self.block.rows >= BLOCK_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn end_file(&mut self, import: u64, sha256: &str, rows: u64) -> Result<(), StoreError> {
        self.flush()?;
        self.tx
            .execute(
                "UPDATE imports SET sha256 = ?1, rows = ?2 WHERE id = ?3",
                params![sha256, rows, import],
            )
            .map_err(failed(&self.path))?;
        Ok(())
    }

    fn upgrades_format(&self) -> bool {
        self.upgraded
    }

    fn commit(mut self: Box<Self>) -> Result<(), StoreError> {
        self.flush()?;
        self.update_summaries()?;
        let SqliteImport { tx, path, .. } = *self;
        tx.commit().map_err(failed(&path))
    }
}
