//! Validators for the published (or documented) schemas of our machine formats.
#![allow(dead_code)]

use std::path::Path;

use serde_json::Value;

fn schema(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The official SARIF 2.1.0 schema, kept verbatim in tests/schemas. Its
/// `language` pattern (in `run` and `toolComponent`) has a stray `]` that the meta-schema's
/// `format: regex` check refuses (a known defect of the published file), so that
/// one pattern is replaced by its intent before compiling; we never emit
/// `language`, so the rest of the schema validates our output unchanged.
pub fn sarif_validator() -> jsonschema::Validator {
    let mut schema = schema("sarif-schema-2.1.0.json");
    for definition in ["run", "toolComponent"] {
        let pattern = &mut schema["definitions"][definition]["properties"]["language"]["pattern"];
        assert_eq!(
            pattern, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
            "the known defect"
        );
        *pattern = Value::from("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
    }
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

/// GitLab's Code Quality fields, as its documentation lists them (see the schema's `$comment`).
pub fn gitlab_validator() -> jsonschema::Validator {
    jsonschema::validator_for(&schema("gitlab-codequality.schema.json"))
        .expect("the schema compiles")
}
