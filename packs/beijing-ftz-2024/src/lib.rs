//! The China (Beijing) Pilot FTZ data-export negative list, 2024 edition (pharmaceuticals,
//! automotive, retail and modern services, civil aviation, AI training data), as a list table.
//!
//! Known in part: the clinical-trial figure of 50,000 subjects a year, the floor of 10,000
//! patients a year below which patient data needs no procedure, the important-data categories of
//! the pharmaceutical and automotive sectors, and genetic data's own route. Every other row was
//! not seen and decides nothing: its exports are undetermined. Using the list needs an
//! application and filing with the FTZ group first.

use ftzroute_plugin_api::duties::{before, Anchor, DutyRow};
use ftzroute_plugin_api::sdk::list::{
    rule, Band, Ciio, Extent, Genetic, GroupKeys, Identity, ListNames, ListTable, Pi, Pool, Row,
    Scenario, Sector, Tier,
};
use ftzroute_plugin_api::{Confidence, DataKind, PeriodUnit, Route, Subject};

const LIST_ZH: &str = "《中国（北京）自由贸易试验区数据出境管理清单（负面清单）（2024版）》";
const LIST_EN: &str =
    "China (Beijing) Pilot Free Trade Zone Data-Export Management List (Negative List) (2024 Edition)";

/// Where the procedure of using the list is described.
const EXPERT_ARTICLE: &str =
    "a CNCERT expert's explanation of the list (《中国信息安全》, 3 September \
    2024), which states the procedure; the Measures' own article was not seen";

/// Duty ids (stable: golden cases name them).
pub mod duty {
    pub const PRE_USE_FILING: &str = "beijing-pre-use-filing";
    pub const SPOT_CHECKS: &str = "beijing-consistency-spot-checks";
}

/// Exports that rely on the list.
const LIST_ROUTES: &[Route] = &[
    Route::SecurityAssessment,
    Route::StandardContractOrCertification,
    Route::OtherLawfulRoute,
    Route::Exempt,
];
const LIST_KINDS: &[DataKind] = &[DataKind::Personal, DataKind::Genetic, DataKind::Important];

const DUTIES: &[DutyRow] = &[
    DutyRow {
        id: duty::PRE_USE_FILING,
        duty_zh: "企业如需使用负面清单，按程序向所在自贸组团提交申请、提交备案并获批后，方可依据负面清单开展数据出境活动",
        duty_en: "Before relying on the list, apply to the FTZ group (自贸组团) where the handler is \
                  registered and file with it; export under the list once the filing is approved.",
        basis_zh: "《中国（北京）自由贸易试验区数据出境管理清单（负面清单）（2024版）》及其管理办法",
        basis_en: "China (Beijing) Pilot FTZ Data-Export Negative List (2024) and its Management \
                   Measures (article not seen)",
        confidence: Confidence::Secondary,
        source: Some(EXPERT_ARTICLE),
        routes: LIST_ROUTES,
        kinds: LIST_KINDS,
        deadline: Some(before(0, PeriodUnit::CalendarDays, Anchor::Transfer)),
        ..DutyRow::BLANK
    },
    DutyRow {
        id: duty::SPOT_CHECKS,
        duty_zh: "实际出境数据应当与备案内容一致，自贸组团开展一致性抽验",
        duty_en: "Keep the data actually exported consistent with what was filed: the FTZ groups \
                  run consistency spot checks (一致性抽验) afterwards.",
        basis_zh: "《中国（北京）自由贸易试验区数据出境管理清单（负面清单）（2024版）》及其管理办法",
        basis_en: "China (Beijing) Pilot FTZ Data-Export Negative List (2024) and its Management \
                   Measures (article not seen)",
        confidence: Confidence::Secondary,
        source: Some(EXPERT_ARTICLE),
        routes: LIST_ROUTES,
        kinds: LIST_KINDS,
        ..DutyRow::BLANK
    },
];

const PHARMA_IMPORTANT: &str = "The list names three kinds of important data for pharmaceuticals \
    (security assessment): diagnosis-and-treatment, health and physiological, medical-rescue and \
    specific drug-trial data of a population above a certain scale (one secondary source gives \
    100,000 persons; examples: medical records, imaging, pathology, blood and gene tests); \
    biometric and medical-resource data of key fields, groups or regions; and data under export \
    control or technology-export management. Notified or published important data needs a \
    security assessment.";

