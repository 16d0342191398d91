//! The user's headless commands: `eval`, `packs` and `ledger`.

pub mod eval;
pub mod ledger;
pub mod packs;
