//! The golden cases of a pack (`cases/*.toml`), read for the pack's own tests (feature `cases`).
//!
//! A case is a profile as a user writes it and what each export must come to. The host's runner
//! (`ftzroute pack test`) replays every case against every zone; a pack's unit tests replay
//! the expectations the pack decides itself, with [`Case::request`] and [`Expect::check`]:
//!
//! ```no_run
//! use ftzroute_plugin_api::sdk::cases::Case;
//! # fn describe() -> ftzroute_plugin_api::Description { unimplemented!() }
//! # fn evaluate(_: &ftzroute_plugin_api::EvaluateRequest) -> ftzroute_plugin_api::EvaluateResponse { unimplemented!() }
//! let description = describe();
//! for (name, case) in Case::all_in(concat!(env!("CARGO_MANIFEST_DIR"), "/cases")) {
//!     let request = case.request();
//!     let response = evaluate(&request);
//!     for expect in case.expects.iter().filter(|e| case.decided_by(&description, e)) {
//!         let index = case.index_of(expect).unwrap();
//!         expect
//!             .check(&description, &request.exports[index], &response.exports[index])
//!             .unwrap_or_else(|error| panic!("{name}: {error}"));
//!     }
//! }
//! ```

use crate::contract::{
    CbdfBasis, DataKind, Description, EvaluateRequest, Export, Handler, Outcome, Route, Subject,
    REQUEST_SCHEMA,
};
use serde::Deserialize;
use std::path::Path;

/// One case file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub description: String,
    pub profile: Profile,
    #[serde(rename = "expect")]
    pub expects: Vec<Expect>,
    /// A transfer ledger the host counts the case's groups from; a pack's own replay sends
    /// no counts, so it checks such a case as the host's first call sees it.
    #[serde(rename = "transfer", default)]
    pub transfers: Vec<toml::Value>,
}

/// The profile of a case, as a user writes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub title: Option<String>,
    /// Required here although optional in a profile: a case must not depend on today's date.
    pub as_of: toml::value::Datetime,
    pub handler: CaseHandler,
    #[serde(rename = "export")]
    pub exports: Vec<CaseExport>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseHandler {
    pub name: String,
    pub sector: String,
    #[serde(default)]
    pub ciio: bool,
    #[serde(default)]
    pub persons_processed: Option<u64>,
}

fn yes() -> bool {
    true
}

/// An export as a profile writes it, before the host fills in its defaults.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseExport {
    pub id: String,
    pub label: Option<String>,
    pub kind: DataKind,
    pub subject: Option<Subject>,
    #[serde(default)]
    pub sensitive: bool,
    pub persons: Option<u64>,
    #[serde(default)]
    pub exempt_persons: u64,
    #[serde(default)]
    pub exempt_basis: Option<CbdfBasis>,
    #[serde(default)]
    pub serious_harm: bool,
    #[serde(default)]
    pub name_and_contact: bool,
    #[serde(default = "yes")]
    pub notified: bool,
    #[serde(default)]
    pub hgr_cleared: bool,
    #[serde(default)]
    pub export_controlled: bool,
    pub scenario: Option<String>,
    /// The dates duties run from: the host counts them, not the pack.
    pub dates: Option<toml::Value>,
}

/// What one export must come to.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The zone whose answer is meant; absent: every zone the case is run in.
    pub zone: Option<String>,
    pub export: String,
    pub route: Route,
    pub list_item: Option<u32>,
    pub basis: String,
    /// What the thresholds compare: the group's total when exports add up, else the export's
    /// own counted persons.
    pub counted_persons: Option<u64>,
    /// Where the next stricter route starts, in the same terms as `counted_persons`.
    pub next: Option<Next>,
    #[serde(default)]
    pub notes_contain: Vec<String>,
    /// Duties are counted by the host from the profile's dates; the host's runner checks them.
    pub obligation: Option<toml::Value>,
    pub obligations_absent: Option<toml::Value>,
}

/// Where the next stricter route starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Next {
    pub route: Route,
    pub at_persons: u64,
}

impl Case {
    /// Reads one case file.
    pub fn read(path: &Path) -> Result<Case, String> {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        let case: Case = toml::from_str(&text).map_err(|e| e.to_string())?;
        if case.description.trim().is_empty() {
            return Err("the case has no description".into());
        }
        if case.expects.is_empty() {
            return Err("the case expects nothing".into());
        }
        Ok(case)
    }

