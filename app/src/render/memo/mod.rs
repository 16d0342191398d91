//! The decision memo: one document a compliance team can file, in Markdown or self-contained
//! HTML, and the due dates as an iCalendar file.
//!
//! The memo is built once as a small document ([`Block`]s) and rendered by [`markdown`] and
//! [`html`], so both say exactly the same. Everything it states comes from the evaluation and
//! the packs' descriptions; the pack libraries' SHA-256 are computed by the caller (the host) and
//! passed in as text, so the decision can be reproduced with the same files later.

mod html;
mod ics;

pub use html::html;
pub use ics::ics;

use crate::common::dates::format_date;
use crate::core::engine::{ExportEvaluation, ZoneEvaluation};
use crate::core::obligations::DutyStatus;
use crate::core::profile::Profile;
use crate::core::wording::{route_symbol, summary_words, thousands};
use crate::render::report::{count_words, data_text, duty_when, headroom_words, TRIAL_ENDED_MARK};
use ftzroute_plugin_api::{Confidence, Description, Route};
use std::collections::BTreeMap;

/// A pack used for the memo, as the caller identified its library.
#[derive(Debug, Clone)]
pub struct PackIdentity {
    pub description: Description,
    /// The library's file name.
    pub file: String,
    /// SHA-256 of the library file, lowercase hex.
    pub sha256: String,
}

/// Everything a memo says, gathered by the caller.
#[derive(Debug, Clone)]
pub struct MemoInput<'a> {
    pub profile: &'a Profile,
    /// The profile file as the user named it.
    pub profile_file: String,
    /// The profile's text exactly as read.
    pub profile_text: &'a str,
    /// SHA-256 of that text, lowercase hex.
    pub profile_sha256: String,
    pub zones: &'a [ZoneEvaluation],
    /// Every pack of the zones judged that loaded, in zone order, each once.
    pub packs: Vec<PackIdentity>,
    /// The ftzroute version that produced the memo.
    pub version: &'a str,
    /// When the memo was produced.
    pub generated: time::OffsetDateTime,
}

/// A piece of running text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    /// Identifiers, routes, hashes: set in a monospace face.
    Code(String),
    Strong(String),
}

/// A block of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Level 1 to 4.
    Heading(u8, String),
    Paragraph(Vec<Inline>),
    List(Vec<Vec<Inline>>),
    /// A header row, then rows of cells.
    Table(Vec<String>, Vec<Vec<String>>),
    /// Verbatim text (the profile file), with its language for Markdown.
    Verbatim(String, String),
}

fn text(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

fn code(s: impl Into<String>) -> Inline {
    Inline::Code(s.into())
}

fn strong(s: impl Into<String>) -> Inline {
    Inline::Strong(s.into())
}

/// `2025-10-01 09:30 UTC`.
pub fn generated_text(at: time::OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{} {:02}:{:02} UTC",
        format_date(at.date()),
        at.hour(),
        at.minute()
    )
}

/// The memo's title line.
pub fn title(input: &MemoInput) -> String {
    let who = input
        .profile
        .title
        .clone()
        .unwrap_or_else(|| input.profile.handler.name.clone());
    format!("Data-export decision memo: {who}")
}

/// The memo as a document.
pub fn document(input: &MemoInput) -> Vec<Block> {
    let mut doc = vec![
        Block::Heading(1, title(input)),
        Block::Paragraph(vec![
            text("Produced by ftzroute "),
            code(input.version),
            text(format!(
                " on {} for the profile {} as of {}. ftzroute is a decision aid, not legal \
                 advice; the Chinese texts control, and English renderings are unofficial unless \
                 marked otherwise.",
                generated_text(input.generated),
                input.profile_file,
                format_date(input.profile.as_of)
            )),
        ]),
    ];
    summary(input, &mut doc);
    profile_section(input, &mut doc);
    decisions(input, &mut doc);
    interpretations(input, &mut doc);
    open_points(input, &mut doc);
    packs_section(input, &mut doc);
    doc
}

fn route_text(route: Route) -> String {
    format!("{} {}", route_symbol(route), route.id())
}

