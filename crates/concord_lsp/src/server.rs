//! The `LanguageServer` implementation: lifecycle, document sync, configuration, and the
//! scheduling of checks. Each request's work lives in its own module (`actions`, `hover`,
//! `lint`); the state and the jobs that check snapshots live in `state`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::lint::{Findings, published};
use crate::problems;
use crate::settings::Settings;
use crate::state::{Job, OpenDocument, Outcome, State, lock, remember};
use crate::text::{Encoding, Positions, apply_changes};
use crate::{actions, hover};

/// The concord language server.
pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
    /// Set when the client asks the server to shut down (before it says `exit`).
    shut_down: Arc<AtomicBool>,
}

impl Backend {
    /// A server talking to `client`.
    pub fn new(client: Client) -> Self {
        Backend::noting_shutdown(client, Arc::default())
    }

    /// A server talking to `client` that sets `shut_down` when asked to shut down, so whoever
    /// runs it can tell an orderly exit from one without `shutdown` (exit status 1, as the
    /// protocol asks).
    pub fn noting_shutdown(client: Client, shut_down: Arc<AtomicBool>) -> Self {
        Backend {
            client,
            state: Arc::new(Mutex::new(State::default())),
            shut_down,
        }
    }

    /// Records a new snapshot of `uri` and schedules a check of it, unless the client pulls.
    fn update(&self, uri: Uri, version: i32, text: String, language: String) {
        let (generation, debounce, push) = {
            let mut state = lock(&self.state);
            let generation = state.next_generation();
            state.documents.insert(
                uri.clone(),
                OpenDocument {
                    version,
                    text: text.into(),
                    language,
                    generation,
                    findings: None,
                },
            );
            (generation, state.debounce(), !state.pull)
        };
        if push {
            self.schedule(uri, generation, debounce);
        }
    }

    /// Checks `uri` after `debounce` and publishes the result if it is still current.
    fn schedule(&self, uri: Uri, generation: u64, debounce: Duration) {
        let state = self.state.clone();
        let client = self.client.clone();
        tokio::spawn(async move {
            tokio::time::sleep(debounce).await;
            let Some(job) = Job::prepare(&state, &uri, Some(generation)) else {
                return;
            };
            let Some((job, outcome)) = run(job, &client).await else {
                return;
            };
            let current = lock(&state)
                .documents
                .get(&uri)
                .is_some_and(|d| d.generation == generation);
            if !current {
                return;
            }
            let diagnostics = settle(&state, &client, &uri, &job, outcome).await;
            client
                .publish_diagnostics(uri, diagnostics, Some(job.version))
                .await;
        });
    }

    /// Re-reads the configuration and checks every open document again: clears what was shown
    /// on configuration files, then publishes afresh (or asks a pulling client to pull).
    fn recheck_all(&self) {
        let (documents, cleared, debounce, push) = {
            let mut state = lock(&self.state);
            state.reload();
            for document in state.documents.values_mut() {
                document.findings = None;
            }
            let documents: Vec<(Uri, u64)> = state
                .documents
                .iter()
                .map(|(u, d)| (u.clone(), d.generation))
                .collect();
            let cleared: Vec<Uri> = state.problem_files.drain().collect();
            (documents, cleared, state.debounce(), !state.pull)
        };
        let client = self.client.clone();
        tokio::spawn(async move {
            for uri in cleared {
                client.publish_diagnostics(uri, Vec::new(), None).await;
            }
            if !push {
                let _ = client
                    .send_request::<request::WorkspaceDiagnosticRefresh>(())
                    .await;
            }
        });
        if push {
            for (uri, generation) in documents {
                self.schedule(uri, generation, debounce);
            }
        }
    }

    /// The findings in `uri` now: those of its current generation when it has been checked,
    /// otherwise checked now, off the async runtime. With the job that found them.
    async fn findings_now(&self, uri: &Uri) -> Option<(Job, Arc<Findings>)> {
        let job = Job::prepare(&self.state, uri, None)?;
        let (job, outcome) = run(job, &self.client).await?;
        match outcome {
            Outcome::Findings(findings) => {
                remember(&self.state, uri, job.generation, &findings);
                Some((job, findings))
            }
            Outcome::Problem(_) => None,
        }
    }
}

