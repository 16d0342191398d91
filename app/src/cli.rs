//! Command-line interface: argument parsing and the headless commands.

use crate::cases::{find_cases_dir, run_pack_cases, PackCases};
use crate::dashboard::keys::KeyMap;
use crate::dashboard::theme::ColorMode;
use crate::dashboard::DashboardError;
use crate::engine::PackSource;
use crate::engine::{evaluate_zone, EngineError};
use crate::input::InputError;
use crate::loader::{
    default_pack_dirs, is_pack_file, open_pack, Isolation, LoadedPack, Opening, PackError, PackSet,
    PackSlot,
};
use crate::profile::Profile;
use crate::reload::{is_change, Applied, LivePacks, Loaded, Reloader, WatchMode};
use crate::report;
use crate::zones::Zones;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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

    /// Where pack code runs: `process` (a runner process per pack, so a crashing or hanging pack
    /// cannot take ftzroute down) or `none` (in this process, fastest). Default: process for the
    /// dashboard, none for the other commands.
    #[arg(long, value_enum, value_name = "WHERE", global = true)]
    pub isolation: Option<IsolationArg>,

    /// Pack-author mode: load packs that are not approved in packs.lock, or that sit where other
    /// users can write, with a warning instead of refusing them.
    #[arg(long, global = true)]
    pub dev: bool,

    /// Seconds one call to an isolated pack may take before its runner is ended.
    #[arg(long, value_name = "SECS", global = true, default_value_t = 5.0)]
    pub pack_timeout: f64,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IsolationArg {
    /// Each pack in its own runner process.
    Process,
    /// Packs in this process.
    None,
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
    /// List the packs found, with edition, validity, sectors, file and load status.
    Packs(PacksArgs),
    /// Pack-author tools.
    #[command(subcommand)]
    Pack(PackCommand),
}

#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Profile file (TOML, contract v1).
    pub profile: PathBuf,
    /// Zone to judge in (repeatable; default: every configured zone, in configured order).
    #[arg(long = "zone", id = "zone", value_name = "ID")]
    pub zone_ids: Vec<String>,
    /// Output format (default: table on a terminal, json otherwise).
    #[arg(long, value_enum)]
    pub format: Option<EvalFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    Json,
    Table,
    Markdown,
}

#[derive(Debug, clap::Args)]
pub struct PacksArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
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

#[derive(Debug, clap::Args)]
pub struct PackTrustArgs {
    /// The pack library to approve.
    pub library: PathBuf,
    /// Who approves it (default: the current user).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct PackNewArgs {
    /// Pack name without the edition, e.g. `shanghai-pharma`.
    pub name: String,
    /// Zone the pack's list belongs to, e.g. `shanghai`.
    #[arg(long)]
    pub zone: String,
    /// Edition, e.g. `2026`; the pack is created as packs/NAME-EDITION.
    #[arg(long)]
    pub edition: String,
    /// Workspace root (default: the workspace containing the current directory).
    #[arg(long, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct PackDiffArgs {
    /// The older edition: a pack id or the path of a built library.
    pub old: String,
    /// The newer edition: a pack id or the path of a built library.
    pub new: String,
    /// Case files to compare on (default: the old pack's cases, then the new one's).
    #[arg(long, value_name = "DIR")]
    pub cases: Option<PathBuf>,
    /// Also probe both editions for their thresholds and report moved, added and removed ones.
    #[arg(long)]
    pub sweep: bool,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, clap::Args)]
pub struct PackCheckArgs {
    /// A pack id or the path of a built library.
    pub pack: String,
    /// The pack's case files (default: packs/<id>/cases in this checkout).
    #[arg(long, value_name = "DIR")]
    pub cases: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, clap::Args)]
pub struct PackTestArgs {
    /// Pack ids or library paths (default: every loaded pack that has cases).
    #[arg(id = "pack", value_name = "PACK")]
    pub targets: Vec<String>,
    /// Directory of case files (default: packs/<id>/cases in this checkout).
    #[arg(long, value_name = "DIR")]
    pub cases: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = CaseFormat::Pretty)]
    pub format: CaseFormat,
    /// Fail (exit 1) when a tested pack's rule coverage, rules fired / rules declared, is below
    /// PCT percent; names the rules never fired.
    #[arg(long, value_name = "PCT", value_parser = parse_percent)]
    pub threshold: Option<f64>,
    /// After the first run, run again whenever a pack library in use or a cases directory
    /// changes, until interrupted.
    #[arg(long)]
    pub watch: bool,
}

