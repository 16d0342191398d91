//! The shared list logic on a small invented list (not law): two sectors, a scenario-limited
//! contract band with an off-list band below it and an unseen band above, a catch-all pool, a
//! sensitive pool whose row was not seen.

use super::*;
use crate::contract::*;

const NAMES: ListNames = ListNames {
    short: "Test FTZ list (2025)",
    title_zh: "《测试自由贸易试验区数据出境管理清单（负面清单）》",
    title_en: "Test FTZ Data-Export Negative List",
    sa_part_zh: "（一）需要通过数据出境安全评估的数据清单",
    sa_part_en: "Part 1",
    scc_part_zh: "（二）需要通过个人信息出境标准合同备案、个人信息保护认证出境的数据清单",
    scc_part_en: "Part 2",
};

const IDENTITY: Identity = Identity {
    id: "test-list-2025",
    zone: "test",
    name: "Test list",
    edition: "2025",
    issuers: &["Test issuer"],
    document_number: Some("测〔2025〕1号"),
    issued: "2025-01-01",
    effective_from: "2025-01-01",
    effective_until: None,
    trial_until: Some("2026-12-31"),
    source: ("《测试》", "Test", "No. 1"),
    read_at: &["example.org/test-list"],
    interpretations: &["A test table."],
    use_conditions: &["File before use."],
    duties: &[],
};

const TABLE: ListTable = ListTable {
    identity: IDENTITY,
    extent: Extent {
        rows: Some(9),
        unit: "items",
        sectors: Some(2),
        scenarios: None,
        note: Some("Items 1, 2 and 5-9 were not seen."),
    },
    names: NAMES,
    sectors: &[
        Sector {
            id: "trade",
            label_zh: "贸易",
            label_en: "trade",
            also: &["retail"],
            important_data: Some("Important data in trade: test categories."),
        },
        Sector {
            id: "shipping",
            label_zh: "航运",
            label_en: "shipping",
            also: &[],
            important_data: None,
        },
    ],
    scenarios: &[
        Scenario {
            id: "returns",
            label_zh: "退货场景",
            label_en: "returns",
            sectors: &["trade"],
            subjects: &[],
            exemption_hint: Some("Returns often fall under CBDF Art. 5(1)(i)."),
        },
        Scenario {
            id: "members",
            label_zh: "会员管理场景",
            label_en: "members",
            sectors: &["trade"],
            subjects: &[Subject::BusinessContact],
            exemption_hint: None,
        },
        Scenario {
            id: "crew",
            label_zh: "船员管理场景",
            label_en: "crew",
            sectors: &["shipping"],
            subjects: &[],
            exemption_hint: None,
        },
    ],
    pools: &[
        Pool {
            id: "returns-general",
            label: "returns, non-sensitive PI (item 4)",
            scenarios: &["returns"],
            sectors: &[],
            pi: Pi::NonSensitive,
            note: None,
        },
        Pool {
            id: "returns-sensitive",
            label: "returns, sensitive PI",
            scenarios: &["returns"],
            sectors: &[],
            pi: Pi::Sensitive,
            note: Some("The list defines sensitive PI to include ID numbers."),
        },
        Pool {
            id: "trade-other",
            label: "trade, other PI (item 3)",
            scenarios: &[],
            sectors: &["trade"],
            pi: Pi::Any,
            note: None,
        },
    ],
    rows: &[
        Row {
            rule: "item-3",
            item: Some(3),
            tier: Tier::SecurityAssessment,
            confidence: Confidence::VerbatimCopy,
            text_zh: "累计向境外提供100万人以上的个人信息。",
            en: "other PI, 1,000,000 persons or more",
            label: "",
        },
        Row {
            rule: "item-4",
            item: Some(4),
            tier: Tier::ContractOrCertification,
            confidence: Confidence::VerbatimCopy,
            text_zh: "",
            en: "returns, 1,000,000 to under 5,000,000 persons",
            label: "",
        },
    ],
    bands: &[
        Band {
            pool: "returns-general",
            from: 1,
            below: Some(1_000_000),
            rule: rule::OFF_LIST,
            note: Some("below item 4 (inference)"),
        },
        Band {
            pool: "returns-general",
            from: 1_000_000,
            below: Some(5_000_000),
            rule: "item-4",
            note: None,
        },
        Band {
            pool: "returns-general",
            from: 5_000_000,
            below: None,
            rule: rule::NOT_SEEN,
            note: Some("probably a Part 1 row"),
        },
        Band {
            pool: "returns-sensitive",
            from: 1,
            below: None,
            rule: rule::NOT_SEEN,
            note: None,
        },
        Band {
            pool: "trade-other",
            from: 1,
            below: Some(1_000_000),
            rule: rule::NOT_SEEN,
            note: None,
        },
        Band {
            pool: "trade-other",
            from: 1_000_000,
            below: None,
            rule: "item-3",
            note: None,
        },
    ],
    ciio: Ciio::Excluded {
        why: "test Measures Art. 2",
        confidence: Confidence::Secondary,
    },
    genetic: Genetic::AsSensitivePi,
    export_control_zh: None,
    group_keys: GroupKeys::Pool,
};

