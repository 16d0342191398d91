//! Declaring duties and a working-day calendar as `const` tables (Rust SDK).
//!
//! ```
//! use ftzroute_plugin_api::duties::{after, obligations, Anchor, DutyRow};
//! use ftzroute_plugin_api::{Confidence, PeriodUnit, Route};
//!
//! const DUTIES: &[DutyRow] = &[DutyRow {
//!     id: "report-after-transfer",
//!     duty_zh: "数据出境后15个工作日内向数据出境服务中心报告",
//!     duty_en: "Report the export to the data-export service centre within 15 working days after it",
//!     basis_zh: "《……数据出境负面清单管理办法》第十条",
//!     basis_en: "... Negative List Measures, Art. 10",
//!     confidence: Confidence::Secondary,
//!     routes: &[Route::SecurityAssessment, Route::StandardContractOrCertification, Route::Exempt],
//!     deadline: Some(after(15, PeriodUnit::WorkingDays, Anchor::Transfer)),
//!     ..DutyRow::BLANK
//! }];
//!
//! let declared = obligations(DUTIES);
//! assert_eq!(declared[0].id, "report-after-transfer");
//! ```

use crate::contract::{
    CalendarYear, DateAnchor, Deadline, Holiday, Obligation, ObligationReach, PeriodDirection,
    PeriodUnit,
};
use crate::contract::{Citation, Confidence, DataKind, Route};

/// One duty as a row of a `const` table. Start from [`DutyRow::BLANK`] and set what applies;
/// [`obligations`] turns the table into the description's [`Obligation`]s.
#[derive(Debug, Clone, Copy)]
pub struct DutyRow {
    pub id: &'static str,
    pub duty_zh: &'static str,
    pub duty_en: &'static str,
    pub basis_zh: &'static str,
    pub basis_en: &'static str,
    /// True only when `basis_en` is an official translation.
    pub basis_en_official: bool,
    pub confidence: Confidence,
    pub source: Option<&'static str>,
    pub routes: &'static [Route],
    pub kinds: &'static [DataKind],
    pub rules: &'static [&'static str],
    pub ciio: Option<bool>,
    pub effective_from: Option<&'static str>,
    pub reach: ObligationReach,
    pub deadline: Option<Period>,
    pub opens: Option<Period>,
    pub done_when: Option<Anchor>,
}

impl DutyRow {
    /// Every field empty: no condition, no deadline, reach `deciding`, confidence `INF` (say
    /// better when you know better).
    pub const BLANK: DutyRow = DutyRow {
        id: "",
        duty_zh: "",
        duty_en: "",
        basis_zh: "",
        basis_en: "",
        basis_en_official: false,
        confidence: Confidence::Inference,
        source: None,
        routes: &[],
        kinds: &[],
        rules: &[],
        ciio: None,
        effective_from: None,
        reach: ObligationReach::Deciding,
        deadline: None,
        opens: None,
        done_when: None,
    };

    pub fn obligation(&self) -> Obligation {
        Obligation {
            id: self.id.into(),
            duty_zh: self.duty_zh.into(),
            duty_en: self.duty_en.into(),
            basis: Citation {
                zh: self.basis_zh.into(),
                en: self.basis_en.into(),
                en_official: self.basis_en_official,
            },
            confidence: self.confidence,
            source: self.source.map(String::from),
            routes: self.routes.to_vec(),
            kinds: self.kinds.to_vec(),
            rules: self.rules.iter().map(|r| r.to_string()).collect(),
            ciio: self.ciio,
            effective_from: self.effective_from.map(String::from),
            reach: self.reach,
            deadline: self.deadline.map(Period::deadline),
            opens: self.opens.map(Period::deadline),
            done_when: self.done_when.map(Anchor::date_anchor),
        }
    }
}

/// The table's duties, in table order.
pub fn obligations(table: &[DutyRow]) -> Vec<Obligation> {
    table.iter().map(DutyRow::obligation).collect()
}

/// [`DateAnchor`] for `const` tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    ContractEffective,
    SelfAssessmentDone,
    AssessmentApproved,
    CertificateIssued,
    Transfer,
    Incident,
    /// The last day of another duty of the same table, by id.
    Duty(&'static str),
}

