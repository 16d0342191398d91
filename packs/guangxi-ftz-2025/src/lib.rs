//! The China (Guangxi) Pilot FTZ data-export negative list, 2025 edition: identity and scope
//! only. Its official notice was read (document number, dates, issuers, the explanatory note on
//! what the list is); its sectors and rows were not. The only row text seen anywhere is a test
//! fixture in a public repository, repeated to test text chunking, and is not encoded. Whether
//! the list covers a handler's sector cannot be told, so personal information is undetermined
//! for every sector.

use ftzroute_plugin_api::sdk::list::{Extent, Identity, ListNames, ListTable, Sector};
use ftzroute_plugin_api::ALL_SECTORS;

const LIST_ZH: &str = "《中国（广西）自由贸易试验区数据出境管理清单（负面清单）（2025版）》";
const LIST_EN: &str =
    "China (Guangxi) Pilot Free Trade Zone Data-Export Management List (Negative List) (2025 Edition)";

pub static TABLE: ListTable = ListTable::identity_only(
    Identity {
        id: "guangxi-ftz-2025",
        zone: "guangxi",
        name: "China (Guangxi) Pilot FTZ data-export negative list (sectors not seen)",
        edition: "2025",
        issuers: &[
            "Department of Commerce of Guangxi Zhuang Autonomous Region",
            "China (Guangxi) Pilot FTZ Work Office",
            "Guangxi Cyberspace Administration",
            "Guangxi Big Data Development Bureau",
        ],
        document_number: Some("桂商自贸发〔2025〕2号"),
        issued: "2025-08-08",
        effective_from: "2025-08-08",
        effective_until: None,
        trial_until: None,
        source: (
            LIST_ZH,
            LIST_EN,
            "桂商自贸发〔2025〕2号, written 4 August 2025, published 8 August 2025 in Chinese and \
             English by the Guangxi Department of Commerce, the FTZ Work Office, the Cyberspace \
             Administration and the Big Data Development Bureau. Its first explanatory note: the list \
             is the data that, under the Network Data Security Management Regulations, the Security \
             Assessment Measures, the Standard Contract Measures and the CBDF Provisions, falls under \
             the security assessment, the standard contract or certification",
        ),
        read_at: &["swt.gxzf.gov.cn/zfxxgk/fdzdgknr/zcyjd/gxzc/t23390455.shtml"],
        interpretations: &[
            "The list's sectors and rows were not seen. A test fixture in a public repository shows \
             a sector 地理信息与气象数据服务 and a row for 1,000,000 persons in membership \
             management; it is repeated twenty times to test text chunking beside an invented \
             article, so it is treated as synthetic and not encoded.",
            "Since which sectors the list covers is unknown, it is taken to possibly cover every \
             sector: personal information is undetermined, never silently the national route. \
             General data, important data and the carve-outs are decided as every list decides \
             them.",
            "Taken as in force from publication (8 August 2025): an inference.",
        ],
        use_conditions: &[],
        duties: &[],
    },
    Extent {
        rows: None,
        unit: "rows",
        sectors: None,
        scenarios: None,
        note: Some("Only the list's identity is encoded: its official notice was read, its sectors and rows were not (swt.gxzf.gov.cn)."),
    },
    ListNames::with_usual_parts("Guangxi FTZ data-export negative list (2025)", LIST_ZH, LIST_EN),
    &[Sector {
        id: ALL_SECTORS,
        label_zh: "行业领域未见",
        label_en: "sectors not seen: any sector may be covered (label not the list's wording)",
        also: &[],
        important_data: Some(
            "The list's important-data rows were not seen. Notified or published important data \
             needs a security assessment.",
        ),
    }],
);

ftzroute_plugin_api::export_list!(
    /// The Guangxi FTZ list, 2025 edition.
    GuangxiFtz2025,
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
    fn the_fixture_row_is_not_encoded() {
        // The fixture's "1,000,000 persons, membership management only" must decide nothing.
        assert!(TABLE.rows.is_empty() && TABLE.scenarios.is_empty());
        let outcome = TABLE
            .probe("geographic-information", None, false, 1_000_000)
            .unwrap();
        assert_eq!(outcome.rule, rule::NOT_SEEN);
        assert!(outcome.notes.iter().any(|n| n.contains("swt.gxzf.gov.cn")));
    }

    #[test]
    fn its_identity_is_the_official_notices() {
        let description = TABLE.describe();
        assert_eq!(
            description.document_number.as_deref(),
            Some("桂商自贸发〔2025〕2号")
        );
        assert_eq!(description.issuers.len(), 4);
    }
}
