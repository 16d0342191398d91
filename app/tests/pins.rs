//! `trust` against a real pack library: the national pack built into this target directory
//! (`cargo build --workspace` first, as for the end-to-end tests).

use ftzroute::host::hash_bytes;
use ftzroute::host::{check_trusted, hex, lock_path, trust, Lock, TrustError};
use std::fs;
use std::path::{Path, PathBuf};

const NATIONAL: &str = "libnational_cbdf_2024.so";

/// target/<profile>, where the workspace build puts the pack libraries.
fn build_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().and_then(Path::parent).unwrap().to_path_buf()
}

/// A private directory holding a copy of the built national pack.
fn national_in_temp_dir() -> (tempfile::TempDir, PathBuf) {
    let built = build_dir().join(NATIONAL);
    assert!(
        built.is_file(),
        "{} is missing: run `cargo build --workspace` (same target directory) first",
        built.display()
    );
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join(NATIONAL);
    fs::copy(&built, &library).unwrap();
    (dir, library)
}

#[test]
fn trust_adds_an_entry_that_check_trusted_accepts() {
    let (dir, library) = national_in_temp_dir();
    let hash = hash_bytes(&fs::read(&library).unwrap());
    let entry = trust(&library, "carol").unwrap();
    assert_eq!(entry.id, "national-cbdf-2024");
    assert_eq!(entry.edition, "2024");
    assert_eq!(entry.sha256, hash);
    assert_eq!(entry.file.as_deref(), Some(NATIONAL));
    assert_eq!(entry.approved_by, "carol");
    assert_eq!(entry.approved_at.offset(), time::UtcOffset::UTC);

    let text = fs::read_to_string(lock_path(dir.path())).unwrap();
    assert!(text.starts_with("# ftzroute packs.lock"), "{text}");
    assert!(
        text.contains(&format!("sha256 = \"{}\"", hex(&hash))),
        "{text}"
    );
    let lock = Lock::load(dir.path()).unwrap().unwrap();
    assert_eq!(lock.entries, [entry]);
    check_trusted(dir.path(), Some(&lock), &library, &hash).unwrap();
}

#[test]
fn trusting_again_replaces_the_entry_of_the_same_pack_and_keeps_the_others() {
    let (dir, library) = national_in_temp_dir();
    let other = "pack-2025";
    let stale = "00".repeat(32);
    let original = format!(
        "# ftzroute packs.lock: pack libraries approved for use from this directory.\n\
         # reviewed by the compliance team\n\
         \n\
         [[pack]]\n\
         id = \"{other}\"\n\
         edition = \"2025\"\n\
         sha256 = \"{}\"\n\
         approved_by = \"alice\"\n\
         approved_at = 2026-11-26T19:30:00Z\n\
         \n\
         [[pack]]\n\
         id = \"national-cbdf-2024\"\n\
         edition = \"2024\"\n\
         sha256 = \"{stale}\"   # an older build\n\
         file = \"{NATIONAL}\"\n\
         approved_by = \"alice\"\n\
         approved_at = 2026-11-26T19:30:00Z\n",
        "ab".repeat(32)
    );
    fs::write(lock_path(dir.path()), &original).unwrap();
    let hash = hash_bytes(&fs::read(&library).unwrap());

    // The lock approves an older build: the current one is refused, naming the pack.
    let lock = Lock::load(dir.path()).unwrap().unwrap();
    let error = check_trusted(dir.path(), Some(&lock), &library, &hash).unwrap_err();
    assert!(
        matches!(&error, TrustError::NotTrusted { id: Some(id), .. } if id == "national-cbdf-2024"),
        "{error}"
    );
    assert!(error.to_string().contains("ftzroute pack trust"), "{error}");

    let entry = trust(&library, "bob").unwrap();
    let lock = Lock::load(dir.path()).unwrap().unwrap();
    let ids: Vec<&str> = lock.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, [other, "national-cbdf-2024"]);
    assert_eq!(lock.entries[1], entry);
    assert_eq!(lock.entries[0].approved_by, "alice");
    check_trusted(dir.path(), Some(&lock), &library, &hash).unwrap();

    let text = fs::read_to_string(lock_path(dir.path())).unwrap();
    assert!(text.contains("# reviewed by the compliance team"), "{text}");
    assert!(
        text.contains(&format!("sha256 = \"{}\"   # an older build", hex(&hash))),
        "{text}"
    );
    assert!(!text.contains(&stale), "{text}");
    assert_eq!(text.matches("[[pack]]").count(), 2, "{text}");
    // The previous lock is kept beside it.
    assert_eq!(
        fs::read_to_string(dir.path().join("packs.lock.bak")).unwrap(),
        original
    );

    // Once more: still one entry for the pack.
    trust(&library, "bob").unwrap();
    assert_eq!(Lock::load(dir.path()).unwrap().unwrap().entries.len(), 2);
}

#[test]
fn an_empty_approver_is_the_user() {
    let (_dir, library) = national_in_temp_dir();
    let entry = trust(&library, "").unwrap();
    assert_eq!(entry.approved_by, ftzroute::host::default_approver());
    assert!(!entry.approved_by.is_empty());
}

#[test]
fn a_library_that_does_not_load_is_refused_and_no_lock_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("libnot_a_pack.so");
    fs::write(&library, b"not a library").unwrap();
    let error = trust(&library, "carol").unwrap_err();
    assert!(matches!(error, TrustError::Load(_)), "{error}");
    assert!(error.to_string().contains("libnot_a_pack.so"), "{error}");
    assert!(!lock_path(dir.path()).exists());
}

#[test]
fn a_broken_lock_is_reported_and_left_alone() {
    let (dir, library) = national_in_temp_dir();
    let broken = "[[pack]]\nid = \"x-1\"\nsha = \"00\"\n";
    fs::write(lock_path(dir.path()), broken).unwrap();
    let error = trust(&library, "carol").unwrap_err();
    let TrustError::Lock(input) = &error else {
        panic!("{error}")
    };
    assert_eq!(input.position.map(|p| p.0), Some(3), "{error}");
    assert_eq!(fs::read_to_string(lock_path(dir.path())).unwrap(), broken);
}

#[cfg(unix)]
#[test]
fn a_library_in_a_directory_others_can_write_is_not_trusted() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, library) = national_in_temp_dir();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o777)).unwrap();
    let error = trust(&library, "carol").unwrap_err();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o700)).unwrap();
    assert!(matches!(error, TrustError::Permissions { .. }), "{error}");
    assert!(error.to_string().contains("chmod go-w"), "{error}");
    assert!(!lock_path(dir.path()).exists());
}
