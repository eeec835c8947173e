//! `check --diff-base REF` in real git repositories: only the findings on
//! the lines a branch changed (three dots, working tree and untracked files
//! included), broken links to files it changed, and clear errors.

mod git_repo;

use std::collections::BTreeSet;

use git_repo::{findings, Repo};

type Found = BTreeSet<(String, u64, String)>;

fn found(list: &[(&str, u64, &str)]) -> Found {
    list.iter()
        .map(|(path, line, rule)| (path.to_string(), *line, rule.to_string()))
        .collect()
}

/// `check --diff-base main ARGS`, which must exit with `code`: its findings.
fn changed_findings(repo: &Repo, args: &[&str], code: i32) -> Found {
    let mut all = vec!["--diff-base", "main"];
    all.extend(args);
    let (exit, report, stderr) = repo.check_json(&all);
    assert_eq!(exit, Some(code), "{stderr}");
    findings(&report).into_iter().collect()
}

/// A document with a finding on lines 1 (no front matter), 3 (a
/// placeholder) and 7 (an empty cell).
fn doc(i: usize) -> String {
    format!(
        "# Doc {i}\n\nIntro text is TBD.\n\n| ITSM component | Feature |\n|---|---|\n\
         | Incident management |  |\n| Problem management | Tickets |\n"
    )
}

/// Twenty documents on `main`, and a branch `feature` from it, checked out.
/// A Learn site (a docfx.json at the top), whose pages need front matter.
fn twenty_documents() -> Repo {
    let repo = Repo::new();
    repo.write(
        "docfx.json",
        r#"{"build": {"content": [{"files": ["**/*.md"]}]}}"#,
    );
    for i in 1..=20 {
        repo.write(&format!("docs/doc{i:02}.md"), &doc(i));
    }
    repo.commit_all("twenty documents");
    repo.git(&["checkout", "--quiet", "-b", "feature"]);
    repo
}

#[test]
fn a_branch_touching_two_of_twenty_files_reports_only_its_lines() {
    let repo = twenty_documents();
    let (_, everything, _) = repo.check_json(&[]);
    assert_eq!(findings(&everything).len(), 60);
    // Committed on the branch: a new placeholder on line 5.
    repo.edit(
        "docs/doc03.md",
        "Intro text is TBD.\n",
        "Intro text is TBD.\n\nRollout is TBD.\n",
    );
    repo.commit_all("doc03: rollout");
    // Later on main, after the branch left it: not the branch's change.
    repo.git(&["checkout", "--quiet", "main"]);
    repo.edit("docs/doc11.md", "# Doc 11\n", "# Doc 11\n\nMain is TBD.\n");
    repo.commit_all("doc11 on main");
    repo.git(&["checkout", "--quiet", "feature"]);
    // Not committed: a cell emptied on line 8.
    repo.edit("docs/doc07.md", "| Tickets |", "|  |");

    assert_eq!(
        changed_findings(&repo, &[], 1),
        found(&[
            ("docs/doc03.md", 5, "placeholder"),
            ("docs/doc07.md", 8, "empty-cell"),
        ])
    );
    assert_eq!(
        changed_findings(&repo, &["--diff-scope", "files"], 1),
        found(&[
            ("docs/doc03.md", 1, "front-matter"),
            ("docs/doc03.md", 3, "placeholder"),
            ("docs/doc03.md", 5, "placeholder"),
            ("docs/doc03.md", 9, "empty-cell"),
            ("docs/doc07.md", 1, "front-matter"),
            ("docs/doc07.md", 3, "placeholder"),
            ("docs/doc07.md", 7, "empty-cell"),
            ("docs/doc07.md", 8, "empty-cell"),
        ])
    );
    // Against the branch's own tip: the working tree's change alone.
    let (code, report, _) = repo.check_json(&["--diff-base", "HEAD"]);
    assert_eq!(
        (code, findings(&report)),
        (
            Some(1),
            vec![("docs/doc07.md".into(), 8, "empty-cell".into())]
        )
    );
}

#[test]
fn renamed_files_keep_their_history_and_new_files_count_whole() {
    let repo = twenty_documents();
    std::fs::create_dir(repo.file("docs/guide")).unwrap();
    repo.git(&["mv", "docs/doc05.md", "docs/guide/doc05.md"]);
    repo.edit(
        "docs/guide/doc05.md",
        "Intro text is TBD.",
        "Intro text is still TBD.",
    );
    repo.commit_all("doc05 moved into the guide");
    repo.write("docs/new.md", "# New\n\nDraft TBD.\n");
    assert_eq!(
        changed_findings(&repo, &[], 1),
        found(&[
            ("docs/guide/doc05.md", 3, "placeholder"),
            ("docs/new.md", 1, "front-matter"),
            ("docs/new.md", 3, "placeholder"),
        ])
    );
}

