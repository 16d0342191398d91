//! The main view: the grid of zones by exports, the detail pane of the selected cell, and the
//! filter over the exports.

use super::scroll::Scroll;
use super::{Handled, View};
use crate::dashboard::keys::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::cell::Cell;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Grid,
    Detail,
}

#[derive(Debug)]
pub struct GridView {
    /// The selected row among the exports shown (the last: the overall row).
    pub row: usize,
    /// The selected zone column, by index into the columns (configured order); always one
    /// shown.
    pub column: usize,
    pub focus: Pane,
    pub detail: Scroll,
    pub filter: String,
    /// Where the scrolling zone columns started in the last frame drawn. The one value a frame
    /// writes back: the next frame scrolls from there, so the view moves only when the selection
    /// would leave it (how many columns fit is known only when drawing).
    pub zone_scroll: Cell<usize>,
    /// The first export row the grid showed in the last frame: like `zone_scroll`, written back
    /// by the frame, so that rows scroll only when the selection would leave the view.
    pub row_scroll: Cell<usize>,
    /// How many export rows the last frame had room for: a page of the grid.
    pub rows_shown: Cell<usize>,
}

impl Default for GridView {
    fn default() -> Self {
        GridView {
            row: 0,
            column: 0,
            focus: Pane::Grid,
            detail: Scroll::default(),
            filter: String::new(),
            zone_scroll: Cell::new(0),
            row_scroll: Cell::new(0),
            rows_shown: Cell::new(1),
        }
    }
}

/// Where the selection can go from here: the grid knows neither the exports shown nor the
/// order of the columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reach {
    /// Rows of the grid: the exports shown and the overall row.
    pub rows: usize,
    /// The columns beside the selected one in display order (itself at an end).
    pub left: usize,
    pub right: usize,
}

/// What a key does in the filter line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterAnswer {
    Typing,
    Close,
    Quit,
}

