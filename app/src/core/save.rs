//! Writing an edited profile back to its file.
//!
//! Only the values the dashboard edits change. New text is spliced into the original at the spans
//! the TOML parser reports, so every other byte (comments, blank lines, line endings, key order,
//! number spelling) stays as the user wrote it; re-serialising the document would normalise some
//! of those. The file on disk is then replaced atomically, keeping the previous version beside it.

use crate::common::atomic::{write_atomically, WriteError};
use crate::common::dates::format_date;
use crate::common::input::InputError;
use crate::core::profile::Profile;
use ftzroute_plugin_api::Export;
use std::ops::Range;
use std::path::{Path, PathBuf};
use time::Date;
use toml_edit::{ImDocument, Item, Table, TableLike, Value};

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

/// A key-value of the original text.
struct Found<'a> {
    key_span: Range<usize>,
    value_span: Range<usize>,
    value: &'a Value,
}

fn find<'a>(table: &'a dyn TableLike, key: &str) -> Result<Option<Found<'a>>, String> {
    let Some((k, item)) = table.get_key_value(key) else {
        return Ok(None);
    };
    let Item::Value(value) = item else {
        return Err(format!(
            "`{key}` is a table, where a single value is expected"
        ));
    };
    match (k.span(), value.span()) {
        (Some(key_span), Some(value_span)) => Ok(Some(Found {
            key_span,
            value_span,
            value,
        })),
        _ => Err(format!("`{key}` cannot be located in the text")),
    }
}

/// One export's table in the file: a `[[export]]` block or an inline table of `export = [...]`.
struct Body<'a> {
    id: Option<&'a str>,
    table: &'a dyn TableLike,
    inline: bool,
}

impl<'a> Body<'a> {
    /// The key-value that ends last in the text: new keys go after it.
    fn last_entry(&self) -> Option<Found<'a>> {
        self.table
            .iter()
            .filter_map(|(key, _)| find(self.table, key).ok().flatten())
            .max_by_key(|found| found.value_span.end)
    }
}

fn export_bodies(root: &Table) -> Result<Vec<Body<'_>>, String> {
    match root.get("export") {
        None => Ok(Vec::new()),
        Some(Item::ArrayOfTables(tables)) => Ok(tables
            .iter()
            .map(|table| Body {
                id: id_of(table),
                table,
                inline: false,
            })
            .collect()),
        Some(Item::Value(Value::Array(values))) => values
            .iter()
            .map(|value| match value.as_inline_table() {
                Some(table) => Ok(Body {
                    id: id_of(table),
                    table,
                    inline: true,
                }),
                None => Err("an entry of `export` is not a table".to_owned()),
            })
            .collect(),
        Some(_) => Err("`export` is not a list of tables".to_owned()),
    }
}

fn id_of(table: &dyn TableLike) -> Option<&str> {
    table.get("id").and_then(Item::as_str)
}

/// Text changes against the original, applied in one pass.
struct Splices<'a> {
    original: &'a str,
    newline: &'static str,
    list: Vec<(Range<usize>, String)>,
}

impl<'a> Splices<'a> {
    fn new(original: &'a str) -> Self {
        Splices {
            original,
            newline: if original.contains("\r\n") {
                "\r\n"
            } else {
                "\n"
            },
            list: Vec::new(),
        }
    }

    fn replace(&mut self, span: Range<usize>, text: String) {
        self.list.push((span, text));
    }

    /// A new `key = value` line below the one holding `anchor`, indented like it.
    fn add_line_after(&mut self, anchor: &Found<'_>, entry: String) {
        let line_start = self.original[..anchor.key_span.start]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let indent = &self.original[line_start..anchor.key_span.start];
        let indent = if indent.chars().all(|c| c == ' ' || c == '\t') {
            indent
        } else {
            ""
        };
        let after = anchor.value_span.end;
        let text = match self.original[after..].find('\n') {
            Some(i) => (after + i + 1, format!("{indent}{entry}{}", self.newline)),
            None => (
                self.original.len(),
                format!("{}{indent}{entry}", self.newline),
            ),
        };
        self.list.push((text.0..text.0, text.1));
    }

