pub mod input;
pub mod profile;
pub mod loader;
pub mod zones;
pub mod engine;
