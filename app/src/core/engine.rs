//! The engine: composes zones from packs, asks the deciding pack, and computes headroom.
//!
//! It knows routes, zones and profiles, and not one threshold: every number comes from a pack.

use crate::common::dates::{format_date, parse_date};
use crate::core::obligations::calendar::WorkCalendar;
use crate::core::obligations::{obligations_shared, DueObligation, ExportFacts, SharedDuties};
use crate::core::pack::{FaultKind, PackFault, PackSource, RulePack};
use crate::core::profile::Profile;
use crate::core::zones::Zone;
use ftzroute_plugin_api::{
    Count, CountGroup, CountingWindow, Description, EvaluateRequest, EvaluateResponse, Outcome,
    Probe, Route, Rule, Step, LEDGER_MINOR,
};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;
use time::Date;

/// Above this many counted persons no search goes: more than every person alive.
pub const SEARCH_LIMIT: u64 = 10_000_000_000;

/// Why a zone could not be judged: the pack it needed failed (or was missing, refused, or not
/// deterministic). Other zones are not affected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("zone `{zone}`: {fault}")]
pub struct EngineError {
    pub zone: String,
    pub fault: PackFault,
}

/// A zone that could not be judged, as a report shows it in its place.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneFailure {
    pub zone: String,
    pub name: String,
    pub fault: PackFault,
}

/// A zone in a report: judged, or the fault of the pack it needed.
pub type ZoneResult = Result<ZoneEvaluation, Box<ZoneFailure>>;

/// [`evaluate_zone`], keeping the zone's name with a failure: what a report of several zones
/// needs, where one zone's failure takes nothing from the others.
pub fn judge_zone(zone: &Zone, packs: &dyn PackSource, profile: &Profile) -> ZoneResult {
    evaluate_zone(zone, packs, profile).map_err(|error| {
        Box::new(ZoneFailure {
            zone: error.zone,
            name: zone.name.clone(),
            fault: error.fault,
        })
    })
}

/// One profile judged under one zone.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneEvaluation {
    pub zone: String,
    pub name: String,
    /// The zone's summary: the strictest route of the exports when every export is determined,
    /// `undetermined` as soon as one is not (see [`summary_route`]).
    pub route: Route,
    pub undetermined: usize,
    /// When the summary is undetermined: what the determined exports already require.
    pub floor: Option<Floor>,
    pub exports: Vec<ExportEvaluation>,
    /// When the persons were counted from a transfer ledger: the window they were counted in.
    pub counted: Option<CountedWindow>,
    /// Every counting group the deciding pack declared, each once with all its members (an
    /// export's count may name its group by key only: see [`Self::group_of`]).
    pub groups: Vec<CountGroup>,
    /// Where each group's key stands in `groups`: a zone of thousands of exports may have as
    /// many groups (a CIIO's each of one export), and finding each by a search is quadratic.
    group_positions: HashMap<String, usize>,
    /// How much of its instrument the deciding pack encodes; `None` when no pack decides.
    pub coverage: Option<crate::core::coverage::ZoneCoverage>,
}

impl ZoneEvaluation {
    /// A zone's judgement of `exports` (counted in `groups`): its summary follows from them; no
    /// ledger window and no coverage until set.
    pub fn of(
        zone: &str,
        name: &str,
        exports: Vec<ExportEvaluation>,
        groups: Vec<CountGroup>,
    ) -> ZoneEvaluation {
        let undetermined = exports
            .iter()
            .filter(|e| e.route == Route::Undetermined)
            .count();
        let (route, floor) = summary_route(&exports);
        ZoneEvaluation {
            zone: zone.to_string(),
            name: name.to_string(),
            route,
            undetermined,
            floor,
            exports,
            counted: None,
            group_positions: groups
                .iter()
                .enumerate()
                .map(|(position, group)| (group.key.clone(), position))
                .collect(),
            groups,
            coverage: None,
        }
    }

    /// The counting group export `export` was counted in, with all its members.
    pub fn group_of(&self, export: &ExportEvaluation) -> Option<&CountGroup> {
        let key = &export.count.as_ref()?.group.as_ref()?.key;
        self.groups.get(*self.group_positions.get(key)?)
    }
}

/// The window a ledger was counted in for a zone: the deciding pack's, from its first day to
/// `as_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountedWindow {
    pub window: CountingWindow,
    pub from: Date,
    pub to: Date,
}

impl CountedWindow {
    /// "2022-01-01 to 2023-06-01 (from 1 January of the previous year)".
    pub fn words(&self) -> String {
        format!(
            "{} to {} ({})",
            format_date(self.from),
            format_date(self.to),
            self.window.words()
        )
    }
}

/// What is known of an undetermined zone: the strictest route its determined exports take, and
/// which exports take it. The zone needs at least this; the undetermined exports may need more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Floor {
    pub route: Route,
    pub exports: Vec<String>,
}

/// One export judged under one zone.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportEvaluation {
    pub id: String,
    pub route: Route,
    /// The deciding pack's id and edition, and when it is in force (see [`validity`]).
    pub pack: Option<String>,
    pub edition: Option<String>,
    pub validity: Option<String>,
    /// The rule that decided, with its citation: shared by every export it decided.
    pub rule: Option<Arc<Rule>>,
    pub list_item: Option<u32>,
    pub basis: String,
    /// The persons the thresholds were compared with, after exclusions: the export's own, or
    /// the total of its counting group (a scenario, the handler's sensitive PI) when the pack
    /// adds other exports in; with a ledger, the group's exact count.
    pub counted_persons: Option<u64>,
    /// The smallest `counted_persons` at which the route gets stricter (the export's own new
    /// persons raise it one for one).
    pub next: Option<Next>,
    pub count: Option<Count>,
    pub ladder: Vec<Step>,
    pub notes: Vec<String>,
    /// The provision under which the deciding pack, another zone's list, was applied by
    /// reference (e.g. "Jiangsu Measures Art. 24"); `None` for the zone's own packs.
    pub by_reference: Option<String>,
    /// The duties the zone's packs attach to this export, dated from the profile.
    pub obligations: Vec<DueObligation>,
    /// The last day of the deciding list's trial period, when `as_of` is past it: the route
    /// stands only if the list was extended or replaced unchanged.
    pub trial_ended: Option<String>,
}

