//! A pack ready to run, wherever its code runs, and how pack files are opened.

use super::error::PackError;
use super::lock::{check_trusted, Lock};
use super::native::{load_pack_verified, NativePack};
use super::permissions::{check_lock_location, check_pack_location};
use super::runner::RunnerPack;
use super::trust::TrustError;
use super::verified::file_hash;
use crate::core::pack::{InForce, PackFault, Probes, RulePack};
use ftzroute_plugin_api::{Description, EvaluateRequest, EvaluateResponse, Route};
use std::path::{Path, PathBuf};

/// A pack that loaded and described itself correctly. Cloning shares the same loaded library.
#[derive(Clone)]
pub struct LoadedPack {
    pub description: Description,
    /// When it is in force, read from the description at load.
    pub in_force: InForce,
    /// The file the pack was found as (not its shadow copy).
    pub file: PathBuf,
    backend: Backend,
    /// Why this pack would have been refused outside pack-author mode.
    pub warning: Option<String>,
}

/// Where a pack's code runs.
#[derive(Clone)]
enum Backend {
    /// Mapped into this process (never unloaded).
    InProcess(std::sync::Arc<NativePack>),
    /// In a runner child process, which a crash or hang takes down instead of this one. Shared by
    /// clones; the runner ends when the last clone is dropped.
    Runner(std::sync::Arc<RunnerPack>),
}

/// How packs are run: in this process (fastest), or each in its own runner process (a pack that
/// crashes, aborts or hangs cannot take the host down).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Isolation {
    InProcess,
    Process {
        /// The executable that serves packs (this binary).
        runner: PathBuf,
        /// How long one call may take before the runner is ended.
        deadline: std::time::Duration,
    },
}

impl Isolation {
    /// Runner processes of this very executable.
    pub fn process(deadline: std::time::Duration) -> Isolation {
        Isolation::Process {
            runner: std::env::current_exe().unwrap_or_else(|_| PathBuf::from("ftzroute")),
            deadline,
        }
    }
}

/// How pack files are opened: where they run, and whether the trust rules are enforced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    pub isolation: Isolation,
    /// Pack-author mode: packs not approved in `packs.lock`, or in places others can write, load
    /// anyway, each with a warning.
    pub dev: bool,
}

impl Opening {
    /// In this process, trust rules enforced.
    pub fn in_process() -> Opening {
        Opening {
            isolation: Isolation::InProcess,
            dev: false,
        }
    }
}

