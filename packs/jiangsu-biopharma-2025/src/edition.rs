//! An edition of the list as data: its description (identity and rule table) and the volume
//! bands of each personal-information scenario. The decision logic is shared by every edition,
//! so a later edition is the 2025 one with some fields changed.

use crate::description::description_2025;
use crate::scenario::Scenario;
use crate::terms::id;
use ftzroute_plugin_api::{Description, Route, Step};
use std::collections::{BTreeMap, HashSet};

/// One band of a scenario's ladder: from `from` counted persons (inclusive) up to the next band,
/// rule `rule` decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Band {
    pub from: u64,
    pub rule: String,
}

/// One edition of the Jiangsu biopharmaceutical list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edition {
    /// What `describe` returns: identity, interpretations and every rule the edition can fire.
    pub description: Description,
    /// The bands of every scenario, ascending by `from`, the first from 0.
    pub ladders: BTreeMap<Scenario, Vec<Band>>,
}

const OFF: &str = id::OFF_LIST;

/// The 2025 bands: (first counted person of the band, deciding rule).
#[rustfmt::skip]
const LADDERS_2025: &[(Scenario, &[(u64, &str)])] = &[
    (Scenario::TrialSubject, &[(0, OFF), (10_000, "item-14"), (50_000, "item-7")]),
    (Scenario::Patient, &[(0, OFF), (10_000, "item-15"), (100_000, "item-8")]),
    (Scenario::ProfessionalGeneral, &[(0, OFF), (10_000, "item-16"), (200_000, "item-9")]),
    (Scenario::ProfessionalSensitive, &[(0, OFF), (10_000, "item-17"), (100_000, "item-10")]),
    (Scenario::DeviceUser, &[(0, OFF), (1, "item-18"), (100_000, "item-11")]),
    (Scenario::BusinessContactSensitive, &[(0, OFF), (1, "item-19"), (100_000, "item-12")]),
    (Scenario::OtherGeneral, &[(0, OFF), (100_000, "item-20"), (1_000_000, "item-13")]),
    (Scenario::OtherSensitive, &[(0, OFF), (1, "item-20"), (10_000, "item-13")]),
    (Scenario::TrialSubjectSeriousHarm, &[(0, OFF), (1, "item-7")]),
    (Scenario::PatientSeriousHarm, &[(0, OFF), (1, "item-8")]),
    (Scenario::DeviceUserSeriousHarm, &[(0, OFF), (1, "item-11")]),
];

/// The 2025 edition, in force from 13 August 2025.
pub fn edition_2025() -> Edition {
    let ladders = LADDERS_2025
        .iter()
        .map(|&(scenario, bands)| {
            let bands = bands
                .iter()
                .map(|&(from, rule)| Band {
                    from,
                    rule: rule.to_string(),
                })
                .collect();
            (scenario, bands)
        })
        .collect();
    Edition {
        description: description_2025(),
        ladders,
    }
}

/// How the basis of a list rule names the list; the edition label follows in brackets.
const LIST_BASIS: &str = "Jiangsu FTZ data-export negative list";

impl Edition {
    /// Gives the edition its own label in the basis of every list rule ("... negative list (2026
    /// draft), Tier 2 item 14"), so no rule of a later edition claims to be from 2025.
    pub fn relabel(&mut self, label: &str) {
        let own = format!("{LIST_BASIS} ({label})");
        for rule in &mut self.description.rules {
            if let Some(rest) = rule.basis.strip_prefix(LIST_BASIS) {
                if let Some(close) = rest.find(')') {
                    rule.basis = format!("{own}{}", &rest[close + 1..]);
                }
            }
        }
    }

    /// The bands of a scenario. Every scenario has a ladder in a checked edition.
    pub fn bands(&self, scenario: Scenario) -> &[Band] {
        self.ladders
            .get(&scenario)
            .unwrap_or_else(|| panic!("no ladder for {scenario:?}"))
    }

    /// Moves the band decided by `rule` in `scenario` to start at `from`, or adds such a band
    /// when the ladder has none; the ladder stays ascending.
    pub fn set_band(&mut self, scenario: Scenario, rule: &str, from: u64) {
        let bands = self.ladders.entry(scenario).or_default();
        match bands.iter_mut().find(|band| band.rule == rule) {
            Some(band) => band.from = from,
            None => bands.push(Band {
                from,
                rule: rule.to_string(),
            }),
        }
        bands.sort_by_key(|band| band.from);
    }

    /// The route of a declared rule. A checked edition declares every id the evaluation names,
    /// so a miss here is a programming error.
    pub fn route_of(&self, rule: &str) -> Route {
        self.description
            .rule(rule)
            .map(|declared| declared.route)
            .unwrap_or_else(|| panic!("rule `{rule}` is not declared"))
    }

    /// The rule deciding a scenario's total: the last band starting at or below it.
    pub fn rule_for(&self, scenario: Scenario, total: u64) -> &str {
        self.bands(scenario)
            .iter()
            .rev()
            .find(|band| band.from <= total)
            .map(|band| band.rule.as_str())
            .expect("every ladder starts at 0")
    }

    /// A scenario's ladder as the output carries it.
    pub fn ladder(&self, scenario: Scenario) -> Vec<Step> {
        self.bands(scenario)
            .iter()
            .map(|band| Step {
                from: band.from,
                route: self.route_of(&band.rule),
                rule: band.rule.clone(),
            })
            .collect()
    }

    /// Checks what the evaluation relies on: unique rule ids, every rule id it names declared,
    /// and every scenario's ladder starting at 0 and strictly ascending.
    pub fn check(&self) -> Result<(), String> {
        let mut ids = HashSet::new();
        for rule in &self.description.rules {
            if !ids.insert(rule.id.as_str()) {
                return Err(format!("rule `{}` is declared twice", rule.id));
            }
        }
        for rule in id::ALL {
            if !ids.contains(rule) {
                return Err(format!("rule `{rule}` is not declared"));
            }
        }
        for scenario in Scenario::ALL {
            let bands = self
                .ladders
                .get(&scenario)
                .ok_or_else(|| format!("no ladder for {scenario:?}"))?;
            if bands.first().map(|band| band.from) != Some(0) {
                return Err(format!("the ladder of {scenario:?} does not start at 0"));
            }
            if bands.windows(2).any(|pair| pair[0].from >= pair[1].from) {
                return Err(format!(
                    "the ladder of {scenario:?} is not strictly ascending"
                ));
            }
            if let Some(band) = bands.iter().find(|band| !ids.contains(band.rule.as_str())) {
                return Err(format!(
                    "the ladder of {scenario:?} names undeclared rule `{}`",
                    band.rule
                ));
            }
        }
        Ok(())
    }
}
