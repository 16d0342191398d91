//! Rendering an evaluation: JSON (contract v1), a terminal table, Markdown.

use crate::common::dates::format_date;
use crate::core::engine::{ExportEvaluation, ZoneEvaluation, ZoneFailure, ZoneResult};
use crate::core::obligations::{DueObligation, DutyStatus};
use crate::core::profile::{kind_id, Profile};
use crate::core::wording::{route_symbol, route_word, summary_words, thousands, JsonCounted};
use ftzroute_plugin_api::{DataKind, Route, Subject};
use serde::Serialize;
use std::io::Write as _;
use unicode_width::UnicodeWidthStr;

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
    if export.trial_ended.is_some() {
        text.push_str(&format!(" {TRIAL_ENDED_MARK}"));
    }
    text
}

/// Marks a cell decided by a list whose trial period has ended before `as_of`.
pub const TRIAL_ENDED_MARK: &str = "†";

/// What the trial mark means and what to do, for a legend.
pub fn trial_ended_legend(zones: &[ZoneResult]) -> Option<String> {
    let mut ended: Vec<String> = judged(zones)
        .flat_map(|zone| &zone.exports)
        .filter_map(|export| {
            let until = export.trial_ended.as_ref()?;
            Some(format!(
                "{} ({until})",
                export.pack.as_deref().unwrap_or("?")
            ))
        })
        .collect();
    ended.sort();
    ended.dedup();
    (!ended.is_empty()).then(|| {
        format!(
            "{TRIAL_ENDED_MARK} decided by a list whose trial period ended before the profile's date: {}; check that it was extended or replaced unchanged before relying on the route",
            ended.join(", ")
        )
    })
}

/// A zone's summary in a compact cell: `▲ assessment`, or for an undetermined zone
/// `? undetermined (≥ ▲ assessment; 2 undetermined)`: never more than the rows decide.
pub fn summary_cell(zone: &ZoneEvaluation) -> String {
    let head = format!("{} {}", route_symbol(zone.route), route_word(zone.route));
    if zone.route != Route::Undetermined {
        return head;
    }
    match &zone.floor {
        Some(floor) if floor.route != Route::Exempt => format!(
            "{head} (≥ {} {}; {} undetermined)",
            route_symbol(floor.route),
            route_word(floor.route),
            zone.undetermined
        ),
        Some(_) => format!("{head} ({} undetermined, rest exempt)", zone.undetermined),
        None => format!("{head} (all {})", zone.undetermined),
    }
}

/// The headroom of one cell in words. An undetermined cell has none to give: its route is not
/// known, so neither is a stricter one.
pub fn headroom_words(export: &ExportEvaluation) -> String {
    match (export.route, export.next, export.counted_persons) {
        (Route::Undetermined, _, _) => "not known: the route itself is undetermined".to_string(),
        (_, Some(next), Some(counted)) => format!(
            "+{} to {} at {} counted persons",
            count_of_persons(next.at_persons.saturating_sub(counted)),
            next.route,
            thousands(next.at_persons)
        ),
        (_, None, Some(_)) => "no stricter route at higher counts".to_string(),
        _ => "no person count for this data".to_string(),
    }
}

/// How a cell's count was formed, in one sentence: "201,200 counted toward the threshold: this
/// export's 4,200 persons − 3,000 exempt = 1,200, with passengers (international shipping
/// scenarios)". `own` is the profile's export as evaluated (with a ledger, its persons and
/// excluded persons are the ledger's).
pub fn count_words(export: &ExportEvaluation, own: &ftzroute_plugin_api::Export) -> Option<String> {
    let counted = export.counted_persons?;
    let persons = own.persons.unwrap_or(0);
    let own_counted = own.counted_persons().unwrap_or(0);
    let mut text = format!(
        "{} counted toward the threshold: this export's {} − {} exempt = {}",
        thousands(counted),
        count_of_persons(persons),
        thousands(own.exempt_persons),
        thousands(own_counted)
    );
    if let Some(count) = export.count.as_ref().filter(|_| counted != own_counted) {
        if count.with.is_empty() {
            text.push_str(&format!(", counted in {}", count.scenario));
        } else {
            text.push_str(&format!(
                ", with {} ({})",
                count.with.join(", "),
                count.scenario
            ));
        }
    }
    Some(text)
}

