//! What one pack call costs through the dynamic boundary, against the same pack linked
//! statically, and what a whole evaluation (headroom included) costs.
//!
//! The dynamic benches load the built pack libraries: run `cargo build --release --workspace`
//! first, or point `FTZROUTE_BENCH_PACKS` at a directory holding them.
//!
//! ```text
//! cargo build --release --workspace && cargo bench -p ftzroute --bench eval
//! ```

use criterion::{criterion_group, criterion_main, Criterion};
use ftzroute::core::engine::evaluate_zone;
use ftzroute::core::pack::{PackFault, PackSource, RulePack};
use ftzroute::core::profile::Profile;
use ftzroute::core::zones::Zones;
use ftzroute::host::{load_pack, validate_response, PackSet};
use ftzroute_plugin_api::abi::status;
use ftzroute_plugin_api::{sdk, Description, EvaluateRequest, EvaluateResponse, Pack};
use jiangsu_biopharma_2025::JiangsuBiopharma2025;
use std::cell::Cell;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A biological-drug manufacturer's year of exports: seven personal exports over five scenarios
/// (two pairs that add up, sensitive and not, one wholly exempt), and one each of important,
/// genetic and general data.
const PROFILE: &str = r#"
title = "Benchmark: ten exports"
as_of = 2025-10-01

[handler]
name = "Example Biologics Co., Ltd."
sector = "biological-drug-manufacturing"

[[export]]
id = "trial-subjects"
kind = "personal"
subject = "trial-subject"
sensitive = true
persons = 42000

[[export]]
id = "trial-imaging"
kind = "personal"
subject = "trial-subject"
sensitive = true
persons = 6000

[[export]]
id = "pv-cases"
kind = "personal"
subject = "patient"
sensitive = true
persons = 18500

[[export]]
id = "hcp-crm"
kind = "personal"
subject = "professional"
persons = 36000

[[export]]
id = "hcp-speakers"
kind = "personal"
subject = "professional"
persons = 1500

[[export]]
id = "staff-hr"
kind = "personal"
subject = "other"
sensitive = true
persons = 1200
exempt_persons = 1200

[[export]]
id = "distributor-contacts"
kind = "personal"
subject = "business-contact"
persons = 8000

[[export]]
id = "process-data"
kind = "important"

[[export]]
id = "biobank-sequences"
kind = "genetic"
persons = 800
hgr_cleared = true

[[export]]
id = "batch-records"
kind = "general"
"#;

fn profile() -> Profile {
    Profile::parse(Path::new("bench-profile.toml"), PROFILE).expect("the bench profile is valid")
}

/// The directory holding the built pack libraries.
fn packs_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("FTZROUTE_BENCH_PACKS") {
        return PathBuf::from(dir);
    }
    // The bench runs as target/<profile>/deps/eval-<hash>; the packs sit in target/<profile>.
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent()?.parent().map(Path::to_path_buf))
        .expect("the bench executable has a parent's parent directory")
}

/// The built library of a pack crate, or a panic saying how to build it.
fn pack_file(dir: &Path, crate_name: &str) -> PathBuf {
    let file = dir.join(format!(
        "{}{}{}",
        std::env::consts::DLL_PREFIX,
        crate_name.replace('-', "_"),
        std::env::consts::DLL_SUFFIX
    ));
    assert!(
        file.is_file(),
        "{} not found: run `cargo build --release --workspace` first, or set FTZROUTE_BENCH_PACKS \
         to the directory holding the built packs",
        file.display()
    );
    file
}

fn pack_call(c: &mut Criterion) {
    let dir = packs_dir();
    let dynamic =
        load_pack(&pack_file(&dir, "jiangsu-biopharma-2025")).expect("the Jiangsu pack loads");
    let description: Description = JiangsuBiopharma2025::describe();
    assert_eq!(
        dynamic.description, description,
        "the loaded pack library is not the edition linked into this bench: rebuild the packs"
    );
    let request = profile().request();

    // The two paths must agree before their speed is worth comparing.
    let typed = JiangsuBiopharma2025::evaluate(&request).expect("the static pack decides");
    assert_eq!(
        RulePack::evaluate(&dynamic, &request).expect("the dynamic pack decides"),
        typed
    );
    assert_eq!(static_json(&description, &request), typed);

    let mut group = c.benchmark_group("pack_call");
    group.bench_function("dynamic", |b| {
        b.iter(|| {
            RulePack::evaluate(&dynamic, black_box(&request)).expect("the dynamic pack decides")
        })
    });
    group.bench_function("static_json", |b| {
        b.iter(|| static_json(&description, black_box(&request)))
    });
    group.bench_function("static_typed", |b| {
        b.iter(|| {
            JiangsuBiopharma2025::evaluate(black_box(&request)).expect("the static pack decides")
        })
    });
    // The same pack in a runner process (the built `ftzroute` beside the packs serves it).
    let runner = dir.join(format!("ftzroute{}", std::env::consts::EXE_SUFFIX));
    if runner.is_file() {
        let opening = ftzroute::host::Opening {
            isolation: ftzroute::host::Isolation::Process {
                runner,
                deadline: Duration::from_secs(5),
            },
            dev: false,
        };
        let isolated =
            ftzroute::host::open_pack(&pack_file(&dir, "jiangsu-biopharma-2025"), &opening)
                .expect("the Jiangsu pack starts in a runner");
        assert_eq!(
            RulePack::evaluate(&isolated, &request).expect("the runner decides"),
            typed
        );
        group.bench_function("runner", |b| {
            b.iter(|| {
                RulePack::evaluate(&isolated, black_box(&request)).expect("the runner decides")
            })
        });
    }
    group.finish();
}

