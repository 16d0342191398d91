//! The key map: one table of actions and their keys that drives the handlers, the hint bar and
//! the help overlay, so none of them can drift from the others. Users override it from TOML.

use crate::common::input::{parse_toml, InputError};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// Everything a key can do outside text entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Left,
    Right,
    NextPane,
    PrevPane,
    Open,
    Back,
    Edit,
    StepUp,
    StepDown,
    JumpNext,
    Save,
    Memo,
    ReloadPacks,
    Packs,
    Cases,
    Filter,
    Zones,
    HideZone,
    PinZone,
    Plan,
    Help,
    Quit,
}

impl Action {
    pub const ALL: [Action; 28] = [
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
        Action::Left,
        Action::Right,
        Action::NextPane,
        Action::PrevPane,
        Action::Open,
        Action::Back,
        Action::Edit,
        Action::StepUp,
        Action::StepDown,
        Action::JumpNext,
        Action::Save,
        Action::Memo,
        Action::ReloadPacks,
        Action::Packs,
        Action::Cases,
        Action::Filter,
        Action::Zones,
        Action::HideZone,
        Action::PinZone,
        Action::Plan,
        Action::Help,
        Action::Quit,
    ];

    /// The name used in key-binding files.
    pub fn name(self) -> &'static str {
        match self {
            Action::Up => "up",
            Action::Down => "down",
            Action::PageUp => "page-up",
            Action::PageDown => "page-down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::Left => "left",
            Action::Right => "right",
            Action::NextPane => "next-pane",
            Action::PrevPane => "prev-pane",
            Action::Open => "open",
            Action::Back => "back",
            Action::Edit => "edit",
            Action::StepUp => "step-up",
            Action::StepDown => "step-down",
            Action::JumpNext => "jump-next",
            Action::Save => "save",
            Action::Memo => "memo",
            Action::ReloadPacks => "reload-packs",
            Action::Packs => "packs",
            Action::Cases => "cases",
            Action::Filter => "filter",
            Action::Zones => "zones",
            Action::HideZone => "hide-zone",
            Action::PinZone => "pin-zone",
            Action::Plan => "plan",
            Action::Help => "help",
            Action::Quit => "quit",
        }
    }

    /// What it does, for the help overlay.
    pub fn describe(self) -> &'static str {
        match self {
            Action::Up => "move up (in edit: previous field)",
            Action::Down => "move down (in edit: next field)",
            Action::PageUp => "a page up (grid rows, or the detail, view or help shown)",
            Action::PageDown => "a page down",
            Action::Top => "to the first row or line",
            Action::Bottom => "to the last row (the overall row) or line",
            Action::Left => "previous zone column",
            Action::Right => "next zone column",
            Action::NextPane => "next pane (grid, detail)",
            Action::PrevPane => "previous pane",
            Action::Open => "open the detail of the selected cell (in edit: toggle a flag)",
            Action::Back => "back: close the overlay, leave the pane or view, clear the filter",
            Action::Edit => "edit the selected export: persons, exempt persons, flags, as_of",
            Action::StepUp => "persons +1 (in edit: the selected number or date +1)",
            Action::StepDown => "persons -1 (in edit: the selected number or date -1)",
            Action::JumpNext => "set persons to where the next, stricter route starts",
            Action::Save => "save the profile (atomic; keeps a .bak)",
            Action::Memo => {
                "write the decision memo of the saved profile beside it (PROFILE.memo.md)"
            }
            Action::ReloadPacks => "reload every changed pack now",
            Action::Packs => "packs view: editions, validity, files, generations, errors",
            Action::Cases => "cases view: each pack's golden cases, rerun on every reload",
            Action::Filter => "filter exports by id, label or data",
            Action::Zones => "zones: every zone, shown or hidden, pinned or not, with its route",
            Action::HideZone => {
                "hide the selected zone's column (still evaluated; z shows it again)"
            }
            Action::PinZone => "pin the selected zone's column leftmost (again: unpin)",
            Action::Plan => {
                "planner: lists covering the sector, zones by burden, lists to apply by reference"
            }
            Action::Help => "this help",
            Action::Quit => "quit (asks when there are unsaved changes)",
        }
    }

    /// Short label for the hint bar.
    pub fn hint(self) -> &'static str {
        match self {
            Action::Edit => "edit",
            Action::StepUp => "+1",
            Action::StepDown => "-1",
            Action::JumpNext => "next edge",
            Action::Save => "save",
            Action::Memo => "memo",
            Action::ReloadPacks => "reload",
            Action::Packs => "packs",
            Action::Cases => "cases",
            Action::Filter => "filter",
            Action::Zones => "zones",
            Action::HideZone => "hide",
            Action::PinZone => "pin",
            Action::Plan => "plan",
            Action::Help => "help",
            Action::Quit => "quit",
            Action::Back => "back",
            Action::Open => "detail",
            Action::NextPane => "pane",
            _ => "",
        }
    }

    fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|action| action.name() == name)
    }
}

