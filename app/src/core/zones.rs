//! Zones: named, ordered lists of packs, read from TOML (configuration, not code).

use crate::common::input::{parse_toml, InputError};
use serde::Deserialize;
use std::collections::HashSet;
use std::path::Path;

/// The zones used when no `--zones` file is given.
pub const DEFAULT_ZONES: &str = include_str!("../../zones/default.toml");

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    pub id: String,
    pub name: String,
    /// Pack ids in order of precedence.
    pub packs: Vec<String>,
    /// Those of `packs` that are another zone's list, applied by reference (e.g. under Jiangsu
    /// Measures Art. 24): an export such a pack decides says so in its basis and output.
    #[serde(default)]
    pub by_reference: Vec<String>,
    /// The provision that allows applying lists by reference, as the basis names it, e.g.
    /// "Jiangsu Measures Art. 24". Required with `by_reference`.
    #[serde(default)]
    pub reference_basis: Option<String>,
}

impl Zone {
    /// A zone of these packs in order, none applied by reference.
    pub fn of(id: &str, name: &str, packs: Vec<String>) -> Zone {
        Zone {
            id: id.to_owned(),
            name: name.to_owned(),
            packs,
            by_reference: Vec::new(),
            reference_basis: None,
        }
    }

    /// The provision under which `pack` is applied here, when this zone applies it by reference.
    pub fn applied_by_reference(&self, pack: &str) -> Option<&str> {
        self.by_reference
            .iter()
            .any(|p| p == pack)
            .then_some(self.reference_basis.as_deref().unwrap_or_default())
    }
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
        let source = crate::common::input::read_text(file, "the zones file")?;
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
            if let Some(stray) = zone.by_reference.iter().find(|p| !zone.packs.contains(p)) {
                return Err(InputError::new(
                    file,
                    format!(
                        "`{stray}` is applied by reference but is not among the zone's packs; add it to `packs`, in the place it should take"
                    ),
                )
                .field(format!("zone[{index}].by_reference")));
            }
            let basis_given = zone
                .reference_basis
                .as_deref()
                .is_some_and(|b| !b.trim().is_empty());
            if !zone.by_reference.is_empty() && !basis_given {
                return Err(InputError::new(
                    file,
                    "name the provision that allows applying lists by reference, e.g. reference_basis = \"Jiangsu Measures Art. 24\"",
                )
                .field(format!("zone[{index}].reference_basis")));
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
        // The 2024 Provisions, then the edition in force before them, end every zone.
        for zone in &zones.zones {
            assert_eq!(
                zone.packs[zone.packs.len() - 2..],
                ["national-cbdf-2024", "national-sam-2022"],
                "{}",
                zone.id
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

    #[test]
    fn lists_applied_by_reference_must_be_among_the_packs_and_name_their_provision() {
        let good = "[[zone]]\nid='js+zj'\nname='J'\npacks=['j', 'z', 'n']\nby_reference=['z']\nreference_basis='Jiangsu Measures Art. 24'\n";
        let zones = Zones::parse(Path::new("z.toml"), good).unwrap();
        let zone = zones.get("js+zj").unwrap();
        assert_eq!(
            zone.applied_by_reference("z"),
            Some("Jiangsu Measures Art. 24")
        );
        assert_eq!(zone.applied_by_reference("j"), None);

        let stray = "[[zone]]\nid='a'\nname='A'\npacks=['j']\nby_reference=['z']\nreference_basis='Art. 24'\n";
        let error = Zones::parse(Path::new("z.toml"), stray).unwrap_err();
        assert_eq!(
            error.field.as_deref(),
            Some("zone[0].by_reference"),
            "{error}"
        );
        assert!(error.message.contains("`z`"), "{error}");

        let unnamed = "[[zone]]\nid='a'\nname='A'\npacks=['j', 'z']\nby_reference=['z']\n";
        let error = Zones::parse(Path::new("z.toml"), unnamed).unwrap_err();
        assert_eq!(
            error.field.as_deref(),
            Some("zone[0].reference_basis"),
            "{error}"
        );
    }
}
