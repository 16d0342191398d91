//! A volume ladder as an outcome carries it ([`Outcome::ladder`](crate::contract::Outcome)):
//! steps from a number of counted persons upward, each decided by a rule. A list's first band
//! starts at 1 person (its bands say nothing of an export with none counted) or at 0 (the band
//! below the list's lowest row takes every count from none up).

use crate::contract::Step;

/// The step `n` counted persons fall in: the last one starting at or below `n`; `None` only for
/// a ladder starting above `n`.
pub fn step_at(steps: &[Step], n: u64) -> Option<&Step> {
    steps.iter().rev().find(|step| step.from <= n)
}

/// The ladder of an export with no counted persons of its own beside `others` counted in its
/// group: `uncounted` decides it from 0, whatever the others reach; from its own first person
/// (`others + 1`) it would take the step the group then reaches, and every step above. A step
/// naming the rule of the one before it is left out, so each step changes the rule.
pub fn for_uncounted(uncounted: Step, steps: &[Step], others: u64) -> Vec<Step> {
    let first = others.saturating_add(1);
    let at_first = step_at(steps, first).map(|step| Step {
        from: first,
        ..step.clone()
    });
    let above = steps.iter().filter(|step| step.from > first).cloned();
    let mut ladder = vec![uncounted];
    for step in at_first.into_iter().chain(above) {
        if ladder.last().is_some_and(|last| last.rule != step.rule) {
            ladder.push(step);
        }
    }
    ladder
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::Route;

    fn step(from: u64, rule: &str, route: Route) -> Step {
        Step {
            from,
            route,
            rule: rule.into(),
        }
    }

    /// Off the list below 10, a contract row to 100, an assessment row from 100.
    fn from_zero() -> Vec<Step> {
        vec![
            step(0, "off-list", Route::Exempt),
            step(10, "item-2", Route::StandardContractOrCertification),
            step(100, "item-1", Route::SecurityAssessment),
        ]
    }

    #[test]
    fn the_step_at_a_count_is_the_last_starting_at_or_below_it() {
        let steps = from_zero();
        assert_eq!(step_at(&steps, 0).unwrap().rule, "off-list");
        assert_eq!(step_at(&steps, 9).unwrap().rule, "off-list");
        assert_eq!(step_at(&steps, 10).unwrap().rule, "item-2");
        assert_eq!(step_at(&steps, u64::MAX).unwrap().rule, "item-1");
        let from_one = &steps[1..];
        assert_eq!(step_at(from_one, 9), None, "below the first band");
    }

    #[test]
    fn an_uncounted_export_is_exempt_until_its_own_first_person() {
        let exempt = step(0, "exempt-art-4", Route::Exempt);
        // Alone in its group: its first person would be off the list, then the rows.
        assert_eq!(
            for_uncounted(exempt.clone(), &from_zero(), 0),
            [
                exempt.clone(),
                step(1, "off-list", Route::Exempt),
                step(10, "item-2", Route::StandardContractOrCertification),
                step(100, "item-1", Route::SecurityAssessment),
            ]
        );
        // Beside 50 others: its first person makes 51, inside item 2.
        assert_eq!(
            for_uncounted(exempt.clone(), &from_zero(), 50),
            [
                exempt.clone(),
                step(51, "item-2", Route::StandardContractOrCertification),
                step(100, "item-1", Route::SecurityAssessment),
            ]
        );
        // Beside u64::MAX others the first person saturates at the top band.
        assert_eq!(
            for_uncounted(exempt.clone(), &from_zero(), u64::MAX).len(),
            2
        );
    }

    #[test]
    fn a_step_repeating_the_rule_before_it_is_left_out() {
        let no_counted = step(0, "no-counted-persons", Route::Exempt);
        let steps = [
            step(1, "no-counted-persons", Route::Exempt),
            step(5, "item-2", Route::StandardContractOrCertification),
        ];
        assert_eq!(
            for_uncounted(no_counted.clone(), &steps, 0),
            [
                no_counted,
                step(5, "item-2", Route::StandardContractOrCertification)
            ]
        );
    }
}
