use super::*;
use ftzroute_plugin_api::duties::{after, before, obligations, Anchor, DutyRow};
use ftzroute_plugin_api::{CalendarYear, Citation, Confidence, Holiday, Rule, Source};
use time::macros::date;

const SA: Route = Route::SecurityAssessment;
const SCC: Route = Route::StandardContractOrCertification;

const NATIONAL: &[DutyRow] = &[
    DutyRow {
        id: "scc-filing",
        duty_zh: "备案",
        duty_en: "file the contract",
        basis_zh: "第七条",
        basis_en: "Art. 7",
        confidence: Confidence::Secondary,
        routes: &[SCC],
        reach: ObligationReach::Zone,
        deadline: Some(after(
            10,
            PeriodUnit::WorkingDays,
            Anchor::ContractEffective,
        )),
        ..DutyRow::BLANK
    },
    DutyRow {
        id: "sa-validity",
        duty_zh: "有效期",
        duty_en: "valid 3 years",
        basis_zh: "第九条",
        basis_en: "Art. 9",
        confidence: Confidence::VerbatimCopy,
        routes: &[SA],
        reach: ObligationReach::Zone,
        deadline: Some(after(3, PeriodUnit::Years, Anchor::AssessmentApproved).validity()),
        ..DutyRow::BLANK
    },
    DutyRow {
        id: "sa-extension",
        duty_zh: "延长",
        duty_en: "apply for an extension",
        basis_zh: "第九条",
        basis_en: "Art. 9",
        confidence: Confidence::VerbatimCopy,
        routes: &[SA],
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
        ..DutyRow::BLANK
    },
    DutyRow {
        id: "sa-filing",
        duty_zh: "申报",
        duty_en: "file within 3 months of the self-assessment",
        basis_zh: "指南",
        basis_en: "Guide",
        confidence: Confidence::VerbatimCopy,
        routes: &[SA],
        reach: ObligationReach::Zone,
        deadline: Some(after(3, PeriodUnit::Months, Anchor::SelfAssessmentDone)),
        done_when: Some(Anchor::AssessmentApproved),
        ..DutyRow::BLANK
    },
    DutyRow {
        id: "incident-4h",
        duty_zh: "四小时",
        duty_en: "report within 4 hours",
        basis_zh: "第四条",
        basis_en: "Art. 4",
        confidence: Confidence::PrimaryText,
        ciio: Some(false),
        effective_from: Some("2025-11-01"),
        reach: ObligationReach::Zone,
        deadline: Some(after(4, PeriodUnit::Hours, Anchor::Incident)),
        ..DutyRow::BLANK
    },
    DutyRow {
        id: "notice",
        duty_zh: "告知",
        duty_en: "inform the individuals",
        basis_zh: "第三十九条",
        basis_en: "Art. 39",
        confidence: Confidence::Secondary,
        kinds: &[DataKind::Personal],
        reach: ObligationReach::Zone,
        deadline: Some(before(0, PeriodUnit::CalendarDays, Anchor::Transfer)),
        ..DutyRow::BLANK
    },
];

const LIST: &[DutyRow] = &[
    DutyRow {
        id: "list-report",
        duty_zh: "报告",
        duty_en: "report to the zone",
        basis_zh: "第十二条",
        basis_en: "Art. 12",
        confidence: Confidence::Secondary,
        routes: &[SA, SCC, Route::Exempt],
        ..DutyRow::BLANK
    },
    DutyRow {
        // Overrides the national duty of the same id when the list decides.
        id: "scc-filing",
        duty_zh: "备案（清单）",
        duty_en: "file the contract (list reading)",
        basis_zh: "清单",
        basis_en: "list",
        confidence: Confidence::Inference,
        routes: &[SCC],
        deadline: Some(after(5, PeriodUnit::WorkingDays, Anchor::ContractEffective)),
        ..DutyRow::BLANK
    },
    DutyRow {
        id: "item-9-only",
        duty_zh: "仅第9项",
        duty_en: "only under item 9",
        basis_zh: "第9项",
        basis_en: "item 9",
        confidence: Confidence::Inference,
        rules: &["item-9"],
        ..DutyRow::BLANK
    },
];