/// A percentage from 0 to 100 (decimals allowed).
fn parse_percent(text: &str) -> Result<f64, String> {
    match text.trim_end_matches('%').parse::<f64>() {
        Ok(value) if (0.0..=100.0).contains(&value) => Ok(value),
        _ => Err(format!("`{text}` is not a percentage from 0 to 100")),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CaseFormat {
    Pretty,
    Json,
}

/// How a command failed, which decides the exit code.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("{0}")]
    Input(#[from] InputError),
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Pack(String),
    #[error("{0}")]
    CasesFailed(String),
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
    #[error("{0}")]
    Runtime(String),
}

impl Failure {
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            Failure::CasesFailed(_) => 1,
            Failure::Input(_) | Failure::Usage(_) => 2,
            Failure::Pack(_) => 3,
            Failure::Output(_) | Failure::Runtime(_) => 1,
        })
    }
}

impl From<EngineError> for Failure {
    fn from(error: EngineError) -> Self {
        Failure::Pack(error.to_string())
    }
}

impl From<PackError> for Failure {
    fn from(error: PackError) -> Self {
        Failure::Pack(error.to_string())
    }
}

impl Cli {
    pub fn pack_dirs(&self) -> Vec<PathBuf> {
        if self.packs.is_empty() {
            default_pack_dirs()
        } else {
            self.packs.clone()
        }
    }

    pub fn load_zones(&self) -> Result<Zones, Failure> {
        Ok(match &self.zones {
            Some(file) => Zones::load(file)?,
            None => Zones::default_zones(),
        })
    }

    /// How packs run for this command: `--isolation`, else runners for the dashboard and
    /// in-process for the headless commands.
    pub fn opening(&self) -> Result<Opening, Failure> {
        let default = if self.command.is_none() {
            IsolationArg::Process
        } else {
            IsolationArg::None
        };
        let isolation = match self.isolation.unwrap_or(default) {
            IsolationArg::None => Isolation::InProcess,
            IsolationArg::Process => {
                let deadline = std::time::Duration::try_from_secs_f64(self.pack_timeout)
                    .ok()
                    .filter(|d| !d.is_zero())
                    .ok_or_else(|| {
                        Failure::Usage(format!(
                            "--pack-timeout: {} is not a positive number of seconds",
                            self.pack_timeout
                        ))
                    })?;
                Isolation::process(deadline)
            }
        };
        Ok(Opening {
            isolation,
            dev: self.dev,
        })
    }

    pub fn load_packs(&self) -> Result<PackSet, Failure> {
        let dirs = self.pack_dirs();
        let opening = self.opening()?;
        tracing::info!(?dirs, ?opening, "loading packs");
        let set = PackSet::open_dirs(&dirs, &opening)?;
        // Pack-author mode says, on stderr and never on stdout, what it let through.
        for pack in set.loaded() {
            if let Some(warning) = &pack.warning {
                eprintln!("ftzroute: warning (--dev): {warning}");
            }
        }
        Ok(set)
    }
}

/// Runs a headless command.
pub fn run(cli: &Cli, out: &mut dyn Write) -> Result<(), Failure> {
    match &cli.command {
        Some(Command::Eval(args)) => eval(cli, args, out),
        Some(Command::Packs(args)) => packs(cli, args, out),
        Some(Command::Pack(PackCommand::Test(args))) => pack_test(cli, args, out),
        Some(Command::Pack(PackCommand::New(args))) => crate::scaffold::command(cli, args, out),
        Some(Command::Pack(PackCommand::Diff(args))) => crate::sweep::command(cli, args, out),
        Some(Command::Pack(PackCommand::Check(args))) => crate::check::command(cli, args, out),
        Some(Command::Pack(PackCommand::Trust(args))) => pack_trust(args, out),
        None => dashboard(cli),
    }
}

