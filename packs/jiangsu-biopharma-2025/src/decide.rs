//! The decision for each export of a profile.

use crate::edition::Edition;
use crate::scenario::{place, Placement};
use crate::terms::id;
use ftzroute_plugin_api::counting::exempt_rule::{self, Deciding};
use ftzroute_plugin_api::counting::{bases_in_words, key, Tally};
use ftzroute_plugin_api::sdk::ladder;
use ftzroute_plugin_api::sdk::text::{self, thousands};
use ftzroute_plugin_api::{
    Count, DataKind, EvaluateRequest, EvaluateResponse, Export, Outcome, Route, Step,
};

/// Below this many non-sensitive persons a handler that is not a CIIO is exempt nationally
/// (CBDF Provisions Art. 5(4)); the list does not give that exemption (interpretation 3).
const NATIONAL_NON_SENSITIVE_EXEMPTION: u64 = 100_000;

/// Above this many persons, exome or genome sequencing information needs an HGR security review.
const HGR_REVIEW_PERSONS: u64 = 500;

const CIIO_SCENARIO: &str = "critical information infrastructure operator: any counted persons";

pub(crate) fn evaluate(
    edition: &Edition,
    request: &EvaluateRequest,
) -> Result<EvaluateResponse, String> {
    ftzroute_plugin_api::sdk::check_schema(request)?;
    let placements = placements(request)?;
    let tally = tally(request, &placements);
    let exports = request
        .exports
        .iter()
        .enumerate()
        .map(|(index, export)| decide(edition, request, &placements, &tally, index, export))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(EvaluateResponse {
        exports,
        groups: tally.declarations(),
        ..Default::default()
    })
}

/// The route of every probe of `request` (contract 1.5): the probed export decided again beside
/// the same scenario totals of the others.
pub(crate) fn probe(
    edition: &Edition,
    request: &EvaluateRequest,
) -> Result<Vec<ftzroute_plugin_api::sdk::Probed>, String> {
    ftzroute_plugin_api::sdk::check_schema(request)?;
    let placements = placements(request)?;
    let tally = tally(request, &placements);
    ftzroute_plugin_api::sdk::probe_each(request, |index, export| {
        decide(edition, request, &placements, &tally, index, export)
    })
}

/// The key of the group an export is counted in: its scenario's when the scenario counts
/// cumulatively, the export alone otherwise.
fn group_key(export: &Export, placement: Option<&Placement>) -> String {
    placement
        .and_then(|placement| placement.scenario.key())
        .unwrap_or_else(|| key::alone(&export.id))
}

fn tally<'r>(request: &'r EvaluateRequest, placements: &[Option<Placement>]) -> Tally<'r> {
    let mut tally = Tally::new(request);
    for (index, export) in request.exports.iter().enumerate() {
        let placement = placements[index].as_ref();
        let ciio_personal = request.handler.ciio && export.kind == DataKind::Personal;
        if placement.is_some() || ciio_personal {
            tally.add(&group_key(export, placement), index, placement.is_some());
        }
    }
    tally
}

/// Scenario placement first: counts are cumulative across the profile.
fn placements(request: &EvaluateRequest) -> Result<Vec<Option<Placement>>, String> {
    let ciio = request.handler.ciio;
    let mut placements: Vec<Option<Placement>> = Vec::with_capacity(request.exports.len());
    for export in &request.exports {
        let counted = !ciio && export.kind == DataKind::Personal && !export.export_controlled;
        placements.push(if counted {
            let subject = export.subject.ok_or_else(|| {
                format!("export `{}`: a personal export needs a subject", export.id)
            })?;
            persons_of(export)?;
            Some(place(export, subject))
        } else {
            None
        });
    }
    Ok(placements)
}

fn persons_of(export: &Export) -> Result<u64, String> {
    export
        .counted_persons()
        .ok_or_else(|| format!("export `{}`: `persons` is required for its kind", export.id))
}

