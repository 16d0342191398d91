//! Unit tests of `pack check`: every check with a pack made of bands, no real law.

use super::behaviour::*;
use super::text::*;
use super::*;
use crate::cases::LoadedCase;
use crate::core::pack::PackFault;
use crate::core::pack::RulePack;
use crate::workbench::sweep::test_pack::{description, rule, Bands};
use crate::workbench::sweep::{decision_of, SweepKey};
use ftzroute_plugin_api::{Description, EvaluateRequest};
use ftzroute_plugin_api::{EvaluateResponse, Route::*};

fn errors<'a>(findings: &'a [Finding], id: &str) -> Vec<&'a Finding> {
    findings
        .iter()
        .filter(|f| f.id == id && f.severity == Severity::Error)
        .collect()
}

fn with_severity<'a>(findings: &'a [Finding], id: &str, severity: Severity) -> Vec<&'a str> {
    findings
        .iter()
        .filter(|f| f.id == id && f.severity == severity)
        .map(|f| f.message.as_str())
        .collect()
}

fn rules() -> Vec<ftzroute_plugin_api::Rule> {
    vec![
        rule("off", Exempt, None),
        rule("item-2", StandardContractOrCertification, Some(2)),
        rule("item-1", SecurityAssessment, Some(1)),
    ]
}

#[test]
fn a_complete_description_passes() {
    let findings = description_findings(&description(rules()));
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].severity, Severity::Info);
    assert_eq!(
        citation_findings(&description(rules()))[0].severity,
        Severity::Info
    );
}

#[test]
fn placeholders_are_errors_wherever_they_are() {
    let mut d = description(rules());
    d.name = "TODO: name of the list".into();
    d.rules[1].citation.en = "Item 2 (placeholder)".into();
    d.source.reference = "todo".into();
    let findings = description_findings(&d);
    let found = errors(&findings, "description");
    assert_eq!(found.len(), 3, "{findings:?}");
    assert!(found[0].message.contains("name"), "{found:?}");
    assert!(
        found
            .iter()
            .any(|f| f.message.contains("rule `item-2` citation.en")),
        "{found:?}"
    );
}

#[test]
fn empty_identity_fields_and_bad_dates_are_errors() {
    let mut d = description(rules());
    d.issuers = vec![];
    d.sectors = vec![];
    d.source.title_zh = " ".into();
    d.effective_from = "2025-02-30".into();
    d.effective_until = Some("soon".into());
    let findings = description_findings(&d);
    let messages: Vec<&str> = errors(&findings, "description")
        .iter()
        .map(|f| f.message.as_str())
        .collect();
    for expected in [
        "issuers",
        "sectors",
        "source.title_zh",
        "effective_from",
        "effective_until",
    ] {
        assert!(
            messages.iter().any(|m| m.contains(expected)),
            "{expected} not reported: {messages:?}"
        );
    }
    let mut d = description(rules());
    d.effective_until = Some("2024-12-31".into());
    assert_eq!(errors(&description_findings(&d), "description").len(), 1);
    let mut d = description(rules());
    d.issued = "2025-06-01".into();
    let findings = description_findings(&d);
    assert_eq!(
        with_severity(&findings, "description", Severity::Warning).len(),
        1
    );
}

#[test]
fn a_chinese_citation_without_chinese_is_a_warning_and_an_empty_one_an_error() {
    let mut d = description(rules());
    d.rules[0].citation.zh = "Measures, Art. 10".into();
    d.rules[1].citation.en = "".into();
    let findings = citation_findings(&d);
    assert_eq!(
        with_severity(&findings, "citations", Severity::Warning),
        ["rule `off`: the Chinese citation has no Chinese characters: \"Measures, Art. 10\""]
    );
    assert_eq!(errors(&findings, "citations").len(), 1);
    assert!(has_cjk("《条例》第8项") && !has_cjk("Art. 8 (第 is CJK)".replace('第', "").as_str()));
}

/// A case of one personal export of the sweep's first subject at `persons`.
fn case(persons: u64) -> LoadedCase {
    let source = format!(
        "description = 'at {persons}'\n[profile]\nas_of = 2025-10-01\n[profile.handler]\nname = 'h'\nsector = 's'\n[[profile.export]]\nid = 'e'\nkind = 'personal'\nsubject = 'trial-subject'\npersons = {persons}\n[[expect]]\nexport = 'e'\nroute = 'exempt'\nbasis = 'b'\n"
    );
    let file = PathBuf::from(format!("edge-{persons}.toml"));
    crate::cases::parse_case(&file, &source).unwrap()
}

