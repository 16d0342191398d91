//! The what-if editor: its state (the export, the field, what is being typed), what a key does
//! there, and the edits themselves, made to the profile as the profile contract allows them.

use crate::common::dates::format_date;
use crate::core::profile::Profile;
use crate::dashboard::keys::Action;
use crossterm::event::{KeyCode, KeyEvent};
use ftzroute_plugin_api::DataKind;

/// Fields the what-if editor changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Persons,
    ExemptPersons,
    Sensitive,
    SeriousHarm,
    NameAndContact,
    Notified,
    HgrCleared,
    ExportControlled,
    AsOf,
}

impl Field {
    pub const ALL: [Field; 9] = [
        Field::Persons,
        Field::ExemptPersons,
        Field::Sensitive,
        Field::SeriousHarm,
        Field::NameAndContact,
        Field::Notified,
        Field::HgrCleared,
        Field::ExportControlled,
        Field::AsOf,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Persons => "persons",
            Field::ExemptPersons => "exempt_persons",
            Field::Sensitive => "sensitive",
            Field::SeriousHarm => "serious_harm",
            Field::NameAndContact => "name_and_contact",
            Field::Notified => "notified",
            Field::HgrCleared => "hgr_cleared",
            Field::ExportControlled => "export_controlled",
            Field::AsOf => "as_of (whole profile)",
        }
    }

    pub fn is_flag(self) -> bool {
        !matches!(self, Field::Persons | Field::ExemptPersons | Field::AsOf)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditState {
    pub export: usize,
    pub field: usize,
    /// Digits typed so far into the selected number or date field.
    pub typed: Option<String>,
    /// Why the last change was refused.
    pub error: Option<String>,
}

/// What the router is to do after a key in the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditCommand {
    /// Only the editor's own state changed.
    Nothing,
    /// Set the selected field to what has been typed.
    Apply(String),
    Toggle,
    /// Step the selected field by one (`+1` or `-1`).
    Step(i64),
    JumpNext,
    Save,
    Help,
    Close,
    Quit,
}

pub const OFFERS: &[Action] = &[
    Action::Back,
    Action::StepUp,
    Action::StepDown,
    Action::JumpNext,
    Action::Save,
    Action::Help,
];

impl EditState {
    pub fn new(export: usize) -> EditState {
        EditState {
            export,
            field: 0,
            typed: None,
            error: None,
        }
    }

    pub fn field(&self) -> Field {
        Field::ALL[self.field]
    }

    /// What a key does in the editor: the editor's own state changes here, edits to the
    /// profile are left to the router.
    pub fn key(&mut self, key: KeyEvent, action: Option<Action>) -> EditCommand {
        let field = self.field();
        self.error = None;
        match (key.code, action) {
            (KeyCode::Char(c), _) if c.is_ascii_digit() && !field.is_flag() => {
                let typed = self.typed.get_or_insert_with(String::new);
                if field == Field::AsOf {
                    // A digit that cannot begin a date is refused as it is typed.
                    let next = format!("{typed}{c}");
                    if let Err(problem) = date_digits_problem(&next) {
                        self.error = Some(problem);
                        return EditCommand::Nothing;
                    }
                }
                typed.push(c);
                EditCommand::Apply(typed.clone())
            }
            (KeyCode::Backspace, _) if !field.is_flag() => {
                let typed = self.typed.get_or_insert_with(String::new);
                typed.pop();
                if typed.is_empty() {
                    EditCommand::Nothing
                } else {
                    EditCommand::Apply(typed.clone())
                }
            }
            (KeyCode::Char(' '), _) | (_, Some(Action::Open)) if field.is_flag() => {
                EditCommand::Toggle
            }
            (_, Some(Action::Open)) => {
                self.typed = None;
                EditCommand::Nothing
            }
            (_, Some(Action::Up)) => {
                self.field = self.field.checked_sub(1).unwrap_or(Field::ALL.len() - 1);
                self.typed = None;
                EditCommand::Nothing
            }
            (_, Some(Action::Down)) => {
                self.field = (self.field + 1) % Field::ALL.len();
                self.typed = None;
                EditCommand::Nothing
            }
            (_, Some(Action::StepUp)) => {
                self.typed = None;
                EditCommand::Step(1)
            }
            (_, Some(Action::StepDown)) => {
                self.typed = None;
                EditCommand::Step(-1)
            }
            (_, Some(Action::JumpNext)) => EditCommand::JumpNext,
            (_, Some(Action::Save)) => EditCommand::Save,
            (_, Some(Action::Help)) => EditCommand::Help,
            (_, Some(Action::Back)) | (_, Some(Action::Edit)) => EditCommand::Close,
            (_, Some(Action::Quit)) => EditCommand::Quit,
            _ => EditCommand::Nothing,
        }
    }
}

/// Why an edit was not made, and whether the status line shows it as an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub reason: String,
    pub error: bool,
}

