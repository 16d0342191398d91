//! Which zone columns the grid shows, in what order, and how they fit the width.
//!
//! The user hides and pins zones ([`ZoneChoices`]); the choice is kept in a small TOML file in
//! the per-user state directory, by zone id, and read back at the next launch. A hidden zone is
//! still evaluated (the zones overlay and the planner list it); a pinned one stays leftmost while
//! the others scroll.
//!
//! [`lay_out`] picks, for a width, the first of these that fits: every column with full cells
//! (`● contract/cert #14`), every column with compact ones (`● #14`), or compact columns that
//! scroll sideways past the pinned ones, with a count of the columns out of view on each side.

use crate::common::atomic::write_atomically;
use crate::common::input::{parse_toml, InputError};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The name of the choices file in the state directory.
pub const CHOICES_FILE: &str = "dashboard-zones.toml";

/// Zones hidden and pinned, by id. Ids of zones not configured now are kept as they were read
/// (a choice made with another zones file survives a session with this one) but change nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ZoneChoices {
    pub hidden: Vec<String>,
    pub pinned: Vec<String>,
}

#[derive(Deserialize)]
struct ChoicesFile {
    #[serde(default)]
    hidden: Vec<String>,
    #[serde(default)]
    pinned: Vec<String>,
}

impl ZoneChoices {
    pub fn is_hidden(&self, zone: &str) -> bool {
        self.hidden.iter().any(|z| z == zone)
    }

    pub fn is_pinned(&self, zone: &str) -> bool {
        self.pinned.iter().any(|z| z == zone)
    }

    /// Hides a shown zone, shows a hidden one; true when it is now hidden.
    pub fn toggle_hidden(&mut self, zone: &str) -> bool {
        toggle(&mut self.hidden, zone)
    }

    /// Pins an unpinned zone, unpins a pinned one; true when it is now pinned.
    pub fn toggle_pinned(&mut self, zone: &str) -> bool {
        toggle(&mut self.pinned, zone)
    }

    /// The choices saved in `file`; none when it does not exist.
    pub fn load(file: &Path) -> Result<ZoneChoices, InputError> {
        match std::fs::read_to_string(file) {
            Ok(source) => ZoneChoices::parse(file, &source),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                Ok(ZoneChoices::default())
            }
            Err(error) => Err(InputError::new(
                file,
                format!("cannot read the saved zone choices: {error}"),
            )),
        }
    }

    pub fn parse(file: &Path, source: &str) -> Result<ZoneChoices, InputError> {
        let parsed: ChoicesFile = parse_toml(file, source)?;
        let mut choices = ZoneChoices::default();
        for zone in parsed.hidden {
            if !choices.is_hidden(&zone) {
                choices.hidden.push(zone);
            }
        }
        for zone in parsed.pinned {
            if !choices.is_pinned(&zone) {
                choices.pinned.push(zone);
            }
        }
        Ok(choices)
    }

    pub fn to_toml(&self) -> String {
        let list = |ids: &[String]| {
            ids.iter()
                .map(|id| toml::Value::String(id.clone()).to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "# Zones the ftzroute dashboard hides and pins, by zone id. Written by the dashboard\n\
             # (z, x, P); ids that the zones file in use does not define are ignored.\n\
             hidden = [{}]\npinned = [{}]\n",
            list(&self.hidden),
            list(&self.pinned)
        )
    }

    /// Writes the choices to `file` atomically, creating its directory.
    pub fn save(&self, file: &Path) -> Result<(), String> {
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        write_atomically(file, &self.to_toml()).map_err(|e| e.to_string())
    }
}

fn toggle(list: &mut Vec<String>, zone: &str) -> bool {
    if let Some(at) = list.iter().position(|z| z == zone) {
        list.remove(at);
        false
    } else {
        list.push(zone.to_owned());
        true
    }
}

/// Where the choices are kept for this user.
pub fn choices_file(state_dir: &Path) -> PathBuf {
    state_dir.join(CHOICES_FILE)
}

/// The columns to show, by index into `ids` (the configured order): pinned ones first, then the
/// others, each group in configured order; hidden ones left out. The second value is how many
/// of them are pinned.
pub fn display_order(ids: &[&str], choices: &ZoneChoices) -> (Vec<usize>, usize) {
    let shown = |index: &usize| !choices.is_hidden(ids[*index]);
    let pinned: Vec<usize> = (0..ids.len())
        .filter(shown)
        .filter(|i| choices.is_pinned(ids[*i]))
        .collect();
    let count = pinned.len();
    let mut order = pinned;
    order.extend(
        (0..ids.len())
            .filter(shown)
            .filter(|i| !choices.is_pinned(ids[*i])),
    );
    (order, count)
}

