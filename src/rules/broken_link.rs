use std::path::{Component, Path, PathBuf};

use super::broken_anchor::percent_decoded;
use super::{Context, Rule};
use crate::finding::Finding;
use crate::model::{Document, Link};
use crate::paths::{absolute, push_normalised};
use crate::pipeline::walk::is_markdown;
use crate::rules::links::disk::Disk;
use crate::site::{Case, Site};

/// A relative link to a file that does not exist, or to an anchor that file lacks.
pub struct BrokenLink;

impl Rule for BrokenLink {
    fn id(&self) -> &'static str {
        "broken-link"
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let mut resolver = Resolver::new(cx.path, cx.settings.site_root.as_deref());
        resolver.page_is_a_folder = (cx.settings.site.jekyll.as_ref())
            .is_some_and(|jekyll| jekyll.publishes_as_folder(cx.path));
        for link in doc.links.iter().filter(|l| l.is_checked_here()) {
            if let Some(finding) = self.check_link(doc, link, cx, &mut resolver) {
                out.push(finding);
            }
        }
    }
}

impl BrokenLink {
    /// A finding on the link's target, where a fix would be written.
    fn at(&self, link: &Link, message: String) -> Finding {
        Finding::new(self.id(), link.target_span.clone(), message)
    }

    fn check_link(
        &self,
        doc: &Document,
        link: &Link,
        cx: &Context<'_>,
        resolver: &mut Resolver<'_>,
    ) -> Option<Finding> {
        let written = link.path(doc).trim();
        let path = resolver.resolve(written)?;
        let disk = &cx.workspace.disk;
        let site = cx.settings.site.site;
        let found = match disk.find(path) {
            Some(found) => found.path(path),
            None => match mdbook_page(site, disk, path).or_else(|| jekyll_page(cx, disk, path)) {
                Some(page) => page,
                None => return Some(self.missing(written, path, cx, link)),
            },
        };
        let fragment = percent_decoded(link.fragment(doc)?);
        if fragment.is_empty() || site.answers_fragment(&fragment) || !is_markdown(&found) {
            return None;
        }
        let anchors = cx.workspace.anchors(&found, cx.settings.slug_style)?;
        // Headings of included files are the page's too, but not in its source.
        if anchors.has(&fragment, cx.settings.anchor_case) || anchors.has_includes {
            return None;
        }
        Some(self.at(link, format!("no anchor \"#{fragment}\" in \"{written}\"")))
    }

    /// A link to no file. A page that is gone but that the Learn site
    /// redirects (its repository's redirection files name it) works when
    /// published, through one more hop: a warning, with where to point.
    /// Where a file's name differs only in case (of the file or of any
    /// folder on the way), a site that resolves paths without regard to
    /// case (Learn) still finds it: a warning there, to spell it as it is.
    /// Elsewhere the link is broken.
    fn missing(&self, written: &str, path: &Path, cx: &Context<'_>, link: &Link) -> Finding {
        let redirect = cx.settings.site.docfx.as_ref();
        if let Some(target) = redirect.and_then(|docfx| docfx.redirections.target(path)) {
            let message = format!("\"{written}\" is gone; the site redirects it to {target}");
            let help =
                "link to the page it redirects to: a redirect is one more hop, and may be removed";
            return self.at(link, message).with_help(help).as_warning();
        }
        let respelled =
            same_but_case(&cx.workspace.disk, path).map(|real| respelled(written, &real));
        match (respelled, cx.settings.link_case) {
            (Some(real), Case::Insensitive) => {
                let message = format!("\"{written}\" is \"{real}\" in another case");
                self.at(link, message)
                    .with_help("the site finds it whatever the case; spell it as it is for a local preview or another host")
                    .as_warning()
            }
            (real, _) => {
                let finding = self.at(link, format!("no file \"{written}\""));
                match real {
                    Some(real) => finding.with_help(format!(
                        "\"{real}\" exists; links are case-sensitive on most web servers"
                    )),
                    None => finding,
                }
            }
        }
    }
}

/// An mdBook links a chapter by the page it becomes: `chapter.html` for
/// `chapter.md`, `index.html` for `README.md` (or `index.md`).
fn mdbook_page(site: Site, disk: &Disk, path: &Path) -> Option<PathBuf> {
    if site != Site::Mdbook || path.extension().is_none_or(|e| e != "html") {
        return None;
    }
    let mut pages = vec![path.with_extension("md")];
    if path.file_name().is_some_and(|name| name == "index.html") {
        pages.push(path.with_file_name("README.md"));
    }
    pages.into_iter().find_map(|page| disk.existing(&page))
}

/// A Jekyll collection's page that `path` reaches by address (see
/// [`crate::site::Jekyll::same_address`]).
fn jekyll_page(cx: &Context<'_>, disk: &Disk, path: &Path) -> Option<PathBuf> {
    let jekyll = cx.settings.site.jekyll.as_ref()?;
    jekyll
        .same_address(path)
        .into_iter()
        .find_map(|other| disk.find(&other).map(|found| found.path(&other)))
}

