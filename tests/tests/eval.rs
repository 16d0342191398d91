//! `ftzroute eval` and `ftzroute packs` run as a user runs them, on the built packs.

use ftzroute_e2e::*;
use serde_json::Value;

fn eval_json(profile: &str, extra: &[&str]) -> Value {
    let packs = packs_dir();
    let mut args = vec![
        "eval",
        profile,
        "--format",
        "json",
        "--packs",
        packs.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let output = run(&args);
    assert!(output.status.success(), "eval failed: {}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("eval prints JSON")
}

#[test]
fn json_output_follows_the_contract() {
    let report = eval_json(&example("suzhou-biologics.toml"), &[]);
    assert_eq!(report["schema"], 1);
    assert_eq!(report["as_of"], "2025-10-01");
    assert_eq!(
        report["title"],
        "Example Biologics (Suzhou): exports planned for 2025"
    );
    let zones: Vec<&str> = report["zones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|z| z["zone"].as_str().unwrap())
        .collect();
    assert_eq!(
        zones,
        bundled_zone_ids(),
        "every configured zone, in configured order"
    );
    assert_eq!(zones[..2], ["jiangsu", "national"]);
    for zone in report["zones"].as_array().unwrap() {
        let keys: Vec<&str> = zone
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys.len(), 8, "{keys:?}");
        for key in [
            "zone",
            "coverage",
            "name",
            "route",
            "undetermined",
            "floor",
            "summary",
            "exports",
        ] {
            assert!(zone.get(key).is_some(), "zone lacks {key}");
        }
        let ids: Vec<&str> = zone["exports"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids,
            [
                "trial-subjects",
                "pv-cases",
                "hcp-crm",
                "staff-hr",
                "process-data"
            ],
            "profile order"
        );
        for export in zone["exports"].as_array().unwrap() {
            for key in [
                "id",
                "route",
                "pack",
                "list_item",
                "basis",
                "counted_persons",
                "next",
                "notes",
            ] {
                assert!(export.get(key).is_some(), "export lacks {key}: {export}");
            }
        }
    }

    let trial = zone_export(&report, "jiangsu", "trial-subjects");
    assert_eq!(trial["route"], "standard-contract-or-certification");
    assert_eq!(trial["pack"], "jiangsu-biopharma-2025");
    assert_eq!(trial["list_item"], 14);
    assert_eq!(
        trial["basis"],
        "Jiangsu FTZ data-export negative list (2025), Tier 2 item 14"
    );
    assert_eq!(trial["counted_persons"], 42000);
    assert_eq!(trial["next"]["route"], "security-assessment");
    assert_eq!(trial["next"]["at_persons"], 50000);

    // Nationally, all sensitive PI adds up: 42,000 + 18,500 reaches 10,000.
    let national = zone_export(&report, "national", "trial-subjects");
    assert_eq!(national["route"], "security-assessment");
    assert_eq!(national["list_item"], Value::Null);
    assert_eq!(national["pack"], "national-cbdf-2024");

    // Exempt persons are not counted.
    assert_eq!(
        zone_export(&report, "jiangsu", "staff-hr")["counted_persons"],
        0
    );
    // Non-personal data has no count and no headroom.
    let general = zone_export(&report, "jiangsu", "process-data");
    assert_eq!(general["counted_persons"], Value::Null);
    assert_eq!(general["next"], Value::Null);

    let zone_route = |id: &str| {
        report["zones"]
            .as_array()
            .unwrap()
            .iter()
            .find(|z| z["zone"] == id)
            .unwrap()["route"]
            .clone()
    };
    assert_eq!(zone_route("jiangsu"), "standard-contract-or-certification");
    assert_eq!(zone_route("national"), "security-assessment");
}

#[test]
fn zones_come_in_the_order_asked() {
    let report = eval_json(
        &example("suzhou-biologics.toml"),
        &["--zone", "national", "--zone", "jiangsu"],
    );
    let zones: Vec<&str> = report["zones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|z| z["zone"].as_str().unwrap())
        .collect();
    assert_eq!(zones, ["national", "jiangsu"]);
    let report = eval_json(&example("suzhou-biologics.toml"), &["--zone", "national"]);
    assert_eq!(report["zones"].as_array().unwrap().len(), 1);
}

#[test]
fn a_sector_the_list_does_not_cover_falls_to_the_national_pack() {
    let report = eval_json(&example("jiangsu-cro.toml"), &[]);
    for zone in ["jiangsu", "national"] {
        let trial = zone_export(&report, zone, "trial-subjects");
        assert_eq!(trial["pack"], "national-cbdf-2024", "{zone}");
        assert_eq!(
            trial["route"], "standard-contract-or-certification",
            "{zone}"
        );
        assert_eq!(
            trial["next"]["at_persons"], 10000,
            "8,000 sensitive: assessment from 10,000"
        );
    }
}

#[test]
fn devices_example_reaches_other_routes() {
    let report = eval_json(&example("nanjing-devices.toml"), &[]);
    let telemetry = zone_export(&report, "jiangsu", "device-telemetry");
    assert_eq!(telemetry["route"], "security-assessment");
    assert_eq!(telemetry["list_item"], 11);
    assert_eq!(
        telemetry["next"],
        Value::Null,
        "nothing is stricter at higher counts"
    );
    let genomic = zone_export(&report, "jiangsu", "genomic-study");
    assert_eq!(genomic["route"], "other-lawful-route");
    assert_eq!(genomic["list_item"], 21);
    assert_eq!(
        zone_export(&report, "jiangsu", "design-history")["route"],
        "security-assessment"
    );
}

#[test]
fn a_list_not_yet_in_force_falls_back_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(example("suzhou-biologics.toml")).unwrap();
    let profile = dir.path().join("early.toml");
    std::fs::write(
        &profile,
        source.replace("as_of = 2025-10-01", "as_of = 2025-08-12"),
    )
    .unwrap();
    let report = eval_json(profile.to_str().unwrap(), &["--zone", "jiangsu"]);
    let trial = zone_export(&report, "jiangsu", "trial-subjects");
    assert_eq!(trial["pack"], "national-cbdf-2024");
    let notes = trial["notes"].to_string();
    assert!(notes.contains("not in force on 2025-08-12"), "{notes}");
}

#[test]
fn table_and_markdown_carry_routes_in_words_and_symbols() {
    let packs = packs_dir();
    let output = run(&[
        "eval",
        &example("suzhou-biologics.toml"),
        "--format",
        "table",
        "--packs",
        packs.to_str().unwrap(),
        "--zone",
        "jiangsu",
        "--zone",
        "national",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let table = stdout(&output);
    assert!(table.contains("● contract/cert · item 14"), "{table}");
    assert!(table.contains("▲ assessment"), "{table}");
    assert!(table.contains("OVERALL"), "{table}");
    assert!(table.contains("≠ differ"), "{table}");
    assert!(
        !table.contains('\u{1b}'),
        "no escape codes when not on a terminal"
    );

    let output = run(&[
        "eval",
        &example("suzhou-biologics.toml"),
        "--format",
        "markdown",
        "--packs",
        packs.to_str().unwrap(),
        "--zone",
        "jiangsu",
        "--zone",
        "national",
    ]);
    let markdown = stdout(&output);
    assert!(
        markdown.starts_with("# Example Biologics (Suzhou)"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| export | data | persons | jiangsu | national | zones |"),
        "{markdown}"
    );
    assert!(markdown.contains("(unofficial translation)"), "{markdown}");
    assert!(
        markdown.contains("《"),
        "Chinese citations are carried: {markdown}"
    );
}

#[test]
fn every_format_carries_citations_and_export_labels() {
    let report = eval_json(&example("suzhou-biologics.toml"), &[]);
    assert_eq!(report["handler"]["sector"], "biological-drug-manufacturing");
    let trial = zone_export(&report, "jiangsu", "trial-subjects");
    assert_eq!(
        trial["label"],
        "Phase III subjects, EDC export to the global sponsor"
    );
    assert_eq!(trial["rule"], "item-14");
    assert_eq!(trial["edition"], "2025");
    assert!(
        trial["citation"]["zh"].as_str().unwrap().contains("第14项"),
        "{trial}"
    );
    assert!(
        trial["citation"]["en"]
            .as_str()
            .unwrap()
            .contains("item 14"),
        "{trial}"
    );
    assert_eq!(trial["citation"]["en_official"], false);
    assert_eq!(trial["by_reference"], false);

    let packs = packs_dir();
    let table = stdout(&run(&[
        "eval",
        &example("suzhou-biologics.toml"),
        "--format",
        "table",
        "--packs",
        packs.to_str().unwrap(),
    ]));
    assert!(
        table.contains("  trial-subjects  Phase III subjects, EDC export to the global sponsor\n"),
        "labels listed: {table}"
    );
    let citation = trial["citation"]["zh"].as_str().unwrap();
    assert!(
        table.contains(&format!("    citation: {citation}\n")),
        "{table}"
    );
    assert!(table.contains("(unofficial translation)"), "{table}");
}

fn expect_input_error(profile_text: &str, expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("bad.toml");
    std::fs::write(&profile, profile_text).unwrap();
    let packs = packs_dir();
    let output = run(&[
        "eval",
        profile.to_str().unwrap(),
        "--packs",
        packs.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        output.stdout.is_empty(),
        "nothing is evaluated on bad input"
    );
    let message = stderr(&output);
    assert!(
        message.contains(&profile.display().to_string()),
        "names the file: {message}"
    );
    for fragment in expected {
        assert!(
            message.contains(fragment),
            "expected {fragment:?} in: {message}"
        );
    }
    assert_eq!(message.trim().lines().count(), 1, "one message: {message}");
}

const BASE: &str = "as_of = 2025-10-01\n[handler]\nname = \"H\"\nsector = \"api-manufacturing\"\n[[export]]\nid = \"a\"\nkind = \"personal\"\nsubject = \"patient\"\npersons = 10\n";

#[test]
fn input_errors_name_file_line_column_and_field() {
    expect_input_error(
        &BASE.replace("persons = 10", "persons = -1"),
        &[":9:11:", "export[0].persons"],
    );
    expect_input_error(
        &BASE.replace("\"patient\"", "\"visitor\""),
        &[
            ":8:11:",
            "export[0].subject",
            "`trial-subject`",
            "`business-contact`",
        ],
    );
    expect_input_error(
        &BASE.replace("\"personal\"", "\"secret\""),
        &[":7:8:", "export[0].kind", "`personal`", "`general`"],
    );
    expect_input_error(
        &format!("{BASE}exempt_persons = 11\n"),
        &[":10:18:", "export[0].exempt_persons", "larger than persons"],
    );
    expect_input_error(&format!("{BASE}colour = 1\n"), &[":10:", "colour"]);
    expect_input_error(
        &format!("{BASE}[[export]]\nid = \"a\"\nkind = \"general\"\n"),
        &[":11:", "export[1].id", "duplicate"],
    );
    expect_input_error(
        &BASE.replace("persons = 10\n", ""),
        &["export[0].persons", "required"],
    );
    expect_input_error(&BASE.replace("[handler]", "[handler"), &[":2:"]);
    expect_input_error(
        &BASE.replace("persons = 10", "persons = \"many\""),
        &["export[0].persons"],
    );
    // A number TOML cannot hold fails in the parser, before any field is known: still named.
    expect_input_error(
        &BASE.replace("persons = 10", "persons = 1000000000000000000000000000000"),
        &[
            ":9:11:",
            "field `export[0].persons`",
            "`1000000000000000000000000000000` is out of range",
            "from 0 to 9,223,372,036,854,775,807",
        ],
    );
}

#[test]
fn more_persons_than_china_has_is_a_warning_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("big.toml");
    std::fs::write(
        &profile,
        BASE.replace("persons = 10", "persons = 2000000000"),
    )
    .unwrap();
    let packs = packs_dir();
    let output = run(&[
        "eval",
        profile.to_str().unwrap(),
        "--format",
        "json",
        "--packs",
        packs.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let warnings = report["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{report}");
    let warning = warnings[0].as_str().unwrap();
    let expected = format!(
        "{}:9:11: field `export[0].persons`: export `a`: 2,000,000,000 persons is more than China's population",
        profile.display()
    );
    assert!(warning.starts_with(&expected), "{warning}");
    assert!(
        stderr(&output).contains(&format!("ftzroute: warning: {expected}")),
        "{}",
        stderr(&output)
    );
    // Judged all the same.
    assert_eq!(
        report["zones"][0]["exports"][0]["counted_persons"],
        2_000_000_000u64
    );
}

#[test]
fn unknown_zone_and_missing_profile_are_input_errors() {
    let packs = packs_dir();
    let output = run(&[
        "eval",
        &example("suzhou-biologics.toml"),
        "--zone",
        "mars",
        "--packs",
        packs.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("`mars`")
            && message.contains("`jiangsu`")
            && message.contains("`national`"),
        "{message}"
    );

    let output = run(&[
        "eval",
        "/nonexistent/profile.toml",
        "--packs",
        packs.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("/nonexistent/profile.toml"));
}

#[test]
fn a_zones_file_replaces_the_bundled_zones() {
    let dir = tempfile::tempdir().unwrap();
    let zones = write_zones(
        dir.path(),
        "[[zone]]\nid = \"baseline\"\nname = \"Baseline only\"\npacks = [\"national-cbdf-2024\"]\n",
    );
    let report = eval_json(
        &example("suzhou-biologics.toml"),
        &["--zones", zones.to_str().unwrap()],
    );
    let zones: Vec<&str> = report["zones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|z| z["zone"].as_str().unwrap())
        .collect();
    assert_eq!(zones, ["baseline"]);

    let bad = write_zones(
        dir.path(),
        "[[zone]]\nid = \"x\"\nname = \"X\"\npacks = [\"no-such-pack\"]\n",
    );
    let packs = packs_dir();
    let output = run(&[
        "eval",
        &example("suzhou-biologics.toml"),
        "--zones",
        bad.to_str().unwrap(),
        "--packs",
        packs.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(3));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let error = &report["zones"][0]["error"];
    assert_eq!(report["zones"][0]["zone"], "x", "{report}");
    assert_eq!(error["pack"], "no-such-pack", "{report}");
    assert_eq!(error["fault"], "not-loaded", "{report}");
    assert!(
        stderr(&output).contains("1 of 1 zone(s) could not be judged: `x` (not-loaded)"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn packs_are_found_beside_the_executable_without_flags() {
    let _ = packs_dir();
    let output = ftzroute()
        .args(["packs", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let list: Value = serde_json::from_slice(&output.stdout).unwrap();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert!(
        ids.contains(&"jiangsu-biopharma-2025") && ids.contains(&"national-cbdf-2024"),
        "{ids:?}"
    );
    let jiangsu = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "jiangsu-biopharma-2025")
        .unwrap();
    assert_eq!(jiangsu["edition"], "2025");
    assert_eq!(jiangsu["effective_from"], "2025-08-13");
    assert_eq!(jiangsu["status"], "ok");

    // The environment variable works like --packs.
    let empty = tempfile::tempdir().unwrap();
    let output = ftzroute()
        .args(["packs"])
        .env("FTZROUTE_PACKS", empty.path())
        .output()
        .unwrap();
    assert!(
        stdout(&output).contains("no pack libraries found"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn on_a_terminal_eval_prints_the_table_by_default() {
    use ftzroute_e2e::pty::{Session, SCREEN_TIMEOUT};
    let packs = packs_dir();
    let profile = example("jiangsu-cro.toml");
    // Two zones keep the whole table on one screen; every zone's table is checked elsewhere.
    let mut session = Session::ftzroute(
        &[
            "eval",
            &profile,
            "--zone",
            "jiangsu",
            "--zone",
            "national",
            "--packs",
            packs.to_str().unwrap(),
        ],
        &[],
        160,
        200,
    );
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
    let screen = session.screen();
    assert!(
        screen.contains("OVERALL") && screen.contains("Legend:"),
        "{screen}"
    );
    assert!(
        screen.contains("jiangsu-biopharma-2025 does not cover sector `contract-research`"),
        "the zone says why the national pack decides: {screen}"
    );
}

/// The lines `eval` printed in a pseudo-terminal, as the program wrote them (before the
/// terminal wraps anything).
fn table_in_terminal(args: &[&str], cols: u16) -> Vec<String> {
    use ftzroute_e2e::pty::{Session, SCREEN_TIMEOUT};
    let mut session = Session::ftzroute(args, &[], cols, 60);
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
    String::from_utf8(session.raw_output())
        .expect("the table is UTF-8")
        .split('\n')
        .map(|line| line.trim_end_matches('\r').to_string())
        .collect()
}

/// The grid's lines: from the header to the note that says how it was narrowed (or, wide, to
/// the coverage heading).
fn grid_lines(lines: &[String]) -> &[String] {
    let start = lines
        .iter()
        .position(|line| line.starts_with("export "))
        .expect("a header row");
    let end = lines
        .iter()
        .position(|line| line.starts_with("How much of each list"))
        .expect("the coverage heading");
    &lines[start..end]
}

#[test]
fn on_a_narrow_terminal_the_table_fits_and_wide_asks_for_the_full_form() {
    let packs = packs_dir();
    let zones = bundled_zone_ids();
    let profile = example("suzhou-biologics.toml");
    let args = |extra: &[&'static str]| {
        let mut args = vec![
            "eval".to_string(),
            profile.clone(),
            "--format".into(),
            "table".into(),
            "--packs".into(),
            packs.to_str().unwrap().into(),
        ];
        args.extend(extra.iter().map(|a| a.to_string()));
        args
    };
    for cols in [80u16, 120] {
        let owned = args(&[]);
        let argv: Vec<&str> = owned.iter().map(String::as_str).collect();
        let lines = table_in_terminal(&argv, cols);
        let grid = grid_lines(&lines);
        for line in grid {
            assert!(
                line.chars().count() <= usize::from(cols),
                "a grid line is wider than {cols} columns: {line:?}\n{}",
                grid.join("\n")
            );
        }
        let headers: Vec<&String> = grid.iter().filter(|l| l.starts_with("export ")).collect();
        assert!(
            headers.len() > 1,
            "ten zones take more than one block at {cols} columns"
        );
        for zone in &zones {
            let shown = headers
                .iter()
                .filter(|header| header.split_whitespace().any(|word| word == zone))
                .count();
            assert_eq!(shown, 1, "zone `{zone}` heads one column at {cols} columns");
        }
        assert!(
            grid.iter()
                .any(|l| l.starts_with("trial-subjects") && l.contains("● #14")),
            "compact cells carry the route's symbol and list item: {}",
            grid.join("\n")
        );
        assert!(
            lines
                .iter()
                .any(|l| l.contains("`--wide` or a pipe prints the full table")),
            "the table says how to get the wide form"
        );
        assert!(
            lines.iter().any(|l| l.contains("trial-subjects")
                && l.contains("personal/trial-subject, sensitive; 42,000 persons")),
            "data and persons move to the export list"
        );
    }
    // `--wide` on the same terminal: the full cells, one block, as a pipe gets it.
    let owned = args(&["--wide"]);
    let argv: Vec<&str> = owned.iter().map(String::as_str).collect();
    let wide = table_in_terminal(&argv, 120);
    let grid = grid_lines(&wide);
    assert_eq!(grid.iter().filter(|l| l.starts_with("export ")).count(), 1);
    assert!(grid.iter().any(|l| l.contains("● contract/cert · item 14")));
    assert!(grid.iter().any(|l| l.chars().count() > 120));
    let piped = run(&argv
        .iter()
        .copied()
        .filter(|a| *a != "--wide")
        .collect::<Vec<_>>());
    assert!(piped.status.success(), "{}", stderr(&piped));
    let piped: Vec<String> = stdout(&piped).lines().map(str::to_string).collect();
    assert_eq!(
        grid_lines(&piped),
        grid,
        "a pipe gets the form --wide prints"
    );
}

#[test]
fn a_profile_saved_as_gb18030_is_refused_at_its_place_with_how_to_convert_it() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("gbk.toml");
    // The example with its title in GB18030, as a Chinese edition of Windows saves it.
    let text = std::fs::read_to_string(example("suzhou-biologics.toml")).unwrap();
    let title_line = text.lines().position(|l| l.starts_with("title")).unwrap() + 1;
    let mut bytes = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if index + 1 == title_line {
            bytes.extend_from_slice(b"title = \"\xca\xfd\xbe\xdd\xb3\xf6\xbe\xb3\"");
        } else {
            bytes.extend_from_slice(line.as_bytes());
        }
        bytes.push(b'\n');
    }
    std::fs::write(&profile, &bytes).unwrap();
    let packs = packs_dir();
    let output = run(&[
        "eval",
        profile.to_str().unwrap(),
        "--packs",
        packs.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains(&format!("gbk.toml:{title_line}:10:")),
        "file, line and column: {message}"
    );
    assert!(message.contains("it looks like GB18030"), "{message}");
    assert!(message.contains("iconv -f GB18030 -t UTF-8"), "{message}");
    assert!(
        !message.contains("stream did not contain valid UTF-8"),
        "{message}"
    );
}

#[test]
fn the_csv_opens_in_a_spreadsheet_and_has_the_columns_the_readme_lists() {
    let packs = packs_dir();
    let output = run(&[
        "eval",
        &example("suzhou-biologics.toml"),
        "--format",
        "csv",
        "--packs",
        packs.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    // The UTF-8 byte-order mark that makes Excel read the Chinese citations as UTF-8.
    let text = output
        .stdout
        .strip_prefix(b"\xef\xbb\xbf")
        .expect("the CSV starts with a byte-order mark");
    let header = std::str::from_utf8(text).unwrap().lines().next().unwrap();
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).unwrap();
    let listed = readme
        .split("`eval --format csv` prints one row per zone and export with the columns `")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
        .expect("the README lists the CSV columns");
    let listed: Vec<&str> = listed.split(',').map(|c| c.trim()).collect();
    let written: Vec<&str> = header.split(',').collect();
    assert_eq!(written, listed);
}
