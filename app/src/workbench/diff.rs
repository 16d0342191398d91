//! `ftzroute pack diff`: compares two editions on golden cases and, with `--sweep`, on the
//! thresholds found by probing each edition.
//!
//! A sweep asks a pack about one `personal` export of each subject and sensitivity at counts from
//! 0 to [`SEARCH_LIMIT`] and finds every count at which the decision (route and rule) changes. The
//! pack is the only source of thresholds: its ladders only suggest where to look.

use crate::cases::{find_cases_dir, load_cases, LoadedCase};
use crate::common::failure::{Failure, ListFormat};
use crate::context::Context;
use crate::core::engine::SEARCH_LIMIT;
use crate::core::pack::RulePack;
use crate::core::report::{subject_id, thousands};
use crate::host::{is_pack_file, LoadedPack, PackSet};
use ftzroute_plugin_api::{
    DataKind, Description, EvaluateRequest, Export, Handler, Outcome, Route, Subject, ALL_SECTORS,
    REQUEST_SCHEMA,
};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, clap::Args)]
pub struct PackDiffArgs {
    /// The older edition: a pack id or the path of a built library.
    pub old: String,
    /// The newer edition: a pack id or the path of a built library.
    pub new: String,
    /// Case files to compare on (default: the old pack's cases, then the new one's).
    #[arg(long, value_name = "DIR")]
    pub cases: Option<PathBuf>,
    /// Also probe both editions for their thresholds and report moved, added and removed ones.
    #[arg(long)]
    pub sweep: bool,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

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
    fn same(&self, other: &Decision) -> bool {
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
    fn same_transition(&self, other: &Boundary) -> bool {
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

fn transition_words(from: &Decision, to: &Decision) -> String {
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
    /// Evaluate calls made.
    pub probes: usize,
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
    let rule = description
        .rule(&outcome.rule)
        .ok_or_else(|| format!("rule `{}` is not in the pack's description", outcome.rule))?;
    if rule.route != outcome.route {
        return Err(format!(
            "route {} contradicts rule `{}`, whose route is {}",
            outcome.route, rule.id, rule.route
        ));
    }
    Ok(Decision {
        route: outcome.route,
        rule: outcome.rule.clone(),
        list_item: rule.list_item,
    })
}

struct Prober<'a> {
    pack: &'a dyn RulePack,
    key: SweepKey,
    decisions: BTreeMap<u64, Decision>,
    probes: usize,
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

/// Probes one subject and sensitivity over the whole count range.
///
/// The grid and every ladder step the pack reports (and the count just below it) are probed
/// first; then each pair of neighbouring probes with different decisions is bisected down to the
/// exact count. A change and its reversal both inside one interval with equal decisions at its
/// ends cannot be seen: ladders and the grid are what make that unlikely.
pub fn sweep(pack: &dyn RulePack, key: SweepKey) -> Result<Sweep, ProbeError> {
    let mut prober = Prober {
        pack,
        key: key.clone(),
        decisions: BTreeMap::new(),
        probes: 0,
    };
    let mut hints = BTreeSet::new();
    for n in grid() {
        let outcome = prober.ask(n, true)?;
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
    }
    for n in hints.into_iter().filter(|n| *n <= SEARCH_LIMIT) {
        prober.probe(n)?;
    }
    let probed: Vec<u64> = prober.decisions.keys().copied().collect();
    for pair in probed.windows(2) {
        prober.split(pair[0], pair[1])?;
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
    })
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

/// A boundary of both editions with the same transition, at another count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub old: Boundary,
    pub new_at: u64,
}

/// One change of the threshold map, with every sweep it shows in: `pack check` groups the
/// boundaries it reports the same way, so both commands count changes alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    pub from: Decision,
    pub to: Decision,
    /// Where the boundary was in the old edition (none when added).
    pub old_at: Option<u64>,
    /// Where it is in the new edition (none when removed).
    pub new_at: Option<u64>,
    pub keys: Vec<SweepKey>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Moved,
    Added,
    Removed,
}

impl ChangeKind {
    pub fn word(self) -> &'static str {
        match self {
            ChangeKind::Moved => "moved",
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
        }
    }
}

