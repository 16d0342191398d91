//! The `*` marks: the cells that show something else than when the last edit or reload began
//! (or the user last moved). Kept zone by zone, so that a zone's result landing costs the work
//! of that zone's cells, not of every cell of the grid: with thousands of exports or of zones,
//! measuring every cell on each landing made the dashboard stall.

use crate::core::engine::{ExportEvaluation, ZoneEvaluation};
use ftzroute_plugin_api::{Export, Route};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// A cell of the grid, by ids (stable across filtering and reloads).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CellId {
    Export { zone: String, export: String },
    Overall { zone: String },
}

/// What one zone showed when the baseline was taken: its result, shared with the column rather
/// than copied (taking a baseline of thousands of cells costs nothing), and the profile's export
/// ids then (an error shows in every export's cell).
#[derive(Debug, Default, Clone)]
struct ZoneCells {
    outcome: Option<Arc<Result<ZoneEvaluation, String>>>,
    ids: Arc<[String]>,
}

impl PartialEq for ZoneCells {
    fn eq(&self, other: &ZoneCells) -> bool {
        let same_outcome = match (&self.outcome, &other.outcome) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        same_outcome && self.ids == other.ids
    }
}

/// A zone's result as the grid shows it: `None` while pending.
pub type Outcome<'a> = Option<&'a Arc<Result<ZoneEvaluation, String>>>;

/// What a zone's overall cell shows: its route, or "error" whatever the error.
fn overall_of(outcome: &Result<ZoneEvaluation, String>) -> Option<Route> {
    outcome.as_ref().ok().map(|evaluation| evaluation.route)
}

/// What an export's cell shows, to tell whether it changed: route, list item and basis.
fn value_of(export: &ExportEvaluation) -> (Route, Option<u32>, &str) {
    (export.route, export.list_item, export.basis.as_str())
}

impl ZoneCells {
    fn of(outcome: Outcome, ids: &Arc<[String]>) -> ZoneCells {
        ZoneCells {
            outcome: outcome.cloned(),
            ids: ids.clone(),
        }
    }

    /// The export ids whose cells the baseline shows.
    fn export_ids(&self) -> Vec<&str> {
        match self.outcome.as_deref() {
            None => Vec::new(),
            Some(Ok(evaluation)) => evaluation.exports.iter().map(|e| e.id.as_str()).collect(),
            Some(Err(_)) => self.ids.iter().map(String::as_str).collect(),
        }
    }

    /// The cells that show something else under `now` than in this baseline (a cell with no
    /// value in the baseline, pending then, is not marked). Compares in place: nothing is
    /// copied for the cells that stay the same.
    fn differences(&self, now: Outcome) -> ZoneMarks {
        let Some(was) = self.outcome.as_deref() else {
            return ZoneMarks::default();
        };
        let all = || self.export_ids().into_iter().map(String::from).collect();
        let Some(now) = now.map(|now| now.as_ref()) else {
            return ZoneMarks {
                overall: true,
                exports: all(),
            };
        };
        let overall = overall_of(was) != overall_of(now);
        let exports = match (was, now) {
            (Ok(before), Ok(after)) => changed_exports(before, after),
            (Err(before), Err(after)) if before == after => HashSet::new(),
            _ => all(),
        };
        ZoneMarks { overall, exports }
    }
}

/// The exports of `before` whose cells `after` shows otherwise, or not at all.
fn changed_exports(before: &ZoneEvaluation, after: &ZoneEvaluation) -> HashSet<String> {
    // The same exports in the same order (any edit but a change of the profile's exports):
    // compared side by side; otherwise by id.
    let aligned = before.exports.len() == after.exports.len()
        && before
            .exports
            .iter()
            .zip(&after.exports)
            .all(|(a, b)| a.id == b.id);
    let by_id: HashMap<&str, &ExportEvaluation> = if aligned {
        HashMap::new()
    } else {
        after.exports.iter().map(|e| (e.id.as_str(), e)).collect()
    };
    before
        .exports
        .iter()
        .enumerate()
        .filter(|(index, export)| {
            let now = if aligned {
                after.exports.get(*index)
            } else {
                by_id.get(export.id.as_str()).copied()
            };
            now.map(value_of) != Some(value_of(export))
        })
        .map(|(_, export)| export.id.clone())
        .collect()
}

