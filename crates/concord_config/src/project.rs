//! The configuration each file is checked under, and the rules it loads, resolved once per
//! configuration file and cached. Shared by the command line and the language server.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use concord_engine::{PackError, RuleSet};

use crate::config::Config;
use crate::error::ConfigError;
use crate::packs::load_packs;

/// A configuration and the rule set it needs (built-in packs, extra packs, its `pack-paths`).
pub struct Project {
    /// The merged configuration (empty when none applies), with any layer on top.
    pub config: Config,
    /// The rules loaded for it.
    pub rules: RuleSet,
}

/// Why a project could not be loaded: configuration or rule pack mistakes, each located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectError {
    /// What the problems are about, when there is a list of them ("the configuration has 2
    /// problem(s)").
    pub heading: Option<String>,
    /// The mistakes.
    pub problems: Vec<ConfigError>,
}

impl ProjectError {
    /// One mistake with no place in a file.
    pub(crate) fn message(message: String) -> Self {
        ProjectError {
            heading: None,
            problems: vec![ConfigError {
                file: PathBuf::new(),
                position: None,
                message,
            }],
        }
    }

    /// The mistakes of some rule packs. Mistakes in built-in packs have no file.
    pub(crate) fn packs(errors: &[PackError]) -> Self {
        ProjectError {
            heading: Some(format!("the rule packs have {} problem(s)", errors.len())),
            problems: errors
                .iter()
                .map(|e| ConfigError {
                    file: PathBuf::from(&e.origin),
                    position: e.line.zip(e.column),
                    message: e.message.clone(),
                })
                .collect(),
        }
    }
}

impl fmt::Display for ProjectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let problem = |e: &ConfigError| {
            if e.file.as_os_str().is_empty() {
                e.message.clone()
            } else {
                e.to_string()
            }
        };
        match &self.heading {
            Some(heading) => {
                write!(f, "{heading}:")?;
                for e in &self.problems {
                    write!(f, "\n  {}", problem(e))?;
                }
                Ok(())
            }
            None => {
                let list: Vec<String> = self.problems.iter().map(problem).collect();
                f.write_str(&list.join("\n"))
            }
        }
    }
}

impl std::error::Error for ProjectError {}

impl From<ConfigError> for ProjectError {
    fn from(error: ConfigError) -> Self {
        ProjectError {
            heading: None,
            problems: vec![error],
        }
    }
}

/// Which configuration applies.
#[derive(Debug, Clone)]
pub enum ConfigChoice {
    /// The nearest `concord.toml` above each file.
    Nearest,
    /// This file, for every input.
    File(PathBuf),
    /// No configuration at all.
    None,
}

/// Projects by configuration file, each resolved once: built-in defaults, the configuration
/// file with everything it extends, then a layer on top (an editor's settings), validated
/// together against the rules they load. Safe to share between threads; a project is loaded
/// without holding up users of projects already loaded.
pub struct Projects {
    choice: ConfigChoice,
    extra_packs: Vec<PathBuf>,
    top: Option<Config>,
    loaded: Mutex<HashMap<Option<PathBuf>, Arc<Project>>>,
}

impl Projects {
    /// Projects for `choice`, each also loading the packs in `extra_packs`.
    pub fn new(choice: ConfigChoice, extra_packs: &[PathBuf]) -> Self {
        Projects {
            choice,
            extra_packs: extra_packs.to_vec(),
            top: None,
            loaded: Mutex::new(HashMap::new()),
        }
    }

    /// The same projects with `top` layered over every configuration.
    pub fn with_layer(mut self, top: Config) -> Self {
        self.top = Some(top);
        self
    }

    fn loaded(&self) -> std::sync::MutexGuard<'_, HashMap<Option<PathBuf>, Arc<Project>>> {
        // The map only ever gains whole entries, so it stays usable after a panic elsewhere.
        self.loaded.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Every project loaded so far.
    pub fn all(&self) -> Vec<Arc<Project>> {
        self.loaded().values().cloned().collect()
    }

    /// The configuration file that applies to a file in folder `dir`, if any.
    pub fn config_file(&self, dir: &Path) -> Option<PathBuf> {
        match &self.choice {
            ConfigChoice::Nearest => crate::nearest(dir),
            ConfigChoice::File(path) => Some(path.clone()),
            ConfigChoice::None => None,
        }
    }

    /// The project for a file in folder `dir`. Every mistake is located at its file, line and
    /// column.
    pub fn for_dir(&self, dir: &Path) -> Result<Arc<Project>, ProjectError> {
        let path = self.config_file(dir);
        if let Some(project) = self.loaded().get(&path) {
            return Ok(project.clone());
        }
        let mut config = match &path {
            Some(path) => Config::load(path)?,
            None => Config::default(),
        };
        if let Some(top) = &self.top {
            config.layer(top.clone());
        }
        let pack_paths: Vec<PathBuf> = self
            .extra_packs
            .iter()
            .cloned()
            .chain(config.pack_paths.iter().map(|p| p.value.clone()))
            .collect();
        let rules = load_packs(&pack_paths)?;
        let errors = config.validate(&rules);
        if !errors.is_empty() {
            return Err(ProjectError {
                heading: Some(format!("the configuration has {} problem(s)", errors.len())),
                problems: errors,
            });
        }
        let project = Arc::new(Project { config, rules });
        self.loaded().entry(path).or_insert_with(|| project.clone());
        Ok(project)
    }
}
