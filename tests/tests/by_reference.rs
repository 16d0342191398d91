//! A list applied by reference, end to end: a Jiangsu cross-border e-commerce handler applies the
//! Zhejiang FTZ list (2024) under Jiangsu Measures Art. 24. `plan` offers the list with the zone
//! lines that apply it; those lines, passed with `--zones`, make `eval` decide the handler's
//! buyers by Zhejiang item 4 (contract or certification, by reference), where the national
//! Provisions require a security assessment.

use ftzroute_e2e::*;
use serde_json::Value;
use std::path::Path;

/// 2,000,000 non-sensitive buyers in an item 4 scenario: inside item 4's band (1,000,000 to
/// under 5,000,000), and above the national 1,000,000 for an assessment.
const PROFILE: &str = r#"title = "Example Cross-Border Trade (Suzhou): buyers' returns, 2025"
as_of = 2025-10-01

[handler]
name = "Example Cross-Border Trade (Suzhou) Co., Ltd."
sector = "cross-border-ecommerce"
ciio = false

[[export]]
id = "buyers"
label = "Overseas buyers' returns handled by the overseas platform"
kind = "personal"
scenario = "buyer-returns"
sensitive = false
persons = 2000000
"#;

const VARIANT: &str = "jiangsu+zhejiang-ftz-2024";
const BY_REFERENCE: &str = "applied by reference under Jiangsu Measures Art. 24";

fn packs() -> String {
    packs_dir().display().to_string()
}

fn ok(args: &[&str]) -> String {
    let packs = packs();
    let mut all = args.to_vec();
    all.extend_from_slice(&["--packs", packs.as_str()]);
    let output = run(&all);
    assert!(
        output.status.success(),
        "ftzroute {args:?} failed: {}",
        stderr(&output)
    );
    stdout(&output)
}

fn profile(dir: &Path) -> String {
    let path = dir.join("suzhou-ecommerce.toml");
    std::fs::write(&path, PROFILE).unwrap();
    path.display().to_string()
}

/// The zone lines `plan` offers for applying the Zhejiang list in Jiangsu.
fn planned_zone_lines(profile: &str) -> String {
    let plan: Value = serde_json::from_str(&ok(&["plan", profile, "--format", "json"])).unwrap();
    let option = plan["by_reference"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["from_zone"] == "jiangsu" && o["list"]["pack"] == "zhejiang-ftz-2024")
        .unwrap_or_else(|| panic!("plan offers no Zhejiang list for Jiangsu: {plan}"));
    assert_eq!(option["provision"], "Jiangsu Measures Art. 24");
    assert_eq!(option["variant"], VARIANT);
    assert_eq!(
        option["outcome"]["strictest"],
        "standard-contract-or-certification"
    );
    option["zones_toml"].as_str().unwrap().to_string()
}

/// The planned variant beside the plain Jiangsu zone and the national zones, as a user's zones
/// file would hold them: the bundled zones with the planned lines appended.
fn zones_file(dir: &Path, lines: &str) -> String {
    let bundled = std::fs::read_to_string(workspace_root().join("app/zones/default.toml")).unwrap();
    let path = dir.join("zones.toml");
    std::fs::write(&path, format!("{bundled}\n{lines}")).unwrap();
    path.display().to_string()
}

fn export<'a>(report: &'a Value, zone: &str) -> &'a Value {
    let zone = report["zones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|z| z["zone"] == zone)
        .unwrap_or_else(|| panic!("zone {zone} missing"));
    &zone["exports"][0]
}

