//! Dashboard behaviour without a terminal: state updates driven by key events, and snapshots of
//! every screen drawn on a `TestBackend`. Uses the real packs of the workspace build.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ftzroute::core::engine::evaluate_zone;
use ftzroute::core::profile::Profile;
use ftzroute::core::zones::Zones;
use ftzroute::dashboard::effects::Effect;
use ftzroute::dashboard::keys::KeyMap;
use ftzroute::dashboard::marks::CellId;
use ftzroute::dashboard::screens;
use ftzroute::dashboard::state::{Dashboard, Event, Overlay};
use ftzroute::dashboard::theme::{ColorMode, Theme};
use ftzroute::dashboard::views::cases::CasesOutcome;
use ftzroute::dashboard::views::View;
use ftzroute::dashboard::workers::EvaluationJob;
use ftzroute::host::{hash_bytes, LivePacks, Loaded};
use ftzroute::host::{load_pack, PackSet};
use ftzroute_plugin_api::Route;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::path::{Path, PathBuf};

/// `target/<profile>`, where `cargo build --workspace` put the pack libraries.
fn build_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().and_then(Path::parent).unwrap().to_path_buf()
}

fn pack_file(crate_name: &str) -> PathBuf {
    let file = build_dir().join(format!(
        "{}{crate_name}{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    ));
    assert!(
        file.is_file(),
        "{} is missing: run `cargo build --workspace` first",
        file.display()
    );
    file
}

fn example_text() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/suzhou-biologics.toml"),
    )
    .unwrap()
}

struct Fixture {
    dashboard: Dashboard,
    dir: tempfile::TempDir,
}

/// The bundled packs, loaded in this process.
fn bundled_packs() -> LivePacks {
    let set = PackSet::load_files(&[
        pack_file("jiangsu_biopharma_2025"),
        pack_file("national_cbdf_2024"),
    ]);
    let mut packs = LivePacks::from_set(set);
    // Stable file names and hashes in snapshots, wherever and however the build was made.
    for live in &mut packs.packs {
        live.file = Path::new("packs").join(live.file.file_name().unwrap());
        live.hash = Some([0xab; 32]);
    }
    packs
}

/// The zones of the two packs loaded here; the bundled file's other zones need other packs.
fn two_zones() -> Zones {
    let mut zones = Zones::default_zones();
    zones
        .zones
        .retain(|zone| zone.id == "jiangsu" || zone.id == "national");
    // The national edition before 2024 is not loaded here; it decides nothing for this profile.
    for zone in &mut zones.zones {
        zone.packs.retain(|pack| pack != "national-sam-2022");
    }
    zones
}

/// A dashboard that evaluates at once, on this thread.
fn open(profile_text: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profile.toml");
    std::fs::write(&path, profile_text).unwrap();
    let profile = Profile::parse(&path, profile_text).unwrap();
    let dashboard = Dashboard::new(
        path,
        profile_text.to_string(),
        profile,
        two_zones(),
        bundled_packs(),
        KeyMap::default(),
    );
    Fixture { dashboard, dir }
}

/// A dashboard whose evaluations wait in `take_jobs` for the test to run and deliver, in any
/// order; `packs` false: the packs are still opening.
fn open_in_background(profile_text: &str, packs: bool) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profile.toml");
    std::fs::write(&path, profile_text).unwrap();
    let profile = Profile::parse(&path, profile_text).unwrap();
    let dashboard = Dashboard::in_background(
        path,
        profile_text.to_string(),
        profile,
        two_zones(),
        packs.then(bundled_packs),
        KeyMap::default(),
    );
    Fixture { dashboard, dir }
}

/// Runs every waiting job and delivers the results in request order.
fn run_jobs(dashboard: &mut Dashboard) {
    for job in dashboard.take_jobs() {
        dashboard.handle(Event::Evaluated(Box::new(job.run())));
    }
}

