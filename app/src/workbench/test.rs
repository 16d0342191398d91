//! `pack test`: run golden cases through the loader and engine, once or on every change.

use crate::cases::{cases_not_found, find_cases_dir_for, run_pack_cases, PackCases};
use crate::common::failure::Failure;
use crate::context::Context;
use crate::core::pack::PackSource;
use crate::core::zones::Zones;
use crate::host::{
    is_change, Applied, LivePacks, Loaded, Opening, PackSet, PackSlot, Reloader, WatchMode,
};
use clap::ValueEnum;
use std::io::Write;
use std::path::{Path, PathBuf};

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

pub fn command(cx: &Context, args: &PackTestArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let zones = cx.load_zones()?;
    let mut set = cx.load_packs()?;
    // A pack given as a library path is loaded from there, in place of any pack with its id.
    let mut tested_ids = Vec::new();
    for arg in &args.targets {
        let pack = cx.resolve_pack(&set, arg)?;
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
            held: None,
        });
        tested_ids.push(id);
    }
    Context::refuse_failed_packs(&set)?;
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
        let library = set.get(&id).map(|pack| pack.file.clone());
        match args
            .cases
            .clone()
            .or_else(|| find_cases_dir_for(&id, library.as_deref()))
        {
            Some(dir) => plan.push((id, dir)),
            None if explicit => {
                return Err(Failure::Usage(cases_not_found(&id, library.as_deref())))
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
        return watch_pack_test(args, &zones, set, cx.opening()?, &plan, out);
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
            .map_err(|fault| Failure::Pack(fault.to_string()))?
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
