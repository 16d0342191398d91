//! A ledger held in memory: transfers given with a golden case (`[[transfer]]`), counted by the
//! same summaries and snapshots as a ledger file, so a case can pin down a counting window's
//! edges by the transfers' dates.

use super::counts::{window_start, Snapshot};
use super::store::Stream;
use super::summary::{build_layers, layer_of, TransferDay, YearSummary};
use super::{apply, LedgerCounts};
use crate::core::profile::Profile;
use ftzroute_plugin_api::{CbdfBasis, CountingWindow};
use std::collections::{BTreeMap, HashMap};
use time::{Date, Month};

/// One transfer of one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryTransfer {
    pub date: Date,
    pub person: String,
    /// A personal or genetic export of the profile (checked by the caller).
    pub export: String,
    pub basis: Option<CbdfBasis>,
}

/// The counts of `profile` from `transfers`, in the current calendar year and `windows`, as
/// [`super::counts_for_profile`] gives them from a file. The profile must name a ledger (its
/// settings are kept; no file is read).
pub fn counts_of(
    profile: &Profile,
    transfers: &[MemoryTransfer],
    windows: &[CountingWindow],
) -> LedgerCounts {
    let settings = profile
        .ledger
        .clone()
        .expect("a profile counted from transfers names a ledger");
    let mut streams: Vec<Stream> = Vec::new();
    let mut stream_of = |export: &str| -> u8 {
        let sensitive = profile
            .exports
            .iter()
            .find(|e| e.id == export)
            .is_some_and(|e| e.sensitive);
        match streams.iter().position(|s| s.export == export) {
            Some(index) => index as u8,
            None => {
                streams.push(Stream {
                    export: export.to_string(),
                    sensitive,
                });
                (streams.len() - 1) as u8
            }
        }
    };
    let mut persons: HashMap<&str, u32> = HashMap::new();
    let rows: Vec<(Date, u32, u8, Option<CbdfBasis>)> = transfers
        .iter()
        .map(|t| {
            let next = persons.len() as u32;
            let person = *persons.entry(t.person.as_str()).or_insert(next);
            (t.date, person, stream_of(&t.export), t.basis)
        })
        .collect();
    let mut all = vec![CountingWindow::CalendarYear];
    for window in windows {
        if !all.contains(window) {
            all.push(*window);
        }
    }
    let snapshots = all
        .into_iter()
        .map(|window| {
            let summary = span_summary(&rows, window, profile.as_of);
            Snapshot::new(
                settings.path.clone(),
                profile.as_of,
                window,
                settings.cross_scenario,
                streams.clone(),
                Vec::new(),
                summary.as_ref(),
            )
        })
        .collect();
    apply(profile, &settings, snapshots)
}

