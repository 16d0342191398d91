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

/// What `eval` said about failed zones: the error of each in the report (as `pack `id` failed
/// (kind): message [files]`), then stderr. Fails unless the report is complete JSON.
fn failure_text(output: &std::process::Output) -> String {
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("a complete report ({e}): {}", stdout(output)));
    let mut text = String::new();
    for zone in report["zones"].as_array().unwrap() {
        let error = &zone["error"];
        if error.is_object() {
            let files: Vec<&str> = error["files"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap())
                .collect();
            text.push_str(&format!(
                "pack `{}` failed ({}): {} [{}]\n",
                error["pack"].as_str().unwrap(),
                error["fault"].as_str().unwrap(),
                error["message"].as_str().unwrap(),
                files.join(" and ")
            ));
        }
    }
    text + &stderr(output)
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
    assert_eq!(
        output.status.code(),
        Some(3),
        "eval exit code; stderr: {}",
        stderr(&output)
    );
    // The report is complete, the failed zone in its place.
    let message = failure_text(&output);
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
        assert!(list[0]["file"].as_str().unwrap().ends_with(&file_name));
        for fragment in expected {
            assert!(
                list[0]["error"].as_str().unwrap().contains(fragment),
                "{list}"
            );
        }
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
    let message = failure_text(&output);
    assert!(
        message.contains("pack `tiny-c` failed (invalid-output)")
            && message.contains("invalid document"),
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
    // Neither decides: both are refused, each naming the other.
    for (file, other) in [("a_national", "b_national"), ("b_national", "a_national")] {
        let line = format!(
            "pack file not used (refused): {}: pack id `national-cbdf-2024` is also claimed by {}",
            dir.path().join(library_file_name(file)).display(),
            dir.path().join(library_file_name(other)).display()
        );
        assert!(stderr(&output).contains(&line), "{}", stderr(&output));
    }
    let zones = write_zones(
        dir.path(),
        "[[zone]]\nid = \"national\"\nname = \"N\"\npacks = [\"national-cbdf-2024\"]\n",
    );
    let output = eval_with(dir.path(), &zones);
    assert_eq!(output.status.code(), Some(3));
    let message = failure_text(&output);
    assert!(
        message.contains(&format!(
            "pack `national-cbdf-2024` failed (refused): more than one library claims this pack id; neither decides until one of them is removed [{} and {}]",
            dir.path().join(library_file_name("a_national")).display(),
            dir.path().join(library_file_name("b_national")).display()
        )),
        "{message}"
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
        assert_eq!(
            output.status.code(),
            Some(3),
            "{define}: {}",
            stderr(&output)
        );
        let message = failure_text(&output);
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
