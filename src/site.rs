//! Which site publishes a file, found from the files around it, and what
//! follows from that: how heading ids are made, how fragments and paths
//! resolve, where page metadata comes from and which keys a page needs.
//!
//! The nearest marker above a file decides: `docfx.json` is Microsoft Learn
//! (DocFX, markdig), `book.toml` an mdBook, `mkdocs.yml` MkDocs,
//! `_config.yml` Jekyll (GitHub Pages); with none, GitHub. A config's `site` key names it instead. Each folder's answer is
//! found once per run and cached, as config discovery is.

mod docfx;
mod jekyll;
mod redirections;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use serde::{Deserialize, Serialize};

use crate::paths::absolute;
use crate::slug::SlugStyle;
use rustc_hash::FxHashMap;

pub use docfx::Docfx;
pub use jekyll::Jekyll;
pub use redirections::Redirections;

/// A Learn repository's JSON (docfx.json, redirection files) as DocFX reads
/// it, with Json.NET, which allows comments and trailing commas
/// (PowerShell-Docs' docfx.json has one).
fn json_net(text: &str) -> Result<serde_json::Value, String> {
    jsonc_parser::parse_to_serde_value(text, &Default::default()).map_err(|e| e.to_string())
}

/// A kind of site that publishes Markdown.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Site {
    /// github.com rendering a repository's Markdown.
    #[default]
    Github,
    /// gitlab.com (or a GitLab server) rendering a repository's Markdown.
    Gitlab,
    /// Microsoft Learn, built by DocFX with markdig.
    Learn,
    /// An mdBook.
    Mdbook,
    /// A MkDocs site (Python-Markdown).
    Mkdocs,
    /// A Jekyll site, as GitHub Pages builds: kramdown with `input: GFM`.
    Jekyll,
}

/// Whether names are told apart by case when they are matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Case {
    Sensitive,
    Insensitive,
}

impl Site {
    pub fn name(self) -> &'static str {
        match self {
            Site::Github => "github",
            Site::Gitlab => "gitlab",
            Site::Learn => "learn",
            Site::Mdbook => "mdbook",
            Site::Mkdocs => "mkdocs",
            Site::Jekyll => "jekyll",
        }
    }

    /// How the site's renderer makes heading ids.
    pub fn slug_style(self) -> SlugStyle {
        match self {
            Site::Github | Site::Gitlab => SlugStyle::Github,
            Site::Learn => SlugStyle::MicrosoftLearn,
            Site::Mdbook => SlugStyle::Mdbook,
            Site::Mkdocs => SlugStyle::Mkdocs,
            Site::Jekyll => SlugStyle::KramdownGfm,
        }
    }

    /// How a link's `#fragment` finds its anchor. A browser matches ids
    /// exactly; GitHub's and Learn's page scripts also find a heading by
    /// the fragment in lower case, so there a case-only mismatch works.
    pub fn anchor_case(self) -> Case {
        match self {
            Site::Github | Site::Learn => Case::Insensitive,
            Site::Gitlab | Site::Mdbook | Site::Mkdocs | Site::Jekyll => Case::Sensitive,
        }
    }

    /// How a link's path finds its file. Learn resolves paths without
    /// regard to case; the others serve files from a case-sensitive store.
    pub fn link_case(self) -> Case {
        match self {
            Site::Learn => Case::Insensitive,
            Site::Github | Site::Gitlab | Site::Mdbook | Site::Mkdocs | Site::Jekyll => {
                Case::Sensitive
            }
        }
    }

    /// Whether the site reads a page's front matter as its metadata (and
    /// so needs some keys of it). GitHub and GitLab show front matter as a
    /// table, mdBook does not read it, MkDocs reads it when present.
    pub fn reads_front_matter(self) -> bool {
        self == Site::Learn
    }

    /// Whether `#fragment` reaches something on this site's pages besides
    /// an element id: `#top` (the top of any HTML page), GitHub's and
    /// GitLab's line links (`#L7`, `#L30-L31`), and Learn's tabs
    /// (`#tab/name`). Tabs are taken on every site: only pages written for
    /// Learn hold a tab group's markup, and a copy of such pages without its
    /// docfx.json (a mirror, an export) is still Learn content.
    pub fn answers_fragment(self, fragment: &str) -> bool {
        if fragment.eq_ignore_ascii_case("top") || fragment.starts_with("tab/") {
            return true;
        }
        match self {
            Site::Github | Site::Gitlab => is_line_link(fragment),
            Site::Learn | Site::Mdbook | Site::Mkdocs | Site::Jekyll => false,
        }
    }
}