fn dashboard(cli: &Cli) -> Result<(), Failure> {
    let keymap = match &cli.dashboard.keys {
        Some(file) => KeyMap::load(file)?,
        None => KeyMap::default(),
    };
    let options = crate::dashboard::Options {
        profile: cli.profile.clone(),
        pack_dirs: cli.pack_dirs(),
        opening: cli.opening()?,
        zones: cli.load_zones()?,
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

fn pack_trust(args: &PackTrustArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let by = args
        .by
        .clone()
        .unwrap_or_else(crate::trust::default_approver);
    let entry = crate::trust::trust(&args.library, &by).map_err(|error| match error {
        crate::trust::TrustError::Lock(input) => Failure::Input(input),
        other => Failure::Pack(other.to_string()),
    })?;
    let lock = crate::trust::lock_path(args.library.parent().unwrap_or(Path::new(".")));
    writeln!(
        out,
        "trusted {} (edition {}) sha256 {} in {}, approved by {}",
        entry.id,
        entry.edition,
        crate::trust::hex(&entry.sha256),
        lock.display(),
        entry.approved_by
    )?;
    Ok(())
}

/// Every load failure, one per line, for commands that must not run on a partial pack set.
pub fn refuse_failed_packs(set: &PackSet) -> Result<(), Failure> {
    let errors: Vec<String> = set.errors().map(|e| e.to_string()).collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Failure::Pack(format!(
            "{} pack file(s) could not be loaded; fix or remove them:\n  {}",
            errors.len(),
            errors.join("\n  ")
        )))
    }
}

