use super::TABLE;
use ftzroute_plugin_api::sdk::list::rule;
use ftzroute_plugin_api::Route;

fn rule_at(scenario: &str, sensitive: bool, persons: u64) -> String {
    TABLE
        .probe("cross-border-ecommerce", Some(scenario), sensitive, persons)
        .unwrap()
        .rule
}

#[test]
fn the_table_is_consistent() {
    assert_eq!(TABLE.check(), Ok(()));
}

#[test]
fn item_4_runs_from_1_000_000_to_under_5_000_000_in_its_four_scenarios() {
    for scenario in super::ECOMMERCE {
        assert_eq!(rule_at(scenario, false, 999_999), rule::OFF_LIST);
        assert_eq!(rule_at(scenario, false, 1_000_000), "item-4");
        assert_eq!(rule_at(scenario, false, 4_999_999), "item-4");
        assert_eq!(rule_at(scenario, false, 5_000_000), rule::NOT_SEEN);
    }
}

#[test]
fn item_6_runs_from_500_000_to_under_2_000_000_in_its_four_scenarios() {
    for scenario in super::CLEARING {
        assert_eq!(rule_at(scenario, false, 499_999), rule::OFF_LIST);
        assert_eq!(rule_at(scenario, false, 500_000), "item-6");
        assert_eq!(rule_at(scenario, false, 1_999_999), "item-6");
        assert_eq!(rule_at(scenario, false, 2_000_000), rule::NOT_SEEN);
    }
}

#[test]
fn sensitive_information_and_data_without_a_scenario_are_undetermined() {
    assert_eq!(rule_at("buyer-returns", true, 1), rule::NOT_SEEN);
    let outcome = TABLE
        .probe("cross-border-ecommerce", None, false, 2_000_000)
        .unwrap();
    assert_eq!(outcome.route, Route::Undetermined);
}

#[test]
fn the_rows_cite_their_verbatim_text() {
    let description = TABLE.describe();
    let item = description.rule("item-4").unwrap();
    assert!(item.citation.zh.contains("100万人以上且不满500万人"));
    assert_eq!(item.route, Route::StandardContractOrCertification);
}
