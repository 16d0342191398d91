//! Counting periods as the Civil Code says (Arts 200–204):
//!
//! - Art. 201: for a period in years, months or days, the day it starts is not counted; it runs
//!   from the next day.
//! - Art. 202: a period in years or months ends on the corresponding day of its last month, or
//!   on the last day of that month when it has no corresponding day.
//! - Art. 203: when the last day of a period is a statutory rest day, the period ends on the day
//!   after the rest ends. Rest days are holidays and weekend days not made working days, so the
//!   last day moves to the next working day of the calendar.
//! - Art. 204: these rules apply unless a law says otherwise.
//!
//! A period counted back from a date ("60 working days before expiry") mirrors the same rules
//! and is not moved by Art. 203, which speaks of periods that end; nor is a validity ("valid 3
//! years"), whose last day is read as it falls (the cautious reading for an exporter).

use super::calendar::WorkCalendar;
use ftzroute_plugin_api::{PeriodDirection, PeriodUnit};
use std::collections::BTreeSet;
use time::{Date, Duration, Month};

/// A counted date and the years the count relied on without a published calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub date: Date,
    /// Years whose days the count looked at and that no notice covers (weekdays were used).
    pub unpublished: BTreeSet<i32>,
    /// True when Art. 203 moved the last day off a rest day.
    pub moved_off_rest_day: bool,
}

/// Why no date could be counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoDate {
    /// A period in hours: it runs from a moment, not a day.
    Hours,
    /// Beyond the dates the calendar can represent.
    OutOfRange,
}

/// How a period is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodRule {
    pub amount: u32,
    pub unit: PeriodUnit,
    pub direction: PeriodDirection,
    /// A validity: the last day is never moved.
    pub validity: bool,
}

/// The last day of the period that runs `rule` from `start`.
pub fn count(start: Date, rule: PeriodRule, calendar: &WorkCalendar) -> Result<Counted, NoDate> {
    let mut looked = Looked::new(calendar);
    let forward = rule.direction == PeriodDirection::After;
    let amount = i64::from(rule.amount);
    let signed = if forward { amount } else { -amount };
    let date = match rule.unit {
        PeriodUnit::Hours => return Err(NoDate::Hours),
        PeriodUnit::CalendarDays => start
            .checked_add(Duration::days(signed))
            .ok_or(NoDate::OutOfRange)?,
        PeriodUnit::Months => add_months(start, signed).ok_or(NoDate::OutOfRange)?,
        PeriodUnit::Years => add_months(start, signed * 12).ok_or(NoDate::OutOfRange)?,
        PeriodUnit::WorkingDays => {
            let mut date = start;
            let mut counted = 0;
            while counted < rule.amount {
                date = if forward {
                    date.next_day()
                } else {
                    date.previous_day()
                }
                .ok_or(NoDate::OutOfRange)?;
                if looked.is_working_day(date) {
                    counted += 1;
                }
            }
            date
        }
    };
    let mut last = date;
    let mut moved = false;
    let moves =
        forward && !rule.validity && rule.amount > 0 && rule.unit != PeriodUnit::WorkingDays;
    if moves {
        while !looked.is_working_day(last) {
            last = last.next_day().ok_or(NoDate::OutOfRange)?;
            moved = true;
        }
    }
    Ok(Counted {
        date: last,
        unpublished: looked.unpublished,
        moved_off_rest_day: moved,
    })
}

/// The calendar, remembering the years it was asked about that no notice covers.
struct Looked<'a> {
    calendar: &'a WorkCalendar,
    unpublished: BTreeSet<i32>,
}

impl<'a> Looked<'a> {
    fn new(calendar: &'a WorkCalendar) -> Self {
        Looked {
            calendar,
            unpublished: BTreeSet::new(),
        }
    }

    fn is_working_day(&mut self, date: Date) -> bool {
        if !self.calendar.is_published(date.year()) {
            self.unpublished.insert(date.year());
        }
        self.calendar.is_working_day(date)
    }
}

