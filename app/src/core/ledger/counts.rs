//! Counts from a ledger at `as_of`: per export, per counting group, per handler, with the
//! exclusions by basis, transfers, the run rate and projections.
//!
//! The window is the deciding pack's ([`CountingWindow`]): from 1 January of the `as_of` year,
//! or of the year before, to `as_of` inclusive; earlier transfers, and later ones, are not
//! counted. A person counts once in a group however many of its exports and transfers carry them. Persons whose transfers went under an excluding basis
//! (CBDF Arts 3, 4, 5(1)(i)-(iii), 6) are reported by basis and not counted, unless another
//! transfer of theirs in the group is counted.
//!
//! The *run rate* is the number of newly counted persons per day over the last 30 days up to
//! `as_of` (or since the window opened, if that is later). Projections assume that rate holds: a
//! threshold is crossed when the count reaches it, and not at all if that would be after
//! 31 December, when the window moves on (a calendar-year count starts again from zero).

use super::store::{ImportRecord, Stream};
use super::summary::{
    excluded_layer, Mask, State, TransferDay, YearSummary, LAYERS, LAYER_ANY, LAYER_COUNTED,
};
use crate::core::engine::GroupCounter;
use crate::core::profile::CrossScenario;
use ftzroute_plugin_api::{CbdfBasis, CountGroup, CountingWindow};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use time::{Date, Duration, Month};

/// Days over which the run rate is measured.
pub const RATE_DAYS: u16 = 30;

/// A ledger as of one day, ready to answer any count.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub ledger: PathBuf,
    pub as_of: Date,
    /// Since when it counts.
    pub window: CountingWindow,
    pub cross_scenario: CrossScenario,
    pub streams: Vec<Stream>,
    pub imports: Vec<ImportRecord>,
    /// Per layer: persons in each state at the end of `as_of`.
    now: Vec<Vec<(State, i64)>>,
    /// Per layer: the same at the start of the run-rate window.
    then: Vec<Vec<(State, i64)>>,
    /// Days in the run-rate window (1 to 30).
    pub rate_days: u16,
    /// Transfers of the window.
    transfers: Vec<TransferDay>,
}

/// Persons and transfers of one export (or one group, or the handler).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    /// Distinct persons with any transfer in the window.
    pub persons: u64,
    /// Distinct persons with a counted transfer: what thresholds compare.
    pub counted_persons: u64,
    /// Distinct persons with a transfer under each excluding basis (a person may be under two).
    pub excluded_persons: BTreeMap<CbdfBasis, u64>,
    pub transfers: u64,
    /// Transfers under each excluding basis, not counted.
    pub excluded_transfers: BTreeMap<CbdfBasis, u64>,
    /// Newly counted persons per day over the rate window.
    pub run_rate_per_day: f64,
}

impl Figures {
    /// Persons none of whose transfers is counted: the profile's `exempt_persons`.
    pub fn exempt_persons(&self) -> u64 {
        self.persons.saturating_sub(self.counted_persons)
    }

    /// The excluding bases found, in article order.
    pub fn exempt_bases(&self) -> Vec<CbdfBasis> {
        self.excluded_persons
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(b, _)| *b)
            .collect()
    }
}

/// When a count reaches a figure at the run rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "when", content = "date")]
pub enum Crossing {
    /// Already at or above it.
    Reached,
    /// On this date.
    #[serde(serialize_with = "crate::core::ledger::counts::date_text")]
    On(Date),
    /// Not before 31 December at this rate (the window moves on 1 January).
    NotThisYear,
    /// The count is not growing.
    NoGrowth,
}

pub fn date_text<S: serde::Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::common::dates::format_date(*date))
}

/// The first day `window` counts for `as_of`.
pub fn window_start(window: CountingWindow, as_of: Date) -> Date {
    Date::from_calendar_date(window.first_year(as_of.year()), Month::January, 1)
        .expect("1 January exists")
}

