//! The library's integration tests, as one test binary (one link, one process): each module an
//! area, named apart from the end-to-end tests' modules.

mod clash;
mod dashboard_state;
mod dashboard_state_ledger;
mod layout;
mod pins;
mod runner;
