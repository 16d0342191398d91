//! The router without a terminal, packs or files: actions in, effects out. The packs are still
//! opening here, so nothing is evaluated and every effect is left for the test to look at.

use super::*;
use crate::dashboard::effects::recovery_path;
use crossterm::event::KeyModifiers;
use std::path::Path;

const EXAMPLE: &str = include_str!("../../../../examples/suzhou-biologics.toml");

fn dashboard() -> Dashboard {
    let path = Path::new("dir/profile.toml");
    let profile = Profile::parse(path, EXAMPLE).unwrap();
    Dashboard::in_background(
        path.to_path_buf(),
        EXAMPLE.to_string(),
        profile,
        Zones::default_zones(),
        None,
        KeyMap::default(),
    )
}

fn press(dashboard: &mut Dashboard, keys: &str) -> Vec<Effect> {
    keys.chars()
        .flat_map(|c| {
            dashboard.handle(Event::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )))
        })
        .collect()
}

fn saved(save: SaveProfile, outcome: Result<String, String>) -> Event {
    Event::Done(Box::new(Outcome::Saved(Box::new(Saved {
        path: save.path,
        profile: save.profile,
        then_quit: save.then_quit,
        outcome,
    }))))
}

#[test]
fn the_save_key_asks_for_the_edited_profile_to_be_saved_and_waits_for_it() {
    let mut d = dashboard();
    assert!(press(&mut d, "+").is_empty(), "an edit writes nothing");
    let mut effects = press(&mut d, "w");
    let Some(Effect::SaveProfile(save)) = effects.pop() else {
        panic!("{effects:?}");
    };
    assert!(effects.is_empty());
    assert_eq!(save.profile.exports[0].persons, Some(42_001));
    assert_eq!(save.source, EXAMPLE, "the save edits the text as read");
    assert!(!save.then_quit);
    assert!(d.dirty(), "unsaved until the save lands");
    d.handle(saved(save, Ok("written".into())));
    assert!(!d.dirty());
    assert_eq!(d.profile_source, "written");
    assert!(d
        .status
        .as_ref()
        .unwrap()
        .text
        .starts_with("saved dir/profile.toml"));
}

#[test]
fn saving_on_quit_quits_only_once_the_save_landed() {
    let mut d = dashboard();
    press(&mut d, "+");
    assert!(press(&mut d, "q").is_empty());
    assert_eq!(d.overlay, Overlay::ConfirmQuit);
    let Some(Effect::SaveProfile(save)) = press(&mut d, "w").pop() else {
        panic!("a save");
    };
    assert!(save.then_quit);
    assert!(!d.quit);
    d.handle(saved(save.clone(), Err("disk full".into())));
    assert!(!d.quit, "a failed save keeps the edits open");
    let status = d.status.clone().unwrap();
    assert!(status.error && status.text == "not saved: disk full");
    d.handle(saved(save, Ok(String::new())));
    assert!(d.quit);
}

#[test]
fn hiding_a_zone_asks_for_the_choice_to_be_kept_and_says_when_it_was_not() {
    let mut d = dashboard();
    // Without a choices file the choice holds for this run only.
    assert!(press(&mut d, "x").is_empty());
    assert!(d.zone_choices.is_hidden("jiangsu"));
    d.choices_file = Some("state/zones.toml".into());
    let Some(Effect::SaveZoneChoices(save)) = press(&mut d, "P").pop() else {
        panic!("a save of the choices");
    };
    assert_eq!(save.file, Path::new("state/zones.toml"));
    assert!(save.choices.is_hidden("jiangsu"));
    assert_eq!(save.choices.pinned.len(), 1);
    d.handle(Event::Done(Box::new(Outcome::ZoneChoicesSaved(
        ZoneChoicesSaved {
            said: save.said.clone(),
            error: Some("read-only".into()),
        },
    ))));
    let status = d.status.clone().unwrap();
    assert!(status.error);
    assert_eq!(
        status.text,
        format!("{}; not saved for next time: read-only", save.said)
    );
}

#[test]
fn the_cases_view_asks_for_a_run_and_the_reload_key_runs_them_before_the_rescan() {
    let mut d = dashboard();
    let effects = press(&mut d, "t");
    assert_eq!(d.view, View::Cases);
    assert!(
        matches!(&effects[..], [Effect::RunCases(job)] if job.said == CasesSaid::Nothing),
        "{effects:?}"
    );
    let effects = press(&mut d, "r");
    assert!(
        matches!(
            &effects[..],
            [Effect::RunCases(job), Effect::RescanPacks] if job.said == CasesSaid::Rerun
        ),
        "{effects:?}"
    );
    press(&mut d, "t");
    assert!(
        matches!(&press(&mut d, "r")[..], [Effect::RescanPacks]),
        "outside the view the cases wait until it opens"
    );
}

#[test]
fn a_run_of_the_cases_asked_for_by_hand_says_its_summary() {
    let mut d = dashboard();
    press(&mut d, "t");
    let Some(Effect::RunCases(job)) = press(&mut d, "r").into_iter().next() else {
        panic!("a run of the cases");
    };
    d.handle(Event::Done(Box::new(Outcome::CasesRan(CasesRan {
        sequence: job.sequence,
        runs: Vec::new(),
        said: job.said,
    }))));
    assert_eq!(
        d.status.as_ref().unwrap().text,
        "cases run again: 0 passed, 0 failed; reloading changed packs ..."
    );
}

#[test]
fn the_memo_is_of_the_saved_profile_and_knows_of_unsaved_edits() {
    let mut d = dashboard();
    press(&mut d, "+");
    let Some(Effect::WriteMemo(job)) = press(&mut d, "m").pop() else {
        panic!("a memo");
    };
    assert!(job.dirty);
    assert_eq!(job.saved.exports[0].persons, Some(42_000));
    d.handle(Event::Done(Box::new(Outcome::MemoWritten(Err(
        "memo not written: no packs".into(),
    )))));
    assert!(d.status.as_ref().unwrap().error);
}

#[test]
fn ending_with_unsaved_edits_keeps_them_in_the_recovery_file() {
    let mut d = dashboard();
    assert!(d.handle(Event::Terminate).is_empty(), "nothing to keep");
    let mut d = dashboard();
    press(&mut d, "+");
    let effects = d.handle(Event::Terminate);
    assert!(d.quit);
    let [Effect::WriteRecovery(save)] = &effects[..] else {
        panic!("{effects:?}");
    };
    assert_eq!(save.profile.exports[0].persons, Some(42_001));
    assert_eq!(
        recovery_path(&save.path),
        Path::new("dir/profile.unsaved.toml")
    );
}

#[test]
fn the_hints_are_those_of_the_view_shown() {
    let mut d = dashboard();
    assert_eq!(d.offers(), GridView::OFFERS);
    press(&mut d, "p");
    assert_eq!(d.offers(), PacksView::OFFERS);
    press(&mut d, "?");
    assert_eq!(d.offers(), &[Action::Back, Action::Quit]);
    press(&mut d, "e");
    press(&mut d, "L");
    assert_eq!(d.view, View::Packs, "the packs view has no planner key");
}