/// The profile's export ids, once per baseline.
fn export_ids(exports: &[Export]) -> Arc<[String]> {
    exports.iter().map(|export| export.id.clone()).collect()
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
        let ids = export_ids(exports);
        Shown(
            zones
                .into_iter()
                .map(|(zone, outcome)| (zone.to_string(), ZoneCells::of(outcome, &ids)))
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
        let mut ids = None;
        for (zone, outcome) in zones {
            let measured_pending = self
                .baseline
                .get(zone)
                .is_none_or(|cells| cells.outcome.is_none());
            if outcome.is_none() || measured_pending || self.marked.contains_key(zone) {
                let ids = ids.get_or_insert_with(|| export_ids(exports));
                self.baseline
                    .insert(zone.to_string(), ZoneCells::of(outcome, ids));
            }
        }
        self.marked.clear();
    }

    /// Zone `zone` now shows `outcome`: its marks are the cells that differ from the baseline
    /// (a cell with no value in the baseline, pending then, is not marked).
    pub fn zone_landed(&mut self, zone: &str, outcome: Outcome) {
        let Some(before) = self.baseline.get(zone) else {
            self.marked.remove(zone);
            return;
        };
        let marks = before.differences(outcome);
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
    fn result(exports: &[Export], routes: &[Route]) -> Arc<Result<ZoneEvaluation, String>> {
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
        Arc::new(Ok(ZoneEvaluation::of("z", "Zone", cells, Vec::new())))
    }

    #[test]
    fn a_landing_marks_what_differs_from_the_baseline_and_moving_on_acknowledges() {
        let exports = vec![export("a"), export("b")];
        let before = result(&exports, &[Route::Exempt, Route::Exempt]);
        let after = result(&exports, &[Route::Exempt, Route::SecurityAssessment]);
        let mut marks = Marks::default();
        marks.measure_from(Shown::of([("z", Some(&before)), ("p", None)], &exports));
        marks.zone_landed("z", Some(&after));
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
        marks.zone_landed("p", Some(&after));
        assert_eq!(marks.len(), 2);
        assert_eq!(marks.outside(&["a"].into_iter().collect()), 1);

        // Acknowledged: nothing marked, and the next landing is measured from what was shown.
        marks.acknowledge([("z", Some(&after)), ("p", Some(&after))], &exports);
        assert!(marks.is_empty());
        marks.zone_landed("z", Some(&after));
        assert!(marks.is_empty(), "the same result again changes nothing");
        marks.zone_landed("p", Some(&before));
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

    #[test]
    fn reordered_exports_are_compared_by_id_and_errors_mark_every_cell() {
        let exports = vec![export("a"), export("b")];
        let before = result(&exports, &[Route::Exempt, Route::SecurityAssessment]);
        let reordered = vec![export("b"), export("a")];
        let same_cells = result(&reordered, &[Route::SecurityAssessment, Route::Exempt]);
        let mut marks = Marks::default();
        marks.measure_from(Shown::of([("z", Some(&before))], &exports));
        marks.zone_landed("z", Some(&same_cells));
        assert!(marks.is_empty(), "the same cells in another order");

        let failed = Arc::new(Err("pack hung".to_string()));
        marks.zone_landed("z", Some(&failed));
        assert_eq!(marks.len(), 3, "the overall cell and both exports");
        marks.measure_from(Shown::of([("z", Some(&failed))], &exports));
        marks.zone_landed("z", Some(&Arc::new(Err("pack hung".to_string()))));
        assert!(marks.is_empty(), "the same error again");
        marks.zone_landed("z", Some(&Arc::new(Err("another".to_string()))));
        assert_eq!(
            marks.len(),
            2,
            "each export's cell says the error; the overall says error"
        );
        marks.zone_landed("z", Some(&before));
        assert_eq!(marks.len(), 3);
    }
}
