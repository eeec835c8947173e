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
    let suggest = |n: &str| v3.suggest_process(n);
    assert_eq!(suggest("Incidnet management"), Some("Incident management"));
    // A misspelt word that normalising would strip is found too.
    assert_eq!(suggest("Problem managment"), Some("Problem management"));
    assert_eq!(suggest("Incidnet"), Some("Incident management"));
    assert_eq!(
        suggest("Incidnet management process"),
        Some("Incident management")
    );
    assert_eq!(
        suggest("Service catalog managment"),
        Some("Service catalogue management")
    );
    assert_eq!(v3.suggest_phase("Service desgin"), Some("Service design"));
}

#[test]
fn a_suggestion_past_its_budget_is_given_up() {
    let v3 = &builtin().unwrap()[0];
    let mut budget = 1000;
    let found = v3.suggest_process_within("Problem managment", &mut budget);
    assert_eq!(found, Some("Problem management"));
    let cost = 1000 - budget;
    assert!(cost > 0, "names of a near length were compared");
    let mut short = cost - 1;
    assert_eq!(
        v3.suggest_process_within("Problem managment", &mut short),
        None
    );
    assert_eq!(short, cost - 1);
}

#[test]
fn different_names_get_no_suggestion() {
    for catalog in builtin().unwrap() {
        for name in [
            "Capacity planning",
            "Coffee management",
            "Billing",
            "Team onboarding",
            "Feature",
            "Data backup",
            "Management",
        ] {
            assert_eq!(catalog.find_any(name), None, "{name} is a name");
            assert_eq!(catalog.suggest_process(name), None, "{name}");
            assert_eq!(catalog.suggest_phase(name), None, "{name}");
        }
    }
}

/// `name` with its longest word misspelt: two neighbouring letters swapped
/// (`swap`) or one dropped, near the middle of the word.
fn misspelt(name: &str, swap: bool) -> String {
    assert!(name.is_ascii(), "byte and character positions agree");
    let longest = name.split(' ').max_by_key(|w| w.len()).expect("a word");
    let at = name.find(longest).unwrap() + longest.len() / 2;
    let mut chars: Vec<char> = name.chars().collect();
    if swap {
        // Swapping two equal letters would change nothing.
        let i = (at..at + longest.len() / 2)
            .find(|&i| chars[i - 1] != chars[i])
            .expect("two different letters");
        chars.swap(i - 1, i);
    } else {
        chars.remove(at);
    }
    chars.into_iter().collect()
}

#[test]
fn every_misspelt_name_of_every_catalog_is_suggested() {
    for catalog in builtin().unwrap() {
        for phase in &catalog.phases {
            for swap in [true, false] {
                let typo = misspelt(&phase.name, swap);
                assert_eq!(catalog.find_any(&typo), None, "{typo} is a name already");
                assert_eq!(
                    catalog.suggest_phase(&typo),
                    Some(phase.name.as_str()),
                    "{typo} ({})",
                    catalog.id
                );
            }
            for process in &phase.process {
                for swap in [true, false] {
                    let typo = misspelt(&process.name, swap);
                    assert_eq!(catalog.find_any(&typo), None, "{typo} is a name already");
                    assert_eq!(
                        catalog.suggest_process(&typo),
                        Some(process.name.as_str()),
                        "{typo} ({})",
                        catalog.id
                    );
                }
            }
        }
    }
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
