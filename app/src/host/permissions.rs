//! Whether the places packs load from are safe: like ssh with its keys, a pack file or directory
//! that other users can write is refused, since whoever can replace the file chooses the code
//! that runs.

use super::trust::{lock_path, TrustError};
use crate::common::shell::shell_word;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The directory of a file path (`.` for a bare file name).
pub fn parent_dir(file: &Path) -> PathBuf {
    match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Refuses a file or directory that others could change: writable by its group or by others,
/// or owned by someone other than the current user or root. Symbolic links are followed. Off
/// Unix there are no such modes to check, and only existence is checked.
pub fn check_permissions(path: &Path) -> Result<(), TrustError> {
    let meta = fs::metadata(path).map_err(|source| TrustError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        let refuse = |problem: String, fix: String| TrustError::Permissions {
            path: path.to_path_buf(),
            problem,
            fix,
        };
        if meta.uid() != me && meta.uid() != 0 {
            return Err(refuse(
                format!(
                    "owned by user {}, neither you (user {me}) nor root",
                    meta.uid()
                ),
                format!("chown {me} {}", shell_word(path)),
            ));
        }
        let writers = match meta.mode() & 0o022 {
            0 => None,
            0o020 => Some("its group"),
            0o002 => Some("all users"),
            _ => Some("its group and all users"),
        };
        if let Some(writers) = writers {
            return Err(refuse(
                format!("writable by {writers} (mode {:03o})", meta.mode() & 0o7777),
                format!("chmod go-w {}", shell_word(path)),
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    Ok(())
}

/// [`check_permissions`] of a pack file, its directory, and (for a symbolic link) the directory
/// of the file it leads to.
pub fn check_pack_location(file: &Path) -> Result<(), TrustError> {
    check_permissions(file)?;
    check_permissions(&parent_dir(file))?;
    let is_link = fs::symlink_metadata(file).is_ok_and(|meta| meta.file_type().is_symlink());
    if is_link {
        let real = fs::canonicalize(file).map_err(|source| TrustError::Io {
            path: file.to_path_buf(),
            source,
        })?;
        check_permissions(&parent_dir(&real))?;
    }
    Ok(())
}

/// [`check_permissions`] of `<dir>/packs.lock` when there is one: a lock others can write is an
/// approval anyone can forge. (The directory itself is checked with the packs in it.)
pub fn check_lock_location(dir: &Path) -> Result<(), TrustError> {
    let lock = lock_path(dir);
    match fs::symlink_metadata(&lock) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        _ => check_permissions(&lock),
    }
}
