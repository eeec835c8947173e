use std::path::{Path, PathBuf};

use super::broken_anchor::percent_decoded;
use super::{Context, Rule};
use crate::disk::Finder;
use crate::finding::Finding;
use crate::model::{Document, Link};
use crate::paths::{absolute, push_normalised};
use crate::pipeline::walk::is_markdown;

/// A relative link to a file that does not exist, or to an anchor that file lacks.
pub struct BrokenLink;

impl Rule for BrokenLink {
    fn id(&self) -> &'static str {
        "broken-link"
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let mut resolver = Resolver::new(cx.path, cx.settings.site_root.as_deref());
        let mut finder = cx.workspace.disk.finder();
        for link in &doc.links {
            if let Some(finding) = self.check_link(doc, link, cx, &mut resolver, &mut finder) {
                out.push(finding);
            }
        }
    }
}

impl BrokenLink {
    fn check_link(
        &self,
        doc: &Document,
        link: &Link,
        cx: &Context<'_>,
        resolver: &mut Resolver<'_>,
        finder: &mut Finder<'_>,
    ) -> Option<Finding> {
        let written = link.path(doc).trim();
        let path = resolver.resolve(written)?;
        let disk = &cx.workspace.disk;
        let Some(found) = finder.find(path) else {
            let mut finding = Finding::new(
                self.id(),
                link.target_span.clone(),
                format!("no file \"{written}\""),
            );
            if let Some(name) = disk.same_but_case(path) {
                finding = finding.with_help(format!(
                    "\"{}\" exists; links are case-sensitive on most web servers",
                    with_file_name(written, &name)
                ));
            }
            return Some(finding);
        };
        let fragment = percent_decoded(link.fragment(doc)?);
        let found = found.path(path);
        // `#tab/name` selects a tab of Microsoft Learn's tabbed content.
        if fragment.is_empty() || fragment.starts_with("tab/") || !is_markdown(&found) {
            return None;
        }
        let anchors = cx.workspace.anchors(&found, cx.settings.slug_style)?;
        // Headings of included files are the page's too, but not in its source.
        if anchors.has(&fragment) || anchors.has_includes {
            return None;
        }
        Some(Finding::new(
            self.id(),
            link.target_span.clone(),
            format!("no anchor \"#{fragment}\" in \"{written}\""),
        ))
    }
}

/// Link paths to the files they name, absolute and normalised, one file's
/// links after another in one buffer. The folders they are relative to are
/// worked out once per file, when a link first needs them.
struct Resolver<'a> {
    /// The checked file, as named.
    file: &'a Path,
    site_root: Option<&'a Path>,
    /// The checked file's folder, absolute.
    dir: Option<PathBuf>,
    /// The site root, absolute, if one is set.
    root: Option<Option<PathBuf>>,
    path: PathBuf,
}

impl<'a> Resolver<'a> {
    fn new(file: &'a Path, site_root: Option<&'a Path>) -> Self {
        Resolver {
            file,
            site_root,
            dir: None,
            root: None,
            path: PathBuf::new(),
        }
    }

    /// The file a link's path names, or `None` for links this rule does not
    /// check: in-page, URLs and other schemes (`https:`, `mailto:`, `xref:`),
    /// and root-relative paths when no site root is set.
    fn resolve(&mut self, written: &str) -> Option<&Path> {
        if written.is_empty() || written.starts_with("//") || has_scheme(written) {
            return None;
        }
        let decoded = percent_decoded(written);
        let rooted = decoded
            .strip_prefix("~/")
            .or_else(|| decoded.strip_prefix('/'));
        let (base, rest) = match rooted {
            Some(rest) => {
                let site_root = self.site_root;
                let root = self.root.get_or_insert_with(|| site_root.map(absolute));
                (root.as_ref()?, rest)
            }
            None => {
                let file = self.file;
                let dir = self
                    .dir
                    .get_or_insert_with(|| absolute(file.parent().unwrap_or(Path::new(""))));
                (&*dir, decoded.as_ref())
            }
        };
        self.path.clone_from(base);
        push_normalised(&mut self.path, rest);
        Some(&self.path)
    }
}

/// The link as written, with its last segment replaced by `name`.
fn with_file_name(written: &str, name: &str) -> String {
    let dir = written.trim_end_matches('/');
    match dir.rfind('/') {
        Some(at) => format!("{}{name}", &dir[..=at]),
        None => name.to_string(),
    }
}

/// `scheme:` as URLs start (`https:`, `mailto:`, `xref:`), not a Windows drive letter.
fn has_scheme(target: &str) -> bool {
    let Some(colon) = memchr::memchr(b':', target.as_bytes()) else {
        return false;
    };
    let scheme = &target.as_bytes()[..colon];
    scheme.len() > 1
        && scheme[0].is_ascii_alphabetic()
        && scheme
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::{has_scheme, with_file_name};

    #[test]
    fn the_real_name_replaces_the_last_segment() {
        assert_eq!(
            with_file_name("../media/Foo.png", "foo.png"),
            "../media/foo.png"
        );
        assert_eq!(with_file_name("Target.md", "target.md"), "target.md");
        assert_eq!(with_file_name("../Setup/", "setup"), "../setup");
    }

    #[test]
    fn schemes_are_not_paths() {
        for url in [
            "https://x",
            "mailto:a@b",
            "xref:System.String",
            "ms-windows-store://x",
        ] {
            assert!(has_scheme(url), "{url}");
        }
        for path in ["a.md", "C:/x.md", "../a:b.md", "setup/overview?view=o365"] {
            assert!(!has_scheme(path), "{path}");
        }
    }

    /// The scheme test as first written: split at the first `:`, then check.
    fn has_scheme_by_splitting(target: &str) -> bool {
        let Some((scheme, _)) = target.split_once(':') else {
            return false;
        };
        scheme.len() > 1
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    }

    proptest::proptest! {
        #[test]
        fn schemes_are_read_in_one_pass_as_by_splitting(target in "[aZ0+.:/é_-]{0,8}") {
            proptest::prop_assert_eq!(has_scheme(&target), has_scheme_by_splitting(&target));
        }
    }
}