impl Change {
    fn same(&self, other: &Change) -> bool {
        self.kind == other.kind
            && self.from == other.from
            && self.to == other.to
            && self.old_at == other.old_at
            && self.new_at == other.new_at
    }

    /// `art-10-off-list (exempt) -> item-14 (standard-contract-or-certification) moved 10,000 ->
    /// 5,000 in trial-subject / non-sensitive, trial-subject / sensitive`.
    pub fn words(&self) -> String {
        let at = match (self.old_at, self.new_at) {
            (Some(old), Some(new)) => format!("{} -> {}", thousands(old), thousands(new)),
            (None, Some(at)) | (Some(at), None) => format!("at {}", thousands(at)),
            (None, None) => String::new(),
        };
        let keys: Vec<String> = self.keys.iter().map(|k| k.label()).collect();
        format!(
            "{} {} {at} in {}",
            transition_words(&self.from, &self.to),
            self.kind.word(),
            keys.join(", ")
        )
    }

    pub fn to_json(&self) -> Value {
        json!({
            "change": self.kind.word(),
            "from": self.from,
            "to": self.to,
            "old_at": self.old_at,
            "new_at": self.new_at,
            "sweeps": self.keys.iter().map(SweepKey::to_json).collect::<Vec<_>>(),
        })
    }
}

/// How two threshold maps differ.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MapDiff {
    pub moved: Vec<Moved>,
    /// Only in the new edition.
    pub added: Vec<Boundary>,
    /// Only in the old edition.
    pub removed: Vec<Boundary>,
    pub unchanged: usize,
}

impl MapDiff {
    /// The changes, each with every sweep it shows in: moved first, then added, then removed.
    pub fn changes(&self) -> Vec<Change> {
        let moved = self.moved.iter().map(|m| Change {
            kind: ChangeKind::Moved,
            from: m.old.from.clone(),
            to: m.old.to.clone(),
            old_at: Some(m.old.at),
            new_at: Some(m.new_at),
            keys: vec![m.old.key.clone()],
        });
        let added = self.added.iter().map(|b| Change {
            kind: ChangeKind::Added,
            from: b.from.clone(),
            to: b.to.clone(),
            old_at: None,
            new_at: Some(b.at),
            keys: vec![b.key.clone()],
        });
        let removed = self.removed.iter().map(|b| Change {
            kind: ChangeKind::Removed,
            from: b.from.clone(),
            to: b.to.clone(),
            old_at: Some(b.at),
            new_at: None,
            keys: vec![b.key.clone()],
        });
        let mut grouped: Vec<Change> = Vec::new();
        for change in moved.chain(added).chain(removed) {
            match grouped.iter_mut().find(|g| g.same(&change)) {
                Some(group) => group.keys.extend(change.keys),
                None => grouped.push(change),
            }
        }
        grouped
    }
}

/// Matches the boundaries of two editions per subject and sensitivity: equal ones are unchanged,
/// the same transition at another count has moved (paired in count order when a transition
/// occurs more than once), and the rest were added or removed.
pub fn diff_boundaries(old: &[Boundary], new: &[Boundary]) -> MapDiff {
    let mut diff = MapDiff::default();
    let mut new_left: Vec<Option<&Boundary>> = new.iter().map(Some).collect();
    let mut old_left = Vec::new();
    for boundary in old {
        let exact = new_left
            .iter_mut()
            .find(|slot| slot.is_some_and(|b| b.same_transition(boundary) && b.at == boundary.at));
        match exact {
            Some(slot) => {
                *slot = None;
                diff.unchanged += 1;
            }
            None => old_left.push(boundary),
        }
    }
    for boundary in old_left {
        let mut candidates: Vec<&mut Option<&Boundary>> = new_left
            .iter_mut()
            .filter(|slot| slot.is_some_and(|b| b.same_transition(boundary)))
            .collect();
        candidates.sort_by_key(|slot| slot.map(|b| b.at));
        match candidates.into_iter().next() {
            Some(slot) => {
                let new_at = slot.expect("filtered on Some").at;
                *slot = None;
                diff.moved.push(Moved {
                    old: boundary.clone(),
                    new_at,
                });
            }
            None => diff.removed.push(boundary.clone()),
        }
    }
    diff.added = new_left.into_iter().flatten().cloned().collect();
    diff
}

