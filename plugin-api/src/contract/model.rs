//! The JSON documents that cross the pack boundary.
//!
//! Host and packs share these types; every struct rejects unknown fields so that a typo in a
//! pack's description is an error at load time rather than a silently ignored rule.

use super::obligation::{CalendarYear, Obligation};
use super::terms::{CbdfBasis, Citation, Confidence, DataKind, Route, Subject, ALL_SECTORS};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of [`EvaluateRequest`] the host sends.
pub const REQUEST_SCHEMA: u32 = 1;

/// The contract minor version this crate speaks. Minor versions only add optional fields: a pack
/// declares the minor it was written for in [`Description::contract_minor`] (0 when absent), and
/// the host sends it only the request fields of that minor ([`EvaluateRequest::for_pack`]), so a
/// pack built before a field existed never sees it.
///
/// * 0 (1.0): the original contract.
/// * 1 (1.1): descriptions may carry `contract_minor`, `document_number`, `trial_until`,
///   `read_at`, `sector_labels`, `scenarios`, `use_conditions`, `obligations`, `calendar`, and a
///   `confidence` per rule; requests may carry an export's `scenario`.
/// * 2 (1.2): counting from a transfer ledger: an export's `exempt_bases`, a request's
///   `group_counts`, an outcome count's `group`.
/// * 3 (1.3): counting windows: a description's `counting_window`, a request's `counted_from`.
/// * 4 (1.4): how much of its instrument a pack encodes, a description's `coverage`; the
///   persons a handler processes, a request handler's `persons_processed`.
/// * 5 (1.5): headroom probes in bulk: a request's `probes`, a response's `probes` and `groups`.
/// * 6 (1.6): the rule of each probe beside its route, a response's `probe_rules`.
pub const CONTRACT_MINOR: u32 = 6;

/// Contract minor 1.2 added counting from a transfer ledger: [`Export::exempt_bases`],
/// [`EvaluateRequest::group_counts`] and [`Count::group`]. The request fields are left out for
/// packs stating an earlier minor.
pub const LEDGER_MINOR: u32 = 2;

/// Contract minor 1.3 added counting windows: [`Description::counting_window`] and
/// [`EvaluateRequest::counted_from`]. The request field is left out for packs stating an
/// earlier minor; a description without the field counts the current calendar year.
pub const WINDOW_MINOR: u32 = 3;

/// Contract minor 1.5 added headroom probes in bulk ([`EvaluateRequest::probes`],
/// [`EvaluateResponse::probes`]) and counting groups declared once per answer
/// ([`EvaluateResponse::groups`]). The host asks a pack stating an earlier minor one probe per
/// call, within a bound (see the host's documentation).
pub const PROBE_MINOR: u32 = 5;

/// Contract minor 1.6 added the rule of each probe ([`EvaluateResponse::probe_rules`]), so that
/// a threshold sweep can ask many counts in one call and still tell a change of rule within one
/// route. A pack stating an earlier minor is swept one count per call.
pub const PROBE_RULES_MINOR: u32 = 6;

/// One headroom probe (contract 1.5): the route export `export` (its index in the request)
/// would take if its `persons` were `persons`, every other export unchanged. The export's
/// `exempt_persons` stay as they are, and the persons added are new persons: every counting
/// group with an exact count in [`EvaluateRequest::group_counts`] that the export is in rises
/// (or falls) by the change in the export's counted persons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Probe {
    pub export: usize,
    pub persons: u64,
}

/// Contract minor 1.4 added [`Description::coverage`] and [`Handler::persons_processed`]. The
/// request field is left out for packs stating an earlier minor; a description without
/// `coverage` is shown as "coverage not declared".
pub const COVERAGE_MINOR: u32 = 4;

/// A share of something an instrument has: how many are encoded, of how many it has (`of`,
/// when that number is known).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Share {
    pub encoded: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<u32>,
}

impl Share {
    /// `3/13`, or `3/?` when the whole is not known.
    pub fn fraction(&self) -> String {
        match self.of {
            Some(of) => format!("{}/{of}", self.encoded),
            None => format!("{}/?", self.encoded),
        }
    }
}

