//! The comparison grid: one row per export, one column per zone shown, the overall row.
//!
//! Columns are laid out by [`lay_out`]: full cells when every shown zone fits, compact cells
//! (symbol and list item) next, and compact columns scrolling sideways last, pinned zones
//! staying leftmost, with `‹ N more` / `N more ›` on the frame for the columns out of view.

use super::super::columns::ZoneColumn;
use super::super::state::Dashboard;
use super::super::theme::Theme;
use super::super::views::grid::Pane;
use super::super::zone_columns::{lay_out, CellForm, ColumnNeed, ZoneLayout, GAP};
use crate::core::wording::{route_symbol, route_word, thousands};
use crate::render::report::{routes_differ, TRIAL_ENDED_MARK};
use ftzroute_plugin_api::Route;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row, Table};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// What a cell shows while its zone's first result is still coming.
pub const PENDING: &str = "… pending";

/// Written before a pinned zone's id in the header.
pub const PINNED_MARK: &str = "•";

/// The one-character mark in front of a cell: `~` while its zone is being evaluated again (the
/// result shown is the previous one), `*` when the last edit or reload changed it.
pub fn marker(stale: bool, changed: bool) -> char {
    if stale {
        '~'
    } else if changed {
        '*'
    } else {
        ' '
    }
}

/// Mark, symbol, word (full form only) and list item.
pub fn cell_label(route: Route, list_item: Option<u32>, marker: char, form: CellForm) -> String {
    let mut text = String::new();
    text.push(marker);
    text.push_str(route_symbol(route));
    if form == CellForm::Full {
        text.push(' ');
        text.push_str(route_word(route));
    }
    if let Some(item) = list_item {
        text.push_str(&format!(" #{item}"));
    }
    text
}

/// What follows an undetermined zone's summary symbol: the floor its determined exports set
/// (`≥▲`) and how many exports are open (`(2?)`); nothing for a determined zone.
pub fn summary_suffix(zone: &crate::core::engine::ZoneEvaluation) -> String {
    if zone.route != Route::Undetermined {
        return String::new();
    }
    let floor = zone
        .floor
        .as_ref()
        .filter(|floor| floor.route != Route::Exempt)
        .map(|floor| format!(" ≥{}", route_symbol(floor.route)))
        .unwrap_or_default();
    format!("{floor} ({}?)", zone.undetermined)
}

/// A cell of `column`: the export at `index`, or the zone's overall route for `None`.
fn cell(
    column: &ZoneColumn,
    index: Option<usize>,
    changed: bool,
    form: CellForm,
    theme: &Theme,
) -> (String, Style) {
    let mark = marker(column.stale(), changed);
    let error = match form {
        CellForm::Full => "! error",
        CellForm::Compact => "! err",
    };
    match (column.outcome.as_deref(), index) {
        (None, _) => match form {
            CellForm::Full => (format!(" {PENDING}"), theme.dim()),
            CellForm::Compact => (" …".to_string(), theme.dim()),
        },
        (Some(Err(_)), _) => (format!("{mark}{error}"), theme.error()),
        (Some(Ok(zone)), Some(index)) => match zone.exports.get(index) {
            Some(export) => {
                let mut text = cell_label(export.route, export.list_item, mark, form);
                if export.trial_ended.is_some() {
                    text.push_str(TRIAL_ENDED_MARK);
                }
                (text, theme.route(export.route))
            }
            None => (format!("{mark}{error}"), theme.error()),
        },
        (Some(Ok(zone)), None) => {
            let mut text = cell_label(zone.route, None, mark, form);
            text.push_str(&summary_suffix(zone));
            (text, theme.route(zone.route))
        }
    }
}

fn header_text(dashboard: &Dashboard, column: &ZoneColumn) -> String {
    if dashboard.zone_choices.is_pinned(&column.zone.id) {
        format!("{PINNED_MARK}{}", column.zone.id)
    } else {
        column.zone.id.clone()
    }
}

/// The header's second line: how much of its list the zone's deciding pack encodes, in the
/// cells' form (`list 0/13 classes` full, `0/13` compact); empty until a result lands.
fn coverage_text(column: &ZoneColumn, form: CellForm) -> String {
    let Some(coverage) = column.evaluation().and_then(|e| e.coverage.as_ref()) else {
        return String::new();
    };
    match form {
        CellForm::Full => coverage.short(),
        CellForm::Compact => coverage.compact(),
    }
}

/// The widest cell of each zone column (header included), in each form, for the rows shown.
fn column_needs(dashboard: &Dashboard, visible: &[usize], theme: &Theme) -> Vec<ColumnNeed> {
    dashboard
        .columns
        .iter()
        .map(|column| {
            let header = header_text(dashboard, column).width();
            let widest = |form: CellForm| {
                visible
                    .iter()
                    .map(|i| Some(*i))
                    .chain([None])
                    .map(|index| cell(column, index, true, form, theme).0.width())
                    .max()
                    .unwrap_or(0)
                    .max(header)
                    .max(coverage_text(column, form).width()) as u16
            };
            ColumnNeed {
                full: widest(CellForm::Full),
                compact: widest(CellForm::Compact),
            }
        })
        .collect()
}

