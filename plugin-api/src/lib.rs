//! The contract between ftzroute and its rule packs, and the Rust SDK that packs are written
//! with.
//!
//! * [`contract`]: what every pack builds against, whatever its language: the C ABI
//!   ([`contract::abi`], mirrored in `include/ftzroute_pack.h`), the JSON documents that cross it
//!   ([`contract::model`]), the duties packs attach to decisions ([`contract::obligation`]) and
//!   the terms they share ([`contract::terms`]).
//! * [`sdk`]: the Rust side for pack authors: implement [`sdk::Pack`] and call [`export_pack!`];
//!   a negative list as a table ([`sdk::list`]), rules and duties as `const` tables
//!   ([`sdk::rules`], [`sdk::duties`]), counting groups ([`sdk::counting`]), words for notes
//!   ([`sdk::text`]).
//!
//! The SDK depends on the contract, never the reverse. Nothing but plain C types crosses the
//! boundary: a pack built with another rustc, or written in C, loads as long as it speaks ABI
//! version [`abi::ABI_VERSION`].
//!
//! The contract's modules and documents are also named at the crate root
//! (`ftzroute_plugin_api::abi`, `ftzroute_plugin_api::Route`, ...), as are
//! `ftzroute_plugin_api::counting` and `ftzroute_plugin_api::duties`: the paths packs were
//! written against before the two halves had names.

pub mod contract;
pub mod sdk;

pub use contract::*;
pub use sdk::{counting, duties, Pack};
