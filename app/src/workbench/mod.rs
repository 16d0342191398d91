//! The pack author's workbench: `pack new`, `pack test`, `pack check`, `pack diff` and
//! `pack trust`. The golden-case runner they share is [`crate::cases`], below them and the
//! dashboard alike.

pub mod check;
pub mod diff;
pub mod scaffold;
pub mod test;
pub mod trust;
