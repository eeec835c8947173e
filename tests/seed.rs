//! The real draft itsmlint exists for: every finding in it, and nothing else.
//! It lives in ../shared (present in CI); where it is absent the test says so.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use itsmlint::completeness::DocScore;
use itsmlint::lint::{FileReport, Linter};
use itsmlint::pipeline::{self, Want};
use itsmlint::settings::Settings;

fn seed() -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seed/itsm-draft.md");
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: {} is absent", path.display());
        None
    }
}

/// The seed through the pipeline with the built-in settings: its report and score.
fn check_seed(path: &Path) -> (FileReport, Option<DocScore>) {
    let linter = Linter::new(Settings::builtin().unwrap());
    let want = Want {
        scores: true,
        on_done: None,
    };
    let files = pipeline::select(&linter, vec![path.to_path_buf()], &HashSet::new(), None).unwrap();
    let mut checked = pipeline::check(&linter, &files, Vec::new(), want);
    assert!(checked.errors.is_empty(), "{:?}", checked.errors);
    let score = checked.scores.pop().map(|(_, score)| score);
    (checked.reports.remove(0), score)
}

#[test]
fn seed_findings_are_exactly_the_known_gaps() {
    let Some(path) = seed() else { return };
    let (report, _) = check_seed(&path);
    let at = |f: &itsmlint::finding::Finding| {
        let p = report.source.position(f.span.start);
        (p.line, p.column)
    };

    let mut per_rule = BTreeMap::new();
    for f in &report.findings {
        *per_rule.entry(f.rule).or_insert(0) += 1;
    }
    assert_eq!(
        per_rule,
        BTreeMap::from([
            ("empty-cell", 46),
            ("front-matter", 1),
            ("missing-phase", 2),
            ("missing-process", 2),
            ("placeholder", 9)
        ])
    );
    // Absent from the map above, so 0 each: unknown-process, duplicate-row,
    // link-cell (every link cell is empty or a placeholder), broken-link.

    let named = |rule: &str| -> Vec<(usize, String)> {
        report
            .findings
            .iter()
            .filter(|f| f.rule == rule)
            .map(|f| (at(f).0, f.message.clone()))
            .collect()
    };
    assert_eq!(
        named("missing-phase"),
        [
            (18, "phase \"Service strategy\" is introduced but has no section with an ITSM table".to_string()),
            (
                22,
                "phase \"Continual service improvement\" is introduced but has no section with an ITSM table".to_string()
            ),
        ]
    );
    let processes: Vec<_> = named("missing-process");
    assert_eq!(processes.len(), 2);
    assert!(
        processes.iter().all(|(line, _)| *line == 45),
        "at the Service transition table"
    );
    assert!(processes[0]
        .1
        .contains("\"Service validation and testing\""));
    assert!(processes[1].1.contains("\"Change evaluation\""));

    let placeholders: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "placeholder")
        .map(|f| (at(f), report.source.text()[f.span.clone()].to_string()))
        .collect();
    let expected = [
        ((19, 38), "what is"),
        ((20, 46), "what is"),
        ((21, 44), "what is"),
        ((22, 34), "what is"),
        ((32, 58), "link to SD"),
        ((32, 77), "link to process?"),
        ((33, 86), "links"),
        ((38, 51), "possible link to MS-general topics? STP?"),
        ((39, 26), "sort of"),
    ];
    let expected: Vec<_> = expected.iter().map(|(p, t)| (*p, t.to_string())).collect();
    assert_eq!(placeholders, expected);
    let in_cells = report
        .findings
        .iter()
        .filter(|f| f.rule == "placeholder" && f.message.contains("holds"))
        .count();
    assert_eq!(
        in_cells, 5,
        "5 placeholders in table cells, 4 in the bullet list"
    );

    let front: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "front-matter")
        .collect();
    assert_eq!(at(front[0]), (3, 1));
    assert!(front[0].message.contains("description"));

    let mut empty_per_line = BTreeMap::new();
    for f in report.findings.iter().filter(|f| f.rule == "empty-cell") {
        *empty_per_line.entry(at(f).0).or_insert(0) += 1;
    }
    let mut expected = BTreeMap::from([
        (33, 1),
        (34, 3),
        (35, 2),
        (36, 3),
        (37, 3),
        (38, 2),
        (39, 2),
    ]);
    for line in (47..=51).chain(59..=63) {
        expected.insert(line, 3);
    }
    assert_eq!(empty_per_line, expected);

    // An empty cell's span is the space between its two pipes.
    let capacity: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "empty-cell" && f.message.contains("\"Capacity management\""))
        .collect();
    assert_eq!(
        capacity[0].message,
        "\"Description\" is empty for \"Capacity management\""
    );
    let span = capacity[0].span.clone();
    let source = report.source.text();
    assert_eq!(&source[span.start - 1..span.start], "|");
    assert_eq!(&source[span.end..span.end + 1], "|");
    assert!(source[span].trim().is_empty());
}

#[test]
fn seed_exits_with_1_and_no_broken_anchor() {
    let Some(path) = seed() else { return };
    let out = assert_cmd::Command::cargo_bin("itsmlint")
        .unwrap()
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["by_rule"]["empty-cell"], 46);
    assert!(json["summary"]["by_rule"].get("broken-anchor").is_none());
}

#[test]
fn seed_service_design_fill_rate_is_3_of_24() {
    let Some(path) = seed() else { return };
    let (_, score) = check_seed(&path);
    let score = score.unwrap();
    assert_eq!(score.catalog, "itil-v3");
    let design = &score.tables[0];
    assert_eq!(design.phase.as_deref(), Some("Service design"));
    assert_eq!(
        (
            design.cells.total,
            design.cells.empty,
            design.cells.placeholder,
            design.cells.real
        ),
        (24, 16, 5, 3)
    );
    assert_eq!(design.cells.percent(), 12.5);
    assert_eq!((design.covered, design.expected), (8, 8));
    let transition = &score.tables[1];
    assert_eq!((transition.covered, transition.expected), (5, 7));
    assert_eq!(
        transition.missing,
        ["Service validation and testing", "Change evaluation"]
    );
    assert_eq!(
        score.missing_phases,
        ["Service strategy", "Continual service improvement"]
    );
    assert_eq!((score.covered, score.expected), (18, 20));
}
