pub mod cases;
pub mod cli;
pub mod engine;
pub mod input;
pub mod loader;
pub mod profile;
pub mod report;
pub mod zones;
