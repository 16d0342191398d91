//! Every pack's golden cases, run through the built binary's `pack test` (the same loader and
//! engine as `eval`), and the runner's own failure reporting.

use ftzroute_e2e::*;
use serde_json::Value;

#[test]
fn every_bundled_pack_passes_its_golden_cases_and_fires_every_rule() {
    let packs = packs_dir();
    let output = ftzroute()
        .current_dir(workspace_root())
        .args([
            "pack",
            "test",
            "--format",
            "json",
            "--packs",
            packs.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", stderr(&output)));
    let failures: Vec<String> = report["packs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|pack| pack["cases"].as_array().unwrap().iter())
        .filter(|case| !case["failures"].as_array().unwrap().is_empty())
        .map(|case| format!("{}: {}", case["file"], case["failures"]))
        .collect();
    assert!(
        failures.is_empty(),
        "failing cases:\n{}",
        failures.join("\n")
    );
    assert!(output.status.success(), "{}", stderr(&output));

    let mut tested: Vec<&str> = report["packs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["pack"].as_str().unwrap())
        .collect();
    tested.sort();
    assert_eq!(
        tested,
        packs_with_cases(),
        "every pack with cases is tested"
    );
    for pack in report["packs"].as_array().unwrap() {
        // The two full instruments have every edge; a list known in part has fewer rows.
        let least = match pack["pack"].as_str().unwrap() {
            "jiangsu-biopharma-2025" | "national-cbdf-2024" => 30,
            _ => 10,
        };
        assert!(
            pack["cases"].as_array().unwrap().len() >= least,
            "{} has few cases",
            pack["pack"]
        );
        assert_eq!(
            pack["rules_not_fired"],
            Value::Array(vec![]),
            "{}: every rule has a case",
            pack["pack"]
        );
    }
    assert_eq!(report["failed"], 0);
}

#[test]
fn a_wrong_expectation_fails_with_expected_and_actual() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("wrong.toml"), WRONG_CASE).unwrap();
    let packs = packs_dir();
    let output = run(&[
        "pack",
        "test",
        "national-cbdf-2024",
        "--cases",
        dir.path().to_str().unwrap(),
        "--packs",
        packs.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("FAIL"), "{text}");
    assert!(
        text.contains(
            "route: expected security-assessment, got standard-contract-or-certification"
        ),
        "{text}"
    );
    assert!(
        text.contains("rule `art-8-sensitive` of national-cbdf-2024"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("0 passed, 1 failed"), "{text}");
}

#[test]
fn a_bad_case_file_is_unusable_input() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.toml"), "description = \"x\"\n[profile]\nas_of = 2025-10-01\n[profile.handler]\nname = \"H\"\nsector = \"s\"\n[[profile.export]]\nid = \"a\"\nkind = \"personal\"\npersons = -3\n[[expect]]\nexport = \"a\"\nroute = \"exempt\"\nbasis = \"b\"\n").unwrap();
    let packs = packs_dir();
    let output = run(&[
        "pack",
        "test",
        "national-cbdf-2024",
        "--cases",
        dir.path().to_str().unwrap(),
        "--packs",
        packs.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("bad.toml:10:11") && message.contains("profile.export[0].persons"),
        "{message}"
    );
}

/// Nine of the national pack's eighteen rules: one case each, copied from the pack's own cases.
const HALF_THE_NATIONAL_RULES: [&str; 9] = [
    "general-data",
    "core-data",
    "important-notified",
    "important-not-notified",
    "general-pi-lower-edge-100000",
    "general-pi-lower-edge-99999",
    "exempt-basis-art-4-foreign-origin-800000",
    "exempt-basis-art-5-1-2-employees-120000",
    "exempt-basis-art-6-off-ftz-list-20000",
];

fn national_cases(names: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let source = workspace_root().join("packs/national-cbdf-2024/cases");
    for name in names {
        let file = format!("{name}.toml");
        std::fs::copy(source.join(&file), dir.path().join(&file)).unwrap();
    }
    dir
}

fn national_pack_test(cases: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let packs = packs_dir();
    let mut args = vec![
        "pack",
        "test",
        "national-cbdf-2024",
        "--cases",
        cases.to_str().unwrap(),
        "--packs",
        packs.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn a_coverage_threshold_fails_naming_the_rules_never_fired() {
    let cases = national_cases(&HALF_THE_NATIONAL_RULES);
    let output = national_pack_test(cases.path(), &["--threshold", "100"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("coverage: 9/18 rules fired (50%)"), "{text}");
    assert!(
        text.contains("FAIL coverage below the threshold of 100%"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("9 passed, 0 failed"), "{text}");
    let message = stderr(&output);
    assert!(
        message.contains(
            "national-cbdf-2024: rule coverage 50% (9/18 rules) is below the threshold of 100%"
        ),
        "{message}"
    );
    for unfired in [
        "export-control-law",
        "art-7-1-ciio",
        "art-7-2-sensitive",
        "art-7-2-general",
        "art-8-sensitive",
        "no-counted-persons",
    ] {
        assert!(message.contains(unfired), "{unfired} in: {message}");
    }
    for fired in ["art-3-general", "dsl-art-21-core", "art-5-4"] {
        assert!(!message.contains(fired), "{fired} did fire: {message}");
    }

    // Exactly at the threshold passes; just above it fails.
    let output = national_pack_test(cases.path(), &["--threshold", "50"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = national_pack_test(cases.path(), &["--threshold", "50.5"]);
    assert_eq!(output.status.code(), Some(1));

    // JSON says the same.
    let output = national_pack_test(cases.path(), &["--threshold", "75", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["threshold"], 75.0);
    assert_eq!(report["below_threshold"][0]["pack"], "national-cbdf-2024");
    assert_eq!(report["below_threshold"][0]["coverage"], 50.0);
    assert_eq!(
        report["below_threshold"][0]["rules_not_fired"]
            .as_array()
            .unwrap()
            .len(),
        9
    );
}

#[test]
fn a_threshold_outside_0_to_100_is_a_bad_argument() {
    let cases = national_cases(&["general-data"]);
    for bad in ["101", "-1", "most"] {
        let output = national_pack_test(cases.path(), &[&format!("--threshold={bad}")]);
        assert_eq!(output.status.code(), Some(2), "{bad}");
        assert!(
            stderr(&output).contains("not a percentage from 0 to 100"),
            "{}",
            stderr(&output)
        );
    }
}

/// A `pack test --watch` child whose stdout lines arrive on a channel; killed when dropped.
struct Watching {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
    seen: Vec<String>,
}

/// Generous: the machine running the tests may be small and busy.
const WATCH_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

impl Watching {
    fn start(args: &[&str]) -> Watching {
        let mut child = ftzroute()
            .args(args)
            .arg("--watch")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Watching {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Reads lines until one satisfies `wanted`; panics with everything seen after the timeout.
    fn wait_for(&mut self, what: &str, wanted: impl Fn(&str) -> bool) {
        let deadline = std::time::Instant::now() + WATCH_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    let found = wanted(&line);
                    self.seen.push(line);
                    if found {
                        return;
                    }
                }
                Err(_) => {
                    let _ = self.child.kill();
                    let mut errors = String::new();
                    if let Some(mut stderr) = self.child.stderr.take() {
                        use std::io::Read;
                        let _ = stderr.read_to_string(&mut errors);
                    }
                    panic!(
                        "no {what} within {WATCH_TIMEOUT:?}; stdout:\n{}\nstderr:\n{errors}",
                        self.seen.join("\n")
                    );
                }
            }
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const WRONG_CASE: &str = r#"description = "deliberately wrong: 9,999 sensitive persons are under the assessment threshold"
[profile]
as_of = 2025-10-01
[profile.handler]
name = "H"
sector = "automotive"
[[profile.export]]
id = "drivers"
kind = "personal"
sensitive = true
persons = 9999
[[expect]]
export = "drivers"
route = "security-assessment"
basis = "CBDF Provisions Art. 7(2)"
"#;

#[test]
fn watch_runs_again_when_a_case_file_changes() {
    let cases = national_cases(&["general-data"]);
    let packs = packs_dir();
    let mut watching = Watching::start(&[
        "pack",
        "test",
        "national-cbdf-2024",
        "--cases",
        cases.path().to_str().unwrap(),
        "--packs",
        packs.to_str().unwrap(),
    ]);
    watching.wait_for("first summary", |line| line == "1 passed, 0 failed");
    std::fs::write(cases.path().join("wrong.toml"), WRONG_CASE).unwrap();
    watching.wait_for("separator", |line| {
        line.starts_with("-----") && line.contains("UTC") && line.contains("wrong.toml changed")
    });
    watching.wait_for("rerun summary", |line| line == "1 passed, 1 failed");
    assert!(
        watching
            .seen
            .iter()
            .any(|line| line.contains("FAIL") && line.contains("wrong.toml")),
        "{:?}",
        watching.seen
    );
    // Fixing the case turns the run green again.
    std::fs::remove_file(cases.path().join("wrong.toml")).unwrap();
    watching.wait_for("green summary", |line| line == "1 passed, 0 failed");
}

#[test]
fn watch_runs_again_when_the_pack_library_is_rebuilt() {
    let build = tempfile::tempdir().unwrap();
    let library = build_c_pack(build.path(), "tiny_c", &[]);
    let cases = tempfile::tempdir().unwrap();
    std::fs::write(
        cases.path().join("exempt.toml"),
        r#"description = "the tiny pack's first edition exempts everything"
[profile]
as_of = 2025-10-01
[profile.handler]
name = "H"
sector = "anything"
[[profile.export]]
id = "parts"
kind = "general"
[[expect]]
export = "parts"
route = "exempt"
basis = "Tiny C pack rule 1"
"#,
    )
    .unwrap();
    let no_packs = tempfile::tempdir().unwrap();
    let mut watching = Watching::start(&[
        "pack",
        "test",
        library.to_str().unwrap(),
        "--cases",
        cases.path().to_str().unwrap(),
        "--packs",
        no_packs.path().to_str().unwrap(),
    ]);
    watching.wait_for("first summary", |line| line == "1 passed, 0 failed");
    // The second edition decides a security assessment for everything: the case goes red.
    build_c_pack(build.path(), "tiny_c", &["ASSESSMENT"]);
    watching.wait_for("separator", |line| {
        line.starts_with("-----") && line.contains("tiny-c reloaded (generation 2)")
    });
    watching.wait_for("rerun summary", |line| line == "0 passed, 1 failed");
}
