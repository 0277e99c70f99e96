//! Reading XML parts out of a zip archive (.docx, .odt) without trusting its sizes.

use std::io::{Cursor, Read};

use zip::ZipArchive;

use crate::FormatError;

/// Largest uncompressed size of one part; a zip bomb stops here.
pub(crate) const PART_LIMIT_MB: usize = 64;

/// The first bytes of an OLE compound file: password-protected OOXML, or a legacy .doc.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// An office document's zip archive.
pub(crate) struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
}

impl<'a> Archive<'a> {
    /// Opens `bytes` as a zip archive; `kind` names the format in messages.
    pub fn open(bytes: &'a [u8], kind: &'static str) -> Result<Self, FormatError> {
        if bytes.starts_with(&OLE_MAGIC) {
            return Err(FormatError::Protected);
        }
        let zip =
            ZipArchive::new(Cursor::new(bytes)).map_err(|_| FormatError::NotAnArchive { kind })?;
        Ok(Archive { zip })
    }

    /// Names of the parts, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.zip.file_names().map(str::to_string).collect();
        names.sort();
        names
    }

    /// The text of part `name`, or `None` when there is no such part. Reading stops at
    /// [`PART_LIMIT_MB`], whatever the archive claims the size is.
    pub fn part(&mut self, name: &str) -> Result<Option<String>, FormatError> {
        let file = match self.zip.by_name(name) {
            Ok(file) => file,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(err) => return Err(damaged(name, err)),
        };
        let limit = PART_LIMIT_MB * 1024 * 1024;
        let mut bytes = Vec::new();
        file.take(limit as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|err| damaged(name, err))?;
        if bytes.len() > limit {
            return Err(FormatError::TooLarge {
                part: name.to_string(),
                limit_mb: PART_LIMIT_MB,
            });
        }
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| FormatError::Damaged {
                part: name.to_string(),
                detail: "not UTF-8 XML".into(),
            })
    }
}

fn damaged(part: &str, err: impl std::fmt::Display) -> FormatError {
    FormatError::Damaged {
        part: part.to_string(),
        detail: err.to_string(),
    }
}
