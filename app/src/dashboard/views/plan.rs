//! The planner view: the planner's last answer, which request it answers, and where the view
//! is scrolled.

use super::scroll::Scroll;
use super::{scrolled_act, Handled, View};
use crate::core::plan::Plan;
use crate::dashboard::keys::Action;

#[derive(Debug, Default)]
pub struct PlanView {
    /// The planner's last answer, if any.
    pub answer: Option<Plan>,
    /// Number of the latest plan request, and of the answer shown (0: none).
    requested: u64,
    shown: u64,
    pub scroll: Scroll,
}

impl PlanView {
    pub const OFFERS: &'static [Action] = &[
        Action::Back,
        Action::Zones,
        Action::Packs,
        Action::Help,
        Action::Quit,
    ];

    pub fn act(&mut self, action: Action) -> Handled {
        match action {
            Action::Zones => Handled::ShowZones,
            _ => scrolled_act(
                &self.scroll,
                action,
                Action::Plan,
                &[(Action::Packs, Handled::Show(View::Packs))],
            ),
        }
    }

    /// Numbers a new request; the answer shown stays, marked as being recomputed.
    pub fn next_request(&mut self) -> u64 {
        self.requested += 1;
        self.requested
    }

    /// The planner answered the request numbered `sequence`: shown unless a newer answer
    /// already is.
    pub fn planned(&mut self, sequence: u64, plan: Plan) {
        if sequence <= self.shown {
            return;
        }
        self.answer = Some(plan);
        self.shown = sequence;
    }

    /// The planner is working on the latest request (no answer yet, or an outdated one shown).
    pub fn awaiting(&self) -> bool {
        self.requested > self.shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(sector: &str) -> Plan {
        Plan {
            sector: sector.into(),
            as_of: "2025-10-01".into(),
            lists: Vec::new(),
            zones: Vec::new(),
            by_reference: Vec::new(),
            not_offered: Vec::new(),
            notes: Vec::new(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn an_answer_older_than_the_one_shown_is_dropped() {
        let mut view = PlanView::default();
        let first = view.next_request();
        let second = view.next_request();
        assert!(view.awaiting());
        view.planned(second, plan("newer"));
        assert!(!view.awaiting());
        view.planned(first, plan("older"));
        assert_eq!(
            view.answer.as_ref().map(|p| p.sector.as_str()),
            Some("newer")
        );
    }

    #[test]
    fn the_zones_key_opens_the_overlay_and_the_arrows_scroll() {
        let mut view = PlanView::default();
        assert_eq!(view.act(Action::Zones), Handled::ShowZones);
        assert_eq!(view.act(Action::Packs), Handled::Show(View::Packs));
        assert_eq!(view.act(Action::Plan), Handled::Show(View::Main));
        view.act(Action::Down);
        assert_eq!(view.scroll.top(), 1);
        assert_eq!(view.act(Action::Cases), Handled::Ignored);
    }
}
