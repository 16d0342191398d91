//! The transfer ledger: every transfer of personal information abroad, with persons as keyed
//! hashes, counted exactly (each natural person once per group, in the deciding pack's counting
//! window, after the exclusions) for the engine, `eval`, `memo`, the dashboard and planning.
//!
//! * [`import`] reads transfer files into the profile's ledger, in one transaction;
//! * [`counts_for_profile`] gives what every consumer needs: per counting window (the current
//!   calendar year, and any other a deciding pack declares), the snapshot of the ledger at the
//!   profile's `as_of`, the profile with each export's persons taken from it, and the warnings;
//! * [`crate::core::engine::evaluate_zone_with`] judges a zone with those counts (exact group
//!   counts for the packs).
//!
//! Storage sits behind [`store::LedgerStore`]; [`sqlite::SqliteStore`] is the one there is.

pub mod counts;
pub mod key;
pub mod memory;
pub mod read;
pub mod report;
pub mod sqlite;
pub mod store;
pub mod summary;

use crate::common::input::InputError;
use crate::core::engine::{Counted, WindowedCounts, ZoneEvaluation};
use crate::core::pack::RulePack;
use crate::core::profile::{LedgerSettings, Profile};
use crate::core::wording::thousands;
use counts::Snapshot;
use ftzroute_plugin_api::{CountingWindow, DataKind};
use key::{to_hex, KeyCreateError, LedgerKey};
use sqlite::SqliteStore;
use std::collections::HashSet;
use std::path::PathBuf;
use store::{LedgerStore, StoreError, StoredTransfer};

/// Why the ledger could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    /// A file the user gave is unusable: a transfer file, the key.
    #[error("{0}")]
    Input(#[from] InputError),
    /// The ledger could not be read or written, or is not a ledger.
    #[error("{0}")]
    Store(#[from] StoreError),
}

impl LedgerError {
    /// True when the problem is the user's input (exit 2), not a failure to read or write.
    pub fn is_input(&self) -> bool {
        matches!(
            self,
            LedgerError::Input(_) | LedgerError::Store(StoreError::NotALedger(_))
        )
    }
}

/// A warning about the profile against its ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerWarning {
    /// The export concerned, if one.
    pub export: Option<String>,
    pub message: String,
}

/// A profile's counts from its ledger in one counting window.
#[derive(Debug, Clone)]
pub struct WindowCounts {
    pub snapshot: Snapshot,
    /// The profile with `persons`, `exempt_persons` and `exempt_bases` of every personal and
    /// genetic export taken from the ledger, in this window.
    pub profile: Profile,
    /// What the profile itself states as `persons`, by export.
    pub stated: Vec<Option<u64>>,
    pub warnings: Vec<LedgerWarning>,
}

/// A profile's counts from its ledger: in the current calendar year, and in each other window
/// a pack that may decide for the profile counts (the 2022 Measures count from 1 January of the
/// previous year).
#[derive(Debug, Clone)]
pub struct LedgerCounts {
    pub settings: LedgerSettings,
    /// The current calendar year first, then the other windows asked for.
    pub windows: Vec<WindowCounts>,
}

impl LedgerCounts {
    /// The counts of the current calendar year: the handler's totals, the filing form's
    /// projection.
    pub fn calendar_year(&self) -> &WindowCounts {
        &self.windows[0]
    }

    /// The counts in `window`, when they were asked for.
    pub fn window(&self, window: CountingWindow) -> Option<&WindowCounts> {
        self.windows.iter().find(|w| w.snapshot.window == window)
    }

    /// The counts every judged zone of `zones` was counted in, when they all used one window
    /// (what a report's single "counted" column can show); else the current calendar year's.
    pub fn shown<'z>(&self, zones: impl IntoIterator<Item = &'z ZoneEvaluation>) -> &WindowCounts {
        let mut windows = zones
            .into_iter()
            .filter_map(|zone| zone.counted.map(|c| c.window));
        let first = windows.next();
        match first {
            Some(window) if windows.all(|w| w == window) => {
                self.window(window).unwrap_or(self.calendar_year())
            }
            _ => self.calendar_year(),
        }
    }

    /// The warnings of every window, each once.
    pub fn warnings(&self) -> Vec<&LedgerWarning> {
        let mut all: Vec<&LedgerWarning> = Vec::new();
        for warning in self.windows.iter().flat_map(|w| &w.warnings) {
            if !all.contains(&warning) {
                all.push(warning);
            }
        }
        all
    }
}

