//! The contract between ftzroute and its rule packs.
//!
//! * [`abi`]: the C ABI every pack exports (mirrored in `include/ftzroute_pack.h`).
//! * [`model`]: the JSON documents that cross it (pack description, evaluation request and response).
//! * [`counting`]: counting groups, so a host with a transfer ledger can count persons exactly.
//! * [`obligation`]: the duties a pack attaches to its decisions, and the working-day calendar
//!   their deadlines are counted on (contract minor 1.1).
//! * [`sdk`]: the Rust side for pack authors: implement [`sdk::Pack`] and call [`export_pack!`];
//!   [`duties`] declares duties and a calendar as `const` tables.
//!
//! Nothing but plain C types crosses the boundary: a pack built with another rustc, or written in
//! C, loads as long as it speaks ABI version [`abi::ABI_VERSION`].

pub mod abi;
pub mod counting;
pub mod duties;
pub mod model;
pub mod obligation;
pub mod sdk;

pub use model::*;
pub use obligation::*;
pub use sdk::Pack;
