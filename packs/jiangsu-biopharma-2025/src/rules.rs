//! The pack's identity and every rule it can fire, with its citation.

use ftzroute_plugin_api::{
    Citation, Confidence, Coverage, Description, Route, Rule, Share, Source, CONTRACT_MINOR,
};

/// Rule ids that the evaluation names directly (list items are `item-<n>`).
pub(crate) mod id {
    pub const CORE: &str = "art-22-core";
    pub const EXPORT_CONTROL: &str = "art-23-export-control";
    pub const GENERAL: &str = "general-data";
    pub const IMPORTANT_NOT_NOTIFIED: &str = "important-not-notified";
    pub const IMPORTANT: &str = "important-data";
    pub const CIIO: &str = "art-8-ciio";
    pub const NO_COUNTED_PERSONS: &str = "no-counted-persons";
    pub const OFF_LIST: &str = "art-10-off-list";
    pub const GENETIC: &str = "item-21";
    pub const GENETIC_CLEARED: &str = "item-21-hgr-cleared";
    /// Every person of an export was sent under one CBDF article that leaves them out of the
    /// count (contract 1.2 `exempt_bases`): the outcome cites it.
    pub const EXEMPT_ART_3: &str = "exempt-art-3";
    pub const EXEMPT_ART_4: &str = "exempt-art-4";
    pub const EXEMPT_ART_5_1_1: &str = "exempt-art-5-1-1";
    pub const EXEMPT_ART_5_1_2: &str = "exempt-art-5-1-2";
    pub const EXEMPT_ART_5_1_3: &str = "exempt-art-5-1-3";
    pub const EXEMPT_ART_6: &str = "exempt-art-6";

    /// Every id above: each edition must declare them.
    pub const ALL: [&str; 16] = [
        CORE,
        EXPORT_CONTROL,
        GENERAL,
        IMPORTANT_NOT_NOTIFIED,
        IMPORTANT,
        CIIO,
        NO_COUNTED_PERSONS,
        OFF_LIST,
        GENETIC,
        GENETIC_CLEARED,
        EXEMPT_ART_3,
        EXEMPT_ART_4,
        EXEMPT_ART_5_1_1,
        EXEMPT_ART_5_1_2,
        EXEMPT_ART_5_1_3,
        EXEMPT_ART_6,
    ];
}

macro_rules! measures_zh {
    () => {
        "《中国（江苏）自由贸易试验区数据出境负面清单管理办法（试行）》"
    };
}
macro_rules! measures_en {
    () => {
        "Measures for the Administration of the Data-Export Negative List of the China (Jiangsu) Pilot Free Trade Zone (Trial)"
    };
}
macro_rules! list_zh {
    () => {
        "《中国（江苏）自由贸易试验区数据出境管理清单（负面清单）（2025版）》"
    };
}
macro_rules! list_en {
    () => {
        "China (Jiangsu) Pilot Free Trade Zone Data-Export Management List (Negative List) (2025 Edition)"
    };
}
macro_rules! tier1_zh {
    () => {
        concat!(list_zh!(), "（一）需要通过数据出境安全评估的数据清单")
    };
}
macro_rules! tier2_zh {
    () => {
        concat!(
            list_zh!(),
            "（二）需要通过个人信息出境标准合同备案、个人信息保护认证出境的数据清单"
        )
    };
}
macro_rules! tier1_en {
    () => {
        concat!(
            list_en!(),
            ", Part 1 (data requiring a security assessment)"
        )
    };
}
macro_rules! tier2_en {
    () => {
        concat!(
            list_en!(),
            ", Part 2 (personal information exported under a standard contract or certification)"
        )
    };
}
macro_rules! cbdf_zh {
    () => {
        "《促进和规范数据跨境流动规定》"
    };
}
macro_rules! cbdf_en {
    () => {
        "Provisions on Promoting and Regulating Cross-Border Data Flows (2024)"
    };
}

/// One rule as written in the table below; turned into a [`Rule`] by [`description_2025`].
struct RuleSpec {
    id: &'static str,
    route: Route,
    list_item: Option<u32>,
    basis: &'static str,
    zh: &'static str,
    en: &'static str,
}