fn pack(id: &str, rows: &[DutyRow], calendar: Vec<CalendarYear>) -> Description {
    Description {
        id: id.into(),
        zone: "z".into(),
        name: "n".into(),
        edition: "1".into(),
        issuers: vec![],
        issued: "2024-01-01".into(),
        effective_from: "2024-01-01".into(),
        effective_until: None,
        sectors: vec!["*".into()],
        source: Source {
            title_zh: "t".into(),
            title_en: "t".into(),
            reference: "r".into(),
        },
        interpretations: vec![],
        rules: ["item-9", "item-16"]
            .map(|id| Rule {
                id: id.into(),
                route: SCC,
                list_item: None,
                basis: id.into(),
                citation: Citation {
                    zh: "条".into(),
                    en: "Art.".into(),
                    en_official: false,
                },
                confidence: None,
            })
            .to_vec(),
        contract_minor: 1,
        obligations: obligations(rows),
        calendar,
        ..Description::default()
    }
}

fn spring_2025() -> CalendarYear {
    CalendarYear {
        year: 2025,
        holidays: vec![Holiday {
            name: "春节".into(),
            from: "2025-01-28".into(),
            to: "2025-02-04".into(),
        }],
        working_days: vec!["2025-01-26".into(), "2025-02-08".into()],
        source: "国办发明电〔2024〕12号".into(),
    }
}

fn facts<'a>(route: Route, rule: Option<&'a str>, dates: &'a ExportDates) -> ExportFacts<'a> {
    ExportFacts {
        route,
        kind: DataKind::Personal,
        rule,
        ciio: false,
        as_of: date!(2025 - 02 - 01),
        dates,
    }
}

fn ids(duties: &[DueObligation]) -> Vec<&str> {
    duties.iter().map(|d| d.duty.id.as_str()).collect()
}

fn find<'a>(duties: &'a [DueObligation], id: &str) -> &'a DueObligation {
    duties
        .iter()
        .find(|d| d.duty.id == id)
        .unwrap_or_else(|| panic!("no duty {id} in {:?}", ids(duties)))
}

#[test]
fn the_scc_filing_runs_ten_working_days_across_the_spring_festival() {
    let national = pack("national", NATIONAL, vec![spring_2025()]);
    let calendar = WorkCalendar::from_years(&national.calendar).unwrap();
    let dates = ExportDates {
        contract_effective: Some(date!(2025 - 01 - 20)),
        ..Default::default()
    };
    let duties = obligations_for_export(
        Some(&national),
        &[&national],
        &facts(SCC, None, &dates),
        &calendar,
    );
    assert_eq!(ids(&duties), ["scc-filing", "notice"]);
    let filing = find(&duties, "scc-filing");
    assert_eq!(filing.due, Some(date!(2025 - 02 - 08)));
    // as_of 1 February: due in 7 days.
    assert_eq!(filing.status, DutyStatus::DueSoon);
    assert_eq!(filing.timing, "10 working days after contract_effective");
    assert!(filing.notes.is_empty(), "{:?}", filing.notes);
    let notice = find(&duties, "notice");
    assert_eq!(notice.due, Some(date!(2025 - 02 - 01)));
    assert_eq!(notice.status, DutyStatus::DueSoon);
    assert_eq!(notice.timing, "by the export (as_of)");
}

#[test]
fn statuses_follow_the_dates_given_and_missing() {
    let national = pack("national", NATIONAL, vec![spring_2025()]);
    let calendar = WorkCalendar::from_years(&national.calendar).unwrap();
    let run = |dates: &ExportDates, route| {
        obligations_for_export(None, &[&national], &facts(route, None, dates), &calendar)
    };
    let none = ExportDates::default();
    assert_eq!(
        find(&run(&none, SCC), "scc-filing").status,
        DutyStatus::NoDate
    );
    let late = ExportDates {
        contract_effective: Some(date!(2024 - 12 - 02)),
        ..Default::default()
    };
    let filing = run(&late, SCC);
    let filing = find(&filing, "scc-filing");
    assert_eq!(filing.status, DutyStatus::Overdue);
    assert!(
        filing.notes[0].contains("2024"),
        "2024 has no calendar in this pack: {:?}",
        filing.notes
    );
    let assessed = ExportDates {
        self_assessment_done: Some(date!(2024 - 12 - 20)),
        ..Default::default()
    };
    let sa = run(&assessed, SA);
    assert_eq!(find(&sa, "sa-filing").due, Some(date!(2025 - 03 - 20)));
    assert_eq!(find(&sa, "sa-filing").status, DutyStatus::Pending);
    assert_eq!(find(&sa, "sa-validity").status, DutyStatus::NoDate);
    assert_eq!(find(&sa, "sa-extension").status, DutyStatus::NoDate);
    assert_eq!(
        ids(&sa),
        ["sa-validity", "sa-extension", "sa-filing", "notice"],
        "the incident duty is not in force on 1 February 2025"
    );
}

