//! The `*` marks: the cells that show something else than when the last edit or reload began
//! (or the user last moved). Kept zone by zone, so that a zone's result landing costs the work
//! of that zone's cells, not of every cell of the grid: with thousands of exports or of zones,
//! measuring every cell on each landing made the dashboard stall.

use crate::core::engine::ZoneEvaluation;
use ftzroute_plugin_api::{Export, Route};
use std::collections::{HashMap, HashSet};

/// A cell of the grid, by ids (stable across filtering and reloads).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CellId {
    Export { zone: String, export: String },
    Overall { zone: String },
}

/// What a cell shows, to tell whether it changed: route, list item and basis, or the error.
type CellValue = Result<(Route, Option<u32>, String), String>;

/// What one zone's cells show: its overall cell, and each export's cell by export id (stable
/// across filtering and reloads).
#[derive(Debug, Default, Clone, PartialEq)]
struct ZoneCells {
    overall: Option<CellValue>,
    exports: HashMap<String, CellValue>,
}

/// A zone's result as the grid shows it: `None` while pending.
pub type Outcome<'a> = Option<&'a Result<ZoneEvaluation, String>>;

impl ZoneCells {
    fn of(outcome: Outcome, exports: &[Export]) -> ZoneCells {
        match outcome {
            None => ZoneCells::default(),
            Some(Ok(evaluation)) => ZoneCells {
                overall: Some(Ok((evaluation.route, None, String::new()))),
                exports: evaluation
                    .exports
                    .iter()
                    .map(|export| {
                        (
                            export.id.clone(),
                            Ok((export.route, export.list_item, export.basis.clone())),
                        )
                    })
                    .collect(),
            },
            // The overall cell says "error" whatever the error.
            Some(Err(error)) => ZoneCells {
                overall: Some(Err(String::new())),
                exports: exports
                    .iter()
                    .map(|export| (export.id.clone(), Err(error.clone())))
                    .collect(),
            },
        }
    }
}

/// The marked cells of one zone.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct ZoneMarks {
    overall: bool,
    exports: HashSet<String>,
}

impl ZoneMarks {
    fn len(&self) -> usize {
        usize::from(self.overall) + self.exports.len()
    }
}

/// The baseline the marks are measured from, and the marks.
#[derive(Debug, Default, Clone)]
pub struct Marks {
    baseline: HashMap<String, ZoneCells>,
    marked: HashMap<String, ZoneMarks>,
}

/// What every zone's cells show now, to measure later marks from.
#[derive(Debug, Default, Clone)]
pub struct Shown(HashMap<String, ZoneCells>);

impl Shown {
    /// What the cells of `zones` (id and outcome) show.
    pub fn of<'a>(
        zones: impl IntoIterator<Item = (&'a str, Outcome<'a>)>,
        exports: &[Export],
    ) -> Shown {
        Shown(
            zones
                .into_iter()
                .map(|(zone, outcome)| (zone.to_string(), ZoneCells::of(outcome, exports)))
                .collect(),
        )
    }
}

impl Marks {
    /// Marks nothing, and measures the next marks from `shown`.
    pub fn measure_from(&mut self, shown: Shown) {
        self.marked.clear();
        self.baseline = shown.0;
    }

