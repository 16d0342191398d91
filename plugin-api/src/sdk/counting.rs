//! Counting groups, for pack authors (contract 1.2).
//!
//! The law counts natural persons once, after de-duplication, per group of exports it counts
//! together: a list counts per scenario (one Tier 1 / Tier 2 item pair), the national Provisions
//! per handler with sensitive and non-sensitive information apart. A profile that states
//! `persons` per export cannot say how many persons two exports share, so a pack adds the exports'
//! counted persons up, which counts a shared person twice. When the profile keeps a transfer
//! ledger, the host can count every group exactly, provided the pack says which exports form it.
//!
//! A pack does both with a [`Group`]:
//!
//! ```
//! use ftzroute_plugin_api::counting::Group;
//! use ftzroute_plugin_api::{Count, EvaluateRequest, Export};
//!
//! fn count_of(request: &EvaluateRequest, export: &Export, same_scenario: Vec<&Export>) -> Count {
//!     let group = Group::new("scenario:patient", same_scenario).scenario();
//!     Count {
//!         scenario: "patients (items 8 / 15)".into(),
//!         // the ledger's exact count when the host sent one, else the members summed
//!         total: group.total(request),
//!         with: group.others(export),
//!         // tells the host which exports to count together next time
//!         group: Some(group.declaration()),
//!     }
//! }
//! ```
//!
//! The host asks once, reads the declared groups, counts them in the ledger and asks again with
//! [`EvaluateRequest::group_counts`]. A group key must be stable for the same grouping (it is how
//! the count comes back) and the members must be the same in every outcome naming the key.

use crate::contract::{CbdfBasis, Count, CountGroup, EvaluateRequest, Export};
use std::collections::HashMap;

/// Up to this many members a group's outcome lists them itself ([`Count::with`] and
/// [`CountGroup::exports`]); past it the members are listed once, in
/// [`EvaluateResponse::groups`](crate::contract::EvaluateResponse::groups) (contract 1.5), so an
/// answer stays linear in the exports however large one group grows.
pub const LISTED_MEMBERS: usize = 12;

/// Up to this many other exports a note names; past it the rest are counted ("and 9,990 other
/// exports").
pub const NAMED_IN_NOTES: usize = 5;

/// Every counting group of one request, built once: a pack that looks its groups up here stays
/// linear in the exports (building a [`Group`] per export is quadratic), and answers headroom
/// probes (contract 1.5) without adding anything up again, since the persons of an export's
/// other members do not change when the export's own persons do.
#[derive(Debug)]
pub struct Tally<'a> {
    request: &'a EvaluateRequest,
    groups: HashMap<String, Members>,
    /// Keys in the order first added, for [`Tally::declarations`].
    order: Vec<String>,
}

#[derive(Debug, Default)]
struct Members {
    indices: Vec<usize>,
    sum: u64,
    scenario: bool,
    /// Members with counted persons.
    counted: usize,
    /// The first members, and the first with counted persons: enough to name in a note
    /// beside any one of them.
    first: Vec<usize>,
    first_counted: Vec<usize>,
}

