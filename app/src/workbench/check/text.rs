//! The checks of a pack's texts: its identity (`description`), its citations, and the counts its
//! citations state against the boundaries a sweep finds (`numbers`).

use super::{Finding, Severity};
use crate::common::dates::parse_date;
use crate::core::wording::thousands;
use crate::workbench::sweep::Sweep;
use ftzroute_plugin_api::Description;
use std::collections::{BTreeMap, BTreeSet};

/// Words that mark text a pack author has not written yet.
const PLACEHOLDERS: [&str; 2] = ["todo", "placeholder"];

fn is_placeholder(text: &str) -> bool {
    let lower = text.to_lowercase();
    PLACEHOLDERS.iter().any(|word| lower.contains(word))
}

/// True when `text` contains a CJK ideograph.
pub(super) fn has_cjk(text: &str) -> bool {
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
    if let Some(note) = d.coverage.as_ref().and_then(|c| c.note.as_deref()) {
        texts.push(("coverage.note".into(), note));
    }
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

/// The `coverage` check (contract 1.4): what a pack declares it encodes agrees with its rules.
/// One row rule per encoded row, each a declared rule; no share encodes more than the whole;
/// every rule carrying a list item named among the row rules (or sharing the item of one); the
/// declared confidence the weakest of the row rules'.
pub fn coverage_findings(d: &Description) -> Vec<Finding> {
    let mut findings = Vec::new();
    let Some(coverage) = &d.coverage else {
        let severity = if d.contract_minor >= ftzroute_plugin_api::COVERAGE_MINOR {
            Severity::Warning
        } else {
            Severity::Info
        };
        findings.push(Finding::new(
            "coverage",
            severity,
            format!(
                "the pack declares no coverage (contract 1.{}): every output reads \"coverage not \
                 declared\"",
                d.contract_minor
            ),
        ));
        return findings;
    };
    let mut error =
        |message: String| findings.push(Finding::new("coverage", Severity::Error, message));
    if coverage.unit.trim().is_empty() {
        error("coverage names no unit for its rows".into());
    }
    for (what, share) in [
        ("rows", Some(coverage.rows)),
        ("sectors", coverage.sectors),
        ("scenarios", coverage.scenarios),
    ] {
        if let Some(share) = share {
            if share.of.is_some_and(|of| share.encoded > of) {
                error(format!(
                    "coverage declares {} {what} encoded of {}: more than the whole",
                    share.encoded,
                    share.of.unwrap_or(0)
                ));
            }
        }
    }
    if coverage.row_rules.len() != coverage.rows.encoded as usize {
        error(format!(
            "coverage declares {} {} encoded but names {} row rule(s)",
            coverage.rows.encoded,
            coverage.unit,
            coverage.row_rules.len()
        ));
    }
    for id in &coverage.row_rules {
        if d.rule(id).is_none() {
            error(format!(
                "coverage names row rule `{id}`, which the pack does not declare"
            ));
        }
    }
    let named_items: BTreeSet<u32> = coverage
        .row_rules
        .iter()
        .filter_map(|id| d.rule(id).and_then(|rule| rule.list_item))
        .collect();
    for rule in &d.rules {
        if let Some(item) = rule.list_item {
            if !coverage.row_rules.contains(&rule.id) && !named_items.contains(&item) {
                error(format!(
                    "rule `{}` encodes list item {item}, which the coverage does not count among \
                     its rows",
                    rule.id
                ));
            }
        }
    }
    let weakest = coverage
        .row_rules
        .iter()
        .filter_map(|id| d.rule(id).and_then(|rule| rule.confidence))
        .max_by_key(|c| {
            ftzroute_plugin_api::Confidence::ALL
                .iter()
                .position(|x| x == c)
        });
    if let (Some(declared), Some(weakest)) = (coverage.confidence, weakest) {
        if declared != weakest {
            findings.push(Finding::new(
                "coverage",
                Severity::Warning,
                format!(
                    "coverage declares its rows `{}`, but the weakest row rule is `{}`",
                    declared.id(),
                    weakest.id()
                ),
            ));
        }
    }
    if coverage.rows.encoded == 0 && coverage.confidence.is_some() {
        findings.push(Finding::new(
            "coverage",
            Severity::Warning,
            "coverage declares a confidence for its rows but encodes none".to_string(),
        ));
    }
    findings
}
