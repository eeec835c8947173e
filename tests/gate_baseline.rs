//! `check --write-baseline` and `--baseline` in a real git repository built
//! from the fixtures: old findings stay old however the file moves, new
//! ones are reported, and entries that no longer match are told and pruned.

mod git_repo;

use git_repo::{findings, fixture_body, Repo};
use serde_json::Value;

/// A repository with the draft ITSM document (no front matter, so lines can
/// go on top of it) and the rule fixtures, committed.
fn repo() -> Repo {
    let repo = Repo::new();
    repo.write("docs/draft.md", &fixture_body("fixtures/itsm/draft.md"));
    for name in ["empty-cell", "placeholder", "table-shape", "broken-anchor"] {
        let rel = format!("fixtures/rules/{name}.md");
        let text = std::fs::read_to_string(rel).unwrap();
        repo.write(&format!("docs/rules/{name}.md"), &text);
    }
    repo.commit_all("docs");
    repo
}

fn write_baseline(repo: &Repo, args: &[&str]) -> String {
    let out = repo
        .itsmlint()
        .args([
            "check",
            "--no-config",
            "--write-baseline",
            "gate/baseline.json",
        ])
        .args(args)
        .arg(".")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(out.stdout.is_empty(), "no report when writing a baseline");
    stderr
}

fn against_baseline(repo: &Repo, args: &[&str]) -> (Option<i32>, Value, String) {
    let mut all = vec!["--baseline", "gate/baseline.json"];
    all.extend(args);
    repo.check_json(&all)
}

