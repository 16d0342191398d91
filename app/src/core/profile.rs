//! The data-export profile (contract v1): read from TOML, validated, and turned into the request
//! every pack receives.

use crate::common::dates::format_date;
use crate::common::input::{parse_toml, InputError};
use crate::core::obligations::ExportDates;
use ftzroute_plugin_api::{
    CbdfBasis, DataKind, EvaluateRequest, Export, Handler, Subject, REQUEST_SCHEMA,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use time::Date;
use toml::Spanned;

/// The most exports one profile may hold: the documented limit (README), which keeps every
/// pack's answer for a profile within the host's 16 MiB output cap.
pub const MAX_EXPORTS: usize = 10_000;

/// The longest export id, in characters: an id names its export in every output and every
/// pack's answer (a description belongs in `label`), so ids bound what a pack sends back.
pub const MAX_ID_CHARS: usize = 128;

/// The longest handler name, in characters: it goes to every pack with every request.
pub const MAX_NAME_CHARS: usize = 512;

/// The most bytes the exports of one profile may take as a pack receives them (JSON): the
/// documented limit (README), half a pack runner's 17 MiB frame, which leaves room for the
/// headroom probes and the group counts the host adds to the same request.
pub const MAX_REQUEST_BYTES: usize = 8 * 1024 * 1024;

use ftzroute_plugin_api::sdk::text::thousands;

/// A validated profile, ready to evaluate.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub title: Option<String>,
    pub as_of: Date,
    pub handler: Handler,
    pub exports: Vec<Export>,
    /// Optional human labels of the exports, by position.
    pub labels: Vec<Option<String>>,
    /// The dates of each export's procedure (`[export.dates]`), by position; they stay with
    /// the host, which counts the duties' deadlines from them.
    pub dates: Vec<ExportDates>,
    /// Figures that are valid but implausible, each naming its file, line and field: shown to
    /// the user, never an error.
    pub warnings: Vec<String>,
    /// What the profile itself declares that every output carries, such as a sector the
    /// profile says is outside every list (`handler.sector_outside_lists`).
    pub notes: Vec<String>,
    /// `handler.sector_outside_lists`: the sector is deliberately one no list names, so the
    /// national baseline decides; without it a sector that nearly matches a pack's is refused.
    pub sector_outside_lists: bool,
    /// The transfer ledger the counts come from (`[ledger]`), when the profile names one.
    pub ledger: Option<LedgerSettings>,
    /// Where some fields were written, for messages about them once the packs are known.
    pub places: Places,
}

/// The file a profile was read from and where its vocabulary fields stand in it (1-based line
/// and column). Where a value was written is not what the profile says, so any two are equal.
#[derive(Debug, Clone, Default)]
pub struct Places {
    pub file: PathBuf,
    pub sector: Option<(usize, usize)>,
    pub sector_outside_lists: Option<(usize, usize)>,
    /// Per export, by position: its `scenario` value.
    pub scenarios: Vec<Option<(usize, usize)>>,
}

impl PartialEq for Places {
    fn eq(&self, _: &Places) -> bool {
        true
    }
}

impl Places {
    /// An input error about `field`, pointing at `place` when known.
    pub fn error(
        &self,
        place: Option<(usize, usize)>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> InputError {
        let mut error = InputError::new(&self.file, message).field(field);
        error.position = place;
        error
    }
}

/// `[ledger]`: where the profile's transfer ledger is, and how it counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerSettings {
    /// The ledger file, resolved against the profile's directory.
    pub path: PathBuf,
    /// As written in the profile (relative to the profile), for messages.
    pub written: String,
    pub cross_scenario: CrossScenario,
}

/// Whether a person found in two list scenarios counts in both. No text settles it (the lists
/// scope each row to its scenario, and say nothing of a person in two), so it is the user's
/// setting, shown with every count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CrossScenario {
    /// Each scenario counts every person it has: a person in two scenarios counts in both
    /// (the literal reading of per-scenario rows, and the stricter one).
    #[default]
    CountInEach,
    /// A person found in several scenarios counts once, in the scenario of their first transfer
    /// of the year (ties: the first in the profile's order).
    CountOnce,
}

