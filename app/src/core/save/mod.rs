//! Writing an edited profile back to its file.
//!
//! Only the values the dashboard edits change. New text is spliced into the original at the spans
//! the TOML parser reports, so every other byte (comments, blank lines, line endings, key order,
//! number spelling) stays as the user wrote it; re-serialising the document would normalise some
//! of those. The file on disk is then replaced atomically, keeping the previous version beside it.

mod splice;
#[cfg(test)]
mod tests;

use crate::common::atomic::{write_atomically, WriteError};
use crate::common::dates::format_date;
use crate::common::input::InputError;
use crate::core::profile::Profile;
use ftzroute_plugin_api::Export;
use splice::{export_bodies, find, Body, Splices};
use std::path::{Path, PathBuf};
use time::Date;
use toml_edit::{ImDocument, Value};

/// Why a profile could not be saved. Each variant names the file; [`render_profile`], which has
/// no file, leaves the path empty and its messages say "the profile" instead.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("{}: the text is not valid TOML ({message}); fix the file or reload it, then save again", shown(.path))]
    NotToml { path: PathBuf, message: String },
    #[error("{}: {what}; reload the profile, then save again", shown(.path))]
    Layout { path: PathBuf, what: String },
    #[error("{}: export `{id}` is not in the file (renamed or removed since the profile was loaded?); reload the file and redo the edit", shown(.path))]
    ExportNotInFile { path: PathBuf, id: String },
    #[error("{}: `{field}` of export `{id}` is {value}, larger than a profile can hold ({max}); enter a smaller number", shown(.path), max = i64::MAX)]
    TooLarge {
        path: PathBuf,
        id: String,
        field: &'static str,
        value: u64,
    },
    #[error("{}: the edited profile would not load ({}); correct the values, then save again", shown(.path), problem(.source))]
    Invalid { path: PathBuf, source: InputError },
    #[error("{}: {what} could not be written back as edited; edit the file by hand", shown(.path))]
    NotFaithful { path: PathBuf, what: String },
    #[error(transparent)]
    Write(#[from] WriteError),
}

impl SaveError {
    /// The file the error is about; empty for errors of [`render_profile`].
    pub fn path(&self) -> &Path {
        match self {
            SaveError::NotToml { path, .. }
            | SaveError::Layout { path, .. }
            | SaveError::ExportNotInFile { path, .. }
            | SaveError::TooLarge { path, .. }
            | SaveError::Invalid { path, .. }
            | SaveError::NotFaithful { path, .. } => path,
            SaveError::Write(error) => error.path(),
        }
    }
}

fn shown(path: &Path) -> String {
    if path.as_os_str().is_empty() {
        "the profile".to_owned()
    } else {
        path.display().to_string()
    }
}

/// The field and message only: line numbers would point into text the user never saw.
fn problem(error: &InputError) -> String {
    match &error.field {
        Some(field) => format!("field `{field}`: {}", error.message),
        None => error.message.clone(),
    }
}

/// Applies the profile's editable values to the original TOML text, preserving comments, order
/// and layout.
pub fn render_profile(original: &str, profile: &Profile) -> Result<String, SaveError> {
    render_at(Path::new(""), original, profile)
}

/// render + write; returns the written text.
///
/// Whatever is on disk is replaced, even if it changed since `original` was read: noticing that
/// and asking the user is the caller's business; the replaced version is in the backup.
pub fn save_profile(path: &Path, original: &str, profile: &Profile) -> Result<String, SaveError> {
    let text = render_at(path, original, profile)?;
    write_atomically(path, &text)?;
    Ok(text)
}

/// A value the dashboard edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scalar {
    Count(u64),
    Flag(bool),
}

impl Scalar {
    fn held_by(self, value: &Value) -> bool {
        match self {
            Scalar::Count(n) => value.as_integer().and_then(|i| u64::try_from(i).ok()) == Some(n),
            Scalar::Flag(b) => value.as_bool() == Some(b),
        }
    }

    fn toml(self) -> String {
        match self {
            Scalar::Count(n) => n.to_string(),
            Scalar::Flag(b) => b.to_string(),
        }
    }
}

/// One editable key of an export, with its value in the profile and its contract default.
struct Editable {
    key: &'static str,
    value: fn(&Export) -> Option<Scalar>,
    default: Option<Scalar>,
}

/// In the order new keys are appended to an export table.
const EDITABLE: [Editable; 8] = [
    Editable {
        key: "persons",
        value: |e| e.persons.map(Scalar::Count),
        default: None,
    },
    Editable {
        key: "exempt_persons",
        value: |e| Some(Scalar::Count(e.exempt_persons)),
        default: Some(Scalar::Count(0)),
    },
    Editable {
        key: "sensitive",
        value: |e| Some(Scalar::Flag(e.sensitive)),
        default: Some(Scalar::Flag(false)),
    },
    Editable {
        key: "serious_harm",
        value: |e| Some(Scalar::Flag(e.serious_harm)),
        default: Some(Scalar::Flag(false)),
    },
    Editable {
        key: "name_and_contact",
        value: |e| Some(Scalar::Flag(e.name_and_contact)),
        default: Some(Scalar::Flag(false)),
    },
    Editable {
        key: "notified",
        value: |e| Some(Scalar::Flag(e.notified)),
        default: Some(Scalar::Flag(true)),
    },
    Editable {
        key: "hgr_cleared",
        value: |e| Some(Scalar::Flag(e.hgr_cleared)),
        default: Some(Scalar::Flag(false)),
    },
    Editable {
        key: "export_controlled",
        value: |e| Some(Scalar::Flag(e.export_controlled)),
        default: Some(Scalar::Flag(false)),
    },
];

