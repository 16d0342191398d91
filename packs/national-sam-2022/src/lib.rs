//! The national regime before the CBDF Provisions: the Measures for the Security Assessment of
//! Data Exports (数据出境安全评估办法, CAC Order No. 11, in force 1 September 2022) and, from
//! 1 June 2023, the Measures on the Standard Contract for the Export of Personal Information
//! (个人信息出境标准合同办法, CAC Order No. 13).
//!
//! It decides every sector from 1 September 2022 to 21 March 2024, so that a profile dated in
//! that period (an audit of 2023 transfers) gets the answer the law gave then. On 22 March 2024
//! the CBDF Provisions (CAC Order No. 16) took over where the two Measures are inconsistent with
//! them (their Art. 13): new thresholds counted from 1 January of the current year, and the
//! exemptions of their Arts 3 to 6.
//!
//! What differs from the 2024 baseline:
//! - the count runs from 1 January of the *previous* year (自上年1月1日起);
//! - the thresholds are handler-wide: a handler that has sent personal information of 100,000
//!   persons, or sensitive personal information of 10,000, needs a security assessment for every
//!   personal-information export (Art. 4(3));
//! - there is no volume exemption and no CBDF exemption: below the assessment thresholds every
//!   export of personal information needs one of the PIPL Art. 38 conditions, and
//!   `exempt_persons` does not reduce the count;
//! - a handler processing personal information of 1,000,000 persons needs an assessment for any
//!   export of it (Art. 4(2)): decided from the profile's `handler.persons_processed` when it
//!   gives it (contract 1.4), noted where it would change the route when it does not.

use ftzroute_plugin_api::counting::{names_in_words, LISTED_MEMBERS};
use ftzroute_plugin_api::sdk::rules::{RuleRow, RuleTable};
use ftzroute_plugin_api::sdk::text::thousands;
use ftzroute_plugin_api::{
    Confidence, Count, CountingWindow, Coverage, DataKind, Description, EvaluateRequest,
    EvaluateResponse, Export, Outcome, Pack, Route, Share, Source, Step, ALL_SECTORS,
    CONTRACT_MINOR,
};

pub mod duties;

/// The pack: identity, rules and the decision.
pub struct NationalSam2022;

ftzroute_plugin_api::export_pack!(NationalSam2022);

pub const PACK_ID: &str = "national-sam-2022";
pub const ZONE: &str = "national";

/// The day the Standard Contract Measures took effect: before it no standard contract existed.
pub const SCC_MEASURES_FROM: &str = "2023-06-01";

/// Art. 4(3): 10万人个人信息, read as 100,000 persons or more (the Standard Contract Measures
/// admit a contract only under 100,000: 不满10万人).
pub const PERSONS_SA_FROM: u64 = 100_000;
/// Art. 4(3): 1万人敏感个人信息, read as 10,000 persons or more (不满1万人 for a contract).
pub const SENSITIVE_SA_FROM: u64 = 10_000;
/// Art. 4(2): 处理100万人以上个人信息的数据处理者, 1,000,000 persons processed or more (以上).
pub const PROCESSED_SA_FROM: u64 = 1_000_000;

/// Rule ids (stable: outcomes, ladders and golden cases name them).
pub mod rule {
    pub const CORE: &str = "dsl-art-21-core";
    pub const EXPORT_CONTROL: &str = "export-control-law";
    pub const GENERAL: &str = "general-data";
    pub const IMPORTANT: &str = "art-4-1-important";
    pub const IMPORTANT_NOT_NOTIFIED: &str = "important-not-notified";
    pub const CIIO: &str = "art-4-2-ciio";
    pub const PROCESSOR: &str = "art-4-2-processor";
    pub const PERSONS_SA: &str = "art-4-3-persons";
    pub const SENSITIVE_SA: &str = "art-4-3-sensitive";
    pub const SCC: &str = "scc-measures-art-4";
    pub const BEFORE_SCC: &str = "pipl-art-38-before-scc";
    pub const NO_PERSONS: &str = "no-persons";
}

