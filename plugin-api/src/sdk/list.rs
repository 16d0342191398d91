//! A Pilot FTZ data-export negative list as a table.
//!
//! Every published list has the same shape: sectors, business scenarios, and rows in two tiers
//! (Tier 1: security assessment; Tier 2: standard contract or certification), each row limited to
//! some scenarios (仅限于…场景) and bounded by counts written as 以上 ("N or more") and 不满
//! ("under N"). What differs between lists is data. A list pack declares that data in a
//! [`ListTable`] and this module does the rest, the same way for every list:
//!
//! * carve-outs first: national core data, export-controlled data, data with no personal
//!   information and no important data;
//! * important data: notified or published needs a security assessment, otherwise it is not
//!   declared as important data (CBDF Provisions Arts 2 and 7);
//! * critical information infrastructure operators as the list says ([`Ciio`]);
//! * human genetic data as the list says ([`Genetic`]);
//! * personal information by scenario: counted persons are persons minus exempt persons (the
//!   counting sentence every list carries), exports of the same [`Pool`] are added together,
//!   and the total falls in one [`Band`] of the pool's ladder. A band names a list row, or says
//!   the band is off the list (exempt, CBDF Provisions Art. 6), or says the row was not seen:
//!   the route is then `undetermined`, with a note naming the list, the scenario and where to
//!   read the text. Nothing falls through silently to the national regime.
//!
//! Filling a row that was not seen is one [`Row`] added and one [`Band`] pointed at it, plus
//! golden cases at its edges.

use crate::counting::Tally;
use crate::model::{
    Citation, Confidence, Count, Coverage, DataKind, Description, EvaluateRequest,
    EvaluateResponse, Export, Outcome, Route, Rule, ScenarioLabel, SectorLabel, Share, Source,
    Step, Subject, CONTRACT_MINOR, REQUEST_SCHEMA,
};
use std::collections::HashSet;

/// Rule ids this module fires besides the list's own rows.
pub mod rule {
    pub const CORE: &str = "core-data";
    pub const EXPORT_CONTROL: &str = "export-control";
    pub const GENERAL: &str = "general-data";
    pub const IMPORTANT_NOT_NOTIFIED: &str = "important-not-notified";
    pub const IMPORTANT: &str = "important-data";
    pub const CIIO: &str = "ciio-security-assessment";
    pub const NO_COUNTED: &str = "no-counted-persons";
    /// A band that is not on the list: exempt (CBDF Provisions Art. 6).
    pub const OFF_LIST: &str = "off-list";
    /// A band whose row was not seen: undetermined.
    pub const NOT_SEEN: &str = "text-not-seen";
    /// Human genetic data under the list's own route ([`super::Genetic::OtherRoute`]).
    pub const GENETIC: &str = "genetic-data";
}

/// The tier a row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    /// （一）需要通过数据出境安全评估的数据清单.
    SecurityAssessment,
    /// （二）需要通过个人信息出境标准合同备案、个人信息保护认证出境的数据清单.
    ContractOrCertification,
}

impl Tier {
    pub fn route(self) -> Route {
        match self {
            Tier::SecurityAssessment => Route::SecurityAssessment,
            Tier::ContractOrCertification => Route::StandardContractOrCertification,
        }
    }
}

/// Which personal information a pool counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pi {
    /// 个人信息（不含敏感个人信息）.
    NonSensitive,
    /// 敏感个人信息.
    Sensitive,
    /// Both, counted together (a row that does not distinguish them).
    Any,
}

impl Pi {
    fn admits(self, sensitive: bool) -> bool {
        match self {
            Pi::NonSensitive => !sensitive,
            Pi::Sensitive => sensitive,
            Pi::Any => true,
        }
    }
}

/// The list's names, used in bases and citations.
#[derive(Debug, Clone, Copy)]
pub struct ListNames {
    /// Short English name used in every basis, e.g. "Zhejiang FTZ data-export negative list (2024)".
    pub short: &'static str,
    /// The Chinese title in 《》 as published.
    pub title_zh: &'static str,
    pub title_en: &'static str,
    /// The heading of the security-assessment part for personal information, as published.
    pub sa_part_zh: &'static str,
    /// Its English name in a basis, e.g. "Part 1".
    pub sa_part_en: &'static str,
    /// The heading of the contract/certification part, as published.
    pub scc_part_zh: &'static str,
    pub scc_part_en: &'static str,
}