/// How much of its instrument a pack encodes (contract 1.4), so a reader sees how far a zone's
/// answer can be trusted: the list's rows (items, classes, scenarios: `unit` says which) encoded
/// of the rows it has, the sectors and scenarios those rows reach, and the weakest confidence
/// of the rows encoded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coverage {
    /// Rows encoded, of the rows the instrument has (when that count is known).
    pub rows: Share,
    /// What a row is in this instrument, plural: `items`, `classes`, `scenarios`, `articles`.
    pub unit: String,
    /// The ids of the declared rules that encode the rows counted in `rows.encoded`, one per
    /// row: `pack check` compares them with the rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub row_rules: Vec<String>,
    /// Sectors the encoded rows reach, of the sectors the instrument has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sectors: Option<Share>,
    /// Business scenarios the encoded rows reach, of the scenarios the instrument has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenarios: Option<Share>,
    /// The weakest confidence among the rows encoded; absent when none is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    /// What else a reader should know: why rows are missing, where to read them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Coverage {
    /// True when no row of the instrument is encoded: only its identity (and perhaps its
    /// sectors) is known.
    pub fn identity_only(&self) -> bool {
        self.rows.encoded == 0
    }

    /// True when every row the instrument has is encoded (its count known).
    pub fn complete(&self) -> bool {
        self.rows.of.is_some_and(|of| self.rows.encoded >= of)
    }
}

/// Since when an instrument counts the persons it compares with its thresholds (contract 1.3).
/// The window always ends on `as_of`; a pack declares its start on its description.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum CountingWindow {
    /// From 1 January of the `as_of` year (自当年1月1日起): the CBDF Provisions and the FTZ
    /// lists. What a description without `counting_window` counts.
    #[default]
    CalendarYear,
    /// From 1 January of the year before `as_of` (自上年1月1日起): the 2022 Security
    /// Assessment Measures (Art. 4) and the 2023 Standard Contract Measures (Art. 4).
    PreviousAndCurrentYear,
}

impl CountingWindow {
    pub const ALL: [CountingWindow; 2] = [
        CountingWindow::CalendarYear,
        CountingWindow::PreviousAndCurrentYear,
    ];

    /// The token used in JSON and TOML, e.g. `previous-and-current-year`.
    pub fn token(self) -> &'static str {
        match self {
            CountingWindow::CalendarYear => "calendar-year",
            CountingWindow::PreviousAndCurrentYear => "previous-and-current-year",
        }
    }

    /// The year of the 1 January the window starts on, for an `as_of` in `as_of_year`.
    pub fn first_year(self, as_of_year: i32) -> i32 {
        match self {
            CountingWindow::CalendarYear => as_of_year,
            CountingWindow::PreviousAndCurrentYear => as_of_year - 1,
        }
    }

    /// The window in words: "from 1 January of the previous year".
    pub fn words(self) -> &'static str {
        match self {
            CountingWindow::CalendarYear => "from 1 January of the as_of year",
            CountingWindow::PreviousAndCurrentYear => "from 1 January of the previous year",
        }
    }

    fn is_calendar_year(&self) -> bool {
        *self == CountingWindow::CalendarYear
    }
}

/// A sector a list covers, with the list's own wording (contract 1.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectorLabel {
    /// A sector id from [`Description::sectors`].
    pub id: String,
    /// The list's wording.
    pub label_zh: String,
    /// An English rendering (unofficial).
    pub label_en: String,
}

/// A business scenario a list names, which an export may declare in `scenario` (contract 1.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioLabel {
    /// The pack-owned id an export names in `scenario`.
    pub id: String,
    /// The list's wording.
    pub label_zh: String,
    /// An English rendering (unofficial).
    pub label_en: String,
    /// The sector ids the scenario belongs to; empty when it belongs to every sector the pack covers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sectors: Vec<String>,
    /// A reminder that transfers in this scenario often fall under a national exemption (for
    /// example CBDF Provisions Art. 5(1)(i)-(iii)), so some persons may be declared in
    /// `exempt_persons`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemption_hint: Option<String>,
}

/// One rule a pack can fire. Every outcome names one of these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Unique within the pack, e.g. `item-14` or `art-8`.
    pub id: String,
    /// The route an outcome decided by this rule takes.
    pub route: Route,
    /// The list's item number when the rule is a negative-list item.
    #[serde(default)]
    pub list_item: Option<u32>,
    /// One line naming what decided it, e.g. "Jiangsu FTZ data-export negative list (2025), Tier 2 item 14".
    pub basis: String,
    pub citation: Citation,
    /// How directly the rule's text is known (contract 1.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
}

/// Where the law a pack encodes was published.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Title of the instrument, in Chinese as published.
    pub title_zh: String,
    /// English title (unofficial unless stated).
    pub title_en: String,
    /// A reference a reader can follow: an official notice number, a gazette, an address.
    pub reference: String,
}

