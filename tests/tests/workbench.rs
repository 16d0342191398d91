//! The pack workbench through the built binary: `pack diff` between two editions (golden cases
//! and the threshold sweep) and `pack check` of good and faulty packs.

use ftzroute_e2e::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Output;

fn bundled_lib(crate_name: &str) -> PathBuf {
    packs_dir().join(library_file_name(crate_name))
}

fn fixture_lib(crate_name: &str) -> PathBuf {
    fixture_packs_dir().join(library_file_name(crate_name))
}

/// Runs the binary from the workspace root, where each pack's golden cases are found.
fn run_in_workspace(args: &[&str]) -> Output {
    let packs = packs_dir();
    ftzroute()
        .current_dir(workspace_root())
        .args(args)
        .args(["--packs", packs.to_str().unwrap()])
        .output()
        .expect("ftzroute runs")
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", stdout(output), stderr(output)))
}

fn draft_diff(format: &str) -> Output {
    let old = bundled_lib("jiangsu_biopharma_2025");
    let new = fixture_lib("jiangsu_biopharma_2026_draft");
    run_in_workspace(&[
        "pack",
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--sweep",
        "--format",
        format,
    ])
}

/// `(subject, sensitive, from rule, to rule, old at, new at)` of a moved, added or removed
/// boundary in one sweep (`None` for the side it does not have).
type Change = (String, bool, String, String, Option<u64>, Option<u64>);

/// The changes of one kind, one per sweep they show in; every change names both `old_at` and
/// `new_at` (null for the side it lacks).
fn changes(sweep: &Value, kind: &str) -> BTreeSet<Change> {
    let mut found = BTreeSet::new();
    for change in sweep["changes"].as_array().unwrap() {
        if change["change"] != kind {
            continue;
        }
        assert!(change.get("old_at").is_some() && change.get("new_at").is_some());
        for key in change["sweeps"].as_array().unwrap() {
            found.insert((
                key["subject"].as_str().unwrap().to_string(),
                key["sensitive"].as_bool().unwrap(),
                change["from"]["rule"].as_str().unwrap().to_string(),
                change["to"]["rule"].as_str().unwrap().to_string(),
                change["old_at"].as_u64(),
                change["new_at"].as_u64(),
            ));
        }
    }
    found
}

fn both_sensitivities(
    subject: &str,
    from: &str,
    to: &str,
    old: Option<u64>,
    new: Option<u64>,
) -> [Change; 2] {
    [false, true].map(|sensitive| {
        (
            subject.to_string(),
            sensitive,
            from.to_string(),
            to.to_string(),
            old,
            new,
        )
    })
}

