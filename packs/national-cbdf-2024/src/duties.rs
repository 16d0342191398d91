//! The national duties that come with each route, and the working-day calendar their deadlines
//! are counted on.
//!
//! Every duty here reaches the whole zone (`reach: zone`): national law holds inside a Pilot FTZ
//! too, so a list that decides the route still brings the national procedure's duties with it
//! (a list pack can override one by declaring a duty of the same id).
//!
//! Confidence codes: P (primary text read), P* (verbatim copy of the primary text), S2 (two or
//! more independent secondary sources), S1 (one), INF (inference).

use ftzroute_plugin_api::duties::{after, before, Anchor, CalendarRow, DutyRow};
use ftzroute_plugin_api::{Confidence, DataKind, ObligationReach, PeriodUnit, Route};

const SA: &[Route] = &[Route::SecurityAssessment];
const SCC: &[Route] = &[Route::StandardContractOrCertification];
const PERSONAL: &[DataKind] = &[DataKind::Personal, DataKind::Genetic];
const BY_THE_EXPORT: ftzroute_plugin_api::duties::Period =
    before(0, PeriodUnit::CalendarDays, Anchor::Transfer);

/// Duty ids (stable: golden cases and list packs overriding a duty name them).
pub mod id {
    pub const NOTICE: &str = "pipl-notice";
    pub const SEPARATE_CONSENT: &str = "pipl-separate-consent";
    pub const IMPACT_ASSESSMENT: &str = "pipl-impact-assessment";
    pub const HGR_PRIOR_REPORT: &str = "hgr-prior-report";
    pub const SA_FILING: &str = "sa-filing-after-self-assessment";
    pub const SA_VALIDITY: &str = "sa-validity";
    pub const SA_EXTENSION: &str = "sa-extension";
    pub const SA_EXTENSION_GROWTH: &str = "sa-extension-growth";
    pub const SA_SCOPE: &str = "sa-assessed-scope";
    pub const SCC_FILING: &str = "scc-filing";
    pub const CERTIFICATE_VALIDITY: &str = "certificate-validity";
    pub const INCIDENT: &str = "incident-report-4h";
    pub const INCIDENT_CIIO: &str = "incident-report-1h-ciio";
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
        source: Some(
            "PIPL Art. 39 as summarised in practitioner notes; the CBDF Provisions keep the PIPL \
             duties even where no CAC procedure is needed",
        ),
        kinds: PERSONAL,
        reach: ObligationReach::Zone,
        deadline: Some(BY_THE_EXPORT),
        ..DutyRow::BLANK
    },
    DutyRow {
        id: id::SEPARATE_CONSENT,
        duty_zh: "以个人同意为处理依据的，向境外提供前取得个人的单独同意，不得与其他同意捆绑",
        duty_en: "Where the export rests on the individuals' consent, obtain their separate \
                  consent to it before the export, not bundled with any other consent.",
        basis_zh: "《中华人民共和国个人信息保护法》第三十九条",
        basis_en: "Personal Information Protection Law of the People's Republic of China, Art. 39",
        confidence: Confidence::Secondary,
        source: Some(
            "PIPL Art. 39; the CAC policy Q&A of 24 July 2026 stresses unbundled separate consent \
             for export (reported by one secondary source)",
        ),
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
        duty_zh: "向境外提供或者开放使用人类遗传资源信息前，事先报告并提交信息备份；涉及外显子组或者全基因组测序信息超过500人等情形的，通过安全审查",
        duty_en: "Before human genetic resources information is provided or opened abroad, report \
                  it in advance and submit a backup of the information; a security review is \
                  needed where exome or genome sequencing information of more than 500 persons, \
                  an important genetic pedigree or a specific region is involved.",
        basis_zh: "《人类遗传资源管理条例》第二十八条；《人类遗传资源管理条例实施细则》第三十六条、第三十七条",
        basis_en: "Regulation on the Management of Human Genetic Resources, Art. 28; its \
                   Implementing Rules, Arts 36 and 37",
        confidence: Confidence::Secondary,
        source: Some(
            "Regulation Art. 28 read in a law-library copy; Implementing Rules Arts 36-37 from one \
             secondary source each",
        ),
        kinds: &[DataKind::Genetic],
        reach: ObligationReach::Zone,
        deadline: Some(BY_THE_EXPORT),
        ..DutyRow::BLANK
    },
    DutyRow {
        id: id::SA_FILING,
        duty_zh: "完成数据出境风险自评估后三个月内，通过所在地省级网信部门申报数据出境安全评估（申报时自评估完成不超过三个月且情况未发生重大变化）",
        duty_en: "File the security-assessment declaration through the provincial CAC within 3 \
                  months of completing the export risk self-assessment (when filed, the \
                  self-assessment must be no more than 3 months old, with no major change since).",
        basis_zh: "《数据出境安全评估办法》第五条；《数据出境安全评估申报指南（第三版）》",
        basis_en: "Measures for the Security Assessment of Data Exports, Art. 5; Guide to \
                   Declaring Data-Export Security Assessments (3rd edition, CAC, 27 June 2025)",
        confidence: Confidence::VerbatimCopy,
        source: Some("the commitment text of the declaration form in the Guide, 3rd edition"),
        routes: SA,
        reach: ObligationReach::Zone,
        deadline: Some(after(3, PeriodUnit::Months, Anchor::SelfAssessmentDone)),
        done_when: Some(Anchor::AssessmentApproved),
        ..DutyRow::BLANK
    },
    DutyRow {
        id: id::SA_VALIDITY,
        duty_zh: "数据出境安全评估结果自出具之日起三年内有效；有效期届满未获延长的，不得继续依据该结果出境",
        duty_en: "The security-assessment result is valid for 3 years from the day it is issued; \
                  unless extended, exports cannot rely on it after that.",
        basis_zh: "《促进和规范数据跨境流动规定》第九条",
        basis_en: "Provisions on Promoting and Regulating Cross-Border Data Flows, Art. 9",
        confidence: Confidence::VerbatimCopy,
        source: Some("CAC Q&A on the Provisions, 22 March 2024, Q13"),
        routes: SA,
        reach: ObligationReach::Zone,
        deadline: Some(after(3, PeriodUnit::Years, Anchor::AssessmentApproved).validity()),
        ..DutyRow::BLANK
    },
    DutyRow {
        id: id::SA_EXTENSION,
        duty_zh: "需要继续出境且未发生需要重新申报情形的，在有效期届满前60个工作日内通过所在地省级网信部门申请延长评估结果有效期（延长三年）",
        duty_en: "To go on exporting after the result expires, with no event requiring a new \
                  declaration, apply through the provincial CAC for a 3-year extension within the \
                  60 working days before it expires.",
        basis_zh: "《促进和规范数据跨境流动规定》第九条",
        basis_en: "Provisions on Promoting and Regulating Cross-Border Data Flows, Art. 9",
        confidence: Confidence::VerbatimCopy,
        source: Some("CAC Q&A on the Provisions, 22 March 2024, Q13; Guide, 3rd edition"),
        routes: SA,
        reach: ObligationReach::Zone,
        deadline: Some(before(0, PeriodUnit::CalendarDays, Anchor::Duty(id::SA_VALIDITY))),
        opens: Some(before(60, PeriodUnit::WorkingDays, Anchor::Duty(id::SA_VALIDITY))),
        ..DutyRow::BLANK
    },
    DutyRow {
        id: id::SA_EXTENSION_GROWTH,
        duty_zh: "申请延长的，未来三年出境自然人数量的增长一般不超过20%（2026年实践）",
        duty_en: "For an extension, CAC practice (2026) expects the number of persons exported \
                  over the next three years to grow by no more than 20%; larger growth calls for \
                  a new declaration.",
        basis_zh: "《促进和规范数据跨境流动规定》第九条",
        basis_en: "Provisions on Promoting and Regulating Cross-Border Data Flows, Art. 9",
        confidence: Confidence::Secondary,
        source: Some(
            "the CAC policy Q&A of 24 July 2026 (cac.gov.cn/2026-07/24/c_1786638883119336.htm), \
             through one compiled digest",
        ),
        routes: SA,
        reach: ObligationReach::Zone,
        ..DutyRow::BLANK
    },
    DutyRow {
        id: id::SA_SCOPE,
        duty_zh: "出境数据不得超出评估时明确的出境目的、方式、范围、种类和规模；超出的应当重新申报",
        duty_en: "Keep the exports within the purpose, method, scope, categories and scale that \
                  were assessed; going beyond them needs a new declaration.",
        basis_zh: "《网络数据安全管理条例》第三十八条",
        basis_en: "Regulations on Network Data Security Management (State Council Order No. 790), \
                   Art. 38",
        confidence: Confidence::PrimaryText,
        source: Some("Art. 38 read in a law-library copy; that going beyond it means a new \
                      declaration is this pack's reading"),
        routes: SA,
        reach: ObligationReach::Zone,
        ..DutyRow::BLANK
    },
    DutyRow {
        id: id::SCC_FILING,
        duty_zh: "选择订立标准合同的，自标准合同生效之日起10个工作日内，持标准合同和个人信息保护影响评估报告向所在地省级网信部门备案",
        duty_en: "If the standard contract is chosen: file it, with the personal information \
                  protection impact assessment report, with the provincial CAC within 10 working \
                  days of its taking effect.",
        basis_zh: "《个人信息出境标准合同办法》第七条",
        basis_en: "Measures on the Standard Contract for the Export of Personal Information (CAC \
                   Order No. 13), Art. 7",
        confidence: Confidence::Secondary,
        source: Some("provincial CAC filing guidance (a Shandong CAC notice; the Hebei filing \
                      guide)"),
        routes: SCC,
        kinds: PERSONAL,
        reach: ObligationReach::Zone,
        deadline: Some(after(10, PeriodUnit::WorkingDays, Anchor::ContractEffective)),
        ..DutyRow::BLANK
    },
    DutyRow {
        id: id::CERTIFICATE_VALIDITY,
        duty_zh: "选择个人信息保护认证的，认证证书有效期三年；届满前应当重新认证或者改用其他途径",
        duty_en: "If certification is chosen: the certificate is valid for 3 years from its issue; \
                  be re-certified or use another route before it lapses.",
        basis_zh: "《个人信息出境认证办法》（国家互联网信息办公室、国家市场监督管理总局令第20号）",
        basis_en: "Measures for the Certification of Personal Information Exports (CAC and SAMR \
                   Order No. 20, in force 1 January 2026)",
        confidence: Confidence::Secondary,
        source: Some("press reports of the Measures (China News Service; Guangming Daily)"),
        routes: SCC,
        kinds: PERSONAL,
        reach: ObligationReach::Zone,
        deadline: Some(after(3, PeriodUnit::Years, Anchor::CertificateIssued).validity()),
        ..DutyRow::BLANK
    },
    DutyRow {
        id: id::INCIDENT,
        duty_zh: "发生较大及以上网络安全事件的，4小时内向所在地省级网信部门报告",
        duty_en: "Report a network security incident of \"relatively major\" level or above to the \
                  provincial CAC within 4 hours.",
        basis_zh: "《国家网络安全事件报告管理办法》第四条",
        basis_en: "Measures for the Administration of National Network Security Incident \
                   Reporting (CAC), Art. 4",
        confidence: Confidence::PrimaryText,
        source: Some("Art. 4 read in a repost of the CAC's announcement; in force 1 November 2025"),
        ciio: Some(false),
        effective_from: Some("2025-11-01"),
        reach: ObligationReach::Zone,
        deadline: Some(after(4, PeriodUnit::Hours, Anchor::Incident)),
        ..DutyRow::BLANK
    },
    DutyRow {
        id: id::INCIDENT_CIIO,
        duty_zh: "关键信息基础设施运营者发生较大及以上网络安全事件的，1小时内向保护工作部门和公安机关报告",
        duty_en: "As a critical information infrastructure operator, report a network security \
                  incident of \"relatively major\" level or above to the protection department \
                  and the public security authorities within 1 hour.",
        basis_zh: "《国家网络安全事件报告管理办法》第四条",
        basis_en: "Measures for the Administration of National Network Security Incident \
                   Reporting (CAC), Art. 4",
        confidence: Confidence::PrimaryText,
        source: Some("Art. 4 read in a repost of the CAC's announcement; in force 1 November 2025"),
        ciio: Some(true),
        effective_from: Some("2025-11-01"),
        reach: ObligationReach::Zone,
        deadline: Some(after(1, PeriodUnit::Hours, Anchor::Incident)),
        ..DutyRow::BLANK
    },
];

