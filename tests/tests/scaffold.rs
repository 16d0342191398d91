//! `pack new`: the scaffolded crate joins the workspace, builds, and passes its own golden case
//! straight away; what cannot be scaffolded is refused before anything is written.

use ftzroute_e2e::*;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// A workspace shaped like the real root, with comments that must survive the edit.
fn temp_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let api = workspace_root().join("plugin-api");
    std::fs::write(
        dir.path().join("Cargo.toml"),
        format!(
            r#"# A workspace of rule packs.
[workspace]
resolver = "2"
# Every pack is a member.
members = []

[workspace.package]
edition = "2021"
rust-version = "1.85"
license = "Apache-2.0"
version = "0.1.0"

[workspace.dependencies]
ftzroute-plugin-api = {{ path = {api:?} }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
"#
        ),
    )
    .unwrap();
    // The fixture packs' lock file: the same dependency versions, so the build reuses what the
    // fixtures compiled and needs no registry.
    std::fs::copy(
        workspace_root().join("tests/fixtures/Cargo.lock"),
        dir.path().join("Cargo.lock"),
    )
    .unwrap();
    dir
}

fn pack_new(workspace: &Path, name: &str) -> std::process::Output {
    run(&[
        "pack",
        "new",
        name,
        "--zone",
        "shanghai",
        "--edition",
        "2026",
        "--workspace",
        workspace.to_str().unwrap(),
    ])
}

#[test]
fn a_new_pack_builds_and_passes_its_example_case() {
    let workspace = temp_workspace();
    let root = workspace.path();
    let output = pack_new(root, "demo");
    assert!(output.status.success(), "{}", stderr(&output));
    let report = stdout(&output);
    for fragment in [
        "packs/demo-2026/Cargo.toml",
        "packs/demo-2026/src/lib.rs",
        "packs/demo-2026/cases/example.toml",
        "packs/demo-2026/README.md",
        "cargo build -p demo-2026",
        "ftzroute pack test target/debug/",
        "ftzroute pack check target/debug/",
    ] {
        assert!(report.contains(fragment), "{fragment:?} in:\n{report}");
    }

    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("# Every pack is a member.\nmembers = [\"packs/demo-2026\"]\n"),
        "{manifest}"
    );
    assert!(manifest.starts_with("# A workspace of rule packs.\n[workspace]\n"));
    let pack = root.join("packs/demo-2026");
    let cargo = std::fs::read_to_string(pack.join("Cargo.toml")).unwrap();
    assert!(
        cargo.contains("ftzroute-plugin-api.workspace = true"),
        "{cargo}"
    );
    assert!(
        cargo.contains("crate-type = [\"cdylib\", \"rlib\"]"),
        "{cargo}"
    );
    let lib = std::fs::read_to_string(pack.join("src/lib.rs")).unwrap();
    assert!(lib.contains("pub const ZONE: &str = \"shanghai\";"));
    assert!(lib.contains("edition: \"2026\""));
    assert!(lib.contains("《TODO："), "a Chinese citation placeholder");

    // Build it as a member of its own workspace, beside the fixture packs.
    let libraries = fixture_packs_dir();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let build = Command::new(cargo)
        .args(["build", "--quiet", "--offline", "--manifest-path"])
        .arg(root.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(workspace_root().join("tests/fixtures/target"))
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "the scaffolded pack does not build:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let library = libraries.join(library_file_name("demo_2026"));
    let no_packs = tempfile::tempdir().unwrap();
    let cases = pack.join("cases");
    let output = run(&[
        "pack",
        "test",
        library.to_str().unwrap(),
        "--cases",
        cases.to_str().unwrap(),
        "--packs",
        no_packs.path().to_str().unwrap(),
        "--threshold",
        "100",
        "--format",
        "json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let result: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(result["passed"], 1);
    assert_eq!(result["failed"], 0);
    assert_eq!(result["packs"][0]["pack"], "demo-2026");
    assert_eq!(result["packs"][0]["rules_not_fired"], Value::Array(vec![]));

    // `pack check` lists what is left to write, the placeholder sector and dates included.
    let check = run(&[
        "pack",
        "check",
        library.to_str().unwrap(),
        "--cases",
        cases.to_str().unwrap(),
        "--packs",
        no_packs.path().to_str().unwrap(),
        "--dev",
        "--format",
        "json",
    ]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    let messages: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "description")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("sectors[0] still holds a placeholder")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("the dates `pack new` fills in")),
        "{messages:?}"
    );

    // A second scaffold of the same edition is refused and changes nothing.
    let before = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let readme = std::fs::read_to_string(pack.join("README.md")).unwrap();
    let output = pack_new(root, "demo");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("packs/demo-2026 already exists"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_to_string(root.join("Cargo.toml")).unwrap(),
        before
    );
    assert_eq!(
        std::fs::read_to_string(pack.join("README.md")).unwrap(),
        readme
    );
}

#[test]
fn the_workspace_is_found_from_a_directory_inside_it() {
    let workspace = temp_workspace();
    let inside = workspace.path().join("notes/drafts");
    std::fs::create_dir_all(&inside).unwrap();
    let output = ftzroute()
        .current_dir(&inside)
        .args([
            "pack",
            "new",
            "pharma",
            "--zone",
            "tianjin",
            "--edition",
            "2025",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(workspace
        .path()
        .join("packs/pharma-2025/cases/example.toml")
        .is_file());
    let manifest = std::fs::read_to_string(workspace.path().join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("members = [\"packs/pharma-2025\"]"),
        "{manifest}"
    );
}

#[test]
fn bad_names_and_missing_workspaces_are_refused_before_anything_is_written() {
    let workspace = temp_workspace();
    let before = std::fs::read_to_string(workspace.path().join("Cargo.toml")).unwrap();
    for (name, edition, zone, expected) in [
        ("Demo", "2026", "shanghai", "NAME `Demo`"),
        ("demo_pack", "2026", "shanghai", "NAME `demo_pack`"),
        ("demo", "2026/1", "shanghai", "--edition `2026/1`"),
        ("demo", "", "shanghai", "--edition ``"),
        ("demo", "2026", "Shanghai FTZ", "--zone `Shanghai FTZ`"),
    ] {
        let output = run(&[
            "pack",
            "new",
            name,
            "--zone",
            zone,
            "--edition",
            edition,
            "--workspace",
            workspace.path().to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(2), "{name} {edition} {zone}");
        assert!(stderr(&output).contains(expected), "{}", stderr(&output));
    }
    assert!(!workspace.path().join("packs").exists());
    assert_eq!(
        std::fs::read_to_string(workspace.path().join("Cargo.toml")).unwrap(),
        before
    );

    let not_a_workspace = tempfile::tempdir().unwrap();
    let output = ftzroute()
        .current_dir(not_a_workspace.path())
        .args([
            "pack",
            "new",
            "demo",
            "--zone",
            "shanghai",
            "--edition",
            "2026",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no Cargo workspace found"),
        "{}",
        stderr(&output)
    );
    assert!(!not_a_workspace.path().join("packs").exists());
}
