//! Dashboard state and how events change it. Nothing here touches the terminal, so every
//! behaviour is testable without one; the screens draw from `&Dashboard`.
//!
//! Zones are evaluated by requests, each numbered: a dashboard made with [`Dashboard::new`] runs
//! them at once on the calling thread; one made with [`Dashboard::in_background`] leaves them in
//! [`Dashboard::take_jobs`] for workers, and their results come back as [`Event::Evaluated`]. A
//! zone with no result yet is *pending*; one whose shown result is being recomputed is *stale*;
//! a result older than the one shown is dropped.

use super::keys::{Action, KeyMap};
use super::marks::{Marks, Shown};
use super::workers::{Evaluated, EvaluationJob, PlanJob, Planned};
use super::zone_columns::{display_order, ZoneChoices};
use crate::common::dates::format_date;
use crate::core::engine::{ExportEvaluation, ZoneEvaluation};
use crate::core::plan::Plan;
use crate::core::profile::Profile;
use crate::core::report::data_text;
use crate::core::zones::{Zone, Zones};
use crate::host::{Applied, LivePacks, Loaded, PackError};
use crate::workbench::cases::{find_cases_dir, run_pack_cases, PackCases};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ftzroute_plugin_api::{DataKind, Route};
use std::cell::Cell;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One zone's column: its latest evaluation (or why it has none), and which request that was.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneColumn {
    pub zone: Zone,
    /// The result shown; `None` until the zone's first result lands.
    pub outcome: Option<Result<ZoneEvaluation, String>>,
    /// Number of the request whose result is shown (0: none yet).
    pub shown: u64,
    /// Number of the latest request for this zone.
    pub requested: u64,
}

impl ZoneColumn {
    fn new(zone: Zone) -> ZoneColumn {
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
        self.outcome.as_ref().and_then(|o| o.as_ref().ok())
    }

    /// Why the zone could not be evaluated, if that is what is shown.
    pub fn error(&self) -> Option<&str> {
        self.outcome
            .as_ref()
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

pub use super::marks::CellId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Grid,
    Detail,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Main,
    Packs,
    /// The golden cases of every loaded pack, run again after each reload.
    Cases,
    /// The planner: what `ftzroute plan` shows for the profile as edited.
    Plan,
}

/// One loaded pack's golden cases, as last run for the cases view.
#[derive(Debug, Clone)]
pub struct CasesRun {
    pub pack: String,
    /// The generation of the pack the cases ran against.
    pub generation: u32,
    pub outcome: CasesOutcome,
}

#[derive(Debug, Clone)]
pub enum CasesOutcome {
    /// No `packs/<id>/cases` where the view looks (see [`Dashboard::cases_from`]).
    NoCases,
    Ran(PackCases),
    /// A case file could not be read (the text says which and where).
    Unusable(String),
}

impl CasesRun {
    /// (passed, failed) when the cases ran.
    pub fn counts(&self) -> Option<(usize, usize)> {
        match &self.outcome {
            CasesOutcome::Ran(result) => {
                Some((result.cases.len() - result.failed(), result.failed()))
            }
            _ => None,
        }
    }
}

/// Fields the what-if editor changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Persons,
    ExemptPersons,
    Sensitive,
    SeriousHarm,
    NameAndContact,
    Notified,
    HgrCleared,
    ExportControlled,
    AsOf,
}

