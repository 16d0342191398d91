//! The China (Zhejiang) Pilot FTZ data-export negative list, 2024 edition (cross-border
//! e-commerce and clearing), as a list table. Two rows are known verbatim, items 4 and 6, each
//! limited to four scenarios; the rest of the list was not seen and decides nothing here.

use ftzroute_plugin_api::sdk::list::{
    rule, Band, Ciio, Extent, Genetic, GroupKeys, Identity, ListNames, ListTable, Pi, Pool, Row,
    Scenario, Sector, Tier,
};
use ftzroute_plugin_api::Confidence;

const LIST_ZH: &str = "《中国（浙江）自由贸易试验区数据出境管理清单（负面清单）（2024版）》";

const CONTRACT_PERFORMANCE: &str = "Transfers needed to conclude or perform a contract with the \
    person (cross-border shopping, delivery, payment, remittance) need no procedure under CBDF \
    Provisions Art. 5(1)(i) and are not counted: declare those persons in exempt_persons.";

const ECOMMERCE: &[&str] = &[
    "merchant-onboarding",
    "buyer-returns",
    "seller-wallet-payments",
    "customs-waybills",
];
const CLEARING: &[&str] = &[
    "card-clearing",
    "membership-benefits",
    "business-cards",
    "global-payments",
];

