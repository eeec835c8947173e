//! rules/output.schema.json documents `check --format json`: real output of
//! every shape (findings, unreadable files, `--min-completeness`, `--quiet`)
//! must validate against it, and the summary counts what its names say.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/output.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn json(args: &[&str]) -> Value {
    let out = Command::cargo_bin("itsmlint")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--no-config", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, output: &Value, what: &str) {
    let problems: Vec<String> = validator
        .iter_errors(output)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(problems.is_empty(), "{what}: {problems:#?}");
}

#[test]
fn json_output_matches_its_schema() {
    let validator = validator();
    for args in [
        &["fixtures"][..],
        &["fixtures/clean"],
        &["--quiet", "fixtures/suppress", "no/such/file.md"],
        &[
            "--min-completeness",
            "80",
            "fixtures/itsm",
            "fixtures/clean",
        ],
    ] {
        assert_valid(&validator, &json(args), &format!("{args:?}"));
    }
    // The schema is strict enough to catch drift either way.
    let output = json(&["fixtures/itsm"]);
    let mut renamed = output.clone();
    let summary = renamed["summary"].as_object_mut().unwrap();
    let unreadable = summary.remove("files_unreadable").unwrap();
    summary.insert("files_not_read".into(), unreadable);
    assert!(!validator.is_valid(&renamed), "an unknown field is refused");
    let mut missing = output.clone();
    missing["findings"][0]
        .as_object_mut()
        .unwrap()
        .remove("end_column");
    assert!(!validator.is_valid(&missing), "a missing field is refused");
}

#[test]
fn summary_counts_what_its_fields_name() {
    // draft.md has error-level findings, complete.md none; one path is missing.
    let output = json(&[
        "fixtures/itsm/draft.md",
        "fixtures/clean/complete.md",
        "fixtures/suppress/unused.md",
        "no/such/file.md",
    ]);
    let summary = &output["summary"];
    assert_eq!(summary["files_checked"], 3);
    assert_eq!(summary["files_unreadable"], 1);
    assert_eq!(summary["files_with_errors"], 2, "{summary}");
    let findings = output["findings"].as_array().unwrap();
    let mut with_errors: Vec<&str> = findings
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    with_errors.dedup();
    assert_eq!(
        with_errors,
        ["fixtures/itsm/draft.md", "fixtures/suppress/unused.md"]
    );
}