/// The zone's summary with its symbol: "▲ security-assessment", "? undetermined: at least ...",
/// marked when a list past its trial period decided any of its exports.
fn summary_text(zone: &ZoneEvaluation) -> String {
    let mut text = format!("{} {}", route_symbol(zone.route), summary_words(zone));
    if let Some(until) = zone.exports.iter().find_map(|e| e.trial_ended.as_ref()) {
        text.push_str(&format!(
            " {TRIAL_ENDED_MARK} (the deciding list's trial period ended {until}: check it still applies)"
        ));
    }
    text
}

/// The earliest dated duty still to do across a zone's exports, as "date (status): id of export".
fn zone_next_duty(zone: &ZoneEvaluation) -> String {
    zone.exports
        .iter()
        .flat_map(|export| {
            export
                .obligations
                .iter()
                .filter(|d| d.is_dated_and_open())
                .map(move |d| (d.due, export, d))
        })
        .min_by_key(|(due, _, _)| *due)
        .map(|(_, export, duty)| format!("{}: {} of {}", duty_when(duty), duty.duty.id, export.id))
        .unwrap_or_else(|| "none dated".into())
}

fn summary(input: &MemoInput, doc: &mut Vec<Block>) {
    doc.push(Block::Heading(2, "1. Summary".into()));
    let rows = input
        .zones
        .iter()
        .map(|zone| {
            let overdue = zone
                .exports
                .iter()
                .flat_map(|e| &e.obligations)
                .filter(|d| d.status == DutyStatus::Overdue)
                .count();
            vec![
                format!("{} ({})", zone.name, zone.zone),
                summary_text(zone),
                zone.undetermined.to_string(),
                overdue.to_string(),
                zone_next_duty(zone),
                zone_coverage_short(zone),
            ]
        })
        .collect();
    doc.push(Block::Table(
        [
            "zone",
            "overall route",
            "undetermined exports",
            "overdue duties",
            "next dated duty",
            "list encoded",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    ));
    let sentences: Vec<Vec<Inline>> = input
        .zones
        .iter()
        .map(|zone| vec![text(zone_coverage_sentence(zone))])
        .collect();
    if !sentences.is_empty() {
        doc.push(Block::Paragraph(vec![strong(
            "How far each column can be trusted (how much of its list the deciding pack encodes):",
        )]));
        doc.push(Block::List(sentences));
    }
}

fn zone_coverage_short(zone: &ZoneEvaluation) -> String {
    zone.coverage
        .as_ref()
        .map(|c| c.short())
        .unwrap_or_else(|| "no pack decides".into())
}

/// "Tianjin's list is encoded only as identity: ..." (the zone id, capitalised).
fn zone_coverage_sentence(zone: &ZoneEvaluation) -> String {
    let mut id = zone.zone.clone();
    if let Some(first) = id.get(..1) {
        id = format!("{}{}", first.to_uppercase(), &id[1..]);
    }
    match &zone.coverage {
        Some(coverage) => coverage.sentence(&id),
        None => format!("{id}: no pack decides, so no list is encoded."),
    }
}

fn profile_section(input: &MemoInput, doc: &mut Vec<Block>) {
    let profile = input.profile;
    doc.push(Block::Heading(2, "2. The profile".into()));
    doc.push(Block::List(vec![
        vec![strong("Handler: "), text(profile.handler.name.clone())],
        vec![strong("Sector: "), code(profile.handler.sector.clone())],
        vec![
            strong("Critical information infrastructure operator: "),
            text(if profile.handler.ciio { "yes" } else { "no" }),
        ],
        vec![
            strong("As of (date of the planned export): "),
            text(format_date(profile.as_of)),
        ],
        vec![
            strong("Profile file: "),
            code(input.profile_file.clone()),
            text(", SHA-256 "),
            code(input.profile_sha256.clone()),
        ],
    ]));
    if !profile.notes.is_empty() {
        doc.push(Block::Paragraph(vec![strong("Notes on the profile:")]));
        doc.push(Block::List(
            profile
                .notes
                .iter()
                .map(|n| vec![text(n.clone())])
                .collect(),
        ));
    }
    if !profile.warnings.is_empty() {
        doc.push(Block::Paragraph(vec![strong(
            "Warnings about the profile (valid, but check them):",
        )]));
        doc.push(Block::List(
            profile
                .warnings
                .iter()
                .map(|w| vec![text(w.clone())])
                .collect(),
        ));
    }
    let rows = profile
        .exports
        .iter()
        .enumerate()
        .map(|(index, export)| {
            let number = |n: Option<u64>| n.map(thousands).unwrap_or_else(|| "-".into());
            let dates: Vec<String> = profile.dates[index]
                .given()
                .into_iter()
                .map(|(key, date)| format!("{key} {}", format_date(date)))
                .collect();
            vec![
                export.id.clone(),
                profile.labels[index].clone().unwrap_or_default(),
                data_text(export),
                number(export.persons),
                thousands(export.exempt_persons),
                number(export.counted_persons()),
                if dates.is_empty() {
                    "-".into()
                } else {
                    dates.join("; ")
                },
            ]
        })
        .collect();
    doc.push(Block::Table(
        [
            "export", "label", "data", "persons", "exempt", "counted", "dates",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    ));
    doc.push(Block::Paragraph(vec![text(
        "The profile file as evaluated, verbatim:",
    )]));
    doc.push(Block::Verbatim(
        "toml".into(),
        input.profile_text.to_string(),
    ));
}

fn decisions(input: &MemoInput, doc: &mut Vec<Block>) {
    doc.push(Block::Heading(2, "3. Routes and duties by zone".into()));
    for zone in input.zones {
        doc.push(Block::Heading(3, format!("{} ({})", zone.name, zone.zone)));
        doc.push(Block::Paragraph(vec![
            strong("Overall route: "),
            text(summary_text(zone)),
        ]));
        if let Some(counted) = &zone.counted {
            doc.push(Block::Paragraph(vec![
                strong("Counted from the transfer ledger: "),
                text(counted.words()),
                text(", the deciding pack's counting window."),
            ]));
        }
        for (index, export) in zone.exports.iter().enumerate() {
            let own = input.profile.exports.get(index);
            export_block(export, own, doc);
        }
    }
}

fn export_block(
    export: &ExportEvaluation,
    own: Option<&ftzroute_plugin_api::Export>,
    doc: &mut Vec<Block>,
) {
    let mut heading = format!("{}: {}", export.id, route_text(export.route));
    if let Some(until) = &export.trial_ended {
        heading.push_str(&format!(" {TRIAL_ENDED_MARK} (trial period ended {until})"));
    }
    doc.push(Block::Heading(4, heading));
    let mut items = vec![vec![strong("Basis: "), text(export.basis.clone())]];
    if let Some(until) = &export.trial_ended {
        items.push(vec![
            strong("Check first: "),
            text(format!(
                "the trial period of the list that decided this export ended on {until}; \
                 confirm that it was extended or replaced with the same rows before filing on \
                 this route"
            )),
        ]);
    }
    if let Some(rule) = &export.rule {
        items.push(vec![strong("Citation: "), text(rule.citation.zh.clone())]);
        items.push(vec![
            strong("In English: "),
            text(format!(
                "{}{}",
                rule.citation.en,
                if rule.citation.en_official {
                    ""
                } else {
                    " (unofficial translation)"
                }
            )),
        ]);
        let pack = match (&export.pack, &export.edition) {
            (Some(pack), Some(edition)) => format!("{pack} (edition {edition})"),
            (Some(pack), None) => pack.clone(),
            _ => "none".into(),
        };
        items.push(vec![
            strong("Decided by: "),
            code(pack),
            text(", rule "),
            code(rule.id.clone()),
        ]);
    }
    if let Some(words) = own.and_then(|own| count_words(export, own)) {
        items.push(vec![strong("Counted persons: "), text(words)]);
    }
    items.push(vec![strong("Headroom: "), text(headroom_words(export))]);
    for note in &export.notes {
        items.push(vec![strong("Note: "), text(note.clone())]);
    }
    doc.push(Block::List(items));
    if export.obligations.is_empty() {
        doc.push(Block::Paragraph(vec![text(
            "No duty of the packs used reaches this export.",
        )]));
        return;
    }
    let rows = export
        .obligations
        .iter()
        .map(|duty| {
            let mut what = format!("{} / {}", duty.duty.duty_en, duty.duty.duty_zh);
            for note in &duty.notes {
                what.push_str(&format!(" — {note}"));
            }
            vec![
                duty.duty.id.clone(),
                what,
                duty.due.map(format_date).unwrap_or_else(|| "-".into()),
                duty.status.id().to_string(),
                duty.timing.clone(),
                format!("{} / {}", duty.duty.basis.zh, duty.duty.basis.en),
                duty.duty.confidence.id().to_string(),
            ]
        })
        .collect();
    doc.push(Block::Table(
        [
            "duty",
            "what",
            "due",
            "status",
            "counted",
            "basis",
            "confidence",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    ));
}

/// Packs that decided at least one export, in the memo's pack order.
fn deciding_packs<'a>(input: &'a MemoInput) -> Vec<&'a PackIdentity> {
    input
        .packs
        .iter()
        .filter(|pack| {
            input
                .zones
                .iter()
                .flat_map(|z| &z.exports)
                .any(|e| e.pack.as_deref() == Some(pack.description.id.as_str()))
        })
        .collect()
}

fn interpretations(input: &MemoInput, doc: &mut Vec<Block>) {
    doc.push(Block::Heading(2, "4. Interpretations applied".into()));
    doc.push(Block::Paragraph(vec![text(
        "Where the texts leave room, the packs that decided adopt these readings; a reviewer may \
         disagree with any of them.",
    )]));
    for pack in deciding_packs(input) {
        doc.push(Block::Heading(
            3,
            format!(
                "{} (edition {})",
                pack.description.id, pack.description.edition
            ),
        ));
        if pack.description.interpretations.is_empty() {
            doc.push(Block::Paragraph(vec![text("None stated.")]));
        } else {
            doc.push(Block::List(
                pack.description
                    .interpretations
                    .iter()
                    .map(|reading| vec![text(reading.clone())])
                    .collect(),
            ));
        }
    }
}

fn where_to_read(input: &MemoInput, zone: &ZoneEvaluation) -> String {
    let texts: Vec<String> = input
        .packs
        .iter()
        .filter(|pack| {
            zone.exports
                .iter()
                .any(|e| e.pack.as_deref() == Some(pack.description.id.as_str()))
                || pack.description.zone == zone.zone
        })
        .map(|pack| {
            format!(
                "{} ({}; {})",
                pack.description.source.title_zh,
                pack.description.source.title_en,
                pack.description.source.reference
            )
        })
        .collect();
    if texts.is_empty() {
        "the zone's instruments (no pack of the zone loaded)".into()
    } else {
        texts.join("; ")
    }
}

fn open_points(input: &MemoInput, doc: &mut Vec<Block>) {
    doc.push(Block::Heading(
        2,
        "5. Undetermined points and readings to check".into(),
    ));
    let mut items: Vec<Vec<Inline>> = Vec::new();
    for zone in input.zones {
        for export in zone
            .exports
            .iter()
            .filter(|e| e.route == Route::Undetermined)
        {
            let mut item = vec![
                strong(format!("{} in {}: ", export.id, zone.zone)),
                text("no route could be determined. "),
            ];
            for note in &export.notes {
                item.push(text(format!("{note} ")));
            }
            item.push(text(format!("Read: {}.", where_to_read(input, zone))));
            items.push(item);
        }
    }
    // Duties resting on one secondary source or on inference, once per pack and duty.
    let mut weak: BTreeMap<(String, String), (Confidence, String, Option<String>)> =
        BTreeMap::new();
    let mut calendar_years: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for duty in input
        .zones
        .iter()
        .flat_map(|z| &z.exports)
        .flat_map(|e| &e.obligations)
    {
        if duty.duty.confidence.needs_checking() {
            weak.entry((duty.pack.clone(), duty.duty.id.clone()))
                .or_insert_with(|| {
                    (
                        duty.duty.confidence,
                        format!("{} / {}", duty.duty.basis.zh, duty.duty.basis.en),
                        duty.duty.source.clone(),
                    )
                });
        }
        for note in duty
            .notes
            .iter()
            .filter(|n| n.starts_with("No working-day calendar"))
        {
            calendar_years
                .entry(note.clone())
                .or_default()
                .push(duty.duty.id.clone());
        }
    }
    for ((pack, id), (confidence, basis, source)) in weak {
        let mut item = vec![
            strong(format!("Duty {id} ({pack}): ")),
            text(format!(
                "confidence {} ({}). Read: {basis}",
                confidence.id(),
                confidence.meaning()
            )),
        ];
        if let Some(source) = source {
            item.push(text(format!("; known from {source}")));
        }
        item.push(text("."));
        items.push(item);
    }
    for (note, mut duties) in calendar_years {
        duties.dedup();
        items.push(vec![
            strong("Working days: "),
            text(format!("{note} Affects: {}.", duties.join(", "))),
        ]);
    }
    if items.is_empty() {
        doc.push(Block::Paragraph(vec![text(
            "None: every export has a route, and every duty rests on a primary text or two \
             independent sources.",
        )]));
    } else {
        doc.push(Block::List(items));
    }
}

fn packs_section(input: &MemoInput, doc: &mut Vec<Block>) {
    doc.push(Block::Heading(2, "6. Packs used".into()));
    doc.push(Block::Paragraph(vec![
        text("To reproduce this decision, run ftzroute "),
        code(input.version),
        text(" on the profile above with pack libraries of exactly these SHA-256 (compare with "),
        code("ftzroute packs --format json"),
        text(" or "),
        code("sha256sum"),
        text(")."),
    ]));
    let rows = input
        .packs
        .iter()
        .map(|pack| {
            let d = &pack.description;
            vec![
                d.id.clone(),
                d.edition.clone(),
                d.zone.clone(),
                match &d.effective_until {
                    Some(until) => format!("{} to {until}", d.effective_from),
                    None => format!("from {}", d.effective_from),
                },
                format!("1.{}", d.contract_minor),
                pack.file.clone(),
                pack.sha256.clone(),
            ]
        })
        .collect();
    doc.push(Block::Table(
        [
            "pack", "edition", "zone", "in force", "contract", "library", "SHA-256",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    ));
    let mut sources = Vec::new();
    for pack in &input.packs {
        let d = &pack.description;
        sources.push(vec![
            code(d.id.clone()),
            text(format!(
                ": {} ({}); {}",
                d.source.title_zh, d.source.title_en, d.source.reference
            )),
        ]);
        for year in &d.calendar {
            sources.push(vec![
                code(d.id.clone()),
                text(format!(
                    ": working-day calendar {}: {}",
                    year.year, year.source
                )),
            ]);
        }
    }
    doc.push(Block::List(sources));
}

/// The memo in Markdown.
pub fn markdown(input: &MemoInput) -> String {
    let mut out = String::new();
    for block in document(input) {
        match block {
            Block::Heading(level, title) => {
                out.push_str(&format!(
                    "{} {}\n\n",
                    "#".repeat(level as usize),
                    md_text(&title)
                ));
            }
            Block::Paragraph(inlines) => {
                out.push_str(&md_inlines(&inlines));
                out.push_str("\n\n");
            }
            Block::List(items) => {
                for item in items {
                    out.push_str(&format!("- {}\n", md_inlines(&item)));
                }
                out.push('\n');
            }
            Block::Table(header, rows) => {
                let cells = |row: &[String]| {
                    row.iter()
                        .map(|cell| md_cell(cell))
                        .collect::<Vec<_>>()
                        .join(" | ")
                };
                out.push_str(&format!("| {} |\n", cells(&header)));
                out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
                for row in rows {
                    out.push_str(&format!("| {} |\n", cells(&row)));
                }
                out.push('\n');
            }
            Block::Verbatim(language, body) => {
                // A fence longer than any run of backticks in the text keeps it verbatim.
                let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
                let fence = "`".repeat(longest.max(2) + 1);
                out.push_str(&format!("{fence}{language}\n{body}"));
                if !body.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(&format!("{fence}\n\n"));
            }
        }
    }
    out
}

fn md_inlines(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|inline| match inline {
            Inline::Text(t) => md_text(t),
            Inline::Code(c) => md_code(c),
            Inline::Strong(s) => format!("**{}**", md_text(s.trim_end())) + trailing_space(s),
        })
        .collect()
}

fn trailing_space(s: &str) -> &'static str {
    if s.ends_with(' ') {
        " "
    } else {
        ""
    }
}

/// Markdown's inline specials, escaped so pack text (e.g. the code `P*`) prints as written.
fn md_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn md_code(code: &str) -> String {
    if code.contains('`') {
        format!("`` {code} ``")
    } else {
        format!("`{code}`")
    }
}

fn md_cell(cell: &str) -> String {
    md_text(&cell.replace('\n', " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_text_escapes_its_specials() {
        assert_eq!(md_text("P* and a|b"), "P\\* and a\\|b");
        assert_eq!(md_code("a`b"), "`` a`b ``");
    }
}
