//! The threshold sweep: asks a pack about one `personal` export of each subject and sensitivity
//! at counts from 0 to [`SEARCH_LIMIT`] and finds every count at which the decision (route and
//! rule) changes. The pack is the only source of thresholds: its ladders only suggest where to
//! look. `pack diff --sweep` compares the maps of two editions; `pack check` checks one.

use crate::core::engine::SEARCH_LIMIT;
use crate::core::pack::RulePack;
use crate::core::wording::thousands;
use crate::render::report::subject_id;
use ftzroute_plugin_api::{
    DataKind, Description, EvaluateRequest, Export, Handler, Outcome, Probe, Route, Subject,
    ALL_SECTORS, REQUEST_SCHEMA,
};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Every subject a sweep probes, in the order reports list them.
pub const SUBJECTS: [Subject; 6] = [
    Subject::TrialSubject,
    Subject::Patient,
    Subject::Professional,
    Subject::DeviceUser,
    Subject::BusinessContact,
    Subject::Other,
];

/// Handler sector used to probe a pack that covers every sector.
const ANY_SECTOR: &str = "any-sector";

/// Id of the one export of a sweep profile.
const SWEEP_EXPORT: &str = "data";

/// One sweep: a personal export of this subject (and, for a pack that declares scenarios, of
/// this scenario) and sensitivity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SweepKey {
    pub subject: Subject,
    pub sensitive: bool,
    /// A scenario the pack declares (contract 1.1); `None` for the subject sweeps.
    pub scenario: Option<Arc<str>>,
}

impl SweepKey {
    /// Every subject, non-sensitive then sensitive.
    pub fn all() -> impl Iterator<Item = SweepKey> {
        SUBJECTS.into_iter().flat_map(|subject| {
            [false, true].into_iter().map(move |sensitive| SweepKey {
                subject,
                sensitive,
                scenario: None,
            })
        })
    }

    /// Every sweep of a pack: each subject, then each scenario it declares, non-sensitive then
    /// sensitive.
    pub fn for_pack(description: &Description) -> Vec<SweepKey> {
        let scenarios = description.scenarios.iter().flat_map(|scenario| {
            let id: Arc<str> = Arc::from(scenario.id.as_str());
            [false, true].into_iter().map(move |sensitive| SweepKey {
                subject: Subject::Other,
                sensitive,
                scenario: Some(id.clone()),
            })
        });
        SweepKey::all().chain(scenarios).collect()
    }

    /// `patient / sensitive`, or `scenario cross-border-retail / sensitive`.
    pub fn label(&self) -> String {
        let what = match &self.scenario {
            Some(scenario) => format!("scenario {scenario}"),
            None => subject_id(self.subject).to_string(),
        };
        format!(
            "{what} / {}",
            if self.sensitive {
                "sensitive"
            } else {
                "non-sensitive"
            }
        )
    }

    /// The key's fields in JSON.
    pub fn to_json(&self) -> Value {
        let mut value = json!({ "subject": subject_id(self.subject), "sensitive": self.sensitive });
        if let Some(scenario) = &self.scenario {
            value["scenario"] = json!(scenario.as_ref());
        }
        value
    }
}

/// What decided one probe: boundaries are changes of route or rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub route: Route,
    pub rule: String,
    /// The rule's list item in the pack's description (follows from the rule).
    pub list_item: Option<u32>,
}

impl Decision {
    /// Same route and rule; the list item follows from the rule within one edition.
    pub fn same(&self, other: &Decision) -> bool {
        self.route == other.route && self.rule == other.rule
    }

    /// The rule id (`item-8`, `art-10-off-list`): one name for a rule in every report.
    pub fn words(&self) -> String {
        self.rule.clone()
    }
}

/// A count at which a sweep's decision changes: `from` holds at `at - 1`, `to` at `at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Boundary {
    pub key: SweepKey,
    pub at: u64,
    pub from: Decision,
    pub to: Decision,
}

impl Boundary {
    /// The same change of decision in the same sweep, at whatever count.
    pub fn same_transition(&self, other: &Boundary) -> bool {
        self.key == other.key && self.from.same(&other.from) && self.to.same(&other.to)
    }

