//! Markdown text to [`Document`]: one pass over pulldown-cmark's events with
//! source offsets. Rules never parse; they read what this module builds.

mod front_matter;
mod html;
mod links;
mod markdig_pipes;
mod slug_text;
mod table;

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

use compact_str::CompactString;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::model::{
    Anchor, AnchorKind, Cell, Document, Heading, Link, LinkForm, ModelLists, Prose, ProseKind,
    Span, Table, TextBuf,
};
use crate::slug::{heading_as_written, SlugStyle, Slugger};
use crate::source::BOM;
use links::{follows_include, label_key, link_form};
use slug_text::SlugText;

/// The Markdown every page is read as (GFM tables, heading attributes,
/// strikethrough, footnotes, task lists); the benchmark floor reads with it
/// too. Heading attributes only where the site reads them (see [`options`]).
pub const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_HEADING_ATTRIBUTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_TASKLISTS);

/// [`OPTIONS`] as the site that makes ids in `slug_style` reads Markdown:
/// on GitHub, `## Title {#id}` is a heading whose text ends in `{#id}`.
pub fn options(slug_style: SlugStyle) -> Options {
    if slug_style.reads_heading_ids() {
        OPTIONS
    } else {
        OPTIONS.difference(Options::ENABLE_HEADING_ATTRIBUTES)
    }
}

/// Parses one file. Never fails: whatever the text, it is some Markdown.
pub fn parse(source: String, slug_style: SlugStyle) -> Document {
    // pulldown-cmark's metadata blocks miss front matter behind a BOM or
    // with CRLF endings, so the block is found here, and the Markdown after it
    // parsed with every offset shifted back onto the original bytes.
    let read = if slug_style.code_pipes_split_rows() {
        Cow::Borrowed(source.as_str())
    } else {
        markdig_pipes::hide_code_pipes(&source)
    };
    let pipes_hidden = matches!(read, Cow::Owned(_));
    let mut builder = Builder::new(&source, &read, pipes_hidden, slug_style);
    let mut base = if source.starts_with(BOM) {
        BOM.len()
    } else {
        0
    };
    if let Some((block, inner)) = front_matter::locate(&source, base) {
        builder.front_matter = Some(front_matter::parse(&source, block.clone(), inner));
        base = block.end;
    }
    let options = options(slug_style);
    let mut events = Parser::new_ext(&read[base..], options).into_offset_iter();
    let mut definitions: Vec<(String, Span, CompactString)> = events
        .reference_definitions()
        .iter()
        .map(|(label, def)| {
            (
                label_key(label),
                def.span.start + base..def.span.end + base,
                def.dest.as_ref().into(),
            )
        })
        .collect();
    for (event, range) in events.by_ref() {
        builder.event(event, range.start + base..range.end + base);
    }
    // The parser keeps definitions in a hash map: put them in source order.
    definitions.sort_unstable_by_key(|(_, span, _)| span.start);
    for (label, span, dest) in definitions {
        // One no link uses shows nothing on the page: nothing to check.
        if builder.used_labels.contains(&label) {
            builder.definition(span, &dest);
        }
    }
    builder.lists.links.sort_by_key(|link| link.span.start);
    let Builder {
        front_matter,
        lists,
        has_includes,
        ..
    } = builder;
    Document::new(source, front_matter, lists, has_includes)
}

/// An open element that collects rendered text.
struct Open<'a> {
    kind: OpenKind<'a>,
    span: Span,
    text: TextBuf,
    has_link: bool,
}

enum OpenKind<'a> {
    Paragraph,
    Item,
    Heading {
        level: HeadingLevel,
        id: Option<CompactString>,
    },
    Cell,
    Link {
        /// The destination as pulldown-cmark resolved it: most often
        /// borrowed from the source, where the model finds it again.
        dest: CowStr<'a>,
        is_image: bool,
        form: LinkForm,
    },
}

struct Builder<'a> {
    source: &'a str,
    /// `source` as pulldown-cmark reads it: the same bytes, but for pipes
    /// hidden in code spans on a markdig site (see [`markdig_pipes`]).
    read: &'a str,
    /// Whether `read` hides pipes, which text from the parser then shows again.
    pipes_hidden: bool,
    style: SlugStyle,
    slugger: Slugger,
    /// The open heading's text as its site makes ids of it; `None`
    /// outside headings.
    slug_text: Option<SlugText>,
    open: Vec<Open<'a>>,
    table: Option<Table>,
    row: Vec<Cell>,
    /// Open fenced or indented code blocks (nested in list items or quotes).
    code_blocks: usize,
    has_includes: bool,
    /// The labels reference links use, as [`label_key`] gives them.
    used_labels: HashSet<String>,
    front_matter: Option<crate::model::FrontMatter>,
    /// The model's lists, filled as the events come.
    lists: ModelLists,
}

