use super::table::{count_cells, is_blank_cell};
use super::*;

fn doc(text: &str) -> Document {
    parse(text.to_string(), SlugStyle::Github)
}

#[test]
fn headings_get_github_slugs_with_duplicate_suffixes() {
    let d = doc("# Service design\n\n## Notes\n\n## Notes\n\nSetext *title*\n---\n\n## `code` and [link](x.md) ![img](i.png)\n");
    let anchors: Vec<_> = d.headings.iter().map(|h| h.anchor.as_str()).collect();
    assert_eq!(
        anchors,
        [
            "service-design",
            "notes",
            "notes-1",
            "setext-title",
            // The space before the image is in the text GitHub slugs.
            "code-and-link-"
        ]
    );
    assert_eq!(d.headings[0].level, 1);
    assert_eq!(d.headings[3].level, 2);
    assert_eq!(d.text(&d.headings[0].span).trim_end(), "# Service design");
}

#[test]
fn explicit_anchors_of_every_kind() {
    let text = "## Title {#custom}\n\n<a name=\"old\"></a>\n\n<div id=\"block\">\n\nx\n\n</div>\n";
    let learn = parse(text.to_string(), SlugStyle::MicrosoftLearn);
    let ids: Vec<_> = learn
        .anchors
        .iter()
        .map(|a| (a.id.as_str(), a.kind))
        .collect();
    assert!(ids.contains(&("custom", AnchorKind::Explicit)));
    assert!(ids.contains(&("old", AnchorKind::Explicit)));
    assert!(ids.contains(&("block", AnchorKind::Explicit)));
    let old = learn.anchors.iter().find(|a| a.id == "old").unwrap();
    assert_eq!(learn.text(&old.span), "old");
    // On GitHub the braces are heading text.
    let github = doc(text);
    let ids: Vec<_> = github
        .anchors
        .iter()
        .map(|a| (a.id.as_str(), a.kind))
        .collect();
    assert!(
        ids.contains(&("title-custom", AnchorKind::Heading)),
        "{ids:?}"
    );
    assert!(!ids.iter().any(|(id, _)| *id == "custom"));
}

#[test]
fn a_link_target_is_read_where_it_is_written() {
    // The destination, not the same text in the title after it.
    let d = doc("[a](b \"b\") and [c](d.md#e 'd.md#e')\n");
    assert_eq!(d.text(&d.links[0].target_span), "b");
    assert_eq!(d.links[0].target_span, 4..5);
    assert_eq!(d.links[1].target_span, 19..25);
    assert_eq!(d.links[1].target(&d), "d.md#e");
    // Escaped: the target is its unescaped text; the span, the whole link.
    let d = doc("[a](x\\_y.md#z)\n");
    assert_eq!(d.links[0].target(&d), "x_y.md#z");
    assert_eq!(d.links[0].fragment(&d), Some("z"));
    assert_eq!(d.links[0].target_span, d.links[0].span);
}

#[test]
fn links_inline_reference_and_image() {
    let d = doc(
        "See [a](#x \"t\"), [b][r], <https://e.com>, ![i](p.png) and <a href=\"#h\">h</a>.\n\n[r]: other.md#y\n",
    );
    let links: Vec<_> = d
        .links
        .iter()
        .map(|l| (l.target(&d), l.is_image, l.form))
        .collect();
    use LinkForm::*;
    assert_eq!(
        links,
        [
            ("#x", false, Inline),
            ("other.md#y", false, Reference),
            ("https://e.com", false, Inline),
            ("p.png", true, Inline),
            ("#h", false, Html),
            ("other.md#y", false, Definition),
        ]
    );
    let definition = &d.links[5];
    assert_eq!(d.text(&definition.target_span), "other.md#y");
    assert_eq!(d.text(&definition.span), "[r]: other.md#y");
    assert_eq!(d.text(&d.links[4].span), "<a href=\"#h");
    assert_eq!(d.text(&d.links[0].target_span), "#x");
    assert_eq!(d.text(&d.links[0].span), "[a](#x \"t\")");
    assert_eq!(d.links[1].fragment(&d), Some("y"));
    assert_eq!(d.links[1].path(&d), "other.md");
    // A definition no link uses is not a link on the page.
    let d = doc("[a][Used  Label] and ![i][img]\n\n[used label]: #x\n[IMG]: i.png\n[unused]: #y\n");
    let targets: Vec<_> = d.links.iter().map(|l| (l.target(&d), l.form)).collect();
    assert_eq!(
        targets,
        [
            ("#x", LinkForm::Reference),
            ("i.png", LinkForm::Reference),
            ("#x", LinkForm::Definition),
            ("i.png", LinkForm::Definition),
        ]
    );
}

