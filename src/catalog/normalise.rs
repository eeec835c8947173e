//! Process and phase names as writers spell them, reduced to one comparable
//! form: "Service-level management" and "Service level management" are one
//! name, and so are "Request fulfillment management" and "Request fulfilment".

/// US spellings, and the UK spelling the catalogs use.
const SPELLING: &[(&str, &str)] = &[
    ("catalog", "catalogue"),
    ("catalogs", "catalogues"),
    ("fulfillment", "fulfilment"),
    ("organization", "organisation"),
    ("organizational", "organisational"),
    ("optimization", "optimisation"),
];

/// Trailing words that do not change which process is meant:
/// "Access management process" is "Access".
const TRAILING: &[&str] = &[
    "management",
    "process",
    "processes",
    "practice",
    "practices",
    "phase",
];

/// Lower-cases, drops text in parentheses, turns `&` into "and" and every
/// other non-alphanumeric character into a space, maps US to UK spelling,
/// and strips trailing "management" / "process" / "practice" / "phase"
/// (while a word remains).
pub fn normalise(name: &str) -> String {
    let mut words = whole_name(name);
    while strip_trailing_word(&mut words) {}
    words
}

/// Strips the last of [`whole_name`]'s words if [`normalise`] would, and
/// says whether it did.
pub fn strip_trailing_word(words: &mut String) -> bool {
    match words.rsplit_once(' ') {
        Some((rest, last)) if TRAILING.contains(&last) => {
            words.truncate(rest.len());
            true
        }
        _ => false,
    }
}

/// The name as [`normalise`] makes it, but with every word kept.
pub fn whole_name(name: &str) -> String {
    let mut plain = String::with_capacity(name.len());
    let mut depth = 0usize;
    for ch in name.chars() {
        match ch {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            '&' => plain.push_str(" and "),
            c if c.is_alphanumeric() => plain.extend(c.to_lowercase()),
            _ => plain.push(' '),
        }
    }
    let mut words = String::with_capacity(plain.len());
    for word in plain.split_whitespace() {
        if !words.is_empty() {
            words.push(' ');
        }
        let spelt = SPELLING.iter().find(|(us, _)| *us == word);
        words.push_str(spelt.map_or(word, |(_, uk)| uk));
    }
    words
}

#[cfg(test)]
mod tests {
    use super::{normalise, whole_name};

    #[test]
    fn spellings_hyphens_and_suffixes_agree() {
        assert_eq!(
            normalise("Request fulfillment management"),
            normalise("Request fulfilment")
        );
        assert_eq!(
            normalise("Service-level management"),
            normalise("Service level management")
        );
        assert_eq!(
            normalise("Service Catalog Management"),
            normalise("service catalogue")
        );
        assert_eq!(
            normalise("Release & deployment (R&D) process"),
            "release and deployment"
        );
        assert_eq!(normalise("Service strategy processes"), "service strategy");
    }

    #[test]
    fn a_lone_suffix_word_is_kept() {
        assert_eq!(normalise("Management"), "management");
        assert_eq!(normalise("  "), "");
    }

    #[test]
    fn the_whole_name_keeps_the_trailing_words() {
        assert_eq!(
            whole_name("Service Catalog  Management process"),
            "service catalogue management process"
        );
        assert_eq!(
            normalise("Service Catalog  Management process"),
            "service catalogue"
        );
    }
}
