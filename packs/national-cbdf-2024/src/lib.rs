//! National baseline: the Provisions on Promoting and Regulating Cross-Border Data Flows
//! (促进和规范数据跨境流动规定, CAC Order No. 16 of 22 March 2024).
//!
//! Decides every sector wherever no Pilot FTZ list applies. Personal information is counted across
//! the whole profile since 1 January of the `as_of` year: sensitive and non-sensitive separately,
//! each export taking the band its scenario total reaches (Arts 5(4), 7(2), 8). A critical
//! information infrastructure operator (CIIO) needs a security assessment for any counted person
//! or any notified important data (Art. 7(1)).

use ftzroute_plugin_api::counting::exempt_rule::{self, Deciding};
use ftzroute_plugin_api::counting::{bases_in_words, key, Tally};
use ftzroute_plugin_api::sdk::rules::{RuleRow, RuleTable};
use ftzroute_plugin_api::sdk::text::{self, thousands};
use ftzroute_plugin_api::{
    Confidence, Coverage, DataKind, Description, EvaluateRequest, EvaluateResponse, Export,
    Outcome, Pack, Route, Share, Source, Step, ALL_SECTORS,
};

/// The pack: identity, rules and the decision.
pub struct NationalCbdf2024;

ftzroute_plugin_api::export_pack!(NationalCbdf2024);

pub mod duties;

pub const PACK_ID: &str = "national-cbdf-2024";
pub const ZONE: &str = "national";

/// Rule ids (stable: outcomes, ladders and other packs' expectations name them).
pub mod rule {
    pub const CORE: &str = "dsl-art-21-core";
    pub const EXPORT_CONTROL: &str = "export-control-law";
    pub const GENERAL: &str = "art-3-general";
    pub const NOT_NOTIFIED: &str = "art-2-not-notified";
    pub const CIIO: &str = "art-7-1-ciio";
    pub const IMPORTANT: &str = "art-7-2-important";
    pub const SENSITIVE_SA: &str = "art-7-2-sensitive";
    pub const GENERAL_PI_SA: &str = "art-7-2-general";
    pub const SENSITIVE_SCC: &str = "art-8-sensitive";
    pub const GENERAL_PI_SCC: &str = "art-8-general";
    pub const ART_5_4: &str = "art-5-4";
    pub const NO_COUNTED: &str = "no-counted-persons";
}

/// Sensitive PI: 1万人以上 (10,000 or more) needs a security assessment (Art. 7(2)).
pub const SENSITIVE_SA_FROM: u64 = 10_000;
/// Non-sensitive PI: 10万人以上 (100,000 or more) needs a contract or certification (Art. 8).
pub const GENERAL_PI_SCC_FROM: u64 = 100_000;
/// Non-sensitive PI: 100万人以上 (1,000,000 or more) needs a security assessment (Art. 7(2)).
pub const GENERAL_PI_SA_FROM: u64 = 1_000_000;

macro_rules! cbdf_zh {
    ($article:literal) => {
        concat!("《促进和规范数据跨境流动规定》", $article)
    };
}

macro_rules! cbdf_en {
    ($article:literal) => {
        concat!(
            "Provisions on Promoting and Regulating Cross-Border Data Flows, ",
            $article
        )
    };
}

