//! The interactive dashboard: `ftzroute [PROFILE]`.
//!
//! Draws only when something happens (a key, a resize, a zone's result, a pack reload, a profile
//! change): no tick, so an idle dashboard costs nothing and sends nothing over SSH. Bursts of
//! events are coalesced into one frame. The terminal is restored on every exit path, panics
//! included.
//!
//! Nothing that runs pack code runs on this thread: the packs are opened by the pack worker
//! (the first frame is drawn before, with every zone pending), and zones are evaluated by the
//! zone workers ([`workers`]), whose results come back as events like any other. A pack that
//! hangs delays only its own zone's cells, never a key. What the state asks beyond itself comes
//! back from it as [`effects`]: the rescan goes to the pack worker, files are written here, the
//! golden cases and the memo run on workers of their own.

pub mod columns;
pub mod effects;
pub mod keys;
pub mod ledger;
pub mod marks;
pub mod memo;
pub mod screens;
pub mod state;
pub mod theme;
pub mod views;
pub mod workers;
pub mod zone_columns;

use crate::core::profile::Profile;
use crate::core::zones::Zones;
use crate::host::{PackError, PackNews, Reloader, WatchMode};
use crossterm::event::{self as terminal_event, Event as TerminalEvent, MouseEventKind};
use crossterm::{cursor, execute, terminal};
use effects::{Effect, Outcome};
use keys::KeyMap;
use notify::RecursiveMode;
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use state::{Dashboard, Event};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use theme::{ColorMode, Theme};
use workers::{CasesJob, Planner, Solo, Workers};

/// How long a frame may wait for the results of evaluations just started (see the event loop):
/// well under the 50 ms in which a key must be answered.
const RESULT_GRACE: Duration = Duration::from_millis(30);

/// How often `--poll` looks at pack and profile files.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// The profile opened when none is given.
const BUNDLED_EXAMPLE: &str = include_str!("../../../examples/suzhou-biologics.toml");

pub struct Options {
    pub profile: Option<PathBuf>,
    pub pack_dirs: Vec<PathBuf>,
    pub opening: crate::host::Opening,
    pub zones: Zones,
    pub color: ColorMode,
    pub poll: bool,
    pub mouse: bool,
    pub keymap: KeyMap,
}

/// Per-user state directory (logs, the example profile, the zones hidden and pinned):
/// `$XDG_STATE_HOME/ftzroute` or
/// `~/.local/state/ftzroute`.
pub fn state_dir() -> PathBuf {
    std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/state")))
        .unwrap_or_else(std::env::temp_dir)
        .join("ftzroute")
}

/// The bundled example as a file the dashboard can save to (written once, then reused).
fn example_profile() -> std::io::Result<PathBuf> {
    let dir = state_dir();
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("example-profile.toml");
    if !path.exists() {
        std::fs::write(&path, BUNDLED_EXAMPLE)?;
    }
    Ok(path)
}

