//! Isolated pack runners: each pack runs in a child process of this same binary, so a pack that
//! segfaults, aborts, overflows its stack, loops forever or floods its output takes down only
//! its runner, never the host.
//!
//! The host starts `ftzroute __pack-runner LIBRARY`; the runner loads the library through the
//! same validating loader (its own shadow copy) and answers over its stdin and stdout with
//! length-prefixed JSON frames (a little-endian `u32` length, then the document). It first
//! sends a hello with the protocol version and the pack's description. A runner that dies is
//! restarted on a later call, after a backoff; a call that outlives the deadline kills it.

use super::error::{PackError, MAX_OUTPUT_BYTES};
use super::hash::{hex, FileHash};
use super::native::{load_shadow, shadow_copy_verified};
use super::validate::validate_description;
use crate::core::pack::FaultKind;
use crate::core::pack::Probes;
use ftzroute_plugin_api::{Description, EvaluateRequest, EvaluateResponse, Route};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitCode, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Version of the runner protocol; host and runner must agree.
pub const PROTOCOL: u32 = 4;

/// The hidden subcommand that runs a pack.
pub const RUNNER_COMMAND: &str = "__pack-runner";

/// How long one call may take by default.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(5);

/// How long a runner may take to start and copy and verify its library, before any pack code
/// runs: the host's own work (starting a process, reading and hashing a file), which a loaded
/// machine or a slow disk can stretch, so it is not charged to the pack's deadline.
const SETUP_LIMIT: Duration = Duration::from_secs(30);

/// A frame larger than this is a fault: a pack's own answer is capped lower by the loader.
const MAX_FRAME: usize = MAX_OUTPUT_BYTES + 1024 * 1024;

/// Waits between restarts of a runner that keeps dying: doubles from the first, up to the last.
const BACKOFF_FIRST: Duration = Duration::from_millis(100);
const BACKOFF_LIMIT: Duration = Duration::from_secs(5);

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum ToRunner {
    Evaluate(EvaluateRequest),
    Routes(EvaluateRequest),
    /// Contract 1.5: the routes of the request's probes.
    Probe(EvaluateRequest),
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum FromRunner {
    /// The library is copied and verified; its code runs from now on (the deadline starts).
    Loading {
        protocol: u32,
    },
    Hello {
        protocol: u32,
        description: Box<Description>,
    },
    Refused {
        protocol: u32,
        error: Fault,
    },
    Response(EvaluateResponse),
    Routes(Vec<Route>),
    Probes(Probes),
    Error(Fault),
}

/// A failure inside the runner, as the host reports it: its kind and its message without the
/// file (the host names the file once).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Fault {
    kind: FaultKind,
    message: String,
}

impl From<&PackError> for Fault {
    fn from(error: &PackError) -> Self {
        Fault {
            kind: error.kind(),
            message: error.detail(),
        }
    }
}

fn write_frame(output: &mut impl Write, message: &impl Serialize) -> std::io::Result<()> {
    write_encoded(
        output,
        &serde_json::to_vec(message).map_err(std::io::Error::other)?,
    )
}

fn write_encoded(output: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    let length = u32::try_from(bytes.len()).map_err(std::io::Error::other)?;
    output.write_all(&length.to_le_bytes())?;
    output.write_all(bytes)?;
    output.flush()
}

/// A request encoded for the runner, or the limit it breaks: a frame over [`MAX_FRAME`] would
/// end the runner, which would then read as a crash rather than as the limit it is.
fn encode_request(file: &Path, message: &ToRunner) -> Result<Vec<u8>, PackError> {
    let bytes = serde_json::to_vec(message).map_err(|error| PackError::Runner {
        file: file.to_path_buf(),
        kind: FaultKind::Refused,
        message: format!("the request cannot be encoded: {error}"),
    })?;
    if bytes.len() > MAX_FRAME {
        return Err(PackError::Runner {
            file: file.to_path_buf(),
            kind: FaultKind::Refused,
            message: format!(
                "not asked: the request is {} bytes, over the runner's frame limit of {} bytes; \
                 split the profile into smaller ones",
                bytes.len(),
                MAX_FRAME
            ),
        });
    }
    Ok(bytes)
}

