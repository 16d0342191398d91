//! `eval`: judge a profile in every zone (or those given) and print the routes.

use crate::common::failure::Failure;
use crate::context::Context;
use crate::core::ledger::evaluate_zone_with;
use crate::core::ledger::report::ledger_report;
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
    // A ledger gives the counts; its problems are input problems, reported before packs run.
    let ledger = crate::core::ledger::counts_for_profile(&profile)
        .map_err(crate::commands::ledger::failure)?;
    if let Some(ledger) = &ledger {
        for warning in &ledger.warnings {
            eprintln!("ftzroute: warning: {}", warning.message);
        }
    }
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
    let packs = cx.load_packs()?;
    Context::refuse_failed_packs(&packs)?;
    let mut results = Vec::with_capacity(selected.len());
    for zone in selected {
        results.push(
            evaluate_zone_with(zone, &packs, &profile, ledger.as_ref())
                .map_err(|e| Failure::Pack(e.to_string()))?,
        );
    }
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        EvalFormat::Table
    } else {
        EvalFormat::Json
    });
    // With a ledger, the persons shown are the ledger's.
    let profile = ledger.as_ref().map_or(&profile, |l| &l.profile);
    let text = match format {
        EvalFormat::Json => match &ledger {
            Some(ledger) => {
                let zones: Vec<_> = results
                    .iter()
                    .map(|zone| (zone.zone.clone(), Ok(zone.clone())))
                    .collect();
                let section = serde_json::to_value(ledger_report(ledger, &zones))
                    .expect("the ledger report serializes");
                report::json_with(profile, &results, Some(section))
            }
            None => report::json(profile, &results),
        },
        EvalFormat::Table => report::table(profile, &results),
        EvalFormat::Markdown => report::markdown(profile, &results),
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}
