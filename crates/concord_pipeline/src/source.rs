//! What every channel hands the pipeline: a document's bytes (or text already decoded), where it
//! came from, and how to read it.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use concord_formats::{Document, Format, FormatError, Stored};

/// Where a document came from. Channels and renderers decide by this, never by how a name is
/// spelt.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// A file, as named on the command line or found in a folder.
    File(PathBuf),
    /// Standard input, named by `--stdin-filename` when one was given.
    Stdin(Option<PathBuf>),
    /// A page or document read from the web, by its address.
    Url(String),
    /// A document uploaded to (or text pasted into) the web checker, by its file name.
    Upload(String),
}

impl Origin {
    /// How reports name it: the path as given, `<stdin>` (or the name given for it), the URL,
    /// or the uploaded file's name.
    pub fn name(&self) -> String {
        match self {
            Origin::File(path) | Origin::Stdin(Some(path)) => path.display().to_string(),
            Origin::Stdin(None) => "<stdin>".to_string(),
            Origin::Url(url) => url.clone(),
            Origin::Upload(name) => name.clone(),
        }
    }

    /// The address of a page or document read from the web.
    pub fn url(&self) -> Option<&str> {
        match self {
            Origin::Url(url) => Some(url),
            _ => None,
        }
    }

    /// The path whose configuration applies and against which its overrides are matched: the
    /// file itself (or the name given for standard input), the current folder for the web, the
    /// uploaded name for an upload.
    pub fn config_path(&self) -> PathBuf {
        let path = match self {
            Origin::File(path) | Origin::Stdin(Some(path)) => path.clone(),
            Origin::Stdin(None) => PathBuf::from("stdin"),
            Origin::Url(_) => return std::env::current_dir().unwrap_or_default(),
            Origin::Upload(name) => return PathBuf::from(name),
        };
        std::path::absolute(&path).unwrap_or(path)
    }
}

/// A document's content as a channel holds it.
#[derive(Debug, Clone, Copy)]
pub enum Content<'a> {
    /// The bytes of a file, a page or an upload, in whatever encoding they are stored.
    Bytes(&'a [u8]),
    /// Text already decoded: an editor's buffer, or a file's text after fixes.
    Text(&'a str),
}

impl<'a> Content<'a> {
    /// The content as bytes (text as UTF-8).
    pub fn bytes(&self) -> &'a [u8] {
        match self {
            Content::Bytes(bytes) => bytes,
            Content::Text(text) => text.as_bytes(),
        }
    }
}

/// One document to check.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    /// Where it came from.
    pub origin: Origin,
    /// Its bytes or text.
    pub content: Content<'a>,
    /// The format to read it as.
    pub format: Format,
    /// The character encoding declared outside the bytes (a web server's `Content-Type`).
    pub charset: Option<&'a str>,
}

impl<'a> Source<'a> {
    /// A document of `format` from `origin`, with no declared encoding.
    pub fn new(origin: Origin, content: Content<'a>, format: Format) -> Self {
        Source {
            origin,
            content,
            format,
            charset: None,
        }
    }

    /// The same source with `charset` declared for it.
    pub fn with_charset(mut self, charset: Option<&'a str>) -> Self {
        self.charset = charset;
        self
    }

    /// The file whose configuration applies (see [`Origin::config_path`]).
    pub fn config_path(&self) -> PathBuf {
        self.origin.config_path()
    }

    /// Reads the document: text formats are decoded first (by the declared charset, a
    /// byte-order mark or `<meta charset>`, else UTF-8, else Windows-1252). Reading a PDF gives
    /// up once `stop` is set.
    pub fn read(&self, stop: Option<&AtomicBool>) -> Result<Read<'a>, FormatError> {
        let mut notes = Vec::new();
        let (document, source, stored) = match self.content {
            // Text already decoded; an office format given as text is read as plain text.
            Content::Text(text) => (
                concord_formats::read_text(self.format, text),
                Some(Cow::Borrowed(text)),
                Stored::UTF8,
            ),
            Content::Bytes(bytes) if self.format.is_text() => {
                let (text, stored) =
                    concord_formats::decode_declared(self.format, bytes, self.charset)?;
                if stored.assumed {
                    notes.push(format!(
                        "this file is not UTF-8, so it was read as {}",
                        stored.encoding.name()
                    ));
                }
                let document = concord_formats::read_text(self.format, &text);
                (document, Some(text), stored)
            }
            Content::Bytes(bytes) => (
                concord_formats::read_until(self.format, bytes, stop)?,
                None,
                Stored::UTF8,
            ),
        };
        if document.prose.trim().is_empty() {
            notes.push("there is no text to check in this file".into());
        }
        Ok(Read {
            document,
            source,
            stored,
            notes,
        })
    }
}

/// A document as read from its [`Source`].
pub struct Read<'a> {
    /// The document.
    pub document: Document,
    /// The decoded text of a text format (positions count in it), `None` for the others:
    /// borrowed from the source's bytes or text where they are UTF-8 already, so a large file
    /// is not held twice while it is checked.
    pub source: Option<Cow<'a, str>>,
    /// How the file is stored, for offsets in its own bytes and for writing fixes back.
    pub stored: Stored,
    /// What the person should know about it ("this file is not UTF-8…").
    pub notes: Vec<String>,
}