impl Field {
    pub const ALL: [Field; 9] = [
        Field::Persons,
        Field::ExemptPersons,
        Field::Sensitive,
        Field::SeriousHarm,
        Field::NameAndContact,
        Field::Notified,
        Field::HgrCleared,
        Field::ExportControlled,
        Field::AsOf,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Persons => "persons",
            Field::ExemptPersons => "exempt_persons",
            Field::Sensitive => "sensitive",
            Field::SeriousHarm => "serious_harm",
            Field::NameAndContact => "name_and_contact",
            Field::Notified => "notified",
            Field::HgrCleared => "hgr_cleared",
            Field::ExportControlled => "export_controlled",
            Field::AsOf => "as_of (whole profile)",
        }
    }

    pub fn is_flag(self) -> bool {
        !matches!(self, Field::Persons | Field::ExemptPersons | Field::AsOf)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditState {
    pub export: usize,
    pub field: usize,
    /// Digits typed so far into the selected number or date field.
    pub typed: Option<String>,
    /// Why the last change was refused.
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help {
        scroll: u16,
    },
    Edit(EditState),
    Filter,
    ConfirmQuit,
    /// The profile changed on disk while there were unsaved edits.
    ProfileChanged {
        text: String,
    },
    /// Every configured zone, to show, hide, pin and unpin; `selected` indexes the configured
    /// order.
    Zones {
        selected: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
    /// The text names something that re-evaluates the zones: the line goes on with how many
    /// cells it changed (the cells marked `*`, counted when drawn), or that zones are still
    /// being evaluated.
    pub counts_changes: bool,
    /// Shown after the count.
    pub suffix: String,
}

/// What the event loop must do for the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    RescanPacks,
}

/// Inputs to the dashboard, from the terminal, the watchers and the zone workers.
#[derive(Debug)]
pub enum Event {
    Key(KeyEvent),
    Resize,
    ScrollUp,
    ScrollDown,
    /// The first opening of the packs (a dashboard made while they were still opening).
    PacksOpened(Box<Result<LivePacks, PackError>>),
    PackLoaded(Box<Loaded>),
    /// A zone's result.
    Evaluated(Box<Evaluated>),
    /// The planner's answer.
    Planned(Box<Planned>),
    ProfileChanged,
    /// The profile's transfer ledger changed on disk (an import landed).
    LedgerChanged,
    /// The process was asked to end (SIGTERM, SIGHUP when an SSH session drops).
    Terminate,
}

pub struct Dashboard {
    pub profile_path: PathBuf,
    /// The profile file's text as last read or written: what a save edits.
    pub profile_source: String,
    /// The profile as on disk, to tell whether there are unsaved edits.
    pub saved: Profile,
    pub profile: Profile,
    pub zones: Zones,
    pub packs: LivePacks,
    /// The packs are still being opened: every zone is pending.
    pub packs_loading: bool,
    pub columns: Vec<ZoneColumn>,
    /// Cells whose value differs from what they showed when the last edit or reload began or
    /// the user last moved, whichever came later: the cells marked `*`.
    pub marked: Marks,
    /// Number of the latest request.
    sequence: u64,
    /// Run each request at once (no workers).
    inline: bool,
    /// Requests for the workers, in the background mode.
    jobs: Vec<EvaluationJob>,
    /// The packs as the workers evaluate with them, shared until they change.
    packs_snapshot: Option<Arc<LivePacks>>,
    pub row: usize,
    /// The selected zone column, by index into `columns` (configured order); always one shown.
    pub column: usize,
    /// Zones hidden and pinned by the user.
    pub zone_choices: ZoneChoices,
    /// Where the choices are saved when they change; `None`: not saved.
    pub choices_file: Option<PathBuf>,
    /// Where the scrolling zone columns started in the last frame drawn. The one value a frame
    /// writes back: the next frame scrolls from there, so the view moves only when the selection
    /// would leave it (how many columns fit is known only when drawing).
    pub zone_scroll: Cell<usize>,
    /// The first export row the grid showed in the last frame: like `zone_scroll`, written back
    /// by the frame, so that rows scroll only when the selection would leave the view.
    pub row_scroll: Cell<usize>,
    /// The planner's last answer, if any.
    pub plan: Option<Plan>,
    /// Number of the latest plan request, and of the answer shown (0: none).
    plan_requested: u64,
    plan_shown: u64,
    /// A plan request waiting for the planner (background mode).
    plan_job: Option<PlanJob>,
    /// The planner view's first row; like `zone_scroll`, the frame writes back where it ended
    /// up (no further than the last row), so scrolling back up starts at once.
    pub plan_scroll: Cell<u16>,
    pub focus: Pane,
    pub view: View,
    pub overlay: Overlay,
    pub filter: String,
    pub status: Option<Status>,
    pub detail_scroll: u16,
    pub packs_scroll: u16,
    /// Results of the cases view, from when it opened or the last reload since.
    pub cases: Vec<CasesRun>,
    pub cases_scroll: u16,
    /// Where the cases view looks for `packs/<id>/cases` (there and in parent directories);
    /// `None`: the current directory, as `pack test` does.
    pub cases_from: Option<PathBuf>,
    pub keymap: KeyMap,
    pub quit: bool,
    /// When the last pack reload was noticed, until its frame is drawn (latency measurement).
    pub reload_noticed: Option<Instant>,
    /// Pack-author mode: untrusted packs load, and a banner says so.
    pub dev_mode: bool,
    /// The counts from the profile's transfer ledger, when it names one.
    pub ledger: super::ledger::LedgerView,
    /// What the outputs of `eval` would say about the profile itself, once the packs are open:
    /// a profile error (a near-miss sector), its notes and every warning.
    pub remarks: ProfileRemarks,
}

/// The profile's own error, notes and warnings, as every other output carries them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileRemarks {
    pub error: Option<String>,
    pub notes: Vec<String>,
    pub warnings: Vec<String>,
}

impl Dashboard {
    /// A dashboard that evaluates on the calling thread, at once: every result is there when an
    /// event has been handled.
    pub fn new(
        profile_path: PathBuf,
        profile_source: String,
        profile: Profile,
        zones: Zones,
        packs: LivePacks,
        keymap: KeyMap,
    ) -> Dashboard {
        let mut dashboard = Dashboard::build(
            profile_path,
            profile_source,
            profile,
            zones,
            Some(packs),
            keymap,
        );
        dashboard.inline = true;
        dashboard.packs_ready();
        dashboard
    }

    /// A dashboard whose evaluations run elsewhere: requests wait in [`Dashboard::take_jobs`],
    /// results come back as [`Event::Evaluated`]. With `packs` `None` the packs are still being
    /// opened, and [`Event::PacksOpened`] brings them; until then every zone is pending.
    pub fn in_background(
        profile_path: PathBuf,
        profile_source: String,
        profile: Profile,
        zones: Zones,
        packs: Option<LivePacks>,
        keymap: KeyMap,
    ) -> Dashboard {
        let ready = packs.is_some();
        let mut dashboard =
            Dashboard::build(profile_path, profile_source, profile, zones, packs, keymap);
        if ready {
            dashboard.packs_ready();
        }
        dashboard
    }

    fn build(
        profile_path: PathBuf,
        profile_source: String,
        profile: Profile,
        zones: Zones,
        packs: Option<LivePacks>,
        keymap: KeyMap,
    ) -> Dashboard {
        let columns = zones.zones.iter().cloned().map(ZoneColumn::new).collect();
        Dashboard {
            profile_path,
            profile_source,
            saved: profile.clone(),
            profile,
            zones,
            packs_loading: packs.is_none(),
            packs: packs.unwrap_or_default(),
            columns,
            marked: Marks::default(),
            sequence: 0,
            inline: false,
            jobs: Vec::new(),
            packs_snapshot: None,
            row: 0,
            column: 0,
            zone_choices: ZoneChoices::default(),
            choices_file: None,
            zone_scroll: Cell::new(0),
            row_scroll: Cell::new(0),
            plan: None,
            plan_requested: 0,
            plan_shown: 0,
            plan_job: None,
            plan_scroll: Cell::new(0),
            focus: Pane::Grid,
            view: View::Main,
            overlay: Overlay::None,
            filter: String::new(),
            status: None,
            detail_scroll: 0,
            packs_scroll: 0,
            cases: Vec::new(),
            cases_scroll: 0,
            cases_from: None,
            keymap,
            quit: false,
            reload_noticed: None,
            dev_mode: false,
            ledger: Default::default(),
            remarks: Default::default(),
        }
    }

