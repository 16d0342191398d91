//! The personal-information scenarios of the list and their volume ladders.

use crate::rules::{id, route_of};
use ftzroute_plugin_api::{Export, Step, Subject};

/// A counting scenario: exports in the same scenario add their counted persons (unless the
/// scenario counts each export alone) and share one ladder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scenario {
    TrialSubject,
    Patient,
    ProfessionalGeneral,
    ProfessionalSensitive,
    DeviceUser,
    BusinessContactSensitive,
    OtherGeneral,
    OtherSensitive,
    TrialSubjectSeriousHarm,
    PatientSeriousHarm,
    DeviceUserSeriousHarm,
}

impl Scenario {
    /// How the scenario is named in the output.
    pub fn label(self) -> &'static str {
        match self {
            Scenario::TrialSubject => "clinical-trial subjects (items 7 / 14)",
            Scenario::Patient => "patients without real name and contact details (items 8 / 15)",
            Scenario::ProfessionalGeneral => {
                "healthcare professionals and similar persons, general PI (items 9 / 16)"
            }
            Scenario::ProfessionalSensitive => {
                "healthcare professionals and similar persons, sensitive PI (items 10 / 17)"
            }
            Scenario::DeviceUser => {
                "medical-device after-sales users without real name and contact details (items 11 / 18)"
            }
            Scenario::BusinessContactSensitive => {
                "medical-business contact persons, sensitive PI (items 12 / 19)"
            }
            Scenario::OtherGeneral => "all other scenarios, non-sensitive PI (items 13 / 20)",
            Scenario::OtherSensitive => "all other scenarios, sensitive PI (items 13 / 20)",
            Scenario::TrialSubjectSeriousHarm => {
                "clinical-trial subjects, health data at serious harm or above (item 7)"
            }
            Scenario::PatientSeriousHarm => "patients, health data at serious harm or above (item 8)",
            Scenario::DeviceUserSeriousHarm => {
                "medical-device after-sales users, health data at serious harm or above (item 11)"
            }
        }
    }

    /// The bands over the scenario's total: (first counted person of the band, deciding rule).
    pub fn bands(self) -> &'static [(u64, &'static str)] {
        const OFF: &str = id::OFF_LIST;
        match self {
            Scenario::TrialSubject => &[(0, OFF), (10_000, "item-14"), (50_000, "item-7")],
            Scenario::Patient => &[(0, OFF), (10_000, "item-15"), (100_000, "item-8")],
            Scenario::ProfessionalGeneral => &[(0, OFF), (10_000, "item-16"), (200_000, "item-9")],
            Scenario::ProfessionalSensitive => {
                &[(0, OFF), (10_000, "item-17"), (100_000, "item-10")]
            }
            Scenario::DeviceUser => &[(0, OFF), (1, "item-18"), (100_000, "item-11")],
            Scenario::BusinessContactSensitive => &[(0, OFF), (1, "item-19"), (100_000, "item-12")],
            Scenario::OtherGeneral => &[(0, OFF), (100_000, "item-20"), (1_000_000, "item-13")],
            Scenario::OtherSensitive => &[(0, OFF), (1, "item-20"), (10_000, "item-13")],
            Scenario::TrialSubjectSeriousHarm => &[(0, OFF), (1, "item-7")],
            Scenario::PatientSeriousHarm => &[(0, OFF), (1, "item-8")],
            Scenario::DeviceUserSeriousHarm => &[(0, OFF), (1, "item-11")],
        }
    }

    /// Serious-harm exports are taken out of their scenario's total and judged on their own.
    pub fn cumulative(self) -> bool {
        !matches!(
            self,
            Scenario::TrialSubjectSeriousHarm
                | Scenario::PatientSeriousHarm
                | Scenario::DeviceUserSeriousHarm
        )
    }

    /// The ladder as the output carries it.
    pub fn ladder(self) -> Vec<Step> {
        self.bands()
            .iter()
            .map(|&(from, rule)| Step {
                from,
                route: route_of(rule),
                rule: rule.to_string(),
            })
            .collect()
    }

    /// The rule deciding a total: the last band starting at or below it.
    pub fn rule_for(self, total: u64) -> &'static str {
        self.bands()
            .iter()
            .rev()
            .find(|(from, _)| *from <= total)
            .map(|(_, rule)| *rule)
            .expect("every ladder starts at 0")
    }
}

/// Where a personal export of a handler that is not a CIIO is counted, with the notes that
/// explain a placement the user might not expect.
pub(crate) struct Placement {
    pub scenario: Scenario,
    pub notes: Vec<String>,
}

const SERIOUS_HARM_NOT_APPLIED: &str = "The list's serious-harm escalation covers only the \
    clinical-trial, patient and medical-device after-sales items, so it does not change this \
    export's route.";

fn catch_all(sensitive: bool) -> Scenario {
    if sensitive {
        Scenario::OtherSensitive
    } else {
        Scenario::OtherGeneral
    }
}

pub(crate) fn place(export: &Export, subject: Subject) -> Placement {
    let mut notes = Vec::new();
    let scenario = match subject {
        Subject::TrialSubject if export.serious_harm => {
            notes.push(serious_harm_note(14, 7));
            Scenario::TrialSubjectSeriousHarm
        }
        Subject::TrialSubject => Scenario::TrialSubject,
        Subject::Patient | Subject::DeviceUser if export.name_and_contact => {
            let items = if subject == Subject::Patient {
                "patient data outside items 8 / 15"
            } else {
                "device after-sales data outside items 11 / 18"
            };
            notes.push(format!(
                "Real names and contact details take this {items}; it is judged under the \
                 catch-all scenario (items 13 / 20)."
            ));
            if export.serious_harm {
                notes.push(SERIOUS_HARM_NOT_APPLIED.to_string());
            }
            catch_all(export.sensitive)
        }
        Subject::Patient if export.serious_harm => {
            notes.push(serious_harm_note(15, 8));
            Scenario::PatientSeriousHarm
        }
        Subject::Patient => Scenario::Patient,
        Subject::DeviceUser if export.serious_harm => {
            notes.push(serious_harm_note(18, 11));
            Scenario::DeviceUserSeriousHarm
        }
        Subject::DeviceUser => Scenario::DeviceUser,
        Subject::Professional | Subject::BusinessContact | Subject::Other => {
            if export.serious_harm {
                notes.push(SERIOUS_HARM_NOT_APPLIED.to_string());
            }
            match subject {
                Subject::Professional if export.sensitive => Scenario::ProfessionalSensitive,
                Subject::Professional => Scenario::ProfessionalGeneral,
                Subject::BusinessContact if export.sensitive => Scenario::BusinessContactSensitive,
                Subject::BusinessContact => {
                    notes.push(
                        "Items 12 / 19 cover only sensitive personal information of \
                         medical-business contacts; non-sensitive contact data is judged under the \
                         catch-all scenario (items 13 / 20)."
                            .to_string(),
                    );
                    Scenario::OtherGeneral
                }
                _ => catch_all(export.sensitive),
            }
        }
    };
    Placement { scenario, notes }
}

fn serious_harm_note(tier2: u32, tier1: u32) -> String {
    format!(
        "Health data assessed at \"serious harm to social order, economic operation and national \
         security\" or above is taken out of Tier 2 item {tier2} and falls under Tier 1 item {tier1} \
         from the first counted person; this export is counted on its own."
    )
}