/// Every rule the pack can fire, in precedence order. Basis strings are relied on verbatim by
/// other packs' expectations: change them only together with those.
const RULES: RuleTable = RuleTable(&[
    RuleRow {
        id: rule::CORE,
        route: Route::CoreDataRegime,
        list_item: None,
        basis: "Data Security Law Art. 21 (national core data)",
        zh: "《中华人民共和国数据安全法》第二十一条",
        en: "Data Security Law of the People's Republic of China, Art. 21",
        confidence: None,
    },
    RuleRow {
        id: rule::EXPORT_CONTROL,
        route: Route::ExportControl,
        list_item: None,
        basis: "Export Control Law (export-controlled data)",
        zh: "《中华人民共和国出口管制法》",
        en: "Export Control Law of the People's Republic of China",
        confidence: None,
    },
    RuleRow {
        id: rule::GENERAL,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Art. 3",
        zh: cbdf_zh!("第三条"),
        en: cbdf_en!("Art. 3"),
        confidence: None,
    },
    RuleRow {
        id: rule::NOT_NOTIFIED,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Art. 2",
        zh: cbdf_zh!("第二条"),
        en: cbdf_en!("Art. 2"),
        confidence: None,
    },
    RuleRow {
        id: rule::CIIO,
        route: Route::SecurityAssessment,
        list_item: None,
        basis: "CBDF Provisions Art. 7(1)",
        zh: cbdf_zh!("第七条第（一）项"),
        en: cbdf_en!("Art. 7(1)"),
        confidence: None,
    },
    RuleRow {
        id: rule::IMPORTANT,
        route: Route::SecurityAssessment,
        list_item: None,
        basis: "CBDF Provisions Art. 7(2) (important data)",
        zh: cbdf_zh!("第七条第（二）项"),
        en: cbdf_en!("Art. 7(2) (important data)"),
        confidence: None,
    },
    RuleRow {
        id: rule::SENSITIVE_SA,
        route: Route::SecurityAssessment,
        list_item: None,
        basis: "CBDF Provisions Art. 7(2)",
        zh: cbdf_zh!("第七条第（二）项"),
        en: cbdf_en!("Art. 7(2) (sensitive personal information of 10,000 or more persons)"),
        confidence: None,
    },
    RuleRow {
        id: rule::GENERAL_PI_SA,
        route: Route::SecurityAssessment,
        list_item: None,
        basis: "CBDF Provisions Art. 7(2) (1,000,000 or more)",
        zh: cbdf_zh!("第七条第（二）项"),
        en: cbdf_en!(
            "Art. 7(2) (personal information other than sensitive, 1,000,000 or more persons)"
        ),
        confidence: None,
    },
    RuleRow {
        id: rule::SENSITIVE_SCC,
        route: Route::StandardContractOrCertification,
        list_item: None,
        basis: "CBDF Provisions Art. 8",
        zh: cbdf_zh!("第八条"),
        en: cbdf_en!("Art. 8 (sensitive personal information of under 10,000 persons)"),
        confidence: None,
    },
    RuleRow {
        id: rule::GENERAL_PI_SCC,
        route: Route::StandardContractOrCertification,
        list_item: None,
        basis: "CBDF Provisions Art. 8 (100,000 to under 1,000,000)",
        zh: cbdf_zh!("第八条"),
        en: cbdf_en!(
            "Art. 8 (personal information other than sensitive, 100,000 to under 1,000,000 persons)"
        ),
        confidence: None,
    },
    RuleRow {
        id: rule::ART_5_4,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Art. 5(4)",
        zh: cbdf_zh!("第五条第（四）项"),
        en: cbdf_en!("Art. 5(4)"),
        confidence: None,
    },
    RuleRow {
        id: rule::NO_COUNTED,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Arts 3-6 (no counted persons)",
        zh: cbdf_zh!("第三条至第六条"),
        en: cbdf_en!("Arts 3 to 6"),
        confidence: None,
    },
    RuleRow {
        id: exempt_rule::ART_3,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Art. 3 (every person exempt)",
        zh: cbdf_zh!("第三条"),
        en: cbdf_en!(
            "Art. 3 (data from international trade, cross-border transport, academic cooperation, transnational manufacturing or marketing)"
        ),
        confidence: None,
    },
    RuleRow {
        id: exempt_rule::ART_4,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Art. 4",
        zh: cbdf_zh!("第四条"),
        en: cbdf_en!(
            "Art. 4 (personal information collected and generated abroad, processed in China and provided back abroad)"
        ),
        confidence: None,
    },
    RuleRow {
        id: exempt_rule::ART_5_1_1,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Art. 5(1)(i)",
        zh: cbdf_zh!("第五条第（一）项"),
        en: cbdf_en!(
            "Art. 5(1)(i) (necessary to conclude or perform a contract to which the individual is a party)"
        ),
        confidence: None,
    },
    RuleRow {
        id: exempt_rule::ART_5_1_2,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Art. 5(1)(ii)",
        zh: cbdf_zh!("第五条第（二）项"),
        en: cbdf_en!(
            "Art. 5(1)(ii) (necessary for cross-border human-resources management)"
        ),
        confidence: None,
    },
    RuleRow {
        id: exempt_rule::ART_5_1_3,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Art. 5(1)(iii)",
        zh: cbdf_zh!("第五条第（三）项"),
        en: cbdf_en!(
            "Art. 5(1)(iii) (necessary to protect life, health or property in an emergency)"
        ),
        confidence: None,
    },
    RuleRow {
        id: exempt_rule::ART_6,
        route: Route::Exempt,
        list_item: None,
        basis: "CBDF Provisions Art. 6",
        zh: cbdf_zh!("第六条"),
        en: cbdf_en!("Art. 6 (data outside a Pilot Free Trade Zone's negative list)"),
        confidence: None,
    },
]);