/// Every warning about the profile: its own figures, its vocabulary and, with a ledger, the
/// ledger's, each once, in that order. Each is printed on stderr and carried in every output.
pub fn profile_warnings(profile: &Profile, ledger: Option<&LedgerCounts>) -> Vec<String> {
    let mut all = profile.warnings.clone();
    for warning in ledger.map(LedgerCounts::warnings).unwrap_or_default() {
        if !all.contains(&warning.message) {
            all.push(warning.message.clone());
        }
    }
    all
}

fn counts_exports(kind: DataKind) -> bool {
    matches!(kind, DataKind::Personal | DataKind::Genetic)
}

/// The windows to count `profile`'s ledger in: the current calendar year, and the window of
/// every pack of `packs` that may decide for it (it covers the sector and is in force on
/// `as_of`), so that every zone, and every variant `plan` tries, finds its window counted.
pub fn windows_for<'p>(
    profile: &Profile,
    packs: impl IntoIterator<Item = &'p dyn RulePack>,
) -> Vec<CountingWindow> {
    let mut windows = vec![CountingWindow::CalendarYear];
    for pack in packs {
        let description = pack.description();
        let may_decide =
            description.covers_sector(&profile.handler.sector) && pack.in_force().on(profile.as_of);
        if may_decide && !windows.contains(&description.counting_window) {
            windows.push(description.counting_window);
        }
    }
    windows
}

/// SQLite's quick integrity check of the whole ledger of `settings` (every table and page; about
/// a second per two million transfers). Opening a ledger checks only the tables counting reads,
/// and an import those it rebuilds the counts from.
pub fn check_integrity(settings: &LedgerSettings) -> Result<(), LedgerError> {
    SqliteStore::open(&settings.path, false)?.check_all()?;
    Ok(())
}

/// The ledger snapshots of a profile that names one, at its `as_of`, one per window: the store is
/// opened once.
pub fn snapshots(
    settings: &LedgerSettings,
    as_of: time::Date,
    windows: &[CountingWindow],
) -> Result<Vec<Snapshot>, LedgerError> {
    let store = SqliteStore::open(&settings.path, false)?;
    let (streams, imports) = (store.streams()?, store.imports()?);
    windows
        .iter()
        .map(|window| {
            let summary = store.span(window.first_year(as_of.year()), as_of.year())?;
            Ok(Snapshot::new(
                settings.path.clone(),
                as_of,
                *window,
                settings.cross_scenario,
                streams.clone(),
                imports.clone(),
                summary.as_ref(),
            ))
        })
        .collect()
}

/// The counts of a profile from its ledger in the current calendar year and in `windows`
/// (`None` when it names no ledger): the one function `eval`, `memo`, the dashboard and
/// planning call.
pub fn counts_for_profile(
    profile: &Profile,
    windows: &[CountingWindow],
) -> Result<Option<LedgerCounts>, LedgerError> {
    let Some(settings) = &profile.ledger else {
        return Ok(None);
    };
    let mut all = vec![CountingWindow::CalendarYear];
    for window in windows {
        if !all.contains(window) {
            all.push(*window);
        }
    }
    let snapshots = snapshots(settings, profile.as_of, &all)?;
    Ok(Some(apply(profile, settings, snapshots)))
}

/// The profile with its exports' persons taken from each snapshot (the current calendar year's
/// first), and what disagrees.
pub fn apply(
    profile: &Profile,
    settings: &LedgerSettings,
    snapshots: Vec<Snapshot>,
) -> LedgerCounts {
    LedgerCounts {
        settings: settings.clone(),
        windows: snapshots
            .into_iter()
            .map(|snapshot| apply_window(profile, snapshot))
            .collect(),
    }
}

