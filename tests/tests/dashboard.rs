//! The dashboard driven in a real pseudo-terminal, its screen read through a terminal emulator.

use ftzroute_e2e::pty::{Session, SCREEN_TIMEOUT};
use ftzroute_e2e::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A temporary home for one dashboard run: a copy of the example profile and a state dir.
struct Run {
    dir: tempfile::TempDir,
}

impl Run {
    fn new() -> Run {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(
            example("suzhou-biologics.toml"),
            dir.path().join("profile.toml"),
        )
        .unwrap();
        std::fs::create_dir(dir.path().join("state")).unwrap();
        std::fs::write(dir.path().join("zones.toml"), jiangsu_and_national_zones()).unwrap();
        Run { dir }
    }

    fn profile(&self) -> PathBuf {
        self.dir.path().join("profile.toml")
    }

    fn start(&self, extra: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Session {
        let profile = self.profile();
        let state = self.dir.path().join("state");
        let zones = self.dir.path().join("zones.toml");
        let mut args = vec![profile.to_str().unwrap()];
        args.extend_from_slice(extra);
        let mut environment = vec![
            ("XDG_STATE_HOME", state.to_str().unwrap()),
            ("FTZROUTE_ZONES", zones.to_str().unwrap()),
        ];
        environment.extend_from_slice(env);
        Session::ftzroute(&args, &environment, cols, rows)
    }
}

/// Waits until every zone shows its result (the first frame comes before them).
#[track_caller]
fn wait_settled(session: &Session) -> String {
    session.wait_until("every zone's result", SCREEN_TIMEOUT, dashboard_settled)
}

fn packs_arg() -> String {
    packs_dir().display().to_string()
}

/// The screen row that starts with this export id (inside the grid's border).
fn row<'a>(screen: &'a str, id: &str) -> &'a str {
    screen
        .lines()
        .find(|line| line.trim_start_matches('│').starts_with(&format!("{id} ")))
        .unwrap_or_else(|| panic!("no row for {id} in:\n{screen}"))
}

fn cell_label(export: &Value) -> String {
    let (symbol, word) = match export["route"].as_str().unwrap() {
        "core-data-regime" => ("■", "core data"),
        "export-control" => ("✖", "export control"),
        "security-assessment" => ("▲", "assessment"),
        "standard-contract-or-certification" => ("●", "contract/cert"),
        "other-lawful-route" => ("◆", "other route"),
        "exempt" => ("○", "exempt"),
        _ => ("?", "undetermined"),
    };
    match export["list_item"].as_u64() {
        Some(item) => format!("{symbol} {word} #{item}"),
        None => format!("{symbol} {word}"),
    }
}

#[test]
fn the_dashboard_shows_what_eval_computes_and_edits_save_and_quit_cleanly() {
    let run = Run::new();
    let packs = packs_arg();
    let eval = run_eval(&run.profile(), &packs);
    let mut session = run.start(&["--packs", &packs], &[], 100, 30);
    let screen = wait_settled(&session);
    assert!(
        session.alternate_screen(),
        "the dashboard uses the alternate screen"
    );

    // Every cell, in zone order, as `eval` computed it.
    for export in eval["zones"][0]["exports"].as_array().unwrap() {
        let id = export["id"].as_str().unwrap();
        let line = row(&screen, id);
        let mut rest = line;
        for zone in eval["zones"].as_array().unwrap() {
            let cell = zone["exports"]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["id"] == id)
                .unwrap();
            let label = cell_label(cell);
            let at = rest
                .find(&label)
                .unwrap_or_else(|| panic!("{label} missing from row: {line}"));
            rest = &rest[at + label.len()..];
        }
    }

    // Edit trial-subjects up to the assessment threshold: the Jiangsu cell changes.
    session.key("e");
    session.wait_for("Edit trial-subjects", SCREEN_TIMEOUT);
    session.type_text("50000");
    let screen = session.wait_for("*▲ assessment #7", SCREEN_TIMEOUT);
    assert!(screen.contains("[modified]"), "{screen}");
    session.key("esc");
    session.key("w");
    session.wait_for("saved", SCREEN_TIMEOUT);
    let saved = std::fs::read_to_string(run.profile()).unwrap();
    assert!(saved.contains("persons = 50000"), "{saved}");
    assert!(run.dir.path().join("profile.toml.bak").is_file());

    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
    assert!(!session.alternate_screen(), "left the alternate screen");
    assert!(!session.cursor_hidden(), "cursor shown again");
    let output = session.raw_output();
    let tail = String::from_utf8_lossy(&output[output.len().saturating_sub(64)..]).into_owned();
    assert!(
        tail.contains("\u{1b}[?1049l"),
        "restores the screen last: {tail:?}"
    );
}

