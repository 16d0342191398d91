//! The duties' due dates as an iCalendar file (RFC 5545) that calendar programs import: one
//! all-day event per dated duty still to do, with a UID that stays the same from one export to
//! the next so a re-import updates events instead of duplicating them.

use super::MemoInput;
use crate::common::dates::format_date;
use crate::core::obligations::DutyStatus;
use time::{Date, Duration, OffsetDateTime};

/// The calendar: one VEVENT per zone, export and duty with a due date that is not done.
pub fn ics(input: &MemoInput) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        format!("PRODID:-//ftzroute//ftzroute {}//EN", input.version),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", text(&super::title(input))),
    ];
    // What the profile declares, and every warning about it, describe the calendar as a whole.
    let about: Vec<String> = (input.profile.notes.iter().map(|n| format!("Note: {n}")))
        .chain(
            input
                .profile
                .warnings
                .iter()
                .map(|w| format!("Warning: {w}")),
        )
        .collect();
    if !about.is_empty() {
        lines.push(format!("X-WR-CALDESC:{}", text(&about.join("\n"))));
    }
    let stamp = utc_stamp(input.generated);
    for zone in input.zones {
        for export in &zone.exports {
            for duty in export.obligations.iter().filter(|d| d.is_dated_and_open()) {
                let due = duty.due.expect("dated");
                let uid = format!(
                    "{:016x}-{}@ftzroute",
                    fnv1a(&[
                        &input.profile.handler.name,
                        &zone.zone,
                        &export.id,
                        &duty.pack,
                        &duty.duty.id,
                    ]),
                    duty.duty.id
                );
                let mut description = format!(
                    "{}\n{}\nStatus on {}: {}. Counted: {}.",
                    duty.duty.duty_en,
                    duty.duty.duty_zh,
                    format_date(input.profile.as_of),
                    duty.status,
                    duty.timing
                );
                if let Some(opens) = duty.opens {
                    description.push_str(&format!(" Not before {}.", format_date(opens)));
                }
                description.push_str(&format!(
                    "\nBasis: {} / {} (confidence {}). Pack: {}. Export {} in zone {}.",
                    duty.duty.basis.zh,
                    duty.duty.basis.en,
                    duty.duty.confidence.id(),
                    duty.pack,
                    export.id,
                    zone.zone
                ));
                for note in &duty.notes {
                    description.push_str(&format!("\n{note}"));
                }
                for note in &input.profile.notes {
                    description.push_str(&format!("\nProfile note: {note}"));
                }
                let overdue = if duty.status == DutyStatus::Overdue {
                    "OVERDUE: "
                } else {
                    ""
                };
                lines.extend([
                    "BEGIN:VEVENT".to_string(),
                    format!("UID:{uid}"),
                    format!("DTSTAMP:{stamp}"),
                    format!("DTSTART;VALUE=DATE:{}", ics_date(due)),
                    format!(
                        "DTEND;VALUE=DATE:{}",
                        ics_date(due.next_day().unwrap_or(due))
                    ),
                    format!(
                        "SUMMARY:{}",
                        text(&format!(
                            "{overdue}{} — {} ({})",
                            duty.duty.id, export.id, zone.zone
                        ))
                    ),
                    format!("DESCRIPTION:{}", text(&description)),
                    "TRANSP:TRANSPARENT".into(),
                    "END:VEVENT".into(),
                ]);
            }
        }
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for line in lines {
        out.push_str(&fold(&line));
    }
    out
}

fn ics_date(date: Date) -> String {
    format_date(date).replace('-', "")
}

fn utc_stamp(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    let at = at - Duration::nanoseconds(i64::from(at.nanosecond()));
    format!(
        "{}T{:02}{:02}{:02}Z",
        ics_date(at.date()),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// A TEXT value: backslash, semicolon, comma and line breaks escaped (RFC 5545 §3.3.11).
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded so no physical line exceeds 75 octets (continuations start with a
/// space) and never inside a UTF-8 character; ends with CRLF (RFC 5545 §3.1).
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        let size = c.len_utf8();
        // The first physical line holds 75 octets; continuations 74 after their leading space.
        if width + size > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += size;
    }
    out.push_str("\r\n");
    out
}

/// FNV-1a over the parts, separated so ("ab", "c") and ("a", "bc") differ: a stable id, not a
/// security measure.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let line = format!("DESCRIPTION:{}", "数据出境".repeat(30));
        let folded = fold(&line);
        for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn text_values_escape_their_specials() {
        assert_eq!(text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
    }

    #[test]
    fn uids_are_stable_and_distinguish_their_parts() {
        assert_eq!(fnv1a(&["a", "b"]), fnv1a(&["a", "b"]));
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
    }
}
