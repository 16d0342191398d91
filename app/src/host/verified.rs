//! SHA-256 of pack files without hashing an unchanged file on every run.
//!
//! A pinned pack is checked against `packs.lock` by the host, and its bytes again by whoever
//! loads them (a runner, or the host itself), on every command. Hashing megabytes per pack per
//! process costs more than running the pack, so the hash of a file is remembered in a per-user
//! cache, keyed on the file's stamp: device, inode, size, modification time and status-change
//! time (nanoseconds). Every write, truncation, copy over, rename into place, `chmod` or new
//! link changes the status-change time, which no user call can set back (only moving the clock
//! can), and a file replaced at the same path has another inode; so a changed file never matches
//! an entry and is hashed again. An entry is only recorded once the file has been left alone for
//! [`SETTLED`]: a change within the same clock tick as the one before it (filesystems keep times
//! at a jiffy or a second) would otherwise leave the stamp as it was.
//!
//! The cache only says what a file's bytes hash to, never whether they are trusted: the lock is
//! read afresh each time. Whoever loads the bytes reads them once, takes the stamp before and
//! after the read, and uses a cached hash only when both stamps are the entry's; the very bytes
//! read are the ones then loaded. The cache file must be the user's own and writable by no one
//! else, like a pack (whoever can write it could vouch for any file); otherwise it is ignored and
//! every file is hashed.

use super::hash::{hash_bytes, hex, parse_hex, FileHash};
use super::permissions::check_permissions;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long a file must have been left alone before its hash is remembered.
pub const SETTLED: Duration = Duration::from_secs(2);

/// Past this size the cache starts again from the entry being recorded: old builds' entries
/// would otherwise pile up (a line is about 150 bytes; an install of every pack needs 13).
const MAX_CACHE_BYTES: u64 = 64 * 1024;

/// Starts every entry line; a cache written another way is not read.
const ENTRY_TAG: &str = "v1";

/// One state of a file's bytes: any change of them gives another stamp (see the module
/// documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    device: u64,
    inode: u64,
    size: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl FileStamp {
    /// The stamp of an open file; `None` where there is no status-change time to key on.
    pub fn of(meta: &fs::Metadata) -> Option<FileStamp> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(FileStamp {
                device: meta.dev(),
                inode: meta.ino(),
                size: meta.size(),
                modified: (meta.mtime(), meta.mtime_nsec()),
                changed: (meta.ctime(), meta.ctime_nsec()),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            None
        }
    }

    /// Whether the file was last changed at least [`SETTLED`] before `now` (and not in the
    /// future): any later change then falls in a later clock tick and changes the stamp.
    fn settled(&self, now: SystemTime) -> bool {
        let Ok(now) = now.duration_since(UNIX_EPOCH) else {
            return false;
        };
        let limit = now.saturating_sub(SETTLED);
        [self.modified, self.changed].iter().all(|&(secs, nanos)| {
            u64::try_from(secs)
                .is_ok_and(|secs| Duration::new(secs, nanos.clamp(0, 999_999_999) as u32) <= limit)
        })
    }

    fn line(&self, hash: &FileHash) -> String {
        format!(
            "{ENTRY_TAG} {} {} {} {} {} {} {} {}\n",
            self.device,
            self.inode,
            self.size,
            self.modified.0,
            self.modified.1,
            self.changed.0,
            self.changed.1,
            hex(hash)
        )
    }

    fn parse(line: &str) -> Option<(FileStamp, FileHash)> {
        let mut words = line.split(' ');
        if words.next()? != ENTRY_TAG {
            return None;
        }
        let mut number = || words.next()?.parse::<i64>().ok();
        let (device, inode, size) = (number()?, number()?, number()?);
        let modified = (number()?, number()?);
        let changed = (number()?, number()?);
        let hash = parse_hex(words.next()?)?;
        if words.next().is_some() {
            return None;
        }
        let stamp = FileStamp {
            device: device as u64,
            inode: inode as u64,
            size: size as u64,
            modified,
            changed,
        };
        Some((stamp, hash))
    }
}

/// The per-user cache of pack file hashes.
#[derive(Debug, Clone)]
pub struct HashCache {
    file: PathBuf,
}

