//! The duties of the national regime before the CBDF Provisions. The ids are the 2024 pack's, so
//! a duty reads the same in every edition; only what differed then differs here (a two-year
//! assessment validity; no standard-contract filing before 1 June 2023).
//!
//! No working-day calendar is declared: the State Council's notices for 2022 and 2023 are not
//! carried yet, so days in those years are counted on weekdays and every such duty says so.

use ftzroute_plugin_api::duties::{after, before, Anchor, DutyRow};
use ftzroute_plugin_api::{Confidence, DataKind, ObligationReach, PeriodUnit, Route};

const PERSONAL: &[DataKind] = &[DataKind::Personal, DataKind::Genetic];
const BY_THE_EXPORT: ftzroute_plugin_api::duties::Period =
    before(0, PeriodUnit::CalendarDays, Anchor::Transfer);

/// Duty ids, as in the 2024 baseline.
pub mod id {
    pub const NOTICE: &str = "pipl-notice";
    pub const SEPARATE_CONSENT: &str = "pipl-separate-consent";
    pub const IMPACT_ASSESSMENT: &str = "pipl-impact-assessment";
    pub const HGR_PRIOR_REPORT: &str = "hgr-prior-report";
    pub const SA_VALIDITY: &str = "sa-validity";
    pub const SCC_FILING: &str = "scc-filing";
}

pub const DUTIES: &[DutyRow] = &[
    DutyRow {
        id: id::NOTICE,
        duty_zh: "向境外提供个人信息前，告知个人境外接收方的名称或者姓名、联系方式、处理目的、处理方式、个人信息的种类以及向境外接收方行使权利的方式和程序",
        duty_en: "Before the export, tell the individuals who the overseas recipient is and how to \
                  reach it, the purpose and method of processing, the categories of personal \
                  information, and how to exercise their rights against the recipient.",
        basis_zh: "《中华人民共和国个人信息保护法》第三十九条",
        basis_en: "Personal Information Protection Law of the People's Republic of China, Art. 39",
        confidence: Confidence::Secondary,
        source: Some("PIPL Art. 39 (in force 1 November 2021) as summarised in practitioner notes"),
        kinds: PERSONAL,
        reach: ObligationReach::Zone,
        deadline: Some(BY_THE_EXPORT),
        ..DutyRow::BLANK
    },
    DutyRow {
        id: id::SEPARATE_CONSENT,
        duty_zh: "以个人同意为处理依据的，向境外提供前取得个人的单独同意",
        duty_en: "Where the export rests on the individuals' consent, obtain their separate \
                  consent to it before the export.",
        basis_zh: "《中华人民共和国个人信息保护法》第三十九条",
        basis_en: "Personal Information Protection Law of the People's Republic of China, Art. 39",
        confidence: Confidence::Secondary,
        source: Some("PIPL Art. 39 as summarised in practitioner notes"),
        kinds: PERSONAL,
        reach: ObligationReach::Zone,
        deadline: Some(BY_THE_EXPORT),
        ..DutyRow::BLANK
    },
    DutyRow {
        id: id::IMPACT_ASSESSMENT,
        duty_zh: "向境外提供个人信息前进行个人信息保护影响评估，评估报告和处理情况记录至少保存三年",
        duty_en: "Before the export, carry out a personal information protection impact \
                  assessment; keep its report and the record of processing for at least 3 years.",
        basis_zh: "《中华人民共和国个人信息保护法》第五十五条第（四）项、第五十六条",
        basis_en: "Personal Information Protection Law of the People's Republic of China, \
                   Arts 55(4) and 56",
        confidence: Confidence::Secondary,
        source: Some("PIPL Arts 55-56 as summarised in practitioner notes"),
        kinds: PERSONAL,
        reach: ObligationReach::Zone,
        deadline: Some(BY_THE_EXPORT),
        ..DutyRow::BLANK
    },
    DutyRow {
        id: id::HGR_PRIOR_REPORT,
        duty_zh: "向境外提供或者开放使用人类遗传资源信息前，事先报告并提交信息备份",
        duty_en: "Before human genetic resources information is provided or opened abroad, report \
                  it in advance and submit a backup of the information.",
        basis_zh: "《人类遗传资源管理条例》第二十八条",
        basis_en: "Regulation on the Management of Human Genetic Resources, Art. 28",
        confidence: Confidence::Secondary,
        source: Some("Regulation Art. 28 read in a law-library copy"),
        kinds: &[DataKind::Genetic],
        reach: ObligationReach::Zone,
        deadline: Some(BY_THE_EXPORT),
        ..DutyRow::BLANK
    },
    DutyRow {
        id: id::SA_VALIDITY,
        duty_zh: "数据出境安全评估结果有效期二年，自评估结果出具之日起计算",
        duty_en: "Under the 2022 Measures a security-assessment result is valid for 2 years from \
                  the day it is issued (the CBDF Provisions later made it 3).",
        basis_zh: "《数据出境安全评估办法》第十四条",
        basis_en: "Measures for the Security Assessment of Data Exports (CAC Order No. 11), Art. 14",
        confidence: Confidence::Secondary,
        source: Some("secondary sources comparing the 2024 Provisions with Order No. 11"),
        routes: &[Route::SecurityAssessment],
        reach: ObligationReach::Zone,
        deadline: Some(after(2, PeriodUnit::Years, Anchor::AssessmentApproved).validity()),
        ..DutyRow::BLANK
    },
    DutyRow {
        id: id::SCC_FILING,
        duty_zh: "自标准合同生效之日起10个工作日内，持标准合同和个人信息保护影响评估报告向所在地省级网信部门备案",
        duty_en: "If the standard contract is chosen: file it, with the personal information \
                  protection impact assessment report, with the provincial CAC within 10 working \
                  days of its taking effect (from 1 June 2023, when the Measures took effect).",
        basis_zh: "《个人信息出境标准合同办法》第七条",
        basis_en: "Measures on the Standard Contract for the Export of Personal Information (CAC \
                   Order No. 13), Art. 7",
        confidence: Confidence::Secondary,
        source: Some("provincial CAC filing guidance (a Shandong CAC notice; the Hebei filing \
                      guide)"),
        routes: &[Route::StandardContractOrCertification],
        kinds: PERSONAL,
        effective_from: Some("2023-06-01"),
        reach: ObligationReach::Zone,
        deadline: Some(after(10, PeriodUnit::WorkingDays, Anchor::ContractEffective)),
        ..DutyRow::BLANK
    },
];
