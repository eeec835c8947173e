//! `itsmlint report` and `check --min-completeness` from the command line.

mod common;

use assert_cmd::Command;

fn itsmlint() -> Command {
    let mut cmd = Command::cargo_bin("itsmlint").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

#[test]
fn json_report_scores_each_table() {
    let out = itsmlint()
        .args([
            "report",
            "--format",
            "json",
            "fixtures/itsm/draft.md",
            "fixtures/rules",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let doc = &json["documents"][0];
    assert_eq!(doc["path"], "fixtures/itsm/draft.md");
    let design = &doc["score"]["tables"][0];
    assert_eq!(design["phase"], "Service design");
    assert_eq!(design["cells"]["total"], 18);
    assert_eq!(design["cells"]["real"], 3);
    assert_eq!(design["cells"]["empty"], 10);
    assert_eq!(design["cells"]["placeholder"], 5);
    assert_eq!(
        design["missing"],
        serde_json::json!(["Information security management", "Supplier management"])
    );
    assert_eq!(
        doc["score"]["missing_phases"],
        serde_json::json!(["Service strategy", "Continual service improvement"])
    );
    // The draft, and fixtures/rules/empty-cell.md's ITSM table.
    assert_eq!(json["summary"]["documents"], 2);
    assert!(json["summary"]["other_files"].as_u64().unwrap() >= 5);
}

#[test]
fn markdown_report_is_a_pull_request_summary() {
    let out = itsmlint()
        .args([
            "report",
            "--format",
            "markdown",
            "fixtures/catalog/uk-spelling-aliases.md",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("## itsmlint completeness\n"), "{text}");
    assert!(
        text.contains("| 18 | Service design | 16/16 (100.0%) | 0 | 0 | 8/8 | none |"),
        "{text}"
    );
    assert!(
        text.contains("Out of scope: Service strategy, Continual service improvement"),
        "{text}"
    );
}

#[test]
fn min_completeness_fails_only_below_the_threshold() {
    let run = |min: &str, path: &str| {
        itsmlint()
            .args(["check", "--format", "json", "--min-completeness", min, path])
            .output()
            .unwrap()
    };
    // A complete document: clean at 100, and no finding of any rule.
    let out = run("100", "fixtures/catalog/complete.md");
    assert_eq!(out.status.code(), Some(0));
    // A document with warnings only: the threshold alone decides.
    let out = run("90", "fixtures/catalog/itil-4.md");
    assert_eq!(out.status.code(), Some(0), "100% filled, warnings only");
    let out = run("80", "fixtures/itsm/draft.md");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("30.0% of ITSM table cells filled"));
    let out = run("abc", "fixtures/catalog/complete.md");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn catalog_choice_and_own_catalog_file() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("mine.toml");
    std::fs::write(
        &catalog,
        "id = \"mine\"\ntitle = \"Mine\"\n[[phase]]\nname = \"Technical management practices\"\n\
         [[phase.process]]\nname = \"Deployment management\"\n[[phase.process]]\nname = \"Infrastructure and platform management\"\n",
    )
    .unwrap();
    let out = itsmlint()
        .args([
            "check",
            "--format",
            "json",
            "--catalog",
            "mine",
            "--catalog-file",
        ])
        .arg(&catalog)
        .arg("fixtures/catalog/itil-4.md")
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["summary"]["by_rule"],
        serde_json::json!({}),
        "complete against its own catalog"
    );
    let out = itsmlint()
        .args([
            "report",
            "--catalog",
            "itil-5",
            "fixtures/catalog/itil-4.md",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown catalog `itil-5`"));
}

#[test]
fn report_honours_config_and_no_config() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("draft.md");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/itsm/draft.md"),
        &doc,
    )
    .unwrap();
    let config = dir.path().join("scope.toml");
    std::fs::write(
        &config,
        "[itsm]\nout-of-scope = [\"Supplier management\"]\n",
    )
    .unwrap();
    let missing = |extra: &[&str]| {
        let args: Vec<&str> = extra
            .iter()
            .copied()
            .chain([doc.to_str().unwrap()])
            .collect();
        common::report_score(dir.path(), &args)["tables"][0]["missing"].clone()
    };
    let config_arg = config.to_str().unwrap();
    assert_eq!(
        missing(&["--config", config_arg]),
        serde_json::json!(["Information security management"])
    );
    assert_eq!(
        missing(&["--no-config"]),
        serde_json::json!(["Information security management", "Supplier management"])
    );
    itsmlint()
        .args(["report", "--config", config_arg, "--no-config"])
        .assert()
        .code(2);
}

/// A practice-coverage page in the form real ITIL 4 write-ups take: its
/// title names the framework, one table lists practices, no group headings.
const ITIL4_COVERAGE: &str = "---\ntitle: ITIL 4 practice coverage\ndescription: D\n---\n\n\
# ITIL 4 practice coverage\n\n| Practice | Feature |\n|---|---|\n\
| Incident management | Tickets |\n| Problem management | Problems |\n\
| Change enablement | Changes |\n| Service desk | Portal |\n| Knowledge management | Articles |\n";

#[test]
fn a_page_naming_itil_4_is_scored_against_the_whole_itil_4_catalog() {
    let dir = tempfile::tempdir().unwrap();
    common::write(dir.path(), "coverage.md", ITIL4_COVERAGE);
    let score = common::report_score(dir.path(), &["--no-config", "coverage.md"]);
    assert_eq!(score["catalog"], "itil-4");
    assert_eq!(score["whole_catalog"], true);
    // 34 practices, 5 named: never 0 of 0 = 100%.
    assert_eq!(
        (score["covered"].as_u64(), score["expected"].as_u64()),
        (Some(5), Some(34))
    );
    let missing = score["missing"].as_array().unwrap();
    assert_eq!(missing.len(), 29);
    assert!(missing.iter().any(|m| m == "Service level management"));
    // The table view says so too.
    let text = common::itsmlint_in(dir.path())
        .args(["report", "--no-config", "coverage.md"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("scored against the whole catalog, 5/34"),
        "{text}"
    );
}

#[test]
fn out_of_scope_practices_leave_the_whole_catalog_count() {
    let dir = tempfile::tempdir().unwrap();
    let page = ITIL4_COVERAGE.replace(
        "# ITIL 4 practice coverage\n",
        "# ITIL 4 practice coverage\n\n<!-- itsmlint out-of-scope: Workforce and talent management, Risk management -->\n",
    );
    common::write(dir.path(), "coverage.md", &page);
    let score = common::report_score(dir.path(), &["--no-config", "coverage.md"]);
    assert_eq!(
        (score["covered"].as_u64(), score["expected"].as_u64()),
        (Some(5), Some(32))
    );
}

#[test]
fn the_framework_named_wins_over_the_rows_and_only_as_a_whole_word() {
    let dir = tempfile::tempdir().unwrap();
    // Rows that are ITIL v3 process names, under a title naming ITIL v3.
    let v3 = ITIL4_COVERAGE.replace("ITIL 4", "ITIL v3");
    common::write(dir.path(), "v3.md", &v3);
    assert_eq!(
        common::report_score(dir.path(), &["--no-config", "v3.md"])["catalog"],
        "itil-v3"
    );
    // "ITIL 40" names no framework: the rows decide, as on a page naming none.
    let forty = ITIL4_COVERAGE.replace("ITIL 4", "ITIL 40");
    common::write(dir.path(), "forty.md", &forty);
    let unnamed = ITIL4_COVERAGE.replace("ITIL 4 ", "");
    common::write(dir.path(), "unnamed.md", &unnamed);
    let catalog =
        |file| common::report_score(dir.path(), &["--no-config", file])["catalog"].clone();
    assert_eq!(catalog("forty.md"), catalog("unnamed.md"));
    assert_eq!(
        catalog("forty.md"),
        "itil-v3",
        "ties of rows go to the first catalog"
    );
    // A table of fewer than three processes maps something else: not scored against the catalog.
    let small =
        "| Practice | Feature |\n|---|---|\n| Incident management | Tickets |\n| Step 2 | x |\n";
    common::write(dir.path(), "small.md", small);
    let score = common::report_score(dir.path(), &["--no-config", "small.md"]);
    assert_eq!(score["whole_catalog"], false);
    assert_eq!(score["expected"], 0);
}

/// An ITSM table whose "Owner" column is not a link column: "links" there is
/// a word, in the score as in the findings; in "Documentation", a stub.
const STUB_OUTSIDE_A_LINK_COLUMN: &str = "\
# Service operation\n\n| ITIL process | Owner | Documentation |\n|---|---|---|\n\
| Incident management | links | links |\n| Problem management | Ops | [Problems](p.md) |\n";

#[test]
fn the_score_and_the_placeholder_rule_agree_on_link_stubs() {
    let dir = tempfile::tempdir().unwrap();
    common::write(dir.path(), "operation.md", STUB_OUTSIDE_A_LINK_COLUMN);
    common::write(dir.path(), "p.md", "# P\n");
    let score = common::report_score(dir.path(), &["--no-config", "operation.md"]);
    let cells = &score["tables"][0]["cells"];
    assert_eq!(
        (cells["real"].as_u64(), cells["placeholder"].as_u64()),
        (Some(3), Some(1)),
        "{cells}"
    );
    let out = common::itsmlint_in(dir.path())
        .args([
            "check",
            "--no-config",
            "--format",
            "short",
            "--select",
            "placeholder",
        ])
        .arg("operation.md")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("operation.md:5:33:"), "{stdout}");
}
