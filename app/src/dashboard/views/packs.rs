//! The packs view: editions, validity, files, generations and errors of every pack.

use super::scroll::Scroll;
use super::{scrolled_act, Handled, View};
use crate::dashboard::keys::Action;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PacksView {
    pub scroll: Scroll,
}

impl PacksView {
    /// The hints, most useful first.
    pub const OFFERS: &'static [Action] = &[
        Action::Back,
        Action::ReloadPacks,
        Action::Cases,
        Action::Help,
        Action::Quit,
    ];

    pub fn act(&mut self, action: Action) -> Handled {
        scrolled_act(
            &self.scroll,
            action,
            Action::Packs,
            &[(Action::Cases, Handled::Show(View::Cases))],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_arrows_scroll_and_stop_at_the_top() {
        let mut view = PacksView::default();
        assert_eq!(view.act(Action::Down), Handled::Done);
        assert_eq!(view.act(Action::Down), Handled::Done);
        view.act(Action::Up);
        assert_eq!(view.scroll.top(), 1);
        view.act(Action::Up);
        view.act(Action::Up);
        assert_eq!(view.scroll.top(), 0);
    }

    #[test]
    fn its_own_key_and_back_return_to_the_grid_and_cases_switch_views() {
        let mut view = PacksView::default();
        assert_eq!(view.act(Action::Packs), Handled::Show(View::Main));
        assert_eq!(view.act(Action::Back), Handled::Show(View::Main));
        assert_eq!(view.act(Action::Cases), Handled::Show(View::Cases));
    }

    #[test]
    fn what_the_grid_does_is_left_to_the_router() {
        let mut view = PacksView::default();
        for action in [Action::Plan, Action::Zones, Action::Save, Action::Edit] {
            assert_eq!(view.act(action), Handled::Ignored, "{action:?}");
        }
    }
}
