//! A sector that nearly matches a pack's is a profile error in every command; a sector the
//! profile declares outside every list is a note in every format; every warning printed on
//! stderr is in every format too.

use ftzroute_e2e::pty::{Session, SCREEN_TIMEOUT};
use ftzroute_e2e::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The Hangzhou example with its sector line replaced by `sector_lines`.
fn hangzhou_with(dir: &Path, name: &str, sector_lines: &str) -> PathBuf {
    let text = std::fs::read_to_string(example("hangzhou-ecommerce.toml")).unwrap();
    let changed = text.replace("sector = \"cross-border-ecommerce\"", sector_lines);
    assert_ne!(changed, text, "the example names its sector as expected");
    let path = dir.join(name);
    std::fs::write(&path, changed).unwrap();
    path
}

fn with_packs<'a>(args: &[&'a str], packs: &'a str) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend(["--packs", packs]);
    all
}

/// Every command and format that reads a profile, as arguments before the profile's path.
const COMMANDS: [&[&str]; 10] = [
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

/// The text of an output as a reader sees it: iCalendar unfolded and unescaped, Markdown and
/// HTML without their escapes.
fn plain(command: &[&str], text: &str) -> String {
    match command[2] {
        "ics" => text
            .replace("\r\n ", "")
            .replace("\\,", ",")
            .replace("\\;", ";")
            .replace("\\n", "\n"),
        "markdown" => text.replace('\\', ""),
        "html" => text
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&"),
        _ => text.to_string(),
    }
}

fn run_on(command: &[&str], profile: &Path) -> std::process::Output {
    let packs = packs_dir();
    let packs = packs.to_str().unwrap();
    let mut args = vec![command[0], profile.to_str().unwrap()];
    args.extend_from_slice(&command[1..]);
    run(&with_packs(&args, packs))
}

#[test]
fn a_misspelled_sector_is_a_profile_error_in_every_command_and_format() {
    let dir = tempfile::tempdir().unwrap();
    let profile = hangzhou_with(
        dir.path(),
        "typo.toml",
        "sector = \"cross-border-e-commerce\"",
    );
    let expected = format!(
        "{}:9:10: field `handler.sector`: `cross-border-e-commerce` is not a sector of any loaded \
         pack; did you mean `cross-border-ecommerce`?",
        profile.display()
    );
    for command in COMMANDS {
        let output = run_on(command, &profile);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{command:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(&expected),
            "{command:?}: the error points at the value: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("sector_outside_lists = true"),
            "{command:?}: it says how to declare a sector outside every list"
        );
        assert!(output.stdout.is_empty(), "{command:?}: nothing evaluated");
    }
}

#[test]
fn a_sector_declared_outside_every_list_is_a_note_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let profile = hangzhou_with(
        dir.path(),
        "outside.toml",
        "sector = \"cross-border-e-commerce\"\nsector_outside_lists = true",
    );
    let note = "The profile declares the sector `cross-border-e-commerce` outside every list \
                (handler.sector_outside_lists): no list covers it, and the national baseline \
                decides.";
    for command in COMMANDS {
        let output = run_on(command, &profile);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{command:?}: {}",
            stderr(&output)
        );
        let text = plain(command, &stdout(&output));
        assert!(text.contains(note), "{command:?} carries the note:\n{text}");
    }
    // JSON: a top-level `notes`, no warning; the list does not decide in Zhejiang.
    let output = run_on(&["eval", "--format", "json"], &profile);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["notes"], serde_json::json!([note]));
    assert_eq!(report["warnings"], serde_json::json!([]));
    assert_eq!(
        zone_export(&report, "zhejiang", "returns")["pack"],
        "national-cbdf-2024"
    );
    // CSV: the note on every row, in the column before `error`.
    let output = run_on(&["eval", "--format", "csv"], &profile);
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let at = header.iter().position(|c| c == "profile_notes").unwrap();
    assert_eq!(header[at + 1], "error");
    assert_eq!(at + 2, header.len());
    for record in reader.records() {
        assert_eq!(&record.unwrap()[at], note);
    }
    // A sector a pack names cannot be declared outside every list.
    let known = hangzhou_with(
        dir.path(),
        "known.toml",
        "sector = \"cross-border-ecommerce\"\nsector_outside_lists = true",
    );
    let output = run_on(&["eval", "--format", "json"], &known);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(&format!(
            "{}:10:24: field `handler.sector_outside_lists`: the sector `cross-border-ecommerce` \
             is declared outside every list, but `zhejiang-ftz-2024` names it",
            known.display()
        )),
        "{}",
        stderr(&output)
    );
}

