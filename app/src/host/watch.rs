//! Live packs: the set of pack files behind a long-running view, and the worker that reloads
//! them when their files change.
//!
//! A changed file is reloaded through the same validating loader into a new shadow copy and
//! swapped in only on success; on failure the previous generation keeps serving and the error is
//! kept for display. Old generations are never unloaded (see the `native` module).

use super::error::PackError;
use super::hash::{hash_bytes, short_hash, FileHash};
use super::pack::{open_pack, LoadedPack, Opening};
use super::set::{is_pack_file, unpinned_note, PackSet};
use crate::core::pack::{FaultKind, PackFault, PackSource, RulePack};
use notify::RecursiveMode;
use notify_debouncer_full::{
    new_debouncer, new_debouncer_opt, DebounceEventResult, RecommendedCache,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

/// One pack file and the generation of it currently serving.
#[derive(Debug)]
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
/// (packs not pinned by a `packs.lock`).
#[derive(Debug, Default)]
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

/// How the reload worker watches the pack directories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchMode {
    /// Native change events (inotify, FSEvents, ...).
    Events,
    /// Polling, for file systems without change events (network mounts and the like).
    Poll(Duration),
}

/// Quiet time after the last event before a file is considered.
const DEBOUNCE: Duration = Duration::from_millis(250);
/// A file is stable when its size and modification time hold across this interval.
const STABLE_INTERVAL: Duration = Duration::from_millis(100);
/// Give up on a file still changing after this long (it is retried on its next event).
const STABLE_LIMIT: Duration = Duration::from_secs(10);

enum Request {
    File(PathBuf, Instant),
    Rescan,
}

/// Handle to the reload worker: watches the pack directories and sends [`Loaded`] results.
pub struct Reloader {
    requests: Sender<Request>,
    // Dropping the debouncer stops the watch; held for the reloader's lifetime.
    _watch: Box<dyn std::any::Any + Send>,
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
        let (requests, receiver) = mpsc::channel::<Request>();
        let from_watcher = requests.clone();
        let handler = move |result: DebounceEventResult| {
            let Ok(events) = result else { return };
            // Reading a file (as this worker does) raises access events: reacting to them would
            // loop forever. Only changes count.
            for event in events.iter().filter(|event| is_change(&event.kind)) {
                for path in &event.paths {
                    if path.extension().and_then(|e| e.to_str())
                        == Some(std::env::consts::DLL_EXTENSION)
                    {
                        let _ = from_watcher.send(Request::File(path.clone(), Instant::now()));
                    }
                }
            }
        };
        let watch: Box<dyn std::any::Any + Send> = match mode {
            WatchMode::Events => {
                let mut debouncer = new_debouncer(DEBOUNCE, None, handler)?;
                for dir in dirs {
                    debouncer.watch(dir, RecursiveMode::NonRecursive)?;
                }
                Box::new(debouncer)
            }
            WatchMode::Poll(interval) => {
                let config = notify::Config::default()
                    .with_poll_interval(interval)
                    .with_compare_contents(true);
                let mut debouncer = new_debouncer_opt::<_, notify::PollWatcher, RecommendedCache>(
                    DEBOUNCE,
                    None,
                    handler,
                    RecommendedCache::new(),
                    config,
                )?;
                for dir in dirs {
                    debouncer.watch(dir, RecursiveMode::NonRecursive)?;
                }
                Box::new(debouncer)
            }
        };
        let dirs = dirs.to_vec();
        std::thread::Builder::new()
            .name("pack-reload".into())
            .spawn(move || worker(receiver, dirs, opening, known, deliver))
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

fn worker(
    requests: Receiver<Request>,
    dirs: Vec<PathBuf>,
    opening: Opening,
    mut known: HashMap<PathBuf, FileHash>,
    deliver: impl Fn(Loaded),
) {
    while let Ok(request) = requests.recv() {
        let files: Vec<(PathBuf, Instant)> = match request {
            Request::File(file, noticed) => vec![(file, noticed)],
            Request::Rescan => {
                let now = Instant::now();
                dirs.iter()
                    .filter_map(|dir| std::fs::read_dir(dir).ok())
                    .flat_map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())))
                    .filter(|path| is_pack_file(path))
                    .map(|path| (path, now))
                    .collect()
            }
        };
        for (file, noticed) in files {
            tracing::debug!(
                file = %file.display(),
                waited_ms = noticed.elapsed().as_secs_f64() * 1000.0,
                "pack change picked up"
            );
            if !wait_until_stable(&file) {
                // Gone: its pack stops serving (and a pack it clashed with serves again).
                if !file.exists() && known.remove(&file).is_some() {
                    deliver(Loaded {
                        result: Err(format!("{}: the file was removed", file.display())),
                        file,
                        hash: [0; 32],
                        noticed,
                        removed: true,
                    });
                }
                continue;
            }
            let Ok(bytes) = std::fs::read(&file) else {
                continue;
            };
            let hash = hash_bytes(&bytes);
            if known.get(&file) == Some(&hash) {
                tracing::debug!(file = %file.display(), "unchanged, not reloaded");
                continue;
            }
            known.insert(file.clone(), hash);
            tracing::info!(file = %file.display(), hash = %short_hash(&hash), "loading changed pack");
            let result = open_pack(&file, &opening).map_err(|e| e.to_string());
            deliver(Loaded {
                file,
                hash,
                result,
                noticed,
                removed: false,
            });
        }
    }
}

/// True for events that change a file (create, write, rename, remove), false for reads.
pub fn is_change(kind: &notify::EventKind) -> bool {
    !matches!(kind, notify::EventKind::Access(_))
}

/// Waits until the file's size and modification time stop changing (a linker may still be
/// writing it). False if it vanished or kept changing.
fn wait_until_stable(file: &Path) -> bool {
    let started = Instant::now();
    let stamp = |file: &Path| {
        std::fs::metadata(file)
            .ok()
            .map(|m| (m.len(), m.modified().ok()))
    };
    let mut last = stamp(file);
    loop {
        if last.is_none() {
            return false;
        }
        std::thread::sleep(STABLE_INTERVAL);
        let now = stamp(file);
        if now == last {
            return true;
        }
        if started.elapsed() > STABLE_LIMIT {
            tracing::warn!(file = %file.display(), "pack file kept changing; skipped until its next change");
            return false;
        }
        last = now;
    }
}
