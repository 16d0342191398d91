//! The user's headless commands: `eval`, `packs` and `plan`.

pub mod eval;
pub mod packs;
pub mod plan;
