//! Structure: split pages into documents, read their header fields, locate signature slots.

use crate::dossier::Dossier;
use crate::page::Page;

pub fn structure(pages: Vec<Page>) -> Dossier {
    Dossier { pages, documents: Vec::new(), custody: None }
}
