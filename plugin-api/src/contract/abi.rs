//! The C ABI of a rule pack, version 1. Keep in step with `include/ftzroute_pack.h`.
//!
//! A pack is a shared library exporting two symbols:
//!
//! * [`ABI_VERSION_SYMBOL`]: a `uint32_t` static the host reads before calling any pack code;
//! * [`API_SYMBOL`]: `const FtzPackApiV1 *ftzroute_pack_api_v1(void)`, the function table.
//!
//! The table carries its own size so it can grow by appending fields: a host accepts any table at
//! least as large as the fields it uses. Documents travel as UTF-8 JSON; the pack writes its
//! answer into a host-owned [`Sink`], so no allocation ever crosses the boundary.

use std::ffi::c_void;

/// The ABI version this crate speaks.
pub const ABI_VERSION: u32 = 1;

/// Name of the exported `uint32_t` holding the pack's ABI version (NUL-terminated for `dlsym`).
pub const ABI_VERSION_SYMBOL: &[u8] = b"FTZROUTE_PACK_ABI_VERSION\0";

/// Name of the exported function returning the [`PackApiV1`] table (NUL-terminated for `dlsym`).
pub const API_SYMBOL: &[u8] = b"ftzroute_pack_api_v1\0";

/// Status codes returned by every entry point.
pub mod status {
    /// Success: the sink holds the JSON document.
    pub const OK: u32 = 0;
    /// The request could not be read; the sink holds a UTF-8 message.
    pub const BAD_REQUEST: u32 = 1;
    /// The pack panicked and caught it; the sink holds the panic message.
    pub const PANICKED: u32 = 2;
    /// Any other failure inside the pack; the sink holds a UTF-8 message.
    pub const FAILED: u32 = 3;

    /// A short name for a status code, for error messages.
    pub fn name(code: u32) -> &'static str {
        match code {
            OK => "ok",
            BAD_REQUEST => "bad request",
            PANICKED => "panicked",
            FAILED => "failed",
            _ => "unknown status",
        }
    }
}

/// Host-owned output buffer: the pack calls `write` any number of times; the bytes are appended.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Sink {
    pub ctx: *mut c_void,
    pub write: unsafe extern "C" fn(ctx: *mut c_void, bytes: *const u8, len: usize),
}

/// Writes the JSON description of the pack ([`super::model::Description`]) into `out`.
pub type DescribeFn = unsafe extern "C" fn(out: Sink) -> u32;

/// Reads a JSON [`super::model::EvaluateRequest`] of `len` bytes at `request` and writes a JSON
/// [`super::model::EvaluateResponse`] into `out`.
pub type EvaluateFn = unsafe extern "C" fn(request: *const u8, len: usize, out: Sink) -> u32;

/// Function table of ABI version 1. Fields are only ever appended.
#[repr(C)]
pub struct PackApiV1 {
    /// Must equal [`ABI_VERSION`].
    pub abi_version: u32,
    /// `size_of::<PackApiV1>()` as the pack was built; at least the size the host knows.
    pub size: u32,
    pub describe: DescribeFn,
    pub evaluate: EvaluateFn,
}

/// Signature of the exported [`API_SYMBOL`].
pub type ApiEntryFn = unsafe extern "C" fn() -> *const PackApiV1;

impl Sink {
    /// A sink that appends to `buffer`. The buffer must outlive every use of the sink.
    pub fn for_vec(buffer: &mut Vec<u8>) -> Sink {
        unsafe extern "C" fn append(ctx: *mut c_void, bytes: *const u8, len: usize) {
            if ctx.is_null() || bytes.is_null() || len == 0 {
                return;
            }
            // SAFETY: `ctx` is the `&mut Vec<u8>` given to `for_vec`, alive for the call, and the
            // caller promises `bytes` points to `len` readable bytes.
            unsafe {
                let buffer = &mut *(ctx as *mut Vec<u8>);
                buffer.extend_from_slice(std::slice::from_raw_parts(bytes, len));
            }
        }
        Sink {
            ctx: buffer as *mut Vec<u8> as *mut c_void,
            write: append,
        }
    }
}

impl std::io::Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        // SAFETY: the host guarantees `ctx` and `write` are valid for the duration of the call.
        unsafe { (self.write)(self.ctx, bytes.as_ptr(), bytes.len()) };
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
