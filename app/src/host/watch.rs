//! Live packs: the set of pack files behind a long-running view, and the worker that reloads
//! them when their files change.
//!
//! A changed file is reloaded through the same validating loader into a new shadow copy and
//! swapped in only on success; on failure the previous generation keeps serving and the error is
//! kept for display. Old generations are never unloaded (see the `native` module).

use super::hash::{hash_bytes, short_hash, FileHash};
use super::pack::{open_pack, LoadedPack, Opening};
use super::set::{is_pack_file, PackSet};
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
    /// The generation serving, if any generation ever loaded.
    pub current: Option<LoadedPack>,
    /// 1 for the first successful load, +1 per successful reload.
    pub generation: u32,
    /// The last load or reload failure, in full; cleared by the next success.
    pub last_error: Option<String>,
    pub hash: Option<FileHash>,
}

/// Every pack file a view was started with or has seen since.
#[derive(Debug, Default)]
pub struct LivePacks {
    pub packs: Vec<LivePack>,
}

/// What applying a load result did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// A new generation is serving.
    Swapped { id: String, generation: u32 },
    /// The file failed; the previous generation (if any) keeps serving.
    Failed {
        file: PathBuf,
        error: String,
        serving: Option<u32>,
    },
}

impl LivePacks {
    /// Takes over the packs of an initial load.
    pub fn from_set(set: PackSet) -> LivePacks {
        let packs = set
            .slots
            .into_iter()
            .map(|slot| {
                let hash = std::fs::read(&slot.file)
                    .ok()
                    .map(|bytes| hash_bytes(&bytes));
                match slot.loaded {
                    Ok(pack) => LivePack {
                        file: slot.file,
                        current: Some(pack),
                        generation: 1,
                        last_error: None,
                        hash,
                    },
                    Err(error) => LivePack {
                        file: slot.file,
                        current: None,
                        generation: 0,
                        last_error: Some(error.to_string()),
                        hash,
                    },
                }
            })
            .collect();
        LivePacks { packs }
    }

    /// Hashes of the files as loaded, to seed a [`Reloader`].
    pub fn hashes(&self) -> HashMap<PathBuf, FileHash> {
        self.packs
            .iter()
            .filter_map(|pack| pack.hash.map(|hash| (pack.file.clone(), hash)))
            .collect()
    }

    /// Swaps in a freshly loaded generation, or records why it failed.
    pub fn apply(&mut self, loaded: Loaded) -> Applied {
        let index = match self.packs.iter().position(|p| p.file == loaded.file) {
            Some(index) => index,
            None => {
                self.packs.push(LivePack {
                    file: loaded.file.clone(),
                    current: None,
                    generation: 0,
                    last_error: None,
                    hash: None,
                });
                self.packs.len() - 1
            }
        };
        let result = loaded.result.and_then(|pack| {
            let clash = self.packs.iter().enumerate().find(|(i, other)| {
                *i != index
                    && other
                        .current
                        .as_ref()
                        .is_some_and(|p| p.description.id == pack.description.id)
            });
            match clash {
                Some((_, other)) => Err(format!(
                    "{}: pack id `{}` is already provided by {}; remove one of the two",
                    loaded.file.display(),
                    pack.description.id,
                    other.file.display()
                )),
                None => Ok(pack),
            }
        });
        let live = &mut self.packs[index];
        match result {
            Ok(pack) => {
                let id = pack.description.id.clone();
                live.current = Some(pack);
                live.generation += 1;
                live.last_error = None;
                live.hash = Some(loaded.hash);
                Applied::Swapped {
                    id,
                    generation: live.generation,
                }
            }
            Err(error) => {
                live.last_error = Some(error.clone());
                Applied::Failed {
                    file: loaded.file,
                    error,
                    serving: live.current.is_some().then_some(live.generation),
                }
            }
        }
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
        // A file named as a build of the pack would be, which failed: its error explains.
        let expected_stem = format!("lib{}", id.replace('-', "_"));
        let failed = self.packs.iter().find(|live| {
            live.last_error.is_some()
                && live.file.file_stem().and_then(|s| s.to_str()) == Some(expected_stem.as_str())
        });
        Err(match failed {
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