#[test]
fn plan_offers_the_zhejiang_list_to_jiangsu_with_lines_that_apply_it() {
    let dir = tempfile::tempdir().unwrap();
    let profile = profile(dir.path());
    let lines = planned_zone_lines(&profile);
    assert!(
        lines.contains(r#"by_reference = ["zhejiang-ftz-2024"]"#),
        "{lines}"
    );
    assert!(
        lines.contains(r#"reference_basis = "Jiangsu Measures Art. 24""#),
        "{lines}"
    );
    // The referenced list comes after Jiangsu's own list and before the national baseline.
    let packs_line = lines.lines().find(|l| l.starts_with("packs = ")).unwrap();
    let at = |id: &str| {
        packs_line
            .find(id)
            .unwrap_or_else(|| panic!("{id}: {packs_line}"))
    };
    assert!(at("jiangsu-biopharma-2025") < at("zhejiang-ftz-2024"));
    assert!(at("zhejiang-ftz-2024") < at("national-cbdf-2024"));

    let table = ok(&["plan", &profile, "--format", "table"]);
    assert!(
        table.contains("jiangsu applying zhejiang-ftz-2024 under Jiangsu Measures Art. 24"),
        "{table}"
    );
    assert!(table.contains(&lines.lines().next().unwrap().to_string()));
}

#[test]
fn the_referenced_list_decides_in_json_while_the_national_provisions_require_an_assessment() {
    let dir = tempfile::tempdir().unwrap();
    let profile = profile(dir.path());
    let zones = zones_file(dir.path(), &planned_zone_lines(&profile));
    let report: Value = serde_json::from_str(&ok(&[
        "eval", &profile, "--zones", &zones, "--format", "json",
    ]))
    .unwrap();

    let variant = export(&report, VARIANT);
    assert_eq!(variant["route"], "standard-contract-or-certification");
    assert_eq!(variant["pack"], "zhejiang-ftz-2024");
    assert_eq!(variant["rule"], "item-4");
    assert_eq!(variant["list_item"], 4);
    assert_eq!(variant["by_reference"], true);
    assert_eq!(variant["counted_persons"], 2_000_000);
    let basis = variant["basis"].as_str().unwrap();
    assert!(
        basis.starts_with("Zhejiang FTZ data-export negative list (2024), Part 2 item 4")
            && basis.ends_with(BY_REFERENCE),
        "{basis}"
    );
    assert!(variant["citation"]["zh"]
        .as_str()
        .unwrap()
        .contains("100万人以上且不满500万人"));

    for zone in ["national", "jiangsu"] {
        let national = export(&report, zone);
        assert_eq!(national["route"], "security-assessment", "{zone}");
        assert_eq!(national["pack"], "national-cbdf-2024", "{zone}");
        assert_eq!(national["by_reference"], false, "{zone}");
        assert_eq!(
            national["basis"],
            "CBDF Provisions Art. 7(2) (1,000,000 or more)"
        );
    }
}

#[test]
fn the_table_shows_the_variant_column_decided_by_item_4_by_reference() {
    let dir = tempfile::tempdir().unwrap();
    let profile = profile(dir.path());
    let zones = zones_file(dir.path(), &planned_zone_lines(&profile));
    let table = ok(&[
        "eval", &profile, "--zones", &zones, "--zone", VARIANT, "--zone", "national", "--format",
        "table",
    ]);
    let header = table.lines().find(|l| l.starts_with("export")).unwrap();
    assert!(
        header.contains(VARIANT) && header.contains("national"),
        "{table}"
    );
    let row = table.lines().find(|l| l.starts_with("buyers")).unwrap();
    assert!(row.contains("● contract/cert · item 4"), "{row}");
    assert!(row.contains("▲ assessment"), "{row}");
    assert!(row.contains("≠"), "the zones disagree: {row}");
    assert!(
        table.contains(&format!(
            "[{VARIANT}] buyers: standard-contract-or-certification — Zhejiang FTZ data-export \
             negative list (2024), Part 2 item 4; {BY_REFERENCE} (zhejiang-ftz-2024)"
        )),
        "{table}"
    );
    assert!(
        table.contains("[national] buyers: security-assessment — CBDF Provisions Art. 7(2)"),
        "{table}"
    );
}

#[test]
fn the_planned_lines_give_the_same_outcome_as_the_plan_reported() {
    let dir = tempfile::tempdir().unwrap();
    let profile = profile(dir.path());
    let lines = planned_zone_lines(&profile);
    let zones = zones_file(dir.path(), &lines);
    let plan: Value = serde_json::from_str(&ok(&[
        "plan", &profile, "--zones", &zones, "--format", "json",
    ]))
    .unwrap();
    // Configured, the variant is a zone of the plan, ranked with the outcome it was offered with.
    let configured = plan["zones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|z| z["zone"] == VARIANT)
        .unwrap_or_else(|| panic!("{plan}"));
    assert_eq!(
        configured["outcome"]["strictest"],
        "standard-contract-or-certification"
    );
    assert_eq!(configured["outcome"]["security_assessments"], 0);
    assert_eq!(
        configured["covering_lists"],
        serde_json::json!(["zhejiang-ftz-2024"])
    );
    let national = plan["zones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|z| z["zone"] == "national")
        .unwrap();
    assert!(
        configured["rank"].as_u64() < national["rank"].as_u64(),
        "the list applied by reference is the lighter burden: {plan}"
    );
}

#[test]
fn the_dashboard_shows_the_variant_decided_by_item_4_by_reference() {
    use ftzroute_e2e::pty::{Session, SCREEN_TIMEOUT};
    let dir = tempfile::tempdir().unwrap();
    let profile = profile(dir.path());
    // The variant first, so its cell is the one selected, then the national zone.
    let zones = dir.path().join("zones.toml");
    std::fs::write(
        &zones,
        format!(
            "{}\n[[zone]]\nid = \"national\"\nname = \"National\"\npacks = [\"national-cbdf-2024\"]\n",
            planned_zone_lines(&profile)
        ),
    )
    .unwrap();
    let state = dir.path().join("state");
    let packs = packs();
    let mut session = Session::ftzroute(
        &[
            &profile,
            "--packs",
            &packs,
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
        .find(|l| l.contains("│buyers"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(row.contains("#4") && row.contains("▲"), "{row}\n{screen}");
    // The selected cell's detail names the list and says it was applied by reference.
    let detail = session.wait_for("applied by reference", SCREEN_TIMEOUT);
    assert!(detail.contains("zhejiang-ftz-2024"), "{detail}");
    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
}
