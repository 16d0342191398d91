//! How much of each list is known, through the built binary: every bundled example's `eval`
//! (JSON, table, Markdown), `plan` (table, Markdown, JSON) and memo (Markdown, HTML) carry one
//! coverage line per zone; `packs` lists every pack's coverage (table and JSON); a pack built
//! before contract 1.4 reads "coverage not declared"; the handler's persons processed decide the
//! 2022 Measures' Art. 4(2), and a bad figure is refused naming its field.

use ftzroute_e2e::*;
use serde_json::Value;

fn ok(args: &[&str]) -> String {
    let packs = packs_dir();
    let mut all: Vec<&str> = args.to_vec();
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

#[test]
fn every_example_shows_the_coverage_of_every_zone_in_eval_plan_and_the_memo() {
    let zones = bundled_zone_ids();
    assert_eq!(zones.len(), 10);
    for profile in example_profiles() {
        let path = example(&profile);
        let p = path.as_str();
        let report: Value = serde_json::from_str(&ok(&["eval", p, "--format", "json"])).unwrap();
        for zone in report["zones"].as_array().unwrap() {
            let coverage = &zone["coverage"];
            assert!(coverage["pack"].is_string(), "{profile}: {zone}");
            assert_eq!(coverage["declared"], true, "{profile}: {zone}");
            assert!(
                coverage["coverage"]["rows"]["encoded"].is_u64(),
                "{profile}"
            );
            assert!(coverage["summary"].is_string(), "{profile}");
        }
        let table = ok(&["eval", p, "--format", "table"]);
        let markdown = ok(&["eval", p, "--format", "markdown"]);
        let plan = ok(&["plan", p, "--format", "table"]);
        let plan_md = ok(&["plan", p, "--format", "markdown"]);
        let plan_json: Value = serde_json::from_str(&ok(&["plan", p, "--format", "json"])).unwrap();
        let memo = ok(&["memo", p]);
        let html = ok(&["memo", p, "--format", "html"]);
        assert!(
            table.contains("How much of each list is encoded:"),
            "{table}"
        );
        assert!(
            markdown.contains("How much of each list is encoded:"),
            "{markdown}"
        );
        assert!(memo.contains("| list encoded |"), "{memo}");
        let section = |text: &str| -> String {
            let start = text.find("How much of each list is encoded:").unwrap();
            let rest = &text[start..];
            // The heading, (Markdown: a blank line,) the lines, then a blank line.
            let body = rest.split_once(":\n").unwrap().1.trim_start_matches('\n');
            body.split("\n\n").next().unwrap().to_string()
        };
        let (table_lines, markdown_lines) = (section(&table), section(&markdown));
        assert_eq!(table_lines.lines().count(), zones.len(), "{table_lines}");
        for zone in &zones {
            let line = format!("  {zone}: ");
            assert_eq!(
                table_lines.matches(&line).count(),
                1,
                "{profile} {zone}: {table_lines}"
            );
            assert_eq!(
                markdown_lines.matches(&format!("- {zone}: ")).count(),
                1,
                "{profile} {zone}: {markdown_lines}"
            );
            let mut capital = zone.clone();
            capital.replace_range(..1, &zone[..1].to_uppercase());
            assert_eq!(
                memo.matches(&format!("- {capital}")).count(),
                1,
                "{profile} {zone}: {memo}"
            );
            assert!(html.contains(&capital), "{profile} {zone}");
            let ranked = plan
                .lines()
                .find(|l| l.split_whitespace().nth(1) == Some(zone.as_str()))
                .unwrap_or_else(|| panic!("{profile} {zone}: {plan}"));
            assert!(
                ranked.contains("/") && ranked.ends_with(']'),
                "{profile} {zone}: {ranked}"
            );
            assert!(plan_md.contains(&format!("`{zone}`")), "{profile} {zone}");
        }
        for entry in plan_json["zones"].as_array().unwrap() {
            assert!(
                entry["coverage"]["summary"].is_string(),
                "{profile}: {entry}"
            );
        }
    }
}

#[test]
fn a_list_known_only_by_identity_says_so_where_the_route_is_read() {
    let p = example("suzhou-biologics.toml");
    let table = ok(&["eval", &p, "--format", "table"]);
    assert!(
        table.contains("  tianjin: list 0/13 classes (tianjin-ftz-2024)"),
        "{table}"
    );
    assert!(
        table.contains("  jiangsu: list 21/21 items, sectors 1/1, rows secondary"),
        "{table}"
    );
    let memo = ok(&["memo", &p]);
    assert!(
        memo.contains("Tianjin's list is encoded only as identity: its rows were not available"),
        "{memo}"
    );
    assert!(memo.contains("| list 0/13 classes |"), "{memo}");
    let plan = ok(&["plan", &p, "--format", "table"]);
    assert!(plan.contains("list 0/13 classes]"), "{plan}");
}

#[test]
fn packs_lists_every_packs_coverage_and_an_old_pack_declares_none() {
    let table = ok(&["packs"]);
    assert!(
        table.contains("    coverage: list 0/13 classes (tianjin-ftz-2024)"),
        "{table}"
    );
    assert!(
        table.contains("    coverage: list 0/? rows (fujian-ftz-2025)"),
        "{table}"
    );
    assert!(
        table.contains("    coverage: 7/7 articles, rows verbatim-copy (national-cbdf-2024)"),
        "{table}"
    );
    let json: Value = serde_json::from_str(&ok(&["packs", "--format", "json"])).unwrap();
    let packs = json.as_array().unwrap();
    assert!(packs.len() >= 13);
    for pack in packs {
        assert_eq!(pack["coverage"]["declared"], true, "{pack}");
    }
    let beijing = packs
        .iter()
        .find(|p| p["id"] == "beijing-two-zones-2025")
        .unwrap();
    assert_eq!(beijing["coverage"]["coverage"]["sectors"]["of"], 9);
    assert_eq!(beijing["coverage"]["coverage"]["scenarios"]["of"], 67);
    assert_eq!(beijing["issued"], "2026-05-11");

    // A contract 1.0 pack (the C example) declares no coverage.
    let builds = tempfile::tempdir().unwrap();
    let tiny = build_c_pack(builds.path(), "tiny_c", &[]);
    let dir = pack_dir_with(&[tiny]);
    let output = run(&["packs", "--packs", dir.path().to_str().unwrap()]);
    let listed = stdout(&output);
    assert!(
        listed.contains("    coverage: coverage not declared (contract 1.0 pack"),
        "{listed}"
    );
    let output = run(&[
        "packs",
        "--format",
        "json",
        "--packs",
        dir.path().to_str().unwrap(),
    ]);
    let json: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json[0]["coverage"]["declared"], false, "{json}");
    assert_eq!(json[0]["coverage"]["coverage"], Value::Null, "{json}");
}