impl<'a> Builder<'a> {
    fn new(source: &'a str, read: &'a str, pipes_hidden: bool, style: SlugStyle) -> Self {
        Builder {
            source,
            read,
            pipes_hidden,
            style,
            slugger: Slugger::new(style),
            slug_text: None,
            open: Vec::new(),
            table: None,
            row: Vec::new(),
            code_blocks: 0,
            has_includes: false,
            used_labels: HashSet::new(),
            front_matter: None,
            lists: ModelLists::default(),
        }
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) => self.push_text(&text, range, false),
            Event::Code(code) => self.push_text(&code, range, true),
            Event::SoftBreak | Event::HardBreak => self.push_text(" ", range, false),
            // Block HTML is read whole at Start(HtmlBlock); its lines are skipped.
            Event::InlineHtml(_) => self.html(range),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'a>, range: Span) {
        let kind = match tag {
            Tag::Paragraph => OpenKind::Paragraph,
            Tag::Item => OpenKind::Item,
            Tag::Heading { level, id, .. } => {
                self.slug_text = Some(SlugText::new(self.style));
                OpenKind::Heading {
                    level,
                    id: id.map(|id| id.as_ref().into()),
                }
            }
            Tag::TableCell => OpenKind::Cell,
            Tag::Link {
                dest_url,
                link_type,
                id,
                ..
            } => {
                self.has_includes |= follows_include(&self.source[..range.start]);
                self.note_label(link_type, &id);
                OpenKind::Link {
                    dest: dest_url,
                    is_image: false,
                    form: link_form(link_type),
                }
            }
            Tag::Image {
                dest_url,
                link_type,
                id,
                ..
            } => {
                self.note_label(link_type, &id);
                OpenKind::Link {
                    dest: dest_url,
                    is_image: true,
                    form: link_form(link_type),
                }
            }
            Tag::Table(alignments) => {
                self.table = Some(Table {
                    span: range,
                    header: Vec::new(),
                    rows: Vec::new(),
                    columns: alignments.len(),
                });
                return;
            }
            Tag::HtmlBlock => {
                self.html(range);
                return;
            }
            Tag::CodeBlock(_) => {
                // The text around a code block in a list item is two
                // stretches of text, not one word.
                if let Some(open) = self.open.last_mut() {
                    if !open.text.text.is_empty() && self.code_blocks == 0 {
                        open.text.push(" ", range.start..range.start, false);
                    }
                }
                self.code_blocks += 1;
                return;
            }
            _ => return,
        };
        let text = TextBuf::default();
        self.open.push(Open {
            kind,
            span: range,
            text,
            has_link: false,
        });
    }

    fn end(&mut self, tag: TagEnd, range: Span) {
        match tag {
            TagEnd::Paragraph
            | TagEnd::Item
            | TagEnd::Heading(_)
            | TagEnd::TableCell
            | TagEnd::Link
            | TagEnd::Image => {
                if let Some(mut open) = self.open.pop() {
                    self.close(&mut open, range);
                }
            }
            TagEnd::TableHead => {
                if let Some(table) = &mut self.table {
                    let next = Vec::with_capacity(table.columns);
                    table.header = std::mem::replace(&mut self.row, next);
                }
            }
            TagEnd::TableRow => self.close_row(range),
            TagEnd::CodeBlock => self.code_blocks = self.code_blocks.saturating_sub(1),
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.lists.tables.push(table);
                }
            }
            _ => {}
        }
    }

    fn close(&mut self, open: &mut Open<'a>, range: Span) {
        let Open {
            kind,
            span,
            text,
            has_link,
        } = open;
        let (span, has_link) = (span.clone(), *has_link);
        match kind {
            OpenKind::Paragraph | OpenKind::Item => {
                // Not all white space (`trim_start` stops at the first other character).
                if !text.text.trim_start().is_empty() {
                    let kind = match kind {
                        OpenKind::Item => ProseKind::ListItem,
                        _ => ProseKind::Paragraph,
                    };
                    self.push_prose(kind, span, text);
                }
            }
            OpenKind::Heading { level, id } => {
                let (level, id) = (*level, id.take());
                self.close_heading(level, id, span, text);
            }
            OpenKind::Cell => self.close_cell(range, has_link, text),
            OpenKind::Link {
                dest,
                is_image,
                form,
            } => {
                let (is_image, form) = (*is_image, *form);
                let (resolved, target_span) = match self.written_target(&span, text, dest) {
                    Some(at) => (None, at),
                    None => (Some(dest.as_ref().into()), span.clone()),
                };
                if !is_image {
                    // Link text belongs to the text around it too.
                    if let Some(parent) = self.open.last_mut() {
                        parent.has_link = true;
                        for (piece, source, code) in text.pieces() {
                            parent.text.push(piece, source, code);
                        }
                    }
                }
                self.lists.links.push(Link {
                    resolved,
                    span,
                    target_span,
                    is_image,
                    form,
                });
            }
        }
    }

    fn close_heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CompactString>,
        span: Span,
        text: &mut TextBuf,
    ) {
        let plain = CompactString::from(text.text.trim());
        let slug_text = self.slug_text.take().map(SlugText::finish);
        let anchor = match id {
            Some(id) => {
                self.slugger.reserve(&id);
                self.lists.anchors.push(Anchor {
                    id: id.clone(),
                    span: span.clone(),
                    kind: AnchorKind::Explicit,
                });
                id
            }
            None => {
                // As the parser left it: a space before a trailing comment stays.
                let slug = if self.style.slugs_source() {
                    self.slugger
                        .slug(heading_as_written(&self.source[span.clone()]))
                } else {
                    self.slugger
                        .slug(slug_text.as_deref().unwrap_or(&text.text))
                };
                self.lists.anchors.push(Anchor {
                    id: slug.clone(),
                    span: span.clone(),
                    kind: AnchorKind::Heading,
                });
                slug
            }
        };
        self.lists.headings.push(Heading {
            level: level as u8,
            text: plain,
            span: span.clone(),
            anchor,
        });
        self.push_prose(ProseKind::Heading, span, text);
    }

    fn push_prose(&mut self, kind: ProseKind, span: Span, text: &TextBuf) {
        let (text, segments) =
            text.append_to(&mut self.lists.prose_text, &mut self.lists.prose_segments);
        // The line break keeps blocks apart for searches over all of them.
        self.lists.prose_text.push('\n');
        self.lists.prose.push(Prose {
            kind,
            span,
            text,
            segments,
        });
    }

    fn push_text(&mut self, text: &str, range: Span, code: bool) {
        // A code block in a list item is code, not the item's text.
        if self.code_blocks > 0 {
            return;
        }
        let text = match self.pipes_hidden {
            true => markdig_pipes::restore(text),
            false => Cow::Borrowed(text),
        };
        let text = text.as_ref();
        // Image alt text is not part of the text around the image.
        let in_image = self
            .open
            .last()
            .is_some_and(|open| matches!(open.kind, OpenKind::Link { is_image: true, .. }));
        if let Some(slug_text) = &mut self.slug_text {
            slug_text.push(text, code, in_image);
        }
        if let Some(open) = self.open.last_mut() {
            if !in_image {
                open.text.push(text, range, code);
            }
        }
    }

    fn html(&mut self, range: Span) {
        let html = &self.source[range.clone()];
        // Most HTML in Markdown is a tag with no attribute (`<br>`, `</sup>`):
        // no id or href (which need an `=`) and no comment (which needs `<!`).
        if memchr::memchr2(b'=', b'!', html.as_bytes()).is_none() {
            return;
        }
        for (id, span) in html::anchor_ids(html) {
            self.lists.anchors.push(Anchor {
                id,
                span: range.start + span.start..range.start + span.end,
                kind: AnchorKind::Explicit,
            });
        }
        for (target, tag) in html::hrefs(html) {
            self.lists.links.push(Link {
                // Entities stay as written: they turn up in query strings, which are not checked.
                resolved: None,
                span: range.start + tag.start..range.start + tag.end,
                target_span: range.start + target.start..range.start + target.end,
                is_image: false,
                form: LinkForm::Html,
            });
        }
        for (body, span) in html::comments(html) {
            self.lists.comments.push(crate::model::Comment {
                body,
                span: range.start + span.start..range.start + span.end,
            });
        }
    }
}

#[cfg(test)]
mod tests;
