//! What drawing one dashboard frame costs: the main view at 120x40 on an in-memory backend, nine
//! zones at 120x40 (compact cells) and 80x24 (scrolling columns), and a what-if keystroke
//! (re-evaluate every zone, then draw).
//!
//! ```text
//! cargo build --release --workspace && cargo bench -p ftzroute --bench screens
//! ```

use criterion::{criterion_group, criterion_main, Criterion};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ftzroute::core::profile::Profile;
use ftzroute::core::zones::Zones;
use ftzroute::dashboard::keys::KeyMap;
use ftzroute::dashboard::screens;
use ftzroute::dashboard::state::{Dashboard, Event};
use ftzroute::dashboard::theme::{ColorMode, Theme};
use ftzroute::host::LivePacks;
use ftzroute::host::PackSet;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The built pack libraries: `FTZROUTE_BENCH_PACKS`, else the profile directory of this bench.
fn packs_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("FTZROUTE_BENCH_PACKS") {
        return PathBuf::from(dir);
    }
    let exe = std::env::current_exe().expect("bench executable");
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps")
        .to_path_buf();
    let lib = dir.join(format!(
        "{}jiangsu_biopharma_2025{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    ));
    assert!(
        lib.is_file(),
        "{} not found: run `cargo build --release --workspace` first",
        lib.display()
    );
    dir
}

fn dashboard() -> Dashboard {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/suzhou-biologics.toml");
    let source = std::fs::read_to_string(&path).unwrap();
    let profile = Profile::parse(&path, &source).unwrap();
    let packs = LivePacks::from_set(PackSet::load_dirs(&[packs_dir()]).unwrap());
    Dashboard::new(
        path,
        source,
        profile,
        Zones::default_zones(),
        packs,
        KeyMap::default(),
    )
}

/// Nine zones over the bundled national and Jiangsu packs: as many columns as the bundled zones
/// file is to hold, whatever list packs are built.
fn nine_zone_dashboard() -> Dashboard {
    let base = dashboard();
    let ids = [
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
    let zones = Zones {
        zones: ids
            .iter()
            .enumerate()
            .map(|(at, id)| {
                let mut packs = vec!["national-cbdf-2024".to_string()];
                if at % 2 == 0 {
                    packs.insert(0, "jiangsu-biopharma-2025".to_string());
                }
                ftzroute::core::zones::Zone::of(id, id, packs)
            })
            .collect(),
    };
    Dashboard::new(
        base.profile_path.clone(),
        base.profile_source.clone(),
        base.profile.clone(),
        zones,
        base.packs.clone(),
        KeyMap::default(),
    )
}

fn benches(c: &mut Criterion) {
    let theme = Theme::new(ColorMode::Indexed256);
    let nine = nine_zone_dashboard();
    for (width, height) in [(120, 40), (80, 24)] {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        c.bench_function(&format!("frame/nine_zones_{width}x{height}"), |b| {
            b.iter(|| {
                terminal.clear().unwrap();
                terminal
                    .draw(|frame| screens::draw(frame, black_box(&nine), &theme))
                    .unwrap();
            })
        });
    }

    let mut dashboard = dashboard();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    c.bench_function("frame/main_120x40", |b| {
        b.iter(|| {
            // A fresh buffer each time, so the whole frame is drawn rather than a no-change diff.
            terminal.clear().unwrap();
            terminal
                .draw(|frame| screens::draw(frame, black_box(&dashboard), &theme))
                .unwrap();
        })
    });
    let mut up = true;
    c.bench_function("keystroke/step_persons_and_draw_120x40", |b| {
        b.iter(|| {
            let key = if up { '+' } else { '-' };
            up = !up;
            dashboard.handle(Event::Key(KeyEvent::new(
                KeyCode::Char(key),
                KeyModifiers::NONE,
            )));
            terminal
                .draw(|frame| screens::draw(frame, &dashboard, &theme))
                .unwrap();
        })
    });
}

criterion_group! {
    name = screens_benches;
    config = Criterion::default()
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(50);
    targets = benches
}
criterion_main!(screens_benches);