const SAM_ZH: &str = "《数据出境安全评估办法》";
const SAM_EN: &str =
    "Measures for the Security Assessment of Data Exports (CAC Order No. 11, 2022)";
const SCC_ZH: &str = "《个人信息出境标准合同办法》";
const SCC_EN: &str =
    "Measures on the Standard Contract for the Export of Personal Information (CAC Order No. 13, 2023)";

/// Every rule the pack can fire, in precedence order.
const RULES: RuleTable = RuleTable(&[
    RuleRow {
        id: rule::CORE,
        route: Route::CoreDataRegime,
        list_item: None,
        basis: "Data Security Law Art. 21 (national core data)",
        zh: "《中华人民共和国数据安全法》第二十一条",
        en: "Data Security Law of the People's Republic of China, Art. 21",
        confidence: Some(Confidence::PrimaryText),
    },
    RuleRow {
        id: rule::EXPORT_CONTROL,
        route: Route::ExportControl,
        list_item: None,
        basis: "Export Control Law (export-controlled data)",
        zh: "《中华人民共和国出口管制法》",
        en: "Export Control Law of the People's Republic of China",
        confidence: Some(Confidence::PrimaryText),
    },
    RuleRow {
        id: rule::GENERAL,
        route: Route::Exempt,
        list_item: None,
        basis: "SA Measures (2022) Art. 4 (neither important data nor personal information)",
        zh: "《数据出境安全评估办法》第四条；《中华人民共和国个人信息保护法》第三十八条",
        en: "Measures for the Security Assessment of Data Exports (CAC Order No. 11, 2022), Art. 4, \
             and Personal Information Protection Law, Art. 38: the assessment and the PIPL \
             conditions reach important data and personal information only",
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: rule::IMPORTANT,
        route: Route::SecurityAssessment,
        list_item: None,
        basis: "SA Measures (2022) Art. 4(1) (important data)",
        zh: "《数据出境安全评估办法》第四条第（一）项",
        en: "Measures for the Security Assessment of Data Exports (CAC Order No. 11, 2022), \
             Art. 4(1): a data handler providing important data abroad",
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: rule::IMPORTANT_NOT_NOTIFIED,
        route: Route::Undetermined,
        list_item: None,
        basis: "SA Measures (2022) Art. 4(1) (important data not notified: not decided)",
        zh: "《数据出境安全评估办法》第四条第（一）项",
        en: "Measures for the Security Assessment of Data Exports (CAC Order No. 11, 2022), \
             Art. 4(1): important data needs an assessment; whether data not notified or \
             published is important data was for the handler to determine before the CBDF \
             Provisions (Art. 2) relieved it",
        confidence: Some(Confidence::Inference),
    },
    RuleRow {
        id: rule::CIIO,
        route: Route::SecurityAssessment,
        list_item: None,
        basis: "SA Measures (2022) Art. 4(2) (critical information infrastructure operator)",
        zh: "《数据出境安全评估办法》第四条第（二）项",
        en: "Measures for the Security Assessment of Data Exports (CAC Order No. 11, 2022), \
             Art. 4(2): a critical information infrastructure operator providing personal \
             information abroad",
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: rule::PROCESSOR,
        route: Route::SecurityAssessment,
        list_item: None,
        basis: "SA Measures (2022) Art. 4(2) (a handler processing personal information of \
                1,000,000 persons or more)",
        zh: "《数据出境安全评估办法》第四条第（二）项：关键信息基础设施运营者和处理100万人以上个人信息的数据处理者向境外提供个人信息",
        en: "Measures for the Security Assessment of Data Exports (CAC Order No. 11, 2022), \
             Art. 4(2): a data handler processing the personal information of 1,000,000 persons \
             or more, providing personal information abroad, whatever the number provided",
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: rule::SENSITIVE_SA,
        route: Route::SecurityAssessment,
        list_item: None,
        basis: "SA Measures (2022) Art. 4(3) (sensitive personal information of 10,000 persons)",
        zh: "《数据出境安全评估办法》第四条第（三）项：自上年1月1日起累计向境外提供10万人个人信息或者1万人敏感个人信息的数据处理者向境外提供个人信息",
        en: "Measures for the Security Assessment of Data Exports (CAC Order No. 11, 2022), \
             Art. 4(3): a handler that has provided sensitive personal information of 10,000 \
             persons abroad since 1 January of the previous year, providing personal information \
             abroad",
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: rule::PERSONS_SA,
        route: Route::SecurityAssessment,
        list_item: None,
        basis: "SA Measures (2022) Art. 4(3) (personal information of 100,000 persons)",
        zh: "《数据出境安全评估办法》第四条第（三）项：自上年1月1日起累计向境外提供10万人个人信息或者1万人敏感个人信息的数据处理者向境外提供个人信息",
        en: "Measures for the Security Assessment of Data Exports (CAC Order No. 11, 2022), \
             Art. 4(3): a handler that has provided personal information of 100,000 persons \
             abroad since 1 January of the previous year, providing personal information abroad",
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: rule::SCC,
        route: Route::StandardContractOrCertification,
        list_item: None,
        basis: "SCC Measures (2023) Art. 4; PIPL Art. 38 (under 100,000 persons, under 10,000 sensitive)",
        zh: "《个人信息出境标准合同办法》第四条；《中华人民共和国个人信息保护法》第三十八条第一款第（二）项、第（三）项",
        en: "Measures on the Standard Contract for the Export of Personal Information (CAC Order \
             No. 13, in force 1 June 2023), Art. 4: a handler that is not a critical information \
             infrastructure operator, processes personal information of under 1,000,000 persons \
             and has provided abroad, since 1 January of the previous year, personal information \
             of under 100,000 persons and sensitive personal information of under 10,000 may \
             use the standard contract; or certification under PIPL Art. 38(1)(2)",
        confidence: Some(Confidence::Secondary),
    },
    RuleRow {
        id: rule::BEFORE_SCC,
        route: Route::StandardContractOrCertification,
        list_item: None,
        basis: "PIPL Art. 38 (under the assessment thresholds, before the SCC Measures)",
        zh: "《中华人民共和国个人信息保护法》第三十八条第一款",
        en: "Personal Information Protection Law, Art. 38(1): personal information may be \
             provided abroad only after a security assessment, a certification by a specialised \
             body, a contract on the CAC's standard contract, or another condition set by law or \
             the CAC; before 1 June 2023 the CAC's standard contract had not taken effect",
        confidence: Some(Confidence::Inference),
    },
    RuleRow {
        id: rule::NO_PERSONS,
        route: Route::Exempt,
        list_item: None,
        basis: "no persons sent",
        zh: "《中华人民共和国个人信息保护法》第三十八条",
        en: "Personal Information Protection Law, Art. 38: an export of no one's personal \
             information needs none of its conditions",
        confidence: Some(Confidence::Inference),
    },
]);

