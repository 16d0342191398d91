//! Which pack libraries the user has approved, and whether the places packs load from are safe.
//!
//! A pack is native code that runs with the user's rights. A `packs.lock` in a pack directory
//! lists the exact builds (by SHA-256) approved for use from that directory, so a library that is
//! not listed can be refused before any of its code runs; a directory without a lock is not
//! governed. Like ssh with its keys, a pack file or directory that other users can write is
//! refused too: whoever can replace the file chooses the code that runs.

use super::hash::{hash_bytes, hex, parse_hex, FileHash};
use super::native::load_pack;
use super::permissions::{check_lock_location, check_pack_location, parent_dir};
use super::trust::{lock_path, TrustError};
use crate::common::atomic::write_atomically;
use crate::common::input::{parse_toml, InputError};
use serde::Deserialize;
use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use toml::Spanned;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

/// Starts every lock file `trust` creates.
const HEADER: &str = "\
# ftzroute packs.lock: pack libraries approved for use from this directory.
# Each entry approves one exact build (its SHA-256); `ftzroute pack trust LIBRARY` adds or updates one.
";

/// One approved build of a pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockEntry {
    pub id: String,
    pub edition: String,
    pub sha256: FileHash,
    /// The library's file name when it was approved; informative only (the hash decides).
    pub file: Option<String>,
    pub approved_by: String,
    pub approved_at: OffsetDateTime,
}

/// The `packs.lock` of one pack directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lock {
    pub path: PathBuf,
    /// In file order; at most one per pack id.
    pub entries: Vec<LockEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLock {
    #[serde(default)]
    pack: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: Spanned<String>,
    edition: String,
    sha256: Spanned<String>,
    #[serde(default)]
    file: Option<String>,
    approved_by: String,
    approved_at: Spanned<toml::value::Datetime>,
}

impl Lock {
    /// Reads `<dir>/packs.lock`; `None` when there is none. Errors name the file, line, column
    /// and field.
    pub fn load(dir: &Path) -> Result<Option<Lock>, InputError> {
        let path = lock_path(dir);
        match fs::read_to_string(&path) {
            Ok(text) => Lock::parse(&path, &text).map(Some),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(InputError::new(&path, format!("cannot read the lock: {e}"))),
        }
    }

    /// Parses the text of a lock file; `path` is for messages.
    pub fn parse(path: &Path, text: &str) -> Result<Lock, InputError> {
        let raw: RawLock = parse_toml(path, text)?;
        let mut entries = Vec::with_capacity(raw.pack.len());
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, entry) in raw.pack.into_iter().enumerate() {
            let bad = |field: &str, span: std::ops::Range<usize>, message: String| {
                InputError::new(path, message)
                    .at(text, span.start)
                    .field(format!("pack[{i}].{field}"))
            };
            let id = entry.id.get_ref();
            let id_ok = !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !id_ok {
                return Err(bad(
                    "id",
                    entry.id.span(),
                    format!("`{id}` is not a pack id (lowercase letters, digits and dashes)"),
                ));
            }
            if let Some(first) = seen.insert(id.clone(), i) {
                return Err(bad(
                    "id",
                    entry.id.span(),
                    format!(
                        "pack `{id}` is listed twice (also pack[{first}]); keep one entry per pack"
                    ),
                ));
            }
            let sha256 = parse_hex(entry.sha256.get_ref()).ok_or_else(|| {
                bad(
                    "sha256",
                    entry.sha256.span(),
                    format!(
                        "expected the library's SHA-256 as 64 lowercase hex digits, found `{}`",
                        entry.sha256.get_ref()
                    ),
                )
            })?;
            let approved_at = offset_date_time(entry.approved_at.get_ref()).ok_or_else(|| {
                bad(
                    "approved_at",
                    entry.approved_at.span(),
                    format!(
                        "expected a date and time with its offset, e.g. 2026-11-26T19:30:00Z, found {}",
                        entry.approved_at.get_ref()
                    ),
                )
            })?;
            entries.push(LockEntry {
                id: entry.id.into_inner(),
                edition: entry.edition,
                sha256,
                file: entry.file,
                approved_by: entry.approved_by,
                approved_at,
            });
        }
        Ok(Lock {
            path: path.to_path_buf(),
            entries,
        })
    }

    /// The entry approving the build with this hash, if any.
    pub fn verdict(&self, sha256: &FileHash) -> Option<&LockEntry> {
        self.entries.iter().find(|entry| &entry.sha256 == sha256)
    }
}