fn key(dashboard: &mut Dashboard, code: KeyCode) {
    dashboard.handle(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn keys(dashboard: &mut Dashboard, text: &str) {
    for c in text.chars() {
        key(dashboard, KeyCode::Char(c));
    }
}

fn route(dashboard: &Dashboard, zone: usize, export: usize) -> Route {
    dashboard.columns[zone].export(export).unwrap().route
}

fn list_item(dashboard: &Dashboard, zone: usize, export: usize) -> Option<u32> {
    dashboard.columns[zone].export(export).unwrap().list_item
}

#[test]
fn the_grid_shows_exactly_what_the_engine_computes() {
    let fixture = open(&example_text());
    let d = &fixture.dashboard;
    for (index, zone) in d.zones.zones.iter().enumerate() {
        let direct = evaluate_zone(zone, &d.packs, &d.profile).unwrap();
        assert_eq!(d.columns[index].evaluation(), Some(&direct));
    }
    assert_eq!(route(d, 0, 0), Route::StandardContractOrCertification);
    assert_eq!(route(d, 1, 0), Route::SecurityAssessment);
}

#[test]
fn typing_a_count_re_evaluates_every_zone_and_marks_changed_cells() {
    let mut fixture = open(&example_text());
    let d = &mut fixture.dashboard;
    key(d, KeyCode::Char('e'));
    assert!(matches!(d.overlay, Overlay::Edit(_)));
    keys(d, "50000");
    assert_eq!(d.profile.exports[0].persons, Some(50000));
    assert_eq!(route(d, 0, 0), Route::SecurityAssessment);
    assert_eq!(list_item(d, 0, 0), Some(7));
    assert!(d.marked.contains(&CellId::Export {
        zone: "jiangsu".into(),
        export: "trial-subjects".into()
    }));
    assert!(d.marked.contains(&CellId::Overall {
        zone: "jiangsu".into()
    }));
    assert!(
        !d.marked.contains(&CellId::Export {
            zone: "national".into(),
            export: "trial-subjects".into()
        }),
        "national did not change"
    );
    assert!(d.dirty());
    // One below the edge: back to Tier 2.
    key(d, KeyCode::Char('-'));
    assert_eq!(d.profile.exports[0].persons, Some(49999));
    assert_eq!(list_item(d, 0, 0), Some(14));
    // Leaving the editor and moving on clears the marks.
    key(d, KeyCode::Esc);
    assert_eq!(d.overlay, Overlay::None);
    assert!(!d.marked.is_empty());
    key(d, KeyCode::Char('j'));
    assert!(d.marked.is_empty());
}

#[test]
fn jump_next_edge_lands_on_the_stricter_route() {
    let mut fixture = open(&example_text());
    let d = &mut fixture.dashboard;
    keys(d, "n");
    assert_eq!(d.profile.exports[0].persons, Some(50000));
    assert_eq!(route(d, 0, 0), Route::SecurityAssessment);
    keys(d, "n");
    assert!(
        d.status
            .as_ref()
            .unwrap()
            .text
            .contains("no stricter route"),
        "{:?}",
        d.status
    );
    // The national column's next edge for hcp-crm (non-sensitive) is 100,000.
    keys(d, "jjl");
    keys(d, "n");
    assert_eq!(d.profile.exports[2].persons, Some(100_000));
    assert_eq!(route(d, 1, 2), Route::StandardContractOrCertification);
}

#[test]
fn edits_that_break_the_contract_are_refused_with_a_reason() {
    let mut fixture = open(&example_text());
    let d = &mut fixture.dashboard;
    keys(d, "jjj"); // staff-hr: 1,200 persons, all exempt
    keys(d, "-");
    assert_eq!(d.profile.exports[3].persons, Some(1200));
    assert!(d.status.as_ref().unwrap().error);
    assert!(d
        .status
        .as_ref()
        .unwrap()
        .text
        .contains("cannot exceed persons"));
    keys(d, "j"); // process-data: general data has no count
    keys(d, "+");
    assert_eq!(d.profile.exports[4].persons, None);
    assert!(!d.dirty());
}

#[test]
fn flags_and_as_of_are_editable() {
    let mut fixture = open(&example_text());
    let d = &mut fixture.dashboard;
    keys(d, "j"); // pv-cases
    key(d, KeyCode::Char('e'));
    keys(d, "jjj"); // serious_harm
    key(d, KeyCode::Char(' '));
    assert!(d.profile.exports[1].serious_harm);
    assert_eq!(
        list_item(d, 0, 1),
        Some(8),
        "serious harm takes the Tier 1 item"
    );
    // as_of before the list took effect: the Jiangsu zone falls back to the national pack.
    for _ in 0..5 {
        keys(d, "j");
    }
    keys(d, "20250812");
    assert_eq!(
        ftzroute::common::dates::format_date(d.profile.as_of),
        "2025-08-12"
    );
    let export = d.columns[0].export(0).unwrap();
    assert_eq!(export.pack.as_deref(), Some("national-cbdf-2024"));
    assert!(export.notes.iter().any(|n| n.contains("not in force")));
    key(d, KeyCode::Char('+'));
    assert_eq!(
        ftzroute::common::dates::format_date(d.profile.as_of),
        "2025-08-13"
    );
    assert_eq!(
        d.columns[0].export(0).unwrap().pack.as_deref(),
        Some("jiangsu-biopharma-2025")
    );
}

#[test]
fn quitting_with_unsaved_edits_asks_and_saving_writes_the_file() {
    let mut fixture = open(&example_text());
    let d = &mut fixture.dashboard;
    keys(d, "n");
    keys(d, "q");
    assert_eq!(d.overlay, Overlay::ConfirmQuit);
    assert!(!d.quit);
    key(d, KeyCode::Esc);
    assert_eq!(d.overlay, Overlay::None);
    keys(d, "w");
    assert!(!d.dirty());
    let saved = std::fs::read_to_string(fixture.dir.path().join("profile.toml")).unwrap();
    assert!(saved.contains("persons = 50000"), "{saved}");
    assert!(saved.contains("# A biologics maker"), "comments survive");
    assert!(fixture.dir.path().join("profile.toml.bak").is_file());
    keys(d, "q");
    assert!(d.quit, "nothing unsaved: quits at once");
}

#[test]
fn discarding_on_quit_leaves_the_file_alone() {
    let mut fixture = open(&example_text());
    let d = &mut fixture.dashboard;
    keys(d, "nqd");
    assert!(d.quit);
    assert_eq!(
        std::fs::read_to_string(fixture.dir.path().join("profile.toml")).unwrap(),
        example_text()
    );
}

#[test]
fn a_profile_changed_on_disk_is_reloaded_or_asked_about() {
    let mut fixture = open(&example_text());
    let path = fixture.dir.path().join("profile.toml");
    std::fs::write(
        &path,
        example_text().replace("persons = 42000", "persons = 60000"),
    )
    .unwrap();
    let d = &mut fixture.dashboard;
    d.handle(Event::ProfileChanged);
    assert_eq!(d.profile.exports[0].persons, Some(60000));
    assert_eq!(route(d, 0, 0), Route::SecurityAssessment);
    assert!(!d.dirty());

    keys(d, "+");
    std::fs::write(&path, example_text()).unwrap();
    d.handle(Event::ProfileChanged);
    assert!(matches!(d.overlay, Overlay::ProfileChanged { .. }));
    keys(d, "l");
    assert_eq!(d.profile.exports[0].persons, Some(42000));
    assert!(!d.dirty());

    // An invalid file on disk keeps the last good profile.
    std::fs::write(&path, "this is not toml [").unwrap();
    d.handle(Event::ProfileChanged);
    assert_eq!(d.profile.exports[0].persons, Some(42000));
    assert!(d.status.as_ref().unwrap().error);
}

#[test]
fn a_reloaded_pack_swaps_and_a_broken_one_keeps_the_old_generation() {
    let mut fixture = open(&example_text());
    let d = &mut fixture.dashboard;
    let file = pack_file("jiangsu_biopharma_2025");
    let shown_file = d.packs.packs[0].file.clone();
    let bytes = std::fs::read(&file).unwrap();
    d.handle(Event::PackLoaded(Box::new(Loaded {
        file: shown_file.clone(),
        hash: hash_bytes(&bytes),
        result: load_pack(&file).map_err(|e| e.to_string()),
        noticed: std::time::Instant::now(),
        removed: false,
    })));
    assert_eq!(d.packs.packs[0].generation, 2);
    let (status, _) = d.status_text().unwrap();
    assert_eq!(
        status,
        "reloaded jiangsu-biopharma-2025 to generation 2: 0 cell(s) changed"
    );

    d.handle(Event::PackLoaded(Box::new(Loaded {
        file: shown_file,
        hash: [0; 32],
        result: Err("libjiangsu.so: not a loadable library: truncated".into()),
        noticed: std::time::Instant::now(),
        removed: false,
    })));
    assert_eq!(d.packs.packs[0].generation, 2);
    let status = d.status.as_ref().unwrap();
    assert!(
        status.error && status.text.contains("still serving generation 2"),
        "{status:?}"
    );
    assert_eq!(
        route(d, 0, 0),
        Route::StandardContractOrCertification,
        "the old generation keeps serving"
    );
}

#[test]
fn filter_narrows_the_rows_and_esc_clears_it() {
    let mut fixture = open(&example_text());
    let d = &mut fixture.dashboard;
    keys(d, "/");
    keys(d, "patient");
    key(d, KeyCode::Enter);
    assert_eq!(*d.visible_exports(), [1]);
    assert_eq!(d.selected_export(), Some(1));
    key(d, KeyCode::Esc);
    assert_eq!(d.visible_exports().len(), 5);
}

#[test]
fn the_rows_a_filter_lets_through_follow_a_changed_profile() {
    let mut fixture = open(&example_text());
    let d = &mut fixture.dashboard;
    keys(d, "/");
    keys(d, "sensitive");
    key(d, KeyCode::Enter);
    let before = d.visible_exports();
    assert!(before.contains(&0) && before.len() < d.profile.exports.len());
    let edited = example_text().replacen("sensitive = true", "sensitive = false", 1);
    std::fs::write(&d.profile_path, edited).unwrap();
    d.handle(Event::ProfileChanged);
    assert!(!d.profile.exports[0].sensitive);
    let after: Vec<usize> = before.iter().copied().filter(|&i| i != 0).collect();
    assert_eq!(
        *d.visible_exports(),
        *after,
        "the first export is no longer sensitive"
    );
}

#[test]
fn views_and_overlays_open_and_close() {
    let mut fixture = open(&example_text());
    let d = &mut fixture.dashboard;
    keys(d, "p");
    assert_eq!(d.view, View::Packs);
    key(d, KeyCode::Esc);
    assert_eq!(d.view, View::Main);
    keys(d, "?");
    assert!(matches!(d.overlay, Overlay::Help(_)));
    key(d, KeyCode::Esc);
    assert_eq!(d.overlay, Overlay::None);
    let effect = d.handle(Event::Key(KeyEvent::new(
        KeyCode::Char('r'),
        KeyModifiers::NONE,
    )));
    assert!(matches!(effect[..], [Effect::RescanPacks]), "{effect:?}");
}

#[test]
fn the_cases_view_shows_both_bundled_packs_passing() {
    let mut fixture = open(&example_text());
    let d = &mut fixture.dashboard;
    assert!(d.cases.runs.is_empty(), "cases run only when asked for");
    keys(d, "t");
    assert_eq!(d.view, View::Cases);
    let packs: Vec<&str> = d.cases.runs.iter().map(|run| run.pack.as_str()).collect();
    assert_eq!(packs, ["jiangsu-biopharma-2025", "national-cbdf-2024"]);
    for run in &d.cases.runs {
        let (passed, failed) = run
            .counts()
            .unwrap_or_else(|| panic!("{}: {:?}", run.pack, run.outcome));
        assert!(passed >= 30, "{}: {passed} cases", run.pack);
        assert_eq!(failed, 0, "{}: {:?}", run.pack, run.outcome);
        assert_eq!(run.generation, 1);
    }
    let screen = render(d, 120, 40);
    assert!(screen.contains("✔ jiangsu-biopharma-2025"), "{screen}");
    assert!(screen.contains("✔ national-cbdf-2024"), "{screen}");
    assert!(!screen.contains('✖'), "{screen}");
    // The same key closes it; p and t switch between the two pack views.
    keys(d, "t");
    assert_eq!(d.view, View::Main);
    keys(d, "pt");
    assert_eq!(d.view, View::Cases);
    keys(d, "p");
    assert_eq!(d.view, View::Packs);
}

const WRONG_CASE: &str = r#"description = "deliberately wrong: 9,999 sensitive persons are under the assessment threshold"
[profile]
as_of = 2025-10-01
[profile.handler]
name = "H"
sector = "automotive"
[[profile.export]]
id = "drivers"
kind = "personal"
sensitive = true
persons = 9999
[[expect]]
export = "drivers"
route = "security-assessment"
basis = "CBDF Provisions Art. 7(2)"
"#;

/// A checkout whose only cases are the national pack's: one right (copied from the pack) and
/// one deliberately wrong. Returns it and its cases directory.
fn checkout_with_a_wrong_case() -> (tempfile::TempDir, PathBuf) {
    let checkout = tempfile::tempdir().unwrap();
    let cases = checkout.path().join("packs/national-cbdf-2024/cases");
    std::fs::create_dir_all(&cases).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../packs/national-cbdf-2024/cases/general-data.toml"),
        cases.join("general-data.toml"),
    )
    .unwrap();
    std::fs::write(cases.join("wrong.toml"), WRONG_CASE).unwrap();
    (checkout, cases)
}

#[test]
fn the_cases_view_runs_again_after_a_reload_and_shows_failures_with_their_text() {
    let mut fixture = open(&example_text());
    let (checkout, cases) = checkout_with_a_wrong_case();
    let d = &mut fixture.dashboard;
    d.cases.from = Some(checkout.path().join("packs"));
    keys(d, "t");
    let national = d
        .cases
        .runs
        .iter()
        .find(|run| run.pack == "national-cbdf-2024")
        .unwrap();
    assert_eq!(national.counts(), Some((1, 1)));
    let jiangsu = d
        .cases
        .runs
        .iter()
        .find(|run| run.pack == "jiangsu-biopharma-2025")
        .unwrap();
    assert!(matches!(jiangsu.outcome, CasesOutcome::NoCases));
    let screen = render(d, 120, 40);
    assert!(
        screen.contains("✖ national-cbdf-2024  generation 1  1 passed, 1 failed"),
        "{screen}"
    );
    assert!(
        screen.contains("✖ wrong.toml: deliberately wrong"),
        "{screen}"
    );
    assert!(
        screen.contains(
            "route: expected security-assessment, got standard-contract-or-certification"
        ),
        "{screen}"
    );
    assert!(
        screen.contains("no cases found for: jiangsu-biopharma-2025"),
        "{screen}"
    );

    // The author fixes the case; the next build of the pack runs everything again.
    std::fs::remove_file(cases.join("wrong.toml")).unwrap();
    let file = pack_file("national_cbdf_2024");
    let shown_file = d.packs.packs[1].file.clone();
    d.handle(Event::PackLoaded(Box::new(Loaded {
        file: shown_file,
        hash: hash_bytes(&std::fs::read(&file).unwrap()),
        result: load_pack(&file).map_err(|e| e.to_string()),
        noticed: std::time::Instant::now(),
        removed: false,
    })));
    let national = d
        .cases
        .runs
        .iter()
        .find(|run| run.pack == "national-cbdf-2024")
        .unwrap();
    assert_eq!(national.generation, 2);
    assert_eq!(national.counts(), Some((1, 0)));
    let (status, _) = d.status_text().unwrap();
    assert!(
        status.ends_with("; cases: 1 passed, 0 failed"),
        "{status:?}"
    );
    let screen = render(d, 120, 40);
    assert!(
        screen.contains("✔ national-cbdf-2024  generation 2  1 passed, 0 failed"),
        "{screen}"
    );

    // A case edited without a rebuild: r runs the cases again at once.
    std::fs::write(cases.join("broken.toml"), "description = ").unwrap();
    let effect = d.handle(Event::Key(KeyEvent::new(
        KeyCode::Char('r'),
        KeyModifiers::NONE,
    )));
    assert!(matches!(effect[..], [Effect::RescanPacks]), "{effect:?}");
    let national = d
        .cases
        .runs
        .iter()
        .find(|run| run.pack == "national-cbdf-2024")
        .unwrap();
    match &national.outcome {
        CasesOutcome::Unusable(error) => assert!(error.contains("broken.toml"), "{error}"),
        other => panic!("{other:?}"),
    }
    assert!(render(d, 120, 40).contains("cases could not be read"));
}

fn render(dashboard: &Dashboard, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let theme = Theme::new(ColorMode::Never);
    terminal
        .draw(|frame| screens::draw(frame, dashboard, &theme))
        .unwrap();
    // The profile lives in a fresh temporary directory: name it the same in every snapshot.
    let dir = dashboard
        .profile_path
        .parent()
        .unwrap()
        .display()
        .to_string();
    terminal.backend().to_string().replace(&dir, "[DIR]")
}

#[test]
fn screens_at_80x24_and_120x40() {
    let mut fixture = open(&example_text());
    for (width, height) in [(80, 24), (120, 40)] {
        let d = &mut fixture.dashboard;
        insta::assert_snapshot!(format!("main_{width}x{height}"), render(d, width, height));
        keys(d, "jl"); // pv-cases, national: sensitive total across the profile
        insta::assert_snapshot!(
            format!("national_cell_{width}x{height}"),
            render(d, width, height)
        );
        keys(d, "k");
        key(d, KeyCode::Char('h'));
        keys(d, "e50000");
        insta::assert_snapshot!(format!("edit_{width}x{height}"), render(d, width, height));
        key(d, KeyCode::Esc);
        keys(d, "-");
        insta::assert_snapshot!(format!("edited_{width}x{height}"), render(d, width, height));
        keys(d, "?");
        insta::assert_snapshot!(format!("help_{width}x{height}"), render(d, width, height));
        key(d, KeyCode::Esc);
        keys(d, "p");
        insta::assert_snapshot!(format!("packs_{width}x{height}"), render(d, width, height));
        key(d, KeyCode::Esc);
        // Cases of a fixed checkout, so the snapshot does not move with the packs' own cases.
        let (checkout, _) = checkout_with_a_wrong_case();
        d.cases.from = Some(checkout.path().to_path_buf());
        keys(d, "t");
        insta::assert_snapshot!(format!("cases_{width}x{height}"), render(d, width, height));
        key(d, KeyCode::Esc);
        keys(d, "q");
        insta::assert_snapshot!(
            format!("confirm_quit_{width}x{height}"),
            render(d, width, height)
        );
        key(d, KeyCode::Esc);
        fixture = open(&example_text());
    }
}

#[test]
fn too_small_a_terminal_gets_a_message() {
    let fixture = open(&example_text());
    let screen = render(&fixture.dashboard, 50, 12);
    assert!(screen.contains("terminal too small"), "{screen}");
    assert!(
        screen.contains("need at least 64x18, have 50x12"),
        "{screen}"
    );
}

#[test]
fn cjk_citations_keep_the_frame_aligned() {
    let fixture = open(&example_text());
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let theme = Theme::new(ColorMode::Never);
    terminal
        .draw(|frame| screens::draw(frame, &fixture.dashboard, &theme))
        .unwrap();
    let buffer = terminal.backend().buffer();
    let row_text = |y: u16| {
        (0..120)
            .map(|x| buffer[(x, y)].symbol().to_string())
            .collect::<String>()
    };
    let citation_row = (0..40)
        .find(|y| row_text(*y).contains('《'))
        .expect("the Chinese citation is shown");
    // Double-width characters take two cells and the frame still closes in the last column.
    for y in 1..38 {
        let left = buffer[(0, y)].symbol();
        if left == "│" {
            assert_eq!(
                buffer[(119, y)].symbol(),
                "│",
                "row {y} lost its right border: {}",
                row_text(y)
            );
        }
    }
    let x = (0..120)
        .find(|x| buffer[(*x, citation_row)].symbol() == "《")
        .unwrap();
    assert_eq!(
        buffer[(x + 2, citation_row)].symbol(),
        "中",
        "a wide character occupies two cells"
    );
}

#[test]
fn the_detail_pane_lists_the_cells_duties_dated_first() {
    let fixture = open(&example_text());
    // The first cell: trial subjects in Jiangsu, whose contract took effect on 22 September 2025.
    let screen = render(&fixture.dashboard, 120, 60);
    let duties = screen.find("Duties").expect("a Duties section");
    let notice = screen
        .find("pipl-notice: due 2025-10-01 (due-soon)")
        .unwrap();
    let filing = screen
        .find("scc-filing: due 2025-10-11 (due-soon)")
        .unwrap();
    let report = screen.find("jiangsu-art-12-report: no-deadline").unwrap();
    assert!(
        duties < notice && notice < filing && filing < report,
        "{screen}"
    );
}

#[test]
fn the_memo_key_writes_the_memo_of_the_saved_profile_beside_it() {
    let mut fixture = open(&example_text());
    let d = &mut fixture.dashboard;
    // An unsaved what-if edit is not in the memo: it documents the file on disk.
    keys(d, "n");
    assert!(d.dirty());
    keys(d, "m");
    let memo_file = fixture.dir.path().join("profile.memo.md");
    let memo = std::fs::read_to_string(&memo_file).unwrap();
    let status = d.status.as_ref().unwrap();
    assert!(!status.error, "{}", status.text);
    assert!(
        status.text.contains("unsaved edits are not in it"),
        "{}",
        status.text
    );
    assert!(memo.contains("persons = 42000"), "the saved text, verbatim");
    assert!(!memo.contains("persons = 50000"));
    assert!(memo.contains("| trial-subjects |"));
    assert!(memo.contains("## 6. Packs used"));
    // The fixture's stand-in hash of every library.
    assert!(memo.contains(&"ab".repeat(32)), "{memo}");
    assert!(memo.contains("scc-filing"));
    // After saving, the memo follows the saved edit.
    keys(d, "wm");
    let memo = std::fs::read_to_string(&memo_file).unwrap();
    assert!(memo.contains("persons = 50000"));
    assert!(!d.status.as_ref().unwrap().text.contains("unsaved"));
}

#[test]
fn while_the_packs_open_every_zone_is_pending_and_nothing_is_evaluated() {
    let mut fixture = open_in_background(&example_text(), false);
    let d = &mut fixture.dashboard;
    assert!(d.packs_loading);
    assert!(d.columns.iter().all(|c| c.pending() && !c.stale()));
    assert!(d.take_jobs().is_empty(), "no packs to evaluate with yet");
    for (width, height) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(
            format!("loading_{width}x{height}"),
            render(d, width, height)
        );
    }
    keys(d, "p");
    assert!(render(d, 100, 30).contains("Packs (loading)"));
    keys(d, "p");
    // An edit while loading waits for the packs like everything else.
    keys(d, "+");
    assert!(d.take_jobs().is_empty());
    assert_eq!(
        d.status_text().unwrap().0,
        "trial-subjects: persons 42,001: evaluating 2 zone(s) …"
    );

    d.handle(Event::PacksOpened(Box::new(Ok(bundled_packs()))));
    assert!(!d.packs_loading);
    let jobs = d.take_jobs();
    assert_eq!(jobs.len(), 2, "one job per zone");
    assert_eq!(jobs[0].profile.exports[0].persons, Some(42_001));
    for job in jobs {
        d.handle(Event::Evaluated(Box::new(job.run())));
    }
    assert!(d.columns.iter().all(|c| !c.pending() && !c.awaiting()));
    assert_eq!(route(d, 0, 0), Route::StandardContractOrCertification);
    assert!(d.marked.is_empty(), "a first result changes nothing");
}

