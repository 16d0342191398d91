//! The zones overlay: every configured zone, shown or hidden, pinned or not, with its overall
//! route (hidden zones are still evaluated).

use super::super::columns::ZoneColumn;
use super::super::keys::Action;
use super::super::state::Dashboard;
use super::super::theme::Theme;
use super::centered;
use super::grid::PINNED_MARK;
use crate::core::wording::{route_symbol, route_word};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// The overall route of a zone, in words.
fn overall(column: &ZoneColumn, theme: &Theme) -> (String, Style) {
    match column.outcome.as_deref() {
        None => (super::grid::PENDING.to_string(), theme.dim()),
        Some(Err(_)) => ("! error".to_string(), theme.error()),
        Some(Ok(zone)) => {
            let mut text = format!("{} {}", route_symbol(zone.route), route_word(zone.route));
            text.push_str(&super::grid::summary_suffix(zone));
            (text, theme.route(zone.route))
        }
    }
}

pub fn draw(frame: &mut Frame, area: Rect, dashboard: &Dashboard, theme: &Theme, selected: usize) {
    let width = area.width.min(80);
    let inner = width.saturating_sub(2) as usize;
    let id_width = dashboard
        .columns
        .iter()
        .map(|c| c.zone.id.width())
        .max()
        .unwrap_or(0);
    let route_width = dashboard
        .columns
        .iter()
        .map(|c| overall(c, theme).0.width())
        .max()
        .unwrap_or(0);
    let mut lines = Vec::new();
    for (index, column) in dashboard.columns.iter().enumerate() {
        let id = &column.zone.id;
        let chosen = index == selected;
        let shown = if dashboard.zone_choices.is_hidden(id) {
            "[ ] hidden"
        } else {
            "[x] shown "
        };
        let pinned = if dashboard.zone_choices.is_pinned(id) {
            PINNED_MARK
        } else {
            " "
        };
        let (route, route_style) = overall(column, theme);
        let mut spans = vec![
            Span::raw(if chosen { "▶ " } else { "  " }),
            Span::styled(
                format!("{shown} {pinned} {id:<id_width$}"),
                if chosen {
                    theme.selected()
                } else {
                    Style::default()
                },
            ),
            Span::raw("  "),
            Span::styled(format!("{route:<route_width$}"), route_style),
        ];
        // The zone's name in the room left, cut after a word (or a character) with `…`.
        let used: usize = spans.iter().map(|s| s.content.width()).sum();
        let room = inner.saturating_sub(used + 2);
        if room > 1 {
            let name = super::fit_message(&column.zone.name, room);
            spans.push(Span::styled(format!("  {name}"), theme.dim()));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(""));
    let keys = &dashboard.keymap;
    lines.push(Line::from(vec![
        Span::styled(keys.label(Action::Down), theme.key()),
        Span::raw(" zone · "),
        Span::styled(
            format!("space/{}", keys.first(Action::HideZone)),
            theme.key(),
        ),
        Span::raw(" show or hide · "),
        Span::styled(keys.first(Action::PinZone), theme.key()),
        Span::raw(format!(" pin ({PINNED_MARK}: stays leftmost) · ")),
        Span::styled(keys.first(Action::Back), theme.key()),
        Span::raw(" close"),
    ]));
    lines.push(Line::from(Span::styled(
        "Hidden zones are still evaluated; the choice is kept for the next launch.",
        theme.dim(),
    )));
    let title = format!(
        " Zones ({} configured, {} hidden) ",
        dashboard.columns.len(),
        dashboard.hidden_zones()
    );
    // Rows the text takes once wrapped, and the frame.
    let rows: usize = lines
        .iter()
        .map(|line| line.width().max(1).div_ceil(inner.max(1)))
        .sum();
    let popup = centered(area, width, rows as u16 + 2);
    // More zones than rows: the selected one stays in view, with the key line below it.
    let inner_rows = popup.height.saturating_sub(2) as usize;
    let scroll = (selected + 4).saturating_sub(inner_rows) as u16;
    // The rows beside the zones: the heading above them, the two lines of keys below.
    dashboard
        .zones_page
        .set(inner_rows.saturating_sub(4).max(1));
    super::clear_for_popup(frame, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((scroll, 0))
            .wrap(Wrap { trim: false })
            .block(
                Block::bordered()
                    .title(Span::styled(
                        title,
                        Style::default().add_modifier(Modifier::BOLD),
                    ))
                    .border_style(theme.focused_border()),
            ),
        popup,
    );
}