    /// The packs are open: says which files failed, and evaluates every zone.
    fn packs_ready(&mut self) {
        self.packs_loading = false;
        self.packs_snapshot = None;
        let failed: Vec<&str> = self
            .packs
            .packs
            .iter()
            .filter(|p| p.last_error.is_some())
            .filter_map(|p| p.file.file_name().and_then(|n| n.to_str()))
            .collect();
        if !failed.is_empty() {
            self.set_error(format!(
                "{} pack file(s) failed to load: {}; press p for details",
                failed.len(),
                failed.join(", ")
            ));
        }
        self.request_all();
    }

    pub fn dirty(&self) -> bool {
        self.profile != self.saved
    }

    /// Asks for every zone to be evaluated again. What the cells show now becomes what the
    /// marks are measured from: from here on `*` marks what this request changes.
    fn request_all(&mut self) {
        let shown = self.cell_values();
        self.request_all_from(shown);
    }

    /// [`Dashboard::request_all`], with the marks measured from `baseline`.
    fn request_all_from(&mut self, baseline: Shown) {
        self.marked.measure_from(baseline);
        self.sequence += 1;
        let sequence = self.sequence;
        for column in &mut self.columns {
            column.requested = sequence;
        }
        if self.view == View::Plan {
            self.request_plan();
        }
        if self.packs_loading {
            // Requested again when the packs arrive.
            return;
        }
        // The ledger's counts are read here (a query of summaries kept at import); the zones
        // are evaluated with them on the workers.
        let windows = self.ledger_windows();
        let ledger = self
            .ledger
            .refresh(&self.profile, &windows)
            .cloned()
            .map(Arc::new);
        if let Some(error) = self.ledger.error.clone() {
            self.set_error(format!("ledger: {error}"));
        }
        self.check_profile(ledger.as_deref());
        let profile = Arc::new(self.profile.clone());
        let packs = Arc::clone(
            self.packs_snapshot
                .get_or_insert_with(|| Arc::new(self.packs.clone())),
        );
        let jobs = self
            .columns
            .iter()
            .enumerate()
            .map(|(index, column)| EvaluationJob {
                column: index,
                sequence,
                zone: column.zone.clone(),
                profile: Arc::clone(&profile),
                packs: Arc::clone(&packs),
                ledger: ledger.clone(),
            });
        if self.inline {
            let results: Vec<Evaluated> = jobs.map(EvaluationJob::run).collect();
            for result in results {
                self.evaluated(result);
            }
        } else {
            let jobs: Vec<EvaluationJob> = jobs.collect();
            self.jobs.extend(jobs);
        }
    }

    /// The requests waiting for workers (background mode), oldest first.
    pub fn take_jobs(&mut self) -> Vec<EvaluationJob> {
        std::mem::take(&mut self.jobs)
    }

    /// The plan request waiting for the planner (background mode).
    pub fn take_plan_job(&mut self) -> Option<PlanJob> {
        self.plan_job.take()
    }

    /// Asks the planner about the profile as it is now; the last answer stays shown, marked as
    /// being recomputed, until the new one lands.
    /// Checks the profile's vocabulary against the open packs, as `eval` does: a near-miss
    /// sector is shown as a profile error (and in the status line), the notes and warnings in
    /// the detail pane.
    fn check_profile(&mut self, ledger: Option<&crate::core::ledger::LedgerCounts>) {
        let descriptions: Vec<_> = self
            .packs
            .loaded()
            .filter_map(|live| live.current.as_ref())
            .map(|pack| &pack.description)
            .collect();
        let mut checked = self.profile.clone();
        let error = crate::core::vocabulary::check(&mut checked, &descriptions)
            .err()
            .map(|e| e.to_string());
        let remarks = ProfileRemarks {
            notes: checked.notes.clone(),
            warnings: crate::core::ledger::profile_warnings(&checked, ledger),
            error,
        };
        if let Some(error) = &remarks.error {
            if remarks.error != self.remarks.error {
                self.set_error(format!("profile error: {error}"));
            }
        }
        self.remarks = remarks;
    }

    /// The counting windows of the packs that may decide for the profile: what its ledger is
    /// read in.
    fn ledger_windows(&self) -> Vec<ftzroute_plugin_api::CountingWindow> {
        let descriptions: Vec<_> = self
            .packs
            .loaded()
            .filter_map(|live| live.current.as_ref())
            .map(|pack| &pack.description)
            .collect();
        crate::core::ledger::windows_for(&self.profile, &descriptions)
    }

    fn request_plan(&mut self) {
        self.plan_requested += 1;
        if self.packs_loading {
            // Asked again when the packs arrive.
            return;
        }
        let packs = Arc::clone(
            self.packs_snapshot
                .get_or_insert_with(|| Arc::new(self.packs.clone())),
        );
        let windows = self.ledger_windows();
        let ledger = self
            .ledger
            .refresh(&self.profile, &windows)
            .cloned()
            .map(Arc::new);
        let job = PlanJob {
            sequence: self.plan_requested,
            profile: Arc::new(self.profile.clone()),
            zones: Arc::new(self.zones.clone()),
            packs,
            ledger,
        };
        if self.inline {
            let answer = job.run();
            self.planned(answer);
        } else {
            self.plan_job = Some(job);
        }
    }

    /// The planner answered: shown unless a newer answer already is.
    fn planned(&mut self, answer: Planned) {
        if answer.sequence <= self.plan_shown {
            return;
        }
        self.plan = Some(answer.plan);
        self.plan_shown = answer.sequence;
    }

    /// The planner is working on the latest request (no answer yet, or an outdated one shown).
    pub fn plan_awaiting(&self) -> bool {
        self.plan_requested > self.plan_shown
    }

    /// The zone columns shown, by index into `columns`, pinned first; and how many are pinned.
    pub fn column_order(&self) -> (Vec<usize>, usize) {
        let ids: Vec<&str> = self.columns.iter().map(|c| c.zone.id.as_str()).collect();
        display_order(&ids, &self.zone_choices)
    }

    /// How many configured zones are hidden.
    pub fn hidden_zones(&self) -> usize {
        self.columns
            .iter()
            .filter(|c| self.zone_choices.is_hidden(&c.zone.id))
            .count()
    }