fn render_at(path: &Path, original: &str, profile: &Profile) -> Result<String, SaveError> {
    let document = ImDocument::parse(original).map_err(|e| SaveError::NotToml {
        path: path.into(),
        message: e.message().trim().replace('\n', "; "),
    })?;
    let layout = |what: String| SaveError::Layout {
        path: path.into(),
        what,
    };
    let root = document.as_table();
    let mut splices = Splices::new(original);

    // Absent means "today" to the loader, so a profile still at today's date keeps it absent.
    let today = time::OffsetDateTime::now_utc().date();
    let as_of_written = match find(root, "as_of").map_err(layout)? {
        Some(found) => {
            if !holds_date(found.value, profile.as_of) {
                splices.replace(found.value_span, format_date(profile.as_of));
            }
            true
        }
        None if profile.as_of == today => false,
        None => {
            let line = format!("as_of = {}", format_date(profile.as_of));
            match find(root, "title").map_err(layout)? {
                Some(title) => splices.add_line_after(&title, line),
                None => splices.add_line_at_top(line),
            }
            true
        }
    };

    let bodies = export_bodies(root).map_err(layout)?;
    for export in &profile.exports {
        let body = bodies
            .iter()
            .find(|body| body.id == Some(export.id.as_str()))
            .ok_or_else(|| SaveError::ExportNotInFile {
                path: path.into(),
                id: export.id.clone(),
            })?;
        edit_export(path, &mut splices, body, export)?;
    }

    let text = splices.apply();
    check(path, &text, profile, as_of_written)?;
    Ok(text)
}

fn edit_export(
    path: &Path,
    splices: &mut Splices<'_>,
    body: &Body<'_>,
    export: &Export,
) -> Result<(), SaveError> {
    let in_export = |what: String| SaveError::Layout {
        path: path.into(),
        what: format!("export `{}`: {what}", export.id),
    };
    let last = body
        .last_entry()
        .ok_or_else(|| in_export("its keys cannot be located in the text".into()))?;
    let persons = find(body.table, "persons").map_err(in_export)?;
    let mut persons_removed = false;
    for editable in &EDITABLE {
        let want = (editable.value)(export);
        if let Some(Scalar::Count(n)) = want {
            if i64::try_from(n).is_err() {
                return Err(SaveError::TooLarge {
                    path: path.into(),
                    id: export.id.clone(),
                    field: editable.key,
                    value: n,
                });
            }
        }
        match (find(body.table, editable.key).map_err(in_export)?, want) {
            (Some(found), Some(want)) => {
                if !want.held_by(found.value) {
                    splices.replace(found.value_span.clone(), want.toml());
                }
            }
            (Some(found), None) => {
                // Keys added after a removed last key land where its line ended, clear of it.
                persons_removed |= editable.key == "persons";
                splices.remove(&found, body.inline);
            }
            (None, Some(want)) if Some(want) != editable.default => {
                let anchor = match &persons {
                    Some(persons) if editable.key == "exempt_persons" && !persons_removed => {
                        persons
                    }
                    _ => &last,
                };
                let entry = format!("{} = {}", editable.key, want.toml());
                if body.inline {
                    splices.add_inline_after(anchor, entry);
                } else {
                    splices.add_line_after(anchor, entry);
                }
            }
            (None, _) => {}
        }
    }
    Ok(())
}

/// Parses what was rendered and compares it with the profile, so a splice that went wrong, or an
/// edit the loader would refuse, never reaches the disk.
fn check(path: &Path, text: &str, profile: &Profile, as_of_written: bool) -> Result<(), SaveError> {
    let parsed = Profile::parse(path, text).map_err(|source| SaveError::Invalid {
        path: path.into(),
        source,
    })?;
    let not_faithful = |what: String| SaveError::NotFaithful {
        path: path.into(),
        what,
    };
    if as_of_written && parsed.as_of != profile.as_of {
        return Err(not_faithful("`as_of`".into()));
    }
    for export in &profile.exports {
        let Some(written) = parsed.exports.iter().find(|e| e.id == export.id) else {
            return Err(not_faithful(format!("export `{}`", export.id)));
        };
        for editable in &EDITABLE {
            if (editable.value)(written) != (editable.value)(export) {
                return Err(not_faithful(format!(
                    "`{}` of export `{}`",
                    editable.key, export.id
                )));
            }
        }
    }
    Ok(())
}

fn holds_date(value: &Value, date: Date) -> bool {
    value.as_datetime().is_some_and(|datetime| {
        datetime.time.is_none()
            && datetime.offset.is_none()
            && datetime.date.is_some_and(|d| {
                i32::from(d.year) == date.year()
                    && d.month == u8::from(date.month())
                    && d.day == date.day()
            })
    })
}