/// The widths of the columns left of the zones, and the zone layout for a grid `width` wide
/// (frame included).
struct GridLayout {
    id_width: u16,
    counted_width: u16,
    zones: ZoneLayout,
}

const DIFF_WIDTH: u16 = 2;

/// An export id in `width` columns: whole, or visibly shortened with `…` (the detail pane's title
/// gives it whole) rather than silently cut.
fn fit_id(id: &str, width: usize) -> String {
    if id.width() <= width {
        return id.to_string();
    }
    let mut out = String::new();
    for c in id.chars() {
        if out.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn grid_layout(dashboard: &Dashboard, visible: &[usize], width: u16, theme: &Theme) -> GridLayout {
    let exports = &dashboard.profile.exports;
    let id_width = visible
        .iter()
        .map(|i| exports[*i].id.width())
        .max()
        .unwrap_or(6)
        .clamp(7, 22) as u16;
    let counted_width = visible
        .iter()
        .filter_map(|i| exports[*i].counted_persons())
        .map(|n| thousands(n).len())
        .max()
        .unwrap_or(0)
        .max("counted".len()) as u16;
    // Frame, the columns left and right of the zones, and the gaps after the first and before
    // the last (each zone column brings its own).
    let room = width.saturating_sub(2 + id_width + counted_width + DIFF_WIDTH + 2 * GAP);
    let (order, pinned) = dashboard.column_order();
    let needs = column_needs(dashboard, visible, theme);
    let zones = lay_out(
        &order,
        pinned,
        &needs,
        room,
        dashboard.grid.zone_scroll.get(),
        dashboard.grid.column,
    );
    GridLayout {
        id_width,
        counted_width,
        zones,
    }
}

/// The first row to show of `rows` export rows when `fit` fit: from `first` as last shown,
/// moved no more than needed to keep `selected` in view (the overall row, past the exports, is
/// always shown).
pub fn first_row(first: usize, selected: usize, rows: usize, fit: usize) -> usize {
    let fit = fit.max(1);
    let mut first = first;
    if selected < rows {
        if selected < first {
            first = selected;
        } else if selected >= first + fit {
            first = selected + 1 - fit;
        }
    }
    first.min(rows.saturating_sub(fit))
}

pub fn draw(frame: &mut Frame, area: Rect, dashboard: &Dashboard, theme: &Theme) {
    let filtered = dashboard.visible_exports();
    // Only the rows that fit are built: the frame, the two-line header and the overall row
    // take five lines. A profile of thousands of exports costs a screenful per frame.
    let fit = usize::from(area.height).saturating_sub(5).max(1);
    let first = first_row(
        dashboard.grid.row_scroll.get(),
        dashboard.grid.row,
        filtered.len(),
        fit,
    );
    dashboard.grid.row_scroll.set(first);
    dashboard.grid.rows_shown.set(fit);
    let visible = &filtered[first..(first + fit).min(filtered.len())];
    let layout = grid_layout(dashboard, visible, area.width, theme);
    dashboard.grid.zone_scroll.set(layout.zones.first);
    let form = layout.zones.form;
    let shown: Vec<&ZoneColumn> = layout
        .zones
        .shown
        .iter()
        .map(|(index, _)| &dashboard.columns[*index])
        .collect();
    let selected_at = layout
        .zones
        .shown
        .iter()
        .position(|(index, _)| *index == dashboard.grid.column);

    let mut header = vec![
        Cell::from("export"),
        Cell::from(Line::from("counted").right_aligned()),
    ];
    for (at, zone) in shown.iter().enumerate() {
        let mut style = Style::default();
        if Some(at) == selected_at {
            style = theme.selected();
        }
        // Two lines: the zone, then how far its column can be trusted (its list's coverage).
        header.push(Cell::from(ratatui::text::Text::from(vec![
            Line::from(Span::styled(header_text(dashboard, zone), style)),
            Line::from(Span::styled(coverage_text(zone, form), theme.dim())),
        ])));
    }
    header.push(Cell::from("≠"));

    // Disagreement is claimed among the zones not hidden (scrolled out of view or not), and
    // only when each of them has a result.
    let (order, _) = dashboard.column_order();
    let evaluations: Option<Vec<&crate::core::engine::ZoneEvaluation>> = order
        .iter()
        .map(|index| dashboard.columns[*index].evaluation())
        .collect();
    let mut rows = Vec::with_capacity(visible.len() + 1);
    // With a ledger, the exports' own counted persons come from it.
    let from_ledger = dashboard
        .ledger
        .current
        .as_ref()
        .map(|ledger| ledger.shown(evaluations.iter().flatten().copied()));
    let exports = from_ledger
        .as_ref()
        .map_or(&dashboard.profile.exports, |shown| &shown.profile.exports);
    for (offset, export_index) in visible.iter().enumerate() {
        let row_index = first + offset;
        let export = &exports[*export_index];
        let mut cells = vec![
            Cell::from(fit_id(&export.id, layout.id_width as usize)),
            Cell::from(
                Line::from(
                    export
                        .counted_persons()
                        .map(thousands)
                        .unwrap_or_else(|| "-".into()),
                )
                .right_aligned(),
            ),
        ];
        for (at, zone) in shown.iter().enumerate() {
            let changed = dashboard.marked.is_marked(&zone.zone.id, Some(&export.id));
            let (text, mut style) = cell(zone, Some(*export_index), changed, form, theme);
            if changed && !zone.stale() {
                style = style.patch(theme.changed());
            }
            if row_index == dashboard.grid.row && Some(at) == selected_at {
                style = style.patch(theme.selected());
            }
            cells.push(Cell::from(Span::styled(text, style)));
        }
        let differ = evaluations.as_ref().is_some_and(|zones| {
            routes_differ(
                zones
                    .iter()
                    .filter_map(|z| z.exports.get(*export_index))
                    .map(|e| e.route),
            )
        });
        cells.push(Cell::from(if differ { "≠" } else { "" }));
        rows.push(Row::new(cells));
    }
    let overall_row = filtered.len();
    let mut overall = vec![
        Cell::from(Span::styled(
            "OVERALL",
            Style::default().add_modifier(Modifier::BOLD),
        )),
        Cell::from(""),
    ];
    for (at, zone) in shown.iter().enumerate() {
        let changed = dashboard.marked.is_marked(&zone.zone.id, None);
        let (text, mut style) = cell(zone, None, changed, form, theme);
        if changed && !zone.stale() {
            style = style.patch(theme.changed());
        }
        if dashboard.grid.row == overall_row && Some(at) == selected_at {
            style = style.patch(theme.selected());
        }
        overall.push(Cell::from(Span::styled(text, style)));
    }
    let overall_differs = evaluations
        .as_ref()
        .is_some_and(|zones| routes_differ(zones.iter().map(|z| z.route)));
    overall.push(Cell::from(if overall_differs { "≠" } else { "" }));
    rows.push(Row::new(overall).top_margin(0));

    let mut widths = vec![
        Constraint::Length(layout.id_width),
        Constraint::Length(layout.counted_width),
    ];
    widths.extend(
        layout
            .zones
            .shown
            .iter()
            .map(|(_, width)| Constraint::Length(*width)),
    );
    widths.push(Constraint::Length(DIFF_WIDTH));

    let mut title = if dashboard.grid.filter.is_empty() {
        format!(
            " Routes by zone ({} of {} exports) ",
            filtered.len(),
            dashboard.profile.exports.len()
        )
    } else {
        format!(
            " Routes by zone (filter \"{}\": {} of {}) ",
            dashboard.grid.filter,
            filtered.len(),
            dashboard.profile.exports.len()
        )
    };
    if visible.len() < filtered.len() {
        title.push_str(&format!(
            "rows {}–{} ",
            thousands((first + 1) as u64),
            thousands((first + visible.len()) as u64)
        ));
    }
    let mut block = Block::bordered().title(title);
    if layout.zones.more_left > 0 {
        block = block.title_bottom(
            Line::from(Span::styled(
                format!(" ‹ {} more ", layout.zones.more_left),
                theme.key(),
            ))
            .left_aligned(),
        );
    }
    if layout.zones.more_right > 0 {
        block = block.title_bottom(
            Line::from(Span::styled(
                format!(" {} more › ", layout.zones.more_right),
                theme.key(),
            ))
            .right_aligned(),
        );
    }
    if dashboard.grid.focus == Pane::Grid {
        block = block.border_style(theme.focused_border());
    }
    let table = Table::new(rows, widths)
        .header(
            Row::new(header)
                .height(2)
                .style(Style::default().add_modifier(Modifier::BOLD)),
        )
        .column_spacing(GAP)
        .block(block);
    frame.render_widget(table, area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_scroll_only_as_far_as_the_selection_needs() {
        // Ten rows fit of a thousand: the view stays while the selection is in it.
        assert_eq!(first_row(0, 0, 1000, 10), 0);
        assert_eq!(first_row(0, 9, 1000, 10), 0);
        assert_eq!(first_row(0, 10, 1000, 10), 1);
        assert_eq!(first_row(1, 5, 1000, 10), 1);
        assert_eq!(first_row(500, 499, 1000, 10), 499);
        assert_eq!(first_row(0, 999, 1000, 10), 990);
        // The overall row (past the exports) keeps the view where it was.
        assert_eq!(first_row(400, 1000, 1000, 10), 400);
        // Fewer rows than fit: never scrolled; a filter that shrinks the rows pulls it back.
        assert_eq!(first_row(0, 3, 5, 10), 0);
        assert_eq!(first_row(700, 2, 5, 10), 0);
        assert_eq!(first_row(995, 1000, 1000, 10), 990);
    }

    #[test]
    fn a_long_export_id_is_shortened_visibly() {
        assert_eq!(fit_id("trial-subjects", 22), "trial-subjects");
        assert_eq!(fit_id("clinical-trial-subjects-2025", 12), "clinical-tr…");
        assert_eq!(fit_id("临床试验受试者数据", 9), "临床试验…");
    }
}
