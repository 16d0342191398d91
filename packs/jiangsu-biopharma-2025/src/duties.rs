//! The duties the Jiangsu Measures put on exporters that use the list. The national procedure's
//! duties (filing a standard contract, an assessment's validity, PIPL notice and consent) come
//! from the national baseline pack, whose duties reach every zone it is part of.
//!
//! Confidence: the Measures are known from an English translation (S1); the Chinese original
//! controls and was not seen.

use crate::terms::{id, list_en, list_zh, measures_en, measures_zh};
use ftzroute_plugin_api::duties::{after, before, Anchor, DutyRow};
use ftzroute_plugin_api::{Confidence, PeriodUnit, Route};

/// Routes of exports that rely on the list: its tiers, item 21 and the off-list exemption.
const LIST_ROUTES: &[Route] = &[
    Route::SecurityAssessment,
    Route::StandardContractOrCertification,
    Route::OtherLawfulRoute,
    Route::Exempt,
];

const TRANSLATION: Option<&str> = Some(
    "English translation of the Measures (Data Compliance China); the Chinese original was not seen",
);

/// Duty ids (stable: golden cases name them).
pub mod duty {
    pub const REPORT: &str = "jiangsu-art-12-report";
    pub const INCIDENT: &str = "jiangsu-art-12-incident-24h";
    pub const CONSISTENCY: &str = "jiangsu-art-14-consistency";
    pub const HGR: &str = "jiangsu-item-21-hgr-licensing";
}

pub const DUTIES: &[DutyRow] = &[
    DutyRow {
        id: duty::REPORT,
        duty_zh: "使用负面清单的，及时向所在片区管委会报告数据出境情况，包括出境业务场景、出境数据目录、出境数据规模和境外接收方等",
        duty_en: "Promptly report the export to the Area Administrative Committee: the business \
                  scenario, the catalogue of data exported, its scale and the overseas recipient.",
        basis_zh: concat!(measures_zh!(), "第十二条"),
        basis_en: concat!(measures_en!(), ", Art. 12"),
        confidence: Confidence::Secondary,
        source: TRANSLATION,
        routes: LIST_ROUTES,
        ..DutyRow::BLANK
    },
    DutyRow {
        id: duty::INCIDENT,
        duty_zh: "发生数据出境安全事件或者发现风险增大的，采取补救措施并及时向片区管委会报告；危害国家安全或者公共利益的，24小时内向片区管委会和省级主管部门报告",
        duty_en: "After an export security incident or a rise in risk, take remedial measures and \
                  report promptly to the Area Administrative Committee; where national security \
                  or the public interest is endangered, report to the Committee and the \
                  provincial authorities within 24 hours.",
        basis_zh: concat!(measures_zh!(), "第十二条"),
        basis_en: concat!(measures_en!(), ", Art. 12"),
        confidence: Confidence::Secondary,
        source: TRANSLATION,
        routes: LIST_ROUTES,
        deadline: Some(after(24, PeriodUnit::Hours, Anchor::Incident)),
        ..DutyRow::BLANK
    },
    DutyRow {
        id: duty::CONSISTENCY,
        duty_zh: "实际出境数据应当与报告、备案材料一致；一致性抽查发现不一致的，可以责令暂停出境并限期整改，情节严重的终止出境",
        duty_en: "Keep the data actually exported consistent with what was reported or filed: \
                  consistency spot checks can suspend the exports pending rectification, or end \
                  them where serious.",
        basis_zh: concat!(measures_zh!(), "第十四条"),
        basis_en: concat!(measures_en!(), ", Art. 14"),
        confidence: Confidence::Secondary,
        source: TRANSLATION,
        routes: LIST_ROUTES,
        ..DutyRow::BLANK
    },
    DutyRow {
        id: duty::HGR,
        duty_zh: "人类遗传数据出境前，履行人类遗传资源行政许可和备案义务；履行后免予数据出境安全评估、标准合同和认证",
        duty_en: "Before human genetic data is exported, complete the human genetic resources \
                  administrative licensing and filing; once they are done, item 21 exempts it \
                  from the three CAC procedures.",
        basis_zh: concat!(list_zh!(), "（三）需要通过其他合法合规路径出境的数据清单第21项"),
        basis_en: concat!(list_en!(), ", Part 3, item 21"),
        confidence: Confidence::Secondary,
        source: TRANSLATION,
        rules: &[id::GENETIC],
        deadline: Some(before(0, PeriodUnit::CalendarDays, Anchor::Transfer)),
        ..DutyRow::BLANK
    },
];