fn apply_window(profile: &Profile, snapshot: Snapshot) -> WindowCounts {
    let mut counted = profile.clone();
    let mut warnings = Vec::new();
    let window = format!(
        "from {} to {}",
        crate::common::dates::format_date(snapshot.window_start()),
        crate::common::dates::format_date(profile.as_of)
    );
    for export in counted
        .exports
        .iter_mut()
        .filter(|e| counts_exports(e.kind))
    {
        let figures = snapshot.export(&export.id);
        if let Some(stated) = export.persons {
            let exempt = figures.exempt_persons();
            if stated != figures.persons || export.exempt_persons != exempt {
                warnings.push(LedgerWarning {
                    export: Some(export.id.clone()),
                    message: format!(
                        "export `{}` states persons = {} and exempt_persons = {} but the ledger \
                         holds {}, {} of them exempt, {window}; the ledger's figures are \
                         used",
                        export.id,
                        thousands(stated),
                        thousands(export.exempt_persons),
                        ftzroute_plugin_api::sdk::text::persons(figures.persons),
                        thousands(exempt),
                    ),
                });
            }
        }
        export.persons = Some(figures.persons);
        export.exempt_persons = figures.exempt_persons();
        export.exempt_bases = figures.exempt_bases();
    }
    let known: Vec<&str> = profile
        .exports
        .iter()
        .filter(|e| counts_exports(e.kind))
        .map(|e| e.id.as_str())
        .collect();
    for (export, transfers) in snapshot.exports_not_in(&known) {
        warnings.push(LedgerWarning {
            export: None,
            message: format!(
                "the ledger holds {} {window} for export `{export}`, which is not a \
                 personal or genetic export of the profile; {} counted in the handler's \
                 totals only",
                ftzroute_plugin_api::sdk::text::count_of(transfers, "transfer", "transfers"),
                if transfers == 1 { "it is" } else { "they are" }
            ),
        });
    }
    WindowCounts {
        snapshot,
        profile: counted,
        stated: profile.exports.iter().map(|e| e.persons).collect(),
        warnings,
    }
}

/// The engine judges a zone with the counts of the window its deciding pack counts in
/// ([`crate::core::engine::evaluate_zone_with`]).
impl WindowedCounts for LedgerCounts {
    fn counted_in(&self, window: CountingWindow) -> Option<Counted<'_>> {
        self.window(window).map(WindowCounts::counted)
    }

    fn counted_this_year(&self) -> Counted<'_> {
        self.calendar_year().counted()
    }
}

impl WindowCounts {
    fn counted(&self) -> Counted<'_> {
        Counted {
            profile: &self.profile,
            counter: &self.snapshot,
            warnings: self
                .warnings
                .iter()
                .filter_map(|w| Some((w.export.as_deref()?, w.message.as_str())))
                .collect(),
        }
    }
}

/// A batch of checked rows from the reading thread to the writing one.
enum Message {
    Rows(Rows),
    /// The current file is read whole.
    FileDone(read::FileRead),
}

/// Checked rows, their texts (persons, labels) in one buffer: one allocation per message, not
/// three per row.
#[derive(Default)]
struct Rows {
    texts: String,
    rows: Vec<Parsed>,
}

impl Rows {
    /// Room for a whole message from the start: growing a vector of 8,192 rows step by step
    /// copies them over and over.
    fn with_room() -> Rows {
        Rows {
            texts: String::with_capacity(ROWS_PER_MESSAGE * 16),
            rows: Vec::with_capacity(ROWS_PER_MESSAGE),
        }
    }

    /// Keeps `text` in the buffer; where it is.
    fn keep(&mut self, text: &str) -> Text {
        let start = self.texts.len() as u32;
        self.texts.push_str(text);
        Text {
            start,
            len: text.len() as u32,
        }
    }

    fn text(&self, text: Text) -> &str {
        &self.texts[text.start as usize..(text.start + text.len) as usize]
    }
}

/// A text's place in [`Rows::texts`].
#[derive(Clone, Copy)]
struct Text {
    start: u32,
    len: u32,
}