#[test]
fn a_zone_being_evaluated_again_is_stale_until_its_result_lands() {
    let mut fixture = open_in_background(&example_text(), true);
    let d = &mut fixture.dashboard;
    run_jobs(d);
    keys(d, "n"); // trial-subjects to 50,000: Jiangsu's next edge
    assert!(d.columns.iter().all(|c| c.stale()));
    let mut jobs = d.take_jobs();
    assert_eq!(jobs.len(), 2);
    assert_eq!(
        d.status_text().unwrap().0,
        "trial-subjects: persons 50,000: evaluating 2 zone(s) …"
    );
    // The previous result stays on screen, marked stale, until the new one lands.
    assert_eq!(list_item(d, 0, 0), Some(14));
    for (width, height) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("stale_{width}x{height}"), render(d, width, height));
    }
    let national = jobs.pop().unwrap();
    let jiangsu = jobs.pop().unwrap();
    d.handle(Event::Evaluated(Box::new(jiangsu.run())));
    assert!(!d.columns[0].stale() && d.columns[1].stale());
    assert_eq!(list_item(d, 0, 0), Some(7));
    let screen = render(d, 120, 40);
    let row = screen
        .lines()
        .find(|l| l.contains("trial-subjects "))
        .unwrap();
    assert!(
        row.contains("*▲ assessment #7") && row.contains("~▲ assessment"),
        "{row}"
    );
    assert!(
        screen.contains("evaluating 1 zone(s)"),
        "no count before every zone is in: {screen}"
    );
    d.handle(Event::Evaluated(Box::new(national.run())));
    assert!(d.columns.iter().all(|c| !c.awaiting()));
    assert!(!render(d, 120, 40).contains('~'));
}

