//! The terms every document of the contract speaks: routes, kinds of data and their subjects,
//! how sure a reading is, the CBDF bases persons are sent under, and citations. The pack
//! description, the request and response ([`super::model`]) and the duties
//! ([`super::obligation`]) all use them, so they stand apart from both.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Sector wildcard: a pack whose `sectors` contains it covers every sector (a national baseline).
pub const ALL_SECTORS: &str = "*";

/// The closed route vocabulary, strictest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Route {
    CoreDataRegime,
    ExportControl,
    SecurityAssessment,
    StandardContractOrCertification,
    OtherLawfulRoute,
    Exempt,
    Undetermined,
}

impl Route {
    /// Every route, strictest first (`Undetermined` last: it never wins).
    pub const ALL: [Route; 7] = [
        Route::CoreDataRegime,
        Route::ExportControl,
        Route::SecurityAssessment,
        Route::StandardContractOrCertification,
        Route::OtherLawfulRoute,
        Route::Exempt,
        Route::Undetermined,
    ];

    /// The route id used in profiles, JSON and the docs.
    pub fn id(self) -> &'static str {
        match self {
            Route::CoreDataRegime => "core-data-regime",
            Route::ExportControl => "export-control",
            Route::SecurityAssessment => "security-assessment",
            Route::StandardContractOrCertification => "standard-contract-or-certification",
            Route::OtherLawfulRoute => "other-lawful-route",
            Route::Exempt => "exempt",
            Route::Undetermined => "undetermined",
        }
    }

    /// Rank in the strictness order: 0 is strictest; `None` for `Undetermined`.
    pub fn strictness_rank(self) -> Option<usize> {
        match self {
            Route::Undetermined => None,
            route => Route::ALL.iter().position(|r| *r == route),
        }
    }

    /// True when `self` is determined and stricter than `other` (an undetermined `other` counts
    /// as the most lenient, so any determined route is stricter than it).
    pub fn is_stricter_than(self, other: Route) -> bool {
        match (self.strictness_rank(), other.strictness_rank()) {
            (Some(a), Some(b)) => a < b,
            (Some(_), None) => true,
            (None, _) => false,
        }
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// What kind of data an export carries (profile contract v1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DataKind {
    Personal,
    Important,
    Genetic,
    Core,
    General,
}

/// Whose personal information a `personal` export carries (the Jiangsu list's scenarios).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Subject {
    TrialSubject,
    Patient,
    Professional,
    DeviceUser,
    BusinessContact,
    Other,
}

/// How directly a rule's text is known (contract 1.1). Shown with the rule so a reader knows
/// what kind of source stands behind a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// Read in the primary text itself (an official page, a gazette, a law-library copy).
    PrimaryText,
    /// Read in a verbatim copy of the primary text held by a third party (the wording is the
    /// document's, the copy may carry extraction artefacts).
    VerbatimCopy,
    /// Reported by secondary sources (commentary, law-firm notes, the press), not read in the text.
    Secondary,
    /// The pack's own reading of the sources, stated in its interpretations.
    Inference,
}

impl Confidence {
    pub const ALL: [Confidence; 4] = [
        Confidence::PrimaryText,
        Confidence::VerbatimCopy,
        Confidence::Secondary,
        Confidence::Inference,
    ];

    /// What it means, for readers of a memo.
    pub fn meaning(self) -> &'static str {
        match self {
            Confidence::PrimaryText => "primary text read",
            Confidence::VerbatimCopy => "verbatim copy of the primary text read",
            Confidence::Secondary => "secondary sources, not the text itself",
            Confidence::Inference => "inference",
        }
    }

    /// True for a reading not taken from the text itself: worth checking against the text
    /// before relying on it.
    pub fn needs_checking(self) -> bool {
        matches!(self, Confidence::Secondary | Confidence::Inference)
    }

    /// The id used in JSON and the docs.
    pub fn id(self) -> &'static str {
        match self {
            Confidence::PrimaryText => "primary-text",
            Confidence::VerbatimCopy => "verbatim-copy",
            Confidence::Secondary => "secondary",
            Confidence::Inference => "inference",
        }
    }
}

/// A legal basis a transfer of personal information abroad was made under, among those of the
/// CBDF Provisions that decide whether its persons are counted (contract 1.2). Persons sent under
/// Arts 3, 4, 5(1)(i)-(iii) or 6 are left out of every count; Art. 5(1)(iv), the small-volume
/// exemption, is counted (CAC answer to Q11 on the Provisions; the notes column of the lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CbdfBasis {
    /// Data from international trade, cross-border transport, academic cooperation, transnational
    /// manufacturing or marketing, with no personal information or important data in it.
    #[serde(rename = "cbdf-art-3")]
    Art3,
    /// Personal information collected and generated abroad, processed here and sent back.
    #[serde(rename = "cbdf-art-4")]
    Art4,
    /// Necessary to conclude or perform a contract to which the individual is a party.
    #[serde(rename = "cbdf-art-5-1-1")]
    Art5_1_1,
    /// Necessary for cross-border human-resources management.
    #[serde(rename = "cbdf-art-5-1-2")]
    Art5_1_2,
    /// Necessary to protect life, health or property in an emergency.
    #[serde(rename = "cbdf-art-5-1-3")]
    Art5_1_3,
    /// Small volume: counted, not excluded.
    #[serde(rename = "cbdf-art-5-1-4")]
    Art5_1_4,
    /// Outside a Pilot FTZ negative list.
    #[serde(rename = "cbdf-art-6")]
    Art6,
}

