//! Each view's own state and the handler of its actions. A handler sees only its view: it says
//! whether it used the action, and what it asks of the router (`state`) when the answer lies
//! beyond it, as gitui's components do. What a view offers in the hint bar is its own list of
//! actions; their keys and words come from the one key table (`keys`).

pub mod cases;
pub mod edit;
pub mod grid;
pub mod packs;
pub mod plan;
pub mod scroll;
pub mod zones;

use super::keys::Action;
use scroll::Scroll;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Main,
    Packs,
    /// The golden cases of every loaded pack, run again after each reload.
    Cases,
    /// The planner: what `ftzroute plan` shows for the profile as edited.
    Plan,
}

/// What a view's handler made of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    /// Used within the view.
    Done,
    /// Not the view's: the router's own actions apply (help, quit, save, and on the main view
    /// everything that edits or saves).
    Ignored,
    /// The selection moved: what the marks are measured from moves with it.
    Moved,
    /// Show another view (`Main`: back to the grid).
    Show(View),
    /// Open the zones overlay.
    ShowZones,
}

/// The handling common to the scrolled views: the arrows, pages and ends scroll, `closes` and
/// back return to the grid, `shows` open their views.
pub fn scrolled_act(
    scroll: &Scroll,
    action: Action,
    closes: Action,
    shows: &[(Action, Handled)],
) -> Handled {
    if scroll.act(action) {
        return Handled::Done;
    }
    match action {
        Action::Back => Handled::Show(View::Main),
        _ if action == closes => Handled::Show(View::Main),
        _ => shows
            .iter()
            .find(|(key, _)| *key == action)
            .map_or(Handled::Ignored, |(_, handled)| *handled),
    }
}
