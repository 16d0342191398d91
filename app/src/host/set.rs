//! Finding pack files and opening every one of them.

use super::error::PackError;
use super::pack::{open_pack, Isolation, LoadedPack, Opening};
use super::trust::{lock_path, LOCK_FILE};
use crate::core::pack::{FaultKind, PackFault, PackSource, RulePack};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Every pack file found, loaded or not.
#[derive(Debug, Default)]
pub struct PackSet {
    pub slots: Vec<PackSlot>,
    /// Pack directories holding libraries but no `packs.lock`: whatever library lands there is
    /// loaded. Told to the user once, with how to pin them.
    pub unpinned: Vec<PathBuf>,
}

/// One file that looked like a pack, and what came of loading it.
#[derive(Debug)]
pub struct PackSlot {
    pub file: PathBuf,
    pub loaded: Result<LoadedPack, PackError>,
    /// A pack refused because other files claim its id, held back (never used here) so that a
    /// long-running view can let it serve once the other files are gone.
    pub held: Option<LoadedPack>,
}

/// The note for a pack directory without `packs.lock`, in one line.
pub fn unpinned_note(dir: &Path) -> String {
    format!(
        "packs in {} are not pinned (no {LOCK_FILE}): any library placed there is loaded; pin them with `ftzroute pack trust LIB` for each library",
        dir.display()
    )
}

impl PackSet {
    /// Loads every pack library in `dirs` (not recursive), in name order.
    pub fn load_dirs(dirs: &[PathBuf]) -> Result<PackSet, PackError> {
        PackSet::open_dirs(dirs, &Opening::in_process())
    }

    /// Opens every pack library in `dirs` (not recursive), in name order, as `opening` says.
    pub fn open_dirs(dirs: &[PathBuf], opening: &Opening) -> Result<PackSet, PackError> {
        let mut files = Vec::new();
        let mut unpinned = Vec::new();
        for dir in dirs {
            let entries = std::fs::read_dir(dir).map_err(|source| PackError::Directory {
                dir: dir.clone(),
                source,
            })?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| is_pack_file(path))
                .collect();
            found.sort();
            if !found.is_empty() && !lock_path(dir).exists() && !unpinned.contains(dir) {
                unpinned.push(dir.clone());
            }
            files.extend(found);
        }
        let mut set = PackSet::open_files(&files, opening);
        set.unpinned = unpinned;
        Ok(set)
    }

    /// Loads the given files in this process; files claiming one id are all refused.
    pub fn load_files(files: &[PathBuf]) -> PackSet {
        PackSet::open_files(files, &Opening::in_process())
    }

    /// Opens the given files as `opening` says. Runners start all at once (a slow or hung
    /// `describe` costs one deadline in all, not one per file). When two or more files claim the
    /// same pack id, none of them is used: which one was meant cannot be known, and an imposter
    /// must not win by its name.
    pub fn open_files(files: &[PathBuf], opening: &Opening) -> PackSet {
        let opened: Vec<Result<LoadedPack, PackError>> = match opening.isolation {
            Isolation::InProcess => files.iter().map(|file| open_pack(file, opening)).collect(),
            Isolation::Process { .. } => std::thread::scope(|scope| {
                let started: Vec<_> = files
                    .iter()
                    .map(|file| scope.spawn(move || open_pack(file, opening)))
                    .collect();
                started
                    .into_iter()
                    .zip(files)
                    .map(|(thread, file)| {
                        thread.join().unwrap_or_else(|_| {
                            Err(PackError::Runner {
                                file: file.clone(),
                                kind: FaultKind::NotLoaded,
                                message: "starting its runner failed unexpectedly".into(),
                            })
                        })
                    })
                    .collect()
            }),
        };
        let mut claimants: HashMap<String, Vec<PathBuf>> = HashMap::new();
        for (file, pack) in files.iter().zip(&opened) {
            if let Ok(pack) = pack {
                claimants
                    .entry(pack.description.id.clone())
                    .or_default()
                    .push(file.clone());
            }
        }
        let slots = files
            .iter()
            .zip(opened)
            .map(|(file, loaded)| {
                let mut held = None;
                let loaded = loaded.and_then(|pack| {
                    let id = pack.description.id.clone();
                    let others: Vec<PathBuf> = claimants[&id]
                        .iter()
                        .filter(|other| *other != file)
                        .cloned()
                        .collect();
                    if others.is_empty() {
                        Ok(pack)
                    } else {
                        held = Some(pack);
                        Err(PackError::DuplicateId {
                            file: file.clone(),
                            id,
                            others,
                        })
                    }
                });
                if let Err(error) = &loaded {
                    tracing::warn!(%error, "pack not loaded");
                }
                PackSlot {
                    file: file.clone(),
                    loaded,
                    held,
                }
            })
            .collect();
        PackSet {
            slots,
            unpinned: Vec::new(),
        }
    }

    /// The loaded pack with this id.
    pub fn get(&self, id: &str) -> Option<&LoadedPack> {
        self.loaded().find(|pack| pack.description.id == id)
    }

    pub fn loaded(&self) -> impl Iterator<Item = &LoadedPack> {
        self.slots
            .iter()
            .filter_map(|slot| slot.loaded.as_ref().ok())
    }

    pub fn errors(&self) -> impl Iterator<Item = &PackError> {
        self.slots
            .iter()
            .filter_map(|slot| slot.loaded.as_ref().err())
    }
}

/// A file whose extension is this platform's shared-library extension.
pub fn is_pack_file(path: &Path) -> bool {
    path.is_file()
        && path.extension().and_then(|e| e.to_str()) == Some(std::env::consts::DLL_EXTENSION)
}

/// Where packs are looked for without `--packs`: beside the executable (where
/// `cargo build --release --workspace` puts them), and its `packs/` subdirectory if present.
pub fn default_pack_dirs() -> Vec<PathBuf> {
    let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
    else {
        return Vec::new();
    };
    let mut dirs = vec![dir.clone()];
    if dir.join("packs").is_dir() {
        dirs.push(dir.join("packs"));
    }
    dirs
}

impl PackSource for PackSet {
    fn pack(&self, id: &str) -> Result<&dyn RulePack, PackFault> {
        match self.get(id) {
            Some(pack) => Ok(pack),
            None => Err(missing_pack(id, self.errors())),
        }
    }
}

/// Why no pack answers for `id`: the refusal of the files that all claim it, or the load error
/// of the file named as a build of it would be, else that it was not found.
pub fn missing_pack<'a>(id: &str, errors: impl Iterator<Item = &'a PackError>) -> PackFault {
    let expected_stem = format!("lib{}", id.replace('-', "_"));
    let mut named = None;
    for error in errors {
        if let PackError::DuplicateId { id: claimed, .. } = error {
            if claimed == id {
                return error.fault();
            }
        }
        let stem = error
            .file()
            .and_then(|f| f.file_stem())
            .and_then(|s| s.to_str());
        if named.is_none() && stem == Some(expected_stem.as_str()) {
            named = Some(error.fault().for_pack(id));
        }
    }
    named.unwrap_or_else(|| PackFault::not_loaded(id))
}