/// A TOML date-time with date, time and offset; local or partial ones are not instants.
fn offset_date_time(value: &toml::value::Datetime) -> Option<OffsetDateTime> {
    if value.date.is_none() || value.time.is_none() || value.offset.is_none() {
        return None;
    }
    OffsetDateTime::parse(&value.to_string(), &Rfc3339).ok()
}

/// Whether the library with this hash may be used from `dir`: always when the directory has no
/// lock, else only when the lock lists the hash. Call it with the hash of the exact bytes that
/// will be loaded, before loading them, so no code of an unapproved build runs.
pub fn check_trusted(
    dir: &Path,
    lock: Option<&Lock>,
    file: &Path,
    hash: &FileHash,
) -> Result<(), TrustError> {
    let Some(lock) = lock else { return Ok(()) };
    if lock.verdict(hash).is_some() {
        return Ok(());
    }
    let name = file.file_name().and_then(|name| name.to_str());
    let id = lock
        .entries
        .iter()
        .find(|entry| name.is_some() && entry.file.as_deref() == name)
        .map(|entry| entry.id.clone());
    Err(TrustError::NotTrusted {
        file: file.to_path_buf(),
        id,
        hash: *hash,
        lock: lock_path(dir),
    })
}

/// The approver recorded when none is given: `$USER`, else "unknown".
pub fn default_approver() -> String {
    std::env::var("USER")
        .ok()
        .filter(|user| !user.trim().is_empty())
        .unwrap_or_else(|| "unknown".into())
}

/// Approves a built pack library for use from its directory: loads it (to learn its id and
/// edition; a library that does not load is refused), hashes it and records it in
/// `<dir>/packs.lock`, replacing any entry for the same pack id; other entries and comments are
/// kept. An empty `approved_by` records [`default_approver`]. The library's location must pass
/// [`check_pack_location`]: an approval in a place others can write would mean nothing.
///
/// Loading runs the library's code: the caller has decided to trust it.
pub fn trust(library: &Path, approved_by: &str) -> Result<LockEntry, TrustError> {
    check_pack_location(library)?;
    let dir = parent_dir(library);
    let lock_file = lock_path(&dir);
    check_lock_location(&dir)?;
    // Read and validated first: a broken lock is reported, never overwritten.
    let original = match fs::read_to_string(&lock_file) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(source) => {
            return Err(TrustError::Io {
                path: lock_file,
                source,
            })
        }
    };
    let lock = original
        .as_deref()
        .map(|text| Lock::parse(&lock_file, text))
        .transpose()?;

    let read = |path: &Path| {
        fs::read(path).map_err(|source| TrustError::Io {
            path: path.to_path_buf(),
            source,
        })
    };
    let hash = hash_bytes(&read(library)?);
    let pack = load_pack(library).map_err(|e| TrustError::Load(e.to_string()))?;
    // The loader reads the file again; both reads must be of the same build.
    if hash_bytes(&read(library)?) != hash {
        return Err(TrustError::Load(format!(
            "{}: the library changed while it was being checked (is a build still writing it?)",
            library.display()
        )));
    }
    let approved_by = match approved_by.trim() {
        "" => default_approver(),
        given => given.to_owned(),
    };
    let entry = LockEntry {
        id: pack.description.id.clone(),
        edition: pack.description.edition.clone(),
        sha256: hash,
        file: library
            .file_name()
            .map(|name| name.to_string_lossy().into_owned()),
        approved_by,
        approved_at: OffsetDateTime::now_utc()
            .replace_nanosecond(0)
            .expect("zero nanoseconds is valid"),
    };
    let text = render_lock(original.as_deref(), lock.as_ref(), &entry);
    // What is written must read back as what was meant.
    let written = Lock::parse(&lock_file, &text)?;
    debug_assert!(written.entries.contains(&entry));
    write_atomically(&lock_file, &text)?;
    Ok(entry)
}

