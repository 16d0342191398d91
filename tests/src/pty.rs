//! Drives a program in a real pseudo-terminal and reads its screen through a terminal
//! emulator, for end-to-end tests of the interactive dashboard.
//!
//! A background thread keeps reading everything the program writes (so it never blocks on a
//! full terminal buffer) and feeds it to the emulator. The emulator answers nothing back: a
//! program that queries the terminal (cursor position, device attributes) and waits for the
//! reply would hang, so the dashboard must not do that.
//!
//! ```no_run
//! use ftzroute_e2e::pty::{Session, SCREEN_TIMEOUT};
//!
//! let mut session = Session::ftzroute(&[], &[], 100, 30);
//! session.wait_for("ftzroute", SCREEN_TIMEOUT);
//! session.key("q");
//! assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
//! ```

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize};

/// A generous default for waiting on the screen: test machines are small and busy.
pub const SCREEN_TIMEOUT: Duration = Duration::from_secs(10);

/// How long [`Session::wait_exit`] waits, once the program has exited, for the last of its
/// output to reach the screen.
const OUTPUT_DRAIN_LIMIT: Duration = Duration::from_secs(3);

/// After a lone Esc, how long to wait at least and at most for the program to read it; see
/// [`Session::key`].
const ESC_SETTLE: Duration = Duration::from_millis(50);
const ESC_READ_LIMIT: Duration = Duration::from_secs(2);

/// Variables that would make a run depend on the caller's environment.
fn is_stripped_variable(key: &str) -> bool {
    key.starts_with("FTZROUTE_") || matches!(key, "NO_COLOR" | "COLUMNS" | "LINES")
}

/// What the reader thread and the test share.
struct Shared {
    state: Mutex<State>,
    /// Signalled whenever output arrives or the terminal closes.
    changed: Condvar,
}

