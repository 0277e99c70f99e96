//! The configuration each file is checked under, and the rules it loads, cached per
//! configuration file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Result, bail};
use concord_config::Config;
use concord_engine::RuleSet;

use crate::packs;

/// A configuration and the rule set it needs (built-in packs, `--rules`, its `pack-paths`).
pub struct Project {
    /// The merged configuration (empty when none applies).
    pub config: Config,
    /// The rules loaded for it.
    pub rules: RuleSet,
}

/// Which configuration applies, as chosen on the command line.
#[derive(Debug, Clone)]
pub enum ConfigChoice {
    /// The nearest `concord.toml` above each file.
    Nearest,
    /// This file, for every input.
    File(PathBuf),
    /// No configuration at all (`--no-config`).
    None,
}

/// Projects by configuration file, loaded once each.
pub struct Projects {
    choice: ConfigChoice,
    extra_packs: Vec<PathBuf>,
    loaded: HashMap<Option<PathBuf>, Arc<Project>>,
}

impl Projects {
    /// Projects for `choice`, each also loading the packs in `extra_packs` (`--rules`).
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

    /// The project for a file in folder `dir`. A configuration mistake is an error naming its
    /// file, line and key.
    pub fn for_dir(&mut self, dir: &Path) -> Result<Arc<Project>> {
        let path = match &self.choice {
            ConfigChoice::Nearest => concord_config::nearest(dir),
            ConfigChoice::File(path) => Some(path.clone()),
            ConfigChoice::None => None,
        };
        if let Some(project) = self.loaded.get(&path) {
            return Ok(project.clone());
        }
        let config = match &path {
            Some(path) => Config::load(path)?,
            None => Config::default(),
        };
        let pack_paths = self
            .extra_packs
            .iter()
            .cloned()
            .chain(config.pack_paths.iter().map(|p| p.value.clone()));
        let rules = packs::load(&pack_paths.collect::<Vec<_>>())?;
        let errors = config.validate(&rules);
        if !errors.is_empty() {
            let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
            bail!(
                "the configuration has {} problem(s):\n  {}",
                list.len(),
                list.join("\n  ")
            );
        }
        let project = Arc::new(Project { config, rules });
        self.loaded.insert(path, project.clone());
        Ok(project)
    }
}
