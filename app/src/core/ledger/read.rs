//! Reading transfer files: CSV with a header line, or JSON Lines (one object per line).
//!
//! Columns (CSV header names, JSON keys): `date` (`YYYY-MM-DD`), `person` (any stable identifier
//! of the natural person), `export` (the profile's export id), `sensitive` (`true`/`false`, also
//! `yes`/`no`, `1`/`0` in CSV), and optionally `basis` (empty or a `cbdf-art-…` token),
//! `recipient` and `route_used` (free text). Any other column is refused, so a misspelt header
//! never silently drops a field.
//!
//! Every problem is an [`InputError`] naming the file, line, column and field. A line longer than
//! [`MAX_LINE`] is refused as soon as the limit is passed, without reading the rest of it.

use crate::common::input::{not_utf8_message, InputError};
use ftzroute_plugin_api::CbdfBasis;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use time::{Date, Month};

/// The longest line a transfer file may have. A transfer is a few hundred bytes at most; the
/// limit keeps a damaged file (or one that is not a transfer file) from filling memory.
pub const MAX_LINE: usize = 64 * 1024;

/// The byte-order mark some programs write at the start of UTF-8 text; skipped in both formats.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// The fields of a transfer, as named in files and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Date,
    Person,
    Export,
    Sensitive,
    Basis,
    Recipient,
    RouteUsed,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Date,
        Field::Person,
        Field::Export,
        Field::Sensitive,
        Field::Basis,
        Field::Recipient,
        Field::RouteUsed,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Date => "date",
            Field::Person => "person",
            Field::Export => "export",
            Field::Sensitive => "sensitive",
            Field::Basis => "basis",
            Field::Recipient => "recipient",
            Field::RouteUsed => "route_used",
        }
    }

    fn required(self) -> bool {
        matches!(
            self,
            Field::Date | Field::Person | Field::Export | Field::Sensitive
        )
    }

    /// The column a header names, in any case (`Date` as `date`).
    fn from_name(name: &str) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|field| field.name().eq_ignore_ascii_case(name))
    }
}

/// One transfer as read, checked for form (not yet against a profile).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferRow<'a> {
    pub line: u64,
    pub date: Date,
    /// Trimmed of surrounding white space, never empty.
    pub person: &'a str,
    pub export: &'a str,
    pub sensitive: bool,
    pub basis: Option<CbdfBasis>,
    pub recipient: Option<&'a str>,
    pub route_used: Option<&'a str>,
    /// Where the fields are on the line, to point at one (worked out only for an error).
    place: Place<'a>,
}

/// Where a row's fields are, kept cheaply until an error needs a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place<'a> {
    /// A CSV record's field bytes (separators and quotes left out), and per [`Field`] its
    /// byte offset there and its position among the fields.
    Csv {
        fields: &'a [u8],
        at: [(u32, u32); 7],
    },
    /// A JSON line.
    Json { line: &'a str },
}

impl Place<'_> {
    /// 1-based column of a field's first character on its line.
    fn column(&self, field: Field) -> usize {
        match self {
            Place::Csv { fields, at } => {
                let (offset, index) = at[field as usize];
                let prefix = &fields[..(offset as usize).min(fields.len())];
                String::from_utf8_lossy(prefix).chars().count() + index as usize + 1
            }
            Place::Json { line } => line
                .find(&format!("\"{}\"", field.name()))
                .map_or(1, |at| line[..at].chars().count() + 1),
        }
    }
}

impl TransferRow<'_> {
    /// An error about one field of this transfer, pointing at it.
    pub fn error(&self, file: &Path, field: Field, message: impl Into<String>) -> InputError {
        let column = self.place.column(field);
        InputError {
            file: file.to_path_buf(),
            position: Some((self.line as usize, column)),
            field: Some(field.name().to_string()),
            message: message.into(),
        }
    }
}