const INTERPRETATIONS: &[&str] = &[
    "Editions: this pack decides from 1 September 2022 (SA Measures in force) to 21 March 2024. \
     The CBDF Provisions (CAC Order No. 16, 22 March 2024) prevail over the two Measures where \
     they differ (their Art. 13), so from that day the national-cbdf-2024 pack decides.",
    "Boundaries: Art. 4(3) says 10万人个人信息或者1万人敏感个人信息 without 以上. The Standard \
     Contract Measures (Art. 4) admit a contract only for 不满10万人 and 不满1万人 (under 100,000, \
     under 10,000), so exactly 100,000 persons (or 10,000 sensitive) need an assessment: Art. 4(3) \
     is read as 100,000 or more and 10,000 or more.",
    "Counting window: the Measures count from 1 January of the previous year (自上年1月1日起), \
     and the pack declares that window (counting_window = previous-and-current-year): a transfer \
     ledger is counted from 1 January of the year before as_of, so 31 December of the year before \
     that is not counted and 1 January of the previous year is. Persons a profile states are read \
     as the natural persons sent abroad in the same window; every counted outcome repeats this.",
    "Handler-wide thresholds: Art. 4(3) names the handler (…的数据处理者向境外提供个人信息). All \
     personal information the profile sends is added (sensitive and genetic exports included, \
     since sensitive personal information is personal information); sensitive information is also \
     added on its own. Once either total reaches its threshold, every export of personal \
     information with a person in it needs a security assessment. A person in two exports is \
     counted in both: enter persons so the totals are right.",
    "No exemptions: the CBDF Provisions' Arts 3 to 6 did not exist, so exempt_persons does not \
     reduce the count (a note says so when it is set), and no volume of personal information is \
     exempt: below the thresholds the PIPL Art. 38 conditions apply.",
    "Before 1 June 2023 no standard contract existed (the Standard Contract Measures took effect \
     that day): under the thresholds the route is shown as contract or certification, under PIPL \
     Art. 38, with a note that the contract half was not yet available.",
    "Art. 4(2): a handler processing personal information of 1,000,000 persons or more (以上, \
     1,000,000 included; all the persons it processes, not only those it sends abroad) needs an \
     assessment for any export of personal information, whatever the number exported. The \
     profile's handler.persons_processed decides it; when the profile does not give it, the pack \
     notes it wherever it would change the route.",
    "Critical information infrastructure operators need an assessment for any export of personal \
     information and of important data (Art. 4(1)-(2)); the CBDF exemptions did not exist.",
    "Important data: Art. 4(1) requires an assessment. Data not notified or published as important \
     data was not relieved before the CBDF Provisions (Art. 2): whether it was important data was \
     for the handler to determine, so such data is undetermined here.",
    "Human genetic data is counted as sensitive personal information, with the human genetic \
     resources duties noted. Core data and export-controlled data are carved out first and not \
     counted.",
];