#[test]
fn table_cells_keep_exact_spans() {
    let text = "| A | B | C |\n|---|---|---|\n| x |   | `a\\|b` |\n| y \\| z | é |\n";
    let d = doc(text);
    let t = &d.tables[0];
    assert_eq!(t.columns, 3);
    let header: Vec<_> = t.header.iter().map(|c| c.text.text.as_str()).collect();
    assert_eq!(header, ["A", "B", "C"]);
    let row = &t.rows[0];
    assert_eq!(d.text(&row.cells[0].span), "x");
    // An empty cell's span is the space between its pipes.
    assert_eq!(d.text(&row.cells[1].span), "   ");
    assert!(row.cells[1].is_empty);
    assert!(!row.cells[2].is_empty);
    assert_eq!(row.source_cells, 3);
    let short = &t.rows[1];
    assert_eq!(short.source_cells, 2);
    assert_eq!(d.text(&short.cells[0].span), "y \\| z");
    assert_eq!(short.cells[0].text.text, "y | z");
    assert!(short.cells[2].is_missing);
    assert_eq!(short.name(), Some("y | z"));
}

#[test]
fn cells_know_their_links() {
    let d = doc("| P | Link |\n|---|---|\n| a | [x](x.md) |\n| b | plain |\n");
    let rows = &d.tables[0].rows;
    assert!(rows[0].cells[1].has_link);
    assert!(!rows[1].cells[1].has_link);
}

#[test]
fn prose_blocks_map_text_back_to_source() {
    let text = "- [Service design](#service-design): what is\n- plain *item*\n\nA paragraph\nover two lines.\n";
    let d = doc(text);
    let kinds: Vec<_> = d
        .prose
        .iter()
        .map(|p| (p.kind, d.prose_text(p).text))
        .collect();
    assert_eq!(
        kinds,
        [
            (ProseKind::ListItem, "Service design: what is"),
            (ProseKind::ListItem, "plain item"),
            (ProseKind::Paragraph, "A paragraph over two lines."),
        ]
    );
    let item = d.prose_text(&d.prose[0]);
    let at = item.text.find("what is").unwrap();
    let span = item.source_span(at..at + 7);
    assert_eq!(&text[span], "what is");
    let link = item.source_span(0..14);
    assert_eq!(&text[link], "Service design");
    let texts: Vec<&str> = d.prose.iter().map(|b| d.prose_text(b).text).collect();
    assert_eq!(
        texts,
        [
            "Service design: what is",
            "plain item",
            "A paragraph over two lines."
        ]
    );
}

#[test]
fn front_matter_behind_a_bom_with_crlf() {
    let text = "\u{feff}---\r\ntitle: T\r\ndescription:\r\n---\r\n# Heading\r\n";
    let d = doc(text);
    let fm = d.front_matter.as_ref().expect("front matter found");
    assert_eq!(fm.span.start, 3, "the block starts after the BOM");
    let title = fm.get("title").unwrap();
    assert_eq!((title.value.as_str(), title.is_empty), ("T", false));
    assert_eq!(title.key_span, 8..13);
    let desc = fm.get("description").unwrap();
    assert_eq!((desc.value.as_str(), desc.is_empty), ("", true));
    assert_eq!(desc.key_span, 18..29);
    assert_eq!(d.text(&desc.span), "description:");
    assert_eq!(d.position(desc.span.start).line, 3);
    assert_eq!(d.headings[0].anchor, "heading");
    assert_eq!(d.position(d.headings[0].span.start).line, 5);
}

/// The front matter's entries as (key, key span, value, is_empty), once each
/// key span is checked to hold its key.
fn front_matter_entries(d: &Document) -> Vec<(&str, Span, &str, bool)> {
    let fm = d.front_matter.as_ref().expect("front matter found");
    assert_eq!(fm.error, None);
    let entries = fm.entries.iter();
    entries
        .inspect(|e| assert_eq!(d.text(&e.key_span), e.key))
        .map(|e| {
            (
                e.key.as_str(),
                e.key_span.clone(),
                e.value.as_str(),
                e.is_empty,
            )
        })
        .collect()
}

