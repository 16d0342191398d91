//! `memo`: a document a compliance team can file (Markdown or self-contained HTML), or the due
//! dates as an iCalendar file: the profile, each zone's routes with citations, headroom and
//! duties, the interpretations applied, the open points, and the identity of every pack used.

use crate::commands::eval::select_zones;
use crate::common::atomic::write_atomically;
use crate::common::failure::Failure;
use crate::context::Context;
use crate::core::engine::evaluate_zone_with;
use crate::core::pack::RulePack;
use crate::core::profile::Profile;
use crate::core::zones::Zone;
use crate::host::{file_hash, hash_bytes, hex, PackSet};
use crate::render::memo::{self, MemoInput, PackIdentity};
use clap::ValueEnum;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct MemoArgs {
    /// Profile file (TOML, contract v1).
    pub profile: PathBuf,
    /// Zone to judge in (repeatable; default: every configured zone, in configured order).
    #[arg(long = "zone", id = "zone", value_name = "ID")]
    pub zone_ids: Vec<String>,
    /// markdown (default), html (one printable file, no external assets) or ics (the duties'
    /// due dates as calendar events).
    #[arg(long, value_enum, default_value_t = MemoFormat::Markdown)]
    pub format: MemoFormat,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MemoFormat {
    Markdown,
    Html,
    Ics,
}

pub fn command(cx: &Context, args: &MemoArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let text = crate::common::input::read_text(&args.profile, "the profile")?;
    let mut profile = Profile::parse(&args.profile, &text)?;
    let zones = cx.load_zones()?;
    let selected = select_zones(&zones, &args.zone_ids)?;
    // Files that cannot be used are listed on stderr; only a zone the memo covers failing stops
    // it, since a memo to file must not leave a zone out.
    let packs = cx.load_packs()?;
    // With a transfer ledger the memo records its counts, each zone in its deciding pack's
    // window, as `eval` does.
    let descriptions: Vec<_> = packs.loaded().map(|p| &p.description).collect();
    crate::core::vocabulary::check(&mut profile, &descriptions)?;
    let windows =
        crate::core::ledger::windows_for(&profile, packs.loaded().map(|p| p as &dyn RulePack));
    let ledger = crate::core::ledger::counts_for_profile(&profile, &windows)
        .map_err(crate::commands::ledger::failure)?;
    // Every warning is on stderr and in the memo.
    let warnings = crate::core::ledger::profile_warnings(&profile, ledger.as_ref());
    for warning in &warnings {
        eprintln!("ftzroute: warning: {warning}");
    }
    let mut results = Vec::with_capacity(selected.len());
    for zone in &selected {
        results.push(
            evaluate_zone_with(zone, &packs, &profile, ledger.as_ref())
                .map_err(|e| Failure::Pack(e.to_string()))?,
        );
    }
    let mut shown = ledger
        .as_ref()
        .map_or(&profile, |l| &l.shown(&results).profile)
        .clone();
    shown.warnings = warnings;
    let input = MemoInput {
        profile: &shown,
        profile_file: args.profile.display().to_string(),
        profile_text: &text,
        profile_sha256: hex(&hash_bytes(text.as_bytes())),
        zones: &results,
        packs: identify_packs(&packs, &selected)?,
        version: env!("CARGO_PKG_VERSION"),
        generated: time::OffsetDateTime::now_utc(),
    };
    let document = render(&input, args.format);
    match &args.output {
        Some(file) => {
            write_atomically(file, &document).map_err(|e| Failure::Runtime(e.to_string()))?
        }
        None => out.write_all(document.as_bytes())?,
    }
    Ok(())
}

/// The memo in `format`.
pub fn render(input: &MemoInput, format: MemoFormat) -> String {
    match format {
        MemoFormat::Markdown => memo::markdown(input),
        MemoFormat::Html => memo::html(input),
        MemoFormat::Ics => memo::ics(input),
    }
}

/// Every loaded pack the zones list, in zone order, each once, with the SHA-256 of its library
/// as it is on disk now.
pub fn identify_packs(set: &PackSet, zones: &[&Zone]) -> Result<Vec<PackIdentity>, Failure> {
    let mut identities: Vec<PackIdentity> = Vec::new();
    for id in zones.iter().flat_map(|zone| &zone.packs) {
        if identities.iter().any(|p| &p.description.id == id) {
            continue;
        }
        let Some(pack) = set.get(id) else { continue };
        let sha256 = file_hash(&pack.file).map_err(|e| {
            Failure::Pack(format!(
                "cannot read {} to compute its SHA-256: {e}",
                pack.file.display()
            ))
        })?;
        identities.push(PackIdentity {
            description: pack.description.clone(),
            file: pack
                .file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            sha256: hex(&sha256),
        });
    }
    Ok(identities)
}