    fn add_inline_after(&mut self, anchor: &Found<'_>, entry: String) {
        let at = anchor.value_span.end;
        self.list.push((at..at, format!(", {entry}")));
    }

    /// A root key where a file without `title` starts: below a leading comment block that is
    /// set off by a blank line (the file's header), otherwise on the first line.
    fn add_line_at_top(&mut self, entry: String) {
        let text = self.original;
        let start = if text.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        };
        let (mut at, mut pos) = (start, start);
        while pos < text.len() {
            let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
            let line = text[pos..end].trim();
            if line.is_empty() {
                at = end;
            } else if !line.starts_with('#') {
                break;
            }
            pos = end;
        }
        let next = text[at..].trim_start_matches([' ', '\t']);
        // A table header or a comment right below would read as belonging to the new key.
        let gap = if next.starts_with('[') || next.starts_with('#') {
            self.newline
        } else {
            ""
        };
        self.list
            .push((at..at, format!("{entry}{}{gap}", self.newline)));
    }

    /// Drops a key-value: its whole line in a block table, the entry and one comma inline.
    fn remove(&mut self, found: &Found<'_>, inline: bool) {
        let text = self.original;
        let span = if inline {
            let after = &text[found.value_span.end..];
            let trimmed = after.trim_start();
            if trimmed.starts_with(',') {
                let comma = found.value_span.end + (after.len() - trimmed.len());
                let rest = &text[comma + 1..];
                found.key_span.start..comma + 1 + (rest.len() - rest.trim_start().len())
            } else {
                let comma = text[..found.key_span.start]
                    .rfind(',')
                    .unwrap_or(found.key_span.start);
                comma..found.value_span.end
            }
        } else {
            let line_start = text[..found.key_span.start]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let line_end = text[found.value_span.end..]
                .find('\n')
                .map_or(text.len(), |i| found.value_span.end + i + 1);
            line_start..line_end
        };
        self.list.push((span, String::new()));
    }

    fn apply(mut self) -> String {
        // Stable: insertions at one point keep the order they were made in.
        self.list.sort_by_key(|(span, _)| span.start);
        let mut out = String::with_capacity(self.original.len() + 64 * self.list.len());
        let mut done = 0;
        for (span, text) in &self.list {
            debug_assert!(span.start >= done, "splices overlap");
            out.push_str(&self.original[done..span.start.max(done)]);
            out.push_str(text);
            done = done.max(span.end);
        }
        out.push_str(&self.original[done..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::atomic::WriteError;
    use crate::common::dates::parse_date;
    use std::fs::{self, File};

    const SAMPLE: &str = "\
# Example profile: comments and layout must survive a save.
title = \"Example\"  # shown in reports
as_of = 2025-10-01

[handler]
name = \"H\"
sector = \"biological-drug-manufacturing\"

# Patients first.
[[export]]
id = \"patients\"
label = \"Patient records\"
kind = \"personal\"
subject = \"patient\"
persons   = 12_000   # counted since January
exempt_persons = 200
sensitive = true

[[export]]
id = \"reports\"
kind = \"important\"
  # indented on purpose
  notified = false # unusual on purpose

[[export]]
id = \"stats\"
kind = \"general\"
persons = 50
";

    fn load(text: &str) -> Profile {
        Profile::parse(Path::new("p.toml"), text).unwrap()
    }

    fn export<'a>(profile: &'a mut Profile, id: &str) -> &'a mut Export {
        profile.exports.iter_mut().find(|e| e.id == id).unwrap()
    }

    fn render_with(text: &str, edit: impl FnOnce(&mut Profile)) -> String {
        let mut profile = load(text);
        edit(&mut profile);
        render_profile(text, &profile).unwrap()
    }

    #[test]
    fn untouched_profile_renders_byte_identical() {
        let crlf = SAMPLE.replace('\n', "\r\n");
        let inline = "as_of = 2025-10-01\nexport = [ { id = \"a\", kind = \"core\" } ] # x\n[handler]\nname = \"H\"\nsector = \"s\"\n";
        for text in [
            SAMPLE,
            &crlf,
            inline,
            include_str!("../../../examples/jiangsu-cro.toml"),
            include_str!("../../../examples/nanjing-devices.toml"),
            include_str!("../../../examples/suzhou-biologics.toml"),
        ] {
            assert_eq!(render_with(text, |_| {}), text);
        }
    }

    #[test]
    fn changing_persons_keeps_its_trailing_comment() {
        let text = render_with(SAMPLE, |p| export(p, "patients").persons = Some(15_000));
        assert_eq!(
            text,
            SAMPLE.replace("12_000   # counted", "15000   # counted")
        );
    }

    #[test]
    fn flipping_an_absent_flag_inserts_it_at_the_end_of_its_export() {
        let text = render_with(SAMPLE, |p| {
            export(p, "reports").export_controlled = true;
            export(p, "patients").serious_harm = true;
            export(p, "patients").hgr_cleared = true;
        });
        let expected = SAMPLE
            .replace(
                "sensitive = true\n",
                "sensitive = true\nserious_harm = true\nhgr_cleared = true\n",
            )
            .replace(
                "  notified = false # unusual on purpose\n",
                "  notified = false # unusual on purpose\n  export_controlled = true\n",
            );
        assert_eq!(text, expected);
    }

    #[test]
    fn exempt_persons_goes_after_persons_and_persons_after_the_rest() {
        let without = SAMPLE.replace("exempt_persons = 200\n", "");
        let text = render_with(&without, |p| export(p, "patients").exempt_persons = 5);
        assert_eq!(
            text,
            SAMPLE.replace("exempt_persons = 200", "exempt_persons = 5")
        );

        let text = render_with(SAMPLE, |p| {
            let reports = export(p, "reports");
            reports.persons = Some(7);
            reports.exempt_persons = 2;
        });
        assert_eq!(
            text,
            SAMPLE.replace(
                "# unusual on purpose\n",
                "# unusual on purpose\n  persons = 7\n  exempt_persons = 2\n"
            )
        );
    }

    #[test]
    fn a_default_value_where_the_key_exists_keeps_the_key() {
        let text = render_with(SAMPLE, |p| {
            export(p, "reports").notified = true;
            let patients = export(p, "patients");
            patients.sensitive = false;
            patients.exempt_persons = 0;
        });
        let expected = SAMPLE
            .replace("notified = false # unusual", "notified = true # unusual")
            .replace("sensitive = true", "sensitive = false")
            .replace("exempt_persons = 200", "exempt_persons = 0");
        assert_eq!(text, expected);
    }

    #[test]
    fn clearing_persons_removes_its_line() {
        let text = render_with(SAMPLE, |p| export(p, "stats").persons = None);
        assert_eq!(text, SAMPLE.replace("persons = 50\n", ""));
        let inline = "as_of = 2025-10-01\nexport = [{ persons = 5, id = \"a\", kind = \"core\" }, {id=\"b\",kind=\"core\",persons=1}]\n[handler]\nname = \"H\"\nsector = \"s\"\n";
        let text = render_with(inline, |p| {
            p.exports[0].persons = None;
            p.exports[1].persons = None;
        });
        assert_eq!(
            text,
            inline
                .replace("persons = 5, ", "")
                .replace(",persons=1", "")
        );
    }

    #[test]
    fn as_of_is_replaced_or_added() {
        let date = parse_date("2026-01-15").unwrap();
        let text = render_with(SAMPLE, |p| p.as_of = date);
        assert_eq!(text, SAMPLE.replace("2025-10-01", "2026-01-15"));

        let without = SAMPLE.replace("as_of = 2025-10-01\n", "");
        let text = render_with(&without, |p| p.as_of = date);
        assert_eq!(text, SAMPLE.replace("2025-10-01", "2026-01-15"));

        let bare = without.replace("title = \"Example\"  # shown in reports\n", "");
        let text = render_with(&bare, |p| p.as_of = date);
        assert_eq!(
            text,
            bare.replace(
                "save.\n\n[handler]",
                "save.\n\nas_of = 2026-01-15\n\n[handler]"
            )
        );
        let text = render_with("[handler]\nname = \"H\"\nsector = \"s\"\n", |p| {
            p.as_of = date
        });
        assert_eq!(
            text,
            "as_of = 2026-01-15\n\n[handler]\nname = \"H\"\nsector = \"s\"\n"
        );
    }

    #[test]
    fn an_absent_as_of_at_today_stays_absent() {
        let without = SAMPLE.replace("as_of = 2025-10-01\n", "");
        // Loading fills in today, which is what "absent" means.
        assert_eq!(render_with(&without, |_| {}), without);
    }

    #[test]
    fn comments_blank_lines_and_line_endings_survive_edits() {
        let crlf = SAMPLE.replace('\n', "\r\n");
        let text = render_with(&crlf, |p| {
            p.as_of = parse_date("2025-12-31").unwrap();
            let patients = export(p, "patients");
            patients.persons = Some(9_999);
            patients.name_and_contact = true;
            export(p, "reports").notified = true;
            export(p, "stats").hgr_cleared = true;
        });
        let kept = |text: &str| -> Vec<String> {
            text.lines()
                .filter(|l| l.trim().is_empty() || l.contains('#'))
                .map(|l| {
                    l.split_once('#')
                        .map_or("", |(_, comment)| comment)
                        .to_owned()
                })
                .collect()
        };
        assert_eq!(kept(&text), kept(&crlf));
        assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
        assert_eq!(text.lines().count(), crlf.lines().count() + 2);
        assert!(text.contains("name_and_contact = true\r\n"), "{text}");
        assert!(
            text.ends_with("persons = 50\r\nhgr_cleared = true\r\n"),
            "{text}"
        );
    }

    #[test]
    fn inline_exports_are_edited_in_place() {
        let inline = "as_of = 2025-10-01\nexport = [ { id = \"a\", kind = \"personal\", persons = 3 } ]\n[handler]\nname = \"H\"\nsector = \"s\"\n";
        let text = render_with(inline, |p| {
            p.exports[0].sensitive = true;
            p.exports[0].exempt_persons = 1;
        });
        assert_eq!(
            text,
            inline.replace(
                "persons = 3 }",
                "persons = 3, exempt_persons = 1, sensitive = true }"
            )
        );
    }

    #[test]
    fn an_export_missing_from_the_file_is_an_error() {
        let mut profile = load(SAMPLE);
        profile.exports[1].id = "ghost".into();
        let error = render_profile(SAMPLE, &profile).unwrap_err();
        assert!(
            matches!(&error, SaveError::ExportNotInFile { id, .. } if id == "ghost"),
            "{error}"
        );
        assert!(error.to_string().contains("reload"), "{error}");
    }

    #[test]
    fn edits_the_loader_would_refuse_are_errors() {
        let mut profile = load(SAMPLE);
        export(&mut profile, "patients").exempt_persons = 20_000;
        let error = render_profile(SAMPLE, &profile).unwrap_err();
        assert!(matches!(error, SaveError::Invalid { .. }), "{error}");
        assert!(error.to_string().contains("exempt_persons"), "{error}");

        export(&mut profile, "patients").persons = Some(u64::MAX);
        let error = render_profile(SAMPLE, &profile).unwrap_err();
        assert!(matches!(error, SaveError::TooLarge { .. }), "{error}");
    }

    #[test]
    fn rendered_text_loads_back_as_the_edited_profile() {
        let mut profile = load(SAMPLE);
        profile.as_of = parse_date("2024-02-29").unwrap();
        for export in &mut profile.exports {
            export.sensitive = !export.sensitive;
            export.serious_harm = !export.serious_harm;
            export.name_and_contact = !export.name_and_contact;
            export.notified = !export.notified;
            export.hgr_cleared = !export.hgr_cleared;
            export.export_controlled = !export.export_controlled;
        }
        export(&mut profile, "patients").persons = Some(1);
        export(&mut profile, "patients").exempt_persons = 1;
        export(&mut profile, "reports").persons = Some(40);
        export(&mut profile, "stats").persons = None;
        let text = render_profile(SAMPLE, &profile).unwrap();
        assert_eq!(load(&text), profile, "{text}");
        // A second save of the same values changes nothing more.
        assert_eq!(render_profile(&text, &profile).unwrap(), text);
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn write_keeps_a_backup_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("profile.toml");
        write_atomically(&path, "first\n").unwrap();
        assert_eq!(names_in(dir.path()), ["profile.toml"]);
        write_atomically(&path, "second\n").unwrap();
        write_atomically(&path, "third\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "third\n");
        assert_eq!(
            fs::read_to_string(dir.path().join("profile.toml.bak")).unwrap(),
            "second\n"
        );
        assert_eq!(names_in(dir.path()), ["profile.toml", "profile.toml.bak"]);
    }

    #[test]
    fn save_profile_writes_the_rendered_text_and_names_the_file_in_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.toml");
        fs::write(&path, SAMPLE).unwrap();
        let mut profile = load(SAMPLE);
        export(&mut profile, "stats").hgr_cleared = true;
        let text = save_profile(&path, SAMPLE, &profile).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), text);
        assert_eq!(
            fs::read_to_string(dir.path().join("p.toml.bak")).unwrap(),
            SAMPLE
        );

        // Saving over a file that changed meanwhile is the caller's call; the backup keeps it.
        export(&mut profile, "stats").hgr_cleared = false;
        assert_eq!(save_profile(&path, SAMPLE, &profile).unwrap(), SAMPLE);
        assert_eq!(
            fs::read_to_string(dir.path().join("p.toml.bak")).unwrap(),
            text
        );

        let error = save_profile(&path, &text, &{
            let mut p = profile.clone();
            p.exports[0].id = "ghost".into();
            p
        })
        .unwrap_err();
        assert!(
            error.to_string().starts_with(&path.display().to_string()),
            "{error}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn write_keeps_permissions_and_follows_symbolic_links() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.toml");
        fs::write(&real, "old\n").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomically(&link, "new\n").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new\n");
        assert_eq!(
            fs::read_to_string(dir.path().join("real.toml.bak")).unwrap(),
            "old\n"
        );
        for name in ["real.toml", "real.toml.bak"] {
            let mode = fs::metadata(dir.path().join(name))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{name}");
        }
    }

    #[test]
    fn a_read_only_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.toml");
        fs::write(&path, "old\n").unwrap();
        let mut permissions = fs::metadata(&path).unwrap().permissions();
        permissions.set_readonly(true);
        fs::set_permissions(&path, permissions).unwrap();
        let error = write_atomically(&path, "new\n").unwrap_err();
        assert!(matches!(error, WriteError::ReadOnly { .. }), "{error}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old\n");
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_directory_fails_and_leaves_the_file_untouched() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.toml");
        fs::write(&path, "old\n").unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o500)).unwrap();
        // A superuser writes regardless of permissions, so there is nothing to check then.
        let probe = dir.path().join("probe");
        let privileged = File::create(&probe).is_ok();
        let result = (!privileged).then(|| write_atomically(&path, "new\n"));
        let _ = fs::remove_file(&probe);
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o700)).unwrap();
        let Some(result) = result else {
            eprintln!("skipped: permissions are not enforced for this user");
            return;
        };
        let error = result.unwrap_err();
        assert!(matches!(error, WriteError::Write { .. }), "{error}");
        assert!(
            error.to_string().contains(&path.display().to_string()),
            "{error}"
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "old\n");
        assert_eq!(names_in(dir.path()), ["p.toml"]);
    }
}
