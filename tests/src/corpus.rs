//! The corpus of misbehaving packs: every kind of fault a pack written in C can show, each
//! placed beside copies of the two real packs, with a zones file holding the real zones and a
//! zone that uses the faulty pack.
//!
//! Every variant is `tests/c/tiny_pack.c` compiled with its `-D` flag (see the file's header).

use crate::{build_c_pack, library_file_name, packs_dir, run, stderr, write_zones};
use std::path::{Path, PathBuf};

/// The real packs, as crate names (their library file names follow from them).
pub const REAL_PACKS: [&str; 2] = ["jiangsu_biopharma_2025", "national_cbdf_2024"];

/// The zone whose only pack is the faulty one (all kinds but the imposter).
pub const FAULTY_ZONE: &str = "faulty";

/// One way a pack can misbehave.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    /// A short name, unique in the corpus.
    pub name: &'static str,
    /// The `-D` flags of the variant (none: the well-behaved pack).
    pub defines: &'static [&'static str],
    /// The crate-like name of the library file: `tiny_c` gives `libtiny_c.so`.
    pub library: &'static str,
    /// The fault kind the failed zone must show.
    pub fault: &'static str,
    /// The file is refused or fails while loading (before any zone is judged), so `packs`
    /// lists it as an error.
    pub at_load: bool,
    /// The pack directory gets a `packs.lock` approving the real packs only.
    pub locked: bool,
}

impl Kind {
    /// The zone that fails: the faulty zone, or Jiangsu whose pack id the imposter claims.
    pub fn failed_zone(&self) -> &'static str {
        if self.claims_jiangsu() {
            "jiangsu"
        } else {
            FAULTY_ZONE
        }
    }

    /// The pack id of the failed zone.
    pub fn failed_pack(&self) -> &'static str {
        if self.claims_jiangsu() {
            "jiangsu-biopharma-2025"
        } else {
            "tiny-c"
        }
    }

    /// The zones that must be judged as if nothing were wrong.
    pub fn healthy_zones(&self) -> &'static [&'static str] {
        if self.claims_jiangsu() {
            &["national"]
        } else {
            &["jiangsu", "national"]
        }
    }

    fn claims_jiangsu(&self) -> bool {
        self.defines.contains(&"IMPOSTER")
    }
}

const fn kind(
    name: &'static str,
    defines: &'static [&'static str],
    fault: &'static str,
    at_load: bool,
) -> Kind {
    Kind {
        name,
        defines,
        library: "tiny_c",
        fault,
        at_load,
        locked: false,
    }
}

/// Every kind: the fourteen of the field report, then the contract breaches the earlier tests
/// covered.
pub const KINDS: &[Kind] = &[
    kind("segfault", &["SEGFAULT"], "crashed", false),
    kind("abort", &["ABORT"], "crashed", false),
    kind("exit-zero", &["EXIT_ZERO"], "crashed", false),
    kind("hang-evaluate", &["HANG"], "hung", false),
    kind("hang-describe", &["HANG_DESCRIBE"], "hung", true),
    kind("wrong-abi", &["WRONG_ABI"], "not-loaded", true),
    kind("missing-symbol", &["NO_API"], "not-loaded", true),
    kind("short-table", &["SHORT_TABLE"], "not-loaded", true),
    kind("garbage", &["GARBAGE"], "invalid-output", false),
    kind("flood-20mb", &["FLOOD"], "invalid-output", false),
    kind("unknown-route", &["BAD_ROUTE"], "invalid-output", false),
    Kind {
        library: "bad_imposter",
        ..kind("imposter", &["IMPOSTER"], "refused", true)
    },
    kind("slow-describe", &["SLOW_DESCRIBE"], "hung", true),
    Kind {
        locked: true,
        ..kind("untrusted", &[], "refused", true)
    },
    kind("stack-overflow", &["STACK"], "crashed", false),
    kind("bad-utf8", &["BAD_UTF8"], "invalid-output", false),
    kind("undeclared-rule", &["BAD_RULE"], "invalid-output", false),
    kind("not-deterministic", &["FICKLE"], "invalid-output", false),
];