fn run_eval(profile: &Path, packs: &str) -> Value {
    let output = run(&[
        "eval",
        profile.to_str().unwrap(),
        "--format",
        "json",
        "--packs",
        packs,
        "--zone",
        "jiangsu",
        "--zone",
        "national",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn quitting_with_unsaved_edits_asks_first() {
    let run = Run::new();
    let packs = packs_arg();
    let mut session = run.start(&["--packs", &packs], &[], 80, 24);
    wait_settled(&session);
    session.key("n");
    session.wait_for("*▲ assessment #7", SCREEN_TIMEOUT);
    session.key("q");
    session.wait_for("Unsaved changes", SCREEN_TIMEOUT);
    session.key("esc");
    session.wait_until("the question closes", SCREEN_TIMEOUT, |s| {
        !s.contains("Unsaved changes")
    });
    session.key("q");
    session.wait_for("Unsaved changes", SCREEN_TIMEOUT);
    session.key("d");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
    let text = std::fs::read_to_string(run.profile()).unwrap();
    assert_eq!(
        text,
        std::fs::read_to_string(example("suzhou-biologics.toml")).unwrap(),
        "discarded"
    );
}

const RELOAD_ZONES: &str = "[[zone]]\nid = \"tiny\"\nname = \"Tiny\"\npacks = [\"tiny-c\"]\n\n[[zone]]\nid = \"national\"\nname = \"National\"\npacks = [\"national-cbdf-2024\"]\n";

/// Child processes of `pid` that are pack runners (alive, not zombies).
fn runner_children(pid: u32) -> usize {
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path().join("stat")).ok())
        .filter(|stat| {
            // pid (comm) state ppid ...
            let after = stat.rsplit_once(") ").map(|(_, rest)| rest).unwrap_or("");
            let mut fields = after.split_whitespace();
            let state = fields.next().unwrap_or("");
            let ppid = fields.next().unwrap_or("");
            state != "Z" && ppid == pid.to_string()
        })
        .count()
}

/// Replaces `target` the way a build does: write elsewhere, then rename over (a new inode).
fn land(source: &Path, target: &Path) {
    let staging = target.with_extension("landing");
    std::fs::copy(source, &staging).unwrap();
    std::fs::rename(&staging, target).unwrap();
}

/// A watched pack directory holding the tiny C pack (first edition) and the national pack,
/// with a zones file using both, and a second edition of the tiny pack ready to land.
struct ReloadSetup {
    watched: tempfile::TempDir,
    builds: tempfile::TempDir,
    target: PathBuf,
    second: PathBuf,
    zones: PathBuf,
}

impl ReloadSetup {
    fn new(run: &Run) -> ReloadSetup {
        let builds = tempfile::tempdir().unwrap();
        let first = build_c_pack(builds.path(), "tiny_c", &[]);
        let second_dir = builds.path().join("second");
        std::fs::create_dir(&second_dir).unwrap();
        let second = build_c_pack(&second_dir, "tiny_c", &["ASSESSMENT"]);
        let watched = tempfile::tempdir().unwrap();
        let target = watched.path().join(library_file_name("tiny_c"));
        std::fs::copy(&first, &target).unwrap();
        std::fs::copy(
            packs_dir().join(library_file_name("national_cbdf_2024")),
            watched.path().join(library_file_name("national_cbdf_2024")),
        )
        .unwrap();
        let zones = write_zones(run.dir.path(), RELOAD_ZONES);
        ReloadSetup {
            watched,
            builds,
            target,
            second,
            zones,
        }
    }

    /// Starts the dashboard on the watched directory, with `extra` options first.
    fn start(&self, run: &Run, extra: &[&str]) -> Session {
        let watched = self.watched.path().display().to_string();
        let zones = self.zones.display().to_string();
        let mut args: Vec<&str> = extra.to_vec();
        args.extend(["--packs", &watched, "--zones", &zones]);
        run.start(&args, &[], 100, 30)
    }
}

#[test]
fn a_rebuilt_pack_hot_reloads_and_a_broken_build_keeps_the_old_generation() {
    let run = Run::new();
    let setup = ReloadSetup::new(&run);
    let mut session = setup.start(&run, &[]);
    let screen = wait_settled(&session);
    assert!(
        row(&screen, "trial-subjects").contains("○ exempt"),
        "{screen}"
    );

    // A new edition of the pack lands in the watched directory.
    land(&setup.second, &setup.target);
    let screen = session.wait_for(
        "reloaded tiny-c to generation 2: 6 cell(s) changed",
        SCREEN_TIMEOUT,
    );
    let line = row(&screen, "trial-subjects");
    assert!(
        line.contains("*▲ assessment"),
        "the tiny column changed and is marked: {line}"
    );

    // Reading the new file must not count as a change: the watcher goes quiet again.
    let log = run.dir.path().join("state/ftzroute/ftzroute.log");
    let pickups = || {
        std::fs::read_to_string(&log)
            .unwrap_or_default()
            .matches("pack change picked up")
            .count()
    };
    std::thread::sleep(Duration::from_millis(800));
    let settled = pickups();
    assert!(settled >= 1, "the log records the change");
    std::thread::sleep(Duration::from_millis(1200));
    assert_eq!(
        pickups(),
        settled,
        "no further change events without changes"
    );
    // Packs run in runner processes by default: the reload started a new runner and ended the
    // old one, so one runner per pack file remains.
    let pid = session.pid().expect("the dashboard runs");
    assert_eq!(
        runner_children(pid),
        2,
        "one runner per pack, none left from generation 1"
    );

    // A broken build: the previous generation keeps serving.
    let broken = setup.builds.path().join("broken.so");
    std::fs::write(&broken, b"\x7fELF but not really a library").unwrap();
    land(&broken, &setup.target);
    let screen = session.wait_for("still serving generation 2", SCREEN_TIMEOUT);
    assert!(screen.contains("reload of libtiny_c.so failed"), "{screen}");
    assert!(
        row(&screen, "trial-subjects").contains("▲ assessment"),
        "{screen}"
    );
    session.key("p");
    session.wait_until(
        "the packs view with the failed reload",
        SCREEN_TIMEOUT,
        |s| s.contains("keeps serving") && s.contains("tiny-c  edition 2  zone tiny  generation 2"),
    );
    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
}

#[test]
fn a_pack_that_fails_to_load_is_reported_and_the_rest_keep_working() {
    let run = Run::new();
    let dir = tempfile::tempdir().unwrap();
    build_c_pack(dir.path(), "wrong_abi", &["WRONG_ABI"]);
    for name in ["jiangsu_biopharma_2025", "national_cbdf_2024"] {
        std::fs::copy(
            packs_dir().join(library_file_name(name)),
            dir.path().join(library_file_name(name)),
        )
        .unwrap();
    }
    let mut session = run.start(&["--packs", dir.path().to_str().unwrap()], &[], 100, 30);
    let screen = session.wait_until("the first frame and its load error", SCREEN_TIMEOUT, |s| {
        s.contains("failed to load") && dashboard_settled(s)
    });
    assert!(
        row(&screen, "trial-subjects").contains("● contract/cert #14"),
        "{screen}"
    );
    session.key("p");
    session.wait_for("ABI version 99", SCREEN_TIMEOUT);
    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
}

#[test]
fn help_is_generated_from_the_key_map_including_overrides() {
    let run = Run::new();
    let keys = run.dir.path().join("keys.toml");
    std::fs::write(&keys, "[keys]\nsave = \"ctrl-s\"\n").unwrap();
    let packs = packs_arg();
    let mut session = run.start(
        &["--packs", &packs, "--keys", keys.to_str().unwrap()],
        &[],
        100,
        30,
    );
    wait_settled(&session);
    session.key("?");
    let screen = session.wait_for("save the profile", SCREEN_TIMEOUT);
    assert!(
        screen.contains("ctrl-s") && screen.contains("more below ↓"),
        "{screen}"
    );
    // The help is taller than 30 rows: the end key shows its last lines, and says so.
    session.key("end");
    // The marker is on the popup's bottom edge, drawn after the lines above it.
    let screen = session.wait_for("↑ more above", SCREEN_TIMEOUT);
    assert!(
        screen.contains("this help") && !screen.contains("more below"),
        "{screen}"
    );
    session.key("esc");
    session.key("n");
    session.key("ctrl-s");
    session.wait_for("saved", SCREEN_TIMEOUT);
    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
}

#[test]
fn resize_is_followed_and_too_small_gets_a_message() {
    let run = Run::new();
    let packs = packs_arg();
    let mut session = run.start(&["--packs", &packs], &[], 80, 24);
    session.wait_for(FRAME_END, SCREEN_TIMEOUT);
    session.resize(50, 12);
    session.wait_for("terminal too small", SCREEN_TIMEOUT);
    session.resize(120, 40);
    session.wait_for(FRAME_END, SCREEN_TIMEOUT);
    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
}

/// Colours found in the output: (any palette index 16-255, any truecolor, any of the 16 ANSI
/// colours). The 16 colours arrive as indices 0-15 or as the classic `30`-`37`/`90`-`97` codes.
fn colours(output: &[u8]) -> (bool, bool, bool) {
    let text = String::from_utf8_lossy(output);
    let indices: Vec<u32> = text
        .split("8;5;")
        .skip(1)
        .filter_map(|tail| {
            tail.split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse()
                .ok()
        })
        .collect();
    let extended = indices.iter().any(|n| *n >= 16);
    let truecolor = text.contains("8;2;");
    let classic = (30..38)
        .chain(90..98)
        .any(|n| text.contains(&format!("\u{1b}[{n}m")));
    let basic = indices.iter().any(|n| *n < 16) || classic;
    (extended, truecolor, basic)
}

fn output_of(extra: &[&str], env: &[(&str, &str)]) -> Vec<u8> {
    let run = Run::new();
    let packs = packs_arg();
    let mut args = vec!["--packs", packs.as_str()];
    args.extend_from_slice(extra);
    let mut session = run.start(&args, env, 100, 30);
    wait_settled(&session);
    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
    session.raw_output()
}

#[test]
fn colours_follow_no_color_and_the_color_option() {
    let (extended, truecolor, _) = colours(&output_of(&[], &[]));
    assert!(
        extended && !truecolor,
        "256 colours by default, never truecolor"
    );
    let (extended, truecolor, basic) = colours(&output_of(&[], &[("NO_COLOR", "1")]));
    assert!(
        !extended && !truecolor && !basic,
        "NO_COLOR: no colour at all"
    );
    let (extended, truecolor, basic) = colours(&output_of(&["--color", "16"], &[]));
    assert!(
        !extended && !truecolor && basic,
        "--color 16: the 16 ANSI colours only"
    );
    let (extended, _, basic) = colours(&output_of(&["--color", "never"], &[]));
    assert!(!extended && !basic, "--color never: no colour at all");
}

#[test]
fn an_idle_dashboard_writes_nothing() {
    let run = Run::new();
    let packs = packs_arg();
    let mut session = run.start(&["--packs", &packs], &[], 100, 30);
    wait_settled(&session);
    // Let the first frame settle, then watch for any redraw.
    std::thread::sleep(Duration::from_millis(500));
    let before = session.bytes_written();
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(session.bytes_written(), before, "no output without events");
    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
}

#[test]
fn without_a_profile_the_bundled_example_opens() {
    let state = tempfile::tempdir().unwrap();
    let packs = packs_arg();
    let mut session = Session::ftzroute(
        &["--packs", &packs],
        &[("XDG_STATE_HOME", state.path().to_str().unwrap())],
        100,
        30,
    );
    session.wait_for("Example Biologics (Suzhou)", SCREEN_TIMEOUT);
    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
    assert!(state.path().join("ftzroute/example-profile.toml").is_file());
    assert!(
        state.path().join("ftzroute/ftzroute.log").is_file(),
        "diagnostics go to a log file"
    );
}

#[test]
fn a_bad_profile_is_reported_before_the_terminal_is_taken() {
    let run = Run::new();
    std::fs::write(run.profile(), "as_of = 2025-10-01\n[handler]\nname = 1\n").unwrap();
    let packs = packs_arg();
    let mut session = run.start(&["--packs", &packs], &[], 100, 30);
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(2));
    assert!(!session.alternate_screen());
    let screen = session.screen();
    assert!(
        screen.contains("profile.toml:3:8") && screen.contains("handler.name"),
        "{screen}"
    );
}

