//! Duties and their deadlines: which of the packs' duties reach an export, and when each is due
//! given the dates of the profile.
//!
//! The packs say what the duties are and how their periods run; the profile gives the dates
//! (`[export.dates]`, and `as_of` for the export itself); this module counts (see [`period`] for
//! the Civil Code's rules and [`calendar`] for working days) and says where each duty stands on
//! `as_of`.

pub mod calendar;
pub mod period;

use crate::common::dates::{format_date, parse_date};
use calendar::WorkCalendar;
use ftzroute_plugin_api::{
    DataKind, DateAnchor, Deadline, Description, Obligation, ObligationReach, PeriodDirection,
    PeriodUnit, Route,
};
use period::{count, NoDate, PeriodRule};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use time::{Date, Duration};

/// A duty is `due-soon` when it falls due within this many days of `as_of`.
pub const DUE_SOON_DAYS: i64 = 30;

/// The dates a profile gives for one export (`[export.dates]`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportDates {
    pub contract_effective: Option<Date>,
    pub self_assessment_done: Option<Date>,
    pub assessment_approved: Option<Date>,
    pub certificate_issued: Option<Date>,
}

impl ExportDates {
    /// The date of a profile anchor; None for other anchors or when the profile does not give it.
    pub fn get(&self, anchor: &DateAnchor) -> Option<Date> {
        match anchor {
            DateAnchor::ContractEffective => self.contract_effective,
            DateAnchor::SelfAssessmentDone => self.self_assessment_done,
            DateAnchor::AssessmentApproved => self.assessment_approved,
            DateAnchor::CertificateIssued => self.certificate_issued,
            _ => None,
        }
    }

    /// Every date given, with its profile key.
    pub fn given(&self) -> Vec<(&'static str, Date)> {
        DateAnchor::PROFILE_DATES
            .iter()
            .filter_map(|(anchor, key)| self.get(anchor).map(|date| (*key, date)))
            .collect()
    }
}

/// Where a duty stands on `as_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DutyStatus {
    /// Its last day is before `as_of`.
    Overdue,
    /// Due within [`DUE_SOON_DAYS`] days of `as_of` (that day included).
    DueSoon,
    /// Due later.
    Pending,
    /// The profile gives the date that shows it done.
    Done,
    /// It runs from a date the profile does not give.
    NoDate,
    /// It runs from an event (an incident) that has not happened.
    OnEvent,
    /// The text sets no period ("promptly", a standing duty).
    NoDeadline,
}

impl DutyStatus {
    pub fn id(self) -> &'static str {
        match self {
            DutyStatus::Overdue => "overdue",
            DutyStatus::DueSoon => "due-soon",
            DutyStatus::Pending => "pending",
            DutyStatus::Done => "done",
            DutyStatus::NoDate => "no-date",
            DutyStatus::OnEvent => "on-event",
            DutyStatus::NoDeadline => "no-deadline",
        }
    }
}

impl std::fmt::Display for DutyStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// One duty of one export, with its date and status.
#[derive(Debug, Clone, PartialEq)]
pub struct DueObligation {
    /// The pack that declares it.
    pub pack: String,
    /// Shared by every export the duty is attached to: a profile of thousands of exports holds
    /// each duty's texts once per zone, not once per export.
    pub duty: Arc<Obligation>,
    /// The last day to act (for a validity, its last day).
    pub due: Option<Date>,
    /// The first day the act may be done, when the text opens a window.
    pub opens: Option<Date>,
    pub status: DutyStatus,
    /// How the date is counted, in words ("10 working days after contract_effective").
    pub timing: String,
    /// What else to know about the date (years counted without a calendar, a rest day moved).
    pub notes: Vec<String>,
}

impl DueObligation {
    /// Still to do and dated: what `next duty` columns and calendars show.
    pub fn is_dated_and_open(&self) -> bool {
        self.due.is_some() && self.status != DutyStatus::Done
    }
}

/// What the duties of an export depend on besides the packs.
#[derive(Debug, Clone, Copy)]
pub struct ExportFacts<'a> {
    pub route: Route,
    pub kind: DataKind,
    /// The rule that decided, when a pack decided.
    pub rule: Option<&'a str>,
    pub ciio: bool,
    pub as_of: Date,
    pub dates: &'a ExportDates,
}

