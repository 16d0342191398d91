//! What the core needs of a pack: its description and its answers. How packs are found, trusted,
//! loaded or isolated is the pack host's business; the core sees only this trait and the fault a
//! failed call reports.

use crate::common::dates::parse_date;
use ftzroute_plugin_api::{Description, EvaluateRequest, EvaluateResponse, Route};
use std::fmt;
use std::path::PathBuf;
use time::Date;

/// When an edition is in force: the dates of its description, read once (the loader has already
/// refused a pack whose dates do not parse).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InForce {
    from: Option<Date>,
    until: Option<Date>,
}

impl InForce {
    pub fn of(description: &Description) -> InForce {
        InForce {
            from: parse_date(&description.effective_from),
            until: description.effective_until.as_deref().and_then(parse_date),
        }
    }

    /// In force on `date`, both ends included.
    pub fn on(self, date: Date) -> bool {
        self.from.is_none_or(|from| date >= from) && self.until.is_none_or(|until| date <= until)
    }
}

/// Anything that can decide a profile the way a pack does: a pack the host loaded (in this process
/// or in a runner), and in benches or tests the same pack linked statically.
pub trait RulePack {
    fn description(&self) -> &Description;
    /// When the edition is in force. A loaded pack answers with the dates read at load; this
    /// reads them from the description each time.
    fn in_force(&self) -> InForce {
        InForce::of(self.description())
    }

    /// The library file the pack was loaded from, when there is one: named in faults the
    /// engine finds itself (a pack that contradicts itself).
    fn file(&self) -> Option<&std::path::Path> {
        None
    }

    fn evaluate(&self, request: &EvaluateRequest) -> Result<EvaluateResponse, PackFault>;

    /// Only the route of each export: what headroom probes need. Implementations may answer it
    /// more cheaply than a full evaluation.
    fn routes(&self, request: &EvaluateRequest) -> Result<Vec<Route>, PackFault> {
        Ok(self
            .evaluate(request)?
            .exports
            .into_iter()
            .map(|o| o.route)
            .collect())
    }

    /// What the request's probes decide, in one call (contract 1.5), or `None` when the pack
    /// answers probes only one by one (through [`RulePack::routes`] of each probed request).
    fn probe(&self, _request: &EvaluateRequest) -> Option<Result<Probes, PackFault>> {
        None
    }
}

/// A pack's answer to a request's probes: a route each, and from packs of contract 1.6 the
/// rule that gives it (empty from earlier packs).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Probes {
    pub routes: Vec<Route>,
    #[serde(default)]
    pub rules: Vec<String>,
}

/// Finds packs by id for the engine.
pub trait PackSource {
    /// The pack that answers for `id`, or why none can.
    fn pack(&self, id: &str) -> Result<&dyn RulePack, PackFault>;
}

/// How a pack failed, in the words a script can match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FaultKind {
    /// The pack's process died: a signal, an abort, an exit in the middle of a call.
    Crashed,
    /// No answer within the deadline.
    Hung,
    /// An answer that is not a valid document, or breaks the contract.
    InvalidOutput,
    /// The host would not run it: not approved, unsafe permissions, two files claiming its id.
    Refused,
    /// No usable library: missing, not a pack, wrong ABI, a failed `describe`.
    NotLoaded,
}

impl FaultKind {
    pub fn id(self) -> &'static str {
        match self {
            FaultKind::Crashed => "crashed",
            FaultKind::Hung => "hung",
            FaultKind::InvalidOutput => "invalid-output",
            FaultKind::Refused => "refused",
            FaultKind::NotLoaded => "not-loaded",
        }
    }
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A failed pack: which one, which file(s), what kind of fault, and the message (which does not
/// repeat the file: [`fmt::Display`] puts it in front once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackFault {
    /// The pack id, when known.
    pub pack: Option<String>,
    /// The library file(s) concerned: one, or the two that claim the same id.
    pub files: Vec<PathBuf>,
    pub kind: FaultKind,
    pub message: String,
}

impl PackFault {
    pub fn new(kind: FaultKind, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        PackFault {
            pack: None,
            files: vec![file.into()],
            kind,
            message: message.into(),
        }
    }

    /// No pack answers for `id`, and nothing more is known.
    pub fn not_loaded(id: &str) -> Self {
        PackFault {
            pack: Some(id.to_owned()),
            files: Vec::new(),
            kind: FaultKind::NotLoaded,
            message: "no library provides it; run `ftzroute packs` to see what was found and why"
                .into(),
        }
    }

    /// The same fault, naming the pack id it concerns.
    pub fn for_pack(mut self, id: &str) -> Self {
        self.pack = Some(id.to_owned());
        self
    }

    /// The first file named, if any.
    pub fn file(&self) -> Option<&std::path::Path> {
        self.files.first().map(PathBuf::as_path)
    }
}

impl PackFault {
    /// The files named, for messages: `a.so` or `a.so and b.so`.
    pub fn files_text(&self) -> String {
        self.files
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" and ")
    }
}

/// "pack `id` failed (kind): message [file]": each thing once, the pack first.
impl fmt::Display for PackFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(id) = &self.pack {
            write!(f, "pack `{id}` failed ({}): ", self.kind)?;
        }
        f.write_str(&self.message)?;
        if !self.files.is_empty() {
            write!(f, " [{}]", self.files_text())?;
        }
        Ok(())
    }
}

impl std::error::Error for PackFault {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::dates::parse_date;

    #[test]
    fn an_edition_is_in_force_from_its_first_day_to_its_last() {
        let description = Description {
            effective_from: "2024-03-22".into(),
            effective_until: Some("2026-03-21".into()),
            ..Default::default()
        };
        let in_force = InForce::of(&description);
        let on = |day: &str| in_force.on(parse_date(day).unwrap());
        assert!(!on("2024-03-21"));
        assert!(on("2024-03-22"));
        assert!(on("2026-03-21"));
        assert!(!on("2026-03-22"));
        let open_ended = InForce::of(&Description {
            effective_until: None,
            ..description
        });
        assert!(open_ended.on(parse_date("2099-01-01").unwrap()));
    }
}