/// The smallest counted persons for an export (others unchanged) at which its route gets stricter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Next {
    pub route: Route,
    pub at_persons: u64,
}

/// Exact numbers of distinct persons per counting group (contract 1.2), from wherever they are
/// kept (a transfer ledger); the engine only asks.
pub trait GroupCounter {
    /// The count of every group, by key.
    fn group_counts(&self, groups: &[CountGroup]) -> BTreeMap<String, u64>;
    /// The window the persons (the profile's and the groups') were counted in.
    fn counted_window(&self) -> CountedWindow;
}

/// The pack's window of validity in words: "from 2025-08-13" or "2024-03-22 to 2026-03-21".
pub fn validity(description: &Description) -> String {
    let window = match &description.effective_until {
        Some(until) => format!("{} to {until}", description.effective_from),
        None => format!("from {}", description.effective_from),
    };
    match &description.trial_until {
        Some(trial) => format!("{window}, trial period until {trial}"),
        None => window,
    }
}

/// Is the pack in force on `as_of`? `Err` holds the sentence explaining why not.
fn in_force(pack: &dyn RulePack, as_of: Date) -> Result<(), String> {
    let description = pack.description();
    if pack.in_force().on(as_of) {
        return Ok(());
    }
    Err(format!(
        "{} (edition {}) is not in force on {} (in force {}); the zone falls back as if it were absent.",
        description.id,
        description.edition,
        format_date(as_of),
        validity(description)
    ))
}

/// Judges `profile` under `zone`.
pub fn evaluate_zone(
    zone: &Zone,
    packs: &dyn PackSource,
    profile: &Profile,
) -> Result<ZoneEvaluation, EngineError> {
    evaluate_zone_counted(zone, packs, profile, None)
}

/// The packs of a zone that apply to a profile: the deciding one, and those after it whose
/// duties reach the whole zone (the national baseline behind a list), with why others did not.
struct Selection<'p> {
    deciding: Option<&'p dyn RulePack>,
    consulted: Vec<&'p Description>,
    zone_notes: Vec<String>,
}

/// The first pack of the zone that covers the profile's sector and is in force on its `as_of`
/// decides. A pack that cannot be used before one decides fails the zone.
fn select<'p>(
    zone: &Zone,
    packs: &'p dyn PackSource,
    profile: &Profile,
) -> Result<Selection<'p>, EngineError> {
    let mut selection = Selection {
        deciding: None,
        consulted: Vec::new(),
        zone_notes: Vec::new(),
    };
    for pack_id in &zone.packs {
        let pack = match packs.pack(pack_id) {
            Ok(pack) => pack,
            Err(fault) if selection.deciding.is_none() => {
                return Err(EngineError {
                    zone: zone.id.clone(),
                    fault: fault.for_pack(pack_id),
                })
            }
            Err(fault) => {
                selection.zone_notes.push(format!(
                    "{pack_id} could not be consulted for the duties it adds to the zone: {}",
                    fault.for_pack(pack_id)
                ));
                continue;
            }
        };
        let applies = pack.description().covers_sector(&profile.handler.sector);
        let in_force = in_force(pack, profile.as_of);
        if selection.deciding.is_some() {
            if applies && in_force.is_ok() {
                selection.consulted.push(pack.description());
            }
            continue;
        }
        if !applies {
            selection.zone_notes.push(format!(
                "{} does not cover sector `{}`; the next pack of the zone decides.",
                pack.description().id,
                profile.handler.sector
            ));
            continue;
        }
        match in_force {
            Ok(()) => {
                selection.deciding = Some(pack);
                selection.consulted.push(pack.description());
            }
            Err(note) => selection.zone_notes.push(note),
        }
    }
    Ok(selection)
}

/// The counting window of the pack that decides for `profile` in `zone` (the current calendar
/// year when none does, or the zone cannot be judged): what a ledger is counted in for it.
pub fn zone_window(zone: &Zone, packs: &dyn PackSource, profile: &Profile) -> CountingWindow {
    select(zone, packs, profile)
        .ok()
        .and_then(|selection| selection.deciding)
        .map(|pack| pack.description().counting_window)
        .unwrap_or_default()
}

/// Counts kept apart from the profile (its transfer ledger), one set per counting window.
pub trait WindowedCounts {
    /// What was counted in `window`, when that window was read.
    fn counted_in(&self, window: CountingWindow) -> Option<Counted<'_>>;
    /// What was counted in the current calendar year, which is always read.
    fn counted_this_year(&self) -> Counted<'_>;
}

/// What was counted in one window.
pub struct Counted<'a> {
    /// The profile with the counted figures in place of its own.
    pub profile: &'a Profile,
    pub counter: &'a dyn GroupCounter,
    /// Warnings about single exports: (export id, message).
    pub warnings: Vec<(&'a str, &'a str)>,
}

/// Judges a zone, with a ledger's exact counts when there are some, counted in the window of
/// the zone's deciding pack; each export's warning is added to its notes.
pub fn evaluate_zone_with<L: WindowedCounts + ?Sized>(
    zone: &Zone,
    packs: &dyn PackSource,
    profile: &Profile,
    ledger: Option<&L>,
) -> Result<ZoneEvaluation, EngineError> {
    let Some(ledger) = ledger else {
        return evaluate_zone_counted(zone, packs, profile, None);
    };
    let window = zone_window(zone, packs, profile);
    // Every window a deciding pack may declare is counted up front (see the ledger's
    // `windows_for`); one missing is a caller's mistake, and the zone's note says what was
    // counted instead.
    let (counts, missing) = match ledger.counted_in(window) {
        Some(counts) => (counts, None),
        None => (ledger.counted_this_year(), Some(window)),
    };
    let mut evaluation = evaluate_zone_counted(zone, packs, counts.profile, Some(counts.counter))?;
    for export in &mut evaluation.exports {
        if let Some(window) = missing {
            export.notes.push(format!(
                "Ledger: counted from 1 January of the as_of year, not {} as the deciding pack \
                 counts: that window was not read.",
                window.words()
            ));
        }
        for (id, message) in &counts.warnings {
            if *id == export.id {
                export.notes.push(format!("Ledger: {message}."));
            }
        }
    }
    Ok(evaluation)
}