impl HashCache {
    /// `$XDG_CACHE_HOME/ftzroute/pack-hashes`, else `~/.cache/ftzroute/pack-hashes`; none
    /// without a home.
    pub fn for_user() -> Option<HashCache> {
        let base = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .filter(|dir| dir.is_absolute())
            .or_else(|| {
                std::env::var_os("HOME")
                    .map(PathBuf::from)
                    .filter(|home| home.is_absolute())
                    .map(|home| home.join(".cache"))
            })?;
        Some(HashCache::at(base.join("ftzroute").join("pack-hashes")))
    }

    pub fn at(file: PathBuf) -> HashCache {
        HashCache { file }
    }

    /// The cache file and its directory belong to this user (or root) and no one else can
    /// write them; the pack rules (see [`check_permissions`]).
    fn is_safe(&self) -> bool {
        let dir = self.file.parent().unwrap_or(Path::new("."));
        check_permissions(&self.file).is_ok() && check_permissions(dir).is_ok()
    }

    /// The hash recorded for a file with this stamp.
    pub fn lookup(&self, stamp: &FileStamp) -> Option<FileHash> {
        let text = fs::read_to_string(&self.file).ok()?;
        if !self.is_safe() {
            return None;
        }
        text.lines()
            .filter_map(FileStamp::parse)
            .filter(|(recorded, _)| recorded == stamp)
            .map(|(_, hash)| hash)
            .next_back()
    }

    /// Remembers that the file with this stamp hashes to `hash`, when the file has settled.
    /// Best effort: a cache that cannot be written only means hashing again next time.
    pub fn record(&self, stamp: &FileStamp, hash: &FileHash, now: SystemTime) {
        if stamp.settled(now) {
            if let Err(error) = self.append(&stamp.line(hash)) {
                tracing::debug!(%error, cache = %self.file.display(), "pack hash not cached");
            }
        }
    }

    fn append(&self, line: &str) -> io::Result<()> {
        let dir = self.file.parent().unwrap_or(Path::new("."));
        create_private_dir(dir)?;
        let full = fs::metadata(&self.file).is_ok_and(|meta| meta.len() > MAX_CACHE_BYTES);
        if full {
            // Replaced whole, never truncated in place: a reader sees the old file or the new.
            let fresh = dir.join(format!("pack-hashes.{}.new", std::process::id()));
            let mut file = private_options().create_new(true).open(&fresh)?;
            file.write_all(line.as_bytes())?;
            return fs::rename(&fresh, &self.file);
        }
        let mut file = private_options().append(true).open(&self.file)?;
        if !self.is_safe() {
            return Err(io::Error::other(
                "the cache or its directory can be written by others",
            ));
        }
        // One write of one short line: appends of concurrent processes do not interleave.
        file.write_all(line.as_bytes())
    }
}

fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)
}

