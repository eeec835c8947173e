//! ITSM process catalogs (ITIL v3 / 2011, ITIL 4) as data from
//! `rules/catalogs/*.toml`: phases (ITIL 4: practice groups), their processes,
//! and the aliases writers use, all matched after [`normalise`].

mod normalise;

use std::collections::HashMap;

use serde::Deserialize;

pub use normalise::normalise;
use normalise::{strip_trailing_word, whole_name};

use crate::suggest::Index;

/// The catalogs built into the binary, in the order `auto` prefers them on a tie.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "rules/catalogs/itil-v3.toml",
        include_str!("../../rules/catalogs/itil-v3.toml"),
    ),
    (
        "rules/catalogs/itil-4.toml",
        include_str!("../../rules/catalogs/itil-4.toml"),
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("{file}: {source}")]
    Toml {
        file: String,
        #[source]
        source: toml::de::Error,
    },
    #[error(
        "{file}: \"{name}\" and \"{other}\" are the same {what} after normalisation (\"{normal}\")"
    )]
    Duplicate {
        file: String,
        what: &'static str,
        name: String,
        other: String,
        normal: String,
    },
    #[error("{file}: an empty {what} name")]
    Empty { file: String, what: &'static str },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    id: String,
    title: String,
    /// How pages name the framework ("ITIL 4", "ITIL v3"): a page that does
    /// is checked against this catalog.
    #[serde(default)]
    mentions: Vec<String>,
    phase: Vec<Phase>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub process: Vec<Process>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Process {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// False for entries recognised in a table but never reported missing.
    #[serde(default = "yes")]
    pub required: bool,
}

fn yes() -> bool {
    true
}

/// A process by position: `(phase index, process index)`.
pub type ProcessId = (usize, usize);

#[derive(Debug, Clone)]
pub struct Catalog {
    pub id: String,
    pub title: String,
    /// How pages name the framework, besides its title.
    pub mentions: Vec<String>,
    pub phases: Vec<Phase>,
    /// Normalised name or alias -> process.
    processes: HashMap<String, ProcessId>,
    /// Normalised name or alias -> phase.
    phase_names: HashMap<String, usize>,
    /// Every name and alias of a process, for "did you mean".
    process_suggestions: Index<ProcessId>,
    /// Every name and alias of a phase, for "did you mean".
    phase_suggestions: Index<usize>,
}

impl Catalog {
    /// Loads one catalog file; `file` names it in errors.
    pub fn from_toml(file: &str, text: &str) -> Result<Catalog, CatalogError> {
        let data: CatalogFile = toml::from_str(text).map_err(|source| CatalogError::Toml {
            file: file.to_string(),
            source,
        })?;
        let mut phase_names = HashMap::new();
        let mut processes = HashMap::new();
        for (p, phase) in data.phase.iter().enumerate() {
            index(
                file,
                "phase",
                &phase.name,
                &phase.aliases,
                p,
                &mut phase_names,
            )?;
            for (i, process) in phase.process.iter().enumerate() {
                let names = &process.aliases;
                index(
                    file,
                    "process",
                    &process.name,
                    names,
                    (p, i),
                    &mut processes,
                )?;
            }
        }
        let phase_suggestions = suggestions(
            data.phase
                .iter()
                .enumerate()
                .flat_map(|(p, phase)| names(&phase.name, &phase.aliases).map(move |n| (n, p))),
        );
        let process_suggestions =
            suggestions(data.phase.iter().enumerate().flat_map(|(p, phase)| {
                phase
                    .process
                    .iter()
                    .enumerate()
                    .flat_map(move |(i, process)| {
                        names(&process.name, &process.aliases).map(move |n| (n, (p, i)))
                    })
            }));
        Ok(Catalog {
            id: data.id,
            title: data.title,
            mentions: data.mentions,
            phases: data.phase,
            processes,
            phase_names,
            process_suggestions,
            phase_suggestions,
        })
    }

    pub fn process(&self, id: ProcessId) -> &Process {
        &self.phases[id.0].process[id.1]
    }

    /// The process a name (or alias) means, in any phase.
    pub fn find_process(&self, name: &str) -> Option<ProcessId> {
        self.processes.get(&normalise(name)).copied()
    }

    /// The phase a heading or list-item label names.
    pub fn find_phase(&self, name: &str) -> Option<usize> {
        self.phase_names.get(&normalise(name)).copied()
    }

    /// The phase or process a declared name means.
    pub fn find_any(&self, name: &str) -> Option<Scope> {
        self.find_process(name)
            .map(Scope::Process)
            .or_else(|| self.find_phase(name).map(Scope::Phase))
    }

    /// Required processes of a phase, by id.
    pub fn required(&self, phase: usize) -> impl Iterator<Item = ProcessId> + '_ {
        self.phases[phase]
            .process
            .iter()
            .enumerate()
            .filter(|(_, p)| p.required)
            .map(move |(i, _)| (phase, i))
    }

    pub fn required_count(&self) -> usize {
        (0..self.phases.len())
            .map(|p| self.required(p).count())
            .sum()
    }

    /// The process an unknown name most likely misspells, by its canonical name.
    pub fn suggest_process(&self, name: &str) -> Option<&str> {
        let mut unlimited = usize::MAX;
        self.suggest_process_within(name, &mut unlimited)
    }

    /// As [`Catalog::suggest_process`], within a budget of comparisons (see
    /// [`Index::nearest_within`]).
    pub fn suggest_process_within(&self, name: &str, budget: &mut usize) -> Option<&str> {
        nearest(&self.process_suggestions, name, budget).map(|id| self.process(id).name.as_str())
    }

    /// The phase an unknown name most likely misspells, by its canonical name.
    pub fn suggest_phase(&self, name: &str) -> Option<&str> {
        let mut unlimited = usize::MAX;
        nearest(&self.phase_suggestions, name, &mut unlimited).map(|p| self.phases[p].name.as_str())
    }
}

