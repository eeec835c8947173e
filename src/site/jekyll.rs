//! What a Jekyll site's `_config.yml` says of its pages' addresses: which
//! files it publishes, and whether a page's address is a folder (`a/b/`
//! for `a/b.md`, with `permalink: pretty` or a pattern ending in `/`),
//! from which a browser resolves the page's relative links.

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use yaml_rust2::{Yaml, YamlLoader};

use crate::paths::absolute;

#[derive(Debug)]
struct Collection {
    /// `articles` for the folder `_articles/`.
    name: String,
    /// Its pages are published as folders.
    pretty: bool,
    /// The folder its pages are published under, from the site's root:
    /// its permalink up to the page's own part (`/:path/` gives "", the
    /// default `/:collection/:path` gives "articles/").
    published_under: String,
}

#[derive(Debug, Default)]
pub struct Jekyll {
    /// The `_config.yml` read.
    pub path: PathBuf,
    /// The site's source folder (the config's), absolute.
    dir: PathBuf,
    /// Pages outside collections are published as folders.
    pretty: bool,
    /// Collections Jekyll writes out (`output: true`).
    collections: Vec<Collection>,
    /// `exclude`: files and folders Jekyll does not publish.
    exclude: GlobSet,
    /// Why the file was not read, when it was not: then nothing is known.
    pub error: Option<String>,
}

impl Jekyll {
    /// Reads `config`. Never fails: a file that does not read or parse is
    /// kept with its error.
    pub fn read(config: &Path) -> Jekyll {
        let mut jekyll = Jekyll {
            path: config.to_path_buf(),
            dir: absolute(config.parent().unwrap_or(Path::new(""))),
            ..Jekyll::default()
        };
        let text = std::fs::read_to_string(config).map_err(|e| crate::input::io_reason(&e));
        let yaml = text.and_then(|text| {
            YamlLoader::load_from_str(&text).map_err(|e| format!("not YAML: {e}"))
        });
        let yaml = match yaml {
            Ok(docs) => docs.into_iter().next().unwrap_or(Yaml::Null),
            Err(error) => {
                jekyll.error = Some(error);
                return jekyll;
            }
        };
        jekyll.pretty = is_folder_pattern(&yaml["permalink"]);
        if let Some(collections) = yaml["collections"].as_hash() {
            for (name, settings) in collections {
                let Some(name) = name.as_str() else { continue };
                if settings["output"].as_bool() == Some(true) {
                    let (pretty, permalink) = match &settings["permalink"] {
                        Yaml::String(permalink) => (
                            is_folder_pattern(&settings["permalink"]),
                            permalink.as_str(),
                        ),
                        _ => (jekyll.pretty, "/:collection/:path"),
                    };
                    let permalink = permalink.replace(":collection", name);
                    let published_under = permalink.split(':').next().unwrap_or("");
                    jekyll.collections.push(Collection {
                        name: name.to_string(),
                        pretty,
                        published_under: published_under.trim_start_matches('/').to_string(),
                    });
                }
            }
        }
        jekyll.exclude = excluded(&yaml["exclude"]);
        jekyll
    }

    /// Whether Jekyll publishes `file` as a page whose address is a folder:
    /// not excluded, not in a `_` folder other than a written collection's.
    pub fn publishes_as_folder(&self, file: &Path) -> bool {
        let file = absolute(file);
        let Ok(relative) = file.strip_prefix(&self.dir) else {
            return false;
        };
        if self.exclude.is_match(relative) {
            return false;
        }
        let folders: Vec<&str> = relative
            .parent()
            .into_iter()
            .flat_map(Path::components)
            .filter_map(|c| c.as_os_str().to_str())
            .collect();
        match folders.split_first() {
            // A collection's folder, `_articles/`: written or not, as it says.
            Some((first, rest)) if first.starts_with('_') => {
                !rest.iter().any(|f| f.starts_with('_'))
                    && self
                        .collections
                        .iter()
                        .any(|c| c.pretty && first[1..] == c.name)
            }
            // Jekyll writes no page from any other `_` folder.
            _ => self.pretty && !folders.iter().any(|f| f.starts_with('_')),
        }
    }
}

