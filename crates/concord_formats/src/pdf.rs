//! PDF: the text layer of each page (pdf-extract), located by page number. A PDF with pages but
//! no text (a scan) is an error that says so, not silence.
//!
//! PDF parsers meet hostile files: extraction runs on its own thread, a panic in it becomes an
//! error, and a file that takes longer than [`TIME_LIMIT`] (or whose check is stopped) is given up
//! on: the reader looks at a flag between words and lines and ends there. The document is read in
//! one pass over its pages (pdf-extract's per-page reading finds the page list again for every
//! page, which made a 5,000-page file take minutes).

use std::cell::RefCell;
use std::io;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use pdf_extract::{MediaBox, OutputDev, OutputError, PlainTextOutput, Transform};

use crate::document::{Builder, Document};
use crate::text;
use crate::{Format, FormatError};

/// The name of the thread that reads PDFs, so a caller's panic hook can recognise its panics
/// (which become [`FormatError::Pdf`]) and keep them off the terminal.
pub const PDF_THREAD: &str = "concord-pdf-reader";

/// How long one PDF may take to extract before it is reported as unreadable.
pub const TIME_LIMIT: Duration = Duration::from_secs(60);

/// How often the caller looks at its stop flag while a PDF is read.
const POLL: Duration = Duration::from_millis(50);

/// Reads a PDF file. Reading ends early, with [`FormatError::Stopped`], once `stop` is set.
pub fn read(bytes: &[u8], stop: Option<&AtomicBool>) -> Result<Document, FormatError> {
    let (send, receive) = mpsc::channel();
    let owned = bytes.to_vec();
    // Shared with the reader, which looks at it between words and lines and gives up.
    let cancel = Arc::new(AtomicBool::new(false));
    let spawned = {
        let cancel = cancel.clone();
        std::thread::Builder::new()
            .name(PDF_THREAD.into())
            .spawn(move || {
                let pages = std::panic::catch_unwind(|| Pages::extract(&owned, &cancel));
                // The receiver may have given up waiting; nothing is lost then.
                let _ = send.send(pages);
            })
    };
    let reader = match spawned {
        Ok(reader) => reader,
        Err(err) => {
            return Err(FormatError::Pdf(format!(
                "could not start the PDF reader: {err}"
            )));
        }
    };
    let started = Instant::now();
    let outcome = loop {
        match receive.recv_timeout(POLL) {
            Ok(outcome) => break Some(outcome),
            Err(mpsc::RecvTimeoutError::Disconnected) => break None,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if stop.is_some_and(|s| s.load(Ordering::Relaxed)) {
                    cancel.store(true, Ordering::Relaxed);
                    return Err(FormatError::Stopped);
                }
                if started.elapsed() >= TIME_LIMIT {
                    cancel.store(true, Ordering::Relaxed);
                    return Err(FormatError::Pdf(format!(
                        "gave up after {} seconds",
                        TIME_LIMIT.as_secs()
                    )));
                }
            }
        }
    };
    // The reader has sent its result and is ending: wait for it, so nothing of it outlives the
    // read.
    let _ = reader.join();
    let pages = match outcome {
        Some(Ok(Ok(pages))) => pages,
        Some(Ok(Err(err))) => {
            let detail = err.to_string();
            let lower = detail.to_ascii_lowercase();
            return Err(if lower.contains("crypt") || lower.contains("password") {
                FormatError::PdfEncrypted
            } else {
                FormatError::Pdf(detail)
            });
        }
        Some(Err(_)) | None => {
            return Err(FormatError::Pdf(
                "the PDF reader failed on this file".into(),
            ));
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

/// The text of each page as pdf-extract's plain-text output writes it, taken at the end of every
/// page, and a flag that stops the reading.
struct Pages<'a> {
    text: PlainTextOutput<&'a mut dyn io::Write>,
    page: Rc<RefCell<Vec<u8>>>,
    pages: Vec<String>,
    cancel: &'a AtomicBool,
}

impl Pages<'_> {
    /// The text of every page of the PDF `bytes`, unless `cancel` is set first.
    fn extract(bytes: &[u8], cancel: &AtomicBool) -> Result<Vec<String>, OutputError> {
        let mut document = pdf_extract::Document::load_mem(bytes)?;
        if document.is_encrypted() {
            // Files with an empty user password open; any other is reported as protected.
            document.decrypt("")?;
        }
        let page = Rc::new(RefCell::new(Vec::new()));
        let mut sink = Shared(page.clone());
        let mut pages = Pages {
            text: PlainTextOutput::new(&mut sink as &mut dyn io::Write),
            page,
            pages: Vec::new(),
            cancel,
        };
        pdf_extract::output_doc(&document, &mut pages)?;
        Ok(pages.pages)
    }

    /// Fails once the reading is to stop.
    fn go_on(&self) -> Result<(), OutputError> {
        if self.cancel.load(Ordering::Relaxed) {
            Err(OutputError::IoError(io::Error::other("stopped")))
        } else {
            Ok(())
        }
    }
}

impl OutputDev for Pages<'_> {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.go_on()?;
        self.text.begin_page(page_num, media_box, art_box)
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.text.end_page()?;
        let bytes = std::mem::take(&mut *self.page.borrow_mut());
        self.pages
            .push(String::from_utf8_lossy(&bytes).into_owned());
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        self.text
            .output_character(trm, width, spacing, font_size, char)
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.go_on()?;
        self.text.begin_word()
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        self.text.end_word()
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        self.go_on()?;
        self.text.end_line()
    }
}

/// The page being written, shared between the plain-text output that writes it and [`Pages`],
/// which takes it at the end of the page.
struct Shared(Rc<RefCell<Vec<u8>>>);

impl io::Write for Shared {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
