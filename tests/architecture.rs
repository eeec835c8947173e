//! The layout shows the architecture: no module imports one that imports it
//! back. Read from the sources: every `crate::` and `super::` path outside
//! comments and test code, named down to the module file it lands in. A
//! module and its own submodules are left out: Rust pairs them by design (a
//! parent re-exports, a child uses its parent's types).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = import_graph(&src);
    assert!(graph.len() > 40, "the sources were read: {graph:?}");
    assert!(
        graph["lint"].contains("rules"),
        "imports were found: {:?}",
        graph["lint"]
    );
    if let Some(cycle) = find_cycle(&graph) {
        panic!("modules import each other: {}", cycle.join(" -> "));
    }
}

#[test]
fn a_cycle_is_found_and_a_parent_and_child_are_not_one() {
    let graph = |edges: &[(&str, &str)]| {
        let mut graph = Graph::new();
        for (from, to) in edges {
            graph
                .entry(from.to_string())
                .or_default()
                .insert(to.to_string());
            graph.entry(to.to_string()).or_default();
        }
        graph
    };
    let cycle = find_cycle(&graph(&[("a", "b"), ("b", "c"), ("c", "a")])).unwrap();
    assert_eq!(cycle, ["a", "b", "c", "a"]);
    assert_eq!(
        find_cycle(&graph(&[("a", "b"), ("a", "c"), ("b", "c")])),
        None
    );
    // Parent-child edges never enter the graph.
    let mut graph = Graph::new();
    add_import(&mut graph, "rules", "rules::placeholder");
    add_import(&mut graph, "rules::placeholder", "rules");
    add_import(&mut graph, "rules::placeholder", "model");
    assert_eq!(find_cycle(&graph), None);
    assert_eq!(
        graph["rules::placeholder"],
        BTreeSet::from(["model".into()])
    );
}

#[test]
fn paths_land_in_the_module_files_they_name() {
    let modules: BTreeSet<String> = ["model", "rules", "rules::links", "rules::links::disk"]
        .map(String::from)
        .into();
    let found = |text: &str, module: &str| imports(text, module, &modules);
    assert_eq!(
        found("use crate::rules::links::disk::Disk;", "lint"),
        ["rules::links::disk"]
    );
    assert_eq!(
        found(
            "use crate::{model::Span, rules::links::{disk, Other}};",
            "lint"
        ),
        ["model", "rules::links", "rules::links::disk"]
    );
    assert_eq!(
        found("use super::links::disk;", "rules::x"),
        ["rules::links::disk"]
    );
    assert_eq!(found("// use crate::model;", "lint"), Vec::<String>::new());
    assert_eq!(
        found(
            "use crate::model;\n#[cfg(test)]\nmod tests {\n use crate::rules; }",
            "lint"
        ),
        ["model"]
    );
}

/// Module to the modules it imports, for every module file under `src`
/// (test files left out).
fn import_graph(src: &Path) -> Graph {
    let files: BTreeMap<String, PathBuf> = rust_files(src)
        .into_iter()
        .filter_map(|file| Some((module_name(src, &file)?, file)))
        .collect();
    let modules: BTreeSet<String> = files.keys().cloned().collect();
    let mut graph = Graph::new();
    for (module, file) in &files {
        graph.entry(module.clone()).or_default();
        let text = std::fs::read_to_string(file).unwrap();
        for imported in imports(&text, module, &modules) {
            add_import(&mut graph, module, &imported);
        }
    }
    graph
}

