//! Drawing: every screen renders from `&Dashboard` and never changes it.

mod cases;
mod detail;
mod grid;
mod help;
mod overlays;
mod packs;
mod plan;
mod zones;

use super::keys::Action;
use super::state::{Dashboard, Overlay};
use super::theme::Theme;
use super::views::scroll::Scroll;
use super::views::View;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

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
    frame.render_widget(title_line(dashboard, theme, title.width as usize), title);
    match dashboard.view {
        View::Main => {
            // Rows, the overall row, a two-line header (zone, list coverage) and the frame.
            let grid_height = (dashboard.visible_exports().len() as u16 + 5)
                .min(body.height * 45 / 100)
                .max(6);
            let [grid_area, detail_area] =
                Layout::vertical([Constraint::Length(grid_height), Constraint::Min(4)]).areas(body);
            grid::draw(frame, grid_area, dashboard, theme);
            detail::draw(frame, detail_area, dashboard, theme);
        }
        View::Packs => packs::draw(frame, body, dashboard, theme),
        View::Cases => cases::draw(frame, body, dashboard, theme),
        View::Plan => plan::draw(frame, body, dashboard, theme),
    }
    frame.render_widget(status_line(dashboard, theme, status.width as usize), status);
    frame.render_widget(hint_line(dashboard, theme, hints.width as usize), hints);
    match &dashboard.overlay {
        Overlay::None | Overlay::Filter => {}
        Overlay::Help(scroll) => help::draw(frame, area, dashboard, theme, scroll),
        Overlay::Edit(state) => overlays::edit(frame, body, dashboard, theme, state),
        Overlay::ConfirmQuit => overlays::confirm_quit(frame, area, dashboard, theme),
        Overlay::ProfileChanged { .. } => overlays::profile_changed(frame, area, dashboard, theme),
        Overlay::Zones { selected } => zones::draw(frame, body, dashboard, theme, *selected),
    }
}

/// One item of a bar (title or hints): spans, and what separates it from the item before.
struct BarItem<'a> {
    spans: Vec<Span<'a>>,
    separator: &'static str,
    /// Lower is kept longer.
    priority: u8,
    /// Free text that may be shortened after a whole word (with `…`) rather than dropped.
    shortenable: bool,
}

impl BarItem<'_> {
    fn width(&self) -> usize {
        self.spans.iter().map(|s| s.content.width()).sum()
    }
}

/// The items that fit `width`, in their order: the lowest-priority items are dropped whole
/// until the rest fit; the first one dropped, if it is free text, keeps as many whole words as
/// fit. Nothing is cut inside a word.
fn fit_bar(items: Vec<BarItem<'_>>, width: usize) -> Line<'_> {
    let mut by_priority: Vec<usize> = (0..items.len()).collect();
    by_priority.sort_by_key(|at| items[*at].priority);
    // Separators are written before an item: the first one shown needs none.
    let line_width = |kept: &[usize]| -> usize {
        let first = kept.iter().min();
        kept.iter()
            .map(|at| {
                let separator = if Some(at) == first {
                    0
                } else {
                    items[*at].separator.width()
                };
                separator + items[*at].width()
            })
            .sum()
    };
    let mut kept: Vec<usize> = Vec::new();
    let mut shortened: Option<(usize, String)> = None;
    for at in by_priority {
        let mut trial = kept.clone();
        trial.push(at);
        let needed = line_width(&trial);
        if needed <= width {
            kept = trial;
            continue;
        }
        if items[at].shortenable {
            let room = width.saturating_sub(needed - items[at].width());
            let text: String = items[at].spans.iter().map(|s| s.content.as_ref()).collect();
            if let Some(short) = shorten_at_word(&text, room) {
                kept.push(at);
                shortened = Some((at, short));
            }
        }
        break;
    }
    kept.sort_unstable();
    let mut spans = Vec::new();
    for (n, at) in kept.iter().enumerate() {
        let item = &items[*at];
        if n > 0 {
            spans.push(Span::raw(item.separator));
        }
        match &shortened {
            Some((short_at, text)) if short_at == at => {
                let style = item.spans.first().map(|s| s.style).unwrap_or_default();
                spans.push(Span::styled(text.clone(), style));
            }
            _ => spans.extend(item.spans.iter().cloned()),
        }
    }
    Line::from(spans)
}

/// The words of `text` that fit `width` with a closing ` …`; `None` when not even one does.
fn shorten_at_word(text: &str, width: usize) -> Option<String> {
    let mut kept = String::new();
    for word in text.split(' ') {
        let candidate = if kept.is_empty() {
            word.to_string()
        } else {
            format!("{kept} {word}")
        };
        if candidate.width() + " …".width() > width {
            break;
        }
        kept = candidate;
    }
    let kept = kept.trim_end();
    (!kept.is_empty()).then(|| format!("{kept} …"))
}

/// A one-line message shortened to `width` after a whole word, or, when its first word alone is
/// too long (a long path), after the last character that fits.
pub(crate) fn fit_message(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if let Some(short) = shorten_at_word(text, width) {
        return short;
    }
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// The title bar: program, flags, file, date and the profile's title; on a narrow terminal the
/// title goes first (shortened after a whole word while one fits), then the file, then the date.
fn title_line<'a>(dashboard: &'a Dashboard, theme: &Theme, width: usize) -> Paragraph<'a> {
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
    let item = |text: String, style: Style, separator, priority| BarItem {
        spans: vec![Span::styled(text, style)],
        separator,
        priority,
        shortenable: false,
    };
    let mut items = vec![item("ftzroute".into(), theme.title(), "", 0)];
    if dashboard.dev_mode {
        items.push(item(
            "[DEV MODE: untrusted packs allowed]".into(),
            theme.error(),
            " ",
            2,
        ));
    }
    if dashboard.dirty() {
        items.push(item("[modified]".into(), theme.error(), " ", 1));
    }
    items.push(item(file, Style::default(), " │ ", 4));
    items.push(item(
        format!(
            "as of {}",
            crate::common::dates::format_date(dashboard.profile.as_of)
        ),
        Style::default(),
        " │ ",
        3,
    ));
    items.push(BarItem {
        shortenable: true,
        ..item(heading, Style::default(), " │ ", 5)
    });
    Paragraph::new(fit_bar(items, width))
}

