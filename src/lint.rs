//! Checks one document: the settings that govern its path, every rule that
//! is on, then the suppressions. [`crate::pipeline`] runs it over many files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{ConfigError, Configs};
use crate::finding::Finding;
use crate::input::FileError;
use crate::model::Document;
use crate::parse::parse;
use crate::rules::links::workspace::Workspace;
use crate::rules::{self, Context, Rule};
use crate::settings::Settings;
use crate::source::SourceFile;
use crate::suppress;

/// The findings of one checked file, with its text to show them in. The
/// model they were found in is gone: a run keeps a report per file until
/// it prints, and the text is all a reporter or a fix reads.
#[derive(Debug)]
pub struct FileReport {
    /// The path as the user named it (or as found under a named folder).
    pub path: PathBuf,
    pub source: SourceFile,
    /// In [`Finding::order`].
    pub findings: Vec<Finding>,
}

/// Where each file's settings come from.
enum SettingsSource {
    /// The same settings for every file (tests, or a caller that built them).
    Fixed(Arc<Settings>),
    /// The governing `itsmlint.toml` of each file, found and cached by [`Configs`].
    Configs(Configs),
}

pub struct Linter {
    settings: SettingsSource,
    rules: Vec<Box<dyn Rule>>,
    /// Other files' anchors and the folders links point into, shared by
    /// every file this linter checks (one linter, one run).
    workspace: Workspace,
}

impl Linter {
    /// Every file is checked with `settings`.
    pub fn new(settings: Settings) -> Self {
        Linter::with(SettingsSource::Fixed(Arc::new(settings)))
    }

    /// Each file is checked with the settings of its own configuration.
    pub fn with_configs(configs: Configs) -> Self {
        Linter::with(SettingsSource::Configs(configs))
    }

    fn with(settings: SettingsSource) -> Self {
        Linter {
            settings,
            rules: rules::all(),
            workspace: Workspace::new(),
        }
    }

    /// The settings `path` is checked with.
    pub fn settings_for(&self, path: &Path) -> Result<Arc<Settings>, ConfigError> {
        match &self.settings {
            SettingsSource::Fixed(settings) => Ok(settings.clone()),
            SettingsSource::Configs(configs) => configs.settings_for(path),
        }
    }

    /// The settings `path` is checked with, or `None` when the
    /// configuration's `include`/`exclude` leave it out (never when
    /// `named`: a file named is checked).
    pub fn selected(&self, path: &Path, named: bool) -> Result<Option<Arc<Settings>>, ConfigError> {
        match &self.settings {
            SettingsSource::Fixed(settings) => Ok(Some(settings.clone())),
            SettingsSource::Configs(configs) => configs.selected(path, named),
        }
    }

    /// Checks text held in memory (a file's content, standard input, an
    /// editor's buffer) as the file `path`, with the settings that govern it.
    pub fn check_text(&self, path: &Path, text: String) -> Result<FileReport, FileError> {
        let settings = self.settings_for(path).map_err(config_error)?;
        let (doc, findings) = self.check_with(path, text, &settings);
        Ok(FileReport {
            path: path.to_path_buf(),
            source: doc.into_source(),
            findings,
        })
    }

    /// Parses `text` and runs the rules over it with `settings`; the
    /// document is handed back for what else a caller reads of it (a score).
    pub fn check_with(
        &self,
        path: &Path,
        text: String,
        settings: &Settings,
    ) -> (Document, Vec<Finding>) {
        let doc = parse(text, settings.slug_style);
        self.workspace.register(path, &doc);
        let cx = Context::new(settings, path, &self.workspace);
        let mut findings = Vec::new();
        for rule in &self.rules {
            let Some(severity) = settings.severity(rule.id()) else {
                continue;
            };
            let before = findings.len();
            rule.check(&doc, &cx, &mut findings);
            // The configured level, or lower where the rule made a finding a
            // warning (a link whose case only Learn forgives).
            for finding in &mut findings[before..] {
                finding.severity = finding.severity.min(severity);
            }
        }
        let mut findings = suppress::apply(&doc, findings, settings);
        findings.sort_by(Finding::order);
        (doc, findings)
    }
}

/// A config error met while checking a file, named by the config file.
pub fn config_error(e: ConfigError) -> FileError {
    let message = match e.location {
        Some((line, column)) => format!("{line}:{column}: {}", e.message),
        None => e.message,
    };
    FileError {
        path: e.path,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    #[test]
    fn each_rule_runs_at_the_severity_its_settings_give() {
        let linter = Linter::new(Settings::builtin().unwrap());
        let text = "| ITSM component | Feature |\n|---|---|\n| Incident management |  |\n";
        let path = Path::new("a.md");
        let empty_cells = |findings: &[Finding]| -> Vec<Severity> {
            findings
                .iter()
                .filter(|f| f.rule == "empty-cell")
                .map(|f| f.severity)
                .collect()
        };
        let own = linter.check_text(path, text.into()).unwrap();
        assert_eq!(empty_cells(&own.findings), [Severity::Error]);
        let mut quieter = Settings::builtin().unwrap();
        quieter.severities.remove("empty-cell");
        let (_, findings) = linter.check_with(path, text.into(), &quieter);
        assert!(empty_cells(&findings).is_empty());
        let mut louder = Settings::builtin().unwrap();
        louder
            .severities
            .insert("empty-cell".into(), Severity::Warning);
        let (_, findings) = linter.check_with(path, text.into(), &louder);
        assert_eq!(empty_cells(&findings), [Severity::Warning]);
    }

    #[test]
    fn findings_come_in_order_of_place_then_rule() {
        let linter = Linter::new(Settings::builtin().unwrap());
        let text =
            "| Process | Feature |\n|---|---|\n| Incident management | TBD |\n\n[x](#nowhere)\n";
        let report = linter.check_text(Path::new("a.md"), text.into()).unwrap();
        assert!(report.findings.len() >= 2, "{:?}", report.findings);
        assert!(report
            .findings
            .windows(2)
            .all(|w| Finding::order(&w[0], &w[1]).is_le()));
    }
}
