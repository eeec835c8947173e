//! The JSON and SARIF reporters write each finding as they go: the heap they
//! use while writing stays flat however many findings a run has (a SARIF
//! `Value` of every result took 8 GB for a 20 MB file with a million findings).
//! A counting allocator measures it; this file holds one test, so no other
//! test allocates at the same time.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use itsmlint::lint::Linter;
use itsmlint::report::{self, Reporter, Run};
use itsmlint::settings::Settings;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most heap `write` holds at once beyond what was live before it.
fn peak_growth(write: impl FnOnce()) -> usize {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    write();
    PEAK.load(Ordering::Relaxed) - before
}

#[test]
fn json_and_sarif_write_findings_without_holding_them_all() {
    let linter = Linter::new(Settings::builtin().unwrap());
    let findings = 20_000;
    let text = "TODO\n\n".repeat(findings);
    let file = linter.check_text(Path::new("many.md"), text).unwrap();
    assert!(file.findings.len() >= findings, "{}", file.findings.len());
    let files: Vec<PathBuf> = vec![file.path.clone()];
    let reports = [file];
    let run = Run {
        files: &files,
        reports: &reports,
        errors: &[],
        elapsed: Duration::ZERO,
        completeness: None,
    };
    let reporters: [(&str, Box<dyn Reporter>); 2] = [
        ("json", Box::new(report::Json)),
        ("sarif", Box::new(report::Sarif::default())),
    ];
    for (name, reporter) in reporters {
        let mut written = 0;
        let growth = peak_growth(|| {
            let mut out = Counted(&mut written);
            reporter.report(&run, &mut out).unwrap();
        });
        assert!(written > 100 * findings, "{name} wrote {written} bytes");
        // About 1 MB: the rule descriptors and the write buffers, not a
        // hundred bytes or more per finding.
        assert!(
            growth < 1 << 20,
            "{name} held {growth} bytes at once for {findings} findings"
        );
    }
}

/// A sink that counts what it is given.
struct Counted<'a>(&'a mut usize);

impl std::io::Write for Counted<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        *self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