impl CbdfBasis {
    pub const ALL: [CbdfBasis; 7] = [
        CbdfBasis::Art3,
        CbdfBasis::Art4,
        CbdfBasis::Art5_1_1,
        CbdfBasis::Art5_1_2,
        CbdfBasis::Art5_1_3,
        CbdfBasis::Art5_1_4,
        CbdfBasis::Art6,
    ];

    /// The bases whose persons are left out of the counts, in article order.
    pub const EXCLUDED: [CbdfBasis; 6] = [
        CbdfBasis::Art3,
        CbdfBasis::Art4,
        CbdfBasis::Art5_1_1,
        CbdfBasis::Art5_1_2,
        CbdfBasis::Art5_1_3,
        CbdfBasis::Art6,
    ];

    /// The token used in profiles, transfer files and JSON, e.g. `cbdf-art-5-1-2`.
    pub fn token(self) -> &'static str {
        match self {
            CbdfBasis::Art3 => "cbdf-art-3",
            CbdfBasis::Art4 => "cbdf-art-4",
            CbdfBasis::Art5_1_1 => "cbdf-art-5-1-1",
            CbdfBasis::Art5_1_2 => "cbdf-art-5-1-2",
            CbdfBasis::Art5_1_3 => "cbdf-art-5-1-3",
            CbdfBasis::Art5_1_4 => "cbdf-art-5-1-4",
            CbdfBasis::Art6 => "cbdf-art-6",
        }
    }

    /// The basis for a token, if it is one.
    pub fn from_token(token: &str) -> Option<CbdfBasis> {
        CbdfBasis::ALL.into_iter().find(|b| b.token() == token)
    }

    /// The article as cited in English, e.g. `Art. 5(1)(ii)`.
    pub fn article(self) -> &'static str {
        match self {
            CbdfBasis::Art3 => "Art. 3",
            CbdfBasis::Art4 => "Art. 4",
            CbdfBasis::Art5_1_1 => "Art. 5(1)(i)",
            CbdfBasis::Art5_1_2 => "Art. 5(1)(ii)",
            CbdfBasis::Art5_1_3 => "Art. 5(1)(iii)",
            CbdfBasis::Art5_1_4 => "Art. 5(1)(iv)",
            CbdfBasis::Art6 => "Art. 6",
        }
    }

    /// True when persons sent under this basis are left out of the counts (all but Art. 5(1)(iv)).
    pub fn excluded_from_count(self) -> bool {
        self != CbdfBasis::Art5_1_4
    }
}

impl fmt::Display for CbdfBasis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.token())
    }
}

/// A Chinese citation with its English rendering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The Chinese title with article or item number, as published; this text controls.
    pub zh: String,
    /// English rendering of the same citation.
    pub en: String,
    /// True only when `en` is an official translation; otherwise it is shown as unofficial.
    #[serde(default)]
    pub en_official: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_order_strictest_first_and_undetermined_never_wins() {
        assert!(Route::CoreDataRegime.is_stricter_than(Route::ExportControl));
        assert!(Route::SecurityAssessment.is_stricter_than(Route::StandardContractOrCertification));
        assert!(Route::StandardContractOrCertification.is_stricter_than(Route::OtherLawfulRoute));
        assert!(Route::OtherLawfulRoute.is_stricter_than(Route::Exempt));
        assert!(Route::Exempt.is_stricter_than(Route::Undetermined));
        assert!(!Route::Undetermined.is_stricter_than(Route::Exempt));
        assert!(!Route::Exempt.is_stricter_than(Route::Exempt));
    }

    #[test]
    fn route_ids_match_serde_names() {
        for route in Route::ALL {
            let json = serde_json::to_string(&route).unwrap();
            assert_eq!(json, format!("\"{}\"", route.id()));
        }
    }

    #[test]
    fn basis_tokens_round_trip_and_only_small_volume_is_counted() {
        for basis in CbdfBasis::ALL {
            assert_eq!(CbdfBasis::from_token(basis.token()), Some(basis));
            let json = serde_json::to_string(&basis).unwrap();
            assert_eq!(json, format!("\"{}\"", basis.token()));
            assert_eq!(
                basis.excluded_from_count(),
                CbdfBasis::EXCLUDED.contains(&basis)
            );
        }
        assert!(!CbdfBasis::Art5_1_4.excluded_from_count());
        assert_eq!(CbdfBasis::from_token("cbdf-art-5"), None);
    }

    #[test]
    fn confidence_codes_round_trip() {
        for confidence in Confidence::ALL {
            let json = serde_json::to_string(&confidence).unwrap();
            assert_eq!(json, format!("\"{}\"", confidence.id()));
        }
    }
}
