//! A Pilot FTZ data-export negative list as a table.
//!
//! Every published list has the same shape: sectors, business scenarios, and rows in two tiers
//! (Tier 1: security assessment; Tier 2: standard contract or certification), each row limited to
//! some scenarios (仅限于…场景) and bounded by counts written as 以上 ("N or more") and 不满
//! ("under N"). What differs between lists is data. A list pack declares that data in a
//! [`ListTable`] and this module does the rest, the same way for every list:
//!
//! * carve-outs first: national core data, export-controlled data, data with no personal
//!   information and no important data;
//! * important data: notified or published needs a security assessment, otherwise it is not
//!   declared as important data (CBDF Provisions Arts 2 and 7);
//! * critical information infrastructure operators as the list says ([`Ciio`]);
//! * human genetic data as the list says ([`Genetic`]);
//! * personal information by scenario: counted persons are persons minus exempt persons (the
//!   counting sentence every list carries), exports of the same [`Pool`] are added together,
//!   and the total falls in one [`Band`] of the pool's ladder. A band names a list row, or says
//!   the band is off the list (exempt, CBDF Provisions Art. 6), or says the row was not seen:
//!   the route is then `undetermined`, with a note naming the list, the scenario and where to
//!   read the text. Nothing falls through silently to the national regime.
//!
//! Filling a row that was not seen is one [`Row`] added and one [`Band`] pointed at it, plus
//! golden cases at its edges.

mod check;
mod counted;
mod describe;
mod evaluate;
mod placement;
mod rules;
mod table;

pub use table::{
    Band, Ciio, Extent, Genetic, GroupKeys, Identity, ListNames, ListTable, Pi, Pool, Row,
    Scenario, Sector, Tier,
};

/// Rule ids this module fires besides the list's own rows.
pub mod rule {
    pub const CORE: &str = "core-data";
    pub const EXPORT_CONTROL: &str = "export-control";
    pub const GENERAL: &str = "general-data";
    pub const IMPORTANT_NOT_NOTIFIED: &str = "important-not-notified";
    pub const IMPORTANT: &str = "important-data";
    pub const CIIO: &str = "ciio-security-assessment";
    pub const NO_COUNTED: &str = "no-counted-persons";
    /// A band that is not on the list: exempt (CBDF Provisions Art. 6).
    pub const OFF_LIST: &str = "off-list";
    /// A band whose row was not seen: undetermined.
    pub const NOT_SEEN: &str = "text-not-seen";
    /// Human genetic data under the list's own route ([`super::Genetic::OtherRoute`]).
    pub const GENETIC: &str = "genetic-data";
}

#[cfg(test)]
mod tests;

/// Declares `$name` as the pack whose law is the list table `$table` and exports its entry
/// points (see [`export_pack!`](crate::export_pack)): all a list pack needs besides its table.
#[macro_export]
macro_rules! export_list {
    ($(#[$meta:meta])* $name:ident, $table:expr) => {
        $(#[$meta])*
        pub struct $name;

        impl $crate::sdk::Pack for $name {
            fn describe() -> $crate::contract::Description {
                $table.describe()
            }

            fn evaluate(
                request: &$crate::contract::EvaluateRequest,
            ) -> ::std::result::Result<$crate::contract::EvaluateResponse, ::std::string::String> {
                $table.evaluate(request)
            }

            fn probe(
                request: &$crate::contract::EvaluateRequest,
            ) -> ::std::result::Result<::std::vec::Vec<$crate::sdk::Probed>, ::std::string::String>
            {
                $table.decide_probes(request)
            }
        }

        $crate::export_pack!($name);
    };
}
