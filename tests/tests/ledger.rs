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
            "latin1.csv:2:12: field `person`: not UTF-8 (byte 68); save the file as UTF-8",
        ),
        (
            "gbk.csv",
            [HEADER.as_bytes(), b"2025-01-02,\xd5\xc5\xc8\xfd,trial-a,true,,,\n"].concat(),
            "gbk.csv:2:12: field `person`: not UTF-8 (byte 67): it looks like GB18030",
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

/// Runs a command to its end, failing the test if it takes longer than `limit` (it is then
/// ended): for commands that once hung.
fn output_within(
    command: &mut std::process::Command,
    limit: std::time::Duration,
) -> std::process::Output {
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{command:?} did not end within {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// The process holding the write lock of a ledger in write-ahead-log mode, if one does: the
/// lock is byte 120 of `<ledger>-shm` (SQLite's documented WAL-index lock layout), held with a
/// POSIX record lock for the whole of a write transaction.
#[cfg(unix)]
fn ledger_writer(ledger: &Path) -> Option<u32> {
    use std::os::unix::io::AsRawFd;
    let shm = std::fs::File::open(format!("{}-shm", ledger.display())).ok()?;
    // SAFETY: a zeroed flock is a valid value; F_GETLK only reads and fills it.
    let mut lock: libc::flock = unsafe { std::mem::zeroed() };
    lock.l_type = libc::F_WRLCK as _;
    lock.l_whence = libc::SEEK_SET as _;
    lock.l_start = 120;
    lock.l_len = 1;
    // SAFETY: a valid descriptor and a valid flock.
    let done = unsafe { libc::fcntl(shm.as_raw_fd(), libc::F_GETLK, &mut lock) };
    (done == 0 && i32::from(lock.l_type) != libc::F_UNLCK).then_some(lock.l_pid as u32)
}

#[cfg(unix)]
#[test]
fn readers_see_the_last_commit_while_an_import_runs_and_a_second_import_waits() {
    let setup = Setup::new("");
    let base = setup.write("base.csv", overlapping_trials());
    setup.import_ok(&[&base]);
    let before = counts_text(&setup);
    let before_trial_a = export(&setup.counts(), "trial-a")["counted_persons"].clone();
    let mut big = HEADER.to_string();
    rows(&mut big, "2025-06-01", "BIG", 0, 400_000, "pv", "");
    let big = setup.write("big.csv", big);
    let mut late = HEADER.to_string();
    rows(&mut late, "2025-01-05", "LATE", 0, 10, "trial-a", "");
    let late = setup.write("late.csv", late);
    let profile = setup.profile();
    let spawn = |file: &str| {
        ftzroute()
            .args(["ledger", "import", &profile, file])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let mut first = spawn(&big);
    // Until the first import holds the write lock (seen twice, so it is its import and not a
    // moment of opening).
    let start = std::time::Instant::now();
    let mut seen = 0;
    while seen < 2 {
        assert!(
            first.try_wait().unwrap().is_none(),
            "the import ended before it was seen writing"
        );
        assert!(start.elapsed() < std::time::Duration::from_secs(120));
        if ledger_writer(&setup.ledger()) == Some(first.id()) {
            seen += 1;
        }
        std::thread::sleep(std::time::Duration::from_millis(150));
    }
    let second = spawn(&late);
    // Readers are not held up: each sees the ledger as last committed, at once.
    let mut read_while_writing = 0;
    for _ in 0..3 {
        if ledger_writer(&setup.ledger()) != Some(first.id()) {
            break;
        }
        let output = output_within(
            ftzroute().args([
                "ledger",
                "counts",
                &profile,
                "--format",
                "json",
                "--packs",
                packs_dir().to_str().unwrap(),
            ]),
            std::time::Duration::from_secs(60),
        );
        assert!(output.status.success(), "{}", stderr(&output));
        let still_writing = ledger_writer(&setup.ledger()) == Some(first.id());
        if still_writing {
            let counts: Value = serde_json::from_slice(&output.stdout).unwrap();
            assert_eq!(counts.to_string(), before, "the last committed state");
            read_while_writing += 1;
        }
    }
    assert!(
        read_while_writing > 0,
        "no reading overlapped the import: make the import larger"
    );
    let first = first.wait_with_output().unwrap();
    assert!(first.status.success(), "{}", stderr(&first));
    let second = second.wait_with_output().unwrap();
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(
        stderr(&second)
            .contains("another import is writing the ledger; this one starts when it ends"),
        "the second import says it waits: {}",
        stderr(&second)
    );
    let counts = setup.counts();
    assert_eq!(export(&counts, "pv")["counted_persons"], 400_000);
    assert_eq!(
        export(&counts, "trial-a")["counted_persons"],
        before_trial_a.as_u64().unwrap() + 10
    );
}

#[test]
fn two_first_imports_at_once_make_one_ledger_and_one_key() {
    for trial in 0..6 {
        let setup = Setup::new("");
        let mut one = HEADER.to_string();
        rows(&mut one, "2025-01-02", "ONE", 0, 500, "trial-a", "");
        let mut two = HEADER.to_string();
        rows(&mut two, "2025-01-03", "TWO", 0, 700, "trial-a", "");
        let (one, two) = (setup.write("one.csv", one), setup.write("two.csv", two));
        let profile = setup.profile();
        let children: Vec<_> = [&one, &two]
            .into_iter()
            .map(|file| {
                ftzroute()
                    .args(["ledger", "import", &profile, file])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let outputs: Vec<_> = children
            .into_iter()
            .map(|child| child.wait_with_output().unwrap())
            .collect();
        for output in &outputs {
            assert!(output.status.success(), "trial {trial}: {}", stderr(output));
        }
        let created = outputs
            .iter()
            .filter(|o| stdout(o).contains("created the ledger's key"))
            .count();
        assert_eq!(created, 1, "trial {trial}: one of them made the key");
        let counts = setup.counts();
        assert_eq!(export(&counts, "trial-a")["counted_persons"], 1_200);
        assert_eq!(counts["imports"], 2, "{counts}");
        // Both hashed with the one key: a third import matches the persons of both.
        let mut three = HEADER.to_string();
        rows(&mut three, "2025-01-04", "ONE", 0, 500, "trial-a", "");
        rows(&mut three, "2025-01-04", "TWO", 0, 700, "trial-a", "");
        let three = setup.write("three.csv", three);
        setup.import_ok(&[&three]);
        assert_eq!(export(&setup.counts(), "trial-a")["counted_persons"], 1_200);
    }
}

#[cfg(unix)]
#[test]
fn a_ledger_path_that_is_not_a_regular_file_is_refused_at_once_by_name() {
    let setup = Setup::new("");
    let file = setup.write("t.csv", format!("{HEADER}2025-01-02,A,trial-a,true,,,\n"));
    let ledger = setup.ledger();
    let key = PathBuf::from(format!("{}.key", ledger.display()));
    let limit = std::time::Duration::from_secs(30);
    let packs = packs_dir();
    let commands = |profile: &str| -> Vec<Vec<String>> {
        let packs = packs.display().to_string();
        vec![
            vec![
                "ledger".into(),
                "import".into(),
                profile.into(),
                file.clone(),
            ],
            vec![
                "ledger".into(),
                "counts".into(),
                profile.into(),
                "--packs".into(),
                packs.clone(),
            ],
            vec!["eval".into(), profile.into(), "--packs".into(), packs],
        ]
    };
    type Make<'a> = &'a dyn Fn(&Path);
    let kinds: [(&str, Make); 3] = [
        ("a named pipe (FIFO)", &|path| {
            let name = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
            // SAFETY: a valid NUL-terminated path.
            assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        }),
        ("a directory", &|path| std::fs::create_dir(path).unwrap()),
        ("a character device", &|path| {
            std::os::unix::fs::symlink("/dev/null", path).unwrap()
        }),
    ];
    for (kind, make) in kinds {
        make(&ledger);
        for args in commands(&setup.profile()) {
            let output = output_within(ftzroute().args(&args), limit);
            let message = stderr(&output);
            assert_eq!(output.status.code(), Some(2), "{kind}: {args:?}: {message}");
            assert!(
                message.contains(&format!(
                    "{}: this is {kind}, not a ledger",
                    ledger.display()
                )),
                "{kind}: {args:?}: {message}"
            );
            assert!(!key.exists(), "{kind}: {args:?}: no key is made for it");
        }
        let _ = std::fs::remove_file(&ledger);
        let _ = std::fs::remove_dir(&ledger);
    }
    // /dev/null itself, read by the commands that only read.
    let profile = setup.write(
        "null.toml",
        std::fs::read_to_string(setup.profile())
            .unwrap()
            .replace("ledger/transfers.ledger", "/dev/null"),
    );
    for args in commands(&profile).into_iter().skip(1) {
        let output = output_within(ftzroute().args(&args), limit);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("/dev/null: this is a character device, not a ledger"),
            "{}",
            stderr(&output)
        );
    }
    // A key path that is a directory is called one (not given a mode), and nothing is made.
    std::fs::create_dir(&key).unwrap();
    let output = setup.import(&[&file]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{message}");
    assert!(
        message.contains(&format!(
            "{}: this is a directory, not a ledger key",
            key.display()
        )),
        "{message}"
    );
    assert!(!message.contains("mode"), "{message}");
    assert!(!ledger.exists(), "no ledger was created");
}

/// A file system of `size` (a tmpfs) mounted over a fresh directory, unmounted when dropped;
/// `None` when this process may not mount (not root, or in a container that forbids it).
struct TinyDisk {
    dir: tempfile::TempDir,
}

impl TinyDisk {
    fn mount(size: &str) -> Option<TinyDisk> {
        let dir = tempfile::tempdir().unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then_some(TinyDisk { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Fills the disk to the last byte with one file, which is returned.
    fn fill(&self) -> PathBuf {
        use std::io::Write;
        let filler = self.path().join("filler");
        let mut file = std::fs::File::create(&filler).unwrap();
        let block = vec![0u8; 4096];
        while file.write_all(&block).is_ok() {}
        while file.write_all(&[0]).is_ok() {}
        filler
    }

    fn resize(&self, size: &str) {
        let status = std::process::Command::new("mount")
            .args(["-o", &format!("remount,size={size}")])
            .arg(self.path())
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.dir.path())
            .status();
    }
}

#[cfg(unix)]
#[test]
fn a_full_disk_leaves_no_key_and_no_half_import() {
    let Some(disk) = TinyDisk::mount("1m") else {
        eprintln!("skipped: a small file system cannot be mounted here (needs root)");
        return;
    };
    let setup = Setup::new("");
    let ledger = disk.path().join("t.ledger");
    let profile = setup.write(
        "disk.toml",
        std::fs::read_to_string(setup.profile())
            .unwrap()
            .replace("ledger/transfers.ledger", ledger.to_str().unwrap()),
    );
    let import = |file: &str| run(&["ledger", "import", &profile, file]);
    let file = setup.write("t.csv", overlapping_trials());
    // No room even for the key: nothing of it is left, and the exit code says why.
    let filler = disk.fill();
    let output = import(&file);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(6), "{message}");
    assert!(message.contains("free some space"), "{message}");
    let key = PathBuf::from(format!("{}.key", ledger.display()));
    assert!(!key.exists(), "no key, not even an empty one");
    let left: Vec<String> = std::fs::read_dir(disk.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".key"))
        .collect();
    assert!(left.is_empty(), "no temporary key file left: {left:?}");
    // With room again, the import works.
    std::fs::remove_file(&filler).unwrap();
    let output = import(&file);
    assert!(output.status.success(), "{}", stderr(&output));
    let counts = |profile: &str| {
        let output = run(&[
            "ledger",
            "counts",
            profile,
            "--format",
            "json",
            "--packs",
            packs_dir().to_str().unwrap(),
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        String::from_utf8(output.stdout).unwrap()
    };
    let before = counts(&profile);
    // An import that does not fit stops with the same code and leaves the ledger as it was.
    let mut big = HEADER.to_string();
    rows(&mut big, "2025-06-01", "BIG", 0, 200_000, "pv", "");
    let big = setup.write("big.csv", big);
    let output = import(&big);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(6), "{message}");
    assert!(message.contains("the disk is full"), "{message}");
    assert_eq!(counts(&profile), before, "nothing of it was kept");
    // And once there is room it imports whole (it was never recorded).
    disk.resize("64m");
    let output = import(&big);
    assert!(output.status.success(), "{}", stderr(&output));
    let counts: Value = serde_json::from_str(&counts(&profile)).unwrap();
    assert_eq!(export(&counts, "pv")["counted_persons"], 200_000);
}

#[test]
fn an_empty_key_says_so_and_how_to_recover() {
    let setup = Setup::new("");
    let file = setup.write("t.csv", format!("{HEADER}2025-01-02,A,trial-a,true,,,\n"));
    let key = PathBuf::from(format!("{}.key", setup.ledger().display()));
    // What a version that wrote the key in place left on a full disk.
    std::fs::write(&key, "").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let output = setup.import(&[&file]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{message}");
    assert!(message.contains("the ledger key is empty"), "{message}");
    assert!(
        message.contains(&format!("remove {} and import again", key.display())),
        "{message}"
    );
    std::fs::remove_file(&key).unwrap();
    setup.import_ok(&[&file]);
}

/// Overwrites page `page` (counted from 1) of a ledger with noise.
fn damage_page(ledger: &Path, page: u64) {
    use std::io::{Seek, SeekFrom, Write};
    // SQLite's default page size, which the ledger keeps.
    const PAGE: u64 = 4096;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(ledger)
        .unwrap();
    file.seek(SeekFrom::Start((page - 1) * PAGE)).unwrap();
    file.write_all(&[0xa5; PAGE as usize]).unwrap();
}

#[test]
fn a_damaged_ledger_is_found_and_has_its_own_exit_code() {
    let setup = Setup::new("");
    let mut many = HEADER.to_string();
    rows(&mut many, "2025-03-01", "M", 0, 60_000, "pv", "");
    let many = setup.write("many.csv", many);
    setup.import_ok(&[&many]);
    let check = || run(&["ledger", "check", &setup.profile()]);
    let output = check();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("no damage found"),
        "{}",
        stdout(&output)
    );
    let packs = packs_dir().display().to_string();
    let counts = || run(&["ledger", "counts", &setup.profile(), "--packs", &packs]);
    assert!(counts().status.success());

    // A page in the middle (transfers or persons, which counting does not read): counting is
    // unaffected, `ledger check` finds it.
    let pages = std::fs::metadata(setup.ledger()).unwrap().len() / 4096;
    damage_page(&setup.ledger(), pages / 2);
    let output = check();
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(5), "{message}");
    let damaged = format!("{}: the ledger is damaged", setup.ledger().display());
    assert!(message.contains(&damaged), "{message}");
    assert!(message.contains("restore it from a backup"), "{message}");

    // The first table's page (`meta`, which every reading opens with): counting, `eval` and an
    // import stop at once, with the same code.
    damage_page(&setup.ledger(), 2);
    let more = setup.write("more.csv", format!("{HEADER}2025-03-02,N1,pv,true,,,\n"));
    for output in [
        counts(),
        run(&["eval", &setup.profile(), "--packs", &packs]),
        setup.import(&[&more]),
    ] {
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(5), "{message}");
        assert!(message.contains(&damaged), "{message}");
        assert!(output.stdout.is_empty(), "nothing is printed but the error");
    }
}

#[cfg(unix)]
#[test]
fn a_ledger_held_past_the_readers_wait_exits_busy() {
    use std::os::unix::io::AsRawFd;
    let setup = Setup::new("");
    let file = setup.write("t.csv", format!("{HEADER}2025-01-02,A,trial-a,true,,,\n"));
    setup.import_ok(&[&file]);
    // Hold SQLite's lock bytes of the file as a writer would that never lets go (the range
    // its file locks take, from the pending byte at 1 GiB on).
    let held = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(setup.ledger())
        .unwrap();
    // SAFETY: a zeroed flock is a valid value.
    let mut lock: libc::flock = unsafe { std::mem::zeroed() };
    lock.l_type = libc::F_WRLCK as _;
    lock.l_whence = libc::SEEK_SET as _;
    lock.l_start = 0x4000_0000;
    lock.l_len = 512;
    // SAFETY: a valid descriptor and flock.
    assert_eq!(
        unsafe { libc::fcntl(held.as_raw_fd(), libc::F_SETLK, &lock) },
        0
    );
    let output = output_within(
        ftzroute().args([
            "ledger",
            "counts",
            &setup.profile(),
            "--packs",
            packs_dir().to_str().unwrap(),
        ]),
        std::time::Duration::from_secs(60),
    );
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(4), "{message}");
    assert!(
        message.contains(&format!(
            "{}: the ledger is held by another process",
            setup.ledger().display()
        )),
        "{message}"
    );
    drop(held);
    assert_eq!(export(&setup.counts(), "trial-a")["counted_persons"], 1);
}

#[test]
fn control_characters_in_a_person_are_refused_and_a_byte_order_mark_is_read_in_both_formats() {
    let setup = Setup::new("");
    let csv = setup.write(
        "nul.csv",
        format!("{HEADER}2025-01-02,A,trial-a,true,,,\n2025-01-02,P\u{0}1,trial-a,true,,,\n"),
    );
    let jsonl = setup.write(
        "nul.jsonl",
        "{\"date\":\"2025-01-02\",\"person\":\"P\\u00001\",\"export\":\"trial-a\",\"sensitive\":true}\n",
    );
    for (file, place) in [(&csv, "nul.csv:3:"), (&jsonl, "nul.jsonl:1:")] {
        let output = setup.import(&[file]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{message}");
        assert!(message.contains(place), "{place}: {message}");
        assert!(message.contains("person"), "{message}");
        assert!(message.contains("control character U+0000"), "{message}");
    }
    assert!(!setup.ledger().exists() || export(&setup.counts(), "trial-a")["counted_persons"] == 0);
    let line =
        "{\"date\":\"2025-01-02\",\"person\":\"B1\",\"export\":\"trial-a\",\"sensitive\":true}\n";
    let named = setup.write("bom.jsonl", format!("\u{feff}{line}"));
    // Without a telling name, the format is told by the first character after the mark.
    let unnamed = setup.write("bom.txt", format!("\u{feff}{}", line.replace("B1", "B2")));
    let csv = setup.write(
        "bom.csv",
        format!("\u{feff}{HEADER}2025-01-02,B3,trial-a,true,,,\n"),
    );
    setup.import_ok(&[&named, &unnamed, &csv]);
    assert_eq!(export(&setup.counts(), "trial-a")["counted_persons"], 3);
}

#[test]
fn a_pack_timeout_out_of_range_says_the_range() {
    for value in ["99999999999999999999", "0", "-1", "inf", "NaN"] {
        let output = run(&[
            "eval",
            &example("suzhou-biologics.toml"),
            &format!("--pack-timeout={value}"),
        ]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{value}: {message}");
        assert!(message.contains(value), "{value}: {message}");
        assert!(
            message.contains("more than 0 and at most 86400"),
            "{value}: {message}"
        );
    }
    let output = run(&[
        "eval",
        &example("suzhou-biologics.toml"),
        "--pack-timeout",
        "0.5",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[cfg(unix)]
#[test]
fn a_ledger_the_reader_may_not_write_is_read_as_it_is() {
    // Reading as another user needs root (to become that user) and setpriv.
    // SAFETY: no preconditions.
    let as_nobody_works = unsafe { libc::geteuid() } == 0
        && std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "true"])
            .status()
            .is_ok_and(|s| s.success());
    if !as_nobody_works {
        eprintln!("skipped: cannot run a command as another user here (needs root and setpriv)");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let setup = Setup::new("");
    let file = setup.write("t.csv", overlapping_trials());
    setup.import_ok(&[&file]);
    let expected = counts_text(&setup);
    // Readable by all, writable by its owner only: the ledger, its directory, the profile.
    for path in [setup.dir.path(), &setup.dir.path().join("ledger")] {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let output = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(binary())
        .args([
            "ledger",
            "counts",
            &setup.profile(),
            "--format",
            "json",
            "--packs",
            packs_dir().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let counts: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(counts.to_string(), expected);
}

/// The bundled example ledger was made by a version that kept a table row per transfer and per
/// person (format 1): it is counted as it is, and the first import into it upgrades it, says so
/// once, and matches its new transfers to the persons already there.
#[test]
fn a_ledger_of_the_first_format_is_counted_and_upgraded_by_its_next_import() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "suzhou-biologics-ledger.toml",
        "suzhou-biologics.ledger",
        "suzhou-biologics.ledger.key",
    ] {
        std::fs::copy(example(name), dir.path().join(name)).unwrap();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key = dir.path().join("suzhou-biologics.ledger.key");
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let profile = dir.path().join("suzhou-biologics-ledger.toml");
    let profile = profile.to_str().unwrap();
    let packs = packs_dir().display().to_string();
    let trial_subjects = || {
        let output = run(&[
            "ledger", "counts", profile, "--format", "json", "--packs", &packs,
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        let counts: Value = serde_json::from_slice(&output.stdout).unwrap();
        export(&counts, "trial-subjects")["persons"]
            .as_u64()
            .unwrap()
    };
    let bundled = std::fs::read(example("suzhou-biologics.ledger")).unwrap();
    let before = trial_subjects();
    assert_eq!(
        std::fs::read(dir.path().join("suzhou-biologics.ledger")).unwrap(),
        bundled,
        "counting leaves the ledger as it is"
    );

    let import = |name: &str, text: &str| {
        let file = dir.path().join(name);
        std::fs::write(&file, format!("date,person,export,sensitive\n{text}")).unwrap();
        let output = run(&["ledger", "import", profile, file.to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
    };
    // L0000 is in the ledger already (a transfer in December 2024), NEW-1 is not.
    let said = import(
        "first.csv",
        "2025-06-01,L0000,trial-subjects,true\n2025-06-01,NEW-1,trial-subjects,true\n",
    );
    assert!(
        said.contains("upgraded") && said.contains("format 2"),
        "{said}"
    );
    let after_first = trial_subjects();
    assert!(
        (before + 1..=before + 2).contains(&after_first),
        "{before} then {after_first}"
    );
    // Only NEW-2 is new: L0000 and NEW-1, from either format, are matched.
    let said = import(
        "second.csv",
        "2025-06-02,L0000,trial-subjects,true\n2025-06-02,NEW-1,trial-subjects,true\n\
         2025-06-02,NEW-2,trial-subjects,true\n",
    );
    assert!(!said.contains("upgraded"), "said once: {said}");
    assert_eq!(trial_subjects(), after_first + 1);
}

#[test]
fn a_header_in_another_case_or_with_spaces_names_the_same_columns() {
    let setup = Setup::new("");
    let header = " Date , PERSON,Export,Sensitive ,basis,Recipient,route_used\n";
    let mut csv = header.to_string();
    rows(&mut csv, "2025-02-01", "S", 0, 20, "trial-a", "");
    let file = setup.write("cased.csv", &csv);
    setup.import_ok(&[&file]);
    assert_eq!(export(&setup.counts(), "trial-a")["persons"], 20);
    // A name that is no column is refused with the names there are.
    let file = setup.write(
        "wrong.csv",
        "day,person,export,sensitive\n2025-02-01,S1,trial-a,true\n",
    );
    let output = setup.import(&[&file]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("unknown column `day`; the columns are date, person, export"),
        "{}",
        stderr(&output)
    );
}
