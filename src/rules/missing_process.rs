use super::{Context, Rule};
use crate::finding::Finding;
use crate::model::Document;

/// A catalog process absent from its phase's table.
pub struct MissingProcess;

impl Rule for MissingProcess {
    fn id(&self) -> &'static str {
        "missing-process"
    }

    fn check<'a>(&self, doc: &'a Document, cx: &Context<'a>, out: &mut Vec<Finding>) {
        let Some(itsm) = cx.itsm(doc) else {
            return;
        };
        for &phase in itsm.expected_phases() {
            // Once per process, at the phase's first table.
            let Some(first) = itsm.tables_for(phase).next() else {
                continue;
            };
            let phase_name = &itsm.catalog.phases[phase].name;
            for id in itsm.missing(phase) {
                let name = &itsm.catalog.process(id).name;
                let message = format!(
                    "{phase_name}: no row for \"{name}\" ({})",
                    itsm.catalog.title
                );
                out.push(
                    Finding::new(self.id(), first.table.span.clone(), message).with_help(format!(
                        "add a row for it, or declare it out of scope \
                         (`<!-- itsmlint out-of-scope: {name} -->`)"
                    )),
                );
            }
        }
    }
}
