//! `concord serve`: the web checker for partners who never open a terminal. One page to upload a
//! document or paste text and read every finding in place (or download a Word or OpenDocument
//! file back with each finding as a comment), and a JSON API for a council's own systems. All are
//! channels of the shared pipeline: they read and check with `check::check_bytes` and render
//! with `render::html` and `render::json`, as `concord check` does, and write review copies with
//! `concord_pipeline::review`, as `concord annotate` does.
//!
//! Nothing is kept: uploads are held in memory for their request only, never written to disk,
//! and the log says only sizes, formats, timings and counts. Limits protect the service: an
//! upload cap, a time limit per check, and a limit on checks at once beyond which requests are
//! refused with 503 and `Retry-After` rather than queued. An upload past the cap is read to its
//! end (within bounds) and thrown away before the refusal is sent, so the sender sees it.

mod page;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::error_handling::HandleErrorLayer;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use concord_config::{ConfigChoice, Project, Projects};
use concord_formats::Format;
use concord_pipeline::registry::Registry;
use concord_pipeline::review::review_copy;
use http_body_util::BodyExt;
use tower::ServiceBuilder;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;

use crate::check::check_bytes;
use crate::cli::{self, ServeArgs};
use crate::inputs::Problem;
use crate::render::{self, Run};
use crate::report::FileReport;

/// What every check needs, shared by all requests.
struct Service {
    project: Arc<Project>,
    registry: Registry,
    max_upload: usize,
    time_limit: Duration,
}

impl Service {
    /// Renders one checked document as a run, as `concord check` renders a run of files.
    fn with_run(&self, report: FileReport, render: impl FnOnce(&Run<'_>) -> Response) -> Response {
        let reports = [report];
        render(&Run {
            reports: &reports,
            problems: &[],
            registry: &self.registry,
        })
    }
}

/// Seconds a client is asked to wait before trying again when the checker is busy.
const RETRY_AFTER_SECONDS: u64 = 5;

/// Runs the web checker until interrupted.
pub fn run(args: &ServeArgs) -> Result<()> {
    let choice = args
        .config
        .clone()
        .map_or(ConfigChoice::None, ConfigChoice::File);
    let project = Projects::new(choice, &args.packs.rules).for_dir(Path::new("."))?;
    let service = Arc::new(Service {
        registry: Registry::new([&project.rules]),
        project,
        max_upload: args.max_upload * 1024 * 1024,
        time_limit: Duration::from_secs(args.time_limit),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the web checker")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("cannot listen on {}", args.listen))?;
        let address = listener.local_addr()?;
        eprintln!("concord is checking documents at http://{address}/ (press Ctrl+C to stop)");
        axum::serve(listener, router(service, args.concurrency))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .context("the web checker stopped")
    })
}

/// The routes, with the limits on checks and the security headers on every response.
fn router(service: Arc<Service>, concurrency: usize) -> Router {
    // Checks beyond the limit are refused at once (503 with Retry-After), never queued, so a
    // burst of uploads cannot hold memory for all of them.
    let limit = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(|_: tower::BoxError| async { busy() }))
        .load_shed()
        .concurrency_limit(concurrency.max(1));
    let checks = Router::new()
        .route("/check", post(check_page))
        .route("/api/check", post(check_api))
        .route("/annotate", post(annotate_page))
        .route("/api/annotate", post(annotate_api))
        // An upload that trickles in more slowly than this is given up on (408), so it cannot
        // hold a place among the checks at once.
        .layer(RequestBodyTimeoutLayer::new(service.time_limit))
        .layer(limit)
        .layer(DefaultBodyLimit::max(service.max_upload + FRAMING))
        .layer(axum::middleware::map_response(close_when_refused));
    Router::new()
        .route("/", get(form))
        .route("/style.css", get(style))
        .route("/app.js", get(script))
        .route("/healthz", get(|| async { "ok" }))
        .merge(checks)
        .with_state(service)
        .layer(header_layer(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; \
             form-action 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'",
        ))
        .layer(header_layer(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header_layer(header::REFERRER_POLICY, "no-referrer"))
        .layer(header_layer(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header_layer(header::CACHE_CONTROL, "no-store"))
}

fn header_layer(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
}

/// Says `Connection: close` on refusals sent before the upload was read to its end (too large,
/// too slow, cut short, too busy): the server closes such a connection, and a client that knows
/// opens a new one for its next request instead of sending it into a closed one.
async fn close_when_refused(mut response: Response) -> Response {
    let unread = [
        StatusCode::BAD_REQUEST,
        StatusCode::REQUEST_TIMEOUT,
        StatusCode::PAYLOAD_TOO_LARGE,
        StatusCode::SERVICE_UNAVAILABLE,
    ];
    if unread.contains(&response.status()) {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// 503 with `Retry-After`: too many checks at once.
fn busy() -> Response {
    let message = "The checker is busy with other documents. Please try again in a few seconds.";
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::RETRY_AFTER, RETRY_AFTER_SECONDS.to_string())],
        message,
    )
        .into_response()
}

async fn form(State(service): State<Arc<Service>>) -> Html<String> {
    Html(page::form(service.max_upload, None))
}

async fn style() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        render::html::STYLE,
    )
        .into_response()
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        page::SCRIPT,
    )
        .into_response()
}

