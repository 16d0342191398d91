//! Small pieces every subsystem uses: input errors that point into files, dates, atomic file
//! replacement, shell quoting, and how commands fail.

pub mod atomic;
pub mod dates;
pub mod failure;
pub mod input;
pub mod private_file;
pub mod shell;
