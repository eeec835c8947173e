//! The document model: what the parser extracts from one Markdown file, and
//! the only thing rules look at. Every span is a byte range into the original
//! file (BOM and front matter included).

use std::ops::Range;

use compact_str::CompactString;

use crate::source::{LineIndex, Position, SourceFile};

pub type Span = Range<usize>;

/// One parsed Markdown file.
#[derive(Debug)]
pub struct Document {
    pub source: String,
    /// Built on first use: most files have no finding and never need it.
    pub(crate) lines: std::sync::OnceLock<LineIndex>,
    pub front_matter: Option<FrontMatter>,
    pub headings: Vec<Heading>,
    /// Every id a link fragment may point at: heading slugs and explicit anchors.
    pub anchors: Vec<Anchor>,
    pub links: Vec<Link>,
    pub tables: Vec<Table>,
    /// Paragraphs, list items and headings; their rendered text is in
    /// `prose_text` (see [`Document::prose_text`]).
    pub prose: Vec<Prose>,
    /// The rendered text of every prose block in the order of `prose`, each
    /// followed by a line break: one buffer for all of them, so parsing
    /// makes no allocation per paragraph.
    pub(crate) prose_text: String,
    pub(crate) prose_segments: Vec<Segment>,
    /// HTML comments (`<!-- ... -->`), for suppressions and test expectations.
    pub comments: Vec<Comment>,
    /// The page pulls in other files (`[!INCLUDE [title](file.md)]`), whose
    /// headings it shows but whose text it does not hold.
    pub has_includes: bool,
}

impl Document {
    /// A parsed file: its source, front matter and the lists the parser filled.
    pub(crate) fn new(
        source: String,
        front_matter: Option<FrontMatter>,
        lists: ModelLists,
        has_includes: bool,
    ) -> Document {
        let ModelLists {
            headings,
            anchors,
            links,
            tables,
            prose,
            prose_text,
            prose_segments,
            comments,
        } = lists;
        Document {
            source,
            lines: std::sync::OnceLock::new(),
            front_matter,
            headings,
            anchors,
            links,
            tables,
            prose,
            prose_text,
            prose_segments,
            comments,
            has_includes,
        }
    }

    /// The text and its line index, for a report that outlives the model.
    pub fn into_source(self) -> SourceFile {
        SourceFile::with_lines(self.source, self.lines)
    }

    /// Where each line starts, for positions and line-based suppressions.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.source))
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines().position(&self.source, offset)
    }

    pub fn text(&self, span: &Span) -> &str {
        self.source.get(span.clone()).unwrap_or("")
    }

    /// The rendered text of a prose block of this document.
    pub fn prose_text(&self, block: &Prose) -> TextView<'_> {
        TextView {
            text: self.prose_text.get(block.text.clone()).unwrap_or(""),
            segments: self
                .prose_segments
                .get(block.segments.clone())
                .unwrap_or(&[]),
        }
    }
}

/// The lists a [`Document`] is built in, filled by the parser as events come.
#[derive(Default)]
pub(crate) struct ModelLists {
    pub headings: Vec<Heading>,
    pub anchors: Vec<Anchor>,
    pub links: Vec<Link>,
    pub tables: Vec<Table>,
    pub prose: Vec<Prose>,
    pub prose_text: String,
    pub prose_segments: Vec<Segment>,
    pub comments: Vec<Comment>,
}

/// The YAML block between `---` lines at the top of the file.
#[derive(Debug)]
pub struct FrontMatter {
    /// The whole block, delimiters included.
    pub span: Span,
    pub entries: Vec<FrontMatterEntry>,
    /// Set when the YAML does not parse; `entries` is then empty.
    pub error: Option<String>,
}