/// The duties of one export: those of the deciding pack (any reach) first, then the
/// zone-reaching duties of the zone's other consulted packs, in zone order, each id once (the
/// deciding pack's duty of an id overrides another pack's).
pub fn obligations_for_export(
    deciding: Option<&Description>,
    consulted: &[&Description],
    facts: &ExportFacts,
    calendar: &WorkCalendar,
) -> Vec<DueObligation> {
    obligations_shared(
        deciding,
        consulted,
        facts,
        calendar,
        &mut SharedDuties::default(),
    )
}

/// The duties of packs, each held once however many exports it is attached to.
#[derive(Debug, Default)]
pub struct SharedDuties {
    duties: HashMap<(String, String), Arc<Obligation>>,
}

impl SharedDuties {
    fn get(&mut self, pack: &Description, duty: &Obligation) -> Arc<Obligation> {
        self.duties
            .entry((pack.id.clone(), duty.id.clone()))
            .or_insert_with(|| Arc::new(duty.clone()))
            .clone()
    }
}

/// [`obligations_for_export`], with the duties taken from `shared`: what a zone's exports use.
pub fn obligations_shared(
    deciding: Option<&Description>,
    consulted: &[&Description],
    facts: &ExportFacts,
    calendar: &WorkCalendar,
    shared: &mut SharedDuties,
) -> Vec<DueObligation> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    if let Some(pack) = deciding {
        for duty in &pack.obligations {
            if applies(duty, facts, true) && seen.insert(duty.id.clone()) {
                out.push(resolve(pack, &shared.get(pack, duty), facts, calendar));
            }
        }
    }
    for pack in consulted {
        if deciding.is_some_and(|d| d.id == pack.id) {
            continue;
        }
        for duty in &pack.obligations {
            if duty.reach == ObligationReach::Zone
                && applies(duty, facts, false)
                && seen.insert(duty.id.clone())
            {
                out.push(resolve(pack, &shared.get(pack, duty), facts, calendar));
            }
        }
    }
    out
}

/// True when every condition of `duty` holds for the export. `deciding`: the duty's pack
/// decided it (rule conditions can hold only then).
pub fn applies(duty: &Obligation, facts: &ExportFacts, deciding: bool) -> bool {
    let route_ok = duty.routes.is_empty() || duty.routes.contains(&facts.route);
    let kind_ok = duty.kinds.is_empty() || duty.kinds.contains(&facts.kind);
    let rule_ok = duty.rules.is_empty()
        || (deciding
            && facts
                .rule
                .is_some_and(|rule| duty.rules.iter().any(|r| r == rule)));
    let ciio_ok = duty.ciio.is_none_or(|ciio| ciio == facts.ciio);
    let in_force = duty
        .effective_from
        .as_deref()
        .and_then(parse_date)
        .is_none_or(|from| from <= facts.as_of);
    route_ok && kind_ok && rule_ok && ciio_ok && in_force
}

/// What a deadline's start resolved to.
enum Start {
    Date(Date, Vec<String>),
    /// A date the profile does not give (or one out of range).
    Missing,
    /// An event that has not happened.
    Event,
}