/// SHA-256 of the file at `path` as it is now: from `cache` when the file's stamp is recorded
/// there (no byte is read), else read, hashed and recorded.
pub fn file_hash_with(path: &Path, cache: Option<&HashCache>) -> io::Result<FileHash> {
    let mut file = File::open(path)?;
    let before = FileStamp::of(&file.metadata()?);
    if let (Some(stamp), Some(cache)) = (&before, cache) {
        if let Some(hash) = cache.lookup(stamp) {
            return Ok(hash);
        }
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    let hash = hash_bytes(&bytes);
    remember(&file, before, &hash, cache);
    Ok(hash)
}

/// [`file_hash_with`] the user's cache.
pub fn file_hash(path: &Path) -> io::Result<FileHash> {
    file_hash_with(path, HashCache::for_user().as_ref())
}

/// Records `hash` for the file read through `file` when its stamp did not move during the read.
fn remember(file: &File, before: Option<FileStamp>, hash: &FileHash, cache: Option<&HashCache>) {
    let after = file.metadata().ok().and_then(|meta| FileStamp::of(&meta));
    if let (Some(before), Some(after), Some(cache)) = (before, after, cache) {
        if before == after {
            cache.record(&before, hash, SystemTime::now());
        }
    }
}

/// The bytes of the file at `path`, read once, when they hash to `expected`; otherwise the hash
/// they have. The hash is the cache's only when the file's stamp was the recorded one both
/// before and after the read (nothing changed the file meanwhile).
pub fn read_verified_with(
    path: &Path,
    expected: &FileHash,
    cache: Option<&HashCache>,
) -> io::Result<Result<Vec<u8>, FileHash>> {
    let mut file = File::open(path)?;
    let before = FileStamp::of(&file.metadata()?);
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    let after = FileStamp::of(&file.metadata()?);
    let unchanged = before.is_some() && before == after;
    if let (true, Some(stamp), Some(cache)) = (unchanged, &before, cache) {
        if cache.lookup(stamp).as_ref() == Some(expected) {
            return Ok(Ok(bytes));
        }
    }
    let hash = hash_bytes(&bytes);
    if unchanged {
        if let (Some(stamp), Some(cache)) = (&before, cache) {
            cache.record(stamp, &hash, SystemTime::now());
        }
    }
    Ok(if &hash == expected {
        Ok(bytes)
    } else {
        Err(hash)
    })
}

/// Copies the file at `path` into `to` (a new, empty file) when the cache vouches that its
/// bytes hash to `expected`, without reading them here: the kernel copies them between two
/// looks at the stamp, and an unchanged stamp recorded for `expected` means the bytes copied
/// are those bytes, as in [`read_verified_with`]. `Ok(false)`: the cache cannot vouch for the
/// file as it is (no entry, or the file changed during the copy); `to` is then to be discarded
/// and the file read and hashed.
pub fn copy_vouched_with(
    path: &Path,
    expected: &FileHash,
    cache: Option<&HashCache>,
    to: &mut File,
) -> io::Result<bool> {
    let Some(cache) = cache else {
        return Ok(false);
    };
    let mut file = File::open(path)?;
    let Some(before) = FileStamp::of(&file.metadata()?) else {
        return Ok(false);
    };
    if cache.lookup(&before).as_ref() != Some(expected) {
        return Ok(false);
    }
    io::copy(&mut file, to)?;
    let after = FileStamp::of(&file.metadata()?);
    Ok(after == Some(before))
}

/// [`copy_vouched_with`] the user's cache.
pub fn copy_vouched(path: &Path, expected: &FileHash, to: &mut File) -> io::Result<bool> {
    copy_vouched_with(path, expected, HashCache::for_user().as_ref(), to)
}

/// [`read_verified_with`] the user's cache.
pub fn read_verified(path: &Path, expected: &FileHash) -> io::Result<Result<Vec<u8>, FileHash>> {
    read_verified_with(path, expected, HashCache::for_user().as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settled_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        fs::write(&path, bytes).unwrap();
        path
    }

    /// A time at which every file made so far counts as settled.
    fn later() -> SystemTime {
        SystemTime::now() + SETTLED + Duration::from_secs(1)
    }

    fn stamp(path: &Path) -> FileStamp {
        FileStamp::of(&fs::metadata(path).unwrap()).unwrap()
    }

    #[cfg(unix)]
    #[test]
    fn a_recorded_hash_is_used_only_for_the_same_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let cache = HashCache::at(dir.path().join("cache").join("pack-hashes"));
        let file = settled_file(dir.path(), "liba.so", b"first build");
        // Recorded as if the file had settled; a made-up hash shows whether the cache answers.
        let vouched = hash_bytes(b"something else");
        cache.record(&stamp(&file), &vouched, later());
        assert_eq!(file_hash_with(&file, Some(&cache)).unwrap(), vouched);
        assert_eq!(
            read_verified_with(&file, &vouched, Some(&cache)).unwrap(),
            Ok(b"first build".to_vec())
        );
        // Rewritten in place (same inode, same size): the stamp moves, the bytes are hashed.
        std::thread::sleep(Duration::from_millis(20));
        fs::write(&file, b"other build").unwrap();
        assert_eq!(
            file_hash_with(&file, Some(&cache)).unwrap(),
            hash_bytes(b"other build")
        );
        assert_eq!(
            read_verified_with(&file, &vouched, Some(&cache)).unwrap(),
            Err(hash_bytes(b"other build"))
        );
        // A mode change alone moves it too.
        let before = stamp(&file);
        std::thread::sleep(Duration::from_millis(20));
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();
        assert_ne!(stamp(&file), before);
    }

    #[cfg(unix)]
    #[test]
    fn the_kernel_copies_a_file_only_while_the_cache_vouches_for_it() {
        let dir = tempfile::tempdir().unwrap();
        let cache = HashCache::at(dir.path().join("cache").join("pack-hashes"));
        let file = settled_file(dir.path(), "liba.so", b"first build");
        let expected = hash_bytes(b"first build");
        let copy = |name: &str| {
            let target = dir.path().join(name);
            let mut to = File::create(&target).unwrap();
            let vouched = copy_vouched_with(&file, &expected, Some(&cache), &mut to).unwrap();
            (vouched, fs::read(&target).unwrap())
        };
        assert!(!copy("none").0, "nothing recorded yet");
        assert!(!copy_vouched_with(
            &file,
            &expected,
            None,
            &mut File::create(dir.path().join("x")).unwrap()
        )
        .unwrap());
        cache.record(&stamp(&file), &expected, later());
        assert_eq!(copy("vouched"), (true, b"first build".to_vec()));
        // Rewritten in place: the stamp moves, the cache no longer vouches, nothing is copied.
        std::thread::sleep(Duration::from_millis(20));
        fs::write(&file, b"other build").unwrap();
        assert_eq!(copy("changed"), (false, Vec::new()));
    }

    #[cfg(unix)]
    #[test]
    fn a_file_changed_just_now_is_not_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let cache = HashCache::at(dir.path().join("cache").join("pack-hashes"));
        let file = settled_file(dir.path(), "liba.so", b"fresh");
        assert_eq!(
            file_hash_with(&file, Some(&cache)).unwrap(),
            hash_bytes(b"fresh")
        );
        assert_eq!(cache.lookup(&stamp(&file)), None);
        cache.record(&stamp(&file), &hash_bytes(b"fresh"), later());
        assert_eq!(cache.lookup(&stamp(&file)), Some(hash_bytes(b"fresh")));
    }

    #[cfg(unix)]
    #[test]
    fn a_cache_others_can_write_is_ignored() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let cache = HashCache::at(dir.path().join("cache").join("pack-hashes"));
        let file = settled_file(dir.path(), "liba.so", b"bytes");
        let vouched = hash_bytes(b"not these bytes");
        cache.record(&stamp(&file), &vouched, later());
        assert_eq!(cache.lookup(&stamp(&file)), Some(vouched));
        fs::set_permissions(&cache.file, fs::Permissions::from_mode(0o666)).unwrap();
        assert_eq!(cache.lookup(&stamp(&file)), None);
        assert_eq!(
            read_verified_with(&file, &vouched, Some(&cache)).unwrap(),
            Err(hash_bytes(b"bytes"))
        );
    }

    #[test]
    fn entries_round_trip_and_damaged_lines_are_skipped() {
        let stamp = FileStamp {
            device: 2049,
            inode: 77,
            size: 830_240,
            modified: (1_765_000_000, 5),
            changed: (1_765_000_001, 999_999_999),
        };
        let hash = hash_bytes(b"x");
        let line = stamp.line(&hash);
        assert_eq!(FileStamp::parse(line.trim_end()), Some((stamp, hash)));
        assert_eq!(FileStamp::parse(&line.trim_end().replace("v1", "v2")), None);
        assert_eq!(FileStamp::parse(&line[..line.len() - 5]), None);
        assert_eq!(FileStamp::parse(""), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_full_cache_starts_again() {
        let dir = tempfile::tempdir().unwrap();
        let cache = HashCache::at(dir.path().join("cache").join("pack-hashes"));
        let file = settled_file(dir.path(), "liba.so", b"bytes");
        let mut other = stamp(&file);
        for inode in 0..(MAX_CACHE_BYTES / 100 + 10) {
            other.inode = inode + 1_000_000;
            cache.record(&other, &hash_bytes(b"old"), later());
        }
        cache.record(&stamp(&file), &hash_bytes(b"bytes"), later());
        assert!(fs::metadata(&cache.file).unwrap().len() <= MAX_CACHE_BYTES + 200);
        assert_eq!(cache.lookup(&stamp(&file)), Some(hash_bytes(b"bytes")));
    }
}
