//! The little HTML that matters in Markdown: anchor ids and comments.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

const ANCHOR_PATTERN: &str =
    r#"(?i)<([a-z][a-z0-9]*)\b[^>]*?\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))"#;

/// Ids that a link fragment can reach: `id` on any element, `name` on `<a>`.
pub fn anchor_ids(html: &str) -> Vec<(compact_str::CompactString, Range<usize>)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(ANCHOR_PATTERN).expect("valid regex"));
    if !html.contains('<') {
        return Vec::new();
    }
    re.captures_iter(html)
        .filter(|c| c[2].eq_ignore_ascii_case("id") || c[1].eq_ignore_ascii_case("a"))
        .filter_map(|c| {
            let value = c.get(3).or(c.get(4)).or(c.get(5))?;
            (!value.as_str().is_empty()).then(|| (value.as_str().into(), value.range()))
        })
        .collect()
}

const HREF_PATTERN: &str = r#"(?i)<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))"#;

/// The targets of `<a href="...">` outside comments: where each value is in
/// `html`, and where its tag is, up to the value.
pub fn hrefs(html: &str) -> Vec<(Range<usize>, Range<usize>)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    if !html.contains("href") && !html.contains("HREF") && !html.contains("Href") {
        return Vec::new();
    }
    let re = RE.get_or_init(|| Regex::new(HREF_PATTERN).expect("valid regex"));
    let commented = comments(html);
    re.captures_iter(html)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let value = c.get(1).or(c.get(2)).or(c.get(3))?;
            // Comments come in order and do not overlap: the last one
            // starting before the tag is the only one that can hold it.
            let before = commented.partition_point(|(_, c)| c.start <= whole.start());
            let in_comment = before > 0 && commented[before - 1].1.contains(&whole.start());
            (!in_comment).then(|| (value.range(), whole.start()..value.end()))
        })
        .collect()
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
    fn ids_in_any_case_and_white_space() {
        for html in [
            r#"<a name="x">"#,
            r#"<span ID = 'x'>"#,
            "<p\tid\u{a0}=x>",
            "<p id\u{2003}=x>",
            "<p\x0bid\x0b=\x0bx>",
        ] {
            assert_eq!(anchor_ids(html).len(), 1, "{html:?}");
        }
        for html in [
            "<br>",
            r#"<img width="10" src="x.png">"#,
            r#"<img src="identity.png">"#,
        ] {
            assert!(anchor_ids(html).is_empty(), "{html:?}");
        }
    }

    #[test]
    fn hrefs_of_links_outside_comments() {
        let html = r##"<a href="#one">x</a> <A class=b HREF='two.md'> <!-- <a href="#old"> --> <a href=#three> <link href="no.css"> <area href="#no">"##;
        let found: Vec<_> = hrefs(html)
            .into_iter()
            .map(|(value, tag)| (&html[value], &html[tag]))
            .collect();
        assert_eq!(
            found,
            [
                ("#one", r##"<a href="#one"##),
                ("two.md", "<A class=b HREF='two.md"),
                ("#three", "<a href=#three"),
            ]
        );
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