/// "1 person", "1,200 persons".
pub fn count_of_persons(n: u64) -> String {
    format!(
        "{} {}",
        thousands(n),
        if n == 1 { "person" } else { "persons" }
    )
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

/// How directly a rule's text is known, in words.
pub fn confidence_words(confidence: ftzroute_plugin_api::Confidence) -> &'static str {
    use ftzroute_plugin_api::Confidence;
    match confidence {
        Confidence::PrimaryText => "primary text (read in the instrument itself)",
        Confidence::VerbatimCopy => {
            "verbatim copy (the instrument's wording, from a third-party copy)"
        }
        Confidence::Secondary => "secondary sources (not read in the instrument)",
        Confidence::Inference => "inference (the pack's reading of its sources)",
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    schema: u32,
    title: Option<&'a str>,
    as_of: String,
    handler: &'a ftzroute_plugin_api::Handler,
    zones: Vec<JsonZoneResult<'a>>,
    /// What the profile declares that every output carries (a sector outside every list).
    notes: &'a [String],
    /// Every warning printed on stderr: implausible figures, near-miss scenarios, the ledger's
    /// (file, line, field and why), never errors.
    warnings: &'a [String],
    /// When the profile keeps a transfer ledger: its counts, groups and projection.
    #[serde(skip_serializing_if = "Option::is_none")]
    ledger: Option<serde_json::Value>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum JsonZoneResult<'a> {
    Judged(JsonZone<'a>),
    Failed(JsonFailedZone<'a>),
}

/// A zone whose pack failed, in its place: `{"zone", "name", "error": {...}}`.
#[derive(Serialize)]
struct JsonFailedZone<'a> {
    zone: &'a str,
    name: &'a str,
    error: JsonError<'a>,
}

#[derive(Serialize)]
struct JsonError<'a> {
    pack: Option<&'a str>,
    /// The library file concerned (the first, when two claim one id).
    file: Option<&'a std::path::Path>,
    files: &'a [std::path::PathBuf],
    fault: &'static str,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonZone<'a> {
    zone: &'a str,
    name: &'a str,
    /// The zone's summary: `undetermined` as soon as one export is.
    route: Route,
    undetermined: usize,
    /// For an undetermined zone, what its determined exports already require.
    floor: Option<JsonFloor<'a>>,
    /// The summary in words, as the table and the memo say it.
    summary: String,
    /// When the persons were counted from a transfer ledger: the deciding pack's window.
    #[serde(skip_serializing_if = "Option::is_none")]
    counted: Option<JsonCounted>,
    /// How much of its instrument the deciding pack encodes (`null` when no pack decides).
    coverage: Option<crate::core::coverage::JsonCoverage<'a>>,
    exports: Vec<JsonExport<'a>>,
}

/// One line per zone judged: how much of its instrument the deciding pack encodes.
pub fn coverage_lines(zones: &[ZoneResult]) -> Vec<String> {
    judged(zones)
        .map(|zone| {
            let words = zone
                .coverage
                .as_ref()
                .map(|c| c.line())
                .unwrap_or_else(|| "no pack decides".to_string());
            format!("{}: {words}", zone.zone)
        })
        .collect()
}

/// One line per zone counted from a transfer ledger, naming the window it counted.
fn counted_lines(zones: &[ZoneResult]) -> Vec<String> {
    judged(zones)
        .filter_map(|zone| {
            zone.counted
                .map(|counted| format!("{}: {}", zone.zone, counted.words()))
        })
        .collect()
}

#[derive(Serialize)]
struct JsonFloor<'a> {
    route: Route,
    exports: &'a [String],
}

#[derive(Serialize)]
struct JsonExport<'a> {
    id: &'a str,
    /// The profile's label of the export, when it gives one.
    label: Option<&'a str>,
    /// What the export carries, as the table's data column says it.
    data: String,
    route: Route,
    pack: Option<&'a str>,
    edition: Option<&'a str>,
    /// The id of the rule that decided, and its citation (the Chinese text controls).
    rule: Option<&'a str>,
    citation: Option<&'a ftzroute_plugin_api::Citation>,
    /// How directly the rule's text is known, when the pack says (contract 1.1).
    confidence: Option<ftzroute_plugin_api::Confidence>,
    list_item: Option<u32>,
    basis: &'a str,
    counted_persons: Option<u64>,
    next: Option<JsonNext>,
    notes: &'a [String],
    /// True when another zone's list, applied by reference, decided the export.
    by_reference: bool,
    obligations: Vec<JsonObligation<'a>>,
    /// The last day of the deciding list's trial period, when the profile's date is past it.
    trial_ended: Option<&'a str>,
}