/// The next frame; `None` when the stream ended cleanly between frames.
fn read_frame(input: &mut impl Read) -> std::io::Result<Option<Vec<u8>>> {
    let mut length = [0u8; 4];
    match input.read_exact(&mut length) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(error) => return Err(error),
    }
    let length = u32::from_le_bytes(length) as usize;
    if length > MAX_FRAME {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("a frame of {length} bytes is over the {MAX_FRAME}-byte cap"),
        ));
    }
    let mut bytes = vec![0u8; length];
    input.read_exact(&mut bytes)?;
    Ok(Some(bytes))
}

/// The runner side: serves one pack library until the host closes stdin.
pub fn serve(library: &Path, approved: Option<&FileHash>) -> ExitCode {
    // The protocol owns the real stdout; anything the pack prints goes to stderr instead of
    // corrupting the frames.
    let mut output = match protocol_output() {
        Ok(output) => output,
        Err(error) => {
            eprintln!("ftzroute pack runner: cannot set up its output: {error}");
            return ExitCode::from(1);
        }
    };
    let requests = requests_until_host_leaves();
    let refuse = |output: &mut std::fs::File, error: &PackError| {
        let _ = write_frame(
            output,
            &FromRunner::Refused {
                protocol: PROTOCOL,
                error: Fault::from(error),
            },
        );
        ExitCode::from(3)
    };
    let shadow = match shadow_copy_verified(library, approved) {
        Ok(shadow) => shadow,
        Err(error) => return refuse(&mut output, &error),
    };
    if write_frame(&mut output, &FromRunner::Loading { protocol: PROTOCOL }).is_err() {
        return ExitCode::from(1);
    }
    let pack = match load_shadow(library, &shadow) {
        Ok(pack) => pack,
        Err(error) => {
            let _ = write_frame(
                &mut output,
                &FromRunner::Refused {
                    protocol: PROTOCOL,
                    error: Fault::from(&error),
                },
            );
            return ExitCode::from(3);
        }
    };
    let hello = FromRunner::Hello {
        protocol: PROTOCOL,
        description: Box::new(pack.description.clone()),
    };
    if write_frame(&mut output, &hello).is_err() {
        return ExitCode::from(1);
    }
    loop {
        let bytes = match requests.recv() {
            Ok(Ok(bytes)) => bytes,
            Ok(Err(_)) => return ExitCode::from(1),
            Err(_) => return ExitCode::SUCCESS,
        };
        let answer = match serde_json::from_slice::<ToRunner>(&bytes) {
            Ok(ToRunner::Evaluate(request)) => match pack.evaluate(&request) {
                Ok(response) => FromRunner::Response(response),
                Err(error) => FromRunner::Error(Fault::from(&error)),
            },
            Ok(ToRunner::Routes(request)) => match pack.routes(&request) {
                Ok(routes) => FromRunner::Routes(routes),
                Err(error) => FromRunner::Error(Fault::from(&error)),
            },
            Ok(ToRunner::Probe(request)) => match pack.probe(&request) {
                Ok(probes) => FromRunner::Probes(probes),
                Err(error) => FromRunner::Error(Fault::from(&error)),
            },
            Err(error) => FromRunner::Error(Fault {
                kind: FaultKind::InvalidOutput,
                message: format!("unreadable request from the host: {error}"),
            }),
        };
        if write_frame(&mut output, &answer).is_err() {
            return ExitCode::from(1);
        }
    }
}

/// The host's requests, read on their own thread. When the host closes its end (it ended the
/// runner's work, or it exited, even without ending its children) the runner exits at once,
/// even in the middle of a pack call that never returns: an abandoned runner must not spin on.
fn requests_until_host_leaves() -> Receiver<std::io::Result<Vec<u8>>> {
    let (sender, requests) = mpsc::channel();
    let reader = move || {
        let mut input = std::io::stdin().lock();
        loop {
            match read_frame(&mut input) {
                Ok(Some(bytes)) => {
                    if sender.send(Ok(bytes)).is_err() {
                        return;
                    }
                }
                Ok(None) => exit_now(),
                Err(error) => {
                    let _ = sender.send(Err(error));
                    return;
                }
            }
        }
    };
    if let Err(error) = std::thread::Builder::new()
        .name("host-requests".into())
        .spawn(reader)
    {
        eprintln!("ftzroute pack runner: cannot read requests: {error}");
        std::process::exit(1);
    }
    requests
}

