//! Trust: with a packs.lock beside the packs, only approved builds load (also on hot reload);
//! packs where other users can write are refused; `--dev` loads either with a warning.

use ftzroute_e2e::pty::{Session, SCREEN_TIMEOUT};
use ftzroute_e2e::*;
use std::path::{Path, PathBuf};

const TINY_ZONES: &str = "[[zone]]\nid = \"tiny\"\nname = \"Tiny\"\npacks = [\"tiny-c\"]\n";

struct Setup {
    dir: tempfile::TempDir,
    packs: PathBuf,
    lib: PathBuf,
    zones: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let packs = dir.path().join("packs");
    std::fs::create_dir(&packs).unwrap();
    let lib = build_c_pack(&packs, "tiny_c", &[]);
    let zones = write_zones(dir.path(), TINY_ZONES);
    Setup {
        dir,
        packs,
        lib,
        zones,
    }
}

/// Opens the dashboard on a copy of the example profile with the setup's packs, `zones` and
/// `extra` options.
fn dashboard(setup: &Setup, zones: &Path, extra: &[&str], cols: u16, rows: u16) -> Session {
    let profile = setup.dir.path().join("profile.toml");
    std::fs::copy(example("suzhou-biologics.toml"), &profile).unwrap();
    let state = setup.dir.path().join("state");
    let mut args = vec![profile.to_str().unwrap()];
    args.extend_from_slice(extra);
    args.extend([
        "--packs",
        setup.packs.to_str().unwrap(),
        "--zones",
        zones.to_str().unwrap(),
    ]);
    Session::ftzroute(
        &args,
        &[("XDG_STATE_HOME", state.to_str().unwrap())],
        cols,
        rows,
    )
}

fn eval(setup: &Setup, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "eval".to_string(),
        example("suzhou-biologics.toml"),
        "--format".into(),
        "json".into(),
        "--packs".into(),
        setup.packs.display().to_string(),
        "--zones".into(),
        setup.zones.display().to_string(),
    ];
    args.extend(extra.iter().map(|a| a.to_string()));
    ftzroute().args(&args).output().unwrap()
}

fn trust(lib: &Path) -> std::process::Output {
    run(&["pack", "trust", lib.to_str().unwrap(), "--by", "reviewer"])
}

#[test]
fn with_a_lock_only_approved_builds_load() {
    let setup = setup();
    // No lock: the pack loads.
    assert!(eval(&setup, &[]).status.success());

    let output = trust(&setup.lib);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("trusted tiny-c (edition 1)"),
        "{}",
        stdout(&output)
    );
    let lock = std::fs::read_to_string(setup.packs.join("packs.lock")).unwrap();
    assert!(
        lock.contains("id = \"tiny-c\"") && lock.contains("approved_by = \"reviewer\""),
        "{lock}"
    );
    assert!(
        eval(&setup, &[]).status.success(),
        "an approved build loads"
    );
    assert!(
        eval(&setup, &["--isolation", "process"]).status.success(),
        "also in a runner"
    );

    // Another build at the same path is not the approved one.
    let other = tempfile::tempdir().unwrap();
    let second = build_c_pack(other.path(), "tiny_c", &["ASSESSMENT"]);
    std::fs::copy(&second, &setup.lib).unwrap();
    for isolation in ["none", "process"] {
        let output = eval(&setup, &["--isolation", isolation]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(3), "{isolation}: {message}");
        assert!(
            message.contains("libtiny_c.so"),
            "names the file: {message}"
        );
        assert!(
            message.contains("ftzroute pack trust"),
            "says how to trust it: {message}"
        );
    }

    // Pack-author mode loads it, with a warning on stderr (never stdout).
    let output = eval(&setup, &["--dev"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("warning (--dev)"),
        "{}",
        stderr(&output)
    );
    serde_json::from_slice::<serde_json::Value>(&output.stdout).expect("stdout is only the report");

    // Approving the new build replaces the entry for that pack.
    assert!(trust(&setup.lib).status.success());
    assert!(eval(&setup, &[]).status.success());
    let lock = std::fs::read_to_string(setup.packs.join("packs.lock")).unwrap();
    assert_eq!(lock.matches("[[pack]]").count(), 1, "{lock}");
}

