//! What a ledger says about a profile, as one document: per export, per handler total, per
//! counting group of each zone (with the next threshold and when it is crossed at the run
//! rate), and the projection the security-assessment filing form asks for. `ledger counts`
//! prints it (JSON or a table) and `eval --format json` carries it as `ledger`.

use super::counts::{Crossing, Figures, Snapshot};
use super::{LedgerCounts, WindowCounts};
use crate::common::dates::format_date;
use crate::core::engine::{ExportEvaluation, ZoneEvaluation};
use crate::core::wording::{route_symbol, route_word, thousands};
use ftzroute_plugin_api::{CountGroup, DataKind, Route};
use serde::Serialize;

/// How person identifiers are kept, in words (also in the docs).
pub const IDENTIFIERS: &str = "HMAC-SHA-256 of the identifier trimmed of surrounding white space, \
     keyed by the ledger's key file; no identifier is stored";

/// How the projection is made, in words.
pub const PROJECTION_METHOD: &str =
    "this year (counted from 1 January): the count on as_of plus the run rate (newly counted \
     persons per day over the last 30 days) up to 31 December; each of the next three years: the \
     same as this year's projected total (flat, no growth assumed)";

#[derive(Debug, Clone, Serialize)]
pub struct LedgerReport {
    pub ledger: String,
    /// The window of `exports`, `handler` and `projection`: always the current calendar year
    /// (`calendar-year`), from `from` to `to`.
    pub window: &'static str,
    pub from: String,
    pub to: String,
    pub cross_scenario: &'static str,
    pub identifiers: &'static str,
    pub imports: usize,
    pub transfers: u64,
    /// Days the run rate is measured over.
    pub run_rate_days: u16,
    pub exports: Vec<ExportRow>,
    pub handler: HandlerRow,
    pub zones: Vec<ZoneGroups>,
    pub projection: Projection,
    /// The same figures in each other window a zone counted in (the 2022 Measures' previous
    /// and current year).
    pub other_windows: Vec<WindowSection>,
    pub warnings: Vec<String>,
}

