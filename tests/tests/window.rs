//! The counting window is the deciding pack's: a profile dated in 2023, judged by the 2022
//! Security Assessment Measures, is counted from its ledger since 1 January of the previous year
//! (自上年1月1日起), and every output names the window it counted.

use ftzroute_e2e::pty::{Session, SCREEN_TIMEOUT};
use ftzroute_e2e::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

const PROFILE: &str = r#"
as_of = 2023-06-01
[handler]
name = "Example Trading (Shanghai) Co., Ltd."
sector = "retail"

[[export]]
id = "patients"
kind = "personal"
sensitive = true
[export.dates]
contract_effective = 2023-06-05

[ledger]
path = "transfers.ledger"
"#;

/// `n` distinct persons named `<prefix><i>`, each sent once on `date`.
fn transfers(csv: &mut String, date: &str, prefix: &str, n: u32) {
    for i in 0..n {
        writeln!(csv, "{date},{prefix}{i},patients,true").unwrap();
    }
}

/// A profile in a fresh directory with `rows` imported into its ledger.
fn setup(as_of: &str, rows: &[(&str, &str, u32)]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile.toml");
    std::fs::write(
        &profile,
        PROFILE.replace("as_of = 2023-06-01", &format!("as_of = {as_of}")),
    )
    .unwrap();
    let mut csv = "date,person,export,sensitive\n".to_string();
    for (date, prefix, n) in rows {
        transfers(&mut csv, date, prefix, *n);
    }
    let file = dir.path().join("transfers.csv");
    std::fs::write(&file, csv).unwrap();
    let output = run(&[
        "ledger",
        "import",
        profile.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let profile = profile.to_str().unwrap().to_string();
    (dir, profile)
}

fn ok(args: &[&str]) -> String {
    let packs = packs_dir();
    let mut all = args.to_vec();
    all.extend_from_slice(&["--packs", packs.to_str().unwrap()]);
    let output = run(&all);
    assert!(
        output.status.success(),
        "ftzroute {args:?}: {}",
        stderr(&output)
    );
    stdout(&output)
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args)).expect("JSON")
}

