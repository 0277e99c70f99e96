//! The configuration each file is checked under, and the rules it loads, cached per
//! configuration file. Shared by the command line and the language server.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use concord_engine::RuleSet;

use crate::config::Config;
use crate::packs::load_packs;

/// A configuration and the rule set it needs (built-in packs, extra packs, its `pack-paths`).
pub struct Project {
    /// The merged configuration (empty when none applies).
    pub config: Config,
    /// The rules loaded for it.
    pub rules: RuleSet,
}

/// Why a project could not be loaded: a configuration or rule pack mistake, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectError(pub String);

impl fmt::Display for ProjectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ProjectError {}

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

/// Projects by configuration file, loaded once each.
pub struct Projects {
    choice: ConfigChoice,
    extra_packs: Vec<PathBuf>,
    loaded: HashMap<Option<PathBuf>, Arc<Project>>,
}

impl Projects {
    /// Projects for `choice`, each also loading the packs in `extra_packs`.
    pub fn new(choice: ConfigChoice, extra_packs: &[PathBuf]) -> Self {
        Projects {
            choice,
            extra_packs: extra_packs.to_vec(),
            loaded: HashMap::new(),
        }
    }

    /// Every rule set loaded so far.
    pub fn rule_sets(&self) -> impl Iterator<Item = &RuleSet> {
        self.loaded.values().map(|p| &p.rules)
    }

    /// Forgets every loaded project, so the next use reads the configuration files again.
    pub fn clear(&mut self) {
        self.loaded.clear();
    }

    /// The project for a file in folder `dir`. A configuration mistake is an error naming its
    /// file, line and key.
    pub fn for_dir(&mut self, dir: &Path) -> Result<Arc<Project>, ProjectError> {
        let path = match &self.choice {
            ConfigChoice::Nearest => crate::nearest(dir),
            ConfigChoice::File(path) => Some(path.clone()),
            ConfigChoice::None => None,
        };
        if let Some(project) = self.loaded.get(&path) {
            return Ok(project.clone());
        }
        let config = match &path {
            Some(path) => Config::load(path).map_err(|err| ProjectError(err.to_string()))?,
            None => Config::default(),
        };
        let pack_paths: Vec<PathBuf> = self
            .extra_packs
            .iter()
            .cloned()
            .chain(config.pack_paths.iter().map(|p| p.value.clone()))
            .collect();
        let rules = load_packs(&pack_paths)?;
        let errors = config.validate(&rules);
        if !errors.is_empty() {
            let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
            return Err(ProjectError(format!(
                "the configuration has {} problem(s):\n  {}",
                list.len(),
                list.join("\n  ")
            )));
        }
        let project = Arc::new(Project { config, rules });
        self.loaded.insert(path, project.clone());
        Ok(project)
    }
}
