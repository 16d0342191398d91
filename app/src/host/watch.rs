//! Live packs: the set of pack files behind a long-running view, and the worker that opens them
//! and reloads them when their files change.
//!
//! A changed file is reloaded through the same validating loader into a new shadow copy and
//! swapped in only on success; on failure the previous generation keeps serving and the error is
//! kept for display. Old generations are never unloaded (see the `native` module).
//!
//! When is a changed file complete? A build lands a library in one of three ways: written in
//! place and closed (a linker, `cp`), renamed into place from a temporary name, or hard-linked
//! into place (cargo, from `deps/`). A close after writing and a rename or link into place say
//! "complete"; data written without a close yet says "still being written". A file is loaded once
//! it has had no event for [`SETTLE`] (so a build writing in several quick steps is taken whole),
//! nothing is writing it, and its size and modification time still match those seen with its
//! last event. With polling there are no close events: the file must hold still for
//! [`POLL_STABLE`].

use super::error::PackError;
use super::hash::{hash_bytes, short_hash, FileHash};
use super::pack::{open_pack, LoadedPack, Opening};
use super::set::{is_pack_file, unpinned_note, PackSet};
use crate::core::pack::{FaultKind, PackFault, PackSource, RulePack};
use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// One pack file and the generation of it currently serving. Cloning shares the loaded pack.
#[derive(Debug, Clone)]
pub struct LivePack {
    pub file: PathBuf,
    /// The generation serving, if any generation ever loaded (and no other file claims its id).
    pub current: Option<LoadedPack>,
    /// 1 for the first successful load, +1 per successful reload.
    pub generation: u32,
    /// The last load or reload failure, in full; cleared by the next success.
    pub last_error: Option<String>,
    /// The last failure as a fault, when its kind is known (the first load).
    pub fault: Option<PackFault>,
    pub hash: Option<FileHash>,
    /// A generation that loaded but does not serve, because other files claim its pack id.
    pub held: Option<LoadedPack>,
    /// The other files claiming this file's pack id; empty when there is no clash.
    pub clash: Vec<PathBuf>,
}

impl LivePack {
    fn new(file: PathBuf) -> LivePack {
        LivePack {
            file,
            current: None,
            generation: 0,
            last_error: None,
            fault: None,
            hash: None,
            held: None,
            clash: Vec::new(),
        }
    }

    /// The pack this file provides, serving or held back by a clash.
    fn pack(&self) -> Option<&LoadedPack> {
        self.current.as_ref().or(self.held.as_ref())
    }
}

/// Every pack file a view was started with or has seen since, and notes about the directories
/// (packs not pinned by a `packs.lock`). A clone is a snapshot that evaluates on another thread
/// while the view goes on.
#[derive(Debug, Default, Clone)]
pub struct LivePacks {
    pub packs: Vec<LivePack>,
    pub notes: Vec<String>,
}

/// What applying a load result did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// A new generation is serving (also: a pack restored when the file clashing with it went).
    Swapped { id: String, generation: u32 },
    /// The file failed, clashes with another, or was removed; the previous generation (if any)
    /// keeps serving.
    Failed {
        file: PathBuf,
        error: String,
        serving: Option<u32>,
    },
}

/// The message of a file whose pack id other files claim too.
fn clash_message(file: &Path, id: &str, others: &[PathBuf]) -> String {
    PackError::DuplicateId {
        file: file.to_path_buf(),
        id: id.to_owned(),
        others: others.to_vec(),
    }
    .to_string()
}

impl LivePacks {
    /// Takes over the packs of an initial load. Files refused as duplicates of one another keep
    /// their packs held back, so that removing all but one restores it.
    pub fn from_set(set: PackSet) -> LivePacks {
        let notes = set.unpinned.iter().map(|dir| unpinned_note(dir)).collect();
        let packs = set
            .slots
            .into_iter()
            .map(|slot| {
                let hash = std::fs::read(&slot.file)
                    .ok()
                    .map(|bytes| hash_bytes(&bytes));
                let mut live = LivePack::new(slot.file);
                live.hash = hash;
                match (slot.loaded, slot.held) {
                    (Ok(pack), _) => {
                        live.current = Some(pack);
                        live.generation = 1;
                    }
                    (Err(_), Some(pack)) => {
                        live.held = Some(pack);
                        live.generation = 1;
                    }
                    (Err(error), None) => {
                        live.last_error = Some(error.to_string());
                        live.fault = Some(error.fault());
                    }
                }
                live
            })
            .collect();
        let mut live = LivePacks { packs, notes };
        live.settle_clashes();
        live
    }