/// The path that exists where `path` (absolute) names it in another case,
/// found name by name: a folder may differ as well as the file.
fn same_but_case(disk: &Disk, path: &Path) -> Option<PathBuf> {
    let mut real = PathBuf::new();
    let names: Vec<Component<'_>> = path.components().collect();
    for (i, component) in names.iter().enumerate() {
        let Component::Normal(name) = component else {
            real.push(component);
            continue;
        };
        let candidate = real.join(name);
        if disk.existing(&candidate).is_some_and(|e| e == candidate) {
            real = candidate;
            continue;
        }
        let mut respelled = disk.same_but_case(&candidate);
        if respelled.is_none() && i + 1 == names.len() && Path::new(name).extension().is_none() {
            // A page's address (`../Setup/Overview`) names `overview.md`.
            let mut md = name.to_os_string();
            md.push(".md");
            respelled = disk.same_but_case(&real.join(md));
        }
        real.push(respelled?);
    }
    Some(real)
}

/// `written` with each name that `real` spells in another case respelled
/// as it is, from the last name back (`..` and `.` stay as written).
fn respelled(written: &str, real: &Path) -> String {
    let mut real_names = real.components().rev().filter_map(|c| match c {
        Component::Normal(name) => name.to_str(),
        _ => None,
    });
    let mut segments: Vec<String> = written.split('/').map(str::to_string).collect();
    for segment in segments.iter_mut().rev() {
        if matches!(segment.as_str(), "" | "." | "..") {
            break;
        }
        let Some(name) = real_names.next() else { break };
        let page = name.strip_suffix(".md").filter(|_| !segment.contains('.'));
        let name = page.unwrap_or(name);
        if name.eq_ignore_ascii_case(segment) || name.to_lowercase() == segment.to_lowercase() {
            *segment = name.to_string();
        }
    }
    segments.join("/")
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
    /// Whether the site publishes the page as a folder (`a/b.md` at
    /// `a/b/`), where a browser resolves a link that is an address, not a
    /// Markdown file, from that folder.
    page_is_a_folder: bool,
    /// The folder the checked page is published as, absolute.
    page_dir: Option<PathBuf>,
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
            page_is_a_folder: false,
            page_dir: None,
            root: None,
            path: PathBuf::new(),
        }
    }

    /// The file a link's path names, or `None` for links this rule does not
    /// check: in-page, URLs and other schemes (`https:`, `mailto:`, `xref:`),
    /// and root-relative paths when no site root is set.
    fn resolve(&mut self, written: &str) -> Option<&Path> {
        if written.is_empty()
            || written.starts_with("//")
            || has_scheme(written)
            || is_email(written)
        {
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
            None if self.page_is_a_folder && !is_markdown(Path::new(decoded.as_ref())) => {
                let file = self.file;
                (
                    &*self.page_dir.get_or_insert_with(|| page_dir(file)),
                    decoded.as_ref(),
                )
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

/// The folder `file` is published as where pages are folders: `a/b.md` at
/// `a/b/`, but `a/index.md` (and `a/README.md`, as GitHub Pages serves it)
/// at `a/`.
fn page_dir(file: &Path) -> PathBuf {
    let dir = absolute(file.parent().unwrap_or(Path::new("")));
    match file.file_stem().and_then(|s| s.to_str()) {
        Some(stem)
            if !stem.eq_ignore_ascii_case("index") && !stem.eq_ignore_ascii_case("readme") =>
        {
            dir.join(stem)
        }
        _ => dir,
    }
}

/// `someone@example.com`: an email autolink (`<someone@example.com>`),
/// whose destination is written without `mailto:`; no file path has an
/// `@` before a dotted name and no folder after it.
fn is_email(target: &str) -> bool {
    target.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && !local.contains('/') && domain.contains('.') && !domain.contains('/')
    })
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
    use super::{has_scheme, is_email, respelled};
    use std::path::Path;

    #[test]
    fn real_names_replace_the_names_written() {
        let real = |p: &str| Path::new(p).to_path_buf();
        assert_eq!(
            respelled("../media/Foo.png", &real("/d/media/foo.png")),
            "../media/foo.png"
        );
        assert_eq!(respelled("Target.md", &real("/d/target.md")), "target.md");
        assert_eq!(
            respelled("../Setup/Overview", &real("/d/setup/overview.md")),
            "../setup/overview"
        );
        assert_eq!(respelled("./A/b/C.md", &real("/d/a/b/c.md")), "./a/b/c.md");
    }

    #[test]
    fn email_autolinks_are_not_paths() {
        assert!(is_email("john@example.com"));
        assert!(!is_email("docs/@types/x.md"));
        assert!(!is_email("a@b"));
        assert!(!is_email("@scope.md"));
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
