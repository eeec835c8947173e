//! `--format gitlab`: a GitLab Code Quality report, which merge requests show
//! as new and fixed findings by comparing `fingerprint`s with the target branch.
//! <https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format>

use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::{json, Value};

use super::paths::RepoPaths;
use super::{Location, Reporter, Run};
use crate::finding::Severity;
use crate::gate::baseline::Fingerprinter;

pub struct Gitlab {
    /// Each finding's `fingerprint`, as a baseline next to this folder has them.
    pub fingerprints: Fingerprinter,
}

impl Reporter for Gitlab {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        // GitLab links a finding to the merge request's files by repository path.
        let mut paths = RepoPaths::new();
        // GitLab wants each fingerprint unique, but identical findings share the
        // baseline's (it counts them): the second and later get `-2`, `-3`, ...
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut issues: Vec<Value> = Vec::new();
        for (file, finding) in run.findings() {
            let at = Location::of(&file.source, finding);
            let key = self.fingerprints.path_key(&file.path);
            let mut fingerprint = self.fingerprints.fingerprint(&key, &file.source, finding);
            let times = seen.entry(fingerprint.clone()).or_insert(0);
            *times += 1;
            if *times > 1 {
                fingerprint = format!("{fingerprint}-{times}");
            }
            issues.push(json!({
                "description": finding.message,
                "check_name": finding.rule,
                "fingerprint": fingerprint,
                "severity": severity(finding.severity),
                "location": {
                    "path": paths.of(&file.path).to_string_lossy().replace('\\', "/"),
                    "lines": {"begin": at.line, "end": at.end_line},
                },
            }));
        }
        // A file that could not be checked is a finding GitLab can show, not a crash.
        for error in run.errors {
            let path = paths.of(&error.path).to_string_lossy().replace('\\', "/");
            issues.push(json!({
                "description": error.message,
                "check_name": "file-error",
                "fingerprint": format!("file-error:{path}"),
                "severity": "blocker",
                "location": {"path": path, "lines": {"begin": 1}},
            }));
        }
        let mut out = io::BufWriter::new(out);
        serde_json::to_writer_pretty(&mut out, &issues)?;
        writeln!(out)?;
        out.flush()
    }
}

/// GitLab's scale is info, minor, major, critical, blocker: an error blocks
/// the gate like a major issue, a warning does not.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
    }
}
