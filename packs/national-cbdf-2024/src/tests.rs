use super::*;
use ftzroute_plugin_api::sdk::cases::Case;
use ftzroute_plugin_api::REQUEST_SCHEMA;
use ftzroute_plugin_api::{sdk::evaluate_json, CbdfBasis, Handler, Subject};
use std::collections::HashSet;

fn personal(id: &str, sensitive: bool, persons: u64) -> Export {
    Export {
        id: id.to_string(),
        kind: DataKind::Personal,
        subject: Some(Subject::Other),
        sensitive,
        persons: Some(persons),
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

fn of_kind(id: &str, kind: DataKind) -> Export {
    Export {
        kind,
        subject: None,
        persons: None,
        ..personal(id, false, 0)
    }
}

fn genetic(id: &str, persons: u64) -> Export {
    Export {
        persons: Some(persons),
        ..of_kind(id, DataKind::Genetic)
    }
}

fn request(ciio: bool, exports: Vec<Export>) -> EvaluateRequest {
    EvaluateRequest {
        schema: REQUEST_SCHEMA,
        as_of: "2025-10-01".to_string(),
        handler: Handler {
            name: "Example Motors (Wuhan) Co., Ltd.".to_string(),
            sector: "automotive".to_string(),
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

fn run(request: &EvaluateRequest) -> Vec<Outcome> {
    let outcomes = NationalCbdf2024::evaluate(request)
        .expect("evaluates")
        .exports;
    assert_eq!(outcomes.len(), request.exports.len());
    for (outcome, export) in outcomes.iter().zip(&request.exports) {
        assert_eq!(outcome.id, export.id, "outcomes in request order");
    }
    outcomes
}

/// The (route, rule) of every export.
fn decide_all(ciio: bool, exports: Vec<Export>) -> Vec<(Route, String)> {
    run(&request(ciio, exports))
        .into_iter()
        .map(|o| (o.route, o.rule))
        .collect()
}

fn one(ciio: bool, export: Export) -> Outcome {
    run(&request(ciio, vec![export])).remove(0)
}

/// `next` as the host computes it: the first band above the total with a stricter route, moved
/// to this export's own counted persons; then checked by re-evaluating, as the host does.
fn next(request: &EvaluateRequest, index: usize) -> Option<(Route, u64)> {
    let outcome = run(request).remove(index);
    let count = outcome.count.as_ref()?;
    let own = request.exports[index].counted_persons().expect("counted");
    let step = outcome
        .ladder
        .iter()
        .find(|step| step.from > count.total && step.route.is_stricter_than(outcome.route))?;
    let at = own + (step.from - count.total);
    let with_persons = |counted: u64| {
        let mut changed = request.clone();
        let export = &mut changed.exports[index];
        export.persons = Some(counted + export.exempt_persons);
        run(&changed).remove(index).route
    };
    assert_eq!(with_persons(at), step.route, "next verified at {at}");
    assert!(
        !with_persons(at - 1).is_stricter_than(outcome.route),
        "nothing stricter below {at}"
    );
    Some((step.route, at))
}

/// Every outcome is consistent with the description and its own ladder.
fn check_consistent(request: &EvaluateRequest) {
    let description = NationalCbdf2024::describe();
    for outcome in run(request) {
        let rule = description.rule(&outcome.rule).expect("declared rule");
        assert_eq!(outcome.route, rule.route, "{}", outcome.id);
        match &outcome.count {
            None => assert!(outcome.ladder.is_empty()),
            Some(count) => {
                assert_eq!(outcome.ladder.first().map(|s| s.from), Some(0));
                assert!(outcome.ladder.windows(2).all(|w| w[0].from < w[1].from));
                for step in &outcome.ladder {
                    let rule = description.rule(&step.rule).expect("declared ladder rule");
                    assert_eq!(step.route, rule.route);
                }
                let band = outcome
                    .ladder
                    .iter()
                    .rev()
                    .find(|s| s.from <= count.total)
                    .expect("band");
                assert_eq!(band.rule, outcome.rule, "{}: ladder agrees", outcome.id);
            }
        }
    }
    for index in 0..request.exports.len() {
        next(request, index);
    }
}

#[test]
fn description_is_complete() {
    let description = NationalCbdf2024::describe();
    assert_eq!(description.id, PACK_ID);
    assert_eq!(description.zone, ZONE);
    assert!(description.covers_sector("automotive"));
    assert_eq!(description.effective_until, None);
    let mut ids = HashSet::new();
    let mut bases = HashSet::new();
    for rule in &description.rules {
        assert!(ids.insert(rule.id.clone()), "duplicate rule id {}", rule.id);
        assert!(
            bases.insert(rule.basis.clone()),
            "duplicate basis {}",
            rule.basis
        );
        assert!(
            !rule.citation.zh.is_empty() && !rule.citation.en.is_empty(),
            "{}",
            rule.id
        );
        assert!(!rule.citation.en_official);
        assert_eq!(rule.list_item, None);
    }
    for id in [
        rule::CORE,
        rule::EXPORT_CONTROL,
        rule::GENERAL,
        rule::NOT_NOTIFIED,
        rule::CIIO,
        rule::IMPORTANT,
        rule::SENSITIVE_SA,
        rule::GENERAL_PI_SA,
        rule::SENSITIVE_SCC,
        rule::GENERAL_PI_SCC,
        rule::ART_5_4,
        rule::NO_COUNTED,
        exempt_rule::ART_3,
        exempt_rule::ART_4,
        exempt_rule::ART_5_1_1,
        exempt_rule::ART_5_1_2,
        exempt_rule::ART_5_1_3,
        exempt_rule::ART_6,
    ] {
        assert!(ids.contains(id), "{id} declared");
    }
    assert_eq!(ids.len(), 18);
    for scenario in [&SENSITIVE, &NON_SENSITIVE, &CIIO_ALONE] {
        for (_, id) in scenario.ladder {
            assert!(description.rule(id).is_some(), "{id}");
        }
    }
    // The description crosses the boundary as JSON and reads back unchanged.
    let mut buffer = Vec::new();
    let code = ftzroute_plugin_api::sdk::describe_entry::<NationalCbdf2024>(
        ftzroute_plugin_api::abi::Sink::for_vec(&mut buffer),
    );
    assert_eq!(code, ftzroute_plugin_api::abi::status::OK);
    let read_back: Description = serde_json::from_slice(&buffer).expect("valid JSON");
    assert_eq!(read_back, description);
}

#[test]
fn exact_basis_strings() {
    let description = NationalCbdf2024::describe();
    let basis = |id: &str| description.rule(id).unwrap().basis.clone();
    assert_eq!(basis(rule::SENSITIVE_SA), "CBDF Provisions Art. 7(2)");
    assert_eq!(basis(rule::SENSITIVE_SCC), "CBDF Provisions Art. 8");
    assert_eq!(basis(rule::ART_5_4), "CBDF Provisions Art. 5(4)");
    assert_eq!(basis(rule::CIIO), "CBDF Provisions Art. 7(1)");
    assert_eq!(basis(rule::NOT_NOTIFIED), "CBDF Provisions Art. 2");
    assert_eq!(basis(rule::GENERAL), "CBDF Provisions Art. 3");
    assert_eq!(
        basis(rule::GENERAL_PI_SCC),
        "CBDF Provisions Art. 8 (100,000 to under 1,000,000)"
    );
    assert_eq!(
        basis(rule::GENERAL_PI_SA),
        "CBDF Provisions Art. 7(2) (1,000,000 or more)"
    );
    assert_eq!(
        basis(rule::IMPORTANT),
        "CBDF Provisions Art. 7(2) (important data)"
    );
    assert_eq!(
        basis(rule::NO_COUNTED),
        "CBDF Provisions Arts 3-6 (no counted persons)"
    );
    assert_eq!(
        basis(rule::CORE),
        "Data Security Law Art. 21 (national core data)"
    );
    assert_eq!(
        basis(rule::EXPORT_CONTROL),
        "Export Control Law (export-controlled data)"
    );
}

#[test]
fn sensitive_edges() {
    use Route::*;
    let cases = [
        (
            0,
            NO_COUNTED_EXEMPT,
            Some((StandardContractOrCertification, 1)),
        ),
        (
            1,
            (StandardContractOrCertification, rule::SENSITIVE_SCC),
            Some((SecurityAssessment, 10_000)),
        ),
        (
            9_999,
            (StandardContractOrCertification, rule::SENSITIVE_SCC),
            Some((SecurityAssessment, 10_000)),
        ),
        (10_000, (SecurityAssessment, rule::SENSITIVE_SA), None),
        (5_000_000, (SecurityAssessment, rule::SENSITIVE_SA), None),
    ];
    for (persons, (route, rule), expected_next) in cases {
        let req = request(false, vec![personal("s", true, persons)]);
        let outcome = run(&req).remove(0);
        assert_eq!(
            (outcome.route, outcome.rule.as_str()),
            (route, rule),
            "{persons}"
        );
        assert_eq!(outcome.count.as_ref().unwrap().total, persons);
        assert_eq!(next(&req, 0), expected_next, "{persons}");
        check_consistent(&req);
    }
}

const NO_COUNTED_EXEMPT: (Route, &str) = (Route::Exempt, rule::NO_COUNTED);

#[test]
fn non_sensitive_edges() {
    use Route::*;
    let scc = (StandardContractOrCertification, rule::GENERAL_PI_SCC);
    let sa = (SecurityAssessment, rule::GENERAL_PI_SA);
    let exempt = (Exempt, rule::ART_5_4);
    let cases = [
        (0, exempt, Some((StandardContractOrCertification, 100_000))),
        (
            99_999,
            exempt,
            Some((StandardContractOrCertification, 100_000)),
        ),
        (100_000, scc, Some((SecurityAssessment, 1_000_000))),
        (999_999, scc, Some((SecurityAssessment, 1_000_000))),
        (1_000_000, sa, None),
    ];
    for (persons, (route, rule), expected_next) in cases {
        let req = request(false, vec![personal("g", false, persons)]);
        let outcome = run(&req).remove(0);
        assert_eq!(
            (outcome.route, outcome.rule.as_str()),
            (route, rule),
            "{persons}"
        );
        assert_eq!(next(&req, 0), expected_next, "{persons}");
        check_consistent(&req);
    }
}

#[test]
fn sensitive_exports_add_up_across_the_profile() {
    let below = request(
        false,
        vec![personal("a", true, 4_000), personal("b", true, 5_999)],
    );
    let outcomes = run(&below);
    for outcome in &outcomes {
        assert_eq!(outcome.rule, rule::SENSITIVE_SCC);
        assert_eq!(outcome.count.as_ref().unwrap().total, 9_999);
    }
    assert_eq!(
        outcomes[0].count.as_ref().unwrap().with,
        vec!["b".to_string()]
    );
    assert_eq!(next(&below, 0), Some((Route::SecurityAssessment, 4_001)));
    assert_eq!(next(&below, 1), Some((Route::SecurityAssessment, 6_000)));
    assert!(outcomes[0]
        .notes
        .iter()
        .any(|n| n.contains("9,999 counted persons in total")));

    let at = request(
        false,
        vec![personal("a", true, 4_000), personal("b", true, 6_000)],
    );
    for (route, rule) in decide_all(false, at.exports.clone()) {
        assert_eq!(
            (route, rule.as_str()),
            (Route::SecurityAssessment, rule::SENSITIVE_SA)
        );
    }
    check_consistent(&below);
    check_consistent(&at);
}

#[test]
fn sensitive_and_non_sensitive_are_not_summed() {
    let req = request(
        false,
        vec![personal("s", true, 5_000), personal("g", false, 96_000)],
    );
    let decided = decide_all(false, req.exports.clone());
    assert_eq!(decided[0].1, rule::SENSITIVE_SCC);
    assert_eq!(decided[1].1, rule::ART_5_4);
    let outcomes = run(&req);
    assert_eq!(outcomes[0].count.as_ref().unwrap().total, 5_000);
    assert!(outcomes[0].count.as_ref().unwrap().with.is_empty());
    assert_eq!(outcomes[1].count.as_ref().unwrap().total, 96_000);
    check_consistent(&req);
}

#[test]
fn non_sensitive_exports_add_up() {
    let req = request(
        false,
        vec![personal("a", false, 60_000), personal("b", false, 40_000)],
    );
    for (_, rule) in decide_all(false, req.exports.clone()) {
        assert_eq!(rule, rule::GENERAL_PI_SCC);
    }
    let req = request(
        false,
        vec![personal("a", false, 60_000), personal("b", false, 39_999)],
    );
    assert_eq!(
        next(&req, 1),
        Some((Route::StandardContractOrCertification, 40_000))
    );
    check_consistent(&req);
}

#[test]
fn genetic_counts_as_sensitive_with_hgr_note() {
    let at = request(
        false,
        vec![genetic("dna", 2_000), personal("s", true, 8_000)],
    );
    let outcomes = run(&at);
    assert_eq!(outcomes[0].rule, rule::SENSITIVE_SA);
    assert_eq!(outcomes[1].rule, rule::SENSITIVE_SA);
    assert!(outcomes[0].notes.iter().any(|n| n.contains("prior report")));
    assert!(outcomes[0]
        .notes
        .iter()
        .any(|n| n.contains("more than 500")));
    assert!(outcomes[0]
        .notes
        .iter()
        .any(|n| n.contains("2,000 persons")));
    assert!(!outcomes[1].notes.iter().any(|n| n.contains("prior report")));

    let below = request(
        false,
        vec![genetic("dna", 1_999), personal("s", true, 8_000)],
    );
    assert_eq!(run(&below)[0].rule, rule::SENSITIVE_SCC);
    assert_eq!(next(&below, 0), Some((Route::SecurityAssessment, 2_000)));
    check_consistent(&at);
    check_consistent(&below);

    let small = one(
        false,
        Export {
            hgr_cleared: true,
            ..genetic("dna", 300)
        },
    );
    assert_eq!(small.rule, rule::SENSITIVE_SCC);
    let note = small
        .notes
        .iter()
        .find(|n| n.contains("prior report"))
        .unwrap();
    assert!(!note.contains("This export covers"));
    assert!(note.contains("marked as met"));
}

#[test]
fn exempt_persons_move_a_count_across_an_edge() {
    let below = Export {
        exempt_persons: 501,
        exempt_bases: vec![],
        ..personal("s", true, 10_500)
    };
    let outcome = one(false, below.clone());
    assert_eq!(outcome.rule, rule::SENSITIVE_SCC);
    assert_eq!(outcome.count.as_ref().unwrap().total, 9_999);
    assert!(outcome
        .notes
        .iter()
        .any(|n| n.contains("501 persons") && n.contains("9,999 counted")));
    let req = request(false, vec![below]);
    assert_eq!(next(&req, 0), Some((Route::SecurityAssessment, 10_000)));

    let at = Export {
        exempt_persons: 500,
        exempt_bases: vec![],
        ..personal("s", true, 10_500)
    };
    assert_eq!(one(false, at).rule, rule::SENSITIVE_SA);

    let g_below = Export {
        exempt_persons: 20_001,
        exempt_bases: vec![],
        ..personal("g", false, 120_000)
    };
    let g_at = Export {
        exempt_persons: 20_000,
        exempt_bases: vec![],
        ..personal("g", false, 120_000)
    };
    assert_eq!(one(false, g_below).rule, rule::ART_5_4);
    assert_eq!(one(false, g_at).rule, rule::GENERAL_PI_SCC);
}

#[test]
fn an_export_with_no_counted_persons_is_exempt_beside_others() {
    let all_exempt = Export {
        exempt_persons: 300,
        exempt_bases: vec![],
        ..personal("contracts", true, 300)
    };
    let req = request(false, vec![all_exempt, personal("s", true, 5_000)]);
    let outcomes = run(&req);
    assert_eq!(outcomes[0].rule, rule::NO_COUNTED);
    assert_eq!(outcomes[0].route, Route::Exempt);
    assert_eq!(outcomes[1].rule, rule::SENSITIVE_SCC);
    assert!(
        outcomes[1].count.as_ref().unwrap().with.is_empty(),
        "adds nothing"
    );
    assert_eq!(
        next(&req, 0),
        Some((Route::StandardContractOrCertification, 1))
    );
    check_consistent(&req);

    // Others already above the SA edge: the first own person takes SA directly.
    let req = request(
        false,
        vec![personal("z", true, 0), personal("s", true, 12_000)],
    );
    assert_eq!(run(&req)[0].rule, rule::NO_COUNTED);
    assert_eq!(
        run(&req)[0]
            .ladder
            .iter()
            .map(|s| (s.from, s.rule.as_str()))
            .collect::<Vec<_>>(),
        vec![(0, rule::NO_COUNTED), (12_001, rule::SENSITIVE_SA)]
    );
    assert_eq!(next(&req, 0), Some((Route::SecurityAssessment, 1)));
    check_consistent(&req);

    // Non-sensitive: exempt under Art. 5(4) while the total stays under 100,000 ...
    let req = request(
        false,
        vec![personal("z", false, 0), personal("g", false, 50_000)],
    );
    assert_eq!(run(&req)[0].rule, rule::ART_5_4);
    check_consistent(&req);
    // ... and under Arts 3-6 once the others reach a contract band.
    let req = request(
        false,
        vec![personal("z", false, 0), personal("g", false, 200_000)],
    );
    assert_eq!(run(&req)[0].rule, rule::NO_COUNTED);
    assert_eq!(
        next(&req, 0),
        Some((Route::StandardContractOrCertification, 1))
    );
    check_consistent(&req);
}

#[test]
fn ciio_exports_are_judged_alone() {
    let zero = Export {
        exempt_persons: 50,
        exempt_bases: vec![],
        ..personal("p", false, 50)
    };
    let req = request(true, vec![zero, personal("q", true, 1), genetic("dna", 1)]);
    let outcomes = run(&req);
    assert_eq!(
        (outcomes[0].route, outcomes[0].rule.as_str()),
        NO_COUNTED_EXEMPT
    );
    assert_eq!(outcomes[1].rule, rule::CIIO);
    assert_eq!(outcomes[1].route, Route::SecurityAssessment);
    assert_eq!(outcomes[1].count.as_ref().unwrap().total, 1);
    assert!(outcomes[1].count.as_ref().unwrap().with.is_empty());
    assert_eq!(outcomes[2].rule, rule::CIIO);
    assert!(outcomes[2].notes.iter().any(|n| n.contains("prior report")));
    assert_eq!(next(&req, 0), Some((Route::SecurityAssessment, 1)));
    assert_eq!(next(&req, 1), None);
    check_consistent(&req);

    // Art. 5(4) does not reach a CIIO: one non-sensitive person already needs SA.
    assert_eq!(one(true, personal("g", false, 1)).rule, rule::CIIO);
}

#[test]
fn important_data() {
    let notified = of_kind("imp", DataKind::Important);
    let unnotified = Export {
        notified: false,
        ..of_kind("imp", DataKind::Important)
    };
    assert_eq!(one(false, notified.clone()).rule, rule::IMPORTANT);
    assert_eq!(one(true, notified).rule, rule::CIIO);
    assert_eq!(one(false, unnotified.clone()).rule, rule::NOT_NOTIFIED);
    assert_eq!(one(true, unnotified).rule, rule::NOT_NOTIFIED);
    let outcome = one(false, of_kind("imp", DataKind::Important));
    assert!(outcome.count.is_none() && outcome.ladder.is_empty());
}

#[test]
fn carve_outs_come_first() {
    let controlled = |export: Export| Export {
        export_controlled: true,
        ..export
    };
    assert_eq!(one(false, of_kind("c", DataKind::Core)).rule, rule::CORE);
    assert_eq!(
        one(true, controlled(of_kind("c", DataKind::Core))).rule,
        rule::CORE
    );
    assert_eq!(
        one(false, controlled(of_kind("i", DataKind::Important))).rule,
        rule::EXPORT_CONTROL
    );
    assert_eq!(
        one(true, controlled(personal("p", true, 50_000))).rule,
        rule::EXPORT_CONTROL
    );
    assert_eq!(
        one(false, controlled(of_kind("x", DataKind::General))).rule,
        rule::EXPORT_CONTROL
    );
    let dna = one(false, controlled(genetic("dna", 700)));
    assert_eq!(dna.rule, rule::EXPORT_CONTROL);
    assert!(dna.notes.iter().any(|n| n.contains("prior report")));
    assert_eq!(
        one(false, of_kind("x", DataKind::General)).rule,
        rule::GENERAL
    );
    assert_eq!(
        one(true, of_kind("x", DataKind::General)).rule,
        rule::GENERAL
    );

    // Controlled personal data is not added into the CBDF count.
    let req = request(
        false,
        vec![
            controlled(personal("ctl", true, 9_000)),
            personal("s", true, 5_000),
        ],
    );
    let decided = decide_all(false, req.exports.clone());
    assert_eq!(decided[0].1, rule::EXPORT_CONTROL);
    assert_eq!(decided[1].1, rule::SENSITIVE_SCC);
    check_consistent(&req);
}

#[test]
fn subject_and_health_flags_do_not_matter_nationally() {
    for subject in [
        Subject::TrialSubject,
        Subject::Patient,
        Subject::BusinessContact,
    ] {
        let export = Export {
            subject: Some(subject),
            serious_harm: true,
            name_and_contact: true,
            ..personal("s", true, 9_999)
        };
        assert_eq!(one(false, export).rule, rule::SENSITIVE_SCC);
    }
}

#[test]
fn bad_requests_are_errors_not_guesses() {
    let missing = Export {
        persons: None,
        ..personal("p", true, 1)
    };
    let error = NationalCbdf2024::evaluate(&request(false, vec![missing])).unwrap_err();
    assert!(
        error.contains("\"p\"") && error.contains("persons"),
        "{error}"
    );
    let mut wrong = request(false, vec![]);
    wrong.schema = 99;
    assert!(NationalCbdf2024::evaluate(&wrong).is_err());
    let (code, _) = evaluate_json::<NationalCbdf2024>(
        &serde_json::to_vec(&request(false, vec![personal("p", true, 1)])).unwrap(),
    );
    assert_eq!(code, ftzroute_plugin_api::abi::status::OK);
}

// ---- golden cases -------------------------------------------------------------------------

#[test]
fn golden_cases_hold() {
    let cases = Case::all_in(concat!(env!("CARGO_MANIFEST_DIR"), "/cases"));
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let description = NationalCbdf2024::describe();
    let mut checked = 0;
    let mut fired = HashSet::new();
    for (name, case) in &cases {
        let request = case.request();
        let outcomes = run(&request);
        fired.extend(outcomes.iter().map(|o| o.rule.clone()));
        check_consistent(&request);
        for expect in &case.expects {
            if !case.decided_by(&description, expect) {
                continue;
            }
            let index = case
                .index_of(expect)
                .unwrap_or_else(|| panic!("{name}: no export {}", expect.export));
            expect
                .check(&description, &request.exports[index], &outcomes[index])
                .unwrap_or_else(|error| panic!("{name}: {error}"));
            if expect.next.is_some() {
                // The ladder's headroom, verified by re-evaluating as the host does.
                next(&request, index);
            }
            checked += 1;
        }
    }
    assert!(checked >= cases.len());
    for rule in &description.rules {
        assert!(fired.contains(&rule.id), "no case fires {}", rule.id);
    }
}

fn group_of(outcome: &Outcome) -> &ftzroute_plugin_api::CountGroup {
    outcome
        .count
        .as_ref()
        .and_then(|count| count.group.as_ref())
        .expect("a declared group")
}

#[test]
fn every_count_declares_its_group_sensitive_and_non_sensitive_apart() {
    let request = request(
        false,
        vec![
            personal("patients", true, 6_000),
            personal("customers", false, 50_000),
            genetic("genomes", 100),
            personal("staff", true, 10),
        ],
    );
    let outcomes = run(&request);
    let sensitive = group_of(&outcomes[0]);
    assert_eq!(sensitive.key, "sensitive");
    assert_eq!(sensitive.exports, ["patients", "genomes", "staff"]);
    assert!(
        !sensitive.scenario,
        "a handler-wide total, not a list scenario"
    );
    assert_eq!(group_of(&outcomes[2]), sensitive);
    assert_eq!(group_of(&outcomes[3]), sensitive);
    let general = group_of(&outcomes[1]);
    assert_eq!(general.key, "non-sensitive");
    assert_eq!(general.exports, ["customers"]);

    let ciio = run(&super::tests::request(true, vec![personal("a", true, 5)]));
    assert_eq!(group_of(&ciio[0]).key, "alone:a");
}

#[test]
fn an_exact_group_count_replaces_the_sum_of_the_exports() {
    // 6,000 + 6,000 sensitive persons add up to 12,000 (security assessment), but 3,000 of them
    // are the same people: the ledger counts 9,000 (standard contract or certification).
    let mut both = request(
        false,
        vec![
            personal("trial", true, 6_000),
            personal("pharmacovigilance", true, 6_000),
        ],
    );
    assert!(run(&both)
        .iter()
        .all(|o| o.rule == rule::SENSITIVE_SA && o.count.as_ref().unwrap().total == 12_000));
    both.group_counts.insert("sensitive".into(), 9_000);
    let outcomes = run(&both);
    for outcome in &outcomes {
        assert_eq!(outcome.rule, rule::SENSITIVE_SCC, "{}", outcome.id);
        assert_eq!(outcome.count.as_ref().unwrap().total, 9_000);
        assert!(
            outcome.notes.iter().any(|n| n.contains("9,000 distinct")),
            "{:?}",
            outcome.notes
        );
    }
    // A key the pack did not declare changes nothing.
    let mut other = both.clone();
    other.group_counts = [("scenario:patient".to_string(), 1)].into();
    assert_eq!(run(&other)[0].rule, rule::SENSITIVE_SA);
}

#[test]
fn all_exempt_under_several_bases_cites_arts_3_to_6_and_names_them() {
    let mut staff = personal("staff", false, 800);
    staff.exempt_persons = 800;
    staff.exempt_bases = vec![CbdfBasis::Art4, CbdfBasis::Art5_1_2];
    let outcome = run(&request(false, vec![staff.clone()])).remove(0);
    assert_eq!(outcome.rule, rule::NO_COUNTED);
    assert!(
        outcome
            .notes
            .iter()
            .any(|n| n.contains("CBDF Provisions Arts 4 and 5(1)(ii)")),
        "{:?}",
        outcome.notes
    );
    // Without the bases, the non-sensitive all-exempt export keeps its volume band.
    staff.exempt_bases.clear();
    assert_eq!(
        run(&request(false, vec![staff])).remove(0).rule,
        rule::ART_5_4
    );
    // With one counted person the article is no longer the whole story: the band decides.
    let mut one_counted = personal("staff", true, 800);
    one_counted.exempt_persons = 799;
    one_counted.exempt_bases = vec![CbdfBasis::Art4];
    let outcome = run(&request(false, vec![one_counted])).remove(0);
    assert_eq!(outcome.rule, rule::SENSITIVE_SCC);
    assert!(outcome
        .notes
        .iter()
        .any(|n| n.contains("under CBDF Provisions Art. 4")));
}

fn notes_on(as_of: &str, export: Export) -> Vec<String> {
    let mut request = request(false, vec![export]);
    request.as_of = as_of.to_string();
    run(&request).remove(0).notes
}

#[test]
fn the_certification_measures_are_cited_for_contract_outcomes_from_2026() {
    let cites = |notes: &[String]| {
        notes
            .iter()
            .any(|n| n.contains("《个人信息出境认证办法》第五条"))
    };
    assert!(!cites(&notes_on(
        "2025-12-31",
        personal("a", false, 150_000)
    )));
    assert!(cites(&notes_on(
        "2026-01-01",
        personal("a", false, 150_000)
    )));
    assert!(cites(&notes_on("2026-01-01", personal("a", true, 50))));
    // Not on an assessment or an exemption.
    assert!(!cites(&notes_on(
        "2026-01-01",
        personal("a", false, 1_000_000)
    )));
    assert!(!cites(&notes_on(
        "2026-01-01",
        personal("a", false, 99_999)
    )));
}

#[test]
fn the_cac_answer_on_earlier_volumes_is_noted_on_volume_assessments_from_30_january_2026() {
    let answers = |notes: &[String]| {
        notes
            .iter()
            .any(|n| n.contains("counts into the assessment"))
    };
    assert!(!answers(&notes_on(
        "2026-01-29",
        personal("a", false, 1_000_000)
    )));
    assert!(answers(&notes_on(
        "2026-01-30",
        personal("a", false, 1_000_000)
    )));
    assert!(answers(&notes_on(
        "2026-01-30",
        personal("a", true, 10_000)
    )));
    assert!(!answers(&notes_on(
        "2026-01-30",
        personal("a", false, 150_000)
    )));
}

#[test]
fn the_statutory_duty_basis_is_noted_where_exempt_persons_are_declared_from_2025() {
    let mut export = personal("a", false, 150_000);
    export.exempt_persons = 10;
    let statutory = |notes: &[String]| notes.iter().any(|n| n.contains("Art. 35(6)"));
    assert!(!statutory(&notes_on("2024-12-31", export.clone())));
    assert!(statutory(&notes_on("2025-01-01", export)));
    assert!(!statutory(&notes_on(
        "2025-01-01",
        personal("a", false, 150_000)
    )));
}
