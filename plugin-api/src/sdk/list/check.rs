//! The checks of a table: what the evaluation relies on, refused before any profile is decided.

use super::table::ListTable;
use crate::contract::ALL_SECTORS;
use std::collections::HashSet;

impl ListTable {
    /// Checks what the evaluation relies on: unique ids, every reference declared, and every
    /// pool's ladder running from 1 person (or 0) upward without gaps or overlaps, each band ending
    /// (不满) where the next begins (以上).
    pub fn check(&self) -> Result<(), String> {
        let description = self.describe();
        let mut ids = HashSet::new();
        for rule in &description.rules {
            if !ids.insert(rule.id.as_str()) {
                return Err(format!("rule `{}` is declared twice", rule.id));
            }
        }
        let sector_known = |id: &str| self.sectors.iter().any(|sector| sector.id == id);
        let mut scenario_ids = HashSet::new();
        for scenario in self.scenarios {
            if !scenario_ids.insert(scenario.id) {
                return Err(format!("scenario `{}` is declared twice", scenario.id));
            }
            if let Some(sector) = scenario.sectors.iter().find(|s| !sector_known(s)) {
                return Err(format!(
                    "scenario `{}` names unknown sector `{sector}`",
                    scenario.id
                ));
            }
        }
        let mut pool_ids = HashSet::new();
        for pool in self.pools {
            if !pool_ids.insert(pool.id) {
                return Err(format!("pool `{}` is declared twice", pool.id));
            }
            if let Some(scenario) = pool.scenarios.iter().find(|s| !scenario_ids.contains(*s)) {
                return Err(format!(
                    "pool `{}` names unknown scenario `{scenario}`",
                    pool.id
                ));
            }
            if let Some(sector) = pool.sectors.iter().find(|s| !sector_known(s)) {
                return Err(format!(
                    "pool `{}` names unknown sector `{sector}`",
                    pool.id
                ));
            }
            // A ladder starts at 1 person, or at 0 when its lowest band also decides an export
            // with none counted.
            let mut next_from = match self.bands_of(pool.id).next() {
                Some(band) if band.from == 0 => 0,
                _ => 1,
            };
            let mut open_ended = false;
            for band in self.bands_of(pool.id) {
                if open_ended || band.from != next_from {
                    return Err(format!(
                        "pool `{}`: the band from {} does not start where the previous one ends ({next_from})",
                        pool.id, band.from
                    ));
                }
                if !ids.contains(band.rule) {
                    return Err(format!(
                        "pool `{}` names undeclared rule `{}`",
                        pool.id, band.rule
                    ));
                }
                match band.below {
                    Some(below) if below > band.from => next_from = below,
                    Some(_) => return Err(format!("pool `{}`: an empty band", pool.id)),
                    None => open_ended = true,
                }
            }
            if !open_ended {
                return Err(format!(
                    "pool `{}`: the ladder must end with a band open upward",
                    pool.id
                ));
            }
        }
        if let Some(band) = self.bands.iter().find(|b| !pool_ids.contains(b.pool)) {
            return Err(format!("a band names unknown pool `{}`", band.pool));
        }
        if let Some(row) = self.rows.iter().find(|row| !self.uses_rule(row.rule)) {
            return Err(format!("row `{}` is in no band", row.rule));
        }
        let extent = &self.extent;
        if extent.unit.trim().is_empty() {
            return Err("the extent names no unit for the list's rows".into());
        }
        let listed = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let named_sectors = self
            .sectors
            .iter()
            .filter(|sector| sector.id != ALL_SECTORS)
            .count();
        for (what, has, of) in [
            ("rows", listed(self.rows.len()), extent.rows),
            ("sectors", listed(named_sectors), extent.sectors),
            ("scenarios", listed(self.scenarios.len()), extent.scenarios),
        ] {
            if let Some(of) = of.filter(|of| has > *of) {
                return Err(format!(
                    "the table has {has} {what} but the extent says the list has {of}"
                ));
            }
        }
        Ok(())
    }
}
