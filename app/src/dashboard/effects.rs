//! What the dashboard's state asks of the world beyond it. The state never writes a file nor
//! runs pack code while it handles an event: it returns effects, and the event loop carries
//! them out (the rescan through the pack worker, the files at once, the cases and the memo on
//! workers of their own, as they run pack code). Each [`Outcome`] comes back as an event.

use super::memo::{MemoJob, MemoWritten};
use super::views::cases::CasesRan;
use super::workers::CasesJob;
use super::zone_columns::ZoneChoices;
use crate::core::profile::Profile;
use std::path::PathBuf;

#[derive(Debug)]
pub enum Effect {
    /// Look at the pack directories now, for packs changed or added.
    RescanPacks,
    SaveProfile(SaveProfile),
    SaveZoneChoices(SaveZoneChoices),
    /// Run the golden cases of the packs serving now.
    RunCases(CasesJob),
    WriteMemo(MemoJob),
    /// Keep unsaved edits beside the profile: the dashboard is ending without asking.
    WriteRecovery(SaveProfile),
}

/// What an effect came to, for the state.
#[derive(Debug)]
pub enum Outcome {
    Saved(Box<Saved>),
    ZoneChoicesSaved(ZoneChoicesSaved),
    CasesRan(CasesRan),
    MemoWritten(MemoWritten),
}

impl Effect {
    /// Carries the effect out on this thread, and returns what it came to. The rescan has no
    /// outcome of its own (reloads come as pack events) and is the pack worker's: it is not
    /// carried out here.
    pub fn run_here(self) -> Option<Outcome> {
        match self {
            Effect::RescanPacks => None,
            Effect::SaveProfile(save) => Some(Outcome::Saved(Box::new(save.run()))),
            Effect::SaveZoneChoices(save) => Some(Outcome::ZoneChoicesSaved(save.run())),
            Effect::RunCases(job) => Some(Outcome::CasesRan(job.run())),
            Effect::WriteMemo(job) => Some(Outcome::MemoWritten(job.run())),
            Effect::WriteRecovery(save) => {
                save.write_recovery();
                None
            }
        }
    }
}

/// The profile as edited, to be written over its file (or its recovery file).
#[derive(Debug, Clone)]
pub struct SaveProfile {
    pub path: PathBuf,
    /// The file's text as last read or written: what the save edits, comments kept.
    pub source: String,
    pub profile: Profile,
    /// Quit once saved (the save of the confirm-quit overlay).
    pub then_quit: bool,
}

/// The outcome of a save: the text written, or why nothing was.
#[derive(Debug, Clone)]
pub struct Saved {
    pub path: PathBuf,
    pub profile: Profile,
    pub then_quit: bool,
    pub outcome: Result<String, String>,
}

impl SaveProfile {
    pub fn run(self) -> Saved {
        let outcome = crate::core::save::save_profile(&self.path, &self.source, &self.profile)
            .map_err(|error| error.to_string());
        Saved {
            path: self.path,
            profile: self.profile,
            then_quit: self.then_quit,
            outcome,
        }
    }

    /// Writes the edits to [`recovery_path`] rather than lose them.
    pub fn write_recovery(self) {
        let recovery = recovery_path(&self.path);
        let written = crate::core::save::render_profile(&self.source, &self.profile)
            .map_err(|e| e.to_string())
            .and_then(|text| {
                crate::common::atomic::write_atomically(&recovery, &text).map_err(|e| e.to_string())
            });
        match written {
            Ok(()) => {
                tracing::warn!(file = %recovery.display(), "terminated with unsaved edits; they were written to the recovery file")
            }
            Err(error) => {
                tracing::error!(%error, "terminated with unsaved edits that could not be written")
            }
        }
    }
}

/// Where unsaved edits go when the dashboard is terminated: `profile.toml` → `profile.unsaved.toml`.
pub fn recovery_path(profile: &std::path::Path) -> PathBuf {
    let stem = profile
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("profile");
    profile.with_file_name(format!("{stem}.unsaved.toml"))
}

/// The zones hidden and pinned, to be kept for the next launch.
#[derive(Debug, Clone)]
pub struct SaveZoneChoices {
    pub file: PathBuf,
    pub choices: ZoneChoices,
    /// What the status line says of the change that is saved.
    pub said: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneChoicesSaved {
    pub said: String,
    pub error: Option<String>,
}

impl SaveZoneChoices {
    pub fn run(self) -> ZoneChoicesSaved {
        ZoneChoicesSaved {
            error: self.choices.save(&self.file).err(),
            said: self.said,
        }
    }
}