fn status_line<'a>(dashboard: &'a Dashboard, theme: &Theme, width: usize) -> Paragraph<'a> {
    if dashboard.overlay == Overlay::Filter {
        return Paragraph::new(Line::from(vec![
            Span::styled("/ filter: ", theme.key()),
            Span::raw(dashboard.grid.filter.clone()),
            Span::raw("▏  (enter keep · esc clear)"),
        ]));
    }
    let line = match dashboard.status_text() {
        Some((text, true)) => Line::from(Span::styled(
            fit_message(&format!("✖ {text}"), width),
            theme.error(),
        )),
        Some((text, false)) => Line::from(fit_message(&format!("• {text}"), width)),
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
            let hidden = dashboard.hidden_zones();
            if hidden > 0 {
                text.push_str(&format!(
                    ", {hidden} hidden ({} lists them)",
                    dashboard.keymap.first(Action::Zones)
                ));
            }
            if !dashboard.grid.filter.is_empty() {
                text.push_str(&format!(" · filter \"{}\"", dashboard.grid.filter));
            }
            Line::from(Span::styled(fit_message(&text, width), theme.dim()))
        }
    };
    Paragraph::new(line)
}

/// The actions worth a hint in the current context, most useful first, rendered from the live
/// key map; those that do not fit the width are left to the help overlay.
fn hint_line<'a>(dashboard: &'a Dashboard, theme: &Theme, width: usize) -> Paragraph<'a> {
    let actions = dashboard.offers();
    let items = actions
        .iter()
        .enumerate()
        .map(|(priority, action)| BarItem {
            spans: vec![
                Span::styled(dashboard.keymap.first(*action), theme.key()),
                Span::raw(format!(" {}", action.hint())),
            ],
            separator: "  ",
            priority: priority as u8,
            shortenable: false,
        })
        .collect();
    Paragraph::new(fit_bar(items, width))
}

/// `line` wrapped to `width` columns at spaces (and between wide characters, which Chinese text
/// breaks between), its continuation rows indented by `indent` so they line up under the text
/// rather than under a label or bullet. Only a word longer than a whole row is broken inside.
/// A scrolled body in its bordered block: the lines wrapped to the block's inner width (so the
/// frame knows how many there are), the top kept within them, and a marker on the bottom border
/// while lines are out of view above or below.
pub(crate) fn draw_scrolled(
    frame: &mut Frame,
    area: Rect,
    block: Block<'_>,
    lines: Vec<Line<'static>>,
    scroll: &Scroll,
    theme: &Theme,
) {
    let width = area.width.saturating_sub(2) as usize;
    let lines: Vec<Line> = lines
        .into_iter()
        .flat_map(|line| wrap_hanging(line, 0, width))
        .collect();
    let window = scroll.fit(lines.len(), area.height.saturating_sub(2));
    let block = match window.more() {
        Some(more) => {
            block.title_bottom(Line::from(Span::styled(more, theme.dim())).right_aligned())
        }
        None => block,
    };
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((window.top, 0)),
        area,
    );
}

