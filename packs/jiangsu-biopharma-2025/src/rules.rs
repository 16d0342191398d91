//! Every rule the pack can fire, with its citation.

use crate::terms::{
    cbdf_en, cbdf_zh, id, list_en, list_zh, measures_en, measures_zh, tier1_en, tier1_zh, tier2_en,
    tier2_zh,
};
use ftzroute_plugin_api::counting::exempt_rule;
use ftzroute_plugin_api::sdk::rules::{RuleRow, RuleTable};
use ftzroute_plugin_api::{Confidence, Route};

const SA: Route = Route::SecurityAssessment;
const SCC: Route = Route::StandardContractOrCertification;

/// Every rule an edition can fire. The list and Measures are known through an English working
/// translation; the national Provisions through verbatim copies of the official text.
pub(crate) const RULES: RuleTable = RuleTable(&[
    RuleRow {
        id: id::CORE,
        route: Route::CoreDataRegime,
        list_item: None,
        basis: "Jiangsu FTZ Measures Art. 22",
        zh: concat!(measures_zh!(), "第二十二条"),
        en: concat!(
            measures_en!(),
            ", Art. 22: national core data is subject to a stricter regime and is not brought into negative-list management"
        ),
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: id::EXPORT_CONTROL,
        route: Route::ExportControl,
        list_item: None,
        basis: "Jiangsu FTZ Measures Art. 23",
        zh: concat!(measures_zh!(), "第二十三条"),
        en: concat!(
            measures_en!(),
            ", Art. 23: technical materials on controlled items and technology-export matters follow the Export Control Law and the Foreign Trade Law"
        ),
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: id::GENERAL,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Art. 3",
        zh: concat!(cbdf_zh!(), "第三条"),
        en: concat!(
            cbdf_en!(),
            ", Art. 3: data containing no personal information and no important data needs none of the three procedures"
        ),
        confidence: Some(Confidence::VerbatimCopy),
    },
    RuleRow {
        id: id::IMPORTANT_NOT_NOTIFIED,
        route: Route::Exempt,
        list_item: None,
        basis: "Jiangsu FTZ Measures Art. 17",
        zh: concat!(measures_zh!(), "第十七条"),
        en: concat!(
            measures_en!(),
            ", Art. 17: data not notified or published as important data need not be declared for a security assessment as important data"
        ),
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: id::IMPORTANT,
        route: SA,
        list_item: None,
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 1 items 1-6",
        zh: concat!(tier1_zh!(), "第1项至第6项；", measures_zh!(), "第八条第（一）项"),
        en: concat!(
            tier1_en!(),
            ", items 1-6 (important data); Measures Art. 8(1)"
        ),
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: id::CIIO,
        route: SA,
        list_item: None,
        basis: "Jiangsu FTZ Measures Art. 8(1)",
        zh: concat!(measures_zh!(), "第八条第（一）项"),
        en: concat!(
            measures_en!(),
            ", Art. 8(1): a critical information infrastructure operator providing personal information or important data abroad needs a security assessment"
        ),
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: id::NO_COUNTED_PERSONS,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Arts 3, 4, 5(1)-(3), 6",
        zh: concat!(cbdf_zh!(), "第三条、第四条、第五条第（一）项至第（三）项、第六条"),
        en: concat!(
            cbdf_en!(),
            ", Arts 3, 4, 5(1)-(3) and 6: exports under these articles need none of the three procedures"
        ),
        confidence: Some(Confidence::VerbatimCopy),
    },
    RuleRow {
        id: exempt_rule::ART_3,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Art. 3 (every person exempt)",
        zh: concat!(cbdf_zh!(), "第三条"),
        en: concat!(
            cbdf_en!(),
            ", Art. 3: data from international trade, cross-border transport, academic cooperation, transnational manufacturing or marketing; its persons are not counted"
        ),
        confidence: Some(Confidence::VerbatimCopy),
    },
    RuleRow {
        id: exempt_rule::ART_4,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Art. 4",
        zh: concat!(cbdf_zh!(), "第四条"),
        en: concat!(
            cbdf_en!(),
            ", Art. 4: personal information collected and generated abroad, processed in China and provided back abroad; its persons are not counted"
        ),
        confidence: Some(Confidence::VerbatimCopy),
    },
    RuleRow {
        id: exempt_rule::ART_5_1_1,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Art. 5(1)(i)",
        zh: concat!(cbdf_zh!(), "第五条第（一）项"),
        en: concat!(
            cbdf_en!(),
            ", Art. 5(1)(i): necessary to conclude or perform a contract to which the individual is a party; its persons are not counted"
        ),
        confidence: Some(Confidence::VerbatimCopy),
    },
    RuleRow {
        id: exempt_rule::ART_5_1_2,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Art. 5(1)(ii)",
        zh: concat!(cbdf_zh!(), "第五条第（二）项"),
        en: concat!(
            cbdf_en!(),
            ", Art. 5(1)(ii): necessary for cross-border human-resources management; its persons are not counted"
        ),
        confidence: Some(Confidence::VerbatimCopy),
    },
    RuleRow {
        id: exempt_rule::ART_5_1_3,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Art. 5(1)(iii)",
        zh: concat!(cbdf_zh!(), "第五条第（三）项"),
        en: concat!(
            cbdf_en!(),
            ", Art. 5(1)(iii): necessary to protect life, health or property in an emergency; its persons are not counted"
        ),
        confidence: Some(Confidence::VerbatimCopy),
    },
    RuleRow {
        id: exempt_rule::ART_6,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Art. 6",
        zh: concat!(cbdf_zh!(), "第六条"),
        en: concat!(
            cbdf_en!(),
            ", Art. 6: data outside a Pilot Free Trade Zone's negative list; its persons are not counted"
        ),
        confidence: Some(Confidence::VerbatimCopy),
    },
    RuleRow {
        id: id::OFF_LIST,
        route: Route::Exempt,
        list_item: None,
        basis: "Jiangsu FTZ Measures Art. 10",
        zh: concat!(measures_zh!(), "第十条"),
        en: concat!(
            measures_en!(),
            ", Art. 10: data of a listed sector that is not on the list is exempt from the three procedures"
        ),
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: "item-7",
        route: SA,
        list_item: Some(7),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 1 item 7",
        zh: concat!(tier1_zh!(), "第7项"),
        en: concat!(tier1_en!(), ", item 7: clinical-trial subjects, 50,000 persons or more"),
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: "item-8",
        route: SA,
        list_item: Some(8),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 1 item 8",
        zh: concat!(tier1_zh!(), "第8项"),
        en: concat!(
            tier1_en!(),
            ", item 8: patients (pharmacovigilance, complaints, medical inquiry; without real name and contact details), 100,000 persons or more"
        ),
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: "item-9",
        route: SA,
        list_item: Some(9),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 1 item 9",
        zh: concat!(tier1_zh!(), "第9项"),
        en: concat!(
            tier1_en!(),
            ", item 9: healthcare professionals, investigators, non-patient reporters, complainants and inquirers, general personal information, 200,000 persons or more"
        ),
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: "item-10",
        route: SA,
        list_item: Some(10),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 1 item 10",
        zh: concat!(tier1_zh!(), "第10项"),
        en: concat!(
            tier1_en!(),
            ", item 10: the same persons, sensitive personal information, 100,000 persons or more"
        ),
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: "item-11",
        route: SA,
        list_item: Some(11),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 1 item 11",
        zh: concat!(tier1_zh!(), "第11项"),
        en: concat!(
            tier1_en!(),
            ", item 11: patients' physiological-health information and under-14s in medical-device after-sales (without real name and contact details), 100,000 persons or more"
        ),
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: "item-12",
        route: SA,
        list_item: Some(12),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 1 item 12",
        zh: concat!(tier1_zh!(), "第12项"),
        en: concat!(
            tier1_en!(),
            ", item 12: medical-business contact persons, sensitive personal information, 100,000 persons or more"
        ),
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: "item-13",
        route: SA,
        list_item: Some(13),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 1 item 13",
        zh: concat!(tier1_zh!(), "第13项"),
        en: concat!(
            tier1_en!(),
            ", item 13: all other scenarios, 1,000,000 persons or more (excluding sensitive personal information) or 10,000 persons or more of sensitive personal information"
        ),
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: "item-14",
        route: SCC,
        list_item: Some(14),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 2 item 14",
        zh: concat!(tier2_zh!(), "第14项"),
        en: concat!(tier2_en!(), ", item 14: clinical-trial subjects, 10,000 to under 50,000 persons"),
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: "item-15",
        route: SCC,
        list_item: Some(15),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 2 item 15",
        zh: concat!(tier2_zh!(), "第15项"),
        en: concat!(
            tier2_en!(),
            ", item 15: patients (without real name and contact details), 10,000 to under 100,000 persons"
        ),
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: "item-16",
        route: SCC,
        list_item: Some(16),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 2 item 16",
        zh: concat!(tier2_zh!(), "第16项"),
        en: concat!(
            tier2_en!(),
            ", item 16: healthcare professionals and similar persons, general personal information, 10,000 to under 200,000 persons"
        ),
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: "item-17",
        route: SCC,
        list_item: Some(17),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 2 item 17",
        zh: concat!(tier2_zh!(), "第17项"),
        en: concat!(
            tier2_en!(),
            ", item 17: healthcare professionals and similar persons, sensitive personal information, 10,000 to under 100,000 persons"
        ),
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: "item-18",
        route: SCC,
        list_item: Some(18),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 2 item 18",
        zh: concat!(tier2_zh!(), "第18项"),
        en: concat!(
            tier2_en!(),
            ", item 18: medical-device after-sales health information and under-14s (without real name and contact details), under 100,000 persons"
        ),
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: "item-19",
        route: SCC,
        list_item: Some(19),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 2 item 19",
        zh: concat!(tier2_zh!(), "第19项"),
        en: concat!(
            tier2_en!(),
            ", item 19: medical-business contact persons, sensitive personal information, under 100,000 persons"
        ),
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: "item-20",
        route: SCC,
        list_item: Some(20),
        basis: "Jiangsu FTZ data-export negative list (2025), Tier 2 item 20",
        zh: concat!(tier2_zh!(), "第20项"),
        en: concat!(
            tier2_en!(),
            ", item 20: all other scenarios, 100,000 to under 1,000,000 persons (excluding sensitive personal information) or under 10,000 persons of sensitive personal information"
        ),
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: id::GENETIC,
        route: Route::OtherLawfulRoute,
        list_item: Some(21),
        basis: "Jiangsu FTZ data-export negative list (2025), item 21",
        zh: concat!(list_zh!(), "（三）需要通过其他合法合规路径出境的数据清单第21项"),
        en: concat!(
            list_en!(),
            ", Part 3 (data exported through another lawful route), item 21: human genetic data, under the human genetic resources regime"
        ),
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: id::GENETIC_CLEARED,
        route: Route::Exempt,
        list_item: Some(21),
        basis: "Jiangsu FTZ data-export negative list (2025), item 21 (HGR duties met)",
        zh: concat!(list_zh!(), "（三）需要通过其他合法合规路径出境的数据清单第21项"),
        en: concat!(
            list_en!(),
            ", Part 3, item 21: exempt once the administrative licensing and filing duties of the Implementing Rules of the Human Genetic Resources Regulation are fulfilled"
        ),
        confidence: Some(Confidence::Secondary),
    },
]);