impl<'a> Tally<'a> {
    pub fn new(request: &'a EvaluateRequest) -> Tally<'a> {
        Tally {
            request,
            groups: HashMap::new(),
            order: Vec::new(),
        }
    }

    /// Puts export `index` of the request into group `key` (a scenario group when `scenario`).
    /// Add each member once, in request order.
    pub fn add(&mut self, key: &str, index: usize, scenario: bool) {
        let own = self.own(index);
        let members = match self.groups.get_mut(key) {
            Some(members) => members,
            None => {
                self.order.push(key.to_string());
                self.groups.entry(key.to_string()).or_default()
            }
        };
        members.indices.push(index);
        members.sum = members.sum.saturating_add(own);
        members.scenario |= scenario;
        if members.first.len() <= NAMED_IN_NOTES {
            members.first.push(index);
        }
        if own > 0 {
            members.counted += 1;
            if members.first_counted.len() <= NAMED_IN_NOTES {
                members.first_counted.push(index);
            }
        }
    }

    fn own(&self, index: usize) -> u64 {
        self.request.exports[index].counted_persons().unwrap_or(0)
    }

    /// True when the host sent an exact count for group `key`.
    pub fn is_exact(&self, key: &str) -> bool {
        self.request.group_counts.contains_key(key)
    }

    /// The number compared with the thresholds: the host's exact count when it sent one, else
    /// the members' counted persons added up.
    pub fn total(&self, key: &str) -> u64 {
        match self.request.group_counts.get(key) {
            Some(exact) => *exact,
            None => self.groups.get(key).map_or(0, |members| members.sum),
        }
    }

    /// The persons of group `key` beside export `index`'s own: the same whatever that export's
    /// own persons are, which is what lets a probe decide it again without a new tally.
    pub fn others_total(&self, key: &str, index: usize) -> u64 {
        self.total(key).saturating_sub(self.own(index))
    }

    /// The members of `key` other than `index`, in request order.
    pub fn others(&self, key: &str, index: usize) -> impl Iterator<Item = &'a Export> + '_ {
        let request = self.request;
        self.groups
            .get(key)
            .into_iter()
            .flat_map(|members| members.indices.iter())
            .filter(move |&&member| member != index)
            .map(move |&member| &request.exports[member])
    }

    /// How many exports group `key` holds.
    pub fn size(&self, key: &str) -> usize {
        self.groups
            .get(key)
            .map_or(0, |members| members.indices.len())
    }

    /// "a, b and c", or "a, b, c, d, e and 995 other exports": the members of `key` other than
    /// `index` (with `only_counted`, only those with counted persons), for a note. Constant
    /// work per call: the first few of each kind are kept when the tally is built.
    pub fn named_others(&self, key: &str, index: usize, only_counted: bool) -> String {
        let Some(members) = self.groups.get(key) else {
            return String::new();
        };
        let (first, all) = if only_counted {
            // Members are added in request order, so the list is sorted.
            let member = members.indices.binary_search(&index).is_ok();
            let own_counted = usize::from(member && self.own(index) > 0);
            (
                &members.first_counted,
                members.counted.saturating_sub(own_counted),
            )
        } else {
            (&members.first, members.indices.len().saturating_sub(1))
        };
        let names = first
            .iter()
            .filter(|&&member| member != index)
            .map(|&member| self.request.exports[member].id.as_str());
        names_in_words(names, all)
    }

    /// The count an outcome of export `index` in group `key` carries: its members listed in it
    /// up to [`LISTED_MEMBERS`], else named by key only (see [`Self::declarations`]).
    pub fn count(&self, key: &str, index: usize, scenario: &str) -> Count {
        let listed = self.size(key) <= LISTED_MEMBERS;
        let scenario_group = self.groups.get(key).is_some_and(|m| m.scenario);
        let with = if listed {
            self.others(key, index).map(|e| e.id.clone()).collect()
        } else {
            Vec::new()
        };
        let exports = if listed {
            self.members_ids(key)
        } else {
            Vec::new()
        };
        Count {
            scenario: scenario.to_string(),
            total: self.total(key),
            with,
            group: Some(CountGroup {
                key: key.to_string(),
                exports,
                scenario: scenario_group,
            }),
        }
    }

    fn members_ids(&self, key: &str) -> Vec<String> {
        self.groups
            .get(key)
            .map(|members| {
                members
                    .indices
                    .iter()
                    .map(|&i| self.request.exports[i].id.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every group with all its members, once each, for
    /// [`EvaluateResponse::groups`](crate::contract::EvaluateResponse::groups).
    pub fn declarations(&self) -> Vec<CountGroup> {
        self.order
            .iter()
            .map(|key| CountGroup {
                key: key.clone(),
                exports: self.members_ids(key),
                scenario: self.groups[key].scenario,
            })
            .collect()
    }
}

/// "a", "a and b", "a, b and c", "a, b, c, d, e and 7 other exports": at most
/// [`NAMED_IN_NOTES`] names, the rest counted. `total` is how many there are in all.
pub fn names_in_words<'n>(names: impl Iterator<Item = &'n str>, total: usize) -> String {
    let shown: Vec<&str> = names.take(NAMED_IN_NOTES.min(total)).collect();
    let rest = total - shown.len();
    match (shown.as_slice(), rest) {
        ([], _) => String::new(),
        ([one], 0) => (*one).to_string(),
        ([init @ .., last], 0) => format!("{} and {last}", init.join(", ")),
        (shown, 1) => format!("{} and 1 other export", shown.join(", ")),
        (shown, rest) => format!("{} and {rest} other exports", shown.join(", ")),
    }
}

/// Counting-group keys (contract 1.2) of the kinds packs share. A key must stay the same for the
/// same grouping across editions: a host's ledger counts come back by key.
pub mod key {
    /// The group of one export counted on its own (a CIIO's export, a serious-harm export).
    pub fn alone(export_id: &str) -> String {
        format!("alone:{export_id}")
    }

    /// The group of a list's scenario: the exports one Tier 1 / Tier 2 item pair adds up.
    pub fn scenario(id: &str) -> String {
        format!("scenario:{id}")
    }

    /// The group of a list table's pool.
    pub fn pool(id: &str) -> String {
        format!("pool:{id}")
    }
}

/// Exports counted together, as one outcome's count declares them.
#[derive(Debug, Clone)]
pub struct Group<'a> {
    key: String,
    members: Vec<&'a Export>,
    scenario: bool,
}

impl<'a> Group<'a> {
    /// A group named `key` of `members` (the export being decided among them), in request order.
    pub fn new(key: impl Into<String>, members: Vec<&'a Export>) -> Group<'a> {
        Group {
            key: key.into(),
            members,
            scenario: false,
        }
    }

    /// One export counted alone (a CIIO's export, a serious-harm export): key `alone:<id>`.
    pub fn alone(export: &'a Export) -> Group<'a> {
        Group::new(key::alone(&export.id), vec![export])
    }

    /// Marks the group as a list scenario: the profile's `cross_scenario` setting then decides
    /// whether a person in two scenario groups counts in each.
    pub fn scenario(mut self) -> Group<'a> {
        self.scenario = true;
        self
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    /// True when the host sent an exact count for this group.
    pub fn is_exact(&self, request: &EvaluateRequest) -> bool {
        request.group_counts.contains_key(&self.key)
    }

    /// The number compared with the thresholds: the host's exact de-duplicated count for the
    /// group when it sent one, otherwise the members' counted persons added up.
    pub fn total(&self, request: &EvaluateRequest) -> u64 {
        match request.group_counts.get(&self.key) {
            Some(exact) => *exact,
            None => self.members.iter().fold(0u64, |sum, export| {
                sum.saturating_add(export.counted_persons().unwrap_or(0))
            }),
        }
    }

    /// Ids of the members other than `export`, for [`Count::with`](crate::contract::Count::with).
    pub fn others(&self, export: &Export) -> Vec<String> {
        self.members
            .iter()
            .filter(|member| member.id != export.id)
            .map(|member| member.id.clone())
            .collect()
    }

    /// What the outcome's count carries so the host can count the group exactly.
    pub fn declaration(&self) -> CountGroup {
        CountGroup {
            key: self.key.clone(),
            exports: self.members.iter().map(|m| m.id.clone()).collect(),
            scenario: self.scenario,
        }
    }
}

/// The bases an export's persons were all sent under, when none of its persons is counted and
/// the bases are known: a pack then cites that article (for example CBDF Art. 4 for
/// foreign-origin data) rather than a volume exemption.
pub fn all_exempt_under(export: &Export) -> Option<&[CbdfBasis]> {
    let all_exempt = export.persons.unwrap_or(0) > 0 && export.counted_persons() == Some(0);
    (all_exempt && !export.exempt_bases.is_empty()).then_some(export.exempt_bases.as_slice())
}

/// The rules a pack fires for an export all of whose persons were sent under one article that
/// leaves them out of the count (contract 1.2 `exempt_bases`): the outcome cites that article.
/// A pack that cites the article declares these ids among its rules.
pub mod exempt_rule {
    use crate::contract::CbdfBasis;

    pub const ART_3: &str = "exempt-art-3";
    pub const ART_4: &str = "exempt-art-4";
    pub const ART_5_1_1: &str = "exempt-art-5-1-1";
    pub const ART_5_1_2: &str = "exempt-art-5-1-2";
    pub const ART_5_1_3: &str = "exempt-art-5-1-3";
    pub const ART_6: &str = "exempt-art-6";

    /// The rule citing `basis`; `None` for Art. 5(1)(iv), whose persons are counted.
    pub fn citing(basis: CbdfBasis) -> Option<&'static str> {
        Some(match basis {
            CbdfBasis::Art3 => ART_3,
            CbdfBasis::Art4 => ART_4,
            CbdfBasis::Art5_1_1 => ART_5_1_1,
            CbdfBasis::Art5_1_2 => ART_5_1_2,
            CbdfBasis::Art5_1_3 => ART_5_1_3,
            CbdfBasis::Art6 => ART_6,
            CbdfBasis::Art5_1_4 => return None,
        })
    }

    /// What decides an export none of whose persons is counted, with its bases known.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Deciding<'e> {
        /// Every person was sent under one article: the rule citing it.
        Citing(&'static str),
        /// Under several articles: the pack's own rule for no counted persons, with a note
        /// naming them.
        Several(&'e [CbdfBasis]),
    }

    /// The article that decides `export` instead of a volume band, when none of its persons is
    /// counted and the bases are known (see [`super::all_exempt_under`]); `None` otherwise, and
    /// for the one basis whose persons are counted (Art. 5(1)(iv)).
    pub fn deciding(export: &crate::contract::Export) -> Option<Deciding<'_>> {
        match super::all_exempt_under(export)? {
            [one] => citing(*one).map(Deciding::Citing),
            several => Some(Deciding::Several(several)),
        }
    }
}

/// "CBDF Provisions Art. 4" or "CBDF Provisions Arts 4 and 5(1)(ii)": the bases in words.
pub fn bases_in_words(bases: &[CbdfBasis]) -> String {
    let articles: Vec<&str> = bases
        .iter()
        .map(|b| b.article().trim_start_matches("Art. "))
        .collect();
    match articles.as_slice() {
        [] => "CBDF Provisions".to_string(),
        [one] => format!("CBDF Provisions Art. {one}"),
        [init @ .., last] => format!("CBDF Provisions Arts {} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::*;
    use std::collections::BTreeMap;

    fn export(id: &str, persons: u64, exempt: u64) -> Export {
        Export {
            scenario: None,
            id: id.into(),
            kind: DataKind::Personal,
            subject: Some(Subject::Patient),
            sensitive: true,
            persons: Some(persons),
            exempt_persons: exempt,
            exempt_bases: vec![],
            serious_harm: false,
            name_and_contact: false,
            notified: true,
            hgr_cleared: false,
            export_controlled: false,
        }
    }

    fn request(exports: Vec<Export>, counts: &[(&str, u64)]) -> EvaluateRequest {
        EvaluateRequest {
            schema: REQUEST_SCHEMA,
            as_of: "2025-10-01".into(),
            handler: Handler {
                name: "h".into(),
                sector: "s".into(),
                ciio: false,
                persons_processed: None,
            },
            exports,
            routes_only: false,
            group_counts: counts
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect::<BTreeMap<_, _>>(),
            counted_from: None,
            probes: Vec::new(),
        }
    }

    #[test]
    fn without_an_exact_count_the_members_are_added_up() {
        let request = request(vec![export("a", 100, 10), export("b", 50, 0)], &[]);
        let group = Group::new("g", request.exports.iter().collect()).scenario();
        assert_eq!(group.total(&request), 140);
        assert!(!group.is_exact(&request));
        assert_eq!(group.others(&request.exports[0]), ["b"]);
        let declared = group.declaration();
        assert_eq!(declared.exports, ["a", "b"]);
        assert!(declared.scenario);
    }

    #[test]
    fn an_exact_count_replaces_the_sum() {
        let request = request(
            vec![export("a", 100, 10), export("b", 50, 0)],
            &[("g", 120)],
        );
        let group = Group::new("g", request.exports.iter().collect());
        assert_eq!(group.total(&request), 120);
        assert!(group.is_exact(&request));
        let alone = Group::alone(&request.exports[1]);
        assert_eq!(alone.key(), "alone:b");
        assert_eq!(alone.total(&request), 50);
    }

    #[test]
    fn a_tally_counts_each_group_once_and_its_others_do_not_move_with_the_export() {
        let exports = (0..20).map(|i| export(&format!("e{i}"), 10, 0)).collect();
        let mut request = request(exports, &[]);
        let mut tally = Tally::new(&request);
        for index in 0..20 {
            tally.add("big", index, true);
        }
        tally.add("small", 3, false);
        assert_eq!(tally.total("big"), 200);
        assert_eq!(tally.others_total("big", 3), 190);
        let count = tally.count("big", 3, "s");
        assert!(count.with.is_empty() && count.group.as_ref().unwrap().exports.is_empty());
        assert_eq!(tally.count("small", 3, "s").group.unwrap().exports, ["e3"]);
        let declared = tally.declarations();
        assert_eq!(declared.len(), 2);
        assert_eq!(declared[0].exports.len(), 20);
        assert!(declared[0].scenario && !declared[1].scenario);
        assert_eq!(
            tally.named_others("big", 0, false),
            "e1, e2, e3, e4, e5 and 14 other exports"
        );
        drop(tally);
        request.group_counts.insert("big".into(), 150);
        let tally = {
            let mut tally = Tally::new(&request);
            tally.add("big", 0, true);
            tally
        };
        assert!(tally.is_exact("big"));
        assert_eq!(tally.others_total("big", 0), 140);
    }

    #[test]
    fn shared_keys_name_their_kind_and_id() {
        assert_eq!(key::alone("staff-hr"), "alone:staff-hr");
        assert_eq!(key::scenario("trial-subject"), "scenario:trial-subject");
        assert_eq!(key::pool("returns-general"), "pool:returns-general");
    }

    #[test]
    fn names_in_words_lists_a_few_and_counts_the_rest() {
        let names = ["a", "b", "c", "d", "e", "f", "g"];
        assert_eq!(names_in_words(names[..1].iter().copied(), 1), "a");
        assert_eq!(names_in_words(names[..2].iter().copied(), 2), "a and b");
        assert_eq!(names_in_words(names[..3].iter().copied(), 3), "a, b and c");
        assert_eq!(
            names_in_words(names[..6].iter().copied(), 6),
            "a, b, c, d, e and 1 other export"
        );
        assert_eq!(
            names_in_words(names.iter().copied(), 7),
            "a, b, c, d, e and 2 other exports"
        );
    }

    #[test]
    fn an_all_exempt_export_is_decided_by_its_article_or_by_several() {
        use exempt_rule::Deciding;
        let mut staff = export("staff", 120_000, 120_000);
        assert_eq!(exempt_rule::deciding(&staff), None, "bases unknown");
        staff.exempt_bases = vec![CbdfBasis::Art5_1_2];
        assert_eq!(
            exempt_rule::deciding(&staff),
            Some(Deciding::Citing(exempt_rule::ART_5_1_2))
        );
        staff.exempt_bases = vec![CbdfBasis::Art5_1_4];
        assert_eq!(exempt_rule::deciding(&staff), None, "Art. 5(1)(iv) counts");
        staff.exempt_bases = vec![CbdfBasis::Art3, CbdfBasis::Art6];
        assert_eq!(
            exempt_rule::deciding(&staff),
            Some(Deciding::Several(&[CbdfBasis::Art3, CbdfBasis::Art6][..]))
        );
        staff.exempt_persons = 0;
        assert_eq!(exempt_rule::deciding(&staff), None, "every person counted");
    }

    #[test]
    fn all_exempt_names_the_bases_only_when_nothing_is_counted() {
        let mut staff = export("staff", 120_000, 120_000);
        assert_eq!(all_exempt_under(&staff), None, "bases unknown");
        staff.exempt_bases = vec![CbdfBasis::Art5_1_2];
        assert_eq!(all_exempt_under(&staff), Some(&[CbdfBasis::Art5_1_2][..]));
        staff.exempt_persons = 119_999;
        assert_eq!(all_exempt_under(&staff), None, "one person is counted");
        assert_eq!(exempt_rule::deciding(&staff), None, "one person is counted");
        assert_eq!(bases_in_words(&[CbdfBasis::Art4]), "CBDF Provisions Art. 4");
        assert_eq!(
            bases_in_words(&[CbdfBasis::Art3, CbdfBasis::Art4, CbdfBasis::Art5_1_2]),
            "CBDF Provisions Arts 3, 4 and 5(1)(ii)"
        );
    }
}
