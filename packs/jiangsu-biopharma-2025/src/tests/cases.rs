//! Replays the golden cases (`cases/*.toml`) against this pack for the expectations it decides:
//! its own zone, a covered sector, and an `as_of` on or after the list took effect. Expectations
//! for other zones, uncovered sectors or earlier dates belong to the host's runner.

use crate::JiangsuBiopharma2025;
use ftzroute_plugin_api::sdk::cases::Case;
use ftzroute_plugin_api::Pack;

#[test]
fn golden_cases_hold() {
    let cases = Case::all_in(concat!(env!("CARGO_MANIFEST_DIR"), "/cases"));
    assert!(
        cases.len() >= 60,
        "expected the full set of cases, found {}",
        cases.len()
    );
    let description = JiangsuBiopharma2025::describe();
    let mut fired = Vec::new();
    for (name, case) in &cases {
        let request = case.request();
        let response = JiangsuBiopharma2025::evaluate(&request)
            .unwrap_or_else(|e| panic!("{name}: evaluation failed: {e}"));
        for expect in &case.expects {
            let index = case
                .index_of(expect)
                .unwrap_or_else(|| panic!("{name}: no export `{}`", expect.export));
            if !case.decided_by(&description, expect) {
                continue;
            }
            let outcome = &response.exports[index];
            expect
                .check(&description, &request.exports[index], outcome)
                .unwrap_or_else(|error| panic!("{name}: {error}"));
            fired.push(outcome.rule.clone());
        }
    }
    assert!(
        fired.len() >= cases.len(),
        "only {} expectations checked",
        fired.len()
    );
    for rule in description.rules {
        assert!(fired.contains(&rule.id), "no case fires rule {}", rule.id);
    }
}