struct Parsed {
    line: u64,
    date: time::Date,
    /// Normalised identifier.
    person: Text,
    /// Index of the export in the profile.
    export: u32,
    sensitive: bool,
    basis: Option<ftzroute_plugin_api::CbdfBasis>,
    recipient: Option<Text>,
    route_used: Option<Text>,
}

const ROWS_PER_MESSAGE: usize = 8192;

/// The reading thread: every file in turn, each row checked against the profile (persons are
/// numbered and hashed by the writing thread, which has the time). Stops at the first bad row, or
/// when the writer has gone.
fn read_files(
    profile: &Profile,
    files: &[PathBuf],
    sender: std::sync::mpsc::SyncSender<Message>,
) -> Result<(), LedgerError> {
    let exports: summary::FastMap<&str, (usize, &ftzroute_plugin_api::Export)> = profile
        .exports
        .iter()
        .enumerate()
        .map(|(index, e)| (e.id.as_str(), (index, e)))
        .collect();
    let allowed: Vec<&str> = profile
        .exports
        .iter()
        .filter(|e| counts_exports(e.kind))
        .map(|e| e.id.as_str())
        .collect();
    let mut pending = Rows::with_room();
    // The writer went away (it failed): nothing more to do, its error is the one to report.
    struct Gone;
    let send = |message: Message| sender.send(message).map_err(|_| Gone);
    for file in files {
        let input = std::fs::File::open(file)
            .map_err(|e| InputError::new(file, format!("cannot read the transfer file: {e}")))?;
        let mut gone = false;
        let read = read::read_transfers(file, input, &mut |row| {
            let (index, export) = match exports.get(row.export) {
                Some((index, export)) if counts_exports(export.kind) => (*index, *export),
                Some((_, export)) => {
                    return Err(row.error(
                        file,
                        read::Field::Export,
                        format!(
                            "export `{}` is of kind `{}`; the ledger counts persons of personal \
                             and genetic exports only ({})",
                            row.export,
                            crate::core::profile::kind_id(export.kind),
                            allowed.join(", ")
                        ),
                    ))
                }
                None => {
                    return Err(row.error(
                        file,
                        read::Field::Export,
                        format!(
                            "unknown export `{}`; the profile's personal and genetic exports are: \
                             {}",
                            row.export,
                            allowed.join(", ")
                        ),
                    ))
                }
            };
            if export.kind == DataKind::Personal && export.sensitive != row.sensitive {
                return Err(row.error(
                    file,
                    read::Field::Sensitive,
                    format!(
                        "the transfer says sensitive = {} but the profile's export `{}` says {}; \
                         sensitive and non-sensitive persons are counted apart, so record them \
                         under different exports",
                        row.sensitive, export.id, export.sensitive
                    ),
                ));
            }
            let person = pending.keep(row.person);
            let recipient = row.recipient.map(|text| pending.keep(text));
            let route_used = row.route_used.map(|text| pending.keep(text));
            pending.rows.push(Parsed {
                line: row.line,
                date: row.date,
                person,
                export: index as u32,
                sensitive: row.sensitive,
                basis: row.basis,
                recipient,
                route_used,
            });
            if pending.rows.len() >= ROWS_PER_MESSAGE
                && send(Message::Rows(std::mem::replace(
                    &mut pending,
                    Rows::with_room(),
                )))
                .is_err()
            {
                gone = true;
                return Err(InputError::new(file, "the import stopped"));
            }
            Ok(())
        });
        if gone {
            return Ok(());
        }
        let read = read?;
        let done = [
            Message::Rows(std::mem::take(&mut pending)),
            Message::FileDone(read),
        ];
        for message in done {
            if send(message).is_err() {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// The writing thread's part: each file's rows into the store, each of the import's persons
/// hashed once, each file's hash checked against the files imported before.
fn write_rows(
    profile: &Profile,
    key: &LedgerKey,
    files: &[PathBuf],
    batch: &mut dyn store::ImportBatch,
    receiver: &std::sync::mpsc::Receiver<Message>,
    report: &mut ImportReport,
) -> Result<(), LedgerError> {
    // Identifier → the ledger's number for the person, for this import.
    let mut persons = PersonNumbers::default();
    let mut streams: Vec<[Option<u8>; 2]> = vec![[None; 2]; profile.exports.len()];
    let mut seen_hashes: HashSet<[u8; 32]> = HashSet::new();
    for file in files {
        let import_id = batch.begin_file(&file.display().to_string())?;
        loop {
            // The reader has stopped (a bad row: its error is returned by the caller).
            let Ok(message) = receiver.recv() else {
                return Ok(());
            };
            let rows = match message {
                Message::Rows(rows) => rows,
                Message::FileDone(read) => {
                    let sha256 = to_hex(&read.sha256);
                    if !seen_hashes.insert(read.sha256) {
                        return Err(InputError::new(
                            file,
                            "the same file (same SHA-256) is given twice; nothing was imported",
                        )
                        .into());
                    }
                    if let Some(earlier) = batch.find_import(&sha256)? {
                        return Err(InputError::new(
                            file,
                            format!(
                                "already imported on {} as import {} from {} (same SHA-256, {} \
                                 transfers); importing a file twice is refused, so nothing was \
                                 imported",
                                earlier.imported_at,
                                earlier.id,
                                earlier.file,
                                thousands(earlier.rows)
                            ),
                        )
                        .into());
                    }
                    batch.end_file(import_id, &sha256, read.rows)?;
                    report.files.push((file.clone(), read.rows));
                    break;
                }
            };
            for row in &rows.rows {
                let export = &profile.exports[row.export as usize];
                let known = &mut streams[row.export as usize][usize::from(row.sensitive)];
                let stream = match *known {
                    Some(stream) => stream,
                    None => match batch.stream(&export.id, row.sensitive)? {
                        Some(stream) => *known.insert(stream),
                        None => {
                            return Err(InputError::new(
                                file,
                                format!(
                                    "a ledger holds at most {} (export, sensitive) pairs",
                                    summary::MAX_STREAMS
                                ),
                            )
                            .at_line(row.line as usize)
                            .into())
                        }
                    },
                };
                let identifier = rows.text(row.person);
                let person = match persons.get(identifier) {
                    Some(person) => person,
                    None => {
                        let person = batch.person(&key.hash(identifier))?;
                        persons.insert(identifier, person);
                        person
                    }
                };
                batch.add(&StoredTransfer {
                    import: import_id,
                    line: row.line,
                    date: row.date,
                    person,
                    stream,
                    basis: row.basis,
                    recipient: row.recipient.map(|text| rows.text(text)),
                    route_used: row.route_used.map(|text| rows.text(text)),
                })?;
            }
        }
    }
    Ok(())
}

/// Identifier → person number for one import. Identifiers of up to 31 bytes (nearly all) are
/// kept inline, so a lookup follows no pointer: with millions of persons, that is most of the
/// time the map takes.
#[derive(Default)]
struct PersonNumbers {
    short: summary::FastMap<[u8; 32], u32>,
    long: summary::FastMap<Box<str>, u32>,
}

impl PersonNumbers {
    fn inline(id: &str) -> Option<[u8; 32]> {
        let bytes = id.as_bytes();
        (bytes.len() < 32).then(|| {
            let mut key = [0u8; 32];
            key[..bytes.len()].copy_from_slice(bytes);
            key[31] = bytes.len() as u8;
            key
        })
    }

    fn get(&self, id: &str) -> Option<u32> {
        match Self::inline(id) {
            Some(key) => self.short.get(&key).copied(),
            None => self.long.get(id).copied(),
        }
    }

    fn insert(&mut self, id: &str, person: u32) {
        match Self::inline(id) {
            Some(key) => self.short.insert(key, person),
            None => self.long.insert(id.into(), person),
        };
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub ledger: PathBuf,
    /// The key was made by this import (the ledger's first).
    pub key_created: Option<PathBuf>,
    /// Each file with its transfers.
    pub files: Vec<(PathBuf, u64)>,
    /// The ledger was of an earlier format, upgraded by this import.
    pub upgraded: bool,
}

/// Reads `files` into the profile's ledger, creating the ledger and its key on first use. All or
/// nothing: the first bad line (named by file, line and field), a file imported before, or any
/// failure leaves the ledger as it was.
///
/// Each transfer's export must be a personal or genetic export of the profile; for a personal
/// export its `sensitive` must agree with the profile's (sensitive and non-sensitive persons are
/// counted apart, so they belong to different exports).
pub fn import(
    profile: &Profile,
    settings: &LedgerSettings,
    files: &[PathBuf],
) -> Result<ImportReport, LedgerError> {
    import_waiting(profile, settings, files, &mut |_| {})
}

/// [`import`], calling `waiting` with the time waited so far, about twice a second, while
/// another import is writing the ledger (this one starts when that one ends).
pub fn import_waiting(
    profile: &Profile,
    settings: &LedgerSettings,
    files: &[PathBuf],
    waiting: &mut dyn FnMut(std::time::Duration),
) -> Result<ImportReport, LedgerError> {
    for file in files {
        std::fs::metadata(file)
            .map_err(|e| InputError::new(file, format!("cannot read the transfer file: {e}")))?;
    }
    if let Some(dir) = settings.path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.is_dir() {
            return Err(InputError::new(
                &settings.path,
                format!(
                    "the ledger's directory {} does not exist; create it or change [ledger] path",
                    dir.display()
                ),
            )
            .into());
        }
    }
    // A key file that cannot be used is refused before anything is created.
    LedgerKey::load(&settings.path).map_err(|error| InputError::new(&error.path, error.message))?;
    let mut store = SqliteStore::open(&settings.path, true)?;
    // The key is settled inside the write transaction: of two first imports, the second finds
    // the first one's key (or makes it, if the first was stopped before committing).
    let mut batch = store.begin_import(waiting)?;
    let recorded = batch.key_check()?;
    let (key, key_created) = match (LedgerKey::load(&settings.path), recorded) {
        (Err(error), _) => {
            return Err(InputError::new(&error.path, error.message).into());
        }
        (Ok(Some(key)), Some(recorded)) if key.check_value() != recorded => {
            return Err(InputError::new(
                key.path(),
                format!(
                    "this key is not the key of {}: persons hashed with another key would never \
                     match the ones already there; restore the ledger's own key file",
                    settings.path.display()
                ),
            )
            .into());
        }
        (Ok(Some(key)), _) => (key, None),
        (Ok(None), Some(_)) => {
            return Err(InputError::new(
                &key::key_path(&settings.path),
                "the ledger's key file is missing: without it new transfers cannot be matched to \
                 the persons already in the ledger; restore it from a backup (counting works \
                 without it)",
            )
            .into());
        }
        (Ok(None), None) => match LedgerKey::create(&settings.path) {
            Ok((key, true)) => {
                let path = key.path().to_path_buf();
                (key, Some(path))
            }
            Ok((key, false)) => (key, None),
            Err(KeyCreateError::DiskFull(error)) => {
                return Err(StoreError::DiskFull(error.to_string()).into())
            }
            Err(KeyCreateError::Other(error)) => {
                return Err(InputError::new(&error.path, error.message).into())
            }
        },
    };
    batch.set_key_check(&key.check_value())?;
    let mut report = ImportReport {
        ledger: settings.path.clone(),
        key_created,
        files: Vec::new(),
        upgraded: batch.upgrades_format(),
    };
    // Two threads, one per core: the other reads and checks the rows, this one numbers and hashes
    // the persons and writes to the store (and the file's SHA-256 has a thread of its own).
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Message>(8);
    std::thread::scope(|scope| -> Result<(), LedgerError> {
        let reader = scope.spawn(|| read_files(profile, files, sender));
        let written = write_rows(profile, &key, files, &mut *batch, &receiver, &mut report);
        // Stop the reader if writing failed, then take its outcome.
        drop(receiver);
        let read = reader.join().expect("the reading thread does not panic");
        written?;
        read
    })?;
    batch.commit()?;
    Ok(report)
}
