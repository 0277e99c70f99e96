//! Review copies: findings written into a copy of a Word or OpenDocument file as comments,
//! each anchored on exactly the words it is about, the way an editor marks up a draft.
//!
//! Only the parts that must change are rewritten (the main text, the comments and, for a Word
//! file that had no comments, the relationships and content types); every other part of the
//! package is copied byte for byte. Comments concord wrote before are recognised as its own:
//! readers skip them, and a new review copy replaces them instead of adding duplicates.
//! Findings where a comment cannot be attached (headers, footers, notes, text boxes, other
//! comments) are listed in one comment at the start of the document.

pub(crate) mod docx;
pub(crate) mod odt;
mod plan;
mod splice;

pub use plan::{Note, Reviewed, Reviewer};

use crate::{Document, Format, FormatError};
use plan::Plan;

/// Writes `notes` as comments into a copy of the Word or OpenDocument file `bytes`, which was
/// read as `document`. Other formats cannot hold comments.
pub fn write(
    format: Format,
    bytes: &[u8],
    document: &Document,
    notes: &[Note],
    reviewer: &Reviewer,
) -> Result<Reviewed, FormatError> {
    let (mut anchored, mut gathered) = (Vec::new(), Vec::new());
    for note in notes {
        match document.anchor(note.prose.clone()) {
            Some(range) => anchored.push((note, range)),
            None => gathered.push(note),
        }
    }
    let plan = Plan {
        anchored: &anchored,
        gathered: &gathered,
        reviewer,
    };
    match format {
        Format::Docx => docx::write(bytes, &plan),
        Format::Odt => odt::write(bytes, &plan),
        other => Err(FormatError::NoComments {
            format: other.name(),
        }),
    }
}
