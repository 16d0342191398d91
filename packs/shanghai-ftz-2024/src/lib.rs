//! The China (Shanghai) Pilot FTZ and Lingang Special Area data-export negative list, 2024
//! edition (reinsurance, international shipping, commerce), as a list table. Two rows are known
//! verbatim: items 3 and 8, each a sector's security-assessment row for personal information
//! "other than" its scenario rows, at the national thresholds. Every other row was not seen.

use ftzroute_plugin_api::duties::{after, Anchor, DutyRow};
use ftzroute_plugin_api::sdk::list::{
    rule, Band, Ciio, Extent, Genetic, GroupKeys, Identity, ListNames, ListTable, Pi, Pool, Row,
    Scenario, Sector, Tier,
};
use ftzroute_plugin_api::{Confidence, DataKind, PeriodUnit, Route};

const LIST_ZH: &str =
    "《中国（上海）自由贸易试验区及临港新片区数据出境管理清单（负面清单）（2024版）》";
const LIST_EN: &str =
    "China (Shanghai) Pilot Free Trade Zone and Lingang Special Area Data-Export \
    Management List (Negative List) (2024 Edition)";

const REINSURANCE_SCENARIOS: &[&str] = &["life-reinsurance", "property-reinsurance"];
const SHIPPING_SCENARIOS: &[&str] = &["waterway-transport", "port-operations", "crew-management"];

/// The duty the Shanghai Measures put on every export relying on the list.
pub mod duty {
    pub const REPORT: &str = "shanghai-report-15-working-days";
}

/// The report after each export, whatever the route. Its working days are counted on the
/// calendar of the zone's national pack, which publishes the State Council's holiday notices.
pub const REPORT_DUTY: DutyRow = DutyRow {
    id: duty::REPORT,
    duty_zh: "依据负面清单向境外提供数据的，在数据出境后15个工作日内向所在地数据出境服务中心报告，并提交营业执照、身份证明、授权书、情况说明等材料",
    duty_en: "Report each export under the list to the local data-export service centre within \
              15 working days after it, with the supporting documents (business licence, \
              identity documents, authorisation, explanation letter), whether the route is an \
              assessment, a contract or certification, or no procedure.",
    basis_zh: "《中国（上海）自由贸易试验区及临港新片区数据出境负面清单管理办法》",
    basis_en: "Measures for the Administration of the Data-Export Negative List of the China \
               (Shanghai) Pilot Free Trade Zone and Lingang Special Area",
    confidence: Confidence::Secondary,
    source: Some(
        "one law firm's summary of the Shanghai Measures (hunton.com); the Measures' Chinese title, \
         article number and wording were not seen",
    ),
    routes: &[
        Route::SecurityAssessment,
        Route::StandardContractOrCertification,
        Route::Exempt,
    ],
    kinds: &[DataKind::Personal, DataKind::Genetic, DataKind::Important],
    deadline: Some(after(15, PeriodUnit::WorkingDays, Anchor::Transfer)),
    ..DutyRow::BLANK
};

const DUTIES: &[DutyRow] = &[REPORT_DUTY];