/// Sets a field to a typed value, as the profile contract allows it; says what changed.
pub fn apply_typed(
    profile: &mut Profile,
    export: usize,
    field: Field,
    typed: &str,
) -> Result<String, String> {
    if field == Field::AsOf {
        date_digits_problem(typed)?;
        let Some((text, date)) = date_of_digits(typed) else {
            return Err("type the date as YYYYMMDD".into());
        };
        profile.as_of = date;
        return Ok(format!("as_of {text}"));
    }
    let value: u64 = typed
        .parse()
        .map_err(|_| "too large a number".to_string())?;
    set_number(profile, export, field, value)
}

/// Why `digits` cannot be the start of a date typed as YYYYMMDD, if they cannot: too many, a
/// month or day out of range, or (all eight) a day the month does not have.
pub fn date_digits_problem(digits: &str) -> Result<(), String> {
    let refuse = |why: String| Err(format!("{why}: type the date as YYYYMMDD"));
    if digits.len() > 8 {
        return refuse(format!("{digits} is more than 8 digits"));
    }
    let number =
        |range: std::ops::Range<usize>| digits.get(range).and_then(|d| d.parse::<u32>().ok());
    if let Some(tens) = number(4..5) {
        if tens > 1 {
            return refuse(format!("no month starts with {tens}"));
        }
    }
    if let Some(month) = number(4..6) {
        if !(1..=12).contains(&month) {
            return refuse(format!("no month {month:02}"));
        }
    }
    if let Some(tens) = number(6..7) {
        if tens > 3 {
            return refuse(format!("no day starts with {tens}"));
        }
    }
    if digits.len() == 8 && date_of_digits(digits).is_none() {
        let text = format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..8]);
        return refuse(format!("{text} is not a day of the calendar"));
    }
    Ok(())
}

/// The date eight digits YYYYMMDD name, as `YYYY-MM-DD` and as a date; `None` for other
/// than eight digits or a day the calendar does not have.
fn date_of_digits(digits: &str) -> Option<(String, time::Date)> {
    if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let text = format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..8]);
    let date = crate::common::dates::parse_date(&text)?;
    Some((text, date))
}

/// Sets persons or exempt persons; says what changed, or why not.
pub fn set_number(
    profile: &mut Profile,
    export: usize,
    field: Field,
    value: u64,
) -> Result<String, String> {
    let current = &profile.exports[export];
    let (persons, exempt) = match field {
        Field::Persons => (value, current.exempt_persons),
        Field::ExemptPersons => (current.persons.unwrap_or(0), value),
        _ => unreachable!("only numbers are set"),
    };
    if exempt > persons {
        return Err(format!(
            "exempt_persons ({exempt}) cannot exceed persons ({persons})"
        ));
    }
    if current.persons.is_none() && field == Field::Persons && !needs_persons(current.kind) {
        return Err("this kind of data has no person count".into());
    }
    let id = current.id.clone();
    let export_mut = &mut profile.exports[export];
    match field {
        Field::Persons => export_mut.persons = Some(value),
        _ => export_mut.exempt_persons = value,
    }
    Ok(format!(
        "{id}: {} {}",
        field.name(),
        crate::core::wording::thousands(value)
    ))
}

/// Steps persons or exempt persons by `delta`. An export without a person count is no error,
/// only nothing to step.
pub fn step_number(
    profile: &mut Profile,
    export: usize,
    field: Field,
    delta: i64,
) -> Result<String, Refused> {
    let current = &profile.exports[export];
    if current.persons.is_none() {
        return Err(Refused {
            reason: format!("{} has no person count to step", current.id),
            error: false,
        });
    }
    let value = match field {
        Field::Persons => current.persons.unwrap_or(0),
        _ => current.exempt_persons,
    };
    let next = value.saturating_add_signed(delta);
    set_number(profile, export, field, next).map_err(|reason| Refused {
        reason,
        error: true,
    })
}

/// Moves `as_of` a day on or back; says what changed (nothing past the calendar's ends).
pub fn step_date(profile: &mut Profile, delta: i64) -> Option<String> {
    let date = if delta > 0 {
        profile.as_of.next_day()
    } else {
        profile.as_of.previous_day()
    }?;
    profile.as_of = date;
    Some(format!("as_of {}", format_date(date)))
}

/// Turns a flag over; says what changed (nothing for a field that is no flag).
pub fn toggle_flag(profile: &mut Profile, export: usize, field: Field) -> Option<String> {
    let e = &mut profile.exports[export];
    let flag = match field {
        Field::Sensitive => &mut e.sensitive,
        Field::SeriousHarm => &mut e.serious_harm,
        Field::NameAndContact => &mut e.name_and_contact,
        Field::Notified => &mut e.notified,
        Field::HgrCleared => &mut e.hgr_cleared,
        Field::ExportControlled => &mut e.export_controlled,
        _ => return None,
    };
    *flag = !*flag;
    Some(format!("{}: {} = {}", e.id, field.name(), *flag))
}

