//! Replays the golden cases (`cases/*.toml`) against this pack for the expectations it decides:
//! its own zone, a covered sector, and an `as_of` on or after the list took effect. Expectations
//! for other zones, uncovered sectors or earlier dates belong to the host's runner.

use super::next;
use crate::JiangsuBiopharma2025;
use ftzroute_plugin_api::{
    DataKind, EvaluateRequest, Export, Handler, Pack, Route, Subject, REQUEST_SCHEMA,
};
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    description: String,
    profile: Profile,
    #[serde(rename = "expect")]
    expects: Vec<Expect>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Profile {
    #[allow(dead_code)]
    title: Option<String>,
    // Required here although optional in a profile: a case must not depend on today's date.
    as_of: toml::value::Datetime,
    handler: RawHandler,
    #[serde(rename = "export")]
    exports: Vec<RawExport>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHandler {
    name: String,
    sector: String,
    #[serde(default)]
    ciio: bool,
    #[serde(default)]
    persons_processed: Option<u64>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExport {
    id: String,
    #[allow(dead_code)]
    label: Option<String>,
    kind: DataKind,
    subject: Option<Subject>,
    #[serde(default)]
    sensitive: bool,
    persons: Option<u64>,
    #[serde(default)]
    exempt_persons: u64,
    #[serde(default)]
    exempt_basis: Option<ftzroute_plugin_api::CbdfBasis>,
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
    scenario: Option<String>,
    // The dates duties run from: the host's business, not the pack's.
    #[allow(dead_code)]
    dates: Option<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    zone: Option<String>,
    export: String,
    route: Route,
    list_item: Option<u32>,
    basis: String,
    counted_persons: Option<u64>,
    next: Option<Next>,
    #[serde(default)]
    notes_contain: Vec<String>,
    // Duties are counted by the host from the profile's dates; the host's runner checks them.
    #[allow(dead_code)]
    obligation: Option<toml::Value>,
    #[allow(dead_code)]
    obligations_absent: Option<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Next {
    route: Route,
    at_persons: u64,
}

impl Case {
    fn request(&self) -> EvaluateRequest {
        let exports = self
            .profile
            .exports
            .iter()
            .map(|raw| Export {
                id: raw.id.clone(),
                kind: raw.kind,
                // As the host does: a personal export without a subject is a catch-all one.
                subject: match raw.kind {
                    DataKind::Personal => Some(raw.subject.unwrap_or(Subject::Other)),
                    _ => raw.subject,
                },
                sensitive: raw.sensitive,
                persons: raw.persons,
                exempt_persons: raw.exempt_persons,
                exempt_bases: raw.exempt_basis.into_iter().collect(),
                serious_harm: raw.serious_harm,
                name_and_contact: raw.name_and_contact,
                notified: raw.notified,
                hgr_cleared: raw.hgr_cleared,
                export_controlled: raw.export_controlled,
                scenario: raw.scenario.clone(),
            })
            .collect();
        EvaluateRequest {
            schema: REQUEST_SCHEMA,
            as_of: self.profile.as_of.to_string(),
            handler: Handler {
                name: self.profile.handler.name.clone(),
                sector: self.profile.handler.sector.clone(),
                ciio: self.profile.handler.ciio,
                persons_processed: self.profile.handler.persons_processed,
            },
            exports,
            routes_only: false,
            group_counts: Default::default(),
            counted_from: None,
            probes: Vec::new(),
        }
    }
}

/// Checks one case file; returns the rules that decided the expectations this pack decided.
fn check_case(path: &Path) -> Vec<String> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(path).unwrap();
    let case: Case = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(!case.description.trim().is_empty(), "{name}: description");
    assert!(!case.expects.is_empty(), "{name}: no expectations");

    let request = case.request();
    let description = JiangsuBiopharma2025::describe();
    let ours = description.covers_sector(&request.handler.sector)
        && request.as_of >= description.effective_from;
    let response = JiangsuBiopharma2025::evaluate(&request)
        .unwrap_or_else(|e| panic!("{name}: evaluation failed: {e}"));

    let mut fired = Vec::new();
    for expect in &case.expects {
        let position = request
            .exports
            .iter()
            .position(|e| e.id == expect.export)
            .unwrap_or_else(|| panic!("{name}: no export `{}`", expect.export));
        if !ours
            || expect
                .zone
                .as_ref()
                .is_some_and(|zone| *zone != description.zone)
        {
            continue;
        }
        let at = format!("{name}, export `{}`", expect.export);
        let export = &request.exports[position];
        let outcome = &response.exports[position];
        let rule = description
            .rule(&outcome.rule)
            .unwrap_or_else(|| panic!("{at}: undeclared rule {}", outcome.rule));
        assert_eq!(
            outcome.route, expect.route,
            "{at}: route (rule {})",
            rule.id
        );
        assert_eq!(
            rule.list_item, expect.list_item,
            "{at}: list_item (rule {})",
            rule.id
        );
        assert_eq!(rule.basis, expect.basis, "{at}: basis (rule {})", rule.id);
        // Cases count what the thresholds compare: the scenario's total when exports add up,
        // and where the next route starts in the same terms.
        let total = outcome
            .count
            .as_ref()
            .map(|c| c.total)
            .or(export.counted_persons());
        if let Some(counted) = expect.counted_persons {
            assert_eq!(total, Some(counted), "{at}: counted_persons");
        }
        if let Some(expected) = &expect.next {
            assert_eq!(
                next(outcome, total.unwrap_or(0)),
                Some((expected.route, expected.at_persons)),
                "{at}: next"
            );
        }
        for wanted in &expect.notes_contain {
            assert!(
                outcome
                    .notes
                    .iter()
                    .any(|note| note.contains(wanted.as_str())),
                "{at}: no note contains {wanted:?} in {:?}",
                outcome.notes
            );
        }
        fired.push(rule.id.clone());
    }
    fired
}

#[test]
fn golden_cases_hold() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("cases");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 60,
        "expected the full set of cases, found {}",
        paths.len()
    );
    let fired: Vec<String> = paths.iter().flat_map(|path| check_case(path)).collect();
    assert!(
        fired.len() >= paths.len(),
        "only {} expectations checked",
        fired.len()
    );
    for rule in JiangsuBiopharma2025::describe().rules {
        assert!(fired.contains(&rule.id), "no case fires rule {}", rule.id);
    }
}
