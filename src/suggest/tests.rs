use super::*;

#[test]
fn one_edit_per_three_characters_and_at_least_one() {
    let limits: Vec<usize> = (0..=9).map(threshold).collect();
    assert_eq!(limits, [1, 1, 1, 1, 1, 1, 2, 2, 2, 3]);
    // Five characters allow one edit, six allow two.
    assert_eq!(closest("abcxy", &["abcde"]), None);
    assert_eq!(closest("abcdxy", &["abcdef"]), Some("abcdef"));
    assert_eq!(closest("ab", &["ax"]), Some("ax"));
    assert_eq!(closest("ab", &["xy"]), None);
}

#[test]
fn a_swap_of_neighbours_is_one_edit() {
    assert_eq!(closest("nmae", &["name"]), Some("name"));
    assert_eq!(closest("tilte", &["title"]), Some("title"));
}

#[test]
fn case_and_spacing_do_not_count() {
    assert_eq!(closest("EMPTY-CEL", &["empty-cell"]), Some("empty-cell"));
    assert_eq!(
        closest("  Incident   managment ", &["Incident management"]),
        Some("Incident management")
    );
    assert_eq!(fold(" A \t B\nc "), "a b c");
}

#[test]
fn the_closest_wins_and_ties_go_to_the_earlier() {
    assert_eq!(closest("severty", &["sever", "severity"]), Some("severity"));
    assert_eq!(closest("cat", &["bat", "cut"]), Some("bat"));
    assert_eq!(closest("cat", &["cut", "bat"]), Some("cut"));
    let index = Index::new([("bat", 1), ("cast", 2), ("cut", 3), ("dog", 4)]);
    let nearest = index.nearest("cat").unwrap();
    assert_eq!(nearest.distance, 1);
    assert_eq!(nearest.found, [&1, &2, &3]);
}

#[test]
fn nothing_to_suggest_from_nothing() {
    assert_eq!(closest("name", &[]), None);
    assert_eq!(closest("", &["a", ""]), None);
    assert_eq!(closest("   ", &["a"]), None);
    assert_eq!(closest("zzzzzzzzzz", &["empty-cell", "placeholder"]), None);
}

#[test]
fn a_look_up_compares_only_names_of_a_near_length() {
    let names: Vec<String> = (1..=100).map(|n| "x".repeat(n)).collect();
    let index = Index::new(names.iter().map(|n| (n.as_str(), ())));
    let mut budget = 1000;
    // 30 characters allow 10 edits: the names of 20 to 40 characters.
    let nearest = index.nearest_within(&"x".repeat(30), &mut budget).unwrap();
    assert_eq!(nearest.distance, 0);
    assert_eq!(budget, 1000 - 21);
}

#[test]
fn a_look_up_past_its_budget_gives_up_and_spends_nothing() {
    let index = Index::new([("alpha", ()), ("alpho", ()), ("alphx", ())]);
    let mut budget = 2;
    assert_eq!(index.nearest_within("alpha", &mut budget), None);
    assert_eq!(budget, 2);
    budget = 3;
    assert!(index.nearest_within("alpha", &mut budget).is_some());
    assert_eq!(budget, 0);
}
