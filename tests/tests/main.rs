//! The end-to-end tests of the built binary and packs, as one test binary (one link, one
//! process): each module an area.

mod by_reference;
mod coverage;
mod dashboard;
mod dashboard_ledger;
mod duties;
mod eval;
mod exit_codes;
mod fixture_packs;
mod golden;
mod install;
mod isolation;
mod ledger;
mod packs;
mod plan;
mod pty_harness;
mod readme_layout;
mod scaffold;
mod size;
mod trust;
mod verdicts;
mod vocabulary;
mod window;
mod words;
mod workbench;
mod zones;