fn eval(cli: &Cli, args: &EvalArgs, out: &mut dyn Write) -> Result<(), Failure> {
    // Input first: a bad profile or zone id is reported before any pack code runs.
    let profile = Profile::load(&args.profile)?;
    let zones = cli.load_zones()?;
    let selected: Vec<_> = if args.zone_ids.is_empty() {
        zones.zones.iter().collect()
    } else {
        args.zone_ids
            .iter()
            .map(|id| {
                zones.get(id).ok_or_else(|| {
                    Failure::Usage(format!(
                        "--zone: unknown zone `{id}`; allowed values are {}",
                        zones
                            .ids()
                            .iter()
                            .map(|z| format!("`{z}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })
            })
            .collect::<Result<_, _>>()?
    };
    let packs = cli.load_packs()?;
    refuse_failed_packs(&packs)?;
    let mut results = Vec::with_capacity(selected.len());
    for zone in selected {
        results.push(evaluate_zone(zone, &packs, &profile)?);
    }
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        EvalFormat::Table
    } else {
        EvalFormat::Json
    });
    let text = match format {
        EvalFormat::Json => report::json(&profile, &results),
        EvalFormat::Table => report::table(&profile, &results),
        EvalFormat::Markdown => report::markdown(&profile, &results),
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}

fn slot_status(slot: &PackSlot, today: time::Date) -> String {
    match &slot.loaded {
        Ok(pack) if crate::engine::in_force_on(&pack.description, today) => "ok".into(),
        Ok(_) => "ok (not in force today)".into(),
        Err(error) => format!("error: {error}"),
    }
}

fn packs(cli: &Cli, args: &PacksArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let set = cli.load_packs()?;
    let today = time::OffsetDateTime::now_utc().date();
    match args.format {
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = set
                .slots
                .iter()
                .map(|slot| match &slot.loaded {
                    Ok(pack) => serde_json::json!({
                        "file": slot.file,
                        "status": "ok",
                        "id": pack.description.id,
                        "zone": pack.description.zone,
                        "edition": pack.description.edition,
                        "effective_from": pack.description.effective_from,
                        "effective_until": pack.description.effective_until,
                        "sectors": pack.description.sectors,
                        "rules": pack.description.rules.len(),
                    }),
                    Err(error) => serde_json::json!({
                        "file": slot.file,
                        "status": "error",
                        "error": error.to_string(),
                    }),
                })
                .collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&list).expect("json values serialize")
            )?;
        }
        ListFormat::Table => {
            if set.slots.is_empty() {
                writeln!(
                    out,
                    "no pack libraries found in {}",
                    display_dirs(&cli.pack_dirs())
                )?;
            }
            for slot in &set.slots {
                match &slot.loaded {
                    Ok(pack) => {
                        let d = &pack.description;
                        let until = d.effective_until.clone().unwrap_or_else(|| "open".into());
                        writeln!(out, "{}  edition {}  zone {}", d.id, d.edition, d.zone)?;
                        writeln!(out, "    in force: {} to {until}", d.effective_from)?;
                        writeln!(out, "    sectors:  {}", d.sectors.join(", "))?;
                        writeln!(out, "    rules:    {}", d.rules.len())?;
                    }
                    Err(_) => writeln!(out, "(not loaded)")?,
                }
                writeln!(out, "    file:     {}", slot.file.display())?;
                writeln!(out, "    status:   {}", slot_status(slot, today))?;
            }
        }
    }
    refuse_failed_packs(&set)
}

fn display_dirs(dirs: &[PathBuf]) -> String {
    dirs.iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A PACK argument: the path of a built library (loaded from there), or the id of a pack found
/// in the pack directories.
pub fn resolve_pack(set: &PackSet, arg: &str, opening: &Opening) -> Result<LoadedPack, Failure> {
    let path = Path::new(arg);
    if is_pack_file(path) {
        return Ok(open_pack(path, opening)?);
    }
    if let Some(pack) = set.get(arg) {
        return Ok(pack.clone());
    }
    let known: Vec<String> = set.loaded().map(|p| p.description.id.clone()).collect();
    Err(Failure::Usage(format!(
        "no pack `{arg}`: give a loaded pack id ({}) or the path of a built library",
        known.join(", ")
    )))
}

fn pack_test(cli: &Cli, args: &PackTestArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let zones = cli.load_zones()?;
    let mut set = cli.load_packs()?;
    // A pack given as a library path is loaded from there, in place of any pack with its id.
    let mut tested_ids = Vec::new();
    for arg in &args.targets {
        let pack = resolve_pack(&set, arg, &cli.opening()?)?;
        let id = pack.description.id.clone();
        let file = pack.file.clone();
        set.slots.retain(|slot| {
            slot.loaded
                .as_ref()
                .map_or(true, |p| p.description.id != id)
        });
        set.slots.push(PackSlot {
            file,
            loaded: Ok(pack),
        });
        tested_ids.push(id);
    }
    refuse_failed_packs(&set)?;
    if args.cases.is_some() && tested_ids.len() != 1 {
        return Err(Failure::Usage("--cases needs exactly one PACK".into()));
    }
    let explicit = !tested_ids.is_empty();
    if !explicit {
        tested_ids = set.loaded().map(|p| p.description.id.clone()).collect();
    }
    // Which cases each tested pack runs, fixed for the whole command (and every rerun).
    let mut plan: Vec<(String, PathBuf)> = Vec::new();
    for id in tested_ids {
        match args.cases.clone().or_else(|| find_cases_dir(&id)) {
            Some(dir) => plan.push((id, dir)),
            None if explicit => {
                return Err(Failure::Usage(format!(
                    "no cases for pack `{id}`: looked for packs/{id}/cases here and in parent directories; pass --cases DIR"
                )))
            }
            None => {}
        }
    }
    if plan.is_empty() {
        return Err(Failure::Usage(
            "no pack with golden cases found; pass PACK and --cases DIR".into(),
        ));
    }
    if args.watch {
        return watch_pack_test(args, &zones, set, cli.opening()?, &plan, out);
    }
    run_pack_test(args, &zones, &set, &plan, out)
}

/// One run of `pack test`: every planned pack's cases, the report, and the verdict.
fn run_pack_test(
    args: &PackTestArgs,
    zones: &Zones,
    packs: &dyn PackSource,
    plan: &[(String, PathBuf)],
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let mut results: Vec<PackCases> = Vec::new();
    for (id, dir) in plan {
        let description = packs
            .pack(id)
            .ok_or_else(|| Failure::Pack(format!("pack `{id}` is not loaded")))?
            .description()
            .clone();
        results.push(run_pack_cases(&description, dir, zones, packs)?);
    }
    let passed: usize = results.iter().map(|r| r.cases.len() - r.failed()).sum();
    let failed: usize = results.iter().map(PackCases::failed).sum();
    let below: Vec<&PackCases> = match args.threshold {
        Some(threshold) => results
            .iter()
            .filter(|r| coverage_percent(r) < threshold)
            .collect(),
        None => Vec::new(),
    };
    match args.format {
        CaseFormat::Json => {
            let mut document =
                serde_json::json!({ "packs": results, "passed": passed, "failed": failed });
            if let Some(threshold) = args.threshold {
                document["threshold"] = serde_json::json!(threshold);
                document["below_threshold"] = below
                    .iter()
                    .map(|r| {
                        serde_json::json!({
                            "pack": r.pack,
                            "coverage": coverage_percent(r),
                            "rules_not_fired": r.rules_not_fired,
                        })
                    })
                    .collect();
            }
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&document).expect("results serialize")
            )?;
        }
        CaseFormat::Pretty => {
            for result in &results {
                writeln!(
                    out,
                    "{} ({}): {} cases, {} failed",
                    result.pack,
                    result.cases_dir.display(),
                    result.cases.len(),
                    result.failed()
                )?;
                for case in result.cases.iter().filter(|c| !c.passed()) {
                    writeln!(out, "  FAIL {}: {}", case.file.display(), case.description)?;
                    for failure in &case.failures {
                        writeln!(out, "       {failure}")?;
                    }
                }
                let total = result.rules_fired.len() + result.rules_not_fired.len();
                write!(
                    out,
                    "  coverage: {}/{} rules fired ({}%)",
                    result.rules_fired.len(),
                    total,
                    percent_text(coverage_percent(result))
                )?;
                if result.rules_not_fired.is_empty() {
                    writeln!(out)?;
                } else {
                    writeln!(out, "; never fired: {}", result.rules_not_fired.join(", "))?;
                }
                if let Some(threshold) = args
                    .threshold
                    .filter(|_| below.iter().any(|b| b.pack == result.pack))
                {
                    writeln!(
                        out,
                        "  FAIL coverage below the threshold of {}%",
                        percent_text(threshold)
                    )?;
                }
            }
            writeln!(out, "{passed} passed, {failed} failed")?;
        }
    }
    let mut problems = Vec::new();
    if failed > 0 {
        problems.push(format!("{failed} golden case(s) failed"));
    }
    if let Some(threshold) = args.threshold {
        for result in &below {
            problems.push(format!(
                "{}: rule coverage {}% ({}/{} rules) is below the threshold of {}%; never fired: {}",
                result.pack,
                percent_text(coverage_percent(result)),
                result.rules_fired.len(),
                result.rules_fired.len() + result.rules_not_fired.len(),
                percent_text(threshold),
                result.rules_not_fired.join(", ")
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Failure::CasesFailed(problems.join("; ")))
    }
}

/// Rules fired / rules declared, in percent (a loaded pack declares at least one rule).
fn coverage_percent(result: &PackCases) -> f64 {
    let declared = result.rules_fired.len() + result.rules_not_fired.len();
    if declared == 0 {
        return 100.0;
    }
    result.rules_fired.len() as f64 * 100.0 / declared as f64
}

/// A percentage for people: whole numbers as such, else one decimal rounded down (so 99.95 never
/// reads as a passing 100).
fn percent_text(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{:.1}", (value * 10.0).floor() / 10.0)
    }
}

/// What wakes a watching `pack test`.
enum WatchEvent {
    Pack(Box<Loaded>),
    Case(PathBuf),
}

/// `pack test --watch`: runs once, then again after every change to a pack library in use (through
/// the same reload worker as the dashboard: a build that fails to load keeps the previous
/// generation) or to a case file. Runs until interrupted.
fn watch_pack_test(
    args: &PackTestArgs,
    zones: &Zones,
    set: PackSet,
    opening: Opening,
    plan: &[(String, PathBuf)],
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let mut live = LivePacks::from_set(set);
    // Change events name files under the watched (canonical) directories: serve the same names.
    for pack in &mut live.packs {
        if let Ok(file) = std::fs::canonicalize(&pack.file) {
            pack.file = file;
        }
    }
    let served: Vec<PathBuf> = live.packs.iter().map(|p| p.file.clone()).collect();
    let mut library_dirs: Vec<PathBuf> = served
        .iter()
        .filter_map(|file| file.parent().map(Path::to_path_buf))
        .collect();
    library_dirs.sort();
    library_dirs.dedup();
    let (sender, events) = std::sync::mpsc::channel::<WatchEvent>();
    let pack_events = sender.clone();
    // Watching starts before the first run, so no change made after it starts is missed.
    let _reloader = Reloader::start(
        &library_dirs,
        WatchMode::Events,
        opening,
        live.hashes(),
        move |loaded| {
            let _ = pack_events.send(WatchEvent::Pack(Box::new(loaded)));
        },
    )
    .map_err(|e| Failure::Runtime(format!("cannot watch the pack libraries: {e}")))?;
    let _cases_watch = watch_case_dirs(plan, sender)
        .map_err(|e| Failure::Runtime(format!("cannot watch the cases directories: {e}")))?;

    let run = |live: &LivePacks, out: &mut dyn Write| -> Result<(), Failure> {
        if let Err(failure) = run_pack_test(args, zones, live, plan, out) {
            match failure {
                Failure::Output(error) => return Err(Failure::Output(error)),
                other => eprintln!("ftzroute: {other}"),
            }
        }
        out.flush()?;
        Ok(())
    };
    run(&live, out)?;
    while let Ok(first) = events.recv() {
        let mut reasons = Vec::new();
        apply_watch_event(&mut live, &served, first, &mut reasons);
        // A build or an editor's save raises several events: one run for all of them.
        while let Ok(next) = events.try_recv() {
            apply_watch_event(&mut live, &served, next, &mut reasons);
        }
        if reasons.is_empty() {
            continue;
        }
        reasons.dedup();
        let line = format!(
            "----- {} UTC: {}; running again -----",
            clock_time(),
            reasons.join(", ")
        );
        // JSON output stays a stream of documents; the separator goes beside it.
        match args.format {
            CaseFormat::Pretty => writeln!(out, "{line}")?,
            CaseFormat::Json => eprintln!("{line}"),
        }
        run(&live, out)?;
    }
    Ok(())
}

/// Swaps in a reloaded pack or notes a changed case; adds why a run is due to `reasons`.
fn apply_watch_event(
    live: &mut LivePacks,
    served: &[PathBuf],
    event: WatchEvent,
    reasons: &mut Vec<String>,
) {
    match event {
        WatchEvent::Pack(loaded) => {
            // Only the files this run serves: another library appearing beside them is not used.
            if !served.contains(&loaded.file) {
                return;
            }
            match live.apply(*loaded) {
                Applied::Swapped { id, generation } => {
                    reasons.push(format!("{id} reloaded (generation {generation})"))
                }
                Applied::Failed {
                    file,
                    error,
                    serving,
                } => {
                    let serving = match serving {
                        Some(generation) => format!("; still testing generation {generation}"),
                        None => String::new(),
                    };
                    eprintln!(
                        "ftzroute: {} UTC: reload of {} failed{serving}: {error}",
                        clock_time(),
                        file.display()
                    );
                }
            }
        }
        WatchEvent::Case(file) => {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| file.display().to_string());
            let reason = format!("{name} changed");
            if !reasons.contains(&reason) {
                reasons.push(reason);
            }
        }
    }
}

/// Watches the cases directories for changed `*.toml` files (reads do not count).
fn watch_case_dirs(
    plan: &[(String, PathBuf)],
    sender: std::sync::mpsc::Sender<WatchEvent>,
) -> notify::Result<Box<dyn std::any::Any>> {
    let handler = move |result: notify_debouncer_full::DebounceEventResult| {
        let Ok(events) = result else { return };
        for event in events.iter().filter(|e| is_change(&e.kind)) {
            for path in &event.paths {
                if path.extension().and_then(|e| e.to_str()) == Some("toml") {
                    let _ = sender.send(WatchEvent::Case(path.clone()));
                }
            }
        }
    };
    let mut debouncer =
        notify_debouncer_full::new_debouncer(std::time::Duration::from_millis(200), None, handler)?;
    let mut dirs: Vec<&PathBuf> = plan.iter().map(|(_, dir)| dir).collect();
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        debouncer.watch(dir, notify::RecursiveMode::NonRecursive)?;
    }
    Ok(Box::new(debouncer))
}

/// The time of day, for the lines between runs (UTC: the local offset cannot be read safely
/// once watcher threads run).
fn clock_time() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!("{:02}:{:02}:{:02}", now.hour(), now.minute(), now.second())
}