/// Errors that end the dashboard before or after it owned the terminal.
#[derive(Debug, thiserror::Error)]
pub enum DashboardError {
    #[error("{0}")]
    Input(#[from] crate::common::input::InputError),
    #[error("{0}")]
    Packs(#[from] crate::host::PackError),
    #[error("cannot watch for changes: {0}")]
    Watch(#[from] notify::Error),
    #[error("terminal: {0}")]
    Terminal(#[from] std::io::Error),
}

pub fn run(options: Options) -> Result<(), DashboardError> {
    let profile_path = match options.profile {
        Some(path) => path,
        None => example_profile()?,
    };
    // Everything that can be wrong with the input is reported before the terminal is taken.
    let profile_source = std::fs::read_to_string(&profile_path).map_err(|e| {
        crate::common::input::InputError::new(
            &profile_path,
            format!("cannot read the profile: {e}"),
        )
    })?;
    let profile = Profile::parse(&profile_path, &profile_source)?;
    for dir in &options.pack_dirs {
        std::fs::read_dir(dir).map_err(|source| PackError::Directory {
            dir: dir.clone(),
            source,
        })?;
    }
    // The packs open on the pack worker: the first frame shows every zone pending rather than
    // waiting for a pack that is slow to answer.
    let mut dashboard = Dashboard::in_background(
        profile_path.clone(),
        profile_source,
        profile,
        options.zones,
        None,
        options.keymap,
    );
    dashboard.dev_mode = options.opening.dev;
    dashboard.load_zone_choices(zone_columns::choices_file(&state_dir()));
    let theme = Theme::new(options.color);

    let (sender, events) = mpsc::channel::<Event>();
    let mode = if options.poll {
        WatchMode::Poll(POLL_INTERVAL)
    } else {
        WatchMode::Events
    };
    let pack_events = sender.clone();
    let reloader = Reloader::open_and_watch(
        &options.pack_dirs,
        mode,
        options.opening.clone(),
        move |news| {
            let _ = pack_events.send(match news {
                PackNews::Opened(opened) => Event::PacksOpened(Box::new(opened)),
                PackNews::Reloaded(loaded) => Event::PackLoaded(loaded),
                PackNews::Rescanned { changed } => Event::PacksRescanned { changed },
            });
        },
    )?;
    let results = sender.clone();
    let workers = Workers::new(move |result| {
        let _ = results.send(Event::Evaluated(Box::new(result)));
    });
    let answers = sender.clone();
    let planner = Planner::new(move |answer| {
        let _ = answers.send(Event::Planned(Box::new(answer)));
    });
    let cases_ran = sender.clone();
    let cases = Solo::<CasesJob>::new(move |ran| {
        let _ = cases_ran.send(Event::Done(Box::new(Outcome::CasesRan(ran))));
    });
    let memo_written = sender.clone();
    let memos = Solo::<memo::MemoJob>::new(move |written| {
        let _ = memo_written.send(Event::Done(Box::new(Outcome::MemoWritten(written))));
    });
    let mut helpers = Helpers {
        reloader,
        workers,
        planner,
        cases,
        memos,
    };
    let _profile_watch = watch_file(&profile_path, &[], options.poll, sender.clone(), || {
        Event::ProfileChanged
    })?;
    // An import into the profile's ledger while the dashboard is open updates the counts. Its
    // commit may land in the write-ahead log only (until a checkpoint copies it into the
    // ledger file), so a change to the log counts too; a read sees only committed imports.
    let _ledger_watch = match &dashboard.profile.ledger {
        Some(settings) => Some(watch_file(
            &settings.path,
            &["-wal"],
            options.poll,
            sender.clone(),
            || Event::LedgerChanged,
        )?),
        None => None,
    };

    let signal_events = sender.clone();
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if signals.forever().next().is_some() {
                let _ = signal_events.send(Event::Terminate);
            }
        })?;

    let mut guard = TerminalGuard::enter(options.mouse)?;
    let input_events = sender;
    std::thread::Builder::new()
        .name("terminal-input".into())
        .spawn(move || read_terminal(input_events))?;

    guard
        .terminal
        .draw(|frame| screens::draw(frame, &dashboard, &theme))?;
    while let Ok(first) = events.recv() {
        // Whether to wait for results: evaluations started, and no key came after them.
        let mut wait_for_results = false;
        let mut next = Some(first);
        // Coalesce: handle everything already queued, then draw once.
        while let Some(event) = next {
            let key = matches!(event, Event::Key(_));
            if take_in(&mut dashboard, event, &mut helpers) {
                wait_for_results = true;
            } else if key {
                wait_for_results = false;
            }
            next = events.try_recv().ok();
        }
        if wait_for_results {
            // Results usually land within milliseconds: wait a moment for them, so the grid goes
            // from the old values straight to the new ones instead of through a frame of stale
            // marks (which would also resend every cell). A key ends the wait: it is answered
            // at once, with whatever has landed.
            let until = Instant::now() + RESULT_GRACE;
            while dashboard.zones_awaiting() > 0 && !dashboard.quit {
                let left = until.saturating_duration_since(Instant::now());
                let Ok(event) = events.recv_timeout(left) else {
                    break;
                };
                let key = matches!(event, Event::Key(_));
                take_in(&mut dashboard, event, &mut helpers);
                if key {
                    break;
                }
            }
        }
        if dashboard.quit {
            break;
        }
        guard
            .terminal
            .draw(|frame| screens::draw(frame, &dashboard, &theme))?;
        if let Some(latency) = dashboard.take_reload_latency() {
            tracing::info!(
                latency_ms = latency.as_secs_f64() * 1000.0,
                "frame drawn after pack reload"
            );
        }
    }
    // Restore the terminal first; the workers and packs are then dropped without waiting for a
    // call in progress (see the workers module).
    drop(guard);
    drop(helpers);
    Ok(())
}

/// Who carries out what the dashboard asks: the pack worker, and the workers that run pack code.
struct Helpers {
    reloader: Reloader,
    workers: Workers,
    planner: Planner,
    cases: Solo<CasesJob>,
    memos: Solo<memo::MemoJob>,
}

/// Handles one event: carries out its effects (files at once, pack code on the workers) and
/// hands new evaluations to the zone workers and a new question to the planner. True when it
/// started evaluations.
fn take_in(dashboard: &mut Dashboard, event: Event, helpers: &mut Helpers) -> bool {
    let mut effects = dashboard.handle(event);
    while !effects.is_empty() {
        let mut outcomes = Vec::new();
        for effect in effects {
            match effect {
                Effect::RescanPacks => helpers.reloader.rescan(),
                Effect::RunCases(job) => helpers.cases.submit(job),
                Effect::WriteMemo(job) => helpers.memos.submit(job),
                // Files are written here: quick, and a save must land before a quit.
                effect => outcomes.extend(effect.run_here()),
            }
        }
        effects = outcomes
            .into_iter()
            .flat_map(|outcome| dashboard.handle(Event::Done(Box::new(outcome))))
            .collect();
    }
    if let Some(job) = dashboard.take_plan_job() {
        helpers.planner.submit(job);
    }
    let jobs = dashboard.take_jobs();
    let started = !jobs.is_empty();
    for job in jobs {
        helpers.workers.submit(job);
    }
    started
}

fn read_terminal(sender: mpsc::Sender<Event>) {
    loop {
        let event = match terminal_event::read() {
            Ok(TerminalEvent::Key(key)) => Event::Key(key),
            Ok(TerminalEvent::Resize(_, _)) => Event::Resize,
            Ok(TerminalEvent::Mouse(mouse)) => match mouse.kind {
                MouseEventKind::ScrollUp => Event::ScrollUp,
                MouseEventKind::ScrollDown => Event::ScrollDown,
                _ => continue,
            },
            Ok(_) => continue,
            Err(error) => {
                tracing::error!(%error, "terminal input failed");
                return;
            }
        };
        if sender.send(event).is_err() {
            return;
        }
    }
}

/// Watches a file's directory (editors replace files by renaming; a ledger may not exist yet)
/// for changes to it, or to the files named like it with one of the suffixes `also`, sending
/// `event()` for each burst.
fn watch_file(
    profile: &Path,
    also: &[&str],
    poll: bool,
    sender: mpsc::Sender<Event>,
    event: fn() -> Event,
) -> notify::Result<Box<dyn std::any::Any>> {
    let profile = std::fs::canonicalize(profile).unwrap_or_else(|_| profile.to_path_buf());
    let dir = profile
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let name = profile.file_name().map(|n| n.to_os_string());
    let names: Vec<std::ffi::OsString> = name
        .iter()
        .cloned()
        .chain(name.iter().flat_map(|name| {
            also.iter().map(move |suffix| {
                let mut with = name.clone();
                with.push(suffix);
                with
            })
        }))
        .collect();
    let handler = move |result: notify_debouncer_full::DebounceEventResult| {
        let Ok(events) = result else { return };
        let touched = events
            .iter()
            .filter(|event| crate::host::is_change(&event.kind))
            .flat_map(|event| event.paths.iter())
            .any(|path| {
                path.file_name()
                    .is_some_and(|n| names.iter().any(|m| m == n))
            });
        if touched {
            let _ = sender.send(event());
        }
    };
    let debounce = Duration::from_millis(200);
    if poll {
        let config = notify::Config::default()
            .with_poll_interval(POLL_INTERVAL)
            .with_compare_contents(true);
        let mut debouncer = notify_debouncer_full::new_debouncer_opt::<
            _,
            notify::PollWatcher,
            notify_debouncer_full::RecommendedCache,
        >(
            debounce,
            None,
            handler,
            notify_debouncer_full::RecommendedCache::new(),
            config,
        )?;
        debouncer.watch(&dir, RecursiveMode::NonRecursive)?;
        Ok(Box::new(debouncer))
    } else {
        let mut debouncer = notify_debouncer_full::new_debouncer(debounce, None, handler)?;
        debouncer.watch(&dir, RecursiveMode::NonRecursive)?;
        Ok(Box::new(debouncer))
    }
}

/// Owns the terminal while the dashboard runs; restores it when dropped, and the panic hook
/// restores it too, so no exit path leaves the user's shell in raw mode.
struct TerminalGuard {
    terminal: Terminal<CrosstermBackend<std::io::Stdout>>,
    mouse: bool,
}

impl TerminalGuard {
    fn enter(mouse: bool) -> std::io::Result<TerminalGuard> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore_terminal(true);
            previous(info);
        }));
        terminal::enable_raw_mode()?;
        let mut stdout = std::io::stdout();
        execute!(stdout, terminal::EnterAlternateScreen, cursor::Hide)?;
        if mouse {
            execute!(stdout, crossterm::event::EnableMouseCapture)?;
        }
        let terminal = Terminal::new(CrosstermBackend::new(std::io::stdout()))?;
        Ok(TerminalGuard { terminal, mouse })
    }
}

fn restore_terminal(mouse: bool) {
    let mut stdout = std::io::stdout();
    if mouse {
        let _ = execute!(stdout, crossterm::event::DisableMouseCapture);
    }
    let _ = execute!(stdout, terminal::LeaveAlternateScreen, cursor::Show);
    let _ = terminal::disable_raw_mode();
    let _ = stdout.flush();
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal(self.mouse);
    }
}
