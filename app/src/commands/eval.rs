//! `eval`: judge a profile in every zone (or those given) and print the routes.

use crate::common::failure::Failure;
use crate::context::Context;
use crate::core::engine::{judge_zone, ZoneResult};
use crate::core::profile::Profile;
use crate::core::report;
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    Json,
    Table,
    Markdown,
}

pub fn command(cx: &Context, args: &EvalArgs, out: &mut dyn Write) -> Result<(), Failure> {
    // Input first: a bad profile or zone id is reported before any pack code runs.
    let profile = Profile::load(&args.profile)?;
    let zones = cx.load_zones()?;
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
    for warning in &profile.warnings {
        eprintln!("ftzroute: warning: {warning}");
    }
    // Files that cannot be used are listed once, on stderr; they affect only the zones that
    // need them, each of which is reported in its place.
    let packs = cx.load_packs()?;
    let results: Vec<ZoneResult> = selected
        .into_iter()
        .map(|zone| judge_zone(zone, &packs, &profile))
        .collect();
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