pub static TABLE: ListTable = ListTable {
    identity: Identity {
        id: "shanghai-ftz-2024",
        zone: "shanghai",
        name: "China (Shanghai) Pilot FTZ and Lingang data-export negative list: reinsurance, international shipping, commerce",
        edition: "2024",
        issuers: &[
            "Shanghai Municipal Cyberspace Administration",
            "Shanghai Municipal Data Bureau",
            "Shanghai Municipal Development and Reform Commission",
            "China (Shanghai) Pilot FTZ Administrative Committee",
            "Lingang Special Area Administrative Committee",
        ],
        document_number: None,
        issued: "2025-02-08",
        effective_from: "2025-02-08",
        effective_until: None,
        trial_until: None,
        source: (
            LIST_ZH,
            LIST_EN,
            "Published 8 February 2025 with Management Measures and an Implementation Guide by the \
             Shanghai Municipal Cyberspace Administration, Data Bureau and Development and Reform \
             Commission, the FTZ Administrative Committee and the Lingang Administrative Committee; \
             3 sectors, 6 scenarios, 84 items. English renderings are unofficial; the Chinese text \
             controls",
        ),
        read_at: &[
            "the full text published on 9 February 2025 (Shanghai Cyberspace Administration's WeChat account)",
            "kwm.com: negative list for data exit in Shanghai FTZ, exploration, practice and outlook",
            "mondaq.com article 1594892 (the shipping scenarios)",
        ],
        interpretations: &[
            "Boundaries: 以上 (\"N or more\") includes N: items 3 and 8 start at 1,000,000 persons \
             (not sensitive) and at 10,000 persons (sensitive).",
            "Items 3 and 8 close the security-assessment part of a sector for personal information \
             \"other than\" its scenario rows (除第1、2项以外 / 除第7项以外的个人信息). The list's items \
             run on across parts and sectors; item 9, the next row after item 8, carries seafarer \
             certificate fields, so item 8 is read as the international shipping sector's row and \
             item 3 as the reinsurance sector's (the first sector). Both readings are inferences; the \
             row texts are verbatim.",
            "An export naming one of the sector's scenarios may fall under the scenario rows (items 1 \
             and 2, item 7, and the contract rows such as item 9), which were not seen: it is \
             undetermined. An export naming no scenario of the list is personal information other \
             than those rows and is counted under item 3 or 8.",
            "Counting follows the note to items 3 and 8: natural persons after de-duplication, \
             leaving out transfers under CBDF Provisions Arts 3, 4, 5(1)(i)-(iii) and 6 (counted = \
             persons - exempt_persons); non-sensitive and sensitive information are counted apart.",
            "Below items 3 and 8 (under 1,000,000 non-sensitive or 10,000 sensitive persons), the \
             contract rows of Part 2 for the same information were not seen: undetermined. The \
             commerce sector's rows (membership management) were not seen at all.",
            "The Measures exclude critical information infrastructure operators (two secondary \
             sources): for them CBDF Provisions Art. 7(1) decides.",
            "Item 9's notes cell shows the stray digits \"15 … 100\", perhaps a band of 150,000 to \
             under 1,000,000 persons for crew management; that is a reading of extraction debris and \
             is not encoded.",
        ],
        use_conditions: &[
            "only data handlers registered in the zone may rely on it; after each export, report to the \
             local data-export service centre within 15 working days with the supporting documents, \
             whatever the route (one secondary source).",
        ],
        duties: DUTIES,
    },
    extent: Extent {
        rows: None,
        unit: "items",
        sectors: Some(3),
        scenarios: Some(6),
        note: Some("Items 3 and 8 (the catch-all assessment rows of reinsurance and shipping) are encoded from a verbatim copy; items 1, 2, 7, 9 and the other rows were not seen. The list has 6 scenarios and 84 data items (secondary); its number of rows is not known."),
    },
    names: ListNames {
        short: "Shanghai FTZ and Lingang data-export negative list (2024)",
        title_zh: LIST_ZH,
        title_en: LIST_EN,
        sa_part_zh: "（一）需要通过数据出境安全评估的数据清单",
        sa_part_en: "Part 1",
        scc_part_zh: "（二）需要通过个人信息出境标准合同备案、个人信息保护认证出境的数据清单",
        scc_part_en: "Part 2",
    },
    sectors: &[
        Sector {
            id: "reinsurance",
            label_zh: "再保险",
            label_en: "reinsurance",
            also: &[],
            important_data: Some(
                "The list names the sector's important data in its Part 1; those rows were not seen. \
                 Notified or published important data needs a security assessment in any case.",
            ),
        },
        Sector {
            id: "international-shipping",
            label_zh: "国际航运",
            label_en: "international shipping",
            also: &[],
            important_data: Some(
                "The list names the sector's important data in its Part 1; those rows were not seen. \
                 Notified or published important data needs a security assessment in any case.",
            ),
        },
        Sector {
            id: "commerce",
            label_zh: "商贸",
            label_en: "commerce (retail, catering, accommodation)",
            also: &[],
            important_data: None,
        },
    ],
    scenarios: &[
        Scenario {
            id: "life-reinsurance",
            label_zh: "人身险再保险",
            label_en: "personal-insurance reinsurance",
            sectors: &["reinsurance"],
            subjects: &[],
            exemption_hint: None,
        },
        Scenario {
            id: "property-reinsurance",
            label_zh: "财产险再保险",
            label_en: "property-insurance reinsurance",
            sectors: &["reinsurance"],
            subjects: &[],
            exemption_hint: None,
        },
        Scenario {
            id: "waterway-transport",
            label_zh: "水路运输服务",
            label_en: "waterway transport services",
            sectors: &["international-shipping"],
            subjects: &[],
            exemption_hint: Some(
                "Transfers needed to perform a contract with the person (carriage, booking, \
                 delivery) need no procedure under CBDF Provisions Art. 5(1)(i) and are not \
                 counted: declare those persons in exempt_persons.",
            ),
        },
        Scenario {
            id: "port-operations",
            label_zh: "港口经营生产",
            label_en: "port operation and production",
            sectors: &["international-shipping"],
            subjects: &[],
            exemption_hint: None,
        },
        Scenario {
            id: "crew-management",
            label_zh: "船员管理",
            label_en: "crew management",
            sectors: &["international-shipping"],
            subjects: &[],
            exemption_hint: Some(
                "Employees' information sent for cross-border human-resources management under \
                 lawful labour rules needs no procedure under CBDF Provisions Art. 5(1)(ii) and is \
                 not counted: declare those persons in exempt_persons.",
            ),
        },
        Scenario {
            id: "membership-management",
            label_zh: "会员管理",
            label_en: "membership management (retail, catering, accommodation)",
            sectors: &["commerce"],
            subjects: &[],
            exemption_hint: None,
        },
    ],
    pools: &[
        Pool {
            id: "reinsurance-scenarios",
            label: "reinsurance scenarios (items 1 and 2, not seen)",
            scenarios: REINSURANCE_SCENARIOS,
            sectors: &["reinsurance"],
            pi: Pi::Any,
            note: None,
        },
        Pool {
            id: "reinsurance-other-general",
            label: "reinsurance, personal information other than items 1 and 2, non-sensitive",
            scenarios: &[],
            sectors: &["reinsurance"],
            pi: Pi::NonSensitive,
            note: None,
        },
        Pool {
            id: "reinsurance-other-sensitive",
            label: "reinsurance, personal information other than items 1 and 2, sensitive",
            scenarios: &[],
            sectors: &["reinsurance"],
            pi: Pi::Sensitive,
            note: None,
        },
        Pool {
            id: "shipping-scenarios",
            label: "international shipping scenarios (item 7 and the contract rows, not seen)",
            scenarios: SHIPPING_SCENARIOS,
            sectors: &["international-shipping"],
            pi: Pi::Any,
            note: None,
        },
        Pool {
            id: "shipping-other-general",
            label: "international shipping, personal information other than item 7, non-sensitive",
            scenarios: &[],
            sectors: &["international-shipping"],
            pi: Pi::NonSensitive,
            note: None,
        },
        Pool {
            id: "shipping-other-sensitive",
            label: "international shipping, personal information other than item 7, sensitive",
            scenarios: &[],
            sectors: &["international-shipping"],
            pi: Pi::Sensitive,
            note: None,
        },
    ],
    rows: &[
        Row {
            rule: "item-3",
            item: Some(3),
            tier: Tier::SecurityAssessment,
            confidence: Confidence::VerbatimCopy,
            text_zh: "除第1、2项以外的个人信息；[自当年1月1日起]累计向境外提供100万人以上的个人信息（不含敏感个人信息），或1万人以上的敏感个人信息。",
            en: "personal information other than items 1 and 2 (reinsurance): 1,000,000 persons or \
                 more (not sensitive), or sensitive personal information of 10,000 persons or more, \
                 since 1 January",
            label: "",
        },
        Row {
            rule: "item-8",
            item: Some(8),
            tier: Tier::SecurityAssessment,
            confidence: Confidence::VerbatimCopy,
            text_zh: "除第7项以外的个人信息；自当年1月1日起累计向境外提供100万人以上的个人信息（不含敏感个人信息），或1万人以上的敏感个人信息。",
            en: "personal information other than item 7 (international shipping): 1,000,000 \
                 persons or more (not sensitive), or sensitive personal information of 10,000 \
                 persons or more, since 1 January",
            label: "",
        },
    ],
    bands: &[
        Band {
            pool: "reinsurance-scenarios",
            from: 1,
            below: None,
            rule: rule::NOT_SEEN,
            note: Some(
                "items 1 and 2 hold the reinsurance scenarios' own rows; if this data is not what \
                 they describe, item 3 applies from 1,000,000 persons (10,000 sensitive)",
            ),
        },
        Band {
            pool: "reinsurance-other-general",
            from: 1,
            below: Some(1_000_000),
            rule: rule::NOT_SEEN,
            note: Some("the contract-or-certification rows of Part 2 for this information were not seen"),
        },
        Band {
            pool: "reinsurance-other-general",
            from: 1_000_000,
            below: None,
            rule: "item-3",
            note: None,
        },
        Band {
            pool: "reinsurance-other-sensitive",
            from: 1,
            below: Some(10_000),
            rule: rule::NOT_SEEN,
            note: Some("the contract-or-certification rows of Part 2 for this information were not seen"),
        },
        Band {
            pool: "reinsurance-other-sensitive",
            from: 10_000,
            below: None,
            rule: "item-3",
            note: None,
        },
        Band {
            pool: "shipping-scenarios",
            from: 1,
            below: None,
            rule: rule::NOT_SEEN,
            note: Some(
                "item 7 and the contract rows (item 9, crew management, whose numbers are unreadable \
                 in the copy seen) hold the shipping scenarios' own rows; if this data is not what \
                 item 7 describes, item 8 applies from 1,000,000 persons (10,000 sensitive)",
            ),
        },
        Band {
            pool: "shipping-other-general",
            from: 1,
            below: Some(1_000_000),
            rule: rule::NOT_SEEN,
            note: Some("the contract-or-certification rows of Part 2 for this information were not seen"),
        },
        Band {
            pool: "shipping-other-general",
            from: 1_000_000,
            below: None,
            rule: "item-8",
            note: None,
        },
        Band {
            pool: "shipping-other-sensitive",
            from: 1,
            below: Some(10_000),
            rule: rule::NOT_SEEN,
            note: Some("the contract-or-certification rows of Part 2 for this information were not seen"),
        },
        Band {
            pool: "shipping-other-sensitive",
            from: 10_000,
            below: None,
            rule: "item-8",
            note: None,
        },
    ],
    ciio: Ciio::Excluded {
        why: "the Shanghai Measures exclude critical information infrastructure operators, as two \
              secondary sources report",
        confidence: Confidence::Secondary,
    },
    genetic: Genetic::AsSensitivePi,
    export_control_zh: Some(
        "说明四：负面清单涉及行业领域若包括纳入出口管制事项、技术出口管理事项数据的，按照《出口管制法》《对外贸易法》《促进和规范数据跨境流动规定》等国家相关规定执行。",
    ),
    group_keys: GroupKeys::Pool,
};

