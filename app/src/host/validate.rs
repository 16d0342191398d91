//! The host's checks of what a pack says: its description, and every answer against its
//! request.

use crate::common::dates::parse_date;
use crate::core::pack::Probes;
use ftzroute_plugin_api::{Description, EvaluateRequest, EvaluateResponse, Route};
use std::collections::HashSet;

/// Checks what serde cannot: identity present, dates valid, rules unique and cited.
pub fn validate_description(description: &Description) -> Result<(), String> {
    let id_ok = !description.id.is_empty()
        && description
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !id_ok {
        return Err(format!(
            "pack id `{}` must be non-empty lowercase letters, digits and dashes",
            description.id
        ));
    }
    for (field, value) in [
        ("zone", &description.zone),
        ("name", &description.name),
        ("edition", &description.edition),
    ] {
        if value.trim().is_empty() {
            return Err(format!("`{field}` is empty"));
        }
    }
    let issued = parse_date(&description.issued).ok_or_else(|| {
        format!(
            "`issued` is not a YYYY-MM-DD date: `{}`",
            description.issued
        )
    })?;
    let from = parse_date(&description.effective_from).ok_or_else(|| {
        format!(
            "`effective_from` is not a YYYY-MM-DD date: `{}`",
            description.effective_from
        )
    })?;
    if let Some(until) = &description.effective_until {
        let until = parse_date(until)
            .ok_or_else(|| format!("`effective_until` is not a YYYY-MM-DD date: `{until}`"))?;
        if until < from {
            return Err("`effective_until` is before `effective_from`".into());
        }
    }
    let _ = issued;
    if description.sectors.is_empty() || description.sectors.iter().any(|s| s.trim().is_empty()) {
        return Err("`sectors` must list at least one sector (or \"*\" for all)".into());
    }
    if description.rules.is_empty() {
        return Err("the pack declares no rules".into());
    }
    let mut ids = HashSet::new();
    for rule in &description.rules {
        if !ids.insert(rule.id.as_str()) {
            return Err(format!("rule id `{}` is declared twice", rule.id));
        }
        if rule.citation.zh.trim().is_empty() || rule.citation.en.trim().is_empty() {
            return Err(format!(
                "rule `{}` lacks a bilingual citation (zh and en)",
                rule.id
            ));
        }
        if rule.basis.trim().is_empty() {
            return Err(format!("rule `{}` has an empty basis", rule.id));
        }
    }
    // Duties and the calendar: ids, texts, conditions, and deadlines that can be counted.
    crate::core::obligations::check_description(description)
}

/// Checks a pack's answer against its request and its own description.
pub fn validate_response(
    description: &Description,
    request: &EvaluateRequest,
    response: &EvaluateResponse,
) -> Result<(), String> {
    validate_decisions(
        description,
        request,
        response
            .exports
            .iter()
            .map(|o| (o.id.as_str(), o.route, o.rule.as_str())),
    )?;
    for outcome in &response.exports {
        let mut previous = None;
        for step in &outcome.ladder {
            if description.rule(&step.rule).is_none() {
                return Err(format!(
                    "export `{}`: ladder rule `{}` is not in the pack's description",
                    outcome.id, step.rule
                ));
            }
            if previous.is_some_and(|from| step.from <= from) {
                return Err(format!("export `{}`: ladder steps must ascend", outcome.id));
            }
            previous = Some(step.from);
        }
    }
    validate_groups(request, response)
}

/// Groups listed once (contract 1.5) name exports of the request, each key once; an outcome
/// that names its group by key alone finds it there.
fn validate_groups(request: &EvaluateRequest, response: &EvaluateResponse) -> Result<(), String> {
    if response.groups.is_empty()
        && response
            .exports
            .iter()
            .all(|o| o.count.as_ref().and_then(|c| c.group.as_ref()).is_none())
    {
        return Ok(());
    }
    let ids: HashSet<&str> = request.exports.iter().map(|e| e.id.as_str()).collect();
    let mut keys = HashSet::new();
    for group in &response.groups {
        if !keys.insert(group.key.as_str()) {
            return Err(format!("group `{}` is listed twice", group.key));
        }
        if let Some(stranger) = group.exports.iter().find(|id| !ids.contains(id.as_str())) {
            return Err(format!(
                "group `{}` lists `{stranger}`, which is not an export of the request",
                group.key
            ));
        }
    }
    for outcome in &response.exports {
        let Some(group) = outcome.count.as_ref().and_then(|c| c.group.as_ref()) else {
            continue;
        };
        if group.exports.is_empty() && !keys.contains(group.key.as_str()) {
            return Err(format!(
                "export `{}`: group `{}` lists no members and the answer's groups do not hold it",
                outcome.id, group.key
            ));
        }
    }
    Ok(())
}

