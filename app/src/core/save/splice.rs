//! Text surgery on the original TOML: finding an export's table and the span of a value, and
//! applying every change in one pass, so the bytes around them stay as the user wrote them.

use std::ops::Range;
use toml_edit::{Item, Table, TableLike, Value};

/// A key-value of the original text.
pub(super) struct Found<'a> {
    pub(super) key_span: Range<usize>,
    pub(super) value_span: Range<usize>,
    pub(super) value: &'a Value,
}

pub(super) fn find<'a>(table: &'a dyn TableLike, key: &str) -> Result<Option<Found<'a>>, String> {
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
pub(super) struct Body<'a> {
    pub(super) id: Option<&'a str>,
    pub(super) table: &'a dyn TableLike,
    pub(super) inline: bool,
}

impl<'a> Body<'a> {
    /// The key-value that ends last in the text: new keys go after it.
    pub(super) fn last_entry(&self) -> Option<Found<'a>> {
        self.table
            .iter()
            .filter_map(|(key, _)| find(self.table, key).ok().flatten())
            .max_by_key(|found| found.value_span.end)
    }
}

pub(super) fn export_bodies(root: &Table) -> Result<Vec<Body<'_>>, String> {
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
pub(super) struct Splices<'a> {
    pub(super) original: &'a str,
    pub(super) newline: &'static str,
    pub(super) list: Vec<(Range<usize>, String)>,
}

impl<'a> Splices<'a> {
    pub(super) fn new(original: &'a str) -> Self {
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

    pub(super) fn replace(&mut self, span: Range<usize>, text: String) {
        self.list.push((span, text));
    }

    /// A new `key = value` line below the one holding `anchor`, indented like it.
    pub(super) fn add_line_after(&mut self, anchor: &Found<'_>, entry: String) {
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

    pub(super) fn add_inline_after(&mut self, anchor: &Found<'_>, entry: String) {
        let at = anchor.value_span.end;
        self.list.push((at..at, format!(", {entry}")));
    }

    /// A root key where a file without `title` starts: below a leading comment block that is
    /// set off by a blank line (the file's header), otherwise on the first line.
    pub(super) fn add_line_at_top(&mut self, entry: String) {
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
    pub(super) fn remove(&mut self, found: &Found<'_>, inline: bool) {
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

    pub(super) fn apply(mut self) -> String {
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