/// The exports and the handler's totals in one counting window.
#[derive(Debug, Clone, Serialize)]
pub struct WindowSection {
    pub window: &'static str,
    pub from: String,
    pub to: String,
    pub exports: Vec<ExportRow>,
    pub handler: HandlerRow,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportRow {
    pub id: String,
    /// What the profile states, when it does.
    pub profile_persons: Option<u64>,
    #[serde(flatten)]
    pub figures: Figures,
}

#[derive(Debug, Clone, Serialize)]
pub struct HandlerRow {
    pub sensitive: Figures,
    pub non_sensitive: Figures,
}

#[derive(Debug, Clone, Serialize)]
pub struct ZoneGroups {
    pub zone: String,
    /// The deciding pack, when one decided.
    pub pack: Option<String>,
    /// The window the zone's groups were counted in (the deciding pack's).
    pub window: Option<&'static str>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub error: Option<String>,
    pub groups: Vec<GroupRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupRow {
    pub key: String,
    /// The pack's label of the scenario.
    pub label: String,
    pub scenario: bool,
    pub exports: Vec<String>,
    #[serde(flatten)]
    pub figures: Figures,
    /// The strictest route among the group's exports.
    pub route: Route,
    pub next: Option<NextRow>,
    /// The count on 31 December at the run rate.
    pub year_end: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct NextRow {
    pub route: Route,
    pub at_persons: u64,
    pub crossing: Crossing,
    /// When the next route is a security assessment with a projected crossing date: the
    /// assessment must be filed and approved before the exports cross, and its self-assessment
    /// done within the 3 months before filing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prepare_assessment: Option<PrepareAssessment>,
}

/// The dates a projected crossing into a security assessment gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PrepareAssessment {
    /// The last day before the projected crossing: the assessment is filed, and approved, before
    /// the transfers that cross the threshold are made.
    #[serde(serialize_with = "crate::core::ledger::counts::date_text")]
    pub prepare_by: time::Date,
    /// The earliest day a self-assessment still counts for a filing on `prepare_by`: one done
    /// more than 3 months before filing must be done again.
    #[serde(serialize_with = "crate::core::ledger::counts::date_text")]
    pub self_assessment_from: time::Date,
}

impl NextRow {
    fn new(route: Route, at_persons: u64, crossing: Crossing) -> NextRow {
        let prepare_assessment = match crossing {
            Crossing::On(date) if route == Route::SecurityAssessment => {
                let prepare_by = date.previous_day().unwrap_or(date);
                crate::core::obligations::period::add_months(prepare_by, -3).map(
                    |self_assessment_from| PrepareAssessment {
                        prepare_by,
                        self_assessment_from,
                    },
                )
            }
            _ => None,
        };
        NextRow {
            route,
            at_persons,
            crossing,
            prepare_assessment,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Projection {
    pub method: &'static str,
    pub years: Vec<YearRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearRow {
    pub year: i32,
    pub sensitive: u64,
    pub non_sensitive: u64,
}

/// The group an evaluated export was counted in, and when its next threshold is crossed.
pub fn export_crossing(
    snapshot: &Snapshot,
    zone: &ZoneEvaluation,
    export: &ExportEvaluation,
) -> Option<(CountGroup, Figures, Option<NextRow>)> {
    let group = zone.group_of(export)?.clone();
    let figures = snapshot.groups(std::slice::from_ref(&group)).remove(0);
    let next = export.next.map(|next| {
        NextRow::new(
            next.route,
            next.at_persons,
            snapshot.crossing(
                figures.counted_persons,
                next.at_persons,
                figures.run_rate_per_day,
            ),
        )
    });
    Some((group, figures, next))
}

fn zone_groups(snapshot: &Snapshot, zone: &ZoneEvaluation) -> ZoneGroups {
    let mut groups: Vec<(CountGroup, String, Vec<&ExportEvaluation>)> = Vec::new();
    let mut positions: std::collections::HashMap<&str, usize> = Default::default();
    for export in &zone.exports {
        let Some(count) = &export.count else { continue };
        let Some(group) = zone.group_of(export) else {
            continue;
        };
        match positions.get(group.key.as_str()) {
            Some(&position) => groups[position].2.push(export),
            None => {
                positions.insert(&group.key, groups.len());
                groups.push((group.clone(), count.scenario.clone(), vec![export]));
            }
        }
    }
    let declared: Vec<CountGroup> = groups.iter().map(|(g, _, _)| g.clone()).collect();
    let figures = snapshot.groups(&declared);
    let rows = groups
        .into_iter()
        .zip(figures)
        .map(|((group, label, members), figures)| {
            // Undetermined as soon as one member is: the group's route is then not known.
            let (route, _) = crate::core::engine::summary_route(members.iter().copied());
            // The group's next threshold: where a route stricter than the group's own starts
            // (an export with no counted persons of its own may have a nearer, milder one).
            let next = members
                .iter()
                .filter_map(|e| e.next)
                .filter(|next| next.route.is_stricter_than(route))
                .min_by_key(|next| next.at_persons)
                .map(|next| {
                    NextRow::new(
                        next.route,
                        next.at_persons,
                        snapshot.crossing(
                            figures.counted_persons,
                            next.at_persons,
                            figures.run_rate_per_day,
                        ),
                    )
                });
            GroupRow {
                year_end: snapshot.year_end(figures.counted_persons, figures.run_rate_per_day),
                key: group.key,
                label,
                scenario: group.scenario,
                exports: group.exports,
                figures,
                route,
                next,
            }
        })
        .collect();
    ZoneGroups {
        zone: zone.zone.clone(),
        pack: zone.exports.iter().find_map(|e| e.pack.clone()),
        window: Some(snapshot.window.token()),
        from: Some(format_date(snapshot.window_start())),
        to: Some(format_date(snapshot.as_of)),
        error: None,
        groups: rows,
    }
}

fn export_rows(counts: &WindowCounts) -> Vec<ExportRow> {
    counts
        .profile
        .exports
        .iter()
        .zip(&counts.stated)
        .filter(|(e, _)| matches!(e.kind, DataKind::Personal | DataKind::Genetic))
        .map(|(export, stated)| ExportRow {
            id: export.id.clone(),
            profile_persons: *stated,
            figures: counts.snapshot.export(&export.id),
        })
        .collect()
}

/// The document for a profile's ledger and its zones' evaluations (failed zones with their
/// error). Each zone's groups are counted in the window the zone was counted in.
pub fn ledger_report(
    ledger: &LedgerCounts,
    zones: &[(String, Result<ZoneEvaluation, String>)],
) -> LedgerReport {
    let calendar = ledger.calendar_year();
    let snapshot = &calendar.snapshot;
    let (sensitive, non_sensitive) = snapshot.handler();
    let year = snapshot.as_of.year();
    let sensitive_end = snapshot.year_end(sensitive.counted_persons, sensitive.run_rate_per_day);
    let general_end = snapshot.year_end(
        non_sensitive.counted_persons,
        non_sensitive.run_rate_per_day,
    );
    let transfers = sensitive.transfers + non_sensitive.transfers;
    let window_of = |evaluation: &ZoneEvaluation| {
        evaluation
            .counted
            .and_then(|counted| ledger.window(counted.window))
            .unwrap_or(calendar)
    };
    let mut other_windows: Vec<WindowSection> = Vec::new();
    for (_, evaluation) in zones {
        let Ok(evaluation) = evaluation else { continue };
        let counts = window_of(evaluation);
        let token = counts.snapshot.window.token();
        if counts.snapshot.window == snapshot.window
            || other_windows.iter().any(|w| w.window == token)
        {
            continue;
        }
        let (sensitive, non_sensitive) = counts.snapshot.handler();
        other_windows.push(WindowSection {
            window: token,
            from: format_date(counts.snapshot.window_start()),
            to: format_date(counts.snapshot.as_of),
            exports: export_rows(counts),
            handler: HandlerRow {
                sensitive,
                non_sensitive,
            },
        });
    }
    LedgerReport {
        ledger: snapshot.ledger.display().to_string(),
        window: snapshot.window.token(),
        from: format_date(snapshot.window_start()),
        to: format_date(snapshot.as_of),
        cross_scenario: snapshot.cross_scenario.id(),
        identifiers: IDENTIFIERS,
        imports: snapshot.imports.len(),
        transfers,
        run_rate_days: snapshot.rate_days,
        exports: export_rows(calendar),
        handler: HandlerRow {
            sensitive,
            non_sensitive,
        },
        zones: zones
            .iter()
            .map(|(zone, result)| match result {
                Ok(evaluation) => zone_groups(&window_of(evaluation).snapshot, evaluation),
                Err(error) => ZoneGroups {
                    zone: zone.clone(),
                    pack: None,
                    window: None,
                    from: None,
                    to: None,
                    error: Some(error.clone()),
                    groups: Vec::new(),
                },
            })
            .collect(),
        projection: Projection {
            method: PROJECTION_METHOD,
            years: (0..4)
                .map(|offset| YearRow {
                    year: year + offset,
                    sensitive: sensitive_end,
                    non_sensitive: general_end,
                })
                .collect(),
        },
        other_windows,
        warnings: ledger
            .warnings()
            .into_iter()
            .map(|w| w.message.clone())
            .collect(),
    }
}

fn rate_text(rate: f64) -> String {
    format!("{rate:.1}")
}

fn excluded_text(figures: &Figures) -> String {
    if figures.excluded_persons.is_empty() {
        return "-".into();
    }
    figures
        .excluded_persons
        .iter()
        .map(|(basis, n)| format!("{} {}", basis.article(), thousands(*n)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "2025-11-21", "reached", "not this year", "no growth".
pub fn crossing_text(crossing: Crossing) -> String {
    match crossing {
        Crossing::Reached => "reached".into(),
        Crossing::On(date) => format_date(date),
        Crossing::NotThisYear => "not this year".into(),
        Crossing::NoGrowth => "no growth".into(),
    }
}

fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| unicode_width::UnicodeWidthStr::width(cell.as_str()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| {
                let pad = width - unicode_width::UnicodeWidthStr::width(cell.as_str());
                format!("{cell}{}", " ".repeat(pad))
            })
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// The exports' and the handler's figures of one window, as a table.
fn figures_table(exports: &[ExportRow], handler: &HandlerRow) -> String {
    let mut rows = vec![[
        "EXPORT",
        "PERSONS",
        "COUNTED",
        "EXCLUDED (by basis)",
        "TRANSFERS",
        "RATE/DAY",
    ]
    .map(String::from)
    .to_vec()];
    for export in exports {
        rows.push(vec![
            export.id.clone(),
            thousands(export.figures.persons),
            thousands(export.figures.counted_persons),
            excluded_text(&export.figures),
            thousands(export.figures.transfers),
            rate_text(export.figures.run_rate_per_day),
        ]);
    }
    for (name, figures) in [
        ("handler: sensitive", &handler.sensitive),
        ("handler: non-sensitive", &handler.non_sensitive),
    ] {
        rows.push(vec![
            name.into(),
            thousands(figures.persons),
            thousands(figures.counted_persons),
            excluded_text(figures),
            thousands(figures.transfers),
            rate_text(figures.run_rate_per_day),
        ]);
    }
    table(&rows)
}

/// The report as text for a terminal.
pub fn text(report: &LedgerReport) -> String {
    let mut out = format!(
        "Ledger {}\nwindow {} to {} (as_of; calendar year); {} import(s), {}; \
         cross_scenario = {}\n\
         persons: {}\nrate: newly counted persons per day over the last {} days\n\n",
        report.ledger,
        report.from,
        report.to,
        report.imports,
        ftzroute_plugin_api::sdk::text::count_of(report.transfers, "transfer", "transfers"),
        report.cross_scenario,
        report.identifiers,
        report.run_rate_days
    );
    out.push_str(&figures_table(&report.exports, &report.handler));
    for window in &report.other_windows {
        out.push_str(&format!(
            "\nwindow {} to {} (as_of; {}, as a zone below counts)\n",
            window.from, window.to, window.window
        ));
        out.push_str(&figures_table(&window.exports, &window.handler));
    }
    for zone in &report.zones {
        out.push_str(&format!(
            "\nZONE {}{}{}\n",
            zone.zone,
            zone.pack
                .as_ref()
                .map(|p| format!(" ({p})"))
                .unwrap_or_default(),
            match (&zone.from, &zone.to, zone.window) {
                (Some(from), Some(to), Some(window)) =>
                    format!(": counted {from} to {to} ({window})"),
                _ => String::new(),
            }
        ));
        if let Some(error) = &zone.error {
            out.push_str(&format!("  cannot evaluate: {error}\n"));
            continue;
        }
        if zone.groups.is_empty() {
            out.push_str("  no counting group\n");
            continue;
        }
        let mut rows = vec![[
            "GROUP", "EXPORTS", "COUNTED", "EXCLUDED", "RATE/DAY", "ROUTE", "NEXT", "CROSSING",
            "31 DEC",
        ]
        .map(String::from)
        .to_vec()];
        for group in &zone.groups {
            let (next, crossing) = match &group.next {
                Some(next) => (
                    format!(
                        "{} {} at {}",
                        route_symbol(next.route),
                        route_word(next.route),
                        thousands(next.at_persons)
                    ),
                    crossing_text(next.crossing),
                ),
                None => ("-".into(), "-".into()),
            };
            rows.push(vec![
                format!("{}{}", group.key, if group.scenario { " *" } else { "" }),
                group.exports.join(", "),
                thousands(group.figures.counted_persons),
                excluded_text(&group.figures),
                rate_text(group.figures.run_rate_per_day),
                format!("{} {}", route_symbol(group.route), route_word(group.route)),
                next,
                crossing,
                thousands(group.year_end),
            ]);
        }
        out.push_str(&table(&rows));
        for group in &zone.groups {
            if let Some(prepare) = group.next.as_ref().and_then(|n| n.prepare_assessment) {
                out.push_str(&format!(
                    "  {}: prepare the security assessment by {} (filed and approved before the crossing; its self-assessment done on or after {})\n",
                    group.key,
                    format_date(prepare.prepare_by),
                    format_date(prepare.self_assessment_from)
                ));
            }
        }
    }
    out.push_str("\n* a list scenario: cross_scenario applies to it\n\nPROJECTION (filing form)\n");
    let mut rows = vec![vec!["".to_string()]];
    rows[0].extend(report.projection.years.iter().map(|y| y.year.to_string()));
    for (name, pick) in [
        (
            "sensitive",
            (|y: &YearRow| y.sensitive) as fn(&YearRow) -> u64,
        ),
        ("non-sensitive", |y: &YearRow| y.non_sensitive),
    ] {
        let mut row = vec![name.to_string()];
        row.extend(report.projection.years.iter().map(|y| thousands(pick(y))));
        rows.push(row);
    }
    out.push_str(&table(&rows));
    out.push_str(&format!("method: {}\n", report.projection.method));
    for warning in &report.warnings {
        out.push_str(&format!("warning: {warning}\n"));
    }
    out
}
