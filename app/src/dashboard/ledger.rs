//! The dashboard's view of the profile's transfer ledger: the snapshot at the profile's
//! `as_of`, read again only when `as_of` changes or the ledger file does (an import landed).

use crate::core::ledger::counts::Snapshot;
use crate::core::ledger::{self, LedgerCounts};
use crate::core::profile::Profile;

#[derive(Debug, Default)]
pub struct LedgerView {
    /// The snapshot last read, with the day it was read for.
    snapshot: Option<(time::Date, Snapshot)>,
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

    /// The counts for `profile` (none when it names no ledger, or the ledger cannot be read:
    /// then [`LedgerView::error`] says why and the profile's own figures are used).
    pub fn refresh(&mut self, profile: &Profile) -> Option<&LedgerCounts> {
        self.current = None;
        self.error = None;
        let Some(settings) = &profile.ledger else {
            self.snapshot = None;
            return None;
        };
        let fresh = match &self.snapshot {
            Some((as_of, snapshot)) if *as_of == profile.as_of => Ok(snapshot.clone()),
            _ => ledger::snapshot(settings, profile.as_of).map_err(|e| e.to_string()),
        };
        match fresh {
            Ok(snapshot) => {
                self.snapshot = Some((profile.as_of, snapshot.clone()));
                self.current = Some(ledger::apply(profile, settings, snapshot));
            }
            Err(error) => self.error = Some(error),
        }
        self.current.as_ref()
    }
}