/// Persons of an export as this edition counts them: all of them (no CBDF exemption existed).
fn persons(export: &Export) -> u64 {
    export.persons.unwrap_or(0)
}

fn is_sensitive(export: &Export) -> bool {
    export.sensitive || export.kind == DataKind::Genetic
}

/// Personal information this edition counts: personal and genetic exports not carved out.
fn counted_kind(export: &Export) -> bool {
    matches!(export.kind, DataKind::Personal | DataKind::Genetic) && !export.export_controlled
}

fn step(from: u64, rule: &str) -> Step {
    Step {
        from,
        route: RULES.route_of(rule),
        rule: rule.to_string(),
    }
}

fn hgr_note(export: &Export) -> String {
    let mut note = String::from(
        "Human genetic resources information: counted here as sensitive personal information; the \
         human genetic resources duties apply alongside (HGR Regulation Art. 28 and its \
         Implementing Rules): a prior report and a backup of the information before it is \
         provided or opened abroad, and a security review where exome or genome sequencing \
         information of more than 500 persons is provided.",
    );
    if let Some(persons) = export.persons.filter(|p| *p > 500) {
        note.push_str(&format!(
            " This export covers {} persons: if it carries sequencing information, the security \
             review applies.",
            thousands(persons)
        ));
    }
    note
}

/// The profile's totals, as this edition counts them.
struct Totals {
    /// Every export of personal information (sensitive and genetic included).
    all: u64,
    /// Sensitive personal information and genetic data.
    sensitive: u64,
}

/// The handler's totals over the whole request, and which exports hold persons, counted once
/// per request: each export is then decided beside them in constant time (and a probe of one
/// export beside the same others).
struct Handlerwide {
    totals: Totals,
    /// Exports of counted personal information with a person in them, in request order.
    with_persons: Vec<usize>,
}

