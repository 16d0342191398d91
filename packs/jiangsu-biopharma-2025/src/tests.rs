//! Unit tests: every rule, every threshold edge, cumulative counting and the outcome invariants
//! the host relies on. `cases` replays the golden case files.

mod cases;

use crate::JiangsuBiopharma2025;
use ftzroute_plugin_api::abi::{status, Sink};
use ftzroute_plugin_api::sdk::cases::headroom;
use ftzroute_plugin_api::sdk::{describe_entry, evaluate_json};
use ftzroute_plugin_api::{
    CbdfBasis, DataKind, Description, EvaluateRequest, EvaluateResponse, Export, Handler, Outcome,
    Pack, Route, Subject, REQUEST_SCHEMA,
};
use std::collections::HashSet;

const SA: Route = Route::SecurityAssessment;
const SCC: Route = Route::StandardContractOrCertification;
const EXEMPT: Route = Route::Exempt;

fn export(id: &str, kind: DataKind) -> Export {
    Export {
        id: id.into(),
        kind,
        subject: None,
        sensitive: false,
        persons: None,
        exempt_persons: 0,
        exempt_bases: vec![],
        serious_harm: false,
        name_and_contact: false,
        notified: true,
        hgr_cleared: false,
        export_controlled: false,
        scenario: None,
    }
}

fn personal(id: &str, subject: Subject, sensitive: bool, persons: u64) -> Export {
    Export {
        subject: Some(subject),
        sensitive,
        persons: Some(persons),
        ..export(id, DataKind::Personal)
    }
}

fn request(ciio: bool, exports: Vec<Export>) -> EvaluateRequest {
    EvaluateRequest {
        schema: REQUEST_SCHEMA,
        as_of: "2025-10-01".into(),
        handler: Handler {
            name: "Example Biologics (Suzhou) Co., Ltd.".into(),
            sector: "biological-drug-manufacturing".into(),
            ciio,
            persons_processed: None,
        },
        exports,
        routes_only: false,
        group_counts: Default::default(),
        counted_from: None,
        probes: Vec::new(),
    }
}

/// Evaluates and checks the invariants every outcome must keep.
fn evaluate(request: &EvaluateRequest) -> EvaluateResponse {
    let response = JiangsuBiopharma2025::evaluate(request).expect("evaluates");
    let description = JiangsuBiopharma2025::describe();
    assert_eq!(response.exports.len(), request.exports.len());
    for (outcome, export) in response.exports.iter().zip(&request.exports) {
        assert_eq!(outcome.id, export.id, "outcomes in request order");
        check_outcome(&description, outcome);
    }
    response
}

fn check_outcome(description: &Description, outcome: &Outcome) {
    let rule = description
        .rule(&outcome.rule)
        .unwrap_or_else(|| panic!("{}: undeclared rule {}", outcome.id, outcome.rule));
    assert_eq!(
        outcome.route, rule.route,
        "{}: route of {}",
        outcome.id, rule.id
    );
    match &outcome.count {
        None => assert!(
            outcome.ladder.is_empty(),
            "{}: ladder without count",
            outcome.id
        ),
        Some(count) => {
            let ladder = &outcome.ladder;
            assert_eq!(
                ladder.first().map(|s| s.from),
                Some(0),
                "{}: ladder from 0",
                outcome.id
            );
            assert!(
                ladder.windows(2).all(|w| w[0].from < w[1].from),
                "{}: ascending",
                outcome.id
            );
            for step in ladder {
                let step_rule = description.rule(&step.rule).unwrap_or_else(|| {
                    panic!("{}: undeclared ladder rule {}", outcome.id, step.rule)
                });
                assert_eq!(step.route, step_rule.route, "{}: ladder route", outcome.id);
            }
            let band = ladder.iter().rev().find(|s| s.from <= count.total).unwrap();
            assert_eq!(
                band.rule, outcome.rule,
                "{}: rule is the ladder's at total",
                outcome.id
            );
            assert!(
                !count.with.contains(&outcome.id),
                "{}: with names others only",
                outcome.id
            );
        }
    }
}

