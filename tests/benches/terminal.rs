//! Measures the dashboard as a terminal sees it, in a real pseudo-terminal with the real binary:
//! bytes written per keystroke and per idle second; the time from a rebuilt pack landing in the
//! watched directory to the frame that shows its results; and, with a pack whose `evaluate` never
//! returns, the time to the first frame and how long a key takes to be answered. Figures, not
//! pass/fail: run it and read the table.
//!
//! ```text
//! cargo build --release --workspace && cargo bench -p ftzroute-e2e --bench terminal
//! ```
//!
//! `cargo bench -p ftzroute-e2e --bench terminal -- hang` (or `-- output`, or `-- large`) runs
//! one part. `large` times keys with a 10,000-export profile in the bundled zones and with a
//! zones file of 1,000 zones: from a key to the first byte of its frame, median and worst.

use ftzroute_e2e::pty::{Session, SCREEN_TIMEOUT};
use ftzroute_e2e::*;
use std::path::Path;
use std::time::{Duration, Instant};

/// Pack landings measured for the reload median.
const RELOADS: usize = 20;
/// Dashboard launches measured for the first frame with a hanging pack.
const LAUNCHES: usize = 3;
/// `+` then `?` rounds measured while the hanging pack's call is under way: half with `?` sent
/// right after `+`, half with `?` sent 100 ms into the hung call.
const KEY_ROUNDS: usize = 6;
/// The runner deadline in force (the default): a hung call is ended after this long.
const DEADLINE: Duration = Duration::from_secs(5);

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
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wanted = |name: &str| only.is_empty() || only.iter().any(|o| name.contains(o.as_str()));
    if wanted("hang") {
        hanging_pack();
    }
    if wanted("output") {
        output_and_reload();
    }
    if wanted("large") {
        large_profiles();
    }
}

/// A profile of `n` personal and important exports, in the biopharma sector.
fn inventory(n: usize) -> String {
    let mut toml = String::from(
        "as_of = 2026-03-01\n[handler]\nname = \"Example Group\"\nsector = \"biological-drug-manufacturing\"\n",
    );
    let subjects = ["patient", "trial-subject", "professional", "other"];
    for index in 0..n {
        toml.push_str(&format!("\n[[export]]\nid = \"flow-{index:05}\"\n"));
        if index % 10 == 9 {
            toml.push_str("kind = \"important\"\nnotified = false\n");
        } else {
            toml.push_str(&format!(
                "kind = \"personal\"\nsubject = \"{}\"\nsensitive = {}\npersons = {}\n",
                subjects[index % subjects.len()],
                index % 3 == 0,
                1 + (index * 7919) % 900
            ));
        }
    }
    toml
}

/// Milliseconds from each key to the first byte the dashboard writes after it, then waits for
/// the frame to finish.
fn key_latencies(session: &mut Session, keys: &[&str]) -> Vec<f64> {
    let mut latencies = Vec::new();
    for key in keys {
        let before = settle(session, Duration::from_millis(100));
        let sent = Instant::now();
        session.key(key);
        while session.bytes_written() == before && sent.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_micros(200));
        }
        if session.bytes_written() == before {
            // A key that changes nothing on the screen writes nothing: not a latency.
            println!("  {key}: no change on the screen");
            continue;
        }
        let ms = sent.elapsed().as_secs_f64() * 1e3;
        if std::env::var_os("FTZROUTE_BENCH_VERBOSE").is_some() {
            println!("  {key}: {ms:.1} ms");
        }
        latencies.push(ms);
    }
    latencies
}

fn report_keys(what: &str, mut latencies: Vec<f64>) {
    let worst = latencies.iter().cloned().fold(0.0, f64::max);
    println!(
        "{what}: {} keys, median {:.1} ms, worst {:.1} ms",
        latencies.len(),
        median(&mut latencies),
        worst
    );
}

/// The keys of a working session: rows, columns, pages, the ends, an edit of persons and back.
const WORKING_KEYS: &[&str] = &[
    "j", "j", "j", "k", "l", "l", "h", "pagedown", "pagedown", "pageup", "end", "home", "j", "+",
    "-", "tab", "tab", "j", "k",
];

