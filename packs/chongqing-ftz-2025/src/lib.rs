//! The China (Chongqing) Pilot FTZ data-export negative list, 2025 edition (first batch:
//! intelligent connected and new-energy vehicles), as a list table. Its personal-information rows
//! equal the national bands; the list also defines sensitive personal information for the field.

use ftzroute_plugin_api::sdk::list::{
    rule, Band, Ciio, Extent, Genetic, GroupKeys, Identity, ListNames, ListTable, Pi, Pool, Row,
    Sector, Tier,
};
use ftzroute_plugin_api::Confidence;

const LIST_ZH: &str = "《中国（重庆）自由贸易试验区数据出境管理清单（负面清单）（2025版）》";

/// The list's note on sensitive personal information, in English.
const SENSITIVE_DEFINITION: &str = "The list defines sensitive personal information for this field \
    to include ID-card numbers, vehicle licence (行驶证) numbers, driving-licence file numbers, vehicle \
    trajectories, audio, video, images and biometric features (敏感个人信息包括身份证号、行驶证号、\
    驾驶证档案编号、车辆行踪轨迹、音频、视频、图像和生物识别特征等): count such data as sensitive \
    under this list, even where GB/T 45574-2025 would not treat an ID-card number as sensitive by default.";

pub static TABLE: ListTable = ListTable {
    identity: Identity {
        id: "chongqing-ftz-2025",
        zone: "chongqing",
        name: "China (Chongqing) Pilot FTZ data-export negative list: intelligent connected vehicles",
        edition: "2025",
        issuers: &[
            "Chongqing Municipal Cyberspace Administration",
            "Chongqing Municipal Commission of Commerce",
            "Chongqing Big Data Application Development Administration",
        ],
        document_number: None,
        issued: "2025-09-01",
        effective_from: "2025-09-01",
        effective_until: None,
        trial_until: Some("2027-08-31"),
        source: (
            LIST_ZH,
            "China (Chongqing) Pilot Free Trade Zone Data-Export Management List (Negative List) (2025 Edition)",
            "Issued 1 September 2025 (one report says 5 September) by the Chongqing Municipal \
             Cyberspace Administration, Commission of Commerce and Big Data Application Development \
             Administration, with Management Measures (23 articles, two-year trial) and an operating \
             guide; approved by the national data-security coordination mechanism and filed with the \
             CAC and the National Data Administration",
        ),
        read_at: &[
            "official Q&A: dsjj.cq.gov.cn/zwgk_533/zcjd/bmjd/202509/t20250912_15001416.html",
            "notice of 1 September 2025: hsslxd.cn/show/news/119987.html",
        ],
        interpretations: &[
            "Boundaries: 以上 includes N and 不满 excludes it: 100,000 (10万以上) is the first person \
             of the contract row and 1,000,000 (100万人以上) of the assessment row.",
            "Counting follows the list's note to each row: natural persons after de-duplication, leaving \
             out transfers under CBDF Provisions Arts 3, 4, 5(1)(i)-(iii) and 6 (counted = persons - \
             exempt_persons); all of the field's non-sensitive information is added together, and all \
             its sensitive information apart.",
            "Sensitive personal information is read as the list defines it for the field (ID-card and \
             driving-licence numbers, vehicle trajectories, audio, video, images, biometrics), ahead of \
             GB/T 45574-2025, a recommended standard under which an ID-card number is no longer \
             sensitive by default. The user marks `sensitive` accordingly; every outcome repeats the \
             definition.",
            "Non-sensitive information of under 100,000 persons is on no row seen and is read as off \
             the list (CBDF Provisions Art. 6), as the national Art. 5(4) would also exempt it: an \
             inference. Sensitive information of under 10,000 persons is undetermined: the contract \
             row for it is cut off in the copy seen after 不满 (it probably reads 不满1万人).",
            "The issue date is taken as the day the list and its Measures took effect, and the two-year \
             trial as ending on 31 August 2027: both are inferences from the reported issue date.",
        ],
        use_conditions: &[],
        duties: &[],
    },
    extent: Extent {
        rows: None,
        unit: "rows",
        sectors: Some(1),
        scenarios: None,
        note: Some("Three of the list's four personal-information rows are encoded from a verbatim copy (the fourth, sensitive personal information under contract, is cut off in the copy); its important-data rows were not seen and are not counted here."),
    },
    names: ListNames {
        short: "Chongqing FTZ data-export negative list (2025)",
        title_zh: LIST_ZH,
        title_en: "China (Chongqing) Pilot Free Trade Zone Data-Export Management List (Negative List) (2025 Edition)",
        sa_part_zh: "（二）需要通过数据出境安全评估的数据清单（个人信息）",
        sa_part_en: "Part 2 (personal information, security assessment)",
        scc_part_zh: "（三）需要通过个人信息出境标准合同备案、个人信息保护认证出境的数据清单",
        scc_part_en: "Part 3 (contract or certification)",
    },
    sectors: &[Sector {
        id: "intelligent-connected-vehicles",
        label_zh: "智能网联新能源汽车",
        label_en: "intelligent connected and new-energy vehicles",
        also: &[],
        important_data: Some(
            "The list's Part 1 names the field's important data; its rows were not seen. Notified or \
             published important data needs a security assessment in any case.",
        ),
    }],
    scenarios: &[],
    pools: &[
        Pool {
            id: "icv-general",
            label: "intelligent connected vehicles, non-sensitive personal information",
            scenarios: &[],
            sectors: &[],
            pi: Pi::NonSensitive,
            note: Some(SENSITIVE_DEFINITION),
        },
        Pool {
            id: "icv-sensitive",
            label: "intelligent connected vehicles, sensitive personal information",
            scenarios: &[],
            sectors: &[],
            pi: Pi::Sensitive,
            note: Some(SENSITIVE_DEFINITION),
        },
    ],
    rows: &[
        Row {
            rule: "sa-non-sensitive",
            item: None,
            tier: Tier::SecurityAssessment,
            confidence: Confidence::VerbatimCopy,
            text_zh: "自当年1月1日起累计向境外提供100万人以上个人信息（不含敏感个人信息）。",
            en: "non-sensitive personal information of 1,000,000 persons or more since 1 January",
            label: "non-sensitive PI, 1,000,000 or more",
        },
        Row {
            rule: "sa-sensitive",
            item: None,
            tier: Tier::SecurityAssessment,
            confidence: Confidence::VerbatimCopy,
            text_zh: "自当年1月1日起累计向境外提供1万人以上敏感个人信息。",
            en: "sensitive personal information of 10,000 persons or more since 1 January",
            label: "sensitive PI, 10,000 or more",
        },
        Row {
            rule: "scc-non-sensitive",
            item: None,
            tier: Tier::ContractOrCertification,
            confidence: Confidence::VerbatimCopy,
            text_zh: "自当年1月1日起累计向境外提供10万以上且不满100万人个人信息（不含敏感个人信息）。",
            en: "non-sensitive personal information of 100,000 to under 1,000,000 persons since 1 January",
            label: "non-sensitive PI, 100,000 to under 1,000,000",
        },
    ],
    bands: &[
        Band {
            pool: "icv-general",
            from: 1,
            below: Some(100_000),
            rule: rule::OFF_LIST,
            note: Some("no row for under 100,000 persons was seen; read as off the list (an inference)"),
        },
        Band {
            pool: "icv-general",
            from: 100_000,
            below: Some(1_000_000),
            rule: "scc-non-sensitive",
            note: None,
        },
        Band {
            pool: "icv-general",
            from: 1_000_000,
            below: None,
            rule: "sa-non-sensitive",
            note: None,
        },
        Band {
            pool: "icv-sensitive",
            from: 1,
            below: Some(10_000),
            rule: rule::NOT_SEEN,
            note: Some("the copy seen is cut off after 不满; the row probably reads 不满1万人敏感个人信息, an inference"),
        },
        Band {
            pool: "icv-sensitive",
            from: 10_000,
            below: None,
            rule: "sa-sensitive",
            note: None,
        },
    ],
    ciio: Ciio::NotSeen,
    genetic: Genetic::AsSensitivePi,
    export_control_zh: None,
    group_keys: GroupKeys::Pool,
};

