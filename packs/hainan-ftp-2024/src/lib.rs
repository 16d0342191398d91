//! The Hainan Free Trade Port data-export negative list, 2024 edition (deep sea, aerospace, seed
//! industry, tourism, duty-free retail), as a list table. Its identity and fields are known; its
//! rows were not seen, so personal information of its fields is undetermined. Data off the list
//! may go out on a prudent commitment, with a filing after the fact.

use ftzroute_plugin_api::duties::DutyRow;
use ftzroute_plugin_api::sdk::list::{
    Ciio, Extent, Genetic, GroupKeys, Identity, ListNames, ListTable, Sector,
};
use ftzroute_plugin_api::{Confidence, Route};

const LIST_ZH: &str = "《海南自由贸易港数据出境管理清单（负面清单）（2024版）》";
const LIST_EN: &str =
    "Hainan Free Trade Port Data-Export Management List (Negative List) (2024 Edition)";

/// Duty ids (stable: golden cases name them).
pub mod duty {
    pub const AFTER_THE_FACT_FILING: &str = "hainan-after-the-fact-filing";
}

const DUTIES: &[DutyRow] = &[DutyRow {
    id: duty::AFTER_THE_FACT_FILING,
    duty_zh: "清单外数据在审慎承诺前提下先行开展出境，并辅以事后备案管理",
    duty_en: "Data off the list may be exported first on a prudent commitment, then filed after \
              the fact; no period for the filing is known.",
    basis_zh: "《海南自由贸易港数据出境管理清单（负面清单）（2024版）》配套管理实践",
    basis_en: "Hainan Free Trade Port Data-Export Negative List (2024), as practised (the \
               instrument setting the filing was not seen)",
    confidence: Confidence::Secondary,
    source: Some("one press report of Hainan's practice (证券时报, 18 December 2025)"),
    routes: &[Route::Exempt],
    ..DutyRow::BLANK
}];

const IMPORTANT: &str =
    "Each of the list's scenarios gives the data subclass, its features, scope, \
    definition and management requirement; those rows were not seen. Notified or published \
    important data needs a security assessment.";

pub static TABLE: ListTable = ListTable {
    identity: Identity {
        id: "hainan-ftp-2024",
        zone: "hainan",
        name: "Hainan Free Trade Port data-export negative list: deep sea, aerospace, seed industry, tourism, duty-free retail",
        edition: "2024",
        issuers: &[
            "Cyberspace Affairs Office of the CPC Hainan Provincial Committee",
            "Hainan Provincial Data Bureau",
        ],
        document_number: None,
        issued: "2025-02-19",
        effective_from: "2025-02-19",
        effective_until: None,
        trial_until: None,
        source: (
            LIST_ZH,
            LIST_EN,
            "Announced 19 February 2025 after filing with the CAC and the National Data \
             Administration, by the Cyberspace Affairs Office of the CPC Hainan Provincial Committee \
             and the Hainan Provincial Data Bureau; 5 fields, 14 scenarios (news.cn, 20 February \
             2025; official Q&A, hkwb.net, 26 January 2026)",
        ),
        read_at: &[
            "official Q&A: hkwb.net/news/content/2026-01/26/content_4351170.htm",
            "news.cn, 20 February 2025",
        ],
        interpretations: &[
            "Only the list's identity and fields were read; no row. Personal information of its \
             fields (tourism and duty-free retail have \"refined\" personal-information rules) is \
             undetermined whatever the count, never the national route.",
            "The list is taken as in force from its announcement (19 February 2025): an inference.",
            "Data off the list may go out first on a prudent commitment with a filing after the \
             fact (one press report); no period is known, so the duty has no deadline. It is \
             attached to exports the list leaves needing no procedure.",
            "The Chinese field labels are renderings, not the list's wording.",
        ],
        use_conditions: &[
            "data off the list may be exported on a prudent commitment, followed by a filing after \
             the fact (事后备案), as reported of Hainan's practice; no period for the filing is known.",
        ],
        duties: DUTIES,
    },
    extent: Extent {
        rows: None,
        unit: "rows",
        sectors: Some(5),
        scenarios: Some(14),
        note: Some("Only the list's identity, its five fields and its 14 scenarios (official Q&A) are encoded; no row was seen."),
    },
    names: ListNames {
        short: "Hainan FTP data-export negative list (2024)",
        title_zh: LIST_ZH,
        title_en: LIST_EN,
        sa_part_zh: "需要通过数据出境安全评估的数据清单",
        sa_part_en: "security-assessment part",
        scc_part_zh: "需要通过个人信息出境标准合同备案、个人信息保护认证出境的数据清单",
        scc_part_en: "contract-or-certification part",
    },
    sectors: &[
        Sector {
            id: "deep-sea",
            label_zh: "深海",
            label_en: "deep sea (ocean survey and exploration, environmental monitoring, communications and navigation)",
            also: &[],
            important_data: Some(IMPORTANT),
        },
        Sector {
            id: "aerospace",
            label_zh: "航天",
            label_en: "aerospace (satellite remote sensing, international cooperation)",
            also: &[],
            important_data: Some(IMPORTANT),
        },
        Sector {
            id: "seed-industry",
            label_zh: "种业",
            label_en: "seed industry (germplasm to company operations)",
            also: &[],
            important_data: Some(IMPORTANT),
        },
        Sector {
            id: "tourism",
            label_zh: "旅游",
            label_en: "tourism",
            also: &[],
            important_data: Some(IMPORTANT),
        },
        Sector {
            id: "duty-free-retail",
            label_zh: "免税零售",
            label_en: "duty-free retail",
            also: &[],
            important_data: Some(IMPORTANT),
        },
    ],
    scenarios: &[],
    pools: &[],
    rows: &[],
    bands: &[],
    ciio: Ciio::NotSeen,
    genetic: Genetic::AsSensitivePi,
    export_control_zh: None,
    group_keys: GroupKeys::Pool,
};

ftzroute_plugin_api::export_list!(
    /// The Hainan FTP list, 2024 edition.
    HainanFtp2024,
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
    fn personal_information_of_every_field_is_undetermined() {
        for sector in TABLE.sectors {
            let outcome = TABLE.probe(sector.id, None, false, 1_000).unwrap();
            assert_eq!(outcome.rule, rule::NOT_SEEN, "{}", sector.id);
        }
    }

    #[test]
    fn the_after_the_fact_filing_has_no_deadline() {
        let description = TABLE.describe();
        let filing = description
            .obligation(super::duty::AFTER_THE_FACT_FILING)
            .unwrap();
        assert!(filing.deadline.is_none());
    }
}