    /// `art-10-off-list (exempt) -> item 14 (standard-contract-or-certification)`.
    pub fn transition_words(&self) -> String {
        transition_words(&self.from, &self.to)
    }

    pub fn to_json(&self) -> Value {
        let mut value = self.key.to_json();
        value["at"] = json!(self.at);
        value["from"] = json!(self.from);
        value["to"] = json!(self.to);
        value
    }
}

pub fn transition_words(from: &Decision, to: &Decision) -> String {
    format!(
        "{} ({}) -> {} ({})",
        from.words(),
        from.route,
        to.words(),
        to.route
    )
}

/// A probe the pack could not answer acceptably.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} at {}: {message}", key.label(), thousands(*at))]
pub struct ProbeError {
    pub key: SweepKey,
    pub at: u64,
    pub message: String,
}

/// The decisions of one sweep at every count probed, and the boundaries between them.
#[derive(Debug, Clone)]
pub struct Sweep {
    pub key: SweepKey,
    pub decisions: BTreeMap<u64, Decision>,
    pub boundaries: Vec<Boundary>,
    /// Counts asked about.
    pub probes: usize,
    /// Calls made to the pack: one per count, or one per batch of counts for a pack that
    /// names the rule of each probe (contract 1.6).
    pub calls: usize,
}

/// The request of a sweep probe: one personal export of `n` counted persons, handled in the
/// pack's first sector, on the first day the pack is in force.
pub fn sweep_request(
    description: &Description,
    key: &SweepKey,
    n: u64,
    routes_only: bool,
) -> EvaluateRequest {
    // A scenario limited to some sectors is probed in the first of them.
    let scenario_sector = key
        .scenario
        .as_deref()
        .and_then(|id| description.scenarios.iter().find(|s| s.id == id))
        .and_then(|s| s.sectors.first());
    let sector = match scenario_sector.or(description.sectors.first()) {
        Some(sector) if sector != ALL_SECTORS => sector.clone(),
        _ => ANY_SECTOR.to_string(),
    };
    EvaluateRequest {
        schema: REQUEST_SCHEMA,
        as_of: description.effective_from.clone(),
        handler: Handler {
            name: "Threshold sweep".into(),
            sector,
            ciio: false,
            persons_processed: None,
        },
        exports: vec![Export {
            id: SWEEP_EXPORT.into(),
            kind: DataKind::Personal,
            subject: Some(key.subject),
            sensitive: key.sensitive,
            persons: Some(n),
            exempt_persons: 0,
            exempt_bases: vec![],
            serious_harm: false,
            name_and_contact: false,
            notified: true,
            hgr_cleared: false,
            export_controlled: false,
            scenario: key.scenario.as_deref().map(str::to_owned),
        }],
        routes_only,
        group_counts: Default::default(),
        counted_from: None,
        probes: Vec::new(),
    }
}

/// The counts every sweep probes first: 0, then 1, 2 and 5 times each power of ten, up to the
/// search limit.
pub fn grid() -> Vec<u64> {
    let mut points = vec![0];
    let mut power = 1u64;
    while power < SEARCH_LIMIT {
        points.extend([power, 2 * power, 5 * power]);
        power *= 10;
    }
    points.push(SEARCH_LIMIT);
    points.retain(|n| *n <= SEARCH_LIMIT);
    points
}

/// Checks one outcome of a probe against the pack's own description.
pub fn decision_of(description: &Description, outcome: &Outcome) -> Result<Decision, String> {
    decided(description, outcome.route, &outcome.rule)
}

/// The decision of `route` by rule `rule`, checked against the pack's own description.
fn decided(description: &Description, route: Route, rule: &str) -> Result<Decision, String> {
    let found = description
        .rule(rule)
        .ok_or_else(|| format!("rule `{rule}` is not in the pack's description"))?;
    if found.route != route {
        return Err(format!(
            "route {route} contradicts rule `{rule}`, whose route is {}",
            found.route
        ));
    }
    Ok(Decision {
        route,
        rule: rule.to_string(),
        list_item: found.list_item,
    })
}