fn one(export: Export) -> Outcome {
    one_for(false, export)
}

fn one_for(ciio: bool, export: Export) -> Outcome {
    evaluate(&request(ciio, vec![export])).exports.remove(0)
}

fn list_item(rule: &str) -> Option<u32> {
    JiangsuBiopharma2025::describe()
        .rule(rule)
        .and_then(|r| r.list_item)
}

/// Headroom as the host computes it, in this export's own counted persons.
fn next(outcome: &Outcome, own: u64) -> Option<(Route, u64)> {
    headroom(outcome, own).map(|next| (next.route, next.at_persons))
}

#[test]
fn description_is_complete_and_consistent() {
    let description = JiangsuBiopharma2025::describe();
    assert_eq!(description.id, "jiangsu-biopharma-2025");
    assert_eq!(description.zone, "jiangsu");
    assert_eq!(description.edition, "2025");
    assert_eq!(description.issued, "2025-08-13");
    assert_eq!(description.effective_from, "2025-08-13");
    assert_eq!(description.effective_until, None);
    assert_eq!(description.issuers.len(), 3);
    for sector in [
        "api-manufacturing",
        "chemical-drug-manufacturing",
        "biological-drug-manufacturing",
        "medical-device-manufacturing",
    ] {
        assert!(description.covers_sector(sector), "{sector}");
    }
    assert!(!description.covers_sector("contract-research"));
    assert!(description.interpretations.len() >= 9);

    let mut ids = HashSet::new();
    for rule in &description.rules {
        assert!(
            ids.insert(rule.id.as_str()),
            "duplicate rule id {}",
            rule.id
        );
        assert!(
            !rule.citation.zh.trim().is_empty(),
            "{}: zh citation",
            rule.id
        );
        assert!(
            !rule.citation.en.trim().is_empty(),
            "{}: en citation",
            rule.id
        );
        assert!(
            !rule.citation.en_official,
            "{}: unofficial English",
            rule.id
        );
        assert!(!rule.basis.trim().is_empty(), "{}: basis", rule.id);
        assert_ne!(rule.route, Route::Undetermined, "{}", rule.id);
    }
    for item in 7..=20u32 {
        let rule = description
            .rule(&format!("item-{item}"))
            .expect("item rule");
        assert_eq!(rule.list_item, Some(item));
        let (route, tier) = if item <= 13 { (SA, 1) } else { (SCC, 2) };
        assert_eq!(rule.route, route, "item {item}");
        assert_eq!(
            rule.basis,
            format!("Jiangsu FTZ data-export negative list (2025), Tier {tier} item {item}")
        );
        assert!(
            rule.citation.zh.contains(&format!("第{item}项")),
            "item {item} zh"
        );
    }
    for id in [
        "art-22-core",
        "art-23-export-control",
        "general-data",
        "important-not-notified",
        "important-data",
        "art-8-ciio",
        "no-counted-persons",
        "art-10-off-list",
        "item-21",
        "item-21-hgr-cleared",
        "exempt-art-3",
        "exempt-art-4",
        "exempt-art-5-1-1",
        "exempt-art-5-1-2",
        "exempt-art-5-1-3",
        "exempt-art-6",
    ] {
        assert!(description.rule(id).is_some(), "{id}");
    }
    assert_eq!(description.rules.len(), 30);
    assert_eq!(description.rule("item-21").unwrap().list_item, Some(21));
    assert_eq!(
        description.rule("item-21-hgr-cleared").unwrap().list_item,
        Some(21)
    );
    assert_eq!(description.rule("important-data").unwrap().list_item, None);
}

type Edges = &'static [(u64, &'static str, &'static str)];
const OFF: &str = "art-10-off-list";

