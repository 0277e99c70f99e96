//! The configuration each file is checked under, and the rules it loads, resolved once per
//! configuration file and cached. Shared by the command line and the language server.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use concord_engine::RuleSet;

use crate::config::Config;
use crate::error::ProjectError;
use crate::packs::load_packs;
use crate::registry::Registry;

/// A configuration and the rule set it needs (built-in packs, extra packs, its `pack-paths`).
pub struct Project {
    /// The merged configuration (empty when none applies), with any layer on top.
    pub config: Config,
    /// The rules loaded for it.
    pub rules: RuleSet,
    /// Its rules as reports describe them, built once with the project.
    pub registry: Registry,
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
/// together against the rules they load. Safe to share between threads: a project is loaded
/// without holding up users of other projects, and threads that ask for one being loaded wait
/// for it instead of compiling its rules again (an editor opening twenty documents at once
/// builds the rules once). A project that fails to load is tried again next time, and one whose
/// configuration file has changed on disk since it was loaded is loaded again (an editor that
/// watches no files still sees a corrected `concord.toml`).
pub struct Projects {
    choice: ConfigChoice,
    extra_packs: Vec<PathBuf>,
    top: Option<Config>,
    loaded: Mutex<HashMap<Option<PathBuf>, Slot>>,
}

/// One configuration file's project, with the file's [`Stamp`] when it was read: empty until
/// loaded; locked while it loads.
type Slot = Arc<Mutex<Option<(Arc<Project>, Option<Stamp>)>>>;

/// What tells that a file changed: its modification time and its length (two writes within
/// one tick of a coarse file-system clock still differ in length, mostly).
type Stamp = (SystemTime, u64);

/// The stamp of the file at `path`, if it can be read.
fn stamp(path: Option<&Path>) -> Option<Stamp> {
    let metadata = std::fs::metadata(path?).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}

/// Locks `mutex`; the values behind it are only ever replaced whole, so they stay usable after
/// a panic elsewhere.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
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

    /// Every project loaded so far.
    pub fn all(&self) -> Vec<Arc<Project>> {
        let slots: Vec<Slot> = lock(&self.loaded).values().cloned().collect();
        slots
            .iter()
            .filter_map(|slot| lock(slot).as_ref().map(|(project, _)| project.clone()))
            .collect()
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
        let slot = lock(&self.loaded).entry(path.clone()).or_default().clone();
        let mut slot = lock(&slot);
        let stamp = stamp(path.as_deref());
        if let Some((project, read)) = &*slot
            && *read == stamp
        {
            return Ok(project.clone());
        }
        *slot = None;
        let project = Arc::new(self.load(path.as_deref())?);
        *slot = Some((project.clone(), stamp));
        Ok(project)
    }

    /// Loads the project of the configuration file at `path` (none: defaults only).
    fn load(&self, path: Option<&Path>) -> Result<Project, ProjectError> {
        let mut config = match path {
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
        let registry = Registry::new([&rules]);
        Ok(Project {
            config,
            rules,
            registry,
        })
    }
}