/// Judges `profile` under `zone`, with exact group counts from `counter` when there is one: the
/// pack is asked once for its groups, then again with their counts. An export's
/// `counted_persons` is then its group's exact count, and `next.at_persons` the group count at
/// which the route gets stricter (the persons to add are new persons). The counter counts in
/// the deciding pack's window (see [`zone_window`]); the request says since when.
pub fn evaluate_zone_counted(
    zone: &Zone,
    packs: &dyn PackSource,
    profile: &Profile,
    counter: Option<&dyn GroupCounter>,
) -> Result<ZoneEvaluation, EngineError> {
    let mut request = profile.request();
    let counted = counter.map(|counter| counter.counted_window());
    if let Some(counted) = &counted {
        request.counted_from = Some(format_date(counted.from));
    }
    let Selection {
        deciding,
        consulted,
        zone_notes,
    } = select(zone, packs, profile)?;
    let (mut exports, groups) = match deciding {
        Some(pack) => decide(zone, pack, &request, &zone_notes, counter)?,
        None => (undetermined_exports(zone, profile, &zone_notes), Vec::new()),
    };
    add_obligations(
        &mut exports,
        deciding.map(|pack| pack.description()),
        &consulted,
        profile,
    );
    let mut evaluation = ZoneEvaluation::of(&zone.id, &zone.name, exports, groups);
    evaluation.counted = counted;
    evaluation.coverage =
        deciding.map(|pack| crate::core::coverage::ZoneCoverage::of(pack.description()));
    Ok(evaluation)
}

/// Gives each export the duties of the zone's packs, dated from the profile. The calendar is
/// the zone's: each year from the first consulted pack that publishes it.
fn add_obligations(
    exports: &mut [ExportEvaluation],
    deciding: Option<&Description>,
    consulted: &[&Description],
    profile: &Profile,
) {
    let mut calendar = WorkCalendar::default();
    for pack in consulted {
        calendar.add_missing(&pack.calendar);
    }
    let mut shared = SharedDuties::default();
    for (index, export) in exports.iter_mut().enumerate() {
        let facts = ExportFacts {
            route: export.route,
            kind: profile.exports[index].kind,
            rule: export.rule.as_ref().map(|rule| rule.id.as_str()),
            ciio: profile.handler.ciio,
            as_of: profile.as_of,
            dates: &profile.dates[index],
        };
        let decided_by = deciding.filter(|_| export.pack.is_some());
        export.obligations =
            obligations_shared(decided_by, consulted, &facts, &calendar, &mut shared);
    }
}

/// A zone's summary: the strictest route when every export is determined; otherwise
/// `undetermined`, with the strictest determined route as its floor (none when no export is
/// determined). A summary never claims more than its rows decide: one undetermined export
/// could need any route, so the zone's route is not known.
pub fn summary_route<'a, I>(exports: I) -> (Route, Option<Floor>)
where
    I: IntoIterator<Item = &'a ExportEvaluation>,
    I::IntoIter: Clone,
{
    let exports = exports.into_iter();
    let strictest = overall_route(exports.clone().map(|e| e.route));
    if exports.clone().all(|e| e.route != Route::Undetermined) {
        return (strictest, None);
    }
    let floor = (strictest != Route::Undetermined).then(|| Floor {
        route: strictest,
        exports: exports
            .filter(|e| e.route == strictest)
            .map(|e| e.id.clone())
            .collect(),
    });
    (Route::Undetermined, floor)
}

/// The strictest determined route; `exempt` for nothing exported; `undetermined` only when no
/// export could be determined.
pub fn overall_route(routes: impl Iterator<Item = Route>) -> Route {
    let mut any = false;
    let mut strictest: Option<Route> = None;
    for route in routes {
        any = true;
        if route.strictness_rank().is_some() && strictest.is_none_or(|s| route.is_stricter_than(s))
        {
            strictest = Some(route);
        }
    }
    match (strictest, any) {
        (Some(route), _) => route,
        (None, true) => Route::Undetermined,
        (None, false) => Route::Exempt,
    }
}

fn undetermined_exports(
    zone: &Zone,
    profile: &Profile,
    zone_notes: &[String],
) -> Vec<ExportEvaluation> {
    profile
        .exports
        .iter()
        .map(|export| {
            let mut notes = zone_notes.to_vec();
            notes.push(format!(
                "No pack of zone `{}` covers sector `{}` and is in force on {}.",
                zone.id,
                profile.handler.sector,
                format_date(profile.as_of)
            ));
            ExportEvaluation {
                id: export.id.clone(),
                route: Route::Undetermined,
                pack: None,
                edition: None,
                validity: None,
                rule: None,
                list_item: None,
                basis: "no pack decides".into(),
                counted_persons: export.counted_persons(),
                next: None,
                count: None,
                ladder: Vec::new(),
                notes,
                by_reference: None,
                obligations: Vec::new(),
                trial_ended: None,
            }
        })
        .collect()
}

