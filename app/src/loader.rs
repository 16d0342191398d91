//! Finds rule packs and loads them as dynamic libraries, validating each step.
//!
//! Every pack file is copied to a unique shadow path and loaded from there, so a build writing the
//! original is never disturbed and a rebuilt file is never mistaken for the cached handle. Loaded
//! libraries are never unloaded: Rust cdylibs with thread-local destructors cannot be unloaded
//! safely, so each generation stays mapped until the process ends.

use crate::profile::parse_date;
use ftzroute_plugin_api::abi::{self, status, ApiEntryFn, PackApiV1};
use ftzroute_plugin_api::{Description, EvaluateRequest, EvaluateResponse, Route};
use std::collections::HashSet;
use std::ffi::c_void;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Largest document a pack may write for one call; more is a fault, not a crash.
pub const MAX_OUTPUT_BYTES: usize = 16 * 1024 * 1024;

/// Why a pack file could not be used. Each variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("{file}: cannot copy the pack to its shadow path {shadow}: {source}")]
    Shadow {
        file: PathBuf,
        shadow: PathBuf,
        source: std::io::Error,
    },
    #[error("{file}: not a loadable library: {reason}")]
    Open { file: PathBuf, reason: String },
    #[error("{file}: missing symbol `{symbol}`: not an ftzroute pack, or built against another plugin API")]
    MissingSymbol { file: PathBuf, symbol: String },
    #[error("{file}: pack speaks ABI version {found}, this ftzroute speaks version {expected}; rebuild the pack against the matching plugin-api")]
    AbiVersion {
        file: PathBuf,
        found: u32,
        expected: u32,
    },
    #[error("{file}: function table is {found} bytes, at least {expected} are needed for ABI version {version}")]
    TableTooSmall {
        file: PathBuf,
        found: u32,
        expected: u32,
        version: u32,
    },
    #[error("{file}: `{entry}` returned status {code} ({}): {message}", status::name(*code))]
    Status {
        file: PathBuf,
        entry: &'static str,
        code: u32,
        message: String,
    },
    #[error("{file}: `{entry}` wrote more than {limit} bytes", limit = MAX_OUTPUT_BYTES)]
    OutputTooLarge { file: PathBuf, entry: &'static str },
    #[error("{file}: `{entry}` wrote an invalid document: {reason}")]
    BadDocument {
        file: PathBuf,
        entry: &'static str,
        reason: String,
    },
    #[error("{file}: pack id `{id}` is already provided by {first}; remove one of the two")]
    DuplicateId {
        file: PathBuf,
        id: String,
        first: PathBuf,
    },
    #[error("{message}")]
    Untrusted { message: String },
    #[error("{file}: pack crashed: {how}")]
    Crashed { file: PathBuf, how: String },
    #[error("{file}: pack hung: no answer within {} s, its runner was ended", deadline.as_secs_f64())]
    Hung {
        file: PathBuf,
        deadline: std::time::Duration,
    },
    #[error("{file}: {message}")]
    Runner { file: PathBuf, message: String },
    #[error("cannot read pack directory {dir}: {source}")]
    Directory {
        dir: PathBuf,
        source: std::io::Error,
    },
}

