//! The Shanghai data-export negative list, 2025 edition, the first to cover the whole city
//! (released 24 April 2026 with updated Measures and an implementation guide), as a list table.
//! Its identity, sectors and scope are known; none of its rows was seen, so every export of
//! personal information it covers is undetermined, with a note saying where to read the list.

use ftzroute_plugin_api::duties::DutyRow;
use ftzroute_plugin_api::sdk::list::{
    Ciio, Extent, Genetic, GroupKeys, Identity, ListNames, ListTable, Sector,
};
use ftzroute_plugin_api::Confidence;

const LIST_ZH: &str = "《上海市数据出境负面清单（2025版）》";
const LIST_EN: &str = "Shanghai Data Export Negative List (2025 Edition)";

/// The 2024 edition's report after each export, assumed to carry over to the updated Measures.
pub const REPORT_DUTY: DutyRow = DutyRow {
    confidence: Confidence::Inference,
    source: Some(
        "the 2024 Shanghai Measures' report as one law firm summarised it (hunton.com), assumed to \
         carry over to the updated Measures of April 2026, which were not read",
    ),
    basis_zh: "上海市数据出境负面清单管理办法（试行）（2026年修订）",
    basis_en: "Shanghai Measures for the Administration of the Data-Export Negative List (Trial), \
               as updated in April 2026 (article not seen)",
    ..shanghai_ftz_report()
};

/// The 2024 edition's duty row, copied here so the two packs stay independent libraries.
const fn shanghai_ftz_report() -> DutyRow {
    use ftzroute_plugin_api::duties::{after, Anchor};
    use ftzroute_plugin_api::{DataKind, PeriodUnit, Route};
    DutyRow {
        id: "shanghai-report-15-working-days",
        duty_zh: "依据负面清单向境外提供数据的，在数据出境后15个工作日内向所在地数据出境服务中心报告，并提交营业执照、身份证明、授权书、情况说明等材料",
        duty_en: "Report each export under the list to the local data-export service centre within \
                  15 working days after it, with the supporting documents (business licence, \
                  identity documents, authorisation, explanation letter), whether the route is an \
                  assessment, a contract or certification, or no procedure.",
        routes: &[
            Route::SecurityAssessment,
            Route::StandardContractOrCertification,
            Route::Exempt,
        ],
        kinds: &[DataKind::Personal, DataKind::Genetic, DataKind::Important],
        deadline: Some(after(15, PeriodUnit::WorkingDays, Anchor::Transfer)),
        ..DutyRow::BLANK
    }
}

const DUTIES: &[DutyRow] = &[REPORT_DUTY];

/// Important-data reference figures two secondary sources report for the updated Measures.
const IMPORTANT_DATA: &str =
    "The updated Shanghai Measures are reported (two secondary sources) to \
    treat as important data personal information of more than 10,000,000 persons, sensitive \
    personal information of more than 1,000,000, and sensitive personal information of more than \
    100,000 involving bank or insurance accounts or medical records; the list's own important-data \
    rows were not seen. Notified or published important data needs a security assessment.";

