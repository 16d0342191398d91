//! Each zone's column of results, with which request it shows. What its cells show, to tell
//! which an edit or a reload changed (the `*` marks), is `marks`.

use crate::core::engine::{ExportEvaluation, ZoneEvaluation};
use crate::core::zones::Zone;
use std::sync::Arc;

/// One zone's column: its latest evaluation (or why it has none), and which request that was.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneColumn {
    pub zone: Zone,
    /// The result shown; `None` until the zone's first result lands.
    pub outcome: Option<Arc<Result<ZoneEvaluation, String>>>,
    /// Number of the request whose result is shown (0: none yet).
    pub shown: u64,
    /// Number of the latest request for this zone.
    pub requested: u64,
}

impl ZoneColumn {
    pub fn new(zone: Zone) -> ZoneColumn {
        ZoneColumn {
            zone,
            outcome: None,
            shown: 0,
            requested: 0,
        }
    }

    pub fn export(&self, index: usize) -> Option<&ExportEvaluation> {
        self.evaluation().and_then(|z| z.exports.get(index))
    }

    /// The evaluation shown, if the zone has one (not pending, not failed).
    pub fn evaluation(&self) -> Option<&ZoneEvaluation> {
        self.outcome.as_deref().and_then(|o| o.as_ref().ok())
    }

    /// Why the zone could not be evaluated, if that is what is shown.
    pub fn error(&self) -> Option<&str> {
        self.outcome
            .as_deref()
            .and_then(|o| o.as_ref().err())
            .map(String::as_str)
    }

    /// No result yet: the first is being computed.
    pub fn pending(&self) -> bool {
        self.outcome.is_none()
    }

    /// A result is shown, and a newer one is being computed.
    pub fn stale(&self) -> bool {
        self.outcome.is_some() && self.requested > self.shown
    }

    /// Waiting for the result of the latest request (pending or stale).
    pub fn awaiting(&self) -> bool {
        self.requested > self.shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(outcome: Option<Result<ZoneEvaluation, String>>) -> ZoneColumn {
        ZoneColumn {
            outcome: outcome.map(Arc::new),
            ..ZoneColumn::new(Zone {
                id: "z".into(),
                name: "Z".into(),
                packs: Vec::new(),
                by_reference: Vec::new(),
                reference_basis: None,
            })
        }
    }

    #[test]
    fn a_column_is_pending_then_stale_while_a_newer_request_runs() {
        let mut c = column(None);
        c.requested = 1;
        assert!(c.pending() && c.awaiting() && !c.stale());
        c.outcome = Some(Arc::new(Err("pack hung".into())));
        c.shown = 1;
        assert!(!c.awaiting());
        assert_eq!(c.error(), Some("pack hung"));
        c.requested = 2;
        assert!(c.stale() && !c.pending());
    }
}