#[test]
fn termination_restores_the_terminal_and_keeps_unsaved_edits_aside() {
    let run = Run::new();
    let packs = packs_arg();
    let mut session = run.start(&["--packs", &packs], &[], 100, 30);
    wait_settled(&session);
    session.key("n");
    session.wait_for("*▲ assessment #7", SCREEN_TIMEOUT);
    // As when an SSH connection drops.
    let pid = session.pid().expect("the dashboard runs") as i32;
    assert_eq!(unsafe { libc::kill(pid, libc::SIGHUP) }, 0);
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
    assert!(!session.alternate_screen(), "left the alternate screen");
    assert!(!session.cursor_hidden(), "cursor shown again");
    let original = std::fs::read_to_string(example("suzhou-biologics.toml")).unwrap();
    assert_eq!(
        std::fs::read_to_string(run.profile()).unwrap(),
        original,
        "the profile is untouched"
    );
    let recovered = std::fs::read_to_string(run.dir.path().join("profile.unsaved.toml")).unwrap();
    assert!(recovered.contains("persons = 50000"), "{recovered}");
}

#[test]
fn polling_picks_up_a_rebuilt_pack_without_change_events() {
    let run = Run::new();
    let setup = ReloadSetup::new(&run);
    let mut session = setup.start(&run, &["--poll"]);
    wait_settled(&session);
    land(&setup.second, &setup.target);
    session.wait_for("reloaded tiny-c to generation 2", SCREEN_TIMEOUT);
    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
}

