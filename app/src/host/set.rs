//! Finding pack files and opening every one of them.

use super::error::PackError;
use super::pack::{open_pack, LoadedPack, Opening};
use crate::core::pack::{PackFault, PackSource, RulePack};
use std::path::{Path, PathBuf};

/// Every pack file found, loaded or not.
#[derive(Debug, Default)]
pub struct PackSet {
    pub slots: Vec<PackSlot>,
}

/// One file that looked like a pack, and what came of loading it.
#[derive(Debug)]
pub struct PackSlot {
    pub file: PathBuf,
    pub loaded: Result<LoadedPack, PackError>,
}

impl PackSet {
    /// Loads every pack library in `dirs` (not recursive), in name order.
    pub fn load_dirs(dirs: &[PathBuf]) -> Result<PackSet, PackError> {
        PackSet::open_dirs(dirs, &Opening::in_process())
    }

    /// Opens every pack library in `dirs` (not recursive), in name order, as `opening` says.
    pub fn open_dirs(dirs: &[PathBuf], opening: &Opening) -> Result<PackSet, PackError> {
        let mut files = Vec::new();
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
            files.extend(found);
        }
        Ok(PackSet::open_files(&files, opening))
    }

    /// Loads the given files in this process; a second file with an id already loaded is refused.
    pub fn load_files(files: &[PathBuf]) -> PackSet {
        PackSet::open_files(files, &Opening::in_process())
    }

    /// Opens the given files as `opening` says; a second file with an id already open is refused.
    pub fn open_files(files: &[PathBuf], opening: &Opening) -> PackSet {
        let mut set = PackSet::default();
        for file in files {
            let loaded =
                open_pack(file, opening).and_then(|pack| match set.get(&pack.description.id) {
                    Some(first) => Err(PackError::DuplicateId {
                        file: file.clone(),
                        id: pack.description.id.clone(),
                        first: first.file.clone(),
                    }),
                    None => Ok(pack),
                });
            if let Err(error) = &loaded {
                tracing::warn!(%error, "pack not loaded");
            }
            set.slots.push(PackSlot {
                file: file.clone(),
                loaded,
            });
        }
        set
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

/// Why no pack answers for `id`: the load error of a file that claims it (a duplicate), or of
/// the file named as a build of it would be, else that it was not found.
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
