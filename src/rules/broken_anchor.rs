use std::borrow::Cow;

use super::{Context, Rule};
use crate::finding::{Edit, Finding};
use crate::model::Document;

/// An in-page link to an anchor that does not exist.
pub struct BrokenAnchor;

impl Rule for BrokenAnchor {
    fn id(&self) -> &'static str {
        "broken-anchor"
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for link in doc.links.iter().filter(|l| !l.is_image) {
            let Some(fragment) = link.target(doc).strip_prefix('#') else {
                continue;
            };
            let fragment = percent_decoded(fragment);
            if fragment.is_empty() || cx.settings.fragment_resolves(doc, &fragment) {
                continue;
            }
            let mut finding = Finding::new(
                self.id(),
                link.target_span.clone(),
                format!("no anchor \"#{fragment}\" in this file"),
            );
            match nearest_anchor(doc, &fragment) {
                Some(Nearest::One(id)) => {
                    finding = finding.with_help(format!("did you mean `#{id}`?"));
                    // Rewrite only when the target is written right there.
                    if doc.text(&link.target_span) == link.target(doc) {
                        finding = finding.with_fix(Edit {
                            span: link.target_span.clone(),
                            replacement: format!("#{id}"),
                        });
                    }
                }
                Some(Nearest::Several(ids)) => {
                    finding =
                        finding.with_help(format!("did you mean one of `#{}`?", ids.join("`, `#")));
                }
                None => {}
            }
            out.push(finding);
        }
    }
}

/// Percent-decodes a link's path or fragment; text whose bytes do not
/// decode to UTF-8 is kept as written.
pub fn percent_decoded(text: &str) -> Cow<'_, str> {
    // Most links have no `%`: nothing to decode, nor to check as UTF-8 again.
    if memchr::memchr(b'%', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .unwrap_or(Cow::Borrowed(text))
}

pub enum Nearest<'a> {
    One(&'a str),
    Several(Vec<&'a str>),
}

/// The closest anchors by edit distance, if close enough to be a likely typo.
pub fn nearest_anchor<'a>(doc: &'a Document, wanted: &str) -> Option<Nearest<'a>> {
    let wanted = wanted.to_lowercase();
    let limit = (wanted.chars().count() / 3).max(2);
    let mut best: Vec<&str> = Vec::new();
    let mut best_distance = usize::MAX;
    for anchor in &doc.anchors {
        let distance = strsim::levenshtein(&wanted, &anchor.id.to_lowercase());
        if distance > limit || distance > best_distance {
            continue;
        }
        if distance < best_distance {
            best.clear();
            best_distance = distance;
        }
        if !best.contains(&anchor.id.as_str()) {
            best.push(&anchor.id);
        }
    }
    match best.len() {
        0 => None,
        1 => Some(Nearest::One(best[0])),
        _ => Some(Nearest::Several(best)),
    }
}
