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
/// first byte), and flushes it to disk. Fails if the file exists.
pub fn create_private(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(contents)?;
    file.sync_all()
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
        assert!(create_private(&path, b"y").is_err(), "never overwritten");
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