const SA: Route = Route::SecurityAssessment;
const SCC: Route = Route::StandardContractOrCertification;

static RULES: &[RuleSpec] = &[
    RuleSpec {
        id: id::CORE,
        route: Route::CoreDataRegime,
        list_item: None,
        basis: "Jiangsu FTZ Measures Art. 22",
        zh: concat!(measures_zh!(), "第二十二条"),
        en: concat!(
            measures_en!(),
            ", Art. 22: national core data is subject to a stricter regime and is not brought into negative-list management"
        ),
    },
    RuleSpec {
        id: id::EXPORT_CONTROL,
        route: Route::ExportControl,
        list_item: None,
        basis: "Jiangsu FTZ Measures Art. 23",
        zh: concat!(measures_zh!(), "第二十三条"),
        en: concat!(
            measures_en!(),
            ", Art. 23: technical materials on controlled items and technology-export matters follow the Export Control Law and the Foreign Trade Law"
        ),
    },
    RuleSpec {
        id: id::GENERAL,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Art. 3",
        zh: concat!(cbdf_zh!(), "第三条"),
        en: concat!(
            cbdf_en!(),
            ", Art. 3: data containing no personal information and no important data needs none of the three procedures"
        ),
    },
    RuleSpec {
        id: id::IMPORTANT_NOT_NOTIFIED,
        route: Route::Exempt,
        list_item: None,
        basis: "Jiangsu FTZ Measures Art. 17",
        zh: concat!(measures_zh!(), "第十七条"),
        en: concat!(
            measures_en!(),
            ", Art. 17: data not notified or published as important data need not be declared for a security assessment as important data"
        ),
    },
    RuleSpec {
        id: id::IMPORTANT,
        route: SA,
        list_item: None,
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 1 items 1-6",
        zh: concat!(tier1_zh!(), "第1项至第6项；", measures_zh!(), "第八条第（一）项"),
        en: concat!(
            tier1_en!(),
            ", items 1-6 (important data); Measures Art. 8(1)"
        ),
    },
    RuleSpec {
        id: id::CIIO,
        route: SA,
        list_item: None,
        basis: "Jiangsu FTZ Measures Art. 8(1)",
        zh: concat!(measures_zh!(), "第八条第（一）项"),
        en: concat!(
            measures_en!(),
            ", Art. 8(1): a critical information infrastructure operator providing personal information or important data abroad needs a security assessment"
        ),
    },
    RuleSpec {
        id: id::NO_COUNTED_PERSONS,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Arts 3, 4, 5(1)-(3), 6",
        zh: concat!(cbdf_zh!(), "第三条、第四条、第五条第（一）项至第（三）项、第六条"),
        en: concat!(
            cbdf_en!(),
            ", Arts 3, 4, 5(1)-(3) and 6: exports under these articles need none of the three procedures"
        ),
    },
    RuleSpec {
        id: id::EXEMPT_ART_3,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Art. 3 (every person exempt)",
        zh: concat!(cbdf_zh!(), "第三条"),
        en: concat!(
            cbdf_en!(),
            ", Art. 3: data from international trade, cross-border transport, academic cooperation, transnational manufacturing or marketing; its persons are not counted"
        ),
    },
    RuleSpec {
        id: id::EXEMPT_ART_4,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Art. 4",
        zh: concat!(cbdf_zh!(), "第四条"),
        en: concat!(
            cbdf_en!(),
            ", Art. 4: personal information collected and generated abroad, processed in China and provided back abroad; its persons are not counted"
        ),
    },
    RuleSpec {
        id: id::EXEMPT_ART_5_1_1,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Art. 5(1)(i)",
        zh: concat!(cbdf_zh!(), "第五条第（一）项"),
        en: concat!(
            cbdf_en!(),
            ", Art. 5(1)(i): necessary to conclude or perform a contract to which the individual is a party; its persons are not counted"
        ),
    },
    RuleSpec {
        id: id::EXEMPT_ART_5_1_2,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Art. 5(1)(ii)",
        zh: concat!(cbdf_zh!(), "第五条第（二）项"),
        en: concat!(
            cbdf_en!(),
            ", Art. 5(1)(ii): necessary for cross-border human-resources management; its persons are not counted"
        ),
    },
    RuleSpec {
        id: id::EXEMPT_ART_5_1_3,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Art. 5(1)(iii)",
        zh: concat!(cbdf_zh!(), "第五条第（三）项"),
        en: concat!(
            cbdf_en!(),
            ", Art. 5(1)(iii): necessary to protect life, health or property in an emergency; its persons are not counted"
        ),
    },
    RuleSpec {
        id: id::EXEMPT_ART_6,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Art. 6",
        zh: concat!(cbdf_zh!(), "第六条"),
        en: concat!(
            cbdf_en!(),
            ", Art. 6: data outside a Pilot Free Trade Zone's negative list; its persons are not counted"
        ),
    },
    RuleSpec {
        id: id::OFF_LIST,
        route: Route::Exempt,
        list_item: None,
        basis: "Jiangsu FTZ Measures Art. 10",
        zh: concat!(measures_zh!(), "第十条"),
        en: concat!(
            measures_en!(),
            ", Art. 10: data of a listed sector that is not on the list is exempt from the three procedures"
        ),
    },
    RuleSpec {
        id: "item-7",
        route: SA,
        list_item: Some(7),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 1 item 7",
        zh: concat!(tier1_zh!(), "第7项"),
        en: concat!(tier1_en!(), ", item 7: clinical-trial subjects, 50,000 persons or more"),
    },
    RuleSpec {
        id: "item-8",
        route: SA,
        list_item: Some(8),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 1 item 8",
        zh: concat!(tier1_zh!(), "第8项"),
        en: concat!(
            tier1_en!(),
            ", item 8: patients (pharmacovigilance, complaints, medical inquiry; without real name and contact details), 100,000 persons or more"
        ),
    },
    RuleSpec {
        id: "item-9",
        route: SA,
        list_item: Some(9),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 1 item 9",
        zh: concat!(tier1_zh!(), "第9项"),
        en: concat!(
            tier1_en!(),
            ", item 9: healthcare professionals, investigators, non-patient reporters, complainants and inquirers, general personal information, 200,000 persons or more"
        ),
    },
    RuleSpec {
        id: "item-10",
        route: SA,
        list_item: Some(10),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 1 item 10",
        zh: concat!(tier1_zh!(), "第10项"),
        en: concat!(
            tier1_en!(),
            ", item 10: the same persons, sensitive personal information, 100,000 persons or more"
        ),
    },
    RuleSpec {
        id: "item-11",
        route: SA,
        list_item: Some(11),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 1 item 11",
        zh: concat!(tier1_zh!(), "第11项"),
        en: concat!(
            tier1_en!(),
            ", item 11: patients' physiological-health information and under-14s in medical-device after-sales (without real name and contact details), 100,000 persons or more"
        ),
    },
    RuleSpec {
        id: "item-12",
        route: SA,
        list_item: Some(12),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 1 item 12",
        zh: concat!(tier1_zh!(), "第12项"),
        en: concat!(
            tier1_en!(),
            ", item 12: medical-business contact persons, sensitive personal information, 100,000 persons or more"
        ),
    },
    RuleSpec {
        id: "item-13",
        route: SA,
        list_item: Some(13),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 1 item 13",
        zh: concat!(tier1_zh!(), "第13项"),
        en: concat!(
            tier1_en!(),
            ", item 13: all other scenarios, 1,000,000 persons or more (excluding sensitive personal information) or 10,000 persons or more of sensitive personal information"
        ),
    },
    RuleSpec {
        id: "item-14",
        route: SCC,
        list_item: Some(14),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 2 item 14",
        zh: concat!(tier2_zh!(), "第14项"),
        en: concat!(tier2_en!(), ", item 14: clinical-trial subjects, 10,000 to under 50,000 persons"),
    },
    RuleSpec {
        id: "item-15",
        route: SCC,
        list_item: Some(15),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 2 item 15",
        zh: concat!(tier2_zh!(), "第15项"),
        en: concat!(
            tier2_en!(),
            ", item 15: patients (without real name and contact details), 10,000 to under 100,000 persons"
        ),
    },
    RuleSpec {
        id: "item-16",
        route: SCC,
        list_item: Some(16),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 2 item 16",
        zh: concat!(tier2_zh!(), "第16项"),
        en: concat!(
            tier2_en!(),
            ", item 16: healthcare professionals and similar persons, general personal information, 10,000 to under 200,000 persons"
        ),
    },
    RuleSpec {
        id: "item-17",
        route: SCC,
        list_item: Some(17),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 2 item 17",
        zh: concat!(tier2_zh!(), "第17项"),
        en: concat!(
            tier2_en!(),
            ", item 17: healthcare professionals and similar persons, sensitive personal information, 10,000 to under 100,000 persons"
        ),
    },
    RuleSpec {
        id: "item-18",
        route: SCC,
        list_item: Some(18),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 2 item 18",
        zh: concat!(tier2_zh!(), "第18项"),
        en: concat!(
            tier2_en!(),
            ", item 18: medical-device after-sales health information and under-14s (without real name and contact details), under 100,000 persons"
        ),
    },
    RuleSpec {
        id: "item-19",
        route: SCC,
        list_item: Some(19),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 2 item 19",
        zh: concat!(tier2_zh!(), "第19项"),
        en: concat!(
            tier2_en!(),
            ", item 19: medical-business contact persons, sensitive personal information, under 100,000 persons"
        ),
    },
    RuleSpec {
        id: "item-20",
        route: SCC,
        list_item: Some(20),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 2 item 20",
        zh: concat!(tier2_zh!(), "第20项"),
        en: concat!(
            tier2_en!(),
            ", item 20: all other scenarios, 100,000 to under 1,000,000 persons (excluding sensitive personal information) or under 10,000 persons of sensitive personal information"
        ),
    },
    RuleSpec {
        id: id::GENETIC,
        route: Route::OtherLawfulRoute,
        list_item: Some(21),
        basis: "Jiangsu FTZ data-export negative list (2025), item 21",
        zh: concat!(list_zh!(), "（三）需要通过其他合法合规路径出境的数据清单第21项"),
        en: concat!(
            list_en!(),
            ", Part 3 (data exported through another lawful route), item 21: human genetic data, under the human genetic resources regime"
        ),
    },
    RuleSpec {
        id: id::GENETIC_CLEARED,
        route: Route::Exempt,
        list_item: Some(21),
        basis: "Jiangsu FTZ data-export negative list (2025), item 21 (HGR duties met)",
        zh: concat!(list_zh!(), "（三）需要通过其他合法合规路径出境的数据清单第21项"),
        en: concat!(
            list_en!(),
            ", Part 3, item 21: exempt once the administrative licensing and filing duties of the Implementing Rules of the Human Genetic Resources Regulation are fulfilled"
        ),
    },
];

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
        obligations: ftzroute_plugin_api::duties::obligations(crate::duties::DUTIES),
        calendar: Vec::new(),
        interpretations: INTERPRETATIONS.iter().map(|s| s.to_string()).collect(),
        rules: RULES
            .iter()
            .map(|spec| Rule {
                id: spec.id.into(),
                route: spec.route,
                list_item: spec.list_item,
                basis: spec.basis.into(),
                citation: Citation {
                    zh: spec.zh.into(),
                    en: spec.en.into(),
                    en_official: false,
                },
                // The list and Measures are known through an English working translation; the
                // national Provisions through verbatim copies of the official text.
                confidence: Some(if spec.zh.starts_with(cbdf_zh!()) {
                    Confidence::VerbatimCopy
                } else {
                    Confidence::Secondary
                }),
            })
            .collect(),
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
            .iter()
            .filter(|spec| spec.list_item.is_some() && spec.id != id::GENETIC_CLEARED)
            .map(|spec| spec.id.to_string()),
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