#[test]
fn a_route_getting_more_lenient_is_a_monotonicity_error_naming_the_count() {
    let pack = Bands::new(
        rules(),
        vec![(0, "off"), (10_000, "item-1"), (20_000, "off")],
        false,
    );
    let checked = check_pack(&pack, None);
    let found = errors(&checked.findings, "monotonicity");
    assert_eq!(found.len(), 1, "one finding for every sweep: {found:?}");
    assert!(
        found[0].message.starts_with("at 20,000 "),
        "{}",
        found[0].message
    );
    assert!(
        found[0]
            .message
            .ends_with("sweep every subject and sensitivity"),
        "{}",
        found[0].message
    );
    assert!(errors(&checked.findings, "rules-exist").is_empty());
}

#[test]
fn reaching_a_band_not_seen_is_not_a_monotonicity_error() {
    let mut with_unseen = rules();
    with_unseen.push(rule("text-not-seen", Undetermined, None));
    let pack = Bands::new(
        with_unseen,
        vec![(0, "off"), (10_000, "item-2"), (20_000, "text-not-seen")],
        false,
    );
    let checked = check_pack(&pack, None);
    assert!(errors(&checked.findings, "monotonicity").is_empty());
}

#[test]
fn each_boundary_needs_golden_cases_on_both_sides() {
    let pack = Bands::new(
        rules(),
        vec![(0, "off"), (100, "item-2"), (5_000, "item-1")],
        true,
    );
    // The pack counts every export in one scenario, so cases of one subject cover them all.
    let cases = [case(99), case(100), case(4_999)];
    let checked = check_pack(&pack, Some(&cases));
    let missing = with_severity(&checked.findings, "edges", Severity::Warning);
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(
        missing[0].starts_with("boundary at 5,000 (item-2 (standard-contract-or-certification) -> item-1 (security-assessment)) lacks a golden case at 5,000; sweep every subject and sensitivity"),
        "{}",
        missing[0]
    );
    let complete = [case(99), case(100), case(4_999), case(5_000)];
    let checked = check_pack(&pack, Some(&complete));
    assert!(with_severity(&checked.findings, "edges", Severity::Warning).is_empty());
    assert_eq!(checked.count(Severity::Error), 0, "{:?}", checked.findings);
    assert_eq!(checked.cases_evaluated, 4);
}

#[test]
fn a_case_deciding_otherwise_does_not_cover_an_edge() {
    // At 100 the sweep sees item-2; a case at 100 decided by another rule is not its edge.
    let pack = Bands::new(rules(), vec![(0, "off"), (100, "item-2")], false);
    let run = CaseRun {
        case: &case(100),
        outcomes: pack.evaluate(&case(100).profile.request()).unwrap().exports,
    };
    let key = SweepKey::all().next().unwrap();
    let item_2 = decision_of(&pack.description, &run.outcomes[0]).unwrap();
    assert!(case_covers(&run, &key, 100, &item_2, None));
    let mut other = item_2.clone();
    other.rule = "item-1".into();
    assert!(!case_covers(&run, &key, 100, &other, None));
    let sensitive = SweepKey {
        sensitive: true,
        ..key.clone()
    };
    assert!(
        !case_covers(&run, &sensitive, 100, &item_2, None),
        "another sensitivity"
    );
    assert!(
        case_covers(&run, &sensitive, 100, &item_2, Some("all persons")),
        "same scenario"
    );
}

/// Answers differently every other call.
struct Flaky(Bands);

impl RulePack for Flaky {
    fn description(&self) -> &Description {
        &self.0.description
    }
    fn evaluate(&self, request: &EvaluateRequest) -> Result<EvaluateResponse, PackFault> {
        let mut response = self.0.evaluate(request)?;
        if self.0.calls.get() % 2 == 0 {
            for outcome in &mut response.exports {
                if outcome.rule == "off" {
                    outcome.rule = "item-2".into();
                    outcome.route = StandardContractOrCertification;
                }
            }
        }
        Ok(response)
    }
}

#[test]
fn a_pack_answering_differently_twice_is_not_deterministic() {
    let pack = Flaky(Bands::new(
        rules(),
        vec![(0, "off"), (1_000, "item-1")],
        false,
    ));
    let checked = check_pack(&pack, Some(&[case(5)]));
    assert!(
        !errors(&checked.findings, "determinism").is_empty(),
        "{:?}",
        checked.findings
    );
    let steady = Bands::new(rules(), vec![(0, "off"), (1_000, "item-1")], false);
    let checked = check_pack(&steady, Some(&[case(5)]));
    assert!(errors(&checked.findings, "determinism").is_empty());
}

