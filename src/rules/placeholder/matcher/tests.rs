//! The matcher with the built-in patterns and with patterns of its own.

use super::*;
use crate::knowledge::RulePack;

fn builtin() -> Placeholders {
    let pack = RulePack::load().unwrap();
    Placeholders::new(pack.placeholder_specs.clone(), pack.allowed_phrases.clone()).unwrap()
}

/// A cell of a link column (`link_column`) or of another, holding a
/// real link or not.
fn cell_spot(link_column: bool, has_link: bool) -> Spot {
    Spot {
        in_cell: true,
        link_expected: link_column,
        has_link,
    }
}

/// The names of the patterns matching `text`, with what each matched.
fn found(patterns: &Placeholders, text: &str, spot: Spot) -> Vec<String> {
    patterns
        .find(text, spot)
        .into_iter()
        .map(|(index, range)| format!("{}: {}", patterns.specs[index].name, &text[range]))
        .collect()
}

/// The prefilter never says no where a pattern matches: what is found
/// with it is what is found without, whatever literals the patterns
/// have (none, or not at their start).
#[test]
fn the_prefilter_keeps_every_match() {
    let builtin = RulePack::load().unwrap().placeholder_specs;
    let extra = |regex: &str| PatternSpec {
        name: regex.into(),
        regex: regex.into(),
        scope: Scope::Any,
        unless_linked: false,
    };
    let pieces = [
        "what is",
        "Service design: what is",
        "links",
        "link to SD",
        "sort of",
        "TBD",
        "XXX",
        "TK: add",
        "lorem ipsum",
        "???",
        "[insert link]",
        "Link to process?",
        "possible link to x?",
        "plain text",
        "",
        " ",
        "é",
        "todo",
        "prefixme",
        "a [ bracket",
        "[ Insert the figure]",
        "COMING ſOON",
    ];
    for added in [None, Some(r"(?i)\w*fixme"), Some(r"\A\w{9,}\z")] {
        let mut specs = builtin.clone();
        specs.extend(added.map(extra));
        let patterns = Placeholders::checked_before(specs.clone(), vec![]);
        let every = Placeholders::checked_before(specs, vec![]);
        every
            .literals
            .set(Literals::none(every.specs.len()))
            .unwrap();
        for a in pieces {
            for b in pieces {
                let texts = [a.to_string(), format!("{a} {b}"), format!("{a}: {b}?")];
                let joined: Vec<&str> = texts.iter().map(String::as_str).collect();
                let candidates = patterns.candidates(&joined);
                for (text, candidates) in texts.iter().zip(candidates) {
                    let spots = [
                        cell_spot(true, false),
                        cell_spot(true, true),
                        cell_spot(false, false),
                        Spot::PROSE,
                    ];
                    for spot in spots {
                        let found = patterns.find_among(text, spot, &candidates);
                        assert_eq!(found, every.find(text, spot), "{added:?}: {text:?}");
                        assert_eq!(found, patterns.find(text, spot), "{added:?}: {text:?}");
                    }
                }
            }
        }
    }
}

#[test]
fn every_builtin_pattern_compiles() {
    builtin();
}

#[test]
fn builtin_patterns_flag_stand_ins_and_leave_prose() {
    let patterns = builtin();
    let cell = |text: &str| found(&patterns, text, cell_spot(true, false));
    let prose = |text: &str| found(&patterns, text, Spot::PROSE);
    assert_eq!(cell("Service design: what is"), ["what is: what is"]);
    assert_eq!(cell("link to process?"), ["link stub: link to process?"]);
    assert_eq!(cell("TK: add the figure"), ["short marker: TK"]);
    assert_eq!(prose("a TODO here"), ["marker: TODO"]);
    assert_eq!(prose("Coming Soon"), ["coming soon: Coming Soon"]);
    assert_eq!(
        prose("see [Insert link here]."),
        ["insert: [Insert link here]"]
    );
    assert_eq!(prose("Owner: ???"), ["question marks: ???"]);
    assert_eq!(cell("???"), ["question marks: ???"]);
    assert!(prose("Can you do that???").is_empty(), "emphasis");
    assert_eq!(
        prose("possible link to MS topics? STP?"),
        ["possible link: possible link to MS topics?"]
    );
    for text in [
        "Incident management restores normal service operation.",
        "what to do next",
        "todo",
        "TKX and XXXL",
        "> [!NOTE]",
        "",
    ] {
        assert!(cell(text).is_empty(), "{text:?}");
        assert!(prose(text).is_empty(), "{text:?}");
    }
    // A link stub only where a link is expected, and only without a real link.
    assert!(prose("links").is_empty());
    assert!(found(&patterns, "links", cell_spot(true, true)).is_empty());
    assert!(found(&patterns, "Link", cell_spot(false, false)).is_empty());
    assert_eq!(cell("links"), ["link stub: links"]);
    let list_item = Spot {
        link_expected: true,
        ..Spot::PROSE
    };
    assert_eq!(
        found(&patterns, "Service design: link", list_item),
        ["link stub: link"]
    );
}

