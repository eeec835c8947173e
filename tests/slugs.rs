//! Heading ids as each renderer makes them, from the renderers' own tests
//! and documentation (each case names its source). A slug style that drifts
//! from its renderer breaks in-page links that work on the published site.

use itsmlint::parse::parse;
use itsmlint::slug::{SlugStyle, Slugger};

/// The ids a page's headings get, in order, each heading given as its text.
fn ids(style: SlugStyle, headings: &[&str]) -> Vec<String> {
    let mut slugger = Slugger::new(style);
    headings
        .iter()
        .map(|h| slugger.slug(h).to_string())
        .collect()
}

/// The heading anchors of a page parsed in `style`.
fn anchors(style: SlugStyle, markdown: &str) -> Vec<String> {
    let doc = parse(markdown.to_string(), style);
    doc.headings.iter().map(|h| h.anchor.to_string()).collect()
}

/// github-slugger's test/fixtures.json (ISC licence), whose cases were
/// checked against github.com: one slugger over all of them, in order.
#[test]
fn github_slugger_fixtures() {
    let cases = [
        ("alpha", "alpha"),
        ("alpha", "alpha-1"),
        ("bravoCharlieDelta", "bravocharliedelta"),
        ("echo", "echo"),
        ("echo", "echo-1"),
        ("echo 1", "echo-1-1"),
        ("echo-1", "echo-1-2"),
        ("echo", "echo-2"),
        ("foxtrot-1", "foxtrot-1"),
        ("foxtrot", "foxtrot"),
        ("foxtrot", "foxtrot-2"),
        ("heading with a - dash", "heading-with-a---dash"),
        (
            "heading with an _ underscore",
            "heading-with-an-_-underscore",
        ),
        ("heading with a period.txt", "heading-with-a-periodtxt"),
        (
            "exchange.bind_headers(exchange, routing [, bindCallback])",
            "exchangebind_headersexchange-routing--bindcallback",
        ),
        // "# &#x20;a&#x20;": spaces the parser keeps are hyphens.
        (" a ", "-a-"),
        ("a ", "a-"),
        ("-a-", "-a--1"),
        (
            "apostrophe’s should be trimmed",
            "apostrophes-should-be-trimmed",
        ),
        ("I ♥ unicode", "i--unicode"),
        ("en–dash", "endash"),
        ("😄 unicode emoji", "-unicode-emoji"),
        ("😄 - an emoji", "---an-emoji"),
        // A gemoji shortcode is slugged as written, not as the emoji shown.
        (":smile: - a gemoji", "smile---a-gemoji"),
        (
            ":ok_hand: :hatched_chick: Two in a row",
            "ok_hand-hatched_chick-two-in-a-row",
        ),
        ("Привет non-latin 你好", "привет-non-latin-你好"),
    ];
    let (texts, expected): (Vec<&str>, Vec<&str>) = cases.into_iter().unzip();
    assert_eq!(ids(SlugStyle::Github, &texts), expected);
}

/// What GitHub renders, through the parser: the text a heading's slug is
/// made of is its rendered text.
#[test]
fn github_headings_as_rendered() {
    let page = "\
## Heading <!-- a comment -->
## Closed ATX ##
## [Linked](https://example.com) *emphasis* `code` ![alt](i.png)
## API overview {#api-overview}
## `$?`
## `$?`
";
    assert_eq!(
        anchors(SlugStyle::Github, page),
        [
            // The space before the comment is in the heading's text.
            "heading-",
            "closed-atx",
            // Link text, emphasis and code are text; an image is not.
            "linked-emphasis-code-",
            // `{#id}` is text on GitHub, not an id.
            "api-overview-api-overview",
            "",
            "-1",
        ]
    );
}