/// Every group the outcomes declare, once each with all its members (from the answer's list of
/// groups where the outcome names its group by key only), in the order first declared.
pub fn declared_groups(response: &EvaluateResponse) -> Vec<CountGroup> {
    // Members by key, looked up once each: the answer's list of groups first, then the first
    // outcome that lists them (as `EvaluateResponse::members_of` reads them).
    let mut members: HashMap<&str, &[String]> = response
        .groups
        .iter()
        .map(|group| (group.key.as_str(), group.exports.as_slice()))
        .collect();
    for group in response
        .exports
        .iter()
        .filter_map(|outcome| outcome.count.as_ref()?.group.as_ref())
        .filter(|group| !group.exports.is_empty())
    {
        members.entry(group.key.as_str()).or_insert(&group.exports);
    }
    let mut seen = std::collections::HashSet::new();
    let mut groups: Vec<CountGroup> = Vec::new();
    for outcome in &response.exports {
        if let Some(group) = outcome.count.as_ref().and_then(|c| c.group.as_ref()) {
            if seen.insert(group.key.as_str()) {
                let exports = members
                    .get(group.key.as_str())
                    .map(|members| members.to_vec())
                    .unwrap_or_else(|| group.exports.clone());
                groups.push(CountGroup {
                    exports,
                    ..group.clone()
                });
            }
        }
    }
    groups
}

/// Up to this many exports, a pack that answers probes only one by one (contract before 1.5) is
/// still asked for headroom; past it, each probe costing a whole evaluation, it is not.
pub const ONE_BY_ONE_PROBE_LIMIT: usize = 100;

fn decide(
    zone: &Zone,
    pack: &dyn RulePack,
    request: &EvaluateRequest,
    zone_notes: &[String],
    counter: Option<&dyn GroupCounter>,
) -> Result<(Vec<ExportEvaluation>, Vec<CountGroup>), EngineError> {
    let description = pack.description();
    let failed = |fault: PackFault| EngineError {
        zone: zone.id.clone(),
        fault: fault.for_pack(&description.id),
    };
    let mut request = request.clone();
    let mut response = pack.evaluate(&request).map_err(failed)?;
    let mut zone_notes = zone_notes.to_vec();
    let mut groups = Vec::new();
    if let Some(counter) = counter {
        if description.contract_minor < LEDGER_MINOR {
            zone_notes.push(format!(
                "{} predates exact counts from a ledger (contract 1.{LEDGER_MINOR}): it adds the \
                 exports' persons up, so a person in two exports counts twice.",
                description.id
            ));
        }
        // The groups do not depend on the counts in the packs there are; a few rounds settle
        // a pack whose grouping does.
        for _ in 0..3 {
            groups = declared_groups(&response);
            let counts = counter.group_counts(&groups);
            if groups.is_empty() || counts == request.group_counts {
                break;
            }
            request.group_counts = counts;
            response = pack.evaluate(&request).map_err(failed)?;
        }
    }
    // A pack that answers the same request differently cannot be relied on (headroom and every
    // comparison assume it): ask once more and refuse it if it does.
    if pack.evaluate(&request).map_err(failed)? != response {
        return Err(EngineError {
            zone: zone.id.clone(),
            fault: PackFault {
                pack: Some(description.id.clone()),
                files: pack.file().map(Path::to_path_buf).into_iter().collect(),
                kind: FaultKind::InvalidOutput,
                message:
                    "answered the same request differently twice; a pack must be deterministic"
                        .into(),
            },
        });
    }
    let list_notes = list_notes(description, &request);
    if groups.is_empty() {
        groups = declared_groups(&response);
    }
    let (nexts, headroom_note) =
        headroom(pack, &request, &response.exports, &groups).map_err(failed)?;
    zone_notes.extend(headroom_note);
    let mut exports = Vec::with_capacity(response.exports.len());
    let mut rules: std::collections::HashMap<String, Arc<Rule>> = Default::default();
    for ((index, outcome), mut next) in response.exports.into_iter().enumerate().zip(nexts) {
        let export = &request.exports[index];
        // One count per cell: the persons the thresholds are compared with, after exclusions
        // (the export's own, or its scenario's or handler's total when the pack adds others in;
        // the group's exact count from a ledger), and the headroom in the same terms.
        let mut counted_persons = export.counted_persons();
        let exact = outcome
            .count
            .as_ref()
            .and_then(|c| c.group.as_ref())
            .and_then(|g| request.group_counts.get(&g.key))
            .copied();
        let total = exact.or(outcome.count.as_ref().map(|c| c.total));
        if let (Some(total), Some(own)) = (total, counted_persons) {
            if let Some(next) = &mut next {
                next.at_persons = (next.at_persons + total).saturating_sub(own);
            }
            counted_persons = Some(total);
        }
        // The loader has checked that the rule exists.
        let rule = match rules.get(outcome.rule.as_str()) {
            Some(rule) => Some(Arc::clone(rule)),
            None => description.rule(&outcome.rule).map(|rule| {
                let rule = Arc::new(rule.clone());
                rules.insert(rule.id.clone(), Arc::clone(&rule));
                rule
            }),
        };
        let mut notes = zone_notes.clone();
        notes.extend(outcome.notes);
        notes.extend(list_notes.iter().cloned());
        if let Some((raw, hint)) = exemption_hint(description, &request.exports[index]) {
            // A pack may give the hint itself (the list SDK does): say it once.
            if !notes.iter().any(|note| note.contains(raw)) {
                notes.push(hint);
            }
        }
        let by_reference = zone
            .applied_by_reference(&description.id)
            .map(str::to_owned);
        let mut basis = rule.as_ref().map(|r| r.basis.clone()).unwrap_or_default();
        if let Some(provision) = &by_reference {
            basis = format!("{basis}; applied by reference under {provision}");
        }
        exports.push(ExportEvaluation {
            id: outcome.id,
            route: outcome.route,
            pack: Some(description.id.clone()),
            edition: Some(description.edition.clone()),
            validity: Some(validity(description)),
            list_item: rule.as_ref().and_then(|r| r.list_item),
            basis,
            rule,
            counted_persons,
            next,
            count: outcome.count,
            ladder: outcome.ladder,
            notes,
            by_reference,
            obligations: Vec::new(),
            trial_ended: trial_ended(description, &request.as_of),
        });
    }
    Ok((exports, groups))
}

