//! Hot paths of a check, on a generated ITSM mapping document:
//! `cargo bench --bench hot_paths`. (`cargo test --all-targets` runs each once.)
//! The whole-tool comparison with rumdl and markdownlint-cli2 is `benches/compare.sh`.

use std::path::Path;

use divan::{black_box, Bencher};
use itsmlint::lint::Linter;
use itsmlint::parse::parse;
use itsmlint::rules::placeholder::Spot;
use itsmlint::settings::Settings;
use itsmlint::slug::SlugStyle;
use itsmlint::source::LineIndex;

fn main() {
    divan::main();
}

/// About 40 KB: front matter, headings, an ITSM table with gaps, prose, links.
fn document() -> String {
    let mut text = String::from(
        "---\ntitle: ITSM mapping\ndescription: How processes map onto features.\nms.date: 01/01/2025\n---\n\n# ITSM mapping\n\n",
    );
    for section in 0..20 {
        text.push_str(&format!("## Process {section}\n\nIncident management restores service; see [the table](#process-{section}) and [a gap](#nowhere). TODO check.\n\n"));
        text.push_str("| ITSM component | Feature | Notes |\n|---|---|---|\n");
        for row in 0..10 {
            let feature = if row % 4 == 0 { "" } else { "Service desk" };
            text.push_str(&format!(
                "| Practice {row} | {feature} | `code` and TBD |\n"
            ));
        }
        text.push_str("\n- item one\n  - nested item with **bold** text\n\n");
    }
    text
}

#[divan::bench]
fn parse_document(bencher: Bencher) {
    let text = document();
    bencher
        .with_inputs(|| text.clone())
        .bench_values(|text| parse(text, SlugStyle::default()));
}

#[divan::bench]
fn check_document(bencher: Bencher) {
    let linter = Linter::new(Settings::builtin().unwrap());
    let text = document();
    bencher
        .with_inputs(|| text.clone())
        .bench_values(|text| linter.check_text(Path::new("doc.md"), text).unwrap());
}

#[divan::bench]
fn placeholder_scan_clean_text(bencher: Bencher) {
    let settings = Settings::builtin().unwrap();
    let text = "Incident management restores normal service operation as quickly as possible.";
    bencher.bench(|| settings.placeholders.find(black_box(text), Spot::PROSE));
}

#[divan::bench]
fn line_index(bencher: Bencher) {
    let text = document();
    bencher.bench(|| LineIndex::new(black_box(&text)));
}