/// GitLab's documentation, "Heading IDs and links" (GitLab 17.0 and later,
/// which make GitHub's ids): GitLab pages use the GitHub style.
#[test]
fn gitlab_documentation_example() {
    let headings = [
        "This heading has spaces in it",
        "This heading has a :thumbsup: in it",
        "This heading has Unicode in it: 한글",
        "This heading has spaces in it",
        "This heading has spaces in it",
        "This heading has 3.5 in it (and parentheses)",
        "This heading has  multiple spaces and --- hyphens",
    ];
    assert_eq!(
        ids(SlugStyle::Github, &headings),
        [
            "this-heading-has-spaces-in-it",
            "this-heading-has-a-thumbsup-in-it",
            "this-heading-has-unicode-in-it-한글",
            "this-heading-has-spaces-in-it-1",
            "this-heading-has-spaces-in-it-2",
            "this-heading-has-35-in-it-and-parentheses",
            "this-heading-has--multiple-spaces-and-----hyphens",
        ]
    );
}

/// markdig's LinkHelper tests (`TestUrilizeGfm`) and AutoIdentifier spec
/// (BSD-2-Clause): DocFX and so Microsoft Learn use the GitHub mode.
#[test]
fn markdig_github_mode() {
    for (text, expected) in [
        ("Header identifiers in HTML", "header-identifiers-in-html"),
        ("* Dogs*?--in *my* house?", "-dogs--in-my-house"),
        ("[HTML], [S5], or [RTF]?", "html-s5-or-rtf"),
        ("3. Applications", "3-applications"),
        ("33", "33"),
    ] {
        assert_eq!(
            ids(SlugStyle::MicrosoftLearn, &[text]),
            [expected],
            "{text}"
        );
    }
    // AutoIdentifierExtension: a heading with no slug characters is
    // "section", then "section-1"; duplicates get -1, -2.
    let page =
        "## `$?`\n## `$?`\n## This is a heading\n## This is a heading\n## Explicit {#custom-id}\n";
    assert_eq!(
        anchors(SlugStyle::MicrosoftLearn, page),
        [
            "section",
            "section-1",
            "this-is-a-heading",
            "this-is-a-heading-1",
            "custom-id"
        ]
    );
}

/// mdBook's `utils::id_from_content` and `unique_id` tests (MPL-2.0; the
/// cases only, restated).
#[test]
fn mdbook_ids() {
    for (text, expected) in [
        (
            "`--passes`: add more rustdoc passes",
            "--passes-add-more-rustdoc-passes",
        ),
        (
            "Method-call 🐙 expressions \u{1f47c}",
            "method-call--expressions-",
        ),
        ("_-_12345", "_-_12345"),
        ("中文標題 CJK title", "中文標題-cjk-title"),
        ("Über", "über"),
    ] {
        assert_eq!(ids(SlugStyle::Mdbook, &[text]), [expected], "{text}");
    }
    assert_eq!(
        ids(SlugStyle::Mdbook, &["::", "!!!", "Real Heading", "***"]),
        ["section", "section-1", "real-heading", "section-2"]
    );
    // Heading attributes are read, as mdBook's pulldown-cmark reads them.
    assert_eq!(
        anchors(SlugStyle::Mdbook, "# Heading {#custom}\n## Heading\n"),
        ["custom", "heading"]
    );
}

/// Python-Markdown's `toc` extension (BSD): `slugify` and `unique`, as in
/// its tests (`# This is \`code\`.`, `Header *2*`) and docstrings
/// (`žlutý` => `zluty`); MkDocs uses them unchanged by default.
#[test]
fn python_markdown_toc() {
    for (text, expected) in [
        ("This is code.", "this-is-code"),
        ("Header 2", "header-2"),
        ("žlutý kůň", "zluty-kun"),
        ("Change & release", "change-release"),
        ("  Spaced -- out  ", "spaced-out"),
        ("日本語", "_1"),
    ] {
        assert_eq!(ids(SlugStyle::Mkdocs, &[text]), [expected], "{text}");
    }
    assert_eq!(
        ids(
            SlugStyle::Mkdocs,
            &["Header", "Header", "Header", "Header_1"]
        ),
        ["header", "header_1", "header_2", "header_3"]
    );
    // An explicit id (attr_list) is taken before the automatic ones.
    assert_eq!(
        anchors(SlugStyle::Mkdocs, "# Intro {#header}\n# Header\n"),
        ["header", "header_1"]
    );
}

