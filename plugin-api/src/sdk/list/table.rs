//! The table a list pack declares: its identity, sectors, scenarios, pools, rows and bands, and
//! how the list treats CIIOs and genetic data. Plain `const` data; the other parts of this module
//! read it.

use super::rule;
use crate::contract::{Confidence, Route, Subject, ALL_SECTORS};
use crate::sdk::counting::key;

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
    pub(super) fn admits(self, sensitive: bool) -> bool {
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

/// The pack's identity (see [`Description`](crate::contract::Description) for each field).
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
    /// [`crate::sdk::duties`]); empty when none is known.
    pub duties: &'static [crate::sdk::duties::DutyRow],
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
/// [`rule::NOT_SEEN`]. A pool's first band starts at 1, or at 0 when it also decides an export
/// with no counted persons (a list whose band below its lowest row is off the list from none up).
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
/// table's [`Coverage`](crate::contract::Coverage) compares what it encodes with this.
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

/// How a table keys its pools' counting groups (contract 1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKeys {
    /// `pool:<pool id>`.
    Pool,
    /// `scenario:<pool id>`: a list whose pools are its scenarios, one Tier 1 / Tier 2 item pair
    /// each, keyed as packs that count by scenario key them.
    Scenario,
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
    pub group_keys: GroupKeys,
}

impl ListNames {
    /// The names of a list whose part headings were not read: its short name and titles, and
    /// the parts as the published lists head them.
    pub const fn with_usual_parts(
        short: &'static str,
        title_zh: &'static str,
        title_en: &'static str,
    ) -> ListNames {
        ListNames {
            short,
            title_zh,
            title_en,
            sa_part_zh: "需要通过数据出境安全评估的数据清单",
            sa_part_en: "security-assessment part",
            scc_part_zh: "需要通过个人信息出境标准合同备案、个人信息保护认证出境的数据清单",
            scc_part_en: "contract-or-certification part",
        }
    }
}

impl ListTable {
    /// A list known only by its identity: none of its rows was read, so the personal
    /// information of its sectors is undetermined, as is how it treats CIIOs; genetic data
    /// counts as sensitive personal information. The carve-outs and important data are decided
    /// as for every list.
    pub const fn identity_only(
        identity: Identity,
        extent: Extent,
        names: ListNames,
        sectors: &'static [Sector],
    ) -> ListTable {
        ListTable {
            identity,
            extent,
            names,
            sectors,
            scenarios: &[],
            pools: &[],
            rows: &[],
            bands: &[],
            ciio: Ciio::NotSeen,
            genetic: Genetic::AsSensitivePi,
            export_control_zh: None,
            group_keys: GroupKeys::Pool,
        }
    }

    pub(super) fn sector(&self, id: &str) -> Option<&'static Sector> {
        self.sectors
            .iter()
            .find(|sector| sector.id == ALL_SECTORS || sector.id == id || sector.also.contains(&id))
    }

    pub(super) fn row(&self, rule: &str) -> Option<&'static Row> {
        self.rows.iter().find(|row| row.rule == rule)
    }

    pub(super) fn bands_of(&self, pool: &str) -> impl Iterator<Item = &Band> + '_ {
        let pool = pool.to_string();
        self.bands.iter().filter(move |band| band.pool == pool)
    }

    /// The counting-group key of `pool`.
    pub(super) fn pool_key(&self, pool: &Pool) -> String {
        match self.group_keys {
            GroupKeys::Pool => key::pool(pool.id),
            GroupKeys::Scenario => key::scenario(pool.id),
        }
    }

    pub(super) fn uses_rule(&self, id: &str) -> bool {
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
}