const INTERPRETATIONS: &[&str] = &[
    "Boundaries: 以上 (\"N or more\") includes N and 不满 (\"under N\") excludes it, the Civil Code \
     reading applied as a drafting convention. So 10,000 sensitive persons need a security \
     assessment and 9,999 a standard contract or certification; 100,000 non-sensitive persons need \
     a contract or certification and 99,999 are exempt; 1,000,000 need a security assessment.",
    "Counted persons are persons minus exempt_persons: people whose information was sent under \
     Arts 3, 4, 5(1)-(3) or 6 need none of the three procedures and are left out of the Art. 5(4), \
     7 and 8 counts. The text only says those articles prevail; leaving their volumes out of the \
     count is this pack's reading.",
    "Counts are cumulative for the whole profile since 1 January of the as_of year: all sensitive \
     personal information (genetic exports included) is summed, and all non-sensitive personal \
     information is summed separately, because Arts 7(2) and 8 count non-sensitive information \
     excluding sensitive information. Each export takes the band its total reaches. An export \
     whose own counted persons are 0 needs no procedure (all of it went under Arts 3-6), even when \
     the rest of the profile reaches a stricter band.",
    "A critical information infrastructure operator needs a security assessment for any export of \
     personal information with at least one counted person and for any notified important data \
     (Art. 7(1)); each export is judged on its own. Art. 5(4) does not reach such operators, but \
     Art. 5(1)-(3), addressed to any data processor, still do (Art. 7's last paragraph defers to \
     Arts 3-6).",
    "Data that no department or region has notified or publicly released as important data is not \
     treated as important data (Art. 2); notified important data needs a security assessment \
     whatever its volume (Art. 7).",
    "Human genetic data is counted as sensitive personal information. The human genetic resources \
     duties (prior report and backup; security review above 500 sequenced persons) run alongside \
     and are noted, not decided, here.",
    "Carve-outs come first: national core data goes to the Data Security Law's stricter regime and \
     export-controlled data (of any kind) to export-control licensing; neither is added into the \
     personal-information counts. Data with no personal information and no important data \
     triggers none of the three procedures (Art. 3).",
    "Duties: the national procedure's duties (filing a standard contract, an assessment's \
     self-assessment, validity and extension, a certificate's validity) follow the route whichever \
     pack decided it, since a Pilot FTZ list only chooses among the national procedures; the PIPL \
     duties (notice, separate consent, impact assessment) reach every export of personal \
     information, exempt ones included. A validity's last day is read as it falls; a deadline for \
     an act that ends on a rest day moves to the next working day (Civil Code Art. 203).",
    "Later instruments are noted from the day they took effect or were given: from 1 January 2026 \
     a contract-or-certification outcome cites the Certification Measures (CAC and SAMR Order \
     No. 20, Art. 5) for its certification half; from 30 January 2026 a volume assessment notes \
     the CAC's answer that volumes already sent under a contract or certification count into the \
     assessment; from 1 January 2025, where exempt_persons is set, a note says that transfers to \
     perform a statutory duty (Regulations on Network Data Security Management Art. 35(6)) are not \
     among the exclusions of the counting sentence.",
    "The national Provisions do not distinguish data subjects, so an export's subject, \
     serious_harm and name_and_contact fields do not change the national route.",
    "An export none of whose persons are counted cites the article they were sent under when it \
     is known (exempt_basis in the profile, or the bases in a transfer ledger): Art. 4 for \
     foreign-origin data, Art. 5(1)(ii) for cross-border HR management, and so on; under several \
     articles it cites Arts 3-6 and names them in a note. Art. 5(1)(iv) persons are counted.",
    "With a transfer ledger the totals are exact: the sensitive total and the non-sensitive total \
     are each the number of distinct natural persons in the handler's transfers since 1 January, \
     so a person in two exports counts once in each total.",
];

