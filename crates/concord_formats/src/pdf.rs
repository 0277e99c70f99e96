//! PDF: the text layer of each page (pdf-extract), located by page number. A PDF with pages but
//! no text (a scan) is an error that says so, not silence.
//!
//! PDF parsers meet hostile files: extraction runs on its own thread, a panic in it becomes an
//! error, and a file that takes longer than [`TIME_LIMIT`] is given up on.

use std::sync::mpsc;
use std::time::Duration;

use crate::document::{Builder, Document};
use crate::text;
use crate::{Format, FormatError};

/// The name of the thread that reads PDFs, so a caller's panic hook can recognise its panics
/// (which become [`FormatError::Pdf`]) and keep them off the terminal.
pub const PDF_THREAD: &str = "concord-pdf-reader";

/// How long one PDF may take to extract before it is reported as unreadable.
pub const TIME_LIMIT: Duration = Duration::from_secs(60);

/// Reads a PDF file.
pub fn read(bytes: &[u8]) -> Result<Document, FormatError> {
    let (send, receive) = mpsc::channel();
    let owned = bytes.to_vec();
    let spawned = std::thread::Builder::new()
        .name(PDF_THREAD.into())
        .spawn(move || {
            let pages =
                std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(&owned));
            // The receiver may have given up waiting; nothing is lost then.
            let _ = send.send(pages);
        });
    let reader = match spawned {
        Ok(reader) => reader,
        Err(err) => {
            return Err(FormatError::Pdf(format!(
                "could not start the PDF reader: {err}"
            )));
        }
    };
    let outcome = receive.recv_timeout(TIME_LIMIT);
    if outcome.is_ok() {
        // The reader has sent its result and is ending: wait for it, so nothing of it outlives
        // the read. (A reader past the time limit is left to finish on its own.)
        let _ = reader.join();
    }
    let pages = match outcome {
        Ok(Ok(Ok(pages))) => pages,
        Ok(Ok(Err(err))) => {
            let detail = err.to_string();
            let lower = detail.to_ascii_lowercase();
            return Err(if lower.contains("crypt") || lower.contains("password") {
                FormatError::PdfEncrypted
            } else {
                FormatError::Pdf(detail)
            });
        }
        Ok(Err(_)) => {
            return Err(FormatError::Pdf(
                "the PDF reader failed on this file".into(),
            ));
        }
        Err(_) => {
            return Err(FormatError::Pdf(format!(
                "gave up after {} seconds",
                TIME_LIMIT.as_secs()
            )));
        }
    };
    let mut b = Builder::located(Format::Pdf);
    for (i, page) in pages.iter().enumerate() {
        for (range, kind) in text::blocks(page) {
            b.block(
                kind,
                format!("page {}", i + 1),
                &page[range],
                false,
                Vec::new(),
            );
        }
    }
    let document = b.finish();
    if document.prose.trim().is_empty() {
        return Err(FormatError::PdfNoText);
    }
    Ok(document)
}