/// Subject, sensitivity, name-and-contact, serious harm; then every band start above 0 with the
/// rule below it and the rule from it. Written out here, apart from the pack's own tables.
#[rustfmt::skip]
const EDGES: &[(Subject, bool, bool, bool, Edges)] = &[
    (Subject::TrialSubject, true, false, false, &[(10_000, OFF, "item-14"), (50_000, "item-14", "item-7")]),
    (Subject::Patient, true, false, false, &[(10_000, OFF, "item-15"), (100_000, "item-15", "item-8")]),
    (Subject::Professional, false, false, false, &[(10_000, OFF, "item-16"), (200_000, "item-16", "item-9")]),
    (Subject::Professional, true, false, false, &[(10_000, OFF, "item-17"), (100_000, "item-17", "item-10")]),
    (Subject::DeviceUser, true, false, false, &[(1, OFF, "item-18"), (100_000, "item-18", "item-11")]),
    (Subject::BusinessContact, true, false, false, &[(1, OFF, "item-19"), (100_000, "item-19", "item-12")]),
    (Subject::BusinessContact, false, false, false, &[(100_000, OFF, "item-20"), (1_000_000, "item-20", "item-13")]),
    (Subject::Other, false, false, false, &[(100_000, OFF, "item-20"), (1_000_000, "item-20", "item-13")]),
    (Subject::Other, true, false, false, &[(1, OFF, "item-20"), (10_000, "item-20", "item-13")]),
    (Subject::Patient, true, true, false, &[(1, OFF, "item-20"), (10_000, "item-20", "item-13")]),
    (Subject::Patient, false, true, false, &[(100_000, OFF, "item-20"), (1_000_000, "item-20", "item-13")]),
    (Subject::DeviceUser, true, true, false, &[(1, OFF, "item-20"), (10_000, "item-20", "item-13")]),
    (Subject::TrialSubject, true, false, true, &[(1, OFF, "item-7")]),
    (Subject::Patient, true, false, true, &[(1, OFF, "item-8")]),
    (Subject::DeviceUser, true, false, true, &[(1, OFF, "item-11")]),
    // Serious harm does not lift data that already left items 8 / 15 for the catch-all.
    (Subject::Patient, true, true, true, &[(1, OFF, "item-20"), (10_000, "item-20", "item-13")]),
    (Subject::Professional, true, false, true, &[(10_000, OFF, "item-17"), (100_000, "item-17", "item-10")]),
];

#[test]
fn every_threshold_edge_at_n_minus_1_and_n() {
    for &(subject, sensitive, name_and_contact, serious_harm, edges) in EDGES {
        for &(n, below, at) in edges {
            for (persons, expected) in [(n - 1, below), (n, at)] {
                let export = Export {
                    name_and_contact,
                    serious_harm,
                    ..personal("x", subject, sensitive, persons)
                };
                let outcome = one(export);
                assert_eq!(
                    outcome.rule, expected,
                    "{subject:?} sensitive={sensitive} nac={name_and_contact} harm={serious_harm} at {persons}"
                );
                assert_eq!(outcome.count.as_ref().unwrap().total, persons);
            }
        }
    }
}

#[test]
fn next_headroom_reevaluates_to_the_stricter_route() {
    let grid = [
        0, 1, 9_999, 10_000, 49_999, 50_000, 99_999, 100_000, 199_999, 999_999, 1_000_000,
    ];
    for &(subject, sensitive, name_and_contact, serious_harm, _) in EDGES {
        for persons in grid {
            // A second export in the same scenario, so headroom must account for it.
            let make = |id: &str, persons: u64| Export {
                name_and_contact,
                serious_harm,
                ..personal(id, subject, sensitive, persons)
            };
            let exports = vec![make("a", persons), make("b", 3)];
            let outcome = evaluate(&request(false, exports.clone())).exports.remove(0);
            let Some((route, at)) = next(&outcome, persons) else {
                assert_eq!(
                    outcome.route, SA,
                    "{subject:?} at {persons}: only the top band has no next"
                );
                continue;
            };
            let mut raised = exports.clone();
            raised[0].persons = Some(at);
            let at_next = evaluate(&request(false, raised.clone())).exports.remove(0);
            assert_eq!(at_next.route, route, "{subject:?} raised to {at}");
            raised[0].persons = Some(at - 1);
            let below = evaluate(&request(false, raised)).exports.remove(0);
            assert_eq!(
                below.route,
                outcome.route,
                "{subject:?} raised to {}",
                at - 1
            );
        }
    }
}

