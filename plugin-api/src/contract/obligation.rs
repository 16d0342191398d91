//! Duties that come with a route (contract minor 1.1, additive): what the handler must do, on
//! what legal basis, how sure the pack's author is of it, and how its deadline is counted.
//!
//! A pack declares its duties in [`Description::obligations`](super::model::Description) and, when a
//! deadline counts working days, the official working-day calendar in
//! [`Description::calendar`](super::model::Description). Dates stay with the host: the profile gives
//! them, the host counts. Nothing here is sent to packs, so a 1.0 pack needs no change.

use super::terms::{Citation, Confidence, DataKind, Route};
use serde::{Deserialize, Serialize};

/// One duty a pack attaches to its decisions.
///
/// It applies to an export when every condition it states holds: the export's route is one of
/// `routes`, its kind one of `kinds`, the deciding rule one of `rules`, the handler's CIIO flag
/// equals `ciio`, and `effective_from` is on or before the profile's `as_of`. An empty list or an
/// absent value is no condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Obligation {
    /// Unique within the pack, e.g. `scc-filing`. A pack that reaches further (see
    /// [`ObligationReach::Zone`]) is overridden by the deciding pack's duty of the same id.
    pub id: String,
    /// The duty in Chinese.
    pub duty_zh: String,
    /// The duty in English (unofficial unless the basis says otherwise).
    pub duty_en: String,
    /// The legal basis: the instrument and article, in both languages.
    pub basis: Citation,
    /// How well the author knows the duty and its deadline.
    pub confidence: Confidence,
    /// Where the reading comes from when it is not the cited text alone (guidance, a Q&A, a
    /// secondary source), so a reviewer can check it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Routes it applies to; empty: every route.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<Route>,
    /// Kinds of data it applies to; empty: every kind.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<DataKind>,
    /// Ids of the pack's rules that carry it (it applies only when one of them decides); empty:
    /// any rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
    /// Only for a critical information infrastructure operator (`true`), or only for others
    /// (`false`); absent: both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ciio: Option<bool>,
    /// First day the duty exists, `YYYY-MM-DD`, when later than the pack's own entry into force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_from: Option<String>,
    /// Which exports it reaches: those this pack decides (default), or every export of a zone
    /// the pack belongs to, whichever pack decides (national law that holds inside a list zone).
    #[serde(default, skip_serializing_if = "ObligationReach::is_deciding")]
    pub reach: ObligationReach,
    /// The last day to act (or, for a validity, the last day it runs); absent when the text sets
    /// no period ("promptly", a standing duty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Deadline>,
    /// The first day the act may be done, when the text opens a window (an extension applied for
    /// "within 60 working days before expiry").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens: Option<Deadline>,
    /// The duty counts as done once the profile gives this date (filing the assessment is done
    /// once it is approved). Must be a profile date: `contract-effective`,
    /// `self-assessment-done`, `assessment-approved` or `certificate-issued`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_when: Option<DateAnchor>,
}

/// How far a duty reaches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObligationReach {
    /// Exports this pack decides.
    #[default]
    Deciding,
    /// Every export of a zone that lists this pack (and where it is in force and covers the
    /// handler's sector), whichever pack decides.
    Zone,
}

impl ObligationReach {
    pub fn is_deciding(&self) -> bool {
        *self == ObligationReach::Deciding
    }
}

/// How a deadline is counted: `amount` `unit`s `direction` the date `from`.
///
/// The host counts as the Civil Code says (Arts 200–204): the first day is not counted; a period
/// in months or years ends on the corresponding day of the last month, or on that month's last
/// day when it has none; and a period for an act whose last day is a rest day (a weekend day
/// not made a working day, or a holiday) ends on the next working day. Working days follow the
/// calendar of the zone's packs; a year without one is counted on weekdays, with a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    pub from: DateAnchor,
    /// 0: the `from` date itself ("before the transfer").
    pub amount: u32,
    pub unit: PeriodUnit,
    #[serde(default, skip_serializing_if = "PeriodDirection::is_after")]
    pub direction: PeriodDirection,
    /// The period is a validity, not a time for an act: its last day stays where it falls, even
    /// on a rest day (a certificate or assessment valid 3 years is not read as lasting longer).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub validity: bool,
}

/// The date a period runs from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateAnchor {
    /// `[export.dates] contract_effective`: the standard contract took effect.
    ContractEffective,
    /// `[export.dates] self_assessment_done`: the export risk self-assessment was completed.
    SelfAssessmentDone,
    /// `[export.dates] assessment_approved`: the security-assessment result was issued.
    AssessmentApproved,
    /// `[export.dates] certificate_issued`: the certification body issued the certificate.
    CertificateIssued,
    /// The export itself: the profile's `as_of`, the date of the planned export.
    Transfer,
    /// An incident. No profile gives one: the duty waits for the event.
    Incident,
    /// The last day of another duty of the same pack (`{"duty": "sa-validity"}`): an extension
    /// counted back from an expiry.
    Duty(String),
}