/// What an edition decides for one export of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    /// The edition does not cover the handler's sector.
    NotCovered,
    Decided {
        decision: Decision,
        basis: String,
    },
}

impl Side {
    /// Covered alike and decided by the same route and rule. The basis text is not compared: a
    /// new edition names itself in it, which is no change of outcome.
    fn same_decision(&self, other: &Side) -> bool {
        match (self, other) {
            (Side::NotCovered, Side::NotCovered) => true,
            (Side::Decided { decision: a, .. }, Side::Decided { decision: b, .. }) => a.same(b),
            _ => false,
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Side::NotCovered => json!({ "covered": false }),
            Side::Decided { decision, basis } => json!({
                "covered": true,
                "route": decision.route,
                "rule": decision.rule,
                "list_item": decision.list_item,
                "basis": basis,
            }),
        }
    }

    fn words(&self) -> String {
        match self {
            Side::NotCovered => "not covered (the handler's sector is outside this edition)".into(),
            Side::Decided { decision, basis } => {
                format!("{} by {} ({basis})", decision.route, decision.words())
            }
        }
    }
}

/// An export of a case that the two editions decide differently.
#[derive(Debug, Clone)]
pub struct CaseChange {
    pub file: PathBuf,
    pub description: String,
    pub export: String,
    pub old: Side,
    pub new: Side,
}

impl CaseChange {
    fn to_json(&self) -> Value {
        json!({
            "case": file_name(&self.file),
            "file": self.file,
            "description": self.description,
            "export": self.export,
            "old": self.old.to_json(),
            "new": self.new.to_json(),
        })
    }
}

fn file_name(file: &Path) -> String {
    file.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.display().to_string())
}

/// The edition's decision for every export of a case, evaluated with the edition as the only
/// deciding pack (whatever its in-force dates: the question is what this text would decide).
pub fn sides(pack: &dyn RulePack, case: &LoadedCase) -> Result<Vec<Side>, String> {
    let description = pack.description();
    let case = &case.counted_for(description);
    let profile = &case.profile;
    if !description.covers_sector(&profile.handler.sector) {
        return Ok(vec![Side::NotCovered; profile.exports.len()]);
    }
    let response = pack
        .evaluate(&profile.request())
        .map_err(|e| format!("{}: {e}", case.file.display()))?;
    if response.exports.len() != profile.exports.len() {
        return Err(format!(
            "{}: {} outcomes for {} exports",
            case.file.display(),
            response.exports.len(),
            profile.exports.len()
        ));
    }
    response
        .exports
        .iter()
        .map(|outcome| {
            let decision = decision_of(description, outcome)
                .map_err(|m| format!("{}: export `{}`: {m}", case.file.display(), outcome.id))?;
            let basis = description
                .rule(&decision.rule)
                .map(|r| r.basis.clone())
                .unwrap_or_default();
            Ok(Side::Decided { decision, basis })
        })
        .collect()
}

/// Every export of every case whose decision differs between the editions.
pub fn diff_cases(
    old: &dyn RulePack,
    new: &dyn RulePack,
    cases: &[LoadedCase],
) -> Result<Vec<CaseChange>, String> {
    let mut changes = Vec::new();
    for case in cases {
        let before = sides(old, case)?;
        let after = sides(new, case)?;
        for ((export, old_side), new_side) in case.profile.exports.iter().zip(before).zip(after) {
            if !old_side.same_decision(&new_side) {
                changes.push(CaseChange {
                    file: case.file.clone(),
                    description: case.description.clone(),
                    export: export.id.clone(),
                    old: old_side,
                    new: new_side,
                });
            }
        }
    }
    Ok(changes)
}

/// Resolves PACK arguments, reading the pack directories only when some argument is an id.
pub fn resolve_packs(cx: &Context, args: &[&str]) -> Result<Vec<LoadedPack>, Failure> {
    let set = if args.iter().all(|arg| is_pack_file(Path::new(arg))) {
        PackSet::default()
    } else {
        cx.load_packs()?
    };
    args.iter().map(|arg| cx.resolve_pack(&set, arg)).collect()
}

fn edition_json(pack: &LoadedPack) -> Value {
    let d = &pack.description;
    json!({
        "id": d.id,
        "edition": d.edition,
        "effective_from": d.effective_from,
        "effective_until": d.effective_until,
        "file": pack.file,
    })
}

