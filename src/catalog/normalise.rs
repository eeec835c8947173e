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
    let mut words: Vec<&str> = plain
        .split_whitespace()
        .map(|w| {
            SPELLING
                .iter()
                .find(|(us, _)| *us == w)
                .map_or(w, |(_, uk)| *uk)
        })
        .collect();
    while words.len() > 1 && words.last().is_some_and(|w| TRAILING.contains(w)) {
        words.pop();
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::normalise;

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
}
