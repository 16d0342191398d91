//! Zone evaluations off the UI thread.
//!
//! Each zone has its own worker thread, so a zone whose pack hangs (until the runner's deadline
//! ends the call) delays no other zone. A worker holds at most one waiting job: a newer request
//! for the zone replaces one not yet started, so a burst of edits costs one evaluation per zone
//! rather than a queue. Results go back through the event loop's own channel, tagged with the
//! sequence number of their request; the dashboard drops any result older than what it shows.
//!
//! The planner ([`PlanJob`]) runs on a worker of its own, the same way: it evaluates every zone
//! and every list that could be applied by reference, so it must not hold up keys either. So do
//! the golden cases of the cases view ([`CasesJob`]) and the memo ([`MemoJob`]).
//!
//! Workers are never joined: quitting while a pack hangs must not wait for it. A worker ends
//! when the [`Workers`] are dropped and its current call returns; the runner of a hung call is
//! ended by the host at its deadline, or ends itself when this process exits.

use super::memo::{MemoJob, MemoWritten};
use super::views::cases::{CasesOutcome, CasesRan, CasesRun, CasesSaid};
use crate::cases::{find_cases_dir, run_pack_cases};
use crate::core::engine::{evaluate_zone_with, ZoneEvaluation};
use crate::core::ledger::LedgerCounts;
use crate::core::plan::{plan, Plan};
use crate::core::profile::Profile;
use crate::core::zones::{Zone, Zones};
use crate::host::LivePacks;
use std::path::PathBuf;
use std::sync::{mpsc, Arc, Condvar, Mutex, OnceLock, PoisonError};
use std::time::Instant;

/// Frees `value` on a thread kept for that. A zone's replaced result for thousands of exports
/// takes long enough to free that a key pressed meanwhile would wait for it on the UI thread.
pub fn drop_elsewhere<T: Send + 'static>(value: T) {
    static BIN: OnceLock<Option<mpsc::Sender<Box<dyn Send>>>> = OnceLock::new();
    let bin = BIN.get_or_init(|| {
        let (sender, receiver) = mpsc::channel::<Box<dyn Send>>();
        std::thread::Builder::new()
            .name("drop".into())
            .spawn(move || receiver.into_iter().for_each(drop))
            .ok()
            .map(|_| sender)
    });
    // Without the thread (it could not start), freed here as it would have been.
    if let Some(sender) = bin {
        let _ = sender.send(Box::new(value));
    }
}

/// One zone to evaluate: the profile and packs as they were when it was asked for.
#[derive(Debug, Clone)]
pub struct EvaluationJob {
    /// The zone's column.
    pub column: usize,
    /// Increases with every request; a result carries its request's number.
    pub sequence: u64,
    pub zone: Zone,
    pub profile: Arc<Profile>,
    pub packs: Arc<LivePacks>,
    /// The counts of the profile's transfer ledger, when it names one.
    pub ledger: Option<Arc<LedgerCounts>>,
}

/// A zone's result, for the request numbered `sequence`.
#[derive(Debug, Clone)]
pub struct Evaluated {
    pub column: usize,
    pub sequence: u64,
    pub outcome: Result<ZoneEvaluation, String>,
}

impl EvaluationJob {
    /// Evaluates the zone here and now (on whatever thread calls it).
    pub fn run(self) -> Evaluated {
        let started = Instant::now();
        let outcome = evaluate_zone_with(
            &self.zone,
            &*self.packs,
            &self.profile,
            self.ledger.as_deref(),
        )
        .map_err(|e| e.to_string());
        tracing::debug!(
            zone = %self.zone.id,
            sequence = self.sequence,
            ms = started.elapsed().as_secs_f64() * 1000.0,
            "zone evaluated"
        );
        Evaluated {
            column: self.column,
            sequence: self.sequence,
            outcome,
        }
    }
}

/// The planner's question: the profile, zones and packs as they were when it was asked.
#[derive(Debug, Clone)]
pub struct PlanJob {
    /// Increases with every request; the answer carries its request's number.
    pub sequence: u64,
    pub profile: Arc<Profile>,
    pub zones: Arc<Zones>,
    pub packs: Arc<LivePacks>,
    /// The counts of the profile's transfer ledger, when it names one.
    pub ledger: Option<Arc<LedgerCounts>>,
}