#[test]
fn counts_add_up_within_a_scenario() {
    let response = evaluate(&request(
        false,
        vec![
            personal("eu-trial", Subject::TrialSubject, true, 30_000),
            personal("us-trial", Subject::TrialSubject, true, 19_999),
        ],
    ));
    for outcome in &response.exports {
        assert_eq!(outcome.rule, "item-14");
        assert_eq!(outcome.count.as_ref().unwrap().total, 49_999);
    }
    assert_eq!(
        response.exports[0].count.as_ref().unwrap().with,
        vec!["us-trial"]
    );
    assert_eq!(next(&response.exports[0], 30_000), Some((SA, 30_001)));

    let response = evaluate(&request(
        false,
        vec![
            personal("eu-trial", Subject::TrialSubject, true, 30_000),
            personal("us-trial", Subject::TrialSubject, true, 20_000),
        ],
    ));
    assert!(response.exports.iter().all(|o| o.rule == "item-7"));
}

#[test]
fn catch_all_adds_sensitive_and_non_sensitive_separately() {
    let response = evaluate(&request(
        false,
        vec![
            personal("ids", Subject::Other, true, 5_000),
            personal("newsletter", Subject::Other, false, 99_999),
        ],
    ));
    assert_eq!(response.exports[0].rule, "item-20");
    assert_eq!(response.exports[0].count.as_ref().unwrap().total, 5_000);
    assert!(response.exports[0].count.as_ref().unwrap().with.is_empty());
    assert_eq!(response.exports[1].rule, "art-10-off-list");
    assert_eq!(response.exports[1].count.as_ref().unwrap().total, 99_999);

    // Patients with names join the sensitive catch-all with other sensitive data.
    let named = Export {
        name_and_contact: true,
        ..personal("named-patients", Subject::Patient, true, 4_000)
    };
    let response = evaluate(&request(
        false,
        vec![personal("ids", Subject::Other, true, 6_000), named],
    ));
    assert!(response.exports.iter().all(|o| o.rule == "item-13"));
    assert_eq!(
        response.exports[1].count.as_ref().unwrap().with,
        vec!["ids"]
    );
}

#[test]
fn scenarios_do_not_mix() {
    let harmful = Export {
        serious_harm: true,
        ..personal("rare-disease", Subject::TrialSubject, true, 10_000)
    };
    let response = evaluate(&request(
        false,
        vec![
            personal("hcp", Subject::Professional, false, 150_000),
            personal("hcp-bank", Subject::Professional, true, 60_000),
            personal("trial", Subject::TrialSubject, true, 45_000),
            harmful,
            personal("patients", Subject::Patient, true, 9_000),
        ],
    ));
    let rules: Vec<&str> = response.exports.iter().map(|o| o.rule.as_str()).collect();
    assert_eq!(
        rules,
        ["item-16", "item-17", "item-14", "item-7", "art-10-off-list"]
    );
    assert!(response.exports[2].count.as_ref().unwrap().with.is_empty());
    assert!(response.exports[3].count.as_ref().unwrap().with.is_empty());
}

#[test]
fn exempt_persons_are_left_out_of_the_count() {
    let below = one(Export {
        exempt_persons: 501,
        exempt_bases: vec![],
        ..personal("t", Subject::TrialSubject, true, 10_500)
    });
    assert_eq!(below.rule, "art-10-off-list");
    assert_eq!(below.count.as_ref().unwrap().total, 9_999);
    assert!(below
        .notes
        .iter()
        .any(|n| n.contains("501 persons") && n.contains("left out of the count")));

    let at = one(Export {
        exempt_persons: 500,
        exempt_bases: vec![],
        ..personal("t", Subject::TrialSubject, true, 10_500)
    });
    assert_eq!(at.rule, "item-14");
    assert!(at.notes.iter().any(|n| n.contains("500 persons")));

    let none = one(personal("t", Subject::TrialSubject, true, 10_500));
    assert!(!none
        .notes
        .iter()
        .any(|n| n.contains("left out of the count")));
}

