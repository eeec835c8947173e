use super::{Context, Rule};
use crate::finding::Finding;
use crate::model::Document;

/// Empty front-matter values, missing required keys, front matter that is not YAML.
///
/// Which keys are required depends on the site (see
/// [`crate::settings::Settings::required_keys_for`]): a Learn page needs
/// Learn's metadata, from its front matter or its docfx.json; a page on a
/// site that does not read front matter needs none, but a key it writes
/// must still hold a value.
pub struct FrontMatterRule;

impl Rule for FrontMatterRule {
    fn id(&self) -> &'static str {
        "front-matter"
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Finding>) {
        // On Learn, the file as docfx.json globs see it.
        let docfx = cx.settings.site.docfx.as_deref();
        let file = docfx.map(|_| crate::paths::absolute(cx.path));
        let file = file.as_deref().unwrap_or(cx.path);
        // Learn builds no page from a file outside docfx.json's content (a
        // cmdlet reference another tool converts): its front matter is not
        // Learn's metadata.
        if docfx.is_some_and(|docfx| !docfx.publishes(file)) {
            return;
        }
        let required = cx.settings.required_keys_for(cx.path);
        let Some(fm) = &doc.front_matter else {
            if !required.is_empty() {
                let first_line = doc.lines().line_range(&doc.source, 0);
                let help = match &cx.settings.site.docfx {
                    Some(_) => "start the file with a `---` block holding the keys, or give them in docfx.json's globalMetadata or fileMetadata",
                    None => "start the file with a `---` block holding the keys",
                };
                out.push(
                    Finding::new(
                        self.id(),
                        first_line.start..first_line.start,
                        format!("no front matter: required {} missing", key_list(&required)),
                    )
                    .with_help(help),
                );
            }
            return;
        };
        // The opening `---` line: where a missing key is reported.
        let opening =
            fm.span.start..fm.span.start + doc.text(&fm.span).find(['\r', '\n']).unwrap_or(3);
        if let Some(error) = &fm.error {
            out.push(Finding::new(
                self.id(),
                opening,
                format!("front matter is not valid YAML: {error}"),
            ));
            return;
        }
        // `key: ''` where docfx.json gives the page `key`: written empty on
        // purpose, to clear the site-wide value for this page.
        let clears_docfx_value = |entry: &&crate::model::FrontMatterEntry| {
            let text = doc.text(&entry.span);
            let written = text
                .get(entry.key.len()..)
                .unwrap_or("")
                .trim_start_matches([':', ' ']);
            matches!(written.trim_end(), "''" | "\"\"")
                && docfx.is_some_and(|docfx| docfx.supplies(&entry.key, file))
        };
        for entry in fm
            .entries
            .iter()
            .filter(|e| e.is_empty && !clears_docfx_value(e))
        {
            let mut finding = Finding::new(
                self.id(),
                entry.span.clone(),
                format!("front-matter key `{}` is empty", entry.key),
            );
            if required
                .iter()
                .any(|keys| keys.split('|').any(|key| key == entry.key))
            {
                finding =
                    finding.with_help(format!("`{}` is required: give it a value", entry.key));
            } else {
                finding = finding.with_help("give it a value, or remove the key");
            }
            out.push(finding);
        }
        let missing: Vec<&str> = required
            .into_iter()
            .filter(|keys| keys.split('|').all(|key| fm.get(key).is_none()))
            .collect();
        if !missing.is_empty() {
            out.push(Finding::new(
                self.id(),
                opening,
                format!("front matter is missing required {}", key_list(&missing)),
            ));
        }
    }
}

/// "key `a`" or "keys `a`, `b`", written straight into one string: a docs
/// set can have a finding of this kind on many of its pages. Alternatives
/// (`a|b`) read "`a` or `b`".
fn key_list<K: AsRef<str>>(keys: &[K]) -> String {
    let mut list = String::from(if keys.len() == 1 { "key " } else { "keys " });
    for (i, key) in keys.iter().enumerate() {
        if i > 0 {
            list.push_str(", ");
        }
        list.push('`');
        list.push_str(&key.as_ref().replace('|', "` or `"));
        list.push('`');
    }
    list
}

#[cfg(test)]
mod tests {
    use super::key_list;

    #[test]
    fn keys_are_listed_in_backticks() {
        assert_eq!(key_list(&["description"]), "key `description`");
        assert_eq!(
            key_list(&["title".to_string(), "ms.date".to_string()]),
            "keys `title`, `ms.date`"
        );
        assert_eq!(
            key_list(&["author|ms.author"]),
            "key `author` or `ms.author`"
        );
    }
}
