//! `eval`: judge a profile in every zone (or those given) and print the routes.

use crate::common::failure::Failure;
use crate::context::Context;
use crate::core::engine::evaluate_zone_with;
use crate::core::engine::{ZoneFailure, ZoneResult};
use crate::core::ledger::report::ledger_report;
use crate::core::pack::RulePack;
use crate::core::profile::Profile;
use crate::core::zones::{Zone, Zones};
use crate::render::report;
use clap::ValueEnum;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

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
    /// The table in its full width even on a narrower terminal (a pipe always gets it).
    #[arg(long)]
    pub wide: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    Json,
    Table,
    Markdown,
    /// One row per zone and export: route, item, citation, counts, headroom, next duty.
    Csv,
}

/// The zones named by `--zone` in that order, or every configured zone.
pub fn select_zones<'a>(zones: &'a Zones, ids: &[String]) -> Result<Vec<&'a Zone>, Failure> {
    if ids.is_empty() {
        return Ok(zones.zones.iter().collect());
    }
    ids.iter()
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
        .collect()
}

/// The table fits the terminal it is printed on, unless `--wide` asks for the full form; a pipe
/// or a file gets the full form, which scripts and pagers read.
fn table_width(args: &EvalArgs) -> report::TableWidth {
    if args.wide || !std::io::stdout().is_terminal() {
        return report::TableWidth::Wide;
    }
    match crossterm::terminal::size() {
        Ok((columns, _)) if columns > 0 => report::TableWidth::Fit(usize::from(columns)),
        _ => report::TableWidth::Wide,
    }
}

pub fn command(cx: &Context, args: &EvalArgs, out: &mut dyn Write) -> Result<(), Failure> {
    // Input first: a bad profile or zone id is reported before any pack code runs.
    let mut profile = Profile::load(&args.profile)?;
    let zones = cx.load_zones()?;
    let selected = select_zones(&zones, &args.zone_ids)?;
    // Files that cannot be used are listed once, on stderr; they affect only the zones that
    // need them, each of which is reported in its place.
    let packs = cx.load_packs()?;
    let descriptions: Vec<_> = packs.loaded().map(|p| &p.description).collect();
    // A sector that nearly matches a pack's is a profile error, before any zone is judged.
    crate::core::vocabulary::check(&mut profile, &descriptions)?;
    // A ledger gives the counts, in the window of each pack that may decide; its problems are
    // input problems, reported before any zone is judged.
    let windows =
        crate::core::ledger::windows_for(&profile, packs.loaded().map(|p| p as &dyn RulePack));
    let ledger = crate::core::ledger::counts_for_profile(&profile, &windows)
        .map_err(crate::commands::ledger::failure)?;
    let warnings = crate::core::ledger::profile_warnings(&profile, ledger.as_ref());
    for warning in &warnings {
        eprintln!("ftzroute: warning: {warning}");
    }
    let results: Vec<ZoneResult> = selected
        .into_iter()
        .map(|zone| {
            evaluate_zone_with(zone, &packs, &profile, ledger.as_ref()).map_err(|error| {
                Box::new(ZoneFailure {
                    zone: error.zone,
                    name: zone.name.clone(),
                    fault: error.fault,
                })
            })
        })
        .collect();
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        EvalFormat::Table
    } else {
        EvalFormat::Json
    });
    // With a ledger, the persons shown are the ledger's, in the window the zones counted; the
    // warnings are every one printed on stderr.
    let mut shown = ledger
        .as_ref()
        .map_or(&profile, |l| {
            &l.shown(results.iter().filter_map(|zone| zone.as_ref().ok()))
                .profile
        })
        .clone();
    shown.warnings = warnings;
    let profile = &shown;
    match format {
        EvalFormat::Json => {
            let section = ledger.as_ref().map(|ledger| {
                let zones: Vec<_> = results
                    .iter()
                    .filter_map(|zone| zone.as_ref().ok())
                    .map(|zone| (zone.zone.clone(), Ok(zone.clone())))
                    .collect();
                serde_json::to_value(ledger_report(ledger, &zones))
                    .expect("the ledger report serializes")
            });
            report::write_json_with(profile, &results, section, out)?;
        }
        EvalFormat::Table => report::write_table(profile, &results, table_width(args), out)?,
        EvalFormat::Markdown => report::write_markdown(profile, &results, out)?,
        EvalFormat::Csv => crate::render::spreadsheet::write_csv(profile, &results, out)
            .map_err(|error| Failure::Output(error.into()))?,
    }
    out.flush()?;
    // Everything is printed; the exit status still tells a script that something failed.
    let failed: Vec<String> = results
        .iter()
        .filter_map(|result| result.as_ref().err())
        .map(|failure| format!("`{}` ({})", failure.zone, failure.fault.kind))
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Failure::Pack(format!(
            "{} of {} zone(s) could not be judged: {}; each is reported in its place",
            failed.len(),
            results.len(),
            failed.join(", ")
        )))
    }
}
