//! Ingest: take the bytes of an upload, find out what they really are (by content, not by
//! extension), enforce the size limit and hash them. Nothing else in the pipeline looks at a
//! file name to decide how to read it.

use sha2::{Digest, Sha256};
use thiserror::Error;

/// What an upload is, by its magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Png,
    Jpeg,
    Tiff,
}

impl FileKind {
    pub fn name(self) -> &'static str {
        match self {
            FileKind::Pdf => "PDF",
            FileKind::Png => "PNG",
            FileKind::Jpeg => "JPEG",
            FileKind::Tiff => "TIFF",
        }
    }
}

/// Limits on untrusted input. Defaults suit a dossier of a few hundred scanned pages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_pages: usize,
    /// Most pixels one page image may have (checked from its header, before decoding). The
    /// default, 50 million, holds A3 at 600 dpi; a decoded page takes 3 bytes per pixel.
    pub max_page_pixels: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 512 * 1024 * 1024,
            max_pages: 2000,
            max_page_pixels: 50_000_000,
        }
    }
}

#[derive(Debug, Error)]
pub enum IngestError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    #[error("not a PDF or a page image (JPEG, PNG, TIFF): the file starts with {magic}")]
    UnknownType { magic: String },
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
}

/// An upload, sniffed and hashed.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The name it was uploaded under (for the report only).
    pub name: String,
    pub bytes: Vec<u8>,
    pub kind: FileKind,
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
}

/// Sniffs the real type of `bytes`: PDF (a `%PDF-` header within the first KiB, as readers
/// accept), PNG, JPEG, TIFF.
pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        Some(FileKind::Pdf)
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(FileKind::Png)
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileKind::Jpeg)
    } else if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
        Some(FileKind::Tiff)
    } else {
        None
    }
}

/// Checks and hashes an upload held in memory.
pub fn ingest(name: impl Into<String>, bytes: Vec<u8>, limits: &Limits) -> Result<Upload, IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    let size = bytes.len() as u64;
    if size > limits.max_file_bytes {
        return Err(IngestError::TooLarge {
            size,
            limit: limits.max_file_bytes,
        });
    }
    let kind = sniff(&bytes).ok_or_else(|| IngestError::UnknownType {
        magic: describe_magic(&bytes),
    })?;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    Ok(Upload {
        name: name.into(),
        bytes,
        kind,
        sha256,
    })
}

/// Reads a file from disk and ingests it, refusing an oversized file before reading it.
pub fn ingest_path(path: &std::path::Path, limits: &Limits) -> Result<Upload, IngestError> {
    let size = std::fs::metadata(path)?.len();
    if size > limits.max_file_bytes {
        return Err(IngestError::TooLarge {
            size,
            limit: limits.max_file_bytes,
        });
    }
    let bytes = std::fs::read(path)?;
    ingest(path.display().to_string(), bytes, limits)
}

/// The first bytes of a file, printable for an error message.
fn describe_magic(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(8)];
    if head.iter().all(|b| b.is_ascii_graphic() || *b == b' ') {
        format!("\"{}\"", String::from_utf8_lossy(head))
    } else {
        head.iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content_not_name() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(FileKind::Pdf));
        assert_eq!(sniff(b"\xef\xbb\xbf%PDF-1.4"), Some(FileKind::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(FileKind::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(FileKind::Jpeg));
        assert_eq!(sniff(b"II*\0...."), Some(FileKind::Tiff));
        assert_eq!(sniff(b"PK\x03\x04docx"), None);
    }

    #[test]
    fn rejects_empty_oversized_and_unknown_files_with_a_reason() {
        let limits = Limits {
            max_file_bytes: 16,
            max_pages: 10,
            ..Limits::default()
        };
        assert!(matches!(ingest("a", vec![], &limits), Err(IngestError::Empty)));
        assert!(matches!(
            ingest("a", vec![b'%'; 17], &limits),
            Err(IngestError::TooLarge { size: 17, .. })
        ));
        let err = ingest("a.pdf", b"hello world".to_vec(), &limits).unwrap_err();
        assert_eq!(
            err.to_string(),
            "not a PDF or a page image (JPEG, PNG, TIFF): the file starts with \"hello wo\""
        );
    }

    #[test]
    fn hashes_the_bytes() {
        let u = ingest("a.pdf", b"%PDF-1.4".to_vec(), &Limits::default()).unwrap();
        assert_eq!(u.sha256, hex::encode(Sha256::digest(b"%PDF-1.4")));
        assert_eq!(u.kind, FileKind::Pdf);
    }
}