pub static TABLE: ListTable = ListTable {
    identity: Identity {
        id: "shanghai-city-2025",
        zone: "shanghai",
        name: "Shanghai data-export negative list (citywide): reinsurance, international shipping, trade and commerce, meteorology",
        edition: "2025",
        issuers: &["Shanghai municipal authorities (the issuing departments were not seen)"],
        document_number: None,
        issued: "2026-04-24",
        effective_from: "2026-04-24",
        effective_until: None,
        trial_until: None,
        source: (
            LIST_ZH,
            LIST_EN,
            "Released 24 April 2026 with updated Measures (Trial) and an implementation guide; 4 \
             sectors, 9 scenarios, 29 data subcategories, 109 items; applies to every data handler \
             registered in Shanghai (english.shanghai.gov.cn, 28 April and 6 May 2026). The Chinese \
             title is a rendering of the English name; the published title was not seen",
        ),
        read_at: &[
            "english.shanghai.gov.cn/en-PolicyInsights/20260428/82703407db56425da229e2e2673a3393.html",
            "english.shanghai.gov.cn/en-FAQs-DoBusiness/20260506/078e25130c54401aad0d6dbbf723a83a.html",
            "china-briefing.com/news/shanghai-data-export-negative-list-update/",
        ],
        interpretations: &[
            "Only the list's identity, sectors and scope were read (official English pages); no row. \
             Personal information of its sectors is therefore undetermined, whatever the count, \
             never the national route.",
            "The list is taken as in force on release (24 April 2026; an inference), ahead of the \
             2024 FTZ and Lingang edition in the shanghai zone.",
            "The fragment 关键信息基础设施运营者不适用本清单 (critical information infrastructure \
             operators are not covered) is reported by one secondary source: for them CBDF \
             Provisions Art. 7(1) decides.",
            "The meteorology sector reportedly carves out data not depicting weather in PRC \
             territory or waters (非表现中华人民共和国领域和中华人民共和国管辖的其他海域内气象情况的数据, \
             one secondary source); the effect of that row was not seen and is not encoded.",
            "The 15-working-day report of the 2024 Measures is assumed to carry over to the updated \
             Measures (an inference); it is counted on the national calendar.",
        ],
        use_conditions: &[
            "it applies to data handlers registered in Shanghai, not to critical information \
             infrastructure operators; after each export, report to the local data-export service \
             centre within 15 working days (carried over from the 2024 Measures: an inference).",
        ],
        duties: DUTIES,
    },
    extent: Extent {
        rows: None,
        unit: "rows",
        sectors: Some(4),
        scenarios: Some(9),
        note: Some("Only the list's identity, sectors and size are encoded: 4 sectors, 9 scenarios, 29 data subcategories and 109 data items (official English pages, April 2026); no row was seen."),
    },
    names: ListNames {
        short: "Shanghai data-export negative list (2025, citywide)",
        title_zh: LIST_ZH,
        title_en: LIST_EN,
        sa_part_zh: "需要通过数据出境安全评估的数据清单",
        sa_part_en: "security-assessment part",
        scc_part_zh: "需要通过个人信息出境标准合同备案、个人信息保护认证出境的数据清单",
        scc_part_en: "contract-or-certification part",
    },
    sectors: &[
        Sector {
            id: "reinsurance",
            label_zh: "再保险领域",
            label_en: "reinsurance (finance)",
            also: &[],
            important_data: Some(IMPORTANT_DATA),
        },
        Sector {
            id: "international-shipping",
            label_zh: "国际航运",
            label_en: "international shipping",
            also: &[],
            important_data: Some(IMPORTANT_DATA),
        },
        Sector {
            id: "commerce",
            label_zh: "商贸",
            label_en: "trade and commerce",
            also: &[],
            important_data: Some(IMPORTANT_DATA),
        },
        Sector {
            id: "meteorology",
            label_zh: "气象领域",
            label_en: "meteorology",
            also: &[],
            important_data: Some(IMPORTANT_DATA),
        },
    ],
    scenarios: &[],
    pools: &[],
    rows: &[],
    bands: &[],
    ciio: Ciio::Excluded {
        why: "关键信息基础设施运营者不适用本清单, a fragment one secondary source reports from the list",
        confidence: Confidence::Secondary,
    },
    genetic: Genetic::AsSensitivePi,
    export_control_zh: None,
    group_keys: GroupKeys::Pool,
};

ftzroute_plugin_api::export_list!(
    /// The Shanghai citywide list, 2025 edition.
    ShanghaiCity2025,
    TABLE
);

#[cfg(test)]
mod tests {
    use super::TABLE;
    use ftzroute_plugin_api::sdk::list::rule;

    #[test]
    fn the_table_is_consistent() {
        assert_eq!(TABLE.check(), Ok(()));
    }

    #[test]
    fn personal_information_of_every_sector_is_undetermined_with_where_to_read() {
        for sector in [
            "reinsurance",
            "international-shipping",
            "commerce",
            "meteorology",
        ] {
            for (sensitive, persons) in [(false, 1), (false, 5_000_000), (true, 20_000)] {
                let outcome = TABLE.probe(sector, None, sensitive, persons).unwrap();
                assert_eq!(outcome.rule, rule::NOT_SEEN, "{sector}");
                assert!(outcome
                    .notes
                    .iter()
                    .any(|n| n.contains("english.shanghai.gov.cn")));
            }
        }
    }

    #[test]
    fn the_report_is_declared_as_an_inference() {
        let description = TABLE.describe();
        let report = description
            .obligation("shanghai-report-15-working-days")
            .unwrap();
        assert_eq!(
            report.confidence,
            ftzroute_plugin_api::Confidence::Inference
        );
    }
}
