//! What every command is given besides its own arguments: where packs and zones come from, and
//! how pack code runs. The CLI builds one from the global options; the commands use it to load
//! zones and packs the same way.

use crate::common::failure::Failure;
use crate::core::zones::Zones;
use crate::host::{
    default_pack_dirs, is_pack_file, open_pack, unpinned_note, Isolation, LoadedPack, Opening,
    PackSet,
};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where pack code runs, as the user chose it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum IsolationChoice {
    /// Each pack in its own runner process.
    Process,
    /// Packs in this process.
    None,
}

/// The options shared by every command.
#[derive(Debug, Clone)]
pub struct Context {
    /// Pack directories given by the user; empty for the default.
    pub pack_dirs: Vec<PathBuf>,
    /// A zones file replacing the bundled zones.
    pub zones_file: Option<PathBuf>,
    pub isolation: Option<IsolationChoice>,
    /// Pack-author mode.
    pub dev: bool,
    /// Seconds one call to an isolated pack may take.
    pub pack_timeout: f64,
}

impl Context {
    pub fn pack_dirs(&self) -> Vec<PathBuf> {
        if self.pack_dirs.is_empty() {
            default_pack_dirs()
        } else {
            self.pack_dirs.clone()
        }
    }

    pub fn load_zones(&self) -> Result<Zones, Failure> {
        Ok(match &self.zones_file {
            Some(file) => Zones::load(file)?,
            None => Zones::default_zones(),
        })
    }

    /// How packs run for this command: `--isolation`, else in runner processes, whatever the
    /// command (a pack that crashes, exits or hangs must not take ftzroute with it, nor pass for
    /// a success).
    pub fn opening(&self) -> Result<Opening, Failure> {
        let isolation = match self.isolation.unwrap_or(IsolationChoice::Process) {
            IsolationChoice::None => Isolation::InProcess,
            IsolationChoice::Process => Isolation::process(self.deadline()?),
        };
        Ok(Opening {
            isolation,
            dev: self.dev,
        })
    }

    /// `--pack-timeout` as a duration; out of [`PACK_TIMEOUT_RANGE`] is a usage error.
    pub fn deadline(&self) -> Result<Duration, Failure> {
        pack_deadline(self.pack_timeout)
            .map_err(|problem| Failure::Usage(format!("--pack-timeout: {problem}")))
    }

    pub fn load_packs(&self) -> Result<PackSet, Failure> {
        let dirs = self.pack_dirs();
        let opening = self.opening()?;
        tracing::info!(?dirs, ?opening, "loading packs");
        let set = PackSet::open_dirs(&dirs, &opening).map_err(|e| Failure::Pack(e.to_string()))?;
        // Said once here, on stderr and never on stdout: what is not pinned, and every file
        // that is not used (the zones that needed it say so in their place in the report).
        for dir in &set.unpinned {
            eprintln!("ftzroute: note: {}", unpinned_note(dir));
        }
        for error in set.errors() {
            eprintln!("ftzroute: pack file not used ({}): {error}", error.kind());
        }
        // Pack-author mode says what it let through.
        for pack in set.loaded() {
            if let Some(warning) = &pack.warning {
                eprintln!("ftzroute: warning (--dev): {warning}");
            }
        }
        Ok(set)
    }

    /// A PACK argument: the path of a built library (loaded from there), or the id of a pack
    /// found in the pack directories.
    pub fn resolve_pack(&self, set: &PackSet, arg: &str) -> Result<LoadedPack, Failure> {
        let path = Path::new(arg);
        if is_pack_file(path) {
            return open_pack(path, &self.opening()?).map_err(|e| Failure::Pack(e.to_string()));
        }
        if let Some(pack) = set.get(arg) {
            return Ok(pack.clone());
        }
        let known: Vec<String> = set.loaded().map(|p| p.description.id.clone()).collect();
        Err(Failure::Usage(format!(
            "no pack `{arg}`: give a loaded pack id ({}) or the path of a built library",
            known.join(", ")
        )))
    }

    /// For commands that must not run on a partial pack set: fails when any file did not load
    /// ([`Context::load_packs`] has listed them already).
    pub fn refuse_failed_packs(set: &PackSet) -> Result<(), Failure> {
        match set.errors().count() {
            0 => Ok(()),
            failed => Err(Failure::Pack(format!(
                "{failed} pack file(s) could not be used (listed above); fix or remove them"
            ))),
        }
    }
}

/// The longest deadline `--pack-timeout` takes, in seconds: a day (a pack call that takes longer
/// is hung).
pub const MAX_PACK_TIMEOUT: f64 = 86_400.0;

/// A pack call's deadline of `seconds`, which must be more than 0 and at most
/// [`MAX_PACK_TIMEOUT`]; the problem otherwise, saying the range.
pub fn pack_deadline(seconds: f64) -> Result<Duration, String> {
    if seconds > 0.0 && seconds <= MAX_PACK_TIMEOUT {
        if let Ok(deadline) = Duration::try_from_secs_f64(seconds) {
            if !deadline.is_zero() {
                return Ok(deadline);
            }
        }
    }
    Err(format!(
        "{seconds} is out of range: give a number of seconds more than 0 and at most {}",
        MAX_PACK_TIMEOUT
    ))
}
