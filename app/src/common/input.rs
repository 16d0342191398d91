//! Input errors that point at a place in a file: the one mechanism every TOML reader of the app
//! (profiles, zones, golden cases) reports through.

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem with a file the user gave us: where it is, which field, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputError {
    pub file: PathBuf,
    /// 1-based line and column, when known.
    pub position: Option<(usize, usize)>,
    /// Dotted path of the field, e.g. `export[2].persons`.
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl InputError {
    pub fn new(file: &Path, message: impl Into<String>) -> Self {
        InputError {
            file: file.to_path_buf(),
            position: None,
            field: None,
            message: message.into(),
        }
    }

    pub fn at(mut self, source: &str, byte_offset: usize) -> Self {
        self.position = Some(line_and_column(source, byte_offset));
        self
    }

    /// Points at the start of a 1-based line (for files read line by line).
    pub fn at_line(mut self, line: usize) -> Self {
        self.position = Some((line, 1));
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_and_column(source: &str, byte_offset: usize) -> (usize, usize) {
    let offset = byte_offset.min(source.len());
    let before = &source[..floor_char_boundary(source, offset)];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |tail| tail.chars().count())
        + 1;
    (line, column)
}

fn floor_char_boundary(source: &str, mut offset: usize) -> usize {
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Deserializes TOML text into `T`, turning any failure into an [`InputError`] with the line,
/// column and dotted field path of the problem.
pub fn parse_toml<T: serde::de::DeserializeOwned>(
    file: &Path,
    source: &str,
) -> Result<T, InputError> {
    let deserializer = toml::Deserializer::new(source);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        // A `Spanned` field adds a private segment to the path: the user's field is without it.
        let path = error
            .path()
            .to_string()
            .replace(".$__serde_spanned_private_value", "");
        let inner = error.into_inner();
        let mut message = tidy_message(inner.message());
        let mut field = (path != "." && !path.is_empty()).then_some(path);
        // A literal too large for TOML fails in the parser, before any field is known: find the
        // field from the text, and say what is allowed.
        if let Some(span) = inner.span() {
            if is_overflow(inner.message()) {
                // The span may cover only the literal's first character.
                let literal: String = source
                    .get(span.start..)
                    .unwrap_or("")
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-'))
                    .collect();
                message = format!(
                    "`{literal}` is out of range: allowed are whole numbers from 0 to {}",
                    group_digits(i64::MAX as u64)
                );
                field = field.or_else(|| field_at(source, span.start));
            }
        }
        let mut at = inner.span().map(|span| span.start);
        // A date TOML refuses for a day that does not exist: say which, at the literal's start.
        if let Some(span) = inner.span() {
            if inner.message().contains("invalid date-time") {
                let (start, literal) = date_literal_at(source, span.start);
                if let Some(reason) = literal
                    .get(..10)
                    .and_then(crate::common::dates::impossible_date)
                {
                    message = format!("`{literal}` is not a date: {reason}");
                    field = field_at(source, start).or(field);
                    at = Some(start);
                }
            }
        }
        let mut input = InputError::new(file, message);
        if let Some(field) = field {
            input = input.field(field);
        }
        match at {
            Some(offset) => input.at(source, offset),
            None => input,
        }
    })
}

/// The date or date-time literal around `offset`, with its byte offset.
fn date_literal_at(source: &str, offset: usize) -> (usize, &str) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let part = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '.' | '+');
    let start = source[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| part(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = source[offset..]
        .char_indices()
        .find(|(_, c)| !part(*c))
        .map_or(source.len(), |(i, _)| offset + i);
    (start, &source[start..end])
}

/// The parser's words for an integer literal that does not fit in 64 bits.
fn is_overflow(message: &str) -> bool {
    message.contains("number too large to fit in target type")
        || message.contains("number too small to fit in target type")
}

/// 1234567 → "1,234,567".
fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, c) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The dotted path of the value at `offset` in TOML text, as serde names fields
/// (`export[2].persons`, `profile.export[0].persons`, `expect[1].next.at_persons`), read from
/// the text itself: the last table header before it, and the keys leading to it on its line.
/// For messages only; `None` when the line has no `key =` before the offset.
pub fn field_at(source: &str, offset: usize) -> Option<String> {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut table = String::new();
    for line in source[..line_start].lines() {
        let line = line.trim();
        if let Some(name) = line
            .strip_prefix("[[")
            .and_then(|rest| rest.split("]]").next())
        {
            let name = name.trim().to_string();
            let count = counts.entry(name.clone()).or_insert(0);
            *count += 1;
            table = format!("{name}[{}]", *count - 1);
        } else if let Some(name) = line
            .strip_prefix('[')
            .and_then(|rest| rest.split(']').next())
        {
            let name = name.trim();
            // `[export.dates]` belongs to the latest `[[export]]`; `[profile.handler]` inside
            // the latest `[[profile.export]]` is not an element.
            table = name.to_string();
            let mut prefix = name;
            while let Some((head, _)) = prefix.rsplit_once('.') {
                if let Some(count) = counts.get(head) {
                    table = format!("{head}[{}]{}", count - 1, &name[head.len()..]);
                    break;
                }
                prefix = head;
            }
        }
    }
    // Keys on the line before the value: `a = { b = { c = VALUE`.
    let mut keys: Vec<String> = Vec::new();
    let mut pending: Option<String> = None;
    let mut token = String::new();
    let mut in_string = false;
    for c in source[line_start..offset].chars() {
        match c {
            '"' => in_string = !in_string,
            _ if in_string => {}
            '=' => {
                pending = Some(token.trim().trim_matches('"').to_string());
                token.clear();
            }
            '{' => {
                if let Some(key) = pending.take() {
                    keys.push(key);
                }
                token.clear();
            }
            '}' => {
                keys.pop();
                token.clear();
            }
            ',' => token.clear(),
            _ => token.push(c),
        }
    }
    keys.push(pending.filter(|key| !key.is_empty())?);
    let mut path = table;
    for key in keys {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(&key);
    }
    Some(path)
}

