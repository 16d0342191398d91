//! `ledger import` and `ledger counts`: the profile's transfer ledger.

use crate::common::failure::{Failure, ListFormat};
use crate::context::Context;
use crate::core::engine::evaluate_zone_with;
use crate::core::ledger::report::{ledger_report, text};
use crate::core::ledger::store::StoreError;
use crate::core::ledger::{self, LedgerError};
use crate::core::pack::RulePack;
use crate::core::profile::{LedgerSettings, Profile};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum LedgerCommand {
    /// Import transfer files (CSV or JSON Lines) into the profile's ledger, all in one
    /// transaction; the ledger and its key are created on first import.
    Import(LedgerImportArgs),
    /// Counted persons per export, per counting group and per handler, with exclusions by basis,
    /// transfers, the run rate and when each next threshold is crossed at that rate.
    Counts(LedgerCountsArgs),
    /// Check the whole ledger file for damage (SQLite's quick integrity check of every table and
    /// page: about a second per two million transfers). Opening a ledger checks only the
    /// tables counting reads; exit 5 when damage is found.
    Check(LedgerCheckArgs),
}

#[derive(Debug, clap::Args)]
pub struct LedgerCheckArgs {
    /// Profile naming the ledger (`[ledger] path = "..."`).
    pub profile: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct LedgerImportArgs {
    /// Profile naming the ledger (`[ledger] path = "..."`).
    pub profile: PathBuf,
    /// Transfer files: CSV with a header line, or JSON Lines (`.jsonl`).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct LedgerCountsArgs {
    /// Profile naming the ledger (`[ledger] path = "..."`).
    pub profile: PathBuf,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// A ledger failure as a command failure, each kind with its exit code: the user's input 2, a
/// busy ledger 4, a damaged one 5, a full disk 6, any other failure to read or write 1.
pub fn failure(error: LedgerError) -> Failure {
    match error {
        LedgerError::Input(input) => Failure::Input(input),
        LedgerError::Store(StoreError::Busy(message)) => Failure::LedgerBusy(message),
        LedgerError::Store(StoreError::Damaged(message)) => Failure::LedgerDamaged(message),
        LedgerError::Store(StoreError::DiskFull(message)) => Failure::DiskFull(message),
        other if other.is_input() => Failure::Usage(other.to_string()),
        other => Failure::Runtime(other.to_string()),
    }
}

fn settings_of<'a>(profile: &'a Profile, file: &Path) -> Result<&'a LedgerSettings, Failure> {
    profile.ledger.as_ref().ok_or_else(|| {
        Failure::Usage(format!(
            "{}: the profile names no ledger; add\n\n[ledger]\npath = \"transfers.ledger\"\n\nto it \
             (the path is relative to the profile)",
            file.display()
        ))
    })
}

pub fn command(cx: &Context, command: &LedgerCommand, out: &mut dyn Write) -> Result<(), Failure> {
    match command {
        LedgerCommand::Import(args) => import(args, out),
        LedgerCommand::Counts(args) => counts(cx, args, out),
        LedgerCommand::Check(args) => check(args, out),
    }
}

fn check(args: &LedgerCheckArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let profile = Profile::load(&args.profile)?;
    let settings = settings_of(&profile, &args.profile)?;
    ledger::check_integrity(settings).map_err(failure)?;
    writeln!(
        out,
        "{}: no damage found (every table and page checked)",
        settings.path.display()
    )?;
    Ok(())
}

fn import(args: &LedgerImportArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let profile = Profile::load(&args.profile)?;
    let settings = settings_of(&profile, &args.profile)?;
    let report = ledger::import_waiting(
        &profile,
        settings,
        &args.files,
        &mut waiting_note(&settings.path),
    )
    .map_err(failure)?;
    let total: u64 = report.files.iter().map(|(_, rows)| rows).sum();
    for (file, rows) in &report.files {
        writeln!(
            out,
            "{}: {}",
            file.display(),
            ftzroute_plugin_api::sdk::text::count_of(*rows, "transfer", "transfers")
        )?;
    }
    writeln!(
        out,
        "imported {} into {}",
        ftzroute_plugin_api::sdk::text::count_of(total, "transfer", "transfers"),
        report.ledger.display()
    )?;
    if let Some(key) = &report.key_created {
        writeln!(
            out,
            "created the ledger's key {} (mode 0600): keep it private and back it up; without it \
             no further transfer can be matched to these persons",
            key.display()
        )?;
    }
    if report.upgraded {
        writeln!(
            out,
            "upgraded {} to ledger format 2 (transfers and persons kept in blocks, a tenth of the \
             bytes): its counts and earlier imports are unchanged; ftzroute before format 2 no \
             longer imports into it",
            report.ledger.display()
        )?;
    }
    Ok(())
}

/// What an import waiting for another one says on stderr: which ledger and why, once, then a
/// line every ten seconds with how long it has waited.
fn waiting_note(ledger: &Path) -> impl FnMut(std::time::Duration) + '_ {
    let mut said: Option<u64> = None;
    move |waited| {
        let seconds = waited.as_secs();
        match said {
            None => eprintln!(
                "ftzroute: {}: another import is writing the ledger; this one starts when it \
                 ends (Ctrl-C stops waiting and leaves the ledger as it is)",
                ledger.display()
            ),
            Some(last) if seconds >= last + 10 => {
                eprintln!("ftzroute: still waiting for the other import ({seconds} s)")
            }
            Some(_) => return,
        }
        said = Some(seconds);
    }
}

fn counts(cx: &Context, args: &LedgerCountsArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let profile = Profile::load(&args.profile)?;
    settings_of(&profile, &args.profile)?;
    let zones = cx.load_zones()?;
    let packs = cx.load_packs()?;
    Context::refuse_failed_packs(&packs)?;
    let windows = ledger::windows_for(&profile, packs.loaded().map(|p| p as &dyn RulePack));
    let counts = ledger::counts_for_profile(&profile, &windows)
        .map_err(failure)?
        .expect("the profile names a ledger");
    let evaluated: Vec<_> = zones
        .zones
        .iter()
        .map(|zone| {
            (
                zone.id.clone(),
                evaluate_zone_with(zone, &packs, &profile, Some(&counts))
                    .map_err(|e| e.to_string()),
            )
        })
        .collect();
    let report = ledger_report(&counts, &evaluated);
    match args.format {
        ListFormat::Json => {
            let mut json = serde_json::to_string_pretty(&report).expect("the report serializes");
            json.push('\n');
            out.write_all(json.as_bytes())?;
        }
        ListFormat::Table => out.write_all(text(&report).as_bytes())?,
    }
    Ok(())
}