/// One duty of an export in the JSON document.
#[derive(Serialize)]
pub struct JsonObligation<'a> {
    pub id: &'a str,
    /// The pack that declares it.
    pub pack: &'a str,
    pub duty: &'a str,
    pub duty_zh: &'a str,
    /// The legal basis (English rendering; `basis_zh` controls).
    pub basis: &'a str,
    pub basis_zh: &'a str,
    pub confidence: &'static str,
    pub source: Option<&'a str>,
    /// Last day to act (a validity: its last day), or null where no date applies.
    pub due: Option<String>,
    /// First day the act may be done, when the text opens a window.
    pub opens: Option<String>,
    pub status: DutyStatus,
    pub timing: &'a str,
    pub notes: &'a [String],
}

impl<'a> JsonObligation<'a> {
    pub fn of(duty: &'a DueObligation) -> Self {
        JsonObligation {
            id: &duty.duty.id,
            pack: &duty.pack,
            duty: &duty.duty.duty_en,
            duty_zh: &duty.duty.duty_zh,
            basis: &duty.duty.basis.en,
            basis_zh: &duty.duty.basis.zh,
            confidence: duty.duty.confidence.id(),
            source: duty.duty.source.as_deref(),
            due: duty.due.map(format_date),
            opens: duty.opens.map(format_date),
            status: duty.status,
            timing: &duty.timing,
            notes: &duty.notes,
        }
    }
}

/// The duty to act on first: the earliest dated duty not done (an overdue one first of all).
pub fn next_duty(export: &ExportEvaluation) -> Option<&DueObligation> {
    export
        .obligations
        .iter()
        .filter(|duty| duty.is_dated_and_open())
        .min_by_key(|duty| duty.due)
}

/// A duty's date and status: `due 2025-10-11 (due-soon), opens ...`, `on-event`.
pub fn duty_when(duty: &DueObligation) -> String {
    let when = match (duty.due, duty.status) {
        (Some(due), DutyStatus::Done) => format!("done (due {})", format_date(due)),
        (Some(due), status) => format!("due {} ({status})", format_date(due)),
        (None, status) => status.to_string(),
    };
    match duty.opens {
        Some(opens) => format!("{when}, opens {}", format_date(opens)),
        None => when,
    }
}

/// One duty on one line: `scc-filing: due 2025-10-11 (due-soon) [S2] — File the ...`.
pub fn duty_line(duty: &DueObligation) -> String {
    format!(
        "{}: {} [{}] — {}",
        duty.duty.id,
        duty_when(duty),
        duty.duty.confidence.id(),
        duty.duty.duty_en
    )
}

#[derive(Serialize)]
struct JsonNext {
    route: Route,
    at_persons: u64,
}

/// The contract-v1 JSON document: every zone in the order given, a failed one as an error
/// object in its place.
pub fn json(profile: &Profile, zones: &[ZoneResult]) -> String {
    json_with(profile, zones, None)
}

/// The contract-v1 JSON document, with a `ledger` section when one is given.
pub fn json_with(
    profile: &Profile,
    zones: &[ZoneResult],
    ledger: Option<serde_json::Value>,
) -> String {
    let mut bytes = Vec::new();
    write_json_with(profile, zones, ledger, &mut bytes).expect("writing to memory never fails");
    String::from_utf8(bytes).expect("JSON is UTF-8")
}

/// [`json_with`], written straight to `out`: a report of thousands of exports is never held
/// whole in memory.
pub fn write_json_with(
    profile: &Profile,
    zones: &[ZoneResult],
    ledger: Option<serde_json::Value>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let report = JsonReport {
        ledger,
        schema: 1,
        title: profile.title.as_deref(),
        as_of: format_date(profile.as_of),
        handler: &profile.handler,
        notes: &profile.notes,
        warnings: &profile.warnings,
        zones: zones
            .iter()
            .map(|zone| match zone {
                Ok(zone) => JsonZoneResult::Judged(json_zone(profile, zone)),
                Err(failure) => JsonZoneResult::Failed(JsonFailedZone {
                    zone: &failure.zone,
                    name: &failure.name,
                    error: JsonError {
                        pack: failure.fault.pack.as_deref(),
                        file: failure.fault.file(),
                        files: &failure.fault.files,
                        fault: failure.fault.kind.id(),
                        message: &failure.fault.message,
                    },
                }),
            })
            .collect(),
    };
    let mut out = std::io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &report).map_err(std::io::Error::from)?;
    out.write_all(b"\n")?;
    out.flush()
}

