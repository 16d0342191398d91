//! The 2025 edition's identity, interpretations and coverage: what `describe` says besides the
//! rules.

use crate::duties::DUTIES;
use crate::rules::RULES;
use crate::terms::{id, list_en, list_zh, measures_en, measures_zh};
use ftzroute_plugin_api::duties::obligations;
use ftzroute_plugin_api::{Confidence, Coverage, Description, Share, Source, CONTRACT_MINOR};

const INTERPRETATIONS: &[&str] = &[
    "Boundaries: \"N or more\" (以上) includes N and \"under N\" (不满) excludes it, so item 7 applies from \
     exactly 50,000 clinical-trial subjects and item 14 covers 10,000 up to 49,999.",
    "Counting: an export's counted persons are its persons minus those sent under CBDF Provisions Arts 3, 4, \
     5(1)-(3) or 6, which the list leaves out of its volumes. Counts are cumulative per scenario (the pair of a \
     Tier 1 and a Tier 2 item, e.g. items 8 and 15 for patients): the counted persons of every export of the \
     profile in that scenario are added, and each of them takes the band the total reaches. Healthcare \
     professionals' general and sensitive information are separate scenarios (items 9/16 and 10/17), and the \
     catch-all (items 13/20) adds sensitive and non-sensitive information separately.",
    "The list is read literally for the sectors it covers: data on the list takes the list's route and data \
     off the list, including a volume below a scenario's Tier 2 band, is exempt (Measures Art. 10). Where the \
     national CBDF Provisions would be more lenient, notably Art. 5(4) for fewer than 100,000 persons of \
     non-sensitive information, the list's route is kept and a note says so.",
    "A critical information infrastructure operator needs a security assessment for any counted personal \
     information or any important data (Measures Art. 8(1)); the list's volume bands do not apply to it, but \
     persons sent under CBDF Provisions Arts 3, 4, 5(1)-(3) or 6 are still left out.",
    "Important data takes a security assessment when an authority has notified or publicly published it as \
     important data (Tier 1 items 1-6); data not so notified need not be declared as important data \
     (Measures Art. 17).",
    "Clinical-trial, patient and device after-sales health data assessed at \"serious harm to social order, \
     economic operation and national security\" or above leaves Tier 2 (items 14, 15, 18) and takes the Tier 1 \
     item (7, 8, 11) from the first counted person; such an export is counted on its own.",
    "Patient and device after-sales data that includes real names and contact details, and non-sensitive \
     medical-business contact data, fall outside their named items and are judged under the catch-all \
     (items 13/20). Items 18, 19 and the sensitive branch of item 20 name no lower bound, so they apply from \
     the first counted person.",
    "Decided before any threshold, in this order: national core data (Measures Art. 22, never under the \
     list), export-controlled data (Measures Art. 23, the export-control regime governs), then general data \
     with no personal information and no important data (exempt, CBDF Provisions Art. 3).",
    "Human genetic data falls under item 21 and the human genetic resources regime; it is exempt from the CAC \
     procedures once the HGR administrative licensing and filing duties are fulfilled. The HGR prior-report \
     and review duties run alongside in every case.",
    "Duties (Measures Arts 12 and 14): the report to the Area Administrative Committee, the incident \
     report and the consistency duty are read as reaching every export that relies on the list, the \
     off-list exemption of Art. 10 included (the Measures address \"a handler using the negative list\"). \
     The national procedure's duties (filing a standard contract, an assessment's validity and \
     extension, notice and consent) come from the national baseline pack.",
    "The Measures take effect on issuance, 13 August 2025, for a two-year trial period (Art. 25). The end of \
     that period (12 August 2027) is shown as the trial's end, not encoded as an end of force, since the \
     Measures may be extended or replaced; check the list is still in force for exports after August 2027.",
];

/// The 2025 edition's identity and every rule it can fire.
pub(crate) fn description_2025() -> Description {
    Description {
        id: "jiangsu-biopharma-2025".into(),
        zone: "jiangsu".into(),
        name: "China (Jiangsu) Pilot FTZ data-export negative list: biopharmaceutical sector".into(),
        edition: "2025".into(),
        issuers: vec![
            "Jiangsu Provincial Cyberspace Administration".into(),
            "Jiangsu Provincial Department of Commerce".into(),
            "Jiangsu Provincial Data Administration".into(),
        ],
        issued: "2025-08-13".into(),
        effective_from: "2025-08-13".into(),
        effective_until: None,
        sectors: [
            "api-manufacturing",
            "chemical-drug-manufacturing",
            "biological-drug-manufacturing",
            "medical-device-manufacturing",
        ]
        .map(String::from)
        .to_vec(),
        source: Source {
            title_zh: concat!(list_zh!(), "及", measures_zh!()).into(),
            title_en: concat!(list_en!(), ", and the ", measures_en!()).into(),
            reference: "Issued 13 August 2025 by the Jiangsu Provincial Cyberspace Administration, \
                        Department of Commerce and Data Administration, in force on issuance (Measures \
                        Art. 25); English renderings are unofficial and the Chinese text controls"
                .into(),
        },
        obligations: obligations(DUTIES),
        calendar: Vec::new(),
        interpretations: INTERPRETATIONS.iter().map(|s| s.to_string()).collect(),
        rules: RULES.rules(),
        contract_minor: CONTRACT_MINOR,
        trial_until: Some("2027-08-12".into()),
        read_at: vec![
            "Chinese original and an English working translation: datacompliancechina.com/resources/negative-lists"
                .into(),
            "Notice of the Jiangsu Provincial Cyberspace Administration and two other departments, 18 August 2025 \
             (WeChat repost, with the list attached)"
                .into(),
        ],
        use_conditions: vec![
            "Report the data-export situation to the Area Administrative Committee: business scenario, \
             catalogue of exported data, scale and overseas recipient (Measures Art. 12)."
                .into(),
            "Report a data-export security incident or rising risk promptly to the Area Administrative \
             Committee; where national security or the public interest is endangered, within 24 hours to \
             the Committee and the provincial authorities (Measures Art. 12)."
                .into(),
            "The Committees run consistency spot checks between actual exports and the filed materials; \
             a handler that departs from them may be ordered to suspend and rectify (Measures Art. 14)."
                .into(),
        ],
        coverage: Some(coverage()),
        ..Default::default()
    }
}

/// The whole list is encoded (contract 1.4): items 1-6 (important data) by one rule, named once
/// per item, and items 7-21 by a rule each (item 21's cleared variant is the same row).
fn coverage() -> Coverage {
    let mut row_rules = vec![id::IMPORTANT.to_string(); 6];
    row_rules.extend(
        RULES
            .0
            .iter()
            .filter(|row| row.list_item.is_some() && row.id != id::GENETIC_CLEARED)
            .map(|row| row.id.to_string()),
    );
    Coverage {
        rows: Share {
            encoded: 21,
            of: Some(21),
        },
        unit: "items".into(),
        row_rules,
        sectors: Some(Share {
            encoded: 1,
            of: Some(1),
        }),
        scenarios: None,
        confidence: Some(Confidence::Secondary),
        note: Some(
            "Items 1-21, the whole list, known through an English working translation; the \
             Chinese text of the rows was not seen."
                .into(),
        ),
    }
}