#[test]
fn old_findings_stay_old_new_ones_are_reported_stale_ones_pruned() {
    let repo = repo();
    let (_, everything, _) = repo.check_json(&[]);
    let total = findings(&everything).len();
    assert!(total > 40, "{total}");
    let stderr = write_baseline(&repo, &[]);
    assert!(
        stderr.starts_with(&format!("wrote {total} findings (")),
        "{stderr}"
    );

    let (code, report, stderr) = against_baseline(&repo, &[]);
    assert_eq!((code, findings(&report)), (Some(0), vec![]), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");

    // Ten lines on top move every old finding down: still old.
    let draft = repo.read("docs/draft.md");
    repo.write(
        "docs/draft.md",
        &format!("{}{draft}", "Intro.\n".repeat(10)),
    );
    let (code, report, _) = against_baseline(&repo, &[]);
    assert_eq!((code, findings(&report)), (Some(0), vec![]));

    // One more empty ITSM cell: exactly one new finding.
    repo.edit("docs/draft.md", "| Tracks uptime per region |", "|  |");
    let (code, report, _) = against_baseline(&repo, &[]);
    let availability_line = 1 + repo
        .read("docs/draft.md")
        .lines()
        .position(|l| l.starts_with("| Availability management"))
        .unwrap() as u64;
    assert_eq!(
        (code, findings(&report)),
        (
            Some(1),
            vec![(
                "docs/draft.md".into(),
                availability_line,
                "empty-cell".into()
            )]
        )
    );

    // An old one fixed: its entry is stale, counted, and listed with --verbose.
    repo.edit(
        "docs/draft.md",
        "| Capacity management |  |",
        "| Capacity management | Plans ahead |",
    );
    let (code, report, stderr) = against_baseline(&repo, &[]);
    assert_eq!((code, findings(&report).len()), (Some(1), 1));
    assert_eq!(
        stderr,
        "1 baseline entry no longer matches; --write-baseline prunes them\n"
    );
    let (_, _, verbose) = against_baseline(&repo, &["--verbose"]);
    // The entries are listed indented, after the count (and the site said for each folder).
    let listed: Vec<&str> = verbose.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(listed.len(), 1, "{verbose}");
    assert!(
        listed[0].starts_with(
            "  ../docs/draft.md: [empty-cell] \"Description\" is empty for \"Capacity management\" ("
        ),
        "{verbose}"
    );

    // Written again: the stale entry pruned, the new finding absorbed.
    let stderr = write_baseline(&repo, &[]);
    assert!(
        stderr.ends_with("; pruned 1 finding no longer found\n"),
        "{stderr}"
    );
    let text = repo.read("gate/baseline.json");
    assert!(!text.contains("\"Description\\\" is empty for \\\"Capacity management\\\""));
    assert!(text.contains("\"Description\\\" is empty for \\\"Availability management\\\""));
    let (code, report, stderr) = against_baseline(&repo, &[]);
    assert_eq!((code, findings(&report)), (Some(0), vec![]));
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn a_second_identical_finding_is_new() {
    let repo = repo();
    write_baseline(&repo, &[]);
    let row = "| Design coordination | sort of |  |  |\n";
    repo.edit("docs/draft.md", row, &format!("{row}{row}"));
    let (code, report, _) = against_baseline(&repo, &[]);
    let lines: Vec<String> = repo
        .read("docs/draft.md")
        .lines()
        .map(String::from)
        .collect();
    let copy_line = 1 + lines.iter().rposition(|l| l == row.trim_end()).unwrap() as u64;
    let new: Vec<_> = findings(&report);
    assert_eq!(code, Some(1));
    // The copy repeats the original's findings, and is itself a duplicate row.
    assert!(new.iter().all(|(_, line, _)| *line == copy_line), "{new:?}");
    let rules: Vec<&str> = new.iter().map(|(_, _, rule)| rule.as_str()).collect();
    assert!(rules.contains(&"duplicate-row"), "{rules:?}");
    assert_eq!(rules.iter().filter(|r| **r == "empty-cell").count(), 2);
}

#[test]
fn the_file_is_sorted_stable_and_meant_for_diffs() {
    let repo = repo();
    write_baseline(&repo, &[]);
    let first = repo.read("gate/baseline.json");
    assert!(first.ends_with("}\n"));
    assert!(first.starts_with("{\n  \"version\": 1,\n  \"findings\": [\n    {\n      \"path\": "));
    let json: Value = serde_json::from_str(&first).unwrap();
    let keys: Vec<(String, String, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let field = |k: &str| e[k].as_str().unwrap().to_string();
            (field("path"), field("rule"), field("fingerprint"))
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(keys, sorted);
    write_baseline(&repo, &[]);
    assert_eq!(repo.read("gate/baseline.json"), first);
    // As readable as any file the user makes there, not private as a temporary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        repo.write("gate/other.txt", "");
        let mode = |rel: &str| {
            std::fs::metadata(repo.file(rel))
                .unwrap()
                .permissions()
                .mode()
        };
        assert_eq!(mode("gate/baseline.json"), mode("gate/other.txt"));
    }
    // Written from another folder, it names the same files the same way.
    let out = repo
        .itsmlint()
        .current_dir(repo.file("docs"))
        .args([
            "check",
            "--no-config",
            "--write-baseline",
            "../gate/baseline.json",
            ".",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(repo.read("gate/baseline.json"), first);
}

#[test]
fn a_bad_baseline_is_an_error_never_a_clean_run() {
    let repo = repo();
    for (text, says) in [
        ("not json", "gate/baseline.json: not a baseline"),
        (r#"{"version": 1}"#, "missing field `findings`"),
        (
            r#"{"version": 9, "findings": []}"#,
            "baseline version 9 is newer than this itsmlint reads (1)",
        ),
    ] {
        repo.write("gate/baseline.json", text);
        let out = repo
            .itsmlint()
            .args([
                "check",
                "--no-config",
                "--baseline",
                "gate/baseline.json",
                ".",
            ])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
        assert!(out.stdout.is_empty());
    }
    let out = repo
        .itsmlint()
        .args(["check", "--baseline", "nowhere.json", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nowhere.json: cannot read the baseline"));
}

#[test]
fn every_format_reports_only_the_new_finding() {
    let repo = repo();
    write_baseline(&repo, &[]);
    repo.edit("docs/draft.md", "sort of", "TBD");
    for format in ["human", "short", "json", "sarif", "github", "junit"] {
        let out = repo
            .itsmlint()
            .args([
                "check",
                "--no-config",
                "--color",
                "never",
                "--format",
                format,
            ])
            .args(["--baseline", "gate/baseline.json", "."])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(stdout.contains("holds placeholder"), "{format}: {stdout}");
        // Old findings of that table are not.
        assert!(!stdout.contains("Request fulfilment"), "{format}: {stdout}");
    }
}

#[test]
fn shards_see_only_their_own_stale_entries() {
    let repo = repo();
    write_baseline(&repo, &[]);
    // Files in path order: draft, broken-anchor, empty-cell, placeholder, table-shape.
    repo.edit(
        "docs/rules/empty-cell.md",
        "| Event management | Ops |  | |",
        "| Event management | Ops | Watches events. | |",
    );
    let stale_in = |shard: &str| {
        let (_, _, stderr) = against_baseline(&repo, &["--shard", shard]);
        stderr
    };
    assert_eq!(
        stale_in("1/2"),
        "1 baseline entry no longer matches; --write-baseline prunes them\n"
    );
    assert_eq!(stale_in("2/2"), "");
    // Written by shard 2, the baseline keeps shard 1's entries.
    let before = repo.read("gate/baseline.json");
    write_baseline(&repo, &["--shard", "2/2"]);
    assert_eq!(repo.read("gate/baseline.json"), before);
}

#[test]
fn fixes_are_made_before_the_baseline_is_written() {
    let repo = repo();
    repo.write(
        "docs/fixable.md",
        "# Setup steps\n\nSee [the steps](#setup-step).\n",
    );
    let stderr = write_baseline(&repo, &["--fix"]);
    assert!(stderr.starts_with("fixed "), "{stderr}");
    assert!(repo.read("docs/fixable.md").contains("(#setup-steps)"));
    let baseline: Value = serde_json::from_str(&repo.read("gate/baseline.json")).unwrap();
    let fixable_rules: Vec<&str> = baseline["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["path"] == "../docs/fixable.md")
        .map(|e| e["rule"].as_str().unwrap())
        .collect();
    // The broken anchor was fixed before the baseline was written, and a
    // GitHub page is not asked for front matter: nothing of the file is left.
    assert!(fixable_rules.is_empty(), "{fixable_rules:?}");
}

#[test]
fn sarif_fingerprints_are_the_baselines_and_survive_moved_lines() {
    let repo = repo();
    let sarif_prints = |args: &[&str]| -> Vec<String> {
        let out = repo
            .itsmlint()
            .args(["check", "--no-config", "--format", "sarif"])
            .args(args)
            .arg(".")
            .output()
            .unwrap();
        let log: Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut prints: Vec<String> = log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"]["itsmlint/v1"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        prints.sort();
        prints
    };
    let first = sarif_prints(&[]);
    assert!(first.len() > 40);
    assert_eq!(sarif_prints(&[]), first);
    let draft = repo.read("docs/draft.md");
    repo.write(
        "docs/draft.md",
        &format!("{}{draft}", "Intro.\n".repeat(10)),
    );
    assert_eq!(sarif_prints(&[]), first);
    // The same as a baseline in this folder records.
    let baseline = repo.write_baseline_here();
    let mut recorded: Vec<String> = Vec::new();
    for entry in baseline["findings"].as_array().unwrap() {
        for _ in 0..entry["count"].as_u64().unwrap() {
            recorded.push(entry["fingerprint"].as_str().unwrap().to_string());
        }
    }
    recorded.sort();
    assert_eq!(recorded, first);
    // With a baseline elsewhere, paths are relative to its folder, as it records them.
    write_baseline(&repo, &[]);
    repo.edit("docs/draft.md", "sort of", "TBD");
    let new = sarif_prints(&["--baseline", "gate/baseline.json"]);
    assert_eq!(new.len(), 1);
    write_baseline(&repo, &[]);
    assert!(repo.read("gate/baseline.json").contains(&new[0]));
}