/// A counting scenario: its label and its standard bands (ascending, first from 0).
struct Scenario {
    label: &'static str,
    ladder: &'static [(u64, &'static str)],
}

const SENSITIVE: Scenario = Scenario {
    label: "sensitive personal information, whole profile (Arts 7(2) / 8)",
    ladder: &[
        (0, rule::NO_COUNTED),
        (1, rule::SENSITIVE_SCC),
        (SENSITIVE_SA_FROM, rule::SENSITIVE_SA),
    ],
};

const NON_SENSITIVE: Scenario = Scenario {
    label: "non-sensitive personal information, whole profile (Arts 5(4) / 8 / 7(2))",
    ladder: &[
        (0, rule::ART_5_4),
        (GENERAL_PI_SCC_FROM, rule::GENERAL_PI_SCC),
        (GENERAL_PI_SA_FROM, rule::GENERAL_PI_SA),
    ],
};

const CIIO_ALONE: Scenario = Scenario {
    label: "personal information of a critical information infrastructure operator, this export alone (Art. 7(1))",
    ladder: &[(0, rule::NO_COUNTED), (1, rule::CIIO)],
};

impl Scenario {
    fn rule_at(&self, total: u64) -> &'static str {
        self.ladder
            .iter()
            .rev()
            .find(|(from, _)| *from <= total)
            .map(|(_, rule)| *rule)
            .expect("a ladder starts at 0")
    }

    /// The rule and ladder for an export with `own` counted persons beside `others` in the
    /// same scenario. An export with none of its own counted persons is exempt whatever the
    /// others reach; its ladder then shows the scenario's bands only from `others + 1` on, the
    /// first total this export's own persons can make.
    fn decide(&self, own: u64, others: u64) -> (&'static str, Vec<Step>) {
        let total = others.saturating_add(own);
        let band = self.rule_at(total);
        let step = |from: u64, rule: &str| Step {
            from,
            route: RULES.route_of(rule),
            rule: rule.to_string(),
        };
        if own > 0 || RULES.route_of(band) == Route::Exempt {
            let ladder = self.ladder.iter().map(|(f, r)| step(*f, r)).collect();
            return (band, ladder);
        }
        let first = others.saturating_add(1);
        let mut ladder = vec![step(0, rule::NO_COUNTED)];
        let mut push = |from: u64, rule: &str| {
            if ladder.last().is_some_and(|last| last.rule != rule) {
                ladder.push(step(from, rule));
            }
        };
        push(first, self.rule_at(first));
        for (from, rule) in self.ladder.iter().filter(|(from, _)| *from > first) {
            push(*from, rule);
        }
        (rule::NO_COUNTED, ladder)
    }
}

/// Which branch of the Provisions decides an export, in precedence order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Core,
    ExportControlled,
    General,
    Important,
    CiioPersonal,
    Sensitive,
    NonSensitive,
}

fn classify(export: &Export, ciio: bool) -> Result<Class, String> {
    let class = match export.kind {
        DataKind::Core => Class::Core,
        _ if export.export_controlled => Class::ExportControlled,
        DataKind::General => Class::General,
        DataKind::Important => Class::Important,
        DataKind::Personal | DataKind::Genetic => {
            if export.persons.is_none() {
                return Err(format!(
                    "export {:?}: a {} export needs persons",
                    export.id,
                    kind_name(export.kind)
                ));
            }
            if ciio {
                Class::CiioPersonal
            } else if export.sensitive || export.kind == DataKind::Genetic {
                Class::Sensitive
            } else {
                Class::NonSensitive
            }
        }
    };
    Ok(class)
}

fn kind_name(kind: DataKind) -> &'static str {
    match kind {
        DataKind::Personal => "personal",
        DataKind::Important => "important",
        DataKind::Genetic => "genetic",
        DataKind::Core => "core",
        DataKind::General => "general",
    }
}

fn counted(export: &Export) -> u64 {
    export.counted_persons().unwrap_or(0)
}