#[test]
fn an_older_result_never_overwrites_a_newer_one() {
    let mut fixture = open_in_background(&example_text(), true);
    let d = &mut fixture.dashboard;
    run_jobs(d);
    keys(d, "n"); // 50,000: Jiangsu Tier 1, item 7
    let first = d.take_jobs();
    keys(d, "-"); // 49,999: back to Tier 2, item 14
    let second = d.take_jobs();
    let jiangsu = |jobs: &[EvaluationJob]| jobs.iter().find(|j| j.column == 0).unwrap().clone();
    assert!(jiangsu(&second).sequence > jiangsu(&first).sequence);

    // The newer result lands first; the older one, late, is dropped.
    d.handle(Event::Evaluated(Box::new(jiangsu(&second).run())));
    assert_eq!(list_item(d, 0, 0), Some(14));
    assert!(!d.columns[0].stale());
    d.handle(Event::Evaluated(Box::new(jiangsu(&first).run())));
    assert_eq!(
        list_item(d, 0, 0),
        Some(14),
        "the late, older result is dropped"
    );
    assert!(!d.columns[0].stale());

    // A result newer than the one shown but older than the latest request is shown, still
    // stale: the latest is still to come.
    let national = |jobs: &[EvaluationJob]| jobs.iter().find(|j| j.column == 1).unwrap().clone();
    d.handle(Event::Evaluated(Box::new(national(&first).run())));
    assert!(d.columns[1].stale());
    assert_eq!(d.columns[1].shown, national(&first).sequence);
    d.handle(Event::Evaluated(Box::new(national(&second).run())));
    assert!(!d.columns[1].stale());
}

