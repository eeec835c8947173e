//! The little HTML that matters in Markdown: anchor ids and comments.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

/// Ids that a link fragment can reach: `id` on any element, `name` on `<a>`.
pub fn anchor_ids(html: &str) -> Vec<(String, Range<usize>)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r#"(?i)<([a-z][a-z0-9]*)\b[^>]*?\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))"#,
        )
        .expect("valid regex")
    });
    // Most HTML in Markdown is a `<br>` or an `<img>`: skip what names no id.
    if !html.contains('<') || !(mentions(html, b"id") || mentions(html, b"name")) {
        return Vec::new();
    }
    re.captures_iter(html)
        .filter(|c| c[2].eq_ignore_ascii_case("id") || c[1].eq_ignore_ascii_case("a"))
        .filter_map(|c| {
            let value = c.get(3).or(c.get(4)).or(c.get(5))?;
            (!value.as_str().is_empty()).then(|| (value.as_str().to_string(), value.range()))
        })
        .collect()
}

/// Whether `word` (lower case ASCII) is in `html` in any case.
fn mentions(html: &str, word: &[u8]) -> bool {
    html.as_bytes()
        .windows(word.len())
        .any(|w| w.eq_ignore_ascii_case(word))
}

/// `<!-- ... -->` comments: their trimmed body and their whole span.
pub fn comments(html: &str) -> Vec<(String, Range<usize>)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = memchr::memmem::find(&html.as_bytes()[from..], b"<!--") {
        let start = from + open;
        let body_start = start + 4;
        let Some(close) = memchr::memmem::find(&html.as_bytes()[body_start..], b"-->") else {
            break;
        };
        let end = body_start + close + 3;
        found.push((
            html[body_start..body_start + close].trim().to_string(),
            start..end,
        ));
        from = end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names() {
        let ids: Vec<_> =
            anchor_ids(r#"<a name="one"></a><span id='two'>x</span><input name="no"><a id=three>"#)
                .into_iter()
                .map(|(id, _)| id)
                .collect();
        assert_eq!(ids, ["one", "two", "three"]);
    }

    #[test]
    fn comments_with_spans() {
        let html = "x <!-- a --> y <!--b-->";
        let found = comments(html);
        assert_eq!(found[0].0, "a");
        assert_eq!(&html[found[0].1.clone()], "<!-- a -->");
        assert_eq!(found[1].0, "b");
        assert!(comments("<!-- unclosed").is_empty());
    }
}