pub(crate) fn wrap_hanging(line: Line<'static>, indent: usize, width: usize) -> Vec<Line<'static>> {
    use unicode_width::UnicodeWidthChar;
    if line.width() <= width || width <= indent + 1 {
        return vec![line];
    }
    // Pieces between which a row may end: words, runs of spaces, single wide characters.
    let mut pieces: Vec<(String, Style)> = Vec::new();
    for span in &line.spans {
        let mut piece = String::new();
        let mut piece_is_space = false;
        for c in span.content.chars() {
            let wide = c.width().unwrap_or(0) > 1;
            let space = c == ' ';
            if !piece.is_empty() && (wide || space != piece_is_space) {
                pieces.push((std::mem::take(&mut piece), span.style));
            }
            piece.push(c);
            piece_is_space = space;
            if wide {
                pieces.push((std::mem::take(&mut piece), span.style));
            }
        }
        if !piece.is_empty() {
            pieces.push((piece, span.style));
        }
    }
    let mut rows: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0;
    for (text, style) in pieces {
        let piece_width = text.width();
        if used + piece_width <= width {
            rows.last_mut()
                .expect("a row")
                .push(Span::styled(text, style));
            used += piece_width;
            continue;
        }
        if text.starts_with(' ') {
            // Spaces at a break are dropped.
            rows.push(vec![Span::raw(" ".repeat(indent))]);
            used = indent;
            continue;
        }
        if used > indent {
            rows.push(vec![Span::raw(" ".repeat(indent))]);
            used = indent;
        }
        // A word longer than a row: broken where the row ends.
        let mut rest = text.as_str();
        while used + rest.width() > width {
            let mut cut = 0;
            let mut cut_width = 0;
            for (at, c) in rest.char_indices() {
                let w = c.width().unwrap_or(0);
                if used + cut_width + w > width {
                    break;
                }
                cut = at + c.len_utf8();
                cut_width += w;
            }
            if cut == 0 {
                break;
            }
            rows.last_mut()
                .expect("a row")
                .push(Span::styled(rest[..cut].to_string(), style));
            rest = &rest[cut..];
            rows.push(vec![Span::raw(" ".repeat(indent))]);
            used = indent;
        }
        rows.last_mut()
            .expect("a row")
            .push(Span::styled(rest.to_string(), style));
        used += rest.width();
    }
    let last = rows.len() - 1;
    for row in &mut rows[..last] {
        // The spaces a row ended on before the break.
        while row.last().is_some_and(|s| s.content.trim().is_empty()) && row.len() > 1 {
            row.pop();
        }
    }
    rows.into_iter()
        .map(|spans| Line::from(spans).style(line.style))
        .collect()
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

    fn texts(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|line| line.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn continuation_rows_hang_under_the_text_and_words_stay_whole() {
        let line = Line::from(vec![
            Span::raw("Basis     "),
            Span::raw("Jiangsu FTZ data-export negative list (2025), Tier 2 item 14"),
        ]);
        let rows = wrap_hanging(line, 10, 40);
        assert_eq!(
            texts(&rows),
            [
                "Basis     Jiangsu FTZ data-export",
                "          negative list (2025), Tier 2",
                "          item 14",
            ]
        );
        // Chinese text breaks between characters; a word longer than a row is broken.
        let rows = wrap_hanging(Line::from("引用 条例第十四项条例 abcdefghijklmnop"), 2, 10);
        assert!(
            rows.iter().all(|row| row.width() <= 10),
            "{:?}",
            texts(&rows)
        );
        assert_eq!(texts(&rows)[0], "引用 条例");
        assert!(texts(&rows).iter().skip(1).all(|row| row.starts_with("  ")));
        // A line that fits is left alone.
        assert_eq!(texts(&wrap_hanging(Line::from("short"), 4, 10)), ["short"]);
    }

    #[test]
    fn bars_drop_whole_items_and_shorten_free_text_after_a_word() {
        let item = |text: &'static str, separator, priority, shortenable| BarItem {
            spans: vec![Span::raw(text)],
            separator,
            priority,
            shortenable,
        };
        let items = || {
            vec![
                item("ftzroute", "", 0, false),
                item("profile.toml", " │ ", 2, false),
                item("as of 2025-10-01", " │ ", 1, false),
                item("Example Biologics (Suzhou)", " │ ", 3, true),
            ]
        };
        let text = |width| -> String {
            fit_bar(items(), width)
                .spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect()
        };
        assert_eq!(
            text(80),
            "ftzroute │ profile.toml │ as of 2025-10-01 │ Example Biologics (Suzhou)"
        );
        assert_eq!(
            text(65),
            "ftzroute │ profile.toml │ as of 2025-10-01 │ Example Biologics …"
        );
        assert_eq!(text(50), "ftzroute │ profile.toml │ as of 2025-10-01");
        assert_eq!(text(30), "ftzroute │ as of 2025-10-01");
        assert_eq!(fit_message("saved /a/very/long/path", 12), "saved …");
        assert_eq!(fit_message("/a/very/long/path", 8), "/a/very…");
    }

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