    /// Hashes of the files as loaded, to seed a [`Reloader`].
    pub fn hashes(&self) -> HashMap<PathBuf, FileHash> {
        self.packs
            .iter()
            .filter_map(|pack| pack.hash.map(|hash| (pack.file.clone(), hash)))
            .collect()
    }

    /// Swaps in a freshly loaded generation, or records why it failed. A file that was
    /// removed is dropped. Two files claiming one pack id both stop serving until one goes: the
    /// same rule as the first load.
    pub fn apply(&mut self, loaded: Loaded) -> Applied {
        if loaded.removed {
            return self.remove(&loaded.file);
        }
        let index = match self.packs.iter().position(|p| p.file == loaded.file) {
            Some(index) => index,
            None => {
                self.packs.push(LivePack::new(loaded.file.clone()));
                self.packs.len() - 1
            }
        };
        let live = &mut self.packs[index];
        match loaded.result {
            Ok(pack) => {
                let id = pack.description.id.clone();
                live.current = Some(pack);
                live.held = None;
                live.generation += 1;
                live.last_error = None;
                live.fault = None;
                live.hash = Some(loaded.hash);
                self.settle_clashes();
                let live = &self.packs[index];
                if live.clash.is_empty() {
                    Applied::Swapped {
                        id,
                        generation: live.generation,
                    }
                } else {
                    Applied::Failed {
                        file: loaded.file,
                        error: clash_message(&live.file, &id, &live.clash),
                        serving: None,
                    }
                }
            }
            Err(error) => {
                live.last_error = Some(error.clone());
                live.fault = None;
                Applied::Failed {
                    file: loaded.file,
                    error,
                    serving: live.current.is_some().then_some(live.generation),
                }
            }
        }
    }

    /// Drops a removed file; a pack it clashed with serves again.
    fn remove(&mut self, file: &Path) -> Applied {
        self.packs.retain(|live| live.file != file);
        let restored = self.settle_clashes();
        match restored.into_iter().next() {
            Some(index) => {
                let live = &self.packs[index];
                Applied::Swapped {
                    id: live
                        .current
                        .as_ref()
                        .map(|p| p.description.id.clone())
                        .unwrap_or_default(),
                    generation: live.generation,
                }
            }
            None => Applied::Failed {
                file: file.to_path_buf(),
                error: format!("{}: the file was removed", file.display()),
                serving: None,
            },
        }
    }

    /// Holds back every pack whose id more than one file claims, and lets a held pack serve
    /// again once it is alone. Returns the indexes of the packs that serve again.
    fn settle_clashes(&mut self) -> Vec<usize> {
        let mut claimants: HashMap<String, Vec<PathBuf>> = HashMap::new();
        for live in &self.packs {
            if let Some(pack) = live.pack() {
                claimants
                    .entry(pack.description.id.clone())
                    .or_default()
                    .push(live.file.clone());
            }
        }
        let mut restored = Vec::new();
        for (index, live) in self.packs.iter_mut().enumerate() {
            let Some(id) = live.pack().map(|p| p.description.id.clone()) else {
                continue;
            };
            let others: Vec<PathBuf> = claimants[&id]
                .iter()
                .filter(|other| **other != live.file)
                .cloned()
                .collect();
            if others.is_empty() {
                if let Some(pack) = live.held.take() {
                    live.current = Some(pack);
                    live.last_error = None;
                    live.fault = None;
                    restored.push(index);
                }
            } else {
                if let Some(pack) = live.current.take() {
                    live.held = Some(pack);
                }
                live.last_error = Some(clash_message(&live.file, &id, &others));
                live.fault = None;
            }
            live.clash = others;
        }
        restored
    }

    pub fn loaded(&self) -> impl Iterator<Item = &LivePack> {
        self.packs.iter().filter(|p| p.current.is_some())
    }
}