/// How many times the log says a changed pack was loaded.
fn loads_logged(run: &Run) -> usize {
    std::fs::read_to_string(run.dir.path().join("state/ftzroute/ftzroute.log"))
        .unwrap_or_default()
        .matches("loading changed pack")
        .count()
}

#[test]
fn a_pack_written_in_steps_or_linked_into_place_is_loaded_whole() {
    use std::io::Write;
    let run = Run::new();
    let setup = ReloadSetup::new(&run);
    let first = setup.builds.path().join(library_file_name("tiny_c"));
    let mut session = setup.start(&run, &[]);
    wait_settled(&session);
    let tiny_route = |screen: &str, route: &str| row(screen, "trial-subjects").contains(route);

    // Written in place by a writer that pauses with the file open, far longer than the watcher
    // lets a file settle: it is loaded once, when the writer closes it.
    let bytes = std::fs::read(&setup.second).unwrap();
    let (head, tail) = bytes.split_at(bytes.len() / 2);
    let mut writer = std::fs::File::create(&setup.target).unwrap();
    writer.write_all(head).unwrap();
    writer.flush().unwrap();
    std::thread::sleep(Duration::from_millis(600));
    writer.write_all(tail).unwrap();
    drop(writer);
    let screen = session.wait_until("generation 2 from the whole file", SCREEN_TIMEOUT, |s| {
        s.contains("reloaded tiny-c to generation 2: ") && dashboard_settled(s)
    });
    assert!(tiny_route(&screen, "▲ assessment"), "{screen}");
    assert_eq!(loads_logged(&run), 1, "no load of the half-written file");

    // Linked into place as cargo does (the old file removed, the new one hard-linked from the
    // build directory): nothing writes the file, and it is complete at once.
    std::fs::remove_file(&setup.target).unwrap();
    std::fs::hard_link(&first, &setup.target).unwrap();
    let screen = session.wait_until("generation 3 from the link", SCREEN_TIMEOUT, |s| {
        s.contains("reloaded tiny-c to generation 3: ") && dashboard_settled(s)
    });
    assert!(tiny_route(&screen, "○ exempt"), "{screen}");

    // Written in two steps, each closed: whatever the watcher makes of the first half, the
    // second edition ends up serving.
    std::fs::remove_file(&setup.target).unwrap();
    std::fs::write(&setup.target, head).unwrap();
    std::fs::OpenOptions::new()
        .append(true)
        .open(&setup.target)
        .unwrap()
        .write_all(tail)
        .unwrap();
    let screen = session.wait_until("generation 4 from the whole file", SCREEN_TIMEOUT, |s| {
        s.contains("reloaded tiny-c to generation 4: ") && dashboard_settled(s)
    });
    assert!(tiny_route(&screen, "▲ assessment"), "{screen}");
    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
}

