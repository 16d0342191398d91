//! Dashboard state and how events change it. Nothing here touches the terminal, writes a file
//! or runs pack code, so every behaviour is testable without a terminal; the screens draw from
//! `&Dashboard`.
//!
//! [`Dashboard`] is the router: it holds what every view shares (the profile, the zone columns
//! and their marks, the status line) and hands each action to the view shown (`views`), which
//! says whether it used it. What reaches beyond the state (a save, the zone choices, the golden
//! cases, the memo, a rescan) is returned as [`Effect`]s for the event loop, whose outcomes come
//! back as events; a dashboard made with [`Dashboard::new`] carries them out at once itself.
//!
//! Zones are evaluated by requests, each numbered: a dashboard made with [`Dashboard::new`] runs
//! them at once on the calling thread; one made with [`Dashboard::in_background`] leaves them in
//! [`Dashboard::take_jobs`] for workers, and their results come back as [`Event::Evaluated`]. A
//! zone with no result yet is *pending*; one whose shown result is being recomputed is *stale*;
//! a result older than the one shown is dropped.

use super::columns::ZoneColumn;
use super::effects::{Effect, Outcome, SaveProfile, SaveZoneChoices, Saved, ZoneChoicesSaved};
use super::keys::{Action, KeyMap};
use super::marks::{Marks, Shown};
use super::memo::MemoJob;
use super::views::cases::{CasesRan, CasesSaid, CasesView};
use super::views::edit::{self, EditCommand, EditState, Field};
use super::views::grid::{FilterAnswer, GridView, Reach};
use super::views::packs::PacksView;
use super::views::plan::PlanView;
use super::views::scroll::Scroll;
use super::views::zones::{self, ZonesAnswer};
use super::views::{Handled, View};
use super::workers::{drop_elsewhere, CasesJob, Evaluated, EvaluationJob, PlanJob, Planned};
use super::zone_columns::{display_order, ZoneChoices};
use crate::core::profile::Profile;
use crate::core::zones::Zones;
use crate::host::{Applied, LivePacks, Loaded, PackError};
use crate::render::report::data_text;
use crossterm::event::{KeyCode, KeyEvent};
use ftzroute_plugin_api::Route;
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help(Scroll),
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
    /// A reload asked for with the reload key is over: this many files changed.
    PacksRescanned {
        changed: usize,
    },
    /// A zone's result.
    Evaluated(Box<Evaluated>),
    /// The planner's answer.
    Planned(Box<Planned>),
    /// What an effect came to (a save, the cases, the memo).
    Done(Box<Outcome>),
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
    /// Run each request and carry out each effect at once (no workers, no event loop).
    inline: bool,
    /// Requests for the workers, in the background mode.
    jobs: Vec<EvaluationJob>,
    /// A plan request waiting for the planner (background mode).
    plan_job: Option<PlanJob>,
    /// What the event loop is to do for the event being handled.
    effects: Vec<Effect>,
    /// The packs as the workers evaluate with them, shared until they change.
    packs_snapshot: Option<Arc<LivePacks>>,
    /// Zones hidden and pinned by the user.
    pub zone_choices: ZoneChoices,
    /// Where the choices are saved when they change; `None`: not saved.
    pub choices_file: Option<PathBuf>,
    pub grid: GridView,
    pub packs_view: PacksView,
    pub plan: PlanView,
    pub cases: CasesView,
    pub view: View,
    pub overlay: Overlay,
    /// How many zones the zones overlay had room for in the last frame: a page of it.
    pub zones_page: Cell<usize>,
    /// The filter and the rows it let through, as `visible_exports` last found them.
    visible: RefCell<Option<(String, Arc<[usize]>)>>,
    pub status: Option<Status>,
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
            plan_job: None,
            effects: Vec::new(),
            packs_snapshot: None,
            zone_choices: ZoneChoices::default(),
            choices_file: None,
            grid: GridView::default(),
            packs_view: PacksView::default(),
            plan: PlanView::default(),
            cases: CasesView::default(),
            view: View::Main,
            overlay: Overlay::None,
            zones_page: Cell::new(1),
            visible: RefCell::new(None),
            status: None,
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
        self.visible.get_mut().take();
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
        let packs = self.packs_snapshot();
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
        let serving = self
            .packs
            .loaded()
            .filter_map(|live| live.current.as_ref())
            .map(|pack| pack as &dyn crate::core::pack::RulePack);
        crate::core::ledger::windows_for(&self.profile, serving)
    }

    fn request_plan(&mut self) {
        let sequence = self.plan.next_request();
        if self.packs_loading {
            // Asked again when the packs arrive.
            return;
        }
        let packs = self.packs_snapshot();
        let windows = self.ledger_windows();
        let ledger = self
            .ledger
            .refresh(&self.profile, &windows)
            .cloned()
            .map(Arc::new);
        let job = PlanJob {
            sequence,
            profile: Arc::new(self.profile.clone()),
            zones: Arc::new(self.zones.clone()),
            packs,
            ledger,
        };
        if self.inline {
            let answer = job.run();
            self.plan.planned(answer.sequence, answer.plan);
        } else {
            self.plan_job = Some(job);
        }
    }

    /// The planner is working on the latest request (no answer yet, or an outdated one shown).
    pub fn plan_awaiting(&self) -> bool {
        self.plan.awaiting()
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
        if !order.contains(&self.grid.column) {
            // The next shown column to the right in configured order, else the last one left.
            let next = order
                .iter()
                .copied()
                .filter(|c| *c > self.grid.column)
                .min()
                .or_else(|| order.iter().copied().max());
            if let Some(column) = next {
                self.grid.column = column;
                self.grid.detail.reset();
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
            Some(file) => self.effects.push(Effect::SaveZoneChoices(SaveZoneChoices {
                file: file.clone(),
                choices: self.zone_choices.clone(),
                said,
            })),
            None => self.set_status(said),
        }
    }

    fn zone_choices_saved(&mut self, saved: ZoneChoicesSaved) {
        match saved.error {
            None => self.set_status(saved.said),
            Some(error) => {
                self.set_error(format!("{}; not saved for next time: {error}", saved.said))
            }
        }
    }

    /// The selected column's neighbour in display order (`step` -1 or +1), or itself at an end.
    fn neighbour_column(&self, step: isize) -> usize {
        let (order, _) = self.column_order();
        match order.iter().position(|c| *c == self.grid.column) {
            Some(at) => {
                let to = (at as isize + step).clamp(0, order.len() as isize - 1);
                order[to as usize]
            }
            None => order.first().copied().unwrap_or(self.grid.column),
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
            drop_elsewhere(result);
            return;
        }
        // The baseline of the marks may share the replaced result: whoever lets go of it last
        // frees it, here on its own thread.
        if let Some(replaced) = column.outcome.replace(Arc::new(result.outcome)) {
            drop_elsewhere(replaced);
        }
        column.shown = result.sequence;
        self.marked
            .zone_landed(&column.zone.id, column.outcome.as_ref());
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
            // Without a filter nothing is hidden: no set of every export id is built per frame.
            let hidden = if self.grid.filter.is_empty() || self.marked.is_empty() {
                0
            } else {
                let visible: HashSet<&str> = self
                    .visible_exports()
                    .iter()
                    .map(|&i| self.profile.exports[i].id.as_str())
                    .collect();
                self.marked.outside(&visible)
            };
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

    /// The exports the filter lets through, in profile order. A frame asks several times and
    /// a profile may hold thousands: kept until the filter or the profile changes (every change
    /// of the profile asks for the zones again, which drops it).
    pub fn visible_exports(&self) -> Arc<[usize]> {
        let mut cache = self.visible.borrow_mut();
        if let Some((filter, rows)) = cache.as_ref() {
            if *filter == self.grid.filter {
                return rows.clone();
            }
        }
        let rows: Arc<[usize]> = self.filter_exports().into();
        *cache = Some((self.grid.filter.clone(), rows.clone()));
        rows
    }

    fn filter_exports(&self) -> Vec<usize> {
        let needle = self.grid.filter.to_lowercase();
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
        self.visible_exports().get(self.grid.row).copied()
    }

    pub fn selected_column(&self) -> Option<&ZoneColumn> {
        self.columns.get(self.grid.column)
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

    /// Handles one event; returns what the event loop must do for it. A dashboard made with
    /// [`Dashboard::new`] carries out at once what it can, and returns only the rescan.
    pub fn handle(&mut self, event: Event) -> Vec<Effect> {
        self.take_in(event);
        let effects = std::mem::take(&mut self.effects);
        if !self.inline {
            return effects;
        }
        let mut left = Vec::new();
        for effect in effects {
            match effect {
                Effect::RescanPacks => left.push(effect),
                effect => {
                    if let Some(outcome) = effect.run_here() {
                        left.extend(self.handle(Event::Done(Box::new(outcome))));
                    }
                }
            }
        }
        left
    }

    fn take_in(&mut self, event: Event) {
        match event {
            Event::Key(key) => self.handle_key(key),
            Event::Resize => {}
            Event::ScrollUp => self.act(Action::Up),
            Event::ScrollDown => self.act(Action::Down),
            Event::PacksOpened(opened) => self.packs_opened(*opened),
            Event::PackLoaded(loaded) => self.pack_loaded(*loaded),
            Event::PacksRescanned { changed: 0 } => {
                self.set_status("no pack changed: every pack file is the one already serving")
            }
            // Each changed pack said what it came to as it landed.
            Event::PacksRescanned { .. } => {}
            Event::Evaluated(result) => self.evaluated(*result),
            Event::Planned(answer) => self.plan.planned(answer.sequence, answer.plan),
            Event::Done(outcome) => match *outcome {
                Outcome::CasesRan(ran) => self.cases_ran(ran),
                Outcome::Saved(saved) => self.saved(*saved),
                Outcome::ZoneChoicesSaved(saved) => self.zone_choices_saved(saved),
                Outcome::MemoWritten(Ok(said)) => self.set_status(said),
                Outcome::MemoWritten(Err(said)) => self.set_error(said),
            },
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
    }

    /// The actions the hint bar offers where the user is, most useful first; their keys and
    /// words come from the key table.
    pub fn offers(&self) -> &'static [Action] {
        match (&self.overlay, self.view) {
            (Overlay::Edit(_), _) => edit::OFFERS,
            (Overlay::Help(_), _) => &[Action::Back, Action::Quit],
            (Overlay::Zones { .. }, _) => zones::OFFERS,
            (_, View::Packs) => PacksView::OFFERS,
            (_, View::Plan) => PlanView::OFFERS,
            (_, View::Cases) => CasesView::OFFERS,
            (_, View::Main) => self.grid.offers(),
        }
    }

    fn handle_key(&mut self, key: KeyEvent) {
        if key.kind == crossterm::event::KeyEventKind::Release {
            return;
        }
        let action = self.keymap.action(&key);
        match self.overlay.clone() {
            Overlay::Filter => {
                match self.grid.filter_key(key, action) {
                    FilterAnswer::Typing => {}
                    FilterAnswer::Close => self.overlay = Overlay::None,
                    FilterAnswer::Quit => self.request_quit(),
                }
                self.grid.row = self.grid.row.min(self.visible_exports().len());
                return;
            }
            Overlay::ConfirmQuit => {
                match key.code {
                    KeyCode::Char('w') => {
                        self.save(true);
                        self.overlay = Overlay::None;
                    }
                    KeyCode::Char('d') => self.quit = true,
                    KeyCode::Esc => self.overlay = Overlay::None,
                    _ => {}
                }
                return;
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
                return;
            }
            Overlay::Edit(state) => {
                self.edit_key(state, key, action);
                return;
            }
            Overlay::Help(scroll) => {
                match action {
                    Some(action) if scroll.act(action) => self.overlay = Overlay::Help(scroll),
                    Some(Action::Quit) => self.request_quit(),
                    Some(_) => self.overlay = Overlay::None,
                    None => {}
                }
                return;
            }
            Overlay::Zones { selected } => {
                self.zones_key(selected, key, action);
                return;
            }
            Overlay::None => {}
        }
        let Some(action) = action else {
            return;
        };
        if action == Action::ReloadPacks {
            if self.view == View::Cases {
                // Case files are not watched: an author who edited one asks for a run here.
                self.run_cases(CasesSaid::Rerun);
            }
            self.set_status("reloading changed packs ...");
            self.effects.push(Effect::RescanPacks);
            return;
        }
        self.act(action);
    }

    /// Performs a keymap action outside overlays: the view shown has it first.
    pub fn act(&mut self, action: Action) {
        let handled = match self.view {
            View::Main => {
                let reach = Reach {
                    rows: self.visible_exports().len() + 1,
                    left: self.neighbour_column(-1),
                    right: self.neighbour_column(1),
                };
                self.grid.act(action, reach)
            }
            View::Packs => self.packs_view.act(action),
            View::Plan => self.plan.act(action),
            View::Cases => self.cases.act(action),
        };
        match handled {
            Handled::Done => {}
            // Moving on acknowledges the marked cells.
            Handled::Moved => self.acknowledge(),
            Handled::Show(view) => self.show(view),
            Handled::ShowZones => {
                self.overlay = Overlay::Zones {
                    selected: self.grid.column,
                }
            }
            Handled::Ignored => match action {
                Action::Help => self.overlay = Overlay::Help(Scroll::default()),
                Action::Quit => self.request_quit(),
                Action::Save => self.save(false),
                _ if self.view == View::Main => self.grid_action(action),
                _ => {}
            },
        }
    }

    /// The main view's actions beyond the grid's own: they edit, save and filter.
    fn grid_action(&mut self, action: Action) {
        match action {
            Action::Back => {
                self.acknowledge();
                self.status = None;
            }
            Action::Edit => match self.selected_export() {
                Some(export) => self.overlay = Overlay::Edit(EditState::new(export)),
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
            Action::Memo => self.write_memo(),
            Action::Filter => self.overlay = Overlay::Filter,
            Action::HideZone => self.toggle_hidden(self.grid.column),
            Action::PinZone => self.toggle_pinned(self.grid.column),
            _ => {}
        }
    }

    fn show(&mut self, view: View) {
        match view {
            View::Main => {}
            View::Packs => self.packs_view.scroll.reset(),
            View::Cases => {
                self.cases.scroll.reset();
                self.run_cases(CasesSaid::Nothing);
            }
            View::Plan => {
                self.plan.scroll.reset();
                // Set before the request: a plan is asked for while the view shows it.
                self.view = View::Plan;
                self.request_plan();
            }
        }
        self.view = view;
    }

    fn zones_key(&mut self, selected: usize, key: KeyEvent, action: Option<Action>) {
        let page = self.zones_page.get();
        match zones::act(selected, self.columns.len(), page, key, action) {
            ZonesAnswer::Select(selected) => self.overlay = Overlay::Zones { selected },
            ZonesAnswer::ToggleHidden(selected) => {
                self.toggle_hidden(selected);
                self.overlay = Overlay::Zones { selected };
            }
            ZonesAnswer::TogglePinned(selected) => {
                self.toggle_pinned(selected);
                self.overlay = Overlay::Zones { selected };
            }
            ZonesAnswer::Close => self.overlay = Overlay::None,
            ZonesAnswer::Help => self.overlay = Overlay::Help(Scroll::default()),
            ZonesAnswer::Quit => {
                self.overlay = Overlay::None;
                self.request_quit();
            }
        }
    }

    /// Asks for the golden cases of every loaded pack that has them (`packs/<id>/cases` from
    /// the current directory up, as `pack test` finds them) to be run against the packs
    /// serving now, with the same code as `pack test`.
    fn run_cases(&mut self, said: CasesSaid) {
        let job = CasesJob {
            sequence: self.cases.next_request(),
            packs: self.packs_snapshot(),
            zones: Arc::new(self.zones.clone()),
            from: self.cases.from.clone(),
            said,
        };
        self.effects.push(Effect::RunCases(job));
    }

    fn cases_ran(&mut self, ran: CasesRan) {
        if !self.cases.ran(&ran) {
            return;
        }
        let summary = self.cases.summary();
        match ran.said {
            CasesSaid::Nothing => {}
            CasesSaid::AfterReload(reload) => {
                if let Some(status) = &mut self.status {
                    if status.text == reload {
                        status.suffix = format!("; cases: {summary}");
                    }
                }
            }
            CasesSaid::Rerun => self.set_status(format!(
                "cases run again: {summary}; reloading changed packs ..."
            )),
        }
    }

    /// "N passed, M failed" over every pack's cases, and how many packs had an unreadable case.
    pub fn cases_summary(&self) -> String {
        self.cases.summary()
    }

    /// The packs as the workers use them, shared until they change.
    fn packs_snapshot(&mut self) -> Arc<LivePacks> {
        Arc::clone(
            self.packs_snapshot
                .get_or_insert_with(|| Arc::new(self.packs.clone())),
        )
    }

    fn request_quit(&mut self) {
        if self.dirty() {
            self.overlay = Overlay::ConfirmQuit;
        } else {
            self.quit = true;
        }
    }

    fn edit_key(&mut self, mut state: EditState, key: KeyEvent, action: Option<Action>) {
        let field = state.field();
        match state.key(key, action) {
            EditCommand::Nothing => {}
            EditCommand::Apply(typed) => {
                state.error =
                    match edit::apply_typed(&mut self.profile, state.export, field, &typed) {
                        Ok(what) => {
                            self.after_edit(what);
                            None
                        }
                        Err(error) => Some(error),
                    }
            }
            EditCommand::Toggle => self.toggle_flag(state.export, field),
            EditCommand::Step(delta) => {
                if field == Field::AsOf {
                    if let Some(what) = edit::step_date(&mut self.profile, delta) {
                        self.after_edit(what);
                    }
                } else if field.is_flag() {
                    self.toggle_flag(state.export, field);
                } else {
                    state.error = self.step_number(state.export, field, delta).err();
                }
            }
            EditCommand::JumpNext => self.jump_to_next_edge(),
            EditCommand::Save => self.save(false),
            EditCommand::Help => {
                self.overlay = Overlay::Help(Scroll::default());
                return;
            }
            EditCommand::Close => {
                self.overlay = Overlay::None;
                return;
            }
            EditCommand::Quit => {
                self.overlay = Overlay::None;
                self.request_quit();
                return;
            }
        }
        self.overlay = Overlay::Edit(state);
    }

    fn set_number(&mut self, export: usize, field: Field, value: u64) -> Result<(), String> {
        let what = edit::set_number(&mut self.profile, export, field, value)?;
        self.after_edit(what);
        Ok(())
    }

    /// Steps a number; a refusal is shown in the status line too.
    fn step_number(&mut self, export: usize, field: Field, delta: i64) -> Result<(), String> {
        match edit::step_number(&mut self.profile, export, field, delta) {
            Ok(what) => {
                self.after_edit(what);
                Ok(())
            }
            Err(refused) => {
                if refused.error {
                    self.set_error(refused.reason.clone());
                } else {
                    self.set_status(refused.reason.clone());
                }
                Err(refused.reason)
            }
        }
    }

    fn toggle_flag(&mut self, export: usize, field: Field) {
        if let Some(what) = edit::toggle_flag(&mut self.profile, export, field) {
            self.after_edit(what);
        }
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

    /// Asks for the profile to be saved; `then_quit`: and to quit once it is.
    pub fn save(&mut self, then_quit: bool) {
        self.effects.push(Effect::SaveProfile(SaveProfile {
            path: self.profile_path.clone(),
            source: self.profile_source.clone(),
            profile: self.profile.clone(),
            then_quit,
        }));
    }

    /// A save landed: what was saved is what unsaved edits are measured from.
    fn saved(&mut self, saved: Saved) {
        match saved.outcome {
            Ok(text) => {
                self.profile_source = text;
                self.saved = saved.profile;
                self.set_status(format!(
                    "saved {} (previous version kept as {}.bak)",
                    saved.path.display(),
                    saved.path.display()
                ));
                if saved.then_quit {
                    self.quit = true;
                }
            }
            Err(error) => self.set_error(format!("not saved: {error}")),
        }
    }

    /// Asks for the memo of the saved profile; the status line says where it went, or why not.
    pub fn write_memo(&mut self) {
        let job = MemoJob {
            profile_path: self.profile_path.clone(),
            profile_source: self.profile_source.clone(),
            saved: self.saved.clone(),
            dirty: self.dirty(),
            zones: Arc::new(self.zones.clone()),
            packs: self.packs_snapshot(),
        };
        self.effects.push(Effect::WriteMemo(job));
    }

    /// Ends without asking; unsaved edits go to a recovery file beside the profile rather than
    /// being lost.
    fn terminate(&mut self) {
        if self.dirty() {
            self.effects.push(Effect::WriteRecovery(SaveProfile {
                path: self.profile_path.clone(),
                source: self.profile_source.clone(),
                profile: self.profile.clone(),
                then_quit: true,
            }));
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
                let reloaded = format!("reloaded {id} to generation {generation}");
                self.set_change_status(reloaded.clone(), String::new());
                // Only while the view shows them: the cases are run again when it opens anyway.
                if self.view == View::Cases {
                    self.run_cases(CasesSaid::AfterReload(reloaded));
                }
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
                self.grid.row = self.grid.row.min(self.visible_exports().len());
                self.set_change_status("profile reloaded from disk", String::new());
            }
            Err(error) => self.set_error(format!(
                "profile on disk is invalid, still showing the last good version: {error}"
            )),
        }
    }
}

#[cfg(test)]
mod tests;