/// How zone cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellForm {
    /// Symbol, word and list item: `● contract/cert #14`.
    Full,
    /// Symbol and list item: `● #14`.
    Compact,
}

/// The width a column needs in each form: its widest cell, header included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnNeed {
    pub full: u16,
    pub compact: u16,
}

impl ColumnNeed {
    fn of(self, form: CellForm) -> u16 {
        match form {
            CellForm::Full => self.full,
            CellForm::Compact => self.compact,
        }
    }
}

/// The zone columns of one frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneLayout {
    pub form: CellForm,
    /// The columns drawn, left to right: index into the configured zones, and width.
    pub shown: Vec<(usize, u16)>,
    /// Scrolling columns out of view on the left and on the right.
    pub more_left: usize,
    pub more_right: usize,
    /// Position, among the scrolling columns, of the first one drawn: the next frame scrolls
    /// from there, so the view moves only when the selection would leave it.
    pub first: usize,
}

/// The space between two columns.
pub const GAP: u16 = 1;

/// Lays out the columns of `order` (pinned ones first, `pinned` of them) in `room` columns of
/// screen, each zone column costing its width and a [`GAP`]. `needs` is by configured index.
/// When scrolling, the view starts at `first` (where the last frame started) and moves as little
/// as keeps `selected` in view and leaves no empty space on the right.
pub fn lay_out(
    order: &[usize],
    pinned: usize,
    needs: &[ColumnNeed],
    room: u16,
    first: usize,
    selected: usize,
) -> ZoneLayout {
    let cost = |column: usize, form: CellForm| needs[column].of(form) + GAP;
    for form in [CellForm::Full, CellForm::Compact] {
        let total: u16 = order.iter().map(|c| cost(*c, form)).sum();
        if total <= room {
            return ZoneLayout {
                form,
                shown: spread(order, needs, form, room),
                more_left: 0,
                more_right: 0,
                first: 0,
            };
        }
    }
    let form = CellForm::Compact;
    // Pinned columns stay only while at least one other column fits beside them.
    let pinned_cost: u16 = order[..pinned].iter().map(|c| cost(*c, form)).sum();
    let widest_other = order[pinned..]
        .iter()
        .map(|c| cost(*c, form))
        .max()
        .unwrap_or(0);
    let pinned = if pinned_cost + widest_other <= room {
        pinned
    } else {
        0
    };
    let (fixed, scrolling) = order.split_at(pinned);
    let room_left = room - fixed.iter().map(|c| cost(*c, form)).sum::<u16>();
    // How many scrolling columns fit from `start` on; at least one, so something is shown.
    let fits = |start: usize| -> usize {
        let mut used = 0;
        let mut count = 0;
        for column in &scrolling[start..] {
            used += cost(*column, form);
            if used > room_left {
                break;
            }
            count += 1;
        }
        count.max(1)
    };
    let mut first = first.min(scrolling.len().saturating_sub(1));
    if let Some(at) = scrolling.iter().position(|c| *c == selected) {
        if at < first {
            first = at;
        }
        while at >= first + fits(first) {
            first += 1;
        }
    }
    // Scrolled to the end, the view shows as many columns as fit, not a gap.
    while first > 0 && first - 1 + fits(first - 1) >= scrolling.len() {
        first -= 1;
    }
    let count = fits(first).min(scrolling.len() - first);
    let mut drawn: Vec<usize> = fixed.to_vec();
    drawn.extend_from_slice(&scrolling[first..first + count]);
    ZoneLayout {
        form,
        shown: spread(&drawn, needs, form, room),
        more_left: first,
        more_right: scrolling.len() - first - count,
        first,
    }
}

