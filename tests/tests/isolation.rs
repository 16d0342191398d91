//! Packs that crash, hang, flood, break the contract or panic with `panic = "abort"`, run
//! isolated in runner processes: `eval` reports each fault naming the pack, within the deadline
//! plus a second, and the dashboard keeps showing the other packs.

use ftzroute_e2e::pty::{Session, SCREEN_TIMEOUT};
use ftzroute_e2e::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const TINY_ZONES: &str = "[[zone]]\nid = \"tiny\"\nname = \"Tiny\"\npacks = [\"tiny-c\"]\n";
const BROKEN_ZONES: &str =
    "[[zone]]\nid = \"broken\"\nname = \"Broken\"\npacks = [\"panicking\"]\n";
const DEADLINE_SECS: u64 = 1;

/// `eval` of the example with `lib` as the only pack, isolated; returns (exit code, stderr, time).
fn eval_isolated(lib: &Path, zones: &str) -> (Option<i32>, String, Duration) {
    let dir = pack_dir_with(&[lib.to_path_buf()]);
    let zones = write_zones(dir.path(), zones);
    let started = Instant::now();
    let output = run(&[
        "eval",
        &example("suzhou-biologics.toml"),
        "--format",
        "json",
        "--isolation",
        "process",
        "--pack-timeout",
        &DEADLINE_SECS.to_string(),
        "--packs",
        dir.path().to_str().unwrap(),
        "--zones",
        zones.to_str().unwrap(),
    ]);
    let elapsed = started.elapsed();
    assert!(
        output.stdout.is_empty(),
        "no half-written report: {}",
        stdout(&output)
    );
    (output.status.code(), stderr(&output), elapsed)
}

fn assert_fault(lib: &Path, zones: &str, names: &str, fault: &str) {
    let (code, message, elapsed) = eval_isolated(lib, zones);
    assert_eq!(code, Some(3), "{fault}: {message}");
    assert!(
        message.contains(names),
        "names the pack ({names}): {message}"
    );
    assert!(
        message.contains(fault),
        "names the fault ({fault}): {message}"
    );
    assert!(
        elapsed < Duration::from_secs(DEADLINE_SECS + 1),
        "{fault}: reported in {elapsed:?}, over the deadline plus a second"
    );
}

fn c_variant(dir: &Path, define: &str) -> PathBuf {
    build_c_pack(dir, &format!("tiny_{}", define.to_lowercase()), &[define])
}

#[test]
fn every_faulty_c_pack_is_reported_with_its_fault() {
    let build = tempfile::tempdir().unwrap();
    for (define, fault) in [
        ("SEGFAULT", "pack crashed: signal 11 (SIGSEGV)"),
        ("ABORT", "pack crashed: signal 6 (SIGABRT)"),
        ("HANG", "pack hung: no answer within 1 s"),
        ("FLOOD", "wrote more than 16777216 bytes"),
        ("BAD_UTF8", "invalid document"),
        ("GARBAGE", "invalid document"),
        ("BAD_ROUTE", "unknown variant `teleport`"),
        (
            "BAD_RULE",
            "rule `no-such-rule` is not in the pack's description",
        ),
        ("FICKLE", "answered the same request differently twice"),
        ("WRONG_ABI", "ABI version 99"),
        ("NO_API", "missing symbol `ftzroute_pack_api_v1`"),
        ("STACK", "pack crashed: signal"),
    ] {
        let lib = c_variant(build.path(), define);
        // Faults of a call name the file; a pack that contradicts itself is named by its id.
        let names = if define == "FICKLE" {
            "pack `tiny-c`".to_string()
        } else {
            lib.file_name().unwrap().to_string_lossy().into_owned()
        };
        assert_fault(&lib, TINY_ZONES, &names, fault);
    }
}

#[test]
fn panicking_packs_are_reported_whether_or_not_they_can_unwind() {
    let unwinding = fixture_packs_dir().join(library_file_name("panicking_pack"));
    assert_fault(
        &unwinding,
        BROKEN_ZONES,
        "pack `panicking`",
        "deliberate failure evaluating 5 exports",
    );
    assert_fault(
        &panic_abort_pack(),
        BROKEN_ZONES,
        "libpanicking_pack",
        "pack crashed: signal 6 (SIGABRT)",
    );
}