/// What reading a whole file found besides its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileRead {
    /// SHA-256 of the file's bytes: how a second import of the same file is recognised.
    pub sha256: [u8; 32],
    pub rows: u64,
}

/// The two formats, told apart by the file name (`.csv`; `.jsonl`, `.ndjson`) or else by the
/// first character (`{` starts JSON Lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    JsonLines,
}

/// Reads every transfer of `input` (the contents of `file`) and hands each to `on_row`, which
/// may refuse it. Stops at the first problem.
pub fn read_transfers(
    file: &Path,
    input: impl Read,
    on_row: &mut dyn FnMut(&TransferRow) -> Result<(), InputError>,
) -> Result<FileRead, InputError> {
    let mut reader = BufReader::with_capacity(256 * 1024, Tap::new(input));
    let by_name = match file.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("csv") => Some(Format::Csv),
        Some(e) if e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson") => {
            Some(Format::JsonLines)
        }
        _ => None,
    };
    let format = match by_name {
        Some(format) => format,
        None => {
            let start = reader.fill_buf().map_err(|e| io_error(file, e))?;
            let start = start.strip_prefix(BOM).unwrap_or(start);
            let first = start.iter().find(|b| !b.is_ascii_whitespace());
            if first == Some(&b'{') {
                Format::JsonLines
            } else {
                Format::Csv
            }
        }
    };
    let rows = match format {
        Format::Csv => read_csv(file, &mut reader, on_row)?,
        Format::JsonLines => read_json_lines(file, &mut reader, on_row)?,
    };
    // Whatever the parser left unread still belongs to the file's hash.
    io::copy(&mut reader, &mut io::sink()).map_err(|e| io_error(file, e))?;
    Ok(FileRead {
        sha256: reader.into_inner().digest(),
        rows,
    })
}

/// Marks the I/O error a [`Tap`] raises for an over-long line.
#[derive(Debug)]
struct LineTooLong {
    line: u64,
}

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {} is longer than {} KiB; a transfer takes a few hundred bytes, so this is not \
             a transfer file or it is damaged",
            self.line,
            MAX_LINE / 1024
        )
    }
}

impl std::error::Error for LineTooLong {}

/// Hashes every byte read through it and refuses a line longer than [`MAX_LINE`].
struct Tap<R> {
    inner: R,
    hasher: FileHasher,
    line: u64,
    line_length: usize,
}

impl<R: Read> Tap<R> {
    fn new(inner: R) -> Self {
        Tap {
            inner,
            hasher: FileHasher::start(),
            line: 1,
            line_length: 0,
        }
    }

    fn digest(self) -> [u8; 32] {
        self.hasher.finish()
    }
}

/// SHA-256 of a file's bytes, computed on a thread of its own so that the thread reading and
/// checking the rows does not pay for it (a tenth of its time); computed in place when no thread
/// can be started.
enum FileHasher {
    Thread {
        chunks: std::sync::mpsc::SyncSender<Vec<u8>>,
        thread: std::thread::JoinHandle<[u8; 32]>,
    },
    InPlace(Sha256),
}

impl FileHasher {
    fn start() -> FileHasher {
        let (chunks, received) = std::sync::mpsc::sync_channel::<Vec<u8>>(16);
        let hash_all = move || {
            let mut hasher = Sha256::new();
            for chunk in received {
                hasher.update(&chunk);
            }
            hasher.finalize().into()
        };
        match std::thread::Builder::new()
            .name("file-hash".into())
            .spawn(hash_all)
        {
            Ok(thread) => FileHasher::Thread { chunks, thread },
            Err(_) => FileHasher::InPlace(Sha256::new()),
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        match self {
            _ if bytes.is_empty() => {}
            FileHasher::Thread { chunks, .. } => chunks
                .send(bytes.to_vec())
                .expect("the file-hash thread runs until every chunk is sent"),
            FileHasher::InPlace(hasher) => hasher.update(bytes),
        }
    }

    fn finish(self) -> [u8; 32] {
        match self {
            FileHasher::Thread { chunks, thread } => {
                // Ends the thread's loop once it has hashed every chunk, in order.
                drop(chunks);
                thread.join().expect("the file-hash thread does not panic")
            }
            FileHasher::InPlace(hasher) => hasher.finalize().into(),
        }
    }
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let chunk = &buf[..n];
        self.hasher.update(chunk);
        let mut rest = chunk;
        while let Some(at) = memchr_newline(rest) {
            if self.line_length + at > MAX_LINE {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    LineTooLong { line: self.line },
                ));
            }
            self.line += 1;
            self.line_length = 0;
            rest = &rest[at + 1..];
        }
        self.line_length += rest.len();
        if self.line_length > MAX_LINE {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                LineTooLong { line: self.line },
            ));
        }
        Ok(n)
    }
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|b| *b == b'\n')
}