/// What relying on the deciding pack brings with it, for every export it decides: the duties of
/// using the list (an application before use, a report after each transfer) and, past the end of
/// a trial period the instrument set, a warning to check it still applies.
fn list_notes(description: &Description, request: &EvaluateRequest) -> Vec<String> {
    let mut notes: Vec<String> = description
        .use_conditions
        .iter()
        .map(|condition| format!("Using {}: {condition}", description.name))
        .collect();
    if let Some(until) = trial_ended(description, &request.as_of) {
        notes.push(format!(
            "The trial period of {} ended on {until}, before {}: check whether it was extended or replaced before relying on it.",
            description.name, request.as_of
        ));
    }
    notes
}

/// The last day of the pack's trial period when `as_of` is after it: the instrument set a trial
/// and it has run out, so a route it decides must be checked before it is relied on.
pub fn trial_ended(description: &Description, as_of: &str) -> Option<String> {
    let until = description.trial_until.as_deref()?;
    parse_date(as_of)
        .zip(parse_date(until))
        .is_some_and(|(as_of, until)| as_of > until)
        .then(|| until.to_owned())
}

/// The pack's hint for the export's scenario, when it has one: persons sent in such transfers
/// often fall under a national exemption and may be declared in `exempt_persons`.
/// Returns the hint as the pack wrote it, and the note.
fn exemption_hint<'a>(
    description: &'a Description,
    export: &ftzroute_plugin_api::Export,
) -> Option<(&'a str, String)> {
    let scenario = export.scenario.as_deref()?;
    let declared = description.scenarios.iter().find(|s| s.id == scenario)?;
    let hint = declared.exemption_hint.as_deref()?;
    Some((
        hint,
        format!("Scenario `{scenario}` ({}): {hint}", declared.label_en),
    ))
}

/// For every export, the smallest counted persons (this export only changing) at which its
/// route gets stricter, and a note when it was not looked for.
///
/// The pack's ladder proposes the boundary; the pack itself confirms it (stricter at `n`, not at
/// `n - 1`). Without a ladder, or when the ladder and the pack disagree, a bisection over the count
/// finds it. Either way the answer is what the pack decides, never a constant of the app. Routes
/// are assumed not to get more lenient as the count grows (`pack check` verifies this).
///
/// The searches of all exports go forward together: each round asks the pack every pending probe
/// in one call (contract 1.5), so a profile of thousands of exports costs a few calls, each
/// linear in the exports, rather than calls per export each re-evaluating the whole profile.
fn headroom(
    pack: &dyn RulePack,
    request: &EvaluateRequest,
    outcomes: &[Outcome],
    groups: &[CountGroup],
) -> Result<(Vec<Option<Next>>, Option<String>), PackFault> {
    let mut searches: Vec<Search> = outcomes
        .iter()
        .zip(&request.exports)
        .map(|(outcome, export)| Search::start(export, outcome))
        .collect();
    let mut asked = request.clone();
    asked.routes_only = true;
    let mut one_by_one: Option<OneByOne> = None;
    loop {
        let (slots, probes): (Vec<usize>, Vec<Probe>) = searches
            .iter()
            .enumerate()
            .filter_map(|(slot, search)| {
                let persons = search.ask()?;
                let export = &request.exports[slot];
                Some((
                    slot,
                    Probe {
                        export: slot,
                        persons: export.exempt_persons.saturating_add(persons),
                    },
                ))
            })
            .unzip();
        if probes.is_empty() {
            break;
        }
        asked.probes = probes;
        let routes = match &one_by_one {
            None => pack.probe(&asked),
            Some(_) => None,
        };
        let routes = match routes {
            Some(probes) => probes?.routes,
            None => {
                if request.exports.len() > ONE_BY_ONE_PROBE_LIMIT {
                    let note = format!(
                        "{} answers headroom probes only one by one (it predates contract 1.{}): \
                         with more than {ONE_BY_ONE_PROBE_LIMIT} exports the counts at which \
                         routes get stricter are not computed; rebuild the pack against a \
                         current SDK to have them.",
                        pack.description().id,
                        ftzroute_plugin_api::PROBE_MINOR
                    );
                    return Ok((vec![None; searches.len()], Some(note)));
                }
                let one_by_one = one_by_one.get_or_insert_with(|| OneByOne::new(request, groups));
                one_by_one.routes(pack, request, &asked.probes)?
            }
        };
        for (slot, route) in slots.into_iter().zip(routes) {
            searches[slot].answer(route);
        }
    }
    Ok((searches.into_iter().map(Search::found).collect(), None))
}

/// Probes asked one by one, of a pack that does not answer them in bulk: each a whole
/// evaluation of the probed request.
struct OneByOne {
    /// For each export, the exactly counted groups it is in (a probe moves their counts).
    groups_of: Vec<Vec<String>>,
}

impl OneByOne {
    fn new(request: &EvaluateRequest, groups: &[CountGroup]) -> OneByOne {
        let index_of: std::collections::HashMap<&str, usize> = request
            .exports
            .iter()
            .enumerate()
            .map(|(index, export)| (export.id.as_str(), index))
            .collect();
        let mut groups_of = vec![Vec::new(); request.exports.len()];
        for group in groups
            .iter()
            .filter(|g| request.group_counts.contains_key(&g.key))
        {
            for member in &group.exports {
                if let Some(&index) = index_of.get(member.as_str()) {
                    groups_of[index].push(group.key.clone());
                }
            }
        }
        OneByOne { groups_of }
    }

    fn routes(
        &self,
        pack: &dyn RulePack,
        request: &EvaluateRequest,
        probes: &[Probe],
    ) -> Result<Vec<Route>, PackFault> {
        probes
            .iter()
            .map(|probe| {
                let probed = request.probed(*probe, &self.groups_of[probe.export]);
                Ok(pack.routes(&probed)?[probe.export])
            })
            .collect()
    }
}