impl PackSource for LivePacks {
    fn pack(&self, id: &str) -> Result<&dyn RulePack, PackFault> {
        let serving = self
            .packs
            .iter()
            .filter_map(|live| live.current.as_ref())
            .find(|pack| pack.description.id == id);
        if let Some(pack) = serving {
            return Ok(pack);
        }
        // Files claiming the id: none decides.
        let clashing = self.packs.iter().find(|live| {
            !live.clash.is_empty() && live.held.as_ref().is_some_and(|p| p.description.id == id)
        });
        if let Some(live) = clashing {
            return Err(PackError::DuplicateId {
                file: live.file.clone(),
                id: id.to_owned(),
                others: live.clash.clone(),
            }
            .fault());
        }
        // A file named as a build of the pack would be, which failed: its error explains.
        let expected_stem = format!("lib{}", id.replace('-', "_"));
        let failed = self.packs.iter().find(|live| {
            live.last_error.is_some()
                && live.file.file_stem().and_then(|s| s.to_str()) == Some(expected_stem.as_str())
        });
        Err(match failed {
            Some(LivePack {
                fault: Some(fault), ..
            }) => fault.clone().for_pack(id),
            Some(live) => {
                let error = live.last_error.as_deref().unwrap_or_default();
                let prefix = format!("{}: ", live.file.display());
                PackFault::new(
                    FaultKind::NotLoaded,
                    &live.file,
                    error.strip_prefix(&prefix).unwrap_or(error),
                )
                .for_pack(id)
            }
            None => PackFault::not_loaded(id),
        })
    }
}

/// A pack file loaded (or not) by the reload worker.
#[derive(Debug)]
pub struct Loaded {
    pub file: PathBuf,
    pub hash: FileHash,
    pub result: Result<LoadedPack, String>,
    /// When the worker first heard of the change: for measuring file-to-frame latency.
    pub noticed: Instant,
    /// The file is gone (`result` then says so): its pack stops serving.
    pub removed: bool,
}

/// What the pack worker reports.
#[derive(Debug)]
pub enum PackNews {
    /// The first opening of every pack file in the directories (see [`Reloader::open_and_watch`]).
    Opened(Result<LivePacks, PackError>),
    /// A changed file, loaded or not.
    Reloaded(Box<Loaded>),
    /// Every file a rescan ([`Reloader::rescan`]) looked at is settled: `changed` of them were
    /// reloaded (each also came as [`PackNews::Reloaded`]); none when every file's bytes were
    /// those already serving.
    Rescanned { changed: usize },
}

/// How the reload worker watches the pack directories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchMode {
    /// Native change events (inotify, FSEvents, ...).
    Events,
    /// Polling, for file systems without change events (network mounts and the like).
    Poll(Duration),
}

/// Quiet time after a file's last change event before it is loaded: long enough to take a build
/// that writes in several quick steps whole, and to gather the burst of events one landing raises.
const SETTLE: Duration = Duration::from_millis(50);
/// With polling (no close events), how long a changed file's size and modification time must
/// hold before it is loaded.
const POLL_STABLE: Duration = Duration::from_millis(100);
/// A file written but not closed is loaded anyway once left alone this long: a writer that keeps
/// the file open must not keep its change from ever being seen.
const WRITER_IDLE: Duration = Duration::from_secs(2);
/// Give up on a file still changing after this long (it is retried on its next event).
const STABLE_LIMIT: Duration = Duration::from_secs(10);

/// What one event says about a pack file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    /// Data written into it: a writer has it open until the close.
    Written,
    /// Closed after writing, or renamed or linked into place: complete as far as its writer knows.
    Completed,
    /// Anything else that may change it: created, removed, renamed away, permissions, a polled
    /// difference.
    Touched,
}

/// What an event means for the file it names, or `None` for reads, which change nothing (this
/// worker reads every file it loads: reacting to reads would loop forever).
fn classify(kind: &EventKind) -> Option<Change> {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => Some(Change::Completed),
        EventKind::Access(_) => None,
        EventKind::Modify(ModifyKind::Data(_)) => Some(Change::Written),
        // `Both` repeats a `From` and a `To` already reported on their own.
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => None,
        EventKind::Modify(ModifyKind::Name(RenameMode::From)) => Some(Change::Touched),
        EventKind::Modify(ModifyKind::Name(_)) => Some(Change::Completed),
        _ => Some(Change::Touched),
    }
}

