//! The user's headless commands: `eval`, `memo` and `packs`.

pub mod eval;
pub mod memo;
pub mod packs;
