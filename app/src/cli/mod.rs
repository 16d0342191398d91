//! The command line: parses arguments and dispatches to the commands, the workbench and the
//! dashboard. Nothing here decides anything.

use crate::commands::eval::EvalArgs;
use crate::commands::ledger::LedgerCommand;
use crate::commands::memo::MemoArgs;
use crate::commands::packs::PacksArgs;
use crate::commands::plan::PlanArgs;
use crate::common::failure::Failure;
use crate::context::{Context, IsolationChoice};
use crate::dashboard::keys::KeyMap;
use crate::dashboard::theme::ColorMode;
use crate::dashboard::DashboardError;
use crate::workbench::check::PackCheckArgs;
use crate::workbench::diff::PackDiffArgs;
use crate::workbench::scaffold::PackNewArgs;
use crate::workbench::test::PackTestArgs;
use crate::workbench::trust::PackTrustArgs;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "ftzroute",
    version,
    about = "Which route does a China data export need, zone by zone?",
    long_about = "ftzroute judges one data-export profile under several regimes side by side \
(FTZ negative lists, the national CBDF Provisions) using rule packs loaded as plugins.\n\n\
Without a command, opens the dashboard on PROFILE (default: the bundled example).\n\n\
Exit codes: 0 success, 1 golden cases failed, 2 unusable input, 3 a pack failed.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Profile to open in the dashboard (default: the bundled example).
    #[arg(value_name = "PROFILE")]
    pub profile: Option<PathBuf>,

    #[command(flatten)]
    pub dashboard: DashboardArgs,

    /// Directory of pack libraries (repeatable; default: beside the executable).
    #[arg(
        long = "packs",
        value_name = "DIR",
        global = true,
        env = "FTZROUTE_PACKS",
        value_delimiter = ':'
    )]
    pub packs: Vec<PathBuf>,

    /// Zones file replacing the bundled zones.
    #[arg(long, value_name = "FILE", global = true, env = "FTZROUTE_ZONES")]
    pub zones: Option<PathBuf>,

    /// Write a diagnostic log to this file (never to the terminal).
    #[arg(long, value_name = "FILE", global = true, env = "FTZROUTE_LOG")]
    pub log: Option<PathBuf>,

    /// Where pack code runs: `process` (the default: a runner process per pack, so a crashing,
    /// exiting or hanging pack cannot take ftzroute down) or `none` (in this process: for
    /// benchmarks and debuggers).
    #[arg(long, value_enum, value_name = "WHERE", global = true)]
    pub isolation: Option<IsolationChoice>,

    /// Pack-author mode: load packs that are not approved in packs.lock, or that sit where other
    /// users can write, with a warning instead of refusing them.
    #[arg(long, global = true)]
    pub dev: bool,

    /// Seconds one call to an isolated pack may take before its runner is ended.
    #[arg(long, value_name = "SECS", global = true, default_value_t = 5.0, value_parser = pack_timeout)]
    pub pack_timeout: f64,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options of the dashboard.
#[derive(Debug, clap::Args)]
pub struct DashboardArgs {
    /// Colours: never, 16 or 256 (default 256; NO_COLOR turns them off).
    #[arg(long, value_enum, value_name = "WHEN")]
    pub color: Option<ColorMode>,
    /// Poll pack and profile files instead of waiting for change events (network file systems).
    #[arg(long)]
    pub poll: bool,
    /// Capture the mouse (scrolling); off by default so the terminal's own selection keeps working.
    #[arg(long)]
    pub mouse: bool,
    /// Key bindings file overriding the defaults ([keys] action = "key").
    #[arg(long, value_name = "FILE", env = "FTZROUTE_KEYS")]
    pub keys: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Judge a profile in every zone (or the zones given) and print the routes.
    Eval(EvalArgs),
    /// Write a decision memo to file (Markdown or HTML), or the duties' due dates (iCalendar).
    Memo(MemoArgs),
    /// List the packs found, with edition, validity, sectors, file and load status.
    Packs(PacksArgs),
    /// For the handler's sector: the lists that cover it, the zones ranked by burden, and the
    /// lists a zone could apply by reference.
    Plan(PlanArgs),
    /// Pack-author tools.
    #[command(subcommand)]
    Pack(PackCommand),
    /// The profile's transfer ledger: import transfers, count persons exactly.
    #[command(subcommand)]
    Ledger(LedgerCommand),
}

