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

    let tested: Vec<&str> = report["packs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["pack"].as_str().unwrap())
        .collect();
    assert_eq!(tested, ["jiangsu-biopharma-2025", "national-cbdf-2024"]);
    for pack in report["packs"].as_array().unwrap() {
        assert!(
            pack["cases"].as_array().unwrap().len() >= 30,
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
    std::fs::write(
        dir.path().join("wrong.toml"),
        r#"description = "deliberately wrong: 9,999 sensitive persons are under the assessment threshold"
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
"#,
    )
    .unwrap();
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