#[test]
fn an_extension_window_is_counted_back_from_the_validity_and_approval_marks_filing_done() {
    let national = pack("national", NATIONAL, vec![]);
    let calendar = WorkCalendar::default();
    let dates = ExportDates {
        self_assessment_done: Some(date!(2023 - 11 - 01)),
        assessment_approved: Some(date!(2024 - 02 - 29)),
        ..Default::default()
    };
    let duties = obligations_for_export(None, &[&national], &facts(SA, None, &dates), &calendar);
    let validity = find(&duties, "sa-validity");
    assert_eq!(validity.due, Some(date!(2027 - 02 - 28)));
    assert_eq!(
        validity.timing,
        "3 years after assessment_approved (validity)"
    );
    let extension = find(&duties, "sa-extension");
    assert_eq!(extension.due, Some(date!(2027 - 02 - 28)));
    // 60 weekdays back from Sunday 28 February 2027 (no calendar for 2026 or 2027 here).
    assert_eq!(extension.opens, Some(date!(2026 - 12 - 07)));
    assert!(extension.notes.iter().any(|n| n.contains("2027")));
    assert!(extension.notes.iter().any(|n| n.contains("2026")));
    let filing = find(&duties, "sa-filing");
    assert_eq!(filing.status, DutyStatus::Done);
    assert!(filing
        .notes
        .iter()
        .any(|n| n.contains("assessment_approved")));
}

#[test]
fn an_approval_before_the_self_assessment_does_not_complete_the_filing_it_would_answer() {
    let national = pack("national", NATIONAL, vec![]);
    let calendar = WorkCalendar::default();
    let dates = ExportDates {
        self_assessment_done: Some(date!(2025 - 11 - 30)),
        assessment_approved: Some(date!(2024 - 02 - 29)),
        ..Default::default()
    };
    let mut facts = facts(SA, None, &dates);
    facts.as_of = date!(2026 - 03 - 03);
    let duties = obligations_for_export(None, &[&national], &facts, &calendar);
    let filing = find(&duties, "sa-filing");
    // 3 months after 30 November 2025: Saturday 28 February 2026, moved to Monday 2 March
    // without a calendar (the national pack's makes that Saturday a working day).
    assert_eq!(filing.due, Some(date!(2026 - 03 - 02)));
    assert_eq!(filing.status, DutyStatus::Overdue);
    assert!(
        filing.notes.iter().any(|n| n.starts_with("Not done")
            && n.contains("assessment_approved (2024-02-29)")
            && n.contains("self_assessment_done (2025-11-30)")),
        "{:?}",
        filing.notes
    );
    // The same day, or later, the approval answers the self-assessment.
    for approved in [date!(2025 - 11 - 30), date!(2026 - 01 - 15)] {
        let dates = ExportDates {
            assessment_approved: Some(approved),
            ..dates
        };
        let facts = ExportFacts {
            dates: &dates,
            ..facts
        };
        let duties = obligations_for_export(None, &[&national], &facts, &calendar);
        assert_eq!(find(&duties, "sa-filing").status, DutyStatus::Done);
    }
}