#[test]
fn critical_information_infrastructure_operators() {
    let any = one_for(true, personal("t", Subject::Other, false, 1));
    assert_eq!((any.rule.as_str(), any.route), ("art-8-ciio", SA));
    let count = any.count.as_ref().unwrap();
    assert_eq!(count.total, 1);
    assert!(count
        .scenario
        .contains("critical information infrastructure"));
    assert_eq!(next(&any, 1), None);

    let none = one_for(
        true,
        Export {
            exempt_persons: 300,
            exempt_bases: vec![],
            ..personal("t", Subject::TrialSubject, true, 300)
        },
    );
    assert_eq!(
        (none.rule.as_str(), none.route),
        ("no-counted-persons", EXEMPT)
    );
    assert_eq!(next(&none, 0), Some((SA, 1)));
    assert!(none.notes.iter().any(|n| n.contains("300 persons")));

    // A CIIO's counts are its own: no summing with other exports.
    let response = evaluate(&request(
        true,
        vec![
            personal("a", Subject::TrialSubject, true, 0),
            personal("b", Subject::TrialSubject, true, 70_000),
        ],
    ));
    assert_eq!(response.exports[0].rule, "no-counted-persons");
    assert_eq!(response.exports[1].rule, "art-8-ciio");
    assert!(response.exports[1].count.as_ref().unwrap().with.is_empty());

    assert_eq!(
        one_for(true, export("rd", DataKind::Important)).rule,
        "important-data"
    );
    assert_eq!(
        one_for(true, export("ops", DataKind::General)).rule,
        "general-data"
    );
    let genetic = one_for(
        true,
        Export {
            persons: Some(200),
            ..export("wgs", DataKind::Genetic)
        },
    );
    assert_eq!(genetic.rule, "item-21");
    assert!(genetic
        .notes
        .iter()
        .any(|n| n.contains("Area Administrative Committee")));
}

#[test]
fn carve_outs_come_before_everything_and_in_order() {
    let core = one(Export {
        export_controlled: true,
        ..export("c", DataKind::Core)
    });
    assert_eq!(
        (core.rule.as_str(), core.route),
        ("art-22-core", Route::CoreDataRegime)
    );

    for kind in [
        DataKind::Personal,
        DataKind::Important,
        DataKind::Genetic,
        DataKind::General,
    ] {
        let controlled = Export {
            export_controlled: true,
            subject: (kind == DataKind::Personal).then_some(Subject::TrialSubject),
            persons: matches!(kind, DataKind::Personal | DataKind::Genetic).then_some(80_000),
            ..export("x", kind)
        };
        for ciio in [false, true] {
            let outcome = one_for(ciio, controlled.clone());
            assert_eq!(
                outcome.rule, "art-23-export-control",
                "{kind:?} ciio={ciio}"
            );
            assert_eq!(outcome.route, Route::ExportControl);
            assert!(outcome.count.is_none());
        }
    }

    // An export-controlled export is not added into its scenario's total.
    let response = evaluate(&request(
        false,
        vec![
            Export {
                export_controlled: true,
                ..personal("controlled", Subject::TrialSubject, true, 40_000)
            },
            personal("trial", Subject::TrialSubject, true, 20_000),
        ],
    ));
    assert_eq!(response.exports[1].rule, "item-14");
    assert_eq!(response.exports[1].count.as_ref().unwrap().total, 20_000);
}