fn export(id: &str, kind: DataKind) -> Export {
    Export {
        exempt_bases: Vec::new(),
        id: id.into(),
        kind,
        subject: None,
        sensitive: false,
        persons: None,
        exempt_persons: 0,
        serious_harm: false,
        name_and_contact: false,
        notified: true,
        hgr_cleared: false,
        export_controlled: false,
        scenario: None,
    }
}

fn personal(id: &str, scenario: Option<&str>, sensitive: bool, persons: u64) -> Export {
    Export {
        subject: Some(Subject::Other),
        sensitive,
        persons: Some(persons),
        scenario: scenario.map(String::from),
        ..export(id, DataKind::Personal)
    }
}

fn request_in(sector: &str, ciio: bool, exports: Vec<Export>) -> EvaluateRequest {
    EvaluateRequest {
        group_counts: Default::default(),
        counted_from: None,
        probes: Vec::new(),
        schema: REQUEST_SCHEMA,
        as_of: "2025-06-01".into(),
        handler: Handler {
            name: "h".into(),
            sector: sector.into(),
            ciio,
            persons_processed: None,
        },
        exports,
        routes_only: false,
    }
}

/// Evaluates and checks what the host checks: every rule declared, its route kept, ladders
/// ascending from 0 and agreeing with the route at the total.
fn evaluate(request: &EvaluateRequest) -> Vec<Outcome> {
    let description = TABLE.describe();
    let outcomes = TABLE.evaluate(request).unwrap().exports;
    for (outcome, export) in outcomes.iter().zip(&request.exports) {
        assert_eq!(outcome.id, export.id);
        let rule = description.rule(&outcome.rule).expect("declared");
        assert_eq!(rule.route, outcome.route, "{}", outcome.rule);
        if let Some(count) = &outcome.count {
            assert_eq!(outcome.ladder[0].from, 0);
            assert!(outcome.ladder.windows(2).all(|w| w[0].from < w[1].from));
            let at = outcome
                .ladder
                .iter()
                .rev()
                .find(|step| step.from <= count.total)
                .unwrap();
            if export.counted_persons() != Some(0) {
                assert_eq!(at.rule, outcome.rule, "ladder agrees at {}", count.total);
            }
            for step in &outcome.ladder {
                assert!(description.rule(&step.rule).is_some(), "{}", step.rule);
            }
        }
    }
    outcomes
}

fn one(sector: &str, export: Export) -> Outcome {
    evaluate(&request_in(sector, false, vec![export])).remove(0)
}

#[test]
fn the_test_table_is_consistent() {
    assert_eq!(TABLE.check(), Ok(()));
}

