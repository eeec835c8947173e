//! Never a panic, whatever the Markdown: generated documents (tables, links,
//! front matter, CRLF, BOM, odd Unicode) go through parse, every rule and
//! every reporter (then the fixes and the completeness report), and every
//! finding's span must be a valid range of char boundaries inside the file.
//! Then, when ../shared/corpus exists, the same over every real file in it.
//! The checks live in `itsmlint::robustness`, shared with the fuzz target
//! in fuzz/ so both drive exactly the same path.
//!
//! `PROPTEST_CASES=100000 cargo test --release --test properties` runs longer.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use itsmlint::pipeline::{self, Want};
use itsmlint::robustness::{check_report, exercise, linter, proptest_cases, text_of};
use proptest::prelude::*;

/// Pieces Markdown is made of, the awkward ones included.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("# Heading\n".to_string()),
        Just("## Héading {#custom-id}\n".to_string()),
        Just("| ITSM component | Feature |\n|---|:-:|\n".to_string()),
        Just("| Incident |  |\n".to_string()),
        Just("| a \\| b | `c|d` | extra | cells |\n".to_string()),
        Just("|\n".to_string()),
        Just("[link](#heading) [bad](#nope) [x](%ZZ#%E9) ![img](#a)\n".to_string()),
        Just("[ref]: #heading\n[ref]\n".to_string()),
        Just("<a name=\"anchor\"></a><!-- expect: x -->\n".to_string()),
        Just("<!--\nunclosed comment\n".to_string()),
        Just("TODO TBD lorem ipsum ??? [insert here] what is\n".to_string()),
        Just("- item\n  - nested\n    > quote\n".to_string()),
        Just("```\ncode TODO\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\n\n".to_string()),
        Just("\u{feff}".to_string()),
        Just("---\n".to_string()),
        Just("title: x\ndescription:\n".to_string()),
        Just("é日本\u{200d}👩‍👩‍👧\u{301}\u{202e}\t".to_string()),
        Just("&nbsp;<br>&#x0;&amp;\\".to_string()),
        "[\\[\\]()#|`*_<>!:{}\\- a-zé\u{10ffff}\r\n]{0,40}",
    ]
}

/// A document: maybe a BOM, maybe front matter, then fragments; maybe all CRLF.
fn document() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop::option::of("(title|description|ms\\.date): ?[a-z\\[{'\"]{0,8}"),
        prop::collection::vec(fragment(), 0..24),
        any::<bool>(),
    )
        .prop_map(|(bom, front, body, crlf)| {
            let mut text = String::new();
            if bom {
                text.push('\u{feff}');
            }
            if let Some(line) = front {
                text.push_str(&format!("---\n{line}\n---\n"));
            }
            text.push_str(&body.concat());
            if crlf {
                text = text.replace("\r\n", "\n").replace('\n', "\r\n");
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: proptest_cases(300), ..ProptestConfig::default() })]

    #[test]
    fn any_document_lints_and_reports_without_panic(text in document()) {
        prop_assert_eq!(exercise(Path::new("generated.md"), text), Ok(()));
    }

    #[test]
    fn any_bytes_are_refused_or_linted(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        // Refused bytes are linted lossily all the same: the parser must survive them too.
        prop_assert_eq!(exercise(Path::new("bytes.md"), text_of(&bytes)), Ok(()));
    }
}

#[test]
fn whole_corpus_without_a_panic() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.exists() {
        eprintln!("skipped: {} is absent", corpus.display());
        return;
    }
    let found = itsmlint::pipeline::discover(&[corpus]);
    assert!(found.files.len() > 1000, "{} files", found.files.len());
    // The check runs in rayon; a panic in any file would propagate and fail here.
    let files = pipeline::select(linter(), found.files.clone(), &HashSet::new(), None).unwrap();
    let checked = pipeline::check(linter(), &files, Vec::new(), Want::default());
    assert_eq!(checked.files.len(), found.files.len());
    let mut bad: Vec<String> = checked.errors.iter().map(|e| e.to_string()).collect();
    for report in &checked.reports {
        if let Err(e) = check_report(report) {
            bad.push(format!("{}: {e}", report.path.display()));
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}