/// serde's messages name Rust-side things; say it in the profile's words.
fn tidy_message(message: &str) -> String {
    let one_line: Vec<&str> = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    one_line
        .join("; ")
        .replace(
            "invalid type: integer",
            "expected a non-negative whole number, found integer",
        )
        .replace("u64", "a non-negative whole number")
        .replace("u32", "a whole number from 0 to 4,294,967,295")
        .replace("expected one of", "allowed values are")
        .replace("unknown variant", "unknown value")
        .replace(
            "expected a TOML datetime",
            "expected a date such as 2025-10-01",
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let source = "a = 1\nb = \"江苏\" x\n";
        let offset = source.find('x').unwrap();
        assert_eq!(line_and_column(source, offset), (2, 10));
        assert_eq!(line_and_column(source, 0), (1, 1));
    }

    #[test]
    fn the_field_of_a_value_is_read_from_the_text() {
        let source = "title = \"t\"\n[handler]\nname = \"H\"\n[[export]]\nid = \"a\"\n[[export]]\nid = \"b\"\npersons = 12\n[[expect]]\nnext = { route = \"x\", at_persons = 7 }\n";
        let at = |needle: &str| field_at(source, source.find(needle).unwrap());
        assert_eq!(at("\"H\"").as_deref(), Some("handler.name"));
        assert_eq!(at("12").as_deref(), Some("export[1].persons"));
        assert_eq!(at("7 }").as_deref(), Some("expect[0].next.at_persons"));
        assert_eq!(at("\"t\"").as_deref(), Some("title"));
        assert_eq!(field_at(source, 0), None);
    }

    #[test]
    fn a_number_too_large_for_toml_names_its_field_and_the_range() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Doc {
            export: Vec<Export>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Export {
            persons: u64,
        }
        let source =
            "[[export]]\npersons = 1\n[[export]]\npersons = 1000000000000000000000000000000\n";
        let error = parse_toml::<Doc>(Path::new("p.toml"), source).unwrap_err();
        assert_eq!(error.field.as_deref(), Some("export[1].persons"), "{error}");
        assert_eq!(error.position, Some((4, 11)), "{error}");
        assert!(
            error.message.contains("0 to 9,223,372,036,854,775,807")
                && error.message.contains("1000000000000000000000000000000"),
            "{error}"
        );
    }

    #[test]
    fn display_names_file_line_field() {
        let error = InputError::new(Path::new("p.toml"), "bad")
            .at("x\ny", 2)
            .field("export[0].persons");
        assert_eq!(
            error.to_string(),
            "p.toml:2:1: field `export[0].persons`: bad"
        );
    }
}

/// Reads a text file the user gave (`what` names it in messages: "the profile"). Bytes that are
/// not UTF-8 are refused at their line and column, saying whether the file reads as GB18030
/// (how Chinese editions of Windows save text) and how to convert it.
pub fn read_text(file: &Path, what: &str) -> Result<String, InputError> {
    let bytes = std::fs::read(file)
        .map_err(|e| InputError::new(file, format!("cannot read {what}: {e}")))?;
    String::from_utf8(bytes).map_err(|error| {
        let bytes = error.as_bytes();
        let at = error.utf8_error().valid_up_to();
        not_utf8(file, bytes, at)
    })
}