fn edition_words(pack: &LoadedPack) -> String {
    let d = &pack.description;
    format!(
        "{} (edition {}, in force from {})",
        d.id, d.edition, d.effective_from
    )
}

pub fn command(cx: &Context, args: &PackDiffArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let packs = resolve_packs(cx, &[&args.old, &args.new])?;
    let (old, new) = (&packs[0], &packs[1]);
    let cases_dir = args.cases.clone().or_else(|| {
        find_cases_dir(&old.description.id).or_else(|| find_cases_dir(&new.description.id))
    });
    if cases_dir.is_none() && !args.sweep {
        return Err(Failure::Usage(format!(
            "no cases to compare on: looked for packs/{}/cases and packs/{}/cases here and in parent directories; pass --cases DIR or --sweep",
            old.description.id, new.description.id
        )));
    }
    let (cases, changes) = match &cases_dir {
        Some(dir) => {
            let cases = load_cases(dir)?;
            let changes = diff_cases(old, new, &cases).map_err(Failure::Pack)?;
            (cases.len(), changes)
        }
        None => (0, Vec::new()),
    };
    let maps = if args.sweep {
        let map = |pack: &LoadedPack| {
            threshold_map(pack)
                .map_err(|e| Failure::Pack(format!("{}: sweep failed: {e}", pack.description.id)))
        };
        Some((map(old)?, map(new)?))
    } else {
        None
    };
    let diff = maps.as_ref().map(|(a, b)| {
        let old: Vec<Boundary> = a.boundaries().cloned().collect();
        let new: Vec<Boundary> = b.boundaries().cloned().collect();
        diff_boundaries(&old, &new)
    });

    match args.format {
        ListFormat::Json => {
            let sweep = match (&maps, &diff) {
                (Some((a, b)), Some(diff)) => {
                    let changes = diff.changes();
                    let count = |kind| changes.iter().filter(|c| c.kind == kind).count();
                    json!({
                        "old": a.boundaries().map(Boundary::to_json).collect::<Vec<_>>(),
                        "new": b.boundaries().map(Boundary::to_json).collect::<Vec<_>>(),
                        "changes": changes.iter().map(Change::to_json).collect::<Vec<_>>(),
                        "moved": count(ChangeKind::Moved),
                        "added": count(ChangeKind::Added),
                        "removed": count(ChangeKind::Removed),
                        "unchanged": diff.unchanged,
                        "probes": { "old": a.probes(), "new": b.probes() },
                    })
                }
                _ => Value::Null,
            };
            let document = json!({
                "old": edition_json(old),
                "new": edition_json(new),
                "cases_dir": cases_dir,
                "cases_compared": cases,
                "cases": changes.iter().map(CaseChange::to_json).collect::<Vec<_>>(),
                "sweep": sweep,
            });
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&document).expect("json values serialize")
            )?;
        }
        ListFormat::Table => {
            writeln!(out, "old: {}", edition_words(old))?;
            writeln!(out, "new: {}", edition_words(new))?;
            writeln!(out)?;
            match &cases_dir {
                Some(dir) => {
                    writeln!(
                        out,
                        "Golden cases ({cases} in {}): {} export decision(s) differ",
                        dir.display(),
                        changes.len()
                    )?;
                    for change in &changes {
                        writeln!(
                            out,
                            "  {}, export `{}`: {}",
                            file_name(&change.file),
                            change.export,
                            change.description
                        )?;
                        writeln!(out, "      old: {}", change.old.words())?;
                        writeln!(out, "      new: {}", change.new.words())?;
                    }
                }
                None => writeln!(out, "Golden cases: none found; pass --cases DIR")?,
            }
            if let (Some((a, b)), Some(diff)) = (&maps, &diff) {
                writeln!(out)?;
                writeln!(
                    out,
                    "Thresholds found by probing ({} probes of the old edition, {} of the new):",
                    a.probes(),
                    b.probes()
                )?;
                let changes = diff.changes();
                for change in &changes {
                    writeln!(out, "  {}", change.words())?;
                }
                let count = |kind| changes.iter().filter(|c| c.kind == kind).count();
                writeln!(
                    out,
                    "  {} moved, {} added, {} removed; {} boundaries unchanged",
                    count(ChangeKind::Moved),
                    count(ChangeKind::Added),
                    count(ChangeKind::Removed),
                    diff.unchanged
                )?;
            }
        }
    }
    Ok(())
}