#[test]
fn a_scenario_band_has_edges_at_n_minus_1_and_n_with_off_list_below_and_unseen_above() {
    let at = |n| one("trade", personal("a", Some("returns"), false, n));
    let below = at(999_999);
    assert_eq!(
        (below.route, below.rule.as_str()),
        (Route::Exempt, rule::OFF_LIST)
    );
    assert!(below
        .notes
        .iter()
        .any(|n| n.contains("off the list") && n.contains("below item 4 (inference)")));
    let first = at(1_000_000);
    assert_eq!(
        (first.route, first.rule.as_str()),
        (Route::StandardContractOrCertification, "item-4")
    );
    let last = at(4_999_999);
    assert_eq!(last.rule, "item-4");
    let unseen = at(5_000_000);
    assert_eq!(
        (unseen.route, unseen.rule.as_str()),
        (Route::Undetermined, rule::NOT_SEEN)
    );
    let note = unseen.notes.join(" ");
    for wanted in [
        "Test FTZ list (2025)",
        "returns, non-sensitive PI (item 4)",
        "5,000,000 persons or more",
        "example.org/test-list",
        "probably a Part 1 row",
    ] {
        assert!(note.contains(wanted), "{wanted} in {note}");
    }
    let steps: Vec<(u64, &str)> = first
        .ladder
        .iter()
        .map(|s| (s.from, s.rule.as_str()))
        .collect();
    assert_eq!(
        steps,
        [
            (0, rule::NO_COUNTED),
            (1, rule::OFF_LIST),
            (1_000_000, "item-4"),
            (5_000_000, rule::NOT_SEEN)
        ]
    );
}

#[test]
fn exports_of_a_pool_add_up_and_exempt_persons_are_left_out() {
    let mut a = personal("a", Some("returns"), false, 600_000);
    let b = personal("b", Some("returns"), false, 500_000);
    let sensitive = personal("s", Some("returns"), true, 10);
    let outcomes = evaluate(&request_in(
        "trade",
        false,
        vec![a.clone(), b.clone(), sensitive],
    ));
    assert_eq!(outcomes[0].rule, "item-4");
    assert_eq!(outcomes[0].count.as_ref().unwrap().total, 1_100_000);
    assert_eq!(outcomes[0].count.as_ref().unwrap().with, ["b"]);
    assert_eq!(
        outcomes[2].rule,
        rule::NOT_SEEN,
        "sensitive data is its own pool"
    );
    assert!(outcomes[2]
        .notes
        .iter()
        .any(|n| n.contains("defines sensitive PI")));

    a.exempt_persons = 100_001;
    let outcomes = evaluate(&request_in("trade", false, vec![a, b]));
    assert_eq!(outcomes[0].rule, rule::OFF_LIST);
    assert_eq!(outcomes[0].count.as_ref().unwrap().total, 999_999);
    assert!(outcomes[0].notes.iter().any(|n| n.contains("100,001")));
}

#[test]
fn an_export_with_nothing_counted_is_exempt_and_its_ladder_starts_past_the_others() {
    let mut zero = personal("zero", Some("returns"), false, 50);
    zero.exempt_persons = 50;
    let big = personal("big", Some("returns"), false, 2_000_000);
    let outcomes = evaluate(&request_in("trade", false, vec![zero, big]));
    assert_eq!(outcomes[0].rule, rule::NO_COUNTED);
    let steps: Vec<(u64, &str)> = outcomes[0]
        .ladder
        .iter()
        .map(|s| (s.from, s.rule.as_str()))
        .collect();
    assert_eq!(
        steps,
        [
            (0, rule::NO_COUNTED),
            (2_000_001, "item-4"),
            (5_000_000, rule::NOT_SEEN)
        ]
    );
}

#[test]
fn a_scenario_hint_is_shown_until_exempt_persons_are_declared() {
    let plain = one("trade", personal("a", Some("returns"), false, 10));
    assert!(plain.notes.iter().any(|n| n.contains("5(1)(i)")));
    let mut declared = personal("a", Some("returns"), false, 10);
    declared.exempt_persons = 1;
    assert!(!one("trade", declared)
        .notes
        .iter()
        .any(|n| n.contains("5(1)(i)")));
}

