//! A Learn site's `docfx.json`: which files it publishes (`build.content`)
//! and which metadata it gives them besides their front matter
//! (`build.globalMetadata`, `build.fileMetadata`).

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde_json::Value;

use super::json_net;
use super::redirections::Redirections;
use crate::paths::absolute;

#[derive(Debug)]
pub struct Docfx {
    pub path: PathBuf,
    /// The folder of `docfx.json`, absolute: metadata globs are relative to it.
    dir: PathBuf,
    content: Vec<Content>,
    /// `globalMetadata` keys that have a value.
    global: Vec<String>,
    /// `fileMetadata` keys, each with the globs of the files it gives a value.
    file_metadata: Vec<(String, GlobSet)>,
    /// Why the file could not be read; then every key is taken as supplied,
    /// since what it would supply is unknown.
    pub error: Option<String>,
    /// The repository's redirections, read once with docfx.json.
    pub redirections: Redirections,
}

/// One `build.content` entry: globs relative to its `src` folder.
#[derive(Debug)]
struct Content {
    src: PathBuf,
    files: GlobSet,
    exclude: GlobSet,
}

impl Docfx {
    /// Reads `path`. Never fails: a file that does not read or parse is
    /// kept with its error (see [`Docfx::error`]).
    pub fn read(path: &Path) -> Docfx {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string());
        let mut docfx = Docfx::parse(path, text);
        docfx.redirections = Redirections::find(&docfx.dir);
        docfx
    }

    pub fn parse(path: &Path, text: Result<String, String>) -> Docfx {
        let dir = absolute(path.parent().unwrap_or(Path::new("")));
        let mut docfx = Docfx {
            path: path.to_path_buf(),
            dir,
            content: Vec::new(),
            global: Vec::new(),
            file_metadata: Vec::new(),
            error: None,
            redirections: Redirections::default(),
        };
        let json = text.and_then(|text| json_net(&text));
        let build = match json {
            Ok(json) => json.get("build").cloned().unwrap_or(Value::Null),
            Err(error) => {
                docfx.error = Some(error);
                return docfx;
            }
        };
        for entry in build["content"].as_array().into_iter().flatten() {
            let src = entry["src"].as_str().unwrap_or("");
            docfx.content.push(Content {
                src: absolute(&docfx.dir.join(src)),
                files: globs(&entry["files"]),
                exclude: globs(&entry["exclude"]),
            });
        }
        if let Some(global) = build["globalMetadata"].as_object() {
            docfx.global = global
                .iter()
                .filter(|(_, value)| has_value(value))
                .map(|(key, _)| key.clone())
                .collect();
        }
        if let Some(keys) = build["fileMetadata"].as_object() {
            for (key, patterns) in keys {
                let Some(patterns) = patterns.as_object() else {
                    continue;
                };
                let given: Vec<Value> = patterns
                    .iter()
                    .filter(|(_, value)| has_value(value))
                    .map(|(glob, _)| Value::String(glob.clone()))
                    .collect();
                docfx
                    .file_metadata
                    .push((key.clone(), globs(&Value::Array(given))));
            }
        }
        docfx
    }

    /// Whether a `build.content` entry takes `file` (absolute) in; with no
    /// content entries, every file is.
    pub fn publishes(&self, file: &Path) -> bool {
        self.content.is_empty()
            || self.content.iter().any(|content| {
                file.strip_prefix(&content.src).is_ok_and(|relative| {
                    content.files.is_match(relative) && !content.exclude.is_match(relative)
                })
            })
    }

    /// Whether docfx.json gives `file` (absolute) a value for `key`.
    pub fn supplies(&self, key: &str, file: &Path) -> bool {
        if self.error.is_some() || self.global.iter().any(|k| k == key) {
            return true;
        }
        let Ok(relative) = file.strip_prefix(&self.dir) else {
            return false;
        };
        self.file_metadata
            .iter()
            .any(|(k, globs)| k == key && globs.is_match(relative))
    }
}

