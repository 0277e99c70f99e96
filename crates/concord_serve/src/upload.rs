//! Reading what was sent: the page's form (a file, or pasted text) and the API's multipart or
//! JSON, within the upload cap.

use std::time::Duration;

use std::path::Path;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;
use concord_formats::Format;
use http_body_util::BodyExt;
use tokio::time::Instant;

use crate::refusal::{Audience, Refusal};

/// A document to check: its name (for its format and the report) and its bytes.
pub(crate) struct Upload {
    /// The file's own name (without the folders a browser may send), at most [`MAX_NAME`]
    /// characters.
    pub name: String,
    /// Its bytes.
    pub bytes: Bytes,
    /// Pasted text rather than a file.
    pub pasted: bool,
}

/// The most characters of a file name kept: enough for any real name, and a bound on what the
/// name adds to the page and the download's headers.
const MAX_NAME: usize = 120;

impl Upload {
    /// An upload of `bytes` sent as `sent` (a name or a path).
    fn new(sent: &str, bytes: Bytes, pasted: bool) -> Self {
        Upload {
            name: file_name(sent),
            bytes,
            pasted,
        }
    }

    /// Its format: by its first bytes where they are certain (a PDF, a Word or OpenDocument
    /// package), otherwise by its name.
    pub fn format(&self) -> Format {
        Format::detect(Path::new(&self.name), &self.bytes)
    }
}

/// The file's own name, without the folders a browser on Windows may send before it
/// (`C:\Users\…\bid.docx`), cut to [`MAX_NAME`] characters with its extension kept.
fn file_name(sent: &str) -> String {
    let name = sent.rsplit(['/', '\\']).next().unwrap_or(sent);
    if name.chars().count() <= MAX_NAME {
        return name.to_string();
    }
    let extension = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .filter(|e| e.chars().count() <= 10);
    let kept = MAX_NAME - extension.as_ref().map_or(0, |e| e.chars().count() + 1);
    let mut bounded: String = name.chars().take(kept).collect();
    if let Some(extension) = extension {
        bounded.push('.');
        bounded.push_str(&extension);
    }
    bounded
}

/// Room for the multipart framing around the largest upload.
pub(crate) const FRAMING: usize = 64 * 1024;

/// How much of a refused upload is read and thrown away, and for how long, before the refusal
/// is sent. A browser still sending when the server answers and closes the connection shows
/// "connection reset" instead of the answer; past these bounds, the sender is not waited for.
const DRAIN_BYTES: u64 = 64 * 1024 * 1024;
const DRAIN_TIME: Duration = Duration::from_secs(10);

/// How long an upload may take before it must keep up [`MIN_RATE`]: a trickle of a byte now and
/// then cannot keep its connection (and memory) for longer than this.
const GRACE: Duration = Duration::from_secs(10);
/// The slowest average an upload may arrive at after [`GRACE`], in bytes a second: a 20 MB
/// document over the slowest real connection still arrives; a trickle is refused with 408.
const MIN_RATE: u64 = 16 * 1024;

/// The body of `POST /api/check` as JSON.
#[derive(serde::Deserialize)]
struct TextRequest {
    text: String,
    #[serde(default)]
    filename: Option<String>,
}

/// `request` with its body read into memory, up to the upload cap (and its framing), at no less
/// than [`MIN_RATE`] after [`GRACE`]. A body past the cap is refused once the rest of it has
/// been drained (see [`DRAIN_BYTES`]); one arriving too slowly, at once.
async fn buffered(
    request: Request,
    max_upload: usize,
    audience: Audience,
) -> Result<Request, Refusal> {
    let limit = max_upload + FRAMING;
    let (parts, mut body) = request.into_parts();
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        drain(body).await;
        return Err(Refusal::too_large(max_upload));
    }
    let started = Instant::now();
    let mut bytes = Vec::new();
    loop {
        let deadline = started + GRACE + Duration::from_secs(bytes.len() as u64 / MIN_RATE);
        let frame = match tokio::time::timeout_at(deadline, body.frame()).await {
            Ok(Some(frame)) => frame,
            Ok(None) => break,
            Err(_) => return Err(Refusal::too_slow()),
        };
        let frame = frame.map_err(|_| Refusal::unread(audience))?;
        let Some(data) = frame.data_ref() else {
            continue;
        };
        if bytes.len() + data.len() > limit {
            drain(body).await;
            return Err(Refusal::too_large(max_upload));
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

/// Reads the document from a form: the `file` field, or else the pasted `text` (named by
/// `filename`, or as plain text).
async fn from_form(
    mut multipart: Multipart,
    max_upload: usize,
    audience: Audience,
) -> Result<Upload, Refusal> {
    let (mut file, mut text, mut filename) = (None, None, None);
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return Err(Refusal::unread(audience)),
        };
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.map_err(|_| Refusal::unread(audience))?;
        match name.as_str() {
            "file" if !bytes.is_empty() => file = Some((file_name, bytes)),
            "text" if !bytes.iter().all(u8::is_ascii_whitespace) => text = Some(bytes),
            "filename" => filename = Some(String::from_utf8_lossy(&bytes).trim().to_string()),
            _ => {}
        }
    }
    if let Some((name, bytes)) = file {
        let name = name.filter(|n| !n.is_empty());
        return Ok(Upload::new(
            name.as_deref().unwrap_or("upload.txt"),
            bytes,
            false,
        ));
    }
    match text {
        Some(bytes) if bytes.len() > max_upload => Err(Refusal::too_large(max_upload)),
        Some(bytes) => {
            let name = filename.filter(|n| !n.is_empty());
            Ok(Upload::new(
                name.as_deref().unwrap_or("pasted-text.txt"),
                bytes,
                true,
            ))
        }
        None => Err(Refusal::nothing_sent(audience)),
    }
}

/// The document posted by the page's form.
pub(crate) async fn from_page(request: Request, max_upload: usize) -> Result<Upload, Refusal> {
    let request = buffered(request, max_upload, Audience::Page).await?;
    match Multipart::from_request(request, &()).await {
        Ok(multipart) => from_form(multipart, max_upload, Audience::Page).await,
        Err(_) => Err(Refusal::nothing_sent(Audience::Page)),
    }
}

/// The document posted to the API: multipart `file` (or `text`), or JSON `{"text", "filename"}`.
pub(crate) async fn from_api(request: Request, max_upload: usize) -> Result<Upload, Refusal> {
    let media_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    // Read (and so drain) the body first, so the sender sees the answer, not a reset.
    let request = buffered(request, max_upload, Audience::Api).await?;
    let is_json = match media_type.as_str() {
        "application/json" => true,
        "multipart/form-data" => false,
        _ => return Err(Refusal::unsupported_media_type()),
    };
    if is_json {
        match axum::Json::<TextRequest>::from_request(request, &()).await {
            Ok(axum::Json(body)) => Ok(Upload::new(
                body.filename.as_deref().unwrap_or("pasted-text.txt"),
                Bytes::from(body.text),
                true,
            )),
            Err(rejection) => Err(Refusal::new(
                rejection.status(),
                "invalid-json",
                rejection.body_text(),
            )),
        }
    } else {
        match Multipart::from_request(request, &()).await {
            Ok(multipart) => from_form(multipart, max_upload, Audience::Api).await,
            Err(_) => Err(Refusal::nothing_sent(Audience::Api)),
        }
    }
}
