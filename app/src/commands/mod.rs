//! The user's headless commands: `eval` and `packs`.

pub mod eval;
pub mod packs;
