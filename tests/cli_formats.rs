//! Every `--format` end to end on the fixtures: structure, positions, escaping,
//! and SARIF validated against the official SARIF 2.1.0 schema.

mod schemas;

use assert_cmd::Command;
use schemas::sarif_validator;
use serde_json::Value;

fn itsmlint() -> Command {
    let mut cmd = Command::cargo_bin("itsmlint").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// stdout and exit code of `itsmlint check ARGS`.
fn run(args: &[&str]) -> (String, Option<i32>) {
    let out = itsmlint().arg("check").args(args).output().unwrap();
    (String::from_utf8(out.stdout).unwrap(), out.status.code())
}

/// (path, line, column, rule) of every finding, from the JSON format, as the reference.
fn reference(args: &[&str]) -> Vec<(String, u64, u64, String)> {
    let mut full = vec!["--format", "json"];
    full.extend_from_slice(args);
    let (stdout, _) = run(&full);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A rule's default severity ("error" or "warning"), as the reporters print it.
fn severity(rule: &str) -> &'static str {
    itsmlint::knowledge::RulePack::builtin()
        .info(rule)
        .unwrap()
        .severity
        .as_str()
}

#[test]
fn short_is_one_line_per_finding_matching_json() {
    let (stdout, code) = run(&["--format", "short", "fixtures"]);
    assert_eq!(code, Some(1));
    // Fixtures hold warnings too (unused-suppression, fixtures/config's levels).
    let (json, _) = run(&["--format", "json", "fixtures"]);
    let json: Value = serde_json::from_str(&json).unwrap();
    let expected: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{}: {}[{}] ",
                f["path"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["severity"].as_str().unwrap(),
                f["rule"].as_str().unwrap()
            )
        })
        .collect();
    assert!(expected.iter().any(|e| e.contains(" warning[")));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), expected.len());
    for (line, prefix) in lines.iter().zip(&expected) {
        assert!(
            line.starts_with(prefix),
            "{line:?} should start with {prefix:?}"
        );
    }
    assert!(stdout.contains(
        "fixtures/itsm/draft.md:28:47: error[placeholder] \"High-level\" holds placeholder \"link to SD\""
    ));
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let validator = sarif_validator();
    let (stdout, code) = run(&["--format", "sarif", "fixtures"]);
    assert_eq!(code, Some(1));
    let log: Value = serde_json::from_str(&stdout).unwrap();
    let problems: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    // The validator does reject a log that breaks the schema.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Value::from(0);
    assert!(!validator.is_valid(&broken));
    // The schema validates shape; check the content too.
    let run0 = &log["runs"][0];
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(
        rules.len(),
        itsmlint::knowledge::RulePack::builtin().rules.len()
    );
    assert!(rules
        .iter()
        .all(|r| r["help"]["text"].as_str().is_some_and(|t| !t.is_empty())));
    let results = run0["results"].as_array().unwrap();
    let reference = reference(&["fixtures"]);
    assert_eq!(results.len(), reference.len());
    for (result, (path, line, column, rule)) in results.iter().zip(&reference) {
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], path.as_str());
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert_eq!(location["region"]["startLine"], *line);
        assert_eq!(location["region"]["startColumn"], *column);
        assert_eq!(result["ruleId"], rule.as_str());
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], rule.as_str());
    }
    assert!(
        results.iter().any(|r| r["fixes"].is_array()),
        "the fixable broken anchor carries its fix"
    );
}