    /// Reads the saved zone choices from `file`, and saves there from now on. A file that
    /// cannot be read is reported in the status line and replaced at the next change.
    pub fn load_zone_choices(&mut self, file: PathBuf) {
        match ZoneChoices::load(&file) {
            Ok(choices) => self.zone_choices = choices,
            Err(error) => self.set_error(format!("saved zone choices ignored: {error}")),
        }
        self.choices_file = Some(file);
        if self.column_order().0.is_empty() {
            // Every zone hidden (by hand-editing, or another zones file with the same ids):
            // a grid without columns helps no one.
            let known: Vec<String> = self.columns.iter().map(|c| c.zone.id.clone()).collect();
            self.zone_choices.hidden.retain(|id| !known.contains(id));
            self.set_status("every zone was hidden: showing them all");
        }
        self.keep_selection_shown();
    }

    /// Moves the selection to a shown column if its own is hidden.
    fn keep_selection_shown(&mut self) {
        let (order, _) = self.column_order();
        if !order.contains(&self.column) {
            // The next shown column to the right in configured order, else the last one left.
            let next = order
                .iter()
                .copied()
                .filter(|c| *c > self.column)
                .min()
                .or_else(|| order.iter().copied().max());
            if let Some(column) = next {
                self.column = column;
                self.detail_scroll = 0;
            }
        }
    }

    /// Hides a shown zone or shows a hidden one, and saves the choice. The last shown zone
    /// stays.
    fn toggle_hidden(&mut self, column: usize) {
        let Some(id) = self.columns.get(column).map(|c| c.zone.id.clone()) else {
            return;
        };
        if !self.zone_choices.is_hidden(&id) && self.column_order().0.len() <= 1 {
            self.set_status(format!("{id} is the only zone shown; it stays"));
            return;
        }
        let hidden = self.zone_choices.toggle_hidden(&id);
        self.keep_selection_shown();
        let keys = self.keymap.first(Action::Zones);
        let said = if hidden {
            format!("hid {id}: still evaluated; {keys} lists every zone")
        } else {
            format!("{id} shown again")
        };
        self.save_zone_choices(said);
    }

    fn toggle_pinned(&mut self, column: usize) {
        let Some(id) = self.columns.get(column).map(|c| c.zone.id.clone()) else {
            return;
        };
        let said = if self.zone_choices.toggle_pinned(&id) {
            format!("pinned {id}: it stays leftmost")
        } else {
            format!("unpinned {id}")
        };
        self.save_zone_choices(said);
    }

    fn save_zone_choices(&mut self, said: String) {
        match &self.choices_file {
            Some(file) => match self.zone_choices.save(file) {
                Ok(()) => self.set_status(said),
                Err(error) => self.set_error(format!("{said}; not saved for next time: {error}")),
            },
            None => self.set_status(said),
        }
    }

    /// The selected column's neighbour in display order (`step` -1 or +1), or itself at an end.
    fn neighbour_column(&self, step: isize) -> usize {
        let (order, _) = self.column_order();
        match order.iter().position(|c| *c == self.column) {
            Some(at) => {
                let to = (at as isize + step).clamp(0, order.len() as isize - 1);
                order[to as usize]
            }
            None => order.first().copied().unwrap_or(self.column),
        }
    }

    /// A zone's result arrived: shown unless a newer one already is; the marks follow.
    fn evaluated(&mut self, result: Evaluated) {
        let Some(column) = self.columns.get_mut(result.column) else {
            return;
        };
        if result.sequence <= column.shown {
            tracing::debug!(
                zone = %column.zone.id,
                sequence = result.sequence,
                shown = column.shown,
                "older result dropped"
            );
            return;
        }
        column.outcome = Some(result.outcome);
        column.shown = result.sequence;
        self.marked.zone_landed(
            &column.zone.id,
            column.outcome.as_ref(),
            &self.profile.exports,
        );
    }

    /// Marks nothing, and measures the next marks from what the cells show now.
    fn acknowledge(&mut self) {
        self.marked.acknowledge(
            self.columns
                .iter()
                .map(|column| (column.zone.id.as_str(), column.outcome.as_ref())),
            &self.profile.exports,
        );
    }

    /// What every cell with a result shows (pending cells have none).
    fn cell_values(&self) -> Shown {
        Shown::of(
            self.columns
                .iter()
                .map(|column| (column.zone.id.as_str(), column.outcome.as_ref())),
            &self.profile.exports,
        )
    }

    /// How many zones are still to show the result of their latest request.
    pub fn zones_awaiting(&self) -> usize {
        if self.packs_loading {
            return self.columns.len();
        }
        self.columns.iter().filter(|c| c.awaiting()).count()
    }

    /// The status line's text and whether it is an error. A status that counts changes counts
    /// the cells marked `*` (those hidden by the filter said apart), once every zone shows its
    /// latest result.
    pub fn status_text(&self) -> Option<(String, bool)> {
        let status = self.status.as_ref()?;
        if !status.counts_changes {
            return Some((status.text.clone(), status.error));
        }
        let awaiting = self.zones_awaiting();
        let count = if awaiting > 0 {
            format!("evaluating {awaiting} zone(s) …")
        } else {
            let visible: HashSet<&str> = self
                .visible_exports()
                .into_iter()
                .map(|i| self.profile.exports[i].id.as_str())
                .collect();
            let hidden = self.marked.outside(&visible);
            let mut count = format!("{} cell(s) changed", self.marked.len());
            if hidden > 0 {
                count.push_str(&format!(" ({hidden} hidden by the filter)"));
            }
            count
        };
        Some((
            format!("{}: {count}{}", status.text, status.suffix),
            status.error,
        ))
    }

    /// The time from a pack reload being noticed to now, once, when every zone shows its
    /// result since (the frame about to be or just drawn is the updated one).
    pub fn take_reload_latency(&mut self) -> Option<Duration> {
        if self.zones_awaiting() > 0 {
            return None;
        }
        self.reload_noticed.take().map(|noticed| noticed.elapsed())
    }

