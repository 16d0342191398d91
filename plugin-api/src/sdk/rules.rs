//! A pack's rules as a `const` table: each row is one rule with its basis and citation, so a pack
//! declares them once and both its description and its decisions read them from there.
//!
//! ```
//! use ftzroute_plugin_api::sdk::rules::{RuleRow, RuleTable};
//! use ftzroute_plugin_api::Route;
//!
//! const RULES: RuleTable = RuleTable(&[RuleRow {
//!     id: "general-data",
//!     route: Route::Exempt,
//!     list_item: None,
//!     basis: "CBDF Provisions Art. 3",
//!     zh: "《促进和规范数据跨境流动规定》第三条",
//!     en: "Provisions on Promoting and Regulating Cross-Border Data Flows, Art. 3",
//!     confidence: None,
//! }]);
//!
//! assert_eq!(RULES.route_of("general-data"), Route::Exempt);
//! assert_eq!(RULES.rules()[0].basis, "CBDF Provisions Art. 3");
//! ```

use crate::contract::{Citation, Confidence, Export, Outcome, Route, Rule};

/// One rule as a pack writes it; [`RuleTable::rules`] makes it the description's [`Rule`].
#[derive(Debug, Clone, Copy)]
pub struct RuleRow {
    pub id: &'static str,
    pub route: Route,
    pub list_item: Option<u32>,
    /// The short basis shown beside a route, e.g. `CBDF Provisions Art. 7(1)`.
    pub basis: &'static str,
    /// The Chinese citation, as published.
    pub zh: &'static str,
    /// Its English rendering (unofficial).
    pub en: &'static str,
    /// How directly the rule's text is known (contract 1.1); `None` leaves it unsaid.
    pub confidence: Option<Confidence>,
}

/// Every rule a pack can fire, in the order its description lists them.
#[derive(Debug, Clone, Copy)]
pub struct RuleTable(pub &'static [RuleRow]);

impl RuleTable {
    /// The rules as the description declares them.
    pub fn rules(&self) -> Vec<Rule> {
        self.0
            .iter()
            .map(|row| Rule {
                id: row.id.to_string(),
                route: row.route,
                list_item: row.list_item,
                basis: row.basis.to_string(),
                citation: Citation {
                    zh: row.zh.to_string(),
                    en: row.en.to_string(),
                    en_official: false,
                },
                confidence: row.confidence,
            })
            .collect()
    }

    /// The row of rule `id`. A pack names only rules it declares, so a miss is a programming
    /// error.
    pub fn row(&self, id: &str) -> &'static RuleRow {
        self.0
            .iter()
            .find(|row| row.id == id)
            .unwrap_or_else(|| panic!("rule {id} is not declared"))
    }

    /// The route of rule `id`.
    pub fn route_of(&self, id: &str) -> Route {
        self.row(id).route
    }

    /// The outcome of `export` decided by rule `id` alone: no count, no ladder.
    pub fn outcome(&self, export: &Export, id: &str, notes: Vec<String>) -> Outcome {
        Outcome {
            id: export.id.clone(),
            route: self.route_of(id),
            rule: id.to_string(),
            count: None,
            ladder: vec![],
            notes,
        }
    }

    /// How many rules the table has.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