struct Prober<'a> {
    pack: &'a dyn RulePack,
    key: SweepKey,
    decisions: BTreeMap<u64, Decision>,
    probes: usize,
    calls: usize,
}

impl Prober<'_> {
    fn fail(&self, at: u64, message: String) -> ProbeError {
        ProbeError {
            key: self.key.clone(),
            at,
            message,
        }
    }

    /// Asks the pack about `n`; a brief question (route and rule only) unless `full`.
    fn ask(&mut self, n: u64, full: bool) -> Result<Outcome, ProbeError> {
        let request = sweep_request(self.pack.description(), &self.key, n, !full);
        self.probes += 1;
        self.calls += 1;
        let response = self
            .pack
            .evaluate(&request)
            .map_err(|e| self.fail(n, e.to_string()))?;
        let [outcome]: [Outcome; 1] = response.exports.try_into().map_err(|v: Vec<Outcome>| {
            self.fail(n, format!("{} outcomes for 1 export", v.len()))
        })?;
        let decision =
            decision_of(self.pack.description(), &outcome).map_err(|m| self.fail(n, m))?;
        self.decisions.insert(n, decision);
        Ok(outcome)
    }

    fn probe(&mut self, n: u64) -> Result<(), ProbeError> {
        if !self.decisions.contains_key(&n) {
            self.ask(n, false)?;
        }
        Ok(())
    }

    /// Asks the pack about every count of `counts` not yet decided, in one call of probes.
    /// False when the pack does not answer so (no bulk probes, or no rule per probe): nothing
    /// is recorded then. A batch the pack fails on is asked again count by count, so that the
    /// error names the count.
    fn ask_batch(&mut self, counts: &[u64]) -> Result<bool, ProbeError> {
        let counts: Vec<u64> = counts
            .iter()
            .copied()
            .filter(|n| !self.decisions.contains_key(n))
            .collect();
        let Some(&first) = counts.first() else {
            return Ok(true);
        };
        let description = self.pack.description();
        let mut request = sweep_request(description, &self.key, first, true);
        request.probes = counts
            .iter()
            .map(|&persons| Probe { export: 0, persons })
            .collect();
        let answer = match self.pack.probe(&request) {
            None => return Ok(false),
            Some(Ok(answer)) if answer.rules.len() == counts.len() => answer,
            Some(Ok(_)) => return Ok(false),
            Some(Err(_)) => {
                for n in counts {
                    self.probe(n)?;
                }
                return Ok(true);
            }
        };
        self.calls += 1;
        self.probes += counts.len();
        for ((n, route), rule) in counts.into_iter().zip(answer.routes).zip(answer.rules) {
            let decision = decided(description, route, &rule).map_err(|m| self.fail(n, m))?;
            self.decisions.insert(n, decision);
        }
        Ok(true)
    }

    /// Finds every change between two probed counts whose decisions differ. Both halves are
    /// searched, since one interval may hide several changes.
    fn split(&mut self, low: u64, high: u64) -> Result<(), ProbeError> {
        if high - low <= 1 || self.decisions[&low] == self.decisions[&high] {
            return Ok(());
        }
        let middle = low + (high - low) / 2;
        self.probe(middle)?;
        self.split(low, middle)?;
        self.split(middle, high)
    }
}

/// Counts each interval still to be searched is cut at in one round of a batched sweep: a
/// billion persons are narrowed to one in eight rounds.
const CUTS_PER_ROUND: u64 = 16;

