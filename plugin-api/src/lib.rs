//! The contract between ftzroute and its rule packs.
//!
//! * [`abi`]: the C ABI every pack exports (mirrored in `include/ftzroute_pack.h`).
//! * [`model`]: the JSON documents that cross it (pack description, evaluation request and response).
//! * [`counting`]: counting groups, so a host with a transfer ledger can count persons exactly.
//! * [`sdk`]: the Rust side for pack authors: implement [`sdk::Pack`] and call [`export_pack!`].
//!
//! Nothing but plain C types crosses the boundary: a pack built with another rustc, or written in
//! C, loads as long as it speaks ABI version [`abi::ABI_VERSION`].

pub mod abi;
pub mod counting;
pub mod model;
pub mod sdk;

pub use model::*;
pub use sdk::Pack;
