//! The China (Tianjin) Pilot FTZ data-export negative list, 2024 edition, as a list table. It is
//! a category list: 13 classes of data (one of them personal information) and 46 subclasses,
//! each with its basic features, for every handler of the zone, not scenario-by-volume rows for
//! some sectors. None of its rows was read, so personal information is undetermined.

use ftzroute_plugin_api::sdk::list::{Extent, Identity, ListNames, ListTable, Sector};
use ftzroute_plugin_api::ALL_SECTORS;

const LIST_ZH: &str = "《中国（天津）自由贸易试验区数据出境管理清单（负面清单）（2024年版）》";
const LIST_EN: &str =
    "China (Tianjin) Pilot Free Trade Zone Data-Export Management List (Negative List) (2024 Edition)";

const CLASSES: &str = "The list's 13 data classes: strategic materials and commodities, natural \
    resources and environment, industry, finance, statistics, information dissemination, housing \
    and construction, transport, public health, public security, internet services and \
    e-commerce, science and technology, and personal information; each subclass gives the data's \
    basic features and examples (for instance, in industry, electronic-information data on key \
    chips, operating systems, source code and IC layouts is export-controlled). The rows were not \
    read. Notified or published important data needs a security assessment.";

pub static TABLE: ListTable = ListTable::identity_only(
    Identity {
        id: "tianjin-ftz-2024",
        zone: "tianjin",
        name: "China (Tianjin) Pilot FTZ data-export negative list: 13 data classes",
        edition: "2024",
        issuers: &[
            "China (Tianjin) Pilot FTZ Administrative Committee",
            "Tianjin Municipal Commerce Bureau",
        ],
        document_number: None,
        issued: "2024-05-08",
        effective_from: "2024-05-09",
        effective_until: None,
        trial_until: None,
        source: (
            LIST_ZH,
            LIST_EN,
            "Notice dated 8 May 2024, published 9 May 2024, by the Tianjin FTZ Administrative \
             Committee and the Tianjin Municipal Commerce Bureau, with the 《中国（天津）自由贸易试验区\
             企业数据分类分级标准规范》 of 5 February 2024; 13 classes, 46 subclasses (45 in one \
             count)",
        ),
        read_at: &[
            "secrss.com/articles/65971 (the notice and the list)",
            "invest.teda.gov.cn",
            "kwm.com: on the negative list for outbound data issued by the China (Tianjin) Pilot FTZ",
        ],
        interpretations: &[
            "A category list: its classes describe data, not the handler's industry, and its \
             personal-information class reaches the personal information of every handler of the \
             zone. The list is therefore taken to cover every sector (an inference).",
            "None of the rows was read. One secondary source reports that the personal-information \
             class does not relax the national thresholds; that is not encoded, so personal \
             information is undetermined whatever the count.",
            "Taken as in force from publication (9 May 2024): an inference.",
        ],
        use_conditions: &[],
        duties: &[],
    },
    Extent {
        rows: Some(13),
        unit: "classes",
        sectors: None,
        scenarios: None,
        note: Some("A category list of 13 data classes and 46 subclasses (Tianjin FTZ pages); no class's text was read, so it is encoded only as identity: its rows were not available."),
    },
    ListNames::with_usual_parts("Tianjin FTZ data-export negative list (2024)", LIST_ZH, LIST_EN),
    &[Sector {
        id: ALL_SECTORS,
        label_zh: "全部行业（13类数据分类清单）",
        label_en: "every sector: a list of 13 data classes (label not the list's wording)",
        also: &[],
        important_data: Some(CLASSES),
    }],
);

ftzroute_plugin_api::export_list!(
    /// The Tianjin FTZ list, 2024 edition.
    TianjinFtz2024,
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
    fn personal_information_of_any_handler_is_undetermined() {
        for sector in [
            "cross-border-ecommerce",
            "finance",
            "international-shipping",
        ] {
            let outcome = TABLE.probe(sector, None, false, 50).unwrap();
            assert_eq!(outcome.rule, rule::NOT_SEEN, "{sector}");
            assert!(outcome.notes.iter().any(|n| n.contains("secrss.com")));
        }
        assert!(!TABLE.describe().sector_labels.is_empty());
    }
}