/// The summary of the years `window` spans at `as_of`, days counted from its first day, as a
/// store's [`super::store::LedgerStore::span`] gives it.
fn span_summary(
    rows: &[(Date, u32, u8, Option<CbdfBasis>)],
    window: CountingWindow,
    as_of: Date,
) -> Option<YearSummary> {
    let start = window_start(window, as_of);
    let end = Date::from_calendar_date(as_of.year(), Month::December, 31).expect("31 December");
    let mut firsts: BTreeMap<(u32, usize, u8), u16> = BTreeMap::new();
    let mut transfers = Vec::new();
    for &(date, person, stream, basis) in rows {
        if date < start || date > end {
            continue;
        }
        let day = ((date - start).whole_days() + 1) as u16;
        let first = firsts
            .entry((person, layer_of(basis), stream))
            .or_insert(day);
        *first = (*first).min(day);
        transfers.push(TransferDay {
            stream,
            basis,
            day,
            transfers: 1,
        });
    }
    if firsts.is_empty() {
        return None;
    }
    Some(YearSummary {
        year: start.year(),
        layers: build_layers(
            firsts
                .into_iter()
                .map(|((person, layer, stream), day)| (person, layer, stream, day)),
        ),
        transfers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ledger::{counts_for_profile, import};
    use std::path::Path;
    use time::macros::date;

    const PROFILE: &str = "as_of = 2023-06-01\n[handler]\nname = \"H\"\nsector = \"retail\"\n\
        [[export]]\nid = \"patients\"\nkind = \"personal\"\nsensitive = true\n\
        [[export]]\nid = \"staff\"\nkind = \"personal\"\n\
        [ledger]\npath = \"t.ledger\"\n";

    /// (date, person, export): person 1 on the eve of the window, 2 on its first day and again
    /// in 2023, 3 in 2023, 4 after as_of, 5 in staff in 2022.
    const ROWS: [(Date, &str, &str); 7] = [
        (date!(2021 - 12 - 31), "p1", "patients"),
        (date!(2022 - 01 - 01), "p2", "patients"),
        (date!(2023 - 02 - 01), "p2", "patients"),
        (date!(2023 - 05 - 31), "p3", "patients"),
        (date!(2023 - 06 - 01), "p3", "patients"),
        (date!(2023 - 06 - 02), "p4", "patients"),
        (date!(2022 - 12 - 31), "p5", "staff"),
    ];

    fn persons(counts: &LedgerCounts, window: CountingWindow, export: &str) -> u64 {
        counts
            .window(window)
            .unwrap()
            .snapshot
            .export(export)
            .persons
    }

    #[test]
    fn the_previous_year_window_counts_from_its_first_day_each_person_once_in_file_and_memory() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.toml");
        std::fs::write(&file, PROFILE).unwrap();
        let profile = Profile::load(&file).unwrap();
        let transfers: Vec<MemoryTransfer> = ROWS
            .iter()
            .map(|(date, person, export)| MemoryTransfer {
                date: *date,
                person: person.to_string(),
                export: export.to_string(),
                basis: None,
            })
            .collect();
        let mut csv = "date,person,export,sensitive\n".to_string();
        for (date, person, export) in ROWS {
            let sensitive = export == "patients";
            csv.push_str(&format!(
                "{},{person},{export},{sensitive}\n",
                crate::common::dates::format_date(date)
            ));
        }
        let transfers_file = dir.path().join("t.csv");
        std::fs::write(&transfers_file, csv).unwrap();
        let settings = profile.ledger.clone().unwrap();
        import(&profile, &settings, &[transfers_file]).unwrap();
        assert!(Path::new(&settings.path).exists());

        let windows = [CountingWindow::PreviousAndCurrentYear];
        let from_file = counts_for_profile(&profile, &windows).unwrap().unwrap();
        let in_memory = counts_of(&profile, &transfers, &windows);
        for counts in [&from_file, &in_memory] {
            let previous = CountingWindow::PreviousAndCurrentYear;
            // p2 (2022-01-01 and 2023) once, p3; not p1 (2021-12-31) nor p4 (after as_of).
            assert_eq!(persons(counts, previous, "patients"), 2);
            assert_eq!(persons(counts, previous, "staff"), 1);
            let transfers = counts.window(previous).unwrap().snapshot.export("patients");
            assert_eq!(transfers.transfers, 4, "p2 twice, p3 twice");
            assert_eq!(
                counts.window(previous).unwrap().snapshot.window_start(),
                date!(2022 - 01 - 01)
            );
            assert_eq!(
                counts.window(previous).unwrap().profile.exports[0].persons,
                Some(2)
            );
            // The calendar year: p2 and p3 in 2023, no staff.
            assert_eq!(persons(counts, CountingWindow::CalendarYear, "patients"), 2);
            assert_eq!(persons(counts, CountingWindow::CalendarYear, "staff"), 0);
            let (sensitive, general) = counts.window(previous).unwrap().snapshot.handler();
            assert_eq!((sensitive.persons, general.persons), (2, 1));
        }
        // Sent a day later, on the window's first day, p1 counts.
        let moved: Vec<MemoryTransfer> = transfers
            .iter()
            .map(|t| MemoryTransfer {
                date: if t.person == "p1" {
                    date!(2022 - 01 - 01)
                } else {
                    t.date
                },
                ..t.clone()
            })
            .collect();
        let counts = counts_of(&profile, &moved, &windows);
        assert_eq!(
            persons(&counts, CountingWindow::PreviousAndCurrentYear, "patients"),
            3
        );
    }
}