#[cfg(unix)]
#[test]
fn packs_where_others_can_write_are_refused_unless_dev() {
    use std::os::unix::fs::PermissionsExt;
    let setup = setup();
    std::fs::set_permissions(&setup.packs, std::fs::Permissions::from_mode(0o777)).unwrap();
    let output = eval(&setup, &[]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{message}");
    assert!(
        message.contains(&setup.packs.display().to_string()),
        "names the path: {message}"
    );
    assert!(message.contains("chmod go-w"), "says the fix: {message}");
    assert!(eval(&setup, &["--dev"]).status.success());
    std::fs::set_permissions(&setup.packs, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&setup.lib, std::fs::Permissions::from_mode(0o666)).unwrap();
    let output = eval(&setup, &[]);
    assert_eq!(output.status.code(), Some(3));
    assert!(
        stderr(&output).contains("libtiny_c.so"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_hot_reloaded_build_is_held_to_the_lock() {
    let setup = setup();
    assert!(trust(&setup.lib).status.success());
    let mut session = dashboard(&setup, &setup.zones, &[], 100, 30);
    session.wait_until("every zone's result", SCREEN_TIMEOUT, dashboard_settled);
    let other = tempfile::tempdir().unwrap();
    let second = build_c_pack(other.path(), "tiny_c", &["ASSESSMENT"]);
    let staging = setup.packs.join("landing.tmp");
    std::fs::copy(&second, &staging).unwrap();
    std::fs::rename(&staging, &setup.lib).unwrap();
    let screen = session.wait_for("still serving generation 1", SCREEN_TIMEOUT);
    let row = screen
        .lines()
        .find(|l| l.contains("trial-subjects "))
        .unwrap();
    assert!(
        row.contains("○ exempt"),
        "the approved generation keeps serving: {screen}"
    );
    // The packs view has the whole reason, with the way to approve the build.
    session.key("p");
    session.wait_for("pack trust", SCREEN_TIMEOUT);
    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
}

#[test]
fn dev_mode_shows_a_banner() {
    let setup = setup();
    let mut session = dashboard(&setup, &setup.zones, &["--dev"], 100, 30);
    session.wait_for("DEV MODE", SCREEN_TIMEOUT);
    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
}

#[cfg(unix)]
#[test]
fn the_dashboard_shows_refused_packs_and_keeps_the_others() {
    use std::os::unix::fs::PermissionsExt;
    let setup = setup();
    for name in ["jiangsu_biopharma_2025", "national_cbdf_2024"] {
        std::fs::copy(
            packs_dir().join(library_file_name(name)),
            setup.packs.join(library_file_name(name)),
        )
        .unwrap();
    }
    // Writable by anyone: refused, as ssh refuses such a key.
    std::fs::set_permissions(&setup.lib, std::fs::Permissions::from_mode(0o666)).unwrap();
    let zones = write_zones(
        setup.dir.path(),
        "[[zone]]\nid = \"jiangsu\"\nname = \"Jiangsu\"\npacks = [\"jiangsu-biopharma-2025\", \"national-cbdf-2024\"]\n\
         [[zone]]\nid = \"tiny\"\nname = \"Tiny\"\npacks = [\"tiny-c\"]\n",
    );
    let mut session = dashboard(&setup, &zones, &[], 120, 40);
    let screen = session.wait_until("the first frame with the refusal", SCREEN_TIMEOUT, |s| {
        s.contains("failed to load") && dashboard_settled(s)
    });
    let row = screen
        .lines()
        .find(|l| l.contains("trial-subjects "))
        .unwrap();
    assert!(
        row.contains("● contract/cert #14") && row.contains("! error"),
        "{screen}"
    );
    session.key("p");
    session.wait_for("chmod go-w", SCREEN_TIMEOUT);
    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
}