#[test]
fn the_draft_edition_moves_two_thresholds_and_adds_one_and_nothing_else() {
    let output = draft_diff("json");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = json(&output);
    let sweep = &report["sweep"];

    let moved = changes(sweep, "moved");
    let expected_moved: BTreeSet<Change> = both_sensitivities(
        "trial-subject",
        "art-10-off-list",
        "item-14",
        Some(10_000),
        Some(5_000),
    )
    .into_iter()
    .chain(both_sensitivities(
        "patient",
        "item-15",
        "item-8",
        Some(100_000),
        Some(150_000),
    ))
    .collect();
    assert_eq!(moved, expected_moved);

    let added = changes(sweep, "added");
    let expected_added: BTreeSet<Change> =
        both_sensitivities("trial-subject", "item-7", "item-22", None, Some(500_000))
            .into_iter()
            .collect();
    assert_eq!(added, expected_added);
    assert!(changes(sweep, "removed").is_empty());
    // Counted as `pack check` groups boundaries: one change however many sweeps show it.
    assert_eq!(
        (sweep["moved"].as_u64(), sweep["added"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(sweep["removed"].as_u64(), Some(0));

    // Every boundary of either edition is accounted for: unchanged, moved, added or removed.
    let old_count = sweep["old"].as_array().unwrap().len();
    let new_count = sweep["new"].as_array().unwrap().len();
    let unchanged = sweep["unchanged"].as_u64().unwrap() as usize;
    assert_eq!(old_count, unchanged + moved.len());
    assert_eq!(new_count, unchanged + moved.len() + added.len());
    assert!(
        unchanged >= 20,
        "the other subjects' thresholds are found in both: {unchanged}"
    );
    for side in ["old", "new"] {
        let probes = sweep["probes"][side].as_u64().unwrap();
        assert!((100..5_000).contains(&probes), "{side}: {probes} probes");
        // Both editions name the rule of each probe (contract 1.6): many counts per call.
        let calls = sweep["calls"][side].as_u64().unwrap();
        assert!(
            calls * 3 < probes,
            "{side}: {probes} probes in {calls} calls"
        );
    }
}

#[test]
fn the_draft_diff_lists_the_2025_cases_whose_decision_changes() {
    let report = json(&draft_diff("json"));
    assert!(report["cases_dir"]
        .as_str()
        .unwrap()
        .ends_with("packs/jiangsu-biopharma-2025/cases"));
    assert!(report["cases_compared"].as_u64().unwrap() >= 30);
    let cases = report["cases"].as_array().unwrap();
    let rules: BTreeSet<(String, String, String)> = cases
        .iter()
        .map(|c| {
            (
                c["case"].as_str().unwrap().to_string(),
                c["old"]["rule"].as_str().unwrap().to_string(),
                c["new"]["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for expected in [
        (
            "trial-subject-item-14-edge-9999.toml",
            "art-10-off-list",
            "item-14",
        ),
        ("patient-item-8-edge-100000.toml", "item-8", "item-15"),
        ("cumulative-patients-100000.toml", "item-8", "item-15"),
    ] {
        let expected = (
            expected.0.to_string(),
            expected.1.to_string(),
            expected.2.to_string(),
        );
        assert!(rules.contains(&expected), "{expected:?} not in {rules:?}");
    }
    for case in cases {
        assert_ne!(case["old"], case["new"], "listed but unchanged: {case}");
        assert_eq!(case["old"]["covered"], true);
    }
    let changed: BTreeSet<&str> = cases.iter().map(|c| c["case"].as_str().unwrap()).collect();
    // Edges the draft leaves where they were are not listed.
    for same in [
        "trial-subject-item-14-edge-10000.toml",
        "trial-subject-item-7-edge-50000.toml",
        "patient-item-15-edge-10000.toml",
        "patient-item-8-edge-99999.toml",
    ] {
        assert!(!changed.contains(same), "{same} listed: {changed:?}");
    }
    let item_14 = cases
        .iter()
        .find(|c| c["case"] == "trial-subject-item-14-edge-9999.toml")
        .unwrap();
    assert_eq!(item_14["old"]["route"], "exempt");
    assert_eq!(item_14["old"]["list_item"], Value::Null);
    assert_eq!(
        item_14["new"]["route"],
        "standard-contract-or-certification"
    );
    assert_eq!(item_14["new"]["list_item"], 14);
}

#[test]
fn the_draft_diff_table_reads_as_moved_thresholds() {
    let output = draft_diff("table");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("  art-10-off-list (exempt) -> item-14 (standard-contract-or-certification) moved 10,000 -> 5,000 in trial-subject / non-sensitive, trial-subject / sensitive\n"),
        "{text}"
    );
    assert!(
        text.contains("  item-15 (standard-contract-or-certification) -> item-8 (security-assessment) moved 100,000 -> 150,000 in patient / non-sensitive, patient / sensitive\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "  item-7 (security-assessment) -> item-22 (security-assessment) added at 500,000 in trial-subject / non-sensitive, trial-subject / sensitive\n"
        ),
        "{text}"
    );
    assert!(text.contains("2 moved, 1 added, 0 removed"), "{text}");
    // One name per rule throughout: rule ids, never "item 14" beside "art-10-off-list".
    // The draft names its own edition in its bases, never the 2025 list.
    for line in text.lines().filter(|l| l.starts_with("      new:")) {
        assert!(
            line.contains("negative list (2026 draft)") && !line.contains("(2025)"),
            "{line}"
        );
    }
    for line in text
        .lines()
        .filter(|l| l.starts_with("      old:") || l.starts_with("      new:"))
    {
        assert!(
            line.contains(" by item-") || line.contains(" by art-"),
            "{line}"
        );
    }
    assert!(
        text.contains("trial-subject-item-14-edge-9999.toml"),
        "{text}"
    );
}

#[test]
fn an_edition_compared_with_itself_differs_nowhere() {
    let lib = bundled_lib("national_cbdf_2024");
    let output = run_in_workspace(&[
        "pack",
        "diff",
        "national-cbdf-2024",
        lib.to_str().unwrap(),
        "--sweep",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["cases"], Value::Array(vec![]));
    assert_eq!(report["sweep"]["changes"], Value::Array(vec![]));
    for count in ["moved", "added", "removed"] {
        assert_eq!(report["sweep"][count].as_u64(), Some(0), "{count}");
    }
    assert_eq!(
        report["sweep"]["unchanged"].as_u64().unwrap() as usize,
        report["sweep"]["old"].as_array().unwrap().len()
    );
}

#[test]
fn a_sector_one_edition_does_not_cover_is_reported_as_not_covered() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("cro.toml"),
        r#"description = "A contract research organisation: outside the Jiangsu list's sectors"
[profile]
as_of = 2025-10-01
[profile.handler]
name = "CRO"
sector = "contract-research"
[[profile.export]]
id = "trial"
kind = "personal"
subject = "trial-subject"
sensitive = true
persons = 20000
[[expect]]
export = "trial"
route = "security-assessment"
basis = "CBDF Provisions Art. 7(2)"
"#,
    )
    .unwrap();
    let output = run_in_workspace(&[
        "pack",
        "diff",
        "jiangsu-biopharma-2025",
        "national-cbdf-2024",
        "--cases",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = json(&output);
    let cases = report["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 1, "{cases:?}");
    assert_eq!(cases[0]["old"], serde_json::json!({ "covered": false }));
    assert_eq!(cases[0]["new"]["rule"], "art-7-2-sensitive");
    assert_eq!(report["sweep"], Value::Null);
}

#[test]
fn diff_without_cases_or_sweep_is_unusable_input() {
    let lib = fixture_lib("non_monotone_pack");
    let cwd = tempfile::tempdir().unwrap();
    let output = ftzroute()
        .current_dir(cwd.path())
        .args(["pack", "diff", lib.to_str().unwrap(), lib.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("--cases DIR or --sweep"),
        "{}",
        stderr(&output)
    );
}

fn check(args: &[&str]) -> (Output, Value) {
    let mut all = vec!["pack", "check"];
    all.extend_from_slice(args);
    all.extend(["--format", "json"]);
    let output = run_in_workspace(&all);
    let report = json(&output);
    (output, report)
}

fn findings<'a>(report: &'a Value, severity: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == severity)
        .collect()
}

#[test]
fn the_bundled_packs_pass_every_check_with_every_edge_covered() {
    for (id, sweeps_min) in [("jiangsu-biopharma-2025", 24), ("national-cbdf-2024", 24)] {
        let (output, report) = check(&[id]);
        assert_eq!(output.status.code(), Some(0), "{id}: {}", stderr(&output));
        assert_eq!(findings(&report, "error"), Vec::<&Value>::new(), "{id}");
        assert_eq!(findings(&report, "warning"), Vec::<&Value>::new(), "{id}");
        assert_eq!(report["errors"], 0);
        let ids: BTreeSet<&str> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_str().unwrap())
            .collect();
        let all = [
            "abi",
            "description",
            "citations",
            "rules-exist",
            "determinism",
            "monotonicity",
            "edges",
            "numbers",
            "speed",
        ];
        assert_eq!(ids, all.into_iter().collect(), "{id}: every check reports");
        assert!(
            report["sweep"]["boundaries"].as_array().unwrap().len() >= sweeps_min,
            "{id}"
        );
        assert!(report["cases"]["evaluated"].as_u64().unwrap() >= 30, "{id}");
    }
}

#[test]
fn a_non_monotone_pack_fails_the_monotonicity_check_at_20000() {
    let lib = fixture_lib("non_monotone_pack");
    let (output, report) = check(&[lib.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let errors = findings(&report, "error");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["id"], "monotonicity");
    let message = errors[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("at 20,000 the route gets less strict"),
        "{message}"
    );
    assert!(message.contains("security-assessment"), "{message}");
    // Its other boundary, at 10,000, gets stricter and is no error; no cases, so no edges.
    let boundaries = report["sweep"]["boundaries"].as_array().unwrap();
    assert!(boundaries.iter().any(|b| b["at"] == 10_000));
    let edges: Vec<_> = findings(&report, "warning")
        .into_iter()
        .filter(|f| f["id"] == "edges")
        .collect();
    assert_eq!(edges.len(), 1, "{edges:?}");
    assert!(stderr(&output).contains("1 error finding"));
}

#[test]
fn the_check_table_ends_with_a_summary_line() {
    let lib = fixture_lib("non_monotone_pack");
    let output = run_in_workspace(&["pack", "check", lib.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("error    monotonicity  at 20,000"), "{text}");
    let last = text.trim_end().lines().last().unwrap();
    // The warnings: no golden cases at the edges the sweep found, and no coverage declared.
    assert!(last.starts_with("1 error, 2 warnings"), "{last}");
}

#[test]
fn faulty_c_packs_fail_the_checks_that_concern_them() {
    let build = tempfile::tempdir().unwrap();
    for (define, check_id) in [("BAD_RULE", "rules-exist"), ("FICKLE", "determinism")] {
        let lib = build_c_pack(
            build.path(),
            &format!("tiny_{}", define.to_lowercase()),
            &[define],
        );
        let (output, report) = check(&[lib.to_str().unwrap()]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{define}: {}",
            stderr(&output)
        );
        let errors = findings(&report, "error");
        assert!(!errors.is_empty(), "{define}");
        assert!(
            errors.iter().all(|f| f["id"] == check_id),
            "{define}: {errors:?}"
        );
    }
    let lib = build_c_pack(build.path(), "tiny_ok", &[]);
    let (output, report) = check(&[lib.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(report["errors"], 0);
}

#[test]
fn a_library_that_does_not_load_is_an_abi_finding_and_a_pack_failure() {
    let dir = tempfile::tempdir().unwrap();
    let build = tempfile::tempdir().unwrap();
    let wrong_abi = build_c_pack(build.path(), "tiny_wrong_abi", &["WRONG_ABI"]);
    let garbage = dir.path().join(library_file_name("garbage"));
    std::fs::write(&garbage, b"not a library").unwrap();
    for lib in [wrong_abi, garbage] {
        let (output, report) = check(&[lib.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
        let errors = findings(&report, "error");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0]["id"], "abi");
    }
}

#[test]
fn an_unknown_pack_id_is_unusable_input() {
    let output = run_in_workspace(&["pack", "check", "no-such-pack"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("no pack `no-such-pack`"));
}

#[test]
fn pack_test_finds_cases_from_the_library_and_says_where_it_looked() {
    let elsewhere = tempfile::tempdir().unwrap();
    let elsewhere_path = std::fs::canonicalize(elsewhere.path()).unwrap();
    // A workspace build, run from outside the workspace: its cases are found above the library.
    let national = bundled_lib("national_cbdf_2024");
    let found = ftzroute()
        .current_dir(&elsewhere_path)
        .args([
            "pack",
            "test",
            national.to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(found.status.code(), Some(0), "{}", stderr(&found));
    assert!(json(&found)["passed"].as_u64().unwrap() > 0);

    // A library with no cases anywhere: the message names both places it searched from.
    let lonely = fixture_lib("non_monotone_pack");
    let missing = ftzroute()
        .current_dir(&elsewhere_path)
        .args(["pack", "test", lonely.to_str().unwrap(), "--dev"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    let message = stderr(&missing);
    let library_dir = std::fs::canonicalize(lonely.parent().unwrap()).unwrap();
    for place in [&elsewhere_path, &library_dir] {
        assert!(
            message.contains(&place.display().to_string()),
            "names {}: {message}",
            place.display()
        );
    }
    assert!(message.contains("packs/non-monotone/cases") && message.contains("--cases DIR"));
}
