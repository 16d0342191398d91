//! Zones: named, ordered lists of packs, read from TOML (configuration, not code).

use crate::input::{parse_toml, InputError};
use serde::Deserialize;
use std::collections::HashSet;
use std::path::Path;

/// The zones used when no `--zones` file is given.
pub const DEFAULT_ZONES: &str = include_str!("../zones/default.toml");

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    pub id: String,
    pub name: String,
    /// Pack ids in order of precedence.
    pub packs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Zones {
    #[serde(rename = "zone")]
    pub zones: Vec<Zone>,
}

impl Zones {
    pub fn default_zones() -> Zones {
        Zones::parse(Path::new("<bundled zones>"), DEFAULT_ZONES)
            .expect("the bundled zones file is valid")
    }

    pub fn load(file: &Path) -> Result<Zones, InputError> {
        let source = std::fs::read_to_string(file)
            .map_err(|e| InputError::new(file, format!("cannot read the zones file: {e}")))?;
        Zones::parse(file, &source)
    }

    pub fn parse(file: &Path, source: &str) -> Result<Zones, InputError> {
        let zones: Zones = parse_toml(file, source)?;
        if zones.zones.is_empty() {
            return Err(InputError::new(file, "no [[zone]] defined").field("zone"));
        }
        let mut seen = HashSet::new();
        for (index, zone) in zones.zones.iter().enumerate() {
            if zone.id.trim().is_empty() {
                return Err(InputError::new(file, "a zone id must not be empty")
                    .field(format!("zone[{index}].id")));
            }
            if !seen.insert(zone.id.as_str()) {
                return Err(
                    InputError::new(file, format!("duplicate zone id `{}`", zone.id))
                        .field(format!("zone[{index}].id")),
                );
            }
            if zone.packs.is_empty() {
                return Err(
                    InputError::new(file, format!("zone `{}` lists no packs", zone.id))
                        .field(format!("zone[{index}].packs")),
                );
            }
        }
        Ok(zones)
    }

    pub fn get(&self, id: &str) -> Option<&Zone> {
        self.zones.iter().find(|zone| zone.id == id)
    }

    pub fn ids(&self) -> Vec<&str> {
        self.zones.iter().map(|zone| zone.id.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_zones_put_the_national_baseline_last() {
        let zones = Zones::default_zones();
        assert_eq!(zones.ids()[..2], ["jiangsu", "national"]);
        for zone in &zones.zones {
            assert_eq!(
                zone.packs.last().map(String::as_str),
                Some("national-cbdf-2024")
            );
        }
    }

    #[test]
    fn duplicate_and_empty_zones_are_refused() {
        let source =
            "[[zone]]\nid='a'\nname='A'\npacks=['p']\n[[zone]]\nid='a'\nname='B'\npacks=['p']\n";
        let error = Zones::parse(Path::new("z.toml"), source).unwrap_err();
        assert_eq!(error.field.as_deref(), Some("zone[1].id"));
        let error = Zones::parse(
            Path::new("z.toml"),
            "[[zone]]\nid='a'\nname='A'\npacks=[]\n",
        )
        .unwrap_err();
        assert!(error.message.contains("no packs"), "{error}");
        let error = Zones::parse(
            Path::new("z.toml"),
            "[[zone]]\nid='a'\nname='A'\npack=['x']\n",
        )
        .unwrap_err();
        assert_eq!(error.position.map(|p| p.0), Some(4), "{error}");
    }
}