/// A document to check: its name (for its format and the report) and its bytes.
struct Upload {
    name: String,
    bytes: Bytes,
}

/// Why an upload cannot be checked, in words for the person who sent it.
struct Refusal {
    status: StatusCode,
    message: String,
}

impl Refusal {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Refusal {
            status,
            message: message.into(),
        }
    }
}

fn too_large(max_upload: usize) -> Refusal {
    Refusal::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "The document is larger than the {} MB the checker accepts. Check it in parts, or save it without images.",
            max_upload / (1024 * 1024)
        ),
    )
}

/// Room for the multipart framing around the largest upload.
const FRAMING: usize = 64 * 1024;

/// How much of a refused upload is read and thrown away, and for how long, before the refusal
/// is sent. A browser still sending when the server answers and closes the connection shows
/// "connection reset" instead of the answer; past these bounds, the sender is not waited for.
const DRAIN_BYTES: u64 = 64 * 1024 * 1024;
const DRAIN_TIME: Duration = Duration::from_secs(10);

/// `request` with its body read into memory, up to the upload cap (and its framing). A body
/// past the cap is refused once the rest of it has been drained (see [`DRAIN_BYTES`]).
async fn buffered(request: Request, max_upload: usize) -> Result<Request, Refusal> {
    let limit = max_upload + FRAMING;
    let (parts, mut body) = request.into_parts();
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        drain(body).await;
        return Err(too_large(max_upload));
    }
    let mut bytes = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|err| refusal_for(&err))?;
        let Some(data) = frame.data_ref() else {
            continue;
        };
        if bytes.len() + data.len() > limit {
            drain(body).await;
            return Err(too_large(max_upload));
        }
        bytes.extend_from_slice(data);
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// Reads and throws away what is left of `body`, within [`DRAIN_BYTES`] and [`DRAIN_TIME`].
async fn drain(mut body: Body) {
    let mut read = 0;
    let _ = tokio::time::timeout(DRAIN_TIME, async {
        while let Some(Ok(frame)) = body.frame().await {
            read += frame.data_ref().map_or(0, |data| data.len() as u64);
            if read > DRAIN_BYTES {
                break;
            }
        }
    })
    .await;
}

/// What to tell the sender when an upload could not be read: too slow, or cut off. (One too large
/// is refused by [`buffered`] before anything parses it.)
fn refusal_for(err: &(dyn std::error::Error + 'static)) -> Refusal {
    let mut source = Some(err);
    while let Some(cause) = source {
        if cause.is::<tower_http::timeout::TimeoutError>() {
            return Refusal::new(
                StatusCode::REQUEST_TIMEOUT,
                "The upload took too long to arrive, so the checker stopped waiting. Please try again.",
            );
        }
        source = cause.source();
    }
    Refusal::new(
        StatusCode::BAD_REQUEST,
        "The upload was not complete. Please choose the file again and press Check.",
    )
}

/// Reads the document from a form: the `file` field, or else the pasted `text` (named by
/// `filename`, or as plain text).
async fn from_form(mut multipart: Multipart, max_upload: usize) -> Result<Upload, Refusal> {
    let (mut file, mut text, mut filename) = (None, None, None);
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(err) => return Err(refusal_for(&err)),
        };
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.map_err(|err| refusal_for(&err))?;
        match name.as_str() {
            "file" if !bytes.is_empty() => file = Some((file_name, bytes)),
            "text" if !bytes.iter().all(u8::is_ascii_whitespace) => text = Some(bytes),
            "filename" => filename = Some(String::from_utf8_lossy(&bytes).trim().to_string()),
            _ => {}
        }
    }
    if let Some((name, bytes)) = file {
        return Ok(Upload {
            name: name
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "upload.txt".into()),
            bytes,
        });
    }
    match text {
        Some(bytes) if bytes.len() > max_upload => Err(too_large(max_upload)),
        Some(bytes) => Ok(Upload {
            name: filename
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "pasted-text.txt".into()),
            bytes,
        }),
        None => Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "Choose a document to upload, or paste your text, then press Check.",
        )),
    }
}