#[test]
fn important_general_and_genetic_data() {
    let notified = one(export("i", DataKind::Important));
    assert_eq!(
        (notified.rule.as_str(), notified.route),
        ("important-data", SA)
    );
    assert_eq!(list_item(&notified.rule), None);

    let unnotified = one(Export {
        notified: false,
        ..export("i", DataKind::Important)
    });
    assert_eq!(
        (unnotified.rule.as_str(), unnotified.route),
        ("important-not-notified", EXEMPT)
    );

    let general = one(export("g", DataKind::General));
    assert_eq!(
        (general.rule.as_str(), general.route),
        ("general-data", EXEMPT)
    );

    let genetic = Export {
        persons: Some(501),
        ..export("wgs", DataKind::Genetic)
    };
    let pending = one(genetic.clone());
    assert_eq!(
        (pending.rule.as_str(), pending.route),
        ("item-21", Route::OtherLawfulRoute)
    );
    assert_eq!(list_item(&pending.rule), Some(21));
    assert!(pending.count.is_none());
    assert!(pending
        .notes
        .iter()
        .any(|n| n.contains("prior report") && n.contains("more than 500")));
    assert!(!pending
        .notes
        .iter()
        .any(|n| n.contains("Area Administrative Committee")));

    let cleared = one(Export {
        hgr_cleared: true,
        persons: Some(500),
        ..genetic
    });
    assert_eq!(
        (cleared.rule.as_str(), cleared.route),
        ("item-21-hgr-cleared", EXEMPT)
    );
    assert_eq!(list_item(&cleared.rule), Some(21));
    assert!(cleared.notes.iter().any(|n| n.contains("prior report")));
    assert!(!cleared
        .notes
        .iter()
        .any(|n| n.contains("This export covers")));
}

#[test]
fn notes_explain_placements_and_the_national_difference() {
    let hcp = one(personal("hcp", Subject::Professional, false, 10_000));
    assert!(hcp
        .notes
        .iter()
        .any(|n| n.contains("Art. 5(4)") && n.contains("item 16")));
    let big = one(personal("hcp", Subject::Professional, false, 100_000));
    assert_eq!(big.rule, "item-16");
    assert!(!big.notes.iter().any(|n| n.contains("Art. 5(4)")));
    let sensitive = one(personal("hcp", Subject::Professional, true, 10_000));
    assert!(!sensitive.notes.iter().any(|n| n.contains("Art. 5(4)")));
    // The national comparison follows the scenario total, not the export alone.
    let response = evaluate(&request(
        false,
        vec![
            personal("a", Subject::Professional, false, 60_000),
            personal("b", Subject::Professional, false, 40_000),
        ],
    ));
    assert!(response
        .exports
        .iter()
        .all(|o| !o.notes.iter().any(|n| n.contains("Art. 5(4)"))));

    let named = one(Export {
        name_and_contact: true,
        ..personal("p", Subject::Patient, true, 9_999)
    });
    assert_eq!(named.rule, "item-20");
    assert!(named.notes.iter().any(|n| n.contains("catch-all")));

    let contacts = one(personal("c", Subject::BusinessContact, false, 100_000));
    assert_eq!(contacts.rule, "item-20");
    assert!(contacts.notes.iter().any(|n| n.contains("Items 12 / 19")));

    let harm = one(Export {
        serious_harm: true,
        ..personal("t", Subject::TrialSubject, true, 1)
    });
    assert!(harm
        .notes
        .iter()
        .any(|n| n.contains("serious harm") && n.contains("item 7")));
    let ignored = one(Export {
        serious_harm: true,
        ..personal("o", Subject::Other, true, 1)
    });
    assert!(ignored.notes.iter().any(|n| n.contains("does not change")));

    let plain = one(personal("t", Subject::TrialSubject, true, 20_000));
    assert!(plain.notes.is_empty(), "{:?}", plain.notes);
}

#[test]
fn the_c_abi_round_trip_works() {
    let mut buffer = Vec::new();
    assert_eq!(
        describe_entry::<JiangsuBiopharma2025>(Sink::for_vec(&mut buffer)),
        status::OK
    );
    let description: Description = serde_json::from_slice(&buffer).expect("description JSON");
    assert_eq!(description, JiangsuBiopharma2025::describe());

    let request = request(
        false,
        vec![personal("t", Subject::TrialSubject, true, 42_000)],
    );
    let (code, body) =
        evaluate_json::<JiangsuBiopharma2025>(&serde_json::to_vec(&request).unwrap());
    assert_eq!(code, status::OK, "{}", String::from_utf8_lossy(&body));
    let response: EvaluateResponse = serde_json::from_slice(&body).unwrap();
    assert_eq!(response.exports[0].rule, "item-14");

    let mut wrong = request.clone();
    wrong.schema = REQUEST_SCHEMA + 1;
    let (code, _) = evaluate_json::<JiangsuBiopharma2025>(&serde_json::to_vec(&wrong).unwrap());
    assert_eq!(code, status::FAILED);

    let mut no_persons = request;
    no_persons.exports[0].persons = None;
    assert!(JiangsuBiopharma2025::evaluate(&no_persons).is_err());
}