/// The columns at their needed widths, with what room is left shared out among them.
fn spread(columns: &[usize], needs: &[ColumnNeed], form: CellForm, room: u16) -> Vec<(usize, u16)> {
    let used: u16 = columns.iter().map(|c| needs[*c].of(form) + GAP).sum();
    let extra = room.saturating_sub(used);
    let count = columns.len().max(1) as u16;
    columns
        .iter()
        .enumerate()
        .map(|(at, column)| {
            let share = extra / count + u16::from((at as u16) < extra % count);
            (*column, needs[*column].of(form) + share)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needs(n: usize, full: u16, compact: u16) -> Vec<ColumnNeed> {
        vec![ColumnNeed { full, compact }; n]
    }

    #[test]
    fn full_cells_when_they_fit_compact_next_scrolling_last() {
        let order: Vec<usize> = (0..3).collect();
        let wide = lay_out(&order, 0, &needs(3, 20, 8), 63, 0, 0);
        assert_eq!(wide.form, CellForm::Full);
        assert_eq!(wide.shown.len(), 3);
        assert_eq!(wide.shown.iter().map(|(_, w)| w + GAP).sum::<u16>(), 63);
        let narrower = lay_out(&order, 0, &needs(3, 20, 8), 62, 0, 0);
        assert_eq!(narrower.form, CellForm::Compact);
        assert_eq!((narrower.more_left, narrower.more_right), (0, 0));
        let narrow = lay_out(&order, 0, &needs(3, 20, 8), 20, 0, 0);
        assert_eq!(narrow.form, CellForm::Compact);
        assert_eq!(narrow.shown.len(), 2);
        assert_eq!((narrow.more_left, narrow.more_right), (0, 1));
    }

    #[test]
    fn the_view_follows_the_selection_and_moves_no_more_than_needed() {
        let order: Vec<usize> = (0..9).collect();
        let needs = needs(9, 20, 9);
        // Room for four columns of 9 + 1.
        let view = |first, selected| lay_out(&order, 0, &needs, 40, first, selected);
        let start = view(0, 0);
        assert_eq!(
            start.shown.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
            [0, 1, 2, 3]
        );
        assert_eq!((start.more_left, start.more_right), (0, 5));
        // Selecting the fifth column scrolls by one.
        let right = view(start.first, 4);
        assert_eq!(
            right.shown.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
            [1, 2, 3, 4]
        );
        assert_eq!((right.more_left, right.more_right), (1, 4));
        // Moving back left inside the view does not move it.
        let back = view(right.first, 2);
        assert_eq!(back.first, 1);
        // Moving past its left edge does.
        assert_eq!(view(back.first, 0).first, 0);
        // The last column: the view ends there, full.
        let end = view(0, 8);
        assert_eq!(
            end.shown.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
            [5, 6, 7, 8]
        );
        assert_eq!((end.more_left, end.more_right), (5, 0));
        // A stale start beyond the end shows the last columns, not a gap.
        assert_eq!(view(8, 8).shown.len(), 4);
    }

    #[test]
    fn pinned_columns_stay_while_the_others_scroll() {
        // Columns 6 and 2 pinned, 4 hidden.
        let ids = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        let choices = ZoneChoices {
            hidden: vec!["e".into()],
            pinned: vec!["g".into(), "c".into()],
        };
        let (order, pinned) = display_order(&ids, &choices);
        assert_eq!(order, [2, 6, 0, 1, 3, 5, 7, 8]);
        assert_eq!(pinned, 2);
        let layout = lay_out(&order, pinned, &needs(9, 20, 9), 40, 0, 8);
        let drawn: Vec<usize> = layout.shown.iter().map(|(c, _)| *c).collect();
        assert_eq!(drawn, [2, 6, 7, 8]);
        assert_eq!((layout.more_left, layout.more_right), (4, 0));
        // Pins that leave no room for another column scroll with the rest.
        let crowded = lay_out(&order, pinned, &needs(9, 20, 9), 20, 0, 8);
        assert_eq!(
            crowded.shown.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
            [7, 8]
        );
    }

    #[test]
    fn choices_round_trip_and_ignore_what_they_do_not_know() {
        let file = Path::new("dashboard-zones.toml");
        let mut choices = ZoneChoices::default();
        assert!(choices.toggle_hidden("tianjin"));
        assert!(choices.toggle_pinned("national"));
        assert!(choices.toggle_hidden("hainan"));
        assert!(!choices.toggle_hidden("hainan"));
        let text = choices.to_toml();
        assert_eq!(ZoneChoices::parse(file, &text).unwrap(), choices);

        let read = ZoneChoices::parse(
            file,
            "hidden = [\"gone\", \"tianjin\", \"tianjin\"]\nfuture_key = 1\n",
        )
        .unwrap();
        assert_eq!(read.hidden, ["gone", "tianjin"]);
        let (order, _) = display_order(&["tianjin", "national"], &read);
        assert_eq!(order, [1], "the unknown id changes nothing");

        let error = ZoneChoices::parse(file, "hidden = \"tianjin\"\n").unwrap_err();
        assert_eq!(error.field.as_deref(), Some("hidden"));
    }
}
