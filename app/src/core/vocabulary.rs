//! Sectors and scenarios belong to packs. A profile may name any: an id no loaded pack knows is
//! not an error (no list covers it, and the national baseline decides), but one that nearly
//! matches a known id is most likely a typo, and gets a "did you mean" warning.

use crate::core::profile::Profile;
use ftzroute_plugin_api::{Description, ALL_SECTORS};
use std::collections::BTreeSet;

/// How alike two ids must be to be taken for a typo of one another.
const NEAR: f64 = 0.88;

/// The known id most like `given`, when `given` is unknown but near one.
fn near_miss<'a>(given: &str, known: &BTreeSet<&'a str>) -> Option<&'a str> {
    if known.contains(given) {
        return None;
    }
    known
        .iter()
        .map(|candidate| (strsim::jaro_winkler(given, candidate), *candidate))
        .filter(|(score, _)| *score >= NEAR)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// Warnings for the profile's sector and export scenarios that nearly match an id of a loaded
/// pack.
pub fn warnings(profile: &Profile, descriptions: &[&Description]) -> Vec<String> {
    let sectors: BTreeSet<&str> = descriptions
        .iter()
        .flat_map(|d| d.sectors.iter().map(String::as_str))
        .filter(|s| *s != ALL_SECTORS)
        .collect();
    let scenarios: BTreeSet<&str> = descriptions
        .iter()
        .flat_map(|d| d.scenarios.iter().map(|s| s.id.as_str()))
        .collect();
    let mut found = Vec::new();
    let sector = &profile.handler.sector;
    if let Some(known) = near_miss(sector, &sectors) {
        found.push(format!(
            "handler.sector `{sector}` is not a sector of any loaded pack, so no list covers it and the national baseline decides; did you mean `{known}`?"
        ));
    }
    for (index, export) in profile.exports.iter().enumerate() {
        let Some(scenario) = export.scenario.as_deref() else {
            continue;
        };
        if let Some(known) = near_miss(scenario, &scenarios) {
            found.push(format!(
                "export[{index}].scenario `{scenario}` (export `{}`) is not a scenario of any loaded pack; did you mean `{known}`?",
                export.id
            ));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use ftzroute_plugin_api::ScenarioLabel;

    fn description(sectors: &[&str], scenarios: &[&str]) -> Description {
        Description {
            sectors: sectors.iter().map(|s| s.to_string()).collect(),
            scenarios: scenarios
                .iter()
                .map(|id| ScenarioLabel {
                    id: id.to_string(),
                    label_zh: "场景".into(),
                    label_en: "scenario".into(),
                    sectors: vec![],
                    exemption_hint: None,
                })
                .collect(),
            ..Description::default()
        }
    }

    fn profile(sector: &str, scenario: &str) -> Profile {
        Profile::parse(
            std::path::Path::new("p.toml"),
            &format!(
                "as_of = 2025-10-01\n[handler]\nname = 'h'\nsector = '{sector}'\n[[export]]\nid = 'buyers'\nkind = 'personal'\npersons = 10\nscenario = '{scenario}'\n"
            ),
        )
        .unwrap()
    }

    #[test]
    fn near_misses_get_a_did_you_mean_and_unknown_ids_do_not() {
        let packs = [
            description(&["e-commerce", "automotive"], &["cross-border-retail"]),
            description(&["*"], &[]),
        ];
        let descriptions: Vec<&Description> = packs.iter().collect();

        let typo = warnings(&profile("e-comerce", "cross-border-retai"), &descriptions);
        assert_eq!(typo.len(), 2, "{typo:?}");
        assert!(
            typo[0].contains("did you mean `e-commerce`?"),
            "{}",
            typo[0]
        );
        assert!(
            typo[0].starts_with("handler.sector `e-comerce`"),
            "{}",
            typo[0]
        );
        assert!(
            typo[1].starts_with("export[0].scenario `cross-border-retai` (export `buyers`)")
                && typo[1].ends_with("did you mean `cross-border-retail`?"),
            "{}",
            typo[1]
        );

        // Exact ids, and ids far from any known one, are not warned about.
        assert!(warnings(&profile("automotive", "cross-border-retail"), &descriptions).is_empty());
        assert!(warnings(&profile("shipping", "crew-records"), &descriptions).is_empty());
    }
}
