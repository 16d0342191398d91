//! The cases view: each loaded pack's golden cases as last run, and where the view looks for
//! them. The cases run on a worker ([`CasesJob`]); the view keeps the latest run's results.

use super::scroll::Scroll;
use super::{scrolled_act, Handled, View};
use crate::cases::PackCases;
use crate::dashboard::keys::Action;
use std::path::PathBuf;

/// One loaded pack's golden cases, as last run for the cases view.
#[derive(Debug, Clone)]
pub struct CasesRun {
    pub pack: String,
    /// The generation of the pack the cases ran against.
    pub generation: u32,
    pub outcome: CasesOutcome,
}

#[derive(Debug, Clone)]
pub enum CasesOutcome {
    /// No `packs/<id>/cases` where the view looks (see [`CasesView::from`]).
    NoCases,
    Ran(PackCases),
    /// A case file could not be read (the text says which and where).
    Unusable(String),
}

impl CasesRun {
    /// (passed, failed) when the cases ran.
    pub fn counts(&self) -> Option<(usize, usize)> {
        match &self.outcome {
            CasesOutcome::Ran(result) => {
                Some((result.cases.len() - result.failed(), result.failed()))
            }
            _ => None,
        }
    }
}

/// What the status line says once a run of the cases lands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CasesSaid {
    /// Nothing: the view shows the results.
    Nothing,
    /// The summary follows the status of the reload that asked for the run, if still shown.
    AfterReload(String),
    /// The run was asked for by hand, before a rescan of the packs.
    Rerun,
}

/// The cases of a run, for the request numbered `sequence`.
#[derive(Debug, Clone)]
pub struct CasesRan {
    pub sequence: u64,
    pub runs: Vec<CasesRun>,
    pub said: CasesSaid,
}

#[derive(Debug, Default)]
pub struct CasesView {
    /// Results of the latest run, from when the view opened or the last reload since.
    pub runs: Vec<CasesRun>,
    pub scroll: Scroll,
    /// Where the view looks for `packs/<id>/cases` (there and in parent directories); `None`:
    /// the current directory, as `pack test` does.
    pub from: Option<PathBuf>,
    requested: u64,
}

impl CasesView {
    pub const OFFERS: &'static [Action] = &[
        Action::Back,
        Action::ReloadPacks,
        Action::Packs,
        Action::Help,
        Action::Quit,
    ];

    pub fn act(&mut self, action: Action) -> Handled {
        scrolled_act(
            &self.scroll,
            action,
            Action::Cases,
            &[(Action::Packs, Handled::Show(View::Packs))],
        )
    }

    /// Numbers a new run: only its results are kept when it lands.
    pub fn next_request(&mut self) -> u64 {
        self.requested += 1;
        self.requested
    }

    /// A run landed: kept if it is the latest asked for; false if it was dropped.
    pub fn ran(&mut self, ran: &CasesRan) -> bool {
        if ran.sequence != self.requested {
            return false;
        }
        self.runs = ran.runs.clone();
        true
    }

    /// "N passed, M failed" over every pack's cases, and how many packs had an unreadable case.
    pub fn summary(&self) -> String {
        let (mut passed, mut failed, mut unusable) = (0, 0, 0);
        for run in &self.runs {
            match (&run.outcome, run.counts()) {
                (_, Some((p, f))) => {
                    passed += p;
                    failed += f;
                }
                (CasesOutcome::Unusable(_), _) => unusable += 1,
                _ => {}
            }
        }
        let mut text = format!("{passed} passed, {failed} failed");
        if unusable > 0 {
            text.push_str(&format!(", {unusable} pack(s) with an unreadable case"));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(pack: &str, outcome: CasesOutcome) -> CasesRun {
        CasesRun {
            pack: pack.into(),
            generation: 1,
            outcome,
        }
    }

    #[test]
    fn only_the_latest_run_is_kept() {
        let mut view = CasesView::default();
        let first = view.next_request();
        let second = view.next_request();
        let older = CasesRan {
            sequence: first,
            runs: vec![run("a", CasesOutcome::NoCases)],
            said: CasesSaid::Nothing,
        };
        assert!(!view.ran(&older));
        assert!(view.runs.is_empty());
        let latest = CasesRan {
            sequence: second,
            runs: vec![run("b", CasesOutcome::NoCases)],
            said: CasesSaid::Nothing,
        };
        assert!(view.ran(&latest));
        assert_eq!(view.runs[0].pack, "b");
    }

    #[test]
    fn the_summary_counts_unreadable_packs_apart() {
        let view = CasesView {
            runs: vec![
                run("a", CasesOutcome::Unusable("bad.toml".into())),
                run("b", CasesOutcome::NoCases),
            ],
            ..CasesView::default()
        };
        assert_eq!(
            view.summary(),
            "0 passed, 0 failed, 1 pack(s) with an unreadable case"
        );
    }

    #[test]
    fn its_own_key_closes_it_and_packs_switch_views() {
        let mut view = CasesView::default();
        assert_eq!(view.act(Action::Cases), Handled::Show(View::Main));
        assert_eq!(view.act(Action::Packs), Handled::Show(View::Packs));
        assert_eq!(view.act(Action::Zones), Handled::Ignored);
    }
}
