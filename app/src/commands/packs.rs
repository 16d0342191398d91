//! `packs`: every pack library found, loaded or not, with the reason.

use crate::common::failure::{Failure, ListFormat};
use crate::context::Context;
use crate::host::{file_hash, hex, PackSlot};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct PacksArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

fn slot_status(slot: &PackSlot, today: time::Date) -> String {
    match &slot.loaded {
        Ok(pack) if pack.in_force.on(today) => "ok".into(),
        Ok(_) => "ok (not in force today)".into(),
        // The file is on the line above: the status does not repeat it.
        Err(error) => format!("error ({}): {}", error.kind(), error.detail()),
    }
}

pub fn command(cx: &Context, args: &PacksArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let set = cx.load_packs()?;
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
                        "trial_until": pack.description.trial_until,
                        "name": pack.description.name,
                        "issuers": pack.description.issuers,
                        "issued": pack.description.issued,
                        "document_number": pack.description.document_number,
                        "read_at": pack.description.read_at,
                        "sectors": pack.description.sectors,
                        "sector_labels": pack.description.sector_labels,
                        "scenarios": pack.description.scenarios,
                        "use_conditions": pack.description.use_conditions,
                        "contract_minor": pack.description.contract_minor,
                        "rules": pack.description.rules.len(),
                        "coverage": crate::core::coverage::description_json(&pack.description),
                        "sha256": file_sha256(&slot.file),
                    }),
                    Err(error) => serde_json::json!({
                        "file": slot.file,
                        "status": "error",
                        "sha256": file_sha256(&slot.file),
                        "fault": error.kind().id(),
                        "error": error.detail(),
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
                    display_dirs(&cx.pack_dirs())
                )?;
            }
            for slot in &set.slots {
                match &slot.loaded {
                    Ok(pack) => {
                        let d = &pack.description;
                        let until = d.effective_until.clone().unwrap_or_else(|| "open".into());
                        writeln!(out, "{}  edition {}  zone {}", d.id, d.edition, d.zone)?;
                        writeln!(out, "    in force: {} to {until}", d.effective_from)?;
                        if let Some(trial) = &d.trial_until {
                            writeln!(
                                out,
                                "    trial:    until {trial} (check for an extension after it)"
                            )?;
                        }
                        writeln!(out, "    sectors:  {}", d.sectors.join(", "))?;
                        if !d.scenarios.is_empty() {
                            let ids: Vec<&str> =
                                d.scenarios.iter().map(|s| s.id.as_str()).collect();
                            writeln!(out, "    scenarios: {}", ids.join(", "))?;
                        }
                        writeln!(out, "    rules:    {}", d.rules.len())?;
                        writeln!(
                            out,
                            "    coverage: {}",
                            crate::core::coverage::ZoneCoverage::of(d).line()
                        )?;
                    }
                    Err(_) => writeln!(out, "(not loaded)")?,
                }
                writeln!(out, "    file:     {}", slot.file.display())?;
                if let Some(sha256) = file_sha256(&slot.file) {
                    writeln!(out, "    sha256:   {sha256}")?;
                }
                writeln!(out, "    status:   {}", slot_status(slot, today))?;
            }
        }
    }
    // Every file is listed above, loaded or not; the status still tells a script.
    match set.errors().count() {
        0 => Ok(()),
        failed => Err(Failure::Pack(format!(
            "{failed} of {} pack file(s) could not be used",
            set.slots.len()
        ))),
    }
}

/// SHA-256 of a library as it is on disk, lowercase hex (what `sha256sum` prints and memos cite).
fn file_sha256(file: &std::path::Path) -> Option<String> {
    file_hash(file).ok().map(|hash| hex(&hash))
}

fn display_dirs(dirs: &[PathBuf]) -> String {
    dirs.iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