#[test]
fn deleting_a_heading_or_a_file_reports_the_links_to_it_elsewhere() {
    let repo = Repo::new();
    let front = "---\ntitle: T\ndescription: D\n---\n";
    repo.write(
        "target.md",
        &format!("{front}# Target\n\n## Setup\n\nSteps.\n\n## Other\n\nSee [setup](#setup).\n"),
    );
    repo.write(
        "a.md",
        &format!("{front}# A\n\nSee [the setup](target.md#setup).\n"),
    );
    repo.write(
        "sub/b.md",
        &format!("{front}# B\n\nSee [setup](../target.md#setup).\n"),
    );
    repo.write(
        "c.md",
        &format!("{front}# C\n\nSee [other](target.md#other).\n"),
    );
    repo.write(
        "d.md",
        &format!("{front}# D\n\nSee [missing](missing.md).\n"),
    );
    repo.write("e.md", &format!("{front}# E\n\nSee [gone](gone.md).\n"));
    repo.write("gone.md", &format!("{front}# Gone\n"));
    repo.commit_all("linked pages");
    let (_, before, _) = repo.check_json(&[]);
    assert_eq!(
        findings(&before),
        [("d.md".into(), 7, "broken-link".into())]
    );

    repo.git(&["checkout", "--quiet", "-b", "feature"]);
    repo.edit("target.md", "## Setup\n\nSteps.\n\n", "");
    repo.git(&["rm", "--quiet", "gone.md"]);
    repo.commit_all("no setup, no gone");
    assert_eq!(
        changed_findings(&repo, &[], 1),
        found(&[
            ("a.md", 7, "broken-link"),
            ("e.md", 7, "broken-link"),
            ("sub/b.md", 7, "broken-link"),
            ("target.md", 9, "broken-anchor"),
        ])
    );
}

fn diff_base_error(repo: &Repo, base: &str) -> String {
    let out = repo
        .itsmlint()
        .args(["check", "--no-config", "--diff-base", base, "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn outside_a_repository_it_says_so() {
    let folder = Repo::folder();
    folder.write("a.md", "# A\n");
    let stderr = diff_base_error(&folder, "main");
    assert!(
        stderr.contains("--diff-base needs a git repository"),
        "{stderr}"
    );
    assert!(
        stderr.contains("run itsmlint inside the checkout"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_ref_says_what_to_fetch() {
    let repo = twenty_documents();
    let stderr = diff_base_error(&repo, "origin/nowhere");
    assert!(
        stderr.contains(
            "unknown revision `origin/nowhere`: fetch it first (`git fetch origin origin/nowhere`)"
        ),
        "{stderr}"
    );
}

#[test]
fn a_shallow_clone_without_the_merge_base_says_to_unshallow() {
    let origin = twenty_documents();
    repo_commit(&origin, "docs/doc01.md", "feature work");
    origin.git(&["checkout", "--quiet", "main"]);
    repo_commit(&origin, "docs/doc02.md", "main work");
    let clone = Repo::folder();
    let url = format!("file://{}", origin.path().display());
    clone.git(&[
        "clone", "--quiet", "--depth", "1", "--branch", "feature", &url, ".",
    ]);
    clone.git(&[
        "fetch",
        "--quiet",
        "--depth",
        "1",
        "origin",
        "main:refs/remotes/origin/main",
    ]);
    assert_eq!(
        clone.git(&["rev-parse", "--is-shallow-repository"]),
        "true\n"
    );
    let stderr = diff_base_error(&clone, "origin/main");
    assert!(stderr.contains("this clone is shallow"), "{stderr}");
    assert!(stderr.contains("run `git fetch --unshallow`"), "{stderr}");
    assert!(stderr.contains("fetch-depth: 0"), "{stderr}");
    // Unshallowed, it works.
    clone.git(&[
        "fetch",
        "--quiet",
        "--unshallow",
        "origin",
        "main:refs/remotes/origin/main",
    ]);
    let (code, report, stderr) = clone.check_json(&["--diff-base", "origin/main"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(
        findings(&report),
        [("docs/doc01.md".into(), 2, "placeholder".into())]
    );
}

/// Commits a placeholder line, the file's second, in `rel` on the current branch.
fn repo_commit(repo: &Repo, rel: &str, message: &str) {
    let text = repo.read(rel).replacen('\n', "\nMore TBD.\n", 1);
    repo.write(rel, &text);
    repo.commit_all(message);
}

#[test]
fn with_a_baseline_old_findings_on_changed_lines_stay_old_and_none_go_stale() {
    let repo = twenty_documents();
    repo.write_baseline_here();
    // An old placeholder's line reworded around it, and a new one below.
    repo.edit(
        "docs/doc03.md",
        "Intro text is TBD.\n",
        "Intro text is  TBD.\n\nRollout is TBD.\n",
    );
    let (code, report, stderr) =
        repo.check_json(&["--baseline", "baseline.json", "--diff-base", "main"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        findings(&report),
        [("docs/doc03.md".into(), 5, "placeholder".into())]
    );
    assert!(stderr.is_empty(), "{stderr}");
}