fn persons_word(n: u64) -> &'static str {
    if n == 1 {
        "person"
    } else {
        "persons"
    }
}

fn exempt_persons_note(export: &Export) -> Option<String> {
    (export.exempt_persons > 0).then(|| {
        let n = export.exempt_persons;
        let under = if export.exempt_bases.is_empty() {
            "CBDF Provisions Arts 3, 4, 5(1)-(3) or 6".to_string()
        } else {
            bases_in_words(&export.exempt_bases)
        };
        format!(
            "{} of this export {} provided under {under}: {} none of the three procedures \
             and {} left out of the count ({} counted).",
            text::persons(n),
            text::was_were(n),
            if n == 1 { "it needs" } else { "they need" },
            text::is_are(n),
            thousands(counted(export))
        )
    })
}

/// An export none of whose persons are counted, with the bases known, cites the article they
/// were sent under instead of a volume band (Art. 5(4) read as "under 100,000" would be wrong
/// for 800,000 persons of foreign-origin data).
fn cite_exempt_basis(export: &Export, outcome: &mut Outcome) {
    let Some(deciding) = exempt_rule::deciding(export) else {
        return;
    };
    if outcome.route != Route::Exempt {
        return;
    }
    let rule = match deciding {
        Deciding::Citing(rule) => rule,
        Deciding::Several(bases) => {
            outcome.notes.push(format!(
                "Every person of this export was provided under {}; none is counted.",
                bases_in_words(bases)
            ));
            rule::NO_COUNTED
        }
    };
    // The band the export stands in names the same rule, so the ladder agrees with the outcome.
    let total = outcome.count.as_ref().map_or(0, |count| count.total);
    if let Some(band) = outcome.ladder.iter_mut().rev().find(|s| s.from <= total) {
        band.rule = rule.to_string();
    }
    outcome.rule = rule.to_string();
}

/// The Regulations on Network Data Security Management (State Council Order No. 790) took effect.
pub const NDSMR_FROM: &str = "2025-01-01";
/// The Measures for the Certification of Personal Information Exports (CAC and SAMR Order No. 20)
/// took effect.
pub const CERTIFICATION_MEASURES_FROM: &str = "2026-01-01";
/// The CAC's policy Q&A on counting into a security assessment was given.
pub const CAC_QA_2026_01: &str = "2026-01-30";

const STATUTORY_DUTY_NOTE: &str = "Persons sent to perform a statutory duty or obligation \
    (Regulations on Network Data Security Management Art. 35(6), in force 1 January 2025) are \
    not among the transfers the counting sentence leaves out (CBDF Provisions Arts 3, 4, \
    5(1)(i)-(iii) and 6): do not put them in exempt_persons; whether they count towards the \
    thresholds is unclear, and this pack counts them.";

const CERTIFICATION_NOTE: &str = "From 1 January 2026 the certification half of this route has \
    its own measures: 《个人信息出境认证办法》第五条 (Measures for the Certification of Personal \
    Information Exports, CAC and SAMR Order No. 20, Art. 5) admit certification for a handler that \
    is not a critical information infrastructure operator and has provided abroad, since 1 January, \
    personal information of 100,000 to under 1,000,000 persons (not sensitive) or sensitive \
    personal information of under 10,000, without splitting volumes; notice, separate consent and \
    a personal information protection impact assessment come before applying (Art. 6), and the \
    certificate is valid 3 years.";

const CAC_QA_NOTE: &str = "Once the security-assessment thresholds are crossed, the personal \
    information already sent this year under a standard contract or certification counts into the \
    assessment's declaration (CAC policy Q&A of 30 January 2026, \
    cac.gov.cn/2026-01/30/c_1771505108953002.htm, known from one secondary digest).";

/// What later instruments and official answers add to a decision, from the day they took effect
/// or were given (so a profile dated before reads the law as it then stood).
fn later_instrument_notes(rule_id: &str, as_of: &str) -> Vec<String> {
    let mut notes = Vec::new();
    let contract_band = rule_id == rule::GENERAL_PI_SCC || rule_id == rule::SENSITIVE_SCC;
    if contract_band && as_of >= CERTIFICATION_MEASURES_FROM {
        notes.push(CERTIFICATION_NOTE.to_string());
    }
    let volume_assessment = rule_id == rule::GENERAL_PI_SA || rule_id == rule::SENSITIVE_SA;
    if volume_assessment && as_of >= CAC_QA_2026_01 {
        notes.push(CAC_QA_NOTE.to_string());
    }
    notes
}

