//! Packs that crash, hang, flood, break the contract, claim another pack's id or are not
//! approved, each placed beside the two real packs and run in runner processes (the default):
//! through `eval` (JSON and table), `packs` and the dashboard, every other zone's result is
//! there, the failed zone is named with its fault, `eval` exits 3, nothing waits much longer
//! than the deadline, and no runner is left behind.

use ftzroute_e2e::corpus::{self, Kind, Placed, KINDS};
use ftzroute_e2e::pty::{Session, SCREEN_TIMEOUT};
use ftzroute_e2e::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const BROKEN_ZONES: &str =
    "[[zone]]\nid = \"broken\"\nname = \"Broken\"\npacks = [\"panicking\"]\n";
const DEADLINE_SECS: u64 = 1;

/// The longest any one command may take with a one-second deadline: the deadline, plus room for
/// starting processes on a loaded machine. A command that waited on each file or call in turn
/// would exceed it.
fn time_limit() -> Duration {
    Duration::from_secs(DEADLINE_SECS + 3)
}

/// Runs `args` with the placement's packs and zones and the short deadline; returns the output
/// and how long it took.
fn run_placed(placed: &Placed, args: &[&str]) -> (std::process::Output, Duration) {
    let mut command = ftzroute();
    command.args(args).args([
        "--pack-timeout",
        &DEADLINE_SECS.to_string(),
        "--packs",
        placed.packs.to_str().unwrap(),
        "--zones",
        placed.zones.to_str().unwrap(),
    ]);
    let started = Instant::now();
    let output = command.output().expect("ftzroute runs");
    (output, started.elapsed())
}

/// The report of the healthy zones alone, from the real packs: what every placement must still
/// show for them.
struct Baseline {
    /// Zone objects of the JSON report, by zone id.
    zones: Vec<(String, Value)>,
    /// The table's detail lines (`[zone] export: route — basis`, headroom, notes).
    detail_lines: Vec<String>,
}