fn national(report: &Value) -> &Value {
    report["zones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|z| z["zone"] == "national")
        .expect("the national zone")
}

const PREVIOUS_YEAR: &str = "2022-01-01 to 2023-06-01 (from 1 January of the previous year)";

#[test]
fn persons_of_the_previous_year_in_the_ledger_count_for_the_2022_measures_in_every_output() {
    // The issue's handler: 8,000 sensitive persons sent in 2022 and 3,000 in 2023.
    let (dir, profile) = setup(
        "2023-06-01",
        &[("2022-05-01", "P", 8000), ("2023-03-01", "Q", 3000)],
    );
    let p = profile.as_str();

    let report = json(&["eval", p, "--zone", "national", "--format", "json"]);
    let zone = national(&report);
    assert_eq!(zone["route"], "security-assessment");
    assert_eq!(
        zone["counted"],
        serde_json::json!({"window": "previous-and-current-year", "from": "2022-01-01", "to": "2023-06-01"})
    );
    let patients = zone_export(&report, "national", "patients");
    assert_eq!(patients["pack"], "national-sam-2022");
    assert_eq!(patients["counted_persons"], 11000);
    assert_eq!(patients["rule"], "art-4-3-sensitive");
    let notes: Vec<&str> = patients["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("counted from the transfer ledger from 2022-01-01 to 2023-06-01")),
        "{notes:?}"
    );
    assert!(
        !notes
            .iter()
            .any(|n| n.contains("add the persons sent in 2022")),
        "the 2022 persons are in the ledger and counted: {notes:?}"
    );
    // The ledger section: the calendar year for the handler, the other window as the zone
    // counted it.
    let ledger = &report["ledger"];
    assert_eq!(ledger["window"], "calendar-year");
    assert_eq!(ledger["from"], "2023-01-01");
    assert_eq!(ledger["exports"][0]["persons"], 3000);
    assert_eq!(
        ledger["other_windows"][0]["window"],
        "previous-and-current-year"
    );
    assert_eq!(ledger["other_windows"][0]["from"], "2022-01-01");
    assert_eq!(ledger["other_windows"][0]["exports"][0]["persons"], 11000);
    assert_eq!(ledger["zones"][0]["window"], "previous-and-current-year");

    let table = ok(&["eval", p, "--zone", "national", "--format", "table"]);
    assert!(
        table.contains(&format!("national: {PREVIOUS_YEAR}")),
        "{table}"
    );
    let row = table.lines().find(|l| l.starts_with("patients")).unwrap();
    assert!(
        row.contains("11,000") && row.contains("▲ assessment"),
        "{row}"
    );

    let csv = ok(&["eval", p, "--zone", "national", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<BTreeMap<String, String>> = reader.deserialize().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["route"], "security-assessment");
    assert_eq!(rows[0]["counted_persons"], "11000");
    assert_eq!(rows[0]["counted_from"], "2022-01-01");
    assert_eq!(rows[0]["counted_to"], "2023-06-01");

    let memo = ok(&["memo", p, "--zone", "national"]);
    assert!(
        memo.contains(&format!(
            "**Counted from the transfer ledger:** {PREVIOUS_YEAR}"
        )),
        "{memo}"
    );
    assert!(memo.contains("**Counted persons:** 11,000"), "{memo}");
    assert!(
        memo.contains("**Overall route:** ▲ security-assessment"),
        "{memo}"
    );
    assert!(
        memo.contains("#### patients: ▲ security-assessment"),
        "{memo}"
    );
    let html = ok(&["memo", p, "--zone", "national", "--format", "html"]);
    assert!(html.contains("Counted from the transfer ledger:"), "{html}");
    assert!(html.contains(PREVIOUS_YEAR), "{html}");
    // Under a security assessment the standard contract's filing is not a duty: counted from
    // 1 January 2023 only, the export would need the contract and its filing on 2023-06-19.
    let ics = ok(&["memo", p, "--zone", "national", "--format", "ics"]);
    assert!(ics.contains("pipl-notice"), "{ics}");
    assert!(!ics.contains("scc-filing"), "{ics}");

    let counts = json(&["ledger", "counts", p, "--format", "json"]);
    let zone = counts["zones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|z| z["zone"] == "national")
        .unwrap();
    assert_eq!(zone["window"], "previous-and-current-year");
    assert_eq!(zone["from"], "2022-01-01");
    assert_eq!(
        counts["other_windows"][0]["handler"]["sensitive"]["counted_persons"],
        11000
    );
    assert_eq!(counts["handler"]["sensitive"]["counted_persons"], 3000);
    let text = ok(&["ledger", "counts", p]);
    assert!(
        text.contains("ZONE national (national-sam-2022): counted 2022-01-01 to 2023-06-01 (previous-and-current-year)"),
        "{text}"
    );
    assert!(text.contains("window 2022-01-01 to 2023-06-01"), "{text}");

    let plan = json(&["plan", p, "--format", "json"]);
    let zone = plan["zones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|z| z["zone"] == "national")
        .unwrap();
    assert_eq!(zone["outcome"]["strictest"], "security-assessment");
    assert_eq!(zone["counted"]["window"], "previous-and-current-year");

    dashboard_names_the_window(dir.path(), p);
}

fn dashboard_names_the_window(dir: &Path, profile: &str) {
    let packs = packs_dir();
    let state = dir.join("state");
    std::fs::create_dir(&state).unwrap();
    let mut session = Session::ftzroute(
        &[profile, "--packs", packs.to_str().unwrap()],
        &[("XDG_STATE_HOME", state.to_str().unwrap())],
        160,
        40,
    );
    let screen = session.wait_for(
        "counted 2022-01-01 to 2023-06-01 (from 1 January of the previous year)",
        SCREEN_TIMEOUT,
    );
    assert!(screen.contains("11,000"), "{screen}");
    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
}

#[test]
fn the_window_opens_on_1_january_of_the_previous_year_not_a_day_before() {
    // 10,000 sensitive persons on 31 December 2021 would need an assessment if counted.
    let (_dir, profile) = setup(
        "2023-06-01",
        &[("2021-12-31", "OLD", 10000), ("2022-01-01", "NEW", 9999)],
    );
    let report = json(&["eval", &profile, "--zone", "national", "--format", "json"]);
    let patients = zone_export(&report, "national", "patients");
    assert_eq!(patients["counted_persons"], 9999);
    assert_eq!(patients["route"], "standard-contract-or-certification");
    assert_eq!(patients["next"]["at_persons"], 10000);
    assert_eq!(national(&report)["counted"]["from"], "2022-01-01");
    // Nothing was sent in 2023: the calendar year counts no one.
    assert_eq!(report["ledger"]["exports"][0]["persons"], 0);

    // A year later the 2024 Provisions decide and count from 1 January 2024: none of these.
    let (_dir, profile) = setup(
        "2024-06-01",
        &[("2023-12-31", "OLD", 10000), ("2024-01-01", "NEW", 9999)],
    );
    let report = json(&["eval", &profile, "--zone", "national", "--format", "json"]);
    let patients = zone_export(&report, "national", "patients");
    assert_eq!(patients["pack"], "national-cbdf-2024");
    assert_eq!(patients["counted_persons"], 9999);
    assert_eq!(
        national(&report)["counted"],
        serde_json::json!({"window": "calendar-year", "from": "2024-01-01", "to": "2024-06-01"})
    );
    assert_eq!(report["ledger"]["other_windows"], serde_json::json!([]));
}
