//! Sectors and scenarios belong to packs. A profile may name any, but a sector no loaded pack
//! knows that nearly matches a known one is most likely a typo, and a typo there silently changes
//! the law that decides (no list covers it, so the national baseline does): it is a profile
//! error, with a "did you mean". A profile whose sector is deliberately outside every list says
//! so with `handler.sector_outside_lists = true`, and every output then carries that as a note.
//! A scenario that nearly matches a known one gets a "did you mean" warning.

use crate::common::input::InputError;
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

/// Every sector id the loaded packs name (their aliases included), without the wildcard.
fn known_sectors<'a>(descriptions: &[&'a Description]) -> BTreeSet<&'a str> {
    descriptions
        .iter()
        .flat_map(|d| d.sectors.iter().map(String::as_str))
        .filter(|s| *s != ALL_SECTORS)
        .collect()
}

/// Checks the profile's sector and scenarios against the loaded packs. A near-miss sector not
/// declared outside the lists, or a sector declared outside them that a pack names, is an
/// error pointing at the value; otherwise the declaration becomes a profile note and each
/// near-miss scenario a warning, both added to the profile so that every output carries them.
pub fn check(profile: &mut Profile, descriptions: &[&Description]) -> Result<(), InputError> {
    let sectors = known_sectors(descriptions);
    let scenarios: BTreeSet<&str> = descriptions
        .iter()
        .flat_map(|d| d.scenarios.iter().map(|s| s.id.as_str()))
        .collect();
    let places = &profile.places;
    let sector = profile.handler.sector.as_str();
    if profile.sector_outside_lists {
        if sectors.contains(sector) {
            let packs: Vec<String> = descriptions
                .iter()
                .filter(|d| d.sectors.iter().any(|s| s == sector))
                .map(|d| format!("`{}`", d.id))
                .collect();
            return Err(places.error(
                places.sector_outside_lists,
                "handler.sector_outside_lists",
                format!(
                    "the sector `{sector}` is declared outside every list, but {} names it; \
                     remove `sector_outside_lists` to have that list decide",
                    packs.join(", ")
                ),
            ));
        }
    } else if let Some(known) = near_miss(sector, &sectors) {
        return Err(places.error(
            places.sector,
            "handler.sector",
            format!(
                "`{sector}` is not a sector of any loaded pack; did you mean `{known}`? (if the \
                 sector is deliberately outside every list, say so with \
                 `sector_outside_lists = true` under [handler])"
            ),
        ));
    }
    let mut warnings = Vec::new();
    for (index, export) in profile.exports.iter().enumerate() {
        let Some(scenario) = export.scenario.as_deref() else {
            continue;
        };
        if let Some(known) = near_miss(scenario, &scenarios) {
            warnings.push(
                places
                    .error(
                        places.scenarios.get(index).copied().flatten(),
                        format!("export[{index}].scenario"),
                        format!(
                            "`{scenario}` (export `{}`) is not a scenario of any loaded pack; \
                             did you mean `{known}`?",
                            export.id
                        ),
                    )
                    .to_string(),
            );
        }
    }
    if profile.sector_outside_lists {
        let note = format!(
            "The profile declares the sector `{sector}` outside every list \
             (handler.sector_outside_lists): no list covers it, and the national baseline decides."
        );
        if !profile.notes.contains(&note) {
            profile.notes.push(note);
        }
    }
    for warning in warnings {
        if !profile.warnings.contains(&warning) {
            profile.warnings.push(warning);
        }
    }
    Ok(())
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
            id: "p".into(),
            ..Description::default()
        }
    }

    fn profile(sector: &str, scenario: &str, outside: bool) -> Profile {
        Profile::parse(
            std::path::Path::new("p.toml"),
            &format!(
                "as_of = 2025-10-01\n[handler]\nname = 'h'\nsector = '{sector}'\nsector_outside_lists = {outside}\n[[export]]\nid = 'buyers'\nkind = 'personal'\npersons = 10\nscenario = '{scenario}'\n"
            ),
        )
        .unwrap()
    }

    fn checked(sector: &str, scenario: &str, outside: bool) -> Result<Profile, InputError> {
        let packs = [
            description(&["e-commerce", "automotive"], &["cross-border-retail"]),
            description(&["*"], &[]),
        ];
        let descriptions: Vec<&Description> = packs.iter().collect();
        let mut profile = profile(sector, scenario, outside);
        check(&mut profile, &descriptions).map(|()| profile)
    }

    #[test]
    fn a_near_miss_sector_is_an_error_pointing_at_it_with_a_did_you_mean() {
        let error = checked("e-comerce", "cross-border-retail", false).unwrap_err();
        assert_eq!(
            error.to_string(),
            "p.toml:4:10: field `handler.sector`: `e-comerce` is not a sector of any loaded pack; \
             did you mean `e-commerce`? (if the sector is deliberately outside every list, say so \
             with `sector_outside_lists = true` under [handler])"
        );
        // Exact ids, and ids far from any known one, are neither errors nor notes.
        for sector in ["automotive", "shipping"] {
            let profile = checked(sector, "cross-border-retail", false).unwrap();
            assert!(profile.notes.is_empty() && profile.warnings.is_empty());
        }
    }

    #[test]
    fn a_sector_declared_outside_the_lists_is_a_note_unless_a_pack_names_it() {
        for sector in ["e-comerce", "shipping"] {
            let profile = checked(sector, "cross-border-retail", true).unwrap();
            assert_eq!(profile.notes.len(), 1, "{:?}", profile.notes);
            assert!(
                profile.notes[0].contains(&format!("sector `{sector}` outside every list")),
                "{}",
                profile.notes[0]
            );
        }
        let error = checked("automotive", "cross-border-retail", true).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("p.toml:5:24: field `handler.sector_outside_lists`: the sector `automotive` is declared outside every list, but `p` names it"),
            "{error}"
        );
    }

    #[test]
    fn a_near_miss_scenario_is_a_warning_naming_its_place() {
        let profile = checked("automotive", "cross-border-retai", false).unwrap();
        assert_eq!(
            profile.warnings,
            ["p.toml:10:12: field `export[0].scenario`: `cross-border-retai` (export `buyers`) is \
              not a scenario of any loaded pack; did you mean `cross-border-retail`?"]
        );
        assert!(checked("automotive", "crew-records", false)
            .unwrap()
            .warnings
            .is_empty());
    }
}
