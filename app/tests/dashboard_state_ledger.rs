//! The dashboard with a profile that keeps a transfer ledger: the detail pane shows the
//! year-to-date count and the projected crossing date, and an import that lands while the
//! dashboard is open updates them. Uses the real packs of the workspace build.

use ftzroute::core::ledger;
use ftzroute::core::profile::Profile;
use ftzroute::core::zones::Zones;
use ftzroute::dashboard::keys::KeyMap;
use ftzroute::dashboard::screens;
use ftzroute::dashboard::state::{Dashboard, Event};
use ftzroute::dashboard::theme::{ColorMode, Theme};
use ftzroute::host::{LivePacks, PackSet};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn pack_file(crate_name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(Path::parent).unwrap();
    dir.join(format!(
        "{}{crate_name}{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    ))
}

const PROFILE: &str = r#"
as_of = 2025-10-01
[handler]
name = "Example Biologics (Suzhou) Co., Ltd."
sector = "biological-drug-manufacturing"

[[export]]
id = "trial"
kind = "personal"
subject = "trial-subject"
sensitive = true

[ledger]
path = "transfers.ledger"
"#;

/// `per_day` new trial subjects a day from `first_day` of September for `days` days.
fn transfers(prefix: &str, first_day: u32, days: u32, per_day: u32) -> String {
    let mut csv = "date,person,export,sensitive\n".to_string();
    for day in first_day..first_day + days {
        for n in 0..per_day {
            writeln!(csv, "2025-09-{day:02},{prefix}{day}-{n},trial,true").unwrap();
        }
    }
    csv
}

fn render(dashboard: &Dashboard) -> String {
    let mut terminal = Terminal::new(TestBackend::new(160, 40)).unwrap();
    let theme = Theme::new(ColorMode::Never);
    terminal
        .draw(|frame| screens::draw(frame, dashboard, &theme))
        .unwrap();
    terminal.backend().to_string()
}

#[test]
fn the_detail_shows_the_ledger_count_and_crossing_and_an_import_updates_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profile.toml");
    std::fs::write(&path, PROFILE).unwrap();
    let profile = Profile::parse(&path, PROFILE).unwrap();
    let settings = profile.ledger.clone().unwrap();
    // 30 days of September at 100 a day: 3,000 counted, 7,000 to go to item 14 at 10,000.
    let first = dir.path().join("september.csv");
    std::fs::write(&first, transfers("A", 1, 30, 100)).unwrap();
    ledger::import(&profile, &settings, &[first]).unwrap();

    let set = PackSet::load_files(&[
        pack_file("jiangsu_biopharma_2025"),
        pack_file("national_cbdf_2024"),
    ]);
    let mut dashboard = Dashboard::new(
        path,
        PROFILE.to_string(),
        profile.clone(),
        Zones::default_zones(),
        LivePacks::from_set(set),
        KeyMap::default(),
    );
    let jiangsu = dashboard.columns[0].export(0).unwrap();
    assert_eq!(jiangsu.counted_persons, Some(3_000));
    let screen = render(&dashboard);
    assert!(
        screen.contains("3,000 persons counted in scenario:trial-subject"),
        "{screen}"
    );
    // The rate is over the 30 days to 1 October: 29 days of September at 100 a day, 96.7 a
    // day; 7,000 more take 73 days: 13 December.
    assert!(screen.contains("96.7 new persons a day"), "{screen}");
    assert!(
        screen.contains("projected 2025-12-13 at this rate"),
        "{screen}"
    );

    // An import lands while the dashboard is open: 30 more days at 200 a day in September
    // (different persons), so 9,000 counted and 290 a day.
    let second = dir.path().join("more.csv");
    std::fs::write(&second, transfers("B", 1, 30, 200)).unwrap();
    ledger::import(&profile, &settings, &[second]).unwrap();
    dashboard.handle(Event::LedgerChanged);
    let jiangsu = dashboard.columns[0].export(0).unwrap();
    assert_eq!(jiangsu.counted_persons, Some(9_000));
    assert!(
        dashboard
            .status
            .as_ref()
            .is_some_and(|s| s.text.contains("ledger updated: 9,000 transfers")),
        "{:?}",
        dashboard.status
    );
    let screen = render(&dashboard);
    assert!(screen.contains("9,000 persons counted"), "{screen}");
    // 1,000 to go at 290 a day: 4 days, 5 October.
    assert!(
        screen.contains("projected 2025-10-05 at this rate"),
        "{screen}"
    );
}