/// Probes one subject and sensitivity over the whole count range.
///
/// The grid and every ladder step the pack reports (and the count just below it) are probed
/// first; then each pair of neighbouring probes with different decisions is searched down to the
/// exact count. A change and its reversal both inside one interval with equal decisions at its
/// ends cannot be seen: ladders and the grid are what make that unlikely.
///
/// A pack that names the rule of each probe (contract 1.6) is asked many counts per call: the
/// grid in one, a full answer (for its ladder) at the ends of each run of equal decisions
/// along the grid, the ladders' steps in one, then every open interval cut in
/// [`CUTS_PER_ROUND`] per call until each change lies between neighbours. Any other pack is
/// asked one count per call, with a full answer at every grid count.
pub fn sweep(pack: &dyn RulePack, key: SweepKey) -> Result<Sweep, ProbeError> {
    let mut prober = Prober {
        pack,
        key: key.clone(),
        decisions: BTreeMap::new(),
        probes: 0,
        calls: 0,
    };
    let mut hints = BTreeSet::new();
    let mut add_hints = |n: u64, outcome: &Outcome| {
        // Ladder steps are over the scenario total; with one export that is `n`, but a pack may
        // count more than the export's persons.
        let others = outcome
            .count
            .as_ref()
            .map_or(0, |count| count.total.saturating_sub(n));
        for step in &outcome.ladder {
            let at = step.from.saturating_sub(others);
            hints.insert(at);
            hints.insert(at.saturating_sub(1));
        }
    };
    let grid = grid();
    let batched = prober.ask_batch(&grid)?;
    if batched {
        for n in run_ends(&grid, &prober.decisions) {
            let outcome = prober.ask(n, true)?;
            add_hints(n, &outcome);
        }
    } else {
        for &n in &grid {
            let outcome = prober.ask(n, true)?;
            add_hints(n, &outcome);
        }
    }
    let hints: Vec<u64> = hints.into_iter().filter(|n| *n <= SEARCH_LIMIT).collect();
    if batched {
        prober.ask_batch(&hints)?;
        loop {
            let cuts = prober.cuts();
            if cuts.is_empty() {
                break;
            }
            prober.ask_batch(&cuts)?;
        }
    } else {
        for n in hints {
            prober.probe(n)?;
        }
        let probed: Vec<u64> = prober.decisions.keys().copied().collect();
        for pair in probed.windows(2) {
            prober.split(pair[0], pair[1])?;
        }
    }
    let mut boundaries = Vec::new();
    let mut previous: Option<(u64, &Decision)> = None;
    for (n, decision) in &prober.decisions {
        if let Some((low, before)) = previous {
            if before != decision {
                debug_assert_eq!(low + 1, *n, "bisection leaves changes between neighbours");
                boundaries.push(Boundary {
                    key: key.clone(),
                    at: *n,
                    from: before.clone(),
                    to: decision.clone(),
                });
            }
        }
        previous = Some((*n, decision));
    }
    Ok(Sweep {
        key,
        decisions: prober.decisions,
        boundaries,
        probes: prober.probes,
        calls: prober.calls,
    })
}

/// The first and last grid count of each run of equal decisions.
fn run_ends(grid: &[u64], decisions: &BTreeMap<u64, Decision>) -> Vec<u64> {
    let mut ends = BTreeSet::new();
    for (index, n) in grid.iter().enumerate() {
        let before = index.checked_sub(1).map(|i| &decisions[&grid[i]]);
        let after = grid.get(index + 1).map(|next| &decisions[next]);
        let here = Some(&decisions[n]);
        if before != here || after != here {
            ends.insert(*n);
        }
    }
    ends.into_iter().collect()
}

impl Prober<'_> {
    /// The counts of the next round: each interval between neighbouring probed counts whose
    /// decisions differ, cut at up to [`CUTS_PER_ROUND`] - 1 counts spread evenly inside it.
    fn cuts(&self) -> Vec<u64> {
        let mut cuts = Vec::new();
        let mut previous: Option<(u64, &Decision)> = None;
        for (&n, decision) in &self.decisions {
            if let Some((low, before)) = previous {
                let gap = n - low;
                if before != decision && gap > 1 {
                    let pieces = gap.min(CUTS_PER_ROUND);
                    cuts.extend((1..pieces).map(|i| low + gap * i / pieces));
                }
            }
            previous = Some((n, decision));
        }
        cuts.dedup();
        cuts
    }
}

/// The threshold map of an edition: every sweep.
#[derive(Debug, Clone)]
pub struct ThresholdMap {
    pub sweeps: Vec<Sweep>,
}

impl ThresholdMap {
    pub fn probes(&self) -> usize {
        self.sweeps.iter().map(|s| s.probes).sum()
    }

    pub fn calls(&self) -> usize {
        self.sweeps.iter().map(|s| s.calls).sum()
    }