/// Nine zones over the two bundled packs, with the ids of the zones the bundled file is to
/// hold: the layout is tested whatever list packs exist.
fn nine_zones() -> (Vec<&'static str>, String) {
    let ids = vec![
        "jiangsu",
        "national",
        "beijing",
        "tianjin",
        "shanghai",
        "hainan",
        "zhejiang",
        "chongqing",
        "guangxi",
    ];
    let mut toml = String::new();
    for (at, id) in ids.iter().enumerate() {
        // Every other zone with the Jiangsu list, so the columns differ.
        let packs = if at % 2 == 0 {
            "\"jiangsu-biopharma-2025\", \"national-cbdf-2024\""
        } else {
            "\"national-cbdf-2024\""
        };
        toml.push_str(&format!(
            "[[zone]]\nid = \"{id}\"\nname = \"Zone {id}\"\npacks = [{packs}]\n\n"
        ));
    }
    (ids, toml)
}

/// The zone ids in the grid's header row, left to right.
fn header_zones(screen: &str) -> Vec<String> {
    let header = screen
        .lines()
        .find(|line| line.contains("│export ") && line.contains("counted"))
        .unwrap_or_else(|| panic!("no grid header in:\n{screen}"));
    header
        .trim_matches(|c| c == '│' || c == ' ')
        .split_whitespace()
        .filter(|word| !matches!(*word, "export" | "counted" | "≠"))
        .map(|word| word.trim_start_matches('•').to_string())
        .collect()
}

