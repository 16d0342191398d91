//! Words: every output of the built binary, for every bundled example and a grid of generated
//! profiles (the sectors of every pack, persons at 1 and at thresholds, every zone), is free of
//! the slips a template makes: empty brackets, "1 persons", and a position given twice.

use ftzroute_e2e::pty::{Session, SCREEN_TIMEOUT};
use ftzroute_e2e::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Plural nouns that must not follow a count of exactly 1.
const PLURALS: [&str; 16] = [
    "persons",
    "transfers",
    "exports",
    "zones",
    "subjects",
    "patients",
    "records",
    "days",
    "working days",
    "months",
    "years",
    "imports",
    "cells",
    "packs",
    "duties",
    "groups",
];

/// The slips found in `text`, each with a little context.
fn slips(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let context = |at: usize| {
        let start = text[..at]
            .char_indices()
            .rev()
            .nth(40)
            .map_or(0, |(i, _)| i);
        let end = text[at..]
            .char_indices()
            .nth(60)
            .map_or(text.len(), |(i, _)| at + i);
        text[start..end].replace('\n', "⏎")
    };
    for empty in ["()", "( )", "（）", "[]", "``"] {
        for (at, _) in text.match_indices(empty) {
            // JSON's empty arrays are not words, nor Markdown's code fences.
            if empty == "[]" && text[..at].trim_end().ends_with(':') {
                continue;
            }
            if empty == "``" && (text[..at].ends_with('`') || text[at + 2..].starts_with('`')) {
                continue;
            }
            found.push(format!("empty {empty}: …{}…", context(at)));
        }
    }
    for plural in PLURALS {
        for (at, _) in text.match_indices(&format!("1 {plural}")) {
            let before = text[..at].chars().next_back();
            if before.is_some_and(|c| c.is_ascii_digit() || c == ',' || c == '.') {
                continue; // 11 persons, 2,001 persons, 0.1 persons
            }
            let after = text[at + 2 + plural.len()..].chars().next();
            if after.is_some_and(|c| c.is_alphanumeric()) {
                continue; // "1 daysomething" is another word
            }
            found.push(format!("1 {plural}: …{}…", context(at)));
        }
    }
    // A position within a line said again after file:line:column.
    for (at, _) in text.match_indices(" at line ") {
        if text[at + 9..].starts_with(|c: char| c.is_ascii_digit()) {
            found.push(format!("second position: …{}…", context(at)));
        }
    }
    found
}

fn packs_arg() -> String {
    packs_dir().display().to_string()
}

