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

/// Refuses a file or directory that others could change: writable by all users, writable by a
/// group that is not its owner's private group (see [`Accounts::is_private_group`]), or owned by
/// someone other than the current user or root. Symbolic links are followed. Off Unix there are
/// no such modes to check, and only existence is checked.
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
        let owner = Owner {
            uid: meta.uid(),
            gid: meta.gid(),
            mode: meta.mode(),
        };
        if let Err((problem, fix)) = judge(owner, me, Accounts::system(), path) {
            return Err(TrustError::Permissions {
                path: path.to_path_buf(),
                problem,
                fix,
            });
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    Ok(())
}

/// Who owns a file and who may write it.
#[derive(Debug, Clone, Copy)]
struct Owner {
    uid: u32,
    gid: u32,
    mode: u32,
}

/// The verdict of [`check_permissions`] on one file's owner and mode, for the current user
/// `me`: the problem and its fix when others could change it.
fn judge(owner: Owner, me: u32, accounts: &Accounts, path: &Path) -> Result<(), (String, String)> {
    if owner.uid != me && owner.uid != 0 {
        return Err((
            format!(
                "owned by user {}, neither you (user {me}) nor root",
                owner.uid
            ),
            format!("chown {me} {}", shell_word(path)),
        ));
    }
    let group_writable = owner.mode & 0o020 != 0;
    // Group write is harmless when the group is the owner's private group: nobody else is in
    // it. This is how umask 002 with user private groups (Debian, Ubuntu) creates files.
    let harmless_group = group_writable && accounts.is_private_group(owner.uid, owner.gid);
    let writers = match (group_writable && !harmless_group, owner.mode & 0o002 != 0) {
        (false, false) => return Ok(()),
        (true, false) => "its group",
        (false, true) => "all users",
        (true, true) => "its group and all users",
    };
    Err((
        format!("writable by {writers} (mode {:03o})", owner.mode & 0o7777),
        format!("chmod go-w {}", shell_word(path)),
    ))
}

/// One line of `/etc/passwd`, as far as the rule needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct User {
    name: String,
    uid: u32,
    gid: u32,
}

/// One line of `/etc/group`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Group {
    name: String,
    gid: u32,
    members: Vec<String>,
}

/// The local user and group databases (`/etc/passwd`, `/etc/group`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Accounts {
    users: Vec<User>,
    groups: Vec<Group>,
}

impl Accounts {
    /// Parses the text of `/etc/passwd` and `/etc/group`; lines that do not parse are skipped
    /// (they can only make a group look shared, never private, if they are someone's).
    pub fn parse(passwd: &str, group: &str) -> Accounts {
        let fields =
            |line: &str| -> Vec<String> { line.split(':').map(str::to_owned).collect::<Vec<_>>() };
        let users = passwd
            .lines()
            .filter(|line| !line.trim_start().starts_with('#'))
            .filter_map(|line| {
                let f = fields(line);
                Some(User {
                    name: f.first()?.clone(),
                    uid: f.get(2)?.parse().ok()?,
                    gid: f.get(3)?.parse().ok()?,
                })
            })
            .collect();
        let groups = group
            .lines()
            .filter(|line| !line.trim_start().starts_with('#'))
            .filter_map(|line| {
                let f = fields(line);
                Some(Group {
                    name: f.first()?.clone(),
                    gid: f.get(2)?.parse().ok()?,
                    members: f
                        .get(3)
                        .map(|m| {
                            m.split(',')
                                .map(str::trim)
                                .filter(|m| !m.is_empty())
                                .map(str::to_owned)
                                .collect()
                        })
                        .unwrap_or_default(),
                })
            })
            .collect();
        Accounts { users, groups }
    }

    /// This machine's `/etc/passwd` and `/etc/group`, read once. Unreadable files give empty
    /// databases, where no group is private: group write is then refused, as before.
    pub fn system() -> &'static Accounts {
        static ACCOUNTS: std::sync::OnceLock<Accounts> = std::sync::OnceLock::new();
        ACCOUNTS.get_or_init(|| {
            let read = |file: &str| fs::read_to_string(file).unwrap_or_default();
            Accounts::parse(&read("/etc/passwd"), &read("/etc/group"))
        })
    }

    /// Debian OpenSSH's rule for its own key files: group `gid` is the private group of user
    /// `uid` when the group's name is the user's name, it is the user's primary group, it lists
    /// no members, and no other user has it as primary group. Users and groups known only to a
    /// directory service (LDAP, NIS) are not in the local files: their groups are not private
    /// by this rule.
    pub fn is_private_group(&self, uid: u32, gid: u32) -> bool {
        let Some(user) = self.users.iter().find(|u| u.uid == uid) else {
            return false;
        };
        let mut groups = self.groups.iter().filter(|g| g.gid == gid);
        let (Some(group), None) = (groups.next(), groups.next()) else {
            // Unknown, or two names for one gid: not provably private.
            return false;
        };
        group.name == user.name
            && user.gid == gid
            && group.members.is_empty()
            && self.users.iter().all(|u| u.uid == uid || u.gid != gid)
    }
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

