//! The zone planner: for the handler's sector, which lists cover it, what each zone decides for
//! the profile, the zones ranked by the burden of their outcome, and which other zones' lists a
//! zone's handler could apply by reference, with the zones-file lines that do it.

use crate::common::dates::format_date;
use crate::core::engine::evaluate_zone_with;
use crate::core::engine::{EngineError, ZoneEvaluation};
use crate::core::ledger::LedgerCounts;
use crate::core::pack::{InForce, PackSource};
use crate::core::profile::Profile;
use crate::core::wording::{count_of, route_symbol, route_word, summary_words};
use crate::core::zones::{Zone, Zones};
use ftzroute_plugin_api::{Description, Route, ALL_SECTORS};
use serde::Serialize;

/// A list (a pack that names sectors, not a nationwide baseline) covering the handler's sector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoveringList {
    pub pack: String,
    pub zone: String,
    pub name: String,
    pub edition: String,
    pub in_force: bool,
}

/// What a zone's outcome asks of the handler.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Burden {
    /// The zone's summary route: `undetermined` as soon as one export is.
    pub strictest: Route,
    /// For an undetermined zone, the strictest route its determined exports take.
    pub floor: Option<Route>,
    /// Exports that need a procedure (anything but exempt and undetermined).
    pub procedures: usize,
    pub security_assessments: usize,
    pub contracts_or_certifications: usize,
    /// Exports no pack could decide: the burden is not fully known.
    pub undetermined: usize,
}

impl Burden {
    fn of(evaluation: &ZoneEvaluation) -> Burden {
        let count = |route: Route| {
            evaluation
                .exports
                .iter()
                .filter(|e| e.route == route)
                .count()
        };
        Burden {
            strictest: evaluation.route,
            floor: evaluation.floor.as_ref().map(|floor| floor.route),
            procedures: evaluation
                .exports
                .iter()
                .filter(|e| !matches!(e.route, Route::Exempt | Route::Undetermined))
                .count(),
            security_assessments: count(Route::SecurityAssessment),
            contracts_or_certifications: count(Route::StandardContractOrCertification),
            undetermined: evaluation.undetermined,
        }
    }

    /// Sort key, lightest first: fully determined outcomes before those with unknown points,
    /// then the more lenient strictest route (for an undetermined zone, its floor: what it needs
    /// at least), then fewer procedures.
    fn key(&self) -> (bool, usize, usize, usize, usize) {
        let known = self.floor.unwrap_or(self.strictest);
        let leniency = known.strictness_rank().unwrap_or(Route::ALL.len());
        (
            self.undetermined > 0,
            Route::ALL.len() - leniency,
            self.security_assessments,
            self.procedures,
            self.undetermined,
        )
    }
}

/// One zone as the planner sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ZonePlan {
    pub zone: Zone,
    /// The lists of this zone that cover the handler's sector (none: the national baseline
    /// decides).
    pub covering: Vec<String>,
    pub outcome: Result<(ZoneEvaluation, Burden), EngineError>,
}

/// Another zone's list that a zone's handler could apply by reference.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceOption {
    /// The zone whose handler would apply it.
    pub from_zone: String,
    pub list: CoveringList,
    /// The provision that allows it.
    pub provision: String,
    /// The variant zone, as the zones file would declare it.
    pub variant: Zone,
    pub outcome: Result<(ZoneEvaluation, Burden), EngineError>,
}

impl ReferenceOption {
    /// True when applying the list would change something for the profile: an export's
    /// determined route becomes another determined route, or an undetermined export is decided.
    /// An option that only leaves exports undetermined, or changes nothing, is not one.
    fn decides_something(&self, own: Option<&ZoneEvaluation>) -> bool {
        let Ok((variant, _)) = &self.outcome else {
            return false;
        };
        let Some(own) = own else {
            return variant
                .exports
                .iter()
                .any(|e| e.route != Route::Undetermined);
        };
        variant
            .exports
            .iter()
            .zip(&own.exports)
            .any(|(with, without)| with.route != Route::Undetermined && with.route != without.route)
    }