#[test]
fn every_warning_on_stderr_is_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example("hangzhou-ecommerce.toml"))
        .unwrap()
        .replace(
            "scenario = \"buyer-returns\"",
            "scenario = \"buyer-return\"",
        )
        .replace("persons = 6000", "persons = 2000000000");
    let profile = dir.path().join("warned.toml");
    std::fs::write(&profile, text).unwrap();
    let output = run_on(&["eval", "--format", "json"], &profile);
    assert!(output.status.success(), "{}", stderr(&output));
    let printed: Vec<String> = stderr(&output)
        .lines()
        .filter_map(|l| l.strip_prefix("ftzroute: warning: "))
        .map(String::from)
        .collect();
    assert_eq!(printed.len(), 2, "{printed:?}");
    assert!(
        printed[1].contains("field `export[1].scenario`: `buyer-return` (export `returns`)")
            && printed[1].ends_with("did you mean `buyer-returns`?"),
        "{printed:?}"
    );
    assert!(printed[1].starts_with(&format!("{}:27:12:", profile.display())));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["warnings"], serde_json::json!(printed));
    assert_eq!(report["notes"], serde_json::json!([]));
    for command in COMMANDS {
        let output = run_on(command, &profile);
        assert!(output.status.success(), "{command:?}: {}", stderr(&output));
        let errors = stderr(&output);
        let on_stderr: Vec<&str> = errors
            .lines()
            .filter_map(|l| l.strip_prefix("ftzroute: warning: "))
            .collect();
        assert_eq!(on_stderr, printed, "{command:?} prints the same warnings");
        if command[0] == "eval" && command[2] == "csv" {
            continue; // one row per zone and export: no place for a profile's warnings
        }
        let text = plain(command, &stdout(&output));
        for warning in &printed {
            assert!(
                text.contains(warning.as_str()),
                "{command:?} carries `{warning}`:\n{text}"
            );
        }
    }
}

#[test]
fn the_dashboard_shows_the_profile_error_the_note_and_the_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    std::fs::create_dir(&state).unwrap();
    let packs = packs_dir();
    let packs = packs.to_str().unwrap();
    let typo = hangzhou_with(
        dir.path(),
        "typo.toml",
        "sector = \"cross-border-e-commerce\"",
    );
    let outside = hangzhou_with(
        dir.path(),
        "outside.toml",
        "sector = \"cross-border-e-commerce\"\nsector_outside_lists = true",
    );
    let env = [("XDG_STATE_HOME", state.to_str().unwrap())];
    let mut session = Session::ftzroute(&[typo.to_str().unwrap(), "--packs", packs], &env, 200, 60);
    let screen = session.wait_for("did you mean `cross-border-ecommerce`?", SCREEN_TIMEOUT);
    assert!(screen.contains("profile error:"), "{screen}");
    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));

    let mut session = Session::ftzroute(
        &[outside.to_str().unwrap(), "--packs", packs],
        &env,
        200,
        60,
    );
    let screen = session.wait_for("(handler.sector_outside_lists)", SCREEN_TIMEOUT);
    assert!(
        screen.contains("profile note: The profile declares the sector"),
        "{screen}"
    );
    assert!(!screen.contains("profile error"), "{screen}");
    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));

    // A near-miss scenario's warning, as eval prints it.
    let text = std::fs::read_to_string(example("hangzhou-ecommerce.toml"))
        .unwrap()
        .replace(
            "scenario = \"buyer-returns\"",
            "scenario = \"buyer-return\"",
        );
    let warned = dir.path().join("warned.toml");
    std::fs::write(&warned, text).unwrap();
    let mut session =
        Session::ftzroute(&[warned.to_str().unwrap(), "--packs", packs], &env, 200, 60);
    let screen = session.wait_for("did you mean `buyer-returns`?", SCREEN_TIMEOUT);
    assert!(
        screen.contains("warning: ") && screen.contains("field `export[1].scenario`"),
        "{screen}"
    );
    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
}
