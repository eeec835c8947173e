//! A Learn repository's redirection files: pages that were moved or
//! removed, each with where the published site sends its old address. They
//! sit at the repository's root, beside `.openpublishing.publish.config.json`
//! (`.openpublishing.redirection.json`, `.openpublishing.redirection.*.json`),
//! or wherever that config's `redirection_files` list says.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;
use serde_json::Value;

use super::json_net;
use crate::input::FileError;
use crate::paths::push_normalised;

const PUBLISH_CONFIG: &str = ".openpublishing.publish.config.json";

#[derive(Debug, Default)]
pub struct Redirections {
    /// Each redirected source, absolute and lower-cased (Learn finds paths
    /// whatever their case), with the address it redirects to.
    targets: FxHashMap<String, String>,
    /// The files that could not be read, each with why.
    pub errors: Vec<FileError>,
}

impl Redirections {
    /// The redirections of the repository `docfx_dir` (absolute) is in:
    /// those of the nearest folder above it that holds the publish config
    /// or a redirection file.
    pub fn find(docfx_dir: &Path) -> Redirections {
        let mut redirections = Redirections::default();
        let Some(root) = docfx_dir.ancestors().find(|dir| {
            dir.join(PUBLISH_CONFIG).is_file()
                || dir.join(".openpublishing.redirection.json").is_file()
        }) else {
            return redirections;
        };
        for file in redirection_files(root) {
            if let Err(message) = redirections.read(root, &file) {
                redirections.errors.push(FileError {
                    path: file,
                    message: format!("cannot read its redirections: {message}"),
                });
            }
        }
        redirections
    }

    /// Where the published site sends a link to `path` (absolute,
    /// normalised), when `path` is a redirection's source.
    pub fn target(&self, path: &Path) -> Option<&str> {
        let key = path.to_string_lossy().to_lowercase();
        self.targets.get(&key).map(String::as_str)
    }

    fn read(&mut self, root: &Path, file: &Path) -> Result<(), String> {
        let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
        let json = json_net(&text)?;
        let entries = json["redirections"]
            .as_array()
            .ok_or("it has no \"redirections\" list")?;
        let dir = file.parent().unwrap_or(root);
        for entry in entries {
            // `source_path` is relative to the redirection file,
            // `source_path_from_root` to the repository's root.
            let source = match (
                entry["source_path_from_root"].as_str(),
                entry["source_path"].as_str(),
            ) {
                (Some(from_root), _) => (root, from_root.trim_start_matches('/')),
                (None, Some(from_file)) => (dir, from_file),
                (None, None) => continue,
            };
            let Some(url) = entry["redirect_url"].as_str() else {
                continue;
            };
            let mut path = source.0.to_path_buf();
            push_normalised(&mut path, source.1.replace('\\', "/"));
            self.targets
                .insert(path.to_string_lossy().to_lowercase(), url.to_string());
        }
        Ok(())
    }
}

/// The redirection files of the repository at `root`: those its publish
/// config lists, and `.openpublishing.redirection*.json` at the root.
fn redirection_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let config = std::fs::read_to_string(root.join(PUBLISH_CONFIG))
        .ok()
        .and_then(|text| json_net(&text).ok());
    if let Some(listed) = config
        .as_ref()
        .and_then(|c| c["redirection_files"].as_array())
    {
        files.extend(listed.iter().filter_map(Value::as_str).map(|f| {
            let mut path = root.to_path_buf();
            push_normalised(&mut path, f.replace('\\', "/"));
            path
        }));
    }
    if let Ok(entries) = std::fs::read_dir(root) {
        let mut at_root: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|path| {
                path.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|name| {
                        name.starts_with(".openpublishing.redirection") && name.ends_with(".json")
                    })
            })
            .collect();
        at_root.sort();
        files.extend(at_root);
    }
    files.sort();
    files.dedup();
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths::absolute;

    fn write(root: &Path, file: &str, text: &str) {
        let path = root.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// The shapes of office-developer-client-docs' (a file at the root,
    /// paths from it) and PowerShell-Docs' (files in `redir/` listed by the
    /// publish config, paths from the file) redirections, cut down.
    #[test]
    fn sources_resolve_from_their_file_or_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = absolute(dir.path());
        write(
            &root,
            ".openpublishing.publish.config.json",
            r#"{"redirection_files": ["redir/.openpublishing.redirection.ps.json"],}"#,
        );
        write(
            &root,
            ".openpublishing.redirection.json",
            r#"{"redirections": [
            {"source_path": "docs/old.md", "redirect_url": "/office/new"},
            {"source_path_from_root": "/docs/Moved.md", "redirect_url": "/office/moved"}]}"#,
        );
        write(
            &root,
            "redir/.openpublishing.redirection.ps.json",
            r#"{"redirections": [
            {"source_path": "../reference/gone.md", "redirect_url": "/powershell/here", "redirect_document_id": false}]}"#,
        );
        write(
            &root,
            "redir/.openpublishing.redirection.bad.json",
            "{ not json",
        );
        write(&root, "docs/docfx.json", "{}");
        let found = Redirections::find(&root.join("docs"));
        assert_eq!(found.target(&root.join("docs/old.md")), Some("/office/new"));
        assert_eq!(
            found.target(&root.join("docs/moved.md")),
            Some("/office/moved")
        );
        assert_eq!(
            found.target(&root.join("reference/gone.md")),
            Some("/powershell/here")
        );
        assert_eq!(found.target(&root.join("docs/kept.md")), None);
        // Unlisted and not at the root: not read.
        assert!(found.errors.is_empty());
        write(
            &root,
            ".openpublishing.redirection.typo.json",
            r#"{"redirection": []}"#,
        );
        write(
            &root,
            ".openpublishing.redirection.broken.json",
            r#"{"redirections": [}"#,
        );
        let found = Redirections::find(&root.join("docs"));
        let errors: Vec<String> = found.errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0]
            .contains(".openpublishing.redirection.broken.json: cannot read its redirections"));
        assert!(errors[1].ends_with(".openpublishing.redirection.typo.json: cannot read its redirections: it has no \"redirections\" list"));
        assert_eq!(found.target(&root.join("docs/old.md")), Some("/office/new"));
    }
}
