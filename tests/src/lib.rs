//! Helpers for end-to-end tests: the built `ftzroute` binary, the built packs, test-only packs
//! (C packs compiled here, Rust fixtures built from `tests/fixtures`).
//!
//! The binary and packs come from `cargo build --workspace`; the tests run them as a user would.

pub mod corpus;
pub mod pty;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// Root of the workspace checkout.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}

/// The ids of the workspace's packs that have golden cases (`packs/<id>/cases`), sorted.
pub fn packs_with_cases() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(workspace_root().join("packs"))
        .expect("the workspace has packs/")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|dir| dir.join("cases").is_dir())
        .filter_map(|dir| dir.file_name()?.to_str().map(String::from))
        .collect();
    ids.sort();
    ids
}

/// The zone ids of the bundled zones file, in configured order.
pub fn bundled_zone_ids() -> Vec<String> {
    let text = std::fs::read_to_string(workspace_root().join("app/zones/default.toml"))
        .expect("the bundled zones file");
    let zones: toml::Value = toml::from_str(&text).expect("the bundled zones parse");
    zones["zone"]
        .as_array()
        .expect("[[zone]] tables")
        .iter()
        .map(|zone| zone["id"].as_str().expect("a zone id").to_string())
        .collect()
}

/// The file names of every example profile in `examples/`, sorted.
pub fn example_profiles() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(workspace_root().join("examples"))
        .expect("the workspace has examples/")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".toml"))
        .collect();
    names.sort();
    names
}

/// The bundled zones file cut down to the Jiangsu and national zones: the screens the dashboard
/// tests read were laid out for those two columns, and the other zones need no other checks there.
pub fn jiangsu_and_national_zones() -> String {
    let text = std::fs::read_to_string(workspace_root().join("app/zones/default.toml"))
        .expect("the bundled zones file");
    let mut zones: toml::Table = toml::from_str(&text).expect("the bundled zones parse");
    let kept: Vec<toml::Value> = zones["zone"]
        .as_array()
        .expect("[[zone]] tables")
        .iter()
        .filter(|zone| matches!(zone["id"].as_str(), Some("jiangsu" | "national")))
        .cloned()
        .collect();
    zones.insert("zone".into(), toml::Value::Array(kept));
    toml::to_string(&zones).expect("zones serialize")
}

/// The profile directory (`target/debug` or similar) the test executable was built into.
pub fn build_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    // target/<profile>/deps/<test-binary>
    exe.parent()
        .and_then(Path::parent)
        .expect("test binary lives in target/<profile>/deps")
        .to_path_buf()
}