#[test]
fn isolated_and_in_process_evaluation_agree() {
    let packs = packs_dir();
    for profile in [
        "suzhou-biologics.toml",
        "nanjing-devices.toml",
        "jiangsu-cro.toml",
    ] {
        let report = |isolation: &str| -> Value {
            let output = run(&[
                "eval",
                &example(profile),
                "--format",
                "json",
                "--isolation",
                isolation,
                "--packs",
                packs.to_str().unwrap(),
            ]);
            assert!(output.status.success(), "{isolation}: {}", stderr(&output));
            serde_json::from_slice(&output.stdout).unwrap()
        };
        assert_eq!(report("process"), report("none"), "{profile}");
    }
    let output = ftzroute()
        .current_dir(workspace_root())
        .args([
            "pack",
            "test",
            "--isolation",
            "process",
            "--packs",
            packs.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stdout(&output));
    assert!(
        stdout(&output).trim_end().ends_with("112 passed, 0 failed")
            || stdout(&output).contains(" 0 failed"),
        "{}",
        stdout(&output)
    );
}

/// Opens the dashboard with the Jiangsu zone and a zone served only by `lib`; checks the Jiangsu
/// column still shows its routes, the faulty column shows an error, and its detail the fault.
fn dashboard_survives(lib: &Path, zone_pack: &str, fault: &str) {
    let dir = tempfile::tempdir().unwrap();
    let packs = dir.path().join("packs");
    std::fs::create_dir(&packs).unwrap();
    std::fs::copy(lib, packs.join(lib.file_name().unwrap())).unwrap();
    for name in ["jiangsu_biopharma_2025", "national_cbdf_2024"] {
        std::fs::copy(
            packs_dir().join(library_file_name(name)),
            packs.join(library_file_name(name)),
        )
        .unwrap();
    }
    let zones = write_zones(
        dir.path(),
        &format!(
            "[[zone]]\nid = \"jiangsu\"\nname = \"Jiangsu\"\npacks = [\"jiangsu-biopharma-2025\", \"national-cbdf-2024\"]\n\
             [[zone]]\nid = \"faulty\"\nname = \"Faulty\"\npacks = [\"{zone_pack}\"]\n"
        ),
    );
    let profile = dir.path().join("profile.toml");
    std::fs::copy(example("suzhou-biologics.toml"), &profile).unwrap();
    let state = dir.path().join("state");
    let mut session = Session::ftzroute(
        &[
            profile.to_str().unwrap(),
            "--pack-timeout",
            "1",
            "--packs",
            packs.to_str().unwrap(),
            "--zones",
            zones.to_str().unwrap(),
        ],
        &[("XDG_STATE_HOME", state.to_str().unwrap())],
        120,
        40,
    );
    let screen = session.wait_until("every zone's result", SCREEN_TIMEOUT, dashboard_settled);
    let row = screen
        .lines()
        .find(|l| l.contains("trial-subjects "))
        .unwrap()
        .to_string();
    assert!(
        row.contains("● contract/cert #14") && row.contains("! error"),
        "{fault}: {screen}"
    );
    session.key("l");
    session.wait_for(fault, SCREEN_TIMEOUT);
    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0), "{fault}");
}

#[test]
fn the_dashboard_keeps_the_other_packs_whatever_one_pack_does() {
    let build = tempfile::tempdir().unwrap();
    for (define, fault) in [
        ("SEGFAULT", "pack crashed: signal 11 (SIGSEGV)"),
        ("ABORT", "pack crashed: signal 6 (SIGABRT)"),
        ("STACK", "pack crashed: signal"),
        ("HANG", "pack hung"),
        ("FLOOD", "wrote more than 16777216 bytes"),
        ("BAD_UTF8", "invalid document"),
        ("BAD_ROUTE", "teleport"),
        ("BAD_RULE", "no-such-rule"),
        ("FICKLE", "answered the same request differently"),
        ("WRONG_ABI", "pack `tiny-c` failed (not-loaded)"),
        ("NO_API", "pack `tiny-c` failed (not-loaded)"),
    ] {
        let lib = c_variant(build.path(), define);
        // One variant at a time under the name the zone expects.
        let named = build.path().join(define).join(library_file_name("tiny_c"));
        std::fs::create_dir_all(named.parent().unwrap()).unwrap();
        std::fs::copy(&lib, &named).unwrap();
        dashboard_survives(&named, "tiny-c", fault);
    }
    dashboard_survives(
        &panic_abort_pack(),
        "panicking",
        "pack crashed: signal 6 (SIGABRT)",
    );
}

/// Live processes (not zombies) whose command line mentions `needle`.
fn processes_mentioning(needle: &str) -> Vec<u32> {
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            let state = stat.rsplit_once(") ")?.1.split_whitespace().next()?;
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            (state != "Z" && String::from_utf8_lossy(&cmdline).contains(needle)).then_some(pid)
        })
        .collect()
}

