//! How much one check may do, and a way to stop it: a budget of findings (once it is spent the
//! rest of the document's matches are counted, never checked or built, so work, memory and
//! answer size stay bounded however many flagged words a document holds) and a flag another
//! thread sets when the check's time is up.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::finding::Finding;

/// The limits of one check.
#[derive(Debug, Clone, Copy)]
pub struct Limits<'a> {
    /// The most findings; once there are this many, the places left with a rule's words are
    /// counted in [`Found::unchecked`] and not checked.
    pub max_findings: usize,
    /// Set (by another thread) to stop the check where it is.
    pub stop: Option<&'a AtomicBool>,
}

impl Default for Limits<'_> {
    /// No budget and no way to stop: every finding.
    fn default() -> Self {
        Limits {
            max_findings: usize::MAX,
            stop: None,
        }
    }
}

impl Limits<'_> {
    /// Whether the check has been asked to stop.
    pub fn stopped(&self) -> bool {
        self.stop.is_some_and(|stop| stop.load(Ordering::Relaxed))
    }
}

/// What a check within [`Limits`] found.
#[derive(Debug)]
pub struct Found<'r> {
    /// The findings, in document order, at most `max_findings` of them.
    pub findings: Vec<Finding<'r>>,
    /// Places past the budget where a rule's words appear: counted, not checked.
    pub unchecked: usize,
    /// The check was stopped before the end of the document.
    pub stopped: bool,
}
