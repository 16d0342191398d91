//! Measures the dashboard as a terminal sees it: bytes written per keystroke and per idle
//! second, and the time from a rebuilt pack landing in the watched directory to the frame that
//! shows it. Figures, not pass/fail: run it and read the table.
//!
//! ```text
//! cargo build --release --workspace && cargo bench -p ftzroute-e2e --bench terminal
//! ```

use ftzroute_e2e::pty::{Session, SCREEN_TIMEOUT};
use ftzroute_e2e::*;
use std::path::Path;
use std::time::{Duration, Instant};

/// Waits until the program has written nothing for `quiet`; returns the bytes written so far.
fn settle(session: &Session, quiet: Duration) -> usize {
    let mut last = session.bytes_written();
    let mut since = Instant::now();
    while since.elapsed() < quiet {
        std::thread::sleep(Duration::from_millis(10));
        let now = session.bytes_written();
        if now != last {
            last = now;
            since = Instant::now();
        }
    }
    last
}

fn per_key(session: &mut Session, keys: &[&str], rounds: usize) -> f64 {
    let mut total = 0;
    for round in 0..rounds {
        let before = settle(session, Duration::from_millis(150));
        session.key(keys[round % keys.len()]);
        total += settle(session, Duration::from_millis(150)) - before;
    }
    total as f64 / rounds as f64
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    values[values.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile.toml");
    std::fs::copy(example("suzhou-biologics.toml"), &profile).unwrap();
    let watched = dir.path().join("packs");
    std::fs::create_dir(&watched).unwrap();
    for name in ["jiangsu_biopharma_2025", "national_cbdf_2024"] {
        std::fs::copy(
            packs_dir().join(library_file_name(name)),
            watched.join(library_file_name(name)),
        )
        .unwrap();
    }
    let builds = dir.path().join("builds");
    std::fs::create_dir(&builds).unwrap();
    let variants = [build_c_pack(&builds.join(""), "tiny_c", &[]), {
        let second = builds.join("second");
        std::fs::create_dir(&second).unwrap();
        build_c_pack(&second, "tiny_c", &["ASSESSMENT"])
    }];
    let target = watched.join(library_file_name("tiny_c"));
    std::fs::copy(&variants[0], &target).unwrap();
    let zones = write_zones(
        dir.path(),
        "[[zone]]\nid = \"jiangsu\"\nname = \"Jiangsu\"\npacks = [\"jiangsu-biopharma-2025\", \"national-cbdf-2024\"]\n\
         [[zone]]\nid = \"national\"\nname = \"National\"\npacks = [\"national-cbdf-2024\"]\n\
         [[zone]]\nid = \"tiny\"\nname = \"Tiny\"\npacks = [\"tiny-c\"]\n",
    );
    let state = dir.path().join("state");
    let mut session = Session::ftzroute(
        &[
            profile.to_str().unwrap(),
            "--packs",
            watched.to_str().unwrap(),
            "--zones",
            zones.to_str().unwrap(),
        ],
        &[("XDG_STATE_HOME", state.to_str().unwrap())],
        120,
        40,
    );
    session.wait_for("? help", SCREEN_TIMEOUT);
    let first_frame = settle(&session, Duration::from_millis(300));

    let navigate = per_key(&mut session, &["j", "k"], 40);
    let step = per_key(&mut session, &["+", "-"], 40);

    let before = settle(&session, Duration::from_millis(300));
    std::thread::sleep(Duration::from_secs(5));
    let idle = (session.bytes_written() - before) as f64 / 5.0;

    let mut latencies = Vec::new();
    for round in 0..6 {
        let generation = round + 2;
        // Let the watcher go quiet, so each landing is measured on its own.
        std::thread::sleep(Duration::from_secs(1));
        let started = Instant::now();
        if std::env::var_os("FTZROUTE_BENCH_VERBOSE").is_some() {
            eprintln!("landing at {:?}", std::time::SystemTime::now());
        }
        land(&variants[(round + 1) % 2], &target);
        session.wait_for(
            &format!("reloaded tiny-c to generation {generation}"),
            SCREEN_TIMEOUT,
        );
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    session.key("q");
    session.wait_exit(SCREEN_TIMEOUT);
    let log = std::fs::read_to_string(state.join("ftzroute/ftzroute.log")).unwrap_or_default();
    let mut internal: Vec<f64> = log
        .lines()
        .filter(|line| line.contains("frame drawn after pack reload"))
        .filter_map(|line| {
            line.split("latency_ms=")
                .nth(1)?
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .collect();

    println!("dashboard at 120x40, three zones, five exports");
    println!("  first frame:                       {first_frame} bytes");
    println!("  per navigation keystroke (j/k):    {navigate:.0} bytes");
    println!("  per what-if keystroke (+/-):       {step:.0} bytes");
    println!("  per idle second:                   {idle:.0} bytes");
    println!(
        "  pack landing -> updated frame:     median {:.0} ms, min {:.0} ms, max {:.0} ms ({} reloads)",
        median(&mut latencies.clone()),
        latencies.iter().cloned().fold(f64::INFINITY, f64::min),
        latencies.iter().cloned().fold(0.0, f64::max),
        latencies.len()
    );
    if std::env::var_os("FTZROUTE_BENCH_VERBOSE").is_some() {
        eprintln!("outside: {latencies:?}\ninside: {internal:?}\n{log}");
    }
    if !internal.is_empty() {
        println!(
            "  change event -> frame (in the app): median {:.1} ms (after the {} ms debounce)",
            median(&mut internal),
            250
        );
    }
}

/// Replaces `target` the way a build does: write elsewhere, then rename over it.
fn land(source: &Path, target: &Path) {
    let staging = target.with_extension("landing");
    std::fs::copy(source, &staging).unwrap();
    std::fs::rename(&staging, target).unwrap();
}
