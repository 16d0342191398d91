//! The personal-information scenarios of the list and where each export is counted; the
//! ladders of each scenario belong to the edition.

use ftzroute_plugin_api::counting::key;
use ftzroute_plugin_api::{Export, Subject};

/// A counting scenario: exports in the same scenario add their counted persons (unless the
/// scenario counts each export alone) and share one ladder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scenario {
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
    /// Every scenario: each edition has a ladder for each.
    pub const ALL: [Scenario; 11] = [
        Scenario::TrialSubject,
        Scenario::Patient,
        Scenario::ProfessionalGeneral,
        Scenario::ProfessionalSensitive,
        Scenario::DeviceUser,
        Scenario::BusinessContactSensitive,
        Scenario::OtherGeneral,
        Scenario::OtherSensitive,
        Scenario::TrialSubjectSeriousHarm,
        Scenario::PatientSeriousHarm,
        Scenario::DeviceUserSeriousHarm,
    ];

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

    /// The counting-group key the outcomes declare (contract 1.2), stable across editions; `None`
    /// for a scenario whose exports are each counted on their own (see `decide`).
    pub fn key(self) -> Option<String> {
        let id = match self {
            Scenario::TrialSubject => "trial-subject",
            Scenario::Patient => "patient",
            Scenario::ProfessionalGeneral => "professional-general",
            Scenario::ProfessionalSensitive => "professional-sensitive",
            Scenario::DeviceUser => "device-user",
            Scenario::BusinessContactSensitive => "business-contact-sensitive",
            Scenario::OtherGeneral => "other-general",
            Scenario::OtherSensitive => "other-sensitive",
            Scenario::TrialSubjectSeriousHarm
            | Scenario::PatientSeriousHarm
            | Scenario::DeviceUserSeriousHarm => return None,
        };
        Some(key::scenario(id))
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
