//! The zones overlay: every configured zone, to show, hide, pin and unpin. Its state is the
//! selected row (an index into the configured order), kept in the overlay itself.

use crate::dashboard::keys::Action;
use crossterm::event::{KeyCode, KeyEvent};

/// What a key does in the zones overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZonesAnswer {
    /// Stay open with this row selected.
    Select(usize),
    /// Hide or show the zone of this row (the overlay stays on it).
    ToggleHidden(usize),
    TogglePinned(usize),
    Close,
    Help,
    Quit,
}

pub const OFFERS: &[Action] = &[
    Action::Back,
    Action::HideZone,
    Action::PinZone,
    Action::Help,
    Action::Quit,
];

/// The answer to a key with `selected` of `zones` rows selected, `page` of them in view.
pub fn act(
    selected: usize,
    zones: usize,
    page: usize,
    key: KeyEvent,
    action: Option<Action>,
) -> ZonesAnswer {
    let last = zones.saturating_sub(1);
    let selected = selected.min(last);
    let page = page.max(1);
    match (key.code, action) {
        (_, Some(Action::Up)) => ZonesAnswer::Select(selected.saturating_sub(1)),
        (_, Some(Action::Down)) => ZonesAnswer::Select((selected + 1).min(last)),
        (_, Some(Action::PageUp)) => ZonesAnswer::Select(selected.saturating_sub(page)),
        (_, Some(Action::PageDown)) => ZonesAnswer::Select((selected + page).min(last)),
        (_, Some(Action::Top)) => ZonesAnswer::Select(0),
        (_, Some(Action::Bottom)) => ZonesAnswer::Select(last),
        (KeyCode::Char(' '), _) | (_, Some(Action::Open)) | (_, Some(Action::HideZone)) => {
            ZonesAnswer::ToggleHidden(selected)
        }
        (_, Some(Action::PinZone)) => ZonesAnswer::TogglePinned(selected),
        (_, Some(Action::Back)) | (_, Some(Action::Zones)) => ZonesAnswer::Close,
        (_, Some(Action::Help)) => ZonesAnswer::Help,
        (_, Some(Action::Quit)) => ZonesAnswer::Quit,
        _ => ZonesAnswer::Select(selected),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn the_selection_stays_within_the_zones() {
        let any = press(KeyCode::Null);
        assert_eq!(act(0, 3, 1, any, Some(Action::Up)), ZonesAnswer::Select(0));
        assert_eq!(
            act(2, 3, 1, any, Some(Action::Down)),
            ZonesAnswer::Select(2)
        );
        // A selection past the end (zones reconfigured) comes back to the last row.
        assert_eq!(act(7, 3, 1, any, None), ZonesAnswer::Select(2));
    }

    #[test]
    fn pages_and_ends_of_a_thousand_zones() {
        let any = press(KeyCode::Null);
        let page = |selected, action| act(selected, 1000, 30, any, Some(action));
        assert_eq!(page(0, Action::PageDown), ZonesAnswer::Select(30));
        assert_eq!(page(980, Action::PageDown), ZonesAnswer::Select(999));
        assert_eq!(page(10, Action::PageUp), ZonesAnswer::Select(0));
        assert_eq!(page(500, Action::Bottom), ZonesAnswer::Select(999));
        assert_eq!(page(500, Action::Top), ZonesAnswer::Select(0));
    }

    #[test]
    fn space_open_and_the_hide_key_toggle_the_selected_zone() {
        assert_eq!(
            act(1, 3, 1, press(KeyCode::Char(' ')), None),
            ZonesAnswer::ToggleHidden(1)
        );
        let any = press(KeyCode::Null);
        assert_eq!(
            act(1, 3, 1, any, Some(Action::Open)),
            ZonesAnswer::ToggleHidden(1)
        );
        assert_eq!(
            act(1, 3, 1, any, Some(Action::PinZone)),
            ZonesAnswer::TogglePinned(1)
        );
        assert_eq!(act(1, 3, 1, any, Some(Action::Zones)), ZonesAnswer::Close);
    }
}
