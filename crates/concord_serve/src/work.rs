//! Checking an upload off the async runtime, within the time limit: its report, or its review
//! copy. The log says only sizes, formats, timings and counts: never names or content.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use axum::http::StatusCode;
use concord_formats::{Format, FormatError};
use concord_pipeline::review::{review_copy, reviewed_name, reviewer};
use concord_pipeline::{Content, Limits, MAX_FINDINGS, Origin, Source, check_source_within};
use concord_report::FileReport;

use crate::refusal::Refusal;
use crate::service::Service;
use crate::upload::Upload;

/// A checked upload: its report, and what the person should know about it.
pub(crate) struct Checked {
    /// The report, named by the uploaded file's name.
    pub report: FileReport,
    /// Notes such as "this file is not UTF-8".
    pub notes: Vec<String>,
}

/// What asking for a review copy gave.
pub(crate) enum Annotated {
    /// The copy, with a comment per finding.
    Copy(ReviewCopy),
    /// Nothing was found in the named document, so there is no copy.
    NothingFound(String),
}

/// A review copy of an uploaded Word or OpenDocument file.
pub(crate) struct ReviewCopy {
    /// The file name to save it as: `NAME.reviewed.docx`.
    pub name: String,
    /// Its format (Word or OpenDocument).
    pub format: Format,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// How many comments it holds.
    pub comments: usize,
}

/// Runs `job` on the upload's [`Source`] off the async runtime, within the time limit and the
/// findings budget; the job returns its result and how many findings it handled. When the time
/// is up the job is told to stop (the engine looks between candidates), so its place is free
/// again within moments of the answer. A document that cannot be read becomes a refusal that
/// says why; the log says only the size, format, time and count, and `what` the job did.
async fn work<T: Send + 'static>(
    service: &Arc<Service>,
    upload: Upload,
    what: &'static str,
    job: impl FnOnce(&Service, &Source<'_>, &Limits<'_>) -> Result<(T, usize), FormatError>
    + Send
    + 'static,
) -> Result<T, Refusal> {
    // Checks beyond the limit are refused at once (503 with Retry-After), never queued, so a
    // burst of uploads cannot hold memory for all of them. The place is held until the work
    // stops, even after the answer went out.
    let place = service
        .slots
        .clone()
        .try_acquire_owned()
        .map_err(|_| Refusal::busy())?;
    let started = Instant::now();
    let size = upload.bytes.len();
    let format = upload.format();
    let stop = Arc::new(AtomicBool::new(false));
    let task = {
        let (service, stop) = (service.clone(), stop.clone());
        tokio::task::spawn_blocking(move || {
            let _place = place;
            let origin = Origin::Upload(upload.name.clone());
            let source = Source::new(origin, Content::Bytes(&upload.bytes), format);
            let limits = Limits {
                max_findings: MAX_FINDINGS,
                stop: Some(&stop),
            };
            job(&service, &source, &limits)
        })
    };
    let outcome = tokio::time::timeout(service.time_limit, task).await;
    if outcome.is_err() {
        stop.store(true, Ordering::Relaxed);
    }
    let elapsed = started.elapsed().as_millis();
    match outcome {
        Ok(Ok(Ok((done, count)))) => {
            eprintln!(
                "{what} {size} bytes of {} in {elapsed} ms: {count} finding(s)",
                format.name()
            );
            Ok(done)
        }
        Ok(Ok(Err(err))) => {
            eprintln!(
                "could not read {size} bytes of {} ({elapsed} ms)",
                format.name()
            );
            Err(Refusal::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "unreadable",
                format!("This document could not be checked: {err}."),
            ))
        }
        Ok(Err(_)) => Err(Refusal::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "failed",
            "The checker failed on this document. Please try again, or save it in another format.",
        )),
        Err(_) => {
            eprintln!(
                "gave up on {size} bytes of {} after {elapsed} ms",
                format.name()
            );
            Err(Refusal::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "time-limit",
                format!(
                    "Checking this document took longer than {} seconds, so the checker stopped. Check it in parts.",
                    service.time_limit.as_secs()
                ),
            ))
        }
    }
}

/// Checks `upload`, as `concord check` checks a file, and makes the `answer` from its report
/// within the same time limit (a results page or JSON is as much work as the check).
pub(crate) async fn check<T: Send + 'static>(
    service: &Arc<Service>,
    upload: Upload,
    answer: impl FnOnce(&Service, Checked) -> T + Send + 'static,
) -> Result<T, Refusal> {
    work(service, upload, "checked", |service, source, limits| {
        let mut checked = check_source_within(&service.project, source, limits)?;
        let notes = std::mem::take(&mut checked.notes);
        let report = FileReport::new(source.origin.clone(), checked);
        let count = report.diagnostics.len();
        Ok((answer(service, Checked { report, notes }), count))
    })
    .await
}

/// Writes the review copy of `upload`, as `concord annotate` does.
pub(crate) async fn annotate(service: &Arc<Service>, upload: Upload) -> Result<Annotated, Refusal> {
    work(service, upload, "annotated", |service, source, limits| {
        let name = source.origin.name();
        match review_copy(&service.project, source, &reviewer("concord"), limits)? {
            Some(review) => {
                let reviewed = review.copy;
                let findings = reviewed.anchored + reviewed.gathered;
                let copy = ReviewCopy {
                    name: reviewed_name(Path::new(&name))
                        .to_string_lossy()
                        .into_owned(),
                    format: source.format,
                    comments: reviewed.comments(),
                    bytes: reviewed.bytes,
                };
                Ok((Annotated::Copy(copy), findings))
            }
            None => Ok((Annotated::NothingFound(name), 0)),
        }
    })
    .await
}