#[test]
fn the_deciding_list_adds_its_duties_and_overrides_a_national_one_of_the_same_id() {
    let national = pack("national", NATIONAL, vec![spring_2025()]);
    let list = pack("list", LIST, vec![]);
    let mut calendar = WorkCalendar::default();
    calendar.add_missing(&list.calendar);
    calendar.add_missing(&national.calendar);
    let dates = ExportDates {
        contract_effective: Some(date!(2025 - 01 - 20)),
        ..Default::default()
    };
    let duties = obligations_for_export(
        Some(&list),
        &[&list, &national],
        &facts(SCC, Some("item-16"), &dates),
        &calendar,
    );
    assert_eq!(ids(&duties), ["list-report", "scc-filing", "notice"]);
    let filing = find(&duties, "scc-filing");
    assert_eq!(filing.pack, "list");
    // 5 working days after Monday 20 January 2025: 21–24 Jan and Sunday 26 Jan.
    assert_eq!(filing.due, Some(date!(2025 - 01 - 26)));
    assert_eq!(find(&duties, "list-report").status, DutyStatus::NoDeadline);
    // A rule-carried duty appears only under its rule.
    let under_item_9 = obligations_for_export(
        Some(&list),
        &[&list, &national],
        &facts(SCC, Some("item-9"), &dates),
        &calendar,
    );
    assert!(ids(&under_item_9).contains(&"item-9-only"));
    // When the national pack decides, the list's duties (reach: deciding) do not apply.
    let national_decides = obligations_for_export(
        Some(&national),
        &[&list, &national],
        &facts(SCC, None, &dates),
        &calendar,
    );
    assert_eq!(ids(&national_decides), ["scc-filing", "notice"]);
    assert_eq!(find(&national_decides, "scc-filing").pack, "national");
}

#[test]
fn incident_duties_wait_for_the_event_and_follow_the_ciio_flag_and_their_date_in_force() {
    let national = pack("national", NATIONAL, vec![]);
    let dates = ExportDates::default();
    let mut f = facts(Route::Exempt, None, &dates);
    f.as_of = date!(2025 - 11 - 01);
    let duties = obligations_for_export(None, &[&national], &f, &WorkCalendar::default());
    let incident = find(&duties, "incident-4h");
    assert_eq!(incident.status, DutyStatus::OnEvent);
    assert_eq!(incident.due, None);
    assert_eq!(incident.timing, "4 hours after an incident");
    f.ciio = true;
    let duties = obligations_for_export(None, &[&national], &f, &WorkCalendar::default());
    assert!(!ids(&duties).contains(&"incident-4h"));
    f.kind = DataKind::General;
    let duties = obligations_for_export(None, &[&national], &f, &WorkCalendar::default());
    assert!(
        !ids(&duties).contains(&"notice"),
        "notice is for personal data"
    );
}

#[test]
fn descriptions_with_broken_duties_are_refused() {
    let check = |rows: Vec<DutyRow>| {
        let mut description = pack("p", &[], vec![]);
        description.obligations = rows.iter().map(DutyRow::obligation).collect();
        check_description(&description)
    };
    assert!(check(NATIONAL.to_vec()).is_ok());
    assert!(check(LIST.to_vec()).is_ok());
    let mut twice = NATIONAL.to_vec();
    twice.push(NATIONAL[0]);
    assert!(check(twice).unwrap_err().contains("declared twice"));
    let dangling = DutyRow {
        deadline: Some(before(5, PeriodUnit::WorkingDays, Anchor::Duty("absent"))),
        ..NATIONAL[2]
    };
    assert!(check(vec![dangling]).unwrap_err().contains("`absent`"));
    let cycle = vec![
        DutyRow {
            id: "a",
            deadline: Some(after(1, PeriodUnit::Months, Anchor::Duty("b"))),
            ..NATIONAL[0]
        },
        DutyRow {
            id: "b",
            deadline: Some(after(1, PeriodUnit::Months, Anchor::Duty("a"))),
            ..NATIONAL[0]
        },
    ];
    assert!(check(cycle).unwrap_err().contains("refers back"));
    let hours = DutyRow {
        deadline: Some(after(4, PeriodUnit::Hours, Anchor::Transfer)),
        ..NATIONAL[0]
    };
    assert!(check(vec![hours]).unwrap_err().contains("hours"));
    let unknown_rule = DutyRow {
        rules: &["item-99"],
        ..LIST[2]
    };
    assert!(check(vec![unknown_rule]).unwrap_err().contains("item-99"));
    let rule_and_zone = DutyRow {
        reach: ObligationReach::Zone,
        ..LIST[2]
    };
    assert!(check(vec![rule_and_zone]).unwrap_err().contains("reach"));
    let not_a_profile_date = DutyRow {
        done_when: Some(Anchor::Transfer),
        ..NATIONAL[0]
    };
    assert!(check(vec![not_a_profile_date])
        .unwrap_err()
        .contains("done_when"));
    let blank = DutyRow {
        duty_en: " ",
        ..NATIONAL[0]
    };
    assert!(check(vec![blank]).unwrap_err().contains("duty_en"));
}