fn outcome(edition: &Edition, export: &Export, rule: &str, notes: Vec<String>) -> Outcome {
    Outcome {
        id: export.id.clone(),
        route: edition.route_of(rule),
        rule: rule.to_string(),
        count: None,
        ladder: vec![],
        notes,
    }
}

fn decide(
    edition: &Edition,
    request: &EvaluateRequest,
    placements: &[Option<Placement>],
    tally: &Tally,
    index: usize,
    export: &Export,
) -> Result<Outcome, String> {
    if export.kind == DataKind::Core {
        return Ok(outcome(
            edition,
            export,
            id::CORE,
            vec![
                "National core data is outside negative-list management and follows the \
                  stricter national core-data regime."
                    .to_string(),
            ],
        ));
    }
    if export.export_controlled {
        return Ok(outcome(
            edition,
            export,
            id::EXPORT_CONTROL,
            vec![
                "The list does not apply to export-controlled items or technology-export \
                  matters: the export-licence duties of the Export Control Law and the Foreign \
                  Trade Law govern."
                    .to_string(),
            ],
        ));
    }
    let ciio = request.handler.ciio;
    match export.kind {
        DataKind::Core => unreachable!("decided above"),
        DataKind::General => Ok(outcome(edition, export, id::GENERAL, vec![])),
        DataKind::Important if export.notified => {
            Ok(outcome(edition, export, id::IMPORTANT, vec![]))
        }
        DataKind::Important => Ok(outcome(
            edition,
            export,
            id::IMPORTANT_NOT_NOTIFIED,
            vec![
                "No authority has notified or published this data as important data, so no \
                  security assessment need be declared for it as important data; any personal \
                  information in it belongs in a personal export."
                    .to_string(),
            ],
        )),
        DataKind::Genetic => Ok(genetic(edition, export, ciio)),
        DataKind::Personal if ciio => ciio_personal(edition, tally, index, export),
        DataKind::Personal => {
            let placement = placements[index]
                .as_ref()
                .expect("every personal export of a non-CIIO is placed");
            personal(edition, tally, index, export, placement)
        }
    }
}

fn genetic(edition: &Edition, export: &Export, ciio: bool) -> Outcome {
    let rule = if export.hgr_cleared {
        id::GENETIC_CLEARED
    } else {
        id::GENETIC
    };
    let mut hgr = "Human genetic resources duties run alongside: before human genetic resource \
                   information is provided or opened abroad, a prior report (filing) with an \
                   information backup is required, and a security review where exome or genome \
                   sequencing information of more than 500 persons is provided (HGR Regulation \
                   Art. 28; Implementing Rules Arts 36-37)."
        .to_string();
    if let Some(persons) = export.persons.filter(|p| *p > HGR_REVIEW_PERSONS) {
        hgr.push_str(&format!(
            " This export covers {} persons, more than 500: if it is exome or genome \
             sequencing information, the security review applies.",
            thousands(persons)
        ));
    }
    let mut notes = vec![hgr];
    if ciio {
        notes.push(
            "The handler is a critical information infrastructure operator: Measures Art. 8(1) \
             makes a CIIO's important data subject to a security assessment, and item 21 treats \
             genetic data as important data; confirm with the Area Administrative Committee \
             whether a security assessment is needed as well."
                .to_string(),
        );
    }
    outcome(edition, export, rule, notes)
}

fn exempt_note(export: &Export) -> Option<String> {
    (export.exempt_persons > 0).then(|| {
        let under = if export.exempt_bases.is_empty() {
            "CBDF Provisions Arts 3, 4, 5(1)-(3) or 6".to_string()
        } else {
            bases_in_words(&export.exempt_bases)
        };
        let n = export.exempt_persons;
        format!(
            "{} of this export {} sent under {under} and {} left out of the count, as the list \
             directs.",
            text::persons(n),
            text::was_were(n),
            text::is_are(n)
        )
    })
}