/// The zones of every placement: the bundled zones, plus the faulty zone.
pub fn zones_toml(kind: &Kind) -> String {
    let mut toml = String::from(
        "[[zone]]\nid = \"jiangsu\"\nname = \"China (Jiangsu) Pilot Free Trade Zone\"\n\
         packs = [\"jiangsu-biopharma-2025\", \"national-cbdf-2024\"]\n\n\
         [[zone]]\nid = \"national\"\nname = \"Outside any FTZ list (national CBDF Provisions)\"\n\
         packs = [\"national-cbdf-2024\"]\n",
    );
    if !kind.claims_jiangsu() {
        toml.push_str(&format!(
            "\n[[zone]]\nid = \"{FAULTY_ZONE}\"\nname = \"Faulty\"\npacks = [\"tiny-c\"]\n"
        ));
    }
    toml
}

/// One kind placed in its own directory (whose path marks every process it starts).
pub struct Placed {
    pub kind: Kind,
    pub dir: tempfile::TempDir,
    /// The pack directory: the two real packs and the faulty library.
    pub packs: PathBuf,
    /// The faulty library in `packs`.
    pub library: PathBuf,
    pub zones: PathBuf,
    /// A copy of the bundled example profile.
    pub profile: PathBuf,
}

/// Compiles `kind`'s variant into `build` (one subdirectory per kind, so variants that share a
/// file name do not overwrite one another); returns the library.
pub fn build(kind: &Kind, build: &Path) -> PathBuf {
    let dir = build.join(kind.name);
    std::fs::create_dir_all(&dir).expect("create the build directory");
    build_c_pack(&dir, kind.library, kind.defines)
}

/// Places a built variant beside copies of the real packs, with its zones file; for a locked
/// kind, approves the real packs (and only them) with `pack trust`.
pub fn place(kind: &Kind, built: &Path) -> Placed {
    let dir = tempfile::Builder::new()
        .prefix(&format!("ftzroute-corpus-{}-", kind.name))
        .tempdir()
        .expect("temp dir");
    let packs = dir.path().join("packs");
    std::fs::create_dir(&packs).expect("create the pack directory");
    for name in REAL_PACKS {
        let file = library_file_name(name);
        std::fs::copy(packs_dir().join(&file), packs.join(&file)).expect("copy a real pack");
        if kind.locked {
            let output = run(&[
                "pack",
                "trust",
                packs.join(&file).to_str().expect("utf-8 path"),
                "--by",
                "corpus",
            ]);
            assert!(output.status.success(), "trust: {}", stderr(&output));
        }
    }
    let library = packs.join(built.file_name().expect("file name"));
    std::fs::copy(built, &library).expect("copy the faulty pack");
    let zones = write_zones(dir.path(), &zones_toml(kind));
    let profile = dir.path().join("profile.toml");
    std::fs::copy(
        crate::workspace_root().join("examples/suzhou-biologics.toml"),
        &profile,
    )
    .expect("copy the example profile");
    Placed {
        kind: *kind,
        dir,
        packs,
        library,
        zones,
        profile,
    }
}

/// Processes still running whose command line mentions `marker` (a placement's directory):
/// runners left behind. Each as `pid: command line`.
pub fn processes_mentioning(marker: &Path) -> Vec<String> {
    let marker = marker.to_string_lossy().into_owned();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_name().to_string_lossy().parse::<u32>().is_ok())
        .filter_map(|entry| {
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            let text = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            // A zombie has an empty command line and runs nothing.
            text.contains(&marker)
                .then(|| format!("{}: {text}", entry.file_name().to_string_lossy()))
        })
        .collect()
}

/// How often `needle` occurs in `text` outside backticks: a command quoted as a fix may name a
/// file again, the message itself must not.
pub fn occurrences_outside_backticks(text: &str, needle: &str) -> usize {
    text.split('`')
        .step_by(2)
        .map(|part| part.matches(needle).count())
        .sum()
}