    /// Marks nothing, and measures the next marks from what `zones` show now, as
    /// [`Marks::measure_from`] with every zone's cells would, in the work of the zones that
    /// can differ from their baseline: those marked, pending, or pending when it was taken (a
    /// zone that landed unmarked shows its baseline). Moving the selection acknowledges, so it
    /// must not cost a measure of every cell.
    pub fn acknowledge<'a>(
        &mut self,
        zones: impl IntoIterator<Item = (&'a str, Outcome<'a>)>,
        exports: &[Export],
    ) {
        for (zone, outcome) in zones {
            let measured_pending = self
                .baseline
                .get(zone)
                .is_none_or(|cells| cells.overall.is_none());
            if outcome.is_none() || measured_pending || self.marked.contains_key(zone) {
                self.baseline
                    .insert(zone.to_string(), ZoneCells::of(outcome, exports));
            }
        }
        self.marked.clear();
    }

    /// Zone `zone` now shows `outcome`: its marks are the cells that differ from the baseline
    /// (a cell with no value in the baseline, pending then, is not marked).
    pub fn zone_landed(&mut self, zone: &str, outcome: Outcome, exports: &[Export]) {
        let Some(before) = self.baseline.get(zone) else {
            self.marked.remove(zone);
            return;
        };
        let now = ZoneCells::of(outcome, exports);
        let marks = ZoneMarks {
            overall: before.overall.is_some() && before.overall != now.overall,
            exports: before
                .exports
                .iter()
                .filter(|(export, value)| now.exports.get(*export) != Some(*value))
                .map(|(export, _)| export.clone())
                .collect(),
        };
        if marks.len() == 0 {
            self.marked.remove(zone);
        } else {
            self.marked.insert(zone.to_string(), marks);
        }
    }

    /// Whether the cell of `export` in `zone` (its overall cell for `None`) is marked.
    pub fn is_marked(&self, zone: &str, export: Option<&str>) -> bool {
        self.marked.get(zone).is_some_and(|marks| match export {
            Some(export) => marks.exports.contains(export),
            None => marks.overall,
        })
    }

    /// Whether `cell` is marked.
    pub fn contains(&self, cell: &CellId) -> bool {
        match cell {
            CellId::Export { zone, export } => self.is_marked(zone, Some(export)),
            CellId::Overall { zone } => self.is_marked(zone, None),
        }
    }

    /// How many cells are marked.
    pub fn len(&self) -> usize {
        self.marked.values().map(ZoneMarks::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.marked.is_empty()
    }

    /// How many marked export cells belong to exports `shown` leaves out.
    pub fn outside(&self, shown: &HashSet<&str>) -> usize {
        self.marked
            .values()
            .flat_map(|marks| &marks.exports)
            .filter(|export| !shown.contains(export.as_str()))
            .count()
    }

    /// Every marked cell, as (zone, export or `None` for the overall cell), for tests and logs.
    pub fn cells(&self) -> Vec<(String, Option<String>)> {
        let mut cells: Vec<(String, Option<String>)> = self
            .marked
            .iter()
            .flat_map(|(zone, marks)| {
                marks
                    .overall
                    .then(|| (zone.clone(), None))
                    .into_iter()
                    .chain(
                        marks
                            .exports
                            .iter()
                            .map(|export| (zone.clone(), Some(export.clone()))),
                    )
            })
            .collect();
        cells.sort();
        cells
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::engine::ExportEvaluation;

    fn export(id: &str) -> Export {
        serde_json::from_value(serde_json::json!({
            "id": id, "kind": "personal", "subject": "patient", "sensitive": false,
            "persons": 10, "exempt_persons": 0, "serious_harm": false,
            "name_and_contact": false, "notified": false, "hgr_cleared": false,
            "export_controlled": false
        }))
        .unwrap()
    }

    /// A zone's result: `routes` per export, in order.
    fn result(exports: &[Export], routes: &[Route]) -> Result<ZoneEvaluation, String> {
        let cells: Vec<ExportEvaluation> = exports
            .iter()
            .zip(routes)
            .map(|(export, route)| ExportEvaluation {
                id: export.id.clone(),
                route: *route,
                pack: None,
                edition: None,
                validity: None,
                rule: None,
                list_item: None,
                basis: format!("{route}"),
                counted_persons: export.persons,
                next: None,
                count: None,
                ladder: Vec::new(),
                notes: Vec::new(),
                by_reference: None,
                obligations: Vec::new(),
                trial_ended: None,
            })
            .collect();
        Ok(ZoneEvaluation::of("z", "Zone", cells, Vec::new()))
    }

    #[test]
    fn a_landing_marks_what_differs_from_the_baseline_and_moving_on_acknowledges() {
        let exports = vec![export("a"), export("b")];
        let before = result(&exports, &[Route::Exempt, Route::Exempt]);
        let after = result(&exports, &[Route::Exempt, Route::SecurityAssessment]);
        let mut marks = Marks::default();
        marks.measure_from(Shown::of([("z", Some(&before)), ("p", None)], &exports));
        marks.zone_landed("z", Some(&after), &exports);
        assert_eq!(
            marks.cells(),
            vec![
                ("z".to_string(), None),
                ("z".to_string(), Some("b".to_string()))
            ],
            "the changed export and the zone's overall route"
        );
        assert!(marks.is_marked("z", Some("b")) && !marks.is_marked("z", Some("a")));
        // A zone pending when the baseline was taken is not marked when it lands.
        marks.zone_landed("p", Some(&after), &exports);
        assert_eq!(marks.len(), 2);
        assert_eq!(marks.outside(&["a"].into_iter().collect()), 1);

        // Acknowledged: nothing marked, and the next landing is measured from what was shown.
        marks.acknowledge([("z", Some(&after)), ("p", Some(&after))], &exports);
        assert!(marks.is_empty());
        marks.zone_landed("z", Some(&after), &exports);
        assert!(marks.is_empty(), "the same result again changes nothing");
        marks.zone_landed("p", Some(&before), &exports);
        assert_eq!(
            marks.cells(),
            vec![
                ("p".to_string(), None),
                ("p".to_string(), Some("b".to_string()))
            ],
            "measured from what the once-pending zone showed when acknowledged"
        );
        // Acknowledging gives what measuring every cell gives.
        let mut full = marks.clone();
        marks.acknowledge([("z", Some(&after)), ("p", Some(&before))], &exports);
        full.measure_from(Shown::of(
            [("z", Some(&after)), ("p", Some(&before))],
            &exports,
        ));
        assert_eq!(marks.baseline, full.baseline);
        assert_eq!(marks.marked, full.marked);
    }
}
