//! Where a check's time goes, phase by phase and rule by rule, on one thread
//! with every file already in memory (no I/O):
//! `cargo bench --bench phases -- ../shared/corpus`.
//! The floor line is pulldown-cmark alone, what `itsmlint debug parse-only` runs.
//! (`cargo test --all-targets` builds this and runs nothing: it needs `--bench`.)

use std::path::PathBuf;
use std::time::{Duration, Instant};

use itsmlint::input::read_markdown;
use itsmlint::lint::Linter;
use itsmlint::parse::{parse, OPTIONS};
use itsmlint::pipeline;
use itsmlint::rules::links::workspace::Workspace;
use itsmlint::rules::{self, Context};
use itsmlint::settings::Settings;
use pulldown_cmark::Parser;

// The allocator the binary uses, so the numbers are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.iter().any(|a| a == "--bench") {
        return;
    }
    let roots: Vec<PathBuf> = args
        .iter()
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    if roots.is_empty() {
        eprintln!("usage: cargo bench --bench phases -- FOLDER...");
        return;
    }
    let files: Vec<(PathBuf, String)> = pipeline::discover(&roots)
        .files
        .into_iter()
        .filter_map(|path| {
            let text = read_markdown(&path).ok()?;
            Some((path, text))
        })
        .collect();
    let bytes: usize = files.iter().map(|(_, s)| s.len()).sum();
    println!(
        "{} files, {:.1} MB, one thread, fastest of {ROUNDS} interleaved rounds",
        files.len(),
        bytes as f64 / 1e6
    );
    let settings = Settings::builtin().expect("built-in settings");

    let docs: Vec<_> = files
        .iter()
        .map(|(_, s)| parse(s.clone(), settings.slug_style))
        .collect();
    let workspace = Workspace::new();
    for ((path, _), doc) in files.iter().zip(&docs) {
        workspace.register(path, doc);
    }
    let linter = Linter::new(Settings::builtin().expect("built-in settings"));

    // Every phase once per round, rounds interleaved, the fastest round of
    // each kept: a busy moment of the machine then slows one round of every
    // phase alike rather than all rounds of one phase.
    let mut phases: Vec<(String, Box<dyn FnMut() -> usize + '_>)> = vec![
        (
            "floor (pulldown-cmark)".into(),
            Box::new(|| {
                files
                    .iter()
                    .map(|(_, s)| Parser::new_ext(s, OPTIONS).into_offset_iter().count())
                    .sum()
            }),
        ),
        (
            "parse (model)".into(),
            Box::new(|| {
                files
                    .iter()
                    .map(|(_, s)| parse(s.clone(), settings.slug_style).anchors.len())
                    .sum()
            }),
        ),
        (
            "register anchors".into(),
            Box::new(|| {
                let workspace = Workspace::new();
                for ((path, _), doc) in files.iter().zip(&docs) {
                    workspace.register(path, doc);
                }
                docs.len()
            }),
        ),
    ];
    for rule in rules::all() {
        let (docs, workspace, settings) = (&docs, &workspace, &settings);
        let files = &files;
        phases.push((
            format!("rule {}", rule.id()),
            Box::new(move || {
                let mut out = Vec::new();
                for ((path, _), doc) in files.iter().zip(docs) {
                    let cx = Context::new(settings, path, workspace);
                    rule.check(doc, &cx, &mut out);
                }
                out.len()
            }),
        ));
    }
    phases.push((
        "whole check (no I/O)".into(),
        Box::new(|| {
            files
                .iter()
                .filter_map(|(path, s)| linter.check_text(path, s.clone()).ok())
                .map(|report| report.findings.len())
                .sum()
        }),
    ));
    let mut best = vec![Duration::MAX; phases.len()];
    for _ in 0..ROUNDS {
        for ((_, run), best) in phases.iter_mut().zip(&mut best) {
            let start = Instant::now();
            std::hint::black_box(run());
            *best = (*best).min(start.elapsed());
        }
    }
    for (i, (name, _)) in phases.iter().enumerate() {
        line(name, best[i], (i > 0).then_some(best[0]));
    }
}

const ROUNDS: usize = 7;

fn line(name: &str, took: Duration, floor: Option<Duration>) {
    let ms = took.as_secs_f64() * 1e3;
    match floor {
        Some(floor) => println!(
            "{name:<26} {ms:>8.1} ms  {:>5.2}x floor",
            ms / (floor.as_secs_f64() * 1e3)
        ),
        None => println!("{name:<26} {ms:>8.1} ms"),
    }
}
