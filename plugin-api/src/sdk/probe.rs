//! Headroom probes (contract 1.5): the route an export would take with other persons, and
//! (contract 1.6) the rule that gives it.

use crate::contract::{EvaluateRequest, EvaluateResponse, Export, Outcome, Route};
use std::collections::HashMap;

/// What one probe decides: the route, and the id of the rule that gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probed {
    pub route: Route,
    pub rule: String,
}

impl From<Outcome> for Probed {
    fn from(outcome: Outcome) -> Probed {
        Probed {
            route: outcome.route,
            rule: outcome.rule,
        }
    }
}

/// Answers every probe of `request` by deciding the probed export on its own: `decide` gets the
/// export's index and a copy of it with the probe's persons, and returns its outcome. What a pack
/// whose decision of one export needs only that export and totals counted once (a
/// [`Tally`](crate::sdk::counting::Tally)) uses for [`Pack::probe`](super::Pack::probe).
pub fn probe_each(
    request: &EvaluateRequest,
    mut decide: impl FnMut(usize, &Export) -> Result<Outcome, String>,
) -> Result<Vec<Probed>, String> {
    request
        .probes
        .iter()
        .map(|probe| {
            let mut export = request
                .exports
                .get(probe.export)
                .ok_or_else(|| format!("probe of export {} out of range", probe.export))?
                .clone();
            export.persons = Some(probe.persons);
            decide(probe.export, &export).map(Probed::from)
        })
        .collect()
}

/// Answers every probe of `request` with a whole evaluation of the probed request: the
/// default of [`Pack::probe`](super::Pack::probe). The groups an export is in are read from one evaluation of the
/// request as it stands.
pub fn probe_one_by_one(
    request: &EvaluateRequest,
    evaluate: impl Fn(&EvaluateRequest) -> Result<EvaluateResponse, String>,
) -> Result<Vec<Probed>, String> {
    let mut base = request.clone();
    base.probes.clear();
    base.routes_only = false;
    let response = evaluate(&base)?;
    let mut groups_of: HashMap<&str, Vec<String>> = HashMap::new();
    let mut seen = std::collections::HashSet::new();
    for outcome in &response.exports {
        let Some(group) = outcome.count.as_ref().and_then(|c| c.group.as_ref()) else {
            continue;
        };
        if !request.group_counts.contains_key(&group.key) || !seen.insert(group.key.as_str()) {
            continue;
        }
        for member in response.members_of(&group.key).unwrap_or_default() {
            groups_of
                .entry(member.as_str())
                .or_default()
                .push(group.key.clone());
        }
    }
    request
        .probes
        .iter()
        .map(|probe| {
            let export = request
                .exports
                .get(probe.export)
                .ok_or_else(|| format!("probe of export {} out of range", probe.export))?;
            let groups = groups_of
                .get(export.id.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
            let mut answer = evaluate(&base.probed(*probe, groups))?;
            (probe.export < answer.exports.len())
                .then(|| Probed::from(answer.exports.swap_remove(probe.export)))
                .ok_or_else(|| format!("no outcome for probed export {}", probe.export))
        })
        .collect()
}