/// The first and last rows of the screen: the title bar and the hint bar.
fn bars(screen: &str) -> (String, String) {
    let lines: Vec<&str> = screen.lines().collect();
    (
        lines[0].trim_end().to_string(),
        lines[lines.len() - 1].trim_end().to_string(),
    )
}

/// The profile's own title, from the file.
fn profile_title(profile: &Path) -> String {
    let text = std::fs::read_to_string(profile).unwrap();
    let value: toml::Value = toml::from_str(&text).unwrap();
    value["title"].as_str().unwrap().to_string()
}

/// Presses `l` until the last zone is selected; returns every zone id the header showed, and
/// checks that each selected zone was in view.
fn scroll_through(session: &mut Session, shown_ids: &[&str]) -> Vec<String> {
    let mut seen = Vec::new();
    for (at, id) in shown_ids.iter().enumerate() {
        if at > 0 {
            session.key("l");
        }
        let screen = session.wait_for(&format!("trial-subjects in {id} "), SCREEN_TIMEOUT);
        let header = header_zones(&screen);
        assert!(
            header.iter().any(|zone| zone == id),
            "{id} selected but not in view:\n{screen}"
        );
        seen.extend(header);
    }
    seen.sort();
    seen.dedup();
    seen
}

#[test]
fn nine_zones_at_80x24_scroll_cut_no_word_and_a_hidden_zone_stays_hidden() {
    let run = Run::new();
    let (ids, zones) = nine_zones();
    std::fs::write(run.dir.path().join("zones.toml"), zones).unwrap();
    let packs = packs_arg();
    let mut session = run.start(&["--packs", &packs], &[], 80, 24);
    let narrow = wait_settled(&session);
    assert!(narrow.contains("more ›"), "columns out of view:\n{narrow}");

    // The bars at 80 columns are whole items of the bars at 240.
    let (title, hints) = bars(&narrow);
    let full_heading = profile_title(&run.profile());
    session.resize(240, 24);
    let wide = session.wait_until("the whole title", SCREEN_TIMEOUT, |s| {
        s.contains(&full_heading) && dashboard_settled(s)
    });
    let (full_title, full_hints) = bars(&wide);
    let full_items: Vec<&str> = full_title.split(" │ ").collect();
    for item in title.split(" │ ") {
        let whole = full_items.contains(&item);
        let shortened_after_a_word = item.strip_suffix(" …").is_some_and(|words| {
            full_items.iter().any(|full| {
                full.strip_prefix(words)
                    .is_some_and(|rest| rest.starts_with(' '))
            })
        });
        assert!(
            whole || shortened_after_a_word,
            "`{item}` is cut in `{title}` (whole: `{full_title}`)"
        );
    }
    assert!(
        hints.len() < full_hints.len() && full_hints.starts_with(&format!("{hints}  ")),
        "`{hints}` is not a run of whole items of `{full_hints}`"
    );
    session.resize(80, 24);
    session.wait_until("the narrow grid again", SCREEN_TIMEOUT, |s| {
        s.contains("more ›") && dashboard_settled(s)
    });

    // Every zone is reached by moving right.
    let seen = scroll_through(&mut session, &ids);
    assert_eq!(seen.len(), ids.len(), "{seen:?}");

    // Hide the last zone (selected now), then restart.
    session.key("x");
    let screen = session.wait_for("hid guangxi", SCREEN_TIMEOUT);
    assert!(!header_zones(&screen).contains(&"guangxi".to_string()));
    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
    let saved = std::fs::read_to_string(run.dir.path().join("state/ftzroute/dashboard-zones.toml"))
        .unwrap();
    assert!(saved.contains("hidden = [\"guangxi\"]"), "{saved}");

    let mut session = run.start(&["--packs", &packs], &[], 80, 24);
    let screen = wait_settled(&session);
    assert!(
        screen.contains("9 zone(s), 1 hidden"),
        "the status line says so:\n{screen}"
    );
    let shown: Vec<&str> = ids.iter().copied().filter(|id| *id != "guangxi").collect();
    let seen = scroll_through(&mut session, &shown);
    assert_eq!(seen.len(), shown.len(), "{seen:?}");
    assert!(!seen.contains(&"guangxi".to_string()), "{seen:?}");
    // Listed, and still evaluated, in the zones overlay.
    session.key("z");
    let overlay = session.wait_until("the whole zones overlay", SCREEN_TIMEOUT, |s| {
        s.contains("Zones (9 configured, 1 hidden)") && s.contains("kept for the next launch")
    });
    let line = overlay
        .lines()
        .find(|l| l.contains(" guangxi "))
        .unwrap_or_else(|| panic!("{overlay}"));
    assert!(
        line.contains("[ ] hidden") && line.contains("● contract/cert"),
        "{line}"
    );
    session.key("esc");
    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
}