fn json_zone<'a>(profile: &'a Profile, zone: &'a ZoneEvaluation) -> JsonZone<'a> {
    JsonZone {
        zone: &zone.zone,
        name: &zone.name,
        route: zone.route,
        undetermined: zone.undetermined,
        floor: zone.floor.as_ref().map(|floor| JsonFloor {
            route: floor.route,
            exports: &floor.exports,
        }),
        summary: summary_words(zone),
        counted: zone.counted.as_ref().map(JsonCounted::of),
        coverage: zone.coverage.as_ref().map(|c| c.json()),
        exports: zone
            .exports
            .iter()
            .enumerate()
            .map(|(index, export)| JsonExport {
                id: &export.id,
                label: profile.label_at(index),
                data: profile
                    .exports
                    .get(index)
                    .map(data_text)
                    .unwrap_or_default(),
                route: export.route,
                pack: export.pack.as_deref(),
                edition: export.edition.as_deref(),
                rule: export.rule.as_ref().map(|r| r.id.as_str()),
                citation: export.rule.as_ref().map(|r| &r.citation),
                confidence: export.rule.as_ref().and_then(|r| r.confidence),
                list_item: export.list_item,
                basis: &export.basis,
                counted_persons: export.counted_persons,
                next: export.next.map(|next| JsonNext {
                    route: next.route,
                    at_persons: next.at_persons,
                }),
                notes: &export.notes,
                by_reference: export.by_reference.is_some(),
                obligations: export.obligations.iter().map(JsonObligation::of).collect(),
                trial_ended: export.trial_ended.as_deref(),
            })
            .collect(),
    }
}

/// True when the routes are not all the same.
pub fn routes_differ(routes: impl IntoIterator<Item = Route>) -> bool {
    let mut routes = routes.into_iter();
    let first = routes.next();
    routes.any(|route| Some(route) != first)
}

/// True when the judged zones disagree on this export's route.
pub fn zones_differ(zones: &[ZoneResult], index: usize) -> bool {
    routes_differ(
        judged(zones)
            .filter_map(|zone| zone.exports.get(index))
            .map(|e| e.route),
    )
}

fn overall_differs(zones: &[ZoneResult]) -> bool {
    routes_differ(judged(zones).map(|zone| zone.route))
}

fn judged(zones: &[ZoneResult]) -> impl Iterator<Item = &ZoneEvaluation> {
    zones.iter().filter_map(|zone| zone.as_ref().ok())
}

fn failed(zones: &[ZoneResult]) -> impl Iterator<Item = &ZoneFailure> {
    zones
        .iter()
        .filter_map(|zone| zone.as_ref().err().map(|failure| &**failure))
}

fn zone_id(zone: &ZoneResult) -> &str {
    match zone {
        Ok(zone) => &zone.zone,
        Err(failure) => &failure.zone,
    }
}

/// The cell of a zone that could not be judged.
const NOT_JUDGED: &str = "! error";

/// How wide the terminal table may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableWidth {
    /// Every column in one block with full cells: for a pipe, a file and `--wide`.
    Wide,
    /// At most this many columns, a terminal's width: data and persons move to the export list,
    /// then cells turn compact, then the zones are split into blocks that each fit.
    Fit(usize),
}

/// How much a zone's cell says: the full `● contract/cert · item 14`, or the compact `● #14`
/// the dashboard draws in narrow columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CellForm {
    Full,
    Compact,
}

/// A row of the comparison grid.
#[derive(Clone, Copy)]
enum GridRow {
    Header,
    Export(usize),
    Overall,
}

/// The columns one block of the grid shows: always the export's id, then (when `described`)
/// its data and persons, a run of zones, and (when `differ`) whether the zones differ.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Block {
    described: bool,
    zones: std::ops::Range<usize>,
    differ: bool,
    form: CellForm,
}

/// The compact form of a cell: the route's symbol and its list item, `● #14`.
fn compact_cell_text(export: &ExportEvaluation) -> String {
    let mut text = route_symbol(export.route).to_string();
    if let Some(item) = export.list_item {
        text.push_str(&format!(" #{item}"));
    }
    if export.trial_ended.is_some() {
        text.push_str(&format!(" {TRIAL_ENDED_MARK}"));
    }
    text
}

