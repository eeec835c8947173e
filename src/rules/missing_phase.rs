use super::{Context, Rule};
use crate::catalog::Scope;
use crate::finding::Finding;
use crate::model::Document;

/// A phase the document introduces that has no section with an ITSM table.
pub struct MissingPhase;

impl Rule for MissingPhase {
    fn id(&self) -> &'static str {
        "missing-phase"
    }

    fn check<'a>(&self, doc: &'a Document, cx: &Context<'a>, out: &mut Vec<Finding>) {
        let Some(itsm) = cx.itsm(doc) else {
            return;
        };
        let mut reported: Vec<usize> = Vec::new();
        for mention in &itsm.mentions {
            let phase = mention.phase;
            if reported.contains(&phase)
                || itsm.has_table_for(phase)
                || itsm.out_of_scope.contains(&Scope::Phase(phase))
            {
                continue;
            }
            reported.push(phase);
            // A heading of its own is the better place to point at than the list.
            let at = itsm
                .mentions
                .iter()
                .find(|m| m.phase == phase && m.is_heading)
                .unwrap_or(mention);
            let name = &itsm.catalog.phases[phase].name;
            let message = if at.is_heading {
                format!("the \"{name}\" section has no ITSM table")
            } else {
                format!("phase \"{name}\" is introduced but has no section with an ITSM table")
            };
            out.push(
                Finding::new(self.id(), at.span.clone(), message).with_help(format!(
                    "add a section with a table of its processes, or declare it out of scope \
                 (`<!-- itsmlint out-of-scope: {name} -->`)"
                )),
            );
        }
    }
}