#[derive(Debug, Subcommand)]
pub enum PackCommand {
    /// Scaffold a new pack crate (an edition of a list) in the workspace.
    New(PackNewArgs),
    /// Run golden cases through the loader and engine.
    Test(PackTestArgs),
    /// Compare two editions: cases whose outcome differs, and with --sweep the thresholds.
    Diff(PackDiffArgs),
    /// Static and behavioural checks of a pack, each a named finding with a severity.
    Check(PackCheckArgs),
    /// Approve a built pack library: record its SHA-256 in packs.lock beside it.
    Trust(PackTrustArgs),
}

impl Cli {
    /// The options every command shares.
    pub fn context(&self) -> Context {
        Context {
            pack_dirs: self.packs.clone(),
            zones_file: self.zones.clone(),
            isolation: self.isolation,
            dev: self.dev,
            pack_timeout: self.pack_timeout,
        }
    }
}

/// Runs the command the arguments name (the dashboard without one).
pub fn run(cli: &Cli, out: &mut dyn Write) -> Result<(), Failure> {
    let cx = cli.context();
    match &cli.command {
        Some(Command::Eval(args)) => crate::commands::eval::command(&cx, args, out),
        Some(Command::Memo(args)) => crate::commands::memo::command(&cx, args, out),
        Some(Command::Packs(args)) => crate::commands::packs::command(&cx, args, out),
        Some(Command::Plan(args)) => crate::commands::plan::command(&cx, args, out),
        Some(Command::Ledger(command)) => crate::commands::ledger::command(&cx, command, out),
        Some(Command::Pack(pack)) => match pack {
            PackCommand::Test(args) => crate::workbench::test::command(&cx, args, out),
            PackCommand::New(args) => crate::workbench::scaffold::command(args, out),
            PackCommand::Diff(args) => crate::workbench::diff::command(&cx, args, out),
            PackCommand::Check(args) => crate::workbench::check::command(&cx, args, out),
            PackCommand::Trust(args) => crate::workbench::trust::command(args, out),
        },
        None => dashboard(cli, &cx),
    }
}

fn dashboard(cli: &Cli, cx: &Context) -> Result<(), Failure> {
    let keymap = match &cli.dashboard.keys {
        Some(file) => KeyMap::load(file)?,
        None => KeyMap::default(),
    };
    let options = crate::dashboard::Options {
        profile: cli.profile.clone(),
        pack_dirs: cx.pack_dirs(),
        opening: cx.opening()?,
        zones: cx.load_zones()?,
        color: ColorMode::resolve(cli.dashboard.color),
        poll: cli.dashboard.poll,
        mouse: cli.dashboard.mouse,
        keymap,
    };
    crate::dashboard::run(options).map_err(|error| match error {
        DashboardError::Input(input) => Failure::Input(input),
        DashboardError::Packs(packs) => Failure::Pack(packs.to_string()),
        other => Failure::Runtime(other.to_string()),
    })
}

/// `--pack-timeout`: a number of seconds in the range [`crate::context::pack_deadline`] takes;
/// clap shows the value as typed with the problem.
fn pack_timeout(text: &str) -> Result<f64, String> {
    let seconds: f64 = text.trim().parse().map_err(|_| {
        format!(
            "not a number of seconds: give one more than 0 and at most {}",
            crate::context::MAX_PACK_TIMEOUT
        )
    })?;
    crate::context::pack_deadline(seconds)
        .map(|_| seconds)
        .map_err(|_| {
            format!(
                "out of range: give a number of seconds more than 0 and at most {}",
                crate::context::MAX_PACK_TIMEOUT
            )
        })
}