/// Ends the runner without running anything more of the pack: no exit handlers it may have
/// registered, no destructors, while another thread may be in the middle of its call.
fn exit_now() -> ! {
    #[cfg(unix)]
    // SAFETY: `_exit` only ends the process; nothing runs after it.
    unsafe {
        libc::_exit(0)
    }
    #[cfg(not(unix))]
    std::process::exit(0)
}

#[cfg(unix)]
fn protocol_output() -> std::io::Result<std::fs::File> {
    use std::os::fd::FromRawFd;
    // SAFETY: plain descriptor duplication on this process's own standard descriptors.
    unsafe {
        let protocol = libc::dup(1);
        if protocol < 0 || libc::dup2(2, 1) < 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(std::fs::File::from_raw_fd(protocol))
    }
}

/// One running runner process.
struct Runner {
    process: Child,
    input: ChildStdin,
    frames: Receiver<std::io::Result<Vec<u8>>>,
}

impl Runner {
    fn end(mut self) -> Option<ExitStatus> {
        let _ = self.process.kill();
        self.process.wait().ok()
    }
}

struct RunnerState {
    runner: Option<Runner>,
    /// Consecutive deaths, for the backoff.
    deaths: u32,
    restart_after: Option<Instant>,
    /// What ended the last runner: repeated, not retried, while the backoff lasts.
    last_fault: Option<(FaultKind, String)>,
}

/// A pack served by a runner process. Implements [`RulePack`], so the engine cannot tell it from
/// a pack loaded in-process.
pub struct RunnerPack {
    description: Description,
    file: PathBuf,
    executable: PathBuf,
    deadline: Duration,
    /// The SHA-256 the runner must find in the copy it loads (from packs.lock), if any.
    approved: Option<FileHash>,
    state: Mutex<RunnerState>,
}

impl std::fmt::Debug for RunnerPack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunnerPack")
            .field("id", &self.description.id)
            .field("file", &self.file)
            .finish()
    }
}

/// How a runner process ended, in words: "signal 11 (SIGSEGV)", "exit code 3".
pub fn describe_exit(status: Option<ExitStatus>) -> String {
    let Some(status) = status else {
        return "ended".into();
    };
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            let name = match signal {
                libc::SIGSEGV => " (SIGSEGV)",
                libc::SIGABRT => " (SIGABRT)",
                libc::SIGBUS => " (SIGBUS)",
                libc::SIGILL => " (SIGILL)",
                libc::SIGFPE => " (SIGFPE)",
                libc::SIGKILL => " (SIGKILL)",
                _ => "",
            };
            return format!("signal {signal}{name}");
        }
    }
    match status.code() {
        Some(code) => format!("exit code {code}"),
        None => "ended".into(),
    }
}

impl RunnerPack {
    /// Starts a runner for `file` with `executable` (normally this binary) and waits for its
    /// hello. Fails like the in-process loader would, plus when the runner cannot start.
    pub fn start(
        executable: &Path,
        file: &Path,
        deadline: Duration,
        approved: Option<&FileHash>,
    ) -> Result<RunnerPack, PackError> {
        let approved = approved.copied();
        let (runner, description) = spawn(executable, file, deadline, approved.as_ref())?;
        Ok(RunnerPack {
            description,
            file: file.to_path_buf(),
            executable: executable.to_path_buf(),
            deadline,
            approved,
            state: Mutex::new(RunnerState {
                runner: Some(runner),
                deaths: 0,
                restart_after: None,
                last_fault: None,
            }),
        })
    }

    pub fn file(&self) -> &Path {
        &self.file
    }

    /// The runner's process id, while it runs.
    pub fn process_id(&self) -> Option<u32> {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.runner.as_ref().map(|r| r.process.id())
    }

    /// A failure of the runner itself (not of the pack's answer).
    fn fault(&self, message: String) -> PackError {
        PackError::Runner {
            file: self.file.clone(),
            kind: FaultKind::Crashed,
            message,
        }
    }

