//! The install script puts the binary and its packs together, pinned, so that the installed
//! `ftzroute` works from anywhere with no further step.

use ftzroute_e2e::*;
use serde_json::Value;
use std::process::Command;

#[test]
fn the_installed_binary_finds_its_pinned_packs() {
    let prefix = tempfile::tempdir().unwrap();
    let build = build_dir();
    let target_dir = build.parent().unwrap();
    let profile = build.file_name().unwrap().to_str().unwrap();
    let mut script = Command::new(workspace_root().join("scripts/install.sh"));
    script
        .args(["--prefix", prefix.path().to_str().unwrap(), "--no-build"])
        .env("CARGO_TARGET_DIR", target_dir);
    if profile == "debug" {
        script.arg("--debug");
    }
    let output = script.output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));

    let installed = prefix.path().join("bin/ftzroute");
    let lock = std::fs::read_to_string(prefix.path().join("bin/packs/packs.lock")).unwrap();
    for id in ["jiangsu-biopharma-2025", "national-cbdf-2024"] {
        assert!(
            lock.contains(&format!("id = \"{id}\"")),
            "{id} pinned: {lock}"
        );
    }
    // Run from elsewhere, with no pack options: the packs beside the binary are used.
    let eval = Command::new(&installed)
        .args([
            "eval",
            &example("suzhou-biologics.toml"),
            "--format",
            "json",
        ])
        .env_remove("FTZROUTE_PACKS")
        .current_dir(prefix.path())
        .output()
        .unwrap();
    assert!(eval.status.success(), "{}", stderr(&eval));
    let report: Value = serde_json::from_slice(&eval.stdout).unwrap();
    let zones: Vec<&str> = report["zones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|z| z["zone"].as_str().unwrap())
        .collect();
    assert!(
        zones.contains(&"jiangsu") && zones.contains(&"national"),
        "{zones:?}"
    );
}