/// The host's work around one call (serialize, parse, validate) with the pack linked in: the
/// dynamic path less the C-ABI call and the shadow-loaded library.
fn static_json(description: &Description, request: &EvaluateRequest) -> EvaluateResponse {
    let json = serde_json::to_vec(request).expect("a request always serializes");
    let (code, bytes) = sdk::evaluate_json::<JiangsuBiopharma2025>(&json);
    assert_eq!(code, status::OK, "{}", String::from_utf8_lossy(&bytes));
    let response: EvaluateResponse =
        serde_json::from_slice(&bytes).expect("the pack writes a response");
    validate_response(description, request, &response).expect("the response is valid");
    response
}

/// A pack source that counts the calls each pack receives, to relate an evaluation's time to
/// the single-call figures.
struct Counting<'a> {
    packs: Vec<CountingPack<'a>>,
}

struct CountingPack<'a> {
    inner: &'a dyn RulePack,
    calls: Cell<usize>,
}

impl RulePack for CountingPack<'_> {
    fn description(&self) -> &Description {
        self.inner.description()
    }

    fn evaluate(&self, request: &EvaluateRequest) -> Result<EvaluateResponse, PackFault> {
        self.calls.set(self.calls.get() + 1);
        self.inner.evaluate(request)
    }
}

impl PackSource for Counting<'_> {
    fn pack(&self, id: &str) -> Result<&dyn RulePack, PackFault> {
        self.packs
            .iter()
            .find(|pack| pack.inner.description().id == id)
            .map(|pack| pack as &dyn RulePack)
            .ok_or_else(|| PackFault::not_loaded(id))
    }
}

impl Counting<'_> {
    fn take(&self) -> usize {
        self.packs.iter().map(|pack| pack.calls.take()).sum()
    }
}

fn eval(c: &mut Criterion) {
    let dir = packs_dir();
    for crate_name in ["jiangsu-biopharma-2025", "national-cbdf-2024"] {
        pack_file(&dir, crate_name);
    }
    let packs = PackSet::load_dirs(&[dir]).expect("the pack directory is readable");
    let zones = Zones::default_zones();
    for zone in &zones.zones {
        for id in &zone.packs {
            assert!(
                packs.get(id).is_some(),
                "pack `{id}` did not load: {:?}",
                packs.errors().collect::<Vec<_>>()
            );
        }
    }
    let profile = profile();

    // Pack calls per evaluation, once, so the time below can be read as calls x cost per call.
    let counting = Counting {
        packs: packs
            .loaded()
            .map(|pack| CountingPack {
                inner: pack,
                calls: Cell::new(0),
            })
            .collect(),
    };
    let mut per_zone = Vec::new();
    for zone in &zones.zones {
        let result = evaluate_zone(zone, &counting, &profile).expect("the zone evaluates");
        let with_next = result.exports.iter().filter(|e| e.next.is_some()).count();
        per_zone.push(format!(
            "{} {} ({with_next} exports with a next route)",
            zone.id,
            counting.take()
        ));
    }
    eprintln!(
        "eval/10_exports_2_zones_headroom: pack calls per evaluation: {}",
        per_zone.join(", ")
    );

    let mut group = c.benchmark_group("eval");
    group.bench_function("10_exports_2_zones_headroom", |b| {
        b.iter(|| {
            for zone in &zones.zones {
                black_box(
                    evaluate_zone(zone, &packs, black_box(&profile)).expect("the zone evaluates"),
                );
            }
        })
    });
    // The same with every pack in a warm runner process (the default isolation): what each
    // re-evaluation costs once the runners are up, as in the dashboard.
    let runner = packs_dir().join(format!("ftzroute{}", std::env::consts::EXE_SUFFIX));
    if runner.is_file() {
        let opening = ftzroute::host::Opening {
            isolation: ftzroute::host::Isolation::Process {
                runner,
                deadline: Duration::from_secs(5),
            },
            dev: false,
        };
        let isolated = PackSet::open_dirs(&[packs_dir()], &opening).expect("the packs start");
        for zone in &zones.zones {
            assert_eq!(
                evaluate_zone(zone, &isolated, &profile).expect("the zone evaluates"),
                evaluate_zone(zone, &packs, &profile).expect("the zone evaluates"),
                "runner and in-process agree"
            );
        }
        group.bench_function("10_exports_2_zones_headroom_runner", |b| {
            b.iter(|| {
                for zone in &zones.zones {
                    black_box(
                        evaluate_zone(zone, &isolated, black_box(&profile))
                            .expect("the zone evaluates"),
                    );
                }
            })
        });
    }
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(50)
}

criterion_group! {
    name = benches;
    config = config();
    targets = pack_call, eval
}
criterion_main!(benches);