/// A pack's description of itself, returned by `describe`.
///
/// Every field added after contract 1.0 is optional and left out of the JSON when empty, so the
/// description of a pack that uses none of them reads exactly as a 1.0 one. `Default` lets code
/// that builds a description name only the fields it sets (`..Default::default()`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Description {
    /// Unique pack id, e.g. `jiangsu-biopharma-2025`.
    pub id: String,
    /// The zone whose law this is, e.g. `jiangsu` or `national`.
    pub zone: String,
    /// Human name of the list or regulation.
    pub name: String,
    /// Edition label, e.g. `2025`.
    pub edition: String,
    pub issuers: Vec<String>,
    /// Date of issue, `YYYY-MM-DD`.
    pub issued: String,
    /// First day in force, `YYYY-MM-DD`.
    pub effective_from: String,
    /// Last day in force, `YYYY-MM-DD`, when known.
    #[serde(default)]
    pub effective_until: Option<String>,
    /// Handler sectors the pack decides for; [`ALL_SECTORS`] for every sector.
    pub sectors: Vec<String>,
    pub source: Source,
    /// Readings of the text the pack adopts where the text leaves room (shown to users).
    #[serde(default)]
    pub interpretations: Vec<String>,
    pub rules: Vec<Rule>,
    /// The contract minor version the pack speaks ([`CONTRACT_MINOR`]); 0 when absent. The host
    /// sends a pack only the request fields of its minor.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub contract_minor: u32,
    /// The instrument's document number, when it has one (e.g. 桂商自贸发〔2025〕2号).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_number: Option<String>,
    /// Last day of a trial period the instrument sets, `YYYY-MM-DD`. Unlike `effective_until`
    /// it does not stop the pack deciding: the instrument may be extended or replaced, and the
    /// host shows the date so the user checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trial_until: Option<String>,
    /// Where the text can be read: official addresses, gazettes, copies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub read_at: Vec<String>,
    /// The list's own names of the sectors it covers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sector_labels: Vec<SectorLabel>,
    /// The business scenarios an export may declare in `scenario`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<ScenarioLabel>,
    /// Duties that come with relying on the instrument (an application or filing before use, a
    /// report after each transfer), shown to users as they are.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub use_conditions: Vec<String>,
    /// Duties the pack attaches to its decisions (minor 1.1; see [`super::obligation`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub obligations: Vec<Obligation>,
    /// The official working-day calendar, one entry per published year, for deadlines counted
    /// in working days (minor 1.1). Usually only the national baseline carries it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calendar: Vec<CalendarYear>,
    /// Since when the instrument counts persons (minor 1.3): the host counts a transfer ledger
    /// in this window for every count of the pack, its counting groups included. Absent: the
    /// current calendar year.
    #[serde(default, skip_serializing_if = "CountingWindow::is_calendar_year")]
    pub counting_window: CountingWindow,
    /// How much of its instrument the pack encodes (minor 1.4). Absent: not declared, which
    /// the host says wherever it shows coverage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<Coverage>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Description {
    /// The rule with this id, if the pack declares it.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|rule| rule.id == id)
    }

    /// The duty with this id, if the pack declares it.
    pub fn obligation(&self, id: &str) -> Option<&Obligation> {
        self.obligations.iter().find(|duty| duty.id == id)
    }

    /// True when the pack decides for handlers in `sector`.
    pub fn covers_sector(&self, sector: &str) -> bool {
        self.sectors.iter().any(|s| s == ALL_SECTORS || s == sector)
    }
}

/// The data handler (exporter).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Handler {
    pub name: String,
    pub sector: String,
    /// Recognised critical information infrastructure operator.
    pub ciio: bool,
    /// Contract 1.4: natural persons whose personal information the handler processes (all it
    /// holds, not only what it sends abroad), when the profile states it. The 2022 Security
    /// Assessment Measures (Art. 4(2)) decide on it. Left out for packs before 1.4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persons_processed: Option<u64>,
}

