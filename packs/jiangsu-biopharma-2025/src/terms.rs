//! The names the pack's rules, duties and description share: the rule ids the decision names
//! and the titles of the documents they cite, declared once.

/// Rule ids that the evaluation names directly (list items are `item-<n>`).
pub(crate) mod id {
    use ftzroute_plugin_api::counting::exempt_rule;

    pub const CORE: &str = "art-22-core";
    pub const EXPORT_CONTROL: &str = "art-23-export-control";
    pub const GENERAL: &str = "general-data";
    pub const IMPORTANT_NOT_NOTIFIED: &str = "important-not-notified";
    pub const IMPORTANT: &str = "important-data";
    pub const CIIO: &str = "art-8-ciio";
    pub const NO_COUNTED_PERSONS: &str = "no-counted-persons";
    pub const OFF_LIST: &str = "art-10-off-list";
    pub const GENETIC: &str = "item-21";
    pub const GENETIC_CLEARED: &str = "item-21-hgr-cleared";

    /// Every id above: each edition must declare them.
    pub const ALL: [&str; 16] = [
        CORE,
        EXPORT_CONTROL,
        GENERAL,
        IMPORTANT_NOT_NOTIFIED,
        IMPORTANT,
        CIIO,
        NO_COUNTED_PERSONS,
        OFF_LIST,
        GENETIC,
        GENETIC_CLEARED,
        exempt_rule::ART_3,
        exempt_rule::ART_4,
        exempt_rule::ART_5_1_1,
        exempt_rule::ART_5_1_2,
        exempt_rule::ART_5_1_3,
        exempt_rule::ART_6,
    ];
}

macro_rules! measures_zh {
    () => {
        "《中国（江苏）自由贸易试验区数据出境负面清单管理办法（试行）》"
    };
}
macro_rules! measures_en {
    () => {
        "Measures for the Administration of the Data-Export Negative List of the China (Jiangsu) Pilot Free Trade Zone (Trial)"
    };
}
macro_rules! list_zh {
    () => {
        "《中国（江苏）自由贸易试验区数据出境管理清单（负面清单）（2025版）》"
    };
}
macro_rules! list_en {
    () => {
        "China (Jiangsu) Pilot Free Trade Zone Data-Export Management List (Negative List) (2025 Edition)"
    };
}

macro_rules! tier1_zh {
    () => {
        concat!(list_zh!(), "（一）需要通过数据出境安全评估的数据清单")
    };
}
macro_rules! tier2_zh {
    () => {
        concat!(
            list_zh!(),
            "（二）需要通过个人信息出境标准合同备案、个人信息保护认证出境的数据清单"
        )
    };
}
macro_rules! tier1_en {
    () => {
        concat!(
            list_en!(),
            ", Part 1 (data requiring a security assessment)"
        )
    };
}
macro_rules! tier2_en {
    () => {
        concat!(
            list_en!(),
            ", Part 2 (personal information exported under a standard contract or certification)"
        )
    };
}
macro_rules! cbdf_zh {
    () => {
        "《促进和规范数据跨境流动规定》"
    };
}
macro_rules! cbdf_en {
    () => {
        "Provisions on Promoting and Regulating Cross-Border Data Flows (2024)"
    };
}

pub(crate) use {
    cbdf_en, cbdf_zh, list_en, list_zh, measures_en, measures_zh, tier1_en, tier1_zh, tier2_en,
    tier2_zh,
};