    /// The zones-file lines that add the variant.
    pub fn zones_toml(&self) -> String {
        // TOML's own quoting, so any name reads back exactly.
        let string = |text: &str| toml::Value::String(text.to_owned()).to_string();
        let list = |items: &[String]| {
            items
                .iter()
                .map(|p| string(p))
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "[[zone]]\nid = {}\nname = {}\npacks = [{}]\nby_reference = [{}]\nreference_basis = {}\n",
            string(&self.variant.id),
            string(&self.variant.name),
            list(&self.variant.packs),
            list(&self.variant.by_reference),
            string(&self.provision)
        )
    }
}

/// The planner's answer for one profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub sector: String,
    pub as_of: String,
    pub lists: Vec<CoveringList>,
    /// Every zone, lightest burden first; zones that could not be judged last.
    pub zones: Vec<ZonePlan>,
    pub by_reference: Vec<ReferenceOption>,
    /// Why a zone with a reference provision is offered no list (or not every list), one line
    /// per zone.
    pub not_offered: Vec<String>,
    /// What the profile declares (a sector outside every list), and every warning about it.
    pub notes: Vec<String>,
    pub warnings: Vec<String>,
}

/// True for a pack that decides for every sector: a nationwide baseline, not a list. A list
/// that reaches every sector (a category list such as Tianjin's, or one whose sectors were never
/// seen) still names its sectors in its own words (`sector_labels`); a baseline names none.
fn is_baseline(description: &Description) -> bool {
    description.sectors.iter().any(|s| s == ALL_SECTORS) && description.sector_labels.is_empty()
}

fn outcome(
    zone: &Zone,
    packs: &dyn PackSource,
    profile: &Profile,
    ledger: Option<&LedgerCounts>,
) -> Result<(ZoneEvaluation, Burden), EngineError> {
    evaluate_zone_with(zone, packs, profile, ledger).map(|evaluation| {
        let burden = Burden::of(&evaluation);
        (evaluation, burden)
    })
}

fn rank(
    outcome: &Result<(ZoneEvaluation, Burden), EngineError>,
) -> (bool, (bool, usize, usize, usize, usize)) {
    match outcome {
        Ok((_, burden)) => (false, burden.key()),
        Err(_) => (true, (true, usize::MAX, 0, 0, 0)),
    }
}

