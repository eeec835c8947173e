//! The text a heading's id is made of, which is not always the heading's
//! text: some renderers read an image's alt text or typographic symbols
//! that the heading's text (what prose rules read) leaves as it is.

use crate::slug::{typographic_text, SlugStyle};

/// An open heading's text as its site's renderer makes an id of it.
pub(super) struct SlugText {
    style: SlugStyle,
    text: String,
    /// Where the prose not yet read for typographic symbols starts: the
    /// parser splits prose into pieces (`<` is a piece of its own), and a
    /// symbol may span two of them.
    prose_from: usize,
}

impl SlugText {
    pub(super) fn new(style: SlugStyle) -> SlugText {
        SlugText {
            style,
            text: String::new(),
            prose_from: 0,
        }
    }

    /// A piece of the heading's text: `code` when a code span's, `in_image`
    /// when an image's alt text.
    pub(super) fn push(&mut self, piece: &str, code: bool, in_image: bool) {
        if in_image && !self.style.slugs_image_alt() {
            return;
        }
        if code {
            self.read_prose();
            self.text.push_str(piece);
            self.prose_from = self.text.len();
        } else {
            self.text.push_str(piece);
        }
    }

    pub(super) fn finish(mut self) -> String {
        self.read_prose();
        self.text
    }

    /// The prose since the last code span, with typographic symbols read
    /// where the renderer reads them.
    fn read_prose(&mut self) {
        if self.style.slugs_typographic() && self.prose_from < self.text.len() {
            let prose = self.text.split_off(self.prose_from);
            typographic_text(&prose, &mut self.text);
        }
    }
}
