//! Dashboard behaviour without a terminal: state updates driven by key events, and snapshots of
//! every screen drawn on a `TestBackend`. Uses the real packs of the workspace build.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ftzroute::core::engine::evaluate_zone;
use ftzroute::core::profile::Profile;
use ftzroute::core::zones::Zones;
use ftzroute::dashboard::keys::KeyMap;
use ftzroute::dashboard::screens;
use ftzroute::dashboard::state::{CasesOutcome, CellId, Dashboard, Event, Overlay, View};
use ftzroute::dashboard::theme::{ColorMode, Theme};
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

fn open(profile_text: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profile.toml");
    std::fs::write(&path, profile_text).unwrap();
    let profile = Profile::parse(&path, profile_text).unwrap();
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
    // The zones of the two packs loaded here; the bundled file's other zones need other packs.
    let mut zones = Zones::default_zones();
    zones
        .zones
        .retain(|zone| zone.id == "jiangsu" || zone.id == "national");
    // The national edition before 2024 is not loaded here; it decides nothing for this profile.
    for zone in &mut zones.zones {
        zone.packs.retain(|pack| pack != "national-sam-2022");
    }
    let dashboard = Dashboard::new(
        path,
        profile_text.to_string(),
        profile,
        zones,
        packs,
        KeyMap::default(),
    );
    Fixture { dashboard, dir }
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
        assert_eq!(d.columns[index].outcome.as_ref().unwrap(), &direct);
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
    })));
    assert_eq!(d.packs.packs[0].generation, 2);
    assert!(d
        .status
        .as_ref()
        .unwrap()
        .text
        .contains("reloaded jiangsu-biopharma-2025 to generation 2: 0 cell(s) changed"));

    d.handle(Event::PackLoaded(Box::new(Loaded {
        file: shown_file,
        hash: [0; 32],
        result: Err("libjiangsu.so: not a loadable library: truncated".into()),
        noticed: std::time::Instant::now(),
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
    assert_eq!(d.visible_exports(), vec![1]);
    assert_eq!(d.selected_export(), Some(1));
    key(d, KeyCode::Esc);
    assert_eq!(d.visible_exports().len(), 5);
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
    assert!(matches!(d.overlay, Overlay::Help { .. }));
    key(d, KeyCode::Esc);
    assert_eq!(d.overlay, Overlay::None);
    let effect = d.handle(Event::Key(KeyEvent::new(
        KeyCode::Char('r'),
        KeyModifiers::NONE,
    )));
    assert_eq!(
        effect,
        Some(ftzroute::dashboard::state::Effect::RescanPacks)
    );
}

#[test]
fn the_cases_view_shows_both_bundled_packs_passing() {
    let mut fixture = open(&example_text());
    let d = &mut fixture.dashboard;
    assert!(d.cases.is_empty(), "cases run only when asked for");
    keys(d, "t");
    assert_eq!(d.view, View::Cases);
    let packs: Vec<&str> = d.cases.iter().map(|run| run.pack.as_str()).collect();
    assert_eq!(packs, ["jiangsu-biopharma-2025", "national-cbdf-2024"]);
    for run in &d.cases {
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
    d.cases_from = Some(checkout.path().join("packs"));
    keys(d, "t");
    let national = d
        .cases
        .iter()
        .find(|run| run.pack == "national-cbdf-2024")
        .unwrap();
    assert_eq!(national.counts(), Some((1, 1)));
    let jiangsu = d
        .cases
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
    })));
    let national = d
        .cases
        .iter()
        .find(|run| run.pack == "national-cbdf-2024")
        .unwrap();
    assert_eq!(national.generation, 2);
    assert_eq!(national.counts(), Some((1, 0)));
    let status = d.status.as_ref().unwrap();
    assert!(
        status.text.ends_with("; cases: 1 passed, 0 failed"),
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
    assert_eq!(
        effect,
        Some(ftzroute::dashboard::state::Effect::RescanPacks)
    );
    let national = d
        .cases
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
        d.cases_from = Some(checkout.path().to_path_buf());
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
