//! The contract: what every pack builds against, in any language.
//!
//! * [`abi`]: the C ABI every pack exports (mirrored in `include/ftzroute_pack.h`).
//! * [`model`]: the JSON documents that cross it (pack description, evaluation request and
//!   response).
//! * [`obligation`]: the duties a pack attaches to its decisions, and the working-day calendar
//!   their deadlines are counted on (contract minor 1.1).
//! * [`terms`]: the words both speak (routes, kinds of data, confidence, CBDF bases, citations).
//!
//! Nothing here knows the Rust SDK: a pack written in C reads the same documents.

pub mod abi;
pub mod model;
pub mod obligation;
pub mod terms;

pub use model::*;
pub use obligation::*;
pub use terms::*;
