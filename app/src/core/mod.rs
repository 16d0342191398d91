//! The core: profiles, zones, the engine that asks packs and computes headroom, the ledger, the
//! planner, the words every output uses, and saving edited profiles. It knows no command, no screen and nothing of how packs are loaded:
//! packs reach it through [`pack::RulePack`].

pub mod coverage;
pub mod engine;
pub mod ledger;
pub mod obligations;
pub mod pack;
pub mod plan;
pub mod profile;
pub mod save;
pub mod vocabulary;
pub mod wording;
pub mod zones;
