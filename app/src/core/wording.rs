//! The domain in words and figures, as every output says it: a route's symbol, word and
//! phrase, counts with their nouns, figures with thousands separators, a zone's summary, a
//! ledger's counting window. Reports, memos, the planner, the ledger report and the dashboard
//! all say these alike.

use crate::common::dates::format_date;
use crate::core::engine::{CountedWindow, ZoneEvaluation};
use ftzroute_plugin_api::Route;
use serde::Serialize;

/// A symbol per route, so that no meaning rests on colour.
pub fn route_symbol(route: Route) -> &'static str {
    match route {
        Route::CoreDataRegime => "■",
        Route::ExportControl => "✖",
        Route::SecurityAssessment => "▲",
        Route::StandardContractOrCertification => "●",
        Route::OtherLawfulRoute => "◆",
        Route::Exempt => "○",
        Route::Undetermined => "?",
    }
}

/// A short word per route, for narrow cells.
pub fn route_word(route: Route) -> &'static str {
    match route {
        Route::CoreDataRegime => "core data",
        Route::ExportControl => "export control",
        Route::SecurityAssessment => "assessment",
        Route::StandardContractOrCertification => "contract/cert",
        Route::OtherLawfulRoute => "other route",
        Route::Exempt => "exempt",
        Route::Undetermined => "undetermined",
    }
}

/// "1 export", "2 exports": a count with its noun, singular for one.
pub fn count_of(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// A route as a reader says it: "a security assessment", "a standard contract or certification".
pub fn route_phrase(route: Route) -> &'static str {
    match route {
        Route::CoreDataRegime => "the core-data regime",
        Route::ExportControl => "the export-control regime",
        Route::SecurityAssessment => "a security assessment",
        Route::StandardContractOrCertification => "a standard contract or certification",
        Route::OtherLawfulRoute => "another regime's lawful route",
        Route::Exempt => "no procedure (exempt)",
        Route::Undetermined => "an undetermined route",
    }
}

/// The exports' ids as code, joined: "`bookings`, `crew`".
fn quoted_ids(ids: &[String]) -> String {
    ids.iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A zone's summary in a sentence: "security-assessment", or "undetermined: at least a security
/// assessment for `bookings`; 2 exports undetermined".
pub fn summary_words(zone: &ZoneEvaluation) -> String {
    if zone.route != Route::Undetermined {
        return zone.route.id().to_string();
    }
    let open = format!(
        "{} undetermined",
        count_of(zone.undetermined, "export", "exports")
    );
    match &zone.floor {
        Some(floor) if floor.route != Route::Exempt => format!(
            "undetermined: at least {} for {}; {open}",
            route_phrase(floor.route),
            quoted_ids(&floor.exports)
        ),
        Some(floor) => format!(
            "undetermined: {open}; the others ({}) exempt",
            quoted_ids(&floor.exports)
        ),
        None => format!("undetermined: {open}, none determined"),
    }
}

/// 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, c) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The window a ledger was counted in: `{"window": "previous-and-current-year", "from", "to"}`.
#[derive(Serialize)]
pub struct JsonCounted {
    pub window: &'static str,
    pub from: String,
    pub to: String,
}

impl JsonCounted {
    pub fn of(counted: &CountedWindow) -> JsonCounted {
        JsonCounted {
            window: counted.window.token(),
            from: format_date(counted.from),
            to: format_date(counted.to),
        }
    }
}