#[test]
fn an_undeclared_rule_is_a_rules_exist_error() {
    let pack = Bands::new(rules(), vec![(0, "off"), (300, "item-404")], false);
    let checked = check_pack(&pack, Some(&[case(400)]));
    let found = errors(&checked.findings, "rules-exist");
    // Every sweep failed the same way (one finding), and the case.
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0]
        .message
        .starts_with("sweep every subject and sensitivity: at 500: "));
    assert!(
        found.iter().all(|f| f.message.contains("item-404")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|f| f.message.contains("edge-400.toml")),
        "{found:?}"
    );
}

#[test]
fn findings_serialize_with_stable_names() {
    let finding = Finding::new("speed", Severity::Warning, "slow");
    assert_eq!(
        serde_json::to_value(&finding).unwrap(),
        json!({ "id": "speed", "severity": "warning", "message": "slow" })
    );
}

#[test]
fn counts_are_read_from_text_and_years_or_article_numbers_are_not() {
    assert_eq!(
        stated_counts("Tier 2 item 14: 10,000 to under 50,000 subjects (2025), Art. 5(4)"),
        vec![10_000, 50_000]
    );
    assert_eq!(
        stated_counts("1,000,000 or more; 100000 plain"),
        vec![1_000_000, 100_000]
    );
    assert_eq!(stated_counts("1万人以上不满10万人"), vec![10_000, 100_000]);
    assert!(stated_counts("under-14s, item 21, 2026-04-24, CAC Order No. 16").is_empty());
}

#[test]
fn a_citation_stating_another_count_than_the_boundary_is_flagged() {
    let mut stated = rules();
    stated[2].citation.en = "Test regulation item 1: 50,000 persons or more".into();
    let pack = Bands::new(stated, vec![(0, "off"), (80_000, "item-1")], false);
    let checked = check_pack(&pack, None);
    let found = with_severity(&checked.findings, "numbers", Severity::Warning);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("rule `item-1` citation.en states 50,000")
            && found[0].contains("only at 80,000"),
        "{}",
        found[0]
    );

    let mut right = rules();
    right[2].citation.en = "Test regulation item 1: 80,000 persons or more".into();
    let pack = Bands::new(right, vec![(0, "off"), (80_000, "item-1")], false);
    let checked = check_pack(&pack, None);
    assert!(with_severity(&checked.findings, "numbers", Severity::Warning).is_empty());
}

#[test]
fn the_scaffold_dates_are_flagged_until_replaced() {
    let mut d = description(rules());
    d.edition = "2026".into();
    d.issued = "2026-01-01".into();
    d.effective_from = "2026-01-01".into();
    let findings = description_findings(&d);
    let found = with_severity(&findings, "description", Severity::Warning);
    assert!(
        found
            .iter()
            .any(|m| m.contains("the dates `pack new` fills in")),
        "{found:?}"
    );
    d.issued = "2025-12-20".into();
    let findings = description_findings(&d);
    assert!(with_severity(&findings, "description", Severity::Warning).is_empty());
}

#[test]
fn coverage_that_disagrees_with_the_rules_is_flagged() {
    use ftzroute_plugin_api::{Coverage, Share};
    let mut d = description(vec![
        rule("item-3", Exempt, Some(3)),
        rule("item-4", Exempt, Some(4)),
    ]);
    let errors = |d: &Description| -> Vec<String> {
        coverage_findings(d)
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.message)
            .collect()
    };
    // Not declared: said, not an error.
    d.coverage = None;
    assert!(errors(&d).is_empty());
    assert!(!coverage_findings(&d).is_empty());
    // Declares 5 rows encoded, names the table's 2.
    d.coverage = Some(Coverage {
        rows: Share {
            encoded: 5,
            of: Some(9),
        },
        unit: "items".into(),
        row_rules: vec!["item-3".into(), "item-4".into()],
        ..Default::default()
    });
    let found = errors(&d);
    assert!(
        found
            .iter()
            .any(|m| m.contains("declares 5 items encoded but names 2")),
        "{found:?}"
    );
    // Agreeing: no error.
    d.coverage.as_mut().unwrap().rows.encoded = 2;
    assert!(errors(&d).is_empty(), "{:?}", errors(&d));
    // A rule of the list left out of the rows, an undeclared row rule, more than the whole.
    let coverage = d.coverage.as_mut().unwrap();
    coverage.row_rules = vec!["item-3".into(), "item-9".into()];
    coverage.rows.of = Some(1);
    let found = errors(&d);
    assert!(found.iter().any(|m| m.contains("`item-9`")), "{found:?}");
    assert!(found.iter().any(|m| m.contains("list item 4")), "{found:?}");
    assert!(
        found.iter().any(|m| m.contains("more than the whole")),
        "{found:?}"
    );
}