/// What `ftzroute packs --format json` says: per pack its sectors, and its scenarios with the
/// sectors each applies to.
fn packs_json() -> Vec<Value> {
    let output = run(&["packs", "--format", "json", "--packs", &packs_arg()]);
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice::<Value>(&output.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// Every sector the packs name (the wildcard left out), each once, sorted; per sector the
/// scenario ids that apply to it, and whether it is the first of the sectors that the same packs
/// name (those read alike but for the sector's id and scenarios).
fn sectors_and_scenarios(packs: &[Value]) -> Vec<(String, Vec<String>, bool)> {
    let mut sectors: Vec<String> = packs
        .iter()
        .flat_map(|p| p["sectors"].as_array().unwrap().iter())
        .filter_map(|s| s.as_str())
        .filter(|s| *s != "*")
        .map(String::from)
        .collect();
    sectors.sort();
    sectors.dedup();
    let mut seen = Vec::new();
    sectors
        .into_iter()
        .map(|sector| {
            let naming: Vec<&str> = packs
                .iter()
                .filter(|p| {
                    p["sectors"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|s| s == sector.as_str())
                })
                .map(|p| p["id"].as_str().unwrap())
                .collect();
            let mut scenarios: Vec<String> = packs
                .iter()
                .filter(|p| {
                    p["sectors"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|s| s == sector.as_str() || s == "*")
                })
                .flat_map(|p| p["scenarios"].as_array().unwrap().iter())
                .filter(|s| {
                    s["sectors"].as_array().is_none_or(|for_sectors| {
                        for_sectors.is_empty() || for_sectors.iter().any(|x| x == sector.as_str())
                    })
                })
                .map(|s| s["id"].as_str().unwrap().to_string())
                .collect();
            scenarios.sort();
            scenarios.dedup();
            let signature = format!("{naming:?}");
            let first = !seen.contains(&signature);
            seen.push(signature);
            (sector, scenarios, first)
        })
        .collect()
}

fn export(id: &str, fields: &str) -> String {
    format!("\n[[export]]\nid = \"{id}\"\n{fields}\n")
}

/// A profile with every kind of export at the thresholds: each scenario of the sector, each
/// subject sensitive and not, all-exempt and partly exempt exports, genetic, important, core,
/// general and export-controlled data, and a scenario no list has.
fn wide_profile(sector: &str, scenarios: &[String], as_of: &str, outside: bool) -> String {
    let mut text = format!(
        "as_of = {as_of}\n[handler]\nname = \"Grid\"\nsector = \"{sector}\"\n{}",
        if outside {
            "sector_outside_lists = true\n"
        } else {
            ""
        }
    );
    for (index, scenario) in scenarios.iter().enumerate() {
        text.push_str(&export(
            &format!("scenario-{index}"),
            &format!("kind = \"personal\"\nscenario = \"{scenario}\"\npersons = 10000"),
        ));
    }
    for subject in [
        "trial-subject",
        "patient",
        "professional",
        "device-user",
        "business-contact",
        "other",
    ] {
        text.push_str(&export(
            &format!("{subject}-sensitive"),
            &format!(
                "kind = \"personal\"\nsubject = \"{subject}\"\nsensitive = true\npersons = 9999"
            ),
        ));
        text.push_str(&export(
            &format!("{subject}-general"),
            &format!("kind = \"personal\"\nsubject = \"{subject}\"\npersons = 100000"),
        ));
    }
    for (id, fields) in [
        (
            "unlisted-scenario",
            "kind = \"personal\"\nscenario = \"zz-no-list-has-this\"\npersons = 1",
        ),
        (
            "named-patients",
            "kind = \"personal\"\nsubject = \"patient\"\nname_and_contact = true\npersons = 1",
        ),
        (
            "all-exempt",
            "kind = \"personal\"\npersons = 1\nexempt_persons = 1\nexempt_basis = \"cbdf-art-4\"",
        ),
        (
            "one-exempt",
            "kind = \"personal\"\npersons = 2\nexempt_persons = 1\nexempt_basis = \"cbdf-art-5-1-2\"",
        ),
        ("genome", "kind = \"genetic\"\npersons = 1"),
        ("cohort", "kind = \"genetic\"\npersons = 501\nhgr_cleared = true"),
        ("notified", "kind = \"important\""),
        ("not-notified", "kind = \"important\"\nnotified = false"),
        ("core", "kind = \"core\""),
        ("catalogue", "kind = \"general\""),
        (
            "controlled",
            "kind = \"personal\"\npersons = 1\nexport_controlled = true",
        ),
    ] {
        text.push_str(&export(id, fields));
    }
    text
}

/// A profile whose counts are 1: one sensitive person, one other person (in the sector's first
/// scenario, when it has one), one exempt person.
fn single_profile(sector: &str, scenarios: &[String], as_of: &str, ciio: bool) -> String {
    let mut text = format!(
        "as_of = {as_of}\n[handler]\nname = \"Grid\"\nsector = \"{sector}\"\nciio = {ciio}\n"
    );
    text.push_str(&export(
        "one-sensitive",
        "kind = \"personal\"\nsubject = \"patient\"\nsensitive = true\npersons = 1",
    ));
    let scenario = scenarios
        .first()
        .map(|s| format!("\nscenario = \"{s}\""))
        .unwrap_or_default();
    text.push_str(&export(
        "one-general",
        &format!("kind = \"personal\"\npersons = 1{scenario}"),
    ));
    text.push_str(&export(
        "one-exempt",
        "kind = \"personal\"\npersons = 1\nexempt_persons = 1\nexempt_basis = \"cbdf-art-5-1-1\"",
    ));
    text
}

const EVERY_FORMAT: [&[&str]; 10] = [
    &["eval", "--format", "json"],
    &["eval", "--format", "table"],
    &["eval", "--format", "csv"],
    &["eval", "--format", "markdown"],
    &["memo", "--format", "markdown"],
    &["memo", "--format", "html"],
    &["memo", "--format", "ics"],
    &["plan", "--format", "json"],
    &["plan", "--format", "table"],
    &["plan", "--format", "markdown"],
];

/// The format every sector is read in: the evaluation's every note (JSON); the other formats
/// render the same notes, and are read for one sector of each kind.
const NOTE_FORMATS: [&[&str]; 1] = [&["eval", "--format", "json"]];

/// The formats a profile of counts of 1, an example or a profile of another era is read in:
/// the evaluation's notes, and the renderers that word counts.
const COUNT_FORMATS: [&[&str]; 4] = [
    &["eval", "--format", "json"],
    &["eval", "--format", "table"],
    &["memo", "--format", "markdown"],
    &["plan", "--format", "table"],
];

/// Runs every (profile, command) on a few threads; returns the slips, each naming where.
fn slips_of_runs(runs: Vec<(PathBuf, &'static [&'static str])>) -> Vec<String> {
    let packs = packs_arg();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let found = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..3 {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((profile, command)) = runs.get(index) else {
                    break;
                };
                // `ledger counts PROFILE`, `eval PROFILE`.
                let at = if command[0] == "ledger" { 2 } else { 1 };
                let mut args = command[..at].to_vec();
                args.push(profile.to_str().unwrap());
                args.extend_from_slice(&command[at..]);
                // In-process packs answer as runners do (the isolation tests compare them), in
                // less time.
                args.extend(["--packs", packs.as_str(), "--isolation", "none"]);
                let output = run(&args);
                assert!(
                    output.status.code() == Some(0),
                    "{args:?}: {}\n{}",
                    stderr(&output),
                    std::fs::read_to_string(profile).unwrap()
                );
                let text = format!("{}\n{}", stdout(&output), stderr(&output));
                // iCalendar folds lines and escapes commas; Markdown escapes its specials.
                let text = text.replace("\r\n ", "").replace("\\,", ",");
                let mut slips = slips(&text);
                if !slips.is_empty() {
                    let name = profile.file_name().unwrap().to_string_lossy().into_owned();
                    slips.dedup();
                    found.lock().unwrap().extend(
                        slips
                            .into_iter()
                            .map(|s| format!("{name} {command:?}: {s}")),
                    );
                }
            });
        }
    });
    let mut found = found.into_inner().unwrap();
    found.sort();
    found.dedup();
    found
}