/// The cells of one row of one block; with `labels`, an export's label follows its id.
fn block_row(
    profile: &Profile,
    zones: &[ZoneResult],
    block: &Block,
    row: GridRow,
    labels: bool,
) -> Vec<String> {
    let mut cells = Vec::with_capacity(block.zones.len() + 4);
    match row {
        GridRow::Header => {
            cells.push("export".to_string());
            if block.described {
                // The export's own persons: what it counts toward each zone's threshold is in the
                // details, since zones add different exports in.
                cells.extend(["data".to_string(), "persons".to_string()]);
            }
            cells.extend(
                zones[block.zones.clone()]
                    .iter()
                    .map(|z| zone_id(z).to_string()),
            );
            if block.differ {
                cells.push("zones".into());
            }
        }
        GridRow::Export(index) => {
            let export = &profile.exports[index];
            cells.push(match profile.label_at(index).filter(|_| labels) {
                Some(label) => format!("{} ({label})", export.id),
                None => export.id.clone(),
            });
            if block.described {
                cells.push(data_text(export));
                cells.push(export.persons.map(thousands).unwrap_or_else(|| "-".into()));
            }
            cells.extend(zones[block.zones.clone()].iter().map(|zone| {
                match zone {
                    Ok(zone) => zone
                        .exports
                        .get(index)
                        .map(|cell| match block.form {
                            CellForm::Full => cell_text(cell),
                            CellForm::Compact => compact_cell_text(cell),
                        })
                        .unwrap_or_default(),
                    Err(_) => NOT_JUDGED.into(),
                }
            }));
            if block.differ {
                cells.push(differ_cell(zones_differ(zones, index)));
            }
        }
        GridRow::Overall => {
            cells.push("OVERALL".to_string());
            if block.described {
                cells.extend([String::new(), String::new()]);
            }
            cells.extend(zones[block.zones.clone()].iter().map(|zone| match zone {
                Ok(zone) => match block.form {
                    CellForm::Full => summary_cell(zone),
                    // The details below say what an undetermined zone's rows already require.
                    CellForm::Compact => {
                        format!("{} {}", route_symbol(zone.route), route_word(zone.route))
                    }
                },
                Err(_) => format!("{NOT_JUDGED}: not judged"),
            }));
            if block.differ {
                cells.push(differ_cell(overall_differs(zones)));
            }
        }
    }
    cells
}

fn differ_cell(differ: bool) -> String {
    if differ { "≠ differ" } else { "= same" }.to_string()
}

/// Every row of a block, header first, built one at a time so that a grid of thousands of
/// exports is never held whole.
fn block_rows<'a>(
    profile: &'a Profile,
    zones: &'a [ZoneResult],
    block: &'a Block,
    labels: bool,
) -> impl Iterator<Item = Vec<String>> + 'a {
    std::iter::once(GridRow::Header)
        .chain((0..profile.exports.len()).map(GridRow::Export))
        .chain(std::iter::once(GridRow::Overall))
        .map(move |row| block_row(profile, zones, block, row, labels))
}

/// The width of each column of a block: a pass over its rows, kept as numbers only.
fn column_widths(profile: &Profile, zones: &[ZoneResult], block: &Block) -> Vec<usize> {
    let mut widths: Vec<usize> = Vec::new();
    for row in block_rows(profile, zones, block, false) {
        widths.resize(row.len(), 0);
        for (width, cell) in widths.iter_mut().zip(&row) {
            *width = (*width).max(cell.width());
        }
    }
    widths
}

/// Columns are two spaces apart.
const COLUMN_GAP: usize = 2;

fn total_width(widths: &[usize]) -> usize {
    widths.iter().sum::<usize>() + COLUMN_GAP * widths.len().saturating_sub(1)
}