struct State {
    parser: vt100::Parser,
    output: Vec<u8>,
    /// The program side of the terminal is closed (every process holding it has exited):
    /// the screen cannot change any more.
    closed: bool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A program running in a pseudo-terminal of a fixed size, with its screen emulated.
pub struct Session {
    program: String,
    child: Box<dyn Child + Send + Sync>,
    exit: Option<ExitStatus>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    shared: Arc<Shared>,
    reader: Option<JoinHandle<()>>,
    /// The terminal device the program sees, to tell whether it has read its input.
    tty: Option<PathBuf>,
}

impl Session {
    /// Spawns `program args` in a `cols` x `rows` pseudo-terminal, in the current directory.
    ///
    /// The environment is this process's, less `FTZROUTE_*`, `NO_COLOR`, `COLUMNS` and `LINES`,
    /// with `TERM=xterm-256color`, then `env` on top (which may override `TERM`).
    pub fn spawn(
        program: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> Session {
        let cwd = std::env::current_dir().expect("current directory");
        Session::spawn_in(&cwd, program, args, env, cols, rows)
    }

    /// [`Session::spawn`] with the working directory `cwd`.
    pub fn spawn_in(
        cwd: &Path,
        program: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> Session {
        // The pty library silently falls back to the home directory for a missing one.
        assert!(cwd.is_dir(), "{} is not a directory", cwd.display());
        let size = PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        };
        let pair = portable_pty::native_pty_system()
            .openpty(size)
            .unwrap_or_else(|e| panic!("cannot open a pseudo-terminal: {e:#}"));

        let mut command = CommandBuilder::new(program);
        command.args(args);
        command.cwd(cwd);
        for (key, _) in std::env::vars_os() {
            if key.to_str().is_some_and(is_stripped_variable) {
                command.env_remove(key);
            }
        }
        command.env("TERM", "xterm-256color");
        for (key, value) in env {
            command.env(key, value);
        }

        let child = pair.slave.spawn_command(command).unwrap_or_else(|e| {
            panic!(
                "cannot start {} in a pseudo-terminal: {e:#}",
                program.display()
            )
        });
        // Only the program may hold the terminal's other end, so that reading sees the end of
        // its output when it exits.
        drop(pair.slave);

        let mut reader = pair
            .master
            .try_clone_reader()
            .unwrap_or_else(|e| panic!("cannot read the pseudo-terminal: {e:#}"));
        let writer = pair
            .master
            .take_writer()
            .unwrap_or_else(|e| panic!("cannot write to the pseudo-terminal: {e:#}"));

        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                parser: vt100::Parser::new(non_zero(rows), non_zero(cols), 0),
                output: Vec::new(),
                closed: false,
            }),
            changed: Condvar::new(),
        });
        let reader = {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name("pty-reader".into())
                .spawn(move || {
                    let mut buf = [0u8; 8192];
                    loop {
                        match reader.read(&mut buf) {
                            // End of file, or (Linux) EIO once the program side is closed.
                            Ok(0) => break,
                            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                            Err(_) => break,
                            Ok(n) => {
                                let mut state = shared.lock();
                                state.parser.process(&buf[..n]);
                                state.output.extend_from_slice(&buf[..n]);
                                drop(state);
                                shared.changed.notify_all();
                            }
                        }
                    }
                    shared.lock().closed = true;
                    shared.changed.notify_all();
                })
                .expect("spawn the pty reader thread")
        };

        Session {
            program: program.display().to_string(),
            child,
            exit: None,
            tty: pair.master.tty_name(),
            master: pair.master,
            writer,
            shared,
            reader: Some(reader),
        }
    }

    /// Spawns the built `ftzroute` binary (see [`crate::binary`]) with these arguments.
    pub fn ftzroute(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Session {
        Session::spawn(&crate::binary(), args, env, cols, rows)
    }

    /// The program's process id.
    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// Writes raw bytes to the program's terminal input.
    pub fn send(&mut self, bytes: &[u8]) {
        self.writer
            .write_all(bytes)
            .and_then(|()| self.writer.flush())
            .unwrap_or_else(|e| panic!("cannot write to {}'s terminal: {e}", self.program));
    }

    /// Types `text` as it is (no key names).
    pub fn type_text(&mut self, text: &str) {
        self.send(text.as_bytes());
    }

    /// Presses a key, as a terminal sends it.
    ///
    /// Names (any case): `enter`, `esc`, `tab`, `backtab`, `up`, `down`, `left`, `right`,
    /// `home`, `end`, `pageup`, `pagedown`, `insert`, `delete`, `backspace`, `space`,
    /// `f1`..`f12`, `ctrl-a`..`ctrl-z` (so `ctrl-c`). A single character is typed as it is
    /// (`"q"`, `"?"`, `"+"`); any other string is typed character by character.
    ///
    /// A lone Esc is ambiguous to the program: read together with what follows, it would be
    /// the start of an escape sequence or an Alt combination. So after `esc` this waits
    /// (briefly, bounded) until the program has read it, and a next key arrives on its own.
    pub fn key(&mut self, key: &str) {
        match key_bytes(key) {
            Some(bytes) => self.send(&bytes),
            None => self.type_text(key),
        }
        if key.eq_ignore_ascii_case("esc") {
            self.wait_input_read();
        }
    }

    /// Waits until the terminal holds no unread input for the program, at least
    /// [`ESC_SETTLE`] and at most [`ESC_READ_LIMIT`]. Input that was just written may not have
    /// reached the terminal's queue yet, hence the minimum.
    fn wait_input_read(&self) {
        let start = Instant::now();
        let mut seen_pending = false;
        while start.elapsed() < ESC_READ_LIMIT {
            match self.tty.as_deref().and_then(pending_input) {
                Some(0) if seen_pending || start.elapsed() >= ESC_SETTLE => return,
                Some(0) => {}
                Some(_) => seen_pending = true,
                None => {
                    // Cannot tell: settle for the minimum.
                    std::thread::sleep(ESC_SETTLE.saturating_sub(start.elapsed()));
                    return;
                }
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// The current screen: one line per row, trailing spaces trimmed, joined by `'\n'`.
    pub fn screen(&self) -> String {
        render(self.shared.lock().parser.screen())
    }

    /// Runs `f` on the emulated screen (cells, colours, attributes, cursor).
    pub fn with_screen<R>(&self, f: impl FnOnce(&vt100::Screen) -> R) -> R {
        f(self.shared.lock().parser.screen())
    }

    /// Waits until the screen contains `needle`; returns the screen. Panics with the screen on
    /// timeout, or at once if the program has closed its terminal without showing it.
    #[track_caller]
    pub fn wait_for(&self, needle: &str, timeout: Duration) -> String {
        self.wait_until(&format!("{needle:?}"), timeout, |screen| {
            screen.contains(needle)
        })
    }

    /// Waits until `pred` holds for the screen; returns the screen. `what` names the
    /// condition in the panic message on timeout. Fails at once if the program has closed
    /// its terminal, since the screen cannot change any more.
    #[track_caller]
    pub fn wait_until(&self, what: &str, timeout: Duration, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + timeout;
        let mut state = self.shared.lock();
        loop {
            let screen = render(state.parser.screen());
            if pred(&screen) {
                return screen;
            }
            if state.closed {
                drop(state);
                panic!(
                    "{} closed its terminal (exited) before the screen showed {what}\n{}",
                    self.program,
                    frame(&screen)
                );
            }
            let now = Instant::now();
            if now >= deadline {
                drop(state);
                panic!(
                    "timed out after {timeout:?} waiting for the screen of {} to show {what}\n{}",
                    self.program,
                    frame(&screen)
                );
            }
            state = self
                .shared
                .changed
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// Resizes the terminal (the program gets `SIGWINCH`) and the emulated screen.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.shared
            .lock()
            .parser
            .set_size(non_zero(rows), non_zero(cols));
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap_or_else(|e| panic!("cannot resize the pseudo-terminal: {e:#}"));
    }

    /// Every byte the program has written so far.
    pub fn raw_output(&self) -> Vec<u8> {
        self.shared.lock().output.clone()
    }

    /// How many bytes the program has written so far.
    pub fn bytes_written(&self) -> usize {
        self.shared.lock().output.len()
    }

    /// Whether the program has exited (without waiting).
    pub fn has_exited(&mut self) -> bool {
        self.poll_exit().is_some()
    }

    fn poll_exit(&mut self) -> Option<&ExitStatus> {
        if self.exit.is_none() {
            if let Ok(Some(status)) = self.child.try_wait() {
                self.exit = Some(status);
            }
        }
        self.exit.as_ref()
    }

    /// Waits for the program to exit and for the rest of its output to reach the screen.
    /// Returns its exit code, or `None` if a signal ended it. On timeout, kills it and panics
    /// with the screen.
    #[track_caller]
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<u32> {
        let deadline = Instant::now() + timeout;
        let mut pause = Duration::from_millis(1);
        while self.poll_exit().is_none() {
            if Instant::now() >= deadline {
                self.kill();
                panic!(
                    "{} did not exit within {timeout:?}; killed it\n{}",
                    self.program,
                    frame(&self.screen())
                );
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(20));
        }
        self.drain_output();
        let status = self.exit.as_ref().expect("exit status");
        status.signal().is_none().then(|| status.exit_code())
    }

    /// Waits (bounded) until the reader has seen the end of the program's output. A process
    /// the program left running with the terminal open keeps it from ending: then give up.
    fn drain_output(&self) {
        let deadline = Instant::now() + OUTPUT_DRAIN_LIMIT;
        let mut state = self.shared.lock();
        while !state.closed {
            let now = Instant::now();
            if now >= deadline {
                return;
            }
            state = self
                .shared
                .changed
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    fn kill(&mut self) {
        if self.poll_exit().is_none() {
            // Hang-up, then a kill if it lingers.
            let _ = self.child.kill();
            if let Ok(status) = self.child.wait() {
                self.exit = Some(status);
            }
        }
    }

    /// Whether the program has switched to the alternate screen.
    pub fn alternate_screen(&self) -> bool {
        self.shared.lock().parser.screen().alternate_screen()
    }

    /// Whether the program has hidden the cursor.
    pub fn cursor_hidden(&self) -> bool {
        self.shared.lock().parser.screen().hide_cursor()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.kill();
        // The reader ends once the terminal closes; do not hang on a leftover process
        // holding it.
        if self.shared.lock().closed {
            if let Some(reader) = self.reader.take() {
                let _ = reader.join();
            }
        }
    }
}

fn non_zero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("terminal size must not be zero")
}

fn render(screen: &vt100::Screen) -> String {
    let (_, cols) = screen.size();
    screen
        .rows(0, cols.get())
        .map(|row| row.trim_end_matches(' ').to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The screen between rulers, for failure messages.
fn frame(screen: &str) -> String {
    format!("----- screen -----\n{screen}\n----- end of screen -----")
}

/// The bytes a terminal sends for a named key, or a single character; `None` for text.
fn key_bytes(key: &str) -> Option<Vec<u8>> {
    let mut chars = key.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(c.to_string().into_bytes());
    }
    let name = key.to_ascii_lowercase();
    let bytes: &[u8] = match name.as_str() {
        "enter" => b"\r",
        "esc" => b"\x1b",
        "tab" => b"\t",
        "backtab" => b"\x1b[Z",
        "up" => b"\x1b[A",
        "down" => b"\x1b[B",
        "right" => b"\x1b[C",
        "left" => b"\x1b[D",
        "home" => b"\x1b[H",
        "end" => b"\x1b[F",
        "pageup" => b"\x1b[5~",
        "pagedown" => b"\x1b[6~",
        "insert" => b"\x1b[2~",
        "delete" => b"\x1b[3~",
        "backspace" => b"\x7f",
        "space" => b" ",
        "f1" => b"\x1bOP",
        "f2" => b"\x1bOQ",
        "f3" => b"\x1bOR",
        "f4" => b"\x1bOS",
        "f5" => b"\x1b[15~",
        "f6" => b"\x1b[17~",
        "f7" => b"\x1b[18~",
        "f8" => b"\x1b[19~",
        "f9" => b"\x1b[20~",
        "f10" => b"\x1b[21~",
        "f11" => b"\x1b[23~",
        "f12" => b"\x1b[24~",
        _ => {
            let letter = name.strip_prefix("ctrl-")?;
            return match letter.as_bytes() {
                [c @ b'a'..=b'z'] => Some(vec![c & 0x1f]),
                _ => None,
            };
        }
    };
    Some(bytes.to_vec())
}

/// How many input bytes the terminal holds that the program has not read yet.
#[cfg(unix)]
fn pending_input(tty: &Path) -> Option<usize> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;

    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOCTTY | libc::O_NONBLOCK)
        .open(tty)
        .ok()?;
    let mut count: libc::c_int = 0;
    // SAFETY: FIONREAD stores one int through the pointer, which is valid for the call.
    let rc = unsafe { libc::ioctl(file.as_raw_fd(), libc::FIONREAD, &mut count) };
    (rc == 0).then(|| usize::try_from(count).unwrap_or(0))
}

#[cfg(not(unix))]
fn pending_input(_tty: &Path) -> Option<usize> {
    None
}

#[cfg(test)]
mod tests {
    use super::key_bytes;

    #[test]
    fn key_names() {
        assert_eq!(key_bytes("q").unwrap(), b"q");
        assert_eq!(key_bytes("+").unwrap(), b"+");
        assert_eq!(key_bytes("é").unwrap(), "é".as_bytes());
        assert_eq!(key_bytes("enter").unwrap(), b"\r");
        assert_eq!(key_bytes("Esc").unwrap(), b"\x1b");
        assert_eq!(key_bytes("ctrl-c").unwrap(), b"\x03");
        assert_eq!(key_bytes("ctrl-z").unwrap(), b"\x1a");
        assert_eq!(key_bytes("backtab").unwrap(), b"\x1b[Z");
        assert_eq!(key_bytes("abc"), None);
        assert_eq!(key_bytes("ctrl-"), None);
        assert_eq!(key_bytes("ctrl-1"), None);
    }
}
