//! The detail pane: everything behind the selected cell.

use super::super::state::Dashboard;
use super::super::theme::Theme;
use super::super::views::grid::Pane;
use super::grid::PENDING;
use super::wrap_hanging;
use crate::common::dates::format_date;
use crate::core::engine::{ExportEvaluation, ZoneEvaluation};
use crate::core::ledger::counts::Crossing;
use crate::core::ledger::report::{crossing_text, export_crossing};
use crate::core::obligations::DutyStatus;
use crate::core::wording::{route_symbol, route_word, summary_words, thousands};
use crate::render::report::{count_words, data_text, duty_when, headroom_words, TRIAL_ENDED_MARK};
use ftzroute_plugin_api::{Route, Step};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, area: Rect, dashboard: &Dashboard, theme: &Theme) {
    let width = area.width.saturating_sub(2) as usize;
    let (title, mut lines) = match (dashboard.selected_column(), dashboard.selected_export()) {
        (None, _) => (
            " Detail ".to_string(),
            vec![Line::from("no zone configured")],
        ),
        (Some(column), _) if column.pending() => (
            format!(" {} ", column.zone.id),
            vec![Line::from(Span::styled(
                if dashboard.packs_loading {
                    format!(
                        "{PENDING}: zone `{}` is evaluated once the packs are open",
                        column.zone.id
                    )
                } else {
                    format!("{PENDING}: zone `{}` is being evaluated", column.zone.id)
                },
                theme.dim(),
            ))],
        ),
        (Some(column), export) => match (column.outcome.as_deref().expect("not pending"), export) {
            (Err(error), _) => (
                format!(" {} ", column.zone.id),
                vec![
                    Line::from(Span::styled(
                        format!("✖ zone `{}` could not be evaluated", column.zone.id),
                        theme.error(),
                    )),
                    Line::from(error.clone()),
                ],
            ),
            (Ok(zone), Some(index)) => {
                let export = &zone.exports[index];
                (
                    format!(" {} in {} ", export.id, zone.zone),
                    export_lines(dashboard, zone, index, theme, width),
                )
            }
            (Ok(zone), None) => (
                format!(" {} overall ", zone.zone),
                overall_lines(dashboard, zone, theme),
            ),
        },
    };
    // What the profile itself carries, as in every other output, above the cell's detail.
    let remarks = &dashboard.remarks;
    let mut about: Vec<Line> = Vec::new();
    if let Some(error) = &remarks.error {
        about.push(Line::from(Span::styled(
            format!("✖ profile error: {error}"),
            theme.error(),
        )));
    }
    for note in &remarks.notes {
        about.push(Line::from(format!("profile note: {note}")));
    }
    for warning in &remarks.warnings {
        about.push(Line::from(Span::styled(
            format!("warning: {warning}"),
            theme.error(),
        )));
    }
    lines.splice(0..0, about);
    if dashboard.selected_column().is_some_and(|c| c.stale()) {
        lines.insert(
            0,
            Line::from(Span::styled(
                "~ stale: being evaluated again; this is the previous result",
                theme.dim(),
            )),
        );
    }
    let lines: Vec<Line> = lines
        .into_iter()
        .flat_map(|line| {
            let indent = hanging_indent(&line);
            wrap_hanging(line, indent, width)
        })
        .collect();
    let mut block = Block::bordered().title(title);
    if dashboard.grid.focus == Pane::Detail {
        block = block.border_style(theme.focused_border());
    }
    super::draw_scrolled(frame, area, block, lines, &dashboard.grid.detail, theme);
}

/// The width of the label column.
const LABEL_WIDTH: usize = 10;

fn label(text: &str) -> Span<'static> {
    Span::styled(
        format!("{text:<LABEL_WIDTH$}"),
        Style::default().add_modifier(Modifier::BOLD),
    )
}

/// Where a row's continuation rows start: under the text after a label, or after a bullet.
fn hanging_indent(line: &Line) -> usize {
    let labelled = line.spans.len() > 1
        && line.spans[0].content.width() == LABEL_WIDTH
        && line.spans[0].style.add_modifier.contains(Modifier::BOLD);
    if labelled {
        return LABEL_WIDTH;
    }
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let body = text.trim_start();
    let leading = text.width() - body.width();
    if body.starts_with("• ") {
        leading + "• ".width()
    } else {
        leading
    }
}

