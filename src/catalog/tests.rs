use super::*;

#[test]
fn builtin_catalogs_load_with_unique_names() {
    let catalogs = builtin().unwrap();
    let ids: Vec<_> = catalogs.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["itil-v3", "itil-4"]);
}

#[test]
fn itil_v3_has_the_2011_processes() {
    let v3 = &builtin().unwrap()[0];
    let counts: Vec<_> = (0..v3.phases.len())
        .map(|p| v3.required(p).count())
        .collect();
    // strategy 5, design 8, transition 7, operation 5 (functions not required), CSI 1
    assert_eq!(counts, [5, 8, 7, 5, 1]);
    let names: Vec<_> = v3.phases.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names[4], "Continual service improvement");
    assert!(
        v3.find_process("Service desk").is_some(),
        "functions are known"
    );
}

#[test]
fn itil_4_has_34_practices_in_three_groups() {
    let v4 = &builtin().unwrap()[1];
    let counts: Vec<_> = v4.phases.iter().map(|p| p.process.len()).collect();
    assert_eq!(counts, [14, 17, 3]);
    assert_eq!(v4.required_count(), 34);
}

#[test]
fn names_match_across_spelling_hyphens_and_suffixes() {
    let v3 = &builtin().unwrap()[0];
    let find = |n: &str| v3.find_process(n).map(|id| v3.process(id).name.as_str());
    assert_eq!(
        find("Request fulfillment management"),
        Some("Request fulfilment")
    );
    assert_eq!(
        find("Service-level management"),
        Some("Service level management")
    );
    assert_eq!(
        find("Service catalog management"),
        Some("Service catalogue management")
    );
    assert_eq!(
        find("SACM"),
        Some("Service asset and configuration management")
    );
    assert_eq!(find("Change control"), Some("Change management"));
    assert_eq!(find("Coffee management"), None);
    assert_eq!(v3.find_phase("Service strategy processes"), Some(0));
    assert_eq!(v3.find_phase("CSI"), Some(4));
}

#[test]
fn suggestions_for_misspellings_only() {
    let v3 = &builtin().unwrap()[0];
    assert_eq!(
        v3.suggest("Incidnet management"),
        Some("Incident management")
    );
    assert_eq!(v3.suggest("Capacity planning"), None);
}

#[test]
fn duplicates_after_normalisation_are_refused() {
    let text = r#"
id = "x"
title = "X"
[[phase]]
name = "P"
[[phase.process]]
name = "Service catalog management"
[[phase.process]]
name = "Service catalogue"
"#;
    let err = Catalog::from_toml("x.toml", text).unwrap_err().to_string();
    assert!(
        err.contains("x.toml") && err.contains("Service catalogue"),
        "{err}"
    );
}

#[test]
fn unknown_fields_are_refused() {
    let text = "id = \"x\"\ntitle = \"X\"\n[[phase]]\nname = \"P\"\nprocesses = []\n";
    assert!(Catalog::from_toml("x.toml", text).is_err());
}