#[test]
fn a_catch_all_pool_takes_scenarios_no_other_pool_takes_and_subjects_map_to_scenarios() {
    // `members` has no pool of its own: the catch-all (item 3) counts it, named or by subject.
    let named = one("trade", personal("a", Some("members"), true, 1_000_000));
    assert_eq!(named.rule, "item-3");
    let mut by_subject = personal("a", None, false, 999_999);
    by_subject.subject = Some(Subject::BusinessContact);
    assert_eq!(one("trade", by_subject).rule, rule::NOT_SEEN);
    // A sector alias is the sector.
    assert_eq!(
        one("retail", personal("a", None, false, 1_000_000)).rule,
        "item-3"
    );
    // `returns` has pools of its own, so sensitive returns data never falls into the catch-all.
    assert_eq!(
        one("trade", personal("a", Some("returns"), true, 2_000_000)).rule,
        rule::NOT_SEEN
    );
}

#[test]
fn an_unknown_scenario_is_noted_and_judged_as_naming_none() {
    let outcome = one("trade", personal("a", Some("crew"), false, 1_000_000));
    assert_eq!(outcome.rule, "item-3");
    assert!(outcome
        .notes
        .iter()
        .any(|n| n.contains("`crew` is not one")));
}

#[test]
fn a_covered_sector_without_any_row_seen_is_undetermined_never_national() {
    let outcome = one("shipping", personal("a", Some("crew"), false, 5));
    assert_eq!(outcome.route, Route::Undetermined);
    let note = outcome.notes.join(" ");
    assert!(note.contains("scenario `crew` (船员管理场景)"), "{note}");
    assert!(note.contains("《测试自由贸易试验区"), "{note}");
    let mut nothing_counted = personal("a", Some("crew"), false, 5);
    nothing_counted.exempt_persons = 5;
    assert_eq!(one("shipping", nothing_counted).rule, rule::NO_COUNTED);
}

#[test]
fn carve_outs_and_important_data_come_before_any_row() {
    assert_eq!(
        one("trade", export("c", DataKind::Core)).route,
        Route::CoreDataRegime
    );
    let mut controlled = personal("x", Some("returns"), false, 2_000_000);
    controlled.export_controlled = true;
    let outcomes = evaluate(&request_in(
        "trade",
        false,
        vec![controlled, personal("y", Some("returns"), false, 999_999)],
    ));
    assert_eq!(outcomes[0].route, Route::ExportControl);
    assert_eq!(
        outcomes[1].rule,
        rule::OFF_LIST,
        "controlled persons are not added"
    );
    assert_eq!(
        one("trade", export("g", DataKind::General)).rule,
        rule::GENERAL
    );
    let important = one("trade", export("i", DataKind::Important));
    assert_eq!(important.rule, rule::IMPORTANT);
    assert!(important
        .notes
        .iter()
        .any(|n| n.contains("test categories")));
    let unnotified = Export {
        notified: false,
        ..export("i", DataKind::Important)
    };
    assert_eq!(one("trade", unnotified).rule, rule::IMPORTANT_NOT_NOTIFIED);
}

#[test]
fn ciios_follow_the_lists_exclusion_and_genetic_data_counts_as_sensitive() {
    let outcome = evaluate(&request_in(
        "trade",
        true,
        vec![personal("a", Some("returns"), false, 1)],
    ))
    .remove(0);
    assert_eq!(
        (outcome.route, outcome.rule.as_str()),
        (Route::SecurityAssessment, rule::CIIO)
    );
    assert!(outcome.notes[0].contains("test Measures Art. 2"));
    let genetic = Export {
        persons: Some(600),
        scenario: Some("returns".into()),
        ..export("dna", DataKind::Genetic)
    };
    let outcome = one("trade", genetic);
    assert_eq!(outcome.count.unwrap().scenario, "returns, sensitive PI");
    assert!(outcome.notes.iter().any(|n| n.contains("600 persons")));
}

