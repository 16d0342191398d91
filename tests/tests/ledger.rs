//! The transfer ledger through the built binary: `ledger import`, `ledger counts`, and `eval`
//! taking its counts from it, on hand-made transfer files whose exact counts are known.

use ftzroute_e2e::*;
use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A biologics maker in the Jiangsu list's sectors: two trial exports (one scenario), a
/// pharmacovigilance export (another scenario), an HR export (non-sensitive catch-all).
const PROFILE: &str = r#"
as_of = 2025-10-01
[handler]
name = "Example Biologics (Suzhou) Co., Ltd."
sector = "biological-drug-manufacturing"

[[export]]
id = "trial-a"
kind = "personal"
subject = "trial-subject"
sensitive = true

[[export]]
id = "trial-b"
kind = "personal"
subject = "trial-subject"
sensitive = true

[[export]]
id = "pv"
kind = "personal"
subject = "patient"
sensitive = true

[[export]]
id = "staff"
kind = "personal"
subject = "other"
sensitive = false

[[export]]
id = "batch-records"
kind = "general"

[ledger]
path = "ledger/transfers.ledger"
"#;

struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new(extra: &str) -> Setup {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("ledger")).unwrap();
        std::fs::write(dir.path().join("p.toml"), format!("{PROFILE}{extra}")).unwrap();
        Setup { dir }
    }

    fn profile(&self) -> String {
        self.path("p.toml")
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_str().unwrap().to_string()
    }

    fn ledger(&self) -> PathBuf {
        self.dir.path().join("ledger/transfers.ledger")
    }

    fn write(&self, name: &str, text: impl AsRef<[u8]>) -> String {
        std::fs::write(self.dir.path().join(name), text).unwrap();
        self.path(name)
    }

    fn import(&self, files: &[&str]) -> std::process::Output {
        let profile = self.profile();
        let mut args = vec!["ledger", "import", profile.as_str()];
        args.extend_from_slice(files);
        run(&args)
    }

    fn import_ok(&self, files: &[&str]) {
        let output = self.import(files);
        assert!(
            output.status.success(),
            "import failed: {}",
            stderr(&output)
        );
    }

    fn counts(&self) -> Value {
        let packs = packs_dir();
        let output = run(&[
            "ledger",
            "counts",
            &self.profile(),
            "--format",
            "json",
            "--packs",
            packs.to_str().unwrap(),
        ]);
        assert!(
            output.status.success(),
            "counts failed: {}",
            stderr(&output)
        );
        serde_json::from_slice(&output.stdout).expect("counts print JSON")
    }

    fn eval(&self) -> (Value, String) {
        let packs = packs_dir();
        let output = run(&[
            "eval",
            &self.profile(),
            "--format",
            "json",
            "--packs",
            packs.to_str().unwrap(),
        ]);
        assert!(output.status.success(), "eval failed: {}", stderr(&output));
        (
            serde_json::from_slice(&output.stdout).expect("eval prints JSON"),
            stderr(&output),
        )
    }
}

const HEADER: &str = "date,person,export,sensitive,basis,recipient,route_used\n";

/// `n` transfers of persons `prefix{first..first+n}` to `export` on `date`.
fn rows(out: &mut String, date: &str, prefix: &str, first: u32, n: u32, export: &str, extra: &str) {
    let sensitive = !export.starts_with("staff");
    for i in first..first + n {
        writeln!(
            out,
            "{date},{prefix}{i},{export},{sensitive},{extra},Parent GmbH,scc"
        )
        .unwrap();
    }
}

fn export<'a>(counts: &'a Value, id: &str) -> &'a Value {
    counts["exports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("export {id} in {counts:#}"))
}

fn group<'a>(counts: &'a Value, zone: &str, key: &str) -> &'a Value {
    counts["zones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|z| z["zone"] == zone)
        .and_then(|z| {
            z["groups"]
                .as_array()
                .unwrap()
                .iter()
                .find(|g| g["key"] == key)
        })
        .unwrap_or_else(|| panic!("group {key} of {zone} in {counts:#}"))
}