const AUTOMOTIVE_IMPORTANT: &str = "The list names seven kinds of important data for automotive \
    (security assessment; one secondary source quoting the list): geographic, people-flow and \
    vehicle-flow data around military zones, defence-industry sites and Party and government \
    organs at county level or above, and non-public data from telematics services to sensitive \
    users; vehicle-flow and logistics data reflecting economic operation; data on how a region's \
    charging network runs; exterior video and images with faces, licence plates or road signs; key \
    telematics data (remote control, operating conditions); OTA data containing vehicle control \
    and after-sales data containing ECUs; and data usable to attack the telematics supply chain or \
    critical information infrastructure. OTA-update data needs an assessment unless the update is \
    filed with MIIT and protected against tampering (the list as a CNCERT expert quotes it).";

pub static TABLE: ListTable = ListTable {
    identity: Identity {
        id: "beijing-ftz-2024",
        zone: "beijing",
        name: "China (Beijing) Pilot FTZ data-export negative list: pharmaceuticals, automotive, retail and modern services, civil aviation, AI training data",
        edition: "2024",
        issuers: &[
            "Beijing Municipal Cyberspace Administration",
            "Beijing Municipal Commerce Bureau",
            "Beijing Municipal Government Services and Data Administration",
        ],
        document_number: None,
        issued: "2024-08-30",
        effective_from: "2024-08-30",
        effective_until: None,
        trial_until: None,
        source: (
            LIST_ZH,
            LIST_EN,
            "Issued 30 August 2024 (one report says 26 August) by the Beijing Municipal Cyberspace \
             Administration, Commerce Bureau and Government Services and Data Administration, with \
             Management Measures (6 chapters, 19 articles); 5 sectors, 48 items (18 important data, \
             30 personal information), 23 scenarios and 198 fields given as examples. English \
             renderings are unofficial; the Chinese text controls",
        ),
        read_at: &[
            "《中国信息安全》, 3 September 2024: a CNCERT expert's explanation of the list",
            "news.china.com/zw/news/13000776/20240831/47135160_1.html",
            "hankunlaw.com/portal/article/index/cid/8/id/14576.html (pharmaceuticals, civil aviation)",
            "hankunlaw.com/portal/article/index/cid/8/id/14556.html (automotive, retail, AI)",
            "china-briefing.com/news/beijing-data-negative-list-to-facilitate-data-export-in-free-trade-zone",
        ],
        interpretations: &[
            "Clinical-trial subjects: the list's drafters explain that the threshold was relaxed to \
             50,000 persons a year (放宽至5万人), not to 1,000,000. It is read as the security-assessment \
             line from 50,000 persons (以上, inclusive); the row's wording and the lower bound of its \
             contract band were not seen, so 1 to 49,999 subjects are undetermined.",
            "Patients' personal and health data in diagnosis and treatment: under 10,000 persons a \
             year needs no procedure (one secondary source), read as off the list (CBDF Provisions \
             Art. 6); from 10,000 the rows were not seen. That the figure belongs to the diagnosis \
             and treatment scenario is an inference.",
            "Trial subjects, patients, professionals and business contacts mean the clinical-trial, \
             pharmacovigilance, healthcare-professional and business-partner scenarios when an export \
             names no scenario. Counts follow the lists' counting sentence (persons - \
             exempt_persons); the exports of one scenario are added, sensitive and non-sensitive \
             together, since the figures count persons.",
            "Genetic information, and gene data reaching the state's scale or precision thresholds, \
             take the human genetic resources route (prior report and backup) whatever the scenario \
             (one secondary source): other lawful route.",
            "Automotive personal information: one secondary source reports the list keeps the \
             national thresholds; the rows were not seen, so it is undetermined. The automotive \
             sector is taken to include intelligent connected vehicle makers (an inference); one \
             secondary source says the list does not apply to autonomous-driving companies.",
            "Retail and modern services, civil aviation and AI training data: thresholds reportedly \
             relaxed, no figure seen: undetermined.",
            "The pharmaceutical sector is taken to include the drug-manufacturing sectors other packs \
             name (API, chemical and biological drugs), so one profile compares across zones.",
            "Before relying on the list a handler applies to and files with its FTZ group; the list \
             is taken as in force on issue (30 August 2024).",
        ],
        use_conditions: &[
            "apply to and file with the FTZ group (自贸组团) where the handler is registered, and have \
             the filing approved, before relying on the list; the groups run consistency spot checks \
             afterwards (a filing reportedly takes about 5 working days).",
        ],
        duties: DUTIES,
    },
    extent: Extent {
        rows: Some(48),
        unit: "items",
        sectors: Some(5),
        scenarios: Some(23),
        note: Some("One of the list's 48 items (18 important data, 30 personal information, as its drafters count them) is encoded: the clinical-trial assessment line, from the drafters' figure. The 23 scenarios are the list's examples. The patients' off-list band and the genetic-data route are encoded besides, from secondary sources. The rest is in the official text (Beijing Municipal Cyberspace Administration, 30 August 2024)."),
    },
    names: ListNames {
        short: "Beijing FTZ data-export negative list (2024)",
        title_zh: LIST_ZH,
        title_en: LIST_EN,
        sa_part_zh: "需要通过数据出境安全评估的数据清单",
        sa_part_en: "Part 1",
        scc_part_zh: "需要通过个人信息出境标准合同备案、个人信息保护认证出境的数据清单",
        scc_part_en: "Part 2",
    },
    sectors: &[
        Sector {
            id: "pharmaceuticals",
            label_zh: "医药行业",
            label_en: "pharmaceuticals",
            also: &[
                "api-manufacturing",
                "chemical-drug-manufacturing",
                "biological-drug-manufacturing",
            ],
            important_data: Some(PHARMA_IMPORTANT),
        },
        Sector {
            id: "automotive",
            label_zh: "汽车行业",
            label_en: "automotive",
            also: &["intelligent-connected-vehicles"],
            important_data: Some(AUTOMOTIVE_IMPORTANT),
        },
        Sector {
            id: "retail-modern-services",
            label_zh: "零售和现代服务业",
            label_en: "retail and modern services",
            also: &[],
            important_data: None,
        },
        Sector {
            id: "civil-aviation",
            label_zh: "民航",
            label_en: "civil aviation",
            also: &[],
            important_data: None,
        },
        Sector {
            id: "ai-training-data",
            label_zh: "人工智能训练数据",
            label_en: "AI training data",
            also: &[],
            important_data: None,
        },
    ],
    scenarios: &[
        Scenario {
            id: "clinical-trial",
            label_zh: "临床试验",
            label_en: "clinical trials",
            sectors: &["pharmaceuticals"],
            subjects: &[Subject::TrialSubject],
            exemption_hint: None,
        },
        Scenario {
            id: "drug-rd",
            label_zh: "药物研发",
            label_en: "drug research and development",
            sectors: &["pharmaceuticals"],
            subjects: &[],
            exemption_hint: None,
        },
        Scenario {
            id: "pharmacovigilance",
            label_zh: "药物警戒",
            label_en: "pharmacovigilance",
            sectors: &["pharmaceuticals"],
            subjects: &[Subject::Patient],
            exemption_hint: None,
        },
        Scenario {
            id: "diagnosis-treatment",
            label_zh: "诊疗服务",
            label_en: "diagnosis and treatment services",
            sectors: &["pharmaceuticals"],
            subjects: &[],
            exemption_hint: None,
        },
        Scenario {
            id: "hcp-management",
            label_zh: "医疗卫生专业人士管理",
            label_en: "healthcare-professional management",
            sectors: &["pharmaceuticals"],
            subjects: &[Subject::Professional],
            exemption_hint: None,
        },
        Scenario {
            id: "business-partners",
            label_zh: "商业合作伙伴管理",
            label_en: "business-partner management",
            sectors: &["pharmaceuticals"],
            subjects: &[Subject::BusinessContact],
            exemption_hint: None,
        },
        Scenario {
            id: "ota-updates",
            label_zh: "OTA在线升级",
            label_en: "over-the-air updates",
            sectors: &["automotive"],
            subjects: &[],
            exemption_hint: None,
        },
    ],
    pools: &[
        Pool {
            id: "clinical-trial",
            label: "clinical-trial subjects (pharmaceuticals)",
            scenarios: &["clinical-trial"],
            sectors: &["pharmaceuticals"],
            pi: Pi::Any,
            note: None,
        },
        Pool {
            id: "diagnosis-treatment",
            label: "patients in diagnosis and treatment (pharmaceuticals)",
            scenarios: &["diagnosis-treatment"],
            sectors: &["pharmaceuticals"],
            pi: Pi::Any,
            note: None,
        },
        Pool {
            id: "automotive",
            label: "automotive personal information",
            scenarios: &[],
            sectors: &["automotive"],
            pi: Pi::Any,
            note: None,
        },
    ],
    rows: &[Row {
        rule: "clinical-trial-sa",
        item: None,
        tier: Tier::SecurityAssessment,
        confidence: Confidence::Secondary,
        text_zh: "",
        en: "clinical-trial subjects' personal information of 50,000 persons or more a year (the \
             figure as the list's drafters explain it; the row's wording was not seen)",
        label: "clinical-trial subjects, 50,000 or more",
    }],
    bands: &[
        Band {
            pool: "clinical-trial",
            from: 1,
            below: Some(50_000),
            rule: rule::NOT_SEEN,
            note: Some(
                "the contract-or-certification band below 50,000 subjects was not seen; its lower \
                 bound is unknown (perhaps 10,000, as for patients: an inference)",
            ),
        },
        Band {
            pool: "clinical-trial",
            from: 50_000,
            below: None,
            rule: "clinical-trial-sa",
            note: Some(
                "The list's drafters relaxed the clinical-trial threshold to 50,000 subjects a year: \
                 foreign drug companies reported rarely sending more (CNCERT expert, 《中国信息安全》, \
                 3 September 2024). Reading it as the security-assessment line is an inference.",
            ),
        },
        Band {
            pool: "diagnosis-treatment",
            from: 1,
            below: Some(10_000),
            rule: rule::OFF_LIST,
            note: Some(
                "under 10,000 patients a year need no procedure, as one secondary source reports \
                 (pacificbridgemedical.com); the scenario is an inference",
            ),
        },
        Band {
            pool: "diagnosis-treatment",
            from: 10_000,
            below: None,
            rule: rule::NOT_SEEN,
            note: None,
        },
        Band {
            pool: "automotive",
            from: 1,
            below: None,
            rule: rule::NOT_SEEN,
            note: Some(
                "one secondary source reports the list keeps the national thresholds for automotive \
                 personal information; the rows themselves were not seen",
            ),
        },
    ],
    ciio: Ciio::NotSeen,
    genetic: Genetic::OtherRoute {
        route: Route::OtherLawfulRoute,
        basis: "Beijing FTZ data-export negative list (2024): genetic data (human genetic resources route)",
        zh: "《中国（北京）自由贸易试验区数据出境管理清单（负面清单）（2024版）》医药行业：基因信息",
        en: "China (Beijing) Pilot Free Trade Zone Data-Export Management List (Negative List) (2024 \
             Edition), pharmaceuticals: genetic information, and gene data reaching the state's \
             scale or precision thresholds, follow the human genetic resources route (prior report \
             and backup) whatever the scenario",
        confidence: Confidence::Secondary,
    },
    export_control_zh: None,
    group_keys: GroupKeys::Pool,
};