/// A key with modifiers, written like `q`, `ctrl-c`, `enter`, `shift-tab`, `f1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    pub fn parse(text: &str) -> Option<Key> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            if let Some(tail) = rest.strip_prefix("ctrl-") {
                modifiers |= KeyModifiers::CONTROL;
                rest = tail;
            } else if let Some(tail) = rest.strip_prefix("alt-") {
                modifiers |= KeyModifiers::ALT;
                rest = tail;
            } else if rest.len() > 1 && rest.starts_with("shift-") {
                modifiers |= KeyModifiers::SHIFT;
                rest = &rest["shift-".len()..];
            } else {
                break;
            }
        }
        let code = match rest {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" if modifiers.contains(KeyModifiers::SHIFT) => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            "delete" => KeyCode::Delete,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            f if f.len() > 1 && f.starts_with('f') => KeyCode::F(f[1..].parse().ok()?),
            single => {
                let mut chars = single.chars();
                let c = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                KeyCode::Char(c)
            }
        };
        Some(Key { code, modifiers })
    }

    /// The key of a terminal event, normalised so `shift-+` and `+` compare equal.
    pub fn of(event: &KeyEvent) -> Key {
        let mut modifiers =
            event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        if matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab) {
            // The character already says whether shift was held.
            modifiers.remove(KeyModifiers::SHIFT);
        }
        Key {
            code: event.code,
            modifiers,
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Delete => f.write_str("delete"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            KeyCode::PageUp => f.write_str("pageup"),
            KeyCode::PageDown => f.write_str("pagedown"),
            KeyCode::F(n) => write!(f, "f{n}"),
            KeyCode::Char(c) => write!(f, "{c}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// Actions and their keys, in display order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyMap {
    bindings: Vec<(Action, Vec<Key>)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeysFile {
    #[serde(default)]
    keys: BTreeMap<String, OneOrMany>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl Default for KeyMap {
    fn default() -> Self {
        let keys = |list: &[&str]| {
            list.iter()
                .map(|k| Key::parse(k).expect("default keys parse"))
                .collect()
        };
        KeyMap {
            bindings: vec![
                (Action::Up, keys(&["up", "k"])),
                (Action::Down, keys(&["down", "j"])),
                (Action::PageUp, keys(&["pageup"])),
                (Action::PageDown, keys(&["pagedown"])),
                (Action::Top, keys(&["home", "g"])),
                (Action::Bottom, keys(&["end", "G"])),
                (Action::Left, keys(&["left", "h"])),
                (Action::Right, keys(&["right", "l"])),
                (Action::NextPane, keys(&["tab"])),
                (Action::PrevPane, keys(&["shift-tab"])),
                (Action::Open, keys(&["enter"])),
                (Action::Back, keys(&["esc"])),
                (Action::Edit, keys(&["e"])),
                (Action::StepUp, keys(&["+", "="])),
                (Action::StepDown, keys(&["-"])),
                (Action::JumpNext, keys(&["n"])),
                (Action::Save, keys(&["w"])),
                (Action::Memo, keys(&["m"])),
                (Action::ReloadPacks, keys(&["r"])),
                (Action::Packs, keys(&["p"])),
                (Action::Cases, keys(&["t"])),
                (Action::Filter, keys(&["/"])),
                (Action::Zones, keys(&["z"])),
                (Action::HideZone, keys(&["x"])),
                (Action::PinZone, keys(&["P"])),
                (Action::Plan, keys(&["L"])),
                (Action::Help, keys(&["?", "f1"])),
                (Action::Quit, keys(&["q", "ctrl-c"])),
            ],
        }
    }
}

impl KeyMap {
    /// The default map with the overrides of a TOML file applied: only the actions the file
    /// names change, e.g. `[keys]` `quit = ["q", "ctrl-q"]`, `edit = "i"`.
    pub fn load(file: &Path) -> Result<KeyMap, InputError> {
        let source = std::fs::read_to_string(file)
            .map_err(|e| InputError::new(file, format!("cannot read the key bindings: {e}")))?;
        KeyMap::parse(file, &source)
    }

    pub fn parse(file: &Path, source: &str) -> Result<KeyMap, InputError> {
        let parsed: KeysFile = parse_toml(file, source)?;
        let mut map = KeyMap::default();
        for (name, keys) in parsed.keys {
            let action = Action::from_name(&name).ok_or_else(|| {
                let names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
                InputError::new(
                    file,
                    format!(
                        "unknown action `{name}`; allowed values are {}",
                        names.join(", ")
                    ),
                )
                .field(format!("keys.{name}"))
            })?;
            let texts = match keys {
                OneOrMany::One(key) => vec![key],
                OneOrMany::Many(keys) => keys,
            };
            let mut parsed_keys = Vec::with_capacity(texts.len());
            for text in texts {
                let key = Key::parse(&text).ok_or_else(|| {
                    InputError::new(
                        file,
                        format!("cannot read key `{text}`; write keys like `q`, `ctrl-c`, `enter`, `shift-tab`, `f1`"),
                    )
                    .field(format!("keys.{name}"))
                })?;
                parsed_keys.push(key);
            }
            if parsed_keys.is_empty() {
                return Err(InputError::new(file, "an action needs at least one key")
                    .field(format!("keys.{name}")));
            }
            for (_, keys) in map.bindings.iter_mut() {
                keys.retain(|k| !parsed_keys.contains(k));
            }
            if let Some((_, keys)) = map.bindings.iter_mut().find(|(a, _)| *a == action) {
                *keys = parsed_keys;
            }
        }
        if let Some((action, _)) = map.bindings.iter().find(|(_, keys)| keys.is_empty()) {
            return Err(InputError::new(
                file,
                format!(
                    "action `{}` lost all its keys to other actions; give it one",
                    action.name()
                ),
            ));
        }
        Ok(map)
    }

    /// The action bound to a terminal key event.
    pub fn action(&self, event: &KeyEvent) -> Option<Action> {
        let key = Key::of(event);
        self.bindings
            .iter()
            .find(|(_, keys)| keys.contains(&key))
            .map(|(action, _)| *action)
    }

    pub fn keys(&self, action: Action) -> &[Key] {
        self.bindings
            .iter()
            .find(|(a, _)| *a == action)
            .map(|(_, keys)| keys.as_slice())
            .unwrap_or(&[])
    }

    /// `k/↑`-style label of an action's keys.
    pub fn label(&self, action: Action) -> String {
        self.keys(action)
            .iter()
            .map(Key::to_string)
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The first key of an action, for the compact hint bar.
    pub fn first(&self, action: Action) -> String {
        self.keys(action)
            .first()
            .map(Key::to_string)
            .unwrap_or_default()
    }

    pub fn bindings(&self) -> &[(Action, Vec<Key>)] {
        &self.bindings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn defaults_follow_k9s_and_lazygit_conventions() {
        let map = KeyMap::default();
        assert_eq!(
            map.action(&event(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            map.action(&event(KeyCode::Char('?'), KeyModifiers::SHIFT)),
            Some(Action::Help)
        );
        assert_eq!(
            map.action(&event(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            map.action(&event(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Action::PrevPane)
        );
        assert_eq!(
            map.action(&event(KeyCode::Char('+'), KeyModifiers::SHIFT)),
            Some(Action::StepUp)
        );
        assert_eq!(
            map.action(&event(KeyCode::Char('P'), KeyModifiers::SHIFT)),
            Some(Action::PinZone)
        );
        assert_eq!(
            map.action(&event(KeyCode::Char('y'), KeyModifiers::NONE)),
            None
        );
        // No key does two things.
        let mut seen = std::collections::HashSet::new();
        for (_, keys) in map.bindings() {
            for key in keys {
                assert!(seen.insert(*key), "{key} is bound twice");
            }
        }
        // Every action has a key and a description.
        for action in Action::ALL {
            assert!(!map.keys(action).is_empty(), "{action:?}");
            assert!(!action.describe().is_empty());
        }
    }

    #[test]
    fn overrides_patch_only_the_named_actions_and_steal_keys() {
        let map = KeyMap::parse(
            Path::new("k.toml"),
            "[keys]\nquit = [\"ctrl-q\"]\nedit = \"q\"\n",
        )
        .unwrap();
        assert_eq!(
            map.action(&event(KeyCode::Char('q'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            map.action(&event(KeyCode::Char('q'), KeyModifiers::NONE)),
            Some(Action::Edit)
        );
        assert_eq!(
            map.action(&event(KeyCode::Char('e'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(
            map.action(&event(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(map.label(Action::Quit), "ctrl-q");
    }

    #[test]
    fn bad_overrides_name_the_field() {
        let error = KeyMap::parse(Path::new("k.toml"), "[keys]\nfly = \"x\"\n").unwrap_err();
        assert_eq!(error.field.as_deref(), Some("keys.fly"));
        assert!(error.message.contains("quit"), "{error}");
        let error = KeyMap::parse(Path::new("k.toml"), "[keys]\nquit = \"ctrl-\"\n").unwrap_err();
        assert_eq!(error.field.as_deref(), Some("keys.quit"));
        let error =
            KeyMap::parse(Path::new("k.toml"), "[keys]\nsave = [\"j\", \"down\"]\n").unwrap_err();
        assert!(
            error.message.contains("`down` lost all its keys"),
            "{error}"
        );
    }

    #[test]
    fn keys_round_trip_through_text() {
        for text in [
            "q",
            "ctrl-c",
            "enter",
            "shift-tab",
            "f1",
            "+",
            "space",
            "alt-x",
        ] {
            let key = Key::parse(text).unwrap();
            let shown = key.to_string();
            assert_eq!(Key::parse(&shown).unwrap_or(key), key, "{text} -> {shown}");
        }
    }
}
