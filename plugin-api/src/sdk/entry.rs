//! The glue between a [`Pack`] and the C ABI: the two entry points behind [`export_pack!`], JSON
//! in and out, and every panic caught and reported as a status.
//!
//! [`export_pack!`]: crate::export_pack

use super::Pack;
use crate::contract::abi::{status, Sink};
use crate::contract::{EvaluateRequest, EvaluateResponse};
use std::cell::RefCell;
use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

static QUIET_PANICS: Once = Once::new();

/// Replaces this library's panic hook (each cdylib carries its own copy of std) with one that
/// records the message instead of printing it: a pack must never write over the host's screen.
fn install_quiet_panic_hook() {
    QUIET_PANICS.call_once(|| {
        panic::set_hook(Box::new(|info| {
            let payload = info.payload();
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic with a non-string payload".to_string());
            let location = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            LAST_PANIC.with(|last| *last.borrow_mut() = Some(format!("{message}{location}")));
        }));
    });
}

/// Runs `body` with panics caught; writes its JSON (or error text) to `out`; returns a status.
fn guarded(mut out: Sink, body: impl FnOnce() -> Result<Vec<u8>, (u32, String)>) -> u32 {
    install_quiet_panic_hook();
    match panic::catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(json)) => {
            let _ = out.write_all(&json);
            status::OK
        }
        Ok(Err((code, message))) => {
            let _ = out.write_all(message.as_bytes());
            code
        }
        Err(_) => {
            let message = LAST_PANIC
                .with(|last| last.borrow_mut().take())
                .unwrap_or_else(|| "pack panicked".to_string());
            let _ = out.write_all(message.as_bytes());
            status::PANICKED
        }
    }
}

/// Body of the exported `describe` entry. Called by [`export_pack!`](crate::export_pack).
pub fn describe_entry<P: Pack>(out: Sink) -> u32 {
    guarded(out, || {
        serde_json::to_vec(&P::describe()).map_err(|e| (status::FAILED, e.to_string()))
    })
}

/// Body of the exported `evaluate` entry. Called by [`export_pack!`](crate::export_pack).
///
/// # Safety
/// `request` must point to `len` readable bytes (or be null with `len == 0`).
pub unsafe fn evaluate_entry<P: Pack>(request: *const u8, len: usize, out: Sink) -> u32 {
    let bytes: &[u8] = if request.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: guaranteed by the caller.
        unsafe { std::slice::from_raw_parts(request, len) }
    };
    guarded(out, || {
        let request: EvaluateRequest = serde_json::from_slice(bytes)
            .map_err(|e| (status::BAD_REQUEST, format!("unreadable request: {e}")))?;
        if !request.probes.is_empty() {
            let probed = P::probe(&request).map_err(|message| (status::FAILED, message))?;
            let response = EvaluateResponse {
                probes: probed.iter().map(|p| p.route).collect(),
                probe_rules: probed.into_iter().map(|p| p.rule).collect(),
                ..Default::default()
            };
            return serde_json::to_vec(&response).map_err(|e| (status::FAILED, e.to_string()));
        }
        let mut response = P::evaluate(&request).map_err(|message| (status::FAILED, message))?;
        if request.routes_only {
            // Less to write here and to read on the other side: probes are most of the calls.
            for outcome in &mut response.exports {
                outcome.count = None;
                outcome.ladder = Vec::new();
                outcome.notes = Vec::new();
            }
        }
        serde_json::to_vec(&response).map_err(|e| (status::FAILED, e.to_string()))
    })
}

/// Calls a pack's typed API the way the host would, without the dynamic boundary: for a pack's
/// own unit tests and for benchmarks against static linking.
pub fn evaluate_json<P: Pack>(request: &[u8]) -> (u32, Vec<u8>) {
    let mut buffer = Vec::new();
    // SAFETY: the slice is valid for the call; the sink points at a live buffer.
    let code =
        unsafe { evaluate_entry::<P>(request.as_ptr(), request.len(), Sink::for_vec(&mut buffer)) };
    (code, buffer)
}