/// The built `ftzroute` executable.
pub fn binary() -> PathBuf {
    let path = build_dir().join(format!("ftzroute{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.is_file(),
        "{} is missing: run `cargo build --workspace` before the tests",
        path.display()
    );
    path
}

/// Where the workspace's pack libraries are (beside the binary).
pub fn packs_dir() -> PathBuf {
    let dir = build_dir();
    for id in ["jiangsu_biopharma_2025", "national_cbdf_2024"] {
        let lib = dir.join(library_file_name(id));
        assert!(
            lib.is_file(),
            "{} is missing: run `cargo build --workspace` before the tests",
            lib.display()
        );
    }
    dir
}

/// `libNAME.so` / `libNAME.dylib` / `NAME.dll`.
pub fn library_file_name(crate_name: &str) -> String {
    format!(
        "{}{crate_name}{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    )
}

/// A command for the binary with no ftzroute variables inherited from the environment.
pub fn ftzroute() -> Command {
    let mut command = Command::new(binary());
    for (key, _) in std::env::vars() {
        if key.starts_with("FTZROUTE_") || key == "NO_COLOR" {
            command.env_remove(key);
        }
    }
    command
}

/// Runs the binary with these arguments.
pub fn run(args: &[&str]) -> Output {
    ftzroute().args(args).output().expect("ftzroute runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Compiles `tests/c/tiny_pack.c` with extra `-D` flags into `dir/<name>`; returns the library.
pub fn build_c_pack(dir: &Path, name: &str, defines: &[&str]) -> PathBuf {
    let root = workspace_root();
    let out = dir.join(library_file_name(name));
    let compiler = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let status = Command::new(&compiler)
        .args(["-shared", "-fPIC", "-std=c99", "-Wall", "-Werror", "-o"])
        .arg(&out)
        .arg("-I")
        .arg(root.join("plugin-api/include"))
        .args(defines.iter().map(|d| format!("-D{d}")))
        .arg(root.join("tests/c/tiny_pack.c"))
        .status()
        .unwrap_or_else(|e| panic!("cannot run the C compiler `{compiler}`: {e}"));
    assert!(status.success(), "C pack {name} did not compile");
    out
}

/// Builds the Rust fixture packs (`tests/fixtures`) once per test process; returns their
/// directory. They live in their own target directory so they are never found as real packs.
pub fn fixture_packs_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = workspace_root();
        let target = root.join("tests/fixtures/target");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let output = Command::new(cargo)
            .args(["build", "--quiet", "--manifest-path"])
            .arg(root.join("tests/fixtures/Cargo.toml"))
            .arg("--target-dir")
            .arg(&target)
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "building the fixture packs failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        target.join("debug")
    })
    .clone()
}

/// The panicking fixture pack built with `panic = "abort"`: its panic cannot be caught, so it
/// aborts whatever process runs it. Built once per test process, into its own target directory.
pub fn panic_abort_pack() -> PathBuf {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    FILE.get_or_init(|| {
        let root = workspace_root();
        let target = root.join("tests/fixtures/target-abort");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let output = Command::new(cargo)
            .args([
                "build",
                "--quiet",
                "-p",
                "panicking-pack",
                "--manifest-path",
            ])
            .arg(root.join("tests/fixtures/Cargo.toml"))
            .arg("--target-dir")
            .arg(&target)
            .env("CARGO_PROFILE_DEV_PANIC", "abort")
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "building the panic=abort fixture failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        target
            .join("debug")
            .join(library_file_name("panicking_pack"))
    })
    .clone()
}

/// A fresh directory holding only the given files (copied), to use as `--packs`.
pub fn pack_dir_with(files: &[PathBuf]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for file in files {
        std::fs::copy(file, dir.path().join(file.file_name().expect("file name")))
            .expect("copy pack");
    }
    dir
}

/// Writes a zones file into `dir` and returns its path.
pub fn write_zones(dir: &Path, toml: &str) -> PathBuf {
    let path = dir.join("zones.toml");
    std::fs::write(&path, toml).expect("write zones");
    path
}

pub fn example(name: &str) -> String {
    workspace_root()
        .join("examples")
        .join(name)
        .display()
        .to_string()
}

/// The dashboard's hint bar, the last row drawn: once it shows, a whole frame is there.
pub const FRAME_END: &str = "? help";

/// Whether a dashboard screen is whole and every zone shows its latest result: the hint bar is
/// drawn, the packs are open, and no cell is pending (`… pending`) or stale (`~`). Zones are
/// evaluated off the UI thread, so the first frame comes before their results.
pub fn dashboard_settled(screen: &str) -> bool {
    screen.contains(FRAME_END)
        && !screen.contains("pending")
        && !screen.contains("loading packs")
        && !screen.contains("evaluating")
        && !screen.contains('~')
}

/// Export `id` as zone `zone` judged it, in an `eval --format json` report; panics naming what
/// is missing.
pub fn zone_export<'a>(
    report: &'a serde_json::Value,
    zone: &str,
    id: &str,
) -> &'a serde_json::Value {
    let judged = report["zones"]
        .as_array()
        .expect("a report lists its zones")
        .iter()
        .find(|z| z["zone"] == zone)
        .unwrap_or_else(|| panic!("zone {zone} missing"));
    judged["exports"]
        .as_array()
        .unwrap_or_else(|| panic!("zone {zone} has no exports: {judged}"))
        .iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("no export {id} in zone {zone}"))
}