    /// A failure the runner reported for the pack.
    fn reported(&self, fault: Fault) -> PackError {
        PackError::Runner {
            file: self.file.clone(),
            kind: fault.kind,
            message: fault.message,
        }
    }

    fn call(&self, message: &ToRunner) -> Result<FromRunner, PackError> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let deaths = state.deaths;
        let result = self.call_locked(&mut state, message);
        if let Err(error) = &result {
            // Remembered only when this call ended a runner (not when it repeated the fault).
            if state.deaths > deaths {
                state.last_fault = Some((error.kind(), error.detail()));
            }
        }
        result
    }

    fn call_locked(
        &self,
        state: &mut RunnerState,
        message: &ToRunner,
    ) -> Result<FromRunner, PackError> {
        if state.runner.is_none() {
            if let Some(after) = state.restart_after {
                if Instant::now() < after {
                    // The same fault again, not a new one: the pack has not been asked.
                    let (kind, message) = state
                        .last_fault
                        .clone()
                        .unwrap_or((FaultKind::Crashed, "its runner ended".into()));
                    return Err(PackError::Runner {
                        file: self.file.clone(),
                        kind,
                        message: format!(
                            "{message} (not retried for another {} ms)",
                            after.saturating_duration_since(Instant::now()).as_millis()
                        ),
                    });
                }
            }
            match spawn(
                &self.executable,
                &self.file,
                self.deadline,
                self.approved.as_ref(),
            ) {
                Ok((runner, _)) => state.runner = Some(runner),
                Err(error) => {
                    note_death(state);
                    return Err(error);
                }
            }
        }
        let request = encode_request(&self.file, message)?;
        let runner = state.runner.as_mut().expect("a runner is running");
        if write_encoded(&mut runner.input, &request).is_err() {
            let status = state.runner.take().and_then(Runner::end);
            note_death(state);
            return Err(PackError::Crashed {
                file: self.file.clone(),
                call: "evaluate",
                how: describe_exit(status),
            });
        }
        match runner.frames.recv_timeout(self.deadline) {
            Ok(Ok(bytes)) => {
                state.deaths = 0;
                serde_json::from_slice::<FromRunner>(&bytes).map_err(|e| PackError::Runner {
                    file: self.file.clone(),
                    kind: FaultKind::InvalidOutput,
                    message: format!("unreadable answer from the runner: {e}"),
                })
            }
            Ok(Err(error)) => {
                state.runner.take().and_then(Runner::end);
                note_death(state);
                Err(self.fault(format!("broken answer from the runner: {error}")))
            }
            Err(RecvTimeoutError::Disconnected) => {
                let status = state.runner.take().and_then(Runner::end);
                note_death(state);
                Err(PackError::Crashed {
                    file: self.file.clone(),
                    call: "evaluate",
                    how: describe_exit(status),
                })
            }
            Err(RecvTimeoutError::Timeout) => {
                state.runner.take().and_then(Runner::end);
                note_death(state);
                Err(PackError::Hung {
                    file: self.file.clone(),
                    call: "evaluate",
                    deadline: self.deadline,
                })
            }
        }
    }
}

fn note_death(state: &mut RunnerState) {
    state.deaths += 1;
    let backoff = BACKOFF_FIRST
        .saturating_mul(1 << state.deaths.min(16).saturating_sub(1))
        .min(BACKOFF_LIMIT);
    state.restart_after = Some(Instant::now() + backoff);
}