fn baseline() -> Baseline {
    let packs = packs_dir();
    let eval = |format: &str| {
        let output = run(&[
            "eval",
            &example("suzhou-biologics.toml"),
            "--format",
            format,
            "--packs",
            packs.to_str().unwrap(),
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
    };
    let report: Value = serde_json::from_str(&eval("json")).unwrap();
    let zones = report["zones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|zone| (zone["zone"].as_str().unwrap().to_string(), zone.clone()))
        .collect();
    let table = eval("table");
    let detail_lines = table
        .lines()
        .skip_while(|line| !line.starts_with('['))
        .map(str::to_string)
        .collect();
    Baseline {
        zones,
        detail_lines,
    }
}

/// Checks one line of stderr or of a report: the library is named at most once, and so is
/// the pack (a quoted command that fixes it aside).
fn says_each_thing_once(kind: &Kind, library: &Path, line: &str) {
    let name = library.file_name().unwrap().to_str().unwrap();
    assert!(
        corpus::occurrences_outside_backticks(line, name) <= 1,
        "{}: the file more than once: {line}",
        kind.name
    );
    assert!(
        line.matches(&format!("pack `{}`", kind.failed_pack()))
            .count()
            <= 1,
        "{}: the pack more than once: {line}",
        kind.name
    );
}

/// stderr lists each refused or unloadable file once, and no other.
fn lists_failed_files_once(kind: &Kind, library: &Path, stderr: &str) {
    let listed: Vec<&str> = stderr
        .lines()
        .filter(|line| line.starts_with("ftzroute: pack file not used"))
        .collect();
    let about = |file: &Path| {
        listed
            .iter()
            .filter(|line| line.contains(&format!("): {}: ", file.display())))
            .count()
    };
    let expected = usize::from(kind.at_load);
    assert_eq!(about(library), expected, "{}: {stderr}", kind.name);
    for line in &listed {
        says_each_thing_once(kind, library, line);
    }
    // The imposter's clash refuses the real Jiangsu file too; nothing else fails.
    let others = if kind.name == "imposter" { 1 } else { 0 };
    assert_eq!(
        listed.len(),
        expected + others,
        "{}: only the failed files are listed: {stderr}",
        kind.name
    );
}

fn eval_json(placed: &Placed, baseline: &Baseline) {
    let kind = &placed.kind;
    let (output, elapsed) = run_placed(
        placed,
        &["eval", placed.profile.to_str().unwrap(), "--format", "json"],
    );
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{}: {err}", kind.name);
    assert!(
        elapsed < time_limit(),
        "{}: eval took {elapsed:?}",
        kind.name
    );
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{}: not JSON ({e}): {}", kind.name, stdout(&output)));
    let zones = report["zones"].as_array().unwrap();
    for id in kind.healthy_zones() {
        let expected = &baseline.zones.iter().find(|(z, _)| z == id).unwrap().1;
        let shown = zones.iter().find(|z| z["zone"] == *id);
        assert_eq!(shown, Some(expected), "{}: zone {id}", kind.name);
    }
    let failed = zones
        .iter()
        .find(|z| z["zone"] == kind.failed_zone())
        .unwrap_or_else(|| panic!("{}: the failed zone is missing", kind.name));
    assert!(failed["name"].is_string(), "{failed}");
    assert!(failed.get("route").is_none(), "{}: {failed}", kind.name);
    let error = &failed["error"];
    assert_eq!(error["fault"], kind.fault, "{}: {failed}", kind.name);
    assert_eq!(error["pack"], kind.failed_pack(), "{}: {failed}", kind.name);
    let files: Vec<PathBuf> = error["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| PathBuf::from(f.as_str().unwrap()))
        .collect();
    assert!(files.contains(&placed.library), "{}: {failed}", kind.name);
    assert_eq!(
        error["file"].as_str().map(PathBuf::from).as_ref(),
        files.first()
    );
    if kind.name == "imposter" {
        let real = placed
            .packs
            .join(library_file_name("jiangsu_biopharma_2025"));
        assert_eq!(files.len(), 2, "names both claimants: {failed}");
        assert!(files.contains(&real), "names both claimants: {failed}");
    }
    let message = error["message"].as_str().unwrap();
    assert!(
        !message.is_empty()
            && corpus::occurrences_outside_backticks(
                message,
                &placed.library.display().to_string()
            ) == 0,
        "{}: the message does not repeat the file (a quoted fix aside): {message}",
        kind.name
    );
    lists_failed_files_once(kind, &placed.library, &err);
    let last = err.lines().last().unwrap_or_default();
    assert!(
        last.contains(&format!("`{}` ({})", kind.failed_zone(), kind.fault)),
        "{}: the last line names the zone and its fault: {err}",
        kind.name
    );
}

fn eval_table(placed: &Placed, baseline: &Baseline) {
    let kind = &placed.kind;
    let (output, elapsed) = run_placed(
        placed,
        &[
            "eval",
            placed.profile.to_str().unwrap(),
            "--format",
            "table",
        ],
    );
    let table = stdout(&output);
    assert_eq!(
        output.status.code(),
        Some(3),
        "{}: {}",
        kind.name,
        stderr(&output)
    );
    assert!(
        elapsed < time_limit(),
        "{}: eval took {elapsed:?}",
        kind.name
    );
    for id in kind.healthy_zones() {
        let prefix = format!("[{id}] ");
        for line in baseline
            .detail_lines
            .iter()
            .filter(|line| line.starts_with(&prefix))
        {
            assert!(
                table.lines().any(|l| l == line),
                "{}: zone {id} lost `{line}`:\n{table}",
                kind.name
            );
        }
    }
    let row = table
        .lines()
        .find(|line| line.trim_start().starts_with("! error ") && line.contains("failed ("))
        .unwrap_or_else(|| panic!("{}: no row for the failed zone:\n{table}", kind.name));
    assert!(
        row.contains(&format!("! error {} (", kind.failed_zone()))
            && row.contains(&format!(
                "pack `{}` failed ({})",
                kind.failed_pack(),
                kind.fault
            )),
        "{}: {row}",
        kind.name
    );
    says_each_thing_once(kind, &placed.library, row);
    let trial = table
        .lines()
        .find(|line| line.starts_with("trial-subjects "))
        .unwrap();
    assert!(trial.contains("! error"), "{}: {trial}", kind.name);
}

fn packs_listing(placed: &Placed) {
    let kind = &placed.kind;
    let (output, elapsed) = run_placed(placed, &["packs", "--format", "json"]);
    let err = stderr(&output);
    assert!(
        elapsed < time_limit(),
        "{}: packs took {elapsed:?}",
        kind.name
    );
    let list: Value = serde_json::from_slice(&output.stdout).unwrap();
    let entry = |file: &Path| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|e| e["file"] == file.to_str().unwrap())
            .unwrap_or_else(|| panic!("{}: {} is not listed: {list}", kind.name, file.display()))
            .clone()
    };
    for name in corpus::REAL_PACKS {
        let file = placed.packs.join(library_file_name(name));
        let status = &entry(&file)["status"];
        let clashes = kind.name == "imposter" && name == "jiangsu_biopharma_2025";
        assert_eq!(
            status,
            if clashes { "error" } else { "ok" },
            "{}: {name}: {list}",
            kind.name
        );
    }
    let faulty = entry(&placed.library);
    if kind.at_load {
        assert_eq!(faulty["status"], "error", "{}: {faulty}", kind.name);
        assert_eq!(faulty["fault"], kind.fault, "{}: {faulty}", kind.name);
        assert_eq!(output.status.code(), Some(3), "{}: {err}", kind.name);
    } else {
        assert_eq!(faulty["status"], "ok", "{}: {faulty}", kind.name);
        assert_eq!(output.status.code(), Some(0), "{}: {err}", kind.name);
    }
    lists_failed_files_once(kind, &placed.library, &err);
    // Without a lock the directory is not pinned, and stderr says so once.
    let notes = err.matches("are not pinned (no packs.lock)").count();
    assert_eq!(notes, usize::from(!kind.locked), "{}: {err}", kind.name);
}

fn dashboard(placed: &Placed) {
    let kind = &placed.kind;
    let state = placed.dir.path().join("state");
    let started = Instant::now();
    let mut session = Session::ftzroute(
        &[
            placed.profile.to_str().unwrap(),
            "--pack-timeout",
            &DEADLINE_SECS.to_string(),
            "--packs",
            placed.packs.to_str().unwrap(),
            "--zones",
            placed.zones.to_str().unwrap(),
        ],
        &[("XDG_STATE_HOME", state.to_str().unwrap())],
        150,
        45,
    );
    session.wait_for("? help", SCREEN_TIMEOUT);
    assert!(
        started.elapsed() < time_limit(),
        "{}: the first frame took {:?}",
        kind.name,
        started.elapsed()
    );
    // The first frame comes at once, every cell pending; then the results land.
    let screen = session.wait_until("every zone's result", SCREEN_TIMEOUT, dashboard_settled);
    let row = screen
        .lines()
        .find(|l| l.contains("trial-subjects "))
        .unwrap_or_else(|| panic!("{}: {screen}", kind.name))
        .to_string();
    assert!(
        row.contains("▲ assessment") && row.contains("! error"),
        "{}: national shows, the failed zone is an error: {screen}",
        kind.name
    );
    if kind.healthy_zones().contains(&"jiangsu") {
        assert!(
            row.contains("● contract/cert #14"),
            "{}: {screen}",
            kind.name
        );
    }
    // The failed zone's detail names its fault.
    let column = if kind.failed_zone() == "jiangsu" {
        0
    } else {
        2
    };
    for _ in 0..column {
        session.key("l");
    }
    session.wait_for(&format!("failed ({})", kind.fault), SCREEN_TIMEOUT);
    // The packs screen lists a file that failed to load, and an unpinned directory.
    session.key("p");
    let name = placed.library.file_name().unwrap().to_str().unwrap();
    let packs = session.wait_for(name, SCREEN_TIMEOUT);
    if kind.at_load {
        assert!(
            packs.contains("✖") && packs.contains(name),
            "{}: {packs}",
            kind.name
        );
    }
    if !kind.locked {
        session.wait_for("are not pinned", SCREEN_TIMEOUT);
    }
    session.key("esc");
    session.key("q");
    assert_eq!(
        session.wait_exit(SCREEN_TIMEOUT),
        Some(0),
        "{}: {}",
        kind.name,
        session.screen()
    );
}

/// Waits (a little, for the kernel to reap) until no process mentions the placement's
/// directory; fails naming those that remain.
fn nothing_left_behind(placed: &Placed, after: &str) {
    let started = Instant::now();
    loop {
        let left = corpus::processes_mentioning(placed.dir.path());
        if left.is_empty() {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{}: processes left behind after {after}: {left:?}",
            placed.kind.name
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Runs `check` for every kind, a few kinds at a time, and reports every kind that failed.
fn for_every_kind(check: impl Fn(&Placed) + Sync) {
    let build = tempfile::tempdir().unwrap();
    let built: Vec<(Kind, PathBuf)> = KINDS
        .iter()
        .map(|kind| (*kind, corpus::build(kind, build.path())))
        .collect();
    let next = Mutex::new(built.iter());
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..3 {
            scope.spawn(|| loop {
                let Some((kind, library)) = next.lock().unwrap().next() else {
                    return;
                };
                let placed = corpus::place(kind, library);
                let outcome =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&placed)));
                if let Err(panic) = outcome {
                    let message = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    failures
                        .lock()
                        .unwrap()
                        .push(format!("{}: {message}", kind.name));
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} kind(s) failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_corpus_covers_every_kind_of_the_field_report() {
    for name in [
        "segfault",
        "abort",
        "exit-zero",
        "hang-evaluate",
        "hang-describe",
        "wrong-abi",
        "missing-symbol",
        "short-table",
        "garbage",
        "flood-20mb",
        "unknown-route",
        "imposter",
        "slow-describe",
        "untrusted",
    ] {
        assert!(KINDS.iter().any(|k| k.name == name), "{name}");
    }
}

#[test]
fn eval_reports_every_other_zone_and_the_failed_one_in_its_place() {
    let baseline = baseline();
    for_every_kind(|placed| {
        eval_json(placed, &baseline);
        nothing_left_behind(placed, "eval --format json");
        eval_table(placed, &baseline);
        nothing_left_behind(placed, "eval --format table");
    });
}

#[test]
fn packs_lists_every_file_and_the_fault_of_each_that_failed() {
    for_every_kind(|placed| {
        packs_listing(placed);
        nothing_left_behind(placed, "packs");
    });
}

#[test]
fn the_dashboard_shows_every_other_zone_and_the_fault() {
    for_every_kind(|placed| {
        dashboard(placed);
        nothing_left_behind(placed, "the dashboard");
    });
}

#[test]
fn hung_describes_cost_one_deadline_in_all_not_one_per_file() {
    // Five libraries whose `describe` never returns: started one after another they would take
    // five deadlines, over the limit; started together, about one.
    let build = tempfile::tempdir().unwrap();
    let hung = build_c_pack(build.path(), "hang", &["HANG_DESCRIBE"]);
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = (0..5)
        .map(|i| dir.path().join(library_file_name(&format!("hang_{i}"))))
        .collect();
    for file in &files {
        std::fs::copy(&hung, file).unwrap();
    }
    let started = Instant::now();
    let output = run(&[
        "packs",
        "--format",
        "json",
        "--pack-timeout",
        &DEADLINE_SECS.to_string(),
        "--packs",
        dir.path().to_str().unwrap(),
    ]);
    let elapsed = started.elapsed();
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert!(elapsed < time_limit(), "took {elapsed:?}");
    let list: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), files.len());
    for entry in list.as_array().unwrap() {
        assert_eq!(entry["fault"], "hung", "{entry}");
    }
    assert!(corpus::processes_mentioning(dir.path()).is_empty());
}

#[test]
fn in_process_too_every_message_says_each_thing_once() {
    // The kinds that neither end nor stall the host when it runs them itself.
    let survivable =
        |kind: &Kind| kind.fault == "invalid-output" || (kind.at_load && kind.fault != "hung");
    let build = tempfile::tempdir().unwrap();
    for kind in KINDS.iter().filter(|kind| survivable(kind)) {
        let placed = corpus::place(kind, &corpus::build(kind, build.path()));
        let (output, _) = run_placed(
            &placed,
            &[
                "eval",
                placed.profile.to_str().unwrap(),
                "--format",
                "table",
                "--isolation",
                "none",
            ],
        );
        assert_eq!(output.status.code(), Some(3), "{}", kind.name);
        let table = stdout(&output);
        let row = table
            .lines()
            .find(|line| line.trim_start().starts_with("! error "))
            .unwrap_or_else(|| panic!("{}: {table}", kind.name));
        assert!(
            row.contains(&format!("failed ({})", kind.fault)),
            "{}: {row}",
            kind.name
        );
        says_each_thing_once(kind, &placed.library, row);
        lists_failed_files_once(kind, &placed.library, &stderr(&output));
    }
}

/// `eval` of the example with `lib` as the only pack; returns (exit code, report, stderr).
fn eval_alone(lib: &Path, zones: &str) -> (Option<i32>, Value, String) {
    let dir = pack_dir_with(&[lib.to_path_buf()]);
    let zones = write_zones(dir.path(), zones);
    let output = run(&[
        "eval",
        &example("suzhou-biologics.toml"),
        "--format",
        "json",
        "--pack-timeout",
        &DEADLINE_SECS.to_string(),
        "--packs",
        dir.path().to_str().unwrap(),
        "--zones",
        zones.to_str().unwrap(),
    ]);
    let report = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (output.status.code(), report, stderr(&output))
}

#[test]
fn panicking_packs_are_reported_whether_or_not_they_can_unwind() {
    for (lib, fault, says) in [
        (
            fixture_packs_dir().join(library_file_name("panicking_pack")),
            "crashed",
            "deliberate failure evaluating 5 exports",
        ),
        (panic_abort_pack(), "crashed", "signal 6 (SIGABRT)"),
    ] {
        let (code, report, message) = eval_alone(&lib, BROKEN_ZONES);
        assert_eq!(code, Some(3), "{message}");
        let error = &report["zones"][0]["error"];
        assert_eq!(error["pack"], "panicking", "{report}");
        assert_eq!(error["fault"], fault, "{report}");
        assert!(
            error["message"].as_str().unwrap().contains(says),
            "{report}"
        );
    }
}

#[test]
fn in_process_a_pack_that_exits_takes_the_host_with_it_which_is_why_runners_are_the_default() {
    // The trade-off `--isolation none` makes: documented, and shown here so the default never
    // quietly changes.
    let build = tempfile::tempdir().unwrap();
    let lib = build_c_pack(build.path(), "tiny_c", &["EXIT_ZERO"]);
    let dir = pack_dir_with(&[lib]);
    let zones = write_zones(
        dir.path(),
        "[[zone]]\nid = \"tiny\"\nname = \"Tiny\"\npacks = [\"tiny-c\"]\n",
    );
    let eval = |extra: &[&str]| {
        let mut args = vec![
            "eval".to_string(),
            example("suzhou-biologics.toml"),
            "--format".into(),
            "json".into(),
            "--packs".into(),
            dir.path().display().to_string(),
            "--zones".into(),
            zones.display().to_string(),
        ];
        args.extend(extra.iter().map(|a| a.to_string()));
        ftzroute().args(&args).output().unwrap()
    };
    let isolated = eval(&[]);
    assert_eq!(isolated.status.code(), Some(3), "{}", stderr(&isolated));
    let report: Value = serde_json::from_slice(&isolated.stdout).unwrap();
    assert_eq!(report["zones"][0]["error"]["fault"], "crashed");
    assert!(report["zones"][0]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("exit code 0"));
    let in_process = eval(&["--isolation", "none"]);
    assert!(
        in_process.stdout.is_empty(),
        "the pack ended the host before it printed anything"
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

/// The planner evaluates every zone as well, on its own worker: while a pack hangs, the view
/// says the plan is being computed, and keys are answered meanwhile.
#[test]
fn the_planner_view_waits_for_a_hanging_pack_without_holding_up_keys() {
    let dir = tempfile::tempdir().unwrap();
    let deadline_secs = SCREEN_TIMEOUT.as_secs() * 6;
    let (packs, mut session) = dashboard_with_hanging_pack(dir.path(), deadline_secs);
    session.wait_until("the Jiangsu result", SCREEN_TIMEOUT, |s| {
        trial_subjects_row(s).contains("● contract/cert #14")
    });
    session.key("L");
    session.wait_for("computing…", SCREEN_TIMEOUT);
    session.key("?");
    session.wait_for("this help", SCREEN_TIMEOUT);
    session.key("esc");
    session.wait_until("the planner, still computing", SCREEN_TIMEOUT, |s| {
        s.contains("computing…") && !s.contains("this help")
    });
    session.key("esc");
    session.wait_for("Routes by zone", SCREEN_TIMEOUT);
    session.key("q");
    session.wait_for("dashboard exited 0", SCREEN_TIMEOUT);
    let left = wait_until_gone(packs.to_str().unwrap(), SCREEN_TIMEOUT);
    assert!(left.is_empty(), "runners left behind: {left:?}");
}

/// Once the deadline ends the hung call, the plan lands: the zone that could not be judged is
/// ranked last, with its error.
#[test]
fn the_plan_lands_once_the_deadline_ends_a_hung_call() {
    let dir = tempfile::tempdir().unwrap();
    let (_packs, mut session) = dashboard_with_hanging_pack(dir.path(), 1);
    session.key("L");
    let screen = session.wait_until("the plan", SCREEN_TIMEOUT, |s| {
        s.contains("Zones by burden") && !s.contains("computing…")
    });
    let ranked: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains(". jiangsu ") || l.contains(". hanging "))
        .collect();
    assert_eq!(ranked.len(), 2, "{screen}");
    assert!(
        ranked[0].contains("1. jiangsu") && ranked[0].contains("● contract/cert"),
        "{screen}"
    );
    assert!(
        ranked[1].contains("2. hanging") && ranked[1].contains("! error"),
        "{screen}"
    );
    assert!(screen.contains("failed (hung)"), "{screen}");
    session.key("q");
    session.wait_for("dashboard exited 0", SCREEN_TIMEOUT);
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
    session.wait_for("failed (hung)", SCREEN_TIMEOUT);
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
