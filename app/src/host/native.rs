//! Packs loaded into this process: shadow copy, ABI checks, calls through the function table.
//!
//! Every pack file is copied to a unique shadow path and loaded from there, so a build writing the
//! original is never disturbed and a rebuilt file is never mistaken for the cached handle. Loaded
//! libraries are never unloaded: Rust cdylibs with thread-local destructors cannot be unloaded
//! safely, so each generation stays mapped until the process ends.

use super::error::{PackError, MAX_OUTPUT_BYTES};
use super::hash::FileHash;
use super::validate::{validate_decisions, validate_description, validate_response};
use super::verified::{copy_vouched, read_verified};
use crate::core::pack::Probes;
use ftzroute_plugin_api::abi::{self, status, ApiEntryFn, PackApiV1};
use ftzroute_plugin_api::{Description, EvaluateRequest, EvaluateResponse, Route};
use std::ffi::c_void;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

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

/// Copies `file` to a fresh shadow path; with `bytes`, writes those instead (the bytes read
/// from `file` and verified).
fn copy_to_shadow(file: &Path, bytes: Option<&[u8]>) -> Result<PathBuf, PackError> {
    let shadow = new_shadow(file)?;
    let shadow_error = |source| PackError::Shadow {
        file: file.to_path_buf(),
        shadow: shadow.clone(),
        source,
    };
    match bytes {
        Some(bytes) => write_new_file_with(&shadow, |to| {
            use std::io::Write;
            to.write_all(bytes)
        })
        .map_err(shadow_error)?,
        None => {
            std::fs::copy(file, &shadow).map_err(shadow_error)?;
        }
    }
    Ok(shadow)
}

/// A name for a new shadow copy of `file`, in a private directory.
fn new_shadow(file: &Path) -> Result<PathBuf, PackError> {
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
    super::permissions::check_permissions(&dir).map_err(|e| PackError::Untrusted {
        file: file.to_path_buf(),
        // The permission error starts with the directory it is about.
        message: format!("shadow directory {e}"),
    })?;
    Ok(shadow)
}

/// Creates a file that must not exist yet (a name left behind is never reused) and lets
/// `write` fill it.
fn write_new_file_with<T>(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<T>,
) -> std::io::Result<T> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o700);
    }
    write(&mut options.open(path)?)
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

/// A pack mapped into this process (never unloaded).
#[derive(Clone)]
pub struct NativePack {
    pub description: Description,
    /// The file the pack was found as (not its shadow copy).
    pub file: PathBuf,
    api: &'static PackApiV1,
}

/// Loads one pack file: shadow copy, open, ABI checks, description checks.
pub fn load_pack(file: &Path) -> Result<NativePack, PackError> {
    load_pack_verified(file, None)
}

/// [`load_pack`], refusing a shadow copy whose SHA-256 is not `expected` (the file changed
/// between its approval and its copy).
pub fn load_pack_verified(
    file: &Path,
    expected: Option<&FileHash>,
) -> Result<NativePack, PackError> {
    let shadow = shadow_copy_verified(file, expected)?;
    load_shadow(file, &shadow)
}

/// The first, pack-code-free half of loading: copies `file` to a fresh shadow path. With
/// `expected`, the file is read once, its bytes must have that SHA-256 (see
/// [`super::verified`]), and those very bytes are what the shadow copy holds. Its time is the
/// host's (a slow disk), not the pack's.
pub fn shadow_copy_verified(
    file: &Path,
    expected: Option<&FileHash>,
) -> Result<PathBuf, PackError> {
    let Some(expected) = expected else {
        return copy_to_shadow(file, None);
    };
    let read_error = |source| PackError::Shadow {
        file: file.to_path_buf(),
        shadow: file.to_path_buf(),
        source,
    };
    // Most loads: the cache vouches for the file as it is, and the kernel copies it.
    let shadow = new_shadow(file)?;
    let vouched = write_new_file_with(&shadow, |to| copy_vouched(file, expected, to));
    match vouched {
        Ok(true) => return Ok(shadow),
        Ok(false) => {
            let _ = std::fs::remove_file(&shadow);
        }
        Err(source) => {
            let _ = std::fs::remove_file(&shadow);
            return Err(PackError::Shadow {
                file: file.to_path_buf(),
                shadow,
                source,
            });
        }
    }
    match read_verified(file, expected).map_err(read_error)? {
        Ok(bytes) => copy_to_shadow(file, Some(&bytes)),
        Err(_) => Err(PackError::Untrusted {
            file: file.to_path_buf(),
            message: "the file changed after it was checked against packs.lock; not loaded".into(),
        }),
    }
}

/// The second half: opens the shadow copy (running the library's initialisers), checks the ABI
/// and asks the pack to describe itself. `file` is the original, for messages.
pub fn load_shadow(file: &Path, shadow: &Path) -> Result<NativePack, PackError> {
    let opened = open_library(shadow);
    // The mapping stays valid after the name is gone; removing it now leaves nothing behind.
    if cfg!(unix) {
        let _ = std::fs::remove_file(shadow);
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
    Ok(NativePack {
        description,
        file: file.to_path_buf(),
        api,
    })
}

impl NativePack {
    /// Sends a request through the `evaluate` entry point; returns the raw answer.
    fn call_evaluate(&self, request: &EvaluateRequest) -> Result<Vec<u8>, PackError> {
        // A pack built against an older contract minor gets only the fields it knows.
        let json = serde_json::to_vec(&*request.for_pack(&self.description))
            .expect("a request always serializes");
        let evaluate = self.api.evaluate;
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

    /// One full evaluation, its answer checked against the request and the description.
    pub fn evaluate(&self, request: &EvaluateRequest) -> Result<EvaluateResponse, PackError> {
        let bytes = self.call_evaluate(request)?;
        let response: EvaluateResponse =
            serde_json::from_slice(&bytes).map_err(|e| self.bad_answer(e.to_string()))?;
        validate_response(&self.description, request, &response)
            .map_err(|reason| self.bad_answer(reason))?;
        Ok(response)
    }

    /// Only the routes: the request goes out with `routes_only`, and only ids, routes and
    /// rules of the answer are read.
    pub fn routes(&self, request: &EvaluateRequest) -> Result<Vec<Route>, PackError> {
        let mut brief = request.clone();
        brief.routes_only = true;
        let bytes = self.call_evaluate(&brief)?;
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
}

impl NativePack {
    /// What the request's probes decide (contract 1.5; their rules 1.6): only the answer's
    /// `probes` and `probe_rules` are read.
    pub fn probe(&self, request: &EvaluateRequest) -> Result<Probes, PackError> {
        let mut brief = request.clone();
        brief.routes_only = true;
        let bytes = self.call_evaluate(&brief)?;
        let response: ProbeResponse =
            serde_json::from_slice(&bytes).map_err(|e| self.bad_answer(e.to_string()))?;
        let probes = Probes {
            routes: response.probes,
            rules: response.probe_rules,
        };
        crate::host::validate::validate_probes(&self.description, request, &probes)
            .map_err(|reason| self.bad_answer(reason))?;
        Ok(probes)
    }
}

/// The part of a probe answer the host reads.
#[derive(serde::Deserialize)]
struct ProbeResponse {
    #[serde(default)]
    probes: Vec<Route>,
    #[serde(default)]
    probe_rules: Vec<String>,
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