impl CrossScenario {
    pub fn id(self) -> &'static str {
        match self {
            CrossScenario::CountInEach => "count-in-each",
            CrossScenario::CountOnce => "count-once",
        }
    }
}

/// China's population, rounded up: 1,408.28 million at the end of 2024 (National Bureau of
/// Statistics, Statistical Communiqué of the People's Republic of China on the 2024 National
/// Economic and Social Development, February 2025). A count of persons above it is almost
/// certainly a typing error, though not impossible (foreign nationals), so it is a warning.
pub const CHINA_POPULATION: u64 = 1_410_000_000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProfile {
    title: Option<String>,
    as_of: Option<Spanned<toml::value::Datetime>>,
    handler: RawHandler,
    #[serde(default, rename = "export")]
    exports: Vec<RawExport>,
    ledger: Option<RawLedger>,
}

impl RawProfile {
    /// The profile counted from transfers given with it (a golden case's `[[transfer]]` rows)
    /// rather than from a ledger file: `persons` may be left out, as with `[ledger]`.
    pub fn with_transfers_given(mut self) -> RawProfile {
        if self.ledger.is_none() {
            self.ledger = Some(RawLedger {
                path: Spanned::new(0..0, "<transfers given with the case>".to_string()),
                cross_scenario: CrossScenario::default(),
            });
        }
        self
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLedger {
    path: Spanned<String>,
    #[serde(default)]
    cross_scenario: CrossScenario,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHandler {
    name: Spanned<String>,
    sector: Spanned<String>,
    #[serde(default)]
    ciio: bool,
    /// Natural persons whose personal information the handler processes (contract 1.4).
    persons_processed: Option<Spanned<u64>>,
    sector_outside_lists: Option<Spanned<bool>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExport {
    id: Spanned<String>,
    label: Option<String>,
    kind: DataKind,
    subject: Option<Subject>,
    #[serde(default)]
    sensitive: bool,
    persons: Option<Spanned<u64>>,
    exempt_persons: Option<Spanned<u64>>,
    exempt_basis: Option<Spanned<String>>,
    #[serde(default)]
    serious_harm: bool,
    #[serde(default)]
    name_and_contact: bool,
    #[serde(default = "yes")]
    notified: bool,
    #[serde(default)]
    hgr_cleared: bool,
    #[serde(default)]
    export_controlled: bool,
    /// A scenario id of the deciding pack's own (contract 1.1); any text is accepted here.
    scenario: Option<Spanned<String>>,
    dates: Option<RawDates>,
}

/// `[export.dates]`: the dates the duties' deadlines run from.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDates {
    contract_effective: Option<Spanned<toml::value::Datetime>>,
    self_assessment_done: Option<Spanned<toml::value::Datetime>>,
    assessment_approved: Option<Spanned<toml::value::Datetime>>,
    certificate_issued: Option<Spanned<toml::value::Datetime>>,
}

fn yes() -> bool {
    true
}

impl Profile {
    /// The label the profile gives export `id`, if any.
    pub fn label_of(&self, id: &str) -> Option<&str> {
        let index = self.exports.iter().position(|e| e.id == id)?;
        self.label_at(index)
    }

    /// The label of the export at `index` (a zone's exports are in the profile's order).
    pub fn label_at(&self, index: usize) -> Option<&str> {
        self.labels.get(index)?.as_deref()
    }

    /// Reads and validates a profile file.
    pub fn load(file: &Path) -> Result<Profile, InputError> {
        let source = crate::common::input::read_text(file, "the profile")?;
        Profile::parse(file, &source)
    }

    /// Parses and validates profile text; `file` is only used in messages.
    pub fn parse(file: &Path, source: &str) -> Result<Profile, InputError> {
        let raw: RawProfile = parse_toml(file, source)?;
        Profile::from_raw(raw, file, source)
    }

    /// Validates a profile that was read as part of a larger TOML document (a golden case);
    /// `source` is that document, so positions stay right.
    pub fn from_raw(raw: RawProfile, file: &Path, source: &str) -> Result<Profile, InputError> {
        let as_of = match raw.as_of {
            Some(value) => date_of(value.get_ref()).ok_or_else(|| {
                InputError::new(file, "expected a date such as 2025-10-01")
                    .field("as_of")
                    .at(source, value.span().start)
            })?,
            None => time::OffsetDateTime::now_utc().date(),
        };
        let ledger = match raw.ledger {
            Some(ledger) => {
                let written = ledger.path.get_ref().clone();
                if written.trim().is_empty() {
                    return Err(InputError::new(file, "the ledger path must not be empty")
                        .field("ledger.path")
                        .at(source, ledger.path.span().start));
                }
                let path = match file.parent() {
                    Some(dir) if !dir.as_os_str().is_empty() => dir.join(&written),
                    _ => PathBuf::from(&written),
                };
                Some(LedgerSettings {
                    path,
                    written,
                    cross_scenario: ledger.cross_scenario,
                })
            }
            None => None,
        };
        if let Some(over) = raw.exports.get(MAX_EXPORTS) {
            return Err(InputError::new(
                file,
                format!(
                    "the profile has {} exports, over the limit of {} per profile (a pack's \
                     answer must fit its 16 MiB output cap): split the inventory into several \
                     profiles, for instance one per business line",
                    thousands(raw.exports.len() as u64),
                    thousands(MAX_EXPORTS as u64)
                ),
            )
            .field(format!("export[{MAX_EXPORTS}]"))
            .at(source, over.id.span().start));
        }
        let name_chars = raw.handler.name.get_ref().chars().count();
        if name_chars > MAX_NAME_CHARS {
            return Err(InputError::new(
                file,
                format!(
                    "the handler's name is {} characters, over the limit of {MAX_NAME_CHARS}: \
                     give its registered name",
                    thousands(name_chars as u64)
                ),
            )
            .field("handler.name")
            .at(source, raw.handler.name.span().start));
        }
        // What every request carries besides the exports, counted as a pack receives it.
        let mut request_bytes =
            raw.handler.name.get_ref().len() + raw.handler.sector.get_ref().len();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut exports = Vec::with_capacity(raw.exports.len());
        let mut labels = Vec::with_capacity(raw.exports.len());
        let mut dates = Vec::with_capacity(raw.exports.len());
        let mut warnings = Vec::new();
        let place = |offset: usize| Some(crate::common::input::line_and_column(source, offset));
        let mut scenario_places = Vec::with_capacity(raw.exports.len());
        for (index, export) in raw.exports.into_iter().enumerate() {
            let field = |name: &str| format!("export[{index}].{name}");
            let id_span = export.id.span();
            let id = export.id.into_inner();
            if id.trim().is_empty() {
                return Err(InputError::new(file, "an export id must not be empty")
                    .field(field("id"))
                    .at(source, id_span.start));
            }
            let id_chars = id.chars().count();
            if id_chars > MAX_ID_CHARS {
                return Err(InputError::new(
                    file,
                    format!(
                        "the export id is {} characters, over the limit of {MAX_ID_CHARS}: an id \
                         names the export in every output; put a description in `label`",
                        thousands(id_chars as u64)
                    ),
                )
                .field(field("id"))
                .at(source, id_span.start));
            }
            if let Some(first) = seen.insert(id.clone(), index) {
                return Err(InputError::new(
                    file,
                    format!("duplicate export id `{id}` (already used by export[{first}]); ids must be unique"),
                )
                .field(field("id"))
                .at(source, id_span.start));
            }
            let needs_persons = matches!(export.kind, DataKind::Personal | DataKind::Genetic);
            // With a ledger, the ledger gives the persons.
            if needs_persons && export.persons.is_none() && ledger.is_none() {
                return Err(InputError::new(
                    file,
                    format!(
                        "export `{id}`: `persons` is required for kind `{}`",
                        kind_id(export.kind)
                    ),
                )
                .field(field("persons"))
                .at(source, id_span.start));
            }
            if let Some(persons) = &export.persons {
                if *persons.get_ref() > CHINA_POPULATION {
                    warnings.push(
                        InputError::new(
                            file,
                            format!(
                                "export `{id}`: {} persons is more than China's population (about {}); is the figure right?",
                                group(*persons.get_ref()),
                                group(CHINA_POPULATION)
                            ),
                        )
                        .field(field("persons"))
                        .at(source, persons.span().start)
                        .to_string(),
                    );
                }
            }
            let persons = export.persons.map(Spanned::into_inner);
            let exempt_persons = match export.exempt_persons {
                Some(exempt) => {
                    let persons = persons.unwrap_or(0);
                    if *exempt.get_ref() > persons {
                        return Err(InputError::new(
                            file,
                            format!(
                                "export `{id}`: exempt_persons ({}) is larger than persons ({persons})",
                                exempt.get_ref()
                            ),
                        )
                        .field(field("exempt_persons"))
                        .at(source, exempt.span().start));
                    }
                    exempt.into_inner()
                }
                None => 0,
            };
            let exempt_bases = match export.exempt_basis {
                Some(token) => {
                    let at = token.span().start;
                    let refuse = |message: String| {
                        InputError::new(file, message)
                            .field(field("exempt_basis"))
                            .at(source, at)
                    };
                    let basis = CbdfBasis::from_token(token.get_ref()).ok_or_else(|| {
                        refuse(format!(
                            "unknown value `{}`; allowed values are {}",
                            token.get_ref(),
                            CbdfBasis::EXCLUDED
                                .iter()
                                .map(|b| format!("`{b}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ))
                    })?;
                    if !basis.excluded_from_count() {
                        return Err(refuse(format!(
                            "export `{id}`: `{basis}` (small volume) does not take persons out of \
                             the count; persons sent under it are counted, so they are not \
                             exempt_persons"
                        )));
                    }
                    if exempt_persons == 0 && ledger.is_none() {
                        return Err(refuse(format!(
                            "export `{id}`: exempt_basis names the basis of exempt_persons, which \
                             is 0; set exempt_persons too"
                        )));
                    }
                    vec![basis]
                }
                None => Vec::new(),
            };
            // A personal export without a subject is judged under the catch-all scenario.
            let subject = match export.kind {
                DataKind::Personal => Some(export.subject.unwrap_or(Subject::Other)),
                _ => export.subject,
            };
            exports.push(Export {
                id,
                kind: export.kind,
                subject,
                sensitive: export.sensitive,
                persons,
                exempt_persons,
                exempt_bases,
                serious_harm: export.serious_harm,
                name_and_contact: export.name_and_contact,
                notified: export.notified,
                hgr_cleared: export.hgr_cleared,
                export_controlled: export.export_controlled,
                scenario: export.scenario.map(|scenario| {
                    scenario_places.push(place(scenario.span().start));
                    scenario.into_inner()
                }),
            });
            if scenario_places.len() <= index {
                scenario_places.push(None);
            }
            request_bytes += serde_json::to_vec(&exports[index]).map_or(0, |bytes| bytes.len() + 1);
            if request_bytes > MAX_REQUEST_BYTES {
                return Err(InputError::new(
                    file,
                    format!(
                        "the exports up to this one take {} bytes as a pack receives them, over \
                         the limit of {} bytes per profile (a pack runner's frame must hold \
                         them): split the inventory into several profiles",
                        thousands(request_bytes as u64),
                        thousands(MAX_REQUEST_BYTES as u64)
                    ),
                )
                .field(field("id"))
                .at(source, id_span.start));
            }
            labels.push(export.label);
            dates.push(match export.dates {
                Some(raw) => export_dates(raw, file, source, index)?,
                None => ExportDates::default(),
            });
        }
        let places = Places {
            file: file.to_path_buf(),
            sector: place(raw.handler.sector.span().start),
            sector_outside_lists: raw
                .handler
                .sector_outside_lists
                .as_ref()
                .and_then(|flag| place(flag.span().start)),
            scenarios: scenario_places,
        };
        Ok(Profile {
            title: raw.title,
            as_of,
            handler: Handler {
                name: raw.handler.name.into_inner(),
                sector: raw.handler.sector.into_inner(),
                ciio: raw.handler.ciio,
                persons_processed: raw.handler.persons_processed.map(Spanned::into_inner),
            },
            exports,
            labels,
            dates,
            warnings,
            notes: Vec::new(),
            sector_outside_lists: raw
                .handler
                .sector_outside_lists
                .is_some_and(|flag| flag.into_inner()),
            ledger,
            places,
        })
    }

    /// The request every pack receives for this profile.
    pub fn request(&self) -> EvaluateRequest {
        EvaluateRequest {
            schema: REQUEST_SCHEMA,
            as_of: format_date(self.as_of),
            handler: self.handler.clone(),
            exports: self.exports.clone(),
            routes_only: false,
            group_counts: Default::default(),
            counted_from: None,
            probes: Vec::new(),
        }
    }
}

fn export_dates(
    raw: RawDates,
    file: &Path,
    source: &str,
    index: usize,
) -> Result<ExportDates, InputError> {
    let day = |value: Option<Spanned<toml::value::Datetime>>, key: &str| match value {
        None => Ok(None),
        Some(value) => date_of(value.get_ref()).map(Some).ok_or_else(|| {
            InputError::new(file, "expected a date such as 2025-10-01 (no time of day)")
                .field(format!("export[{index}].dates.{key}"))
                .at(source, value.span().start)
        }),
    };
    Ok(ExportDates {
        contract_effective: day(raw.contract_effective, "contract_effective")?,
        self_assessment_done: day(raw.self_assessment_done, "self_assessment_done")?,
        assessment_approved: day(raw.assessment_approved, "assessment_approved")?,
        certificate_issued: day(raw.certificate_issued, "certificate_issued")?,
    })
}

/// 1234567 → "1,234,567".
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (index, c) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn date_of(value: &toml::value::Datetime) -> Option<Date> {
    if value.time.is_some() || value.offset.is_some() {
        return None;
    }
    let date = value.date?;
    let month = time::Month::try_from(date.month).ok()?;
    Date::from_calendar_date(date.year as i32, month, date.day).ok()
}

pub fn kind_id(kind: DataKind) -> &'static str {
    match kind {
        DataKind::Personal => "personal",
        DataKind::Important => "important",
        DataKind::Genetic => "genetic",
        DataKind::Core => "core",
        DataKind::General => "general",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
title = "t"
as_of = 2025-10-01
[handler]
name = "H"
sector = "biological-drug-manufacturing"
[[export]]
id = "a"
kind = "personal"
subject = "patient"
persons = 10
exempt_persons = 3
[[export]]
id = "b"
kind = "important"
"#;

    fn parse(source: &str) -> Result<Profile, InputError> {
        Profile::parse(Path::new("p.toml"), source)
    }

    #[test]
    fn defaults_are_filled() {
        let profile = parse(GOOD).unwrap();
        assert_eq!(format_date(profile.as_of), "2025-10-01");
        assert!(!profile.handler.ciio);
        let a = &profile.exports[0];
        assert_eq!(a.counted_persons(), Some(7));
        assert!(a.notified && !a.sensitive && !a.export_controlled);
        assert_eq!(profile.exports[1].persons, None);
        assert!(profile.exports[1].notified);
    }

    #[test]
    fn personal_without_subject_is_catch_all() {
        let profile = parse(&GOOD.replace("subject = \"patient\"\n", "")).unwrap();
        assert_eq!(profile.exports[0].subject, Some(Subject::Other));
    }

    #[test]
    fn a_scenario_is_any_text_and_reaches_the_request() {
        let profile = parse(&GOOD.replace(
            "subject = \"patient\"\n",
            "subject = \"patient\"\nscenario = \"pharmacovigilance\"\n",
        ))
        .unwrap();
        let request = profile.request();
        assert_eq!(
            request.exports[0].scenario.as_deref(),
            Some("pharmacovigilance")
        );
        assert_eq!(request.exports[1].scenario, None);
        assert_eq!(parse(GOOD).unwrap().exports[0].scenario, None);
    }

    fn error_of(source: &str) -> InputError {
        parse(source).unwrap_err()
    }

    #[test]
    fn unknown_field_names_line_and_field() {
        let error = error_of(&GOOD.replace("persons = 10", "persons = 10\ncolour = 1"));
        assert_eq!(error.position.map(|p| p.0), Some(12), "{error}");
        assert!(error.message.contains("colour"), "{error}");
        assert!(
            error
                .field
                .as_deref()
                .unwrap_or("")
                .starts_with("export[0]"),
            "{error}"
        );
    }

    #[test]
    fn unknown_kind_lists_allowed_values() {
        let error = error_of(&GOOD.replace("kind = \"important\"", "kind = \"secret\""));
        assert_eq!(error.field.as_deref(), Some("export[1].kind"), "{error}");
        assert_eq!(error.position.map(|p| p.0), Some(15), "{error}");
        for allowed in ["personal", "important", "genetic", "core", "general"] {
            assert!(error.message.contains(allowed), "{error}");
        }
    }

    #[test]
    fn unknown_subject_lists_allowed_values() {
        let error = error_of(&GOOD.replace("\"patient\"", "\"visitor\""));
        assert_eq!(error.field.as_deref(), Some("export[0].subject"), "{error}");
        assert!(error.message.contains("trial-subject"), "{error}");
    }

    #[test]
    fn negative_and_wrong_type_numbers_are_refused() {
        let error = error_of(&GOOD.replace("persons = 10", "persons = -5"));
        assert_eq!(error.field.as_deref(), Some("export[0].persons"), "{error}");
        assert_eq!(error.position, Some((11, 11)), "{error}");
        let error = error_of(&GOOD.replace("persons = 10", "persons = \"ten\""));
        assert_eq!(error.field.as_deref(), Some("export[0].persons"), "{error}");
    }

    #[test]
    fn more_persons_than_china_has_is_a_warning_naming_the_field() {
        let plausible = parse(&GOOD.replace("persons = 10\n", "persons = 1410000000\n")).unwrap();
        assert!(plausible.warnings.is_empty(), "{:?}", plausible.warnings);
        let profile = parse(&GOOD.replace("persons = 10\n", "persons = 1410000001\n")).unwrap();
        assert_eq!(profile.exports[0].persons, Some(1_410_000_001));
        assert_eq!(profile.warnings.len(), 1);
        let warning = &profile.warnings[0];
        assert!(
            warning.starts_with("p.toml:11:11: field `export[0].persons`: ")
                && warning.contains("1,410,000,001 persons is more than China's population"),
            "{warning}"
        );
    }

    #[test]
    fn a_number_beyond_toml_names_its_field_and_the_allowed_range() {
        let error = error_of(&GOOD.replace(
            "persons = 10\n",
            "persons = 1000000000000000000000000000000\n",
        ));
        assert_eq!(error.field.as_deref(), Some("export[0].persons"), "{error}");
        assert_eq!(error.position, Some((11, 11)), "{error}");
        assert!(
            error
                .message
                .contains("from 0 to 9,223,372,036,854,775,807"),
            "{error}"
        );
    }

    #[test]
    fn exempt_larger_than_persons_is_refused() {
        let error = error_of(&GOOD.replace("exempt_persons = 3", "exempt_persons = 11"));
        assert_eq!(error.field.as_deref(), Some("export[0].exempt_persons"));
        assert_eq!(error.position, Some((12, 18)), "{error}");
    }

    #[test]
    fn duplicate_ids_and_missing_persons_are_refused() {
        let error = error_of(&GOOD.replace("id = \"b\"", "id = \"a\""));
        assert_eq!(error.field.as_deref(), Some("export[1].id"));
        assert!(error.message.contains("duplicate"), "{error}");
        let error = error_of(&GOOD.replace("persons = 10\nexempt_persons = 3\n", ""));
        assert_eq!(error.field.as_deref(), Some("export[0].persons"));
        assert!(error.message.contains("required"), "{error}");
    }

    #[test]
    fn export_dates_are_read_and_bad_ones_point_at_their_place() {
        let with_dates = GOOD.replace(
            "exempt_persons = 3\n",
            "exempt_persons = 3\n[export.dates]\ncontract_effective = 2025-09-15\n",
        );
        let profile = parse(&with_dates).unwrap();
        assert_eq!(
            profile.dates[0]
                .contract_effective
                .map(format_date)
                .as_deref(),
            Some("2025-09-15")
        );
        assert_eq!(profile.dates[1], ExportDates::default());

        let error = error_of(&with_dates.replace("contract_effective", "contract_signed"));
        assert_eq!(error.position.map(|p| p.0), Some(14), "{error}");
        assert!(error.message.contains("contract_signed"), "{error}");
        assert!(error.message.contains("certificate_issued"), "{error}");
        assert_eq!(
            error.field.as_deref(),
            Some("export[0].dates.contract_signed"),
            "{error}"
        );

        let error = error_of(&with_dates.replace("2025-09-15", "2025-09-15T09:00:00"));
        assert_eq!(
            error.field.as_deref(),
            Some("export[0].dates.contract_effective")
        );
        assert_eq!(error.position, Some((14, 22)), "{error}");
        let error = error_of(&with_dates.replace("2025-09-15", "\"15 Sept\""));
        assert_eq!(
            error.field.as_deref(),
            Some("export[0].dates.contract_effective"),
            "{error}"
        );
        assert_eq!(error.position.map(|p| p.0), Some(14), "{error}");
        let error = error_of(&with_dates.replace("2025-09-15", "2025-02-30"));
        assert_eq!(
            error.to_string(),
            "p.toml:14:22: field `export[0].dates.contract_effective`: `2025-02-30` is not a \
             date: February 2025 has no day 30"
        );
        let error = error_of(&GOOD.replace("as_of = 2025-10-01", "as_of = 2026-11-31"));
        assert_eq!(
            error.message, "`2026-11-31` is not a date: November 2026 has no day 31",
            "{error}"
        );
        assert_eq!(error.field.as_deref(), Some("as_of"), "{error}");
        assert_eq!(error.position.map(|p| p.1), Some(9), "{error}");
    }

    #[test]
    fn missing_required_field_and_bad_toml_are_refused() {
        let error = error_of(&GOOD.replace("name = \"H\"\n", ""));
        assert!(error.message.contains("name"), "{error}");
        let error = error_of("as_of = 2025-10-01\n[handler\n");
        assert!(error.position.is_some(), "{error}");
        let error = error_of(&GOOD.replace("as_of = 2025-10-01", "as_of = 2025-10-01T10:00:00"));
        assert_eq!(error.field.as_deref(), Some("as_of"));
    }

    #[test]
    fn exempt_basis_is_carried_and_small_volume_is_refused() {
        let profile = parse(&GOOD.replace(
            "exempt_persons = 3",
            "exempt_persons = 3\nexempt_basis = \"cbdf-art-5-1-2\"",
        ))
        .unwrap();
        assert_eq!(profile.exports[0].exempt_bases, [CbdfBasis::Art5_1_2]);
        let error = error_of(&GOOD.replace(
            "exempt_persons = 3",
            "exempt_persons = 3\nexempt_basis = \"cbdf-art-5-1-4\"",
        ));
        assert_eq!(error.field.as_deref(), Some("export[0].exempt_basis"));
        assert_eq!(error.position, Some((13, 16)), "{error}");
        assert!(error.message.contains("small volume"), "{error}");
        let error = error_of(&GOOD.replace(
            "exempt_persons = 3",
            "exempt_persons = 3\nexempt_basis = \"art-4\"",
        ));
        assert!(error.message.contains("`cbdf-art-4`"), "{error}");
        let error = error_of(&GOOD.replace(
            "exempt_persons = 3",
            "exempt_persons = 0\nexempt_basis = \"cbdf-art-4\"",
        ));
        assert!(error.message.contains("set exempt_persons"), "{error}");
    }

    #[test]
    fn a_ledger_is_resolved_against_the_profile_and_makes_persons_optional() {
        let source = GOOD.replace("persons = 10\nexempt_persons = 3\n", "")
            + "[ledger]\npath = \"data/transfers.sqlite\"\n";
        let profile = Profile::parse(Path::new("dir/p.toml"), &source).unwrap();
        let ledger = profile.ledger.as_ref().unwrap();
        assert_eq!(ledger.path, Path::new("dir/data/transfers.sqlite"));
        assert_eq!(ledger.cross_scenario, CrossScenario::CountInEach);
        assert_eq!(profile.exports[0].persons, None);
        let once = parse(
            &(GOOD.to_string()
                + "[ledger]\npath = \"l.sqlite\"\ncross_scenario = \"count-once\"\n"),
        )
        .unwrap();
        assert_eq!(
            once.ledger.unwrap().cross_scenario,
            CrossScenario::CountOnce
        );
        let error = error_of(
            &(GOOD.to_string() + "[ledger]\npath = \"l.sqlite\"\ncross_scenario = \"sometimes\"\n"),
        );
        assert_eq!(error.field.as_deref(), Some("ledger.cross_scenario"));
        assert!(error.message.contains("count-in-each"), "{error}");
    }
}