fn large_profiles() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let env = [("XDG_STATE_HOME", state.to_str().unwrap())];

    let profile = dir.path().join("inventory.toml");
    std::fs::write(&profile, inventory(10_000)).unwrap();
    let started = Instant::now();
    let mut session = Session::ftzroute(
        &[
            profile.to_str().unwrap(),
            "--packs",
            packs_dir().to_str().unwrap(),
        ],
        &env,
        120,
        40,
    );
    session.wait_for("? help", SCREEN_TIMEOUT);
    let first = started.elapsed();
    session.wait_until("every zone judged", Duration::from_secs(120), |screen| {
        !screen.contains("pending")
    });
    let judged = started.elapsed();
    println!(
        "10,000 exports, {} zones: first frame {:.0} ms, every zone judged {:.0} ms",
        bundled_zone_ids().len(),
        first.as_secs_f64() * 1e3,
        judged.as_secs_f64() * 1e3
    );
    report_keys("10,000 exports", key_latencies(&mut session, WORKING_KEYS));
    session.key("q");
    let _ = session.wait_exit(SCREEN_TIMEOUT);

    let mut zones = String::new();
    for index in 0..1_000 {
        let packs = if index % 2 == 0 {
            "[\"jiangsu-biopharma-2025\", \"national-cbdf-2024\"]"
        } else {
            "[\"national-cbdf-2024\"]"
        };
        zones.push_str(&format!(
            "[[zone]]\nid = \"zone-{index:04}\"\nname = \"Zone {index}\"\npacks = {packs}\n"
        ));
    }
    let zones = write_zones(dir.path(), &zones);
    let started = Instant::now();
    let mut session = Session::ftzroute(
        &[
            &example("suzhou-biologics.toml"),
            "--packs",
            packs_dir().to_str().unwrap(),
            "--zones",
            zones.to_str().unwrap(),
        ],
        &env,
        120,
        40,
    );
    session.wait_for("? help", SCREEN_TIMEOUT);
    let first = started.elapsed();
    println!(
        "1,000 zones: first frame {:.0} ms",
        first.as_secs_f64() * 1e3
    );
    report_keys("1,000 zones", key_latencies(&mut session, WORKING_KEYS));
    session.key("q");
    let _ = session.wait_exit(SCREEN_TIMEOUT);
}

fn output_and_reload() {
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
    for round in 0..RELOADS {
        let generation = round + 2;
        // Let the watcher go quiet, so each landing is measured on its own.
        std::thread::sleep(Duration::from_secs(1));
        let started = Instant::now();
        if std::env::var_os("FTZROUTE_BENCH_VERBOSE").is_some() {
            eprintln!("landing at {:?}", std::time::SystemTime::now());
        }
        land(&variants[(round + 1) % 2], &target);
        // The status names the generation at once and the count of changed cells once every
        // zone's new result is on the screen.
        let reloaded = format!("reloaded tiny-c to generation {generation}: ");
        session.wait_until(&reloaded, SCREEN_TIMEOUT, |screen| {
            screen
                .lines()
                .any(|line| line.contains(&reloaded) && line.contains("cell(s) changed"))
        });
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
            "  change noticed -> frame (in the app): median {:.1} ms",
            median(&mut internal),
        );
    }
}

/// The two bundled packs and the tiny C pack built to hang in `evaluate`, with a zone for each;
/// returns (dir, profile, packs, zones).
fn hanging_setup() -> (tempfile::TempDir, String, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile.toml");
    std::fs::copy(example("suzhou-biologics.toml"), &profile).unwrap();
    let packs = dir.path().join("packs");
    std::fs::create_dir(&packs).unwrap();
    for name in ["jiangsu_biopharma_2025", "national_cbdf_2024"] {
        std::fs::copy(
            packs_dir().join(library_file_name(name)),
            packs.join(library_file_name(name)),
        )
        .unwrap();
    }
    build_c_pack(&packs, "tiny_c", &["HANG"]);
    let zones = write_zones(
        dir.path(),
        "[[zone]]\nid = \"jiangsu\"\nname = \"Jiangsu\"\npacks = [\"jiangsu-biopharma-2025\", \"national-cbdf-2024\"]\n\
         [[zone]]\nid = \"national\"\nname = \"National\"\npacks = [\"national-cbdf-2024\"]\n\
         [[zone]]\nid = \"tiny\"\nname = \"Tiny\"\npacks = [\"tiny-c\"]\n",
    );
    let path = |p: &Path| p.to_str().unwrap().to_string();
    (dir, path(&profile), path(&packs), path(&zones))
}

