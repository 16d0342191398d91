//! `plan`: for the handler's sector, which lists cover it, the zones ranked by the burden of
//! their outcome for the profile, and the lists a zone could apply by reference.

use crate::common::failure::Failure;
use crate::context::Context;
use crate::core::pack::RulePack;
use crate::core::plan::plan;
use crate::core::profile::Profile;
use clap::ValueEnum;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// Profile file (TOML).
    pub profile: PathBuf,
    /// Output format (default: table on a terminal, json otherwise).
    #[arg(long, value_enum)]
    pub format: Option<PlanFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    Json,
    Table,
    Markdown,
}

pub fn command(cx: &Context, args: &PlanArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let mut profile = Profile::load(&args.profile)?;
    let zones = cx.load_zones()?;
    let packs = cx.load_packs()?;
    let descriptions: Vec<_> = packs.loaded().map(|p| &p.description).collect();
    crate::core::vocabulary::check(&mut profile, &descriptions)?;
    let windows =
        crate::core::ledger::windows_for(&profile, packs.loaded().map(|p| p as &dyn RulePack));
    let ledger = crate::core::ledger::counts_for_profile(&profile, &windows)
        .map_err(crate::commands::ledger::failure)?;
    profile.warnings = crate::core::ledger::profile_warnings(&profile, ledger.as_ref());
    for warning in &profile.warnings {
        eprintln!("ftzroute: warning: {warning}");
    }
    let planned = plan(&profile, &zones, &packs, &descriptions, ledger.as_ref());
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        PlanFormat::Table
    } else {
        PlanFormat::Json
    });
    let text = match format {
        PlanFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&planned.to_json()).expect("json values serialize")
        ),
        PlanFormat::Table => planned.table(),
        PlanFormat::Markdown => planned.markdown(),
    };
    out.write_all(text.as_bytes())?;
    // Everything is printed first; a zone that could not be judged still fails the command.
    let failed: Vec<String> = planned
        .zones
        .iter()
        .filter_map(|z| z.outcome.as_ref().err().map(|e| e.to_string()))
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Failure::Pack(failed.join("\n")))
    }
}