impl Handlerwide {
    fn new(request: &EvaluateRequest) -> Handlerwide {
        let mut totals = Totals {
            all: 0,
            sensitive: 0,
        };
        let mut with_persons = Vec::new();
        for (index, export) in request.exports.iter().enumerate() {
            if !counted_kind(export) {
                continue;
            }
            totals.all = totals.all.saturating_add(persons(export));
            if is_sensitive(export) {
                totals.sensitive = totals.sensitive.saturating_add(persons(export));
            }
            if persons(export) > 0 {
                with_persons.push(index);
            }
        }
        Handlerwide {
            totals,
            with_persons,
        }
    }

    /// The totals without export `index` of the request as it stands.
    fn others(&self, request: &EvaluateRequest, index: usize) -> Totals {
        let original = &request.exports[index];
        let own = if counted_kind(original) {
            persons(original)
        } else {
            0
        };
        Totals {
            all: self.totals.all.saturating_sub(own),
            sensitive: if is_sensitive(original) {
                self.totals.sensitive.saturating_sub(own)
            } else {
                self.totals.sensitive
            },
        }
    }

    /// The exports with persons other than `index`: listed in the count up to
    /// [`LISTED_MEMBERS`], named in the note up to a few.
    fn with(&self, request: &EvaluateRequest, index: usize) -> (Vec<String>, String) {
        let others: Vec<&str> = self
            .with_persons
            .iter()
            .filter(|&&other| other != index)
            .map(|&other| request.exports[other].id.as_str())
            .collect();
        let listed = if others.len() < LISTED_MEMBERS {
            others.iter().map(|id| id.to_string()).collect()
        } else {
            Vec::new()
        };
        (listed, names_in_words(others.iter().copied(), others.len()))
    }
}

/// The previous year of `as_of` (`YYYY-MM-DD`), for the counting-window note.
fn previous_year(as_of: &str) -> Option<i32> {
    as_of.get(..4)?.parse::<i32>().ok().map(|year| year - 1)
}

/// What the count covers: counted from a ledger in the pack's window (the host says since
/// when), or stated in the profile, which must then include the previous year's persons.
fn window_note(request: &EvaluateRequest) -> String {
    const WINDOW: &str =
        "The 2022 Measures count from 1 January of the previous year (自上年1月1日起)";
    match (&request.counted_from, previous_year(&request.as_of)) {
        (Some(from), _) => format!(
            "{WINDOW}: counted from the transfer ledger from {from} to {}, the previous year's \
             persons included.",
            request.as_of
        ),
        (None, Some(year)) => format!(
            "{WINDOW}: persons are read as everyone sent abroad since 1 January {year}, not only \
             since 1 January {}; add the persons sent in {year} if they are not in the profile.",
            year + 1
        ),
        (None, None) => format!("{WINDOW}: persons are read as everyone sent abroad since then."),
    }
}

const PROCESSED_NOTE: &str = "If the handler processes personal information of 1,000,000 persons \
    or more (all it holds, not only what it sends abroad), SA Measures Art. 4(2) requires a \
    security assessment for any export of personal information, and the Standard Contract \
    Measures (Art. 4(2)) admit a contract only under 1,000,000 processed: the profile does not \
    say how many persons the handler processes: give it as handler.persons_processed.";

const BEFORE_SCC_NOTE: &str = "Before 1 June 2023 the CAC's standard contract did not exist: the \
    Standard Contract Measures (CAC Order No. 13) took effect that day, and no standard-contract \
    filing was possible. PIPL Art. 38(1) still required one of its conditions for this personal \
    information: of the contract-or-certification route only certification by a specialised body \
    (Art. 38(1)(2)) was open, besides another condition the law or the CAC sets (Art. 38(1)(4)), \
    or an assessment.";