pub static TABLE: ListTable = ListTable {
    identity: Identity {
        id: "zhejiang-ftz-2024",
        zone: "zhejiang",
        name: "China (Zhejiang) Pilot FTZ data-export negative list: cross-border e-commerce and clearing",
        edition: "2024",
        issuers: &[
            "Zhejiang Provincial Cyberspace Administration",
            "Zhejiang Provincial Department of Commerce",
            "Zhejiang Provincial Data Bureau",
        ],
        document_number: None,
        issued: "2025-04-10",
        effective_from: "2025-04-10",
        effective_until: None,
        trial_until: None,
        source: (
            LIST_ZH,
            "China (Zhejiang) Pilot Free Trade Zone Data-Export Management List (Negative List) (2024 Edition)",
            "Published 10 April 2025 by the Zhejiang Provincial Cyberspace Administration, Department of \
             Commerce and Data Bureau; English renderings are unofficial and the Chinese text controls",
        ),
        read_at: &[
            "the official list PDF published with the notice of 10 April 2025 (Zhejiang Provincial Cyberspace Administration)",
        ],
        interpretations: &[
            "Boundaries: 以上 (\"N or more\") includes N and 不满 (\"under N\") excludes it, so item 4 \
             covers 1,000,000 to 4,999,999 persons and item 6 500,000 to 1,999,999.",
            "Counting follows the list's own note to items 4 and 6: natural persons after \
             de-duplication, leaving out transfers under CBDF Provisions Arts 3, 4, 5(1)(i)-(iii) and 6 \
             (counted = persons - exempt_persons). Exports in the four scenarios of one item are added \
             together; non-sensitive and sensitive information are counted apart, since both rows say \
             不含敏感个人信息.",
            "Below the lower bound of items 4 and 6, non-sensitive personal information of their \
             scenarios is read as off the list and exempt (CBDF Provisions Art. 6): the rows raise the \
             national contract band for these scenarios, and no other row for the same scenarios and \
             information is known. This is an inference.",
            "Above the upper bound of items 4 and 6 (5,000,000 and 2,000,000), sensitive information in \
             these scenarios, other scenarios and critical information infrastructure operators: the \
             rows were not seen, so the route is undetermined. By symmetry Part 1 probably holds \
             security-assessment rows from 5,000,000 and 2,000,000, and items 5 and 7 the sensitive \
             bands; that is not encoded.",
            "The four scenarios of item 4 are taken as the cross-border e-commerce sector's and those of \
             item 6 as the clearing sector's, but a scenario is accepted in either sector.",
        ],
        use_conditions: &[],
        duties: &[],
    },
    extent: Extent {
        rows: None,
        unit: "items",
        sectors: Some(2),
        scenarios: Some(8),
        note: Some("Items 4 and 6 are encoded from a verbatim copy; items 1-3, 5 and 7 and the security-assessment part were not seen. The list's 8 scenarios and 134 data items are as secondary sources count them; its number of rows is not known."),
    },
    names: ListNames {
        short: "Zhejiang FTZ data-export negative list (2024)",
        title_zh: LIST_ZH,
        title_en: "China (Zhejiang) Pilot Free Trade Zone Data-Export Management List (Negative List) (2024 Edition)",
        sa_part_zh: "（一）需要通过数据出境安全评估的数据清单",
        sa_part_en: "Part 1",
        scc_part_zh: "（二）需要通过个人信息出境标准合同备案、个人信息保护认证出境的数据清单",
        scc_part_en: "Part 2",
    },
    sectors: &[
        Sector {
            id: "cross-border-ecommerce",
            label_zh: "跨境电商",
            label_en: "cross-border e-commerce (B2B)",
            also: &[],
            important_data: None,
        },
        Sector {
            id: "clearing-settlement",
            label_zh: "清算结算",
            label_en: "clearing and settlement",
            also: &[],
            important_data: None,
        },
    ],
    scenarios: &[
        Scenario {
            id: "merchant-onboarding",
            label_zh: "商家入驻及信息展示场景",
            label_en: "merchant onboarding and information display",
            sectors: &[],
            subjects: &[],
            exemption_hint: None,
        },
        Scenario {
            id: "buyer-returns",
            label_zh: "境外买家退货场景",
            label_en: "returns by overseas buyers",
            sectors: &[],
            subjects: &[],
            exemption_hint: Some(CONTRACT_PERFORMANCE),
        },
        Scenario {
            id: "seller-wallet-payments",
            label_zh: "境内卖家开设电子钱包及境外收付款场景",
            label_en: "domestic sellers opening e-wallets and receiving or making payments abroad",
            sectors: &[],
            subjects: &[],
            exemption_hint: Some(CONTRACT_PERFORMANCE),
        },
        Scenario {
            id: "customs-waybills",
            label_zh: "清关和打印电子面单场景",
            label_en: "customs clearance and printing electronic waybills",
            sectors: &[],
            subjects: &[],
            exemption_hint: Some(CONTRACT_PERFORMANCE),
        },
        Scenario {
            id: "card-clearing",
            label_zh: "银行卡清算场景",
            label_en: "bank-card clearing",
            sectors: &[],
            subjects: &[],
            exemption_hint: Some(CONTRACT_PERFORMANCE),
        },
        Scenario {
            id: "membership-benefits",
            label_zh: "会员权益服务场景",
            label_en: "membership-benefit services",
            sectors: &[],
            subjects: &[],
            exemption_hint: None,
        },
        Scenario {
            id: "business-cards",
            label_zh: "商务卡服务场景",
            label_en: "business-card services",
            sectors: &[],
            subjects: &[],
            exemption_hint: None,
        },
        Scenario {
            id: "global-payments",
            label_zh: "全球收付款场景",
            label_en: "global collection and payment",
            sectors: &[],
            subjects: &[],
            exemption_hint: Some(CONTRACT_PERFORMANCE),
        },
    ],
    pools: &[
        Pool {
            id: "ecommerce-general",
            label: "e-commerce scenarios of item 4, non-sensitive personal information",
            scenarios: ECOMMERCE,
            sectors: &[],
            pi: Pi::NonSensitive,
            note: None,
        },
        Pool {
            id: "ecommerce-sensitive",
            label: "e-commerce scenarios of item 4, sensitive personal information",
            scenarios: ECOMMERCE,
            sectors: &[],
            pi: Pi::Sensitive,
            note: None,
        },
        Pool {
            id: "clearing-general",
            label: "clearing scenarios of item 6, non-sensitive personal information",
            scenarios: CLEARING,
            sectors: &[],
            pi: Pi::NonSensitive,
            note: None,
        },
        Pool {
            id: "clearing-sensitive",
            label: "clearing scenarios of item 6, sensitive personal information",
            scenarios: CLEARING,
            sectors: &[],
            pi: Pi::Sensitive,
            note: None,
        },
    ],
    rows: &[
        Row {
            rule: "item-4",
            item: Some(4),
            tier: Tier::ContractOrCertification,
            confidence: Confidence::VerbatimCopy,
            text_zh: "自当年1月1日起累计向境外提供100万人以上且不满500万人的个人信息（不含敏感个人信息）。",
            en: "non-sensitive personal information of 1,000,000 to under 5,000,000 persons, only in \
                 merchant onboarding and display, overseas buyers' returns, sellers' e-wallets and \
                 payments abroad, and customs clearance and e-waybill scenarios",
            label: "",
        },
        Row {
            rule: "item-6",
            item: Some(6),
            tier: Tier::ContractOrCertification,
            confidence: Confidence::VerbatimCopy,
            text_zh: "自当年1月1日起累计向境外提供50万人以上且不满200万人的个人信息（不含敏感个人信息）。",
            en: "non-sensitive personal information of 500,000 to under 2,000,000 persons, only in \
                 bank-card clearing, membership-benefit, business-card and global collection and \
                 payment scenarios",
            label: "",
        },
    ],
    bands: &[
        Band {
            pool: "ecommerce-general",
            from: 1,
            below: Some(1_000_000),
            rule: rule::OFF_LIST,
            note: Some("below item 4's lower bound, read as off the list (an inference)"),
        },
        Band {
            pool: "ecommerce-general",
            from: 1_000_000,
            below: Some(5_000_000),
            rule: "item-4",
            note: None,
        },
        Band {
            pool: "ecommerce-general",
            from: 5_000_000,
            below: None,
            rule: rule::NOT_SEEN,
            note: Some("Part 1 probably holds a security-assessment row from 5,000,000; an inference"),
        },
        Band {
            pool: "ecommerce-sensitive",
            from: 1,
            below: None,
            rule: rule::NOT_SEEN,
            note: Some("items 5 or 7 are probably the sensitive bands; an inference"),
        },
        Band {
            pool: "clearing-general",
            from: 1,
            below: Some(500_000),
            rule: rule::OFF_LIST,
            note: Some("below item 6's lower bound, read as off the list (an inference)"),
        },
        Band {
            pool: "clearing-general",
            from: 500_000,
            below: Some(2_000_000),
            rule: "item-6",
            note: None,
        },
        Band {
            pool: "clearing-general",
            from: 2_000_000,
            below: None,
            rule: rule::NOT_SEEN,
            note: Some("Part 1 probably holds a security-assessment row from 2,000,000; an inference"),
        },
        Band {
            pool: "clearing-sensitive",
            from: 1,
            below: None,
            rule: rule::NOT_SEEN,
            note: Some("items 5 or 7 are probably the sensitive bands; an inference"),
        },
    ],
    ciio: Ciio::NotSeen,
    genetic: Genetic::AsSensitivePi,
    export_control_zh: None,
    group_keys: GroupKeys::Pool,
};

ftzroute_plugin_api::export_list!(
    /// The Zhejiang FTZ list, 2024 edition.
    ZhejiangFtz2024,
    TABLE
);

#[cfg(test)]
mod tests;
