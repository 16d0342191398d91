//! The checks that run the pack: rules exist, determinism, monotonicity, edges and speed, over a
//! threshold sweep and the golden cases.

use super::text::{citation_findings, coverage_findings, description_findings, number_findings};
use super::{Checked, Finding, Severity};
use crate::cases::LoadedCase;
use crate::core::pack::RulePack;
use crate::core::wording::thousands;
use crate::workbench::sweep::{
    decision_of, grid, sweep, sweep_request, Boundary, Decision, SweepKey,
};
use ftzroute_plugin_api::{DataKind, EvaluateRequest, Outcome, Route};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Above this median per evaluate call the `speed` check warns.
const SLOW: Duration = Duration::from_millis(1);

/// Each case profile is evaluated this many times: every answer is compared with the first for
/// determinism, and every call is timed.
const CASE_RUNS: usize = 5;

/// At most this many findings of one check are listed one by one; the rest are counted.
const LISTED: usize = 20;

/// Adds one finding per problem, up to [`LISTED`], then one counting the rest.
fn push_listed(
    findings: &mut Vec<Finding>,
    id: &'static str,
    severity: Severity,
    problems: Vec<String>,
) {
    let more = problems.len().saturating_sub(LISTED);
    findings.extend(
        problems
            .into_iter()
            .take(LISTED)
            .map(|message| Finding::new(id, severity, message)),
    );
    if more > 0 {
        findings.push(Finding::new(id, severity, format!("... and {more} more")));
    }
}

/// A case the pack decided, with its outcomes in export order.
pub(super) struct CaseRun<'a> {
    pub(super) case: &'a LoadedCase,
    pub(super) outcomes: Vec<Outcome>,
}

/// Does an export of a golden case sit at count `x` of a sweep, deciding as the sweep did?
///
/// Either the pack counts the export in the same scenario as the sweep's export (its own
/// `count.scenario`) with total `x`, or the case has only this export, of the sweep's subject
/// and sensitivity, with `x` counted persons.
pub(super) fn case_covers(
    run: &CaseRun,
    key: &SweepKey,
    x: u64,
    decision: &Decision,
    scenario: Option<&str>,
) -> bool {
    let profile = &run.case.profile;
    run.outcomes
        .iter()
        .zip(&profile.exports)
        .any(|(outcome, export)| {
            if outcome.route != decision.route || outcome.rule != decision.rule {
                return false;
            }
            let same_scenario = match (scenario, &outcome.count) {
                (Some(scenario), Some(count)) => count.scenario == scenario && count.total == x,
                _ => false,
            };
            let alone = profile.exports.len() == 1
                && !profile.handler.ciio
                && export.kind == DataKind::Personal
                && export.subject == Some(key.subject)
                && export.scenario.as_deref() == key.scenario.as_deref()
                && export.sensitive == key.sensitive
                && export.counted_persons() == Some(x);
            same_scenario || alone
        })
}

fn millis(duration: Duration) -> String {
    format!("{:.3} ms", duration.as_secs_f64() * 1000.0)
}

/// Evaluates and checks that every outcome names a declared rule with its route.
fn evaluate_checked(
    pack: &dyn RulePack,
    request: &EvaluateRequest,
) -> Result<Vec<Outcome>, String> {
    let response = pack.evaluate(request).map_err(|e| e.to_string())?;
    if response.exports.len() != request.exports.len() {
        return Err(format!(
            "{} outcomes for {} exports",
            response.exports.len(),
            request.exports.len()
        ));
    }
    for outcome in &response.exports {
        decision_of(pack.description(), outcome)
            .map_err(|m| format!("export `{}`: {m}", outcome.id))?;
    }
    Ok(response.exports)
}