fn exempt_persons_note(export: &Export) -> Option<String> {
    (export.exempt_persons > 0).then(|| {
        format!(
            "exempt_persons ({}) is not subtracted: the exemptions of CBDF Provisions Arts 3 to 6 \
             took effect on 22 March 2024 and did not exist under the 2022 Measures, so {} of this \
             export {}.",
            thousands(export.exempt_persons),
            match persons(export) {
                1 => "the 1 person".to_string(),
                n => format!("all {} persons", thousands(n)),
            },
            if persons(export) == 1 {
                "counts"
            } else {
                "count"
            }
        )
    })
}

/// The decision for an export of personal information of a handler that is not a CIIO.
fn counted_outcome(
    request: &EvaluateRequest,
    handlerwide: &Handlerwide,
    index: usize,
    export: &Export,
) -> Outcome {
    let own = persons(export);
    let others = handlerwide.others(request, index);
    let sensitive = is_sensitive(export);
    let all_total = others.all.saturating_add(own);
    let sensitive_total = others
        .sensitive
        .saturating_add(if sensitive { own } else { 0 });
    let below_rule = if request.as_of.as_str() >= SCC_MEASURES_FROM {
        rule::SCC
    } else {
        rule::BEFORE_SCC
    };
    // Where, on the handler-wide total this export is counted in, an assessment starts as this
    // export grows, and by which prong.
    let sensitive_from = if sensitive || others.sensitive >= SENSITIVE_SA_FROM {
        let needed = SENSITIVE_SA_FROM.saturating_sub(others.sensitive).max(1);
        Some(others.all.saturating_add(needed))
    } else {
        None
    };
    let (sa_from, sa_rule) = match sensitive_from {
        Some(from) if from <= PERSONS_SA_FROM => (from, rule::SENSITIVE_SA),
        _ => (PERSONS_SA_FROM, rule::PERSONS_SA),
    };
    let rule_at = |total: u64| -> &'static str {
        if total >= sa_from {
            sa_rule
        } else {
            below_rule
        }
    };
    let processed = request.handler.persons_processed;
    let processor = processed.is_some_and(|n| n >= PROCESSED_SA_FROM);
    let rule_id = if own == 0 {
        rule::NO_PERSONS
    } else if processor {
        rule::PROCESSOR
    } else if sensitive_total >= SENSITIVE_SA_FROM {
        rule::SENSITIVE_SA
    } else if all_total >= PERSONS_SA_FROM {
        rule::PERSONS_SA
    } else {
        below_rule
    };
    let first = if own == 0 {
        others.all.saturating_add(1)
    } else {
        1
    };
    let mut ladder = vec![step(0, rule::NO_PERSONS)];
    if processor {
        // Art. 4(2): any person exported needs the assessment, whatever the count.
        ladder.push(step(first, rule::PROCESSOR));
    } else {
        ladder.push(step(first, rule_at(first)));
        if sa_from > first {
            ladder.push(step(sa_from, sa_rule));
        }
        // Past both thresholds the sensitive prong is named, as in the decision above.
        if let Some(from) = sensitive_from.filter(|from| *from > sa_from.max(first)) {
            ladder.push(step(from, rule::SENSITIVE_SA));
        }
    }

    let (with, named) = handlerwide.with(request, index);
    let mut notes = Vec::new();
    if own == 0 {
        notes.push(
            "No person's information is in this export: it needs none of the PIPL Art. 38 \
                    conditions as it stands."
                .to_string(),
        );
    } else {
        notes.push(window_note(request));
        if !named.is_empty() {
            notes.push(format!(
                "Counted handler-wide with {named}: {} persons' personal information in all, {} \
                 of them sensitive (SA Measures Art. 4(3) names the handler, not the export).",
                thousands(all_total),
                thousands(sensitive_total)
            ));
        }
        match processed {
            Some(n) if processor => notes.push(format!(
                "The handler processes personal information of {} persons, 1,000,000 or more: \
                 SA Measures Art. 4(2) requires a security assessment for any export of personal \
                 information, whatever the number exported.",
                thousands(n)
            )),
            Some(n) if RULES.route_of(rule_id) != Route::SecurityAssessment => notes.push(format!(
                "The handler processes personal information of {} persons, under 1,000,000: SA \
                 Measures Art. 4(2) does not apply, and the Standard Contract Measures' condition \
                 of under 1,000,000 processed (Art. 4(2)) is met.",
                thousands(n)
            )),
            Some(_) => {}
            None if RULES.route_of(rule_id) != Route::SecurityAssessment => {
                notes.push(PROCESSED_NOTE.to_string());
            }
            None => {}
        }
        if rule_id == rule::BEFORE_SCC {
            notes.push(BEFORE_SCC_NOTE.to_string());
        }
    }
    notes.extend(exempt_persons_note(export));
    Outcome {
        id: export.id.clone(),
        route: RULES.route_of(rule_id),
        rule: rule_id.to_string(),
        count: Some(Count {
            group: None,
            scenario: "personal information of the handler, all exports, since 1 January of the \
                       previous year (SA Measures Art. 4(3))"
                .to_string(),
            total: all_total,
            with,
        }),
        ladder,
        notes,
    }
}

