//! ftzroute: judge one data-export profile under several regimes side by side.
//!
//! Subsystems, lowest first: [`common`] (shared small pieces), [`core`] (profile, zones, engine,
//! reports, saving), [`cases`] (golden cases), [`host`] (the pack host), [`context`] (what every
//! command is given), [`commands`] and [`workbench`] (pack author commands), [`dashboard`] (the
//! terminal UI) and [`cli`] (argument parsing and dispatch). Each depends only
//! on those before it; a test in `app/tests/layout.rs` keeps it so.

pub mod cases;
pub mod cli;
pub mod commands;
pub mod common;
pub mod context;
pub mod core;
pub mod dashboard;
pub mod host;
pub mod render;
pub mod workbench;