/// Exports a [`Pack`] implementation through the C ABI.
///
/// Defines the `FTZROUTE_PACK_ABI_VERSION` static and the `ftzroute_pack_api_v1` function; use it
/// once, in a crate built as `cdylib`.
#[macro_export]
macro_rules! export_pack {
    ($pack:ty) => {
        #[doc(hidden)]
        #[no_mangle]
        pub static FTZROUTE_PACK_ABI_VERSION: u32 = $crate::contract::abi::ABI_VERSION;

        #[doc(hidden)]
        #[no_mangle]
        pub extern "C" fn ftzroute_pack_api_v1() -> *const $crate::contract::abi::PackApiV1 {
            unsafe extern "C" fn describe(out: $crate::contract::abi::Sink) -> u32 {
                $crate::sdk::describe_entry::<$pack>(out)
            }
            unsafe extern "C" fn evaluate(
                request: *const u8,
                len: usize,
                out: $crate::contract::abi::Sink,
            ) -> u32 {
                // SAFETY: the host passes a valid request buffer of `len` bytes.
                unsafe { $crate::sdk::evaluate_entry::<$pack>(request, len, out) }
            }
            static API: $crate::contract::abi::PackApiV1 = $crate::contract::abi::PackApiV1 {
                abi_version: $crate::contract::abi::ABI_VERSION,
                size: ::std::mem::size_of::<$crate::contract::abi::PackApiV1>() as u32,
                describe,
                evaluate,
            };
            &API
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::*;

    struct Panicky;
    impl Pack for Panicky {
        fn describe() -> Description {
            panic!("describe exploded")
        }
        fn evaluate(_: &EvaluateRequest) -> Result<EvaluateResponse, String> {
            Err("cannot decide".into())
        }
    }

    #[test]
    fn a_panic_becomes_a_status_with_its_message() {
        let mut buffer = Vec::new();
        let code = describe_entry::<Panicky>(Sink::for_vec(&mut buffer));
        assert_eq!(code, status::PANICKED);
        let message = String::from_utf8(buffer).unwrap();
        assert!(message.contains("describe exploded"), "{message}");
    }

    #[test]
    fn errors_and_bad_requests_have_their_own_status() {
        let (code, body) = evaluate_json::<Panicky>(b"not json");
        assert_eq!(code, status::BAD_REQUEST);
        assert!(String::from_utf8(body)
            .unwrap()
            .starts_with("unreadable request"));

        let request = EvaluateRequest {
            schema: REQUEST_SCHEMA,
            as_of: "2025-10-01".into(),
            handler: Handler {
                name: "h".into(),
                sector: "s".into(),
                ciio: false,
                persons_processed: None,
            },
            exports: vec![],
            routes_only: false,
            group_counts: Default::default(),
            counted_from: None,
            probes: Vec::new(),
        };
        let (code, body) = evaluate_json::<Panicky>(&serde_json::to_vec(&request).unwrap());
        assert_eq!(code, status::FAILED);
        assert_eq!(body, b"cannot decide");
    }

    struct Chatty;
    impl Pack for Chatty {
        fn describe() -> Description {
            unreachable!()
        }
        fn evaluate(request: &EvaluateRequest) -> Result<EvaluateResponse, String> {
            Ok(EvaluateResponse {
                exports: request
                    .exports
                    .iter()
                    .map(|e| Outcome {
                        id: e.id.clone(),
                        route: Route::Exempt,
                        rule: "r".into(),
                        count: Some(Count {
                            scenario: "s".into(),
                            total: 1,
                            with: vec![],
                            group: None,
                        }),
                        ladder: vec![Step {
                            from: 0,
                            route: Route::Exempt,
                            rule: "r".into(),
                        }],
                        notes: vec!["a long note".into()],
                    })
                    .collect(),
                ..Default::default()
            })
        }
    }

    #[test]
    fn routes_only_requests_get_routes_without_the_explanations() {
        let mut request = EvaluateRequest {
            schema: REQUEST_SCHEMA,
            as_of: "2025-10-01".into(),
            handler: Handler {
                name: "h".into(),
                sector: "s".into(),
                ciio: false,
                persons_processed: None,
            },
            exports: vec![Export {
                id: "a".into(),
                kind: DataKind::General,
                subject: None,
                sensitive: false,
                persons: None,
                exempt_persons: 0,
                exempt_bases: vec![],
                serious_harm: false,
                name_and_contact: false,
                notified: true,
                hgr_cleared: false,
                export_controlled: false,
                scenario: None,
            }],
            routes_only: false,
            group_counts: Default::default(),
            counted_from: None,
            probes: Vec::new(),
        };
        let full: EvaluateResponse = serde_json::from_slice(
            &evaluate_json::<Chatty>(&serde_json::to_vec(&request).unwrap()).1,
        )
        .unwrap();
        assert_eq!(full.exports[0].notes.len(), 1);
        request.routes_only = true;
        let json = serde_json::to_vec(&request).unwrap();
        assert!(String::from_utf8_lossy(&json).contains("\"routes_only\":true"));
        let (code, body) = evaluate_json::<Chatty>(&json);
        assert_eq!(code, status::OK);
        let brief: EvaluateResponse = serde_json::from_slice(&body).unwrap();
        assert_eq!(brief.exports[0].route, Route::Exempt);
        assert!(brief.exports[0].notes.is_empty() && brief.exports[0].ladder.is_empty());
        assert!(brief.exports[0].count.is_none());
    }
}
