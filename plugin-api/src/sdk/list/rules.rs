//! The rules a table declares, with their citations: the national carve-outs and exemptions every
//! list relies on, the CIIO and genetic rules as the list treats them, and one rule per row.

use super::rule;
use super::table::{Ciio, Genetic, ListTable, Pool, Tier};
use crate::contract::{Citation, Confidence, Rule};

const CBDF_ZH: &str = "《促进和规范数据跨境流动规定》";
const CBDF_EN: &str = "Provisions on Promoting and Regulating Cross-Border Data Flows";

impl ListTable {
    pub(super) fn declared_rules(&self) -> Vec<Rule> {
        let names = &self.names;
        let rule = |id: &str, basis: String, zh: String, en: String, confidence| Rule {
            id: id.to_string(),
            route: self.route_of(id),
            list_item: None,
            basis,
            citation: Citation {
                zh,
                en,
                en_official: false,
            },
            confidence: Some(confidence),
        };
        let mut rules = vec![
            rule(
                rule::CORE,
                "Data Security Law Art. 21 (national core data)".into(),
                "《中华人民共和国数据安全法》第二十一条".into(),
                "Data Security Law of the People's Republic of China, Art. 21: national core \
                 data is subject to a stricter management regime"
                    .into(),
                Confidence::PrimaryText,
            ),
            match self.export_control_zh {
                Some(zh) => rule(
                    rule::EXPORT_CONTROL,
                    "Export Control Law (export-controlled data)".into(),
                    format!("{}{zh}", names.title_zh),
                    format!(
                        "{}, preamble: data of export-control or technology-export matters follows \
                         the Export Control Law, the Foreign Trade Law and the CBDF Provisions",
                        names.title_en
                    ),
                    Confidence::VerbatimCopy,
                ),
                None => rule(
                    rule::EXPORT_CONTROL,
                    "Export Control Law (export-controlled data)".into(),
                    "《中华人民共和国出口管制法》".into(),
                    "Export Control Law of the People's Republic of China".into(),
                    Confidence::PrimaryText,
                ),
            },
            rule(
                rule::GENERAL,
                "CBDF Provisions Art. 3".into(),
                format!("{CBDF_ZH}第三条"),
                format!(
                    "{CBDF_EN}, Art. 3: data with no personal information and no important data \
                     needs none of the three procedures"
                ),
                Confidence::VerbatimCopy,
            ),
            rule(
                rule::IMPORTANT_NOT_NOTIFIED,
                "CBDF Provisions Art. 2".into(),
                format!("{CBDF_ZH}第二条"),
                format!(
                    "{CBDF_EN}, Art. 2: data not notified or published as important data need \
                     not be declared for a security assessment as important data"
                ),
                Confidence::VerbatimCopy,
            ),
            rule(
                rule::IMPORTANT,
                "CBDF Provisions Art. 7(2) (important data)".into(),
                format!("{CBDF_ZH}第七条第（二）项"),
                format!("{CBDF_EN}, Art. 7(2): important data needs a security assessment"),
                Confidence::VerbatimCopy,
            ),
            rule(
                rule::NO_COUNTED,
                "CBDF Provisions Arts 3, 4, 5(1)-(3), 6".into(),
                format!("{CBDF_ZH}第三条、第四条、第五条第一款第一项至第三项、第六条"),
                format!(
                    "{CBDF_EN}, Arts 3, 4, 5(1)(i)-(iii) and 6: transfers under these articles \
                     need none of the three procedures and are not counted"
                ),
                Confidence::VerbatimCopy,
            ),
        ];
        if let Ciio::Excluded { confidence, .. } = self.ciio {
            rules.push(rule(
                rule::CIIO,
                "CBDF Provisions Art. 7(1)".into(),
                format!("{CBDF_ZH}第七条第（一）项"),
                format!(
                    "{CBDF_EN}, Art. 7(1): a critical information infrastructure operator \
                     providing personal information or important data abroad needs a security \
                     assessment"
                ),
                confidence,
            ));
        }
        if let Genetic::OtherRoute {
            basis,
            zh,
            en,
            confidence,
            ..
        } = self.genetic
        {
            rules.push(rule(
                rule::GENETIC,
                basis.into(),
                zh.into(),
                en.into(),
                confidence,
            ));
        }
        if self.uses_rule(rule::OFF_LIST) {
            rules.push(rule(
                rule::OFF_LIST,
                format!("{}: not on the list (CBDF Provisions Art. 6)", names.short),
                format!("{CBDF_ZH}第六条；{}", names.title_zh),
                format!(
                    "{CBDF_EN}, Art. 6: data a Pilot FTZ handler provides abroad that is not on \
                     the zone's negative list needs none of the three procedures; {}",
                    names.title_en
                ),
                Confidence::VerbatimCopy,
            ));
        }
        let not_seen_needed = self.uses_rule(rule::NOT_SEEN)
            || matches!(self.ciio, Ciio::NotSeen)
            || self.may_leave_unpooled();
        if not_seen_needed {
            rules.push(rule(
                rule::NOT_SEEN,
                format!("{} (text not seen)", names.short),
                names.title_zh.to_string(),
                format!(
                    "{}: the list covers this data, but the text that decides it was not seen",
                    names.title_en
                ),
                Confidence::Inference,
            ));
        }
        for row in self.rows {
            let (part_zh, part_en) = match row.tier {
                Tier::SecurityAssessment => (names.sa_part_zh, names.sa_part_en),
                Tier::ContractOrCertification => (names.scc_part_zh, names.scc_part_en),
            };
            let mut zh = format!("{}{part_zh}", names.title_zh);
            if let Some(item) = row.item {
                zh.push_str(&format!("第{item}项"));
            }
            if !row.text_zh.is_empty() {
                zh.push('：');
                zh.push_str(row.text_zh);
            }
            let (basis, en) = match row.item {
                Some(item) => (
                    format!("{}, {part_en} item {item}", names.short),
                    format!("{}, {part_en}, item {item}: {}", names.title_en, row.en),
                ),
                None => (
                    format!("{}, {part_en}: {}", names.short, row.label),
                    format!("{}, {part_en}: {}", names.title_en, row.en),
                ),
            };
            rules.push(Rule {
                id: row.rule.to_string(),
                route: row.tier.route(),
                list_item: row.item,
                basis,
                citation: Citation {
                    zh,
                    en,
                    en_official: false,
                },
                confidence: Some(row.confidence),
            });
        }
        rules
    }

    /// True when some personal information of a covered sector can be taken by no pool (its
    /// scenario's pools do not count that kind of information, or the sector has no "other
    /// personal information" pool for it): such an export is undetermined, so the table must
    /// declare the `text-not-seen` rule even when no band names it.
    fn may_leave_unpooled(&self) -> bool {
        let in_sector =
            |pool: &Pool, sector: &str| pool.sectors.is_empty() || pool.sectors.contains(&sector);
        self.sectors.iter().any(|sector| {
            [false, true].into_iter().any(|sensitive| {
                let no_catch_all = !self.pools.iter().any(|pool| {
                    pool.scenarios.is_empty()
                        && in_sector(pool, sector.id)
                        && pool.pi.admits(sensitive)
                });
                let scenario_gap = self.scenarios.iter().any(|scenario| {
                    let pools: Vec<&Pool> = self
                        .pools
                        .iter()
                        .filter(|pool| {
                            in_sector(pool, sector.id) && pool.scenarios.contains(&scenario.id)
                        })
                        .collect();
                    !pools.is_empty() && !pools.iter().any(|pool| pool.pi.admits(sensitive))
                });
                no_catch_all || scenario_gap
            })
        })
    }
}
