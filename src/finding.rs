//! What a rule reports. Our own type, in byte offsets of the original file;
//! reporters convert it to lines, columns and their own formats at the edge.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A replacement of one span of the file, applied only by `--fix`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static str,
    /// Set by the engine from the rule's default and the configuration.
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
    /// A safe, unambiguous fix, when the rule knows one.
    pub fix: Option<Edit>,
}

impl Finding {
    pub fn new(rule: &'static str, span: Span, message: impl Into<String>) -> Self {
        Finding {
            rule,
            severity: Severity::Error,
            message: message.into(),
            span,
            help: None,
            fix: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// A finding the rule itself rates a warning: it reads as a defect, but
    /// the published page still works (the configured level still caps it).
    pub fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn with_fix(mut self, fix: Edit) -> Self {
        self.fix = Some(fix);
        self
    }

    /// The order findings of one file are reported in: by where they start,
    /// then where they end, then rule id.
    pub fn order(a: &Finding, b: &Finding) -> std::cmp::Ordering {
        (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule))
    }
}