/// The pack's identity (see [`Description`] for each field).
#[derive(Debug, Clone, Copy)]
pub struct Identity {
    pub id: &'static str,
    pub zone: &'static str,
    pub name: &'static str,
    pub edition: &'static str,
    pub issuers: &'static [&'static str],
    pub document_number: Option<&'static str>,
    pub issued: &'static str,
    pub effective_from: &'static str,
    pub effective_until: Option<&'static str>,
    pub trial_until: Option<&'static str>,
    /// The source's Chinese and English titles and a reference a reader can follow.
    pub source: (&'static str, &'static str, &'static str),
    pub read_at: &'static [&'static str],
    pub interpretations: &'static [&'static str],
    pub use_conditions: &'static [&'static str],
    /// Duties that come with relying on the list, with their deadlines (see
    /// [`crate::duties`]); empty when none is known.
    pub duties: &'static [crate::duties::DutyRow],
}

/// A sector the list covers.
#[derive(Debug, Clone, Copy)]
pub struct Sector {
    pub id: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    /// Other handler sector ids the list's sector takes in (for example the manufacturing sectors
    /// another pack names), so one profile compares across zones.
    pub also: &'static [&'static str],
    /// What the list says important data is in this sector, noted on important-data exports.
    pub important_data: Option<&'static str>,
}

/// A business scenario the list names.
#[derive(Debug, Clone, Copy)]
pub struct Scenario {
    pub id: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    /// Sector ids it belongs to; empty for every sector.
    pub sectors: &'static [&'static str],
    /// Profile subjects that mean this scenario when an export names no scenario.
    pub subjects: &'static [Subject],
    pub exemption_hint: Option<&'static str>,
}

/// Personal information counted together: the exports of some scenarios (or, with no
/// scenarios, of every scenario of the pool's sectors that no other pool of the same kind of
/// information takes: the list's "personal information other than items ..." row).
#[derive(Debug, Clone, Copy)]
pub struct Pool {
    pub id: &'static str,
    /// How the count is named in the output.
    pub label: &'static str,
    pub scenarios: &'static [&'static str],
    /// Sector ids; empty for every sector.
    pub sectors: &'static [&'static str],
    pub pi: Pi,
    /// Added to every outcome counted in this pool (a definition the list gives, ...).
    pub note: Option<&'static str>,
}

/// A list row: one rule.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    /// Rule id, e.g. `item-4`.
    pub rule: &'static str,
    pub item: Option<u32>,
    pub tier: Tier,
    pub confidence: Confidence,
    /// The row's wording as published, when it was read; empty otherwise.
    pub text_zh: &'static str,
    /// English rendering of what the row covers.
    pub en: &'static str,
    /// Short English label for a basis when the row has no item number.
    pub label: &'static str,
}

/// One band of a pool's ladder: from `from` counted persons (以上, inclusive) to under
/// `below` (不满, exclusive), `rule` decides: a [`Row`]'s rule, [`rule::OFF_LIST`] or
/// [`rule::NOT_SEEN`].
#[derive(Debug, Clone, Copy)]
pub struct Band {
    pub pool: &'static str,
    pub from: u64,
    pub below: Option<u64>,
    pub rule: &'static str,
    /// Why the band reads as it does (an inference, what the unseen row probably says, ...).
    pub note: Option<&'static str>,
}

/// How the list treats critical information infrastructure operators.
#[derive(Debug, Clone, Copy)]
pub enum Ciio {
    /// The list does not apply to them: national CBDF Provisions Art. 7(1) (a security
    /// assessment for any counted person). `why` says where the list says so.
    Excluded {
        why: &'static str,
        confidence: Confidence,
    },
    /// Not seen: a CIIO's personal information is undetermined.
    NotSeen,
}

/// How the list treats human genetic data.
#[derive(Debug, Clone, Copy)]
pub enum Genetic {
    /// As sensitive personal information in the export's scenario.
    AsSensitivePi,
    /// A route of its own (the human genetic resources regime): `route` with this citation.
    OtherRoute {
        route: Route,
        basis: &'static str,
        zh: &'static str,
        en: &'static str,
        confidence: Confidence,
    },
}

/// What the published list has, as far as it is known, whether or not its rows were seen: the
/// table's [`Coverage`] compares what it encodes with this.
#[derive(Debug, Clone, Copy)]
pub struct Extent {
    /// How many rows the list has, in `unit`, when that number is known.
    pub rows: Option<u32>,
    /// What a row of this list is, plural: `items`, `classes`, `rows`.
    pub unit: &'static str,
    /// How many sectors (fields, industries) the list has, when known.
    pub sectors: Option<u32>,
    /// How many business scenarios the list has, when known.
    pub scenarios: Option<u32>,
    /// Why rows are missing and where the others are, with the source of the counts above.
    pub note: Option<&'static str>,
}