#[test]
fn front_matter_needs_both_delimiter_lines() {
    for text in [
        "---\ntitle: x\n",
        "# Title\n---\n",
        "---",
        "----\ntitle: x\n---\n",
    ] {
        assert!(doc(text).front_matter.is_none(), "{text:?}");
    }
}

#[test]
fn front_matter_closed_by_dots() {
    let d = doc("---\ntitle: T\n...\n---\n# Body\n");
    let fm = d.front_matter.as_ref().unwrap();
    assert_eq!(d.text(&fm.span), "---\ntitle: T\n...\n");
    assert_eq!(front_matter_entries(&d), [("title", 4..9, "T", false)]);
}

#[test]
fn front_matter_with_crlf_reads_as_with_lf() {
    let d = doc("---\r\ntitle: Hello\r\nkeywords:\r\n  - a\r\n  - b\r\n---\r\n# Body\r\n");
    let expected = [
        ("title", 5..10, "Hello", false),
        ("keywords", 19..27, "a, b", false),
    ];
    assert_eq!(front_matter_entries(&d), expected);
    let keywords = d.front_matter.as_ref().unwrap().get("keywords").unwrap();
    assert_eq!(d.text(&keywords.span), "keywords:\r\n  - a\r\n  - b");
}

#[test]
fn front_matter_empty_values_of_every_kind() {
    let d = doc("---\na:\nb:  \nc: ''\nd: []\ne: {}\nf: ~\ng: 0\n---\n");
    let expected = [
        ("a", 4..5, "", true),
        ("b", 7..8, "", true),
        ("c", 12..13, "", true),
        ("d", 18..19, "", true),
        ("e", 24..25, "", true),
        ("f", 30..31, "", true),
        ("g", 35..36, "0", false),
    ];
    assert_eq!(front_matter_entries(&d), expected);
    let b = d.front_matter.as_ref().unwrap().get("b").unwrap();
    assert_eq!(d.text(&b.span), "b:  ");
}

#[test]
fn front_matter_lists_are_joined_and_span_their_items() {
    let d = doc("---\nkeywords:\n  - a\n  # aside\n  - 2\ntags: [x, true, 1.5]\n---\n");
    let expected = [
        ("keywords", 4..12, "a, 2", false),
        ("tags", 36..40, "x, true, 1.5", false),
    ];
    assert_eq!(front_matter_entries(&d), expected);
    let keywords = d.front_matter.as_ref().unwrap().get("keywords").unwrap();
    assert_eq!(d.text(&keywords.span), "keywords:\n  - a\n  # aside\n  - 2");
}

#[test]
fn front_matter_keys_may_contain_colons() {
    let d = doc("---\nms:assetid: 79a1\nurl: https://x.test/a\n---\n");
    let expected = [
        ("ms:assetid", 4..14, "79a1", false),
        ("url", 21..24, "https://x.test/a", false),
    ];
    assert_eq!(front_matter_entries(&d), expected);
}

#[test]
fn front_matter_yaml_errors_are_reported() {
    let d = doc("---\ntitle: T\nkeywords: a: b\n---\n# Body\n");
    let fm = d.front_matter.as_ref().unwrap();
    assert!(fm.entries.is_empty());
    // The engine counts lines from the first line of the YAML, the one after `---`.
    assert_eq!(
        fm.error.as_deref(),
        Some("Deserialize error: mapping values are not allowed in this context at byte 20 line 2 column 12")
    );
    assert_eq!(
        d.headings[0].anchor, "body",
        "the Markdown after it is read"
    );
    let d = doc("---\n- a list\n---\n");
    let fm = d.front_matter.as_ref().unwrap();
    assert!(fm.entries.is_empty());
    assert_eq!(
        fm.error.as_deref(),
        Some("front matter is not a mapping of keys to values")
    );
}

#[test]
fn front_matter_of_comments_alone_has_no_keys_and_no_error() {
    assert_eq!(
        front_matter_entries(&doc("---\n# nothing yet\n\n---\n")),
        []
    );
}

#[test]
fn comments_block_and_inline() {
    let d = doc("<!-- expect: a -->\n\ntext <!-- inline --> more\n\n```\n<!-- in code -->\n```\n");
    let bodies: Vec<_> = d.comments.iter().map(|c| c.body.as_str()).collect();
    assert_eq!(bodies, ["expect: a", "inline"]);
}