/// One export's search for its headroom, a probe at a time: each state knows the next count to
/// ask about, and moves on with the route the pack gives for it. Counts are counted persons.
#[derive(Debug, Clone, Copy)]
enum Search {
    /// Is the ladder's boundary `at` stricter?
    Hint {
        counted: u64,
        current: Route,
        at: u64,
    },
    /// `at` is stricter (taking `route`): is `at - 1` not?
    BelowHint {
        counted: u64,
        current: Route,
        at: u64,
        route: Route,
    },
    /// Is anything stricter at the search limit? `low` is known not to be.
    Ceiling {
        current: Route,
        low: u64,
    },
    /// `low` is known not to be stricter, `high` to be (taking `high_route`).
    Bisect {
        current: Route,
        low: u64,
        high: u64,
        high_route: Route,
    },
    Found(Option<Next>),
}

impl Search {
    fn start(export: &ftzroute_plugin_api::Export, outcome: &Outcome) -> Search {
        let Some(counted) = export.counted_persons() else {
            return Search::Found(None);
        };
        let current = outcome.route;
        if current == Route::Undetermined || counted >= SEARCH_LIMIT {
            return Search::Found(None);
        }
        let hint = outcome.count.as_ref().and_then(|count| {
            let others = count.total.saturating_sub(counted);
            outcome
                .ladder
                .iter()
                .find(|step| step.from > count.total && step.route.is_stricter_than(current))
                .map(|step| step.from - others)
        });
        match hint {
            Some(at) if at > counted => Search::Hint {
                counted,
                current,
                at,
            },
            _ => Search::Ceiling {
                current,
                low: counted,
            },
        }
    }

    /// The count to ask about next, if any.
    fn ask(&self) -> Option<u64> {
        match *self {
            Search::Hint { at, .. } => Some(at),
            Search::BelowHint { at, .. } => Some(at - 1),
            Search::Ceiling { .. } => Some(SEARCH_LIMIT),
            Search::Bisect { low, high, .. } => Some(low + (high - low) / 2),
            Search::Found(_) => None,
        }
    }

    /// The pack's route at the count [`Self::ask`] gave.
    fn answer(&mut self, route: Route) {
        *self = match *self {
            Search::Hint {
                counted,
                current,
                at,
            } if route.is_stricter_than(current) => {
                if at - 1 == counted {
                    Search::Found(Some(Next {
                        route,
                        at_persons: at,
                    }))
                } else {
                    Search::BelowHint {
                        counted,
                        current,
                        at,
                        route,
                    }
                }
            }
            Search::Hint { current, at, .. } => Search::Ceiling { current, low: at },
            Search::BelowHint {
                counted,
                current,
                at,
                route: at_route,
            } => {
                if route.is_stricter_than(current) {
                    Search::Bisect {
                        current,
                        low: counted,
                        high: at,
                        high_route: at_route,
                    }
                    .settled()
                } else {
                    Search::Found(Some(Next {
                        route: at_route,
                        at_persons: at,
                    }))
                }
            }
            Search::Ceiling { current, low } if route.is_stricter_than(current) => Search::Bisect {
                current,
                low,
                high: SEARCH_LIMIT,
                high_route: route,
            }
            .settled(),
            Search::Ceiling { .. } => Search::Found(None),
            Search::Bisect {
                current,
                low,
                high,
                high_route,
            } => {
                let middle = low + (high - low) / 2;
                if route.is_stricter_than(current) {
                    Search::Bisect {
                        current,
                        low,
                        high: middle,
                        high_route: route,
                    }
                } else {
                    Search::Bisect {
                        current,
                        low: middle,
                        high,
                        high_route,
                    }
                }
                .settled()
            }
            found @ Search::Found(_) => found,
        };
    }

    /// A bisection with nothing left between its bounds has found its answer.
    fn settled(self) -> Search {
        match self {
            Search::Bisect {
                low,
                high,
                high_route,
                ..
            } if high - low <= 1 => Search::Found(Some(Next {
                route: high_route,
                at_persons: high,
            })),
            other => other,
        }
    }

    fn found(self) -> Option<Next> {
        match self {
            Search::Found(next) => next,
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::pack::Probes;
    use ftzroute_plugin_api::*;

    /// A pack with one threshold at `edge` (counted persons summed over the profile), optionally
    /// reporting a ladder, to test the engine without any real law.
    struct Threshold {
        description: Description,
        edge: u64,
        /// The boundary the ladder reports (None: no ladder); may differ from `edge` to test
        /// that the engine trusts the pack's decisions over its ladder.
        ladder_edge: Option<u64>,
        calls: std::cell::Cell<usize>,
        /// Answers probes in bulk (contract 1.5), one call per round.
        bulk: bool,
    }

    fn rule(id: &str, route: Route) -> Rule {
        Rule {
            id: id.into(),
            route,
            list_item: None,
            basis: format!("basis {id}"),
            citation: Citation {
                zh: "条".into(),
                en: "article".into(),
                en_official: false,
            },
            confidence: None,
        }
    }

    fn threshold(edge: u64, ladder: bool, effective_from: &str) -> Threshold {
        let ladder_edge = ladder.then_some(edge);
        Threshold {
            description: Description {
                id: "test".into(),
                zone: "test".into(),
                name: "Test".into(),
                edition: "1".into(),
                issuers: vec![],
                issued: "2020-01-01".into(),
                effective_from: effective_from.into(),
                effective_until: None,
                sectors: vec!["s".into()],
                source: Source {
                    title_zh: "t".into(),
                    title_en: "t".into(),
                    reference: "r".into(),
                },
                contract_minor: ftzroute_plugin_api::CONTRACT_MINOR,
                obligations: Vec::new(),
                calendar: Vec::new(),
                interpretations: vec![],
                rules: vec![
                    rule("low", Route::Exempt),
                    rule("high", Route::SecurityAssessment),
                ],
                ..Default::default()
            },
            edge,
            ladder_edge,
            calls: Default::default(),
            bulk: false,
        }
    }

    impl RulePack for Threshold {
        fn description(&self) -> &Description {
            &self.description
        }
        fn probe(&self, request: &EvaluateRequest) -> Option<Result<Probes, PackFault>> {
            if !self.bulk {
                return None;
            }
            let calls = self.calls.get();
            let routes = request
                .probes
                .iter()
                .map(|probe| {
                    self.evaluate(&request.probed(*probe, &[])).unwrap().exports[probe.export].route
                })
                .collect();
            self.calls.set(calls + 1);
            Some(Ok(Probes {
                routes,
                rules: Vec::new(),
            }))
        }
        fn evaluate(&self, request: &EvaluateRequest) -> Result<EvaluateResponse, PackFault> {
            self.calls.set(self.calls.get() + 1);
            let total: u64 = request
                .exports
                .iter()
                .filter_map(|e| e.counted_persons())
                .sum();
            let (route, rule) = if total >= self.edge {
                (Route::SecurityAssessment, "high")
            } else {
                (Route::Exempt, "low")
            };
            let ladder = match self.ladder_edge {
                Some(edge) => vec![
                    Step {
                        from: 0,
                        route: Route::Exempt,
                        rule: "low".into(),
                    },
                    Step {
                        from: edge,
                        route: Route::SecurityAssessment,
                        rule: "high".into(),
                    },
                ],
                None => vec![],
            };
            Ok(EvaluateResponse {
                exports: request
                    .exports
                    .iter()
                    .map(|e| Outcome {
                        id: e.id.clone(),
                        route,
                        rule: rule.into(),
                        count: Some(Count {
                            scenario: "all".into(),
                            total,
                            with: vec![],
                            group: None,
                        }),
                        ladder: ladder.clone(),
                        notes: vec![],
                    })
                    .collect(),
                ..Default::default()
            })
        }
    }

    struct One<'a>(&'a Threshold);
    impl PackSource for One<'_> {
        fn pack(&self, id: &str) -> Result<&dyn RulePack, PackFault> {
            match id {
                "test" => Ok(self.0),
                _ => Err(PackFault::not_loaded(id)),
            }
        }
    }