/// The body of `POST /api/check` as JSON.
#[derive(serde::Deserialize)]
struct TextRequest {
    text: String,
    #[serde(default)]
    filename: Option<String>,
}

/// Runs `job` on `upload` off the async runtime, within the time limit; the job returns its
/// result and how many findings it handled. What cannot be read becomes a refusal that says
/// why; the log says only the size, format, time and count, and `what` the job did.
async fn work<T: Send + 'static>(
    service: &Arc<Service>,
    upload: Upload,
    what: &'static str,
    job: impl FnOnce(&Service, &Upload, Format, &str) -> Result<(T, usize), String> + Send + 'static,
) -> Result<T, Refusal> {
    let started = Instant::now();
    let size = upload.bytes.len();
    let format = Format::of_path(Path::new(&upload.name));
    let task = {
        let service = service.clone();
        tokio::task::spawn_blocking(move || {
            let name = Path::new(&upload.name)
                .file_name()
                .map_or_else(|| upload.name.clone(), |n| n.to_string_lossy().into_owned());
            job(&service, &upload, format, &name)
        })
    };
    let outcome = tokio::time::timeout(service.time_limit, task).await;
    let elapsed = started.elapsed().as_millis();
    // The log carries sizes, formats and timings: never names or content.
    match outcome {
        Ok(Ok(Ok((done, count)))) => {
            eprintln!(
                "{what} {size} bytes of {} in {elapsed} ms: {count} finding(s)",
                format.name()
            );
            Ok(done)
        }
        Ok(Ok(Err(message))) => {
            eprintln!(
                "could not read {size} bytes of {} ({elapsed} ms)",
                format.name()
            );
            Err(Refusal::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("This document could not be checked: {message}."),
            ))
        }
        Ok(Err(_)) => Err(Refusal::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The checker failed on this document. Please try again, or save it in another format.",
        )),
        Err(_) => {
            eprintln!(
                "gave up on {size} bytes of {} after {elapsed} ms",
                format.name()
            );
            Err(Refusal::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "Checking this document took longer than {} seconds, so the checker stopped. Check it in parts.",
                    service.time_limit.as_secs()
                ),
            ))
        }
    }
}

/// Checks `upload`: its report, and what the person should know about it.
async fn check(
    service: &Arc<Service>,
    upload: Upload,
) -> Result<(FileReport, Vec<String>), Refusal> {
    work(
        service,
        upload,
        "checked",
        |service, upload, format, name| {
            let mut notes = Vec::new();
            check_bytes(
                &service.project,
                name,
                format,
                Path::new(&upload.name),
                &upload.bytes,
                None,
                &mut notes,
            )
            .map(|report| {
                let count = report.diagnostics.len();
                ((report, notes), count)
            })
            .map_err(|Problem { message, .. }| message)
        },
    )
    .await
}

/// A review copy of an uploaded Word or OpenDocument file.
struct ReviewCopy {
    /// The file name to save it as: `NAME.reviewed.docx`.
    name: String,
    format: Format,
    bytes: Vec<u8>,
    /// How many comments it holds.
    comments: usize,
}

/// Writes the review copy of `upload`; `Ok(Err(name))` names the document when nothing was
/// found.
async fn annotate(
    service: &Arc<Service>,
    upload: Upload,
) -> Result<Result<ReviewCopy, String>, Refusal> {
    work(
        service,
        upload,
        "annotated",
        |service, upload, format, name| {
            let reviewer = crate::annotate::reviewer("concord");
            let path = Path::new(&upload.name);
            match review_copy(&service.project, format, &upload.bytes, path, &reviewer) {
                Ok(Some(reviewed)) => {
                    let findings = reviewed.anchored + reviewed.gathered;
                    let copy = ReviewCopy {
                        name: crate::annotate::reviewed_name(Path::new(name))
                            .to_string_lossy()
                            .into_owned(),
                        format,
                        comments: reviewed.comments(),
                        bytes: reviewed.bytes,
                    };
                    Ok((Ok(copy), findings))
                }
                Ok(None) => Ok((Err(name.to_string()), 0)),
                Err(err) => Err(err.to_string()),
            }
        },
    )
    .await
}

