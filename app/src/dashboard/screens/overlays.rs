//! Pop-ups: the what-if editor and the confirmations.

use super::super::state::Dashboard;
use super::super::theme::Theme;
use super::super::views::edit::{EditState, Field};
use super::centered;
use crate::common::dates::format_date;
use crate::core::wording::thousands;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

pub fn edit(
    frame: &mut Frame,
    area: Rect,
    dashboard: &Dashboard,
    theme: &Theme,
    state: &EditState,
) {
    let export = &dashboard.profile.exports[state.export];
    let mut lines = Vec::new();
    for (index, field) in Field::ALL.iter().enumerate() {
        let selected = index == state.field;
        let value = match field {
            Field::Persons => export.persons.map(thousands).unwrap_or_else(|| "-".into()),
            Field::ExemptPersons => thousands(export.exempt_persons),
            Field::Sensitive => flag(export.sensitive),
            Field::SeriousHarm => flag(export.serious_harm),
            Field::NameAndContact => flag(export.name_and_contact),
            Field::Notified => flag(export.notified),
            Field::HgrCleared => flag(export.hgr_cleared),
            Field::ExportControlled => flag(export.export_controlled),
            Field::AsOf => format_date(dashboard.profile.as_of),
        };
        let value = match (&state.typed, selected) {
            (Some(typed), true) => format!("{value}   typing: {typed}▏"),
            _ => value,
        };
        let marker = if selected { "▶ " } else { "  " };
        let style = if selected {
            theme.selected()
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::from(vec![
            Span::raw(marker),
            Span::styled(format!("{:<22}", field.name()), style),
            Span::raw(value),
        ]));
    }
    lines.push(Line::from(""));
    if let Some(error) = &state.error {
        lines.push(Line::from(Span::styled(
            format!("✖ {error}"),
            theme.error(),
        )));
    }
    let keys = &dashboard.keymap;
    lines.push(Line::from(format!(
        "{} field · digits type · space toggle · {}/{} step · {} next edge · {} close",
        keys.label(super::super::keys::Action::Down),
        keys.first(super::super::keys::Action::StepUp),
        keys.first(super::super::keys::Action::StepDown),
        keys.first(super::super::keys::Action::JumpNext),
        keys.first(super::super::keys::Action::Back),
    )));
    let popup = centered(area, 64, lines.len() as u16 + 2);
    super::clear_for_popup(frame, popup);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .title(format!(" Edit {} ", export.id))
                .border_style(theme.focused_border()),
        ),
        popup,
    );
}

fn flag(value: bool) -> String {
    if value { "[x] yes" } else { "[ ] no" }.to_string()
}

pub fn confirm_quit(frame: &mut Frame, area: Rect, dashboard: &Dashboard, theme: &Theme) {
    let lines = vec![
        Line::from(format!(
            "Unsaved changes to {}.",
            dashboard.profile_path.display()
        )),
        Line::from(""),
        Line::from(vec![
            Span::styled("w", theme.key()),
            Span::raw(" save and quit   "),
            Span::styled("d", theme.key()),
            Span::raw(" discard and quit   "),
            Span::styled("esc", theme.key()),
            Span::raw(" stay"),
        ]),
    ];
    let popup = centered(area, 60, 5);
    super::clear_for_popup(frame, popup);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .title(" Quit? ")
                .border_style(theme.error()),
        ),
        popup,
    );
}

pub fn profile_changed(frame: &mut Frame, area: Rect, _dashboard: &Dashboard, theme: &Theme) {
    let lines = vec![
        Line::from("The profile changed on disk, and you have unsaved edits."),
        Line::from(""),
        Line::from(vec![
            Span::styled("l", theme.key()),
            Span::raw(" load it (discard your edits)   "),
            Span::styled("k", theme.key()),
            Span::raw(" keep editing"),
        ]),
    ];
    let popup = centered(area, 62, 5);
    super::clear_for_popup(frame, popup);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .title(" Profile changed ")
                .border_style(theme.error()),
        ),
        popup,
    );
}
