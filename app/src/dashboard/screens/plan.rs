//! The planner view: what `ftzroute plan` shows, for the profile as edited. The plan is computed
//! on the planner's worker; until it lands the view says so.

use super::super::state::Dashboard;
use super::super::theme::Theme;
use crate::core::engine::{EngineError, ZoneEvaluation};
use crate::core::plan::{summary_phrase, Burden};
use crate::core::wording::route_symbol;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

/// Shown until the first plan lands.
pub const COMPUTING: &str = "computing…";

pub fn draw(frame: &mut Frame, area: Rect, dashboard: &Dashboard, theme: &Theme) {
    let heading = |text: &str| {
        Line::from(Span::styled(
            text.to_string(),
            Style::default().add_modifier(Modifier::BOLD),
        ))
    };
    // Each row with the indent its continuation rows take.
    let mut lines: Vec<(Line, usize)> = Vec::new();
    let Some(plan) = &dashboard.plan.answer else {
        let waiting = if dashboard.packs_loading {
            format!("{COMPUTING} once the packs are open")
        } else {
            format!("{COMPUTING} every zone, and every list a zone could apply by reference, is being evaluated for the profile")
        };
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(waiting, theme.dim())))
                .block(block(" Planner ".to_string(), theme))
                .wrap(Wrap { trim: false }),
            area,
        );
        return;
    };

    lines.push((heading("Lists covering the sector"), 0));
    if plan.lists.is_empty() {
        lines.push((
            Line::from("  none: every zone falls back to the national baseline"),
            4,
        ));
    }
    for list in &plan.lists {
        let in_force = if list.in_force { "" } else { ", not in force" };
        lines.push((
            Line::from(vec![
                Span::raw("  "),
                Span::styled(list.pack.clone(), theme.key()),
                Span::raw(format!(
                    " ({}, edition {}{in_force}): {}",
                    list.zone, list.edition, list.name
                )),
            ]),
            4,
        ));
    }

    lines.push((Line::from(""), 0));
    lines.push((heading("Zones by burden, lightest first"), 0));
    let id_width = plan
        .zones
        .iter()
        .map(|z| z.zone.id.chars().count())
        .max()
        .unwrap_or(0);
    for (rank, zone) in plan.zones.iter().enumerate() {
        let mut first = vec![Span::raw(format!(
            "  {:>2}. {:<id_width$}  ",
            rank + 1,
            zone.zone.id
        ))];
        first.extend(outcome_spans(&zone.outcome, theme));
        if dashboard.zone_choices.is_hidden(&zone.zone.id) {
            first.push(Span::styled("  (hidden in the grid)", theme.dim()));
        }
        lines.push((Line::from(first), 6));
        let decided = if zone.covering.is_empty() {
            "no list covers the sector: the national baseline decides".to_string()
        } else {
            format!("decided by {}", zone.covering.join(", "))
        };
        lines.push((
            Line::from(Span::styled(
                format!("      {}; {decided}", burden_words(&zone.outcome)),
                theme.dim(),
            )),
            6,
        ));
    }

    lines.push((Line::from(""), 0));
    lines.push((heading("Lists that could be applied by reference"), 0));
    if plan.by_reference.is_empty() && plan.not_offered.is_empty() {
        lines.push((
            Line::from(
                "  none (no zone names a reference provision, or no other list covers the sector)",
            ),
            4,
        ));
    }
    for reason in &plan.not_offered {
        lines.push((Line::from(format!("  none for {reason}")), 4));
    }
    for option in &plan.by_reference {
        lines.push((
            Line::from(format!(
                "  {} applying {} under {}:",
                option.from_zone, option.list.pack, option.provision
            )),
            4,
        ));
        let mut outcome = vec![Span::raw("      ")];
        outcome.extend(outcome_spans(&option.outcome, theme));
        outcome.push(Span::styled(
            format!("; {}", burden_words(&option.outcome)),
            theme.dim(),
        ));
        lines.push((Line::from(outcome), 6));
        lines.push((
            Line::from(Span::styled("      zones file lines:", theme.dim())),
            6,
        ));
        for line in option.zones_toml().lines() {
            // A long TOML line goes on under its value.
            let value_at = line.find("= ").map_or(0, |at| at + 2);
            lines.push((Line::from(format!("      {line}")), 6 + value_at));
        }
    }
    let width = area.width.saturating_sub(2) as usize;
    let lines: Vec<Line> = lines
        .into_iter()
        .flat_map(|(line, indent)| super::wrap_hanging(line, indent, width))
        .collect();

    let title = format!(" Planner: sector {}, as of {} ", plan.sector, plan.as_of);
    let mut frame_block = block(title, theme);
    if dashboard.plan_awaiting() {
        // On the frame, so it shows however far the view is scrolled.
        frame_block = frame_block.title_bottom(Span::styled(
            format!(" ~ {COMPUTING} (this is the plan from before the last change) "),
            theme.dim(),
        ));
    }
    super::draw_scrolled(
        frame,
        area,
        frame_block,
        lines,
        &dashboard.plan.scroll,
        theme,
    );
}

fn block(title: String, theme: &Theme) -> Block<'static> {
    Block::bordered()
        .title(title)
        .border_style(theme.focused_border())
}

/// The zone's summary route, as symbol and words.
fn outcome_spans(
    outcome: &Result<(ZoneEvaluation, Burden), EngineError>,
    theme: &Theme,
) -> Vec<Span<'static>> {
    match outcome {
        Ok((evaluation, burden)) => vec![Span::styled(
            format!(
                "{} {}",
                route_symbol(burden.strictest),
                summary_phrase(evaluation)
            ),
            theme.route(burden.strictest),
        )],
        Err(_) => vec![Span::styled("! error", theme.error())],
    }
}

/// How many exports need which procedure, and how many are undetermined; or why the zone could
/// not be judged.
fn burden_words(outcome: &Result<(ZoneEvaluation, Burden), EngineError>) -> String {
    match outcome {
        Ok((_, burden)) => burden.words(),
        Err(error) => error.fault.to_string(),
    }
}