impl FrontMatter {
    pub fn get(&self, key: &str) -> Option<&FrontMatterEntry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

/// One top-level key of the front matter.
#[derive(Debug, PartialEq)]
pub struct FrontMatterEntry {
    /// Keys and most values are short: kept inline, not allocated.
    pub key: CompactString,
    /// From the key's first character to the end of its value (all its lines).
    pub span: Span,
    pub key_span: Span,
    /// The value as YAML parsed it: empty when null, blank, `[]` or `{}`.
    pub is_empty: bool,
    /// Scalar values as text; lists joined with ", ".
    pub value: CompactString,
}

#[derive(Debug)]
pub struct Heading {
    pub level: u8,
    /// Plain text, as the slug is made from it (code and link text kept, image alt dropped).
    pub text: CompactString,
    pub span: Span,
    /// The id a link reaches this heading by: `{#id}` when given, else the slug.
    pub anchor: CompactString,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorKind {
    Heading,
    /// `<a name="x">`, `id="x"` on any HTML element, or a `{#x}` heading attribute.
    Explicit,
}

#[derive(Debug)]
pub struct Anchor {
    pub id: CompactString,
    pub span: Span,
    pub kind: AnchorKind,
}

#[derive(Debug)]
pub struct Link {
    /// The destination when it is not written as it is inside the link
    /// (escapes or entities in it, or a reference link's definition
    /// elsewhere); `None` when it is the source at `target_span`, as for
    /// most links: a page's URLs are not copied (see [`Link::target`]).
    pub(crate) resolved: Option<CompactString>,
    /// The whole link, `[text](target)`.
    pub span: Span,
    /// Where the destination is written, when it can be found in the source
    /// (inline links); the whole link otherwise.
    pub target_span: Span,
    pub is_image: bool,
    pub form: LinkForm,
}

/// How a link is written, which decides where its target is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkForm {
    /// `[text](target)` or `<https://...>`: the target is written in the link.
    Inline,
    /// `[text][label]`: the target is its definition's, checked there (once,
    /// however many links use it, and where a fix can rewrite it).
    Reference,
    /// `[label]: target`, checked whether a link uses it or not.
    Definition,
    /// `<a href="target">` in HTML.
    Html,
}

impl Link {
    /// Whether the target is checked at this link: a reference link's is
    /// checked at its definition.
    pub fn is_checked_here(&self) -> bool {
        self.form != LinkForm::Reference
    }

    /// The destination as written (reference links resolved to their
    /// definition), read from `doc`, the document that holds the link.
    pub fn target<'d>(&'d self, doc: &'d Document) -> &'d str {
        match &self.resolved {
            Some(target) => target,
            None => doc.text(&self.target_span),
        }
    }

    /// The fragment after `#`, undecoded, if the target has one.
    pub fn fragment<'d>(&'d self, doc: &'d Document) -> Option<&'d str> {
        let target = self.target(doc);
        let at = memchr::memchr(b'#', target.as_bytes())?;
        Some(&target[at + 1..])
    }

    /// The part before `#` and `?`: a path, a URL, or empty for an in-page link.
    pub fn path<'d>(&'d self, doc: &'d Document) -> &'d str {
        let target = self.target(doc);
        let end = memchr::memchr2(b'#', b'?', target.as_bytes()).unwrap_or(target.len());
        &target[..end]
    }
}

/// A GFM pipe table.
#[derive(Debug)]
pub struct Table {
    pub span: Span,
    pub header: Vec<Cell>,
    pub rows: Vec<Row>,
    /// How many cells the header row has in the source (the table's width).
    pub columns: usize,
}

impl Table {
    /// The header text of column `index`, or `column N` when it has none.
    pub fn column_name(&self, index: usize) -> String {
        match self.header.get(index).map(|c| c.text.text.trim()) {
            Some(name) if !name.is_empty() => name.to_string(),
            _ => format!("column {}", index + 1),
        }
    }
}

#[derive(Debug)]
pub struct Row {
    pub span: Span,
    pub cells: Vec<Cell>,
    /// Cells written in the source; GFM pads short rows and drops extra cells.
    pub source_cells: usize,
}

impl Row {
    /// What names this row in messages: its first cell's text.
    pub fn name(&self) -> Option<&str> {
        self.cells
            .first()
            .map(|c| c.text.text.trim())
            .filter(|t| !t.is_empty())
    }
}

#[derive(Debug)]
pub struct Cell {
    /// The cell's content, trimmed; for an empty cell, the space between its pipes.
    pub span: Span,
    pub text: TextRun,
    /// Only white space, `&nbsp;` or `<br>` between the pipes.
    pub is_empty: bool,
    /// Not written in the source: the row was shorter than the header.
    pub is_missing: bool,
    pub has_link: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProseKind {
    Paragraph,
    ListItem,
    Heading,
}

/// A block of running text outside tables. Its text is kept by the
/// document: [`Document::prose_text`].
#[derive(Debug)]
pub struct Prose {
    pub kind: ProseKind,
    pub span: Span,
    /// Where the text is in the document's prose buffer.
    pub(crate) text: Range<usize>,
    pub(crate) segments: Range<usize>,
}

#[derive(Debug)]
pub struct Comment {
    /// The text between `<!--` and `-->`, trimmed.
    pub body: String,
    pub span: Span,
}

/// Rendered text with a map back to the source, so a match in the text can
/// be reported at its exact place in the file. Owned: a cell's text.
#[derive(Debug, Default, Clone)]
pub struct TextRun {
    pub text: CompactString,
    segments: smallvec::SmallVec<[Segment; 2]>,
}

/// A piece of rendered text and where it is written.
#[derive(Debug, Clone)]
pub(crate) struct Segment {
    /// Where the piece starts in its own text (not in a shared buffer).
    text_start: usize,
    source: Span,
    code: bool,
}

/// Rendered text borrowed from where it is kept (a cell's [`TextRun`], or
/// a document's prose buffer), with its map back to the source.
#[derive(Debug, Clone, Copy)]
pub struct TextView<'a> {
    pub text: &'a str,
    segments: &'a [Segment],
}

impl TextRun {
    pub fn view(&self) -> TextView<'_> {
        TextView {
            text: &self.text,
            segments: &self.segments,
        }
    }

