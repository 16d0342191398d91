//! `ftzroute pack check`: static and behavioural checks of a pack, each a named finding.
//!
//! Static checks read the description; behavioural ones ask the pack, over the threshold sweep
//! of every subject and sensitivity and over its golden cases.

use crate::common::dates::parse_date;
use crate::common::failure::{Failure, ListFormat};
use crate::context::Context;
use crate::core::pack::RulePack;
use crate::core::report::thousands;
use crate::host::{is_pack_file, open_pack, LoadedPack, PackError};
use crate::workbench::cases::{find_cases_dir, load_cases, LoadedCase};
use crate::workbench::diff::{
    decision_of, grid, resolve_packs, sweep, sweep_request, Boundary, Decision, Sweep, SweepKey,
};
use ftzroute_plugin_api::{abi, DataKind, Description, EvaluateRequest, Outcome};
use serde::Serialize;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, clap::Args)]
pub struct PackCheckArgs {
    /// A pack id or the path of a built library.
    pub pack: String,
    /// The pack's case files (default: packs/<id>/cases in this checkout).
    #[arg(long, value_name = "DIR")]
    pub cases: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One result of one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The check: `abi`, `description`, `citations`, `rules-exist`, `determinism`,
    /// `monotonicity`, `edges` or `speed`.
    pub id: &'static str,
    pub severity: Severity,
    pub message: String,
}

impl Finding {
    fn new(id: &'static str, severity: Severity, message: impl Into<String>) -> Finding {
        Finding {
            id,
            severity,
            message: message.into(),
        }
    }
}

/// Above this median per evaluate call the `speed` check warns.
const SLOW: Duration = Duration::from_millis(1);

/// Each case profile is evaluated this many times: every answer is compared with the first for
/// determinism, and every call is timed.
const CASE_RUNS: usize = 5;

/// At most this many findings of one check are listed one by one; the rest are counted.
const LISTED: usize = 20;

/// Words that mark text a pack author has not written yet.
const PLACEHOLDERS: [&str; 2] = ["todo", "placeholder"];

fn is_placeholder(text: &str) -> bool {
    let lower = text.to_lowercase();
    PLACEHOLDERS.iter().any(|word| lower.contains(word))
}

/// True when `text` contains a CJK ideograph.
fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c as u32,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
    })
}

/// The `description` check: identity complete, no placeholder left, dates valid.
pub fn description_findings(d: &Description) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut error =
        |message: String| findings.push(Finding::new("description", Severity::Error, message));

    let mut texts: Vec<(String, &str)> = vec![
        ("id".into(), d.id.as_str()),
        ("zone".into(), d.zone.as_str()),
        ("name".into(), d.name.as_str()),
        ("edition".into(), d.edition.as_str()),
        ("source.title_zh".into(), d.source.title_zh.as_str()),
        ("source.title_en".into(), d.source.title_en.as_str()),
        ("source.reference".into(), d.source.reference.as_str()),
    ];
    texts.extend(
        d.issuers
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("issuers[{i}]"), s.as_str())),
    );
    texts.extend(
        d.sectors
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("sectors[{i}]"), s.as_str())),
    );
    texts.extend(
        d.interpretations
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("interpretations[{i}]"), s.as_str())),
    );
    for rule in &d.rules {
        for (field, text) in [
            ("id", rule.id.as_str()),
            ("basis", rule.basis.as_str()),
            ("citation.zh", rule.citation.zh.as_str()),
            ("citation.en", rule.citation.en.as_str()),
        ] {
            texts.push((format!("rule `{}` {field}", rule.id), text));
        }
    }
    for (field, text) in &texts {
        if is_placeholder(text) {
            error(format!("{field} still holds a placeholder: {text:?}"));
        }
    }

    for (field, value) in [
        ("source.title_zh", &d.source.title_zh),
        ("source.title_en", &d.source.title_en),
        ("source.reference", &d.source.reference),
    ] {
        if value.trim().is_empty() {
            error(format!(
                "{field} is empty: say where the text was published"
            ));
        }
    }
    if d.issuers.is_empty() || d.issuers.iter().any(|s| s.trim().is_empty()) {
        error("issuers must name at least one issuing authority, none empty".into());
    }
    if d.sectors.is_empty() || d.sectors.iter().any(|s| s.trim().is_empty()) {
        error("sectors must list at least one sector (or \"*\" for all), none empty".into());
    }

    let date = |field: &str, text: &str| {
        parse_date(text).ok_or_else(|| format!("{field} is not a YYYY-MM-DD date: {text:?}"))
    };
    let issued = date("issued", &d.issued);
    let from = date("effective_from", &d.effective_from);
    let until = d
        .effective_until
        .as_deref()
        .map(|text| date("effective_until", text))
        .transpose();
    for problem in [
        issued.as_ref().err(),
        from.as_ref().err(),
        until.as_ref().err(),
    ]
    .into_iter()
    .flatten()
    {
        error(problem.clone());
    }
    if let (Ok(from), Ok(Some(until))) = (&from, &until) {
        if until < from {
            error(format!(
                "effective_until {} is before effective_from {}",
                d.effective_until.as_deref().unwrap_or_default(),
                d.effective_from
            ));
        }
    }
    if let (Ok(issued), Ok(from)) = (&issued, &from) {
        if from < issued {
            findings.push(Finding::new(
                "description",
                Severity::Warning,
                format!(
                    "effective_from {} is before issued {}: check the dates",
                    d.effective_from, d.issued
                ),
            ));
        }
    }
    if scaffold_dates(d) {
        findings.push(Finding::new(
            "description",
            Severity::Warning,
            format!(
                "issued and effective_from are both {}, 1 January of the edition's year: the dates `pack new` fills in; set the real dates",
                d.issued
            ),
        ));
    }
    if findings.is_empty() {
        findings.push(Finding::new(
            "description",
            Severity::Info,
            format!(
                "identity, source, issuers, {} sector(s) and dates complete; no placeholder text",
                d.sectors.len()
            ),
        ));
    }
    findings
}