/// One category of data sent abroad, with every default of the profile contract filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Export {
    pub id: String,
    pub kind: DataKind,
    /// Set for `personal` exports only.
    pub subject: Option<Subject>,
    pub sensitive: bool,
    /// Natural persons sent abroad in the pack's counting window, up to `as_of` (set for
    /// `personal` and `genetic`): since 1 January of the `as_of` year unless the pack declares
    /// another [`Description::counting_window`].
    pub persons: Option<u64>,
    /// Of those, persons sent under CBDF Provisions Arts 3, 4, 5(1)-(3) or 6.
    pub exempt_persons: u64,
    /// Contract 1.2: the bases those exempt persons were sent under, when known (the profile's
    /// `exempt_basis`, or every excluded basis a transfer ledger holds for the export), sorted
    /// and without repeats; never [`CbdfBasis::Art5_1_4`], which is counted. A pack cites the
    /// article when no person of the export is counted. Left out for packs before 1.2.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exempt_bases: Vec<CbdfBasis>,
    pub serious_harm: bool,
    pub name_and_contact: bool,
    pub notified: bool,
    pub hgr_cleared: bool,
    pub export_controlled: bool,
    /// The business scenario of the transfer, an id the pack declares in
    /// [`Description::scenarios`] (contract 1.1). Sent only to packs of minor 1 or later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
}

impl Export {
    /// Persons that count towards thresholds: `persons - exempt_persons` (None without persons).
    pub fn counted_persons(&self) -> Option<u64> {
        self.persons
            .map(|persons| persons.saturating_sub(self.exempt_persons))
    }
}

/// What the host asks a pack to decide: the whole profile, since counts are cumulative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluateRequest {
    /// [`REQUEST_SCHEMA`].
    pub schema: u32,
    /// Date of the planned export, `YYYY-MM-DD`.
    pub as_of: String,
    pub handler: Handler,
    pub exports: Vec<Export>,
    /// The host needs only `id`, `route` and `rule` of each outcome (it is probing counts for
    /// headroom): a pack may leave `count`, `ladder` and `notes` empty. The Rust SDK does so.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub routes_only: bool,
    /// Contract 1.2: exact numbers of natural persons, de-duplicated, per counting-group key, when
    /// the profile keeps a transfer ledger. The host first asks without them, reads the groups
    /// the outcomes declare ([`Count::group`]), counts each group's distinct persons in the
    /// ledger and asks again with this map; a pack then compares the group's count with its
    /// thresholds instead of adding its members' persons (which counts a person in two exports
    /// twice). A key absent here: add the members up as before. While probing headroom the host
    /// raises a group's count by the persons it adds to one member. Left out for packs before 1.2.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub group_counts: BTreeMap<String, u64>,
    /// Contract 1.3: when the host took the exports' `persons` (and `group_counts`) from a
    /// transfer ledger, the first day it counted from, `YYYY-MM-DD`: the start of the pack's
    /// [`Description::counting_window`]. Absent when the profile states the persons itself, so
    /// a pack can tell the user what the stated figures must include. Left out for packs
    /// before 1.3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counted_from: Option<String>,
    /// Contract 1.5: when not empty, the host asks only these probes: the pack answers with one
    /// route per probe, in order, in [`EvaluateResponse::probes`], and may leave `exports`
    /// empty. Never sent to packs before 1.5.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub probes: Vec<Probe>,
}

impl EvaluateRequest {
    /// The request as probe `probe` describes it (see [`Probe`]): the export's persons set, and
    /// the exact counts of `groups` (the groups it is in) moved by the same number of persons.
    /// What a pack answering probes one by one evaluates; the SDK's default does so.
    pub fn probed(&self, probe: Probe, groups: &[String]) -> EvaluateRequest {
        let mut request = self.clone();
        request.probes.clear();
        request.routes_only = true;
        let Some(export) = request.exports.get_mut(probe.export) else {
            return request;
        };
        let before = export.counted_persons().unwrap_or(0);
        export.persons = Some(probe.persons);
        let after = export.counted_persons().unwrap_or(0);
        for key in groups {
            if let Some(count) = request.group_counts.get_mut(key) {
                *count = (*count + after).saturating_sub(before);
            }
        }
        request
    }

