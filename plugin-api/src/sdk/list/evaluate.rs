//! The decision pipeline: carve-outs, important data, CIIOs and genetic data in the list's
//! order, then personal information counted by pool (see [`super::counted`]).

use super::placement::Placement;
use super::rule;
use super::table::{Ciio, Genetic, ListTable};
use crate::contract::{
    Count, CountGroup, DataKind, EvaluateRequest, EvaluateResponse, Export, Handler, Outcome, Step,
    Subject, REQUEST_SCHEMA,
};
use crate::sdk::counting::Tally;
use crate::sdk::text::thousands;
use crate::sdk::Probed;

impl ListTable {
    /// One outcome per export of `request`, in request order, and every pool counted as one
    /// group, listed once.
    pub fn evaluate(&self, request: &EvaluateRequest) -> Result<EvaluateResponse, String> {
        crate::sdk::check_request(request)?;
        let placements = self.placements(request);
        let tally = self.tally(request, &placements);
        let exports = request
            .exports
            .iter()
            .enumerate()
            .map(|(index, export)| self.decide(request, &placements, &tally, index, export))
            .collect();
        Ok(EvaluateResponse {
            exports,
            groups: tally.declarations(),
            ..Default::default()
        })
    }

    /// What every probe of `request` decides (contract 1.5, its rule 1.6): the probed export
    /// decided again with its new persons, beside the same pool totals of the others.
    pub fn decide_probes(&self, request: &EvaluateRequest) -> Result<Vec<Probed>, String> {
        crate::sdk::check_request(request)?;
        let placements = self.placements(request);
        let tally = self.tally(request, &placements);
        crate::sdk::probe_each(request, |index, export| {
            Ok(self.decide(request, &placements, &tally, index, export))
        })
    }

    fn placements(&self, request: &EvaluateRequest) -> Vec<Option<Placement>> {
        let sector = request.handler.sector.as_str();
        request
            .exports
            .iter()
            .map(|export| self.place(sector, request.handler.ciio, export))
            .collect()
    }