#[test]
fn unfinished_work_is_flagged_where_it_stands_alone() {
    let patterns = builtin();
    let prose = |text: &str| found(&patterns, text, Spot::PROSE);
    for (text, matched) in [
        ("To be determined", "to be done: To be determined"),
        (
            "TO BE DETERMINED BY FINANCE",
            "to be done: TO BE DETERMINED BY FINANCE",
        ),
        (
            "To be completed at project closure",
            "to be done: To be completed at project closure",
        ),
        ("Owner: to be confirmed.", "to be done: to be confirmed"),
        ("Setup. To be written.", "to be done: To be written"),
        (
            "Documentation in development",
            "in development: Documentation in development",
        ),
        ("Content coming soon", "coming soon: coming soon"),
        (
            "Reporting is coming soon. See below.",
            "coming soon: coming soon",
        ),
        ("(TBD)", "marker: TBD"),
        ("TBC.", "marker: TBC"),
    ] {
        assert_eq!(prose(text), [matched], "{text:?}");
    }
    for text in [
        "The next wave is coming soon, once the pilot ends.",
        "To be added to the group, a user needs a license.",
        "List the tasks to be completed before go-live.",
        "The documentation in development branches differs.",
    ] {
        assert!(prose(text).is_empty(), "{text:?}");
    }
}

#[test]
fn a_marker_named_or_defined_is_not_one() {
    let patterns = builtin();
    let prose = |text: &str| found(&patterns, text, Spot::PROSE);
    for text in [
        "Since we cannot (see FIXME above), what is left?",
        "A status of \"To Be Determined\" (TBD) means the team has not decided.",
        "Items To Be Announced (TBA) later.",
    ] {
        assert!(prose(text).is_empty(), "{text:?}");
    }
    for (text, matched) in [
        ("The wording (TBD) comes later.", "marker: TBD"),
        ("The Big Deal (TBD", "marker: TBD"),
        ("Overseer TODO: fix", "marker: TODO"),
    ] {
        assert_eq!(prose(text), [matched], "{text:?}");
    }
}

#[test]
fn overlapping_matches_keep_the_earliest_then_longest() {
    let spec = |name: &str, regex: &str| PatternSpec {
        name: name.into(),
        regex: regex.into(),
        scope: Scope::Any,
        unless_linked: false,
    };
    let patterns = Placeholders::new(
        vec![
            spec("short", "TO"),
            spec("long", "TODO"),
            spec("late", "DO"),
        ],
        vec![],
    )
    .unwrap();
    assert_eq!(
        found(&patterns, "TODO, TO", Spot::PROSE),
        ["long: TODO", "short: TO"]
    );
}

#[test]
fn allowed_phrases_are_not_reported() {
    let pack = RulePack::load().unwrap();
    let patterns = Placeholders::new(
        pack.placeholder_specs.clone(),
        vec!["The TBD Project".into()],
    )
    .unwrap();
    assert!(found(&patterns, "see the tbd project", Spot::PROSE).is_empty());
    assert!(found(&patterns, "See The TBD Project", Spot::PROSE).is_empty());
    assert_eq!(
        found(&patterns, "TBD: the TBD project", Spot::PROSE),
        ["marker: TBD"]
    );
}

#[test]
fn checked_before_finds_what_new_finds() {
    let pack = RulePack::load().unwrap();
    let lazy = Placeholders::checked_before(pack.placeholder_specs.clone(), vec![]);
    let eager = builtin();
    for text in ["TODO", "lorem ipsum", "links", "plain"] {
        let spot = cell_spot(true, false);
        assert_eq!(lazy.find(text, spot), eager.find(text, spot));
    }
}

#[test]
fn bad_regex_is_an_error_naming_the_pattern() {
    let spec = PatternSpec {
        name: "broken".into(),
        regex: "(".into(),
        scope: Scope::Any,
        unless_linked: false,
    };
    assert!(check_pattern(&spec.regex).is_err());
    let err = Placeholders::new(vec![spec], vec![]).unwrap_err();
    assert!(err.to_string().contains("broken"));
}

#[test]
fn huge_regex_is_refused() {
    let spec = PatternSpec {
        name: "huge".into(),
        regex: r"\w{1000}\w{1000}\w{1000}".into(),
        scope: Scope::Any,
        unless_linked: false,
    };
    assert!(check_pattern(&spec.regex).is_err());
    assert!(Placeholders::new(vec![spec], vec![]).is_err());
}
