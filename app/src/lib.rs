pub mod input;
pub mod profile;
pub mod loader;
pub mod zones;
pub mod engine;
pub mod report;
pub mod cases;
pub mod cli;
