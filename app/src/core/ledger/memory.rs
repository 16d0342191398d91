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