fn io_error(file: &Path, error: io::Error) -> InputError {
    if let Some(long) = error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<LineTooLong>())
    {
        return InputError {
            file: file.to_path_buf(),
            position: Some((long.line as usize, 1)),
            field: None,
            message: long.to_string(),
        };
    }
    InputError::new(file, format!("cannot read the transfer file: {error}"))
}

/// `YYYY-MM-DD`, exactly.
pub fn parse_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        bytes[range].iter().try_fold(0u32, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    let year = number(0..4)?;
    let month = Month::try_from(u8::try_from(number(5..7)?).ok()?).ok()?;
    let day = u8::try_from(number(8..10)?).ok()?;
    Date::from_calendar_date(year as i32, month, day).ok()
}

fn parse_flag(text: &str) -> Option<bool> {
    let text = text.trim();
    ["true", "yes", "1"]
        .iter()
        .any(|t| text.eq_ignore_ascii_case(t))
        .then_some(true)
        .or_else(|| {
            ["false", "no", "0"]
                .iter()
                .any(|t| text.eq_ignore_ascii_case(t))
                .then_some(false)
        })
}

fn basis_tokens() -> String {
    CbdfBasis::ALL
        .iter()
        .map(|b| format!("`{b}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn optional(text: &str) -> Option<&str> {
    let text = text.trim();
    (!text.is_empty()).then_some(text)
}

/// The checks shared by both formats, on the text of each field.
fn check_row<'a>(
    file: &Path,
    line: u64,
    place: Place<'a>,
    values: [Option<&'a str>; 7],
    sensitive_flag: Option<bool>,
) -> Result<TransferRow<'a>, InputError> {
    let mut row = TransferRow {
        line,
        date: Date::MIN,
        person: "",
        export: "",
        sensitive: false,
        basis: None,
        recipient: values[Field::Recipient as usize].and_then(optional),
        route_used: values[Field::RouteUsed as usize].and_then(optional),
        place,
    };
    let value = |field: Field| values[field as usize].unwrap_or("");
    let date = value(Field::Date).trim();
    row.date = parse_date(date)
        .ok_or_else(|| row.error(file, Field::Date, crate::common::dates::not_a_date(date)))?;
    row.person = crate::core::ledger::key::normalise_person(value(Field::Person))
        .ok_or_else(|| row.error(file, Field::Person, "the person is empty"))?;
    if let Some(control) = row.person.chars().find(|c| c.is_control()) {
        // A NUL or other control character is a damaged or mis-exported file, never part of
        // an identifier: taken as is, it would make one person two.
        return Err(row.error(
            file,
            Field::Person,
            format!(
                "the person contains the control character U+{:04X}; an identifier is printable \
                 text: correct the export that wrote this file",
                u32::from(control)
            ),
        ));
    }
    row.export = value(Field::Export).trim();
    if row.export.is_empty() {
        return Err(row.error(file, Field::Export, "the export id is empty"));
    }
    row.sensitive = match sensitive_flag {
        Some(flag) => flag,
        None => {
            let text = value(Field::Sensitive);
            parse_flag(text).ok_or_else(|| {
                row.error(
                    file,
                    Field::Sensitive,
                    format!("`{}` is not true or false", text.trim()),
                )
            })?
        }
    };
    if let Some(token) = values[Field::Basis as usize].and_then(optional) {
        row.basis = Some(CbdfBasis::from_token(token).ok_or_else(|| {
            row.error(
                file,
                Field::Basis,
                format!(
                    "unknown basis `{token}`; leave it empty or use one of {}",
                    basis_tokens()
                ),
            )
        })?);
    }
    Ok(row)
}

fn read_csv(
    file: &Path,
    reader: &mut impl Read,
    on_row: &mut dyn FnMut(&TransferRow) -> Result<(), InputError>,
) -> Result<u64, InputError> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(256 * 1024)
        .from_reader(reader);
    let csv_error = |error: csv::Error| -> InputError {
        let line = error.position().map(|p| p.line() as usize);
        match error.into_kind() {
            csv::ErrorKind::Io(io) => io_error(file, io),
            other => InputError {
                file: file.to_path_buf(),
                position: line.map(|line| (line, 1)),
                field: None,
                message: format!("not readable as CSV: {other:?}"),
            },
        }
    };
    let mut record = csv::ByteRecord::new();
    if !csv.read_byte_record(&mut record).map_err(csv_error)? {
        return Err(InputError::new(
            file,
            "the file is empty: expected a header line naming the columns (date, person, export, \
             sensitive, and optionally basis, recipient, route_used)",
        ));
    }
    let header_line = record.position().map_or(1, |p| p.line()) as usize;
    let mut column_of: [Option<usize>; 7] = [None; 7];
    for (index, raw) in record.iter().enumerate() {
        let name = std::str::from_utf8(raw).map_err(|_| {
            InputError::new(file, "the header line is not UTF-8 text").at_line(header_line)
        })?;
        let name = name.trim().trim_start_matches('\u{feff}').trim();
        let field = Field::from_name(name).ok_or_else(|| {
            InputError::new(
                file,
                format!(
                    "unknown column `{name}`; the columns are {}",
                    Field::ALL.map(Field::name).join(", ")
                ),
            )
            .at_line(header_line)
        })?;
        if column_of[field as usize].replace(index).is_some() {
            return Err(
                InputError::new(file, format!("column `{name}` appears twice"))
                    .at_line(header_line),
            );
        }
    }
    if let Some(missing) = Field::ALL
        .into_iter()
        .find(|f| f.required() && column_of[*f as usize].is_none())
    {
        return Err(InputError::new(
            file,
            format!("the header line has no `{}` column", missing.name()),
        )
        .at_line(header_line));
    }
    let mut rows = 0;
    while csv.read_byte_record(&mut record).map_err(csv_error)? {
        let line = record.position().map_or(0, |p| p.line());
        if record.len() == 1 && record[0].iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if record.len() != column_of.iter().flatten().count() {
            return Err(InputError {
                file: file.to_path_buf(),
                position: Some((line as usize, 1)),
                field: None,
                message: format!(
                    "{} fields where the header names {}",
                    record.len(),
                    column_of.iter().flatten().count()
                ),
            });
        }
        let mut values: [Option<&str>; 7] = [None; 7];
        let mut at = [(0u32, 0u32); 7];
        let fields = record.as_slice();
        for field in Field::ALL {
            let Some(index) = column_of[field as usize] else {
                continue;
            };
            let start = record.range(index).map_or(0, |r| r.start);
            at[field as usize] = (start as u32, index as u32);
            values[field as usize] = match std::str::from_utf8(&record[index]) {
                Ok(text) => Some(text),
                Err(error) => {
                    // The byte in the file: where the record starts, the fields before this one
                    // with a delimiter each (a record keeps its fields without them), the bad
                    // byte within the field.
                    let record_at = record.position().map_or(0, |p| p.byte()) as usize;
                    let byte = record_at + start + index + error.valid_up_to();
                    return Err(InputError {
                        file: file.to_path_buf(),
                        position: Some((line as usize, Place::Csv { fields, at }.column(field))),
                        field: Some(field.name().to_string()),
                        message: not_utf8_message(&record[index], byte),
                    });
                }
            };
        }
        let place = Place::Csv { fields, at };
        let row = check_row(file, line, place, values, None)?;
        on_row(&row)?;
        rows += 1;
    }
    Ok(rows)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonTransfer<'a> {
    #[serde(borrow)]
    date: Cow<'a, str>,
    #[serde(borrow)]
    person: Cow<'a, str>,
    #[serde(borrow)]
    export: Cow<'a, str>,
    sensitive: bool,
    #[serde(default, borrow)]
    basis: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    recipient: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    route_used: Option<Cow<'a, str>>,
}

