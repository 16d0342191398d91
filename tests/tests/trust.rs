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

/// Swaps the approved build for another one and rewrites the lock to approve that one instead,
/// as someone who can write the lock would: the tampered build's hash replaces the approved one.
#[cfg(unix)]
fn forge_the_lock(setup: &Setup) {
    let lock_file = setup.packs.join("packs.lock");
    let lock = std::fs::read_to_string(&lock_file).unwrap();
    let approved = hex_sha256(&setup.lib);
    assert!(lock.contains(&approved), "{lock}");
    let other = tempfile::tempdir().unwrap();
    let tampered = build_c_pack(other.path(), "tiny_c", &["ASSESSMENT"]);
    let forged = lock.replace(&approved, &hex_sha256(&tampered));
    // Written in place: the lock keeps its owner and mode.
    std::fs::write(&lock_file, forged).unwrap();
    let staging = setup.packs.join("landing.tmp");
    std::fs::copy(&tampered, &staging).unwrap();
    std::fs::rename(&staging, &setup.lib).unwrap();
}

/// The SHA-256 of a file, as `sha256sum` prints it.
#[cfg(unix)]
fn hex_sha256(file: &Path) -> String {
    let output = std::process::Command::new("sha256sum")
        .arg(file)
        .output()
        .unwrap();
    assert!(output.status.success());
    stdout(&output)
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
#[test]
fn a_lock_others_can_write_is_refused_like_a_pack() {
    let setup = setup();
    assert!(trust(&setup.lib).status.success());
    let lock_file = setup.packs.join("packs.lock");
    set_mode(&lock_file, 0o666);
    forge_the_lock(&setup);
    for isolation in ["none", "process"] {
        let output = eval(&setup, &["--isolation", isolation]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(3), "{isolation}: {message}");
        for part in [
            format!("{}: writable by all users (mode 666)", lock_file.display()),
            "whoever can change it chooses the code ftzroute runs".to_string(),
            format!("chmod go-w {}", lock_file.display()),
        ] {
            assert!(message.contains(&part), "{isolation}: {part}: {message}");
        }
    }
    // Pack-author mode loads it, saying why it would be refused.
    let output = eval(&setup, &["--dev"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("mode 666"), "{}", stderr(&output));

    // Owned by another user, even with a mode that looks safe. Only root can give a file away;
    // as anyone else this part cannot be staged.
    // SAFETY: no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped the foreign owner: only root can give a file to another user");
        return;
    }
    set_mode(&lock_file, 0o644);
    std::os::unix::fs::chown(&lock_file, Some(65534), None).unwrap();
    let output = eval(&setup, &[]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{message}");
    for part in [
        format!("{}: owned by user 65534", lock_file.display()),
        format!("chown 0 {}", lock_file.display()),
    ] {
        assert!(message.contains(&part), "{part}: {message}");
    }
    // Given back, the forged approval is the lock's word again: the check is of who can write
    // it, not of what it says.
    std::os::unix::fs::chown(&lock_file, Some(0), None).unwrap();
    assert!(eval(&setup, &[]).status.success());
}

#[cfg(unix)]
#[test]
fn a_hot_reload_checks_the_lock_too() {
    let setup = setup();
    assert!(trust(&setup.lib).status.success());
    let mut session = dashboard(&setup, &setup.zones, &[], 100, 30);
    session.wait_until("every zone's result", SCREEN_TIMEOUT, dashboard_settled);
    // The lock is opened to everyone while the dashboard runs, then forged for the new build.
    set_mode(&setup.packs.join("packs.lock"), 0o666);
    forge_the_lock(&setup);
    let screen = session.wait_for("still serving generation 1", SCREEN_TIMEOUT);
    let row = screen
        .lines()
        .find(|l| l.contains("trial-subjects "))
        .unwrap();
    assert!(
        row.contains("○ exempt"),
        "the approved generation keeps serving: {screen}"
    );
    session.key("p");
    session.wait_for("chmod go-w", SCREEN_TIMEOUT);
    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
}
