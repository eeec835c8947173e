//! Every fixture under fixtures/ carries its expected findings as HTML comments:
//!
//!   <!-- expect: placeholder -->            the next line has one `placeholder` finding
//!   <!-- expect: empty-cell*2@+3 -->        the line 3 below has two `empty-cell` findings
//!   <!-- expect: front-matter@-2 -->        the line 2 above (front matter cannot hold comments)
//!
//! The test compares the exact multiset of (line, rule) pairs per file, so an
//! unexpected finding fails as much as a missed one. A fixture with no
//! expectation comment must produce no finding at all.
//!
//! Fixtures run with the configuration the CLI would find for them: the
//! nearest `itsmlint.toml` above each file (fixtures/config/ has one), else
//! the built-in defaults.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use itsmlint::config::Configs;
use itsmlint::lint::Linter;
use itsmlint::pipeline::{self, Want};

type Expected = BTreeMap<(usize, String), usize>;

fn fixture_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            fixture_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// Parses `<!-- expect: ... -->` comments into counts per (line, rule).
fn expectations(linter_doc: &itsmlint::model::Document) -> Expected {
    let mut expected = Expected::new();
    for comment in &linter_doc.comments {
        let Some(list) = comment.body.strip_prefix("expect:") else {
            continue;
        };
        let line = linter_doc.position(comment.span.start).line;
        for item in list.split_whitespace() {
            let (rule_count, offset) = match item.split_once('@') {
                Some((rc, off)) => (
                    rc,
                    off.parse::<isize>()
                        .unwrap_or_else(|_| panic!("bad offset in `{item}`")),
                ),
                None => (item, 1),
            };
            let (rule, count) = match rule_count.split_once('*') {
                Some((r, n)) => (r, n.parse::<usize>().expect("count")),
                None => (rule_count, 1),
            };
            let target = (line as isize + offset) as usize;
            *expected.entry((target, rule.to_string())).or_insert(0) += count;
        }
    }
    expected
}

#[test]
fn fixtures_report_exactly_their_expectations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files = Vec::new();
    fixture_files(&root, &mut files);
    assert!(files.len() >= 5, "fixtures found: {}", files.len());
    let linter = Linter::with_configs(Configs::discover());
    let selected = pipeline::select(&linter, files.clone(), &HashSet::new(), None).unwrap();
    let checked = pipeline::check(&linter, &selected, Vec::new(), Want::default());
    assert!(checked.errors.is_empty(), "{:?}", checked.errors);
    assert_eq!(checked.files, files);
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let doc = itsmlint::parse::parse(text, itsmlint::slug::SlugStyle::default());
        let expected = expectations(&doc);
        let findings = match checked.reports.iter().find(|r| &r.path == path) {
            Some(report) => report.findings.as_slice(),
            None => &[],
        };
        let mut actual = Expected::new();
        for f in findings {
            let line = doc.position(f.span.start).line;
            *actual.entry((line, f.rule.to_string())).or_insert(0) += 1;
        }
        if expected != actual {
            let rel = path.strip_prefix(&root).unwrap().display();
            let mut diff = String::new();
            for (key, n) in &expected {
                let got = actual.get(key).copied().unwrap_or(0);
                if got != *n {
                    diff += &format!("\n  line {} {}: expected {n}, got {got}", key.0, key.1);
                }
            }
            for (key, n) in &actual {
                if !expected.contains_key(key) {
                    let msgs: Vec<_> = findings
                        .iter()
                        .filter(|f| f.rule == key.1 && doc.position(f.span.start).line == key.0)
                        .map(|f| f.message.clone())
                        .collect();
                    diff += &format!(
                        "\n  line {} {}: unexpected {n} ({})",
                        key.0,
                        key.1,
                        msgs.join("; ")
                    );
                }
            }
            failures.push(format!("{rel}:{diff}"));
        }
    }
    assert!(
        failures.is_empty(),
        "fixtures disagree with their expectations:\n{}",
        failures.join("\n")
    );
}