/// The planner's answer to the request numbered `sequence`.
#[derive(Debug, Clone)]
pub struct Planned {
    pub sequence: u64,
    pub plan: Plan,
}

impl PlanJob {
    /// Plans here and now (on whatever thread calls it).
    pub fn run(self) -> Planned {
        let started = Instant::now();
        let descriptions: Vec<_> = self
            .packs
            .loaded()
            .filter_map(|live| live.current.as_ref())
            .map(|pack| &pack.description)
            .collect();
        let planned = plan(
            &self.profile,
            &self.zones,
            &*self.packs,
            &descriptions,
            self.ledger.as_deref(),
        );
        tracing::debug!(
            sequence = self.sequence,
            ms = started.elapsed().as_secs_f64() * 1000.0,
            "plan computed"
        );
        Planned {
            sequence: self.sequence,
            plan: planned,
        }
    }
}

/// The golden cases of every loaded pack that has them, against the packs serving when asked.
#[derive(Debug, Clone)]
pub struct CasesJob {
    /// Increases with every request; the results carry their request's number.
    pub sequence: u64,
    pub packs: Arc<LivePacks>,
    pub zones: Arc<Zones>,
    /// Where to look for `packs/<id>/cases` (there and above); `None`: from the current
    /// directory up, as `pack test` finds them.
    pub from: Option<PathBuf>,
    pub said: CasesSaid,
}