/// Runs every check that needs the pack, not only its description.
pub fn check_pack(pack: &dyn RulePack, cases: Option<&[LoadedCase]>) -> Checked {
    let description = pack.description();
    let mut findings = description_findings(description);
    findings.extend(citation_findings(description));
    findings.extend(coverage_findings(description));

    let mut invalid = Problems::default();
    let mut unstable = Problems::default();
    let mut outcomes_checked = 0usize;

    let mut sweeps = Vec::new();
    let keys = SweepKey::for_pack(description);
    for key in keys.iter().cloned() {
        match sweep(pack, key) {
            Ok(done) => {
                outcomes_checked += done.probes;
                sweeps.push(done);
            }
            Err(error) => invalid.sweep(
                &error.key,
                format!("at {}: {}", thousands(error.at), error.message),
            ),
        }
    }

    if !sweeps.is_empty() {
        findings.extend(number_findings(description, &sweeps));
    }

    // Cases with dated transfers are counted in the pack's window, as from a ledger.
    let counted: Vec<LoadedCase> = cases
        .unwrap_or_default()
        .iter()
        .map(|case| case.counted_for(description))
        .collect();
    let covered: Vec<&LoadedCase> = counted
        .iter()
        .filter(|case| description.covers_sector(&case.profile.handler.sector))
        .collect();
    let mut runs = Vec::new();
    let mut times = Vec::new();
    for case in &covered {
        let request = case.profile.request();
        let name = case.file.display();
        let mut first: Option<Vec<Outcome>> = None;
        let mut differed = false;
        for round in 0..CASE_RUNS {
            let start = Instant::now();
            let result = evaluate_checked(pack, &request);
            times.push(start.elapsed());
            match result {
                Err(message) => {
                    invalid.other(format!("case {name}: {message}"));
                    first = None;
                    break;
                }
                Ok(outcomes) if round == 0 => {
                    outcomes_checked += outcomes.len();
                    first = Some(outcomes);
                }
                Ok(outcomes) => {
                    if !differed && first.as_ref() != Some(&outcomes) {
                        differed = true;
                        unstable.other(format!(
                            "case {name}: the same profile gave different answers"
                        ));
                    }
                }
            }
        }
        if let Some(outcomes) = first {
            runs.push(CaseRun { case, outcomes });
        }
    }

    // Determinism over the sweeps: every count probed is asked again in full, twice. The two
    // answers must agree, and with the routes-only answer the sweep got (headroom relies on it).
    let mut scenarios: Vec<BTreeMap<u64, Option<String>>> = Vec::new();
    for done in &sweeps {
        let key = &done.key;
        let mut scenario_at = BTreeMap::new();
        let (mut twice, mut brief) = (Vec::new(), Vec::new());
        for (n, decision) in &done.decisions {
            let request = sweep_request(description, &done.key, *n, false);
            match (
                evaluate_checked(pack, &request),
                evaluate_checked(pack, &request),
            ) {
                (Ok(a), Ok(b)) => {
                    if a != b {
                        twice.push(thousands(*n));
                    }
                    match decision_of(description, &a[0]) {
                        Ok(full) if &full == decision => {}
                        Ok(full) => brief.push(format!(
                            "{}: {} then {}",
                            thousands(*n),
                            decision.rule,
                            full.rule
                        )),
                        Err(message) => {
                            invalid.sweep(key, format!("at {}: {message}", thousands(*n)))
                        }
                    }
                    scenario_at.insert(*n, a[0].count.as_ref().map(|c| c.scenario.clone()));
                }
                (Err(message), _) | (_, Err(message)) => {
                    invalid.sweep(key, format!("at {}: {message}", thousands(*n)))
                }
            }
        }
        if !twice.is_empty() {
            unstable.sweep(
                key,
                format!(
                    "the same request gave two different answers at {} count(s) ({})",
                    twice.len(),
                    first_few(twice)
                ),
            );
        }
        if !brief.is_empty() {
            unstable.sweep(
                key,
                format!(
                    "routes-only and full answers name different rules at {} count(s) ({})",
                    brief.len(),
                    first_few(brief)
                ),
            );
        }
        scenarios.push(scenario_at);
    }

    // Monotonicity and edges, boundary by boundary; equal problems of several sweeps are
    // reported once with every sweep named.
    let mut regressions: Vec<(&Boundary, Vec<String>)> = Vec::new();
    let mut missing: Vec<(&Boundary, Vec<u64>, Vec<String>)> = Vec::new();
    for (done, scenario_at) in sweeps.iter().zip(&scenarios) {
        for boundary in &done.boundaries {
            // Reaching a band whose text the pack has not seen is an unknown answer, not a more
            // lenient one: only a determined route can regress.
            let regressed = boundary.to.route != Route::Undetermined
                && boundary.from.route.is_stricter_than(boundary.to.route);
            if regressed {
                group(&mut regressions, boundary, done.key.label());
            }
            let absent: Vec<u64> = [
                (boundary.at - 1, &boundary.from),
                (boundary.at, &boundary.to),
            ]
            .into_iter()
            .filter(|(x, decision)| {
                let scenario = scenario_at.get(x).cloned().flatten();
                !runs
                    .iter()
                    .any(|run| case_covers(run, &done.key, *x, decision, scenario.as_deref()))
            })
            .map(|(x, _)| x)
            .collect();
            if !absent.is_empty() {
                let label = done.key.label();
                match missing
                    .iter_mut()
                    .find(|(b, points, _)| same_boundary(b, boundary) && *points == absent)
                {
                    Some((_, _, labels)) => labels.push(label),
                    None => missing.push((boundary, absent, vec![label])),
                }
            }
        }
    }

    let boundary_count: usize = sweeps.iter().map(|s| s.boundaries.len()).sum();

    if invalid.is_empty() {
        findings.push(Finding::new(
            "rules-exist",
            Severity::Info,
            format!(
                "{} outcomes ({} sweep probes, {} case exports) name declared rules with their routes",
                thousands(outcomes_checked as u64),
                thousands(sweeps.iter().map(|s| s.probes as u64).sum()),
                runs.iter().map(|r| r.outcomes.len()).sum::<usize>()
            ),
        ));
    }
    push_listed(
        &mut findings,
        "rules-exist",
        Severity::Error,
        invalid.messages(keys.len()),
    );

    if sweeps.is_empty() && runs.is_empty() {
        findings.push(Finding::new(
            "determinism",
            Severity::Info,
            "not checked: no sweep completed and no case was decided",
        ));
    } else if unstable.is_empty() {
        findings.push(Finding::new(
            "determinism",
            Severity::Info,
            format!(
                "asked twice, every count probed{} got the same answer; routes-only answers agree with full ones",
                match runs.len() {
                    0 => String::new(),
                    n => format!(" and {n} case profile(s)"),
                }
            ),
        ));
    }
    push_listed(
        &mut findings,
        "determinism",
        Severity::Error,
        unstable.messages(keys.len()),
    );

    if sweeps.is_empty() {
        findings.push(Finding::new(
            "monotonicity",
            Severity::Info,
            "not checked: no sweep completed",
        ));
    } else if regressions.is_empty() {
        findings.push(Finding::new(
            "monotonicity",
            Severity::Info,
            format!(
                "over {} sweeps, a larger count never gave a less strict route",
                sweeps.len()
            ),
        ));
    }
    push_listed(
        &mut findings,
        "monotonicity",
        Severity::Error,
        regressions
            .into_iter()
            .map(|(b, labels)| {
                format!(
                    "at {} the route gets less strict: {} ({}) at {}, {} ({}) at {}; sweep {}",
                    thousands(b.at),
                    b.from.route,
                    b.from.words(),
                    thousands(b.at - 1),
                    b.to.route,
                    b.to.words(),
                    thousands(b.at),
                    sweeps_words(&labels, keys.len())
                )
            })
            .collect(),
    );

    if sweeps.is_empty() {
        findings.push(Finding::new(
            "edges",
            Severity::Info,
            "not checked: no sweep completed",
        ));
    } else if boundary_count == 0 {
        findings.push(Finding::new(
            "edges",
            Severity::Info,
            "the sweep found no boundaries, so no edge cases are needed",
        ));
    } else if cases.is_none() {
        findings.push(Finding::new(
            "edges",
            Severity::Warning,
            format!(
                "no golden cases found (pass --cases DIR): none of the {boundary_count} boundaries found by the sweep has edge cases"
            ),
        ));
    } else if missing.is_empty() {
        findings.push(Finding::new(
            "edges",
            Severity::Info,
            format!("all {boundary_count} boundaries found by the sweep have golden cases at n - 1 and n"),
        ));
    }
    if cases.is_some() {
        push_listed(
            &mut findings,
            "edges",
            Severity::Warning,
            missing
                .into_iter()
                .map(|(b, points, labels)| {
                    format!(
                        "boundary at {} ({}) lacks a golden case at {}; sweep {}",
                        thousands(b.at),
                        b.transition_words(),
                        points
                            .iter()
                            .map(|p| thousands(*p))
                            .collect::<Vec<_>>()
                            .join(" and "),
                        sweeps_words(&labels, keys.len())
                    )
                })
                .collect(),
        );
    }

    if times.is_empty() {
        // Without cases, the sweep grid of the first subject stands in for real profiles.
        let key = SweepKey::all().next().expect("there are sweep keys");
        for n in grid() {
            let request = sweep_request(description, &key, n, false);
            let start = Instant::now();
            let _ = pack.evaluate(&request);
            times.push(start.elapsed());
        }
    }
    times.sort();
    let median = times[times.len() / 2];
    let over = if covered.is_empty() {
        "sweep profiles".to_string()
    } else {
        format!("{} case profiles", covered.len())
    };
    let message = format!(
        "median {} per evaluate call ({} calls over {over})",
        millis(median),
        times.len()
    );
    findings.push(if median > SLOW {
        Finding::new(
            "speed",
            Severity::Warning,
            format!(
                "{message}: above {}; headroom probes multiply this",
                millis(SLOW)
            ),
        )
    } else {
        Finding::new("speed", Severity::Info, message)
    });

    Checked {
        findings,
        sweeps,
        cases_found: cases.map_or(0, <[LoadedCase]>::len),
        cases_evaluated: covered.len(),
    }
}

