//! `ftzroute plan`: the lists covering the handler's sector, the zones ranked by burden and the
//! lists a zone could apply by reference, for every example profile.

use ftzroute_e2e::*;
use serde_json::Value;

fn plan(profile: &str, format: &str) -> std::process::Output {
    let packs = packs_dir();
    run(&[
        "plan",
        &example(profile),
        "--format",
        format,
        "--packs",
        packs.to_str().unwrap(),
    ])
}

#[test]
fn every_example_is_planned_with_every_zone_ranked() {
    let examples = example_profiles();
    assert!(examples.len() >= 6, "{examples:?}");
    for profile in examples.iter().map(String::as_str) {
        let output = plan(profile, "json");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{profile}: {}",
            stderr(&output)
        );
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        let zones = report["zones"].as_array().unwrap();
        let ids: Vec<&str> = zones.iter().map(|z| z["zone"].as_str().unwrap()).collect();
        let mut ranked: Vec<String> = ids.iter().map(|id| id.to_string()).collect();
        ranked.sort();
        let mut bundled = bundled_zone_ids();
        bundled.sort();
        assert_eq!(ranked, bundled, "{profile}: every bundled zone is ranked");
        for (index, zone) in zones.iter().enumerate() {
            assert_eq!(zone["rank"].as_u64(), Some(index as u64 + 1));
            assert!(
                zone["outcome"]["strictest"].is_string(),
                "{profile}: {zone}"
            );
        }
        let table = stdout(&plan(profile, "table"));
        assert!(
            table.contains("Zones by burden, lightest first:"),
            "{table}"
        );
        let markdown = stdout(&plan(profile, "markdown"));
        assert!(markdown.starts_with("# Zone plan: sector `"), "{markdown}");
    }
}

#[test]
fn the_biologics_maker_is_lighter_under_its_list_than_nationally() {
    let output = plan("suzhou-biologics.toml", "json");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let lists: Vec<&str> = report["lists"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["pack"].as_str().unwrap())
        .collect();
    assert!(lists.contains(&"jiangsu-biopharma-2025"), "{lists:?}");
    let zones = report["zones"].as_array().unwrap();
    let position = |id: &str| zones.iter().position(|z| z["zone"] == id).unwrap();
    // The list gives contracts where the national thresholds give security assessments.
    assert!(position("jiangsu") < position("national"), "{zones:?}");
    assert_eq!(
        zones[position("jiangsu")]["covering_lists"],
        serde_json::json!(["jiangsu-biopharma-2025"])
    );
    assert_eq!(
        zones[position("national")]["outcome"]["strictest"],
        "security-assessment"
    );
}