/// Opens a pack file as `opening` says. Unless in pack-author mode, the file and its directory
/// must not be writable by others, and where the directory has a `packs.lock` the lock must not
/// be either (whoever can change it chooses what is approved) and the file's SHA-256 must be
/// approved in it; the copy that is then loaded must be exactly those approved bytes. Every load
/// and reload comes here, so every one is checked afresh.
pub fn open_pack(file: &Path, opening: &Opening) -> Result<LoadedPack, PackError> {
    // Trust messages start with the path they are about; when that is the file itself, the
    // error names it in front already.
    let trust_error = |error: TrustError| {
        let text = error.to_string();
        let prefix = format!("{}: ", file.display());
        PackError::Untrusted {
            file: file.to_path_buf(),
            message: text
                .strip_prefix(&prefix)
                .map(str::to_owned)
                .unwrap_or(text),
        }
    };
    let dir = file.parent().unwrap_or(Path::new("."));
    let mut warnings: Vec<String> = Vec::new();
    let location = check_pack_location(file);
    match (check_lock_location(dir), opening.dev) {
        (Ok(()), _) => {}
        (Err(error), false) => return Err(trust_error(error)),
        (Err(error), true) => warnings.push(error.to_string()),
    }
    let lock = Lock::load(dir).map_err(|e| trust_error(e.into()))?;
    let approved = match &lock {
        Some(lock) => {
            // Remembered per file stamp: an unchanged file is not read again (see
            // `verified`); the loader checks the bytes it loads all the same.
            let hash = file_hash(file).map_err(|source| PackError::Shadow {
                file: file.to_path_buf(),
                shadow: file.to_path_buf(),
                source,
            })?;
            match (check_trusted(dir, Some(lock), file, &hash), opening.dev) {
                (Ok(()), _) => Some(hash),
                (Err(error), false) => return Err(trust_error(error)),
                (Err(error), true) => {
                    warnings.push(error.to_string());
                    None
                }
            }
        }
        None => None,
    };
    match (location, opening.dev) {
        (Ok(()), _) => {}
        (Err(error), false) => return Err(trust_error(error)),
        (Err(error), true) => warnings.push(error.to_string()),
    }
    let warning = (!warnings.is_empty()).then(|| warnings.join("; "));
    let mut pack = match &opening.isolation {
        Isolation::InProcess => LoadedPack::from(load_pack_verified(file, approved.as_ref())?),
        Isolation::Process { runner, deadline } => {
            let served = RunnerPack::start(runner, file, *deadline, approved.as_ref())?;
            LoadedPack {
                in_force: InForce::of(served.description()),
                description: served.description().clone(),
                file: file.to_path_buf(),
                backend: Backend::Runner(std::sync::Arc::new(served)),
                warning: None,
            }
        }
    };
    if let Some(warning) = &warning {
        tracing::warn!(%warning, "untrusted pack loaded in pack-author mode");
    }
    pack.warning = warning;
    Ok(pack)
}

impl std::fmt::Debug for LoadedPack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedPack")
            .field("id", &self.description.id)
            .field("file", &self.file)
            .finish()
    }
}

impl From<NativePack> for LoadedPack {
    fn from(pack: NativePack) -> Self {
        LoadedPack {
            in_force: InForce::of(&pack.description),
            description: pack.description.clone(),
            file: pack.file.clone(),
            backend: Backend::InProcess(std::sync::Arc::new(pack)),
            warning: None,
        }
    }
}

impl LoadedPack {
    /// The runner process serving this pack, while one runs (none in this process).
    pub fn runner_process_id(&self) -> Option<u32> {
        match &self.backend {
            Backend::InProcess(_) => None,
            Backend::Runner(runner) => runner.process_id(),
        }
    }

    /// Sends one full evaluation, keeping the host's own error.
    pub fn evaluate_detailed(
        &self,
        request: &EvaluateRequest,
    ) -> Result<EvaluateResponse, PackError> {
        match &self.backend {
            Backend::InProcess(native) => native.evaluate(request),
            Backend::Runner(runner) => runner.evaluate(request),
        }
    }
}

impl RulePack for LoadedPack {
    fn description(&self) -> &Description {
        &self.description
    }

    fn in_force(&self) -> InForce {
        self.in_force
    }

    fn file(&self) -> Option<&Path> {
        Some(&self.file)
    }

    fn probe(&self, request: &EvaluateRequest) -> Option<Result<Probes, PackFault>> {
        if self.description.contract_minor < ftzroute_plugin_api::PROBE_MINOR {
            return None;
        }
        let routes = match &self.backend {
            Backend::InProcess(native) => native.probe(request),
            Backend::Runner(runner) => runner.probe(request),
        };
        Some(routes.map_err(|error| error.fault().for_pack(&self.description.id)))
    }

    fn routes(&self, request: &EvaluateRequest) -> Result<Vec<Route>, PackFault> {
        let routes = match &self.backend {
            Backend::InProcess(native) => native.routes(request),
            Backend::Runner(runner) => runner.routes(request),
        };
        routes.map_err(|error| error.fault().for_pack(&self.description.id))
    }

    fn evaluate(&self, request: &EvaluateRequest) -> Result<EvaluateResponse, PackFault> {
        self.evaluate_detailed(request)
            .map_err(|error| error.fault().for_pack(&self.description.id))
    }
}
