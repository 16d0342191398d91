//! The China (Jiangsu) Pilot FTZ data-export negative list (2025 edition, biopharmaceutical sector)
//! and its Measures, as a ftzroute rule pack.
//!
//! The pack decides, for handlers in the four sectors the list covers, which procedure each export
//! needs: carve-outs first (core data, export control, general data), then important and genetic
//! data, then personal information by scenario with volumes added up per scenario.
//!
//! The edition-specific data (identity, rule table, the bands of each scenario) is an [`Edition`];
//! a later edition's pack depends on this crate without its `export` feature, derives its own
//! edition from [`edition_2025`] and calls [`describe`] and [`evaluate`] with it.

mod decide;
mod description;
pub mod duties;
mod edition;
mod rules;
mod scenario;
mod terms;

#[cfg(test)]
mod tests;

pub use edition::{edition_2025, Band, Edition};
pub use scenario::Scenario;

use ftzroute_plugin_api::{Description, EvaluateRequest, EvaluateResponse, Pack};
use std::sync::LazyLock;

/// The description of a pack built on `edition`.
pub fn describe(edition: &Edition) -> Description {
    edition.description.clone()
}

/// One outcome per export of `request`, in request order, under `edition`'s rules and bands.
/// `edition` must pass [`Edition::check`].
pub fn evaluate(edition: &Edition, request: &EvaluateRequest) -> Result<EvaluateResponse, String> {
    decide::evaluate(edition, request)
}

/// Built once: the host calls `evaluate` many times per profile (headroom probes).
static EDITION_2025: LazyLock<Edition> = LazyLock::new(edition_2025);

/// The Jiangsu FTZ biopharmaceutical negative list, 2025 edition.
pub struct JiangsuBiopharma2025;

impl Pack for JiangsuBiopharma2025 {
    fn describe() -> Description {
        describe(&EDITION_2025)
    }

    fn evaluate(request: &EvaluateRequest) -> Result<EvaluateResponse, String> {
        evaluate(&EDITION_2025, request)
    }

    fn probe(request: &EvaluateRequest) -> Result<Vec<ftzroute_plugin_api::sdk::Probed>, String> {
        decide::probe(&EDITION_2025, request)
    }
}

// Off when another pack library links this crate: its own export would clash with this one.
#[cfg(feature = "export")]
ftzroute_plugin_api::export_pack!(JiangsuBiopharma2025);