#[test]
fn the_change_count_is_the_number_of_cells_marked() {
    let mut fixture = open(&example_text());
    let d = &mut fixture.dashboard;
    // Typed digit by digit: five edits, each re-evaluating; the marks and the count are those
    // of the last one (5,000 -> 50,000), never an accumulation of the earlier ones.
    keys(d, "e50000");
    key(d, KeyCode::Esc);
    let counted = |d: &Dashboard| -> usize {
        let (text, _) = d.status_text().unwrap();
        let count = text.rsplit(": ").next().unwrap();
        count.split(' ').next().unwrap().parse().unwrap()
    };
    assert!(!d.marked.is_empty());
    assert_eq!(counted(d), d.marked.len());
    let screen = render(d, 120, 40);
    let stars = screen.matches('*').count();
    assert_eq!(stars, d.marked.len(), "{screen}");

    // A change back to what was shown is a change too; one that changes nothing marks nothing.
    keys(d, "+");
    assert_eq!(counted(d), d.marked.len());
    assert_eq!(counted(d), 0, "50,001 shows what 50,000 showed");

    // Cells hidden by the filter are counted and said apart.
    keys(d, "-");
    keys(d, "-");
    assert_eq!(d.marked.len(), 2);
    keys(d, "/pv");
    key(d, KeyCode::Enter);
    let (text, _) = d.status_text().unwrap();
    assert!(
        text.ends_with("2 cell(s) changed (1 hidden by the filter)"),
        "{text}"
    );
}

#[test]
fn a_profile_with_other_exports_is_pending_until_evaluated_again() {
    let mut fixture = open_in_background(&example_text(), true);
    let d = &mut fixture.dashboard;
    let in_flight = d.take_jobs();
    // On disk, an export is renamed: results laid out for the old list must not land on the
    // rows of the new one.
    let renamed = example_text().replacen("id = \"pv-cases\"", "id = \"pharmacovigilance\"", 1);
    std::fs::write(&d.profile_path, &renamed).unwrap();
    d.handle(Event::ProfileChanged);
    assert_eq!(d.profile.exports[1].id, "pharmacovigilance");
    assert!(d.columns.iter().all(|c| c.pending()));
    for job in in_flight {
        d.handle(Event::Evaluated(Box::new(job.run())));
    }
    assert!(
        d.columns.iter().all(|c| c.pending()),
        "results for the old list are dropped"
    );
    run_jobs(d);
    assert_eq!(
        d.columns[0].evaluation().unwrap().exports[1].id,
        "pharmacovigilance"
    );
}

/// Nine zones over the two packs loaded here (the bundled zones file's ids, most of them
/// standing in with the national pack), so the layout is tested whatever list packs exist.
fn nine_zones() -> Zones {
    let zone = |id: &str, name: &str, jiangsu_list: bool| {
        let mut packs = Vec::new();
        if jiangsu_list {
            packs.push("jiangsu-biopharma-2025".to_string());
        }
        packs.push("national-cbdf-2024".to_string());
        ftzroute::core::zones::Zone::of(id, name, packs)
    };
    // One zone that may apply other zones' lists by reference, so the planner offers one.
    let mut shanghai = zone("shanghai", "China (Shanghai) Pilot Free Trade Zone", false);
    shanghai.reference_basis = Some("the zone's by-reference provision".into());
    Zones {
        zones: vec![
            zone("jiangsu", "China (Jiangsu) Pilot Free Trade Zone", true),
            zone("national", "Outside any FTZ list", false),
            zone("beijing", "China (Beijing) Pilot Free Trade Zone", false),
            zone("tianjin", "China (Tianjin) Pilot Free Trade Zone", true),
            shanghai,
            zone("hainan", "Hainan Free Trade Port", true),
            zone("zhejiang", "China (Zhejiang) Pilot Free Trade Zone", false),
            zone("chongqing", "China (Chongqing) Pilot Free Trade Zone", true),
            zone("guangxi", "China (Guangxi) Pilot Free Trade Zone", false),
        ],
    }
}