/// Waits (bounded) until no live process mentions `needle`; returns those left.
fn wait_until_gone(needle: &str, limit: Duration) -> Vec<u32> {
    let started = Instant::now();
    loop {
        let left = processes_mentioning(needle);
        if left.is_empty() || started.elapsed() > limit {
            return left;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The Jiangsu zone beside a zone served by the tiny C pack built to hang in `evaluate`, opened
/// with a deadline of `deadline_secs`; returns the pack directory (to find its runners by) and
/// the session.
///
/// The dashboard runs under a shell, as a user starts it, rather than as the terminal's session
/// leader: when a session leader exits, the kernel hangs up its whole foreground group, which
/// would end runners that the dashboard itself failed to end. The shell prints
/// `dashboard exited N` when it does, and stays.
fn dashboard_with_hanging_pack(dir: &Path, deadline_secs: u64) -> (PathBuf, Session) {
    let packs = dir.join("packs");
    std::fs::create_dir(&packs).unwrap();
    for name in ["jiangsu_biopharma_2025", "national_cbdf_2024"] {
        std::fs::copy(
            packs_dir().join(library_file_name(name)),
            packs.join(library_file_name(name)),
        )
        .unwrap();
    }
    build_c_pack(&packs, "tiny_c", &["HANG"]);
    let zones = write_zones(
        dir,
        "[[zone]]\nid = \"jiangsu\"\nname = \"Jiangsu\"\npacks = [\"jiangsu-biopharma-2025\", \"national-cbdf-2024\"]\n\
         [[zone]]\nid = \"hanging\"\nname = \"Hanging\"\npacks = [\"tiny-c\"]\n",
    );
    let profile = dir.join("profile.toml");
    std::fs::copy(example("suzhou-biologics.toml"), &profile).unwrap();
    let state = dir.join("state");
    let binary = binary();
    let session = Session::spawn(
        Path::new("/bin/sh"),
        &[
            "-c",
            "\"$0\" \"$@\"; echo \"dashboard exited $?\"; exec sleep 600",
            binary.to_str().unwrap(),
            profile.to_str().unwrap(),
            "--pack-timeout",
            &deadline_secs.to_string(),
            "--packs",
            packs.to_str().unwrap(),
            "--zones",
            zones.to_str().unwrap(),
        ],
        &[("XDG_STATE_HOME", state.to_str().unwrap())],
        120,
        40,
    );
    (packs, session)
}

fn trial_subjects_row(screen: &str) -> &str {
    screen
        .lines()
        .find(|l| l.contains("trial-subjects "))
        .unwrap_or("")
}

/// A pack that never answers, with a deadline far beyond the screen timeout: if the first frame,
/// the other zone or a key waited for it, these waits would time out.
#[test]
fn a_hanging_pack_delays_neither_the_first_frame_nor_the_other_zones_nor_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let deadline_secs = SCREEN_TIMEOUT.as_secs() * 6;
    let (packs, mut session) = dashboard_with_hanging_pack(dir.path(), deadline_secs);
    let screen = session.wait_until(
        "the Jiangsu result beside the pending zone",
        SCREEN_TIMEOUT,
        |s| {
            let row = trial_subjects_row(s);
            row.contains("● contract/cert #14") && row.contains("… pending")
        },
    );
    assert!(screen.contains("? help"), "{screen}");

    session.key("?");
    session.wait_for("this help", SCREEN_TIMEOUT);
    session.key("esc");
    // An edit re-evaluates Jiangsu at once; the hanging zone stays pending, and the status
    // says it is still being evaluated.
    session.key("+");
    let screen = session.wait_until("Jiangsu evaluated again", SCREEN_TIMEOUT, |s| {
        s.contains("persons 42,001: evaluating 1 zone(s)")
            && trial_subjects_row(s).contains(" ● contract/cert #14")
    });
    assert!(
        trial_subjects_row(&screen).contains("… pending"),
        "{screen}"
    );
    session.key("p");
    session.wait_for("tiny-c", SCREEN_TIMEOUT);

    // Quitting does not wait for the hung call, restores the terminal, and leaves no runner
    // behind, the hung one included.
    let runners = processes_mentioning(packs.to_str().unwrap());
    assert!(
        runners.len() >= 3,
        "a runner per pack while the dashboard runs: {runners:?}"
    );
    session.key("q");
    session.wait_for("Unsaved changes", SCREEN_TIMEOUT);
    session.key("d");
    session.wait_for("dashboard exited 0", SCREEN_TIMEOUT);
    assert!(!session.alternate_screen(), "left the alternate screen");
    assert!(!session.cursor_hidden(), "cursor shown again");
    let left = wait_until_gone(packs.to_str().unwrap(), SCREEN_TIMEOUT);
    assert!(left.is_empty(), "runners left behind: {left:?}");
}

#[test]
fn a_zone_evaluated_again_is_marked_stale_until_its_new_result_lands() {
    let dir = tempfile::tempdir().unwrap();
    let (_packs, mut session) = dashboard_with_hanging_pack(dir.path(), 2);
    // The first call hangs until the deadline ends it: the zone then shows its error.
    session.wait_until("the hung zone's error", SCREEN_TIMEOUT, |s| {
        let row = trial_subjects_row(s);
        row.contains("! error") && !row.contains('~') && !row.contains("pending")
    });
    session.key("l");
    session.wait_for("pack hung", SCREEN_TIMEOUT);
    // Past the runner's restart backoff, the next call hangs again for the whole deadline:
    // meanwhile the previous result stays, marked stale.
    std::thread::sleep(Duration::from_millis(500));
    session.key("+");
    let screen = session.wait_until("the stale mark", SCREEN_TIMEOUT, |s| {
        trial_subjects_row(s).contains("~! error")
    });
    assert!(screen.contains("~ stale"), "the detail says so: {screen}");
    session.wait_until("the new result", SCREEN_TIMEOUT, |s| {
        !trial_subjects_row(s).contains('~') && s.contains("cell(s) changed")
    });
    session.key("q");
    session.wait_for("Unsaved changes", SCREEN_TIMEOUT);
    session.key("d");
    session.wait_for("dashboard exited 0", SCREEN_TIMEOUT);
}