/// For an export none of whose persons are counted, with the bases known: the rule citing the
/// article (several articles: Arts 3-6, named in a note). The export needs no procedure however
/// many persons the rest of its scenario reaches.
fn all_exempt_rule(export: &Export, notes: &mut Vec<String>) -> Option<&'static str> {
    match exempt_rule::deciding(export)? {
        Deciding::Citing(rule) => Some(rule),
        Deciding::Several(bases) => {
            notes.push(format!(
                "Every person of this export was sent under {}; none is counted.",
                bases_in_words(bases)
            ));
            Some(id::NO_COUNTED_PERSONS)
        }
    }
}

fn ciio_personal(
    edition: &Edition,
    tally: &Tally,
    index: usize,
    export: &Export,
) -> Result<Outcome, String> {
    let key = group_key(export, None);
    // The ledger's exact count of this export alone, or its own persons.
    let counted = tally
        .others_total(&key, index)
        .saturating_add(persons_of(export)?);
    let rule = if counted > 0 {
        id::CIIO
    } else {
        id::NO_COUNTED_PERSONS
    };
    let mut notes = vec![
        "A critical information infrastructure operator needs a security \
                          assessment for any counted personal information (Measures Art. 8(1)); \
                          the list's volume bands do not apply to it."
            .to_string(),
    ];
    notes.extend(exempt_note(export));
    let rule = match all_exempt_rule(export, &mut notes) {
        Some(exempt) if counted == 0 => exempt,
        _ => rule,
    };
    let ladder = [(0, rule), (1, id::CIIO)]
        .into_iter()
        .map(|(from, rule)| Step {
            from,
            route: edition.route_of(rule),
            rule: rule.to_string(),
        })
        .collect();
    Ok(Outcome {
        count: Some(Count {
            total: counted,
            ..tally.count(&key, index, CIIO_SCENARIO)
        }),
        ladder,
        ..outcome(edition, export, rule, notes)
    })
}

fn personal(
    edition: &Edition,
    tally: &Tally,
    index: usize,
    export: &Export,
    placement: &Placement,
) -> Result<Outcome, String> {
    let scenario = placement.scenario;
    let own = persons_of(export)?;
    let key = group_key(export, Some(placement));
    // With a ledger the group's total is the exact number of distinct persons in the scenario.
    let total = tally.others_total(&key, index).saturating_add(own);
    let mut notes = placement.notes.clone();
    notes.extend(exempt_note(export));
    let (rule, ladder) = match all_exempt_rule(export, &mut notes) {
        Some(exempt) => {
            let uncounted = Step {
                from: 0,
                route: edition.route_of(exempt),
                rule: exempt.to_string(),
            };
            let others = total - own;
            let ladder = ladder::for_uncounted(uncounted, &edition.ladder(scenario), others);
            (exempt, ladder)
        }
        None => (edition.rule_for(scenario, total), edition.ladder(scenario)),
    };
    let route = edition.route_of(rule);

    if national_would_exempt(export, route, total) {
        notes.push(format!(
            "Read literally, the list puts this export under item {}. The national CBDF Provisions \
             Art. 5(4) would exempt a handler that is not a CIIO sending non-sensitive personal \
             information of fewer than 100,000 persons in the year (all its non-sensitive exports \
             together); within the list's sectors the list's route is kept.",
            rule.trim_start_matches("item-")
        ));
    }
    if tally.is_exact(&key) {
        notes.push(format!(
            "Counted from the transfer ledger: {} distinct natural persons in this scenario since \
             1 January, each once however many exports or transfers carried them.",
            thousands(total)
        ));
    }
    Ok(Outcome {
        count: Some(Count {
            total,
            ..tally.count(&key, index, scenario.label())
        }),
        ladder,
        ..outcome(edition, export, rule, notes)
    })
}

fn national_would_exempt(export: &Export, route: Route, total: u64) -> bool {
    !export.sensitive
        && route == Route::StandardContractOrCertification
        && total < NATIONAL_NON_SENSITIVE_EXEMPTION
}