/// The blocks a table is drawn in, and whether it was narrowed from the wide form.
fn lay_out_table(profile: &Profile, zones: &[ZoneResult], width: TableWidth) -> (Vec<Block>, bool) {
    let all = 0..zones.len();
    let wide = Block {
        described: true,
        zones: all.clone(),
        differ: true,
        form: CellForm::Full,
    };
    let TableWidth::Fit(room) = width else {
        return (vec![wide], false);
    };
    if total_width(&column_widths(profile, zones, &wide)) <= room {
        return (vec![wide], false);
    }
    let full = Block {
        described: false,
        zones: all.clone(),
        differ: true,
        form: CellForm::Full,
    };
    if total_width(&column_widths(profile, zones, &full)) <= room {
        return (vec![full], true);
    }
    let compact = Block {
        form: CellForm::Compact,
        ..full
    };
    let widths = column_widths(profile, zones, &compact);
    if total_width(&widths) <= room {
        return (vec![compact], true);
    }
    // Blocks of compact zone columns, each led by the export's id; the `zones` column closes the
    // last. Every block holds at least one zone, however narrow the terminal. The widths of the
    // one compact block serve: a column's width depends on its own cells only.
    let (id_width, differ_width) = (widths[0], widths[widths.len() - 1]);
    let zone_widths = &widths[1..widths.len() - 1];
    let fixed = id_width + differ_width + COLUMN_GAP;
    let mut blocks = Vec::new();
    let mut start = 0;
    while start < zone_widths.len() {
        let mut end = start + 1;
        let mut used = fixed + COLUMN_GAP + zone_widths[start];
        while end < zone_widths.len() && used + COLUMN_GAP + zone_widths[end] <= room {
            used += COLUMN_GAP + zone_widths[end];
            end += 1;
        }
        blocks.push(Block {
            described: false,
            zones: start..end,
            differ: end == zone_widths.len(),
            form: CellForm::Compact,
        });
        start = end;
    }
    (blocks, true)
}

/// One block of the grid: header, rule, a row per export, rule, the overall row.
fn write_block(
    out: &mut dyn std::io::Write,
    profile: &Profile,
    zones: &[ZoneResult],
    block: &Block,
) -> std::io::Result<()> {
    let widths = column_widths(profile, zones, block);
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    let rule = rule.join(&" ".repeat(COLUMN_GAP));
    let last = profile.exports.len() + 1;
    for (index, row) in block_rows(profile, zones, block, false).enumerate() {
        let mut line = String::new();
        for (column, (cell, width)) in row.iter().zip(&widths).enumerate() {
            if column > 0 {
                line.push_str(&" ".repeat(COLUMN_GAP));
            }
            line.push_str(cell);
            line.push_str(&" ".repeat(width - cell.width()));
        }
        writeln!(out, "{}", line.trim_end())?;
        if index == 0 || index + 1 == last {
            writeln!(out, "{rule}")?;
        }
    }
    Ok(())
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

/// One line per zone that could not be judged: which pack failed, how, and its file(s).
fn failure_lines(zones: &[ZoneResult]) -> Vec<String> {
    failed(zones)
        .map(|failure| format!("{} ({}): {}", failure.zone, failure.name, failure.fault))
        .collect()
}

/// The profile's export behind a zone's cell: zones list their exports in the profile's order.
fn own_export<'a>(
    profile: &'a Profile,
    index: usize,
    export: &ExportEvaluation,
) -> Option<&'a ftzroute_plugin_api::Export> {
    profile
        .exports
        .get(index)
        .filter(|own| own.id == export.id)
        .or_else(|| profile.exports.iter().find(|own| own.id == export.id))
}

/// Per export and zone: basis, count, headroom and notes, as lines of text; and the summary of
/// each zone that an undetermined export leaves undetermined.
fn write_details(
    out: &mut dyn std::io::Write,
    profile: &Profile,
    zones: &[ZoneResult],
) -> std::io::Result<()> {
    for zone in judged(zones) {
        if zone.route == Route::Undetermined {
            writeln!(out, "[{}] OVERALL: {}", zone.zone, summary_words(zone))?;
        }
        for (index, export) in zone.exports.iter().enumerate() {
            write!(
                out,
                "[{}] {}: {} — {}",
                zone.zone, export.id, export.route, export.basis
            )?;
            if let Some(pack) = &export.pack {
                write!(out, " ({pack})")?;
            }
            writeln!(out)?;
            if let Some(rule) = &export.rule {
                writeln!(out, "    citation: {}", rule.citation.zh)?;
                writeln!(
                    out,
                    "              {}{}",
                    rule.citation.en,
                    if rule.citation.en_official {
                        ""
                    } else {
                        " (unofficial translation)"
                    }
                )?;
                if let Some(confidence) = rule.confidence {
                    writeln!(out, "    source: {}", confidence_words(confidence))?;
                }
            }
            if let Some(words) =
                own_export(profile, index, export).and_then(|own| count_words(export, own))
            {
                writeln!(out, "    count: {words}")?;
            }
            if let Some(next) = export.next.filter(|_| export.route != Route::Undetermined) {
                let counted = export.counted_persons.unwrap_or(0);
                writeln!(
                    out,
                    "    next: {} at {} counted persons (+{})",
                    next.route,
                    thousands(next.at_persons),
                    thousands(next.at_persons.saturating_sub(counted))
                )?;
            }
            for note in &export.notes {
                writeln!(out, "    note: {note}")?;
            }
            // Compact on a terminal: id, date and status; the Markdown and the memo say more.
            for duty in &export.obligations {
                writeln!(out, "    duty: {}: {}", duty.duty.id, duty_when(duty))?;
            }
        }
    }
    Ok(())
}

