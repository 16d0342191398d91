//! Verdicts a team can file: a zone's summary never claims more than its rows decide, every cell
//! gives one count, a list past its trial period is marked where its route shows, and `plan`
//! offers only options that change something. Each through the built binary, in every format.

use ftzroute_e2e::pty::{Session, SCREEN_TIMEOUT};
use ftzroute_e2e::*;
use serde_json::Value;
use std::path::Path;

const SHANGHAI_TIANJIN: &str = r#"
[[zone]]
id = "shanghai"
name = "Shanghai"
packs = ["shanghai-city-2025", "shanghai-ftz-2024", "national-cbdf-2024", "national-sam-2022"]

[[zone]]
id = "tianjin"
name = "Tianjin"
packs = ["tianjin-ftz-2024", "national-cbdf-2024", "national-sam-2022"]

[[zone]]
id = "national"
name = "National"
packs = ["national-cbdf-2024", "national-sam-2022"]
"#;

fn ok(args: &[&str]) -> String {
    let packs = packs_dir();
    let mut all = args.to_vec();
    all.extend(["--packs", packs.to_str().unwrap()]);
    let output = run(&all);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        stderr(&output)
    );
    stdout(&output)
}

fn zone<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["zones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|z| z["zone"] == id)
        .unwrap_or_else(|| panic!("zone {id} missing"))
}

/// The shipping example judged in Shanghai (one export decided, two undetermined), Tianjin
/// (every personal export undetermined, the general one exempt) and the national rules.
struct Shipping {
    _dir: tempfile::TempDir,
    zones: String,
    profile: String,
}

impl Shipping {
    fn new() -> Shipping {
        let dir = tempfile::tempdir().unwrap();
        let zones = write_zones(dir.path(), SHANGHAI_TIANJIN);
        Shipping {
            zones: zones.display().to_string(),
            profile: example("shanghai-shipping.toml"),
            _dir: dir,
        }
    }

    fn run(&self, args: &[&str]) -> String {
        let mut all = args.to_vec();
        all.push(&self.profile);
        all.extend(["--zones", &self.zones]);
        ok(&all)
    }
}

const SHANGHAI_FLOOR: &str =
    "undetermined: at least a security assessment for `bookings`; 2 exports undetermined";