/// `L7` or `L30-L31`: a line or lines of a file as GitHub and GitLab show it.
fn is_line_link(fragment: &str) -> bool {
    let line = |part: &str| {
        part.strip_prefix('L')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    match fragment.split_once('-') {
        Some((from, to)) => line(from) && line(to),
        None => line(fragment),
    }
}

/// The site a folder's files belong to, as its files show it.
#[derive(Debug, Default)]
pub struct Detected {
    pub site: Site,
    /// The marker that decided (`docfx.json`, `book.toml`, `mkdocs.yml`,
    /// `_config.yml`);
    /// `None`: no marker above the folder, so GitHub.
    pub marker: Option<PathBuf>,
    /// The Learn site's `docfx.json`, read.
    pub docfx: Option<Arc<Docfx>>,
    /// The Jekyll site's `_config.yml`, read.
    pub jekyll: Option<Arc<Jekyll>>,
}

/// The marker files, in the order they are looked for in each folder.
/// Jekyll reads `_config.yml`, or `_config.yaml` when that is absent.
const MARKERS: [(&str, Site); 5] = [
    ("docfx.json", Site::Learn),
    ("book.toml", Site::Mdbook),
    ("mkdocs.yml", Site::Mkdocs),
    ("_config.yml", Site::Jekyll),
    ("_config.yaml", Site::Jekyll),
];

/// The site of each folder visited, found once (see the module's doc).
#[derive(Debug, Default)]
pub struct Sites {
    /// By folder, as bytes: every file asks, and a `Path` hashes component
    /// by component (a tenth of the settings look-ups' time over the corpus).
    dirs: Mutex<FxHashMap<OsString, Arc<Detected>>>,
}

impl Sites {
    /// The site of the folder `file` is in.
    pub fn of_file(&self, file: &Path) -> Arc<Detected> {
        match absolute(file).parent() {
            Some(dir) => self.of_dir(dir),
            None => Arc::default(),
        }
    }

    /// The site of the folder `dir` (absolute).
    pub fn of_dir(&self, dir: &Path) -> Arc<Detected> {
        if let Some(found) = self.lock().get(dir.as_os_str()) {
            return found.clone();
        }
        let found = match MARKERS.iter().find(|(name, _)| dir.join(name).is_file()) {
            Some(&(name, site)) => {
                let marker = dir.join(name);
                let docfx = (site == Site::Learn).then(|| Arc::new(Docfx::read(&marker)));
                let jekyll = (site == Site::Jekyll).then(|| Arc::new(Jekyll::read(&marker)));
                Arc::new(Detected {
                    site,
                    marker: Some(marker),
                    docfx,
                    jekyll,
                })
            }
            None => match dir.parent() {
                Some(parent) => self.of_dir(parent),
                None => Arc::default(),
            },
        };
        self.lock()
            .insert(dir.as_os_str().to_owned(), found.clone());
        found
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FxHashMap<OsString, Arc<Detected>>> {
        self.dirs.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The site a file is checked as, and how that was decided.
#[derive(Debug, Clone, Default)]
pub struct SiteChoice {
    pub site: Site,
    /// The marker file that decided, when one did.
    pub marker: Option<PathBuf>,
    /// The config file that named the site, when one did (it wins).
    pub named_by: Option<PathBuf>,
    /// The Learn site's `docfx.json`, when the site is Learn and one was found.
    pub docfx: Option<Arc<Docfx>>,
    /// The Jekyll site's `_config.yml`, when the site is Jekyll and one was found.
    pub jekyll: Option<Arc<Jekyll>>,
}

impl SiteChoice {
    /// `site` as detected, or as a config names it over what was detected.
    pub fn new(detected: &Detected, named: Option<(Site, PathBuf)>) -> SiteChoice {
        let (site, named_by) = match named {
            Some((site, config)) => (site, Some(config)),
            None => (detected.site, None),
        };
        SiteChoice {
            site,
            marker: detected.marker.clone(),
            named_by,
            docfx: detected.docfx.clone().filter(|_| site == Site::Learn),
            jekyll: detected.jekyll.clone().filter(|_| site == Site::Jekyll),
        }
    }

    /// Why this site: "docs/docfx.json", "named in itsmlint.toml", or that
    /// no marker was found. For `check --verbose`.
    pub fn reason(&self) -> String {
        match (&self.named_by, &self.marker) {
            (Some(config), _) => format!("named in {}", shown(config)),
            (None, Some(marker)) => format!("found {}", shown(marker)),
            (None, None) => "no docfx.json, book.toml, mkdocs.yml or _config.yml above".into(),
        }
    }

    /// Whether the site publishes `file` as a page, so that it needs the
    /// site's metadata. Not: a repository's own files (README, LICENSE,
    /// CODE_OF_CONDUCT, SECURITY, CONTRIBUTING), files under an `includes`
    /// folder (pulled into pages, never pages themselves), and on Learn
    /// files outside docfx.json's content globs.
    pub fn publishes(&self, file: &Path) -> bool {
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_ascii_uppercase();
        let repository_file = ["README", "CODE_OF_CONDUCT", "SECURITY", "CONTRIBUTING"]
            .contains(&stem.as_str())
            || stem.starts_with("LICENSE");
        let in_includes = file
            .parent()
            .is_some_and(|dir| dir.components().any(|c| c.as_os_str() == "includes"));
        if repository_file || in_includes {
            return false;
        }
        self.docfx
            .as_ref()
            .is_none_or(|docfx| docfx.publishes(&absolute(file)))
    }
}

/// A path as shown in messages: relative to the current folder when inside it.
fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().map(|cwd| absolute(&cwd));
    match cwd
        .as_ref()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok())
    {
        Some(relative) => relative.display().to_string(),
        None => path.display().to_string(),
    }
}

/// What `check --verbose` says: each site chosen, for the folders under it
/// (their common ancestor) and why. `choices` pairs each checked file with
/// its site; one line per distinct choice, in the order first met.
pub fn summary<'a>(choices: impl IntoIterator<Item = (&'a Path, &'a SiteChoice)>) -> Vec<String> {
    let mut groups: Vec<(String, Site, PathBuf)> = Vec::new();
    for (file, choice) in choices {
        let dir = absolute(file)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let reason = choice.reason();
        match groups
            .iter_mut()
            .find(|(r, site, _)| *r == reason && *site == choice.site)
        {
            Some((_, _, common)) => *common = common_ancestor(common, &dir),
            None => groups.push((reason, choice.site, dir)),
        }
    }
    groups
        .into_iter()
        .map(|(reason, site, dir)| {
            let dir = match shown(&dir) {
                d if d.is_empty() => ".".to_string(),
                d => d,
            };
            format!("site: {} for {dir} ({reason})", site.name())
        })
        .collect()
}

/// The site files that did not read (a docfx.json, redirection files, a
/// Jekyll `_config.yml`), each once, for the sites of the files checked:
/// errors to report beside unreadable files.
pub fn problems<'a>(
    choices: impl IntoIterator<Item = &'a SiteChoice>,
) -> Vec<crate::input::FileError> {
    let choices: Vec<&SiteChoice> = choices.into_iter().collect();
    let mut errors = Vec::new();
    let mut seen_configs: Vec<&Arc<Jekyll>> = Vec::new();
    for jekyll in choices.iter().filter_map(|c| c.jekyll.as_ref()) {
        if !seen_configs.iter().any(|s| Arc::ptr_eq(s, jekyll)) {
            seen_configs.push(jekyll);
            if let Some(error) = &jekyll.error {
                errors.push(crate::input::FileError {
                    path: jekyll.path.clone(),
                    message: format!("{error}; its permalinks and exclusions are ignored"),
                });
            }
        }
    }
    let mut seen: Vec<&Arc<Docfx>> = Vec::new();
    for docfx in choices.iter().filter_map(|c| c.docfx.as_ref()) {
        if !seen.iter().any(|s| Arc::ptr_eq(s, docfx)) {
            seen.push(docfx);
            if let Some(error) = &docfx.error {
                errors.push(crate::input::FileError {
                    path: docfx.path.clone(),
                    message: format!(
                        "not read as JSON ({error}); its metadata and content globs are ignored"
                    ),
                });
            }
            errors.extend(docfx.redirections.errors.iter().cloned());
        }
    }
    errors
}

fn common_ancestor(a: &Path, b: &Path) -> PathBuf {
    a.components()
        .zip(b.components())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x)
        .collect()
}

#[cfg(test)]
mod tests;