/// The error for `bytes` of `file`, not UTF-8 from byte offset `at` on.
pub fn not_utf8(file: &Path, bytes: &[u8], at: usize) -> InputError {
    // Everything before `at` is UTF-8: the first byte that is not.
    let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
    InputError {
        file: file.to_path_buf(),
        position: Some(line_and_column(before, before.len())),
        field: None,
        message: not_utf8_message(bytes, at),
    }
}

/// Why text is refused at byte `at`, and what to do.
pub fn not_utf8_message(bytes: &[u8], at: usize) -> String {
    if looks_like_gb18030(bytes) {
        format!(
            "not UTF-8 (byte {at}): it looks like GB18030 (GBK), as Chinese editions of Windows \
             save text; convert it with `iconv -f GB18030 -t UTF-8 FILE > FILE.utf8` or save it as \
             UTF-8 in your editor"
        )
    } else {
        format!("not UTF-8 (byte {at}); save the file as UTF-8")
    }
}

/// Whether `bytes` (already found not to be UTF-8) read as GB18030 text with at least one
/// character outside ASCII: one-byte ASCII, two-byte GB2312 `A1-F7 A1-FE` and four-byte
/// `81-FE 30-39 81-FE 30-39` sequences.
pub fn looks_like_gb18030(bytes: &[u8]) -> bool {
    let lead = |b: u8| (0x81..=0xfe).contains(&b);
    let digit = |b: u8| b.is_ascii_digit();
    let mut at = 0;
    let mut wide = false;
    while at < bytes.len() {
        let b = bytes[at];
        if b < 0x80 {
            at += 1;
        } else if !lead(b) {
            return false;
        } else {
            match bytes.get(at + 1..at + 4) {
                Some(&[second, third, fourth]) if digit(second) && lead(third) && digit(fourth) => {
                    at += 4
                }
                // Two bytes in the GB2312 range, where the common hanzi are: a lone accented
                // Latin-1 letter before an ASCII one (`M\xfcller`) is GBK too, but not this.
                _ => match bytes.get(at + 1) {
                    Some(&second)
                        if (0xa1..=0xf7).contains(&b) && (0xa1..=0xfe).contains(&second) =>
                    {
                        at += 2
                    }
                    _ => return false,
                },
            }
            wide = true;
        }
    }
    wide
}

#[cfg(test)]
mod encoding_tests {
    use super::*;

    /// 数据出境 ("data export") in GB18030, then the same in UTF-8.
    const GB18030: &[u8] = b"title = \"\xca\xfd\xbe\xdd\xb3\xf6\xbe\xb3\"\n";

    #[test]
    fn gb18030_text_is_recognised_and_other_bytes_are_not() {
        // Asked only of text that is not UTF-8 (UTF-8 Chinese is well-formed GB18030 too).
        assert!(looks_like_gb18030(GB18030));
        assert!(!looks_like_gb18030(b"plain ascii"));
        assert!(!looks_like_gb18030(b"M\xfcller"), "Latin-1");
        assert!(!looks_like_gb18030(b"\xff\xfe l\x00"));
    }

    #[test]
    fn a_gb18030_file_is_refused_at_its_line_and_column_with_how_to_convert_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("profile.toml");
        let mut bytes = b"as_of = 2025-10-01\n".to_vec();
        bytes.extend_from_slice(GB18030);
        std::fs::write(&file, &bytes).unwrap();
        let error = read_text(&file, "the profile").unwrap_err();
        assert_eq!(error.position, Some((2, 10)));
        assert!(error.message.contains("looks like GB18030"), "{error}");
        assert!(
            error.message.contains("iconv -f GB18030 -t UTF-8"),
            "{error}"
        );
        assert!(error.message.contains("byte 28"), "{error}");
        std::fs::write(&file, b"as_of = \xff\n").unwrap();
        let error = read_text(&file, "the profile").unwrap_err();
        assert!(
            error
                .message
                .starts_with("not UTF-8 (byte 8); save the file as UTF-8"),
            "{error}"
        );
        std::fs::write(&file, "as_of = 2025-10-01\n").unwrap();
        assert_eq!(
            read_text(&file, "the profile").unwrap(),
            "as_of = 2025-10-01\n"
        );
    }
}
