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

use crate::model::{CbdfBasis, CountGroup, EvaluateRequest, Export};

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
        Group::new(format!("alone:{}", export.id), vec![export])
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

    /// Ids of the members other than `export`, for [`Count::with`](crate::model::Count::with).
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
    use crate::model::*;
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
    fn all_exempt_names_the_bases_only_when_nothing_is_counted() {
        let mut staff = export("staff", 120_000, 120_000);
        assert_eq!(all_exempt_under(&staff), None, "bases unknown");
        staff.exempt_bases = vec![CbdfBasis::Art5_1_2];
        assert_eq!(all_exempt_under(&staff), Some(&[CbdfBasis::Art5_1_2][..]));
        staff.exempt_persons = 119_999;
        assert_eq!(all_exempt_under(&staff), None, "one person is counted");
        assert_eq!(bases_in_words(&[CbdfBasis::Art4]), "CBDF Provisions Art. 4");
        assert_eq!(
            bases_in_words(&[CbdfBasis::Art3, CbdfBasis::Art4, CbdfBasis::Art5_1_2]),
            "CBDF Provisions Arts 3, 4 and 5(1)(ii)"
        );
    }
}
