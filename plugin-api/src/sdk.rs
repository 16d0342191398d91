//! The Rust SDK for pack authors.
//!
//! ```ignore
//! struct MyPack;
//! impl ftzroute_plugin_api::Pack for MyPack {
//!     fn describe() -> Description { /* identity and rules */ }
//!     fn evaluate(request: &EvaluateRequest) -> Result<EvaluateResponse, String> { /* the law */ }
//! }
//! ftzroute_plugin_api::export_pack!(MyPack);
//! ```
//!
//! [`export_pack!`](crate::export_pack) writes the unsafe glue: the two exported symbols, JSON in
//! and out, and `catch_unwind` around every entry so that a panic becomes
//! [`status::PANICKED`](crate::contract::abi::status::PANICKED) with its message instead of
//! aborting the host.
//!
//! Everything here is built on [`crate::contract`] and nothing there depends on it.

use crate::contract::{DataKind, Description, EvaluateRequest, EvaluateResponse, REQUEST_SCHEMA};

#[cfg(feature = "cases")]
pub mod cases;
pub mod counting;
pub mod duties;
mod entry;
pub mod ladder;
pub mod list;
mod probe;
pub mod rules;
pub mod text;

pub use entry::{describe_entry, evaluate_entry, evaluate_json};
pub use probe::{probe_each, probe_one_by_one, Probed};

/// A rule pack: its legal identity and rules, and the decision for a profile.
pub trait Pack {
    /// The pack's identity and every rule it can fire.
    fn describe() -> Description;

    /// One outcome per export of the request, in request order. `Err` is reported to the user as
    /// the pack's failure for this profile.
    fn evaluate(request: &EvaluateRequest) -> Result<EvaluateResponse, String>;

    /// Contract 1.5: what each probe of the request ([`EvaluateRequest::probes`]) decides, in
    /// order: its route and (contract 1.6) the rule that gives it. The default evaluates the
    /// probed request once per probe, which is right for any pack but costs a whole evaluation
    /// each; a pack whose decision of one export needs only that export and its groups' totals
    /// answers each probe on its own with [`probe_each`] (the list tables and the national packs
    /// do).
    fn probe(request: &EvaluateRequest) -> Result<Vec<Probed>, String> {
        probe_one_by_one(request, Self::evaluate)
    }
}

/// Refuses a request written for another schema than the one this crate reads: the first thing
/// a pack's `evaluate` does.
pub fn check_schema(request: &EvaluateRequest) -> Result<(), String> {
    if request.schema != REQUEST_SCHEMA {
        return Err(format!(
            "request schema {} is not supported (this pack reads schema {REQUEST_SCHEMA})",
            request.schema
        ));
    }
    Ok(())
}

/// [`check_schema`], and every personal or genetic export states its persons, which the volume
/// rules need.
pub fn check_request(request: &EvaluateRequest) -> Result<(), String> {
    check_schema(request)?;
    match request.exports.iter().find(|export| {
        matches!(export.kind, DataKind::Personal | DataKind::Genetic) && export.persons.is_none()
    }) {
        Some(export) => Err(format!(
            "export `{}`: `persons` is required for its kind",
            export.id
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::*;

    #[test]
    fn requests_of_another_schema_or_without_persons_are_refused() {
        let export = |id: &str, kind, persons| Export {
            id: id.into(),
            kind,
            subject: None,
            sensitive: false,
            persons,
            exempt_persons: 0,
            serious_harm: false,
            name_and_contact: false,
            notified: true,
            hgr_cleared: false,
            export_controlled: false,
            scenario: None,
            exempt_bases: Vec::new(),
        };
        let mut request = EvaluateRequest {
            schema: REQUEST_SCHEMA,
            as_of: "2025-10-01".into(),
            handler: Handler {
                name: "h".into(),
                sector: "s".into(),
                ciio: false,
                persons_processed: None,
            },
            exports: vec![
                export("design", DataKind::Important, None),
                export("staff", DataKind::Personal, Some(3)),
            ],
            routes_only: false,
            group_counts: Default::default(),
            counted_from: None,
            probes: Vec::new(),
        };
        assert_eq!(
            check_request(&request),
            Ok(()),
            "important data needs no persons"
        );
        request
            .exports
            .push(export("genomes", DataKind::Genetic, None));
        assert_eq!(
            check_request(&request),
            Err("export `genomes`: `persons` is required for its kind".into())
        );
        assert_eq!(check_schema(&request), Ok(()));
        request.schema = REQUEST_SCHEMA + 1;
        let refused = check_schema(&request).unwrap_err();
        assert!(refused.contains("is not supported"), "{refused}");
    }
}