/// Runs `job` on a blocking thread; a panic while checking is logged, not fatal.
async fn run(job: Job, client: &Client) -> Option<(Job, Outcome)> {
    match tokio::task::spawn_blocking(move || {
        let outcome = job.run();
        (job, outcome)
    })
    .await
    {
        Ok(done) => Some(done),
        Err(err) => {
            let message = format!("concord failed to check a document: {err}");
            client.log_message(MessageType::ERROR, message).await;
            None
        }
    }
}

/// The LSP diagnostics of an outcome for the document `uri`. Findings are remembered for
/// hovers and code actions; a configuration mistake is shown where it is (on `concord.toml`
/// at its line) and the document gets none.
async fn settle(
    state: &Mutex<State>,
    client: &Client,
    uri: &Uri,
    job: &Job,
    outcome: Outcome,
) -> Vec<Diagnostic> {
    match outcome {
        Outcome::Findings(findings) => {
            remember(state, uri, job.generation, &findings);
            // Its configuration loads now: clear a mistake shown on it before, even for a
            // client that watches no files and so never said the file changed.
            let config = job.config_file().and_then(Uri::from_file_path);
            if let Some(config) = config {
                let was_shown = {
                    let mut state = lock(state);
                    let was_shown = state.problem_files.remove(&config);
                    if was_shown {
                        state.announced.clear();
                    }
                    was_shown
                };
                if was_shown {
                    client.publish_diagnostics(config, Vec::new(), None).await;
                }
            }
            published(&findings, &Positions::new(&job.text, job.encoding))
        }
        Outcome::Problem(error) => {
            let placed = problems::place(&error, job.encoding);
            let announce = {
                let mut state = lock(state);
                state
                    .problem_files
                    .extend(placed.by_file.values().map(|(u, _)| u.clone()));
                state.announced.insert(error.to_string())
            };
            for (file, diagnostics) in placed.by_file.into_values() {
                client.publish_diagnostics(file, diagnostics, None).await;
            }
            if announce {
                let message = format!("concord cannot check these files: {error}");
                client.show_message(MessageType::ERROR, message).await;
            }
            Vec::new()
        }
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
        let watch_config = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        let settings = params
            .initialization_options
            .as_ref()
            .map(Settings::from_json);
        let warning = {
            let mut state = lock(&self.state);
            state.watch_config = watch_config;
            state.encoding = if offers_utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            };
            state.pull = pull;
            match settings {
                Some(Ok((settings, layer))) => {
                    state.reconfigure(settings, layer);
                    None
                }
                Some(Err(err)) => Some(err),
                None => None,
            }
        };
        if let Some(warning) = warning {
            self.client.show_message(MessageType::ERROR, warning).await;
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
        // Only a client that said it can watch files is asked to; the request is not awaited
        // here, so a client that never answers cannot hold up `shutdown` or `exit`. Without
        // watching, concord.toml is read again when it is saved in the editor.
        if !lock(&self.state).watch_config {
            return;
        }
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
        let client = self.client.clone();
        tokio::spawn(async move {
            let _ = client.register_capability(vec![registration]).await;
        });
    }

    async fn shutdown(&self) -> Result<()> {
        self.shut_down.store(true, Ordering::Relaxed);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        self.update(doc.uri, doc.version, doc.text, doc.language_id);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let updated = {
            let state = lock(&self.state);
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
        let removed = lock(&self.state)
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
            Ok((settings, layer)) => {
                let changed = {
                    let mut state = lock(&self.state);
                    let changed = state.settings != settings;
                    if changed {
                        state.reconfigure(settings, layer);
                    }
                    changed
                };
                // Clients such as Eglot send their settings right after opening a file; the
                // same settings again need no second check.
                if changed {
                    self.recheck_all();
                }
            }
            Err(err) => self.client.show_message(MessageType::ERROR, err).await,
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
            if !lock(&self.state).documents.contains_key(&uri) {
                return Err(Error::invalid_params(format!(
                    "{} is not open",
                    uri.as_str()
                )));
            }
            return Ok(full_report(Vec::new()));
        };
        let Some((job, outcome)) = run(job, &self.client).await else {
            return Ok(full_report(Vec::new()));
        };
        let diagnostics = settle(&self.state, &self.client, &uri, &job, outcome).await;
        Ok(full_report(diagnostics))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let Some((job, findings)) = self.findings_now(&params.text_document.uri).await else {
            return Ok(None);
        };
        Ok(Some(actions::code_actions(&job, &findings, &params)))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = &params.text_document_position_params;
        let Some((job, findings)) = self.findings_now(&at.text_document.uri).await else {
            return Ok(None);
        };
        Ok(hover::hover(&job, &findings, at.position))
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
