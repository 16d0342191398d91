//! What a table says of itself: the pack's description and how much of the list it encodes.

use super::table::{ListTable, Pool};
use crate::contract::{
    Confidence, CountingWindow, Coverage, Description, ScenarioLabel, SectorLabel, Share, Source,
    CONTRACT_MINOR,
};

impl ListTable {
    /// The pack's description: identity, labels and every rule the table can fire.
    pub fn describe(&self) -> Description {
        let identity = &self.identity;
        let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut sectors = Vec::new();
        for sector in self.sectors {
            sectors.push(sector.id.to_string());
            sectors.extend(strings(sector.also));
        }
        Description {
            id: identity.id.into(),
            zone: identity.zone.into(),
            name: identity.name.into(),
            edition: identity.edition.into(),
            issuers: strings(identity.issuers),
            issued: identity.issued.into(),
            effective_from: identity.effective_from.into(),
            effective_until: identity.effective_until.map(String::from),
            sectors,
            source: Source {
                title_zh: identity.source.0.into(),
                title_en: identity.source.1.into(),
                reference: identity.source.2.into(),
            },
            interpretations: strings(identity.interpretations),
            rules: self.declared_rules(),
            contract_minor: CONTRACT_MINOR,
            obligations: crate::sdk::duties::obligations(identity.duties),
            calendar: Vec::new(),
            // Every list counts as the CBDF Provisions do, 自当年1月1日起 (from 1 January of the
            // current year), whether its rows repeat the phrase or not.
            counting_window: CountingWindow::CalendarYear,
            document_number: identity.document_number.map(String::from),
            trial_until: identity.trial_until.map(String::from),
            read_at: strings(identity.read_at),
            sector_labels: self
                .sectors
                .iter()
                .map(|sector| SectorLabel {
                    id: sector.id.into(),
                    label_zh: sector.label_zh.into(),
                    label_en: sector.label_en.into(),
                })
                .collect(),
            scenarios: self
                .scenarios
                .iter()
                .map(|scenario| ScenarioLabel {
                    id: scenario.id.into(),
                    label_zh: scenario.label_zh.into(),
                    label_en: scenario.label_en.into(),
                    sectors: strings(scenario.sectors),
                    exemption_hint: scenario.exemption_hint.map(String::from),
                })
                .collect(),
            use_conditions: strings(identity.use_conditions),
            coverage: Some(self.coverage()),
        }
    }

    /// How much of the list the table encodes: its rows of the [`Extent`](super::Extent)'s, the sectors and
    /// scenarios a row reaches, the weakest confidence of its rows (contract 1.4).
    pub fn coverage(&self) -> Coverage {
        let extent = &self.extent;
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let sectors = self
            .sectors
            .iter()
            .filter(|sector| self.row_reaches_sector(sector.id))
            .count();
        let scenarios = self
            .scenarios
            .iter()
            .filter(|scenario| {
                self.pools
                    .iter()
                    .any(|pool| pool.scenarios.contains(&scenario.id) && self.pool_has_row(pool))
            })
            .count();
        let weakest = self
            .rows
            .iter()
            .map(|row| row.confidence)
            .max_by_key(|confidence| Confidence::ALL.iter().position(|c| c == confidence));
        Coverage {
            rows: Share {
                encoded: count(self.rows.len()),
                of: extent.rows,
            },
            unit: extent.unit.to_string(),
            row_rules: self.rows.iter().map(|row| row.rule.to_string()).collect(),
            // A share of nothing known of nothing encoded says nothing: left out.
            sectors: (sectors > 0 || extent.sectors.is_some()).then(|| Share {
                encoded: count(sectors),
                of: extent.sectors,
            }),
            scenarios: (scenarios > 0 || extent.scenarios.is_some()).then(|| Share {
                encoded: count(scenarios),
                of: extent.scenarios,
            }),
            confidence: weakest,
            note: extent.note.map(String::from),
        }
    }

    /// True when some pool of `sector` has a band decided by one of the table's rows.
    fn row_reaches_sector(&self, sector: &str) -> bool {
        let scenario_in_sector = |id: &&str| {
            self.scenarios.iter().any(|scenario| {
                scenario.id == *id
                    && (scenario.sectors.is_empty() || scenario.sectors.contains(&sector))
            })
        };
        self.pools.iter().any(|pool| {
            (pool.sectors.is_empty() || pool.sectors.contains(&sector))
                && (pool.scenarios.is_empty() || pool.scenarios.iter().any(scenario_in_sector))
                && self.pool_has_row(pool)
        })
    }

    fn pool_has_row(&self, pool: &Pool) -> bool {
        self.bands_of(pool.id)
            .any(|band| self.row(band.rule).is_some())
    }
}
