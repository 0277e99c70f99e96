//! Reading XML parts out of a zip archive (.docx, .odt) without trusting its sizes.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

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

    /// Whether an OpenDocument package is saved with a password: its manifest says how its
    /// parts are encrypted.
    pub fn is_encrypted_odf(&mut self) -> Result<bool, FormatError> {
        Ok(self
            .part("META-INF/manifest.xml")?
            .is_some_and(|manifest| manifest.contains("encryption-data")))
    }

    /// A copy of the archive with the parts in `changed` replaced, or added at the end when the
    /// archive has no such part. Every other entry is copied as it is stored, compressed bytes
    /// and all, in its place.
    pub fn rewrite(
        &mut self,
        changed: &[(impl AsRef<str>, Vec<u8>)],
    ) -> Result<Vec<u8>, FormatError> {
        let mut out = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        let write = |out: &mut ZipWriter<_>, name: &str, bytes: &[u8]| {
            out.start_file(name, options)
                .and_then(|()| out.write_all(bytes).map_err(Into::into))
                .map_err(|err| damaged(name, err))
        };
        for i in 0..self.zip.len() {
            let entry = self
                .zip
                .by_index_raw(i)
                .map_err(|err| damaged("zip", err))?;
            let name = entry.name().to_string();
            match changed.iter().find(|(part, _)| part.as_ref() == name) {
                Some((_, bytes)) => {
                    drop(entry);
                    write(&mut out, &name, bytes)?;
                }
                None => out
                    .raw_copy_file(entry)
                    .map_err(|err| damaged(&name, err))?,
            }
        }
        for (name, bytes) in changed {
            let name = name.as_ref();
            if self.zip.index_for_name(name).is_none() {
                write(&mut out, name, bytes)?;
            }
        }
        let cursor = out.finish().map_err(|err| damaged("zip", err))?;
        Ok(cursor.into_inner())
    }
}

fn damaged(part: &str, err: impl std::fmt::Display) -> FormatError {
    FormatError::Damaged {
        part: part.to_string(),
        detail: err.to_string(),
    }
}
