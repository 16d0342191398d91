//! What `ftzroute eval` costs as a user runs it, on the three example profiles, with packs in
//! runner processes (the default) and in-process (`--isolation none`):
//!
//! - cold: the first run, with the binary and the pack libraries evicted from the page cache
//!   (`posix_fadvise(DONTNEED)`) and the packs in a directory never loaded from before;
//! - warm: the same command run again and again.
//!
//! Each run is a whole process: start, find and verify the packs, start the runners, judge every
//! zone with headroom, print JSON. Figures, not pass/fail: run it and read the table.
//!
//! ```text
//! cargo build --release --workspace && cargo bench -p ftzroute-e2e --bench eval_cli
//! ```

use ftzroute_e2e::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const EXAMPLES: [&str; 3] = [
    "suzhou-biologics.toml",
    "nanjing-devices.toml",
    "jiangsu-cro.toml",
];
const COLD_RUNS: usize = 7;
const WARM_RUNS: usize = 30;

/// Asks the kernel to drop the file's cached pages, so the next run reads it from disk.
fn evict(file: &Path) {
    use std::os::fd::AsRawFd;
    if let Ok(opened) = std::fs::File::open(file) {
        // SAFETY: a valid descriptor; the call only advises the kernel.
        unsafe {
            libc::posix_fadvise(opened.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED);
        }
    }
}

/// A fresh directory holding copies of the real packs.
fn fresh_packs() -> tempfile::TempDir {
    let files: Vec<PathBuf> = ["jiangsu_biopharma_2025", "national_cbdf_2024"]
        .iter()
        .map(|name| packs_dir().join(library_file_name(name)))
        .collect();
    pack_dir_with(&files)
}

fn eval_once(profile: &str, packs: &Path, isolation: &str) -> Duration {
    let started = Instant::now();
    let output = ftzroute()
        .args([
            "eval",
            &example(profile),
            "--format",
            "json",
            "--isolation",
            isolation,
            "--packs",
            packs.to_str().unwrap(),
        ])
        .output()
        .expect("ftzroute runs");
    let elapsed = started.elapsed();
    assert!(output.status.success(), "{}", stderr(&output));
    elapsed
}

fn median_ms(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument, if any, picks examples.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    println!(
        "{:<24} {:<10} {:>12} {:>12}",
        "example", "isolation", "cold (ms)", "warm (ms)"
    );
    for profile in EXAMPLES {
        if !filter.is_empty() && !filter.iter().any(|f| profile.contains(f.as_str())) {
            continue;
        }
        for isolation in ["process", "none"] {
            let cold: Vec<Duration> = (0..COLD_RUNS)
                .map(|_| {
                    let packs = fresh_packs();
                    evict(&binary());
                    for entry in std::fs::read_dir(packs.path()).unwrap() {
                        evict(&entry.unwrap().path());
                    }
                    eval_once(profile, packs.path(), isolation)
                })
                .collect();
            let packs = fresh_packs();
            eval_once(profile, packs.path(), isolation);
            let warm: Vec<Duration> = (0..WARM_RUNS)
                .map(|_| eval_once(profile, packs.path(), isolation))
                .collect();
            println!(
                "{profile:<24} {isolation:<10} {:>12.1} {:>12.1}",
                median_ms(cold),
                median_ms(warm)
            );
        }
    }
    println!("(medians: cold of {COLD_RUNS} runs, warm of {WARM_RUNS})");
}