/// The lock text with `entry` added, or replacing the entry of the same id in place.
fn render_lock(original: Option<&str>, lock: Option<&Lock>, entry: &LockEntry) -> String {
    let mut doc: DocumentMut = match original {
        Some(text) => text.parse().expect("the lock was parsed already"),
        None => DocumentMut::new(),
    };
    let tables = match doc.get_mut("pack") {
        Some(Item::ArrayOfTables(tables)) => tables,
        Some(_) => {
            // An inline array (valid, but not how locks are written): rewritten as tables.
            let mut tables = ArrayOfTables::new();
            for old in lock.map_or(&[][..], |lock| &lock.entries[..]) {
                let mut table = Table::new();
                fill(&mut table, old);
                tables.push(table);
            }
            doc.insert("pack", Item::ArrayOfTables(tables));
            doc["pack"].as_array_of_tables_mut().expect("just inserted")
        }
        None => {
            doc.insert("pack", Item::ArrayOfTables(ArrayOfTables::new()));
            doc["pack"].as_array_of_tables_mut().expect("just inserted")
        }
    };
    let same_id = tables
        .iter_mut()
        .find(|table| table.get("id").and_then(Item::as_str) == Some(entry.id.as_str()));
    match same_id {
        Some(table) => fill(table, entry),
        None => {
            let mut table = Table::new();
            fill(&mut table, entry);
            if !tables.is_empty() {
                table.decor_mut().set_prefix("\n");
            }
            tables.push(table);
        }
    }
    let first_table = tables.len() == 1;
    if original.is_none() {
        if let Some(table) = doc["pack"]
            .as_array_of_tables_mut()
            .and_then(|t| t.get_mut(0))
        {
            table.decor_mut().set_prefix(format!("{HEADER}\n"));
        }
    } else if first_table && !doc.trailing().as_str().unwrap_or("").trim().is_empty() {
        // A lock whose entries were all removed keeps its comments after the last table;
        // they go back above the first entry.
        let comments = doc.trailing().as_str().unwrap_or("").to_owned();
        doc.set_trailing("");
        if let Some(table) = doc["pack"]
            .as_array_of_tables_mut()
            .and_then(|t| t.get_mut(0))
        {
            table.decor_mut().set_prefix(comments);
        }
    }
    doc.to_string()
}

/// Writes the fields of `entry` into `table`, keeping each existing value's comments and spacing.
fn fill(table: &mut Table, entry: &LockEntry) {
    let approved_at = entry
        .approved_at
        .format(&Rfc3339)
        .expect("an instant formats as RFC 3339")
        .parse::<toml_edit::Datetime>()
        .expect("RFC 3339 is a TOML date-time");
    set(table, "id", entry.id.as_str().into());
    set(table, "edition", entry.edition.as_str().into());
    set(table, "sha256", hex(&entry.sha256).into());
    match &entry.file {
        Some(file) => set(table, "file", file.as_str().into()),
        None => {
            table.remove("file");
        }
    }
    set(table, "approved_by", entry.approved_by.as_str().into());
    set(table, "approved_at", approved_at.into());
}

