//! The fixture packs other tests build on: a draft later edition of the Jiangsu list (derived
//! from the 2025 crate) and a deliberately non-monotone pack. Both must load, and the draft must
//! pass its own golden cases while the 2025 edition fails them where the editions differ.

use ftzroute_e2e::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const DRAFT_ID: &str = "jiangsu-biopharma-2026-draft";

fn draft_lib() -> PathBuf {
    fixture_packs_dir().join(library_file_name("jiangsu_biopharma_2026_draft"))
}

fn non_monotone_lib() -> PathBuf {
    fixture_packs_dir().join(library_file_name("non_monotone_pack"))
}

fn draft_cases() -> PathBuf {
    workspace_root().join("tests/fixtures/jiangsu-biopharma-2026-draft/cases")
}

/// The packs the Jiangsu zone falls back to, without any fixture.
fn jiangsu_zone_packs() -> tempfile::TempDir {
    let packs = packs_dir();
    pack_dir_with(&[
        packs.join(library_file_name("jiangsu_biopharma_2025")),
        packs.join(library_file_name("national_cbdf_2024")),
    ])
}

fn json(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", stdout(output), stderr(output)))
}

fn listed<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|pack| pack["id"] == id)
        .unwrap_or_else(|| panic!("`{id}` not listed: {list}"))
}

#[test]
fn both_fixture_packs_load() {
    let dir = pack_dir_with(&[draft_lib(), non_monotone_lib()]);
    let output = run(&[
        "packs",
        "--packs",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let list = json(&output);
    assert_eq!(list.as_array().unwrap().len(), 2, "{list}");

    let base = run(&[
        "packs",
        "--packs",
        jiangsu_zone_packs().path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(base.status.success(), "{}", stderr(&base));
    let base = json(&base);
    let base = listed(&base, "jiangsu-biopharma-2025");

    let draft = listed(&list, DRAFT_ID);
    assert_eq!(draft["status"], "ok");
    assert_eq!(draft["zone"], "jiangsu");
    assert_eq!(draft["edition"], "2026-draft");
    assert_eq!(draft["effective_from"], "2026-08-13");
    assert_eq!(draft["sectors"], base["sectors"]);
    assert_eq!(draft["rules"], base["rules"].as_u64().unwrap() + 1);

    let odd = listed(&list, "non-monotone");
    assert_eq!(odd["status"], "ok");
    assert_eq!(odd["zone"], "test");
    assert_eq!(odd["sectors"], serde_json::json!(["*"]));
    assert_eq!(odd["rules"], 3);
}

/// `pack test LIB --cases DIR` with the Jiangsu zone's other packs beside it.
fn pack_test(lib: &Path, cases: &Path) -> std::process::Output {
    let packs = jiangsu_zone_packs();
    run(&[
        "pack",
        "test",
        lib.to_str().unwrap(),
        "--cases",
        cases.to_str().unwrap(),
        "--packs",
        packs.path().to_str().unwrap(),
        "--format",
        "json",
    ])
}

fn case_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|entry| {
            entry
                .as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|ext| ext == "toml")
        })
        .count()
}

#[test]
fn the_draft_passes_its_golden_cases() {
    let output = pack_test(&draft_lib(), &draft_cases());
    let report = json(&output);
    assert!(output.status.success(), "{report:#}\n{}", stderr(&output));
    assert_eq!(report["failed"], 0);
    assert_eq!(report["passed"], case_files(&draft_cases()));
    let pack = &report["packs"][0];
    assert_eq!(pack["pack"], DRAFT_ID);
    for rule in [
        "art-10-off-list",
        "item-7",
        "item-8",
        "item-14",
        "item-15",
        "item-22",
    ] {
        assert!(
            pack["rules_fired"]
                .as_array()
                .unwrap()
                .iter()
                .any(|fired| fired == rule),
            "{rule} never fired: {}",
            pack["rules_fired"]
        );
    }
}

#[test]
fn the_2025_edition_fails_the_drafts_cases_where_the_editions_differ() {
    let lib = packs_dir().join(library_file_name("jiangsu_biopharma_2025"));
    let output = pack_test(&lib, &draft_cases());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    // The draft names its own edition in every basis, so the 2025 edition fails each case on its
    // basis text; what matters is where the decision (route, rule, item) differs.
    let decision_failures = |case: &Value| {
        case["failures"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| !f.as_str().unwrap().contains(": basis: expected"))
    };
    let failed: Vec<String> = report["packs"][0]["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|case| decision_failures(case))
        .map(|case| {
            let file = Path::new(case["file"].as_str().unwrap());
            file.file_stem().unwrap().to_string_lossy().into_owned()
        })
        .collect();
    for moved in [
        "item-14-lower-edge-5000",
        "item-14-former-edge-9999",
        "item-8-edge-149999",
        "item-8-former-edge-100000",
        "item-22-edge-500000",
    ] {
        assert!(failed.iter().any(|f| f == moved), "{moved}: {failed:?}");
    }
    for unchanged in [
        "item-7-edge-49999",
        "item-7-edge-50000",
        "item-22-edge-499999",
    ] {
        assert!(!failed.iter().any(|f| f == unchanged), "{unchanged}");
    }
}

#[test]
fn the_non_monotone_pack_gets_more_lenient_with_more_persons() {
    let dir = pack_dir_with(&[non_monotone_lib()]);
    let zones = write_zones(
        dir.path(),
        "[[zone]]\nid = \"test\"\nname = \"Test\"\npacks = [\"non-monotone\"]\n",
    );
    let mut profile = String::from(
        "as_of = 2025-10-01\n[handler]\nname = \"H\"\nsector = \"anything\"\n\
         [[export]]\nid = \"ops\"\nkind = \"general\"\n",
    );
    let counts = [9_999u64, 10_000, 19_999, 20_000];
    for persons in counts {
        profile.push_str(&format!(
            "[[export]]\nid = \"p{persons}\"\nkind = \"personal\"\npersons = {persons}\n"
        ));
    }
    // Counted persons, not persons: 25,000 with 10,000 exempt is in the middle band.
    profile.push_str(
        "[[export]]\nid = \"genes\"\nkind = \"genetic\"\npersons = 25000\nexempt_persons = 10000\n",
    );
    let file = dir.path().join("profile.toml");
    std::fs::write(&file, profile).unwrap();
    let output = run(&[
        "eval",
        file.to_str().unwrap(),
        "--format",
        "json",
        "--packs",
        dir.path().to_str().unwrap(),
        "--zones",
        zones.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = json(&output);
    let decided: Vec<(String, String)> = report["zones"][0]["exports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|export| {
            assert_eq!(export["pack"], "non-monotone");
            (
                export["id"].as_str().unwrap().to_string(),
                export["route"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("ops", "exempt"),
        ("p9999", "exempt"),
        ("p10000", "security-assessment"),
        ("p19999", "security-assessment"),
        ("p20000", "exempt"),
        ("genes", "security-assessment"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(id, route)| (id.to_string(), route.to_string()))
        .collect();
    assert_eq!(decided, expected);
}