ftzroute_plugin_api::export_list!(
    /// The Beijing FTZ list, 2024 edition.
    BeijingFtz2024,
    TABLE
);

#[cfg(test)]
mod tests {
    use super::TABLE;
    use ftzroute_plugin_api::sdk::list::rule;
    use ftzroute_plugin_api::Route;

    fn rule_at(sector: &str, scenario: Option<&str>, persons: u64) -> String {
        TABLE.probe(sector, scenario, true, persons).unwrap().rule
    }

    #[test]
    fn the_table_is_consistent() {
        assert_eq!(TABLE.check(), Ok(()));
    }

    #[test]
    fn clinical_trials_need_an_assessment_from_50_000_subjects() {
        let trial = Some("clinical-trial");
        assert_eq!(rule_at("pharmaceuticals", trial, 49_999), rule::NOT_SEEN);
        assert_eq!(
            rule_at("pharmaceuticals", trial, 50_000),
            "clinical-trial-sa"
        );
        // The drug-manufacturing sectors of other packs are the list's pharmaceuticals.
        assert_eq!(
            rule_at("biological-drug-manufacturing", trial, 50_000),
            "clinical-trial-sa"
        );
    }

    #[test]
    fn patients_under_10_000_are_off_the_list() {
        let care = Some("diagnosis-treatment");
        assert_eq!(rule_at("pharmaceuticals", care, 9_999), rule::OFF_LIST);
        assert_eq!(rule_at("pharmaceuticals", care, 10_000), rule::NOT_SEEN);
    }

    #[test]
    fn rows_not_seen_are_undetermined_never_national() {
        for (sector, scenario) in [
            ("pharmaceuticals", Some("pharmacovigilance")),
            ("automotive", None),
            ("intelligent-connected-vehicles", Some("ota-updates")),
            ("retail-modern-services", None),
            ("civil-aviation", None),
            ("ai-training-data", None),
        ] {
            let outcome = TABLE.probe(sector, scenario, false, 3_000_000).unwrap();
            assert_eq!(outcome.route, Route::Undetermined, "{sector}");
        }
    }

    #[test]
    fn using_the_list_needs_a_filing_before_the_export() {
        let description = TABLE.describe();
        assert!(description.use_conditions[0].contains("自贸组团"));
        let filing = description.obligation(super::duty::PRE_USE_FILING).unwrap();
        assert_eq!(filing.deadline.as_ref().unwrap().amount, 0);
    }
}
