//! The cases view: every loaded pack's golden cases, passed or failed, with each failure's text.
//! Run when the view opens and again after every pack reload, so a rebuild shows up here.

use super::super::keys::Action;
use super::super::state::Dashboard;
use super::super::theme::Theme;
use super::super::views::cases::CasesOutcome;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use ratatui::Frame;
use std::path::Path;

pub fn draw(frame: &mut Frame, area: Rect, dashboard: &Dashboard, theme: &Theme) {
    let mut lines = vec![
        Line::from(Span::styled(
            format!(
                "run when this view opens and after every pack reload; {} runs them again now",
                dashboard.keymap.first(Action::ReloadPacks)
            ),
            theme.dim(),
        )),
        Line::from(""),
    ];
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut without = Vec::new();
    for run in &dashboard.cases.runs {
        let generation = format!("  generation {}", run.generation);
        match &run.outcome {
            CasesOutcome::NoCases => without.push(run.pack.as_str()),
            CasesOutcome::Unusable(error) => {
                lines.push(Line::from(vec![
                    Span::styled("✖ ", theme.error()),
                    Span::styled(run.pack.clone(), bold),
                    Span::raw(generation),
                    Span::styled("  cases could not be read", theme.error()),
                ]));
                lines.push(Line::from(format!("  {error}")));
                lines.push(Line::from(""));
            }
            CasesOutcome::Ran(result) => {
                let failed = result.failed();
                let passed = result.cases.len() - failed;
                let (marker, style) = if failed == 0 {
                    ("✔ ", theme.ok())
                } else {
                    ("✖ ", theme.error())
                };
                lines.push(Line::from(vec![
                    Span::styled(marker, style),
                    Span::styled(run.pack.clone(), bold),
                    Span::raw(generation),
                    Span::raw("  "),
                    Span::styled(format!("{passed} passed, {failed} failed"), style),
                ]));
                let declared = result.rules_fired.len() + result.rules_not_fired.len();
                let mut coverage = format!(
                    "  {} · {}/{declared} rules fired",
                    dir_label(&result.cases_dir),
                    result.rules_fired.len()
                );
                if !result.rules_not_fired.is_empty() {
                    coverage.push_str(&format!(
                        "; never fired: {}",
                        result.rules_not_fired.join(", ")
                    ));
                }
                lines.push(Line::from(coverage));
                for case in result.cases.iter().filter(|case| !case.passed()) {
                    let name = case
                        .file
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    lines.push(Line::from(vec![
                        Span::raw("  "),
                        Span::styled(format!("✖ {name}"), theme.error()),
                        Span::raw(format!(": {}", case.description)),
                    ]));
                    for failure in &case.failures {
                        lines.push(Line::from(format!("      {failure}")));
                    }
                }
                lines.push(Line::from(""));
            }
        }
    }
    let with_cases = dashboard.cases.runs.len() - without.len();
    if with_cases == 0 {
        lines.push(Line::from(
            "no golden cases found: they are looked for in packs/<id>/cases from the current \
             directory up, so start the dashboard in the workspace checkout",
        ));
    }
    if !without.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("no cases found for: {}", without.join(", ")),
            theme.dim(),
        )));
    }
    let title = format!(
        " Golden cases ({} pack(s): {}) ",
        with_cases,
        dashboard.cases_summary()
    );
    let block = Block::bordered()
        .title(title)
        .border_style(theme.focused_border());
    super::draw_scrolled(frame, area, block, lines, &dashboard.cases.scroll, theme);
}

/// `packs/<id>/cases`: the cases directory as found in the checkout, without the machine's path.
fn dir_label(dir: &Path) -> String {
    let parts: Vec<String> = dir
        .components()
        .rev()
        .take(3)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.into_iter().rev().collect::<Vec<_>>().join("/")
}
