//! Heading ids as kramdown makes them: its own `basic_generate_id`
//! (`lib/kramdown/converter/base.rb`) and kramdown-parser-gfm's
//! `generate_gfm_header_id` (`lib/kramdown/parser/gfm.rb`), the one Jekyll
//! and GitHub Pages use, since both default to `input: GFM`.

use compact_str::CompactString;

/// kramdown's `basic_generate_id`: drop everything before the first ASCII
/// letter, then every character but ASCII letters, digits, spaces and `-`;
/// each space becomes `-`, and the rest is lower-cased.
pub fn kramdown_slug(text: &str) -> CompactString {
    let from_letter = text.trim_start_matches(|c: char| !c.is_ascii_alphabetic());
    from_letter
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' => Some(c),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// kramdown-parser-gfm's `generate_gfm_header_id`: lower-cased, every
/// character but word characters (Ruby's `\p{Word}`: letters, marks,
/// decimal digits, connector punctuation), `-`, space and tab dropped,
/// each space or tab a `-`. Nothing is trimmed.
pub fn kramdown_gfm_slug(text: &str) -> CompactString {
    text.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' | '\t' => Some('-'),
            '-' => Some(c),
            c if is_word(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// Prose as kramdown's `typographic_syms` leaves it for an id: `---` and
/// `--` are dashes and `<< `, ` >>` guillemets with a no-break space, all
/// of which the id then drops; the other symbols (`...`, `<<`, `>>`) are
/// dropped as the characters they were. Code spans are not prose.
pub fn typographic_text(prose: &str, out: &mut String) {
    let mut rest = prose;
    while let Some(c) = rest.chars().next() {
        let symbol = ["---", "--", "<< ", " >>"]
            .iter()
            .find(|symbol| rest.starts_with(*symbol));
        match symbol {
            Some(symbol) => rest = &rest[symbol.len()..],
            None => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
}

/// Ruby's `\p{Word}`, which is Unicode's word character, as the regex
/// crate's `\w` is.
fn is_word(c: char) -> bool {
    use std::sync::OnceLock;
    static WORD: OnceLock<regex::Regex> = OnceLock::new();
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    let re = WORD.get_or_init(|| regex::Regex::new(r"^\w$").expect("valid regex"));
    let mut buf = [0u8; 4];
    re.is_match(c.encode_utf8(&mut buf))
}

/// A heading's text as written, which kramdown's own parser makes its id
/// from (`raw_text`): an ATX heading's line without its opening `#`s and
/// any closing ones (kramdown needs no space before them: `## C#` is "C"),
/// a setext heading's first line; trimmed.
pub fn heading_as_written(heading: &str) -> &str {
    let line = heading.lines().next().unwrap_or("").trim();
    if !line.starts_with('#') {
        return line;
    }
    let text = line.trim_start_matches('#').trim();
    let open = text.trim_end_matches('#');
    if open.len() < text.len() && !open.ends_with('\\') {
        open.trim_end()
    } else {
        text
    }
}
