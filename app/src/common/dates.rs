//! Calendar dates as the contract writes them: `YYYY-MM-DD`.

use time::Date;

/// `YYYY-MM-DD`.
pub fn format_date(date: Date) -> String {
    date.format(time::macros::format_description!("[year]-[month]-[day]"))
        .expect("a calendar date always formats")
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<Date> {
    Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
}

/// Why `text`, shaped as `YYYY-MM-DD`, is not a calendar date, in words ("November 2026 has no
/// day 31", "there is no month 13"); `None` when it is a date or is not shaped as one.
pub fn impossible_date(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    if bytes.len() != 10
        || bytes[4] != b'-'
        || bytes[7] != b'-'
        || !bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit())
    {
        return None;
    }
    let year: i32 = text[..4].parse().ok()?;
    let month: u8 = text[5..7].parse().ok()?;
    let day: u8 = text[8..].parse().ok()?;
    let Ok(month) = time::Month::try_from(month) else {
        return Some(format!("there is no month {month}"));
    };
    if day == 0 {
        return Some("there is no day 0".into());
    }
    let last = month.length(year);
    (day > last).then(|| format!("{month} {year} has no day {day}"))
}

/// The message for `text` that is not a `YYYY-MM-DD` date: the day that does not exist, or the
/// form expected.
pub fn not_a_date(text: &str) -> String {
    match impossible_date(text) {
        Some(reason) => format!("`{text}` is not a date: {reason}"),
        None => format!("`{text}` is not a date: expected YYYY-MM-DD, such as 2025-03-14"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_impossible_date_says_which_day_does_not_exist() {
        assert_eq!(
            not_a_date("2026-11-31"),
            "`2026-11-31` is not a date: November 2026 has no day 31"
        );
        assert_eq!(
            not_a_date("2025-02-29"),
            "`2025-02-29` is not a date: February 2025 has no day 29"
        );
        assert_eq!(impossible_date("2024-02-29"), None, "a leap day");
        assert_eq!(
            not_a_date("2025-13-02"),
            "`2025-13-02` is not a date: there is no month 13"
        );
        assert_eq!(
            not_a_date("2025-1-2"),
            "`2025-1-2` is not a date: expected YYYY-MM-DD, such as 2025-03-14"
        );
    }
}