#[test]
fn an_undetermined_export_makes_its_zone_undetermined_in_every_format() {
    let shipping = Shipping::new();

    let report: Value = serde_json::from_str(&shipping.run(&["eval", "--format", "json"])).unwrap();
    let shanghai = zone(&report, "shanghai");
    assert_eq!(shanghai["route"], "undetermined", "{shanghai}");
    assert_eq!(shanghai["undetermined"], 2);
    assert_eq!(shanghai["floor"]["route"], "security-assessment");
    assert_eq!(
        shanghai["floor"]["exports"],
        serde_json::json!(["bookings"])
    );
    assert_eq!(shanghai["summary"], SHANGHAI_FLOOR);
    let tianjin = zone(&report, "tianjin");
    assert_eq!(tianjin["route"], "undetermined", "never exempt: {tianjin}");
    assert_eq!(tianjin["floor"]["route"], "exempt");
    assert_eq!(
        tianjin["summary"],
        "undetermined: 3 exports undetermined; the others (`port-calls`) exempt"
    );
    let national = zone(&report, "national");
    assert_eq!(national["route"], "security-assessment");
    assert_eq!(national["floor"], Value::Null);
    // An undetermined cell offers no headroom: a route not known has no stricter one.
    for export in shanghai["exports"].as_array().unwrap() {
        if export["route"] == "undetermined" {
            assert_eq!(export["next"], Value::Null, "{export}");
        }
    }

    let table = shipping.run(&["eval", "--format", "table"]);
    let overall = table.lines().find(|l| l.starts_with("OVERALL")).unwrap();
    assert!(
        overall.contains("? undetermined (≥ ▲ assessment; 2 undetermined)"),
        "{overall}"
    );
    assert!(
        overall.contains("? undetermined (3 undetermined, rest exempt)"),
        "{overall}"
    );
    assert!(!overall.contains("○ exempt"), "{overall}");
    assert!(
        table.contains(&format!("[shanghai] OVERALL: {SHANGHAI_FLOOR}")),
        "{table}"
    );
    let crew = table
        .split("[shanghai] crew:")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .unwrap();
    assert!(!crew.contains("next:"), "{crew}");

    let markdown = shipping.run(&["eval", "--format", "markdown"]);
    assert!(
        markdown.contains(&format!("Overall: {SHANGHAI_FLOOR}")),
        "{markdown}"
    );

    let csv = shipping.run(&["eval", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    for row in reader.records().map(Result::unwrap) {
        if &row[column("route")] == "undetermined" {
            assert_eq!(&row[column("next_route")], "", "{row:?}");
            assert_eq!(&row[column("headroom_persons")], "", "{row:?}");
        }
    }

    let memo = shipping.run(&["memo", "--format", "markdown"]);
    let summary = memo
        .lines()
        .find(|l| l.starts_with("| Shanghai (shanghai)"))
        .unwrap()
        .replace("\\`", "`");
    assert!(summary.contains(SHANGHAI_FLOOR), "{summary}");
    assert!(!memo.contains("○ exempt |"), "no zone summed up as exempt");
    assert!(
        memo.contains("**Headroom:** not known: the route itself is undetermined"),
        "{memo}"
    );
    assert!(
        !memo
            .split("#### crew: ? undetermined")
            .nth(1)
            .unwrap()
            .split("####")
            .next()
            .unwrap()
            .contains("no stricter route"),
        "an undetermined cell never says there is no stricter route"
    );
    let html = shipping.run(&["memo", "--format", "html"]);
    assert!(
        html.contains("undetermined: at least a security assessment for"),
        "{html}"
    );

    let plan: Value = serde_json::from_str(&shipping.run(&["plan", "--format", "json"])).unwrap();
    let ranked: Vec<&str> = plan["zones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|z| z["zone"].as_str().unwrap())
        .collect();
    assert_eq!(ranked[0], "national", "determined zones first: {ranked:?}");
    let shanghai_plan = plan["zones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|z| z["zone"] == "shanghai")
        .unwrap();
    assert_eq!(shanghai_plan["outcome"]["strictest"], "undetermined");
    assert_eq!(shanghai_plan["outcome"]["floor"], "security-assessment");
    assert_eq!(shanghai_plan["outcome"]["summary"], SHANGHAI_FLOOR);
    let plan_table = shipping.run(&["plan", "--format", "table"]);
    let line = plan_table
        .lines()
        .find(|l| l.contains(". shanghai"))
        .unwrap();
    assert!(line.contains(&format!("? {SHANGHAI_FLOOR}")), "{line}");
    assert!(!plan_table.contains("○ exempt (0"), "{plan_table}");
}

#[test]
fn the_dashboard_sums_up_an_undetermined_zone_as_undetermined() {
    let shipping = Shipping::new();
    let state = tempfile::tempdir().unwrap();
    let packs = packs_dir();
    let mut session = Session::ftzroute(
        &[
            &shipping.profile,
            "--packs",
            packs.to_str().unwrap(),
            "--zones",
            &shipping.zones,
        ],
        &[("XDG_STATE_HOME", state.path().to_str().unwrap())],
        160,
        40,
    );
    let screen = session.wait_until("settled", SCREEN_TIMEOUT, dashboard_settled);
    let overall = screen.lines().find(|l| l.contains("OVERALL")).unwrap();
    assert!(overall.contains("? undetermined ≥▲ (2?)"), "{overall}");
    assert!(overall.contains("? undetermined (3?)"), "{overall}");
    assert!(!overall.contains("○ exempt"), "{overall}");
    // The overall cell of Shanghai (first column), in detail.
    for _ in 0..4 {
        session.key("down");
    }
    let screen = session.wait_for("Known", SCREEN_TIMEOUT);
    assert!(
        screen.contains("at least a security assessment for `bookings`"),
        "{screen}"
    );
    session.key("q");
}

/// A copy of the Suzhou example dated `as_of`.
fn suzhou_dated(dir: &Path, as_of: &str) -> String {
    let text = std::fs::read_to_string(example("suzhou-biologics.toml")).unwrap();
    let line = text.lines().find(|l| l.starts_with("as_of")).unwrap();
    let path = dir.join("suzhou.toml");
    std::fs::write(&path, text.replace(line, &format!("as_of = {as_of}"))).unwrap();
    path.display().to_string()
}

#[test]
fn a_list_past_its_trial_period_is_marked_where_its_route_shows() {
    let dir = tempfile::tempdir().unwrap();
    let profile = suzhou_dated(dir.path(), "2027-09-01");
    let zones = ["--zone", "jiangsu", "--zone", "national"];
    let eval = |format: &str| {
        let mut args = vec!["eval", profile.as_str(), "--format", format];
        args.extend(zones);
        ok(&args)
    };

    let report: Value = serde_json::from_str(&eval("json")).unwrap();
    let trial = zone_export(&report, "jiangsu", "trial-subjects");
    assert_eq!(trial["route"], "standard-contract-or-certification");
    assert_eq!(trial["trial_ended"], "2027-08-12");
    assert_eq!(
        zone_export(&report, "national", "trial-subjects")["trial_ended"],
        Value::Null,
        "the national Provisions set no trial period"
    );

    let table = eval("table");
    let row = table
        .lines()
        .find(|l| l.starts_with("trial-subjects"))
        .unwrap();
    assert!(row.contains("● contract/cert · item 14 †"), "{row}");
    assert!(
        table.contains("† decided by a list whose trial period ended before the profile's date: jiangsu-biopharma-2025 (2027-08-12)"),
        "{table}"
    );

    let csv = eval("csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = headers.iter().position(|h| h == "trial_ended").unwrap();
    let marked: Vec<String> = reader
        .records()
        .map(Result::unwrap)
        .filter(|r| !r[column].is_empty())
        .map(|r| format!("{}:{}", &r[0], &r[column]))
        .collect();
    assert!(!marked.is_empty());
    assert!(
        marked.iter().all(|m| m == "jiangsu:2027-08-12"),
        "{marked:?}"
    );

    let mut memo_args = vec!["memo", profile.as_str()];
    memo_args.extend(zones);
    let memo = ok(&memo_args);
    assert!(
        memo.contains("#### trial-subjects: ● standard-contract-or-certification † (trial period ended 2027-08-12)"),
        "{memo}"
    );
    let summary = memo.lines().find(|l| l.contains("(jiangsu) |")).unwrap();
    assert!(
        summary.contains("† (the deciding list's trial period ended 2027-08-12"),
        "{summary}"
    );

    // Before the end of the trial: no mark anywhere.
    let before = suzhou_dated(dir.path(), "2027-08-12");
    let table = ok(&["eval", &before, "--format", "table", "--zone", "jiangsu"]);
    assert!(!table.contains('†'), "{table}");
}

#[test]
fn every_cell_gives_one_count_in_every_format() {
    let profile = example("suzhou-biologics-ledger.toml");
    let zones = ["--zone", "national", "--zone", "jiangsu"];
    let eval = |format: &str| {
        let mut args = vec!["eval", profile.as_str(), "--format", format];
        args.extend(zones);
        ok(&args)
    };
    let report: Value = serde_json::from_str(&eval("json")).unwrap();
    // Every staff record was sent for HR management (CBDF Art. 5(1)(ii)): the export counts no
    // one itself, but the national sensitive total it would add to stands at 9,868.
    let staff = zone_export(&report, "national", "staff-hr");
    assert_eq!(staff["route"], "exempt");
    assert_eq!(staff["counted_persons"], 9_868);
    assert_eq!(staff["next"]["at_persons"], 9_869);
    let trial = zone_export(&report, "jiangsu", "trial-subjects");
    assert_eq!(
        trial["counted_persons"], 8_168,
        "the scenario's exact count"
    );

    let csv = eval("csv");
    let row = csv
        .lines()
        .find(|l| l.starts_with("national,staff-hr,"))
        .unwrap();
    assert!(
        row.contains(",9868,2025-01-01,2025-10-01,standard-contract-or-certification,9869,1,"),
        "{row}"
    );

    let table = eval("table");
    assert!(
        table.contains("    count: 9,868 counted toward the threshold: this export's 1,200 persons − 1,200 exempt = 0, with trial-subjects, trial-extension, pv-cases"),
        "{table}"
    );
    assert!(
        table
            .contains("    next: standard-contract-or-certification at 9,869 counted persons (+1)"),
        "{table}"
    );
    let grid_row = table.lines().find(|l| l.starts_with("staff-hr")).unwrap();
    assert!(
        grid_row.contains(" 1,200 "),
        "the export's own persons: {grid_row}"
    );

    let mut memo_args = vec!["memo", profile.as_str()];
    memo_args.extend(zones);
    let memo = ok(&memo_args);
    assert!(
        memo.contains("**Counted persons:** 9,868 counted toward the threshold: this export's 1,200 persons − 1,200 exempt = 0"),
        "{memo}"
    );

    let state = tempfile::tempdir().unwrap();
    let packs = packs_dir();
    let dir = tempfile::tempdir().unwrap();
    let only_national = write_zones(
        dir.path(),
        "[[zone]]\nid = \"national\"\nname = \"National\"\npacks = [\"national-cbdf-2024\", \"national-sam-2022\"]\n",
    );
    let mut session = Session::ftzroute(
        &[
            &profile,
            "--packs",
            packs.to_str().unwrap(),
            "--zones",
            only_national.to_str().unwrap(),
        ],
        &[("XDG_STATE_HOME", state.path().to_str().unwrap())],
        160,
        50,
    );
    session.wait_until("settled", SCREEN_TIMEOUT, dashboard_settled);
    // staff-hr is the fifth export.
    for _ in 0..4 {
        session.key("down");
    }
    let screen = session.wait_for("this export's 1,200 persons", SCREEN_TIMEOUT);
    assert!(
        screen.contains("9,868 counted toward the threshold"),
        "{screen}"
    );
    session.key("q");
}

#[test]
fn plan_offers_only_reference_options_that_change_something() {
    // Jiangsu's own list covers biologics: Art. 24 reaches only sectors it does not cover.
    let report: Value = serde_json::from_str(&ok(&[
        "plan",
        &example("suzhou-biologics.toml"),
        "--format",
        "json",
    ]))
    .unwrap();
    let from_jiangsu: Vec<&Value> = report["by_reference"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["from_zone"] == "jiangsu")
        .collect();
    assert!(from_jiangsu.is_empty(), "{from_jiangsu:?}");
    let reasons: Vec<&str> = report["not_offered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(
        reasons.iter().any(|r| r.starts_with(
            "jiangsu: its own list jiangsu-biopharma-2025 covers sector `biological-drug-manufacturing`"
        )),
        "{reasons:?}"
    );
    let table = ok(&[
        "plan",
        &example("suzhou-biologics.toml"),
        "--format",
        "table",
    ]);
    assert!(
        table.contains("  none for jiangsu: its own list jiangsu-biopharma-2025 covers sector"),
        "{table}"
    );

    // Shipping: no list decides any export differently from Jiangsu's national baseline.
    let shipping: Value = serde_json::from_str(&ok(&[
        "plan",
        &example("shanghai-shipping.toml"),
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(shipping["by_reference"], serde_json::json!([]));
    let reason = shipping["not_offered"][0].as_str().unwrap();
    assert!(
        reason.starts_with("jiangsu: applying ")
            && reason.contains("would decide no export differently"),
        "{reason}"
    );

    // E-commerce: Zhejiang's list decides the merchants' data, so it is offered.
    let ecommerce: Value = serde_json::from_str(&ok(&[
        "plan",
        &example("hangzhou-ecommerce.toml"),
        "--format",
        "json",
    ]))
    .unwrap();
    let offered: Vec<&str> = ecommerce["by_reference"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["list"]["pack"].as_str().unwrap())
        .collect();
    assert!(offered.contains(&"zhejiang-ftz-2024"), "{offered:?}");
}