fn hgr_note(export: &Export) -> String {
    let mut note = String::from(
        "Human genetic resources information: it is counted here as sensitive personal \
         information, and the CAC route shown does not cover the human genetic resources duties \
         that apply alongside it (Human Genetic Resources Regulation and its Implementing Rules): \
         a prior report and a backup of the information before it is provided or opened abroad, \
         and a security review where exome or genome sequencing information of more than 500 \
         persons is provided (or an important genetic pedigree or a specific region is involved).",
    );
    if let Some(persons) = export.persons.filter(|p| *p > 500) {
        note.push_str(&format!(
            " This export covers {} persons: if it carries exome or genome sequencing \
             information, the security review applies.",
            thousands(persons)
        ));
    }
    if export.hgr_cleared {
        note.push_str(
            " Its HGR licensing and filing duties are marked as met; the national Provisions \
             grant no exemption for that, so the CAC route shown still applies.",
        );
    }
    note
}

/// An export counted in group `key` of the tally (`export` is the request's, or a probe's copy
/// with other persons): the group's other members keep their persons.
fn decide_pooled(
    request: &EvaluateRequest,
    tally: &Tally,
    index: usize,
    export: &Export,
    scenario: &Scenario,
    key: &str,
    what: &str,
) -> (Outcome, Vec<String>) {
    let own = counted(export);
    // With a ledger the group's total is the exact number of distinct persons, so the others'
    // share is what is left of it beside this export's own persons.
    let others_total = tally.others_total(key, index);
    let total = others_total.saturating_add(own);
    let (rule, ladder) = scenario.decide(own, others_total);
    let exact = if tally.is_exact(key) { " distinct" } else { "" };
    let mut notes = Vec::new();
    if !request.routes_only {
        let others = tally.named_others(key, index, true);
        if rule == rule::NO_COUNTED && others_total > 0 {
            notes.push(format!(
                "None of this export's persons are counted, so it needs no procedure as it \
                 stands, whatever the rest of the profile reaches ({what}: {}{exact} counted {} \
                 in {others}).",
                thousands(others_total),
                persons_word(others_total),
            ));
        } else if !others.is_empty() {
            notes.push(format!(
                "{what} is counted across the whole profile: {}{exact} counted {} in total, with \
                 {others}.",
                thousands(total),
                persons_word(total),
            ));
        }
        if tally.is_exact(key) {
            notes.push(format!(
                "Counted from the transfer ledger: {} distinct natural {} since 1 January, each \
                 once however many exports or transfers carried them.",
                thousands(total),
                persons_word(total)
            ));
        }
    }
    let mut count = tally.count(key, index, scenario.label);
    count.total = total;
    // Only members with counted persons are named beside this one.
    count.with.retain(|id| {
        tally
            .others(key, index)
            .any(|o| &o.id == id && counted(o) > 0)
    });
    let outcome = Outcome {
        id: export.id.clone(),
        route: RULES.route_of(rule),
        rule: rule.to_string(),
        count: Some(count),
        ladder,
        notes: vec![],
    };
    (outcome, notes)
}

/// Every group of the request: sensitive and non-sensitive information across the profile, a
/// CIIO's exports each alone.
fn tally<'r>(request: &'r EvaluateRequest, classes: &[Class]) -> Tally<'r> {
    let mut tally = Tally::new(request);
    for (index, class) in classes.iter().enumerate() {
        match class {
            Class::Sensitive => tally.add("sensitive", index, false),
            Class::NonSensitive => tally.add("non-sensitive", index, false),
            Class::CiioPersonal => tally.add(&key::alone(&request.exports[index].id), index, false),
            _ => {}
        }
    }
    tally
}