fn last_day_of_year(year: i32) -> Date {
    Date::from_calendar_date(year, Month::December, 31).expect("31 December exists")
}

fn fold(layer: &super::summary::LayerSummary, day: u16) -> Vec<(State, i64)> {
    layer
        .at(day)
        .into_iter()
        .zip(&layer.states)
        .filter(|(n, _)| *n != 0)
        .map(|(n, state)| (*state, n))
        .collect()
}

impl Snapshot {
    /// The snapshot of `summary` (the years of `window` at `as_of`, days counted from the
    /// window's first day; `None`: nothing in them) at `as_of`.
    pub fn new(
        ledger: PathBuf,
        as_of: Date,
        window: CountingWindow,
        cross_scenario: CrossScenario,
        streams: Vec<Stream>,
        imports: Vec<ImportRecord>,
        summary: Option<&YearSummary>,
    ) -> Snapshot {
        let day = ((as_of - window_start(window, as_of)).whole_days() + 1) as u16;
        let rate_days = RATE_DAYS.min(day);
        let layers = |at: u16| -> Vec<Vec<(State, i64)>> {
            (0..LAYERS)
                .map(|layer| match summary.and_then(|s| s.layers.get(layer)) {
                    Some(summary) => fold(summary, at),
                    None => Vec::new(),
                })
                .collect()
        };
        Snapshot {
            ledger,
            as_of,
            window,
            cross_scenario,
            streams,
            imports,
            now: layers(day),
            then: layers(day - rate_days),
            rate_days,
            transfers: summary
                .map(|s| {
                    s.transfers
                        .iter()
                        .filter(|t| t.day <= day)
                        .copied()
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// Where the window starts: 1 January of the `as_of` year, or of the year before.
    pub fn window_start(&self) -> Date {
        window_start(self.window, self.as_of)
    }

    /// The streams of these exports (both sensitivities).
    pub fn mask_of<S: AsRef<str>>(&self, exports: &[S]) -> Mask {
        self.streams
            .iter()
            .enumerate()
            .filter(|(_, stream)| exports.iter().any(|e| e.as_ref() == stream.export))
            .fold(0, |mask, (index, _)| mask | 1 << index)
    }

    /// Streams of one sensitivity, for the handler's totals.
    pub fn mask_of_sensitivity(&self, sensitive: bool) -> Mask {
        self.streams
            .iter()
            .enumerate()
            .filter(|(_, stream)| stream.sensitive == sensitive)
            .fold(0, |mask, (index, _)| mask | 1 << index)
    }

    /// Distinct persons of `layer` in these groups, each person once per group; scenario groups
    /// share persons as `cross_scenario` says.
    fn persons_in(&self, states: &[(State, i64)], groups: &[(Mask, bool)]) -> Vec<u64> {
        let mut counts = vec![0i64; groups.len()];
        let once = self.cross_scenario == CrossScenario::CountOnce;
        for &((first, seen), n) in states {
            let mut scenario_hits = Vec::new();
            for (index, &(mask, scenario)) in groups.iter().enumerate() {
                if seen & mask == 0 {
                    continue;
                }
                if scenario && once {
                    scenario_hits.push(index);
                } else {
                    counts[index] += n;
                }
            }
            // Counted once: in the scenario of the person's first transfer of the year (ties:
            // the first group in order), else the first scenario they are in.
            let chosen = scenario_hits
                .iter()
                .find(|index| groups[**index].0 & first != 0)
                .or(scenario_hits.first());
            if let Some(index) = chosen {
                counts[*index] += n;
            }
        }
        counts.into_iter().map(|n| n.max(0) as u64).collect()
    }

    fn figures_of(&self, groups: &[(Mask, bool)]) -> Vec<Figures> {
        let counted_now = self.persons_in(&self.now[LAYER_COUNTED], groups);
        let counted_then = self.persons_in(&self.then[LAYER_COUNTED], groups);
        let any = self.persons_in(&self.now[LAYER_ANY], groups);
        let mut figures: Vec<Figures> = (0..groups.len())
            .map(|index| Figures {
                persons: any[index],
                counted_persons: counted_now[index],
                run_rate_per_day: counted_now[index].saturating_sub(counted_then[index]) as f64
                    / f64::from(self.rate_days),
                ..Figures::default()
            })
            .collect();
        for basis in CbdfBasis::EXCLUDED {
            let layer = excluded_layer(basis).expect("an excluding basis has a layer");
            let excluded = self.persons_in(&self.now[layer], groups);
            for (figure, n) in figures.iter_mut().zip(excluded) {
                if n > 0 {
                    figure.excluded_persons.insert(basis, n);
                }
            }
        }
        for transfer in &self.transfers {
            for (figure, (mask, _)) in figures.iter_mut().zip(groups) {
                if mask & 1 << transfer.stream == 0 {
                    continue;
                }
                figure.transfers += transfer.transfers;
                if let Some(basis) = transfer.basis.filter(|b| b.excluded_from_count()) {
                    *figure.excluded_transfers.entry(basis).or_default() += transfer.transfers;
                }
            }
        }
        figures
    }

    /// One export's figures.
    pub fn export(&self, id: &str) -> Figures {
        self.figures_of(&[(self.mask_of(&[id]), false)]).remove(0)
    }

    /// The figures of declared groups, in order, each person once per group (scenario groups
    /// sharing persons as `cross_scenario` says).
    pub fn groups(&self, groups: &[CountGroup]) -> Vec<Figures> {
        let masks: Vec<(Mask, bool)> = groups
            .iter()
            .map(|g| (self.mask_of(&g.exports), g.scenario))
            .collect();
        self.figures_of(&masks)
    }

    /// The handler's totals: (sensitive, non-sensitive), each person once in each.
    pub fn handler(&self) -> (Figures, Figures) {
        let mut both = self.figures_of(&[
            (self.mask_of_sensitivity(true), false),
            (self.mask_of_sensitivity(false), false),
        ]);
        let non_sensitive = both.pop().expect("two");
        (both.pop().expect("two"), non_sensitive)
    }

    /// Exports the ledger holds transfers for in the window that `known` does not name.
    pub fn exports_not_in<'a>(&'a self, known: &[&str]) -> Vec<(&'a str, u64)> {
        let mut found: BTreeMap<&str, u64> = BTreeMap::new();
        for transfer in &self.transfers {
            let export = self.streams[transfer.stream as usize].export.as_str();
            if !known.contains(&export) {
                *found.entry(export).or_default() += transfer.transfers;
            }
        }
        found.into_iter().collect()
    }

    /// When a count growing at `rate` per day reaches `at`.
    pub fn crossing(&self, count: u64, at: u64, rate: f64) -> Crossing {
        if count >= at {
            return Crossing::Reached;
        }
        if rate <= 0.0 {
            return Crossing::NoGrowth;
        }
        let days = ((at - count) as f64 / rate).ceil();
        let end = last_day_of_year(self.as_of.year());
        let left = (end - self.as_of).whole_days() as f64;
        if days > left {
            return Crossing::NotThisYear;
        }
        Crossing::On(self.as_of + Duration::days(days as i64))
    }

    /// The count on 31 December if `rate` holds: what the year will likely end at.
    pub fn year_end(&self, count: u64, rate: f64) -> u64 {
        let left = (last_day_of_year(self.as_of.year()) - self.as_of).whole_days();
        count + (rate * left as f64).round() as u64
    }
}

impl GroupCounter for Snapshot {
    fn counted_window(&self) -> crate::core::engine::CountedWindow {
        crate::core::engine::CountedWindow {
            window: self.window,
            from: self.window_start(),
            to: self.as_of,
        }
    }

    fn group_counts(&self, groups: &[CountGroup]) -> BTreeMap<String, u64> {
        let masks: Vec<(Mask, bool)> = groups
            .iter()
            .map(|g| (self.mask_of(&g.exports), g.scenario))
            .collect();
        let counted = self.persons_in(&self.now[LAYER_COUNTED], &masks);
        groups
            .iter()
            .zip(counted)
            .map(|(group, n)| (group.key.clone(), n))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ledger::summary::{layer_of, LayerBuilder};
    use std::collections::HashMap;

    /// (day of 2025, person, stream, basis)
    type Row = (u16, u32, u8, Option<CbdfBasis>);

    fn summary(rows: &[Row]) -> YearSummary {
        let mut firsts: HashMap<(u32, usize), HashMap<u8, u16>> = HashMap::new();
        let mut any: HashMap<u32, HashMap<u8, u16>> = HashMap::new();
        let mut transfers = Vec::new();
        for &(day, person, stream, basis) in rows {
            let entry = firsts.entry((person, layer_of(basis))).or_default();
            let first = entry.entry(stream).or_insert(day);
            *first = (*first).min(day);
            let first = any.entry(person).or_default().entry(stream).or_insert(day);
            *first = (*first).min(day);
            transfers.push(TransferDay {
                stream,
                basis,
                day,
                transfers: 1,
            });
        }
        let mut builders: Vec<LayerBuilder> =
            (0..LAYERS).map(|_| LayerBuilder::default()).collect();
        for ((_, layer), streams) in firsts {
            builders[layer].add_person(&mut streams.into_iter().collect::<Vec<_>>());
        }
        for (_, streams) in any {
            builders[LAYER_ANY].add_person(&mut streams.into_iter().collect::<Vec<_>>());
        }
        YearSummary {
            year: 2025,
            layers: builders.into_iter().map(LayerBuilder::finish).collect(),
            transfers,
        }
    }

    fn streams() -> Vec<Stream> {
        [("trial", true), ("pv", true), ("crm", false), ("hr", false)]
            .into_iter()
            .map(|(export, sensitive)| Stream {
                export: export.into(),
                sensitive,
            })
            .collect()
    }

    fn snapshot(rows: &[Row], as_of: Date, cross: CrossScenario) -> Snapshot {
        Snapshot::new(
            "l.sqlite".into(),
            as_of,
            CountingWindow::CalendarYear,
            cross,
            streams(),
            vec![],
            Some(&summary(rows)),
        )
    }

    fn date(month: Month, day: u8) -> Date {
        Date::from_calendar_date(2025, month, day).unwrap()
    }

    fn group(key: &str, exports: &[&str], scenario: bool) -> CountGroup {
        CountGroup {
            key: key.into(),
            exports: exports.iter().map(|e| e.to_string()).collect(),
            scenario,
        }
    }

    #[test]
    fn a_person_in_two_exports_of_a_group_counts_once() {
        let rows = [
            (10, 1, 0, None),
            (12, 1, 1, None),
            (15, 2, 1, None),
            (16, 1, 0, None),
        ];
        let s = snapshot(&rows, date(Month::December, 31), CrossScenario::CountInEach);
        assert_eq!(s.export("trial").counted_persons, 1);
        assert_eq!(s.export("trial").transfers, 2);
        assert_eq!(s.export("pv").counted_persons, 2);
        let both = s.groups(&[group("g", &["trial", "pv"], false)]);
        assert_eq!(both[0].counted_persons, 2, "person 1 once");
        assert_eq!(both[0].transfers, 4);
    }

    #[test]
    fn the_window_ends_on_as_of_and_the_rate_is_the_last_30_days() {
        // Person 1 on day 10, person 2 on day 100, person 3 on day 101 (11 April).
        let rows = [(10, 1, 0, None), (100, 2, 0, None), (101, 3, 0, None)];
        let day_100 = date(Month::April, 10);
        let s = snapshot(&rows, day_100, CrossScenario::CountInEach);
        assert_eq!(
            s.export("trial").counted_persons,
            2,
            "day 101 is after as_of"
        );
        assert_eq!(s.export("trial").transfers, 2);
        assert_eq!(s.rate_days, 30);
        assert!((s.export("trial").run_rate_per_day - 1.0 / 30.0).abs() < 1e-9);
        let early = snapshot(&rows, date(Month::January, 10), CrossScenario::CountInEach);
        assert_eq!(early.rate_days, 10);
        assert!((early.export("trial").run_rate_per_day - 0.1).abs() < 1e-9);
    }

    #[test]
    fn exclusions_are_reported_by_basis_and_not_counted() {
        let rows = [
            (5, 1, 3, Some(CbdfBasis::Art5_1_2)),
            (6, 2, 3, Some(CbdfBasis::Art5_1_2)),
            (7, 3, 3, Some(CbdfBasis::Art4)),
            (8, 4, 3, Some(CbdfBasis::Art5_1_4)), // small volume: counted
            (9, 2, 3, None),                      // person 2 also counted
        ];
        let s = snapshot(&rows, date(Month::December, 31), CrossScenario::CountInEach);
        let hr = s.export("hr");
        assert_eq!(hr.persons, 4);
        assert_eq!(hr.counted_persons, 2);
        assert_eq!(hr.exempt_persons(), 2);
        assert_eq!(
            hr.excluded_persons,
            BTreeMap::from([(CbdfBasis::Art4, 1), (CbdfBasis::Art5_1_2, 2)])
        );
        assert_eq!(hr.exempt_bases(), [CbdfBasis::Art4, CbdfBasis::Art5_1_2]);
        assert_eq!(hr.transfers, 5);
        assert_eq!(
            hr.excluded_transfers,
            BTreeMap::from([(CbdfBasis::Art4, 1), (CbdfBasis::Art5_1_2, 2)])
        );
    }

    #[test]
    fn sensitive_and_non_sensitive_are_counted_apart() {
        let rows = [
            (1, 1, 0, None),
            (2, 1, 2, None),
            (3, 2, 2, None),
            (4, 3, 1, None),
        ];
        let s = snapshot(&rows, date(Month::December, 31), CrossScenario::CountInEach);
        let (sensitive, general) = s.handler();
        assert_eq!(sensitive.counted_persons, 2, "persons 1 and 3");
        assert_eq!(
            general.counted_persons, 2,
            "persons 1 and 2: 1 counts in both"
        );
    }

    #[test]
    fn cross_scenario_decides_whether_a_person_counts_in_each_scenario() {
        // Person 1 first in pv (day 3) then trial (day 9); person 2 only trial.
        let rows = [(9, 1, 0, None), (3, 1, 1, None), (4, 2, 0, None)];
        let groups = [
            group("scenario:trial", &["trial"], true),
            group("scenario:patient", &["pv"], true),
            group("sensitive", &["trial", "pv"], false),
        ];
        let each = snapshot(&rows, date(Month::December, 31), CrossScenario::CountInEach);
        let counts = each.group_counts(&groups);
        assert_eq!(counts["scenario:trial"], 2);
        assert_eq!(counts["scenario:patient"], 1);
        assert_eq!(counts["sensitive"], 2);
        let once = snapshot(&rows, date(Month::December, 31), CrossScenario::CountOnce);
        let counts = once.group_counts(&groups);
        assert_eq!(counts["scenario:trial"], 1, "person 1 went to pv first");
        assert_eq!(counts["scenario:patient"], 1);
        assert_eq!(counts["sensitive"], 2, "a handler total is not a scenario");
    }

    #[test]
    fn crossings_stop_at_the_end_of_the_year() {
        let s = snapshot(&[], date(Month::October, 1), CrossScenario::CountInEach);
        assert_eq!(s.crossing(10, 10, 1.0), Crossing::Reached);
        assert_eq!(s.crossing(0, 10, 0.0), Crossing::NoGrowth);
        assert_eq!(
            s.crossing(0, 10, 2.0),
            Crossing::On(date(Month::October, 6))
        );
        assert_eq!(s.crossing(0, 1000, 2.0), Crossing::NotThisYear);
        assert_eq!(s.year_end(100, 1.0), 100 + 91);
    }
}
