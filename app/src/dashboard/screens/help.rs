//! The help overlay, generated from the live key map.

use super::super::state::Dashboard;
use super::super::theme::Theme;
use super::super::views::scroll::Scroll;
use super::centered;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use ratatui::Frame;

pub fn draw(frame: &mut Frame, area: Rect, dashboard: &Dashboard, theme: &Theme, scroll: &Scroll) {
    let keys_width = dashboard
        .keymap
        .bindings()
        .iter()
        .map(|(action, _)| dashboard.keymap.label(*action).chars().count())
        .max()
        .unwrap_or(8)
        + 2;
    // A description too long for the popup goes on under itself, not under the keys.
    let inner_width = usize::from(area.width.min(POPUP_WIDTH).saturating_sub(2));
    let mut lines = Vec::new();
    for (action, _) in dashboard.keymap.bindings() {
        let keys = dashboard.keymap.label(*action);
        let pad = " ".repeat(keys_width.saturating_sub(keys.chars().count()));
        let line = Line::from(vec![
            Span::styled(keys, theme.key()),
            Span::raw(pad),
            Span::raw(action.describe()),
        ]);
        lines.extend(super::wrap_hanging(line, keys_width, inner_width));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("In the editor (e)", theme.title())));
    lines.push(Line::from(
        "  digits type the selected number (as_of: YYYYMMDD), backspace erases;",
    ));
    lines.push(Line::from(
        "  space toggles a flag; every change re-evaluates every zone at once.",
    ));
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("Cells", theme.title())));
    lines.push(Line::from(
        "  ■ core data  ✖ export control  ▲ assessment  ● contract/cert",
    ));
    lines.push(Line::from(
        "  ◆ other route  ○ exempt  ? undetermined  #N list item",
    ));
    lines.push(Line::from(
        "  * changed by the last edit or reload  ≠ zones disagree",
    ));
    lines.push(Line::from(
        "  ~ being evaluated again (the previous result is shown)  … pending: no result yet",
    ));
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("Zone columns", theme.title())));
    lines.push(Line::from(
        "  When every zone does not fit the width, cells are compact (● #14: symbol and",
    ));
    lines.push(Line::from(
        "  list item; the detail pane has the words), and then columns scroll with the",
    ));
    lines.push(Line::from(
        "  selection: ‹ N more / N more › count the columns out of view. •zone: pinned,",
    ));
    lines.push(Line::from(
        "  stays leftmost. Hidden and pinned zones are kept for the next launch.",
    ));
    lines.push(Line::from(""));
    lines.push(Line::from(
        "Key bindings: --keys FILE with [keys] action = \"key\" or [\"k1\", \"k2\"].",
    ));
    let popup = centered(area, POPUP_WIDTH, (lines.len() as u16 + 2).min(area.height));
    super::clear_for_popup(frame, popup);
    let block = Block::bordered()
        .title(" Help (esc closes) ")
        .border_style(theme.focused_border());
    super::draw_scrolled(frame, popup, block, lines, scroll, theme);
}

const POPUP_WIDTH: u16 = 84;