fn ciio_outcome(export: &Export) -> Outcome {
    let own = persons(export);
    let rule_id = if own > 0 {
        rule::CIIO
    } else {
        rule::NO_PERSONS
    };
    let mut notes = vec![
        "Critical information infrastructure operator: any export of personal information needs \
         a security assessment (SA Measures Art. 4(2)); the CBDF exemptions did not exist yet."
            .to_string(),
    ];
    notes.extend(exempt_persons_note(export));
    Outcome {
        id: export.id.clone(),
        route: RULES.route_of(rule_id),
        rule: rule_id.to_string(),
        count: Some(Count {
            group: None,
            scenario: "personal information of a critical information infrastructure operator, \
                       this export alone (SA Measures Art. 4(2))"
                .to_string(),
            total: own,
            with: vec![],
        }),
        ladder: vec![step(0, rule::NO_PERSONS), step(1, rule::CIIO)],
        notes,
    }
}

fn decide(
    request: &EvaluateRequest,
    handlerwide: &Handlerwide,
    index: usize,
    export: &Export,
) -> Outcome {
    if export.kind == DataKind::Core {
        return RULES.outcome(
            export,
            rule::CORE,
            vec![
                "National core data is subject to the Data Security Law's stricter management \
                  regime: no assessment, contract or certification makes it exportable."
                    .to_string(),
            ],
        );
    }
    if export.export_controlled {
        return RULES.outcome(
            export,
            rule::EXPORT_CONTROL,
            vec![
                "Marked as an export-control item or technology-export matter: export licensing \
                  under the Export Control Law governs it; its persons are not counted."
                    .to_string(),
            ],
        );
    }
    let mut outcome = match export.kind {
        DataKind::Core => unreachable!("decided above"),
        DataKind::General => RULES.outcome(
            export,
            rule::GENERAL,
            vec![
                "Data with no personal information and no important data: the SA Measures \
                  (Art. 4) and PIPL Art. 38 do not reach it."
                    .to_string(),
            ],
        ),
        DataKind::Important if !export.notified => RULES.outcome(
            export,
            rule::IMPORTANT_NOT_NOTIFIED,
            vec![
                "Before the CBDF Provisions (Art. 2, 22 March 2024), data not yet notified or \
                  published as important data was not relieved: whether it was important data \
                  (SA Measures Art. 19; Data Security Law Art. 21) was for the handler to \
                  determine, and if it was, a security assessment was needed (Art. 4(1)). The \
                  route cannot be determined from the profile."
                    .to_string(),
            ],
        ),
        DataKind::Important => RULES.outcome(export, rule::IMPORTANT, vec![]),
        DataKind::Personal | DataKind::Genetic if request.handler.ciio => ciio_outcome(export),
        DataKind::Personal | DataKind::Genetic => {
            counted_outcome(request, handlerwide, index, export)
        }
    };
    if export.kind == DataKind::Genetic {
        outcome.notes.push(hgr_note(export));
    }
    outcome
}