fn needs_persons(kind: DataKind) -> bool {
    matches!(kind, DataKind::Personal | DataKind::Genetic)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;
    use std::path::Path;

    fn example() -> Profile {
        let text = include_str!("../../../../examples/suzhou-biologics.toml");
        Profile::parse(Path::new("profile.toml"), text).unwrap()
    }

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn digits_accumulate_and_backspace_to_nothing_applies_nothing() {
        let mut state = EditState::new(0);
        assert_eq!(
            state.key(press(KeyCode::Char('4')), None),
            EditCommand::Apply("4".into())
        );
        assert_eq!(
            state.key(press(KeyCode::Char('2')), None),
            EditCommand::Apply("42".into())
        );
        assert_eq!(
            state.key(press(KeyCode::Backspace), None),
            EditCommand::Apply("4".into())
        );
        assert_eq!(
            state.key(press(KeyCode::Backspace), None),
            EditCommand::Nothing
        );
        assert_eq!(state.typed.as_deref(), Some(""));
    }

    #[test]
    fn on_a_flag_space_toggles_and_digits_do_not_type() {
        let mut state = EditState::new(0);
        state.key(press(KeyCode::Null), Some(Action::Down));
        state.key(press(KeyCode::Null), Some(Action::Down));
        assert_eq!(state.field(), Field::Sensitive);
        assert_eq!(
            state.key(press(KeyCode::Char(' ')), None),
            EditCommand::Toggle
        );
        assert_eq!(
            state.key(press(KeyCode::Char('7')), None),
            EditCommand::Nothing
        );
        // Up from the first field wraps to the last.
        let mut state = EditState::new(0);
        state.key(press(KeyCode::Null), Some(Action::Up));
        assert_eq!(state.field(), Field::AsOf);
    }

    #[test]
    fn a_step_ends_typing_and_leaves_the_edit_to_the_router() {
        let mut state = EditState::new(0);
        state.key(press(KeyCode::Char('9')), None);
        assert_eq!(
            state.key(press(KeyCode::Null), Some(Action::StepDown)),
            EditCommand::Step(-1)
        );
        assert_eq!(state.typed, None);
        assert_eq!(
            state.key(press(KeyCode::Null), Some(Action::Edit)),
            EditCommand::Close
        );
    }

    #[test]
    fn exempt_persons_cannot_exceed_persons() {
        let mut profile = example();
        let export = profile
            .exports
            .iter()
            .position(|e| e.persons.is_some())
            .unwrap();
        let persons = profile.exports[export].persons.unwrap();
        let refused = set_number(&mut profile, export, Field::ExemptPersons, persons + 1);
        assert!(refused.unwrap_err().contains("cannot exceed"));
        let said = set_number(&mut profile, export, Field::Persons, 1_234_567).unwrap();
        assert!(said.ends_with("persons 1,234,567"), "{said}");
        assert_eq!(profile.exports[export].persons, Some(1_234_567));
    }

    #[test]
    fn a_date_is_typed_whole_and_checked() {
        let mut profile = example();
        assert!(apply_typed(&mut profile, 0, Field::AsOf, "2025").is_err());
        assert!(apply_typed(&mut profile, 0, Field::AsOf, "20250231").is_err());
        assert_eq!(
            apply_typed(&mut profile, 0, Field::AsOf, "20250228").unwrap(),
            "as_of 2025-02-28"
        );
        assert_eq!(step_date(&mut profile, 1).unwrap(), "as_of 2025-03-01");
        assert!(apply_typed(&mut profile, 0, Field::AsOf, "202709012")
            .unwrap_err()
            .contains("more than 8 digits"));
        assert_eq!(profile.as_of.to_string(), "2025-03-01", "left as it was");
    }

    #[test]
    fn a_digit_that_cannot_begin_a_date_is_refused_as_it_is_typed() {
        let mut state = EditState::new(0);
        state.key(press(KeyCode::Null), Some(Action::Up));
        assert_eq!(state.field(), Field::AsOf);
        for c in "2027090".chars() {
            assert!(matches!(
                state.key(press(KeyCode::Char(c)), None),
                EditCommand::Apply(_)
            ));
        }
        assert_eq!(
            state.key(press(KeyCode::Char('1')), None),
            EditCommand::Apply("20270901".into())
        );
        // A ninth digit is refused and said why; what was typed stays.
        assert_eq!(
            state.key(press(KeyCode::Char('2')), None),
            EditCommand::Nothing
        );
        assert!(state
            .error
            .as_deref()
            .unwrap()
            .contains("more than 8 digits"));
        assert_eq!(state.typed.as_deref(), Some("20270901"));
        for (typed, refused) in [
            ("20271", None),
            ("20273", Some("month starts with 3")),
            ("202713", Some("no month 13")),
            ("2027024", Some("day starts with 4")),
            ("20270230", Some("not a day")),
        ] {
            let problem = date_digits_problem(typed).err();
            match refused {
                None => assert_eq!(problem, None, "{typed}"),
                Some(words) => assert!(
                    problem.as_deref().unwrap().contains(words),
                    "{typed}: {problem:?}"
                ),
            }
        }
    }

    #[test]
    fn an_export_without_persons_has_nothing_to_step_and_that_is_no_error() {
        let mut profile = example();
        let export = profile
            .exports
            .iter()
            .position(|e| e.persons.is_none())
            .expect("the example has data without persons");
        let refused = step_number(&mut profile, export, Field::Persons, 1).unwrap_err();
        assert!(!refused.error);
        assert!(refused.reason.contains("no person count"));
    }
}
