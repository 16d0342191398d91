//! Replacing a file atomically, keeping its previous version beside it: one mechanism for every
//! file the app writes (profiles, packs.lock, recovered edits).

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Why a file could not be replaced; each variant names the file, and the file is left as it was
/// unless the variant says otherwise.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{path}: the file is read-only; make it writable, then save again")]
    ReadOnly { path: PathBuf },
    #[error("{path}: not a regular file; save the profile to a file")]
    NotAFile { path: PathBuf },
    #[error("cannot save {path}: {step}: {source}; check that the directory exists and is writable and that the disk has space (the file was left as it was)")]
    Write {
        path: PathBuf,
        step: String,
        source: io::Error,
    },
    #[error("saved {path}, but its directory could not be flushed to disk: {source}; the change may be lost if the system crashes now, so save again")]
    Flush { path: PathBuf, source: io::Error },
}

impl WriteError {
    pub fn path(&self) -> &Path {
        match self {
            WriteError::ReadOnly { path }
            | WriteError::NotAFile { path }
            | WriteError::Write { path, .. }
            | WriteError::Flush { path, .. } => path,
        }
    }
}

/// Writes `text` to `path` atomically: temp file in the same directory, fsync, rename over, fsync
/// the directory; before renaming, the previous file is kept as `<path>.bak` (e.g.
/// profile.toml.bak). A crash at any point leaves either the old or the new file whole.
///
/// A symbolic link is followed, so the link survives and the file it points to is replaced (its
/// backup sits beside that file). A read-only file is refused rather than silently replaced.
pub fn write_atomically(path: &Path, text: &str) -> Result<(), WriteError> {
    let failed = |step: String| {
        let path = path.to_path_buf();
        move |source: io::Error| WriteError::Write { path, step, source }
    };
    let target = match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            fs::canonicalize(path).map_err(failed("cannot follow the symbolic link".into()))?
        }
        _ => path.to_path_buf(),
    };
    let previous = match fs::metadata(&target) {
        Ok(meta) if !meta.is_file() => return Err(WriteError::NotAFile { path: path.into() }),
        Ok(meta) if meta.permissions().readonly() => {
            return Err(WriteError::ReadOnly { path: path.into() })
        }
        Ok(meta) => Some(meta.permissions()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(failed("cannot read the current file".into())(e)),
    };
    let dir = match target.parent() {
        Some(dir) if dir.as_os_str().is_empty() => Path::new("."),
        Some(dir) => dir,
        None => return Err(WriteError::NotAFile { path: path.into() }),
    };
    let in_dir = || format!("cannot create a temporary file in {}", dir.display());

    let mut fresh = Scratch::create(dir, &target).map_err(failed(in_dir()))?;
    if let Some(permissions) = &previous {
        // Before any text goes in, so a private profile is never readable by others.
        fresh
            .file()
            .set_permissions(permissions.clone())
            .map_err(failed(
                "cannot give the new version the file's permissions".into(),
            ))?;
    }
    fresh
        .file()
        .write_all(text.as_bytes())
        .and_then(|()| fresh.file().sync_all())
        .map_err(failed("cannot write the new version".into()))?;

    if let Some(permissions) = previous {
        let backup = backup_path(&target);
        let keep = failed(format!(
            "cannot keep the previous version as {}",
            backup.display()
        ));
        // Copied through its own temporary file, so a crash never leaves a half-written backup.
        let mut copy = Scratch::create(dir, &target).map_err(failed(in_dir()))?;
        let copied = copy.file().set_permissions(permissions).and_then(|()| {
            io::copy(&mut File::open(&target)?, copy.file())?;
            copy.file().sync_all()
        });
        copied
            .and_then(|()| copy.rename_to(&backup))
            .map_err(keep)?;
    }
    fresh.rename_to(&target).map_err(failed(
        "cannot replace the file with the new version".into(),
    ))?;
    sync_dir(dir).map_err(|source| WriteError::Flush {
        path: path.into(),
        source,
    })
}

/// `<path>.bak`, keeping the whole file name (`profile.toml.bak`).
fn backup_path(path: &Path) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(".bak");
    PathBuf::from(name)
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Directories cannot be opened as files here; a rename is as durable as the platform makes it.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// A temporary file beside the target, removed on drop unless renamed into place.
struct Scratch {
    path: PathBuf,
    file: Option<File>,
    placed: bool,
}

impl Scratch {
    fn create(dir: &Path, target: &Path) -> io::Result<Scratch> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let base = target.file_name().unwrap_or_default().to_string_lossy();
        for _ in 0..100 {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            // Hidden, and named after the target, so a leftover from a crash is recognisable.
            let path = dir.join(format!(".{base}.{}-{n}.tmp", std::process::id()));
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(file) => {
                    return Ok(Scratch {
                        path,
                        file: Some(file),
                        placed: false,
                    })
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "every temporary name tried is taken",
        ))
    }

    fn file(&mut self) -> &mut File {
        self.file.as_mut().expect("open until renamed")
    }

    fn rename_to(&mut self, to: &Path) -> io::Result<()> {
        // Closed first: some platforms refuse to rename an open file.
        drop(self.file.take());
        fs::rename(&self.path, to)?;
        self.placed = true;
        Ok(())
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !self.placed {
            drop(self.file.take());
            let _ = fs::remove_file(&self.path);
        }
    }
}
