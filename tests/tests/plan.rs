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
    for profile in [
        "suzhou-biologics.toml",
        "nanjing-devices.toml",
        "jiangsu-cro.toml",
    ] {
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
        assert!(
            ids.contains(&"jiangsu") && ids.contains(&"national"),
            "{profile}: {ids:?}"
        );
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