#[test]
fn a_list_whose_ciio_position_was_not_seen_leaves_ciios_undetermined() {
    let table = ListTable {
        ciio: Ciio::NotSeen,
        ..TABLE
    };
    assert_eq!(table.check(), Ok(()));
    assert!(table.describe().rule(rule::CIIO).is_none());
    let outcomes = table
        .evaluate(&request_in(
            "trade",
            true,
            vec![personal("a", Some("returns"), false, 1)],
        ))
        .unwrap()
        .exports;
    assert_eq!(outcomes[0].route, Route::Undetermined);
    assert!(outcomes[0].notes[0].contains("Art. 7(1)"));
}

#[test]
fn the_description_speaks_contract_1_1_and_cites_rows_with_their_text() {
    let description = TABLE.describe();
    assert_eq!(description.contract_minor, CONTRACT_MINOR);
    assert_eq!(description.sectors, ["trade", "retail", "shipping"]);
    assert_eq!(description.sector_labels.len(), 2);
    assert_eq!(description.scenarios[0].sectors, ["trade"]);
    assert_eq!(description.trial_until.as_deref(), Some("2026-12-31"));
    assert_eq!(description.use_conditions, ["File before use."]);
    let item = description.rule("item-4").unwrap();
    assert_eq!(item.list_item, Some(4));
    assert_eq!(item.basis, "Test FTZ list (2025), Part 2 item 4");
    assert!(item
        .citation
        .zh
        .ends_with("个人信息保护认证出境的数据清单第4项"));
    let with_text = description.rule("item-3").unwrap();
    assert!(with_text
        .citation
        .zh
        .ends_with("第3项：累计向境外提供100万人以上的个人信息。"));
    assert_eq!(with_text.confidence, Some(Confidence::VerbatimCopy));
    assert_eq!(
        description.rule(rule::NOT_SEEN).unwrap().route,
        Route::Undetermined
    );
    assert!(description.rule(rule::GENETIC).is_none());
}

#[test]
fn check_refuses_gaps_overlaps_and_unknown_names() {
    let gap: &'static [Band] = Box::leak(Box::new([
        Band {
            below: Some(10),
            ..TABLE.bands[0]
        },
        TABLE.bands[1],
        TABLE.bands[2],
        TABLE.bands[3],
        TABLE.bands[4],
        TABLE.bands[5],
    ]));
    let error = ListTable {
        bands: gap,
        ..TABLE
    }
    .check()
    .unwrap_err();
    assert!(error.contains("returns-general"), "{error}");

    let unclosed: &'static [Band] = Box::leak(Box::new([
        TABLE.bands[0],
        TABLE.bands[1],
        TABLE.bands[3],
        TABLE.bands[4],
        TABLE.bands[5],
    ]));
    let error = ListTable {
        bands: unclosed,
        ..TABLE
    }
    .check()
    .unwrap_err();
    assert!(error.contains("open upward"), "{error}");

    let unknown_rule: &'static [Band] = Box::leak(Box::new([
        TABLE.bands[0],
        Band {
            rule: "item-9",
            ..TABLE.bands[1]
        },
        TABLE.bands[2],
        TABLE.bands[3],
        TABLE.bands[4],
        TABLE.bands[5],
    ]));
    let error = ListTable {
        bands: unknown_rule,
        ..TABLE
    }
    .check()
    .unwrap_err();
    assert!(error.contains("item-9"), "{error}");
}