fn processed_profile(dir: &std::path::Path, processed: &str) -> String {
    let path = dir.join("processor.toml");
    std::fs::write(
        &path,
        format!(
            "as_of = 2023-10-01\n[handler]\nname = \"Example Retail Co., Ltd.\"\nsector = \"retail\"\n\
             persons_processed = {processed}\n\n[[export]]\nid = \"members\"\nkind = \"personal\"\n\
             persons = 500\n"
        ),
    )
    .unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn persons_processed_decides_art_4_2_of_the_2022_measures_and_a_bad_figure_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let route = |processed: &str| -> String {
        let p = processed_profile(dir.path(), processed);
        let json: Value =
            serde_json::from_str(&ok(&["eval", &p, "--zone", "national", "--format", "json"]))
                .unwrap();
        json["zones"][0]["exports"][0]["route"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(route("999999"), "standard-contract-or-certification");
    assert_eq!(route("1000000"), "security-assessment");
    for bad in ["-1", "\"many\"", "1.5"] {
        let p = processed_profile(dir.path(), bad);
        let output = run(&["eval", &p, "--packs", packs_dir().to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{bad}: {}", stderr(&output));
        let message = stderr(&output);
        assert!(
            message.contains("processor.toml:5:") && message.contains("handler.persons_processed"),
            "{bad}: {message}"
        );
    }
}
