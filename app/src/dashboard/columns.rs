//! The grid's cells: each zone's column of results (with which request it shows), and what each
//! cell shows, by ids, to tell which cells an edit or a reload changed (the `*` marks).

use crate::core::engine::{ExportEvaluation, ZoneEvaluation};
use crate::core::zones::Zone;
use ftzroute_plugin_api::{Export, Route};
use std::collections::{HashMap, HashSet};

/// One zone's column: its latest evaluation (or why it has none), and which request that was.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneColumn {
    pub zone: Zone,
    /// The result shown; `None` until the zone's first result lands.
    pub outcome: Option<Result<ZoneEvaluation, String>>,
    /// Number of the request whose result is shown (0: none yet).
    pub shown: u64,
    /// Number of the latest request for this zone.
    pub requested: u64,
}

impl ZoneColumn {
    pub fn new(zone: Zone) -> ZoneColumn {
        ZoneColumn {
            zone,
            outcome: None,
            shown: 0,
            requested: 0,
        }
    }

    pub fn export(&self, index: usize) -> Option<&ExportEvaluation> {
        self.evaluation().and_then(|z| z.exports.get(index))
    }

    /// The evaluation shown, if the zone has one (not pending, not failed).
    pub fn evaluation(&self) -> Option<&ZoneEvaluation> {
        self.outcome.as_ref().and_then(|o| o.as_ref().ok())
    }

    /// Why the zone could not be evaluated, if that is what is shown.
    pub fn error(&self) -> Option<&str> {
        self.outcome
            .as_ref()
            .and_then(|o| o.as_ref().err())
            .map(String::as_str)
    }

    /// No result yet: the first is being computed.
    pub fn pending(&self) -> bool {
        self.outcome.is_none()
    }

    /// A result is shown, and a newer one is being computed.
    pub fn stale(&self) -> bool {
        self.outcome.is_some() && self.requested > self.shown
    }

    /// Waiting for the result of the latest request (pending or stale).
    pub fn awaiting(&self) -> bool {
        self.requested > self.shown
    }
}

/// What a cell shows, to tell whether it changed: route, list item and basis, or the error.
pub type CellValue = Result<(Route, Option<u32>, String), String>;

/// A cell of the grid, by ids (stable across filtering and reloads).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CellId {
    Export { zone: String, export: String },
    Overall { zone: String },
}

/// What every cell with a result shows, by cell id (pending cells have none); `exports` are the
/// profile's, whose cells a failed zone fills with its error.
pub fn cell_values(columns: &[ZoneColumn], exports: &[Export]) -> HashMap<CellId, CellValue> {
    let mut values = HashMap::new();
    for column in columns {
        let zone = &column.zone.id;
        match &column.outcome {
            None => {}
            Some(Ok(evaluation)) => {
                values.insert(
                    CellId::Overall { zone: zone.clone() },
                    Ok((evaluation.route, None, String::new())),
                );
                for export in &evaluation.exports {
                    values.insert(
                        CellId::Export {
                            zone: zone.clone(),
                            export: export.id.clone(),
                        },
                        Ok((export.route, export.list_item, export.basis.clone())),
                    );
                }
            }
            Some(Err(error)) => {
                // The overall cell says "error" whatever the error.
                values.insert(CellId::Overall { zone: zone.clone() }, Err(String::new()));
                for export in exports {
                    values.insert(
                        CellId::Export {
                            zone: zone.clone(),
                            export: export.id.clone(),
                        },
                        Err(error.clone()),
                    );
                }
            }
        }
    }
    values
}

/// The cells of `baseline` that show something else now (or nothing: a zone that became
/// pending).
pub fn changed_cells(
    baseline: &HashMap<CellId, CellValue>,
    current: &HashMap<CellId, CellValue>,
) -> HashSet<CellId> {
    baseline
        .iter()
        .filter(|(cell, before)| current.get(*cell) != Some(*before))
        .map(|(cell, _)| cell.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(outcome: Option<Result<ZoneEvaluation, String>>) -> ZoneColumn {
        ZoneColumn {
            outcome,
            ..ZoneColumn::new(Zone {
                id: "z".into(),
                name: "Z".into(),
                packs: Vec::new(),
                by_reference: Vec::new(),
                reference_basis: None,
            })
        }
    }

    #[test]
    fn a_column_is_pending_then_stale_while_a_newer_request_runs() {
        let mut c = column(None);
        c.requested = 1;
        assert!(c.pending() && c.awaiting() && !c.stale());
        c.outcome = Some(Err("pack hung".into()));
        c.shown = 1;
        assert!(!c.awaiting());
        assert_eq!(c.error(), Some("pack hung"));
        c.requested = 2;
        assert!(c.stale() && !c.pending());
    }

    #[test]
    fn a_failed_zone_fills_every_export_cell_and_a_change_of_error_is_a_change() {
        let text = include_str!("../../../examples/suzhou-biologics.toml");
        let profile =
            crate::core::profile::Profile::parse(std::path::Path::new("p.toml"), text).unwrap();
        let exports = &profile.exports[..2];
        let before = cell_values(&[column(Some(Err("one".into())))], exports);
        assert_eq!(before.len(), 3, "the overall cell and one per export");
        let after = cell_values(&[column(Some(Err("two".into())))], exports);
        let changed = changed_cells(&before, &after);
        assert_eq!(changed.len(), 2, "the overall cell says error either way");
        assert!(changed.contains(&CellId::Export {
            zone: "z".into(),
            export: exports[0].id.clone()
        }));
        // A zone gone back to pending changes every cell it showed.
        assert_eq!(
            changed_cells(&before, &cell_values(&[column(None)], exports)).len(),
            3
        );
    }
}
