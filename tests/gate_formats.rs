//! Fingerprints in the machine formats (SARIF, GitLab Code Quality, rdjson):
//! each output validates against its schema, and a finding's fingerprint is
//! the baseline's, the same across runs and after lines are inserted above it.

mod git_repo;
mod schemas;

use std::collections::BTreeMap;

use git_repo::{fixture_body, Repo};
use serde_json::Value;

/// The draft ITSM document (no front matter, so lines can go on top) and two
/// rule fixtures, committed.
fn repo() -> Repo {
    let repo = Repo::new();
    repo.write("docs/draft.md", &fixture_body("fixtures/itsm/draft.md"));
    for name in ["placeholder", "broken-anchor"] {
        let text = std::fs::read_to_string(format!("fixtures/rules/{name}.md")).unwrap();
        repo.write(&format!("docs/rules/{name}.md"), &text);
    }
    repo.commit_all("docs");
    repo
}

/// `itsmlint check --no-config --format FORMAT ARGS .`: exit code and output.
fn check(repo: &Repo, format: &str, args: &[&str]) -> (Option<i32>, Value) {
    let out = repo
        .itsmlint()
        .args(["check", "--no-config", "--format", format])
        .args(args)
        .arg(".")
        .output()
        .unwrap();
    let stdout = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), stdout)
}

fn assert_valid(validator: &jsonschema::Validator, output: &Value) {
    let problems: Vec<String> = validator
        .iter_errors(output)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

/// SARIF results as (fingerprint, rule, start line).
fn sarif_results(log: &Value) -> Vec<(String, String, u64)> {
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["partialFingerprints"]["itsmlint/v1"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                r["ruleId"].as_str().unwrap().to_string(),
                r["locations"][0]["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap(),
            )
        })
        .collect()
}

/// GitLab issues as fingerprint -> (rule, first line).
fn gitlab_issues(report: &Value) -> BTreeMap<String, (String, u64)> {
    report
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["fingerprint"].as_str().unwrap().to_string(),
                (
                    i["check_name"].as_str().unwrap().to_string(),
                    i["location"]["lines"]["begin"].as_u64().unwrap(),
                ),
            )
        })
        .collect()
}

#[test]
fn sarif_and_gitlab_validate_and_keep_their_fingerprints_when_lines_move() {
    let repo = repo();
    let (code, sarif) = check(&repo, "sarif", &[]);
    assert_eq!(code, Some(1));
    assert_valid(&schemas::sarif_validator(), &sarif);
    let (_, gitlab) = check(&repo, "gitlab", &[]);
    assert_valid(&schemas::gitlab_validator(), &gitlab);

    let before = sarif_results(&sarif);
    let issues = gitlab_issues(&gitlab);
    assert!(before.len() > 10, "{before:?}");
    assert_eq!(issues.len(), before.len(), "GitLab fingerprints are unique");
    assert_eq!(
        check(&repo, "sarif", &[]).1,
        sarif,
        "a second run: same log"
    );
    assert_eq!(
        check(&repo, "gitlab", &[]).1,
        gitlab,
        "a second run: same report"
    );
    assert_eq!(
        gitlab[0]["location"]["path"], "docs/draft.md",
        "repository-relative paths"
    );

    // Ten lines on top of the draft: its findings move down, their fingerprints stay.
    let draft = repo.read("docs/draft.md");
    repo.write(
        "docs/draft.md",
        &format!("{}{draft}", "Intro.\n".repeat(10)),
    );
    let after = sarif_results(&check(&repo, "sarif", &[]).1);
    let moved: Vec<(String, String, u64)> = before
        .iter()
        .map(|(fingerprint, rule, line)| {
            let shift = if after
                .iter()
                .any(|a| a.0 == *fingerprint && a.2 == line + 10)
            {
                10
            } else {
                0
            };
            (fingerprint.clone(), rule.clone(), line + shift)
        })
        .collect();
    assert_eq!(after, moved);
    assert!(moved != before, "some findings moved");
    let issues_after = gitlab_issues(&check(&repo, "gitlab", &[]).1);
    assert_eq!(
        issues_after.keys().collect::<Vec<_>>(),
        issues.keys().collect::<Vec<_>>()
    );
}

#[test]
fn fingerprints_are_the_baselines_and_new_results_say_so() {
    let repo = repo();
    let baseline = repo.write_baseline_here();
    let recorded: Vec<&str> = baseline["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["fingerprint"].as_str().unwrap())
        .collect();
    let (_, sarif) = check(&repo, "sarif", &[]);
    for (fingerprint, _, _) in sarif_results(&sarif) {
        assert!(recorded.contains(&fingerprint.as_str()), "{fingerprint}");
    }
    for fingerprint in gitlab_issues(&check(&repo, "gitlab", &[]).1).keys() {
        // The second of two identical findings carries `-2`.
        let bare = fingerprint.split('-').next().unwrap();
        assert!(recorded.contains(&bare), "{fingerprint}");
    }

    // One new empty cell: the only result, `baselineState: "new"`; the old ones are left out.
    repo.edit("docs/draft.md", "| Tracks uptime per region |", "|  |");
    let (code, sarif) = check(&repo, "sarif", &["--baseline", "baseline.json"]);
    assert_eq!(code, Some(1));
    assert_valid(&schemas::sarif_validator(), &sarif);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{results:#?}");
    assert_eq!(results[0]["ruleId"], "empty-cell");
    assert_eq!(results[0]["baselineState"], "new");
    let (_, plain) = check(&repo, "sarif", &[]);
    assert!(
        plain["runs"][0]["results"][0]
            .get("baselineState")
            .is_none(),
        "no baseline, no baseline state"
    );
}

#[test]
fn rdjson_has_byte_ranges_rule_codes_and_fixes_as_suggestions() {
    let repo = repo();
    let (code, rdjson) = check(&repo, "rdjson", &[]);
    assert_eq!(code, Some(1));
    assert_eq!(rdjson["source"]["name"], "itsmlint");
    let diagnostics = rdjson["diagnostics"].as_array().unwrap();
    let (_, sarif) = check(&repo, "sarif", &[]);
    assert_eq!(diagnostics.len(), sarif_results(&sarif).len());
    for d in diagnostics {
        assert!(["ERROR", "WARNING"].contains(&d["severity"].as_str().unwrap()));
        assert!(d["code"]["value"].is_string() && d["source"]["name"] == "itsmlint");
        assert!(!d["location"]["path"].as_str().unwrap().starts_with("./"));
        assert!(d["location"]["range"]["start"]["line"].as_u64().unwrap() >= 1);
        assert!(d["location"]["range"]["start"]["column"].as_u64().unwrap() >= 1);
    }
    // broken-anchor fixes a near-miss anchor: the suggestion is that edit.
    let fixed: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d.get("suggestions").is_some())
        .collect();
    assert!(!fixed.is_empty());
    for d in fixed {
        let suggestion = &d["suggestions"][0];
        let path = d["location"]["path"].as_str().unwrap();
        let line = suggestion["range"]["start"]["line"].as_u64().unwrap() as usize;
        let column = suggestion["range"]["start"]["column"].as_u64().unwrap() as usize;
        let end = suggestion["range"]["end"]["column"].as_u64().unwrap() as usize;
        let text = repo.read(path);
        let replaced = &text.lines().nth(line - 1).unwrap().as_bytes()[column - 1..end - 1];
        assert!(
            std::str::from_utf8(replaced).unwrap().starts_with('#'),
            "a fix replaces an anchor: {d:#}"
        );
        assert!(suggestion["text"].as_str().unwrap().starts_with('#'));
    }
}