fn open_nine(in_background: bool) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profile.toml");
    let text = example_text();
    std::fs::write(&path, &text).unwrap();
    let profile = Profile::parse(&path, &text).unwrap();
    let dashboard = if in_background {
        Dashboard::in_background(
            path,
            text,
            profile,
            nine_zones(),
            Some(bundled_packs()),
            KeyMap::default(),
        )
    } else {
        Dashboard::new(
            path,
            text,
            profile,
            nine_zones(),
            bundled_packs(),
            KeyMap::default(),
        )
    };
    Fixture { dashboard, dir }
}

/// The grid's header row: the zone ids shown, left to right (a pinned one keeps its mark).
fn header_zones(screen: &str) -> Vec<String> {
    let header = screen
        .lines()
        .find(|line| line.contains("│export "))
        .unwrap_or_else(|| panic!("no grid header in:\n{screen}"));
    header
        .trim_matches(|c| c == '"' || c == '│' || c == ' ')
        .split_whitespace()
        .filter(|word| !matches!(*word, "export" | "counted" | "≠"))
        .map(String::from)
        .collect()
}

/// `(left, right)` from the `‹ N more` / `N more ›` marks on the grid's frame.
fn more_marks(screen: &str) -> (usize, usize) {
    let count = |pattern: &str, before: bool| -> usize {
        screen
            .lines()
            .find_map(|line| {
                let at = line.find(pattern)?;
                let number = if before {
                    line[..at].split_whitespace().last()?
                } else {
                    line[at + pattern.len()..].split_whitespace().next()?
                };
                number.parse().ok()
            })
            .unwrap_or(0)
    };
    (count("‹ ", false), count(" more ›", true))
}

#[test]
fn nine_zones_scroll_at_80x24_and_fit_compact_at_120x40() {
    let mut fixture = open_nine(false);
    let d = &mut fixture.dashboard;
    let ids: Vec<String> = d.zones.ids().iter().map(|s| s.to_string()).collect();

    // 120x40: every zone in view, cells compact with their list items.
    let wide = render(d, 120, 40);
    assert_eq!(header_zones(&wide), ids);
    let trial = wide
        .lines()
        .find(|l| l.contains("│trial-subjects"))
        .unwrap();
    assert_eq!(trial.matches("● #14").count(), 4, "{trial}");
    assert_eq!(more_marks(&wide), (0, 0));
    insta::assert_snapshot!("nine_zones_120x40", wide);

    // 80x24: the columns scroll with the selection; the marks count what is out of view.
    let first = render(d, 80, 24);
    insta::assert_snapshot!("nine_zones_80x24", first);
    let mut seen: Vec<String> = Vec::new();
    for step in 0..ids.len() {
        let screen = render(d, 80, 24);
        let shown = header_zones(&screen);
        let (left, right) = more_marks(&screen);
        assert_eq!(left + shown.len() + right, ids.len(), "{screen}");
        assert_eq!(shown, ids[left..left + shown.len()], "{screen}");
        assert!(
            shown.contains(&ids[step]),
            "the selection is in view: {screen}"
        );
        assert!(
            screen.contains(&format!(" in {} ", ids[step])),
            "the detail follows the selection"
        );
        seen.extend(shown);
        keys(d, "l");
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), ids.len(), "every zone is reachable");
    let last = render(d, 80, 24);
    assert_eq!(more_marks(&last).1, 0, "{last}");
    insta::assert_snapshot!("nine_zones_scrolled_80x24", last);
    // Back left inside the view: the view stays where it is.
    let before = header_zones(&last);
    keys(d, "h");
    assert_eq!(header_zones(&render(d, 80, 24)), before);
}

#[test]
fn hidden_zones_leave_the_grid_but_are_evaluated_and_pinned_ones_stay_leftmost() {
    let mut fixture = open_nine(false);
    let d = &mut fixture.dashboard;
    keys(d, "lll"); // tianjin
    assert_eq!(d.selected_column().unwrap().zone.id, "tianjin");
    keys(d, "x");
    assert!(d.zone_choices.is_hidden("tianjin"));
    assert_eq!(
        d.selected_column().unwrap().zone.id,
        "shanghai",
        "the selection moves to the next zone shown"
    );
    let screen = render(d, 120, 40);
    assert!(!header_zones(&screen).contains(&"tianjin".to_string()));
    assert!(screen.contains("hid tianjin: still evaluated"), "{screen}");
    key(d, KeyCode::Esc);
    let screen = render(d, 120, 40);
    assert!(
        screen.contains("9 zone(s), 1 hidden (z lists them)"),
        "{screen}"
    );

    // Still evaluated: an edit reaches the hidden zone too.
    keys(d, "hhh");
    assert_eq!(d.selected_column().unwrap().zone.id, "jiangsu");
    keys(d, "n"); // trial-subjects to 50,000, Jiangsu's next edge
    assert_eq!(route(d, 3, 0), Route::SecurityAssessment);
    assert_eq!(list_item(d, 3, 0), Some(7));
    keys(d, "lll");

    // Pinned: leftmost, and kept in view while the others scroll past.
    keys(d, "P");
    assert!(d.zone_choices.is_pinned("shanghai"));
    let (order, pinned) = d.column_order();
    assert_eq!((order[0], pinned), (4, 1));
    assert_eq!(header_zones(&render(d, 120, 40))[0], "•shanghai");
    for _ in 0..8 {
        keys(d, "l");
        let shown = header_zones(&render(d, 80, 24));
        assert_eq!(shown[0], "•shanghai", "{shown:?}");
    }
    assert_eq!(d.selected_column().unwrap().zone.id, "guangxi");

    // The zones overlay lists every zone, the hidden one with its route, and shows it again.
    keys(d, "z");
    assert!(matches!(d.overlay, Overlay::Zones { .. }));
    let overlay = render(d, 80, 24);
    let tianjin = overlay.lines().find(|l| l.contains(" tianjin ")).unwrap();
    assert!(
        tianjin.contains("[ ] hidden") && tianjin.contains("▲ assessment"),
        "{tianjin}"
    );
    insta::assert_snapshot!("zones_overlay_80x24", overlay);
    insta::assert_snapshot!("zones_overlay_120x40", render(d, 120, 40));
    // Down to tianjin (configured index 3) from guangxi (8), then space.
    for _ in 0..5 {
        keys(d, "k");
    }
    assert_eq!(d.overlay, Overlay::Zones { selected: 3 });
    keys(d, " ");
    assert!(!d.zone_choices.is_hidden("tianjin"));
    key(d, KeyCode::Esc);
    assert_eq!(d.overlay, Overlay::None);

    // Everything hidden but one: that one stays.
    for _ in 0..9 {
        keys(d, "x");
    }
    assert_eq!(d.column_order().0.len(), 1);
    assert!(d.status.as_ref().unwrap().text.contains("only zone shown"));
}

