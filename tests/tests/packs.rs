//! Packs that are not the bundled ones: a pack written in C against the header, and packs that
//! are broken in each way the loader must survive.

use ftzroute_e2e::*;
use serde_json::Value;
use std::path::Path;

const TINY_ZONES: &str = "[[zone]]\nid = \"tiny\"\nname = \"Tiny\"\npacks = [\"tiny-c\"]\n";
const BROKEN_ZONES: &str =
    "[[zone]]\nid = \"broken\"\nname = \"Broken\"\npacks = [\"panicking\"]\n";

fn eval_with(packs: &Path, zones: &Path) -> std::process::Output {
    run(&[
        "eval",
        &example("suzhou-biologics.toml"),
        "--format",
        "json",
        "--packs",
        packs.to_str().unwrap(),
        "--zones",
        zones.to_str().unwrap(),
    ])
}

#[test]
fn a_pack_written_in_c_loads_and_decides() {
    let build = tempfile::tempdir().unwrap();
    let lib = build_c_pack(build.path(), "tiny_c", &[]);
    let dir = pack_dir_with(&[lib]);
    let zones = write_zones(dir.path(), TINY_ZONES);
    let output = eval_with(dir.path(), &zones);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let exports = report["zones"][0]["exports"].as_array().unwrap();
    assert_eq!(exports.len(), 5);
    for export in exports {
        assert_eq!(export["pack"], "tiny-c");
        assert_eq!(export["route"], "exempt");
        assert_eq!(export["basis"], "Tiny C pack rule 1");
    }
    let output = run(&["packs", "--packs", dir.path().to_str().unwrap()]);
    assert!(output.status.success());
    assert!(
        stdout(&output).contains("tiny-c  edition 1  zone tiny"),
        "{}",
        stdout(&output)
    );
}

/// Loads `lib` as the only pack and checks `eval` and `packs` fail cleanly with `expected`.
fn assert_refused(lib: std::path::PathBuf, zones: &str, expected: &[&str]) {
    let file_name = lib.file_name().unwrap().to_string_lossy().into_owned();
    let dir = pack_dir_with(&[lib]);
    let zones = write_zones(dir.path(), zones);

    let output = eval_with(dir.path(), &zones);
    let message = stderr(&output);
    assert_eq!(
        output.status.code(),
        Some(3),
        "eval exit code; stderr: {message}"
    );
    assert!(output.stdout.is_empty(), "no half-written report");
    assert!(
        message.contains(&file_name),
        "names the pack file: {message}"
    );
    for fragment in expected {
        assert!(
            message.contains(fragment),
            "expected {fragment:?} in: {message}"
        );
    }

    let output = run(&[
        "packs",
        "--packs",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    let list: Value = serde_json::from_slice(&output.stdout).unwrap();
    if expected.iter().any(|f| f.contains("panicked")) {
        // It describes itself correctly; only evaluation fails.
        assert_eq!(output.status.code(), Some(0));
        assert_eq!(list[0]["status"], "ok");
    } else {
        assert_eq!(output.status.code(), Some(3));
        assert_eq!(list[0]["status"], "error");
        assert!(list[0]["error"].as_str().unwrap().contains(&file_name));
    }
}

#[test]
fn a_pack_with_the_wrong_abi_version_is_refused() {
    let build = tempfile::tempdir().unwrap();
    let lib = build_c_pack(build.path(), "wrong_abi", &["WRONG_ABI"]);
    assert_refused(lib, TINY_ZONES, &["ABI version 99", "version 1"]);
}

#[test]
fn a_pack_missing_its_entry_symbol_is_refused() {
    let build = tempfile::tempdir().unwrap();
    let lib = build_c_pack(build.path(), "no_api", &["NO_API"]);
    assert_refused(lib, TINY_ZONES, &["missing symbol `ftzroute_pack_api_v1`"]);
}

#[test]
fn a_pack_answering_garbage_is_an_error_not_a_crash() {
    let build = tempfile::tempdir().unwrap();
    let lib = build_c_pack(build.path(), "garbage", &["GARBAGE"]);
    let dir = pack_dir_with(&[lib]);
    let zones = write_zones(dir.path(), TINY_ZONES);
    let output = eval_with(dir.path(), &zones);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("pack `tiny-c` failed") && message.contains("invalid document"),
        "{message}"
    );
}

#[test]
fn a_file_that_is_not_a_library_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(library_file_name("notalib")), b"just text").unwrap();
    let zones = write_zones(dir.path(), TINY_ZONES);
    let output = eval_with(dir.path(), &zones);
    assert_eq!(output.status.code(), Some(3));
    assert!(
        stderr(&output).contains("not a loadable library"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_panicking_pack_is_reported_and_the_host_survives() {
    let lib = fixture_packs_dir().join(library_file_name("panicking_pack"));
    assert_refused(
        lib,
        BROKEN_ZONES,
        &[
            "pack `panicking` failed",
            "panicked",
            "deliberate failure evaluating 5 exports",
        ],
    );
}

#[test]
fn two_packs_with_one_id_are_refused() {
    let packs = packs_dir();
    let national = packs.join(library_file_name("national_cbdf_2024"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&national, dir.path().join(library_file_name("a_national"))).unwrap();
    std::fs::copy(&national, dir.path().join(library_file_name("b_national"))).unwrap();
    let output = run(&["packs", "--packs", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(3));
    assert!(
        stderr(&output).contains("pack id `national-cbdf-2024` is also claimed by"),
        "{}",
        stderr(&output)
    );
}

/// Evaluates the suzhou example with the C pack built with `define` as the only pack of a zone.
fn eval_tiny_variant(define: &str) -> std::process::Output {
    let build = tempfile::tempdir().unwrap();
    let lib = build_c_pack(build.path(), "tiny_c", &[define]);
    let dir = pack_dir_with(&[lib]);
    let zones = write_zones(dir.path(), TINY_ZONES);
    eval_with(dir.path(), &zones)
}

#[test]
fn answers_that_break_the_contract_are_errors_naming_the_pack() {
    for (define, expected) in [
        ("BAD_ROUTE", "unknown variant `teleport`"),
        (
            "BAD_RULE",
            "rule `no-such-rule` is not in the pack's description",
        ),
        ("BAD_UTF8", "invalid document"),
        ("FLOOD", "wrote more than 16777216 bytes"),
    ] {
        let output = eval_tiny_variant(define);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(3), "{define}: {message}");
        assert!(output.stdout.is_empty(), "{define}: no half-written report");
        assert!(
            message.contains("pack `tiny-c` failed"),
            "{define}: {message}"
        );
        assert!(
            message.contains(expected),
            "{define}: expected {expected:?} in {message}"
        );
    }
}