/// A JSON line that is not a transfer object: one position (this file's line, and the column
/// in characters of the field concerned, or else of where the parser stopped), and the parser's
/// words without the position it gives within the line on its own.
fn json_error(
    file: &Path,
    line: u64,
    text: &str,
    error: serde_path_to_error::Error<serde_json::Error>,
) -> InputError {
    let path = error.path().to_string();
    let inner = error.into_inner();
    let words = inner.to_string();
    let words = match words.rfind(" at line ") {
        Some(at) => words[..at].to_string(),
        None => words,
    };
    // serde_json counts the column in bytes, from 1; a message counts characters.
    let parser_column = {
        let bytes = inner.column().min(text.len());
        let mut end = bytes;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text[..end].chars().count().max(1)
    };
    let known = Field::from_name(&path);
    let unknown = words
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next());
    let key = known.map(Field::name).or(unknown);
    let column = key
        .and_then(|key| text.find(&format!("\"{key}\"")))
        .map_or(parser_column, |at| text[..at].chars().count() + 1);
    InputError {
        file: file.to_path_buf(),
        position: Some((line as usize, column)),
        field: known.map(|f| f.name().to_string()),
        message: format!("not a transfer object: {words}"),
    }
}

fn read_json_lines(
    file: &Path,
    reader: &mut impl BufRead,
    on_row: &mut dyn FnMut(&TransferRow) -> Result<(), InputError>,
) -> Result<u64, InputError> {
    let mut buffer = Vec::new();
    let mut line = 0u64;
    let mut rows = 0;
    // Bytes of the file before this line.
    let mut consumed = 0usize;
    loop {
        buffer.clear();
        let read = reader
            .read_until(b'\n', &mut buffer)
            .map_err(|e| io_error(file, e))?;
        if read == 0 {
            return Ok(rows);
        }
        line += 1;
        let content = match buffer.strip_prefix(BOM) {
            Some(rest) if line == 1 => rest,
            _ => &buffer[..],
        };
        let line_start = consumed + (buffer.len() - content.len());
        consumed += read;
        let text = std::str::from_utf8(content).map_err(|e| InputError {
            file: file.to_path_buf(),
            position: Some((
                line as usize,
                String::from_utf8_lossy(&content[..e.valid_up_to()])
                    .chars()
                    .count()
                    + 1,
            )),
            field: None,
            message: not_utf8_message(content, line_start + e.valid_up_to()),
        })?;
        if text.trim().is_empty() {
            continue;
        }
        let parsed: JsonTransfer =
            serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(text))
                .map_err(|e| json_error(file, line, text, e))?;
        let values: [Option<&str>; 7] = [
            Some(&parsed.date),
            Some(&parsed.person),
            Some(&parsed.export),
            None,
            parsed.basis.as_deref(),
            parsed.recipient.as_deref(),
            parsed.route_used.as_deref(),
        ];
        let row = check_row(
            file,
            line,
            Place::Json { line: text },
            values,
            Some(parsed.sensitive),
        )?;
        on_row(&row)?;
        rows += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, text: &[u8]) -> Result<Vec<String>, InputError> {
        let mut seen = Vec::new();
        read_transfers(Path::new(name), text, &mut |row| {
            seen.push(format!(
                "{} {} {} {} {:?} {:?} {:?}",
                row.line,
                crate::common::dates::format_date(row.date),
                row.person,
                row.export,
                row.sensitive,
                row.basis,
                row.recipient
            ));
            Ok(())
        })?;
        Ok(seen)
    }

    #[test]
    fn csv_with_columns_in_any_order_and_optional_ones() {
        let rows = read(
            "t.csv",
            b"export,person,date,sensitive,basis,recipient\n\
              trial, P-1 ,2025-03-14,true,,Parent Inc.\n\
              hr,P-2,2025-03-15,no,cbdf-art-5-1-2,\n",
        )
        .unwrap();
        assert_eq!(
            rows,
            [
                "2 2025-03-14 P-1 trial true None Some(\"Parent Inc.\")",
                "3 2025-03-15 P-2 hr false Some(Art5_1_2) None"
            ]
        );
    }

    #[test]
    fn json_lines_by_name_or_by_content() {
        let text = b"{\"date\":\"2025-01-02\",\"person\":\"A\",\"export\":\"e\",\"sensitive\":false}\n\n\
            {\"date\":\"2025-01-03\",\"person\":\"B\",\"export\":\"e\",\"sensitive\":true,\"basis\":\"cbdf-art-4\"}\n";
        for name in ["t.jsonl", "t.txt"] {
            let rows = read(name, text).unwrap();
            assert_eq!(rows.len(), 2, "{name}");
            assert!(
                rows[1].starts_with("3 2025-01-03 B e true Some(Art4)"),
                "{rows:?}"
            );
        }
    }

    fn refused(name: &str, text: &[u8]) -> InputError {
        read(name, text).unwrap_err()
    }

    #[test]
    fn bad_fields_name_line_column_and_field() {
        let head = "date,person,export,sensitive,basis\n";
        let cases = [
            ("2025-02-30,P,e,true,\n", "date", 1, "not a date"),
            ("2025-02-01,  ,e,true,\n", "person", 12, "empty"),
            ("2025-02-01,P,,true,\n", "export", 14, "empty"),
            (
                "2025-02-01,P,e,maybe,\n",
                "sensitive",
                16,
                "not true or false",
            ),
            ("2025-02-01,P,e,true,art-4\n", "basis", 21, "cbdf-art-4"),
        ];
        for (line, field, column, says) in cases {
            let error = refused("t.csv", format!("{head}{line}").as_bytes());
            assert_eq!(error.field.as_deref(), Some(field), "{error}");
            assert_eq!(error.position, Some((2, column)), "{error}");
            assert!(error.message.contains(says), "{error}");
            assert!(error.to_string().starts_with("t.csv:2:"), "{error}");
        }
        let error = refused(
            "t.jsonl",
            b"{\"date\":\"2025-01-02\",\"person\":\"A\",\"export\":\"e\",\"sensitive\":false}\n\
              {\"date\":\"2025-13-02\",\"person\":\"A\",\"export\":\"e\",\"sensitive\":false}\n",
        );
        assert_eq!(error.position, Some((2, 2)), "{error}");
        assert_eq!(error.field.as_deref(), Some("date"));
        let error = refused("t.jsonl", b"{\"date\":\"2025-01-02\",\"person\":7}\n");
        assert!(error.message.contains("not a transfer object"), "{error}");
    }

    #[test]
    fn a_json_line_that_is_not_a_transfer_has_one_position_in_characters() {
        let good =
            "{\"date\":\"2025-01-02\",\"person\":\"A\",\"export\":\"e\",\"sensitive\":false}\n";
        // A value of the wrong type: the field's key, named.
        let error = refused(
            "j.jsonl",
            format!("{good}{{\"date\":\"2025-01-02\",\"person\":\"数据\",\"export\":\"e\",\"sensitive\":\"no\"}}\n")
                .as_bytes(),
        );
        assert_eq!(
            error.to_string(),
            "j.jsonl:2:49: field `sensitive`: not a transfer object: invalid type: string \"no\", \
             expected a boolean"
        );
        // An unknown key: that key.
        let error = refused(
            "j.jsonl",
            format!("{good}{{\"date\":\"2025-01-02\",\"person\":\"数据\",\"x\":1}}\n").as_bytes(),
        );
        assert_eq!(error.position, Some((2, 36)), "{error}");
        assert!(error.message.ends_with("unknown field `x`, expected one of `date`, `person`, `export`, `sensitive`, `basis`, `recipient`, `route_used`"), "{error}");
        // Broken syntax: where the parser stopped, counted in characters.
        let error = refused(
            "j.jsonl",
            format!("{good}{{\"person\":\"数据\" \"export\":\"e\"}}\n").as_bytes(),
        );
        assert_eq!(error.position, Some((2, 16)), "{error}");
        assert!(!error.to_string().contains(" at line "), "{error}");
        assert!(!error.to_string().contains(" column "), "{error}");
    }

    #[test]
    fn headers_are_checked() {
        let error = refused("t.csv", b"date,person,export,sensitve\n");
        assert!(
            error.message.contains("unknown column `sensitve`"),
            "{error}"
        );
        let error = refused("t.csv", b"date,person,export\n");
        assert!(error.message.contains("no `sensitive` column"), "{error}");
        let error = refused("t.csv", b"date,person,person,export,sensitive\n");
        assert!(error.message.contains("twice"), "{error}");
        let error = refused("t.csv", b"");
        assert!(error.message.contains("empty"), "{error}");
        assert_eq!(
            read("t.csv", "\u{feff}date,person,export,sensitive\n".as_bytes()).unwrap(),
            Vec::<String>::new()
        );
    }

    #[test]
    fn not_utf8_and_wrong_field_counts_are_refused() {
        let error = refused(
            "t.csv",
            b"date,person,export,sensitive\n2025-01-01,P\xff,e,true\n",
        );
        assert_eq!(error.field.as_deref(), Some("person"));
        assert_eq!(error.position, Some((2, 12)));
        assert!(error.message.contains("UTF-8"));
        let error = refused("t.jsonl", b"{\"date\":\"2025-01-01\xff\"}\n");
        assert!(error.message.contains("UTF-8"), "{error}");
        let error = refused("t.csv", b"date,person,export,sensitive\n2025-01-01,P,e\n");
        assert!(error.message.contains("3 fields"), "{error}");
    }

    #[test]
    fn an_over_long_line_is_refused_without_reading_it_all() {
        struct Endless(u64);
        impl Read for Endless {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                self.0 += buf.len() as u64;
                assert!(self.0 < 10 * MAX_LINE as u64, "kept reading");
                buf.fill(b'x');
                Ok(buf.len())
            }
        }
        let csv = b"date,person,export,sensitive\n2025-01-01,".as_slice();
        let json = b"{\"date\":\"2025-01-01\",\"person\":\"a\",\"export\":\"e\",\"sensitive\":true}\n{\"person\":\"".as_slice();
        for (name, start) in [("t.csv", csv), ("t.jsonl", json)] {
            let error = read_transfers(Path::new(name), start.chain(Endless(0)), &mut |_| Ok(()))
                .unwrap_err();
            assert!(error.message.contains("longer than 64 KiB"), "{error}");
            assert_eq!(error.position.map(|p| p.0), Some(2), "{error}");
        }
    }

    #[test]
    fn the_hash_covers_the_whole_file() {
        let text = b"date,person,export,sensitive\n2025-01-01,P,e,true\n";
        let read = read_transfers(Path::new("t.csv"), &text[..], &mut |_| Ok(())).unwrap();
        assert_eq!(read.rows, 1);
        assert_eq!(read.sha256, <[u8; 32]>::from(Sha256::digest(text)));
    }
}