    /// Export indices shown in the grid, in profile order.
    pub fn visible_exports(&self) -> Vec<usize> {
        let needle = self.filter.to_lowercase();
        self.profile
            .exports
            .iter()
            .enumerate()
            .filter(|(index, export)| {
                needle.is_empty()
                    || export.id.to_lowercase().contains(&needle)
                    || data_text(export).to_lowercase().contains(&needle)
                    || self.profile.labels[*index]
                        .as_deref()
                        .is_some_and(|l| l.to_lowercase().contains(&needle))
            })
            .map(|(index, _)| index)
            .collect()
    }

    /// The export of the selected row, or None on the overall row.
    pub fn selected_export(&self) -> Option<usize> {
        self.visible_exports().get(self.row).copied()
    }

    pub fn selected_column(&self) -> Option<&ZoneColumn> {
        self.columns.get(self.column)
    }

    pub fn set_status(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: false,
            counts_changes: false,
            suffix: String::new(),
        });
    }

    pub fn set_error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: true,
            counts_changes: false,
            suffix: String::new(),
        });
    }

    /// A status naming what re-evaluated the zones, followed by what it changed.
    fn set_change_status(&mut self, text: impl Into<String>, suffix: String) {
        self.status = Some(Status {
            text: text.into(),
            error: false,
            counts_changes: true,
            suffix,
        });
    }

    /// Handles one event; returns what the event loop must do.
    pub fn handle(&mut self, event: Event) -> Option<Effect> {
        match event {
            Event::Key(key) => return self.handle_key(key),
            Event::Resize => {}
            Event::ScrollUp => self.act(Action::Up),
            Event::ScrollDown => self.act(Action::Down),
            Event::PacksOpened(opened) => self.packs_opened(*opened),
            Event::PackLoaded(loaded) => self.pack_loaded(*loaded),
            Event::Evaluated(result) => self.evaluated(*result),
            Event::Planned(answer) => self.planned(*answer),
            Event::ProfileChanged => self.profile_changed_on_disk(),
            Event::LedgerChanged => {
                self.ledger.invalidate();
                self.request_all();
                let transfers = self.ledger.current.as_ref().map_or(0, |l| {
                    let (sensitive, general) = l.calendar_year().snapshot.handler();
                    sensitive.transfers + general.transfers
                });
                self.set_status(format!(
                    "ledger updated: {} this year; the zones are evaluated again",
                    ftzroute_plugin_api::sdk::text::count_of(transfers, "transfer", "transfers")
                ));
            }
            Event::Terminate => self.terminate(),
        }
        None
    }

    fn handle_key(&mut self, key: KeyEvent) -> Option<Effect> {
        if key.kind == crossterm::event::KeyEventKind::Release {
            return None;
        }
        let action = self.keymap.action(&key);
        match self.overlay.clone() {
            Overlay::Filter => {
                self.filter_key(key, action);
                return None;
            }
            Overlay::ConfirmQuit => {
                match key.code {
                    KeyCode::Char('w') => {
                        if self.save() {
                            self.quit = true;
                        }
                        self.overlay = Overlay::None;
                    }
                    KeyCode::Char('d') => self.quit = true,
                    KeyCode::Esc => self.overlay = Overlay::None,
                    _ => {}
                }
                return None;
            }
            Overlay::ProfileChanged { text } => {
                match key.code {
                    KeyCode::Char('l') => {
                        self.overlay = Overlay::None;
                        self.load_profile_text(text);
                    }
                    KeyCode::Char('k') | KeyCode::Esc => {
                        self.overlay = Overlay::None;
                        self.set_status(
                            "kept your edits; saving will overwrite the version on disk",
                        );
                    }
                    _ => {}
                }
                return None;
            }
            Overlay::Edit(state) => {
                self.edit_key(state, key, action);
                return None;
            }
            Overlay::Help { scroll } => {
                match action {
                    Some(Action::Up) => {
                        self.overlay = Overlay::Help {
                            scroll: scroll.saturating_sub(1),
                        }
                    }
                    Some(Action::Down) => self.overlay = Overlay::Help { scroll: scroll + 1 },
                    Some(Action::Quit) => self.request_quit(),
                    Some(_) => self.overlay = Overlay::None,
                    None => {}
                }
                return None;
            }
            Overlay::Zones { selected } => {
                self.zones_key(selected, key, action);
                return None;
            }
            Overlay::None => {}
        }
        let action = action?;
        if action == Action::ReloadPacks {
            if self.view == View::Cases {
                // Case files are not watched: an author who edited one asks for a run here.
                let summary = self.run_cases();
                self.set_status(format!(
                    "cases run again: {summary}; reloading changed packs ..."
                ));
            } else {
                self.set_status("reloading changed packs ...");
            }
            return Some(Effect::RescanPacks);
        }
        self.act(action);
        None
    }

    /// Performs a keymap action outside overlays.
    pub fn act(&mut self, action: Action) {
        if self.view == View::Packs {
            match action {
                Action::Up => self.packs_scroll = self.packs_scroll.saturating_sub(1),
                Action::Down => self.packs_scroll += 1,
                Action::Back | Action::Packs => self.view = View::Main,
                Action::Cases => self.open_cases(),
                Action::Help => self.overlay = Overlay::Help { scroll: 0 },
                Action::Quit => self.request_quit(),
                Action::Save => {
                    self.save();
                }
                _ => {}
            }
            return;
        }
        if self.view == View::Plan {
            match action {
                Action::Up => self
                    .plan_scroll
                    .set(self.plan_scroll.get().saturating_sub(1)),
                Action::Down => self.plan_scroll.set(self.plan_scroll.get() + 1),
                Action::Back | Action::Plan => self.view = View::Main,
                Action::Packs => {
                    self.view = View::Packs;
                    self.packs_scroll = 0;
                }
                Action::Zones => self.open_zones(),
                Action::Help => self.overlay = Overlay::Help { scroll: 0 },
                Action::Quit => self.request_quit(),
                Action::Save => {
                    self.save();
                }
                _ => {}
            }
            return;
        }
        if self.view == View::Cases {
            match action {
                Action::Up => self.cases_scroll = self.cases_scroll.saturating_sub(1),
                Action::Down => self.cases_scroll += 1,
                Action::Back | Action::Cases => self.view = View::Main,
                Action::Packs => {
                    self.view = View::Packs;
                    self.packs_scroll = 0;
                }
                Action::Help => self.overlay = Overlay::Help { scroll: 0 },
                Action::Quit => self.request_quit(),
                Action::Save => {
                    self.save();
                }
                _ => {}
            }
            return;
        }
        let rows = self.visible_exports().len() + 1;
        match action {
            Action::Up | Action::Down if self.focus == Pane::Detail => {
                self.detail_scroll = if action == Action::Up {
                    self.detail_scroll.saturating_sub(1)
                } else {
                    self.detail_scroll + 1
                };
            }
            Action::Up => self.move_to(self.row.saturating_sub(1), self.column),
            Action::Down => self.move_to((self.row + 1).min(rows - 1), self.column),
            Action::Left => self.move_to(self.row, self.neighbour_column(-1)),
            Action::Right => self.move_to(self.row, self.neighbour_column(1)),
            Action::NextPane | Action::PrevPane => {
                self.focus = if self.focus == Pane::Grid {
                    Pane::Detail
                } else {
                    Pane::Grid
                };
            }
            Action::Open => {
                self.focus = Pane::Detail;
                self.detail_scroll = 0;
            }
            Action::Back => {
                if self.focus == Pane::Detail {
                    self.focus = Pane::Grid;
                } else if !self.filter.is_empty() {
                    self.filter.clear();
                    self.row = 0;
                } else {
                    self.acknowledge();
                    self.status = None;
                }
            }
            Action::Edit => match self.selected_export() {
                Some(export) => {
                    self.overlay = Overlay::Edit(EditState {
                        export,
                        field: 0,
                        typed: None,
                        error: None,
                    })
                }
                None => {
                    self.set_status("select an export row to edit (the overall row sums them up)")
                }
            },
            Action::StepUp | Action::StepDown => {
                if let Some(export) = self.selected_export() {
                    let delta = if action == Action::StepUp { 1 } else { -1 };
                    // A refused step shows its reason in the status line.
                    let _ = self.step_number(export, Field::Persons, delta);
                }
            }
            Action::JumpNext => self.jump_to_next_edge(),
            Action::Save => {
                self.save();
            }
            Action::Memo => self.write_memo(),
            Action::ReloadPacks => {}
            Action::Packs => {
                self.view = View::Packs;
                self.packs_scroll = 0;
            }
            Action::Cases => self.open_cases(),
            Action::Filter => self.overlay = Overlay::Filter,
            Action::Zones => self.open_zones(),
            Action::HideZone => self.toggle_hidden(self.column),
            Action::PinZone => self.toggle_pinned(self.column),
            Action::Plan => self.open_plan(),
            Action::Help => self.overlay = Overlay::Help { scroll: 0 },
            Action::Quit => self.request_quit(),
        }
    }

    fn open_zones(&mut self) {
        self.overlay = Overlay::Zones {
            selected: self.column,
        };
    }

    fn open_plan(&mut self) {
        self.view = View::Plan;
        self.plan_scroll.set(0);
        self.request_plan();
    }

    fn zones_key(&mut self, selected: usize, key: KeyEvent, action: Option<Action>) {
        let last = self.columns.len().saturating_sub(1);
        let mut selected = selected.min(last);
        match (key.code, action) {
            (_, Some(Action::Up)) => selected = selected.saturating_sub(1),
            (_, Some(Action::Down)) => selected = (selected + 1).min(last),
            (KeyCode::Char(' '), _) | (_, Some(Action::Open)) | (_, Some(Action::HideZone)) => {
                self.toggle_hidden(selected)
            }
            (_, Some(Action::PinZone)) => self.toggle_pinned(selected),
            (_, Some(Action::Back)) | (_, Some(Action::Zones)) => {
                self.overlay = Overlay::None;
                return;
            }
            (_, Some(Action::Help)) => {
                self.overlay = Overlay::Help { scroll: 0 };
                return;
            }
            (_, Some(Action::Quit)) => {
                self.overlay = Overlay::None;
                self.request_quit();
                return;
            }
            _ => {}
        }
        self.overlay = Overlay::Zones { selected };
    }

    fn open_cases(&mut self) {
        self.view = View::Cases;
        self.cases_scroll = 0;
        self.run_cases();
    }

    /// Runs the golden cases of every loaded pack that has them (`packs/<id>/cases` from the
    /// current directory up, as `pack test` finds them) against the packs serving now, with the
    /// same code as `pack test`. Returns a one-line summary.
    pub fn run_cases(&mut self) -> String {
        let runs: Vec<CasesRun> = self
            .packs
            .loaded()
            .filter_map(|live| live.current.as_ref().map(|pack| (live, pack)))
            .map(|(live, pack)| {
                let description = &pack.description;
                let found = match &self.cases_from {
                    None => find_cases_dir(&description.id),
                    Some(start) => start
                        .ancestors()
                        .map(|dir| dir.join("packs").join(&description.id).join("cases"))
                        .find(|dir| dir.is_dir()),
                };
                let outcome = match found {
                    None => CasesOutcome::NoCases,
                    Some(dir) => {
                        match run_pack_cases(description, &dir, &self.zones, &self.packs) {
                            Ok(result) => CasesOutcome::Ran(result),
                            Err(error) => CasesOutcome::Unusable(error.to_string()),
                        }
                    }
                };
                CasesRun {
                    pack: description.id.clone(),
                    generation: live.generation,
                    outcome,
                }
            })
            .collect();
        self.cases = runs;
        self.cases_summary()
    }

    /// "N passed, M failed" over every pack's cases, and how many packs had an unreadable case.
    pub fn cases_summary(&self) -> String {
        let (mut passed, mut failed, mut unusable) = (0, 0, 0);
        for run in &self.cases {
            match (&run.outcome, run.counts()) {
                (_, Some((p, f))) => {
                    passed += p;
                    failed += f;
                }
                (CasesOutcome::Unusable(_), _) => unusable += 1,
                _ => {}
            }
        }
        let mut text = format!("{passed} passed, {failed} failed");
        if unusable > 0 {
            text.push_str(&format!(", {unusable} pack(s) with an unreadable case"));
        }
        text
    }

    fn move_to(&mut self, row: usize, column: usize) {
        if (row, column) != (self.row, self.column) {
            // Moving on acknowledges the marked cells.
            self.acknowledge();
            self.detail_scroll = 0;
        }
        self.row = row;
        self.column = column;
    }

    fn request_quit(&mut self) {
        if self.dirty() {
            self.overlay = Overlay::ConfirmQuit;
        } else {
            self.quit = true;
        }
    }

    fn filter_key(&mut self, key: KeyEvent, action: Option<Action>) {
        match key.code {
            KeyCode::Enter => self.overlay = Overlay::None,
            KeyCode::Esc => {
                self.filter.clear();
                self.overlay = Overlay::None;
            }
            KeyCode::Backspace => {
                self.filter.pop();
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.filter.push(c)
            }
            _ if action == Some(Action::Quit) => self.request_quit(),
            _ => {}
        }
        self.row = self.row.min(self.visible_exports().len());
    }

    fn edit_key(&mut self, mut state: EditState, key: KeyEvent, action: Option<Action>) {
        let field = Field::ALL[state.field];
        state.error = None;
        match (key.code, action) {
            (KeyCode::Char(c), _) if c.is_ascii_digit() && !field.is_flag() => {
                let mut typed = state.typed.take().unwrap_or_default();
                typed.push(c);
                state.error = self.apply_typed(state.export, field, &typed).err();
                state.typed = Some(typed);
            }
            (KeyCode::Backspace, _) if !field.is_flag() => {
                let mut typed = state.typed.take().unwrap_or_default();
                typed.pop();
                if !typed.is_empty() {
                    state.error = self.apply_typed(state.export, field, &typed).err();
                }
                state.typed = Some(typed);
            }
            (KeyCode::Char(' '), _) | (_, Some(Action::Open)) if field.is_flag() => {
                self.toggle_flag(state.export, field);
            }
            (_, Some(Action::Open)) => state.typed = None,
            (_, Some(Action::Up)) => {
                state.field = state.field.checked_sub(1).unwrap_or(Field::ALL.len() - 1);
                state.typed = None;
            }
            (_, Some(Action::Down)) => {
                state.field = (state.field + 1) % Field::ALL.len();
                state.typed = None;
            }
            (_, Some(Action::StepUp)) | (_, Some(Action::StepDown)) => {
                let delta = if action == Some(Action::StepUp) {
                    1
                } else {
                    -1
                };
                state.typed = None;
                if field == Field::AsOf {
                    self.step_date(delta);
                } else if field.is_flag() {
                    self.toggle_flag(state.export, field);
                } else {
                    state.error = self.step_number(state.export, field, delta).err();
                }
            }
            (_, Some(Action::JumpNext)) => self.jump_to_next_edge(),
            (_, Some(Action::Save)) => {
                self.save();
            }
            (_, Some(Action::Help)) => {
                self.overlay = Overlay::Help { scroll: 0 };
                return;
            }
            (_, Some(Action::Back)) | (_, Some(Action::Edit)) => {
                self.overlay = Overlay::None;
                return;
            }
            (_, Some(Action::Quit)) => {
                self.overlay = Overlay::None;
                self.request_quit();
                return;
            }
            _ => {}
        }
        self.overlay = Overlay::Edit(state);
    }

    /// Applies a typed value; refuses (with the reason) what the profile contract refuses.
    fn apply_typed(&mut self, export: usize, field: Field, typed: &str) -> Result<(), String> {
        if field == Field::AsOf {
            if typed.len() < 8 {
                return Err("type the date as YYYYMMDD".into());
            }
            let text = format!(
                "{}-{}-{}",
                &typed[..4],
                &typed[4..6],
                &typed[6..8.min(typed.len())]
            );
            let date = crate::common::dates::parse_date(&text)
                .ok_or_else(|| crate::common::dates::not_a_date(&text))?;
            self.profile.as_of = date;
            self.after_edit(format!("as_of {text}"));
            return Ok(());
        }
        let value: u64 = typed
            .parse()
            .map_err(|_| "too large a number".to_string())?;
        self.set_number(export, field, value)
    }

    fn set_number(&mut self, export: usize, field: Field, value: u64) -> Result<(), String> {
        let current = &self.profile.exports[export];
        let (persons, exempt) = match field {
            Field::Persons => (value, current.exempt_persons),
            Field::ExemptPersons => (current.persons.unwrap_or(0), value),
            _ => unreachable!("only numbers are set"),
        };
        if exempt > persons {
            return Err(format!(
                "exempt_persons ({exempt}) cannot exceed persons ({persons})"
            ));
        }
        if current.persons.is_none() && field == Field::Persons && !needs_persons(current.kind) {
            return Err("this kind of data has no person count".into());
        }
        let id = current.id.clone();
        let export_mut = &mut self.profile.exports[export];
        match field {
            Field::Persons => export_mut.persons = Some(value),
            _ => export_mut.exempt_persons = value,
        }
        self.after_edit(format!(
            "{id}: {} {}",
            field.name(),
            crate::core::report::thousands(value)
        ));
        Ok(())
    }

    fn step_number(&mut self, export: usize, field: Field, delta: i64) -> Result<(), String> {
        let current = &self.profile.exports[export];
        if current.persons.is_none() {
            let message = format!("{} has no person count to step", current.id);
            self.set_status(message.clone());
            return Err(message);
        }
        let value = match field {
            Field::Persons => current.persons.unwrap_or(0),
            _ => current.exempt_persons,
        };
        let next = value.saturating_add_signed(delta);
        let result = self.set_number(export, field, next);
        if let Err(message) = &result {
            self.set_error(message.clone());
        }
        result
    }

    fn step_date(&mut self, delta: i64) {
        let date = if delta > 0 {
            self.profile.as_of.next_day()
        } else {
            self.profile.as_of.previous_day()
        };
        if let Some(date) = date {
            self.profile.as_of = date;
            self.after_edit(format!("as_of {}", format_date(date)));
        }
    }

    fn toggle_flag(&mut self, export: usize, field: Field) {
        let e = &mut self.profile.exports[export];
        let flag = match field {
            Field::Sensitive => &mut e.sensitive,
            Field::SeriousHarm => &mut e.serious_harm,
            Field::NameAndContact => &mut e.name_and_contact,
            Field::Notified => &mut e.notified,
            Field::HgrCleared => &mut e.hgr_cleared,
            Field::ExportControlled => &mut e.export_controlled,
            _ => return,
        };
        *flag = !*flag;
        let text = format!("{}: {} = {}", e.id, field.name(), *flag);
        self.after_edit(text);
    }

    /// Sets the selected export's counted persons to where the selected zone's next route starts.
    fn jump_to_next_edge(&mut self) {
        let Some(export) = self.selected_export().or(match &self.overlay {
            Overlay::Edit(state) => Some(state.export),
            _ => None,
        }) else {
            self.set_status("select an export row first");
            return;
        };
        let Some(column) = self.selected_column() else {
            return;
        };
        let zone = column.zone.id.clone();
        if column.awaiting() {
            // The edge of a result being replaced may no longer be the next one.
            self.set_status(format!(
                "{zone}: being evaluated; press the key again once its result is shown"
            ));
            return;
        }
        match column.export(export).and_then(|e| e.next) {
            Some(next) => {
                let exempt = self.profile.exports[export].exempt_persons;
                let _ = self.set_number(
                    export,
                    Field::Persons,
                    exempt.saturating_add(next.at_persons),
                );
            }
            None if column.export(export).map(|e| e.route) == Some(Route::Undetermined) => self
                .set_status(format!(
                    "{zone}: this export's route is undetermined, so no stricter route is known"
                )),
            None => self.set_status(format!(
                "{zone}: no stricter route at higher counts for this export"
            )),
        }
    }

    fn after_edit(&mut self, what: String) {
        self.request_all();
        self.set_change_status(what, String::new());
    }

    /// Saves the profile; false (with the error shown) on failure.
    pub fn save(&mut self) -> bool {
        match crate::core::save::save_profile(
            &self.profile_path,
            &self.profile_source,
            &self.profile,
        ) {
            Ok(text) => {
                self.profile_source = text;
                self.saved = self.profile.clone();
                self.set_status(format!(
                    "saved {} (previous version kept as {}.bak)",
                    self.profile_path.display(),
                    self.profile_path.display()
                ));
                true
            }
            Err(error) => {
                self.set_error(format!("not saved: {error}"));
                false
            }
        }
    }

    /// Ends without asking; unsaved edits go to a recovery file beside the profile rather than
    /// being lost.
    fn terminate(&mut self) {
        if self.dirty() {
            let recovery = recovery_path(&self.profile_path);
            let written = crate::core::save::render_profile(&self.profile_source, &self.profile)
                .map_err(|e| e.to_string())
                .and_then(|text| {
                    crate::common::atomic::write_atomically(&recovery, &text)
                        .map_err(|e| e.to_string())
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
        self.quit = true;
    }

    fn packs_opened(&mut self, opened: Result<LivePacks, PackError>) {
        match opened {
            Ok(packs) => {
                self.packs = packs;
                self.packs_ready();
            }
            Err(error) => {
                self.packs_ready();
                self.set_error(format!("cannot open the packs: {error}"));
            }
        }
    }

    fn pack_loaded(&mut self, loaded: Loaded) {
        let noticed = loaded.noticed;
        match self.packs.apply(loaded) {
            Applied::Swapped { id, generation } => {
                self.packs_snapshot = None;
                self.request_all();
                self.reload_noticed = Some(noticed);
                // Only while the view shows them: the cases are run again when it opens anyway.
                let suffix = if self.view == View::Cases {
                    format!("; cases: {}", self.run_cases())
                } else {
                    String::new()
                };
                self.set_change_status(format!("reloaded {id} to generation {generation}"), suffix);
            }
            Applied::Failed {
                file,
                error,
                serving,
            } => {
                let serving = match serving {
                    Some(generation) => format!("; still serving generation {generation}"),
                    None => String::new(),
                };
                let name = file
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or("pack")
                    .to_string();
                self.set_error(format!("reload of {name} failed{serving}: {error}"));
            }
        }
    }

    fn profile_changed_on_disk(&mut self) {
        let text = match std::fs::read_to_string(&self.profile_path) {
            Ok(text) => text,
            // Mid-rename or removed: the next event brings the new file.
            Err(_) => return,
        };
        if text == self.profile_source {
            return;
        }
        if self.dirty() {
            self.overlay = Overlay::ProfileChanged { text };
        } else {
            self.load_profile_text(text);
        }
    }

    fn load_profile_text(&mut self, text: String) {
        match Profile::parse(&self.profile_path, &text) {
            Ok(profile) => {
                let exports_before: Vec<&str> =
                    self.profile.exports.iter().map(|e| e.id.as_str()).collect();
                let same_exports = exports_before
                    .iter()
                    .copied()
                    .eq(profile.exports.iter().map(|e| e.id.as_str()));
                self.profile_source = text;
                self.saved = profile.clone();
                if same_exports {
                    self.profile = profile;
                    self.request_all();
                } else {
                    // Results are laid out by export: those of the old list would land on the
                    // wrong rows. Marks are measured by export id, from what was shown.
                    let shown = self.cell_values();
                    self.profile = profile;
                    for column in &mut self.columns {
                        column.outcome = None;
                        column.shown = self.sequence;
                    }
                    self.request_all_from(shown);
                }
                self.row = self.row.min(self.visible_exports().len());
                self.set_change_status("profile reloaded from disk", String::new());
            }
            Err(error) => self.set_error(format!(
                "profile on disk is invalid, still showing the last good version: {error}"
            )),
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

fn needs_persons(kind: DataKind) -> bool {
    matches!(kind, DataKind::Personal | DataKind::Genetic)
}
