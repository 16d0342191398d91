//! Drawing: every screen renders from `&Dashboard` and never changes it.

mod cases;
mod detail;
mod grid;
mod help;
mod overlays;
mod packs;

use super::keys::Action;
use super::state::{Dashboard, Overlay, Pane, View};
use super::theme::Theme;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Below this the dashboard shows only a message asking for a larger terminal.
pub const MIN_WIDTH: u16 = 64;
pub const MIN_HEIGHT: u16 = 18;

pub fn draw(frame: &mut Frame, dashboard: &Dashboard, theme: &Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let message = vec![
            Line::from("ftzroute: terminal too small"),
            Line::from(format!(
                "need at least {MIN_WIDTH}x{MIN_HEIGHT}, have {}x{}",
                area.width, area.height
            )),
            Line::from("enlarge the window, or press q to quit"),
        ];
        frame.render_widget(
            Paragraph::new(message).wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    let [title, body, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(8),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(title_line(dashboard, theme), title);
    match dashboard.view {
        View::Main => {
            let grid_height = (dashboard.visible_exports().len() as u16 + 4)
                .min(body.height * 45 / 100)
                .max(6);
            let [grid_area, detail_area] =
                Layout::vertical([Constraint::Length(grid_height), Constraint::Min(4)]).areas(body);
            grid::draw(frame, grid_area, dashboard, theme);
            detail::draw(frame, detail_area, dashboard, theme);
        }
        View::Packs => packs::draw(frame, body, dashboard, theme),
        View::Cases => cases::draw(frame, body, dashboard, theme),
    }
    frame.render_widget(status_line(dashboard, theme), status);
    frame.render_widget(hint_line(dashboard, theme, hints.width as usize), hints);
    match &dashboard.overlay {
        Overlay::None | Overlay::Filter => {}
        Overlay::Help { scroll } => help::draw(frame, area, dashboard, theme, *scroll),
        Overlay::Edit(state) => overlays::edit(frame, body, dashboard, theme, state),
        Overlay::ConfirmQuit => overlays::confirm_quit(frame, area, dashboard, theme),
        Overlay::ProfileChanged { .. } => overlays::profile_changed(frame, area, dashboard, theme),
    }
}

fn title_line<'a>(dashboard: &'a Dashboard, theme: &Theme) -> Paragraph<'a> {
    let file = dashboard
        .profile_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let heading = dashboard
        .profile
        .title
        .clone()
        .unwrap_or_else(|| dashboard.profile.handler.name.clone());
    let mut spans = vec![Span::styled("ftzroute", theme.title())];
    if dashboard.dev_mode {
        spans.push(Span::styled(
            " [DEV MODE: untrusted packs allowed]",
            theme.error(),
        ));
    }
    // First, so a narrow terminal never cuts it off.
    if dashboard.dirty() {
        spans.push(Span::styled(" [modified]", theme.error()));
    }
    spans.push(Span::raw(format!(
        " │ {file} │ as of {} │ {heading}",
        crate::common::dates::format_date(dashboard.profile.as_of)
    )));
    Paragraph::new(Line::from(spans))
}

fn status_line<'a>(dashboard: &'a Dashboard, theme: &Theme) -> Paragraph<'a> {
    if dashboard.overlay == Overlay::Filter {
        return Paragraph::new(Line::from(vec![
            Span::styled("/ filter: ", theme.key()),
            Span::raw(dashboard.filter.clone()),
            Span::raw("▏  (enter keep · esc clear)"),
        ]));
    }
    let line = match dashboard.status_text() {
        Some((text, true)) => Line::from(Span::styled(format!("✖ {text}"), theme.error())),
        Some((text, false)) => Line::from(format!("• {text}")),
        None if dashboard.packs_loading => Line::from(Span::styled(
            format!(
                "… loading packs · {} zone(s) pending",
                dashboard.columns.len()
            ),
            theme.dim(),
        )),
        None => {
            let loaded = dashboard.packs.loaded().count();
            let mut text = format!(
                "{loaded} pack(s) loaded · {} zone(s)",
                dashboard.columns.len()
            );
            if !dashboard.filter.is_empty() {
                text.push_str(&format!(" · filter \"{}\"", dashboard.filter));
            }
            Line::from(Span::styled(text, theme.dim()))
        }
    };
    Paragraph::new(line)
}

