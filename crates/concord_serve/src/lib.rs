//! `concord serve`: the web checker for partners who never open a terminal. One page to upload a
//! document or paste text and read every finding in place (or download a Word or OpenDocument
//! file back with each finding as a comment), and a JSON API for a council's own systems. All are
//! channels of the shared pipeline: they check with `concord_pipeline::check_source` and render
//! with `concord_report` (the HTML fragment and the JSON report of `concord check`), and write
//! review copies with `concord_pipeline::review`, as `concord annotate` does.
//!
//! Nothing is kept: uploads are held in memory for their request only, never written to disk,
//! and the log says only sizes, formats, timings and counts. Limits protect the service: an
//! upload cap, a time limit per check, and a limit on checks at once beyond which requests are
//! refused with 503 and `Retry-After` rather than queued. An upload past the cap is read to its
//! end (within bounds) and thrown away before the refusal is sent, so the sender sees it.
//!
//! `listen` accepts connections within limits, `routes` holds the router, `upload` reads what
//! was sent within the cap and a minimum rate, `work` checks it off
//! the async runtime within the time limit, and `page` draws the form and the results.

mod listen;
mod page;
mod refusal;
mod routes;
mod service;
mod upload;
mod work;

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use concord_config::{ConfigChoice, ProjectError, Projects};

use crate::service::Service;

/// How the web checker runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The address to listen on.
    pub listen: SocketAddr,
    /// The configuration every check uses.
    pub config: ConfigChoice,
    /// Rule packs loaded besides the built-in ones and the configuration's.
    pub rules: Vec<PathBuf>,
    /// The largest document accepted, in megabytes.
    pub max_upload_mb: usize,
    /// The longest one check may take.
    pub time_limit: Duration,
    /// How many documents are checked at once; more are asked to try again shortly.
    pub concurrency: usize,
}

/// Why the web checker could not start, or stopped.
#[derive(Debug)]
pub enum ServeError {
    /// The configuration or a rule pack has mistakes.
    Project(ProjectError),
    /// The async runtime could not start.
    Runtime(std::io::Error),
    /// The address could not be listened on.
    Listen(SocketAddr, std::io::Error),
    /// Serving failed.
    Stopped(std::io::Error),
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::Project(err) => write!(f, "{err}"),
            ServeError::Runtime(err) => write!(f, "cannot start the web checker: {err}"),
            ServeError::Listen(address, err) => write!(f, "cannot listen on {address}: {err}"),
            ServeError::Stopped(err) => write!(f, "the web checker stopped: {err}"),
        }
    }
}

impl std::error::Error for ServeError {}

/// The web checker's routes for `options`, ready to serve (or to test in-process): loads the
/// configuration and rules once, for every request.
pub fn app(options: &ServeOptions) -> Result<Router, ServeError> {
    let project = Projects::new(options.config.clone(), &options.rules)
        .for_dir(Path::new("."))
        .map_err(ServeError::Project)?;
    let service = Arc::new(Service {
        packs: service::packs_checked(&project),
        project,
        max_upload: options.max_upload_mb * 1024 * 1024,
        time_limit: options.time_limit,
        slots: Arc::new(tokio::sync::Semaphore::new(options.concurrency.max(1))),
    });
    Ok(routes::router(service))
}

/// Runs the web checker until interrupted, saying where on standard error.
pub fn run(options: &ServeOptions) -> Result<(), ServeError> {
    let app = app(options)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(options.listen)
            .await
            .map_err(|err| ServeError::Listen(options.listen, err))?;
        let address = listener.local_addr().map_err(ServeError::Stopped)?;
        eprintln!("concord is checking documents at http://{address}/ (press Ctrl+C to stop)");
        listen::serve(listener, app, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(ServeError::Stopped)
    })
}
