//! Two files claiming one pack id: neither decides, whether they are there at start or one
//! arrives by a reload; removing one lets the other serve again. Uses the real packs of the
//! workspace build.

use ftzroute::core::pack::{FaultKind, PackSource};
use ftzroute::host::{hash_bytes, load_pack, Applied, LivePacks, Loaded, PackSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

const ID: &str = "national-cbdf-2024";

fn national() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let file = exe.parent().and_then(Path::parent).unwrap().join(format!(
        "{}national_cbdf_2024{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    ));
    assert!(
        file.is_file(),
        "{} is missing: run `cargo build --workspace` first",
        file.display()
    );
    file
}

/// Two copies of the national pack under different names in a fresh directory.
fn two_copies() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("libnational_cbdf_2024.so");
    let imposter = dir.path().join("libbad_imposter.so");
    std::fs::copy(national(), &real).unwrap();
    std::fs::copy(national(), &imposter).unwrap();
    (dir, real, imposter)
}

fn loaded(file: &Path) -> Loaded {
    Loaded {
        file: file.to_path_buf(),
        hash: hash_bytes(&std::fs::read(file).unwrap()),
        result: load_pack(file).map_err(|e| e.to_string()),
        noticed: Instant::now(),
        removed: false,
    }
}

fn removed(file: &Path) -> Loaded {
    Loaded {
        file: file.to_path_buf(),
        hash: [0; 32],
        result: Err(format!("{}: the file was removed", file.display())),
        noticed: Instant::now(),
        removed: true,
    }
}

/// The pack id is refused, naming both files.
fn assert_refused(packs: &LivePacks, files: &[&Path]) {
    let fault = match packs.pack(ID) {
        Ok(_) => panic!("a pack claimed twice must not serve"),
        Err(fault) => fault,
    };
    assert_eq!(fault.kind, FaultKind::Refused, "{fault}");
    assert_eq!(fault.pack.as_deref(), Some(ID));
    let mut expected: Vec<PathBuf> = files.iter().map(|f| f.to_path_buf()).collect();
    expected.sort();
    assert_eq!(fault.files, expected, "{fault}");
}

fn serving_file(packs: &LivePacks) -> PathBuf {
    let pack = packs.pack(ID).unwrap_or_else(|fault| panic!("{fault}"));
    pack.file().unwrap().to_path_buf()
}

#[test]
fn a_reload_that_creates_a_clash_refuses_both_and_a_removal_restores_the_other() {
    let (_dir, real, imposter) = two_copies();
    let mut packs = LivePacks::from_set(PackSet::load_files(std::slice::from_ref(&real)));
    assert_eq!(serving_file(&packs), real);

    // The imposter lands: it does not win, and the real one stops deciding too.
    let applied = packs.apply(loaded(&imposter));
    assert!(
        matches!(&applied, Applied::Failed { error, serving: None, .. } if error.contains("also claimed by")),
        "{applied:?}"
    );
    assert_refused(&packs, &[&real, &imposter]);
    assert!(packs.loaded().next().is_none(), "neither serves");
    let real_live = packs.packs.iter().find(|p| p.file == real).unwrap();
    assert!(
        real_live
            .last_error
            .as_deref()
            .unwrap()
            .contains("also claimed by"),
        "the packs view says why: {:?}",
        real_live.last_error
    );

    // The imposter is removed: the real pack serves again.
    std::fs::remove_file(&imposter).unwrap();
    let applied = packs.apply(removed(&imposter));
    assert!(
        matches!(&applied, Applied::Swapped { id, .. } if id == ID),
        "{applied:?}"
    );
    assert_eq!(serving_file(&packs), real);
    assert_eq!(packs.packs.len(), 1);
    assert!(packs.packs[0].last_error.is_none());
}

#[test]
fn a_clash_at_start_refuses_both_and_removing_either_restores_the_other() {
    for keep_first in [true, false] {
        let (_dir, real, imposter) = two_copies();
        let set = PackSet::load_files(&[imposter.clone(), real.clone()]);
        assert_eq!(set.loaded().count(), 0, "neither wins by its name");
        let mut packs = LivePacks::from_set(set);
        assert_refused(&packs, &[&real, &imposter]);

        let (gone, kept) = if keep_first {
            (&imposter, &real)
        } else {
            (&real, &imposter)
        };
        std::fs::remove_file(gone).unwrap();
        let applied = packs.apply(removed(gone));
        assert!(matches!(applied, Applied::Swapped { .. }), "{applied:?}");
        assert_eq!(&serving_file(&packs), kept);
    }
}

#[test]
fn removing_a_file_without_a_clash_stops_its_pack() {
    let (_dir, real, _imposter) = two_copies();
    let mut packs = LivePacks::from_set(PackSet::load_files(std::slice::from_ref(&real)));
    std::fs::remove_file(&real).unwrap();
    let applied = packs.apply(removed(&real));
    assert!(
        matches!(&applied, Applied::Failed { error, .. } if error.contains("removed")),
        "{applied:?}"
    );
    let fault = match packs.pack(ID) {
        Ok(_) => panic!("a removed file must not serve"),
        Err(fault) => fault,
    };
    assert_eq!(fault.kind, FaultKind::NotLoaded);
}