/// The State Council's holiday notices for the years published. Each holiday period lists every
/// day off, weekend days included; `working_days` are the weekend days made working days. A
/// year not listed is counted on weekdays, with a note.
pub const CALENDAR: &[CalendarRow] = &[
    CalendarRow {
        year: 2024,
        holidays: &[
            ("元旦 New Year's Day", "2024-01-01", "2024-01-01"),
            ("春节 Spring Festival", "2024-02-10", "2024-02-17"),
            ("清明节 Qingming", "2024-04-04", "2024-04-06"),
            ("劳动节 Labour Day", "2024-05-01", "2024-05-05"),
            ("端午节 Dragon Boat Festival", "2024-06-10", "2024-06-10"),
            ("中秋节 Mid-Autumn Festival", "2024-09-15", "2024-09-17"),
            ("国庆节 National Day", "2024-10-01", "2024-10-07"),
        ],
        working_days: &[
            "2024-02-04",
            "2024-02-18",
            "2024-04-07",
            "2024-04-28",
            "2024-05-11",
            "2024-09-14",
            "2024-09-29",
            "2024-10-12",
        ],
        source: "国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号，2023年10月25日） \
                 / General Office of the State Council, notice on the 2024 holidays, 25 October 2023",
    },
    CalendarRow {
        year: 2025,
        holidays: &[
            ("元旦 New Year's Day", "2025-01-01", "2025-01-01"),
            ("春节 Spring Festival", "2025-01-28", "2025-02-04"),
            ("清明节 Qingming", "2025-04-04", "2025-04-06"),
            ("劳动节 Labour Day", "2025-05-01", "2025-05-05"),
            ("端午节 Dragon Boat Festival", "2025-05-31", "2025-06-02"),
            ("国庆节、中秋节 National Day and Mid-Autumn", "2025-10-01", "2025-10-08"),
        ],
        working_days: &[
            "2025-01-26",
            "2025-02-08",
            "2025-04-27",
            "2025-09-28",
            "2025-10-11",
        ],
        source: "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月12日） \
                 / General Office of the State Council, notice on the 2025 holidays, 12 November 2024",
    },
    CalendarRow {
        year: 2026,
        holidays: &[
            ("元旦 New Year's Day", "2026-01-01", "2026-01-03"),
            ("春节 Spring Festival", "2026-02-15", "2026-02-23"),
            ("清明节 Qingming", "2026-04-04", "2026-04-06"),
            ("劳动节 Labour Day", "2026-05-01", "2026-05-05"),
            ("端午节 Dragon Boat Festival", "2026-06-19", "2026-06-21"),
            ("中秋节 Mid-Autumn Festival", "2026-09-25", "2026-09-27"),
            ("国庆节 National Day", "2026-10-01", "2026-10-07"),
        ],
        working_days: &[
            "2026-01-04",
            "2026-02-14",
            "2026-02-28",
            "2026-05-09",
            "2026-09-20",
            "2026-10-10",
        ],
        source: "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日，新华社发布） \
                 / General Office of the State Council, notice on the 2026 holidays, 4 November 2025 \
                 (published by Xinhua)",
    },
];