/// Plans `profile` over `zones`, with `descriptions` the packs that loaded, and the counts of the
/// profile's transfer ledger when it keeps one.
pub fn plan(
    profile: &Profile,
    zones: &Zones,
    packs: &dyn PackSource,
    descriptions: &[&Description],
    ledger: Option<&LedgerCounts>,
) -> Plan {
    let sector = &profile.handler.sector;
    // Each pack's dates as it read them at load.
    let in_force = |d: &Description| {
        packs
            .pack(&d.id)
            .map_or_else(|_| InForce::of(d), |pack| pack.in_force())
            .on(profile.as_of)
    };
    let mut lists: Vec<CoveringList> = descriptions
        .iter()
        .filter(|d| !is_baseline(d) && d.covers_sector(sector))
        .map(|d| CoveringList {
            pack: d.id.clone(),
            zone: d.zone.clone(),
            name: d.name.clone(),
            edition: d.edition.clone(),
            in_force: in_force(d),
        })
        .collect();
    lists.sort_by(|a, b| (&a.zone, &a.pack).cmp(&(&b.zone, &b.pack)));

    let mut planned: Vec<ZonePlan> = zones
        .zones
        .iter()
        .map(|zone| ZonePlan {
            zone: zone.clone(),
            covering: zone
                .packs
                .iter()
                .filter(|id| lists.iter().any(|l| &l.pack == *id))
                .cloned()
                .collect(),
            outcome: outcome(zone, packs, profile, ledger),
        })
        .collect();
    planned.sort_by_key(|z| rank(&z.outcome));

    let mut by_reference = Vec::new();
    let mut not_offered = Vec::new();
    for zone in &zones.zones {
        // A zone whose law allows it names the provision; variants already configured are not
        // offered again.
        let Some(provision) = zone.reference_basis.clone() else {
            continue;
        };
        if !zone.by_reference.is_empty() {
            continue;
        }
        // Provisions such as Jiangsu Measures Art. 24 reach only sectors the zone's own list
        // does not cover: where an own list in force covers the sector, it decides.
        if let Some(own) = lists
            .iter()
            .find(|l| l.in_force && zone.packs.contains(&l.pack))
        {
            not_offered.push(format!(
                "{}: its own list {} covers sector `{sector}`, so {provision} (lists of other \
                 zones for sectors the own list does not cover) does not apply",
                zone.id, own.pack
            ));
            continue;
        }
        let own_outcome = planned
            .iter()
            .find(|z| z.zone.id == zone.id)
            .and_then(|z| z.outcome.as_ref().ok());
        let baseline_at = zone
            .packs
            .iter()
            .position(|id| descriptions.iter().any(|d| &d.id == id && is_baseline(d)))
            .unwrap_or(zone.packs.len());
        let mut unchanged = Vec::new();
        for list in lists
            .iter()
            .filter(|l| l.in_force && !zone.packs.contains(&l.pack))
        {
            let mut packs_in_order = zone.packs.clone();
            packs_in_order.insert(baseline_at, list.pack.clone());
            let variant = Zone {
                id: format!("{}+{}", zone.id, list.pack),
                name: format!("{}, applying {} by reference", zone.name, list.name),
                packs: packs_in_order,
                by_reference: vec![list.pack.clone()],
                reference_basis: Some(provision.clone()),
            };
            let option = ReferenceOption {
                from_zone: zone.id.clone(),
                list: list.clone(),
                provision: provision.clone(),
                outcome: outcome(&variant, packs, profile, ledger),
                variant,
            };
            if option.decides_something(own_outcome.map(|(evaluation, _)| evaluation)) {
                by_reference.push(option);
            } else {
                unchanged.push(list.pack.clone());
            }
        }
        if !unchanged.is_empty() {
            not_offered.push(format!(
                "{}: applying {} under {provision} would decide no export differently (no \
                 determined route changes and no undetermined export is decided)",
                zone.id,
                unchanged.join(", ")
            ));
        }
    }
    by_reference.sort_by_key(|option| rank(&option.outcome));

    Plan {
        sector: sector.clone(),
        as_of: format_date(profile.as_of),
        lists,
        zones: planned,
        by_reference,
        not_offered,
        notes: profile.notes.clone(),
        warnings: profile.warnings.clone(),
    }
}

impl Burden {
    /// How many exports need which procedure: "3 exports needing a procedure, 2 security
    /// assessments, 1 contract or certification".
    pub fn words(&self) -> String {
        let mut parts = vec![format!(
            "{} needing a procedure",
            count_of(self.procedures, "export", "exports")
        )];
        if self.security_assessments > 0 {
            parts.push(count_of(
                self.security_assessments,
                "security assessment",
                "security assessments",
            ));
        }
        if self.contracts_or_certifications > 0 {
            parts.push(count_of(
                self.contracts_or_certifications,
                "contract or certification",
                "contracts or certifications",
            ));
        }
        if self.undetermined > 0 {
            parts.push(format!(
                "{} undetermined",
                count_of(self.undetermined, "export", "exports")
            ));
        }
        parts.join(", ")
    }
}

/// A zone's summary route in words: `assessment`, or for a zone with an undetermined export
/// `undetermined: at least ... for ...; 2 exports undetermined`.
pub fn summary_phrase(evaluation: &ZoneEvaluation) -> String {
    if evaluation.route == Route::Undetermined {
        summary_words(evaluation)
    } else {
        route_word(evaluation.route).to_string()
    }
}

/// The outcome of a zone in words: `▲ assessment (2 exports needing a procedure, ...)`.
fn outcome_words(outcome: &Result<(ZoneEvaluation, Burden), EngineError>) -> String {
    match outcome {
        Ok((evaluation, burden)) => format!(
            "{} {} ({})",
            route_symbol(burden.strictest),
            summary_phrase(evaluation),
            burden.words()
        ),
        Err(error) => format!("! error: {}", error.fault),
    }
}

/// How much of its list the zone's deciding pack encodes, short: `list 0/13 classes`.
fn coverage_words(outcome: &Result<(ZoneEvaluation, Burden), EngineError>) -> String {
    match outcome {
        Ok((evaluation, _)) => evaluation
            .coverage
            .as_ref()
            .map(|c| c.short())
            .unwrap_or_else(|| "no pack decides".into()),
        Err(_) => "not judged".into(),
    }
}