    /// Every pool is one counting group; a host with a transfer ledger sends its exact count of
    /// distinct persons, which replaces the sum of the exports (a person in two counts once).
    fn tally<'r>(
        &self,
        request: &'r EvaluateRequest,
        placements: &[Option<Placement>],
    ) -> Tally<'r> {
        let mut tally = Tally::new(request);
        for (index, placement) in placements.iter().enumerate() {
            if let Some(pool) = placement.as_ref().and_then(|p| p.pool) {
                tally.add(&self.pool_key(pool), index, true);
            }
        }
        tally
    }

    /// The outcome of one personal export of `persons` counted persons in `scenario`, for a
    /// handler in `sector` that is not a CIIO, on the first day the list is in force: a probe
    /// for a pack's own tests and for tools.
    pub fn probe(
        &self,
        sector: &str,
        scenario: Option<&str>,
        sensitive: bool,
        persons: u64,
    ) -> Result<Outcome, String> {
        let request = EvaluateRequest {
            schema: REQUEST_SCHEMA,
            as_of: self.identity.effective_from.to_string(),
            handler: Handler {
                name: "probe".into(),
                sector: sector.into(),
                ciio: false,
                persons_processed: None,
            },
            exports: vec![Export {
                id: "probe".into(),
                kind: DataKind::Personal,
                subject: Some(Subject::Other),
                sensitive,
                persons: Some(persons),
                exempt_persons: 0,
                serious_harm: false,
                name_and_contact: false,
                notified: true,
                hgr_cleared: false,
                export_controlled: false,
                scenario: scenario.map(String::from),
                exempt_bases: Vec::new(),
            }],
            routes_only: false,
            group_counts: Default::default(),
            counted_from: None,
            probes: Vec::new(),
        };
        Ok(self.evaluate(&request)?.exports.remove(0))
    }

    /// The outcome of export `index`; `export` is the request's, or a probe's copy of it with
    /// other persons.
    fn decide(
        &self,
        request: &EvaluateRequest,
        placements: &[Option<Placement>],
        tally: &Tally,
        index: usize,
        export: &Export,
    ) -> Outcome {
        if export.kind == DataKind::Core {
            return self.outcome(
                export,
                rule::CORE,
                vec![
                    "National core data is outside negative-list management: the Data Security \
                      Law's stricter regime governs it, and no list or CBDF route makes it \
                      exportable."
                        .into(),
                ],
            );
        }
        if export.export_controlled {
            return self.outcome(
                export,
                rule::EXPORT_CONTROL,
                vec![
                    "Export-controlled items and technology-export matters follow the Export \
                      Control Law and the Foreign Trade Law; the list decides no route for them, \
                      and their persons are not counted."
                        .into(),
                ],
            );
        }
        let sector = self.sector(&request.handler.sector);
        match export.kind {
            DataKind::Core => unreachable!("decided above"),
            DataKind::General => self.outcome(export, rule::GENERAL, vec![]),
            DataKind::Important if !export.notified => self.outcome(
                export,
                rule::IMPORTANT_NOT_NOTIFIED,
                vec![
                    "No department or region has notified or published this data as important \
                      data, so it need not be declared for a security assessment as important \
                      data; once it is, a security assessment is required."
                        .into(),
                ],
            ),
            DataKind::Important => {
                let mut notes = Vec::new();
                if let Some(what) = sector.and_then(|s| s.important_data) {
                    notes.push(what.to_string());
                }
                self.outcome(export, rule::IMPORTANT, notes)
            }
            DataKind::Genetic if matches!(self.genetic, Genetic::OtherRoute { .. }) => {
                self.outcome(export, rule::GENETIC, vec![hgr_note(export)])
            }
            DataKind::Personal | DataKind::Genetic if request.handler.ciio => {
                self.ciio_outcome(export)
            }
            DataKind::Personal | DataKind::Genetic => {
                let placement = placements[index]
                    .as_ref()
                    .expect("every counted export of a handler that is not a CIIO is placed");
                let mut outcome = self.counted_outcome(tally, index, export, placement);
                if export.kind == DataKind::Genetic {
                    outcome.notes.push(hgr_note(export));
                }
                outcome
            }
        }
    }

    pub(super) fn outcome(&self, export: &Export, rule_id: &str, notes: Vec<String>) -> Outcome {
        Outcome {
            id: export.id.clone(),
            route: self.route_of(rule_id),
            rule: rule_id.to_string(),
            count: None,
            ladder: vec![],
            notes,
        }
    }

    pub(super) fn where_to_read(&self) -> String {
        let mut text = self.names.title_zh.to_string();
        if !self.identity.read_at.is_empty() {
            text.push_str(" (");
            text.push_str(&self.identity.read_at.join("; "));
            text.push(')');
        }
        text
    }

    fn ciio_outcome(&self, export: &Export) -> Outcome {
        let own = export.counted_persons().unwrap_or(0);
        match self.ciio {
            Ciio::Excluded { why, .. } => {
                let rule_id = if own > 0 {
                    rule::CIIO
                } else {
                    rule::NO_COUNTED
                };
                let ladder = [(0, rule::NO_COUNTED), (1, rule::CIIO)]
                    .into_iter()
                    .map(|(from, id)| Step {
                        from,
                        route: self.route_of(id),
                        rule: id.to_string(),
                    })
                    .collect();
                Outcome {
                    count: Some(Count {
                        scenario: "critical information infrastructure operator: this export alone"
                            .into(),
                        total: own,
                        with: vec![],
                        group: Some(CountGroup {
                            key: crate::sdk::counting::key::alone(&export.id),
                            exports: vec![export.id.clone()],
                            scenario: false,
                        }),
                    }),
                    ladder,
                    ..self.outcome(
                        export,
                        rule_id,
                        vec![format!(
                            "The list does not apply to critical information infrastructure \
                             operators ({why}): under CBDF Provisions Art. 7(1) any counted \
                             personal information needs a security assessment; Arts 3, 4, \
                             5(1)-(3) and 6 still apply."
                        )],
                    )
                }
            }
            Ciio::NotSeen if own == 0 => self.outcome(export, rule::NO_COUNTED, vec![]),
            Ciio::NotSeen => self.outcome(
                export,
                rule::NOT_SEEN,
                vec![format!(
                    "The handler is a critical information infrastructure operator, and how the \
                     {} treats such operators was not seen, so the route cannot be determined. \
                     Nationally, CBDF Provisions Art. 7(1) requires a security assessment for a \
                     CIIO's personal information. Read the list and its measures: {}.",
                    self.names.short,
                    self.where_to_read()
                )],
            ),
        }
    }
}

fn hgr_note(export: &Export) -> String {
    let mut note = String::from(
        "Human genetic resources duties run alongside: a prior report with an information backup \
         before the information is provided or opened abroad, and a security review where exome \
         or genome sequencing information of more than 500 persons is provided (HGR Regulation \
         Art. 28; Implementing Rules Arts 36-37).",
    );
    if let Some(persons) = export.persons.filter(|p| *p > 500) {
        note.push_str(&format!(
            " This export covers {} persons: if it is sequencing information, the security \
             review applies.",
            thousands(persons)
        ));
    }
    note
}
