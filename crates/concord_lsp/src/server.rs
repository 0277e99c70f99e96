//! The language server: document sync, diagnostics (push and pull), code actions, hover,
//! configuration.
//!
//! tower-lsp runs handlers concurrently, so an `.await` inside a handler could let a later
//! `didChange` overtake an earlier one. Every handler that changes state does so synchronously,
//! under one lock, before its first `.await`; documents are immutable snapshots with a
//! generation number; checking runs in its own task after a short debounce, on a blocking
//! thread, and its result is dropped if the document has moved on.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use concord_config::{ConfigChoice, Project, Projects};
use concord_pipeline::registry::Registry;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::lint::{Findings, format_of, lint, to_lsp};
use crate::settings::Settings;
use crate::text::{Encoding, OpenDocument, Positions, apply_changes};
use crate::{actions, hover};

/// Default wait after a change before checking, so a burst of keystrokes is checked once.
const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(1);

/// Everything the server knows, behind one lock that is never held across an `.await`.
pub(crate) struct State {
    pub documents: HashMap<Uri, OpenDocument>,
    pub projects: Projects,
    pub settings: Settings,
    pub encoding: Encoding,
    /// The client asks for diagnostics (`textDocument/diagnostic`) instead of being sent them.
    pub pull: bool,
    next_generation: u64,
}

impl State {
    /// How long to wait after a change before checking.
    fn debounce(&self) -> Duration {
        self.settings
            .debounce_ms
            .map_or(DEFAULT_DEBOUNCE, Duration::from_millis)
    }
}

/// The concord language server.
pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
}

