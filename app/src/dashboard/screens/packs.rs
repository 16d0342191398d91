//! The packs view: every pack file found, its edition, validity, generation and errors.

use super::super::state::Dashboard;
use super::super::theme::Theme;
use crate::common::dates::format_date;
use crate::core::engine::validity;
use crate::host::short_hash;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use ratatui::Frame;

pub fn draw(frame: &mut Frame, area: Rect, dashboard: &Dashboard, theme: &Theme) {
    let as_of = dashboard.profile.as_of;
    let mut lines = Vec::new();
    // Directories without packs.lock: any library placed there loads.
    for note in &dashboard.packs.notes {
        lines.push(Line::from(Span::styled(format!("⚠ {note}"), theme.error())));
        lines.push(Line::from(""));
    }
    for live in &dashboard.packs.packs {
        match &live.current {
            Some(pack) => {
                let d = &pack.description;
                let in_force = pack.in_force.on(as_of);
                lines.push(Line::from(vec![
                    Span::styled(d.id.clone(), Style::default().add_modifier(Modifier::BOLD)),
                    Span::raw(format!(
                        "  edition {}  zone {}  generation {}",
                        d.edition, d.zone, live.generation
                    )),
                ]));
                let window = validity(d);
                let verdict = if in_force {
                    Span::raw(format!("in force on {} ({window})", format_date(as_of)))
                } else {
                    Span::styled(
                        format!("NOT in force on {} ({window})", format_date(as_of)),
                        theme.error(),
                    )
                };
                lines.push(Line::from(vec![Span::raw("  "), verdict]));
                lines.push(Line::from(format!("  {}", d.name)));
                lines.push(Line::from(format!("  sectors: {}", d.sectors.join(", "))));
                lines.push(Line::from(format!("  rules: {}", d.rules.len())));
                lines.push(Line::from(format!(
                    "  coverage: {}",
                    crate::core::coverage::ZoneCoverage::of(d).line()
                )));
                if let Some(warning) = &pack.warning {
                    lines.push(Line::from(Span::styled(
                        format!("  ⚠ loaded only because of --dev: {warning}"),
                        theme.error(),
                    )));
                }
            }
            None => match &live.held {
                Some(pack) => lines.push(Line::from(Span::styled(
                    format!(
                        "{}  edition {}: not used, another file claims the same id",
                        pack.description.id, pack.description.edition
                    ),
                    theme.error(),
                ))),
                None => lines.push(Line::from(Span::styled("(not loaded)", theme.error()))),
            },
        }
        let hash = live
            .hash
            .as_ref()
            .map(short_hash)
            .unwrap_or_else(|| "-".into());
        lines.push(Line::from(format!(
            "  file: {} (sha256 {hash}…)",
            live.file.display()
        )));
        match &live.last_error {
            Some(error) => {
                // The file is on the line above.
                let prefix = format!("{}: ", live.file.display());
                let error = error.strip_prefix(&prefix).unwrap_or(error);
                let serving = if live.current.is_some() {
                    format!(
                        "last reload failed (generation {} keeps serving): ",
                        live.generation
                    )
                } else {
                    "failed to load: ".into()
                };
                lines.push(Line::from(vec![
                    Span::raw("  "),
                    Span::styled(format!("✖ {serving}{error}"), theme.error()),
                ]));
            }
            None => lines.push(Line::from("  status: ok")),
        }
        lines.push(Line::from(""));
    }
    if dashboard.packs_loading {
        lines.push(Line::from(Span::styled(
            "… loading: opening every pack file (a pack that does not answer is given up on at \
             its deadline)",
            theme.dim(),
        )));
    } else if lines.is_empty() {
        lines.push(Line::from("no pack files found"));
    }
    let title = if dashboard.packs_loading {
        " Packs (loading) ".to_string()
    } else {
        format!(" Packs ({} file(s)) ", dashboard.packs.packs.len())
    };
    let block = Block::bordered()
        .title(title)
        .border_style(theme.focused_border());
    super::draw_scrolled(
        frame,
        area,
        block,
        lines,
        &dashboard.packs_view.scroll,
        theme,
    );
}