    pub fn boundaries(&self) -> impl Iterator<Item = &Boundary> {
        self.sweeps.iter().flat_map(|s| s.boundaries.iter())
    }
}

/// Sweeps every subject and sensitivity; the first probe the pack cannot answer stops it.
pub fn threshold_map(pack: &dyn RulePack) -> Result<ThresholdMap, ProbeError> {
    let sweeps = SweepKey::for_pack(pack.description())
        .into_iter()
        .map(|key| sweep(pack, key))
        .collect::<Result<_, _>>()?;
    Ok(ThresholdMap { sweeps })
}

/// A pack defined by bands over one export's counted persons, for tests of the sweep and the
/// checks without any real law.
#[cfg(test)]
pub(crate) mod test_pack {
    use crate::core::pack::{PackFault, Probes, RulePack};
    use ftzroute_plugin_api::*;
    use std::cell::Cell;

    pub struct Bands {
        pub description: Description,
        /// (first count of the band, rule id), ascending from 0.
        pub bands: Vec<(u64, &'static str)>,
        /// Report the bands as a ladder.
        pub ladder: bool,
        /// Answer probes in bulk, naming the rule of each (contract 1.6).
        pub bulk: bool,
        pub calls: Cell<usize>,
    }

    pub fn rule(id: &str, route: Route, list_item: Option<u32>) -> Rule {
        Rule {
            id: id.into(),
            route,
            list_item,
            basis: format!("basis of {id}"),
            citation: Citation {
                zh: format!("测试条例 {id}"),
                en: format!("Test regulation {id}"),
                en_official: false,
            },
            confidence: None,
        }
    }

    pub fn description(rules: Vec<Rule>) -> Description {
        Description {
            id: "test".into(),
            zone: "test".into(),
            name: "Test list".into(),
            edition: "1".into(),
            issuers: vec!["Test issuer".into()],
            issued: "2025-01-01".into(),
            effective_from: "2025-01-01".into(),
            effective_until: None,
            sectors: vec!["s".into()],
            source: Source {
                title_zh: "测试".into(),
                title_en: "Test".into(),
                reference: "No. 1".into(),
            },
            contract_minor: ftzroute_plugin_api::CONTRACT_MINOR,
            obligations: Vec::new(),
            calendar: Vec::new(),
            interpretations: vec![],
            rules,
            ..Default::default()
        }
    }

    impl Bands {
        pub fn new(rules: Vec<Rule>, bands: Vec<(u64, &'static str)>, ladder: bool) -> Bands {
            Bands {
                description: description(rules),
                bands,
                ladder,
                bulk: false,
                calls: Cell::new(0),
            }
        }

        /// The same bands, answering probes in bulk with their rules.
        pub fn bulk(mut self) -> Bands {
            self.bulk = true;
            self
        }

        pub fn rule_at(&self, n: u64) -> &'static str {
            self.bands
                .iter()
                .rev()
                .find(|(from, _)| *from <= n)
                .map(|(_, rule)| *rule)
                .expect("bands start at 0")
        }

        fn route_of(&self, rule: &str) -> Route {
            self.description
                .rule(rule)
                .map_or(Route::Undetermined, |r| r.route)
        }
    }

    impl RulePack for Bands {
        fn description(&self) -> &Description {
            &self.description
        }

        fn probe(&self, request: &EvaluateRequest) -> Option<Result<Probes, PackFault>> {
            if !self.bulk {
                return None;
            }
            self.calls.set(self.calls.get() + 1);
            let rules: Vec<&str> = request
                .probes
                .iter()
                .map(|probe| self.rule_at(probe.persons))
                .collect();
            Some(Ok(Probes {
                routes: rules.iter().map(|rule| self.route_of(rule)).collect(),
                rules: rules.into_iter().map(String::from).collect(),
            }))
        }