#[test]
fn the_reload_key_says_when_no_pack_changed() {
    let run = Run::new();
    let packs = packs_arg();
    let mut session = run.start(&["--packs", &packs], &[], 100, 30);
    wait_settled(&session);
    session.key("r");
    // Not left saying it is reloading: every file is looked at, none differs.
    let screen = session.wait_for("no pack changed", SCREEN_TIMEOUT);
    assert!(!screen.contains("reloading changed packs"), "{screen}");
    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
}

#[test]
fn details_at_80x24_and_120x40_end_where_their_text_ends_and_say_so() {
    let zones = workspace_root().join("app/zones/default.toml");
    for (cols, rows) in [(80, 24), (120, 40)] {
        let run = Run::new();
        let packs = packs_arg();
        let mut session = run.start(
            &["--packs", &packs, "--zones", zones.to_str().unwrap()],
            &[],
            cols,
            rows,
        );
        wait_settled(&session);
        // The detail pane: its end, marked, however often the end key is pressed.
        session.key("enter");
        session.key("end");
        session.key("end");
        let screen = session.wait_for("↑ more above", SCREEN_TIMEOUT);
        assert!(!screen.contains("more below"), "{cols}x{rows}:\n{screen}");
        session.key("home");
        session.wait_for("more below ↓", SCREEN_TIMEOUT);
        session.key("esc");

        // The zones overlay names every zone, cut with … where the name does not fit.
        session.key("z");
        // Its last line is drawn after the rows.
        let screen = session.wait_for("kept for the next launch", SCREEN_TIMEOUT);
        for name in [
            "China (Chongqing)",
            "China (Zhejiang)",
            "Hainan Free Trade Port",
        ] {
            assert!(screen.contains(name), "{cols}x{rows}: {name}\n{screen}");
        }
        session.key("esc");

        // The editor refuses a ninth digit of the date as it is typed, and says why.
        session.key("e");
        session.wait_for("as_of", SCREEN_TIMEOUT);
        session.key("up");
        for digit in "202709012".chars() {
            session.key(&digit.to_string());
        }
        let screen = session.wait_for("more than 8 digits", SCREEN_TIMEOUT);
        assert!(screen.contains("20270901"), "{cols}x{rows}:\n{screen}");
        session.key("esc");
        session.key("q");
        // The date typed was applied: quitting asks about the unsaved edit.
        session.wait_for("Unsaved changes", SCREEN_TIMEOUT);
        session.key("d");
        assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0), "{cols}x{rows}");
    }
}