/// True when the dates are the ones `pack new` writes: issued and in force on 1 January of the
/// year the edition label starts with.
fn scaffold_dates(d: &Description) -> bool {
    let year = d
        .edition
        .get(..4)
        .filter(|y| y.chars().all(|c| c.is_ascii_digit()));
    year.is_some_and(|year| {
        let placeholder = format!("{year}-01-01");
        d.issued == placeholder && d.effective_from == placeholder
    })
}

/// The person counts a text states: `50,000`, `1 000 000`, plain numbers of five digits or
/// more, and Chinese `10万` / `1万人`. Years, article and item numbers are not counts.
pub fn stated_counts(text: &str) -> Vec<u64> {
    let chars: Vec<char> = text.chars().collect();
    let mut counts = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        if !chars[at].is_ascii_digit() || (at > 0 && chars[at - 1].is_ascii_alphanumeric()) {
            at += 1;
            continue;
        }
        let mut digits = String::new();
        let mut grouped = false;
        let mut end = at;
        while end < chars.len() {
            let c = chars[end];
            if c.is_ascii_digit() {
                digits.push(c);
                end += 1;
            } else if (c == ',' || c == ' ')
                && end + 3 < chars.len() + 1
                && chars[end + 1..]
                    .iter()
                    .take(3)
                    .filter(|d| d.is_ascii_digit())
                    .count()
                    == 3
                && chars.get(end + 4).is_none_or(|d| !d.is_ascii_digit())
            {
                grouped = true;
                end += 1;
            } else {
                break;
            }
        }
        let value: Option<u64> = digits.parse().ok();
        let wan = chars.get(end) == Some(&'万');
        let count = match value {
            Some(v) if wan => v.checked_mul(10_000),
            Some(v) if grouped || digits.len() >= 5 => Some(v),
            _ => None,
        };
        counts.extend(count);
        at = end.max(at + 1);
    }
    counts
}

