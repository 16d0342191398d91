//! `ftzroute pack diff`: compares two editions on golden cases and, with `--sweep`, on the
//! thresholds found by probing each edition ([`super::sweep`]).

use super::resolve_packs;
use super::sweep::{decision_of, threshold_map, transition_words, Boundary, Decision, SweepKey};
use crate::cases::{find_cases_dir, load_cases, LoadedCase};
use crate::common::failure::{Failure, ListFormat};
use crate::context::Context;
use crate::core::pack::RulePack;
use crate::core::wording::thousands;
use crate::host::LoadedPack;
use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};

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
    let cases = match &cases_dir {
        Some(dir) => load_cases(dir)?,
        None => Vec::new(),
    };
    let map = |pack: &LoadedPack| {
        threshold_map(pack)
            .map_err(|e| Failure::Pack(format!("{}: sweep failed: {e}", pack.description.id)))
    };
    // Each edition answers from its own runner, so the cases and the two sweeps run side by
    // side; the cases come first in the report whatever finishes first.
    let (changes, maps) = std::thread::scope(|scope| {
        let sweeps = args
            .sweep
            .then(|| (scope.spawn(|| map(old)), scope.spawn(|| map(new))));
        let changes = diff_cases(old, new, &cases).map_err(Failure::Pack);
        let maps = sweeps.map(|(old_map, new_map)| {
            let joined = |handle: std::thread::ScopedJoinHandle<'_, _>| {
                handle
                    .join()
                    .unwrap_or_else(|_| Err(Failure::Pack("a threshold sweep panicked".into())))
            };
            Ok::<_, Failure>((joined(old_map)?, joined(new_map)?))
        });
        (changes, maps)
    });
    let changes = changes?;
    let maps = maps.transpose()?;
    let cases = cases.len();
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
                        "calls": { "old": a.calls(), "new": b.calls() },
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
                    "Thresholds found by probing ({} probes in {} calls of the old edition, {} in {} \
                     of the new):",
                    a.probes(),
                    a.calls(),
                    b.probes(),
                    b.calls()
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

#[cfg(test)]
mod tests {
    use super::*;
    use ftzroute_plugin_api::Route::*;
    use ftzroute_plugin_api::Subject;

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
