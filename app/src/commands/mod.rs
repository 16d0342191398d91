//! The user's headless commands: `eval`, `ledger`, `memo`, `packs` and `plan`.

pub mod eval;
pub mod ledger;
pub mod memo;
pub mod packs;
pub mod plan;
