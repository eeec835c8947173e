//! ITSM process catalogs (ITIL v3 / 2011, ITIL 4) as data from
//! `rules/catalogs/*.toml`: phases (ITIL 4: practice groups), their processes,
//! and the aliases writers use, all matched after [`normalise`].

mod normalise;

use std::collections::HashMap;

use serde::Deserialize;

pub use normalise::normalise;

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
    pub phases: Vec<Phase>,
    /// Normalised name or alias -> process.
    processes: HashMap<String, ProcessId>,
    /// Normalised name or alias -> phase.
    phase_names: HashMap<String, usize>,
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
        Ok(Catalog {
            id: data.id,
            title: data.title,
            phases: data.phase,
            processes,
            phase_names,
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

    /// The canonical names closest to an unknown name, if one is a likely
    /// misspelling (or the unknown name contains a known one).
    pub fn suggest(&self, name: &str) -> Option<&str> {
        let wanted = normalise(name);
        if wanted.is_empty() {
            return None;
        }
        let limit = (wanted.chars().count() / 4).max(2);
        let mut best: Option<(usize, ProcessId)> = None;
        for (known, &id) in &self.processes {
            let distance = strsim::levenshtein(&wanted, known);
            let better = best.is_none_or(|(d, b)| (distance, id) < (d, b));
            if distance <= limit && better {
                best = Some((distance, id));
            }
        }
        best.map(|(_, id)| self.process(id).name.as_str())
    }
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
    for written in std::iter::once(name).chain(aliases.iter().map(String::as_str)) {
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
