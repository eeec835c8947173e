//! Where each suppression applies, and which findings it covers.

use std::collections::HashMap;

use super::{Directive, Kind};
use crate::model::{Document, Span};

/// Where a directive silences which rules. `rules: None` means every rule but `except`.
#[derive(Debug, Clone)]
pub(super) struct Region {
    pub(super) directive: usize,
    pub(super) rules: Option<Vec<String>>,
    except: Vec<String>,
    /// Byte range for ranges and whole files; `line` for next-line.
    range: Span,
    line: Option<usize>,
}

impl Region {
    pub(super) fn silences(&self, rule: &str) -> bool {
        match &self.rules {
            Some(rules) => rules.iter().any(|r| r == rule),
            None => !self.except.iter().any(|r| r == rule),
        }
    }
}

/// The regions over each place, asked in ascending order of place: line
/// regions looked up by their line, byte ranges swept in order of their
/// start. A file with many findings and many suppressions is then not
/// every finding against every suppression.
pub(super) struct Cover<'a> {
    doc: &'a Document,
    by_line: HashMap<usize, Vec<&'a Region>>,
    /// Byte-range regions by start; those before `next` have been reached.
    ranges: Vec<&'a Region>,
    next: usize,
    /// The ranges reached and not yet passed.
    open: Vec<&'a Region>,
}

impl<'a> Cover<'a> {
    pub(super) fn new(doc: &'a Document, regions: &'a [Region]) -> Self {
        let mut by_line: HashMap<usize, Vec<&Region>> = HashMap::new();
        let mut ranges = Vec::new();
        for region in regions {
            match region.line {
                Some(line) => by_line.entry(line).or_default().push(region),
                None => ranges.push(region),
            }
        }
        ranges.sort_by_key(|r| r.range.start);
        Cover {
            doc,
            by_line,
            ranges,
            next: 0,
            open: Vec::new(),
        }
    }

    /// The regions over byte `at`, which is not before the place last asked.
    pub(super) fn at(&mut self, at: usize) -> impl Iterator<Item = &'a Region> + '_ {
        while let Some(&region) = self.ranges.get(self.next) {
            if region.range.start > at {
                break;
            }
            self.open.push(region);
            self.next += 1;
        }
        let end_of_file = self.doc.source.len();
        // A range that ends at the end of the file covers a finding there too.
        self.open
            .retain(|r| r.range.contains(&at) || (at == r.range.end && at == end_of_file));
        let line = self.doc.lines().line_of(at);
        let on_line = self.by_line.get(&line).into_iter().flatten();
        self.open.iter().chain(on_line).copied()
    }
}

/// The places each directive covers.
pub(super) fn regions(doc: &Document, directives: &[Directive]) -> Vec<Region> {
    let mut regions = Vec::new();
    let mut open: Vec<Region> = Vec::new();
    let ids = |d: &Directive| -> Option<Vec<String>> {
        (!d.rules.is_empty()).then(|| d.rules.iter().map(|(r, _)| r.clone()).collect())
    };
    for (index, directive) in directives.iter().enumerate() {
        match directive.kind {
            Kind::File => regions.push(Region {
                directive: index,
                rules: ids(directive),
                except: Vec::new(),
                range: 0..doc.source.len(),
                line: None,
            }),
            Kind::NextLine | Kind::Line => {
                let line = if directive.kind == Kind::Line {
                    doc.lines().line_of(directive.span.start)
                } else {
                    doc.lines().line_of(directive.span.end.saturating_sub(1)) + 1
                };
                regions.push(Region {
                    directive: index,
                    rules: ids(directive),
                    except: Vec::new(),
                    range: 0..0,
                    line: Some(line),
                });
            }
            Kind::Disable => open.push(Region {
                directive: index,
                rules: ids(directive),
                except: Vec::new(),
                range: directive.span.end..doc.source.len(),
                line: None,
            }),
            Kind::Enable => {
                let at = directive.span.start;
                let enabled = ids(directive);
                for mut region in std::mem::take(&mut open) {
                    let mut rest = Region {
                        range: directive.span.end..doc.source.len(),
                        ..region.clone()
                    };
                    region.range.end = at;
                    let reopen = match (&enabled, &mut rest.rules) {
                        (None, _) => false,
                        (Some(enabled), Some(rules)) => {
                            rules.retain(|r| !enabled.contains(r));
                            !rules.is_empty()
                        }
                        (Some(enabled), None) => {
                            rest.except.extend(enabled.iter().cloned());
                            true
                        }
                    };
                    regions.push(region);
                    if reopen {
                        open.push(rest);
                    }
                }
            }
        }
    }
    regions.extend(open);
    regions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slug::SlugStyle;
    use proptest::prelude::*;

    fn region(directive: usize, range: Span, line: Option<usize>) -> Region {
        Region {
            directive,
            rules: None,
            except: Vec::new(),
            range,
            line,
        }
    }

    /// Whether `region` is over byte `at`, asked of it alone.
    fn over(doc: &Document, region: &Region, at: usize) -> bool {
        match region.line {
            Some(line) => doc.lines().line_of(at) == line,
            None => {
                region.range.contains(&at) || (at == region.range.end && at == doc.source.len())
            }
        }
    }

    fn sweep(doc: &Document, regions: &[Region], places: &[usize]) -> Vec<Vec<usize>> {
        let mut cover = Cover::new(doc, regions);
        places
            .iter()
            .map(|&at| {
                let mut found: Vec<usize> = cover.at(at).map(|r| r.directive).collect();
                found.sort_unstable();
                found
            })
            .collect()
    }

    #[test]
    fn ranges_lines_and_the_end_of_the_file() {
        let doc = crate::parse::parse("ab\ncd\nef".into(), SlugStyle::default());
        let regions = [
            region(0, 0..8, None),
            region(1, 3..5, None),
            region(2, 0..0, Some(1)),
            region(3, 6..8, None),
        ];
        assert_eq!(
            sweep(&doc, &regions, &[0, 3, 5, 6, 8]),
            [vec![0], vec![0, 1, 2], vec![0, 2], vec![0, 3], vec![0, 3]]
        );
    }

    proptest! {
        #[test]
        fn the_sweep_finds_what_each_region_alone_says(
            text in "[a\n]{0,40}",
            spans in prop::collection::vec((0usize..45, 0usize..45, 0usize..8, any::<bool>()), 0..12),
            mut places in prop::collection::vec(0usize..45, 0..20),
        ) {
            let doc = crate::parse::parse(text.clone(), SlugStyle::default());
            let len = text.len();
            let regions: Vec<Region> = spans
                .iter()
                .enumerate()
                .map(|(i, &(a, b, line, is_line))| {
                    let (a, b) = (a.min(len), b.min(len));
                    let range = a.min(b)..a.max(b);
                    region(i, range, is_line.then_some(line))
                })
                .collect();
            places.iter_mut().for_each(|at| *at = (*at).min(len));
            places.sort_unstable();
            let expected: Vec<Vec<usize>> = places
                .iter()
                .map(|&at| {
                    regions
                        .iter()
                        .filter(|r| over(&doc, r, at))
                        .map(|r| r.directive)
                        .collect()
                })
                .collect();
            prop_assert_eq!(sweep(&doc, &regions, &places), expected);
        }
    }
}