    fn profile(persons: &[(u64, u64)]) -> Profile {
        let mut source = String::from("as_of = 2025-10-01\n[handler]\nname = 'h'\nsector = 's'\n");
        for (index, (persons, exempt)) in persons.iter().enumerate() {
            source.push_str(&format!(
                "[[export]]\nid = 'e{index}'\nkind = 'personal'\npersons = {persons}\nexempt_persons = {exempt}\n"
            ));
        }
        Profile::parse(std::path::Path::new("p.toml"), &source).unwrap()
    }

    fn zone() -> Zone {
        Zone {
            by_reference: Vec::new(),
            reference_basis: None,
            id: "z".into(),
            name: "Z".into(),
            packs: vec!["test".into()],
        }
    }

    #[test]
    fn headroom_accounts_for_the_other_exports_and_exempt_persons() {
        for ladder in [true, false] {
            let pack = threshold(50_000, ladder, "2020-01-01");
            let result = evaluate_zone(
                &zone(),
                &One(&pack),
                &profile(&[(30_000, 5_000), (20_000, 0)]),
            )
            .unwrap();
            assert_eq!(result.route, Route::Exempt);
            // 25,000 + 20,000 counted: each cell counts the total the threshold sees, and each
            // export's new persons reach 50,000 at the same total.
            for export in &result.exports {
                assert_eq!(export.counted_persons, Some(45_000));
                assert_eq!(
                    export.next,
                    Some(Next {
                        route: Route::SecurityAssessment,
                        at_persons: 50_000
                    })
                );
            }
        }
    }

    #[test]
    fn a_ladder_makes_headroom_cheap_and_bisection_finds_it_without() {
        let with_ladder = threshold(50_000, true, "2020-01-01");
        evaluate_zone(&zone(), &One(&with_ladder), &profile(&[(1, 0)])).unwrap();
        assert_eq!(
            with_ladder.calls.get(),
            4,
            "one decision, its repetition (determinism) and two confirmations"
        );
        let without = threshold(50_000, false, "2020-01-01");
        let result = evaluate_zone(&zone(), &One(&without), &profile(&[(1, 0)])).unwrap();
        assert_eq!(result.exports[0].next.unwrap().at_persons, 50_000);
        assert!(without.calls.get() > 20);
    }

    #[test]
    fn probes_in_bulk_cost_a_call_per_round_and_find_what_probes_one_by_one_find() {
        let persons: Vec<(u64, u64)> = (0..50).map(|i| (100 + i * 7, i % 3)).collect();
        for ladder in [true, false] {
            let one_by_one = threshold(50_000, ladder, "2020-01-01");
            let mut bulk = threshold(50_000, ladder, "2020-01-01");
            bulk.bulk = true;
            let expected = evaluate_zone(&zone(), &One(&one_by_one), &profile(&persons)).unwrap();
            let found = evaluate_zone(&zone(), &One(&bulk), &profile(&persons)).unwrap();
            assert_eq!(found.exports, expected.exports);
            assert!(found.exports.iter().all(|e| e.next.is_some()));
            // One decision, its repetition, then one call per round: two with a ladder (the
            // boundary and the count below it), a bisection's depth without.
            let bound = if ladder { 4 } else { 2 + 36 };
            assert!(bulk.calls.get() <= bound, "{} calls", bulk.calls.get());
            assert!(
                one_by_one.calls.get() > 50 * 2,
                "{} calls",
                one_by_one.calls.get()
            );
        }
    }

    #[test]
    fn a_pack_answering_probes_one_by_one_is_not_asked_past_the_limit() {
        let pack = threshold(50_000, true, "2020-01-01");
        let within: Vec<(u64, u64)> = vec![(10, 0); ONE_BY_ONE_PROBE_LIMIT];
        let result = evaluate_zone(&zone(), &One(&pack), &profile(&within)).unwrap();
        assert!(result.exports.iter().all(|e| e.next.is_some()));
        let past: Vec<(u64, u64)> = vec![(10, 0); ONE_BY_ONE_PROBE_LIMIT + 1];
        let result = evaluate_zone(&zone(), &One(&pack), &profile(&past)).unwrap();
        assert!(result.exports.iter().all(|e| e.next.is_none()));
        let note = &result.exports[0].notes[0];
        assert!(
            note.contains("only one by one") && note.contains("100 exports"),
            "{note}"
        );
    }

