use std::borrow::Cow;
use std::collections::HashMap;

use super::links::anchors::AnchorIds;
use super::{Context, Rule};
use crate::finding::{Edit, Finding};
use crate::model::Document;
use crate::suggest::{Index, FILE_BUDGET};

/// An in-page link to an anchor that does not exist.
pub struct BrokenAnchor;

impl Rule for BrokenAnchor {
    fn id(&self) -> &'static str {
        "broken-anchor"
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let mut suggestions = Suggestions::new(doc);
        // Indexed on the first in-page fragment: most pages have none.
        let mut ids: Option<AnchorIds> = None;
        for link in doc
            .links
            .iter()
            .filter(|l| !l.is_image && l.is_checked_here())
        {
            let Some(fragment) = link.target(doc).strip_prefix('#') else {
                continue;
            };
            let fragment = percent_decoded(fragment);
            if fragment.is_empty() || cx.settings.site.site.answers_fragment(&fragment) {
                continue;
            }
            let ids = ids.get_or_insert_with(|| {
                AnchorIds::new(
                    doc.anchors.iter().map(|a| a.id.as_str()),
                    cx.settings.anchor_case,
                )
            });
            if ids.has(&fragment) {
                continue;
            }
            let mut finding = Finding::new(
                self.id(),
                link.target_span.clone(),
                format!("no anchor \"#{fragment}\" in this file"),
            );
            match suggestions.nearest(&fragment) {
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

#[derive(Clone)]
enum Nearest<'a> {
    One(&'a str),
    Several(Vec<&'a str>),
}

/// The "did you mean" of one file's broken anchors: its anchors indexed once
/// (on the first broken one), each fragment looked up once, all within
/// [`FILE_BUDGET`].
struct Suggestions<'a> {
    doc: &'a Document,
    index: Option<Index<&'a str>>,
    found: HashMap<String, Option<Nearest<'a>>>,
    budget: usize,
}

impl<'a> Suggestions<'a> {
    fn new(doc: &'a Document) -> Self {
        Suggestions {
            doc,
            index: None,
            found: HashMap::new(),
            budget: FILE_BUDGET,
        }
    }

    /// The anchors closest to `wanted`, if close enough to be a likely typo.
    fn nearest(&mut self, wanted: &str) -> Option<Nearest<'a>> {
        if let Some(known) = self.found.get(wanted) {
            return known.clone();
        }
        let doc = self.doc;
        let index = self
            .index
            .get_or_insert_with(|| Index::new(doc.anchors.iter().map(|a| (&*a.id, &*a.id))));
        let mut ids: Vec<&'a str> = Vec::new();
        for &id in index
            .nearest_within(wanted, &mut self.budget)
            .map(|n| n.found)
            .unwrap_or_default()
        {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        let nearest = match ids.len() {
            0 => None,
            1 => Some(Nearest::One(ids[0])),
            _ => Some(Nearest::Several(ids)),
        };
        self.found.insert(wanted.to_string(), nearest.clone());
        nearest
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    fn helps(text: String) -> Vec<Option<String>> {
        let settings = Settings::builtin().unwrap();
        let doc = crate::parse::parse(text, settings.slug_style);
        let workspace = crate::rules::links::workspace::Workspace::new();
        let cx = Context::new(&settings, std::path::Path::new("a.md"), &workspace);
        let mut out = Vec::new();
        BrokenAnchor.check(&doc, &cx, &mut out);
        out.into_iter().map(|f| f.help).collect()
    }

    /// Just more headings than `FILE_BUDGET` allows look-ups against them all.
    fn headings() -> (usize, String) {
        let n = FILE_BUDGET.isqrt() + 1;
        (n, (0..n).map(|i| format!("## x{i:04}\n\n")).collect())
    }

    #[test]
    fn the_closest_anchor_or_the_tied_ones() {
        let text = "# Install the CLI\n\n## Step a\n\n## Step b\n\n\
                    [x](#instal-the-cli) [y](#step-) [z](#nothing-like-it)\n";
        assert_eq!(
            helps(text.to_string()),
            [
                Some("did you mean `#install-the-cli`?".to_string()),
                Some("did you mean one of `#step-a`, `#step-b`?".to_string()),
                None
            ]
        );
    }

    #[test]
    fn a_fragment_broken_many_times_is_looked_up_once() {
        let (n, mut text) = headings();
        text.push_str(&"[x](#y0000)\n".repeat(n));
        let helps = helps(text);
        assert_eq!(helps.len(), n);
        assert!(helps
            .iter()
            .all(|h| h.as_deref() == Some("did you mean `#x0000`?")));
    }

    #[test]
    fn past_the_budget_broken_anchors_get_no_suggestion() {
        let (n, mut text) = headings();
        text.extend((0..n).map(|i| format!("[x](#y{i:04})\n")));
        let helps = helps(text);
        assert_eq!(helps.len(), n, "every broken anchor is still reported");
        assert_eq!(helps[0].as_deref(), Some("did you mean `#x0000`?"));
        assert_eq!(helps[n - 1], None);
    }
}
