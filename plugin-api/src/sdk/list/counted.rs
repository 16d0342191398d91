//! The outcome of personal information counted in a pool: the pool's total, the band it falls
//! in, the ladder the host reads headroom from, and the notes that say why.

use super::placement::Placement;
use super::rule;
use super::table::{Band, ListTable};
use crate::contract::{DataKind, Export, Outcome, Step};
use crate::sdk::counting::Tally;
use crate::sdk::ladder;
use crate::sdk::text::{is_are, persons, thousands, was_were};

fn range_words(from: u64, below: Option<u64>) -> String {
    match below {
        Some(below) => format!("{} to under {} persons", thousands(from), thousands(below)),
        None => format!("{} or more", persons(from)),
    }
}

/// A pool's ladder as the outcome carries it: its bands, from 0 or from the first person counted.
struct Ladder<'t> {
    bands: Vec<&'t Band>,
}

impl<'t> Ladder<'t> {
    /// The band `n` counted persons fall in.
    fn band_at(&self, n: u64) -> &'t Band {
        self.bands
            .iter()
            .rev()
            .find(|band| band.from <= n)
            .copied()
            .expect("a checked ladder starts at 0 or 1")
    }
}

impl ListTable {
    /// The outcome of a personal export counted in its placement's pool, beside the pool's
    /// other exports as `tally` counts them.
    pub(super) fn counted_outcome(
        &self,
        tally: &Tally,
        index: usize,
        export: &Export,
        placement: &Placement,
    ) -> Outcome {
        let own = export.counted_persons().unwrap_or(0);
        let mut notes = placement.notes.clone();
        notes.extend(exemption_note(export, placement));
        let scenario_words = placement
            .scenario
            .map(|s| format!("scenario `{}` ({})", s.id, s.label_zh))
            .unwrap_or_else(|| "no scenario of the list".to_string());
        let Some(pool) = placement.pool else {
            return self.unpooled_outcome(export, own, notes, &scenario_words);
        };
        let key = self.pool_key(pool);
        let others = tally.others_total(&key, index);
        let total = others.saturating_add(own);
        let together = tally.size(&key).saturating_sub(1);
        let ladder = Ladder {
            bands: self.bands_of(pool.id).collect(),
        };
        let (rule_id, steps) = self.steps(&ladder, own, others, total);
        if together > 0 {
            notes.push(format!(
                "Counted together with {} ({}): {} counted persons in {}.",
                tally.named_others(&key, index, false),
                pool.label,
                thousands(total),
                if together == 1 { "both" } else { "all of them" }
            ));
        }
        if own > 0 {
            notes.extend(self.band_note(ladder.band_at(total), pool.label, &scenario_words));
        }
        notes.extend(pool.note.map(String::from));
        let mut count = tally.count(&key, index, pool.label);
        count.total = total;
        Outcome {
            count: Some(count),
            ladder: steps,
            ..self.outcome(export, rule_id, notes)
        }
    }

    /// Personal information of a covered sector that no pool takes: undetermined, unless
    /// nothing of it is counted.
    fn unpooled_outcome(
        &self,
        export: &Export,
        own: u64,
        mut notes: Vec<String>,
        scenario_words: &str,
    ) -> Outcome {
        if own == 0 {
            return self.outcome(export, rule::NO_COUNTED, notes);
        }
        notes.push(format!(
            "The {} covers the handler's sector, but no row was seen for this personal \
             information ({scenario_words}, {}), so the route cannot be determined. Read the \
             list: {}.",
            self.names.short,
            if export.sensitive || export.kind == DataKind::Genetic {
                "sensitive"
            } else {
                "not sensitive"
            },
            self.where_to_read()
        ));
        self.outcome(export, rule::NOT_SEEN, notes)
    }

    /// The deciding rule and the ladder of an export of `own` counted persons beside `others`
    /// in its pool (`total` both together).
    fn steps(
        &self,
        ladder: &Ladder,
        own: u64,
        others: u64,
        total: u64,
    ) -> (&'static str, Vec<Step>) {
        let step = |from: u64, id: &str| Step {
            from,
            route: self.route_of(id),
            rule: id.to_string(),
        };
        let bands: Vec<Step> = ladder
            .bands
            .iter()
            .map(|band| step(band.from, band.rule))
            .collect();
        let none_counted = step(0, rule::NO_COUNTED);
        if own > 0 {
            // A ladder from 1 person says nothing of none counted: no procedure then.
            let below_first = ladder.bands.first().is_some_and(|band| band.from > 0);
            let steps = below_first.then_some(none_counted).into_iter().chain(bands);
            return (ladder.band_at(total).rule, steps.collect());
        }
        // Nothing of this export is counted: it needs no procedure whatever the others reach.
        (
            rule::NO_COUNTED,
            ladder::for_uncounted(none_counted, &bands, others),
        )
    }

    /// What the band a pool's total falls in says: a row not seen, off the list, or the band's
    /// own note.
    fn band_note(&self, band: &Band, pool_label: &str, scenario_words: &str) -> Option<String> {
        let range = range_words(band.from, band.below);
        match band.rule {
            rule::NOT_SEEN => Some(format!(
                "The {} covers {pool_label} ({scenario_words}), but its row for {range} was not \
                 seen, so the route cannot be determined{}. Read the list: {}.",
                self.names.short,
                band.note.map(|n| format!(" ({n})")).unwrap_or_default(),
                self.where_to_read()
            )),
            rule::OFF_LIST => Some(format!(
                "{range} is off the list for {pool_label}: no procedure is needed (CBDF Provisions \
                 Art. 6){}.",
                band.note.map(|n| format!("; {n}")).unwrap_or_default()
            )),
            _ => band.note.map(String::from),
        }
    }
}

/// The persons of an export left out of the count, or the scenario's reminder that some may be.
fn exemption_note(export: &Export, placement: &Placement) -> Option<String> {
    if export.exempt_persons == 0 {
        return placement
            .scenario
            .and_then(|s| s.exemption_hint)
            .map(String::from);
    }
    Some(format!(
        "{} of this export's persons {} sent under CBDF Provisions Arts 3, 4, 5(1)-(3) or 6 and \
         {} not counted, as the list's counting sentence directs.",
        thousands(export.exempt_persons),
        was_were(export.exempt_persons),
        is_are(export.exempt_persons)
    ))
}