/// 6,000 subjects in each trial, 3,000 of them in both: 9,000 distinct, under the 10,000 of
/// item 14. Added up per export they would make 12,000.
fn overlapping_trials() -> String {
    let mut csv = HEADER.to_string();
    rows(&mut csv, "2025-02-01", "S", 0, 6_000, "trial-a", "");
    rows(&mut csv, "2025-03-01", "S", 3_000, 6_000, "trial-b", "");
    // The same persons again later: more transfers, no more persons.
    rows(&mut csv, "2025-04-01", "S", 0, 1_000, "trial-a", "");
    csv
}

#[test]
fn a_person_in_two_exports_of_a_scenario_counts_once_and_decides_the_route() {
    let setup = Setup::new("");
    let file = setup.write("trials.csv", overlapping_trials());
    setup.import_ok(&[&file]);
    let counts = setup.counts();
    assert_eq!(export(&counts, "trial-a")["counted_persons"], 6_000);
    assert_eq!(export(&counts, "trial-a")["transfers"], 7_000);
    assert_eq!(export(&counts, "trial-b")["counted_persons"], 6_000);
    let scenario = group(&counts, "jiangsu", "scenario:trial-subject");
    assert_eq!(scenario["counted_persons"], 9_000);
    assert_eq!(scenario["transfers"], 13_000);
    assert_eq!(
        scenario["exports"],
        serde_json::json!(["trial-a", "trial-b"])
    );
    assert_eq!(
        group(&counts, "national", "sensitive")["counted_persons"],
        9_000
    );
    assert_eq!(counts["handler"]["sensitive"]["counted_persons"], 9_000);

    let (report, _) = setup.eval();
    let trial = zone_export(&report, "jiangsu", "trial-a");
    // 9,000 distinct: off the list (item 14 starts at 10,000); added up it would be item 14.
    assert_eq!(trial["route"], "exempt", "{trial:#}");
    assert_eq!(trial["counted_persons"], 9_000);
    assert_eq!(
        trial["next"],
        serde_json::json!({"route": "standard-contract-or-certification", "at_persons": 10000})
    );
    assert!(
        trial["notes"].to_string().contains("9,000 distinct"),
        "{trial:#}"
    );
    let national = zone_export(&report, "national", "trial-b");
    assert_eq!(national["route"], "standard-contract-or-certification");
    assert_eq!(national["counted_persons"], 9_000);
    assert_eq!(national["next"]["at_persons"], 10_000);
}

#[test]
fn per_scenario_groups_follow_the_pack_and_cross_scenario_is_a_setting() {
    // P0..P99 are trial subjects and, from later in the year, patients too; P100..P149 patients
    // only, first seen before.
    let mut csv = HEADER.to_string();
    rows(&mut csv, "2025-03-01", "P", 0, 100, "trial-a", "");
    rows(&mut csv, "2025-05-01", "P", 0, 150, "pv", "");
    for (setting, trial, patients) in [("count-in-each", 100, 150), ("count-once", 100, 50)] {
        let setup = Setup::new(&format!("cross_scenario = \"{setting}\"\n"));
        let file = setup.write("t.csv", &csv);
        setup.import_ok(&[&file]);
        let counts = setup.counts();
        assert_eq!(counts["cross_scenario"], setting);
        // The list counts per scenario: trial subjects and patients apart.
        let trial_group = group(&counts, "jiangsu", "scenario:trial-subject");
        assert_eq!(trial_group["counted_persons"], trial, "{setting}");
        assert_eq!(trial_group["scenario"], true);
        assert_eq!(
            group(&counts, "jiangsu", "scenario:patient")["counted_persons"],
            patients,
            "{setting}"
        );
        // The national regime counts the handler's sensitive persons together, each once,
        // whatever the setting.
        assert_eq!(
            group(&counts, "national", "sensitive")["counted_persons"],
            150
        );
        assert_eq!(group(&counts, "national", "sensitive")["scenario"], false);
    }
}