ftzroute_plugin_api::export_list!(
    /// The Chongqing FTZ list, 2025 edition.
    ChongqingFtz2025,
    TABLE
);

#[cfg(test)]
mod tests {
    use super::TABLE;
    use ftzroute_plugin_api::sdk::list::rule;

    fn rule_at(sensitive: bool, persons: u64) -> String {
        TABLE
            .probe("intelligent-connected-vehicles", None, sensitive, persons)
            .unwrap()
            .rule
    }

    #[test]
    fn the_table_is_consistent() {
        assert_eq!(TABLE.check(), Ok(()));
    }

    #[test]
    fn the_rows_keep_the_national_bands() {
        assert_eq!(rule_at(false, 99_999), rule::OFF_LIST);
        assert_eq!(rule_at(false, 100_000), "scc-non-sensitive");
        assert_eq!(rule_at(false, 999_999), "scc-non-sensitive");
        assert_eq!(rule_at(false, 1_000_000), "sa-non-sensitive");
        assert_eq!(rule_at(true, 9_999), rule::NOT_SEEN);
        assert_eq!(rule_at(true, 10_000), "sa-sensitive");
    }

    #[test]
    fn every_outcome_repeats_the_lists_definition_of_sensitive_information() {
        for sensitive in [false, true] {
            let outcome = TABLE
                .probe("intelligent-connected-vehicles", None, sensitive, 5)
                .unwrap();
            assert!(outcome
                .notes
                .iter()
                .any(|n| n.contains("ID-card numbers") && n.contains("vehicle trajectories")));
        }
    }
}
