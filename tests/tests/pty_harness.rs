//! The pseudo-terminal harness itself, proved on small shell programs (no dashboard needed).
#![cfg(unix)]

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

use ftzroute_e2e::pty::{Session, SCREEN_TIMEOUT};

fn sh(script: &str, cols: u16, rows: u16) -> Session {
    Session::spawn(Path::new("sh"), &["-c", script], &[], cols, rows)
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[test]
fn prompt_typing_and_exit_code() {
    let mut session = sh(
        r#"printf 'hello\n'; read x; printf 'got %s\n' "$x""#,
        80,
        24,
    );
    session.wait_for("hello", SCREEN_TIMEOUT);
    session.key("abc");
    session.key("enter");
    let screen = session.wait_for("got abc", SCREEN_TIMEOUT);
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
    // One line per row, trailing spaces trimmed; the terminal echoed the typing.
    assert_eq!(screen.split('\n').count(), 24, "{screen}");
    assert_eq!(
        &screen.lines().take(3).collect::<Vec<_>>(),
        &["hello", "abc", "got abc"]
    );
    assert!(session.bytes_written() >= "hello\r\nabc\r\ngot abc\r\n".len());
    assert!(String::from_utf8_lossy(&session.raw_output()).contains("got abc"));
}

#[test]
fn exit_code_is_reported() {
    let mut session = sh("printf 'bye\\n'; exit 3", 80, 24);
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(3));
    // The output written just before exiting still reaches the screen.
    assert!(session.screen().contains("bye"), "{}", session.screen());
}

#[test]
fn alternate_screen_and_cursor_state() {
    let mut session = sh(
        r#"printf 'main\n'
           printf '\033[?1049h\033[?25l\033[H\033[2Jin alt\n'
           read x
           printf '\033[?25h\033[?1049l'
           printf 'back\n'"#,
        80,
        24,
    );
    let screen = session.wait_for("in alt", SCREEN_TIMEOUT);
    assert!(session.alternate_screen());
    assert!(session.cursor_hidden());
    assert!(!screen.contains("main"), "{screen}");

    session.key("enter");
    let screen = session.wait_for("back", SCREEN_TIMEOUT);
    assert!(!session.alternate_screen());
    assert!(!session.cursor_hidden());
    assert!(screen.contains("main"), "{screen}");
    assert!(!screen.contains("in alt"), "{screen}");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
}

#[test]
fn resize_reaches_the_program() {
    let mut session = sh(
        "stty size; read x; stty size; read y; echo size done",
        80,
        24,
    );
    session.wait_for("24 80", SCREEN_TIMEOUT);
    session.resize(100, 30);
    session.key("enter");
    let screen = session.wait_for("30 100", SCREEN_TIMEOUT);
    assert_eq!(screen.split('\n').count(), 30, "{screen}");
    assert_eq!(session.with_screen(|s| s.size()).1.get(), 100);

    session.resize(60, 20);
    session.key("enter");
    session.wait_for("size done", SCREEN_TIMEOUT);
    assert_eq!(session.screen().split('\n').count(), 20);
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
}

#[test]
fn keys_arrive_as_a_terminal_sends_them() {
    // In raw mode without echo, dump exactly the bytes that arrive.
    let mut session = sh(
        r#"stty raw -echo; printf 'ready'; b=$(head -c 14 | od -An -tx1); stty sane; echo; echo "[$b ]""#,
        80,
        24,
    );
    session.wait_for("ready", SCREEN_TIMEOUT);
    for key in ["esc", "up", "backtab", "ctrl-c", "q", "enter", "pagedown"] {
        session.key(key);
    }
    let screen = session.wait_until("the dumped bytes", SCREEN_TIMEOUT, |s| s.contains(" ]"));
    let dumped: String = screen
        .split_once('[')
        .and_then(|(_, rest)| rest.split_once(" ]"))
        .map(|(bytes, _)| bytes.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    assert_eq!(
        dumped, "1b 1b 5b 41 1b 5b 5a 03 71 0d 1b 5b 36 7e",
        "{screen}"
    );
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
}

#[test]
fn output_is_drained_while_nobody_looks() {
    // Far more than a terminal buffer holds: the program must not block on it.
    let mut session = sh("seq 1 100000; echo all written", 80, 24);
    session.wait_for("all written", SCREEN_TIMEOUT);
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
    assert!(
        session.bytes_written() > 500_000,
        "{}",
        session.bytes_written()
    );
    assert!(session.screen().contains("100000"));
}

#[test]
fn waiting_in_vain_panics_with_the_screen() {
    let session = sh("printf 'something else\\n'; sleep 30", 80, 24);
    session.wait_for("something", SCREEN_TIMEOUT);
    let err = catch_unwind(AssertUnwindSafe(|| {
        session.wait_for("never shown", Duration::from_millis(300))
    }))
    .expect_err("wait_for must panic");
    let message = panic_message(err);
    assert!(message.contains("\"never shown\""), "{message}");
    assert!(message.contains("something else"), "{message}");
    // Dropping the session kills the sleeping program.
}

#[test]
fn waiting_on_an_exited_program_fails_at_once() {
    let session = sh("printf 'last words\\n'", 80, 24);
    let start = Instant::now();
    let err = catch_unwind(AssertUnwindSafe(|| {
        session.wait_for("never shown", Duration::from_secs(60))
    }))
    .expect_err("wait_for must panic");
    assert!(start.elapsed() < Duration::from_secs(30));
    let message = panic_message(err);
    assert!(message.contains("exited"), "{message}");
    assert!(message.contains("last words"), "{message}");
}

#[test]
fn wait_exit_kills_on_timeout() {
    let mut session = sh("echo sleeping; sleep 30", 80, 24);
    session.wait_for("sleeping", SCREEN_TIMEOUT);
    let pid = session.pid().expect("pid");
    let err = catch_unwind(AssertUnwindSafe(|| {
        session.wait_exit(Duration::from_millis(300))
    }))
    .expect_err("wait_exit must panic");
    assert!(panic_message(err).contains("did not exit"));
    assert!(session.has_exited());
    // Reaped, so the process id is gone.
    assert!(!Path::new(&format!("/proc/{pid}")).exists() || cfg!(not(target_os = "linux")));
}

#[test]
fn esc_is_read_on_its_own() {
    // Each `dd` is one read of whatever has arrived: Esc must not share it with the next key,
    // or a terminal program would see Alt+q instead of Esc then q.
    let mut session = sh(
        r#"stty raw -echo; printf 'ready'
           a=$(dd bs=64 count=1 2>/dev/null | od -An -tx1)
           b=$(dd bs=64 count=1 2>/dev/null | od -An -tx1)
           stty sane; echo; echo "[$a |$b ]""#,
        80,
        24,
    );
    session.wait_for("ready", SCREEN_TIMEOUT);
    let start = Instant::now();
    session.key("esc");
    assert!(start.elapsed() < Duration::from_secs(2));
    session.key("q");
    let screen = session.wait_until("the dumped reads", SCREEN_TIMEOUT, |s| s.contains(" ]"));
    let reads: String = screen
        .split_once('[')
        .and_then(|(_, rest)| rest.split_once(" ]"))
        .map(|(reads, _)| reads.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    assert_eq!(reads, "1b | 71", "{screen}");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
}