/// A whole list edition.
#[derive(Debug, Clone, Copy)]
pub struct ListTable {
    pub identity: Identity,
    /// The size of the published list, so every list pack says once how much of it it encodes.
    pub extent: Extent,
    pub names: ListNames,
    pub sectors: &'static [Sector],
    pub scenarios: &'static [Scenario],
    pub pools: &'static [Pool],
    pub rows: &'static [Row],
    pub bands: &'static [Band],
    pub ciio: Ciio,
    pub genetic: Genetic,
    /// The list's own words on export-controlled data, when seen.
    pub export_control_zh: Option<&'static str>,
}

const CBDF_ZH: &str = "《促进和规范数据跨境流动规定》";
const CBDF_EN: &str = "Provisions on Promoting and Regulating Cross-Border Data Flows";

pub use super::text::thousands;
use super::text::{listed, persons, quoted, was_were};

fn range_words(from: u64, below: Option<u64>) -> String {
    match below {
        Some(below) => format!("{} to under {} persons", thousands(from), thousands(below)),
        None => format!("{} or more", persons(from)),
    }
}

impl ListTable {
    fn sector(&self, id: &str) -> Option<&'static Sector> {
        self.sectors.iter().find(|sector| {
            sector.id == crate::model::ALL_SECTORS || sector.id == id || sector.also.contains(&id)
        })
    }

    fn row(&self, rule: &str) -> Option<&'static Row> {
        self.rows.iter().find(|row| row.rule == rule)
    }

    fn bands_of(&self, pool: &str) -> impl Iterator<Item = &Band> + '_ {
        let pool = pool.to_string();
        self.bands.iter().filter(move |band| band.pool == pool)
    }

    fn uses_rule(&self, id: &str) -> bool {
        self.bands.iter().any(|band| band.rule == id)
    }

    /// The route of any rule this table can fire.
    pub fn route_of(&self, rule_id: &str) -> Route {
        match rule_id {
            rule::CORE => Route::CoreDataRegime,
            rule::EXPORT_CONTROL => Route::ExportControl,
            rule::IMPORTANT | rule::CIIO => Route::SecurityAssessment,
            rule::GENERAL | rule::IMPORTANT_NOT_NOTIFIED | rule::NO_COUNTED | rule::OFF_LIST => {
                Route::Exempt
            }
            rule::NOT_SEEN => Route::Undetermined,
            rule::GENETIC => match self.genetic {
                Genetic::OtherRoute { route, .. } => route,
                Genetic::AsSensitivePi => panic!("no genetic rule in this table"),
            },
            row => self
                .row(row)
                .unwrap_or_else(|| panic!("rule `{row}` is not declared"))
                .tier
                .route(),
        }
    }

    fn declared_rules(&self) -> Vec<Rule> {
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

    /// The pack's description: identity, labels and every rule the table can fire.
    pub fn describe(&self) -> Description {
        let identity = &self.identity;
        let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut sectors = Vec::new();
        for sector in self.sectors {
            sectors.push(sector.id.to_string());
            sectors.extend(strings(sector.also));
        }
        Description {
            id: identity.id.into(),
            zone: identity.zone.into(),
            name: identity.name.into(),
            edition: identity.edition.into(),
            issuers: strings(identity.issuers),
            issued: identity.issued.into(),
            effective_from: identity.effective_from.into(),
            effective_until: identity.effective_until.map(String::from),
            sectors,
            source: Source {
                title_zh: identity.source.0.into(),
                title_en: identity.source.1.into(),
                reference: identity.source.2.into(),
            },
            interpretations: strings(identity.interpretations),
            rules: self.declared_rules(),
            contract_minor: CONTRACT_MINOR,
            obligations: crate::duties::obligations(identity.duties),
            calendar: Vec::new(),
            // Every list counts as the CBDF Provisions do, 自当年1月1日起 (from 1 January of the
            // current year), whether its rows repeat the phrase or not.
            counting_window: crate::model::CountingWindow::CalendarYear,
            document_number: identity.document_number.map(String::from),
            trial_until: identity.trial_until.map(String::from),
            read_at: strings(identity.read_at),
            sector_labels: self
                .sectors
                .iter()
                .map(|sector| SectorLabel {
                    id: sector.id.into(),
                    label_zh: sector.label_zh.into(),
                    label_en: sector.label_en.into(),
                })
                .collect(),
            scenarios: self
                .scenarios
                .iter()
                .map(|scenario| ScenarioLabel {
                    id: scenario.id.into(),
                    label_zh: scenario.label_zh.into(),
                    label_en: scenario.label_en.into(),
                    sectors: strings(scenario.sectors),
                    exemption_hint: scenario.exemption_hint.map(String::from),
                })
                .collect(),
            use_conditions: strings(identity.use_conditions),
            coverage: Some(self.coverage()),
        }
    }

    /// True when some pool of `sector` has a band decided by one of the table's rows.
    fn row_reaches_sector(&self, sector: &str) -> bool {
        let scenario_in_sector = |id: &&str| {
            self.scenarios.iter().any(|scenario| {
                scenario.id == *id
                    && (scenario.sectors.is_empty() || scenario.sectors.contains(&sector))
            })
        };
        self.pools.iter().any(|pool| {
            (pool.sectors.is_empty() || pool.sectors.contains(&sector))
                && (pool.scenarios.is_empty() || pool.scenarios.iter().any(scenario_in_sector))
                && self.pool_has_row(pool)
        })
    }

    fn pool_has_row(&self, pool: &Pool) -> bool {
        self.bands_of(pool.id)
            .any(|band| self.row(band.rule).is_some())
    }

    /// How much of the list the table encodes: its rows of the [`Extent`]'s, the sectors and
    /// scenarios a row reaches, the weakest confidence of its rows (contract 1.4).
    pub fn coverage(&self) -> Coverage {
        let extent = &self.extent;
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let sectors = self
            .sectors
            .iter()
            .filter(|sector| self.row_reaches_sector(sector.id))
            .count();
        let scenarios = self
            .scenarios
            .iter()
            .filter(|scenario| {
                self.pools
                    .iter()
                    .any(|pool| pool.scenarios.contains(&scenario.id) && self.pool_has_row(pool))
            })
            .count();
        let weakest = self
            .rows
            .iter()
            .map(|row| row.confidence)
            .max_by_key(|confidence| Confidence::ALL.iter().position(|c| c == confidence));
        Coverage {
            rows: Share {
                encoded: count(self.rows.len()),
                of: extent.rows,
            },
            unit: extent.unit.to_string(),
            row_rules: self.rows.iter().map(|row| row.rule.to_string()).collect(),
            // A share of nothing known of nothing encoded says nothing: left out.
            sectors: (sectors > 0 || extent.sectors.is_some()).then(|| Share {
                encoded: count(sectors),
                of: extent.sectors,
            }),
            scenarios: (scenarios > 0 || extent.scenarios.is_some()).then(|| Share {
                encoded: count(scenarios),
                of: extent.scenarios,
            }),
            confidence: weakest,
            note: extent.note.map(String::from),
        }
    }

    /// Checks what the evaluation relies on: unique ids, every reference declared, and every
    /// pool's ladder running from 1 person upward without gaps or overlaps, each band ending
    /// (不满) where the next begins (以上).
    pub fn check(&self) -> Result<(), String> {
        let description = self.describe();
        let mut ids = HashSet::new();
        for rule in &description.rules {
            if !ids.insert(rule.id.as_str()) {
                return Err(format!("rule `{}` is declared twice", rule.id));
            }
        }
        let sector_known = |id: &str| self.sectors.iter().any(|sector| sector.id == id);
        let mut scenario_ids = HashSet::new();
        for scenario in self.scenarios {
            if !scenario_ids.insert(scenario.id) {
                return Err(format!("scenario `{}` is declared twice", scenario.id));
            }
            if let Some(sector) = scenario.sectors.iter().find(|s| !sector_known(s)) {
                return Err(format!(
                    "scenario `{}` names unknown sector `{sector}`",
                    scenario.id
                ));
            }
        }
        let mut pool_ids = HashSet::new();
        for pool in self.pools {
            if !pool_ids.insert(pool.id) {
                return Err(format!("pool `{}` is declared twice", pool.id));
            }
            if let Some(scenario) = pool.scenarios.iter().find(|s| !scenario_ids.contains(*s)) {
                return Err(format!(
                    "pool `{}` names unknown scenario `{scenario}`",
                    pool.id
                ));
            }
            if let Some(sector) = pool.sectors.iter().find(|s| !sector_known(s)) {
                return Err(format!(
                    "pool `{}` names unknown sector `{sector}`",
                    pool.id
                ));
            }
            let mut next_from = 1;
            let mut open_ended = false;
            for band in self.bands_of(pool.id) {
                if open_ended || band.from != next_from {
                    return Err(format!(
                        "pool `{}`: the band from {} does not start where the previous one ends ({next_from})",
                        pool.id, band.from
                    ));
                }
                if !ids.contains(band.rule) {
                    return Err(format!(
                        "pool `{}` names undeclared rule `{}`",
                        pool.id, band.rule
                    ));
                }
                match band.below {
                    Some(below) if below > band.from => next_from = below,
                    Some(_) => return Err(format!("pool `{}`: an empty band", pool.id)),
                    None => open_ended = true,
                }
            }
            if !open_ended {
                return Err(format!(
                    "pool `{}`: the ladder must end with a band open upward",
                    pool.id
                ));
            }
        }
        if let Some(band) = self.bands.iter().find(|b| !pool_ids.contains(b.pool)) {
            return Err(format!("a band names unknown pool `{}`", band.pool));
        }
        if let Some(row) = self.rows.iter().find(|row| !self.uses_rule(row.rule)) {
            return Err(format!("row `{}` is in no band", row.rule));
        }
        let extent = &self.extent;
        if extent.unit.trim().is_empty() {
            return Err("the extent names no unit for the list's rows".into());
        }
        let listed = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let named_sectors = self
            .sectors
            .iter()
            .filter(|sector| sector.id != crate::model::ALL_SECTORS)
            .count();
        for (what, has, of) in [
            ("rows", listed(self.rows.len()), extent.rows),
            ("sectors", listed(named_sectors), extent.sectors),
            ("scenarios", listed(self.scenarios.len()), extent.scenarios),
        ] {
            if let Some(of) = of.filter(|of| has > *of) {
                return Err(format!(
                    "the table has {has} {what} but the extent says the list has {of}"
                ));
            }
        }
        Ok(())
    }

    /// One outcome per export of `request`, in request order, and every pool counted as one
    /// group, listed once.
    pub fn evaluate(&self, request: &EvaluateRequest) -> Result<EvaluateResponse, String> {
        crate::sdk::check_request(request)?;
        let placements = self.placements(request);
        let tally = self.tally(request, &placements);
        let exports = request
            .exports
            .iter()
            .enumerate()
            .map(|(index, export)| self.decide(request, &placements, &tally, index, export))
            .collect();
        Ok(EvaluateResponse {
            exports,
            groups: tally.declarations(),
            ..Default::default()
        })
    }

    /// The route of every probe of `request` (contract 1.5): the probed export decided again
    /// with its new persons, beside the same pool totals of the others.
    pub fn probe_routes(&self, request: &EvaluateRequest) -> Result<Vec<Route>, String> {
        crate::sdk::check_request(request)?;
        let placements = self.placements(request);
        let tally = self.tally(request, &placements);
        crate::sdk::probe_each(request, |index, export| {
            Ok(self
                .decide(request, &placements, &tally, index, export)
                .route)
        })
    }

    fn placements(&self, request: &EvaluateRequest) -> Vec<Option<Placement>> {
        let sector = request.handler.sector.as_str();
        request
            .exports
            .iter()
            .map(|export| self.place(sector, request.handler.ciio, export))
            .collect()
    }

    /// Every pool is one counting group; a host with a transfer ledger sends its exact count of
    /// distinct persons, which replaces the sum of the exports (a person in two counts once).
    fn tally<'r>(
        &self,
        request: &'r EvaluateRequest,
        placements: &[Option<Placement>],
    ) -> Tally<'r> {
        let mut tally = Tally::new(request);
        for (index, placement) in placements.iter().enumerate() {
            if let Some(pool) = placement.as_ref().and_then(|p| p.pool) {
                tally.add(&pool_key(pool), index, true);
            }
        }
        tally
    }

    /// The outcome of one personal export of `persons` counted persons in `scenario`, for a
    /// handler in `sector` that is not a CIIO, on the first day the list is in force: a probe
    /// for a pack's own tests and for tools.
    pub fn probe(
        &self,
        sector: &str,
        scenario: Option<&str>,
        sensitive: bool,
        persons: u64,
    ) -> Result<Outcome, String> {
        let request = EvaluateRequest {
            schema: REQUEST_SCHEMA,
            as_of: self.identity.effective_from.to_string(),
            handler: crate::model::Handler {
                name: "probe".into(),
                sector: sector.into(),
                ciio: false,
                persons_processed: None,
            },
            exports: vec![Export {
                id: "probe".into(),
                kind: DataKind::Personal,
                subject: Some(Subject::Other),
                sensitive,
                persons: Some(persons),
                exempt_persons: 0,
                serious_harm: false,
                name_and_contact: false,
                notified: true,
                hgr_cleared: false,
                export_controlled: false,
                scenario: scenario.map(String::from),
                exempt_bases: Vec::new(),
            }],
            routes_only: false,
            group_counts: Default::default(),
            counted_from: None,
            probes: Vec::new(),
        };
        Ok(self.evaluate(&request)?.exports.remove(0))
    }

    /// The scenario an export is in: the one it names, when the list has it for this sector;
    /// else the first the export's subject means.
    fn scenario_of(
        &self,
        sector: &str,
        export: &Export,
    ) -> (Option<&'static Scenario>, Vec<String>) {
        let in_sector = |scenario: &&Scenario| {
            scenario.sectors.is_empty()
                || scenario
                    .sectors
                    .iter()
                    .any(|s| self.sector(sector).is_some_and(|found| found.id == *s))
        };
        let mut notes = Vec::new();
        if let Some(named) = &export.scenario {
            match self
                .scenarios
                .iter()
                .filter(in_sector)
                .find(|s| s.id == named)
            {
                Some(scenario) => return (Some(scenario), notes),
                None => {
                    let known: Vec<&str> = self
                        .scenarios
                        .iter()
                        .filter(in_sector)
                        .map(|s| s.id)
                        .collect();
                    notes.push(match listed(&quoted(&known)) {
                        Some(known) => format!(
                            "Scenario `{named}` is not one of this list's scenarios for the \
                             sector ({known}); the export is judged as naming none."
                        ),
                        None => format!(
                            "Scenario `{named}` is not one of this list's scenarios: it has none \
                             for the sector; the export is judged as naming none."
                        ),
                    })
                }
            }
        }
        let by_subject = export.subject.and_then(|subject| {
            self.scenarios
                .iter()
                .filter(in_sector)
                .find(|s| s.subjects.contains(&subject))
        });
        (by_subject, notes)
    }

    /// Where a personal (or, read as sensitive personal information, genetic) export of a
    /// handler that is not a CIIO is counted; `None` for every other export.
    fn place(&self, sector: &str, ciio: bool, export: &Export) -> Option<Placement> {
        let counted_kind = match export.kind {
            DataKind::Personal => true,
            DataKind::Genetic => matches!(self.genetic, Genetic::AsSensitivePi),
            _ => false,
        };
        if ciio || !counted_kind || export.export_controlled {
            return None;
        }
        let sensitive = export.sensitive || export.kind == DataKind::Genetic;
        let sector_id = self.sector(sector).map(|s| s.id);
        let (scenario, notes) = self.scenario_of(sector, export);
        let in_sector = |pool: &&Pool| {
            pool.sectors.is_empty() || sector_id.is_some_and(|id| pool.sectors.contains(&id))
        };
        let kind_fits = |pool: &&Pool| pool.pi.admits(sensitive);
        let specific = scenario.and_then(|scenario| {
            self.pools
                .iter()
                .filter(in_sector)
                .filter(kind_fits)
                .find(|pool| pool.scenarios.contains(&scenario.id))
        });
        let taken_elsewhere = scenario.is_some_and(|scenario| {
            self.pools
                .iter()
                .filter(in_sector)
                .any(|pool| pool.scenarios.contains(&scenario.id))
        });
        let pool = specific.or_else(|| {
            (!taken_elsewhere)
                .then(|| {
                    self.pools
                        .iter()
                        .filter(in_sector)
                        .filter(kind_fits)
                        .find(|pool| pool.scenarios.is_empty())
                })
                .flatten()
        });
        Some(Placement {
            pool,
            scenario,
            notes,
        })
    }

    fn outcome(&self, export: &Export, rule_id: &str, notes: Vec<String>) -> Outcome {
        Outcome {
            id: export.id.clone(),
            route: self.route_of(rule_id),
            rule: rule_id.to_string(),
            count: None,
            ladder: vec![],
            notes,
        }
    }

    fn where_to_read(&self) -> String {
        let mut text = self.names.title_zh.to_string();
        if !self.identity.read_at.is_empty() {
            text.push_str(" (");
            text.push_str(&self.identity.read_at.join("; "));
            text.push(')');
        }
        text
    }

    /// The outcome of export `index`; `export` is the request's, or a probe's copy of it with
    /// other persons.
    fn decide(
        &self,
        request: &EvaluateRequest,
        placements: &[Option<Placement>],
        tally: &Tally,
        index: usize,
        export: &Export,
    ) -> Outcome {
        if export.kind == DataKind::Core {
            return self.outcome(
                export,
                rule::CORE,
                vec![
                    "National core data is outside negative-list management: the Data Security \
                      Law's stricter regime governs it, and no list or CBDF route makes it \
                      exportable."
                        .into(),
                ],
            );
        }
        if export.export_controlled {
            return self.outcome(
                export,
                rule::EXPORT_CONTROL,
                vec![
                    "Export-controlled items and technology-export matters follow the Export \
                      Control Law and the Foreign Trade Law; the list decides no route for them, \
                      and their persons are not counted."
                        .into(),
                ],
            );
        }
        let sector = self.sector(&request.handler.sector);
        match export.kind {
            DataKind::Core => unreachable!("decided above"),
            DataKind::General => self.outcome(export, rule::GENERAL, vec![]),
            DataKind::Important if !export.notified => self.outcome(
                export,
                rule::IMPORTANT_NOT_NOTIFIED,
                vec![
                    "No department or region has notified or published this data as important \
                      data, so it need not be declared for a security assessment as important \
                      data; once it is, a security assessment is required."
                        .into(),
                ],
            ),
            DataKind::Important => {
                let mut notes = Vec::new();
                if let Some(what) = sector.and_then(|s| s.important_data) {
                    notes.push(what.to_string());
                }
                self.outcome(export, rule::IMPORTANT, notes)
            }
            DataKind::Genetic if matches!(self.genetic, Genetic::OtherRoute { .. }) => {
                self.outcome(export, rule::GENETIC, vec![hgr_note(export)])
            }
            DataKind::Personal | DataKind::Genetic if request.handler.ciio => {
                self.ciio_outcome(export)
            }
            DataKind::Personal | DataKind::Genetic => {
                let placement = placements[index]
                    .as_ref()
                    .expect("every counted export of a handler that is not a CIIO is placed");
                let mut outcome = self.counted_outcome(tally, index, export, placement);
                if export.kind == DataKind::Genetic {
                    outcome.notes.push(hgr_note(export));
                }
                outcome
            }
        }
    }

    fn ciio_outcome(&self, export: &Export) -> Outcome {
        let own = export.counted_persons().unwrap_or(0);
        match self.ciio {
            Ciio::Excluded { why, .. } => {
                let rule_id = if own > 0 {
                    rule::CIIO
                } else {
                    rule::NO_COUNTED
                };
                let ladder = [(0, rule::NO_COUNTED), (1, rule::CIIO)]
                    .into_iter()
                    .map(|(from, id)| Step {
                        from,
                        route: self.route_of(id),
                        rule: id.to_string(),
                    })
                    .collect();
                Outcome {
                    count: Some(Count {
                        scenario: "critical information infrastructure operator: this export alone"
                            .into(),
                        total: own,
                        with: vec![],
                        group: Some(crate::CountGroup {
                            key: format!("alone:{}", export.id),
                            exports: vec![export.id.clone()],
                            scenario: false,
                        }),
                    }),
                    ladder,
                    ..self.outcome(
                        export,
                        rule_id,
                        vec![format!(
                            "The list does not apply to critical information infrastructure \
                             operators ({why}): under CBDF Provisions Art. 7(1) any counted \
                             personal information needs a security assessment; Arts 3, 4, \
                             5(1)-(3) and 6 still apply."
                        )],
                    )
                }
            }
            Ciio::NotSeen if own == 0 => self.outcome(export, rule::NO_COUNTED, vec![]),
            Ciio::NotSeen => self.outcome(
                export,
                rule::NOT_SEEN,
                vec![format!(
                    "The handler is a critical information infrastructure operator, and how the \
                     {} treats such operators was not seen, so the route cannot be determined. \
                     Nationally, CBDF Provisions Art. 7(1) requires a security assessment for a \
                     CIIO's personal information. Read the list and its measures: {}.",
                    self.names.short,
                    self.where_to_read()
                )],
            ),
        }
    }

    fn counted_outcome(
        &self,
        tally: &Tally,
        index: usize,
        export: &Export,
        placement: &Placement,
    ) -> Outcome {
        let own = export.counted_persons().unwrap_or(0);
        let mut notes = placement.notes.clone();
        if export.exempt_persons > 0 {
            notes.push(format!(
                "{} of this export's persons {} sent under CBDF Provisions Arts 3, 4, 5(1)-(3) \
                 or 6 and {} not counted, as the list's counting sentence directs.",
                thousands(export.exempt_persons),
                was_were(export.exempt_persons),
                if export.exempt_persons == 1 {
                    "is"
                } else {
                    "are"
                }
            ));
        } else if let Some(hint) = placement.scenario.and_then(|s| s.exemption_hint) {
            notes.push(hint.to_string());
        }
        let scenario_words = placement
            .scenario
            .map(|s| format!("scenario `{}` ({})", s.id, s.label_zh))
            .unwrap_or_else(|| "no scenario of the list".to_string());
        let Some(pool) = placement.pool else {
            if own == 0 {
                return self.outcome(export, rule::NO_COUNTED, notes);
            }
            notes.push(format!(
                "The {} covers the handler's sector, but no row was seen for this personal \
                 information ({scenario_words}, {}), so the route cannot be determined. Read the \
                 list: {}.",
                self.names.short,
                if export.sensitive || export.kind == DataKind::Genetic {
                    "sensitive"
                } else {
                    "not sensitive"
                },
                self.where_to_read()
            ));
            return self.outcome(export, rule::NOT_SEEN, notes);
        };
        let key = pool_key(pool);
        let others = tally.others_total(&key, index);
        let total = others.saturating_add(own);
        let together = tally.size(&key).saturating_sub(1);
        let bands: Vec<&Band> = self.bands_of(pool.id).collect();
        let band_at = |n: u64| {
            bands
                .iter()
                .rev()
                .find(|band| band.from <= n)
                .copied()
                .expect("a checked ladder starts at 1")
        };
        let step = |from: u64, id: &str| Step {
            from,
            route: self.route_of(id),
            rule: id.to_string(),
        };
        let mut ladder = vec![step(0, rule::NO_COUNTED)];
        let rule_id = if own == 0 {
            // Nothing of this export is counted: it needs no procedure whatever the others
            // reach. Its own first person makes the total others + 1.
            let first = others.saturating_add(1);
            ladder.push(step(first, band_at(first).rule));
            for band in bands.iter().filter(|band| band.from > first) {
                ladder.push(step(band.from, band.rule));
            }
            rule::NO_COUNTED
        } else {
            ladder.extend(bands.iter().map(|band| step(band.from, band.rule)));
            band_at(total).rule
        };
        if together > 0 {
            notes.push(format!(
                "Counted together with {} ({}): {} counted persons in {}.",
                tally.named_others(&key, index, false),
                pool.label,
                thousands(total),
                if together == 1 { "both" } else { "all of them" }
            ));
        }
        if own > 0 {
            let band = band_at(total);
            let range = range_words(band.from, band.below);
            match band.rule {
                rule::NOT_SEEN => notes.push(format!(
                    "The {} covers {} ({scenario_words}), but its row for {range} was not seen, \
                     so the route cannot be determined{}. Read the list: {}.",
                    self.names.short,
                    pool.label,
                    band.note.map(|n| format!(" ({n})")).unwrap_or_default(),
                    self.where_to_read()
                )),
                rule::OFF_LIST => notes.push(format!(
                    "{range} is off the list for {}: no procedure is needed (CBDF Provisions \
                     Art. 6){}.",
                    pool.label,
                    band.note.map(|n| format!("; {n}")).unwrap_or_default()
                )),
                _ => notes.extend(band.note.map(String::from)),
            }
        }
        notes.extend(pool.note.map(String::from));
        let mut count = tally.count(&key, index, pool.label);
        count.total = total;
        Outcome {
            count: Some(count),
            ladder,
            ..self.outcome(export, rule_id, notes)
        }
    }
}

