use super::*;
use ftzroute_plugin_api::REQUEST_SCHEMA;
use ftzroute_plugin_api::{sdk::evaluate_json, Handler, Subject};

fn personal(id: &str, sensitive: bool, persons: u64) -> Export {
    Export {
        exempt_bases: Vec::new(),
        id: id.to_string(),
        kind: DataKind::Personal,
        subject: Some(Subject::Other),
        sensitive,
        persons: Some(persons),
        exempt_persons: 0,
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

fn request_on(as_of: &str, ciio: bool, exports: Vec<Export>) -> EvaluateRequest {
    EvaluateRequest {
        group_counts: Default::default(),
        counted_from: None,
        probes: Vec::new(),
        schema: REQUEST_SCHEMA,
        as_of: as_of.to_string(),
        handler: Handler {
            name: "Example Trading (Shanghai) Co., Ltd.".to_string(),
            sector: "retail".to_string(),
            ciio,
            persons_processed: None,
        },
        exports,
        routes_only: false,
    }
}

fn run(request: &EvaluateRequest) -> Vec<Outcome> {
    NationalSam2022::evaluate(request)
        .expect("evaluates")
        .exports
}

fn rules_on(as_of: &str, exports: Vec<Export>) -> Vec<String> {
    run(&request_on(as_of, false, exports))
        .into_iter()
        .map(|o| o.rule)
        .collect()
}

fn one_rule(as_of: &str, sensitive: bool, persons: u64) -> String {
    rules_on(as_of, vec![personal("data", sensitive, persons)]).remove(0)
}

/// Every outcome agrees with its own ladder and the description.
fn check_ladders(request: &EvaluateRequest) {
    let description = NationalSam2022::describe();
    for outcome in run(request) {
        assert_eq!(
            description.rule(&outcome.rule).unwrap().route,
            outcome.route
        );
        if let Some(count) = &outcome.count {
            assert!(outcome.ladder.windows(2).all(|w| w[0].from < w[1].from));
            let band = outcome
                .ladder
                .iter()
                .rev()
                .find(|s| s.from <= count.total)
                .unwrap();
            assert_eq!(band.route, outcome.route, "{}: {:?}", outcome.id, outcome);
        }
    }
}

#[test]
fn the_description_declares_its_window_and_every_rule_once() {
    let description = NationalSam2022::describe();
    assert_eq!(description.effective_from, "2022-09-01");
    assert_eq!(description.effective_until.as_deref(), Some("2024-03-21"));
    assert_eq!(description.sectors, vec![ALL_SECTORS.to_string()]);
    let mut ids: Vec<&str> = description.rules.iter().map(|r| r.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), RULES.len());
    assert!(description.rules.iter().all(|r| r.confidence.is_some()));
    assert_eq!(
        description.counting_window,
        ftzroute_plugin_api::CountingWindow::PreviousAndCurrentYear,
        "自上年1月1日起"
    );
}

#[test]
fn counted_from_a_ledger_the_note_names_the_window_and_asks_for_nothing_more() {
    let mut request = request_on("2023-06-01", false, vec![personal("data", true, 11_000)]);
    let stated = run(&request).remove(0);
    assert!(stated
        .notes
        .iter()
        .any(|n| n.contains("add the persons sent in 2022")));
    request.counted_from = Some("2022-01-01".into());
    let counted = run(&request).remove(0);
    assert_eq!(counted.rule, rule::SENSITIVE_SA);
    let note = counted
        .notes
        .iter()
        .find(|n| n.contains("自上年1月1日起"))
        .expect("the window note");
    assert!(
        note.contains("from 2022-01-01 to 2023-06-01") && !note.contains("add the persons"),
        "{note}"
    );
}

#[test]
fn exactly_100_000_persons_need_an_assessment_and_99_999_do_not() {
    assert_eq!(one_rule("2023-10-01", false, 99_999), rule::SCC);
    assert_eq!(one_rule("2023-10-01", false, 100_000), rule::PERSONS_SA);
}

#[test]
fn exactly_10_000_sensitive_persons_need_an_assessment_and_9_999_do_not() {
    assert_eq!(one_rule("2023-10-01", true, 9_999), rule::SCC);
    assert_eq!(one_rule("2023-10-01", true, 10_000), rule::SENSITIVE_SA);
}

#[test]
fn one_person_needs_a_procedure_and_none_needs_none() {
    assert_eq!(one_rule("2023-10-01", false, 1), rule::SCC);
    assert_eq!(one_rule("2023-10-01", false, 0), rule::NO_PERSONS);
}

#[test]
fn the_standard_contract_exists_from_1_june_2023() {
    assert_eq!(one_rule("2023-05-31", false, 50_000), rule::BEFORE_SCC);
    assert_eq!(one_rule("2023-06-01", false, 50_000), rule::SCC);
    let outcome = run(&request_on(
        "2023-05-31",
        false,
        vec![personal("data", false, 50_000)],
    ))
    .remove(0);
    assert!(outcome
        .notes
        .iter()
        .any(|n| n.contains("Before 1 June 2023") && n.contains("certification")));
}

#[test]
fn the_thresholds_are_handler_wide() {
    // 60,000 + 40,000 persons reach 100,000: both exports need an assessment.
    let rules = rules_on(
        "2023-10-01",
        vec![personal("a", false, 60_000), personal("b", false, 40_000)],
    );
    assert_eq!(rules, [rule::PERSONS_SA, rule::PERSONS_SA]);
    // Sensitive information counts towards the 100,000 too.
    let rules = rules_on(
        "2023-10-01",
        vec![personal("a", false, 95_000), personal("b", true, 5_000)],
    );
    assert_eq!(rules, [rule::PERSONS_SA, rule::PERSONS_SA]);
    // 10,000 sensitive persons bring every export of personal information to an assessment.
    let rules = rules_on(
        "2023-10-01",
        vec![personal("a", false, 1_000), personal("b", true, 10_000)],
    );
    assert_eq!(rules, [rule::SENSITIVE_SA, rule::SENSITIVE_SA]);
    let rules = rules_on(
        "2023-10-01",
        vec![personal("a", false, 1_000), personal("b", true, 9_999)],
    );
    assert_eq!(rules, [rule::SCC, rule::SCC]);
}

#[test]
fn exempt_persons_do_not_reduce_the_count_and_a_note_says_so() {
    let mut export = personal("data", false, 100_000);
    export.exempt_persons = 40_000;
    let outcome = run(&request_on("2023-10-01", false, vec![export])).remove(0);
    assert_eq!(outcome.rule, rule::PERSONS_SA);
    assert_eq!(outcome.count.unwrap().total, 100_000);
    assert!(outcome
        .notes
        .iter()
        .any(|n| n.contains("not subtracted") && n.contains("22 March 2024")));
}

#[test]
fn below_the_thresholds_the_processed_persons_trigger_is_noted() {
    let outcome = run(&request_on(
        "2023-10-01",
        false,
        vec![personal("data", false, 500)],
    ))
    .remove(0);
    assert!(outcome
        .notes
        .iter()
        .any(|n| n.contains("1,000,000 persons") && n.contains("Art. 4(2)")));
    assert!(outcome
        .notes
        .iter()
        .any(|n| n.contains("since 1 January 2022")));
}

#[test]
fn ciios_important_core_and_controlled_data() {
    let ciio = run(&request_on(
        "2023-10-01",
        true,
        vec![
            personal("one", false, 1),
            personal("none", false, 0),
            of_kind("important", DataKind::Important),
        ],
    ));
    let rules: Vec<&str> = ciio.iter().map(|o| o.rule.as_str()).collect();
    assert_eq!(rules, [rule::CIIO, rule::NO_PERSONS, rule::IMPORTANT]);

    let mut not_notified = of_kind("unknown", DataKind::Important);
    not_notified.notified = false;
    let mut controlled = personal("controlled", false, 500_000);
    controlled.export_controlled = true;
    let rules = rules_on(
        "2023-10-01",
        vec![
            of_kind("core", DataKind::Core),
            controlled,
            of_kind("general", DataKind::General),
            not_notified,
            personal("small", false, 10),
        ],
    );
    assert_eq!(
        rules,
        [
            rule::CORE,
            rule::EXPORT_CONTROL,
            rule::GENERAL,
            rule::IMPORTANT_NOT_NOTIFIED,
            rule::SCC
        ],
        "export-controlled persons are not counted"
    );
}

#[test]
fn ladders_agree_with_the_decisions() {
    let mut genetic = of_kind("genome", DataKind::Genetic);
    genetic.persons = Some(3_000);
    for exports in [
        vec![personal("a", false, 60_000), personal("b", true, 4_000)],
        vec![personal("a", false, 0), personal("b", true, 12_000)],
        vec![personal("a", true, 7_000), genetic.clone()],
        vec![personal("a", false, 150_000), personal("b", true, 9_000)],
        vec![personal("a", false, 0), personal("b", false, 99_999)],
    ] {
        check_ladders(&request_on("2023-10-01", false, exports));
    }
}

#[test]
fn the_ladder_gives_the_host_the_right_boundary() {
    // 60,000 others; a sensitive export of 4,000: the 10,000 sensitive prong is reached at
    // 10,000 of its own, i.e. at a handler-wide total of 70,000.
    let outcome = run(&request_on(
        "2023-10-01",
        false,
        vec![personal("a", false, 60_000), personal("b", true, 4_000)],
    ))
    .remove(1);
    let sa = outcome
        .ladder
        .iter()
        .find(|s| s.route == Route::SecurityAssessment)
        .unwrap();
    assert_eq!((sa.from, sa.rule.as_str()), (70_000, rule::SENSITIVE_SA));
}

#[test]
fn the_pack_speaks_json_through_the_sdk() {
    let request = request_on("2023-10-01", false, vec![personal("data", false, 5)]);
    let bytes = serde_json::to_vec(&request).unwrap();
    let (status, answer) = evaluate_json::<NationalSam2022>(&bytes);
    assert_eq!(status, 0, "{}", String::from_utf8_lossy(&answer));
    let response: EvaluateResponse = serde_json::from_slice(&answer).unwrap();
    assert_eq!(response.exports[0].rule, rule::SCC);
}

fn processed_request(processed: Option<u64>, exports: Vec<Export>) -> EvaluateRequest {
    let mut request = request_on("2023-10-01", false, exports);
    request.handler.persons_processed = processed;
    request
}

#[test]
fn a_handler_processing_1_000_000_persons_needs_an_assessment_for_any_export() {
    for (processed, rule_id) in [
        (None, rule::SCC),
        (Some(999_999), rule::SCC),
        (Some(1_000_000), rule::PROCESSOR),
        (Some(u64::MAX), rule::PROCESSOR),
    ] {
        let request = processed_request(processed, vec![personal("one", false, 1)]);
        check_ladders(&request);
        assert_eq!(run(&request)[0].rule, rule_id, "{processed:?}");
    }
    // The note on processing is there only where the profile does not say.
    let unknown = run(&processed_request(None, vec![personal("a", false, 10)]));
    assert!(unknown[0]
        .notes
        .iter()
        .any(|n| n.contains("persons_processed")));
    let known = run(&processed_request(
        Some(999_999),
        vec![personal("a", false, 10)],
    ));
    assert!(!known[0]
        .notes
        .iter()
        .any(|n| n.contains("persons_processed")));
    // An export of no one still needs nothing; a CIIO is still decided as one.
    let none = run(&processed_request(
        Some(2_000_000),
        vec![personal("none", false, 0)],
    ));
    assert_eq!(none[0].rule, rule::NO_PERSONS);
    let mut ciio = processed_request(Some(2_000_000), vec![personal("a", false, 5)]);
    ciio.handler.ciio = true;
    assert_eq!(run(&ciio)[0].rule, rule::CIIO);
}

#[test]
fn coverage_names_declared_rules_one_per_provision() {
    let description = NationalSam2022::describe();
    let coverage = description.coverage.clone().unwrap();
    assert_eq!(coverage.row_rules.len() as u32, coverage.rows.encoded);
    assert!(coverage
        .row_rules
        .iter()
        .all(|id| description.rule(id).is_some()));
}
