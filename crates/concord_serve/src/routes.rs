//! The routes: the page, its stylesheet and script, the checks (the form's and the API's), and
//! the limits on them; each answer as the page, JSON or a download.

use std::sync::Arc;

use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use concord_report::{OutputFormat, RenderOptions, Run};
use tower::ServiceBuilder;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;

use crate::page;
use crate::refusal::Refusal;
use crate::service::Service;
use crate::upload::{self, FRAMING};
use crate::work::{self, Annotated, ReviewCopy};

/// Seconds a client is asked to wait before trying again when the checker is busy.
const RETRY_AFTER_SECONDS: u64 = 5;

/// The routes, with the limits on checks and the security headers on every response.
pub(crate) fn router(service: Arc<Service>, concurrency: usize) -> Router {
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
        concord_report::html::STYLE,
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

/// The review copy as a download.
fn download(copy: ReviewCopy) -> Response {
    let media_type = match copy.format {
        concord_formats::Format::Odt => "application/vnd.oasis.opendocument.text",
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

/// One checked document as a run, rendered as `concord check` renders a run of files.
fn single<'a>(service: &'a Service, reports: &'a [concord_report::FileReport]) -> Run<'a> {
    Run {
        reports,
        problems: &[],
        registry: &service.project.registry,
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
    let outcome = match upload::from_page(request, service.max_upload).await {
        Ok(upload) => work::check(&service, upload).await,
        Err(refusal) => Err(refusal),
    };
    match outcome {
        Ok(checked) => {
            let reports = [checked.report];
            let run = single(&service, &reports);
            Html(page::results(&run, &checked.notes, service.max_upload)).into_response()
        }
        Err(refusal) => form_refusal(&service, &refusal),
    }
}

/// `POST /api/check`: answers with the JSON report of `concord check --format json`.
async fn check_api(State(service): State<Arc<Service>>, request: Request) -> Response {
    let outcome = match upload::from_api(request, service.max_upload).await {
        Ok(upload) => work::check(&service, upload).await,
        Err(refusal) => Err(refusal),
    };
    match outcome {
        Ok(checked) => {
            let reports = [checked.report];
            let mut body = Vec::new();
            let options = RenderOptions::default();
            match concord_report::render(
                OutputFormat::Json,
                &single(&service, &reports),
                options,
                &mut body,
            ) {
                Ok(()) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
                Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
            }
        }
        Err(refusal) => api_refusal(&refusal),
    }
}

/// `POST /annotate`: the form's "download with comments": the review copy as a download, or
/// the page again saying there was nothing to change (or what stopped it).
async fn annotate_page(State(service): State<Arc<Service>>, request: Request) -> Response {
    let outcome = match upload::from_page(request, service.max_upload).await {
        Ok(upload) => work::annotate(&service, upload).await,
        Err(refusal) => Err(refusal),
    };
    match outcome {
        Ok(Annotated::Copy(copy)) => download(copy),
        Ok(Annotated::NothingFound(name)) => {
            Html(page::nothing_found(&name, service.max_upload)).into_response()
        }
        Err(refusal) => form_refusal(&service, &refusal),
    }
}

/// `POST /api/annotate`: multipart `file`; answers with the review copy, or 204 No Content
/// when nothing was found.
async fn annotate_api(State(service): State<Arc<Service>>, request: Request) -> Response {
    let outcome = match upload::from_api(request, service.max_upload).await {
        Ok(upload) => work::annotate(&service, upload).await,
        Err(refusal) => Err(refusal),
    };
    match outcome {
        Ok(Annotated::Copy(copy)) => download(copy),
        Ok(Annotated::NothingFound(_)) => (
            StatusCode::NO_CONTENT,
            [(HeaderName::from_static("x-concord-comments"), "0")],
        )
            .into_response(),
        Err(refusal) => api_refusal(&refusal),
    }
}