#[test]
fn the_2025_edition_checks_and_is_what_the_pack_serves() {
    let edition = crate::edition_2025();
    assert_eq!(edition.check(), Ok(()));
    assert_eq!(crate::describe(&edition), JiangsuBiopharma2025::describe());
    let request = request(
        false,
        vec![personal("t", Subject::TrialSubject, true, 42_000)],
    );
    assert_eq!(
        crate::evaluate(&edition, &request),
        JiangsuBiopharma2025::evaluate(&request)
    );
}

#[test]
fn check_rejects_an_edition_the_evaluation_cannot_use() {
    use crate::{edition_2025, Band, Scenario};
    let broken = |change: fn(&mut crate::Edition)| {
        let mut edition = edition_2025();
        change(&mut edition);
        edition.check().unwrap_err()
    };
    let error = broken(|e| {
        e.ladders.remove(&Scenario::Patient);
    });
    assert!(error.contains("no ladder for Patient"), "{error}");
    let error = broken(|e| e.set_band(Scenario::Patient, "art-10-off-list", 1));
    assert!(error.contains("does not start at 0"), "{error}");
    let error = broken(|e| {
        let bands = e.ladders.get_mut(&Scenario::Patient).unwrap();
        bands.push(Band {
            from: 100_000,
            rule: "item-8".into(),
        });
    });
    assert!(error.contains("not strictly ascending"), "{error}");
    let error = broken(|e| e.set_band(Scenario::Patient, "item-99", 500_000));
    assert!(error.contains("undeclared rule `item-99`"), "{error}");
    let error = broken(|e| e.description.rules.retain(|r| r.id != "art-8-ciio"));
    assert!(error.contains("`art-8-ciio` is not declared"), "{error}");
    let error = broken(|e| {
        let copy = e.description.rules[0].clone();
        e.description.rules.push(copy);
    });
    assert!(error.contains("declared twice"), "{error}");
}

#[test]
fn a_derived_edition_decides_with_its_own_bands_and_rules() {
    use crate::{edition_2025, Scenario};
    let mut edition = edition_2025();
    edition.set_band(Scenario::TrialSubject, "item-14", 5_000);
    let mut extra = edition.description.rule("item-7").unwrap().clone();
    extra.id = "item-99".into();
    extra.list_item = Some(99);
    edition.description.rules.push(extra);
    edition.set_band(Scenario::TrialSubject, "item-99", 500_000);
    assert_eq!(edition.check(), Ok(()));
    let bands: Vec<(u64, &str)> = edition
        .bands(Scenario::TrialSubject)
        .iter()
        .map(|band| (band.from, band.rule.as_str()))
        .collect();
    assert_eq!(
        bands,
        [
            (0, "art-10-off-list"),
            (5_000, "item-14"),
            (50_000, "item-7"),
            (500_000, "item-99")
        ]
    );

    let rule_at = |persons: u64| {
        let request = request(
            false,
            vec![personal("t", Subject::TrialSubject, true, persons)],
        );
        let mut response = crate::evaluate(&edition, &request).unwrap();
        let outcome = response.exports.remove(0);
        check_outcome(&edition.description, &outcome);
        outcome.rule
    };
    assert_eq!(rule_at(4_999), "art-10-off-list");
    assert_eq!(rule_at(5_000), "item-14");
    assert_eq!(rule_at(499_999), "item-7");
    assert_eq!(rule_at(500_000), "item-99");
    // The 2025 edition is untouched by the derived one.
    assert_eq!(
        one(personal("t", Subject::TrialSubject, true, 5_000)).rule,
        "art-10-off-list"
    );
}