fn spawn(
    executable: &Path,
    file: &Path,
    deadline: Duration,
    approved: Option<&FileHash>,
) -> Result<(Runner, Description), PackError> {
    let mut process = Command::new(executable)
        .arg(RUNNER_COMMAND)
        .arg(file)
        .args(approved.map(hex))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        // The pack's own diagnostics are not the user's screen.
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| PackError::Runner {
            file: file.to_path_buf(),
            kind: FaultKind::NotLoaded,
            message: format!("cannot start the runner {}: {e}", executable.display()),
        })?;
    let input = process.stdin.take().expect("stdin is piped");
    let mut output = process.stdout.take().expect("stdout is piped");
    let (sender, frames) = mpsc::channel();
    std::thread::Builder::new()
        .name("pack-runner-reader".into())
        .spawn(move || loop {
            match read_frame(&mut output) {
                Ok(Some(frame)) => {
                    if sender.send(Ok(frame)).is_err() {
                        return;
                    }
                }
                Ok(None) => return,
                Err(error) => {
                    let _ = sender.send(Err(error));
                    return;
                }
            }
        })
        .map_err(|e| PackError::Runner {
            file: file.to_path_buf(),
            kind: FaultKind::NotLoaded,
            message: format!("cannot start a reader thread: {e}"),
        })?;
    let runner = Runner {
        process,
        input,
        frames,
    };
    let fail = |runner: Runner, message: String| {
        runner.end();
        PackError::Runner {
            file: file.to_path_buf(),
            kind: FaultKind::NotLoaded,
            message,
        }
    };
    // Setup first (no pack code yet), then the pack's own deadline for loading and describing.
    let mut hello = None;
    for (stage, limit) in [SETUP_LIMIT, deadline].into_iter().enumerate() {
        let pack_code_runs = stage == 1;
        let bytes = match runner.frames.recv_timeout(limit) {
            Ok(Ok(bytes)) => bytes,
            Ok(Err(error)) => {
                return Err(fail(
                    runner,
                    format!("broken hello from the runner: {error}"),
                ))
            }
            Err(RecvTimeoutError::Timeout) if pack_code_runs => {
                runner.end();
                return Err(PackError::Hung {
                    file: file.to_path_buf(),
                    call: "describe",
                    deadline,
                });
            }
            Err(RecvTimeoutError::Timeout) => {
                return Err(fail(
                    runner,
                    format!(
                        "its runner did not get ready within {} s",
                        SETUP_LIMIT.as_secs()
                    ),
                ))
            }
            Err(RecvTimeoutError::Disconnected) => {
                let status = runner.end();
                return Err(PackError::Crashed {
                    file: file.to_path_buf(),
                    call: "describe",
                    how: describe_exit(status),
                });
            }
        };
        match serde_json::from_slice::<FromRunner>(&bytes) {
            Ok(FromRunner::Loading { protocol }) if protocol == PROTOCOL && !pack_code_runs => {
                continue
            }
            _ => {
                hello = Some(bytes);
                break;
            }
        }
    }
    let Some(hello) = hello else {
        return Err(fail(runner, "the runner did not start with a hello".into()));
    };
    match serde_json::from_slice::<FromRunner>(&hello) {
        Ok(FromRunner::Hello {
            protocol,
            description,
        }) if protocol == PROTOCOL => {
            if let Err(reason) = validate_description(&description) {
                return Err(fail(runner, reason));
            }
            Ok((runner, *description))
        }
        Ok(FromRunner::Hello { protocol, .. })
        | Ok(FromRunner::Refused { protocol, .. })
        | Ok(FromRunner::Loading { protocol })
            if protocol != PROTOCOL =>
        {
            Err(fail(
                runner,
                format!("runner speaks protocol {protocol}, this ftzroute speaks {PROTOCOL}"),
            ))
        }
        Ok(FromRunner::Refused { error, .. }) => {
            runner.end();
            Err(PackError::Runner {
                file: file.to_path_buf(),
                kind: error.kind,
                message: error.message,
            })
        }
        Ok(_) => Err(fail(runner, "the runner did not start with a hello".into())),
        Err(error) => Err(fail(
            runner,
            format!("unreadable hello from the runner: {error}"),
        )),
    }
}

impl RunnerPack {
    pub fn description(&self) -> &Description {
        &self.description
    }

    pub fn evaluate(&self, request: &EvaluateRequest) -> Result<EvaluateResponse, PackError> {
        match self.call(&ToRunner::Evaluate(request.clone()))? {
            FromRunner::Response(response) => Ok(response),
            FromRunner::Error(fault) => Err(self.reported(fault)),
            _ => Err(self.fault("the runner answered an evaluation with something else".into())),
        }
    }

