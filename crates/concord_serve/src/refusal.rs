//! Why an upload cannot be checked, in words for the person who sent it.

use axum::http::StatusCode;

/// Why an upload cannot be checked, with the status that says so.
pub(crate) struct Refusal {
    /// The HTTP status.
    pub status: StatusCode,
    /// What happened and what to do, for the person who sent it.
    pub message: String,
}

impl Refusal {
    /// A refusal with `status` saying `message`.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Refusal {
            status,
            message: message.into(),
        }
    }

    /// The document is larger than `max_upload` bytes.
    pub fn too_large(max_upload: usize) -> Self {
        Refusal::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "The document is larger than the {} MB the checker accepts. Check it in parts, or save it without images.",
                max_upload / (1024 * 1024)
            ),
        )
    }

    /// What to tell the sender when an upload could not be read: too slow, or cut off. (One
    /// too large is refused before anything parses it.)
    pub fn unread(err: &(dyn std::error::Error + 'static)) -> Self {
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

    /// Nothing was sent to check.
    pub fn nothing_sent() -> Self {
        Refusal::new(
            StatusCode::BAD_REQUEST,
            "Choose a document to upload, or paste your text, then press Check.",
        )
    }
}