/// The checks of [`check_pack_location`] on `<dir>/packs.lock` when there is one: a lock others
/// can write is an approval anyone can forge, so it is held to the rules of the code it approves.
pub fn check_lock_location(dir: &Path) -> Result<(), TrustError> {
    let lock = lock_path(dir);
    match fs::symlink_metadata(&lock) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        _ => check_pack_location(&lock),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASSWD: &str = "\
root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
ana:x:1000:1000:Ana,,,:/home/ana:/bin/bash
bo:x:1001:100:Bo:/home/bo:/bin/bash
cy:x:1002:100:Cy:/home/cy:/bin/bash
dee:x:1003:1003:Dee:/home/dee:/bin/bash
eve:x:1004:1003:Eve:/home/eve:/bin/bash
fay:x:1005:1005:Fay:/home/fay:/bin/bash
";
    const GROUP: &str = "\
root:x:0:
daemon:x:1:
users:x:100:
ana:x:1000:
dee:x:1003:
fay:x:1005:eve
";

    fn accounts() -> Accounts {
        Accounts::parse(PASSWD, GROUP)
    }

    fn owner(uid: u32, gid: u32, mode: u32) -> Owner {
        Owner { uid, gid, mode }
    }

    fn verdict(file: Owner, me: u32) -> Result<(), String> {
        judge(file, me, &accounts(), Path::new("/p/libx.so")).map_err(|(problem, _)| problem)
    }

    #[test]
    fn a_user_private_group_is_private() {
        let accounts = accounts();
        assert!(accounts.is_private_group(1000, 1000), "ana's own group");
        assert!(
            accounts.is_private_group(0, 0),
            "root's own group (CI runs as root)"
        );
    }

    #[test]
    fn shared_or_foreign_groups_are_not_private() {
        let accounts = accounts();
        assert!(
            !accounts.is_private_group(1001, 100),
            "users: bo and cy share it"
        );
        assert!(
            !accounts.is_private_group(1003, 1003),
            "eve has dee's group as primary"
        );
        assert!(
            !accounts.is_private_group(1005, 1005),
            "fay's group lists eve as member"
        );
        assert!(
            !accounts.is_private_group(1000, 0),
            "root's group is not ana's"
        );
        assert!(!accounts.is_private_group(1000, 4242), "an unknown group");
        assert!(!accounts.is_private_group(4242, 4242), "an unknown user");
        let renamed = Accounts::parse(PASSWD, &GROUP.replace("ana:x:1000:", "staff:x:1000:"));
        assert!(
            !renamed.is_private_group(1000, 1000),
            "the name must be the user's"
        );
        let aliased = Accounts::parse(PASSWD, &format!("{GROUP}team:x:1000:\n"));
        assert!(
            !aliased.is_private_group(1000, 1000),
            "a second name for the gid"
        );
    }

    #[test]
    fn umask_002_files_pass_only_in_a_private_group() {
        // What `cargo build` under umask 002 makes: 775 directories and libraries.
        assert_eq!(verdict(owner(1000, 1000, 0o100775), 1000), Ok(()));
        assert_eq!(verdict(owner(0, 0, 0o40775), 0), Ok(()), "as root in CI");
        assert_eq!(
            verdict(owner(0, 0, 0o100775), 1000),
            Ok(()),
            "root's, seen by ana"
        );
        let shared = verdict(owner(1001, 100, 0o100775), 1001).unwrap_err();
        assert!(
            shared.contains("writable by its group (mode 775)"),
            "{shared}"
        );
        let members = verdict(owner(1005, 1005, 0o100775), 1005).unwrap_err();
        assert!(members.contains("its group"), "{members}");
    }

    #[test]
    fn world_writable_and_foreign_files_are_refused_whatever_the_group() {
        let world = verdict(owner(1000, 1000, 0o100777), 1000).unwrap_err();
        assert!(
            world.contains("writable by all users (mode 777)"),
            "{world}"
        );
        let both = verdict(owner(1001, 100, 0o100777), 1001).unwrap_err();
        assert!(both.contains("its group and all users"), "{both}");
        let foreign = verdict(owner(1001, 1001, 0o100755), 1000).unwrap_err();
        assert!(foreign.contains("owned by user 1001"), "{foreign}");
        assert_eq!(
            verdict(owner(1000, 100, 0o100755), 1000),
            Ok(()),
            "no group write"
        );
    }

    #[test]
    fn malformed_lines_are_skipped() {
        let accounts = Accounts::parse(
            "broken\nana:x:notanumber:1000::/:/bin/sh\n",
            "ana:x:1000:\n",
        );
        assert!(!accounts.is_private_group(1000, 1000));
    }
}
