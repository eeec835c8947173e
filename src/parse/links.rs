//! Links the parser does not hand over whole: reference definitions, where
//! a destination is written, and Learn's include links.

use pulldown_cmark::LinkType;

use super::Builder;
use crate::model::{Link, LinkForm, Span, TextBuf};

impl Builder<'_> {
    /// Notes the label a reference link or image uses.
    pub(super) fn note_label(&mut self, link_type: LinkType, label: &str) {
        if link_form(link_type) == LinkForm::Reference {
            self.used_labels.insert(label_key(label));
        }
    }

    /// A reference definition, `[label]: target`, as a link of its own.
    pub(super) fn definition(&mut self, span: Span, dest: &str) {
        // The destination follows the `]:` that ends the label.
        let after_label = memchr::memmem::find(self.source[span.clone()].as_bytes(), b"]:")
            .map_or(span.start, |at| span.start + at + 2);
        let (resolved, target_span) = match self
            .source
            .get(after_label..span.end)
            .and_then(|rest| rest.find(dest).filter(|_| !dest.is_empty()))
        {
            Some(at) => (None, after_label + at..after_label + at + dest.len()),
            None => (Some(dest.into()), span.clone()),
        };
        self.lists.links.push(Link {
            resolved,
            span,
            target_span,
            is_image: false,
            form: LinkForm::Definition,
        });
    }

    /// Where a link's destination is written: the first place after the
    /// link's text that holds it as it is (a title after it may repeat it).
    /// `None` when it is not written inside the link (escapes, entities, or
    /// a reference link's definition elsewhere).
    pub(super) fn written_target(&self, link: &Span, text: &TextBuf, dest: &str) -> Option<Span> {
        if dest.is_empty() {
            return None;
        }
        let from = text
            .source_end()
            .unwrap_or(link.start)
            .clamp(link.start, link.end);
        let after_text = self.source.get(from..link.end)?.as_bytes();
        // The destination starts a few bytes on, after `](`: a search for its
        // first byte gets there sooner than a substring searcher is built.
        let at = memchr::memchr_iter(dest.as_bytes()[0], after_text)
            .find(|&at| after_text[at..].starts_with(dest.as_bytes()))?;
        Some(from + at..from + at + dest.len())
    }
}

/// A reference label as CommonMark matches it: in any case, its runs of
/// white space one space.
pub(super) fn label_key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

pub(super) fn link_form(link_type: LinkType) -> LinkForm {
    match link_type {
        LinkType::Reference
        | LinkType::ReferenceUnknown
        | LinkType::Collapsed
        | LinkType::CollapsedUnknown
        | LinkType::Shortcut
        | LinkType::ShortcutUnknown => LinkForm::Reference,
        _ => LinkForm::Inline,
    }
}

/// Whether a link starts an include, `[!INCLUDE [title](file.md)]` (any
/// case), Microsoft Learn's way of pulling another file into a page: what
/// stands before the link is `[!include` and maybe spaces.
pub(super) fn follows_include(before: &str) -> bool {
    let before = before.trim_end_matches([' ', '\t']).as_bytes();
    before.len() >= 9 && before[before.len() - 9..].eq_ignore_ascii_case(b"[!include")
}