impl Backend {
    /// A server talking to `client`.
    pub fn new(client: Client) -> Self {
        let state = State {
            documents: HashMap::new(),
            projects: Projects::new(ConfigChoice::Nearest, &[]),
            settings: Settings::default(),
            encoding: Encoding::Utf16,
            pull: false,
            next_generation: 0,
        };
        Backend {
            client,
            state: Arc::new(Mutex::new(state)),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves the state usable: every update is a whole
        // replacement of one entry.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Records a new snapshot of `uri` and schedules a check of it, unless the client pulls.
    fn update(&self, uri: Uri, version: i32, text: String, language: String) {
        let (generation, debounce, push) = {
            let mut state = self.state();
            state.next_generation += 1;
            let generation = state.next_generation;
            state.documents.insert(
                uri.clone(),
                OpenDocument {
                    version,
                    text: text.into(),
                    language,
                    generation,
                },
            );
            let debounce = state.debounce();
            (generation, debounce, !state.pull)
        };
        if push {
            self.schedule(uri, generation, debounce);
        }
    }

    /// Checks `uri` after `debounce`, and publishes the result if it is still current.
    fn schedule(&self, uri: Uri, generation: u64, debounce: Duration) {
        let state = self.state.clone();
        let client = self.client.clone();
        tokio::spawn(async move {
            tokio::time::sleep(debounce).await;
            let Some(job) = Job::prepare(&state, &uri, Some(generation)) else {
                return;
            };
            let version = job.version;
            let diagnostics = match tokio::task::spawn_blocking(move || job.run()).await {
                Ok(diagnostics) => diagnostics,
                Err(err) => {
                    client
                        .log_message(
                            MessageType::ERROR,
                            format!("concord failed to check {}: {err}", uri.as_str()),
                        )
                        .await;
                    return;
                }
            };
            let current = lock(&state)
                .documents
                .get(&uri)
                .is_some_and(|d| d.generation == generation);
            if current {
                client
                    .publish_diagnostics(uri, diagnostics, Some(version))
                    .await;
            }
        });
    }

    /// Schedules a check of every open document (after the configuration changed).
    fn recheck_all(&self) {
        let (documents, debounce, push) = {
            let mut state = self.state();
            state.projects.clear();
            let documents: Vec<(Uri, u64)> = state
                .documents
                .iter()
                .map(|(u, d)| (u.clone(), d.generation))
                .collect();
            let debounce = state.debounce();
            (documents, debounce, !state.pull)
        };
        if push {
            for (uri, generation) in documents {
                self.schedule(uri, generation, debounce);
            }
        } else {
            let client = self.client.clone();
            tokio::spawn(async move {
                let _ = client
                    .send_request::<request::WorkspaceDiagnosticRefresh>(())
                    .await;
            });
        }
    }

    /// The current findings in `uri`, checked now (for code actions, hover and pull).
    pub(crate) fn findings_now(&self, uri: &Uri) -> Option<(Arc<str>, String, Findings, Encoding)> {
        let job = Job::prepare(&self.state, uri, None)?;
        let (text, language, encoding) = (job.text.clone(), job.language.clone(), job.encoding);
        Some((text, language, job.lint(), encoding))
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A snapshot of what one check needs, taken under the lock and run without it.
struct Job {
    project: Option<Arc<Project>>,
    settings: Settings,
    path: PathBuf,
    language: String,
    text: Arc<str>,
    version: i32,
    encoding: Encoding,
    problem: Option<String>,
}

impl Job {
    /// The snapshot of `uri`, or `None` if it is closed, not a checked language, or (with
    /// `generation`) has changed since.
    fn prepare(state: &Mutex<State>, uri: &Uri, generation: Option<u64>) -> Option<Job> {
        let mut state = lock(state);
        let document = state.documents.get(uri)?.clone();
        if generation.is_some_and(|g| g != document.generation)
            || !state.settings.checks(&document.language)
        {
            return None;
        }
        let path = uri
            .to_file_path()
            .map(|p| p.into_owned())
            .unwrap_or_else(|| PathBuf::from("untitled"));
        let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let (project, problem) = match state.projects.for_dir(&dir) {
            Ok(project) => (Some(project), None),
            Err(err) => (None, Some(err.to_string())),
        };
        Some(Job {
            project,
            settings: state.settings.clone(),
            path,
            language: document.language,
            text: document.text,
            version: document.version,
            encoding: state.encoding,
            problem,
        })
    }

    fn lint(&self) -> Findings {
        match &self.project {
            Some(project) => Findings {
                diagnostics: lint(
                    project,
                    &self.settings,
                    &self.path,
                    &self.language,
                    &self.text,
                ),
                registry: Registry::new([&project.rules]),
            },
            None => Findings {
                diagnostics: Vec::new(),
                registry: Registry::default(),
            },
        }
    }

    /// The findings as LSP diagnostics; a configuration problem becomes one diagnostic at the top.
    fn run(self) -> Vec<Diagnostic> {
        if let Some(problem) = &self.problem {
            return vec![Diagnostic {
                range: Range::default(),
                severity: Some(DiagnosticSeverity::ERROR),
                source: Some("concord".into()),
                message: format!("concord cannot check this file: {problem}"),
                ..Diagnostic::default()
            }];
        }
        let positions = Positions::new(&self.text, self.encoding);
        let findings = self.lint();
        findings
            .diagnostics
            .iter()
            .map(|d| to_lsp(d, &findings.registry, &positions))
            .collect()
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let offers_utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|encodings| encodings.contains(&PositionEncodingKind::UTF8));
        let pull = params
            .capabilities
            .text_document
            .as_ref()
            .is_some_and(|t| t.diagnostic.is_some());
        let settings = params
            .initialization_options
            .as_ref()
            .map(Settings::from_json);
        let warning = {
            let mut state = self.state();
            state.encoding = if offers_utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            };
            state.pull = pull;
            match settings {
                Some(Ok(settings)) => {
                    state.settings = settings;
                    None
                }
                Some(Err(err)) => Some(err),
                None => None,
            }
        };
        if let Some(warning) = warning {
            self.client.log_message(MessageType::WARNING, warning).await;
        }
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "concord".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(if offers_utf8 {
                    PositionEncodingKind::UTF8
                } else {
                    PositionEncodingKind::UTF16
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            actions::FIX_ALL.clone(),
                        ]),
                        ..CodeActionOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                diagnostic_provider: pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("concord".into()),
                        inter_file_dependencies: false,
                        workspace_diagnostics: false,
                        ..DiagnosticOptions::default()
                    })
                }),
                ..ServerCapabilities::default()
            },
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let watchers = ["**/concord.toml", "**/.concord.toml"].map(|glob| FileSystemWatcher {
            glob_pattern: GlobPattern::String(glob.into()),
            kind: None,
        });
        let registration = Registration {
            id: "concord-config-watcher".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers: watchers.to_vec(),
            })
            .ok(),
        };
        // Clients that cannot watch files answer with an error; concord.toml is then re-read
        // when it is saved in the editor.
        let _ = self.client.register_capability(vec![registration]).await;
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        self.update(doc.uri, doc.version, doc.text, doc.language_id);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let updated = {
            let state = self.state();
            state.documents.get(&uri).map(|d| {
                (
                    apply_changes(&d.text, &params.content_changes, state.encoding),
                    d.language.clone(),
                )
            })
        };
        match updated {
            Some((text, language)) => {
                self.update(uri, params.text_document.version, text, language)
            }
            None => {
                let message = format!(
                    "concord ignored a change to {}, which was never opened",
                    uri.as_str()
                );
                self.client.log_message(MessageType::WARNING, message).await;
            }
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        if is_config(&params.text_document.uri) {
            self.recheck_all();
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let removed = self
            .state()
            .documents
            .remove(&params.text_document.uri)
            .is_some();
        if removed {
            self.client
                .publish_diagnostics(params.text_document.uri, Vec::new(), None)
                .await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        match Settings::from_json(&params.settings) {
            Ok(settings) => {
                self.state().settings = settings;
                self.recheck_all();
            }
            Err(err) => self.client.log_message(MessageType::WARNING, err).await,
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        if params.changes.iter().any(|change| is_config(&change.uri)) {
            self.recheck_all();
        }
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let Some(job) = Job::prepare(&self.state, &uri, None) else {
            let known = self.state().documents.contains_key(&uri);
            if !known {
                return Err(Error::invalid_params(format!(
                    "{} is not open",
                    uri.as_str()
                )));
            }
            return Ok(full_report(Vec::new()));
        };
        let diagnostics = tokio::task::spawn_blocking(move || job.run())
            .await
            .unwrap_or_default();
        Ok(full_report(diagnostics))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        Ok(actions::code_actions(self, &params))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        Ok(hover::hover(self, &params.text_document_position_params))
    }
}

fn full_report(items: Vec<Diagnostic>) -> DocumentDiagnosticReportResult {
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
        RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: None,
                items,
            },
        },
    ))
}

fn is_config(uri: &Uri) -> bool {
    concord_config::FILE_NAMES
        .iter()
        .any(|name| uri.as_str().ends_with(&format!("/{name}")))
}

/// The format a document is read as (used by code actions for suppression comments).
pub(crate) fn supports_comments(language: &str) -> bool {
    format_of(language) != concord_formats::Format::Text
}