impl DateAnchor {
    /// The four dates a profile can give per export, with their profile keys.
    pub const PROFILE_DATES: [(DateAnchor, &'static str); 4] = [
        (DateAnchor::ContractEffective, "contract_effective"),
        (DateAnchor::SelfAssessmentDone, "self_assessment_done"),
        (DateAnchor::AssessmentApproved, "assessment_approved"),
        (DateAnchor::CertificateIssued, "certificate_issued"),
    ];

    /// The profile key of a profile date (`contract_effective`, ...), else None.
    pub fn profile_key(&self) -> Option<&'static str> {
        DateAnchor::PROFILE_DATES
            .iter()
            .find(|(anchor, _)| anchor == self)
            .map(|(_, key)| *key)
    }
}

/// The unit of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PeriodUnit {
    CalendarDays,
    /// Days that are working days under the State Council's calendar (weekdays that are not
    /// holidays, and weekend days made working days).
    WorkingDays,
    Months,
    Years,
    /// Hours from an event: no date can be computed from a profile, the duty waits for it.
    Hours,
}

/// Whether the period runs after its `from` date or before it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PeriodDirection {
    #[default]
    After,
    Before,
}

impl PeriodDirection {
    pub fn is_after(&self) -> bool {
        *self == PeriodDirection::After
    }
}

/// One year of the official working-day calendar: the holidays and the weekend days made working
/// days, as the State Council's notice for that year sets them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarYear {
    pub year: i32,
    /// Each holiday period of the notice, every day from `from` to `to` (inclusive) a rest day.
    pub holidays: Vec<Holiday>,
    /// Weekend days made working days (调休上班), `YYYY-MM-DD`.
    #[serde(default)]
    pub working_days: Vec<String>,
    /// The notice: title, number, date.
    pub source: String,
}

/// One holiday period of a calendar year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    /// e.g. `春节 Spring Festival`.
    pub name: String,
    /// First day off, `YYYY-MM-DD`.
    pub from: String,
    /// Last day off, `YYYY-MM-DD`.
    pub to: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_read_as_words_or_a_duty_reference() {
        let anchors: Vec<DateAnchor> = serde_json::from_str(
            r#"["contract-effective","transfer","incident",{"duty":"sa-validity"}]"#,
        )
        .unwrap();
        assert_eq!(
            anchors,
            vec![
                DateAnchor::ContractEffective,
                DateAnchor::Transfer,
                DateAnchor::Incident,
                DateAnchor::Duty("sa-validity".into())
            ]
        );
        assert_eq!(
            serde_json::to_string(&DateAnchor::Duty("x".into())).unwrap(),
            r#"{"duty":"x"}"#
        );
    }

    #[test]
    fn a_minimal_obligation_reads_with_defaults_and_writes_back_the_same() {
        let json = r#"{"id":"d","duty_zh":"报告","duty_en":"report","basis":{"zh":"条","en":"Art."},
            "confidence":"secondary","deadline":{"from":"transfer","amount":15,"unit":"working-days"}}"#;
        let duty: Obligation = serde_json::from_str(json).unwrap();
        assert_eq!(duty.reach, ObligationReach::Deciding);
        assert!(duty.routes.is_empty() && duty.rules.is_empty() && duty.ciio.is_none());
        let deadline = duty.deadline.as_ref().unwrap();
        assert_eq!(deadline.direction, PeriodDirection::After);
        assert!(!deadline.validity);
        let written = serde_json::to_string(&duty).unwrap();
        assert!(!written.contains("reach") && !written.contains("direction"));
        assert_eq!(serde_json::from_str::<Obligation>(&written).unwrap(), duty);
    }

    #[test]
    fn unknown_fields_and_codes_are_refused() {
        let json = r#"{"id":"d","duty_zh":"z","duty_en":"e","basis":{"zh":"z","en":"e"},"confidence":"S3"}"#;
        assert!(serde_json::from_str::<Obligation>(json).is_err());
        let json = r#"{"id":"d","duty_zh":"z","duty_en":"e","basis":{"zh":"z","en":"e"},"confidence":"verbatim-copy","due":1}"#;
        let error = serde_json::from_str::<Obligation>(json).unwrap_err();
        assert!(error.to_string().contains("due"), "{error}");
    }
}
