//! Where a personal export is counted: the scenario it is in and the pool that counts it.

use super::table::{Genetic, ListTable, Pool, Scenario};
use crate::contract::{DataKind, Export};
use crate::sdk::text::{listed, quoted};

/// Where a counted export is counted, with the notes that explain a placement the user might not
/// expect.
pub(super) struct Placement {
    /// The pool the export is counted in; `None` when the list covers the data but no pool
    /// (no row seen) takes it.
    pub(super) pool: Option<&'static Pool>,
    pub(super) scenario: Option<&'static Scenario>,
    pub(super) notes: Vec<String>,
}

impl ListTable {
    /// The scenario an export is in: the one it names, when the list has it for this sector;
    /// else the first the export's subject means.
    fn scenario_of(
        &self,
        sector: &str,
        export: &Export,
    ) -> (Option<&'static Scenario>, Vec<String>) {
        let in_sector = |scenario: &&Scenario| {
            scenario.sectors.is_empty()
                || scenario
                    .sectors
                    .iter()
                    .any(|s| self.sector(sector).is_some_and(|found| found.id == *s))
        };
        let mut notes = Vec::new();
        if let Some(named) = &export.scenario {
            match self
                .scenarios
                .iter()
                .filter(in_sector)
                .find(|s| s.id == named)
            {
                Some(scenario) => return (Some(scenario), notes),
                None => {
                    let known: Vec<&str> = self
                        .scenarios
                        .iter()
                        .filter(in_sector)
                        .map(|s| s.id)
                        .collect();
                    notes.push(match listed(&quoted(&known)) {
                        Some(known) => format!(
                            "Scenario `{named}` is not one of this list's scenarios for the \
                             sector ({known}); the export is judged as naming none."
                        ),
                        None => format!(
                            "Scenario `{named}` is not one of this list's scenarios: it has none \
                             for the sector; the export is judged as naming none."
                        ),
                    })
                }
            }
        }
        let by_subject = export.subject.and_then(|subject| {
            self.scenarios
                .iter()
                .filter(in_sector)
                .find(|s| s.subjects.contains(&subject))
        });
        (by_subject, notes)
    }

    /// Where a personal (or, read as sensitive personal information, genetic) export of a
    /// handler that is not a CIIO is counted; `None` for every other export.
    pub(super) fn place(&self, sector: &str, ciio: bool, export: &Export) -> Option<Placement> {
        let counted_kind = match export.kind {
            DataKind::Personal => true,
            DataKind::Genetic => matches!(self.genetic, Genetic::AsSensitivePi),
            _ => false,
        };
        if ciio || !counted_kind || export.export_controlled {
            return None;
        }
        let sensitive = export.sensitive || export.kind == DataKind::Genetic;
        let sector_id = self.sector(sector).map(|s| s.id);
        let (scenario, notes) = self.scenario_of(sector, export);
        let in_sector = |pool: &&Pool| {
            pool.sectors.is_empty() || sector_id.is_some_and(|id| pool.sectors.contains(&id))
        };
        let kind_fits = |pool: &&Pool| pool.pi.admits(sensitive);
        let specific = scenario.and_then(|scenario| {
            self.pools
                .iter()
                .filter(in_sector)
                .filter(kind_fits)
                .find(|pool| pool.scenarios.contains(&scenario.id))
        });
        let taken_elsewhere = scenario.is_some_and(|scenario| {
            self.pools
                .iter()
                .filter(in_sector)
                .any(|pool| pool.scenarios.contains(&scenario.id))
        });
        let pool = specific.or_else(|| {
            (!taken_elsewhere)
                .then(|| {
                    self.pools
                        .iter()
                        .filter(in_sector)
                        .filter(kind_fits)
                        .find(|pool| pool.scenarios.is_empty())
                })
                .flatten()
        });
        Some(Placement {
            pool,
            scenario,
            notes,
        })
    }
}
