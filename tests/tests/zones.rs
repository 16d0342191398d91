//! The bundled zones with every bundled pack: every example profile is judged in every zone, each
//! zone's own list decides where it covers the sector, and a list whose rows were not seen answers
//! `undetermined` with a note saying where to read it, never the national route.

use ftzroute_e2e::*;
use serde_json::Value;

fn eval_json(profile: &str) -> Value {
    let packs = packs_dir();
    let output = run(&[
        "eval",
        profile,
        "--format",
        "json",
        "--packs",
        packs.to_str().unwrap(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{profile}: {}",
        stderr(&output)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn every_example_is_judged_in_every_bundled_zone() {
    let bundled = bundled_zone_ids();
    for name in [
        "beijing",
        "tianjin",
        "shanghai",
        "hainan",
        "zhejiang",
        "chongqing",
        "guangxi",
        "fujian",
    ] {
        assert!(bundled.iter().any(|z| z == name), "zone {name} is bundled");
    }
    // Ten zones; Guangdong's list is not known to exist, so it has none.
    assert_eq!(bundled.len(), 10, "{bundled:?}");
    assert!(!bundled.iter().any(|z| z == "guangdong"), "{bundled:?}");
    for profile in example_profiles() {
        let report = eval_json(&example(&profile));
        let zones: Vec<&str> = report["zones"]
            .as_array()
            .unwrap()
            .iter()
            .map(|z| z["zone"].as_str().unwrap())
            .collect();
        assert_eq!(zones, bundled, "{profile}");
        for zone in report["zones"].as_array().unwrap() {
            for export in zone["exports"].as_array().unwrap() {
                assert!(
                    export["pack"].is_string(),
                    "{profile}: {} in {} was decided by no pack: {export}",
                    export["id"],
                    zone["zone"]
                );
                if export["route"] == "undetermined" {
                    let notes = export["notes"].to_string();
                    assert!(
                        notes.contains("not seen") || notes.contains("cannot be determined"),
                        "{profile}: an undetermined export says why: {export}"
                    );
                }
            }
        }
    }
}

#[test]
fn each_new_example_is_decided_by_its_own_zones_list() {
    let ecommerce = eval_json(&example("hangzhou-ecommerce.toml"));
    let merchants = zone_export(&ecommerce, "zhejiang", "merchants");
    assert_eq!(merchants["pack"], "zhejiang-ftz-2024");
    assert_eq!(merchants["list_item"], 4);
    // Merchants and returns share item 4's scenarios: 1,400,000 + 80,000 counted.
    assert_eq!(
        zone_export(&ecommerce, "zhejiang", "returns")["list_item"],
        4
    );
    assert_eq!(
        zone_export(&ecommerce, "national", "merchants")["route"],
        "security-assessment"
    );

    let vehicles = eval_json(&example("chongqing-icv.toml"));
    let owners = zone_export(&vehicles, "chongqing", "owners");
    assert_eq!(owners["pack"], "chongqing-ftz-2025");
    assert_eq!(owners["route"], "standard-contract-or-certification");
    // The Beijing list's automotive rows were not seen: undetermined, not the national route.
    let beijing = zone_export(&vehicles, "beijing", "owners");
    assert_eq!(beijing["route"], "undetermined");
    assert_eq!(beijing["pack"], "beijing-ftz-2024");

    let shipping = eval_json(&example("shanghai-shipping.toml"));
    let bookings = zone_export(&shipping, "shanghai", "bookings");
    assert_eq!(bookings["pack"], "shanghai-ftz-2024");
    assert_eq!(bookings["list_item"], 8);
    assert_eq!(bookings["route"], "security-assessment");
    let crew = zone_export(&shipping, "shanghai", "crew");
    assert_eq!(crew["route"], "undetermined");
    assert!(crew["notes"].to_string().contains("crew-management"));
}

#[test]
fn a_profile_dated_before_the_cbdf_provisions_is_judged_by_the_2022_measures() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("audit-2023.toml");
    std::fs::write(
        &profile,
        "as_of = 2023-10-01\n[handler]\nname = \"Example Retail Co., Ltd.\"\nsector = \"retail\"\n\
         ciio = false\n[[export]]\nid = \"members\"\nkind = \"personal\"\npersons = 150000\n",
    )
    .unwrap();
    let report = eval_json(profile.to_str().unwrap());
    for zone in report["zones"].as_array().unwrap() {
        let members = &zone["exports"][0];
        // 150,000 persons: a contract under the 2024 Provisions, an assessment in 2023.
        if members["pack"] == "national-sam-2022" {
            assert_eq!(members["route"], "security-assessment", "{}", zone["zone"]);
            assert!(members["notes"]
                .to_string()
                .contains("since 1 January 2022"));
        } else {
            // Only the lists not yet issued on 2023-10-01 could decide otherwise: none is.
            panic!("{} was decided by {}", zone["zone"], members["pack"]);
        }
    }
}
