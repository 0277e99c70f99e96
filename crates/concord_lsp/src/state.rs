//! What the server knows, and the jobs that check a snapshot of it.
//!
//! tower-lsp runs handlers concurrently, so an `.await` inside a handler could let a later
//! `didChange` overtake an earlier one. Every change to the state happens synchronously, under
//! one lock that is never held across an `.await` or while a project loads or a document is
//! checked; documents are immutable snapshots with a generation number, and a result is kept
//! only if its document has not moved on.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use concord_config::{Config, ConfigChoice, ProjectError, Projects};
use tower_lsp_server::ls_types::Uri;

use crate::lint::{Findings, lint};
use crate::settings::Settings;
use crate::text::Encoding;

/// Default wait after a change before checking, so a burst of keystrokes is checked once.
const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(1);

/// An open document: an immutable snapshot of its text, replaced on every change.
#[derive(Clone)]
pub struct OpenDocument {
    /// The client's version number.
    pub version: i32,
    /// The text.
    pub text: Arc<str>,
    /// The client's language id (`markdown`, `html`, `plaintext`, …).
    pub language: String,
    /// Bumped on every change; a lint result for an older generation is dropped.
    pub generation: u64,
    /// The findings of this generation, once checked: hovers and code actions use them.
    pub findings: Option<Arc<Findings>>,
}

/// Everything the server knows.
pub struct State {
    /// Open documents by URI.
    pub documents: HashMap<Uri, OpenDocument>,
    /// Projects resolved with the current editor settings layered on; replaced, not cleared,
    /// when the settings or a `concord.toml` change, so a running job keeps its own.
    pub projects: Arc<Projects>,
    /// The client's settings.
    pub settings: Settings,
    /// The settings' configuration layer.
    pub layer: Config,
    /// How the client counts characters.
    pub encoding: Encoding,
    /// The client asks for diagnostics (`textDocument/diagnostic`) instead of being sent them.
    pub pull: bool,
    /// The client can be asked to watch `concord.toml` files.
    pub watch_config: bool,
    /// Files other than open documents (`concord.toml`, rule packs) that diagnostics were
    /// published on, to clear when the configuration changes.
    pub problem_files: HashSet<Uri>,
    /// Configuration mistakes already shown as a message, so each is shown once.
    pub announced: HashSet<String>,
    next_generation: u64,
}

impl Default for State {
    fn default() -> Self {
        State {
            documents: HashMap::new(),
            projects: Arc::new(Projects::new(ConfigChoice::Nearest, &[])),
            settings: Settings::default(),
            layer: Config::default(),
            encoding: Encoding::Utf16,
            pull: false,
            watch_config: false,
            problem_files: HashSet::new(),
            announced: HashSet::new(),
            next_generation: 0,
        }
    }
}

impl State {
    /// How long to wait after a change before checking.
    pub fn debounce(&self) -> Duration {
        self.settings
            .debounce_ms
            .map_or(DEFAULT_DEBOUNCE, Duration::from_millis)
    }

    /// A new generation number for a snapshot.
    pub fn next_generation(&mut self) -> u64 {
        self.next_generation += 1;
        self.next_generation
    }

    /// Takes new settings and forgets every resolved project, so the next check reads the
    /// configuration files again with the settings on top.
    pub fn reconfigure(&mut self, settings: Settings, layer: Config) {
        self.settings = settings;
        self.layer = layer;
        self.reload();
    }

    /// Forgets every resolved project (a `concord.toml` changed).
    pub fn reload(&mut self) {
        self.projects =
            Arc::new(Projects::new(ConfigChoice::Nearest, &[]).with_layer(self.layer.clone()));
        self.announced.clear();
    }
}

/// Locks the state; a panic elsewhere leaves it usable, as every update replaces whole entries.
pub fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What checking a snapshot gave.
pub enum Outcome {
    /// The document's findings.
    Findings(Arc<Findings>),
    /// The document's configuration could not be loaded.
    Problem(ProjectError),
}

/// A snapshot of what one check needs, taken under the lock and run without it.
pub struct Job {
    projects: Arc<Projects>,
    /// The document's path.
    pub path: PathBuf,
    /// The client's language id.
    pub language: String,
    /// The text checked.
    pub text: Arc<str>,
    /// The client's version of the text.
    pub version: i32,
    /// The snapshot's generation.
    pub generation: u64,
    /// How the client counts characters.
    pub encoding: Encoding,
    /// The findings of this generation, when already checked.
    cached: Option<Arc<Findings>>,
}

impl Job {
    /// The snapshot of `uri`, or `None` if it is closed, not a checked language, or (with
    /// `generation`) has changed since.
    pub fn prepare(state: &Mutex<State>, uri: &Uri, generation: Option<u64>) -> Option<Job> {
        let state = lock(state);
        let document = state.documents.get(uri)?;
        if generation.is_some_and(|g| g != document.generation)
            || !state.settings.checks(&document.language)
        {
            return None;
        }
        let path = uri
            .to_file_path()
            .map(|p| p.into_owned())
            .unwrap_or_else(|| PathBuf::from("untitled"));
        Some(Job {
            projects: state.projects.clone(),
            path,
            language: document.language.clone(),
            text: document.text.clone(),
            version: document.version,
            generation: document.generation,
            encoding: state.encoding,
            cached: document.findings.clone(),
        })
    }

    /// The configuration file that applies to the document, if any.
    pub fn config_file(&self) -> Option<PathBuf> {
        self.projects
            .config_file(self.path.parent().unwrap_or(Path::new(".")))
    }

    /// Checks the snapshot (or takes the findings already found for it): loads its project if
    /// needed, then runs the shared pipeline. Blocking: run it off the async runtime.
    pub fn run(&self) -> Outcome {
        if let Some(findings) = &self.cached {
            return Outcome::Findings(findings.clone());
        }
        let dir = self.path.parent().unwrap_or(Path::new("."));
        match self.projects.for_dir(dir) {
            Ok(project) => Outcome::Findings(Arc::new(lint(
                project,
                &self.path,
                &self.language,
                &self.text,
            ))),
            Err(err) => Outcome::Problem(err),
        }
    }
}

/// Keeps `findings` as the result of `uri` at `generation`, if the document is still there.
pub fn remember(state: &Mutex<State>, uri: &Uri, generation: u64, findings: &Arc<Findings>) {
    if let Some(document) = lock(state).documents.get_mut(uri)
        && document.generation == generation
    {
        document.findings = Some(findings.clone());
    }
}
