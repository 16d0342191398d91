//! The pack host: finds pack libraries, verifies that they may run, loads them (in this process
//! or in runner processes), and watches them for rebuilds. Everything outside the host goes
//! through the names exported here; the files below are its internals.
//!
//! Data flow: a directory scan ([`PackSet`]) opens each file ([`open_pack`]): permission and
//! `packs.lock` checks, then a shadow copy loaded natively or served by a runner process. A
//! loaded pack answers the core's [`crate::core::pack::RulePack`] calls; [`Reloader`] reloads a
//! rebuilt file into a new generation of [`LivePacks`].

mod error;
mod hash;
mod lock;
mod native;
mod pack;
mod permissions;
mod runner;
mod set;
mod trust;
mod validate;
mod verified;
mod watch;

pub use error::{PackError, MAX_OUTPUT_BYTES};
pub use hash::{hash_bytes, hex, parse_hex, short_hash, FileHash};
pub use lock::{check_trusted, default_approver, trust, Lock, LockEntry};
pub use native::{load_pack_verified, NativePack};
pub use pack::{open_pack, Isolation, LoadedPack, Opening};
pub use permissions::{check_lock_location, check_pack_location, check_permissions};
pub use runner::{describe_exit, serve, RunnerPack, DEFAULT_DEADLINE, PROTOCOL, RUNNER_COMMAND};
pub use set::{default_pack_dirs, is_pack_file, missing_pack, unpinned_note, PackSet, PackSlot};
pub use trust::{lock_path, TrustError, LOCK_FILE};
pub use validate::{parse_response, validate_description, validate_response};
pub use verified::{file_hash, FileStamp, HashCache, SETTLED};
pub use watch::{is_change, Applied, LivePack, LivePacks, Loaded, PackNews, Reloader, WatchMode};

/// Loads one pack file into this process, trust rules aside: shadow copy, ABI and description
/// checks.
pub fn load_pack(file: &std::path::Path) -> Result<LoadedPack, PackError> {
    native::load_pack(file).map(LoadedPack::from)
}