/// A metadata value that says something: not null, `""`, `[]` or `{}`.
fn has_value(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
        Value::Bool(_) | Value::Number(_) => true,
    }
}

/// DocFX globs (a string or a list of them) as one set. DocFX lets `**`
/// run into a name (`outlook/**.md`: any `.md` under `outlook/`), which is
/// `**/*.md` to globset; a glob that still does not compile is left out.
fn globs(value: &Value) -> GlobSet {
    let list: Vec<&str> = match value {
        Value::String(one) => vec![one.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let mut set = GlobSetBuilder::new();
    for glob in list {
        let glob = glob.trim_start_matches("./").replace('\\', "/");
        let glob = spread_double_star(&glob);
        if let Ok(glob) = GlobBuilder::new(&glob).literal_separator(true).build() {
            set.add(glob);
        }
    }
    set.build().unwrap_or_else(|_| GlobSet::empty())
}

/// `a/**.md` as `a/**/*.md`: `**` followed by more of a name.
fn spread_double_star(glob: &str) -> String {
    let mut out = String::with_capacity(glob.len() + 4);
    let mut rest = glob;
    while let Some(at) = rest.find("**") {
        let after = &rest[at + 2..];
        out.push_str(&rest[..at + 2]);
        if !after.is_empty() && !after.starts_with('/') && !after.starts_with('*') {
            out.push_str("/*");
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docfx(json: &str) -> Docfx {
        Docfx::parse(Path::new("/site/docs/docfx.json"), Ok(json.to_string()))
    }

    #[test]
    fn double_stars_run_into_names() {
        assert_eq!(spread_double_star("outlook/**.md"), "outlook/**/*.md");
        assert_eq!(spread_double_star("**/*.md"), "**/*.md");
        assert_eq!(spread_double_star("a/**"), "a/**");
        assert_eq!(spread_double_star("7.*/**/*"), "7.*/**/*");
    }

    /// The shape of office-developer-client-docs' and PowerShell-Docs'
    /// docfx.json (CC-BY-4.0, MicrosoftDocs), cut down.
    #[test]
    fn content_globs_and_metadata() {
        let d = docfx(
            r#"{ "build": {
              "content": [
                { "files": ["**/*.md"], "exclude": ["**/includes/**", "README.md"] },
                { "files": ["**/About/*.md"], "src": "5.1" }
              ],
              "globalMetadata": { "description": "Office VBA reference", "author": "", "ms.author": "o365devx" },
              "fileMetadata": {
                "ms.topic": { "outlook/**.md": "reference", "excel/**.md": "" },
                "ms.date": { "5.1/**/*": "01/01/2024" }
              }
            } }"#,
        );
        let at = |p: &str| PathBuf::from("/site/docs").join(p);
        assert!(d.publishes(&at("outlook/mapi/a.md")));
        assert!(d.publishes(&at("5.1/Core/About/about_x.md")));
        assert!(!d.publishes(&at("README.md")));
        assert!(!d.publishes(&at("a/includes/b.md")));
        assert!(d.supplies("description", &at("any/page.md")));
        assert!(d.supplies("ms.author", &at("any/page.md")));
        assert!(
            !d.supplies("author", &at("any/page.md")),
            "an empty value supplies nothing"
        );
        assert!(d.supplies("ms.topic", &at("outlook/mapi/a.md")));
        assert!(d.supplies("ms.topic", &at("outlook/a.md")));
        assert!(!d.supplies("ms.topic", &at("excel/a.md")));
        assert!(d.supplies("ms.date", &at("5.1/Core/About/about_x.md")));
        assert!(!d.supplies("ms.date", &at("outlook/a.md")));
        assert!(!d.supplies("ms.topic", Path::new("/elsewhere/a.md")));
    }

    #[test]
    fn an_unreadable_docfx_json_supplies_whatever_is_asked() {
        let d = docfx("{ not json");
        assert!(d.error.is_some());
        assert!(d.supplies("ms.date", Path::new("/site/docs/a.md")));
        assert!(d.publishes(Path::new("/site/docs/a.md")));
    }
}
