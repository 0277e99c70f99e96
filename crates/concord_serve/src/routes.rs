//! The routes: the page, its stylesheet and script, the checks (the form's and the API's), and
//! the limits on them; each answer as the page, JSON or a download.

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use concord_formats::Format;
use concord_report::{OutputFormat, RenderOptions, Run};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::page;
use crate::refusal::{Audience, RETRY_AFTER_SECONDS, Refusal};
use crate::service::Service;
use crate::upload::{self, FRAMING, Upload};
use crate::work::{self, Annotated, ReviewCopy};

/// The routes, with the limits on uploads and the security headers on every response. The
/// limit on checks at once is one set of places shared by every checking route
/// ([`Service::slots`]), taken once an upload has arrived, so a slow upload never holds one.
pub(crate) fn router(service: Arc<Service>) -> Router {
    let checks = Router::new()
        .route("/check", post(check_page))
        .route("/api/check", post(check_api))
        .route("/annotate", post(annotate_page))
        .route("/api/annotate", post(annotate_api))
        .layer(DefaultBodyLimit::max(service.max_upload + FRAMING))
        .layer(axum::middleware::map_response(close_when_refused));
    Router::new()
        .route("/", get(form))
        .route("/style.css", get(style))
        .route("/app.js", get(script))
        .route("/healthz", get(|| async { "ok" }))
        .merge(checks)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
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

/// 404: the form (or the API's JSON error), saying there is nothing at this address.
async fn not_found(State(service): State<Arc<Service>>, request: Request) -> Response {
    let refusal = Refusal::new(
        StatusCode::NOT_FOUND,
        "not-found",
        "There is nothing at this address. Check a document with the form below.",
    );
    refuse(&service, &refusal, Audience::of(request.uri().path()), "")
}

/// 405: the form (or the API's JSON error), saying how this address is used.
async fn method_not_allowed(State(service): State<Arc<Service>>, request: Request) -> Response {
    let audience = Audience::of(request.uri().path());
    let message = match audience {
        Audience::Page => "This address only takes documents sent with the form below.",
        Audience::Api => "This address only takes POST requests with a document to check.",
    };
    let refusal = Refusal::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        message,
    );
    refuse(&service, &refusal, audience, "")
}

async fn form(State(service): State<Arc<Service>>) -> Html<String> {
    Html(page::form(&service, None, ""))
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

/// One checked document as a run, rendered as `concord check` renders a run of files.
fn single<'a>(service: &'a Service, reports: &'a [concord_report::FileReport]) -> Run<'a> {
    Run {
        reports,
        problems: &[],
        registry: &service.project.registry,
    }
}

/// A refusal as `audience` reads it: the form again with the problem above it (and `pasted`
/// text back in its box), or the API's JSON error with its code. A busy checker asks the client
/// to try again shortly.
fn refuse(service: &Service, refusal: &Refusal, audience: Audience, pasted: &str) -> Response {
    let mut response = match audience {
        Audience::Page => Html(page::form(service, Some(&refusal.message), pasted)).into_response(),
        Audience::Api => {
            axum::Json(serde_json::json!({ "error": refusal.message, "code": refusal.code }))
                .into_response()
        }
    };
    *response.status_mut() = refusal.status;
    if refusal.status == StatusCode::SERVICE_UNAVAILABLE {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
    }
    response
}

/// What to put back in the form's text box when `upload` is refused: the text that was pasted.
fn kept_text(upload: &Upload) -> String {
    if upload.pasted {
        String::from_utf8_lossy(&upload.bytes).into_owned()
    } else {
        String::new()
    }
}

/// `upload`, refused when it cannot hold comments (pasted text, a PDF, a web page).
fn commentable(upload: Upload, audience: Audience) -> Result<Upload, Refusal> {
    match upload.format() {
        Format::Docx | Format::Odt => Ok(upload),
        other => Err(Refusal::no_comments(other.name(), upload.pasted, audience)),
    }
}

/// `POST /check`: the form's answer, the results page (or the form again with the problem, and
/// pasted text kept in its box).
async fn check_page(State(service): State<Arc<Service>>, request: Request) -> Response {
    let upload = match upload::from_page(request, service.max_upload).await {
        Ok(upload) => upload,
        Err(refusal) => return refuse(&service, &refusal, Audience::Page, ""),
    };
    let kept = kept_text(&upload);
    let results = work::check(&service, upload, |service, checked| {
        let reports = [checked.report];
        page::results(&single(service, &reports), &checked.notes, service)
    });
    match results.await {
        Ok(page) => Html(page).into_response(),
        Err(refusal) => refuse(&service, &refusal, Audience::Page, &kept),
    }
}

/// `POST /api/check`: answers with the JSON report of `concord check --format json`.
async fn check_api(State(service): State<Arc<Service>>, request: Request) -> Response {
    let outcome = match upload::from_api(request, service.max_upload).await {
        Ok(upload) => {
            work::check(&service, upload, |service, checked| {
                let reports = [checked.report];
                let mut body = Vec::new();
                let run = single(service, &reports);
                concord_report::render(
                    OutputFormat::Json,
                    &run,
                    RenderOptions::default(),
                    &mut body,
                )
                .map(|()| body)
            })
            .await
        }
        Err(refusal) => Err(refusal),
    };
    match outcome {
        Ok(Ok(body)) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Ok(Err(_)) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        Err(refusal) => refuse(&service, &refusal, Audience::Api, ""),
    }
}

/// `POST /annotate`: the form's "download with comments": the review copy as a download, or
/// the page again saying there was nothing to change (or what stopped it, pasted text kept).
async fn annotate_page(State(service): State<Arc<Service>>, request: Request) -> Response {
    let upload = match upload::from_page(request, service.max_upload).await {
        Ok(upload) => upload,
        Err(refusal) => return refuse(&service, &refusal, Audience::Page, ""),
    };
    let kept = kept_text(&upload);
    let outcome = match commentable(upload, Audience::Page) {
        Ok(upload) => work::annotate(&service, upload).await,
        Err(refusal) => Err(refusal),
    };
    match outcome {
        Ok(Annotated::Copy(copy)) => download(copy),
        Ok(Annotated::NothingFound(name)) => {
            Html(page::nothing_found(&name, &service)).into_response()
        }
        Err(refusal) => refuse(&service, &refusal, Audience::Page, &kept),
    }
}

/// `POST /api/annotate`: multipart `file`; answers with the review copy, or 204 No Content
/// when nothing was found.
async fn annotate_api(State(service): State<Arc<Service>>, request: Request) -> Response {
    let outcome = match upload::from_api(request, service.max_upload).await {
        Ok(upload) => match commentable(upload, Audience::Api) {
            Ok(upload) => work::annotate(&service, upload).await,
            Err(refusal) => Err(refusal),
        },
        Err(refusal) => Err(refusal),
    };
    match outcome {
        Ok(Annotated::Copy(copy)) => download(copy),
        Ok(Annotated::NothingFound(_)) => (
            StatusCode::NO_CONTENT,
            [(HeaderName::from_static("x-concord-comments"), "0")],
        )
            .into_response(),
        Err(refusal) => refuse(&service, &refusal, Audience::Api, ""),
    }
}