/// A plain-text table for a terminal, in its wide form: see [`write_table`].
pub fn table(profile: &Profile, zones: &[ZoneResult]) -> String {
    let mut bytes = Vec::new();
    write_table(profile, zones, TableWidth::Wide, &mut bytes).expect("writing to memory");
    String::from_utf8(bytes).expect("the table is UTF-8")
}

/// A plain-text table: one row per export, one column per zone, the overall row; then a row
/// per zone that could not be judged, saying which pack failed and how; then the details.
/// Written as it is built, so a profile of thousands of exports is never held whole as text.
pub fn write_table(
    profile: &Profile,
    zones: &[ZoneResult],
    width: TableWidth,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(out);
    let out: &mut dyn std::io::Write = &mut out;
    let (blocks, narrowed) = lay_out_table(profile, zones, width);
    write!(
        out,
        "{}\n{} ({})\n\n",
        heading(profile),
        profile.handler.name,
        profile.handler.sector
    )?;
    for (index, block) in blocks.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        write_block(out, profile, zones, block)?;
    }
    if narrowed {
        let TableWidth::Fit(room) = width else {
            unreachable!("only a fitted table is narrowed")
        };
        // Short lines, so that the note itself fits the narrowest terminal.
        write!(
            out,
            "\nNarrowed to {room} columns; `--wide` or a pipe prints the full table.\n"
        )?;
        out.write_all(b"  data and persons: under Exports\n")?;
        if blocks.iter().any(|block| block.form == CellForm::Compact) {
            out.write_all("  cells: compact (● #14: route and list item)\n".as_bytes())?;
        }
        if blocks.len() > 1 {
            writeln!(out, "  zones: in {} blocks", blocks.len())?;
        }
    }
    out.write_all(b"\nHow much of each list is encoded:\n")?;
    for line in coverage_lines(zones) {
        writeln!(out, "  {line}")?;
    }
    let counted = counted_lines(zones);
    if !counted.is_empty() {
        out.write_all(b"\nCounted from the transfer ledger:\n")?;
        for line in counted {
            writeln!(out, "  {line}")?;
        }
    }
    let failures = failure_lines(zones);
    if !failures.is_empty() {
        out.write_all(b"\nNot judged (a pack failed):\n")?;
        for line in failures {
            writeln!(out, "  {NOT_JUDGED} {line}")?;
        }
    }
    for note in &profile.notes {
        write!(out, "\nnote: {note}\n")?;
    }
    for warning in &profile.warnings {
        write!(out, "\nwarning: {warning}\n")?;
    }
    writeln!(out)?;
    out.write_all(legend().as_bytes())?;
    if let Some(trial) = trial_ended_legend(zones) {
        write!(out, "\n{trial}")?;
    }
    out.write_all(b"\n\n")?;
    write_export_list(out, profile, narrowed)?;
    write_details(out, profile, zones)?;
    out.flush()
}

/// The exports below the grid: each labelled one with its label; when the grid was narrowed,
/// every export with the data and persons the grid left out.
fn write_export_list(
    out: &mut dyn std::io::Write,
    profile: &Profile,
    described: bool,
) -> std::io::Result<()> {
    let listed = |index: usize| described || profile.label_at(index).is_some();
    let listed_count = (0..profile.exports.len()).filter(|i| listed(*i)).count();
    if listed_count == 0 {
        return Ok(());
    }
    let width = profile
        .exports
        .iter()
        .enumerate()
        .filter(|(index, _)| listed(*index))
        .map(|(_, export)| export.id.width())
        .max()
        .unwrap_or(0);
    out.write_all(b"Exports:\n")?;
    for (index, export) in profile.exports.iter().enumerate() {
        if !listed(index) {
            continue;
        }
        let mut line = format!("  {}{}", export.id, " ".repeat(width - export.id.width()));
        if described {
            let persons = export
                .persons
                .map(count_of_persons)
                .unwrap_or_else(|| "no persons".into());
            line.push_str(&format!("  {}; {persons}", data_text(export)));
        }
        if let Some(label) = profile.label_at(index) {
            line.push_str(&format!("  {label}"));
        }
        writeln!(out, "{line}")?;
    }
    writeln!(out)
}