impl Anchor {
    pub fn date_anchor(self) -> DateAnchor {
        match self {
            Anchor::ContractEffective => DateAnchor::ContractEffective,
            Anchor::SelfAssessmentDone => DateAnchor::SelfAssessmentDone,
            Anchor::AssessmentApproved => DateAnchor::AssessmentApproved,
            Anchor::CertificateIssued => DateAnchor::CertificateIssued,
            Anchor::Transfer => DateAnchor::Transfer,
            Anchor::Incident => DateAnchor::Incident,
            Anchor::Duty(id) => DateAnchor::Duty(id.into()),
        }
    }
}

/// [`Deadline`] for `const` tables; build one with [`after`] or [`before`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Anchor,
    pub amount: u32,
    pub unit: PeriodUnit,
    pub direction: PeriodDirection,
    pub validity: bool,
}

impl Period {
    /// The same period read as a validity: its last day stays on a rest day.
    pub const fn validity(self) -> Period {
        Period {
            validity: true,
            ..self
        }
    }

    pub fn deadline(self) -> Deadline {
        Deadline {
            from: self.from.date_anchor(),
            amount: self.amount,
            unit: self.unit,
            direction: self.direction,
            validity: self.validity,
        }
    }
}

/// `amount` `unit`s after `from` ("within 10 working days of the contract taking effect").
pub const fn after(amount: u32, unit: PeriodUnit, from: Anchor) -> Period {
    Period {
        from,
        amount,
        unit,
        direction: PeriodDirection::After,
        validity: false,
    }
}

/// `amount` `unit`s before `from` ("60 working days before expiry"; 0: by that day).
pub const fn before(amount: u32, unit: PeriodUnit, from: Anchor) -> Period {
    Period {
        from,
        amount,
        unit,
        direction: PeriodDirection::Before,
        validity: false,
    }
}

/// One year of a State Council holiday notice as a `const` row: `(name, first day, last day)`
/// per holiday period, the weekend days made working days, and the notice.
#[derive(Debug, Clone, Copy)]
pub struct CalendarRow {
    pub year: i32,
    pub holidays: &'static [(&'static str, &'static str, &'static str)],
    pub working_days: &'static [&'static str],
    pub source: &'static str,
}

/// The table's years, in table order.
pub fn calendar(table: &[CalendarRow]) -> Vec<CalendarYear> {
    table
        .iter()
        .map(|row| CalendarYear {
            year: row.year,
            holidays: row
                .holidays
                .iter()
                .map(|(name, from, to)| Holiday {
                    name: name.to_string(),
                    from: from.to_string(),
                    to: to.to_string(),
                })
                .collect(),
            working_days: row.working_days.iter().map(|d| d.to_string()).collect(),
            source: row.source.into(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_becomes_the_obligation_it_describes() {
        const ROW: DutyRow = DutyRow {
            id: "sa-extension",
            duty_zh: "申请延长",
            duty_en: "apply for an extension",
            basis_zh: "第九条",
            basis_en: "Art. 9",
            confidence: Confidence::VerbatimCopy,
            routes: &[Route::SecurityAssessment],
            reach: ObligationReach::Zone,
            deadline: Some(before(
                0,
                PeriodUnit::CalendarDays,
                Anchor::Duty("sa-validity"),
            )),
            opens: Some(before(
                60,
                PeriodUnit::WorkingDays,
                Anchor::Duty("sa-validity"),
            )),
            done_when: Some(Anchor::AssessmentApproved),
            ..DutyRow::BLANK
        };
        let duty = ROW.obligation();
        assert_eq!(duty.routes, vec![Route::SecurityAssessment]);
        assert_eq!(duty.reach, ObligationReach::Zone);
        let opens = duty.opens.unwrap();
        assert_eq!(opens.from, DateAnchor::Duty("sa-validity".into()));
        assert_eq!((opens.amount, opens.unit), (60, PeriodUnit::WorkingDays));
        assert_eq!(opens.direction, PeriodDirection::Before);
        assert_eq!(duty.done_when, Some(DateAnchor::AssessmentApproved));
        assert!(!duty.basis.en_official);
        let validity = after(3, PeriodUnit::Years, Anchor::AssessmentApproved).validity();
        assert!(validity.deadline().validity);
    }

    #[test]
    fn a_calendar_row_lists_its_holiday_periods() {
        const ROWS: &[CalendarRow] = &[CalendarRow {
            year: 2025,
            holidays: &[("春节 Spring Festival", "2025-01-28", "2025-02-04")],
            working_days: &["2025-01-26", "2025-02-08"],
            source: "notice",
        }];
        let years = calendar(ROWS);
        assert_eq!(years[0].holidays[0].to, "2025-02-04");
        assert_eq!(years[0].working_days.len(), 2);
    }
}