    /// See [`TextView::pieces`].
    pub fn pieces(&self) -> impl Iterator<Item = (&str, Span, bool)> + '_ {
        self.view().pieces()
    }
}

/// The text of an element still being parsed, growing as its pieces come:
/// a plain buffer, as it is written to far more often than it is kept.
/// What the model keeps is copied out of it ([`TextBuf::to_run`],
/// [`TextBuf::append_to`]).
#[derive(Debug, Default)]
pub(crate) struct TextBuf {
    pub(crate) text: String,
    segments: Vec<Segment>,
}

impl TextBuf {
    pub(crate) fn push(&mut self, text: &str, source: Span, code: bool) {
        if text.is_empty() {
            return;
        }
        self.segments.push(Segment {
            text_start: self.text.len(),
            source,
            code,
        });
        self.text.push_str(text);
    }

    /// Where the last piece of the text ends in the source.
    pub(crate) fn source_end(&self) -> Option<usize> {
        self.segments.last().map(|s| s.source.end)
    }

    /// The text as the model keeps it, with no spare capacity.
    pub(crate) fn to_run(&self) -> TextRun {
        TextRun {
            text: self.text.as_str().into(),
            segments: self.segments.iter().cloned().collect(),
        }
    }

    /// Appends the text to `text` and its pieces to `segments`: the ranges
    /// of both where they now are.
    pub(crate) fn append_to(
        &self,
        text: &mut String,
        segments: &mut Vec<Segment>,
    ) -> (Range<usize>, Range<usize>) {
        let (at, first) = (text.len(), segments.len());
        text.push_str(&self.text);
        segments.extend_from_slice(&self.segments);
        (at..text.len(), first..segments.len())
    }

    /// See [`TextView::pieces`].
    pub(crate) fn pieces(&self) -> impl Iterator<Item = (&str, Span, bool)> + '_ {
        TextView {
            text: &self.text,
            segments: &self.segments,
        }
        .pieces()
    }
}

impl<'a> TextView<'a> {
    /// The pieces the text was built from: `(text, source span, is code)`.
    pub fn pieces(self) -> impl Iterator<Item = (&'a str, Span, bool)> + 'a {
        self.segments.iter().enumerate().map(move |(i, seg)| {
            (
                &self.text[seg.text_start..self.segment_end(i)],
                seg.source.clone(),
                seg.code,
            )
        })
    }

    /// Whether any of `range` (in the text) is inline code.
    pub fn touches_code(self, range: &Range<usize>) -> bool {
        self.segments.iter().enumerate().any(|(i, seg)| {
            let end = self.segment_end(i);
            seg.code && seg.text_start < range.end && range.start < end
        })
    }

    /// The source span of a byte range of the text.
    pub fn source_span(self, range: Range<usize>) -> Span {
        let start = self.source_offset(range.start, false);
        let end = self.source_offset(range.end, true);
        start..end.max(start)
    }

    fn segment_end(self, i: usize) -> usize {
        self.segments
            .get(i + 1)
            .map_or(self.text.len(), |s| s.text_start)
    }

    fn source_offset(self, at: usize, is_end: bool) -> usize {
        let Some(i) = self.segments.iter().rposition(|s| {
            if is_end {
                s.text_start < at
            } else {
                s.text_start <= at
            }
        }) else {
            return self.segments.first().map_or(0, |s| s.source.start);
        };
        let seg = &self.segments[i];
        let len = self.segment_end(i) - seg.text_start;
        let into = at - seg.text_start;
        if seg.source.len() == len {
            seg.source.start + into
        } else if is_end {
            // Escapes or entities: the text and the source differ in length,
            // so the best exact answer is the whole segment.
            seg.source.end
        } else {
            seg.source.start
        }
    }
}
