//! The user's headless commands: `eval`, `memo`, `packs` and `plan`.

pub mod eval;
pub mod memo;
pub mod packs;
pub mod plan;