#[test]
fn the_slip_finder_finds_what_it_looks_for() {
    assert_eq!(slips("for the sector (); judged").len(), 1);
    assert_eq!(slips("its row for 1 persons or more").len(), 1);
    assert_eq!(slips("1 transfers this year").len(), 1);
    assert_eq!(slips("j.jsonl:2:74: bad at line 1 column 74").len(), 1);
    assert!(slips("11 persons, 2,001 persons, 1 person, 1 day, \"notes\": []").is_empty());
}

#[test]
fn every_output_of_every_example_and_a_grid_of_profiles_reads_right() {
    let packs = packs_json();
    let sectors = sectors_and_scenarios(&packs);
    assert!(sectors.len() > 10, "{sectors:?}");
    let dir = tempfile::tempdir().unwrap();
    let mut runs: Vec<(PathBuf, &'static [&'static str])> = Vec::new();
    let write = |name: String, text: String| -> PathBuf {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    for name in example_profiles() {
        if name.contains("ledger") {
            continue; // below, on a copy of its ledger
        }
        for command in COUNT_FORMATS {
            runs.push((PathBuf::from(example(&name)), command));
        }
    }
    for (sector, scenarios, first_of_its_kind) in &sectors {
        let (wide_formats, single_formats): (&[&'static [&'static str]], &[_]) =
            if *first_of_its_kind {
                (&EVERY_FORMAT, &COUNT_FORMATS[..3])
            } else {
                (&NOTE_FORMATS, &NOTE_FORMATS)
            };
        let wide = write(
            format!("wide-{sector}.toml"),
            wide_profile(sector, scenarios, "2026-06-01", false),
        );
        let single = write(
            format!("single-{sector}.toml"),
            single_profile(sector, scenarios, "2025-10-01", false),
        );
        for command in wide_formats {
            runs.push((wide.clone(), command));
        }
        for command in single_formats {
            runs.push((single.clone(), command));
        }
    }
    // Before the CBDF Provisions, a CIIO, and a sector outside every list.
    let extra = [
        write(
            "wide-2023.toml".into(),
            wide_profile("biological-drug-manufacturing", &[], "2023-06-01", false),
        ),
        write(
            "single-2023.toml".into(),
            single_profile("retail", &[], "2023-06-01", false),
        ),
        write(
            "single-ciio.toml".into(),
            single_profile("cross-border-ecommerce", &[], "2025-10-01", true),
        ),
        write(
            "wide-outside.toml".into(),
            wide_profile("sector-deliberately-unlisted", &[], "2026-06-01", true),
        ),
    ];
    for profile in extra {
        for command in COUNT_FORMATS {
            runs.push((profile.clone(), command));
        }
    }
    let slips = slips_of_runs(runs);
    assert!(
        slips.is_empty(),
        "{} slip(s):\n{}",
        slips.len(),
        slips.join("\n")
    );
}

