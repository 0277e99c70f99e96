//! The web checker's routes, called in-process as a browser or a council's system would call
//! them over HTTP (the end-to-end tests in `tests/it/serve.rs` and `tests/web` start the real
//! binary). Each answer is checked for its status, headers and what the person reads.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use axum::response::Response;
use concord_config::ConfigChoice;
use concord_serve::{ServeOptions, app};
use http_body_util::BodyExt;
use tower::ServiceExt;

fn options() -> ServeOptions {
    ServeOptions {
        listen: "127.0.0.1:0".parse().unwrap(),
        config: ConfigChoice::None,
        rules: Vec::new(),
        max_upload_mb: 1,
        time_limit: Duration::from_secs(30),
        concurrency: 2,
    }
}

async fn send(request: Request<Body>) -> Response {
    app(&options()).unwrap().oneshot(request).await.unwrap()
}

async fn text(response: Response) -> String {
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// A multipart form with one file field.
fn form(route: &str, name: &str, content: impl AsRef<[u8]>) -> Request<Body> {
    let disposition =
        format!("name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream");
    multipart(route, &disposition, content.as_ref())
}

/// A multipart form with the pasted `text` field.
fn pasted(route: &str, text: &str) -> Request<Body> {
    multipart(route, "name=\"text\"", text.as_bytes())
}

/// A multipart form with one field: its `Content-Disposition` after `form-data; `, and its
/// content.
fn multipart(route: &str, disposition: &str, content: &[u8]) -> Request<Body> {
    let boundary = "concord-test-boundary";
    let mut body = format!("--{boundary}\r\nContent-Disposition: form-data; {disposition}\r\n\r\n")
        .into_bytes();
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Request::post(route)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn the_page_is_the_form_with_security_headers() {
    let response = send(Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let csp = response.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert_eq!(response.headers()[header::X_FRAME_OPTIONS], "DENY");
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    let page = text(response).await;
    assert!(
        page.contains("<form method=\"post\" action=\"/check\""),
        "{page}"
    );
    assert!(page.contains("up to 1 MB"), "{page}");
}

#[tokio::test]
async fn pasted_json_is_answered_with_the_json_report() {
    let request = Request::post("/api/check")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            r#"{"text": "Young people were drawn to ISIS online.", "filename": "note.md"}"#,
        ))
        .unwrap();
    let response = send(request).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    let report: serde_json::Value = serde_json::from_str(&text(response).await).unwrap();
    let file = &report["files"][0];
    assert_eq!(file["path"], "note.md");
    assert_eq!(file["format"], "markdown");
    assert!(file.get("url").is_none(), "an upload is not a page: {file}");
    let rules: Vec<&str> = file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["cohesion/daesh-naming"]);
    assert_eq!(file["diagnostics"][0]["fix"]["replacement"], "Daesh");
}