    #[test]
    fn a_lying_ladder_is_corrected_by_the_pack_itself() {
        for (edge, ladder_edge) in [(40_000, 50_000), (60_000, 50_000)] {
            let mut pack = threshold(edge, true, "2020-01-01");
            pack.ladder_edge = Some(ladder_edge);
            let result = evaluate_zone(&zone(), &One(&pack), &profile(&[(1, 0)])).unwrap();
            assert_eq!(result.exports[0].next.unwrap().at_persons, edge);
        }
    }

    #[test]
    fn at_the_top_there_is_no_next() {
        let pack = threshold(50_000, true, "2020-01-01");
        let result = evaluate_zone(&zone(), &One(&pack), &profile(&[(50_000, 0)])).unwrap();
        assert_eq!(result.route, Route::SecurityAssessment);
        assert_eq!(result.exports[0].next, None);
    }

    #[test]
    fn a_pack_not_in_force_falls_back_with_a_note() {
        let pack = threshold(50_000, true, "2026-01-01");
        let result = evaluate_zone(&zone(), &One(&pack), &profile(&[(1, 0)])).unwrap();
        assert_eq!(result.route, Route::Undetermined);
        assert_eq!(result.undetermined, 1);
        assert!(
            result.exports[0].notes[0].contains("not in force on 2025-10-01"),
            "{:?}",
            result.exports[0].notes
        );
    }

    #[test]
    fn use_conditions_an_ended_trial_and_scenario_hints_become_notes() {
        let mut pack = threshold(100, true, "2020-01-01");
        pack.description.name = "Test list".into();
        pack.description.use_conditions =
            vec!["file with the FTZ group before relying on it".into()];
        pack.description.trial_until = Some("2025-09-30".into());
        pack.description.scenarios = vec![ftzroute_plugin_api::ScenarioLabel {
            id: "hr".into(),
            label_zh: "人力资源".into(),
            label_en: "human resources".into(),
            sectors: vec![],
            exemption_hint: Some("employees may fall under CBDF Art. 5(1)(ii)".into()),
        }];
        let mut profile = profile(&[(10, 0), (10, 0)]);
        profile.exports[0].scenario = Some("hr".into());
        let evaluation = evaluate_zone(&zone(), &One(&pack), &profile).unwrap();
        let notes = &evaluation.exports[0].notes;
        assert!(
            notes.contains(
                &"Using Test list: file with the FTZ group before relying on it".to_string()
            ),
            "{notes:?}"
        );
        assert!(
            notes.iter().any(|n| n.starts_with(
                "The trial period of Test list ended on 2025-09-30, before 2025-10-01"
            )),
            "{notes:?}"
        );
        assert!(
            notes.contains(
                &"Scenario `hr` (human resources): employees may fall under CBDF Art. 5(1)(ii)"
                    .to_string()
            ),
            "{notes:?}"
        );
        // The hint belongs to the export in that scenario only.
        assert!(!evaluation.exports[1]
            .notes
            .iter()
            .any(|n| n.starts_with("Scenario")));

        pack.description.trial_until = Some("2025-10-01".into());
        let evaluation = evaluate_zone(&zone(), &One(&pack), &profile).unwrap();
        assert!(
            !evaluation.exports[0]
                .notes
                .iter()
                .any(|n| n.contains("trial period")),
            "still in the trial on its last day"
        );
    }

    #[test]
    fn a_list_applied_by_reference_says_so_in_its_basis() {
        let pack = threshold(100, true, "2020-01-01");
        let mut zone = zone();
        let own = evaluate_zone(&zone, &One(&pack), &profile(&[(150, 0)])).unwrap();
        assert_eq!(own.exports[0].by_reference, None);
        assert!(!own.exports[0].basis.contains("by reference"));

        zone.by_reference = vec!["test".into()];
        zone.reference_basis = Some("Jiangsu Measures Art. 24".into());
        let referenced = evaluate_zone(&zone, &One(&pack), &profile(&[(150, 0)])).unwrap();
        let export = &referenced.exports[0];
        assert_eq!(export.route, own.exports[0].route);
        assert_eq!(
            export.by_reference.as_deref(),
            Some("Jiangsu Measures Art. 24")
        );
        assert_eq!(
            export.basis,
            format!(
                "{}; applied by reference under Jiangsu Measures Art. 24",
                own.exports[0].basis
            )
        );
    }

    #[test]
    fn a_missing_pack_is_an_error_naming_zone_and_pack() {
        let pack = threshold(1, true, "2020-01-01");
        let mut zone = zone();
        zone.packs.insert(0, "absent".into());
        let error = evaluate_zone(&zone, &One(&pack), &profile(&[(1, 0)])).unwrap_err();
        assert_eq!(error.zone, "z");
        assert_eq!(error.fault.pack.as_deref(), Some("absent"));
        assert_eq!(error.fault.kind, FaultKind::NotLoaded);
        assert!(
            error
                .to_string()
                .contains("zone `z`: pack `absent` failed (not-loaded)"),
            "{error}"
        );
    }

    #[test]
    fn overall_route_is_the_strictest_determined() {
        use Route::*;
        assert_eq!(
            overall_route([Exempt, SecurityAssessment, Undetermined].into_iter()),
            SecurityAssessment
        );
        assert_eq!(overall_route([Undetermined].into_iter()), Undetermined);
        assert_eq!(overall_route([].into_iter()), Exempt);
        assert_eq!(
            overall_route([OtherLawfulRoute, StandardContractOrCertification].into_iter()),
            StandardContractOrCertification
        );
    }
}
