//! Why a request cannot be answered with a check, in words for whoever sent it: a partner at the
//! page, or a council's program at the API (which also gets a machine-readable code).

use axum::http::StatusCode;

/// Who sent a request, which decides how a refusal is worded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Audience {
    /// A person at the page's form.
    Page,
    /// A program calling `/api/…`.
    Api,
}

impl Audience {
    /// Who asks for `path`: the API's addresses start `/api/`.
    pub fn of(path: &str) -> Self {
        if path.starts_with("/api/") {
            Audience::Api
        } else {
            Audience::Page
        }
    }
}

/// Why a request cannot be checked, with the status that says so.
#[derive(Debug)]
pub(crate) struct Refusal {
    /// The HTTP status.
    pub status: StatusCode,
    /// A stable, machine-readable name for the reason (`busy`, `too-large`, …).
    pub code: &'static str,
    /// What happened and what to do, for whoever sent it.
    pub message: String,
}

/// Seconds a client is asked to wait before trying again when the checker is busy.
pub(crate) const RETRY_AFTER_SECONDS: u64 = 5;

impl Refusal {
    /// A refusal with `status` and `code` saying `message`.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Refusal {
            status,
            code,
            message: message.into(),
        }
    }

    /// The document is larger than `max_upload` bytes.
    pub fn too_large(max_upload: usize) -> Self {
        Refusal::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            format!(
                "The document is larger than the {} MB the checker accepts. Check it in parts, or save it without images.",
                max_upload / (1024 * 1024)
            ),
        )
    }

    /// The upload arrived too slowly.
    pub fn too_slow() -> Self {
        Refusal::new(
            StatusCode::REQUEST_TIMEOUT,
            "too-slow",
            "The upload took too long to arrive, so the checker stopped waiting. Please try again.",
        )
    }

    /// What to tell the sender when an upload was cut off or its form is broken. (One too large
    /// or too slow is refused while it is read.)
    pub fn unread(audience: Audience) -> Self {
        let message = match audience {
            Audience::Page => {
                "The upload was not complete. Please choose the file again and press Check."
            }
            Audience::Api => "The request body was cut short or is not valid multipart form data.",
        };
        Refusal::new(StatusCode::BAD_REQUEST, "incomplete", message)
    }

    /// Nothing was sent to check.
    pub fn nothing_sent(audience: Audience) -> Self {
        let message = match audience {
            Audience::Page => "Choose a document to upload, or paste your text, then press Check.",
            Audience::Api => {
                "Send a document as the multipart field `file` (or text as the field `text`), or JSON {\"text\": \"…\", \"filename\": \"…\"}."
            }
        };
        Refusal::new(StatusCode::BAD_REQUEST, "nothing-sent", message)
    }

    /// The API was sent a body that is neither multipart form data nor JSON.
    pub fn unsupported_media_type() -> Self {
        Refusal::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Send multipart/form-data (a `file` or `text` field) or application/json ({\"text\": \"…\"}).",
        )
    }

    /// A review copy was asked for a document that cannot hold comments (`pasted` text, or a
    /// file of `format`).
    pub fn no_comments(format: &str, pasted: bool, audience: Audience) -> Self {
        let message = match (audience, pasted) {
            (Audience::Page, true) => "Only Word (.docx) and OpenDocument (.odt) files can come back with comments. Press Check to see what concord finds in your text.".to_string(),
            (Audience::Page, false) => format!("Only Word (.docx) and OpenDocument (.odt) files can come back with comments. Press Check to see what concord finds in this {format} document."),
            (Audience::Api, _) => format!("Only Word (.docx) and OpenDocument (.odt) documents can come back with comments; send this {format} document to /api/check instead."),
        };
        Refusal::new(StatusCode::UNPROCESSABLE_ENTITY, "no-comments", message)
    }

    /// Every place for a check is taken.
    pub fn busy() -> Self {
        Refusal::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "The checker is busy with other documents. Please try again in a few seconds.",
        )
    }
}