impl GridView {
    /// The hints of the grid pane, most useful first.
    pub const OFFERS: &'static [Action] = &[
        Action::Help,
        Action::Quit,
        Action::Edit,
        Action::StepUp,
        Action::StepDown,
        Action::JumpNext,
        Action::Save,
        Action::Zones,
        Action::Plan,
        Action::Memo,
        Action::Packs,
        Action::HideZone,
        Action::PinZone,
        Action::ReloadPacks,
        Action::Cases,
        Action::Filter,
        Action::Open,
    ];

    /// The hints of the detail pane.
    pub const DETAIL_OFFERS: &'static [Action] = &[
        Action::Back,
        Action::NextPane,
        Action::Edit,
        Action::Memo,
        Action::Help,
        Action::Quit,
    ];

    pub fn offers(&self) -> &'static [Action] {
        match self.focus {
            Pane::Grid => Self::OFFERS,
            Pane::Detail => Self::DETAIL_OFFERS,
        }
    }

    pub fn act(&mut self, action: Action, reach: Reach) -> Handled {
        if self.focus == Pane::Detail && self.detail.act(action) {
            return Handled::Done;
        }
        let last = reach.rows - 1;
        let page = self.rows_shown.get().max(1);
        match action {
            Action::Up => self.move_to(self.row.saturating_sub(1), self.column),
            Action::Down => self.move_to((self.row + 1).min(last), self.column),
            Action::PageUp => self.move_to(self.row.saturating_sub(page), self.column),
            Action::PageDown => self.move_to((self.row + page).min(last), self.column),
            Action::Top => self.move_to(0, self.column),
            Action::Bottom => self.move_to(last, self.column),
            Action::Left => self.move_to(self.row, reach.left),
            Action::Right => self.move_to(self.row, reach.right),
            Action::NextPane | Action::PrevPane => {
                self.focus = match self.focus {
                    Pane::Grid => Pane::Detail,
                    Pane::Detail => Pane::Grid,
                };
                Handled::Done
            }
            Action::Open => {
                self.focus = Pane::Detail;
                self.detail.reset();
                Handled::Done
            }
            Action::Back if self.focus == Pane::Detail => {
                self.focus = Pane::Grid;
                Handled::Done
            }
            Action::Back if !self.filter.is_empty() => {
                self.filter.clear();
                self.row = 0;
                Handled::Done
            }
            Action::Packs => Handled::Show(View::Packs),
            Action::Cases => Handled::Show(View::Cases),
            Action::Plan => Handled::Show(View::Plan),
            Action::Zones => Handled::ShowZones,
            _ => Handled::Ignored,
        }
    }

    fn move_to(&mut self, row: usize, column: usize) -> Handled {
        if (row, column) == (self.row, self.column) {
            return Handled::Done;
        }
        self.row = row;
        self.column = column;
        self.detail.reset();
        Handled::Moved
    }

    /// A key typed into the filter line.
    pub fn filter_key(&mut self, key: KeyEvent, action: Option<Action>) -> FilterAnswer {
        match key.code {
            KeyCode::Enter => FilterAnswer::Close,
            KeyCode::Esc => {
                self.filter.clear();
                FilterAnswer::Close
            }
            KeyCode::Backspace => {
                self.filter.pop();
                FilterAnswer::Typing
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.filter.push(c);
                FilterAnswer::Typing
            }
            _ if action == Some(Action::Quit) => FilterAnswer::Quit,
            _ => FilterAnswer::Typing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REACH: Reach = Reach {
        rows: 3,
        left: 0,
        right: 2,
    };

    #[test]
    fn moving_says_so_and_staying_put_does_not() {
        let mut grid = GridView::default();
        assert_eq!(
            grid.act(Action::Up, REACH),
            Handled::Done,
            "already at the top"
        );
        grid.detail.act(Action::PageDown);
        assert!(grid.detail.top() > 0);
        assert_eq!(grid.act(Action::Down, REACH), Handled::Moved);
        assert_eq!(
            grid.detail.top(),
            0,
            "a new cell's detail starts at its top"
        );
        grid.act(Action::Down, REACH);
        assert_eq!(
            grid.act(Action::Down, REACH),
            Handled::Done,
            "the overall row is last"
        );
        assert_eq!(grid.row, 2);
        assert_eq!(grid.act(Action::Right, REACH), Handled::Moved);
        assert_eq!(grid.column, 2);
    }

    #[test]
    fn in_the_detail_pane_the_arrows_scroll_and_back_leaves_it() {
        let mut grid = GridView::default();
        grid.act(Action::Open, REACH);
        assert_eq!(grid.focus, Pane::Detail);
        assert_eq!(grid.act(Action::Down, REACH), Handled::Done);
        assert_eq!((grid.row, grid.detail.top()), (0, 1));
        assert_eq!(grid.act(Action::Bottom, REACH), Handled::Done);
        assert_eq!(grid.row, 0, "the ends scroll the detail, not the rows");
        assert_eq!(grid.offers(), GridView::DETAIL_OFFERS);
        grid.act(Action::Back, REACH);
        assert_eq!(grid.focus, Pane::Grid);
    }

    #[test]
    fn pages_move_by_the_rows_the_last_frame_showed_and_the_ends_reach_the_overall_row() {
        let reach = Reach {
            rows: 101,
            left: 0,
            right: 0,
        };
        let mut grid = GridView::default();
        grid.rows_shown.set(20);
        assert_eq!(grid.act(Action::PageDown, reach), Handled::Moved);
        assert_eq!(grid.row, 20);
        grid.act(Action::PageUp, reach);
        grid.act(Action::PageUp, reach);
        assert_eq!(grid.row, 0);
        assert_eq!(grid.act(Action::Bottom, reach), Handled::Moved);
        assert_eq!(grid.row, 100, "the overall row");
        assert_eq!(grid.act(Action::PageDown, reach), Handled::Done);
        assert_eq!(grid.act(Action::Top, reach), Handled::Moved);
        assert_eq!(grid.row, 0);
    }

    #[test]
    fn back_clears_the_filter_before_it_is_left_to_the_router() {
        let mut grid = GridView {
            filter: "trial".into(),
            row: 1,
            ..GridView::default()
        };
        assert_eq!(grid.act(Action::Back, REACH), Handled::Done);
        assert_eq!((grid.filter.as_str(), grid.row), ("", 0));
        assert_eq!(grid.act(Action::Back, REACH), Handled::Ignored);
    }

    #[test]
    fn the_filter_line_types_erases_and_closes() {
        let mut grid = GridView::default();
        let press = |code| KeyEvent::new(code, KeyModifiers::NONE);
        grid.filter_key(press(KeyCode::Char('q')), Some(Action::Quit));
        grid.filter_key(press(KeyCode::Char('x')), None);
        assert_eq!(
            grid.filter, "qx",
            "letters are text here, even the quit key"
        );
        grid.filter_key(press(KeyCode::Backspace), None);
        assert_eq!(grid.filter, "q");
        assert_eq!(
            grid.filter_key(press(KeyCode::Enter), None),
            FilterAnswer::Close
        );
        assert_eq!(grid.filter, "q", "enter keeps the filter");
        assert_eq!(
            grid.filter_key(press(KeyCode::Esc), None),
            FilterAnswer::Close
        );
        assert_eq!(grid.filter, "");
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(
            grid.filter_key(ctrl_c, Some(Action::Quit)),
            FilterAnswer::Quit
        );
    }
}
