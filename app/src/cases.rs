//! Golden cases: a profile plus the expected route, list item and basis per export and zone,
//! run through the same loader and engine as every other command. `pack test`, `pack check`,
//! `pack diff` and the dashboard's cases view all run them from here.

use crate::common::dates::format_date;
use crate::common::input::{parse_toml, InputError};
use crate::core::engine::{evaluate_zone_with, zone_window};
use crate::core::ledger::memory::{self, MemoryTransfer};
use crate::core::obligations::DutyStatus;
use crate::core::pack::PackSource;
use crate::core::profile::{Profile, RawProfile};
use crate::core::zones::{Zone, Zones};
use ftzroute_plugin_api::{Description, Route};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    description: String,
    profile: RawProfile,
    /// Dated transfers the profile is counted from, as from a ledger (`[[transfer]]`): how a
    /// case pins down the edges of a counting window.
    #[serde(default, rename = "transfer")]
    transfers: Vec<CaseTransfer>,
    #[serde(rename = "expect")]
    expectations: Vec<Expectation>,
}

/// `[[transfer]]`: `persons` distinct persons (default 1) sent on `date` in `export`, named
/// `<person>-1` to `<person>-<persons>` (just `<person>` for one): rows naming the same persons
/// count them once.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseTransfer {
    date: toml::value::Datetime,
    person: String,
    persons: Option<u32>,
    export: String,
    basis: Option<ftzroute_plugin_api::CbdfBasis>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expectation {
    /// Defaults to the tested pack's own zone.
    zone: Option<String>,
    export: String,
    route: Route,
    /// Absent means the decision must name no list item.
    list_item: Option<u32>,
    basis: String,
    counted_persons: Option<u64>,
    next: Option<ExpectedNext>,
    #[serde(default)]
    notes_contain: Vec<String>,
    /// Duties the export must have (`[[expect.obligation]]`), each with what is given of its
    /// date and status.
    #[serde(default, rename = "obligation")]
    obligations: Vec<ExpectedObligation>,
    /// Ids of duties the export must not have.
    #[serde(default)]
    obligations_absent: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedObligation {
    id: String,
    /// The pack that must declare it.
    pack: Option<String>,
    due: Option<toml::value::Datetime>,
    opens: Option<toml::value::Datetime>,
    status: Option<DutyStatus>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedNext {
    route: Route,
    at_persons: u64,
}

/// The result of one case file.
#[derive(Debug, Clone, Serialize)]
pub struct CaseResult {
    pub file: PathBuf,
    pub description: String,
    pub failures: Vec<String>,
}

impl CaseResult {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// The results of one pack's cases, with rule coverage.
#[derive(Debug, Clone, Serialize)]
pub struct PackCases {
    pub pack: String,
    pub cases_dir: PathBuf,
    pub cases: Vec<CaseResult>,
    pub rules_fired: BTreeSet<String>,
    pub rules_not_fired: Vec<String>,
}

impl PackCases {
    pub fn failed(&self) -> usize {
        self.cases.iter().filter(|case| !case.passed()).count()
    }
}

/// Where a pack's cases live when `--cases` is not given: `packs/<id>/cases` in the current
/// directory or one of its parents (a workspace checkout).
pub fn find_cases_dir(pack_id: &str) -> Option<PathBuf> {
    find_cases_dir_for(pack_id, None)
}

/// Where the search for a pack's cases starts: the current directory, then the directory of
/// the pack's library (a build in `target/debug` sits inside its workspace).
fn case_search_starts(library: Option<&Path>) -> Vec<PathBuf> {
    let mut starts: Vec<PathBuf> = std::env::current_dir().into_iter().collect();
    if let Some(dir) = library
        .and_then(|l| std::path::absolute(l).ok())
        .and_then(|l| l.parent().map(Path::to_path_buf))
    {
        if !starts.contains(&dir) {
            starts.push(dir);
        }
    }
    starts
}

/// [`find_cases_dir`], also looking upward from the pack's library.
pub fn find_cases_dir_for(pack_id: &str, library: Option<&Path>) -> Option<PathBuf> {
    case_search_starts(library).into_iter().find_map(|start| {
        start
            .ancestors()
            .map(|dir| dir.join("packs").join(pack_id).join("cases"))
            .find(|dir| dir.is_dir())
    })
}

/// Says where [`find_cases_dir_for`] looked, for the error when it finds nothing.
pub fn cases_not_found(pack_id: &str, library: Option<&Path>) -> String {
    let starts: Vec<String> = case_search_starts(library)
        .iter()
        .map(|start| start.display().to_string())
        .collect();
    format!(
        "no cases for pack `{pack_id}`: looked for packs/{pack_id}/cases in {} and every directory above; pass --cases DIR",
        starts.join(" and in ")
    )
}

/// The zone a case expectation is judged in: a configured zone, with the tested pack moved to the
/// front when it is the pack's own zone (so a new edition is tested before it is configured).
fn zone_for(zone_id: &str, tested: &Description, zones: &Zones) -> Zone {
    let mut zone = zones.get(zone_id).cloned().unwrap_or_else(|| Zone {
        by_reference: Vec::new(),
        reference_basis: None,
        id: zone_id.to_string(),
        name: zone_id.to_string(),
        packs: Vec::new(),
    });
    if zone_id == tested.zone {
        zone.packs.retain(|id| id != &tested.id);
        zone.packs.insert(0, tested.id.clone());
    }
    zone
}

/// Runs every `*.toml` case in `dir` for the pack `tested`.
pub fn run_pack_cases(
    tested: &Description,
    dir: &Path,
    zones: &Zones,
    packs: &dyn PackSource,
) -> Result<PackCases, InputError> {
    let loaded = load_cases(dir)?;
    let mut rules_fired = BTreeSet::new();
    let mut cases = Vec::with_capacity(loaded.len());
    for LoadedCase {
        file,
        description,
        profile,
        transfers,
        expectations,
    } in loaded
    {
        let mut failures = Vec::new();
        for expectation in &expectations {
            let zone_id = expectation
                .zone
                .clone()
                .unwrap_or_else(|| tested.zone.clone());
            let zone = zone_for(&zone_id, tested, zones);
            // Counted from the case's transfers, in the deciding pack's window, as from a ledger.
            let counts = (!transfers.is_empty()).then(|| {
                memory::counts_of(&profile, &transfers, &[zone_window(&zone, packs, &profile)])
            });
            match evaluate_zone_with(&zone, packs, &profile, counts.as_ref()) {
                Ok(result) => {
                    for export in &result.exports {
                        if export.pack.as_deref() == Some(tested.id.as_str()) {
                            if let Some(rule) = &export.rule {
                                rules_fired.insert(rule.id.clone());
                            }
                        }
                    }
                    match result.exports.iter().find(|e| e.id == expectation.export) {
                        Some(actual) => compare(expectation, actual, &zone_id, &mut failures),
                        None => failures.push(format!(
                            "{} in {zone_id}: no such export in the profile",
                            expectation.export
                        )),
                    }
                }
                Err(error) => {
                    failures.push(format!("{} in {zone_id}: {}", expectation.export, error))
                }
            }
        }
        cases.push(CaseResult {
            file,
            description,
            failures,
        });
    }
    let rules_not_fired = tested
        .rules
        .iter()
        .filter(|rule| !rules_fired.contains(&rule.id))
        .map(|rule| rule.id.clone())
        .collect();
    Ok(PackCases {
        pack: tested.id.clone(),
        cases_dir: dir.to_path_buf(),
        cases,
        rules_fired,
        rules_not_fired,
    })
}

fn compare(
    expected: &Expectation,
    actual: &crate::core::engine::ExportEvaluation,
    zone: &str,
    failures: &mut Vec<String>,
) {
    let fired = actual
        .rule
        .as_ref()
        .map(|rule| {
            format!(
                "rule `{}` of {}",
                rule.id,
                actual.pack.as_deref().unwrap_or("?")
            )
        })
        .unwrap_or_else(|| "no rule".into());
    let mut fail =
        |what: String| failures.push(format!("{} in {zone}: {what} ({fired})", expected.export));
    if actual.route != expected.route {
        fail(format!(
            "route: expected {}, got {}",
            expected.route, actual.route
        ));
    }
    if actual.list_item != expected.list_item {
        fail(format!(
            "list_item: expected {:?}, got {:?}",
            expected.list_item, actual.list_item
        ));
    }
    if actual.basis != expected.basis {
        fail(format!(
            "basis: expected {:?}, got {:?}",
            expected.basis, actual.basis
        ));
    }
    if let Some(counted) = expected.counted_persons {
        if actual.counted_persons != Some(counted) {
            fail(format!(
                "counted_persons: expected {counted}, got {:?}",
                actual.counted_persons
            ));
        }
    }
    if let Some(next) = expected.next {
        let got = actual.next.map(|n| (n.route, n.at_persons));
        if got != Some((next.route, next.at_persons)) {
            fail(format!(
                "next: expected {} at {}, got {}",
                next.route,
                next.at_persons,
                actual
                    .next
                    .map(|n| format!("{} at {}", n.route, n.at_persons))
                    .unwrap_or_else(|| "none".into())
            ));
        }
    }
    for wanted in &expected.obligations {
        let Some(duty) = actual.obligations.iter().find(|d| d.duty.id == wanted.id) else {
            let ids: Vec<&str> = actual
                .obligations
                .iter()
                .map(|d| d.duty.id.as_str())
                .collect();
            fail(format!(
                "obligation `{}`: missing; the export has {ids:?}",
                wanted.id
            ));
            continue;
        };
        if let Some(pack) = &wanted.pack {
            if &duty.pack != pack {
                fail(format!(
                    "obligation `{}`: expected from pack {pack}, got {}",
                    wanted.id, duty.pack
                ));
            }
        }
        for (what, expected_date, actual_date) in [
            ("due", &wanted.due, duty.due),
            ("opens", &wanted.opens, duty.opens),
        ] {
            if let Some(expected_date) = expected_date {
                let got = actual_date.map(format_date);
                if got.as_deref() != Some(expected_date.to_string().as_str()) {
                    fail(format!(
                        "obligation `{}`: {what} expected {expected_date}, got {}",
                        wanted.id,
                        got.unwrap_or_else(|| "none".into())
                    ));
                }
            }
        }
        if let Some(status) = wanted.status {
            if duty.status != status {
                fail(format!(
                    "obligation `{}`: status expected {status}, got {}",
                    wanted.id, duty.status
                ));
            }
        }
    }
    for absent in &expected.obligations_absent {
        if actual.obligations.iter().any(|d| &d.duty.id == absent) {
            fail(format!("obligation `{absent}`: present, expected absent"));
        }
    }
    for fragment in &expected.notes_contain {
        if !actual
            .notes
            .iter()
            .any(|note| note.contains(fragment.as_str()))
        {
            fail(format!(
                "notes: none contains {fragment:?}; notes were {:?}",
                actual.notes
            ));
        }
    }
}

/// One golden case file, read and validated but not run: what `pack diff` and `pack check`
/// evaluate against a pack directly.
#[derive(Debug, Clone)]
pub struct LoadedCase {
    pub file: PathBuf,
    pub description: String,
    pub profile: Profile,
    /// The transfers the profile is counted from, when the case gives some.
    pub transfers: Vec<MemoryTransfer>,
    expectations: Vec<Expectation>,
}

impl LoadedCase {
    /// The case as the pack `description` is asked about it directly: a profile counted from
    /// the case's transfers in the pack's counting window, as from a ledger; the case itself
    /// when it gives none.
    pub fn counted_for(&self, description: &Description) -> LoadedCase {
        if self.transfers.is_empty() {
            return self.clone();
        }
        let window = description.counting_window;
        let counts = memory::counts_of(&self.profile, &self.transfers, &[window]);
        let profile = counts
            .window(window)
            .map_or_else(|| self.profile.clone(), |w| w.profile.clone());
        LoadedCase {
            profile,
            transfers: Vec::new(),
            ..self.clone()
        }
    }
}

/// Reads every `*.toml` case in `dir`, in file-name order, without running any.
pub fn load_cases(dir: &Path) -> Result<Vec<LoadedCase>, InputError> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| InputError::new(dir, format!("cannot read the cases directory: {e}")))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().and_then(|e| e.to_str()) == Some("toml"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(InputError::new(dir, "no *.toml case files"));
    }
    files
        .into_iter()
        .map(|file| {
            let source = crate::common::input::read_text(&file, "the case")?;
            parse_case(&file, &source)
        })
        .collect()
}

/// Reads one golden case from its text, exactly as running or loading the cases does; `file` is
/// only used in messages.
pub fn parse_case(file: &Path, source: &str) -> Result<LoadedCase, InputError> {
    let case: CaseFile = parse_toml(file, source)?;
    let raw = if case.transfers.is_empty() {
        case.profile
    } else {
        case.profile.with_transfers_given()
    };
    let profile = Profile::from_raw(raw, file, source)?;
    let transfers = case_transfers(file, &profile, &case.transfers)?;
    Ok(LoadedCase {
        file: file.to_path_buf(),
        description: case.description,
        profile,
        transfers,
        expectations: case.expectations,
    })
}

/// The case's `[[transfer]]` rows, one per person, each checked against the profile.
fn case_transfers(
    file: &Path,
    profile: &Profile,
    rows: &[CaseTransfer],
) -> Result<Vec<MemoryTransfer>, InputError> {
    let mut transfers = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let field = |name: &str| format!("transfer[{index}].{name}");
        let date = row
            .date
            .date
            .filter(|_| row.date.time.is_none() && row.date.offset.is_none())
            .and_then(|d| {
                time::Month::try_from(d.month).ok().and_then(|month| {
                    time::Date::from_calendar_date(i32::from(d.year), month, d.day).ok()
                })
            })
            .ok_or_else(|| {
                InputError::new(file, "expected a date, YYYY-MM-DD").field(field("date"))
            })?;
        let counted = profile.exports.iter().any(|e| {
            e.id == row.export
                && matches!(
                    e.kind,
                    ftzroute_plugin_api::DataKind::Personal
                        | ftzroute_plugin_api::DataKind::Genetic
                )
        });
        if !counted {
            return Err(InputError::new(
                file,
                format!(
                    "`{}` is not a personal or genetic export of the case's profile",
                    row.export
                ),
            )
            .field(field("export")));
        }
        let persons = row.persons.unwrap_or(1);
        if persons == 0 {
            return Err(InputError::new(file, "persons must be at least 1").field(field("persons")));
        }
        for n in 1..=persons {
            transfers.push(MemoryTransfer {
                date,
                person: if row.persons.is_none() {
                    row.person.clone()
                } else {
                    format!("{}-{n}", row.person)
                },
                export: row.export.clone(),
                basis: row.basis,
            });
        }
    }
    Ok(transfers)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASE: &str = "description = \"d\"\n[profile]\nas_of = 2025-10-01\n[profile.handler]\nname = \"H\"\nsector = \"s\"\n[[profile.export]]\nid = \"a\"\nkind = \"personal\"\npersons = 7\n[[expect]]\nexport = \"a\"\nroute = \"exempt\"\nbasis = \"b\"\n";

    #[test]
    fn load_cases_reads_every_case_in_name_order_without_running_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.toml"), CASE).unwrap();
        std::fs::write(dir.path().join("a.toml"), CASE.replace("= 7", "= 9")).unwrap();
        std::fs::write(dir.path().join("notes.md"), "not a case").unwrap();
        let cases = load_cases(dir.path()).unwrap();
        let names: Vec<_> = cases.iter().map(|c| c.file.file_name().unwrap()).collect();
        assert_eq!(names, ["a.toml", "b.toml"]);
        assert_eq!(cases[0].profile.exports[0].persons, Some(9));
        assert_eq!(cases[1].description, "d");
    }

    #[test]
    fn load_cases_reports_a_bad_case_with_its_place() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.toml"), CASE.replace("= 7", "= -7")).unwrap();
        let error = load_cases(dir.path()).unwrap_err();
        assert!(error.file.ends_with("bad.toml"), "{error}");
        assert_eq!(error.position.map(|p| p.0), Some(10), "{error}");
        let empty = tempfile::tempdir().unwrap();
        assert!(load_cases(empty.path()).is_err());
    }

    #[test]
    fn parse_case_reads_text_as_load_cases_reads_files() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.toml");
        std::fs::write(&file, CASE).unwrap();
        let loaded = load_cases(dir.path()).unwrap().remove(0);
        let parsed = parse_case(&file, CASE).unwrap();
        assert_eq!(parsed.file, loaded.file);
        assert_eq!(parsed.description, loaded.description);
        assert_eq!(parsed.profile, loaded.profile);
        let bad = CASE.replace("route = \"exempt\"", "route = \"maybe\"");
        let error = parse_case(Path::new("c.toml"), &bad).unwrap_err();
        assert_eq!(error.position.map(|p| p.0), Some(13), "{error}");
        assert!(error.message.contains("maybe"), "{error}");
    }
}
