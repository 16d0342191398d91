//! The China (Fujian) Pilot FTZ data-export negative list, 2025 edition, and its trial Measures:
//! identity and scope only. One secondary source (a law firm's article, in Japanese) reports the
//! two instruments, their issuers, the date they were issued and took effect, the two-year trial
//! and what the Measures reach; the list's sectors and rows were not seen. Whether the list
//! covers a handler's sector cannot be told, so personal information is undetermined for every
//! sector.

use ftzroute_plugin_api::sdk::list::{Extent, Identity, ListNames, ListTable, Sector};
use ftzroute_plugin_api::ALL_SECTORS;

/// The Chinese titles are a back-translation of the Japanese titles the source gives, in the
/// naming pattern of the sibling lists (Jiangsu, Guangxi): an inference.
const LIST_ZH: &str = "《中国（福建）自由贸易试验区数据出境管理清单（负面清单）（2025版）》";
const LIST_EN: &str =
    "China (Fujian) Pilot Free Trade Zone Data-Export Management List (Negative List) (2025 Edition)";
const MEASURES_ZH: &str = "《中国（福建）自由贸易试验区数据出境负面清单管理办法（试行）》";
const MEASURES_EN: &str =
    "Measures of the China (Fujian) Pilot Free Trade Zone for the Management of the Data-Export Negative List (Trial)";

const READ_AT: &str =
    "allbrightlaw.com/JP/10531/9d934155d6aaf8e8.aspx (AllBright Law, in Japanese)";

pub static TABLE: ListTable = ListTable::identity_only(
    Identity {
        id: "fujian-ftz-2025",
        zone: "fujian",
        name: "China (Fujian) Pilot FTZ data-export negative list (sectors not seen)",
        edition: "2025",
        issuers: &[
            "Fujian Provincial Cyberspace Administration Office",
            "Fujian Provincial Department of Commerce",
            "Fujian Provincial Data Administration",
        ],
        document_number: None,
        issued: "2025-12-25",
        effective_from: "2025-12-25",
        effective_until: None,
        trial_until: Some("2027-12-24"),
        source: (
            concat!(
                "《中国（福建）自由贸易试验区数据出境管理清单（负面清单）（2025版）》及",
                "《中国（福建）自由贸易试验区数据出境负面清单管理办法（试行）》"
            ),
            "China (Fujian) Pilot Free Trade Zone Data-Export Management List (Negative List) \
             (2025 Edition), and the Measures for its Management (Trial)",
            "Issued and in force on 25 December 2025, for a two-year trial, by the Fujian \
             Provincial Cyberspace Administration Office, Department of Commerce and Data \
             Administration (one secondary source, AllBright Law). The Measures have 24 articles \
             and apply to data processors registered in the Fujian FTZ that export data there. \
             The Chinese titles are a back-translation of the Japanese ones the source gives \
             (an inference)",
        ),
        read_at: &[READ_AT],
        interpretations: &[
            "The list's sectors and rows were not seen: any sector may be covered, so personal \
             information is undetermined for every handler, never silently the national route. \
             General data, important data and the carve-outs are decided as every list decides \
             them.",
            "The Measures apply to processors registered in the Fujian FTZ (one secondary \
             source): the fujian zone stands for such a processor.",
            "The trial is read as ending on 24 December 2027, two years from 25 December 2025 \
             (the Civil Code's counting: the period ends the day before the corresponding day): \
             an inference from the reported two-year trial.",
            "The Chinese titles are a back-translation of the Japanese titles the only source \
             gives, in the naming pattern of the sibling lists: an inference. Not to be confused \
             with the earlier Pingtan general-data positive list.",
        ],
        use_conditions: &[
            "Listed data: apply or file as the Measures direct, then take the security assessment, \
             the standard contract or certification; data off the list needs none (one secondary \
             source).",
        ],
        duties: &[],
    },
    Extent {
        rows: None,
        unit: "rows",
        sectors: None,
        scenarios: None,
        note: Some(
            "Only the list's identity and scope are encoded, from one secondary source; its \
             sectors and rows were not available. Read the list and its Measures: \
             allbrightlaw.com/JP/10531/9d934155d6aaf8e8.aspx, or the Fujian Provincial \
             Cyberspace Administration Office's notice of 25 December 2025.",
        ),
    },
    ListNames::with_usual_parts("Fujian FTZ data-export negative list (2025)", LIST_ZH, LIST_EN),
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

/// The Measures' title, for tests and the README.
pub const MEASURES: (&str, &str) = (MEASURES_ZH, MEASURES_EN);

ftzroute_plugin_api::export_list!(
    /// The Fujian FTZ list, 2025 edition.
    FujianFtz2025,
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
    fn every_sector_is_undetermined_with_where_to_read_the_list() {
        for sector in ["cross-border-ecommerce", "international-shipping", "retail"] {
            let outcome = TABLE.probe(sector, None, false, 1).unwrap();
            assert_eq!(outcome.rule, rule::NOT_SEEN, "{sector}");
            assert!(outcome.notes.iter().any(|n| n.contains("allbrightlaw.com")));
        }
    }

    #[test]
    fn its_identity_and_coverage_are_declared() {
        let description = TABLE.describe();
        assert_eq!(description.issuers.len(), 3);
        assert_eq!(description.effective_from, "2025-12-25");
        assert_eq!(description.trial_until.as_deref(), Some("2027-12-24"));
        let coverage = description.coverage.unwrap();
        assert!(coverage.identity_only());
        assert_eq!(coverage.rows.of, None);
        assert!(super::MEASURES.0.contains("福建"));
    }
}