fn export_lines(
    dashboard: &Dashboard,
    zone: &ZoneEvaluation,
    index: usize,
    theme: &Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let export = &zone.exports[index];
    let profile_export = &dashboard.profile.exports[index];
    let mut lines = vec![Line::from(vec![
        label("Route"),
        Span::styled(
            format!("{} {}", route_symbol(export.route), export.route),
            theme.route(export.route),
        ),
    ])];
    if let Some(until) = &export.trial_ended {
        lines.push(Line::from(vec![
            label("Trial"),
            Span::styled(
                format!(
                    "{TRIAL_ENDED_MARK} the deciding list's trial period ended {until}: check \
                     that it was extended or replaced unchanged before relying on this route"
                ),
                theme.error(),
            ),
        ]));
    }
    if let Some(text) = dashboard.profile.labels[index].as_deref() {
        lines.push(Line::from(vec![
            label("Export"),
            Span::raw(format!("{text} ({})", data_text(profile_export))),
        ]));
    } else {
        lines.push(Line::from(vec![
            label("Export"),
            Span::raw(data_text(profile_export)),
        ]));
    }
    let pack = match (&export.pack, &export.edition) {
        (Some(pack), Some(edition)) => match &export.validity {
            Some(validity) => format!("{pack} (edition {edition}, {validity})"),
            None => format!("{pack} (edition {edition})"),
        },
        (Some(pack), None) => pack.clone(),
        _ => "none".into(),
    };
    let rule = export
        .rule
        .as_ref()
        .map(|r| format!(" · rule {}", r.id))
        .unwrap_or_default();
    lines.push(Line::from(vec![
        label("Pack"),
        Span::raw(format!("{pack}{rule}")),
    ]));
    lines.push(Line::from(vec![
        label("Basis"),
        Span::raw(export.basis.clone()),
    ]));
    lines.extend(ledger_lines(dashboard, zone, export, theme));
    if let Some(rule) = &export.rule {
        lines.push(Line::from(vec![
            label("Citation"),
            Span::raw(rule.citation.zh.clone()),
        ]));
        let official = if rule.citation.en_official {
            ""
        } else {
            " (unofficial translation)"
        };
        lines.push(Line::from(vec![
            label(""),
            Span::styled(format!("{}{official}", rule.citation.en), theme.dim()),
        ]));
    }
    // With a ledger, the export's persons and exclusions are the ledger's, in the window the
    // zone counted.
    let evaluated = dashboard
        .ledger
        .current
        .as_ref()
        .zip(zone.counted.as_ref())
        .and_then(|(counts, counted)| counts.window(counted.window))
        .and_then(|window| window.profile.exports.get(index))
        .unwrap_or(profile_export);
    if let Some(text) = count_words(export, evaluated) {
        lines.push(Line::from(vec![label("Count"), Span::raw(text)]));
    }
    if !export.ladder.is_empty() {
        let position = export
            .count
            .as_ref()
            .map(|c| c.total)
            .or(export.counted_persons)
            .unwrap_or(0);
        lines.push(Line::from(label("Ladder")));
        lines.extend(ladder_lines(
            &export.ladder,
            position,
            width.saturating_sub(2),
            theme,
        ));
    }
    let headroom = match (export.next, export.counted_persons) {
        (Some(next), Some(counted)) if export.route != Route::Undetermined => Line::from(vec![
            label("Headroom"),
            Span::raw(format!(
                "+{} → ",
                thousands(next.at_persons.saturating_sub(counted))
            )),
            Span::styled(
                format!("{} {}", route_symbol(next.route), next.route),
                theme.route(next.route),
            ),
            Span::raw(format!(
                " at {} counted persons",
                thousands(next.at_persons)
            )),
        ]),
        _ => Line::from(vec![label("Headroom"), Span::raw(headroom_words(export))]),
    };
    lines.push(headroom);
    if !export.notes.is_empty() {
        lines.push(Line::from(label("Notes")));
        for note in &export.notes {
            lines.push(Line::from(format!("  • {note}")));
        }
    }
    if !export.obligations.is_empty() {
        lines.push(Line::from(label("Duties")));
        // Dated duties first, soonest first: what to act on; then those waiting for a date or
        // an event, and standing duties.
        let mut duties: Vec<_> = export.obligations.iter().collect();
        duties.sort_by_key(|duty| (duty.due.is_none(), duty.due));
        for duty in duties {
            let style = match duty.status {
                DutyStatus::Overdue => theme.error(),
                DutyStatus::DueSoon => Style::default().add_modifier(Modifier::BOLD),
                DutyStatus::Done => theme.dim(),
                _ => Style::default(),
            };
            lines.push(Line::from(vec![
                Span::styled(format!("  • {}: {}", duty.duty.id, duty_when(duty)), style),
                Span::styled(format!(" — {}", duty.duty.duty_en), theme.dim()),
            ]));
        }
    }
    lines
}