    /// The request as a pack of `contract_minor` may receive it: fields of later minors are
    /// cleared, so the pack's strict reader never meets a field it does not know. Borrowed when
    /// nothing needs clearing.
    pub fn for_contract_minor(&self, contract_minor: u32) -> std::borrow::Cow<'_, EvaluateRequest> {
        let scenarios = contract_minor < 1 && self.exports.iter().any(|e| e.scenario.is_some());
        let ledger = contract_minor < LEDGER_MINOR
            && (!self.group_counts.is_empty()
                || self.exports.iter().any(|e| !e.exempt_bases.is_empty()));
        let window = contract_minor < WINDOW_MINOR && self.counted_from.is_some();
        let probes = contract_minor < PROBE_MINOR && !self.probes.is_empty();
        let processed = contract_minor < COVERAGE_MINOR && self.handler.persons_processed.is_some();
        if !scenarios && !ledger && !window && !processed && !probes {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut request = self.clone();
        for export in &mut request.exports {
            if contract_minor < 1 {
                export.scenario = None;
            }
            if contract_minor < LEDGER_MINOR {
                export.exempt_bases.clear();
            }
        }
        if contract_minor < LEDGER_MINOR {
            request.group_counts.clear();
        }
        if contract_minor < WINDOW_MINOR {
            request.counted_from = None;
        }
        if contract_minor < COVERAGE_MINOR {
            request.handler.persons_processed = None;
        }
        if contract_minor < PROBE_MINOR {
            request.probes.clear();
        }
        std::borrow::Cow::Owned(request)
    }

    /// The request as the pack `description` may receive it (see [`Self::for_contract_minor`]).
    pub fn for_pack(&self, description: &Description) -> std::borrow::Cow<'_, EvaluateRequest> {
        self.for_contract_minor(description.contract_minor)
    }
}

/// How the count compared against a threshold was formed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Count {
    /// The counting scenario, e.g. "patients (items 8 / 15)".
    pub scenario: String,
    /// The total compared with the thresholds, this export's counted persons included.
    pub total: u64,
    /// Ids of the other exports added into `total`.
    #[serde(default)]
    pub with: Vec<String>,
    /// Contract 1.2: the counting group `total` belongs to, so that the host can count its
    /// persons exactly from a transfer ledger (see [`EvaluateRequest::group_counts`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<CountGroup>,
}

/// Exports whose persons the law counts together, as a pack declares them (contract 1.2): a
/// list's scenario (one Tier 1 / Tier 2 item pair), the national sensitive or non-sensitive
/// total of the handler, or one export counted alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountGroup {
    /// Stable within one answer: every outcome of the group names the same key and members,
    /// e.g. `scenario:trial-subject`, `sensitive`, `alone:staff-hr`.
    pub key: String,
    /// Every export counted in the group, the outcome's own included, in request order.
    pub exports: Vec<String>,
    /// True for a list scenario: the profile's `cross_scenario` setting then decides whether a
    /// person found in two scenario groups counts in each. False for handler-wide totals and
    /// exports counted alone, where a person always counts in every group they are in.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub scenario: bool,
}

/// One band of a threshold ladder: from `from` persons (inclusive) up to the next step's `from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub from: u64,
    pub route: Route,
    /// The rule that decides inside this band.
    pub rule: String,
}

/// A pack's decision for one export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// The export's id, as in the request.
    pub id: String,
    pub route: Route,
    /// Id of the rule (from the description) that decided it.
    pub rule: String,
    /// How the compared count was formed, when a volume threshold applied.
    #[serde(default)]
    pub count: Option<Count>,
    /// The thresholds of this export's scenario over `count.total`, ascending by `from`; empty
    /// when no volume threshold applies.
    #[serde(default)]
    pub ladder: Vec<Step>,
    #[serde(default)]
    pub notes: Vec<String>,
}

/// A pack's answer: one outcome per export, in request order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluateResponse {
    pub exports: Vec<Outcome>,
    /// Contract 1.5: one route per probe of the request ([`EvaluateRequest::probes`]), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub probes: Vec<Route>,
    /// Contract 1.6: the id of the rule that decides each probe, in the order of
    /// [`Self::probes`]; each must be one of the description's rules, with the probe's route.
    /// Empty from packs before 1.6.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub probe_rules: Vec<String>,
    /// Contract 1.5: every counting group of the answer, each once with all its members. An
    /// outcome's [`Count::group`] may then name its group by key with `exports` left empty, and
    /// its [`Count::with`] may be left empty: the other members are the group's. This keeps an
    /// answer linear in the exports where one group holds thousands of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<CountGroup>,
}