/// Records that `from` imports `to`, unless one holds the other.
fn add_import(graph: &mut Graph, from: &str, to: &str) {
    let holds = |outer: &str, inner: &str| inner.starts_with(&format!("{outer}::"));
    if from != to && !holds(from, to) && !holds(to, from) {
        graph.entry(from.into()).or_default().insert(to.into());
        graph.entry(to.into()).or_default();
    }
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// `src/rules/links/mod.rs` is `rules::links`; `None` for the crate roots
/// and for test files.
fn module_name(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut names: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if names.last().is_some_and(|n| n == "mod") {
        names.pop();
    }
    match names.as_slice() {
        [] => None,
        [root] if root == "main" || root == "lib" => None,
        [.., last] if last == "tests" => None,
        _ => Some(names.join("::")),
    }
}

/// The modules `text` (the source of `module`) imports: `crate::` and
/// `super::` paths in its code before its first `#[cfg(test)]`, each named down to
/// the deepest module in `modules` it passes through.
fn imports(text: &str, module: &str, modules: &BTreeSet<String>) -> Vec<String> {
    let code: String = text
        .split("#[cfg(test)]")
        .next()
        .unwrap_or("")
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let parent = module.rsplit_once("::").map_or("", |(parent, _)| parent);
    let mut found = BTreeSet::new();
    for (prefix, base) in [("crate::", ""), ("super::", parent)] {
        for (at, _) in code.match_indices(prefix) {
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            for path in paths_at(&code[at + prefix.len()..]) {
                let full = match base {
                    "" => path,
                    base => format!("{base}::{path}"),
                };
                if let Some(module) = deepest_module(&full, modules) {
                    found.insert(module);
                }
            }
        }
    }
    found.into_iter().collect()
}

/// The paths written at the start of `rest`, a use tree: `a::b::C` is one
/// path, `a::{b, c::{d, E}}` three (`a::b`, `a::c::d`, `a::c::E`).
fn paths_at(rest: &str) -> Vec<String> {
    use_tree(rest).0
}

fn use_tree(input: &str) -> (Vec<String>, &str) {
    let input = input.trim_start();
    if let Some(mut rest) = input.strip_prefix('{') {
        let mut paths = Vec::new();
        loop {
            rest = rest.trim_start();
            if let Some(after) = rest.strip_prefix('}') {
                return (paths, after);
            }
            let (inner, after) = use_tree(rest);
            if after.len() == rest.len() {
                return (paths, after); // not a use tree: stop
            }
            paths.extend(inner);
            rest = after.trim_start();
            rest = rest.strip_prefix(',').unwrap_or(rest);
        }
    }
    let name_len = input
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(input.len());
    let (name, rest) = input.split_at(name_len);
    if name.is_empty() {
        return (Vec::new(), input);
    }
    match rest.strip_prefix("::") {
        Some(rest) => {
            let (tails, rest) = use_tree(rest);
            if tails.is_empty() {
                return (vec![name.to_string()], rest);
            }
            let paths = tails.iter().map(|tail| format!("{name}::{tail}")).collect();
            (paths, rest)
        }
        None => (vec![name.to_string()], rest),
    }
}

/// The longest start of `path` (`::`-separated) that is one of `modules`.
fn deepest_module(path: &str, modules: &BTreeSet<String>) -> Option<String> {
    let names: Vec<&str> = path.split("::").collect();
    (1..=names.len())
        .rev()
        .map(|n| names[..n].join("::"))
        .find(|candidate| modules.contains(candidate))
}

/// A path of imports that comes back to where it started, if there is one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        node: &str,
        graph: &Graph,
        marks: &mut BTreeMap<String, Mark>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        marks.insert(node.to_string(), Mark::Open);
        stack.push(node.to_string());
        for next in &graph[node] {
            match marks.get(next.as_str()) {
                Some(Mark::Open) => {
                    let from = stack.iter().position(|n| n == next).unwrap();
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Some(Mark::Done) => {}
                None => {
                    if let Some(cycle) = visit(next, graph, marks, stack) {
                        return Some(cycle);
                    }
                }
            }
        }
        stack.pop();
        marks.insert(node.to_string(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for node in graph.keys() {
        if !marks.contains_key(node.as_str()) {
            if let Some(cycle) = visit(node, graph, &mut marks, &mut Vec::new()) {
                return Some(cycle);
            }
        }
    }
    None
}