#[test]
fn excluded_transfers_are_reported_by_basis_and_cited_not_counted() {
    let setup = Setup::new("");
    let mut csv = HEADER.to_string();
    rows(
        &mut csv,
        "2025-01-10",
        "E",
        0,
        120,
        "staff",
        "cbdf-art-5-1-2",
    );
    rows(&mut csv, "2025-01-11", "F", 0, 30, "staff", "cbdf-art-4");
    // Small volume (Art. 5(1)(iv)) is counted.
    rows(
        &mut csv,
        "2025-01-12",
        "G",
        0,
        5,
        "trial-a",
        "cbdf-art-5-1-4",
    );
    let file = setup.write("t.csv", &csv);
    setup.import_ok(&[&file]);
    let counts = setup.counts();
    let staff = export(&counts, "staff");
    assert_eq!(staff["persons"], 150);
    assert_eq!(staff["counted_persons"], 0);
    assert_eq!(
        staff["excluded_persons"],
        serde_json::json!({"cbdf-art-4": 30, "cbdf-art-5-1-2": 120})
    );
    assert_eq!(
        staff["excluded_transfers"],
        serde_json::json!({"cbdf-art-4": 30, "cbdf-art-5-1-2": 120})
    );
    assert_eq!(export(&counts, "trial-a")["counted_persons"], 5);
    let (report, _) = setup.eval();
    let staff = zone_export(&report, "national", "staff");
    assert_eq!(staff["route"], "exempt");
    assert_eq!(
        staff["basis"],
        "CBDF Provisions Arts 3-6 (no counted persons)"
    );
    assert!(staff["notes"]
        .to_string()
        .contains("CBDF Provisions Arts 4 and 5(1)(ii)"));

    // Under one basis only, the article itself is cited.
    let setup = Setup::new("");
    let mut csv = HEADER.to_string();
    rows(
        &mut csv,
        "2025-01-10",
        "E",
        0,
        120,
        "staff",
        "cbdf-art-5-1-2",
    );
    let file = setup.write("t.csv", &csv);
    setup.import_ok(&[&file]);
    let (report, _) = setup.eval();
    for zone in ["jiangsu", "national"] {
        assert_eq!(
            zone_export(&report, zone, "staff")["basis"],
            "CBDF Provisions Art. 5(1)(ii)",
            "{zone}"
        );
    }
}

#[test]
fn the_window_runs_from_1_january_to_as_of() {
    let setup = Setup::new("");
    let mut csv = HEADER.to_string();
    rows(&mut csv, "2024-12-31", "L", 0, 40, "trial-a", ""); // last year
    rows(&mut csv, "2025-01-01", "J", 0, 10, "trial-a", ""); // first day
    rows(&mut csv, "2025-10-01", "K", 0, 7, "trial-a", ""); // as_of itself
    rows(&mut csv, "2025-10-02", "M", 0, 20, "trial-a", ""); // after as_of
    rows(&mut csv, "2025-10-02", "J", 0, 10, "trial-b", "");
    let file = setup.write("t.csv", &csv);
    setup.import_ok(&[&file]);
    let counts = setup.counts();
    assert_eq!(counts["from"], "2025-01-01");
    assert_eq!(counts["to"], "2025-10-01");
    let trial = export(&counts, "trial-a");
    assert_eq!(trial["counted_persons"], 17);
    assert_eq!(trial["transfers"], 17);
    assert_eq!(export(&counts, "trial-b")["counted_persons"], 0);
    // 7 new persons in the 30 days to as_of.
    let rate = trial["run_rate_per_day"].as_f64().unwrap();
    assert!((rate - 7.0 / 30.0).abs() < 1e-9, "{rate}");
}

