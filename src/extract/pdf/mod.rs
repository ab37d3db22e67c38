//! Text-layer extraction from PDFs with lopdf.

use crate::extract::ExtractError;
use crate::ingest::Limits;
use crate::page::Page;

/// Reads every page of a PDF.
pub fn extract_pdf(_bytes: &[u8], _limits: &Limits) -> Result<Vec<Page>, ExtractError> {
    todo!("text-layer extraction")
}