/// A name and its aliases.
fn names<'a>(name: &'a str, aliases: &'a [String]) -> impl Iterator<Item = &'a str> {
    std::iter::once(name).chain(aliases.iter().map(String::as_str))
}

/// Each name whole, then without each trailing word [`normalise`] strips in
/// turn: a misspelt word may be one it would strip ("Problem managment"), or
/// come before one ("General managment practices").
fn suggestions<'a, T: Copy>(named: impl Iterator<Item = (&'a str, T)>) -> Index<T> {
    let mut keys: Vec<(String, T)> = Vec::new();
    for (name, value) in named {
        let mut key = whole_name(name);
        keys.push((key.clone(), value));
        while strip_trailing_word(&mut key) {
            keys.push((key.clone(), value));
        }
    }
    Index::new(keys.iter().map(|(k, v)| (k.as_str(), *v)))
}

/// The closest entry to `name` normalised: compared without the trailing
/// words most names share, "Coffee management" is far from "Change management".
fn nearest<T: Copy>(index: &Index<T>, name: &str, budget: &mut usize) -> Option<T> {
    index
        .nearest_within(&normalise(name), budget)
        .map(|n| *n.found[0])
}

/// What an out-of-scope declaration names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Phase(usize),
    Process(ProcessId),
}

fn index<T: Copy>(
    file: &str,
    what: &'static str,
    name: &str,
    aliases: &[String],
    value: T,
    into: &mut HashMap<String, T>,
) -> Result<(), CatalogError> {
    let mut seen: Vec<(String, &str)> = Vec::new();
    for written in names(name, aliases) {
        let normal = normalise(written);
        if normal.is_empty() {
            return Err(CatalogError::Empty {
                file: file.to_string(),
                what,
            });
        }
        let clash = seen.iter().find(|(n, _)| *n == normal).map(|(_, w)| *w);
        if into.contains_key(&normal) || clash.is_some() {
            return Err(CatalogError::Duplicate {
                file: file.to_string(),
                what,
                name: written.to_string(),
                other: clash.unwrap_or("another entry").to_string(),
                normal,
            });
        }
        seen.push((normal, written));
    }
    for (normal, _) in seen {
        into.insert(normal, value);
    }
    Ok(())
}

/// The built-in catalogs, loaded. Their loading is tested.
pub fn builtin() -> Result<Vec<Catalog>, CatalogError> {
    BUILTIN
        .iter()
        .map(|(file, text)| Catalog::from_toml(file, text))
        .collect()
}

#[cfg(test)]
mod tests;
