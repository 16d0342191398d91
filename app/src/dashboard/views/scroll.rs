//! A scrolled body of lines (the detail pane, the packs, cases and planner views, the help):
//! where it starts, moved a line, a page or to either end, and never past the point where its
//! last line is at the bottom. How many lines there are and how many fit is known only when
//! drawing, so the frame writes both back, as the grid's `zone_scroll` is.

use crate::dashboard::keys::Action;
use std::cell::Cell;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scroll {
    top: Cell<u16>,
    /// From the last frame drawn: the furthest top that still fills the body (`None` before
    /// the first frame), and the body's height, which is one page.
    last_top: Cell<Option<u16>>,
    page: Cell<u16>,
}

/// What a frame shows of a scrolled body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub top: u16,
    /// Lines are out of view above the top, or below the bottom.
    pub above: bool,
    pub below: bool,
}

impl Window {
    /// The marker a frame draws when lines are out of view, so that the end of a body is
    /// never taken for emptiness.
    pub fn more(self) -> Option<&'static str> {
        match (self.above, self.below) {
            (false, false) => None,
            (true, false) => Some(" ↑ more above "),
            (false, true) => Some(" more below ↓ "),
            (true, true) => Some(" ↑ more above, more below ↓ "),
        }
    }
}

impl Scroll {
    pub fn top(&self) -> u16 {
        self.top.get()
    }

    pub fn reset(&self) {
        self.top.set(0);
    }

    /// Moves for a scrolling action (a line, a page, either end); false for any other action.
    pub fn act(&self, action: Action) -> bool {
        let at = self.top.get();
        let page = self.page.get().max(1);
        let to = match action {
            Action::Up => at.saturating_sub(1),
            Action::Down => at.saturating_add(1),
            Action::PageUp => at.saturating_sub(page),
            Action::PageDown => at.saturating_add(page),
            Action::Top => 0,
            Action::Bottom => u16::MAX,
            _ => return false,
        };
        // Clamped here too, not only when drawn: presses past the end that arrive before the
        // next frame would otherwise have to be undone one by one.
        self.top
            .set(self.last_top.get().map_or(to, |last| to.min(last)));
        true
    }

    /// For the frame: `lines` lines in a body `height` rows high. Keeps the top within the
    /// body and says what is out of view.
    pub fn fit(&self, lines: usize, height: u16) -> Window {
        let last = lines
            .saturating_sub(usize::from(height))
            .min(usize::from(u16::MAX)) as u16;
        let top = self.top.get().min(last);
        self.top.set(top);
        self.last_top.set(Some(last));
        self.page.set(height);
        Window {
            top,
            above: top > 0,
            below: top < last,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn before_any_frame_the_arrows_move_freely_and_the_frame_pulls_the_top_back() {
        let scroll = Scroll::default();
        for _ in 0..5 {
            scroll.act(Action::Down);
        }
        assert_eq!(scroll.top(), 5);
        let window = scroll.fit(12, 10);
        assert_eq!(
            window,
            Window {
                top: 2,
                above: true,
                below: false
            }
        );
        assert_eq!(scroll.top(), 2);
    }

    #[test]
    fn after_a_frame_no_press_goes_past_the_end() {
        let scroll = Scroll::default();
        scroll.fit(50, 10);
        for _ in 0..42 {
            scroll.act(Action::Down);
        }
        assert_eq!(scroll.top(), 40, "the last line is at the bottom");
        scroll.act(Action::Up);
        assert_eq!(scroll.top(), 39, "one press back up moves at once");
    }

    #[test]
    fn pages_and_ends() {
        let scroll = Scroll::default();
        assert_eq!(scroll.fit(35, 10).more(), Some(" more below ↓ "));
        assert!(scroll.act(Action::PageDown));
        assert_eq!(scroll.top(), 10);
        scroll.act(Action::PageDown);
        scroll.act(Action::PageDown);
        assert_eq!(scroll.top(), 25, "a page past the end stops at the end");
        assert_eq!(scroll.fit(35, 10).more(), Some(" ↑ more above "));
        scroll.act(Action::PageUp);
        assert_eq!(scroll.top(), 15);
        assert_eq!(
            scroll.fit(35, 10).more(),
            Some(" ↑ more above, more below ↓ ")
        );
        scroll.act(Action::Top);
        assert_eq!(scroll.top(), 0);
        scroll.act(Action::Bottom);
        assert_eq!(scroll.top(), 25);
        assert!(!scroll.act(Action::Save), "not a scrolling action");
    }

    #[test]
    fn a_body_that_fits_does_not_scroll() {
        let scroll = Scroll::default();
        assert_eq!(scroll.fit(4, 10).more(), None);
        scroll.act(Action::Bottom);
        scroll.act(Action::PageDown);
        assert_eq!(scroll.top(), 0);
    }
}