#[test]
fn a_list_whose_rows_were_not_seen_still_declares_and_answers_text_not_seen() {
    // Identity and sectors only, CIIOs excluded: no band names `text-not-seen`, yet personal
    // information of the sectors must come out undetermined under a declared rule.
    const SECTORS_ONLY: ListTable = ListTable {
        scenarios: &[],
        pools: &[],
        rows: &[],
        bands: &[],
        ciio: Ciio::Excluded {
            why: "the measures say so",
            confidence: Confidence::Secondary,
        },
        ..TABLE
    };
    assert_eq!(SECTORS_ONLY.check(), Ok(()));
    let description = SECTORS_ONLY.describe();
    assert!(description.rule(rule::NOT_SEEN).is_some());
    let outcome = SECTORS_ONLY
        .probe("shipping", None, false, 2_000_000)
        .unwrap();
    assert_eq!(
        (outcome.route, outcome.rule.as_str()),
        (Route::Undetermined, rule::NOT_SEEN)
    );
    // A table whose pools take every personal information of every sector needs no such rule.
    const COMPLETE: ListTable = ListTable {
        sectors: &[Sector {
            id: "trade",
            label_zh: "贸易",
            label_en: "trade",
            also: &[],
            important_data: None,
        }],
        scenarios: &[],
        pools: &[Pool {
            id: "trade-other",
            label: "trade, all PI",
            scenarios: &[],
            sectors: &[],
            pi: Pi::Any,
            note: None,
        }],
        rows: &[],
        bands: &[Band {
            pool: "trade-other",
            from: 1,
            below: None,
            rule: rule::OFF_LIST,
            note: None,
        }],
        ciio: Ciio::Excluded {
            why: "the measures say so",
            confidence: Confidence::Secondary,
        },
        ..TABLE
    };
    assert_eq!(COMPLETE.check(), Ok(()));
    assert!(COMPLETE.describe().rule(rule::NOT_SEEN).is_none());
}

#[test]
fn coverage_is_derived_from_the_rows_and_the_extent() {
    let coverage = TABLE.describe().coverage.unwrap();
    assert_eq!(
        coverage.rows,
        Share {
            encoded: 2,
            of: Some(9)
        }
    );
    assert_eq!(coverage.unit, "items");
    assert_eq!(coverage.row_rules, ["item-3", "item-4"]);
    // item-3 reaches trade (its catch-all pool); item-4 the returns scenario; nothing reaches
    // shipping or the members and crew scenarios.
    assert_eq!(
        coverage.sectors,
        Some(Share {
            encoded: 1,
            of: Some(2)
        })
    );
    assert_eq!(
        coverage.scenarios,
        Some(Share {
            encoded: 1,
            of: None
        })
    );
    assert_eq!(coverage.confidence, Some(Confidence::VerbatimCopy));
    assert_eq!(
        coverage.note.as_deref(),
        Some("Items 1, 2 and 5-9 were not seen.")
    );

    // The weakest confidence of the rows is declared.
    const WEAKER: &[Row] = &[
        TABLE.rows[0],
        Row {
            confidence: Confidence::Inference,
            ..TABLE.rows[1]
        },
    ];
    let weaker = ListTable {
        rows: WEAKER,
        ..TABLE
    };
    assert_eq!(weaker.coverage().confidence, Some(Confidence::Inference));

    // Identity only: nothing encoded, no confidence.
    let identity = ListTable {
        scenarios: &[],
        pools: &[],
        rows: &[],
        bands: &[],
        ..TABLE
    };
    let coverage = identity.coverage();
    assert!(coverage.identity_only());
    assert_eq!(coverage.confidence, None);
    assert_eq!(
        coverage.sectors,
        Some(Share {
            encoded: 0,
            of: Some(2)
        })
    );
}

#[test]
fn check_refuses_an_extent_smaller_than_the_table() {
    let error = ListTable {
        extent: Extent {
            rows: Some(1),
            ..TABLE.extent
        },
        ..TABLE
    }
    .check()
    .unwrap_err();
    assert!(
        error.contains("2 rows") && error.contains("has 1"),
        "{error}"
    );
    let error = ListTable {
        extent: Extent {
            sectors: Some(1),
            ..TABLE.extent
        },
        ..TABLE
    }
    .check()
    .unwrap_err();
    assert!(error.contains("2 sectors"), "{error}");
    let error = ListTable {
        extent: Extent {
            unit: " ",
            ..TABLE.extent
        },
        ..TABLE
    }
    .check()
    .unwrap_err();
    assert!(error.contains("unit"), "{error}");
}