/// Checks a probe answer: one route per probe (contract 1.5) and, when the pack names them, one
/// rule per probe (1.6), each a rule of its description with the probe's route.
pub fn validate_probes(
    description: &Description,
    request: &EvaluateRequest,
    probes: &Probes,
) -> Result<(), String> {
    if probes.routes.len() != request.probes.len() {
        return Err(format!(
            "{} probe routes for {} probes",
            probes.routes.len(),
            request.probes.len()
        ));
    }
    if probes.rules.is_empty() {
        return Ok(());
    }
    if probes.rules.len() != probes.routes.len() {
        return Err(format!(
            "{} probe rules for {} probes",
            probes.rules.len(),
            probes.routes.len()
        ));
    }
    for (index, (rule, route)) in probes.rules.iter().zip(&probes.routes).enumerate() {
        match description.rule(rule) {
            None => {
                return Err(format!(
                    "probe {index}: rule `{rule}` is not in the description"
                ))
            }
            Some(found) if found.route != *route => {
                return Err(format!(
                    "probe {index}: route {route} contradicts rule `{rule}`, whose route is {}",
                    found.route
                ))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Checks the decisions of an answer: one per export, in request order, each naming a rule
/// of the pack whose route it takes.
pub fn validate_decisions<'a>(
    description: &Description,
    request: &EvaluateRequest,
    decisions: impl ExactSizeIterator<Item = (&'a str, Route, &'a str)>,
) -> Result<(), String> {
    if decisions.len() != request.exports.len() {
        return Err(format!(
            "{} outcomes for {} exports",
            decisions.len(),
            request.exports.len()
        ));
    }
    for ((id, route, rule_id), export) in decisions.zip(&request.exports) {
        if id != export.id {
            return Err(format!(
                "outcome `{id}` where export `{}` was expected (outcomes must follow request order)",
                export.id
            ));
        }
        let rule = description.rule(rule_id).ok_or_else(|| {
            format!("export `{id}`: rule `{rule_id}` is not in the pack's description")
        })?;
        if rule.route != route {
            return Err(format!(
                "export `{id}`: route {route} contradicts rule `{}`, whose route is {}",
                rule.id, rule.route
            ));
        }
    }
    Ok(())
}

/// Turns a pack's answer bytes into a response checked against its request and description: the
/// host's reading of every `evaluate` answer, callable without a loaded library.
pub fn parse_response(
    description: &Description,
    request: &EvaluateRequest,
    bytes: &[u8],
) -> Result<EvaluateResponse, String> {
    let response: EvaluateResponse = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    validate_response(description, request, &response)?;
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ftzroute_plugin_api::{Citation, Handler, Probe, Rule};

    fn description() -> Description {
        let rule = |id: &str, route| Rule {
            id: id.into(),
            route,
            list_item: None,
            basis: "basis".into(),
            citation: Citation {
                zh: "条".into(),
                en: "Article".into(),
                en_official: false,
            },
            confidence: None,
        };
        Description {
            rules: vec![
                rule("off", Route::Exempt),
                rule("item-7", Route::SecurityAssessment),
            ],
            ..Default::default()
        }
    }

    fn request(probes: usize) -> EvaluateRequest {
        EvaluateRequest {
            schema: ftzroute_plugin_api::REQUEST_SCHEMA,
            as_of: "2025-01-01".into(),
            handler: Handler {
                name: "h".into(),
                sector: "s".into(),
                ciio: false,
                persons_processed: None,
            },
            exports: Vec::new(),
            routes_only: true,
            group_counts: Default::default(),
            counted_from: None,
            probes: (0..probes as u64)
                .map(|persons| Probe { export: 0, persons })
                .collect(),
        }
    }

    fn probes(answers: &[(Route, &str)]) -> Probes {
        Probes {
            routes: answers.iter().map(|(route, _)| *route).collect(),
            rules: answers
                .iter()
                .filter(|(_, rule)| !rule.is_empty())
                .map(|(_, rule)| rule.to_string())
                .collect(),
        }
    }

    #[test]
    fn probe_rules_are_optional_but_when_given_name_the_routes_rules() {
        let description = description();
        let good = probes(&[
            (Route::Exempt, "off"),
            (Route::SecurityAssessment, "item-7"),
        ]);
        assert_eq!(validate_probes(&description, &request(2), &good), Ok(()));
        let routes_only = probes(&[(Route::Exempt, ""), (Route::Exempt, "")]);
        assert_eq!(
            validate_probes(&description, &request(2), &routes_only),
            Ok(())
        );
        let short = probes(&[(Route::Exempt, "off"), (Route::Exempt, "")]);
        assert!(validate_probes(&description, &request(2), &short)
            .unwrap_err()
            .contains("1 probe rules for 2 probes"));
        let unknown = probes(&[(Route::Exempt, "item-404")]);
        assert!(validate_probes(&description, &request(1), &unknown)
            .unwrap_err()
            .contains("`item-404` is not in the description"));
        let contradicted = probes(&[(Route::Exempt, "item-7")]);
        assert!(validate_probes(&description, &request(1), &contradicted)
            .unwrap_err()
            .contains("contradicts rule `item-7`"));
        assert!(validate_probes(&description, &request(3), &good)
            .unwrap_err()
            .contains("2 probe routes for 3 probes"));
    }
}