fn set(table: &mut Table, key: &str, mut value: Value) {
    match table.get_mut(key) {
        Some(item) => {
            if let Some(old) = item.as_value() {
                *value.decor_mut() = old.decor().clone();
            }
            *item = Item::Value(value);
        }
        None => {
            table.insert(key, Item::Value(value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::permissions::check_permissions;
    use super::*;
    use crate::common::shell::shell_word;

    const HASH_A: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    const HASH_B: &str = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

    fn lock_text(entries: &[(&str, &str)]) -> String {
        let mut text = String::from(HEADER);
        for (id, hash) in entries {
            text.push_str(&format!(
                "\n[[pack]]\nid = \"{id}\"\nedition = \"2025\"\nsha256 = \"{hash}\"\nfile = \"lib{}.so\"\napproved_by = \"alice\"\napproved_at = 2026-11-26T19:30:00Z\n",
                id.replace('-', "_")
            ));
        }
        text
    }

    fn write_lock(dir: &Path, text: &str) {
        fs::write(lock_path(dir), text).unwrap();
    }

    fn hash(text: &str) -> FileHash {
        parse_hex(text).unwrap()
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(hex(&hash(HASH_A)), HASH_A);
        assert_eq!(parse_hex(&HASH_A.to_uppercase()), None);
        assert_eq!(parse_hex(&HASH_A[..62]), None);
    }

    #[test]
    fn no_lock_is_none() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Lock::load(dir.path()).unwrap(), None);
    }

    #[test]
    fn a_lock_loads_and_renders_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let text = lock_text(&[
            ("jiangsu-biopharma-2025", HASH_A),
            ("national-cbdf-2024", HASH_B),
        ]);
        write_lock(dir.path(), &text);
        let lock = Lock::load(dir.path()).unwrap().unwrap();
        assert_eq!(lock.path, lock_path(dir.path()));
        assert_eq!(lock.entries.len(), 2);
        let first = &lock.entries[0];
        assert_eq!(first.id, "jiangsu-biopharma-2025");
        assert_eq!(first.edition, "2025");
        assert_eq!(first.sha256, hash(HASH_A));
        assert_eq!(first.file.as_deref(), Some("libjiangsu_biopharma_2025.so"));
        assert_eq!(first.approved_by, "alice");
        assert_eq!(
            first.approved_at,
            time::macros::datetime!(2026-11-26 19:30:00 UTC)
        );
        // Re-approving an entry unchanged leaves the file byte for byte as it was.
        assert_eq!(render_lock(Some(&text), Some(&lock), first), text);
        assert_eq!(
            lock.verdict(&hash(HASH_B)).unwrap().id,
            "national-cbdf-2024"
        );
    }

    #[test]
    fn a_new_lock_has_the_header_and_reads_back() {
        let entry = LockEntry {
            id: "national-cbdf-2024".into(),
            edition: "2024".into(),
            sha256: hash(HASH_B),
            file: Some("libnational_cbdf_2024.so".into()),
            approved_by: "bob".into(),
            approved_at: time::macros::datetime!(2026-11-26 19:30:00 +08:00),
        };
        let text = render_lock(None, None, &entry);
        assert!(text.starts_with(&format!("{HEADER}\n[[pack]]\n")), "{text}");
        let lock = Lock::parse(Path::new("packs.lock"), &text).unwrap();
        assert_eq!(lock.entries, [entry]);
        assert!(
            text.contains("approved_at = 2026-11-26T19:30:00+08:00"),
            "{text}"
        );
    }

    #[test]
    fn updating_an_entry_keeps_other_entries_and_comments() {
        let original = lock_text(&[("a-2025", HASH_A), ("b-2025", HASH_A)])
            .replace("[[pack]]\nid = \"b", "# b is ours\n[[pack]]\nid = \"b")
            .replace(
                &format!("sha256 = \"{HASH_A}\"\nfile = \"liba_2025"),
                &format!("sha256 = \"{HASH_A}\"   # the release build\nfile = \"liba_2025"),
            );
        let lock = Lock::parse(Path::new("packs.lock"), &original).unwrap();
        let mut entry = lock.entries[0].clone();
        entry.sha256 = hash(HASH_B);
        let text = render_lock(Some(&original), Some(&lock), &entry);
        assert_eq!(
            text,
            original.replace(
                &format!("sha256 = \"{HASH_A}\"   # the release build"),
                &format!("sha256 = \"{HASH_B}\"   # the release build"),
            )
        );
    }

    #[test]
    fn an_entry_after_all_were_removed_goes_below_the_header() {
        let entry = Lock::parse(Path::new("l"), &lock_text(&[("a-2025", HASH_A)]))
            .unwrap()
            .entries
            .remove(0);
        let text = render_lock(Some(HEADER), None, &entry);
        assert!(text.starts_with(HEADER), "{text}");
        assert_eq!(
            text,
            lock_text(&[("a-2025", HASH_A)]).replacen("\n[[", "[[", 1)
        );
    }

    #[test]
    fn an_inline_array_is_rewritten_as_tables() {
        let original = format!(
            "pack = [{{ id = \"a-2025\", edition = \"2025\", sha256 = \"{HASH_A}\", approved_by = \"x\", approved_at = 2026-01-01T00:00:00Z }}]\n"
        );
        let lock = Lock::parse(Path::new("l"), &original).unwrap();
        let mut entry = lock.entries[0].clone();
        entry.id = "b-2025".into();
        let text = render_lock(Some(&original), Some(&lock), &entry);
        let ids: Vec<String> = Lock::parse(Path::new("l"), &text)
            .unwrap()
            .entries
            .into_iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(ids, ["a-2025", "b-2025"]);
    }

    fn load_error(text: &str) -> InputError {
        let dir = tempfile::tempdir().unwrap();
        write_lock(dir.path(), text);
        Lock::load(dir.path()).unwrap_err()
    }

    #[test]
    fn an_unknown_field_is_refused_with_its_place() {
        let text = lock_text(&[("a-2025", HASH_A)]).replace("approved_by", "approver");
        let error = load_error(&text);
        assert_eq!(error.field.as_deref(), Some("pack[0].approver"), "{error}");
        assert!(error.message.contains("`approved_by`"), "{error}");
        let line = text
            .lines()
            .position(|l| l.starts_with("approver"))
            .unwrap()
            + 1;
        assert_eq!(error.position.map(|p| p.0), Some(line), "{error}");
        assert!(error.to_string().contains("packs.lock:"), "{error}");
    }

    #[test]
    fn a_bad_hash_is_refused_with_its_field_and_place() {
        for bad in [&HASH_A[..63], &HASH_A.to_uppercase(), "sha256:abc"] {
            let text = lock_text(&[("a-2025", HASH_A), ("b-2025", HASH_A)]);
            let at = text.rfind(HASH_A).unwrap();
            let text = format!("{}{bad}{}", &text[..at], &text[at + HASH_A.len()..]);
            let error = load_error(&text);
            assert_eq!(error.field.as_deref(), Some("pack[1].sha256"), "{error}");
            assert!(error.message.contains("64 lowercase hex"), "{error}");
            assert!(error.message.contains(bad), "{error}");
            let line = text[..at].matches('\n').count() + 1;
            assert_eq!(error.position.map(|p| p.0), Some(line), "{error}");
        }
    }

    #[test]
    fn a_missing_field_a_local_time_and_a_repeated_id_are_refused() {
        let text = lock_text(&[("a-2025", HASH_A)]).replace("edition = \"2025\"\n", "");
        let error = load_error(&text);
        assert!(error.message.contains("edition"), "{error}");

        let text = lock_text(&[("a-2025", HASH_A)]).replace("19:30:00Z", "19:30:00");
        let error = load_error(&text);
        assert_eq!(
            error.field.as_deref(),
            Some("pack[0].approved_at"),
            "{error}"
        );

        let text = lock_text(&[("a-2025", HASH_A), ("a-2025", HASH_B)]);
        let error = load_error(&text);
        assert_eq!(error.field.as_deref(), Some("pack[1].id"), "{error}");
        assert!(error.message.contains("listed twice"), "{error}");
    }

    #[test]
    fn check_trusted_follows_the_lock() {
        let dir = Path::new("/packs");
        let file = Path::new("/packs/liba_2025.so");
        let other = Path::new("/packs/libc_2025.so");
        assert!(check_trusted(dir, None, file, &hash(HASH_B)).is_ok());

        let lock = Lock::parse(&lock_path(dir), &lock_text(&[("a-2025", HASH_A)])).unwrap();
        assert!(check_trusted(dir, Some(&lock), file, &hash(HASH_A)).is_ok());
        // The hash decides, not the name.
        assert!(check_trusted(dir, Some(&lock), other, &hash(HASH_A)).is_ok());

        let error = check_trusted(dir, Some(&lock), file, &hash(HASH_B)).unwrap_err();
        let TrustError::NotTrusted { id, .. } = &error else {
            panic!("{error}")
        };
        assert_eq!(id.as_deref(), Some("a-2025"));
        let message = error.to_string();
        for part in [
            "/packs/liba_2025.so",
            HASH_B,
            "/packs/packs.lock",
            "changed since it was approved",
            "`ftzroute pack trust /packs/liba_2025.so`",
            "--dev",
        ] {
            assert!(message.contains(part), "{part}: {message}");
        }

        let error = check_trusted(dir, Some(&lock), other, &hash(HASH_B)).unwrap_err();
        assert!(
            matches!(&error, TrustError::NotTrusted { id: None, .. }),
            "{error}"
        );
        assert!(!error.to_string().contains("changed since"), "{error}");
    }

    #[test]
    fn suggested_commands_quote_paths_that_need_it() {
        assert_eq!(shell_word(Path::new("/a/b_c-1.so")), "/a/b_c-1.so");
        assert_eq!(shell_word(Path::new("/my packs/x.so")), "'/my packs/x.so'");
        assert_eq!(shell_word(Path::new("it's")), r"'it'\''s'");
    }

    #[cfg(unix)]
    mod unix {
        use super::*;
        use std::os::unix::fs::PermissionsExt;

        fn chmod(path: &Path, mode: u32) {
            fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
        }

        fn refused(path: &Path) -> String {
            let error = check_permissions(path).unwrap_err();
            assert!(matches!(error, TrustError::Permissions { .. }), "{error}");
            let message = error.to_string();
            assert!(message.contains(&path.display().to_string()), "{message}");
            assert!(message.contains("--dev"), "{message}");
            message
        }

        #[test]
        fn writable_by_others_is_refused_with_the_fix() {
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("libx.so");
            fs::write(&file, b"x").unwrap();
            chmod(&file, 0o666);
            let message = refused(&file);
            assert!(message.contains("all users (mode 666)"), "{message}");
            assert!(
                message.contains(&format!("chmod go-w {}", file.display())),
                "{message}"
            );
            // Group write depends on whose group it is (the rule has its own tests with an
            // injected user database): harmless in the owner's private group only.
            chmod(&file, 0o664);
            let meta = fs::metadata(&file).unwrap();
            use std::os::unix::fs::MetadataExt;
            let private = crate::host::permissions::Accounts::system()
                .is_private_group(meta.uid(), meta.gid());
            if private {
                assert!(check_permissions(&file).is_ok());
            } else {
                assert!(refused(&file).contains("writable by its group (mode 664)"));
            }

            let sub = dir.path().join("packs");
            fs::create_dir(&sub).unwrap();
            chmod(&sub, 0o777);
            let message = refused(&sub);
            assert!(message.contains("mode 777"), "{message}");
            assert!(
                message.contains(&format!("chmod go-w {}", sub.display())),
                "{message}"
            );
        }

        #[test]
        fn private_or_read_only_for_others_is_accepted() {
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("libx.so");
            fs::write(&file, b"x").unwrap();
            chmod(&file, 0o644);
            chmod(dir.path(), 0o755);
            check_permissions(&file).unwrap();
            check_permissions(dir.path()).unwrap();
            check_pack_location(&file).unwrap();
        }

        #[test]
        fn the_location_covers_the_directory_and_a_link_target() {
            let dir = tempfile::tempdir().unwrap();
            let open = dir.path().join("open");
            let safe = dir.path().join("safe");
            fs::create_dir(&open).unwrap();
            fs::create_dir(&safe).unwrap();
            chmod(&open, 0o777);
            let file = open.join("libx.so");
            fs::write(&file, b"x").unwrap();
            chmod(&file, 0o644);
            let error = check_pack_location(&file).unwrap_err();
            assert!(
                matches!(&error, TrustError::Permissions { path, .. } if *path == open),
                "{error}"
            );
            // A link in a safe directory to a file in an open one is no safer.
            let link = safe.join("libx.so");
            std::os::unix::fs::symlink(&file, &link).unwrap();
            let error = check_pack_location(&link).unwrap_err();
            assert!(
                matches!(&error, TrustError::Permissions { path, .. } if *path == open),
                "{error}"
            );
        }

        #[test]
        fn a_world_writable_lock_is_refused() {
            let dir = tempfile::tempdir().unwrap();
            check_lock_location(dir.path()).unwrap();
            fs::write(lock_path(dir.path()), HEADER).unwrap();
            chmod(&lock_path(dir.path()), 0o646);
            let error = check_lock_location(dir.path()).unwrap_err();
            assert!(error.to_string().contains("all users"), "{error}");
        }

        /// Staging a file owned by someone else needs root (to chown it); as anyone else the
        /// test can only check that a file of one's own passes, which the tests above do.
        #[test]
        fn owned_by_another_user_is_refused_with_the_fix() {
            // SAFETY: no preconditions.
            if unsafe { libc::geteuid() } != 0 {
                eprintln!("skipped: only root can give a file to another user");
                return;
            }
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("libx.so");
            fs::write(&file, b"x").unwrap();
            chmod(&file, 0o644);
            std::os::unix::fs::chown(&file, Some(65534), None).unwrap();
            let message = refused(&file);
            assert!(message.contains("owned by user 65534"), "{message}");
            assert!(
                message.contains(&format!("chown 0 {}", file.display())),
                "{message}"
            );
            // Owned by root is fine for anyone.
            std::os::unix::fs::chown(&file, Some(0), None).unwrap();
            check_permissions(&file).unwrap();
        }

        #[test]
        fn a_missing_path_is_an_io_error_naming_it() {
            let error = check_permissions(Path::new("/no/such/pack.so")).unwrap_err();
            assert!(matches!(error, TrustError::Io { .. }), "{error}");
            assert!(error.to_string().contains("/no/such/pack.so"), "{error}");
        }
    }
}