#[test]
fn code_is_never_prose() {
    let d = doc("```\nTODO\n```\n\n    indented TODO\n\nUse `TODO` here.\n");
    assert_eq!(d.prose.len(), 1);
    let run = d.prose_text(&d.prose[0]);
    let at = run.text.find("TODO").unwrap();
    assert!(run.touches_code(&(at..at + 4)));
}

#[test]
fn code_blocks_in_list_items_and_quotes_are_not_their_text() {
    let d = doc("1. Step:\n\n   ```bash\n   # TODO fix\n   ```\n\n- item\n  ```\n  TODO tight\n  ```\n  after\n\n> ```\n> TODO\n> ```\n");
    let texts: Vec<&str> = d.prose.iter().map(|p| d.prose_text(p).text).collect();
    assert_eq!(texts, ["Step:", "item after"]);
}

#[test]
fn any_bytes_parse_without_panic() {
    for text in [
        "",
        "\u{feff}",
        "---",
        "---\n",
        "|",
        "|-|\n|",
        "[",
        "\r\r\n\r",
        "# \u{301}",
    ] {
        let d = doc(text);
        for a in &d.anchors {
            assert!(
                d.source.is_char_boundary(a.span.start) && d.source.is_char_boundary(a.span.end)
            );
        }
    }
}

/// Cells on a row line, a byte at a time: what `count_cells` must give.
fn cells_one_byte_at_a_time(row: &str) -> usize {
    let row = row.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let bytes = row.as_bytes();
    let mut pipes = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'|' => pipes.push(i),
            _ => {}
        }
        i += 1;
    }
    let trailing = pipes.last() == Some(&(row.len().saturating_sub(1))) && !row.is_empty();
    pipes.len() + 1 - usize::from(trailing)
}

proptest::proptest! {
    #[test]
    fn cells_are_counted_as_one_byte_at_a_time(pieces in proptest::collection::vec(
        proptest::sample::select(vec!["|", "\\", "a", " ", "é", "`", "\\|", "||"]),
        0..16,
    )) {
        let row = pieces.concat();
        proptest::prop_assert_eq!(count_cells(&row), cells_one_byte_at_a_time(&row), "{:?}", row);
    }
}

#[test]
fn cells_with_only_white_space_nbsp_or_br_are_blank() {
    for raw in [
        "",
        "  ",
        "&nbsp;",
        "&NBSP;",
        "<br>",
        " <BR> ",
        "<br/>",
        "<br />",
        "<br> <br>",
        "&nbsp;<br>&nbsp;",
    ] {
        assert!(is_blank_cell(raw.trim()), "{raw:?}");
    }
    for raw in ["x", "<br>x", "&nbsp", "<b>", "<br", "é", "<br>é", "0"] {
        assert!(!is_blank_cell(raw.trim()), "{raw:?}");
    }
}

/// Ids are kept as written; links find them in the site's case
/// (`rules::links::anchors`).
#[test]
fn anchors_keep_their_ids_as_written() {
    let d = doc(
        "# Überblick\n\n## Next steps\n\n<a id=\"MiXeD\"></a>\n\n<a name=\"\u{212A}elvin\"></a>\n",
    );
    let ids: Vec<&str> = d.anchors.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["überblick", "next-steps", "MiXeD", "\u{212A}elvin"]);
}

/// markdig's PipeTableSpecs.md, Rule #7: a code span outranks a column
/// delimiter, so on Learn a `|` in code does not split the row (GFM splits it).
#[test]
fn a_pipe_in_code_splits_a_row_on_github_but_not_on_learn() {
    let text = "| A | B |\n|---|---|\n| `a|b` | c |\n| x `y|z` |  |\n";
    let learn = parse(text.to_string(), SlugStyle::MicrosoftLearn);
    let rows = &learn.tables[0].rows;
    assert_eq!(rows[0].cells.len(), 2);
    assert_eq!(rows[0].source_cells, 2);
    assert_eq!(rows[0].cells[0].text.text, "a|b");
    assert_eq!(learn.text(&rows[0].cells[0].span), "`a|b`");
    assert_eq!(learn.text(&rows[0].cells[1].span), "c");
    assert_eq!(rows[1].source_cells, 2);
    assert_eq!(rows[1].cells[0].text.text, "x y|z");
    assert!(rows[1].cells[1].is_empty && !rows[1].cells[1].is_missing);
    let github = doc(text);
    let rows = &github.tables[0].rows;
    assert_eq!(rows[0].source_cells, 3);
    assert_eq!(rows[0].cells[0].text.text, "`a");
}