/// The `numbers` check: a count a rule's basis or citation states must be where the sweep finds
/// that rule starting or ending, so "50,000" is never the text of a rule that fires at 80,000.
pub fn number_findings(d: &Description, sweeps: &[Sweep]) -> Vec<Finding> {
    let mut edges: BTreeMap<&str, BTreeSet<u64>> = BTreeMap::new();
    for boundary in sweeps.iter().flat_map(|s| &s.boundaries) {
        edges
            .entry(&boundary.to.rule)
            .or_default()
            .insert(boundary.at);
        edges
            .entry(&boundary.from.rule)
            .or_default()
            .insert(boundary.at);
    }
    let mut findings = Vec::new();
    let mut checked = 0;
    for rule in &d.rules {
        let Some(found) = edges.get(rule.id.as_str()) else {
            continue;
        };
        for (field, text) in [
            ("basis", &rule.basis),
            ("citation.en", &rule.citation.en),
            ("citation.zh", &rule.citation.zh),
        ] {
            for stated in stated_counts(text) {
                checked += 1;
                if !found.contains(&stated) {
                    findings.push(Finding::new(
                        "numbers",
                        Severity::Warning,
                        format!(
                            "rule `{}` {field} states {} but the sweep finds the rule starting or ending only at {}",
                            rule.id,
                            thousands(stated),
                            found.iter().map(|n| thousands(*n)).collect::<Vec<_>>().join(", ")
                        ),
                    ));
                }
            }
        }
    }
    if findings.is_empty() {
        findings.push(Finding::new(
            "numbers",
            Severity::Info,
            format!("all {checked} count(s) stated in bases and citations match a boundary the sweep finds"),
        ));
    }
    findings
}

/// The `citations` check: every rule cited in Chinese and English, the Chinese in Chinese.
pub fn citation_findings(d: &Description) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in &d.rules {
        let citation = &rule.citation;
        if citation.zh.trim().is_empty() || citation.en.trim().is_empty() {
            findings.push(Finding::new(
                "citations",
                Severity::Error,
                format!("rule `{}` lacks a Chinese or English citation", rule.id),
            ));
        } else if !has_cjk(&citation.zh) {
            findings.push(Finding::new(
                "citations",
                Severity::Warning,
                format!(
                    "rule `{}`: the Chinese citation has no Chinese characters: {:?}",
                    rule.id, citation.zh
                ),
            ));
        }
    }
    if findings.is_empty() {
        findings.push(Finding::new(
            "citations",
            Severity::Info,
            format!("all {} rule(s) cited in Chinese and English", d.rules.len()),
        ));
    }
    findings
}

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
struct CaseRun<'a> {
    case: &'a LoadedCase,
    outcomes: Vec<Outcome>,
}

/// Does an export of a golden case sit at count `x` of a sweep, deciding as the sweep did?
///
/// Either the pack counts the export in the same scenario as the sweep's export (its own
/// `count.scenario`) with total `x`, or the case has only this export, of the sweep's subject
/// and sensitivity, with `x` counted persons.
fn case_covers(
    run: &CaseRun,
    key: SweepKey,
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
                && export.sensitive == key.sensitive
                && export.counted_persons() == Some(x);
            same_scenario || alone
        })
}

/// Everything `pack check` found about one pack.
pub struct Checked {
    pub findings: Vec<Finding>,
    pub sweeps: Vec<Sweep>,
    /// Cases given, and of those the ones whose sector the pack covers (evaluated).
    pub cases_found: usize,
    pub cases_evaluated: usize,
}

impl Checked {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    pub fn probes(&self) -> usize {
        self.sweeps.iter().map(|s| s.probes).sum()
    }

    pub fn boundaries(&self) -> impl Iterator<Item = &Boundary> {
        self.sweeps.iter().flat_map(|s| s.boundaries.iter())
    }
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

    let mut invalid = Problems::default();
    let mut unstable = Problems::default();
    let mut outcomes_checked = 0usize;

    let mut sweeps = Vec::new();
    for key in SweepKey::all() {
        match sweep(pack, key) {
            Ok(done) => {
                outcomes_checked += done.probes;
                sweeps.push(done);
            }
            Err(error) => invalid.sweep(
                error.key,
                format!("at {}: {}", thousands(error.at), error.message),
            ),
        }
    }

    if !sweeps.is_empty() {
        findings.extend(number_findings(description, &sweeps));
    }

