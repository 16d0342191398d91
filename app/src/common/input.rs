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
        let path = error.path().to_string();
        let inner = error.into_inner();
        let mut input = InputError::new(file, tidy_message(inner.message()));
        if path != "." && !path.is_empty() {
            input = input.field(path);
        }
        match inner.span() {
            Some(span) => input.at(source, span.start),
            None => input,
        }
    })
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
        .replace("expected one of", "allowed values are")
        .replace("unknown variant", "unknown value")
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