    pub fn routes(&self, request: &EvaluateRequest) -> Result<Vec<Route>, PackError> {
        match self.call(&ToRunner::Routes(request.clone()))? {
            FromRunner::Routes(routes) if routes.len() == request.exports.len() => Ok(routes),
            FromRunner::Error(fault) => Err(self.reported(fault)),
            _ => Err(self.fault("the runner answered a probe with something else".into())),
        }
    }

    pub fn probe(&self, request: &EvaluateRequest) -> Result<Probes, PackError> {
        match self.call(&ToRunner::Probe(request.clone()))? {
            // Checked in full by the runner's own loaded pack; the count again here.
            FromRunner::Probes(probes) if probes.routes.len() == request.probes.len() => Ok(probes),
            FromRunner::Error(fault) => Err(self.reported(fault)),
            _ => Err(self.fault("the runner answered probes with something else".into())),
        }
    }
}

impl Drop for RunnerPack {
    fn drop(&mut self) {
        let state = self.state.get_mut().unwrap_or_else(|e| e.into_inner());
        if let Some(runner) = state.runner.take() {
            runner.end();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_end_cleanly() {
        let mut buffer = Vec::new();
        let fault = Fault {
            kind: FaultKind::Hung,
            message: "x".into(),
        };
        write_frame(&mut buffer, &FromRunner::Error(fault)).unwrap();
        write_frame(&mut buffer, &FromRunner::Routes(vec![Route::Exempt])).unwrap();
        let mut reader = buffer.as_slice();
        let first: FromRunner =
            serde_json::from_slice(&read_frame(&mut reader).unwrap().unwrap()).unwrap();
        assert!(
            matches!(first, FromRunner::Error(f) if f.message == "x" && f.kind == FaultKind::Hung)
        );
        let second: FromRunner =
            serde_json::from_slice(&read_frame(&mut reader).unwrap().unwrap()).unwrap();
        assert!(matches!(second, FromRunner::Routes(r) if r == vec![Route::Exempt]));
        assert!(read_frame(&mut reader).unwrap().is_none());
    }

    #[test]
    fn oversized_and_truncated_frames_are_errors() {
        let mut huge = (u32::MAX).to_le_bytes().to_vec();
        huge.extend_from_slice(b"{}");
        assert_eq!(
            read_frame(&mut huge.as_slice()).unwrap_err().kind(),
            std::io::ErrorKind::InvalidData
        );
        let mut truncated = 10u32.to_le_bytes().to_vec();
        truncated.extend_from_slice(b"{}");
        assert!(read_frame(&mut truncated.as_slice()).is_err());
    }

    #[test]
    fn a_request_over_the_frame_limit_is_refused_naming_the_limit() {
        let file = Path::new("pack.so");
        let mut request = EvaluateRequest {
            schema: ftzroute_plugin_api::REQUEST_SCHEMA,
            as_of: "2026-01-01".into(),
            handler: serde_json::from_value(serde_json::json!({
                "name": "h", "sector": "s", "ciio": false
            }))
            .unwrap(),
            exports: Vec::new(),
            routes_only: false,
            group_counts: Default::default(),
            counted_from: None,
            probes: Vec::new(),
        };
        assert!(encode_request(file, &ToRunner::Evaluate(request.clone())).is_ok());
        request.handler.name = "x".repeat(MAX_FRAME);
        let error = encode_request(file, &ToRunner::Evaluate(request)).unwrap_err();
        assert_eq!(error.kind(), FaultKind::Refused);
        let message = error.detail();
        assert!(
            message.contains(&format!(
                "over the runner's frame limit of {MAX_FRAME} bytes"
            )) && message.contains("split the profile"),
            "{message}"
        );
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let mut state = RunnerState {
            runner: None,
            deaths: 0,
            restart_after: None,
            last_fault: None,
        };
        let mut waits = Vec::new();
        for _ in 0..10 {
            let before = Instant::now();
            note_death(&mut state);
            waits.push(state.restart_after.unwrap().duration_since(before));
        }
        assert!(waits[0] >= BACKOFF_FIRST && waits[0] < BACKOFF_FIRST * 2);
        assert!(waits[1] >= BACKOFF_FIRST * 2);
        assert!(waits[9] <= BACKOFF_LIMIT + Duration::from_millis(50));
    }
}
