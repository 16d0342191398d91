//! The memo key: writes the decision memo of the profile as saved (the file on disk, not unsaved
//! what-if edits) beside it, as `PROFILE.memo.md`, atomically. It evaluates every zone, so it
//! runs on a worker ([`MemoJob`]), never on the UI thread.

use crate::common::atomic::write_atomically;
use crate::core::engine::evaluate_zone;
use crate::core::profile::Profile;
use crate::core::zones::Zones;
use crate::host::{hex, LivePacks};
use crate::render::memo::{self, MemoInput, PackIdentity};
use std::path::{Path, PathBuf};
use std::sync::Arc;
/// `dir/name.toml` → `dir/name.memo.md`.
pub fn memo_path(profile: &Path) -> PathBuf {
    let stem = profile
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "profile".into());
    profile.with_file_name(format!("{stem}.memo.md"))
}

/// The memo of the saved profile, with the packs serving when it was asked for.
#[derive(Debug, Clone)]
pub struct MemoJob {
    pub profile_path: PathBuf,
    /// The saved profile's text, and the profile it reads as.
    pub profile_source: String,
    pub saved: Profile,
    /// There are unsaved edits (which the memo leaves out, and says so).
    pub dirty: bool,
    pub zones: Arc<Zones>,
    pub packs: Arc<LivePacks>,
}

/// What the status line says of a memo: where it was written, or why not (`Err`).
pub type MemoWritten = Result<String, String>;

impl MemoJob {
    /// Writes the memo here and now (on whatever thread calls it).
    pub fn run(self) -> MemoWritten {
        // The saved profile's own notes and warnings, as `ftzroute memo` writes them; a profile
        // error writes no memo, as there.
        let descriptions: Vec<_> = self
            .packs
            .loaded()
            .filter_map(|live| live.current.as_ref())
            .map(|pack| &pack.description)
            .collect();
        let mut saved = self.saved.clone();
        if let Err(error) = crate::core::vocabulary::check(&mut saved, &descriptions) {
            return Err(format!("memo not written: {error}"));
        }
        let mut results = Vec::with_capacity(self.zones.zones.len());
        for zone in &self.zones.zones {
            match evaluate_zone(zone, &*self.packs, &self.saved) {
                Ok(result) => results.push(result),
                Err(error) => return Err(format!("memo not written: {error}")),
            }
        }
        let packs: Vec<PackIdentity> = self.zones.zones.iter().flat_map(|zone| &zone.packs).fold(
            Vec::new(),
            |mut found: Vec<PackIdentity>, id| {
                let live = self.packs.packs.iter().find(|live| {
                    live.current
                        .as_ref()
                        .is_some_and(|pack| &pack.description.id == id)
                });
                if let (Some(live), false) = (live, found.iter().any(|p| &p.description.id == id)) {
                    let pack = live.current.as_ref().expect("found by its description");
                    found.push(PackIdentity {
                        description: pack.description.clone(),
                        file: live
                            .file
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default(),
                        sha256: live
                            .hash
                            .as_ref()
                            .map(hex)
                            .unwrap_or_else(|| "unknown".into()),
                    });
                }
                found
            },
        );
        let input = MemoInput {
            profile: &saved,
            profile_file: self.profile_path.display().to_string(),
            profile_text: &self.profile_source,
            profile_sha256: hex(&crate::host::hash_bytes(self.profile_source.as_bytes())),
            zones: &results,
            packs,
            version: env!("CARGO_PKG_VERSION"),
            generated: time::OffsetDateTime::now_utc(),
        };
        let path = memo_path(&self.profile_path);
        match write_atomically(&path, &memo::markdown(&input)) {
            Ok(()) if self.dirty => Ok(format!(
                "memo of the saved profile written to {}; unsaved edits are not in it (save with the save key first)",
                path.display()
            )),
            Ok(()) => Ok(format!("memo written to {}", path.display())),
            Err(error) => Err(format!("memo not written: {error}")),
        }
    }
}