fn outcome_json(outcome: &Result<(ZoneEvaluation, Burden), EngineError>) -> serde_json::Value {
    match outcome {
        Ok((evaluation, burden)) => {
            let mut outcome = serde_json::to_value(burden).expect("a burden serializes");
            outcome["summary"] = summary_words(evaluation).into();
            let coverage = evaluation.coverage.as_ref().map(|c| c.json());
            match &evaluation.counted {
                // With a ledger: the window the zone's persons were counted in.
                Some(counted) => serde_json::json!({
                    "outcome": outcome,
                    "coverage": coverage,
                    "counted": crate::core::wording::JsonCounted::of(counted),
                }),
                None => serde_json::json!({ "outcome": outcome, "coverage": coverage }),
            }
        }
        Err(error) => serde_json::json!({
            "error": {
                "pack": error.fault.pack,
                "fault": error.fault.kind,
                "files": error.fault.files,
                "message": error.fault.message,
            }
        }),
    }
}

impl Plan {
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "sector": self.sector,
            "as_of": self.as_of,
            "lists": self.lists,
            "zones": self.zones.iter().enumerate().map(|(rank, z)| {
                let mut entry = serde_json::json!({
                    "rank": rank + 1,
                    "zone": z.zone.id,
                    "name": z.zone.name,
                    "covering_lists": z.covering,
                });
                merge(&mut entry, outcome_json(&z.outcome));
                entry
            }).collect::<Vec<_>>(),
            "by_reference": self.by_reference.iter().map(|option| {
                let mut entry = serde_json::json!({
                    "from_zone": option.from_zone,
                    "list": option.list,
                    "provision": option.provision,
                    "variant": option.variant.id,
                    "zones_toml": option.zones_toml(),
                });
                merge(&mut entry, outcome_json(&option.outcome));
                entry
            }).collect::<Vec<_>>(),
            "not_offered": self.not_offered,
            "notes": self.notes,
            "warnings": self.warnings,
        })
    }

    pub fn table(&self) -> String {
        let mut out = format!(
            "Sector `{}`, as of {}\n\nLists covering the sector:\n",
            self.sector, self.as_of
        );
        if self.lists.is_empty() {
            out.push_str("  none: every zone falls back to the national baseline\n");
        }
        for list in &self.lists {
            out.push_str(&format!(
                "  {} ({}, edition {}){}: {}\n",
                list.pack,
                list.zone,
                list.edition,
                if list.in_force { "" } else { ", not in force" },
                list.name
            ));
        }
        out.push_str("\nZones by burden, lightest first:\n");
        for (rank, z) in self.zones.iter().enumerate() {
            let covered = if z.covering.is_empty() {
                "no list covers the sector".to_string()
            } else {
                format!("decided by {}", z.covering.join(", "))
            };
            out.push_str(&format!(
                "  {}. {:<12} {}  [{covered}; {}]\n",
                rank + 1,
                z.zone.id,
                outcome_words(&z.outcome),
                coverage_words(&z.outcome)
            ));
        }
        out.push_str("\nLists that could be applied by reference:\n");
        if self.by_reference.is_empty() && self.not_offered.is_empty() {
            out.push_str("  none (no zone names a reference provision, or no other list covers the sector)\n");
        }
        for reason in &self.not_offered {
            out.push_str(&format!("  none for {reason}\n"));
        }
        for option in &self.by_reference {
            out.push_str(&format!(
                "  {} applying {} under {}: {}\n",
                option.from_zone,
                option.list.pack,
                option.provision,
                outcome_words(&option.outcome)
            ));
            for line in option.zones_toml().lines() {
                out.push_str(&format!("      {line}\n"));
            }
        }
        for note in &self.notes {
            out.push_str(&format!("\nnote: {note}\n"));
        }
        for warning in &self.warnings {
            out.push_str(&format!("\nwarning: {warning}\n"));
        }
        out
    }

    pub fn markdown(&self) -> String {
        let mut out = format!(
            "# Zone plan: sector `{}`, as of {}\n\n## Lists covering the sector\n\n",
            self.sector, self.as_of
        );
        if self.lists.is_empty() {
            out.push_str("None: every zone falls back to the national baseline.\n");
        } else {
            out.push_str("| pack | zone | edition | in force | list |\n|---|---|---|---|---|\n");
            for list in &self.lists {
                out.push_str(&format!(
                    "| `{}` | {} | {} | {} | {} |\n",
                    list.pack,
                    list.zone,
                    list.edition,
                    if list.in_force { "yes" } else { "no" },
                    list.name.replace('|', "\\|")
                ));
            }
        }
        out.push_str("\n## Zones by burden, lightest first\n\n| rank | zone | outcome | decided by | list encoded |\n|---|---|---|---|---|\n");
        for (rank, z) in self.zones.iter().enumerate() {
            out.push_str(&format!(
                "| {} | `{}` | {} | {} | {} |\n",
                rank + 1,
                z.zone.id,
                outcome_words(&z.outcome).replace('|', "\\|"),
                if z.covering.is_empty() {
                    "national baseline".to_string()
                } else {
                    z.covering.join(", ")
                },
                coverage_words(&z.outcome)
            ));
        }
        out.push_str("\n## Lists that could be applied by reference\n\n");
        if self.by_reference.is_empty() && self.not_offered.is_empty() {
            out.push_str("None.\n");
        }
        for reason in &self.not_offered {
            out.push_str(&format!("- None for {reason}.\n\n"));
        }
        for option in &self.by_reference {
            out.push_str(&format!(
                "- `{}` applying `{}` under {}: {}\n\n  ```toml\n",
                option.from_zone,
                option.list.pack,
                option.provision,
                outcome_words(&option.outcome)
            ));
            for line in option.zones_toml().lines() {
                out.push_str(&format!("  {line}\n"));
            }
            out.push_str("  ```\n");
        }
        for note in &self.notes {
            out.push_str(&format!("\n> **Note:** {}\n", note.replace('|', "\\|")));
        }
        for warning in &self.warnings {
            out.push_str(&format!(
                "\n> **Warning:** {}\n",
                warning.replace('|', "\\|")
            ));
        }
        out
    }
}