#[tokio::test]
async fn an_uploaded_file_gets_the_results_page_named_by_its_file_name() {
    let response = send(form("/check", "C:\\fakepath\\leaflet.md", "Join ISIS now.")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = text(response).await;
    assert!(
        page.contains("<title>Results for leaflet.md – concord</title>"),
        "{page}"
    );
    assert!(page.contains("cohesion/daesh-naming"), "{page}");
}

#[tokio::test]
async fn a_document_that_cannot_be_read_is_refused_in_plain_words() {
    let response = send(form("/api/check", "bid.docx", "this is not a Word file")).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: serde_json::Value = serde_json::from_str(&text(response).await).unwrap();
    let message = error["error"].as_str().unwrap();
    assert!(
        message.starts_with("This document could not be checked: "),
        "{message}"
    );
}

#[tokio::test]
async fn an_upload_past_the_cap_is_refused_and_the_connection_closed() {
    let body = "ISIS ".repeat(300_000);
    let response = send(form("/check", "big.txt", &body)).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(response.headers()[header::CONNECTION], "close");
    let page = text(response).await;
    assert!(
        page.contains("larger than the 1 MB the checker accepts"),
        "{page}"
    );
}

#[tokio::test]
async fn nothing_sent_is_the_form_again_with_the_problem() {
    let response = send(form("/check", "", "")).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let page = text(response).await;
    assert!(page.contains("There is a problem"), "{page}");
    assert!(page.contains("Choose a document to upload"), "{page}");
}

#[tokio::test]
async fn a_word_file_comes_back_with_comments_and_text_is_refused() {
    let docx = include_bytes!("../../../tests/fixtures/press-release/press-release.docx");
    let response = send(form("/api/annotate", "press release.docx", docx)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    let disposition = headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(
        disposition.contains("filename*=UTF-8''press%20release%2Ereviewed%2Edocx"),
        "{disposition}"
    );
    let comments: usize = headers["x-concord-comments"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(comments > 0);
    let copy = response.into_body().collect().await.unwrap().to_bytes();
    assert!(copy.starts_with(b"PK"), "a zip archive");

    let response = send(form("/api/annotate", "notes.txt", "ISIS")).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn unknown_addresses_and_methods_get_the_page_or_json_with_a_code() {
    let response = send(Request::get("/no-such-page").body(Body::empty()).unwrap()).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let page = text(response).await;
    assert!(page.contains("There is nothing at this address"), "{page}");
    assert!(
        page.contains("<form method=\"post\" action=\"/check\""),
        "{page}"
    );

    let response = send(Request::get("/check").body(Body::empty()).unwrap()).await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    let page = text(response).await;
    assert!(
        page.contains("only takes documents sent with the form"),
        "{page}"
    );

    let response = send(Request::get("/api/check").body(Body::empty()).unwrap()).await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    let error: serde_json::Value = serde_json::from_str(&text(response).await).unwrap();
    assert_eq!(error["code"], "method-not-allowed");

    let response = send(Request::get("/api/nothing").body(Body::empty()).unwrap()).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let error: serde_json::Value = serde_json::from_str(&text(response).await).unwrap();
    assert_eq!(error["code"], "not-found");
}

#[tokio::test]
async fn the_api_refuses_a_wrong_content_type_and_speaks_to_programs() {
    let request = Request::post("/api/check")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from(r#"{"text": "ISIS"}"#))
        .unwrap();
    let response = send(request).await;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let error: serde_json::Value = serde_json::from_str(&text(response).await).unwrap();
    assert_eq!(error["code"], "unsupported-media-type");

    let response = send(form("/api/check", "empty.txt", "")).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error: serde_json::Value = serde_json::from_str(&text(response).await).unwrap();
    assert_eq!(error["code"], "nothing-sent");
    let message = error["error"].as_str().unwrap();
    assert!(!message.contains("press Check"), "{message}");
    assert!(message.contains("multipart field `file`"), "{message}");
}

#[tokio::test]
async fn comments_on_pasted_text_are_refused_in_plain_words_and_the_text_is_kept() {
    let response = send(pasted(
        "/annotate",
        "Residents <b>called</b> it a no-go area & more.",
    ))
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(response).await;
    assert!(
        page.contains("Press Check to see what concord finds in your text"),
        "{page}"
    );
    assert!(
        !page.contains("`concord check`"),
        "no command line for a partner: {page}"
    );
    assert!(
        page.contains(
            ">Residents &lt;b&gt;called&lt;/b&gt; it a no-go area &amp; more.</textarea>"
        ),
        "{page}"
    );
}

#[tokio::test]
async fn a_document_is_known_by_its_bytes_when_its_name_does_not_say() {
    let pdf = include_bytes!("../../../tests/fixtures/press-release/press-release.pdf");
    let response = send(form("/api/check", "leaflet", pdf)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let report: serde_json::Value = serde_json::from_str(&text(response).await).unwrap();
    assert_eq!(report["files"][0]["format"], "pdf");
    assert_eq!(report["files"][0]["path"], "leaflet");
}

#[tokio::test]
async fn a_very_long_file_name_is_cut_keeping_its_extension() {
    let docx = include_bytes!("../../../tests/fixtures/press-release/press-release.docx");
    let name = format!("{}.docx", "x".repeat(5_000));
    let response = send(form("/api/annotate", &name, docx)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let disposition = response.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.len() < 1_000, "{} bytes", disposition.len());
    assert!(disposition.contains(".reviewed.docx\""), "{disposition}");
}

#[tokio::test]
async fn an_uploaded_web_page_is_shown_as_its_words_not_its_markup() {
    let page = r#"<!doctype html><html><head><title>News</title></head><body><p>Three pupils left to join <b>Islamic</b> State, the paper said.</p></body></html>"#;
    let html = text(send(form("/check", "news.html", page)).await).await;
    // The finding's words and their sentence, without the tags around them.
    assert!(
        html.contains(r#"Three pupils left to join <mark><span class="visually-hidden">Problem 1: </span>Islamic State</mark>, the paper said."#),
        "{html}"
    );
    assert!(
        !html.contains("&lt;b&gt;"),
        "the page's markup is shown: {html}"
    );
    assert!(
        !html.contains("&lt;p&gt;"),
        "the page's markup is shown: {html}"
    );
}
