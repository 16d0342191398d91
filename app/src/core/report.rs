//! Rendering an evaluation: JSON (contract v1), a terminal table, Markdown.

use crate::common::dates::format_date;
use crate::core::engine::{ExportEvaluation, ZoneEvaluation};
use crate::core::profile::{kind_id, Profile};
use ftzroute_plugin_api::{DataKind, Route, Subject};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

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

/// Symbol, word and list item of one cell, e.g. `● contract/cert · item 14`.
pub fn cell_text(export: &ExportEvaluation) -> String {
    let mut text = format!(
        "{} {}",
        route_symbol(export.route),
        route_word(export.route)
    );
    if let Some(item) = export.list_item {
        text.push_str(&format!(" · item {item}"));
    }
    text
}

pub fn subject_id(subject: Subject) -> &'static str {
    match subject {
        Subject::TrialSubject => "trial-subject",
        Subject::Patient => "patient",
        Subject::Professional => "professional",
        Subject::DeviceUser => "device-user",
        Subject::BusinessContact => "business-contact",
        Subject::Other => "other",
    }
}

/// "personal/patient, sensitive" and the like.
pub fn data_text(export: &ftzroute_plugin_api::Export) -> String {
    let mut text = kind_id(export.kind).to_string();
    if export.kind == DataKind::Personal {
        if let Some(subject) = export.subject {
            text.push('/');
            text.push_str(subject_id(subject));
        }
        if export.sensitive {
            text.push_str(", sensitive");
        }
    }
    text
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

#[derive(Serialize)]
struct JsonReport<'a> {
    schema: u32,
    title: Option<&'a str>,
    as_of: String,
    zones: Vec<JsonZone<'a>>,
    /// When the profile keeps a transfer ledger: its counts, groups and projection.
    #[serde(skip_serializing_if = "Option::is_none")]
    ledger: Option<serde_json::Value>,
}

#[derive(Serialize)]
struct JsonZone<'a> {
    zone: &'a str,
    name: &'a str,
    route: Route,
    undetermined: usize,
    exports: Vec<JsonExport<'a>>,
}

#[derive(Serialize)]
struct JsonExport<'a> {
    id: &'a str,
    route: Route,
    pack: Option<&'a str>,
    list_item: Option<u32>,
    basis: &'a str,
    counted_persons: Option<u64>,
    next: Option<JsonNext>,
    notes: &'a [String],
}

#[derive(Serialize)]
struct JsonNext {
    route: Route,
    at_persons: u64,
}

/// The contract-v1 JSON document.
pub fn json(profile: &Profile, zones: &[ZoneEvaluation]) -> String {
    json_with(profile, zones, None)
}