#[test]
fn sarif_with_an_unreadable_file_is_still_valid() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.md");
    std::fs::write(&bad, b"caf\xe9").unwrap();
    let out = itsmlint()
        .args(["check", "--format", "sarif"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(sarif_validator().is_valid(&log));
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let uri = invocation["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]
        ["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        uri.starts_with("file:///") && uri.ends_with("/bad.md"),
        "{uri}"
    );
}

#[test]
fn github_emits_escaped_workflow_commands() {
    let (stdout, code) = run(&["--format", "github", "fixtures/itsm/draft.md"]);
    assert_eq!(code, Some(1));
    let reference = reference(&["fixtures/itsm/draft.md"]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.len(),
        reference.len(),
        "one command per finding, no raw newline"
    );
    for (line, (path, l, c, rule)) in lines.iter().zip(&reference) {
        let prefix = format!("::{} file={path},line={l},col={c},endLine=", severity(rule));
        assert!(line.starts_with(&prefix), "{line}");
        assert!(
            line.contains(&format!(",title=itsmlint ({rule})::")),
            "{line}"
        );
    }
    // A help line travels as an escaped newline.
    assert!(stdout.contains("%0Ahelp: "), "{stdout}");
}

#[test]
fn github_escapes_separators_in_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("a,b:c.md");
    std::fs::write(&odd, "# T\n\n[x](#nowhere)\n").unwrap();
    let out = itsmlint()
        .current_dir(dir.path())
        .args(["check", "--format", "github", "a,b:c.md"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("::error file=a%2Cb%3Ac.md,line=3,col=5,"),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .all(|l| l.starts_with("::error file=a%2Cb%3Ac.md,")),
        "{stdout}"
    );
}

#[test]
fn junit_has_one_test_case_per_file_and_parses_as_xml() {
    let (stdout, code) = run(&["--format", "junit", "fixtures/itsm", "fixtures/clean"]);
    assert_eq!(code, Some(1));
    let doc = roxmltree::Document::parse(&stdout).expect("well-formed XML");
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    let names: Vec<&str> = cases.iter().map(|c| c.attribute("name").unwrap()).collect();
    assert_eq!(
        names,
        ["fixtures/clean/complete.md", "fixtures/itsm/draft.md"]
    );
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("tests"), Some("2"));
    assert_eq!(suite.attribute("failures"), Some("1"));
    assert!(
        cases[0].children().all(|c| !c.is_element()),
        "the clean file passes"
    );
    let failure = cases[1]
        .children()
        .find(|c| c.has_tag_name("failure"))
        .unwrap();
    let reference = reference(&["fixtures/itsm/draft.md"]);
    let findings = reference.len();
    let errors = reference
        .iter()
        .filter(|(.., rule)| severity(rule) == "error")
        .count();
    assert_eq!(
        failure.attribute("message"),
        Some(format!("{errors} errors found").as_str())
    );
    // The text is unescaped by the parser back to the original message.
    assert!(failure
        .text()
        .unwrap()
        .contains("holds placeholder \"link to SD\""));
    assert_eq!(failure.text().unwrap().lines().count(), findings);
}

#[test]
fn human_ends_with_the_summary_line() {
    let (stdout, code) = run(&["--color", "never", "fixtures/clean"]);
    assert_eq!(code, Some(0));
    let last = stdout.lines().last().unwrap();
    assert!(
        last.starts_with("1 file checked: 0 errors, 0 warnings in "),
        "{last}"
    );
}

#[test]
fn json_is_serde_jsons_pretty_form_byte_for_byte() {
    // Files are rendered in parallel and joined: the joined text must be
    // what printing the whole document at once gives (keys are in
    // alphabetical order, as a `Value` keeps them).
    for args in [
        &["--no-config", "--format", "json", "fixtures"][..],
        &["--no-config", "--format", "json", "fixtures/clean"],
        &[
            "--no-config",
            "--format",
            "json",
            "fixtures/itsm",
            "no/such/path.md",
        ],
        &[
            "--no-config",
            "--format",
            "json",
            "--quiet",
            "fixtures/suppress",
        ],
    ] {
        let (stdout, _) = run(args);
        let value: Value = serde_json::from_str(&stdout).unwrap();
        let pretty = serde_json::to_string_pretty(&value).unwrap() + "\n";
        assert_eq!(stdout, pretty, "{args:?}");
    }
}

#[test]
fn json_of_many_findings_is_whole_across_batches() {
    // More findings than one rendering batch (16,384) and one task (256):
    // the joins between them must be where the printer puts its commas.
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("many.md");
    std::fs::write(&page, "TODO\n\n".repeat(17_000)).unwrap();
    let (stdout, _) = run(&["--no-config", "--format", "json", page.to_str().unwrap()]);
    let value: Value = serde_json::from_str(&stdout).unwrap();
    // A placeholder a paragraph; a GitHub page needs no front matter.
    assert_eq!(value["findings"].as_array().unwrap().len(), 17_000);
    assert_eq!(stdout, serde_json::to_string_pretty(&value).unwrap() + "\n");
}

#[test]
fn human_shows_a_window_of_a_long_line_for_each_finding() {
    // 1,000 findings on one 10 KB line: each diagnostic shows a window of
    // the line around its label, so the output grows with the findings, not
    // with findings times the line's length (10 MB when it printed the line).
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("long.md");
    let findings = 1_000;
    std::fs::write(&page, "word TODO ".repeat(findings) + "\n").unwrap();
    let (stdout, _) = run(&["--no-config", "--color", "never", page.to_str().unwrap()]);
    let todos = stdout.matches("placeholder \"TODO\"").count();
    assert!(todos >= findings, "{todos} placeholder findings");
    let per_finding = stdout.len() / todos;
    assert!(
        per_finding < 600,
        "{per_finding} bytes per finding, {} in all",
        stdout.len()
    );
    let last = stdout
        .find("long.md:1:9996")
        .expect("the last TODO's column");
    assert!(
        stdout[last..].contains("...word TODO word"),
        "{}",
        &stdout[last..]
    );
}

#[test]
fn min_completeness_failures_are_in_every_format() {
    // draft.md is 30% filled: below 80, the run fails for it, and each
    // format's own output says so (not only stderr).
    let args = |format| {
        [
            "--no-config",
            "--color",
            "never",
            "--min-completeness",
            "80",
            "--format",
            format,
            "fixtures/itsm/draft.md",
            "fixtures/clean",
        ]
    };
    let message = "30.0% of ITSM table cells filled, below --min-completeness 80";
    let output = |format| {
        let (stdout, code) = run(&args(format));
        assert_eq!(code, Some(1), "{format}");
        stdout
    };

    let json: Value = serde_json::from_str(&output("json")).unwrap();
    assert_eq!(
        json["completeness"],
        serde_json::json!({
            "below": [{"message": message, "path": "fixtures/itsm/draft.md", "percent": 30.0}],
            "min": 80.0,
        })
    );

    let sarif: Value = serde_json::from_str(&output("sarif")).unwrap();
    assert!(sarif_validator().is_valid(&sarif));
    let notifications = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert_eq!(notifications[0]["descriptor"]["id"], "min-completeness");
    assert_eq!(notifications[0]["message"]["text"], message);
    assert_eq!(
        notifications[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "fixtures/itsm/draft.md"
    );

    let github = output("github");
    assert!(
        github.contains(
            "::error file=fixtures/itsm/draft.md,title=itsmlint (min-completeness)::30.0%25 of ITSM"
        ),
        "{github}"
    );

    let junit = output("junit");
    let doc = roxmltree::Document::parse(&junit).unwrap();
    let case = doc
        .descendants()
        .find(|n| n.attribute("classname") == Some("itsmlint.min-completeness"))
        .expect("a test case for the threshold");
    assert_eq!(case.attribute("name"), Some("fixtures/itsm/draft.md"));
    let failure = case.children().find(|c| c.has_tag_name("failure")).unwrap();
    assert_eq!(failure.attribute("message"), Some(message));
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("tests"), Some("3"));
    assert_eq!(suite.attribute("failures"), Some("2"));

    let short = output("short");
    assert!(
        short.contains(&format!(
            "fixtures/itsm/draft.md:1:1: error[min-completeness] {message}\n"
        )),
        "{short}"
    );

    let human = output("human");
    assert!(
        human.contains(&format!(
            "error[min-completeness]: fixtures/itsm/draft.md: {message}\n"
        )),
        "{human}"
    );
    let summary = human.lines().last().unwrap();
    assert!(
        summary.contains(", 1 document below --min-completeness 80 in "),
        "{summary}"
    );
}

#[test]
fn summary_counts_fixable_findings_in_the_singular_too() {
    // One fixable broken anchor (an error) and one unused suppression (a warning).
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("a.md");
    std::fs::write(
        &page,
        "---\ntitle: T\ndescription: D\n---\n\n# A\n\n[x](#b)\n\n\
         <!-- itsmlint-disable-next-line placeholder -->\nDone.\n",
    )
    .unwrap();
    let page = page.to_str().unwrap();
    let (stdout, _) = run(&["--no-config", "--color", "never", page]);
    let summary = stdout.lines().last().unwrap();
    assert!(
        summary.starts_with("1 file checked: 1 error, 1 warning (1 fixable with --fix) in "),
        "{summary}"
    );
    let out = itsmlint()
        .args(["check", "--no-config", "--max-warnings", "0", page])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("error: 1 warning, more than --max-warnings 0"),
        "{stderr}"
    );
}

#[test]
fn short_keeps_the_help_on_the_finding_line() {
    let (stdout, _) = run(&[
        "--no-config",
        "--format",
        "short",
        "fixtures/encoding/crlf-bom-cjk.md",
    ]);
    assert!(
        stdout.contains(
            "crlf-bom-cjk.md:13:9: error[broken-anchor] no anchor \"#流程標\" in this file (did you mean `#流程表`?)\n"
        ),
        "{stdout}"
    );
    let (json, _) = run(&[
        "--no-config",
        "--format",
        "json",
        "fixtures/encoding/crlf-bom-cjk.md",
    ]);
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        stdout.lines().count(),
        json["findings"].as_array().unwrap().len()
    );
}