/// The grid row of `id`.
fn row<'a>(screen: &'a str, id: &str) -> &'a str {
    screen
        .lines()
        .find(|line| line.trim_start_matches('│').starts_with(&format!("{id} ")))
        .unwrap_or("")
}

/// With a pack that hangs in `evaluate` (deadline 5 s, the default): launch to first frame,
/// launch to the other zones' results, and `?` answered while a `+` waits on the hung pack.
fn hanging_pack() {
    let (dir, profile, packs, zones) = hanging_setup();
    let state = dir.path().join("state");
    let start = || {
        Session::ftzroute(
            &[&profile, "--packs", &packs, "--zones", &zones],
            &[("XDG_STATE_HOME", state.to_str().unwrap())],
            120,
            40,
        )
    };
    // The hung zone's deadline ends well within this.
    let long = DEADLINE * 3;
    let mut first_frames = Vec::new();
    let mut other_zones = Vec::new();
    for _ in 0..LAUNCHES {
        let launched = Instant::now();
        let mut session = start();
        session.wait_for("? help", long);
        first_frames.push(launched.elapsed().as_secs_f64() * 1000.0);
        session.wait_until("the Jiangsu result", long, |s| {
            row(s, "trial-subjects").contains("● contract/cert #14")
        });
        other_zones.push(launched.elapsed().as_secs_f64() * 1000.0);
        session.key("q");
        session.wait_exit(long);
    }

    let mut session = start();
    // The hung call has been ended at its deadline: the tiny column shows its error, current.
    let settled = |s: &str| {
        let line = row(s, "trial-subjects");
        line.contains("! error") && !line.contains('~') && !line.contains("pending")
    };
    session.wait_until("the hung zone's error", long, settled);
    let mut answers = Vec::new();
    let mut answers_later = Vec::new();
    for round in 0..KEY_ROUNDS {
        // Past the runner's restart backoff, so that `+` really meets the hanging pack again.
        std::thread::sleep(DEADLINE + Duration::from_millis(500));
        session.key("+");
        let later = round % 2 == 1;
        if later {
            std::thread::sleep(Duration::from_millis(100));
        }
        let asked = Instant::now();
        session.key("?");
        session.wait_for("this help", long);
        let answered = asked.elapsed().as_secs_f64() * 1000.0;
        if later {
            answers_later.push(answered);
        } else {
            answers.push(answered);
        }
        session.key("esc");
        session.wait_until("the hung zone's error again", long, settled);
        session.key("-");
        session.wait_until("the hung zone's error again", long, settled);
    }
    let quit = Instant::now();
    session.key("q");
    session.wait_exit(long);
    let quit_ms = quit.elapsed().as_secs_f64() * 1000.0;

    println!("dashboard at 120x40 with a pack hanging in evaluate (deadline 5 s)");
    println!(
        "  launch -> first frame:             median {:.0} ms, max {:.0} ms ({LAUNCHES} launches)",
        median(&mut first_frames.clone()),
        first_frames.iter().cloned().fold(0.0, f64::max),
    );
    println!(
        "  launch -> other zones' results:    median {:.0} ms",
        median(&mut other_zones),
    );
    for (what, times) in [
        ("`?` right after `+` (hang):      ", &answers),
        ("`?` 100 ms into the hung call:   ", &answers_later),
    ] {
        println!(
            "  {what} median {:.0} ms, max {:.0} ms ({} rounds)",
            median(&mut times.clone()),
            times.iter().cloned().fold(0.0, f64::max),
            times.len()
        );
    }
    println!("  `q` -> exited (after the rounds):  {quit_ms:.0} ms");
}

/// Replaces `target` the way a build does: write elsewhere, then rename over it.
fn land(source: &Path, target: &Path) {
    let staging = target.with_extension("landing");
    std::fs::copy(source, &staging).unwrap();
    std::fs::rename(&staging, target).unwrap();
}