impl Pack for NationalSam2022 {
    fn describe() -> Description {
        Description {
            id: PACK_ID.to_string(),
            zone: ZONE.to_string(),
            name: "Security Assessment Measures (2022) and Standard Contract Measures (2023): the \
                   national regime before the CBDF Provisions"
                .to_string(),
            edition: "2022".to_string(),
            issuers: vec!["Cyberspace Administration of China".to_string()],
            issued: "2022-07-07".to_string(),
            effective_from: "2022-09-01".to_string(),
            effective_until: Some("2024-03-21".to_string()),
            sectors: vec![ALL_SECTORS.to_string()],
            source: Source {
                title_zh: format!("{SAM_ZH}；{SCC_ZH}"),
                title_en: format!("{SAM_EN}; {SCC_EN}"),
                reference: "CAC Order No. 11 (国家互联网信息办公室令第11号), published 7 July 2022, in \
                            force 1 September 2022; CAC Order No. 13 (国家互联网信息办公室令第13号), \
                            in force 1 June 2023; both give way to the CBDF Provisions (CAC Order \
                            No. 16) from 22 March 2024 where inconsistent"
                    .to_string(),
            },
            document_number: Some("国家互联网信息办公室令第11号".to_string()),
            read_at: vec![
                "cac.gov.cn (CAC Orders No. 11 and No. 13)".to_string(),
                "the CAC's Standard Contract Filing Guide, 1st edition (2023)".to_string(),
            ],
            contract_minor: CONTRACT_MINOR,
            // SA Measures Art. 4(3) and SCC Measures Art. 4: 自上年1月1日起累计.
            counting_window: CountingWindow::PreviousAndCurrentYear,
            obligations: ftzroute_plugin_api::duties::obligations(duties::DUTIES),
            interpretations: INTERPRETATIONS.iter().map(|s| s.to_string()).collect(),
            coverage: Some(coverage()),
            rules: RULES.rules(),
            ..Default::default()
        }
    }

    fn evaluate(request: &EvaluateRequest) -> Result<EvaluateResponse, String> {
        ftzroute_plugin_api::sdk::check_request(request)?;
        let handlerwide = Handlerwide::new(request);
        let exports = request
            .exports
            .iter()
            .enumerate()
            .map(|(index, export)| decide(request, &handlerwide, index, export))
            .collect();
        Ok(EvaluateResponse {
            exports,
            ..Default::default()
        })
    }

    /// Each probed export decided again beside the same handler-wide totals of the others
    /// (contract 1.5).
    fn probe(request: &EvaluateRequest) -> Result<Vec<ftzroute_plugin_api::sdk::Probed>, String> {
        ftzroute_plugin_api::sdk::check_request(request)?;
        let handlerwide = Handlerwide::new(request);
        ftzroute_plugin_api::sdk::probe_each(request, |index, export| {
            Ok(decide(request, &handlerwide, index, export))
        })
    }
}

/// The provisions that decide a route (contract 1.4): SA Measures Art. 4(1) to 4(3) and the
/// Standard Contract Measures' Art. 4, one rule naming each; Art. 4(4), situations the CAC
/// prescribes, names none.
fn coverage() -> Coverage {
    Coverage {
        rows: Share {
            encoded: 4,
            of: Some(5),
        },
        unit: "provisions".to_string(),
        row_rules: [rule::IMPORTANT, rule::CIIO, rule::PERSONS_SA, rule::SCC]
            .map(String::from)
            .to_vec(),
        sectors: None,
        scenarios: None,
        confidence: Some(Confidence::Secondary),
        note: Some(
            "SA Measures Art. 4(1)-(3) and the Standard Contract Measures' Art. 4 are encoded; \
             Art. 4(4) (other situations the CAC prescribes) names none to encode."
                .to_string(),
        ),
    }
}

#[cfg(test)]
mod tests;
