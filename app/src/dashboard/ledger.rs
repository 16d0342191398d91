//! The dashboard's view of the profile's transfer ledger: the snapshots at the profile's
//! `as_of`, one per counting window the packs need, read again only when `as_of` or the windows
//! change or the ledger file does (an import landed).

use crate::core::ledger::counts::Snapshot;
use crate::core::ledger::{self, LedgerCounts};
use crate::core::profile::Profile;
use ftzroute_plugin_api::CountingWindow;

#[derive(Debug, Default)]
pub struct LedgerView {
    /// The snapshots last read, with the day and the windows they were read for.
    snapshot: Option<(time::Date, Vec<CountingWindow>, Vec<Snapshot>)>,
    /// The counts applied to the profile at the last evaluation.
    pub current: Option<LedgerCounts>,
    /// Why the ledger could not be read, at the last evaluation.
    pub error: Option<String>,
}

impl LedgerView {
    /// Forget the snapshot: the ledger file changed.
    pub fn invalidate(&mut self) {
        self.snapshot = None;
    }

    /// The counts for `profile` in the current calendar year and `windows` (none when it names
    /// no ledger, or the ledger cannot be read: then [`LedgerView::error`] says why and the
    /// profile's own figures are used).
    pub fn refresh(
        &mut self,
        profile: &Profile,
        windows: &[CountingWindow],
    ) -> Option<&LedgerCounts> {
        self.current = None;
        self.error = None;
        let Some(settings) = &profile.ledger else {
            self.snapshot = None;
            return None;
        };
        let mut all = vec![CountingWindow::CalendarYear];
        for window in windows {
            if !all.contains(window) {
                all.push(*window);
            }
        }
        let fresh = match &self.snapshot {
            Some((as_of, read_for, snapshots)) if *as_of == profile.as_of && *read_for == all => {
                Ok(snapshots.clone())
            }
            _ => ledger::snapshots(settings, profile.as_of, &all).map_err(|e| e.to_string()),
        };
        match fresh {
            Ok(snapshots) => {
                self.snapshot = Some((profile.as_of, all, snapshots.clone()));
                self.current = Some(ledger::apply(profile, settings, snapshots));
            }
            Err(error) => self.error = Some(error),
        }
        self.current.as_ref()
    }
}