    let covered: Vec<&LoadedCase> = cases
        .unwrap_or_default()
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
        let key = done.key;
        let mut scenario_at = BTreeMap::new();
        let (mut twice, mut brief) = (Vec::new(), Vec::new());
        for (n, decision) in &done.decisions {
            let request = sweep_request(description, done.key, *n, false);
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
            if boundary.from.route.is_stricter_than(boundary.to.route) {
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
                    .any(|run| case_covers(run, done.key, *x, decision, scenario.as_deref()))
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
        invalid.messages(),
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
        unstable.messages(),
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
                    sweeps_words(&labels)
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
                        sweeps_words(&labels)
                    )
                })
                .collect(),
        );
    }

    if times.is_empty() {
        // Without cases, the sweep grid of the first subject stands in for real profiles.
        let key = SweepKey::all().next().expect("there are sweep keys");
        for n in grid() {
            let request = sweep_request(description, key, n, false);
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
    fn sweep(&mut self, key: SweepKey, text: String) {
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

    fn messages(self) -> Vec<String> {
        self.items
            .into_iter()
            .map(|(text, labels)| {
                if labels.is_empty() {
                    text
                } else {
                    format!("sweep {}: {text}", sweeps_words(&labels))
                }
            })
            .collect()
    }
}

/// "every subject and sensitivity" when a problem shows in every sweep, else the sweeps.
fn sweeps_words(labels: &[String]) -> String {
    if labels.len() == SweepKey::all().count() {
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

/// The finding for a pack that does not load: which check it fails.
fn load_finding(error: &PackError) -> Finding {
    let id = match error {
        PackError::BadDocument {
            entry: "describe", ..
        } => "description",
        _ => "abi",
    };
    Finding::new(id, Severity::Error, error.to_string())
}

fn pack_json(pack: Option<&LoadedPack>, arg: &str) -> serde_json::Value {
    match pack {
        Some(pack) => json!({
            "id": pack.description.id,
            "edition": pack.description.edition,
            "effective_from": pack.description.effective_from,
            "effective_until": pack.description.effective_until,
            "file": pack.file,
        }),
        None => json!({ "file": arg }),
    }
}

/// What a report says: the PACK argument, and once the pack loaded, what was checked.
struct Report<'a> {
    arg: &'a str,
    pack: Option<&'a LoadedPack>,
    cases_dir: Option<&'a Path>,
    checked: Option<&'a Checked>,
    findings: &'a [Finding],
    elapsed: Duration,
}

fn write_report(out: &mut dyn Write, format: ListFormat, report: &Report) -> std::io::Result<()> {
    let Report {
        arg,
        pack,
        cases_dir,
        checked,
        findings,
        elapsed,
    } = *report;
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    match format {
        ListFormat::Json => {
            let document = json!({
                "pack": pack_json(pack, arg),
                "cases_dir": cases_dir,
                "cases": checked.map(|c| json!({ "found": c.cases_found, "evaluated": c.cases_evaluated })),
                "sweep": checked.map(|c| json!({
                    "probes": c.probes(),
                    "boundaries": c.boundaries().map(Boundary::to_json).collect::<Vec<_>>(),
                })),
                "findings": findings,
                "errors": errors,
                "warnings": warnings,
                "elapsed_ms": elapsed.as_millis() as u64,
            });
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&document).expect("json values serialize")
            )?;
        }
        ListFormat::Table => {
            match pack {
                Some(pack) => {
                    let d = &pack.description;
                    writeln!(
                        out,
                        "{} (edition {}, in force from {})",
                        d.id, d.edition, d.effective_from
                    )?;
                    writeln!(out, "  file:  {}", pack.file.display())?;
                }
                None => writeln!(out, "{arg}")?,
            }
            if let Some(checked) = checked {
                match cases_dir {
                    Some(dir) => {
                        write!(
                            out,
                            "  cases: {} evaluated of {} in {}",
                            checked.cases_evaluated,
                            checked.cases_found,
                            dir.display()
                        )?;
                        if checked.cases_evaluated < checked.cases_found {
                            write!(out, " (the others are for sectors the pack does not cover)")?;
                        }
                        writeln!(out)?;
                    }
                    None => writeln!(out, "  cases: none found")?,
                }
                writeln!(
                    out,
                    "  sweep: {} subject/sensitivity sweeps, {} probes; thresholds found:",
                    checked.sweeps.len(),
                    thousands(checked.probes() as u64)
                )?;
                for done in &checked.sweeps {
                    let edges: Vec<String> = done
                        .boundaries
                        .iter()
                        .map(|b| {
                            format!("{} {} -> {}", thousands(b.at), b.from.words(), b.to.words())
                        })
                        .collect();
                    writeln!(
                        out,
                        "    {:<34} {}",
                        format!("{}:", done.key.label()),
                        if edges.is_empty() {
                            "none".to_string()
                        } else {
                            edges.join("; ")
                        }
                    )?;
                }
            }
            writeln!(out)?;
            for finding in findings {
                writeln!(
                    out,
                    "  {:<8} {:<13} {}",
                    finding.severity.word(),
                    finding.id,
                    finding.message
                )?;
            }
            writeln!(out)?;
            writeln!(
                out,
                "{errors} error{}, {warnings} warning{} ({} ms)",
                if errors == 1 { "" } else { "s" },
                if warnings == 1 { "" } else { "s" },
                elapsed.as_millis()
            )?;
        }
    }
    Ok(())
}

pub fn command(cx: &Context, args: &PackCheckArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let started = Instant::now();
    // A library that does not load is itself the finding; a pack id that is not found is a
    // usage error.
    let pack = if is_pack_file(Path::new(&args.pack)) {
        match open_pack(Path::new(&args.pack), &cx.opening()?) {
            Ok(pack) => pack,
            Err(error) => {
                let findings = [load_finding(&error)];
                let report = Report {
                    arg: &args.pack,
                    pack: None,
                    cases_dir: None,
                    checked: None,
                    findings: &findings,
                    elapsed: started.elapsed(),
                };
                write_report(out, args.format, &report)?;
                return Err(Failure::Pack(error.to_string()));
            }
        }
    } else {
        resolve_packs(cx, &[&args.pack])?.remove(0)
    };
    let cases_dir: Option<PathBuf> = args
        .cases
        .clone()
        .or_else(|| find_cases_dir(&pack.description.id));
    let cases = cases_dir.as_deref().map(load_cases).transpose()?;
    let checked = check_pack(&pack, cases.as_deref());
    let mut findings = vec![Finding::new(
        "abi",
        Severity::Info,
        format!(
            "loads: ABI version {}, {} rule(s)",
            abi::ABI_VERSION,
            pack.description.rules.len()
        ),
    )];
    findings.extend(checked.findings.iter().cloned());
    let report = Report {
        arg: &args.pack,
        pack: Some(&pack),
        cases_dir: cases_dir.as_deref(),
        checked: Some(&checked),
        findings: &findings,
        elapsed: started.elapsed(),
    };
    write_report(out, args.format, &report)?;
    let errors = checked.count(Severity::Error);
    if errors > 0 {
        return Err(Failure::CasesFailed(format!(
            "pack check: {errors} error finding(s)"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::pack::PackFault;
    use crate::workbench::diff::test_pack::{description, rule, Bands};
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
        assert!(
            has_cjk("《条例》第8项") && !has_cjk("Art. 8 (第 is CJK)".replace('第', "").as_str())
        );
    }

    /// A case of one personal export of the sweep's first subject at `persons`.
    fn case(persons: u64) -> LoadedCase {
        let source = format!(
            "description = 'at {persons}'\n[profile]\nas_of = 2025-10-01\n[profile.handler]\nname = 'h'\nsector = 's'\n[[profile.export]]\nid = 'e'\nkind = 'personal'\nsubject = 'trial-subject'\npersons = {persons}\n[[expect]]\nexport = 'e'\nroute = 'exempt'\nbasis = 'b'\n"
        );
        let file = PathBuf::from(format!("edge-{persons}.toml"));
        crate::workbench::cases::parse_case(&file, &source).unwrap()
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
        assert!(case_covers(&run, key, 100, &item_2, None));
        let mut other = item_2.clone();
        other.rule = "item-1".into();
        assert!(!case_covers(&run, key, 100, &other, None));
        let sensitive = SweepKey {
            sensitive: true,
            ..key
        };
        assert!(
            !case_covers(&run, sensitive, 100, &item_2, None),
            "another sensitivity"
        );
        assert!(
            case_covers(&run, sensitive, 100, &item_2, Some("all persons")),
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
}
