//! The comparison grid: one row per export, one column per zone, the overall row.

use super::super::state::{CellId, Dashboard, Pane, ZoneColumn};
use super::super::theme::Theme;
use crate::core::report::{route_symbol, route_word, routes_differ, thousands};
use ftzroute_plugin_api::Route;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row, Table};
use ratatui::Frame;

/// What a cell shows: a result, an error, or that its zone's first result is still coming.
pub const PENDING: &str = "… pending";

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

/// Mark, symbol, word and list item.
pub fn cell_label(route: Route, list_item: Option<u32>, marker: char) -> String {
    let mut text = String::new();
    text.push(marker);
    text.push_str(route_symbol(route));
    text.push(' ');
    text.push_str(route_word(route));
    if let Some(item) = list_item {
        text.push_str(&format!(" #{item}"));
    }
    text
}

/// A cell of `column`: the export at `index`, or the zone's overall route for `None`.
fn cell(
    column: &ZoneColumn,
    index: Option<usize>,
    changed: bool,
    theme: &Theme,
) -> (String, Style) {
    let mark = marker(column.stale(), changed);
    match (&column.outcome, index) {
        (None, _) => (format!(" {PENDING}"), theme.dim()),
        (Some(Err(_)), _) => (format!("{mark}! error"), theme.error()),
        (Some(Ok(zone)), Some(index)) => match zone.exports.get(index) {
            Some(export) => (
                cell_label(export.route, export.list_item, mark),
                theme.route(export.route),
            ),
            None => (format!("{mark}! error"), theme.error()),
        },
        (Some(Ok(zone)), None) => {
            let mut text = cell_label(zone.route, None, mark);
            if zone.undetermined > 0 {
                text.push_str(&format!(" ({}?)", zone.undetermined));
            }
            (text, theme.route(zone.route))
        }
    }
}

pub fn draw(frame: &mut Frame, area: Rect, dashboard: &Dashboard, theme: &Theme) {
    let visible = dashboard.visible_exports();
    let zones = &dashboard.columns;
    let id_width = visible
        .iter()
        .map(|i| dashboard.profile.exports[*i].id.chars().count())
        .max()
        .unwrap_or(6)
        .clamp(7, 22) as u16;
    let counted_width = 9;
    let diff_width = 2;
    let spacing = zones.len() as u16 + 3;
    let zone_width = (area
        .width
        .saturating_sub(2 + id_width + counted_width + diff_width + spacing)
        / zones.len().max(1) as u16)
        .max(8);

    let mut header = vec![
        Cell::from("export"),
        Cell::from(Line::from("counted").right_aligned()),
    ];
    header.extend(zones.iter().map(|z| Cell::from(z.zone.id.clone())));
    header.push(Cell::from("≠"));

    // Disagreement is only claimed when every zone has a result.
    let evaluations: Option<Vec<&crate::core::engine::ZoneEvaluation>> =
        zones.iter().map(ZoneColumn::evaluation).collect();
    let mut rows = Vec::with_capacity(visible.len() + 1);
    for (row_index, export_index) in visible.iter().enumerate() {
        // With a ledger, the export's own counted persons come from it.
        let export = match &dashboard.ledger.current {
            Some(ledger) => &ledger.profile.exports[*export_index],
            None => &dashboard.profile.exports[*export_index],
        };
        let mut cells = vec![
            Cell::from(export.id.clone()),
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
        for (column_index, zone) in zones.iter().enumerate() {
            let changed = dashboard.marked.contains(&CellId::Export {
                zone: zone.zone.id.clone(),
                export: export.id.clone(),
            });
            let (text, mut style) = cell(zone, Some(*export_index), changed, theme);
            if changed && !zone.stale() {
                style = style.patch(theme.changed());
            }
            if row_index == dashboard.row && column_index == dashboard.column {
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
    let overall_row = visible.len();
    let mut overall = vec![
        Cell::from(Span::styled(
            "OVERALL",
            Style::default().add_modifier(ratatui::style::Modifier::BOLD),
        )),
        Cell::from(""),
    ];
    for (column_index, zone) in zones.iter().enumerate() {
        let changed = dashboard.marked.contains(&CellId::Overall {
            zone: zone.zone.id.clone(),
        });
        let (text, mut style) = cell(zone, None, changed, theme);
        if changed && !zone.stale() {
            style = style.patch(theme.changed());
        }
        if dashboard.row == overall_row && column_index == dashboard.column {
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
        Constraint::Length(id_width),
        Constraint::Length(counted_width),
    ];
    widths.extend(zones.iter().map(|_| Constraint::Length(zone_width)));
    widths.push(Constraint::Length(diff_width));

    let mut title = format!(
        " Routes by zone ({} of {} exports) ",
        visible.len(),
        dashboard.profile.exports.len()
    );
    if !dashboard.filter.is_empty() {
        title = format!(
            " Routes by zone (filter \"{}\": {} of {}) ",
            dashboard.filter,
            visible.len(),
            dashboard.profile.exports.len()
        );
    }
    let mut block = Block::bordered().title(title);
    if dashboard.focus == Pane::Grid {
        block = block.border_style(theme.focused_border());
    }
    let table = Table::new(rows, widths)
        .header(
            Row::new(header).style(Style::default().add_modifier(ratatui::style::Modifier::BOLD)),
        )
        .column_spacing(1)
        .block(block);
    frame.render_widget(table, area);
}
