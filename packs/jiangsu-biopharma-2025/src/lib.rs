//! The China (Jiangsu) Pilot FTZ data-export negative list (2025 edition, biopharmaceutical sector)
//! and its Measures, as a ftzroute rule pack.
//!
//! The pack decides, for handlers in the four sectors the list covers, which procedure each export
//! needs: carve-outs first (core data, export control, general data), then important and genetic
//! data, then personal information by scenario with volumes added up per scenario.

mod decide;
mod rules;
mod scenario;

#[cfg(test)]
mod tests;

use ftzroute_plugin_api::{Description, EvaluateRequest, EvaluateResponse, Pack};

/// The Jiangsu FTZ biopharmaceutical negative list, 2025 edition.
pub struct JiangsuBiopharma2025;

impl Pack for JiangsuBiopharma2025 {
    fn describe() -> Description {
        rules::describe()
    }

    fn evaluate(request: &EvaluateRequest) -> Result<EvaluateResponse, String> {
        decide::evaluate(request)
    }
}

ftzroute_plugin_api::export_pack!(JiangsuBiopharma2025);