enum Request {
    Event(PathBuf, Change, Instant),
    Rescan,
}

/// Handle to the reload worker: watches the pack directories and sends [`Loaded`] results.
pub struct Reloader {
    requests: Sender<Request>,
    // Dropping the watcher stops the watch; held for the reloader's lifetime.
    _watch: Box<dyn std::any::Any + Send>,
}

/// How the worker begins.
enum Beginning {
    /// The packs are open already, with these hashes.
    Known(HashMap<PathBuf, FileHash>),
    /// Open every pack file in the directories first, and report them.
    Open,
}

impl Reloader {
    /// Starts watching `dirs` (the directories, not the files: builds replace files) and loading
    /// changed pack files; results go to `deliver`. `known` holds the hashes already serving, so an
    /// unchanged file is not reloaded.
    pub fn start(
        dirs: &[PathBuf],
        mode: WatchMode,
        opening: Opening,
        known: HashMap<PathBuf, FileHash>,
        deliver: impl Fn(Loaded) + Send + 'static,
    ) -> notify::Result<Reloader> {
        Reloader::spawn(
            dirs,
            mode,
            opening,
            Beginning::Known(known),
            Box::new(move |news| {
                if let PackNews::Reloaded(loaded) = news {
                    deliver(*loaded)
                }
            }),
        )
    }

    /// Starts watching `dirs`, then opens every pack file in them on the worker, so the caller
    /// need not wait for packs that are slow to open: [`PackNews::Opened`] comes first, then a
    /// [`PackNews::Reloaded`] for each change. A change made while the packs are opening is not
    /// missed: the watch is already on.
    pub fn open_and_watch(
        dirs: &[PathBuf],
        mode: WatchMode,
        opening: Opening,
        deliver: impl Fn(PackNews) + Send + 'static,
    ) -> notify::Result<Reloader> {
        Reloader::spawn(dirs, mode, opening, Beginning::Open, Box::new(deliver))
    }

    fn spawn(
        dirs: &[PathBuf],
        mode: WatchMode,
        opening: Opening,
        beginning: Beginning,
        deliver: Box<dyn Fn(PackNews) + Send>,
    ) -> notify::Result<Reloader> {
        let (requests, receiver) = mpsc::channel::<Request>();
        let from_watcher = requests.clone();
        let polling = matches!(mode, WatchMode::Poll(_));
        let handler = move |result: notify::Result<notify::Event>| {
            let Ok(event) = result else { return };
            let Some(change) = classify(&event.kind) else {
                return;
            };
            // A poll only sees a difference, never who is writing: it proves nothing complete.
            let change = if polling { Change::Touched } else { change };
            let now = Instant::now();
            for path in &event.paths {
                if path.extension().and_then(|e| e.to_str())
                    == Some(std::env::consts::DLL_EXTENSION)
                {
                    let _ = from_watcher.send(Request::Event(path.clone(), change, now));
                }
            }
        };
        let watch: Box<dyn std::any::Any + Send> = match mode {
            WatchMode::Events => {
                let mut watcher = notify::recommended_watcher(handler)?;
                for dir in dirs {
                    watcher.watch(dir, RecursiveMode::NonRecursive)?;
                }
                Box::new(watcher)
            }
            WatchMode::Poll(interval) => {
                let config = notify::Config::default()
                    .with_poll_interval(interval)
                    .with_compare_contents(true);
                let mut watcher = notify::PollWatcher::new(handler, config)?;
                for dir in dirs {
                    watcher.watch(dir, RecursiveMode::NonRecursive)?;
                }
                Box::new(watcher)
            }
        };
        let settle = if polling { POLL_STABLE } else { SETTLE };
        let dirs = dirs.to_vec();
        std::thread::Builder::new()
            .name("pack-reload".into())
            .spawn(move || {
                let known = match beginning {
                    Beginning::Known(known) => known,
                    Beginning::Open => {
                        let opened = super::set::PackSet::open_dirs(&dirs, &opening)
                            .map(LivePacks::from_set);
                        let known = opened.as_ref().map(LivePacks::hashes).unwrap_or_default();
                        deliver(PackNews::Opened(opened));
                        known
                    }
                };
                worker(receiver, dirs, opening, known, settle, deliver)
            })
            .expect("spawn the pack reload worker");
        Ok(Reloader {
            requests,
            _watch: watch,
        })
    }