fn decide(
    request: &EvaluateRequest,
    tally: &Tally,
    index: usize,
    export: &Export,
    class: Class,
) -> Outcome {
    let mut outcome = match class {
        Class::Core => RULES.outcome(
            export,
            rule::CORE,
            vec![
                "National core data is subject to the Data Security Law's stricter management \
                  regime: no CBDF route (security assessment, standard contract, certification \
                  or exemption) makes it exportable."
                    .to_string(),
            ],
        ),
        Class::ExportControlled => {
            let mut notes = vec!["Marked as an export-control item or technology-export \
                management matter: export licensing under the Export Control Law governs it, \
                and this pack decides no CAC route for it."
                .to_string()];
            if matches!(export.kind, DataKind::Personal | DataKind::Genetic) {
                notes.push(
                    "Its persons are not added into the profile's personal-information counts."
                        .to_string(),
                );
            }
            RULES.outcome(export, rule::EXPORT_CONTROL, notes)
        }
        Class::General => RULES.outcome(
            export,
            rule::GENERAL,
            vec![
                "Data with no personal information and no important data needs none of the \
                  three procedures: Art. 3 says so for data from international trade, \
                  cross-border transport, academic cooperation and transnational manufacturing \
                  and marketing, and Arts 7 and 8 reach only personal information and important \
                  data."
                    .to_string(),
            ],
        ),
        Class::Important if !export.notified => RULES.outcome(
            export,
            rule::NOT_NOTIFIED,
            vec![
                "No department or region has notified or published this data as important \
                  data, so it need not be declared for a security assessment as important data \
                  (Art. 2). Once it is notified or published, a security assessment is required \
                  (Art. 7)."
                    .to_string(),
            ],
        ),
        Class::Important if request.handler.ciio => RULES.outcome(export, rule::CIIO, vec![]),
        Class::Important => RULES.outcome(export, rule::IMPORTANT, vec![]),
        Class::CiioPersonal => {
            let key = key::alone(&export.id);
            // The ledger's exact count of this export alone, or its own persons.
            let own = tally
                .others_total(&key, index)
                .saturating_add(counted(export));
            let (rule, ladder) = CIIO_ALONE.decide(own, 0);
            let mut count = tally.count(&key, index, CIIO_ALONE.label);
            count.total = own;
            Outcome {
                id: export.id.clone(),
                route: RULES.route_of(rule),
                rule: rule.to_string(),
                count: Some(count),
                ladder,
                notes: vec![
                    "Critical information infrastructure operator: every export with \
                    a counted person needs a security assessment (Art. 7(1)); the Art. 5(4) \
                    volume exemption does not apply, while Arts 3, 4, 5(1)-(3) and 6 still do."
                        .to_string(),
                ],
            }
        }
        Class::Sensitive => {
            let (mut outcome, notes) = decide_pooled(
                request,
                tally,
                index,
                export,
                &SENSITIVE,
                "sensitive",
                "Sensitive personal information (genetic data included)",
            );
            outcome.notes = notes;
            outcome
        }
        Class::NonSensitive => {
            let (mut outcome, notes) = decide_pooled(
                request,
                tally,
                index,
                export,
                &NON_SENSITIVE,
                "non-sensitive",
                "Non-sensitive personal information",
            );
            outcome.notes = notes;
            outcome
        }
    };
    let carved_out = matches!(class, Class::Core | Class::ExportControlled);
    if matches!(
        class,
        Class::CiioPersonal | Class::Sensitive | Class::NonSensitive
    ) {
        cite_exempt_basis(export, &mut outcome);
    }
    if !carved_out {
        if let Some(note) = exempt_persons_note(export) {
            outcome.notes.push(note);
            if request.as_of.as_str() >= NDSMR_FROM {
                outcome.notes.push(STATUTORY_DUTY_NOTE.to_string());
            }
        }
    }
    outcome
        .notes
        .extend(later_instrument_notes(&outcome.rule, &request.as_of));
    if export.kind == DataKind::Genetic {
        outcome.notes.push(hgr_note(export));
    }
    outcome
}