/// Copies the ledger example (profile, ledger, key) into `dir`.
fn ledger_example(dir: &Path) -> PathBuf {
    for name in [
        "suzhou-biologics-ledger.toml",
        "suzhou-biologics.ledger",
        "suzhou-biologics.ledger.key",
    ] {
        std::fs::copy(example(name), dir.join(name)).unwrap();
    }
    let key = dir.join("suzhou-biologics.ledger.key");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    dir.join("suzhou-biologics-ledger.toml")
}

#[test]
fn the_ledger_reads_right_with_one_transfer_and_with_many() {
    let dir = tempfile::tempdir().unwrap();
    let profile = ledger_example(dir.path());
    let mut runs: Vec<(PathBuf, &'static [&'static str])> = Vec::new();
    for command in EVERY_FORMAT {
        runs.push((profile.clone(), command));
    }
    runs.push((profile.clone(), &["ledger", "counts", "--format", "table"]));
    runs.push((profile.clone(), &["ledger", "counts", "--format", "json"]));
    // A ledger of one transfer of one person.
    let one = tempfile::tempdir().unwrap();
    let single = one.path().join("one.toml");
    std::fs::write(
        &single,
        "as_of = 2025-10-01\n[handler]\nname = \"One\"\nsector = \"retail\"\n[ledger]\npath = \"one.ledger\"\n\
         [[export]]\nid = \"members\"\nkind = \"personal\"\n",
    )
    .unwrap();
    let transfers = one.path().join("one.csv");
    std::fs::write(
        &transfers,
        "date,person,export,sensitive\n2025-03-01,P-1,members,false\n",
    )
    .unwrap();
    let packs = packs_arg();
    let output = run(&[
        "ledger",
        "import",
        single.to_str().unwrap(),
        transfers.to_str().unwrap(),
        "--packs",
        &packs,
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = format!("{}{}", stdout(&output), stderr(&output));
    assert!(slips(&said).is_empty(), "{said}");
    assert!(said.contains("1 transfer"), "{said}");
    for command in EVERY_FORMAT {
        runs.push((single.clone(), command));
    }
    runs.push((single.clone(), &["ledger", "counts", "--format", "table"]));
    let slips = slips_of_runs(runs);
    assert!(
        slips.is_empty(),
        "{} slip(s):\n{}",
        slips.len(),
        slips.join("\n")
    );
}

#[test]
fn errors_say_a_missing_day_and_give_one_position() {
    let dir = tempfile::tempdir().unwrap();
    let packs = packs_arg();
    let profile = dir.path().join("p.toml");
    std::fs::write(
        &profile,
        "as_of = 2025-10-01\n[handler]\nname = \"H\"\nsector = \"retail\"\n[ledger]\npath = \"p.ledger\"\n\
         [[export]]\nid = \"members\"\nkind = \"personal\"\n",
    )
    .unwrap();
    let import = |name: &str, text: &str| {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let output = run(&[
            "ledger",
            "import",
            profile.to_str().unwrap(),
            file.to_str().unwrap(),
            "--packs",
            &packs,
        ]);
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        stderr(&output)
    };
    let said = import(
        "d.csv",
        "date,person,export,sensitive\n2026-11-31,P-1,members,false\n",
    );
    assert!(
        said.contains(
            "d.csv:2:1: field `date`: `2026-11-31` is not a date: November 2026 has no day 31"
        ),
        "{said}"
    );
    let good =
        "{\"date\":\"2025-01-02\",\"person\":\"A\",\"export\":\"members\",\"sensitive\":false}\n";
    let said = import(
        "j.jsonl",
        &format!("{good}{{\"date\":\"2025-01-02\",\"person\":\"数据\",\"export\":\"members\",\"sensitive\":\"no\"}}\n"),
    );
    assert!(
        said.contains("j.jsonl:2:55: field `sensitive`: not a transfer object: invalid type: string \"no\", expected a boolean\n"),
        "{said}"
    );
    assert!(slips(&said).is_empty(), "{said}");
    let said = import(
        "k.jsonl",
        &format!("{good}{{\"date\":\"2025-01-02\" \"person\":\"A\"}}\n"),
    );
    assert!(
        said.contains("k.jsonl:2:22: not a transfer object: expected `,` or `}`"),
        "{said}"
    );
    assert!(slips(&said).is_empty(), "{said}");

    // A profile's date: the day, at the literal, in every command that reads profiles.
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "as_of = 2026-11-31\n[handler]\nname = \"H\"\nsector = \"retail\"\n",
    )
    .unwrap();
    for command in ["eval", "memo", "plan"] {
        let output = run(&[command, bad.to_str().unwrap(), "--packs", &packs]);
        assert_eq!(output.status.code(), Some(2));
        assert!(
            stderr(&output).contains(
                "bad.toml:1:9: field `as_of`: `2026-11-31` is not a date: November 2026 has no day 31"
            ),
            "{command}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn the_dashboard_says_one_person_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    std::fs::create_dir(&state).unwrap();
    let profile = dir.path().join("single.toml");
    std::fs::write(
        &profile,
        single_profile("cross-border-ecommerce", &[], "2025-10-01", false),
    )
    .unwrap();
    let packs = packs_arg();
    let mut session = Session::ftzroute(
        &[profile.to_str().unwrap(), "--packs", &packs],
        &[("XDG_STATE_HOME", state.to_str().unwrap())],
        200,
        60,
    );
    let mut screens =
        vec![session.wait_until("every zone's result", SCREEN_TIMEOUT, dashboard_settled)];
    // The detail of each export in the first zone, and the overall row.
    for _ in 0..3 {
        session.key("j");
        std::thread::sleep(std::time::Duration::from_millis(150));
        screens.push(session.screen());
    }
    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
    for screen in &screens {
        assert!(slips(screen).is_empty(), "{:?}\n{screen}", slips(screen));
    }
    assert!(
        screens.iter().any(|s| s.contains("1 person")),
        "a count of one is shown: {}",
        screens.join("\n")
    );
}