    /// Checks every pack file now (the user asked to reload).
    pub fn rescan(&self) {
        let _ = self.requests.send(Request::Rescan);
    }
}

/// Size and modification time: what a writer changes.
type Stamp = (u64, Option<std::time::SystemTime>);

fn stamp(file: &Path) -> Option<Stamp> {
    std::fs::metadata(file)
        .ok()
        .map(|m| (m.len(), m.modified().ok()))
}

/// A pack file with a change not yet loaded.
struct Pending {
    /// When its first event arrived (the latency measurement starts here).
    noticed: Instant,
    last_event: Instant,
    /// Written and not closed since.
    writing: bool,
    /// Size and modification time as of the last event.
    stamp: Option<Stamp>,
}

impl Pending {
    fn due(&self, settle: Duration) -> Instant {
        self.last_event + if self.writing { WRITER_IDLE } else { settle }
    }
}

fn worker(
    requests: Receiver<Request>,
    dirs: Vec<PathBuf>,
    opening: Opening,
    mut known: HashMap<PathBuf, FileHash>,
    settle: Duration,
    deliver: Box<dyn Fn(PackNews) + Send>,
) {
    let mut pending: HashMap<PathBuf, Pending> = HashMap::new();
    // Files reloaded since a rescan was asked for, until every file is settled.
    let mut rescan: Option<usize> = None;
    loop {
        let next_due = pending.values().map(|p| p.due(settle)).min();
        let first = match next_due {
            None => match requests.recv() {
                Ok(request) => Some(request),
                Err(_) => return,
            },
            Some(due) => match requests.recv_timeout(due.saturating_duration_since(Instant::now()))
            {
                Ok(request) => Some(request),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return,
            },
        };
        // Everything already queued is taken in before any file is judged settled: a worker
        // that fell behind must not load a file whose later writes it has yet to read about.
        let queued = first
            .into_iter()
            .chain(std::iter::from_fn(|| requests.try_recv().ok()));
        for request in queued {
            if matches!(request, Request::Rescan) {
                rescan.get_or_insert(0);
            }
            note_request(request, &mut pending, &dirs);
        }
        let now = Instant::now();
        let due: Vec<PathBuf> = pending
            .iter()
            .filter(|(_, p)| p.due(settle) <= now)
            .map(|(file, _)| file.clone())
            .collect();
        for file in due {
            let Some(mut waiting) = pending.remove(&file) else {
                continue;
            };
            let current = stamp(&file);
            match current {
                // Gone (renamed away, deleted between a build's steps) or not written yet: its
                // next event brings it back.
                None | Some((0, _)) => continue,
                Some(_) if current != waiting.stamp => {
                    // Changed without an event reaching us yet: wait for it to hold still.
                    if waiting.noticed.elapsed() > STABLE_LIMIT {
                        tracing::warn!(file = %file.display(), "pack file kept changing; skipped until its next change");
                        continue;
                    }
                    waiting.last_event = Instant::now();
                    waiting.stamp = current;
                    pending.insert(file, waiting);
                    continue;
                }
                Some(_) => {}
            }
            if waiting.writing {
                tracing::warn!(file = %file.display(), "pack file still open for writing but left alone; loading it");
            }
            let reloaded = load_changed(&file, waiting.noticed, &opening, &mut known, &*deliver);
            if let (true, Some(changed)) = (reloaded, rescan.as_mut()) {
                *changed += 1;
            }
        }
        if pending.is_empty() {
            if let Some(changed) = rescan.take() {
                deliver(PackNews::Rescanned { changed });
            }
        }
    }
}