impl Jekyll {
    /// The other files a link to `path` (absolute) may reach, as addresses
    /// go: a written collection's pages are published under its permalink's
    /// folder, not under `_name/` (with `/:path/`, at the site's root).
    pub fn same_address(&self, path: &Path) -> Vec<PathBuf> {
        let Ok(relative) = path.strip_prefix(&self.dir) else {
            return Vec::new();
        };
        let mut others = Vec::new();
        for collection in &self.collections {
            let folder = format!("_{}", collection.name);
            if let Ok(rest) = relative.strip_prefix(&folder) {
                others.push(self.dir.join(&collection.published_under).join(rest));
            } else if let Ok(rest) = relative.strip_prefix(&collection.published_under) {
                others.push(self.dir.join(&folder).join(rest));
            }
        }
        others
    }
}

/// `permalink: pretty`, or a pattern ending in `/` (`/:path/`).
fn is_folder_pattern(permalink: &Yaml) -> bool {
    permalink
        .as_str()
        .is_some_and(|p| p == "pretty" || p.ends_with('/'))
}

/// `exclude`'s entries, each a name or glob from the site's folder, and
/// everything under it when it is a folder.
fn excluded(list: &Yaml) -> GlobSet {
    let mut set = GlobSetBuilder::new();
    for entry in list.as_vec().into_iter().flatten().filter_map(Yaml::as_str) {
        let entry = entry.trim_start_matches("./").trim_end_matches('/');
        for glob in [entry.to_string(), format!("{entry}/**")] {
            if let Ok(glob) = GlobBuilder::new(&glob).build() {
                set.add(glob);
            }
        }
    }
    set.build().unwrap_or_else(|_| GlobSet::empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(config: &str) -> (tempfile::TempDir, Jekyll) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("_config.yml");
        std::fs::write(&path, config).unwrap();
        let jekyll = Jekyll::read(&path);
        (dir, jekyll)
    }

    #[test]
    fn pretty_permalinks_make_pages_folders_but_not_excluded_or_hidden_files() {
        let (dir, jekyll) = site(
            "permalink: /:path/\nexclude:\n  - docs\n  - Gemfile*\n  - README.md\n\
             collections:\n  articles:\n    output: true\n    permalink: /:path/\n  notes:\n    output: false\n",
        );
        let folder = |file: &str| jekyll.publishes_as_folder(&dir.path().join(file));
        assert!(folder("guide.md"));
        assert!(folder("a/b/guide.md"));
        assert!(folder("_articles/fa/legal.md"), "a written collection");
        assert!(!folder("_notes/x.md"), "a collection not written");
        assert!(!folder("_includes/x.md"));
        assert!(!folder("docs/styleguide.md"), "excluded folder");
        assert!(!folder("README.md"), "excluded file");
        assert!(jekyll.error.is_none());
        // `/:path/`: the collection's pages at the site's root, and back.
        let root = absolute(dir.path());
        assert_eq!(
            jekyll.same_address(&root.join("legal")),
            [root.join("_articles/legal")]
        );
        assert_eq!(
            jekyll.same_address(&root.join("_articles/fa/x")),
            [root.join("fa/x")]
        );
    }

    #[test]
    fn a_collection_without_a_permalink_is_published_under_its_name() {
        let (dir, jekyll) = site("collections:\n  recipes:\n    output: true\n");
        let root = absolute(dir.path());
        assert_eq!(
            jekyll.same_address(&root.join("recipes/soup")),
            [root.join("_recipes/soup")]
        );
        assert!(jekyll.same_address(&root.join("other/soup")).is_empty());
    }

    #[test]
    fn default_permalinks_are_files() {
        for config in [
            "title: x\n",
            "permalink: date\n",
            "permalink: /:categories/:title.html\n",
        ] {
            let (dir, jekyll) = site(config);
            assert!(
                !jekyll.publishes_as_folder(&dir.path().join("guide.md")),
                "{config}"
            );
        }
        let (dir, jekyll) = site("permalink: pretty\n");
        assert!(jekyll.publishes_as_folder(&dir.path().join("guide.md")));
    }

    #[test]
    fn a_config_that_is_not_yaml_is_kept_with_its_error() {
        let (dir, jekyll) = site("permalink: [unclosed\n");
        assert!(jekyll
            .error
            .as_deref()
            .is_some_and(|e| e.starts_with("not YAML")));
        assert!(!jekyll.publishes_as_folder(&dir.path().join("guide.md")));
    }
}