/// The contract-v1 JSON document, with a `ledger` section when one is given.
pub fn json_with(
    profile: &Profile,
    zones: &[ZoneEvaluation],
    ledger: Option<serde_json::Value>,
) -> String {
    let report = JsonReport {
        ledger,
        schema: 1,
        title: profile.title.as_deref(),
        as_of: format_date(profile.as_of),
        zones: zones
            .iter()
            .map(|zone| JsonZone {
                zone: &zone.zone,
                name: &zone.name,
                route: zone.route,
                undetermined: zone.undetermined,
                exports: zone
                    .exports
                    .iter()
                    .map(|export| JsonExport {
                        id: &export.id,
                        route: export.route,
                        pack: export.pack.as_deref(),
                        list_item: export.list_item,
                        basis: &export.basis,
                        counted_persons: export.counted_persons,
                        next: export.next.map(|next| JsonNext {
                            route: next.route,
                            at_persons: next.at_persons,
                        }),
                        notes: &export.notes,
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&report).expect("the report always serializes");
    text.push('\n');
    text
}

/// True when the routes are not all the same.
pub fn routes_differ(routes: impl IntoIterator<Item = Route>) -> bool {
    let mut routes = routes.into_iter();
    let first = routes.next();
    routes.any(|route| Some(route) != first)
}

/// True when the zones disagree on this export's route.
pub fn zones_differ(zones: &[ZoneEvaluation], index: usize) -> bool {
    routes_differ(
        zones
            .iter()
            .filter_map(|zone| zone.exports.get(index))
            .map(|e| e.route),
    )
}

fn overall_differs(zones: &[ZoneEvaluation]) -> bool {
    routes_differ(zones.iter().map(|zone| zone.route))
}

/// Rows of the comparison grid (header first), shared by the table and Markdown outputs.
fn grid(profile: &Profile, zones: &[ZoneEvaluation]) -> Vec<Vec<String>> {
    let mut header = vec!["export".to_string(), "data".into(), "counted".into()];
    header.extend(zones.iter().map(|zone| zone.zone.clone()));
    header.push("zones".into());
    let mut rows = vec![header];
    for (index, export) in profile.exports.iter().enumerate() {
        let mut row = vec![
            export.id.clone(),
            data_text(export),
            export
                .counted_persons()
                .map(thousands)
                .unwrap_or_else(|| "-".into()),
        ];
        row.extend(
            zones
                .iter()
                .map(|zone| zone.exports.get(index).map(cell_text).unwrap_or_default()),
        );
        row.push(if zones_differ(zones, index) {
            "≠ differ".into()
        } else {
            "= same".into()
        });
        rows.push(row);
    }
    let mut overall = vec!["OVERALL".to_string(), String::new(), String::new()];
    overall.extend(zones.iter().map(|zone| {
        let mut text = format!("{} {}", route_symbol(zone.route), route_word(zone.route));
        if zone.undetermined > 0 {
            text.push_str(&format!(" ({} undetermined)", zone.undetermined));
        }
        text
    }));
    overall.push(if overall_differs(zones) {
        "≠ differ".into()
    } else {
        "= same".into()
    });
    rows.push(overall);
    rows
}

fn legend() -> String {
    let entries: Vec<String> = Route::ALL
        .iter()
        .map(|route| format!("{} {}", route_symbol(*route), route.id()))
        .collect();
    format!("Legend: {}", entries.join("  "))
}

fn heading(profile: &Profile) -> String {
    match &profile.title {
        Some(title) => format!("{title} (as of {})", format_date(profile.as_of)),
        None => format!(
            "{} (as of {})",
            profile.handler.name,
            format_date(profile.as_of)
        ),
    }
}

/// Per export and zone: basis, headroom and notes, as lines of text.
fn details(zones: &[ZoneEvaluation]) -> Vec<String> {
    let mut lines = Vec::new();
    for zone in zones {
        for export in &zone.exports {
            let mut line = format!(
                "[{}] {}: {} — {}",
                zone.zone, export.id, export.route, export.basis
            );
            if let Some(pack) = &export.pack {
                line.push_str(&format!(" ({pack})"));
            }
            lines.push(line);
            if let Some(next) = export.next {
                let counted = export.counted_persons.unwrap_or(0);
                lines.push(format!(
                    "    next: {} at {} counted persons (+{})",
                    next.route,
                    thousands(next.at_persons),
                    thousands(next.at_persons.saturating_sub(counted))
                ));
            }
            for note in &export.notes {
                lines.push(format!("    note: {note}"));
            }
        }
    }
    lines
}

/// A plain-text table for a terminal: one row per export, one column per zone, the overall row.
pub fn table(profile: &Profile, zones: &[ZoneEvaluation]) -> String {
    let rows = grid(profile, zones);
    let columns = rows[0].len();
    let widths: Vec<usize> = (0..columns)
        .map(|column| {
            rows.iter()
                .map(|row| row[column].width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = format!(
        "{}\n{} ({})\n\n",
        heading(profile),
        profile.handler.name,
        profile.handler.sector
    );
    for (index, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell}{}", " ".repeat(width - cell.width())))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
        if index == 0 || index == rows.len() - 2 {
            let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
            out.push_str(&rule.join("  "));
            out.push('\n');
        }
    }
    out.push('\n');
    out.push_str(&legend());
    out.push_str("\n\n");
    for line in details(zones) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// A Markdown report: the same grid, then the basis, headroom and notes.
pub fn markdown(profile: &Profile, zones: &[ZoneEvaluation]) -> String {
    let rows = grid(profile, zones);
    let escape = |cell: &str| cell.replace('|', "\\|");
    let mut out = format!(
        "# {}\n\nHandler: {} (sector `{}`{})\n\n",
        heading(profile),
        profile.handler.name,
        profile.handler.sector,
        if profile.handler.ciio { ", CIIO" } else { "" }
    );
    for (index, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| {
                if index == rows.len() - 1 && !cell.is_empty() {
                    format!("**{}**", escape(cell))
                } else {
                    escape(cell)
                }
            })
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
        if index == 0 {
            out.push_str(&format!("|{}\n", "---|".repeat(row.len())));
        }
    }
    out.push_str(&format!(
        "\n{}\n\n## Basis, headroom and notes\n\n",
        legend()
    ));
    for zone in zones {
        out.push_str(&format!("### {} ({})\n\n", zone.name, zone.zone));
        for export in &zone.exports {
            out.push_str(&format!(
                "- **{}**: `{}`: {}",
                export.id, export.route, export.basis
            ));
            if let Some(pack) = &export.pack {
                out.push_str(&format!(" (pack `{pack}`)"));
            }
            out.push('\n');
            if let Some(rule) = &export.rule {
                out.push_str(&format!(
                    "  - citation: {} / {}{}\n",
                    rule.citation.zh,
                    rule.citation.en,
                    if rule.citation.en_official {
                        ""
                    } else {
                        " (unofficial translation)"
                    }
                ));
            }
            if let Some(next) = export.next {
                out.push_str(&format!(
                    "  - next: `{}` at {} counted persons\n",
                    next.route,
                    thousands(next.at_persons)
                ));
            }
            for note in &export.notes {
                out.push_str(&format!("  - note: {note}\n"));
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(thousands(49_999), "49,999");
    }

    #[test]
    fn every_route_has_a_distinct_symbol_and_word() {
        let symbols: std::collections::HashSet<_> =
            Route::ALL.iter().map(|r| route_symbol(*r)).collect();
        let words: std::collections::HashSet<_> =
            Route::ALL.iter().map(|r| route_word(*r)).collect();
        assert_eq!(symbols.len(), Route::ALL.len());
        assert_eq!(words.len(), Route::ALL.len());
    }
}
