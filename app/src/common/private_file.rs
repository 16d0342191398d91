//! Files that must stay private to their owner, as ssh keeps its private keys: created with mode
//! 0600, and refused when others could read or change them.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

use super::shell::shell_word;

/// Why a private file is refused, with the command that fixes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotPrivate {
    pub problem: String,
    pub fix: String,
}

/// Refuses a file its group or other users can read or write, or that another user (not root)
/// owns. Off Unix there are no such modes, and only existence is checked by the caller.
pub fn check_private(path: &Path) -> io::Result<Result<(), NotPrivate>> {
    let meta = fs::metadata(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if meta.uid() != me && meta.uid() != 0 {
            return Ok(Err(NotPrivate {
                problem: format!(
                    "owned by user {}, neither you (user {me}) nor root",
                    meta.uid()
                ),
                fix: format!("chown {me} {}", shell_word(path)),
            }));
        }
        let open_to = match meta.mode() & 0o077 {
            0 => None,
            bits if bits & 0o007 == 0 => Some("its group"),
            bits if bits & 0o070 == 0 => Some("all users"),
            _ => Some("its group and all users"),
        };
        if let Some(who) = open_to {
            return Ok(Err(NotPrivate {
                problem: format!(
                    "readable or writable by {who} (mode {:03o})",
                    meta.mode() & 0o7777
                ),
                fix: format!("chmod 600 {}", shell_word(path)),
            }));
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    Ok(Ok(()))
}

/// Creates `path` with `contents`, readable and writable by its owner only (mode 0600 from the
/// first byte), flushed to disk. Fails with [`io::ErrorKind::AlreadyExists`] if the file exists.
///
/// The file appears whole or not at all: the contents go to a temporary file beside it, which is
/// synced and then linked to `path` (a link, unlike a rename, never replaces a file that is
/// there, so of two processes creating the same file one wins and the other learns it). A
/// failure (a full disk) removes the temporary file and leaves nothing at `path`.
pub fn create_private(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let temp = dir.join(format!(".{name}.{}-{nanos}.tmp", std::process::id()));
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let written = options.open(&temp).and_then(|mut file| {
        let linked = file
            .write_all(contents)
            .and_then(|()| file.sync_all())
            .and_then(|()| fs::hard_link(&temp, path));
        let _ = fs::remove_file(&temp);
        linked
    });
    written?;
    // The new name is durable once the directory is.
    if let Ok(dir) = fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// What a path that is not a regular file is, in words ("a directory", "a named pipe (FIFO)");
/// `None` for a regular file.
pub fn not_a_file(meta: &fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("a special file")
}

/// Whether an I/O error means the disk (or the user's quota) is full.
pub fn is_disk_full(error: &io::Error) -> bool {
    #[cfg(unix)]
    if matches!(
        error.raw_os_error(),
        Some(libc::ENOSPC) | Some(libc::EDQUOT)
    ) {
        return true;
    }
    error.kind() == io::ErrorKind::StorageFull
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_created_file_is_private_and_opening_it_up_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret");
        create_private(&path, b"x").unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(check_private(&path).unwrap(), Ok(()));
        let again = create_private(&path, b"y").unwrap_err();
        assert_eq!(
            again.kind(),
            io::ErrorKind::AlreadyExists,
            "never overwritten"
        );
        assert_eq!(fs::read(&path).unwrap(), b"x");
        let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left: {left:?}");
        for (mode, who) in [
            (0o640, "its group"),
            (0o604, "all users"),
            (0o666, "its group and all users"),
        ] {
            fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
            let refused = check_private(&path).unwrap().unwrap_err();
            assert!(refused.problem.contains(who), "{refused:?}");
            assert!(refused.fix.starts_with("chmod 600 "), "{refused:?}");
        }
    }
}