/// Takes a request into the files waiting to settle.
fn note_request(request: Request, pending: &mut HashMap<PathBuf, Pending>, dirs: &[PathBuf]) {
    match request {
        Request::Event(file, change, at) => {
            let entry = pending.entry(file.clone()).or_insert(Pending {
                noticed: at,
                last_event: at,
                writing: false,
                stamp: None,
            });
            entry.last_event = at;
            match change {
                Change::Written => entry.writing = true,
                Change::Completed => entry.writing = false,
                Change::Touched => {}
            }
            entry.stamp = stamp(&file);
        }
        Request::Rescan => {
            let now = Instant::now();
            let files = dirs
                .iter()
                .filter_map(|dir| std::fs::read_dir(dir).ok())
                .flat_map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())))
                .filter(|path| is_pack_file(path));
            for file in files {
                let entry = pending.entry(file.clone()).or_insert(Pending {
                    noticed: now,
                    last_event: now,
                    writing: false,
                    stamp: None,
                });
                entry.last_event = now;
                entry.stamp = stamp(&file);
            }
        }
    }
}

/// Loads a changed file unless its bytes are those already serving; true when it delivered
/// news of the file (loaded, refused or removed).
fn load_changed(
    file: &Path,
    noticed: Instant,
    opening: &Opening,
    known: &mut HashMap<PathBuf, FileHash>,
    deliver: &dyn Fn(PackNews),
) -> bool {
    tracing::debug!(
        file = %file.display(),
        waited_ms = noticed.elapsed().as_secs_f64() * 1000.0,
        "pack change picked up"
    );
    let Ok(bytes) = std::fs::read(file) else {
        // Gone: its pack stops serving (and a pack it clashed with serves again).
        if !file.exists() && known.remove(file).is_some() {
            deliver(PackNews::Reloaded(Box::new(Loaded {
                result: Err(format!("{}: the file was removed", file.display())),
                file: file.to_path_buf(),
                hash: [0; 32],
                noticed,
                removed: true,
            })));
            return true;
        }
        return false;
    };
    let hash = hash_bytes(&bytes);
    if known.get(file) == Some(&hash) {
        tracing::debug!(file = %file.display(), "unchanged, not reloaded");
        return false;
    }
    known.insert(file.to_path_buf(), hash);
    tracing::info!(file = %file.display(), hash = %short_hash(&hash), "loading changed pack");
    let result = open_pack(file, opening).map_err(|e| e.to_string());
    deliver(PackNews::Reloaded(Box::new(Loaded {
        file: file.to_path_buf(),
        hash,
        result,
        noticed,
        removed: false,
    })));
    true
}

/// True for events that change a file (create, write, rename, remove), false for reads.
pub fn is_change(kind: &notify::EventKind) -> bool {
    !matches!(kind, notify::EventKind::Access(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, MetadataKind, RemoveKind};

    #[test]
    fn reads_are_not_changes_and_a_close_after_writing_completes_a_file() {
        for read in [
            EventKind::Access(AccessKind::Open(AccessMode::Any)),
            EventKind::Access(AccessKind::Read),
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
        ] {
            assert_eq!(classify(&read), None, "{read:?}");
        }
        assert_eq!(
            classify(&EventKind::Access(AccessKind::Close(AccessMode::Write))),
            Some(Change::Completed)
        );
        assert_eq!(
            classify(&EventKind::Modify(ModifyKind::Data(DataChange::Any))),
            Some(Change::Written)
        );
        assert_eq!(
            classify(&EventKind::Modify(ModifyKind::Name(RenameMode::To))),
            Some(Change::Completed),
            "renamed into place"
        );
        for touched in [
            EventKind::Create(CreateKind::File),
            EventKind::Remove(RemoveKind::File),
            EventKind::Modify(ModifyKind::Name(RenameMode::From)),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::Permissions)),
        ] {
            assert_eq!(classify(&touched), Some(Change::Touched), "{touched:?}");
        }
    }

    #[test]
    fn a_file_being_written_waits_for_its_close() {
        let now = Instant::now();
        let mut pending = Pending {
            noticed: now,
            last_event: now,
            writing: true,
            stamp: None,
        };
        assert_eq!(pending.due(SETTLE), now + WRITER_IDLE);
        pending.writing = false;
        assert_eq!(pending.due(SETTLE), now + SETTLE);
    }
}
