//! Beijing's "two zones" data-export negative list, 2025 edition: the whole city, nine sectors
//! (the five of the 2024 FTZ list, and medical devices, autonomous driving, trade and logistics,
//! banking), as a list table: issued on 11 May 2026, 67 scenarios and 612 data fields. Its identity,
//! size and sectors are known; none of its rows was seen, so every export of personal information
//! it covers is undetermined.

use ftzroute_plugin_api::sdk::list::{
    Ciio, Extent, Genetic, GroupKeys, Identity, ListNames, ListTable, Sector,
};

/// The title of the official Chinese page (as a secondary source cites it): “两区”数据出境管理负面清单.
const LIST_ZH: &str = "《北京“两区”数据出境管理负面清单（2025版）》";
const LIST_EN: &str = "Beijing \"Two Zones\" Data-Export Management Negative List (2025 Edition)";

const NOT_SEEN_IMPORTANT: &str = "The list names the sector's important data; those rows were not \
    seen. Notified or published important data needs a security assessment.";

pub static TABLE: ListTable = ListTable {
    identity: Identity {
        id: "beijing-two-zones-2025",
        zone: "beijing",
        name: "Beijing \"two zones\" data-export negative list (citywide): nine sectors",
        edition: "2025",
        issuers: &["Beijing municipal government (the issuing departments were not seen)"],
        document_number: None,
        issued: "2026-05-11",
        effective_from: "2026-05-11",
        effective_until: None,
        trial_until: None,
        source: (
            LIST_ZH,
            LIST_EN,
            "Issued on 11 May 2026 with its management Measures (official English page of the \
             Beijing municipal government, 25 May 2026: primary); covers the Beijing FTZ and the \
             comprehensive demonstration zone, city-wide; 9 sectors, 67 business scenarios and 612 \
             data fields (primary); the five 2024 sectors carried over, medical devices, \
             intelligent connected vehicles (autonomous driving), trade and logistics, and banking \
             new; lists of other provinces may be applied by reference (primary). The official \
             Chinese page is titled “两区”数据出境管理负面清单（2025 版）及管理办法 (its address as a \
             secondary source cites it; the page itself was not read)",
        ),
        read_at: &[
            "beijing.gov.cn/zhengce/zhengcefagui/202605/t20260511_4645754.html (official Chinese page)",
            "english.beijing.gov.cn/latest/news/202605/t20260525_4664345.html",
        ],
        interpretations: &[
            "Only the list's identity, size and sectors were read; no row, threshold or scenario. \
             Personal information of its sectors is undetermined whatever the count, never the \
             national route. The five sectors of the 2024 FTZ list are reported carried over \
             (primary): its known figures (50,000 clinical-trial subjects, the 10,000-patient \
             floor) may still hold, but that is not encoded.",
            "Issued on 11 May 2026 (primary, the official English page; an editor's note dating a \
             2025 expansion is contrary and read as wrong) and taken as in force on issue (an \
             inference: the day it took effect was not seen). In the beijing zone it comes \
             before the 2024 FTZ list.",
            "It applies to organisations registered in Beijing's two zones whose sector, scenario, \
             fields and numbers match the list item by item, and use requires a filing first under \
             the local procedure (one secondary source); not declared as a use condition until \
             the Measures are read.",
            "The AI-training scenario is reported to list text, audio and images and to leave out \
             video and other modalities (one secondary source): not encoded.",
            "Intelligent connected vehicle makers are taken as the autonomous-driving sector, and \
             medical-device makers and the drug-manufacturing sectors of other packs as the \
             medical-device and pharmaceutical sectors (inferences), so one profile compares across \
             zones.",
        ],
        use_conditions: &[],
        duties: &[],
    },
    extent: Extent {
        rows: None,
        unit: "items",
        sectors: Some(9),
        scenarios: Some(67),
        note: Some("Only the list's identity, sectors and size are encoded: 9 sectors, 67 scenarios and 612 data fields (official English page of the Beijing municipal government, May 2026); how many rows they make was not published there, and no row was seen. Read the list on beijing.gov.cn (zhengce/zhengcefagui/202605/t20260511_4645754.html)."),
    },
    names: ListNames {
        short: "Beijing \"two zones\" data-export negative list (2025)",
        title_zh: LIST_ZH,
        title_en: LIST_EN,
        sa_part_zh: "需要通过数据出境安全评估的数据清单",
        sa_part_en: "security-assessment part",
        scc_part_zh: "需要通过个人信息出境标准合同备案、个人信息保护认证出境的数据清单",
        scc_part_en: "contract-or-certification part",
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
            important_data: Some(NOT_SEEN_IMPORTANT),
        },
        Sector {
            id: "automotive",
            label_zh: "汽车行业",
            label_en: "automotive",
            also: &[],
            important_data: Some(NOT_SEEN_IMPORTANT),
        },
        Sector {
            id: "retail-modern-services",
            label_zh: "零售和现代服务业",
            label_en: "retail and modern services",
            also: &[],
            important_data: Some(NOT_SEEN_IMPORTANT),
        },
        Sector {
            id: "civil-aviation",
            label_zh: "民航",
            label_en: "civil aviation",
            also: &[],
            important_data: Some(NOT_SEEN_IMPORTANT),
        },
        Sector {
            id: "ai-training-data",
            label_zh: "人工智能训练数据",
            label_en: "AI training data",
            also: &[],
            important_data: Some(NOT_SEEN_IMPORTANT),
        },
        Sector {
            id: "medical-devices",
            label_zh: "医疗器械",
            label_en: "medical devices",
            also: &["medical-device-manufacturing"],
            important_data: Some(NOT_SEEN_IMPORTANT),
        },
        Sector {
            id: "autonomous-driving",
            label_zh: "自动驾驶",
            label_en: "autonomous driving (intelligent connected vehicles)",
            also: &["intelligent-connected-vehicles"],
            important_data: Some(NOT_SEEN_IMPORTANT),
        },
        Sector {
            id: "trade-logistics",
            label_zh: "贸易物流",
            label_en: "trade and logistics",
            also: &[],
            important_data: Some(NOT_SEEN_IMPORTANT),
        },
        Sector {
            id: "banking",
            label_zh: "银行行业",
            label_en: "banking",
            also: &[],
            important_data: Some(NOT_SEEN_IMPORTANT),
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
    /// Beijing's "two zones" list, 2025 edition.
    BeijingTwoZones2025,
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
    fn every_sector_is_covered_and_its_personal_information_undetermined() {
        let description = TABLE.describe();
        for sector in TABLE.sectors {
            assert!(description.covers_sector(sector.id));
            let outcome = TABLE.probe(sector.id, None, false, 1).unwrap();
            assert_eq!(outcome.rule, rule::NOT_SEEN, "{}", sector.id);
            assert!(outcome
                .notes
                .iter()
                .any(|n| n.contains("beijing.gov.cn/zhengce")));
        }
        assert!(description.covers_sector("intelligent-connected-vehicles"));
    }
}