/// `date` moved by `months` (negative: back), on the corresponding day or the month's last day
/// when it has none (Art. 202).
pub fn add_months(date: Date, months: i64) -> Option<Date> {
    let index = i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1 + months;
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = Month::try_from(u8::try_from(index.rem_euclid(12) + 1).ok()?).ok()?;
    let day = date.day().min(time::util::days_in_month(month, year));
    Date::from_calendar_date(year, month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ftzroute_plugin_api::{CalendarYear, Holiday};
    use time::macros::date;

    /// The State Council's 2024 and 2025 notices (the parts these tests cross).
    fn calendar() -> WorkCalendar {
        let holiday = |name: &str, from: &str, to: &str| Holiday {
            name: name.into(),
            from: from.into(),
            to: to.into(),
        };
        WorkCalendar::from_years(&[
            CalendarYear {
                year: 2024,
                holidays: vec![
                    holiday("春节", "2024-02-10", "2024-02-17"),
                    holiday("劳动节", "2024-05-01", "2024-05-05"),
                ],
                working_days: vec!["2024-02-04".into(), "2024-02-18".into()],
                source: "国办发明电〔2023〕7号".into(),
            },
            CalendarYear {
                year: 2025,
                holidays: vec![
                    holiday("春节", "2025-01-28", "2025-02-04"),
                    holiday("端午节", "2025-05-31", "2025-06-02"),
                ],
                working_days: vec!["2025-01-26".into(), "2025-02-08".into()],
                source: "国办发明电〔2024〕12号".into(),
            },
        ])
        .unwrap()
    }

    fn after(amount: u32, unit: PeriodUnit) -> PeriodRule {
        PeriodRule {
            amount,
            unit,
            direction: PeriodDirection::After,
            validity: false,
        }
    }

    fn before(amount: u32, unit: PeriodUnit) -> PeriodRule {
        PeriodRule {
            direction: PeriodDirection::Before,
            ..after(amount, unit)
        }
    }

    fn on(start: Date, rule: PeriodRule) -> Date {
        count(start, rule, &calendar()).unwrap().date
    }

    #[test]
    fn working_days_across_the_2025_spring_festival_count_its_adjusted_weekend_days() {
        // Monday 20 January + 10 working days: 21–24 Jan (4), Sunday 26 Jan made a working day
        // (5), 27 Jan (6), the holiday 28 Jan–4 Feb skipped, 5–7 Feb (9), Saturday 8 Feb made a
        // working day (10).
        let counted = count(
            date!(2025 - 01 - 20),
            after(10, PeriodUnit::WorkingDays),
            &calendar(),
        )
        .unwrap();
        assert_eq!(counted.date, date!(2025 - 02 - 08));
        assert!(counted.unpublished.is_empty());
        // Weekdays alone would have given 10 February.
        let weekdays_only = count(
            date!(2025 - 01 - 20),
            after(10, PeriodUnit::WorkingDays),
            &WorkCalendar::default(),
        )
        .unwrap();
        assert_eq!(weekdays_only.date, date!(2025 - 02 - 03));
        assert_eq!(weekdays_only.unpublished, BTreeSet::from([2025]));
    }

    #[test]
    fn working_days_across_the_2024_spring_festival() {
        // Thursday 1 February 2024: 2 Feb (1), Sunday 4 Feb worked (2), 5–9 Feb (7), the
        // holiday 10–17 Feb, Sunday 18 Feb worked (8), 19–20 Feb (10).
        assert_eq!(
            on(date!(2024 - 02 - 01), after(10, PeriodUnit::WorkingDays)),
            date!(2024 - 02 - 20)
        );
        // Starting on a holiday: the first day is not counted, the next working day is the 1st.
        assert_eq!(
            on(date!(2024 - 02 - 12), after(1, PeriodUnit::WorkingDays)),
            date!(2024 - 02 - 18)
        );
    }

    #[test]
    fn working_days_counted_back_skip_the_holiday_too() {
        // 5 working days back from Monday 10 February 2025: Saturday 8 Feb worked (1), 7–5 Feb
        // (4), the holiday 28 Jan–4 Feb skipped, 27 Jan (5).
        let opens = on(date!(2025 - 02 - 10), before(5, PeriodUnit::WorkingDays));
        assert_eq!(opens, date!(2025 - 01 - 27));
        // One more reaches Sunday 26 January, made a working day.
        let opens = on(date!(2025 - 02 - 10), before(6, PeriodUnit::WorkingDays));
        assert_eq!(opens, date!(2025 - 01 - 26));
    }

    #[test]
    fn a_year_without_a_calendar_is_counted_on_weekdays_and_says_so() {
        // No notice for 2027 is known here: Monday 25 January 2027 + 10 weekdays.
        let counted = count(
            date!(2027 - 01 - 25),
            after(10, PeriodUnit::WorkingDays),
            &calendar(),
        )
        .unwrap();
        assert_eq!(counted.date, date!(2027 - 02 - 08));
        assert_eq!(counted.unpublished, BTreeSet::from([2027]));
        // A count from late 2025 into 2026 names only the year it lacks.
        let counted = count(
            date!(2025 - 12 - 24),
            after(10, PeriodUnit::WorkingDays),
            &calendar(),
        )
        .unwrap();
        assert_eq!(counted.unpublished, BTreeSet::from([2026]));
        assert_eq!(counted.date, date!(2026 - 01 - 07));
    }

    #[test]
    fn months_end_on_the_corresponding_day_or_the_last_of_the_month() {
        assert_eq!(
            on(date!(2025 - 02 - 28), after(3, PeriodUnit::Months)),
            date!(2025 - 05 - 28)
        );
        // The 3-month window before a filing on 31 May opens on the last day of February,
        // which has no 31st: 28 February, or 29 in a leap year.
        assert_eq!(
            on(date!(2025 - 05 - 31), before(3, PeriodUnit::Months)),
            date!(2025 - 02 - 28)
        );
        assert_eq!(
            on(date!(2024 - 05 - 31), before(3, PeriodUnit::Months)),
            date!(2024 - 02 - 29)
        );
        assert_eq!(
            add_months(date!(2025 - 11 - 30), 3),
            Some(date!(2026 - 02 - 28))
        );
        assert_eq!(
            add_months(date!(2025 - 01 - 31), -2),
            Some(date!(2024 - 11 - 30))
        );
    }

    #[test]
    fn a_period_ending_on_a_rest_day_ends_on_the_next_working_day() {
        // 31 March + 2 months = Saturday 31 May 2025, the first day of the Dragon Boat
        // holiday (31 May–2 June): the period ends on Tuesday 3 June.
        let counted = count(
            date!(2025 - 03 - 31),
            after(2, PeriodUnit::Months),
            &calendar(),
        )
        .unwrap();
        assert_eq!(counted.date, date!(2025 - 06 - 03));
        assert!(counted.moved_off_rest_day);
        // An ordinary weekend: Friday 10 Jan 2025 + 1 day = Saturday → Monday 13 Jan.
        assert_eq!(
            on(date!(2025 - 01 - 10), after(1, PeriodUnit::CalendarDays)),
            date!(2025 - 01 - 13)
        );
        // A weekend day made a working day is not a rest day: Friday 7 Feb 2025 + 1 day.
        assert_eq!(
            on(date!(2025 - 02 - 07), after(1, PeriodUnit::CalendarDays)),
            date!(2025 - 02 - 08)
        );
    }

    #[test]
    fn a_validity_keeps_its_last_day_and_a_leap_day_has_no_match_three_years_on() {
        let valid = PeriodRule {
            validity: true,
            ..after(3, PeriodUnit::Years)
        };
        // Approved on 29 February 2024: valid 3 years, to 28 February 2027 (no 29th), a
        // Sunday, and not moved.
        let counted = count(date!(2024 - 02 - 29), valid, &calendar()).unwrap();
        assert_eq!(counted.date, date!(2027 - 02 - 28));
        assert!(!counted.moved_off_rest_day);
        assert!(
            counted.unpublished.is_empty(),
            "a validity consults no calendar"
        );
        // The same period as a deadline for an act moves to Monday 1 March 2027.
        assert_eq!(
            on(date!(2024 - 02 - 29), after(3, PeriodUnit::Years)),
            date!(2027 - 03 - 01)
        );
        // Into a leap year: 30 November 2023 + 3 months = 29 February 2024.
        assert_eq!(
            add_months(date!(2023 - 11 - 30), 3),
            Some(date!(2024 - 02 - 29))
        );
    }

    #[test]
    fn zero_is_the_day_itself_and_hours_give_no_date() {
        assert_eq!(
            on(date!(2025 - 02 - 01), before(0, PeriodUnit::CalendarDays)),
            date!(2025 - 02 - 01)
        );
        assert_eq!(
            count(
                date!(2025 - 02 - 01),
                after(24, PeriodUnit::Hours),
                &calendar()
            ),
            Err(NoDate::Hours)
        );
        assert_eq!(
            count(
                date!(9999 - 12 - 01),
                after(2, PeriodUnit::Months),
                &calendar()
            ),
            Err(NoDate::OutOfRange)
        );
    }
}