/// Counts `duty`'s dates and says where it stands.
pub fn resolve(
    pack: &Description,
    duty: &Arc<Obligation>,
    facts: &ExportFacts,
    calendar: &WorkCalendar,
) -> DueObligation {
    let mut notes = Vec::new();
    let mut due = None;
    let mut opens = None;
    let mut status = match &duty.deadline {
        None => DutyStatus::NoDeadline,
        Some(deadline) => match date_of(pack, deadline, facts, calendar, 0) {
            Start::Date(date, more) => {
                notes.extend(more);
                due = Some(date);
                status_on(date, facts.as_of)
            }
            Start::Missing => DutyStatus::NoDate,
            Start::Event => DutyStatus::OnEvent,
        },
    };
    if let Some(window) = &duty.opens {
        if let Start::Date(date, more) = date_of(pack, window, facts, calendar, 0) {
            opens = Some(date);
            for note in more {
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
        }
    }
    let done = duty
        .done_when
        .as_ref()
        .and_then(|anchor| facts.dates.get(anchor).map(|date| (anchor, date)));
    if let Some((anchor, date)) = done {
        let key = anchor.profile_key().unwrap_or("a later date");
        // An act dated before the event the duty follows answers an earlier round, not this one.
        let trigger = duty
            .deadline
            .as_ref()
            .and_then(|deadline| trigger(pack, deadline, facts, 0))
            .filter(|(_, started)| date < *started);
        match trigger {
            Some((started_key, started)) => notes.push(format!(
                "Not done: the profile gives {key} ({}), but that is before {started_key} ({}), \
                 which this duty follows; an act that precedes the event cannot complete the \
                 duty it starts.",
                format_date(date),
                format_date(started)
            )),
            None => {
                status = DutyStatus::Done;
                notes.push(format!(
                    "Done: the profile gives {key} ({}).",
                    format_date(date)
                ));
            }
        }
    }
    DueObligation {
        pack: pack.id.clone(),
        duty: Arc::clone(duty),
        due,
        opens,
        status,
        timing: timing(duty),
        notes,
    }
}

fn status_on(due: Date, as_of: Date) -> DutyStatus {
    if due < as_of {
        DutyStatus::Overdue
    } else if due <= as_of + Duration::days(DUE_SOON_DAYS) {
        DutyStatus::DueSoon
    } else {
        DutyStatus::Pending
    }
}

/// Chains of duties ("60 working days before the end of `sa-validity`") are short; this bounds
/// a cycle the host's checks would already have refused.
const MAX_CHAIN: usize = 8;

/// The profile date a duty's period runs from, through chains of duties, with its profile key:
/// the event the duty follows (`None` for the export itself, an incident, or a date not given).
fn trigger(
    pack: &Description,
    deadline: &Deadline,
    facts: &ExportFacts,
    depth: usize,
) -> Option<(&'static str, Date)> {
    match &deadline.from {
        DateAnchor::Duty(id) => match pack.obligation(id) {
            Some(Obligation {
                deadline: Some(inner),
                ..
            }) if depth < MAX_CHAIN => trigger(pack, inner, facts, depth + 1),
            _ => None,
        },
        anchor => anchor.profile_key().zip(facts.dates.get(anchor)),
    }
}

fn date_of(
    pack: &Description,
    deadline: &Deadline,
    facts: &ExportFacts,
    calendar: &WorkCalendar,
    depth: usize,
) -> Start {
    let (start, mut notes) = match &deadline.from {
        DateAnchor::Transfer => (facts.as_of, Vec::new()),
        DateAnchor::Incident => return Start::Event,
        DateAnchor::Duty(id) => {
            let Some(Obligation {
                deadline: Some(inner),
                ..
            }) = pack.obligation(id)
            else {
                return Start::Missing;
            };
            if depth >= MAX_CHAIN {
                return Start::Missing;
            }
            match date_of(pack, inner, facts, calendar, depth + 1) {
                Start::Date(date, notes) => (date, notes),
                other => return other,
            }
        }
        anchor => match facts.dates.get(anchor) {
            Some(date) => (date, Vec::new()),
            None => return Start::Missing,
        },
    };
    let rule = PeriodRule {
        amount: deadline.amount,
        unit: deadline.unit,
        direction: deadline.direction,
        validity: deadline.validity,
    };
    match count(start, rule, calendar) {
        Ok(counted) => {
            for year in &counted.unpublished {
                let note = format!(
                    "No working-day calendar is published for {year} in the packs used: its \
                     working days were counted as Monday to Friday, without holidays or \
                     adjusted working days; check the State Council's notice for {year}."
                );
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
            if counted.moved_off_rest_day {
                notes.push(format!(
                    "The period's last day fell on a rest day and moves to the next working \
                     day, {} (Civil Code Art. 203).",
                    format_date(counted.date)
                ));
            }
            Start::Date(counted.date, notes)
        }
        Err(NoDate::Hours) => Start::Event,
        Err(NoDate::OutOfRange) => Start::Missing,
    }
}

/// The date a period runs from, in words.
pub fn anchor_words(anchor: &DateAnchor) -> String {
    match anchor {
        DateAnchor::Transfer => "the export (as_of)".into(),
        DateAnchor::Incident => "an incident".into(),
        DateAnchor::Duty(id) => format!("the last day of `{id}`"),
        other => other.profile_key().unwrap_or("a date").to_string(),
    }
}

fn unit_words(amount: u32, unit: PeriodUnit) -> String {
    let word = match unit {
        PeriodUnit::CalendarDays => "calendar day",
        PeriodUnit::WorkingDays => "working day",
        PeriodUnit::Months => "month",
        PeriodUnit::Years => "year",
        PeriodUnit::Hours => "hour",
    };
    format!("{amount} {word}{}", if amount == 1 { "" } else { "s" })
}

/// A period in words: "10 working days after contract_effective", "by the export (as_of)".
pub fn period_words(deadline: &Deadline) -> String {
    let anchor = anchor_words(&deadline.from);
    let mut text = match (deadline.amount, deadline.direction) {
        (0, PeriodDirection::Before) => format!("by {anchor}"),
        (0, PeriodDirection::After) => format!("on {anchor}"),
        (n, PeriodDirection::After) => format!("{} after {anchor}", unit_words(n, deadline.unit)),
        (n, PeriodDirection::Before) => {
            format!("{} before {anchor}", unit_words(n, deadline.unit))
        }
    };
    if deadline.validity {
        text.push_str(" (validity)");
    }
    text
}

/// How a duty's dates are counted, in words.
pub fn timing(duty: &Obligation) -> String {
    let mut text = match &duty.deadline {
        Some(deadline) => period_words(deadline),
        None => "no period set by the text".into(),
    };
    if let Some(opens) = &duty.opens {
        text.push_str(&format!("; not before {}", period_words(opens)));
    }
    text
}

/// Checks a description's duties and calendar: what the host refuses at load.
pub fn check_description(description: &Description) -> Result<(), String> {
    WorkCalendar::from_years(&description.calendar)?;
    let mut ids = HashSet::new();
    for duty in &description.obligations {
        let name = &duty.id;
        let ok_id = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !ok_id {
            return Err(format!(
                "obligation id `{name}` must be non-empty lowercase letters, digits and dashes"
            ));
        }
        if !ids.insert(name.as_str()) {
            return Err(format!("obligation `{name}` is declared twice"));
        }
        for (field, text) in [
            ("duty_zh", &duty.duty_zh),
            ("duty_en", &duty.duty_en),
            ("basis.zh", &duty.basis.zh),
            ("basis.en", &duty.basis.en),
        ] {
            if text.trim().is_empty() {
                return Err(format!("obligation `{name}`: `{field}` is empty"));
            }
        }
        if let Some(from) = &duty.effective_from {
            if parse_date(from).is_none() {
                return Err(format!(
                    "obligation `{name}`: `effective_from` is not a YYYY-MM-DD date: `{from}`"
                ));
            }
        }
        for rule in &duty.rules {
            if description.rule(rule).is_none() {
                return Err(format!(
                    "obligation `{name}`: rule `{rule}` is not in the pack's description"
                ));
            }
        }
        if !duty.rules.is_empty() && duty.reach == ObligationReach::Zone {
            return Err(format!(
                "obligation `{name}`: a duty carried by rules reaches only the exports its pack \
                 decides; drop `rules` or `reach = zone`"
            ));
        }
        if let Some(anchor) = &duty.done_when {
            if anchor.profile_key().is_none() {
                return Err(format!(
                    "obligation `{name}`: `done_when` must be a profile date (contract-effective, \
                     self-assessment-done, assessment-approved, certificate-issued)"
                ));
            }
        }
        for (field, period) in [("deadline", &duty.deadline), ("opens", &duty.opens)] {
            let Some(period) = period else { continue };
            if period.unit == PeriodUnit::Hours && period.from != DateAnchor::Incident {
                return Err(format!(
                    "obligation `{name}`: `{field}` counts hours, which only an incident can \
                     start; count days from a date"
                ));
            }
            if let DateAnchor::Duty(target) = &period.from {
                chain_ends(description, name, target)?;
            }
        }
        if duty.opens.is_some() && duty.deadline.is_none() {
            return Err(format!(
                "obligation `{name}`: `opens` needs a `deadline` to close the window"
            ));
        }
    }
    Ok(())
}

/// Follows `{duty: target}` references from `from` and refuses an unknown duty, one without a
/// deadline, or a cycle.
fn chain_ends(description: &Description, from: &str, target: &str) -> Result<(), String> {
    let mut visited = vec![from.to_string()];
    let mut current = target.to_string();
    loop {
        if visited.contains(&current) {
            return Err(format!(
                "obligation `{from}`: its deadline refers back to itself ({} -> {current})",
                visited.join(" -> ")
            ));
        }
        let Some(duty) = description.obligation(&current) else {
            return Err(format!(
                "obligation `{from}`: it counts from duty `{current}`, which the pack does not declare"
            ));
        };
        let Some(deadline) = &duty.deadline else {
            return Err(format!(
                "obligation `{from}`: it counts from duty `{current}`, which has no deadline"
            ));
        };
        visited.push(current.clone());
        match &deadline.from {
            DateAnchor::Duty(next) => current = next.clone(),
            _ => return Ok(()),
        }
        if visited.len() > MAX_CHAIN {
            return Err(format!(
                "obligation `{from}`: its deadline chain is longer than {MAX_CHAIN} duties"
            ));
        }
    }
}

#[cfg(test)]
mod tests;