/// kramdown's own test case `test/testcases/block/04_header/with_auto_ids`
/// (MIT), parsed here as kramdown reads it: ids from the heading as written
/// (`basic_generate_id`), "section" when nothing is left, duplicates
/// numbered per base. Left out: its IAL case (`{: id=""}`, not read here)
/// and its transliteration case (an option that is off by default).
#[test]
fn kramdown_with_auto_ids() {
    let page = "\
# This is a header

## 12. Another one-1-here

### Do ^& it now

Hallo
=====

Not now
-------

# Hallo

# 23232

# 33333

## hallO
";
    assert_eq!(
        anchors(SlugStyle::Kramdown, page),
        [
            "this-is-a-header",
            "another-one-1-here",
            "do--it-now",
            "hallo",
            "not-now",
            "hallo-1",
            "section",
            "section-1",
            "hallo-2",
        ]
    );
    // `raw_text` is the Markdown as written, and closing `#`s need no space
    // before them (kramdown's `parse_atx_header`); duplicates are numbered
    // per base with no check against other ids (`generate_id`).
    assert_eq!(
        anchors(
            SlugStyle::Kramdown,
            "## [Link](http://x.io) *it* ##\n## C#\n## A\n## A 1\n## A\n## Id {#own}\n"
        ),
        ["linkhttpxio-it", "c", "a", "a-1", "a-1", "own"]
    );
}

/// kramdown-parser-gfm's `test/testcases/header_ids` (MIT), the ids a
/// default Jekyll or GitHub Pages site makes (both set `input: GFM`). Left
/// out: `with $$m=5$$` (math, which is not parsed here; its id would be the
/// same, `with-m5`).
#[test]
fn kramdown_gfm_header_ids() {
    let page = "\
### test {#myid}

### variable_name

### abc def öúß

### 192 abc 192

### ;.;;

### variable_name

### variable_name

### ;;

### before \tafter tab

### with `code`

### with &nbsp;&auml;&nbsp;space

### With \"smart\" quotes

### with --- << typographic >> ... symbols
";
    assert_eq!(
        anchors(SlugStyle::KramdownGfm, page),
        [
            "myid",
            "variable_name",
            "abc-def-öúß",
            "192-abc-192",
            // No id at all on the page; an empty base is still counted.
            "",
            "variable_name-1",
            "variable_name-2",
            "-1",
            "before--after-tab",
            "with-code",
            "with-äspace",
            "with-smart-quotes",
            "with--typographic--symbols",
        ]
    );
    // Dashes in code are not typographic; images give no text (kramdown-
    // parser-gfm's `update_raw_text` reads text, code and entities only).
    assert_eq!(
        anchors(
            SlugStyle::KramdownGfm,
            "## The --force flag\n## The `--force` flag\n## ![alt](i.png) Title\n"
        ),
        ["the-force-flag", "the---force-flag", "-title"]
    );
}

/// markdig makes a heading's id from the heading rendered with HTML off
/// (`AutoIdentifierExtension`'s strip renderer, `EnableHtmlForInline =
/// false`), and its `LinkInlineRenderer` writes an image's children, the
/// alt text, even then: on Learn an image's alt text is part of the id.
/// markdig has no spec example of it; the case is read from those two files.
#[test]
fn markdig_ids_keep_image_alt_text() {
    let page = "## ![Azure logo](media/azure.png) Azure setup\n## Setup ![](media/x.png)\n";
    assert_eq!(
        anchors(SlugStyle::MicrosoftLearn, page),
        ["azure-logo-azure-setup", "setup-"]
    );
    // The heading's own text (what prose rules read) still leaves it out.
    let doc = parse(page.to_string(), SlugStyle::MicrosoftLearn);
    assert_eq!(doc.headings[0].text, "Azure setup");
    assert_eq!(anchors(SlugStyle::Github, page), ["-azure-setup", "setup-"]);
}
