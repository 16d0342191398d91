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