#[test]
fn sensitive_and_non_sensitive_persons_are_counted_apart() {
    let setup = Setup::new("");
    let mut csv = HEADER.to_string();
    // The same 50 people in a sensitive and a non-sensitive export.
    rows(&mut csv, "2025-02-01", "X", 0, 50, "pv", "");
    rows(&mut csv, "2025-02-01", "X", 0, 50, "staff", "");
    rows(&mut csv, "2025-02-01", "Y", 0, 20, "staff", "");
    let file = setup.write("t.csv", &csv);
    setup.import_ok(&[&file]);
    let counts = setup.counts();
    assert_eq!(counts["handler"]["sensitive"]["counted_persons"], 50);
    assert_eq!(counts["handler"]["non_sensitive"]["counted_persons"], 70);
    assert_eq!(
        group(&counts, "national", "non-sensitive")["counted_persons"],
        70
    );
    // A transfer that contradicts its export's sensitivity is refused.
    let bad = setup.write("bad.csv", format!("{HEADER}2025-03-01,Z,staff,true,,,\n"));
    let output = setup.import(&[&bad]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains(":2:"), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("field `sensitive`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn eval_warns_when_stated_persons_disagree_and_projects_crossings() {
    let setup = Setup::new("");
    // The profile still states a number for trial-a.
    let profile = std::fs::read_to_string(setup.profile()).unwrap().replacen(
        "sensitive = true\n",
        "sensitive = true\npersons = 5000\n",
        1,
    );
    std::fs::write(setup.profile(), profile).unwrap();
    let mut csv = HEADER.to_string();
    // 300 a day through September: 9,000 by 30 September, 9,300 on as_of.
    for day in 0..31u32 {
        let date = time_date(2025, 9, 1) + day;
        rows(
            &mut csv,
            &date_text(date),
            &format!("D{day}-"),
            0,
            300,
            "trial-a",
            "",
        );
    }
    let file = setup.write("t.csv", &csv);
    setup.import_ok(&[&file]);
    let (report, warnings) = setup.eval();
    assert!(
        warnings.contains("export `trial-a` states persons = 5,000")
            && warnings.contains("ledger holds 9,300 persons"),
        "{warnings}"
    );
    assert!(zone_export(&report, "jiangsu", "trial-a")["notes"]
        .to_string()
        .contains("states persons = 5,000"));
    let ledger = &report["ledger"];
    let group = group(ledger, "jiangsu", "scenario:trial-subject");
    assert_eq!(group["counted_persons"], 9_300);
    // 300 a day over the last 30 days: 10,000 is 700 away, 3 days on.
    assert!((group["run_rate_per_day"].as_f64().unwrap() - 300.0).abs() < 1e-9);
    assert_eq!(
        group["next"],
        serde_json::json!({"route": "standard-contract-or-certification", "at_persons": 10000,
            "crossing": {"when": "on", "date": "2025-10-04"}})
    );
    let years: Vec<i64> = ledger["projection"]["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, [2025, 2026, 2027, 2028]);
    // 9,300 + 300 a day for the 91 days to 31 December.
    assert_eq!(
        ledger["projection"]["years"][0]["sensitive"],
        9_300 + 300 * 91
    );
}

/// A date in a year, as days since 1 January (for simple arithmetic in tests).
fn time_date(year: i32, month: u32, day: u32) -> u32 {
    let days_before = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    assert_eq!(year, 2025);
    days_before[month as usize - 1] + day - 1
}

fn date_text(ordinal: u32) -> String {
    let months = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut day = ordinal;
    for (index, length) in months.iter().enumerate() {
        if day < *length {
            return format!("2025-{:02}-{:02}", index + 1, day + 1);
        }
        day -= length;
    }
    panic!("past 2025")
}

fn counts_text(setup: &Setup) -> String {
    setup.counts().to_string()
}

#[test]
fn bad_input_names_file_line_and_field_and_imports_nothing() {
    let setup = Setup::new("");
    let good = setup.write("good.csv", overlapping_trials());
    setup.import_ok(&[&good]);
    let before = counts_text(&setup);
    let ledger_bytes = std::fs::read(setup.ledger()).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "date.csv",
            format!("{HEADER}2025-01-02,A,trial-a,true,,,\n2025-02-30,B,trial-a,true,,,\n")
                .into_bytes(),
            "date.csv:3:1: field `date`: `2025-02-30` is not a date",
        ),
        (
            "export.csv",
            format!("{HEADER}2025-01-02,A,trial-c,true,,,\n").into_bytes(),
            "export.csv:2:14: field `export`: unknown export `trial-c`",
        ),
        (
            "general.csv",
            format!("{HEADER}2025-01-02,A,batch-records,false,,,\n").into_bytes(),
            "field `export`: export `batch-records` is of kind `general`",
        ),
        (
            "person.csv",
            format!("{HEADER}2025-01-02,  ,trial-a,true,,,\n").into_bytes(),
            "person.csv:2:12: field `person`: the person is empty",
        ),
        (
            "latin1.csv",
            [HEADER.as_bytes(), b"2025-01-02,M\xfcller,trial-a,true,,,\n"].concat(),
            "latin1.csv:2:12: field `person`: not UTF-8 text",
        ),
        (
            "basis.jsonl",
            b"{\"date\":\"2025-01-02\",\"person\":\"A\",\"export\":\"trial-a\",\"sensitive\":true,\"basis\":\"art-4\"}\n".to_vec(),
            "basis.jsonl:1:",
        ),
    ];
    for (name, text, says) in cases {
        // The bad line comes after good ones in a second file: nothing of either is imported.
        let first = setup.write(
            &format!("ok-{name}.csv"),
            format!("{HEADER}2025-01-03,NEW,pv,true,,,\n"),
        );
        let bad = setup.write(name, text);
        let output = setup.import(&[&first, &bad]);
        assert_eq!(output.status.code(), Some(2), "{name}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(says),
            "{name}: {}",
            stderr(&output)
        );
        assert_eq!(counts_text(&setup), before, "{name} changed the counts");
    }
    // A 100 MB line is refused at the limit, without reading it all.
    let huge = setup.dir.path().join("huge.csv");
    {
        use std::io::Write;
        let mut file = std::io::BufWriter::new(std::fs::File::create(&huge).unwrap());
        file.write_all(HEADER.as_bytes()).unwrap();
        file.write_all(b"2025-01-02,").unwrap();
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..100 {
            file.write_all(&chunk).unwrap();
        }
        file.write_all(b",trial-a,true,,,\n").unwrap();
    }
    let output = setup.import(&[huge.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("huge.csv:2:1: line 2 is longer than 64 KiB"),
        "{}",
        stderr(&output)
    );
    std::fs::remove_file(&huge).unwrap();
    // The same file again is refused, by its content.
    let copy = setup.write("copy-of-good.csv", std::fs::read(&good).unwrap());
    let output = setup.import(&[&copy]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("already imported"),
        "{}",
        stderr(&output)
    );
    assert_eq!(counts_text(&setup), before);
    assert_eq!(
        std::fs::read(setup.ledger()).unwrap(),
        ledger_bytes,
        "not a byte changed"
    );
}

#[cfg(unix)]
#[test]
fn the_key_is_private_and_the_ledger_holds_no_identifier() {
    use std::os::unix::fs::PermissionsExt;
    let setup = Setup::new("");
    let file = setup.write(
        "t.csv",
        format!("{HEADER}2025-01-02,ID-4711-SECRET,trial-a,true,,,\n"),
    );
    let output = setup.import(&[&file]);
    assert!(stdout(&output).contains("created the ledger's key"));
    let key = PathBuf::from(format!("{}.key", setup.ledger().display()));
    assert_eq!(
        std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let bytes = std::fs::read(setup.ledger()).unwrap();
    assert!(
        !bytes.windows(14).any(|w| w == b"ID-4711-SECRET"),
        "the raw identifier is not in the ledger"
    );
    // A key others can read is refused, as pack files are.
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let next = setup.write("u.csv", format!("{HEADER}2025-01-03,B,trial-a,true,,,\n"));
    let output = setup.import(&[&next]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("chmod 600"), "{}", stderr(&output));
    // Counting needs no key: the ledger can go to an auditor alone.
    std::fs::remove_file(&key).unwrap();
    assert_eq!(export(&setup.counts(), "trial-a")["counted_persons"], 1);
    let output = setup.import(&[&next]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("key file is missing"),
        "{}",
        stderr(&output)
    );
}

#[cfg(unix)]
#[test]
fn an_import_killed_midway_leaves_the_ledger_as_it_was() {
    let setup = Setup::new("");
    let good = setup.write("good.csv", overlapping_trials());
    setup.import_ok(&[&good]);
    let before = counts_text(&setup);
    let mut big = HEADER.to_string();
    rows(&mut big, "2025-06-01", "BIG", 0, 150_000, "pv", "");
    let big = setup.write("big.csv", big);
    // The write-ahead log: an import's pages go there, then back into the ledger file.
    let log = PathBuf::from(format!("{}-wal", setup.ledger().display()));
    let mut killed = false;
    for _attempt in 0..5 {
        let profile = setup.profile();
        let mut child = ftzroute()
            .args(["ledger", "import", &profile, &big])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Kill it while it writes (pages leaving the cache for the log, the commit, or the
        // log going back into the ledger file): the hardest moments, with files half written.
        let size_before = std::fs::metadata(setup.ledger()).unwrap().len();
        let start = std::time::Instant::now();
        let writing = || {
            std::fs::metadata(&log).is_ok_and(|m| m.len() > 32)
                || std::fs::metadata(setup.ledger()).is_ok_and(|m| m.len() != size_before)
        };
        while !writing() && start.elapsed() < std::time::Duration::from_secs(120) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
        // SAFETY: kill sends a signal to the child we started.
        unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
        let status = child.wait().unwrap();
        use std::os::unix::process::ExitStatusExt;
        if status.signal() == Some(libc::SIGKILL) {
            killed = true;
            break;
        }
    }
    assert!(killed);
    // All or nothing: killed before its commit it left nothing, and the same file imports in
    // full afterwards; killed after (while the log goes back into the file) it is all there.
    let after = counts_text(&setup);
    assert!(
        !log.exists(),
        "the next open recovered the log, and its close removed it"
    );
    if after == before {
        setup.import_ok(&[&big]);
    } else {
        let again = setup.import(&[&big]);
        assert!(stderr(&again).contains("already imported"), "{after}");
    }
    assert_eq!(export(&setup.counts(), "pv")["counted_persons"], 150_000);
}

#[test]
fn without_a_ledger_in_the_profile_the_commands_say_how_to_add_one() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p.toml");
    std::fs::write(
        &profile,
        PROFILE
            .replace("[ledger]\npath = \"ledger/transfers.ledger\"\n", "")
            .replace("sensitive = true\n", "sensitive = true\npersons = 1\n")
            .replace("sensitive = false\n", "sensitive = false\npersons = 1\n"),
    )
    .unwrap();
    let output = run(&["ledger", "counts", profile.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("[ledger]"), "{}", stderr(&output));
    // A profile naming a ledger that is not there yet.
    let setup = Setup::new("");
    let output = run(&["ledger", "counts", &setup.profile()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no ledger there yet"),
        "{}",
        stderr(&output)
    );
    let _ = Path::new("");
}

#[test]
fn importing_in_one_go_or_file_by_file_counts_the_same() {
    // Overlapping persons across files, an earlier date arriving later, exclusions and two years.
    let mut first = HEADER.to_string();
    rows(&mut first, "2025-05-01", "Q", 0, 300, "trial-a", "");
    rows(&mut first, "2024-05-01", "Q", 0, 50, "trial-a", "");
    rows(
        &mut first,
        "2025-05-02",
        "R",
        0,
        100,
        "staff",
        "cbdf-art-5-1-2",
    );
    let mut second = HEADER.to_string();
    rows(&mut second, "2025-02-01", "Q", 100, 300, "trial-a", "");
    rows(&mut second, "2025-06-01", "Q", 250, 100, "pv", "");
    rows(&mut second, "2025-06-02", "R", 50, 100, "staff", "");
    let together = Setup::new("");
    let (a, b) = (
        together.write("a.csv", &first),
        together.write("b.csv", &second),
    );
    together.import_ok(&[&a, &b]);
    let apart = Setup::new("");
    let (a, b) = (apart.write("a.csv", &first), apart.write("b.csv", &second));
    apart.import_ok(&[&a]);
    apart.import_ok(&[&b]);
    let (mut one, mut two) = (together.counts(), apart.counts());
    for counts in [&mut one, &mut two] {
        counts["ledger"] = Value::Null;
        counts["imports"] = Value::Null;
    }
    assert_eq!(one, two);
    assert_eq!(export(&one, "trial-a")["counted_persons"], 400);
    assert_eq!(export(&one, "staff")["counted_persons"], 100);
    assert_eq!(export(&one, "staff")["persons"], 150);
    // The patients Q250..Q349 are all trial subjects too: the sensitive total stays 400.
    assert_eq!(export(&one, "pv")["counted_persons"], 100);
    assert_eq!(group(&one, "national", "sensitive")["counted_persons"], 400);
}

#[test]
fn a_projected_crossing_into_a_security_assessment_gives_the_dates_to_prepare_it() {
    let packs = packs_dir();
    let output = run(&[
        "ledger",
        "counts",
        &example("suzhou-biologics-ledger.toml"),
        "--format",
        "json",
        "--packs",
        packs.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let counts: Value = serde_json::from_slice(&output.stdout).unwrap();
    let next = &group(&counts, "national", "sensitive")["next"];
    assert_eq!(next["route"], "security-assessment");
    assert_eq!(next["crossing"]["when"], "on");
    let crossing = next["crossing"]["date"].as_str().unwrap();
    let prepare = &next["prepare_assessment"];
    // Filed the day before the projected crossing at the latest; the self-assessment within the
    // 3 months before that.
    let prepare_by = ymd(prepare["prepare_by"].as_str().unwrap());
    assert_eq!(day_number(prepare_by) + 1, day_number(ymd(crossing)));
    let from = ymd(prepare["self_assessment_from"].as_str().unwrap());
    let months_apart = (prepare_by.0 - from.0) * 12 + prepare_by.1 as i64 - from.1 as i64;
    assert_eq!(months_apart, 3, "{from:?} to {prepare_by:?}");
    assert!(
        from.2 == prepare_by.2 || prepare_by.2 > 28,
        "the corresponding day"
    );
    // A next route that is no assessment has none.
    let general = &group(&counts, "national", "non-sensitive")["next"];
    assert!(general.get("prepare_assessment").is_none(), "{general}");
    let text = stdout(&run(&[
        "ledger",
        "counts",
        &example("suzhou-biologics-ledger.toml"),
        "--packs",
        packs.to_str().unwrap(),
    ]));
    assert!(
        text.contains(&format!(
            "sensitive: prepare the security assessment by {}",
            prepare["prepare_by"].as_str().unwrap()
        )),
        "{text}"
    );
}

/// `(year, month, day)` of a `YYYY-MM-DD` date.
fn ymd(text: &str) -> (i64, u32, u32) {
    let parts: Vec<&str> = text.split('-').collect();
    (
        parts[0].parse().unwrap(),
        parts[1].parse().unwrap(),
        parts[2].parse().unwrap(),
    )
}

/// Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days inverse).
fn day_number((year, month, day): (i64, u32, u32)) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month as i64 + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day as i64 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}