    /// Every `*.toml` case of `dir`, by file name, with its name. Panics on a case it cannot
    /// read: it is for tests.
    pub fn all_in(dir: impl AsRef<Path>) -> Vec<(String, Case)> {
        let mut paths: Vec<_> = std::fs::read_dir(dir.as_ref())
            .unwrap_or_else(|e| panic!("{}: {e}", dir.as_ref().display()))
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|path| {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                let case = Case::read(path).unwrap_or_else(|e| panic!("{name}: {e}"));
                (name, case)
            })
            .collect()
    }

    /// The request the host sends for the case's profile, with the profile contract's defaults
    /// filled in as the host fills them.
    pub fn request(&self) -> EvaluateRequest {
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
        let handler = &self.profile.handler;
        EvaluateRequest {
            schema: REQUEST_SCHEMA,
            as_of: self.profile.as_of.to_string(),
            handler: Handler {
                name: handler.name.clone(),
                sector: handler.sector.clone(),
                ciio: handler.ciio,
                persons_processed: handler.persons_processed,
            },
            exports,
            routes_only: false,
            group_counts: Default::default(),
            counted_from: None,
            probes: Vec::new(),
        }
    }

    /// The position of the expectation's export in the request; `None` when the profile has no
    /// such export.
    pub fn index_of(&self, expect: &Expect) -> Option<usize> {
        self.profile
            .exports
            .iter()
            .position(|export| export.id == expect.export)
    }

    /// True when the pack of `description` decides the expectation itself: its zone (when the
    /// expectation names one), a sector it covers, and a date on or after it took effect. The
    /// others (another zone, the national fallback) belong to the host's runner.
    pub fn decided_by(&self, description: &Description, expect: &Expect) -> bool {
        expect
            .zone
            .as_ref()
            .is_none_or(|zone| *zone == description.zone)
            && description.covers_sector(&self.profile.handler.sector)
            && self.profile.as_of.to_string() >= description.effective_from
    }
}

impl Expect {
    /// Checks `outcome`, the pack's answer for `export`, against the expectation: route, basis
    /// and list item of the deciding rule, counted persons, notes, and where the next stricter
    /// route starts (read from the ladder as the host reads it).
    pub fn check(
        &self,
        description: &Description,
        export: &Export,
        outcome: &Outcome,
    ) -> Result<(), String> {
        let at = format!("export `{}`", self.export);
        let rule = description
            .rule(&outcome.rule)
            .ok_or_else(|| format!("{at}: undeclared rule {}", outcome.rule))?;
        let differ = |what: &str, got: String, want: String| {
            Err(format!(
                "{at}: {what} is {got}, expected {want} (rule {})",
                rule.id
            ))
        };
        if outcome.route != self.route {
            return differ("route", outcome.route.id().into(), self.route.id().into());
        }
        if rule.basis != self.basis {
            return differ("basis", rule.basis.clone(), self.basis.clone());
        }
        if rule.list_item != self.list_item {
            return differ(
                "list_item",
                format!("{:?}", rule.list_item),
                format!("{:?}", self.list_item),
            );
        }
        let own = export.counted_persons();
        let total = outcome.count.as_ref().map(|c| c.total).or(own);
        if let Some(counted) = self.counted_persons {
            if total != Some(counted) {
                return differ("counted_persons", format!("{total:?}"), counted.to_string());
            }
        }
        if let Some(expected) = self.next {
            // In the case's terms, like `counted_persons`: the total at which it starts.
            let got = headroom(outcome, total.unwrap_or(0));
            if got != Some(expected) {
                return differ("next", format!("{got:?}"), format!("{expected:?}"));
            }
        }
        for wanted in &self.notes_contain {
            if !outcome
                .notes
                .iter()
                .any(|note| note.contains(wanted.as_str()))
            {
                return Err(format!(
                    "{at}: no note contains {wanted:?} in {:?}",
                    outcome.notes
                ));
            }
        }
        Ok(())
    }
}

/// Headroom as the host computes it: the first band above the outcome's total with a stricter
/// route, moved to the export's `own` counted persons.
pub fn headroom(outcome: &Outcome, own: u64) -> Option<Next> {
    let count = outcome.count.as_ref()?;
    outcome
        .ladder
        .iter()
        .find(|step| step.from > count.total && step.route.is_stricter_than(outcome.route))
        .map(|step| Next {
            route: step.route,
            at_persons: own + (step.from - count.total),
        })
}