impl CasesJob {
    /// Runs the cases here and now, with the same code as `pack test`.
    pub fn run(self) -> CasesRan {
        let runs = self
            .packs
            .loaded()
            .filter_map(|live| live.current.as_ref().map(|pack| (live, pack)))
            .map(|(live, pack)| {
                let description = &pack.description;
                let found = match &self.from {
                    None => find_cases_dir(&description.id),
                    Some(start) => start
                        .ancestors()
                        .map(|dir| dir.join("packs").join(&description.id).join("cases"))
                        .find(|dir| dir.is_dir()),
                };
                let outcome = match found {
                    None => CasesOutcome::NoCases,
                    Some(dir) => {
                        match run_pack_cases(description, &dir, &self.zones, &*self.packs) {
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
        CasesRan {
            sequence: self.sequence,
            runs,
            said: self.said,
        }
    }
}

/// Work for a worker thread of its own: what it returns goes back to the event loop.
pub trait Job: Send + 'static {
    type Done: Send + 'static;
    /// The worker thread's name.
    const WORKER: &'static str;
    fn run(self) -> Self::Done;
}

impl Job for PlanJob {
    type Done = Planned;
    const WORKER: &'static str = "planner";
    fn run(self) -> Planned {
        PlanJob::run(self)
    }
}

impl Job for CasesJob {
    type Done = CasesRan;
    const WORKER: &'static str = "cases";
    fn run(self) -> CasesRan {
        CasesJob::run(self)
    }
}

impl Job for MemoJob {
    type Done = MemoWritten;
    const WORKER: &'static str = "memo";
    fn run(self) -> MemoWritten {
        MemoJob::run(self)
    }
}

/// The job waiting for one worker, and whether the workers are being dropped.
struct Slot<J> {
    state: Mutex<SlotState<J>>,
    wake: Condvar,
}

impl<J> Default for Slot<J> {
    fn default() -> Self {
        Slot {
            state: Mutex::new(SlotState {
                next: None,
                closed: false,
            }),
            wake: Condvar::new(),
        }
    }
}

struct SlotState<J> {
    next: Option<J>,
    closed: bool,
}

impl<J> Slot<J> {
    /// Leaves `job` for the worker, replacing one not yet started (returned).
    fn put(&self, job: J) -> Option<J> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let replaced = state.next.replace(job);
        drop(state);
        self.wake.notify_one();
        replaced
    }

    fn close(&self) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.closed = true;
        state.next = None;
        drop(state);
        self.wake.notify_one();
    }
}

/// One worker thread per zone column.
pub struct Workers {
    slots: Vec<Arc<Slot<EvaluationJob>>>,
    deliver: Arc<dyn Fn(Evaluated) + Send + Sync>,
}

impl Workers {
    /// No threads yet: each starts with its column's first job. `deliver` sends a result to the
    /// event loop.
    pub fn new(deliver: impl Fn(Evaluated) + Send + Sync + 'static) -> Workers {
        Workers {
            slots: Vec::new(),
            deliver: Arc::new(deliver),
        }
    }

    /// Hands a job to its column's worker, replacing a job of that column not yet started.
    pub fn submit(&mut self, job: EvaluationJob) {
        while self.slots.len() <= job.column {
            let slot = Arc::new(Slot::default());
            let deliver = Arc::clone(&self.deliver);
            let worker_slot = Arc::clone(&slot);
            let spawned = std::thread::Builder::new()
                .name(format!("zone-{}", self.slots.len()))
                .spawn(move || work(&worker_slot, EvaluationJob::run, &*deliver));
            if let Err(error) = spawned {
                // Without a thread the zone is evaluated here: slower, never wrong.
                tracing::error!(%error, "cannot start a zone worker; evaluating on the UI thread");
                (self.deliver)(job.run());
                return;
            }
            self.slots.push(slot);
        }
        if let Some(replaced) = self.slots[job.column].put(job) {
            tracing::debug!(
                zone = %replaced.zone.id,
                sequence = replaced.sequence,
                "superseded before it started"
            );
        }
    }
}

impl Drop for Workers {
    fn drop(&mut self) {
        for slot in &self.slots {
            slot.close();
        }
    }
}

/// One worker thread for one kind of [`Job`], started with its first job; a job not yet
/// started is replaced by a newer one (only the latest answer is shown).
pub struct Solo<J: Job> {
    slot: Option<Arc<Slot<J>>>,
    deliver: Arc<dyn Fn(J::Done) + Send + Sync>,
}

/// The planner's worker.
pub type Planner = Solo<PlanJob>;

impl<J: Job> Solo<J> {
    /// `deliver` sends an answer to the event loop.
    pub fn new(deliver: impl Fn(J::Done) + Send + Sync + 'static) -> Solo<J> {
        Solo {
            slot: None,
            deliver: Arc::new(deliver),
        }
    }

    /// Hands a job to the worker, replacing one not yet started.
    pub fn submit(&mut self, job: J) {
        if self.slot.is_none() {
            let slot = Arc::new(Slot::default());
            let deliver = Arc::clone(&self.deliver);
            let worker_slot = Arc::clone(&slot);
            let spawned = std::thread::Builder::new()
                .name(J::WORKER.into())
                .spawn(move || work(&worker_slot, J::run, &*deliver));
            if let Err(error) = spawned {
                tracing::error!(%error, worker = J::WORKER, "cannot start a worker; running its job on the UI thread");
                (self.deliver)(job.run());
                return;
            }
            self.slot = Some(slot);
        }
        if let Some(slot) = &self.slot {
            if slot.put(job).is_some() {
                tracing::debug!(worker = J::WORKER, "job superseded before it started");
            }
        }
    }
}

impl<J: Job> Drop for Solo<J> {
    fn drop(&mut self) {
        if let Some(slot) = &self.slot {
            slot.close();
        }
    }
}

fn work<J, R>(slot: &Slot<J>, run: fn(J) -> R, deliver: &dyn Fn(R)) {
    loop {
        let job = {
            let mut state = slot.state.lock().unwrap_or_else(PoisonError::into_inner);
            loop {
                if state.closed {
                    return;
                }
                if let Some(job) = state.next.take() {
                    break job;
                }
                state = slot
                    .wake
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner);
            }
        };
        // `run` consumes the job: its snapshot of the packs is released before the result is
        // sent, so a replaced generation's runner ends as soon as no evaluation needs it.
        deliver(run(job));
    }
}

#[cfg(test)]
mod drop_tests {
    use super::drop_elsewhere;
    use std::sync::mpsc;
    use std::time::Duration;

    /// Says on which thread it was freed.
    struct Noisy(mpsc::Sender<std::thread::ThreadId>);

    impl Drop for Noisy {
        fn drop(&mut self) {
            let _ = self.0.send(std::thread::current().id());
        }
    }

    #[test]
    fn a_value_given_away_is_freed_on_another_thread() {
        let (sender, receiver) = mpsc::channel();
        drop_elsewhere(Noisy(sender));
        let freed_on = receiver
            .recv_timeout(Duration::from_secs(10))
            .expect("the value is freed");
        assert_ne!(freed_on, std::thread::current().id());
    }
}