/// A pack defined by bands over one export's counted persons, for tests of the sweep and the
/// checks without any real law.
#[cfg(test)]
pub(crate) mod test_pack {
    use crate::core::pack::{PackFault, RulePack};
    use ftzroute_plugin_api::*;
    use std::cell::Cell;

    pub struct Bands {
        pub description: Description,
        /// (first count of the band, rule id), ascending from 0.
        pub bands: Vec<(u64, &'static str)>,
        /// Report the bands as a ladder.
        pub ladder: bool,
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
                calls: Cell::new(0),
            }
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

    fn decision(rule: &str) -> Decision {
        let route = match rule {
            "off" => Exempt,
            "item-2" => StandardContractOrCertification,
            _ => SecurityAssessment,
        };
        Decision {
            route,
            rule: rule.into(),
            list_item: None,
        }
    }

    fn boundary(subject: Subject, at: u64, from: &str, to: &str) -> Boundary {
        Boundary {
            key: SweepKey {
                subject,
                sensitive: false,
                scenario: None,
            },
            at,
            from: decision(from),
            to: decision(to),
        }
    }

    #[test]
    fn diff_matches_moved_added_and_removed_per_subject() {
        use Subject::{Patient, TrialSubject};
        let old = [
            boundary(TrialSubject, 10_000, "off", "item-2"),
            boundary(TrialSubject, 50_000, "item-2", "item-1"),
            boundary(Patient, 10_000, "off", "item-2"),
            boundary(Patient, 100_000, "item-2", "item-1"),
        ];
        let new = [
            boundary(TrialSubject, 5_000, "off", "item-2"),
            boundary(TrialSubject, 50_000, "item-2", "item-1"),
            boundary(TrialSubject, 500_000, "item-1", "item-9"),
            // The same transition under another subject is not a move of the patient's.
            boundary(Patient, 10_000, "off", "item-2"),
        ];
        let diff = diff_boundaries(&old, &new);
        assert_eq!(diff.unchanged, 2);
        assert_eq!(
            diff.moved,
            [Moved {
                old: old[0].clone(),
                new_at: 5_000
            }]
        );
        assert_eq!(diff.added, [new[2].clone()]);
        assert_eq!(diff.removed, [old[3].clone()]);
    }

    #[test]
    fn a_transition_occurring_twice_pairs_in_count_order() {
        use Subject::Other;
        let old = [
            boundary(Other, 100, "off", "item-2"),
            boundary(Other, 300, "off", "item-2"),
        ];
        let new = [boundary(Other, 200, "off", "item-2")];
        let diff = diff_boundaries(&old, &new);
        assert_eq!(diff.moved.len(), 1);
        assert_eq!((diff.moved[0].old.at, diff.moved[0].new_at), (100, 200));
        assert_eq!(diff.removed, [old[1].clone()]);
        assert!(diff.added.is_empty());
    }

    #[test]
    fn a_rule_whose_route_changed_is_not_the_same_transition() {
        use Subject::Other;
        let old = [boundary(Other, 100, "off", "item-2")];
        let mut changed = boundary(Other, 100, "off", "item-2");
        changed.to.route = SecurityAssessment;
        let diff = diff_boundaries(&old, &[changed.clone()]);
        assert_eq!(diff.unchanged, 0);
        assert_eq!(diff.added, [changed]);
        assert_eq!(diff.removed, old);
    }

    #[test]
    fn boundaries_read_in_words() {
        let mut b = boundary(Subject::Patient, 150_000, "item-2", "item-1");
        b.to.list_item = Some(8);
        // Rules are named by their ids, whatever list item they carry.
        assert_eq!(
            b.transition_words(),
            "item-2 (standard-contract-or-certification) -> item-1 (security-assessment)"
        );
        assert_eq!(b.key.label(), "patient / non-sensitive");
        assert_eq!(b.to_json()["to"]["rule"], "item-1");
        assert_eq!(b.to_json()["at"], 150_000);
    }
}
