//! The pack author's workbench: `pack new`, `pack test`, `pack check`, `pack diff` and
//! `pack trust`, and the golden-case runner they share.

pub mod cases;
pub mod check;
pub mod diff;
pub mod scaffold;
pub mod test;
pub mod trust;