        fn evaluate(&self, request: &EvaluateRequest) -> Result<EvaluateResponse, PackFault> {
            self.calls.set(self.calls.get() + 1);
            let exports = request
                .exports
                .iter()
                .map(|export| {
                    let n = export.counted_persons().unwrap_or(0);
                    let rule = self.rule_at(n);
                    let ladder = if self.ladder && !request.routes_only {
                        self.bands
                            .iter()
                            .map(|(from, rule)| Step {
                                from: *from,
                                route: self.route_of(rule),
                                rule: rule.to_string(),
                            })
                            .collect()
                    } else {
                        vec![]
                    };
                    Outcome {
                        id: export.id.clone(),
                        route: self.route_of(rule),
                        rule: rule.into(),
                        count: Some(Count {
                            scenario: "all persons".into(),
                            total: n,
                            with: vec![],
                            group: None,
                        }),
                        ladder,
                        notes: vec![],
                    }
                })
                .collect();
            Ok(EvaluateResponse {
                exports,
                ..Default::default()
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_pack::{rule, Bands};
    use super::*;
    use Route::*;

    fn rules() -> Vec<ftzroute_plugin_api::Rule> {
        vec![
            rule("off", Exempt, None),
            rule("item-2", StandardContractOrCertification, Some(2)),
            rule("item-1", SecurityAssessment, Some(1)),
            rule("item-9", SecurityAssessment, Some(9)),
        ]
    }

    fn key() -> SweepKey {
        SweepKey {
            subject: Subject::Patient,
            sensitive: true,
            scenario: None,
        }
    }

    fn edges(sweep: &Sweep) -> Vec<(u64, String, String)> {
        sweep
            .boundaries
            .iter()
            .map(|b| (b.at, b.from.rule.clone(), b.to.rule.clone()))
            .collect()
    }

    fn edge(at: u64, from: &str, to: &str) -> (u64, String, String) {
        (at, from.into(), to.into())
    }

    #[test]
    fn the_grid_spans_the_search_range() {
        let grid = grid();
        assert_eq!(grid[..5], [0, 1, 2, 5, 10]);
        assert_eq!(*grid.last().unwrap(), SEARCH_LIMIT);
        assert!(grid.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn bisection_finds_two_changes_inside_one_grid_interval_and_a_rule_only_change() {
        // 120 and 170 both lie between the grid probes 100 and 200; item-1 -> item-9 keeps the
        // route and changes only the rule.
        let bands = vec![
            (0, "off"),
            (120, "item-2"),
            (170, "item-1"),
            (3_000_001, "item-9"),
        ];
        let pack = Bands::new(rules(), bands, false);
        let sweep = sweep(&pack, key()).unwrap();
        assert_eq!(
            edges(&sweep),
            [
                edge(120, "off", "item-2"),
                edge(170, "item-2", "item-1"),
                edge(3_000_001, "item-1", "item-9"),
            ]
        );
        assert_eq!(sweep.probes, pack.calls.get());
        assert_eq!(sweep.boundaries[0].from.list_item, None);
        assert_eq!(sweep.boundaries[1].to.list_item, Some(1));
        for boundary in &sweep.boundaries {
            assert_ne!(pack.rule_at(boundary.at - 1), pack.rule_at(boundary.at));
        }
    }

    #[test]
    fn ladders_make_the_sweep_cheaper_but_not_different() {
        let bands = vec![(0, "off"), (12_345, "item-2"), (987_654, "item-1")];
        let without = sweep(&Bands::new(rules(), bands.clone(), false), key()).unwrap();
        let with = sweep(&Bands::new(rules(), bands, true), key()).unwrap();
        assert_eq!(edges(&with), edges(&without));
        assert_eq!(
            edges(&with),
            [
                edge(12_345, "off", "item-2"),
                edge(987_654, "item-2", "item-1")
            ]
        );
        assert!(
            with.probes < without.probes,
            "{} probes with ladders, {} without",
            with.probes,
            without.probes
        );
    }

    #[test]
    fn a_pack_naming_the_rules_of_its_probes_is_swept_in_few_calls_to_the_same_boundaries() {
        let cases = [
            vec![
                (0, "off"),
                (120, "item-2"),
                (170, "item-1"),
                (3_000_001, "item-9"),
            ],
            vec![(0, "off"), (1, "item-2"), (SEARCH_LIMIT, "item-1")],
            vec![(0, "item-2"), (SEARCH_LIMIT - 1, "item-1")],
            vec![(0, "off"), (999_999_937, "item-2"), (999_999_938, "off")],
        ];
        for bands in cases {
            for ladder in [false, true] {
                let one_by_one = Bands::new(rules(), bands.clone(), ladder);
                let bulk = Bands::new(rules(), bands.clone(), ladder).bulk();
                let expected = sweep(&one_by_one, key()).unwrap();
                let batched = sweep(&bulk, key()).unwrap();
                assert_eq!(
                    edges(&batched),
                    edges(&expected),
                    "{bands:?}, ladder {ladder}"
                );
                assert_eq!(batched.calls, bulk.calls.get());
                assert!(
                    batched.calls * 4 < expected.calls,
                    "{bands:?}: {} calls batched, {} one by one",
                    batched.calls,
                    expected.calls
                );
            }
        }
    }

    #[test]
    fn a_batch_with_an_undeclared_rule_is_asked_again_to_name_the_count() {
        let bands = vec![(0, "off"), (500, "item-404")];
        let error = sweep(&Bands::new(rules(), bands, false).bulk(), key()).unwrap_err();
        assert_eq!(error.at, 500, "{error}");
        assert!(error.message.contains("item-404"), "{error}");
    }

    #[test]
    fn boundaries_at_the_ends_of_the_range_are_found() {
        let bands = vec![(0, "off"), (1, "item-2"), (SEARCH_LIMIT, "item-1")];
        let sweep = sweep(&Bands::new(rules(), bands, false), key()).unwrap();
        assert_eq!(
            edges(&sweep),
            [
                edge(1, "off", "item-2"),
                edge(SEARCH_LIMIT, "item-2", "item-1")
            ]
        );
    }

    #[test]
    fn an_undeclared_rule_stops_the_sweep_with_the_count() {
        let bands = vec![(0, "off"), (500, "item-404")];
        let error = sweep(&Bands::new(rules(), bands, false), key()).unwrap_err();
        assert_eq!(error.at, 500);
        assert!(error.message.contains("item-404"), "{error}");
    }

    #[test]
    fn sweeps_probe_a_covered_sector_on_the_first_day_in_force() {
        let mut description = super::test_pack::description(rules());
        let request = sweep_request(&description, &key(), 7, true);
        assert_eq!(request.handler.sector, "s");
        assert_eq!(request.as_of, "2025-01-01");
        assert_eq!(request.exports[0].counted_persons(), Some(7));
        assert!(request.routes_only);
        description.sectors = vec![ALL_SECTORS.into()];
        let request = sweep_request(&description, &key(), 7, false);
        assert!(description.covers_sector(&request.handler.sector));
    }

    #[test]
    fn a_pack_with_scenarios_is_swept_in_each_scenario_and_its_sector() {
        let mut description = super::test_pack::description(rules());
        description.sectors = vec!["s".into(), "retail".into()];
        description.scenarios = vec![ftzroute_plugin_api::ScenarioLabel {
            id: "buyers".into(),
            label_zh: "买家".into(),
            label_en: "buyers".into(),
            sectors: vec!["retail".into()],
            exemption_hint: None,
        }];
        let keys = SweepKey::for_pack(&description);
        assert_eq!(keys.len(), SweepKey::all().count() + 2);
        let scenario: Vec<&SweepKey> = keys.iter().filter(|k| k.scenario.is_some()).collect();
        assert_eq!(scenario.len(), 2);
        assert_eq!(scenario[1].label(), "scenario buyers / sensitive");
        assert_eq!(scenario[1].to_json()["scenario"], "buyers");
        let request = sweep_request(&description, scenario[1], 42, false);
        assert_eq!(
            request.handler.sector, "retail",
            "the scenario's own sector"
        );
        assert_eq!(request.exports[0].scenario.as_deref(), Some("buyers"));
        assert!(request.exports[0].sensitive);
        let subject = sweep_request(&description, &keys[0], 42, false);
        assert_eq!(subject.handler.sector, "s");
        assert_eq!(subject.exports[0].scenario, None);
    }
}
