//! The JSON documents that cross the pack boundary.
//!
//! Host and packs share these types; every struct rejects unknown fields so that a typo in a
//! pack's description is an error at load time rather than a silently ignored rule.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Version of [`EvaluateRequest`] the host sends.
pub const REQUEST_SCHEMA: u32 = 1;

/// The contract minor version this crate speaks. Minor versions only add optional fields: a pack
/// declares the minor it was written for in [`Description::contract_minor`] (0 when absent), and
/// the host sends it only the request fields of that minor ([`EvaluateRequest::for_pack`]), so a
/// pack built before a field existed never sees it.
///
/// * 0 (1.0): the original contract.
/// * 1 (1.1): descriptions may carry `contract_minor`, `document_number`, `trial_until`,
///   `read_at`, `sector_labels`, `scenarios`, `use_conditions`, and a `confidence` per rule;
///   requests may carry an export's `scenario`.
pub const CONTRACT_MINOR: u32 = 1;

/// Sector wildcard: a pack whose `sectors` contains it covers every sector (a national baseline).
pub const ALL_SECTORS: &str = "*";

/// The closed route vocabulary, strictest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Route {
    CoreDataRegime,
    ExportControl,
    SecurityAssessment,
    StandardContractOrCertification,
    OtherLawfulRoute,
    Exempt,
    Undetermined,
}

impl Route {
    /// Every route, strictest first (`Undetermined` last: it never wins).
    pub const ALL: [Route; 7] = [
        Route::CoreDataRegime,
        Route::ExportControl,
        Route::SecurityAssessment,
        Route::StandardContractOrCertification,
        Route::OtherLawfulRoute,
        Route::Exempt,
        Route::Undetermined,
    ];

    /// The route id used in profiles, JSON and the docs.
    pub fn id(self) -> &'static str {
        match self {
            Route::CoreDataRegime => "core-data-regime",
            Route::ExportControl => "export-control",
            Route::SecurityAssessment => "security-assessment",
            Route::StandardContractOrCertification => "standard-contract-or-certification",
            Route::OtherLawfulRoute => "other-lawful-route",
            Route::Exempt => "exempt",
            Route::Undetermined => "undetermined",
        }
    }

    /// Rank in the strictness order: 0 is strictest; `None` for `Undetermined`.
    pub fn strictness_rank(self) -> Option<usize> {
        match self {
            Route::Undetermined => None,
            route => Route::ALL.iter().position(|r| *r == route),
        }
    }

    /// True when `self` is determined and stricter than `other` (an undetermined `other` counts
    /// as the most lenient, so any determined route is stricter than it).
    pub fn is_stricter_than(self, other: Route) -> bool {
        match (self.strictness_rank(), other.strictness_rank()) {
            (Some(a), Some(b)) => a < b,
            (Some(_), None) => true,
            (None, _) => false,
        }
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// What kind of data an export carries (profile contract v1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DataKind {
    Personal,
    Important,
    Genetic,
    Core,
    General,
}

/// Whose personal information a `personal` export carries (the Jiangsu list's scenarios).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Subject {
    TrialSubject,
    Patient,
    Professional,
    DeviceUser,
    BusinessContact,
    Other,
}

/// How directly a rule's text is known (contract 1.1). Shown with the rule so a reader knows
/// what kind of source stands behind a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// Read in the primary text itself (an official page, a gazette, a law-library copy).
    PrimaryText,
    /// Read in a verbatim copy of the primary text held by a third party (the wording is the
    /// document's, the copy may carry extraction artefacts).
    VerbatimCopy,
    /// Reported by secondary sources (commentary, law-firm notes, the press), not read in the text.
    Secondary,
    /// The pack's own reading of the sources, stated in its interpretations.
    Inference,
}

impl Confidence {
    pub const ALL: [Confidence; 4] = [
        Confidence::PrimaryText,
        Confidence::VerbatimCopy,
        Confidence::Secondary,
        Confidence::Inference,
    ];

    /// What it means, for readers of a memo.
    pub fn meaning(self) -> &'static str {
        match self {
            Confidence::PrimaryText => "primary text read",
            Confidence::VerbatimCopy => "verbatim copy of the primary text read",
            Confidence::Secondary => "secondary sources, not the text itself",
            Confidence::Inference => "inference",
        }
    }

    /// True for a reading not taken from the text itself: worth checking against the text
    /// before relying on it.
    pub fn needs_checking(self) -> bool {
        matches!(self, Confidence::Secondary | Confidence::Inference)
    }

    /// The id used in JSON and the docs.
    pub fn id(self) -> &'static str {
        match self {
            Confidence::PrimaryText => "primary-text",
            Confidence::VerbatimCopy => "verbatim-copy",
            Confidence::Secondary => "secondary",
            Confidence::Inference => "inference",
        }
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

/// A Chinese citation with its English rendering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The Chinese title with article or item number, as published; this text controls.
    pub zh: String,
    /// English rendering of the same citation.
    pub en: String,
    /// True only when `en` is an official translation; otherwise it is shown as unofficial.
    #[serde(default)]
    pub en_official: bool,
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
    /// Duties the pack attaches to its decisions (minor 1.1; see [`crate::obligation`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub obligations: Vec<crate::obligation::Obligation>,
    /// The official working-day calendar, one entry per published year, for deadlines counted
    /// in working days (minor 1.1). Usually only the national baseline carries it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calendar: Vec<crate::obligation::CalendarYear>,
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
    pub fn obligation(&self, id: &str) -> Option<&crate::obligation::Obligation> {
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
    /// Natural persons since Jan 1 of the `as_of` year (set for `personal` and `genetic`).
    pub persons: Option<u64>,
    /// Of those, persons sent under CBDF Provisions Arts 3, 4, 5(1)-(3) or 6.
    pub exempt_persons: u64,
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
}

impl EvaluateRequest {
    /// The request as a pack of `contract_minor` may receive it: fields of later minors are
    /// cleared, so the pack's strict reader never meets a field it does not know. Borrowed when
    /// nothing needs clearing.
    pub fn for_contract_minor(&self, contract_minor: u32) -> std::borrow::Cow<'_, EvaluateRequest> {
        let has_later_fields =
            contract_minor < 1 && self.exports.iter().any(|export| export.scenario.is_some());
        if !has_later_fields {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut request = self.clone();
        for export in &mut request.exports {
            export.scenario = None;
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluateResponse {
    pub exports: Vec<Outcome>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_order_strictest_first_and_undetermined_never_wins() {
        assert!(Route::CoreDataRegime.is_stricter_than(Route::ExportControl));
        assert!(Route::SecurityAssessment.is_stricter_than(Route::StandardContractOrCertification));
        assert!(Route::StandardContractOrCertification.is_stricter_than(Route::OtherLawfulRoute));
        assert!(Route::OtherLawfulRoute.is_stricter_than(Route::Exempt));
        assert!(Route::Exempt.is_stricter_than(Route::Undetermined));
        assert!(!Route::Undetermined.is_stricter_than(Route::Exempt));
        assert!(!Route::Exempt.is_stricter_than(Route::Exempt));
    }

    #[test]
    fn route_ids_match_serde_names() {
        for route in Route::ALL {
            let json = serde_json::to_string(&route).unwrap();
            assert_eq!(json, format!("\"{}\"", route.id()));
        }
    }

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
            schema: REQUEST_SCHEMA,
            as_of: "2025-10-01".into(),
            handler: Handler {
                name: "h".into(),
                sector: "s".into(),
                ciio: false,
            },
            exports: vec![Export {
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
}