/// Adds the fields of `extra` (an object) to `entry` (an object).
fn merge(entry: &mut serde_json::Value, extra: serde_json::Value) {
    if let (Some(entry), serde_json::Value::Object(extra)) = (entry.as_object_mut(), extra) {
        entry.extend(extra);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::pack::{PackFault, RulePack};
    use ftzroute_plugin_api::{
        Citation, EvaluateRequest, EvaluateResponse, Outcome, Rule, Source, CONTRACT_MINOR,
    };

    /// A pack that gives every export the same route.
    struct Fixed(Description);

    fn fixed(id: &str, zone: &str, sectors: &[&str], route: Route) -> Fixed {
        Fixed(Description {
            id: id.into(),
            zone: zone.into(),
            name: format!("List {id}"),
            edition: "2025".into(),
            issuers: vec!["Issuer".into()],
            issued: "2025-01-01".into(),
            effective_from: "2025-01-01".into(),
            effective_until: None,
            sectors: sectors.iter().map(|s| s.to_string()).collect(),
            source: Source {
                title_zh: "测试".into(),
                title_en: "Test".into(),
                reference: "No. 1".into(),
            },
            interpretations: vec![],
            rules: vec![Rule {
                id: "only".into(),
                route,
                list_item: None,
                basis: format!("basis of {id}"),
                citation: Citation {
                    zh: "测试".into(),
                    en: "Test".into(),
                    en_official: false,
                },
                confidence: None,
            }],
            contract_minor: CONTRACT_MINOR,
            ..Description::default()
        })
    }

    impl RulePack for Fixed {
        fn description(&self) -> &Description {
            &self.0
        }
        fn evaluate(&self, request: &EvaluateRequest) -> Result<EvaluateResponse, PackFault> {
            Ok(EvaluateResponse {
                exports: request
                    .exports
                    .iter()
                    .map(|e| Outcome {
                        id: e.id.clone(),
                        route: self.0.rules[0].route,
                        rule: "only".into(),
                        count: None,
                        ladder: vec![],
                        notes: vec![],
                    })
                    .collect(),
                ..Default::default()
            })
        }
    }

    struct Packs(Vec<Fixed>);

    impl PackSource for Packs {
        fn pack(&self, id: &str) -> Result<&dyn RulePack, PackFault> {
            self.0
                .iter()
                .find(|p| p.0.id == id)
                .map(|p| p as &dyn RulePack)
                .ok_or_else(|| PackFault::not_loaded(id))
        }
    }

    #[test]
    fn zones_rank_by_burden_and_other_lists_are_offered_by_reference() {
        let packs = Packs(vec![
            fixed("own-list", "home", &["pharma"], Route::SecurityAssessment),
            fixed("other-list", "away", &["pharma", "retail"], Route::Exempt),
            fixed("unrelated-list", "far", &["retail"], Route::Exempt),
            fixed(
                "baseline",
                "national",
                &[ALL_SECTORS],
                Route::StandardContractOrCertification,
            ),
        ]);
        let zones = Zones::parse(
            std::path::Path::new("zones.toml"),
            "[[zone]]\nid = 'home'\nname = 'Home FTZ'\npacks = ['own-list', 'baseline']\nreference_basis = 'Home Measures Art. 24'\n\
             [[zone]]\nid = 'away'\nname = 'Away FTZ'\npacks = ['other-list', 'baseline']\n\
             [[zone]]\nid = 'national'\nname = 'National'\npacks = ['baseline']\n",
        )
        .unwrap();
        let profile = Profile::parse(
            std::path::Path::new("p.toml"),
            "as_of = 2025-10-01\n[handler]\nname = 'h'\nsector = 'pharma'\n[[export]]\nid = 'e'\nkind = 'personal'\npersons = 10\n",
        )
        .unwrap();
        let descriptions: Vec<&Description> = packs.0.iter().map(|p| &p.0).collect();
        let planned = plan(&profile, &zones, &packs, &descriptions, None);

        let lists: Vec<&str> = planned.lists.iter().map(|l| l.pack.as_str()).collect();
        assert_eq!(
            lists,
            ["other-list", "own-list"],
            "lists covering pharma, by zone"
        );
        let ranked: Vec<&str> = planned.zones.iter().map(|z| z.zone.id.as_str()).collect();
        assert_eq!(
            ranked,
            ["away", "national", "home"],
            "exempt, contract, assessment"
        );
        assert_eq!(planned.zones[2].covering, ["own-list"]);
        assert!(planned.zones[1].covering.is_empty());

        // Home's own list covers pharma: its reference provision does not reach the sector, so
        // no list is offered, and the plan says why.
        assert!(planned.by_reference.is_empty());
        assert_eq!(planned.not_offered.len(), 1, "{:?}", planned.not_offered);
        assert!(
            planned.not_offered[0]
                .starts_with("home: its own list own-list covers sector `pharma`"),
            "{}",
            planned.not_offered[0]
        );

        // A sector the home list does not cover: the referenced list decides, and says so.
        let retail = Profile::parse(
            std::path::Path::new("p.toml"),
            "as_of = 2025-10-01\n[handler]\nname = 'h'\nsector = 'retail'\n[[export]]\nid = 'e'\nkind = 'personal'\npersons = 10\n",
        )
        .unwrap();
        let planned = plan(&retail, &zones, &packs, &descriptions, None);
        let offered: Vec<&str> = planned
            .by_reference
            .iter()
            .map(|o| o.list.pack.as_str())
            .collect();
        assert_eq!(offered.len(), 2, "{offered:?}");
        // The zones file's lines of an option read back as the same variant.
        let option = &planned.by_reference[0];
        let parsed = Zones::parse(std::path::Path::new("x.toml"), &option.zones_toml()).unwrap();
        assert_eq!(parsed.zones, std::slice::from_ref(&option.variant));
        assert_eq!(
            option.variant.packs,
            ["own-list", option.list.pack.as_str(), "baseline"]
        );
        for option in &planned.by_reference {
            let (evaluation, burden) = option.outcome.as_ref().unwrap();
            assert_eq!(burden.strictest, Route::Exempt);
            let export = &evaluation.exports[0];
            assert_eq!(export.pack.as_deref(), Some(option.list.pack.as_str()));
            assert_eq!(
                export.by_reference.as_deref(),
                Some("Home Measures Art. 24")
            );
        }
    }
}
