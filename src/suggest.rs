//! "Did you mean": which known name an unknown one most likely misspells, by
//! one rule for every caller (config keys and values, rule ids, suppression
//! directives, catalog names, anchors).
//!
//! Names are compared case-insensitively, with each run of white space as one
//! space. A known name is close when its edit distance from the given one is
//! at most a third of the given name's length in characters, and at least 1;
//! the distance is the optimal string alignment (an insertion, a deletion, a
//! substitution or a swap of two neighbouring characters each count one,
//! since a swap is the commonest typo). The closest wins; ties go to the
//! earlier candidate.

/// The comparisons the look-ups for one file may make: a few tenths of a
/// second at most, where a page of a hundred headings and ten broken anchors
/// needs a thousand. Past them a rule suggests no more, since thousands of
/// unknown names against thousands of known ones would take minutes.
pub const FILE_BUDGET: usize = 200_000;

/// The edits allowed in a name of `chars` characters: one per three, at least one.
pub fn threshold(chars: usize) -> usize {
    (chars / 3).max(1)
}

/// `name` lower-cased, with each run of white space as one space and none at the ends.
pub fn fold(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The candidate closest to `given`, if one is close enough to be a likely misspelling.
pub fn closest<'a>(given: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let index = Index::new(candidates.iter().map(|&c| (c, c)));
    index.nearest(given).map(|n| *n.found[0])
}

/// Known names, each with what it stands for (`T`), prepared for many
/// look-ups: sorted by length, so a look-up compares only the names whose
/// length is within the threshold of the given one's.
#[derive(Debug, Clone)]
pub struct Index<T> {
    /// By length in characters, then by the order given.
    entries: Vec<Entry<T>>,
}

#[derive(Debug, Clone)]
struct Entry<T> {
    chars: usize,
    folded: String,
    order: usize,
    value: T,
}

/// The closest candidates of a look-up: all at the same distance, in the order given.
#[derive(Debug, PartialEq, Eq)]
pub struct Nearest<'a, T> {
    pub distance: usize,
    pub found: Vec<&'a T>,
}

impl<T> Index<T> {
    /// Indexes `(name, value)` pairs; their order breaks ties.
    pub fn new<'s>(candidates: impl IntoIterator<Item = (&'s str, T)>) -> Index<T> {
        let mut entries: Vec<Entry<T>> = candidates
            .into_iter()
            .enumerate()
            .map(|(order, (name, value))| {
                let folded = fold(name);
                Entry {
                    chars: folded.chars().count(),
                    folded,
                    order,
                    value,
                }
            })
            .collect();
        entries.sort_by_key(|e| (e.chars, e.order));
        Index { entries }
    }

    /// The candidates closest to `given`, if any is close enough.
    pub fn nearest(&self, given: &str) -> Option<Nearest<'_, T>> {
        let mut unlimited = usize::MAX;
        self.nearest_within(given, &mut unlimited)
    }

    /// As [`Index::nearest`], for callers that make many look-ups: it gives
    /// up (`None`) when the look-up would compare more names than `budget`
    /// has left, and takes the names it compares from `budget`.
    pub fn nearest_within(&self, given: &str, budget: &mut usize) -> Option<Nearest<'_, T>> {
        let given = fold(given);
        let chars = given.chars().count();
        if chars == 0 {
            return None;
        }
        let limit = threshold(chars);
        let start = self
            .entries
            .partition_point(|e| e.chars < chars.saturating_sub(limit));
        let end = self.entries.partition_point(|e| e.chars <= chars + limit);
        let window = &self.entries[start..end];
        *budget = budget.checked_sub(window.len())?;

        let mut best = limit;
        let mut found: Vec<&Entry<T>> = Vec::new();
        for entry in window {
            // The length difference alone is that many edits.
            if entry.chars.abs_diff(chars) > best {
                continue;
            }
            let distance = strsim::osa_distance(&given, &entry.folded);
            if distance < best {
                best = distance;
                found.clear();
            }
            if distance == best {
                found.push(entry);
            }
        }
        found.sort_by_key(|e| e.order);
        (!found.is_empty()).then(|| Nearest {
            distance: best,
            found: found.into_iter().map(|e| &e.value).collect(),
        })
    }
}

#[cfg(test)]
mod tests;