#[test]
fn zones_that_disagree_are_marked_among_the_zones_shown() {
    let mut fixture = open_nine(false);
    let d = &mut fixture.dashboard;
    let row_of = |d: &Dashboard, id: &str| -> String {
        let screen = render(d, 120, 40);
        screen
            .lines()
            .find(|l| l.contains(&format!("│{id} ")))
            .unwrap()
            .to_string()
    };
    assert!(row_of(d, "trial-subjects").contains('≠'));
    // Hide every zone with the Jiangsu list: the rest all say assessment.
    for column in [0, 3, 5, 7] {
        d.grid.column = column;
        keys(d, "x");
    }
    assert!(!row_of(d, "trial-subjects").contains('≠'));
}

#[test]
fn the_zone_choice_is_saved_and_read_back_ignoring_unknown_zones() {
    let state = tempfile::tempdir().unwrap();
    let file = state.path().join("ftzroute/dashboard-zones.toml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(
        &file,
        "hidden = [\"atlantis\", \"hainan\"]\npinned = [\"guangxi\", \"lemuria\"]\n",
    )
    .unwrap();
    let mut fixture = open_nine(false);
    let d = &mut fixture.dashboard;
    d.load_zone_choices(file.clone());
    assert!(d.status.is_none(), "unknown ids are no error");
    let (order, pinned) = d.column_order();
    assert_eq!(pinned, 1);
    assert_eq!(order[0], 8, "guangxi first");
    assert!(!order.contains(&5), "hainan hidden");
    assert_eq!(order.len(), 8);

    keys(d, "x"); // the selection (jiangsu) hidden
    let saved = ftzroute::dashboard::zone_columns::ZoneChoices::load(&file).unwrap();
    assert_eq!(saved.hidden, ["atlantis", "hainan", "jiangsu"]);
    assert_eq!(saved.pinned, ["guangxi", "lemuria"], "unknown ids kept");

    // The next launch reads it back.
    let mut next = open_nine(false);
    next.dashboard.load_zone_choices(file.clone());
    assert_eq!(next.dashboard.column_order(), d.column_order());
    assert_ne!(
        next.dashboard.grid.column, 0,
        "the selection starts on a shown zone"
    );

    // A broken file is reported, not fatal, and replaced at the next change.
    std::fs::write(&file, "hidden = \"hainan\"\n").unwrap();
    let mut broken = open_nine(false);
    broken.dashboard.load_zone_choices(file.clone());
    let status = broken.dashboard.status.clone().unwrap();
    assert!(status.error, "{}", status.text);
    assert!(
        status.text.contains("dashboard-zones.toml") && status.text.contains("hidden"),
        "{}",
        status.text
    );
    assert_eq!(broken.dashboard.column_order().0.len(), 9);
    keys(&mut broken.dashboard, "P");
    let saved = ftzroute::dashboard::zone_columns::ZoneChoices::load(&file).unwrap();
    assert_eq!(saved.pinned, ["jiangsu"]);
}

#[test]
fn the_planner_computes_off_the_ui_thread_and_shows_what_plan_computes() {
    let mut fixture = open_nine(true);
    let d = &mut fixture.dashboard;
    run_jobs(d);
    keys(d, "L");
    assert_eq!(d.view, View::Plan);
    let screen = render(d, 80, 24);
    assert!(screen.contains("computing…"), "{screen}");
    insta::assert_snapshot!("plan_computing_80x24", screen);
    let job = d.take_plan_job().expect("a plan job for the planner");
    assert!(d.take_plan_job().is_none());

    // What the command computes, from the same inputs.
    let descriptions: Vec<_> = d
        .packs
        .loaded()
        .filter_map(|live| live.current.as_ref())
        .map(|pack| &pack.description)
        .collect();
    let expected = ftzroute::core::plan::plan(&d.profile, &d.zones, &d.packs, &descriptions, None);
    d.handle(Event::Planned(Box::new(job.run())));
    assert_eq!(d.plan.answer.as_ref(), Some(&expected));
    assert!(!d.plan_awaiting());
    let screen = render(d, 120, 40);
    let ranked: Vec<&str> = expected.zones.iter().map(|z| z.zone.id.as_str()).collect();
    let mut at = 0;
    for (rank, id) in ranked.iter().enumerate() {
        let line = format!("{:>2}. {id} ", rank + 1);
        at += screen[at..]
            .find(&line)
            .unwrap_or_else(|| panic!("{line} in order in:\n{screen}"));
    }
    insta::assert_snapshot!("plan_120x40", screen);
    insta::assert_snapshot!("plan_80x24", render(d, 80, 24));
    // Further down: the zones-file lines that apply a list by reference, as the command gives.
    let option = &expected.by_reference[0];
    let whole = render(d, 400, 60);
    for line in option.zones_toml().lines() {
        assert!(
            whole.contains(&format!("      {line}")),
            "{line} in:\n{whole}"
        );
    }
    // Scrolling stops at the last row, and goes back up at once. At 120x24 the plan is taller
    // than the view; the frame drawn at that size is what the presses are held within.
    render(d, 120, 24);
    for _ in 0..60 {
        keys(d, "j");
    }
    let bottom = render(d, 120, 24);
    let last_option = expected.by_reference.last().unwrap();
    let last = last_option.zones_toml().lines().last().unwrap().to_string();
    assert!(bottom.contains(&last), "{bottom}");
    keys(d, "k");
    assert_ne!(render(d, 120, 24), bottom);

    // A change while the view is open asks again; the old plan stays, marked, until then.
    let edited = example_text().replace("persons = 42000", "persons = 50000");
    std::fs::write(&d.profile_path, edited).unwrap();
    d.handle(Event::ProfileChanged);
    assert_eq!(d.profile.exports[0].persons, Some(50_000));
    let again = d.take_plan_job().expect("a new plan job");
    assert_eq!(again.profile.exports[0].persons, Some(50_000));
    assert!(d.plan_awaiting());
    assert!(render(d, 120, 40).contains("~ computing…"));
    d.handle(Event::Planned(Box::new(again.run())));
    assert!(!d.plan_awaiting());
    key(d, KeyCode::Esc);
    assert_eq!(d.view, View::Main);
}

/// A row of a rendered screen without its quotes and the note on wide characters after them.
fn row_text(line: &str) -> &str {
    let line = line.strip_prefix('"').unwrap_or(line);
    match line.find("\" Hidden by multi-width symbols") {
        Some(end) => &line[..end],
        None => line.strip_suffix('"').unwrap_or(line),
    }
}