/// A Markdown report: see [`write_markdown`].
pub fn markdown(profile: &Profile, zones: &[ZoneResult]) -> String {
    let mut bytes = Vec::new();
    write_markdown(profile, zones, &mut bytes).expect("writing to memory");
    String::from_utf8(bytes).expect("Markdown is UTF-8")
}

/// A Markdown report: the same grid, then the basis, headroom and notes (or the failure) of each
/// zone, written as it is built.
pub fn write_markdown(
    profile: &Profile,
    zones: &[ZoneResult],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(out);
    let out: &mut dyn std::io::Write = &mut out;
    let block = Block {
        described: true,
        zones: 0..zones.len(),
        differ: true,
        form: CellForm::Full,
    };
    let escape = |cell: &str| cell.replace('|', "\\|");
    write!(
        out,
        "# {}\n\nHandler: {} (sector `{}`{})\n\n",
        heading(profile),
        profile.handler.name,
        profile.handler.sector,
        if profile.handler.ciio { ", CIIO" } else { "" }
    )?;
    let last = profile.exports.len() + 1;
    for (index, row) in block_rows(profile, zones, &block, true).enumerate() {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| {
                if index == last && !cell.is_empty() {
                    format!("**{}**", escape(cell))
                } else {
                    escape(cell)
                }
            })
            .collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
        if index == 0 {
            writeln!(out, "|{}", "---|".repeat(row.len()))?;
        }
    }
    writeln!(out)?;
    out.write_all(b"How much of each list is encoded:\n\n")?;
    for line in coverage_lines(zones) {
        writeln!(out, "- {}", escape(&line))?;
    }
    writeln!(out)?;
    let counted = counted_lines(zones);
    if !counted.is_empty() {
        out.write_all(b"Counted from the transfer ledger:\n\n")?;
        for line in counted {
            writeln!(out, "- {}", escape(&line))?;
        }
        writeln!(out)?;
    }
    for note in &profile.notes {
        write!(out, "> **Note:** {}\n\n", escape(note))?;
    }
    for warning in &profile.warnings {
        write!(out, "> **Warning:** {}\n\n", escape(warning))?;
    }
    out.write_all(legend().as_bytes())?;
    if let Some(trial) = trial_ended_legend(zones) {
        write!(out, "\n\n{}", escape(&trial))?;
    }
    out.write_all(b"\n\n## Basis, headroom and notes\n\n")?;
    for zone in zones {
        let zone = match zone {
            Ok(zone) => zone,
            Err(failure) => {
                write!(
                    out,
                    "### {} ({})\n\n- **{NOT_JUDGED}**: {}\n\n",
                    failure.name,
                    failure.zone,
                    escape(&failure.fault.to_string())
                )?;
                continue;
            }
        };
        write!(out, "### {} ({})\n\n", zone.name, zone.zone)?;
        write!(out, "Overall: {}\n\n", summary_words(zone))?;
        for (index, export) in zone.exports.iter().enumerate() {
            write!(
                out,
                "- **{}**: `{}`: {}",
                export.id, export.route, export.basis
            )?;
            if let Some(pack) = &export.pack {
                write!(out, " (pack `{pack}`)")?;
            }
            writeln!(out)?;
            if let Some(rule) = &export.rule {
                writeln!(
                    out,
                    "  - citation: {} / {}{}",
                    rule.citation.zh,
                    rule.citation.en,
                    if rule.citation.en_official {
                        ""
                    } else {
                        " (unofficial translation)"
                    }
                )?;
                if let Some(confidence) = rule.confidence {
                    writeln!(out, "  - source: {}", confidence_words(confidence))?;
                }
            }
            if let Some(words) =
                own_export(profile, index, export).and_then(|own| count_words(export, own))
            {
                writeln!(out, "  - count: {words}")?;
            }
            if let Some(next) = export.next.filter(|_| export.route != Route::Undetermined) {
                writeln!(
                    out,
                    "  - next: `{}` at {} counted persons",
                    next.route,
                    thousands(next.at_persons)
                )?;
            }
            for note in &export.notes {
                writeln!(out, "  - note: {note}")?;
            }
            for duty in &export.obligations {
                writeln!(out, "  - duty: {}", duty_line(duty))?;
            }
        }
        writeln!(out)?;
    }
    out.flush()
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
