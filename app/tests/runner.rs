//! Pack runners against packs that crash, hang, flood or refuse to load: the host survives and
//! reports each fault, and the runner comes back after a backoff.

use ftzroute::core::pack::RulePack;
use ftzroute::core::profile::Profile;
use ftzroute::host::PackError;
use ftzroute::host::RunnerPack;
use ftzroute_plugin_api::Route;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Builds tests/c/tiny_pack.c with `define` into `dir`.
fn c_pack(dir: &Path, define: Option<&str>) -> PathBuf {
    let out = dir.join(format!(
        "libtiny_{}.so",
        define.unwrap_or("good").to_lowercase()
    ));
    let mut command =
        std::process::Command::new(std::env::var("CC").unwrap_or_else(|_| "cc".into()));
    command
        .args(["-shared", "-fPIC", "-std=c99", "-o"])
        .arg(&out)
        .arg("-I")
        .arg(workspace().join("plugin-api/include"));
    if let Some(define) = define {
        command.arg(format!("-D{define}"));
    }
    let status = command
        .arg(workspace().join("tests/c/tiny_pack.c"))
        .status()
        .expect("a C compiler");
    assert!(status.success());
    out
}

fn runner_binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_ftzroute"))
}

fn request() -> ftzroute_plugin_api::EvaluateRequest {
    let path = workspace().join("examples/suzhou-biologics.toml");
    Profile::load(&path).unwrap().request()
}

fn start(define: Option<&str>, deadline: Duration) -> (RunnerPack, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let lib = c_pack(dir.path(), define);
    (
        RunnerPack::start(runner_binary(), &lib, deadline, None).unwrap(),
        dir,
    )
}

#[test]
fn a_good_pack_answers_through_its_runner_and_the_runner_ends_with_it() {
    let (pack, _dir) = start(None, Duration::from_secs(5));
    assert_eq!(pack.description().id, "tiny-c");
    let response = pack.evaluate(&request()).unwrap();
    assert_eq!(response.exports.len(), 5);
    assert!(response.exports.iter().all(|e| e.route == Route::Exempt));
    assert_eq!(pack.routes(&request()).unwrap(), vec![Route::Exempt; 5]);
    let pid = pack.process_id().expect("a runner process");
    drop(pack);
    assert!(
        !Path::new(&format!("/proc/{pid}")).exists() || is_zombie_or_gone(pid),
        "the runner was ended"
    );
}

fn is_zombie_or_gone(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).map_or(true, |stat| stat.contains(") Z "))
}

fn expect_crash(define: &str, signal: &str) {
    let (pack, _dir) = start(Some(define), Duration::from_secs(5));
    let error = pack.evaluate(&request()).unwrap_err();
    assert!(
        matches!(error, PackError::Crashed { .. }),
        "{define}: {error}"
    );
    let message = error.to_string();
    assert!(
        message.contains("its process ended during `evaluate`") && message.contains(signal),
        "{define}: {message}"
    );
    assert!(
        message.contains("libtiny_"),
        "names the pack file: {message}"
    );
    // Straight away the runner is still backing off: the same fault again, not asked again;
    // later it is started again (and crashes again).
    let again = pack.evaluate(&request()).unwrap_err();
    assert_eq!(again.kind(), error.kind(), "{define}: {again}");
    let again = again.to_string();
    assert!(
        again.contains(signal) && again.contains("not retried for another"),
        "{define}: {again}"
    );
    std::thread::sleep(Duration::from_millis(250));
    let later = pack.evaluate(&request()).unwrap_err();
    assert!(
        matches!(later, PackError::Crashed { .. }),
        "{define}: restarted and crashed again: {later}"
    );
}

#[test]
fn a_segfaulting_pack_is_reported_with_its_signal() {
    expect_crash("SEGFAULT", "signal 11 (SIGSEGV)");
}

#[test]
fn an_aborting_pack_is_reported_with_its_signal() {
    expect_crash("ABORT", "signal 6 (SIGABRT)");
}

#[test]
fn a_hung_pack_is_ended_at_the_deadline() {
    let deadline = Duration::from_millis(500);
    let (pack, _dir) = start(Some("HANG"), deadline);
    let pid = pack.process_id().unwrap();
    let started = Instant::now();
    let error = pack.evaluate(&request()).unwrap_err();
    assert!(matches!(error, PackError::Hung { .. }), "{error}");
    assert!(
        error
            .to_string()
            .contains("no answer from `evaluate` within 0.5 s"),
        "{error}"
    );
    assert!(
        started.elapsed() < deadline + Duration::from_secs(1),
        "ends within the deadline plus a second"
    );
    assert!(is_zombie_or_gone(pid), "the hung runner was killed");
}

#[test]
fn floods_and_broken_answers_are_errors_and_the_runner_keeps_serving() {
    let (pack, _dir) = start(Some("FLOOD"), Duration::from_secs(10));
    let error = pack.evaluate(&request()).unwrap_err().to_string();
    assert!(error.contains("wrote more than 16777216 bytes"), "{error}");
    let pid = pack.process_id();
    assert!(
        pid.is_some(),
        "an answer the loader refused does not end the runner"
    );

    let (pack, _dir) = start(Some("BAD_ROUTE"), Duration::from_secs(5));
    let error = pack.evaluate(&request()).unwrap_err().to_string();
    assert!(error.contains("teleport"), "{error}");
}

#[test]
fn a_pack_that_cannot_load_is_refused_by_its_runner() {
    let dir = tempfile::tempdir().unwrap();
    let lib = c_pack(dir.path(), Some("WRONG_ABI"));
    let error = RunnerPack::start(runner_binary(), &lib, Duration::from_secs(5), None)
        .unwrap_err()
        .to_string();
    assert!(error.contains("ABI version 99"), "{error}");
}

#[test]
fn in_process_and_runner_give_the_same_answers_on_the_golden_cases() {
    let packs_dir = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    let cases = workspace().join("packs/national-cbdf-2024/cases");
    let lib = packs_dir.join("libnational_cbdf_2024.so");
    assert!(lib.is_file(), "run `cargo build --workspace` first");
    let in_process = ftzroute::host::load_pack(&lib).unwrap();
    let runner = RunnerPack::start(runner_binary(), &lib, Duration::from_secs(5), None).unwrap();
    let mut compared = 0;
    for entry in std::fs::read_dir(&cases).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let table: toml::Table = text.parse().unwrap();
        let profile_text = toml::to_string(&table["profile"]).unwrap();
        let profile = Profile::parse(&path, &profile_text).unwrap();
        let request = profile.request();
        assert_eq!(
            in_process.evaluate(&request).unwrap(),
            runner.evaluate(&request).unwrap(),
            "{}",
            path.display()
        );
        compared += 1;
    }
    assert!(compared > 30);
}