ftzroute_plugin_api::export_list!(
    /// The Shanghai FTZ and Lingang list, 2024 edition.
    ShanghaiFtz2024,
    TABLE
);

#[cfg(test)]
mod tests {
    use super::TABLE;
    use ftzroute_plugin_api::sdk::list::rule;
    use ftzroute_plugin_api::Route;

    fn rule_at(sector: &str, scenario: Option<&str>, sensitive: bool, persons: u64) -> String {
        TABLE
            .probe(sector, scenario, sensitive, persons)
            .unwrap()
            .rule
    }

    #[test]
    fn the_table_is_consistent() {
        assert_eq!(TABLE.check(), Ok(()));
    }

    #[test]
    fn items_3_and_8_start_at_the_national_assessment_thresholds() {
        for (sector, item) in [
            ("reinsurance", "item-3"),
            ("international-shipping", "item-8"),
        ] {
            assert_eq!(rule_at(sector, None, false, 999_999), rule::NOT_SEEN);
            assert_eq!(rule_at(sector, None, false, 1_000_000), item);
            assert_eq!(rule_at(sector, None, true, 9_999), rule::NOT_SEEN);
            assert_eq!(rule_at(sector, None, true, 10_000), item);
        }
    }

    #[test]
    fn the_scenario_rows_not_seen_leave_named_scenarios_undetermined() {
        for (sector, scenario) in [
            ("reinsurance", "life-reinsurance"),
            ("international-shipping", "crew-management"),
            ("commerce", "membership-management"),
        ] {
            let outcome = TABLE
                .probe(sector, Some(scenario), false, 5_000_000)
                .unwrap();
            assert_eq!(outcome.route, Route::Undetermined, "{scenario}");
        }
    }

    #[test]
    fn the_rows_cite_their_verbatim_text_and_the_list_declares_its_report() {
        let description = TABLE.describe();
        let item = description.rule("item-8").unwrap();
        assert!(item.citation.zh.contains("除第7项以外的个人信息"));
        assert_eq!(item.route, Route::SecurityAssessment);
        let report = description.obligation(super::duty::REPORT).unwrap();
        assert_eq!(report.deadline.as_ref().unwrap().amount, 15);
    }
}