/// The words of the detail pane's rows (inside its frame), CJK runs aside: those wrap anywhere.
fn detail_words(screen: &str) -> Vec<String> {
    let lines: Vec<&str> = screen.lines().collect();
    let top = lines
        .iter()
        .position(|l| l.contains("┌ trial-subjects in"))
        .unwrap();
    lines[top + 1..]
        .iter()
        .map(|l| row_text(l))
        .take_while(|l| !l.contains('└'))
        .flat_map(|l| l.trim_matches('│').split_whitespace())
        .filter(|w| w.chars().any(|c| c.is_ascii_alphanumeric()))
        .filter(|w| {
            w.chars()
                .all(|c| unicode_width::UnicodeWidthChar::width(c) == Some(1))
        })
        .map(String::from)
        .collect()
}

#[test]
fn nothing_is_cut_inside_a_word_at_80x24() {
    let mut fixture = open_nine(false);
    let d = &mut fixture.dashboard;
    d.profile.title = Some("Example Biologics (Suzhou): all 2025 exports, reviewed".into());
    keys(d, "+"); // unsaved: the title bar says [modified]
    key(d, KeyCode::Tab);
    // Every word of the detail pane at 80 columns, scrolled through, is a word of it at 400.
    let wide: std::collections::HashSet<String> =
        detail_words(&render(d, 400, 100)).into_iter().collect();
    let mut checked = 0;
    for _ in 0..40 {
        for word in detail_words(&render(d, 80, 24)) {
            assert!(wide.contains(&word), "`{word}` is cut");
            checked += 1;
        }
        keys(d, "j");
    }
    assert!(checked > 100);

    // The title and hint bars drop whole items.
    key(d, KeyCode::Tab);
    let bars = |d: &Dashboard, width| {
        let screen = render(d, width, 24);
        let lines: Vec<String> = screen
            .lines()
            .map(|l| row_text(l).trim_end().to_string())
            .collect();
        (lines[0].clone(), lines[lines.len() - 1].clone())
    };
    let (full_title, full_hints) = bars(d, 300);
    let (title, hints) = bars(d, 80);
    let full_items: Vec<&str> = full_title.split(" │ ").collect();
    for item in title.split(" │ ") {
        let whole = full_items.contains(&item);
        let shortened = item.strip_suffix(" …").is_some_and(|words| {
            full_items
                .iter()
                .any(|full| full.starts_with(words) && full[words.len()..].starts_with(' '))
        });
        assert!(whole || shortened, "`{item}` is cut in `{title}`");
    }
    assert!(
        title.starts_with("ftzroute [modified] │ profile.toml │ as of "),
        "{title}"
    );
    assert!(
        hints.len() < full_hints.len(),
        "80 columns hold fewer hints"
    );
    assert!(
        full_hints.starts_with(&format!("{hints}  ")),
        "`{hints}` is a run of whole items of `{full_hints}`"
    );
    assert!(
        title.len() < full_title.len(),
        "80 columns hold less of the title"
    );
}

#[test]
fn the_detail_pane_stops_at_its_end_says_what_is_out_of_view_and_pages() {
    let mut fixture = open(&example_text());
    let d = &mut fixture.dashboard;
    key(d, KeyCode::Enter);
    let top = render(d, 80, 24);
    assert!(top.contains("more below ↓"), "{top}");
    assert!(!top.contains("more above"), "{top}");
    // Far more presses than the detail has lines (it once scrolled into emptiness after 42).
    for _ in 0..300 {
        key(d, KeyCode::Down);
        render(d, 80, 24);
    }
    let end = render(d, 80, 24);
    assert!(
        end.contains("↑ more above") && !end.contains("more below"),
        "{end}"
    );
    key(d, KeyCode::Down);
    assert_eq!(render(d, 80, 24), end, "no press goes past the end");
    key(d, KeyCode::Up);
    assert_ne!(render(d, 80, 24), end, "one press back up moves at once");
    key(d, KeyCode::Home);
    assert_eq!(render(d, 80, 24), top);
    key(d, KeyCode::End);
    assert_eq!(render(d, 80, 24), end);
    key(d, KeyCode::PageUp);
    let page_up = render(d, 80, 24);
    assert!(page_up.contains("more below ↓"), "{page_up}");
    key(d, KeyCode::PageDown);
    assert_eq!(render(d, 80, 24), end);
    assert_eq!(
        d.grid.row, 0,
        "in the detail pane the pages scroll it, not the rows"
    );
}

#[test]
fn pages_of_the_grid_move_the_selection_by_the_rows_shown() {
    let mut text = example_text();
    for n in 0..60 {
        text.push_str(&format!(
            "\n[[export]]\nid = \"extra-{n:02}\"\nlabel = \"Extra {n}\"\nkind = \"personal\"\n\
             subject = \"other\"\nsensitive = false\npersons = {}\n",
            100 + n
        ));
    }
    let mut fixture = open(&text);
    let d = &mut fixture.dashboard;
    let exports = d.profile.exports.len();
    render(d, 80, 24);
    let page = d.grid.rows_shown.get();
    assert!(page > 1 && page < exports, "{page} rows of {exports}");
    key(d, KeyCode::PageDown);
    assert_eq!(d.grid.row, page);
    key(d, KeyCode::End);
    assert_eq!(d.grid.row, exports, "the overall row is last");
    assert!(render(d, 80, 24).contains("overall"));
    key(d, KeyCode::PageDown);
    assert_eq!(d.grid.row, exports);
    key(d, KeyCode::PageUp);
    assert_eq!(d.grid.row, exports - page);
    key(d, KeyCode::Home);
    assert_eq!(d.grid.row, 0);
    let screen = render(d, 80, 24);
    assert!(screen.contains("trial-subjects"), "{screen}");
}

#[test]
fn a_reload_that_finds_nothing_changed_says_so() {
    let mut fixture = open(&example_text());
    let d = &mut fixture.dashboard;
    keys(d, "r");
    assert!(d
        .status_text()
        .unwrap()
        .0
        .contains("reloading changed packs"));
    d.handle(Event::PacksRescanned { changed: 0 });
    let (text, error) = d.status_text().unwrap();
    assert!(text.starts_with("no pack changed"), "{text}");
    assert!(!error);
    // Changed packs say what they came to as they land; the end of the rescan adds nothing.
    keys(d, "r");
    d.handle(Event::PacksRescanned { changed: 2 });
    assert!(d
        .status_text()
        .unwrap()
        .0
        .contains("reloading changed packs"));
}

#[test]
fn at_80_columns_the_zones_overlay_names_every_zone_whole_or_cut() {
    let mut fixture = open_nine(false);
    let d = &mut fixture.dashboard;
    keys(d, "z");
    let screen = render(d, 80, 24);
    for column in &d.columns {
        let row = screen
            .lines()
            .find(|line| line.contains("shown") && line.contains(&format!(" {} ", column.zone.id)))
            .unwrap_or_else(|| panic!("a row for {}:\n{screen}", column.zone.id));
        let name = &column.zone.name;
        let shown = row.contains(name.as_str()) || {
            // Cut: the words it starts with, then `…`.
            let first_word = name.split(' ').next().unwrap();
            row.contains(first_word) && row.contains('…')
        };
        assert!(shown, "{}: `{name}` in {row}", column.zone.id);
    }
}