fn pool_key(pool: &Pool) -> String {
    format!("pool:{}", pool.id)
}

struct Placement {
    /// The pool the export is counted in; `None` when the list covers the data but no pool
    /// (no row seen) takes it.
    pool: Option<&'static Pool>,
    scenario: Option<&'static Scenario>,
    notes: Vec<String>,
}

fn hgr_note(export: &Export) -> String {
    let mut note = String::from(
        "Human genetic resources duties run alongside: a prior report with an information backup \
         before the information is provided or opened abroad, and a security review where exome \
         or genome sequencing information of more than 500 persons is provided (HGR Regulation \
         Art. 28; Implementing Rules Arts 36-37).",
    );
    if let Some(persons) = export.persons.filter(|p| *p > 500) {
        note.push_str(&format!(
            " This export covers {} persons: if it is sequencing information, the security \
             review applies.",
            thousands(persons)
        ));
    }
    note
}

#[cfg(test)]
mod tests;

/// Declares `$name` as the pack whose law is the list table `$table` and exports its entry
/// points (see [`export_pack!`](crate::export_pack)): all a list pack needs besides its table.
#[macro_export]
macro_rules! export_list {
    ($(#[$meta:meta])* $name:ident, $table:expr) => {
        $(#[$meta])*
        pub struct $name;

        impl $crate::sdk::Pack for $name {
            fn describe() -> $crate::Description {
                $table.describe()
            }

            fn evaluate(
                request: &$crate::EvaluateRequest,
            ) -> ::std::result::Result<$crate::EvaluateResponse, ::std::string::String> {
                $table.evaluate(request)
            }

            fn probe(
                request: &$crate::EvaluateRequest,
            ) -> ::std::result::Result<::std::vec::Vec<$crate::Route>, ::std::string::String>
            {
                $table.probe_routes(request)
            }
        }

        $crate::export_pack!($name);
    };
}