#[test]
fn a_relabelled_edition_names_itself_in_every_list_basis() {
    let mut edition = crate::edition_2025();
    edition.relabel("2026 draft");
    let rule = |id: &str| edition.description.rule(id).unwrap().basis.clone();
    assert_eq!(
        rule("item-14"),
        "Jiangsu FTZ data-export negative list (2026 draft), Tier 2 item 14"
    );
    assert_eq!(
        rule("item-21"),
        "Jiangsu FTZ data-export negative list (2026 draft), item 21"
    );
    assert!(edition
        .description
        .rules
        .iter()
        .all(|r| !r.basis.contains("(2025)")));
    // Articles of the Measures are not the list: they keep their own basis.
    assert_eq!(
        rule("important-not-notified"),
        "Jiangsu FTZ Measures Art. 17"
    );
}

fn declared_group(outcome: &Outcome) -> &ftzroute_plugin_api::CountGroup {
    outcome
        .count
        .as_ref()
        .and_then(|count| count.group.as_ref())
        .expect("a declared group")
}

#[test]
fn each_scenario_is_a_counting_group_and_serious_harm_counts_alone() {
    let mut harmful = personal("harmful", Subject::Patient, true, 10);
    harmful.serious_harm = true;
    let response = evaluate(&request(
        false,
        vec![
            personal("trial-a", Subject::TrialSubject, true, 30_000),
            personal("pv", Subject::Patient, true, 5_000),
            personal("trial-b", Subject::TrialSubject, true, 30_000),
            harmful,
        ],
    ));
    let trial = declared_group(&response.exports[0]);
    assert_eq!(trial.key, "scenario:trial-subject");
    assert_eq!(trial.exports, ["trial-a", "trial-b"]);
    assert!(trial.scenario);
    assert_eq!(declared_group(&response.exports[2]), trial);
    let patients = declared_group(&response.exports[1]);
    assert_eq!(patients.key, "scenario:patient");
    assert_eq!(patients.exports, ["pv"]);
    let alone = declared_group(&response.exports[3]);
    assert_eq!(alone.key, "alone:harmful");
    assert!(alone.scenario, "a list row's scenario, counted alone");

    let ciio = evaluate(&request(
        true,
        vec![personal("trial-a", Subject::TrialSubject, true, 3)],
    ));
    let ciio_group = declared_group(&ciio.exports[0]);
    assert_eq!(ciio_group.key, "alone:trial-a");
    assert!(!ciio_group.scenario);
}

#[test]
fn an_exact_scenario_count_replaces_the_sum_of_its_exports() {
    // 30,000 + 30,000 trial subjects add up to item 7 (50,000 or more); the ledger finds that
    // 15,000 took part in both trials: 45,000 distinct persons, item 14.
    let mut both = request(
        false,
        vec![
            personal("trial-a", Subject::TrialSubject, true, 30_000),
            personal("trial-b", Subject::TrialSubject, true, 30_000),
        ],
    );
    assert!(evaluate(&both).exports.iter().all(|o| o.rule == "item-7"));
    both.group_counts
        .insert("scenario:trial-subject".into(), 45_000);
    for outcome in evaluate(&both).exports {
        assert_eq!(outcome.rule, "item-14");
        assert_eq!(outcome.count.as_ref().unwrap().total, 45_000);
        assert!(outcome.notes.iter().any(|n| n.contains("45,000 distinct")));
    }
}

#[test]
fn an_all_exempt_export_under_several_bases_cites_arts_3_to_6() {
    let mut returns = personal("returns", Subject::TrialSubject, true, 900);
    returns.exempt_persons = 900;
    returns.exempt_bases = vec![CbdfBasis::Art4, CbdfBasis::Art5_1_3];
    let outcome = evaluate(&request(false, vec![returns])).exports.remove(0);
    assert_eq!(outcome.rule, "no-counted-persons");
    assert!(outcome
        .notes
        .iter()
        .any(|n| n.contains("CBDF Provisions Arts 4 and 5(1)(iii)")));
}