impl EvaluateResponse {
    /// The members of group `key`: from [`Self::groups`], else from the first outcome that
    /// lists them.
    pub fn members_of(&self, key: &str) -> Option<&[String]> {
        self.groups
            .iter()
            .find(|group| group.key == key)
            .map(|group| group.exports.as_slice())
            .or_else(|| {
                self.exports
                    .iter()
                    .filter_map(|outcome| outcome.count.as_ref()?.group.as_ref())
                    .find(|group| group.key == key && !group.exports.is_empty())
                    .map(|group| group.exports.as_slice())
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn description_rejects_unknown_fields() {
        let json = r#"{"id":"x","zone":"z","name":"n","edition":"1","issuers":[],"issued":"2025-01-01",
            "effective_from":"2025-01-01","sectors":["*"],"source":{"title_zh":"t","title_en":"t","reference":"r"},
            "rules":[],"surprise":1}"#;
        let error = serde_json::from_str::<Description>(json).unwrap_err();
        assert!(error.to_string().contains("surprise"), "{error}");
    }

    #[test]
    fn a_1_0_description_loads_with_contract_minor_0() {
        let json = r#"{"id":"x","zone":"z","name":"n","edition":"1","issuers":[],"issued":"2025-01-01",
            "effective_from":"2025-01-01","sectors":["*"],"source":{"title_zh":"t","title_en":"t","reference":"r"},
            "rules":[]}"#;
        let description: Description = serde_json::from_str(json).unwrap();
        assert_eq!(description.contract_minor, 0);
        // And a 1.0 description written back has no field a 1.0 reader would refuse.
        assert!(!serde_json::to_string(&description)
            .unwrap()
            .contains("contract_minor"));
    }

    #[test]
    fn counted_persons_subtracts_exempt() {
        let export = Export {
            id: "a".into(),
            kind: DataKind::Personal,
            subject: Some(Subject::Other),
            sensitive: false,
            persons: Some(100),
            exempt_persons: 30,
            exempt_bases: vec![],
            serious_harm: false,
            name_and_contact: false,
            notified: true,
            hgr_cleared: false,
            export_controlled: false,
            scenario: None,
        };
        assert_eq!(export.counted_persons(), Some(70));
    }

    /// A description exactly as a contract 1.0 pack writes it.
    const DESCRIPTION_1_0: &str = r#"{"id":"x","zone":"z","name":"n","edition":"1","issuers":["i"],"issued":"2025-01-01","effective_from":"2025-01-01","effective_until":null,"sectors":["*"],"source":{"title_zh":"t","title_en":"t","reference":"r"},"interpretations":[],"rules":[{"id":"r","route":"exempt","list_item":null,"basis":"b","citation":{"zh":"《t》","en":"t","en_official":false}}]}"#;

    #[test]
    fn a_contract_1_0_description_still_reads_and_writes_the_same() {
        let description: Description = serde_json::from_str(DESCRIPTION_1_0).unwrap();
        assert_eq!(description.contract_minor, 0);
        assert_eq!(description.rules[0].confidence, None);
        assert!(description.scenarios.is_empty() && description.use_conditions.is_empty());
        assert_eq!(
            serde_json::to_string(&description).unwrap(),
            DESCRIPTION_1_0
        );
    }

    #[test]
    fn contract_1_1_description_fields_are_read() {
        let json = DESCRIPTION_1_0
            .replace(
                r#""en_official":false}}"#,
                r#""en_official":false},"confidence":"verbatim-copy"}"#,
            )
            .replace(
                r#""rules":"#,
                r#""contract_minor":1,"trial_until":"2027-08-12","read_at":["a"],
                "sector_labels":[{"id":"s","label_zh":"医药","label_en":"pharmaceuticals"}],
                "scenarios":[{"id":"hr","label_zh":"人力资源","label_en":"HR","exemption_hint":"h"}],
                "use_conditions":["file first"],"rules":"#,
            );
        let description: Description = serde_json::from_str(&json).unwrap();
        assert_eq!(description.contract_minor, 1);
        assert_eq!(description.trial_until.as_deref(), Some("2027-08-12"));
        assert_eq!(
            description.scenarios[0].exemption_hint.as_deref(),
            Some("h")
        );
        assert_eq!(description.sector_labels[0].label_zh, "医药");
        assert_eq!(
            description.rules[0].confidence,
            Some(Confidence::VerbatimCopy)
        );
        let error = serde_json::from_str::<Description>(&json.replace("\"hr\"", "\"hr\",\"x\":1"))
            .unwrap_err();
        assert!(error.to_string().contains('x'), "{error}");
    }

    fn request_with(scenario: Option<&str>) -> EvaluateRequest {
        EvaluateRequest {
            group_counts: Default::default(),
            counted_from: None,
            probes: Vec::new(),
            schema: REQUEST_SCHEMA,
            as_of: "2025-10-01".into(),
            handler: Handler {
                name: "h".into(),
                sector: "s".into(),
                ciio: false,
                persons_processed: None,
            },
            exports: vec![Export {
                exempt_bases: Vec::new(),
                id: "a".into(),
                kind: DataKind::Personal,
                subject: Some(Subject::TrialSubject),
                sensitive: true,
                persons: Some(5),
                exempt_persons: 0,
                serious_harm: false,
                name_and_contact: false,
                notified: true,
                hgr_cleared: false,
                export_controlled: false,
                scenario: scenario.map(String::from),
            }],
            routes_only: false,
        }
    }

    /// The request a contract 1.0 host sent, byte for byte.
    const REQUEST_1_0: &str = r#"{"schema":1,"as_of":"2025-10-01","handler":{"name":"h","sector":"s","ciio":false},"exports":[{"id":"a","kind":"personal","subject":"trial-subject","sensitive":true,"persons":5,"exempt_persons":0,"serious_harm":false,"name_and_contact":false,"notified":true,"hgr_cleared":false,"export_controlled":false}]}"#;

    #[test]
    fn a_request_without_a_scenario_serializes_exactly_as_in_contract_1_0() {
        let request = request_with(None);
        assert_eq!(serde_json::to_string(&request).unwrap(), REQUEST_1_0);
        assert!(matches!(
            request.for_contract_minor(0),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn a_scenario_reaches_only_packs_that_speak_contract_1_1() {
        let request = request_with(Some("clinical-trial"));
        let old = serde_json::to_string(&*request.for_contract_minor(0)).unwrap();
        assert_eq!(old, REQUEST_1_0, "a 1.0 pack gets the 1.0 request");
        let new = serde_json::to_string(&*request.for_contract_minor(1)).unwrap();
        assert!(new.contains(r#""scenario":"clinical-trial""#), "{new}");
        let read: EvaluateRequest = serde_json::from_str(&new).unwrap();
        assert_eq!(read, request);

        let mut description: Description = serde_json::from_str(DESCRIPTION_1_0).unwrap();
        assert_eq!(*request.for_pack(&description), request_with(None));
        description.contract_minor = CONTRACT_MINOR;
        assert_eq!(*request.for_pack(&description), request);
    }

    fn ledger_request() -> EvaluateRequest {
        EvaluateRequest {
            schema: REQUEST_SCHEMA,
            as_of: "2025-10-01".into(),
            handler: Handler {
                name: "h".into(),
                sector: "s".into(),
                ciio: false,
                persons_processed: None,
            },
            exports: vec![Export {
                id: "staff".into(),
                kind: DataKind::Personal,
                subject: Some(Subject::Other),
                sensitive: false,
                persons: Some(120_000),
                exempt_persons: 120_000,
                exempt_bases: vec![CbdfBasis::Art5_1_2],
                serious_harm: false,
                name_and_contact: false,
                notified: true,
                hgr_cleared: false,
                export_controlled: false,
                scenario: None,
            }],
            routes_only: false,
            group_counts: BTreeMap::from([("non-sensitive".to_string(), 0)]),
            counted_from: None,
            probes: Vec::new(),
        }
    }

    #[test]
    fn a_pack_before_1_2_gets_exactly_the_1_0_document() {
        let request = ledger_request();
        let full = serde_json::to_string(&request).unwrap();
        assert!(full.contains("\"group_counts\"") && full.contains("\"exempt_bases\""));
        for minor in [0, 1] {
            let old = serde_json::to_value(&*request.for_contract_minor(minor)).unwrap();
            let keys: Vec<&String> = old.as_object().unwrap().keys().collect();
            assert_eq!(
                keys,
                ["as_of", "exports", "handler", "schema"],
                "minor {minor}"
            );
            let export: Vec<&String> = old["exports"][0].as_object().unwrap().keys().collect();
            assert_eq!(
                export,
                [
                    "exempt_persons",
                    "export_controlled",
                    "hgr_cleared",
                    "id",
                    "kind",
                    "name_and_contact",
                    "notified",
                    "persons",
                    "sensitive",
                    "serious_harm",
                    "subject"
                ],
                "minor {minor}"
            );
        }
        assert_eq!(*request.for_contract_minor(LEDGER_MINOR), request);
        let back: EvaluateRequest = serde_json::from_str(&full).unwrap();
        assert_eq!(back, request);
    }

    #[test]
    fn a_description_without_a_window_counts_the_calendar_year_and_reads_back_unchanged() {
        let description: Description = serde_json::from_str(DESCRIPTION_1_0).unwrap();
        assert_eq!(description.counting_window, CountingWindow::CalendarYear);
        assert!(!serde_json::to_string(&description)
            .unwrap()
            .contains("counting_window"));
        let previous = DESCRIPTION_1_0.replacen(
            "{\"id\"",
            "{\"counting_window\":\"previous-and-current-year\",\"id\"",
            1,
        );
        let description: Description = serde_json::from_str(&previous).unwrap();
        assert_eq!(
            description.counting_window,
            CountingWindow::PreviousAndCurrentYear
        );
        assert_eq!(description.counting_window.first_year(2023), 2022);
        assert_eq!(CountingWindow::CalendarYear.first_year(2023), 2023);
        let back: Description =
            serde_json::from_str(&serde_json::to_string(&description).unwrap()).unwrap();
        assert_eq!(back, description);
        assert!(
            serde_json::from_str::<Description>(&DESCRIPTION_1_0.replacen(
                "{\"id\"",
                "{\"counting_window\":\"rolling\",\"id\"",
                1
            ))
            .is_err()
        );
    }

    #[test]
    fn counted_from_reaches_only_packs_that_speak_contract_1_3() {
        let mut request = ledger_request();
        request.counted_from = Some("2022-01-01".into());
        let old = serde_json::to_string(&*request.for_contract_minor(LEDGER_MINOR)).unwrap();
        assert!(!old.contains("counted_from"), "{old}");
        assert!(old.contains("group_counts"), "{old}");
        let new = serde_json::to_string(&*request.for_contract_minor(WINDOW_MINOR)).unwrap();
        assert!(new.contains(r#""counted_from":"2022-01-01""#), "{new}");
        assert_eq!(
            serde_json::from_str::<EvaluateRequest>(&new).unwrap(),
            request
        );
    }

    #[test]
    fn persons_processed_reaches_only_packs_that_speak_contract_1_4() {
        let mut request = ledger_request();
        request.handler.persons_processed = Some(1_000_000);
        let old = serde_json::to_string(&*request.for_contract_minor(WINDOW_MINOR)).unwrap();
        assert!(!old.contains("persons_processed"), "{old}");
        assert!(old.contains("group_counts"), "{old}");
        let new = serde_json::to_string(&*request.for_contract_minor(COVERAGE_MINOR)).unwrap();
        assert!(new.contains(r#""persons_processed":1000000"#), "{new}");
        assert_eq!(
            serde_json::from_str::<EvaluateRequest>(&new).unwrap(),
            request
        );
        // Unset, the handler reads and writes exactly as in 1.0.
        request.handler.persons_processed = None;
        assert!(matches!(
            request.for_contract_minor(WINDOW_MINOR),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn a_description_without_coverage_reads_back_unchanged_and_coverage_is_read_strictly() {
        let description: Description = serde_json::from_str(DESCRIPTION_1_0).unwrap();
        assert_eq!(description.coverage, None);
        let with = DESCRIPTION_1_0.replacen(
            "{\"id\"",
            r#"{"coverage":{"rows":{"encoded":2,"of":13},"unit":"classes","row_rules":["r"],
                "sectors":{"encoded":1},"confidence":"secondary","note":"n"},"id""#,
            1,
        );
        let description: Description = serde_json::from_str(&with).unwrap();
        let coverage = description.coverage.clone().unwrap();
        assert_eq!(
            coverage.rows,
            Share {
                encoded: 2,
                of: Some(13)
            }
        );
        assert_eq!(coverage.rows.fraction(), "2/13");
        assert_eq!(coverage.sectors.unwrap().fraction(), "1/?");
        assert_eq!(coverage.scenarios, None);
        assert!(!coverage.identity_only() && !coverage.complete());
        let back: Description =
            serde_json::from_str(&serde_json::to_string(&description).unwrap()).unwrap();
        assert_eq!(back, description);
        assert!(
            serde_json::from_str::<Description>(&with.replace("\"note\"", "\"remark\"")).is_err()
        );
    }

    #[test]
    fn a_count_without_a_group_reads_and_writes_as_in_1_0() {
        let json = r#"{"scenario":"s","total":3,"with":["b"]}"#;
        let count: Count = serde_json::from_str(json).unwrap();
        assert_eq!(count.group, None);
        assert_eq!(serde_json::to_string(&count).unwrap(), json);
        let grouped = r#"{"scenario":"s","total":3,"with":["b"],"group":{"key":"k","exports":["a","b"],"scenario":true}}"#;
        let count: Count = serde_json::from_str(grouped).unwrap();
        assert!(count.group.as_ref().unwrap().scenario);
        assert_eq!(serde_json::to_string(&count).unwrap(), grouped);
    }
}