impl Pack for NationalCbdf2024 {
    fn describe() -> Description {
        Description {
            id: PACK_ID.to_string(),
            zone: ZONE.to_string(),
            name:
                "Provisions on Promoting and Regulating Cross-Border Data Flows (national baseline)"
                    .to_string(),
            edition: "2024".to_string(),
            issuers: vec!["Cyberspace Administration of China".to_string()],
            issued: "2024-03-22".to_string(),
            effective_from: "2024-03-22".to_string(),
            effective_until: None,
            sectors: vec![ALL_SECTORS.to_string()],
            source: Source {
                title_zh: "《促进和规范数据跨境流动规定》".to_string(),
                title_en: "Provisions on Promoting and Regulating Cross-Border Data Flows"
                    .to_string(),
                reference: "CAC Order No. 16 (国家互联网信息办公室令第16号), 22 March 2024"
                    .to_string(),
            },
            contract_minor: ftzroute_plugin_api::CONTRACT_MINOR,
            obligations: ftzroute_plugin_api::duties::obligations(duties::DUTIES),
            calendar: ftzroute_plugin_api::duties::calendar(duties::CALENDAR),
            interpretations: INTERPRETATIONS.iter().map(|s| s.to_string()).collect(),
            rules: RULES.rules(),
            coverage: Some(coverage()),
            ..Default::default()
        }
    }

    fn evaluate(request: &EvaluateRequest) -> Result<EvaluateResponse, String> {
        ftzroute_plugin_api::sdk::check_schema(request)?;
        let classes = request
            .exports
            .iter()
            .map(|export| classify(export, request.handler.ciio))
            .collect::<Result<Vec<_>, _>>()?;
        let tally = tally(request, &classes);
        let exports = request
            .exports
            .iter()
            .zip(&classes)
            .enumerate()
            .map(|(index, (export, class))| {
                let mut outcome = decide(request, &tally, index, export, *class);
                outcome.notes.extend(processed_note(request, export));
                outcome
            })
            .collect();
        Ok(EvaluateResponse {
            exports,
            groups: tally.declarations(),
            ..Default::default()
        })
    }

    /// Each probed export decided again beside the same totals of the others (contract 1.5).
    fn probe(request: &EvaluateRequest) -> Result<Vec<ftzroute_plugin_api::sdk::Probed>, String> {
        ftzroute_plugin_api::sdk::check_schema(request)?;
        let classes = request
            .exports
            .iter()
            .map(|export| classify(export, request.handler.ciio))
            .collect::<Result<Vec<_>, _>>()?;
        let tally = tally(request, &classes);
        ftzroute_plugin_api::sdk::probe_each(request, |index, export| {
            Ok(decide(request, &tally, index, export, classes[index]))
        })
    }
}

/// Where the persons a handler processes (contract 1.4) would have decided the route under the
/// 2022 Measures (Art. 4(2): 1,000,000 or more), a note that they no longer do.
fn processed_note(request: &EvaluateRequest, export: &Export) -> Option<String> {
    let processed = request.handler.persons_processed?;
    let personal = matches!(export.kind, DataKind::Personal | DataKind::Genetic);
    (personal && !export.export_controlled && processed >= 1_000_000).then(|| {
        format!(
            "The handler processes personal information of {} persons. Under the 2022 Security \
             Assessment Measures (Art. 4(2)) that alone required a security assessment for any \
             export of personal information; the CBDF Provisions count only the persons sent \
             abroad (Arts 7 and 8) and prevail where the Measures differ (Art. 13), so the \
             persons processed no longer decide the route.",
            thousands(processed)
        )
    })
}

/// Every article of the Provisions that decides a route is encoded (contract 1.4): one rule per
/// article names it.
fn coverage() -> Coverage {
    Coverage {
        rows: Share {
            encoded: 7,
            of: Some(7),
        },
        unit: "articles".to_string(),
        row_rules: [
            rule::NOT_NOTIFIED,
            rule::GENERAL,
            exempt_rule::ART_4,
            rule::ART_5_4,
            exempt_rule::ART_6,
            rule::GENERAL_PI_SA,
            rule::GENERAL_PI_SCC,
        ]
        .map(String::from)
        .to_vec(),
        sectors: None,
        scenarios: None,
        confidence: Some(Confidence::VerbatimCopy),
        note: Some(
            "Arts 2 to 8, every article that decides a route, read in verbatim copies of the \
             official text; Art. 1 and Arts 9 to 14 set purpose, duties and procedure and decide \
             none (the pack's reading)."
                .to_string(),
        ),
    }
}

#[cfg(test)]
mod tests;
