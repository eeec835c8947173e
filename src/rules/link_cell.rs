use super::{cell_message, Context, Rule};
use crate::finding::Finding;
use crate::itsm::{cell_state, CellState};
use crate::model::Document;

/// A cell of a link column in an ITSM table with text but no link.
pub struct LinkCell;

impl Rule for LinkCell {
    fn id(&self) -> &'static str {
        "link-cell"
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let settings = cx.settings;
        for table in doc.tables.iter().filter(|t| settings.is_itsm_table(t)) {
            let link_columns: Vec<usize> = (0..table.header.len())
                .filter(|&c| settings.is_link_column(&table.header[c].text.text))
                .collect();
            if link_columns.is_empty() {
                continue;
            }
            for (r, row) in table.rows.iter().enumerate() {
                for &c in &link_columns {
                    let Some(cell) = row.cells.get(c) else {
                        continue;
                    };
                    // Empty and placeholder cells are those rules' findings.
                    if cell.has_link || cell_state(settings, table, c, cell) != CellState::Real {
                        continue;
                    }
                    let text = cell.text.text.trim();
                    if is_exempt(&settings.link_exempt, text) {
                        continue;
                    }
                    out.push(
                        Finding::new(
                            self.id(),
                            cell.span.clone(),
                            cell_message(table, r, c, "has no link"),
                        )
                        .with_help(format!(
                            "make the text a link (`[{text}](...)`), or write \"Not applicable\" \
                                 where there is nothing to link to"
                        )),
                    );
                }
            }
        }
    }
}

/// Whether the text starts with an exempt phrase, as a whole word.
fn is_exempt(phrases: &[String], text: &str) -> bool {
    let lower = text.to_lowercase();
    phrases.iter().any(|p| {
        let p = p.to_lowercase();
        lower.starts_with(&p)
            && lower[p.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn exempt_phrases_match_whole_words_at_the_start() {
        let phrases = vec!["N/A".to_string(), "None".to_string()];
        assert!(super::is_exempt(&phrases, "n/a (no admin step)"));
        assert!(super::is_exempt(&phrases, "None"));
        assert!(!super::is_exempt(&phrases, "Nonetheless a link"));
        assert!(!super::is_exempt(&phrases, "See the portal"));
    }
}