/// The first five items, and how many more.
fn first_few(items: Vec<String>) -> String {
    let more = items.len().saturating_sub(5);
    let mut text = items.into_iter().take(5).collect::<Vec<_>>().join(", ");
    if more > 0 {
        text.push_str(&format!(" and {more} more"));
    }
    text
}

/// Problems of one check. The same problem in several sweeps is reported once, naming them.
#[derive(Default)]
struct Problems {
    /// Each problem's text and the sweeps it showed in (none for a case).
    items: Vec<(String, Vec<String>)>,
}

impl Problems {
    fn sweep(&mut self, key: &SweepKey, text: String) {
        let label = key.label();
        match self
            .items
            .iter_mut()
            .find(|(seen, labels)| !labels.is_empty() && *seen == text)
        {
            Some((_, labels)) => labels.push(label),
            None => self.items.push((text, vec![label])),
        }
    }

    fn other(&mut self, text: String) {
        self.items.push((text, Vec::new()));
    }

    fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The problems, each naming its sweeps (or "every ..." when it showed in all `sweeps`).
    fn messages(self, sweeps: usize) -> Vec<String> {
        self.items
            .into_iter()
            .map(|(text, labels)| {
                if labels.is_empty() {
                    text
                } else {
                    format!("sweep {}: {text}", sweeps_words(&labels, sweeps))
                }
            })
            .collect()
    }
}

/// "every subject and sensitivity" when a problem shows in every sweep, else the sweeps.
fn sweeps_words(labels: &[String], sweeps: usize) -> String {
    if labels.len() == sweeps {
        "every subject and sensitivity".into()
    } else {
        labels.join(", ")
    }
}

fn same_boundary(a: &Boundary, b: &Boundary) -> bool {
    a.at == b.at && a.from == b.from && a.to == b.to
}

fn group<'a>(groups: &mut Vec<(&'a Boundary, Vec<String>)>, boundary: &'a Boundary, label: String) {
    match groups.iter_mut().find(|(b, _)| same_boundary(b, boundary)) {
        Some((_, labels)) => labels.push(label),
        None => groups.push((boundary, vec![label])),
    }
}
