//! `ftzroute pack check`: static and behavioural checks of a pack, each a named finding.
//!
//! Static checks read the description; behavioural ones ask the pack, over the threshold sweep
//! of every subject and sensitivity and over its golden cases.

mod behaviour;
#[cfg(test)]
mod tests;
mod text;

pub use behaviour::check_pack;
pub use text::{
    citation_findings, coverage_findings, description_findings, number_findings, stated_counts,
};

use crate::cases::{find_cases_dir, load_cases};
use crate::common::failure::{Failure, ListFormat};
use crate::context::Context;
use crate::core::wording::thousands;
use crate::host::{is_pack_file, open_pack, LoadedPack, PackError};
use crate::workbench::resolve_packs;
use crate::workbench::sweep::{Boundary, Sweep};
use ftzroute_plugin_api::abi;
use serde::Serialize;
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One result of one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The check: `abi`, `description`, `citations`, `rules-exist`, `determinism`,
    /// `monotonicity`, `edges` or `speed`.
    pub id: &'static str,
    pub severity: Severity,
    pub message: String,
}

impl Finding {
    fn new(id: &'static str, severity: Severity, message: impl Into<String>) -> Finding {
        Finding {
            id,
            severity,
            message: message.into(),
        }
    }
}

/// Everything `pack check` found about one pack.
pub struct Checked {
    pub findings: Vec<Finding>,
    pub sweeps: Vec<Sweep>,
    /// Cases given, and of those the ones whose sector the pack covers (evaluated).
    pub cases_found: usize,
    pub cases_evaluated: usize,
}

impl Checked {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    pub fn probes(&self) -> usize {
        self.sweeps.iter().map(|s| s.probes).sum()
    }

    pub fn boundaries(&self) -> impl Iterator<Item = &Boundary> {
        self.sweeps.iter().flat_map(|s| s.boundaries.iter())
    }
}

/// The finding for a pack that does not load: which check it fails.
fn load_finding(error: &PackError) -> Finding {
    let id = match error {
        PackError::BadDocument {
            entry: "describe", ..
        } => "description",
        _ => "abi",
    };
    Finding::new(id, Severity::Error, error.to_string())
}

fn pack_json(pack: Option<&LoadedPack>, arg: &str) -> serde_json::Value {
    match pack {
        Some(pack) => json!({
            "id": pack.description.id,
            "edition": pack.description.edition,
            "effective_from": pack.description.effective_from,
            "effective_until": pack.description.effective_until,
            "file": pack.file,
        }),
        None => json!({ "file": arg }),
    }
}

/// What a report says: the PACK argument, and once the pack loaded, what was checked.
struct Report<'a> {
    arg: &'a str,
    pack: Option<&'a LoadedPack>,
    cases_dir: Option<&'a Path>,
    checked: Option<&'a Checked>,
    findings: &'a [Finding],
    elapsed: Duration,
}

fn write_report(out: &mut dyn Write, format: ListFormat, report: &Report) -> std::io::Result<()> {
    let Report {
        arg,
        pack,
        cases_dir,
        checked,
        findings,
        elapsed,
    } = *report;
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    match format {
        ListFormat::Json => {
            let document = json!({
                "pack": pack_json(pack, arg),
                "cases_dir": cases_dir,
                "cases": checked.map(|c| json!({ "found": c.cases_found, "evaluated": c.cases_evaluated })),
                "sweep": checked.map(|c| json!({
                    "probes": c.probes(),
                    "boundaries": c.boundaries().map(Boundary::to_json).collect::<Vec<_>>(),
                })),
                "findings": findings,
                "errors": errors,
                "warnings": warnings,
                "elapsed_ms": elapsed.as_millis() as u64,
            });
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&document).expect("json values serialize")
            )?;
        }
        ListFormat::Table => {
            match pack {
                Some(pack) => {
                    let d = &pack.description;
                    writeln!(
                        out,
                        "{} (edition {}, in force from {})",
                        d.id, d.edition, d.effective_from
                    )?;
                    writeln!(out, "  file:  {}", pack.file.display())?;
                }
                None => writeln!(out, "{arg}")?,
            }
            if let Some(checked) = checked {
                match cases_dir {
                    Some(dir) => {
                        write!(
                            out,
                            "  cases: {} evaluated of {} in {}",
                            checked.cases_evaluated,
                            checked.cases_found,
                            dir.display()
                        )?;
                        if checked.cases_evaluated < checked.cases_found {
                            write!(out, " (the others are for sectors the pack does not cover)")?;
                        }
                        writeln!(out)?;
                    }
                    None => writeln!(out, "  cases: none found")?,
                }
                writeln!(
                    out,
                    "  sweep: {} subject/sensitivity sweeps, {} probes; thresholds found:",
                    checked.sweeps.len(),
                    thousands(checked.probes() as u64)
                )?;
                for done in &checked.sweeps {
                    let edges: Vec<String> = done
                        .boundaries
                        .iter()
                        .map(|b| {
                            format!("{} {} -> {}", thousands(b.at), b.from.words(), b.to.words())
                        })
                        .collect();
                    writeln!(
                        out,
                        "    {:<34} {}",
                        format!("{}:", done.key.label()),
                        if edges.is_empty() {
                            "none".to_string()
                        } else {
                            edges.join("; ")
                        }
                    )?;
                }
            }
            writeln!(out)?;
            for finding in findings {
                writeln!(
                    out,
                    "  {:<8} {:<13} {}",
                    finding.severity.word(),
                    finding.id,
                    finding.message
                )?;
            }
            writeln!(out)?;
            writeln!(
                out,
                "{errors} error{}, {warnings} warning{} ({} ms)",
                if errors == 1 { "" } else { "s" },
                if warnings == 1 { "" } else { "s" },
                elapsed.as_millis()
            )?;
        }
    }
    Ok(())
}

pub fn command(cx: &Context, args: &PackCheckArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let started = Instant::now();
    // A library that does not load is itself the finding; a pack id that is not found is a
    // usage error.
    let pack = if is_pack_file(Path::new(&args.pack)) {
        match open_pack(Path::new(&args.pack), &cx.opening()?) {
            Ok(pack) => pack,
            Err(error) => {
                let findings = [load_finding(&error)];
                let report = Report {
                    arg: &args.pack,
                    pack: None,
                    cases_dir: None,
                    checked: None,
                    findings: &findings,
                    elapsed: started.elapsed(),
                };
                write_report(out, args.format, &report)?;
                return Err(Failure::Pack(error.to_string()));
            }
        }
    } else {
        resolve_packs(cx, &[&args.pack])?.remove(0)
    };
    let cases_dir: Option<PathBuf> = args
        .cases
        .clone()
        .or_else(|| find_cases_dir(&pack.description.id));
    let cases = cases_dir.as_deref().map(load_cases).transpose()?;
    let checked = check_pack(&pack, cases.as_deref());
    let mut findings = vec![Finding::new(
        "abi",
        Severity::Info,
        format!(
            "loads: ABI version {}, {} rule(s)",
            abi::ABI_VERSION,
            pack.description.rules.len()
        ),
    )];
    findings.extend(checked.findings.iter().cloned());
    let report = Report {
        arg: &args.pack,
        pack: Some(&pack),
        cases_dir: cases_dir.as_deref(),
        checked: Some(&checked),
        findings: &findings,
        elapsed: started.elapsed(),
    };
    write_report(out, args.format, &report)?;
    let errors = checked.count(Severity::Error);
    if errors > 0 {
        return Err(Failure::CasesFailed(format!(
            "pack check: {errors} error finding(s)"
        )));
    }
    Ok(())
}
