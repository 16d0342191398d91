//! How much of its instrument the pack deciding a zone encodes (contract 1.4), in the words every
//! output uses: `list 0/13 classes`, `7/7 articles`, `coverage not declared`.

use ftzroute_plugin_api::{Coverage, Description, ALL_SECTORS};
use serde::Serialize;

/// What a zone's deciding pack declares of its coverage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneCoverage {
    pub pack: String,
    /// True for a list (it names its sectors); false for a nationwide baseline.
    pub list: bool,
    pub contract_minor: u32,
    /// `None`: the pack declares none (a pack before contract 1.4, or one that leaves it out).
    pub coverage: Option<Coverage>,
}

/// The words for a pack that declares no coverage.
pub const NOT_DECLARED: &str = "coverage not declared";

impl ZoneCoverage {
    pub fn of(description: &Description) -> ZoneCoverage {
        let baseline = description.sectors.iter().any(|s| s == ALL_SECTORS)
            && description.sector_labels.is_empty();
        ZoneCoverage {
            pack: description.id.clone(),
            list: !baseline,
            contract_minor: description.contract_minor,
            coverage: description.coverage.clone(),
        }
    }

    /// `list 0/13 classes`, `list 2/? items`, `7/7 articles`, or `coverage not declared`.
    pub fn short(&self) -> String {
        match &self.coverage {
            None => NOT_DECLARED.to_string(),
            Some(coverage) => {
                let share = format!("{} {}", coverage.rows.fraction(), coverage.unit);
                if self.list {
                    format!("list {share}")
                } else {
                    share
                }
            }
        }
    }

    /// The shortest form, for compact grid columns: `0/13`, `2/?`, `n/d`.
    pub fn compact(&self) -> String {
        match &self.coverage {
            None => "n/d".to_string(),
            Some(coverage) => coverage.rows.fraction(),
        }
    }

    /// One line with the detail: `list 2/? items, sectors 2/2, scenarios 8/8, rows verbatim-copy`.
    pub fn line(&self) -> String {
        let Some(coverage) = &self.coverage else {
            return format!(
                "{NOT_DECLARED} (contract 1.{} pack {})",
                self.contract_minor, self.pack
            );
        };
        let mut parts = vec![self.short()];
        if let Some(sectors) = &coverage.sectors {
            parts.push(format!("sectors {}", sectors.fraction()));
        }
        if let Some(scenarios) = &coverage.scenarios {
            parts.push(format!("scenarios {}", scenarios.fraction()));
        }
        if let Some(confidence) = coverage.confidence {
            parts.push(format!("rows {}", confidence.id()));
        }
        format!("{} ({})", parts.join(", "), self.pack)
    }

    /// A sentence for the memo: "Tianjin's list is encoded only as identity: its rows were not
    /// available."
    pub fn sentence(&self, zone: &str) -> String {
        let what = if self.list { "list" } else { "regime" };
        match &self.coverage {
            None => format!(
                "{zone}: {} declares no coverage (contract 1.{}), so how much of its {what} it \
                 encodes is not known.",
                self.pack, self.contract_minor
            ),
            Some(coverage) if coverage.identity_only() => format!(
                "{zone}'s {what} is encoded only as identity: its rows were not available ({}).",
                self.line()
            ),
            Some(coverage) if !self.list => format!(
                "{zone} is decided by a nationwide regime, no list deciding, encoded {} ({}).",
                if coverage.complete() {
                    "in full"
                } else {
                    "in part"
                },
                self.line()
            ),
            Some(coverage) if coverage.complete() => {
                format!("{zone}'s {what} is encoded in full ({}).", self.line())
            }
            Some(_) => format!("{zone}'s {what} is encoded in part ({}).", self.line()),
        }
    }

    pub fn json(&self) -> JsonCoverage<'_> {
        JsonCoverage {
            pack: &self.pack,
            declared: self.coverage.is_some(),
            summary: self.line(),
            coverage: self.coverage.as_ref(),
        }
    }
}

/// `{"pack", "declared", "summary", "coverage": {...} | null}`.
#[derive(Serialize)]
pub struct JsonCoverage<'a> {
    pub pack: &'a str,
    pub declared: bool,
    pub summary: String,
    pub coverage: Option<&'a Coverage>,
}

/// The JSON of a description's coverage, as `packs --format json` prints it.
pub fn description_json(description: &Description) -> serde_json::Value {
    let zone = ZoneCoverage::of(description);
    serde_json::to_value(zone.json()).expect("coverage serializes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ftzroute_plugin_api::{Confidence, Share};

    fn zone(list: bool, coverage: Option<Coverage>) -> ZoneCoverage {
        ZoneCoverage {
            pack: "p".into(),
            list,
            contract_minor: 4,
            coverage,
        }
    }

    fn rows(encoded: u32, of: Option<u32>, unit: &str) -> Coverage {
        Coverage {
            rows: Share { encoded, of },
            unit: unit.into(),
            ..Default::default()
        }
    }

    #[test]
    fn each_kind_of_coverage_has_its_words() {
        let tianjin = zone(true, Some(rows(0, Some(13), "classes")));
        assert_eq!(tianjin.short(), "list 0/13 classes");
        assert_eq!(tianjin.compact(), "0/13");
        assert!(tianjin.sentence("tianjin").starts_with(
            "tianjin's list is encoded only as identity: its rows were not available"
        ));
        let national = zone(false, Some(rows(7, Some(7), "articles")));
        assert_eq!(national.short(), "7/7 articles");
        assert!(national
            .sentence("national")
            .contains("nationwide regime, no list deciding, encoded in full"));
        let mut part = rows(2, None, "items");
        part.sectors = Some(Share {
            encoded: 2,
            of: Some(2),
        });
        part.confidence = Some(Confidence::VerbatimCopy);
        let zhejiang = zone(true, Some(part));
        assert_eq!(
            zhejiang.line(),
            "list 2/? items, sectors 2/2, rows verbatim-copy (p)"
        );
        assert!(zhejiang.sentence("zhejiang").contains("encoded in part"));
        let old = ZoneCoverage {
            contract_minor: 3,
            ..zone(true, None)
        };
        assert_eq!(old.short(), NOT_DECLARED);
        assert!(old.line().contains("contract 1.3"));
        assert!(old.sentence("x").contains("declares no coverage"));
    }
}
