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
        for entry in fm.entries.iter().filter(|e| e.is_empty) {
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