/// The test table with the returns pool's lowest band taking every count from 0, or from `from`.
fn returns_from(from: u64) -> ListTable {
    let bands: &'static [Band] = Box::leak(Box::new([
        Band {
            from,
            ..TABLE.bands[0]
        },
        TABLE.bands[1],
        TABLE.bands[2],
        TABLE.bands[3],
        TABLE.bands[4],
        TABLE.bands[5],
    ]));
    ListTable { bands, ..TABLE }
}

#[test]
fn a_ladder_may_start_at_0_or_1_person_and_nowhere_else() {
    assert_eq!(returns_from(0).check(), Ok(()));
    assert_eq!(returns_from(1).check(), Ok(()));
    let error = returns_from(2).check().unwrap_err();
    assert!(error.contains("returns-general"), "{error}");
}

#[test]
fn a_ladder_from_0_is_the_bands_themselves_and_an_uncounted_export_still_starts_exempt() {
    let table = returns_from(0);
    let ladder_of = |exports: Vec<Export>| -> Vec<Vec<(u64, String)>> {
        table
            .evaluate(&request_in("trade", false, exports))
            .unwrap()
            .exports
            .iter()
            .map(|outcome| {
                outcome
                    .ladder
                    .iter()
                    .map(|step| (step.from, step.rule.clone()))
                    .collect()
            })
            .collect()
    };
    let steps = |list: &[(u64, &str)]| -> Vec<(u64, String)> {
        list.iter()
            .map(|&(from, rule)| (from, rule.into()))
            .collect()
    };
    let small = personal("small", Some("returns"), false, 5);
    assert_eq!(
        ladder_of(vec![small.clone()])[0],
        steps(&[
            (0, rule::OFF_LIST),
            (1_000_000, "item-4"),
            (5_000_000, rule::NOT_SEEN)
        ]),
        "no step of its own below the band from 0"
    );
    let mut exempt = personal("exempt", Some("returns"), false, 50);
    exempt.exempt_persons = 50;
    assert_eq!(
        ladder_of(vec![exempt, small])[0],
        steps(&[
            (0, rule::NO_COUNTED),
            (6, rule::OFF_LIST),
            (1_000_000, "item-4"),
            (5_000_000, rule::NOT_SEEN)
        ])
    );
    assert_eq!(
        table
            .probe("trade", Some("returns"), false, 999_999)
            .unwrap()
            .rule,
        rule::OFF_LIST
    );
}

#[test]
fn a_table_keys_its_groups_by_pool_or_by_scenario() {
    let exports = vec![
        personal("a", Some("returns"), false, 10),
        personal("b", Some("returns"), false, 20),
    ];
    let keys = |table: &ListTable| -> Vec<String> {
        let response = table
            .evaluate(&request_in("trade", false, exports.clone()))
            .unwrap();
        let group = response.exports[0].count.as_ref().unwrap().group.as_ref();
        let mut keys: Vec<String> = response.groups.iter().map(|g| g.key.clone()).collect();
        keys.push(group.unwrap().key.clone());
        keys
    };
    assert_eq!(
        keys(&TABLE),
        ["pool:returns-general", "pool:returns-general"]
    );
    let by_scenario = ListTable {
        group_keys: GroupKeys::Scenario,
        ..TABLE
    };
    assert_eq!(
        keys(&by_scenario),
        ["scenario:returns-general", "scenario:returns-general"]
    );
    // An exact count sent for the scenario key replaces the sum.
    let mut request = request_in("trade", false, exports.clone());
    request
        .group_counts
        .insert("scenario:returns-general".into(), 1_000_000);
    let outcome = by_scenario.evaluate(&request).unwrap().exports.remove(0);
    assert_eq!(outcome.rule, "item-4");
}