/// The actions worth a hint in the current context, most useful first, rendered from the live
/// key map; those that do not fit the width are left to the help overlay.
fn hint_line<'a>(dashboard: &'a Dashboard, theme: &Theme, width: usize) -> Paragraph<'a> {
    let actions: &[Action] = match (&dashboard.overlay, dashboard.view, dashboard.focus) {
        (Overlay::Edit(_), _, _) => &[
            Action::Back,
            Action::StepUp,
            Action::StepDown,
            Action::JumpNext,
            Action::Save,
            Action::Help,
        ],
        (Overlay::Help { .. }, _, _) => &[Action::Back, Action::Quit],
        (_, View::Packs, _) => &[
            Action::Back,
            Action::ReloadPacks,
            Action::Cases,
            Action::Help,
            Action::Quit,
        ],
        (_, View::Cases, _) => &[
            Action::Back,
            Action::ReloadPacks,
            Action::Packs,
            Action::Help,
            Action::Quit,
        ],
        (_, View::Main, Pane::Detail) => &[
            Action::Back,
            Action::NextPane,
            Action::Edit,
            Action::Memo,
            Action::Help,
            Action::Quit,
        ],
        (_, View::Main, Pane::Grid) => &[
            Action::Help,
            Action::Quit,
            Action::Edit,
            Action::StepUp,
            Action::StepDown,
            Action::JumpNext,
            Action::Save,
            Action::Memo,
            Action::Packs,
            Action::ReloadPacks,
            Action::Cases,
            Action::Filter,
            Action::Open,
        ],
    };
    let mut spans = Vec::new();
    let mut used = 0;
    for action in actions {
        let key = dashboard.keymap.first(*action);
        let text = format!(" {}", action.hint());
        let needed =
            key.chars().count() + text.chars().count() + if spans.is_empty() { 0 } else { 2 };
        if used + needed > width {
            break;
        }
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        used += needed;
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(text));
    }
    Paragraph::new(Line::from(spans))
}

/// A rectangle of at most `width` x `height`, centred in `area`.
pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// Clears the area of a pop-up so it draws cleanly over any text. A wide character (Chinese, for
/// one) just left of the pop-up would be printed over its left border, since a terminal gives it
/// two columns: it is blanked. One whose second half the pop-up covers is blanked as well.
pub(crate) fn clear_for_popup(frame: &mut Frame, popup: Rect) {
    use unicode_width::UnicodeWidthStr;
    frame.render_widget(ratatui::widgets::Clear, popup);
    let buffer = frame.buffer_mut();
    let bounds = buffer.area;
    for y in popup.top()..popup.bottom() {
        if popup.left() > bounds.left() {
            let before = (popup.left() - 1, y);
            if buffer[before].symbol().width() > 1 {
                buffer[before].set_symbol(" ");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;
    use ratatui::widgets::Block;
    use ratatui::Terminal;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn a_popup_over_chinese_text_keeps_its_left_border() {
        let mut terminal = Terminal::new(TestBackend::new(20, 4)).unwrap();
        // Wide characters from column 0 start on even columns; a pop-up at column 5 has the
        // second half of one under its left border.
        let popup = Rect::new(5, 0, 10, 4);
        terminal
            .draw(|frame| {
                let text: Vec<Line> = (0..4)
                    .map(|_| Line::from("条例第十四项条例第十四项"))
                    .collect();
                frame.render_widget(Paragraph::new(text), frame.area());
                clear_for_popup(frame, popup);
                frame.render_widget(Block::bordered(), popup);
            })
            .unwrap();
        let buffer = terminal.backend().buffer();
        for y in 0..4 {
            assert!(
                buffer[(4, y)].symbol().width() <= 1,
                "row {y}: a wide character would cover the border"
            );
            assert!(
                ["│", "┌", "└"].contains(&buffer[(5, y)].symbol()),
                "row {y}: {:?}",
                buffer[(5, y)].symbol()
            );
            // Left of the blanked cell the text is untouched.
            assert_eq!(buffer[(2, y)].symbol(), "例");
        }
    }
}