/// The scenario's thresholds as a bar, with the profile's position on it. Bands get equal
/// widths (their ranges differ by orders of magnitude); the marker sits proportionally inside
/// its band.
pub fn ladder_lines(
    ladder: &[Step],
    position: u64,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let bands = ladder.len().max(1);
    let band_width = (width / bands).max(6);
    let mut names = Vec::new();
    let mut numbers = String::new();
    let mut bar = String::new();
    let mut marker_column = 0;
    for (index, step) in ladder.iter().enumerate() {
        // The symbol alone where the word would not fit whole.
        let mut name = format!("{} {}", route_symbol(step.route), route_word(step.route));
        if name.width() >= band_width {
            name = route_symbol(step.route).to_string();
        }
        let shown: String = fit(&name, band_width);
        names.push(Span::styled(shown, theme.route(step.route)));
        numbers.push_str(&fit(&format!("≥{}", thousands(step.from)), band_width));
        let end = ladder.get(index + 1).map(|next| next.from);
        let start_column = index * band_width;
        bar.push('├');
        bar.push_str(&"─".repeat(band_width - 1));
        let inside = match end {
            Some(end) => position >= step.from && position < end,
            None => position >= step.from,
        };
        if inside {
            let span = match end {
                Some(end) => (end - step.from) as f64,
                None => step.from.max(1) as f64,
            };
            let fraction = ((position - step.from) as f64 / span).clamp(0.0, 1.0);
            marker_column = start_column + 1 + ((band_width - 2) as f64 * fraction) as usize;
        }
    }
    bar.push('▶');
    let mut bar_chars: Vec<char> = bar.chars().collect();
    if marker_column < bar_chars.len() {
        bar_chars[marker_column] = '◆';
    }
    let pointer = format!(
        "{}▲ {} (this profile)",
        " ".repeat(marker_column),
        thousands(position)
    );
    vec![
        Line::from(names),
        Line::from(Span::styled(numbers, theme.dim())),
        Line::from(bar_chars.into_iter().collect::<String>()),
        Line::from(pointer),
    ]
}

/// `text` padded or cut to exactly `width` columns.
fn fit(text: &str, width: usize) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
            > width.saturating_sub(1)
        {
            break;
        }
        out.push(c);
    }
    let pad = width - out.width();
    out.push_str(&" ".repeat(pad));
    out
}

fn overall_lines(
    dashboard: &Dashboard,
    zone: &crate::core::engine::ZoneEvaluation,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::from(vec![
            label("Route"),
            Span::styled(
                format!("{} {}", route_symbol(zone.route), zone.route),
                theme.route(zone.route),
            ),
        ]),
        Line::from(vec![
            label("Zone"),
            Span::raw(format!("{} ({})", zone.name, zone.zone)),
        ]),
        Line::from(vec![
            label("Rule"),
            Span::raw(
                "the strictest route of the exports decides the zone; one undetermined export \
                 leaves the zone undetermined",
            ),
        ]),
    ];
    if zone.route == Route::Undetermined {
        lines.push(Line::from(vec![
            label("Known"),
            Span::raw(summary_words(zone)),
        ]));
    }
    let strictest: Vec<String> = match &zone.floor {
        Some(floor) => floor.exports.clone(),
        None => zone
            .exports
            .iter()
            .filter(|e| e.route == zone.route)
            .map(|e| e.id.clone())
            .collect(),
    };
    lines.push(Line::from(vec![
        label("Set by"),
        Span::raw(strictest.join(", ")),
    ]));
    let mut packs: Vec<String> = zone
        .exports
        .iter()
        .filter_map(|e| e.pack.clone().zip(e.edition.clone()))
        .map(|(p, e)| format!("{p} (edition {e})"))
        .collect();
    packs.dedup();
    lines.push(Line::from(vec![label("Pack"), Span::raw(packs.join(", "))]));
    let configured = dashboard
        .zones
        .get(&zone.zone)
        .map(|z| z.packs.join(" → "))
        .unwrap_or_default();
    lines.push(Line::from(vec![label("Order"), Span::raw(configured)]));
    lines
}

/// From the profile's transfer ledger: the window the zone counted, the count of the group that
/// decided in it, and when its next threshold is crossed at the current run rate.
fn ledger_lines(
    dashboard: &Dashboard,
    zone: &ZoneEvaluation,
    export: &ExportEvaluation,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let (Some(counts), Some(counted)) = (&dashboard.ledger.current, zone.counted) else {
        return Vec::new();
    };
    let window = Line::from(vec![
        label("Ledger"),
        Span::raw(format!("counted {}", counted.words())),
    ]);
    let Some(snapshot) = counts.window(counted.window).map(|w| &w.snapshot) else {
        return vec![window];
    };
    let Some((group, figures, next)) = export_crossing(snapshot, zone, export) else {
        return vec![window];
    };
    let mut lines = vec![
        window,
        Line::from(vec![
            label(""),
            Span::raw(format!(
                "{} persons counted in {} (exact; {})",
                thousands(figures.counted_persons),
                group.key,
                snapshot.cross_scenario.id()
            )),
        ]),
    ];
    let mut pace = format!("{:.1} new persons a day", figures.run_rate_per_day);
    if let Some(next) = next {
        pace.push_str(&format!(
            "; {} {} at {}: {}",
            route_symbol(next.route),
            route_word(next.route),
            thousands(next.at_persons),
            match next.crossing {
                Crossing::On(date) => format!("projected {} at this rate", format_date(date)),
                other => crossing_text(other),
            }
        ));
    }
    lines.push(Line::from(vec![label(""), Span::styled(pace, theme.dim())]));
    lines
}