/// The review copy as a download.
fn download(copy: ReviewCopy) -> Response {
    let media_type = match copy.format {
        Format::Odt => "application/vnd.oasis.opendocument.text",
        _ => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    };
    // An ASCII fallback name, and the exact name for browsers that read RFC 6266's filename*.
    let ascii: String = copy
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let exact =
        percent_encoding::utf8_percent_encode(&copy.name, percent_encoding::NON_ALPHANUMERIC);
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{exact}");
    (
        [
            (header::CONTENT_TYPE, media_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (
                HeaderName::from_static("x-concord-comments"),
                copy.comments.to_string(),
            ),
        ],
        copy.bytes,
    )
        .into_response()
}

/// The document posted by the page's form.
async fn form_upload(service: &Arc<Service>, request: Request) -> Result<Upload, Refusal> {
    let request = buffered(request, service.max_upload).await?;
    match Multipart::from_request(request, service).await {
        Ok(multipart) => from_form(multipart, service.max_upload).await,
        Err(_) => Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "Choose a document to upload, or paste your text, then press Check.",
        )),
    }
}

/// The document posted to the API: multipart `file` (or `text`), or JSON `{"text", "filename"}`.
async fn api_upload(service: &Arc<Service>, request: Request) -> Result<Upload, Refusal> {
    let request = buffered(request, service.max_upload).await?;
    let is_json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        match axum::Json::<TextRequest>::from_request(request, service).await {
            Ok(axum::Json(body)) => Ok(Upload {
                name: body.filename.unwrap_or_else(|| "pasted-text.txt".into()),
                bytes: Bytes::from(body.text),
            }),
            Err(rejection) => Err(Refusal::new(rejection.status(), rejection.body_text())),
        }
    } else {
        match Multipart::from_request(request, service).await {
            Ok(multipart) => from_form(multipart, service.max_upload).await,
            Err(rejection) => Err(Refusal::new(rejection.status(), rejection.body_text())),
        }
    }
}

/// A refusal as the form again, with the problem above it.
fn form_refusal(service: &Service, refusal: &Refusal) -> Response {
    (
        refusal.status,
        Html(page::form(service.max_upload, Some(&refusal.message))),
    )
        .into_response()
}

/// A refusal as the API's JSON error.
fn api_refusal(refusal: &Refusal) -> Response {
    (
        refusal.status,
        axum::Json(serde_json::json!({ "error": refusal.message })),
    )
        .into_response()
}

/// `POST /check`: the form's answer, the results page (or the form again with the problem).
async fn check_page(State(service): State<Arc<Service>>, request: Request) -> Response {
    let outcome = match form_upload(&service, request).await {
        Ok(upload) => check(&service, upload).await,
        Err(refusal) => Err(refusal),
    };
    match outcome {
        Ok((report, notes)) => service.with_run(report, |run| {
            Html(page::results(run, &notes, service.max_upload)).into_response()
        }),
        Err(refusal) => form_refusal(&service, &refusal),
    }
}

/// `POST /api/check`: answers with the JSON report of `concord check --format json`.
async fn check_api(State(service): State<Arc<Service>>, request: Request) -> Response {
    let outcome = match api_upload(&service, request).await {
        Ok(upload) => check(&service, upload).await,
        Err(refusal) => Err(refusal),
    };
    match outcome {
        Ok((report, _)) => service.with_run(report, |run| {
            let mut body = Vec::new();
            match render::render(cli::Format::Json, run, false, true, &mut body) {
                Ok(()) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
                Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
            }
        }),
        Err(refusal) => api_refusal(&refusal),
    }
}

/// `POST /annotate`: the form's "download with comments": the review copy as a download, or
/// the page again saying there was nothing to change (or what stopped it).
async fn annotate_page(State(service): State<Arc<Service>>, request: Request) -> Response {
    let outcome = match form_upload(&service, request).await {
        Ok(upload) => annotate(&service, upload).await,
        Err(refusal) => Err(refusal),
    };
    match outcome {
        Ok(Ok(copy)) => download(copy),
        Ok(Err(name)) => Html(page::nothing_found(&name, service.max_upload)).into_response(),
        Err(refusal) => form_refusal(&service, &refusal),
    }
}

/// `POST /api/annotate`: multipart `file`; answers with the review copy, or 204 No Content
/// when nothing was found.
async fn annotate_api(State(service): State<Arc<Service>>, request: Request) -> Response {
    let outcome = match api_upload(&service, request).await {
        Ok(upload) => annotate(&service, upload).await,
        Err(refusal) => Err(refusal),
    };
    match outcome {
        Ok(Ok(copy)) => download(copy),
        Ok(Err(_)) => (
            StatusCode::NO_CONTENT,
            [(HeaderName::from_static("x-concord-comments"), "0")],
        )
            .into_response(),
        Err(refusal) => api_refusal(&refusal),
    }
}
