//! The working-day calendar: which days are working days, from the State Council's holiday
//! notices that packs carry as data. A year no notice covers is counted on weekdays, and every
//! count that looked at such a year says so.

use crate::common::dates::parse_date;
use ftzroute_plugin_api::CalendarYear;
use std::collections::{BTreeMap, BTreeSet};
use time::{Date, Weekday};

/// The published years of the calendar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    years: BTreeMap<i32, PublishedYear>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct PublishedYear {
    /// Holidays (every day of each holiday period).
    off: BTreeSet<Date>,
    /// Weekend days made working days.
    on: BTreeSet<Date>,
    source: String,
}

impl WorkCalendar {
    /// A calendar of these years, checked: dates valid and inside their year, each holiday
    /// period in order, working days on weekends and outside the holidays, no year twice.
    pub fn from_years(years: &[CalendarYear]) -> Result<WorkCalendar, String> {
        let mut calendar = WorkCalendar::default();
        for year in years {
            if calendar.years.contains_key(&year.year) {
                return Err(format!("calendar year {} is given twice", year.year));
            }
            calendar.years.insert(year.year, published_year(year)?);
        }
        Ok(calendar)
    }

    /// Adds the years of `years` this calendar does not have yet (the first pack to publish a
    /// year wins); entries that do not check are skipped, since the host has refused any pack
    /// carrying one.
    pub fn add_missing(&mut self, years: &[CalendarYear]) {
        for year in years {
            if let std::collections::btree_map::Entry::Vacant(slot) = self.years.entry(year.year) {
                if let Ok(published) = published_year(year) {
                    slot.insert(published);
                }
            }
        }
    }

    /// True when a notice covers `year`.
    pub fn is_published(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// The notice of a published year.
    pub fn source(&self, year: i32) -> Option<&str> {
        self.years.get(&year).map(|y| y.source.as_str())
    }

    /// The published years, ascending.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.keys().copied()
    }

    /// A working day: a weekend day made a working day, or a weekday that is no holiday. In a
    /// year without a notice, any weekday.
    pub fn is_working_day(&self, date: Date) -> bool {
        if let Some(year) = self.years.get(&date.year()) {
            if year.on.contains(&date) {
                return true;
            }
            if year.off.contains(&date) {
                return false;
            }
        }
        !is_weekend(date)
    }
}

pub fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

fn published_year(year: &CalendarYear) -> Result<PublishedYear, String> {
    let day = |text: &str, what: &str| -> Result<Date, String> {
        let date = parse_date(text).ok_or_else(|| {
            format!(
                "calendar {}: {what} `{text}` is not a YYYY-MM-DD date",
                year.year
            )
        })?;
        if date.year() != year.year {
            return Err(format!(
                "calendar {}: {what} {text} is not in {}",
                year.year, year.year
            ));
        }
        Ok(date)
    };
    if year.source.trim().is_empty() {
        return Err(format!(
            "calendar {}: `source` must name the notice",
            year.year
        ));
    }
    let mut off = BTreeSet::new();
    for holiday in &year.holidays {
        let what = format!("holiday `{}`", holiday.name);
        let from = day(&holiday.from, &what)?;
        let to = day(&holiday.to, &what)?;
        if to < from {
            return Err(format!(
                "calendar {}: {what} ends ({to}) before it starts ({from})",
                year.year
            ));
        }
        let mut date = from;
        while date <= to {
            off.insert(date);
            date = date.next_day().expect("inside the year");
        }
    }
    let mut on = BTreeSet::new();
    for text in &year.working_days {
        let date = day(text, "working day")?;
        if !is_weekend(date) {
            return Err(format!(
                "calendar {}: working day {text} is a {}, not a weekend day made a working day",
                year.year,
                date.weekday()
            ));
        }
        if off.contains(&date) {
            return Err(format!(
                "calendar {}: {text} is both a holiday and a working day",
                year.year
            ));
        }
        on.insert(date);
    }
    Ok(PublishedYear {
        off,
        on,
        source: year.source.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ftzroute_plugin_api::Holiday;
    use time::macros::date;

    pub fn spring_2025() -> CalendarYear {
        CalendarYear {
            year: 2025,
            holidays: vec![Holiday {
                name: "春节".into(),
                from: "2025-01-28".into(),
                to: "2025-02-04".into(),
            }],
            working_days: vec!["2025-01-26".into(), "2025-02-08".into()],
            source: "notice".into(),
        }
    }

    #[test]
    fn holidays_are_off_and_adjusted_weekend_days_are_on() {
        let calendar = WorkCalendar::from_years(&[spring_2025()]).unwrap();
        assert!(
            calendar.is_working_day(date!(2025 - 01 - 26)),
            "a Sunday made a working day"
        );
        assert!(!calendar.is_working_day(date!(2025 - 01 - 28)));
        assert!(
            !calendar.is_working_day(date!(2025 - 02 - 03)),
            "a Monday inside the holiday"
        );
        assert!(calendar.is_working_day(date!(2025 - 02 - 05)));
        assert!(
            !calendar.is_working_day(date!(2025 - 02 - 09)),
            "an ordinary Sunday"
        );
        // 2027 has no notice: weekdays only.
        assert!(calendar.is_working_day(date!(2027 - 02 - 08)));
        assert!(!calendar.is_published(2027));
    }

    #[test]
    fn bad_calendars_are_refused_with_the_reason() {
        let mut year = spring_2025();
        year.working_days.push("2025-02-05".into());
        let error = WorkCalendar::from_years(&[year]).unwrap_err();
        assert!(error.contains("not a weekend day"), "{error}");
        let mut year = spring_2025();
        year.holidays[0].to = "2026-02-04".into();
        assert!(WorkCalendar::from_years(&[year])
            .unwrap_err()
            .contains("is not in 2025"));
        let error = WorkCalendar::from_years(&[spring_2025(), spring_2025()]).unwrap_err();
        assert!(error.contains("twice"), "{error}");
        let mut year = spring_2025();
        year.working_days.push("2025-02-01".into());
        assert!(WorkCalendar::from_years(&[year])
            .unwrap_err()
            .contains("both a holiday and a working day"));
    }
}
