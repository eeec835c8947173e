//! A file's anchor ids, looked up by fragment in the site's case. Built once
//! per file a link asks about, so checking many links against a file with
//! many anchors stays linear.

use std::borrow::Cow;
use std::collections::HashSet;

use crate::site::Case;

/// The ids links may reach in one file, as `case` compares them.
#[derive(Debug)]
pub struct AnchorIds {
    case: Case,
    /// Lower-cased when the site ignores case.
    ids: HashSet<String>,
}

impl AnchorIds {
    pub fn new<'a>(ids: impl IntoIterator<Item = &'a str>, case: Case) -> AnchorIds {
        AnchorIds {
            case,
            ids: ids
                .into_iter()
                .map(|id| fold(id, case).into_owned())
                .collect(),
        }
    }

    /// Whether `id` is one of the ids, compared in the case they were indexed in.
    pub fn has(&self, id: &str) -> bool {
        self.ids.contains(fold(id, self.case).as_ref())
    }
}

/// `id` as `case` compares it: lower-cased where case does not count, as
/// browsers on GitHub and Microsoft Learn resolve fragments.
fn fold(id: &str, case: Case) -> Cow<'_, str> {
    match case {
        Case::Sensitive => Cow::Borrowed(id),
        Case::Insensitive => Cow::Owned(id.to_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_match_in_the_case_asked() {
        let ids = ["überblick", "next-steps", "MiXeD", "\u{212A}elvin"];
        let any_case = AnchorIds::new(ids, Case::Insensitive);
        for id in [
            "überblick",
            "ÜBERBLICK",
            "next-steps",
            "NEXT-Steps",
            "mixed",
            "MIXED",
        ] {
            assert!(any_case.has(id), "{id}");
        }
        // The Kelvin sign lower-cases to an ASCII `k`.
        assert!(any_case.has("kelvin"));
        for id in ["uberblick", "next", "next-steps-1", "mixe", ""] {
            assert!(!any_case.has(id), "{id}");
        }
        let exact = AnchorIds::new(ids, Case::Sensitive);
        assert!(exact.has("MiXeD") && exact.has("next-steps"));
        assert!(!exact.has("mixed") && !exact.has("NEXT-STEPS"));
    }
}