/// A pack that loaded and described itself correctly. Cloning shares the same loaded library.
#[derive(Clone)]
pub struct LoadedPack {
    pub description: Description,
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
    InProcess(&'static PackApiV1),
    /// In a runner child process, which a crash or hang takes down instead of this one. Shared by
    /// clones; the runner ends when the last clone is dropped.
    Runner(std::sync::Arc<crate::runner::RunnerPack>),
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
/// must not be writable by others, and where the directory has a `packs.lock` the file's SHA-256
/// must be approved in it; the copy that is then loaded must be exactly those approved bytes.
pub fn open_pack(file: &Path, opening: &Opening) -> Result<LoadedPack, PackError> {
    let trust_error = |error: crate::trust::TrustError| PackError::Untrusted {
        message: error.to_string(),
    };
    let dir = file.parent().unwrap_or(Path::new("."));
    let mut warning = None;
    let location = crate::trust::check_pack_location(file);
    let lock = crate::trust::Lock::load(dir).map_err(|e| trust_error(e.into()))?;
    let approved = match &lock {
        Some(lock) => {
            let bytes = std::fs::read(file).map_err(|source| PackError::Shadow {
                file: file.to_path_buf(),
                shadow: file.to_path_buf(),
                source,
            })?;
            let hash = crate::reload::hash_bytes(&bytes);
            match (
                crate::trust::check_trusted(dir, Some(lock), file, &hash),
                opening.dev,
            ) {
                (Ok(()), _) => Some(hash),
                (Err(error), false) => return Err(trust_error(error)),
                (Err(error), true) => {
                    warning = Some(error.to_string());
                    None
                }
            }
        }
        None => None,
    };
    match (location, opening.dev) {
        (Ok(()), _) => {}
        (Err(error), false) => return Err(trust_error(error)),
        (Err(error), true) => warning = Some(error.to_string()),
    }
    let mut pack = match &opening.isolation {
        Isolation::InProcess => load_pack_verified(file, approved.as_ref())?,
        Isolation::Process { runner, deadline } => {
            let served =
                crate::runner::RunnerPack::start(runner, file, *deadline, approved.as_ref())?;
            LoadedPack {
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

/// Anything that can decide a profile the way a pack does: the dynamic pack, and in benches or
/// tests the same pack linked statically.
pub trait RulePack {
    fn description(&self) -> &Description;
    fn evaluate(&self, request: &EvaluateRequest) -> Result<EvaluateResponse, PackError>;

    /// Only the route of each export: what headroom probes need. Implementations may answer it
    /// more cheaply than a full evaluation.
    fn routes(&self, request: &EvaluateRequest) -> Result<Vec<Route>, PackError> {
        Ok(self
            .evaluate(request)?
            .exports
            .into_iter()
            .map(|o| o.route)
            .collect())
    }
}

impl LoadedPack {
    /// Sends a request through the `evaluate` entry point; returns the raw answer.
    fn call_evaluate(
        &self,
        api: &PackApiV1,
        request: &EvaluateRequest,
    ) -> Result<Vec<u8>, PackError> {
        let json = serde_json::to_vec(&*request.for_pack(&self.description))
            .expect("a request always serializes");
        let evaluate = api.evaluate;
        call_pack(&self.file, "evaluate", |sink| {
            // SAFETY: the table was validated at load; `json` outlives the call.
            unsafe { evaluate(json.as_ptr(), json.len(), sink) }
        })
    }

    fn bad_answer(&self, reason: String) -> PackError {
        PackError::BadDocument {
            file: self.file.clone(),
            entry: "evaluate",
            reason,
        }
    }
}

impl RulePack for LoadedPack {
    fn description(&self) -> &Description {
        &self.description
    }

    fn routes(&self, request: &EvaluateRequest) -> Result<Vec<Route>, PackError> {
        let api = match &self.backend {
            Backend::InProcess(api) => *api,
            Backend::Runner(runner) => return runner.routes(request),
        };
        let mut brief = request.clone();
        brief.routes_only = true;
        let bytes = self.call_evaluate(api, &brief)?;
        let response: BriefResponse =
            serde_json::from_slice(&bytes).map_err(|e| self.bad_answer(e.to_string()))?;
        validate_decisions(
            &self.description,
            request,
            response
                .exports
                .iter()
                .map(|o| (o.id.as_str(), o.route, o.rule.as_str())),
        )
        .map_err(|reason| self.bad_answer(reason))?;
        Ok(response.exports.into_iter().map(|o| o.route).collect())
    }

    fn evaluate(&self, request: &EvaluateRequest) -> Result<EvaluateResponse, PackError> {
        let api = match &self.backend {
            Backend::InProcess(api) => *api,
            Backend::Runner(runner) => return runner.evaluate(request),
        };
        let bytes = self.call_evaluate(api, request)?;
        let response: EvaluateResponse =
            serde_json::from_slice(&bytes).map_err(|e| PackError::BadDocument {
                file: self.file.clone(),
                entry: "evaluate",
                reason: e.to_string(),
            })?;
        validate_response(&self.description, request, &response).map_err(|reason| {
            PackError::BadDocument {
                file: self.file.clone(),
                entry: "evaluate",
                reason,
            }
        })?;
        Ok(response)
    }
}

/// Host side of a sink: appends up to [`MAX_OUTPUT_BYTES`], then only records the overflow.
struct Capture {
    bytes: Vec<u8>,
    overflow: bool,
}

unsafe extern "C" fn capture_write(ctx: *mut c_void, bytes: *const u8, len: usize) {
    if ctx.is_null() || bytes.is_null() || len == 0 {
        return;
    }
    // SAFETY: `ctx` is the `Capture` owned by `call_pack` for the duration of the call; the pack
    // promises `bytes` holds `len` readable bytes.
    let capture = unsafe { &mut *(ctx as *mut Capture) };
    if capture.overflow || capture.bytes.len() + len > MAX_OUTPUT_BYTES {
        capture.overflow = true;
        return;
    }
    capture
        .bytes
        .extend_from_slice(unsafe { std::slice::from_raw_parts(bytes, len) });
}

/// Calls one entry point with a fresh capture sink and checks status, size and encoding.
fn call_pack(
    file: &Path,
    entry: &'static str,
    call: impl FnOnce(abi::Sink) -> u32,
) -> Result<Vec<u8>, PackError> {
    let mut capture = Capture {
        bytes: Vec::new(),
        overflow: false,
    };
    let sink = abi::Sink {
        ctx: &mut capture as *mut Capture as *mut c_void,
        write: capture_write,
    };
    let code = call(sink);
    if capture.overflow {
        return Err(PackError::OutputTooLarge {
            file: file.to_path_buf(),
            entry,
        });
    }
    if code != status::OK {
        return Err(PackError::Status {
            file: file.to_path_buf(),
            entry,
            code,
            message: String::from_utf8_lossy(&capture.bytes).into_owned(),
        });
    }
    Ok(capture.bytes)
}

static SHADOW_SEQUENCE: AtomicU64 = AtomicU64::new(0);

/// Where shadow copies go: per user, outside any watched pack directory.
fn shadow_dir() -> PathBuf {
    let base = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|dir| dir.is_dir())
        .unwrap_or_else(std::env::temp_dir);
    base.join(format!("ftzroute-shadow-{}", user_tag()))
}

#[cfg(unix)]
fn user_tag() -> String {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }.to_string()
}

#[cfg(not(unix))]
fn user_tag() -> String {
    std::env::var("USERNAME").unwrap_or_else(|_| "user".into())
}

fn copy_to_shadow(file: &Path) -> Result<PathBuf, PackError> {
    let dir = shadow_dir();
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("pack");
    let shadow = dir.join(format!(
        "{stem}.{}.{}.{}",
        std::process::id(),
        SHADOW_SEQUENCE.fetch_add(1, Ordering::Relaxed),
        std::env::consts::DLL_EXTENSION
    ));
    let shadow_error = |source| PackError::Shadow {
        file: file.to_path_buf(),
        shadow: shadow.clone(),
        source,
    };
    create_private_dir(&dir).map_err(shadow_error)?;
    // Another user may have made the directory first (in a shared temporary directory): a copy
    // there could be swapped before it is loaded.
    crate::trust::check_permissions(&dir).map_err(|e| PackError::Untrusted {
        message: format!("shadow directory {}: {e}", dir.display()),
    })?;
    std::fs::copy(file, &shadow).map_err(shadow_error)?;
    Ok(shadow)
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

#[cfg(unix)]
fn open_library(path: &Path) -> Result<libloading::Library, libloading::Error> {
    use libloading::os::unix::{Library, RTLD_LOCAL, RTLD_NOW};
    // SAFETY: loading runs the library's initialisers; packs are native code the user chose to
    // install. RTLD_NOW makes unresolved symbols fail here rather than at the first call.
    unsafe { Library::open(Some(path), RTLD_NOW | RTLD_LOCAL) }.map(Into::into)
}

#[cfg(not(unix))]
fn open_library(path: &Path) -> Result<libloading::Library, libloading::Error> {
    // SAFETY: as above.
    unsafe { libloading::Library::new(path) }
}

/// Loads one pack file: shadow copy, open, ABI checks, description checks.
pub fn load_pack(file: &Path) -> Result<LoadedPack, PackError> {
    load_pack_verified(file, None)
}

/// [`load_pack`], refusing a shadow copy whose SHA-256 is not `expected` (the file changed
/// between its approval and its copy).
pub fn load_pack_verified(
    file: &Path,
    expected: Option<&crate::reload::FileHash>,
) -> Result<LoadedPack, PackError> {
    let shadow = copy_to_shadow(file)?;
    if let Some(expected) = expected {
        let copied = std::fs::read(&shadow).map(|bytes| crate::reload::hash_bytes(&bytes));
        if copied.as_ref().ok() != Some(expected) {
            let _ = std::fs::remove_file(&shadow);
            return Err(PackError::Untrusted {
                message: format!(
                    "{}: the file changed after it was checked against packs.lock; not loaded",
                    file.display()
                ),
            });
        }
    }
    let opened = open_library(&shadow);
    // The mapping stays valid after the name is gone; removing it now leaves nothing behind.
    if cfg!(unix) {
        let _ = std::fs::remove_file(&shadow);
    }
    let library = opened.map_err(|e| PackError::Open {
        file: file.to_path_buf(),
        reason: e.to_string(),
    })?;
    // Never unloaded: see the module documentation.
    let library: &'static libloading::Library = Box::leak(Box::new(library));
    let missing = |symbol: &[u8]| PackError::MissingSymbol {
        file: file.to_path_buf(),
        symbol: String::from_utf8_lossy(&symbol[..symbol.len() - 1]).into_owned(),
    };

    // The version is plain data: read it before running any pack function.
    // SAFETY: the symbol is declared as `const uint32_t` by the ABI.
    let version = unsafe { library.get::<*const u32>(abi::ABI_VERSION_SYMBOL) }
        .map_err(|_| missing(abi::ABI_VERSION_SYMBOL))?;
    // SAFETY: a data symbol's address points at the u32 the pack exports.
    let found = unsafe { **version };
    if found != abi::ABI_VERSION {
        return Err(PackError::AbiVersion {
            file: file.to_path_buf(),
            found,
            expected: abi::ABI_VERSION,
        });
    }
    // SAFETY: the ABI declares this symbol as `const FtzPackApiV1 *(void)`.
    let entry = unsafe { library.get::<ApiEntryFn>(abi::API_SYMBOL) }
        .map_err(|_| missing(abi::API_SYMBOL))?;
    // SAFETY: calling the entry point declared by the ABI.
    let table = unsafe { entry() };
    if table.is_null() {
        return Err(PackError::BadDocument {
            file: file.to_path_buf(),
            entry: "ftzroute_pack_api_v1",
            reason: "returned a null function table".into(),
        });
    }
    // SAFETY: non-null, and the pack promises a table that lives as long as the library, which
    // is never unloaded. Only the header is read before the size is checked.
    let (table_version, table_size) = unsafe { ((*table).abi_version, (*table).size) };
    let needed = std::mem::size_of::<PackApiV1>() as u32;
    if table_version != abi::ABI_VERSION {
        return Err(PackError::AbiVersion {
            file: file.to_path_buf(),
            found: table_version,
            expected: abi::ABI_VERSION,
        });
    }
    if table_size < needed {
        return Err(PackError::TableTooSmall {
            file: file.to_path_buf(),
            found: table_size,
            expected: needed,
            version: table_version,
        });
    }
    // SAFETY: size checked above.
    let api: &'static PackApiV1 = unsafe { &*table };
    let describe = api.describe;
    // SAFETY: validated table; the sink lives for the call.
    let bytes = call_pack(file, "describe", |sink| unsafe { describe(sink) })?;
    let bad = |reason: String| PackError::BadDocument {
        file: file.to_path_buf(),
        entry: "describe",
        reason,
    };
    let description: Description =
        serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
    validate_description(&description).map_err(bad)?;
    Ok(LoadedPack {
        description,
        file: file.to_path_buf(),
        backend: Backend::InProcess(api),
        warning: None,
    })
}

/// Checks what serde cannot: identity present, dates valid, rules unique and cited.
pub fn validate_description(description: &Description) -> Result<(), String> {
    let id_ok = !description.id.is_empty()
        && description
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !id_ok {
        return Err(format!(
            "pack id `{}` must be non-empty lowercase letters, digits and dashes",
            description.id
        ));
    }
    for (field, value) in [
        ("zone", &description.zone),
        ("name", &description.name),
        ("edition", &description.edition),
    ] {
        if value.trim().is_empty() {
            return Err(format!("`{field}` is empty"));
        }
    }
    let issued = parse_date(&description.issued).ok_or_else(|| {
        format!(
            "`issued` is not a YYYY-MM-DD date: `{}`",
            description.issued
        )
    })?;
    let from = parse_date(&description.effective_from).ok_or_else(|| {
        format!(
            "`effective_from` is not a YYYY-MM-DD date: `{}`",
            description.effective_from
        )
    })?;
    if let Some(until) = &description.effective_until {
        let until = parse_date(until)
            .ok_or_else(|| format!("`effective_until` is not a YYYY-MM-DD date: `{until}`"))?;
        if until < from {
            return Err("`effective_until` is before `effective_from`".into());
        }
    }
    let _ = issued;
    if description.sectors.is_empty() || description.sectors.iter().any(|s| s.trim().is_empty()) {
        return Err("`sectors` must list at least one sector (or \"*\" for all)".into());
    }
    if description.rules.is_empty() {
        return Err("the pack declares no rules".into());
    }
    let mut ids = HashSet::new();
    for rule in &description.rules {
        if !ids.insert(rule.id.as_str()) {
            return Err(format!("rule id `{}` is declared twice", rule.id));
        }
        if rule.citation.zh.trim().is_empty() || rule.citation.en.trim().is_empty() {
            return Err(format!(
                "rule `{}` lacks a bilingual citation (zh and en)",
                rule.id
            ));
        }
        if rule.basis.trim().is_empty() {
            return Err(format!("rule `{}` has an empty basis", rule.id));
        }
    }
    Ok(())
}

/// Checks a pack's answer against its request and its own description.
pub fn validate_response(
    description: &Description,
    request: &EvaluateRequest,
    response: &EvaluateResponse,
) -> Result<(), String> {
    validate_decisions(
        description,
        request,
        response
            .exports
            .iter()
            .map(|o| (o.id.as_str(), o.route, o.rule.as_str())),
    )?;
    for outcome in &response.exports {
        let mut previous = None;
        for step in &outcome.ladder {
            if description.rule(&step.rule).is_none() {
                return Err(format!(
                    "export `{}`: ladder rule `{}` is not in the pack's description",
                    outcome.id, step.rule
                ));
            }
            if previous.is_some_and(|from| step.from <= from) {
                return Err(format!("export `{}`: ladder steps must ascend", outcome.id));
            }
            previous = Some(step.from);
        }
    }
    Ok(())
}

/// Checks the decisions of an answer: one per export, in request order, each naming a rule
/// of the pack whose route it takes.
fn validate_decisions<'a>(
    description: &Description,
    request: &EvaluateRequest,
    decisions: impl ExactSizeIterator<Item = (&'a str, Route, &'a str)>,
) -> Result<(), String> {
    if decisions.len() != request.exports.len() {
        return Err(format!(
            "{} outcomes for {} exports",
            decisions.len(),
            request.exports.len()
        ));
    }
    for ((id, route, rule_id), export) in decisions.zip(&request.exports) {
        if id != export.id {
            return Err(format!(
                "outcome `{id}` where export `{}` was expected (outcomes must follow request order)",
                export.id
            ));
        }
        let rule = description.rule(rule_id).ok_or_else(|| {
            format!("export `{id}`: rule `{rule_id}` is not in the pack's description")
        })?;
        if rule.route != route {
            return Err(format!(
                "export `{id}`: route {route} contradicts rule `{}`, whose route is {}",
                rule.id, rule.route
            ));
        }
    }
    Ok(())
}

/// The part of an answer a headroom probe needs; everything else in the document is skipped
/// unread, which is most of the cost of reading a full answer.
#[derive(serde::Deserialize)]
struct BriefResponse {
    exports: Vec<BriefOutcome>,
}

#[derive(serde::Deserialize)]
struct BriefOutcome {
    id: String,
    route: Route,
    rule: String,
}

/// Every pack file found, loaded or not.
#[derive(Debug, Default)]
pub struct PackSet {
    pub slots: Vec<PackSlot>,
}

/// One file that looked like a pack, and what came of loading it.
#[derive(Debug)]
pub struct PackSlot {
    pub file: PathBuf,
    pub loaded: Result<LoadedPack, PackError>,
}

impl PackSet {
    /// Loads every pack library in `dirs` (not recursive), in name order.
    pub fn load_dirs(dirs: &[PathBuf]) -> Result<PackSet, PackError> {
        PackSet::open_dirs(dirs, &Opening::in_process())
    }

    /// Opens every pack library in `dirs` (not recursive), in name order, as `opening` says.
    pub fn open_dirs(dirs: &[PathBuf], opening: &Opening) -> Result<PackSet, PackError> {
        let mut files = Vec::new();
        for dir in dirs {
            let entries = std::fs::read_dir(dir).map_err(|source| PackError::Directory {
                dir: dir.clone(),
                source,
            })?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| is_pack_file(path))
                .collect();
            found.sort();
            files.extend(found);
        }
        Ok(PackSet::open_files(&files, opening))
    }

    /// Loads the given files in this process; a second file with an id already loaded is refused.
    pub fn load_files(files: &[PathBuf]) -> PackSet {
        PackSet::open_files(files, &Opening::in_process())
    }

    /// Opens the given files as `opening` says; a second file with an id already open is refused.
    pub fn open_files(files: &[PathBuf], opening: &Opening) -> PackSet {
        let mut set = PackSet::default();
        for file in files {
            let loaded =
                open_pack(file, opening).and_then(|pack| match set.get(&pack.description.id) {
                    Some(first) => Err(PackError::DuplicateId {
                        file: file.clone(),
                        id: pack.description.id.clone(),
                        first: first.file.clone(),
                    }),
                    None => Ok(pack),
                });
            if let Err(error) = &loaded {
                tracing::warn!(%error, "pack not loaded");
            }
            set.slots.push(PackSlot {
                file: file.clone(),
                loaded,
            });
        }
        set
    }

    /// The loaded pack with this id.
    pub fn get(&self, id: &str) -> Option<&LoadedPack> {
        self.loaded().find(|pack| pack.description.id == id)
    }

    pub fn loaded(&self) -> impl Iterator<Item = &LoadedPack> {
        self.slots
            .iter()
            .filter_map(|slot| slot.loaded.as_ref().ok())
    }

    pub fn errors(&self) -> impl Iterator<Item = &PackError> {
        self.slots
            .iter()
            .filter_map(|slot| slot.loaded.as_ref().err())
    }
}

/// A file whose extension is this platform's shared-library extension.
pub fn is_pack_file(path: &Path) -> bool {
    path.is_file()
        && path.extension().and_then(|e| e.to_str()) == Some(std::env::consts::DLL_EXTENSION)
}

/// Where packs are looked for without `--packs`: beside the executable (where
/// `cargo build --release --workspace` puts them), and its `packs/` subdirectory if present.
pub fn default_pack_dirs() -> Vec<PathBuf> {
    let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
    else {
        return Vec::new();
    };
    let mut dirs = vec![dir.clone()];
    if dir.join("packs").is_dir() {
        dirs.push(dir.join("packs"));
    }
    dirs
}

/// Turns a pack's answer bytes into a response checked against its request and description: the
/// host's reading of every `evaluate` answer, callable without a loaded library.
pub fn parse_response(
    description: &Description,
    request: &EvaluateRequest,
    bytes: &[u8],
) -> Result<EvaluateResponse, String> {
    let response: EvaluateResponse = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    validate_response(description, request, &response)?;
    Ok(response)
}
